/* catalog.c - figures about the linked registers. */
#include "lw_catalog.h"

#include <string.h>

int lw_catalog_stats_get(lw_store *s, lw_catalog_stats *st, lw_err *err)
{
	memset(st, 0, sizeof *st);
	static const char *const sql[] = {
		"SELECT count(*) FROM mbo_domain",
		"SELECT count(*) FROM mbo_dossier",
		"SELECT count(*) FROM qualification",
		"SELECT count(*) FROM occupation",
		"SELECT count(*) FROM occupation_label",
		"SELECT count(*) FROM provider",
		"SELECT count(*) FROM offering",
		"SELECT count(*) FROM evc_procedure",
		"SELECT count(*) FROM training_company",
		"SELECT count(*) FROM vacancy",
		"SELECT count(*) FROM scheme",
		"SELECT (SELECT count(*) FROM provider WHERE is_example) + (SELECT count(*) FROM "
		"offering WHERE is_example) + (SELECT count(*) FROM evc_procedure WHERE is_example) "
		"+ (SELECT count(*) FROM training_company WHERE is_example) + (SELECT count(*) FROM "
		"vacancy WHERE is_example) + (SELECT count(*) FROM scheme WHERE is_example)",
	};
	long *const out[] = {&st->domains,	    &st->dossiers,	&st->qualifications,
			     &st->occupations,	    &st->occupation_labels, &st->providers,
			     &st->offerings,	    &st->evc,		&st->companies,
			     &st->vacancies,	    &st->schemes,	&st->examples};
	int rc = lw_store_counts(s, sql, out, sizeof sql / sizeof sql[0], err);
	if (rc != LW_OK)
		return rc;
	sqlite3_stmt *q;
	rc = lw_store_prepare(s, &q,
				  "SELECT level, count(*) FROM qualification GROUP BY level", err);
	if (rc != LW_OK)
		return rc;
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		int level = sqlite3_column_int(q, 0);
		if (level >= 1 && level <= 4)
			st->qualifications_by_level[level] = sqlite3_column_int(q, 1);
	}
	sqlite3_finalize(q);
	return step == SQLITE_DONE ? LW_OK : lw_store_fail(s, err, "opvragen mislukt");
}

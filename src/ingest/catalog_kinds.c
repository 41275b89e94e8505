/*
 * catalog_kinds.c - importers for the registers of qualifications (MBO
 * crebo structure) and occupations (ESCO).
 */
#include "ingest_int.h"

#include <string.h>

/* ---- qualifications: mbo/mbo_kwalificaties_2015.csv --------------------- */

enum {
	Q_DOMAIN_NR,
	Q_DOMAIN,
	Q_DOMAIN_CREBO,
	Q_DOSSIER_CREBO,
	Q_DOSSIER,
	Q_CREBO,
	Q_NAME,
	Q_LEVEL,
	Q_PRICE,
	Q_KIND,
	Q_REQUIREMENTS,
	Q_PATHWAY
};
static const lw_col qualification_cols[] = {
	{"opleidingsdomein_nr", COL_OPTIONAL},
	{"opleidingsdomein", COL_OPTIONAL},
	{"opleidingsdomein_crebo", 0},
	{"kwalificatiedossier_crebo", 0},
	{"kwalificatiedossier", 0},
	{"kwalificatie_crebo", 0},
	{"kwalificatie", 0},
	{"niveau", 0},
	{"prijsfactor", COL_OPTIONAL},
	{"soort_opleiding", 0},
	{"beroepsvereisten", COL_OPTIONAL},
	{"leerweg", 0},
};

typedef struct qualification_state {
	sqlite3_stmt *domain, *dossier, *qualification;
	lw_strmap *dossiers; /* crebo -> "line\x1fname\x1fdomain", first seen */
	lw_strmap *domains;  /* crebo -> "line\x1fname\x1fnr", first seen */
	lw_buf tmp;
} qualification_state;

static int qualification_begin(lw_importer *im, void *state, lw_err *err)
{
	qualification_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc;
	if (lw_strmap_new(&st->dossiers) != LW_OK || lw_strmap_new(&st->domains) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if ((rc = lw_store_prepare(s, &st->domain,
				   "INSERT INTO mbo_domain(crebo, nr, name) VALUES(?1, ?2, ?3) "
				   "ON CONFLICT(crebo) DO UPDATE SET nr = excluded.nr, name = "
				   "excluded.name WHERE (nr, name) IS NOT (excluded.nr, "
				   "excluded.name)",
				   err)) != LW_OK ||
	    (rc = lw_store_prepare(s, &st->dossier,
				   "INSERT INTO mbo_dossier(crebo, name, domain_crebo) VALUES(?1, ?2, "
				   "?3) ON CONFLICT(crebo) DO UPDATE SET name = excluded.name, "
				   "domain_crebo = excluded.domain_crebo WHERE (name, domain_crebo) "
				   "IS NOT (excluded.name, excluded.domain_crebo)",
				   err)) != LW_OK)
		return rc;
	return lw_store_prepare(
		s, &st->qualification,
		"INSERT INTO qualification(crebo, name, level, dossier_crebo, price_factor, kind, "
		"requirements, pathways) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		"ON CONFLICT(crebo) DO UPDATE SET name = excluded.name, level = excluded.level, "
		"dossier_crebo = excluded.dossier_crebo, price_factor = excluded.price_factor, "
		"kind = excluded.kind, requirements = excluded.requirements, pathways = "
		"excluded.pathways WHERE (name, level, dossier_crebo, price_factor, kind, "
		"requirements, pathways) IS NOT (excluded.name, excluded.level, "
		"excluded.dossier_crebo, excluded.price_factor, excluded.kind, "
		"excluded.requirements, excluded.pathways)",
		err);
}

static const char *const pathways[] = {"BOL", "BBL", "BOL/BBL", NULL};

/*
 * Checks that code reads as sig wherever the file names it, remembering the
 * first row that did. The map holds "LINE\x1fSIG" in the import's arena.
 */
static int same_as_before(lw_importer *im, lw_strmap *seen, const char *code, const char *sig,
			  size_t col, const char *what, lw_err *err)
{
	const char *before = NULL;
	if (lw_im_map_get(seen, code, &before)) {
		const char *sep = strchr(before, '\x1f');
		if (sep && strcmp(sep + 1, sig) != 0)
			return lw_im_reject(im, col,
					    "%s %s heet hier anders dan op regel %.*s van dit bestand",
					    what, code, (int)(sep - before), before);
		return LW_OK;
	}
	lw_buf v = LW_BUF_INIT;
	lw_buf_printf(&v, "%ld\x1f%s", lw_im_line(im), sig);
	char *copy = v.data ? lw_arena_strdup(lw_im_arena(im), v.data) : NULL;
	lw_buf_free(&v);
	if (!copy || lw_strmap_put(seen, code, (int64_t)(intptr_t)copy, NULL) < 0)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return LW_OK;
}

static int qualification_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	qualification_state *st = state;
	const char *domain_crebo = lw_im_get(im, Q_DOMAIN_CREBO);
	const char *domain_name = NULL, *dossier_crebo, *dossier_name, *crebo, *name, *kind,
		   *pathway, *requirements;
	long domain_nr = 0, level = 0;
	double price = 0;
	int has_nr = 0, has_price = 0;
	if (*domain_crebo) {
		if (lw_im_code(im, Q_DOMAIN_CREBO, "", 5, &domain_crebo) ||
		    lw_im_text(im, Q_DOMAIN, 1, &domain_name) ||
		    lw_im_long(im, Q_DOMAIN_NR, 1, 999, 0, &domain_nr, &has_nr))
			return LW_EINPUT;
	}
	if (lw_im_code(im, Q_DOSSIER_CREBO, "", 5, &dossier_crebo) ||
	    lw_im_text(im, Q_DOSSIER, 1, &dossier_name) ||
	    lw_im_code(im, Q_CREBO, "", 5, &crebo) || lw_im_text(im, Q_NAME, 1, &name) ||
	    lw_im_long(im, Q_LEVEL, 1, 4, 1, &level, NULL) ||
	    lw_im_double(im, Q_PRICE, 0.1, 10, 0, &price, &has_price) ||
	    lw_im_text(im, Q_KIND, 1, &kind) || lw_im_text(im, Q_PATHWAY, 1, &pathway) ||
	    lw_im_text(im, Q_REQUIREMENTS, 0, &requirements))
		return LW_EINPUT;
	size_t p;
	for (p = 0; pathways[p]; p++)
		if (strcmp(pathway, pathways[p]) == 0)
			break;
	if (!pathways[p])
		return lw_im_reject(im, Q_PATHWAY, "'%s' is geen leerweg (verwacht BOL, BBL of BOL/BBL)",
				    lw_im_show(im, pathway));

	int claimed = lw_im_claim_key(im, Q_CREBO, crebo);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	/* A dossier, and a domain, must read the same on every row naming it. */
	int rc;
	lw_buf_reset(&st->tmp);
	lw_buf_printf(&st->tmp, "%s\x1f%s", dossier_name, domain_crebo);
	if ((rc = same_as_before(im, st->dossiers, dossier_crebo, lw_buf_cstr(&st->tmp), Q_DOSSIER,
				 "kwalificatiedossier", err)) != LW_OK)
		return rc;
	if (*domain_crebo) {
		lw_buf_reset(&st->tmp);
		lw_buf_printf(&st->tmp, "%s\x1f%ld", domain_name, has_nr ? domain_nr : -1L);
		if ((rc = same_as_before(im, st->domains, domain_crebo, lw_buf_cstr(&st->tmp),
					 Q_DOMAIN, "opleidingsdomein", err)) != LW_OK)
			return rc;
	}
	if (!lw_im_writing(im))
		return LW_OK;

	if (*domain_crebo) {
		sqlite3_bind_text(st->domain, 1, domain_crebo, -1, SQLITE_STATIC);
		has_nr ? sqlite3_bind_int64(st->domain, 2, domain_nr)
		       : sqlite3_bind_null(st->domain, 2);
		sqlite3_bind_text(st->domain, 3, domain_name, -1, SQLITE_STATIC);
		if ((rc = lw_im_step(im, st->domain, changed, err)) != LW_OK)
			return rc;
	}
	sqlite3_bind_text(st->dossier, 1, dossier_crebo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->dossier, 2, dossier_name, -1, SQLITE_STATIC);
	lw_bind_text(st->dossier, 3, domain_crebo);
	if ((rc = lw_im_step(im, st->dossier, changed, err)) != LW_OK)
		return rc;
	sqlite3_stmt *q = st->qualification;
	sqlite3_bind_text(q, 1, crebo, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, level);
	sqlite3_bind_text(q, 4, dossier_crebo, -1, SQLITE_STATIC);
	has_price ? sqlite3_bind_double(q, 5, price) : sqlite3_bind_null(q, 5);
	sqlite3_bind_text(q, 6, kind, -1, SQLITE_STATIC);
	lw_bind_text(q, 7, requirements);
	sqlite3_bind_text(q, 8, pathway, -1, SQLITE_STATIC);
	return lw_im_step(im, q, changed, err);
}

/* Dossiers and domains that no qualification uses any more go too. */
static int qualification_finish(lw_importer *im, void *state, lw_err *err)
{
	(void)state;
	return lw_store_exec(lw_im_store(im),
			     "DELETE FROM mbo_dossier WHERE crebo NOT IN "
			     "(SELECT dossier_crebo FROM qualification);"
			     "DELETE FROM mbo_domain WHERE crebo NOT IN "
			     "(SELECT domain_crebo FROM mbo_dossier WHERE domain_crebo IS NOT NULL)",
			     err);
}

static void qualification_end(void *state)
{
	qualification_state *st = state;
	sqlite3_finalize(st->domain);
	sqlite3_finalize(st->dossier);
	sqlite3_finalize(st->qualification);
	lw_strmap_free(st->dossiers);
	lw_strmap_free(st->domains);
	lw_buf_free(&st->tmp);
}

const lw_ingest_kind lw_kind_qualifications = {
	.name = "qualifications",
	.help = "mbo-kwalificaties met dossiers en opleidingsdomeinen (crebo)",
	.file = "mbo/mbo_kwalificaties_2015.csv",
	.cols = qualification_cols,
	.ncols = sizeof qualification_cols / sizeof qualification_cols[0],
	.table = "qualification",
	.key = "crebo",
	.key_col = Q_CREBO,
	.state_size = sizeof(qualification_state),
	.begin = qualification_begin,
	.row = qualification_row,
	.finish = qualification_finish,
	.end = qualification_end,
};

/* ---- occupations: esco/occupations_nl.csv ------------------------------- */

enum {
	O_TYPE,
	O_URI,
	O_ISCO,
	O_LABEL,
	O_ALT,
	O_HIDDEN,
	O_STATUS,
	O_MODIFIED,
	O_REGULATED,
	O_SCOPE,
	O_DEFINITION,
	O_SCHEME,
	O_DESCRIPTION,
	O_CODE
};
static const lw_col occupation_cols[] = {
	{"conceptType", COL_OPTIONAL},
	{"conceptUri", 0},
	{"iscoGroup", 0},
	{"preferredLabel", 0},
	{"altLabels", 0},
	{"hiddenLabels", COL_OPTIONAL},
	{"status", COL_OPTIONAL},
	{"modifiedDate", COL_OPTIONAL},
	{"regulatedProfessionNote", COL_OPTIONAL},
	{"scopeNote", COL_OPTIONAL},
	{"definition", COL_OPTIONAL},
	{"inScheme", COL_OPTIONAL},
	{"description", COL_OPTIONAL},
	{"code", 0},
};

#define ESCO_OCCUPATION "http://data.europa.eu/esco/occupation/"

typedef struct occupation_state {
	sqlite3_stmt *upsert, *clear, *label;
	lw_buf alt, hidden;
} occupation_state;

static int occupation_begin(lw_importer *im, void *state, lw_err *err)
{
	occupation_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc;
	if ((rc = lw_store_prepare(
		     s, &st->upsert,
		     "INSERT INTO occupation(uri, code, isco_group, label, alt_labels, "
		     "hidden_labels, status, modified, regulated, scope_note, definition, "
		     "description) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
		     "ON CONFLICT(uri) DO UPDATE SET code = excluded.code, isco_group = "
		     "excluded.isco_group, label = excluded.label, alt_labels = excluded.alt_labels, "
		     "hidden_labels = excluded.hidden_labels, status = excluded.status, modified = "
		     "excluded.modified, regulated = excluded.regulated, scope_note = "
		     "excluded.scope_note, definition = excluded.definition, description = "
		     "excluded.description WHERE (code, isco_group, label, alt_labels, "
		     "hidden_labels, status, modified, regulated, scope_note, definition, "
		     "description) IS NOT (excluded.code, excluded.isco_group, excluded.label, "
		     "excluded.alt_labels, excluded.hidden_labels, excluded.status, "
		     "excluded.modified, excluded.regulated, excluded.scope_note, "
		     "excluded.definition, excluded.description)",
		     err)) != LW_OK ||
	    (rc = lw_store_prepare(s, &st->clear, "DELETE FROM occupation_label WHERE uri = ?1",
				   err)) != LW_OK)
		return rc;
	return lw_store_prepare(s, &st->label,
				"INSERT OR IGNORE INTO occupation_label(uri, label, kind) "
				"VALUES(?1, ?2, ?3)",
				err);
}

/* Normalises a newline-separated label list: trimmed, no empty lines. */
static int normalise_labels(const char *in, lw_buf *out)
{
	lw_buf_reset(out);
	while (*in) {
		const char *nl = strchr(in, '\n');
		size_t n = nl ? (size_t)(nl - in) : strlen(in);
		while (n && (in[0] == ' ' || in[0] == '\t' || in[0] == '\r')) {
			in++;
			n--;
		}
		while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r'))
			n--;
		if (n) {
			if (out->len && lw_buf_putc(out, '\n') != LW_OK)
				return LW_ENOMEM;
			if (lw_buf_append(out, in, n) != LW_OK)
				return LW_ENOMEM;
		}
		if (!nl)
			break;
		in = nl + 1;
	}
	return lw_buf_reserve(out, 0);
}

static int insert_labels(lw_importer *im, occupation_state *st, const char *uri,
			 const char *labels, const char *kind, lw_err *err)
{
	int changed = 0;
	while (*labels) {
		const char *nl = strchr(labels, '\n');
		size_t n = nl ? (size_t)(nl - labels) : strlen(labels);
		sqlite3_bind_text(st->label, 1, uri, -1, SQLITE_STATIC);
		sqlite3_bind_text(st->label, 2, labels, (int)n, SQLITE_STATIC);
		sqlite3_bind_text(st->label, 3, kind, -1, SQLITE_STATIC);
		int rc = lw_im_step(im, st->label, &changed, err);
		if (rc != LW_OK)
			return rc;
		if (!nl)
			break;
		labels = nl + 1;
	}
	return LW_OK;
}

static int occupation_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	occupation_state *st = state;
	const char *type = lw_im_get(im, O_TYPE);
	const char *uri, *isco, *label, *code, *status;
	if (*type && strcmp(type, "Occupation") != 0)
		return lw_im_reject(im, O_TYPE, "'%s' is geen beroep (verwacht 'Occupation')",
				    lw_im_show(im, type));
	if (lw_im_text(im, O_URI, 1, &uri))
		return LW_EINPUT;
	size_t pre = strlen(ESCO_OCCUPATION);
	if (strncmp(uri, ESCO_OCCUPATION, pre) != 0 || !uri[pre] || strpbrk(uri + pre, " /?#"))
		return lw_im_reject(im, O_URI,
				    "'%s' is geen ESCO-beroep-URI (verwacht " ESCO_OCCUPATION
				    "<id>)",
				    lw_im_show(im, uri));
	if (lw_im_code(im, O_ISCO, "", 4, &isco) || lw_im_text(im, O_LABEL, 1, &label) ||
	    lw_im_text(im, O_CODE, 1, &code))
		return LW_EINPUT;
	if (strncmp(code, isco, 4) != 0 || (code[4] != '\0' && code[4] != '.'))
		return lw_im_reject(im, O_CODE, "'%s' hoort niet bij ISCO-groep %s",
				    lw_im_show(im, code), isco);
	status = lw_im_get(im, O_STATUS);
	if (normalise_labels(lw_im_get(im, O_ALT), &st->alt) ||
	    normalise_labels(lw_im_get(im, O_HIDDEN), &st->hidden))
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	int claimed = lw_im_claim_key(im, O_URI, uri);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, uri, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, isco, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 4, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 5, lw_buf_cstr(&st->alt), -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 6, lw_buf_cstr(&st->hidden), -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 7, *status ? status : "released", -1, SQLITE_STATIC);
	lw_bind_text(u, 8, lw_im_get(im, O_MODIFIED));
	lw_bind_text(u, 9, lw_im_get(im, O_REGULATED));
	lw_bind_text(u, 10, lw_im_get(im, O_SCOPE));
	lw_bind_text(u, 11, lw_im_get(im, O_DEFINITION));
	lw_bind_text(u, 12, lw_im_get(im, O_DESCRIPTION));
	int row_changed = 0;
	int rc = lw_im_step(im, u, &row_changed, err);
	if (rc != LW_OK || !row_changed)
		return rc;
	*changed = 1;
	/* The labels follow the row: rebuild them only when it changed. */
	sqlite3_bind_text(st->clear, 1, uri, -1, SQLITE_STATIC);
	int ignored = 0;
	if ((rc = lw_im_step(im, st->clear, &ignored, err)) != LW_OK ||
	    (rc = insert_labels(im, st, uri, lw_buf_cstr(&st->alt), "alt", err)) != LW_OK)
		return rc;
	return insert_labels(im, st, uri, lw_buf_cstr(&st->hidden), "hidden", err);
}

static void occupation_end(void *state)
{
	occupation_state *st = state;
	sqlite3_finalize(st->upsert);
	sqlite3_finalize(st->clear);
	sqlite3_finalize(st->label);
	lw_buf_free(&st->alt);
	lw_buf_free(&st->hidden);
}

const lw_ingest_kind lw_kind_occupations = {
	.name = "occupations",
	.help = "beroepen met hun synoniemen (ESCO, European Commission)",
	.file = "esco/occupations_nl.csv",
	.cols = occupation_cols,
	.ncols = sizeof occupation_cols / sizeof occupation_cols[0],
	.table = "occupation",
	.key = "uri",
	.key_col = O_URI,
	.state_size = sizeof(occupation_state),
	.begin = occupation_begin,
	.row = occupation_row,
	.end = occupation_end,
};

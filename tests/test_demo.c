/* test_demo.c - example data: deterministic, valid, marked, replaceable. */
#include "testutil.h"

#include "lw_demo_monitor.h"
#include "lw_ingest.h"
#include "lw_monitor.h"
#include "lw_programme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const registers[] = {"provider",	 "provider_location",
					"offering",	 "evc_procedure",
					"evc_region",	 "training_company",
					"training_company_recognition", "vacancy",
					"scheme",	 NULL};

static void test_needs_reference_data(void **unused)
{
	(void)unused;
	char *dir = tu_tmpdir("demo-empty");
	char *db = tu_path(dir, "leerwerk.db");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	lw_demo_result r;
	assert_int_equal(lw_demo_generate(s, 1, 1, &r, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "leerwerk import reference"));
	assert_int_equal(lw_demo_generate(s, 0, 1, &r, &err), LW_EUSAGE);
	assert_int_equal(lw_demo_generate(s, 101, 1, &r, &err), LW_EUSAGE);
	lw_demo_monitor_result m;
	assert_int_equal(lw_demo_monitor_generate(s, 1, 1, &m, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "leerwerk import reference"));
	assert_int_equal(lw_demo_monitor_generate(s, 101, 1, &m, &err), LW_EUSAGE);
	lw_store_close(s);
	free(db);
	free(dir);
}

static int64_t count(lw_store *s, const char *sql)
{
	int64_t n = -1;
	lw_err err;
	assert_int_equal(lw_store_int(s, sql, &n, &err), LW_OK);
	return n;
}

/* The smallest scale still has a provider of every kind to refer to. */
static void test_tiny_scale(void **unused)
{
	(void)unused;
	lw_store *s = tu_reference_store("demo-tiny", NULL);
	lw_err err;
	lw_demo_result r;
	assert_int_equal(lw_demo_generate(s, 0.001, 1, &r, &err), LW_OK);
	assert_int_equal(r.providers, 7);
	assert_int_equal(r.vacancies, 20);
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "PRAGMA foreign_key_check", &err), LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	lw_store_close(s);
}

static void test_generate(void **unused)
{
	(void)unused;
	lw_store *s = tu_reference_store("demo", NULL);
	lw_err err;
	/* A real provider and offering, to prove they stay. */
	assert_int_equal(lw_store_exec(s,
				       "INSERT INTO provider VALUES('99ZZ', 'Echte school', 'ROC', "
				       "NULL, 0);"
				       "INSERT INTO offering VALUES('echt-1', '99ZZ', NULL, 'Echte "
				       "cursus', '3511AB', 'cursus', NULL, NULL, NULL, 'nl', 0)",
				       &err),
			 LW_OK);
	lw_demo_result r;
	assert_int_equal(lw_demo_generate(s, 0.05, 42, &r, &err), LW_OK);
	/* Scale 0.05 of 300 / 6,000 / 1,200 / 22,000 / 20,000, and the 4 schemes. */
	assert_int_equal(r.providers, 15);
	assert_int_equal(r.offerings, 300);
	assert_int_equal(r.evc, 60);
	assert_int_equal(r.companies, 1100);
	assert_int_equal(r.vacancies, 1000);
	assert_int_equal(r.schemes, 4);
	char *first = tu_snapshot(s, registers);

	/* Valid by every rule of the store, and every generated row marked. */
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "PRAGMA foreign_key_check", &err), LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM provider WHERE is_example = 0"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM vacancy WHERE is_example = 0"), 0);
	/* Every kind of provider occurs; some accreditations have expired. */
	assert_int_equal(count(s, "SELECT count(DISTINCT kind) FROM provider"), 7);
	assert_true(count(s, "SELECT count(*) FROM evc_procedure WHERE accredited_until < "
			     "'2026-11-27'") > 0);
	assert_true(count(s, "SELECT count(*) FROM evc_procedure WHERE accredited_until >= "
			     "'2026-11-27'") > 0);
	/* Every postcode lies in a real PC4 area. */
	assert_int_equal(count(s, "SELECT count(*) FROM vacancy WHERE substr(postcode, 1, 4) NOT "
				  "IN (SELECT code FROM postcode)"),
			 0);

	/* Again: the same seed gives the same rows, and nothing doubles. */
	assert_int_equal(lw_demo_generate(s, 0.05, 42, &r, &err), LW_OK);
	char *again = tu_snapshot(s, registers);
	assert_string_equal(first, again);
	/* Another seed: other rows, the same counts; the real rows stay. */
	assert_int_equal(lw_demo_generate(s, 0.05, 43, &r, &err), LW_OK);
	char *other = tu_snapshot(s, registers);
	assert_string_not_equal(first, other);
	assert_int_equal(count(s, "SELECT count(*) FROM vacancy"), 1000);
	assert_int_equal(count(s, "SELECT count(*) FROM offering WHERE code = 'echt-1'"), 1);
	free(first);
	free(again);
	free(other);
	lw_store_close(s);
}

/* ---- the monitor's example data ------------------------------------------------- */

static const char *const monitor_tables[] = {"covenant",   "covenant_area", "covenant_share",
					     "trajectory", "monitor_series", "expenditure",
					     NULL};

/* Started, completed and stopped nationally in [from, to] of the kinds (bits; 0: both). */
static lw_counts national(lw_store *s, unsigned kinds, const char *from, const char *to)
{
	lw_selection sel;
	memset(&sel, 0, sizeof sel);
	sel.kinds = kinds;
	lw_counts n;
	lw_err err;
	assert_int_equal(lw_monitor_count(s, &sel, from, to, &n, &err), LW_OK);
	return n;
}

/* A real covenant with one real registration, to prove that they stay. */
static void add_real(lw_store *s)
{
	lw_err err;
	tu_exec(s, "INSERT INTO covenant(code, name, kind, sector) VALUES('echt', 'Echt "
		   "convenant', 'sectoraal', 'zorg')");
	lw_monitor_key key;
	assert_int_equal(lw_monitor_key_parse("00112233445566778899aabbccddeeff00112233445566778899"
					      "aabbccddeeff",
					      &key, &err),
			 LW_OK);
	lw_trajectory_in in;
	memset(&in, 0, sizeof in);
	in.f[LW_TF_COVENANT] = "echt";
	in.f[LW_TF_BSN] = "123456782";
	in.f[LW_TF_KIND] = "evc";
	in.f[LW_TF_LEVEL] = "mbo-2";
	in.f[LW_TF_SECTOR] = "zorg";
	in.f[LW_TF_MUNICIPALITY] = "GM0344";
	in.f[LW_TF_START] = "2009-03-02";
	in.f[LW_TF_AGE] = "30";
	lw_registration reg;
	lw_monitor_problems p;
	assert_int_equal(lw_monitor_register(s, &key, &in, &reg, &p, &err), LW_OK);
}

/*
 * One store at scale 0.05: the starting position per kind and year, the
 * programme's years behind but near the target, 44 covenants with shares
 * that leave some of the target unadopted, seasons, completions and
 * drop-out, doubles, updates, workplaces in the covenant's area, ages that
 * fit the sub-targets, spending near the budget; then the same again.
 */
static void test_monitor(void **unused)
{
	(void)unused;
	const double scale = 0.05;
	lw_store *s = tu_reference_store("demo-monitor", NULL);
	lw_err err;
	lw_demo_monitor_result m;
	assert_int_equal(lw_demo_monitor_generate(s, 0, 1, &m, &err), LW_EUSAGE);
	assert_int_equal(lw_demo_monitor_generate(s, scale, 7, &m, &err), LW_OK);
	assert_int_equal(m.covenants, 44);
	assert_true(m.doubles > 0 && m.updates > 0 && m.expenditures > 0 && m.shares > 0);
	assert_int_equal(count(s, "SELECT count(*) FROM covenant WHERE code GLOB 'vb-*'"), 44);
	assert_true(count(s, "SELECT count(*) FROM covenant WHERE code GLOB 'vb-*' AND kind = "
			     "'sectoraal'") >= 8);
	assert_int_equal(count(s, "SELECT count(*) FROM trajectory"), m.trajectories);

	/* The starting position: 26,000 duaal and ruim 13,000 EVC in 2005-2007, growing. */
	lw_counts duaal = national(s, 1u << LW_MON_KIND_DUAAL, "2005-01-01", "2007-12-31");
	lw_counts evc = national(s, 1u << LW_MON_KIND_EVC, "2005-01-01", "2007-12-31");
	assert_in_range(duaal.started, (long)(26000 * scale * 0.99), (long)(26000 * scale * 1.01));
	assert_in_range(evc.started, (long)(13000 * scale), (long)(13000 * scale * 1.05));
	assert_true(national(s, 0, "2005-01-01", "2005-12-31").started <
		    national(s, 0, "2007-01-01", "2007-12-31").started);
	/* 2008-2010: near the 90,000, behind rather than ahead. */
	long programme = national(s, 0, "2008-01-01", "2010-12-31").started;
	assert_in_range(programme, (long)(90000 * scale * 0.75), (long)(90000 * scale * 1.0));
	/* Adopted: most of each year's 30,000, not all. */
	assert_in_range(count(s, "SELECT min(v) FROM (SELECT sum(value) v FROM covenant_share "
				 "WHERE target = 'landelijk' GROUP BY year)"),
			27000, 29999);
	assert_int_equal(count(s, "SELECT count(DISTINCT year) FROM covenant_share WHERE target = "
				  "'landelijk'"),
			 3);

	/* Seasons: September the most, February next to it; July, August and December low. */
	lw_count_table t;
	assert_int_equal(lw_monitor_breakdown(s, NULL, LW_MON_BY_MONTH, NULL, NULL, &t, &err), LW_OK);
	long month[13] = {0};
	for (size_t i = 0; i < t.n; i++)
		month[atoi(t.rows[i].key + 5)] += t.rows[i].n.started;
	lw_count_table_free(&t);
	for (int k = 1; k <= 12; k++)
		if (k != 9)
			assert_true(month[9] > month[k]);
	assert_true(month[2] > month[1] && month[2] > month[3]);
	assert_true(month[7] < month[6] / 2 && month[8] < month[6] && month[12] < month[11]);

	/* Completions and drop-out by kind: dual learning loses more. */
	assert_int_equal(lw_monitor_breakdown(s, NULL, LW_MON_BY_KIND, NULL, NULL, &t, &err), LW_OK);
	assert_int_equal(t.n, 2);
	for (size_t i = 0; i < t.n; i++) {
		const lw_counts *n = &t.rows[i].n;
		double stop = (double)n->stopped / (double)(n->completed + n->stopped);
		if (!strcmp(t.rows[i].key, "duaal"))
			assert_true(stop > 0.2 && stop < 0.4);
		else
			assert_true(stop > 0.03 && stop < 0.15);
	}
	lw_count_table_free(&t);
	/* The data stop at the end of 2011: later ends are still running. */
	assert_int_equal(count(s, "SELECT count(*) FROM trajectory WHERE status_date > '2011-12-31' "
				  "OR start_date > '2011-12-31'"),
			 0);
	assert_true(count(s, "SELECT count(*) FROM trajectory WHERE status = 'gestart'") > 0);

	/* Double registrations: another covenant's, counted once nationally. */
	lw_double_list d;
	assert_int_equal(lw_monitor_doubles(s, NULL, &d, &err), LW_OK);
	size_t other = 0;
	for (size_t i = 0; i < d.n; i++)
		other += d.rows[i].duplicate == 1 && strcmp(d.rows[i].covenant,
							     d.rows[i].counted_covenant) != 0;
	assert_true(other > 0);
	lw_double_list_free(&d);

	/* A regional covenant's workplaces lie in its area; youths' EVC is at 18-23. */
	assert_int_equal(count(s, "SELECT count(*) FROM trajectory t JOIN covenant c ON c.code = "
				  "t.covenant_code WHERE c.kind = 'regionaal' AND c.code GLOB 'vb-*' "
				  "AND t.region_code NOT IN (SELECT area_code FROM covenant_area a "
				  "WHERE a.covenant_code = c.code) AND coalesce(t.municipality_code, "
				  "'') NOT IN (SELECT area_code FROM covenant_area a WHERE "
				  "a.covenant_code = c.code)"),
			 0);
	assert_int_equal(count(s, "SELECT count(*) FROM trajectory WHERE kind = 'evc' AND "
				  "target_groups & 16 AND age NOT BETWEEN 18 AND 23"),
			 0);
	assert_true(count(s, "SELECT count(*) FROM trajectory WHERE region_code = 'ANT'") > 0);

	/* Spending per year: most of the budget, never more. */
	lw_programme *p;
	assert_int_equal(lw_programme_default(&p, &err), LW_OK);
	for (int y = 2008; y <= 2011; y++) {
		char sql[160];
		snprintf(sql, sizeof sql,
			 "SELECT sum(amount_cents) FROM expenditure WHERE code GLOB 'vb-*' AND day "
			 "LIKE '%d-%%'",
			 y);
		int64_t cents = count(s, sql), budget = lw_programme_budget_sum(p, y) * 100000L;
		assert_in_range(cents, budget * 7 / 10, budget);
	}
	lw_programme_free(p);

	/* Valid by every rule of the store; the kept counts are the recounted ones. */
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "PRAGMA foreign_key_check", &err), LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	char *first = tu_snapshot(s, monitor_tables);
	assert_int_equal(lw_monitor_rebuild(s, &err), LW_OK);
	char *rebuilt = tu_snapshot(s, monitor_tables);
	assert_string_equal(first, rebuilt);

	/* Again: the same rows. */
	assert_int_equal(lw_demo_monitor_generate(s, scale, 7, &m, &err), LW_OK);
	char *again = tu_snapshot(s, monitor_tables);
	assert_string_equal(first, again);
	free(first);
	free(rebuilt);
	free(again);
	lw_store_close(s);
}

/*
 * Real covenants and trajectories stay, and the counts follow; the
 * benchmark's CSV is deterministic per seed, and every row imports.
 */
static void test_monitor_csv(void **unused)
{
	(void)unused;
	char *dir;
	lw_store *s = tu_reference_store("demo-monitor-csv", &dir);
	lw_err err;
	long rows;
	add_real(s);
	char *path[3];
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof name, "t%d.csv", i);
		path[i] = tu_path(dir, name);
	}
	/* Without the covenants there is nothing to refer to. */
	FILE *f = fopen(path[0], "w");
	assert_non_null(f);
	assert_int_equal(lw_demo_monitor_csv(s, 0.01, 7, 20000000, 300, f, &rows, &err),
			 LW_ENOTFOUND);
	fclose(f);
	lw_demo_monitor_result m;
	assert_int_equal(lw_demo_monitor_generate(s, 0.001, 7, &m, &err), LW_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM trajectory WHERE covenant_code = 'echt'"),
			 1);
	assert_int_equal(national(s, 0, NULL, NULL).started,
			 count(s, "SELECT count(*) FROM trajectory WHERE duplicate = 0"));
	for (int i = 0; i < 3; i++) {
		assert_non_null(f = fopen(path[i], "w"));
		assert_int_equal(lw_demo_monitor_csv(s, 0.01, i < 2 ? 7 : 8, 20000000, 300, f,
						     &rows, &err),
				 LW_OK);
		fclose(f);
		assert_int_equal(rows, 300);
	}
	size_t n[3];
	char *text[3];
	for (int i = 0; i < 3; i++)
		assert_non_null(text[i] = tu_read(path[i], &n[i]));
	assert_true(n[0] == n[1] && !memcmp(text[0], text[1], n[0]));
	assert_true(n[0] != n[2] || memcmp(text[0], text[2], n[0]));
	assert_non_null(strstr(text[0], "convenant,bsn,soort,"));

	char *key = tu_path(dir, "sleutel");
	tu_writes(key, "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
	lw_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.key_file = key;
	lw_ingest_result r;
	int rc = lw_ingest_file(s, lw_ingest_find("trajecten"), path[0], &o, &r, &err);
	if (rc != LW_OK)
		fail_msg("%s %s", err.msg, r.nproblems ? r.problems[0] : "");
	assert_int_equal(r.added, 300);
	assert_int_equal(r.rejected, 0);
	lw_ingest_result_free(&r);
	for (int i = 0; i < 3; i++) {
		free(text[i]);
		free(path[i]);
	}
	free(key);
	free(dir);
	lw_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_needs_reference_data),
		cmocka_unit_test(test_tiny_scale),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_monitor),
		cmocka_unit_test(test_monitor_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

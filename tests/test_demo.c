/* test_demo.c - example data: deterministic, valid, marked, replaceable. */
#include "testutil.h"

#include "lw_ingest.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_needs_reference_data),
		cmocka_unit_test(test_tiny_scale),
		cmocka_unit_test(test_generate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

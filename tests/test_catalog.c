/* test_catalog.c - the figures of the linked registers over the real data. */
#include "testutil.h"

#include "lw_catalog.h"
#include "lw_ingest.h"

#include <stdlib.h>

static void test_stats(void **unused)
{
	(void)unused;
	char *dir = tu_tmpdir("catalog");
	char *db = tu_path(dir, "leerwerk.db");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);

	/* An empty store has nothing, and says so without error. */
	lw_catalog_stats st;
	assert_int_equal(lw_catalog_stats_get(s, &st, &err), LW_OK);
	assert_int_equal(st.qualifications, 0);
	assert_int_equal(st.occupations, 0);

	lw_ingest_result r[8];
	size_t n;
	if (lw_ingest_reference(s, tu_data(), NULL, r, &n, &err) != LW_OK)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < n; i++)
		lw_ingest_result_free(&r[i]);
	assert_int_equal(lw_catalog_stats_get(s, &st, &err), LW_OK);
	/* The 2015 qualification structure: its own counts (shared/data/mbo/SOURCE.txt). */
	assert_int_equal(st.qualifications, 470);
	assert_int_equal(st.qualifications_by_level[1], 12);
	assert_int_equal(st.qualifications_by_level[2], 126);
	assert_int_equal(st.qualifications_by_level[3], 154);
	assert_int_equal(st.qualifications_by_level[4], 178);
	assert_int_equal(st.dossiers, 172);
	assert_int_equal(st.domains, 17); /* 79000-79160; the Entree dossier has none */
	assert_int_equal(st.occupations, 3007);
	assert_true(st.occupation_labels > 20000);
	lw_store_close(s);
	free(db);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

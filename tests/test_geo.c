/* test_geo.c - postcodes, name keys, where, the default desk network. */
#include "testutil.h"

#include "lw_geo.h"
#include "lw_ingest.h"

#include <stdlib.h>
#include <string.h>

static lw_store *S;

static int setup(void **unused)
{
	(void)unused;
	S = tu_reference_store("geo", NULL);
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	lw_store_close(S);
	return 0;
}

static void test_postcode_parse(void **unused)
{
	(void)unused;
	char pc[8];
	assert_int_equal(lw_geo_postcode_parse("3511", pc), 4);
	assert_string_equal(pc, "3511");
	assert_int_equal(lw_geo_postcode_parse(" 3511 ab ", pc), 6);
	assert_string_equal(pc, "3511AB");
	assert_int_equal(lw_geo_postcode_parse("1000", pc), 4);
	assert_int_equal(lw_geo_postcode_parse("9999ZZ", pc), 6);
	assert_int_equal(lw_geo_postcode_parse("0999", pc), 0);
	assert_int_equal(lw_geo_postcode_parse("351", pc), 0);
	assert_int_equal(lw_geo_postcode_parse("35111", pc), 0);
	assert_int_equal(lw_geo_postcode_parse("3511SS", pc), 0);
	assert_int_equal(lw_geo_postcode_parse("3511A", pc), 0);
	assert_int_equal(lw_geo_postcode_parse("3511ABC", pc), 0);
}

static void test_keys_and_codes(void **unused)
{
	(void)unused;
	lw_buf a = LW_BUF_INIT, b = LW_BUF_INIT;
	lw_geo_plain_key("Bergen (NH.)", &a);
	lw_geo_plain_key("Bergen (L.)", &b);
	assert_string_equal(a.data, "bergen");
	assert_string_equal(b.data, "bergen");
	lw_buf_reset(&a);
	lw_geo_name_key("Bergen (NH.)", &a);
	assert_string_equal(a.data, "bergen nh");
	lw_buf_free(&a);
	lw_buf_free(&b);
	assert_true(lw_geo_is_municipality_code("GM0344"));
	assert_false(lw_geo_is_municipality_code("GM344"));
	assert_true(lw_geo_is_region_code("AM13"));
	assert_false(lw_geo_is_region_code("AM1"));
	assert_true(lw_geo_in_netherlands(52.09, 5.12));
	assert_true(lw_geo_in_netherlands(53.45, 6.20)); /* Schiermonnikoog */
	assert_false(lw_geo_in_netherlands(48.85, 2.35)); /* Paris */
	assert_false(lw_geo_in_netherlands(0, 0));
}

static void where_is(const char *q, int want_rc, const char *code)
{
	lw_where w;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_geo_where(S, q, &w, &err);
	if (rc != want_rc)
		fail_msg("where '%s': rc %d (%s), want %d", q, rc, err.msg, want_rc);
	if (code) {
		assert_true(w.nmatches >= 1);
		assert_string_equal(w.matches[0].code, code);
		assert_true(w.matches[0].ndesks == 1);
	}
	lw_where_free(&w);
}

static void test_where(void **unused)
{
	(void)unused;
	where_is("3511", LW_OK, "GM0344");
	where_is("3511 AB", LW_OK, "GM0344"); /* PC6 falls back to its PC4 area */
	where_is("GM0344", LW_OK, "GM0344");
	where_is("gm0344", LW_OK, "GM0344");
	where_is("Utrecht", LW_OK, "GM0344");
	where_is("UTRECHT", LW_OK, "GM0344");
	where_is("sudwest fryslan", LW_OK, "GM1900"); /* Súdwest-Fryslân */
	where_is("'s-Hertogenbosch", LW_OK, "GM0796");
	where_is("Den Haag", LW_OK, "GM0518");        /* a place name */
	where_is("Bergen (L.)", LW_OK, "GM0893");
	where_is("Den Bosch", LW_OK, "GM0796");        /* a colloquial name */
	where_is("5111", LW_OK, "GM0744");            /* no code in the file: by CBS name */
	where_is("1000", LW_ENOTFOUND, NULL);         /* valid but unknown */
	where_is("GM9999", LW_ENOTFOUND, NULL);
	where_is("Atlantis", LW_ENOTFOUND, NULL);
	where_is("123", LW_EINPUT, NULL);
	where_is("", LW_EINPUT, NULL);
	where_is("ab\xFF", LW_EINPUT, NULL);

	lw_where w;
	lw_err err;
	assert_int_equal(lw_geo_where(S, "1000", &w, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "onbekend"));
	assert_null(strstr(err.msg, "ongeldig"));
	lw_where_free(&w);

	assert_int_equal(lw_geo_where(S, "Bergen", &w, &err), LW_EAMBIGUOUS);
	assert_int_equal(w.nmatches, 2);
	assert_string_equal(w.matches[0].name, "Bergen (L.)");
	assert_string_equal(w.matches[1].name, "Bergen (NH.)");
	lw_where_free(&w);

	assert_int_equal(lw_geo_where(S, "3511", &w, &err), LW_OK);
	assert_int_equal(w.kind, LW_WHERE_POSTCODE);
	assert_string_equal(w.place, "Utrecht");
	assert_string_equal(w.matches[0].province, "Utrecht");
	assert_string_equal(w.matches[0].region_code, "AM13");
	assert_string_equal(w.matches[0].desks[0].name, "Leerwerkloket Midden-Utrecht");
	assert_true(w.matches[0].desks[0].is_default);
	lw_where_free(&w);
}

static void test_default_network_covers_country(void **unused)
{
	(void)unused;
	lw_coverage c;
	lw_err err;
	assert_int_equal(lw_geo_coverage(S, &c, &err), LW_OK);
	assert_int_equal(c.municipalities, 342);
	assert_int_equal(c.desks, 35);
	assert_int_equal(c.default_desks, 35);
	assert_int_equal(c.nuncovered, 0);
	assert_int_equal(c.nmultiple, 0);
	lw_coverage_free(&c);

	/* Every municipality: exactly one serving desk. */
	int64_t n;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM (SELECT municipality_code FROM "
					 "desk_service GROUP BY 1 HAVING count(*) = 1)", &n, &err),
			 LW_OK);
	assert_int_equal(n, 342);

	/* Syncing again changes nothing. */
	int changed = 1;
	assert_int_equal(lw_geo_sync_default_desks(S, &changed, &err), LW_OK);
	assert_int_equal(changed, 0);

	lw_desk_list l;
	assert_int_equal(lw_geo_desks(S, &l, &err), LW_OK);
	assert_int_equal(l.n, 35);
	long total = 0;
	for (size_t i = 0; i < l.n; i++)
		total += l.municipalities[i];
	assert_int_equal(total, 342);
	lw_desk_list_free(&l);

	lw_geo_stats st;
	assert_int_equal(lw_geo_stats_get(S, &st, &err), LW_OK);
	assert_int_equal(st.postcodes, 4067);
	assert_int_equal(st.postcodes_without_municipality, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postcode_parse),
		cmocka_unit_test(test_keys_and_codes),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_default_network_covers_country),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

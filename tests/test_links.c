/*
 * test_links.c - the links between the registers: qualification <->
 * occupation links derived from the names and curated by import, and the
 * routes to a qualification near a place.
 */
#include "testutil.h"

#include "lw_ingest.h"
#include "lw_links.h"
#include "lw_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/* The day the tests look from: fixed, so open and expired stay put. */
#define TODAY "2026-06-01"
#define KOK "25180"

TU_REFERENCE_GROUP("links")

static void exec(const char *sql)
{
	tu_exec(S, sql);
}

static long count(const char *sql)
{
	int64_t n = -1;
	lw_err err;
	if (lw_store_int(S, sql, &n, &err) != LW_OK)
		fail_msg("%s: %s", sql, err.msg);
	return (long)n;
}

/* The first column of the first row of sql with ?1 = a, copied; NULL if none. */
static char *text(const char *sql, const char *a)
{
	sqlite3_stmt *st;
	lw_err err;
	assert_int_equal(lw_store_prepare(S, &st, sql, &err), LW_OK);
	if (a)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* The occupation labels linked to crebo, best first, '|'-joined. */
static char *links_of(const char *crebo)
{
	return text("SELECT group_concat(label, '|') FROM (SELECT o.label FROM "
		    "qualification_occupation l JOIN occupation o ON o.uri = l.occupation_uri "
		    "WHERE l.crebo = ?1 ORDER BY l.source = 'import' DESC, l.score DESC, o.label)",
		    crebo);
}

static char *crebo_named(const char *name)
{
	char *c = text("SELECT crebo FROM qualification WHERE name = ?1", name);
	if (!c)
		fail_msg("no qualification '%s'", name);
	return c;
}

static char *uri_labelled(const char *label)
{
	char *u = text("SELECT uri FROM occupation WHERE label = ?1", label);
	if (!u)
		fail_msg("no occupation '%s'", label);
	return u;
}

/* ---- derived links ---------------------------------------------------------- */

static void expect_first(const char *qualification, const char *first)
{
	char *c = crebo_named(qualification), *l = links_of(c);
	if (!l || strncmp(l, first, strlen(first)) != 0 ||
	    (l[strlen(first)] != '|' && l[strlen(first)] != '\0'))
		fail_msg("%s (%s): expected '%s' first, got '%s'", qualification, c, first,
			 l ? l : "(none)");
	free(c);
	free(l);
}

static void test_derived_links(void **unused)
{
	(void)unused;
	/* import reference derived them: examples of the rule. */
	expect_first("Kok", "kok");                              /* exact, preferred */
	expect_first("Gespecialiseerd kok", "kok");              /* modifier dropped */
	expect_first("Allround lasser", "lasser");
	expect_first("Metselaar", "metselaar");
	expect_first("Mbo-Verpleegkundige", "algemeen verpleegkundige"); /* hidden label */
	expect_first("Logistiek medewerker", "logistiek medewerker");
	expect_first("Gezel stukadoor", "stukadoor"); /* the label is in the name */
	expect_first("Autotechnicus", "automonteur");  /* alternative label */
	char *c = crebo_named("Mbo-Verpleegkundige"), *l = links_of(c);
	/* Every link of the nurse is a kind of nurse. */
	for (char *p = strtok(l, "|"); p; p = strtok(NULL, "|"))
		assert_non_null(strstr(p, "verpleegkundige"));
	free(c);
	free(l);
	/* A generic word alone makes no link: 'monteur' is a film editor too. */
	c = crebo_named("Monteur mechatronica");
	l = links_of(c);
	assert_null(strstr(l ? l : "", "editor"));
	free(c);
	free(l);

	/* Coverage of the 2015 structure, and the limits of the rule. */
	assert_int_equal(count("SELECT count(DISTINCT crebo) FROM qualification_occupation"), 217);
	assert_int_equal(count("SELECT count(*) FROM qualification_occupation"), 379);
	assert_int_equal(count("SELECT max(n) FROM (SELECT count(*) AS n FROM "
			       "qualification_occupation GROUP BY crebo)"),
			 LW_LINKS_PER_QUALIFICATION);
	assert_int_equal(count("SELECT count(*) FROM qualification_occupation WHERE source <> "
			       "'afgeleid' OR score <= 0 OR score > 1"),
			 0);

	/* Deriving again writes nothing; from scratch gives the same rows. */
	static const char *const tables[] = {"qualification_occupation", NULL};
	char *before = tu_snapshot(S, tables);
	lw_links_stats st;
	lw_err err;
	assert_int_equal(lw_links_derive(S, &st, &err), LW_OK);
	assert_int_equal(st.qualifications, 470);
	assert_int_equal(st.linked, 217);
	assert_int_equal(st.derived, 217);
	assert_int_equal(st.curated, 0);
	assert_int_equal(st.links, 379);
	assert_int_equal(st.exact, 90); /* best link is the whole name */
	assert_int_equal(st.added + st.changed + st.removed, 0);
	exec("DELETE FROM qualification_occupation");
	assert_int_equal(lw_links_derive(S, &st, &err), LW_OK);
	assert_int_equal(st.added, 379);
	char *after = tu_snapshot(S, tables);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* A stale derived row goes. */
	char *uri = uri_labelled("acteur/actrice");
	lw_buf sql = LW_BUF_INIT;
	lw_buf_printf(&sql,
		      "INSERT INTO qualification_occupation VALUES('" KOK "', '%s', 'afgeleid', "
		      "0.5)",
		      uri);
	exec(lw_buf_cstr(&sql));
	assert_int_equal(lw_links_derive(S, &st, &err), LW_OK);
	assert_int_equal(st.removed, 1);
	lw_buf_free(&sql);
	free(uri);
}

/* Migration 3: the link table's checks, and links go with their occupation. */
static void test_link_table(void **unused)
{
	(void)unused;
	lw_err err;
	char *uri = uri_labelled("lasser"), *c = crebo_named("Allround lasser");
	lw_buf sql = LW_BUF_INIT;
	lw_buf_printf(&sql, "INSERT INTO qualification_occupation VALUES('%s', '%s', 'x', 1)", KOK,
		      uri);
	assert_int_equal(lw_store_exec(S, lw_buf_cstr(&sql), &err), LW_EDB);
	lw_buf_reset(&sql);
	lw_buf_printf(&sql, "INSERT INTO qualification_occupation VALUES('%s', '%s', 'import', 0)",
		      KOK, uri);
	assert_int_equal(lw_store_exec(S, lw_buf_cstr(&sql), &err), LW_EDB);
	lw_buf_reset(&sql);
	lw_buf_printf(&sql, "SELECT count(*) FROM qualification_occupation WHERE crebo = '%s'", c);
	long before = count(lw_buf_cstr(&sql));
	assert_true(before >= 1);
	assert_int_equal(lw_store_begin(S, &err), LW_OK);
	lw_buf del = LW_BUF_INIT;
	lw_buf_printf(&del, "DELETE FROM occupation WHERE uri = '%s'", uri);
	exec(lw_buf_cstr(&del));
	assert_int_equal(count(lw_buf_cstr(&sql)), before - 1);
	lw_store_rollback(S);
	assert_int_equal(count(lw_buf_cstr(&sql)), before);
	lw_buf_free(&del);
	lw_buf_free(&sql);
	free(uri);
	free(c);
}

/* ---- curated links (import kwalificatie-beroep) ---------------------------------- */

typedef struct outcome {
	int rc;
	lw_ingest_result r;
	lw_err err;
} outcome;

static void import_links(outcome *o, const char *csv, int prune)
{
	char *p = tu_path(DIR, "links.csv");
	tu_writes(p, csv);
	lw_ingest_opts opts = {0};
	opts.prune = prune;
	memset(o, 0, sizeof *o);
	const lw_ingest_kind *k = lw_ingest_find("kwalificatie-beroep");
	assert_non_null(k);
	o->rc = lw_ingest_file(S, k, p, &opts, &o->r, &o->err);
	free(p);
}

static int has_problem(const outcome *o, const char *s)
{
	for (size_t i = 0; i < o->r.nproblems; i++)
		if (strstr(o->r.problems[i], s))
			return 1;
	return 0;
}

static void test_curated_links(void **unused)
{
	(void)unused;
	char *chef = uri_labelled("chefkok"), *bakker = uri_labelled("bakker");
	char *mbo_nurse = crebo_named("Mbo-Verpleegkundige");
	lw_buf csv = LW_BUF_INIT;
	lw_buf_printf(&csv, "crebo,beroep\n" KOK ",%s\n" KOK ",%s\n", chef, bakker);
	outcome o;
	import_links(&o, lw_buf_cstr(&csv), 0);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 2); /* chefkok was derived: now curated */
	assert_non_null(o.r.note);
	assert_non_null(strstr(o.r.note, "1 met eigen koppelingen"));
	lw_ingest_result_free(&o.r);
	/* Curated rows replace the derived ones of that qualification only. */
	char *l = links_of(KOK);
	assert_string_equal(l, "bakker|chefkok");
	free(l);
	assert_int_equal(count("SELECT count(*) FROM qualification_occupation WHERE crebo = '" KOK
			       "' AND (source <> 'import' OR score <> 1)"),
			 0);
	l = links_of(mbo_nurse);
	assert_non_null(strstr(l, "algemeen verpleegkundige"));
	free(l);

	/* The same file again changes nothing. */
	import_links(&o, lw_buf_cstr(&csv), 0);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.unchanged, 2);
	assert_int_equal(o.r.added + o.r.changed, 0);
	lw_ingest_result_free(&o.r);

	/* Bad rows are reported; nothing changes. */
	lw_buf_reset(&csv);
	lw_buf_printf(&csv,
		      "crebo,beroep\n25999,%s\n2518,%s\n" KOK ",http://example.org/x\n" KOK
		      ",%s\n" KOK ",%s\n",
		      chef, chef, chef, chef);
	import_links(&o, lw_buf_cstr(&csv), 0);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_true(has_problem(&o, ":2: kolom 'crebo': onbekende kwalificatie '25999'"));
	assert_true(has_problem(&o, ":3: kolom 'crebo': '2518' is geen geldige code"));
	assert_true(has_problem(&o, ":4: kolom 'beroep': onbekend beroep"));
	assert_true(has_problem(&o, ":6: kolom 'beroep':"));
	assert_true(has_problem(&o, "komt twee keer voor"));
	lw_ingest_result_free(&o.r);
	l = links_of(KOK);
	assert_string_equal(l, "bakker|chefkok");
	free(l);

	/* Pruning the curated links brings the derived ones back. */
	import_links(&o, "crebo,beroep\n", 1);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.pruned, 2);
	lw_ingest_result_free(&o.r);
	l = links_of(KOK);
	assert_string_equal(l, "kok|industriële kok|chefkok");
	free(l);
	assert_int_equal(count("SELECT count(*) FROM qualification_occupation WHERE source = "
			       "'import'"),
			 0);
	lw_buf_free(&csv);
	free(chef);
	free(bakker);
	free(mbo_nurse);
}

/* ---- routes -------------------------------------------------------------------- */

/* Register rows around Utrecht (3511) and far away (Groningen 9711). */
static void insert_registers(void)
{
	char *kok = uri_labelled("kok"), *acteur = uri_labelled("acteur/actrice");
	exec("INSERT INTO provider(code, name, kind, is_example) VALUES"
	     "('99ZZ', 'ROC Midden Nederland', 'ROC', 0),"
	     "('98ZY', 'Alfa-college', 'ROC', 1),"
	     "('20000001', 'EVC Centrum Zuid', 'EVC-aanbieder', 0),"
	     "('20000002', 'Academie Noord', 'EVC-aanbieder', 0);"
	     "INSERT INTO offering(code, provider_code, crebo, title, postcode, pathway, starts, "
	     "months, cost_cents, language, is_example) VALUES"
	     "('o-utrecht', '99ZZ', '25180', 'Kok', '3511AB', 'BBL', '2026-01-05;2026-09-01', 24, "
	     "0, 'nl', 0),"
	     "('o-amersfoort', '99ZZ', '25180', 'Kok', '3811', 'BOL', NULL, 24, 125000, 'nl', 1),"
	     "('o-groningen', '98ZY', '25180', 'Kok', '9711', 'BOL', NULL, NULL, NULL, 'nl', 1),"
	     "('o-nowhere', '98ZY', '25180', 'Kok', '9999ZZ', 'deeltijd', NULL, NULL, NULL, 'nl', "
	     "1),"
	     "('o-other', '99ZZ', '25181', 'Zelfstandig werkend kok', '3511', 'BOL', NULL, NULL, "
	     "NULL, 'nl', 0);"
	     "INSERT INTO training_company(kvk, name, postcode, places, is_example) VALUES"
	     "('40000001', 'Hotel De Bilt', '3732', 2, 1),"
	     "('40000002', 'Restaurant Vleuten', '3451XX', 0, 0),"
	     "('40000003', 'Brasserie Groningen', '9711', 1, 0);"
	     "INSERT INTO training_company_recognition(kvk, crebo) VALUES"
	     "('40000001', '25180'), ('40000002', '25180'), ('40000002', '25181'),"
	     "('40000003', '25180');"
	     "INSERT INTO evc_procedure(code, provider_code, crebo, price_cents, weeks, "
	     "accredited_until, is_example) VALUES"
	     "('e-expired', '20000002', '25180', 90000, 10, '2020-01-01', 0),"
	     "('e-far', '20000001', '25180', 120000, 12, '2999-12-31', 1),"
	     "('e-near', '20000002', '25180', NULL, NULL, '" TODAY "', 0);"
	     "INSERT INTO evc_region(evc_code, region_code) VALUES"
	     "('e-expired', 'AM13'), ('e-far', 'AM01'), ('e-near', 'AM13'), ('e-near', 'AM01');");
	/* 22 companies in Amsterdam (about 35 km away), for the list limit. */
	for (int i = 0; i < 22; i++) {
		char sql[400];
		snprintf(sql, sizeof sql,
			 "INSERT INTO training_company(kvk, name, postcode, places, is_example) "
			 "VALUES('410000%02d', 'Keuken Amsterdam %02d', '1011', 1, 1);"
			 "INSERT INTO training_company_recognition(kvk, crebo) "
			 "VALUES('410000%02d', '25180')",
			 i, i, i);
		exec(sql);
	}
	lw_buf sql = LW_BUF_INIT;
	lw_buf_printf(&sql,
		      "INSERT INTO vacancy(code, kind, title, employer, postcode, occupation_uri, "
		      "level, hours, published, closes, is_example) VALUES"
		      "('v-open', 'vacature', 'Kok', 'Hotel Utrecht', '3511', '%s', 'mbo-2', 38, "
		      "'2026-05-01', NULL, 0),"
		      "('v-amersfoort', 'leerbaan', 'Leerling-kok', 'Eetcafe', '3811AB', '%s', NULL, "
		      "NULL, '2026-05-01', '2026-12-31', 1),"
		      "('v-closed', 'vacature', 'Kok', 'Gesloten', '3511', '%s', NULL, NULL, "
		      "'2026-01-01', '2026-05-31', 0),"
		      "('v-far', 'vacature', 'Kok', 'Noord', '9711', '%s', NULL, NULL, "
		      "'2026-05-01', NULL, 0),"
		      "('v-acteur', 'vacature', 'Acteur', 'Theater', '3511', '%s', NULL, NULL, "
		      "'2026-05-01', NULL, 0)",
		      kok, kok, kok, kok, acteur);
	exec(lw_buf_cstr(&sql));
	lw_buf_free(&sql);
	free(kok);
	free(acteur);
}

static void test_haversine(void **unused)
{
	(void)unused;
	/* Utrecht 3511 - Amsterdam 1011: about 35 km; a point to itself: 0. */
	double km = lw_links_km(52.088331, 5.115993, 52.371946, 4.905532);
	assert_true(km > 34 && km < 36);
	assert_true(lw_links_km(52.1, 5.1, 52.1, 5.1) == 0.0);
}

static void test_routes_without_near(void **unused)
{
	(void)unused;
	insert_registers();
	lw_routes_result r;
	lw_err err;
	assert_int_equal(lw_routes_on(S, KOK, NULL, 0, TODAY, &r, &err), LW_OK);
	assert_string_equal(r.name, "Kok");
	assert_int_equal(r.level, 2);
	assert_string_equal(r.dossier_crebo, "23085");
	assert_string_equal(r.domain, "Horeca en bakkerij");
	assert_int_equal(r.has_near, 0);

	/* School: every offering of this crebo, by provider, then place. */
	assert_int_equal(r.schools_total, 4);
	assert_string_equal(r.schools[0].provider, "Alfa-college");
	assert_string_equal(r.schools[2].code, "o-amersfoort"); /* Amersfoort < Utrecht */
	assert_string_equal(r.schools[2].place, "Amersfoort");
	assert_int_equal(r.schools[2].cost_cents, 125000);
	assert_int_equal(r.schools[2].is_example, 1);
	assert_string_equal(r.schools[3].code, "o-utrecht");
	assert_string_equal(r.schools[3].place, "Utrecht"); /* PC6 -> its PC4 area */
	assert_string_equal(r.schools[3].next_start, "2026-09-01");
	assert_int_equal(r.schools[3].is_example, 0);
	assert_true(r.schools[3].km < 0);
	for (size_t i = 0; i < r.nschools; i++)
		assert_string_not_equal(r.schools[i].code, "o-other");

	/* Companies: 25 in all, the first 20 by name. */
	assert_int_equal(r.companies_total, 25);
	assert_int_equal(r.ncompanies, LW_ROUTES_LIMIT);
	assert_string_equal(r.companies[0].name, "Brasserie Groningen");

	/* EVC: valid ones first (by provider), the expired one last. */
	assert_int_equal(r.evc_total, 3);
	assert_int_equal(r.evc_valid, 2);
	assert_string_equal(r.evc[0].code, "e-near"); /* accredited until today: valid */
	assert_string_equal(r.evc[1].code, "e-far");
	assert_string_equal(r.evc[2].code, "e-expired");
	assert_int_equal(r.evc[2].valid, 0);
	assert_int_equal(r.evc[0].serves_near, -1);
	assert_string_equal(r.evc[0].regions, "Groningen; Midden-Utrecht");
	assert_string_equal(r.evc[0].region_codes, "AM01;AM13");
	assert_int_equal(r.evc[0].price_cents, -1);
	assert_int_equal(r.evc[1].is_example, 1);

	/* Occupations: the derived ones; vacancies: open ones for them. */
	assert_int_equal(r.occupations_total, 3);
	assert_string_equal(r.occupations[0].label, "kok");
	assert_string_equal(r.occupations[0].source, "afgeleid");
	assert_int_equal(r.occupations[0].vacancies, 3);
	assert_int_equal(r.vacancies_total, 3); /* not the closed one, not the actor */
	assert_string_equal(r.vacancies[0].code, "v-open"); /* Kok < Leerling-kok */
	assert_string_equal(r.vacancies[2].title, "Leerling-kok");
	assert_string_equal(r.vacancies[2].place, "Amersfoort");
	assert_int_equal(r.vacancies[2].is_example, 1);
	assert_true(r.examples > 0);
	lw_routes_free(&r);
}

static void test_routes_near(void **unused)
{
	(void)unused;
	lw_routes_result r;
	lw_err err;
	assert_int_equal(lw_routes_on(S, KOK, "3511 AB", 0, TODAY, &r, &err), LW_OK);
	assert_int_equal(r.has_near, 1);
	assert_string_equal(r.near, "3511AB");
	assert_string_equal(r.near_kind, "postcode");
	assert_string_equal(r.near_postcode, "3511");
	assert_string_equal(r.region_code, "AM13");
	assert_true(r.km == LW_ROUTES_KM_DEFAULT);

	/* Within 25 km, nearest first; the unknown postcode has no place. */
	assert_int_equal(r.schools_total, 2);
	assert_string_equal(r.schools[0].code, "o-utrecht");
	assert_true(r.schools[0].km < 0.5);
	assert_string_equal(r.schools[1].code, "o-amersfoort");
	assert_true(r.schools[1].km > 15 && r.schools[1].km < 25);
	assert_int_equal(r.companies_total, 2); /* Amsterdam is too far */
	assert_string_equal(r.companies[0].name, "Hotel De Bilt");
	assert_string_equal(r.companies[1].name, "Restaurant Vleuten");
	assert_true(r.companies[0].km <= r.companies[1].km);

	/* EVC: valid and serving the region, valid, expired. */
	assert_string_equal(r.evc[0].code, "e-near");
	assert_int_equal(r.evc[0].serves_near, 1);
	assert_string_equal(r.evc[1].code, "e-far");
	assert_int_equal(r.evc[1].serves_near, 0);
	assert_string_equal(r.evc[2].code, "e-expired");
	assert_int_equal(r.evc[2].serves_near, 1);

	assert_int_equal(r.vacancies_total, 2);
	assert_string_equal(r.vacancies[0].code, "v-open");
	assert_string_equal(r.vacancies[1].code, "v-amersfoort");
	assert_int_equal(r.occupations[0].vacancies, 2);
	lw_routes_free(&r);

	/* The radius: 10 km keeps Utrecht and its neighbours only. */
	assert_int_equal(lw_routes_on(S, KOK, "3511", 10, TODAY, &r, &err), LW_OK);
	assert_int_equal(r.schools_total, 1);
	assert_int_equal(r.companies_total, 2);
	assert_int_equal(r.vacancies_total, 1);
	lw_routes_free(&r);
	/* 40 km reaches Amsterdam: 24 companies, 20 shown, nearest first. */
	assert_int_equal(lw_routes_on(S, KOK, "3511", 40, TODAY, &r, &err), LW_OK);
	assert_int_equal(r.companies_total, 24);
	assert_int_equal(r.ncompanies, LW_ROUTES_LIMIT);
	for (size_t i = 1; i < r.ncompanies; i++)
		assert_true(r.companies[i - 1].km <= r.companies[i].km);
	lw_routes_free(&r);

	/* A municipality and a place name are points too. */
	assert_int_equal(lw_routes_on(S, KOK, "utrecht", 0, TODAY, &r, &err), LW_OK);
	assert_string_equal(r.near_kind, "gemeente");
	assert_string_equal(r.municipality_code, "GM0344");
	assert_true(fabs(r.lat - 52.09) < 0.05 && fabs(r.lon - 5.10) < 0.08);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "Maartensdijk", 10, TODAY, &r, &err), LW_OK);
	assert_string_equal(r.near_kind, "plaats");
	assert_string_equal(r.municipality, "De Bilt");
	assert_int_equal(r.companies_total, 1); /* Hotel De Bilt */
	lw_routes_free(&r);
}

static void test_routes_errors(void **unused)
{
	(void)unused;
	lw_routes_result r;
	lw_err err;
	assert_int_equal(lw_routes_on(S, "25999", NULL, 0, TODAY, &r, &err), LW_ENOTFOUND);
	assert_string_equal(err.msg, "25999 is geen bekende kwalificatie");
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, "23085", NULL, 0, TODAY, &r, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "is een kwalificatiedossier (Keuken)"));
	assert_non_null(strstr(err.msg, KOK));
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, "2518", NULL, 0, TODAY, &r, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "geen crebo-code"));
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, "2518x", NULL, 0, TODAY, &r, &err), LW_EINPUT);
	lw_routes_free(&r);
	/* Spaces around a code are no part of it, on either side. */
	assert_int_equal(lw_routes_on(S, " " KOK " ", NULL, 0, TODAY, &r, &err), LW_OK);
	assert_string_equal(r.crebo, KOK);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "Atlantis", 0, TODAY, &r, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "'Atlantis' is geen bekende gemeente of plaats"));
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "Bergen", 0, TODAY, &r, &err), LW_EAMBIGUOUS);
	assert_non_null(strstr(err.msg, "GM0373"));
	assert_non_null(strstr(err.msg, "GM0893"));
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "12", 0, TODAY, &r, &err), LW_EINPUT);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "1000", 0, TODAY, &r, &err), LW_ENOTFOUND);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "3511", -1, TODAY, &r, &err), LW_EINPUT);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "3511", NAN, TODAY, &r, &err), LW_EINPUT);
	lw_routes_free(&r);
	assert_int_equal(lw_routes_on(S, KOK, "3511", 501, TODAY, &r, &err), LW_EINPUT);
	lw_routes_free(&r);
	/* lw_routes looks from today: it works and says which day that is. */
	assert_int_equal(lw_routes(S, KOK, NULL, 0, &r, &err), LW_OK);
	assert_int_equal(strlen(r.today), 10);
	lw_routes_free(&r);
}

/* On the example data: the lists agree with the registers, all marked. */
static void test_routes_on_demo_data(void **unused)
{
	(void)unused;
	lw_demo_result dr;
	lw_err err;
	assert_int_equal(lw_demo_generate(S, 0.05, 11, &dr, &err), LW_OK);
	char *crebo = text("SELECT crebo FROM training_company_recognition t JOIN "
			   "qualification_occupation l USING (crebo) GROUP BY crebo "
			   "ORDER BY count(*) DESC, crebo LIMIT 1",
			   NULL);
	assert_non_null(crebo);
	lw_routes_result r;
	assert_int_equal(lw_routes_on(S, crebo, NULL, 0, "2026-11-27", &r, &err), LW_OK);
	lw_buf sql = LW_BUF_INIT;
	lw_buf_printf(&sql, "SELECT count(*) FROM training_company_recognition WHERE crebo = '%s'",
		      crebo);
	assert_int_equal(r.companies_total, count(lw_buf_cstr(&sql)));
	lw_buf_reset(&sql);
	lw_buf_printf(&sql, "SELECT count(*) FROM offering WHERE crebo = '%s'", crebo);
	assert_int_equal(r.schools_total, count(lw_buf_cstr(&sql)));
	lw_buf_reset(&sql);
	lw_buf_printf(&sql,
		      "SELECT count(*) FROM vacancy v JOIN qualification_occupation l ON "
		      "l.occupation_uri = v.occupation_uri WHERE l.crebo = '%s' AND "
		      "(v.closes IS NULL OR v.closes >= '2026-11-27')",
		      crebo);
	assert_int_equal(r.vacancies_total, count(lw_buf_cstr(&sql)));
	/* Each item says whether it is example data, as its register does. */
	for (size_t i = 0; i < r.ncompanies; i++) {
		lw_buf_reset(&sql);
		lw_buf_printf(&sql, "SELECT is_example FROM training_company WHERE kvk = '%s'",
			      r.companies[i].kvk);
		assert_int_equal(r.companies[i].is_example, count(lw_buf_cstr(&sql)));
	}
	for (size_t i = 0; i < r.nvacancies; i++) {
		lw_buf_reset(&sql);
		lw_buf_printf(&sql, "SELECT is_example FROM vacancy WHERE code = '%s'",
			      r.vacancies[i].code);
		assert_int_equal(r.vacancies[i].is_example, count(lw_buf_cstr(&sql)));
	}
	for (size_t i = 1; i < r.nevc; i++)
		assert_true(r.evc[i - 1].valid >= r.evc[i].valid);
	lw_routes_free(&r);

	/* Near a place: nearest first, all within the radius. */
	assert_int_equal(lw_routes_on(S, crebo, "Amersfoort", 60, "2026-11-27", &r, &err), LW_OK);
	for (size_t i = 0; i < r.ncompanies; i++) {
		assert_true(r.companies[i].km >= 0 && r.companies[i].km <= 60);
		if (i)
			assert_true(r.companies[i - 1].km <= r.companies[i].km);
	}
	for (size_t i = 0; i < r.nvacancies; i++)
		assert_true(r.vacancies[i].km <= 60);
	lw_routes_free(&r);
	lw_buf_free(&sql);
	free(crebo);
}

/* ---- one item in full (lw_item_get) ---------------------------------------------- */

static const lw_item_field *field(const lw_item *it, const char *key)
{
	for (size_t i = 0; i < it->nfields; i++)
		if (strcmp(it->fields[i].key, key) == 0)
			return &it->fields[i];
	return NULL;
}

/* The value shown for key; fails when the item has no such field. */
static const char *value(const lw_item *it, const char *key)
{
	const lw_item_field *f = field(it, key);
	if (!f)
		fail_msg("%s %s: no field '%s'", it->kind, it->ref, key);
	return f->value;
}

static const lw_item_group *group(const lw_item *it, const char *key)
{
	for (size_t i = 0; i < it->ngroups; i++)
		if (strcmp(it->groups[i].key, key) == 0)
			return &it->groups[i];
	return NULL;
}

static const lw_item_link *link_to(const lw_item_group *g, const char *ref)
{
	for (size_t i = 0; g && i < g->n; i++)
		if (g->links[i].ref && strcmp(g->links[i].ref, ref) == 0)
			return &g->links[i];
	return NULL;
}

/* count(*) of sql with ?1 = a. */
static long count_of(const char *sql, const char *a)
{
	char *t = text(sql, a);
	long n = t ? atol(t) : -1;
	free(t);
	return n;
}

static void get_item(lw_item *it, const char *kind, const char *ref)
{
	lw_err err;
	int rc = lw_item_get_on(S, kind, ref, TODAY, it, &err);
	if (rc != LW_OK)
		fail_msg("%s %s: %d %s", kind, ref, rc, err.msg);
}

/* Every group holds the first LW_ITEM_GROUP_LIMIT of its total, none empty. */
static void check_groups(const lw_item *it)
{
	for (size_t i = 0; i < it->ngroups; i++) {
		const lw_item_group *g = &it->groups[i];
		assert_true(g->total > 0);
		assert_int_equal(g->n, g->total < LW_ITEM_GROUP_LIMIT ? (size_t)g->total
								      : LW_ITEM_GROUP_LIMIT);
		for (size_t k = 0; k < g->n; k++) {
			assert_non_null(g->links[k].ref);
			assert_non_null(g->links[k].title);
		}
	}
}

static void test_item_kwalificatie(void **unused)
{
	(void)unused;
	lw_item it;
	get_item(&it, "kwalificatie", KOK);
	assert_string_equal(it.kind, "kwalificatie");
	assert_string_equal(it.ref, KOK);
	assert_string_equal(it.title, "Kok");
	assert_string_equal(it.summary,
			    "Kok is een basisberoepsopleiding op mbo-niveau 2. Te volgen op school "
			    "(BOL) of werkend bij een erkend leerbedrijf (BBL).");
	assert_int_equal(it.example, 0);
	assert_int_equal(it.valid, 1);
	assert_null(it.place);
	assert_string_equal(value(&it, "crebo"), KOK);
	assert_string_equal(value(&it, "niveau"), "mbo-niveau 2");
	assert_string_equal(field(&it, "niveau")->label, "Niveau");
	assert_string_equal(field(&it, "niveau")->raw, "2");
	assert_string_equal(value(&it, "leerweg"), "BOL en BBL");
	assert_string_equal(value(&it, "dossier"), "Keuken (23085)");
	assert_string_equal(field(&it, "dossier")->raw, "23085");
	assert_null(field(&it, "dossier")->link_kind); /* a dossier has no page */
	assert_string_equal(value(&it, "domein"), "Horeca en bakkerij");
	assert_null(field(&it, "beroepsvereisten"));
	check_groups(&it);

	/* Occupations best first, each with its open vacancies. */
	const lw_item_group *g = group(&it, "beroepen");
	assert_non_null(g);
	assert_string_equal(g->label, "Beroepen");
	assert_int_equal(g->total, count_of("SELECT count(*) FROM qualification_occupation WHERE "
					    "crebo = ?1",
					    KOK));
	assert_string_equal(g->links[0].kind, "beroep");
	assert_string_equal(g->links[0].title, "kok");
	/* Offerings, EVC procedures, companies and vacancies: all counted. */
	g = group(&it, "opleidingen");
	assert_int_equal(g->total, count_of("SELECT count(*) FROM offering WHERE crebo = ?1", KOK));
	const lw_item_link *l = link_to(g, "o-utrecht");
	assert_non_null(l);
	assert_string_equal(l->title, "ROC Midden Nederland"); /* named by its provider */
	assert_string_equal(l->detail, "BBL, Utrecht");
	g = group(&it, "evc");
	assert_string_equal(g->label, "EVC-trajecten");
	assert_int_equal(g->total,
			 count_of("SELECT count(*) FROM evc_procedure WHERE crebo = ?1", KOK));
	for (size_t i = 1; i < g->n; i++)
		assert_true(g->links[i - 1].valid >= g->links[i].valid); /* valid first */
	l = link_to(g, "e-expired");
	if (l) { /* shown when there are few enough */
		assert_int_equal(l->valid, 0);
		assert_string_equal(l->detail, "accreditatie liep tot 1 januari 2020");
	}
	l = link_to(g, "e-near");
	assert_non_null(l);
	assert_int_equal(l->valid, 1);
	assert_string_equal(l->detail, "geaccrediteerd tot 1 juni 2026");
	g = group(&it, "leerbedrijven");
	assert_int_equal(g->total, count_of("SELECT count(*) FROM training_company_recognition "
					    "WHERE crebo = ?1",
					    KOK));
	char *most = text("SELECT max(c.places) FROM training_company c JOIN "
			  "training_company_recognition r ON r.kvk = c.kvk WHERE r.crebo = ?1",
			  KOK);
	char want[64]; /* most open places first */
	snprintf(want, sizeof want, "%s open plaats%s", most, strcmp(most, "1") ? "en" : "");
	const char *d = g->links[0].detail;
	assert_true(strlen(d) >= strlen(want));
	assert_string_equal(d + strlen(d) - strlen(want), want);
	free(most);
	g = group(&it, "vacatures");
	assert_int_equal(g->total,
			 count_of("SELECT count(*) FROM vacancy v JOIN qualification_occupation l "
				  "ON l.occupation_uri = v.occupation_uri WHERE l.crebo = ?1 AND "
				  "(v.closes IS NULL OR v.closes >= '" TODAY "')",
				  KOK));
	assert_null(link_to(g, "v-closed"));
	l = link_to(g, "v-open");
	if (l)
		assert_string_equal(l->detail, "vacature bij Hotel Utrecht, Utrecht");
	lw_item_free(&it);

	/* Legal requirements name the ministry. */
	get_item(&it, "kwalificatie", "25100");
	assert_string_equal(value(&it, "beroepsvereisten"),
			    "wettelijke eisen (ministerie van SZW)");
	assert_string_equal(field(&it, "beroepsvereisten")->raw, "SZW");
	lw_item_free(&it);
}

static void test_item_beroep(void **unused)
{
	(void)unused;
	char *uri = uri_labelled("kok");
	lw_item it;
	get_item(&it, "beroep", uri);
	assert_string_equal(it.title, "kok");
	assert_string_equal(it.summary,
			    "Koks zijn culinaire medewerkers die maaltijden bereiden en "
			    "presenteren, gewoonlijk in huishoudelijke en institutionele "
			    "omgevingen.");
	assert_string_equal(it.text, it.summary);
	assert_string_equal(value(&it, "esco_code"), "5120.1");
	assert_string_equal(value(&it, "isco_groep"), "5120");
	assert_non_null(strstr(value(&it, "ook_genoemd"), ", "));
	assert_null(strchr(value(&it, "ook_genoemd"), '\n'));
	assert_string_equal(value(&it, "gereglementeerd"), "nee");
	check_groups(&it);
	const lw_item_group *g = group(&it, "kwalificaties");
	const lw_item_link *l = link_to(g, KOK);
	assert_non_null(l);
	assert_string_equal(l->kind, "kwalificatie");
	assert_string_equal(l->detail, "mbo-niveau 2, BOL en BBL");
	g = group(&it, "vacatures");
	assert_int_equal(g->total,
			 count_of("SELECT count(*) FROM vacancy WHERE occupation_uri = ?1 AND "
				  "(closes IS NULL OR closes >= '" TODAY "')",
				  uri));
	for (size_t i = 0; i < g->n; i++)
		assert_string_not_equal(g->links[i].ref, "v-closed");
	lw_item_free(&it);
	free(uri);

	/* A long description: the summary is its first sentences, the text all of it. */
	uri = text("SELECT uri FROM occupation WHERE instr(description, '\\' || char(10)) > 0 "
		   "ORDER BY uri",
		   NULL);
	assert_non_null(uri);
	get_item(&it, "beroep", uri);
	assert_null(strchr(it.text, '\\'));
	assert_null(strchr(it.text, '\n'));
	assert_true(strlen(it.summary) < strlen(it.text));
	assert_int_equal(strncmp(it.summary, it.text, strlen(it.summary)), 0);
	assert_int_equal(it.summary[strlen(it.summary) - 1], '.');
	lw_item_free(&it);
	free(uri);
	/* Many alternative labels: the first twelve, then how many more. */
	uri = text("SELECT uri FROM occupation WHERE length(alt_labels) - "
		   "length(replace(alt_labels, char(10), '')) = 14 ORDER BY uri",
		   NULL); /* 15 labels */
	assert_non_null(uri);
	get_item(&it, "beroep", uri);
	const char *alt = value(&it, "ook_genoemd");
	assert_string_equal(alt + strlen(alt) - strlen(" en nog 3"), " en nog 3");
	lw_item_free(&it);
	free(uri);
}

static void test_item_opleiding(void **unused)
{
	(void)unused;
	lw_item it;
	get_item(&it, "opleiding", "o-utrecht");
	assert_string_equal(it.title, "Kok");
	assert_string_equal(it.summary,
			    "Een opleiding van ROC Midden Nederland in Utrecht. Je leert en werkt "
			    "tegelijk (BBL).");
	assert_string_equal(it.postcode, "3511AB");
	assert_string_equal(it.place, "Utrecht");
	assert_int_equal(it.example, 0);
	const lw_item_field *f = field(&it, "aanbieder");
	assert_string_equal(f->value, "ROC Midden Nederland");
	assert_string_equal(f->raw, "99ZZ");
	assert_null(f->link_kind); /* a provider has no page */
	f = field(&it, "kwalificatie");
	assert_string_equal(f->value, "Kok");
	assert_string_equal(f->link_kind, "kwalificatie");
	assert_string_equal(f->link_ref, KOK);
	assert_string_equal(value(&it, "niveau"), "mbo-niveau 2");
	assert_string_equal(value(&it, "leerweg"), "BBL");
	assert_string_equal(value(&it, "plaats"), "Utrecht");
	assert_string_equal(value(&it, "start"), "5 januari 2026, 1 september 2026");
	assert_string_equal(field(&it, "start")->raw, "2026-01-05;2026-09-01");
	assert_string_equal(value(&it, "duur"), "24 maanden");
	assert_string_equal(value(&it, "kosten"), "€ 0");
	assert_string_equal(value(&it, "taal"), "Nederlands");
	assert_int_equal(it.ngroups, 0);
	lw_item_free(&it);

	/* Example data, money with a thousands separator, no qualification. */
	char *code = text("SELECT code FROM offering WHERE is_example = 1 AND cost_cents = 125000 "
			  "ORDER BY code",
			  NULL);
	assert_non_null(code);
	get_item(&it, "opleiding", code);
	assert_int_equal(it.example, 1);
	assert_string_equal(value(&it, "kosten"), "€ 1.250");
	assert_string_equal(field(&it, "kosten")->raw, "125000");
	lw_item_free(&it);
	free(code);
	code = text("SELECT code FROM offering WHERE crebo IS NULL AND cost_cents % 100 = 0 "
		    "ORDER BY code",
		    NULL);
	assert_non_null(code);
	get_item(&it, "opleiding", code);
	assert_null(field(&it, "kwalificatie"));
	assert_non_null(strstr(value(&it, "kosten"), "€ "));
	lw_item_free(&it);
	free(code);
}

static void test_item_evc(void **unused)
{
	(void)unused;
	lw_item it;
	get_item(&it, "evc", "e-expired");
	assert_string_equal(it.title, "EVC Kok");
	assert_int_equal(it.valid, 0);
	assert_non_null(strstr(it.summary, "De accreditatie is verlopen."));
	assert_string_equal(value(&it, "aanbieder"), "Academie Noord");
	assert_string_equal(field(&it, "kwalificatie")->link_ref, KOK);
	assert_string_equal(value(&it, "prijs"), "€ 900");
	assert_string_equal(value(&it, "duur"), "10 weken");
	assert_string_equal(field(&it, "geldig_tot")->label, "Accreditatie geldig tot");
	assert_string_equal(value(&it, "geldig_tot"), "1 januari 2020 (verlopen)");
	assert_string_equal(field(&it, "geldig_tot")->raw, "2020-01-01");
	assert_string_equal(value(&it, "regios"), "Midden-Utrecht");
	assert_string_equal(field(&it, "regios")->raw, "AM13");
	assert_null(it.place); /* EVC has no address */
	lw_item_free(&it);

	/* Accredited until today: still valid. Regions by name; no price. */
	get_item(&it, "evc", "e-near");
	assert_int_equal(it.valid, 1);
	assert_string_equal(value(&it, "geldig_tot"), "1 juni 2026");
	assert_string_equal(value(&it, "regios"), "Groningen, Midden-Utrecht");
	assert_string_equal(field(&it, "regios")->raw, "AM01;AM13");
	assert_null(field(&it, "prijs"));
	assert_null(field(&it, "duur"));
	assert_null(strstr(it.summary, "verlopen"));
	lw_item_free(&it);
}

static void test_item_leerbedrijf(void **unused)
{
	(void)unused;
	lw_item it;
	get_item(&it, "leerbedrijf", "40000002");
	assert_string_equal(it.title, "Restaurant Vleuten");
	assert_string_equal(it.summary, "Erkend leerbedrijf in Vleuten. Er zijn nu geen open "
					"leerplaatsen.");
	assert_string_equal(it.postcode, "3451XX");
	assert_string_equal(it.place, "Vleuten");
	assert_string_equal(value(&it, "kvk"), "40000002");
	assert_string_equal(value(&it, "open_plaatsen"), "geen");
	const lw_item_group *g = group(&it, "erkend_voor");
	assert_non_null(g);
	assert_string_equal(g->label, "Erkend voor");
	assert_int_equal(g->total, 2);
	assert_string_equal(g->links[0].title, "Kok"); /* by name */
	assert_string_equal(g->links[1].ref, "25181");
	lw_item_free(&it);

	/* Example data: open places as counted. */
	char *kvk = text("SELECT kvk FROM training_company WHERE places > 1 ORDER BY kvk", NULL);
	assert_non_null(kvk);
	get_item(&it, "leerbedrijf", kvk);
	assert_int_equal(it.example, 1);
	char *places = text("SELECT places FROM training_company WHERE kvk = ?1", kvk);
	assert_string_equal(value(&it, "open_plaatsen"), places);
	assert_int_equal(group(&it, "erkend_voor")->total,
			 count_of("SELECT count(*) FROM training_company_recognition "
				  "WHERE kvk = ?1",
				  kvk));
	lw_item_free(&it);
	free(places);
	free(kvk);
}

static void test_item_vacature(void **unused)
{
	(void)unused;
	char *kok = uri_labelled("kok");
	lw_item it;
	get_item(&it, "vacature", "v-open");
	assert_string_equal(it.title, "Kok");
	assert_string_equal(it.summary, "Vacature bij Hotel Utrecht in Utrecht.");
	assert_string_equal(it.place, "Utrecht");
	assert_string_equal(value(&it, "werkgever"), "Hotel Utrecht");
	assert_string_equal(value(&it, "soort"), "vacature");
	const lw_item_field *f = field(&it, "beroep");
	assert_string_equal(f->value, "kok");
	assert_string_equal(f->link_kind, "beroep");
	assert_string_equal(f->link_ref, kok);
	assert_string_equal(value(&it, "niveau"), "mbo-niveau 2");
	assert_string_equal(value(&it, "uren"), "38 uur per week");
	assert_string_equal(value(&it, "geplaatst"), "1 mei 2026");
	assert_null(field(&it, "sluit")); /* open until filled */
	assert_non_null(link_to(group(&it, "kwalificaties"), KOK));
	lw_item_free(&it);

	get_item(&it, "vacature", "v-closed");
	assert_string_equal(it.summary, "Vacature bij Gesloten in Utrecht. De sluitingsdatum is "
					"voorbij.");
	assert_string_equal(value(&it, "sluit"), "31 mei 2026");
	assert_int_equal(it.valid, 1); /* only EVC can be invalid */
	lw_item_free(&it);

	char *code = text("SELECT code FROM vacancy WHERE kind = 'leerbaan' AND is_example = 1 "
			  "ORDER BY code",
			  NULL);
	assert_non_null(code);
	get_item(&it, "vacature", code);
	assert_string_equal(value(&it, "soort"), "leerbaan (leren en werken)");
	assert_string_equal(field(&it, "soort")->raw, "leerbaan");
	assert_int_equal(strncmp(it.summary, "Leerbaan bij ", 13), 0);
	lw_item_free(&it);
	free(code);
	free(kok);
}

static void test_item_regeling(void **unused)
{
	(void)unused;
	lw_err err;
	assert_int_equal(lw_store_begin(S, &err), LW_OK);
	exec("INSERT INTO scheme(code, name, target_groups, conditions, amount, website, "
	     "is_example) VALUES('t-regeling', 'Testregeling', 'werkgever;student;werknemer', "
	     "'Voor wie een bbl-opleiding volgt.', 'tot 2.500 euro per jaar', "
	     "'https://example.org/regeling', 0)");
	lw_item it;
	get_item(&it, "regeling", "t-regeling");
	assert_string_equal(it.title, "Testregeling");
	assert_string_equal(it.summary, "Voor wie een bbl-opleiding volgt.");
	assert_string_equal(it.website, "https://example.org/regeling");
	assert_string_equal(value(&it, "voor"), "werkgevers, studenten en werknemers");
	assert_string_equal(field(&it, "voor")->raw, "werkgever;student;werknemer");
	assert_string_equal(value(&it, "voorwaarden"), "Voor wie een bbl-opleiding volgt.");
	assert_string_equal(value(&it, "bedrag"), "tot 2.500 euro per jaar");
	assert_string_equal(value(&it, "website"), "https://example.org/regeling");
	lw_item_free(&it);
	lw_store_rollback(S);
}

static void test_item_loket(void **unused)
{
	(void)unused;
	lw_item it;
	/* A default desk: no contact details, the national helpdesk instead. */
	get_item(&it, "loket", "lwl-am13");
	assert_string_equal(it.title, "Leerwerkloket Midden-Utrecht");
	assert_non_null(strstr(it.summary, "arbeidsmarktregio Midden-Utrecht"));
	assert_null(it.postcode);
	assert_null(it.website);
	const lw_item_field *f = field(&it, "telefoon");
	assert_string_equal(f->value, "0800-1618 (landelijke helpdesk)");
	assert_null(f->raw);
	assert_null(field(&it, "adres"));
	const lw_item_group *g = group(&it, "gemeenten");
	assert_int_equal(g->total, count_of("SELECT count(DISTINCT municipality_code) FROM "
					    "desk_service WHERE desk_code = ?1",
					    "lwl-am13"));
	assert_non_null(link_to(g, "GM0344"));
	assert_null(link_to(g, "GM0344")->kind); /* a municipality has no page */
	assert_string_equal(link_to(g, "GM0344")->title, "Utrecht");
	lw_item_free(&it);

	/* A real desk, serving a municipality also in its region: listed once. */
	lw_err err;
	assert_int_equal(lw_store_begin(S, &err), LW_OK);
	exec("INSERT INTO desk(code, name, address, postcode, place, phone, email, website, "
	     "opening_hours) VALUES('lwl-utrecht', 'Leerwerkloket Utrecht', 'Stadsplateau 1', "
	     "'3521AZ', 'Utrecht', '030 286 00 00', 'loket@example.org', 'https://example.org', "
	     "'ma-vr 9.00-17.00');"
	     "INSERT INTO desk_area(desk_code, municipality_code) VALUES('lwl-utrecht', 'GM0344');"
	     "INSERT INTO desk_area(desk_code, region_code) VALUES('lwl-utrecht', 'AM13')");
	get_item(&it, "loket", "lwl-utrecht");
	assert_string_equal(it.postcode, "3521AZ");
	assert_string_equal(it.place, "Utrecht");
	assert_string_equal(it.website, "https://example.org");
	assert_int_equal(strncmp(it.summary, "Leerwerkloket voor ", 19), 0);
	assert_non_null(strstr(it.summary, " gemeenten."));
	assert_string_equal(value(&it, "adres"), "Stadsplateau 1");
	assert_string_equal(value(&it, "postcode"), "3521 AZ");
	assert_string_equal(value(&it, "telefoon"), "030 286 00 00");
	assert_string_equal(value(&it, "email"), "loket@example.org");
	assert_string_equal(value(&it, "openingstijden"), "ma-vr 9.00-17.00");
	g = group(&it, "gemeenten");
	assert_int_equal(g->total, count_of("SELECT count(*) FROM municipality WHERE region_code = "
					    "?1",
					    "AM13"));
	lw_item_free(&it);
	lw_store_rollback(S);
}

/* Every kind the search engine knows, with the titles it indexes. */
typedef struct seen {
	long per_kind[16], checked;
} seen;

static int check_search_item(void *ud, const lw_item_text *t)
{
	seen *sn = ud;
	const char *const *kinds = lw_search_kinds();
	size_t k = 0;
	while (kinds[k] && strcmp(kinds[k], t->kind) != 0)
		k++;
	if (k >= 16 || sn->per_kind[k]++ >= 5) /* the first few of each kind */
		return LW_OK;
	lw_item it;
	get_item(&it, t->kind, t->ref);
	assert_string_equal(it.title, t->title);
	for (size_t i = 0; i < it.nfields; i++) {
		assert_non_null(it.fields[i].key);
		assert_non_null(it.fields[i].label);
		assert_true(it.fields[i].value && *it.fields[i].value);
	}
	check_groups(&it);
	lw_item_free(&it);
	sn->checked++;
	return LW_OK;
}

static void test_item_every_kind(void **unused)
{
	(void)unused;
	seen sn = {{0}, 0};
	lw_err err;
	assert_int_equal(lw_search_items(S, check_search_item, &sn, &err), LW_OK);
	const char *const *kinds = lw_search_kinds();
	for (size_t k = 0; kinds[k]; k++)
		if (!sn.per_kind[k])
			fail_msg("no items of kind %s", kinds[k]);
	assert_true(sn.checked >= 8 * 3);
	/* lw_item_get looks from today. */
	lw_item it;
	assert_int_equal(lw_item_get(S, "kwalificatie", KOK, &it, &err), LW_OK);
	assert_int_equal(strlen(it.today), 10);
	lw_item_free(&it);
}

static void expect_item_error(const char *kind, const char *ref, int rc, const char *msg)
{
	lw_item it;
	lw_err err;
	err.msg[0] = '\0';
	assert_int_equal(lw_item_get_on(S, kind, ref, TODAY, &it, &err), rc);
	assert_int_equal(it.nfields + it.ngroups, 0);
	if (msg)
		assert_string_equal(err.msg, msg);
	assert_true(lw_utf8_valid(err.msg, strlen(err.msg), NULL));
	lw_item_free(&it);
}

static void test_item_errors(void **unused)
{
	(void)unused;
	expect_item_error("vacature", "v-none", LW_ENOTFOUND, "Geen vacature met code 'v-none'.");
	expect_item_error("kwalificatie", "25999", LW_ENOTFOUND,
			  "Geen kwalificatie met crebo '25999'.");
	expect_item_error("beroep", "kok", LW_ENOTFOUND, "Geen beroep met URI 'kok'.");
	expect_item_error("evc", "x", LW_ENOTFOUND, "Geen EVC-traject met code 'x'.");
	expect_item_error("leerbedrijf", "1", LW_ENOTFOUND, "Geen leerbedrijf met KvK-nummer '1'.");
	expect_item_error("loket", "", LW_ENOTFOUND, "Geen loket met code ''.");
	/* Quotes and markup are just a ref that is not there. */
	expect_item_error("vacature", "<script>'", LW_ENOTFOUND,
			  "Geen vacature met code '<script>''.");
	expect_item_error("opleiding", "' OR '1'='1", LW_ENOTFOUND, NULL);
	expect_item_error("regeling", "x\"; DROP TABLE scheme; --", LW_ENOTFOUND, NULL);
	assert_true(count("SELECT count(*) FROM scheme") >= 0);
	/* Messages stay valid UTF-8 and short, whatever the ref. */
	expect_item_error("vacature", "a\xff\xfe", LW_ENOTFOUND, "Geen vacature met code 'a...'.");
	expect_item_error("vacature", "a\nb", LW_ENOTFOUND, "Geen vacature met code 'a?b'.");
	char long_ref[200];
	memset(long_ref, 'x', sizeof long_ref - 1);
	long_ref[sizeof long_ref - 1] = '\0';
	lw_item it;
	lw_err err;
	assert_int_equal(lw_item_get_on(S, "regeling", long_ref, TODAY, &it, &err), LW_ENOTFOUND);
	assert_true(strlen(err.msg) < 100);
	lw_item_free(&it);
	/* Unknown kinds, no ref, no date. */
	expect_item_error("gemeente", "GM0344", LW_EINPUT, NULL);
	expect_item_error("Vacature", "v-open", LW_EINPUT, NULL);
	expect_item_error(NULL, "v-open", LW_EINPUT, NULL);
	expect_item_error("vacature", NULL, LW_EINPUT, NULL);
	assert_int_equal(lw_item_get_on(S, "vacature", "v-open", "juni", &it, &err), LW_EINPUT);
	lw_item_free(&it);
	assert_int_equal(lw_item_get_on(S, "gemeente", "x", TODAY, &it, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "Onbekende soort 'gemeente'"));
	lw_item_free(&it);
}

/* Out of memory at every allocation: LW_ENOMEM, nothing leaks, then it works. */
static void test_item_out_of_memory(void **unused)
{
	(void)unused;
	static const char *const kinds[][2] = {{"kwalificatie", KOK}, {"evc", "e-expired"}};
	for (size_t k = 0; k < 2; k++) {
		int rc = LW_ENOMEM;
		long n = 0;
		for (; n < 1000 && rc == LW_ENOMEM; n++) {
			lw_item it;
			lw_err err;
			lw_mem_fail_after(n);
			rc = lw_item_get_on(S, kinds[k][0], kinds[k][1], TODAY, &it, &err);
			lw_mem_fail_after(-1);
			if (rc == LW_ENOMEM)
				assert_string_equal(err.msg, "onvoldoende geheugen");
			lw_item_free(&it);
		}
		assert_int_equal(rc, LW_OK);
		assert_true(n > 1); /* it failed first */
	}
}

static void test_item_free_zeroed(void **unused)
{
	(void)unused;
	lw_item it;
	memset(&it, 0, sizeof it);
	lw_item_free(&it);
	lw_item_free(&it); /* twice is fine */
	assert_null(it.fields);
	assert_null(it.arena.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derived_links),
		cmocka_unit_test(test_link_table),
		cmocka_unit_test(test_curated_links),
		cmocka_unit_test(test_haversine),
		cmocka_unit_test(test_routes_without_near),
		cmocka_unit_test(test_routes_near),
		cmocka_unit_test(test_routes_errors),
		cmocka_unit_test(test_routes_on_demo_data),
		cmocka_unit_test(test_item_kwalificatie),
		cmocka_unit_test(test_item_beroep),
		cmocka_unit_test(test_item_opleiding),
		cmocka_unit_test(test_item_evc),
		cmocka_unit_test(test_item_leerbedrijf),
		cmocka_unit_test(test_item_vacature),
		cmocka_unit_test(test_item_regeling),
		cmocka_unit_test(test_item_loket),
		cmocka_unit_test(test_item_every_kind),
		cmocka_unit_test(test_item_errors),
		cmocka_unit_test(test_item_out_of_memory),
		cmocka_unit_test(test_item_free_zeroed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

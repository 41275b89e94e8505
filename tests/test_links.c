/*
 * test_links.c - the links between the registers: qualification <->
 * occupation links derived from the names and curated by import, and the
 * routes to a qualification near a place.
 */
#include "testutil.h"

#include "lw_ingest.h"
#include "lw_links.h"

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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

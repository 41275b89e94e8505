/*
 * test_register_work.c - the importers of the registers of work: training
 * companies, vacancies and schemes (docs/formats/registers.md). Good files
 * upsert idempotently; every check has a bad input with its exact
 * FILE:LINE: kolom 'NAAM': reden, after which the store is as it was.
 */
#include "testutil.h"

#include "lw_ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define ESCO_INSPICIENT "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"

#define COMPANY_HEADER "kvk,naam,postcode,erkend_voor,open_plaatsen,voorbeeld\n"
#define VACANCY_HEADER                                                                     \
	"code,soort,titel,werkgever,postcode,beroep,niveau,uren,gepubliceerd,sluitingsdatum," \
	"voorbeeld\n"
#define SCHEME_HEADER "code,naam,doelgroepen,voorwaarden,bedrag,website,voorbeeld\n"

TU_REFERENCE_GROUP("register-work")

/* Each test starts from empty registers. */
static int empty_registers(void **unused)
{
	(void)unused;
	lw_err err;
	assert_int_equal(lw_store_exec(S,
				       "DELETE FROM training_company; DELETE FROM vacancy; "
				       "DELETE FROM scheme",
				       &err),
			 LW_OK);
	return 0;
}

/* The tables these importers write, as text: to prove a failed import changed nothing. */
static char *snapshot(void)
{
	static const char *const tables[] = {"training_company", "training_company_recognition",
					     "vacancy", "scheme", "import_log", NULL};
	return tu_snapshot(S, tables);
}

static void assert_query(const char *sql, const char *want)
{
	tu_assert_query(S, sql, want);
}

typedef struct outcome {
	int rc;
	lw_err err;
	lw_ingest_result r;
} outcome;

static void run(outcome *o, const char *kind, const char *text, const lw_ingest_opts *opts)
{
	char *p = tu_path(DIR, "in.csv");
	tu_writes(p, text);
	memset(o, 0, sizeof *o);
	o->rc = lw_ingest_file(S, lw_ingest_find(kind), p, opts, &o->r, &o->err);
	free(p);
}

static void done(outcome *o)
{
	lw_ingest_result_free(&o->r);
}

/* Imports text that must succeed and checks what it counted. */
static void import_ok(const char *kind, const char *text, const lw_ingest_opts *opts,
		      long added, long changed, long unchanged, long pruned)
{
	outcome o;
	run(&o, kind, text, opts);
	if (o.rc != LW_OK)
		print_error("%s: %s\n", o.err.msg, o.r.nproblems ? o.r.problems[0] : "");
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, added);
	assert_int_equal(o.r.changed, changed);
	assert_int_equal(o.r.unchanged, unchanged);
	assert_int_equal(o.r.pruned, pruned);
	done(&o);
}

/* Imports text that must be rejected; checks the store did not change. */
static void reject(outcome *o, const char *kind, const char *text)
{
	char *before = snapshot();
	char *p = tu_path(DIR, "bad.csv");
	tu_writes(p, text);
	memset(o, 0, sizeof *o);
	o->rc = lw_ingest_file(S, lw_ingest_find(kind), p, NULL, &o->r, &o->err);
	char *after = snapshot();
	assert_int_equal(o->rc, LW_EINPUT);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(p);
}

/* Problem i is exactly DIR/want. */
static void problem_is(const outcome *o, size_t i, const char *want)
{
	if (i >= o->r.nproblems)
		fail_msg("no problem %zu (have %zu; error: %s)", i, o->r.nproblems, o->err.msg);
	char *full = tu_path(DIR, want);
	int same = strcmp(o->r.problems[i], full) == 0;
	if (!same)
		print_error("problem %zu is\n  '%s'\nwant\n  '%s'\n", i, o->r.problems[i], full);
	free(full);
	assert_true(same);
}

/* ---- companies ------------------------------------------------------------ */

#define COMPANY_KOK "12345678,Restaurant De Kok,3511 ab,25181;25180,2,nee\n"
#define COMPANY_CAFE "87654321,Grand Café,1011,25182,,ja\n"

static void test_companies_import(void **unused)
{
	(void)unused;
	import_ok("companies", COMPANY_HEADER COMPANY_KOK COMPANY_CAFE, NULL, 2, 0, 0, 0);
	assert_query("SELECT group_concat(kvk || ' ' || name || ' ' || postcode || ' ' || "
		     "places || ' ' || is_example, '|') FROM (SELECT * FROM training_company "
		     "ORDER BY kvk)",
		     "12345678 Restaurant De Kok 3511AB 2 0|87654321 Grand Café 1011 0 1");
	assert_query("SELECT group_concat(kvk || ':' || crebo, ' ') FROM (SELECT * FROM "
		     "training_company_recognition ORDER BY kvk, crebo)",
		     "12345678:25180 12345678:25181 87654321:25182");

	/* The same file again, and the same list in another order, change nothing. */
	import_ok("companies", COMPANY_HEADER COMPANY_KOK COMPANY_CAFE, NULL, 0, 0, 2, 0);
	import_ok("companies",
		  COMPANY_HEADER "12345678,Restaurant De Kok,3511AB, 25180 ; 25181 ;,2,\n"
				 COMPANY_CAFE,
		  NULL, 0, 0, 2, 0);

	/* A changed row counts as changed. */
	import_ok("companies",
		  COMPANY_HEADER "12345678,Restaurant De Kok,3511AB,25180;25181,3,nee\n"
				 COMPANY_CAFE,
		  NULL, 0, 1, 1, 0);

	/* So does a changed list alone; its rows are rewritten. */
	import_ok("companies",
		  COMPANY_HEADER "12345678,Restaurant De Kok,3511AB,25182;25180,3,nee\n"
				 COMPANY_CAFE,
		  NULL, 0, 1, 1, 0);
	assert_query("SELECT group_concat(crebo, ';') FROM (SELECT crebo FROM "
		     "training_company_recognition WHERE kvk = '12345678' ORDER BY crebo)",
		     "25180;25182");

	/* --prune removes the absent company, and its recognitions with it. */
	lw_ingest_opts prune = {.prune = 1};
	import_ok("companies",
		  COMPANY_HEADER "12345678,Restaurant De Kok,3511AB,25182;25180,3,nee\n", &prune, 0,
		  0, 1, 1);
	assert_query("SELECT count(*) FROM training_company", "1");
	assert_query("SELECT count(*) FROM training_company_recognition WHERE kvk = '87654321'",
		     "0");
}

static void test_companies_bad_input(void **unused)
{
	(void)unused;
	/* The good rows of the bad files would add and change rows; none may land. */
	import_ok("companies", COMPANY_HEADER COMPANY_KOK COMPANY_CAFE, NULL, 2, 0, 0, 0);
	outcome o;
	reject(&o, "companies",
	       COMPANY_HEADER "1234567,A,3511,25180,,\n"
			      ",A,3511,25180,,\n"
			      "12345601,,3511,25180,,\n"
			      "12345602,A,351,25180,,\n"
			      "12345603,A,3511,,,\n"
			      "12345604,A,3511, ; ,,\n"
			      "12345605,A,3511,2518,,\n"
			      "12345606,A,3511,25180;99999,,\n"
			      "12345607,A,3511,25180;25181;25180,,\n"
			      "12345608,A,3511,25180,10001,\n"
			      "12345609,A,3511,25180,-1,\n"
			      "12345610,A,3511,25180,veel,\n"
			      "12345611,A,3511,25180,,misschien\n"
			      "12345612,A,3511,25180,,\n"
			      "12345612,B,3511,25181,,\n"
			      "87654321,Anders,1011,25180,,\n");
	assert_int_equal(o.r.rejected, 14);
	assert_int_equal(o.r.nproblems, 14);
	problem_is(&o, 0, "bad.csv:2: kolom 'kvk': '1234567' is geen geldige code (verwacht 8 "
			  "cijfers)");
	problem_is(&o, 1, "bad.csv:3: kolom 'kvk': is leeg, maar verplicht");
	problem_is(&o, 2, "bad.csv:4: kolom 'naam': is leeg, maar verplicht");
	problem_is(&o, 3, "bad.csv:5: kolom 'postcode': '351' is geen postcode (4 cijfers van 1000 "
			  "tot en met 9999, eventueel gevolgd door 2 letters)");
	problem_is(&o, 4, "bad.csv:6: kolom 'erkend_voor': is leeg, maar verplicht");
	problem_is(&o, 5, "bad.csv:7: kolom 'erkend_voor': is leeg, maar verplicht");
	problem_is(&o, 6, "bad.csv:8: kolom 'erkend_voor': '2518' is geen crebo-code (5 cijfers)");
	problem_is(&o, 7, "bad.csv:9: kolom 'erkend_voor': onbekende kwalificatie '99999' "
			  "(importeer eerst de kwalificaties)");
	problem_is(&o, 8, "bad.csv:10: kolom 'erkend_voor': '25180' staat er twee keer in");
	problem_is(&o, 9, "bad.csv:11: kolom 'open_plaatsen': 10001 ligt buiten het bereik 0 tot "
			  "en met 10000");
	problem_is(&o, 10, "bad.csv:12: kolom 'open_plaatsen': -1 ligt buiten het bereik 0 tot en "
			   "met 10000");
	problem_is(&o, 11, "bad.csv:13: kolom 'open_plaatsen': 'veel' is geen geheel getal");
	problem_is(&o, 12, "bad.csv:14: kolom 'voorbeeld': 'misschien' is geen ja of nee");
	problem_is(&o, 13, "bad.csv:16: kolom 'kvk': '12345612' komt twee keer voor in het bestand "
			   "(eerst op regel 15)");
	assert_non_null(strstr(o.err.msg, "14 rijen afgekeurd; er is niets"));
	done(&o);
}

/* With --skip-invalid a rejected company leaves no trace, not even part of its list. */
static void test_companies_skip_invalid(void **unused)
{
	(void)unused;
	lw_ingest_opts opts = {.skip_invalid = 1};
	outcome o;
	run(&o, "companies",
	    COMPANY_HEADER "12345678,Goed,3511,25180,,\n"
			   "12345679,Fout,3511,25180;25181;12345,,\n",
	    &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 1);
	assert_int_equal(o.r.rejected, 1);
	problem_is(&o, 0, "in.csv:3: kolom 'erkend_voor': onbekende kwalificatie '12345' "
			  "(importeer eerst de kwalificaties)");
	done(&o);
	assert_query("SELECT group_concat(kvk || ':' || crebo, ' ') FROM "
		     "training_company_recognition",
		     "12345678:25180");
}

/* ---- vacancies ------------------------------------------------------------ */

#define VACANCY_KOK                                                                        \
	"vac-001,Leerbaan,Kok,Restaurant De Kok,3511AB," ESCO_INSPICIENT ",MBO-2,32,2026-03-01," \
	"2026-04-01,nee\n"
#define VACANCY_STAGE                                                                       \
	"stage_2026.1,stage,Inspiciënt,Stadsschouwburg,1017,,,,2026-03-01,2026-03-01,ja\n"

static void test_vacancies_import(void **unused)
{
	(void)unused;
	import_ok("vacancies", VACANCY_HEADER VACANCY_KOK VACANCY_STAGE, NULL, 2, 0, 0, 0);
	/* Canonical spellings; optional fields left empty are NULL; a same-day close is fine. */
	assert_query("SELECT kind || ' ' || level || ' ' || hours || ' ' || occupation_uri || "
		     "' ' || closes || ' ' || is_example FROM vacancy WHERE code = 'vac-001'",
		     "leerbaan mbo-2 32 " ESCO_INSPICIENT " 2026-04-01 0");
	assert_query("SELECT kind || ' ' || coalesce(level, occupation_uri, hours, '-') || ' ' || "
		     "closes || ' ' || is_example FROM vacancy WHERE code = 'stage_2026.1'",
		     "stage - 2026-03-01 1");

	import_ok("vacancies", VACANCY_HEADER VACANCY_KOK VACANCY_STAGE, NULL, 0, 0, 2, 0);

	/* Another spelling of the same values changes nothing; other hours do. */
	import_ok("vacancies",
		  VACANCY_HEADER "vac-001,leerbaan,Kok,Restaurant De Kok,3511 ab," ESCO_INSPICIENT
				 ",mbo-2,32,2026-03-01,2026-04-01,\n" VACANCY_STAGE,
		  NULL, 0, 0, 2, 0);
	import_ok("vacancies",
		  VACANCY_HEADER "vac-001,leerbaan,Kok,Restaurant De Kok,3511AB," ESCO_INSPICIENT
				 ",mbo-2,38,2026-03-01,2026-04-01,\n" VACANCY_STAGE,
		  NULL, 0, 1, 1, 0);
	assert_query("SELECT hours FROM vacancy WHERE code = 'vac-001'", "38");

	/* Example data becoming real counts as a change too. */
	import_ok("vacancies",
		  VACANCY_HEADER "stage_2026.1,stage,Inspiciënt,Stadsschouwburg,1017,,,,2026-03-01,"
				 "2026-03-01,nee\n",
		  NULL, 0, 1, 0, 0);
	assert_query("SELECT is_example FROM vacancy WHERE code = 'stage_2026.1'", "0");

	lw_ingest_opts prune = {.prune = 1};
	import_ok("vacancies", VACANCY_HEADER "vac-001,leerbaan,Kok,Restaurant De Kok,3511AB,"
					      ESCO_INSPICIENT ",mbo-2,38,2026-03-01,2026-04-01,\n",
		  &prune, 0, 0, 1, 1);
	assert_query("SELECT group_concat(code) FROM vacancy", "vac-001");
}

#define X10 "xxxxxxxxxx"

static void test_vacancies_bad_input(void **unused)
{
	(void)unused;
	import_ok("vacancies", VACANCY_HEADER VACANCY_KOK VACANCY_STAGE, NULL, 2, 0, 0, 0);
	outcome o;
	reject(&o, "vacancies",
	       VACANCY_HEADER "a b,vacature,T,W,3511,,,,2026-03-01,,\n"
			      X10 X10 X10 X10 X10 X10 "xxxxx,vacature,T,W,3511,,,,2026-03-01,,\n"
			      "v4,baan,T,W,3511,,,,2026-03-01,,\n"
			      "v5,vacature,,W,3511,,,,2026-03-01,,\n"
			      "v6,vacature,T,,3511,,,,2026-03-01,,\n"
			      "v7,vacature,T,W,,,,,2026-03-01,,\n"
			      "v8,vacature,T,W,3511,http://data.europa.eu/esco/occupation/onbekend,"
			      ",,2026-03-01,,\n"
			      "v9,vacature,T,W,3511,,mbo-5,,2026-03-01,,\n"
			      "v10,vacature,T,W,3511,,,0,2026-03-01,,\n"
			      "v11,vacature,T,W,3511,,,61,2026-03-01,,\n"
			      "v12,vacature,T,W,3511,,,,,,\n"
			      "v13,vacature,T,W,3511,,,,1-3-2026,,\n"
			      "v14,vacature,T,W,3511,,,,2026-02-29,,\n"
			      "v15,vacature,T,W,3511,,,,2026-03-01,2026-02-28,\n"
			      "v16,vacature,T,W,3511,,,,2026-03-01,morgen,\n"
			      "v17,vacature,T,W,3511,,,,2026-03-01,,wel\n"
			      "v/18,vacature,T,W,3511,,,,2026-03-01,,\n"
			      "v19,vacature,T,W,3511,,,,2026-03-01,,\n"
			      "v19,stage,T,W,3511,,,,2026-03-01,,\n"
			      "vac-001,vacature,Anders,W,3511,,,,2026-03-01,,\n"
			      "v22,vacature,T,W,3511,,,,2026-13-01,,\n");
	assert_int_equal(o.r.rejected, 19);
	assert_int_equal(o.r.nproblems, 19);
	problem_is(&o, 0, "bad.csv:2: kolom 'code': 'a b' is geen geldige code (letters, cijfers, "
			  "'-', '_' en '.', hoogstens 64 tekens)");
	problem_is(&o, 1, "bad.csv:3: kolom 'code': '" X10 X10 X10 X10 X10 "xxxxxxx...' is geen "
			  "geldige code (letters, cijfers, '-', '_' en '.', hoogstens 64 tekens)");
	problem_is(&o, 2, "bad.csv:4: kolom 'soort': 'baan' is geen van: vacature, leerbaan, "
			  "stage");
	problem_is(&o, 3, "bad.csv:5: kolom 'titel': is leeg, maar verplicht");
	problem_is(&o, 4, "bad.csv:6: kolom 'werkgever': is leeg, maar verplicht");
	problem_is(&o, 5, "bad.csv:7: kolom 'postcode': is leeg, maar verplicht");
	problem_is(&o, 6, "bad.csv:8: kolom 'beroep': onbekend beroep "
			  "'http://data.europa.eu/esco/occupation/onbekend' (verwacht een "
			  "ESCO-beroep-URI; importeer eerst de beroepen)");
	problem_is(&o, 7, "bad.csv:9: kolom 'niveau': 'mbo-5' is geen van: mbo-1, mbo-2, mbo-3, "
			  "mbo-4, ad, hbo, wo");
	problem_is(&o, 8, "bad.csv:10: kolom 'uren': 0 ligt buiten het bereik 1 tot en met 60");
	problem_is(&o, 9, "bad.csv:11: kolom 'uren': 61 ligt buiten het bereik 1 tot en met 60");
	problem_is(&o, 10, "bad.csv:12: kolom 'gepubliceerd': is leeg, maar verplicht");
	problem_is(&o, 11, "bad.csv:13: kolom 'gepubliceerd': '1-3-2026' is geen datum (verwacht "
			   "JJJJ-MM-DD)");
	problem_is(&o, 12, "bad.csv:14: kolom 'gepubliceerd': '2026-02-29' bestaat niet als datum");
	problem_is(&o, 13, "bad.csv:15: kolom 'sluitingsdatum': 2026-02-28 ligt voor de "
			   "publicatiedatum 2026-03-01");
	problem_is(&o, 14, "bad.csv:16: kolom 'sluitingsdatum': 'morgen' is geen datum (verwacht "
			   "JJJJ-MM-DD)");
	problem_is(&o, 15, "bad.csv:17: kolom 'voorbeeld': 'wel' is geen ja of nee");
	problem_is(&o, 16, "bad.csv:18: kolom 'code': 'v/18' is geen geldige code (letters, "
			   "cijfers, '-', '_' en '.', hoogstens 64 tekens)");
	problem_is(&o, 17, "bad.csv:20: kolom 'code': 'v19' komt twee keer voor in het bestand "
			   "(eerst op regel 19)");
	problem_is(&o, 18, "bad.csv:22: kolom 'gepubliceerd': '2026-13-01' bestaat niet als datum");
	done(&o);
}

/* ---- schemes -------------------------------------------------------------- */

/* Everything of the STAP row after its groups. */
#define STAP_REST                                                                           \
	"Scholing bij een erkende aanbieder,1000 euro per persoon,https://www.stapbudget.nl"
#define SCHEME_STAP "stap,STAP-budget,werknemer;werkzoekende;Werkgever," STAP_REST ",nee\n"
#define SCHEME_SLIM "slim,SLIM-regeling,werkgever,Voor mkb-bedrijven,,http://example.nl,ja\n"

static void test_schemes_import(void **unused)
{
	(void)unused;
	import_ok("schemes", SCHEME_HEADER SCHEME_STAP SCHEME_SLIM, NULL, 2, 0, 0, 0);
	assert_query("SELECT target_groups || ' ' || amount || ' ' || website || ' ' || is_example "
		     "FROM scheme WHERE code = 'stap'",
		     "werkgever;werknemer;werkzoekende 1000 euro per persoon "
		     "https://www.stapbudget.nl 0");
	assert_query("SELECT target_groups || ' ' || coalesce(amount, '-') || ' ' || is_example "
		     "FROM scheme WHERE code = 'slim'",
		     "werkgever - 1");

	import_ok("schemes", SCHEME_HEADER SCHEME_STAP SCHEME_SLIM, NULL, 0, 0, 2, 0);

	/* The same groups in another order and case change nothing. */
	import_ok("schemes",
		  SCHEME_HEADER "stap,STAP-budget, WERKZOEKENDE ;werkgever;;werknemer," STAP_REST
				",\n" SCHEME_SLIM,
		  NULL, 0, 0, 2, 0);

	/* Other groups, or other conditions, do. */
	import_ok("schemes",
		  SCHEME_HEADER "stap,STAP-budget,werkzoekende;professional," STAP_REST ",\n"
				"slim,SLIM-regeling,werkgever,Voor het mkb,,http://example.nl,ja\n",
		  NULL, 0, 2, 0, 0);
	assert_query("SELECT target_groups FROM scheme WHERE code = 'stap'",
		     "professional;werkzoekende");

	lw_ingest_opts prune = {.prune = 1};
	import_ok("schemes",
		  SCHEME_HEADER "slim,SLIM-regeling,werkgever,Voor het mkb,,http://example.nl,ja\n",
		  &prune, 0, 0, 1, 1);
	assert_query("SELECT group_concat(code) FROM scheme", "slim");
}

static void test_schemes_bad_input(void **unused)
{
	(void)unused;
	import_ok("schemes", SCHEME_HEADER SCHEME_STAP SCHEME_SLIM, NULL, 2, 0, 0, 0);
	outcome o;
	reject(&o, "schemes",
	       SCHEME_HEADER "s 2,N,werkgever,V,,,\n"
			     "s3,,werkgever,V,,,\n"
			     "s4,N,,V,,,\n"
			     "s5,N,; ;,V,,,\n"
			     "s6,N,werkgever;ondernemer,V,,,\n"
			     "s7,N,student;Student,V,,,\n"
			     "s8,N,werkgever,,,,\n"
			     "s9,N,werkgever,V,,www.example.nl,\n"
			     "s10,N,werkgever,V,,ftp://example.nl,\n"
			     "s11,N,werkgever,V,,,soms\n"
			     "s12,N,werkgever,V,,,\n"
			     "s12,N,werknemer,V,,,\n"
			     "slim,Anders,student,V,,,\n");
	assert_int_equal(o.r.rejected, 11);
	assert_int_equal(o.r.nproblems, 11);
	problem_is(&o, 0, "bad.csv:2: kolom 'code': 's 2' is geen geldige code (letters, cijfers, "
			  "'-', '_' en '.', hoogstens 64 tekens)");
	problem_is(&o, 1, "bad.csv:3: kolom 'naam': is leeg, maar verplicht");
	problem_is(&o, 2, "bad.csv:4: kolom 'doelgroepen': is leeg, maar verplicht");
	problem_is(&o, 3, "bad.csv:5: kolom 'doelgroepen': is leeg, maar verplicht");
	problem_is(&o, 4, "bad.csv:6: kolom 'doelgroepen': 'ondernemer' is geen doelgroep "
			  "(verwacht werkgever, werknemer, student, professional of werkzoekende)");
	problem_is(&o, 5, "bad.csv:7: kolom 'doelgroepen': 'student' staat er twee keer in");
	problem_is(&o, 6, "bad.csv:8: kolom 'voorwaarden': is leeg, maar verplicht");
	problem_is(&o, 7, "bad.csv:9: kolom 'website': 'www.example.nl' begint niet met https:// "
			  "of http://");
	problem_is(&o, 8, "bad.csv:10: kolom 'website': 'ftp://example.nl' begint niet met "
			  "https:// of http://");
	problem_is(&o, 9, "bad.csv:11: kolom 'voorbeeld': 'soms' is geen ja of nee");
	problem_is(&o, 10, "bad.csv:13: kolom 'code': 's12' komt twee keer voor in het bestand "
			   "(eerst op regel 12)");
	done(&o);
}

/* ---- headers -------------------------------------------------------------- */

static void test_headers(void **unused)
{
	(void)unused;
	outcome o;
	reject(&o, "companies", "kvk,naam,postcode\n12345678,A,3511\n");
	assert_non_null(strstr(o.err.msg, "ontbrekende kolommen: 'erkend_voor'. Verwacht de "
					  "kolommen (volgorde vrij): kvk,naam,postcode,erkend_voor,"
					  "open_plaatsen,voorbeeld."));
	done(&o);
	reject(&o, "vacancies", "code,soort,titel,werkgever,postcode\nv1,stage,T,W,3511\n");
	assert_non_null(strstr(o.err.msg, "ontbrekende kolommen: 'gepubliceerd'"));
	done(&o);
	reject(&o, "schemes", "code,naam,voorwaarden\ns1,N,V\n");
	assert_non_null(strstr(o.err.msg, "ontbrekende kolommen: 'doelgroepen'"));
	done(&o);

	/* Only the required columns, in another order: the defaults apply. */
	import_ok("companies", "erkend_voor,postcode,naam,kvk\n25180,3511,A,12345678\n", NULL, 1, 0,
		  0, 0);
	assert_query("SELECT places || ' ' || is_example FROM training_company", "0 0");
	import_ok("vacancies",
		  "gepubliceerd,postcode,werkgever,titel,soort,code\n2028-02-29,3511,W,T,stage,"
		  X10 X10 X10 X10 X10 X10 "xxxx\n",
		  NULL, 1, 0, 0, 0);
	assert_query("SELECT length(code) || ' ' || is_example FROM vacancy", "64 0");
	import_ok("schemes", "voorwaarden,doelgroepen,naam,code\nV,student,N,s.1\n", NULL, 1, 0, 0,
		  0);
	assert_query("SELECT coalesce(amount, website, '-') || ' ' || is_example FROM scheme",
		     "- 0");
}

/* ---- out of memory -------------------------------------------------------- */

/*
 * Imports text (of rows rows) with every allocation after the first n
 * failing, for n = 0, 1, ... until it succeeds: each failed run reports
 * running out of memory, not a bad row, leaks nothing (ASan) and leaves the
 * store as it was.
 */
static void fail_each_allocation(const char *kind, const char *text, long rows)
{
	char *before = snapshot();
	char *p = tu_path(DIR, "oom.csv");
	tu_writes(p, text);
	int succeeded = 0;
	for (long n = 0; n < 2000 && !succeeded; n++) {
		outcome o;
		memset(&o, 0, sizeof o);
		lw_mem_fail_after(n);
		o.rc = lw_ingest_file(S, lw_ingest_find(kind), p, NULL, &o.r, &o.err);
		lw_mem_fail_after(-1);
		if (o.rc == LW_OK) {
			succeeded = 1;
		} else {
			if (o.rc != LW_ENOMEM)
				print_error("allocation %ld: %d %s\n", n, o.rc, o.err.msg);
			assert_int_equal(o.rc, LW_ENOMEM);
			char *after = snapshot();
			assert_string_equal(before, after);
			free(after);
		}
		done(&o);
	}
	assert_true(succeeded);
	/* The run that succeeded wrote every row: importing again changes nothing. */
	import_ok(kind, text, NULL, 0, 0, rows, 0);
	free(before);
	free(p);
}

static void test_allocation_failures(void **unused)
{
	(void)unused;
	import_ok("companies", COMPANY_HEADER COMPANY_KOK, NULL, 1, 0, 0, 0);
	fail_each_allocation("companies",
			     COMPANY_HEADER "12345678,Restaurant De Kok,3511AB,25182;25180,2,\n"
					    COMPANY_CAFE,
			     2);
	fail_each_allocation("vacancies", VACANCY_HEADER VACANCY_KOK VACANCY_STAGE, 2);
	fail_each_allocation("schemes", SCHEME_HEADER SCHEME_STAP SCHEME_SLIM, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_companies_import, empty_registers),
		cmocka_unit_test_setup(test_companies_bad_input, empty_registers),
		cmocka_unit_test_setup(test_companies_skip_invalid, empty_registers),
		cmocka_unit_test_setup(test_vacancies_import, empty_registers),
		cmocka_unit_test_setup(test_vacancies_bad_input, empty_registers),
		cmocka_unit_test_setup(test_schemes_import, empty_registers),
		cmocka_unit_test_setup(test_schemes_bad_input, empty_registers),
		cmocka_unit_test_setup(test_headers, empty_registers),
		cmocka_unit_test_setup(test_allocation_failures, empty_registers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

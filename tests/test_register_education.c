/*
 * test_register_education.c - the importers of the education registers
 * (docs/formats/registers.md: providers, offerings, evc): good files are
 * upserted idempotently with their child rows, every check of the format
 * rejects a bad row with its exact message and leaves the store as it was.
 */
#include "testutil.h"

#include "lw_ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


TU_REFERENCE_GROUP("register-education")

/* The tables these importers write, as text: to prove a failed import changed nothing. */
static char *snapshot(void)
{
	static const char *const tables[] = {"provider",      "provider_location", "offering",
					     "evc_procedure", "evc_region",	   "import_log", NULL};
	return tu_snapshot(S, tables);
}

/* The first column of the first row of sql as text ("NULL" for none) is want. */
static void assert_query(const char *sql, const char *want)
{
	tu_assert_query(S, sql, want);
}

static void sql(const char *text)
{
	tu_exec(S, text);
}

/* Empties the registers, children first (they are not pruned through their parents). */
static void wipe(void)
{
	sql("DELETE FROM evc_procedure; DELETE FROM offering; DELETE FROM provider");
}

typedef struct outcome {
	int rc;
	lw_err err;
	lw_ingest_result r;
} outcome;

static void run(outcome *o, const char *kind, const char *name, const char *text,
		const lw_ingest_opts *opts)
{
	char *p = tu_path(DIR, name);
	tu_writes(p, text);
	memset(o, 0, sizeof *o);
	o->rc = lw_ingest_file(S, lw_ingest_find(kind), p, opts, &o->r, &o->err);
	free(p);
}

/* Imports text, which must succeed with these counts. */
static void import_ok(const char *kind, const char *text, const lw_ingest_opts *opts, long added,
		      long changed, long unchanged, long pruned)
{
	outcome o;
	run(&o, kind, "in.csv", text, opts);
	if (o.rc != LW_OK)
		fail_msg("%s: %s (%s)", kind, o.err.msg,
			 o.r.nproblems ? o.r.problems[0] : "no problem reported");
	assert_int_equal(o.r.added, added);
	assert_int_equal(o.r.changed, changed);
	assert_int_equal(o.r.unchanged, unchanged);
	assert_int_equal(o.r.pruned, pruned);
	assert_int_equal(o.r.rejected, 0);
	lw_ingest_result_free(&o.r);
}

/*
 * Imports text, which must be rejected with exactly one problem, want
 * ("LINE: kolom 'X': reason", after "FILE:"), and change nothing.
 */
static void reject_one(const char *kind, const char *text, const char *want)
{
	char *before = snapshot();
	outcome o;
	run(&o, kind, "bad.csv", text, NULL);
	char *after = snapshot();
	assert_int_equal(o.rc, LW_EINPUT);
	assert_string_equal(before, after);
	char *path = tu_path(DIR, "bad.csv");
	lw_buf full = LW_BUF_INIT;
	lw_buf_printf(&full, "%s:%s", path, want);
	if (o.r.nproblems != 1 || strcmp(o.r.problems[0], full.data) != 0)
		fail_msg("%s: want '%s', got %zu problems, first '%s' (error: %s)", kind, full.data,
			 o.r.nproblems, o.r.nproblems ? o.r.problems[0] : "", o.err.msg);
	lw_buf_free(&full);
	free(path);
	free(before);
	free(after);
	lw_ingest_result_free(&o.r);
}

/*
 * One bad row and its message. Each is imported after a good row, on line
 * 3, so that a rejection is seen to undo the good row too.
 */
typedef struct bad_row {
	const char *row;
	const char *want;
} bad_row;

static void reject_rows(const char *kind, const char *header_and_good_row, const bad_row *bad,
			size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lw_buf text = LW_BUF_INIT;
		lw_buf_printf(&text, "%s%s\n", header_and_good_row, bad[i].row);
		reject_one(kind, text.data, bad[i].want);
		lw_buf_free(&text);
	}
}

#define PROVIDER_HEADER "code,naam,soort,website,vestigingen,voorbeeld\n"
#define PROVIDERS                                                                            \
	PROVIDER_HEADER "25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl,3511 ab;3521,\n"  \
			"12345678,Opleidingen BV,Private Opleider,,,nee\n"                    \
			"30RW,Proefschool,EVC-aanbieder,http://proef.example,3584,ja\n"

#define LOCATIONS_OF(code)                                                                   \
	"SELECT group_concat(postcode, ';') FROM (SELECT postcode FROM provider_location "    \
	"WHERE provider_code = '" code "' ORDER BY 1)"
#define REGIONS_OF(code)                                                                     \
	"SELECT group_concat(region_code, ';') FROM (SELECT region_code FROM evc_region "     \
	"WHERE evc_code = '" code "' ORDER BY 1)"

/* 64 characters: the longest code of an offering or EVC procedure. */
#define CODE64 "Abcdefghij-abcdefghij_abcdefghij.abcdefghij0123456789abcdefghijk"

static void load_providers(void)
{
	wipe();
	import_ok("providers", PROVIDERS, NULL, 3, 0, 0, 0);
}

/* ---- providers --------------------------------------------------------- */

static void test_providers_import(void **unused)
{
	(void)unused;
	load_providers();
	assert_query("SELECT name || '|' || kind || '|' || website || '|' || is_example FROM "
		     "provider WHERE code = '25PZ'",
		     "ROC Midden Nederland|ROC|https://www.rocmn.nl|0");
	/* The kind in its canonical spelling; no website is NULL. */
	assert_query("SELECT kind || '|' || coalesce(website, 'NULL') || '|' || is_example FROM "
		     "provider WHERE code = '12345678'",
		     "private opleider|NULL|0");
	assert_query("SELECT is_example FROM provider WHERE code = '30RW'", "1");
	assert_query(LOCATIONS_OF("25PZ"), "3511AB;3521");
	assert_query(LOCATIONS_OF("12345678"), "NULL");

	/* The same file again changes nothing. */
	import_ok("providers", PROVIDERS, NULL, 0, 0, 3, 0);

	/* A renamed provider is changed. */
	const char renamed[] = PROVIDER_HEADER
		"25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl,3511 ab;3521,\n"
		"12345678,Opleidingen Utrecht BV,Private Opleider,,,nee\n"
		"30RW,Proefschool,EVC-aanbieder,http://proef.example,3584,ja\n";
	import_ok("providers", renamed, NULL, 0, 1, 2, 0);
	assert_query("SELECT name FROM provider WHERE code = '12345678'", "Opleidingen Utrecht BV");

	/* Only the locations differ: changed, and the location rows are rewritten. */
	const char moved[] = PROVIDER_HEADER
		"25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl,3521;3584 CS,\n"
		"12345678,Opleidingen Utrecht BV,Private Opleider,,,nee\n"
		"30RW,Proefschool,EVC-aanbieder,http://proef.example,3584,ja\n";
	import_ok("providers", moved, NULL, 0, 1, 2, 0);
	assert_query(LOCATIONS_OF("25PZ"), "3521;3584CS");

	/* Another order and spelling of the same locations is no change. */
	const char reordered[] = PROVIDER_HEADER
		"25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl, 3584cs ; 3521 ;,\n"
		"12345678,Opleidingen Utrecht BV,Private Opleider,,,nee\n"
		"30RW,Proefschool,EVC-aanbieder,http://proef.example,3584,ja\n";
	import_ok("providers", reordered, NULL, 0, 0, 3, 0);

	/* Columns in another order, optional ones left out. */
	import_ok("providers", "soort,code,naam\nhogeschool,41NX,Hogeschool Proef\n", NULL, 1, 0,
		  0, 0);
	assert_query("SELECT kind || '|' || is_example FROM provider WHERE code = '41NX'",
		     "hogeschool|0");

	/* --prune removes the providers the file lacks, with their locations. */
	lw_ingest_opts prune = {.prune = 1};
	import_ok("providers", moved, &prune, 0, 0, 3, 1);
	assert_query("SELECT count(*) FROM provider WHERE code = '41NX'", "0");
	const char two[] = PROVIDER_HEADER
		"25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl,3521;3584 CS,\n"
		"12345678,Opleidingen Utrecht BV,Private Opleider,,,nee\n";
	import_ok("providers", two, &prune, 0, 0, 2, 1);
	assert_query("SELECT count(*) FROM provider_location WHERE provider_code = '30RW'", "0");
	wipe();
}

static void test_providers_bad_input(void **unused)
{
	(void)unused;
	load_providers();
	static const bad_row bad[] = {
		{",Naam,ROC,,,", "3: kolom 'code': is leeg, maar verplicht"},
		{"25pz,Naam,ROC,,,",
		 "3: kolom 'code': '25pz' is geen BRIN-code (2 cijfers en 2 hoofdletters, zoals "
		 "25PZ) of KvK-nummer (8 cijfers)"},
		{"1234567,Naam,ROC,,,",
		 "3: kolom 'code': '1234567' is geen BRIN-code (2 cijfers en 2 hoofdletters, zoals "
		 "25PZ) of KvK-nummer (8 cijfers)"},
		{"25PZ,,ROC,,,", "3: kolom 'naam': is leeg, maar verplicht"},
		{"25PZ,Naam,,,,", "3: kolom 'soort': is leeg, maar verplicht"},
		{"25PZ,Naam,school,,,",
		 "3: kolom 'soort': 'school' is geen van: ROC, AOC, vakinstelling, hogeschool, "
		 "universiteit, private opleider, EVC-aanbieder"},
		{"25PZ,Naam,ROC,www.rocmn.nl,,",
		 "3: kolom 'website': 'www.rocmn.nl' begint niet met https:// of http://"},
		{"25PZ,Naam,ROC,,3511;35,",
		 "3: kolom 'vestigingen': '35' is geen postcode (4 cijfers van 1000 tot en met "
		 "9999, eventueel gevolgd door 2 letters)"},
		{"25PZ,Naam,ROC,,3511AB;3521;3511 ab,",
		 "3: kolom 'vestigingen': '3511AB' staat er twee keer in"},
		{"25PZ,Naam,ROC,,,misschien",
		 "3: kolom 'voorbeeld': 'misschien' is geen ja of nee"},
		{"99XX,Ander,ROC,,,",
		 "3: kolom 'code': '99XX' komt twee keer voor in het bestand (eerst op regel 2)"},
	};
	reject_rows("providers", PROVIDER_HEADER "99XX,Nieuw,ROC,,3511,\n", bad,
		    sizeof bad / sizeof bad[0]);

	/* A required column missing from the header. */
	char *before = snapshot();
	outcome o;
	run(&o, "providers", "bad.csv", "code,naam\n25PZ,ROC\n", NULL);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "ontbrekende kolommen: 'soort'"));
	lw_ingest_result_free(&o.r);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	wipe();
}

/* A provider that offerings still refer to cannot be pruned; nothing changes. */
static void test_provider_prune_refused(void **unused)
{
	(void)unused;
	load_providers();
	import_ok("offerings",
		  "code,aanbieder,crebo,postcode,leerweg\no-1,30RW,25078,3584,BOL\n", NULL, 1, 0,
		  0, 0);
	char *before = snapshot();
	lw_ingest_opts prune = {.prune = 1};
	outcome o;
	run(&o, "providers", "in.csv",
	    PROVIDER_HEADER "25PZ,ROC Midden Nederland,roc,https://www.rocmn.nl,3511 ab;3521,\n"
			    "12345678,Opleidingen BV,Private Opleider,,,nee\n",
	    &prune);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "kan '30RW' niet verwijderen (--prune)"));
	lw_ingest_result_free(&o.r);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	wipe();
}

/* ---- offerings --------------------------------------------------------- */

#define OFFERING_HEADER                                                                      \
	"code,aanbieder,crebo,titel,postcode,leerweg,startmomenten,duur_maanden,kosten,taal,"  \
	"voorbeeld\n"
#define OFFERINGS                                                                            \
	OFFERING_HEADER "o-beton,25PZ,25078,,3511AB,bbl,2026-09-01; 2026-02-01,24,,,\n"       \
			"o.cursus_1,12345678,,Cursus veilig werken,3521,cursus,,3,\"12,50\",EN," \
			"ja\n" CODE64 ",25PZ,25079,Eigen titel,3584 cs,BOL,,,1250,de,nee\n"

static void test_offerings_import(void **unused)
{
	(void)unused;
	load_providers();
	import_ok("offerings", OFFERINGS, NULL, 3, 0, 0, 0);
	/* With a crebo and no title, the qualification's name is the title. */
	assert_query("SELECT provider_code || '|' || crebo || '|' || title || '|' || postcode || "
		     "'|' || pathway || '|' || starts || '|' || months || '|' || "
		     "coalesce(cost_cents, 'NULL') || '|' || language || '|' || is_example FROM "
		     "offering WHERE code = 'o-beton'",
		     "25PZ|25078|Betonboorder|3511AB|BBL|2026-02-01;2026-09-01|24|NULL|nl|0");
	/* A free-standing course: no crebo, no start dates; voorbeeld=ja. */
	assert_query("SELECT coalesce(crebo, 'NULL') || '|' || title || '|' || pathway || '|' || "
		     "coalesce(starts, 'NULL') || '|' || cost_cents || '|' || language || '|' || "
		     "is_example FROM offering WHERE code = 'o.cursus_1'",
		     "NULL|Cursus veilig werken|cursus|NULL|1250|en|1");
	assert_query("SELECT title || '|' || postcode || '|' || cost_cents || '|' || language "
		     "FROM offering WHERE code = '" CODE64 "'",
		     "Eigen titel|3584CS|125000|de");

	/* The same file again changes nothing. */
	import_ok("offerings", OFFERINGS, NULL, 0, 0, 3, 0);

	/* Another price is a change; another order of the start dates is not. */
	const char changed[] =
		OFFERING_HEADER "o-beton,25PZ,25078,,3511AB,bbl,2026-02-01;2026-09-01,24,,,\n"
				"o.cursus_1,12345678,,Cursus veilig werken,3521,cursus,,3,15,EN,"
				"ja\n" CODE64 ",25PZ,25079,Eigen titel,3584 cs,BOL,,,1250,de,nee\n";
	import_ok("offerings", changed, NULL, 0, 1, 2, 0);
	assert_query("SELECT cost_cents FROM offering WHERE code = 'o.cursus_1'", "1500");

	/* Optional columns may be left out of the header; the order is free. */
	import_ok("offerings",
		  "leerweg,postcode,aanbieder,code,crebo\nBOL,3511,25PZ,o-min,25079\n", NULL, 1,
		  0, 0, 0);
	assert_query("SELECT title || '|' || language || '|' || is_example FROM offering WHERE "
		     "code = 'o-min'",
		     "Allround betonreparateur|nl|0");

	/* --prune removes the offerings the file lacks. */
	lw_ingest_opts prune = {.prune = 1};
	import_ok("offerings",
		  OFFERING_HEADER "o-beton,25PZ,25078,,3511AB,BBL,2026-02-01;2026-09-01,24,,,\n",
		  &prune, 0, 0, 1, 3);
	assert_query("SELECT group_concat(code) FROM offering", "o-beton");
	wipe();
}

static void test_offerings_bad_input(void **unused)
{
	(void)unused;
	load_providers();
	import_ok("offerings", OFFERINGS, NULL, 3, 0, 0, 0);
	static const bad_row bad[] = {
		{",25PZ,25078,,3511,BOL,,,,,", "3: kolom 'code': is leeg, maar verplicht"},
		{"o 1,25PZ,25078,,3511,BOL,,,,,",
		 "3: kolom 'code': 'o 1' is geen geldige code (letters, cijfers, '-', '_' en '.', "
		 "hoogstens 64 tekens)"},
		{"o/1,25PZ,25078,,3511,BOL,,,,,",
		 "3: kolom 'code': 'o/1' is geen geldige code (letters, cijfers, '-', '_' en '.', "
		 "hoogstens 64 tekens)"},
		{"o-1,,25078,,3511,BOL,,,,,", "3: kolom 'aanbieder': is leeg, maar verplicht"},
		{"o-1,00XX,25078,,3511,BOL,,,,,",
		 "3: kolom 'aanbieder': onbekende aanbieder '00XX' (importeer eerst de "
		 "aanbieders)"},
		{"o-1,25PZ,2507,,3511,BOL,,,,,",
		 "3: kolom 'crebo': '2507' is geen geldige code (verwacht 5 cijfers)"},
		{"o-1,25PZ,99999,,3511,BOL,,,,,",
		 "3: kolom 'crebo': onbekende kwalificatie '99999' (importeer eerst de "
		 "kwalificaties)"},
		{"o-1,25PZ,,,3511,cursus,,,,,",
		 "3: kolom 'titel': is leeg, maar verplicht als crebo leeg is"},
		{"o-1,25PZ,25078,,,BOL,,,,,", "3: kolom 'postcode': is leeg, maar verplicht"},
		{"o-1,25PZ,25078,,0123,BOL,,,,,",
		 "3: kolom 'postcode': '0123' is geen postcode (4 cijfers van 1000 tot en met "
		 "9999, eventueel gevolgd door 2 letters)"},
		{"o-1,25PZ,25078,,3511,,,,,,", "3: kolom 'leerweg': is leeg, maar verplicht"},
		{"o-1,25PZ,25078,,3511,avond,,,,,",
		 "3: kolom 'leerweg': 'avond' is geen van: BOL, BBL, deeltijd, voltijd, Associate "
		 "degree, cursus"},
		{"o-1,25PZ,25078,,3511,BOL,1-9-2026,,,,",
		 "3: kolom 'startmomenten': '1-9-2026' is geen datum (verwacht JJJJ-MM-DD)"},
		{"o-1,25PZ,25078,,3511,BOL,2026-09-01;2026-02-30,,,,",
		 "3: kolom 'startmomenten': '2026-02-30' bestaat niet als datum"},
		{"o-1,25PZ,25078,,3511,BOL,2026-09-01;2026-09-01,,,,",
		 "3: kolom 'startmomenten': '2026-09-01' staat er twee keer in"},
		{"o-1,25PZ,25078,,3511,BOL,,0,,,",
		 "3: kolom 'duur_maanden': 0 ligt buiten het bereik 1 tot en met 120"},
		{"o-1,25PZ,25078,,3511,BOL,,121,,,",
		 "3: kolom 'duur_maanden': 121 ligt buiten het bereik 1 tot en met 120"},
		{"o-1,25PZ,25078,,3511,BOL,,zes,,,",
		 "3: kolom 'duur_maanden': 'zes' is geen geheel getal"},
		{"o-1,25PZ,25078,,3511,BOL,,,\"1.250,00\",,",
		 "3: kolom 'kosten': '1.250,00' is geen bedrag in euro's (bijvoorbeeld 300 of "
		 "12,50)"},
		{"o-1,25PZ,25078,,3511,BOL,,,,es,",
		 "3: kolom 'taal': 'es' is geen van: nl, en, de, fr"},
		{"o-1,25PZ,25078,,3511,BOL,,,,,x", "3: kolom 'voorbeeld': 'x' is geen ja of nee"},
		{"o-0,25PZ,25078,,3511,BOL,,,,,",
		 "3: kolom 'code': 'o-0' komt twee keer voor in het bestand (eerst op regel 2)"},
	};
	reject_rows("offerings", OFFERING_HEADER "o-0,25PZ,25078,,3511,BOL,,,,,\n", bad,
		    sizeof bad / sizeof bad[0]);

	/* One character over the limit; the message shows the start of the code. */
	reject_one("offerings", OFFERING_HEADER CODE64 "x,25PZ,25078,,3511,BOL,,,,,\n",
		   "2: kolom 'code': 'Abcdefghij-abcdefghij_abcdefghij.abcdefghij0123456789abcd..."
		   "' is geen geldige code (letters, cijfers, '-', '_' en '.', hoogstens 64 "
		   "tekens)");
	wipe();
}

/* ---- EVC procedures ---------------------------------------------------- */

#define EVC_HEADER                                                                           \
	"code,aanbieder,crebo,standaard,regios,prijs,duur_weken,geaccrediteerd_tot,voorbeeld\n"
#define EVCS                                                                                 \
	EVC_HEADER "evc-beton,30RW,25078,,am13; AM14,\"1250,00\",12,2027-06-30,\n"            \
		   "evc-zorg,30RW,,Branchestandaard Zorg,AM14,,,2020-01-01,ja\n"

static void test_evc_import(void **unused)
{
	(void)unused;
	load_providers();
	import_ok("evc", EVCS, NULL, 2, 0, 0, 0);
	assert_query("SELECT provider_code || '|' || crebo || '|' || coalesce(standard, 'NULL') "
		     "|| '|' || price_cents || '|' || weeks || '|' || accredited_until || '|' || "
		     "is_example FROM evc_procedure WHERE code = 'evc-beton'",
		     "30RW|25078|NULL|125000|12|2027-06-30|0");
	assert_query(REGIONS_OF("evc-beton"), "AM13;AM14");
	/* By a standard, without a crebo; an accreditation that has ended is kept. */
	assert_query("SELECT coalesce(crebo, 'NULL') || '|' || standard || '|' || "
		     "coalesce(price_cents, 'NULL') || '|' || coalesce(weeks, 'NULL') || '|' || "
		     "accredited_until || '|' || is_example FROM evc_procedure WHERE code = "
		     "'evc-zorg'",
		     "NULL|Branchestandaard Zorg|NULL|NULL|2020-01-01|1");

	/* The same file again changes nothing. */
	import_ok("evc", EVCS, NULL, 0, 0, 2, 0);

	/* Another duration is a change. */
	const char longer[] = EVC_HEADER
		"evc-beton,30RW,25078,,am13; AM14,\"1250,00\",10,2027-06-30,\n"
		"evc-zorg,30RW,,Branchestandaard Zorg,AM14,,,2020-01-01,ja\n";
	import_ok("evc", longer, NULL, 0, 1, 1, 0);
	assert_query("SELECT weeks FROM evc_procedure WHERE code = 'evc-beton'", "10");

	/* Only the regions differ: changed, and the region rows are rewritten. */
	const char regions[] = EVC_HEADER
		"evc-beton,30RW,25078,,AM14;AM13,\"1250,00\",10,2027-06-30,\n"
		"evc-zorg,30RW,,Branchestandaard Zorg,AM18;AM14,,,2020-01-01,ja\n";
	import_ok("evc", regions, NULL, 0, 1, 1, 0);
	assert_query(REGIONS_OF("evc-zorg"), "AM14;AM18");
	assert_query(REGIONS_OF("evc-beton"), "AM13;AM14");

	/* --prune removes the procedures the file lacks, with their regions. */
	lw_ingest_opts prune = {.prune = 1};
	import_ok("evc", EVC_HEADER "evc-beton,30RW,25078,,AM14;AM13,\"1250,00\",10,2027-06-30,\n",
		  &prune, 0, 0, 1, 1);
	assert_query("SELECT group_concat(code) FROM evc_procedure", "evc-beton");
	assert_query("SELECT count(*) FROM evc_region WHERE evc_code = 'evc-zorg'", "0");
	wipe();
}

static void test_evc_bad_input(void **unused)
{
	(void)unused;
	load_providers();
	import_ok("evc", EVCS, NULL, 2, 0, 0, 0);
	static const bad_row bad[] = {
		{",30RW,25078,,AM13,,,2027-01-01,", "3: kolom 'code': is leeg, maar verplicht"},
		{"e 1,30RW,25078,,AM13,,,2027-01-01,",
		 "3: kolom 'code': 'e 1' is geen geldige code (letters, cijfers, '-', '_' en '.', "
		 "hoogstens 64 tekens)"},
		{"e-1,,25078,,AM13,,,2027-01-01,", "3: kolom 'aanbieder': is leeg, maar verplicht"},
		{"e-1,99ZZ,25078,,AM13,,,2027-01-01,",
		 "3: kolom 'aanbieder': onbekende aanbieder '99ZZ' (importeer eerst de "
		 "aanbieders)"},
		{"e-1,30RW,250780,,AM13,,,2027-01-01,",
		 "3: kolom 'crebo': '250780' is geen geldige code (verwacht 5 cijfers)"},
		{"e-1,30RW,12345,,AM13,,,2027-01-01,",
		 "3: kolom 'crebo': onbekende kwalificatie '12345' (importeer eerst de "
		 "kwalificaties)"},
		{"e-1,30RW,,,AM13,,,2027-01-01,",
		 "3: kolom 'standaard': is leeg, maar verplicht als crebo leeg is"},
		{"e-1,30RW,25078,,,,,2027-01-01,", "3: kolom 'regios': is leeg, maar verplicht"},
		{"e-1,30RW,25078,,; ;,,,2027-01-01,", "3: kolom 'regios': is leeg, maar verplicht"},
		{"e-1,30RW,25078,,AM13;Utrecht,,,2027-01-01,",
		 "3: kolom 'regios': 'Utrecht' is geen regiocode (AM + 2 cijfers)"},
		{"e-1,30RW,25078,,AM13;AM99,,,2027-01-01,",
		 "3: kolom 'regios': onbekende arbeidsmarktregio 'AM99' (importeer eerst de "
		 "regio's)"},
		{"e-1,30RW,25078,,am13;AM13,,,2027-01-01,",
		 "3: kolom 'regios': 'AM13' staat er twee keer in"},
		{"e-1,30RW,25078,,AM13,gratis,,2027-01-01,",
		 "3: kolom 'prijs': 'gratis' is geen bedrag in euro's (bijvoorbeeld 300 of 12,50)"},
		{"e-1,30RW,25078,,AM13,,0,2027-01-01,",
		 "3: kolom 'duur_weken': 0 ligt buiten het bereik 1 tot en met 520"},
		{"e-1,30RW,25078,,AM13,,521,2027-01-01,",
		 "3: kolom 'duur_weken': 521 ligt buiten het bereik 1 tot en met 520"},
		{"e-1,30RW,25078,,AM13,,,,",
		 "3: kolom 'geaccrediteerd_tot': is leeg, maar verplicht"},
		{"e-1,30RW,25078,,AM13,,,31-12-2027,",
		 "3: kolom 'geaccrediteerd_tot': '31-12-2027' is geen datum (verwacht JJJJ-MM-DD)"},
		{"e-1,30RW,25078,,AM13,,,2027-13-01,",
		 "3: kolom 'geaccrediteerd_tot': '2027-13-01' bestaat niet als datum"},
		{"e-1,30RW,25078,,AM13,,,2027-01-01,soms",
		 "3: kolom 'voorbeeld': 'soms' is geen ja of nee"},
		{"e-0,30RW,,Eigen standaard,AM13,,,2027-01-01,",
		 "3: kolom 'code': 'e-0' komt twee keer voor in het bestand (eerst op regel 2)"},
	};
	reject_rows("evc", EVC_HEADER "e-0,30RW,25078,,AM13,,,2027-01-01,\n", bad,
		    sizeof bad / sizeof bad[0]);
	wipe();
}

/* ---- out of memory ----------------------------------------------------- */

/*
 * Every allocation of an EVC import (reference maps, lists, child rows,
 * keys) fails once in turn: each failure is an error that changes nothing,
 * and nothing leaks (the sanitizer build checks).
 */
static void test_allocation_failures(void **unused)
{
	(void)unused;
	load_providers();
	char *p = tu_path(DIR, "oom.csv");
	tu_writes(p, EVCS);
	char *before = snapshot();
	int succeeded = 0;
	for (long n = 0; n < 1000 && !succeeded; n++) {
		outcome o;
		memset(&o, 0, sizeof o);
		lw_mem_fail_after(n);
		o.rc = lw_ingest_file(S, lw_ingest_find("evc"), p, NULL, &o.r, &o.err);
		lw_mem_fail_after(-1);
		if (o.rc == LW_OK) {
			succeeded = 1;
		} else {
			/* An allocation failure is never passed off as a bad row. */
			assert_int_not_equal(o.rc, LW_EINPUT);
			char *after = snapshot();
			assert_string_equal(before, after);
			free(after);
		}
		lw_ingest_result_free(&o.r);
	}
	assert_true(succeeded);
	assert_query(REGIONS_OF("evc-beton"), "AM13;AM14");
	free(before);
	free(p);
	wipe();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_providers_import),
		cmocka_unit_test(test_providers_bad_input),
		cmocka_unit_test(test_provider_prune_refused),
		cmocka_unit_test(test_offerings_import),
		cmocka_unit_test(test_offerings_bad_input),
		cmocka_unit_test(test_evc_import),
		cmocka_unit_test(test_evc_bad_input),
		cmocka_unit_test(test_allocation_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

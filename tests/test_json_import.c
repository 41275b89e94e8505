/*
 * test_json_import.c - the JSON kinds: offerings-ooapi (OOAPI v5 into
 * providers and offerings) and vacancies-jsonld (schema.org JobPosting into
 * vacancies). Good files upsert idempotently through the CSV kinds' row
 * functions; every bad input is reported as FILE:PATH: veld 'X': reden (or
 * FILE:LINE:COLUMN for JSON that does not parse), and after a failed import
 * the store is exactly as it was.
 *
 * Fixtures are written with ' for " (JSON needs no ' here), so that they
 * read as JSON in this file.
 */
#include "testutil.h"

#include "lw_ingest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define ESCO_INSPICIENT "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"

TU_REFERENCE_GROUP("json-import")

static void sql(const char *text)
{
	tu_exec(S, text);
}

/* Each test starts from empty registers. */
static int empty_registers(void **unused)
{
	(void)unused;
	sql("DELETE FROM offering; DELETE FROM evc_procedure; DELETE FROM provider; "
	    "DELETE FROM vacancy");
	return 0;
}

/* Every table these imports write, import_log too: a failed import changes none. */
static char *snapshot(void)
{
	static const char *const tables[] = {"provider", "provider_location", "offering",
					     "vacancy",	 "import_log",	      NULL};
	return tu_snapshot(S, tables);
}

/* The registers only: importing a file again leaves them as they were. */
static char *registers(void)
{
	static const char *const tables[] = {"provider", "provider_location", "offering",
					     "vacancy", NULL};
	return tu_snapshot(S, tables);
}

/* The first column of the first row of sql as text ("NULL" for none). */
static void assert_query(const char *query, const char *want)
{
	tu_assert_query(S, query, want);
}

/* text with every ' turned into "; caller frees. */
static char *J(const char *text)
{
	char *s = lw_strdup(text);
	assert_non_null(s);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	return s;
}

/*
 * base (with ' for ") with the members of extra (an object with ' for ",
 * or NULL) put over it, as JSON text; caller frees.
 */
static char *over(const char *base, const char *extra)
{
	char *b = J(base);
	if (!extra)
		return b;
	char *e = J(extra);
	json_error_t je;
	json_t *jb = json_loads(b, JSON_DECODE_ANY, &je);
	json_t *jx = jb ? json_loads(e, 0, &je) : NULL;
	if (!jx || json_object_update(jb, jx) != 0)
		fail_msg("fixture %s / %s: %s", b, e, je.text);
	char *out = json_dumps(jb, JSON_COMPACT);
	assert_non_null(out);
	json_decref(jb);
	json_decref(jx);
	free(b);
	free(e);
	return out;
}

typedef struct outcome {
	int rc;
	lw_err err;
	lw_ingest_result r[LW_INGEST_PARTS_MAX];
	size_t n;
} outcome;

/* Writes text (with ' for ") to DIR/name and imports it as kind. */
static void run(outcome *o, const char *kind, const char *name, const char *text,
		const lw_ingest_opts *opts)
{
	char *p = tu_path(DIR, name);
	char *json = J(text);
	tu_writes(p, json);
	memset(o, 0, sizeof *o);
	o->rc = lw_ingest_file_parts(S, lw_ingest_find(kind), p, opts, o->r, &o->n, &o->err);
	free(json);
	free(p);
}

static void done(outcome *o)
{
	for (size_t i = 0; i < LW_INGEST_PARTS_MAX; i++)
		lw_ingest_result_free(&o->r[i]);
}

/* Part i succeeded with these counts. */
static void assert_counts(const outcome *o, size_t i, long added, long changed, long unchanged,
			  long rejected)
{
	if (o->rc != LW_OK)
		fail_msg("%s (%s)", o->err.msg, o->r[i].nproblems ? o->r[i].problems[0] : "");
	assert_true(i < o->n);
	assert_int_equal(o->r[i].added, added);
	assert_int_equal(o->r[i].changed, changed);
	assert_int_equal(o->r[i].unchanged, unchanged);
	assert_int_equal(o->r[i].rejected, rejected);
}

/*
 * Imports text, which must be rejected with exactly one problem,
 * "FILE:" + want, and change nothing at all.
 */
static void reject_one(const char *kind, const char *text, const char *want)
{
	char *before = snapshot();
	outcome o;
	run(&o, kind, "bad.json", text, NULL);
	char *after = snapshot();
	char *path = tu_path(DIR, "bad.json");
	lw_buf full = LW_BUF_INIT;
	lw_buf_printf(&full, "%s:%s", path, want);
	size_t n = 0;
	const char *first = "";
	for (size_t i = 0; i < o.n; i++) {
		if (!n && o.r[i].nproblems)
			first = o.r[i].problems[0];
		n += o.r[i].nproblems;
	}
	if (o.rc != LW_EINPUT || n != 1 || strcmp(first, full.data) != 0)
		fail_msg("%s: want '%s', got rc %d, %zu problems, first '%s' (error: %s)", kind,
			 full.data, o.rc, n, first, o.err.msg);
	assert_string_equal(before, after);
	lw_buf_free(&full);
	free(path);
	free(before);
	free(after);
	done(&o);
}

/* Imports text, which must fail as a whole file with err "FILE" + want. */
static void reject_file(const char *kind, const char *text, const char *want)
{
	char *before = snapshot();
	outcome o;
	run(&o, kind, "bad.json", text, NULL);
	char *after = snapshot();
	char *path = tu_path(DIR, "bad.json");
	lw_buf full = LW_BUF_INIT;
	lw_buf_printf(&full, "%s%s", path, want);
	if (o.rc != LW_EINPUT || strcmp(o.err.msg, full.data) != 0)
		fail_msg("%s: want '%s', got rc %d '%s'", kind, full.data, o.rc, o.err.msg);
	for (size_t i = 0; i < o.n; i++)
		assert_int_equal(o.r[i].nproblems, 0);
	assert_string_equal(before, after);
	lw_buf_free(&full);
	free(path);
	free(before);
	free(after);
	done(&o);
}

/* ---- OOAPI ------------------------------------------------------------------- */

/* The ROC, one of its faculties, and a program with a crebo (Betonboorder). */
#define ORG_ROC                                                                            \
	"{'organizationId': 'org-roc', 'organizationType': 'root',"                        \
	" 'primaryCode': {'codeType': 'brin', 'code': '25PZ'},"                            \
	" 'name': [{'language': 'en-GB', 'value': 'ROC Central'},"                         \
	"          {'language': 'nl-NL', 'value': 'ROC Midden Nederland'}],"               \
	" 'shortName': 'ROC MN', 'link': 'https://www.rocmn.nl',"                          \
	" 'addresses': [{'addressType': 'visit', 'postalCode': '3511 AB', 'countryCode': 'NL'}," \
	"               {'addressType': 'postal', 'postalCode': '3500 AA'},"               \
	"               {'addressType': 'visit', 'postalCode': '3511AB'}],"                \
	" 'consumers': [{'consumerKey': 'leerwerk', 'soort': 'ROC'}]}"
#define ORG_FACULTY                                                                        \
	"{'organizationId': 'fac-bouw', 'organizationType': 'faculty', 'parent': 'org-roc',"   \
	" 'primaryCode': {'codeType': 'identifier', 'code': 'BOUW'},"                     \
	" 'name': [{'language': 'nl-NL', 'value': 'College Bouw'}]}"
#define PROGRAM_BETON                                                                      \
	"{'programId': 'p1', 'programType': 'program',"                                    \
	" 'primaryCode': {'codeType': 'programCode', 'code': 'BETON'},"                    \
	" 'name': [{'language': 'nl-NL', 'value': 'Betonboorder'}], 'teachingLanguage': 'nld'," \
	" 'modeOfStudy': 'dual training', 'sector': 'secondary vocational education',"     \
	" 'duration': 'P2Y', 'otherCodes': [{'codeType': 'crohoCreboCode', 'code': '25078'}]," \
	" 'addresses': [{'addressType': 'teaching', 'postalCode': '3521 AZ'}]}"
#define OFFERING_BETON                                                                     \
	"{'offeringId': 'o1', 'offeringType': 'program',"                                  \
	" 'primaryCode': {'codeType': 'offeringCode', 'code': 'BETON-2024'},"              \
	" 'name': [{'language': 'nl-NL', 'value': 'Betonboorder BBL'}],"                   \
	" 'program': 'p1', 'organization': 'fac-bouw', 'resultExpected': true,"            \
	" 'startDate': '2024-09-01', 'endDate': '2026-07-01', 'modeOfDelivery': ['situated']," \
	" 'priceInformation': [{'costType': 'STAP eligible', 'amount': '100'},"            \
	"                      {'costType': 'total costs', 'amount': '1250.50', 'currency': 'EUR'}]}"
#define OFFERING_EHBO                                                                      \
	"{'offeringId': 'o2', 'offeringType': 'course',"                                   \
	" 'primaryCode': {'codeType': 'offeringCode', 'code': 'EHBO-1'},"                  \
	" 'name': 'EHBO', 'teachingLanguage': 'eng', 'startDate': '2024-10-01',"           \
	" 'endDate': '2024-10-20', 'somethingNew': {'ignored': true},"                    \
	" 'addresses': [{'addressType': 'teaching', 'postalCode': '3584 CS'}]}"
#define OFFERING_TEST "{'offeringId': 'o3', 'offeringType': 'component', 'name': 'Toets'}"

#define OOAPI_HEAD                                                                         \
	"{'organizations': [" ORG_ROC ", " ORG_FACULTY "], 'programs': [" PROGRAM_BETON "], "
#define OOAPI OOAPI_HEAD "'offerings': [" OFFERING_BETON ", " OFFERING_EHBO ", " OFFERING_TEST "]}\n"
/* An OOAPI file whose offerings[1] is bad. */
#define OOAPI_BAD(offering) OOAPI_HEAD "'offerings': [" OFFERING_BETON ", " offering "]}"
/* A good offering to vary (with over): the program's, in 3511 AB. */
#define OFFER                                                                              \
	"{'primaryCode': {'codeType': 'offeringCode', 'code': 'X-1'}, 'program': 'p1',"     \
	" 'addresses': [{'postalCode': '3511AB'}]}"

static void test_ooapi_import(void **unused)
{
	(void)unused;
	outcome o;
	run(&o, "offerings-ooapi", "aanbod.json", OOAPI, NULL);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.r[0].kind, "providers");
	assert_string_equal(o.r[1].kind, "offerings");
	assert_counts(&o, 0, 1, 0, 0, 0); /* the faculty is a unit of the ROC, no provider */
	assert_counts(&o, 1, 2, 0, 0, 0);
	assert_true(o.r[0].committed && o.r[1].committed);
	/* The component is left out, and says so. */
	assert_int_equal(o.r[1].rows, 2);
	assert_non_null(o.r[1].note);
	assert_non_null(strstr(o.r[1].note, "1 componentoffering"));
	/* Only offerings count absent keys; the providers part keeps others alone. */
	assert_int_equal(o.r[0].absent, 0);
	done(&o);

	assert_query("SELECT name || '|' || kind || '|' || website FROM provider WHERE code = '25PZ'",
		     "ROC Midden Nederland|ROC|https://www.rocmn.nl");
	/* Visit addresses only, each postcode once. */
	assert_query("SELECT group_concat(postcode) FROM provider_location WHERE provider_code = "
		     "'25PZ'",
		     "3511AB");
	/* The faculty's offering goes to the ROC; the rest comes from the program. */
	assert_query("SELECT provider_code || '|' || crebo || '|' || title || '|' || postcode || "
		     "'|' || pathway || '|' || starts || '|' || months || '|' || cost_cents || '|' "
		     "|| language FROM offering WHERE code = 'BETON-2024'",
		     "25PZ|25078|Betonboorder BBL|3521AZ|BBL|2024-09-01|24|125050|nl");
	/* A course: no crebo; months from its dates; the file's only provider. */
	assert_query("SELECT provider_code || '|' || coalesce(crebo, 'NULL') || '|' || title || '|' "
		     "|| postcode || '|' || pathway || '|' || months || '|' || "
		     "coalesce(cost_cents, 'NULL') || '|' || language FROM offering WHERE code = "
		     "'EHBO-1'",
		     "25PZ|NULL|EHBO|3584CS|cursus|1|NULL|en");

	/* Again: nothing changes (import_log aside). */
	char *before = registers();
	run(&o, "offerings-ooapi", "aanbod.json", OOAPI, NULL);
	assert_counts(&o, 0, 0, 0, 1, 0);
	assert_counts(&o, 1, 0, 0, 2, 0);
	done(&o);
	char *after = registers();
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A file with a UTF-8 byte-order mark is the same file. */
	run(&o, "offerings-ooapi", "bom.json", "\xEF\xBB\xBF" OOAPI, NULL);
	assert_counts(&o, 1, 0, 0, 2, 0);
	done(&o);
}

/* An OOAPI page: items, with program and organization expanded in each. */
static void test_ooapi_page(void **unused)
{
	(void)unused;
	const char page[] =
		"{'pageSize': 2, 'pageNumber': 1, 'hasPreviousPage': false, 'hasNextPage': false,"
		" 'items': ["
		"  {'offeringId': 'o1', 'offeringType': 'program',"
		"   'primaryCode': {'codeType': 'offeringCode', 'code': 'HBO-ICT-VT'},"
		"   'name': [{'language': 'nl-NL', 'value': 'HBO-ICT'}], 'startDate': '2025-09-01',"
		"   'organization': {'organizationId': 'hs', 'organizationType': 'root',"
		"     'primaryCode': {'codeType': 'brin', 'code': '30GB00'}, 'name': 'Hogeschool Proef'},"
		"   'program': {'programId': 'p1', 'name': 'HBO-ICT', 'modeOfStudy': 'full-time',"
		"     'sector': 'higher professional education', 'duration': 'P4Y',"
		"     'otherCodes': [{'codeType': 'crohoCreboCode', 'code': '34479'}],"
		"     'addresses': [{'addressType': 'teaching', 'postalCode': '1001 AB'}]}},"
		"  {'offeringId': 'o2', 'offeringType': 'program',"
		"   'primaryCode': {'codeType': 'offeringCode', 'code': 'HBO-ICT-DU'},"
		"   'name': [{'language': 'nl-NL', 'value': 'HBO-ICT duaal'}],"
		"   'organization': {'organizationId': 'hs', 'organizationType': 'root',"
		"     'primaryCode': {'codeType': 'brin', 'code': '30GB00'}, 'name': 'Hogeschool Proef'},"
		"   'program': {'programId': 'p2', 'name': 'HBO-ICT', 'modeOfStudy': 'dual training',"
		"     'level': 'bachelor', 'teachingLanguage': 'nld',"
		"     'addresses': [{'addressType': 'teaching', 'postalCode': '1001 AB'}]}}]}";
	outcome o;
	run(&o, "offerings-ooapi", "page.json", page, NULL);
	/* One provider: the second copy of the organization is the same one. */
	assert_counts(&o, 0, 1, 0, 0, 0);
	assert_counts(&o, 1, 2, 0, 0, 0);
	done(&o);
	/* Kind from the sector; the location BRIN (30GB00) is the institution's. */
	assert_query("SELECT kind || '|' || name FROM provider WHERE code = '30GB'",
		     "hogeschool|Hogeschool Proef");
	/* A CROHO code is no crebo; hbo full-time is voltijd, dual is deeltijd; 1001 is
	 * not in the postcode table, which is no error (as in the CSV kind). */
	assert_query("SELECT coalesce(crebo, 'NULL') || '|' || pathway || '|' || months || '|' || "
		     "postcode FROM offering WHERE code = 'HBO-ICT-VT'",
		     "NULL|voltijd|48|1001AB");
	assert_query("SELECT pathway || '|' || language FROM offering WHERE code = 'HBO-ICT-DU'",
		     "deeltijd|nl");
}

static void test_ooapi_bad_offerings(void **unused)
{
	(void)unused;
	static const struct {
		const char *base, *extra, *want;
	} bad[] = {
		{"7", NULL, "offerings[1]: is geen offering (object) maar een getal"},
		{OFFER, "{'startDate': '2024-13-01'}",
		 "offerings[1]: veld 'startDate': '2024-13-01' bestaat niet als datum"},
		{OFFER, "{'startDate': '1-9-2024'}",
		 "offerings[1]: veld 'startDate': '1-9-2024' is geen datum (verwacht JJJJ-MM-DD)"},
		{OFFER, "{'startDate': 20240901}",
		 "offerings[1]: veld 'startDate': is geen tekst maar een getal"},
		{OFFER, "{'endDate': '2025-02-30'}",
		 "offerings[1]: veld 'endDate': '2025-02-30' bestaat niet als datum"},
		{OFFER,
		 "{'program': {'name': 'Los', 'modeOfStudy': 'part-time'}, 'startDate': "
		 "'2024-09-01', 'endDate': '2024-01-01'}",
		 "offerings[1]: veld 'endDate': 2024-01-01 ligt voor startDate 2024-09-01"},
		/* Missing required: the key. */
		{"{'program': 'p1', 'addresses': [{'postalCode': '3511AB'}]}", NULL,
		 "offerings[1]: veld 'primaryCode': is leeg, maar verplicht"},
		{OFFER, "{'primaryCode': {'codeType': 'offeringCode', 'code': 'a b'}}",
		 "offerings[1]: veld 'primaryCode.code': 'a b' is geen geldige code (letters, "
		 "cijfers, '-', '_' en '.', hoogstens 64 tekens)"},
		{OFFER, "{'name': 5}",
		 "offerings[1]: veld 'name': is geen tekst of lijst van {language, value} maar een "
		 "getal"},
		{OFFER, "{'name': [{'language': 'nl'}]}",
		 "offerings[1]: veld 'name[0]': is geen {language, value} met tekst als value"},
		/* References. */
		{OFFER, "{'organization': 'org-x'}",
		 "offerings[1]: veld 'organization': onbekende organisatie 'org-x' (staat niet in "
		 "de organizations van dit bestand)"},
		{OFFER, "{'program': 'p9'}",
		 "offerings[1]: veld 'program': 'p9' staat niet in de programs van dit bestand"},
		{OFFER, "{'program': 5}",
		 "offerings[1]: veld 'program': is geen id (tekst) of object maar een getal"},
		{OFFER, "{'organization': 5}",
		 "offerings[1]: veld 'organization': is geen organisatie-id (tekst) of "
		 "organisatie maar een getal"},
		/* The qualification, checked by the offerings kind. */
		{OFFER,
		 "{'program': {'name': 'Onbekend', 'modeOfStudy': 'full-time', 'otherCodes': "
		 "[{'codeType': 'crohoCreboCode', 'code': '99999'}]}}",
		 "offerings[1]: veld 'program.otherCodes[0].code': onbekende kwalificatie '99999' "
		 "(importeer eerst de kwalificaties)"},
		{OFFER, "{'otherCodes': [{'codeType': 'crebo', 'code': '2507'}]}",
		 "offerings[1]: veld 'otherCodes[0].code': '2507' is geen geldige code (verwacht 5 "
		 "cijfers)"},
		/* Location. */
		{"{'primaryCode': {'codeType': 'offeringCode', 'code': 'X-1'}, 'offeringType': "
		 "'course', 'name': 'Los', 'addresses': [{'addressType': 'postal', 'postalCode': "
		 "'3500AA'}]}",
		 NULL, "offerings[1]: geen locatie: geen adres met een Nederlandse postalCode bij de "
		 "offering of haar program of course"},
		{OFFER, "{'addresses': [{'postalCode': '35'}]}",
		 "offerings[1]: veld 'addresses[0].postalCode': '35' is geen postcode (4 cijfers "
		 "van 1000 tot en met 9999, eventueel gevolgd door 2 letters)"},
		{OFFER, "{'addresses': 'Utrecht'}",
		 "offerings[1]: veld 'addresses': is geen lijst maar tekst"},
		/* Pathway, duration, price, language. */
		{OFFER, "{'program': {'name': 'Avond', 'modeOfStudy': 'evening'}}",
		 "offerings[1]: veld 'program.modeOfStudy': 'evening' is geen van: full-time, "
		 "part-time, dual training, self-paced"},
		{OFFER, "{'program': {'name': 'Zonder'}}",
		 "offerings[1]: veld 'program.modeOfStudy': ontbreekt; de leerweg (BOL, BBL, "
		 "deeltijd, voltijd) volgt eruit"},
		{OFFER, "{'consumers': [{'consumerKey': 'leerwerk', 'leerweg': 'avond'}]}",
		 "offerings[1]: veld 'consumers[0].leerweg': 'avond' is geen van: BOL, BBL, "
		 "deeltijd, voltijd, Associate degree, cursus"},
		{OFFER,
		 "{'program': {'name': 'Kort', 'modeOfStudy': 'part-time', 'duration': 'P3X'}}",
		 "offerings[1]: veld 'program.duration': 'P3X' is geen ISO 8601-duur (zoals P3Y, "
		 "P18M of P10W)"},
		{OFFER, "{'program': {'name': 'Kort', 'modeOfStudy': 'part-time', 'duration': 'P3'}}",
		 "offerings[1]: veld 'program.duration': 'P3' is geen ISO 8601-duur (zoals P3Y, "
		 "P18M of P10W)"},
		{OFFER,
		 "{'program': {'name': 'Lang', 'modeOfStudy': 'part-time', 'duration': 'P11Y'}}",
		 "offerings[1]: veld 'program.duration': 132 ligt buiten het bereik 1 tot en met "
		 "120"},
		{OFFER, "{'priceInformation': [{'costType': 'total costs', 'amount': '12.345'}]}",
		 "offerings[1]: veld 'priceInformation[0].amount': '12.345' is geen bedrag in "
		 "euro's (bijvoorbeeld 300 of 12,50)"},
		{OFFER, "{'priceInformation': [{'costType': 'total costs', 'amount': '10', 'currency': 'USD'}]}",
		 "offerings[1]: veld 'priceInformation[0].currency': 'USD': leerwerk kent alleen "
		 "bedragen in euro's (EUR)"},
		{OFFER, "{'teachingLanguage': 'spa'}",
		 "offerings[1]: veld 'teachingLanguage': 'spa' is geen van: nl, en, de, fr"},
		/* The key twice in the file. */
		{OFFER, "{'primaryCode': {'codeType': 'offeringCode', 'code': 'BETON-2024'}}",
		 "offerings[1]: veld 'primaryCode.code': 'BETON-2024' komt twee keer voor in het "
		 "bestand (eerst bij offerings[0])"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *offering = over(bad[i].base, bad[i].extra);
		lw_buf text = LW_BUF_INIT;
		lw_buf_printf(&text, OOAPI_BAD("%s"), offering);
		reject_one("offerings-ooapi", text.data, bad[i].want);
		lw_buf_free(&text);
		free(offering);
	}
	/* No organization anywhere, and two providers to choose from. */
	reject_one("offerings-ooapi",
		   "{'organizations': [" ORG_ROC ", {'organizationId': 'o2', 'name': 'Tweede',"
		   " 'primaryCode': {'codeType': 'kvk', 'code': '12345678'},"
		   " 'consumers': [{'consumerKey': 'leerwerk', 'soort': 'private opleider'}]}],"
		   " 'offerings': [{'primaryCode': {'codeType': 'offeringCode', 'code': 'X-1'},"
		   " 'offeringType': 'course', 'name': 'Los', 'addresses': [{'postalCode': "
		   "'3511AB'}]}]}",
		   "offerings[0]: veld 'organization': ontbreekt (ook bij het program of de course), "
		   "en het bestand heeft niet precies een aanbieder om op terug te vallen");
}

static void test_ooapi_bad_organizations(void **unused)
{
	(void)unused;
	static const struct {
		const char *org, *want;
	} bad[] = {
		{"'ROC'", "organizations[2]: is geen organisatie (object) maar tekst"},
		{"{'organizationId': 'o2', 'name': 'Zonder code'}",
		 "organizations[2]: veld 'primaryCode': geen BRIN-code of KvK-nummer: primaryCode "
		 "of otherCodes met codeType brin of kvk ontbreekt"},
		{"{'organizationId': 'o2', 'name': 'X', 'primaryCode': {'codeType': 'brin', "
		 "'code': '25pz'}, 'consumers': [{'consumerKey': 'leerwerk', 'soort': 'ROC'}]}",
		 "organizations[2]: veld 'primaryCode.code': '25pz' is geen BRIN-code (2 cijfers en "
		 "2 hoofdletters, zoals 25PZ) of KvK-nummer (8 cijfers)"},
		{"{'organizationId': 'o2', 'name': 'X', 'otherCodes': [{'codeType': 'kvk', 'code': "
		 "12345678}]}",
		 "organizations[2]: de soort aanbieder (ROC, AOC, vakinstelling, hogeschool, "
		 "universiteit, private opleider of EVC-aanbieder) is niet te bepalen: geef die in "
		 "consumers als {\"consumerKey\": \"leerwerk\", \"soort\": \"ROC\"}, of geef de "
		 "opleidingen van deze organisatie een sector"},
		{"{'organizationId': 'o2', 'name': 'X', 'primaryCode': {'codeType': 'kvk', 'code': "
		 "'12345678'}, 'consumers': [{'consumerKey': 'leerwerk', 'soort': 'school'}]}",
		 "organizations[2]: veld 'consumers[0].soort': 'school' is geen van: ROC, AOC, "
		 "vakinstelling, hogeschool, universiteit, private opleider, EVC-aanbieder"},
		{"{'organizationId': 'o2', 'name': 'X', 'primaryCode': {'codeType': 'kvk', 'code': "
		 "'12345678'}, 'link': 'www.x.nl', 'consumers': [{'consumerKey': 'leerwerk', "
		 "'soort': 'private opleider'}]}",
		 "organizations[2]: veld 'link': 'www.x.nl' begint niet met https:// of http://"},
		{"{'organizationId': 'org-roc', 'name': 'Ander ROC', 'primaryCode': {'codeType': "
		 "'brin', 'code': '30RW'}}",
		 "organizations[2]: veld 'organizationId': 'org-roc' staat al met andere gegevens "
		 "in het bestand (eerst bij organizations[0])"},
		{ORG_ROC, "organizations[2]: veld 'primaryCode.code': '25PZ' komt twee keer voor in "
			  "het bestand (eerst bij organizations[0])"},
	};
	/* offerings[1] is bad too: a bad organization stops the import before the
	 * offerings are checked, so only the organization is reported. */
	char *offering = over(OFFER, "{'startDate': 'gisteren'}");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		lw_buf text = LW_BUF_INIT;
		lw_buf_printf(&text,
			      "{'organizations': [" ORG_ROC ", " ORG_FACULTY ", %s], 'programs': "
			      "[" PROGRAM_BETON "], 'offerings': [" OFFERING_BETON ", %s]}",
			      bad[i].org, offering);
		reject_one("offerings-ooapi", text.data, bad[i].want);
		lw_buf_free(&text);
	}
	free(offering);
}

static void test_ooapi_bad_files(void **unused)
{
	(void)unused;
	reject_file("offerings-ooapi", "{'offerings': [\n  {'a': 1,}\n]}\n",
		    ":2:11: ongeldige JSON: string or '}' expected near '}'");
	reject_file("offerings-ooapi", "{'offerings': [], 'offerings': []}",
		    ":1:29: ongeldige JSON: duplicate object key near '\"offerings\"'");
	reject_file("offerings-ooapi", "", ":1:0: ongeldige JSON: '[' or '{' expected near end of file");
	reject_file("offerings-ooapi", "[" OFFERING_BETON "]",
		    ": is een lijst, geen object; verwacht een object met organizations, programs, "
		    "courses en offerings, of een OOAPI-pagina met items");
	reject_file("offerings-ooapi", "{'programs': []}",
		    ": heeft geen organizations, offerings of items; verwacht een object met "
		    "organizations, programs, courses en offerings, of een OOAPI-pagina met items");
	reject_file("offerings-ooapi", "{'offerings': {'o1': {}}}",
		    ":offerings: is geen lijst maar een object");
	reject_file("offerings-ooapi", "{'offerings': [], 'items': []}",
		    ": heeft offerings en items; een bestand is een OOAPI-pagina (items) of heeft "
		    "offerings, niet allebei");
	reject_file("offerings-ooapi", "{'offerings': [], 'programs': [{'name': 'x'}]}",
		    ":programs[0]: veld 'programId' ontbreekt of is geen tekst");
	reject_file("offerings-ooapi",
		    "{'offerings': [], 'courses': [{'courseId': 'c'}, {'courseId': 'c'}]}",
		    ":courses[1]: courseId 'c' komt twee keer voor in courses");
}

/* A failed import undoes all of it: the providers written before the bad offering too. */
static void test_ooapi_all_or_nothing(void **unused)
{
	(void)unused;
	char *before = snapshot();
	outcome o;
	char *bad = over(OFFER, "{'startDate': '2024-02-30'}");
	lw_buf text = LW_BUF_INIT;
	lw_buf_printf(&text, OOAPI_BAD("%s"), bad);
	run(&o, "offerings-ooapi", "half.json", text.data, NULL);
	lw_buf_free(&text);
	free(bad);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.r[0].rejected, 0);
	assert_int_equal(o.r[1].rejected, 1);
	assert_false(o.r[0].committed);
	assert_non_null(strstr(o.err.msg, "half.json: 1 object afgekeurd; er is niets geïmporteerd"));
	done(&o);
	char *after = snapshot();
	assert_string_equal(before, after);
	assert_query("SELECT count(*) FROM provider WHERE code = '25PZ'", "0");
	free(before);
	free(after);

	/* lw_ingest_file gives one result: not for a kind of two parts. */
	lw_ingest_result r;
	lw_err err;
	char *p = tu_path(DIR, "half.json");
	assert_int_equal(lw_ingest_file(S, lw_ingest_find("offerings-ooapi"), p, NULL, &r, &err),
			 LW_EUSAGE);
	lw_ingest_result_free(&r);
	free(p);
	assert_int_equal(lw_ingest_kind_parts(lw_ingest_find("offerings-ooapi")), 2);
	assert_non_null(lw_ingest_kind_format(lw_ingest_find("vacancies-jsonld")));
	assert_null(lw_ingest_kind_format(lw_ingest_find("vacancies")));
}

static void test_ooapi_skip_invalid_rejects_and_prune(void **unused)
{
	(void)unused;
	char *rej = tu_path(DIR, "rejects.jsonl");
	lw_ingest_opts opts = {.skip_invalid = 1, .rejects_path = rej};
	char *offer = over(OFFER, "{'startDate': '2024-13-01'}");
	lw_buf text = LW_BUF_INIT;
	lw_buf_printf(&text, OOAPI_HEAD "'offerings': [" OFFERING_BETON ", " OFFERING_EHBO ", %s, 12]}",
		      offer);
	outcome o;
	run(&o, "offerings-ooapi", "skip.json", text.data, &opts);
	lw_buf_free(&text);
	assert_counts(&o, 0, 1, 0, 0, 0);
	assert_counts(&o, 1, 2, 0, 0, 2);
	assert_int_equal(o.r[1].nproblems, 2);
	assert_true(o.r[1].committed);
	done(&o);
	assert_query("SELECT count(*) FROM offering", "2");

	/* The rejects file: one JSON object a line, with the record as it was. */
	size_t len;
	char *lines = tu_read(rej, &len);
	assert_non_null(lines);
	char *nl = strchr(lines, '\n');
	assert_non_null(nl);
	*nl = '\0';
	json_error_t je;
	json_t *first = json_loads(lines, 0, &je);
	json_t *second = json_loads(nl + 1, 0, &je);
	assert_non_null(first);
	assert_non_null(second);
	assert_string_equal(json_string_value(json_object_get(first, "pad")), "offerings[2]");
	assert_string_equal(json_string_value(json_object_get(first, "veld")), "startDate");
	assert_string_equal(json_string_value(json_object_get(first, "reden")),
			    "'2024-13-01' bestaat niet als datum");
	json_t *want = json_loads(offer, 0, &je);
	assert_true(json_equal(json_object_get(first, "object"), want));
	assert_string_equal(json_string_value(json_object_get(second, "pad")), "offerings[3]");
	assert_true(json_is_null(json_object_get(second, "veld")));
	assert_int_equal(json_integer_value(json_object_get(second, "object")), 12);
	assert_int_equal(len, strlen(lines) + 1 + strlen(nl + 1)); /* two lines, no more */
	assert_int_equal(nl[1 + strlen(nl + 1) - 1], '\n');
	json_decref(first);
	json_decref(second);
	json_decref(want);
	free(offer);
	free(lines);

	/* A clean run empties the rejects file. */
	opts.skip_invalid = 0;
	run(&o, "offerings-ooapi", "aanbod.json", OOAPI, &opts);
	assert_counts(&o, 1, 0, 0, 2, 0);
	done(&o);
	lines = tu_read(rej, &len);
	assert_int_equal(len, 0);
	free(lines);

	/* --prune removes the offerings the file lacks, never providers. */
	sql("INSERT INTO provider(code, name, kind) VALUES('12345678', 'Ander', 'private opleider')");
	lw_ingest_opts prune = {.prune = 1};
	run(&o, "offerings-ooapi", "een.json",
	    OOAPI_HEAD "'offerings': [" OFFERING_BETON "]}", &prune);
	assert_counts(&o, 0, 0, 0, 1, 0);
	assert_counts(&o, 1, 0, 0, 1, 0);
	assert_int_equal(o.r[0].pruned, 0);
	assert_int_equal(o.r[0].absent, 0);
	assert_int_equal(o.r[1].pruned, 1);
	done(&o);
	assert_query("SELECT group_concat(code) FROM offering", "BETON-2024");
	assert_query("SELECT count(*) FROM provider", "2");
	free(rej);
}

/* ---- JSON-LD ----------------------------------------------------------------- */

/* A good posting to vary (with over). */
#define POSTING(id)                                                                        \
	"{'@context': 'https://schema.org', '@type': 'JobPosting', 'identifier': '" id "',"    \
	" 'title': 'Kok', 'hiringOrganization': {'@type': 'Organization', 'name': 'Hotel'},"   \
	" 'jobLocation': {'@type': 'Place', 'address': {'@type': 'PostalAddress',"            \
	"   'postalCode': '3511 AB', 'addressCountry': 'NL'}},"                              \
	" 'datePosted': '2024-05-01'}"

#define GRAPH                                                                              \
	"{'@context': 'https://schema.org', '@graph': ["                                   \
	"  {'@type': 'Organization', '@id': '#zorg', 'name': 'Zorggroep Utrecht'},"         \
	"  {'@type': 'JobPosting', 'identifier': {'@type': 'PropertyValue', 'name': 'ZG',"   \
	"   'value': 'ZG-101'}, 'title': 'Leerling verpleegkundige (BBL)',"                  \
	"   'hiringOrganization': {'@id': '#zorg'},"                                         \
	"   'jobLocation': {'@type': 'Place', 'address': {'@type': 'PostalAddress',"          \
	"     'postalCode': '3511 AB', 'addressCountry': 'NL'}},"                             \
	"   'datePosted': '2024-05-01T09:00:00+02:00', 'validThrough': '2024-06-30T23:59',"   \
	"   'employmentType': ['PART_TIME'], 'occupationalCategory': {'@type': 'CategoryCode'," \
	"   'codeValue': 'https://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34'}," \
	"   'educationRequirements': {'@type': 'EducationalOccupationalCredential',"         \
	"     'credentialCategory': 'MBO niveau 4'},"                                          \
	"   'workHours': '32-36 uur per week', 'totalJobOpportunity': 3},"                   \
	"  {'@type': ['JobPosting'], 'identifier': 4711, 'title': 'Stagiair marketing',"      \
	"   'hiringOrganization': 'Bureau X', 'employmentType': 'INTERN',"                    \
	"   'jobLocation': [{'address': {'postalCode': '2000', 'addressCountry': 'BE'}},"      \
	"                   {'address': {'postalCode': '1011AB'}}],"                          \
	"   'datePosted': '2024-05-02', 'educationRequirements': 'hbo bachelor'}]}"

static void test_jsonld_import(void **unused)
{
	(void)unused;
	outcome o;
	run(&o, "vacancies-jsonld", "vacatures.json", GRAPH, NULL);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.r[0].kind, "vacancies");
	assert_counts(&o, 0, 2, 0, 0, 0);
	done(&o);
	assert_query("SELECT kind || '|' || title || '|' || employer || '|' || postcode || '|' || "
		     "occupation_uri || '|' || level || '|' || hours || '|' || published || '|' || "
		     "closes FROM vacancy WHERE code = 'ZG-101'",
		     "leerbaan|Leerling verpleegkundige (BBL)|Zorggroep Utrecht|3511AB|" ESCO_INSPICIENT
		     "|mbo-4|32|2024-05-01|2024-06-30");
	assert_query("SELECT kind || '|' || employer || '|' || postcode || '|' || level || '|' || "
		     "coalesce(closes, 'NULL') FROM vacancy WHERE code = '4711'",
		     "stage|Bureau X|1011AB|hbo|NULL");

	char *before = registers();
	run(&o, "vacancies-jsonld", "vacatures.json", GRAPH, NULL);
	assert_counts(&o, 0, 0, 0, 2, 0);
	done(&o);
	char *after = registers();
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* One posting on its own, and a list of them. */
	char *one = over(POSTING("v1"), "{'workHours': 38}");
	run(&o, "vacancies-jsonld", "een.json", one, NULL);
	assert_counts(&o, 0, 1, 0, 0, 0);
	done(&o);
	free(one);
	assert_query("SELECT kind || '|' || hours FROM vacancy WHERE code = 'v1'", "vacature|38");
	char *two = over(POSTING("v2"), "{'validThrough': null}");
	lw_buf list = LW_BUF_INIT;
	lw_buf_printf(&list, "[" POSTING("v1") ", %s]", two);
	run(&o, "vacancies-jsonld", "lijst.json", list.data, NULL);
	assert_counts(&o, 0, 1, 1, 0, 0); /* v1 lost its hours */
	assert_int_equal(o.r[0].absent, 2);
	done(&o);
	lw_buf_free(&list);
	free(two);
}

static void test_jsonld_bad(void **unused)
{
	(void)unused;
	static const struct {
		const char *base, *extra, *want;
	} bad[] = {
		{"'vacature'", NULL, "[1]: is geen JobPosting (object) maar tekst"},
		{"{'@type': 'Organization', 'identifier': 'o', 'name': 'x'}", NULL,
		 "[1]: veld '@type': is geen JobPosting"},
		{POSTING("v2"), "{'datePosted': '2024-02-30'}",
		 "[1]: veld 'datePosted': '2024-02-30' bestaat niet als datum"},
		{POSTING("v2"), "{'datePosted': 'gisteren'}",
		 "[1]: veld 'datePosted': 'gisteren' is geen datum (verwacht JJJJ-MM-DD)"},
		{POSTING("v2"), "{'datePosted': null}",
		 "[1]: veld 'datePosted': is leeg, maar verplicht"},
		{POSTING("v2"), "{'validThrough': '2024-04-01T00:00'}",
		 "[1]: veld 'validThrough': 2024-04-01 ligt voor de publicatiedatum 2024-05-01"},
		{POSTING("v2"), "{'title': 12}", "[1]: veld 'title': is geen tekst maar een getal"},
		{POSTING("v2"), "{'hiringOrganization': null}",
		 "[1]: veld 'hiringOrganization': is leeg, maar verplicht"},
		{POSTING("v2"), "{'hiringOrganization': {'name': ['Hotel']}}",
		 "[1]: veld 'hiringOrganization.name': is geen tekst maar een lijst"},
		{POSTING("v2"), "{'jobLocation': {'address': {'postalCode': '2000', 'addressCountry': 'BE'}}}",
		 "[1]: veld 'jobLocation.address.postalCode': is leeg, maar verplicht"},
		{POSTING("v2"), "{'jobLocation': {'address': {'postalCode': 'Utrecht'}}}",
		 "[1]: veld 'jobLocation.address.postalCode': 'Utrecht' is geen postcode (4 "
		 "cijfers van 1000 tot en met 9999, eventueel gevolgd door 2 letters)"},
		{POSTING("v2"), "{'occupationalCategory': 'http://data.europa.eu/esco/occupation/onbekend'}",
		 "[1]: veld 'occupationalCategory': onbekend beroep "
		 "'http://data.europa.eu/esco/occupation/onbekend' (verwacht een ESCO-beroep-URI; "
		 "importeer eerst de beroepen)"},
		{POSTING("v2"), "{'workHours': '80 uur'}",
		 "[1]: veld 'workHours': 80 ligt buiten het bereik 1 tot en met 60"},
		{POSTING("v2"), "{'employmentType': 5}",
		 "[1]: veld 'employmentType': is geen tekst maar een getal"},
		{POSTING("v2"), "{'identifier': null}", "[1]: veld 'identifier': is leeg, maar verplicht"},
		{POSTING("v2"), "{'identifier': {'@type': 'PropertyValue', 'value': 'a/b'}}",
		 "[1]: veld 'identifier.value': 'a/b' is geen geldige code (letters, cijfers, '-', "
		 "'_' en '.', hoogstens 64 tekens)"},
		{POSTING("v1"), NULL, "[1]: veld 'identifier': 'v1' komt twee keer voor in het "
				    "bestand (eerst bij [0])"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *posting = over(bad[i].base, bad[i].extra);
		lw_buf text = LW_BUF_INIT;
		lw_buf_printf(&text, "[" POSTING("v1") ", %s]", posting);
		reject_one("vacancies-jsonld", text.data, bad[i].want);
		lw_buf_free(&text);
		free(posting);
	}
	reject_file("vacancies-jsonld", "{'@type': 'Organization', 'name': 'x'}",
		    ": is geen JobPosting (@type is 'Organization'); verwacht een JobPosting, een "
		    "lijst ervan of een object met @graph");
	reject_file("vacancies-jsonld", "{'@graph': {}}", ":@graph: is geen lijst maar een object");
	reject_file("vacancies-jsonld", "[{'@type': 'JobPosting'},\n]",
		    ":2:1: ongeldige JSON: unexpected token near ']'");
}

/* More than 20 bad records: 20 reported, all counted, and --skip-invalid keeps the good. */
static void test_jsonld_report_limit_and_skip(void **unused)
{
	(void)unused;
	lw_buf text = LW_BUF_INIT;
	lw_buf_puts(&text, "[" POSTING("good"));
	for (int i = 0; i < 25; i++) {
		char id[16], extra[64];
		snprintf(id, sizeof id, "bad%d", i);
		snprintf(extra, sizeof extra, "{'identifier': '%s', 'datePosted': '2024-%02d-01'}",
			 id, 13 + i);
		char *posting = over(POSTING("x"), extra);
		lw_buf_printf(&text, ", %s", posting);
		free(posting);
	}
	lw_buf_puts(&text, "]");
	char *before = snapshot();
	outcome o;
	run(&o, "vacancies-jsonld", "veel.json", text.data, NULL);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_int_equal(o.r[0].rejected, 25);
	assert_int_equal(o.r[0].nproblems, LW_INGEST_REPORT_MAX);
	assert_non_null(strstr(o.r[0].problems[19], "veel.json:[20]: veld 'datePosted'"));
	assert_non_null(strstr(o.err.msg, "25 objecten afgekeurd"));
	done(&o);
	char *after = snapshot();
	assert_string_equal(before, after);

	lw_ingest_opts skip = {.skip_invalid = 1};
	run(&o, "vacancies-jsonld", "veel.json", text.data, &skip);
	assert_counts(&o, 0, 1, 0, 0, 25);
	done(&o);
	assert_query("SELECT count(*) FROM vacancy", "1");
	free(before);
	free(after);
	lw_buf_free(&text);
}

/* ---- out of memory ------------------------------------------------------------ */

/*
 * Every allocation of an OOAPI import fails once in turn: each failure is
 * an error that changes nothing (never passed off as bad input), and
 * nothing leaks (the sanitizer build checks).
 */
static void test_allocation_failures(void **unused)
{
	(void)unused;
	char *p = tu_path(DIR, "oom.json");
	char *json = J(OOAPI);
	tu_writes(p, json);
	char *before = snapshot();
	int succeeded = 0;
	for (long n = 0; n < 2000 && !succeeded; n++) {
		outcome o;
		memset(&o, 0, sizeof o);
		lw_mem_fail_after(n);
		o.rc = lw_ingest_file_parts(S, lw_ingest_find("offerings-ooapi"), p, NULL, o.r,
					    &o.n, &o.err);
		lw_mem_fail_after(-1);
		if (o.rc == LW_OK) {
			succeeded = 1;
		} else {
			if (o.rc == LW_EINPUT)
				fail_msg("allocation %ld: %s", n, o.err.msg);
			char *after = snapshot();
			assert_string_equal(before, after);
			free(after);
		}
		done(&o);
	}
	assert_true(succeeded);
	assert_query("SELECT count(*) FROM offering", "2");
	free(before);
	free(json);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ooapi_import, empty_registers),
		cmocka_unit_test_setup(test_ooapi_page, empty_registers),
		cmocka_unit_test_setup(test_ooapi_bad_offerings, empty_registers),
		cmocka_unit_test_setup(test_ooapi_bad_organizations, empty_registers),
		cmocka_unit_test_setup(test_ooapi_bad_files, empty_registers),
		cmocka_unit_test_setup(test_ooapi_all_or_nothing, empty_registers),
		cmocka_unit_test_setup(test_ooapi_skip_invalid_rejects_and_prune, empty_registers),
		cmocka_unit_test_setup(test_jsonld_import, empty_registers),
		cmocka_unit_test_setup(test_jsonld_bad, empty_registers),
		cmocka_unit_test_setup(test_jsonld_report_limit_and_skip, empty_registers),
		cmocka_unit_test_setup(test_allocation_failures, empty_registers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

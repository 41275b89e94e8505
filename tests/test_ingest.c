/*
 * test_ingest.c - every importer rule: the bad inputs named by the
 * foundation issue each get a clear FILE:LINE message and leave the store
 * exactly as it was; good input is upserted idempotently.
 */
#include "testutil.h"

#include "lw_geo.h"
#include "lw_ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define PC_HEADER                                                                           \
	"postcode,latitude,longitude,punt_methode,rd_x,rd_y,inwoners_2020,oppervlakte_km2,"  \
	"plaats_cbs,gemeente_cbs_2021,provincie_cbs,gemeentecode_2022_pip,gemeentecode_2025," \
	"gemeentenaam_2025,arbeidsmarktregiocode,arbeidsmarktregionaam,opmerking\n"
#define PC_ROW(pc) pc ",52.37,4.90,centroid,122197.4,487227.5,9630,0.971,Amsterdam,Amsterdam," \
		      "Noord-Holland,GM0363,GM0363,Amsterdam,AM18,Groot Amsterdam,\n"

TU_REFERENCE_GROUP("ingest")

/* Everything the store holds, as text: to prove a failed import changed nothing. */
static char *snapshot(void)
{
	static const char *const tables[] = {"region", "municipality", "postcode", "place",
					     "mbo_domain", "mbo_dossier", "qualification", "occupation",
					     "occupation_label", "desk", "desk_area", "import_log", NULL};
	return tu_snapshot(S, tables);
}

typedef struct outcome {
	int rc;
	lw_err err;
	lw_ingest_result r;
} outcome;

/* Writes n bytes of text (n == 0: the whole string) to DIR/name. */
static char *write_input(const char *name, const char *text, size_t n)
{
	char *p = tu_path(DIR, name);
	tu_write(p, text, n ? n : strlen(text));
	return p;
}

static void run(outcome *o, const char *kind, const char *path, const lw_ingest_opts *opts)
{
	memset(o, 0, sizeof *o);
	o->rc = lw_ingest_file(S, lw_ingest_find(kind), path, opts, &o->r, &o->err);
}

/* Imports text that must be rejected; checks the store did not change. */
static void reject(outcome *o, const char *kind, const char *text, size_t n)
{
	char *before = snapshot();
	char *p = write_input("bad.csv", text, n);
	run(o, kind, p, NULL);
	char *after = snapshot();
	assert_int_not_equal(o->rc, LW_OK);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(p);
}

#define REJECT(o, kind, lit) reject(o, kind, lit, sizeof(lit) - 1)

/* The first reported problem contains want. */
static void problem_has(const outcome *o, size_t i, const char *want)
{
	if (i >= o->r.nproblems)
		fail_msg("no problem %zu (have %zu; error: %s)", i, o->r.nproblems, o->err.msg);
	if (!strstr(o->r.problems[i], want))
		fail_msg("problem '%s' lacks '%s'", o->r.problems[i], want);
}

static void done(outcome *o)
{
	lw_ingest_result_free(&o->r);
}

/* ---- file-level problems ----------------------------------------------- */

static void test_missing_and_unreadable(void **unused)
{
	(void)unused;
	outcome o;
	char *before = snapshot();
	run(&o, "postcodes", "/nonexistent/postcodes.csv", NULL);
	assert_int_equal(o.rc, LW_EIO);
	assert_non_null(strstr(o.err.msg, "/nonexistent/postcodes.csv: kan het bestand niet openen"));
	done(&o);
	/* A folder opens but cannot be read as a file. */
	run(&o, "postcodes", DIR, NULL);
	assert_int_equal(o.rc, LW_EIO);
	assert_non_null(strstr(o.err.msg, "leesfout"));
	done(&o);
	char *after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_empty_file(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes", "");
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "bad.csv: het bestand is leeg"));
	assert_non_null(strstr(o.err.msg, "postcode,latitude,longitude"));
	done(&o);
	/* Only a byte-order mark, or only blank lines, is empty too. */
	REJECT(&o, "postcodes", "\xEF\xBB\xBF");
	assert_non_null(strstr(o.err.msg, "bad.csv: het bestand is leeg"));
	done(&o);
	REJECT(&o, "postcodes", "\r\n\n\r\n");
	assert_non_null(strstr(o.err.msg, "bad.csv: het bestand is leeg"));
	done(&o);
}

static void test_binary_garbage(void **unused)
{
	(void)unused;
	char junk[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	outcome o;
	reject(&o, "postcodes", junk, sizeof junk);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "bad.csv:1:"));
	assert_non_null(strstr(o.err.msg, "postcode,latitude")); /* the expected header */
	done(&o);
}

static void test_header_missing_unknown_reordered(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "regions", "arbeidsmarktregiocode\nAM01\n");
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "ontbrekende kolommen: 'arbeidsmarktregionaam'"));
	assert_non_null(strstr(o.err.msg, "Verwacht de kolommen (volgorde vrij): "
					  "arbeidsmarktregiocode,arbeidsmarktregionaam,aantal_gemeenten"));
	done(&o);

	REJECT(&o, "regions", "arbeidsmarktregiocode,arbeidsmarktregionaam,kleur\nAM01,X,rood\n");
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "onbekende kolommen: 'kleur'"));
	assert_non_null(strstr(o.err.msg, "arbeidsmarktregiocode,arbeidsmarktregionaam"));
	done(&o);

	/* Reordered columns are fine; this changes nothing (same values). */
	char *p = write_input("reordered.csv",
			      "arbeidsmarktregionaam,arbeidsmarktregiocode\nGroningen,AM01\n", 0);
	run(&o, "regions", p, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.unchanged, 1);
	assert_int_equal(o.r.absent, 34); /* the others are not in this file */
	done(&o);
	free(p);
}

static void test_bom_and_crlf_accepted(void **unused)
{
	(void)unused;
	const char text[] = "\xEF\xBB\xBF" "arbeidsmarktregiocode,arbeidsmarktregionaam,aantal_gemeenten\r\n"
			    "AM01,Groningen,14\r\nAM02,Friesland,18\r\n";
	char *p = write_input("bom.csv", text, sizeof text - 1);
	outcome o;
	run(&o, "regions", p, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.rows, 2);
	assert_int_equal(o.r.unchanged, 2); /* same as the CBS file: no stray \r or BOM */
	done(&o);
	free(p);
}

/* ---- row-level problems ------------------------------------------------ */

static void test_field_counts(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "regions", "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01\nAM02,X,extra\n");
	assert_int_equal(o.rc, LW_EINPUT);
	assert_int_equal(o.r.rejected, 2);
	problem_has(&o, 0, "bad.csv:2: te weinig velden: 1, verwacht 2");
	problem_has(&o, 1, "bad.csv:3: te veel velden: 3, verwacht 2");
	assert_non_null(strstr(o.err.msg, "2 rijen afgekeurd; er is niets"));
	done(&o);
}

static void test_unterminated_quote(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "regions",
	       "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01,Groningen\nAM02,\"Fries\nAM03,x\n");
	problem_has(&o, 0, "bad.csv:3: aanhalingsteken wordt niet gesloten");
	done(&o);
}

static void test_invalid_utf8(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "regions", "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01,Gr\xF6ningen\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'arbeidsmarktregionaam': geen geldige UTF-8 (byte 3");
	done(&o);
}

static void test_ten_megabyte_line(void **unused)
{
	(void)unused;
	size_t big = 10u << 20;
	const char *head = "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01,";
	const char *tail = "\nAM02,Friesland\n";
	char *text = malloc(strlen(head) + big + strlen(tail) + 1);
	strcpy(text, head);
	memset(text + strlen(head), 'x', big);
	strcpy(text + strlen(head) + big, tail);
	outcome o;
	reject(&o, "regions", text, strlen(text));
	assert_int_equal(o.r.rejected, 1);
	problem_has(&o, 0, "bad.csv:2: regel is langer dan 1048576 bytes");
	assert_int_equal(o.r.rows, 2); /* the reader went on after the long line */
	done(&o);
	free(text);
}

static void test_empty_required(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes", PC_HEADER "1011,,4.90,centroid,,,,,,,,,GM0363,,AM18,,\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'latitude': is leeg, maar verplicht");
	done(&o);
	REJECT(&o, "regions", "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01,\n");
	problem_has(&o, 0, "kolom 'arbeidsmarktregionaam': is leeg, maar verplicht");
	done(&o);
}

static void test_malformed_codes(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "municipalities",
	       "gemeentecode,gemeentenaam,provincie,arbeidsmarktregiocode\nGM14,Groningen,Groningen,AM01\n"
	       "GM0014,Groningen,Groningen,A01\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'gemeentecode': 'GM14' is geen geldige code "
			   "(verwacht 'GM' gevolgd door 4 cijfers)");
	problem_has(&o, 1, "bad.csv:3: kolom 'arbeidsmarktregiocode': 'A01' is geen geldige code "
			   "(verwacht 'AM' gevolgd door 2 cijfers)");
	done(&o);
	REJECT(&o, "regions", "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM1,Groningen\n");
	problem_has(&o, 0, "kolom 'arbeidsmarktregiocode': 'AM1' is geen geldige code");
	done(&o);
	REJECT(&o, "postcodes", PC_HEADER PC_ROW("0999") PC_ROW("12345") PC_ROW("abcd")
					 PC_ROW("1011SA"));
	assert_int_equal(o.r.rejected, 4);
	problem_has(&o, 0, "bad.csv:2: kolom 'postcode': '0999' is geen postcode (verwacht 4 "
			   "cijfers van 1000 tot en met 9999");
	problem_has(&o, 1, "bad.csv:3: kolom 'postcode': '12345' is geen postcode");
	problem_has(&o, 2, "bad.csv:4: kolom 'postcode': 'abcd' is geen postcode");
	problem_has(&o, 3, "bad.csv:5: kolom 'postcode': '1011SA' is geen postcode");
	done(&o);
	REJECT(&o, "qualifications",
	       "opleidingsdomein_nr,opleidingsdomein,opleidingsdomein_crebo,kwalificatiedossier_crebo,"
	       "kwalificatiedossier,kwalificatie_crebo,kwalificatie,niveau,prijsfactor,soort_opleiding,"
	       "beroepsvereisten,leerweg\n"
	       "1,Bouw en infra,79000,23045,Betonboren,2507,Betonboorder,3,1.30,vakopleiding,,BOL/BBL\n"
	       "1,Bouw en infra,79000,23045,Betonboren,25078,Betonboorder,5,1.30,vakopleiding,,BOL\n"
	       "1,Bouw en infra,79000,23045,Betonboren,25079,Boorder,3,1.30,vakopleiding,,avond\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'kwalificatie_crebo': '2507' is geen geldige code "
			   "(verwacht 5 cijfers)");
	problem_has(&o, 1, "bad.csv:3: kolom 'niveau': 5 ligt buiten het bereik 1 tot en met 4");
	problem_has(&o, 2, "bad.csv:4: kolom 'leerweg': 'avond' is geen leerweg");
	done(&o);
}

static void test_coordinates_outside(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes",
	       PC_HEADER "1011,48.85,2.35,centroid,,,,,,,,,GM0363,,AM18,,\n"
			 "1012,52.37,abc,centroid,,,,,,,,,GM0363,,AM18,,\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'latitude': de coördinaten (48.85, 2.35) liggen "
			   "buiten Nederland");
	problem_has(&o, 1, "bad.csv:3: kolom 'longitude': 'abc' is geen getal");
	done(&o);
}

static void test_duplicate_key(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes", PC_HEADER PC_ROW("1011") PC_ROW("1012") PC_ROW("1011 "));
	assert_int_equal(o.r.rejected, 1);
	problem_has(&o, 0, "bad.csv:4: kolom 'postcode': '1011' komt twee keer voor in het "
			   "bestand (eerst op regel 2)");
	done(&o);
}

static void test_unknown_references(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes",
	       PC_HEADER "1011,52.37,4.90,centroid,,,,,,,,,GM9999,,AM18,,\n"
			 "1012,52.37,4.90,centroid,,,,,,,,,GM0363,,AM99,,\n"
			 "1013,52.37,4.90,centroid,,,,,,,,,GM0363,,AM01,,\n");
	problem_has(&o, 0, "bad.csv:2: kolom 'gemeentecode_2025': onbekende gemeente 'GM9999'");
	problem_has(&o, 1, "bad.csv:3: kolom 'arbeidsmarktregiocode': onbekende "
			   "arbeidsmarktregio 'AM99'");
	problem_has(&o, 2, "bad.csv:4: kolom 'arbeidsmarktregiocode': GM0363 ligt in "
			   "arbeidsmarktregio AM18, niet in AM01");
	done(&o);
	REJECT(&o, "municipalities",
	       "gemeentecode,gemeentenaam,provincie,arbeidsmarktregiocode\nGM0014,Groningen,Groningen,AM99\n");
	problem_has(&o, 0, "kolom 'arbeidsmarktregiocode': onbekende arbeidsmarktregio 'AM99'");
	done(&o);
}

static void test_report_limit_and_rejects_file(void **unused)
{
	(void)unused;
	lw_buf text = LW_BUF_INIT;
	lw_buf_puts(&text, "arbeidsmarktregiocode,arbeidsmarktregionaam\n");
	for (int i = 0; i < 25; i++)
		lw_buf_printf(&text, "XX%02d,\"Regio, %d\"\n", i, i);
	char *p = write_input("many.csv", text.data, text.len);
	char *rej = tu_path(DIR, "rejects.csv");
	lw_ingest_opts opts = {.rejects_path = rej};
	char *before = snapshot();
	outcome o;
	run(&o, "regions", p, &opts);
	char *after = snapshot();
	assert_string_equal(before, after);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_int_equal(o.r.rejected, 25);
	assert_int_equal(o.r.nproblems, LW_INGEST_REPORT_MAX);
	size_t n;
	char *out = tu_read(rej, &n);
	assert_non_null(out);
	assert_non_null(strstr(out, "arbeidsmarktregiocode,arbeidsmarktregionaam,regel,kolom,reden\r\n"));
	assert_non_null(strstr(out, "XX00,\"Regio, 0\",2,arbeidsmarktregiocode,'XX00' is geen geldige code"));
	assert_non_null(strstr(out, "XX24,\"Regio, 24\",26,"));
	int lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += out[i] == '\n';
	assert_int_equal(lines, 26);
	free(out);
	free(before);
	free(after);
	free(rej);
	free(p);
	lw_buf_free(&text);
	done(&o);
}

/* ---- good input -------------------------------------------------------- */

static void test_skip_invalid_commits_good_rows(void **unused)
{
	(void)unused;
	char *p = write_input("mixed.csv",
			      PC_HEADER PC_ROW("1011AB") PC_ROW("99") PC_ROW("1011 ac"), 
			      strlen(PC_HEADER PC_ROW("1011AB") PC_ROW("99") PC_ROW("1011 ac")));
	lw_ingest_opts opts = {.skip_invalid = 1, .prune = 1};
	outcome o;
	run(&o, "postcodes", p, &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 2);
	assert_int_equal(o.r.rejected, 1);
	problem_has(&o, 0, "mixed.csv:3: kolom 'postcode': '99' is geen postcode");
	/* --prune does not run when rows were rejected: 4067 PC4s stay. */
	assert_int_equal(o.r.pruned, 0);
	assert_int_equal(o.r.absent, 4067);
	done(&o);
	int64_t n;
	lw_err err;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM postcode WHERE code IN "
					 "('1011AB', '1011AC')", &n, &err), LW_OK);
	assert_int_equal(n, 2);
	assert_int_equal(lw_store_exec(S, "DELETE FROM postcode WHERE length(code) = 6", &err),
			 LW_OK);
	free(p);
}

static void test_idempotent_changed_absent_prune(void **unused)
{
	(void)unused;
	lw_err err;
	char path[1024];
	snprintf(path, sizeof path, "%s/cbs/arbeidsmarktregios.csv", tu_data());
	outcome o;
	run(&o, "regions", path, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.unchanged, 35);
	assert_int_equal(o.r.added + o.r.changed + o.r.absent, 0);
	done(&o);

	/* One renamed, one new, one gone. */
	char *p = write_input("regions.csv",
			      "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM01,Groningen Stad\n"
			      "AM02,Friesland\nAM97,Proefregio\n",
			      0);
	run(&o, "regions", p, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 1);
	assert_int_equal(o.r.changed, 1);
	assert_int_equal(o.r.unchanged, 1);
	assert_int_equal(o.r.absent, 33);
	assert_int_equal(o.r.pruned, 0);
	done(&o);

	/* The default desk follows its region's name, and a new region gets a desk. */
	int64_t n;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM desk WHERE name = "
					 "'Leerwerkloket Groningen Stad'", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM desk WHERE code = 'lwl-am97'", &n,
				      &err), LW_OK);
	assert_int_equal(n, 1);

	/* --prune of regions that municipalities still use is refused, store unchanged. */
	char *before = snapshot();
	lw_ingest_opts opts = {.prune = 1};
	run(&o, "regions", p, &opts);
	assert_int_equal(o.rc, LW_EINPUT);
	assert_non_null(strstr(o.err.msg, "niet verwijderen (--prune)"));
	char *after = snapshot();
	assert_string_equal(before, after);
	done(&o);
	free(before);
	free(after);

	/* Restore the real file; then prune the test region (nothing uses it). */
	run(&o, "regions", path, &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.changed, 1);
	assert_int_equal(o.r.pruned, 1);
	done(&o);
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM desk", &n, &err), LW_OK);
	assert_int_equal(n, 35);
	free(p);
}

static void test_occupation_labels(void **unused)
{
	(void)unused;
	lw_err err;
	int64_t n;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM occupation_label l JOIN occupation o "
					 "ON o.uri = l.uri WHERE o.label = 'inspiciënt' AND "
					 "l.label = 'toneelmeester'", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	outcome o;
	REJECT(&o, "occupations",
	       "conceptUri,iscoGroup,preferredLabel,altLabels,code\n"
	       "http://example.org/x,2654,x,,2654.1\n"
	       "http://data.europa.eu/esco/occupation/abc,265,x,,2654.1\n"
	       "http://data.europa.eu/esco/occupation/abd,2654,x,,3654.1\n");
	problem_has(&o, 0, "kolom 'conceptUri': 'http://example.org/x' is geen ESCO-beroep-URI");
	problem_has(&o, 1, "kolom 'iscoGroup': '265' is geen geldige code (verwacht 4 cijfers)");
	problem_has(&o, 2, "kolom 'code': '3654.1' hoort niet bij ISCO-groep 2654");
	done(&o);
}

/* ---- the desk network -------------------------------------------------- */

#define DESK_HEADER "code,naam,werkgebied,adres,postcode,plaats,telefoon,email,website,openingstijden\n"

static void test_desks_replace_default(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "loketten",
	       DESK_HEADER "Utrecht,Loket Utrecht,GM0344,,,,,,,\n"
			   "utrecht,Loket Utrecht,GM9999,,,,,,,\n"
			   "ut,Loket,AM13,,35x,,12,geen-mail,ftp://x,\n"
			   "ut2,Loket,AM13,,,,12,,,\n"
			   "ut3,Loket,AM13,,,,,geen-mail,,\n"
			   "ut4,Loket,AM13,,,,,,ftp://x,\n"
			   "ut5,Loket,XX13,,,,,,,\n");
	problem_has(&o, 0, "kolom 'code': 'Utrecht' is geen geldige code");
	problem_has(&o, 1, "kolom 'werkgebied': onbekende gemeente 'GM9999'");
	problem_has(&o, 2, "kolom 'postcode': '35x' is geen postcode");
	problem_has(&o, 3, "kolom 'telefoon': '12' is geen telefoonnummer");
	problem_has(&o, 4, "kolom 'email': 'geen-mail' is geen e-mailadres");
	problem_has(&o, 5, "kolom 'website': 'ftp://x' begint niet met https:// of http://");
	problem_has(&o, 6, "kolom 'werkgebied': 'XX13' is geen gemeentecode");
	done(&o);

	/* A real network of two desks: Utrecht city, and the rest of its region. */
	const char net[] = DESK_HEADER
		"utrecht,Leerwerkloket Utrecht,GM0344,Stationsplein 1,3511 AB,Utrecht,030-1234567,"
		"loket@example.nl,https://example.nl,ma-vr 9-17\n"
		"midden-utrecht,Leerwerkloket Midden-Utrecht,AM13,,,,,,,\n";
	char *p = write_input("desks.csv", net, sizeof net - 1);
	run(&o, "loketten", p, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 2);
	assert_non_null(o.r.note); /* the default network was replaced */
	done(&o);

	lw_coverage cov;
	lw_err err;
	assert_int_equal(lw_geo_coverage(S, &cov, &err), LW_OK);
	assert_int_equal(cov.desks, 2);
	assert_int_equal(cov.default_desks, 0);
	assert_true(cov.nuncovered > 300);   /* only Midden-Utrecht is served now */
	assert_int_equal(cov.nmultiple, 1);  /* Utrecht: by both desks */
	assert_string_equal(cov.multiple[0].code, "GM0344");
	assert_string_equal(cov.multiple[0].desk_codes, "midden-utrecht, utrecht");
	lw_coverage_free(&cov);

	/* Routing prefers the desk named for the municipality. */
	lw_where w;
	assert_int_equal(lw_geo_where(S, "3511", &w, &err), LW_OK);
	assert_int_equal(w.matches[0].ndesks, 2);
	assert_string_equal(w.matches[0].desks[0].code, "utrecht");
	assert_string_equal(w.matches[0].desks[0].phone, "030-1234567");
	assert_string_equal(w.matches[0].desks[0].postcode, "3511AB");
	lw_where_free(&w);

	/* Same file again: nothing changes. */
	run(&o, "loketten", p, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.unchanged, 2);
	done(&o);

	/* Pruning every real desk brings the default network back. */
	char *empty = write_input("nodesks.csv", DESK_HEADER, strlen(DESK_HEADER));
	lw_ingest_opts opts = {.prune = 1};
	run(&o, "loketten", empty, &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.pruned, 2);
	done(&o);
	assert_int_equal(lw_geo_coverage(S, &cov, &err), LW_OK);
	assert_int_equal(cov.desks, 35);
	assert_int_equal(cov.nuncovered + cov.nmultiple, 0);
	lw_coverage_free(&cov);
	free(empty);
	free(p);
}


/* ---- review cases ------------------------------------------------------ */

static void test_rejects_file_is_safe(void **unused)
{
	(void)unused;
	char *in = write_input("keep.csv", "arbeidsmarktregiocode,arbeidsmarktregionaam\nXX,y\n", 0);
	size_t n1, n2;
	char *before = tu_read(in, &n1);
	outcome o;
	/* --rejects naming the input, or the database, is refused. */
	lw_ingest_opts opts = {.rejects_path = in, .skip_invalid = 1};
	run(&o, "regions", in, &opts);
	assert_int_equal(o.rc, LW_EUSAGE);
	assert_non_null(strstr(o.err.msg, "een bestand dat de import zelf leest of schrijft"));
	done(&o);
	char *after = tu_read(in, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	opts.rejects_path = lw_store_path(S);
	run(&o, "regions", in, &opts);
	assert_int_equal(o.rc, LW_EUSAGE);
	done(&o);

	/* A clean run leaves an empty rejects file, not the last run's rows. */
	char *rej = tu_path(DIR, "stale.csv");
	tu_writes(rej, "old,rows\n1,2\n");
	char path[1024];
	snprintf(path, sizeof path, "%s/cbs/arbeidsmarktregios.csv", tu_data());
	opts.rejects_path = rej;
	opts.skip_invalid = 0;
	run(&o, "regions", path, &opts);
	assert_int_equal(o.rc, LW_OK);
	done(&o);
	size_t n;
	char *r = tu_read(rej, &n);
	assert_int_equal(n, 0);
	free(r);
	free(rej);
	free(before);
	free(after);
	free(in);
}

static void test_reference_is_all_or_nothing(void **unused)
{
	(void)unused;
	/* A data folder whose last file is broken: nothing of the others lands. */
	char *data = tu_path(DIR, "data");
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd,
		      "mkdir -p '%s/esco' && for d in cbs pc4 mbo; do ln -sfn '%s/'$d '%s/'$d; done"
		      " && printf 'conceptUri,iscoGroup,preferredLabel,altLabels,code\\nx,1,y,,z\\n'"
		      " > '%s/esco/occupations_nl.csv'",
		      data, tu_data(), data, data);
	assert_int_equal(system(cmd.data), 0);
	lw_buf_free(&cmd);
	lw_err err;
	assert_int_equal(lw_store_exec(S, "UPDATE region SET name = 'Anders' WHERE code = 'AM01'",
				       &err),
			 LW_OK);
	char *before = snapshot();
	lw_ingest_result r[8];
	size_t n = 0;
	assert_int_equal(lw_ingest_reference(S, data, NULL, r, &n, &err), LW_EINPUT);
	assert_int_equal(n, 5);
	assert_int_equal(r[0].changed, 1); /* regions would have changed... */
	char *after = snapshot();
	assert_string_equal(before, after); /* ...but nothing did */
	for (size_t i = 0; i < n; i++)
		lw_ingest_result_free(&r[i]);
	assert_int_equal(lw_store_exec(S, "UPDATE region SET name = 'Groningen' WHERE code = 'AM01'",
				       &err),
			 LW_OK);
	free(before);
	free(after);
	free(data);
}

static void test_rejected_keys_are_not_absent(void **unused)
{
	(void)unused;
	char path[1024];
	snprintf(path, sizeof path, "%s/cbs/arbeidsmarktregios.csv", tu_data());
	char *text = tu_read(path, NULL);
	/* Break AM01's row: it is still in the file, so not "absent". */
	char *p = strstr(text, "AM01,Groningen,14");
	assert_non_null(p);
	memcpy(p + 15, "xx", 2);
	char *in = write_input("regions-bad.csv", text, 0);
	lw_ingest_opts opts = {.skip_invalid = 1};
	outcome o;
	run(&o, "regions", in, &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.rejected, 1);
	assert_int_equal(o.r.absent, 0);
	done(&o);
	free(in);
	free(text);
}

#define Q_HEADER                                                                            \
	"opleidingsdomein_nr,opleidingsdomein,opleidingsdomein_crebo,kwalificatiedossier_crebo," \
	"kwalificatiedossier,kwalificatie_crebo,kwalificatie,niveau,prijsfactor,soort_opleiding," \
	"beroepsvereisten,leerweg\n"

static void test_qualification_consistency(void **unused)
{
	(void)unused;
	outcome o;
	/* One domain, two names. */
	REJECT(&o, "qualifications",
	       Q_HEADER "1,Bouw,79000,23045,Betonboren,25078,Betonboorder,3,\"1,30\",vakopleiding,,BOL\n"
			"1,Bouw en infra,79000,23045,Betonboren,25079,Boorder,3,1.3,vakopleiding,,BOL\n");
	problem_has(&o, 0, "bad.csv:3: kolom 'opleidingsdomein': opleidingsdomein 79000 heet hier "
			   "anders dan op regel 2");
	done(&o);
	/* A duplicate row's dossier name does not count against later rows. */
	char *in = write_input("q.csv",
			       Q_HEADER "1,Bouw,79000,23045,Betonboren,25078,Betonboorder,3,1.3,v,,BOL\n"
					"1,Bouw,79000,23045,Betonboren TYPO,25078,Betonboorder,3,1.3,v,,BOL\n"
					"1,Bouw,79000,23045,Betonboren,25079,Boorder,3,1.3,v,,BOL\n",
			       0);
	lw_ingest_opts opts = {.skip_invalid = 1};
	run(&o, "qualifications", in, &opts);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.rejected, 1);
	problem_has(&o, 0, "q.csv:3: kolom 'kwalificatie_crebo': '25078' komt twee keer voor");
	done(&o);
	char path[1024];
	snprintf(path, sizeof path, "%s/mbo/mbo_kwalificaties_2015.csv", tu_data());
	lw_ingest_opts prune = {.prune = 1};
	run(&o, "qualifications", path, &prune);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.changed, 2); /* 25078 and 25079 back to the real values */
	assert_int_equal(o.r.pruned, 0);
	done(&o);
	/* Importing the real file again changes nothing: domains are stable. */
	run(&o, "qualifications", path, &prune);
	assert_int_equal(o.r.unchanged, 470);
	done(&o);
	free(in);
}

static void test_numbers(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "postcodes", PC_HEADER "1011,0x34,4.90,centroid,,,,,,,,,GM0363,,AM18,,\n"
					  "1012,52.37,4.9e,centroid,,,,,,,,,GM0363,,AM18,,\n");
	problem_has(&o, 0, "kolom 'latitude': '0x34' is geen getal");
	problem_has(&o, 1, "kolom 'longitude': '4.9e' is geen getal");
	done(&o);
	/* A decimal comma and R's NA are fine. */
	char *in = write_input("nums.csv",
			       PC_HEADER "1011ZZ,\"52,37\",\"4,90\",centroid,,,NA,NA,NA,,,,GM0363,,AM18,,\n",
			       0);
	run(&o, "postcodes", in, NULL);
	assert_int_equal(o.rc, LW_OK);
	assert_int_equal(o.r.added, 1);
	done(&o);
	lw_err err;
	int64_t n = 0;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM postcode WHERE code = '1011ZZ' AND "
					 "lat = 52.37 AND inhabitants IS NULL AND place IS NULL",
				      &n, &err),
			 LW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(lw_store_exec(S, "DELETE FROM postcode WHERE code = '1011ZZ'", &err), LW_OK);
	free(in);
}

static void test_messages_stay_readable(void **unused)
{
	(void)unused;
	outcome o;
	REJECT(&o, "regions", "arbeidsmarktregiocode;arbeidsmarktregionaam\nAM01;Groningen\n");
	assert_non_null(strstr(o.err.msg, "lijkt puntkomma's te gebruiken"));
	done(&o);
	lw_buf t = LW_BUF_INIT;
	lw_buf_puts(&t, "arbeidsmarktregiocode,arbeidsmarktregionaam\nAM");
	for (int i = 0; i < 5000; i++)
		lw_buf_putc(&t, '9');
	lw_buf_puts(&t, ",x\n");
	reject(&o, "regions", t.data, t.len);
	assert_true(strlen(o.r.problems[0]) < 300);
	problem_has(&o, 0, "...' is geen geldige code");
	done(&o);
	lw_buf_free(&t);
}

static void test_changes_follow_children(void **unused)
{
	(void)unused;
	lw_err err;
	int64_t n = 0;
	/* An occupation whose synonyms change gets its labels rebuilt. */
	const char occ[] = "conceptUri,iscoGroup,preferredLabel,altLabels,code\n"
			   "http://data.europa.eu/esco/occupation/test-1,2654,proefberoep,"
			   "\"eerste\ntweede\",2654.9\n";
	char *in = write_input("occ.csv", occ, sizeof occ - 1);
	outcome o;
	run(&o, "occupations", in, NULL);
	assert_int_equal(o.rc, LW_OK);
	done(&o);
	const char occ2[] = "conceptUri,iscoGroup,preferredLabel,altLabels,code\n"
			    "http://data.europa.eu/esco/occupation/test-1,2654,proefberoep,"
			    "\"tweede\nderde\",2654.9\n";
	free(in);
	in = write_input("occ.csv", occ2, sizeof occ2 - 1);
	run(&o, "occupations", in, NULL);
	assert_int_equal(o.r.changed, 1);
	done(&o);
	assert_int_equal(lw_store_int(S, "SELECT group_concat(label, '|') FROM (SELECT label FROM "
					 "occupation_label WHERE uri LIKE '%test-1' ORDER BY label)",
				      &n, &err),
			 LW_OK);
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(S, &st,
					  "SELECT group_concat(label, '|') FROM (SELECT label FROM "
					  "occupation_label WHERE uri LIKE '%test-1' ORDER BY label)",
					  &err),
			 LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "derde|tweede");
	sqlite3_finalize(st);
	assert_int_equal(lw_store_exec(S, "DELETE FROM occupation WHERE uri LIKE '%test-1'", &err),
			 LW_OK);
	free(in);

	/* A desk whose only change is its service area counts as changed. */
	const char d1[] = "code,naam,werkgebied\nproef,Proefloket,GM0344\n";
	const char d2[] = "code,naam,werkgebied\nproef,Proefloket,GM0344;GM0345\n";
	in = write_input("d.csv", d1, sizeof d1 - 1);
	run(&o, "loketten", in, NULL);
	assert_int_equal(o.r.added, 1);
	done(&o);
	free(in);
	in = write_input("d.csv", d2, sizeof d2 - 1);
	run(&o, "loketten", in, NULL);
	assert_int_equal(o.r.changed, 1);
	done(&o);
	char *none = write_input("none.csv", "code,naam,werkgebied\n", 0);
	lw_ingest_opts prune = {.prune = 1};
	run(&o, "loketten", none, &prune);
	assert_int_equal(o.r.pruned, 1);
	assert_null(o.r.note); /* nothing replaced the default network */
	done(&o);
	free(none);
	free(in);
}

/* ---- out of memory ----------------------------------------------------- */

static void test_allocation_failures(void **unused)
{
	(void)unused;
	char *p = write_input("oom.csv", PC_HEADER PC_ROW("1011XX") PC_ROW("1011XY"),
			      strlen(PC_HEADER PC_ROW("1011XX") PC_ROW("1011XY")));
	char *before = snapshot();
	int succeeded = 0;
	for (long n = 0; n < 400 && !succeeded; n++) {
		outcome o;
		lw_mem_fail_after(n);
		run(&o, "postcodes", p, NULL);
		lw_mem_fail_after(-1);
		if (o.rc == LW_OK) {
			succeeded = 1;
		} else {
			char *after = snapshot();
			assert_string_equal(before, after);
			free(after);
		}
		done(&o);
	}
	assert_true(succeeded);
	lw_err err;
	assert_int_equal(lw_store_exec(S, "DELETE FROM postcode WHERE length(code) = 6", &err),
			 LW_OK);
	free(before);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_header_missing_unknown_reordered),
		cmocka_unit_test(test_bom_and_crlf_accepted),
		cmocka_unit_test(test_field_counts),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_ten_megabyte_line),
		cmocka_unit_test(test_empty_required),
		cmocka_unit_test(test_malformed_codes),
		cmocka_unit_test(test_coordinates_outside),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_unknown_references),
		cmocka_unit_test(test_report_limit_and_rejects_file),
		cmocka_unit_test(test_skip_invalid_commits_good_rows),
		cmocka_unit_test(test_idempotent_changed_absent_prune),
		cmocka_unit_test(test_occupation_labels),
		cmocka_unit_test(test_desks_replace_default),
		cmocka_unit_test(test_rejects_file_is_safe),
		cmocka_unit_test(test_reference_is_all_or_nothing),
		cmocka_unit_test(test_rejected_keys_are_not_absent),
		cmocka_unit_test(test_qualification_consistency),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_messages_stay_readable),
		cmocka_unit_test(test_changes_follow_children),
		cmocka_unit_test(test_allocation_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

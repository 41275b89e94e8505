/*
 * test_cli.c - leerwerk as a person uses it: the binary as a subprocess,
 * its output, its exit statuses, and a kill -9 in the middle of an import.
 */
#include "testutil.h"

#include "lw_programme.h"
#include "lw_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char *DIR, *DB;
static char *OUT, *ERR; /* output of the last run */

static int setup(void **unused)
{
	(void)unused;
	DIR = tu_tmpdir("cli");
	DB = tu_path(DIR, "leerwerk.db");
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	free(OUT);
	free(ERR);
	free(DB);
	free(DIR);
	return 0;
}

/* Runs `leerwerk ARGS` (a shell fragment) with --db DB; returns the exit status. */
static int lw(const char *env, const char *args)
{
	const char *bin = getenv("LW_BIN");
	assert_non_null(bin);
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "%s '%s' --db '%s' --data '%s' %s >'%s/out' 2>'%s/err' </dev/null",
		      env ? env : "", bin, DB, tu_data(), args, DIR, DIR);
	int st = system(cmd.data);
	lw_buf_free(&cmd);
	free(OUT);
	free(ERR);
	char *o = tu_path(DIR, "out"), *e = tu_path(DIR, "err");
	OUT = tu_read(o, NULL);
	ERR = tu_read(e, NULL);
	free(o);
	free(e);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

#define OUT_HAS(s)                                                                         \
	do {                                                                               \
		if (!strstr(OUT, s))                                                       \
			fail_msg("stdout lacks '%s':\n%s\nstderr:\n%s", s, OUT, ERR);      \
	} while (0)
#define ERR_HAS(s)                                                                         \
	do {                                                                               \
		if (!strstr(ERR, s))                                                       \
			fail_msg("stderr lacks '%s':\n%s", s, ERR);                        \
	} while (0)

static void test_help_and_usage(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "--help"), 0);
	OUT_HAS("gebruik: leerwerk COMMANDO");
	OUT_HAS("Afsluitstatus: 0 gelukt, 1 mislukt");
	OUT_HAS("LEERWERK_DB");
	assert_int_equal(lw(NULL, "import --help"), 0);
	OUT_HAS("postcodes");
	OUT_HAS("loketten");
	OUT_HAS("kolommen: code,naam,werkgebied");
	for (const char *const *c = (const char *const[]){"where", "loket", "db", "summary", NULL};
	     *c; c++) {
		char a[64];
		snprintf(a, sizeof a, "%s --help", *c);
		assert_int_equal(lw(NULL, a), 0);
		OUT_HAS("gebruik: leerwerk");
	}
	assert_int_equal(lw(NULL, "--version"), 0);
	OUT_HAS("leerwerk " LW_VERSION);
	assert_int_equal(lw(NULL, "fly"), 2);
	ERR_HAS("leerwerk: onbekend commando 'fly'");
	assert_int_equal(lw(NULL, "summary --fast"), 2);
	ERR_HAS("leerwerk: onbekende optie '--fast'");
	assert_int_equal(lw(NULL, "import postcodes"), 2);
	ERR_HAS("leerwerk: gebruik: leerwerk import");
	assert_int_equal(lw(NULL, "import planets x.csv"), 2);
	ERR_HAS("onbekende soort 'planets'");
}

static void test_no_database_yet(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "summary"), 1);
	ERR_HAS("leerwerk: database ");
	ERR_HAS("bestaat niet");
	assert_int_equal(lw(NULL, "where 3511"), 1);
	assert_int_equal(lw(NULL, "db migrate"), 0);
	OUT_HAS("schema bijgewerkt van versie 0 naar");
	assert_int_equal(lw(NULL, "db migrate"), 0);
	OUT_HAS("schema is actueel");
	assert_int_equal(lw(NULL, "db status"), 0);
	OUT_HAS("actueel");
}

static void test_import_reference_and_queries(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "import reference"), 0);
	OUT_HAS("35 rijen: 35 toegevoegd");
	OUT_HAS("342 rijen: 342 toegevoegd");
	OUT_HAS("4067 rijen: 4067 toegevoegd");
	OUT_HAS("470 rijen: 470 toegevoegd");
	OUT_HAS("3007 rijen: 3007 toegevoegd");
	assert_string_equal(ERR, ""); /* no progress line when stderr is not a terminal */
	assert_int_equal(lw(NULL, "import reference"), 0);
	OUT_HAS("4067 rijen: 0 toegevoegd, 0 gewijzigd, 4067 ongewijzigd");
	OUT_HAS("3007 rijen: 0 toegevoegd, 0 gewijzigd, 3007 ongewijzigd");

	assert_int_equal(lw(NULL, "summary"), 0);
	OUT_HAS("gemeenten                342");
	OUT_HAS("(17,5 miljoen inwoners in 2020)");
	OUT_HAS("alle 342 gemeenten hebben precies een loket");
	OUT_HAS("Bron: CBS");
	OUT_HAS("ESCO, European Commission");
	assert_int_equal(lw(NULL, "summary --json"), 0);
	OUT_HAS("\"postcodegebieden\": 4067");
	OUT_HAS("\"landelijk_dekkend\": true");

	assert_int_equal(lw(NULL, "where 3511"), 0);
	OUT_HAS("Gemeente:      Utrecht (GM0344)");
	OUT_HAS("Provincie:     Utrecht");
	OUT_HAS("Regio:         Midden-Utrecht (AM13)");
	OUT_HAS("Loket:         Leerwerkloket Midden-Utrecht");
	assert_int_equal(lw(NULL, "where Bergen op Zoom"), 0); /* words joined */
	OUT_HAS("GM0748");
	assert_int_equal(lw(NULL, "where BERGEN"), 1);
	OUT_HAS("Bergen (NH.)");
	OUT_HAS("Bergen (L.)");
	assert_int_equal(lw(NULL, "where 1000"), 1);
	ERR_HAS("leerwerk: postcode 1000 is onbekend");
	assert_int_equal(lw(NULL, "where 12"), 2);
	ERR_HAS("is geen postcode");
	assert_int_equal(lw(NULL, "--json where gm0344"), 0);
	OUT_HAS("\"code\": \"GM0344\"");
	OUT_HAS("\"naam\": \"Leerwerkloket Midden-Utrecht\"");
	assert_int_equal(lw(NULL, "where 3511 --json"), 0); /* options anywhere */
	OUT_HAS("\"postcode\": \"3511\"");

	assert_int_equal(lw(NULL, "loket find 5611"), 0);
	OUT_HAS("Leerwerkloket Zuidoost-Brabant");
	OUT_HAS("0800-1618");
	assert_int_equal(lw(NULL, "loket coverage"), 0);
	OUT_HAS("landelijk dekkend");
	assert_int_equal(lw(NULL, "loket list"), 0);
	OUT_HAS("35 loketten");
	assert_int_equal(lw(NULL, "loket list --json"), 0);
	OUT_HAS("\"code\": \"lwl-am01\"");
}

static void test_bad_import_reports_and_exit_status(void **unused)
{
	(void)unused;
	char *bad = tu_path(DIR, "bad.csv");
	lw_buf b = LW_BUF_INIT;
	lw_buf_puts(&b, "arbeidsmarktregiocode,arbeidsmarktregionaam\n");
	for (int i = 0; i < 25; i++)
		lw_buf_printf(&b, "XM%02d,Regio\n", i);
	tu_write(bad, b.data, b.len);
	lw_buf_free(&b);
	char args[1024];
	snprintf(args, sizeof args, "import regions '%s' --rejects '%s/rejects.csv'", bad, DIR);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("bad.csv:2: kolom 'arbeidsmarktregiocode': 'XM00' is geen geldige code");
	ERR_HAS("bad.csv:21: kolom");
	ERR_HAS("en nog 5 afgekeurde rijen");
	ERR_HAS("leerwerk: ");
	ERR_HAS("25 rijen afgekeurd; er is niets");
	assert_null(strstr(ERR, "bad.csv:22:")); /* only the first 20 one by one */
	char *rej = tu_path(DIR, "rejects.csv");
	char *r = tu_read(rej, NULL);
	assert_non_null(r);
	assert_non_null(strstr(r, "XM24,Regio,26,arbeidsmarktregiocode,"));
	free(r);
	free(rej);

	snprintf(args, sizeof args, "import regions '%s' --skip-invalid --json", bad);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("\"afgekeurd\": 25");
	OUT_HAS("\"vastgelegd\": true");
	snprintf(args, sizeof args, "import regions /nonexistent.csv");
	assert_int_equal(lw(NULL, args), 1);
	ERR_HAS("leerwerk: /nonexistent.csv: kan het bestand niet openen");
	free(bad);
}

static void test_options_and_promises(void **unused)
{
	(void)unused;
	/* --db=PATH and --data=DIR; options after "--" are arguments. */
	const char *bin = getenv("LW_BIN");
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "'%s' summary --db='%s' --data='%s' >/dev/null", bin, DB, tu_data());
	assert_int_equal(system(cmd.data), 0);
	assert_int_equal(lw(NULL, "where -- --json"), 1); /* '--json' taken as the query */
	ERR_HAS("is geen bekende gemeente of plaats");
	assert_int_equal(lw(NULL, "help import"), 0);
	OUT_HAS("kolommen: postcode,latitude");

	/* Output that cannot be written is a failure. */
	lw_buf_reset(&cmd);
	lw_buf_printf(&cmd, "'%s' --db '%s' summary > /dev/full 2>/dev/null", bin, DB);
	assert_int_equal(WEXITSTATUS(system(cmd.data)), 1);
	lw_buf_reset(&cmd);
	lw_buf_printf(&cmd, "'%s' --db '%s' --json loket list > /dev/full 2>/dev/null", bin, DB);
	assert_int_equal(WEXITSTATUS(system(cmd.data)), 1);
	lw_buf_free(&cmd);

	/* Settings in the environment are checked. */
	assert_int_equal(lw("LEERWERK_IMPORT_CACHE_KIB=512M", "import reference"), 2);
	ERR_HAS("LEERWERK_IMPORT_CACHE_KIB='512M' is geen geheel getal");
	assert_int_equal(lw("LEERWERK_IMPORT_ALONE_BYTES=64M", "import reference"), 2);
	ERR_HAS("LEERWERK_IMPORT_ALONE_BYTES='64M' is geen geheel getal van 1 tot en met");
	assert_int_equal(lw("LEERWERK_IMPORT_ALONE_BYTES=0", "import reference"), 2);
	ERR_HAS("LEERWERK_IMPORT_ALONE_BYTES='0' is geen geheel getal van 1 tot en met");

	/* An ambiguous name in JSON lists the candidates and says so. */
	assert_int_equal(lw(NULL, "--json where bergen"), 1);
	OUT_HAS("\"eenduidig\": false");
	OUT_HAS("\"naam\": \"Bergen (NH.)\"");

	/* A real network with a gap: coverage fails, find shows contact details. */
	char *desks = tu_path(DIR, "desks.csv");
	tu_writes(desks, "code,naam,werkgebied,adres,postcode,plaats,telefoon,email,website,"
			 "openingstijden\n"
			 "utrecht,Leerwerkloket Utrecht,AM13,Stationsplein 1,3511AB,Utrecht,"
			 "030-1234567,loket@example.nl,https://example.nl,ma-vr 9-17\n");
	char args[1024];
	snprintf(args, sizeof args, "import loketten '%s'", desks);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("het standaardnetwerk (een loket per arbeidsmarktregio) is vervangen");
	assert_int_equal(lw(NULL, "loket coverage"), 1);
	OUT_HAS("gemeenten zonder loket");
	OUT_HAS("niet landelijk dekkend");
	assert_int_equal(lw(NULL, "loket find 3511"), 0);
	OUT_HAS("Adres:         Stationsplein 1, 3511AB Utrecht");
	OUT_HAS("Telefoon:      030-1234567");
	OUT_HAS("Open:          ma-vr 9-17");
	assert_int_equal(lw(NULL, "where 1011"), 0);
	OUT_HAS("Loket:         geen");

	/* --prune with rejected rows says it did not prune. */
	tu_writes(desks, "code,naam,werkgebied\nFOUT,x,AM13\n");
	snprintf(args, sizeof args, "import loketten '%s' --prune --skip-invalid", desks);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("niet verwijderd: --prune werkt niet als er rijen zijn afgekeurd");
	/* And back to the default network. */
	tu_writes(desks, "code,naam,werkgebied\n");
	snprintf(args, sizeof args, "import loketten '%s' --prune", desks);
	assert_int_equal(lw(NULL, args), 0);
	assert_int_equal(lw(NULL, "loket coverage"), 0);
	free(desks);

	/* A database with pending migrations: status says so and exits 1. */
	char *old = tu_path(DIR, "old.db");
	tu_writes(old, "");
	char *real = DB;
	DB = old;
	assert_int_equal(lw(NULL, "db status"), 1);
	OUT_HAS("openstaand:    migratie 1");
	DB = real;
	free(old);
}

static void test_demo_data(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "demo generate --scale 0.01 --seed 3"), 0);
	OUT_HAS("alle gemarkeerd als voorbeeld");
	OUT_HAS("leerbedrijven          220");
	assert_int_equal(lw(NULL, "summary"), 0);
	OUT_HAS("Registers (voorbeeldgegevens)");
	assert_int_equal(lw(NULL, "demo generate --scale 0"), 2);
	ERR_HAS("--scale '0' is geen getal groter dan 0");
	assert_int_equal(lw(NULL, "demo generate --seed -1"), 2);
	assert_int_equal(lw(NULL, "demo make"), 2);
	assert_int_equal(lw(NULL, "demo --help"), 0);
	OUT_HAS("gemarkeerd als voorbeeld");

	/* Search: the engine is built from the store by each command. */
	assert_int_equal(lw(NULL, "search verpleegkundigen --kind kwalificatie --verbose"), 0);
	ERR_HAS("zoekindex:");
	OUT_HAS("Mbo-Verpleegkundige");
	assert_int_equal(lw(NULL, "search kok --kind vacature --limit 2 --json"), 0);
	OUT_HAS("\"soort\": \"vacature\"");
	OUT_HAS("\"voorbeeld\": true");
	assert_int_equal(lw(NULL, "search xyzzyq"), 0);
	OUT_HAS("Niets gevonden");
	assert_int_equal(lw(NULL, "search verpleegkundgie"), 0);
	OUT_HAS("Gezocht naar 'verpleegkundige'");
	assert_int_equal(lw(NULL, "search medewerker --near 3511 --km 30 --sort afstand"), 0);
	OUT_HAS(" km)");
	OUT_HAS("bij 3511");
	assert_int_equal(lw(NULL, "search kok --facets"), 0);
	OUT_HAS("Soort: soort:");
	OUT_HAS("Niveau: niveau:");
	assert_int_equal(lw(NULL, "search kok --facets --json"), 0);
	OUT_HAS("\"facetten\"");
	assert_int_equal(lw(NULL, "search kok --near Nergenshuizen"), 0);
	OUT_HAS("Let op: 'Nergenshuizen' is geen bekende postcode of plaats");
	assert_int_equal(lw(NULL, "search kok --kind planeet"), 2);
	ERR_HAS("--kind 'planeet' is geen soort");
	assert_int_equal(lw(NULL, "search"), 2);
	assert_int_equal(lw(NULL, "search kok --limit 0"), 2);
	ERR_HAS("--limit '0' is geen getal van 1 tot en met 1000");
	assert_int_equal(lw(NULL, "search kok --near 3511 --km veel"), 2);
	ERR_HAS("--km 'veel' is geen getal");
	assert_int_equal(lw(NULL, "search kok --km 5"), 2);
	ERR_HAS("--km hoort bij --near");
	assert_int_equal(lw(NULL, "search kok --sort afstand"), 2);
	ERR_HAS("--sort afstand hoort bij --near");
	assert_int_equal(lw(NULL, "search kok --sort prijs"), 2);
	ERR_HAS("--sort 'prijs': kies relevantie, afstand of datum");
	assert_int_equal(lw(NULL, "search \"$(printf '\\377')\""), 2);
	ERR_HAS("geen geldige UTF-8");
	assert_int_equal(lw(NULL, "search --explain gezondheidszorg"), 0);
	OUT_HAS("delen gezond + zorg");
	assert_int_equal(lw(NULL, "suggest verpleegk"), 0);
	OUT_HAS("verpleegkundige");
	assert_int_equal(lw(NULL, "suggest verpleegk --json"), 0);
	OUT_HAS("\"suggesties\"");
	assert_int_equal(lw(NULL, "suggest"), 2);
	/* The registers changed: the next command searches the new rows. */
	assert_int_equal(lw(NULL, "demo generate --scale 0.01 --seed 4"), 0);
	assert_int_equal(lw(NULL, "search kok"), 0);
	assert_int_equal(lw(NULL, "db check"), 0);
}

static void test_backup_and_newer_schema(void **unused)
{
	(void)unused;
	/* LEERWERK_DATA chooses the reference data when --data is not given. */
	lw_buf env = LW_BUF_INIT;
	lw_buf_printf(&env, "LEERWERK_DATA=/nonexistent '%s' --db '%s' import reference "
			    ">/dev/null 2>'%s/err-data'",
		      getenv("LW_BIN"), DB, DIR);
	assert_int_equal(WEXITSTATUS(system(env.data)), 1);
	lw_buf_reset(&env);
	lw_buf_printf(&env, "%s/err-data", DIR);
	char *msg = tu_read(env.data, NULL);
	assert_non_null(strstr(msg, "/nonexistent/cbs/arbeidsmarktregios.csv: kan het bestand "
				    "niet openen"));
	free(msg);
	lw_buf_free(&env);
	char args[1024];
	char *copy = tu_path(DIR, "backup.db");
	snprintf(args, sizeof args, "db backup '%s'", copy);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("back-up van");
	snprintf(args, sizeof args, "LEERWERK_DB='%s'", copy);
	/* --db on the command line wins over the environment; test the variable alone. */
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "LEERWERK_DB='%s' '%s' summary >/dev/null 2>&1", copy, getenv("LW_BIN"));
	assert_int_equal(system(cmd.data), 0);
	lw_buf_free(&cmd);

	/* A database from a newer leerwerk is refused and left alone. */
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, copy, 0, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "PRAGMA user_version=999", &err), LW_OK);
	lw_store_close(s);
	char *real = DB;
	DB = copy;
	assert_int_equal(lw(NULL, "summary"), 1);
	ERR_HAS("schemaversie 999");
	ERR_HAS("nieuwere leerwerk");
	assert_int_equal(lw(NULL, "db migrate"), 1);
	assert_int_equal(lw(NULL, "import reference"), 1);
	DB = real;
	free(copy);
}

/* Fingerprint of the postcode table, to compare before and after a crash. */
static char *postcode_fingerprint(const char *db)
{
	lw_store *s;
	lw_err err;
	if (lw_store_open(&s, db, 0, &err) != LW_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st,
					  "SELECT count(*), total(lat), total(lon), "
					  "group_concat(code, ''), total(inhabitants) FROM "
					  "(SELECT * FROM postcode ORDER BY code)",
					  &err),
			 LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b, "%lld|%.6f|%.6f|%s|%.0f", (long long)sqlite3_column_int64(st, 0),
		      sqlite3_column_double(st, 1), sqlite3_column_double(st, 2),
		      (const char *)sqlite3_column_text(st, 3), sqlite3_column_double(st, 4));
	sqlite3_finalize(st);
	lw_store_close(s);
	return b.data;
}

static void test_kill_during_import(void **unused)
{
	(void)unused;
	char *big = tu_path(DIR, "big.csv");
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "'%s' 300000 7 '%s/cbs/gemeenten_arbeidsmarktregio_2026.csv' > '%s'",
		      getenv("LW_GEN"), tu_data(), big);
	assert_int_equal(system(cmd.data), 0);
	lw_buf_free(&cmd);
	char *before = postcode_fingerprint(DB);

	/* SIGKILL after 200,000 of 300,000 rows: pages of the open transaction
	 * are in the WAL by then. */
	char args[1024];
	snprintf(args, sizeof args, "import postcodes '%s'", big);
	/* A small page cache makes the open transaction spill into the WAL. */
	assert_int_equal(lw("LEERWERK_TEST_KILL_AFTER_ROWS=200000 LEERWERK_IMPORT_CACHE_KIB=2000",
			    args),
			 128 + 9);
	char *wal = NULL;
	{
		lw_buf w = LW_BUF_INIT;
		lw_buf_printf(&w, "%s-wal", DB);
		size_t n = 0;
		wal = tu_read(w.data, &n);
		assert_true(n > 1000000); /* the import had written a lot */
		lw_buf_free(&w);
	}
	char *after = postcode_fingerprint(DB);
	assert_string_equal(before, after);
	assert_int_equal(lw(NULL, "db check"), 0);
	assert_int_equal(lw(NULL, "summary"), 0);
	OUT_HAS("postcodegebieden        4067");

	/* On a terminal an import shows a progress line (here from the start). */
	lw_buf t = LW_BUF_INIT;
	lw_buf_printf(&t, "LEERWERK_PROGRESS_AFTER_MS=0 script -qec \"'%s' --db '%s' import "
			  "postcodes '%s'\" /dev/null > '%s/tty' 2>&1",
		      getenv("LW_BIN"), DB, big, DIR);
	assert_int_equal(system(t.data), 0);
	lw_buf_reset(&t);
	lw_buf_printf(&t, "%s/tty", DIR);
	char *tty = tu_read(t.data, NULL);
	assert_non_null(tty);
	if (!strstr(tty, "rijen gelezen ("))
		fail_msg("no progress line on a terminal:\n%.500s", tty);
	free(tty);
	lw_buf_free(&t);

	/* The terminal run imported the file; the same file again changes nothing. */
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("300000 rijen: 0 toegevoegd, 0 gewijzigd, 300000 ongewijzigd");
	free(wal);
	free(before);
	free(after);
	free(big);
}

/* The JSON kinds as a person uses them: OOAPI v5 and JSON-LD JobPosting files. */
static void test_json_imports(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "import --help"), 0);
	OUT_HAS("offerings-ooapi");
	OUT_HAS("formaat: OOAPI v5 (JSON), zie docs/formats/ooapi.md");
	OUT_HAS("schrijft: providers, offerings");
	OUT_HAS("vacancies-jsonld");
	OUT_HAS("formaat: schema.org JobPosting (JSON-LD)");

	char *ooapi = tu_path(DIR, "aanbod.json");
	const char good[] =
		"{\"organizations\": [{\"organizationId\": \"roc\", \"organizationType\": \"root\","
		" \"primaryCode\": {\"codeType\": \"brin\", \"code\": \"99XY\"},"
		" \"name\": [{\"language\": \"nl-NL\", \"value\": \"ROC Proef\"}]}],"
		" \"programs\": [{\"programId\": \"p1\", \"name\": \"Betonboorder\","
		" \"modeOfStudy\": \"full-time\", \"sector\": \"secondary vocational education\","
		" \"otherCodes\": [{\"codeType\": \"crohoCreboCode\", \"code\": \"25078\"}]}],"
		" \"offerings\": [{\"offeringId\": \"o1\", \"primaryCode\": {\"codeType\":"
		" \"offeringCode\", \"code\": \"LW-CLI-OOAPI-1\"}, \"program\": \"p1\","
		" \"startDate\": \"2024-09-01\", \"addresses\": [{\"addressType\": \"teaching\","
		" \"postalCode\": \"3511 AB\"}]}]}\n";
	tu_writes(ooapi, good);
	char args[1024];
	snprintf(args, sizeof args, "import offerings-ooapi '%s'", ooapi);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("providers: ");
	OUT_HAS("offerings: ");
	OUT_HAS("1 object: 1 toegevoegd, 0 gewijzigd, 0 ongewijzigd");
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("1 object: 0 toegevoegd, 0 gewijzigd, 1 ongewijzigd");
	assert_null(strstr(OUT, "toegevoegd, 1 gewijzigd"));
	snprintf(args, sizeof args, "--json import offerings-ooapi '%s'", ooapi);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("\"soort\": \"providers\"");
	OUT_HAS("\"soort\": \"offerings\"");

	/* A bad offering: its path and field, exit 2, nothing imported. */
	char *bad = tu_path(DIR, "aanbod-fout.json");
	lw_buf b = LW_BUF_INIT;
	lw_buf_puts(&b, good);
	char *at = strstr(b.data, "2024-09-01");
	memcpy(at, "2024-13-01", 10);
	tu_writes(bad, b.data);
	lw_buf_free(&b);
	snprintf(args, sizeof args, "import offerings-ooapi '%s' --rejects '%s/rejects.jsonl'", bad,
		 DIR);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("aanbod-fout.json:offerings[0]: veld 'startDate': '2024-13-01' bestaat niet als "
		"datum");
	ERR_HAS("1 object afgekeurd; er is niets geïmporteerd");
	char *rej = tu_path(DIR, "rejects.jsonl");
	char *r = tu_read(rej, NULL);
	assert_non_null(r);
	assert_non_null(strstr(r, "{\"pad\":\"offerings[0]\",\"veld\":\"startDate\""));
	free(r);
	free(rej);

	/* JSON that does not parse: line and column. */
	tu_writes(bad, "{\"offerings\": [\n  {\"a\": 1,}\n]}\n");
	snprintf(args, sizeof args, "import offerings-ooapi '%s'", bad);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("aanbod-fout.json:2:11: ongeldige JSON: ");

	/* JobPosting JSON-LD. */
	char *vac = tu_path(DIR, "vacatures.json");
	tu_writes(vac, "[{\"@context\": \"https://schema.org\", \"@type\": \"JobPosting\","
		       " \"identifier\": \"lw-cli-1\", \"title\": \"Kok (BBL)\","
		       " \"hiringOrganization\": {\"name\": \"Hotel\"},"
		       " \"jobLocation\": {\"address\": {\"postalCode\": \"3511AB\"}},"
		       " \"datePosted\": \"2024-05-01T08:00:00Z\"},"
		       " {\"@type\": \"JobPosting\", \"identifier\": \"lw-cli-2\", \"title\": \"Kok\","
		       " \"hiringOrganization\": \"Hotel\", \"datePosted\": \"2024-05-01\"}]");
	snprintf(args, sizeof args, "import vacancies-jsonld '%s'", vac);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("vacatures.json:[1]: veld 'jobLocation.address.postalCode': is leeg, maar verplicht");
	snprintf(args, sizeof args, "import vacancies-jsonld '%s' --skip-invalid", vac);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("vacancies: ");
	OUT_HAS("2 objecten: 1 toegevoegd, 0 gewijzigd, 0 ongewijzigd, 1 afgekeurd en overgeslagen");
	free(vac);
	free(bad);
	free(ooapi);
}

/* `leerwerk routes`: every route to a qualification, and the link import. */
static void test_routes(void **unused)
{
	(void)unused;
	char *real = DB;
	DB = tu_path(DIR, "routes.db");
	assert_int_equal(lw(NULL, "import reference"), 0);
	assert_int_equal(lw(NULL, "routes 25180"), 0);
	OUT_HAS("25180 Kok (mbo-niveau 2, BOL/BBL)");
	OUT_HAS("Dossier:       23085 Keuken");
	OUT_HAS("kok (afgeleid uit de naam, score 1,00; 0 open vacatures)");
	OUT_HAS("ESCO, European Commission");

	/* A few register rows: near Utrecht, an expired EVC accreditation. */
	lw_store *s;
	lw_err err;
	if (lw_store_open(&s, DB, 0, &err) != LW_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(
		lw_store_exec(
			s,
			"INSERT INTO provider(code, name, kind, is_example) VALUES"
			"('99ZZ', 'ROC Proef', 'ROC', 1), ('20000001', 'EVC Proef', 'EVC-aanbieder', 0);"
			"INSERT INTO offering(code, provider_code, crebo, title, postcode, pathway, "
			"months, cost_cents, language, is_example) VALUES('o1', '99ZZ', '25180', 'Kok', "
			"'3511AB', 'BOL', 24, 125000, 'nl', 1);"
			"INSERT INTO training_company(kvk, name, postcode, places, is_example) VALUES"
			"('40000001', 'Hotel Proef', '3732', 2, 0);"
			"INSERT INTO training_company_recognition VALUES('40000001', '25180');"
			"INSERT INTO evc_procedure(code, provider_code, crebo, price_cents, weeks, "
			"accredited_until, is_example) VALUES"
			"('e-old', '20000001', '25180', 90000, 10, '2000-01-01', 0),"
			"('e-new', '20000001', '25180', 90000, 10, '2999-12-31', 0);"
			"INSERT INTO evc_region VALUES('e-old', 'AM13'), ('e-new', 'AM01');",
			&err),
		LW_OK);
	lw_store_close(s);

	assert_int_equal(lw(NULL, "routes 25180 --near '3511 AB' --km 10"), 0);
	OUT_HAS("Nabij:         postcode 3511 (Utrecht), gemeente Utrecht, regio Midden-Utrecht; "
		"binnen 10 km");
	OUT_HAS("Op school: opleidingen (1)");
	OUT_HAS("0,0 km  ROC Proef, Utrecht: BOL, 24 maanden, kosten € 1.250 [voorbeeld]");
	OUT_HAS("Hotel Proef, De Bilt (3732): 2 open plaatsen");
	OUT_HAS("EVC Proef, € 900, 10 weken, geaccrediteerd tot 2999-12-31; regio's: Groningen "
		"(niet uw regio Midden-Utrecht)");
	OUT_HAS("VERLOPEN: accreditatie liep tot 2000-01-01");
	assert_true(strstr(OUT, "2999-12-31") < strstr(OUT, "VERLOPEN")); /* expired last */
	OUT_HAS("[voorbeeld]: voorbeeldgegevens");
	assert_int_equal(lw(NULL, "--json routes 25180 --near Utrecht"), 0);
	OUT_HAS("\"opgevat_als\": \"gemeente\"");
	OUT_HAS("\"code\": \"GM0344\"");
	OUT_HAS("\"geldig\": false");
	OUT_HAS("\"bedient_regio\": true");
	OUT_HAS("\"voorbeeld\": true");
	OUT_HAS("\"afstand_km\": ");
	OUT_HAS("\"bron\": \"afgeleid\"");

	/* Errors and their exit statuses. */
	assert_int_equal(lw(NULL, "routes 25999"), 1);
	ERR_HAS("leerwerk: 25999 is geen bekende kwalificatie");
	assert_int_equal(lw(NULL, "routes 2518"), 2);
	ERR_HAS("'2518' is geen crebo-code (5 cijfers)");
	assert_int_equal(lw(NULL, "routes 25180 --near Atlantis"), 1);
	ERR_HAS("'Atlantis' is geen bekende gemeente of plaats");
	assert_int_equal(lw(NULL, "routes 25180 --near bergen"), 1);
	ERR_HAS("GM0373");
	assert_int_equal(lw(NULL, "routes 25180 --near 3511 --km abc"), 2);
	ERR_HAS("--km 'abc' is geen afstand");
	assert_int_equal(lw(NULL, "routes 25180 --near 3511 --km 0"), 2);
	assert_int_equal(lw(NULL, "routes 25180 --km 5"), 2);
	ERR_HAS("--km werkt alleen met --near");
	assert_int_equal(lw(NULL, "routes 25180 Bergen op Zoom"), 2);
	assert_int_equal(lw(NULL, "routes"), 2);
	assert_int_equal(lw(NULL, "routes --help"), 0);
	OUT_HAS("gebruik: leerwerk routes CREBO");

	/* Curated links replace the derived ones of that qualification. */
	assert_int_equal(lw(NULL, "import --help"), 0);
	OUT_HAS("kwalificatie-beroep");
	if (lw_store_open(&s, DB, 0, &err) != LW_OK)
		fail_msg("%s", err.msg);
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "SELECT uri FROM occupation WHERE label = "
						  "'chefkok'", &err),
			 LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *links = tu_path(DIR, "koppelingen.csv");
	lw_buf csv = LW_BUF_INIT;
	lw_buf_printf(&csv, "crebo,beroep\n25180,%s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	lw_store_close(s);
	tu_writes(links, lw_buf_cstr(&csv));
	char args[1024];
	snprintf(args, sizeof args, "import kwalificatie-beroep '%s'", links);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("1 rij: 1 toegevoegd");
	OUT_HAS("met eigen koppelingen");
	assert_int_equal(lw(NULL, "routes 25180"), 0);
	OUT_HAS("Beroepen (ESCO) waar deze kwalificatie toe leidt (1)");
	OUT_HAS("chefkok (vastgesteld;");
	lw_buf_free(&csv);
	free(links);
	free(DB);
	DB = real;
}

/* "Stel je vraag" on the command line: `vraag stel` and `vragen`. */
static void test_questions(void **unused)
{
	(void)unused;
	char *real = DB;
	DB = tu_path(DIR, "vragen.db");
	assert_int_equal(lw(NULL, "vraag stel --postcode 3511 --onderwerp evc --doelgroep werkgever "
				  "--email a@example.nl 'Hoe werkt EVC?'"),
			 1);
	ERR_HAS("bestaat niet"); /* no database: nothing is created */
	assert_int_equal(lw(NULL, "import reference"), 0);
	assert_int_equal(lw(NULL, "vraag --help"), 0);
	OUT_HAS("gebruik: leerwerk vraag stel --postcode P");
	assert_int_equal(lw(NULL, "vragen --help"), 0);
	OUT_HAS("gebruik: leerwerk vragen [--van DATUM]");
	assert_int_equal(lw(NULL, "--help"), 0);
	OUT_HAS("  vragen    ");

	/* The helpdesk records a question; the words need no quotes. */
	assert_int_equal(lw(NULL, "vraag stel --postcode '3511 AB' --onderwerp evc --doelgroep "
				  "werkgever --email a@example.nl --naam 'Anna de Vries' Hoe werkt "
				  "EVC voor mijn bedrijf"),
			 0);
	OUT_HAS("Vraag LW-");
	OUT_HAS("is vastgelegd (telefoon, ");
	OUT_HAS("Onderwerp:     EVC (erkennen van wat je al kunt)");
	OUT_HAS("Loket:         Leerwerkloket Midden-Utrecht (lwl-am13), via de regio");
	OUT_HAS("Telefoon:      0800-1618 (landelijke helpdesk; dit is het standaardloket");
	assert_int_equal(lw(NULL, "--json vraag stel --postcode 9712 --onderwerp werk --doelgroep "
				  "werkzoekende --telefoon '050-1234567' --kanaal balie "
				  "'Ik zoek werk als kok, met opleiding erbij.'"),
			 0);
	OUT_HAS("\"vastgelegd\": true");
	OUT_HAS("\"vraagnummer\": \"LW-");
	OUT_HAS("\"kanaal\": \"balie\"");
	OUT_HAS("\"code\": \"lwl-am01\"");

	/* Every problem at once, by option; nothing recorded. */
	assert_int_equal(lw(NULL, "vraag stel --postcode 12 --onderwerp weer --doelgroep baas "
				  "--telefoon 123 kort"),
			 2);
	ERR_HAS("leerwerk: --telefoon: Vul een Nederlands telefoonnummer in");
	ERR_HAS("leerwerk: --postcode: Vul een geldige postcode in");
	ERR_HAS("leerwerk: --doelgroep: Kies wie je bent");
	ERR_HAS("leerwerk: --onderwerp: Kies een onderwerp");
	ERR_HAS("leerwerk: TEKST: Je vraag is te kort");
	ERR_HAS("leerwerk: de vraag is niet vastgelegd");
	assert_int_equal(lw(NULL, "vraag stel --postcode 3511 --onderwerp evc --doelgroep student "
				  "'Mag ik een vraag stellen?'"),
			 2);
	ERR_HAS("leerwerk: --email: Vul een e-mailadres of een telefoonnummer in.");
	assert_int_equal(lw(NULL, "vraag stel --json --postcode 1000 --onderwerp evc --doelgroep "
				  "student --email x@example.nl 'Mag ik een vraag stellen?'"),
			 2);
	OUT_HAS("\"vastgelegd\": false");
	OUT_HAS("\"veld\": \"postcode\"");
	OUT_HAS("\"optie\": \"--postcode\"");
	OUT_HAS("kennen we niet");
	assert_int_equal(lw(NULL, "vraag"), 2);
	ERR_HAS("gebruik: leerwerk vraag stel");
	assert_int_equal(lw(NULL, "vraag stel --kanaal fax --postcode 3511 --onderwerp evc "
				  "--doelgroep student --email x@example.nl 'Mag ik iets vragen?'"),
			 2);
	ERR_HAS("--kanaal 'fax': kies telefoon of balie");

	/* The counts. */
	assert_int_equal(lw(NULL, "vragen"), 0);
	OUT_HAS("Alle vragen");
	OUT_HAS("loket                                      totaal  evc  duaal  scholing");
	OUT_HAS("Leerwerkloket Midden-Utrecht                    1    1      0");
	OUT_HAS("totaal                                          2    1      0         0");
	OUT_HAS("  evc           EVC (erkennen van wat je al kunt)\n");
	assert_int_equal(lw(NULL, "vragen --json --van 2000-01-01 --tot 2999-12-31"), 0);
	OUT_HAS("\"van\": \"2000-01-01\"");
	OUT_HAS("\"tot_en_met\": \"2999-12-31\"");
	OUT_HAS("\"totaal\": 2");
	OUT_HAS("\"opgeheven\": false");
	assert_int_equal(lw(NULL, "vragen --van 2999-01-01"), 0);
	OUT_HAS("Vragen vanaf 2999-01-01");
	OUT_HAS("totaal                                          0");
	assert_int_equal(lw(NULL, "vragen --van 2024-02-30"), 2);
	ERR_HAS("leerwerk: '2024-02-30' is geen datum");
	assert_int_equal(lw(NULL, "vragen --van 2024-02-01 --tot 2024-01-01"), 2);
	ERR_HAS("de periode begint");
	assert_int_equal(lw(NULL, "vragen utrecht"), 2);

	/* A real network replaces the default desks: their questions stay. */
	char *desks = tu_path(DIR, "vragen-loketten.csv");
	tu_writes(desks, "code,naam,werkgebied,telefoon\n"
			 "utrecht,Leerwerkloket Utrecht,AM13,030-1234567\n");
	char args[1024];
	snprintf(args, sizeof args, "import loketten '%s' --prune", desks);
	assert_int_equal(lw(NULL, args), 0);
	assert_int_equal(lw(NULL, "vragen"), 0);
	OUT_HAS("Leerwerkloket Utrecht                           0");
	OUT_HAS("Leerwerkloket Midden-Utrecht *                  1");
	OUT_HAS("* bestaat niet meer als loket");
	assert_int_equal(lw(NULL, "vraag stel --postcode 3511 --onderwerp duaal --doelgroep "
				  "werknemer --email b@example.nl 'Kan ik BBL doen naast mijn werk?'"),
			 0);
	OUT_HAS("Loket:         Leerwerkloket Utrecht (utrecht)");
	OUT_HAS("Telefoon:      030-1234567");
	assert_int_equal(lw(NULL, "vraag stel --postcode 1011 --onderwerp duaal --doelgroep "
				  "werknemer --email b@example.nl 'Kan ik BBL doen naast mijn werk?'"),
			 1);
	ERR_HAS("leerwerk: --postcode: Voor deze postcode kunnen we nog geen leerwerkloket vinden");
	free(desks);
	free(DB);
	DB = real;
}

/* Writes the default programme to DIR/name with one piece of text replaced; caller frees. */
static char *programme_file(const char *name, const char *from, const char *to)
{
	size_t n;
	const char *json = lw_programme_default_json(&n);
	const char *at = strstr(json, from);
	assert_non_null(at);
	lw_buf b = LW_BUF_INIT;
	lw_buf_append(&b, json, (size_t)(at - json));
	lw_buf_puts(&b, to);
	lw_buf_puts(&b, at + strlen(from));
	char *path = tu_path(DIR, name);
	tu_writes(path, lw_buf_cstr(&b));
	lw_buf_free(&b);
	return path;
}

static void test_monitor_programme(void **unused)
{
	(void)unused;
	assert_int_equal(lw(NULL, "monitor --help"), 0);
	OUT_HAS("leerwerk monitor programma [--bestand BESTAND] [--json]");
	/* The plan compiled in: targets, budget with its printed totals, the checks. */
	assert_int_equal(lw(NULL, "monitor programma"), 0);
	OUT_HAS("Leren & Werken, plan van aanpak 2008-2011 (leren-en-werken-2008-2011)");
	OUT_HAS("    30.000  30.000  30.000       -   90.000    2010  landelijk: ");
	OUT_HAS("       0,6     1,3     1,5       -  antillen: Leerwerktrajecten de Nederlandse "
		"Antillen");
	OUT_HAS("      22,7    17,7    22,2    16,7  som van de regels\n"
		"      22,7    17,7    22,2    16,7  totaal volgens het plan\n"
		"     klopt   klopt   klopt   klopt\n");
	OUT_HAS("      22,7    17,7    22,2    16,7  som van de bronnen");
	OUT_HAS("       1,5     1,5     1,5     1,5  Apparaatskosten projectdirectie");
	OUT_HAS("  de financiering is gelijk aan de uitgaven                  klopt");
	assert_string_equal(ERR, "");
	assert_int_equal(lw(NULL, "--json monitor programma"), 0);
	OUT_HAS("\"eenheid_bedragen\": \"duizend euro\"");
	OUT_HAS("\"totalen\": {\n      \"2008\": 22700,\n      \"2009\": 17700,\n"
		"      \"2010\": 22200,\n      \"2011\": 16700\n    }");
	OUT_HAS("\"klopt\": true");
	assert_null(strstr(OUT, "\"klopt\": false"));
	/* The same file, read from disk, says where it came from. */
	char *same = programme_file("plan.json", "\"naam\"", "\"naam\"");
	/* A file that cannot be read is a failure (1), not a broken file (2). */
	assert_int_equal(lw(NULL, "monitor programma --bestand geen-plan.json"), 1);
	ERR_HAS("leerwerk: geen-plan.json: kan het bestand niet openen");
	char args[600];
	snprintf(args, sizeof args, "monitor programma --bestand '%s'", same);
	assert_int_equal(lw(NULL, args), 0);
	OUT_HAS("Bestand:  ");
	OUT_HAS("plan.json\n");
	/* A broken file: exit 2 and the precise message. */
	char *shifted = programme_file("verschoven.json",
				       "{\"2008\": \"0,6\", \"2009\": \"1,3\", \"2010\": \"1,5\"}",
				       "{\"2009\": \"0,6\", \"2010\": \"1,3\", \"2011\": \"1,5\"}");
	snprintf(args, sizeof args, "monitor programma --bestand '%s'", shifted);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("verschoven.json:begroting.totalen.2008: de regels tellen in 2008 op tot 22,1 "
		"miljoen euro, maar het gedrukte totaal is 22,7 (0,6 te weinig); de regel "
		"begroting.regels[2] 'Leerwerktrajecten de Nederlandse Antillen' staat 1 jaar te "
		"laat");
	assert_string_equal(OUT, "");
	char *bad = tu_path(DIR, "kapot.json");
	tu_writes(bad, "{\"formaat\": \"leerwerk-programma/1\",\n \"code\": [}\n");
	snprintf(args, sizeof args, "monitor programma --json --bestand '%s'", bad);
	assert_int_equal(lw(NULL, args), 2);
	ERR_HAS("kapot.json:2:11: ongeldige JSON: ");
	assert_int_equal(lw(NULL, "monitor vlieg"), 2);
	ERR_HAS("leerwerk: onbekend onderdeel 'monitor vlieg'");
	assert_int_equal(lw(NULL, "monitor programma teveel"), 2);
	ERR_HAS("monitor programma neemt geen argumenten");
	free(same);
	free(shifted);
	free(bad);
}


/* The monitor's trajectories on the command line: import, add, count, doubles. */
static void test_monitor_trajectories(void **unused)
{
	(void)unused;
	char *real = DB;
	DB = tu_path(DIR, "monitor.db");
	assert_int_equal(lw(NULL, "import reference"), 0);
	assert_int_equal(lw(NULL, "monitor --help"), 0);
	OUT_HAS("leerwerk monitor add --convenant C --bsn B|-");
	OUT_HAS("leerwerk monitor tel");
	char *cov = tu_path(DIR, "conv.csv"), *trj = tu_path(DIR, "traj.csv");
	char *bad = tu_path(DIR, "traj-bad.csv"), *key = tu_path(DIR, "sleutel");
	char *rej = tu_path(DIR, "traj-rejects.csv");
	tu_writes(cov, "code,naam,soort,gebied,sector\nCA,A,regionaal,AM13,\nCB,B,sectoraal,,zorg\n");
	tu_writes(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
	const char *h = "convenant,bsn,soort,crebo,niveau,sector,gemeente,postcode,start,status,"
			"statusdatum,resultaat,doelgroepen,leeftijd\n";
	lw_buf b = LW_BUF_INIT, a = LW_BUF_INIT;
	lw_buf_printf(&b, "%sCA,123456782,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,19\n"
			  "CA,111222333,duaal,,mbo-3,techniek,,3511,2009-05-01,gestopt,2009-09-01,,,30\n",
		      h);
	tu_writes(trj, b.data);
	lw_buf_reset(&b);
	lw_buf_printf(&b, "%sCA,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,19\n"
			  "CA,123456789,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,19\n",
		      h);
	tu_writes(bad, b.data);
	lw_buf_printf(&a, "import convenanten '%s'", cov);
	assert_int_equal(lw(NULL, a.data), 0);
	/* No key: exit 2, nothing read. */
	lw_buf_reset(&a);
	lw_buf_printf(&a, "import trajecten '%s'", trj);
	assert_int_equal(lw("LEERWERK_PSEUDONIEM_SLEUTEL= LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND=", a.data),
			 2);
	ERR_HAS("geen pseudonimiseringssleutel");
	lw_buf_printf(&a, " --sleutel '%s'", key);
	assert_int_equal(lw(NULL, a.data), 0);
	OUT_HAS("2 rijen: 2 toegevoegd, 0 gewijzigd, 0 ongewijzigd");
	/* A bad BSN: where, masked, in stderr and in --rejects; nothing written. */
	lw_buf_reset(&a);
	lw_buf_printf(&a, "import trajecten '%s' --sleutel '%s' --rejects '%s'", bad, key, rej);
	assert_int_equal(lw(NULL, a.data), 2);
	ERR_HAS("traj-bad.csv:3: kolom 'bsn': '*****6789' is geen geldig BSN");
	assert_null(strstr(ERR, "123456789"));
	char *r = tu_read(rej, NULL);
	assert_non_null(strstr(r, "*****6789"));
	assert_null(strstr(r, "123456789"));
	free(r);
	/* monitor add: the key from the environment; the BSN by option or stdin. */
	const char *env = "LEERWERK_PSEUDONIEM_SLEUTEL=00112233445566778899aabbccddeeff00112233"
			  "445566778899aabbccddeeff";
	const char *add = "monitor add --convenant CB --bsn 1234.56.782 --soort evc --niveau mbo-2 "
			  "--sector zorg --gemeente GM0344 --start 2009-04-01 --leeftijd 19";
	assert_int_equal(lw(env, add), 0);
	OUT_HAS("vastgelegd: convenant CB, evc mbo-2, zorg vanaf 2009-04-01");
	OUT_HAS("telt landelijk niet mee: dezelfde persoon heeft dit traject al bij convenant CA");
	lw_buf_reset(&a);
	lw_buf_printf(&a, "%s --status afgerond --statusdatum 2009-12-01 --resultaat "
			  "ervaringscertificaat --json",
		      add);
	assert_int_equal(lw(env, a.data), 0);
	OUT_HAS("\"verwerking\": \"gewijzigd\"");
	OUT_HAS("\"telt_landelijk\": false");
	assert_null(strstr(OUT, "23456782"));
	assert_int_equal(lw(env, "monitor add --convenant CB --bsn 123456789 --soort bbl --sector x "
				 "--start gisteren"),
			 2);
	ERR_HAS("leerwerk: --bsn: '*****6789' is geen geldig BSN");
	ERR_HAS("leerwerk: --soort: 'bbl' is geen soort");
	ERR_HAS("leerwerk: --leeftijd: is leeg, maar verplicht");
	assert_null(strstr(ERR, "123456789"));
	assert_int_equal(lw(env, "monitor add --convenant CB --bsn - --soort evc"), 2);
	ERR_HAS("--bsn -: geen BSN op de standaardinvoer");
	assert_int_equal(lw("LEERWERK_PSEUDONIEM_SLEUTEL=", add), 2);
	ERR_HAS("geen pseudonimiseringssleutel");
	/* Counting and the doubles. */
	assert_int_equal(lw(NULL, "monitor tel --per soort"), 0);
	OUT_HAS("duaal                             1          0          1");
	OUT_HAS("totaal                            2          0          1");
	assert_int_equal(lw(NULL, "monitor tel --convenant CB --json"), 0);
	OUT_HAS("\"afgerond\": 1");
	assert_int_equal(lw(NULL, "monitor tel --per regio --tot 2009-05-31"), 0);
	OUT_HAS("AM13                              2          0          0");
	assert_int_equal(lw(NULL, "monitor tel --per nergens"), 2);
	ERR_HAS("--per: onbekende indeling 'nergens'");
	assert_int_equal(lw(NULL, "monitor tel --van 2009-02-30"), 2);
	assert_int_equal(lw(NULL, "monitor dubbel"), 0);
	OUT_HAS("CB\n");
	OUT_HAS("landelijk geteld bij CA");
	assert_int_equal(lw(NULL, "monitor herbereken"), 0);
	assert_int_equal(lw(NULL, "monitor dubbel --convenant CA --json"), 0);
	OUT_HAS("\"totaal\": 0");
	assert_int_equal(lw(NULL, "monitor sleutel"), 0);
	assert_int_equal(strlen(OUT), 65);
	lw_buf_free(&a);
	lw_buf_free(&b);
	free(cov);
	free(trj);
	free(bad);
	free(key);
	free(rej);
	free(DB);
	DB = real;
}

/* monitor report: every format, its options and its errors (the figures: test_report.c). */
static void test_monitor_report(void **unused)
{
	(void)unused;
	char *real = DB;
	DB = tu_path(DIR, "rapport.db");
	assert_int_equal(lw(NULL, "db migrate"), 0);
	assert_int_equal(lw(NULL, "import reference"), 0);
	char *cov = tu_path(DIR, "rapport-conv.csv"), *shr = tu_path(DIR, "rapport-aandelen.csv");
	char *trj = tu_path(DIR, "rapport-traj.csv"), *html = tu_path(DIR, "rapport.html");
	char *xlsx = tu_path(DIR, "rapport.xlsx");
	tu_writes(cov, "code,naam,soort,gebied,sector\nRA,Regio A,regionaal,AM13,\n");
	tu_writes(shr, "convenant,doel,jaar,waarde\nRA,landelijk,2008,100\nRA,landelijk,2009,100\n");
	lw_buf b = LW_BUF_INIT;
	lw_buf_puts(&b, "convenant,bsn,soort,niveau,sector,gemeente,start,leeftijd\n");
	static const char *const bsns[] = {"123456782", "111222333", "100000009", "100000010",
					   "100000022", "100000034", "100000046", "100000058",
					   "100000071", "100000083", "100000095", "100000101"};
	for (size_t i = 0; i < sizeof bsns / sizeof bsns[0]; i++)
		lw_buf_printf(&b, "RA,%s,evc,mbo-2,zorg,GM0344,2008-0%zu-15,30\n", bsns[i], 1 + i % 9);
	tu_writes(trj, lw_buf_cstr(&b));
	const char *key = "LEERWERK_PSEUDONIEM_SLEUTEL="
			  "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	char args[700];
	snprintf(args, sizeof args, "import convenanten '%s'", cov);
	assert_int_equal(lw(NULL, args), 0);
	snprintf(args, sizeof args, "import convenant-aandelen '%s'", shr);
	assert_int_equal(lw(NULL, args), 0);
	snprintf(args, sizeof args, "import trajecten --skip-invalid '%s'", trj);
	assert_int_equal(lw(key, args), 0);

	assert_int_equal(lw(NULL, "monitor report --peildatum 2009-06-30"), 0);
	OUT_HAS("Landelijk, peildatum 2009-06-30");
	OUT_HAS("Voortgang per doel (tabel voortgang)");
	OUT_HAS("Convenanten tegen hun aandeel (tabel convenanten)");
	assert_int_equal(lw(NULL, "monitor report --as-of 2009-06-30 --convenant RA"), 0);
	OUT_HAS("Convenant RA: Regio A, peildatum 2009-06-30");
	assert_int_equal(lw(NULL, "monitor report --peildatum 2009-06-30 --formaat csv "
				  "--scheidingsteken ';' --decimaalkomma"),
			 0);
	OUT_HAS("\r\nvoortgang;doel;naam;streefwaarde;");
	OUT_HAS(";8,0;"); /* RA: 12 of 149,6 pro rata, with a decimal comma */
	assert_int_equal(lw(NULL, "monitor report --peildatum 2009-06-30 --format csv"), 0);
	OUT_HAS("\r\nvoortgang,doel,naam,streefwaarde,");
	assert_int_equal(lw(NULL, "--json monitor report --peildatum 2009-06-30"), 0);
	OUT_HAS("\"peildatum\": \"2009-06-30\"");
	OUT_HAS("\"id\": \"per_jaar\"");
	snprintf(args, sizeof args, "monitor report --peildatum 2009-06-30 --formaat html --uitvoer '%s'",
		 html);
	assert_int_equal(lw(NULL, args), 0);
	assert_string_equal(OUT, "");
	char *page = tu_read(html, NULL);
	assert_non_null(page);
	assert_non_null(strstr(page, "<!DOCTYPE html>\n<html lang=\"nl\">"));
	assert_non_null(strstr(page, "<svg"));
	free(page);
	snprintf(args, sizeof args, "monitor report --formaat xlsx --uitvoer '%s'", xlsx);
	assert_int_equal(lw(NULL, args), 0);
	size_t n;
	char *book = tu_read(xlsx, &n);
	assert_true(book && n > 1000 && !memcmp(book, "PK\x03\x04", 4));
	free(book);

	assert_int_equal(lw(NULL, "monitor report --formaat xlsx"), 2);
	ERR_HAS("geef --uitvoer BESTAND");
	assert_int_equal(lw(NULL, "monitor report --formaat pdf"), 2);
	ERR_HAS("--formaat: 'pdf' is geen formaat");
	assert_int_equal(lw(NULL, "monitor report --formaat csv --scheidingsteken '|'"), 2);
	ERR_HAS("--scheidingsteken: '|' mag alleen , of ; zijn");
	assert_int_equal(lw(NULL, "monitor report --peildatum 2009-02-30"), 2);
	ERR_HAS("leerwerk: '2009-02-30' is geen datum");
	assert_int_equal(lw(NULL, "monitor report --convenant GEEN"), 1);
	ERR_HAS("leerwerk: onbekend convenant 'GEEN'");
	assert_int_equal(lw(NULL, "monitor report --formaat html --uitvoer /geen/map/r.html"), 1);
	ERR_HAS("kan de uitvoer niet schrijven");
	assert_int_equal(lw(NULL, "monitor report extra"), 2);
	lw_buf_free(&b);
	free(cov);
	free(shr);
	free(trj);
	free(html);
	free(xlsx);
	free(DB);
	DB = real;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_no_database_yet),
		cmocka_unit_test(test_import_reference_and_queries),
		cmocka_unit_test(test_bad_import_reports_and_exit_status),
		cmocka_unit_test(test_options_and_promises),
		cmocka_unit_test(test_demo_data),
		cmocka_unit_test(test_backup_and_newer_schema),
		cmocka_unit_test(test_kill_during_import),
		cmocka_unit_test(test_json_imports),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_monitor_programme),
		cmocka_unit_test(test_monitor_trajectories),
		cmocka_unit_test(test_monitor_report),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

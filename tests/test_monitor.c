/*
 * test_monitor.c - the monitor's covenants, trajectories and counts: the
 * BSN's eleven-test and masking, the key, pseudonyms, every bad input of
 * the four import kinds, double registrations, status changes, the counts
 * against a brute-force count over the registrations, and a store written
 * through every path that holds no BSN in any form.
 */
#include "testutil.h"

#include "lw_ingest.h"
#include "lw_monitor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

TU_REFERENCE_GROUP("monitor")

#define KEY_HEX "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define KEY_HEX2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

/* A valid BSN from a number: 8 digits, then the digit the eleven-test wants. */
static void make_bsn(unsigned long n, char out[10])
{
	for (;; n += 7919) {
		snprintf(out, 10, "%08lu", n % 100000000ul);
		int sum = 0;
		for (int i = 0; i < 8; i++)
			sum += (out[i] - '0') * (9 - i);
		if (sum % 11 < 10 && sum) {
			out[8] = (char)('0' + sum % 11);
			out[9] = 0;
			return;
		}
	}
}

static int import_text(lw_store *s, const char *kind, const char *name, const char *text,
                       const lw_ingest_opts *o, lw_ingest_result *r, lw_err *err)
{
	char *path = tu_path(DIR, name);
	tu_writes(path, text);
	lw_err_clear(err);
	int rc = lw_ingest_file(s, lw_ingest_find(kind), path, o, r, err);
	free(path);
	return rc;
}

/* Imports text as kind; fails unless it commits. */
static void import_ok(const char *kind, const char *text)
{
	lw_ingest_result r;
	lw_err err;
	int rc = import_text(S, kind, "ok.csv", text, NULL, &r, &err);
	if (rc != LW_OK)
		fail_msg("%s: %s (%s)", kind, err.msg, r.nproblems ? r.problems[0] : "");
	lw_ingest_result_free(&r);
}

static const char *const monitor_tables[] = {"covenant",   "covenant_area",  "covenant_share",
                                             "trajectory", "monitor_series", "expenditure",
                                             NULL};

/*
 * Imports one file with one bad row (on line 3, after a good one): the
 * whole file is refused, the first problem names file, line 3 and the
 * column, and the store is as it was.
 */
static void rejects_row(const char *kind, const char *header, const char *good, const char *bad,
                        const char *column, const char *why)
{
	char *before = tu_snapshot(S, monitor_tables);
	lw_buf text = LW_BUF_INIT;
	lw_buf_printf(&text, "%s\n%s\n%s\n", header, good, bad);
	lw_ingest_result r;
	lw_err err;
	int rc = import_text(S, kind, "bad.csv", text.data, NULL, &r, &err);
	if (rc != LW_EINPUT || r.nproblems != 1)
		fail_msg("%s '%s': rc %d, %zu problems (%s)", kind, bad, rc, r.nproblems, err.msg);
	lw_buf want = LW_BUF_INIT;
	if (column)
		lw_buf_printf(&want, "bad.csv:3: kolom '%s': ", column);
	else
		lw_buf_puts(&want, "bad.csv:3: ");
	if (!strstr(r.problems[0], want.data) || !strstr(r.problems[0], why))
		fail_msg("%s: '%s' lacks '%s' or '%s'", kind, r.problems[0], want.data, why);
	char *after = tu_snapshot(S, monitor_tables);
	assert_string_equal(before, after);
	lw_ingest_result_free(&r);
	lw_buf_free(&text);
	lw_buf_free(&want);
	free(before);
	free(after);
}

/* ---- the BSN, the key, the pseudonym ------------------------------------------ */

static void test_bsn(void **unused)
{
	(void)unused;
	char n[10];
	assert_true(lw_bsn_normalise("123456782", n));
	assert_string_equal(n, "123456782");
	assert_true(lw_bsn_normalise(" 1234.56.782 ", n));
	assert_string_equal(n, "123456782");
	assert_true(lw_bsn_normalise("123-456-782", n));
	/* A spreadsheet drops the leading zero: 8 digits get it back. */
	char b[10];
	make_bsn(1234567, b);
	assert_int_equal(b[0], '0');
	assert_true(lw_bsn_normalise(b + 1, n));
	assert_string_equal(n, b);
	assert_false(lw_bsn_normalise("123456789", n)); /* the eleven-test */
	assert_string_equal(n, "");
	assert_false(lw_bsn_normalise("000000000", n));
	assert_false(lw_bsn_normalise("12345678", n));
	assert_false(lw_bsn_normalise("1234567820", n));
	assert_false(lw_bsn_normalise("12345678a", n));
	assert_false(lw_bsn_normalise("", n));
	assert_false(lw_bsn_normalise(NULL, n));
	char m[32];
	lw_bsn_mask("123456782", m, sizeof m);
	assert_string_equal(m, "*****6782");
	lw_bsn_mask("1234", m, sizeof m);
	assert_string_equal(m, "****");
	lw_bsn_mask("1234.56.782", m, sizeof m);
	assert_string_equal(m, "*******.782");
	lw_buf o = LW_BUF_INIT;
	lw_monitor_redact("2009-03-01", 0, &o);
	lw_monitor_redact(";123456782;", 0, &o);
	lw_monitor_redact("12", 1, &o);
	lw_monitor_redact("zorg", 0, &o);
	assert_string_equal(o.data, "2009-03-01*******782;**zorg");
	lw_buf_free(&o);
}

static void test_key_and_pseudonym(void **unused)
{
	(void)unused;
	lw_monitor_key k1, k2, k3;
	lw_err err;
	assert_int_equal(lw_monitor_key_parse(KEY_HEX, &k1, &err), LW_OK);
	assert_int_equal(lw_monitor_key_parse(" " KEY_HEX2 "\n", &k2, &err), LW_OK);
	assert_int_equal(lw_monitor_key_parse("abc", &k3, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "64 hexadecimale tekens"));
	assert_int_equal(lw_monitor_key_parse(KEY_HEX "00", &k3, &err), LW_EINPUT);
	unsigned char a[32], b[32], c[32], d[32];
	assert_int_equal(lw_monitor_pseudonym(&k1, "123456782", a), LW_OK);
	assert_int_equal(lw_monitor_pseudonym(&k1, "1234.56.782", b), LW_OK);
	assert_int_equal(lw_monitor_pseudonym(&k2, "123456782", c), LW_OK);
	assert_int_equal(lw_monitor_pseudonym(&k1, "111222333", d), LW_OK);
	assert_memory_equal(a, b, 32);     /* stable for one key */
	assert_memory_not_equal(a, c, 32); /* another key, another pseudonym */
	assert_memory_not_equal(a, d, 32);
	assert_int_equal(lw_monitor_pseudonym(&k1, "123456789", a), LW_EINPUT);

	/* Where the key comes from: option, file variable, variable, nothing. */
	char *file = tu_path(DIR, "sleutel"), *bad = tu_path(DIR, "slecht");
	tu_writes(file, KEY_HEX2 "\n");
	tu_writes(bad, "geen sleutel\n");
	char *saved = strdup(getenv("LEERWERK_PSEUDONIEM_SLEUTEL"));
	unsetenv("LEERWERK_PSEUDONIEM_SLEUTEL");
	assert_int_equal(lw_monitor_key_load(NULL, &k3, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "geen pseudonimiseringssleutel"));
	assert_non_null(strstr(err.msg, "LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND"));
	assert_int_equal(lw_monitor_key_load(file, &k3, &err), LW_OK);
	assert_memory_equal(k3.bytes, k2.bytes, 32);
	assert_int_equal(lw_monitor_key_load(bad, &k3, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "--sleutel "));
	assert_int_equal(lw_monitor_key_load("/nergens/sleutel", &k3, &err), LW_EIO);
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND", file, 1);
	assert_int_equal(lw_monitor_key_load(NULL, &k3, &err), LW_OK);
	assert_memory_equal(k3.bytes, k2.bytes, 32);
	unsetenv("LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND");
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL", "xyz", 1);
	assert_int_equal(lw_monitor_key_load(NULL, &k3, &err), LW_EINPUT);
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL", saved, 1);
	assert_int_equal(lw_monitor_key_load(NULL, &k3, &err), LW_OK);
	assert_memory_equal(k3.bytes, k1.bytes, 32);
	char fresh[65], fresh2[65];
	lw_monitor_key_new(fresh);
	lw_monitor_key_new(fresh2);
	assert_int_equal(strlen(fresh), 64);
	assert_string_not_equal(fresh, fresh2);
	assert_int_equal(lw_monitor_key_parse(fresh, &k3, &err), LW_OK);
	free(saved);
	free(file);
	free(bad);
}

/* ---- the import kinds: bad input ----------------------------------------------- */

#define COV_H "code,naam,soort,gebied,sector"
#define COV_OK "OK1,Goed,regionaal,AM13,"

static void test_covenant_import(void **unused)
{
	(void)unused;
	rejects_row("convenanten", COV_H, COV_OK, "a b,Fout,regionaal,AM13,", "code", "");
	rejects_row("convenanten", COV_H, COV_OK, "X1,,regionaal,AM13,", "naam", "leeg");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,landelijk,AM13,", "soort", "regionaal");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,,", "gebied", "leeg");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,AM99,", "gebied",
	            "onbekende arbeidsmarktregio 'AM99'");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,GM9999,", "gebied",
	            "onbekende gemeente 'GM9999'");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,Utrecht,", "gebied",
	            "geen gemeentecode");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,AM13;am13,", "gebied",
	            "twee keer");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal,AM13,zorg", "sector",
	            "sectoraal");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,sectoraal,,", "sector", "leeg");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,sectoraal,,zorgen", "sector",
	            "geen sector");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,sectoraal,AM13,zorg", "gebied",
	            "regionaal");
	rejects_row("convenanten", COV_H, COV_OK, "OK1,Goed,regionaal,AM13,", "code", "twee keer");
	rejects_row("convenanten", COV_H, COV_OK, "X1,Fout,regionaal", NULL, "te weinig velden");
	/* A header that does not fit names the file. */
	lw_ingest_result r;
	lw_err err;
	assert_int_equal(import_text(S, "convenanten", "kop.csv", "code;naam\n", NULL, &r, &err),
	                 LW_EINPUT);
	assert_non_null(strstr(err.msg, "kop.csv:1: de kopregel past niet"));
	lw_ingest_result_free(&r);
	/* Areas are normalised: another order and case is the same covenant. */
	import_ok("convenanten", COV_H "\nREG,Regio,regionaal,gm0344;AM13;antillen,\n");
	tu_assert_query(S,
	                "SELECT group_concat(area_code, ';') FROM covenant_area "
	                "WHERE covenant_code = 'REG'",
	                "AM13;ANT;GM0344");
	assert_int_equal(import_text(S, "convenanten", "again.csv",
	                             COV_H "\nREG,Regio,regionaal,AM13;GM0344;ANTILLEN,\n", NULL,
	                             &r, &err),
	                 LW_OK);
	assert_int_equal(r.unchanged, 1);
	lw_ingest_result_free(&r);
}

static void test_share_and_expenditure_import(void **unused)
{
	(void)unused;
	import_ok("convenanten", COV_H "\nAAN,Aandeel,sectoraal,,zorg\n");
	const char *h = "convenant,doel,jaar,waarde", *ok = "AAN,landelijk,2009,100";
	rejects_row("convenant-aandelen", h, ok, "ONBEKEND,landelijk,2009,1", "convenant",
	            "onbekend convenant");
	rejects_row("convenant-aandelen", h, ok, "AAN,land elijk,2009,1", "doel", "");
	rejects_row("convenant-aandelen", h, ok, "AAN,landelijk,1999,1", "jaar", "");
	rejects_row("convenant-aandelen", h, ok, "AAN,landelijk,2009,-1", "waarde", "");
	rejects_row("convenant-aandelen", h, ok, "AAN,landelijk,2009,veel", "waarde", "");
	rejects_row("convenant-aandelen", h, ok, "AAN,landelijk,2009,5", "doel", "twee keer");
	import_ok("convenant-aandelen", "convenant,doel,jaar,waarde\nAAN,landelijk,2009,100\n"
	                                "AAN,landelijk,2010,120\nAAN,zorg,2009,40\n");
	tu_assert_query(S, "SELECT sum(value) FROM covenant_share WHERE covenant_code = 'AAN'",
	                "260");
	const char *eh = "code,begrotingspost,datum,bedrag,convenant,omschrijving";
	const char *eok = "U1,trajecten,2009-03-01,\"1250,50\",AAN,Eerste";
	rejects_row("uitgaven", eh, eok, "U 2,trajecten,2009-03-01,1,,", "code", "");
	rejects_row("uitgaven", eh, eok, "U2,,2009-03-01,1,,", "begrotingspost", "");
	rejects_row("uitgaven", eh, eok, "U2,trajecten,2009-02-29,1,,", "datum", "");
	rejects_row("uitgaven", eh, eok, "U2,trajecten,2009-03-01,\"1.250,00\",,", "bedrag", "");
	rejects_row("uitgaven", eh, eok, "U2,trajecten,2009-03-01,12,NIEMAND,", "convenant",
	            "onbekend convenant");
	import_ok("uitgaven", "code,begrotingspost,datum,bedrag,convenant,omschrijving\n"
	                      "U1,trajecten,2009-03-01,\"1250,50\",AAN,Eerste\n"
	                      "U2,trajecten,2010-01-01,100,,\nU3,loketten,2009-12-31,7,,\n");
	lw_spend_table t;
	lw_err err;
	assert_int_equal(lw_monitor_spending(S, NULL, "2009-12-31", &t, &err), LW_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.rows[0].budget_line, "loketten");
	assert_string_equal(t.rows[1].covenant, "AAN");
	assert_int_equal(t.rows[1].cents, 125050);
	assert_int_equal(t.total_cents, 125750);
	lw_spend_table_free(&t);
	assert_int_equal(lw_monitor_spending(S, "2009-13-01", NULL, &t, &err), LW_EINPUT);
	lw_spend_table_free(&t);
	lw_covenant_list l;
	assert_int_equal(lw_monitor_covenants(S, &l, &err), LW_OK);
	const lw_covenant *aan = NULL;
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.covenants[i].code, "AAN"))
			aan = &l.covenants[i];
	assert_non_null(aan);
	assert_string_equal(aan->sector, "zorg");
	assert_int_equal(aan->nshares, 3);
	assert_string_equal(aan->shares[2].target, "zorg");
	lw_covenant_list_free(&l);
}

#define TRJ_H                                                                                      \
	"convenant,bsn,soort,crebo,niveau,sector,gemeente,postcode,start,status,statusdatum,"      \
	"resultaat,doelgroepen,leeftijd"
#define TRJ_OK "TRJ,123456782,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,werknemer,30"

static void trajectory_rejects(const char *bad, const char *column, const char *why)
{
	rejects_row("trajecten", TRJ_H, TRJ_OK, bad, column, why);
}

static void test_trajectory_import_bad(void **unused)
{
	(void)unused;
	import_ok("convenanten", COV_H "\nTRJ,Trajecten,regionaal,AM13,\n");
	trajectory_rejects("ONBEKEND,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30",
	                   "convenant", "onbekend convenant");
	trajectory_rejects("TRJ,,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30", "bsn", "leeg");
	trajectory_rejects("TRJ,123456789,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30", "bsn",
	                   "'*****6789' is geen geldig BSN");
	trajectory_rejects("TRJ,1234567,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30", "bsn",
	                   "'***4567' is geen geldig BSN");
	trajectory_rejects("TRJ,111222333,bbl,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30", "soort",
	                   "geen soort");
	trajectory_rejects("TRJ,111222333,evc,1234,mbo-2,zorg,GM0344,,2009-03-01,,,,,30", "crebo",
	                   "geen crebo-code");
	trajectory_rejects("TRJ,111222333,evc,,,zorg,GM0344,,2009-03-01,,,,,30", "niveau",
	                   "verplicht zonder crebo");
	trajectory_rejects("TRJ,111222333,evc,,mbo-5,zorg,GM0344,,2009-03-01,,,,,30", "niveau",
	                   "geen niveau");
	trajectory_rejects("TRJ,111222333,evc,99999,,zorg,GM0344,,2009-03-01,,,,,30", "niveau",
	                   "staat niet in de kwalificatiestructuur");
	trajectory_rejects("TRJ,111222333,evc,99999,hbo,zorg,GM0344,,2009-03-01,,,,,30", "niveau",
	                   "mbo-kwalificatie");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorgen,GM0344,,2009-03-01,,,,,30", "sector",
	                   "geen sector");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,,,2009-03-01,,,,,30", "gemeente",
	                   "gemeente of de postcode");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM9999,,2009-03-01,,,,,30", "gemeente",
	                   "onbekende gemeente 'GM9999'");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,Utrecht,,2009-03-01,,,,,30", "gemeente",
	                   "geen gemeentecode");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,,12,2009-03-01,,,,,30", "postcode",
	                   "geen postcode");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0363,3511,2009-03-01,,,,,30",
	                   "postcode", "ligt in GM0344, niet in GM0363");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,antillen,3511,2009-03-01,,,,,30",
	                   "postcode", "Antillen");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-02-29,,,,,30", "start",
	                   "geen datum");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,1999-12-31,,,,,30", "start",
	                   "tussen 2000 en 2099");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,,,,,,30", "start", "leeg");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,klaar,,,,30", "status",
	                   "geen status");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,gestopt,,,,30",
	                   "statusdatum", "verplicht bij status gestopt");
	trajectory_rejects(
	    "TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,gestart,2009-04-01,,,30",
	    "statusdatum", "alleen bij status afgerond of gestopt");
	trajectory_rejects(
	    "TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,gestopt,2009-02-01,,,30",
	    "statusdatum", "ligt voor de startdatum");
	trajectory_rejects(
	    "TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,afgerond,2009-04-01,,,30",
	    "resultaat", "verplicht bij status afgerond");
	trajectory_rejects(
	    "TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,gestopt,2009-04-01,diploma,,30",
	    "resultaat", "alleen bij status afgerond");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,afgerond,2009-04-01,"
	                   "certificaat,,30",
	                   "resultaat", "geen resultaat");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,student,30",
	                   "doelgroepen", "geen doelgroep");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,werknemer;"
	                   "WERKNEMER,30",
	                   "doelgroepen", "twee keer");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,dertig",
	                   "leeftijd", "geen geheel getal");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,13", "leeftijd",
	                   "tussen 14 en 80");
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,", "leeftijd",
	                   "leeg");
	/* A BSN in the wrong column is shown masked too. */
	trajectory_rejects("TRJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,123456782",
	                   "leeftijd", "*****6782 ligt niet tussen 14 en 80");
	/* The same registration twice in one file. */
	trajectory_rejects(TRJ_OK, NULL, "staat al op regel 2");
}

/* Without a key nothing is read: a clear error, nothing written. */
static void test_trajectory_import_without_key(void **unused)
{
	(void)unused;
	import_ok("convenanten", COV_H "\nTRJ,Trajecten,regionaal,AM13,\n");
	char *saved = strdup(getenv("LEERWERK_PSEUDONIEM_SLEUTEL"));
	unsetenv("LEERWERK_PSEUDONIEM_SLEUTEL");
	lw_ingest_result r;
	lw_err err;
	int rc = import_text(S, "trajecten", "nokey.csv", TRJ_H "\n" TRJ_OK "\n", NULL, &r, &err);
	assert_int_equal(rc, LW_EUSAGE);
	assert_non_null(strstr(err.msg, "geen pseudonimiseringssleutel"));
	assert_null(strstr(err.msg, "123456782"));
	lw_ingest_result_free(&r);
	lw_ingest_opts o = {.key_file = "/nergens/sleutel"};
	rc = import_text(S, "trajecten", "nokey.csv", TRJ_H "\n" TRJ_OK "\n", &o, &r, &err);
	assert_int_equal(rc, LW_EIO);
	lw_ingest_result_free(&r);
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL", saved, 1);
	free(saved);
	tu_assert_query(S, "SELECT count(*) FROM trajectory WHERE covenant_code = 'TRJ'", "0");
}

/* --rejects masks every BSN; --skip-invalid keeps the good rows; a re-import changes nothing. */
static void test_trajectory_rejects_and_reimport(void **unused)
{
	(void)unused;
	import_ok("convenanten", COV_H "\nREJ,Rejects,regionaal,AM13,\n");
	const char *text =
	    TRJ_H "\n"
	          "REJ,123456782,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,werknemer,30\n"
	          "REJ,123456789,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30\n"
	          "REJ,111222333,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,987654321\n"
	          "REJ,111222333,evc\n"
	          "REJ,111222333,duaal,,mbo-3,techniek,,3511,2009-05-01,,,,,25\n";
	char *out = tu_path(DIR, "rejects.csv");
	lw_ingest_opts o = {.skip_invalid = 1, .rejects_path = out};
	lw_ingest_result r;
	lw_err err;
	assert_int_equal(import_text(S, "trajecten", "rej.csv", text, &o, &r, &err), LW_OK);
	assert_int_equal(r.added, 2);
	assert_int_equal(r.rejected, 3);
	for (size_t i = 0; i < r.nproblems; i++)
		assert_null(strstr(r.problems[i], "23456789"));
	lw_ingest_result_free(&r);
	char *rej = tu_read(out, NULL);
	assert_non_null(rej);
	assert_non_null(strstr(rej, "*****6789"));
	assert_non_null(strstr(rej, "*****4321"));
	assert_non_null(strstr(rej, "*****2333,evc,"));
	assert_null(strstr(rej, "123456789"));
	assert_null(strstr(rej, "987654321"));
	assert_null(strstr(rej, "111222333"));
	assert_non_null(strstr(rej, "2009-03-01")); /* dates stay readable */
	free(rej);
	/* The same file again: nothing added or changed. */
	assert_int_equal(import_text(S, "trajecten", "rej.csv", text, &o, &r, &err), LW_OK);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.unchanged, 2);
	assert_int_equal(r.absent, 0);
	lw_ingest_result_free(&r);
	free(out);
}

/* ---- double registrations and status changes ------------------------------------ */

static int add(const char *covenant, const char *bsn, const char *kind, const char *level,
               const char *start, const char *status, const char *date, lw_registration *reg,
               lw_monitor_problems *p)
{
	lw_monitor_key key;
	lw_err err;
	assert_int_equal(lw_monitor_key_parse(KEY_HEX, &key, &err), LW_OK);
	lw_trajectory_in in = {{covenant, bsn, kind, NULL, level, "zorg", "GM0344", NULL, start,
	                        status, date,
	                        status && !strcmp(status, "afgerond") ? "diploma" : NULL,
	                        "moeilijk-bemiddelbare-werkzoekende", "20"}};
	return lw_monitor_register(S, &key, &in, reg, p, &err);
}

static long national_started(const char *covenant)
{
	lw_selection sel = {.covenant = covenant};
	lw_counts c;
	lw_err err;
	assert_int_equal(lw_monitor_count(S, &sel, NULL, NULL, &c, &err), LW_OK);
	return c.started;
}

static void test_duplicates_and_status(void **unused)
{
	(void)unused;
	import_ok("convenanten",
	          COV_H "\nDA,Dubbel A,regionaal,AM13,\nDB,Dubbel B,sectoraal,,zorg\n");
	lw_registration reg;
	lw_monitor_problems p;
	long before = national_started(NULL);
	/* B registers first, A later but with an earlier start: A counts nationally. */
	assert_int_equal(add("DB", "555666773", "evc", "mbo-3", "2010-05-01", NULL, NULL, &reg, &p),
	                 LW_OK);
	assert_int_equal(reg.what, LW_MON_ADDED);
	assert_int_equal(reg.t.duplicate, 0);
	int64_t id_b = reg.t.id;
	assert_int_equal(
	    add("DA", "555.666.773", "evc", "mbo-3", "2010-04-01", NULL, NULL, &reg, &p), LW_OK);
	assert_int_equal(reg.t.duplicate, 0);
	assert_int_equal(national_started(NULL), before + 1);
	assert_int_equal(national_started("DA"), 1);
	assert_int_equal(national_started("DB"), 1);
	/* Another kind or level is another trajectory. */
	assert_int_equal(
	    add("DB", "555666773", "duaal", "mbo-3", "2010-05-01", NULL, NULL, &reg, &p), LW_OK);
	assert_int_equal(reg.t.duplicate, 0);
	/* DA again, a year later: its covenant has it already. */
	assert_int_equal(add("DA", "555666773", "evc", "mbo-3", "2011-04-01", NULL, NULL, &reg, &p),
	                 LW_OK);
	assert_int_equal(reg.t.duplicate, 2);
	assert_string_equal(reg.counted_by, "DA");
	assert_int_equal(national_started(NULL), before + 2);
	assert_int_equal(national_started("DA"), 1);
	lw_double_list l;
	lw_err err;
	assert_int_equal(lw_monitor_doubles(S, "DB", &l, &err), LW_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.rows[0].id, id_b);
	assert_string_equal(l.rows[0].counted_covenant, "DA");
	assert_int_equal(l.rows[0].duplicate, 1);
	assert_string_equal(l.rows[0].qualification, "mbo-3");
	lw_double_list_free(&l);
	assert_int_equal(lw_monitor_doubles(S, NULL, &l, &err), LW_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.rows[0].covenant, "DA");
	assert_int_equal(l.rows[0].duplicate, 2);
	lw_double_list_free(&l);

	/* A status change updates the registration, it never adds one. */
	tu_assert_query(S, "SELECT count(*) FROM trajectory WHERE covenant_code IN ('DA', 'DB')",
	                "4");
	assert_int_equal(add("DB", "555666773", "evc", "mbo-3", "2010-05-01", "afgerond",
	                     "2011-01-31", &reg, &p),
	                 LW_OK);
	assert_int_equal(reg.what, LW_MON_CHANGED);
	assert_int_equal(reg.t.id, id_b);
	assert_int_equal(add("DB", "555666773", "evc", "mbo-3", "2010-05-01", "afgerond",
	                     "2011-01-31", &reg, &p),
	                 LW_OK);
	assert_int_equal(reg.what, LW_MON_UNCHANGED);
	tu_assert_query(S, "SELECT count(*) FROM trajectory WHERE covenant_code IN ('DA', 'DB')",
	                "4");
	lw_selection sel = {.covenant = "DB"};
	lw_counts c;
	assert_int_equal(lw_monitor_count(S, &sel, NULL, "2011-01-30", &c, &err), LW_OK);
	assert_int_equal(c.completed, 0);
	assert_int_equal(lw_monitor_count(S, &sel, NULL, "2011-01-31", &c, &err), LW_OK);
	assert_int_equal(c.completed, 1);
	/* Nationally DA's registration counts, which has not ended. */
	sel.covenant = NULL;
	lw_counts all;
	assert_int_equal(lw_monitor_count(S, &sel, "2010-01-01", "2011-12-31", &all, &err), LW_OK);
	assert_int_equal(all.completed, 0);
	/* Problems come back per field, nothing written. */
	assert_int_equal(add("DB", "555666778", "evc", "mbo-3", "2010-05-01", NULL, NULL, &reg, &p),
	                 LW_EINPUT);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.e[0].field, LW_TF_BSN);
	assert_string_equal(p.e[0].msg,
	                    "'*****6778' is geen geldig BSN (9 cijfers die de elfproef halen)");
	tu_assert_query(S, "SELECT count(*) FROM trajectory WHERE covenant_code IN ('DA', 'DB')",
	                "4");
	/* A covenant with trajectories cannot be pruned away. */
	lw_ingest_result r;
	lw_ingest_opts o = {.prune = 1};
	assert_int_equal(import_text(S, "convenanten", "prune.csv",
	                             COV_H "\nDA,Dubbel A,regionaal,"
	                                   "AM13,\n",
	                             &o, &r, &err),
	                 LW_EINPUT);
	assert_non_null(strstr(err.msg, "kan '"));
	lw_ingest_result_free(&r);
}

/* ---- counts against a brute-force count ------------------------------------------ */

/* A registration as the brute force reads it back. */
typedef struct raw {
	char covenant[16], kind[8], level[8], sector[20], region[8], start[11], status[10],
	    date[11], qual[8];
	unsigned char pseudonym[32];
	unsigned groups;
	int age, duplicate;
} raw;

static raw *read_raws(size_t *n)
{
	sqlite3_stmt *st;
	lw_err err;
	assert_int_equal(lw_store_prepare(S, &st,
	                                  "SELECT covenant_code, kind, level, sector, region_code, "
	                                  "start_date, status, coalesce(status_date, ''), "
	                                  "coalesce(crebo, level), pseudonym, target_groups, age, "
	                                  "duplicate FROM trajectory",
	                                  &err),
	                 LW_OK);
	raw *r = NULL;
	size_t cap = 0;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap)
			r = realloc(r, (cap = cap ? 2 * cap : 256) * sizeof *r);
		raw *x = &r[(*n)++];
		char *f[] = {x->covenant, x->kind,   x->level, x->sector, x->region,
		             x->start,    x->status, x->date,  x->qual};
		size_t sz[] = {16, 8, 8, 20, 8, 11, 10, 11, 8};
		for (int i = 0; i < 9; i++)
			snprintf(f[i], sz[i], "%s", (const char *)sqlite3_column_text(st, i));
		memcpy(x->pseudonym, sqlite3_column_blob(st, 9), 32);
		x->groups = (unsigned)sqlite3_column_int(st, 10);
		x->age = sqlite3_column_int(st, 11);
		x->duplicate = sqlite3_column_int(st, 12);
	}
	sqlite3_finalize(st);
	return r;
}

/* The duplicate flag the rule gives x, worked out from scratch. */
static int flag_of(const raw *all, size_t n, const raw *x)
{
	int earlier = 0, earlier_own = 0;
	for (size_t i = 0; i < n; i++) {
		const raw *y = &all[i];
		if (y == x || memcmp(y->pseudonym, x->pseudonym, 32) || strcmp(y->kind, x->kind) ||
		    strcmp(y->qual, x->qual))
			continue;
		int c = strcmp(y->start, x->start);
		if (c < 0 || (c == 0 && strcmp(y->covenant, x->covenant) < 0))
			earlier = 1;
		if (!strcmp(y->covenant, x->covenant) && c < 0)
			earlier_own = 1;
	}
	return earlier_own ? 2 : earlier ? 1 : 0;
}

static int bit_of(const lw_monitor_code *list, const char *code)
{
	return lw_monitor_code_find(list, code);
}

static int brute_selected(const lw_selection *sel, const raw *x)
{
	if (sel->kinds && !(sel->kinds >> bit_of(lw_monitor_kinds(), x->kind) & 1))
		return 0;
	if (sel->levels && !(sel->levels >> bit_of(lw_monitor_levels(), x->level) & 1))
		return 0;
	if (sel->sectors && !(sel->sectors >> bit_of(lw_monitor_sectors(), x->sector) & 1))
		return 0;
	if (sel->groups && !(sel->groups & x->groups))
		return 0;
	if ((sel->age_min && x->age < sel->age_min) || (sel->age_max && x->age > sel->age_max))
		return 0;
	if (sel->regions) {
		int in = 0;
		for (const char *const *r = sel->regions; *r; r++)
			in |= !strcmp(*r, x->region) ||
			      (!strcmp(*r, "nederland") && !strncmp(x->region, "AM", 2));
		return in;
	}
	return 1;
}

static void brute_count(const raw *all, size_t n, const lw_selection *sel, const char *from,
                        const char *to, lw_counts *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < n; i++) {
		const raw *x = &all[i];
		int counts = sel->covenant
		                 ? !strcmp(x->covenant, sel->covenant) && x->duplicate <= 1
		                 : x->duplicate == 0;
		if (!counts || !brute_selected(sel, x))
			continue;
		if ((!from || strcmp(x->start, from) >= 0) && (!to || strcmp(x->start, to) <= 0))
			c->started++;
		if (*x->date && (!from || strcmp(x->date, from) >= 0) &&
		    (!to || strcmp(x->date, to) <= 0))
			*(strcmp(x->status, "afgerond") ? &c->stopped : &c->completed) += 1;
	}
}

/* Writes random registrations in three imports: starts, then changes and more. */
static void random_registrations(unsigned seed)
{
	static const char *const covs[] = {"RA", "RB", "RC", "RD"};
	static const char *const munis[] = {"GM0344", "GM0363", "GM0599", "antillen"};
	static const char *const groups[] = {
	    "", "werknemer", "moeilijk-bemiddelbare-werkzoekende",
	    "werkende-jongere-zonder-startkwalificatie;zelfstandige", "herintreder"};
	import_ok("convenanten", COV_H "\nRA,A,regionaal,AM13,\nRB,B,regionaal,AM13;ANT,\n"
	                               "RC,C,sectoraal,,zorg\nRD,D,sectoraal,,techniek\n");
	srand(seed);
	for (int round = 0; round < 3; round++) {
		lw_buf f = LW_BUF_INIT;
		lw_buf_puts(&f, TRJ_H "\n");
		srand(seed); /* the same keys again: later rounds change some of them */
		for (int i = 0; i < 300; i++) {
			char bsn[10], start[16], date[16];
			make_bsn(7000000 + (unsigned long)(rand() % 90), bsn);
			const char *cov = covs[rand() % 4], *kind = rand() % 2 ? "evc" : "duaal";
			const char *level = lw_monitor_levels()[rand() % LW_MON_NLEVELS].code;
			snprintf(start, sizeof start, "20%02d-%02d-%02d", 5 + rand() % 6,
			         1 + rand() % 12, 1 + rand() % 28);
			int st = (rand() + round) % 3, keep = rand() % 3;
			if (round && keep) /* an unchanged row or a new status */
				st = (st + round) % 3;
			snprintf(date, sizeof date, "20%02d-%02d-%02d", 12 + rand() % 3,
			         1 + rand() % 12, 1 + rand() % 28);
			const char *sector = lw_monitor_sectors()[rand() % LW_MON_NSECTORS].code;
			const char *grp = groups[rand() % 5], *muni = munis[rand() % 4];
			int age = 14 + rand() % 60;
			if (round < 2 && i >= 100 * (round + 1))
				continue; /* rounds add rows */
			lw_buf_printf(&f, "%s,%s,%s,,%s,%s,%s,,%s,%s,%s,%s,\"%s\",%d\n", cov, bsn,
			              kind, level, sector, muni, start,
			              st ? (st == 1 ? "afgerond" : "gestopt") : "", st ? date : "",
			              st == 1 ? "diploma" : "", grp, age);
		}
		lw_ingest_opts o = {.skip_invalid = 1}; /* the same key twice in a round */
		lw_ingest_result r;
		lw_err err;
		assert_int_equal(import_text(S, "trajecten", "random.csv", f.data, &o, &r, &err),
		                 LW_OK);
		lw_ingest_result_free(&r);
		lw_buf_free(&f);
	}
}

static void check_counts(const raw *all, size_t n, const lw_selection *sel, const char *from,
                         const char *to)
{
	lw_counts want, got;
	lw_err err;
	brute_count(all, n, sel, from, to, &want);
	assert_int_equal(lw_monitor_count(S, sel, from, to, &got, &err), LW_OK);
	if (memcmp(&want, &got, sizeof want))
		fail_msg("count %s..%s cov %s kinds %u levels %u sectors %u groups %u age %d-%d: "
		         "want %ld/%ld/%ld, got %ld/%ld/%ld",
		         from ? from : "", to ? to : "", sel->covenant ? sel->covenant : "-",
		         sel->kinds, sel->levels, sel->sectors, sel->groups, sel->age_min,
		         sel->age_max, want.started, want.completed, want.stopped, got.started,
		         got.completed, got.stopped);
}

/* Each breakdown's rows against the brute force of the selection narrowed to the row. */
static void check_breakdown(const raw *all, size_t n, const lw_selection *sel, lw_monitor_by by,
                            const char *to)
{
	lw_count_table t;
	lw_err err;
	assert_int_equal(lw_monitor_breakdown(S, sel, by, NULL, to, &t, &err), LW_OK);
	lw_counts total;
	brute_count(all, n, sel, NULL, to, &total);
	assert_memory_equal(&total, &t.total, sizeof total);
	for (size_t i = 0; i < t.n; i++) {
		lw_selection row = *sel;
		const char *k = t.rows[i].key;
		const char *one[] = {k, NULL};
		char from[11] = "", upto[11] = "";
		switch (by) {
		case LW_MON_BY_COVENANT:
			row.covenant = k;
			break;
		case LW_MON_BY_KIND:
			row.kinds = 1u << bit_of(lw_monitor_kinds(), k);
			break;
		case LW_MON_BY_SECTOR:
			row.sectors = 1u << bit_of(lw_monitor_sectors(), k);
			break;
		case LW_MON_BY_REGION:
			row.regions = one;
			break;
		case LW_MON_BY_LEVEL:
			row.levels = 1u << bit_of(lw_monitor_levels(), k);
			break;
		case LW_MON_BY_GROUP:
			row.groups = 1u << bit_of(lw_monitor_groups(), k);
			break;
		case LW_MON_BY_AGE: {
			int lo, hi;
			lw_monitor_age_range(bit_of(lw_monitor_ages(), k), &lo, &hi);
			row.age_min = sel->age_min > lo ? sel->age_min : lo;
			row.age_max = sel->age_max && sel->age_max < hi ? sel->age_max : hi;
			break;
		}
		case LW_MON_BY_MONTH: /* "31" sorts after every last day of a month */
			snprintf(from, sizeof from, "%s-01", k);
			snprintf(upto, sizeof upto, "%s-31", k);
			break;
		default: /* a year */
			snprintf(from, sizeof from, "%s-01-01", k);
			snprintf(upto, sizeof upto, "%s-12-31", k);
			break;
		}
		lw_counts want;
		brute_count(all, n, &row, *from ? from : NULL,
		            *upto ? (to && strcmp(to, upto) < 0 ? to : upto) : to, &want);
		if (memcmp(&want, &t.rows[i].n, sizeof want))
			fail_msg("breakdown %d row %s: want %ld/%ld/%ld, got %ld/%ld/%ld", by, k,
			         want.started, want.completed, want.stopped, t.rows[i].n.started,
			         t.rows[i].n.completed, t.rows[i].n.stopped);
	}
	lw_count_table_free(&t);
}

static void test_counts_against_brute_force(void **unused)
{
	(void)unused;
	random_registrations(5);
	size_t n;
	raw *all = read_raws(&n);
	assert_true(n > 250);
	int dups = 0;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(all[i].duplicate, flag_of(all, n, &all[i]));
		dups += all[i].duplicate > 0;
	}
	assert_true(dups > 10);
	static const char *const covs[] = {NULL, "RA", "RB", "RC", "RD"};
	static const char *const nl[] = {"nederland", NULL}, *const ant[] = {"ANT", NULL},
	                         *const two[] = {"AM13", "ANT", NULL};
	static const char *const days[] = {NULL,         "2005-06-30", "2008-01-01",
	                                   "2010-12-31", "2013-07-15", "2099-01-01"};
	int aggregated = 0, scanned = 0;
	srand(11);
	for (int i = 0; i < 600; i++) {
		lw_selection sel = {.covenant = covs[rand() % 5]};
		switch (rand() % 11) {
		case 1:
			sel.kinds = 1u << (rand() % 2);
			break;
		case 2:
			sel.sectors = (unsigned)rand() & ((1u << LW_MON_NSECTORS) - 1);
			break;
		case 3: /* the programme's young workers: EVC, the group, 18-23 */
			sel.kinds = 1u << LW_MON_KIND_EVC;
			sel.groups = 1u << LW_MON_GROUP_JONGERE_ZONDER_SK;
			sel.age_min = 18;
			sel.age_max = 23;
			break;
		case 4: /* hbo and 27-40 */
			sel.levels = 1u << LW_MON_LEVEL_HBO;
			sel.age_min = 27;
			sel.age_max = 40;
			break;
		case 5:
			sel.regions = rand() % 3 == 0 ? nl : rand() % 2 ? ant : two;
			break;
		case 6: /* groups: one, or several (counted over the registrations) */
			sel.groups = 1u << (rand() % LW_MON_NGROUPS);
			if (rand() % 2)
				sel.groups |= 1u << (rand() % LW_MON_NGROUPS);
			break;
		case 7: /* an age range off the bands */
			sel.age_min = 14 + rand() % 40;
			sel.age_max = sel.age_min + rand() % 30;
			break;
		case 8: /* several facts at once */
			sel.sectors = 1u << LW_MON_SECTOR_ZORG | 1u << LW_MON_SECTOR_TECHNIEK;
			sel.levels = 1u << (rand() % LW_MON_NLEVELS);
			sel.regions = nl;
			break;
		case 9: /* a country and one fact: the kept Antilles parts */
		case 10:
			sel.regions = rand() % 2 ? nl : ant;
			switch (rand() % 4) {
			case 0:
				sel.sectors = 1u << (rand() % LW_MON_NSECTORS);
				break;
			case 1:
				sel.levels = 1u << LW_MON_LEVEL_HBO | 1u << LW_MON_LEVEL_AD;
				break;
			case 2:
				sel.groups = 1u << (rand() % LW_MON_NGROUPS);
				sel.age_min = 18;
				sel.age_max = 23;
				break;
			default:
				sel.kinds = 1u << (rand() % 2);
				sel.age_min = 27;
				break;
			}
			break;
		default:
			break;
		}
		const char *from = days[rand() % 6], *to = days[rand() % 6];
		if (from && to && strcmp(from, to) > 0) {
			const char *x = from;
			from = to;
			to = x;
		}
		check_counts(all, n, &sel, from, to);
		lw_count_table t;
		lw_err err;
		assert_int_equal(lw_monitor_breakdown(S, &sel, LW_MON_BY_KIND, from, to, &t, &err),
		                 LW_OK);
		if (sel.regions && sel.regions[0] && !sel.regions[1] && !sel.sectors != !sel.levels &&
		    !sel.age_min)
			assert_true(t.from_aggregates); /* a country with one fact is kept */
		aggregated += t.from_aggregates;
		scanned += !t.from_aggregates;
		lw_count_table_free(&t);
		if (i % 4 == 0)
			check_breakdown(all, n, &sel, (lw_monitor_by)(rand() % 9), to);
	}
	assert_true(aggregated > 100 && scanned > 50); /* both ways were tested */
	/* The rebuild finds the same flags and the same counts. */
	char *before = tu_snapshot(S, (const char *const[]){"monitor_series", "trajectory", NULL});
	lw_err err;
	assert_int_equal(lw_monitor_rebuild(S, &err), LW_OK);
	char *after = tu_snapshot(S, (const char *const[]){"monitor_series", "trajectory", NULL});
	assert_string_equal(before, after);
	/* Counts kept without the Antilles parts (an older leerwerk) are refused for a country. */
	lw_counts c;
	lw_selection nl_zorg = {.regions = nl, .sectors = 1u << LW_MON_SECTOR_ZORG};
	assert_int_equal(lw_store_exec(S, "DELETE FROM monitor_series WHERE dim GLOB 'antillen*'",
	                               &err),
	                 LW_OK);
	assert_int_equal(lw_monitor_count(S, &nl_zorg, NULL, NULL, &c, &err), LW_EDB);
	assert_non_null(strstr(err.msg, "leerwerk monitor herbereken"));
	assert_int_equal(lw_monitor_rebuild(S, &err), LW_OK);
	check_counts(all, n, &nl_zorg, NULL, NULL);
	/* Bad requests. */
	assert_int_equal(lw_monitor_count(S, NULL, "2009-02-30", NULL, &c, &err), LW_EINPUT);
	assert_int_equal(lw_monitor_count(S, NULL, "2010-01-01", "2009-01-01", &c, &err),
	                 LW_EINPUT);
	lw_selection bad = {.sectors = 1u << 20};
	assert_int_equal(lw_monitor_count(S, &bad, NULL, NULL, &c, &err), LW_EINPUT);
	free(before);
	free(after);
	free(all);
}

/* ---- a large import ------------------------------------------------------------------ */

/* The flags of every registration against the rule, and the counts against a rebuild. */
static void check_flags_and_counts(void)
{
	size_t n;
	raw *all = read_raws(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i].duplicate != flag_of(all, n, &all[i]))
			fail_msg("registration %zu (%s %s): flag %d, the rule says %d", i,
			         all[i].covenant, all[i].start, all[i].duplicate,
			         flag_of(all, n, &all[i]));
	free(all);
	const char *const tables[] = {"monitor_series", "trajectory", NULL};
	char *before = tu_snapshot(S, tables);
	lw_err err;
	assert_int_equal(lw_monitor_rebuild(S, &err), LW_OK);
	char *after = tu_snapshot(S, tables);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/*
 * An import of many times what the store holds: the registrar sets the
 * match index aside, keeps the match keys in memory and writes on a thread
 * of its own. Large groups (more than a write takes along to the thread),
 * the same registration twice in the file, a second delivery with other
 * statuses: the flags, the counts and the answers are those of the rule.
 */
static void test_bulk_import(void **unused)
{
	(void)unused;
	static const char *const covs[] = {"BA", "BB", "BC"};
	static const char *const levels[] = {"mbo-2", "mbo-3", "hbo"};
	import_ok("convenanten", COV_H "\nBA,Bulk A,regionaal,AM13,\nBB,Bulk B,sectoraal,,zorg\n"
	                               "BC,Bulk C,sectoraal,,techniek\n");
	int64_t before;
	lw_err err;
	assert_int_equal(lw_store_int(S, "SELECT coalesce(max(id), 0) FROM trajectory", &before,
	                              &err),
	                 LW_OK);
	lw_store *other = NULL;
	for (int round = 0; round < 2; round++) {
		/* The second round while another connection has the store open. */
		if (round == 1) {
			assert_int_equal(lw_store_open(&other, lw_store_path(S), LW_STORE_READONLY,
			                               &err),
			                 LW_OK);
			tu_assert_query(other, "SELECT count(*) > 0 FROM trajectory", "1");
		}
		lw_buf f = LW_BUF_INIT;
		lw_buf_puts(&f, TRJ_H "\n");
		srand(17);
		int rows = 4 * (int)before + 2000;
		for (int i = 0; i < rows; i++) {
			char bsn[10], start[16], date[16];
			int crowd = rand() % 5 < 2; /* a few people with many registrations */
			make_bsn(crowd ? 9100000ul + (unsigned long)(rand() % 12)
			               : 9200000ul + (unsigned long)(rand() % 1500),
			         bsn);
			const char *kind = crowd ? "evc" : rand() % 2 ? "evc" : "duaal";
			const char *level = crowd ? "mbo-3" : levels[rand() % 3];
			snprintf(start, sizeof start, "20%02d-%02d-%02d", 6 + rand() % 5, 1 + rand() % 12,
			         1 + rand() % 28);
			int st = (rand() + round) % 3;
			snprintf(date, sizeof date, "2012-%02d-%02d", 1 + rand() % 12, 1 + rand() % 28);
			lw_buf_printf(&f, "%s,%s,%s,,%s,zorg,GM0344,,%s,%s,%s,%s,werknemer,%d\n",
			              covs[rand() % 3], bsn, kind, level, start,
			              st ? (st == 1 ? "afgerond" : "gestopt") : "", st ? date : "",
			              st == 1 ? "diploma" : "", 18 + rand() % 40);
		}
		/* The same registration twice: one goes. Files this small take the
		 * store only when told to (alone_bytes). */
		lw_ingest_opts o = {.skip_invalid = 1, .alone_bytes = 1};
		lw_ingest_result r;
		assert_int_equal(import_text(S, "trajecten", "bulk.csv", f.data, &o, &r, &err), LW_OK);
		assert_true(r.rejected > 0);
		assert_non_null(strstr(r.problems[0], "staat al op regel"));
		/* Alone, the import had the store to itself (the rollback journal);
		 * beside another connection it kept the WAL. */
		assert_int_equal(r.taken, round == 0);
		tu_assert_query(S, "PRAGMA journal_mode", "wal");
		if (round == 0)
			assert_true(r.added == r.rows - r.rejected);
		else /* the same registrations with other statuses */
			assert_true(r.added == 0 && r.changed > 0);
		lw_ingest_result_free(&r);
		check_flags_and_counts();
		lw_buf_free(&f);
	}
	/* A file under the size from which an import takes the store (by
	 * default 64 MiB) shares it, also with nobody else there. */
	lw_ingest_opts small = {0};
	lw_ingest_result r;
	assert_int_equal(import_text(S, "trajecten", "small.csv", TRJ_H "\n" TRJ_OK "\n", &small, &r,
	                             &err),
	                 LW_OK);
	assert_int_equal(r.taken, 0);
	lw_ingest_result_free(&r);
	/* The other connection reads what the imports wrote. */
	int64_t mine, theirs;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM trajectory", &mine, &err), LW_OK);
	assert_int_equal(lw_store_int(other, "SELECT count(*) FROM trajectory", &theirs, &err),
	                 LW_OK);
	assert_int_equal(mine, theirs);
	lw_store_close(other);
	/*
	 * The bulk writer leaves the store as it found it: the index built
	 * again, the schema's checks on (it set them aside for its own
	 * statements), temporary storage in memory.
	 */
	int64_t v;
	assert_int_equal(lw_store_int(S,
	                              "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
	                              "AND name = 'trajectory_match'",
	                              &v, &err),
	                 LW_OK);
	assert_int_equal(v, 1);
	assert_int_equal(lw_store_int(S, "PRAGMA ignore_check_constraints", &v, &err), LW_OK);
	assert_int_equal(v, 0);
	assert_int_equal(lw_store_int(S, "PRAGMA temp_store", &v, &err), LW_OK);
	assert_int_equal(v, 2);
	assert_int_equal(lw_store_exec(S, "UPDATE trajectory SET kind = 'x' WHERE id = 1", &err),
	                 LW_EDB);
}

/* ---- no BSN in the store, whatever the path ---------------------------------------- */

static char *run_dir;

static int run(const char *env, const char *args, const char *stdin_text)
{
	lw_buf cmd = LW_BUF_INIT;
	char *in = tu_path(run_dir, "stdin");
	tu_writes(in, stdin_text ? stdin_text : "");
	lw_buf_printf(&cmd, "%s '%s' --db '%s/leerwerk.db' --data '%s' %s <'%s' >'%s/out' 2>&1",
	              env, getenv("LW_BIN"), run_dir, tu_data(), args, in, run_dir);
	int st = system(cmd.data);
	lw_buf_free(&cmd);
	free(in);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* POSTs body to the server on port with the token; returns the status. */
static int post(unsigned port, const char *token, const char *body, char **answer)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {60, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b,
	              "POST /api/v1/trajectories HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	              "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	              "Content-Length: %zu\r\n\r\n%s",
	              token, strlen(body), body);
	assert_int_equal(send(fd, b.data, b.len, MSG_NOSIGNAL), (ssize_t)b.len);
	lw_buf_reset(&b);
	char chunk[4096];
	ssize_t got;
	while ((got = recv(fd, chunk, sizeof chunk, 0)) > 0)
		lw_buf_append(&b, chunk, (size_t)got);
	close(fd);
	int status = b.len > 12 ? atoi(b.data + 9) : 0;
	*answer = strdup(lw_buf_cstr(&b));
	lw_buf_free(&b);
	return status;
}

#define TOKEN "een-token-van-minstens-tweeendertig-tekens"

static pid_t start_server(unsigned *port)
{
	char *errf = tu_path(run_dir, "serve.err"), *db = tu_path(run_dir, "leerwerk.db");
	static const char *const env[] = {"LEERWERK_PSEUDONIEM_SLEUTEL=" KEY_HEX,
	                                  "LEERWERK_MONITOR_TOKEN=" TOKEN, NULL};
	pid_t pid = tu_serve(db, errf, "1", env, port);
	free(errf);
	free(db);
	return pid;
}

/* 1 when needle occurs in data (memmem is a GNU extension). */
static int holds(const char *data, size_t len, const void *needle, size_t n)
{
	for (size_t i = 0; n && i + n <= len; i++)
		if (data[i] == *(const char *)needle && !memcmp(data + i, needle, n))
			return 1;
	return 0;
}

/*
 * Every form a BSN could take in data: digits (9, without the leading
 * zero, grouped, 8 of them), UTF-16, a binary number of 8 bytes and, with
 * small (only in a short buffer: four given bytes occur by chance in
 * megabytes), of 4.
 */
static void assert_no_bsn(const char *data, size_t len, const char *bsn, const char *where,
                          int small)
{
	unsigned long v = strtoul(bsn, NULL, 10);
	char forms[6][40];
	snprintf(forms[0], sizeof forms[0], "%s", bsn);
	snprintf(forms[1], sizeof forms[1], "%lu", v); /* without a leading zero */
	snprintf(forms[2], sizeof forms[2], "%.4s.%.2s.%.3s", bsn, bsn + 4, bsn + 6);
	snprintf(forms[3], sizeof forms[3], "%.3s %.3s %.3s", bsn, bsn + 3, bsn + 6);
	snprintf(forms[4], sizeof forms[4], "%.8s", bsn + 1); /* 8 of its 9 digits */
	snprintf(forms[5], sizeof forms[5], "%.8s", bsn);
	for (int i = 0; i < 6; i++)
		if (holds(data, len, forms[i], strlen(forms[i])))
			fail_msg("%s holds BSN %s as '%s'", where, bsn, forms[i]);
	unsigned char bin[4][8];
	for (int i = 0; i < 8; i++) {
		bin[0][i] = (unsigned char)(v >> (8 * i));     /* little-endian 64 */
		bin[1][7 - i] = (unsigned char)(v >> (8 * i)); /* big-endian 64 */
	}
	for (int i = 0; i < 4; i++) {
		bin[2][i] = (unsigned char)(v >> (8 * i));
		bin[3][3 - i] = (unsigned char)(v >> (8 * i));
	}
	if (holds(data, len, bin[0], 8) || holds(data, len, bin[1], 8) ||
	    (small && (holds(data, len, bin[2], 4) || holds(data, len, bin[3], 4))))
		fail_msg("%s holds BSN %s as a binary number", where, bsn);
	char utf16[18];
	for (int i = 0; i < 9; i++)
		utf16[2 * i] = bsn[i], utf16[2 * i + 1] = 0;
	if (holds(data, len, utf16, 18))
		fail_msg("%s holds BSN %s in UTF-16", where, bsn);
}

static void test_no_bsn_in_the_store(void **unused)
{
	(void)unused;
	run_dir = tu_tmpdir("monitor-privacy");
	char bsn[8][10];
	for (int i = 0; i < 8; i++) /* the fourth has a leading zero */
		make_bsn((i == 3 ? 4100000ul : 31415926ul) + 1000003ul * (unsigned long)i, bsn[i]);
	char env[128];
	snprintf(env, sizeof env, "LEERWERK_PSEUDONIEM_SLEUTEL=%s", KEY_HEX);
	assert_int_equal(run(env, "import reference", NULL), 0);
	char *cov = tu_path(run_dir, "cov.csv"), *trj = tu_path(run_dir, "trj.csv");
	tu_writes(cov, COV_H "\nPRI,Privacy,regionaal,AM13,\nPRJ,Privacy 2,sectoraal,,zorg\n");
	lw_buf f = LW_BUF_INIT, args = LW_BUF_INIT;
	lw_buf_puts(&f, TRJ_H "\n");
	assert_int_equal(bsn[3][0], '0');
	for (int i = 0; i < 4; i++) /* the import; one without its leading zero */
		lw_buf_printf(&f, "PRI,%s,evc,,mbo-2,zorg,GM0344,,2009-03-0%d,,,,werknemer,30\n",
		              bsn[i] + (i == 3), i + 1);
	lw_buf_printf(&f, "PRJ,%.4s.%.2s.%.3s,evc,,mbo-2,zorg,GM0344,,2009-03-01,,,,,30\n", bsn[0],
	              bsn[0] + 4, bsn[0] + 6);
	tu_writes(trj, f.data);
	lw_buf_printf(&args, "import convenanten '%s'", cov);
	assert_int_equal(run(env, args.data, NULL), 0);
	lw_buf_reset(&args);
	lw_buf_printf(&args, "import trajecten '%s'", trj);
	assert_int_equal(run(env, args.data, NULL), 0);
	/* monitor add: on the command line and from standard input. */
	lw_buf_reset(&args);
	lw_buf_printf(&args,
	              "monitor add --convenant PRI --bsn %s --soort duaal --niveau mbo-3 "
	              "--sector techniek --postcode 3511 --start 2010-01-04 --leeftijd 40",
	              bsn[4]);
	assert_int_equal(run(env, args.data, NULL), 0);
	lw_buf_reset(&args);
	lw_buf_printf(&args, "%s\n", bsn[5]);
	assert_int_equal(run(env,
	                     "monitor add --convenant PRI --bsn - --soort duaal --niveau mbo-3 "
	                     "--sector techniek --gemeente GM0344 --start 2010-01-05 --leeftijd 41",
	                     args.data),
	                 0);
	/* The API: registered, a status change, and a refused BSN. */
	unsigned port;
	pid_t pid = start_server(&port);
	char *answer, body[512];
	snprintf(body, sizeof body,
	         "{\"convenant\":\"PRJ\",\"bsn\":\"%s\",\"soort\":\"evc\",\"niveau\":\"hbo\","
	         "\"sector\":\"zorg\",\"gemeente\":\"GM0344\",\"start\":\"2011-02-01\","
	         "\"doelgroepen\":[\"werknemer\"],\"leeftijd\":33}",
	         bsn[6]);
	assert_int_equal(post(port, TOKEN, body, &answer), 201);
	assert_null(strstr(answer, bsn[6]));
	assert_non_null(strstr(answer, "\"registratie\""));
	free(answer);
	snprintf(body, sizeof body,
	         "{\"convenant\":\"PRJ\",\"bsn\":\"%s\",\"soort\":\"evc\",\"niveau\":\"hbo\","
	         "\"sector\":\"zorg\",\"gemeente\":\"GM0344\",\"start\":\"2011-02-01\","
	         "\"status\":\"gestopt\",\"statusdatum\":\"2011-06-01\",\"leeftijd\":33}",
	         bsn[6]);
	assert_int_equal(post(port, TOKEN, body, &answer), 200);
	assert_non_null(strstr(answer, "\"gewijzigd\""));
	free(answer);
	char wrong[10];
	snprintf(wrong, sizeof wrong, "%s", bsn[7]);
	wrong[8] = (char)(wrong[8] == '9' ? '0' : wrong[8] + 1); /* fails the eleven-test */
	snprintf(body, sizeof body, "{\"convenant\":\"PRJ\",\"bsn\":\"%s\",\"soort\":\"evc\"}",
	         wrong);
	assert_int_equal(post(port, TOKEN, body, &answer), 422);
	assert_null(strstr(answer, wrong));
	assert_non_null(strstr(answer, "\"veld\":\"bsn\""));
	free(answer);
	snprintf(body, sizeof body, "{\"bsn\":%s", bsn[7]); /* broken JSON near the BSN */
	assert_int_equal(post(port, TOKEN, body, &answer), 400);
	assert_null(strstr(answer, bsn[7]));
	free(answer);
	assert_int_equal(post(port, "fout-token", "{}", &answer), 401);
	free(answer);
	/* The server's log holds no BSN either. */
	char *log_path = tu_path(run_dir, "serve.err");
	/* Read the store while the server still has it open: the -wal too. */
	lw_buf path = LW_BUF_INIT;
	const char *parts[] = {"leerwerk.db", "leerwerk.db-wal"};
	for (int round = 0; round < 2; round++) {
		for (int p = 0; p < 2; p++) {
			lw_buf_reset(&path);
			lw_buf_printf(&path, "%s/%s", run_dir, parts[p]);
			size_t len = 0;
			char *data = tu_read(path.data, &len);
			for (int i = 0; data && i < 8; i++)
				assert_no_bsn(data, len, bsn[i], path.data, 0);
			free(data);
		}
		if (round == 0) {
			kill(pid, SIGTERM);
			waitpid(pid, NULL, 0);
		}
	}
	size_t len;
	char *log = tu_read(log_path, &len);
	for (int i = 0; log && i < 8; i++)
		assert_no_bsn(log, len, bsn[i], "the server's log", 0);
	free(log);
	free(log_path);
	/* Every value of the monitor's tables, numbers also as 4 and 8 bytes. */
	lw_store *st;
	lw_err err;
	lw_buf db = LW_BUF_INIT, vals = LW_BUF_INIT;
	lw_buf_printf(&db, "%s/leerwerk.db", run_dir);
	assert_int_equal(lw_store_open(&st, db.data, LW_STORE_READONLY, &err), LW_OK);
	static const char *const tables[] = {"trajectory",    "monitor_series", "covenant",
	                                     "covenant_area", "expenditure",    "import_log"};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		sqlite3_stmt *q;
		lw_buf sql = LW_BUF_INIT;
		lw_buf_printf(&sql, "SELECT * FROM %s", tables[t]);
		assert_int_equal(lw_store_prepare(st, &q, sql.data, &err), LW_OK);
		while (sqlite3_step(q) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(q); c++) {
				int64_t v = sqlite3_column_int64(q, c);
				unsigned char be[8];
				for (int i = 0; i < 8; i++)
					be[7 - i] = (unsigned char)(v >> (8 * i));
				lw_buf_append(&vals, "|", 1);
				lw_buf_append(&vals, be, 8);
				lw_buf_append(&vals, sqlite3_column_blob(q, c),
				              (size_t)sqlite3_column_bytes(q, c));
			}
		sqlite3_finalize(q);
		lw_buf_free(&sql);
	}
	lw_store_close(st);
	for (int i = 0; i < 8; i++)
		assert_no_bsn(vals.data, vals.len, bsn[i], "a value of the monitor's tables", 1);
	lw_buf_free(&vals);
	lw_buf_free(&db);
	/* Everything arrived: 4 imported (the fifth is a double), 2 added, 1 by the API. */
	lw_buf_reset(&args);
	lw_buf_puts(&args, "monitor tel --json");
	assert_int_equal(run("", args.data, NULL), 0);
	char *out = tu_path(run_dir, "out"), *o = tu_read(out, NULL);
	assert_non_null(strstr(o, "\"gestart\": 7"));
	free(o);
	free(out);
	lw_buf_free(&path);
	lw_buf_free(&f);
	lw_buf_free(&args);
	free(cov);
	free(trj);
	free(run_dir);
}

/* A CSV file of n registrations of different people in covenant KIL, from BSN number from. */
static char *many_rows(const char *name, int n, unsigned long from)
{
	lw_buf f = LW_BUF_INIT;
	lw_buf_puts(&f, TRJ_H "\n");
	for (int i = 0; i < n; i++) {
		char bsn[10];
		make_bsn(from + 13ul * (unsigned long)i, bsn);
		lw_buf_printf(&f, "KIL,%s,evc,,mbo-2,zorg,GM0344,,2009-%02d-%02d,,,,werknemer,30\n",
		              bsn, 1 + i % 12, 1 + i % 28);
	}
	char *path = tu_path(run_dir, name);
	tu_writes(path, f.data);
	lw_buf_free(&f);
	return path;
}

/*
 * An import that had the store to itself (the rollback journal) and is
 * killed halfway leaves nothing behind: the next connection rolls it back
 * from the journal, and the next writer puts the store back in the WAL.
 */
static void test_kill_during_bulk_import(void **unused)
{
	(void)unused;
	run_dir = tu_tmpdir("monitor-kill");
	assert_int_equal(run("", "import reference", NULL), 0);
	char *cov = tu_path(run_dir, "cov.csv");
	tu_writes(cov, COV_H "\nKIL,Onderbroken,regionaal,AM13,\n");
	lw_buf args = LW_BUF_INIT;
	lw_buf_printf(&args, "import convenanten '%s'", cov);
	assert_int_equal(run("", args.data, NULL), 0);
	char *few = many_rows("few.csv", 100, 10000000ul), *big = many_rows("big.csv", 60000, 20000000ul);
	lw_buf_reset(&args);
	lw_buf_printf(&args, "import trajecten '%s'", few);
	assert_int_equal(run("", args.data, NULL), 0);

	/* Killed after 40,000 of 60,000 rows, a small cache: the writes are in the file by then. */
	lw_buf_reset(&args);
	lw_buf_printf(&args, "import trajecten '%s'", big);
	assert_int_equal(run("LEERWERK_TEST_KILL_AFTER_ROWS=40000 LEERWERK_IMPORT_CACHE_KIB=1024 "
	                     "LEERWERK_IMPORT_ALONE_BYTES=1",
	                     args.data, NULL),
	                 128 + 9);
	lw_buf path = LW_BUF_INIT;
	lw_buf_printf(&path, "%s/leerwerk.db-journal", run_dir);
	size_t n = 0;
	char *journal = tu_read(path.data, &n);
	assert_non_null(journal); /* the import had taken the store */
	assert_true(n > 0);
	free(journal);

	assert_int_equal(run("", "db check", NULL), 0);
	assert_int_equal(run("", "monitor tel --json", NULL), 0);
	char *out = tu_path(run_dir, "out"), *o = tu_read(out, NULL);
	assert_non_null(strstr(o, "\"gestart\": 100"));
	free(o);
	lw_store *st;
	lw_err err;
	lw_buf_reset(&path);
	lw_buf_printf(&path, "%s/leerwerk.db", run_dir);
	assert_int_equal(lw_store_open(&st, path.data, LW_STORE_READONLY, &err), LW_OK);
	tu_assert_query(st, "SELECT count(*) FROM trajectory", "100");
	lw_store_close(st);

	/* The next import (a writer) finds the store in the WAL again, and completes;
	 * it says that it had the store to itself. */
	lw_buf_reset(&args);
	lw_buf_printf(&args, "import trajecten '%s'", big);
	assert_int_equal(run("LEERWERK_IMPORT_ALONE_BYTES=1", args.data, NULL), 0);
	o = tu_read(out, NULL);
	assert_non_null(strstr(o, "de import had de database voor zich alleen"));
	free(o);
	assert_int_equal(lw_store_open(&st, path.data, LW_STORE_READONLY, &err), LW_OK);
	tu_assert_query(st, "PRAGMA journal_mode", "wal");
	tu_assert_query(st, "SELECT count(*) FROM trajectory", "60100");
	tu_assert_query(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'trajectory_match'", "1");
	lw_store_close(st);
	lw_buf_free(&path);
	lw_buf_free(&args);
	free(out);
	free(few);
	free(big);
	free(cov);
	free(run_dir);
}

int main(void)
{
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL", KEY_HEX, 1);
	unsetenv("LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bsn),
	    cmocka_unit_test(test_key_and_pseudonym),
	    cmocka_unit_test(test_covenant_import),
	    cmocka_unit_test(test_share_and_expenditure_import),
	    cmocka_unit_test(test_trajectory_import_bad),
	    cmocka_unit_test(test_trajectory_import_without_key),
	    cmocka_unit_test(test_trajectory_rejects_and_reimport),
	    cmocka_unit_test(test_duplicates_and_status),
	    cmocka_unit_test(test_counts_against_brute_force),
	    cmocka_unit_test(test_bulk_import),
	    cmocka_unit_test(test_no_bsn_in_the_store),
	    cmocka_unit_test(test_kill_during_bulk_import),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

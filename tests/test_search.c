/*
 * test_search.c - Dutch text analysis: lower case, words, Snowball stems
 * over the whole Snowball test vocabulary, and the FTS5 tokenizer.
 */
#include "testutil.h"

#include "lw_ingest.h"
#include "lw_search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lower_is(const char *in, const char *want)
{
	lw_buf b = LW_BUF_INIT;
	assert_int_equal(lw_lower(in, strlen(in), &b), LW_OK);
	assert_string_equal(lw_buf_cstr(&b), want);
	lw_buf_free(&b);
}

static void test_lower(void **unused)
{
	(void)unused;
	lower_is("INSPICIËNT", "inspiciënt");
	lower_is("ĲSSELSTEIN", "ĳsselstein");
	lower_is("ÀÉÎÕÜ ŁÓDŹ Ÿ", "àéîõü łódź ÿ");
	lower_is("Straße 12", "straße 12");
	lower_is("", "");
}

/*
 * The test: the stemmer path over all 45,670 words of Snowball's
 * Dutch (Porter) vocabulary gives exactly output.txt; and the analyzer's
 * stem is that stem, folded.
 */
static void test_snowball_vocabulary(void **unused)
{
	(void)unused;
	char voc[1024], out[1024];
	snprintf(voc, sizeof voc, "%s/snowball/dutch_porter/voc.txt", tu_data());
	snprintf(out, sizeof out, "%s/snowball/dutch_porter/output.txt", tu_data());
	FILE *v = fopen(voc, "r"), *o = fopen(out, "r");
	assert_non_null(v);
	assert_non_null(o);
	lw_analyzer *a;
	assert_int_equal(lw_analyzer_new(&a), LW_OK);
	char word[256], want[256];
	long n = 0, same = 0;
	lw_buf low = LW_BUF_INIT, stem = LW_BUF_INIT, folded = LW_BUF_INIT;
	while (fgets(word, sizeof word, v)) {
		assert_non_null(fgets(want, sizeof want, o));
		word[strcspn(word, "\n")] = '\0';
		want[strcspn(want, "\n")] = '\0';
		lw_buf_reset(&low);
		lw_buf_reset(&stem);
		assert_int_equal(lw_lower(word, strlen(word), &low), LW_OK);
		assert_int_equal(lw_analyzer_stem(a, low.data, low.len, &stem), LW_OK);
		if (strcmp(lw_buf_cstr(&stem), want) != 0)
			fail_msg("line %ld: '%s' stems to '%s', Snowball expects '%s'", n + 1, word,
				 lw_buf_cstr(&stem), want);
		same++;
		n++;
	}
	assert_null(fgets(want, sizeof want, o));
	assert_int_equal(n, 45670);
	assert_int_equal(same, n);
	lw_buf_free(&low);
	lw_buf_free(&stem);
	lw_buf_free(&folded);
	lw_analyzer_free(a);
	fclose(v);
	fclose(o);
}

typedef struct seen {
	char words[16][64], stems[16][64];
	size_t start[16], end[16];
	int n;
} seen;

static int collect(void *ud, const char *surface, size_t sl, const char *stem, size_t tl,
		   size_t start, size_t end)
{
	seen *s = ud;
	if (s->n == 16)
		return LW_ELIMIT;
	snprintf(s->words[s->n], 64, "%.*s", (int)sl, surface);
	snprintf(s->stems[s->n], 64, "%.*s", (int)tl, stem);
	s->start[s->n] = start;
	s->end[s->n] = end;
	s->n++;
	return LW_OK;
}

static seen analyze(lw_analyzer *a, const char *text)
{
	seen s;
	memset(&s, 0, sizeof s);
	assert_int_equal(lw_analyze(a, text, strlen(text), collect, &s), LW_OK);
	return s;
}

static void test_analyze(void **unused)
{
	(void)unused;
	lw_analyzer *a;
	assert_int_equal(lw_analyzer_new(&a), LW_OK);
	seen s = analyze(a, "Mbo-Verpleegkundige (niveau 4), 's-Hertogenbosch: INSPICIËNT!");
	assert_int_equal(s.n, 7);
	assert_string_equal(s.words[0], "mbo");
	assert_string_equal(s.words[1], "verpleegkundige");
	assert_int_equal(s.start[1], 4);
	assert_int_equal(s.end[1], 19);
	assert_string_equal(s.words[2], "niveau");
	assert_string_equal(s.words[3], "4");
	assert_string_equal(s.words[4], "s");
	assert_string_equal(s.words[5], "hertogenbosch");
	assert_string_equal(s.words[6], "inspicient"); /* folded surface */
	/* Plural and singular share a stem. */
	seen p = analyze(a, "verpleegkundigen verpleegkundige opleidingen opleiding");
	assert_string_equal(p.stems[0], p.stems[1]);
	assert_string_equal(p.stems[2], p.stems[3]);
	/* Dashes and quotes of every kind separate words. */
	seen q = analyze(a, "zorg\xE2\x80\x93welzijn \xE2\x80\x98techniek\xE2\x80\x99");
	assert_int_equal(q.n, 3);
	assert_string_equal(q.words[2], "techniek");
	seen e = analyze(a, " -- ... ");
	assert_int_equal(e.n, 0);
	lw_analyzer_free(a);
}

static int count(lw_store *s, const char *match)
{
	sqlite3_stmt *st;
	lw_err err;
	assert_int_equal(lw_store_prepare(s, &st, "SELECT count(*) FROM doc WHERE doc MATCH ?1", &err),
			 LW_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		fail_msg("MATCH '%s': %s", match, sqlite3_errmsg(lw_store_db(s)));
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_fts5_tokenizer(void **unused)
{
	(void)unused;
	char *dir = tu_tmpdir("search");
	char *db = tu_path(dir, "search.db");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_search_register(s, &err), LW_OK);
	assert_int_equal(lw_store_exec(s,
				       "CREATE TEMP TABLE t(x);"
				       "CREATE VIRTUAL TABLE temp.doc USING fts5(title, "
				       "tokenize = 'leerwerk');"
				       "INSERT INTO doc VALUES('Mbo-Verpleegkundige niveau 4');"
				       "INSERT INTO doc VALUES('Inspiciënt bij het theater');"
				       "INSERT INTO doc VALUES('Gemeentelijke regelingen voor scholing');"
				       "INSERT INTO doc VALUES('Opleidingen in de techniek');",
				       &err),
			 LW_OK);
	assert_int_equal(count(s, "verpleegkundigen"), 1); /* stem */
	assert_int_equal(count(s, "verpleegkundige"), 1);  /* the hyphen split the word */
	assert_int_equal(count(s, "inspicient"), 1);       /* diacritics folded */
	assert_int_equal(count(s, "INSPICIËNT"), 1);
	assert_int_equal(count(s, "opleiding"), 1);
	assert_int_equal(count(s, "gemeente*"), 1); /* prefix on the surface word */
	assert_int_equal(count(s, "regeling*"), 1);
	/* A prefix is never stemmed: 'verpleegkundigen*' is no prefix of any word. */
	assert_int_equal(count(s, "verpleegkundigen*"), 0);
	assert_int_equal(count(s, "\"mbo verpleegkundige\""), 1);
	assert_int_equal(count(s, "\"verpleegkundige mbo\""), 0);
	assert_int_equal(count(s, "zorg"), 0);
	/* The tokenizer takes no options. */
	assert_int_equal(lw_store_exec(s,
				       "CREATE VIRTUAL TABLE temp.bad USING fts5(x, tokenize = "
				       "'leerwerk extra')",
				       &err),
			 LW_EDB);
	lw_store_close(s);
	free(db);
	free(dir);
}

static char *describe(const lw_query *q)
{
	lw_buf b = LW_BUF_INIT;
	static const char *const kinds[] = {"w", "p", "ph"};
	for (size_t i = 0; i < q->nterms; i++)
		lw_buf_printf(&b, "%s%s%s:%s", i ? " " : "", q->terms[i].exclude ? "-" : "",
			      kinds[q->terms[i].kind], q->terms[i].text);
	for (size_t i = 0; i < q->nfilters; i++)
		lw_buf_printf(&b, " [%s=%s]", q->filters[i].field, q->filters[i].value);
	if (q->crebo)
		lw_buf_printf(&b, " crebo=%s", q->crebo);
	if (q->postcode)
		lw_buf_printf(&b, " pc=%s", q->postcode);
	lw_buf_reserve(&b, 0);
	return b.data;
}

static void parse_is(const char *in, const char *want, const char *fts)
{
	lw_query q;
	assert_int_equal(lw_query_parse(in, &q), LW_OK);
	char *got = describe(&q);
	if (strcmp(got, want) != 0)
		fail_msg("parse '%s': got '%s', want '%s'", in, got, want);
	lw_buf m = LW_BUF_INIT;
	assert_int_equal(lw_query_fts5(&q, &m), LW_OK);
	if (fts && strcmp(lw_buf_cstr(&m), fts) != 0)
		fail_msg("fts5 of '%s': got '%s', want '%s'", in, lw_buf_cstr(&m), fts);
	lw_buf_free(&m);
	free(got);
	lw_query_free(&q);
}

static void test_query_parse(void **unused)
{
	(void)unused;
	parse_is("verpleegkundige", "w:verpleegkundige", "(\"verpleegkundige\")");
	parse_is("  zorg   welzijn ", "w:zorg w:welzijn", "(\"zorg\" \"welzijn\")");
	parse_is("\"helpende zorg\" -avond", "ph:helpende zorg -w:avond",
		 "(\"helpende zorg\") NOT \"avond\"");
	parse_is("gemeente*", "p:gemeente", "(\"gemeente\" *)");
	parse_is("niveau:2 regio:utrecht kok", "w:kok [niveau=2] [regio=utrecht]", "(\"kok\")");
	parse_is("REGIO:\"Noord-Holland Noord\" bbl", "w:bbl [regio=Noord-Holland Noord]", NULL);
	parse_is("kleur:rood", "w:kleur:rood", "(\"kleur:rood\")"); /* unknown field: a word */
	parse_is("-niveau:2", "-w:niveau:2", ""); /* an excluded word, not a filter */
	parse_is("25180", "w:25180 crebo=25180", NULL);
	parse_is("kok 3511 AB", "w:kok w:3511 w:AB pc=3511AB", NULL);
	parse_is("3511", "w:3511 pc=3511", NULL);
	parse_is("0999", "w:0999", NULL);
	parse_is("-", "", "");
	parse_is("* - \" \"", "", "");
	parse_is("\"open phrase", "ph:open phrase", "(\"open phrase\")");
	parse_is("a\"b", "w:a ph:b", NULL);
	parse_is("say\"\"hi", "w:say w:hi", NULL);
	parse_is("NOT AND OR NEAR", "w:NOT w:AND w:OR w:NEAR",
		 "(\"NOT\" \"AND\" \"OR\" \"NEAR\")"); /* operators are words */
	parse_is("", "", "");
	parse_is(NULL, "", "");
}

/* No input, however odd, makes the FTS5 expression an error. */
static void test_query_never_fails(void **unused)
{
	(void)unused;
	char *dir = tu_tmpdir("search-query");
	char *db = tu_path(dir, "q.db");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_search_register(s, &err), LW_OK);
	assert_int_equal(lw_store_exec(s,
				       "CREATE VIRTUAL TABLE temp.doc USING fts5(t, tokenize = "
				       "'leerwerk'); INSERT INTO doc VALUES('zorg en welzijn')",
				       &err),
			 LW_OK);
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "SELECT count(*) FROM doc WHERE doc MATCH ?1", &err),
			 LW_OK);
	static const char alphabet[] = "ab z\"-*:()^+{}NOTANDORNEAR,.;'\\\xC3\xAB" "0123456789";
	unsigned x = 7;
	char in[40];
	for (int i = 0; i < 5000; i++) {
		size_t n = (x = x * 1103515245u + 12345u) >> 16 & 31;
		for (size_t k = 0; k < n; k++) {
			x = x * 1103515245u + 12345u;
			in[k] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		in[n] = '\0';
		if (!lw_utf8_valid(in, n, NULL))
			continue;
		lw_query q;
		lw_buf m = LW_BUF_INIT;
		assert_int_equal(lw_query_parse(in, &q), LW_OK);
		assert_int_equal(lw_query_fts5(&q, &m), LW_OK);
		if (m.len) {
			sqlite3_bind_text(st, 1, m.data, (int)m.len, SQLITE_STATIC);
			int rc = sqlite3_step(st);
			if (rc != SQLITE_ROW)
				fail_msg("input '%s' -> '%s': %s", in, m.data,
					 sqlite3_errmsg(lw_store_db(s)));
			sqlite3_reset(st);
		}
		lw_buf_free(&m);
		lw_query_free(&q);
	}
	sqlite3_finalize(st);
	lw_store_close(s);
	free(db);
	free(dir);
}

static int count_item(void *ud, const lw_item_text *it)
{
	(void)it;
	++*(long *)ud;
	return LW_OK;
}

/* ---- the engine, over reference data and a little example data ---------- */

static lw_store *g_store;
static lw_engine *g_engine;
static lw_searcher *g_sr;
static lw_demo_result g_demo;

static int engine_setup(void **unused)
{
	(void)unused;
	lw_err err;
	g_store = tu_reference_store("search-engine", NULL);
	if (lw_demo_generate(g_store, 0.05, 5, &g_demo, &err) != LW_OK)
		return -1;
	/* An item whose key is longer than any real one (the key is not cut). */
	lw_buf long_uri = LW_BUF_INIT;
	lw_buf_puts(&long_uri, "INSERT INTO occupation VALUES('http://data.europa.eu/esco/occupation/");
	for (int i = 0; i < 300; i++)
		lw_buf_putc(&long_uri, 'x');
	lw_buf_puts(&long_uri, "', '9999.9', '9999', 'zebratemmer', '', '', 'released', NULL, NULL, "
	                       "NULL, NULL, NULL)");
	int rc = lw_store_exec(g_store, lw_buf_cstr(&long_uri), &err);
	lw_buf_free(&long_uri);
	if (rc != LW_OK)
		return -1;
	if (lw_engine_build(g_store, &g_engine, &err) != LW_OK)
		return -1;
	return lw_searcher_new(g_engine, &g_sr) == LW_OK ? 0 : -1;
}

static int engine_teardown(void **unused)
{
	(void)unused;
	lw_searcher_free(g_sr);
	lw_engine_free(g_engine);
	lw_store_close(g_store);
	return 0;
}

static void run(const char *q, const lw_search_opts *o, lw_results *r)
{
	lw_err err;
	lw_err_clear(&err);
	assert_int_equal(lw_searcher_run(g_sr, q, o, r, &err), LW_OK);
}

/* The rank (1-based) of an item with this kind and title among the first n, or 0. */
static size_t rank_of(const lw_results *r, const char *kind, const char *title)
{
	for (size_t i = 0; i < r->n; i++)
		if ((!kind || strcmp(r->hits[i].kind, kind) == 0) &&
		    strcmp(r->hits[i].title, title) == 0)
			return i + 1;
	return 0;
}

/* Fails unless the query finds kind/title among its first `within` hits. */
static void finds(const char *q, const char *only, const char *kind, const char *title,
		  size_t within)
{
	lw_search_opts o = {.kind = only, .limit = within};
	lw_results r;
	run(q, &o, &r);
	if (!rank_of(&r, kind, title)) {
		for (size_t i = 0; i < r.n; i++)
			print_message("  %s: %s\n", r.hits[i].kind, r.hits[i].title);
		fail_msg("'%s': no %s '%s' among the first %zu of %ld", q, kind ? kind : "item",
			 title, within, r.total);
	}
	lw_results_free(&r);
}

static long total_of(const char *q, const char *only)
{
	lw_search_opts o = {.kind = only};
	lw_results r;
	run(q, &o, &r);
	long t = r.total;
	lw_results_free(&r);
	return t;
}

static void test_engine_items(void **unused)
{
	(void)unused;
	lw_engine_stats st;
	lw_engine_stats_get(g_engine, &st);
	/* Every register: 470 + 3007 reference items (and one more), the example rows, 35 desks. */
	long want = 470 + 3008 + g_demo.offerings + g_demo.evc + g_demo.companies +
		    g_demo.vacancies + g_demo.schemes + 35;
	assert_int_equal(st.items, want);
	assert_true(st.terms > 1000 && st.postings > st.items && st.bytes > 0);
	/* The same text for whoever asks (the benchmark's peers). */
	long n = 0;
	lw_err err;
	assert_int_equal(lw_search_items(g_store, count_item, &n, &err), LW_OK);
	assert_int_equal(n, want);
}

static void test_engine_dutch(void **unused)
{
	(void)unused;
	finds("inspicient", NULL, "beroep", "inspiciënt", 3);       /* diacritics */
	finds("INSPICIËNT", "beroep", "beroep", "inspiciënt", 1);
	finds("verpleegkundigen", "kwalificatie", "kwalificatie", "Mbo-Verpleegkundige", 3);
	finds("verpleegkundige", "kwalificatie", "kwalificatie", "Mbo-Verpleegkundige", 3);
	finds("toneelmeester", NULL, "beroep", "inspiciënt", 3); /* an ESCO synonym */
	finds("verpleegk*", "kwalificatie", "kwalificatie", "Mbo-Verpleegkundige", 5);
	/* A prefix is never stemmed: "gemeente*" finds gemeentesecretaris-like words too. */
	assert_true(total_of("gemeente*", NULL) >= total_of("gemeente", NULL));
	/* Codes: a crebo code first its qualification; a postcode means near there. */
	finds("25180", NULL, "kwalificatie", "Kok", 1);
	lw_results r;
	run("3511", NULL, &r);
	assert_non_null(r.near_name);
	assert_true(r.n > 0);
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.hits[i].km >= 0 && r.hits[i].km <= LW_SEARCH_DEFAULT_KM);
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.hits[i - 1].km <= r.hits[i].km);
	lw_results_free(&r);
}

static void test_engine_compounds(void **unused)
{
	(void)unused;
	/* The parts of compounds are found, from the catalogue's own words. */
	static const char *const pairs[][2] = {
		{"zorg", "ouderenzorg"},
		{"zorg", "gezondheidszorg"},
		{"techniek", "installatietechniek"},
	};
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		lw_search_opts o = {.kind = "beroep", .limit = 1000};
		lw_results part, whole;
		run(pairs[k][0], &o, &part);
		run(pairs[k][1], &o, &whole);
		assert_true(whole.n > 0);
		for (size_t i = 0; i < whole.n; i++) {
			size_t j = 0;
			while (j < part.n && strcmp(part.hits[j].ref, whole.hits[i].ref) != 0)
				j++;
			if (j == part.n)
				fail_msg("'%s' does not find '%s', found by '%s'", pairs[k][0],
					 whole.hits[i].title, pairs[k][1]);
		}
		lw_results_free(&part);
		lw_results_free(&whole);
	}
	/* How words are split, and that common words are not cut into nonsense. */
	static const char *const split[][2] = {
		{"ouderenzorg", "delen ouder + zorg"},
		{"gezondheidszorg", "delen gezond + zorg"},
		{"installatietechniek", "delen installatie + techniek"},
	};
	lw_buf b = LW_BUF_INIT;
	for (size_t i = 0; i < sizeof split / sizeof split[0]; i++) {
		lw_buf_reset(&b);
		assert_int_equal(lw_engine_explain(g_engine, split[i][0], &b), LW_OK);
		if (!strstr(lw_buf_cstr(&b), split[i][1]))
			fail_msg("%s: %s, expected %s", split[i][0], lw_buf_cstr(&b), split[i][1]);
	}
	static const char *const whole[] = {
		"verpleegkundige", "medewerker", "bestuurder", "beroepen",  "kapper",
		"inspiciënt",	   "timmerman",	 "schilder",   "verkoper",  "monteur",
		"administratief",  "onderwijs",	 "leerling",   "opleiding", "kwalificatie",
		"begeleider",	   "verzorgende", "helpende",  "operator",  "ondernemer",
	};
	for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
		lw_buf_reset(&b);
		int rc = lw_engine_explain(g_engine, whole[i], &b);
		if (rc == LW_OK && strstr(lw_buf_cstr(&b), "delen"))
			fail_msg("%s split into nonsense: %s", whole[i], lw_buf_cstr(&b));
	}
	lw_buf_free(&b);
}

static void test_engine_abbreviations(void **unused)
{
	(void)unused;
	/* An abbreviation finds what is written out, and the reverse. */
	long bbl = total_of("bbl", "kwalificatie");
	long written = total_of("beroepsbegeleidende leerweg", "kwalificatie");
	assert_true(bbl > 0);
	assert_int_equal(written, bbl);
	assert_true(total_of("erkenning verworven competenties", "evc") > 0);
	assert_int_equal(total_of("evc", "evc"),
			 total_of("erkenning verworven competenties", "evc"));
	assert_true(total_of("mbo", "kwalificatie") == 470);
	/* An irregular plural from the same list. */
	assert_true(total_of("timmerlieden", "kwalificatie") > 0);
	long lieden = total_of("timmerlieden", NULL);
	assert_true(lieden > 0 && lieden <= total_of("timmerman", NULL)); /* man: parts too */
	/* By stem: the plural of the words written out finds the abbreviation. */
	assert_int_equal(total_of("beroepsbegeleidende leerwegen", "kwalificatie"), bbl);
}

static void test_engine_typos(void **unused)
{
	(void)unused;
	lw_results r;
	/* One edit from 5 letters, two from 9; candidates from the index. */
	run("verpleegkundgie", NULL, &r);
	assert_true(r.total > 0);
	assert_non_null(r.did_you_mean);
	assert_string_equal(r.did_you_mean, "verpleegkundige");
	assert_non_null(r.corrected);
	lw_results_free(&r);
	run("montuer", NULL, &r);
	assert_true(r.total > 0);
	assert_string_equal(r.did_you_mean, "monteur");
	lw_results_free(&r);
	run("vrepleegkunidge", NULL, &r); /* two edits in a long word */
	assert_true(r.total > 0);
	lw_results_free(&r);
	/* Short words are not corrected: too many words are one edit apart. */
	run("kokk", NULL, &r);
	assert_int_equal(r.total, 0);
	assert_null(r.did_you_mean);
	lw_results_free(&r);
	/* A word that is nowhere and like nothing: no results, no suggestion. */
	run("xqzwvjk", NULL, &r);
	assert_int_equal(r.total, 0);
	assert_null(r.did_you_mean);
	lw_results_free(&r);
}

static void test_engine_syntax(void **unused)
{
	(void)unused;
	lw_results r;
	/* Words that name a kind choose it; small words are not required. */
	run("vacatures kok", NULL, &r);
	assert_true(r.total > 0 && r.total == total_of("kok", "vacature"));
	lw_results_free(&r);
	assert_int_equal(total_of("werken als kok in de keuken", NULL),
			 total_of("werken kok keuken", NULL));
	/* A word that is nowhere among words that are found is left out, and said. */
	run("kok xqzwvjk", NULL, &r);
	assert_int_equal(r.total, total_of("kok", NULL));
	assert_non_null(r.problem);
	lw_results_free(&r);
	/* Exclusion, phrase, filters; nothing is an error. */
	long kok = total_of("kok", NULL), not_kok = total_of("kok -zelfstandig", NULL);
	assert_true(not_kok > 0 && not_kok < kok);
	long phrase = total_of("\"zelfstandig werkend kok\"", NULL);
	long words = total_of("zelfstandig werkend kok", NULL);
	assert_true(phrase > 0 && phrase <= words);
	assert_true(total_of("\"kok zelfstandig werkend\"", NULL) < phrase);
	run("kok niveau:2", NULL, &r);
	assert_true(r.total > 0);
	for (size_t i = 0; i < r.n; i++)
		if (!strcmp(r.hits[i].kind, "kwalificatie"))
			assert_non_null(strstr(r.hits[i].detail, "niveau 2"));
	lw_results_free(&r);
	run("kok niveau:zeven", NULL, &r); /* not understood: said, and not used */
	assert_non_null(r.problem);
	assert_int_equal(r.total, kok);
	lw_results_free(&r);
	static const char *const odd[] = {"", "   ", "-", "\"", "*", "niveau:", ":", "-\"\"",
					  "kok OR", "a*b*c", "\"open", "regio:\"", "((("};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		run(odd[i], NULL, &r);
		lw_results_free(&r);
	}
}

/* Random queries from words, operators, filters and codes: never an error. */
static void test_engine_random(void **unused)
{
	(void)unused;
	static const char *const parts[] = {
		"kok",	   "zorg",     "verpleeg*", "-kok",	"\"zelfstandig werkend", "niveau:2",
		"regio:",  "3511",     "25180",	    "bbl",	"montuer",		 "m*",
		"-\"a b\"", "soort:evc", "de",	    "vacatures", "ë",			 "ab",
		"*",	   "domein:",  "\"",	    "aanbieder:roc", "xqz",		 "3511 AB",
	};
	unsigned x = 11;
	for (int i = 0; i < 2000; i++) {
		lw_buf q = LW_BUF_INIT;
		size_t n = (x = x * 1103515245u + 12345u) >> 16 & 7;
		for (size_t k = 0; k < n; k++) {
			x = x * 1103515245u + 12345u;
			lw_buf_printf(&q, "%s%s", k ? " " : "",
				      parts[(x >> 16) % (sizeof parts / sizeof parts[0])]);
		}
		x = x * 1103515245u + 12345u;
		lw_search_opts o = {.facets = (int)(x >> 16 & 1),
				    .near = (x >> 17 & 3) == 0 ? "Utrecht" : NULL,
				    .sort = (int)((x >> 19) % 3),
				    .offset = (x >> 21 & 1) ? 5 : 0,
				    .limit = 1 + (x >> 22 & 15)};
		lw_results r;
		run(lw_buf_cstr(&q), &o, &r);
		assert_true(r.n <= o.limit && (long)r.n <= r.total);
		for (size_t k = 0; k < r.n; k++)
			assert_true(r.hits[k].title && r.hits[k].ref);
		lw_results_free(&r);
		lw_suggestions sg;
		assert_int_equal(lw_searcher_suggest(g_sr, lw_buf_cstr(&q), 8, &sg), LW_OK);
		lw_suggestions_free(&sg);
		lw_buf_free(&q);
	}
}

/* Cases that once went wrong. */
static void test_engine_regressions(void **unused)
{
	(void)unused;
	/* Three prefix terms of many words each: none of them cut short. */
	long ver = total_of("ver*", NULL);
	assert_true(ver > 0);
	assert_int_equal(total_of("ver* ver* ver*", NULL), ver);
	assert_int_equal(total_of("ver* be* -ge*", NULL),
	                 total_of("ver* be*", NULL) - total_of("ver* be* ge*", NULL));
	/* An excluded phrase of one word excludes. */
	assert_int_equal(total_of("zorg -\"medewerker\"", NULL), total_of("zorg -medewerker", NULL));
	assert_true(total_of("zorg -\"medewerker\"", NULL) < total_of("zorg", NULL));
	/* A key of 338 bytes: the title is the title, the key is whole. */
	lw_results r;
	run("zebratemmer", NULL, &r);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].title, "zebratemmer");
	assert_int_equal(strlen(r.hits[0].ref), 38 + 300);
	lw_results_free(&r);
	/* A prefix of more words than a term takes is said, not silently cut. */
	run("a*", NULL, &r);
	assert_non_null(r.problem);
	assert_non_null(strstr(r.problem, "typ meer letters"));
	lw_results_free(&r);
}

static void test_engine_facets(void **unused)
{
	(void)unused;
	lw_search_opts o = {.facets = 1};
	lw_results r;
	run("kok", &o, &r);
	assert_true(r.nfacets >= 3);
	long sum = 0;
	for (size_t i = 0; i < r.nfacets; i++)
		if (!strcmp(r.facets[i].field, "soort"))
			for (size_t k = 0; k < r.facets[i].n; k++)
				sum += r.facets[i].values[k].count;
	assert_int_equal(sum, r.total); /* every match has one kind */
	lw_results_free(&r);
	/* Any combination of filters: each narrows, and every hit meets them all. */
	long all = total_of("medewerker", NULL);
	long vac = total_of("medewerker soort:vacature", NULL);
	long vac_utr = total_of("medewerker soort:vacature regio:utrecht", NULL);
	assert_true(all > vac && vac > vac_utr && vac_utr > 0);
	o = (lw_search_opts){.limit = 50};
	run("medewerker soort:vacature regio:utrecht", &o, &r);
	for (size_t i = 0; i < r.n; i++)
		assert_string_equal(r.hits[i].kind, "vacature");
	lw_results_free(&r);
	assert_true(total_of("doelgroep:werkgever", "regeling") > 0);
	assert_true(total_of("leerweg:bbl", "opleiding") > 0);
	assert_true(total_of("domein:zorg", "kwalificatie") > 0);
	assert_int_equal(total_of("aanbieder:bestaatniet", NULL), 0);
}

static void test_engine_near(void **unused)
{
	(void)unused;
	lw_search_opts o = {.near = "Utrecht", .km = 15, .limit = 100, .kind = "vacature"};
	lw_results r;
	run("medewerker", &o, &r);
	assert_non_null(r.near_name);
	assert_true(r.total > 0 && r.total < total_of("medewerker", "vacature"));
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.hits[i].km >= 0 && r.hits[i].km <= 15);
	lw_results_free(&r);
	o.sort = LW_SORT_DISTANCE;
	run("medewerker", &o, &r);
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.hits[i - 1].km <= r.hits[i].km);
	lw_results_free(&r);
	o = (lw_search_opts){.near = "Den Bosch", .kind = "vacature"};
	run("medewerker", &o, &r); /* a name people use, as geo knows it */
	assert_null(r.problem);
	assert_string_equal(r.near_name, "'s-Hertogenbosch");
	assert_true(r.total > 0);
	lw_results_free(&r);
	o = (lw_search_opts){.near = "Nergenshuizen"};
	run("kok", &o, &r);
	assert_non_null(r.problem); /* said, and searched without the place */
	assert_int_equal(r.total, total_of("kok", NULL));
	lw_results_free(&r);
}

static void test_engine_ranking(void **unused)
{
	(void)unused;
	lw_search_opts o = {.kind = "evc", .limit = 1000};
	lw_results r;
	/* An expired accreditation is shown as such and ranks below every valid one. */
	run("evc", &o, &r);
	int seen_expired = 0;
	for (size_t i = 0; i < r.n; i++) {
		if (!r.hits[i].valid)
			seen_expired = 1;
		else
			assert_false(seen_expired);
		assert_int_equal(strstr(r.hits[i].detail, "verlopen") != NULL, !r.hits[i].valid);
	}
	assert_true(seen_expired);
	lw_results_free(&r);
	/* Titles weigh more than keywords: the qualification Kok before a kitchen's staff. */
	finds("kok", NULL, "kwalificatie", "Kok", 1);
	/* The ranking stops early when nothing later can enter the top. */
	o = (lw_search_opts){.kind = "leerbedrijf"};
	run("bbl", &o, &r);
	assert_true(r.total > 100);
	assert_true(r.ranked < r.total);
	lw_results_free(&r);
	/* Pages and the same order every time. */
	o = (lw_search_opts){.limit = 20};
	lw_results a, b;
	run("medewerker", &o, &a);
	o = (lw_search_opts){.limit = 10, .offset = 10};
	run("medewerker", &o, &b);
	for (size_t i = 0; i < b.n; i++)
		assert_string_equal(a.hits[10 + i].ref, b.hits[i].ref);
	lw_results_free(&a);
	lw_results_free(&b);
}

static void test_engine_suggest(void **unused)
{
	(void)unused;
	lw_suggestions s;
	assert_int_equal(lw_searcher_suggest(g_sr, "verpleegk", 8, &s), LW_OK);
	assert_true(s.n > 0 && s.n <= 8);
	int found = 0;
	for (size_t i = 0; i < s.n; i++)
		found |= strcmp(s.items[i], "verpleegkundige") == 0;
	assert_true(found);
	lw_suggestions_free(&s);
	assert_int_equal(lw_searcher_suggest(g_sr, "zelfstandig werkend k", 8, &s), LW_OK);
	assert_true(s.n > 0);
	assert_memory_equal(s.items[0], "zelfstandig werkend k", 21);
	lw_suggestions_free(&s);
	assert_int_equal(lw_searcher_suggest(g_sr, "", 8, &s), LW_OK);
	assert_int_equal(s.n, 0);
	lw_suggestions_free(&s);
	assert_int_equal(lw_searcher_suggest(g_sr, "qqqqqq", 8, &s), LW_OK);
	assert_int_equal(s.n, 0);
	lw_suggestions_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lower),
		cmocka_unit_test(test_snowball_vocabulary),
		cmocka_unit_test(test_analyze),
		cmocka_unit_test(test_fts5_tokenizer),
		cmocka_unit_test(test_query_parse),
		cmocka_unit_test(test_query_never_fails),
	};
	const struct CMUnitTest engine[] = {
		cmocka_unit_test(test_engine_items),	cmocka_unit_test(test_engine_dutch),
		cmocka_unit_test(test_engine_compounds), cmocka_unit_test(test_engine_abbreviations),
		cmocka_unit_test(test_engine_typos),	cmocka_unit_test(test_engine_syntax),
		cmocka_unit_test(test_engine_facets),	cmocka_unit_test(test_engine_near),
		cmocka_unit_test(test_engine_ranking),	cmocka_unit_test(test_engine_suggest),
		cmocka_unit_test(test_engine_random),	  cmocka_unit_test(test_engine_regressions),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + cmocka_run_group_tests(engine, engine_setup, engine_teardown);
}

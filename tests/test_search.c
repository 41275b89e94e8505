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

static int first_is(lw_store *s, const char *q, const char *kind, const char *want_kind,
		    const char *want_title)
{
	lw_results r;
	lw_err err;
	assert_int_equal(lw_search_run(s, q, kind, 5, &r, &err), LW_OK);
	int found = 0;
	for (size_t i = 0; i < r.n && !found; i++)
		found = strcmp(r.hits[i].kind, want_kind) == 0 &&
			strcmp(r.hits[i].title, want_title) == 0;
	if (!found)
		fail_msg("'%s': no %s '%s' among the first %zu of %ld", q, want_kind, want_title,
			 r.n, r.total);
	lw_results_free(&r);
	return found;
}

static void test_index(void **unused)
{
	(void)unused;
	lw_store *s = tu_reference_store("search-index", NULL);
	lw_err err;
	lw_demo_result d;
	assert_int_equal(lw_demo_generate(s, 0.02, 5, &d, &err), LW_OK);
	assert_false(lw_search_ready(s));
	long items = 0;
	assert_int_equal(lw_search_build(s, &items, &err), LW_OK);
	assert_true(lw_search_ready(s));
	/* Every register: 470 + 3007 reference items, the example rows, 35 desks. */
	long want = 470 + 3007 + d.offerings + d.evc + d.companies + d.vacancies + d.schemes + 35;
	assert_int_equal(items, want);

	first_is(s, "verpleegkundigen", "kwalificatie", "kwalificatie", "Mbo-Verpleegkundige");
	first_is(s, "toneelmeester", NULL, "beroep", "inspiciënt"); /* an ESCO synonym */
	first_is(s, "INSPICIENT", "beroep", "beroep", "inspiciënt");
	first_is(s, "25180", "kwalificatie", "kwalificatie", "Kok"); /* a crebo code */
	first_is(s, "fiscale evc", "regeling", "regeling", "Fiscale faciliteit EVC");
	first_is(s, "leerwerkloket haaglanden", NULL, "loket", "Leerwerkloket Haaglanden");

	/* Only the kind asked for; every example row is marked. */
	lw_results r;
	assert_int_equal(lw_search_run(s, "kok", "vacature", 50, &r, &err), LW_OK);
	assert_true(r.n > 0 && (long)r.n <= r.total);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_equal(r.hits[i].kind, "vacature");
		assert_int_equal(r.hits[i].example, 1);
	}
	lw_results_free(&r);
	/* Nothing to look for is no error. */
	assert_int_equal(lw_search_run(s, "- \" *", NULL, 10, &r, &err), LW_OK);
	assert_int_equal(r.total, 0);
	lw_results_free(&r);
	/* An expired accreditation says so. */
	assert_int_equal(lw_search_run(s, "evc", "evc", 1000, &r, &err), LW_OK);
	int expired = 0;
	for (size_t i = 0; i < r.n; i++)
		expired += strstr(r.hits[i].detail, "accreditatie verlopen") != NULL;
	assert_true(expired > 0);
	lw_results_free(&r);

	assert_int_equal(lw_search_invalidate(s, &err), LW_OK);
	assert_false(lw_search_ready(s));
	lw_store_close(s);
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
		cmocka_unit_test(test_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

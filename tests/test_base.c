/* test_base.c - buffer, UTF-8, folding, CSV reader, string map, arena, allocator. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_buf(void **unused)
{
	(void)unused;
	lw_buf b = LW_BUF_INIT;
	assert_string_equal(lw_buf_cstr(&b), "");
	assert_int_equal(lw_buf_reserve(&b, 10), LW_OK);
	assert_string_equal(lw_buf_cstr(&b), ""); /* reserved storage is terminated */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(lw_buf_printf(&b, "%d,", i), LW_OK);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	assert_int_equal(b.len, strlen(b.data));
	lw_buf_truncate(&b, 4);
	assert_string_equal(lw_buf_cstr(&b), "0,1,");
	lw_buf_truncate(&b, 100); /* longer: nothing happens */
	assert_int_equal(b.len, 4);
	lw_buf_reset(&b);
	assert_string_equal(lw_buf_cstr(&b), "");
	lw_buf_free(&b);
}

static void test_utf8(void **unused)
{
	(void)unused;
	size_t bad = 0;
	assert_true(lw_utf8_valid("inspiciënt", strlen("inspiciënt"), NULL));
	assert_true(lw_utf8_valid("\xF0\x9F\x98\x80", 4, NULL));
	assert_false(lw_utf8_valid("ab\xE9z", 4, &bad)); /* Latin-1 é */
	assert_int_equal(bad, 2);
	assert_false(lw_utf8_valid("\xC0\xAF", 2, NULL));     /* overlong */
	assert_false(lw_utf8_valid("\xED\xA0\x80", 3, NULL)); /* surrogate */
	assert_false(lw_utf8_valid("a\0b", 3, NULL));         /* NUL */
	assert_false(lw_utf8_valid("\xE2\x82", 2, NULL));     /* truncated */
}

static void fold_is(const char *in, const char *want)
{
	lw_buf b = LW_BUF_INIT;
	assert_int_equal(lw_fold_key(in, strlen(in), &b), LW_OK);
	assert_string_equal(lw_buf_cstr(&b), want);
	lw_buf_free(&b);
}

static void test_fold(void **unused)
{
	(void)unused;
	fold_is("Súdwest-Fryslân", "sudwest fryslan");
	fold_is("'s-Hertogenbosch", "s hertogenbosch");
	fold_is("  Bergen (NH.) ", "bergen nh");
	fold_is("INSPICIËNT", "inspicient");
	fold_is("Ĳsselstein", "ijsselstein");
	fold_is("Straße", "strasse");
	fold_is("Œuvre Æther", "oeuvre aether");
	fold_is("Nuenen, Gerwen en Nederwetten", "nuenen gerwen en nederwetten");
	fold_is("", "");
}

static lw_csv *csv_of(const char *text, size_t n)
{
	char *dir = tu_tmpdir("base-csv");
	char *p = tu_path(dir, "in.csv");
	tu_write(p, text, n);
	lw_csv *c;
	lw_err err;
	assert_int_equal(lw_csv_open(&c, p, &err), LW_OK);
	free(dir);
	free(p);
	return c;
}

static void test_csv_basic(void **unused)
{
	(void)unused;
	const char text[] = "\xEF\xBB\xBF"
			    "a,b,c\r\n"
			    "1,\"two, with comma\",\"say \"\"hi\"\"\"\r\n"
			    "\r\n"
			    "x,\"multi\nline\",\n"
			    "last,,z";
	lw_csv *c = csv_of(text, sizeof text - 1);
	lw_err err;
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_nfields(c), 3);
	assert_string_equal(lw_csv_field(c, 0, NULL), "a"); /* BOM skipped */
	assert_int_equal(lw_csv_line(c), 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 1, NULL), "two, with comma");
	assert_string_equal(lw_csv_field(c, 2, NULL), "say \"hi\"");
	assert_int_equal(lw_csv_line(c), 2);
	assert_int_equal(lw_csv_next(c, &err), 1); /* blank line skipped */
	assert_int_equal(lw_csv_line(c), 4);
	assert_string_equal(lw_csv_field(c, 1, NULL), "multi\nline");
	assert_string_equal(lw_csv_field(c, 2, NULL), "");
	assert_int_equal(lw_csv_nfields(c), 3);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_line(c), 6); /* the quoted newline counted */
	assert_string_equal(lw_csv_field(c, 2, NULL), "z");
	assert_int_equal(lw_csv_next(c, &err), 0);
	assert_int_equal(lw_csv_next(c, &err), 0);
	lw_csv_close(c);
}

/* ASCII records: a byte of 0x80 or more anywhere, in a short or long field, is seen. */
static void test_csv_ascii(void **unused)
{
	(void)unused;
	const char text[] = "plain,ascii,row\n"
			    "caf\xC3\xA9,b\n"
			    "a,0123456789abcdef\xE2\x82\xAC\n"
			    "0123456789abcdefghij,\xFF\n"
			    "x\n";
	lw_csv *c = csv_of(text, sizeof text - 1);
	lw_err err;
	const int want[] = {1, 0, 0, 0, 1};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(lw_csv_next(c, &err), 1);
		assert_int_equal(lw_csv_ascii(c), want[i]);
	}
	lw_csv_close(c);
}

/*
 * Records read at once (plain, whole in the reader's buffer) and byte by
 * byte (quoted, CR inside, or across the end of the buffer) give the same
 * fields, lines and offsets. Line i holds i % 5 + 1 fields "i.j"; some are
 * empty, some quoted, some lines end in CRLF, some are blank, and at 64 KiB
 * a chunk of the file ends inside a record.
 */
static void test_csv_plain_and_bytewise(void **unused)
{
	(void)unused;
	lw_buf f = LW_BUF_INIT, want = LW_BUF_INIT;
	const int lines = 9000;
	for (int i = 1; i <= lines; i++) {
		if (i % 13 == 0) { /* a blank line: no record */
			lw_buf_puts(&f, i % 2 ? "\n" : "\r\n");
			continue;
		}
		for (int j = 0; j <= i % 5; j++) {
			if (j)
				lw_buf_putc(&f, ',');
			if ((i + j) % 9 == 0 && i % 5)
				continue; /* an empty field (alone, it would be a blank line) */
			if ((i + j) % 11 == 0)
				lw_buf_printf(&f, "\"%d.%d\"", i, j);
			else
				lw_buf_printf(&f, "%d.%d", i, j);
		}
		lw_buf_puts(&f, i % 7 == 0 ? "\r\n" : "\n");
	}
	lw_csv *c = csv_of(f.data, f.len);
	lw_err err;
	for (int i = 1; i <= lines; i++) {
		if (i % 13 == 0)
			continue;
		assert_int_equal(lw_csv_next(c, &err), 1);
		assert_int_equal(lw_csv_line(c), i);
		assert_int_equal(lw_csv_nfields(c), (size_t)(i % 5 + 1));
		for (int j = 0; j <= i % 5; j++) {
			lw_buf_reset(&want);
			if ((i + j) % 9 != 0 || !(i % 5))
				lw_buf_printf(&want, "%d.%d", i, j);
			size_t len;
			assert_string_equal(lw_csv_field(c, (size_t)j, &len), lw_buf_cstr(&want));
			assert_int_equal(len, want.len);
		}
	}
	assert_int_equal(lw_csv_next(c, &err), 0);
	assert_int_equal(lw_csv_offset(c), f.len);
	lw_csv_close(c);

	/* More fields than the reader's table held (32), then plain records
	 * again; and a file of CR line ends only (no LF anywhere). */
	lw_buf_reset(&f);
	for (int j = 0; j < 40; j++)
		lw_buf_printf(&f, "%s%d", j ? "," : "", j);
	lw_buf_puts(&f, "\na,b\nc,d\n");
	c = csv_of(f.data, f.len);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_nfields(c), 40);
	assert_string_equal(lw_csv_field(c, 39, NULL), "39");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lw_csv_next(c, &err), 1);
		assert_int_equal(lw_csv_nfields(c), 2);
		assert_string_equal(lw_csv_field(c, 1, NULL), i ? "d" : "b");
		assert_int_equal(lw_csv_line(c), i + 2);
	}
	assert_int_equal(lw_csv_next(c, &err), 0);
	lw_csv_close(c);
	const char cr[] = "a,b\rc,d\re,f";
	c = csv_of(cr, sizeof cr - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 1, NULL), "b");
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "c");
	assert_int_equal(lw_csv_line(c), 2);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 1, NULL), "f");
	assert_int_equal(lw_csv_next(c, &err), 0);
	lw_csv_close(c);

	/* The limit is the same both ways: fields and their NULs, here 6 bytes. */
	const char lim[] = "ab,cd\nab,cde\n";
	c = csv_of(lim, sizeof lim - 1);
	lw_csv_set_max_record(c, 6);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 1, NULL), "cd");
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, ":2: regel is langer dan 6 bytes"));
	lw_csv_close(c);
	lw_buf_free(&f);
	lw_buf_free(&want);
}

static void test_csv_errors(void **unused)
{
	(void)unused;
	lw_err err;
	/* Text after a closing quote: this record is bad, the next one is read. */
	const char t1[] = "a,b\n\"x\"y,1\nok,2\n";
	lw_csv *c = csv_of(t1, sizeof t1 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, ":2: tekst na een sluitend aanhalingsteken"));
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "ok");
	lw_csv_close(c);

	/* Skipping a bad record respects quotes: the quoted line break below is
	 * not the start of a record, so nothing from inside it is read. */
	const char t5[] = "a,b\n\"AM01\"x,\"Groningen\nAM02,Friesland\"\nAM03,ok\n";
	c = csv_of(t5, sizeof t5 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "AM03");
	assert_int_equal(lw_csv_line(c), 4);
	lw_csv_close(c);

	/* A quote inside an unquoted field is an error, not a character. */
	const char t6[] = "a,b\n12\" scherm,x\nok,2\n";
	c = csv_of(t6, sizeof t6 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, ":2: aanhalingsteken midden in een veld"));
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "ok");
	lw_csv_close(c);

	/* Stray quotes on a bad line do not swallow the lines after it. */
	const char t7[] = "a,b\n5\" en 6\",x\n \"y\",z\nok,2\nok2,3\n";
	c = csv_of(t7, sizeof t7 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT); /* a space before the quote */
	assert_int_equal(lw_csv_line(c), 3);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "ok");
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "ok2");
	assert_int_equal(lw_csv_line(c), 5);
	lw_csv_close(c);

	/* An unterminated quote runs to the end of the file. */
	const char t2[] = "a,b\n1,\"open\n2,3\n";
	c = csv_of(t2, sizeof t2 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, ":2: aanhalingsteken wordt niet gesloten"));
	assert_int_equal(lw_csv_next(c, &err), 0);
	lw_csv_close(c);

	/* NUL bytes. */
	const char t3[] = "a,b\n1,\0\0\n2,3\n";
	c = csv_of(t3, sizeof t3 - 1);
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "NUL-byte"));
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "2");
	lw_csv_close(c);

	/* A record over the limit is rejected, not buffered, and skipped. */
	size_t big = 3u << 20;
	char *t4 = malloc(big + 32);
	strcpy(t4, "a,b\n");
	memset(t4 + 4, 'x', big);
	strcpy(t4 + 4 + big, ",1\nnext,2\n");
	c = csv_of(t4, strlen(t4));
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, ":2: regel is langer dan"));
	assert_int_equal(lw_csv_next(c, &err), 1);
	assert_string_equal(lw_csv_field(c, 0, NULL), "next");
	assert_int_equal(lw_csv_line(c), 3);
	lw_csv_close(c);
	free(t4);

	/* The limit holds for fields of separators, doubled quotes and quoted
	 * line breaks too: none of them may grow the record past it. */
	const char *fill[] = {"a,", "\"\"", "\n", ",,", "\"\",\"\","};
	for (int k = 0; k < 5; k++) {
		size_t reps = (3u << 20) / strlen(fill[k]);
		char *t = malloc(reps * strlen(fill[k]) + 64);
		strcpy(t, "a,b\n\"");
		size_t at = strlen(t);
		if (k == 0 || k >= 3)
			at--; /* unquoted: a,a,a,... or ,,,, or "","",... */
		for (size_t i = 0; i < reps; i++, at += strlen(fill[k]))
			memcpy(t + at, fill[k], strlen(fill[k]));
		strcpy(t + at, k == 0 || k >= 3 ? "\nnext,2\n" : "\",1\nnext,2\n");
		c = csv_of(t, strlen(t));
		lw_csv_set_max_record(c, 1u << 20);
		assert_int_equal(lw_csv_next(c, &err), 1);
		assert_int_equal(lw_csv_next(c, &err), LW_EINPUT);
		assert_non_null(strstr(err.msg, ":2: regel is langer dan"));
		assert_true(lw_csv_nfields(c) <= (1u << 20)); /* bounded by the limit */
		assert_true(lw_csv_line(c) == 2);
		assert_int_equal(lw_csv_next(c, &err), 1);
		assert_string_equal(lw_csv_field(c, 0, NULL), "next");
		lw_csv_close(c);
		free(t);
	}

	/* A missing file. */
	assert_int_equal(lw_csv_open(&c, "/nonexistent/x.csv", &err), LW_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/x.csv: kan het bestand niet openen"));
}

static void test_csv_write_field(void **unused)
{
	(void)unused;
	lw_buf b = LW_BUF_INIT;
	lw_csv_write_field(&b, "plain");
	lw_buf_putc(&b, ',');
	lw_csv_write_field(&b, "with \"quote\", comma");
	assert_string_equal(b.data, "plain,\"with \"\"quote\"\", comma\"");
	lw_buf_free(&b);
}

static void test_strmap(void **unused)
{
	(void)unused;
	lw_strmap *m;
	assert_int_equal(lw_strmap_new(&m), LW_OK);
	char key[32];
	for (int i = 0; i < 200000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(lw_strmap_put(m, key, i, NULL), 1);
	}
	int64_t old = -1, v = -1;
	assert_int_equal(lw_strmap_put(m, "k77", 5, &old), 0);
	assert_int_equal(old, 77);
	assert_int_equal(lw_strmap_get(m, "k199999", &v), 1);
	assert_int_equal(v, 199999);
	assert_int_equal(lw_strmap_get(m, "nope", &v), 0);
	assert_int_equal(lw_strmap_count(m), 200000);
	lw_strmap_free(m);
}

static void test_keyset(void **unused)
{
	(void)unused;
	lw_keyset *ks;
	int64_t first = 0;
	assert_int_equal(lw_keyset_new(&ks), LW_OK);
	/* Ascending keys: appended, merged in order. */
	assert_int_equal(lw_keyset_add(ks, "1011", 2, NULL), 1);
	assert_int_equal(lw_keyset_add(ks, "1012", 3, NULL), 1);
	assert_int_equal(lw_keyset_add(ks, "1013", 4, NULL), 1);
	assert_int_equal(lw_keyset_add(ks, "1013", 5, &first), 0);
	assert_int_equal(first, 4);
	assert_true(lw_keyset_sorted(ks));
	assert_string_equal(lw_keyset_at(ks, 1), "1012");
	assert_true(lw_keyset_has(ks, "1011"));
	assert_false(lw_keyset_has(ks, "1010"));
	/* A key out of order switches to a map; lines survive the switch. */
	assert_int_equal(lw_keyset_add(ks, "1000", 6, NULL), 1);
	assert_false(lw_keyset_sorted(ks));
	assert_null(lw_keyset_at(ks, 0));
	assert_int_equal(lw_keyset_add(ks, "1012", 7, &first), 0);
	assert_int_equal(first, 3);
	assert_true(lw_keyset_has(ks, "1000"));
	assert_true(lw_keyset_has(ks, "1013"));
	assert_int_equal(lw_keyset_count(ks), 4);
	lw_keyset_free(ks);

	/* A million ascending keys stay in sorted mode. */
	assert_int_equal(lw_keyset_new(&ks), LW_OK);
	char key[16];
	for (int i = 0; i < 1000000; i++) {
		snprintf(key, sizeof key, "%07d", i);
		assert_int_equal(lw_keyset_add(ks, key, i, NULL), 1);
	}
	assert_true(lw_keyset_sorted(ks));
	assert_true(lw_keyset_has(ks, "0999999"));
	lw_keyset_free(ks);
}

static void test_arena(void **unused)
{
	(void)unused;
	lw_arena a = LW_ARENA_INIT;
	long before = lw_mem_live();
	for (int i = 0; i < 10000; i++) {
		char *s = lw_arena_strdup(&a, "een tekst");
		assert_string_equal(s, "een tekst");
	}
	void *big = lw_arena_alloc(&a, 100000);
	assert_non_null(big);
	assert_null(lw_arena_strdup(&a, NULL));
	lw_arena_free(&a);
	assert_int_equal(lw_mem_live(), before);
}

static void test_alloc_failure(void **unused)
{
	(void)unused;
	/* Every allocation in a growing buffer may fail: the buffer stays usable. */
	for (long n = 0; n < 8; n++) {
		lw_buf b = LW_BUF_INIT;
		lw_mem_fail_after(n);
		int rc = LW_OK;
		for (int i = 0; i < 200 && rc == LW_OK; i++)
			rc = lw_buf_puts(&b, "0123456789");
		lw_mem_fail_after(-1);
		assert_true(rc == LW_OK || rc == LW_ENOMEM);
		if (rc == LW_ENOMEM)
			assert_int_equal(b.len, strlen(lw_buf_cstr(&b)));
		lw_buf_free(&b);
	}
	lw_strmap *m = NULL;
	lw_mem_fail_after(0);
	assert_int_equal(lw_strmap_new(&m), LW_ENOMEM);
	lw_mem_fail_after(-1);
}

static void test_errors(void **unused)
{
	(void)unused;
	lw_err err;
	assert_int_equal(lw_err_set(&err, LW_EINPUT, "regel %d", 7), LW_EINPUT);
	assert_string_equal(err.msg, "regel 7");
	assert_string_equal(lw_strerror(LW_EVERSION), "schema too new");
	assert_int_equal(lw_err_set(NULL, LW_EIO, "x"), LW_EIO);
}

static void test_date_days(void **unused)
{
	(void)unused;
	assert_int_equal(lw_date_days("1970-01-01"), 0);
	assert_int_equal(lw_date_days("2000-03-01"), 11017);
	assert_int_equal(lw_date_days("2026-11-27T10:00"), 20784);
	assert_int_equal(lw_date_days("2024-02-29") - lw_date_days("2024-02-28"), 1);
	assert_int_equal(lw_date_days("1969-12-31"), -1);
	assert_int_equal(lw_date_days("2026-1-27"), INT32_MIN);
	assert_int_equal(lw_date_days(""), INT32_MIN);
	assert_int_equal(lw_date_days("abcd-ef-gh"), INT32_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_days),
		cmocka_unit_test(test_buf),	      cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_fold),	      cmocka_unit_test(test_csv_basic), cmocka_unit_test(test_csv_ascii),
		cmocka_unit_test(test_csv_plain_and_bytewise), cmocka_unit_test(test_csv_errors),     cmocka_unit_test(test_csv_write_field),
		cmocka_unit_test(test_strmap),	      cmocka_unit_test(test_keyset),	      cmocka_unit_test(test_arena),
		cmocka_unit_test(test_alloc_failure), cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

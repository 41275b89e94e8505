/*
 * test_html.c - the escaping HTML writer (src/web/html.h): every
 * conversion, escaping in text and attributes, highlighting, and the
 * sticky failure of a conversion the writer does not have.
 */
#include "testutil.h"

#include "html.h"

#include <string.h>

#define EXPECT(h, want)                                                                            \
	do {                                                                                       \
		assert_false(lw_html_failed(&(h)));                                                \
		assert_string_equal((h).b.data ? (h).b.data : "", want);                           \
		lw_html_free(&(h));                                                                \
	} while (0)

static void test_escapes_text_and_attributes(void **unused)
{
	(void)unused;
	lw_html h = LW_HTML_INIT;
	lw_html_f(&h, "<p title=\"%s\">%s</p>", "a\"b'c", "<script>alert('x')</script> & co");
	EXPECT(h, "<p title=\"a&quot;b&#39;c\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
	          "&amp; co</p>");
	lw_html_f(&h, "[%s]", (const char *)NULL);
	EXPECT(h, "[]");
	lw_html_lit(&h, "<br>");
	EXPECT(h, "<br>");
}

static void test_numbers_dates_urls(void **unused)
{
	(void)unused;
	lw_html h = LW_HTML_INIT;
	lw_html_f(&h, "%d %ld %zu %n %n %n %k %k %%", -3, 1234567L, (size_t)42, 1234567L, 999L,
	          -12345L, 3.45, 0.0);
	EXPECT(h, "-3 1234567 42 1.234.567 999 -12.345 3,5 0,0 %");
	lw_html_f(&h, "/zoeken?q=%U&amp;b=%U", "kok niveau:2 \"x\"&é", "a/b?c#d");
	EXPECT(h, "/zoeken?q=kok+niveau%3A2+%22x%22%26%C3%A9&amp;b=a%2Fb%3Fc%23d");
	lw_html_f(&h, "%D|%D|%D", "2027-03-12", "2026-13-01", "<b>");
	EXPECT(h, "12 maart 2027|2026-13-01|&lt;b&gt;");
}

static void test_marked(void **unused)
{
	(void)unused;
	lw_html h = LW_HTML_INIT;
	const char *t = "Kok <&> kokkin";
	size_t ranges[] = {0, 3, 8, 14};
	lw_html_marked(&h, t, ranges, 4);
	EXPECT(h, "<mark class=\"lw-mark\">Kok</mark> &lt;&amp;&gt; <mark "
	          "class=\"lw-mark\">kokkin</mark>");
	/* Out-of-order or out-of-range pairs are skipped, never read past the text. */
	size_t bad[] = {5, 3, 2, 99};
	lw_html_marked(&h, "abc", bad, 4);
	EXPECT(h, "abc");
}

static void test_unknown_conversion_fails(void **unused)
{
	(void)unused;
	lw_html h = LW_HTML_INIT;
	lw_html_f(&h, "%q", "x");
	assert_true(lw_html_failed(&h));
	lw_html_f(&h, "more"); /* ignored after a failure */
	assert_true(lw_html_failed(&h));
	lw_html_free(&h);
	assert_false(lw_html_failed(&h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escapes_text_and_attributes),
	    cmocka_unit_test(test_numbers_dates_urls),
	    cmocka_unit_test(test_marked),
	    cmocka_unit_test(test_unknown_conversion_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

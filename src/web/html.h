/*
 * html.h - the only way leerwerk writes HTML. Markup comes from string
 * literals in the code (lw_html_f refuses anything else at compile time);
 * every value is escaped by the conversion that inserts it. There is no
 * call that inserts a runtime string unescaped.
 *
 * Conversions of lw_html_f:
 *   %s  text or attribute value: & < > " ' escaped (NULL prints nothing)
 *   %U  a query-string component: percent-encoded (UTF-8 kept as bytes)
 *   %d  int        %ld  long (no grouping)      %zu  size_t
 *   %n  long with Dutch thousands dots ("12.345")
 *   %k  double with one decimal and a decimal comma ("3,5")
 *   %D  a date "2027-03-12" as "12 maart 2027" (escaped; anything else as text)
 *   %%  a percent sign
 * Errors (out of memory) are remembered: check lw_html_failed at the end.
 */
#ifndef LW_HTML_H
#define LW_HTML_H

#include "lw_base.h"

typedef struct lw_html {
	lw_buf b;
	int failed;
} lw_html;

#define LW_HTML_INIT                                                                               \
	{                                                                                          \
		LW_BUF_INIT, 0                                                                     \
	}

/* The "" "" pasting makes anything but a string literal a compile error. */
#define lw_html_f(h, fmt, ...) lw_html_format_((h), "" fmt "", ##__VA_ARGS__)
#define lw_html_lit(h, s) lw_html_literal_((h), "" s "", sizeof(s) - 1)

void lw_html_format_(lw_html *h, const char *fmt, ...);
void lw_html_literal_(lw_html *h, const char *s, size_t n);

/*
 * Text with the bytes [mark[i], mark[i+1]) for each even i wrapped in
 * <mark>: for highlighted matches. Ranges must be sorted and disjoint.
 */
void lw_html_marked(lw_html *h, const char *text, const size_t *ranges, size_t nranges);

/* Escapes s into b as lw_html_f's %s does (for callers that build attributes). */
int lw_html_escape(lw_buf *b, const char *s, size_t n);

int lw_html_failed(const lw_html *h);
void lw_html_free(lw_html *h);

#endif

/*
 * html.c - the escaping HTML writer (html.h).
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int lw_html_escape(lw_buf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		if (lw_buf_append(b, s + from, i - from) != LW_OK || lw_buf_puts(b, rep) != LW_OK)
			return LW_ENOMEM;
		from = i + 1;
	}
	return lw_buf_append(b, s + from, n - from);
}

static int put_url(lw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			rc = lw_buf_putc(b, (char)*p);
		else if (*p == ' ')
			rc = lw_buf_putc(b, '+');
		else
			rc = lw_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

static int put_grouped(lw_buf *b, long v)
{
	char digits[32];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int n = snprintf(digits, sizeof digits, "%lu", u);
	if (v < 0 && lw_buf_putc(b, '-') != LW_OK)
		return LW_ENOMEM;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0 && lw_buf_putc(b, '.') != LW_OK)
			return LW_ENOMEM;
		if (lw_buf_putc(b, digits[i]) != LW_OK)
			return LW_ENOMEM;
	}
	return LW_OK;
}

static int put_decimal(lw_buf *b, double v)
{
	char s[64];
	snprintf(s, sizeof s, "%.1f", v);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = ',';
	return lw_buf_puts(b, s);
}

void lw_html_format_(lw_html *h, const char *fmt, ...)
{
	if (h->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	int rc = LW_OK;
	const char *p = fmt;
	while (rc == LW_OK && *p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			rc = lw_buf_puts(&h->b, p);
			break;
		}
		rc = lw_buf_append(&h->b, p, (size_t)(pct - p));
		if (rc != LW_OK)
			break;
		p = pct + 1;
		if (*p == 's') {
			const char *s = va_arg(ap, const char *);
			rc = s ? lw_html_escape(&h->b, s, strlen(s)) : LW_OK;
		} else if (*p == 'U') {
			const char *s = va_arg(ap, const char *);
			rc = s ? put_url(&h->b, s) : LW_OK;
		} else if (*p == 'd') {
			rc = lw_buf_printf(&h->b, "%d", va_arg(ap, int));
		} else if (p[0] == 'l' && p[1] == 'd') {
			rc = lw_buf_printf(&h->b, "%ld", va_arg(ap, long));
			p++;
		} else if (p[0] == 'z' && p[1] == 'u') {
			rc = lw_buf_printf(&h->b, "%zu", va_arg(ap, size_t));
			p++;
		} else if (*p == 'n') {
			rc = put_grouped(&h->b, va_arg(ap, long));
		} else if (*p == 'D') {
			const char *s = va_arg(ap, const char *);
			lw_buf d = LW_BUF_INIT;
			rc = s ? lw_date_nl(&d, s, strlen(s)) : LW_OK;
			if (rc == LW_OK && d.len)
				rc = lw_html_escape(&h->b, d.data, d.len);
			lw_buf_free(&d);
		} else if (*p == 'k') {
			rc = put_decimal(&h->b, va_arg(ap, double));
		} else if (*p == '%') {
			rc = lw_buf_putc(&h->b, '%');
		} else {
			rc = LW_EINPUT; /* a conversion this writer does not have: a bug */
			break;
		}
		p++;
	}
	va_end(ap);
	if (rc != LW_OK)
		h->failed = 1;
}

void lw_html_literal_(lw_html *h, const char *s, size_t n)
{
	if (!h->failed && lw_buf_append(&h->b, s, n) != LW_OK)
		h->failed = 1;
}

void lw_html_marked(lw_html *h, const char *text, const size_t *ranges, size_t nranges)
{
	if (h->failed || !text)
		return;
	size_t n = strlen(text), at = 0;
	int rc = LW_OK;
	for (size_t i = 0; rc == LW_OK && i + 1 < nranges; i += 2) {
		size_t a = ranges[i], z = ranges[i + 1];
		if (a < at || z > n || a >= z)
			continue;
		rc = lw_html_escape(&h->b, text + at, a - at);
		if (rc == LW_OK)
			rc = lw_buf_puts(&h->b, "<mark class=\"lw-mark\">");
		if (rc == LW_OK)
			rc = lw_html_escape(&h->b, text + a, z - a);
		if (rc == LW_OK)
			rc = lw_buf_puts(&h->b, "</mark>");
		at = z;
	}
	if (rc == LW_OK)
		rc = lw_html_escape(&h->b, text + at, n - at);
	if (rc != LW_OK)
		h->failed = 1;
}

int lw_html_failed(const lw_html *h)
{
	return h->failed;
}

void lw_html_free(lw_html *h)
{
	lw_buf_free(&h->b);
	h->failed = 0;
}

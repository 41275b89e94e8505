/* buf.c - a growable, always NUL-terminated byte buffer. */
#include "lw_base.h"

#include <stdio.h>
#include <string.h>

int lw_buf_reserve(lw_buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len)
		return LW_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return LW_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = lw_realloc(b->data, cap);
	if (!p)
		return LW_ENOMEM;
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return LW_OK;
}

int lw_buf_append(lw_buf *b, const void *p, size_t n)
{
	if (lw_buf_reserve(b, n) != LW_OK)
		return LW_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return LW_OK;
}

int lw_buf_puts(lw_buf *b, const char *s)
{
	return lw_buf_append(b, s, strlen(s));
}

int lw_buf_putc(lw_buf *b, char c)
{
	return lw_buf_append(b, &c, 1);
}

int lw_buf_vprintf(lw_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return LW_EUSAGE;
	if (lw_buf_reserve(b, (size_t)n) != LW_OK)
		return LW_ENOMEM;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return LW_OK;
}

int lw_buf_printf(lw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = lw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *lw_buf_cstr(const lw_buf *b)
{
	return b->data ? b->data : "";
}

void lw_buf_reset(lw_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lw_buf_truncate(lw_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

void lw_buf_free(lw_buf *b)
{
	lw_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

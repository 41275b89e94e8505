/*
 * query.c - the query syntax for people. Nothing a person types is an
 * error: what is not a phrase, an exclusion, a prefix or a known
 * field:value is a word. The FTS5 expression quotes every term.
 */
#include "lw_geo.h"
#include "lw_search.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const fields[] = {"niveau", "regio",	    "soort",	 "leerweg",
				     "domein", "aanbieder", "doelgroep", "sector",
				     NULL};

const char *const *lw_query_fields(void)
{
	return fields;
}

void lw_query_free(lw_query *q)
{
	lw_arena_free(&q->arena);
	memset(q, 0, sizeof *q);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Reads a quoted run starting after the opening quote; unterminated: to the end. */
static const char *quoted(const char *p, const char **start, size_t *len)
{
	*start = p;
	const char *end = strchr(p, '"');
	if (!end)
		end = p + strlen(p);
	*len = (size_t)(end - p);
	return *end ? end + 1 : end;
}

static int add_term(lw_query *q, size_t *cap, const char *s, size_t n, int kind, int exclude)
{
	/* Terms with nothing searchable in them ("-", "*", "...") are dropped. */
	int useful = 0;
	for (size_t i = 0; i < n && !useful; i++)
		useful = (unsigned char)s[i] >= 0x80 || isalnum((unsigned char)s[i]);
	if (!useful)
		return LW_OK;
	lw_query_term *t = lw_arena_grow(&q->arena, q->terms, &q->nterms, cap, sizeof *t);
	if (!t)
		return LW_ENOMEM;
	q->terms = t;
	char *text = lw_arena_alloc(&q->arena, n + 1);
	if (!text)
		return LW_ENOMEM;
	memcpy(text, s, n);
	t[q->nterms - 1].text = text;
	t[q->nterms - 1].kind = kind;
	t[q->nterms - 1].exclude = exclude;
	return LW_OK;
}

static int add_filter(lw_query *q, size_t *cap, const char *field, const char *v, size_t n)
{
	lw_query_filter *f = lw_arena_grow(&q->arena, q->filters, &q->nfilters, cap, sizeof *f);
	char *value = lw_arena_alloc(&q->arena, n + 1);
	if (!f || !value)
		return LW_ENOMEM;
	q->filters = f;
	memcpy(value, v, n);
	f[q->nfilters - 1].field = field;
	f[q->nfilters - 1].value = value;
	return LW_OK;
}

/* The known field named by s[0..n), or NULL. */
static const char *field_of(const char *s, size_t n)
{
	for (size_t i = 0; fields[i]; i++)
		if (strlen(fields[i]) == n && strncasecmp(fields[i], s, n) == 0)
			return fields[i];
	return NULL;
}

/* Remembers a crebo code or a postcode typed as a word (the first of each). */
static int note_code(lw_query *q, const char *s, size_t n, const char *next)
{
	char buf[8];
	if (n != 4 && n != 5 && n != 6)
		return LW_OK;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n == 5 && lw_is_digits(buf, 5)) {
		if (!q->crebo && !(q->crebo = lw_arena_strdup(&q->arena, buf)))
			return LW_ENOMEM;
		return LW_OK;
	}
	char pc[8];
	/* "3511 AB" arrives as two words: take a following letter pair along. */
	if (n == 4 && next && isalpha((unsigned char)next[0]) && isalpha((unsigned char)next[1]) &&
	    (next[2] == '\0' || is_space(next[2]))) {
		char six[8] = {buf[0], buf[1], buf[2], buf[3], next[0], next[1], '\0'};
		if (lw_geo_postcode_parse(six, pc))
			memcpy(buf, six, sizeof six);
	}
	if (!q->postcode && lw_geo_postcode_parse(buf, pc) &&
	    !(q->postcode = lw_arena_strdup(&q->arena, pc)))
		return LW_ENOMEM;
	return LW_OK;
}

int lw_query_parse(const char *text, lw_query *q)
{
	memset(q, 0, sizeof *q);
	size_t tcap = 0, fcap = 0;
	const char *p = text ? text : "";
	while (*p) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		int exclude = 0;
		if (*p == '-' && p[1] && !is_space(p[1])) {
			exclude = 1;
			p++;
		}
		const char *s;
		size_t n;
		int rc;
		if (*p == '"') {
			p = quoted(p + 1, &s, &n);
			rc = add_term(q, &tcap, s, n, LW_TERM_PHRASE, exclude);
		} else {
			s = p;
			while (*p && !is_space(*p) && *p != '"')
				p++;
			n = (size_t)(p - s);
			const char *colon = memchr(s, ':', n);
			const char *field = colon && !exclude ? field_of(s, (size_t)(colon - s)) : NULL;
			if (field && colon + 1 == p && *p == '"') {
				const char *v;
				size_t vn;
				p = quoted(p + 1, &v, &vn);
				rc = vn ? add_filter(q, &fcap, field, v, vn) : LW_OK;
			} else if (field && colon + 1 < p) {
				rc = add_filter(q, &fcap, field, colon + 1, (size_t)(p - colon - 1));
			} else if (n > 1 && s[n - 1] == '*') {
				rc = add_term(q, &tcap, s, n - 1, LW_TERM_PREFIX, exclude);
			} else {
				const char *next = p;
				while (is_space(*next))
					next++;
				rc = exclude ? LW_OK : note_code(q, s, n, *next ? next : NULL);
				if (rc == LW_OK)
					rc = add_term(q, &tcap, s, n, LW_TERM_WORD, exclude);
			}
		}
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* Appends s as an FTS5 string: "..." with inner quotes doubled. */
static int fts5_string(lw_buf *out, const char *s)
{
	if (lw_buf_putc(out, '"') != LW_OK)
		return LW_ENOMEM;
	for (; *s; s++)
		if ((*s == '"' && lw_buf_putc(out, '"') != LW_OK) || lw_buf_putc(out, *s) != LW_OK)
			return LW_ENOMEM;
	return lw_buf_putc(out, '"');
}

int lw_query_fts5(const lw_query *q, lw_buf *out)
{
	size_t start = out->len;
	int any = 0;
	if (lw_buf_putc(out, '(') != LW_OK)
		return LW_ENOMEM;
	for (size_t i = 0; i < q->nterms; i++) {
		const lw_query_term *t = &q->terms[i];
		if (t->exclude)
			continue;
		if ((any && lw_buf_putc(out, ' ') != LW_OK) || fts5_string(out, t->text) != LW_OK ||
		    (t->kind == LW_TERM_PREFIX && lw_buf_puts(out, " *") != LW_OK))
			return LW_ENOMEM;
		any = 1;
	}
	if (!any) {
		lw_buf_truncate(out, start); /* nothing to look for: the caller decides */
		return LW_OK;
	}
	if (lw_buf_putc(out, ')') != LW_OK)
		return LW_ENOMEM;
	for (size_t i = 0; i < q->nterms; i++) {
		const lw_query_term *t = &q->terms[i];
		if (!t->exclude)
			continue;
		if (lw_buf_puts(out, " NOT ") != LW_OK || fts5_string(out, t->text) != LW_OK ||
		    (t->kind == LW_TERM_PREFIX && lw_buf_puts(out, " *") != LW_OK))
			return LW_ENOMEM;
	}
	return LW_OK;
}

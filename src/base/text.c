/* text.c - UTF-8 validation and the folding of names into search keys. */
#include "lw_base.h"

#include <string.h>

int lw_utf8_valid(const char *str, size_t n, size_t *bad_at)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			goto bad; /* NUL, continuation byte, C0/C1, F5..FF */
		}
		if (i + len > n)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
	}
	return 1;
bad:
	if (bad_at)
		*bad_at = i;
	return 0;
}

/*
 * Base letters for U+00C0..U+017F; '*' marks the few that fold to two
 * letters or to a separator, handled in fold_special().
 */
static const char latin_base[] =
	/* U+00C0 */ "aaaaaa*ceeeeiiiidnooooo*ouuuuy**"
	/* U+00E0 */ "aaaaaa*ceeeeiiiidnooooo*ouuuuy*y"
	/* U+0100 */ "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkk"
	/* U+0139 */ "llllllllllnnnnnnnnnoooooo**rrrrrrsssssssstttttt"
	/* U+0168 */ "uuuuuuuuuuuuwwyyyzzzzzzs";

static const char *fold_special(unsigned cp)
{
	switch (cp) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	default: return NULL; /* x and division signs: a separator */
	}
}

int lw_fold_key(const char *str, size_t n, lw_buf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	/* The common case, one word of ASCII letters and digits: lower case. */
	size_t plain = 0;
	while (plain < n && (((s[plain] | 0x20) >= 'a' && (s[plain] | 0x20) <= 'z') ||
			     (s[plain] >= '0' && s[plain] <= '9')))
		plain++;
	if (plain == n) {
		if (lw_buf_reserve(out, n + 1) != LW_OK)
			return LW_ENOMEM;
		char *d = out->data + out->len;
		for (size_t j = 0; j < n; j++)
			d[j] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]);
		out->len += n;
		out->data[out->len] = '\0';
		return LW_OK;
	}
	int pending_space = 0;
	size_t start_len = out->len;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		const char *emit = NULL;
		char one[2] = {0, 0};
		size_t len = 1;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				one[0] = (char)(c - 'A' + 'a');
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				one[0] = (char)c;
			if (one[0])
				emit = one;
		} else {
			unsigned cp;
			if (c >= 0xF0) {
				len = 4;
				cp = c & 0x07;
			} else if (c >= 0xE0) {
				len = 3;
				cp = c & 0x0F;
			} else {
				len = 2;
				cp = c & 0x1F;
			}
			if (i + len > n)
				len = n - i;
			for (size_t k = 1; k < len; k++)
				cp = (cp << 6) | (s[i + k] & 0x3F);
			if (cp >= 0xC0 && cp <= 0x17F) {
				char b = latin_base[cp - 0xC0];
				if (b == '*') {
					emit = fold_special(cp);
				} else {
					one[0] = b;
					emit = one;
				}
			} else if (cp == 0x2019 || cp == 0x2018 || cp == 0xA0 || cp == 0x2013 ||
				   cp == 0x2014 || cp < 0xC0) {
				emit = NULL; /* punctuation and spaces separate words */
			} else {
				/* Other scripts: keep the character as it is. */
				if (pending_space && out->len > start_len &&
				    lw_buf_putc(out, ' ') != LW_OK)
					return LW_ENOMEM;
				pending_space = 0;
				if (lw_buf_append(out, s + i, len) != LW_OK)
					return LW_ENOMEM;
				i += len;
				continue;
			}
		}
		if (emit) {
			if (pending_space && out->len > start_len && lw_buf_putc(out, ' ') != LW_OK)
				return LW_ENOMEM;
			pending_space = 0;
			if (lw_buf_puts(out, emit) != LW_OK)
				return LW_ENOMEM;
		} else {
			pending_space = 1;
		}
		i += len;
	}
	if (!out->data && lw_buf_reserve(out, 0) != LW_OK)
		return LW_ENOMEM;
	return LW_OK;
}

/* Lower case of a code point in U+00C0..U+017F, or cp itself. */
static unsigned lower_latin(unsigned cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if (cp == 0x130)
		return 'i'; /* dotted capital I */
	if (cp == 0x178)
		return 0xFF; /* Y with diaeresis */
	/* Latin Extended-A: upper/lower pairs, even/odd except in two runs. */
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return (cp & 1) ? cp : cp + 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return (cp & 1) ? cp + 1 : cp;
	return cp;
}

int lw_lower(const char *str, size_t n, lw_buf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (lw_buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c)) != LW_OK)
				return LW_ENOMEM;
			i++;
			continue;
		}
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (i + len > n)
			len = n - i;
		if (len == 2) {
			unsigned cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			unsigned lo = lower_latin(cp);
			char enc[2] = {(char)(0xC0 | (lo >> 6)), (char)(0x80 | (lo & 0x3F))};
			if (lw_buf_append(out, enc, 2) != LW_OK)
				return LW_ENOMEM;
		} else if (lw_buf_append(out, s + i, len) != LW_OK) {
			return LW_ENOMEM;
		}
		i += len;
	}
	return lw_buf_reserve(out, 0);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t lw_trim_n(char *s, size_t n)
{
	if (!n || (!is_space(s[0]) && !is_space(s[n - 1])))
		return n; /* the common case: nothing to do */
	while (n && is_space(s[n - 1]))
		s[--n] = '\0';
	size_t k = 0;
	while (k < n && is_space(s[k]))
		k++;
	if (k)
		memmove(s, s + k, n - k + 1);
	return n - k;
}

char *lw_trim(char *s)
{
	lw_trim_n(s, strlen(s));
	return s;
}

int lw_is_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * analyze.c - Dutch text into words, surface forms and stems. The stemmer
 * is Snowball's Dutch (Porter) stemmer from Debian's libstemmer; see
 * docs/internals/search.md for why stemming works on the lower-case word
 * with its diacritics and folding comes after.
 */
#include "lw_search.h"

#include <libstemmer.h>
#include <string.h>

struct lw_analyzer {
	struct sb_stemmer *stemmer;
	lw_buf lower, surface, raw, stem;
};

int lw_analyzer_new(lw_analyzer **out)
{
	lw_analyzer *a = lw_calloc(1, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	/* Debian 12's libstemmer calls the Porter-style Dutch stemmer "dutch". */
	a->stemmer = sb_stemmer_new("dutch", "UTF_8");
	if (!a->stemmer) {
		lw_free(a);
		return LW_ENOMEM;
	}
	*out = a;
	return LW_OK;
}

void lw_analyzer_free(lw_analyzer *a)
{
	if (!a)
		return;
	sb_stemmer_delete(a->stemmer);
	lw_buf_free(&a->lower);
	lw_buf_free(&a->surface);
	lw_buf_free(&a->raw);
	lw_buf_free(&a->stem);
	lw_free(a);
}

int lw_analyzer_stem(lw_analyzer *a, const char *lower_word, size_t n, lw_buf *out)
{
	if (n > 1024)
		return lw_buf_append(out, lower_word, n); /* not a word: leave it */
	const sb_symbol *r = sb_stemmer_stem(a->stemmer, (const sb_symbol *)lower_word, (int)n);
	if (!r)
		return LW_ENOMEM;
	return lw_buf_append(out, r, (size_t)sb_stemmer_length(a->stemmer));
}

/* Length of the UTF-8 sequence at s (at most left) and its code point. */
static size_t decode(const unsigned char *s, size_t left, unsigned *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	if (len > left)
		len = left;
	unsigned v = len == 1 ? c : c & (0xFF >> (len + 1));
	for (size_t k = 1; k < len; k++)
		v = (v << 6) | (s[k] & 0x3F);
	*cp = v;
	return len;
}

/* Letters and digits of any script make words; punctuation separates. */
static int is_word_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return 0;
	if (cp >= 0x2000 && cp <= 0x206F)
		return 0; /* general punctuation: dashes, quotes, spaces */
	return 1;
}

int lw_words(const char *text, size_t n, int (*fn)(void *ud, size_t start, size_t end),
	     void *ud)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = decode(s + i, n - i, &cp);
		if (!is_word_char(cp)) {
			i += len;
			continue;
		}
		size_t start = i;
		while (i < n && (len = decode(s + i, n - i, &cp), is_word_char(cp)))
			i += len;
		int rc = fn(ud, start, i);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

typedef struct analyze_ctx {
	lw_analyzer *a;
	const char *text;
	lw_token_fn fn;
	void *ud;
} analyze_ctx;

static int analyze_word(void *ud, size_t start, size_t end)
{
	analyze_ctx *c = ud;
	lw_analyzer *a = c->a;
	lw_buf_reset(&a->lower);
	lw_buf_reset(&a->surface);
	lw_buf_reset(&a->raw);
	lw_buf_reset(&a->stem);
	if (lw_lower(c->text + start, end - start, &a->lower) != LW_OK ||
	    lw_fold_key(c->text + start, end - start, &a->surface) != LW_OK ||
	    lw_analyzer_stem(a, a->lower.data, a->lower.len, &a->raw) != LW_OK ||
	    lw_fold_key(lw_buf_cstr(&a->raw), a->raw.len, &a->stem) != LW_OK)
		return LW_ENOMEM;
	if (!a->surface.len)
		return LW_OK;
	return c->fn(c->ud, a->surface.data, a->surface.len, lw_buf_cstr(&a->stem), a->stem.len,
		     start, end);
}

int lw_analyze(lw_analyzer *a, const char *text, size_t n, lw_token_fn fn, void *ud)
{
	analyze_ctx c = {a, text, fn, ud};
	return lw_words(text, n, analyze_word, &c);
}

/*
 * lw_search.h - Dutch search. For now its foundation: the analysis of
 * Dutch text into the tokens that are indexed and searched, and the SQLite
 * FTS5 tokenizer built on it.
 *
 * A word is a run of letters and digits (hyphens, apostrophes, spaces and
 * other punctuation separate words). Each word gives two forms:
 * - the surface form: folded (lower case, no diacritics): "inspicient";
 * - the stem: Snowball's Dutch (Porter) stemmer applied to the word in lower
 *   case with its diacritics, then folded: "verpleegkundigen" and
 *   "verpleegkundige" share "verpleegkund".
 */
#ifndef LW_SEARCH_H
#define LW_SEARCH_H

#include "lw_base.h"
#include "lw_store.h"

typedef struct lw_analyzer lw_analyzer;

/*
 * Makes an analyzer: it holds a stemmer and scratch buffers, so use one per
 * thread. Caller frees with lw_analyzer_free.
 */
int lw_analyzer_new(lw_analyzer **out);
void lw_analyzer_free(lw_analyzer *a);

/*
 * Snowball's Dutch stem of one word given in lower case (diacritics kept),
 * exactly as the stemmer returns it, appended to out.
 */
int lw_analyzer_stem(lw_analyzer *a, const char *lower_word, size_t n, lw_buf *out);

/*
 * Called for each word: its surface form and its stem (both folded; equal
 * when stemming changes nothing), and its byte range [start, end) in the
 * text. The strings are valid during the call only. Return LW_OK to go on.
 */
typedef int (*lw_token_fn)(void *ud, const char *surface, size_t surface_len, const char *stem,
			   size_t stem_len, size_t start, size_t end);

/* Splits text (valid UTF-8) into words and calls fn for each. */
int lw_analyze(lw_analyzer *a, const char *text, size_t n, lw_token_fn fn, void *ud);

/*
 * Registers the FTS5 tokenizer "leerwerk" on the connection:
 *   CREATE VIRTUAL TABLE t USING fts5(..., tokenize = 'leerwerk');
 * Documents index the surface form and, at the same position, the stem
 * (FTS5_TOKEN_COLOCATED). Queries look for either; prefix queries
 * ("gemeente*") use the surface form only, never a stem.
 */
int lw_search_register(lw_store *s, lw_err *err);

#endif

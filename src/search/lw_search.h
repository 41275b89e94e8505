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

/*
 * Makes every SQLite connection this process opens know the tokenizer
 * (sqlite3_auto_extension); call once at start, before opening stores.
 * Needed by anything that touches the search index.
 */
int lw_search_init(void);

/* ---- queries as people type them ---------------------------------------- */

enum { LW_TERM_WORD, LW_TERM_PREFIX, LW_TERM_PHRASE };

typedef struct lw_query_term {
	const char *text; /* as typed, without quotes, '-' or '*' */
	int kind;         /* LW_TERM_* */
	int exclude;      /* typed with a leading '-' */
} lw_query_term;

typedef struct lw_query_filter {
	const char *field; /* one of lw_query_fields(), lower case */
	const char *value; /* as typed, without quotes */
} lw_query_filter;

typedef struct lw_query {
	lw_query_term *terms;
	size_t nterms;
	lw_query_filter *filters;
	size_t nfilters;
	const char *crebo;    /* a 5-digit qualification code among the words */
	const char *postcode; /* a postcode among the words ("3511", "3511 AB" -> "3511AB") */
	lw_arena arena;       /* owns everything above */
} lw_query;

/*
 * The filter fields a query may name, NULL-terminated: "niveau", "regio",
 * "soort", "leerweg", "domein", "aanbieder", "doelgroep", "sector".
 */
const char *const *lw_query_fields(void);

/*
 * Parses a query as a person types it: words, "exact phrase", -exclude,
 * prefix*, field:value (a known field; value may be quoted). Whatever does
 * not fit is taken as words: this never fails on its input (only
 * LW_ENOMEM). Free q with lw_query_free in every case.
 */
int lw_query_parse(const char *text, lw_query *q);
void lw_query_free(lw_query *q);

/*
 * Appends the FTS5 MATCH expression for q's terms to out: every term quoted,
 * so no input can be an FTS5 syntax error. Leaves out empty when q has no
 * term to look for (only exclusions, filters or nothing).
 */
int lw_query_fts5(const lw_query *q, lw_buf *out);

/* ---- the index and searching -------------------------------------------- */

/*
 * (Re)builds the search index from the store in one transaction: every
 * qualification, occupation (with its synonyms), offering, EVC procedure,
 * training company, vacancy, scheme and desk. Derived data: it can be
 * dropped and rebuilt at any time. *items (if not NULL) counts the rows.
 */
int lw_search_build(lw_store *s, long *items, lw_err *err);
/* 1 when the index exists. */
int lw_search_ready(lw_store *s);
/* Drops the index (after the registers changed); the next search rebuilds it. */
int lw_search_invalidate(lw_store *s, lw_err *err);

typedef struct lw_hit {
	const char *kind;  /* "kwalificatie", "beroep", "opleiding", "evc", "leerbedrijf", ... */
	const char *ref;   /* the item's key in its register */
	const char *title;
	const char *detail; /* a short second line */
	int example;        /* example data */
	double score;       /* lower is better (bm25) */
} lw_hit;

typedef struct lw_results {
	lw_hit *hits;
	size_t n;
	long total; /* all matches, of which n are shown */
	lw_query query;
	lw_arena arena;
} lw_results;

/*
 * Searches the index for text (lw_query_parse syntax), optionally of one
 * kind, best first: title matches weigh more than keywords, keywords more
 * than text; ties go by kind and key, so results are stable. Never fails
 * on the text. Free r with lw_results_free in every case.
 */
int lw_search_run(lw_store *s, const char *text, const char *kind, size_t limit,
		  lw_results *r, lw_err *err);
void lw_results_free(lw_results *r);

#endif

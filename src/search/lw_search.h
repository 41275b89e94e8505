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

/*
 * The word boundaries lw_analyze uses, without any analysis: fn gets each
 * word's byte range [start, end). Return LW_OK from fn to go on.
 */
int lw_words(const char *text, size_t n, int (*fn)(void *ud, size_t start, size_t end),
	     void *ud);

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

/* ---- the items that are searched ---------------------------------------- */

/* One searchable item as the store describes it (strings valid during the call). */
typedef struct lw_item_text {
	const char *kind;     /* "kwalificatie", "beroep", "opleiding", "evc", ... */
	const char *ref;      /* the item's key in its register */
	const char *title;    /* weighs most */
	const char *keywords; /* names, codes, places, synonyms */
	const char *body;     /* longer text */
} lw_item_text;

/*
 * Calls fn for every searchable item in the store, in a stable order: the
 * same text the engine indexes, for whoever needs it (the benchmark feeds
 * it to its peers). Stops early when fn returns other than LW_OK.
 */
int lw_search_items(lw_store *s, int (*fn)(void *ud, const lw_item_text *it), void *ud,
		    lw_err *err);

/* The kinds of item, NULL-terminated, in display order. */
const char *const *lw_search_kinds(void);
/* 1 when kind is one of them (exactly as spelled there). */
int lw_search_kind_known(const char *kind);

/* ---- the search engine ---------------------------------------------------- */

/*
 * The engine: an in-memory index over every item, built from the store in
 * one read and immutable afterwards, so any number of threads may search it
 * at once, each with its own lw_searcher. docs/internals/search.md says why
 * it is not FTS5 and how it ranks.
 */
typedef struct lw_engine lw_engine;

typedef struct lw_engine_stats {
	long items;      /* documents */
	long terms;      /* distinct index terms */
	long postings;   /* (term, document) pairs */
	size_t bytes;    /* memory held */
	int64_t build_ms; /* wall time of lw_engine_build */
} lw_engine_stats;

int lw_engine_build(lw_store *s, lw_engine **out, lw_err *err);
void lw_engine_free(lw_engine *e);
void lw_engine_stats_get(const lw_engine *e, lw_engine_stats *st);

/*
 * What the index knows of one word: "stam verpleegkund" and, for a
 * compound, its parts: "stam ouderenzorg; delen ouder + zorg" (stems).
 * LW_ENOTFOUND when the word is not in the index.
 */
int lw_engine_explain(const lw_engine *e, const char *word, lw_buf *out);

/* Per-thread search state (an analyzer and scratch memory). */
typedef struct lw_searcher lw_searcher;
int lw_searcher_new(const lw_engine *e, lw_searcher **out);
void lw_searcher_free(lw_searcher *sr);

enum { LW_SORT_RELEVANCE, LW_SORT_DISTANCE, LW_SORT_DATE };

typedef struct lw_search_opts {
	const char *kind;  /* one kind only, or NULL */
	const char *near;  /* postcode (PC4/PC6) or municipality/place name, or NULL */
	double km;         /* radius around near; 0: LW_SEARCH_DEFAULT_KM */
	int sort;          /* LW_SORT_*; DISTANCE needs near */
	size_t offset;     /* for pages */
	size_t limit;      /* 0: 10 */
	int facets;        /* count the facets of every match */
} lw_search_opts;

#define LW_SEARCH_DEFAULT_KM 25.0

typedef struct lw_hit {
	const char *kind;  /* "kwalificatie", "beroep", "opleiding", "evc", "leerbedrijf", ... */
	const char *ref;   /* the item's key in its register */
	const char *title;
	const char *detail; /* a short second line */
	const char *date;   /* vacancies: published (YYYY-MM-DD), else NULL */
	int example;        /* example data */
	int valid;          /* 0 for an EVC procedure whose accreditation expired */
	double score;       /* higher is better */
	double km;          /* distance to near, or -1 */
} lw_hit;

typedef struct lw_facet_value {
	const char *value; /* as a filter takes it: "2", "AM12", "bbl" */
	const char *label; /* Dutch, for display */
	long count;
} lw_facet_value;

typedef struct lw_facet {
	const char *field; /* a filter field of lw_query_fields(): "niveau", "regio", ... */
	const char *label; /* Dutch */
	lw_facet_value *values; /* most frequent first */
	size_t n;
} lw_facet;

typedef struct lw_results {
	lw_hit *hits;
	size_t n;
	long total;        /* all matches, of which n are shown */
	long ranked;       /* matches scored before the ranking could stop */
	lw_facet *facets;  /* when asked */
	size_t nfacets;
	const char *did_you_mean; /* "Bedoelde je ...?": a corrected query, or NULL */
	const char *corrected;    /* the query that was run instead, when the typed one found nothing */
	const char *near_name;    /* the place near resolved to, or NULL */
	const char *problem;      /* Dutch: why near or a filter was not understood, or NULL */
	lw_query query;
	lw_arena arena;
} lw_results;

/*
 * Searches for text (lw_query_parse syntax), best first. Never fails on
 * its text: what it cannot use is ignored or explained in r->problem.
 * Returns LW_OK, or LW_ENOMEM. Free r with lw_results_free in every case.
 */
int lw_searcher_run(lw_searcher *sr, const char *text, const lw_search_opts *o, lw_results *r,
		    lw_err *err);
void lw_results_free(lw_results *r);

/*
 * The best completions of a partial query ("verpleegk" -> "verpleegkundige",
 * ...): whole queries that would find something, most useful first, at
 * most max (8 when 0). Strings live in out's arena.
 */
typedef struct lw_suggestions {
	const char **items;
	size_t n;
	lw_arena arena;
} lw_suggestions;
int lw_searcher_suggest(lw_searcher *sr, const char *prefix, size_t max, lw_suggestions *out);

/*
 * The words of text that the search r matched, for highlighting: each word
 * whose stem is the stem of a query word (or of the corrected query's), or
 * that starts with a prefix term. Writes byte ranges as pairs start, end
 * into ranges (sorted, disjoint, at most max / 2 pairs) and their count
 * of numbers into *n. LW_OK or LW_ENOMEM.
 */
int lw_searcher_highlight(lw_searcher *sr, const lw_results *r, const char *text, size_t *ranges,
			  size_t max, size_t *n);
void lw_suggestions_free(lw_suggestions *out);

#endif

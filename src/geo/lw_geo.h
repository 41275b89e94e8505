/*
 * lw_geo.h - where things are: municipalities, labour-market regions,
 * postcodes, and the network of leerwerkloketten (desks) that serves them.
 * Knows nothing of HTTP, HTML or output formats: callers render results.
 */
#ifndef LW_GEO_H
#define LW_GEO_H

#include "lw_base.h"
#include "lw_store.h"

/* ---- keys and codes ---------------------------------------------------- */

/* Search key of a name: lw_fold_key ("'s-Hertogenbosch" -> "s hertogenbosch"). */
int lw_geo_name_key(const char *name, lw_buf *out);
/*
 * Key of a name without its official disambiguation: "Bergen (NH.)" and
 * "Bergen (L.)" both give "bergen".
 */
int lw_geo_plain_key(const char *name, lw_buf *out);

/*
 * Parses a postcode: 4 digits 1000-9999 (PC4), optionally followed by two
 * letters (PC6; "3511 ab" -> "3511AB"; SA, SD and SS are never issued).
 * Writes the normalised form into out and returns 4 or 6; 0 when s is not a
 * postcode.
 */
int lw_geo_postcode_parse(const char *s, char out[8]);

/*
 * The colloquial names of municipalities that lw_geo_where knows ("den
 * bosch"): entry i as a folded key and a GM code; 0 after the last.
 */
int lw_geo_alias(size_t i, const char **key, const char **code);

/* 1 when code is "GM" + 4 digits / "AM" + 2 digits. */
int lw_geo_is_municipality_code(const char *code);
int lw_geo_is_region_code(const char *code);

/* The bounding box a point in the Netherlands lies in (WGS84, with a margin). */
int lw_geo_in_netherlands(double lat, double lon);

/* ---- lookups ----------------------------------------------------------- */

/*
 * Ownership: every result struct below (lw_where, lw_coverage,
 * lw_desk_list) owns an arena that holds all its strings and arrays. The
 * lw_desk and lw_municipality values inside borrow from it and live until
 * the result's *_free call, which must be made whatever the function
 * returned (it is safe on a zeroed or half-filled result).
 */

typedef struct lw_desk {
	const char *code, *name, *address, *postcode, *place;
	const char *phone, *email, *website, *opening_hours;
	int is_default; /* part of the generated one-per-region network */
	const char *via; /* how it serves the place: "gemeente" or "regio" */
} lw_desk;

typedef struct lw_municipality {
	const char *code, *name, *province, *region_code, *region_name;
	lw_desk *desks; /* the desks that serve it, best first (lw_geo_where) */
	size_t ndesks;
	const char *desk_codes; /* lw_geo_coverage: codes of its desks, ", "-joined */
} lw_municipality;

enum { LW_WHERE_POSTCODE = 1, LW_WHERE_MUNICIPALITY, LW_WHERE_PLACE };

typedef struct lw_where {
	int kind;           /* what the query was taken as */
	const char *query;  /* normalised query */
	/* For a postcode: the area found (a PC6 falls back to its PC4). */
	const char *postcode, *place;
	double lat, lon;
	long inhabitants; /* -1: unknown */
	lw_municipality *matches; /* one, or several when ambiguous */
	size_t nmatches;
	lw_arena arena;
} lw_where;

/*
 * Answers "where is this?" for a postcode ("3511", "3511 AB"), a municipality
 * code ("GM0344") or a name (municipality or place, any case, with or without
 * diacritics). Returns LW_OK with one match; LW_EAMBIGUOUS with every
 * candidate in w->matches; LW_ENOTFOUND for a well-formed query that matches
 * nothing (err says so: an unknown postcode is unknown, not invalid);
 * LW_EINPUT for a query that cannot be a place. Free w with lw_where_free in
 * every case.
 */
int lw_geo_where(lw_store *s, const char *query, lw_where *w, lw_err *err);
void lw_where_free(lw_where *w);

/* ---- the desk network -------------------------------------------------- */

/*
 * Keeps the default network: when no real desks are loaded, exactly one
 * desk per labour-market region ("Leerwerkloket <region>"); when real desks
 * exist, no default ones. Call inside the transaction that changed regions
 * or desks. *changed (if not NULL) says whether anything was written.
 */
int lw_geo_sync_default_desks(lw_store *s, int *changed, lw_err *err);

typedef struct lw_coverage {
	long municipalities, desks, default_desks;
	/* Municipalities served by no desk / by more than one. */
	lw_municipality *uncovered;
	size_t nuncovered;
	lw_municipality *multiple; /* with their desks */
	size_t nmultiple;
	lw_arena arena;
} lw_coverage;

/*
 * Computes coverage; the network covers the country when both lists are
 * empty. Free c with lw_coverage_free in every case.
 */
int lw_geo_coverage(lw_store *s, lw_coverage *c, lw_err *err);
void lw_coverage_free(lw_coverage *c);
/*
 * 1 when the network covers the country (the plan's "landelijk dekkend
 * netwerk"): municipalities are known and each has exactly one desk.
 */
int lw_coverage_complete(const lw_coverage *c);

typedef struct lw_desk_list {
	lw_desk *desks;
	long *municipalities; /* how many municipalities each serves */
	const char **regions; /* the region names it serves, "; "-joined */
	size_t n;
	lw_arena arena;
} lw_desk_list;

/* All desks, by name. Free l with lw_desk_list_free in every case. */
int lw_geo_desks(lw_store *s, lw_desk_list *l, lw_err *err);
void lw_desk_list_free(lw_desk_list *l);

typedef struct lw_region {
	const char *code, *name;
	long municipalities;
	lw_desk *desks; /* the desks that serve its municipalities, by name */
	size_t ndesks;
} lw_region;

typedef struct lw_region_list {
	lw_region *regions; /* by name */
	size_t n;
	lw_arena arena;
} lw_region_list;

/* Every labour-market region with its desks. Free l with lw_region_list_free in every case. */
int lw_geo_regions(lw_store *s, lw_region_list *l, lw_err *err);
void lw_region_list_free(lw_region_list *l);

/* ---- what the store holds ---------------------------------------------- */

typedef struct lw_geo_stats {
	long regions, municipalities, postcodes, postcodes_without_municipality;
	long desks, default_desks;
	long inhabitants;
} lw_geo_stats;

int lw_geo_stats_get(lw_store *s, lw_geo_stats *st, lw_err *err);

#endif

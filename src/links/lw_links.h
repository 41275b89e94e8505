/*
 * lw_links.h - the links between the registers: which occupations a
 * qualification leads to, and every route to a qualification near a place
 * (school, training company, EVC), with the open vacancies it leads to.
 * Knows nothing of output formats: callers render results.
 */
#ifndef LW_LINKS_H
#define LW_LINKS_H

#include "lw_base.h"
#include "lw_store.h"

/* ---- qualification <-> occupation ---------------------------------------- */

/* At most this many derived occupations per qualification. */
#define LW_LINKS_PER_QUALIFICATION 3
/* The weakest word overlap that still makes a derived link. */
#define LW_LINKS_MIN_OVERLAP 0.5
/* ... and when the words of one side are all in the other. */
#define LW_LINKS_MIN_CONTAINED 0.45

typedef struct lw_links_stats {
	long qualifications;  /* in the store */
	long linked;          /* with at least one link (derived or curated) */
	long curated;         /* with curated links ('import'): not derived */
	long derived;         /* with derived links */
	long exact;           /* whose best derived link is an exact name match */
	long links;           /* derived links written (kept or new) */
	long added, changed, removed; /* what this run changed among derived links */
} lw_links_stats;

/*
 * Derives the links of every qualification without curated links from the
 * names (docs/internals/links.md has the rule) and brings the 'afgeleid'
 * rows of qualification_occupation in line with them: unchanged rows are
 * not rewritten. Deterministic: the same names give the same links. Runs in
 * the caller's transaction when there is one, else in its own. st may be
 * NULL.
 */
int lw_links_derive(lw_store *s, lw_links_stats *st, lw_err *err);

/* ---- routes ------------------------------------------------------------------ */

#define LW_ROUTES_KM_DEFAULT 25.0
#define LW_ROUTES_KM_MAX 500.0
/* How many items each list holds at most; its total says how many there are. */
#define LW_ROUTES_LIMIT 20

/* A school route: an offering of the qualification. */
typedef struct lw_route_school {
	const char *code, *title, *provider_code, *provider, *postcode, *place;
	const char *pathway; /* BOL, BBL, deeltijd, ... */
	const char *starts;  /* ';'-joined dates, or NULL */
	const char *next_start; /* the first start on or after today, or NULL */
	long months;         /* -1: unknown */
	long cost_cents;     /* -1: unknown */
	double km;           /* -1: no --near */
	int is_example;
} lw_route_school;

/* Learning on the job (BBL) at a training company recognised for it. */
typedef struct lw_route_company {
	const char *kvk, *name, *postcode, *place;
	long places; /* open places */
	double km;
	int is_example;
} lw_route_company;

/* An EVC procedure: having what one already knows recognised. */
typedef struct lw_route_evc {
	const char *code, *provider_code, *provider, *accredited_until;
	long price_cents, weeks; /* -1: unknown */
	int valid;               /* accredited_until is today or later */
	const char *regions;     /* the region names served, "; "-joined */
	const char *region_codes; /* their codes, ";"-joined, in the same order */
	int serves_near;         /* serves the place's region; -1: no place */
	int is_example;
} lw_route_evc;

typedef struct lw_route_occupation {
	const char *uri, *label, *isco_group;
	const char *source; /* "afgeleid" or "import" */
	double score;
	long vacancies; /* open vacancies for it (near the place, when given) */
} lw_route_occupation;

typedef struct lw_route_vacancy {
	const char *code, *kind, *title, *employer, *postcode, *place;
	const char *occupation_uri, *occupation, *level, *published, *closes;
	long hours; /* -1: unknown */
	double km;
	int is_example;
} lw_route_vacancy;

typedef struct lw_routes_result {
	/* The qualification. */
	const char *crebo, *name, *kind, *pathways;
	int level;
	const char *dossier_crebo, *dossier, *domain_crebo, *domain;
	/* The place, when near was given: what it was taken as and its point. */
	int has_near;
	const char *near;          /* normalised query */
	const char *near_kind;     /* "postcode", "gemeente" or "plaats" */
	const char *near_postcode; /* the postcode area found, for a postcode */
	const char *near_place, *municipality_code, *municipality, *region_code, *region;
	double lat, lon, km;
	const char *today; /* YYYY-MM-DD: open vacancies and valid accreditations */
	/* Each list holds at most LW_ROUTES_LIMIT items; *_total counts them all. */
	lw_route_school *schools;
	size_t nschools;
	long schools_total;
	lw_route_company *companies;
	size_t ncompanies;
	long companies_total;
	lw_route_evc *evc;
	size_t nevc;
	long evc_total, evc_valid;
	lw_route_occupation *occupations;
	size_t noccupations;
	long occupations_total;
	lw_route_vacancy *vacancies;
	size_t nvacancies;
	long vacancies_total;
	long examples; /* items in the lists that are example data */
	lw_arena arena;
} lw_routes_result;

/*
 * Every route to qualification crebo: its offerings, the training companies
 * recognised for it, its EVC procedures, the occupations it leads to and
 * their open vacancies. With near (a postcode, municipality or place, as
 * for `where`) the offerings, companies and vacancies are those within km
 * of it (0: LW_ROUTES_KM_DEFAULT), nearest first, and EVC procedures say
 * whether they serve its region; without near every list is sorted by
 * name. Today's date decides what is open and valid.
 *
 * Returns LW_OK; LW_EINPUT for a crebo that is not 5 digits, a bad km or a
 * near that cannot be a place; LW_ENOTFOUND for an unknown qualification or
 * place; LW_EAMBIGUOUS for a place name that fits several municipalities
 * (err lists them). Free out with lw_routes_free in every case.
 */
int lw_routes(lw_store *s, const char *crebo, const char *near, double km,
	      lw_routes_result *out, lw_err *err);
/* The same on a given day (YYYY-MM-DD), for tests and reports. */
int lw_routes_on(lw_store *s, const char *crebo, const char *near, double km,
		 const char *today, lw_routes_result *out, lw_err *err);
void lw_routes_free(lw_routes_result *r);

/* Great-circle distance in km between two WGS84 points (haversine). */
double lw_links_km(double lat1, double lon1, double lat2, double lon2);

/* ---- one item in full ------------------------------------------------------- */

/* How many links a group holds at most; its total says how many there are. */
#define LW_ITEM_GROUP_LIMIT 20

/*
 * One line of an item's details. Fields without a value are left out.
 * label and key are static strings, the rest lives in the item's arena.
 */
typedef struct lw_item_field {
	/* Dutch, e.g. "Niveau", "Aanbieder", "Leerweg", "Accreditatie geldig tot" */
	const char *label;
	/* display text, Dutch formatting (money "€ 1.250", dates "12 maart 2027") */
	const char *value;
	/* when the value names another item (provider has no page: NULL) */
	const char *link_kind, *link_ref;
	/* a stable name for programs, lower case ASCII: "niveau", "kosten", ... */
	const char *key;
	/* the value as stored: ISO dates (';'-joined), cents, codes; NULL when
	 * the text shown is not stored (a desk's helpdesk number) */
	const char *raw;
} lw_item_field;

/*
 * A link to another item. kind is NULL for a thing without a page of its
 * own (a desk's municipality: ref is its code); ref and title are never NULL.
 */
typedef struct lw_item_link {
	const char *kind, *ref, *title, *detail; /* detail: a short second line, may be NULL */
	int example; /* example data (is_example) */
	int valid;   /* 0 only for an EVC procedure whose accreditation expired */
} lw_item_link;

/* A list of linked items; groups without any are left out. */
typedef struct lw_item_group {
	const char *label; /* Dutch: "Beroepen", "Kwalificaties", "Opleidingen", "Vacatures", ... */
	lw_item_link *links;
	size_t n;
	long total; /* how many exist; n is at most LW_ITEM_GROUP_LIMIT */
	const char *key; /* a stable name for programs: "beroepen", "vacatures", ... */
} lw_item_group;

/* kind, and the labels and keys of fields and groups, are static strings. */
typedef struct lw_item {
	const char *kind, *ref, *title;
	const char *summary; /* one or two plain Dutch sentences, may be NULL */
	int example;         /* example data (is_example) */
	int valid;           /* 0 only for an EVC procedure whose accreditation expired */
	const char *postcode, *place; /* where it is, when it has a place; NULL otherwise */
	const char *website;          /* may be NULL */
	lw_item_field *fields;
	size_t nfields;
	lw_item_group *groups;
	size_t ngroups;
	lw_arena arena; /* owns everything */
	const char *text;  /* the full text the summary was taken from (an occupation's
			    * ESCO description), white space tidied; NULL for other kinds */
	const char *today; /* YYYY-MM-DD: the day that decided valid and open vacancies */
} lw_item;

/*
 * The full detail of one searchable item, for detail pages: kind and ref
 * are those of the search engine (kwalificatie: crebo, beroep: ESCO URI,
 * opleiding: offering code, evc: procedure code, leerbedrijf: KvK number,
 * vacature: code, regeling: code, loket: desk code). Today's date decides
 * whether an accreditation is valid and which vacancies are open.
 *
 * Returns LW_OK; LW_ENOTFOUND when there is no such item (err in Dutch:
 * "Geen vacature met code 'X'."); LW_EINPUT for an unknown kind or a NULL
 * ref; LW_EDB, LW_ENOMEM. Free out with lw_item_free in every case.
 */
int lw_item_get(lw_store *s, const char *kind, const char *ref, lw_item *out, lw_err *err);
/* The same on a given day (YYYY-MM-DD; LW_EINPUT when it is not one), for tests. */
int lw_item_get_on(lw_store *s, const char *kind, const char *ref, const char *today,
		   lw_item *out, lw_err *err);
/* Frees the item; a zeroed or already freed one is fine. */
void lw_item_free(lw_item *it);

#endif

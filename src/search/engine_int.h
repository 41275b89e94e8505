/*
 * engine_int.h - private to the search room: the in-memory index that
 * engine.c builds and engine_query.c searches. docs/internals/search.md
 * describes the layout and why it is laid out so.
 */
#ifndef LW_ENGINE_INT_H
#define LW_ENGINE_INT_H

#include "lw_search.h"

#include <math.h>
#include <string.h>

/* Fields of a posting: which parts of the item hold the term. */
enum { F_BODY = 1, F_KEYWORDS = 2, F_TITLE = 4 };
#define POST_DOC(p) ((p) >> 3)
#define POST_FIELDS(p) ((p)&7u)
#define MAX_DOCS (1u << 29)

/* Separates the fields in a document's word stream. */
#define TOK_FIELD UINT32_MAX

enum { KIND_COUNT = 8 };
/* Levels: 0 none, 1-4 mbo 1-4, then these. */
enum { LEVEL_AD = 5, LEVEL_HBO = 6, LEVEL_WO = 7, LEVEL_COUNT = 8 };
/* Learning pathways, a bit each. */
enum { PATH_BOL, PATH_BBL, PATH_DEELTIJD, PATH_VOLTIJD, PATH_CURSUS, PATH_AD, PATH_COUNT };
/* Target groups, a bit each, in the order of lw_search_groups(). */
enum { GROUP_COUNT = 5 };

enum { DOC_EXAMPLE = 1, DOC_VALID = 2 };

typedef struct ldoc {
	uint32_t text;     /* pool offset of "kind-index ref\0title\0detail\0date\0" */
	uint32_t provider; /* label id, 0: none */
	float lat, lon;    /* NAN when the item has no place */
	float quality;     /* static quality, 0..1 */
	int32_t day;       /* days since 1970 (vacancies: published), or INT32_MIN */
	uint16_t domain;   /* label id, 0: none */
	uint16_t pc4;      /* the PC4 area of its place, 0: none */
	uint8_t kind, level, paths, region, groups, flags;
	uint8_t ntitle; /* words in the title (at most 255) */
} ldoc;

/* What filters and facets look at, per document: 12 bytes, so that they read little. */
typedef struct lattr {
	uint8_t kind, level, paths, groups, region, pad;
	uint16_t domain;
	uint32_t provider;
} lattr;

/* A string table: strings in one pool, found by an open-addressing hash. */
typedef struct lvocab {
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *off; /* per id: offset of the NUL-terminated string */
	uint32_t *len;
	uint32_t n, cap;
	uint32_t *slots; /* id + 1, or 0 */
	uint32_t nslots; /* a power of two */
} lvocab;

int lvocab_add(lvocab *v, const char *s, size_t n, uint32_t *id, int *added);
/* The id of s, or UINT32_MAX. */
uint32_t lvocab_find(const lvocab *v, const char *s, size_t n);
static inline const char *lvocab_str(const lvocab *v, uint32_t id)
{
	return v->pool + v->off[id];
}
void lvocab_free(lvocab *v);

/* A place a search can be near: a PC4 area, a municipality or a place name. */
typedef struct lplace {
	float lat, lon;
	uint8_t region;
	uint32_t name; /* label id of the display name */
} lplace;

typedef struct lregion {
	char code[5];
	char *name;
	char *key; /* folded name */
} lregion;

struct lw_engine {
	uint32_t ndocs;
	ldoc *docs;
	lattr *attr; /* per document, for filters and facets */
	char *pool;  /* document strings */
	size_t pool_len;

	/* Word streams: the words of document d are toks[tok_at[d] .. tok_at[d + 1]). */
	uint32_t *toks;
	uint32_t *tok_at;

	/* Surface words (folded): their stem, document frequency, compound parts. */
	lvocab words;
	uint32_t *word_stem;  /* stem id */
	uint32_t *word_df;    /* documents holding the word */
	uint32_t *word_tdf;   /* documents holding it in the title */
	uint32_t *word_parts; /* offset into parts (n = parts[offset]) or 0: none */
	uint32_t *parts;      /* [n, stem ids...] */
	size_t nparts;
	uint32_t *word_sig; /* letters a-z present, a bit each (typo candidates) */
	uint32_t *sorted;   /* word ids in byte order of the words */
	uint32_t *by_len;   /* word ids grouped by length in characters */
	uint32_t by_len_at[66];

	/* Stems: postings of whole words and of compound parts. */
	lvocab stems;
	uint32_t *post, *post_at;   /* post_at[t] .. post_at[t + 1] */
	uint32_t *ppost, *ppost_at; /* compound parts */
	size_t npost, nppost;
	/* The highest field weight in each stem's list: bounds for early stops. */
	float *post_maxw, *ppost_maxw;

	/* Labels for facets: providers, domains. */
	lvocab labels;
	char **label_key;    /* folded, per label id */
	uint8_t *label_kind; /* 1: a provider, 2: a domain */

	/* Places. */
	lplace pc4[10000]; /* by number; lat NAN when unknown */
	/* The documents with a place, by PC4 area: area_docs[area_at[a] .. area_at[a + 1]). */
	uint32_t *area_at, *area_docs;
	lvocab place_keys; /* folded municipality and place names */
	lplace *places;    /* per place_keys id */
	lregion regions[64];
	uint32_t nregions; /* region index 1..nregions; 0: none */

	lw_engine_stats stats;
};

/* Kind names, in index order (the order of lw_search_kinds()). */
extern const char *const lw_engine_kinds[KIND_COUNT + 1];
extern const char *const lw_engine_groups[GROUP_COUNT + 1];
extern const char *const lw_engine_paths[PATH_COUNT + 1];

/* The strings of a document. */
static inline const char *ldoc_ref(const lw_engine *e, const ldoc *d)
{
	return e->pool + d->text;
}
static inline const char *ldoc_title(const lw_engine *e, const ldoc *d)
{
	const char *ref = e->pool + d->text;
	return ref + strlen(ref) + 1;
}
const char *ldoc_detail(const lw_engine *e, const ldoc *d);
const char *ldoc_date(const lw_engine *e, const ldoc *d);

/*
 * Splits a folded compound into known words of the catalogue (at most 3
 * word ids into parts); returns how many, 0 when it is no compound.
 */
int lw_engine_split(const lw_engine *e, const char *w, size_t n, uint32_t parts[3]);

/* The letters of a folded word as a bit set. */
uint32_t lw_engine_sig(const char *w, size_t n);

/* The weight of a match in these fields of a title of ntitle words. */
static inline float lw_field_weight(unsigned fields, unsigned ntitle)
{
	if (fields & F_TITLE)
		return 6.0f + 4.0f / (float)(ntitle ? ntitle : 1);
	return fields & F_KEYWORDS ? 3.0f : 1.0f;
}

/* Great-circle distance in km. */
double lw_engine_km(double lat1, double lon1, double lat2, double lon2);

/* Resolves a postcode or place name; NULL when unknown. */
const lplace *lw_engine_place(const lw_engine *e, const char *text, lw_buf *scratch);

/* Synonyms: the embedded data/synoniemen.tsv, "word\twords" lines. */
extern const unsigned char lw_synonyms_tsv[];

#endif

/*
 * registrar.h - private to the monitor room: the registrar's state, shared
 * by its field checks (check.c) and its writes (trajectory.c).
 */
#ifndef LW_MONITOR_REGISTRAR_H
#define LW_MONITOR_REGISTRAR_H

#include "monitor_int.h"

#include <sodium.h>

typedef struct mon_writer mon_writer;

/*
 * A registration in the in-memory match table of a bulk writer whose
 * index trajectory_match is set aside: its match key, and its id with a
 * 24-bit fingerprint of covenant and start date (the registration within
 * its group) in the top bits.
 */
typedef struct mon_ref {
	int64_t key;
	uint64_t id_fp; /* 0: a free place */
} mon_ref;

#define MON_REF_ID_BITS 40
#define MON_REF_ID_MAX ((INT64_C(1) << MON_REF_ID_BITS) - 1)

struct lw_monitor_reg {
	lw_store *store;
	crypto_auth_hmacsha256_state hmac; /* keyed once; copied per BSN */
	lw_arena arena;
	/* What the checks look up, read once. */
	lw_strmap *covenants; /* code -> 1 + index in scopes */
	char facts_covenant[65]; /* mon_facts_of's last covenant ("": none yet) ... */
	int facts_scope;         /* ... and its scope */
	const char **scopes;  /* covenant codes, by code */
	size_t nscopes;
	lw_strmap *municipalities; /* code -> index in regions */
	lw_strmap *regions;        /* code -> index in region_codes */
	const char **region_codes; /* the regions and ANT */
	size_t nregions;
	lw_strmap *crebos; /* known qualification -> its level 1-4 */
	sqlite3_stmt *postcode;
	/*
	 * Postcodes asked, with what the postcode table says of them
	 * (mon_postcode_*): each is asked once. complete: the whole table is
	 * in it, so that the checks ask the store nothing (a writer thread runs).
	 */
	lw_strmap *postcodes;
	int postcodes_complete;
	/* The writes. */
	sqlite3_stmt *probe, *group, *insert, *update, *set_dup, *by_id;
	mon_agg *agg;
	/* Registrations written through this registrar, with their tags. */
	int64_t base_id; /* ids above it were added by this registrar */
	int64_t next_id; /* the id of the next registration added */
	int64_t *added;  /* tag of base_id + 1 + i */
	size_t nadded, capadded;
	lw_strmap *updated;  /* id (decimal) -> tag */
	char counted_by[65]; /* the last write's national registration's covenant */
	void *scratch;       /* the checks' state (check.c), kept from record to record */
	/*
	 * A bulk writer (an import) keeps the match keys of the store in
	 * memory once it has written enough to make that pay, and asks the
	 * store only about the keys it holds: most registrations are the
	 * first of their group, and a miss then costs no query.
	 */
	int bulk;
	size_t expect_total; /* registrations in all by the end, as the caller guessed (0: unknown) */
	long written;  /* writes so far */
	int64_t *keys; /* open addressing; 0 marks a free place */
	size_t nkeys, capkeys;
	int has_zero_key;
	/*
	 * Deferred: a bulk writer that writes at least twice what the store
	 * held sets the index trajectory_match aside (its statement in
	 * match_sql) and builds it again in the flush, as one sort rather than
	 * a random insert per registration. Meanwhile refs holds the match key
	 * and id of every registration, and a group is read by id.
	 */
	int deferred, no_defer;
	char *match_sql;
	mon_ref *refs;
	size_t nrefs, caprefs;
	/* While deferred, the thread that runs the writes (trajectory.c). */
	mon_writer *writer;
};

/* Where the match table looks for key first. */
static inline size_t mon_ref_home(const struct lw_monitor_reg *r, int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 20) & (r->caprefs - 1);
}

/* Fills a problem for field f (-1: the record) with a printf message. */
void mon_problem(lw_monitor_problems *p, int f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* v as a message may show it: cut at 60 bytes, masked when it may be a BSN. */
void mon_show(const char *v, char *out, size_t size);
/* The facts of t as the counts see them (t's own duplicate flag). */
void mon_facts_of(lw_monitor_reg *r, const lw_trajectory *t, mon_facts *f);
/* Reads the whole postcode table into r->postcodes (check.c). */
int mon_postcodes_load(lw_monitor_reg *r, lw_err *err);

#endif

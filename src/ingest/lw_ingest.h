/*
 * lw_ingest.h - importers: a file in, validated rows out, written to the
 * store by natural key. Every importer shares the rules of ingest.c: the
 * header is checked, every row is checked, one bad row rejects the whole
 * import (unless skip_invalid), and the store is left exactly as before.
 */
#ifndef LW_INGEST_H
#define LW_INGEST_H

#include "lw_base.h"
#include "lw_store.h"

typedef struct lw_ingest_kind lw_ingest_kind;

/* How many bad rows are reported one by one; the rest are counted. */
#define LW_INGEST_REPORT_MAX 20
/* How many absent keys are listed one by one. */
#define LW_INGEST_ABSENT_MAX 20

/*
 * Default page cache during an import: large enough that a million-row
 * file's tables and indexes stay in memory until the commit, instead of
 * spilling half-written pages to the WAL again and again. Allocated only as
 * pages are used.
 */
#define LW_INGEST_CACHE_KIB (512 * 1024)
/* A bulk kind's file from this size on takes the store when it can (lw_store_take). */
#define LW_INGEST_ALONE_BYTES (64L * 1024 * 1024)

typedef void (*lw_ingest_progress_fn)(void *ud, const char *kind, long rows, uint64_t bytes,
				      uint64_t total_bytes);

typedef struct lw_ingest_opts {
	int skip_invalid;         /* commit the good rows, report the bad ones */
	int prune;                /* delete keys in the store that the file lacks */
	const char *rejects_path; /* write every bad row with its reason, or NULL */
	size_t max_record;        /* 0: LW_CSV_MAX_RECORD_DEFAULT */
	int cache_kib;            /* page cache during the import; 0: LW_INGEST_CACHE_KIB */
	long alone_bytes;         /* a bulk kind's smallest file to take the store; 0: LW_INGEST_ALONE_BYTES */
	/*
	 * trajecten: the file with the pseudonymisation key (--sleutel); NULL:
	 * from the environment (lw_monitor_key_load).
	 */
	const char *key_file;
	lw_ingest_progress_fn progress;
	void *progress_ud;
} lw_ingest_opts;

/* What one import did. Strings live in the result's arena. */
typedef struct lw_ingest_result {
	const char *kind;   /* "postcodes" */
	const char *title;  /* Dutch: "postcodes" */
	const char *source; /* the file */
	long rows, added, changed, unchanged, rejected, pruned, absent;
	const char *problems[LW_INGEST_REPORT_MAX]; /* "FILE:LINE: kolom 'X': reden" */
	size_t nproblems;
	const char *absent_keys[LW_INGEST_ABSENT_MAX];
	size_t nabsent_keys;
	const char *note; /* e.g. the default desk network was replaced; or NULL */
	int committed;    /* 1 when the changes are in the store */
	int taken;        /* 1 when the import had the store to itself (lw_store_taken) */
	lw_arena arena;
} lw_ingest_result;

void lw_ingest_result_free(lw_ingest_result *r);

/* The kinds, in the order `import reference` loads them; NULL-terminated. */
const lw_ingest_kind *const *lw_ingest_kinds(void);
const lw_ingest_kind *lw_ingest_find(const char *name);
const char *lw_ingest_kind_name(const lw_ingest_kind *k);
/* Dutch one-line description, for --help. */
const char *lw_ingest_kind_help(const lw_ingest_kind *k);
/* Path of the kind's file below the reference data folder, or NULL. */
const char *lw_ingest_kind_file(const lw_ingest_kind *k);
/* The expected header, comma-separated ("" for a JSON kind). */
const char *lw_ingest_kind_header(const lw_ingest_kind *k, lw_buf *out);
/*
 * NULL for a CSV kind. For a JSON kind (offerings-ooapi, vacancies-jsonld)
 * a Dutch line for --help: the format and where it is documented.
 */
const char *lw_ingest_kind_format(const lw_ingest_kind *k);

/*
 * How many results an import of k gives: one per register it writes. 1 for
 * every CSV kind; a JSON kind may feed several registers (offerings-ooapi:
 * providers, then offerings). At most LW_INGEST_PARTS_MAX.
 */
#define LW_INGEST_PARTS_MAX 2
size_t lw_ingest_kind_parts(const lw_ingest_kind *k);
/* The kind that checks and writes part i of k (k itself for a CSV kind). */
const lw_ingest_kind *lw_ingest_kind_part(const lw_ingest_kind *k, size_t i);

/*
 * Imports one file of kind k in one transaction. Returns LW_OK when the
 * import was committed (with skip_invalid: also when rows were skipped),
 * LW_EINPUT when the file or a row was invalid and nothing was changed, or
 * another error (nothing changed). result is filled in every case and must
 * be freed with lw_ingest_result_free.
 */
int lw_ingest_file(lw_store *s, const lw_ingest_kind *k, const char *path,
		   const lw_ingest_opts *opts, lw_ingest_result *result, lw_err *err);

/*
 * The same for any kind, also one of several parts: results must hold
 * lw_ingest_kind_parts(k) entries (each is filled, and must be freed);
 * *nresults says how many parts ran (they stop at the first that fails).
 * All parts are one transaction. lw_ingest_file on a kind of several parts
 * is LW_EUSAGE.
 */
int lw_ingest_file_parts(lw_store *s, const lw_ingest_kind *k, const char *path,
			 const lw_ingest_opts *opts, lw_ingest_result *results,
			 size_t *nresults, lw_err *err);

/*
 * Imports every reference file from data_dir (regions, municipalities,
 * postcodes, qualifications, occupations) in one transaction: all or
 * nothing. results must hold lw_ingest_reference_count() entries; *nresults
 * says how many were used (the import stops at the first failing file).
 */
size_t lw_ingest_reference_count(void);
int lw_ingest_reference(lw_store *s, const char *data_dir, const lw_ingest_opts *opts,
			lw_ingest_result *results, size_t *nresults, lw_err *err);

/* ---- example data ------------------------------------------------------- */

typedef struct lw_demo_result {
	long providers, offerings, evc, companies, vacancies, schemes;
} lw_demo_result;

/*
 * Replaces the example data (rows with is_example = 1) in one transaction
 * by new rows built on the reference data in the store: at scale 1 about
 * 50,000 searchable items (300 providers, 6,000 offerings, 1,200 EVC
 * procedures, 22,000 training companies, 20,000 vacancies) and the four
 * schemes the plan names. The same scale and seed give the same rows.
 * Real rows stay. LW_ENOTFOUND when the reference data is missing.
 */
int lw_demo_generate(lw_store *s, double scale, uint64_t seed, lw_demo_result *r,
		     lw_err *err);

#endif

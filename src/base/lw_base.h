/*
 * lw_base.h - small tools every room of leerwerk may use.
 *
 * Nothing here knows about SQLite, HTTP or the domain. Ownership rules are
 * stated per function: "caller frees" means with the matching *_free call.
 */
#ifndef LW_BASE_H
#define LW_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LW_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

enum {
	LW_OK = 0,
	LW_ENOMEM = -1,    /* out of memory */
	LW_EIO = -2,       /* file could not be read or written */
	LW_EINPUT = -3,    /* input data is invalid (bad row, bad file) */
	LW_ENOTFOUND = -4, /* the thing asked for does not exist */
	LW_EAMBIGUOUS = -5, /* more than one thing matches */
	LW_EDB = -6,       /* the database reported an error */
	LW_EVERSION = -7,  /* database schema newer than this program */
	LW_EUSAGE = -8,    /* wrong use of a command or function */
	LW_ELIMIT = -9     /* a size limit was exceeded */
};

/* An error report: a code and a human message (Dutch, user-facing). */
typedef struct lw_err {
	int code;
	char msg[1024];
} lw_err;

/* Sets err (if not NULL) and returns code, so callers can `return lw_err_set(...)`. */
int lw_err_set(lw_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lw_err_clear(lw_err *err);
/* A short English name of an error code, for logs. */
const char *lw_strerror(int code);
/* A Dutch description of an errno value, for messages users read. */
const char *lw_errno_text(int e);

/* ---- memory ------------------------------------------------------------ */

/*
 * All of leerwerk's own allocations go through these wrappers. They count
 * live allocations and, for tests, can be told to fail: after
 * lw_mem_fail_after(n) the n+1-th allocation returns NULL (n < 0: never).
 */
void *lw_malloc(size_t n);
void *lw_calloc(size_t count, size_t size);
void *lw_realloc(void *p, size_t n);
void lw_free(void *p);
char *lw_strdup(const char *s);
char *lw_strndup(const char *s, size_t n);
void lw_mem_fail_after(long n);
long lw_mem_live(void);

/* ---- growable byte buffer --------------------------------------------- */

/* Always NUL-terminated after a successful append. Free with lw_buf_free. */
typedef struct lw_buf {
	char *data;
	size_t len;
	size_t cap;
} lw_buf;

#define LW_BUF_INIT {NULL, 0, 0}

int lw_buf_reserve(lw_buf *b, size_t extra);
int lw_buf_append(lw_buf *b, const void *p, size_t n);
int lw_buf_puts(lw_buf *b, const char *s);
int lw_buf_putc(lw_buf *b, char c);
int lw_buf_printf(lw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lw_buf_vprintf(lw_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); valid until the next change. */
const char *lw_buf_cstr(const lw_buf *b);
void lw_buf_reset(lw_buf *b);
/* Shortens b to len bytes (no-op when already shorter), terminated. */
void lw_buf_truncate(lw_buf *b, size_t len);
void lw_buf_free(lw_buf *b);

/* ---- text -------------------------------------------------------------- */

/*
 * Returns 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, no NUL),
 * else 0 and, if bad_at is not NULL, the byte offset of the first bad byte.
 */
int lw_utf8_valid(const char *s, size_t n, size_t *bad_at);

/*
 * Appends a search key for s to out: lower case, diacritics removed
 * ("Súdwest-Fryslân" -> "sudwest fryslan"), every run of characters that are
 * not letters or digits turned into one space, no leading or trailing space.
 * s must be valid UTF-8. Letters outside Latin are kept as they are.
 */
int lw_fold_key(const char *s, size_t n, lw_buf *out);

/*
 * Appends s in lower case to out, diacritics kept ("INSPICIËNT" ->
 * "inspiciënt"): ASCII, Latin-1 and Latin Extended-A letters; other
 * characters as they are. s must be valid UTF-8.
 */
int lw_lower(const char *s, size_t n, lw_buf *out);

/* Trims ASCII white space in place at both ends; returns s. */
char *lw_trim(char *s);
/* The same for s of known length n; returns the new length. */
size_t lw_trim_n(char *s, size_t n);
/* 1 when s is exactly `n` ASCII digits. */
int lw_is_digits(const char *s, size_t n);

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

/*
 * A pull reader for comma-separated files: one record per lw_csv_next call,
 * quoted fields may hold separators, quotes ("") and line breaks. A UTF-8 BOM
 * is skipped, CRLF and LF both end a record, blank lines are skipped.
 * See docs/internals/csv.md for why this is not libcsv.
 */
typedef struct lw_csv lw_csv;

#define LW_CSV_MAX_RECORD_DEFAULT (1u << 20) /* 1 MiB */

/* Opens path for reading; caller frees with lw_csv_close. */
int lw_csv_open(lw_csv **out, const char *path, lw_err *err);
/* Reads from an already open stream (not closed by lw_csv_close). */
int lw_csv_from_stream(lw_csv **out, FILE *f, const char *name, lw_err *err);
void lw_csv_set_max_record(lw_csv *c, size_t max);
/* on: every record is read byte by byte, none at once (tests compare the two ways). */
void lw_csv_set_bytewise(lw_csv *c, int on);
/*
 * Reads the next record. Returns 1 when a record was read, 0 at the end of
 * the file, LW_EINPUT when this record is malformed (err says why; the
 * reader has skipped past it and the next call continues), LW_EIO on a read
 * error, LW_ENOMEM.
 */
int lw_csv_next(lw_csv *c, lw_err *err);
size_t lw_csv_nfields(const lw_csv *c);
/* Field i of the current record, NUL-terminated, writable in place (e.g. to
 * trim it); valid until the next call. "" past the last field. */
char *lw_csv_field(const lw_csv *c, size_t i, size_t *len);
/*
 * 1 when every byte of the current record is ASCII, so that each field is
 * valid UTF-8 without a look at it (the reader refuses NUL in a field).
 */
int lw_csv_ascii(const lw_csv *c);
/* The line on which the current record starts (1-based). */
long lw_csv_line(const lw_csv *c);
/* Bytes read so far, for progress reporting. */
uint64_t lw_csv_offset(const lw_csv *c);
const char *lw_csv_name(const lw_csv *c);
void lw_csv_close(lw_csv *c);

/* Appends one CSV field to out, quoted when needed. */
int lw_csv_write_field(lw_buf *out, const char *s);

/* ---- string map -------------------------------------------------------- */

/*
 * A hash map from strings (copied in) to 64-bit values. Used for key sets
 * during imports (a million keys is fine). Free with lw_strmap_free.
 */
typedef struct lw_strmap lw_strmap;

int lw_strmap_new(lw_strmap **out);
/*
 * Inserts key -> value. Returns 1 when inserted, 0 when the key was already
 * present (then *old, if not NULL, receives the stored value, which stays),
 * LW_ENOMEM.
 */
int lw_strmap_put(lw_strmap *m, const char *key, int64_t value, int64_t *old);
/* 1 and *value when found, else 0. */
int lw_strmap_get(const lw_strmap *m, const char *key, int64_t *value);
size_t lw_strmap_count(const lw_strmap *m);
void lw_strmap_free(lw_strmap *m);

/* ---- key set ----------------------------------------------------------- */

/*
 * The keys of one import file, each with the line it was first seen on.
 * Files of registers usually come sorted by key: while keys arrive in
 * ascending byte order they are only appended (no hashing), and a later
 * walk in order can be merged with a sorted query. The first key out of
 * order moves everything into a hash map, and the set goes on as a map.
 */
typedef struct lw_keyset lw_keyset;

int lw_keyset_new(lw_keyset **out);
/* 1 when added; 0 when key was there (*first = its line); LW_ENOMEM. */
int lw_keyset_add(lw_keyset *ks, const char *key, int64_t line, int64_t *first);
int lw_keyset_has(const lw_keyset *ks, const char *key);
/* 1 while every key came in ascending order: then lw_keyset_at works. */
int lw_keyset_sorted(const lw_keyset *ks);
size_t lw_keyset_count(const lw_keyset *ks);
/* Key i in ascending order (only while sorted). */
const char *lw_keyset_at(const lw_keyset *ks, size_t i);
void lw_keyset_free(lw_keyset *ks);

/* ---- arena ----------------------------------------------------------- */

/*
 * A region allocator: many small allocations, one release. Results that hold
 * many strings (a lookup answer, later an HTTP request) own one arena and are
 * freed with it. Zero-initialise (LW_ARENA_INIT) before use.
 */
typedef struct lw_arena {
	struct lw_arena_block *head;
} lw_arena;

#define LW_ARENA_INIT {NULL}

/* Returns zeroed memory aligned for any type, or NULL. */
void *lw_arena_alloc(lw_arena *a, size_t n);
/* Copies s (NULL stays NULL); NULL when out of memory. */
char *lw_arena_strdup(lw_arena *a, const char *s);
void lw_arena_free(lw_arena *a);
/*
 * Appends one zeroed element to an array kept in the arena: doubles the
 * room when full (the old block stays in the arena until it is freed).
 * Returns the array, possibly moved, with *n one larger; NULL when out of
 * memory (then the array and *n are as before).
 */
void *lw_arena_grow(lw_arena *a, void *arr, size_t *n, size_t *cap, size_t size);

/* ---- time -------------------------------------------------------------- */

/* Milliseconds on a monotonic clock. */
int64_t lw_now_ms(void);
/* Microseconds on the same clock. */
int64_t lw_now_us(void);

/*
 * Days since 1970-01-01 of the date in the first 10 bytes of s
 * ("YYYY-MM-DD", proleptic Gregorian; not checked to be a real date), or
 * INT32_MIN when s does not start with that form.
 */
int32_t lw_date_days(const char *s);

/* Appends "12 maart 2027" for the date "2027-03-12" at d[0..n); anything else as it is. */
int lw_date_nl(lw_buf *b, const char *d, size_t n);

#endif

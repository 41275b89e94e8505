/*
 * ingest_int.h - private to the ingest room: how a kind of file is
 * described, and the helpers its row function uses to read and check fields.
 */
#ifndef LW_INGEST_INT_H
#define LW_INGEST_INT_H

#include "lw_ingest.h"

#define LW_INGEST_MAX_COLS 32

enum { COL_OPTIONAL = 1 }; /* the column may be absent from the header */

typedef struct lw_col {
	const char *name;
	unsigned flags;
} lw_col;

typedef struct lw_importer lw_importer;
typedef struct lw_json_format lw_json_format;

struct lw_ingest_kind {
	const char *name; /* the KIND of `leerwerk import KIND FILE` */
	const char *help; /* Dutch, one line */
	const char *file; /* below the reference data folder, or NULL */
	const lw_col *cols;
	size_t ncols;
	/*
	 * The table and key column this kind owns. The framework derives from
	 * them how to count its rows, list its keys and delete one; a kind that
	 * owns only some rows of its table says so in the three SQL fields.
	 */
	const char *table, *key;
	const char *count_sql;  /* optional: counts the rows this kind owns */
	const char *keys_sql;   /* optional: lists their natural keys */
	const char *delete_sql; /* optional: deletes one by key (?1) */
	size_t key_col;         /* the column that holds the natural key */
	/* Normalises a raw key as the row function would (NULL: as it is). */
	void (*key_of)(const char *raw, lw_buf *out);
	size_t state_size;
	/* Prepares statements and lookups. Optional. */
	int (*begin)(lw_importer *im, void *state, lw_err *err);
	/*
	 * Checks the current row and, when lw_im_writing(), writes it. Returns
	 * LW_OK (*changed = 1 when the store changed), LW_EINPUT after
	 * lw_im_reject, or another code for a fatal error in err.
	 */
	int (*row)(lw_importer *im, void *state, int *changed, lw_err *err);
	/*
	 * Optional: after the last row, before the framework counts the rows
	 * and lists absent keys. A kind whose writes run behind its rows (on a
	 * thread of its own: trajecten) completes them here; until then the
	 * framework does not use the store.
	 */
	int (*rows_done)(lw_importer *im, void *state, lw_err *err);
	/* After all rows and the prune. Optional. */
	int (*finish)(lw_importer *im, void *state, lw_err *err);
	/* Releases what begin made; always called. Optional. */
	void (*end)(void *state);
	/*
	 * Optional: how a field of a rejected row is written to the rejects
	 * file (col: the kind's column, LW_NO_COL for a field no column takes),
	 * so that a kind can keep a secret out of it (trajecten: the BSN).
	 */
	int (*redact)(size_t col, const char *value, lw_buf *out);
	/*
	 * 1: an import of this kind may append millions of rows and build an
	 * index over them (trajecten). It runs with lw_store_set_large_sorts;
	 * a file of LW_INGEST_ALONE_BYTES or more (opts->alone_bytes) runs in
	 * the rollback journal when no other connection has the store open
	 * (lw_store_take): its new pages are then written once.
	 */
	int bulk;
	/*
	 * A JSON kind (json_source.c): no columns of its own; its file is
	 * mapped onto the columns of one or more of the kinds above, whose row
	 * functions check and write the records. NULL for a CSV kind.
	 */
	const lw_json_format *json;
};

extern const lw_ingest_kind lw_kind_regions;
extern const lw_ingest_kind lw_kind_municipalities;
extern const lw_ingest_kind lw_kind_postcodes;
extern const lw_ingest_kind lw_kind_qualifications;
extern const lw_ingest_kind lw_kind_occupations;
extern const lw_ingest_kind lw_kind_desks;
extern const lw_ingest_kind lw_kind_providers;  /* register_education.c */
extern const lw_ingest_kind lw_kind_offerings;  /* register_education.c */
extern const lw_ingest_kind lw_kind_evc;        /* register_education.c */
extern const lw_ingest_kind lw_kind_companies;  /* register_work.c */
extern const lw_ingest_kind lw_kind_vacancies;  /* register_work.c */
extern const lw_ingest_kind lw_kind_schemes;    /* register_work.c */
extern const lw_ingest_kind lw_kind_offerings_ooapi;  /* json_ooapi.c */
extern const lw_ingest_kind lw_kind_vacancies_jsonld; /* json_jsonld.c */
extern const lw_ingest_kind lw_kind_qualification_links; /* link_kind.c */
extern const lw_ingest_kind lw_kind_covenants;       /* monitor_kinds.c */
extern const lw_ingest_kind lw_kind_covenant_shares; /* monitor_kinds.c */
extern const lw_ingest_kind lw_kind_trajectories;    /* monitor_kinds.c */
extern const lw_ingest_kind lw_kind_expenditures;    /* monitor_kinds.c */

/* The store the import writes to. */
lw_store *lw_im_store(lw_importer *im);
/* The options of the import (never NULL). */
const lw_ingest_opts *lw_im_opts(lw_importer *im);
/* 0 once a row was rejected in an all-or-nothing import: then only check. */
int lw_im_writing(const lw_importer *im);
/*
 * Field of column col (index into the kind's cols), trimmed; "" when absent.
 * Borrowed from the reader: valid until the row function returns, which is
 * why row functions may bind it with SQLITE_STATIC and step before then.
 */
const char *lw_im_get(lw_importer *im, size_t col);
/* Rejects the current row; returns LW_EINPUT. col may be LW_NO_COL. */
#define LW_NO_COL ((size_t)-1)
int lw_im_reject(lw_importer *im, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Records the row's natural key; rejects a key seen before in the file
 * (LW_EINPUT). Returns LW_ENOMEM without a message: pass the code on as
 * the row's result and the framework reports it.
 */
int lw_im_claim_key(lw_importer *im, size_t col, const char *key);
/* 1 once the import has added, changed or pruned anything (in finish). */
int lw_im_changed(const lw_importer *im);
/*
 * v as it may appear in a message: whole up to 60 bytes, else its start and
 * "...", cut on a character boundary (memory from the import's arena).
 */
const char *lw_im_show(lw_importer *im, const char *v);
/* The line on which the current row starts. */
long lw_im_line(const lw_importer *im);
/* About how many rows of a CSV file are still to come, by its bytes read so far (0: unknown). */
size_t lw_im_rows_left(const lw_importer *im);
/* A note for the summary ("het standaardnetwerk is vervangen"). */
void lw_im_note(lw_importer *im, const char *note);
/* Scratch memory that lives as long as the import. */
lw_arena *lw_im_arena(lw_importer *im);

/* Field checks: each rejects the row with a clear reason on failure. */
int lw_im_text(lw_importer *im, size_t col, int required, const char **out);
int lw_im_long(lw_importer *im, size_t col, long min, long max, int required, long *out,
	       int *present);
int lw_im_double(lw_importer *im, size_t col, double min, double max, int required,
		 double *out, int *present);
/* "GM" + 4 digits etc.; the value must be present. */
int lw_im_code(lw_importer *im, size_t col, const char *prefix, int digits, const char **out);

/*
 * Further field checks for the registers (all reject the row with a clear
 * reason). Optional fields that are empty leave *present 0 / *out NULL.
 */
/* A calendar date YYYY-MM-DD (checked: 2023-02-29 is no date). */
int lw_im_date(lw_importer *im, size_t col, int required, const char **out);
/*
 * The key of a register row (offerings, EVC procedures, vacancies,
 * schemes): ASCII letters, digits, '-', '_' and '.', at most 64; required.
 */
int lw_im_register_code(lw_importer *im, size_t col, const char **out);
/* The same check for a value v of column col, e.g. one item of a list. */
int lw_im_check_date(lw_importer *im, size_t col, const char *v);
/* One of allowed (NULL-terminated), in any case; *out is the canonical spelling. */
int lw_im_enum(lw_importer *im, size_t col, const char *const *allowed, int required,
	       const char **out);
/* A postcode, normalised ("3511 ab" -> "3511AB") into out; out[0] = 0 when absent. */
int lw_im_postcode(lw_importer *im, size_t col, int required, char out[8]);
/* An amount in euros ("12,50", "1250", "1.250,00" is not accepted) as cents, >= 0. */
int lw_im_cents(lw_importer *im, size_t col, int required, long *out, int *present);
/* "ja"/"nee" (also "1"/"0", "true"/"false"); empty: 0. */
int lw_im_yesno(lw_importer *im, size_t col, int *out);
/*
 * Splits a list field on ';' (spaces around items trimmed, empty items
 * skipped) and calls fn for each item; fn returns LW_OK or rejects.
 * *count receives the number of items.
 */
int lw_im_each(lw_importer *im, size_t col, int (*fn)(lw_importer *im, void *ud, char *item),
	       void *ud, size_t *count);

/*
 * A ';' list as it is compared with the store: each item checked and put in
 * its normal form by check (which rejects the row otherwise), sorted, none
 * twice, joined by ';'. Comparing this form means that only a real change
 * of the list rewrites the child rows, not another order or spelling.
 */
typedef int (*lw_im_check)(lw_importer *im, size_t col, const void *ud, char *item);

typedef struct lw_im_list {
	lw_buf joined;      /* the result: "3511AB;3521", "" when empty */
	const char **items; /* scratch, kept from row to row */
	size_t n, cap;
	size_t col; /* the parse under way */
	lw_im_check check;
	const void *ud;
} lw_im_list;

/* Parses column col into l->joined; an empty list is rejected when required. */
int lw_im_list_parse(lw_importer *im, size_t col, int required, lw_im_check check,
		     const void *ud, lw_im_list *l, lw_err *err);
void lw_im_list_free(lw_im_list *l);

/*
 * A child table of one column per parent key (provider_location,
 * evc_region, training_company_recognition), kept equal to a normalised,
 * sorted, ';'-joined list. The table and column names come from code,
 * never from input.
 */
typedef struct lw_children {
	sqlite3_stmt *list, *clear, *add;
} lw_children;

int lw_children_prepare(lw_store *s, lw_children *c, const char *table, const char *parent,
			const char *column, lw_err *err);
/* Rewrites key's rows only when they differ from list; then *changed = 1. */
int lw_children_sync(lw_importer *im, lw_children *c, const char *key, const char *list,
		     int *changed, lw_err *err);
/* Finalizes the statements (safe on a zeroed struct). */
void lw_children_free(lw_children *c);

/* Binds text, or NULL when s is NULL or "". */
int lw_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Runs an upsert; *changed = 1 when a row was inserted or updated. */
int lw_im_step(lw_importer *im, sqlite3_stmt *st, int *changed, lw_err *err);
/*
 * Loads "SELECT key[, value]" into a map. Each entry's value is a pointer to
 * a copy of the value text in the import's arena (see lw_im_map_get), or
 * NULL for a one-column query. Caller frees the map.
 */
int lw_im_load_map(lw_importer *im, const char *sql, lw_strmap **out, lw_err *err);
/* 1 when key is in m; *value (if not NULL) receives the text stored with it. */
int lw_im_map_get(const lw_strmap *m, const char *key, const char **value);

/* ---- JSON files: the second record source (json_source.c) ---------------- */

/*
 * A JSON kind does not read rows: its file is parsed whole (jansson), and
 * each part lists JSON objects as records and maps one at a time onto the
 * columns of a CSV kind. The framework then runs that kind's row function
 * on it, as on a CSV row: the same checks, the same upserts. Where a CSV
 * problem names FILE:LINE and a column, a JSON problem names FILE:PATH
 * (offerings[3]) and the field it came from (startDate).
 */
typedef struct lw_json_doc lw_json_doc; /* the parsed file and the format's lookups */
typedef struct lw_json_rec lw_json_rec; /* the record under way */

typedef struct lw_json_part {
	const lw_ingest_kind *kind; /* whose row function checks and writes the records */
	/*
	 * The file holds only some of the kind's rows (the providers an OOAPI
	 * file names): no absent keys are listed and --prune leaves the kind alone.
	 */
	int keep_others;
	/* Lists the records: lw_json_add for each. */
	int (*list)(lw_json_doc *doc, lw_err *err);
	/*
	 * Maps the current record onto the kind's columns with lw_json_set.
	 * Returns LW_OK, LW_EINPUT after lw_json_reject (or another lw_im_*
	 * check), or a fatal code (err set, or LW_ENOMEM without a message).
	 */
	int (*map)(lw_importer *im, lw_json_doc *doc, lw_json_rec *rec, lw_err *err);
} lw_json_part;

struct lw_json_format {
	const char *describe; /* Dutch, for --help: the format and its documentation */
	const lw_json_part *parts;
	size_t nparts;
	/*
	 * Checks the shape of the whole document and builds the format's
	 * lookups (lw_json_set_model). A problem here fails the whole file,
	 * as a bad CSV header does: LW_EINPUT with err "FILE:PATH: reden".
	 */
	int (*prepare)(lw_json_doc *doc, lw_err *err);
	void (*release)(void *model);
};

/*
 * Parses path: a syntax error is LW_EINPUT "FILE:LINE:COLUMN: ongeldige
 * JSON: ..." (jansson's words). Then runs the format's prepare.
 */
int lw_json_load(const char *path, const lw_json_format *fmt, lw_json_doc **out, lw_err *err);
void lw_json_free(lw_json_doc *doc);
/* Lists the records of part (replacing the previous part's). */
int lw_json_list(lw_json_doc *doc, const lw_json_part *part, lw_err *err);
size_t lw_json_count(const lw_json_doc *doc);
/* Where record i is, "offerings[3]". */
const char *lw_json_path(const lw_json_doc *doc, size_t i);
/* A note for the part's result, set by its list function, or NULL. */
const char *lw_json_note(const lw_json_doc *doc);

/* For the framework: the record under way, with room for ncols columns. */
int lw_json_rec_new(lw_json_doc *doc, size_t ncols, lw_json_rec **out);
void lw_json_rec_free(lw_json_rec *rec);
/* Makes record i current, with no values yet. */
void lw_json_rec_load(lw_json_rec *rec, size_t i);
size_t lw_json_rec_index(const lw_json_rec *rec);
const char *lw_json_rec_path(const lw_json_rec *rec);
/* The value of column col, "" when not set; slots past the columns too. */
const char *lw_json_get(const lw_json_rec *rec, size_t col);
/* The field column col came from ("startDate"), or NULL. */
const char *lw_json_field(const lw_json_rec *rec, size_t col);
/* One line of the rejects file: {"pad", "veld", "reden", "object"}. */
void lw_json_write_reject(FILE *f, const lw_json_rec *rec, const char *field,
			  const char *reason);

/* For the formats. */
struct json_t;
struct json_t *lw_json_root(const lw_json_doc *doc);
const char *lw_json_name(const lw_json_doc *doc);
void *lw_json_model(const lw_json_doc *doc);
void lw_json_set_model(lw_json_doc *doc, void *model);
void lw_json_set_note(lw_json_doc *doc, const char *note);
/* Memory that lives as long as the document. */
lw_arena *lw_json_arena(lw_json_doc *doc);
/* Adds a record: obj (borrowed from the document) at the path fmt, ... . */
int lw_json_add(lw_json_doc *doc, struct json_t *obj, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The object of the current record (may be any JSON value). */
struct json_t *lw_json_obj(const lw_json_rec *rec);
/* The index of the kind's column called name; LW_NO_COL when there is none. */
size_t lw_json_col(const lw_ingest_kind *k, const char *name);
/*
 * Sets column col to value (copied and trimmed; NULL: not set), taken from
 * field (the JSON path below the record, for messages).
 */
int lw_json_set(lw_json_rec *rec, size_t col, const char *value, const char *field);
/*
 * A slot past the kind's columns for a field no column takes (endDate), so
 * that the lw_im_* checks can test it and name it; LW_NO_COL when full.
 */
size_t lw_json_slot(lw_json_rec *rec, const char *value, const char *field);
/* Rejects the record for field (NULL: the record as a whole); LW_EINPUT. */
int lw_json_reject(lw_importer *im, lw_json_rec *rec, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "een getal", "een object", ...: how a JSON value of the wrong type is named. */
const char *lw_json_kind_of(const struct json_t *v);

#endif

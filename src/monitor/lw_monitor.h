/*
 * lw_monitor.h - the monitor of Leren & Werken: covenants, trajectories
 * registered under a keyed pseudonym, double registrations, expenditures,
 * and the counts the progress reports are made of. Knows nothing of HTTP,
 * HTML or output formats: the CLI, the JSON API and the reports render
 * what is here. See docs/internals/monitor.md ("Trajectories and counts")
 * and docs/formats/monitor.md.
 *
 * Privacy: a participant is known only by HMAC-SHA256(key, BSN). The key
 * comes from a file or the environment and is never stored; the BSN is
 * checked (eleven-test), turned into the pseudonym and forgotten. Nothing
 * here stores, logs or echoes a BSN: messages show it masked ("*****6782").
 *
 * Ownership follows geo: a result struct owns an arena with all its
 * strings and arrays, and its *_free must be called whatever the function
 * returned (it is safe on a zeroed result).
 */
#ifndef LW_MONITOR_H
#define LW_MONITOR_H

#include "lw_base.h"
#include "lw_store.h"

/* ---- the codes ---------------------------------------------------------- */

/* A code (stored, typed in files, options and JSON) and its Dutch label. */
typedef struct lw_monitor_code {
	const char *code, *label;
} lw_monitor_code;

/* The kinds of trajectory. */
enum { LW_MON_KIND_EVC, LW_MON_KIND_DUAAL, LW_MON_NKINDS };
/* Levels: the qualification's, or the level of a trajectory without one. */
enum {
	LW_MON_LEVEL_MBO1,
	LW_MON_LEVEL_MBO2,
	LW_MON_LEVEL_MBO3,
	LW_MON_LEVEL_MBO4,
	LW_MON_LEVEL_AD,
	LW_MON_LEVEL_HBO,
	LW_MON_LEVEL_WO,
	LW_MON_LEVEL_BRANCHE,
	LW_MON_NLEVELS
};
/*
 * The sectors (branches) of a workplace and of a sectoral covenant, and the
 * target groups: the code lists of the default programme
 * (data/programma-leren-en-werken-2008-2011.json, "codelijsten"), in its
 * order.
 */
enum {
	LW_MON_SECTOR_ZORG,
	LW_MON_SECTOR_TECHNIEK,
	LW_MON_SECTOR_LANDBOUW,
	LW_MON_SECTOR_ONDERWIJS,
	LW_MON_SECTOR_HORECA,
	LW_MON_SECTOR_HANDEL,
	LW_MON_SECTOR_TRANSPORT,
	LW_MON_SECTOR_DIENSTVERLENING,
	LW_MON_SECTOR_OVERHEID,
	LW_MON_SECTOR_OVERIG,
	LW_MON_NSECTORS
};
/*
 * A trajectory has a set of target groups (bit i: group i), maybe empty. A
 * group falls under its parent: the stored set
 * always holds the parents of its groups too, so that "werkzoekende"
 * selects a moeilijk bemiddelbare werkzoekende, as in the programme.
 */
enum {
	LW_MON_GROUP_WERKZOEKENDE,
	LW_MON_GROUP_MOEILIJK_BEMIDDELBAAR, /* moeilijk-bemiddelbare-werkzoekende */
	LW_MON_GROUP_HERINTREDER,
	LW_MON_GROUP_WERKNEMER,
	LW_MON_GROUP_JONGERE_ZONDER_SK, /* werkende-jongere-zonder-startkwalificatie */
	LW_MON_GROUP_ZELFSTANDIGE,
	LW_MON_GROUP_VRIJWILLIGER,
	LW_MON_NGROUPS
};
/* set with the parents of its groups added. */
unsigned lw_monitor_groups_closed(unsigned set);
/* Age at the start, in bands that the programme's targets name (18-23, 27-40). */
enum {
	LW_MON_AGE_TOT18, /* 14-17 */
	LW_MON_AGE_18_23,
	LW_MON_AGE_24_26,
	LW_MON_AGE_27_40,
	LW_MON_AGE_41_54,
	LW_MON_AGE_55PLUS, /* 55-80 */
	LW_MON_NAGES
};
#define LW_MON_AGE_MIN 14
#define LW_MON_AGE_MAX 80
/* Status of a trajectory, and the events counted: started, completed, stopped. */
enum { LW_MON_STATUS_STARTED, LW_MON_STATUS_COMPLETED, LW_MON_STATUS_STOPPED, LW_MON_NSTATUS };
enum {
	LW_MON_OUTCOME_DIPLOMA,
	LW_MON_OUTCOME_ERVARINGSCERTIFICAAT,
	LW_MON_OUTCOME_BRANCHECERTIFICAAT,
	LW_MON_OUTCOME_PRAKTIJKVERKLARING,
	LW_MON_NOUTCOMES
};

/* Each list has its LW_N* entries, then {NULL, NULL}. */
const lw_monitor_code *lw_monitor_kinds(void);    /* evc, duaal */
const lw_monitor_code *lw_monitor_levels(void);   /* mbo-1 ... wo, branche */
const lw_monitor_code *lw_monitor_sectors(void);  /* zorg, techniek, ... */
const lw_monitor_code *lw_monitor_groups(void);   /* werkzoekende, ... */
const lw_monitor_code *lw_monitor_ages(void);     /* tot-18, 18-23, ... 55-plus */
const lw_monitor_code *lw_monitor_statuses(void); /* gestart, afgerond, gestopt */
const lw_monitor_code *lw_monitor_outcomes(void); /* diploma, ... */
/* The index of code (any case) in list, or -1. */
int lw_monitor_code_find(const lw_monitor_code *list, const char *code);
/* The band of an age (LW_MON_AGE_MIN..LW_MON_AGE_MAX), or -1. */
int lw_monitor_age_band(int age);
/* The first and last age of band b. */
void lw_monitor_age_range(int band, int *min, int *max);
/* The region code of a workplace on the Netherlands Antilles. */
#define LW_MON_ANTILLES "ANT"

/* ---- the key and the BSN ------------------------------------------------ */

#define LW_MONITOR_KEY_BYTES 32

typedef struct lw_monitor_key {
	unsigned char bytes[LW_MONITOR_KEY_BYTES];
} lw_monitor_key;

/*
 * Loads the pseudonymisation key: from file when not NULL (--sleutel),
 * else from the file named by LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND, else
 * from LEERWERK_PSEUDONIEM_SLEUTEL. Either holds 64 hexadecimal digits
 * (white space around them is ignored). LW_ENOTFOUND when none is set,
 * LW_EINPUT for a key that is not 64 hex digits, LW_EIO for a file that
 * cannot be read; err says so in Dutch. Wipe the key after use.
 */
int lw_monitor_key_load(const char *file, lw_monitor_key *key, lw_err *err);
/* Parses 64 hex digits (white space around them ignored); LW_EINPUT otherwise. */
int lw_monitor_key_parse(const char *hex, lw_monitor_key *key, lw_err *err);
/* A new random key as 64 hex digits into out[65]. */
void lw_monitor_key_new(char out[65]);
void lw_monitor_key_wipe(lw_monitor_key *key);

/*
 * A BSN as typed ("123456782", "1234.56.782", "12345678" with its leading
 * zero lost) in its normal form: 9 digits into out[10], spaces, dots and
 * dashes left out, 8 digits padded with a leading 0. 1 when that gives 9
 * digits that pass the eleven-test (9*d1 + 8*d2 + ... + 2*d8 - d9 is a
 * multiple of 11, and not all zeros), else 0. out is wiped on failure.
 */
int lw_bsn_normalise(const char *in, char out[10]);
/*
 * in as it may appear in a message: every character but the last 4
 * replaced by '*' ("*****6782"); 4 characters or fewer all '*'. At most
 * size - 1 bytes; out is always terminated.
 */
void lw_bsn_mask(const char *in, char *out, size_t size);
/*
 * A field of a trajectory file as the rejects file may show it: for the
 * BSN column (is_bsn) always masked; any other field masked when it holds
 * 8 digits or more and has not the shape of a date (NNNN-NN-NN), as a
 * BSN typed in the wrong column would. Appends to out.
 */
int lw_monitor_redact(const char *field, int is_bsn, lw_buf *out);
/* The pseudonym of a BSN: HMAC-SHA256(key, its 9-digit normal form). */
int lw_monitor_pseudonym(const lw_monitor_key *key, const char *bsn, unsigned char out[32]);

/* ---- registering trajectories ------------------------------------------- */

/*
 * The fields of a trajectory, in the order of the CSV columns. Their Dutch
 * names (lw_trajectory_field) are the columns of `import trajecten`, the
 * options of `monitor add` (--convenant, ...) and the members of POST
 * /api/v1/trajectories alike.
 */
enum {
	LW_TF_COVENANT,     /* convenant: a known covenant code */
	LW_TF_BSN,          /* bsn: only for the pseudonym, never stored */
	LW_TF_KIND,         /* soort: evc, duaal */
	LW_TF_CREBO,        /* crebo: optional, 5 digits */
	LW_TF_LEVEL,        /* niveau: required without a known crebo */
	LW_TF_SECTOR,       /* sector */
	LW_TF_MUNICIPALITY, /* gemeente: GM code, or "antillen" */
	LW_TF_POSTCODE,     /* postcode: when gemeente is empty (or to agree with it) */
	LW_TF_START,        /* start: YYYY-MM-DD */
	LW_TF_STATUS,       /* status: gestart (default), afgerond, gestopt */
	LW_TF_STATUS_DATE,  /* statusdatum: with afgerond and gestopt */
	LW_TF_OUTCOME,      /* resultaat: with afgerond */
	LW_TF_GROUPS,       /* doelgroepen: ';'-separated, may be empty */
	LW_TF_AGE,          /* leeftijd: at the start, 14-80 */
	LW_NTF
};
const char *lw_trajectory_field(int f);

/* The fields as typed: NULL or "" is empty. Surrounding white space is ignored. */
typedef struct lw_trajectory_in {
	const char *f[LW_NTF];
} lw_trajectory_in;

/*
 * The problems of one record, at most one per field (field -1: the record
 * as a whole), in field order. Messages are Dutch, name no field (the
 * caller does, as its column, option or member) and never show a BSN but
 * masked.
 */
typedef struct lw_monitor_problem {
	int field;
	char msg[256];
} lw_monitor_problem;

typedef struct lw_monitor_problems {
	lw_monitor_problem e[LW_NTF + 1];
	size_t n;
} lw_monitor_problems;

/* A checked registration, as stored (no BSN). */
typedef struct lw_trajectory {
	int64_t id; /* the registration number, once written */
	char covenant[65];
	unsigned char pseudonym[32];
	int64_t match_key;
	int kind, level, sector, status;
	int outcome;          /* -1: none */
	char crebo[6];        /* "" when none */
	char municipality[8]; /* "" when none (a postcode without one, the Antilles) */
	char postcode[8];     /* normalised, "" when none */
	char region[8];       /* AMnn, or "ANT" */
	char start[11];       /* YYYY-MM-DD */
	char status_date[11]; /* "" while started */
	unsigned groups;      /* bit i: group i */
	int age;
	int duplicate; /* 0 counted nationally, 1 for its covenant only, 2 not counted */
} lw_trajectory;

/* What a write did. */
enum { LW_MON_ADDED = 1, LW_MON_CHANGED, LW_MON_UNCHANGED };

/*
 * A registrar: checks and writes registrations, and keeps the counts in
 * the same transaction. It reads the covenants, municipalities, regions
 * and qualifications once when opened, so open it inside the transaction
 * that writes. key may be NULL for a registrar that only checks nothing
 * but the fields without a BSN (then a BSN is a problem). Caller frees.
 */
typedef struct lw_monitor_reg lw_monitor_reg;
int lw_monitor_reg_open(lw_store *s, const lw_monitor_key *key, lw_monitor_reg **out, lw_err *err);
void lw_monitor_reg_free(lw_monitor_reg *r);
/*
 * Checks every field of in into t (all problems at once). LW_OK, or
 * LW_EINPUT with p filled; another code is a store failure (err).
 */
int lw_monitor_reg_check(lw_monitor_reg *r, const lw_trajectory_in *in, lw_trajectory *t,
                         lw_monitor_problems *p, lw_err *err);
/*
 * Writes checked t inside the caller's transaction: a new registration,
 * or the update of the registration with the same covenant, pseudonym,
 * kind, qualification (crebo, else level) and start date. A status change
 * never adds a registration. Registrations of the same person, kind and
 * qualification get their duplicate flags again (the earliest start
 * counts nationally; then the covenant code decides). *what is
 * LW_MON_ADDED, _CHANGED or _UNCHANGED; t->id and t->duplicate are set
 * (in bulk mode a new registration that joins a group gets its flag on the
 * writer thread: t->duplicate is then -1). tag says where t came from (a
 * line): writing the same registration twice through one registrar is
 * LW_EINPUT, with p naming the first tag.
 */
int lw_monitor_reg_write(lw_monitor_reg *r, lw_trajectory *t, int64_t tag, int *what,
                         lw_monitor_problems *p, lw_err *err);
/*
 * Tells r that many registrations follow (an import). Once it has written
 * twice what the store held, r sets the index trajectory_match aside (it
 * is built again, in one sort, by the flush), keeps every match key in
 * memory, and runs the writes on a thread of its own behind the checks.
 * Then, until lw_monitor_reg_flush (or lw_monitor_reg_free) returns, the
 * caller must not use the store itself: the writer thread has it.
 */
void lw_monitor_reg_bulk(lw_monitor_reg *r);
/*
 * Tells a bulk writer about how many registrations are still to come, so
 * that it sizes its memory once rather than growing it step by step.
 */
void lw_monitor_reg_expect(lw_monitor_reg *r, size_t more);
/*
 * Completes every write, builds the index set aside, and adds the counts
 * of what was written to the store; call before the commit. A failure of
 * the writer thread comes back here, or from an earlier write.
 */
int lw_monitor_reg_flush(lw_monitor_reg *r, lw_err *err);

/* The outcome of one registration through lw_monitor_register. */
typedef struct lw_registration {
	lw_trajectory t;
	int what;            /* LW_MON_ADDED, ... */
	char counted_by[65]; /* a duplicate: the covenant whose registration counts nationally */
} lw_registration;

/*
 * Checks and writes one registration in its own transaction (s must not be
 * in one): `monitor add` and POST /api/v1/trajectories. LW_OK, LW_EINPUT
 * (p), or a store failure (err). Nothing is written unless LW_OK.
 */
int lw_monitor_register(lw_store *s, const lw_monitor_key *key, const lw_trajectory_in *in,
                        lw_registration *out, lw_monitor_problems *p, lw_err *err);

/*
 * Recomputes every duplicate flag and every count from the registrations,
 * in one transaction: a repair, and the proof (in the tests) that the
 * counts kept by the writes are right.
 */
int lw_monitor_rebuild(lw_store *s, lw_err *err);

/* ---- counting ----------------------------------------------------------- */

typedef struct lw_counts {
	long started, completed, stopped;
} lw_counts;

/*
 * Which trajectories to count. Zero is "all, nationally". Every filter
 * that is set must hold (a conjunction).
 */
typedef struct lw_selection {
	/*
	 * NULL or "": nationally, each person, kind and qualification once
	 * (duplicate 0). A covenant code: that covenant's registrations, each
	 * person, kind and qualification once (duplicate 0 or 1).
	 */
	const char *covenant;
	unsigned kinds;       /* bit LW_MON_KIND_*; 0: both */
	unsigned levels;      /* bit LW_MON_LEVEL_*; 0: all */
	unsigned sectors;     /* bit LW_MON_SECTOR_*; 0: all */
	unsigned groups;      /* bit LW_MON_GROUP_*: has at least one of them; 0: any */
	int age_min, age_max; /* at the start, inclusive; 0: open */
	/*
	 * NULL-terminated region codes: AMnn, ANT (the Antilles; also
	 * "antillen", as programme files write it) or "nederland" (every
	 * AMnn); NULL: all.
	 */
	const char *const *regions;
} lw_selection;

/*
 * Counts the events of the selected trajectories from day from up to and
 * including day to (YYYY-MM-DD; NULL or "" leaves a side open): started
 * by start date, completed and stopped by status date. "As of D" is
 * from NULL, to D. LW_EINPUT for a day that does not exist, from after
 * to, or a selection that names an unknown code.
 */
int lw_monitor_count(lw_store *s, const lw_selection *sel, const char *from, const char *to,
                     lw_counts *out, lw_err *err);

/* The breakdowns of lw_monitor_breakdown. */
typedef enum lw_monitor_by {
	LW_MON_BY_COVENANT, /* nationally: each covenant's own count (they may add up to more) */
	LW_MON_BY_KIND,
	LW_MON_BY_SECTOR,
	LW_MON_BY_REGION,
	LW_MON_BY_LEVEL,
	LW_MON_BY_AGE,
	LW_MON_BY_GROUP, /* a trajectory counts in each of its groups */
	LW_MON_BY_YEAR,  /* an event counts in the year of its own date */
	LW_MON_BY_MONTH  /* "2009-03" */
} lw_monitor_by;

typedef struct lw_count_row {
	const char *key; /* a code ("evc", "zorg", "AM13", covenant code), "2009" or "2009-03" */
	lw_counts n;
} lw_count_row;

typedef struct lw_count_table {
	lw_count_row *rows; /* rows with at least one event, by key */
	size_t n;
	lw_counts total;     /* lw_monitor_count of the same selection and period */
	int from_aggregates; /* 1: read from the counts kept; 0: counted over the registrations */
	lw_arena arena;
} lw_count_table;

/*
 * lw_monitor_count per group. The counts kept answer a selection with at
 * most one of sectors, regions, levels, one group, or an age range on band
 * boundaries, or the pairs group and age, level and age, combined with
 * any kinds and any breakdown on the same attribute or on covenant, kind,
 * year or month. Any other selection is counted over the registrations:
 * the same answer, slower. Free t with lw_count_table_free in every case.
 */
int lw_monitor_breakdown(lw_store *s, const lw_selection *sel, lw_monitor_by by, const char *from,
                         const char *to, lw_count_table *t, lw_err *err);
void lw_count_table_free(lw_count_table *t);

/* ---- covenants, doubles, expenditures ------------------------------------ */

typedef struct lw_share {
	const char *target;
	int year;
	long value;
} lw_share;

typedef struct lw_covenant {
	const char *code, *name, *kind; /* kind: "regionaal" or "sectoraal" */
	const char *sector;             /* sectoral: the sector; else NULL */
	const char **areas;             /* regional: GM/AM codes, ANT; sorted */
	size_t nareas;
	lw_share *shares; /* by target, then year */
	size_t nshares;
} lw_covenant;

typedef struct lw_covenant_list {
	lw_covenant *covenants; /* by code */
	size_t n;
	lw_arena arena;
} lw_covenant_list;

int lw_monitor_covenants(lw_store *s, lw_covenant_list *l, lw_err *err);
void lw_covenant_list_free(lw_covenant_list *l);

/* A registration that does not count nationally because another one does. */
typedef struct lw_double {
	const char *covenant; /* whose registration this is */
	int64_t id;
	const char *kind, *qualification, *start, *status;
	int duplicate;                /* 1: counts for its covenant; 2: its covenant has it twice */
	const char *counted_covenant; /* the covenant of the registration that counts */
	int64_t counted_id;
} lw_double;

typedef struct lw_double_list {
	lw_double *rows; /* by covenant, then id */
	size_t n;
	lw_arena arena;
} lw_double_list;

/* The double registrations, of covenant (NULL: all). */
int lw_monitor_doubles(lw_store *s, const char *covenant, lw_double_list *l, lw_err *err);
void lw_double_list_free(lw_double_list *l);

typedef struct lw_spend_row {
	const char *budget_line;
	int year;
	const char *covenant; /* NULL: not for a covenant */
	int64_t cents;
	long entries;
} lw_spend_row;

typedef struct lw_spend_table {
	lw_spend_row *rows; /* by budget line, year, covenant (none first) */
	size_t n;
	int64_t total_cents;
	lw_arena arena;
} lw_spend_table;

/* Expenditure from day from to day to inclusive (NULL or "": open). */
int lw_monitor_spending(lw_store *s, const char *from, const char *to, lw_spend_table *t,
                        lw_err *err);
void lw_spend_table_free(lw_spend_table *t);

#endif

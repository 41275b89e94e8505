/*
 * lw_programme.h - the programme as data: its period, national target and
 * sub-targets (each with a selection over the facts of a trajectory), the
 * starting position, other ambitions, context indicators, the budget lines
 * and funding sources per year with their printed totals, and the running
 * costs. The file format is docs/formats/programma.md; the design is in
 * docs/internals/monitor.md ("The programme").
 *
 * A programme is read from JSON and checked whole: a programme that loads
 * is consistent (its lines add up to the printed totals, funding equals
 * spending, yearly values match their totals). It is immutable after
 * loading; everything in it lives as long as the programme and is freed by
 * lw_programme_free. Reading it from several threads is safe.
 *
 * Amounts are integers in thousands of euro (the plan writes millions with
 * at most one decimal; the format allows three). Shares and percentages are
 * integers in hundredths of a percent (10% = 1000). Counts are plain.
 */
#ifndef LW_PROGRAMME_H
#define LW_PROGRAMME_H

#include <stddef.h>

#include "lw_base.h"

/* "No value" for a year, an optional number or an absent bound. */
#define LW_PROGRAMME_NONE (-1L)

/* The two kinds of trajectory the programme counts. */
typedef enum lw_programme_kind { LW_KIND_EVC = 1, LW_KIND_DUAAL = 2 } lw_programme_kind;

/* The level of a trajectory (its qualification or degree). */
typedef enum lw_programme_level {
	LW_LEVEL_MBO1 = 1,
	LW_LEVEL_MBO2,
	LW_LEVEL_MBO3,
	LW_LEVEL_MBO4,
	LW_LEVEL_AD,
	LW_LEVEL_HBO,
	LW_LEVEL_WO,
	LW_LEVEL_BRANCHE /* a branch certificate */
} lw_programme_level;

/* "evc" / "duaal" -> kind, or 0. */
int lw_programme_kind_parse(const char *s);
const char *lw_programme_kind_name(int kind); /* "evc", "duaal" or "?" */
/* "mbo-1".."mbo-4", "ad", "hbo", "wo", "branche" -> level, or 0. */
int lw_programme_level_parse(const char *s);
const char *lw_programme_level_name(int level);

/* How a number in the plan is qualified ("ruim 13 duizend", "zeker 40"). */
typedef enum lw_programme_approx {
	LW_APPROX_EXACT = 0,
	LW_APPROX_RUIM,    /* ruim: just over */
	LW_APPROX_CIRCA,   /* circa: about */
	LW_APPROX_MINIMAAL /* minimaal: at least */
} lw_programme_approx;

/* "" for exact, else "ruim", "circa", "minimaal". */
const char *lw_programme_approx_name(lw_programme_approx a);

/* An entry of a code list (target groups, sectors). */
typedef struct lw_programme_code {
	const char *code;
	const char *name;
	const char *parent; /* target groups: the group it falls under, or NULL */
} lw_programme_code;

/*
 * Which trajectories count. Every restriction that is set must hold (AND);
 * within a list any entry will do (OR). An empty list or a bound of
 * LW_PROGRAMME_NONE does not restrict.
 */
typedef struct lw_programme_selection {
	unsigned kinds;      /* bit (1 << kind) per lw_programme_kind; 0 = any */
	unsigned levels;     /* bit (1 << level) per lw_programme_level; 0 = any */
	const char **groups; /* target-group codes; a group also matches its subgroups */
	size_t ngroups;
	const char **sectors;
	size_t nsectors;
	const char **regions; /* "AM13", "nederland" (any AMxx) or "antillen" */
	size_t nregions;
	long age_min, age_max; /* age at start, inclusive */
} lw_programme_selection;

/*
 * The facts of one trajectory, as the registration knows them. Unknown
 * facts: kind/level 0, age LW_PROGRAMME_NONE, NULL strings; a selection
 * that restricts an unknown fact does not count the trajectory.
 */
typedef struct lw_programme_facts {
	int kind;
	int level;
	const char *const *groups;
	size_t ngroups;
	const char *sector;
	const char *region; /* "AM13" or "antillen" */
	long age;
} lw_programme_facts;

/* A target: the national one or a sub-target. */
typedef struct lw_programme_target {
	const char *code;
	const char *name;
	const char *source; /* the plan's own words (bron) */
	const char *note;   /* our reading of them (toelichting), or NULL */
	lw_programme_selection sel;
	int within_national; /* counts only what the national target counts too */
	long total;          /* LW_PROGRAMME_NONE: no total (tracked only) */
	long share;          /* of the national target, hundredths of %, or NONE */
	int due_year;        /* year by which the total is due */
	long *per_year;      /* [year - first_year], LW_PROGRAMME_NONE per empty year */
} lw_programme_target;

/* A value of the starting position (uitgangspositie). */
typedef struct lw_programme_start_item {
	const char *code;
	const char *name;
	const char *source;
	long value;
	lw_programme_approx approx;
	long target; /* what the earlier period aimed at, or LW_PROGRAMME_NONE */
} lw_programme_start_item;

/* How an ambition that is not a trajectory count is followed. */
typedef enum lw_programme_measure {
	LW_MEASURE_DESKS = 1, /* loketten: counted in leerwerk's desk network */
	LW_MEASURE_EXTERNAL,  /* extern: a figure from outside, entered by hand */
	LW_MEASURE_CONTEXT    /* context: shown, not monitored */
} lw_programme_measure;

const char *lw_programme_measure_name(lw_programme_measure m);

typedef struct lw_programme_ambition {
	const char *code;
	const char *name;
	const char *source;
	const char *note;
	long value;
	lw_programme_approx approx;
	int year;           /* by when, or 0 */
	int increase_since; /* value is the increase over this year, or 0 */
	int baseline_year;  /* a known starting value, or 0 */
	long baseline;
	lw_programme_measure measure;
	int has_contribution; /* trajectories that contribute (bijdrage) */
	lw_programme_selection contribution;
} lw_programme_ambition;

/* A context indicator (the Lisbon targets); values in hundredths. */
typedef struct lw_programme_measurement {
	int year;
	long value;
} lw_programme_measurement;

typedef struct lw_programme_indicator {
	const char *code;
	const char *name;
	const char *unit; /* "procent" */
	const char *source;
	int target_year;
	long target;
	lw_programme_measurement *measurements;
	size_t nmeasurements;
} lw_programme_indicator;

/* A printed sub-item of a budget line, without an amount of its own. */
typedef struct lw_programme_part {
	const char *name;
	const char **targets;
	size_t ntargets;
} lw_programme_part;

/* A budget line, a funding source or the running costs. */
typedef struct lw_programme_line {
	const char *code; /* NULL for the running costs */
	const char *name;
	const char *group;   /* budget lines: the annex's heading */
	int chapter;         /* budget lines: the plan's chapter, or 0 */
	const char *source;  /* the row as printed, with its name (bron), or NULL */
	const char *printed; /* its amounts as printed, in order (gedrukt), or NULL */
	const char *footnote;
	const char *note;
	int pays_for_trajectories;
	const char **targets; /* the targets whose trajectories it pays for */
	size_t ntargets;
	lw_programme_part *parts;
	size_t nparts;
	long *amounts; /* thousands of euro per [year - first_year]; 0 when blank */
} lw_programme_line;

typedef struct lw_programme lw_programme;

/*
 * Reads a programme from the JSON text json[0..n) and checks it whole.
 * source_name names the file in messages ("FILE:PATH: reden", or
 * "FILE:LINE:COLUMN: ongeldige JSON: ..."). Returns LW_OK and *out (caller
 * frees with lw_programme_free), LW_EINPUT with a Dutch message in err, or
 * LW_ENOMEM. *out is NULL on failure.
 */
int lw_programme_load(const char *json, size_t n, const char *source_name, lw_programme **out,
                      lw_err *err);
/* Reads and loads the file at path (LW_EIO when it cannot be read). */
int lw_programme_load_file(const char *path, lw_programme **out, lw_err *err);
/* The plan 2008-2011, compiled in from data/programma-leren-en-werken-2008-2011.json. */
int lw_programme_default(lw_programme **out, lw_err *err);
/* The compiled-in JSON text and its name. */
const char *lw_programme_default_json(size_t *len);
extern const char LW_PROGRAMME_DEFAULT_NAME[];
void lw_programme_free(lw_programme *p);

/* ---- the programme ---------------------------------------------------- */

const char *lw_programme_code_of(const lw_programme *p);
const char *lw_programme_name(const lw_programme *p);
const char *lw_programme_publisher(const lw_programme *p); /* or NULL */
const char *lw_programme_source_name(const lw_programme *p);
int lw_programme_first_year(const lw_programme *p);
int lw_programme_last_year(const lw_programme *p);

const lw_programme_code *lw_programme_groups(const lw_programme *p, size_t *n);
const lw_programme_code *lw_programme_sectors(const lw_programme *p, size_t *n);
/* The entry of a code, or NULL. */
const lw_programme_code *lw_programme_group_find(const lw_programme *p, const char *code);
const lw_programme_code *lw_programme_sector_find(const lw_programme *p, const char *code);

/* ---- targets ---------------------------------------------------------- */

const lw_programme_target *lw_programme_national(const lw_programme *p);
const lw_programme_target *lw_programme_subtargets(const lw_programme *p, size_t *n);
/* The national target or a sub-target by code, or NULL. */
const lw_programme_target *lw_programme_target_find(const lw_programme *p, const char *code);
/* The value of year, or LW_PROGRAMME_NONE (no split, or out of the period). */
long lw_programme_target_year(const lw_programme *p, const lw_programme_target *t, int year);
/*
 * 1 when target t counts a trajectory with these facts (for a sub-target
 * that is within the national target, the national selection must match
 * too), else 0.
 */
int lw_programme_counts(const lw_programme *p, const lw_programme_target *t,
                        const lw_programme_facts *f);
/* 1 when the facts match a selection (the group tree of p applies). */
int lw_programme_selection_matches(const lw_programme *p, const lw_programme_selection *s,
                                   const lw_programme_facts *f);

/* ---- starting position, ambitions, indicators ------------------------- */

const lw_programme_start_item *lw_programme_start(const lw_programme *p, int *first_year,
                                                  int *last_year, size_t *n);
const lw_programme_start_item *lw_programme_start_find(const lw_programme *p, const char *code);
const lw_programme_ambition *lw_programme_ambitions(const lw_programme *p, size_t *n);
const lw_programme_indicator *lw_programme_indicators(const lw_programme *p, size_t *n);

/* ---- money ------------------------------------------------------------ */

const lw_programme_line *lw_programme_budget_lines(const lw_programme *p, size_t *n);
const lw_programme_line *lw_programme_funding_sources(const lw_programme *p, size_t *n);
/* The running costs of the directorate (outside the totals), or NULL. */
const lw_programme_line *lw_programme_running_costs(const lw_programme *p);
/* The amount of a line in year (0 when blank or outside the period). */
long lw_programme_line_amount(const lw_programme *p, const lw_programme_line *l, int year);
/* The sum of the budget lines / funding sources in year. */
long lw_programme_budget_sum(const lw_programme *p, int year);
long lw_programme_funding_sum(const lw_programme *p, int year);
/* The totals printed in the plan, as the file gives them. */
long lw_programme_budget_printed(const lw_programme *p, int year);
long lw_programme_funding_printed(const lw_programme *p, int year);

/*
 * Appends an amount in thousands of euro as Dutch millions: 12000 ->
 * "12,0", 600 -> "0,6", 1250 -> "1,25" (at least one decimal).
 */
int lw_programme_amount_format(long thousands, lw_buf *out);
/* Appends a count with Dutch thousands dots: 90000 -> "90.000". */
int lw_programme_count_format(long n, lw_buf *out);
/*
 * Parses a decimal as the format writes it ("11,5", "12", "0,125": digits,
 * at most one comma, at most `decimals` digits after it) into an integer
 * scaled by 10^decimals. Returns LW_OK or LW_EINPUT.
 */
int lw_programme_decimal_parse(const char *s, int decimals, long *out);

#endif

/*
 * lw_progress.h - where the programme stands at a date, and where it is
 * heading: realised against target per year and cumulatively, nationally,
 * per covenant against what it adopted and per sub-target; the pace needed
 * against the pace of the last 12 months and a forecast at both; a status
 * per row; breakdowns by kind, sector, region and level; completion and
 * drop-out rates; budget against spending and the cost per realised
 * trajectory. Built once from the counts the monitor keeps (lw_monitor.h),
 * never by reading trajectories, and rendered by the report writers
 * (src/report/, src/web/report_html.c). No output format here.
 *
 * Every figure that is published carries its state: shown, not
 * applicable, a count of 1-9 people ("<10"), or hidden because it would
 * reveal such a count ("x"). The rules are in docs/internals/monitor.md
 * ("Progress and reports") and in the functions below, which the tests
 * call directly.
 *
 * Ownership: lw_progress owns everything in it (one arena) and borrows the
 * programme, which must outlive it. Free with lw_progress_free in every
 * case (safe on a zeroed struct).
 */
#ifndef LW_PROGRESS_H
#define LW_PROGRESS_H

#include "lw_monitor.h"
#include "lw_programme.h"

/* ---- published figures -------------------------------------------------- */

typedef enum lw_fig_state {
	LW_FIG_SHOWN = 0,
	LW_FIG_NONE,  /* no value here: not applicable */
	LW_FIG_SMALL, /* a count of 1 to 9 people: "<10" */
	LW_FIG_HIDDEN /* would reveal a count under 10 (derived or complementary): "x" */
} lw_fig_state;

typedef struct lw_fig {
	int64_t v; /* the true value; never published unless state is LW_FIG_SHOWN */
	int state;
} lw_fig;

/* The smallest count of people that is published. */
#define LW_PROGRESS_MIN_COUNT 10

/* A count under the primary rule: 1-9 is LW_FIG_SMALL, 0 and 10+ shown. */
lw_fig lw_fig_count(int64_t v);
/* A figure derived from inputs: hidden when any input is not shown. */
lw_fig lw_fig_derived(int64_t v, const lw_fig *const *inputs, size_t n);
lw_fig lw_fig_shown(int64_t v);
lw_fig lw_fig_none(void);

/*
 * Complementary suppression of one additive group: members that add up to
 * total (the rows of a breakdown and their total row). When the total is
 * shown and exactly one non-zero member is not, the smallest shown
 * non-zero member is hidden too, so that neither can be found by
 * subtraction. Members get the primary rule first.
 */
void lw_progress_protect(lw_fig *const *members, size_t n, lw_fig *total);

/* ---- status, pace, forecast --------------------------------------------- */

typedef enum lw_status {
	LW_STATUS_NONE = 0, /* no target value, or nothing due yet */
	LW_STATUS_ON_TRACK, /* realised >= 95% of the target pro rata */
	LW_STATUS_BEHIND,   /* >= 80% */
	LW_STATUS_FAR_BEHIND
} lw_status;

#define LW_PROGRESS_ON_TRACK_PCT 95
#define LW_PROGRESS_BEHIND_PCT 80

const char *lw_status_label(int s); /* "op schema", "achter", "ver achter", "" */

/* A target pro rata at a day: num / den trajectories (den > 0). */
typedef struct lw_plan {
	int64_t num, den;
} lw_plan;

/*
 * The status of realised against the target pro rata, by the rule above,
 * in exact integer arithmetic: realised * 100 * den >= 95 * num.
 * LW_STATUS_NONE when num is 0 (nothing is due yet).
 */
int lw_progress_status(int64_t realised, lw_plan due);
/* realised / due in tenths of a percent, rounded half up; -1 when nothing is due. */
int64_t lw_progress_permille(int64_t realised, lw_plan due);
/* a / b rounded half up, for a >= 0 and b > 0. */
int64_t lw_progress_div(int64_t a, int64_t b);

/*
 * The pace and the forecasts of one row. The pace is per 365 days. The
 * recent pace is what started in the window (the last 12 months, or since
 * the start of the programme when that is shorter), scaled to a year. The
 * needed pace brings the rest of the target in the days that are left to
 * the deadline (31 December of the due year). The forecasts are the end
 * value at the deadline at either pace: realised + recent * days_left /
 * window_days, and max(target, realised). After the deadline both
 * forecasts are the realised value and no pace is needed.
 */
typedef struct lw_pace {
	int64_t realised, target; /* target -1: none (tracked) */
	int64_t recent;
	int32_t window_days, days_left; /* days_left <= 0: the deadline has passed */
	/* out; -1 where there is none */
	int64_t pace_recent, pace_needed, forecast_recent, forecast_needed;
} lw_pace;

void lw_progress_pace(lw_pace *p);

/* ---- cumulative series and what may be published of them ------------- */

/* The cumulative count of a row at the end of a day. */
typedef struct lw_point {
	int32_t day; /* days since 1970-01-01 */
	int64_t value;
	int rank; /* 0 the start and the as-of date; 1 year ends; 2 the window; 3 month ends */
	int published;
} lw_point;

/*
 * Marks which points may be published so that the difference between any
 * two published points is 0 or at least 10, preferring points of a lower
 * rank (the tables' over the chart's). p[0] (the start, value 0) is always
 * published, and so is the last point (the as-of date) when its value is
 * 0 or at least 10; when it is 1-9, nothing else is. Then, rank by rank
 * and in order of day, a point is published when its differences with the
 * published points before and after it are both 0 or at least 10. Points
 * are in order of day; values must not decrease.
 */
void lw_progress_coarsen(lw_point *p, size_t n);

/* ---- the model ---------------------------------------------------------- */

/* One row of progress: a target nationally, or what a covenant adopted of one. */
typedef struct lw_progress_unit {
	const char *target;   /* the target's code */
	const char *name;     /* its name */
	const char *covenant; /* NULL: the programme's own target */
	const char *covenant_name;
	int national;       /* the programme's national target (or a share of it) */
	int tracked;        /* no target value: counted and shown only */
	int64_t total;      /* target or adopted total; -1 when tracked */
	int due_year;       /* the deadline is 31 December of it */
	int64_t *plan_year; /* [year - first_year]: target of the year, -1 none */
	int64_t *plan_cum;  /* the target pro rata at the end of each year, -1 tracked */
	lw_fig prorata;     /* the target pro rata at the as-of date (rounded) */
	lw_plan due;        /* exactly */
	lw_fig realised;    /* started from the start of the programme to the as-of date */
	lw_fig permille;    /* realised / prorata, tenths of a percent */
	int status;
	lw_fig recent; /* started in the window */
	int32_t window_days;
	lw_fig pace_recent, pace_needed;
	lw_fig forecast_recent, forecast_needed;
	lw_fig *year;     /* [year - first_year]: realised in the year (NONE after the as-of) */
	lw_fig *cum_year; /* cumulative at the end of the year, or at the as-of date */
	lw_point *points; /* the published points of the cumulative count, by day */
	size_t npoints;
} lw_progress_unit;

/* A row of a breakdown, or of the covenants. Rates in tenths of a percent of the ended. */
typedef struct lw_progress_row {
	const char *code, *label;
	lw_fig started, completed, stopped;
	lw_fig completion, dropout;
	/* covenants only */
	int64_t spent; /* cents, all lines, up to the as-of date */
	lw_fig cost;   /* cents per started trajectory */
} lw_progress_row;

typedef struct lw_progress_table {
	int by; /* lw_monitor_by */
	lw_progress_row *rows;
	size_t n;
	int has_total; /* the rows add up to total (covenants: total is the national count) */
	lw_progress_row total;
} lw_progress_table;

/* Budget against spending of one line (or "totaal") in one year; cents. */
typedef struct lw_progress_budget {
	const char *line, *name; /* line NULL: the total of the year */
	int year;
	int planned; /* the line is in the programme */
	int64_t budget, spent, remaining;
} lw_progress_budget;

/* The cost per realised trajectory of a line that pays for trajectories. */
typedef struct lw_progress_cost {
	const char *line, *name;
	const char *targets; /* "landelijk" or "a, b" */
	int64_t spent;       /* cents up to the as-of date */
	lw_fig realised;     /* of its targets */
	lw_fig cost;         /* cents per trajectory */
} lw_progress_cost;

/* What covenants adopted of a target in a year (year 0: all years). */
typedef struct lw_progress_adoption {
	const char *target, *name;
	int year;
	int64_t target_value;       /* -1: no value */
	int64_t adopted, unadopted; /* unadopted -1 when there is no value */
} lw_progress_adoption;

typedef struct lw_progress {
	const lw_programme *programme;
	char as_of[11];
	char counted_to[11];  /* as_of, or the programme's last day when that is earlier */
	const char *covenant; /* NULL: the national report */
	const char *covenant_name;
	int first_year, last_year;
	lw_progress_unit *units; /* programme targets (national first), then covenant rows */
	size_t nunits;
	lw_progress_table kinds, sectors, regions, levels;
	lw_progress_table covenants; /* the national report: every covenant; else the one */
	lw_progress_budget *budget;  /* the national report */
	size_t nbudget;
	lw_progress_cost *costs;
	size_t ncosts;
	lw_progress_adoption *adoption;
	size_t nadoption;
	lw_covenant_list covenant_list; /* the names and shares the rows borrow */
	lw_arena arena;
} lw_progress;

/*
 * Builds the model at the end of day as_of (YYYY-MM-DD; NULL: today) for
 * the whole programme, or for one covenant (code; NULL or "": national).
 * A date after the programme's last year counts as its last day: what
 * started later is no part of it.
 * Reads in one transaction. LW_EINPUT for a bad date, LW_ENOTFOUND for an
 * unknown covenant, LW_EINPUT when a target's selection names a code the
 * monitor does not know; err says so in Dutch.
 */
int lw_progress_build(lw_store *s, const lw_programme *p, const char *as_of, const char *covenant,
                      lw_progress *out, lw_err *err);
void lw_progress_free(lw_progress *m);

/* Today's date (local time) into out[11]. */
void lw_progress_today(char out[11]);
/* The date of day (days since 1970-01-01) into out[11]. */
void lw_progress_date(int32_t day, char out[11]);
/* Days since 1970-01-01 of a real date YYYY-MM-DD, or INT32_MIN. */
int32_t lw_progress_day(const char *date);
/* The last day of the month before the one of date, into out[11] (public page). */
void lw_progress_last_month_end(const char *date, char out[11]);

#endif

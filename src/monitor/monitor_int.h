/*
 * monitor_int.h - private to the monitor room: the facts of a registration
 * that the counts are made of, and the aggregator that keeps the counts
 * (series.c) for the writes (trajectory.c) and the rebuild.
 */
#ifndef LW_MONITOR_INT_H
#define LW_MONITOR_INT_H

#include "lw_monitor.h"

/* Events counted: the start, and the end by completion or stop. */
enum { EV_STARTED, EV_COMPLETED, EV_STOPPED, NEVENTS };
extern const char *const mon_event_names[NEVENTS]; /* gestart, afgerond, gestopt */

/* The breakdowns the counts are kept for (the column dim of monitor_series). */
enum {
	DIM_TOTAL,
	DIM_SECTOR,
	DIM_REGION,
	DIM_LEVEL,
	DIM_AGE,
	DIM_GROUP,
	DIM_GROUP_AGE,
	DIM_LEVEL_AGE,
	NDIMS
};
extern const char *const mon_dim_names[NDIMS]; /* "", "sector", "regio", ... */
/*
 * The same of a scope's Antilles part ("antillen", "antillen:sector", ...):
 * the registrations of the scope with a workplace on the Antilles.
 */
extern const char *const mon_dim_names_ant[NDIMS];

/* What the counts know of one registration. */
typedef struct mon_facts {
	int scope; /* 1 + the covenant's index in the aggregator's scopes */
	const char *covenant;
	int kind, level, sector, band, status;
	int region; /* index in the aggregator's regions, -1 when not known there */
	const char *region_code;
	unsigned groups;
	int age;
	int32_t start, end; /* days since 1970-01-01; end only when completed or stopped */
	int duplicate;
} mon_facts;

/*
 * 1 when every fact of f is in range. The schema's checks keep them so; a
 * row changed by hand may not be, and is then counted nowhere.
 */
static inline int mon_facts_valid(const mon_facts *f)
{
	return f->kind >= 0 && f->level >= 0 && f->sector >= 0 && f->band >= 0 && f->status >= 0 &&
	       f->start != INT32_MIN && (f->status == LW_MON_STATUS_STARTED || f->end != INT32_MIN);
}

/* The events of f: day[i] and ev[i] for i < the result (1 or 2). */
int mon_facts_events(const mon_facts *f, int32_t day[2], int ev[2]);

/*
 * The aggregator: changes to the counts per scope (national, each
 * covenant), breakdown value, kind, event and day, kept in memory and
 * added to monitor_series by mon_agg_flush in the writer's transaction.
 */
typedef struct mon_agg mon_agg;
/* scopes: the covenant codes (borrowed, kept until free); regions likewise. */
int mon_agg_new(mon_agg **out, const char *const *scopes, size_t nscopes,
                const char *const *regions, size_t nregions);
/* Adds (sign 1) or takes away (sign -1) what f counts. LW_ENOMEM. */
int mon_agg_add(mon_agg *a, const mon_facts *f, int sign);
/*
 * Counts what the facts change, in memory only (no store): the first half
 * of the flush, which may run on another thread while the writer uses the
 * store (nothing else may touch a meanwhile). LW_OK, LW_ENOMEM, LW_ELIMIT.
 */
int mon_agg_count(mon_agg *a);
/* Counts (unless mon_agg_count did) and adds the changes to the stored rows. */
int mon_agg_flush(mon_agg *a, lw_store *s, lw_err *err);
/*
 * The day counts of a stored row (unsigned LEB128 varints, one per day)
 * into out: the number of days, or -1 when there are more than max.
 */
int mon_series_decode(const unsigned char *b, size_t len, int32_t *out, int32_t max);
void mon_agg_free(mon_agg *a);

/* A day (YYYY-MM-DD, a real date) as days since 1970-01-01, or INT32_MIN. */
int32_t mon_day(const char *s);
/*
 * lw_date_days of s without its six atoi calls, for the writes: the days of
 * a "YYYY-MM-DD" since 1970-01-01 (not checked to be a real date), or
 * INT32_MIN when s does not start with that form.
 */
static inline int32_t mon_days(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return INT32_MIN;
	if (s[10] >= '0' && s[10] <= '9')
		return lw_date_days(s); /* a longer day number: as atoi reads it */
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	/* Days from civil, as lw_date_days. */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}
/* The date of day into out[11]. */
void mon_date(int32_t day, char out[11]);
/* 1 when s is a real calendar date YYYY-MM-DD. */
int mon_is_date(const char *s);

/* Levels of mbo qualifications 1-4 as LW_MON_LEVEL_*. */
#define MON_MBO_LEVEL(n) (LW_MON_LEVEL_MBO1 + (n)-1)

#endif

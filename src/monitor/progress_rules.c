/*
 * progress_rules.c - the rules of the progress model, apart from the
 * store: what may be published (the primary rule, derived figures,
 * complementary suppression, the coarsened cumulative series), the status
 * of a row, the pace and the forecasts, and the dates they need. Pure
 * functions, so the tests can take each boundary on its own.
 */
#include "lw_progress.h"
#include "monitor_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- figures ---------------------------------------------------------------- */

lw_fig lw_fig_shown(int64_t v)
{
	return (lw_fig){v, LW_FIG_SHOWN};
}

lw_fig lw_fig_none(void)
{
	return (lw_fig){-1, LW_FIG_NONE};
}

lw_fig lw_fig_count(int64_t v)
{
	return (lw_fig){v, v > 0 && v < LW_PROGRESS_MIN_COUNT ? LW_FIG_SMALL : LW_FIG_SHOWN};
}

lw_fig lw_fig_derived(int64_t v, const lw_fig *const *inputs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (inputs[i]->state != LW_FIG_SHOWN)
			return (lw_fig){v, LW_FIG_HIDDEN};
	return lw_fig_shown(v);
}

void lw_progress_protect(lw_fig *const *members, size_t n, lw_fig *total)
{
	size_t hidden = 0;
	lw_fig *smallest = NULL;
	for (size_t i = 0; i < n; i++) {
		lw_fig *m = members[i];
		if (m->state == LW_FIG_SHOWN)
			*m = lw_fig_count(m->v);
		if (m->state == LW_FIG_SMALL || m->state == LW_FIG_HIDDEN)
			hidden += m->v != 0;
		else if (m->state == LW_FIG_SHOWN && m->v > 0 && (!smallest || m->v < smallest->v))
			smallest = m;
	}
	if (total->state == LW_FIG_SHOWN)
		*total = lw_fig_count(total->v);
	if (total->state == LW_FIG_SHOWN && hidden == 1 && smallest)
		smallest->state = LW_FIG_HIDDEN;
}

/* ---- status ----------------------------------------------------------------- */

const char *lw_status_label(int s)
{
	static const char *const labels[] = {"", "op schema", "achter", "ver achter"};
	return s >= 0 && s <= LW_STATUS_FAR_BEHIND ? labels[s] : "";
}

int lw_progress_status(int64_t realised, lw_plan due)
{
	if (due.num <= 0 || due.den <= 0)
		return LW_STATUS_NONE;
	int64_t have = realised * 100 * due.den;
	if (have >= LW_PROGRESS_ON_TRACK_PCT * due.num)
		return LW_STATUS_ON_TRACK;
	if (have >= LW_PROGRESS_BEHIND_PCT * due.num)
		return LW_STATUS_BEHIND;
	return LW_STATUS_FAR_BEHIND;
}

int64_t lw_progress_div(int64_t a, int64_t b)
{
	return (2 * a + b) / (2 * b);
}

int64_t lw_progress_permille(int64_t realised, lw_plan due)
{
	if (due.num <= 0 || due.den <= 0)
		return -1;
	return lw_progress_div(realised * 1000 * due.den, due.num);
}

/* ---- pace and forecast -------------------------------------------------------- */

void lw_progress_pace(lw_pace *p)
{
	p->pace_recent = p->window_days > 0 ? lw_progress_div(p->recent * 365, p->window_days) : -1;
	p->pace_needed = p->forecast_needed = -1;
	if (p->days_left <= 0) {
		p->forecast_recent = p->realised;
		if (p->target >= 0)
			p->forecast_needed = p->realised;
		return;
	}
	p->forecast_recent =
	    p->window_days > 0
	        ? p->realised + lw_progress_div(p->recent * p->days_left, p->window_days)
	        : -1;
	if (p->target < 0)
		return;
	int64_t rest = p->target > p->realised ? p->target - p->realised : 0;
	p->pace_needed = lw_progress_div(rest * 365, p->days_left);
	p->forecast_needed = p->realised + rest;
}

/* ---- the cumulative series ------------------------------------------------------ */

/* 1 when a difference between published points may be: 0 or at least 10. */
static int publishable(int64_t d)
{
	return d == 0 || d >= LW_PROGRESS_MIN_COUNT;
}

/* Publishes the points of one rank that fit between the published ones. */
static void coarsen_rank(lw_point *p, size_t n, int rank)
{
	size_t prev = 0, next = 0;
	for (size_t i = 1; i < n; i++) {
		if (p[i].published) {
			prev = i;
			continue;
		}
		if (p[i].rank != rank)
			continue;
		if (next <= i)
			for (next = i + 1; next < n && !p[next].published; next++)
				;
		if (publishable(p[i].value - p[prev].value) &&
		    (next >= n || publishable(p[next].value - p[i].value))) {
			p[i].published = 1;
			prev = i;
		}
	}
}

void lw_progress_coarsen(lw_point *p, size_t n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		p[i].published = 0;
	p[0].published = 1;
	if (n == 1)
		return;
	/* A total of 1-9: not even the days on which nothing had started yet. */
	if (!publishable(p[n - 1].value - p[0].value))
		return;
	p[n - 1].published = 1;
	for (int rank = 1; rank <= 3; rank++)
		coarsen_rank(p, n, rank);
}

/* ---- dates ------------------------------------------------------------------------ */

int32_t lw_progress_day(const char *date)
{
	return mon_day(date);
}

void lw_progress_date(int32_t day, char out[11])
{
	mon_date(day, out);
}

void lw_progress_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void lw_progress_last_month_end(const char *date, char out[11])
{
	char first[11];
	memcpy(first, date, 8);
	memcpy(first + 8, "01", 3);
	mon_date(mon_day(first) - 1, out);
}

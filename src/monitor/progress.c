/*
 * progress.c - builds the progress model (lw_progress.h) from the counts
 * the monitor keeps: a handful of lw_monitor_breakdown and
 * lw_monitor_count calls per target, and one per breakdown, whatever the
 * number of trajectories. Rows of covenants in the national report are
 * asked per target for all covenants at once (a breakdown by covenant).
 * The rules of what may be published are in progress_rules.c.
 */
#include "lw_progress.h"
#include "monitor_int.h"

#include <stdlib.h>
#include <string.h>

/* What a build needs throughout. */
typedef struct ctx {
	lw_store *s;
	const lw_programme *p;
	lw_progress *m;
	lw_arena *a;
	int first, last;    /* years of the programme */
	int32_t start, day; /* the first day of the programme, the as-of date */
	int32_t window;     /* the first day of the recent window (clipped to start) */
	char day_s[11]; /* the as-of date, clipped to the end of the programme */
	const lw_covenant_list *cov;
	size_t ucap; /* of m->units */
} ctx;

/* A stretch of days [.., end] and what started in it. */
typedef struct bucket {
	int32_t end;
	int64_t n;
} bucket;

static int oom(lw_err *err)
{
	return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
}

/* ---- dates ------------------------------------------------------------------- */

static int32_t ymd(int y, int m, int d)
{
	char s[48];
	snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
	return lw_date_days(s);
}

static int year_of(int32_t day)
{
	char s[11];
	mon_date(day, s);
	return atoi(s);
}

/* The first day of the window: the day after the same date a year before the as-of date. */
static int32_t window_start(int32_t day)
{
	char s[11];
	mon_date(day, s);
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	int32_t before = ymd(y - 1, m, d);
	if (m == 2 && d == 29)
		before = ymd(y - 1, 2, 28);
	return before + 1;
}

/* ---- selections -------------------------------------------------------------- */

static int bits_of(const lw_monitor_code *list, const char *const *codes, size_t n, unsigned *bits,
                   const char *what, const char *target, lw_err *err)
{
	*bits = 0;
	for (size_t i = 0; i < n; i++) {
		int k = lw_monitor_code_find(list, codes[i]);
		if (k < 0)
			return lw_err_set(err, LW_EINPUT, "doel '%s': de monitor kent %s '%s' niet",
			                  target, what, codes[i]);
		*bits |= 1u << k;
	}
	return LW_OK;
}

/* Programme kinds or levels (enum bits) as monitor bits, by their codes. */
static unsigned enum_bits(unsigned bits, int levels)
{
	unsigned out = 0;
	for (int i = 1; i < 32; i++) {
		if (!(bits >> i & 1))
			continue;
		const char *code = levels ? lw_programme_level_name(i) : lw_programme_kind_name(i);
		int k =
		    lw_monitor_code_find(levels ? lw_monitor_levels() : lw_monitor_kinds(), code);
		if (k >= 0)
			out |= 1u << k;
	}
	return out;
}

static const char *region_code(const char *r)
{
	return !strcmp(r, "antillen") ? LW_MON_ANTILLES : r;
}

static int has_region(const char *const *list, const char *code)
{
	for (; list && *list; list++)
		if (!strcmp(*list, code))
			return 1;
	return 0;
}

/* The programme's selection as the count API's; regions in the arena. */
static int to_selection(ctx *c, const lw_programme_target *t, const lw_programme_selection *ps,
                        lw_selection *out, lw_err *err)
{
	memset(out, 0, sizeof *out);
	out->kinds = enum_bits(ps->kinds, 0);
	out->levels = enum_bits(ps->levels, 1);
	int rc = bits_of(lw_monitor_groups(), ps->groups, ps->ngroups, &out->groups, "doelgroep",
	                 t->code, err);
	if (rc == LW_OK)
		rc = bits_of(lw_monitor_sectors(), ps->sectors, ps->nsectors, &out->sectors,
		             "sector", t->code, err);
	if (rc != LW_OK)
		return rc;
	out->age_min = ps->age_min == LW_PROGRAMME_NONE ? 0 : (int)ps->age_min;
	out->age_max = ps->age_max == LW_PROGRAMME_NONE ? 0 : (int)ps->age_max;
	if (!ps->nregions)
		return LW_OK;
	const char **r = lw_arena_alloc(c->a, (ps->nregions + 1) * sizeof *r);
	if (!r)
		return oom(err);
	for (size_t i = 0; i < ps->nregions; i++)
		r[i] = region_code(ps->regions[i]);
	out->regions = r;
	return LW_OK;
}

static unsigned both_bits(unsigned a, unsigned b, int *empty)
{
	if (!a || !b)
		return a | b;
	*empty |= !(a & b);
	return a & b;
}

/* 1 when region r of one list is in the other list (with "nederland" for any AMnn). */
static int region_in(const char *r, const char *const *other)
{
	if (has_region(other, r))
		return 1;
	if (!strncmp(r, "AM", 2) && has_region(other, "nederland"))
		return 1;
	return 0;
}

static int both_regions(lw_arena *a, const char *const *x, const char *const *y,
                        const char *const **out, int *empty)
{
	*out = x ? x : y;
	if (!x || !y)
		return LW_OK;
	size_t n = 0;
	for (const char *const *r = x; *r; r++)
		n++;
	for (const char *const *r = y; *r; r++)
		n++;
	const char **res = lw_arena_alloc(a, (n + 1) * sizeof *res);
	if (!res)
		return LW_ENOMEM;
	size_t k = 0;
	for (const char *const *r = x; *r; r++)
		if (region_in(*r, y))
			res[k++] = *r;
	for (const char *const *r = y; *r; r++)
		if (!strncmp(*r, "AM", 2) && !has_region(x, *r) && has_region(x, "nederland"))
			res[k++] = *r;
	*empty |= k == 0;
	*out = res;
	return LW_OK;
}

/* What both selections count: a sub-target within the national target. */
static int intersect(ctx *c, const char *target, const lw_selection *x, const lw_selection *y,
                     lw_selection *out, int *empty, lw_err *err)
{
	memset(out, 0, sizeof *out);
	out->kinds = both_bits(x->kinds, y->kinds, empty);
	out->levels = both_bits(x->levels, y->levels, empty);
	out->sectors = both_bits(x->sectors, y->sectors, empty);
	if (x->groups && y->groups && x->groups != y->groups)
		return lw_err_set(err, LW_EINPUT,
		                  "doel '%s': doelgroepen van het doel en van het landelijke doel "
		                  "samen kan de monitor niet tellen",
		                  target);
	out->groups = x->groups | y->groups;
	out->age_min = x->age_min > y->age_min ? x->age_min : y->age_min;
	out->age_max = !x->age_max               ? y->age_max
	               : !y->age_max             ? x->age_max
	               : x->age_max < y->age_max ? x->age_max
	                                         : y->age_max;
	*empty |= out->age_max && out->age_min > out->age_max;
	if (both_regions(c->a, x->regions, y->regions, &out->regions, empty) != LW_OK)
		return oom(err);
	return LW_OK;
}

/*
 * The selection of target t (with the national one when t is within it);
 * *empty when it can count nothing.
 */
static int target_selection(ctx *c, const lw_programme_target *t, const char *covenant,
                            lw_selection *sel, int *empty, lw_err *err)
{
	*empty = 0;
	int rc = to_selection(c, t, &t->sel, sel, err);
	const lw_programme_target *nat = lw_programme_national(c->p);
	if (rc == LW_OK && t != nat && t->within_national) {
		lw_selection own = *sel, n;
		rc = to_selection(c, nat, &nat->sel, &n, err);
		if (rc == LW_OK)
			rc = intersect(c, t->code, &own, &n, sel, empty, err);
	}
	sel->covenant = covenant;
	return rc;
}

/* ---- counting ------------------------------------------------------------------ */

static int count_started(ctx *c, const lw_selection *sel, int32_t from, int32_t to, int64_t *out,
                         lw_err *err)
{
	*out = 0;
	if (from > to)
		return LW_OK;
	char f[11], t[11];
	mon_date(from, f);
	mon_date(to, t);
	lw_counts n;
	int rc = lw_monitor_count(c->s, sel, f, t, &n, err);
	*out = n.started;
	return rc;
}

static int breakdown(ctx *c, const lw_selection *sel, lw_monitor_by by, int32_t from, int32_t to,
                     lw_count_table *t, lw_err *err)
{
	char f[11], e[11];
	mon_date(from, f);
	mon_date(to, e);
	return lw_monitor_breakdown(c->s, sel, by, f, e, t, err);
}

static const lw_count_row *row_of(const lw_count_table *t, const char *key)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(t->rows[mid].key, key);
		if (!cmp)
			return &t->rows[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The buckets from the start to the as-of date: months (by_month) or years. */
static bucket *buckets_new(ctx *c, int by_month, size_t *n)
{
	*n = 0;
	if (c->day < c->start)
		return NULL;
	int yd = year_of(c->day);
	size_t cap = (size_t)(yd - c->first + 1) * (by_month ? 12 : 1);
	bucket *b = lw_arena_alloc(c->a, cap * sizeof *b);
	if (!b)
		return NULL;
	for (int y = c->first; y <= yd; y++)
		for (int m = 1; m <= (by_month ? 12 : 1); m++) {
			int32_t end = by_month
			                  ? ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1
			                  : ymd(y, 12, 31);
			int32_t begin = by_month ? ymd(y, m, 1) : ymd(y, 1, 1);
			if (begin > c->day)
				break;
			b[(*n)++] = (bucket){end < c->day ? end : c->day, 0};
		}
	return b;
}

/* What started per month from the start to the as-of date, one call. */
static int month_buckets(ctx *c, const lw_selection *sel, bucket **out, size_t *n, lw_err *err)
{
	*out = buckets_new(c, 1, n);
	if (!*out)
		return c->day < c->start ? LW_OK : oom(err);
	lw_count_table t;
	int rc = breakdown(c, sel, LW_MON_BY_MONTH, c->start, c->day, &t, err);
	for (size_t i = 0; rc == LW_OK && i < *n; i++) {
		char key[11];
		mon_date((*out)[i].end, key);
		key[7] = 0;
		const lw_count_row *r = row_of(&t, key);
		(*out)[i].n = r ? r->n.started : 0;
	}
	lw_count_table_free(&t);
	return rc;
}

/* ---- one row of progress -------------------------------------------------------- */

static int any_year(const ctx *c, const int64_t *py)
{
	for (int y = c->first; py && y <= c->last; y++)
		if (py[y - c->first] >= 0)
			return 1;
	return 0;
}

/* The target of u pro rata at the end of day. */
static lw_plan plan_at(const ctx *c, const lw_progress_unit *u, int32_t day)
{
	if (u->tracked || day < c->start)
		return (lw_plan){0, 1};
	if (any_year(c, u->plan_year)) {
		int y = year_of(day);
		int64_t before = 0;
		for (int k = c->first; k < y && k <= c->last; k++)
			before += u->plan_year[k - c->first] > 0 ? u->plan_year[k - c->first] : 0;
		if (y > c->last)
			return (lw_plan){before, 1};
		int64_t this = u->plan_year[y - c->first] > 0 ? u->plan_year[y - c->first] : 0;
		int64_t days = ymd(y, 12, 31) - ymd(y, 1, 1) + 1, gone = day - ymd(y, 1, 1) + 1;
		return (lw_plan){before * days + this * gone, days};
	}
	int64_t all = ymd(u->due_year, 12, 31) - c->start + 1, gone = day - c->start + 1;
	if (gone >= all)
		return (lw_plan){u->total, 1};
	return (lw_plan){u->total * gone, all};
}

/* The rank of a checkpoint on day (lw_progress_coarsen): year ends before month ends. */
static int rank_of(const ctx *c, int32_t day)
{
	char s[11];
	if (day == c->day)
		return 0;
	if (day == c->window - 1)
		return 2;
	mon_date(day, s);
	return !strcmp(s + 5, "12-31") ? 1 : 3;
}

/* The checkpoints of a row: the start, each bucket's end, and the day before the window. */
static lw_point *checkpoints(ctx *c, const bucket *b, size_t nb, int64_t realised, int64_t recent,
                             size_t *n)
{
	lw_point *p = lw_arena_alloc(c->a, (nb + 2) * sizeof *p);
	if (!p)
		return NULL;
	int32_t wd = c->window - 1;
	int64_t cum = 0;
	size_t k = 0;
	p[k++] = (lw_point){c->start - 1, 0, 0, 0};
	for (size_t i = 0; i < nb; i++) {
		if (wd > p[k - 1].day && wd < b[i].end)
			p[k++] = (lw_point){wd, realised - recent, 2, 0};
		cum += b[i].n;
		p[k++] = (lw_point){b[i].end, cum, rank_of(c, b[i].end), 0};
	}
	*n = k;
	return p;
}

static const lw_point *point_at(const lw_point *p, size_t n, int32_t day)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].day == day)
			return &p[i];
	return NULL;
}

/* The difference of two checkpoints: shown when both may be published. */
static lw_fig difference(const lw_point *p, size_t n, int32_t from, int32_t to, int64_t v)
{
	const lw_point *a = point_at(p, n, from), *b = point_at(p, n, to);
	if (a && b && a->published && b->published)
		return lw_fig_shown(v);
	lw_fig f = lw_fig_count(v);
	if (f.state == LW_FIG_SHOWN)
		f.state = LW_FIG_HIDDEN;
	return f;
}

static void year_cells(ctx *c, lw_progress_unit *u, const lw_point *p, size_t n)
{
	int64_t cum = 0;
	for (int y = c->first; y <= c->last; y++) {
		int32_t from = y == c->first ? c->start - 1 : ymd(y - 1, 12, 31);
		int32_t to = ymd(y, 12, 31) < c->day ? ymd(y, 12, 31) : c->day;
		if (from >= c->day || c->day < c->start) {
			u->year[y - c->first] = u->cum_year[y - c->first] = lw_fig_none();
			continue;
		}
		const lw_point *a = point_at(p, n, from), *b = point_at(p, n, to);
		int64_t v = (b ? b->value : 0) - (a ? a->value : 0);
		cum += v;
		u->year[y - c->first] = difference(p, n, from, to, v);
		u->cum_year[y - c->first] = difference(p, n, c->start - 1, to, cum);
	}
}

static void pace_cells(ctx *c, lw_progress_unit *u)
{
	lw_pace pc = {.realised = u->realised.v,
	              .target = u->tracked ? -1 : u->total,
	              .recent = u->recent.v,
	              .window_days = u->window_days,
	              .days_left = ymd(u->due_year, 12, 31) - c->day};
	lw_progress_pace(&pc);
	const lw_fig *r[] = {&u->realised}, *rr[] = {&u->realised, &u->recent}, *q[] = {&u->recent};
	u->pace_recent = pc.pace_recent < 0 ? lw_fig_none() : lw_fig_derived(pc.pace_recent, q, 1);
	u->pace_needed = pc.pace_needed < 0 ? lw_fig_none() : lw_fig_derived(pc.pace_needed, r, 1);
	u->forecast_recent =
	    pc.forecast_recent < 0 ? lw_fig_none() : lw_fig_derived(pc.forecast_recent, rr, 2);
	u->forecast_needed =
	    pc.forecast_needed < 0 ? lw_fig_none() : lw_fig_derived(pc.forecast_needed, r, 1);
}

/* Everything of u from what started in its buckets and in the window. */
static int finish_unit(ctx *c, lw_progress_unit *u, const bucket *b, size_t nb, int64_t recent,
                       lw_err *err)
{
	int64_t realised = 0;
	for (size_t i = 0; i < nb; i++)
		realised += b[i].n;
	size_t n = 0;
	lw_point *p = checkpoints(c, b, nb, realised, recent, &n);
	u->year = lw_arena_alloc(c->a, (size_t)(c->last - c->first + 1) * sizeof *u->year);
	u->cum_year = lw_arena_alloc(c->a, (size_t)(c->last - c->first + 1) * sizeof *u->year);
	if (!p || !u->year || !u->cum_year)
		return oom(err);
	lw_progress_coarsen(p, n);
	int32_t end = nb ? b[nb - 1].end : c->start - 1;
	u->realised = difference(p, n, c->start - 1, end, realised);
	u->window_days = c->day >= c->start ? c->day - c->window + 1 : 0;
	u->recent = difference(p, n, c->window - 1, end, recent);
	year_cells(c, u, p, n);
	u->plan_cum = lw_arena_alloc(c->a, (size_t)(c->last - c->first + 1) * sizeof *u->plan_cum);
	if (!u->plan_cum)
		return oom(err);
	for (int y = c->first; y <= c->last; y++) {
		lw_plan at = plan_at(c, u, ymd(y, 12, 31));
		u->plan_cum[y - c->first] = u->tracked ? -1 : lw_progress_div(at.num, at.den);
	}
	u->due = plan_at(c, u, c->day);
	u->prorata =
	    u->tracked ? lw_fig_none() : lw_fig_shown(lw_progress_div(u->due.num, u->due.den));
	const lw_fig *r[] = {&u->realised};
	int64_t pm = lw_progress_permille(realised, u->due);
	u->permille = u->tracked || pm < 0 ? lw_fig_none() : lw_fig_derived(pm, r, 1);
	u->status = u->tracked ? LW_STATUS_NONE : lw_progress_status(realised, u->due);
	pace_cells(c, u);
	/* Only what may be published goes into the model's series. */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].published)
			p[k++] = p[i];
	u->points = p;
	u->npoints = k;
	return LW_OK;
}

static lw_progress_unit *unit_new(ctx *c, lw_err *err)
{
	lw_progress *m = c->m;
	lw_progress_unit *u = lw_arena_grow(c->a, m->units, &m->nunits, &c->ucap, sizeof *u);
	if (!u) {
		oom(err);
		return NULL;
	}
	m->units = u;
	u += m->nunits - 1;
	u->plan_year =
	    lw_arena_alloc(c->a, (size_t)(c->last - c->first + 1) * sizeof *u->plan_year);
	if (!u->plan_year) {
		oom(err);
		return NULL;
	}
	return u;
}

static void unit_plan(ctx *c, lw_progress_unit *u, const lw_programme_target *t,
                      const lw_share *shares, size_t nshares)
{
	for (int y = c->first; y <= c->last; y++)
		u->plan_year[y - c->first] = -1;
	u->due_year = t->due_year;
	if (!shares) {
		u->total = t->total == LW_PROGRAMME_NONE ? -1 : t->total;
		for (int y = c->first; y <= c->last; y++) {
			long v = lw_programme_target_year(c->p, t, y);
			u->plan_year[y - c->first] = v == LW_PROGRAMME_NONE ? -1 : v;
		}
		u->tracked = u->total < 0;
		return;
	}
	/* A covenant's adopted shares: its total and its deadline are theirs. */
	u->total = 0;
	int due = 0;
	for (size_t i = 0; i < nshares; i++) {
		if (strcmp(shares[i].target, t->code) || shares[i].year < c->first ||
		    shares[i].year > c->last)
			continue;
		u->plan_year[shares[i].year - c->first] = shares[i].value;
		u->total += shares[i].value;
		due = shares[i].year > due ? shares[i].year : due;
	}
	u->tracked = !due;
	u->total = due ? u->total : -1;
	u->due_year = due ? due : t->due_year;
}

static lw_progress_unit *unit_for(ctx *c, const lw_programme_target *t, const lw_covenant *cv,
                                  lw_err *err)
{
	lw_progress_unit *u = unit_new(c, err);
	if (!u)
		return NULL;
	u->target = t->code;
	u->name = t->name;
	u->national = t == lw_programme_national(c->p);
	u->covenant = cv ? cv->code : NULL;
	u->covenant_name = cv ? cv->name : NULL;
	unit_plan(c, u, t, cv ? cv->shares : NULL, cv ? cv->nshares : 0);
	return u;
}

/* The row of target t, nationally or of one covenant, counted per month. */
static int target_unit(ctx *c, const lw_programme_target *t, const char *covenant, lw_err *err)
{
	const lw_covenant *cv = NULL;
	for (size_t i = 0; covenant && i < c->cov->n; i++)
		if (!strcmp(c->cov->covenants[i].code, covenant))
			cv = &c->cov->covenants[i];
	lw_progress_unit *u = unit_for(c, t, cv, err);
	if (!u)
		return err->code;
	lw_selection sel;
	int empty, rc = target_selection(c, t, covenant, &sel, &empty, err);
	bucket *b = NULL;
	size_t nb = 0;
	int64_t recent = 0;
	if (rc == LW_OK && !empty)
		rc = month_buckets(c, &sel, &b, &nb, err);
	if (rc == LW_OK && !empty)
		rc = count_started(c, &sel, c->window, c->day, &recent, err);
	if (rc == LW_OK && empty)
		b = buckets_new(c, 1, &nb);
	return rc == LW_OK ? finish_unit(c, u, b, nb, recent, err) : rc;
}

/* ---- covenants' rows of one target in the national report -------------------------- */

static int has_share(const lw_covenant *cv, const char *target)
{
	for (size_t i = 0; i < cv->nshares; i++)
		if (!strcmp(cv->shares[i].target, target))
			return 1;
	return 0;
}

/* Per covenant (all at once): started per year and in the window, for target t. */
typedef struct per_covenant {
	lw_count_table *years; /* [year - first] */
	lw_count_table recent;
} per_covenant;

static int per_covenant_counts(ctx *c, const lw_selection *sel, per_covenant *pc, lw_err *err)
{
	int rc = breakdown(c, sel, LW_MON_BY_COVENANT, c->window, c->day, &pc->recent, err);
	for (int y = c->first; rc == LW_OK && y <= c->last; y++) {
		int32_t from = ymd(y, 1, 1), to = ymd(y, 12, 31) < c->day ? ymd(y, 12, 31) : c->day;
		if (from <= to)
			rc = breakdown(c, sel, LW_MON_BY_COVENANT, from, to,
			               &pc->years[y - c->first], err);
	}
	return rc;
}

static int covenant_rows_of(ctx *c, const lw_programme_target *t, const per_covenant *pc,
                            lw_err *err)
{
	for (size_t i = 0; i < c->cov->n; i++) {
		const lw_covenant *cv = &c->cov->covenants[i];
		if (!has_share(cv, t->code))
			continue;
		lw_progress_unit *u = unit_for(c, t, cv, err);
		size_t nb;
		bucket *b = buckets_new(c, 0, &nb);
		if (!u || (!b && nb))
			return oom(err);
		for (size_t k = 0; k < nb; k++) {
			const lw_count_row *r = row_of(&pc->years[k], cv->code);
			b[k].n = r ? r->n.started : 0;
		}
		const lw_count_row *r = row_of(&pc->recent, cv->code);
		int rc = finish_unit(c, u, b, nb, r ? r->n.started : 0, err);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* The covenants' rows of target t, all counted at once. */
static int covenant_units(ctx *c, const lw_programme_target *t, lw_err *err)
{
	int any = 0;
	for (size_t i = 0; i < c->cov->n; i++)
		any |= has_share(&c->cov->covenants[i], t->code);
	if (!any)
		return LW_OK;
	lw_selection sel;
	int empty, rc = target_selection(c, t, NULL, &sel, &empty, err);
	size_t ny = (size_t)(c->last - c->first + 1);
	per_covenant pc = {lw_calloc(ny, sizeof(lw_count_table)), {0}};
	if (!pc.years)
		return oom(err);
	if (rc == LW_OK && !empty && c->day >= c->start)
		rc = per_covenant_counts(c, &sel, &pc, err);
	if (rc == LW_OK)
		rc = covenant_rows_of(c, t, &pc, err);
	for (size_t y = 0; y < ny; y++)
		lw_count_table_free(&pc.years[y]);
	lw_count_table_free(&pc.recent);
	lw_free(pc.years);
	return rc;
}

/* ---- the units ---------------------------------------------------------------------- */

static int national_units(ctx *c, lw_err *err)
{
	size_t n;
	const lw_programme_target *subs = lw_programme_subtargets(c->p, &n);
	int rc = target_unit(c, lw_programme_national(c->p), NULL, err);
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		rc = target_unit(c, &subs[i], NULL, err);
	if (rc != LW_OK)
		return rc;
	/* Then the covenants against what they adopted, target by target. */
	rc = covenant_units(c, lw_programme_national(c->p), err);
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		rc = covenant_units(c, &subs[i], err);
	return rc;
}

static int covenant_report_units(ctx *c, const lw_covenant *cv, lw_err *err)
{
	size_t n;
	const lw_programme_target *subs = lw_programme_subtargets(c->p, &n);
	const lw_programme_target *nat = lw_programme_national(c->p);
	/* The national target always: tracked when the covenant adopted no share of it. */
	int rc = target_unit(c, nat, cv->code, err);
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		if (has_share(cv, subs[i].code))
			rc = target_unit(c, &subs[i], cv->code, err);
	return rc;
}

/* ---- breakdowns ------------------------------------------------------------------------ */

static void rates(lw_progress_row *r)
{
	int64_t ended = r->completed.v + r->stopped.v;
	const lw_fig *in[] = {&r->completed, &r->stopped};
	if (!ended) {
		r->completion = r->dropout = lw_fig_none();
		return;
	}
	r->completion = lw_fig_derived(lw_progress_div(r->completed.v * 1000, ended), in, 2);
	r->dropout = lw_fig_derived(lw_progress_div(r->stopped.v * 1000, ended), in, 2);
}

static void row_counts(lw_progress_row *r, const lw_counts *n)
{
	r->started = lw_fig_count(n->started);
	r->completed = lw_fig_count(n->completed);
	r->stopped = lw_fig_count(n->stopped);
	r->spent = 0;
	r->cost = lw_fig_none();
}

/* Complementary suppression per column, then the rates from what is left. */
static int protect_table(lw_progress_table *t)
{
	lw_fig **m = lw_calloc(t->n ? t->n : 1, sizeof *m);
	if (!m)
		return LW_ENOMEM;
	size_t off[] = {offsetof(lw_progress_row, started), offsetof(lw_progress_row, completed),
	                offsetof(lw_progress_row, stopped)};
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < t->n; i++)
			m[i] = (lw_fig *)((char *)&t->rows[i] + off[k]);
		lw_progress_protect(m, t->n, (lw_fig *)((char *)&t->total + off[k]));
	}
	lw_free(m);
	for (size_t i = 0; i < t->n; i++)
		rates(&t->rows[i]);
	rates(&t->total);
	return LW_OK;
}

static const char *region_label(ctx *c, const char *code)
{
	if (!strcmp(code, LW_MON_ANTILLES))
		return "Nederlandse Antillen";
	sqlite3_stmt *st;
	lw_err e;
	const char *label = code;
	if (lw_store_prepare(c->s, &st, "SELECT name FROM region WHERE code = ?1", &e) != LW_OK)
		return label;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		label = lw_arena_strdup(c->a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return label ? label : code;
}

/* The rows of t: every code of list in its order, or (list NULL) the rows counted. */
static int fill_rows(ctx *c, lw_progress_table *t, const lw_count_table *ct,
                     const lw_monitor_code *list)
{
	size_t n = 0;
	if (list)
		while (list[n].code)
			n++;
	else
		n = ct->n;
	t->rows = lw_arena_alloc(c->a, (n ? n : 1) * sizeof *t->rows);
	if (!t->rows)
		return LW_ENOMEM;
	static const lw_counts zero;
	for (size_t i = 0; i < n; i++) {
		lw_progress_row *r = &t->rows[i];
		r->code = list ? list[i].code : lw_arena_strdup(c->a, ct->rows[i].key);
		r->label = list ? list[i].label : region_label(c, r->code);
		const lw_count_row *cr = row_of(ct, r->code);
		row_counts(r, cr ? &cr->n : &zero);
		if (!r->code || !r->label)
			return LW_ENOMEM;
	}
	t->n = n;
	t->has_total = 1;
	t->total.code = "totaal";
	t->total.label = "Totaal";
	row_counts(&t->total, &ct->total);
	return protect_table(t);
}

static int breakdown_table(ctx *c, lw_monitor_by by, const lw_monitor_code *list,
                           lw_progress_table *t, lw_err *err)
{
	lw_selection sel = {.covenant = c->m->covenant};
	lw_count_table ct = {0};
	t->by = by;
	int rc = c->day >= c->start ? breakdown(c, &sel, by, c->start, c->day, &ct, err) : LW_OK;
	if (rc == LW_OK && fill_rows(c, t, &ct, list) != LW_OK)
		rc = oom(err);
	lw_count_table_free(&ct);
	return rc;
}

static int breakdowns(ctx *c, lw_err *err)
{
	lw_progress *m = c->m;
	int rc = breakdown_table(c, LW_MON_BY_KIND, lw_monitor_kinds(), &m->kinds, err);
	if (rc == LW_OK)
		rc = breakdown_table(c, LW_MON_BY_SECTOR, lw_monitor_sectors(), &m->sectors, err);
	if (rc == LW_OK)
		rc = breakdown_table(c, LW_MON_BY_REGION, NULL, &m->regions, err);
	if (rc == LW_OK)
		rc = breakdown_table(c, LW_MON_BY_LEVEL, lw_monitor_levels(), &m->levels, err);
	return rc;
}

/* ---- covenants, money ----------------------------------------------------------------------- */

static int64_t spent_of(const lw_spend_table *sp, const char *line, const char *covenant, int year)
{
	int64_t sum = 0;
	for (size_t i = 0; i < sp->n; i++) {
		const lw_spend_row *r = &sp->rows[i];
		if ((!line || !strcmp(r->budget_line, line)) &&
		    (!covenant || (r->covenant && !strcmp(r->covenant, covenant))) &&
		    (!year || r->year == year))
			sum += r->cents;
	}
	return sum;
}

static void cost_of(lw_progress_row *r)
{
	const lw_fig *in[] = {&r->started};
	r->cost = r->started.v ? lw_fig_derived(lw_progress_div(r->spent, r->started.v), in, 1)
	                       : lw_fig_none();
}

static int covenant_table(ctx *c, const lw_spend_table *sp, lw_err *err)
{
	lw_progress_table *t = &c->m->covenants;
	t->by = LW_MON_BY_COVENANT;
	lw_selection sel = {0};
	lw_count_table ct = {0};
	int rc = c->day >= c->start
	             ? breakdown(c, &sel, LW_MON_BY_COVENANT, c->start, c->day, &ct, err)
	             : LW_OK;
	t->rows = lw_arena_alloc(c->a, (c->cov->n ? c->cov->n : 1) * sizeof *t->rows);
	if (rc == LW_OK && !t->rows)
		rc = oom(err);
	static const lw_counts zero;
	for (size_t i = 0; rc == LW_OK && i < c->cov->n; i++) {
		const lw_covenant *cv = &c->cov->covenants[i];
		if (c->m->covenant && strcmp(cv->code, c->m->covenant))
			continue;
		lw_progress_row *r = &t->rows[t->n++];
		r->code = cv->code;
		r->label = cv->name;
		const lw_count_row *cr = row_of(&ct, cv->code);
		row_counts(r, cr ? &cr->n : &zero);
		rates(r);
		r->spent = spent_of(sp, NULL, cv->code, 0);
		cost_of(r);
	}
	t->has_total = !c->m->covenant;
	t->total.code = "landelijk";
	t->total.label = "Landelijk (elk traject een keer)";
	row_counts(&t->total, &ct.total);
	rates(&t->total);
	lw_count_table_free(&ct);
	return rc;
}

static lw_progress_budget *budget_row(ctx *c, size_t *cap)
{
	lw_progress *m = c->m;
	lw_progress_budget *b = lw_arena_grow(c->a, m->budget, &m->nbudget, cap, sizeof *b);
	if (!b)
		return NULL;
	m->budget = b;
	return &b[m->nbudget - 1];
}

static int is_planned_line(const ctx *c, const char *code)
{
	size_t n;
	const lw_programme_line *l = lw_programme_budget_lines(c->p, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i].code, code))
			return 1;
	return 0;
}

/* Spending on lines the programme does not have, or outside its years, per line and year. */
static int unplanned_rows(ctx *c, const lw_spend_table *sp, size_t *cap)
{
	for (size_t i = 0; i < sp->n; i++) {
		const lw_spend_row *r = &sp->rows[i];
		int in =
		    is_planned_line(c, r->budget_line) && r->year >= c->first && r->year <= c->last;
		lw_progress_budget *last = c->m->nbudget ? &c->m->budget[c->m->nbudget - 1] : NULL;
		if (in)
			continue;
		if (last && last->line && !strcmp(last->line, r->budget_line) &&
		    last->year == r->year && !last->planned) {
			last->spent += r->cents;
			last->remaining -= r->cents;
			continue;
		}
		lw_progress_budget *b = budget_row(c, cap);
		if (!b)
			return LW_ENOMEM;
		*b = (lw_progress_budget){lw_arena_strdup(c->a, r->budget_line),
		                          "niet in de begroting",
		                          r->year,
		                          0,
		                          0,
		                          r->cents,
		                          -r->cents};
	}
	return LW_OK;
}

static int budget_table(ctx *c, const lw_spend_table *sp)
{
	size_t n, cap = 0;
	const lw_programme_line *l = lw_programme_budget_lines(c->p, &n);
	for (size_t i = 0; i < n; i++)
		for (int y = c->first; y <= c->last; y++) {
			lw_progress_budget *b = budget_row(c, &cap);
			if (!b)
				return LW_ENOMEM;
			int64_t budget = (int64_t)lw_programme_line_amount(c->p, &l[i], y) * 100000;
			int64_t spent = spent_of(sp, l[i].code, NULL, y);
			*b = (lw_progress_budget){l[i].code, l[i].name,     y, 1, budget,
			                          spent,     budget - spent};
		}
	if (unplanned_rows(c, sp, &cap) != LW_OK)
		return LW_ENOMEM;
	for (int y = c->first; y <= c->last; y++) {
		int64_t budget = (int64_t)lw_programme_budget_sum(c->p, y) * 100000;
		int64_t spent = spent_of(sp, NULL, NULL, y);
		lw_progress_budget *b = budget_row(c, &cap);
		if (!b)
			return LW_ENOMEM;
		*b = (lw_progress_budget){NULL, "Totaal", y, 1, budget, spent, budget - spent};
	}
	return LW_OK;
}

static const lw_progress_unit *national_unit_of(const ctx *c, const char *target)
{
	for (size_t i = 0; i < c->m->nunits; i++)
		if (!c->m->units[i].covenant && !strcmp(c->m->units[i].target, target))
			return &c->m->units[i];
	return NULL;
}

static int cost_row(ctx *c, const lw_programme_line *l, const lw_spend_table *sp,
                    lw_progress_cost *r)
{
	lw_buf names = LW_BUF_INIT;
	const lw_fig **in = lw_calloc(l->ntargets ? l->ntargets : 1, sizeof *in);
	int64_t realised = 0;
	size_t k = 0;
	for (size_t t = 0; in && t < l->ntargets; t++) {
		const lw_progress_unit *u = national_unit_of(c, l->targets[t]);
		lw_buf_printf(&names, "%s%s", t ? ", " : "", l->targets[t]);
		if (u) {
			realised += u->realised.v;
			in[k++] = &u->realised;
		}
	}
	r->line = l->code;
	r->name = l->name;
	r->targets = lw_arena_strdup(c->a, lw_buf_cstr(&names));
	r->spent = spent_of(sp, l->code, NULL, 0);
	r->realised = in ? lw_fig_derived(realised, in, k) : lw_fig_none();
	r->cost =
	    realised ? lw_fig_derived(lw_progress_div(r->spent, realised), in, k) : lw_fig_none();
	lw_buf_free(&names);
	lw_free(in);
	return in && r->targets ? LW_OK : LW_ENOMEM;
}

static int cost_table(ctx *c, const lw_spend_table *sp)
{
	size_t n, k = 0;
	const lw_programme_line *l = lw_programme_budget_lines(c->p, &n);
	c->m->costs = lw_arena_alloc(c->a, (n ? n : 1) * sizeof *c->m->costs);
	if (!c->m->costs)
		return LW_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (l[i].pays_for_trajectories &&
		    cost_row(c, &l[i], sp, &c->m->costs[k++]) != LW_OK)
			return LW_ENOMEM;
	c->m->ncosts = k;
	return LW_OK;
}

/* ---- adoption -------------------------------------------------------------------------------- */

static int64_t adopted_of(const ctx *c, const char *target, int year)
{
	int64_t sum = 0;
	for (size_t i = 0; i < c->cov->n; i++)
		for (size_t k = 0; k < c->cov->covenants[i].nshares; k++) {
			const lw_share *s = &c->cov->covenants[i].shares[k];
			if (!strcmp(s->target, target) && (!year || s->year == year))
				sum += s->value;
		}
	return sum;
}

static int adoption_rows(ctx *c, const lw_programme_target *t, size_t *cap)
{
	lw_progress *m = c->m;
	for (int y = c->first; y <= c->last + 1; y++) {
		int year = y > c->last ? 0 : y;
		long v = year ? lw_programme_target_year(c->p, t, year) : t->total;
		int64_t adopted = adopted_of(c, t->code, year);
		if (year && v == LW_PROGRAMME_NONE && !adopted)
			continue;
		lw_progress_adoption *a =
		    lw_arena_grow(c->a, m->adoption, &m->nadoption, cap, sizeof *a);
		if (!a)
			return LW_ENOMEM;
		m->adoption = a;
		a[m->nadoption - 1] =
		    (lw_progress_adoption){t->code, t->name,
		                           year,    v == LW_PROGRAMME_NONE ? -1 : v,
		                           adopted, v == LW_PROGRAMME_NONE ? -1 : v - adopted};
	}
	return LW_OK;
}

static int adoption_table(ctx *c)
{
	size_t n, cap = 0;
	const lw_programme_target *subs = lw_programme_subtargets(c->p, &n);
	int rc = adoption_rows(c, lw_programme_national(c->p), &cap);
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		if (adopted_of(c, subs[i].code, 0))
			rc = adoption_rows(c, &subs[i], &cap);
	return rc;
}

/* ---- the build ------------------------------------------------------------------------------- */

static int money(ctx *c, lw_err *err)
{
	lw_spend_table sp;
	int rc = lw_monitor_spending(c->s, NULL, c->day_s, &sp, err);
	if (rc == LW_OK && covenant_table(c, &sp, err) != LW_OK)
		rc = err->code ? err->code : oom(err);
	if (rc == LW_OK && !c->m->covenant &&
	    (budget_table(c, &sp) != LW_OK || cost_table(c, &sp) != LW_OK ||
	     adoption_table(c) != LW_OK))
		rc = oom(err);
	lw_spend_table_free(&sp);
	return rc;
}

static int begin_model(ctx *c, const char *as_of, const char *covenant, lw_err *err)
{
	lw_progress *m = c->m;
	if (as_of)
		snprintf(m->as_of, sizeof m->as_of, "%s", as_of);
	else
		lw_progress_today(m->as_of);
	if ((c->day = mon_day(m->as_of)) == INT32_MIN)
		return lw_err_set(err, LW_EINPUT, "'%s' is geen datum (JJJJ-MM-DD)", as_of);
	m->programme = c->p;
	m->first_year = c->first = lw_programme_first_year(c->p);
	m->last_year = c->last = lw_programme_last_year(c->p);
	c->start = ymd(c->first, 1, 1);
	if (c->day > ymd(c->last, 12, 31))
		c->day = ymd(c->last, 12, 31);
	mon_date(c->day, c->day_s);
	memcpy(m->counted_to, c->day_s, sizeof m->counted_to);
	c->window = window_start(c->day);
	if (c->window < c->start)
		c->window = c->start;
	int rc = lw_monitor_covenants(c->s, &m->covenant_list, err);
	c->cov = &m->covenant_list;
	for (size_t i = 0; rc == LW_OK && covenant && i < c->cov->n; i++)
		if (!strcmp(c->cov->covenants[i].code, covenant)) {
			m->covenant = c->cov->covenants[i].code;
			m->covenant_name = c->cov->covenants[i].name;
		}
	if (rc == LW_OK && covenant && !m->covenant)
		rc = lw_err_set(err, LW_ENOTFOUND, "onbekend convenant '%s'", covenant);
	return rc;
}

static int build(ctx *c, lw_err *err)
{
	int rc = LW_OK;
	if (c->m->covenant) {
		for (size_t i = 0; i < c->cov->n; i++)
			if (!strcmp(c->cov->covenants[i].code, c->m->covenant))
				rc = covenant_report_units(c, &c->cov->covenants[i], err);
	} else {
		rc = national_units(c, err);
	}
	if (rc == LW_OK)
		rc = breakdowns(c, err);
	if (rc == LW_OK)
		rc = money(c, err);
	return rc;
}

/*
 * Every count of one build sees the same state of the store: a read
 * transaction, unless the caller is in one. 1 when it began one.
 */
static int read_begin(lw_store *s)
{
	sqlite3_stmt *st;
	if (lw_store_prepare(s, &st, "SELECT 1", NULL) != LW_OK)
		return 0;
	int autocommit = sqlite3_get_autocommit(sqlite3_db_handle(st));
	sqlite3_finalize(st);
	return autocommit && lw_store_exec(s, "BEGIN DEFERRED", NULL) == LW_OK;
}

int lw_progress_build(lw_store *s, const lw_programme *p, const char *as_of, const char *covenant,
                      lw_progress *out, lw_err *err)
{
	memset(out, 0, sizeof *out);
	ctx c = {.s = s, .p = p, .m = out, .a = &out->arena};
	int began = read_begin(s);
	int rc = begin_model(&c, as_of, covenant && *covenant ? covenant : NULL, err);
	if (rc == LW_OK)
		rc = build(&c, err);
	if (began)
		lw_store_exec(s, "COMMIT", NULL);
	return rc;
}

void lw_progress_free(lw_progress *m)
{
	lw_covenant_list_free(&m->covenant_list);
	lw_arena_free(&m->arena);
	memset(m, 0, sizeof *m);
}

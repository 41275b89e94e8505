/*
 * counts.c - the count API of the reports: events of selected trajectories
 * in a period, in total and per group. A selection the kept counts cover
 * (monitor_series, series.c) is read from them: a few blobs of day counts
 * per scope, whatever the number of registrations. Any other is counted
 * over the registrations themselves, with the same meaning. "In the
 * Netherlands" with other facts is a scope's series less its Antilles
 * part's; "on the Antilles" is that part.
 */
#include "monitor_int.h"

#include <stdlib.h>
#include <string.h>

#define NO_BY (-1)

/* A selection of regions that is only a country: the Antilles part of the series answers it. */
enum { LAND_NONE, LAND_NL, LAND_ANT, LAND_BOTH };

/* One count request, checked. */
typedef struct query {
	const lw_selection *sel;
	const char *covenant; /* NULL: national */
	int by;
	int32_t from, to;
	int band_lo, band_hi; /* the age range as bands, when it is on band boundaries */
	int age_bands;        /* 1 when it is */
	int land;             /* LAND_*: the regions are "nederland" and/or the Antilles */
} query;

/* The rows being counted: key -> counts. */
typedef struct tally {
	lw_strmap *index; /* key -> row */
	lw_count_row *rows;
	size_t n, cap;
	lw_counts total;
	lw_arena *arena;
} tally;

static long *slot(lw_counts *c, int ev)
{
	return ev == EV_STARTED ? &c->started : ev == EV_COMPLETED ? &c->completed : &c->stopped;
}

/* Adds k events ev to the row called key. */
static int tally_add(tally *t, const char *key, int ev, long k)
{
	int64_t i;
	if (!lw_strmap_get(t->index, key, &i)) {
		lw_count_row *rows = lw_arena_grow(t->arena, t->rows, &t->n, &t->cap, sizeof *rows);
		if (!rows)
			return LW_ENOMEM;
		t->rows = rows;
		i = (int64_t)t->n - 1;
		if (!(rows[i].key = lw_arena_strdup(t->arena, key)) ||
		    lw_strmap_put(t->index, key, i, NULL) < 0)
			return LW_ENOMEM;
	}
	*slot(&t->rows[i].n, ev) += k;
	return LW_OK;
}

/* The key of an event on day for a breakdown by time ("2009", "2009-03"). */
static void time_key(int by, int32_t day, char key[11])
{
	mon_date(day, key);
	key[by == LW_MON_BY_YEAR ? 4 : 7] = 0;
}

/* ---- checking the request ------------------------------------------------------ */

static int period(const char *from, const char *to, query *q, lw_err *err)
{
	q->from = INT32_MIN;
	q->to = INT32_MAX;
	if (from && *from && (q->from = mon_day(from)) == INT32_MIN)
		return lw_err_set(err, LW_EINPUT, "'%s' is geen datum (JJJJ-MM-DD)", from);
	if (to && *to && (q->to = mon_day(to)) == INT32_MIN)
		return lw_err_set(err, LW_EINPUT, "'%s' is geen datum (JJJJ-MM-DD)", to);
	if (q->from > q->to)
		return lw_err_set(err, LW_EINPUT, "de periode begint na haar einde (%s na %s)",
		                  from, to);
	return LW_OK;
}

static int check_selection(const lw_selection *sel, query *q, lw_err *err)
{
	if ((sel->kinds >> LW_MON_NKINDS) || (sel->levels >> LW_MON_NLEVELS) ||
	    (sel->sectors >> LW_MON_NSECTORS) || (sel->groups >> LW_MON_NGROUPS))
		return lw_err_set(err, LW_EINPUT, "de selectie noemt een onbekende code");
	if (sel->age_min < 0 || sel->age_max < 0 ||
	    (sel->age_min && sel->age_max && sel->age_min > sel->age_max))
		return lw_err_set(err, LW_EINPUT, "de leeftijden van de selectie zijn ongeldig");
	/* The kept counts know bands: an age range must start and end on their edges. */
	int min, max;
	q->band_lo = 0;
	q->band_hi = LW_MON_NAGES - 1;
	q->age_bands = 1;
	if (sel->age_min) {
		q->band_lo = lw_monitor_age_band(sel->age_min);
		if (q->band_lo >= 0)
			lw_monitor_age_range(q->band_lo, &min, &max);
		q->age_bands &= q->band_lo >= 0 && min == sel->age_min;
	}
	if (sel->age_max) {
		q->band_hi = lw_monitor_age_band(sel->age_max);
		if (q->band_hi >= 0)
			lw_monitor_age_range(q->band_hi, &min, &max);
		q->age_bands &= q->band_hi >= 0 && max == sel->age_max;
	}
	q->covenant = sel->covenant && *sel->covenant ? sel->covenant : NULL;
	q->land = LAND_NONE;
	for (const char *const *r = sel->regions; r && *r; r++) {
		int l = !strcmp(*r, "nederland")                                      ? LAND_NL
		        : !strcmp(*r, "antillen") || !strcmp(*r, LW_MON_ANTILLES) ? LAND_ANT
		                                                                      : -1;
		if (l < 0) {
			q->land = LAND_NONE;
			break;
		}
		q->land |= l;
	}
	return LW_OK;
}

/* ---- the selection on one registration ----------------------------------------- */

static int in_regions(const lw_selection *sel, const char *code)
{
	if (!sel->regions)
		return 1;
	for (const char *const *r = sel->regions; *r; r++)
		if (code && (!strcmp(*r, code) ||
		             (!strcmp(*r, "nederland") && code[0] == 'A' && code[1] == 'M') ||
		             (!strcmp(*r, "antillen") && !strcmp(code, LW_MON_ANTILLES))))
			return 1;
	return 0;
}

static int selected(const query *q, const mon_facts *f)
{
	const lw_selection *sel = q->sel;
	return (!sel->kinds || (sel->kinds >> f->kind & 1)) &&
	       (!sel->levels || (sel->levels >> f->level & 1)) &&
	       (!sel->sectors || (sel->sectors >> f->sector & 1)) &&
	       (!sel->groups || (sel->groups & f->groups)) &&
	       (!sel->age_min || f->age >= sel->age_min) &&
	       (!sel->age_max || f->age <= sel->age_max) && in_regions(sel, f->region_code);
}

/* The attribute keys of f for a breakdown (several for groups), into keys. */
static size_t attr_keys(const query *q, const mon_facts *f, const char *keys[LW_MON_NGROUPS],
                        char buf[11])
{
	switch (q->by) {
	case LW_MON_BY_KIND:
		keys[0] = lw_monitor_kinds()[f->kind].code;
		return 1;
	case LW_MON_BY_SECTOR:
		keys[0] = lw_monitor_sectors()[f->sector].code;
		return 1;
	case LW_MON_BY_REGION:
		keys[0] = f->region_code;
		return 1;
	case LW_MON_BY_LEVEL:
		keys[0] = lw_monitor_levels()[f->level].code;
		return 1;
	case LW_MON_BY_AGE:
		keys[0] = lw_monitor_ages()[f->band].code;
		return 1;
	case LW_MON_BY_COVENANT:
		keys[0] = f->covenant;
		return 1;
	case LW_MON_BY_GROUP: {
		size_t n = 0;
		for (int g = 0; g < LW_MON_NGROUPS; g++)
			if ((f->groups >> g & 1) && (!q->sel->groups || (q->sel->groups >> g & 1)))
				keys[n++] = lw_monitor_groups()[g].code;
		return n;
	}
	default:
		keys[0] = buf;
		return 1;
	}
}

/* Counts f's events in the period: into the total and/or its rows. */
static int count_facts(const query *q, const mon_facts *f, int to_total, int to_rows, tally *t)
{
	int32_t day[2];
	int ev[2], ne = mon_facts_events(f, day, ev);
	for (int e = 0; e < ne; e++) {
		if (day[e] < q->from || day[e] > q->to)
			continue;
		if (to_total)
			++*slot(&t->total, ev[e]);
		if (!to_rows || q->by == NO_BY)
			continue;
		const char *keys[LW_MON_NGROUPS];
		char buf[11];
		if (q->by == LW_MON_BY_YEAR || q->by == LW_MON_BY_MONTH)
			time_key(q->by, day[e], buf);
		size_t nk = attr_keys(q, f, keys, buf);
		for (size_t k = 0; k < nk; k++)
			if (keys[k] && tally_add(t, keys[k], ev[e], 1) != LW_OK)
				return LW_ENOMEM;
	}
	return LW_OK;
}

/* ---- counting over the registrations --------------------------------------------- */

static int facts_from_row(sqlite3_stmt *st, mon_facts *f)
{
	memset(f, 0, sizeof *f);
	f->covenant = (const char *)sqlite3_column_text(st, 0);
	f->kind =
	    lw_monitor_code_find(lw_monitor_kinds(), (const char *)sqlite3_column_text(st, 1));
	f->level =
	    lw_monitor_code_find(lw_monitor_levels(), (const char *)sqlite3_column_text(st, 2));
	f->sector =
	    lw_monitor_code_find(lw_monitor_sectors(), (const char *)sqlite3_column_text(st, 3));
	f->region_code = (const char *)sqlite3_column_text(st, 4);
	f->groups = (unsigned)sqlite3_column_int64(st, 5);
	f->age = sqlite3_column_int(st, 6);
	f->band = lw_monitor_age_band(f->age);
	f->start = mon_day((const char *)sqlite3_column_text(st, 7));
	f->status =
	    lw_monitor_code_find(lw_monitor_statuses(), (const char *)sqlite3_column_text(st, 8));
	f->end = mon_day((const char *)sqlite3_column_text(st, 9));
	f->duplicate = sqlite3_column_int(st, 10);
	return mon_facts_valid(f);
}

static int scan(lw_store *s, const query *q, tally *t, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
	                          "SELECT covenant_code, kind, level, sector, region_code, "
	                          "target_groups, age, start_date, status, status_date, duplicate "
	                          "FROM trajectory WHERE ?1 IS NULL OR covenant_code = ?1",
	                          err);
	if (rc != LW_OK)
		return rc;
	if (q->covenant)
		sqlite3_bind_text(st, 1, q->covenant, -1, SQLITE_STATIC);
	int step;
	mon_facts f;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!facts_from_row(st, &f) || !selected(q, &f))
			continue;
		/* Nationally a registration counts once (0); each covenant its own (0, 1). */
		int to_total = q->covenant ? f.duplicate <= 1 : f.duplicate == 0;
		int to_rows =
		    q->by == LW_MON_BY_COVENANT && !q->covenant ? f.duplicate <= 1 : to_total;
		if ((to_total || to_rows) && count_facts(q, &f, to_total, to_rows, t) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(s, err, "trajecten tellen mislukt");
	sqlite3_finalize(st);
	return rc;
}

/* ---- counting from the kept counts ------------------------------------------------ */

/* Which kept breakdown covers q's filters and breakdown, or -1. */
static int family(const query *q)
{
	const lw_selection *sel = q->sel;
	int by = q->by;
	/* A country alone is not a region breakdown: the Antilles parts answer it. */
	int S = sel->sectors || by == LW_MON_BY_SECTOR,
	    R = (sel->regions && q->land == LAND_NONE) || by == LW_MON_BY_REGION;
	int L = sel->levels || by == LW_MON_BY_LEVEL,
	    A = sel->age_min || sel->age_max || by == LW_MON_BY_AGE;
	int G = sel->groups || by == LW_MON_BY_GROUP;
	/* Several groups overlap: their sum would count a trajectory twice. */
	int one_group = !sel->groups || !(sel->groups & (sel->groups - 1)) || by == LW_MON_BY_GROUP;
	if ((A && !q->age_bands) || !one_group)
		return -1;
	int n = S + R + L + A + G;
	if (n == 0)
		return DIM_TOTAL;
	if (n == 1)
		return S ? DIM_SECTOR : R ? DIM_REGION : L ? DIM_LEVEL : A ? DIM_AGE : DIM_GROUP;
	if (n == 2 && G && A)
		return DIM_GROUP_AGE;
	if (n == 2 && L && A)
		return DIM_LEVEL_AGE;
	return -1;
}

/* The attributes a kept value stands for: sector, level, band, group, region. */
typedef struct value_attrs {
	int sector, level, band, group;
	const char *region;
} value_attrs;

static int parse_value(int dim, const char *value, value_attrs *v)
{
	v->sector = v->level = v->band = v->group = -1;
	v->region = NULL;
	const char *slash = strchr(value, '/');
	char head[64] = "";
	if (slash && (size_t)(slash - value) < sizeof head)
		memcpy(head, value, (size_t)(slash - value));
	switch (dim) {
	case DIM_SECTOR:
		return (v->sector = lw_monitor_code_find(lw_monitor_sectors(), value)) >= 0;
	case DIM_REGION:
		v->region = value;
		return 1;
	case DIM_LEVEL:
		return (v->level = lw_monitor_code_find(lw_monitor_levels(), value)) >= 0;
	case DIM_AGE:
		return (v->band = lw_monitor_code_find(lw_monitor_ages(), value)) >= 0;
	case DIM_GROUP:
		return (v->group = lw_monitor_code_find(lw_monitor_groups(), value)) >= 0;
	case DIM_GROUP_AGE:
		v->group = lw_monitor_code_find(lw_monitor_groups(), head);
		v->band = slash ? lw_monitor_code_find(lw_monitor_ages(), slash + 1) : -1;
		return v->group >= 0 && v->band >= 0;
	case DIM_LEVEL_AGE:
		v->level = lw_monitor_code_find(lw_monitor_levels(), head);
		v->band = slash ? lw_monitor_code_find(lw_monitor_ages(), slash + 1) : -1;
		return v->level >= 0 && v->band >= 0;
	default:
		return 1;
	}
}

/* 1 when the kept value v is in q's selection. */
static int value_selected(const query *q, const value_attrs *v)
{
	const lw_selection *sel = q->sel;
	return (v->sector < 0 || !sel->sectors || (sel->sectors >> v->sector & 1)) &&
	       (v->level < 0 || !sel->levels || (sel->levels >> v->level & 1)) &&
	       (v->group < 0 || !sel->groups || (sel->groups >> v->group & 1)) &&
	       (v->band < 0 || (v->band >= q->band_lo && v->band <= q->band_hi)) &&
	       (!v->region || in_regions(sel, v->region));
}

/* The row key of a kept series for q's breakdown ("" for time: per day). */
static const char *series_key(const query *q, const char *scope, const char *kind,
                              const value_attrs *v)
{
	switch (q->by) {
	case LW_MON_BY_COVENANT:
		return scope;
	case LW_MON_BY_KIND:
		return kind;
	case LW_MON_BY_SECTOR:
		return lw_monitor_sectors()[v->sector].code;
	case LW_MON_BY_REGION:
		return v->region;
	case LW_MON_BY_LEVEL:
		return lw_monitor_levels()[v->level].code;
	case LW_MON_BY_AGE:
		return lw_monitor_ages()[v->band].code;
	case LW_MON_BY_GROUP:
		return lw_monitor_groups()[v->group].code;
	default:
		return "";
	}
}

/* Adds (sign 1) or takes away (-1) the days of one kept series within the period. */
static int add_series(const query *q, sqlite3_stmt *st, const char *key, int ev, int to_total,
                      int sign, tally *t)
{
	int32_t day = (int32_t)sqlite3_column_int64(st, 4);
	const unsigned char *b = sqlite3_column_blob(st, 5);
	size_t len = (size_t)sqlite3_column_bytes(st, 5);
	long sum = 0;
	int timed = q->by == LW_MON_BY_YEAR || q->by == LW_MON_BY_MONTH;
	char k[11] = "", last[11] = "";
	long run = 0; /* events of the time key last, not yet added */
	for (size_t i = 0; i < len && day <= q->to; day++) {
		uint32_t c = 0;
		for (int shift = 0; i < len && shift < 35; shift += 7) {
			c |= (uint32_t)(b[i] & 0x7F) << shift;
			if (!(b[i++] & 0x80))
				break;
		}
		if (!c || day < q->from)
			continue;
		sum += sign * (long)c;
		if (!timed)
			continue;
		time_key(q->by, day, k);
		if (strcmp(k, last) != 0) {
			if (run && tally_add(t, last, ev, run) != LW_OK)
				return LW_ENOMEM;
			memcpy(last, k, sizeof last);
			run = 0;
		}
		run += sign * (long)c;
	}
	if (run && tally_add(t, last, ev, run) != LW_OK)
		return LW_ENOMEM;
	if (to_total)
		*slot(&t->total, ev) += sum;
	if (q->by != NO_BY && !timed && sum && tally_add(t, key, ev, sum) != LW_OK)
		return LW_ENOMEM;
	return LW_OK;
}

/*
 * Adds (sign 1) or takes away (-1) the kept series of one dim (of the
 * Antilles parts: ant) of q's scope, or of every covenant's (covenants).
 */
static int series_rows(lw_store *s, const query *q, int dim, int ant, int sign, int covenants,
                       tally *t, lw_err *err)
{
	int all_covenants = q->by == LW_MON_BY_COVENANT && !q->covenant;
	sqlite3_stmt *st;
	/* Both forms use the unique index, whose first columns are scope and dim. */
	int rc = lw_store_prepare(s, &st,
	                          covenants ? "SELECT scope, value, kind, event, first_day, counts "
	                                      "FROM monitor_series WHERE scope > '' AND dim = ?1"
	                                    : "SELECT scope, value, kind, event, first_day, counts "
	                                      "FROM monitor_series WHERE scope = ?2 AND dim = ?1",
	                          err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, (ant ? mon_dim_names_ant : mon_dim_names)[dim], -1, SQLITE_STATIC);
	if (!covenants)
		sqlite3_bind_text(st, 2, q->covenant ? q->covenant : "", -1, SQLITE_STATIC);
	int step;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *scope = (const char *)sqlite3_column_text(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		int k = lw_monitor_code_find(lw_monitor_kinds(), kind);
		int ev = lw_monitor_code_find(lw_monitor_statuses(),
		                              (const char *)sqlite3_column_text(st, 3));
		value_attrs v;
		if (k < 0 || ev < 0 || (q->sel->kinds && !(q->sel->kinds >> k & 1)) ||
		    !parse_value(dim, (const char *)sqlite3_column_text(st, 1), &v) ||
		    !value_selected(q, &v))
			continue;
		/* Per covenant nationally: the national scope gives the total, the
		 * covenants' scopes their rows. */
		if (all_covenants && !covenants) {
			query tq = *q;
			tq.by = NO_BY;
			rc = add_series(&tq, st, "", ev, 1, sign, t);
		} else {
			rc = add_series(q, st, series_key(q, scope, kind, &v), ev, !all_covenants,
			                sign, t);
		}
		if (rc != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(s, err, "tellingen lezen mislukt");
	sqlite3_finalize(st);
	return rc;
}

/*
 * A store whose counts were kept before the Antilles parts existed has
 * national series for the region ANT but no Antilles part: its answers
 * for a country would be wrong, so it is refused until the counts are
 * computed again.
 */
static int parts_kept(lw_store *s, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
	                          "SELECT EXISTS (SELECT 1 FROM monitor_series WHERE scope = '' AND "
	                          "dim = ?1 AND value = '" LW_MON_ANTILLES "'), EXISTS (SELECT 1 "
	                          "FROM monitor_series WHERE scope = '' AND dim = ?2)",
	                          err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, mon_dim_names[DIM_REGION], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mon_dim_names_ant[DIM_TOTAL], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = lw_store_fail(s, err, "tellingen lezen mislukt");
	else if (sqlite3_column_int(st, 0) && !sqlite3_column_int(st, 1))
		rc = lw_err_set(err, LW_EDB,
		                "de tellingen van de monitor zijn van een oudere leerwerk; draai "
		                "'leerwerk monitor herbereken'");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The kept series of dim: the scope's; or its Antilles part; or, in the
 * Netherlands, the scope's less its Antilles part (every workplace is in a
 * labour-market region or on the Antilles).
 */
static int from_series(lw_store *s, const query *q, int dim, tally *t, lw_err *err)
{
	int part = q->by == LW_MON_BY_REGION ? LAND_NONE : q->land;
	int rc = LW_OK, per_covenant = q->by == LW_MON_BY_COVENANT && !q->covenant;
	if (part == LAND_NL || part == LAND_ANT)
		rc = parts_kept(s, err);
	for (int covenants = 0; covenants <= per_covenant; covenants++) {
		if (rc == LW_OK && part != LAND_ANT)
			rc = series_rows(s, q, dim, 0, 1, covenants, t, err);
		if (rc == LW_OK && (part == LAND_ANT || part == LAND_NL))
			rc = series_rows(s, q, dim, 1, part == LAND_NL ? -1 : 1, covenants, t, err);
	}
	return rc;
}

/* Leaves out the rows that a subtraction left without events. */
static void drop_empty_rows(tally *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].n.started || t->rows[i].n.completed || t->rows[i].n.stopped)
			t->rows[k++] = t->rows[i];
	t->n = k;
}

/* ---- the API ---------------------------------------------------------------------- */

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const lw_count_row *)a)->key, ((const lw_count_row *)b)->key);
}

/* The rows (and total) of q into t; the total alone when q->by is NO_BY. */
static int run_query(lw_store *s, query *q, lw_count_table *out, lw_err *err)
{
	tally t = {NULL, NULL, 0, 0, {0, 0, 0}, &out->arena};
	if (lw_strmap_new(&t.index) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	int dim = family(q), rc;
	/* The national total of a breakdown per covenant comes with the rows. */
	if (dim >= 0)
		rc = from_series(s, q, dim, &t, err);
	else
		rc = scan(s, q, &t, err);
	out->from_aggregates = dim >= 0;
	/* A group breakdown's total counts a trajectory once: ask it by itself. */
	if (rc == LW_OK && q->by == LW_MON_BY_GROUP) {
		query tq = *q;
		tq.by = NO_BY;
		lw_count_table tt = {NULL, 0, {0, 0, 0}, 0, LW_ARENA_INIT};
		rc = run_query(s, &tq, &tt, err);
		t.total = tt.total;
		out->from_aggregates &= tt.from_aggregates;
		lw_count_table_free(&tt);
	}
	lw_strmap_free(t.index);
	if (rc != LW_OK)
		return rc;
	drop_empty_rows(&t);
	if (t.n)
		qsort(t.rows, t.n, sizeof *t.rows, row_cmp);
	out->rows = t.rows;
	out->n = t.n;
	out->total = t.total;
	return LW_OK;
}

int lw_monitor_breakdown(lw_store *s, const lw_selection *sel, lw_monitor_by by, const char *from,
                         const char *to, lw_count_table *t, lw_err *err)
{
	static const lw_selection all;
	memset(t, 0, sizeof *t);
	query q = {sel ? sel : &all, NULL, (int)by, 0, 0, 0, 0, 0, LAND_NONE};
	if ((int)by < LW_MON_BY_COVENANT || by > LW_MON_BY_MONTH)
		return lw_err_set(err, LW_EUSAGE, "onbekende indeling %d", (int)by);
	int rc = period(from, to, &q, err);
	if (rc == LW_OK)
		rc = check_selection(q.sel, &q, err);
	return rc == LW_OK ? run_query(s, &q, t, err) : rc;
}

int lw_monitor_count(lw_store *s, const lw_selection *sel, const char *from, const char *to,
                     lw_counts *out, lw_err *err)
{
	static const lw_selection all;
	lw_count_table t = {NULL, 0, {0, 0, 0}, 0, LW_ARENA_INIT};
	query q = {sel ? sel : &all, NULL, NO_BY, 0, 0, 0, 0, 0, LAND_NONE};
	memset(out, 0, sizeof *out);
	int rc = period(from, to, &q, err);
	if (rc == LW_OK)
		rc = check_selection(q.sel, &q, err);
	if (rc == LW_OK && (rc = run_query(s, &q, &t, err)) == LW_OK)
		*out = t.total;
	lw_count_table_free(&t);
	return rc;
}

void lw_count_table_free(lw_count_table *t)
{
	lw_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

/*
 * covenant.c - what the reports list besides counts: the covenants with
 * their area or sector and the shares they adopted, the double
 * registrations per covenant, and the expenditure per budget line, year
 * and covenant.
 */
#include "monitor_int.h"

#include <string.h>

/* A column as text in the arena (NULL stays NULL); *bad set when out of memory. */
static const char *col(lw_arena *a, sqlite3_stmt *st, int i, int *bad)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	if (!v)
		return NULL;
	char *c = lw_arena_strdup(a, v);
	*bad |= !c;
	return c;
}

/*
 * Runs a query to its end with ?1 and ?2 bound to a1 and a2 (NULL: not
 * bound), calling fn per row; fn returns nonzero when out of memory. what
 * names the query in a failure's message.
 */
static int each_row(lw_store *s, const char *sql, const char *a1, const char *a2,
                    int (*fn)(void *ud, sqlite3_stmt *st), void *ud, const char *what, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, sql, err), step;
	if (rc != LW_OK)
		return rc;
	if (a1)
		sqlite3_bind_text(st, 1, a1, -1, SQLITE_STATIC);
	if (a2)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(ud, st)) {
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			break;
		}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(s, err, what);
	sqlite3_finalize(st);
	return rc;
}

/* ---- covenants ---------------------------------------------------------------- */

typedef struct covenant_ctx {
	lw_covenant_list *l;
	size_t cap;
} covenant_ctx;

static lw_covenant *find_covenant(lw_covenant_list *l, const char *code)
{
	/* Both queries are by code: search from the end backwards is short. */
	for (size_t i = l->n; code && i-- > 0;)
		if (!strcmp(l->covenants[i].code, code))
			return &l->covenants[i];
	return NULL;
}

static int add_covenant(void *ud, sqlite3_stmt *st)
{
	covenant_ctx *c = ud;
	lw_covenant_list *l = c->l;
	lw_covenant *v = lw_arena_grow(&l->arena, l->covenants, &l->n, &c->cap, sizeof *v);
	if (!v)
		return 1;
	l->covenants = v;
	v += l->n - 1;
	int bad = 0;
	v->code = col(&l->arena, st, 0, &bad);
	v->name = col(&l->arena, st, 1, &bad);
	v->kind = col(&l->arena, st, 2, &bad);
	v->sector = col(&l->arena, st, 3, &bad);
	return bad;
}

typedef struct part_ctx {
	lw_covenant_list *l;
	size_t cap; /* of the covenant whose list grows */
	lw_covenant *last;
} part_ctx;

static int add_area(void *ud, sqlite3_stmt *st)
{
	part_ctx *c = ud;
	lw_covenant *v = find_covenant(c->l, (const char *)sqlite3_column_text(st, 0));
	if (!v)
		return 0;
	if (v != c->last)
		c->cap = 0, c->last = v;
	const char **a = lw_arena_grow(&c->l->arena, v->areas, &v->nareas, &c->cap, sizeof *a);
	if (!a)
		return 1;
	v->areas = a;
	int bad = 0;
	a[v->nareas - 1] = col(&c->l->arena, st, 1, &bad);
	return bad;
}

static int add_share(void *ud, sqlite3_stmt *st)
{
	part_ctx *c = ud;
	lw_covenant *v = find_covenant(c->l, (const char *)sqlite3_column_text(st, 0));
	if (!v)
		return 0;
	if (v != c->last)
		c->cap = 0, c->last = v;
	lw_share *a = lw_arena_grow(&c->l->arena, v->shares, &v->nshares, &c->cap, sizeof *a);
	if (!a)
		return 1;
	v->shares = a;
	a += v->nshares - 1;
	int bad = 0;
	a->target = col(&c->l->arena, st, 1, &bad);
	a->year = sqlite3_column_int(st, 2);
	a->value = (long)sqlite3_column_int64(st, 3);
	return bad;
}

int lw_monitor_covenants(lw_store *s, lw_covenant_list *l, lw_err *err)
{
	memset(l, 0, sizeof *l);
	covenant_ctx c = {l, 0};
	part_ctx p = {l, 0, NULL};
	int rc = each_row(s, "SELECT code, name, kind, sector FROM covenant ORDER BY code", NULL,
	                  NULL, add_covenant, &c, "opvragen mislukt", err);
	if (rc == LW_OK)
		rc = each_row(s,
		              "SELECT covenant_code, area_code FROM covenant_area "
		              "ORDER BY covenant_code, area_code",
		              NULL, NULL, add_area, &p, "opvragen mislukt", err);
	p.last = NULL;
	if (rc == LW_OK)
		rc = each_row(s,
		              "SELECT covenant_code, target, year, value FROM covenant_share "
		              "ORDER BY covenant_code, target, year",
		              NULL, NULL, add_share, &p, "opvragen mislukt", err);
	return rc;
}

void lw_covenant_list_free(lw_covenant_list *l)
{
	lw_arena_free(&l->arena);
	memset(l, 0, sizeof *l);
}

/* ---- double registrations ------------------------------------------------------ */

typedef struct double_ctx {
	lw_double_list *l;
	size_t cap;
} double_ctx;

static int add_double(void *ud, sqlite3_stmt *st)
{
	double_ctx *c = ud;
	lw_double_list *l = c->l;
	lw_double *d = lw_arena_grow(&l->arena, l->rows, &l->n, &c->cap, sizeof *d);
	if (!d)
		return 1;
	l->rows = d;
	d += l->n - 1;
	int bad = 0;
	d->covenant = col(&l->arena, st, 0, &bad);
	d->id = sqlite3_column_int64(st, 1);
	d->kind = col(&l->arena, st, 2, &bad);
	d->qualification = col(&l->arena, st, 3, &bad);
	d->start = col(&l->arena, st, 4, &bad);
	d->status = col(&l->arena, st, 5, &bad);
	d->duplicate = sqlite3_column_int(st, 6);
	d->counted_covenant = col(&l->arena, st, 7, &bad);
	d->counted_id = sqlite3_column_int64(st, 8);
	return bad;
}

int lw_monitor_doubles(lw_store *s, const char *covenant, lw_double_list *l, lw_err *err)
{
	memset(l, 0, sizeof *l);
	double_ctx c = {l, 0};
	/* The registration that counts shares the match key, person, kind and qualification. */
	return each_row(
	    s,
	    "SELECT d.covenant_code, d.id, d.kind, coalesce(d.crebo, d.level), d.start_date, "
	    "d.status, d.duplicate, p.covenant_code, p.id FROM trajectory d "
	    "JOIN trajectory p ON p.match_key = d.match_key AND p.duplicate = 0 "
	    "AND p.pseudonym = d.pseudonym AND p.kind = d.kind "
	    "AND coalesce(p.crebo, p.level) = coalesce(d.crebo, d.level) "
	    "WHERE d.duplicate > 0 AND (?1 IS NULL OR d.covenant_code = ?1) "
	    "ORDER BY d.covenant_code, d.id",
	    covenant && *covenant ? covenant : NULL, NULL, add_double, &c, "opvragen mislukt", err);
}

void lw_double_list_free(lw_double_list *l)
{
	lw_arena_free(&l->arena);
	memset(l, 0, sizeof *l);
}

/* ---- expenditure ------------------------------------------------------------ */

typedef struct spend_ctx {
	lw_spend_table *t;
	size_t cap;
} spend_ctx;

static int add_spend(void *ud, sqlite3_stmt *st)
{
	spend_ctx *c = ud;
	lw_spend_table *t = c->t;
	lw_spend_row *r = lw_arena_grow(&t->arena, t->rows, &t->n, &c->cap, sizeof *r);
	if (!r)
		return 1;
	t->rows = r;
	r += t->n - 1;
	int bad = 0;
	r->budget_line = col(&t->arena, st, 0, &bad);
	r->year = sqlite3_column_int(st, 1);
	r->covenant = col(&t->arena, st, 2, &bad);
	r->cents = sqlite3_column_int64(st, 3);
	r->entries = (long)sqlite3_column_int64(st, 4);
	t->total_cents += r->cents;
	return bad;
}

int lw_monitor_spending(lw_store *s, const char *from, const char *to, lw_spend_table *t,
                        lw_err *err)
{
	memset(t, 0, sizeof *t);
	if ((from && *from && mon_day(from) == INT32_MIN) ||
	    (to && *to && mon_day(to) == INT32_MIN))
		return lw_err_set(err, LW_EINPUT, "'%s' is geen datum (JJJJ-MM-DD)",
		                  from && *from && mon_day(from) == INT32_MIN ? from : to);
	spend_ctx c = {t, 0};
	return each_row(
	    s,
	    "SELECT budget_line, CAST(substr(day, 1, 4) AS INTEGER), covenant_code, "
	    "sum(amount_cents), count(*) FROM expenditure WHERE (?1 IS NULL OR day >= ?1) "
	    "AND (?2 IS NULL OR day <= ?2) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	    from && *from ? from : NULL, to && *to ? to : NULL, add_spend, &c,
	    "uitgaven opvragen mislukt", err);
}

void lw_spend_table_free(lw_spend_table *t)
{
	lw_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

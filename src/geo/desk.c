/*
 * desk.c - the network of leerwerkloketten: the generated default (one
 * desk per labour-market region), coverage of every municipality, and the
 * desk list. Which desk serves a place is answered in geo.c.
 */
#include "lw_geo.h"

#include <string.h>

int lw_geo_sync_default_desks(lw_store *s, int *changed, lw_err *err)
{
	int64_t real = 0;
	int rc = lw_store_int(s, "SELECT count(*) FROM desk WHERE is_default = 0", &real, err);
	if (rc != LW_OK)
		return rc;
	int before = sqlite3_total_changes(lw_store_db(s));
	if (real) {
		rc = lw_store_exec(s, "DELETE FROM desk WHERE is_default = 1", err);
	} else {
		/* Desk code "lwl-am01" for region AM01; names follow the region. */
		rc = lw_store_exec(
			s,
			"DELETE FROM desk WHERE is_default = 1 AND upper(substr(code, 5)) NOT IN "
			"(SELECT code FROM region);"
			"INSERT INTO desk(code, name, is_default) SELECT 'lwl-' || lower(code), "
			"'Leerwerkloket ' || name, 1 FROM region WHERE true "
			"ON CONFLICT(code) DO UPDATE SET name = excluded.name "
			"WHERE name IS NOT excluded.name;"
			"INSERT INTO desk_area(desk_code, region_code) SELECT 'lwl-' || "
			"lower(r.code), r.code FROM region r WHERE NOT EXISTS (SELECT 1 FROM "
			"desk_area a WHERE a.desk_code = 'lwl-' || lower(r.code) AND "
			"a.region_code = r.code);",
			err);
	}
	if (changed)
		*changed = sqlite3_total_changes(lw_store_db(s)) != before;
	return rc;
}

static const char *col(lw_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? lw_arena_strdup(a, (const char *)t) : NULL;
}

/* Appends one element to an arena-backed array that grows by doubling. */
static void *push(lw_arena *a, void *arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		void *p = lw_arena_alloc(a, c * size);
		if (!p)
			return NULL;
		if (*n)
			memcpy(p, arr, *n * size);
		arr = p;
		*cap = c;
	}
	(*n)++;
	return arr;
}

int lw_geo_coverage(lw_store *s, lw_coverage *c, lw_err *err)
{
	memset(c, 0, sizeof *c);
	int64_t n = 0;
	int rc;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM municipality", &n, err)) != LW_OK)
		return rc;
	c->municipalities = (long)n;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM desk", &n, err)) != LW_OK)
		return rc;
	c->desks = (long)n;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM desk WHERE is_default = 1", &n, err)) !=
	    LW_OK)
		return rc;
	c->default_desks = (long)n;

	sqlite3_stmt *st;
	rc = lw_store_prepare(
		s, &st,
		"SELECT m.code, m.name, m.province, m.region_code, r.name, "
		"(SELECT count(DISTINCT desk_code) FROM desk_service ds WHERE "
		"ds.municipality_code = m.code) AS n, "
		"(SELECT group_concat(desk_code, ', ') FROM (SELECT DISTINCT desk_code FROM "
		"desk_service ds WHERE ds.municipality_code = m.code ORDER BY desk_code)) "
		"FROM municipality m JOIN region r ON r.code = m.region_code "
		"WHERE n <> 1 ORDER BY m.name",
		err);
	if (rc != LW_OK)
		return rc;
	size_t cap_u = 0, cap_m = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int served = sqlite3_column_int(st, 5);
		lw_municipality *m;
		if (served == 0) {
			c->uncovered = push(&c->arena, c->uncovered, &c->nuncovered, &cap_u,
					    sizeof *m);
			m = c->uncovered ? &c->uncovered[c->nuncovered - 1] : NULL;
		} else {
			c->multiple = push(&c->arena, c->multiple, &c->nmultiple, &cap_m,
					   sizeof *m);
			m = c->multiple ? &c->multiple[c->nmultiple - 1] : NULL;
		}
		if (!m) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		memset(m, 0, sizeof *m);
		m->code = col(&c->arena, st, 0);
		m->name = col(&c->arena, st, 1);
		m->province = col(&c->arena, st, 2);
		m->region_code = col(&c->arena, st, 3);
		m->region_name = col(&c->arena, st, 4);
		m->desk_codes = col(&c->arena, st, 6);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");
	return LW_OK;
}

void lw_coverage_free(lw_coverage *c)
{
	lw_arena_free(&c->arena);
	memset(c, 0, sizeof *c);
}

int lw_geo_desks(lw_store *s, lw_desk_list *l, lw_err *err)
{
	memset(l, 0, sizeof *l);
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
		s, &st,
		"SELECT d.code, d.name, d.address, d.postcode, d.place, d.phone, d.email, "
		"d.website, d.opening_hours, d.is_default, "
		"(SELECT count(DISTINCT municipality_code) FROM desk_service ds "
		" WHERE ds.desk_code = d.code), "
		"(SELECT group_concat(name, '; ') FROM (SELECT DISTINCT r.name FROM desk_service "
		" ds JOIN municipality m ON m.code = ds.municipality_code JOIN region r ON "
		" r.code = m.region_code WHERE ds.desk_code = d.code ORDER BY r.name)) "
		"FROM desk d ORDER BY d.name",
		err);
	if (rc != LW_OK)
		return rc;
	size_t cap = 0, n = 0, cap2 = 0, n2 = 0, cap3 = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		l->desks = push(&l->arena, l->desks, &l->n, &cap, sizeof *l->desks);
		l->municipalities = push(&l->arena, l->municipalities, &n, &cap2,
					 sizeof *l->municipalities);
		l->regions = push(&l->arena, l->regions, &n2, &cap3, sizeof *l->regions);
		if (!l->desks || !l->municipalities || !l->regions) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		lw_desk *d = &l->desks[l->n - 1];
		memset(d, 0, sizeof *d);
		d->code = col(&l->arena, st, 0);
		d->name = col(&l->arena, st, 1);
		d->address = col(&l->arena, st, 2);
		d->postcode = col(&l->arena, st, 3);
		d->place = col(&l->arena, st, 4);
		d->phone = col(&l->arena, st, 5);
		d->email = col(&l->arena, st, 6);
		d->website = col(&l->arena, st, 7);
		d->opening_hours = col(&l->arena, st, 8);
		d->is_default = sqlite3_column_int(st, 9);
		l->municipalities[l->n - 1] = sqlite3_column_int(st, 10);
		l->regions[l->n - 1] = col(&l->arena, st, 11);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");
	return LW_OK;
}

void lw_desk_list_free(lw_desk_list *l)
{
	lw_arena_free(&l->arena);
	memset(l, 0, sizeof *l);
}

int lw_geo_stats_get(lw_store *s, lw_geo_stats *st, lw_err *err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM region",
		"SELECT count(*) FROM municipality",
		"SELECT count(*) FROM postcode",
		"SELECT count(*) FROM postcode WHERE municipality_code IS NULL",
		"SELECT count(*) FROM desk",
		"SELECT count(*) FROM desk WHERE is_default = 1",
		"SELECT coalesce(sum(inhabitants), 0) FROM postcode WHERE length(code) = 4",
	};
	long *out[] = {&st->regions,   &st->municipalities, &st->postcodes,
		       &st->postcodes_without_municipality, &st->desks, &st->default_desks,
		       &st->inhabitants};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		int64_t v = 0;
		int rc = lw_store_int(s, sql[i], &v, err);
		if (rc != LW_OK)
			return rc;
		*out[i] = (long)v;
	}
	return LW_OK;
}

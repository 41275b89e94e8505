/*
 * desk.c - the network of leerwerkloketten: the generated default (one
 * desk per labour-market region), coverage of every municipality, and the
 * desk list. Which desk serves a place is answered in geo.c.
 */
#include "geo_int.h"

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
			c->uncovered = lw_arena_grow(&c->arena, c->uncovered, &c->nuncovered, &cap_u,
					    sizeof *m);
			m = c->uncovered ? &c->uncovered[c->nuncovered - 1] : NULL;
		} else {
			c->multiple = lw_arena_grow(&c->arena, c->multiple, &c->nmultiple, &cap_m,
					   sizeof *m);
			m = c->multiple ? &c->multiple[c->nmultiple - 1] : NULL;
		}
		if (!m) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		m->code = lw_geo_col(&c->arena, st, 0);
		m->name = lw_geo_col(&c->arena, st, 1);
		m->province = lw_geo_col(&c->arena, st, 2);
		m->region_code = lw_geo_col(&c->arena, st, 3);
		m->region_name = lw_geo_col(&c->arena, st, 4);
		m->desk_codes = lw_geo_col(&c->arena, st, 6);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");
	return LW_OK;
}

int lw_coverage_complete(const lw_coverage *c)
{
	return c->municipalities > 0 && c->nuncovered == 0 && c->nmultiple == 0;
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
		"SELECT " LW_DESK_COLS ", "
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
		l->desks = lw_arena_grow(&l->arena, l->desks, &l->n, &cap, sizeof *l->desks);
		l->municipalities = lw_arena_grow(&l->arena, l->municipalities, &n, &cap2,
					 sizeof *l->municipalities);
		l->regions = lw_arena_grow(&l->arena, l->regions, &n2, &cap3, sizeof *l->regions);
		if (!l->desks || !l->municipalities || !l->regions) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		lw_geo_read_desk(&l->arena, st, 0, &l->desks[l->n - 1]);
		l->municipalities[l->n - 1] = sqlite3_column_int(st, 10);
		l->regions[l->n - 1] = lw_geo_col(&l->arena, st, 11);
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

static int regions_read(lw_store *s, lw_region_list *l, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
				  "SELECT r.code, r.name, (SELECT count(*) FROM municipality m "
				  "WHERE m.region_code = r.code) FROM region r ORDER BY r.name",
				  err);
	if (rc != LW_OK)
		return rc;
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		lw_region *arr = lw_arena_grow(&l->arena, l->regions, &l->n, &cap, sizeof *arr);
		if (!arr) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		l->regions = arr;
		lw_region *r = &arr[l->n - 1];
		r->code = lw_geo_col(&l->arena, st, 0);
		r->name = lw_geo_col(&l->arena, st, 1);
		r->municipalities = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? LW_OK : lw_store_fail(s, err, "opvragen mislukt");
}

int lw_geo_regions(lw_store *s, lw_region_list *l, lw_err *err)
{
	memset(l, 0, sizeof *l);
	int rc = regions_read(s, l, err);
	if (rc != LW_OK)
		return rc;
	sqlite3_stmt *st;
	rc = lw_store_prepare(s, &st,
			      "SELECT x.region_code, " LW_DESK_COLS " FROM (SELECT DISTINCT "
			      "m.region_code, ds.desk_code FROM desk_service ds JOIN municipality m "
			      "ON m.code = ds.municipality_code) x JOIN desk d ON d.code = x.desk_code "
			      "ORDER BY x.region_code, d.name",
			      err);
	if (rc != LW_OK)
		return rc;
	int step;
	size_t at = 0, cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		lw_region *r = NULL;
		for (size_t i = 0; code && i < l->n; i++) {
			size_t k = (at + i) % l->n; /* rows come by region: usually the same one */
			if (!strcmp(l->regions[k].code, code)) {
				r = &l->regions[k];
				if (k != at)
					cap = r->ndesks;
				at = k;
				break;
			}
		}
		if (!r)
			continue;
		lw_desk *d = lw_arena_grow(&l->arena, r->desks, &r->ndesks, &cap, sizeof *d);
		if (!d) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		r->desks = d;
		lw_geo_read_desk(&l->arena, st, 1, &d[r->ndesks - 1]);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? LW_OK : lw_store_fail(s, err, "opvragen mislukt");
}

void lw_region_list_free(lw_region_list *l)
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
	long *const out[] = {&st->regions,   &st->municipalities, &st->postcodes,
			     &st->postcodes_without_municipality, &st->desks, &st->default_desks,
			     &st->inhabitants};
	return lw_store_counts(s, sql, out, sizeof sql / sizeof sql[0], err);
}

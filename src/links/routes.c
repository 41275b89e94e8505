/*
 * routes.c - every route to a qualification, near a place: school
 * (offerings), learning on the job (recognised training companies), EVC,
 * and the occupations it leads to with their open vacancies.
 *
 * Distances are between postcode centroids: an item's postcode (a PC6 falls
 * back to its PC4 area) and the place's point (a postcode's centroid, or the
 * inhabitant-weighted mean of a municipality's or place's PC4 points).
 */
#include "lw_links.h"
#include "lw_geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

double lw_links_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2.0 * r * atan2(sqrt(a), sqrt(1.0 - a));
}

void lw_routes_free(lw_routes_result *r)
{
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

static int nomem(lw_err *err)
{
	return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
}

/* Column i as text in the result's arena; NULL stays NULL. *bad on no memory. */
static const char *col(lw_routes_result *r, sqlite3_stmt *st, int i, int *bad)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	char *c = lw_arena_strdup(&r->arena, (const char *)t);
	if (!c)
		*bad = 1;
	return c;
}

static long col_long(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(st, i);
}

/* ---- the qualification -------------------------------------------------------- */

static int load_qualification(lw_store *s, const char *crebo, lw_routes_result *r, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
		s, &st,
		"SELECT q.crebo, q.name, q.level, q.kind, q.pathways, q.dossier_crebo, d.name, "
		"d.domain_crebo, m.name FROM qualification q "
		"JOIN mbo_dossier d ON d.crebo = q.dossier_crebo "
		"LEFT JOIN mbo_domain m ON m.crebo = d.domain_crebo WHERE q.crebo = ?1",
		err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, crebo, -1, SQLITE_STATIC);
	int step = sqlite3_step(st), bad = 0;
	if (step == SQLITE_ROW) {
		r->crebo = col(r, st, 0, &bad);
		r->name = col(r, st, 1, &bad);
		r->level = sqlite3_column_int(st, 2);
		r->kind = col(r, st, 3, &bad);
		r->pathways = col(r, st, 4, &bad);
		r->dossier_crebo = col(r, st, 5, &bad);
		r->dossier = col(r, st, 6, &bad);
		r->domain_crebo = col(r, st, 7, &bad);
		r->domain = col(r, st, 8, &bad);
	}
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		return bad ? nomem(err) : LW_OK;
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");

	/* Not a qualification: say what it is, if anything. */
	int64_t n = 0;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM qualification", &n, err)) != LW_OK)
		return rc;
	if (n == 0)
		return lw_err_set(err, LW_ENOTFOUND,
				  "de database bevat nog geen kwalificaties; laad ze met 'leerwerk "
				  "import reference'");
	if ((rc = lw_store_prepare(s, &st,
				   "SELECT 'kwalificatiedossier', d.name, (SELECT group_concat(crebo, "
				   "', ') FROM (SELECT crebo FROM qualification WHERE dossier_crebo = "
				   "d.crebo ORDER BY crebo)) FROM mbo_dossier d WHERE d.crebo = ?1 "
				   "UNION ALL SELECT 'opleidingsdomein', m.name, NULL FROM mbo_domain m "
				   "WHERE m.crebo = ?1",
				   err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, crebo, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *what = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *list = (const char *)sqlite3_column_text(st, 2);
		rc = lw_err_set(err, LW_ENOTFOUND, "%s is een %s (%s), geen kwalificatie%s%s", crebo,
				what ? what : "", name ? name : "",
				list ? "; de kwalificaties erin: " : "", list ? list : "");
	} else {
		rc = lw_err_set(err, LW_ENOTFOUND, "%s is geen bekende kwalificatie", crebo);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- the place ------------------------------------------------------------ */

/* Mean of the PC4 points of a municipality (and place key), by inhabitants. */
static int centroid(lw_store *s, const char *municipality, const char *place_key, double *lat,
		    double *lon, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
		s, &st,
		"SELECT sum(lat * w) / sum(w), sum(lon * w) / sum(w) FROM (SELECT lat, lon, "
		"max(coalesce(inhabitants, 0), 1) AS w FROM postcode WHERE length(code) = 4 AND "
		"municipality_code = ?1 AND (?2 IS NULL OR place_key = ?2))",
		err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, municipality, -1, SQLITE_STATIC);
	if (place_key)
		sqlite3_bind_text(st, 2, place_key, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	int found = step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (found) {
		*lat = sqlite3_column_double(st, 0);
		*lon = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return lw_store_fail(s, err, "opvragen mislukt");
	return found ? LW_OK : LW_ENOTFOUND;
}

static int resolve_near(lw_store *s, const char *near, lw_routes_result *r, lw_err *err)
{
	lw_where w;
	int rc = lw_geo_where(s, near, &w, err);
	if (rc == LW_EAMBIGUOUS) {
		lw_buf b = LW_BUF_INIT;
		lw_buf_printf(&b, "'%s' past bij %zu gemeenten:", w.query, w.nmatches);
		for (size_t i = 0; i < w.nmatches; i++)
			lw_buf_printf(&b, "%s %s (%s)", i ? "," : "", w.matches[i].name,
				      w.matches[i].code);
		lw_buf_puts(&b, "; kies een postcode of gemeentecode voor --near");
		rc = lw_err_set(err, LW_EAMBIGUOUS, "%s", lw_buf_cstr(&b));
		lw_buf_free(&b);
	}
	if (rc != LW_OK) {
		lw_where_free(&w);
		return rc;
	}
	const lw_municipality *m = &w.matches[0];
	int bad = 0;
#define KEEP(dst, src)                                                                     \
	do {                                                                               \
		if ((src) && !((dst) = lw_arena_strdup(&r->arena, (src))))                 \
			bad = 1;                                                           \
	} while (0)
	KEEP(r->near, w.query);
	KEEP(r->municipality_code, m->code);
	KEEP(r->municipality, m->name);
	KEEP(r->region_code, m->region_code);
	KEEP(r->region, m->region_name);
	if (w.kind == LW_WHERE_POSTCODE) {
		r->near_kind = "postcode";
		KEEP(r->near_postcode, w.postcode);
		KEEP(r->near_place, w.place);
		r->lat = w.lat;
		r->lon = w.lon;
	} else {
		lw_buf key = LW_BUF_INIT;
		const char *place_key = NULL;
		if (w.kind == LW_WHERE_PLACE) {
			r->near_kind = "plaats";
			KEEP(r->near_place, w.query);
			if (lw_geo_name_key(w.query, &key) != LW_OK)
				bad = 1;
			place_key = lw_buf_cstr(&key);
		} else {
			r->near_kind = "gemeente";
			KEEP(r->near_place, m->name);
		}
		rc = bad ? LW_ENOMEM
			 : centroid(s, m->code, place_key, &r->lat, &r->lon, err);
		if (rc == LW_ENOTFOUND && place_key) /* the place table is derived from these */
			rc = centroid(s, m->code, NULL, &r->lat, &r->lon, err);
		if (rc == LW_ENOTFOUND)
			rc = lw_err_set(err, LW_ENOTFOUND,
					"'%s' heeft geen postcodegebieden met een ligging; geef een "
					"postcode",
					w.query);
		lw_buf_free(&key);
	}
#undef KEEP
	lw_where_free(&w);
	if (rc == LW_OK && bad)
		rc = nomem(err);
	if (rc == LW_OK)
		r->has_near = 1;
	return rc;
}

/* ---- the lists ------------------------------------------------------------ */

/*
 * The point and place of an item's postcode: its own row, or its PC4 area's.
 * Used by every list query as columns LOC_COLS of the alias `x`.
 */
#define LOC_JOIN                                                                           \
	" LEFT JOIN postcode p6 ON p6.code = x.postcode"                                   \
	" LEFT JOIN postcode p4 ON p4.code = substr(x.postcode, 1, 4)"
#define LOC_COLS                                                                           \
	"coalesce(p6.lat, p4.lat), coalesce(p6.lon, p4.lon), coalesce(p6.place, p4.place)"

/*
 * Reads the location columns at i, i+1, i+2: *km is the distance to the
 * place (-1 without one). Returns 0 when the item lies outside the radius
 * or has no known location while a place was given.
 */
static int locate(lw_routes_result *r, sqlite3_stmt *st, int i, double *km, const char **place,
		  int *bad)
{
	*place = col(r, st, i + 2, bad);
	*km = -1;
	if (!r->has_near)
		return 1;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	*km = lw_links_km(r->lat, r->lon, sqlite3_column_double(st, i),
			  sqlite3_column_double(st, i + 1));
	return *km <= r->km;
}

/* Orders by distance (when there is a place), then by the given names. */
static int by_km(double a, double b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

static int text_cmp(const char *a, const char *b)
{
	int c = strcasecmp(a ? a : "", b ? b : "");
	return c ? c : strcmp(a ? a : "", b ? b : "");
}

static int cmp_school(const void *x, const void *y)
{
	const lw_route_school *a = x, *b = y;
	int c = by_km(a->km, b->km);
	if (!c)
		c = text_cmp(a->provider, b->provider);
	if (!c)
		c = text_cmp(a->place, b->place);
	return c ? c : strcmp(a->code, b->code);
}

static int cmp_company(const void *x, const void *y)
{
	const lw_route_company *a = x, *b = y;
	int c = by_km(a->km, b->km);
	if (!c)
		c = text_cmp(a->name, b->name);
	return c ? c : strcmp(a->kvk, b->kvk);
}

static int cmp_vacancy(const void *x, const void *y)
{
	const lw_route_vacancy *a = x, *b = y;
	int c = by_km(a->km, b->km);
	if (!c)
		c = text_cmp(a->title, b->title);
	if (!c)
		c = text_cmp(a->employer, b->employer);
	return c ? c : strcmp(a->code, b->code);
}

/* Valid accreditations first; then those serving the place's region; by provider. */
static int cmp_evc(const void *x, const void *y)
{
	const lw_route_evc *a = x, *b = y;
	if (a->valid != b->valid)
		return b->valid - a->valid;
	if (a->serves_near != b->serves_near)
		return b->serves_near - a->serves_near;
	int c = text_cmp(a->provider, b->provider);
	return c ? c : strcmp(a->code, b->code);
}

/* The first start on or after today in a ';'-joined list of dates. */
static const char *next_start(lw_routes_result *r, const char *starts, int *bad)
{
	if (!starts)
		return NULL;
	const char *best = NULL;
	size_t bestlen = 0;
	for (const char *p = starts; *p;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 10 && strncmp(p, r->today, 10) >= 0 &&
		    (!best || strncmp(p, best, 10) < 0)) {
			best = p;
			bestlen = len;
		}
		p += len;
		if (*p == ';')
			p++;
	}
	if (!best)
		return NULL;
	char *out = lw_arena_alloc(&r->arena, bestlen + 1);
	if (!out) {
		*bad = 1;
		return NULL;
	}
	memcpy(out, best, bestlen);
	return out;
}

/* Steps st to the end; row() appends one item (or skips it). */
typedef int row_fn(lw_routes_result *r, sqlite3_stmt *st, size_t *cap);

static int each_row(lw_store *s, sqlite3_stmt *st, lw_routes_result *r, row_fn *row,
		    lw_err *err)
{
	int step, rc = LW_OK;
	size_t cap = 0; /* room in the list's array */
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = row(r, st, &cap)) != LW_OK)
			break;
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(s, err, "opvragen mislukt");
	else if (rc != LW_OK)
		rc = nomem(err);
	sqlite3_finalize(st);
	return rc;
}

static int school_row(lw_routes_result *r, sqlite3_stmt *st, size_t *cap)
{
	int bad = 0;
	double km;
	const char *place;
	if (!locate(r, st, 10, &km, &place, &bad))
		return LW_OK;
	lw_route_school *a = lw_arena_grow(&r->arena, r->schools, &r->nschools, cap,
					   sizeof *a);
	if (!a)
		return LW_ENOMEM;
	r->schools = a;
	lw_route_school *p = &a[r->nschools - 1];
	p->code = col(r, st, 0, &bad);
	p->title = col(r, st, 1, &bad);
	p->provider_code = col(r, st, 2, &bad);
	p->provider = col(r, st, 3, &bad);
	p->postcode = col(r, st, 4, &bad);
	p->pathway = col(r, st, 5, &bad);
	p->starts = col(r, st, 6, &bad);
	p->next_start = next_start(r, p->starts, &bad);
	p->months = col_long(st, 7);
	p->cost_cents = col_long(st, 8);
	p->is_example = sqlite3_column_int(st, 9);
	p->place = place;
	p->km = km;
	return bad ? LW_ENOMEM : LW_OK;
}

static int company_row(lw_routes_result *r, sqlite3_stmt *st, size_t *cap)
{
	int bad = 0;
	double km;
	const char *place;
	if (!locate(r, st, 5, &km, &place, &bad))
		return LW_OK;
	lw_route_company *a = lw_arena_grow(&r->arena, r->companies, &r->ncompanies,
					    cap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	r->companies = a;
	lw_route_company *p = &a[r->ncompanies - 1];
	p->kvk = col(r, st, 0, &bad);
	p->name = col(r, st, 1, &bad);
	p->postcode = col(r, st, 2, &bad);
	p->places = col_long(st, 3);
	p->is_example = sqlite3_column_int(st, 4);
	p->place = place;
	p->km = km;
	return bad ? LW_ENOMEM : LW_OK;
}

static int evc_row(lw_routes_result *r, sqlite3_stmt *st, size_t *cap)
{
	int bad = 0;
	lw_route_evc *a = lw_arena_grow(&r->arena, r->evc, &r->nevc, cap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	r->evc = a;
	lw_route_evc *p = &a[r->nevc - 1];
	p->code = col(r, st, 0, &bad);
	p->provider_code = col(r, st, 1, &bad);
	p->provider = col(r, st, 2, &bad);
	p->price_cents = col_long(st, 3);
	p->weeks = col_long(st, 4);
	p->accredited_until = col(r, st, 5, &bad);
	p->is_example = sqlite3_column_int(st, 6);
	p->regions = col(r, st, 7, &bad);
	p->region_codes = col(r, st, 8, &bad);
	p->serves_near = r->has_near ? sqlite3_column_int(st, 9) : -1;
	p->valid = p->accredited_until && strcmp(p->accredited_until, r->today) >= 0;
	r->evc_valid += p->valid;
	return bad ? LW_ENOMEM : LW_OK;
}

static int occupation_row(lw_routes_result *r, sqlite3_stmt *st, size_t *cap)
{
	int bad = 0;
	lw_route_occupation *a = lw_arena_grow(&r->arena, r->occupations, &r->noccupations,
					       cap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	r->occupations = a;
	lw_route_occupation *p = &a[r->noccupations - 1];
	p->uri = col(r, st, 0, &bad);
	p->label = col(r, st, 1, &bad);
	p->isco_group = col(r, st, 2, &bad);
	const char *src = (const char *)sqlite3_column_text(st, 3);
	p->source = src && strcmp(src, "import") == 0 ? "import" : "afgeleid";
	p->score = sqlite3_column_double(st, 4);
	return bad ? LW_ENOMEM : LW_OK;
}

static int vacancy_row(lw_routes_result *r, sqlite3_stmt *st, size_t *cap)
{
	int bad = 0;
	double km;
	const char *place;
	if (!locate(r, st, 12, &km, &place, &bad))
		return LW_OK;
	lw_route_vacancy *a = lw_arena_grow(&r->arena, r->vacancies, &r->nvacancies,
					    cap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	r->vacancies = a;
	lw_route_vacancy *p = &a[r->nvacancies - 1];
	p->code = col(r, st, 0, &bad);
	p->kind = col(r, st, 1, &bad);
	p->title = col(r, st, 2, &bad);
	p->employer = col(r, st, 3, &bad);
	p->postcode = col(r, st, 4, &bad);
	p->occupation_uri = col(r, st, 5, &bad);
	p->occupation = col(r, st, 6, &bad);
	p->level = col(r, st, 7, &bad);
	p->hours = col_long(st, 8);
	p->published = col(r, st, 9, &bad);
	p->closes = col(r, st, 10, &bad);
	p->is_example = sqlite3_column_int(st, 11);
	p->place = place;
	p->km = km;
	return bad ? LW_ENOMEM : LW_OK;
}

/* Sorts a list, counts it, keeps the first LW_ROUTES_LIMIT. */
static void finish_list(void *items, size_t *n, long *total, size_t size,
			int (*cmp)(const void *, const void *))
{
	if (*n > 1)
		qsort(items, *n, size, cmp);
	*total = (long)*n;
	if (*n > LW_ROUTES_LIMIT)
		*n = LW_ROUTES_LIMIT;
}

static int load_lists(lw_store *s, lw_routes_result *r, lw_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = lw_store_prepare(s, &st,
				   "SELECT x.code, x.title, x.provider_code, pr.name, x.postcode, "
				   "x.pathway, x.starts, x.months, x.cost_cents, x.is_example, "
				   LOC_COLS " FROM offering x JOIN provider pr ON pr.code = "
				   "x.provider_code" LOC_JOIN " WHERE x.crebo = ?1",
				   err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->crebo, -1, SQLITE_STATIC);
	if ((rc = each_row(s, st, r, school_row, err)) != LW_OK)
		return rc;
	finish_list(r->schools, &r->nschools, &r->schools_total, sizeof *r->schools, cmp_school);

	if ((rc = lw_store_prepare(s, &st,
				   "SELECT x.kvk, x.name, x.postcode, x.places, x.is_example, " LOC_COLS
				   " FROM training_company_recognition t JOIN training_company x ON "
				   "x.kvk = t.kvk" LOC_JOIN " WHERE t.crebo = ?1",
				   err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->crebo, -1, SQLITE_STATIC);
	if ((rc = each_row(s, st, r, company_row, err)) != LW_OK)
		return rc;
	finish_list(r->companies, &r->ncompanies, &r->companies_total, sizeof *r->companies,
		    cmp_company);

	if ((rc = lw_store_prepare(
		     s, &st,
		     "SELECT e.code, e.provider_code, pr.name, e.price_cents, e.weeks, "
		     "e.accredited_until, e.is_example, "
		     "(SELECT group_concat(name, '; ') FROM (SELECT g.name FROM evc_region er JOIN "
		     "region g ON g.code = er.region_code WHERE er.evc_code = e.code ORDER BY "
		     "g.name)), "
		     "(SELECT group_concat(code, ';') FROM (SELECT g.code FROM evc_region er JOIN "
		     "region g ON g.code = er.region_code WHERE er.evc_code = e.code ORDER BY "
		     "g.name)), "
		     "EXISTS (SELECT 1 FROM evc_region WHERE evc_code = e.code AND region_code = ?2) "
		     "FROM evc_procedure e JOIN provider pr ON pr.code = e.provider_code "
		     "WHERE e.crebo = ?1",
		     err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->crebo, -1, SQLITE_STATIC);
	if (r->region_code)
		sqlite3_bind_text(st, 2, r->region_code, -1, SQLITE_STATIC);
	if ((rc = each_row(s, st, r, evc_row, err)) != LW_OK)
		return rc;
	finish_list(r->evc, &r->nevc, &r->evc_total, sizeof *r->evc, cmp_evc);

	if ((rc = lw_store_prepare(s, &st,
				   "SELECT l.occupation_uri, o.label, o.isco_group, l.source, l.score "
				   "FROM qualification_occupation l JOIN occupation o ON o.uri = "
				   "l.occupation_uri WHERE l.crebo = ?1 "
				   "ORDER BY l.source = 'import' DESC, l.score DESC, o.label, o.uri",
				   err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->crebo, -1, SQLITE_STATIC);
	if ((rc = each_row(s, st, r, occupation_row, err)) != LW_OK)
		return rc;
	r->occupations_total = (long)r->noccupations;

	if ((rc = lw_store_prepare(
		     s, &st,
		     "SELECT x.code, x.kind, x.title, x.employer, x.postcode, x.occupation_uri, "
		     "o.label, x.level, x.hours, x.published, x.closes, x.is_example, " LOC_COLS
		     " FROM qualification_occupation l JOIN vacancy x ON x.occupation_uri = "
		     "l.occupation_uri JOIN occupation o ON o.uri = x.occupation_uri" LOC_JOIN
		     " WHERE l.crebo = ?1 AND (x.closes IS NULL OR x.closes >= ?2)",
		     err)) != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->crebo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->today, -1, SQLITE_STATIC);
	if ((rc = each_row(s, st, r, vacancy_row, err)) != LW_OK)
		return rc;
	/* Per occupation: its open vacancies (near the place). */
	for (size_t i = 0; i < r->nvacancies; i++)
		for (size_t k = 0; k < r->noccupations; k++)
			if (strcmp(r->occupations[k].uri, r->vacancies[i].occupation_uri) == 0)
				r->occupations[k].vacancies++;
	if (r->noccupations > LW_ROUTES_LIMIT)
		r->noccupations = LW_ROUTES_LIMIT;
	finish_list(r->vacancies, &r->nvacancies, &r->vacancies_total, sizeof *r->vacancies,
		    cmp_vacancy);

	for (size_t i = 0; i < r->nschools; i++)
		r->examples += r->schools[i].is_example;
	for (size_t i = 0; i < r->ncompanies; i++)
		r->examples += r->companies[i].is_example;
	for (size_t i = 0; i < r->nevc; i++)
		r->examples += r->evc[i].is_example;
	for (size_t i = 0; i < r->nvacancies; i++)
		r->examples += r->vacancies[i].is_example;
	return LW_OK;
}

/* ---- entry points ----------------------------------------------------------- */

int lw_routes_on(lw_store *s, const char *crebo, const char *near, double km,
		 const char *today, lw_routes_result *r, lw_err *err)
{
	memset(r, 0, sizeof *r);
	char code[6];
	size_t n = crebo ? strlen(crebo) : 0;
	while (n && crebo[n - 1] == ' ')
		n--;
	while (n && *crebo == ' ')
		crebo++, n--;
	if (n != 5 || strspn(crebo, "0123456789") < 5)
		return lw_err_set(err, LW_EINPUT, "'%.*s' is geen crebo-code (5 cijfers)",
				  (int)(n < 40 ? n : 40), crebo ? crebo : "");
	memcpy(code, crebo, 5);
	code[5] = '\0';
	if (km == 0)
		km = LW_ROUTES_KM_DEFAULT;
	if (!(km > 0 && km <= LW_ROUTES_KM_MAX))
		return lw_err_set(err, LW_EINPUT,
				  "de afstand moet groter dan 0 en hoogstens %.0f km zijn",
				  LW_ROUTES_KM_MAX);
	if (!today || strlen(today) != 10)
		return lw_err_set(err, LW_EUSAGE, "de datum van vandaag ontbreekt (JJJJ-MM-DD)");
	if (!(r->today = lw_arena_strdup(&r->arena, today)))
		return nomem(err);
	r->km = km;
	int rc = load_qualification(s, code, r, err);
	if (rc == LW_OK && near)
		rc = resolve_near(s, near, r, err);
	if (rc == LW_OK)
		rc = load_lists(s, r, err);
	return rc;
}

int lw_routes(lw_store *s, const char *crebo, const char *near, double km, lw_routes_result *r,
	      lw_err *err)
{
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || strftime(today, sizeof today, "%Y-%m-%d", &tm) != 10)
		today[0] = '\0';
	return lw_routes_on(s, crebo, near, km, today, r, err);
}

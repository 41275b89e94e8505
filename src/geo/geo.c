/* geo.c - codes, postcodes, name keys, and "where is this?". */
#include "geo_int.h"

#include <ctype.h>
#include <string.h>

int lw_geo_name_key(const char *name, lw_buf *out)
{
	return lw_fold_key(name, strlen(name), out);
}

int lw_geo_plain_key(const char *name, lw_buf *out)
{
	size_t n = strlen(name);
	/* Drop one trailing "(...)": the official disambiguation. */
	if (n && name[n - 1] == ')') {
		const char *open = strrchr(name, '(');
		if (open && open > name) {
			n = (size_t)(open - name);
			while (n && name[n - 1] == ' ')
				n--;
		}
	}
	return lw_fold_key(name, n, out);
}

int lw_geo_postcode_parse(const char *s, char out[8])
{
	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)s[0]) || s[0] == '0' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
		return 0;
	memcpy(out, s, 4);
	out[4] = '\0';
	s += 4;
	while (*s == ' ')
		s++;
	if (!*s)
		return 4;
	if (!isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]))
		return 0;
	char a = (char)toupper((unsigned char)s[0]), b = (char)toupper((unsigned char)s[1]);
	const char *rest = s + 2;
	while (*rest == ' ')
		rest++;
	if (*rest || (a == 'S' && (b == 'A' || b == 'D' || b == 'S')))
		return 0;
	out[4] = a;
	out[5] = b;
	out[6] = '\0';
	return 6;
}

int lw_geo_is_municipality_code(const char *code)
{
	return strncmp(code, "GM", 2) == 0 && lw_is_digits(code + 2, 4);
}

int lw_geo_is_region_code(const char *code)
{
	return strncmp(code, "AM", 2) == 0 && lw_is_digits(code + 2, 2);
}

int lw_geo_in_netherlands(double lat, double lon)
{
	/* European Netherlands with its islands: 50.75-53.56 N, 3.36-7.23 E. */
	return lat >= 50.70 && lat <= 53.70 && lon >= 3.20 && lon <= 7.30;
}

/* ---- where ------------------------------------------------------------- */

const char *lw_geo_col(lw_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? lw_arena_strdup(a, (const char *)t) : NULL;
}

void lw_geo_read_desk(lw_arena *a, sqlite3_stmt *st, int first, lw_desk *d)
{
	const char **f[] = {&d->code,  &d->name,  &d->address, &d->postcode,     &d->place,
			    &d->phone, &d->email, &d->website, &d->opening_hours};
	for (int i = 0; i < 9; i++)
		*f[i] = lw_geo_col(a, st, first + i);
	d->is_default = sqlite3_column_int(st, first + 9);
}

/* Fills m->desks: desks named for the municipality first, then by region. */
static int load_desks(lw_store *s, lw_arena *a, lw_municipality *m, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
				  "SELECT " LW_DESK_COLS ", min(ds.via) AS via FROM desk_service ds "
				  "JOIN desk d ON d.code = ds.desk_code "
				  "WHERE ds.municipality_code = ?1 GROUP BY d.code "
				  "ORDER BY via = 'regio', d.name",
				  err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, m->code, -1, SQLITE_STATIC);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		lw_desk *p = lw_arena_grow(a, m->desks, &m->ndesks, &cap, sizeof *p);
		if (!p) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		m->desks = p;
		lw_desk *d = &m->desks[m->ndesks - 1];
		lw_geo_read_desk(a, st, 0, d);
		d->via = lw_geo_col(a, st, 10);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");
	return LW_OK;
}

#define MUNI_SELECT                                                                        \
	"SELECT m.code, m.name, m.province, m.region_code, r.name FROM municipality m "    \
	"JOIN region r ON r.code = m.region_code "

/* Runs a municipality query with one text parameter; appends to w->matches. */
static int find_municipalities(lw_store *s, lw_where *w, const char *sql, const char *arg,
			       lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, sql, err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	int step;
	size_t cap = w->nmatches;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		lw_municipality *p =
			lw_arena_grow(&w->arena, w->matches, &w->nmatches, &cap, sizeof *p);
		if (!p) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		w->matches = p;
		lw_municipality *m = &p[w->nmatches - 1];
		m->code = lw_geo_col(&w->arena, st, 0);
		m->name = lw_geo_col(&w->arena, st, 1);
		m->province = lw_geo_col(&w->arena, st, 2);
		m->region_code = lw_geo_col(&w->arena, st, 3);
		m->region_name = lw_geo_col(&w->arena, st, 4);
		if (!m->code || !m->name) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return lw_store_fail(s, err, "opvragen mislukt");
	return LW_OK;
}

static int where_postcode(lw_store *s, const char *pc, int len, lw_where *w, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
				  "SELECT code, place, lat, lon, inhabitants, municipality_code "
				  "FROM postcode WHERE code IN (?1, ?2) ORDER BY length(code) DESC "
				  "LIMIT 1",
				  err);
	if (rc != LW_OK)
		return rc;
	char pc4[5];
	memcpy(pc4, pc, 4);
	pc4[4] = '\0';
	sqlite3_bind_text(st, 1, pc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pc4, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			return lw_store_fail(s, err, "opvragen mislukt");
		return lw_err_set(err, LW_ENOTFOUND,
				  "postcode %s is onbekend: hij is geldig, maar staat niet in de "
				  "postcodetabel (die kent de postcodegebieden van 2020)",
				  len == 6 ? pc : pc4);
	}
	w->postcode = lw_geo_col(&w->arena, st, 0);
	w->place = lw_geo_col(&w->arena, st, 1);
	w->lat = sqlite3_column_double(st, 2);
	w->lon = sqlite3_column_double(st, 3);
	w->inhabitants =
		sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 4);
	const char *code = lw_geo_col(&w->arena, st, 5);
	sqlite3_finalize(st);
	if (!code)
		return lw_err_set(err, LW_ENOTFOUND,
				  "postcode %s is bekend, maar ligt in geen enkele gemeente van de "
				  "gemeentetabel",
				  w->postcode);
	return find_municipalities(s, w, MUNI_SELECT "WHERE m.code = ?1", code, err);
}

/*
 * Names people use that no data file spells: colloquial names of
 * municipalities whose official name is different. Keys are folded.
 */
static const struct {
	const char *key, *code;
} aliases[] = {
	{"den bosch", "GM0796"}, /* 's-Hertogenbosch */
};

int lw_geo_alias(size_t i, const char **key, const char **code)
{
	if (i >= sizeof aliases / sizeof aliases[0])
		return 0;
	*key = aliases[i].key;
	*code = aliases[i].code;
	return 1;
}

static const char *alias_code(const char *key)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].key, key) == 0)
			return aliases[i].code;
	return NULL;
}

int lw_geo_where(lw_store *s, const char *query, lw_where *w, lw_err *err)
{
	memset(w, 0, sizeof *w);
	w->inhabitants = -1;
	lw_buf q = LW_BUF_INIT;
	char pc[8];
	int rc, len;
	if (lw_buf_puts(&q, query) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	lw_trim(q.data);
	const char *in = q.data;
	if (!*in) {
		rc = lw_err_set(err, LW_EINPUT, "geef een postcode, gemeentecode of plaatsnaam");
		goto out;
	}
	if (!lw_utf8_valid(in, strlen(in), NULL)) {
		rc = lw_err_set(err, LW_EINPUT, "de zoekvraag is geen geldige UTF-8-tekst");
		goto out;
	}
	w->query = lw_arena_strdup(&w->arena, in);
	if ((len = lw_geo_postcode_parse(in, pc)) != 0) {
		w->kind = LW_WHERE_POSTCODE;
		w->query = lw_arena_strdup(&w->arena, pc);
		rc = where_postcode(s, pc, len, w, err);
		goto desks;
	}
	if (isdigit((unsigned char)in[0])) {
		rc = lw_err_set(err, LW_EINPUT,
				"'%s' is geen postcode: een postcode heeft 4 cijfers (1000-9999), "
				"eventueel gevolgd door 2 letters",
				in);
		goto out;
	}
	char upper[8] = "";
	if (strlen(in) == 6) {
		for (int i = 0; i < 6; i++)
			upper[i] = (char)toupper((unsigned char)in[i]);
		upper[6] = '\0';
	}
	w->kind = LW_WHERE_MUNICIPALITY;
	if (lw_geo_is_municipality_code(upper)) {
		rc = find_municipalities(s, w, MUNI_SELECT "WHERE m.code = ?1", upper, err);
		if (rc == LW_OK && !w->nmatches)
			rc = lw_err_set(err, LW_ENOTFOUND, "gemeentecode %s is onbekend", upper);
		goto desks;
	}
	lw_buf key = LW_BUF_INIT;
	if (lw_geo_name_key(in, &key) != LW_OK) {
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		goto out;
	}
	/* The official name, then the plain name, then a place in a postcode area. */
	rc = find_municipalities(s, w, MUNI_SELECT "WHERE m.name_key = ?1 ORDER BY m.name",
				 lw_buf_cstr(&key), err);
	if (rc == LW_OK && !w->nmatches)
		rc = find_municipalities(s, w, MUNI_SELECT "WHERE m.plain_key = ?1 ORDER BY m.name",
					 lw_buf_cstr(&key), err);
	const char *alias = rc == LW_OK && !w->nmatches ? alias_code(lw_buf_cstr(&key)) : NULL;
	if (alias)
		rc = find_municipalities(s, w, MUNI_SELECT "WHERE m.code = ?1", alias, err);
	if (rc == LW_OK && !w->nmatches) {
		w->kind = LW_WHERE_PLACE;
		rc = find_municipalities(
			s, w,
			MUNI_SELECT "WHERE m.code IN (SELECT municipality_code FROM place "
				    "WHERE key = ?1) ORDER BY m.name",
			lw_buf_cstr(&key), err);
	}
	lw_buf_free(&key);
	if (rc == LW_OK && !w->nmatches)
		rc = lw_err_set(err, LW_ENOTFOUND,
				"'%s' is geen bekende gemeente of plaats (let op de spelling, of "
				"probeer een postcode)",
				in);
desks:
	if (rc == LW_ENOTFOUND) {
		/* Nothing found in an empty store: say what is missing. */
		int64_t n = 1;
		lw_store_int(s, "SELECT count(*) FROM municipality", &n, NULL);
		if (n == 0)
			rc = lw_err_set(err, LW_ENOTFOUND,
					"de database bevat nog geen gemeenten en postcodes; laad ze "
					"met 'leerwerk import reference'");
	}
	for (size_t i = 0; rc == LW_OK && i < w->nmatches; i++)
		rc = load_desks(s, &w->arena, &w->matches[i], err);
	if (rc == LW_OK && w->nmatches > 1)
		rc = lw_err_set(err, LW_EAMBIGUOUS, "'%s' past bij %zu gemeenten; kies er een",
				in, w->nmatches);
out:
	lw_buf_free(&q);
	return rc;
}

void lw_where_free(lw_where *w)
{
	lw_arena_free(&w->arena);
	memset(w, 0, sizeof *w);
}

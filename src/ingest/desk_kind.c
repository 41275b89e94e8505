/*
 * desk_kind.c - the importer for the real network of leerwerkloketten. The
 * format is leerwerk's own (docs/formats/loketten.md): one row per desk, its
 * service area as a list of municipality and region codes. Loading it
 * replaces the generated one-desk-per-region network.
 */
#include "ingest_int.h"
#include "lw_geo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
	D_CODE,
	D_NAME,
	D_AREA,
	D_ADDRESS,
	D_POSTCODE,
	D_PLACE,
	D_PHONE,
	D_EMAIL,
	D_WEBSITE,
	D_HOURS
};
static const lw_col desk_cols[] = {
	{"code", 0},
	{"naam", 0},
	{"werkgebied", 0},
	{"adres", COL_OPTIONAL},
	{"postcode", COL_OPTIONAL},
	{"plaats", COL_OPTIONAL},
	{"telefoon", COL_OPTIONAL},
	{"email", COL_OPTIONAL},
	{"website", COL_OPTIONAL},
	{"openingstijden", COL_OPTIONAL},
};

typedef struct desk_state {
	sqlite3_stmt *upsert, *areas_of, *clear, *add_m, *add_r;
	lw_strmap *municipalities, *regions;
	lw_buf area; /* normalised: sorted codes joined by ';' */
	int replaced_default;
} desk_state;

static int desk_begin(lw_importer *im, void *state, lw_err *err)
{
	desk_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc;
	int64_t defaults = 0;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM desk WHERE is_default = 1", &defaults,
			       err)) != LW_OK)
		return rc;
	st->replaced_default = defaults > 0;
	if (defaults &&
	    (rc = lw_store_exec(s, "DELETE FROM desk WHERE is_default = 1", err)) != LW_OK)
		return rc;
	if ((rc = lw_im_load_map(im, "SELECT code FROM municipality", &st->municipalities,
				 err)) != LW_OK ||
	    (rc = lw_im_load_map(im, "SELECT code FROM region", &st->regions, err)) != LW_OK)
		return rc;
	if ((rc = lw_store_prepare(
		     s, &st->upsert,
		     "INSERT INTO desk(code, name, address, postcode, place, phone, email, website, "
		     "opening_hours, is_default) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0) "
		     "ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = "
		     "excluded.address, postcode = excluded.postcode, place = excluded.place, "
		     "phone = excluded.phone, email = excluded.email, website = excluded.website, "
		     "opening_hours = excluded.opening_hours, is_default = 0 WHERE (name, address, "
		     "postcode, place, phone, email, website, opening_hours, is_default) IS NOT "
		     "(excluded.name, excluded.address, excluded.postcode, excluded.place, "
		     "excluded.phone, excluded.email, excluded.website, excluded.opening_hours, 0)",
		     err)) != LW_OK ||
	    (rc = lw_store_prepare(s, &st->areas_of,
				   "SELECT group_concat(c, ';') FROM (SELECT coalesce("
				   "municipality_code, region_code) AS c FROM desk_area WHERE "
				   "desk_code = ?1 ORDER BY c)",
				   err)) != LW_OK ||
	    (rc = lw_store_prepare(s, &st->clear, "DELETE FROM desk_area WHERE desk_code = ?1",
				   err)) != LW_OK ||
	    (rc = lw_store_prepare(s, &st->add_m,
				   "INSERT INTO desk_area(desk_code, municipality_code) VALUES(?1, ?2)",
				   err)) != LW_OK)
		return rc;
	return lw_store_prepare(s, &st->add_r,
				"INSERT INTO desk_area(desk_code, region_code) VALUES(?1, ?2)", err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Parses "GM0344; AM09 GM0014" into a sorted, checked, ';'-joined list. */
static int parse_area(lw_importer *im, desk_state *st, const char *in)
{
	char *copy = lw_arena_strdup(lw_im_arena(im), in);
	const char *codes[512];
	size_t n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ";, \t\n", &save); tok;
	     tok = strtok_r(NULL, ";, \t\n", &save)) {
		for (char *p = tok; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (lw_geo_is_municipality_code(tok)) {
			if (!lw_im_map_get(st->municipalities, tok, NULL))
				return lw_im_reject(im, D_AREA, "onbekende gemeente '%s'",
						    lw_im_show(im, tok));
		} else if (lw_geo_is_region_code(tok)) {
			if (!lw_im_map_get(st->regions, tok, NULL))
				return lw_im_reject(im, D_AREA, "onbekende arbeidsmarktregio '%s'",
						    tok);
		} else {
			return lw_im_reject(im, D_AREA,
					    "'%s' is geen gemeentecode (GM + 4 cijfers) of "
					    "regiocode (AM + 2 cijfers)",
					    lw_im_show(im, tok));
		}
		if (n == sizeof codes / sizeof codes[0])
			return lw_im_reject(im, D_AREA, "meer dan %zu gebieden", n);
		codes[n++] = tok;
	}
	if (!n)
		return lw_im_reject(im, D_AREA, "is leeg, maar verplicht");
	qsort(codes, n, sizeof codes[0], cmp_str);
	lw_buf_reset(&st->area);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(codes[i], codes[i - 1]) == 0)
			return lw_im_reject(im, D_AREA, "'%s' staat er twee keer in", codes[i]);
		lw_buf_printf(&st->area, "%s%s", i ? ";" : "", codes[i]);
	}
	return LW_OK;
}

static int check_desk_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

static int check_phone(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr(" +-()", *s))
			return 0;
	}
	return digits >= 10 && digits <= 15;
}

static int check_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(s, " <>\"");
}

static int desk_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	desk_state *st = state;
	const char *code, *name, *area;
	if (lw_im_text(im, D_CODE, 1, &code) || lw_im_text(im, D_NAME, 1, &name) ||
	    lw_im_text(im, D_AREA, 1, &area))
		return LW_EINPUT;
	if (!check_desk_code(code))
		return lw_im_reject(im, D_CODE,
				    "'%s' is geen geldige code (kleine letters, cijfers en '-', "
				    "hoogstens 40 tekens)",
				    lw_im_show(im, code));
	if (parse_area(im, st, area))
		return LW_EINPUT;
	const char *pc_raw = lw_im_get(im, D_POSTCODE), *phone = lw_im_get(im, D_PHONE),
		   *email = lw_im_get(im, D_EMAIL), *web = lw_im_get(im, D_WEBSITE);
	char pc[8] = "";
	if (*pc_raw && !lw_geo_postcode_parse(pc_raw, pc))
		return lw_im_reject(im, D_POSTCODE, "'%s' is geen postcode",
				    lw_im_show(im, pc_raw));
	if (*phone && !check_phone(phone))
		return lw_im_reject(im, D_PHONE,
				    "'%s' is geen telefoonnummer (10 tot 15 cijfers)",
				    lw_im_show(im, phone));
	if (*email && !check_email(email))
		return lw_im_reject(im, D_EMAIL, "'%s' is geen e-mailadres",
				    lw_im_show(im, email));
	if (*web && strncmp(web, "https://", 8) != 0 && strncmp(web, "http://", 7) != 0)
		return lw_im_reject(im, D_WEBSITE, "'%s' begint niet met https:// of http://",
				    lw_im_show(im, web));
	int claimed = lw_im_claim_key(im, D_CODE, code);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	lw_bind_text(u, 3, lw_im_get(im, D_ADDRESS));
	lw_bind_text(u, 4, pc);
	lw_bind_text(u, 5, lw_im_get(im, D_PLACE));
	lw_bind_text(u, 6, phone);
	lw_bind_text(u, 7, email);
	lw_bind_text(u, 8, web);
	lw_bind_text(u, 9, lw_im_get(im, D_HOURS));
	int rc = lw_im_step(im, u, changed, err);
	if (rc != LW_OK)
		return rc;

	/* Rewrite the service area only when it differs. */
	sqlite3_bind_text(st->areas_of, 1, code, -1, SQLITE_STATIC);
	int same = sqlite3_step(st->areas_of) == SQLITE_ROW &&
		   sqlite3_column_text(st->areas_of, 0) &&
		   strcmp((const char *)sqlite3_column_text(st->areas_of, 0),
			  lw_buf_cstr(&st->area)) == 0;
	sqlite3_reset(st->areas_of);
	if (same)
		return LW_OK;
	*changed = 1;
	int ignored = 0;
	sqlite3_bind_text(st->clear, 1, code, -1, SQLITE_STATIC);
	if ((rc = lw_im_step(im, st->clear, &ignored, err)) != LW_OK)
		return rc;
	for (char *c = st->area.data; c && *c;) {
		char *semi = strchr(c, ';');
		if (semi)
			*semi = '\0';
		sqlite3_stmt *add = c[0] == 'G' ? st->add_m : st->add_r;
		sqlite3_bind_text(add, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(add, 2, c, -1, SQLITE_STATIC);
		if ((rc = lw_im_step(im, add, &ignored, err)) != LW_OK)
			return rc;
		c = semi ? semi + 1 : NULL;
	}
	return LW_OK;
}

static int desk_finish(lw_importer *im, void *state, lw_err *err)
{
	desk_state *st = state;
	int64_t real = 0;
	int rc = lw_store_int(lw_im_store(im), "SELECT count(*) FROM desk WHERE is_default = 0",
			      &real, err);
	if (rc == LW_OK && st->replaced_default && real)
		lw_im_note(im, "het standaardnetwerk (een loket per arbeidsmarktregio) is "
			       "vervangen door de loketten uit dit bestand");
	return rc;
}

static void desk_end(void *state)
{
	desk_state *st = state;
	sqlite3_finalize(st->upsert);
	sqlite3_finalize(st->areas_of);
	sqlite3_finalize(st->clear);
	sqlite3_finalize(st->add_m);
	sqlite3_finalize(st->add_r);
	lw_strmap_free(st->municipalities);
	lw_strmap_free(st->regions);
	lw_buf_free(&st->area);
}

const lw_ingest_kind lw_kind_desks = {
	.name = "loketten",
	.help = "het netwerk van leerwerkloketten en hun werkgebied (eigen formaat)",
	.file = NULL,
	.cols = desk_cols,
	.ncols = sizeof desk_cols / sizeof desk_cols[0],
	.count_sql = "SELECT count(*) FROM desk WHERE is_default = 0",
	.keys_sql = "SELECT code FROM desk WHERE is_default = 0",
	.delete_sql = "DELETE FROM desk WHERE code = ?1",
	.key_col = D_CODE,
	.state_size = sizeof(desk_state),
	.begin = desk_begin,
	.row = desk_row,
	.finish = desk_finish,
	.end = desk_end,
};

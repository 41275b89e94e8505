/*
 * geo_kinds.c - importers for the CBS files: labour-market regions,
 * municipalities, and PC4 postcode areas.
 */
#include "ingest_int.h"
#include "lw_geo.h"

#include <string.h>

/* ---- regions: cbs/arbeidsmarktregios.csv -------------------------------- */

enum { R_CODE, R_NAME, R_COUNT };
static const lw_col region_cols[] = {
	{"arbeidsmarktregiocode", 0},
	{"arbeidsmarktregionaam", 0},
	{"aantal_gemeenten", COL_OPTIONAL},
};

typedef struct region_state {
	sqlite3_stmt *upsert;
} region_state;

static int region_begin(lw_importer *im, void *state, lw_err *err)
{
	region_state *st = state;
	return lw_store_prepare(lw_im_store(im), &st->upsert,
				"INSERT INTO region(code, name) VALUES(?1, ?2) "
				"ON CONFLICT(code) DO UPDATE SET name = excluded.name "
				"WHERE name IS NOT excluded.name",
				err);
}

static int region_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	region_state *st = state;
	const char *code, *name;
	long count;
	if (lw_im_code(im, R_CODE, "AM", 2, &code) || lw_im_text(im, R_NAME, 1, &name) ||
	    lw_im_long(im, R_COUNT, 1, 1000, 0, &count, NULL))
		return LW_EINPUT;
	int claimed = lw_im_claim_key(im, R_CODE, code);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	if (!lw_im_writing(im))
		return LW_OK;
	sqlite3_bind_text(st->upsert, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->upsert, 2, name, -1, SQLITE_STATIC);
	return lw_im_step(im, st->upsert, changed, err);
}

static void region_end(void *state)
{
	region_state *st = state;
	sqlite3_finalize(st->upsert);
}

const lw_ingest_kind lw_kind_regions = {
	.name = "regions",
	.help = "arbeidsmarktregio's (CBS)",
	.file = "cbs/arbeidsmarktregios.csv",
	.cols = region_cols,
	.ncols = sizeof region_cols / sizeof region_cols[0],
	.table = "region",
	.key = "code",
	.key_col = R_CODE,
	.state_size = sizeof(region_state),
	.begin = region_begin,
	.row = region_row,
	.end = region_end,
};

/* ---- municipalities: cbs/gemeenten_arbeidsmarktregio_2026.csv ----------- */

enum { M_CODE, M_NAME, M_PROVINCE, M_REGION, M_REGION_NAME };
static const lw_col municipality_cols[] = {
	{"gemeentecode", 0},
	{"gemeentenaam", 0},
	{"provincie", 0},
	{"arbeidsmarktregiocode", 0},
	{"arbeidsmarktregionaam", COL_OPTIONAL},
};

typedef struct municipality_state {
	sqlite3_stmt *upsert;
	lw_strmap *regions; /* code -> name */
	lw_buf key, plain;
} municipality_state;

static int municipality_begin(lw_importer *im, void *state, lw_err *err)
{
	municipality_state *st = state;
	int rc = lw_im_load_map(im, "SELECT code, name FROM region", &st->regions, err);
	if (rc != LW_OK)
		return rc;
	return lw_store_prepare(
		lw_im_store(im), &st->upsert,
		"INSERT INTO municipality(code, name, name_key, plain_key, province, region_code) "
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET "
		"name = excluded.name, name_key = excluded.name_key, plain_key = "
		"excluded.plain_key, province = excluded.province, region_code = "
		"excluded.region_code WHERE (name, province, region_code) IS NOT "
		"(excluded.name, excluded.province, excluded.region_code)",
		err);
}

static int municipality_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	municipality_state *st = state;
	const char *code, *name, *province, *region, *region_name, *known_name;
	if (lw_im_code(im, M_CODE, "GM", 4, &code) || lw_im_text(im, M_NAME, 1, &name) ||
	    lw_im_text(im, M_PROVINCE, 1, &province) ||
	    lw_im_code(im, M_REGION, "AM", 2, &region) ||
	    lw_im_text(im, M_REGION_NAME, 0, &region_name))
		return LW_EINPUT;
	if (!lw_im_map_get(st->regions, region, &known_name))
		return lw_im_reject(im, M_REGION,
				    "onbekende arbeidsmarktregio '%s' (importeer eerst de regio's)",
				    region);
	if (region_name && strcmp(region_name, known_name) != 0)
		return lw_im_reject(im, M_REGION_NAME,
				    "'%s' past niet bij %s, die '%s' heet",
				    lw_im_show(im, region_name), region,
				    known_name);
	int claimed = lw_im_claim_key(im, M_CODE, code);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	if (!lw_im_writing(im))
		return LW_OK;
	lw_buf_reset(&st->key);
	lw_buf_reset(&st->plain);
	if (lw_geo_name_key(name, &st->key) || lw_geo_plain_key(name, &st->plain))
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, lw_buf_cstr(&st->key), -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 4, lw_buf_cstr(&st->plain), -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 5, province, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 6, region, -1, SQLITE_STATIC);
	return lw_im_step(im, u, changed, err);
}

static void municipality_end(void *state)
{
	municipality_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_strmap_free(st->regions);
	lw_buf_free(&st->key);
	lw_buf_free(&st->plain);
}

const lw_ingest_kind lw_kind_municipalities = {
	.name = "municipalities",
	.help = "gemeenten met hun provincie en arbeidsmarktregio (CBS)",
	.file = "cbs/gemeenten_arbeidsmarktregio_2026.csv",
	.cols = municipality_cols,
	.ncols = sizeof municipality_cols / sizeof municipality_cols[0],
	.table = "municipality",
	.key = "code",
	.key_col = M_CODE,
	.state_size = sizeof(municipality_state),
	.begin = municipality_begin,
	.row = municipality_row,
	.end = municipality_end,
};

/* ---- postcodes: pc4/pc4_punten_gemeente_arbeidsmarktregio.csv ----------- */

enum {
	P_POSTCODE,
	P_LAT,
	P_LON,
	P_METHOD,
	P_RD_X,
	P_RD_Y,
	P_INHABITANTS,
	P_AREA,
	P_PLACE,
	P_MUNICIPALITY_2021,
	P_PROVINCE,
	P_CODE_2022,
	P_MUNICIPALITY,
	P_MUNICIPALITY_NAME,
	P_REGION,
	P_REGION_NAME,
	P_REMARK
};
static const lw_col postcode_cols[] = {
	{"postcode", 0},
	{"latitude", 0},
	{"longitude", 0},
	{"punt_methode", COL_OPTIONAL},
	{"rd_x", COL_OPTIONAL},
	{"rd_y", COL_OPTIONAL},
	{"inwoners_2020", COL_OPTIONAL},
	{"oppervlakte_km2", COL_OPTIONAL},
	{"plaats_cbs", COL_OPTIONAL},
	{"gemeente_cbs_2021", COL_OPTIONAL},
	{"provincie_cbs", COL_OPTIONAL},
	{"gemeentecode_2022_pip", COL_OPTIONAL},
	{"gemeentecode_2025", 0},
	{"gemeentenaam_2025", COL_OPTIONAL},
	{"arbeidsmarktregiocode", 0},
	{"arbeidsmarktregionaam", COL_OPTIONAL},
	{"opmerking", COL_OPTIONAL},
};

typedef struct postcode_state {
	sqlite3_stmt *upsert;
	lw_strmap *municipalities; /* code -> region code */
	lw_strmap *regions;        /* code */
	lw_strmap *by_name;        /* name key -> code, unique names only */
	lw_buf key;
} postcode_state;

static int postcode_begin(lw_importer *im, void *state, lw_err *err)
{
	postcode_state *st = state;
	int rc;
	if ((rc = lw_im_load_map(im, "SELECT code, region_code FROM municipality",
				 &st->municipalities, err)) != LW_OK ||
	    (rc = lw_im_load_map(im, "SELECT code FROM region", &st->regions, err)) != LW_OK ||
	    (rc = lw_im_load_map(im,
				 "SELECT plain_key, min(code) FROM municipality GROUP BY plain_key "
				 "HAVING count(*) = 1",
				 &st->by_name, err)) != LW_OK)
		return rc;
	return lw_store_prepare(
		lw_im_store(im), &st->upsert,
		"INSERT INTO postcode(code, lat, lon, rd_x, rd_y, inhabitants, area_km2, place, "
		"place_key, municipality_code) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		"ON CONFLICT(code) DO UPDATE SET lat = excluded.lat, lon = excluded.lon, "
		"rd_x = excluded.rd_x, rd_y = excluded.rd_y, inhabitants = excluded.inhabitants, "
		"area_km2 = excluded.area_km2, place = excluded.place, place_key = "
		"excluded.place_key, municipality_code = excluded.municipality_code "
		"WHERE (lat, lon, rd_x, rd_y, inhabitants, area_km2, place, municipality_code) "
		"IS NOT (excluded.lat, excluded.lon, excluded.rd_x, excluded.rd_y, "
		"excluded.inhabitants, excluded.area_km2, excluded.place, "
		"excluded.municipality_code)",
		err);
}

static int postcode_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	postcode_state *st = state;
	char pc[8];
	const char *raw = lw_im_get(im, P_POSTCODE);
	if (!*raw)
		return lw_im_reject(im, P_POSTCODE, "is leeg, maar verplicht");
	if (!lw_geo_postcode_parse(raw, pc))
		return lw_im_reject(im, P_POSTCODE,
				    "'%s' is geen postcode (verwacht 4 cijfers van 1000 tot en met "
				    "9999, eventueel gevolgd door 2 letters)",
				    lw_im_show(im, raw));
	double lat = 0, lon = 0, rd_x = 0, rd_y = 0, area = 0;
	long inhabitants = 0;
	int has_x, has_y, has_inh, has_area;
	if (lw_im_double(im, P_LAT, -90, 90, 1, &lat, NULL) ||
	    lw_im_double(im, P_LON, -180, 180, 1, &lon, NULL))
		return LW_EINPUT;
	if (!lw_geo_in_netherlands(lat, lon))
		return lw_im_reject(im, P_LAT,
				    "de coördinaten (%s, %s) liggen buiten Nederland",
				    lw_im_get(im, P_LAT), lw_im_get(im, P_LON));
	if (lw_im_double(im, P_RD_X, -7000, 300000, 0, &rd_x, &has_x) ||
	    lw_im_double(im, P_RD_Y, 289000, 629000, 0, &rd_y, &has_y) ||
	    lw_im_long(im, P_INHABITANTS, 0, 10000000, 0, &inhabitants, &has_inh) ||
	    lw_im_double(im, P_AREA, 0, 100000, 0, &area, &has_area))
		return LW_EINPUT;

	/* The municipality: by code, or for a point outside every municipal
	 * boundary (the file leaves the code empty) by its unique CBS name. */
	const char *code = lw_im_get(im, P_MUNICIPALITY);
	const char *region = lw_im_get(im, P_REGION);
	const char *region_of = NULL;
	if (*code) {
		if (!lw_geo_is_municipality_code(code))
			return lw_im_reject(im, P_MUNICIPALITY,
					    "'%s' is geen geldige code (verwacht 'GM' gevolgd door "
					    "4 cijfers)",
					    lw_im_show(im, code));
		if (!lw_im_map_get(st->municipalities, code, &region_of))
			return lw_im_reject(im, P_MUNICIPALITY,
					    "onbekende gemeente '%s' (importeer eerst de gemeenten)",
					    code);
	} else {
		const char *name = lw_im_get(im, P_MUNICIPALITY_2021);
		lw_buf_reset(&st->key);
		if (*name && strcmp(name, "NA") != 0 && lw_geo_plain_key(name, &st->key) == LW_OK) {
			const char *found = NULL;
			if (lw_im_map_get(st->by_name, lw_buf_cstr(&st->key), &found) && found) {
				code = found;
				lw_im_map_get(st->municipalities, code, &region_of);
			}
		}
	}
	if (*region) {
		if (!lw_geo_is_region_code(region))
			return lw_im_reject(im, P_REGION,
					    "'%s' is geen geldige code (verwacht 'AM' gevolgd door "
					    "2 cijfers)",
					    lw_im_show(im, region));
		if (!lw_im_map_get(st->regions, region, NULL))
			return lw_im_reject(im, P_REGION, "onbekende arbeidsmarktregio '%s'",
					    region);
		if (region_of && strcmp(region, region_of) != 0)
			return lw_im_reject(im, P_REGION,
					    "%s ligt in arbeidsmarktregio %s, niet in %s", code,
					    region_of, region);
	}
	int claimed = lw_im_claim_key(im, P_POSTCODE, pc);
	if (claimed != LW_OK)
		return claimed; /* a duplicate (LW_EINPUT) or out of memory */
	if (!lw_im_writing(im))
		return LW_OK;

	const char *place = lw_im_get(im, P_PLACE);
	if (strcmp(place, "NA") == 0)
		place = ""; /* R's missing value: no place name */
	lw_buf_reset(&st->key);
	if (*place && lw_geo_name_key(place, &st->key) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, pc, -1, SQLITE_STATIC); /* pc outlives the step */
	sqlite3_bind_double(u, 2, lat);
	sqlite3_bind_double(u, 3, lon);
	has_x ? sqlite3_bind_double(u, 4, rd_x) : sqlite3_bind_null(u, 4);
	has_y ? sqlite3_bind_double(u, 5, rd_y) : sqlite3_bind_null(u, 5);
	has_inh ? sqlite3_bind_int64(u, 6, inhabitants) : sqlite3_bind_null(u, 6);
	has_area ? sqlite3_bind_double(u, 7, area) : sqlite3_bind_null(u, 7);
	lw_bind_text(u, 8, place);
	lw_bind_text(u, 9, *place ? lw_buf_cstr(&st->key) : NULL);
	lw_bind_text(u, 10, code);
	return lw_im_step(im, u, changed, err);
}

/* Rebuilds the derived place table when the postcodes changed. */
static int postcode_finish(lw_importer *im, void *state, lw_err *err)
{
	(void)state;
	if (!lw_im_changed(im))
		return LW_OK;
	return lw_store_exec(lw_im_store(im),
			     /* One scan, no sort: the first spelling in postcode order wins. */
			     "DELETE FROM place;"
			     "INSERT OR IGNORE INTO place(key, municipality_code, name) "
			     "SELECT place_key, municipality_code, place FROM postcode "
			     "WHERE place_key IS NOT NULL AND municipality_code IS NOT NULL",
			     err);
}

static void postcode_key(const char *raw, lw_buf *out)
{
	char pc[8];
	lw_buf_puts(out, lw_geo_postcode_parse(raw, pc) ? pc : raw);
}

static void postcode_end(void *state)
{
	postcode_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_strmap_free(st->municipalities);
	lw_strmap_free(st->regions);
	lw_strmap_free(st->by_name);
	lw_buf_free(&st->key);
}

const lw_ingest_kind lw_kind_postcodes = {
	.name = "postcodes",
	.help = "postcodegebieden (PC4, ook PC6) met punt, inwoners en gemeente (CBS)",
	.file = "pc4/pc4_punten_gemeente_arbeidsmarktregio.csv",
	.cols = postcode_cols,
	.ncols = sizeof postcode_cols / sizeof postcode_cols[0],
	.table = "postcode",
	.key = "code",
	.key_col = P_POSTCODE,
	.key_of = postcode_key,
	.state_size = sizeof(postcode_state),
	.begin = postcode_begin,
	.row = postcode_row,
	.finish = postcode_finish,
	.end = postcode_end,
};

/*
 * monitor_kinds.c - the monitor's imports (docs/formats/monitor.md):
 * covenants with their area or sector, the shares of targets they adopt,
 * trajectories (checked and written by the monitor's registrar, the BSN
 * only as a keyed pseudonym) and expenditures.
 */
#include "ingest_int.h"
#include "lw_geo.h"
#include "lw_monitor.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- covenants (convenanten) ------------------------------------------------------ */

enum { CV_CODE, CV_NAME, CV_KIND, CV_AREA, CV_SECTOR };
static const lw_col covenant_cols[] = {
    {"code", 0}, {"naam", 0}, {"soort", 0}, {"gebied", COL_OPTIONAL}, {"sector", COL_OPTIONAL},
};

static const char *const covenant_kinds[] = {"regionaal", "sectoraal", NULL};

typedef struct covenant_state {
	sqlite3_stmt *upsert;
	lw_children areas;
	lw_strmap *places; /* municipality and region codes */
	lw_im_list list;
} covenant_state;

static int covenant_begin(lw_importer *im, void *state, lw_err *err)
{
	covenant_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc =
	    lw_im_load_map(im, "SELECT code FROM municipality UNION ALL SELECT code FROM region",
	                   &st->places, err);
	if (rc == LW_OK)
		rc = lw_store_prepare(
		    s, &st->upsert,
		    "INSERT INTO covenant(code, name, kind, sector) VALUES(?1, ?2, ?3, "
		    "?4) ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = "
		    "excluded.kind, sector = excluded.sector WHERE (name, kind, "
		    "sector) IS NOT (excluded.name, excluded.kind, excluded.sector)",
		    err);
	if (rc == LW_OK)
		rc = lw_children_prepare(s, &st->areas, "covenant_area", "covenant_code",
		                         "area_code", err);
	return rc;
}

/* An item of gebied: a known GM or AM code (any case), or "antillen" (ANT). */
static int check_area(lw_importer *im, size_t col, const void *ud, char *item)
{
	char up[8];
	size_t n = strlen(item);
	if (strcasecmp(item, "antillen") == 0 || strcasecmp(item, LW_MON_ANTILLES) == 0) {
		memcpy(item, LW_MON_ANTILLES, sizeof LW_MON_ANTILLES);
		return LW_OK;
	}
	for (size_t i = 0; i <= n && n < sizeof up; i++)
		up[i] = (char)toupper((unsigned char)item[i]);
	if (n >= sizeof up || (!lw_geo_is_municipality_code(up) && !lw_geo_is_region_code(up)))
		return lw_im_reject(im, col,
		                    "'%s' is geen gemeentecode (GM + 4 cijfers), regiocode (AM + 2 "
		                    "cijfers) of 'antillen'",
		                    lw_im_show(im, item));
	if (!lw_im_map_get(ud, up, NULL))
		return lw_im_reject(im, col,
		                    "onbekende %s '%s' (importeer eerst de referentiegegevens)",
		                    up[0] == 'G' ? "gemeente" : "arbeidsmarktregio", up);
	memcpy(item, up, n + 1);
	return LW_OK;
}

static int covenant_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	covenant_state *st = state;
	const char *code, *name, *kind;
	int rc;
	if (lw_im_register_code(im, CV_CODE, &code) || lw_im_text(im, CV_NAME, 1, &name) ||
	    lw_im_enum(im, CV_KIND, covenant_kinds, 1, &kind))
		return LW_EINPUT;
	int regional = !strcmp(kind, "regionaal");
	if ((rc = lw_im_list_parse(im, CV_AREA, regional, check_area, st->places, &st->list,
	                           err)) != LW_OK)
		return rc;
	const char *sector_in = lw_im_get(im, CV_SECTOR);
	int sector = lw_monitor_code_find(lw_monitor_sectors(), sector_in);
	if (regional && *sector_in)
		return lw_im_reject(im, CV_SECTOR, "hoort alleen bij een sectoraal convenant");
	if (!regional && st->list.n)
		return lw_im_reject(im, CV_AREA, "hoort alleen bij een regionaal convenant");
	if (!regional && !*sector_in)
		return lw_im_reject(im, CV_SECTOR,
		                    "is leeg, maar verplicht bij een sectoraal convenant");
	if (!regional && sector < 0)
		return lw_im_reject(
		    im, CV_SECTOR,
		    "'%s' is geen sector (verwacht zorg, techniek, landbouw, "
		    "onderwijs, horeca, handel, transport, dienstverlening, overheid "
		    "of overig)",
		    lw_im_show(im, sector_in));
	if ((rc = lw_im_claim_key(im, CV_CODE, code)) != LW_OK || !lw_im_writing(im))
		return rc;
	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, kind, -1, SQLITE_STATIC);
	lw_bind_text(u, 4, regional ? NULL : lw_monitor_sectors()[sector].code);
	if ((rc = lw_im_step(im, u, changed, err)) != LW_OK)
		return rc;
	return lw_children_sync(im, &st->areas, code, lw_buf_cstr(&st->list.joined), changed, err);
}

static void covenant_end(void *state)
{
	covenant_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_children_free(&st->areas);
	lw_strmap_free(st->places);
	lw_im_list_free(&st->list);
}

const lw_ingest_kind lw_kind_covenants = {
    .name = "convenanten",
    .help = "regionale en sectorale convenanten met hun gebied of sector (monitor)",
    .cols = covenant_cols,
    .ncols = sizeof covenant_cols / sizeof covenant_cols[0],
    .table = "covenant",
    .key = "code",
    /* Fails while trajectories or expenditures refer to it; areas and shares go along. */
    .key_col = CV_CODE,
    .state_size = sizeof(covenant_state),
    .begin = covenant_begin,
    .row = covenant_row,
    .end = covenant_end,
};

/* ---- shares of targets (convenant-aandelen) ---------------------------------------- */

enum { SH_COVENANT, SH_TARGET, SH_YEAR, SH_VALUE };
static const lw_col share_cols[] = {
    {"convenant", 0},
    {"doel", 0},
    {"jaar", 0},
    {"waarde", 0},
};

typedef struct share_state {
	sqlite3_stmt *upsert;
	lw_strmap *covenants;
	lw_buf key;
} share_state;

static int share_begin(lw_importer *im, void *state, lw_err *err)
{
	share_state *st = state;
	int rc = lw_im_load_map(im, "SELECT code FROM covenant", &st->covenants, err);
	if (rc == LW_OK)
		rc = lw_store_prepare(
		    lw_im_store(im), &st->upsert,
		    "INSERT INTO covenant_share(covenant_code, target, year, value) "
		    "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(covenant_code, target, year) "
		    "DO UPDATE SET value = excluded.value WHERE value IS NOT "
		    "excluded.value",
		    err);
	return rc;
}

static int share_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	share_state *st = state;
	const char *covenant, *target;
	long year, value;
	int rc;
	if (lw_im_text(im, SH_COVENANT, 1, &covenant))
		return LW_EINPUT;
	if (!lw_im_map_get(st->covenants, covenant, NULL))
		return lw_im_reject(im, SH_COVENANT,
		                    "onbekend convenant '%s' (importeer eerst de convenanten)",
		                    lw_im_show(im, covenant));
	if (lw_im_register_code(im, SH_TARGET, &target) ||
	    lw_im_long(im, SH_YEAR, 2000, 2100, 1, &year, NULL) ||
	    lw_im_long(im, SH_VALUE, 0, 100000000, 1, &value, NULL))
		return LW_EINPUT;
	lw_buf_reset(&st->key);
	if (lw_buf_printf(&st->key, "%s|%s|%ld", covenant, target, year) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if ((rc = lw_im_claim_key(im, SH_TARGET, st->key.data)) != LW_OK || !lw_im_writing(im))
		return rc;
	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, covenant, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, target, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 3, year);
	sqlite3_bind_int64(u, 4, value);
	return lw_im_step(im, u, changed, err);
}

static void share_end(void *state)
{
	share_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_strmap_free(st->covenants);
	lw_buf_free(&st->key);
}

const lw_ingest_kind lw_kind_covenant_shares = {
    .name = "convenant-aandelen",
    .help = "de aandelen in de doelen die convenanten per jaar op zich nemen (monitor)",
    .cols = share_cols,
    .ncols = sizeof share_cols / sizeof share_cols[0],
    .table = "covenant_share",
    /* The key is convenant|doel|jaar. */
    .count_sql = "SELECT count(*) FROM covenant_share",
    .keys_sql = "SELECT covenant_code || '|' || target || '|' || year FROM covenant_share",
    .delete_sql = "DELETE FROM covenant_share WHERE covenant_code || '|' || target || '|' || "
                  "year = ?1",
    .key_col = LW_NO_COL,
    .state_size = sizeof(share_state),
    .begin = share_begin,
    .row = share_row,
    .end = share_end,
};

/* ---- trajectories (trajecten) --------------------------------------------------- */

/* The columns are the fields of lw_trajectory_in, in their order. */
static const lw_col trajectory_cols[LW_NTF] = {
    {"convenant", 0},
    {"bsn", 0},
    {"soort", 0},
    {"crebo", COL_OPTIONAL},
    {"niveau", COL_OPTIONAL},
    {"sector", 0},
    {"gemeente", COL_OPTIONAL},
    {"postcode", COL_OPTIONAL},
    {"start", 0},
    {"status", COL_OPTIONAL},
    {"statusdatum", COL_OPTIONAL},
    {"resultaat", COL_OPTIONAL},
    {"doelgroepen", COL_OPTIONAL},
    {"leeftijd", 0},
};

/* Rows enough to tell the size of a row, and so how many the file holds. */
#define EXPECT_AFTER_ROWS 4096

typedef struct trajectory_state {
	lw_monitor_reg *reg;
	long rows;
} trajectory_state;

static int trajectory_begin(lw_importer *im, void *state, lw_err *err)
{
	trajectory_state *st = state;
	lw_monitor_key key;
	int rc = lw_monitor_key_load(lw_im_opts(im)->key_file, &key, err);
	if (rc == LW_ENOTFOUND)
		rc = LW_EUSAGE; /* the command was given without its key: exit 2 */
	if (rc == LW_OK)
		rc = lw_monitor_reg_open(lw_im_store(im), &key, &st->reg, err);
	if (rc == LW_OK)
		lw_monitor_reg_bulk(st->reg);
	lw_monitor_key_wipe(&key);
	return rc;
}

static int trajectory_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	trajectory_state *st = state;
	lw_trajectory_in in;
	lw_trajectory t;
	lw_monitor_problems p;
	for (int f = 0; f < LW_NTF; f++)
		in.f[f] = lw_im_get(im, (size_t)f);
	if (++st->rows == EXPECT_AFTER_ROWS)
		lw_monitor_reg_expect(st->reg, lw_im_rows_left(im));
	int rc = lw_monitor_reg_check(st->reg, &in, &t, &p, err);
	if (rc == LW_OK && lw_im_writing(im)) {
		int what;
		rc = lw_monitor_reg_write(st->reg, &t, lw_im_line(im), &what, &p, err);
		*changed = rc == LW_OK && what != LW_MON_UNCHANGED;
	}
	sodium_memzero(t.pseudonym, sizeof t.pseudonym);
	if (rc == LW_EINPUT)
		/* The framework reports one problem per row: the first. */
		return lw_im_reject(im, p.e[0].field < 0 ? LW_NO_COL : (size_t)p.e[0].field, "%s",
		                    p.e[0].msg);
	return rc;
}

/*
 * The registrar of a large import writes on a thread of its own, behind
 * the rows: its flush completes every write (and builds the index it set
 * aside) before the framework counts. A rejected import only stops it.
 */
static int trajectory_rows_done(lw_importer *im, void *state, lw_err *err)
{
	trajectory_state *st = state;
	if (lw_im_writing(im))
		return lw_monitor_reg_flush(st->reg, err);
	lw_monitor_reg_free(st->reg);
	st->reg = NULL;
	return LW_OK;
}

static int trajectory_finish(lw_importer *im, void *state, lw_err *err)
{
	trajectory_state *st = state;
	(void)im;
	return lw_monitor_reg_flush(st->reg, err); /* nothing left after rows_done */
}

static void trajectory_end(void *state)
{
	trajectory_state *st = state;
	lw_monitor_reg_free(st->reg);
}

/* The rejects file shows the BSN masked, and any field that may be one. */
static int trajectory_redact(size_t col, const char *value, lw_buf *out)
{
	return lw_monitor_redact(value, col == LW_TF_BSN, out);
}

const lw_ingest_kind lw_kind_trajectories = {
    .name = "trajecten",
    .help = "leerwerktrajecten per convenant; het BSN wordt alleen een pseudoniem "
            "(monitor; --sleutel of LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND)",
    .cols = trajectory_cols,
    .ncols = LW_NTF,
    .table = "trajectory",
    /*
     * A trajectory is never deleted by an import (a stop is a status), so
     * none is ever absent and --prune does nothing. Its key is not a column.
     */
    .keys_sql = "SELECT NULL WHERE 0",
    .delete_sql = "DELETE FROM trajectory WHERE 0 AND id = ?1",
    /*
     * The number of registrations, as the framework needs it (added = after -
     * before): every write adds max(id) + 1 and none is deleted, so the
     * highest id counts as well as count(*) does, without reading every row.
     */
    .count_sql = "SELECT coalesce(max(id), 0) FROM trajectory",
    .key_col = LW_NO_COL,
    .state_size = sizeof(trajectory_state),
    .begin = trajectory_begin,
    .row = trajectory_row,
    .rows_done = trajectory_rows_done,
    .finish = trajectory_finish,
    .end = trajectory_end,
    .bulk = 1, /* the bulk writer appends, and builds trajectory_match at the end */
    .redact = trajectory_redact,
};

/* ---- expenditures (uitgaven) ---------------------------------------------------- */

enum { EX_CODE, EX_LINE, EX_DATE, EX_AMOUNT, EX_COVENANT, EX_DESCRIPTION };
static const lw_col expenditure_cols[] = {
    {"code", 0},   {"begrotingspost", 0},       {"datum", 0},
    {"bedrag", 0}, {"convenant", COL_OPTIONAL}, {"omschrijving", COL_OPTIONAL},
};

typedef struct expenditure_state {
	sqlite3_stmt *upsert;
	lw_strmap *covenants;
} expenditure_state;

static int expenditure_begin(lw_importer *im, void *state, lw_err *err)
{
	expenditure_state *st = state;
	int rc = lw_im_load_map(im, "SELECT code FROM covenant", &st->covenants, err);
	if (rc == LW_OK)
		rc = lw_store_prepare(
		    lw_im_store(im), &st->upsert,
		    "INSERT INTO expenditure(code, budget_line, day, amount_cents, covenant_code, "
		    "description) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET "
		    "budget_line = excluded.budget_line, day = excluded.day, amount_cents = "
		    "excluded.amount_cents, covenant_code = excluded.covenant_code, description = "
		    "excluded.description WHERE (budget_line, day, amount_cents, covenant_code, "
		    "description) IS NOT (excluded.budget_line, excluded.day, "
		    "excluded.amount_cents, excluded.covenant_code, excluded.description)",
		    err);
	return rc;
}

static int expenditure_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	expenditure_state *st = state;
	const char *code, *line, *day, *covenant, *description;
	long cents;
	int rc;
	if (lw_im_register_code(im, EX_CODE, &code) || lw_im_register_code(im, EX_LINE, &line) ||
	    lw_im_date(im, EX_DATE, 1, &day) || lw_im_cents(im, EX_AMOUNT, 1, &cents, NULL) ||
	    lw_im_text(im, EX_COVENANT, 0, &covenant) ||
	    lw_im_text(im, EX_DESCRIPTION, 0, &description))
		return LW_EINPUT;
	if (covenant && !lw_im_map_get(st->covenants, covenant, NULL))
		return lw_im_reject(im, EX_COVENANT,
		                    "onbekend convenant '%s' (importeer eerst de convenanten)",
		                    lw_im_show(im, covenant));
	if ((rc = lw_im_claim_key(im, EX_CODE, code)) != LW_OK || !lw_im_writing(im))
		return rc;
	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 4, cents);
	lw_bind_text(u, 5, covenant);
	lw_bind_text(u, 6, description);
	return lw_im_step(im, u, changed, err);
}

static void expenditure_end(void *state)
{
	expenditure_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_strmap_free(st->covenants);
}

const lw_ingest_kind lw_kind_expenditures = {
    .name = "uitgaven",
    .help = "uitgaven per begrotingspost, eventueel voor een convenant (monitor)",
    .cols = expenditure_cols,
    .ncols = sizeof expenditure_cols / sizeof expenditure_cols[0],
    .table = "expenditure",
    .key = "code",
    .key_col = EX_CODE,
    .state_size = sizeof(expenditure_state),
    .begin = expenditure_begin,
    .row = expenditure_row,
    .end = expenditure_end,
};

/*
 * register_work.c - importers for the registers of the world of work
 * (docs/formats/registers.md): training companies with the qualifications
 * they are recognised for, vacancies (also learning jobs and internships),
 * and schemes (regelingen) with their target groups.
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared by the three kinds ------------------------------------------ */

/*
 * One state for all three kinds: each uses what it needs, and one end
 * releases all of it (finalising NULL is a no-op).
 */
typedef struct work_state {
	sqlite3_stmt *upsert;
	lw_children recognitions; /* companies */
	lw_strmap *known; /* companies: crebo codes; vacancies: occupation URIs */
	lw_buf list;      /* schemes: the row's target groups, normalised */
	lw_im_list crebos; /* companies: the row's recognitions, normalised */
} work_state;

static void work_end(void *state)
{
	work_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_children_free(&st->recognitions);
	lw_strmap_free(st->known);
	lw_buf_free(&st->list);
	lw_im_list_free(&st->crebos);
}

/*
 * Prepares the upsert of a register row: key, then cols (NULL-terminated),
 * bound as ?1, ?2, ... in that order. A row whose values are all the same
 * is not rewritten, so the framework counts it as unchanged. Built from one
 * list so that the SET and the IS NOT comparison cannot drift apart.
 */
static int prepare_upsert(lw_importer *im, sqlite3_stmt **st, const char *table,
			  const char *key, const char *const *cols, lw_err *err)
{
	lw_buf sql = LW_BUF_INIT;
	size_t n = 0;
	int bad = lw_buf_printf(&sql, "INSERT INTO %s(%s", table, key) != LW_OK;
	for (; cols[n]; n++)
		bad |= lw_buf_printf(&sql, ", %s", cols[n]) != LW_OK;
	bad |= lw_buf_puts(&sql, ") VALUES(?1") != LW_OK;
	for (size_t i = 0; i < n; i++)
		bad |= lw_buf_printf(&sql, ", ?%zu", i + 2) != LW_OK;
	bad |= lw_buf_printf(&sql, ") ON CONFLICT(%s) DO UPDATE SET ", key) != LW_OK;
	for (size_t i = 0; i < n; i++)
		bad |= lw_buf_printf(&sql, "%s%s = excluded.%s", i ? ", " : "", cols[i],
				     cols[i]) != LW_OK;
	bad |= lw_buf_puts(&sql, " WHERE (") != LW_OK;
	for (size_t i = 0; i < n; i++)
		bad |= lw_buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]) != LW_OK;
	bad |= lw_buf_puts(&sql, ") IS NOT (") != LW_OK;
	for (size_t i = 0; i < n; i++)
		bad |= lw_buf_printf(&sql, "%sexcluded.%s", i ? ", " : "", cols[i]) != LW_OK;
	bad |= lw_buf_putc(&sql, ')') != LW_OK;
	int rc = bad ? lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen")
		     : lw_store_prepare(lw_im_store(im), st, lw_buf_cstr(&sql), err);
	lw_buf_free(&sql);
	return rc;
}

/* ---- companies (leerbedrijven) ------------------------------------------- */

enum { C_KVK, C_NAME, C_POSTCODE, C_RECOGNISED, C_PLACES, C_EXAMPLE };
static const lw_col company_cols[] = {
	{"kvk", 0},
	{"naam", 0},
	{"postcode", 0},
	{"erkend_voor", 0},
	{"open_plaatsen", COL_OPTIONAL},
	{"voorbeeld", COL_OPTIONAL},
};

/* A crebo code is exactly 5 digits. */
#define CREBO_LEN 5

static int company_begin(lw_importer *im, void *state, lw_err *err)
{
	static const char *const cols[] = {"name", "postcode", "places", "is_example", NULL};
	work_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc = lw_im_load_map(im, "SELECT crebo FROM qualification", &st->known, err);
	if (rc != LW_OK ||
	    (rc = prepare_upsert(im, &st->upsert, "training_company", "kvk", cols, err)) != LW_OK)
		return rc;
	return lw_children_prepare(s, &st->recognitions, "training_company_recognition", "kvk",
				   "crebo", err);
}

/* An item of erkend_voor: a crebo code of a known qualification (ud: the codes). */
static int check_crebo(lw_importer *im, size_t col, const void *ud, char *item)
{
	if (!lw_is_digits(item, CREBO_LEN))
		return lw_im_reject(im, col, "'%s' is geen crebo-code (5 cijfers)",
				    lw_im_show(im, item));
	if (!lw_im_map_get(ud, item, NULL))
		return lw_im_reject(im, col,
				    "onbekende kwalificatie '%s' (importeer eerst de "
				    "kwalificaties)",
				    item);
	return LW_OK;
}

static int company_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	work_state *st = state;
	const char *kvk, *name;
	char postcode[8];
	long places = 0;
	int example, rc;
	if (lw_im_code(im, C_KVK, "", 8, &kvk) || lw_im_text(im, C_NAME, 1, &name) ||
	    lw_im_postcode(im, C_POSTCODE, 1, postcode))
		return LW_EINPUT;
	if ((rc = lw_im_list_parse(im, C_RECOGNISED, 1, check_crebo, st->known, &st->crebos,
				   err)) != LW_OK)
		return rc;
	if (lw_im_long(im, C_PLACES, 0, 10000, 0, &places, NULL) ||
	    lw_im_yesno(im, C_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, C_KVK, kvk)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, kvk, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, postcode, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 4, places);
	sqlite3_bind_int(u, 5, example);
	if ((rc = lw_im_step(im, u, changed, err)) != LW_OK)
		return rc;
	return lw_children_sync(im, &st->recognitions, kvk, lw_buf_cstr(&st->crebos.joined),
				changed, err);
}

const lw_ingest_kind lw_kind_companies = {
	.name = "companies",
	.help = "erkende leerbedrijven en de kwalificaties waarvoor ze erkend zijn (eigen formaat)",
	.cols = company_cols,
	.ncols = sizeof company_cols / sizeof company_cols[0],
	.table = "training_company",
	.key = "kvk",
	/* Its recognitions go by ON DELETE CASCADE. */
	.key_col = C_KVK,
	.state_size = sizeof(work_state),
	.begin = company_begin,
	.row = company_row,
	.end = work_end,
};

/* ---- vacancies (vacatures, leerbanen, stages) ----------------------------- */

enum {
	V_CODE,
	V_KIND,
	V_TITLE,
	V_EMPLOYER,
	V_POSTCODE,
	V_OCCUPATION,
	V_LEVEL,
	V_HOURS,
	V_PUBLISHED,
	V_CLOSES,
	V_EXAMPLE
};
static const lw_col vacancy_cols[] = {
	{"code", 0},
	{"soort", 0},
	{"titel", 0},
	{"werkgever", 0},
	{"postcode", 0},
	{"beroep", COL_OPTIONAL},
	{"niveau", COL_OPTIONAL},
	{"uren", COL_OPTIONAL},
	{"gepubliceerd", 0},
	{"sluitingsdatum", COL_OPTIONAL},
	{"voorbeeld", COL_OPTIONAL},
};

static const char *const vacancy_kinds[] = {"vacature", "leerbaan", "stage", NULL};
static const char *const levels[] = {"mbo-1", "mbo-2", "mbo-3", "mbo-4",
				     "ad",    "hbo",   "wo",    NULL};

static int vacancy_begin(lw_importer *im, void *state, lw_err *err)
{
	static const char *const cols[] = {"kind",	     "title", "employer", "postcode",
					   "occupation_uri", "level", "hours",    "published",
					   "closes",	     "is_example", NULL};
	work_state *st = state;
	int rc = lw_im_load_map(im, "SELECT uri FROM occupation", &st->known, err);
	if (rc != LW_OK)
		return rc;
	return prepare_upsert(im, &st->upsert, "vacancy", "code", cols, err);
}

static int vacancy_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	work_state *st = state;
	const char *code, *kind, *title, *employer, *occupation, *level, *published, *closes;
	char postcode[8];
	long hours = 0;
	int has_hours, example, rc;
	if (lw_im_register_code(im, V_CODE, &code) || lw_im_enum(im, V_KIND, vacancy_kinds, 1, &kind) ||
	    lw_im_text(im, V_TITLE, 1, &title) || lw_im_text(im, V_EMPLOYER, 1, &employer) ||
	    lw_im_postcode(im, V_POSTCODE, 1, postcode) ||
	    lw_im_text(im, V_OCCUPATION, 0, &occupation))
		return LW_EINPUT;
	if (occupation && !lw_im_map_get(st->known, occupation, NULL))
		return lw_im_reject(im, V_OCCUPATION,
				    "onbekend beroep '%s' (verwacht een ESCO-beroep-URI; importeer "
				    "eerst de beroepen)",
				    lw_im_show(im, occupation));
	if (lw_im_enum(im, V_LEVEL, levels, 0, &level) ||
	    lw_im_long(im, V_HOURS, 1, 60, 0, &hours, &has_hours) ||
	    lw_im_date(im, V_PUBLISHED, 1, &published) ||
	    lw_im_date(im, V_CLOSES, 0, &closes))
		return LW_EINPUT;
	/* Checked dates in one format: the strings compare as the dates do. */
	if (closes && strcmp(closes, published) < 0)
		return lw_im_reject(im, V_CLOSES, "%s ligt voor de publicatiedatum %s", closes,
				    published);
	if (lw_im_yesno(im, V_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, V_CODE, code)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 4, employer, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 5, postcode, -1, SQLITE_STATIC);
	lw_bind_text(u, 6, occupation);
	lw_bind_text(u, 7, level);
	has_hours ? sqlite3_bind_int64(u, 8, hours) : sqlite3_bind_null(u, 8);
	sqlite3_bind_text(u, 9, published, -1, SQLITE_STATIC);
	lw_bind_text(u, 10, closes);
	sqlite3_bind_int(u, 11, example);
	return lw_im_step(im, u, changed, err);
}

const lw_ingest_kind lw_kind_vacancies = {
	.name = "vacancies",
	.help = "vacatures, leerbanen en stages (eigen formaat)",
	.cols = vacancy_cols,
	.ncols = sizeof vacancy_cols / sizeof vacancy_cols[0],
	.table = "vacancy",
	.key = "code",
	.key_col = V_CODE,
	.state_size = sizeof(work_state),
	.begin = vacancy_begin,
	.row = vacancy_row,
	.end = work_end,
};

/* ---- schemes (regelingen) ----------------------------------------------- */

enum { S_CODE, S_NAME, S_GROUPS, S_CONDITIONS, S_AMOUNT, S_WEBSITE, S_EXAMPLE };
static const lw_col scheme_cols[] = {
	{"code", 0},
	{"naam", 0},
	{"doelgroepen", 0},
	{"voorwaarden", 0},
	{"bedrag", COL_OPTIONAL},
	{"website", COL_OPTIONAL},
	{"voorbeeld", COL_OPTIONAL},
};

/* In the order the normalised list is stored in. */
static const char *const target_groups[] = {"werkgever", "werknemer", "student",
					    "professional", "werkzoekende", NULL};

static int scheme_begin(lw_importer *im, void *state, lw_err *err)
{
	static const char *const cols[] = {"name",   "target_groups", "conditions",
					   "amount", "website",       "is_example", NULL};
	work_state *st = state;
	return prepare_upsert(im, &st->upsert, "scheme", "code", cols, err);
}

/* Adds one target group to the set *ud (bit i: target_groups[i]), in any case. */
static int add_target_group(lw_importer *im, void *ud, char *item)
{
	unsigned *set = ud;
	for (unsigned i = 0; target_groups[i]; i++) {
		if (strcasecmp(item, target_groups[i]) != 0)
			continue;
		if (*set & (1u << i))
			return lw_im_reject(im, S_GROUPS, "'%s' staat er twee keer in",
					    target_groups[i]);
		*set |= 1u << i;
		return LW_OK;
	}
	return lw_im_reject(im, S_GROUPS,
			    "'%s' is geen doelgroep (verwacht werkgever, werknemer, student, "
			    "professional of werkzoekende)",
			    lw_im_show(im, item));
}

/*
 * Checks doelgroepen into st->list: the groups in the order of
 * target_groups, ';'-joined, so the same set in another order or case is
 * stored as the same text and imports as unchanged.
 */
static int parse_target_groups(lw_importer *im, work_state *st, lw_err *err)
{
	unsigned set = 0;
	int rc = lw_im_each(im, S_GROUPS, add_target_group, &set, NULL);
	if (rc != LW_OK)
		return rc;
	if (!set)
		return lw_im_reject(im, S_GROUPS, "is leeg, maar verplicht");
	lw_buf_reset(&st->list);
	for (unsigned i = 0; target_groups[i]; i++)
		if ((set & (1u << i)) &&
		    lw_buf_printf(&st->list, "%s%s", st->list.len ? ";" : "", target_groups[i]) !=
			    LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return LW_OK;
}

static int scheme_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	work_state *st = state;
	const char *code, *name, *conditions, *amount, *web;
	int example, rc;
	if (lw_im_register_code(im, S_CODE, &code) || lw_im_text(im, S_NAME, 1, &name))
		return LW_EINPUT;
	if ((rc = parse_target_groups(im, st, err)) != LW_OK)
		return rc;
	if (lw_im_text(im, S_CONDITIONS, 1, &conditions) ||
	    lw_im_text(im, S_AMOUNT, 0, &amount) || lw_im_text(im, S_WEBSITE, 0, &web))
		return LW_EINPUT;
	if (web && strncmp(web, "https://", 8) != 0 && strncmp(web, "http://", 7) != 0)
		return lw_im_reject(im, S_WEBSITE, "'%s' begint niet met https:// of http://",
				    lw_im_show(im, web));
	if (lw_im_yesno(im, S_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, S_CODE, code)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, lw_buf_cstr(&st->list), -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 4, conditions, -1, SQLITE_STATIC);
	lw_bind_text(u, 5, amount);
	lw_bind_text(u, 6, web);
	sqlite3_bind_int(u, 7, example);
	return lw_im_step(im, u, changed, err);
}

const lw_ingest_kind lw_kind_schemes = {
	.name = "schemes",
	.help = "regelingen voor leren en werken met hun doelgroepen (eigen formaat)",
	.cols = scheme_cols,
	.ncols = sizeof scheme_cols / sizeof scheme_cols[0],
	.table = "scheme",
	.key = "code",
	.key_col = S_CODE,
	.state_size = sizeof(work_state),
	.begin = scheme_begin,
	.row = scheme_row,
	.end = work_end,
};

/*
 * register_education.c - the importers for the education registers
 * (docs/formats/registers.md): providers with their locations, their
 * offerings, and EVC procedures with the labour-market regions they serve.
 * Offerings and EVC procedures refer to providers and qualifications, so
 * those must be in the store first.
 */
#include "ingest_int.h"
#include "lw_geo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared ------------------------------------------------------------ */

static int is_web_address(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* 1 when s starts with n ASCII digits (lw_is_digits wants exactly n). */
static int starts_with_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A BRIN code (2 digits, 2 capital letters) or a KvK number (8 digits). */
static int is_provider_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 8)
		return starts_with_digits(s, 8);
	return n == 4 && starts_with_digits(s, 2) && s[2] >= 'A' && s[2] <= 'Z' &&
	       s[3] >= 'A' && s[3] <= 'Z';
}

static int check_date(lw_importer *im, size_t col, const void *ud, char *item)
{
	(void)ud;
	return lw_im_check_date(im, col, item);
}

/* A postcode in a list, normalised in place as lw_im_postcode does. */
static int check_postcode(lw_importer *im, size_t col, const void *ud, char *item)
{
	char pc[8];
	(void)ud;
	if (!lw_geo_postcode_parse(item, pc))
		return lw_im_reject(im, col,
				    "'%s' is geen postcode (4 cijfers van 1000 tot en met 9999, "
				    "eventueel gevolgd door 2 letters)",
				    lw_im_show(im, item));
	/* The normal form is made of the item's own characters: it fits. */
	strcpy(item, pc);
	return LW_OK;
}

/* A labour-market region in a list (ud: the region codes of the store). */
static int check_region(lw_importer *im, size_t col, const void *ud, char *item)
{
	/* Upper case first, as the desks' service areas are read: "am13" is AM13. */
	char up[8];
	size_t n = strlen(item);
	if (n < sizeof up) {
		for (size_t i = 0; i <= n; i++)
			up[i] = (char)toupper((unsigned char)item[i]);
	}
	if (n >= sizeof up || !lw_geo_is_region_code(up))
		return lw_im_reject(im, col, "'%s' is geen regiocode (AM + 2 cijfers)",
				    lw_im_show(im, item));
	if (!lw_im_map_get(ud, up, NULL))
		return lw_im_reject(im, col,
				    "onbekende arbeidsmarktregio '%s' (importeer eerst de regio's)",
				    up);
	memcpy(item, up, n + 1);
	return LW_OK;
}


/*
 * What offerings and EVC procedures both start with: their key, their
 * provider and an optional qualification, in columns 0, 1 and 2 of both.
 */
enum { H_CODE, H_PROVIDER, H_CREBO };

typedef struct head_refs {
	lw_strmap *providers;      /* code */
	lw_strmap *qualifications; /* crebo -> name */
} head_refs;

typedef struct head {
	const char *code, *provider;
	const char *crebo, *crebo_name; /* NULL for none */
} head;

static int head_refs_load(lw_importer *im, head_refs *r, lw_err *err)
{
	int rc = lw_im_load_map(im, "SELECT code FROM provider", &r->providers, err);
	if (rc != LW_OK)
		return rc;
	return lw_im_load_map(im, "SELECT crebo, name FROM qualification", &r->qualifications,
			      err);
}

static void head_refs_free(head_refs *r)
{
	lw_strmap_free(r->providers);
	lw_strmap_free(r->qualifications);
}

static int check_head(lw_importer *im, const head_refs *r, head *h)
{
	h->crebo = h->crebo_name = NULL;
	if (lw_im_register_code(im, H_CODE, &h->code))
		return LW_EINPUT;
	if (lw_im_text(im, H_PROVIDER, 1, &h->provider))
		return LW_EINPUT;
	if (!lw_im_map_get(r->providers, h->provider, NULL))
		return lw_im_reject(im, H_PROVIDER,
				    "onbekende aanbieder '%s' (importeer eerst de aanbieders)",
				    lw_im_show(im, h->provider));
	if (!*lw_im_get(im, H_CREBO))
		return LW_OK;
	if (lw_im_code(im, H_CREBO, "", 5, &h->crebo))
		return LW_EINPUT;
	if (!lw_im_map_get(r->qualifications, h->crebo, &h->crebo_name))
		return lw_im_reject(im, H_CREBO,
				    "onbekende kwalificatie '%s' (importeer eerst de "
				    "kwalificaties)",
				    h->crebo);
	return LW_OK;
}

/* ---- providers --------------------------------------------------------- */

enum { P_CODE, P_NAME, P_KIND, P_WEBSITE, P_LOCATIONS, P_EXAMPLE };
static const lw_col provider_cols[] = {
	{"code", 0},
	{"naam", 0},
	{"soort", 0},
	{"website", COL_OPTIONAL},
	{"vestigingen", COL_OPTIONAL},
	{"voorbeeld", COL_OPTIONAL},
};

static const char *const provider_kinds[] = {
	"ROC",		  "AOC",	      "vakinstelling", "hogeschool",
	"universiteit",	  "private opleider", "EVC-aanbieder", NULL};

typedef struct provider_state {
	sqlite3_stmt *upsert;
	lw_children locations;
	lw_im_list postcodes;
} provider_state;

static int provider_begin(lw_importer *im, void *state, lw_err *err)
{
	provider_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc = lw_store_prepare(
		s, &st->upsert,
		"INSERT INTO provider(code, name, kind, website, is_example) "
		"VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
		"kind = excluded.kind, website = excluded.website, is_example = "
		"excluded.is_example WHERE (name, kind, website, is_example) IS NOT "
		"(excluded.name, excluded.kind, excluded.website, excluded.is_example)",
		err);
	if (rc != LW_OK)
		return rc;
	return lw_children_prepare(s, &st->locations, "provider_location", "provider_code",
				  "postcode", err);
}

static int provider_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	provider_state *st = state;
	const char *code, *name, *kind, *website;
	int example, rc;
	if (lw_im_text(im, P_CODE, 1, &code))
		return LW_EINPUT;
	if (!is_provider_code(code))
		return lw_im_reject(im, P_CODE,
				    "'%s' is geen BRIN-code (2 cijfers en 2 hoofdletters, zoals "
				    "25PZ) of KvK-nummer (8 cijfers)",
				    lw_im_show(im, code));
	if (lw_im_text(im, P_NAME, 1, &name) ||
	    lw_im_enum(im, P_KIND, provider_kinds, 1, &kind) ||
	    lw_im_text(im, P_WEBSITE, 0, &website))
		return LW_EINPUT;
	if (website && !is_web_address(website))
		return lw_im_reject(im, P_WEBSITE, "'%s' begint niet met https:// of http://",
				    lw_im_show(im, website));
	if ((rc = lw_im_list_parse(im, P_LOCATIONS, 0, check_postcode, NULL, &st->postcodes, err)) !=
	    LW_OK)
		return rc;
	if (lw_im_yesno(im, P_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, P_CODE, code)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, kind, -1, SQLITE_STATIC);
	lw_bind_text(u, 4, website);
	sqlite3_bind_int(u, 5, example);
	if ((rc = lw_im_step(im, u, changed, err)) != LW_OK)
		return rc;
	return lw_children_sync(im, &st->locations, code, lw_buf_cstr(&st->postcodes.joined),
			       changed, err);
}

static void provider_end(void *state)
{
	provider_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_children_free(&st->locations);
	lw_im_list_free(&st->postcodes);
}

const lw_ingest_kind lw_kind_providers = {
	.name = "providers",
	.help = "aanbieders van onderwijs en EVC met hun vestigingen (eigen formaat)",
	.cols = provider_cols,
	.ncols = sizeof provider_cols / sizeof provider_cols[0],
	.table = "provider",
	.key = "code",
	/* Fails while offerings or EVC procedures refer to it; locations go along. */
	.key_col = P_CODE,
	.state_size = sizeof(provider_state),
	.begin = provider_begin,
	.row = provider_row,
	.end = provider_end,
};

/* ---- offerings --------------------------------------------------------- */

enum {
	O_CODE = H_CODE,
	O_PROVIDER = H_PROVIDER,
	O_CREBO = H_CREBO,
	O_TITLE,
	O_POSTCODE,
	O_PATHWAY,
	O_STARTS,
	O_MONTHS,
	O_COST,
	O_LANGUAGE,
	O_EXAMPLE
};
static const lw_col offering_cols[] = {
	{"code", 0},
	{"aanbieder", 0},
	{"crebo", COL_OPTIONAL},
	/* Needed only on rows without a crebo, so the column may be left out. */
	{"titel", COL_OPTIONAL},
	{"postcode", 0},
	{"leerweg", 0},
	{"startmomenten", COL_OPTIONAL},
	{"duur_maanden", COL_OPTIONAL},
	{"kosten", COL_OPTIONAL},
	{"taal", COL_OPTIONAL},
	{"voorbeeld", COL_OPTIONAL},
};

static const char *const offering_pathways[] = {
	"BOL", "BBL", "deeltijd", "voltijd", "Associate degree", "cursus", NULL};
static const char *const offering_languages[] = {"nl", "en", "de", "fr", NULL};

typedef struct offering_state {
	sqlite3_stmt *upsert;
	head_refs refs;
	lw_im_list starts;
} offering_state;

static int offering_begin(lw_importer *im, void *state, lw_err *err)
{
	offering_state *st = state;
	int rc = head_refs_load(im, &st->refs, err);
	if (rc != LW_OK)
		return rc;
	return lw_store_prepare(
		lw_im_store(im), &st->upsert,
		"INSERT INTO offering(code, provider_code, crebo, title, postcode, pathway, "
		"starts, months, cost_cents, language, is_example) VALUES(?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(code) DO UPDATE SET provider_code = "
		"excluded.provider_code, crebo = excluded.crebo, title = excluded.title, "
		"postcode = excluded.postcode, pathway = excluded.pathway, starts = "
		"excluded.starts, months = excluded.months, cost_cents = excluded.cost_cents, "
		"language = excluded.language, is_example = excluded.is_example WHERE "
		"(provider_code, crebo, title, postcode, "
		"pathway, starts, months, cost_cents, language, is_example) IS NOT "
		"(excluded.provider_code, excluded.crebo, excluded.title, excluded.postcode, "
		"excluded.pathway, excluded.starts, excluded.months, excluded.cost_cents, "
		"excluded.language, excluded.is_example)",
		err);
}

static int offering_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	offering_state *st = state;
	head h;
	const char *title, *pathway, *language;
	char pc[8];
	long months = 0, cents = 0;
	int has_months, has_cents, example, rc;
	if (check_head(im, &st->refs, &h) || lw_im_text(im, O_TITLE, 0, &title))
		return LW_EINPUT;
	if (!title && !h.crebo)
		return lw_im_reject(im, O_TITLE, "is leeg, maar verplicht als crebo leeg is");
	if (lw_im_postcode(im, O_POSTCODE, 1, pc) ||
	    lw_im_enum(im, O_PATHWAY, offering_pathways, 1, &pathway))
		return LW_EINPUT;
	if ((rc = lw_im_list_parse(im, O_STARTS, 0, check_date, NULL, &st->starts, err)) != LW_OK)
		return rc;
	if (lw_im_long(im, O_MONTHS, 1, 120, 0, &months, &has_months) ||
	    lw_im_cents(im, O_COST, 0, &cents, &has_cents) ||
	    lw_im_enum(im, O_LANGUAGE, offering_languages, 0, &language) ||
	    lw_im_yesno(im, O_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, O_CODE, h.code)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, h.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, h.provider, -1, SQLITE_STATIC);
	lw_bind_text(u, 3, h.crebo);
	/* Without a title of its own, an offering is called after its qualification. */
	sqlite3_bind_text(u, 4, title ? title : h.crebo_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 5, pc, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 6, pathway, -1, SQLITE_STATIC);
	lw_bind_text(u, 7, lw_buf_cstr(&st->starts.joined));
	has_months ? sqlite3_bind_int64(u, 8, months) : sqlite3_bind_null(u, 8);
	has_cents ? sqlite3_bind_int64(u, 9, cents) : sqlite3_bind_null(u, 9);
	sqlite3_bind_text(u, 10, language ? language : "nl", -1, SQLITE_STATIC);
	sqlite3_bind_int(u, 11, example);
	return lw_im_step(im, u, changed, err);
}

static void offering_end(void *state)
{
	offering_state *st = state;
	sqlite3_finalize(st->upsert);
	head_refs_free(&st->refs);
	lw_im_list_free(&st->starts);
}

const lw_ingest_kind lw_kind_offerings = {
	.name = "offerings",
	.help = "opleidingsaanbod: opleidingen en cursussen per aanbieder (eigen formaat)",
	.cols = offering_cols,
	.ncols = sizeof offering_cols / sizeof offering_cols[0],
	.table = "offering",
	.key = "code",
	.key_col = O_CODE,
	.state_size = sizeof(offering_state),
	.begin = offering_begin,
	.row = offering_row,
	.end = offering_end,
};

/* ---- EVC procedures ---------------------------------------------------- */

enum {
	E_CODE = H_CODE,
	E_PROVIDER = H_PROVIDER,
	E_CREBO = H_CREBO,
	E_STANDARD,
	E_REGIONS,
	E_PRICE,
	E_WEEKS,
	E_ACCREDITED,
	E_EXAMPLE
};
static const lw_col evc_cols[] = {
	{"code", 0},
	{"aanbieder", 0},
	{"crebo", COL_OPTIONAL},
	/* Needed only on rows without a crebo, so the column may be left out. */
	{"standaard", COL_OPTIONAL},
	{"regios", 0},
	{"prijs", COL_OPTIONAL},
	{"duur_weken", COL_OPTIONAL},
	{"geaccrediteerd_tot", 0},
	{"voorbeeld", COL_OPTIONAL},
};

typedef struct evc_state {
	sqlite3_stmt *upsert;
	head_refs refs;
	lw_strmap *regions; /* code */
	lw_children served;
	lw_im_list region_list;
} evc_state;

static int evc_begin(lw_importer *im, void *state, lw_err *err)
{
	evc_state *st = state;
	lw_store *s = lw_im_store(im);
	int rc;
	if ((rc = head_refs_load(im, &st->refs, err)) != LW_OK ||
	    (rc = lw_im_load_map(im, "SELECT code FROM region", &st->regions, err)) != LW_OK ||
	    (rc = lw_store_prepare(
		     s, &st->upsert,
		     "INSERT INTO evc_procedure(code, provider_code, crebo, standard, price_cents, "
		     "weeks, accredited_until, is_example) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		     "ON CONFLICT(code) DO UPDATE SET provider_code = excluded.provider_code, "
		     "crebo = excluded.crebo, standard = excluded.standard, price_cents = "
		     "excluded.price_cents, weeks = excluded.weeks, accredited_until = "
		     "excluded.accredited_until, is_example = excluded.is_example WHERE "
		     "(provider_code, crebo, standard, price_cents, weeks, accredited_until, "
		     "is_example) IS NOT (excluded.provider_code, excluded.crebo, "
		     "excluded.standard, excluded.price_cents, excluded.weeks, "
		     "excluded.accredited_until, excluded.is_example)",
		     err)) != LW_OK)
		return rc;
	return lw_children_prepare(s, &st->served, "evc_region", "evc_code", "region_code", err);
}

static int evc_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	evc_state *st = state;
	head h;
	const char *standard, *accredited;
	long cents = 0, weeks = 0;
	int has_cents, has_weeks, example, rc;
	if (check_head(im, &st->refs, &h) || lw_im_text(im, E_STANDARD, 0, &standard))
		return LW_EINPUT;
	if (!standard && !h.crebo)
		return lw_im_reject(im, E_STANDARD, "is leeg, maar verplicht als crebo leeg is");
	if ((rc = lw_im_list_parse(im, E_REGIONS, 1, check_region, st->regions, &st->region_list,
			     err)) != LW_OK)
		return rc;
	/* An accreditation that has ended is stored all the same: it shows as expired. */
	if (lw_im_cents(im, E_PRICE, 0, &cents, &has_cents) ||
	    lw_im_long(im, E_WEEKS, 1, 520, 0, &weeks, &has_weeks) ||
	    lw_im_date(im, E_ACCREDITED, 1, &accredited) || lw_im_yesno(im, E_EXAMPLE, &example))
		return LW_EINPUT;
	if ((rc = lw_im_claim_key(im, E_CODE, h.code)) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;

	sqlite3_stmt *u = st->upsert;
	sqlite3_bind_text(u, 1, h.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 2, h.provider, -1, SQLITE_STATIC);
	lw_bind_text(u, 3, h.crebo);
	lw_bind_text(u, 4, standard);
	has_cents ? sqlite3_bind_int64(u, 5, cents) : sqlite3_bind_null(u, 5);
	has_weeks ? sqlite3_bind_int64(u, 6, weeks) : sqlite3_bind_null(u, 6);
	sqlite3_bind_text(u, 7, accredited, -1, SQLITE_STATIC);
	sqlite3_bind_int(u, 8, example);
	if ((rc = lw_im_step(im, u, changed, err)) != LW_OK)
		return rc;
	return lw_children_sync(im, &st->served, h.code, lw_buf_cstr(&st->region_list.joined),
			       changed, err);
}

static void evc_end(void *state)
{
	evc_state *st = state;
	sqlite3_finalize(st->upsert);
	head_refs_free(&st->refs);
	lw_strmap_free(st->regions);
	lw_children_free(&st->served);
	lw_im_list_free(&st->region_list);
}

const lw_ingest_kind lw_kind_evc = {
	.name = "evc",
	.help = "EVC-procedures per aanbieder met regio's en accreditatie (eigen formaat)",
	.cols = evc_cols,
	.ncols = sizeof evc_cols / sizeof evc_cols[0],
	.table = "evc_procedure",
	.key = "code",
	.key_col = E_CODE,
	.state_size = sizeof(evc_state),
	.begin = evc_begin,
	.row = evc_row,
	.end = evc_end,
};

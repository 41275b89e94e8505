/*
 * engine.c - builds the in-memory search index from the store: the items
 * of every register in one read, ordered by their static quality, their
 * words, stems, compound parts and abbreviations, and the posting lists.
 * The layout and the reasons for it: docs/internals/search.md.
 */
#include "engine_int.h"
#include "lw_geo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *const lw_engine_kinds[KIND_COUNT + 1] = {"kwalificatie", "beroep",      "opleiding",
                                                     "evc",          "leerbedrijf", "vacature",
                                                     "regeling",     "loket",       NULL};
const char *const lw_engine_groups[GROUP_COUNT + 1] = {"werkgever",    "werknemer",    "student",
                                                       "professional", "werkzoekende", NULL};
/* Folded, as they are looked for in a pathway text. */
const char *const lw_engine_paths[PATH_COUNT + 1] = {"bol",    "bbl",       "deeltijd", "voltijd",
                                                     "cursus", "associate", NULL};

const char *const *lw_search_kinds(void)
{
	return lw_engine_kinds;
}

int lw_search_kind_known(const char *kind)
{
	for (size_t i = 0; lw_engine_kinds[i]; i++)
		if (strcmp(lw_engine_kinds[i], kind) == 0)
			return 1;
	return 0;
}

/* ---- string tables ---------------------------------------------------- */

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int lvocab_rehash(lvocab *v, uint32_t nslots)
{
	uint32_t *slots = lw_calloc(nslots, sizeof *slots);
	if (!slots)
		return LW_ENOMEM;
	for (uint32_t id = 0; id < v->n; id++) {
		uint32_t i = hash(v->pool + v->off[id], v->len[id]) & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = id + 1;
	}
	lw_free(v->slots);
	v->slots = slots;
	v->nslots = nslots;
	return LW_OK;
}

uint32_t lvocab_find(const lvocab *v, const char *s, size_t n)
{
	if (!v->nslots)
		return UINT32_MAX;
	uint32_t i = hash(s, n) & (v->nslots - 1);
	for (; v->slots[i]; i = (i + 1) & (v->nslots - 1)) {
		uint32_t id = v->slots[i] - 1;
		if (v->len[id] == n && memcmp(v->pool + v->off[id], s, n) == 0)
			return id;
	}
	return UINT32_MAX;
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
	if (need <= *cap)
		return LW_OK;
	uint32_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	void *q = lw_realloc(*p, (size_t)c * size);
	if (!q)
		return LW_ENOMEM;
	*p = q;
	*cap = c;
	return LW_OK;
}

int lvocab_add(lvocab *v, const char *s, size_t n, uint32_t *id, int *added)
{
	uint32_t found = lvocab_find(v, s, n);
	if (added)
		*added = found == UINT32_MAX;
	if (found != UINT32_MAX) {
		*id = found;
		return LW_OK;
	}
	if ((v->n + 1) * 2 > v->nslots && lvocab_rehash(v, v->nslots ? v->nslots * 2 : 1024))
		return LW_ENOMEM;
	uint32_t cap = v->cap;
	if (grow((void **)&v->off, &cap, v->n + 1, sizeof *v->off) != LW_OK)
		return LW_ENOMEM;
	cap = v->cap;
	if (grow((void **)&v->len, &cap, v->n + 1, sizeof *v->len) != LW_OK)
		return LW_ENOMEM;
	v->cap = cap;
	if (v->pool_len + n + 1 > v->pool_cap) {
		size_t c = v->pool_cap ? v->pool_cap * 2 : 4096;
		while (c < v->pool_len + n + 1)
			c *= 2;
		char *p = lw_realloc(v->pool, c);
		if (!p)
			return LW_ENOMEM;
		v->pool = p;
		v->pool_cap = c;
	}
	memcpy(v->pool + v->pool_len, s, n);
	v->pool[v->pool_len + n] = '\0';
	v->off[v->n] = (uint32_t)v->pool_len;
	v->len[v->n] = (uint32_t)n;
	v->pool_len += n + 1;
	uint32_t i = hash(s, n) & (v->nslots - 1);
	while (v->slots[i])
		i = (i + 1) & (v->nslots - 1);
	v->slots[i] = v->n + 1;
	*id = v->n++;
	return LW_OK;
}

void lvocab_free(lvocab *v)
{
	lw_free(v->pool);
	lw_free(v->off);
	lw_free(v->len);
	lw_free(v->slots);
	memset(v, 0, sizeof *v);
}

/* ---- the items ---------------------------------------------------------- */

/* The place of a postcode: join its PC4 area as pc. */
#define PC_JOIN(pc) " LEFT JOIN postcode pc ON pc.code = substr(" pc ", 1, 4) "
/* The qualification, dossier and domain of a crebo as q, d, m. */
#define DOMAIN_JOIN(crebo)                                                                         \
	" LEFT JOIN qualification q ON q.crebo = " crebo                                           \
	" LEFT JOIN mbo_dossier d ON d.crebo = q.dossier_crebo "                                   \
	"LEFT JOIN mbo_domain m ON m.crebo = d.domain_crebo "

/*
 * One statement per kind, each with the same columns: kind, ref, title,
 * keywords, body, detail, example, quality, postcode, level, pathways,
 * domain, provider, target groups, date, valid. Joins rather than
 * subqueries per row: this read is most of the engine's build time.
 */
enum {
	C_KIND,
	C_REF,
	C_TITLE,
	C_KEYWORDS,
	C_BODY,
	C_DETAIL,
	C_EXAMPLE,
	C_QUALITY,
	C_POSTCODE,
	C_LEVEL,
	C_PATHS,
	C_DOMAIN,
	C_PROVIDER,
	C_GROUPS,
	C_DATE,
	C_VALID
};

static const char *const item_sql[] = {
    "SELECT 'kwalificatie', q.crebo, q.name, 'crebo ' || q.crebo || ' ' || q.dossier_crebo || "
    "' ' || d.name || ' ' || "
    "coalesce(m.name, '') || ' mbo niveau ' || q.level || ' ' || q.pathways, q.kind, "
    "'mbo niveau ' || q.level || ', crebo ' || q.crebo, 0, 0.9, NULL, 'mbo-' || q.level, "
    "q.pathways, m.name, NULL, 'student;werknemer;werkzoekende;professional', NULL, 1 "
    "FROM qualification q JOIN mbo_dossier d ON d.crebo = q.dossier_crebo "
    "LEFT JOIN mbo_domain m ON m.crebo = d.domain_crebo ORDER BY q.crebo",

    "SELECT 'beroep', uri, label, alt_labels || ' ' || hidden_labels, "
    "coalesce(description, ''), 'beroep (ESCO ' || code || ')', 0, 0.6, NULL, NULL, NULL, "
    "NULL, NULL, 'werkgever;werknemer;student;professional;werkzoekende', NULL, 1 "
    "FROM occupation ORDER BY uri",

    "SELECT 'opleiding', o.code, o.title, p.name || ' ' || coalesce(pc.place, '') || ' ' || "
    "o.pathway || ' ' || coalesce(o.crebo, ''), '', p.name || ', ' || o.pathway || "
    "coalesce(', ' || pc.place, ''), o.is_example, "
    "0.5 + CASE WHEN substr(o.starts, 1, 10) >= date('now') THEN 0.2 ELSE 0 END, o.postcode, "
    "CASE WHEN q.level IS NOT NULL THEN 'mbo-' || q.level "
    "WHEN o.pathway = 'Associate degree' THEN 'ad' WHEN p.kind = 'hogeschool' THEN 'hbo' "
    "WHEN p.kind = 'universiteit' THEN 'wo' END, o.pathway, m.name, p.name, "
    "CASE WHEN o.pathway = 'cursus' THEN 'werknemer;professional' "
    "ELSE 'student;werknemer;werkzoekende;professional' END, NULL, 1 "
    "FROM offering o JOIN provider p ON p.code = o.provider_code" PC_JOIN("o.postcode")
        DOMAIN_JOIN("o.crebo") "ORDER BY o.code",

    "SELECT 'evc', e.code, 'EVC ' || coalesce(q.name, e.standard), p.name || ' ' || "
    "coalesce(e.crebo, '') || ' erkenning verworven competenties', '', p.name || CASE "
    "WHEN e.accredited_until < date('now') THEN ', accreditatie verlopen' "
    "ELSE ', geaccrediteerd tot ' || e.accredited_until END, e.is_example, "
    "CASE WHEN e.accredited_until < date('now') THEN 0 ELSE 0.7 END, NULL, "
    "CASE WHEN q.level IS NOT NULL THEN 'mbo-' || q.level END, NULL, m.name, p.name, "
    "'werkgever;werknemer;professional;werkzoekende', NULL, "
    "e.accredited_until >= date('now') FROM evc_procedure e "
    "JOIN provider p ON p.code = e.provider_code" DOMAIN_JOIN("e.crebo") "ORDER BY e.code",

    /* The names of the qualifications a company is recognised for, in one pass. */
    "WITH rec AS (SELECT r.kvk, group_concat(q.name, ' ') AS names, min(r.crebo) AS crebo "
    "FROM training_company_recognition r JOIN qualification q ON q.crebo = r.crebo "
    "GROUP BY r.kvk) "
    "SELECT 'leerbedrijf', c.kvk, c.name, 'kvk ' || c.kvk || ' ' || coalesce(rec.names, '') || ' ' "
    "|| "
    "coalesce(pc.place, '') || ' leerbedrijf bbl', '', 'leerbedrijf' || "
    "coalesce(', ' || pc.place, '') || ', ' || c.places || ' open plaatsen', c.is_example, "
    "0.3 + 0.04 * min(c.places, 10), c.postcode, NULL, 'BBL', m.name, NULL, "
    "'werkgever;student', NULL, 1 FROM training_company c "
    "LEFT JOIN rec ON rec.kvk = c.kvk" PC_JOIN("c.postcode")
        DOMAIN_JOIN("rec.crebo") "ORDER BY c.kvk",

    "SELECT 'vacature', v.code, v.title, v.employer || ' ' || v.kind || ' ' || "
    "coalesce(v.level, '') || ' ' || coalesce(o.label || ' ' || o.alt_labels, '') || ' ' || "
    "coalesce(pc.place, ''), "
    "'', v.kind || ' bij ' || v.employer || coalesce(', ' || pc.place, ''), v.is_example, "
    "CASE WHEN v.closes < date('now') THEN 0.05 "
    "ELSE 0.2 + 0.6 * max(0.0, 1.0 - (julianday('now') - julianday(v.published)) / 90.0) "
    "END, v.postcode, v.level, CASE v.kind WHEN 'leerbaan' THEN 'BBL' END, NULL, NULL, "
    "CASE WHEN v.kind = 'vacature' THEN 'werkzoekende;werknemer' "
    "ELSE 'student;werkzoekende' END, v.published, 1 FROM vacancy v "
    "LEFT JOIN occupation o ON o.uri = v.occupation_uri" PC_JOIN("v.postcode") "ORDER BY v.code",

    "SELECT 'regeling', code, name, replace(target_groups, ';', ' ') || ' regeling', "
    "conditions || ' ' || coalesce(amount, ''), 'regeling voor ' || "
    "replace(target_groups, ';', ', '), is_example, 0.8, NULL, NULL, NULL, NULL, NULL, "
    "target_groups, NULL, 1 FROM scheme ORDER BY code",

    /*
     * A desk is found by the municipalities it serves, and placed at the
     * most populous PC4 area among them when it has no address.
     */
    "SELECT 'loket', d.code, d.name, coalesce(d.place, '') || ' ' || coalesce((SELECT "
    "group_concat(m.name, ' ') FROM desk_service s JOIN municipality m "
    "ON m.code = s.municipality_code WHERE s.desk_code = d.code), '') || "
    "' leerwerkloket loket', '', coalesce(d.phone, 'helpdesk 0800-1618'), 0, 0.7, "
    "coalesce(d.postcode, (SELECT p.code FROM desk_service s JOIN postcode p "
    "ON p.municipality_code = s.municipality_code AND length(p.code) = 4, (SELECT "
    "sum(p2.lat * coalesce(p2.inhabitants, 1)) / sum(coalesce(p2.inhabitants, 1)) AS lat, "
    "sum(p2.lon * coalesce(p2.inhabitants, 1)) / sum(coalesce(p2.inhabitants, 1)) AS lon "
    "FROM desk_service s2 JOIN postcode p2 ON p2.municipality_code = s2.municipality_code "
    "AND length(p2.code) = 4 WHERE s2.desk_code = d.code) c WHERE s.desk_code = d.code "
    "ORDER BY (p.lat - c.lat) * (p.lat - c.lat) + (p.lon - c.lon) * (p.lon - c.lon), p.code "
    "LIMIT 1)), NULL, NULL, "
    "NULL, NULL, 'werkgever;werknemer;student;professional;werkzoekende', NULL, 1 "
    "FROM desk d ORDER BY d.code",
};

#define NSQL (sizeof item_sql / sizeof item_sql[0])

static const char *text_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

typedef int (*row_fn)(void *ud, sqlite3_stmt *st);

static int each_item(lw_store *s, row_fn fn, void *ud, lw_err *err)
{
	int rc = LW_OK;
	for (size_t k = 0; k < NSQL && rc == LW_OK; k++) {
		sqlite3_stmt *st;
		if ((rc = lw_store_prepare(s, &st, item_sql[k], err)) != LW_OK)
			break;
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			if ((rc = fn(ud, st)) != LW_OK)
				break;
		if (rc == LW_OK && step != SQLITE_DONE)
			rc = lw_store_fail(s, err, "de zoekgegevens lezen mislukte");
		else if (rc == LW_ENOMEM)
			lw_err_set(err, rc, "onvoldoende geheugen");
		sqlite3_finalize(st);
	}
	return rc;
}

typedef struct items_ctx {
	int (*fn)(void *ud, const lw_item_text *it);
	void *ud;
} items_ctx;

static int item_row(void *ud, sqlite3_stmt *st)
{
	items_ctx *c = ud;
	lw_item_text it = {text_col(st, C_KIND), text_col(st, C_REF), text_col(st, C_TITLE),
	                   text_col(st, C_KEYWORDS), text_col(st, C_BODY)};
	return c->fn(c->ud, &it);
}

int lw_search_items(lw_store *s, int (*fn)(void *ud, const lw_item_text *it), void *ud, lw_err *err)
{
	items_ctx c = {fn, ud};
	int rc = each_item(s, item_row, &c, err);
	if (rc != LW_OK && rc != LW_ENOMEM && !err->msg[0])
		lw_err_set(err, rc, "gestopt");
	return rc;
}

/* ---- building ----------------------------------------------------------- */

/* A document before it has its place in the rank order. */
typedef struct pre_doc {
	ldoc d;
	uint32_t keywords, body; /* pool offsets of the field texts (build only) */
} pre_doc;

typedef struct builder {
	lw_engine *e;
	lw_analyzer *an;
	pre_doc *pre;
	uint32_t npre, cap_pre;
	lw_buf pool; /* document strings and field texts */
	lw_buf fold, lower, stem;
	uint32_t *toks;
	size_t ntoks, cap_toks;
	uint32_t word_cap;
	uint32_t *word_last, *word_last_title; /* dedup for df counts */
	uint32_t cur_doc;
	uint8_t cur_field;
	uint32_t cur_words;
	/* abbreviations */
	uint32_t abbr_word[128];
	uint32_t exp_words[128][8];
	uint8_t nexp[128];
	size_t nabbr;
	lw_err *err;
} builder;

static uint8_t level_of(const char *s)
{
	if (strncmp(s, "mbo-", 4) == 0 && s[4] >= '1' && s[4] <= '4' && !s[5])
		return (uint8_t)(s[4] - '0');
	if (strcmp(s, "ad") == 0)
		return LEVEL_AD;
	if (strcmp(s, "hbo") == 0)
		return LEVEL_HBO;
	if (strcmp(s, "wo") == 0)
		return LEVEL_WO;
	return 0;
}

static uint8_t bits_of(builder *b, const char *s, const char *const *names)
{
	lw_buf_reset(&b->fold);
	if (lw_fold_key(s, strlen(s), &b->fold) != LW_OK)
		return 0;
	uint8_t bits = 0;
	for (int i = 0; names[i]; i++)
		if (strstr(lw_buf_cstr(&b->fold), names[i]))
			bits |= (uint8_t)(1u << i);
	return bits;
}

static int label(builder *b, const char *s, uint32_t *id)
{
	if (!*s) {
		*id = 0;
		return LW_OK;
	}
	return lvocab_add(&b->e->labels, s, strlen(s), id, NULL);
}

static int pool_put(lw_buf *pool, const char *s, uint32_t *off)
{
	if (pool->len + strlen(s) + 1 > UINT32_MAX)
		return LW_ENOMEM;
	*off = (uint32_t)pool->len;
	return lw_buf_append(pool, s, strlen(s) + 1);
}

static int pre_row(void *ud, sqlite3_stmt *st)
{
	builder *b = ud;
	lw_engine *e = b->e;
	if (b->npre + 1 >= MAX_DOCS)
		return LW_ENOMEM;
	if (grow((void **)&b->pre, &b->cap_pre, b->npre + 1, sizeof *b->pre) != LW_OK)
		return LW_ENOMEM;
	pre_doc *p = &b->pre[b->npre];
	memset(p, 0, sizeof *p);
	ldoc *d = &p->d;
	const char *kind = text_col(st, C_KIND);
	while (lw_engine_kinds[d->kind] && strcmp(lw_engine_kinds[d->kind], kind) != 0)
		d->kind++;
	const char *ref = text_col(st, C_REF);
	uint32_t off, provider, domain;
	const char *date = text_col(st, C_DATE);
	if (pool_put(&b->pool, ref, &d->text) != LW_OK ||
	    pool_put(&b->pool, text_col(st, C_TITLE), &off) != LW_OK ||
	    pool_put(&b->pool, text_col(st, C_DETAIL), &off) != LW_OK ||
	    pool_put(&b->pool, date, &off) != LW_OK ||
	    pool_put(&b->pool, text_col(st, C_KEYWORDS), &p->keywords) != LW_OK ||
	    pool_put(&b->pool, text_col(st, C_BODY), &p->body) != LW_OK ||
	    label(b, text_col(st, C_PROVIDER), &provider) != LW_OK ||
	    label(b, text_col(st, C_DOMAIN), &domain) != LW_OK)
		return LW_ENOMEM;
	d->provider = provider;
	d->domain = (uint16_t)(domain < UINT16_MAX ? domain : 0);
	d->quality = (float)sqlite3_column_double(st, C_QUALITY);
	d->day = *date ? lw_date_days(date) : INT32_MIN;
	d->level = level_of(text_col(st, C_LEVEL));
	d->paths = bits_of(b, text_col(st, C_PATHS), lw_engine_paths);
	d->groups = bits_of(b, text_col(st, C_GROUPS), lw_engine_groups);
	d->flags = (uint8_t)((sqlite3_column_int(st, C_EXAMPLE) ? DOC_EXAMPLE : 0) |
	                     (sqlite3_column_int(st, C_VALID) ? DOC_VALID : 0));
	d->lat = d->lon = NAN;
	const char *pc = text_col(st, C_POSTCODE);
	if (pc[0] >= '1' && pc[0] <= '9' && pc[1] >= '0' && pc[1] <= '9' && pc[2] >= '0' &&
	    pc[2] <= '9' && pc[3] >= '0' && pc[3] <= '9') {
		const lplace *pl = &e->pc4[atoi(pc) % 10000];
		if (!isnan(pl->lat)) {
			d->pc4 = (uint16_t)(atoi(pc) % 10000);
			d->lat = pl->lat;
			d->lon = pl->lon;
			d->region = pl->region;
		}
	}
	b->npre++;
	return LW_OK;
}

static int region_index(lw_engine *e, const char *code)
{
	for (uint32_t i = 1; i <= e->nregions; i++)
		if (strcmp(e->regions[i].code, code) == 0)
			return (int)i;
	return 0;
}

static int load_places(builder *b, lw_store *s, lw_err *err)
{
	lw_engine *e = b->e;
	for (size_t i = 0; i < 10000; i++)
		e->pc4[i].lat = e->pc4[i].lon = NAN;
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, "SELECT code, name FROM region ORDER BY code", err);
	if (rc != LW_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW && e->nregions + 1 < 64) {
		lregion *r = &e->regions[++e->nregions];
		snprintf(r->code, sizeof r->code, "%s", text_col(st, 0));
		lw_buf_reset(&b->fold);
		r->name = lw_strdup(text_col(st, 1));
		if (lw_fold_key(r->name ? r->name : "", r->name ? strlen(r->name) : 0, &b->fold) !=
		        LW_OK ||
		    !r->name || !(r->key = lw_strdup(lw_buf_cstr(&b->fold)))) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
	}
	sqlite3_finalize(st);
	rc = lw_store_prepare(s, &st,
	                      "SELECT p.code, p.lat, p.lon, m.region_code FROM postcode p "
	                      "LEFT JOIN municipality m ON m.code = p.municipality_code "
	                      "WHERE length(p.code) = 4",
	                      err);
	if (rc != LW_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *pc = text_col(st, 0);
		if (!lw_is_digits(pc, 4))
			continue;
		lplace *pl = &e->pc4[atoi(pc) % 10000];
		pl->lat = (float)sqlite3_column_double(st, 1);
		pl->lon = (float)sqlite3_column_double(st, 2);
		pl->region = (uint8_t)region_index(e, text_col(st, 3));
	}
	sqlite3_finalize(st);
	/* Municipalities by name (with and without diacritics) and place names. */
	rc = lw_store_prepare(
	    s, &st,
	    "SELECT m.name_key, m.name, avg(p.lat), avg(p.lon), m.region_code FROM municipality m "
	    "JOIN postcode p ON p.municipality_code = m.code AND length(p.code) = 4 "
	    "GROUP BY m.code UNION ALL "
	    "SELECT m.plain_key, m.name, avg(p.lat), avg(p.lon), m.region_code FROM municipality m "
	    "JOIN postcode p ON p.municipality_code = m.code AND length(p.code) = 4 "
	    "GROUP BY m.code UNION ALL "
	    "SELECT p.place_key, min(p.place), avg(p.lat), avg(p.lon), min(m.region_code) "
	    "FROM postcode p JOIN municipality m ON m.code = p.municipality_code "
	    "WHERE length(p.code) = 4 AND p.place_key IS NOT NULL GROUP BY p.place_key",
	    err);
	if (rc != LW_OK)
		return rc;
	uint32_t cap = 0;
	while (rc == LW_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *key = text_col(st, 0);
		uint32_t id, name;
		int added;
		if (!*key)
			continue;
		if (lvocab_add(&e->place_keys, key, strlen(key), &id, &added) != LW_OK ||
		    label(b, text_col(st, 1), &name) != LW_OK ||
		    grow((void **)&e->places, &cap, id + 1, sizeof *e->places) != LW_OK) {
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			break;
		}
		if (!added)
			continue; /* a municipality's name wins over a place of the same name */
		e->places[id] = (lplace){(float)sqlite3_column_double(st, 2),
		                         (float)sqlite3_column_double(st, 3),
		                         (uint8_t)region_index(e, text_col(st, 4)), name};
	}
	sqlite3_finalize(st);
	/* The names people use that no data file spells ("den bosch"), as geo knows them. */
	const char *key, *code;
	for (size_t i = 0; rc == LW_OK && lw_geo_alias(i, &key, &code); i++) {
		uint32_t id;
		if ((rc = lw_store_prepare(
		         s, &st,
		         "SELECT m.name, avg(p.lat), avg(p.lon), m.region_code "
		         "FROM municipality m JOIN postcode p ON p.municipality_code "
		         "= m.code AND length(p.code) = 4 WHERE m.code = ?1 "
		         "GROUP BY m.code",
		         err)) != LW_OK)
			break;
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		uint32_t name;
		int added;
		if (sqlite3_step(st) == SQLITE_ROW) {
			if (lvocab_add(&e->place_keys, key, strlen(key), &id, &added) != LW_OK ||
			    label(b, text_col(st, 0), &name) != LW_OK ||
			    grow((void **)&e->places, &cap, id + 1, sizeof *e->places) != LW_OK)
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			else if (added)
				e->places[id] =
				    (lplace){(float)sqlite3_column_double(st, 1),
				             (float)sqlite3_column_double(st, 2),
				             (uint8_t)region_index(e, text_col(st, 3)), name};
		}
		sqlite3_finalize(st);
	}
	return rc;
}

/* ---- words ---------------------------------------------------------------- */

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The word id of text[start, end), adding the word and its stem when new. */
static int word_id(builder *b, const char *w, size_t n, uint32_t *id)
{
	lw_engine *e = b->e;
	lw_buf_reset(&b->fold);
	if (lw_fold_key(w, n, &b->fold) != LW_OK)
		return LW_ENOMEM;
	if (!b->fold.len) {
		*id = UINT32_MAX;
		return LW_OK;
	}
	int added;
	if (lvocab_add(&e->words, b->fold.data, b->fold.len, id, &added) != LW_OK)
		return LW_ENOMEM;
	if (!added)
		return LW_OK;
	uint32_t cap = b->word_cap, c2 = b->word_cap, c3 = b->word_cap, c4 = b->word_cap,
	         c5 = b->word_cap;
	if (grow((void **)&e->word_stem, &cap, *id + 1, sizeof *e->word_stem) != LW_OK ||
	    grow((void **)&e->word_df, &c2, *id + 1, sizeof *e->word_df) != LW_OK ||
	    grow((void **)&e->word_tdf, &c3, *id + 1, sizeof *e->word_tdf) != LW_OK ||
	    grow((void **)&b->word_last, &c4, *id + 1, sizeof *b->word_last) != LW_OK ||
	    grow((void **)&b->word_last_title, &c5, *id + 1, sizeof *b->word_last_title) != LW_OK)
		return LW_ENOMEM;
	b->word_cap = cap;
	e->word_df[*id] = e->word_tdf[*id] = 0;
	b->word_last[*id] = b->word_last_title[*id] = 0;
	lw_buf_reset(&b->lower);
	lw_buf_reset(&b->stem);
	if (lw_lower(w, n, &b->lower) != LW_OK ||
	    lw_analyzer_stem(b->an, b->lower.data, b->lower.len, &b->stem) != LW_OK)
		return LW_ENOMEM;
	lw_buf_reset(&b->fold);
	if (lw_fold_key(lw_buf_cstr(&b->stem), b->stem.len, &b->fold) != LW_OK)
		return LW_ENOMEM;
	uint32_t tid;
	if (lvocab_add(&e->stems, b->fold.data, b->fold.len, &tid, NULL) != LW_OK)
		return LW_ENOMEM;
	e->word_stem[*id] = tid;
	return LW_OK;
}

static int put_tok(builder *b, uint32_t t)
{
	if (b->ntoks + 1 > b->cap_toks) {
		size_t c = b->cap_toks ? b->cap_toks * 2 : 1 << 16;
		uint32_t *p = lw_realloc(b->toks, c * sizeof *p);
		if (!p)
			return LW_ENOMEM;
		b->toks = p;
		b->cap_toks = c;
	}
	b->toks[b->ntoks++] = t;
	return LW_OK;
}

typedef struct field_ctx {
	builder *b;
	const char *text;
} field_ctx;

static int field_word(void *ud, size_t start, size_t end)
{
	field_ctx *c = ud;
	builder *b = c->b;
	uint32_t id;
	if (word_id(b, c->text + start, end - start, &id) != LW_OK)
		return LW_ENOMEM;
	if (id == UINT32_MAX)
		return LW_OK;
	if (b->word_last[id] != b->cur_doc + 1) {
		b->word_last[id] = b->cur_doc + 1;
		b->e->word_df[id]++;
	}
	if (b->cur_field == F_TITLE) {
		b->cur_words++;
		if (b->word_last_title[id] != b->cur_doc + 1) {
			b->word_last_title[id] = b->cur_doc + 1;
			b->e->word_tdf[id]++;
		}
	}
	return put_tok(b, id);
}

static int tokenize(builder *b, uint32_t doc, const char *title, const char *keywords,
                    const char *body)
{
	const char *texts[3] = {title, keywords, body};
	const uint8_t fields[3] = {F_TITLE, F_KEYWORDS, F_BODY};
	b->cur_doc = doc;
	b->cur_words = 0;
	for (int f = 0; f < 3; f++) {
		if (f && put_tok(b, TOK_FIELD) != LW_OK)
			return LW_ENOMEM;
		b->cur_field = fields[f];
		field_ctx c = {b, texts[f]};
		if (lw_words(texts[f], strlen(texts[f]), field_word, &c) != LW_OK)
			return LW_ENOMEM;
	}
	b->e->docs[doc].ntitle = (uint8_t)(b->cur_words > 255 ? 255 : b->cur_words);
	return LW_OK;
}

/* ---- compounds ------------------------------------------------------------ */

/*
 * A part of a compound must be a word of the catalogue of at least
 * MIN_PART letters that occurs in at least MIN_PART_DF items on its own.
 */
#define MIN_PART 4
#define MIN_PART_DF 2

static uint32_t known_part(const lw_engine *e, const char *s, size_t n)
{
	if (n < MIN_PART)
		return UINT32_MAX;
	uint32_t id = lvocab_find(&e->words, s, n);
	return id != UINT32_MAX && e->word_df[id] >= MIN_PART_DF ? id : UINT32_MAX;
}

/* A modifier: a known word, maybe with a linking 's' ("gezondheid-s-zorg"). */
static uint32_t modifier(const lw_engine *e, const char *s, size_t n)
{
	uint32_t id = known_part(e, s, n);
	if (id == UINT32_MAX && n > MIN_PART && s[n - 1] == 's')
		id = known_part(e, s, n - 1);
	return id;
}

/*
 * Splits word w into a modifier and a head, both known words, the head as
 * long as possible; the modifier may itself be a compound of two known
 * words. Writes at most 3 word ids into parts; returns how many (0: no
 * split). Only ASCII words are split: a split never cuts a character.
 */
int lw_engine_split(const lw_engine *e, const char *w, size_t n, uint32_t parts[3])
{
	if (n < 2 * MIN_PART)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80 || (w[i] >= '0' && w[i] <= '9'))
			return 0;
	for (size_t i = MIN_PART; i + MIN_PART <= n; i++) {
		uint32_t head = known_part(e, w + i, n - i);
		if (head == UINT32_MAX)
			continue;
		uint32_t mod = modifier(e, w, i);
		if (mod != UINT32_MAX) {
			parts[0] = mod;
			parts[1] = head;
			return 2;
		}
		for (size_t j = MIN_PART; j + MIN_PART <= i; j++) {
			uint32_t a = known_part(e, w, j), m2 = modifier(e, w + j, i - j);
			if (a != UINT32_MAX && m2 != UINT32_MAX) {
				parts[0] = a;
				parts[1] = m2;
				parts[2] = head;
				return 3;
			}
		}
	}
	return 0;
}

static int find_compounds(lw_engine *e)
{
	e->word_parts = lw_calloc(e->words.n ? e->words.n : 1, sizeof *e->word_parts);
	size_t cap = 1024;
	e->parts = lw_malloc(cap * sizeof *e->parts);
	if (!e->word_parts || !e->parts)
		return LW_ENOMEM;
	e->parts[0] = 0;
	e->nparts = 1; /* offset 0 means none */
	for (uint32_t w = 0; w < e->words.n; w++) {
		uint32_t parts[3];
		int np = lw_engine_split(e, lvocab_str(&e->words, w), e->words.len[w], parts);
		if (!np)
			continue;
		/* A part that is a compound itself brings its own parts along. */
		uint32_t all[12];
		int na = 0;
		for (int k = 0; k < np; k++) {
			uint32_t sub[3];
			all[na++] = parts[k];
			int ns = lw_engine_split(e, lvocab_str(&e->words, parts[k]),
			                         e->words.len[parts[k]], sub);
			for (int j = 0; j < ns; j++)
				all[na++] = sub[j];
		}
		np = na;
		if (e->nparts + 13 > cap) {
			cap *= 2;
			uint32_t *p = lw_realloc(e->parts, cap * sizeof *p);
			if (!p)
				return LW_ENOMEM;
			e->parts = p;
		}
		e->word_parts[w] = (uint32_t)e->nparts;
		e->parts[e->nparts++] = (uint32_t)np;
		for (int k = 0; k < np; k++)
			e->parts[e->nparts++] = e->word_stem[all[k]];
	}
	return LW_OK;
}

/* ---- synonyms and abbreviations ---------------------------------------------------------- */

static int load_synonyms(builder *b)
{
	const char *p = (const char *)lw_synonyms_tsv;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		const char *tab = memchr(p, '\t', n);
		if (*p != '#' && tab && b->nabbr < 128) {
			size_t k = b->nabbr;
			uint32_t id;
			if (word_id(b, p, (size_t)(tab - p), &id) != LW_OK)
				return LW_ENOMEM;
			b->abbr_word[k] = id;
			b->nexp[k] = 0;
			const char *x = tab + 1, *end = p + n;
			while (x < end) {
				while (x < end && (*x == ' ' || *x == '-'))
					x++;
				const char *s = x;
				while (x < end && *x != ' ' && *x != '-')
					x++;
				if (x > s && b->nexp[k] < 8) {
					if (word_id(b, s, (size_t)(x - s), &id) != LW_OK)
						return LW_ENOMEM;
					if (id != UINT32_MAX)
						b->exp_words[k][b->nexp[k]++] = id;
				}
			}
			if (b->abbr_word[k] != UINT32_MAX && b->nexp[k]) {
				b->nabbr++;
			}
		}
		p += n + (eol != NULL);
	}
	return LW_OK;
}

/* ---- postings ----------------------------------------------------------------- */

typedef struct posting_pass {
	uint8_t *stem_flags; /* per stem: 1 a synonym's word, 2 the first of its words */
	uint32_t *last;      /* per stem: doc + 1 that last posted it */
	uint32_t *slot;      /* per stem: its entry in the current document */
	uint32_t *plast, *pslot;
	uint32_t ent[4096], pent[4096]; /* stem << 3 | fields of the current document */
	size_t nent, npent;
} posting_pass;

static void post(posting_pass *pp, uint32_t *last, uint32_t *slot, uint32_t *ent, size_t *nent,
                 uint32_t doc, uint32_t tid, uint8_t field)
{
	if (last[tid] == doc + 1) {
		ent[slot[tid]] |= field;
		return;
	}
	if (*nent >= 4096)
		return; /* an item of thousands of distinct words: the rest is not indexed */
	(void)pp;
	last[tid] = doc + 1;
	slot[tid] = (uint32_t)*nent;
	ent[(*nent)++] = tid << 3 | field;
}

/* Collects the stems and compound parts of document d into pp->ent / pp->pent. */
static void doc_entries(const lw_engine *e, const builder *b, posting_pass *pp, uint32_t d)
{
	pp->nent = pp->npent = 0;
	const uint32_t *t = e->toks + e->tok_at[d], *end = e->toks + e->tok_at[d + 1];
	uint8_t field = F_TITLE;
	for (const uint32_t *p = t; p < end; p++) {
		if (*p == TOK_FIELD) {
			field = field == F_TITLE ? F_KEYWORDS : F_BODY;
			continue;
		}
		uint32_t w = *p;
		post(pp, pp->last, pp->slot, pp->ent, &pp->nent, d, e->word_stem[w], field);
		if (e->word_parts[w]) {
			const uint32_t *parts = e->parts + e->word_parts[w];
			for (uint32_t k = 1; k <= parts[0]; k++)
				post(pp, pp->plast, pp->pslot, pp->pent, &pp->npent, d, parts[k],
				     field);
		}
		/* Synonyms match by stem: "leerwegen" is as good as "leerweg". */
		uint32_t st = e->word_stem[w];
		uint8_t fl = pp->stem_flags[st];
		if (!fl)
			continue;
		for (size_t k = 0; k < b->nabbr; k++) {
			if ((fl & 1) && e->word_stem[b->abbr_word[k]] == st) /* "bbl": the words */
				for (size_t x = 0; x < b->nexp[k]; x++)
					post(pp, pp->last, pp->slot, pp->ent, &pp->nent, d,
					     e->word_stem[b->exp_words[k][x]], field);
			if ((fl & 2) && e->word_stem[b->exp_words[k][0]] == st) { /* and back */
				size_t x = 1;
				while (x < b->nexp[k] && p + x < end && p[x] != TOK_FIELD &&
				       e->word_stem[p[x]] == e->word_stem[b->exp_words[k][x]])
					x++;
				if (x == b->nexp[k])
					post(pp, pp->last, pp->slot, pp->ent, &pp->nent, d,
					     e->word_stem[b->abbr_word[k]], field);
			}
		}
	}
}

static int build_postings(lw_engine *e, const builder *b)
{
	uint32_t nt = e->stems.n;
	posting_pass *pp = lw_calloc(1, sizeof *pp);
	e->post_at = lw_calloc((size_t)nt + 1, sizeof *e->post_at);
	e->ppost_at = lw_calloc((size_t)nt + 1, sizeof *e->ppost_at);
	if (pp) {
		pp->last = lw_calloc(nt + 1, sizeof *pp->last);
		pp->slot = lw_calloc(nt + 1, sizeof *pp->slot);
		pp->plast = lw_calloc(nt + 1, sizeof *pp->plast);
		pp->pslot = lw_calloc(nt + 1, sizeof *pp->pslot);
	}
	int rc = LW_ENOMEM;
	if (pp)
		pp->stem_flags = lw_calloc(nt + 1, 1);
	if (!pp || !e->post_at || !e->ppost_at || !pp->last || !pp->slot || !pp->plast ||
	    !pp->pslot || !pp->stem_flags)
		goto out;
	for (size_t k = 0; k < b->nabbr; k++) {
		pp->stem_flags[e->word_stem[b->abbr_word[k]]] |= 1;
		pp->stem_flags[e->word_stem[b->exp_words[k][0]]] |= 2;
	}
	/* Pass 1: count per stem; pass 2: fill, in document order. */
	for (uint32_t d = 0; d < e->ndocs; d++) {
		doc_entries(e, b, pp, d);
		for (size_t i = 0; i < pp->nent; i++)
			e->post_at[(pp->ent[i] >> 3) + 1]++;
		for (size_t i = 0; i < pp->npent; i++)
			e->ppost_at[(pp->pent[i] >> 3) + 1]++;
	}
	for (uint32_t t = 0; t < nt; t++) {
		e->post_at[t + 1] += e->post_at[t];
		e->ppost_at[t + 1] += e->ppost_at[t];
	}
	e->npost = e->post_at[nt];
	e->nppost = e->ppost_at[nt];
	e->post = lw_malloc((e->npost ? e->npost : 1) * sizeof *e->post);
	e->ppost = lw_malloc((e->nppost ? e->nppost : 1) * sizeof *e->ppost);
	uint32_t *fill = lw_malloc(((size_t)nt + 1) * sizeof *fill);
	uint32_t *pfill = lw_malloc(((size_t)nt + 1) * sizeof *pfill);
	if (!e->post || !e->ppost || !fill || !pfill) {
		lw_free(fill);
		lw_free(pfill);
		goto out;
	}
	memcpy(fill, e->post_at, ((size_t)nt + 1) * sizeof *fill);
	memcpy(pfill, e->ppost_at, ((size_t)nt + 1) * sizeof *pfill);
	memset(pp->last, 0, (nt + 1) * sizeof *pp->last);
	memset(pp->plast, 0, (nt + 1) * sizeof *pp->plast);
	for (uint32_t d = 0; d < e->ndocs; d++) {
		doc_entries(e, b, pp, d);
		for (size_t i = 0; i < pp->nent; i++)
			e->post[fill[pp->ent[i] >> 3]++] = d << 3 | (pp->ent[i] & 7);
		for (size_t i = 0; i < pp->npent; i++)
			e->ppost[pfill[pp->pent[i] >> 3]++] = d << 3 | (pp->pent[i] & 7);
	}
	lw_free(fill);
	lw_free(pfill);
	e->post_maxw = lw_calloc((size_t)nt + 1, sizeof *e->post_maxw);
	e->ppost_maxw = lw_calloc((size_t)nt + 1, sizeof *e->ppost_maxw);
	if (!e->post_maxw || !e->ppost_maxw)
		goto out;
	for (uint32_t t = 0; t < nt; t++) {
		for (uint32_t i = e->post_at[t]; i < e->post_at[t + 1]; i++) {
			uint32_t p = e->post[i];
			float w = lw_field_weight(POST_FIELDS(p), e->docs[POST_DOC(p)].ntitle);
			if (w > e->post_maxw[t])
				e->post_maxw[t] = w;
		}
		for (uint32_t i = e->ppost_at[t]; i < e->ppost_at[t + 1]; i++) {
			uint32_t p = e->ppost[i];
			float w = lw_field_weight(POST_FIELDS(p), e->docs[POST_DOC(p)].ntitle);
			if (w > e->ppost_maxw[t])
				e->ppost_maxw[t] = w;
		}
	}
	rc = LW_OK;
out:
	if (pp) {
		lw_free(pp->last);
		lw_free(pp->slot);
		lw_free(pp->plast);
		lw_free(pp->pslot);
		lw_free(pp->stem_flags);
	}
	lw_free(pp);
	return rc;
}

/* ---- word lists for prefixes, typos and suggestions ------------------------- */

/* A word and its id, sorted by the word (qsort has no context argument). */
typedef struct word_key {
	const char *s;
	uint32_t id;
} word_key;

static int cmp_words(const void *a, const void *b)
{
	return strcmp(((const word_key *)a)->s, ((const word_key *)b)->s);
}

static int word_lists(lw_engine *e)
{
	uint32_t n = e->words.n;
	e->word_sig = lw_calloc(n ? n : 1, sizeof *e->word_sig);
	e->label_key = lw_calloc(e->labels.n ? e->labels.n : 1, sizeof *e->label_key);
	e->label_kind = lw_calloc(e->labels.n ? e->labels.n : 1, 1);
	if (!e->word_sig || !e->label_key || !e->label_kind)
		return LW_ENOMEM;
	for (uint32_t d = 0; d < e->ndocs; d++) {
		e->label_kind[e->docs[d].provider] |= 1;
		e->label_kind[e->docs[d].domain] |= 2;
	}
	e->label_kind[0] = 0;
	for (uint32_t i = 0; i < n; i++)
		e->word_sig[i] = lw_engine_sig(lvocab_str(&e->words, i), e->words.len[i]);
	lw_buf key = LW_BUF_INIT;
	for (uint32_t i = 0; i < e->labels.n; i++) {
		lw_buf_reset(&key);
		if (lw_fold_key(lvocab_str(&e->labels, i), e->labels.len[i], &key) != LW_OK ||
		    !(e->label_key[i] = lw_strdup(lw_buf_cstr(&key)))) {
			lw_buf_free(&key);
			return LW_ENOMEM;
		}
	}
	lw_buf_free(&key);
	e->attr = lw_malloc((e->ndocs ? e->ndocs : 1) * sizeof *e->attr);
	if (!e->attr)
		return LW_ENOMEM;
	for (uint32_t d = 0; d < e->ndocs; d++) {
		const ldoc *x = &e->docs[d];
		e->attr[d] = (lattr){x->kind,   x->level, x->paths,  x->groups,
		                     x->region, 0,        x->domain, x->provider};
	}
	/* The places' documents, area by area, each list in document order. */
	e->area_at = lw_calloc(10001, sizeof *e->area_at);
	e->area_docs = lw_malloc((e->ndocs ? e->ndocs : 1) * sizeof *e->area_docs);
	if (!e->area_at || !e->area_docs)
		return LW_ENOMEM;
	for (uint32_t d = 0; d < e->ndocs; d++)
		if (e->docs[d].pc4)
			e->area_at[e->docs[d].pc4 + 1]++;
	for (int a = 0; a < 10000; a++)
		e->area_at[a + 1] += e->area_at[a];
	uint32_t *at = lw_malloc(10001 * sizeof *at);
	if (!at)
		return LW_ENOMEM;
	memcpy(at, e->area_at, 10001 * sizeof *at);
	for (uint32_t d = 0; d < e->ndocs; d++)
		if (e->docs[d].pc4)
			e->area_docs[at[e->docs[d].pc4]++] = d;
	lw_free(at);
	e->sorted = lw_malloc((n ? n : 1) * sizeof *e->sorted);
	e->by_len = lw_malloc((n ? n : 1) * sizeof *e->by_len);
	if (!e->sorted || !e->by_len)
		return LW_ENOMEM;
	word_key *keys = lw_malloc((n ? n : 1) * sizeof *keys);
	if (!keys)
		return LW_ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		keys[i] = (word_key){lvocab_str(&e->words, i), i};
	qsort(keys, n, sizeof *keys, cmp_words);
	for (uint32_t i = 0; i < n; i++)
		e->sorted[i] = keys[i].id;
	lw_free(keys);
	memset(e->by_len_at, 0, sizeof e->by_len_at);
	for (uint32_t i = 0; i < n; i++) {
		size_t c = utf8_chars(lvocab_str(&e->words, i), e->words.len[i]);
		e->by_len_at[(c > 64 ? 64 : c) + 1]++;
	}
	for (int i = 0; i < 65; i++)
		e->by_len_at[i + 1] += e->by_len_at[i];
	uint32_t fill[66];
	memcpy(fill, e->by_len_at, sizeof fill);
	for (uint32_t i = 0; i < n; i++) {
		size_t c = utf8_chars(lvocab_str(&e->words, i), e->words.len[i]);
		e->by_len[fill[c > 64 ? 64 : c]++] = i;
	}
	return LW_OK;
}

/* ---- the whole build -------------------------------------------------------- */

/* What the rank order is decided by, with the document it is for. */
typedef struct rank_key {
	float quality;
	uint8_t kind;
	const char *ref;
	uint32_t doc;
} rank_key;

/* Falling quality, then kind, then key: the same order every build. */
static int cmp_rank(const void *a, const void *b)
{
	const rank_key *x = a, *y = b;
	if (x->quality != y->quality)
		return x->quality > y->quality ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static int order_docs(builder *b, lw_err *err)
{
	lw_engine *e = b->e;
	uint32_t n = b->npre;
	uint32_t *order = lw_malloc((n ? n : 1) * sizeof *order);
	e->docs = lw_malloc((n ? n : 1) * sizeof *e->docs);
	if (!order || !e->docs) {
		lw_free(order);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	rank_key *keys = lw_malloc((n ? n : 1) * sizeof *keys);
	if (!keys) {
		lw_free(order);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	for (uint32_t i = 0; i < n; i++) {
		const ldoc *d = &b->pre[i].d;
		keys[i] = (rank_key){d->quality, d->kind, b->pool.data + d->text, i};
	}
	qsort(keys, n, sizeof *keys, cmp_rank);
	for (uint32_t i = 0; i < n; i++)
		order[i] = keys[i].doc;
	lw_free(keys);
	e->ndocs = n;
	e->tok_at = lw_malloc(((size_t)n + 1) * sizeof *e->tok_at);
	if (!e->tok_at) {
		lw_free(order);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	int rc = LW_OK;
	for (uint32_t i = 0; i < n && rc == LW_OK; i++) {
		const pre_doc *p = &b->pre[order[i]];
		e->docs[i] = p->d;
		e->tok_at[i] = (uint32_t)b->ntoks;
		const char *pool = b->pool.data;
		const char *ref = pool + p->d.text;
		rc = tokenize(b, i, ref + strlen(ref) + 1, pool + p->keywords, pool + p->body);
		if (b->ntoks > UINT32_MAX - 4096)
			rc = LW_ENOMEM;
	}
	e->tok_at[n] = (uint32_t)b->ntoks;
	lw_free(order);
	if (rc != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return LW_OK;
}

const char *ldoc_detail(const lw_engine *e, const ldoc *d)
{
	const char *t = ldoc_title(e, d);
	return t + strlen(t) + 1;
}

const char *ldoc_date(const lw_engine *e, const ldoc *d)
{
	const char *t = ldoc_detail(e, d);
	return t + strlen(t) + 1;
}

static size_t vocab_bytes(const lvocab *v)
{
	return v->pool_cap + (size_t)v->cap * 8 + (size_t)v->nslots * 4;
}

int lw_engine_build(lw_store *s, lw_engine **out, lw_err *err)
{
	int64_t t0 = lw_now_ms();
	*out = NULL;
	builder b;
	memset(&b, 0, sizeof b);
	b.err = err;
	lw_engine *e = b.e = lw_calloc(1, sizeof *e);
	if (!e || lw_analyzer_new(&b.an) != LW_OK) {
		lw_free(e);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	uint32_t none;
	int rc = lvocab_add(&e->labels, "", 0, &none, NULL); /* label 0: none */
	if (rc != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = load_places(&b, s, err);
	if (rc == LW_OK && load_synonyms(&b) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = each_item(s, pre_row, &b, err);
	if (rc == LW_OK)
		rc = order_docs(&b, err);
	e->toks = b.toks; /* the word streams are the engine's from here */
	b.toks = NULL;
	if (rc == LW_OK && (find_compounds(e) != LW_OK || build_postings(e, &b) != LW_OK ||
	                    word_lists(e) != LW_OK))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK) {
		/* Keep only the document strings: the field texts were for indexing. */
		e->pool = b.pool.data;
		e->pool_len = b.pool.len;
		b.pool.data = NULL;
	}
	lw_analyzer_free(b.an);
	lw_buf_free(&b.pool);
	lw_buf_free(&b.fold);
	lw_buf_free(&b.lower);
	lw_buf_free(&b.stem);
	lw_free(b.toks);
	lw_free(b.pre);
	lw_free(b.word_last);
	lw_free(b.word_last_title);
	if (rc != LW_OK) {
		lw_engine_free(e);
		return rc;
	}
	e->stats.items = e->ndocs;
	e->stats.terms = e->stems.n;
	e->stats.postings = (long)(e->npost + e->nppost);
	e->stats.bytes = sizeof *e + (size_t)e->ndocs * (sizeof *e->docs + 4) + e->pool_len +
	                 e->tok_at[e->ndocs] * 4 + (e->npost + e->nppost) * 4 +
	                 ((size_t)e->stems.n * 8) + (size_t)e->words.n * 28 + e->nparts * 4 +
	                 vocab_bytes(&e->words) + vocab_bytes(&e->stems) + vocab_bytes(&e->labels);
	e->stats.build_ms = lw_now_ms() - t0;
	*out = e;
	return LW_OK;
}

void lw_engine_free(lw_engine *e)
{
	if (!e)
		return;
	lw_free(e->docs);
	lw_free(e->pool);
	lw_free(e->toks);
	lw_free(e->tok_at);
	lvocab_free(&e->words);
	lw_free(e->word_stem);
	lw_free(e->word_df);
	lw_free(e->word_tdf);
	lw_free(e->word_parts);
	lw_free(e->parts);
	lw_free(e->sorted);
	lw_free(e->by_len);
	lvocab_free(&e->stems);
	lw_free(e->post);
	lw_free(e->post_at);
	lw_free(e->ppost);
	lw_free(e->ppost_at);
	lw_free(e->post_maxw);
	lw_free(e->ppost_maxw);
	if (e->label_key)
		for (uint32_t i = 0; i < e->labels.n; i++)
			lw_free(e->label_key[i]);
	lw_free(e->label_key);
	lw_free(e->label_kind);
	lw_free(e->word_sig);
	lw_free(e->attr);
	lw_free(e->area_at);
	lw_free(e->area_docs);
	lvocab_free(&e->labels);
	lvocab_free(&e->place_keys);
	lw_free(e->places);
	for (uint32_t i = 1; i <= e->nregions; i++) {
		lw_free(e->regions[i].name);
		lw_free(e->regions[i].key);
	}
	lw_free(e);
}

void lw_engine_stats_get(const lw_engine *e, lw_engine_stats *st)
{
	*st = e->stats;
}

int lw_engine_explain(const lw_engine *e, const char *word, lw_buf *out)
{
	lw_buf f = LW_BUF_INIT;
	int rc = lw_fold_key(word, strlen(word), &f);
	uint32_t w = rc == LW_OK ? lvocab_find(&e->words, f.data ? f.data : "", f.len) : UINT32_MAX;
	lw_buf_free(&f);
	if (rc != LW_OK)
		return rc;
	if (w == UINT32_MAX)
		return LW_ENOTFOUND;
	rc = lw_buf_printf(out, "stam %s", lvocab_str(&e->stems, e->word_stem[w]));
	if (rc == LW_OK && e->word_parts[w]) {
		const uint32_t *p = e->parts + e->word_parts[w];
		rc = lw_buf_puts(out, "; delen");
		for (uint32_t k = 1; k <= p[0] && rc == LW_OK; k++)
			rc = lw_buf_printf(out, "%s%s", k > 1 ? " + " : " ",
			                   lvocab_str(&e->stems, p[k]));
	}
	return rc;
}

uint32_t lw_engine_sig(const char *w, size_t n)
{
	uint32_t sig = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		sig |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 31;
	}
	return sig;
}

double lw_engine_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
	           cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/*
 * index.c - the search index over the linked registers: one FTS5 table
 * (derived data, rebuilt from the store), searched with bm25 and weights
 * per column: title over keywords over text.
 */
#include "lw_search.h"

#include <string.h>

/* Place of a postcode, through its PC4 area. */
#define PLACE(pc) "(SELECT place FROM postcode WHERE code = substr(" pc ", 1, 4))"

static const char *const build_sql =
	"DROP TABLE IF EXISTS search_fts;"
	"CREATE VIRTUAL TABLE search_fts USING fts5(title, keywords, body, kind UNINDEXED, "
	"ref UNINDEXED, detail UNINDEXED, example UNINDEXED, tokenize = 'leerwerk');"
	"INSERT INTO search_fts SELECT q.name, q.crebo || ' ' || d.name || ' ' || "
	"coalesce(m.name, '') || ' mbo niveau ' || q.level || ' ' || q.pathways, q.kind, "
	"'kwalificatie', q.crebo, 'mbo niveau ' || q.level || ', crebo ' || q.crebo, 0 "
	"FROM qualification q JOIN mbo_dossier d ON d.crebo = q.dossier_crebo "
	"LEFT JOIN mbo_domain m ON m.crebo = d.domain_crebo;"
	"INSERT INTO search_fts SELECT label, alt_labels || ' ' || hidden_labels, "
	"coalesce(description, ''), 'beroep', uri, 'beroep (ESCO ' || code || ')', 0 "
	"FROM occupation;"
	"INSERT INTO search_fts SELECT o.title, p.name || ' ' || coalesce(" PLACE("o.postcode")
	", '') || ' ' || o.pathway || ' ' || coalesce(o.crebo, ''), '', 'opleiding', o.code, "
	"p.name || ', ' || o.pathway || coalesce(', ' || " PLACE("o.postcode") ", ''), "
	"o.is_example FROM offering o JOIN provider p ON p.code = o.provider_code;"
	"INSERT INTO search_fts SELECT 'EVC ' || coalesce(q.name, e.standard), p.name || ' ' || "
	"coalesce(e.crebo, '') || ' erkenning verworven competenties', '', 'evc', e.code, "
	"p.name || CASE WHEN e.accredited_until < date('now') THEN ', accreditatie verlopen' "
	"ELSE ', geaccrediteerd tot ' || e.accredited_until END, e.is_example "
	"FROM evc_procedure e JOIN provider p ON p.code = e.provider_code "
	"LEFT JOIN qualification q ON q.crebo = e.crebo;"
	"INSERT INTO search_fts SELECT c.name, coalesce((SELECT group_concat(q.name, ' ') "
	"FROM training_company_recognition r JOIN qualification q ON q.crebo = r.crebo "
	"WHERE r.kvk = c.kvk), '') || ' ' || coalesce(" PLACE("c.postcode") ", '') || "
	"' leerbedrijf bbl', '', 'leerbedrijf', c.kvk, 'leerbedrijf' || coalesce(', ' || "
	PLACE("c.postcode") ", '') || ', ' || c.places || ' open plaatsen', c.is_example "
	"FROM training_company c;"
	"INSERT INTO search_fts SELECT v.title, v.employer || ' ' || v.kind || ' ' || "
	"coalesce(v.level, '') || ' ' || coalesce(" PLACE("v.postcode") ", ''), '', 'vacature', "
	"v.code, v.kind || ' bij ' || v.employer || coalesce(', ' || " PLACE("v.postcode")
	", ''), v.is_example FROM vacancy v;"
	"INSERT INTO search_fts SELECT name, replace(target_groups, ';', ' ') || ' regeling', "
	"conditions || ' ' || coalesce(amount, ''), 'regeling', code, "
	"'regeling voor ' || replace(target_groups, ';', ', '), is_example FROM scheme;"
	"INSERT INTO search_fts SELECT d.name, coalesce(d.place, '') || ' leerwerkloket loket', "
	"'', 'loket', d.code, coalesce(d.phone, 'helpdesk 0800-1618'), 0 FROM desk d;";

int lw_search_build(lw_store *s, long *items, lw_err *err)
{
	int rc = lw_search_register(s, err);
	if (rc == LW_OK)
		rc = lw_store_begin(s, err);
	if (rc != LW_OK)
		return rc;
	rc = lw_store_exec(s, build_sql, err);
	int64_t n = 0;
	if (rc == LW_OK)
		rc = lw_store_int(s, "SELECT count(*) FROM search_fts", &n, err);
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc != LW_OK) {
		lw_store_rollback(s);
		return rc;
	}
	if (items)
		*items = (long)n;
	return LW_OK;
}

int lw_search_ready(lw_store *s)
{
	int64_t n = 0;
	lw_store_int(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_fts'", &n, NULL);
	return n > 0;
}

int lw_search_invalidate(lw_store *s, lw_err *err)
{
	if (!lw_search_ready(s))
		return LW_OK;
	int rc = lw_search_register(s, err);
	return rc == LW_OK ? lw_store_exec(s, "DROP TABLE IF EXISTS search_fts", err) : rc;
}

void lw_results_free(lw_results *r)
{
	lw_query_free(&r->query);
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

/* ?2: the kind to keep, or NULL for all. */
static void bind_kind(sqlite3_stmt *st, const char *kind)
{
	if (kind && *kind)
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
}

static const char *col(lw_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return lw_arena_strdup(a, t ? (const char *)t : "");
}

int lw_search_run(lw_store *s, const char *text, const char *kind, size_t limit,
		  lw_results *r, lw_err *err)
{
	memset(r, 0, sizeof *r);
	if (lw_query_parse(text, &r->query) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	lw_buf m = LW_BUF_INIT;
	if (lw_query_fts5(&r->query, &m) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (!m.len) {
		lw_buf_free(&m);
		return LW_OK; /* nothing to look for */
	}
	int rc = lw_search_register(s, err);
	/*
	 * Two statements, the count and the best hits: one query with
	 * count(*) OVER () would save a pass, but FTS5 refuses bm25() in a
	 * query with a window function.
	 */
	const char *where = "search_fts MATCH ?1 AND (?2 IS NULL OR kind = ?2)";
	lw_buf sql = LW_BUF_INIT;
	sqlite3_stmt *st = NULL;
	if (rc == LW_OK) {
		lw_buf_printf(&sql, "SELECT count(*) FROM search_fts WHERE %s", where);
		rc = lw_store_prepare(s, &st, lw_buf_cstr(&sql), err);
	}
	if (rc == LW_OK) {
		sqlite3_bind_text(st, 1, m.data, (int)m.len, SQLITE_STATIC);
		bind_kind(st, kind);
		if (sqlite3_step(st) == SQLITE_ROW)
			r->total = sqlite3_column_int64(st, 0);
		else
			rc = lw_store_fail(s, err, "zoeken mislukt");
		sqlite3_finalize(st);
		st = NULL;
	}
	if (rc == LW_OK) {
		lw_buf_reset(&sql);
		lw_buf_printf(&sql,
			      "SELECT kind, ref, title, detail, example, bm25(search_fts, 10.0, 3.0, "
			      "1.0) AS score FROM search_fts WHERE %s ORDER BY score, kind, ref "
			      "LIMIT ?3",
			      where);
		rc = lw_store_prepare(s, &st, lw_buf_cstr(&sql), err);
	}
	if (rc == LW_OK) {
		sqlite3_bind_text(st, 1, m.data, (int)m.len, SQLITE_STATIC);
		bind_kind(st, kind);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
		size_t cap = 0;
		int step;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			lw_hit *h = lw_arena_grow(&r->arena, r->hits, &r->n, &cap, sizeof *h);
			if (!h) {
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
				break;
			}
			r->hits = h;
			h = &h[r->n - 1];
			h->kind = col(&r->arena, st, 0);
			h->ref = col(&r->arena, st, 1);
			h->title = col(&r->arena, st, 2);
			h->detail = col(&r->arena, st, 3);
			h->example = sqlite3_column_int(st, 4);
			h->score = sqlite3_column_double(st, 5);
		}
		if (rc == LW_OK && step != SQLITE_DONE)
			rc = lw_store_fail(s, err, "zoeken mislukt");
		sqlite3_finalize(st);
	}
	lw_buf_free(&sql);
	lw_buf_free(&m);
	return rc;
}

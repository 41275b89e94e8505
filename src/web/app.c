/*
 * app.c - the portal's state and its front door: opening the store, the
 * engine and the assets, the searcher pool, and the dispatch of a request
 * to the API, the pages, the static files or the operational addresses.
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lw_portal_open(const lw_portal_config *cfg, lw_portal **out, lw_err *err)
{
	*out = NULL;
	lw_portal *p = calloc(1, sizeof *p);
	if (!p)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	p->cfg = *cfg;
	pthread_mutex_init(&p->store_lock, NULL);
	pthread_mutex_init(&p->wstore_lock, NULL);
	pthread_mutex_init(&p->pool_lock, NULL);
	pthread_mutex_init(&p->reports_lock, NULL);
	int rc = lw_store_open(&p->wstore, cfg->db_path, 0, err);
	if (rc == LW_OK)
		rc = lw_store_open(&p->store, cfg->db_path, LW_STORE_READONLY, err);
	if (rc == LW_OK)
		rc = lw_portal_monitor_open(p, err);
	if (rc == LW_OK)
		rc = lw_programme_default(&p->programme, err);
	if (rc == LW_OK)
		rc = lw_assets_load(cfg->static_dir, &p->assets, err);
	if (rc == LW_OK)
		rc = lw_engine_build(p->store, &p->engine, err);
	if (rc == LW_OK) {
		lw_engine_stats st;
		lw_engine_stats_get(p->engine, &st);
		p->items = st.items;
		p->cap = cfg->threads ? cfg->threads : 1;
		p->pool = calloc(p->cap, sizeof *p->pool);
		p->metrics = lw_metrics_new();
		p->guard = lw_guard_new(cfg->questions_per_hour);
		if (!p->pool || !p->metrics || !p->guard)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	for (size_t i = 0; rc == LW_OK && i < p->cap; i++) {
		if (lw_searcher_new(p->engine, &p->pool[i]) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		else
			p->npool++;
	}
	if (rc != LW_OK) {
		lw_portal_close(p);
		return rc;
	}
	*out = p;
	return LW_OK;
}

void lw_portal_close(lw_portal *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->npool; i++)
		lw_searcher_free(p->pool[i]);
	free(p->pool);
	lw_engine_free(p->engine);
	lw_store_close(p->store);
	lw_store_close(p->wstore);
	lw_assets_free(p->assets);
	lw_metrics_free(p->metrics);
	lw_guard_free(p->guard);
	lw_portal_monitor_close(p);
	lw_portal_reports_free(p);
	lw_programme_free(p->programme);
	pthread_mutex_destroy(&p->reports_lock);
	pthread_mutex_destroy(&p->pool_lock);
	pthread_mutex_destroy(&p->store_lock);
	pthread_mutex_destroy(&p->wstore_lock);
	free(p);
}

long lw_portal_items(const lw_portal *p)
{
	return p->items;
}

/* ---- the store, under its locks -------------------------------------------------------- */

int lw_portal_item(lw_portal *p, const char *kind, const char *ref, lw_item *out, lw_err *err)
{
	pthread_mutex_lock(&p->store_lock);
	int rc = lw_item_get(p->store, kind, ref, out, err);
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

int lw_portal_routes(lw_portal *p, const char *crebo, const char *near, double km,
                     lw_routes_result *out, lw_err *err)
{
	pthread_mutex_lock(&p->store_lock);
	int rc = lw_routes(p->store, crebo, near, km, out, err);
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

int lw_portal_where(lw_portal *p, const char *query, lw_where *out, lw_err *err)
{
	pthread_mutex_lock(&p->store_lock);
	int rc = lw_geo_where(p->store, query, out, err);
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

int lw_portal_regions(lw_portal *p, lw_region_list *out, lw_err *err)
{
	pthread_mutex_lock(&p->store_lock);
	int rc = lw_geo_regions(p->store, out, err);
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

int lw_portal_register(lw_portal *p, const lw_trajectory_in *in, lw_registration *out,
                       lw_monitor_problems *pr, lw_err *err)
{
	pthread_mutex_lock(&p->wstore_lock);
	int rc = lw_monitor_register(p->wstore, p->monitor_key, in, out, pr, err);
	pthread_mutex_unlock(&p->wstore_lock);
	return rc;
}

int lw_portal_question_submit(lw_portal *p, const lw_question_in *in, const char *channel,
                              lw_question_receipt *out, lw_question_errors *errs, lw_err *err)
{
	memset(out, 0, sizeof *out);
	memset(errs, 0, sizeof *errs);
	pthread_mutex_lock(&p->wstore_lock);
	int rc = lw_question_submit(p->wstore, in, channel, out, errs, err);
	pthread_mutex_unlock(&p->wstore_lock);
	return rc;
}

int lw_portal_question_find(lw_portal *p, const char *reference, lw_question_receipt *out,
                            lw_err *err)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&p->store_lock);
	int rc = lw_question_find(p->store, reference, out, err);
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

/* ---- searchers -------------------------------------------------------------------------- */

lw_searcher *lw_portal_searcher(lw_portal *p)
{
	lw_searcher *sr = NULL;
	pthread_mutex_lock(&p->pool_lock);
	if (p->npool)
		sr = p->pool[--p->npool];
	pthread_mutex_unlock(&p->pool_lock);
	if (!sr && lw_searcher_new(p->engine, &sr) != LW_OK)
		return NULL;
	return sr;
}

void lw_portal_searcher_put(lw_portal *p, lw_searcher *sr)
{
	pthread_mutex_lock(&p->pool_lock);
	if (p->npool < p->cap) {
		p->pool[p->npool++] = sr;
		sr = NULL;
	}
	pthread_mutex_unlock(&p->pool_lock);
	if (sr)
		lw_searcher_free(sr);
}

void lw_web_oom(lw_http_response *res)
{
	lw_http_problem(res, 500, "Interne fout", "Onvoldoende geheugen.");
}

void lw_web_send_html(lw_http_response *res, int status, lw_html *h)
{
	if (lw_html_failed(h) || lw_http_set_body(res, status, "text/html; charset=utf-8",
	                                          h->b.data ? h->b.data : "", h->b.len) != LW_OK)
		lw_web_oom(res);
	lw_html_free(h);
}

/* ---- operations ----------------------------------------------------------------------- */

static long question_count(lw_portal *p)
{
	int64_t n = -1;
	lw_err err;
	pthread_mutex_lock(&p->wstore_lock);
	if (lw_store_int(p->wstore, "SELECT count(*) FROM question", &n, &err) != LW_OK)
		n = -1;
	pthread_mutex_unlock(&p->wstore_lock);
	return (long)n;
}

static void get_metrics(lw_portal *p, lw_http_response *res)
{
	lw_buf b = LW_BUF_INIT;
	if (lw_metrics_render(p->metrics, p->items, question_count(p), &b) != LW_OK ||
	    lw_http_set_body(res, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len) !=
	        LW_OK)
		lw_web_oom(res);
	lw_buf_free(&b);
}

static int is_read(const lw_http_request *req)
{
	return !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
}

void lw_portal_handle(void *ud, const lw_http_request *req, lw_http_response *res)
{
	lw_portal *p = ud;
	const char *path = req->path;
	if (!strncmp(path, "/static/", 8)) {
		res->route = "/static";
		if (!is_read(req)) {
			lw_http_problem(res, 405, "Methode niet toegestaan", "Alleen GET en HEAD.");
			lw_http_add_header(res, "Allow", "GET, HEAD");
		} else if (!lw_assets_serve(p->assets, path, res))
			lw_http_problem(res, 404, "Niet gevonden",
			                "Dit bestand bestaat niet (meer).");
		return;
	}
	if (!strcmp(path, "/healthz") || !strcmp(path, "/metrics")) {
		res->route = path[1] == 'h' ? "/healthz" : "/metrics";
		if (!is_read(req)) {
			lw_http_problem(res, 405, "Methode niet toegestaan", "Alleen GET en HEAD.");
			lw_http_add_header(res, "Allow", "GET, HEAD");
		} else if (path[1] == 'h') {
			char body[64];
			int n = snprintf(body, sizeof body, "{\"status\":\"ok\",\"items\":%ld}",
			                 p->items);
			if (lw_http_set_body(res, 200, "application/json", body, (size_t)n) !=
			    LW_OK)
				lw_web_oom(res);
		} else {
			get_metrics(p, res);
		}
		lw_http_add_header(res, "Cache-Control", "no-store");
		lw_http_add_header(res, "Access-Control-Allow-Origin", "*");
		return;
	}
	if (!strncmp(path, "/api/", 5)) {
		if (!lw_api_handle(p, req, res)) {
			res->route = "/api/other";
			lw_http_problem(res, 404, "Niet gevonden", "Dit adres bestaat niet.");
			lw_http_add_header(res, "Access-Control-Allow-Origin", "*");
		}
		return;
	}
	if (!lw_pages_handle(p, req, res)) {
		res->route = "/other";
		lw_page_error(p, req, res, 404, "Pagina niet gevonden",
		              "Deze pagina bestaat niet. Misschien is het adres verkeerd "
		              "overgenomen, of is de pagina verhuisd.");
	}
}

void lw_portal_observe(void *ud, const char *route, int status, int64_t us)
{
	lw_portal *p = ud;
	lw_metrics_observe(p->metrics, route, status, us);
}

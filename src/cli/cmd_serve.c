/*
 * cmd_serve.c - `leerwerk serve [--listen ADRES:POORT] [--threads N]`: the
 * JSON API over HTTP (src/web/http.h). The store is opened read-only and
 * the search engine built once; the engine is shared by every thread, each
 * request borrows an lw_searcher from a small pool (a searcher is not
 * thread-safe), and lw_routes runs on the one store connection under a
 * mutex. SIGTERM or SIGINT stops it: requests in flight finish, exit 0.
 * docs/internals/web.md describes the endpoints.
 */
#include "cli.h"
#include "http.h"
#include "lw_links.h"
#include "lw_search.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define SERVE_LISTEN_DEFAULT "127.0.0.1:8080"
#define SERVE_THREADS_DEFAULT 4
#define SERVE_GRACE_MS 10000

typedef struct server {
	lw_store *store;
	pthread_mutex_t store_lock; /* lw_routes on the one connection */
	lw_engine *engine;
	long items;
	pthread_mutex_t pool_lock;
	lw_searcher **pool; /* idle searchers */
	size_t npool, cap;
} server;

/* ---- the searcher pool ------------------------------------------------------ */

static lw_searcher *searcher_get(server *sv)
{
	lw_searcher *sr = NULL;
	pthread_mutex_lock(&sv->pool_lock);
	if (sv->npool)
		sr = sv->pool[--sv->npool];
	pthread_mutex_unlock(&sv->pool_lock);
	if (!sr && lw_searcher_new(sv->engine, &sr) != LW_OK)
		return NULL;
	return sr;
}

static void searcher_put(server *sv, lw_searcher *sr)
{
	pthread_mutex_lock(&sv->pool_lock);
	if (sv->npool < sv->cap) {
		sv->pool[sv->npool++] = sr;
		sr = NULL;
	}
	pthread_mutex_unlock(&sv->pool_lock);
	if (sr)
		lw_searcher_free(sr);
}

/* ---- answers ----------------------------------------------------------------- */

static void oom(lw_http_response *res)
{
	lw_http_problem(res, 500, "Interne fout", "Onvoldoende geheugen.");
}

/* Sends j (released here) as the 200 answer. */
static void send_json(lw_http_response *res, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(j);
	if (!s) {
		oom(res);
		return;
	}
	if (lw_http_set_body(res, 200, "application/json", s, strlen(s)) != LW_OK)
		oom(res);
	free(s);
}

static void bad_param(lw_http_response *res, const char *name, const char *why)
{
	lw_buf b = LW_BUF_INIT;
	if (lw_buf_printf(&b, "Parameter '%s': %s.", name, why) != LW_OK)
		oom(res);
	else
		lw_http_problem(res, 400, "Ongeldige parameter", b.data);
	lw_buf_free(&b);
}

/*
 * Query parameter name as a number from min to max (whole when whole) in
 * *out, def when absent or empty. 0, or -1 after a 400 answer.
 */
static int param_num(const lw_http_request *req, lw_http_response *res, const char *name,
                     double min, double max, int whole, double def, double *out)
{
	const char *s = lw_http_query(req, name);
	*out = def;
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max) || (whole && v != (long)v)) {
		lw_buf b = LW_BUF_INIT;
		if (lw_buf_printf(&b, "'%s' is geen %s van %g tot en met %g", s,
		                  whole ? "geheel getal" : "getal", min, max) != LW_OK)
			oom(res);
		else
			bad_param(res, name, b.data);
		lw_buf_free(&b);
		return -1;
	}
	*out = v;
	return 0;
}

/* ---- endpoints ------------------------------------------------------------------ */

static void get_healthz(server *sv, lw_http_response *res)
{
	send_json(res, json_pack("{s:s, s:I}", "status", "ok", "items", (json_int_t)sv->items));
}

static void get_search(server *sv, const lw_http_request *req, lw_http_response *res)
{
	const char *q = lw_http_query(req, "q");
	const char *kind = lw_http_query(req, "kind");
	const char *near = lw_http_query(req, "near");
	const char *sort = lw_http_query(req, "sort");
	const char *facets = lw_http_query(req, "facets");
	if (!q)
		q = "";
	if (kind && !*kind)
		kind = NULL;
	if (near && !*near)
		near = NULL;
	lw_search_opts o = {0};
	if (kind) {
		if (!lw_search_kind_known(kind)) {
			bad_param(res, "kind",
			          "geen soort; kies uit kwalificatie, beroep, opleiding, evc, "
			          "leerbedrijf, vacature, regeling of loket");
			return;
		}
		o.kind = kind;
	}
	double limit, offset, km;
	if (param_num(req, res, "limit", 1, 1000, 1, 10, &limit) ||
	    param_num(req, res, "offset", 0, 999, 1, 0, &offset) ||
	    param_num(req, res, "km", 0.1, 500, 0, 0, &km))
		return;
	if (km && !near) {
		bad_param(res, "km", "hoort bij 'near' (een postcode of plaats)");
		return;
	}
	if (!sort || !*sort || !strcmp(sort, "relevantie"))
		o.sort = LW_SORT_RELEVANCE;
	else if (!strcmp(sort, "afstand"))
		o.sort = LW_SORT_DISTANCE;
	else if (!strcmp(sort, "datum"))
		o.sort = LW_SORT_DATE;
	else {
		bad_param(res, "sort", "kies relevantie, afstand of datum");
		return;
	}
	if (o.sort == LW_SORT_DISTANCE && !near) {
		bad_param(res, "sort", "afstand hoort bij 'near' (een postcode of plaats)");
		return;
	}
	if (facets && *facets && strcmp(facets, "0") != 0 && strcmp(facets, "1") != 0) {
		bad_param(res, "facets", "kies 0 of 1");
		return;
	}
	if (!*q && !near && !kind) {
		bad_param(res, "q", "ontbreekt (geef een zoekvraag, 'near' of 'kind')");
		return;
	}
	o.limit = (size_t)limit;
	o.offset = (size_t)offset;
	o.near = near;
	o.km = km;
	o.facets = facets && !strcmp(facets, "1");

	lw_searcher *sr = searcher_get(sv);
	if (!sr) {
		oom(res);
		return;
	}
	lw_results r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_searcher_run(sr, q, &o, &r, &err);
	if (rc == LW_OK)
		send_json(res, lw_cli_search_json(q, &r, o.facets));
	else
		oom(res);
	lw_results_free(&r);
	searcher_put(sv, sr);
}

static void get_suggest(server *sv, const lw_http_request *req, lw_http_response *res)
{
	const char *q = lw_http_query(req, "q");
	if (!q || !*q) {
		bad_param(res, "q", "ontbreekt (het begin van een zoekvraag)");
		return;
	}
	lw_searcher *sr = searcher_get(sv);
	if (!sr) {
		oom(res);
		return;
	}
	lw_suggestions s;
	if (lw_searcher_suggest(sr, q, 8, &s) == LW_OK) {
		json_t *a = json_array();
		for (size_t i = 0; i < s.n; i++)
			json_array_append_new(a, json_string(s.items[i]));
		send_json(res, json_pack("{s:s, s:o}", "begin", q, "suggesties", a));
	} else {
		oom(res);
	}
	lw_suggestions_free(&s);
	searcher_put(sv, sr);
}

static void get_routes(server *sv, const char *crebo, const lw_http_request *req,
                       lw_http_response *res)
{
	const char *near = lw_http_query(req, "near");
	if (near && !*near)
		near = NULL;
	double km;
	if (param_num(req, res, "km", 0.1, LW_ROUTES_KM_MAX, 0, LW_ROUTES_KM_DEFAULT, &km))
		return;
	if (lw_http_query(req, "km") && *lw_http_query(req, "km") && !near) {
		bad_param(res, "km", "hoort bij 'near' (een postcode of plaats)");
		return;
	}
	lw_routes_result r;
	lw_err err;
	lw_err_clear(&err);
	pthread_mutex_lock(&sv->store_lock);
	int rc = lw_routes(sv->store, crebo, near, km, &r, &err);
	pthread_mutex_unlock(&sv->store_lock);
	if (rc == LW_OK)
		send_json(res, lw_cli_routes_json(&r));
	else if (rc == LW_ENOTFOUND)
		lw_http_problem(res, 404, "Niet gevonden", err.msg);
	else if (rc == LW_EINPUT || rc == LW_EAMBIGUOUS)
		lw_http_problem(res, 400, "Ongeldige vraag", err.msg);
	else
		lw_http_problem(res, 500, "Interne fout", "De database gaf een fout.");
	lw_routes_free(&r);
}

#define ROUTES_PREFIX "/api/v1/routes/"

static void handle(void *ud, const lw_http_request *req, lw_http_response *res)
{
	server *sv = ud;
	const char *p = req->path;
	int healthz = !strcmp(p, "/healthz"), search = !strcmp(p, "/api/v1/search"),
	    suggest = !strcmp(p, "/api/v1/suggest");
	const char *crebo = !strncmp(p, ROUTES_PREFIX, strlen(ROUTES_PREFIX)) &&
	                            p[strlen(ROUTES_PREFIX)] &&
	                            !strchr(p + strlen(ROUTES_PREFIX), '/')
	                        ? p + strlen(ROUTES_PREFIX)
	                        : NULL;
	if (!healthz && !search && !suggest && !crebo) {
		lw_http_problem(res, 404, "Niet gevonden", "Dit adres bestaat niet.");
		return;
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		lw_http_problem(res, 405, "Methode niet toegestaan",
		                "Dit adres kan alleen gelezen worden (GET of HEAD).");
		lw_http_add_header(res, "Allow", "GET, HEAD");
		return;
	}
	/* Every endpoint reads public data: any page may ask for it. */
	lw_http_add_header(res, "Access-Control-Allow-Origin", "*");
	if (healthz)
		get_healthz(sv, res);
	else if (search)
		get_search(sv, req, res);
	else if (suggest)
		get_suggest(sv, req, res);
	else
		get_routes(sv, crebo, req, res);
}

/* ---- the command --------------------------------------------------------------- */

static void server_close(server *sv)
{
	for (size_t i = 0; i < sv->npool; i++)
		lw_searcher_free(sv->pool[i]);
	free(sv->pool);
	if (sv->engine)
		lw_engine_free(sv->engine);
	if (sv->store)
		lw_store_close(sv->store);
	pthread_mutex_destroy(&sv->pool_lock);
	pthread_mutex_destroy(&sv->store_lock);
}

int lw_cmd_serve(lw_cli *c, int argc, char **argv)
{
	const char *listen = NULL, *threads_s = NULL;
	const lw_opt opts[] = {
	    {"--listen", &listen, NULL},
	    {"--threads", &threads_s, NULL},
	    {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("gebruik: leerwerk serve [--listen ADRES:POORT] [--threads N]");
		return LW_EXIT_INPUT;
	}
	if (!listen) {
		const char *env = getenv("LEERWERK_LISTEN");
		listen = env && *env ? env : SERVE_LISTEN_DEFAULT;
	}
	long threads;
	if ((ex = lw_cli_env_long("LEERWERK_THREADS", 1, 256, SERVE_THREADS_DEFAULT, &threads)) !=
	    LW_EXIT_OK)
		return ex;
	if (threads_s) {
		char *end;
		errno = 0;
		threads = strtol(threads_s, &end, 10);
		if (errno || end == threads_s || *end || threads < 1 || threads > 256) {
			lw_cli_error("--threads '%s' is geen geheel getal van 1 tot en met 256",
			             threads_s);
			return LW_EXIT_INPUT;
		}
	}

	lw_err err;
	lw_err_clear(&err);
	if (lw_http_check_listen(listen, &err) != LW_OK) {
		lw_cli_error("%s", err.msg);
		return LW_EXIT_INPUT;
	}

	server sv = {0};
	pthread_mutex_init(&sv.pool_lock, NULL);
	pthread_mutex_init(&sv.store_lock, NULL);
	if ((ex = lw_cli_open(c, LW_STORE_READONLY, &sv.store)) != LW_EXIT_OK) {
		server_close(&sv);
		return ex;
	}
	int rc = lw_engine_build(sv.store, &sv.engine, &err);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		sv.engine = NULL;
		server_close(&sv);
		return lw_cli_exit(rc);
	}
	lw_engine_stats st;
	lw_engine_stats_get(sv.engine, &st);
	sv.items = st.items;
	sv.cap = (size_t)threads;
	sv.pool = calloc(sv.cap, sizeof *sv.pool);
	for (size_t i = 0; sv.pool && i < sv.cap; i++)
		if (lw_searcher_new(sv.engine, &sv.pool[sv.npool]) == LW_OK)
			sv.npool++;
	if (!sv.pool || sv.npool < sv.cap) {
		lw_cli_error("onvoldoende geheugen");
		server_close(&sv);
		return LW_EXIT_FAIL;
	}

	/* The server's threads inherit this mask; only sigwait below takes the signals. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	lw_http_config cfg = {.listen = listen, .threads = (unsigned)threads, .log = 1};
	lw_http_server *srv;
	if ((rc = lw_http_start(&cfg, handle, &sv, &srv, &err)) != LW_OK) {
		lw_cli_error("%s", err.msg);
		server_close(&sv);
		return rc == LW_EUSAGE ? LW_EXIT_INPUT : LW_EXIT_FAIL;
	}
	const char *colon = strrchr(listen, ':');
	fprintf(stderr, "leerwerk: luistert op http://%.*s:%u (%ld items, %ld threads)\n",
	        (int)(colon - listen), listen, lw_http_port(srv), sv.items, threads);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "leerwerk: gestopt (%s); lopende verzoeken worden afgemaakt\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	lw_http_stop(srv, SERVE_GRACE_MS);
	server_close(&sv);
	return LW_EXIT_OK;
}

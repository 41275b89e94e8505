/*
 * portal.h - the portal (HTML pages) and the JSON API on top of the HTTP
 * adapter: what `leerwerk serve` runs. Internal to the web room; the
 * command line sees only lw_portal_open/handle/close.
 *
 * Threads: lw_portal_handle runs on several server threads at once. The
 * search engine is immutable and shared; each request borrows a searcher
 * from a pool. Reads of the store (details, routes, desks) go through one
 * read-only connection under a mutex, questions through one read-write
 * connection under another.
 */
#ifndef LW_PORTAL_H
#define LW_PORTAL_H

#include "html.h"
#include "http.h"
#include "lw_contact.h"
#include "lw_geo.h"
#include "lw_links.h"
#include "lw_monitor.h"
#include "lw_report.h"
#include "lw_search.h"

#include <pthread.h>

typedef struct lw_portal_config {
	const char *db_path;
	const char *static_dir;      /* the built assets (utrecht.css, leerwerk.css, ...) */
	const char *helpdesk_phone;  /* "0800-1618" */
	const char *helpdesk_hours;  /* "maandag tot en met vrijdag van 9.00 tot 17.00 uur" */
	unsigned questions_per_hour; /* per client address */
	unsigned threads;            /* searchers kept in the pool */
} lw_portal_config;

typedef struct lw_portal lw_portal;
typedef struct lw_portal_report lw_portal_report;

/* Opens the store and the assets and builds the engine. err says what failed. */
int lw_portal_open(const lw_portal_config *cfg, lw_portal **out, lw_err *err);
void lw_portal_close(lw_portal *p);
long lw_portal_items(const lw_portal *p);
/* The lw_http_handler and lw_http_observer of the server (ud is the portal). */
void lw_portal_handle(void *ud, const lw_http_request *req, lw_http_response *res);
void lw_portal_observe(void *ud, const char *route, int status, int64_t us);

/* ---- inside the web room ---------------------------------------------------------------- */

/* Static files, each served under a name with its content hash (assets.c). */
typedef struct lw_assets lw_assets;
int lw_assets_load(const char *dir, lw_assets **out, lw_err *err);
void lw_assets_free(lw_assets *a);
/* "/static/leerwerk.1a2b3c4d5e6f.css" for "leerwerk.css", or NULL when there is none. */
const char *lw_assets_url(const lw_assets *a, const char *name);
/* The content of the asset called name; 0 when there is none. */
int lw_assets_get(const lw_assets *a, const char *name, const char **data, size_t *len);
/* Answers GET /static/NAME.HASH.EXT; 0 when path is no asset (then res is untouched). */
int lw_assets_serve(const lw_assets *a, const char *path, lw_http_response *res);

/* Prometheus metrics (metrics.c): fixed routes, counted lock-free. */
typedef struct lw_metrics lw_metrics;
lw_metrics *lw_metrics_new(void);
void lw_metrics_free(lw_metrics *m);
void lw_metrics_observe(lw_metrics *m, const char *route, int status, int64_t us);
int lw_metrics_render(const lw_metrics *m, long items, long questions, lw_buf *out);
/* Counts a monitor report built (not taken from the kept ones). */
void lw_metrics_report_built(lw_metrics *m);

/* CSRF tokens and the rate limit of questions (guard.c). */
typedef struct lw_guard lw_guard;
lw_guard *lw_guard_new(unsigned per_hour);
void lw_guard_free(lw_guard *g);
/* A fresh random cookie value (32 hex digits) into out[33]. */
void lw_guard_cookie(char out[33]);
/* The form token that belongs to a cookie value, into out[65]. */
void lw_guard_token(const lw_guard *g, const char *cookie, char out[65]);
/* 1 when token belongs to cookie (constant time). */
int lw_guard_check(const lw_guard *g, const char *cookie, const char *token);
/* 1 when the client may submit another question now (and counts it). */
int lw_guard_allow(lw_guard *g, const char *client);

struct lw_portal {
	lw_portal_config cfg;
	lw_store *store; /* read-only */
	pthread_mutex_t store_lock;
	lw_store *wstore; /* questions */
	pthread_mutex_t wstore_lock;
	lw_engine *engine;
	long items;
	pthread_mutex_t pool_lock;
	lw_searcher **pool;
	size_t npool, cap;
	lw_assets *assets;
	lw_metrics *metrics;
	lw_guard *guard;
	/*
	 * POST /api/v1/trajectories: the pseudonymisation key and the bearer
	 * token its callers need (LEERWERK_PSEUDONIEM_SLEUTEL[_BESTAND],
	 * LEERWERK_MONITOR_TOKEN); NULL when not set, then it answers 503.
	 */
	lw_monitor_key *monitor_key;
	char *monitor_token;
	/* The programme /monitor reports on: the compiled-in default, loaded once. */
	lw_programme *programme;
	/* The monitor's reports built for /monitor, shared (reports.c). */
	pthread_mutex_t reports_lock;
	lw_portal_report *reports[16];
	unsigned long reports_clock;
};

/*
 * The store, each call under its connection's lock (app.c): the only code
 * that touches p->store and p->wstore. Same contracts as the functions
 * they wrap; every out is zeroed first, so it may be freed in every case.
 */
int lw_portal_item(lw_portal *p, const char *kind, const char *ref, lw_item *out, lw_err *err);
int lw_portal_routes(lw_portal *p, const char *crebo, const char *near, double km,
                     lw_routes_result *out, lw_err *err);
int lw_portal_where(lw_portal *p, const char *query, lw_where *out, lw_err *err);
int lw_portal_regions(lw_portal *p, lw_region_list *out, lw_err *err);
int lw_portal_question_submit(lw_portal *p, const lw_question_in *in, const char *channel,
                              lw_question_receipt *out, lw_question_errors *errs, lw_err *err);
int lw_portal_question_find(lw_portal *p, const char *reference, lw_question_receipt *out,
                            lw_err *err);
/* lw_monitor_register with the portal's key, on the writing connection. */
int lw_portal_register(lw_portal *p, const lw_trajectory_in *in, lw_registration *out,
                       lw_monitor_problems *pr, lw_err *err);

/*
 * The monitor's report as of a day, of the whole programme (covenant NULL
 * or "") or of one covenant, for /monitor (reports.c). A report is built
 * once per day, covenant and state of the store (PRAGMA data_version of
 * the read connection: any commit by another connection, in this process
 * or another, is a new state), kept for the next requests, and shared by
 * those that render it at the same time: read only, until _put. Building
 * holds the read connection's lock (a quarter to half a second at ten million
 * trajectories), a kept report does not. LW_ENOTFOUND for an unknown
 * covenant.
 */
struct lw_portal_report {
	lw_report report; /* the tables, pointing into model */
	lw_progress model; /* of p->programme */
	/* The cache's. */
	char covenant[72]; /* "" for the whole programme */
	char as_of[11];
	int64_t version;
	unsigned long used; /* reports_clock of the last request */
	int refs;           /* requests rendering it */
	int kept;           /* still in p->reports */
};
int lw_portal_report_get(lw_portal *p, const char *as_of, const char *covenant,
                         lw_portal_report **out, lw_err *err);
void lw_portal_report_put(lw_portal *p, lw_portal_report *r);
/* Frees every kept report (none may be in use). */
void lw_portal_reports_free(lw_portal *p);

lw_searcher *lw_portal_searcher(lw_portal *p);
void lw_portal_searcher_put(lw_portal *p, lw_searcher *sr);

/* Answers. */
void lw_web_oom(lw_http_response *res);
/* Sends h as the text/html answer with status; frees h. */
void lw_web_send_html(lw_http_response *res, int status, lw_html *h);

/*
 * The search options of a request's query (q, kind, near, km, sort, facets,
 * limit, offset), shared by the API and the results page: 0, or -1 with
 * why set to a Dutch sentence naming the parameter.
 */
int lw_web_search_opts(const lw_http_request *req, lw_search_opts *o, const char **q, lw_buf *why);

/*
 * The key and token of POST /api/v1/trajectories from the environment
 * (api.c). Neither set: LW_OK, the address is off. A key that is set but
 * cannot be read, or a token shorter than 32 characters, fails the start.
 */
int lw_portal_monitor_open(lw_portal *p, lw_err *err);
void lw_portal_monitor_close(lw_portal *p);

/* The JSON API (api.c): 1 when path is one of its addresses (then it answered). */
int lw_api_handle(lw_portal *p, const lw_http_request *req, lw_http_response *res);

/* The pages (pages.c, page_*.c): 1 when path is one of them (then it answered). */
int lw_pages_handle(lw_portal *p, const lw_http_request *req, lw_http_response *res);

/* ---- the page frame (pages.c), for page_*.c ---------------------------------------------- */

typedef struct lw_page {
	lw_portal *p;
	const lw_http_request *req;
	lw_html h;
	const char *title; /* of the page, without " - Leren & Werken" */
} lw_page;

void lw_page_begin(lw_page *pg, const char *title);
void lw_page_end(lw_page *pg);
/* Sends the page with status (frees it). */
void lw_page_send(lw_page *pg, lw_http_response *res, int status);
/* A whole page saying what went wrong, with a way on. */
void lw_page_error(lw_portal *p, const lw_http_request *req, lw_http_response *res, int status,
                   const char *title, const char *text);
/* The path of an item's page: "/kwalificatie/25180". */
void lw_page_item_href(lw_html *h, const char *kind, const char *ref);
/* The Dutch name of a kind, singular or plural ("kwalificatie", "kwalificaties"). */
const char *lw_kind_label(const char *kind, int plural);

void lw_page_search(lw_portal *p, const lw_http_request *req, lw_http_response *res);
void lw_page_item(lw_portal *p, const char *kind, const char *ref, const lw_http_request *req,
                  lw_http_response *res);
void lw_page_desk_find(lw_portal *p, const lw_http_request *req, lw_http_response *res);
void lw_page_desks(lw_portal *p, const lw_http_request *req, lw_http_response *res);
void lw_page_question(lw_portal *p, const lw_http_request *req, lw_http_response *res);
void lw_page_question_done(lw_portal *p, const lw_http_request *req, lw_http_response *res);
/* /monitor[?convenant=CODE]: the monitor's report (page_monitor.c). */
void lw_page_monitor(lw_portal *p, const lw_http_request *req, lw_http_response *res);
/* The desk finder's small form, for the entry pages. */
void lw_page_desk_form(lw_html *h, const char *value, const char *error);

#endif

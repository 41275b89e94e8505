/*
 * metrics.c - /metrics in the Prometheus text format (version 0.0.4):
 * requests by route and status, a latency histogram per route, the items
 * in the search index, the questions received and the monitor reports
 * built. Routes are a fixed list of labels set by the handlers (never the
 * raw path, so a client cannot make the series grow); counters are
 * relaxed atomics, read without a lock.
 */
#include "portal.h"

#include <stdlib.h>
#include <string.h>

static const char *const ROUTES[] = {
    "/",
    "/voor",
    "/zoeken",
    "/item",
    "/loket",
    "/loketten",
    "/vraag",
    "/helpdesk",
    "/monitor",
    "/static",
    "/healthz",
    "/metrics",
    "/api/v1/search",
    "/api/v1/suggest",
    "/api/v1/items",
    "/api/v1/routes",
    "/api/v1/desks",
    "/api/v1/regions",
    "/api/v1/questions",
    "/api/v1/trajectories",
    "/api/v1/openapi.json",
    "/api/other",
    "/other",
    "(server)", /* answered by the adapter itself: malformed requests */
};
#define NROUTES (sizeof ROUTES / sizeof ROUTES[0])

static const int STATUSES[] = {200, 204, 303, 304, 400, 403, 404,
                               405, 413, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof STATUSES / sizeof STATUSES[0] + 1) /* the last: any other */

/* Upper bounds of the latency buckets, in microseconds (+Inf after them). */
static const int64_t BUCKETS_US[] = {500,   1000,   2500,   5000,   10000,  25000,
                                     50000, 100000, 250000, 500000, 1000000};
#define NBUCKETS (sizeof BUCKETS_US / sizeof BUCKETS_US[0] + 1)

struct lw_metrics {
	unsigned long requests[NROUTES][NSTATUS];
	unsigned long buckets[NROUTES][NBUCKETS];
	unsigned long long sum_us[NROUTES];
	unsigned long reports_built;
};

lw_metrics *lw_metrics_new(void)
{
	return calloc(1, sizeof(lw_metrics));
}

void lw_metrics_free(lw_metrics *m)
{
	free(m);
}

static size_t route_index(const char *route)
{
	for (size_t i = 0; route && i < NROUTES - 1; i++)
		if (!strcmp(ROUTES[i], route))
			return i;
	return NROUTES - 1;
}

void lw_metrics_observe(lw_metrics *m, const char *route, int status, int64_t us)
{
	size_t r = route_index(route), s = NSTATUS - 1, b = 0;
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (STATUSES[i] == status)
			s = i;
	while (b < NBUCKETS - 1 && us > BUCKETS_US[b])
		b++;
	__atomic_fetch_add(&m->requests[r][s], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&m->buckets[r][b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&m->sum_us[r], (unsigned long long)(us < 0 ? 0 : us), __ATOMIC_RELAXED);
}

static unsigned long load(const unsigned long *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static int render_requests(const lw_metrics *m, lw_buf *out)
{
	int rc = lw_buf_puts(out, "# HELP leerwerk_http_requests_total HTTP requests answered, by "
	                          "route and status.\n"
	                          "# TYPE leerwerk_http_requests_total counter\n");
	for (size_t r = 0; rc == LW_OK && r < NROUTES; r++)
		for (size_t s = 0; rc == LW_OK && s < NSTATUS; s++) {
			unsigned long v = load(&m->requests[r][s]);
			if (!v)
				continue;
			if (s < NSTATUS - 1)
				rc = lw_buf_printf(
				    out,
				    "leerwerk_http_requests_total{route=\"%s\",status=\"%d\"} "
				    "%lu\n",
				    ROUTES[r], STATUSES[s], v);
			else
				rc = lw_buf_printf(
				    out,
				    "leerwerk_http_requests_total{route=\"%s\",status=\"other\"}"
				    " %lu\n",
				    ROUTES[r], v);
		}
	return rc;
}

static int render_latency(const lw_metrics *m, lw_buf *out)
{
	int rc = lw_buf_puts(out, "# HELP leerwerk_http_request_duration_seconds Time from request "
	                          "to queued response, by route.\n"
	                          "# TYPE leerwerk_http_request_duration_seconds histogram\n");
	for (size_t r = 0; rc == LW_OK && r < NROUTES; r++) {
		unsigned long cum = 0, total = 0;
		for (size_t b = 0; b < NBUCKETS; b++)
			total += load(&m->buckets[r][b]);
		if (!total)
			continue;
		for (size_t b = 0; rc == LW_OK && b < NBUCKETS; b++) {
			cum += load(&m->buckets[r][b]);
			if (b < NBUCKETS - 1)
				rc = lw_buf_printf(
				    out,
				    "leerwerk_http_request_duration_seconds_bucket{route=\"%s\","
				    "le=\"%g\"} %lu\n",
				    ROUTES[r], (double)BUCKETS_US[b] / 1e6, cum);
			else
				rc = lw_buf_printf(
				    out,
				    "leerwerk_http_request_duration_seconds_bucket{route=\"%s\","
				    "le=\"+Inf\"} %lu\n",
				    ROUTES[r], cum);
		}
		if (rc == LW_OK)
			rc = lw_buf_printf(
			    out,
			    "leerwerk_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
			    "leerwerk_http_request_duration_seconds_count{route=\"%s\"} %lu\n",
			    ROUTES[r],
			    (double)__atomic_load_n(&m->sum_us[r], __ATOMIC_RELAXED) / 1e6,
			    ROUTES[r], cum);
	}
	return rc;
}

void lw_metrics_report_built(lw_metrics *m)
{
	__atomic_add_fetch(&m->reports_built, 1, __ATOMIC_RELAXED);
}

int lw_metrics_render(const lw_metrics *m, long items, long questions, lw_buf *out)
{
	int rc = render_requests(m, out);
	if (rc == LW_OK)
		rc = render_latency(m, out);
	if (rc == LW_OK)
		rc = lw_buf_printf(out,
		                   "# HELP leerwerk_items Items in the search index.\n"
		                   "# TYPE leerwerk_items gauge\n"
		                   "leerwerk_items %ld\n",
		                   items);
	if (rc == LW_OK && questions >= 0)
		rc = lw_buf_printf(out,
		                   "# HELP leerwerk_questions Questions stored for the desks.\n"
		                   "# TYPE leerwerk_questions gauge\n"
		                   "leerwerk_questions %ld\n",
		                   questions);
	if (rc == LW_OK)
		rc = lw_buf_printf(out,
		                   "# HELP leerwerk_monitor_reports_built_total Monitor reports built "
		                   "for /monitor (a kept one is not counted).\n"
		                   "# TYPE leerwerk_monitor_reports_built_total counter\n"
		                   "leerwerk_monitor_reports_built_total %lu\n",
		                   load(&m->reports_built));
	return rc;
}

/*
 * http_inproc.c - the in-process side of the HTTP benchmark (bench/http
 * runs it): the same query mix as the server gets, without HTTP. Two
 * modes, so that the request paths and the in-process options come from
 * one mapping and cannot drift apart:
 *
 *   lw_http_inproc urls QUERIES.tsv API.txt PAGE.txt
 *       the request paths of the mix's search queries (every class of
 *       bench/search's queries.tsv but the suggestions, which are another
 *       endpoint), percent-encoded, one a line: /api/v1/search?q=... into
 *       API.txt, /zoeken?q=... into PAGE.txt (for bench/http.lua)
 *   lw_http_inproc run DB QUERIES.tsv SECONDS THREADS OUT.txt
 *       builds the engine from the store (lw_engine_build, as the server
 *       does), one lw_searcher per thread, one untimed pass over the mix,
 *       then every thread runs the mix round and round with lw_searcher_run
 *       for SECONDS; OUT.txt holds the figures, one "key value" a line
 *
 * The options of a query are those the API derives from its path
 * (lw_web_search_opts): q; kind when the query has one; near with km=10
 * when it has a place; facets=1 for the facets class; relevance order,
 * limit 10, offset 0 (the API's defaults).
 */
#include "lw_search.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define NEAR_KM "10"
#define LIMIT 10
#define MAX_THREADS 64

/* ---- small helpers -------------------------------------------------------- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lw_http_inproc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		die("out of memory");
	return d;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPU time of the whole process (every thread), user and system, in seconds. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long proc_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

/* ---- the mix ---------------------------------------------------------------- */

/* One search query of queries.tsv; kind and near NULL when not used. */
typedef struct query {
	char *text, *kind, *near;
	int facets;
} query;

typedef struct mix {
	query *q;
	size_t n, cap;
	size_t skipped; /* suggestions */
} mix;

/* queries.tsv (lw_search_bench queries): class, text, kind|-, near|-, list|sample. */
static void mix_read(mix *m, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *fld[5];
		int nf = 0;
		for (char *p = line; nf < 5; nf++) {
			fld[nf] = p;
			char *t = strchr(p, '\t');
			if (!t) {
				nf++;
				break;
			}
			*t = '\0';
			p = t + 1;
		}
		if (nf != 5)
			die("%s: bad line", path);
		if (!strcmp(fld[0], "suggest")) {
			m->skipped++;
			continue;
		}
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 1024;
			m->q = xrealloc(m->q, m->cap * sizeof *m->q);
		}
		m->q[m->n++] = (query){xstrdup(fld[1]), strcmp(fld[2], "-") ? xstrdup(fld[2]) : NULL,
		                       strcmp(fld[3], "-") ? xstrdup(fld[3]) : NULL,
		                       !strcmp(fld[0], "facets")};
	}
	fclose(f);
	if (!m->n)
		die("%s: no search queries", path);
}

/* What lw_web_search_opts makes of the query's API path. */
static void opts_of(const query *q, lw_search_opts *o)
{
	memset(o, 0, sizeof *o);
	o->kind = q->kind;
	o->near = q->near;
	o->km = q->near ? strtod(NEAR_KM, NULL) : 0;
	o->sort = LW_SORT_RELEVANCE;
	o->limit = LIMIT;
	o->offset = 0;
	o->facets = q->facets;
}

/* s percent-encoded: everything but the unreserved characters of RFC 3986. */
static void put_enc(FILE *f, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~')
			fputc(*p, f);
		else
			fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* The path of q under base; the API takes facets=1, the page always counts facets. */
static void put_path(FILE *f, const char *base, const query *q, int api)
{
	fprintf(f, "%s?q=", base);
	put_enc(f, q->text);
	if (q->kind) {
		fputs("&kind=", f);
		put_enc(f, q->kind);
	}
	if (q->near) {
		fputs("&near=", f);
		put_enc(f, q->near);
		fputs("&km=" NEAR_KM, f);
	}
	if (api && q->facets)
		fputs("&facets=1", f);
	fputc('\n', f);
}

static void phase_urls(const char *qpath, const char *api_path, const char *page_path)
{
	mix m = {0};
	mix_read(&m, qpath);
	FILE *api = fopen(api_path, "w"), *page = fopen(page_path, "w");
	if (!api || !page)
		die("%s: %s", api ? page_path : api_path, strerror(errno));
	for (size_t i = 0; i < m.n; i++) {
		put_path(api, "/api/v1/search", &m.q[i], 1);
		put_path(page, "/zoeken", &m.q[i], 0);
	}
	if (fclose(api) || fclose(page))
		die("write failed");
	printf("   %zu request paths each (the %zu suggestions left out)\n", m.n, m.skipped);
}

/* ---- the run ------------------------------------------------------------------ */

typedef struct worker {
	const mix *m;
	lw_searcher *sr;
	size_t from;      /* first query */
	size_t step;      /* warm-up: q[from], q[from + step], ... once */
	int64_t deadline; /* 0: warm-up */
	long n, errors;
	int64_t *lat;
	size_t nlat, cap;
	int64_t start, end;
	pthread_barrier_t *bar;
} worker;

static int run_one(lw_searcher *sr, const query *q)
{
	lw_search_opts o;
	opts_of(q, &o);
	lw_results r;
	memset(&r, 0, sizeof r);
	lw_err err = {0};
	int rc = lw_searcher_run(sr, q->text, &o, &r, &err);
	lw_results_free(&r);
	return rc != LW_OK;
}

static void *work(void *arg)
{
	worker *w = arg;
	pthread_barrier_wait(w->bar);
	w->start = now_ns();
	if (!w->deadline) {
		for (size_t i = w->from; i < w->m->n; i += w->step)
			w->errors += run_one(w->sr, &w->m->q[i]);
		w->end = now_ns();
		return NULL;
	}
	size_t i = w->from;
	for (int64_t t0 = w->start; t0 < w->deadline;) {
		w->errors += run_one(w->sr, &w->m->q[i]);
		int64_t t1 = now_ns();
		if (w->nlat == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 65536;
			w->lat = xrealloc(w->lat, w->cap * sizeof *w->lat);
		}
		w->lat[w->nlat++] = t1 - t0;
		w->n++;
		t0 = t1;
		if (++i == w->m->n)
			i = 0;
	}
	w->end = now_ns();
	return NULL;
}

/* Runs the threads; timed when seconds > 0. */
static void run_threads(worker *w, int threads, double seconds)
{
	pthread_t th[MAX_THREADS];
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, (unsigned)threads + 1);
	int64_t deadline = 0;
	for (int t = 0; t < threads; t++) {
		w[t].bar = &bar;
		w[t].n = w[t].errors = 0;
		w[t].nlat = 0;
		if (seconds > 0) {
			w[t].from = (size_t)t * w[t].m->n / (size_t)threads;
			w[t].step = 1;
		} else {
			w[t].from = (size_t)t;
			w[t].step = (size_t)threads;
		}
		if (pthread_create(&th[t], NULL, work, &w[t]))
			die("pthread_create failed");
	}
	if (seconds > 0)
		deadline = now_ns() + (int64_t)(seconds * 1e9);
	for (int t = 0; t < threads; t++)
		w[t].deadline = deadline;
	pthread_barrier_wait(&bar);
	for (int t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	pthread_barrier_destroy(&bar);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Nearest rank, in ms. */
static double pct(const int64_t *v, size_t n, size_t p)
{
	size_t r = (p * n + 99) / 100;
	if (r < 1)
		r = 1;
	return (double)v[(r > n ? n : r) - 1] / 1e6;
}

static void phase_run(const char *db, const char *qpath, double seconds, int threads,
                      const char *outpath)
{
	mix m = {0};
	mix_read(&m, qpath);
	FILE *f = fopen(outpath, "w");
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	FILE *l = fopen("/proc/loadavg", "r");
	char load[32] = "-";
	if (l) {
		if (fscanf(l, "%31s", load) != 1)
			strcpy(load, "-");
		fclose(l);
	}
	if (lw_search_init() != LW_OK)
		die("lw_search_init failed");
	lw_store *s = NULL;
	lw_err err = {0};
	if (lw_store_open(&s, db, LW_STORE_READONLY, &err) != LW_OK)
		die("%s: %s", db, err.msg);
	lw_engine *e = NULL;
	if (lw_engine_build(s, &e, &err) != LW_OK)
		die("lw_engine_build: %s", err.msg);
	lw_engine_stats es;
	lw_engine_stats_get(e, &es);
	printf("   engine of %ld items built in %lld ms; %zu queries, %d threads, %.0f s\n",
	       es.items, (long long)es.build_ms, m.n, threads, seconds);
	fflush(stdout);

	worker w[MAX_THREADS];
	memset(w, 0, sizeof w);
	for (int t = 0; t < threads; t++) {
		w[t].m = &m;
		if (lw_searcher_new(e, &w[t].sr) != LW_OK)
			die("lw_searcher_new failed");
	}
	int64_t t0 = now_ns();
	run_threads(w, threads, 0);
	double warm_ms = (double)(now_ns() - t0) / 1e6;
	double cpu0 = cpu_s();
	run_threads(w, threads, seconds);
	double cpu = cpu_s() - cpu0;

	long n = 0, errors = 0;
	int64_t first = INT64_MAX, last = 0;
	size_t total = 0;
	for (int t = 0; t < threads; t++) {
		n += w[t].n;
		errors += w[t].errors;
		total += w[t].nlat;
		first = w[t].start < first ? w[t].start : first;
		last = w[t].end > last ? w[t].end : last;
	}
	int64_t *all = xrealloc(NULL, total * sizeof *all);
	size_t k = 0;
	double sum = 0;
	for (int t = 0; t < threads; t++) {
		memcpy(all + k, w[t].lat, w[t].nlat * sizeof *all);
		k += w[t].nlat;
		free(w[t].lat);
		lw_searcher_free(w[t].sr);
	}
	for (size_t i = 0; i < total; i++)
		sum += (double)all[i];
	qsort(all, total, sizeof *all, cmp_i64);
	double wall = (double)(last - first) / 1e9;
	double qps = wall > 0 ? (double)n / wall : 0;
	fprintf(f,
	        "load %s\nitems %ld\nbuild_ms %lld\nengine_bytes %zu\nqueries_in_mix %zu\n"
	        "threads %d\nwarmup_ms %.1f\nseconds %.3f\nqueries %ld\nerrors %ld\nqps %.1f\n"
	        "p50_ms %.4f\np99_ms %.4f\nmax_ms %.4f\nmean_ms %.4f\ncpu_s %.3f\ncores %.3f\n"
	        "rss_kib %ld\n",
	        load, es.items, (long long)es.build_ms, es.bytes, m.n, threads, warm_ms, wall, n,
	        errors, qps, total ? pct(all, total, 50) : 0, total ? pct(all, total, 99) : 0,
	        total ? (double)all[total - 1] / 1e6 : 0, total ? sum / (double)total / 1e6 : 0,
	        cpu, wall > 0 ? cpu / wall : 0, proc_kib("VmRSS"));
	if (fclose(f))
		die("%s: write failed", outpath);
	printf("   %ld queries in %.1f s: %.0f queries/s, p50 %.3f ms, p99 %.3f ms%s\n", n, wall,
	       qps, total ? pct(all, total, 50) : 0, total ? pct(all, total, 99) : 0,
	       errors ? ", ERRORS" : "");
	free(all);
	lw_engine_free(e);
	lw_store_close(s);
	if (errors)
		die("%ld queries failed", errors);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "urls")) {
		phase_urls(argv[2], argv[3], argv[4]);
		return 0;
	}
	if (argc == 7 && !strcmp(argv[1], "run")) {
		char *end;
		double seconds = strtod(argv[4], &end);
		if (*end || !(seconds > 0))
			die("SECONDS must be a positive number");
		long threads = strtol(argv[5], &end, 10);
		if (*end || threads < 1 || threads > MAX_THREADS)
			die("THREADS must be 1 to %d", MAX_THREADS);
		phase_run(argv[2], argv[3], seconds, (int)threads, argv[6]);
		return 0;
	}
	fprintf(stderr, "usage: lw_http_inproc urls QUERIES.tsv API.txt PAGE.txt\n"
	                "       lw_http_inproc run DB QUERIES.tsv SECONDS THREADS OUT.txt\n");
	return 2;
}

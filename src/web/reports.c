/*
 * reports.c - the monitor's reports for /monitor, built once and kept
 * (portal.h, lw_portal_report_get). A report is the same for every
 * request until the day it is as of changes or the store does, and at ten
 * million trajectories it takes a quarter to half a second under the read
 * connection's lock, which the detail pages need too. So the portal keeps
 * the last few: per covenant (or the whole programme) the newest, and at
 * most as many as p->reports holds, the least recently asked going first.
 */
#include "portal.h"

#include <string.h>

#define NKEPT (sizeof((lw_portal *)0)->reports / sizeof *((lw_portal *)0)->reports)

static void report_free(lw_portal_report *r)
{
	lw_report_free(&r->report);
	lw_progress_free(&r->model);
	lw_free(r);
}

/* Drops kept report i (freed now, or by the last request rendering it). */
static void drop(lw_portal *p, size_t i)
{
	lw_portal_report *r = p->reports[i];
	p->reports[i] = NULL;
	r->kept = 0;
	if (!r->refs)
		report_free(r);
}

/* The kept report for key, day and state, taken (refs + 1); NULL when there is none. */
static lw_portal_report *take(lw_portal *p, const char *key, const char *as_of, int64_t version)
{
	for (size_t i = 0; i < NKEPT; i++) {
		lw_portal_report *r = p->reports[i];
		if (r && !strcmp(r->covenant, key) && !strcmp(r->as_of, as_of) &&
		    r->version == version) {
			r->refs++;
			r->used = ++p->reports_clock;
			return r;
		}
	}
	return NULL;
}

/* Keeps r (taken by its builder): in place of an older one of its key, or of the least used. */
static void keep(lw_portal *p, lw_portal_report *r)
{
	size_t slot = NKEPT;
	for (size_t i = 0; i < NKEPT; i++)
		if (p->reports[i] && !strcmp(p->reports[i]->covenant, r->covenant))
			drop(p, i);
	for (size_t i = 0; i < NKEPT && slot == NKEPT; i++)
		if (!p->reports[i])
			slot = i;
	if (slot == NKEPT) {
		slot = 0;
		for (size_t i = 1; i < NKEPT; i++)
			if (p->reports[i]->used < p->reports[slot]->used)
				slot = i;
		drop(p, slot);
	}
	r->kept = 1;
	r->refs = 1;
	r->used = ++p->reports_clock;
	p->reports[slot] = r;
}

/* Builds the report of key as of as_of from the store (under its lock). */
static int build(lw_portal *p, const char *key, const char *as_of, int64_t version,
                 lw_portal_report **out, lw_err *err)
{
	lw_portal_report *r = lw_calloc(1, sizeof *r);
	if (!r)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	memcpy(r->covenant, key, strlen(key) + 1);
	memcpy(r->as_of, as_of, sizeof r->as_of - 1);
	r->version = version;
	int rc = lw_progress_build(p->store, p->programme, as_of, key, &r->model, err);
	if (rc == LW_OK)
		rc = lw_report_build(&r->model, &r->report, err);
	if (rc != LW_OK) {
		report_free(r);
		return rc;
	}
	lw_metrics_report_built(p->metrics);
	*out = r;
	return LW_OK;
}

int lw_portal_report_get(lw_portal *p, const char *as_of, const char *covenant,
                         lw_portal_report **out, lw_err *err)
{
	*out = NULL;
	const char *key = covenant ? covenant : "";
	if (strlen(key) >= sizeof((lw_portal_report *)0)->covenant) /* longer than any code */
		return lw_err_set(err, LW_ENOTFOUND, "onbekend convenant");
	if (strlen(as_of) != 10)
		return lw_err_set(err, LW_EINPUT, "'%s' is geen datum (JJJJ-MM-DD)", as_of);
	pthread_mutex_lock(&p->store_lock);
	int64_t version = 0;
	int rc = lw_store_int(p->store, "PRAGMA data_version", &version, err);
	if (rc == LW_OK) {
		pthread_mutex_lock(&p->reports_lock);
		*out = take(p, key, as_of, version);
		pthread_mutex_unlock(&p->reports_lock);
	}
	/* Under the store's lock: a second request for the same finds it kept. */
	if (rc == LW_OK && !*out && (rc = build(p, key, as_of, version, out, err)) == LW_OK) {
		pthread_mutex_lock(&p->reports_lock);
		keep(p, *out);
		pthread_mutex_unlock(&p->reports_lock);
	}
	pthread_mutex_unlock(&p->store_lock);
	return rc;
}

void lw_portal_report_put(lw_portal *p, lw_portal_report *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&p->reports_lock);
	if (--r->refs == 0 && !r->kept)
		report_free(r);
	pthread_mutex_unlock(&p->reports_lock);
}

void lw_portal_reports_free(lw_portal *p)
{
	for (size_t i = 0; i < NKEPT; i++)
		if (p->reports[i])
			drop(p, i);
}

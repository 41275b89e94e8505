/*
 * test_report.c - progress and reports (docs/internals/monitor.md,
 * "Progress and reports"): the rules on their own (status, pace and
 * forecast, the coarsened series, complementary suppression), the model
 * of a small fixed data set against figures computed by hand, and the
 * five formats of one report read back and compared cell by cell.
 *
 * The data set, under a programme of its own (2008-2009, national target
 * 100 + 100, EVC 80 by 2009 without a split, care tracked), as of
 * 2009-06-30, registered through lw_monitor_register:
 *   A (regional): 15 evc on 2008-03-15 and 15 on 2008-09-15 (Utrecht,
 *     techniek, mbo-2); 10 completed 2009-01-15, 12 stopped 2009-02-15;
 *     5 evc on the Antilles 2008-05-01 (mbo-4); one evc from 2007-06-01,
 *     completed 2008-02-01. Adopted 60 + 60.
 *   B (sectoral, care): 12 duaal on 2009-02-10 (5 completed 2009-06-01)
 *     and 7 on 2009-05-20 (mbo-3), and on 2009-05-20 the first person of
 *     A again (evc mbo-2): a double, counted once nationally. Adopted 30 + 30.
 *   C (regional): 4 duaal on 2008-04-10 in Groningen (AM01). Adopted 5 + 5.
 *   Spending: trajecten 10.000 (A, 2008-05-01) and 5.000 (B, 2009-03-01),
 *   helpdesk 2.000 (2008-06-01), 300 on a line the programme lacks
 *   (2008-07-01), and 1.000 (A) after the as-of date.
 */
#include "testutil.h"

#include "html.h"
#include "lw_progress.h"
#include "lw_report.h"
#include "report_html.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

TU_REFERENCE_GROUP("report")

static lw_programme *P;
static const char AS_OF[] = "2009-06-30";

static const char PROGRAMME[] =
    "{\"formaat\": \"leerwerk-programma/1\", \"code\": \"toets\", \"naam\": \"Toetsprogramma\","
    "\"periode\": {\"van\": 2008, \"tot\": 2009},"
    "\"codelijsten\": {\"doelgroepen\": [{\"code\": \"werkzoekende\", \"naam\": \"W\"}],"
    "  \"sectoren\": [{\"code\": \"zorg\", \"naam\": \"Zorg\"}, {\"code\": \"techniek\", "
    "\"naam\": \"T\"}]},"
    "\"landelijk_doel\": {\"code\": \"landelijk\", \"naam\": \"Landelijk doel\", \"selectie\": "
    "{\"soorten\": [\"evc\", \"duaal\"], \"regios\": [\"nederland\"]}, \"totaal\": 200, "
    "\"per_jaar\": {\"2008\": 100, \"2009\": 100}, \"bron\": \"toets\"},"
    "\"subdoelen\": ["
    " {\"code\": \"evc\", \"naam\": \"EVC\", \"selectie\": {\"soorten\": [\"evc\"]}, \"totaal\": "
    "80,"
    "  \"gereed_in\": 2009, \"bron\": \"toets\"},"
    " {\"code\": \"zorg\", \"naam\": \"Zorg\", \"selectie\": {\"sectoren\": [\"zorg\"]}, \"bron\": "
    "\"toets\"},"
    " {\"code\": \"techniek\", \"naam\": \"Techniek\", \"selectie\": {\"sectoren\": "
    "[\"techniek\"]}, \"bron\": \"toets\"}],"
    "\"begroting\": {\"regels\": ["
    " {\"code\": \"trajecten\", \"naam\": \"Trajecten\", \"groep\": \"G\", \"betaalt_trajecten\": "
    "true, \"doelen\": [\"landelijk\"], \"bedragen\": {\"2008\": \"1\", \"2009\": \"1\"}},"
    " {\"code\": \"helpdesk\", \"naam\": \"Helpdesk\", \"groep\": \"G\", \"betaalt_trajecten\": "
    "false, \"bedragen\": {\"2008\": \"0,5\"}}],"
    " \"totalen\": {\"2008\": \"1,5\", \"2009\": \"1\"}},"
    "\"financiering\": {\"bronnen\": [{\"code\": \"ocw\", \"naam\": \"OCW\", \"bedragen\": "
    "{\"2008\": \"1,5\", \"2009\": \"1\"}}], \"totalen\": {\"2008\": \"1,5\", \"2009\": \"1\"}}}";

/* ---- the data set ---------------------------------------------------------------------- */

/* The n-th valid BSN (eleven-test). */
static void bsn_of(int n, char out[10])
{
	for (int k = n * 11;; k++) {
		int d[9], sum = 0;
		for (int i = 7, v = 10000000 + k; i >= 0; i--, v /= 10)
			d[i] = v % 10;
		for (int i = 0; i < 8; i++)
			sum += (9 - i) * d[i];
		if (sum % 11 == 10)
			continue;
		d[8] = sum % 11;
		for (int i = 0; i < 9; i++)
			out[i] = (char)('0' + d[i]);
		out[9] = 0;
		return;
	}
}

static lw_monitor_key KEY;

static void reg(const char *cov, int person, const char *kind, const char *level,
                const char *sector, const char *gm, const char *start, const char *status,
                const char *when)
{
	char bsn[10];
	bsn_of(person, bsn);
	lw_trajectory_in in;
	memset(&in, 0, sizeof in);
	in.f[LW_TF_COVENANT] = cov;
	in.f[LW_TF_BSN] = bsn;
	in.f[LW_TF_KIND] = kind;
	in.f[LW_TF_LEVEL] = level;
	in.f[LW_TF_SECTOR] = sector;
	in.f[LW_TF_MUNICIPALITY] = gm;
	in.f[LW_TF_START] = start;
	in.f[LW_TF_STATUS] = status;
	in.f[LW_TF_STATUS_DATE] = when;
	in.f[LW_TF_OUTCOME] = status && !strcmp(status, "afgerond") ? "diploma" : NULL;
	in.f[LW_TF_AGE] = "30";
	lw_registration out;
	lw_monitor_problems p;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_monitor_register(S, &KEY, &in, &out, &p, &err);
	if (rc != LW_OK)
		fail_msg("registration %s %d: %s %s", cov, person, err.msg, p.n ? p.e[0].msg : "");
}

static void data_set(void)
{
	tu_exec(
	    S,
	    "INSERT INTO covenant(code, name, kind, sector) VALUES "
	    "('A', 'Regio A', 'regionaal', NULL), ('B', 'Zorg B', 'sectoraal', 'zorg'), "
	    "('C', 'Klein C', 'regionaal', NULL);"
	    "INSERT INTO covenant_area VALUES ('A', 'AM13'), ('C', 'AM01');"
	    "INSERT INTO covenant_share VALUES ('A', 'landelijk', 2008, 60), "
	    "('A', 'landelijk', 2009, 60), ('B', 'landelijk', 2008, 30), "
	    "('B', 'landelijk', 2009, 30), ('C', 'landelijk', 2008, 5), "
	    "('C', 'landelijk', 2009, 5), ('A', 'techniek', 2008, 20), "
	    "('A', 'techniek', 2009, 20);"
	    "INSERT INTO expenditure(code, budget_line, day, amount_cents, covenant_code) VALUES "
	    "('E1', 'trajecten', '2008-05-01', 1000000, 'A'), "
	    "('E2', 'trajecten', '2009-03-01', 500000, 'B'), "
	    "('E3', 'helpdesk', '2008-06-01', 200000, NULL), "
	    "('E4', 'trajecten', '2009-08-01', 100000, 'A'), "
	    "('E5', 'onbekend', '2008-07-01', 30000, NULL);");
	int person = 1;
	for (int i = 0; i < 30; i++, person++) {
		const char *status = i < 10 ? "afgerond" : i < 22 ? "gestopt" : NULL;
		const char *when = i < 10 ? "2009-01-15" : i < 22 ? "2009-02-15" : NULL;
		reg("A", person, "evc", "mbo-2", "techniek", "GM0344",
		    i < 15 ? "2008-03-15" : "2008-09-15", status, when);
	}
	for (int i = 0; i < 5; i++, person++)
		reg("A", person, "evc", "mbo-4", "techniek", "antillen", "2008-05-01", NULL, NULL);
	reg("A", person++, "evc", "mbo-2", "techniek", "GM0344", "2007-06-01", "afgerond",
	    "2008-02-01");
	for (int i = 0; i < 19; i++, person++)
		reg("B", person, "duaal", "mbo-3", "zorg", "GM0344",
		    i < 12 ? "2009-02-10" : "2009-05-20", i < 5 ? "afgerond" : NULL,
		    i < 5 ? "2009-06-01" : NULL);
	reg("B", 1, "evc", "mbo-2", "zorg", "GM0344", "2009-05-20", NULL, NULL);
	for (int i = 0; i < 4; i++, person++)
		reg("C", person, "duaal", "mbo-2", "techniek", "GM0014", "2008-04-10", NULL, NULL);
}

static int group_setup(void **state)
{
	setup(state);
	lw_err err;
	lw_err_clear(&err);
	assert_int_equal(lw_programme_load(PROGRAMME, strlen(PROGRAMME), "toets.json", &P, &err),
	                 LW_OK);
	assert_int_equal(
	    lw_monitor_key_parse("000102030405060708090a0b0c0d0e0f101112131415161718191a"
	                         "1b1c1d1e1f",
	                         &KEY, &err),
	    LW_OK);
	data_set();
	return 0;
}

static int group_teardown(void **state)
{
	lw_programme_free(P);
	return teardown(state);
}

static void build(const char *as_of, const char *covenant, lw_progress *m)
{
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_progress_build(S, P, as_of, covenant, m, &err);
	if (rc != LW_OK)
		fail_msg("lw_progress_build: %s", err.msg);
}

static const lw_progress_unit *unit(const lw_progress *m, const char *covenant, const char *target)
{
	for (size_t i = 0; i < m->nunits; i++) {
		const lw_progress_unit *u = &m->units[i];
		if (!strcmp(u->target, target) &&
		    (covenant ? u->covenant && !strcmp(u->covenant, covenant) : !u->covenant))
			return u;
	}
	fail_msg("no unit %s/%s", covenant ? covenant : "-", target);
	return NULL;
}

static const lw_progress_row *row(const lw_progress_table *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].code, code))
			return &t->rows[i];
	fail_msg("no row %s", code);
	return NULL;
}

#define FIG(f, value, st)                                                                          \
	do {                                                                                       \
		lw_fig f_ = (f);                                                                   \
		if (f_.v != (value) || f_.state != (st))                                           \
			fail_msg("%s: %lld (state %d), want %lld (state %d)", #f, (long long)f_.v, \
			         f_.state, (long long)(value), (int)(st));                         \
	} while (0)
#define SHOWN(f, value) FIG(f, value, LW_FIG_SHOWN)

/* ---- the rules ------------------------------------------------------------------------- */

static void test_status_boundaries(void **unused)
{
	(void)unused;
	lw_plan hundred = {100, 1};
	assert_int_equal(lw_progress_status(95, hundred), LW_STATUS_ON_TRACK);
	assert_int_equal(lw_progress_status(200, hundred), LW_STATUS_ON_TRACK);
	assert_int_equal(lw_progress_status(94, hundred), LW_STATUS_BEHIND);
	assert_int_equal(lw_progress_status(80, hundred), LW_STATUS_BEHIND);
	assert_int_equal(lw_progress_status(79, hundred), LW_STATUS_FAR_BEHIND);
	assert_int_equal(lw_progress_status(0, hundred), LW_STATUS_FAR_BEHIND);
	assert_int_equal(lw_progress_status(5, (lw_plan){0, 1}), LW_STATUS_NONE);
	/* 94.95 due: 91 is 95.8%, 90 is 94.79% - exact, no rounding of the target. */
	lw_plan frac = {1899, 20};
	assert_int_equal(lw_progress_status(91, frac), LW_STATUS_ON_TRACK);
	assert_int_equal(lw_progress_status(90, frac), LW_STATUS_BEHIND);
	/* 80% of 94.95 is 75.96: 76 behind, 75 far behind. */
	assert_int_equal(lw_progress_status(76, frac), LW_STATUS_BEHIND);
	assert_int_equal(lw_progress_status(75, frac), LW_STATUS_FAR_BEHIND);
	assert_int_equal(lw_progress_permille(90, frac), 948);
	assert_int_equal(lw_progress_permille(1, (lw_plan){0, 1}), -1);
	assert_string_equal(lw_status_label(LW_STATUS_FAR_BEHIND), "ver achter");
	assert_string_equal(lw_status_label(LW_STATUS_ON_TRACK), "op schema");
}

static void test_pace_and_forecast(void **unused)
{
	(void)unused;
	/* 53 of 200, 34 in the last 365 days, 184 days left. */
	lw_pace p = {
	    .realised = 53, .target = 200, .recent = 34, .window_days = 365, .days_left = 184};
	lw_progress_pace(&p);
	assert_int_equal(p.pace_recent, 34);
	assert_int_equal(p.pace_needed, 292);    /* 147 * 365 / 184 = 291.6 */
	assert_int_equal(p.forecast_recent, 70); /* 53 + 34 * 184 / 365 = 70.1 */
	assert_int_equal(p.forecast_needed, 200);
	/* A short window is scaled to a year. */
	p = (lw_pace){
	    .realised = 10, .target = 100, .recent = 10, .window_days = 73, .days_left = 365};
	lw_progress_pace(&p);
	assert_int_equal(p.pace_recent, 50);
	assert_int_equal(p.forecast_recent, 60);
	assert_int_equal(p.pace_needed, 90);
	/* Reached: nothing more is needed. */
	p = (lw_pace){
	    .realised = 120, .target = 100, .recent = 40, .window_days = 365, .days_left = 100};
	lw_progress_pace(&p);
	assert_int_equal(p.pace_needed, 0);
	assert_int_equal(p.forecast_needed, 120);
	/* After the deadline both forecasts are what was realised. */
	p = (lw_pace){
	    .realised = 70, .target = 100, .recent = 40, .window_days = 365, .days_left = 0};
	lw_progress_pace(&p);
	assert_int_equal(p.pace_needed, -1);
	assert_int_equal(p.forecast_recent, 70);
	assert_int_equal(p.forecast_needed, 70);
	/* Tracked: no target, no needed pace. */
	p = (lw_pace){
	    .realised = 19, .target = -1, .recent = 19, .window_days = 365, .days_left = 184};
	lw_progress_pace(&p);
	assert_int_equal(p.pace_needed, -1);
	assert_int_equal(p.forecast_needed, -1);
	assert_int_equal(p.forecast_recent, 29);
	assert_int_equal(lw_progress_div(5, 2), 3); /* half up */
	assert_int_equal(lw_progress_div(4, 3), 1);
}

static void points(lw_point *p, const int64_t *v, const int *rank, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (lw_point){(int32_t)i, v[i], rank[i], 0};
	lw_progress_coarsen(p, n);
}

static void test_coarsen(void **unused)
{
	(void)unused;
	lw_point p[8];
	/* Increases of 4 and 3 are merged into one of 17. */
	points(p, (int64_t[]){0, 10, 14, 17, 27}, (int[]){0, 3, 3, 3, 0}, 5);
	assert_int_equal(p[1].published, 1);
	assert_int_equal(p[2].published, 0);
	assert_int_equal(p[3].published, 0);
	assert_int_equal(p[4].published, 1);
	/* The year end (rank 1) goes before the months around it. */
	points(p, (int64_t[]){0, 5, 12, 20, 30}, (int[]){0, 3, 1, 3, 0}, 5);
	assert_int_equal(p[2].published, 1);
	assert_int_equal(p[1].published, 0); /* 5 after 0 */
	assert_int_equal(p[3].published, 0); /* 8 after 12 */
	/* Nothing changes: every point may be shown. */
	points(p, (int64_t[]){0, 0, 0, 0}, (int[]){0, 3, 1, 0}, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(p[i].published, 1);
	/* A total of 1-9: only the start. */
	points(p, (int64_t[]){0, 0, 3, 4}, (int[]){0, 1, 2, 0}, 4);
	assert_int_equal(p[0].published, 1);
	assert_int_equal(p[1].published + p[2].published + p[3].published, 0);
	/* The end is kept even when the points before it would have to go. */
	points(p, (int64_t[]){0, 10, 20, 25}, (int[]){0, 3, 3, 0}, 4);
	assert_int_equal(p[3].published, 1);
	assert_int_equal(p[2].published, 0);
	assert_int_equal(p[1].published, 1);
	for (int a = 0; a < 4; a++)
		for (int b = a + 1; b < 4; b++)
			if (p[a].published && p[b].published) {
				int64_t d = p[b].value - p[a].value;
				assert_true(d == 0 || d >= 10);
			}
}

static void test_protect(void **unused)
{
	(void)unused;
	lw_fig a = lw_fig_shown(35), b = lw_fig_shown(5), c = lw_fig_shown(18),
	       t = lw_fig_shown(58);
	lw_fig *m[] = {&a, &b, &c};
	lw_progress_protect(m, 3, &t);
	SHOWN(a, 35);
	FIG(b, 5, LW_FIG_SMALL);
	FIG(c, 18, LW_FIG_HIDDEN); /* the smallest other: 58 - 35 would give 23 for two */
	SHOWN(t, 58);
	/* Two small ones protect each other. */
	a = lw_fig_shown(49), b = lw_fig_shown(5), c = lw_fig_shown(4), t = lw_fig_shown(58);
	lw_progress_protect(m, 3, &t);
	SHOWN(a, 49);
	FIG(b, 5, LW_FIG_SMALL);
	FIG(c, 4, LW_FIG_SMALL);
	/* A small total: its members are small or zero anyway. */
	a = lw_fig_shown(3), b = lw_fig_shown(0), c = lw_fig_shown(0), t = lw_fig_shown(3);
	lw_progress_protect(m, 3, &t);
	FIG(a, 3, LW_FIG_SMALL);
	SHOWN(b, 0);
	FIG(t, 3, LW_FIG_SMALL);
	/* Derived figures follow their inputs. */
	const lw_fig *in[] = {&a, &t};
	FIG(lw_fig_derived(1000, in, 2), 1000, LW_FIG_HIDDEN);
	FIG(lw_fig_count(10), 10, LW_FIG_SHOWN);
	FIG(lw_fig_count(9), 9, LW_FIG_SMALL);
	FIG(lw_fig_count(0), 0, LW_FIG_SHOWN);
}

/* ---- the model ------------------------------------------------------------------------- */

static void test_national(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	assert_string_equal(m.as_of, AS_OF);
	const lw_progress_unit *u = unit(&m, NULL, "landelijk");
	assert_true(u->national);
	assert_int_equal(u->total, 200);
	assert_int_equal(u->due_year, 2009);
	/* A 30 + B 19 (its double is A's) + C 4; not the Antilles, not 2007. */
	SHOWN(u->realised, 53);
	/* 100 + 100 * 181 / 365 = 149.6 */
	assert_int_equal(u->due.num, 100 * 365 + 100 * 181);
	assert_int_equal(u->due.den, 365);
	SHOWN(u->prorata, 150);
	SHOWN(u->permille, 354); /* 53 / 149.59 */
	assert_int_equal(u->status, LW_STATUS_FAR_BEHIND);
	SHOWN(u->recent, 34); /* 2008-07-01 .. 2009-06-30: A 15 + B 19 */
	assert_int_equal(u->window_days, 365);
	SHOWN(u->pace_recent, 34);
	SHOWN(u->pace_needed, 292);
	SHOWN(u->forecast_recent, 70);
	SHOWN(u->forecast_needed, 200);
	SHOWN(u->year[0], 34);
	SHOWN(u->year[1], 19);
	SHOWN(u->cum_year[0], 34);
	SHOWN(u->cum_year[1], 53);
	assert_int_equal(u->plan_cum[0], 100);
	assert_int_equal(u->plan_cum[1], 200);
	/* The chart's points: March (15, then 4 more in April) is merged into April. */
	assert_true(u->npoints >= 10);
	assert_int_equal(u->points[0].value, 0);
	assert_int_equal(u->points[u->npoints - 1].value, 53);
	assert_int_equal(u->points[u->npoints - 1].day, lw_progress_day(AS_OF));
	for (size_t i = 0; i < u->npoints; i++) {
		assert_int_not_equal(u->points[i].day, lw_progress_day("2008-03-31"));
		if (i) {
			int64_t d = u->points[i].value - u->points[i - 1].value;
			assert_true(d == 0 || d >= 10);
		}
	}
	lw_progress_free(&m);
}

static void test_subtargets(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	const lw_progress_unit *e = unit(&m, NULL, "evc");
	SHOWN(e->realised, 30); /* A's evc in the Netherlands; B's double and the Antilles not */
	assert_int_equal(e->due.num, 80 * 547);
	assert_int_equal(e->due.den, 731);
	SHOWN(e->prorata, 60);
	SHOWN(e->permille, 501);
	assert_int_equal(e->status, LW_STATUS_FAR_BEHIND);
	SHOWN(e->recent, 15);
	SHOWN(e->pace_needed, 99);
	SHOWN(e->forecast_recent, 38);
	SHOWN(e->forecast_needed, 80);
	SHOWN(e->year[0], 30);
	SHOWN(e->year[1], 0);
	assert_int_equal(e->plan_cum[0], 40);
	assert_int_equal(e->plan_cum[1], 80);
	const lw_progress_unit *z = unit(&m, NULL, "zorg");
	assert_true(z->tracked);
	SHOWN(z->realised, 19);
	assert_int_equal(z->prorata.state, LW_FIG_NONE);
	assert_int_equal(z->permille.state, LW_FIG_NONE);
	assert_int_equal(z->status, LW_STATUS_NONE);
	assert_int_equal(z->pace_needed.state, LW_FIG_NONE);
	SHOWN(z->forecast_recent, 29);
	lw_progress_free(&m);
}

/*
 * Techniek in the Netherlands is the kept counts of techniek less their
 * Antilles part (A's 5 there), for the nation and for a covenant.
 */
static void test_within_national_without_the_antilles(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	const lw_progress_unit *t = unit(&m, NULL, "techniek");
	SHOWN(t->realised, 34); /* A 30 and C 4; not A's 5 on the Antilles */
	SHOWN(t->year[0], 34);
	SHOWN(t->year[1], 0);
	SHOWN(t->recent, 15);
	const lw_progress_unit *a = unit(&m, "A", "techniek");
	SHOWN(a->realised, 30);
	SHOWN(a->recent, 15);
	static const char *const nl[] = {"nederland", NULL};
	lw_selection sel = {.sectors = 1u << LW_MON_SECTOR_TECHNIEK, .regions = nl};
	lw_counts n;
	lw_err err;
	assert_int_equal(lw_monitor_count(S, &sel, "2008-01-01", AS_OF, &n, &err), LW_OK);
	assert_int_equal(n.started, 34);
	sel.covenant = "A";
	assert_int_equal(lw_monitor_count(S, &sel, "2008-07-01", AS_OF, &n, &err), LW_OK);
	assert_int_equal(n.started, 15);
	lw_count_table bt;
	assert_int_equal(
	    lw_monitor_breakdown(S, &sel, LW_MON_BY_YEAR, "2008-01-01", AS_OF, &bt, &err), LW_OK);
	assert_true(bt.from_aggregates); /* no registration read */
	assert_int_equal(bt.total.started, 30);
	lw_count_table_free(&bt);
	lw_progress_free(&m);
}

static void test_covenant_rows(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	const lw_progress_unit *a = unit(&m, "A", "landelijk");
	assert_int_equal(a->total, 120);
	SHOWN(a->realised, 30);
	SHOWN(a->prorata, 90);
	SHOWN(a->permille, 334);
	SHOWN(a->recent, 15);
	SHOWN(a->year[0], 30);
	SHOWN(a->year[1], 0);
	SHOWN(a->pace_needed, 179);
	SHOWN(a->forecast_recent, 38);
	const lw_progress_unit *b = unit(&m, "B", "landelijk");
	SHOWN(b->realised, 20); /* its double counts for B */
	SHOWN(b->prorata, 45);
	SHOWN(b->permille, 446);
	assert_int_equal(b->status, LW_STATUS_FAR_BEHIND);
	/* C: 4 trajectories. Nothing that would give them away. */
	const lw_progress_unit *c = unit(&m, "C", "landelijk");
	FIG(c->realised, 4, LW_FIG_SMALL);
	SHOWN(c->prorata, 7);
	assert_int_equal(c->permille.state, LW_FIG_HIDDEN);
	assert_int_equal(c->recent.state, LW_FIG_HIDDEN);
	assert_int_equal(c->pace_recent.state, LW_FIG_HIDDEN);
	assert_int_equal(c->pace_needed.state, LW_FIG_HIDDEN);
	assert_int_equal(c->forecast_recent.state, LW_FIG_HIDDEN);
	assert_int_equal(c->forecast_needed.state, LW_FIG_HIDDEN);
	FIG(c->year[0], 4, LW_FIG_SMALL);
	FIG(c->cum_year[1], 4, LW_FIG_SMALL);
	assert_int_equal(c->year[1].state, LW_FIG_HIDDEN);
	assert_int_equal(c->npoints, 1);
	/* What covenants adopted: 95 of 100 a year. */
	int found = 0;
	for (size_t i = 0; i < m.nadoption; i++) {
		const lw_progress_adoption *ad = &m.adoption[i];
		if (!strcmp(ad->target, "landelijk") && ad->year == 2008) {
			assert_int_equal(ad->adopted, 95);
			assert_int_equal(ad->unadopted, 5);
			found++;
		}
		if (!strcmp(ad->target, "landelijk") && ad->year == 0) {
			assert_int_equal(ad->adopted, 190);
			assert_int_equal(ad->unadopted, 10);
			found++;
		}
	}
	assert_int_equal(found, 2);
	lw_progress_free(&m);
}

static void test_breakdowns(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	/* Kinds: started 35 + 23; completed 11 + 5, so 11 must hide with the 5. */
	const lw_progress_row *evc = row(&m.kinds, "evc"), *duaal = row(&m.kinds, "duaal");
	SHOWN(evc->started, 35);
	SHOWN(duaal->started, 23);
	SHOWN(m.kinds.total.started, 58);
	FIG(duaal->completed, 5, LW_FIG_SMALL);
	FIG(evc->completed, 11, LW_FIG_HIDDEN);
	SHOWN(m.kinds.total.completed, 16);
	SHOWN(evc->stopped, 12);
	SHOWN(m.kinds.total.stopped, 12);
	assert_int_equal(evc->completion.state, LW_FIG_HIDDEN);
	SHOWN(m.kinds.total.completion, 571); /* 16 / 28 */
	SHOWN(m.kinds.total.dropout, 429);
	/* Regions: two small ones (the Antilles 5, Groningen 4) hide each other. */
	FIG(row(&m.regions, "ANT")->started, 5, LW_FIG_SMALL);
	FIG(row(&m.regions, "AM01")->started, 4, LW_FIG_SMALL);
	SHOWN(row(&m.regions, "AM13")->started, 49);
	assert_string_equal(row(&m.regions, "ANT")->label, "Nederlandse Antillen");
	/* Levels: mbo-4 5 alone, so mbo-3 (19) hides too. */
	FIG(row(&m.levels, "mbo-4")->started, 5, LW_FIG_SMALL);
	FIG(row(&m.levels, "mbo-3")->started, 19, LW_FIG_HIDDEN);
	SHOWN(row(&m.levels, "mbo-2")->started, 34);
	SHOWN(row(&m.sectors, "techniek")->started, 39);
	/* Covenants: own registrations; rates of the ended. */
	const lw_progress_row *a = row(&m.covenants, "A");
	SHOWN(a->started, 35);
	SHOWN(a->completed, 11);
	SHOWN(a->stopped, 12);
	SHOWN(a->completion, 478);
	SHOWN(a->dropout, 522);
	assert_int_equal(a->spent, 1000000);
	SHOWN(a->cost, 28571);
	const lw_progress_row *b = row(&m.covenants, "B");
	SHOWN(b->started, 20);
	FIG(b->completed, 5, LW_FIG_SMALL);
	assert_int_equal(b->completion.state, LW_FIG_HIDDEN);
	SHOWN(b->cost, 25000);
	const lw_progress_row *c = row(&m.covenants, "C");
	FIG(c->started, 4, LW_FIG_SMALL);
	assert_int_equal(c->completion.state, LW_FIG_NONE);
	assert_int_equal(c->cost.state, LW_FIG_HIDDEN);
	SHOWN(m.covenants.total.started, 58);
	lw_progress_free(&m);
}

static const lw_progress_budget *budget(const lw_progress *m, const char *line, int year)
{
	for (size_t i = 0; i < m->nbudget; i++)
		if (m->budget[i].year == year &&
		    (line ? m->budget[i].line && !strcmp(m->budget[i].line, line)
		          : !m->budget[i].line))
			return &m->budget[i];
	fail_msg("no budget row %s %d", line ? line : "totaal", year);
	return NULL;
}

static void test_budget_and_costs(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, NULL, &m);
	const lw_progress_budget *b = budget(&m, "trajecten", 2008);
	assert_int_equal(b->budget, 100000000);
	assert_int_equal(b->spent, 1000000);
	assert_int_equal(b->remaining, 99000000);
	b = budget(&m, "trajecten", 2009); /* the 1.000 of August is after the as-of date */
	assert_int_equal(b->spent, 500000);
	assert_int_equal(b->remaining, 99500000);
	b = budget(&m, "helpdesk", 2009);
	assert_int_equal(b->budget, 0);
	b = budget(&m, "onbekend", 2008);
	assert_false(b->planned);
	assert_int_equal(b->spent, 30000);
	assert_int_equal(b->remaining, -30000);
	b = budget(&m, NULL, 2008);
	assert_int_equal(b->budget, 150000000);
	assert_int_equal(b->spent, 1230000);
	assert_int_equal(b->remaining, 148770000);
	assert_int_equal(m.ncosts, 1);
	assert_string_equal(m.costs[0].line, "trajecten");
	assert_int_equal(m.costs[0].spent, 1500000);
	SHOWN(m.costs[0].realised, 53);
	SHOWN(m.costs[0].cost, 28302); /* 15.000 euro / 53 */
	lw_progress_free(&m);
}

static void test_covenant_report(void **unused)
{
	(void)unused;
	lw_progress m;
	build(AS_OF, "B", &m);
	assert_string_equal(m.covenant, "B");
	assert_string_equal(m.covenant_name, "Zorg B");
	assert_int_equal(m.nunits, 1);
	const lw_progress_unit *u = unit(&m, "B", "landelijk");
	SHOWN(u->realised, 20);
	SHOWN(u->year[1], 20);
	assert_true(u->npoints >= 3);
	/* In B's scope: evc 1 (its double), duaal 19 - so both hide. */
	FIG(row(&m.kinds, "evc")->started, 1, LW_FIG_SMALL);
	FIG(row(&m.kinds, "duaal")->started, 19, LW_FIG_HIDDEN);
	SHOWN(m.kinds.total.started, 20);
	assert_int_equal(m.covenants.n, 1);
	assert_int_equal(m.nbudget, 0);
	lw_progress_free(&m);
	lw_err err;
	lw_err_clear(&err);
	assert_int_equal(lw_progress_build(S, P, AS_OF, "Z", &m, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "onbekend convenant 'Z'"));
	lw_progress_free(&m);
	assert_int_equal(lw_progress_build(S, P, "2009-02-30", NULL, &m, &err), LW_EINPUT);
	lw_progress_free(&m);
}

static void test_outside_the_period(void **unused)
{
	(void)unused;
	lw_progress m;
	build("2007-06-30", NULL, &m);
	const lw_progress_unit *u = unit(&m, NULL, "landelijk");
	SHOWN(u->realised, 0);
	assert_int_equal(u->status, LW_STATUS_NONE);
	assert_int_equal(u->year[0].state, LW_FIG_NONE);
	SHOWN(m.kinds.total.started, 0);
	lw_progress_free(&m);
	/* After the programme: its last day, and what started later is no part of it. */
	build("2015-01-01", NULL, &m);
	u = unit(&m, NULL, "landelijk");
	SHOWN(u->realised, 53);
	assert_int_equal(u->pace_needed.state, LW_FIG_NONE);
	SHOWN(u->forecast_recent, 53);
	SHOWN(u->prorata, 200);
	lw_progress_free(&m);
}

/* ---- the formats agree ------------------------------------------------------------------- */

/* What each format says, per table, row and column, as canonical text. */
typedef struct grid {
	char *table[64];
	char **cells[64]; /* [row * ncols + col] */
	size_t rows[64], ncols[64];
	size_t n;
} grid;

static size_t grid_table(grid *g, const char *id, size_t ncols)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->table[i], id))
			return i;
	assert_true(g->n < 64);
	g->table[g->n] = strdup(id);
	g->cells[g->n] = NULL;
	g->rows[g->n] = 0;
	g->ncols[g->n] = ncols;
	return g->n++;
}

static void grid_row(grid *g, size_t t, char **values)
{
	size_t nc = g->ncols[t];
	g->cells[t] = realloc(g->cells[t], (g->rows[t] + 1) * nc * sizeof(char *));
	memcpy(g->cells[t] + g->rows[t] * nc, values, nc * sizeof(char *));
	g->rows[t]++;
}

static void grid_free(grid *g)
{
	for (size_t i = 0; i < g->n; i++) {
		for (size_t k = 0; k < g->rows[i] * g->ncols[i]; k++)
			free(g->cells[i][k]);
		free(g->cells[i]);
		free(g->table[i]);
	}
}

/* A number as the formats may write it, canonical: "1234.56", "95.3", "90000". */
static char *canon_number(const char *s, int kind, int decimal_comma, int grouped)
{
	if (!strcmp(s, LW_REPORT_SMALL) || !strcmp(s, LW_REPORT_HIDDEN) || !*s)
		return strdup(s);
	char b[64];
	size_t k = 0;
	for (const char *p = s; *p && k < sizeof b - 1; p++) {
		if (grouped && *p == '.')
			continue;
		if (*p == '%')
			continue;
		b[k++] = *p == ',' && (decimal_comma || grouped) ? '.' : *p;
	}
	b[k] = 0;
	(void)kind;
	return strdup(b);
}

/* The model's own cells. */
static void from_model(const lw_report *r, grid *g)
{
	lw_buf v = LW_BUF_INIT;
	for (size_t i = 0; i < r->ntables; i++) {
		const lw_table *t = &r->tables[i];
		size_t ti = grid_table(g, t->id, t->ncols);
		for (size_t row_i = 0; row_i < t->nrows; row_i++) {
			char *vals[32];
			for (size_t c = 0; c < t->ncols; c++) {
				lw_buf_reset(&v);
				lw_report_cell_plain(&t->cols[c], lw_table_cell(t, row_i, c), 0,
				                     &v);
				vals[c] = strdup(v.data ? v.data : "");
			}
			grid_row(g, ti, vals);
		}
	}
	lw_buf_free(&v);
}

static int col_kind(const lw_report *r, const char *table, size_t c)
{
	const lw_table *t = lw_report_table(r, table);
	return t && c < t->ncols ? t->cols[c].kind : LW_COL_TEXT;
}

/* Text: a title line "... (tabel ID)", then a header, a line of dashes that gives the columns. */
static void from_text(const lw_report *r, const char *text, grid *g)
{
	char *copy = strdup(text), *save = NULL, *line;
	char id[64] = "";
	size_t starts[32], ends[32], ncols = 0;
	int state = 0; /* 0 looking for a table, 1 header, 2 dashes, 3 rows */
	char *prev = NULL;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tag = strstr(line, " (tabel ");
		if (tag && line[strlen(line) - 1] == ')') {
			snprintf(id, sizeof id, "%.*s", (int)(strlen(tag + 8) - 1), tag + 8);
			state = 1;
			continue;
		}
		if (state == 1 && line[0] == '-' && line[1] == '-') {
			ncols = 0;
			for (size_t i = 0; line[i];) {
				starts[ncols] = i;
				while (line[i] == '-')
					i++;
				ends[ncols++] = i;
				while (line[i] == ' ')
					i++;
			}
			(void)prev;
			grid_table(g, id, ncols);
			state = 3;
			continue;
		}
		if (state == 3) {
			size_t ti = grid_table(g, id, ncols), len = strlen(line);
			char *vals[32];
			for (size_t c = 0; c < ncols; c++) {
				/* Columns are measured in characters; the data here is ASCII but
				 * for the names, which are in text columns at the left. */
				size_t s = starts[c], e = c + 1 == ncols ? len : ends[c];
				char cell[512] = "";
				size_t extra = 0;
				for (size_t k = 0; k < s + extra && k < len; k++)
					if (((unsigned char)line[k] & 0xC0) == 0x80)
						extra++;
				s += extra;
				e = c + 1 == ncols ? len : e + extra;
				for (size_t k = e; c + 1 < ncols && k < len &&
				                   (((unsigned char)line[k] & 0xC0) == 0x80);
				     k++)
					e++;
				if (s < len)
					snprintf(cell, sizeof cell, "%.*s",
					         (int)((e > len ? len : e) - s), line + s);
				char *a = cell;
				while (*a == ' ')
					a++;
				size_t n = strlen(a);
				while (n && a[n - 1] == ' ')
					a[--n] = 0;
				int kind = col_kind(r, id, c);
				if (!strcmp(a, "-"))
					a[0] = 0;
				vals[c] =
				    kind == LW_COL_TEXT ? strdup(a) : canon_number(a, kind, 0, 1);
			}
			grid_row(g, ti, vals);
		}
		prev = line;
	}
	free(copy);
}

/* CSV (RFC 4180) with sep; the first record of each table is its header. */
static void from_csv(const lw_report *r, const char *csv, char sep, int decimal_comma, grid *g)
{
	const char *p = csv;
	char last[64] = "";
	while (*p) {
		char *f[40];
		size_t n = 0;
		for (;;) {
			lw_buf b = LW_BUF_INIT;
			lw_buf_puts(&b, "");
			if (*p == '"') {
				for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
					if (*p == '"')
						p++;
					lw_buf_putc(&b, *p);
				}
				p++;
			} else {
				while (*p && *p != sep && *p != '\r')
					lw_buf_putc(&b, *p++);
			}
			f[n++] = strdup(b.data);
			lw_buf_free(&b);
			if (*p == sep) {
				p++;
				continue;
			}
			assert_true(p[0] == '\r' && p[1] == '\n');
			p += 2;
			break;
		}
		if (strcmp(f[0], last) != 0) {
			snprintf(last, sizeof last, "%s", f[0]);
			size_t nc = 0;
			while (nc + 1 < n && *f[nc + 1])
				nc++;
			grid_table(g, f[0], nc);
		} else {
			size_t ti = grid_table(g, f[0], 0);
			char *vals[32];
			for (size_t c = 0; c < g->ncols[ti]; c++) {
				int kind = col_kind(r, f[0], c);
				vals[c] = kind == LW_COL_TEXT
				              ? strdup(f[c + 1])
				              : canon_number(f[c + 1], kind, decimal_comma, 0);
			}
			grid_row(g, ti, vals);
		}
		for (size_t i = 0; i < n; i++)
			free(f[i]);
	}
}

static char *json_cell(json_t *v, int kind)
{
	char b[64];
	if (json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v))
		snprintf(b, sizeof b, "%lld", (long long)json_integer_value(v));
	else
		snprintf(b, sizeof b, kind == LW_COL_PERMILLE ? "%.1f" : "%.2f",
		         json_real_value(v));
	return strdup(b);
}

static void from_json(const char *text, grid *g)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	assert_non_null(j);
	json_t *tables = json_object_get(j, "tabellen"), *t;
	size_t i;
	json_array_foreach(tables, i, t)
	{
		json_t *cols = json_object_get(t, "kolommen"), *rowj;
		size_t ti = grid_table(g, json_string_value(json_object_get(t, "id")),
		                       json_array_size(cols)),
		       k;
		json_array_foreach(json_object_get(t, "rijen"), k, rowj)
		{
			char *vals[32];
			for (size_t c = 0; c < json_array_size(cols); c++) {
				json_t *col = json_array_get(cols, c);
				const char *soort =
				    json_string_value(json_object_get(col, "soort"));
				int kind = !strcmp(soort, "percentage") ? LW_COL_PERMILLE
				           : !strcmp(soort, "euro")     ? LW_COL_CENTS
				                                        : LW_COL_COUNT;
				json_t *v = json_object_get(
				    rowj, json_string_value(json_object_get(col, "id")));
				assert_non_null(v);
				vals[c] = json_cell(v, kind);
			}
			grid_row(g, ti, vals);
		}
	}
	json_decref(j);
}

/* ---- a minimal reader of the XLSX zip and its sheets -------------------------------------- */

static uint32_t le(const unsigned char *p, int n)
{
	uint32_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The member name of the zip in z[0..n), inflated; caller frees. */
static char *unzip(const unsigned char *z, size_t n, const char *name)
{
	size_t eocd = n - 22;
	while (eocd > 0 && le(z + eocd, 4) != 0x06054b50)
		eocd--;
	size_t count = le(z + eocd + 10, 2), at = le(z + eocd + 16, 4);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(le(z + at, 4), 0x02014b50);
		size_t method = le(z + at + 10, 2), csize = le(z + at + 20, 4),
		       usize = le(z + at + 24, 4), nlen = le(z + at + 28, 2),
		       elen = le(z + at + 30, 2), clen = le(z + at + 32, 2),
		       off = le(z + at + 42, 4);
		if (nlen == strlen(name) && !memcmp(z + at + 46, name, nlen)) {
			const unsigned char *data =
			    z + off + 30 + le(z + off + 26, 2) + le(z + off + 28, 2);
			char *out = calloc(1, usize + 1);
			if (method == 0) {
				memcpy(out, data, usize);
				return out;
			}
			z_stream s;
			memset(&s, 0, sizeof s);
			assert_int_equal(inflateInit2(&s, -15), Z_OK);
			s.next_in = (unsigned char *)data;
			s.avail_in = (unsigned)csize;
			s.next_out = (unsigned char *)out;
			s.avail_out = (unsigned)usize;
			assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
			inflateEnd(&s);
			return out;
		}
		at += 46 + nlen + elen + clen;
	}
	return NULL;
}

/* The text between <tag ...> and </tag> from *p on, unescaped; NULL at the end. */
static char *xml_next(const char **p, const char *open, const char *close, char *attrs, size_t asz)
{
	const char *a = strstr(*p, open);
	if (!a)
		return NULL;
	const char *gt = strchr(a, '>');
	snprintf(attrs, asz, "%.*s", (int)(gt - a), a);
	if (gt[-1] == '/') {
		*p = gt + 1;
		return strdup("");
	}
	const char *e = strstr(gt, close);
	lw_buf b = LW_BUF_INIT;
	lw_buf_puts(&b, "");
	for (const char *q = gt + 1; q < e; q++) {
		if (*q == '<') { /* <t> inside <si> */
			q = strchr(q, '>');
			continue;
		}
		if (!strncmp(q, "&amp;", 5))
			lw_buf_putc(&b, '&'), q += 4;
		else if (!strncmp(q, "&lt;", 4))
			lw_buf_putc(&b, '<'), q += 3;
		else if (!strncmp(q, "&gt;", 4))
			lw_buf_putc(&b, '>'), q += 3;
		else if (!strncmp(q, "&quot;", 6))
			lw_buf_putc(&b, '"'), q += 5;
		else
			lw_buf_putc(&b, *q);
	}
	*p = e + strlen(close);
	char *s = strdup(b.data);
	lw_buf_free(&b);
	return s;
}

static char *xlsx_number(const char *v, int kind)
{
	char b[64];
	double d = strtod(v, NULL);
	if (kind == LW_COL_PERMILLE)
		snprintf(b, sizeof b, "%.1f", d * 100.0);
	else if (kind == LW_COL_CENTS)
		snprintf(b, sizeof b, "%.2f", d);
	else
		snprintf(b, sizeof b, "%.0f", d);
	return strdup(b);
}

static void from_xlsx(const lw_report *r, const char *path, grid *g)
{
	size_t n;
	unsigned char *z = (unsigned char *)tu_read(path, &n);
	assert_non_null(z);
	char *ss = unzip(z, n, "xl/sharedStrings.xml"), *wb = unzip(z, n, "xl/workbook.xml");
	char *strings[4096];
	size_t nstrings = 0;
	char attrs[512];
	const char *p = ss;
	for (char *s; (s = xml_next(&p, "<si>", "</si>", attrs, sizeof attrs));)
		strings[nstrings++] = s;
	p = wb;
	size_t sheet = 0;
	for (char *s; (s = xml_next(&p, "<sheet ", "/>", attrs, sizeof attrs)); free(s)) {
		char *nm = strstr(attrs, "name=\"") + 6;
		char id[64];
		snprintf(id, sizeof id, "%.*s", (int)(strchr(nm, '"') - nm), nm);
		const lw_table *t = lw_report_table(r, id);
		assert_non_null(t);
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%zu.xml", ++sheet);
		char *xml = unzip(z, n, member);
		size_t ti = grid_table(g, id, t->ncols);
		/* The cells with their references, row by row; row 1 is the header. */
		const char *q = strstr(xml, "<sheetData");
		char *vals[32];
		long cur = -1;
		for (const char *c; (c = strstr(q, "<c r=\""));) {
			const char *ref = c + 6;
			int col = 0;
			while (*ref >= 'A' && *ref <= 'Z')
				col = col * 26 + (*ref++ - 'A' + 1);
			long rown = strtol(ref, NULL, 10);
			if (rown != cur) {
				if (cur > 1)
					grid_row(g, ti, vals);
				else if (cur == 1)
					for (size_t k = 0; k < t->ncols; k++)
						free(vals[k]);
				cur = rown;
				for (size_t k = 0; k < t->ncols; k++)
					vals[k] = strdup("");
			}
			const char *end = strstr(c, "</c>"), *self = strstr(c, "/>");
			int is_str =
			    strstr(c, " t=\"s\"") && strstr(c, " t=\"s\"") < strchr(c, '>');
			char *v = NULL;
			if (!(self && self < end && self < strchr(c, '>') + 1)) {
				const char *vb = strstr(c, "<v>");
				if (vb && vb < end)
					v = strndup(vb + 3, (size_t)(strstr(vb, "</v>") - vb - 3));
			}
			if (rown > 1 && v && col >= 1 && (size_t)col <= t->ncols) {
				free(vals[col - 1]);
				int kind = t->cols[col - 1].kind;
				vals[col - 1] = is_str ? strdup(strings[strtol(v, NULL, 10)])
				                       : xlsx_number(v, kind);
			}
			free(v);
			q = end ? end : c + 1;
		}
		if (cur > 1)
			grid_row(g, ti, vals);
		else if (cur == 1)
			for (size_t k = 0; k < t->ncols; k++)
				free(vals[k]);
		free(xml);
	}
	for (size_t i = 0; i < nstrings; i++)
		free(strings[i]);
	free(ss);
	free(wb);
	free(z);
}

/* HTML: every <table data-tabel="ID">, its body cells' text. */
static void from_html(const lw_report *r, const char *html, grid *g)
{
	const char *p = html;
	for (const char *t; (t = strstr(p, "data-tabel=\"")); p = t + 1) {
		char id[64];
		snprintf(id, sizeof id, "%.*s", (int)(strchr(t + 12, '"') - t - 12), t + 12);
		const lw_table *tab = lw_report_table(r, id);
		assert_non_null(tab);
		size_t ti = grid_table(g, id, tab->ncols);
		const char *body = strstr(t, "<tbody"), *end = strstr(t, "</tbody>");
		for (const char *row_p = body; (row_p = strstr(row_p, "<tr")) && row_p < end;) {
			char *vals[32];
			const char *q = row_p;
			for (size_t c = 0; c < tab->ncols; c++) {
				const char *open = strstr(q, c ? "<td" : "<th");
				const char *gt = strchr(open, '>') + 1, *lt = strchr(gt, '<');
				lw_buf b = LW_BUF_INIT;
				lw_buf_puts(&b, "");
				for (const char *k = gt; k < lt; k++) {
					if (!strncmp(k, "&amp;", 5))
						lw_buf_putc(&b, '&'), k += 4;
					else if (!strncmp(k, "&lt;", 4))
						lw_buf_putc(&b, '<'), k += 3;
					else if (!strncmp(k, "&#39;", 5))
						lw_buf_putc(&b, '\''), k += 4;
					else
						lw_buf_putc(&b, *k);
				}
				int kind = tab->cols[c].kind;
				if (!strcmp(b.data, "-"))
					lw_buf_reset(&b), lw_buf_puts(&b, "");
				vals[c] = kind == LW_COL_TEXT ? strdup(b.data)
				                              : canon_number(b.data, kind, 0, 1);
				lw_buf_free(&b);
				q = lt;
			}
			grid_row(g, ti, vals);
			row_p = strstr(row_p, "</tr>");
		}
	}
}

/* Every cell of got equals the model's; a difference names table, row and column. */
static void same_grid(const char *format, const grid *want, const grid *got)
{
	assert_int_equal(got->n, want->n);
	for (size_t i = 0; i < want->n; i++) {
		size_t k = 0;
		while (k < got->n && strcmp(got->table[k], want->table[i]))
			k++;
		if (k == got->n)
			fail_msg("%s: no table %s", format, want->table[i]);
		if (got->rows[k] != want->rows[i] || got->ncols[k] != want->ncols[i])
			fail_msg("%s: table %s has %zu x %zu cells, want %zu x %zu", format,
			         want->table[i], got->rows[k], got->ncols[k], want->rows[i],
			         want->ncols[i]);
		for (size_t c = 0; c < want->rows[i] * want->ncols[i]; c++)
			if (strcmp(got->cells[k][c], want->cells[i][c]))
				fail_msg("%s: table %s row %zu column %zu: '%s', want '%s'", format,
				         want->table[i], c / want->ncols[i], c % want->ncols[i],
				         got->cells[k][c], want->cells[i][c]);
	}
}

static void agree(const char *covenant)
{
	lw_progress m;
	lw_report r;
	lw_err err;
	lw_err_clear(&err);
	build(AS_OF, covenant, &m);
	assert_int_equal(lw_report_build(&m, &r, &err), LW_OK);
	grid want = {0}, got = {0};
	from_model(&r, &want);
	size_t numbers = 0;
	for (size_t i = 0; i < want.n; i++)
		numbers += want.rows[i] * want.ncols[i];
	assert_true(numbers > 100);

	lw_buf b = LW_BUF_INIT;
	assert_int_equal(lw_report_text(&r, &b), LW_OK);
	from_text(&r, b.data, &got);
	same_grid("text", &want, &got);
	grid_free(&got);
	memset(&got, 0, sizeof got);

	lw_buf_reset(&b);
	assert_int_equal(lw_report_csv(&r, ',', 0, &b), LW_OK);
	from_csv(&r, b.data, ',', 0, &got);
	same_grid("csv", &want, &got);
	grid_free(&got);
	memset(&got, 0, sizeof got);

	lw_buf_reset(&b);
	assert_int_equal(lw_report_csv(&r, ';', 1, &b), LW_OK);
	if (!covenant) /* A's cost per trajectory, in euro with a decimal comma */
		assert_non_null(strstr(b.data, ";285,71;"));
	from_csv(&r, b.data, ';', 1, &got);
	same_grid("csv ; ,", &want, &got);
	grid_free(&got);
	memset(&got, 0, sizeof got);

	lw_buf_reset(&b);
	assert_int_equal(lw_report_json(&r, &b), LW_OK);
	from_json(b.data, &got);
	same_grid("json", &want, &got);
	grid_free(&got);
	memset(&got, 0, sizeof got);

	char *path = tu_path(DIR, covenant ? "rapport-b.xlsx" : "rapport.xlsx");
	assert_int_equal(lw_report_xlsx(&r, path, &err), LW_OK);
	from_xlsx(&r, path, &got);
	same_grid("xlsx", &want, &got);
	grid_free(&got);
	memset(&got, 0, sizeof got);
	free(path);

	lw_html h = LW_HTML_INIT;
	lw_report_html_document(&h, &r);
	assert_false(lw_html_failed(&h));
	from_html(&r, h.b.data, &got);
	same_grid("html", &want, &got);
	grid_free(&got);
	/* The charts: one for the national line, covenants' bars and bullets. */
	assert_non_null(strstr(h.b.data, "<svg"));
	assert_non_null(strstr(h.b.data, "id=\"grafiek-voortgang\""));
	assert_null(strstr(h.b.data, " style="));
	lw_html_free(&h);

	lw_buf_free(&b);
	grid_free(&want);
	lw_report_free(&r);
	lw_progress_free(&m);
}

static void test_formats_agree(void **unused)
{
	(void)unused;
	agree(NULL);
	agree("B");
}

/* A hidden value is never written: C's 4 and its derived figures appear as markers only. */
static void test_no_value_under_ten_leaks(void **unused)
{
	(void)unused;
	lw_progress m;
	lw_report r;
	lw_err err;
	build(AS_OF, "C", &m);
	assert_int_equal(lw_report_build(&m, &r, &err), LW_OK);
	lw_buf b = LW_BUF_INIT;
	assert_int_equal(lw_report_json(&r, &b), LW_OK);
	json_t *j = json_loads(b.data, 0, NULL), *t;
	size_t i;
	json_array_foreach(json_object_get(j, "tabellen"), i, t)
	{
		const char *id = json_string_value(json_object_get(t, "id"));
		json_t *rw;
		size_t k;
		json_array_foreach(json_object_get(t, "rijen"), k, rw)
		{
			const char *key;
			json_t *v;
			json_object_foreach(rw, key, v) if (json_is_integer(v) &&
			                                    strcmp(key, "naar_rato") &&
			                                    strcmp(key, "streefwaarde") &&
			                                    strcmp(key, "streefwaarde_cumulatief"))
			{
				json_int_t x = json_integer_value(v);
				if (x > 0 && x < 10)
					fail_msg("%s.%s: %lld published", id, key, (long long)x);
			}
		}
	}
	json_decref(j);
	lw_buf_free(&b);
	lw_report_free(&r);
	lw_progress_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_boundaries),
	    cmocka_unit_test(test_pace_and_forecast),
	    cmocka_unit_test(test_coarsen),
	    cmocka_unit_test(test_protect),
	    cmocka_unit_test(test_national),
	    cmocka_unit_test(test_subtargets),
	    cmocka_unit_test(test_within_national_without_the_antilles),
	    cmocka_unit_test(test_covenant_rows),
	    cmocka_unit_test(test_breakdowns),
	    cmocka_unit_test(test_budget_and_costs),
	    cmocka_unit_test(test_covenant_report),
	    cmocka_unit_test(test_outside_the_period),
	    cmocka_unit_test(test_formats_agree),
	    cmocka_unit_test(test_no_value_under_ten_leaks),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

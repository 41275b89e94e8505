/*
 * demo.c - example data on top of the real reference data: invented
 * providers, offerings, EVC procedures, training companies, vacancies and
 * the schemes the plan names, every row marked is_example. Deterministic:
 * the same scale and seed give the same rows, on any machine.
 */
#include "lw_ingest.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Dates are drawn around a fixed day, not today, so a run can be repeated. */
#define REFERENCE_DAY "2026-11-27"

/* Per scale 1: about 50,000 searchable items, in the country's proportions:
 * training companies and vacancies far outnumber offerings. */
#define PER_SCALE_PROVIDERS 300
#define PER_SCALE_OFFERINGS 6000
#define PER_SCALE_EVC 1200
#define PER_SCALE_COMPANIES 22000
#define PER_SCALE_VACANCIES 20000

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL); /* splitmix64 */
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t pick(rng *r, size_t n)
{
	return (size_t)(next(r) % n);
}

typedef struct ref {
	char **pc;    /* PC4 areas with inhabitants */
	uint64_t *cum; /* cumulative inhabitants */
	char **place;  /* their place names */
	size_t npc;
	char **crebo, **qname, **qpath; /* qualifications */
	int *qlevel;
	size_t nq;
	char **uri, **olabel; /* occupations */
	int *isco;
	size_t nocc;
	char **region;
	size_t nregion;
	lw_arena arena;
} ref;

static char *dup(lw_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return lw_arena_strdup(a, t ? (const char *)t : "");
}

/* Loads one query's rows into parallel arena arrays (at most 4 columns). */
static int load(lw_store *s, ref *r, const char *sql, size_t *n, char ***c0, char ***c1,
		char ***c2, char ***c3, lw_err *err)
{
	int64_t count = 0;
	lw_buf q = LW_BUF_INIT;
	lw_buf_printf(&q, "SELECT count(*) FROM (%s)", sql);
	int rc = lw_store_int(s, lw_buf_cstr(&q), &count, err);
	lw_buf_free(&q);
	if (rc != LW_OK)
		return rc;
	char ***cols[] = {c0, c1, c2, c3};
	for (int k = 0; k < 4; k++)
		if (cols[k] && !(*cols[k] = lw_arena_alloc(&r->arena, (size_t)(count + 1) * sizeof(char *))))
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	sqlite3_stmt *st;
	if ((rc = lw_store_prepare(s, &st, sql, err)) != LW_OK)
		return rc;
	size_t i = 0;
	while (i < (size_t)count && sqlite3_step(st) == SQLITE_ROW) {
		for (int k = 0; k < 4; k++)
			if (cols[k] && !((*cols[k])[i] = dup(&r->arena, st, k))) {
				sqlite3_finalize(st);
				return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			}
		i++;
	}
	sqlite3_finalize(st);
	*n = i;
	return LW_OK;
}

static int load_reference(lw_store *s, ref *r, lw_err *err)
{
	char **inh = NULL, **level = NULL, **isco = NULL;
	int rc;
	if ((rc = load(s, r,
		       "SELECT code, inhabitants, coalesce(place, ''), '' FROM postcode "
		       "WHERE length(code) = 4 AND inhabitants > 0 AND municipality_code IS NOT NULL "
		       "ORDER BY code",
		       &r->npc, &r->pc, &inh, &r->place, NULL, err)) != LW_OK ||
	    (rc = load(s, r, "SELECT crebo, name, pathways, level FROM qualification ORDER BY crebo",
		       &r->nq, &r->crebo, &r->qname, &r->qpath, &level, err)) != LW_OK ||
	    (rc = load(s, r, "SELECT uri, label, isco_group, '' FROM occupation ORDER BY uri",
		       &r->nocc, &r->uri, &r->olabel, &isco, NULL, err)) != LW_OK ||
	    (rc = load(s, r, "SELECT code, '', '', '' FROM region ORDER BY code", &r->nregion,
		       &r->region, NULL, NULL, NULL, err)) != LW_OK)
		return rc;
	if (!r->npc || !r->nq || !r->nocc || !r->nregion)
		return lw_err_set(err, LW_ENOTFOUND,
				  "voorbeeldgegevens bouwen op de referentiegegevens; laad die eerst "
				  "met 'leerwerk import reference'");
	r->cum = lw_arena_alloc(&r->arena, r->npc * sizeof *r->cum);
	r->qlevel = lw_arena_alloc(&r->arena, r->nq * sizeof *r->qlevel);
	r->isco = lw_arena_alloc(&r->arena, r->nocc * sizeof *r->isco);
	if (!r->cum || !r->qlevel || !r->isco)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	uint64_t total = 0;
	for (size_t i = 0; i < r->npc; i++)
		r->cum[i] = total += (uint64_t)strtoull(inh[i], NULL, 10);
	for (size_t i = 0; i < r->nq; i++)
		r->qlevel[i] = level[i][0] - '0';
	for (size_t i = 0; i < r->nocc; i++)
		r->isco[i] = isco[i][0] - '0';
	return LW_OK;
}

/* A PC4 area drawn by inhabitants (people live, learn and work there). */
static size_t pick_area(rng *g, const ref *r)
{
	uint64_t x = next(g) % r->cum[r->npc - 1];
	size_t lo = 0, hi = r->npc - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A PC6 postcode in an area drawn by inhabitants. */
static void pick_postcode(rng *g, const ref *r, char out[8], size_t *area)
{
	*area = pick_area(g, r);
	char a, b;
	do {
		a = (char)('A' + pick(g, 26));
		b = (char)('A' + pick(g, 26));
	} while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
	snprintf(out, 8, "%s%c%c", r->pc[*area], a, b);
}

/* A date n days after YYYY-MM-DD d (n may be negative). */
static void add_days(const char *d, int n, char out[11])
{
	struct tm t = {0};
	t.tm_year = atoi(d) - 1900;
	t.tm_mon = atoi(d + 5) - 1;
	t.tm_mday = atoi(d + 8) + n;
	t.tm_hour = 12;
	timegm(&t);
	strftime(out, 11, "%Y-%m-%d", &t);
}

static const char *const surnames[] = {
	"De Vries", "Jansen", "Bakker", "Visser",  "Smit",    "Meijer",	 "De Boer", "Mulder",
	"De Groot", "Bos",    "Vos",	"Peters",  "Hendriks", "Van Dijk", "Dekker", "Brouwer",
	"De Wit",   "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Kok", "Jacobs", "Vermeulen",
};
static const char *const trades[] = {
	"Bakkerij",	 "Installatiebedrijf", "Zorggroep",   "Autobedrijf",	 "Hotel",
	"Bouwbedrijf",	 "Kapsalon",	       "Transport",   "Drukkerij",	 "Tuincentrum",
	"ICT-diensten",	 "Restaurant",	       "Thuiszorg",   "Metaalbewerking", "Schildersbedrijf",
	"Elektrotechniek", "Logistiek",	       "Kinderopvang", "Groothandel",	 "Veehouderij",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { K_ROC, K_AOC, K_VAK, K_HBO, K_WO, K_PRIVATE, K_EVC, K_N };
static const char *const kind_names[K_N] = {"ROC",	   "AOC",	     "vakinstelling",
					    "hogeschool",  "universiteit",   "private opleider",
					    "EVC-aanbieder"};
static const char *const kind_prefix[K_N] = {"ROC",	      "Groen College", "Vakschool",
					     "Hogeschool",    "Universiteit",  "Opleidingsinstituut",
					     "EVC-centrum"};
/* Shares in percent, in the order above. */
static const int kind_share[K_N] = {45, 5, 5, 10, 3, 22, 10};

static int kind_of(rng *g)
{
	int x = (int)pick(g, 100), k = 0;
	while (k < K_N - 1 && x >= kind_share[k])
		x -= kind_share[k++];
	return k;
}

typedef struct provider {
	char code[12];
	int kind;
	char postcode[8];
} provider;

static int step(lw_store *s, sqlite3_stmt *st, lw_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? LW_OK : lw_store_fail(s, err, "voorbeeldgegevens schrijven mislukt");
}

static long scaled(double scale, long per)
{
	long n = lround(scale * (double)per);
	return n < 1 ? 1 : n;
}

int lw_demo_generate(lw_store *s, double scale, uint64_t seed, lw_demo_result *res, lw_err *err)
{
	memset(res, 0, sizeof *res);
	if (!(scale > 0 && scale <= 100))
		return lw_err_set(err, LW_EUSAGE, "de schaal moet groter dan 0 en hoogstens 100 zijn");
	ref r;
	memset(&r, 0, sizeof r);
	rng g = {seed};
	provider *prov = NULL;
	sqlite3_stmt *st[9] = {0};
	static const char *const sql[9] = {
		"INSERT INTO provider(code, name, kind, website, is_example) VALUES(?1, ?2, ?3, ?4, 1)",
		"INSERT OR IGNORE INTO provider_location(provider_code, postcode) VALUES(?1, ?2)",
		"INSERT INTO offering(code, provider_code, crebo, title, postcode, pathway, starts, "
		"months, cost_cents, language, is_example) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"'nl', 1)",
		"INSERT INTO evc_procedure(code, provider_code, crebo, price_cents, weeks, "
		"accredited_until, is_example) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 1)",
		"INSERT OR IGNORE INTO evc_region(evc_code, region_code) VALUES(?1, ?2)",
		"INSERT INTO training_company(kvk, name, postcode, places, is_example) "
		"VALUES(?1, ?2, ?3, ?4, 1)",
		"INSERT OR IGNORE INTO training_company_recognition(kvk, crebo) VALUES(?1, ?2)",
		"INSERT INTO vacancy(code, kind, title, employer, postcode, occupation_uri, level, "
		"hours, published, closes, is_example) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, 1)",
		"INSERT INTO scheme(code, name, target_groups, conditions, amount, website, is_example) "
		"VALUES(?1, ?2, ?3, ?4, ?5, NULL, 1)",
	};
	int rc = lw_store_set_cache(s, LW_INGEST_CACHE_KIB, err);
	if (rc == LW_OK)
		rc = lw_store_begin(s, err);
	if (rc != LW_OK)
		return rc;
	/* Earlier example data goes; real rows stay. */
	if ((rc = lw_store_exec(s,
				"DELETE FROM offering WHERE is_example = 1;"
				"DELETE FROM evc_procedure WHERE is_example = 1;"
				"DELETE FROM provider WHERE is_example = 1;"
				"DELETE FROM training_company WHERE is_example = 1;"
				"DELETE FROM vacancy WHERE is_example = 1;"
				"DELETE FROM scheme WHERE is_example = 1;",
				err)) != LW_OK ||
	    (rc = load_reference(s, &r, err)) != LW_OK)
		goto out;
	for (int i = 0; i < 9; i++)
		if ((rc = lw_store_prepare(s, &st[i], sql[i], err)) != LW_OK)
			goto out;

	/* Providers and their locations. */
	/* At least one provider of every kind: the EVC and course rows below
	 * fall back on prov[K_EVC] and prov[K_ROC]. */
	long np = scaled(scale, PER_SCALE_PROVIDERS);
	if (np < K_N)
		np = K_N;
	if (!(prov = lw_calloc((size_t)np, sizeof *prov))) {
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		goto out;
	}
	char name[160], buf[64], pc[8];
	size_t area;
	for (long i = 0; i < np && rc == LW_OK; i++) {
		provider *p = &prov[i];
		p->kind = i < K_N ? (int)i : kind_of(&g); /* every kind at least once */
		if (p->kind == K_PRIVATE || p->kind == K_EVC)
			snprintf(p->code, sizeof p->code, "%08ld", (10000000L + i * 7L) % 100000000L);
		else
			snprintf(p->code, sizeof p->code, "%02ld%c%c", i % 100,
				 (char)('A' + (i / 100) % 26), (char)('A' + (i / 2600) % 26));
		pick_postcode(&g, &r, p->postcode, &area);
		snprintf(name, sizeof name, "%s %s", kind_prefix[p->kind], r.place[area]);
		snprintf(buf, sizeof buf, "https://voorbeeld.leerwerk.nl/%s", p->code);
		sqlite3_bind_text(st[0], 1, p->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[0], 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[0], 3, kind_names[p->kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st[0], 4, buf, -1, SQLITE_STATIC);
		rc = step(s, st[0], err);
		int locations = 1 + (int)pick(&g, 3);
		for (int k = 0; k < locations && rc == LW_OK; k++) {
			if (k)
				pick_postcode(&g, &r, pc, &area);
			sqlite3_bind_text(st[1], 1, p->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st[1], 2, k ? pc : p->postcode, -1, SQLITE_STATIC);
			rc = step(s, st[1], err);
		}
		res->providers++;
	}

	/* Offerings: qualifications at the mbo schools, courses elsewhere. */
	long no = scaled(scale, PER_SCALE_OFFERINGS);
	for (long i = 0; i < no && rc == LW_OK; i++) {
		const provider *p = &prov[pick(&g, (size_t)np)];
		if (p->kind == K_EVC)
			p = &prov[K_ROC]; /* EVC centres offer no courses */
		int mbo = p->kind == K_ROC || p->kind == K_AOC || p->kind == K_VAK;
		size_t q = pick(&g, r.nq);
		const char *pathway;
		char title[200], starts[40], d1[11], d2[11];
		long months, cents;
		if (mbo) {
			int bbl = strstr(r.qpath[q], "BBL") && (!strstr(r.qpath[q], "BOL") || pick(&g, 2));
			pathway = bbl ? "BBL" : "BOL";
			snprintf(title, sizeof title, "%s", r.qname[q]);
			months = 12 * (r.qlevel[q] <= 2 ? 1 + r.qlevel[q] / 2 : r.qlevel[q] - 1);
			cents = bbl ? 0 : 125000;
		} else {
			static const char *const ways[] = {"deeltijd", "cursus", "Associate degree",
							   "voltijd"};
			pathway = ways[p->kind == K_HBO ? pick(&g, 4) : p->kind == K_WO ? 0 : 1];
			size_t o = pick(&g, r.nocc);
			snprintf(title, sizeof title, "%s %s",
				 strcmp(pathway, "cursus") == 0 ? "Cursus" : "Opleiding", r.olabel[o]);
			months = strcmp(pathway, "cursus") == 0 ? 1 + (long)pick(&g, 6) : 24;
			cents = 20000 + (long)pick(&g, 40) * 10000;
		}
		add_days(REFERENCE_DAY, 30 + (int)pick(&g, 120), d1);
		add_days(d1, 140 + (int)pick(&g, 60), d2);
		snprintf(starts, sizeof starts, "%s;%s", d1, d2);
		snprintf(buf, sizeof buf, "%s-%ld", p->code, i);
		sqlite3_bind_text(st[2], 1, buf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 2, p->code, -1, SQLITE_STATIC);
		if (mbo)
			sqlite3_bind_text(st[2], 3, r.crebo[q], -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 4, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 5, p->postcode, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 6, pathway, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[2], 7, starts, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[2], 8, months);
		sqlite3_bind_int64(st[2], 9, cents);
		rc = step(s, st[2], err);
		res->offerings++;
	}

	/* EVC procedures: some accreditations have expired, as they do. */
	long ne = scaled(scale, PER_SCALE_EVC);
	for (long i = 0; i < ne && rc == LW_OK; i++) {
		const provider *p = &prov[K_EVC];
		for (int tries = 0; tries < 8; tries++) {
			const provider *c = &prov[pick(&g, (size_t)np)];
			if (c->kind == K_EVC || c->kind == K_ROC) {
				p = c;
				break;
			}
		}
		char until[11];
		add_days(REFERENCE_DAY, -300 + (int)pick(&g, 1400), until);
		snprintf(buf, sizeof buf, "evc-%ld", i);
		sqlite3_bind_text(st[3], 1, buf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[3], 2, p->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[3], 3, r.crebo[pick(&g, r.nq)], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[3], 4, 90000 + (long)pick(&g, 17) * 10000);
		sqlite3_bind_int64(st[3], 5, 8 + (long)pick(&g, 19));
		sqlite3_bind_text(st[3], 6, until, -1, SQLITE_STATIC);
		rc = step(s, st[3], err);
		int regions = 1 + (int)pick(&g, 3);
		for (int k = 0; k < regions && rc == LW_OK; k++) {
			sqlite3_bind_text(st[4], 1, buf, -1, SQLITE_STATIC);
			sqlite3_bind_text(st[4], 2, r.region[pick(&g, r.nregion)], -1, SQLITE_STATIC);
			rc = step(s, st[4], err);
		}
		res->evc++;
	}

	/* Training companies, recognised for one to four qualifications. */
	long nc = scaled(scale, PER_SCALE_COMPANIES);
	for (long i = 0; i < nc && rc == LW_OK; i++) {
		char kvk[12];
		snprintf(kvk, sizeof kvk, "%08ld", (30000000L + i) % 100000000L);
		pick_postcode(&g, &r, pc, &area);
		snprintf(name, sizeof name, "%s %s", trades[pick(&g, COUNT(trades))],
			 surnames[pick(&g, COUNT(surnames))]);
		sqlite3_bind_text(st[5], 1, kvk, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[5], 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[5], 3, pc, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[5], 4, (long)pick(&g, 4));
		rc = step(s, st[5], err);
		int n = 1 + (int)pick(&g, 4);
		for (int k = 0; k < n && rc == LW_OK; k++) {
			sqlite3_bind_text(st[6], 1, kvk, -1, SQLITE_STATIC);
			sqlite3_bind_text(st[6], 2, r.crebo[pick(&g, r.nq)], -1, SQLITE_STATIC);
			rc = step(s, st[6], err);
		}
		res->companies++;
	}

	/* Vacancies, learning jobs and internships for real occupations. */
	long nv = scaled(scale, PER_SCALE_VACANCIES);
	static const char *const levels[10] = {"hbo", "wo",    "hbo",   "hbo",	 "mbo-3",
					       "mbo-2", "mbo-3", "mbo-3", "mbo-2", "mbo-1"};
	for (long i = 0; i < nv && rc == LW_OK; i++) {
		size_t o = pick(&g, r.nocc);
		int x = (int)pick(&g, 10);
		const char *kind = x < 7 ? "vacature" : x < 9 ? "leerbaan" : "stage";
		char published[11], closes[11], title[200];
		add_days(REFERENCE_DAY, -(int)pick(&g, 60), published);
		add_days(published, 14 + (int)pick(&g, 46), closes);
		snprintf(title, sizeof title, "%s", r.olabel[o]);
		if (title[0] >= 'a' && title[0] <= 'z')
			title[0] = (char)(title[0] - 'a' + 'A');
		snprintf(name, sizeof name, "%s %s", trades[pick(&g, COUNT(trades))],
			 surnames[pick(&g, COUNT(surnames))]);
		pick_postcode(&g, &r, pc, &area);
		snprintf(buf, sizeof buf, "vac-%ld", i);
		sqlite3_bind_text(st[7], 1, buf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 3, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 4, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 5, pc, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 6, r.uri[o], -1, SQLITE_STATIC);
		int isco = r.isco[o] >= 0 && r.isco[o] <= 9 ? r.isco[o] : 9;
		sqlite3_bind_text(st[7], 7, levels[isco], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[7], 8, 16 + 4 * (long)pick(&g, 7));
		sqlite3_bind_text(st[7], 9, published, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[7], 10, closes, -1, SQLITE_STATIC);
		rc = step(s, st[7], err);
		res->vacancies++;
	}

	/* The schemes the plan names (conditions in brief; not legal advice). */
	static const char *const schemes[][5] = {
		{"evc-fiscaal", "Fiscale faciliteit EVC", "werkgever;werknemer",
		 "Kosten van een EVC-procedure zijn aftrekbaar voor de werkgever.",
		 "300 euro per procedure"},
		{"wva-bbl", "Afdrachtvermindering onderwijs (WVA)", "werkgever",
		 "Voor werkgevers met een werknemer die een bbl-opleiding volgt.",
		 "per werknemer per jaar"},
		{"oeno-fondsen", "Opleidings- en ontwikkelingsfondsen (O&O)", "werkgever;werknemer",
		 "Sectorfondsen uit de cao dragen bij aan scholing van werknemers.", "per sector"},
		{"levensloop", "Levensloopregeling", "werknemer",
		 "Sparen voor verlof, ook voor scholing.", NULL},
	};
	for (size_t i = 0; i < COUNT(schemes) && rc == LW_OK; i++) {
		for (int k = 0; k < 5; k++)
			if (schemes[i][k])
				sqlite3_bind_text(st[8], k + 1, schemes[i][k], -1, SQLITE_STATIC);
		rc = step(s, st[8], err);
		res->schemes++;
	}
out:
	for (int i = 0; i < 9; i++)
		sqlite3_finalize(st[i]);
	lw_free(prov);
	lw_arena_free(&r.arena);
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc != LW_OK) {
		lw_store_rollback(s);
		memset(res, 0, sizeof *res);
	}
	lw_store_set_cache(s, 0, NULL);
	return rc;
}

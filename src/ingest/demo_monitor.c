/*
 * demo_monitor.c - example data for the monitor (docs/internals/demo.md,
 * "The monitor"): 44 covenants over real labour-market regions,
 * municipalities and sectors, the shares of the programme's targets they
 * adopt, trajectories 2005-2011 consistent with the plan's starting
 * position and targets, double registrations, status updates delivered
 * later, and expenditures per budget line and year.
 *
 * The volumes come from the loaded default programme, never from constants
 * of their own: the starting position per kind, the national target per
 * year, the sub-targets, the budget. What the plan does not say (seasons,
 * durations, drop-out, ages, how far behind a covenant is) is in the tables
 * below, each with its reason.
 *
 * Trajectories go through the monitor's registrar like any import: a
 * generated BSN (valid by the eleven-test) becomes a pseudonym under a fixed
 * demo key, so no BSN reaches the database. The same records can be written
 * as a CSV file of `import trajecten` for the benchmark (bench/monitor).
 *
 * Deterministic: splitmix64 from the seed, the reference data read in key
 * order, dates from the programme's years only.
 */
#include "lw_demo_monitor.h"

#include "lw_ingest.h"
#include "lw_monitor.h"
#include "lw_programme.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define P LW_DEMO_MONITOR_PREFIX

/* The first year of example trajectories and the day the data stop: the
 * last day of the programme, read as "the state of the registrations at
 * the end of 2011". What ends later is still running on that day. */
#define FIRST_YEAR 2005
#define LAST_YEAR 2011
#define NYEARS (LAST_YEAR - FIRST_YEAR + 1)

/*
 * The demo key: 32 bytes, "leerwerk-voorbeeldsleutel-2005-1" in ASCII. It
 * is public, so demo pseudonyms are no secret; they are of invented people.
 * Real registrations (another key) never meet them.
 */
static const char demo_key_hex[] =
    "6c6565727765726b2d766f6f726265656c64736c657574656c2d323030352d31";

/* ---- random numbers ---------------------------------------------------------------- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL); /* splitmix64, as demo.c */
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int pick(rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

/* Uniform in [0, 1). */
static double unit(rng *r)
{
	return (double)(next(r) >> 11) * 0x1.0p-53;
}

/* An index drawn by the weights w[0..n) (percentages or any scale). */
static int draw(rng *r, const int *w, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	int x = pick(r, sum);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* An index drawn from cumulative weights cum[0..n) (ascending, cum[n-1] > 0). */
static int draw_cum(rng *r, const double *cum, int n)
{
	double x = unit(r) * cum[n - 1];
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- days ---------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static int32_t days_of(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void date_text(int32_t z, char out[11])
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)yoe + era * 400 + (m <= 2);
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, 10);
	out[10] = 0;
}

/* 0 Sunday ... 6 Saturday (1970-01-01 was a Thursday). */
static int weekday(int32_t day)
{
	return (int)((day % 7 + 11) % 7);
}

/* ---- what the plan does not say ------------------------------------------------------ */

/*
 * Starts per month, in percent of a year. Dual learning follows the school
 * year: most start in September, a second intake in February, hardly any in
 * July and August, few in December. EVC has the same holidays and less of
 * the school year.
 */
static const int month_weight[LW_MON_NKINDS][12] = {
    [LW_MON_KIND_EVC] = {9, 11, 10, 9, 8, 8, 3, 4, 14, 11, 9, 4},
    [LW_MON_KIND_DUAAL] = {7, 12, 8, 7, 6, 5, 2, 4, 22, 13, 9, 5},
};

/* The starting position's years, in percent of its total: a programme that grew. */
static const int start_split[LW_MON_NKINDS][3] = {
    [LW_MON_KIND_EVC] = {19, 34, 47},
    [LW_MON_KIND_DUAAL] = {23, 35, 42},
};

/* EVC's share of the trajectories in the programme's years, in percent: it grows
 * with the 20,000 EVC for youths. */
static const int evc_percent[] = {42, 45, 47, 48, 48};

/* What a covenant realises of what it adopted, per programme year: a slow
 * first year (the plan is from late 2007), then the pace picks up. The year
 * after the national target's last (2011 has none) is measured against the
 * last adopted year. */
static const int year_percent[] = {88, 100, 107, 98, 98};

/* Of the national target, the covenants adopt 96% together: the rest is
 * unadopted, as the monitor must be able to show. */
#define ADOPTED_NATIONAL 96
/* The sub-targets for job seekers and youths: 92% and 88% adopted. */
#define ADOPTED_JOBSEEKERS 92
#define ADOPTED_YOUTHS 88
/* Agriculture: the green sectoral covenant 55%, rural regions 38%. */
#define ADOPTED_GREEN 55
#define ADOPTED_RURAL 38
/* The Antilles have no number in the plan: their covenant adopts what the
 * budget line pays for at this cost per trajectory (euro). */
#define ANTILLES_EUR_PER_TRAJECTORY 2200

/* Target groups of a trajectory as a covenant records them. */
enum {
	PR_HARD_TO_PLACE,
	PR_JOB_SEEKER,
	PR_RETURNER,
	PR_YOUTH,
	PR_EMPLOYEE,
	PR_SELF_EMPLOYED,
	PR_VOLUNTEER,
	PR_NONE,
	NPROFILES
};
static const char *const profile_groups[NPROFILES] = {
    "moeilijk-bemiddelbare-werkzoekende",
    "werkzoekende",
    "herintreder",
    "werkende-jongere-zonder-startkwalificatie",
    "werknemer",
    "zelfstandige",
    "vrijwilliger",
    "",
};
/*
 * Percentages per period (0: the starting position, 1: the programme) and
 * kind. The programme turns to hard-to-place job seekers (30,000 of the
 * 90,000) and to EVC for working youths (20,000).
 */
static const int profile_weight[2][LW_MON_NKINDS][NPROFILES] = {
    {
        [LW_MON_KIND_EVC] = {10, 12, 5, 12, 48, 4, 3, 6},
        [LW_MON_KIND_DUAAL] = {12, 10, 3, 8, 55, 1, 0, 11},
    },
    {
        [LW_MON_KIND_EVC] = {22, 6, 4, 38, 22, 3, 2, 3},
        [LW_MON_KIND_DUAAL] = {30, 7, 3, 8, 44, 1, 0, 7},
    },
};

/* Levels (LW_MON_LEVEL_*, percent) by kind, and for youths and hard-to-place
 * job seekers, who mostly work towards a basic qualification (mbo-2). */
static const int level_weight[4][LW_MON_NLEVELS] = {
    /* mbo-1 mbo-2 mbo-3 mbo-4 ad hbo wo branche */
    {1, 22, 33, 22, 3, 11, 1, 7}, /* EVC */
    {5, 33, 32, 18, 2, 3, 0, 7},  /* duaal */
    {15, 65, 20, 0, 0, 0, 0, 0},  /* youths */
    {12, 48, 25, 5, 0, 0, 0, 10}, /* hard-to-place */
};

/* Sectors of a regional covenant's trajectories (percent); agriculture is
 * weighed by the region's own factor. */
static const int sector_weight[LW_MON_NSECTORS] = {24, 22, 6, 4, 6, 11, 8, 10, 5, 4};

/* Dual learning: months to a diploma and the chance of stopping, per level;
 * hard-to-place job seekers stop more often. EVC: 2-6 months, 8% stop. */
static const int duaal_months[LW_MON_NLEVELS] = {12, 24, 30, 42, 24, 42, 36, 12};
static const int duaal_stop_pct[LW_MON_NLEVELS] = {38, 34, 28, 22, 25, 30, 30, 15};
#define HARD_TO_PLACE_EXTRA_STOP 6
#define EVC_STOP_PCT 8

/* Of every 1000 trajectories: another covenant registers it too; its own
 * covenant registers it a second time. Of dual trajectories, 40 in 1000 are
 * of someone who did an EVC procedure first. */
#define DOUBLE_PER_MILLE 25
#define SELF_DOUBLE_PER_MILLE 2
/* Some covenants deliver twice (demo only): new registrations first, their
 * ends later. Of their trajectories that ended, 300 in 1000 came as started
 * first. One covenant in UPDATE_EVERY does (the registrar's counts are
 * flushed per covenant, so few covenants keep the second delivery cheap). */
#define UPDATE_EVERY 8
#define UPDATE_PER_MILLE 300
#define EVC_THEN_DUAAL_PER_MILLE 40
/* Workplaces given as a postcode too (the registrar checks they agree). */
#define POSTCODE_PER_MILLE 200

/* Sectors of the mbo domains (mbo_domain.nr), 0: none. */
static int domain_sector(int nr)
{
	static const int map[] = {
	    -1,
	    LW_MON_SECTOR_TECHNIEK,        /* 1 bouw en infra */
	    LW_MON_SECTOR_TECHNIEK,        /* 2 afbouw, hout en onderhoud */
	    LW_MON_SECTOR_TECHNIEK,        /* 3 techniek en procesindustrie */
	    LW_MON_SECTOR_TECHNIEK,        /* 4 ambacht, laboratorium, gezondheidstechniek */
	    LW_MON_SECTOR_DIENSTVERLENING, /* 5 media en vormgeving */
	    LW_MON_SECTOR_TECHNIEK,        /* 6 ICT */
	    LW_MON_SECTOR_TECHNIEK,        /* 7 mobiliteit en voertuigen */
	    LW_MON_SECTOR_TRANSPORT,       /* 8 transport, scheepvaart en logistiek */
	    LW_MON_SECTOR_HANDEL,          /* 9 handel en ondernemerschap */
	    LW_MON_SECTOR_DIENSTVERLENING, /* 10 economie en administratie */
	    LW_MON_SECTOR_OVERHEID,        /* 11 veiligheid en sport */
	    LW_MON_SECTOR_DIENSTVERLENING, /* 12 uiterlijke verzorging */
	    LW_MON_SECTOR_HORECA,          /* 13 horeca en bakkerij */
	    LW_MON_SECTOR_HORECA,          /* 14 toerisme en recreatie */
	    LW_MON_SECTOR_ZORG,            /* 15 zorg en welzijn */
	    LW_MON_SECTOR_LANDBOUW,        /* 16 voedsel, natuur en leefomgeving */
	};
	return nr > 0 && nr < (int)(sizeof map / sizeof map[0]) ? map[nr] : -1;
}

/* ---- the covenants ------------------------------------------------------------------- */

typedef struct covenant_def {
	const char *code, *name;
	/* Regional: ';'-separated AMnn, GMnnnn, "AMnn-GMnnnn" (the region
	 * without that municipality) or "ANT"; NULL for a sectoral covenant. */
	const char *areas;
	int sector;   /* sectoral: its sector; regional: -1 */
	int since;    /* its first year of trajectories */
	int size_pm;  /* sectoral: per mille of the national volume */
	int evc_pct;  /* EVC's weight against the national mix (100: the same) */
	int agri_pct; /* regional: agriculture against the national mix */
} covenant_def;

/* The 44 regional and sectoral covenants of the starting position. */
static const covenant_def defs[] = {
    {P "groningen", "Leerwerkakkoord Groningen", "AM01", -1, 2005, 0, 100, 200},
    {P "fryslan", "Convenant Leren en Werken Fryslân", "AM02", -1, 2005, 0, 100, 250},
    {P "drenthe", "Leren & Werken Drenthe", "AM03", -1, 2006, 0, 100, 250},
    {P "twente", "Leerwerkakkoord Twente", "AM05", -1, 2005, 0, 90, 120},
    {P "stedendriehoek", "Convenant Leven Lang Leren Stedendriehoek", "AM06", -1, 2006, 0, 100,
     150},
    {P "midden-gelderland", "Regionaal Convenant Leren & Werken Midden-Gelderland", "AM07", -1,
     2005, 0, 100, 100},
    {P "rijk-van-nijmegen", "Leerwerkakkoord Rijk van Nijmegen", "AM08", -1, 2005, 0, 110, 80},
    {P "achterhoek", "Leren & Werken in de Achterhoek", "AM09", -1, 2006, 0, 90, 250},
    {P "rivierenland", "Convenant EVC en Duaal Rivierenland", "AM10;AM35", -1, 2006, 0, 100, 200},
    {P "flevoland", "Leerwerkakkoord Flevoland", "AM11", -1, 2005, 0, 100, 200},
    {P "gooi-vechtstreek", "Leren & Werken Gooi en Vechtstreek", "AM12", -1, 2006, 0, 120, 50},
    {P "utrecht", "Convenant Leren & Werken Regio Utrecht", "AM13", -1, 2005, 0, 120, 40},
    {P "amersfoort", "Leerwerkakkoord Regio Amersfoort", "AM14", -1, 2006, 0, 110, 80},
    {P "noord-holland-noord", "Leren & Werken Noord-Holland Noord", "AM15", -1, 2005, 0, 100, 250},
    {P "zaanstreek-waterland", "Convenant Leren & Werken Zaanstreek-Waterland", "AM17", -1, 2006, 0,
     100, 80},
    {P "amsterdam", "Amsterdams Leerwerkakkoord", "GM0363", -1, 2005, 0, 120, 10},
    {P "amstelland-meerlanden", "Leren & Werken Amstelland en de Meerlanden", "AM18-GM0363", -1,
     2006, 0, 100, 150},
    {P "holland-rijnland", "Leerwerkakkoord Holland Rijnland", "AM19", -1, 2005, 0, 100, 150},
    {P "midden-holland", "Leren & Werken Midden-Holland", "AM20", -1, 2006, 0, 100, 120},
    {P "haaglanden", "Convenant Leren & Werken Haaglanden", "AM21", -1, 2005, 0, 110, 120},
    {P "rijnmond", "Leerwerkakkoord Rijnmond", "AM22", -1, 2005, 0, 90, 50},
    {P "drechtsteden", "Leren & Werken Drechtsteden", "AM23", -1, 2006, 0, 90, 40},
    {P "zeeland", "Convenant Leren & Werken Zeeland", "AM24", -1, 2005, 0, 100, 250},
    {P "west-brabant", "Leren & Werken West-Brabant", "AM25", -1, 2005, 0, 100, 150},
    {P "midden-brabant", "Leerwerkakkoord Midden-Brabant", "AM26", -1, 2006, 0, 100, 100},
    {P "noordoost-brabant", "Convenant Leren & Werken Noordoost-Brabant", "AM27", -1, 2005, 0, 90,
     250},
    {P "brainport", "Leren & Werken Brainportregio", "AM28;AM32", -1, 2005, 0, 80, 80},
    {P "noord-midden-limburg", "Leerwerkakkoord Noord- en Midden-Limburg", "AM29;AM33", -1, 2005, 0,
     90, 250},
    {P "zuid-limburg", "Leerwerkakkoord Zuid-Limburg", "AM30", -1, 2005, 0, 110, 60},
    {P "zuid-holland-centraal", "Leren & Werken Zuid-Holland Centraal", "AM34", -1, 2006, 0, 100,
     80},
    {P "regio-zwolle", "Convenant Leren & Werken Regio Zwolle", "AM36", -1, 2005, 0, 100, 180},
    {P "kennemerland-ijmond", "Leren & Werken Zuid-Kennemerland en IJmond", "AM37", -1, 2006, 0,
     100, 60},
    {P "foodvalley", "Leren & Werken FoodValley", "AM38", -1, 2006, 0, 100, 250},
    {P "antillen", "Leren & Werken Nederlandse Antillen", "ANT", -1, 2008, 0, 100, 50},
    {P "zorg-welzijn", "Sectorconvenant EVC Zorg en Welzijn", NULL, LW_MON_SECTOR_ZORG, 2005, 60,
     150, 0},
    {P "ziekenhuizen", "Leren & Werken in de Ziekenhuisbranche", NULL, LW_MON_SECTOR_ZORG, 2006, 25,
     120, 0},
    {P "metaal-techniek", "Leerwerkakkoord Metaal en Techniek", NULL, LW_MON_SECTOR_TECHNIEK, 2005,
     45, 60, 0},
    {P "installatie", "Convenant Duaal Leren Installatietechniek", NULL, LW_MON_SECTOR_TECHNIEK,
     2006, 25, 50, 0},
    {P "bouw-infra", "Leren & Werken in de Bouw en Infra", NULL, LW_MON_SECTOR_TECHNIEK, 2005, 30,
     60, 0},
    {P "groen", "Leren & Werken in het Groen", NULL, LW_MON_SECTOR_LANDBOUW, 2005, 50, 80, 0},
    {P "transport-logistiek", "Convenant Leren & Werken Transport en Logistiek", NULL,
     LW_MON_SECTOR_TRANSPORT, 2006, 20, 100, 0},
    {P "horeca", "Leerwerkakkoord Horeca", NULL, LW_MON_SECTOR_HORECA, 2006, 15, 90, 0},
    {P "detailhandel", "Convenant EVC Detailhandel", NULL, LW_MON_SECTOR_HANDEL, 2006, 15, 140, 0},
    {P "defensie", "Convenant EVC Defensie", NULL, LW_MON_SECTOR_OVERHEID, 2006, 10, 250, 0},
};
#define NCOV ((int)(sizeof defs / sizeof defs[0]))

/* ---- the state of a run -------------------------------------------------------------- */

typedef struct muni {
	const char *code;
	int region; /* index in regions */
	double inhabitants, area;
	int pc_first, pc_n; /* its PC4 areas in pcs */
} muni;

typedef struct pc4 {
	char code[5];
	double cum; /* inhabitants, cumulative within its municipality */
} pc4;

typedef struct covenant {
	const covenant_def *def;
	int antilles;
	int *munis; /* its workplaces (regional), by code */
	double *cum_inh, *cum_area;
	int nmunis;
	const char **area_codes; /* as stored */
	int nareas;
	double weight;         /* share of the national volume */
	double perf;           /* what it realises of what it adopts */
	long adopted[NYEARS];  /* of the national target; the Antilles: of theirs */
	long realised[NYEARS]; /* registrations that count for it, for the expenditures */
} covenant;

/* One trajectory as generated. */
typedef struct rec {
	int cov;
	uint64_t person;
	int kind, level, sector, profile, age, status, outcome, volunteer_seeking;
	int muni, pc, qual; /* -1: none */
	int32_t start, end;
	int update;
} rec;

/* A recent EVC participant who may start a dual trajectory later. */
typedef struct former {
	uint64_t person;
	int age;
	int32_t start;
	int used;
} former;

#define NFORMER 1024

typedef struct gen gen;
typedef int (*sink_fn)(gen *g, const rec *r, lw_err *err);

struct gen {
	lw_store *store;
	const lw_programme *prog;
	double scale;
	uint64_t seed; /* of the run: the BSNs depend on it */
	rng r;
	lw_arena arena;
	muni *munis;
	int nmunis;
	pc4 *pcs;
	int npcs;
	const char **regions;
	int nregions;
	double *cum_inh_all, *cum_area_all; /* over every municipality */
	const char **crebos;
	int *qual_of[LW_MON_NSECTORS][4]; /* qualification indexes per sector and mbo level */
	int nqual_of[LW_MON_NSECTORS][4];
	int *qual_level[4]; /* per mbo level, any sector */
	int nqual_level[4];
	covenant cov[NCOV];
	int *muni_cov; /* the regional covenant of a municipality, or -1 */
	int prog_first, prog_last, start_first, start_last;
	int32_t cutoff;
	/* the run */
	sink_fn sink;
	uint64_t person_base, next_person;
	former formers[NFORMER];
	int nformers;
	long rows, max_rows;
	int stop;
	lw_demo_monitor_result *res;
	/* the registrar's sink */
	lw_monitor_reg *reg;
	int64_t tag;
	rec *updates;
	size_t nupdates, capupdates;
	/* the CSV sink */
	FILE *out;
};

static const char *sector_code(int s)
{
	return lw_monitor_sectors()[s].code;
}

/* ---- reading the reference data ------------------------------------------------------ */

static int nomem(lw_err *err)
{
	return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
}

static int load_reference(gen *g, lw_err *err)
{
	lw_store *s = g->store;
	int64_t n;
	int rc;
	sqlite3_stmt *st = NULL;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM municipality", &n, err)) != LW_OK)
		return rc;
	int64_t nq = 0, nr = 0;
	if ((rc = lw_store_int(s, "SELECT count(*) FROM qualification", &nq, err)) != LW_OK ||
	    (rc = lw_store_int(s, "SELECT count(*) FROM region", &nr, err)) != LW_OK)
		return rc;
	if (!n || !nq || !nr)
		return lw_err_set(
		    err, LW_ENOTFOUND,
		    "voorbeeldgegevens bouwen op de referentiegegevens; laad die eerst "
		    "met 'leerwerk import reference'");
	/* Regions. */
	g->regions = lw_arena_alloc(&g->arena, (size_t)nr * sizeof *g->regions);
	if (!g->regions)
		return nomem(err);
	if ((rc = lw_store_prepare(s, &st, "SELECT code FROM region ORDER BY code", err)) != LW_OK)
		return rc;
	while (g->nregions < nr && sqlite3_step(st) == SQLITE_ROW)
		g->regions[g->nregions++] =
		    lw_arena_strdup(&g->arena, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* Municipalities with their inhabitants and land. */
	g->munis = lw_arena_alloc(&g->arena, (size_t)n * sizeof *g->munis);
	g->cum_inh_all = lw_arena_alloc(&g->arena, (size_t)n * sizeof(double));
	g->cum_area_all = lw_arena_alloc(&g->arena, (size_t)n * sizeof(double));
	g->muni_cov = lw_arena_alloc(&g->arena, (size_t)n * sizeof(int));
	if (!g->munis || !g->cum_inh_all || !g->cum_area_all || !g->muni_cov)
		return nomem(err);
	if ((rc = lw_store_prepare(
	         s, &st,
	         "SELECT m.code, m.region_code, coalesce(sum(p.inhabitants), 0), "
	         "coalesce(sum(p.area_km2), 0) FROM municipality m LEFT JOIN "
	         "postcode p ON p.municipality_code = m.code AND length(p.code) = 4 "
	         "GROUP BY m.code ORDER BY m.code",
	         err)) != LW_OK)
		return rc;
	double ci = 0, ca = 0;
	while (g->nmunis < n && sqlite3_step(st) == SQLITE_ROW) {
		muni *m = &g->munis[g->nmunis];
		const char *region = (const char *)sqlite3_column_text(st, 1);
		m->code = lw_arena_strdup(&g->arena, (const char *)sqlite3_column_text(st, 0));
		if (!m->code) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		m->region = -1;
		for (int i = 0; i < g->nregions; i++)
			if (region && !strcmp(g->regions[i], region))
				m->region = i;
		m->inhabitants = sqlite3_column_double(st, 2);
		m->area = sqlite3_column_double(st, 3);
		g->cum_inh_all[g->nmunis] = ci += m->inhabitants;
		g->cum_area_all[g->nmunis] = ca += m->area;
		g->muni_cov[g->nmunis] = -1;
		g->nmunis++;
	}
	sqlite3_finalize(st);
	if (ci <= 0 || ca <= 0)
		return lw_err_set(err, LW_ENOTFOUND,
		                  "voorbeeldgegevens van de monitor hebben de postcodegebieden met "
		                  "inwoners nodig; laad die eerst met 'leerwerk import reference'");
	/* PC4 areas by municipality. */
	int64_t np;
	if ((rc = lw_store_int(s,
	                       "SELECT count(*) FROM postcode WHERE length(code) = 4 AND "
	                       "inhabitants > 0 AND municipality_code IS NOT NULL",
	                       &np, err)) != LW_OK)
		return rc;
	g->pcs = lw_arena_alloc(&g->arena, (size_t)(np + 1) * sizeof *g->pcs);
	if (!g->pcs)
		return nomem(err);
	if ((rc = lw_store_prepare(
	         s, &st,
	         "SELECT code, municipality_code, inhabitants FROM postcode WHERE "
	         "length(code) = 4 AND inhabitants > 0 AND municipality_code IS NOT "
	         "NULL ORDER BY municipality_code, code",
	         err)) != LW_OK)
		return rc;
	int mi = 0;
	double cum = 0;
	while (g->npcs < np && sqlite3_step(st) == SQLITE_ROW) {
		const char *mc = (const char *)sqlite3_column_text(st, 1);
		while (mi < g->nmunis && strcmp(g->munis[mi].code, mc) < 0)
			mi++;
		if (mi == g->nmunis || strcmp(g->munis[mi].code, mc) != 0)
			continue;
		muni *m = &g->munis[mi];
		if (!m->pc_n) {
			m->pc_first = g->npcs;
			cum = 0;
		}
		pc4 *p = &g->pcs[g->npcs++];
		snprintf(p->code, sizeof p->code, "%s", (const char *)sqlite3_column_text(st, 0));
		p->cum = cum += sqlite3_column_double(st, 2);
		m->pc_n++;
	}
	sqlite3_finalize(st);
	/* Qualifications by sector (their domain) and level. */
	g->crebos = lw_arena_alloc(&g->arena, (size_t)nq * sizeof *g->crebos);
	int *lev = lw_arena_alloc(&g->arena, (size_t)nq * sizeof(int));
	int *sec = lw_arena_alloc(&g->arena, (size_t)nq * sizeof(int));
	if (!g->crebos || !lev || !sec)
		return nomem(err);
	if ((rc =
	         lw_store_prepare(s, &st,
	                          "SELECT q.crebo, q.level, coalesce(d.nr, 0) FROM qualification q "
	                          "LEFT JOIN mbo_dossier o ON o.crebo = q.dossier_crebo LEFT JOIN "
	                          "mbo_domain d ON d.crebo = o.domain_crebo ORDER BY q.crebo",
	                          err)) != LW_OK)
		return rc;
	int nqual = 0;
	while (nqual < nq && sqlite3_step(st) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 1);
		if (level < 1 || level > 4)
			continue;
		g->crebos[nqual] =
		    lw_arena_strdup(&g->arena, (const char *)sqlite3_column_text(st, 0));
		lev[nqual] = level - 1;
		sec[nqual] = domain_sector(sqlite3_column_int(st, 2));
		nqual++;
	}
	sqlite3_finalize(st);
	/* Counted first, then filled. */
	for (int i = 0; i < nqual; i++) {
		g->nqual_level[lev[i]]++;
		if (sec[i] >= 0)
			g->nqual_of[sec[i]][lev[i]]++;
	}
	for (int l = 0; l < 4; l++) {
		g->qual_level[l] =
		    lw_arena_alloc(&g->arena, (size_t)(g->nqual_level[l] + 1) * sizeof(int));
		if (!g->qual_level[l])
			return nomem(err);
		g->nqual_level[l] = 0;
		for (int k = 0; k < LW_MON_NSECTORS; k++) {
			g->qual_of[k][l] = lw_arena_alloc(
			    &g->arena, (size_t)(g->nqual_of[k][l] + 1) * sizeof(int));
			if (!g->qual_of[k][l])
				return nomem(err);
			g->nqual_of[k][l] = 0;
		}
	}
	for (int i = 0; i < nqual; i++) {
		int l = lev[i];
		g->qual_level[l][g->nqual_level[l]++] = i;
		if (sec[i] >= 0)
			g->qual_of[sec[i]][l][g->nqual_of[sec[i]][l]++] = i;
	}
	return LW_OK;
}

/* Adds municipality i to covenant c's workplaces (once). */
static int cov_add_muni(gen *g, covenant *c, int i, int *cap)
{
	for (int k = 0; k < c->nmunis; k++)
		if (c->munis[k] == i)
			return LW_OK;
	if (c->nmunis == *cap) {
		int ncap = *cap ? 2 * *cap : 16;
		int *m = lw_arena_alloc(&g->arena, (size_t)ncap * sizeof *m);
		if (!m)
			return LW_ENOMEM;
		if (c->nmunis)
			memcpy(m, c->munis, (size_t)c->nmunis * sizeof *m);
		c->munis = m;
		*cap = ncap;
	}
	c->munis[c->nmunis++] = i;
	return LW_OK;
}

static int cov_add_area(gen *g, covenant *c, const char *code, int *cap)
{
	if (c->nareas == *cap) {
		int ncap = *cap ? 2 * *cap : 8;
		const char **a = lw_arena_alloc(&g->arena, (size_t)ncap * sizeof *a);
		if (!a)
			return LW_ENOMEM;
		if (c->nareas)
			memcpy(a, c->area_codes, (size_t)c->nareas * sizeof *a);
		c->area_codes = a;
		*cap = ncap;
	}
	if (!(c->area_codes[c->nareas++] = lw_arena_strdup(&g->arena, code)))
		return LW_ENOMEM;
	return LW_OK;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The workplaces and area codes of the covenants, from their definitions. */
static int resolve_covenants(gen *g, lw_err *err)
{
	double inh_total = g->cum_inh_all[g->nmunis - 1], sectoral = 0;
	for (int c = 0; c < NCOV; c++)
		sectoral += defs[c].size_pm / 1000.0;
	for (int c = 0; c < NCOV; c++) {
		covenant *cv = &g->cov[c];
		cv->def = &defs[c];
		if (!defs[c].areas) {
			cv->weight = defs[c].size_pm / 1000.0;
			continue;
		}
		int mcap = 0, acap = 0;
		char buf[64];
		snprintf(buf, sizeof buf, "%s", defs[c].areas);
		char *save = NULL;
		for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
			char *minus = strchr(tok, '-');
			if (minus)
				*minus++ = 0;
			if (!strcmp(tok, LW_MON_ANTILLES)) {
				cv->antilles = 1;
				if (cov_add_area(g, cv, tok, &acap) != LW_OK)
					return nomem(err);
				continue;
			}
			int region = tok[0] == 'A';
			int added = 0;
			for (int i = 0; i < g->nmunis; i++) {
				const muni *m = &g->munis[i];
				int in = region
				             ? m->region >= 0 && !strcmp(g->regions[m->region], tok)
				             : !strcmp(m->code, tok);
				if (!in || (minus && !strcmp(m->code, minus)))
					continue;
				if (cov_add_muni(g, cv, i, &mcap) != LW_OK ||
				    ((minus || !region) &&
				     cov_add_area(g, cv, m->code, &acap) != LW_OK))
					return nomem(err);
				added = 1;
			}
			if (added && region && !minus && cov_add_area(g, cv, tok, &acap) != LW_OK)
				return nomem(err);
		}
		if (cv->nareas > 1)
			qsort(cv->area_codes, (size_t)cv->nareas, sizeof *cv->area_codes, by_code);
		/* Its workplaces in code order, with cumulative weights. */
		for (int i = 1; i < cv->nmunis; i++)
			for (int j = i; j > 0 && cv->munis[j] < cv->munis[j - 1]; j--) {
				int t = cv->munis[j];
				cv->munis[j] = cv->munis[j - 1];
				cv->munis[j - 1] = t;
			}
		cv->cum_inh = lw_arena_alloc(&g->arena, (size_t)(cv->nmunis + 1) * sizeof(double));
		cv->cum_area = lw_arena_alloc(&g->arena, (size_t)(cv->nmunis + 1) * sizeof(double));
		if (!cv->cum_inh || !cv->cum_area)
			return nomem(err);
		double ci = 0, ca = 0;
		for (int k = 0; k < cv->nmunis; k++) {
			const muni *m = &g->munis[cv->munis[k]];
			cv->cum_inh[k] = ci += m->inhabitants;
			cv->cum_area[k] = ca += m->area;
			if (g->muni_cov[cv->munis[k]] < 0)
				g->muni_cov[cv->munis[k]] = c;
		}
		/* A region without inhabitants in the data gets no trajectories. */
		if (ci <= 0 || ca <= 0)
			cv->nmunis = 0;
		cv->weight = cv->antilles || !cv->nmunis ? 0 : (1 - sectoral) * ci / inh_total;
	}
	/* What each covenant makes of what it adopts: on track (45 in 100),
	 * behind (40 in 100), far behind (15 in 100). */
	for (int c = 0; c < NCOV; c++) {
		double u = unit(&g->r), v = unit(&g->r);
		g->cov[c].perf = u < 0.45   ? 1.00 + 0.15 * v
		                 : u < 0.85 ? 0.86 + 0.12 * v
		                            : 0.60 + 0.18 * v;
	}
	return LW_OK;
}

/* ---- shares of the targets ------------------------------------------------------------- */

/* The value of target t in year y: its own split, or its total spread evenly
 * over the years up to its due year; LW_PROGRAMME_NONE when it has neither. */
static long target_year(const gen *g, const lw_programme_target *t, int y)
{
	long v = lw_programme_target_year(g->prog, t, y);
	if (v != LW_PROGRAMME_NONE)
		return v;
	for (int k = g->prog_first; k <= g->prog_last; k++)
		if (lw_programme_target_year(g->prog, t, k) != LW_PROGRAMME_NONE)
			return LW_PROGRAMME_NONE; /* a split without this year */
	if (t->total == LW_PROGRAMME_NONE || y > t->due_year)
		return LW_PROGRAMME_NONE;
	int years = t->due_year - g->prog_first + 1;
	return years > 0 ? t->total / years : LW_PROGRAMME_NONE;
}

/* 1 when the selection of t names sector s. */
static int selects_sector(const lw_programme_target *t, int s)
{
	for (size_t i = 0; i < t->sel.nsectors; i++)
		if (!strcmp(t->sel.sectors[i], sector_code(s)))
			return 1;
	return 0;
}

static int selects_antilles(const lw_programme_target *t)
{
	for (size_t i = 0; i < t->sel.nregions; i++)
		if (!strcmp(t->sel.regions[i], "antillen"))
			return 1;
	return 0;
}

/* The Antilles' yearly numbers: what their budget line pays for. */
static long antilles_year(const gen *g, int y)
{
	size_t n;
	const lw_programme_line *l = lw_programme_budget_lines(g->prog, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < l[i].ntargets; k++)
			if (!strcmp(l[i].targets[k], "antillen"))
				return lw_programme_line_amount(g->prog, &l[i], y) * 1000 /
				       ANTILLES_EUR_PER_TRAJECTORY;
	return 0;
}

/*
 * What covenant c adopts of target t in year y (0: nothing). The national
 * target and the general sub-targets go by the covenant's size; a sector's
 * target to the covenants of that sector and the rural regions; the
 * Antilles' to theirs.
 */
static long adopt(const gen *g, const lw_programme_target *t, int national, int c, int y)
{
	const covenant *cv = &g->cov[c];
	if (selects_antilles(t))
		return cv->antilles ? antilles_year(g, y) : 0;
	long v = target_year(g, t, y);
	if (v == LW_PROGRAMME_NONE || cv->antilles || cv->weight <= 0)
		return 0;
	double total = 0, mine = 0;
	int sector = -1;
	for (int s = 0; s < LW_MON_NSECTORS && sector < 0; s++)
		if (selects_sector(t, s))
			sector = s;
	if (t->sel.nsectors && sector < 0)
		return 0;
	if (sector >= 0) {
		/* Its sectoral covenants, and the regions where it is strong. */
		int sectoral = cv->def->sector == sector;
		int rural = !cv->def->areas ? 0 : cv->def->agri_pct >= 200;
		if (!sectoral && !rural)
			return 0;
		for (int k = 0; k < NCOV; k++) {
			const covenant *o = &g->cov[k];
			if (sectoral ? o->def->sector == sector
			             : o->def->areas && o->def->agri_pct >= 200 && !o->antilles)
				total += o->weight * (sectoral ? 1 : o->def->agri_pct);
		}
		mine = cv->weight * (sectoral ? 1 : cv->def->agri_pct);
		return total > 0 ? (long)floor(v * (sectoral ? ADOPTED_GREEN : ADOPTED_RURAL) /
		                               100.0 * mine / total)
		                 : 0;
	}
	int pct = national                              ? ADOPTED_NATIONAL
	          : t->sel.kinds == (1u << LW_KIND_EVC) ? ADOPTED_YOUTHS
	                                                : ADOPTED_JOBSEEKERS;
	for (int k = 0; k < NCOV; k++)
		total += g->cov[k].weight;
	return (long)floor(v * pct / 100.0 * cv->weight / total);
}

/* ---- one trajectory -------------------------------------------------------------------- */

/* A working day in month m of year y, drawn evenly (no Christmas, no New Year). */
static int32_t working_day(rng *r, int y, int m)
{
	int32_t first = days_of(y, m, 1);
	int32_t len = (m == 12 ? days_of(y + 1, 1, 1) : days_of(y, m + 1, 1)) - first;
	for (;;) {
		int32_t d = first + pick(r, len);
		int w = weekday(d);
		int dom = d - first + 1;
		if (w == 0 || w == 6 || (m == 12 && (dom == 25 || dom == 26)) ||
		    (m == 1 && dom == 1))
			continue;
		return d;
	}
}

/* Two uniforms averaged: a triangle over [lo, lo + span]. */
static int triangle(rng *r, int lo, int span)
{
	return lo + (int)((unit(r) + unit(r)) / 2 * span);
}

static int age_of(rng *r, int profile, int kind, int level)
{
	int higher =
	    level == LW_MON_LEVEL_AD || level == LW_MON_LEVEL_HBO || level == LW_MON_LEVEL_WO;
	switch (profile) {
	case PR_YOUTH:
		return kind == LW_MON_KIND_EVC ? 18 + pick(r, 6) : 17 + pick(r, 7);
	case PR_HARD_TO_PLACE:
	case PR_JOB_SEEKER:
		return higher ? triangle(r, 24, 22) : triangle(r, 20, 42);
	case PR_RETURNER:
		return 28 + pick(r, 28);
	case PR_SELF_EMPLOYED:
		return triangle(r, 28, 34);
	case PR_VOLUNTEER:
		return 16 + pick(r, 55);
	case PR_EMPLOYEE:
		if (higher)
			return triangle(r, 24, 22);
		return kind == LW_MON_KIND_DUAAL ? 18 + (int)(32 * pow(unit(r), 1.7))
		                                 : triangle(r, 24, 38);
	default:
		return higher ? triangle(r, 24, 22) : triangle(r, 18, 44);
	}
}

/* A workplace of covenant c for sector s: municipality and maybe a PC4 area. */
static void workplace(gen *g, int c, int s, rec *t)
{
	const covenant *cv = &g->cov[c];
	int farm = s == LW_MON_SECTOR_LANDBOUW;
	t->muni = t->pc = -1;
	if (cv->antilles)
		return;
	if (cv->def->areas) {
		int k = draw_cum(&g->r, farm ? cv->cum_area : cv->cum_inh, cv->nmunis);
		t->muni = cv->munis[k];
	} else {
		t->muni = draw_cum(&g->r, farm ? g->cum_area_all : g->cum_inh_all, g->nmunis);
	}
	const muni *m = &g->munis[t->muni];
	if (m->pc_n && pick(&g->r, 1000) < POSTCODE_PER_MILLE) {
		double x = unit(&g->r) * g->pcs[m->pc_first + m->pc_n - 1].cum;
		int lo = m->pc_first, hi = m->pc_first + m->pc_n - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (g->pcs[mid].cum > x)
				hi = mid;
			else
				lo = mid + 1;
		}
		t->pc = lo;
	}
}

/* The end of t (completed or stopped) by the cut-off, or started. */
static void ending(gen *g, rec *t)
{
	rng *r = &g->r;
	int32_t end, duration;
	int stops;
	if (t->kind == LW_MON_KIND_EVC) {
		duration = 60 + pick(r, 121); /* 2 to 6 months */
		stops = pick(r, 100) < EVC_STOP_PCT + (t->profile == PR_HARD_TO_PLACE ? 4 : 0);
		end = t->start + (stops ? 20 + pick(r, 100) : duration);
	} else {
		duration = (int32_t)(duaal_months[t->level] * 30.44) + pick(r, 91) - 45;
		stops = pick(r, 100) <
		        duaal_stop_pct[t->level] +
		            (t->profile == PR_HARD_TO_PLACE ? HARD_TO_PLACE_EXTRA_STOP : 0);
		/* Most who stop do so early. */
		end =
		    t->start + (stops ? 14 + (int32_t)((0.05 + 0.75 * pow(unit(r), 1.6)) * duration)
		                      : duration);
	}
	t->outcome = -1;
	if (end > g->cutoff) {
		t->status = LW_MON_STATUS_STARTED;
		t->end = 0;
		return;
	}
	t->end = end;
	t->status = stops ? LW_MON_STATUS_STOPPED : LW_MON_STATUS_COMPLETED;
	if (stops)
		return;
	if (t->level == LW_MON_LEVEL_BRANCHE)
		t->outcome = LW_MON_OUTCOME_BRANCHECERTIFICAAT;
	else if (t->kind == LW_MON_KIND_EVC)
		t->outcome = LW_MON_OUTCOME_ERVARINGSCERTIFICAAT;
	else if (t->level <= LW_MON_LEVEL_MBO4 &&
	         pick(r, 100) < (t->level == LW_MON_LEVEL_MBO1 ? 25 : 4))
		t->outcome = LW_MON_OUTCOME_PRAKTIJKVERKLARING;
	else
		t->outcome = LW_MON_OUTCOME_DIPLOMA;
}

/* A new trajectory of covenant c and kind k starting in year y. */
static void trajectory(gen *g, int c, int k, int y, rec *t)
{
	rng *r = &g->r;
	const covenant *cv = &g->cov[c];
	memset(t, 0, sizeof *t);
	t->cov = c;
	t->kind = k;
	int period = y >= g->prog_first;
	t->profile = draw(r, profile_weight[period][k], NPROFILES);
	t->volunteer_seeking = t->profile == PR_VOLUNTEER && pick(r, 10) < 3;
	if (cv->def->sector >= 0) {
		t->sector = cv->def->sector;
	} else {
		int w[LW_MON_NSECTORS];
		memcpy(w, sector_weight, sizeof w);
		w[LW_MON_SECTOR_LANDBOUW] = w[LW_MON_SECTOR_LANDBOUW] * cv->def->agri_pct;
		for (int s = 0; s < LW_MON_NSECTORS; s++)
			if (s != LW_MON_SECTOR_LANDBOUW)
				w[s] *= 100;
		t->sector = draw(r, w, LW_MON_NSECTORS);
	}
	const int *lw = t->profile == PR_YOUTH ? level_weight[2]
	                : t->profile == PR_HARD_TO_PLACE
	                    ? level_weight[3]
	                    : level_weight[k == LW_MON_KIND_EVC ? 0 : 1];
	t->level = draw(r, lw, LW_MON_NLEVELS);
	t->qual = -1;
	if (t->level <= LW_MON_LEVEL_MBO4 && pick(r, 10) < 9) {
		int l = t->level - LW_MON_LEVEL_MBO1;
		int n = t->sector == LW_MON_SECTOR_OVERIG ? g->nqual_level[l]
		                                          : g->nqual_of[t->sector][l];
		if (n)
			t->qual = t->sector == LW_MON_SECTOR_OVERIG
			              ? g->qual_level[l][pick(r, n)]
			              : g->qual_of[t->sector][l][pick(r, n)];
	}
	t->start = working_day(r, y, 1 + draw(r, month_weight[k], 12));
	t->age = age_of(r, t->profile, k, t->level);
	t->person = g->person_base + g->next_person;
	/* Some who did an EVC procedure go on to a dual trajectory. */
	if (k == LW_MON_KIND_DUAAL && g->nformers && pick(r, 1000) < EVC_THEN_DUAAL_PER_MILLE) {
		former *f = &g->formers[pick(r, g->nformers)];
		if (!f->used && f->start < t->start) {
			f->used = 1;
			t->person = f->person;
			t->age = f->age + (int)((t->start - f->start) / 365);
			if (t->profile == PR_YOUTH && t->age > 23)
				t->profile = PR_EMPLOYEE;
		}
	}
	if (t->person == g->person_base + g->next_person)
		g->next_person++;
	if (t->age < LW_MON_AGE_MIN)
		t->age = LW_MON_AGE_MIN;
	if (t->age > LW_MON_AGE_MAX)
		t->age = LW_MON_AGE_MAX;
	if (k == LW_MON_KIND_EVC) {
		former *f = &g->formers[g->nformers < NFORMER ? g->nformers++ : pick(r, NFORMER)];
		*f = (former){t->person, t->age, t->start, 0};
	}
	workplace(g, c, t->sector, t);
	ending(g, t);
	t->update = c % UPDATE_EVERY == UPDATE_EVERY / 2 && t->status != LW_MON_STATUS_STARTED &&
	            pick(r, 1000) < UPDATE_PER_MILLE;
}

/* ---- the BSN ---------------------------------------------------------------------------- */

/*
 * The BSN of person p: a bijection from 0 .. 9 * 9,999,999 - 1 onto valid
 * BSNs. p / 9 picks seven digits (a permutation of 1 .. 9,999,999 mixed by
 * the seed); p % 9 picks one of the (at least nine) eighth digits for which
 * the check digit is not 10.
 */
static void bsn_of(uint64_t p, uint64_t seed, char out[10])
{
	const uint64_t m = 9999999; /* 3^2 * 239 * 4649; the multiplier shares no factor */
	uint64_t q = (p / 9) % m, k = p % 9;
	uint64_t prefix = 1 + (q * 7654321 + seed % m) % m;
	int s7 = 0;
	for (int i = 6; i >= 0; i--) {
		int d = (int)(prefix % 10);
		out[i] = (char)('0' + d);
		s7 += (9 - i) * d;
		prefix /= 10;
	}
	for (int d8 = 0; d8 <= 9; d8++) {
		int check = (s7 + 2 * d8) % 11;
		if (check == 10)
			continue;
		if (k-- == 0) {
			out[7] = (char)('0' + d8);
			out[8] = (char)('0' + check);
			out[9] = 0;
			return;
		}
	}
}

/* ---- the fields as a registration takes them -------------------------------------------- */

typedef struct rec_text {
	char bsn[10], start[11], end[11], age[8], groups[96];
	lw_trajectory_in in;
} rec_text;

static void to_text(const gen *g, uint64_t seed, const rec *t, int status, rec_text *x)
{
	memset(&x->in, 0, sizeof x->in);
	const char **f = x->in.f;
	bsn_of(t->person, seed, x->bsn);
	date_text(t->start, x->start);
	f[LW_TF_COVENANT] = g->cov[t->cov].def->code;
	f[LW_TF_BSN] = x->bsn;
	f[LW_TF_KIND] = lw_monitor_kinds()[t->kind].code;
	f[LW_TF_CREBO] = t->qual >= 0 ? g->crebos[t->qual] : "";
	f[LW_TF_LEVEL] = lw_monitor_levels()[t->level].code;
	f[LW_TF_SECTOR] = sector_code(t->sector);
	f[LW_TF_MUNICIPALITY] = t->muni >= 0 ? g->munis[t->muni].code : "antillen";
	f[LW_TF_POSTCODE] = t->pc >= 0 ? g->pcs[t->pc].code : "";
	f[LW_TF_START] = x->start;
	f[LW_TF_STATUS] = lw_monitor_statuses()[status].code;
	x->end[0] = 0;
	if (status != LW_MON_STATUS_STARTED)
		date_text(t->end, x->end);
	f[LW_TF_STATUS_DATE] = x->end;
	f[LW_TF_OUTCOME] = status == LW_MON_STATUS_COMPLETED && t->outcome >= 0
	                       ? lw_monitor_outcomes()[t->outcome].code
	                       : "";
	snprintf(x->groups, sizeof x->groups, "%s%s", t->volunteer_seeking ? "werkzoekende;" : "",
	         profile_groups[t->profile]);
	f[LW_TF_GROUPS] = x->groups;
	snprintf(x->age, sizeof x->age, "%d", t->age);
	f[LW_TF_AGE] = x->age;
}

/* ---- the sinks -------------------------------------------------------------------------- */

/* Checks and writes one registration with status; an invented record that
 * the registrar rejects is a fault of this generator. */
static int register_one(gen *g, const rec *t, int status, int *what, lw_err *err)
{
	rec_text x;
	lw_trajectory tr;
	lw_monitor_problems p;
	to_text(g, g->seed, t, status, &x);
	int rc = lw_monitor_reg_check(g->reg, &x.in, &tr, &p, err);
	if (rc == LW_OK)
		rc = lw_monitor_reg_write(g->reg, &tr, ++g->tag, what, &p, err);
	sodium_memzero(x.bsn, sizeof x.bsn);
	sodium_memzero(tr.pseudonym, sizeof tr.pseudonym);
	if (rc == LW_EINPUT)
		return lw_err_set(
		    err, LW_EDB, "interne fout: de monitor keurt een voorbeeldtraject af (%s: %s)",
		    p.n && p.e[0].field >= 0 ? lw_trajectory_field(p.e[0].field) : "traject",
		    p.n ? p.e[0].msg : "onbekende reden");
	return rc;
}

static int sink_registrar(gen *g, const rec *t, lw_err *err)
{
	int what;
	int rc = register_one(g, t, t->update ? LW_MON_STATUS_STARTED : t->status, &what, err);
	if (rc != LW_OK)
		return rc;
	if (what != LW_MON_ADDED)
		return lw_err_set(err, LW_EDB, "interne fout: een voorbeeldtraject bestond al");
	if (t->update) {
		if (g->nupdates == g->capupdates) {
			size_t cap = g->capupdates ? 2 * g->capupdates : 1024;
			rec *u = lw_realloc(g->updates, cap * sizeof *u);
			if (!u)
				return nomem(err);
			g->updates = u;
			g->capupdates = cap;
		}
		g->updates[g->nupdates++] = *t;
	}
	return LW_OK;
}

static int sink_csv(gen *g, const rec *t, lw_err *err)
{
	rec_text x;
	to_text(g, g->seed, t, t->status, &x);
	for (int f = 0; f < LW_NTF; f++)
		if (fputs(x.in.f[f], g->out) == EOF ||
		    fputc(f + 1 < LW_NTF ? ',' : '\n', g->out) == EOF)
			return lw_err_set(err, LW_EIO, "kan het CSV-bestand niet schrijven");
	return LW_OK;
}

static int sink_count(gen *g, const rec *t, lw_err *err)
{
	(void)g;
	(void)t;
	(void)err;
	return LW_OK;
}

/* Hands t to the sink, counts it, and stops at the row limit. */
static int emit(gen *g, const rec *t, int is_double, lw_err *err)
{
	if (g->stop)
		return LW_OK;
	int rc = g->sink(g, t, err);
	if (rc != LW_OK)
		return rc;
	g->rows++;
	g->res->trajectories++;
	g->res->doubles += is_double;
	if (g->max_rows && g->rows >= g->max_rows)
		g->stop = 1;
	return LW_OK;
}

/* The other covenant that may register t too, or -1: a sectoral covenant of
 * its sector for a regional one, the region of its workplace for a sectoral. */
static int partner(gen *g, const rec *t, int y)
{
	const covenant *cv = &g->cov[t->cov];
	if (cv->def->sector >= 0)
		return t->muni >= 0 ? g->muni_cov[t->muni] : -1;
	int found[NCOV], n = 0;
	for (int c = 0; c < NCOV; c++)
		if (g->cov[c].def->sector == t->sector && g->cov[c].def->since <= y)
			found[n++] = c;
	return n ? found[pick(&g->r, n)] : -1;
}

/* A second registration of t: by covenant c, starting shift days later. */
static int emit_double(gen *g, const rec *t, int c, int shift, lw_err *err)
{
	rec d = *t;
	d.cov = c;
	d.start = t->start + shift;
	d.update = 0;
	if (d.start > g->cutoff)
		return LW_OK;
	if (d.status != LW_MON_STATUS_STARTED && d.end < d.start)
		d.end = d.start;
	if (g->cov[c].def->areas && d.muni >= 0 && g->muni_cov[d.muni] != c)
		return LW_OK; /* a region only registers its own workplaces */
	return emit(g, &d, 1, err);
}

/* n trajectories of covenant c and kind k starting in year y, with their doubles. */
static int cell(gen *g, int c, int k, int y, long n, lw_err *err)
{
	int rc = LW_OK;
	for (long i = 0; i < n && rc == LW_OK && !g->stop; i++) {
		rec t;
		trajectory(g, c, k, y, &t);
		rc = emit(g, &t, 0, err);
		if (y >= g->prog_first)
			g->cov[c].realised[y - FIRST_YEAR]++;
		int x = pick(&g->r, 1000);
		if (rc == LW_OK && x < DOUBLE_PER_MILLE) {
			int o = partner(g, &t, y);
			if (o >= 0 && o != c)
				rc = emit_double(g, &t, o, pick(&g->r, 46), err);
		} else if (rc == LW_OK && x < DOUBLE_PER_MILLE + SELF_DOUBLE_PER_MILLE) {
			rc = emit_double(g, &t, c, 30 + pick(&g->r, 61), err);
		}
	}
	return rc;
}

/* ---- the volumes ------------------------------------------------------------------------ */

/* Splits total over n weights by largest remainder: exact, deterministic. */
static void apportion(long total, const double *w, int n, long *out)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	long given = 0;
	double rem[NCOV];
	for (int i = 0; i < n; i++) {
		double share = sum > 0 ? total * w[i] / sum : 0;
		out[i] = (long)floor(share);
		rem[i] = share - (double)out[i];
		given += out[i];
	}
	while (given < total && sum > 0) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (w[i] > 0 && (best < 0 || rem[i] > rem[best]))
				best = i;
		out[best]++;
		rem[best] = -1;
		given++;
	}
}

/* EVC's weight in covenant c against the national mix. */
static double evc_weight(const gen *g, int c, double national_evc)
{
	double b = g->cov[c].def->evc_pct / 100.0;
	return national_evc * b / (national_evc * b + (1 - national_evc));
}

/* The starting position's value of a kind ("duaal", "evc"); ruim: 2% more. */
static long start_value(const gen *g, const char *code)
{
	const lw_programme_start_item *it = lw_programme_start_find(g->prog, code);
	if (!it)
		return 0;
	return it->approx == LW_APPROX_RUIM ? it->value * 102 / 100 : it->value;
}

static int generate(gen *g, lw_err *err)
{
	int rc = LW_OK;
	double carry = 0;
	for (int y = FIRST_YEAR; y <= LAST_YEAR && rc == LW_OK && !g->stop; y++) {
		long n[NCOV][LW_MON_NKINDS];
		memset(n, 0, sizeof n);
		if (y >= g->start_first && y <= g->start_last) {
			/* The starting position: exact national numbers per kind and year. */
			int span = g->start_last - g->start_first + 1, i = y - g->start_first;
			for (int k = 0; k < LW_MON_NKINDS; k++) {
				long all = start_value(g, k == LW_MON_KIND_EVC ? "evc" : "duaal");
				double share = span == 3 ? start_split[k][i] / 100.0 : 1.0 / span;
				double w[NCOV];
				long part[NCOV];
				for (int c = 0; c < NCOV; c++) {
					const covenant *cv = &g->cov[c];
					double e = evc_weight(g, c, 1.0 / 3);
					w[c] = cv->def->since <= y
					           ? cv->weight * (k == LW_MON_KIND_EVC ? e : 1 - e)
					           : 0;
				}
				apportion(lround(all * share * g->scale), w, NCOV, part);
				for (int c = 0; c < NCOV; c++)
					n[c][k] = part[c];
			}
		} else if (y >= g->prog_first) {
			/* The programme: what each covenant adopted, as far as it gets. */
			int i = y - g->prog_first;
			int ni = (int)(sizeof year_percent / sizeof year_percent[0]);
			double yf = year_percent[i < ni ? i : ni - 1] / 100.0;
			double fe = evc_percent[i < ni ? i : ni - 1] / 100.0;
			for (int c = 0; c < NCOV; c++) {
				covenant *cv = &g->cov[c];
				long a = cv->adopted[y - FIRST_YEAR];
				if (!a) /* after the target's last year: the last one adopted */
					for (int k = y - 1; k >= g->prog_first && !a; k--)
						a = cv->adopted[k - FIRST_YEAR];
				double want =
				    a * cv->perf * yf * g->scale *
				        (cv->antilles && !cv->adopted[y - FIRST_YEAR] ? 0.5 : 1) +
				    carry;
				long total = want > 0 ? (long)floor(want + 0.5) : 0;
				carry = want - (double)total;
				n[c][LW_MON_KIND_EVC] = lround(total * evc_weight(g, c, fe));
				n[c][LW_MON_KIND_DUAAL] = total - n[c][LW_MON_KIND_EVC];
			}
		}
		for (int c = 0; c < NCOV && rc == LW_OK; c++)
			for (int k = 0; k < LW_MON_NKINDS && rc == LW_OK; k++)
				rc = cell(g, c, k, y, n[c][k], err);
	}
	g->res->persons = (long)g->next_person;
	return rc;
}

/* ---- setting up a run ------------------------------------------------------------------- */

static int setup(gen *g, lw_store *s, double scale, uint64_t seed, lw_programme *prog,
                 lw_demo_monitor_result *res, lw_err *err)
{
	memset(g, 0, sizeof *g);
	g->store = s;
	g->prog = prog;
	g->scale = scale;
	g->seed = seed;
	g->r.s = seed ^ 0x6D6F6E69746F72ULL; /* "monitor": another stream than demo.c's */
	g->res = res;
	g->prog_first = lw_programme_first_year(prog);
	g->prog_last = lw_programme_last_year(prog);
	size_t nstart;
	lw_programme_start(prog, &g->start_first, &g->start_last, &nstart);
	if (!nstart)
		g->start_first = g->start_last = 0;
	if (g->start_first < FIRST_YEAR || g->prog_last > LAST_YEAR ||
	    g->prog_first <= g->start_last)
		return lw_err_set(
		    err, LW_EINPUT,
		    "de voorbeeldgegevens van de monitor passen bij een programma van "
		    "%d tot en met %d met een uitgangspositie daarvoor",
		    FIRST_YEAR, LAST_YEAR);
	g->cutoff = days_of(LAST_YEAR, 12, 31);
	int rc = load_reference(g, err);
	if (rc == LW_OK)
		rc = resolve_covenants(g, err);
	if (rc != LW_OK)
		return rc;
	/* The shares of the national target: the basis of the programme's volumes. */
	const lw_programme_target *nat = lw_programme_national(prog);
	for (int c = 0; c < NCOV; c++)
		for (int y = g->prog_first; y <= g->prog_last; y++) {
			const lw_programme_target *t = g->cov[c].antilles ? NULL : nat;
			size_t nsub;
			const lw_programme_target *subs = lw_programme_subtargets(prog, &nsub);
			for (size_t i = 0; !t && i < nsub; i++)
				if (selects_antilles(&subs[i]))
					t = &subs[i];
			g->cov[c].adopted[y - FIRST_YEAR] = t ? adopt(g, t, t == nat, c, y) : 0;
		}
	return LW_OK;
}

static void teardown(gen *g)
{
	lw_free(g->updates);
	lw_arena_free(&g->arena);
}

/* ---- writing covenants, shares and expenditures ----------------------------------------- */

static int step(lw_store *s, sqlite3_stmt *st, lw_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE
	           ? LW_OK
	           : lw_store_fail(s, err, "voorbeeldgegevens van de monitor schrijven mislukt");
}

static int write_covenants(gen *g, lw_err *err)
{
	lw_store *s = g->store;
	sqlite3_stmt *st[3] = {NULL, NULL, NULL};
	static const char *const sql[3] = {
	    "INSERT INTO covenant(code, name, kind, sector) VALUES(?1, ?2, ?3, ?4)",
	    "INSERT INTO covenant_area(covenant_code, area_code) VALUES(?1, ?2)",
	    "INSERT INTO covenant_share(covenant_code, target, year, value) VALUES(?1, ?2, ?3, ?4)",
	};
	int rc = LW_OK;
	for (int i = 0; i < 3 && rc == LW_OK; i++)
		rc = lw_store_prepare(s, &st[i], sql[i], err);
	size_t nsub;
	const lw_programme_target *subs = lw_programme_subtargets(g->prog, &nsub);
	const lw_programme_target *nat = lw_programme_national(g->prog);
	for (int c = 0; c < NCOV && rc == LW_OK; c++) {
		const covenant *cv = &g->cov[c];
		const covenant_def *d = cv->def;
		sqlite3_bind_text(st[0], 1, d->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[0], 2, d->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[0], 3, d->areas ? "regionaal" : "sectoraal", -1,
		                  SQLITE_STATIC);
		if (d->sector >= 0)
			sqlite3_bind_text(st[0], 4, sector_code(d->sector), -1, SQLITE_STATIC);
		rc = step(s, st[0], err);
		for (int a = 0; a < cv->nareas && rc == LW_OK; a++) {
			sqlite3_bind_text(st[1], 1, d->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(st[1], 2, cv->area_codes[a], -1, SQLITE_STATIC);
			rc = step(s, st[1], err);
		}
		g->res->covenants += rc == LW_OK;
		/* Its shares: the national target, then every sub-target with a value. */
		for (size_t t = 0; t <= nsub && rc == LW_OK; t++) {
			const lw_programme_target *tg = t == 0 ? nat : &subs[t - 1];
			for (int y = g->prog_first; y <= g->prog_last && rc == LW_OK; y++) {
				long v = adopt(g, tg, tg == nat, c, y);
				if (v <= 0)
					continue;
				sqlite3_bind_text(st[2], 1, d->code, -1, SQLITE_STATIC);
				sqlite3_bind_text(st[2], 2, tg->code, -1, SQLITE_STATIC);
				sqlite3_bind_int(st[2], 3, y);
				sqlite3_bind_int64(st[2], 4, v);
				if ((rc = step(s, st[2], err)) == LW_OK)
					g->res->shares++;
			}
		}
	}
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(st[i]);
	return rc;
}

/* How a budget line is paid: entries a year, and the share spent (percent, from .. to). */
typedef struct pay_rule {
	const char *line;
	int entries, lo, hi;
	const char *what; /* the description, before the period */
} pay_rule;

static const pay_rule pay_rules[] = {
    {"trajecten", 4, 90, 100, "Bijdrage leerwerktrajecten"},
    {"antillen", 4, 75, 95, "Bijdrage leerwerktrajecten Nederlandse Antillen"},
    {"hoger-onderwijs", 4, 85, 100, "Regeling EVC en maatwerktrajecten werkend leren in het hbo"},
    {"kenniscentrum-evc", 4, 95, 100, "Subsidie Kenniscentrum EVC"},
    {"voorhoedescholen", 7, 90, 100, "Bijdrage voorhoedeschool volwassenenonderwijs"},
    {"step", 11, 80, 100, "STEP-project"},
    {"publiekscampagne", 6, 90, 100, "Publiekscampagne Leren & Werken"},
    {"portal", 12, 95, 100, "Beheer en hosting portal lerenenwerken.nl"},
    {"helpdesk", 12, 95, 100, "Telefonische helpdesk 0800-1618"},
    {"leerwerkloketten", 16, 85, 100, "Ondersteuning leerwerkloket"},
    {"stimuleringsmaatregelen", 4, 55, 80, "Nieuwe stimuleringsmaatregel"},
    {"onderzoek-monitoring", 3, 85, 100, "Onderzoek en monitoring"},
};

static const pay_rule *pay_rule_of(const char *line)
{
	static const pay_rule other = {NULL, 4, 85, 100, NULL};
	for (size_t i = 0; i < sizeof pay_rules / sizeof pay_rules[0]; i++)
		if (!strcmp(pay_rules[i].line, line))
			return &pay_rules[i];
	return &other;
}

/* Writes one expenditure. */
static int spend(gen *g, sqlite3_stmt *st, const char *line, int y, int seq, int32_t day,
                 int64_t cents, const char *cov_code, const char *text, lw_err *err)
{
	char code[80], date[11];
	snprintf(code, sizeof code, P "%s-%d-%04d", line, y, seq);
	date_text(day, date);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, cents);
	if (cov_code)
		sqlite3_bind_text(st, 5, cov_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, text, -1, SQLITE_TRANSIENT);
	int rc = step(g->store, st, err);
	g->res->expenditures += rc == LW_OK;
	return rc;
}

/*
 * Expenditure per budget line and year, roughly the budget: lines that pay
 * for trajectories per covenant and quarter, by what each realised that
 * year; the others in their own rhythm (monthly, per project, per tranche).
 */
static int write_expenditures(gen *g, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(g->store, &st,
	                          "INSERT INTO expenditure(code, budget_line, day, amount_cents, "
	                          "covenant_code, description) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	                          err);
	if (rc != LW_OK)
		return rc;
	size_t nl;
	const lw_programme_line *lines = lw_programme_budget_lines(g->prog, &nl);
	for (size_t i = 0; i < nl && rc == LW_OK; i++) {
		const lw_programme_line *l = &lines[i];
		const pay_rule *pr = pay_rule_of(l->code);
		const char *what = pr->what ? pr->what : l->name;
		for (int y = g->prog_first; y <= g->prog_last && rc == LW_OK; y++) {
			long budget = lw_programme_line_amount(g->prog, l, y);
			if (budget <= 0)
				continue;
			int pct = pr->lo + pick(&g->r, pr->hi - pr->lo + 1);
			int64_t total =
			    (int64_t)budget * 100000 * pct / 100; /* thousands -> cents */
			int per_covenant =
			    !strcmp(l->code, "trajecten") || !strcmp(l->code, "antillen");
			double w[NCOV];
			long units[NCOV];
			int nunits = 1;
			if (per_covenant) {
				for (int c = 0; c < NCOV; c++)
					w[c] = (g->cov[c].antilles == !strcmp(l->code, "antillen"))
					           ? (double)g->cov[c].realised[y - FIRST_YEAR]
					           : 0;
				apportion(total / 100, w, NCOV, units); /* whole euros */
				nunits = NCOV;
			}
			int seq = 0;
			for (int u = 0; u < nunits && rc == LW_OK; u++) {
				int64_t amount = per_covenant ? (int64_t)units[u] * 100 : total;
				if (amount <= 0)
					continue;
				const covenant_def *d = per_covenant ? g->cov[u].def : NULL;
				int64_t given = 0;
				for (int e = 0; e < pr->entries && rc == LW_OK; e++) {
					int64_t part = e + 1 < pr->entries ? amount / pr->entries
					                                   : amount - given;
					given += part;
					int month = 1 + e * 12 / pr->entries;
					int32_t day =
					    working_day(&g->r, y,
					                month + pick(&g->r, 12 / pr->entries > 0
					                                        ? 12 / pr->entries
					                                        : 1));
					char text[200];
					if (d)
						snprintf(text, sizeof text,
						         "%s: %s, kwartaal %d %d", what, d->name,
						         e + 1, y);
					else
						snprintf(text, sizeof text,
						         "%s, termijn %d van %d (%d)", what, e + 1,
						         pr->entries, y);
					rc = spend(g, st, l->code, y, ++seq, day, part,
					           d ? d->code : NULL, text, err);
				}
			}
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- the runs --------------------------------------------------------------------------- */

static int load_programme(lw_programme **prog, lw_err *err)
{
	int rc = lw_programme_default(prog, err);
	if (rc != LW_OK)
		*prog = NULL;
	return rc;
}

/* The registrations of phase one, then the later deliveries of their ends. */
static int register_all(gen *g, const lw_monitor_key *key, lw_err *err)
{
	int rc = lw_monitor_reg_open(g->store, key, &g->reg, err);
	/* Many registrations follow, and nothing else uses the store until the flush. */
	if (rc == LW_OK)
		lw_monitor_reg_bulk(g->reg);
	if (rc == LW_OK)
		rc = generate(g, err);
	if (rc == LW_OK)
		rc = lw_monitor_reg_flush(g->reg, err);
	lw_monitor_reg_free(g->reg);
	g->reg = NULL;
	if (rc != LW_OK || !g->nupdates)
		return rc;
	/* A later delivery: the same registrations with their end. */
	if ((rc = lw_monitor_reg_open(g->store, key, &g->reg, err)) != LW_OK)
		return rc;
	for (size_t i = 0; i < g->nupdates && rc == LW_OK; i++) {
		int what;
		rc = register_one(g, &g->updates[i], g->updates[i].status, &what, err);
		g->res->updates += rc == LW_OK && what == LW_MON_CHANGED;
	}
	if (rc == LW_OK)
		rc = lw_monitor_reg_flush(g->reg, err);
	lw_monitor_reg_free(g->reg);
	g->reg = NULL;
	return rc;
}

int lw_demo_monitor_generate(lw_store *s, double scale, uint64_t seed, lw_demo_monitor_result *res,
                             lw_err *err)
{
	memset(res, 0, sizeof *res);
	if (!(scale > 0 && scale <= 100))
		return lw_err_set(err, LW_EUSAGE,
		                  "de schaal moet groter dan 0 en hoogstens 100 zijn");
	if (sodium_init() < 0)
		return lw_err_set(err, LW_EIO, "libsodium kan niet starten");
	lw_programme *prog;
	int rc = load_programme(&prog, err);
	if (rc != LW_OK)
		return rc;
	lw_monitor_key key;
	if ((rc = lw_monitor_key_parse(demo_key_hex, &key, err)) != LW_OK) {
		lw_programme_free(prog);
		return rc;
	}
	gen g;
	int64_t real = 0;
	if ((rc = lw_store_set_cache(s, LW_INGEST_CACHE_KIB, err)) == LW_OK)
		rc = lw_store_begin(s, err);
	if (rc != LW_OK) {
		lw_monitor_key_wipe(&key);
		lw_programme_free(prog);
		return rc;
	}
	/* Earlier example data goes; real covenants and their trajectories stay. */
	if ((rc = lw_store_exec(s,
	                        "DELETE FROM expenditure WHERE code GLOB '" P "*' OR "
	                        "covenant_code GLOB '" P "*';"
	                        "DELETE FROM trajectory WHERE covenant_code GLOB '" P "*';"
	                        "DELETE FROM covenant_share WHERE covenant_code GLOB '" P "*';"
	                        "DELETE FROM covenant_area WHERE covenant_code GLOB '" P "*';"
	                        "DELETE FROM covenant WHERE code GLOB '" P "*';"
	                        "DELETE FROM monitor_series WHERE scope GLOB '" P "*';",
	                        err)) == LW_OK &&
	    (rc = lw_store_int(s, "SELECT count(*) FROM trajectory", &real, err)) == LW_OK && !real)
		rc = lw_store_exec(s, "DELETE FROM monitor_series", err);
	if (rc == LW_OK)
		rc = setup(&g, s, scale, seed, prog, res, err);
	else
		memset(&g, 0, sizeof g);
	if (rc == LW_OK) {
		g.sink = sink_registrar;
		rc = write_covenants(&g, err);
	}
	if (rc == LW_OK)
		rc = register_all(&g, &key, err);
	if (rc == LW_OK)
		rc = write_expenditures(&g, err);
	teardown(&g);
	lw_monitor_key_wipe(&key);
	lw_programme_free(prog);
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc != LW_OK) {
		lw_store_rollback(s);
		memset(res, 0, sizeof *res);
	}
	lw_store_set_cache(s, 0, NULL);
	/* The national counts still hold the old example trajectories: count again. */
	if (rc == LW_OK && real)
		rc = lw_monitor_rebuild(s, err);
	return rc;
}

/* Runs the generator into sink without writing covenants (they must be there). */
static int run_records(lw_store *s, double scale, uint64_t seed, uint64_t first_person,
                       long max_rows, sink_fn sink, FILE *out, long *rows, lw_err *err)
{
	lw_demo_monitor_result res;
	memset(&res, 0, sizeof res);
	*rows = 0;
	if (!(scale > 0 && scale <= 1000))
		return lw_err_set(err, LW_EUSAGE,
		                  "de schaal moet groter dan 0 en hoogstens 1000 zijn");
	if (first_person + (uint64_t)(scale * 400000) > 9ULL * 9999999)
		return lw_err_set(err, LW_EUSAGE, "te veel personen voor de BSN's");
	lw_programme *prog;
	int rc = load_programme(&prog, err);
	if (rc != LW_OK)
		return rc;
	gen g;
	if ((rc = setup(&g, s, scale, seed, prog, &res, err)) == LW_OK) {
		int64_t known = 0;
		rc = lw_store_int(s, "SELECT count(*) FROM covenant WHERE code GLOB '" P "*'",
		                  &known, err);
		if (rc == LW_OK && known != NCOV && sink != sink_count)
			rc = lw_err_set(err, LW_ENOTFOUND,
			                "de voorbeeldconvenanten ontbreken; maak ze eerst met "
			                "'leerwerk demo generate'");
	}
	if (rc == LW_OK) {
		g.sink = sink;
		g.out = out;
		g.person_base = first_person;
		g.max_rows = max_rows;
		rc = generate(&g, err);
		*rows = g.rows;
	}
	teardown(&g);
	lw_programme_free(prog);
	return rc;
}

int lw_demo_monitor_csv(lw_store *s, double scale, uint64_t seed, uint64_t first_person,
                        long max_rows, FILE *out, long *rows, lw_err *err)
{
	for (int f = 0; f < LW_NTF; f++)
		if (fputs(lw_trajectory_field(f), out) == EOF ||
		    fputc(f + 1 < LW_NTF ? ',' : '\n', out) == EOF)
			return lw_err_set(err, LW_EIO, "kan het CSV-bestand niet schrijven");
	return run_records(s, scale, seed, first_person, max_rows, sink_csv, out, rows, err);
}

int lw_demo_monitor_count(lw_store *s, uint64_t seed, long *rows, lw_err *err)
{
	return run_records(s, 1, seed, 0, 0, sink_count, NULL, rows, err);
}

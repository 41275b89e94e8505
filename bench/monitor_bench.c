/*
 * monitor_bench.c - the program of the monitor benchmark (bench/monitor runs
 * it):
 *
 *   lw_monitor_bench csv DB OUT.csv ROWS SEED
 *       ROWS trajectories as a file of `leerwerk import trajecten`: the model
 *       of `leerwerk demo generate` (lw_demo_monitor_csv) at the scale that
 *       gives ROWS, cut at ROWS; DB must hold the example covenants
 *   lw_monitor_bench run LOG LABEL STDOUT -- COMMAND [ARG...]
 *       runs COMMAND with its output in STDOUT ("-": /dev/null) and appends
 *       "LABEL wall_ms peak_rss_kib exit" to LOG: wall time from fork to
 *       wait on CLOCK_MONOTONIC, peak memory from wait4's ru_maxrss
 *   lw_monitor_bench counts DB [COVENANT]
 *       the count API calls a report is made of (lw_monitor_breakdown and
 *       lw_monitor_count per breakdown and per target of the default
 *       programme), each with its time and whether the kept counts
 *       answered it; the total on the last line
 *   lw_monitor_bench agree DB SQLITE.out PG.out
 *       sums the national starts per year from the outputs of the GROUP BY
 *       query (bench/monitor) and compares them with lw_monitor_breakdown
 */
#include "lw_demo_monitor.h"
#include "lw_monitor.h"
#include "lw_programme.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lw_monitor_bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static lw_store *open_store(const char *path, unsigned flags)
{
	lw_store *s;
	lw_err err;
	if (lw_store_open(&s, path, flags, &err) != LW_OK)
		die("%s: %s", path, err.msg);
	return s;
}

/* ---- csv ------------------------------------------------------------------------- */

static int cmd_csv(int argc, char **argv)
{
	if (argc != 6)
		die("usage: csv DB OUT.csv ROWS SEED");
	long rows = strtol(argv[4], NULL, 10);
	uint64_t seed = strtoull(argv[5], NULL, 10);
	if (rows <= 0)
		die("ROWS must be a positive number");
	lw_store *s = open_store(argv[2], 0);
	lw_err err;
	long at1;
	if (lw_demo_monitor_count(s, seed, &at1, &err) != LW_OK)
		die("%s", err.msg);
	/* A little more than needed, cut at ROWS: the cut takes some of the last
	 * covenants' trajectories of 2011 (the file is written year by year). */
	double scale = (double)rows / (double)at1 * 1.002;
	FILE *f = fopen(argv[3], "w");
	if (!f)
		die("%s: %s", argv[3], strerror(errno));
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	long written;
	/* Persons from 20,000,000 on: apart from those of `demo generate` (0 on). */
	if (lw_demo_monitor_csv(s, scale, seed, 20000000, rows, f, &written, &err) != LW_OK)
		die("%s", err.msg);
	if (fclose(f) != 0)
		die("%s: %s", argv[3], strerror(errno));
	lw_store_close(s);
	if (written != rows)
		die("wrote %ld rows, not %ld", written, rows);
	printf("%ld %.4f %ld\n", written, scale, at1);
	return 0;
}

/* ---- run ------------------------------------------------------------------------- */

static int cmd_run(int argc, char **argv)
{
	if (argc < 7 || strcmp(argv[5], "--") != 0)
		die("usage: run LOG LABEL STDOUT -- COMMAND [ARG...]");
	const char *out = strcmp(argv[4], "-") ? argv[4] : "/dev/null";
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		close(fd);
		execvp(argv[6], argv + 6);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4: %s", strerror(errno));
	double ms = now_ms() - t0;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	FILE *log = fopen(argv[2], "a");
	if (!log)
		die("%s: %s", argv[2], strerror(errno));
	fprintf(log, "%s %.1f %ld %d\n", argv[3], ms, ru.ru_maxrss, code);
	fclose(log);
	return code;
}

/* ---- counts ---------------------------------------------------------------------- */

typedef struct tally {
	int calls, scans;
	double ms;
} tally;

/* One call: a breakdown (by), or a total in [from, to] asked as a breakdown
 * per year, which counts the same way and says whether the kept counts
 * answered it. */
static void one(lw_store *s, const char *name, const lw_selection *sel, lw_monitor_by by,
                const char *from, const char *to, tally *t)
{
	lw_err err;
	lw_count_table tb;
	double t0 = now_ms();
	int rc = lw_monitor_breakdown(s, sel, by, from, to, &tb, &err);
	double ms = now_ms() - t0;
	if (rc != LW_OK)
		die("%s: %s", name, err.msg);
	t->calls++;
	t->scans += !tb.from_aggregates;
	t->ms += ms;
	printf("%-40s %9.2f ms  %s  gestart %ld\n", name, ms,
	       tb.from_aggregates ? "tellingen" : "SCAN", tb.total.started);
	lw_count_table_free(&tb);
}

/* The programme's selection as the count API's. */
static void selection_of(const lw_programme_selection *ps, const char *covenant, lw_selection *s,
                         const char **regions, size_t room)
{
	memset(s, 0, sizeof *s);
	s->covenant = covenant;
	for (int k = 1; k <= 2; k++)
		if (ps->kinds & (1u << k))
			s->kinds |= 1u << (k == LW_KIND_EVC ? LW_MON_KIND_EVC : LW_MON_KIND_DUAAL);
	for (int l = LW_LEVEL_MBO1; l <= LW_LEVEL_BRANCHE; l++)
		if (ps->levels & (1u << l))
			s->levels |= 1u << (l - LW_LEVEL_MBO1);
	for (size_t i = 0; i < ps->ngroups; i++) {
		int g = lw_monitor_code_find(lw_monitor_groups(), ps->groups[i]);
		if (g >= 0)
			s->groups |= 1u << g;
	}
	for (size_t i = 0; i < ps->nsectors; i++) {
		int g = lw_monitor_code_find(lw_monitor_sectors(), ps->sectors[i]);
		if (g >= 0)
			s->sectors |= 1u << g;
	}
	s->age_min = ps->age_min == LW_PROGRAMME_NONE ? 0 : (int)ps->age_min;
	s->age_max = ps->age_max == LW_PROGRAMME_NONE ? 0 : (int)ps->age_max;
	if (ps->nregions && ps->nregions < room) {
		for (size_t i = 0; i < ps->nregions; i++)
			regions[i] =
			    !strcmp(ps->regions[i], "antillen") ? LW_MON_ANTILLES : ps->regions[i];
		regions[ps->nregions] = NULL;
		s->regions = regions;
	}
}

/*
 * What a report asks: the national target (or the covenant's) per year and
 * month, per breakdown, per covenant; every sub-target per year (within the
 * national target where it is part of it) and over the last 12 months.
 */
static int cmd_counts(int argc, char **argv)
{
	if (argc != 3 && argc != 4)
		die("usage: counts DB [COVENANT]");
	const char *covenant = argc == 4 ? argv[3] : NULL;
	double t0 = now_ms();
	lw_store *s = open_store(argv[2], LW_STORE_READONLY);
	lw_programme *p;
	lw_err err;
	if (lw_programme_default(&p, &err) != LW_OK)
		die("%s", err.msg);
	tally t = {0, 0, 0};
	const lw_programme_target *nat = lw_programme_national(p);
	const char *nat_regions[8];
	lw_selection sel;
	selection_of(&nat->sel, covenant, &sel, nat_regions, 8);
	static const struct {
		const char *name;
		int by;
	} bys[] = {
	    {"per jaar", LW_MON_BY_YEAR},          {"per maand", LW_MON_BY_MONTH},
	    {"per soort", LW_MON_BY_KIND},         {"per sector", LW_MON_BY_SECTOR},
	    {"per regio", LW_MON_BY_REGION},       {"per niveau", LW_MON_BY_LEVEL},
	    {"per leeftijd", LW_MON_BY_AGE},       {"per doelgroep", LW_MON_BY_GROUP},
	    {"per convenant", LW_MON_BY_COVENANT},
	};
	char name[96];
	for (size_t i = 0; i < sizeof bys / sizeof bys[0]; i++) {
		if (covenant && bys[i].by == LW_MON_BY_COVENANT)
			continue;
		snprintf(name, sizeof name, "%s %s", nat->code, bys[i].name);
		one(s, name, &sel, (lw_monitor_by)bys[i].by, NULL, "2011-12-31", &t);
	}
	snprintf(name, sizeof name, "%s laatste 12 maanden", nat->code);
	one(s, name, &sel, LW_MON_BY_YEAR, "2011-01-01", "2011-12-31", &t);
	size_t nsub;
	const lw_programme_target *sub = lw_programme_subtargets(p, &nsub);
	for (size_t i = 0; i < nsub; i++) {
		const char *regions[8];
		lw_selection ss;
		selection_of(&sub[i].sel, covenant, &ss, regions, 8);
		/* A part of the national target counts only what that counts too. */
		if (sub[i].within_national) {
			if (sel.kinds)
				ss.kinds = ss.kinds ? ss.kinds & sel.kinds : sel.kinds;
			if (!ss.regions)
				ss.regions = sel.regions;
		}
		snprintf(name, sizeof name, "%s per jaar", sub[i].code);
		one(s, name, &ss, LW_MON_BY_YEAR, NULL, "2011-12-31", &t);
		snprintf(name, sizeof name, "%s laatste 12 maanden", sub[i].code);
		one(s, name, &ss, LW_MON_BY_YEAR, "2011-01-01", "2011-12-31", &t);
	}
	lw_programme_free(p);
	lw_store_close(s);
	printf("totaal: %d aanroepen, %d over de registraties geteld, %.1f ms in de aanroepen, "
	       "%.1f ms met openen\n",
	       t.calls, t.scans, t.ms, now_ms() - t0);
	return 0;
}

/* ---- agree ----------------------------------------------------------------------- */

#define YEARS 20
#define YEAR0 2000

/*
 * National starts per year from a GROUP BY output: fields separated by '|'
 * (kind, sector, region, level, band, groups, covenant, duplicate,
 * start_month, status, end_month, n); national is duplicate 0 in a
 * labour-market region.
 */
static void sum_output(const char *path, long *per_year)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		char *field[12];
		int n = 0;
		for (char *p = line; n < 12;) {
			field[n++] = p;
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			*bar = 0;
			p = bar + 1;
		}
		if (n != 12)
			continue;
		if (strcmp(field[7], "0") != 0 || strncmp(field[2], "AM", 2) != 0)
			continue;
		int y = atoi(field[8]);
		if (y >= YEAR0 && y < YEAR0 + YEARS)
			per_year[y - YEAR0] += strtol(field[11], NULL, 10);
	}
	fclose(f);
}

static int cmd_agree(int argc, char **argv)
{
	if (argc != 5)
		die("usage: agree DB SQLITE.out PG.out");
	long lw[YEARS] = {0}, sq[YEARS] = {0}, pg[YEARS] = {0};
	lw_store *s = open_store(argv[2], LW_STORE_READONLY);
	const char *nl[] = {"nederland", NULL};
	lw_selection sel;
	memset(&sel, 0, sizeof sel);
	sel.regions = nl;
	lw_count_table t;
	lw_err err;
	if (lw_monitor_breakdown(s, &sel, LW_MON_BY_YEAR, NULL, NULL, &t, &err) != LW_OK)
		die("%s", err.msg);
	for (size_t i = 0; i < t.n; i++) {
		int y = atoi(t.rows[i].key);
		if (y >= YEAR0 && y < YEAR0 + YEARS)
			lw[y - YEAR0] = t.rows[i].n.started;
	}
	lw_count_table_free(&t);
	lw_store_close(s);
	sum_output(argv[3], sq);
	sum_output(argv[4], pg);
	int same = 1;
	for (int y = 0; y < YEARS; y++) {
		if (!lw[y] && !sq[y] && !pg[y])
			continue;
		printf("%d %ld %ld %ld\n", YEAR0 + y, lw[y], sq[y], pg[y]);
		same &= lw[y] == sq[y] && lw[y] == pg[y];
	}
	printf("%s\n", same ? "gelijk" : "VERSCHILLEND");
	return same ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: csv|run|counts|agree ...");
	if (!strcmp(argv[1], "csv"))
		return cmd_csv(argc, argv);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "counts"))
		return cmd_counts(argc, argv);
	if (!strcmp(argv[1], "agree"))
		return cmd_agree(argc, argv);
	die("unknown command '%s'", argv[1]);
}

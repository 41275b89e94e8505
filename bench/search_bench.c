/*
 * search_bench.c - the program of the search benchmark (bench/search runs
 * it): leerwerk's search engine against two peers, stock SQLite FTS5 and
 * PostgreSQL full-text search, on the same items (lw_search_items) and the
 * same queries. Each phase is a process of its own, so that the peak memory
 * of one engine is not mixed with another's:
 *
 *   lw_search_bench queries  DB LISTS_DIR N SEED OUT.tsv
 *       the query mix: per class the lines of LISTS_DIR/<class>.txt, then
 *       queries sampled (SEED) from the catalogue until there are N
 *   lw_search_bench leerwerk DB QUERIES.tsv OUT.txt
 *   lw_search_bench fts5     DB QUERIES.tsv OUT.txt SCRATCH.db
 *   lw_search_bench pg       DB QUERIES.tsv OUT.txt CONNINFO PGDATA
 *       build the engine's index, then time every query of every class at
 *       1 and at 2 threads; OUT.txt holds the figures, one per line
 *   lw_search_bench report   RUN_DIR OUT.md SCALE SEED SOURCE
 *       the markdown section from RUN_DIR/{queries.tsv,leerwerk,fts5,pg.txt}
 *
 * Latency is clock_gettime(CLOCK_MONOTONIC) around one query, from the text
 * to the ten best hits (strings read), nothing else. Percentiles are
 * nearest-rank over every query run.
 */
#include "lw_search.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers -------------------------------------------------------- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lw_search_bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
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
	size_t n = strlen(s ? s : "");
	char *d = xmalloc(n + 1);
	memcpy(d, s ? s : "", n + 1);
	return d;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* A growable string. */
typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	if ((size_t)n >= sizeof tmp) {
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_add(b, big, (size_t)n);
		free(big);
	} else {
		sb_add(b, tmp, (size_t)n);
	}
}

static void sb_clear(sbuf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double ms_since(int64_t t0)
{
	return (double)(now_ns() - t0) / 1e6;
}

/* splitmix64: small, fast and the same on every machine. */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}
static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng_next() % n) : 0;
}

/* Peak resident set of this process so far, KiB. */
static long maxrss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A "Key:   123 kB" line of a /proc file, KiB; -1 when not readable. */
static long proc_kib(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	long v = -1;
	size_t kl = strlen(key);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static long pid_kib(long pid, const char *file, const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
	return proc_kib(path, key);
}

/* The 1-minute load average, as /proc/loadavg gives it. */
static void write_load(FILE *f)
{
	FILE *l = fopen("/proc/loadavg", "r");
	char v[32] = "-";
	if (l) {
		if (fscanf(l, "%31s", v) != 1)
			strcpy(v, "-");
		fclose(l);
	}
	fprintf(f, "load %s\n", v);
}

/* ---- the classes of query ----------------------------------------------- */

enum { C_WORD, C_WORDS, C_PREFIX, C_FACETS, C_NEAR, C_TYPO, C_SUGGEST, NCLASS };

static const struct {
	const char *id;   /* in the files */
	const char *list; /* bench/queries/... */
	const char *name; /* in the report */
} cls[NCLASS] = {
    {"word", "one_word.txt", "One word"},
    {"words", "several_words.txt", "Several words"},
    {"prefix", "prefix.txt", "Prefix"},
    {"facets", "facets.txt", "With facets and a filter"},
    {"near", "near.txt", "Near a place (10 km)"},
    {"typo", "typo.txt", "Typo"},
    {"suggest", "suggest.txt", "Suggestions"},
};

static int class_of(const char *id)
{
	for (int c = 0; c < NCLASS; c++)
		if (!strcmp(cls[c].id, id))
			return c;
	return -1;
}

#define NEAR_KM 10.0
#define LIMIT 10
#define SUGGEST_MAX 8

/* One query of the mix; kind and near NULL when not used. */
typedef struct query {
	int cls;
	char *text;
	char *kind;
	char *near;
	int listed; /* from bench/queries (1) or sampled (0) */
} query;

typedef struct qset {
	query *q;
	size_t n, cap;
} qset;

static void qs_add(qset *s, int c, const char *text, const char *kind, const char *near, int listed)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->q = xrealloc(s->q, s->cap * sizeof *s->q);
	}
	s->q[s->n++] = (query){c, xstrdup(text), kind ? xstrdup(kind) : NULL,
	                       near ? xstrdup(near) : NULL, listed};
}

/* The query file: class, text, kind or '-', near or '-', list|sample. */
static void qs_read(qset *s, const char *path)
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
		if (nf != 5 || class_of(fld[0]) < 0)
			die("%s: bad line", path);
		qs_add(s, class_of(fld[0]), fld[1], strcmp(fld[2], "-") ? fld[2] : NULL,
		       strcmp(fld[3], "-") ? fld[3] : NULL, !strcmp(fld[4], "list"));
	}
	fclose(f);
}

/* ---- the items ------------------------------------------------------------ */

typedef struct item {
	char *kind, *ref, *title, *keywords, *body;
} item;

typedef struct items {
	item *v;
	size_t n, cap;
} items;

static int item_cb(void *ud, const lw_item_text *it)
{
	items *s = ud;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 65536;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = (item){xstrdup(it->kind), xstrdup(it->ref), xstrdup(it->title),
	                      xstrdup(it->keywords), xstrdup(it->body)};
	return LW_OK;
}

static lw_store *open_store(const char *db)
{
	if (lw_search_init() != LW_OK)
		die("lw_search_init failed");
	lw_store *s = NULL;
	lw_err err = {0};
	if (lw_store_open(&s, db, 0, &err) != LW_OK)
		die("%s: %s", db, err.msg);
	return s;
}

/* Every item through lw_search_items; *ms its wall time. */
static void export_items(lw_store *s, items *out, double *ms)
{
	lw_err err = {0};
	int64_t t0 = now_ns();
	if (lw_search_items(s, item_cb, out, &err) != LW_OK)
		die("lw_search_items: %s", err.msg);
	*ms = ms_since(t0);
}

/* ---- phase "queries": the query mix ---------------------------------------- */

/* Words of 3 letters or fewer and these are never sampled. */
static const char *const stopwords[] = {"aan",  "als",  "bij",  "dat",  "den", "der", "des",
                                        "die",  "door", "een",  "eens", "het", "hun", "met",
                                        "naar", "niet", "ook",  "over", "tot", "uit", "van",
                                        "voor", "wel",  "zijn", "and",  "the", "for", NULL};

static int is_stopword(const char *w)
{
	for (int i = 0; stopwords[i]; i++)
		if (!strcmp(stopwords[i], w))
			return 1;
	return 0;
}

/*
 * The words of a title that may be sampled: runs of letters (ASCII or any
 * non-ASCII UTF-8 byte), lower case, 4 to 24 bytes, no digit, no stopword.
 * Appends them (distinct) to *w; returns how many.
 */
static size_t title_words(const char *t, char ***w, size_t *cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)t;
	while (*p) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *s = p;
		int digit = 0;
		while (*p && (isalnum(*p) || *p >= 0x80)) {
			digit |= isdigit(*p) != 0;
			p++;
		}
		size_t len = (size_t)(p - s);
		if (len < 4 || len > 24 || digit)
			continue;
		char *word = xstrndup((const char *)s, len);
		for (char *c = word; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		int dup = is_stopword(word);
		for (size_t i = 0; i < n && !dup; i++)
			dup = !strcmp((*w)[i], word);
		if (dup) {
			free(word);
			continue;
		}
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*w = xrealloc(*w, *cap * sizeof **w);
		}
		(*w)[n++] = word;
	}
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct wordfreq {
	const char *w;
	long n;
} wordfreq;

static int cmp_freq(const void *a, const void *b)
{
	const wordfreq *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->w, y->w);
}

static int ascii_word(const char *w)
{
	for (; *w; w++)
		if (!islower((unsigned char)*w))
			return 0;
	return 1;
}

/* Rows of one text column, in order. */
static char **sql_column(lw_store *s, const char *sql, size_t *n)
{
	sqlite3_stmt *st;
	lw_err err = {0};
	if (lw_store_prepare(s, &st, sql, &err) != LW_OK)
		die("%s: %s", sql, err.msg);
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return v;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int known_kind(const char *k)
{
	for (const char *const *p = lw_search_kinds(); *p; p++)
		if (!strcmp(*p, k))
			return 1;
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* The listed queries of one class: LISTS_DIR/<file>, '#' comments. */
static void read_list(qset *out, int c, const char *dir, size_t max)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, cls[c].list);
	FILE *f = fopen(path, "r");
	if (!f)
		die("%s: %s", path, strerror(errno));
	char line[1024];
	size_t n = 0;
	while (n < max && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		if (strchr(t, '\t'))
			die("%s: a tab in a query", path);
		char *kind = NULL, *near = NULL, *sep;
		if (c == C_FACETS && (sep = strstr(t, " | "))) {
			*sep = '\0';
			kind = trim(sep + 3);
			if (!known_kind(kind))
				die("%s: '%s' is not one of lw_search_kinds()", path, kind);
		}
		if (c == C_NEAR) {
			if (!(sep = strstr(t, " @ ")))
				die("%s: near query without ' @ PLACE': %s", path, t);
			*sep = '\0';
			near = trim(sep + 3);
		}
		qs_add(out, c, trim(t), kind, near, 1);
		n++;
	}
	fclose(f);
}

/* One typing error in an ASCII word (never in its first letter). */
static char *typo_of(const char *w)
{
	size_t n = strlen(w);
	char *t = xmalloc(n + 2);
	size_t at = 1 + rng_below(n - 2);
	char letter = (char)('a' + rng_below(26));
	switch (rng_below(4)) {
	case 0: /* a letter left out */
		memcpy(t, w, at);
		strcpy(t + at, w + at + 1);
		break;
	case 1: /* two letters swapped */
		strcpy(t, w);
		t[at] = w[at + 1];
		t[at + 1] = w[at];
		break;
	case 2: /* a wrong letter */
		strcpy(t, w);
		t[at] = letter;
		break;
	default: /* a letter too many */
		memcpy(t, w, at);
		t[at] = letter;
		strcpy(t + at + 1, w + at);
		break;
	}
	return t;
}

static void phase_queries(const char *db, const char *lists, long nper, uint64_t seed,
                          const char *outpath)
{
	lw_store *s = open_store(db);
	items its = {0};
	double ms;
	export_items(s, &its, &ms);
	if (!its.n)
		die("no items in %s", db);

	/*
	 * The vocabulary: words of the titles of qualifications, occupations,
	 * offerings, EVC procedures, vacancies and schemes (training companies
	 * and desks are named after people and places), counted once per title.
	 */
	char **all = NULL;
	size_t nall = 0, capall = 0;
	size_t *title_of = xmalloc(its.n * sizeof *title_of); /* sampled titles */
	size_t ntitles = 0;
	for (size_t i = 0; i < its.n; i++) {
		if (!strcmp(its.v[i].kind, "leerbedrijf") || !strcmp(its.v[i].kind, "loket"))
			continue;
		char **w = NULL;
		size_t cap = 0, k = title_words(its.v[i].title, &w, &cap);
		if (k)
			title_of[ntitles++] = i;
		for (size_t j = 0; j < k; j++) {
			if (nall == capall) {
				capall = capall ? capall * 2 : 65536;
				all = xrealloc(all, capall * sizeof *all);
			}
			all[nall++] = w[j];
		}
		free(w);
	}
	if (!nall)
		die("no title words to sample");
	qsort(all, nall, sizeof *all, cmp_str);
	wordfreq *wf = xmalloc(nall * sizeof *wf);
	size_t nwf = 0;
	for (size_t i = 0; i < nall;) {
		size_t j = i;
		while (j < nall && !strcmp(all[i], all[j]))
			j++;
		wf[nwf++] = (wordfreq){all[i], (long)(j - i)};
		i = j;
	}
	qsort(wf, nwf, sizeof *wf, cmp_freq);
	/* The 1500 most frequent words that occur in two titles or more. */
	size_t nvocab = 0;
	while (nvocab < nwf && nvocab < 1500 && wf[nvocab].n >= 2)
		nvocab++;
	if (nvocab < 20)
		die("only %zu title words to sample", nvocab);
	const char **vocab = xmalloc(nvocab * sizeof *vocab);
	const char **ascii = xmalloc(nvocab * sizeof *ascii); /* 5+ letters a-z */
	size_t nascii = 0;
	rng_state = seed;
	for (size_t i = 0; i < nvocab; i++)
		vocab[i] = wf[i].w;
	for (size_t i = nvocab; i > 1; i--) { /* shuffled: each word once before any twice */
		size_t j = rng_below(i);
		const char *t = vocab[i - 1];
		vocab[i - 1] = vocab[j];
		vocab[j] = t;
	}
	for (size_t i = 0; i < nvocab; i++)
		if (strlen(vocab[i]) >= 5 && ascii_word(vocab[i]))
			ascii[nascii++] = vocab[i];
	if (nascii < 10)
		die("too few plain words to sample");
	/* The distinct words of all titles (for typos that are no word). */
	char **distinct = xmalloc(nwf * sizeof *distinct);
	for (size_t i = 0; i < nwf; i++)
		distinct[i] = (char *)wf[i].w;
	qsort(distinct, nwf, sizeof *distinct, cmp_str);

	size_t nplaces, npc;
	char **places = sql_column(s,
	                           "SELECT place FROM postcode WHERE place IS NOT NULL "
	                           "GROUP BY place ORDER BY sum(inhabitants) DESC, place LIMIT 100",
	                           &nplaces);
	char **pcs = sql_column(s,
	                        "SELECT code FROM postcode WHERE length(code) = 4 "
	                        "ORDER BY inhabitants DESC, code LIMIT 300",
	                        &npc);
	if (!nplaces || !npc)
		die("no postcodes in %s (import reference first)", db);
	for (size_t i = 0; i < nplaces; i++)
		lower_ascii(places[i]);

	qset out = {0};
	sbuf b = {0};
	for (int c = 0; c < NCLASS; c++) {
		size_t first = out.n;
		read_list(&out, c, lists, (size_t)nper);
		/* Next word of vocab and of ascii; each class starts elsewhere. */
		size_t vi = (size_t)c * nvocab / NCLASS, ai = (size_t)c * nascii / NCLASS;
		while (out.n - first < (size_t)nper) {
			size_t k = out.n - first;
			sb_clear(&b);
			const char *kind = NULL, *near = NULL;
			/* Words of one title, so that they are found together. */
			char **w = NULL;
			size_t cap = 0, nw = 0;
			item *it = NULL;
			if (c == C_WORDS || c == C_FACETS) {
				do {
					for (size_t j = 0; j < nw; j++)
						free(w[j]);
					it = &its.v[title_of[rng_below(ntitles)]];
					nw = title_words(it->title, &w, &cap);
				} while (nw < 2 && c == C_WORDS && rng_below(8));
			}
			switch (c) {
			case C_WORD:
				sb_puts(&b, vocab[vi++ % nvocab]);
				break;
			case C_WORDS:
				if (k % 4 == 2 || nw < 2) { /* a word and a place */
					sb_printf(&b, "%s %s", vocab[vi++ % nvocab],
					          places[rng_below(nplaces)]);
				} else { /* two or three words of one title */
					size_t a = rng_below(nw),
					       d = (a + 1 + rng_below(nw - 1)) % nw;
					sb_printf(&b, "%s %s", w[a], w[d]);
					if (k % 4 == 3 && nw >= 3)
						for (size_t j = 0; j < nw; j++)
							if (j != a && j != d) {
								sb_printf(&b, " %s", w[j]);
								break;
							}
				}
				break;
			case C_PREFIX:
			case C_SUGGEST: {
				const char *word = ascii[ai++ % nascii];
				size_t len = strlen(word), p = 3 + rng_below(4); /* 3..6 letters */
				if (p >= len)
					p = len - 1;
				sb_add(&b, word, p);
				if (c == C_PREFIX)
					sb_puts(&b, "*");
				break;
			}
			case C_FACETS:
				if (k % 3 == 2) { /* a level filter in the text */
					sb_printf(&b, "%s niveau:%d", vocab[vi++ % nvocab],
					          2 + (int)rng_below(3));
				} else { /* one kind: the kind of the title's item */
					sb_puts(&b, w[rng_below(nw)]);
					kind = it->kind;
				}
				break;
			case C_NEAR:
				sb_puts(&b, vocab[vi++ % nvocab]);
				near = pcs[rng_below(npc)];
				break;
			case C_TYPO:
				for (int tries = 0;; tries++) {
					char *t = typo_of(ascii[ai++ % nascii]);
					if (tries >= 100 || !bsearch(&t, distinct, nwf,
					                             sizeof *distinct, cmp_str)) {
						sb_puts(&b, t);
						free(t);
						break;
					}
					free(t);
				}
				break;
			}
			for (size_t j = 0; j < nw; j++)
				free(w[j]);
			free(w);
			qs_add(&out, c, b.p, kind, near, 0);
		}
	}

	FILE *f = fopen(outpath, "w");
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	for (size_t i = 0; i < out.n; i++)
		fprintf(f, "%s\t%s\t%s\t%s\t%s\n", cls[out.q[i].cls].id, out.q[i].text,
		        out.q[i].kind ? out.q[i].kind : "-", out.q[i].near ? out.q[i].near : "-",
		        out.q[i].listed ? "list" : "sample");
	if (fclose(f))
		die("%s: write failed", outpath);
	printf("   %zu queries (%ld per class) from %zu items, %zu sampled words\n", out.n, nper,
	       its.n, nvocab);
	lw_store_close(s);
}

/* ---- timing ---------------------------------------------------------------- */

/* What the engines do, behind one interface. */
typedef struct engine {
	const char *name;
	/* NULL when the engine runs the class; else why not (for the report). */
	const char *(*unsupported)(int c);
	void *(*open)(void *eng);
	/* 0 when done; *found: hits shown (>0: found something); *flag: see lw_run. */
	int (*run)(void *ctx, const query *q, long *found, int *flag);
	void (*close)(void *ctx);
	void *eng;
} engine;

typedef struct worker {
	const engine *e;
	void *ctx;
	query **q;
	size_t nq;             /* the list */
	size_t from, to, step; /* runs q[i % nq] for i = from, from + step, ... < to */
	int64_t *lat;          /* NULL: untimed */
	size_t nlat;
	long hits, flags, errors;
	int64_t start, end; /* wall clock of the thread's run */
	pthread_barrier_t *bar;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	pthread_barrier_wait(w->bar);
	w->start = now_ns();
	for (size_t i = w->from; i < w->to; i += w->step) {
		const query *q = w->q[i % w->nq];
		long found = 0;
		int flag = 0;
		int64_t t0 = now_ns();
		int rc = w->e->run(w->ctx, q, &found, &flag);
		int64_t t1 = now_ns();
		if (w->lat)
			w->lat[w->nlat++] = t1 - t0;
		if (rc)
			w->errors++;
		w->hits += found > 0;
		w->flags += flag;
	}
	w->end = now_ns();
	return NULL;
}

#define NSLOW 3

typedef struct stats {
	long n, errors, hits, flags;
	double p50, p95, p99, max, mean, qps; /* ms; queries per second */
	size_t slow[NSLOW];                   /* 1 thread: the slowest queries, slowest first */
	double slow_ms[NSLOW];
	int nslow;
} stats;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least p% of all at or below it. */
static double pct(const int64_t *v, size_t n, size_t p)
{
	size_t r = (p * n + 99) / 100;
	if (r < 1)
		r = 1;
	return (double)v[(r > n ? n : r) - 1] / 1e6;
}

/*
 * Runs the n queries at nthreads threads (contexts ctx[0..]). Timed: every
 * thread runs all n, thread t starting at query t*n/nthreads (so they do
 * not run the same query at the same moment). Warm-up (untimed): the
 * threads share the n queries out between them, each runs once.
 */
static stats run_set(const engine *e, void **ctx, int nthreads, query **q, size_t n, int timed)
{
	worker w[2];
	pthread_t th[2];
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, NULL, (unsigned)nthreads + 1);
	for (int t = 0; t < nthreads; t++) {
		w[t] = (worker){e, ctx[t], q, n, 0, n, 1, NULL, 0, 0, 0, 0, 0, 0, &bar};
		if (timed) {
			w[t].from = (size_t)t * n / (size_t)nthreads;
			w[t].to = w[t].from + n;
			w[t].lat = xmalloc(n * sizeof(int64_t));
		} else {
			w[t].from = (size_t)t;
			w[t].step = (size_t)nthreads;
		}
		if (pthread_create(&th[t], NULL, work, &w[t]))
			die("pthread_create failed");
	}
	pthread_barrier_wait(&bar);
	int64_t first = INT64_MAX, last = 0;
	for (int t = 0; t < nthreads; t++) {
		pthread_join(th[t], NULL);
		first = w[t].start < first ? w[t].start : first;
		last = w[t].end > last ? w[t].end : last;
	}
	double wall = (double)(last - first) / 1e6;
	pthread_barrier_destroy(&bar);
	stats st = {0};
	if (!timed)
		return st;
	size_t total = 0;
	for (int t = 0; t < nthreads; t++)
		total += w[t].nlat;
	int64_t *all = xmalloc(total * sizeof *all);
	size_t k = 0;
	double sum = 0;
	for (int t = 0; t < nthreads; t++) {
		memcpy(all + k, w[t].lat, w[t].nlat * sizeof *all);
		k += w[t].nlat;
		st.errors += w[t].errors;
		st.hits += w[t].hits;
		st.flags += w[t].flags;
		free(w[t].lat);
	}
	for (size_t i = 0; i < total; i++)
		sum += (double)all[i];
	if (nthreads == 1) /* all[i] is the time of q[i] */
		for (size_t i = 0; i < total; i++) {
			double ms = (double)all[i] / 1e6;
			int at = st.nslow < NSLOW ? st.nslow++ : NSLOW;
			while (at > 0 && st.slow_ms[at - 1] < ms) {
				if (at < NSLOW) {
					st.slow[at] = st.slow[at - 1];
					st.slow_ms[at] = st.slow_ms[at - 1];
				}
				at--;
			}
			if (at < NSLOW) {
				st.slow[at] = i;
				st.slow_ms[at] = ms;
			}
		}
	qsort(all, total, sizeof *all, cmp_i64);
	st.n = (long)total;
	st.p50 = pct(all, total, 50);
	st.p95 = pct(all, total, 95);
	st.p99 = pct(all, total, 99);
	st.max = (double)all[total - 1] / 1e6;
	st.mean = sum / (double)total / 1e6;
	st.qps = wall > 0 ? (double)total / (wall / 1000.0) : 0;
	free(all);
	return st;
}

/* Opens the two search contexts of an engine (one per thread). */
static void open_ctx(const engine *e, void **ctx)
{
	for (int t = 0; t < 2; t++)
		if (!(ctx[t] = e->open(e->eng)))
			die("%s: could not open a search context", e->name);
}

/* Warm-up, then 1 thread, then 2 threads, per class; figures to f. */
static void run_classes(const engine *e, void **ctx, const qset *qs, FILE *f)
{
	query **q = xmalloc(qs->n * sizeof *q);
	for (int c = 0; c < NCLASS; c++) {
		const char *why = e->unsupported(c);
		if (why) {
			fprintf(f, "na %s %s\n", cls[c].id, why);
			continue;
		}
		size_t n = 0;
		for (size_t i = 0; i < qs->n; i++)
			if (qs->q[i].cls == c)
				q[n++] = &qs->q[i];
		if (!n)
			continue;
		int64_t t0 = now_ns();
		run_set(e, ctx, 2, q, n, 0);
		double warm = ms_since(t0);
		for (int threads = 1; threads <= 2; threads++) {
			stats st = run_set(e, ctx, threads, q, n, 1);
			fprintf(f, "lat %s %d %ld %ld %ld %ld %.4f %.4f %.4f %.4f %.4f %.1f\n",
			        cls[c].id, threads, st.n, st.errors, st.hits, st.flags, st.p50,
			        st.p95, st.p99, st.max, st.mean, st.qps);
			fflush(f);
			printf("   %-8s %-8s %d thread%s: p50 %8.3f  p95 %8.3f  p99 %8.3f ms  "
			       "(%ld/%ld found%s)\n",
			       e->name, cls[c].id, threads, threads > 1 ? "s" : " ", st.p50, st.p95,
			       st.p99, st.hits, st.n, st.errors ? ", ERRORS" : "");
			fflush(stdout);
			if (st.errors)
				fprintf(stderr, "lw_search_bench: %s, %s: %ld queries failed\n",
				        e->name, cls[c].id, st.errors);
			/* The slowest queries once more, 5 times each: slow or unlucky? */
			for (int k = 0; threads == 1 && k < st.nslow; k++) {
				const query *sq = q[st.slow[k]];
				int64_t again[5];
				for (int j = 0; j < 5; j++) {
					long found = 0;
					int flag = 0;
					int64_t t1 = now_ns();
					e->run(ctx[0], sq, &found, &flag);
					again[j] = now_ns() - t1;
				}
				qsort(again, 5, sizeof again[0], cmp_i64);
				fprintf(f, "slow %s %.4f %.4f %s%s%s%s%s%s\n", cls[c].id,
				        st.slow_ms[k], (double)again[2] / 1e6, sq->text,
				        sq->kind ? " (" : "", sq->kind ? sq->kind : "",
				        sq->kind ? ")" : "", sq->near ? " @ " : "",
				        sq->near ? sq->near : "");
			}
		}
		fprintf(f, "warm %s %.1f\n", cls[c].id, warm);
	}
	free(q);
}

static void close_ctx(const engine *e, void **ctx)
{
	for (int t = 0; t < 2; t++)
		e->close(ctx[t]);
}

/* ---- leerwerk -------------------------------------------------------------- */

/*
 * flag: typo - the engine corrected the query or proposed a correction;
 * near - the place was not understood (r.problem); facets - matches but
 * no facets.
 */
static const char *lw_unsupported(int c)
{
	(void)c;
	return NULL;
}

static void *lw_open(void *eng)
{
	lw_searcher *sr = NULL;
	return lw_searcher_new(eng, &sr) == LW_OK ? sr : NULL;
}

static int lw_run(void *ctx, const query *q, long *found, int *flag)
{
	lw_searcher *sr = ctx;
	if (q->cls == C_SUGGEST) {
		lw_suggestions sg;
		memset(&sg, 0, sizeof sg);
		int rc = lw_searcher_suggest(sr, q->text, SUGGEST_MAX, &sg);
		*found = (long)sg.n;
		lw_suggestions_free(&sg);
		return rc != LW_OK;
	}
	lw_search_opts o;
	memset(&o, 0, sizeof o);
	o.kind = q->kind;
	o.near = q->near;
	o.km = q->near ? NEAR_KM : 0;
	o.sort = LW_SORT_RELEVANCE;
	o.limit = LIMIT;
	o.facets = q->cls == C_FACETS;
	lw_results r;
	memset(&r, 0, sizeof r);
	lw_err err = {0};
	int rc = lw_searcher_run(sr, q->text, &o, &r, &err);
	*found = (long)r.n;
	if (q->cls == C_TYPO)
		*flag = r.corrected != NULL || r.did_you_mean != NULL;
	else if (q->cls == C_NEAR)
		*flag = r.problem != NULL;
	else if (q->cls == C_FACETS)
		*flag = r.total > 0 && r.nfacets == 0;
	lw_results_free(&r);
	return rc != LW_OK;
}

static void lw_close(void *ctx)
{
	lw_searcher_free(ctx);
}

static void current_rss(long *kib)
{
	*kib = proc_kib("/proc/self/status", "VmRSS");
}

static void phase_leerwerk(const char *db, const char *qpath, const char *outpath)
{
	qset qs = {0};
	qs_read(&qs, qpath);
	FILE *f = fopen(outpath, "w");
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	write_load(f);
	lw_store *s = open_store(db);
	long rss0;
	current_rss(&rss0);
	lw_engine *e = NULL;
	lw_err err = {0};
	int64_t t0 = now_ns();
	if (lw_engine_build(s, &e, &err) != LW_OK)
		die("lw_engine_build: %s", err.msg);
	double build = ms_since(t0);
	long rss_build = maxrss_kib(), rss1;
	current_rss(&rss1);
	lw_engine_stats es;
	lw_engine_stats_get(e, &es);
	printf("   leerwerk: engine built in %.0f ms, %ld items, %ld terms, %ld postings, "
	       "%.1f MiB held\n",
	       build, es.items, es.terms, es.postings, (double)es.bytes / 1048576.0);
	fprintf(f,
	        "engine leerwerk\nbuild_ms %.1f\nitems %ld\nterms %ld\npostings %ld\n"
	        "engine_bytes %zu\nengine_build_ms %lld\nrss_before_kib %ld\n"
	        "rss_after_build_kib %ld\npeak_build_kib %ld\n",
	        build, es.items, es.terms, es.postings, es.bytes, (long long)es.build_ms, rss0,
	        rss1, rss_build);
	fflush(f);
	engine en = {"leerwerk", lw_unsupported, lw_open, lw_run, lw_close, e};
	void *ctx[2];
	open_ctx(&en, ctx);
	run_classes(&en, ctx, &qs, f);
	close_ctx(&en, ctx);
	fprintf(f, "peak_kib %ld\n", maxrss_kib());
	lw_engine_free(e);
	lw_store_close(s);
	if (fclose(f))
		die("%s: write failed", outpath);
}

/* ---- the peers' shared translation ------------------------------------------ */

static const char *peer_unsupported(int c)
{
	if (c == C_NEAR)
		return "n/a: lw_search_items exports text only, no location, and the peer has no "
		       "geographic index in this set-up";
	if (c == C_SUGGEST)
		return "n/a: leerwerk only (the peer has no completion of whole queries; the "
		       "prefix class is the nearest thing it runs)";
	return NULL;
}

/* A word of the text: letters or digits in it (else it is skipped). */
static int has_alnum(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/*
 * Calls fn for each word of text (split at spaces; "field:value" gives
 * two words, field and value); prefix when it ended in '*'.
 */
static void peer_words(const char *text, void (*fn)(void *ud, const char *w, size_t n, int prefix),
                       void *ud)
{
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ' ' && *p != ':')
			p++;
		size_t n = (size_t)(p - s);
		int prefix = 0;
		while (n && s[n - 1] == '*') {
			n--;
			prefix = 1;
		}
		if (n && has_alnum(s, n))
			fn(ud, s, n, prefix);
		if (*p == ':')
			p++;
	}
}

/* FTS5: every word a quoted string ('"' doubled), prefix '"w"*', ANDed. */
static void fts5_word(void *ud, const char *w, size_t n, int prefix)
{
	sbuf *b = ud;
	if (b->len)
		sb_puts(b, " ");
	sb_puts(b, "\"");
	for (size_t i = 0; i < n; i++)
		sb_add(b, w[i] == '"' ? "\"\"" : &w[i], w[i] == '"' ? 2 : 1);
	sb_puts(b, prefix ? "\"*" : "\"");
}

/* PostgreSQL: words for websearch_to_tsquery, prefixes for to_tsquery('simple'). */
typedef struct pg_text {
	sbuf words, prefixes;
} pg_text;

static void pg_word(void *ud, const char *w, size_t n, int prefix)
{
	pg_text *t = ud;
	if (!prefix) {
		if (t->words.len)
			sb_puts(&t->words, " ");
		sb_add(&t->words, w, n);
		return;
	}
	/* Only letters and digits, lower case: no tsquery syntax. */
	sbuf *b = &t->prefixes;
	if (b->len)
		sb_puts(b, " & ");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (isalnum(ch) || ch >= 0x80) {
			char lc = (char)tolower(ch);
			sb_add(b, &lc, 1);
		}
	}
	sb_puts(b, ":*");
}

/* ---- stock FTS5 ------------------------------------------------------------- */

typedef struct fts5_ctx {
	sqlite3 *db;
	sqlite3_stmt *m, *mk;
	sbuf expr;
} fts5_ctx;

static const char *fts5_path;

static void *fts5_open(void *eng)
{
	(void)eng;
	fts5_ctx *c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	if (sqlite3_open_v2(fts5_path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		return NULL;
	/* The whole index mapped into memory, and a 64 MiB page cache. */
	if (sqlite3_exec(c->db, "PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -65536", NULL,
	                 NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
	                       "SELECT kind, ref, title FROM fts WHERE fts MATCH ?1 "
	                       "ORDER BY rank LIMIT 10",
	                       -1, &c->m, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
	                       "SELECT kind, ref, title FROM fts WHERE fts MATCH ?1 AND kind = ?2 "
	                       "ORDER BY rank LIMIT 10",
	                       -1, &c->mk, NULL) != SQLITE_OK) {
		fprintf(stderr, "lw_search_bench: fts5: %s\n", sqlite3_errmsg(c->db));
		return NULL;
	}
	return c;
}

static int fts5_run(void *ctx, const query *q, long *found, int *flag)
{
	fts5_ctx *c = ctx;
	(void)flag;
	sb_clear(&c->expr);
	peer_words(q->text, fts5_word, &c->expr);
	if (!c->expr.len)
		return 0; /* nothing to look for */
	sqlite3_stmt *st = q->kind ? c->mk : c->m;
	sqlite3_bind_text(st, 1, c->expr.p, (int)c->expr.len, SQLITE_STATIC);
	if (q->kind)
		sqlite3_bind_text(st, 2, q->kind, -1, SQLITE_STATIC);
	int rc;
	size_t bytes = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			bytes += t ? (size_t)sqlite3_column_bytes(st, i) : 0;
		}
		++*found;
	}
	(void)bytes;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		static int told;
		if (!told++)
			fprintf(stderr, "lw_search_bench: fts5: %s: %s\n", c->expr.p,
			        sqlite3_errmsg(c->db));
		return 1;
	}
	return 0;
}

static void fts5_close(void *ctx)
{
	fts5_ctx *c = ctx;
	sqlite3_finalize(c->m);
	sqlite3_finalize(c->mk);
	sqlite3_close(c->db);
	free(c->expr.p);
	free(c);
}

static void sql(sqlite3 *db, const char *s)
{
	char *msg = NULL;
	if (sqlite3_exec(db, s, NULL, NULL, &msg) != SQLITE_OK)
		die("fts5: %s: %s", s, msg ? msg : sqlite3_errmsg(db));
}

static void phase_fts5(const char *db, const char *qpath, const char *outpath, const char *scratch)
{
	qset qs = {0};
	qs_read(&qs, qpath);
	FILE *f = fopen(outpath, "w");
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	write_load(f);
	lw_store *s = open_store(db);
	items its = {0};
	double export_ms;
	export_items(s, &its, &export_ms);
	lw_store_close(s);

	unlink(scratch);
	sqlite3 *fd;
	if (sqlite3_open(scratch, &fd) != SQLITE_OK)
		die("%s: %s", scratch, sqlite3_errmsg(fd));
	int64_t t0 = now_ns();
	/* A scratch file: no journal, no syncs. */
	sql(fd, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	        "CREATE VIRTUAL TABLE fts USING fts5(title, keywords, body, kind UNINDEXED, "
	        "ref UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');"
	        "INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(10.0, 3.0, 1.0)');"
	        "BEGIN");
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(fd,
	                       "INSERT INTO fts(title, keywords, body, kind, ref) "
	                       "VALUES (?, ?, ?, ?, ?)",
	                       -1, &ins, NULL) != SQLITE_OK)
		die("fts5: %s", sqlite3_errmsg(fd));
	for (size_t i = 0; i < its.n; i++) {
		const item *it = &its.v[i];
		const char *v[5] = {it->title, it->keywords, it->body, it->kind, it->ref};
		for (int j = 0; j < 5; j++)
			sqlite3_bind_text(ins, j + 1, v[j], -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("fts5: insert: %s", sqlite3_errmsg(fd));
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	sql(fd, "COMMIT");
	double insert_ms = ms_since(t0);
	int64_t t1 = now_ns();
	sql(fd, "INSERT INTO fts(fts) VALUES('optimize')");
	double optimize_ms = ms_since(t1);
	double build = ms_since(t0);
	sqlite3_close(fd);
	struct stat sb;
	long long bytes = stat(scratch, &sb) ? -1 : (long long)sb.st_size;
	printf("   fts5: %zu items exported in %.0f ms; index built in %.0f ms (optimize %.0f ms), "
	       "%.1f MiB\n",
	       its.n, export_ms, build, optimize_ms, (double)bytes / 1048576.0);
	fprintf(f,
	        "engine fts5\nitems %zu\nexport_ms %.1f\nbuild_ms %.1f\ninsert_ms %.1f\n"
	        "optimize_ms %.1f\nindex_bytes %lld\nsqlite_version %s\npeak_build_kib %ld\n",
	        its.n, export_ms, build, insert_ms, optimize_ms, bytes, sqlite3_libversion(),
	        maxrss_kib());
	fflush(f);
	fts5_path = scratch;
	engine en = {"fts5", peer_unsupported, fts5_open, fts5_run, fts5_close, NULL};
	void *ctx[2];
	open_ctx(&en, ctx);
	run_classes(&en, ctx, &qs, f);
	close_ctx(&en, ctx);
	fprintf(f, "peak_kib %ld\n", maxrss_kib());
	if (fclose(f))
		die("%s: write failed", outpath);
}

/* ---- PostgreSQL -------------------------------------------------------------- */

static const char *pg_conninfo;

typedef struct pg_ctx {
	PGconn *c;
	pg_text t;
	long pid;
} pg_ctx;

static void pg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGresult *pg_exec(PGconn *c, const char *s, ExecStatusType want)
{
	PGresult *r = PQexec(c, s);
	if (PQresultStatus(r) != want)
		die("pg: %s: %s", s, PQerrorMessage(c));
	return r;
}

static void pg_do(PGconn *c, const char *s)
{
	PQclear(pg_exec(c, s, PGRES_COMMAND_OK));
}

static char *pg_value(PGconn *c, const char *s)
{
	PGresult *r = pg_exec(c, s, PGRES_TUPLES_OK);
	char *v = xstrdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return v;
}

static PGconn *pg_connect(void)
{
	PGconn *c = PQconnectdb(pg_conninfo);
	if (PQstatus(c) != CONNECTION_OK)
		die("pg: connect (%s): %s", pg_conninfo, PQerrorMessage(c));
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	return c;
}

#define PG_SELECT "SELECT kind, ref, title FROM items, "
#define PG_RANK " ORDER BY ts_rank(tsv, q) DESC LIMIT 10"

static void *pg_open(void *eng)
{
	(void)eng;
	pg_ctx *x = xmalloc(sizeof *x);
	memset(x, 0, sizeof *x);
	x->c = pg_connect();
	static const char *const st[][2] = {
	    {"w", PG_SELECT "websearch_to_tsquery('dutch', $1) AS q WHERE tsv @@ q" PG_RANK},
	    {"wk", PG_SELECT
	     "websearch_to_tsquery('dutch', $1) AS q WHERE tsv @@ q AND kind = $2" PG_RANK},
	    {"p", PG_SELECT "(SELECT websearch_to_tsquery('dutch', $1) && "
	                    "to_tsquery('simple', $2) AS q) AS x WHERE tsv @@ x.q"
	                    " ORDER BY ts_rank(tsv, x.q) DESC LIMIT 10"},
	};
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
		PGresult *r = PQprepare(x->c, st[i][0], st[i][1], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die("pg: prepare %s: %s", st[i][0], PQerrorMessage(x->c));
		PQclear(r);
	}
	char *pid = pg_value(x->c, "SELECT pg_backend_pid()");
	x->pid = atol(pid);
	free(pid);
	return x;
}

static int pg_run(void *ctx, const query *q, long *found, int *flag)
{
	pg_ctx *x = ctx;
	(void)flag;
	sb_clear(&x->t.words);
	sb_clear(&x->t.prefixes);
	peer_words(q->text, pg_word, &x->t);
	const char *v[2] = {x->t.words.p ? x->t.words.p : "", q->kind};
	const char *name = "w";
	int n = 1;
	if (x->t.prefixes.len) {
		name = "p";
		v[1] = x->t.prefixes.p;
		n = 2;
	} else if (q->kind) {
		name = "wk";
		n = 2;
	}
	PGresult *r = PQexecPrepared(x->c, name, n, v, NULL, NULL, 0);
	int bad = PQresultStatus(r) != PGRES_TUPLES_OK;
	if (bad) {
		static int told;
		if (!told++)
			fprintf(stderr, "lw_search_bench: pg: %s: %s", q->text,
			        PQerrorMessage(x->c));
	} else {
		*found = PQntuples(r);
		size_t bytes = 0;
		for (int i = 0; i < PQntuples(r); i++)
			for (int j = 0; j < 3; j++)
				bytes += (size_t)PQgetlength(r, i, j);
		(void)bytes;
	}
	PQclear(r);
	return bad;
}

static void pg_close(void *ctx)
{
	pg_ctx *x = ctx;
	PQfinish(x->c);
	free(x->t.words.p);
	free(x->t.prefixes.p);
	free(x);
}

/* COPY text format: backslash, tab, newline and return escaped. */
static void copy_field(sbuf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '\\':
			sb_add(b, "\\\\", 2);
			break;
		case '\t':
			sb_add(b, "\\t", 2);
			break;
		case '\n':
			sb_add(b, "\\n", 2);
			break;
		case '\r':
			sb_add(b, "\\r", 2);
			break;
		default:
			sb_add(b, p, 1);
		}
	}
}

/* Proportional set size of the server (postmaster and its children), KiB. */
static long pg_server_pss(const char *pgdata, int *nproc)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/postmaster.pid", pgdata);
	FILE *f = fopen(path, "r");
	long pm = 0;
	if (!f || fscanf(f, "%ld", &pm) != 1)
		pm = 0;
	if (f)
		fclose(f);
	*nproc = 0;
	if (!pm)
		return -1;
	long total = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		char stat_path[64], line[1024];
		snprintf(stat_path, sizeof stat_path, "/proc/%ld/stat", pid);
		FILE *sf = fopen(stat_path, "r");
		if (!sf)
			continue;
		long ppid = -1;
		if (fgets(line, sizeof line, sf)) {
			char *rp = strrchr(line, ')');
			if (rp)
				sscanf(rp + 1, " %*c %ld", &ppid);
		}
		fclose(sf);
		if (pid != pm && ppid != pm)
			continue;
		long pss = pid_kib(pid, "smaps_rollup", "Pss");
		if (pss < 0)
			return -1;
		total += pss;
		++*nproc;
	}
	if (d)
		closedir(d);
	return total;
}

static void phase_pg(const char *db, const char *qpath, const char *outpath, const char *conninfo,
                     const char *pgdata)
{
	qset qs = {0};
	qs_read(&qs, qpath);
	FILE *f = fopen(outpath, "w");
	if (!f)
		die("%s: %s", outpath, strerror(errno));
	pg_conninfo = conninfo;
	write_load(f);
	lw_store *s = open_store(db);
	items its = {0};
	double export_ms;
	export_items(s, &its, &export_ms);
	lw_store_close(s);

	PGconn *c = pg_connect();
	char *version = pg_value(c, "SHOW server_version");
	char *pidv = pg_value(c, "SELECT pg_backend_pid()");
	long loader = atol(pidv);
	free(pidv);
	pg_do(c, "DROP TABLE IF EXISTS items");
	/* The index build may use 512 MB instead of the default 64 MB. */
	pg_do(c, "SET maintenance_work_mem = '512MB'");
	int64_t t0 = now_ns();
	pg_do(c, "BEGIN");
	pg_do(c, "CREATE TABLE items (id integer, kind text, ref text, title text, keywords text, "
	         "body text, tsv tsvector GENERATED ALWAYS AS ("
	         "setweight(to_tsvector('dutch', title), 'A') || "
	         "setweight(to_tsvector('dutch', keywords), 'B') || "
	         "setweight(to_tsvector('dutch', body), 'C')) STORED)");
	PQclear(pg_exec(c, "COPY items (id, kind, ref, title, keywords, body) FROM STDIN",
	                PGRES_COPY_IN));
	sbuf b = {0};
	for (size_t i = 0; i < its.n; i++) {
		const item *it = &its.v[i];
		sb_printf(&b, "%zu\t", i + 1);
		const char *v[5] = {it->kind, it->ref, it->title, it->keywords, it->body};
		for (int j = 0; j < 5; j++) {
			copy_field(&b, v[j]);
			sb_puts(&b, j < 4 ? "\t" : "\n");
		}
		if (b.len > (1 << 20) || i + 1 == its.n) {
			if (PQputCopyData(c, b.p, (int)b.len) != 1)
				die("pg: COPY: %s", PQerrorMessage(c));
			sb_clear(&b);
		}
	}
	free(b.p);
	if (PQputCopyEnd(c, NULL) != 1)
		die("pg: COPY end: %s", PQerrorMessage(c));
	PGresult *r;
	while ((r = PQgetResult(c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die("pg: COPY: %s", PQerrorMessage(c));
		PQclear(r);
	}
	pg_do(c, "COMMIT");
	double load_ms = ms_since(t0);
	int64_t t1 = now_ns();
	pg_do(c, "CREATE INDEX items_tsv ON items USING gin (tsv)");
	double index_ms = ms_since(t1);
	int64_t t2 = now_ns();
	pg_do(c, "VACUUM ANALYZE items");
	double vacuum_ms = ms_since(t2);
	double build = ms_since(t0);
	char *table = pg_value(c, "SELECT pg_table_size('items')");
	char *index = pg_value(c, "SELECT pg_relation_size('items_tsv')");
	long loader_hwm = pid_kib(loader, "status", "VmHWM");
	printf("   pg: %zu items exported in %.0f ms; loaded in %.0f ms, GIN index %.0f ms, "
	       "vacuum analyze %.0f ms\n",
	       its.n, export_ms, load_ms, index_ms, vacuum_ms);
	fprintf(f,
	        "engine pg\nitems %zu\nexport_ms %.1f\nbuild_ms %.1f\nload_ms %.1f\n"
	        "index_ms %.1f\nvacuum_ms %.1f\ntable_bytes %s\nindex_bytes %s\n"
	        "server_version %s\nloader_hwm_kib %ld\n",
	        its.n, export_ms, build, load_ms, index_ms, vacuum_ms, table, index, version,
	        loader_hwm);
	static const char *const settings[] = {"shared_buffers",
	                                       "work_mem",
	                                       "jit",
	                                       "max_parallel_workers_per_gather",
	                                       "fsync",
	                                       "wal_level",
	                                       "default_text_search_config",
	                                       NULL};
	for (int i = 0; settings[i]; i++) {
		char q[128];
		snprintf(q, sizeof q, "SHOW %s", settings[i]);
		char *v = pg_value(c, q);
		fprintf(f, "setting %s %s\n", settings[i], v);
		free(v);
	}
	free(table);
	free(index);
	free(version);
	fflush(f);
	engine en = {"pg", peer_unsupported, pg_open, pg_run, pg_close, NULL};
	void *ctx[2];
	open_ctx(&en, ctx);
	run_classes(&en, ctx, &qs, f);
	long qhwm = 0;
	for (int t = 0; t < 2; t++) {
		long h = pid_kib(((pg_ctx *)ctx[t])->pid, "status", "VmHWM");
		if (h > qhwm)
			qhwm = h;
	}
	int nproc = 0;
	long pss = pg_server_pss(pgdata, &nproc);
	fprintf(f, "query_hwm_kib %ld\nserver_pss_kib %ld\nserver_procs %d\npeak_kib %ld\n", qhwm,
	        pss, nproc, maxrss_kib());
	close_ctx(&en, ctx);
	PQfinish(c);
	if (fclose(f))
		die("%s: write failed", outpath);
}

/* ---- report ---------------------------------------------------------------- */

enum { E_LW, E_FTS5, E_PG, NENGINE };
static const char *const engine_file[NENGINE] = {"leerwerk.txt", "fts5.txt", "pg.txt"};
static const char *const engine_name[NENGINE] = {"leerwerk", "FTS5", "PostgreSQL"};

static void fmt_ms(char *out, size_t n, double ms);

typedef struct result {
	int present;
	char *kv[128][2]; /* other lines: key, rest */
	int nkv;
	stats lat[NCLASS][2];
	int has[NCLASS][2];
	char *na[NCLASS];
	double warm[NCLASS];
	sbuf slow[NCLASS]; /* "`text` ms (again ms); ..." */
} result;

static void read_result(result *r, const char *path)
{
	memset(r, 0, sizeof *r);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	r->present = 1;
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		char *rest = sp + 1;
		if (!strcmp(line, "lat")) {
			char id[32];
			int th;
			stats st;
			if (sscanf(rest, "%31s %d %ld %ld %ld %ld %lf %lf %lf %lf %lf %lf", id, &th,
			           &st.n, &st.errors, &st.hits, &st.flags, &st.p50, &st.p95,
			           &st.p99, &st.max, &st.mean, &st.qps) == 12 &&
			    class_of(id) >= 0 && th >= 1 && th <= 2) {
				r->lat[class_of(id)][th - 1] = st;
				r->has[class_of(id)][th - 1] = 1;
			}
		} else if (!strcmp(line, "slow")) {
			char id[32];
			double ms, again;
			int used = 0;
			if (sscanf(rest, "%31s %lf %lf %n", id, &ms, &again, &used) < 3 || !used ||
			    class_of(id) < 0)
				continue;
			sbuf *b = &r->slow[class_of(id)];
			char x[32], y[32];
			fmt_ms(x, sizeof x, ms);
			fmt_ms(y, sizeof y, again);
			sb_printf(b, "%s`%s` %s (again %s)", b->len ? "; " : "", rest + used, x, y);
		} else if (!strcmp(line, "na") || !strcmp(line, "warm")) {
			char *sp2 = strchr(rest, ' ');
			if (!sp2)
				continue;
			*sp2 = '\0';
			int c = class_of(rest);
			if (c < 0)
				continue;
			if (line[0] == 'n')
				r->na[c] = xstrdup(sp2 + 1);
			else
				r->warm[c] = atof(sp2 + 1);
		} else if (r->nkv < 128) {
			r->kv[r->nkv][0] = xstrdup(line);
			r->kv[r->nkv][1] = xstrdup(rest);
			r->nkv++;
		}
	}
	fclose(f);
}

static const char *kv(const result *r, const char *key)
{
	for (int i = 0; i < r->nkv; i++)
		if (!strcmp(r->kv[i][0], key))
			return r->kv[i][1];
	return NULL;
}

static double kvd(const result *r, const char *key)
{
	const char *v = kv(r, key);
	return v ? atof(v) : -1;
}

static void fmt_ms(char *out, size_t n, double ms)
{
	if (ms < 0)
		snprintf(out, n, "-");
	else if (ms < 0.1)
		snprintf(out, n, "%.3f", ms);
	else if (ms < 100)
		snprintf(out, n, "%.2f", ms);
	else
		snprintf(out, n, "%.0f", ms);
}

static const char *mib(double kib, char *buf, size_t n)
{
	if (kib < 0)
		snprintf(buf, n, "not measured");
	else
		snprintf(buf, n, "%.0f MiB", kib / 1024.0);
	return buf;
}

static const char *ratio(double r, char *buf, size_t n)
{
	snprintf(buf, n, r >= 100 ? "%.0fx" : r >= 1 ? "%.1fx" : "%.2fx", r);
	return buf;
}

static const char *met(int ok)
{
	return ok ? "met" : "**not met**";
}

/* Text of each class's peer equivalent, for the report. */
static const char *const peer_runs[NCLASS] = {
    "FTS5: the word as one quoted term, `fts MATCH '\"kok\"' ORDER BY rank LIMIT 10`. "
    "PostgreSQL: `websearch_to_tsquery('dutch', 'kok')`.",
    "FTS5: every word a quoted term, ANDed: `'\"bbl\" \"techniek\"'`. PostgreSQL: "
    "`websearch_to_tsquery('dutch', 'bbl techniek')` (AND of the Dutch stems).",
    "FTS5: the prefix query `'\"verpleeg\"*'` (prefix of unicode61 tokens; no prefix index, "
    "as stock). PostgreSQL: `websearch_to_tsquery('dutch', the other words) && "
    "to_tsquery('simple', 'verpleeg:*')`: the prefix goes through `simple`, because the "
    "Dutch stemmer would change it ('verpleeg' -> 'verpleg') before it is matched against "
    "the stored stems.",
    "leerwerk counts the facets of every match (opts.facets = 1) and applies the filter. "
    "The peers count no facets and run the nearest equivalent of the filter only: a kind "
    "becomes `AND kind = ?` (FTS5: an UNINDEXED column; PostgreSQL: a plain column), "
    "`niveau:N` becomes the extra AND terms `niveau` and `N`.",
    NULL,
    "The peers run the misspelled text as typed, like one word; neither corrects "
    "typos, so they mostly find nothing (see 'found something').",
    NULL,
};

static void phase_report(const char *dir, const char *outpath, const char *scale, const char *seed,
                         const char *source)
{
	char path[4096];
	qset qs = {0};
	snprintf(path, sizeof path, "%s/queries.tsv", dir);
	qs_read(&qs, path);
	result r[NENGINE];
	for (int e = 0; e < NENGINE; e++) {
		snprintf(path, sizeof path, "%s/%s", dir, engine_file[e]);
		read_result(&r[e], path);
	}
	if (!r[E_LW].present)
		die("no leerwerk results in %s", dir);

	sbuf o = {0};
	time_t now = time(NULL);
	char date[64];
	strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", gmtime(&now));
	long per = 0;
	size_t listed[NCLASS] = {0}, count[NCLASS] = {0};
	for (size_t i = 0; i < qs.n; i++) {
		count[qs.q[i].cls]++;
		listed[qs.q[i].cls] += qs.q[i].listed;
	}
	per = (long)count[0];
	int official = !strcmp(scale, "20") && per >= 1000;

	/* Machine. */
	char cpu[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[1024];
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			snprintf(cpu, sizeof cpu, "%s", trim(strchr(line, ':') + 1));
			break;
		}
	if (f)
		fclose(f);
	char os[256] = "unknown";
	f = fopen("/etc/os-release", "r");
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "PRETTY_NAME=", 12)) {
			char *v = trim(line + 12);
			size_t n = strlen(v);
			if (n >= 2 && v[0] == '"')
				v[n - 1] = '\0', v++;
			snprintf(os, sizeof os, "%s", v);
		}
	if (f)
		fclose(f);
	struct utsname un;
	uname(&un);
	double ram = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);

	sb_printf(&o,
	          "# Search benchmark\n\n"
	          "Written by `bench/search` on %s UTC. Reproduce with `bench/search` (or "
	          "`make bench`).\n",
	          date);
	if (!official)
		sb_printf(&o,
		          "\n**A trial run (scale %s, %ld queries per class), not the "
		          "benchmark:** the goals speak of scale 20 (about 1,000,000 items) and "
		          "at least 1000 queries per class.\n",
		          scale, per);
	sb_printf(&o,
	          "\n## Machine\n\n- CPU: %s\n- nproc: %ld\n- memory: %.1f GiB\n- OS: %s, "
	          "kernel %s\n- leerwerk %s (Release build in build-bench; %s)\n"
	          "- SQLite %s (FTS5), PostgreSQL %s\n",
	          cpu, sysconf(_SC_NPROCESSORS_ONLN), ram / 1073741824.0, os, un.release,
	          LW_VERSION, source,
	          kv(&r[E_FTS5], "sqlite_version") ? kv(&r[E_FTS5], "sqlite_version") : "-",
	          kv(&r[E_PG], "server_version") ? kv(&r[E_PG], "server_version") : "-");
	sb_puts(&o, "- load average (1 min) when each engine's phase began:");
	for (int e = 0; e < NENGINE; e++)
		sb_printf(&o, "%s %s %s", e ? "," : "", engine_name[e],
		          kv(&r[e], "load") ? kv(&r[e], "load") : "-");
	sb_printf(&o, " (%ld cores; higher means other work ran beside the benchmark)\n",
	          sysconf(_SC_NPROCESSORS_ONLN));

	/* Data and queries. */
	sb_printf(&o,
	          "\n## Data and queries\n\n"
	          "`leerwerk import reference`, then `leerwerk demo generate --scale %s "
	          "--seed %s`: %s items as `lw_search_items()` exports them (what the peers "
	          "index), %s in leerwerk's engine. Every engine answers the same queries, "
	          "%ld per class (the run's queries.tsv):\n\n",
	          scale, seed, kv(&r[E_FTS5], "items") ? kv(&r[E_FTS5], "items") : "-",
	          kv(&r[E_LW], "items") ? kv(&r[E_LW], "items") : "-", per);
	sb_printf(&o, "| class | queries | from bench/queries | sampled | examples |\n"
	              "|---|---:|---:|---:|---|\n");
	for (int c = 0; c < NCLASS; c++) {
		sb_printf(&o, "| %s | %zu | %zu | %zu | ", cls[c].name, count[c], listed[c],
		          count[c] - listed[c]);
		int shown = 0;
		for (size_t i = 0; i < qs.n && shown < 4; i++) {
			const query *q = &qs.q[i];
			if (q->cls != c || (shown >= 2 && q->listed) || (shown < 2 && !q->listed))
				continue;
			sb_printf(&o, "%s`%s", shown ? ", " : "", q->text);
			if (q->kind)
				sb_printf(&o, "` (%s)", q->kind);
			else if (q->near)
				sb_printf(&o, "` @ %s", q->near);
			else
				sb_puts(&o, "`");
			shown++;
		}
		sb_puts(&o, " |\n");
	}
	sb_printf(
	    &o,
	    "\nThe listed queries (bench/queries/*.txt: realistic Dutch queries, typos, "
	    "places) come first; the rest is sampled with splitmix64, seed %s, from the "
	    "catalogue: the 1500 most frequent words of the titles of qualifications, "
	    "occupations, offerings, EVC procedures, vacancies and schemes (4+ letters, no "
	    "digits, no stopwords; each word once before any twice); several words: two or "
	    "three words of one title, or a word and one of the 100 largest places; prefixes "
	    "and suggestions: the first 3 to 6 letters of a word; facets: a word of a title with "
	    "its item's kind, or a word with `niveau:2..4`; near: a word and one of the 300 most "
	    "populated PC4 areas; typos: a word with one letter left out, swapped, wrong or "
	    "added (never the first letter), checked to be no title word.\n",
	    seed);

	/* How. */
	sb_printf(
	    &o,
	    "\n## How it was measured\n\n"
	    "One program, bench/search_bench.c, in one process per engine (so their memory "
	    "does not mix), on an otherwise idle machine; PostgreSQL runs only during its own "
	    "phase. Latency: `clock_gettime(CLOCK_MONOTONIC)` around one query, from its text "
	    "to the 10 best hits read (kind, key, title), in the benchmark's process (for "
	    "PostgreSQL: a prepared statement over its Unix socket, round trip included). Per "
	    "class: a warm-up (every query once, untimed, shared by two threads), then every "
	    "query at 1 thread, then at 2 threads, each thread running the whole list "
	    "concurrently (the second starting halfway), so 2 threads give twice as many "
	    "latencies. p50/p95/p99: nearest rank over every query run. 'found' counts the "
	    "queries that returned at least one hit (suggestions: at least one completion).\n\n"
	    "- **leerwerk**: `lw_engine_build` (timed: the index build, reading the store "
	    "included), one `lw_searcher` per thread, `lw_searcher_run(sr, text, &opts, &r, "
	    "&err)` with limit 10 (facets: `opts.facets = 1`, and `opts.kind`; near: `opts.near`, "
	    "`opts.km = 10`), `lw_searcher_suggest(sr, prefix, 8, &s)` for suggestions. It also "
	    "counts all matches (`r.total`), which the peers do not.\n"
	    "- **FTS5** (SQLite's own, stock): a scratch file, `CREATE VIRTUAL TABLE fts USING "
	    "fts5(title, keywords, body, kind UNINDEXED, ref UNINDEXED, tokenize = 'unicode61 "
	    "remove_diacritics 2')`, rank `bm25(10.0, 3.0, 1.0)` (title, keywords, body) via the "
	    "rank configuration option; filled in one transaction (journal off, synchronous "
	    "off), then `optimize` (both timed as the build). Queries: `SELECT kind, ref, title "
	    "FROM fts WHERE fts MATCH ?1 [AND kind = ?2] ORDER BY rank LIMIT 10`, one read-only "
	    "connection per thread with `mmap_size` 2 GiB and a 64 MiB page cache.\n"
	    "- **PostgreSQL**: a server of its own (initdb into bench/work, 127.0.0.1 and a Unix "
	    "socket, stopped and removed at the end; fsync, synchronous_commit and "
	    "full_page_writes off, wal_level minimal, jit off; settings below). Table `items` with "
	    "`tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch', title),'A') || "
	    "setweight(to_tsvector('dutch', keywords),'B') || setweight(to_tsvector('dutch', "
	    "body),'C')) STORED`, filled by COPY, a GIN index on tsv (`maintenance_work_mem` "
	    "512MB), `VACUUM ANALYZE` (all three timed as the build). Queries: the prepared "
	    "`SELECT kind, ref, title FROM items, websearch_to_tsquery('dutch', $1) AS q WHERE "
	    "tsv @@ q [AND kind = $2] ORDER BY ts_rank(tsv, q) DESC LIMIT 10`, one connection "
	    "per thread.\n");
	const result *pg = &r[E_PG];
	if (pg->present) {
		sb_puts(&o, "\nPostgreSQL settings:");
		for (int i = 0; i < pg->nkv; i++)
			if (!strcmp(pg->kv[i][0], "setting"))
				sb_printf(&o, " `%s`;", pg->kv[i][1]);
		o.p[o.len - 1] = '.';
		sb_puts(&o, "\n");
	}

	/* Build and memory. */
	char a[64], bb[64], cc[64];
	const result *lw = &r[E_LW], *ft = &r[E_FTS5];
	sb_printf(&o, "\n## Index build and memory\n\n| | leerwerk | FTS5 | PostgreSQL |\n"
	              "|---|---:|---:|---:|\n");
	sb_printf(&o, "| index build (s) | %.2f | %.2f | %.2f |\n", kvd(lw, "build_ms") / 1000,
	          kvd(ft, "build_ms") / 1000, kvd(pg, "build_ms") / 1000);
	sb_printf(&o,
	          "| of which | reading the store included | insert %.2f, optimize %.2f | "
	          "COPY %.2f, GIN index %.2f, vacuum analyze %.2f |\n",
	          kvd(ft, "insert_ms") / 1000, kvd(ft, "optimize_ms") / 1000,
	          kvd(pg, "load_ms") / 1000, kvd(pg, "index_ms") / 1000,
	          kvd(pg, "vacuum_ms") / 1000);
	sb_printf(&o,
	          "| items export (`lw_search_items`, not in the build) | - | %.2f s | %.2f s |\n",
	          kvd(ft, "export_ms") / 1000, kvd(pg, "export_ms") / 1000);
	sb_printf(&o,
	          "| index size | %.0f MiB held (`lw_engine_stats`) | %.0f MiB file | "
	          "table %.0f MiB + GIN %.0f MiB |\n",
	          kvd(lw, "engine_bytes") / 1048576, kvd(ft, "index_bytes") / 1048576,
	          kvd(pg, "table_bytes") / 1048576, kvd(pg, "index_bytes") / 1048576);
	sb_printf(&o, "| peak memory after the build | %s | %s | loading backend: %s |\n",
	          mib(kvd(lw, "peak_build_kib"), a, sizeof a),
	          mib(kvd(ft, "peak_build_kib"), bb, sizeof bb),
	          mib(kvd(pg, "loader_hwm_kib"), cc, sizeof cc));
	sb_printf(&o, "| peak memory, whole run | %s | %s | query backend: %s |\n",
	          mib(kvd(lw, "peak_kib"), a, sizeof a), mib(kvd(ft, "peak_kib"), bb, sizeof bb),
	          mib(kvd(pg, "query_hwm_kib"), cc, sizeof cc));
	sb_printf(&o,
	          "\nPeak memory is the peak resident set (`getrusage` ru_maxrss) of the engine's "
	          "own process: for leerwerk, the store opened (%s before the build) plus "
	          "`lw_engine_build` and then every query; for FTS5 it includes every exported "
	          "item held in memory and the index pages mapped. PostgreSQL's is measured in "
	          "the server: VmHWM of the backend that loaded and indexed, and of the busier "
	          "query backend (each includes the shared buffers it touched, so they overlap); "
	          "the whole server (%s processes) held %s (sum of PSS) at the end of the run.\n",
	          mib(kvd(lw, "rss_before_kib"), a, sizeof a),
	          kv(pg, "server_procs") ? kv(pg, "server_procs") : "-",
	          mib(kvd(pg, "server_pss_kib"), bb, sizeof bb));

	/* Latency. */
	sb_puts(&o, "\n## Latency per class (ms)\n");
	for (int c = 0; c < NCLASS; c++) {
		sb_printf(&o, "\n### %s (%zu queries)\n\n", cls[c].name, count[c]);
		sb_puts(&o, "| | leerwerk | FTS5 | PostgreSQL |\n|---|---:|---:|---:|\n");
		for (int t = 0; t < 2; t++) {
			sb_printf(&o, "| p50 / p95 / p99, %d thread%s |", t + 1, t ? "s" : "");
			for (int e = 0; e < NENGINE; e++) {
				if (!r[e].has[c][t]) {
					sb_puts(&o, " n/a |");
					continue;
				}
				char x[32], y[32], z[32];
				fmt_ms(x, sizeof x, r[e].lat[c][t].p50);
				fmt_ms(y, sizeof y, r[e].lat[c][t].p95);
				fmt_ms(z, sizeof z, r[e].lat[c][t].p99);
				sb_printf(&o, " %s / %s / **%s** |", x, y, z);
			}
			sb_puts(&o, "\n");
		}
		for (int t = 0; t < 2; t++) {
			sb_printf(&o, "| max, mean; queries/s, %d thread%s |", t + 1, t ? "s" : "");
			for (int e = 0; e < NENGINE; e++) {
				if (!r[e].has[c][t]) {
					sb_puts(&o, " - |");
					continue;
				}
				char x[32], y[32];
				fmt_ms(x, sizeof x, r[e].lat[c][t].max);
				fmt_ms(y, sizeof y, r[e].lat[c][t].mean);
				sb_printf(&o, " %s, %s; %.0f |", x, y, r[e].lat[c][t].qps);
			}
			sb_puts(&o, "\n");
		}
		sb_puts(&o, "| found something (1 thread) |");
		for (int e = 0; e < NENGINE; e++) {
			if (!r[e].has[c][0])
				sb_puts(&o, " - |");
			else
				sb_printf(
				    &o, " %ld of %ld%s |", r[e].lat[c][0].hits, r[e].lat[c][0].n,
				    r[e].lat[c][0].errors || r[e].lat[c][1].errors ? " (ERRORS)"
				                                                   : "");
		}
		sb_puts(&o, "\n| p99 ratio to leerwerk, 1 / 2 threads | 1 |");
		for (int e = E_FTS5; e < NENGINE; e++) {
			if (!r[e].has[c][0] || !r[E_LW].has[c][0]) {
				sb_puts(&o, " - |");
				continue;
			}
			char x[32], y[32];
			sb_printf(&o, " %s / %s |",
			          ratio(r[e].lat[c][0].p99 / r[E_LW].lat[c][0].p99, x, sizeof x),
			          ratio(r[e].lat[c][1].p99 / r[E_LW].lat[c][1].p99, y, sizeof y));
		}
		sb_puts(&o, "\n");
		const stats *l = &r[E_LW].lat[c][0];
		if (c == C_TYPO && r[E_LW].has[c][0])
			sb_printf(&o,
			          "\nleerwerk corrected or proposed a correction for %ld of %ld "
			          "typo queries.\n",
			          l->flags, l->n);
		if (c == C_NEAR && r[E_LW].has[c][0])
			sb_printf(&o,
			          "\nleerwerk did not understand the place of %ld of %ld queries "
			          "(`r.problem`).\n",
			          l->flags, l->n);
		if (c == C_FACETS && r[E_LW].has[c][0] && l->flags)
			sb_printf(&o, "\nleerwerk returned no facets for %ld of %ld queries.\n",
			          l->flags, l->n);
		if (peer_runs[c])
			sb_printf(&o, "\nWhat runs: %s\n", peer_runs[c]);
		for (int e = E_FTS5; e < NENGINE; e++)
			if (r[e].na[c])
				sb_printf(&o, "\n%s: %s.\n", engine_name[e], r[e].na[c]);
	}

	/* The slowest queries. */
	sb_puts(
	    &o,
	    "\n## Slowest queries\n\nThe three slowest queries of each class at 1 thread, "
	    "in ms, and the median of 5 runs of each right afterwards (when that is far "
	    "lower, the slow run was bad luck - another process, a page fault - rather "
	    "than the query).\n\n| class | leerwerk | FTS5 | PostgreSQL |\n|---|---|---|---|\n");
	for (int c = 0; c < NCLASS; c++) {
		sb_printf(&o, "| %s |", cls[c].name);
		for (int e = 0; e < NENGINE; e++)
			sb_printf(&o, " %s |", r[e].slow[c].len ? r[e].slow[c].p : "-");
		sb_puts(&o, "\n");
	}

	/* Goals. */
	sb_puts(&o, "\n## Goals\n\nA latency goal is met when it holds at 1 and at 2 threads.\n\n"
	            "| class | leerwerk p99 (1 / 2 threads) | p99 <= 10 ms | FTS5 / leerwerk p99 "
	            ">= 5x | PostgreSQL / leerwerk p99 >= 10x |\n|---|---:|---|---|---|\n");
	int all_met = 1;
	for (int c = 0; c < NCLASS; c++) {
		if (!lw->has[c][0] || !lw->has[c][1]) {
			sb_printf(&o, "| %s | not run | **not met** | - | - |\n", cls[c].name);
			all_met = 0;
			continue;
		}
		double p1 = lw->lat[c][0].p99, p2 = lw->lat[c][1].p99;
		char x[32], y[32];
		fmt_ms(x, sizeof x, p1);
		fmt_ms(y, sizeof y, p2);
		int ok = p1 <= 10 && p2 <= 10 && !lw->lat[c][0].errors && !lw->lat[c][1].errors;
		all_met &= ok;
		sb_printf(&o, "| %s | %s / %s | %s |", cls[c].name, x, y, met(ok));
		static const double want[NENGINE] = {0, 5, 10};
		for (int e = E_FTS5; e < NENGINE; e++) {
			if (!r[e].has[c][0] || !r[e].has[c][1]) {
				sb_puts(&o, r[e].present ? " n/a |" : " not run |");
				continue;
			}
			double r1 = r[e].lat[c][0].p99 / p1, r2 = r[e].lat[c][1].p99 / p2;
			int m = r1 >= want[e] && r2 >= want[e];
			all_met &= m;
			char u[32], v[32];
			sb_printf(&o, " %s / %s: %s |", ratio(r1, u, sizeof u),
			          ratio(r2, v, sizeof v), met(m));
		}
		sb_puts(&o, "\n");
	}
	sb_puts(&o, "\n| goal | figure | |\n|---|---|---|\n");
	if (lw->has[C_SUGGEST][0] && lw->has[C_SUGGEST][1]) {
		double p1 = lw->lat[C_SUGGEST][0].p99, p2 = lw->lat[C_SUGGEST][1].p99;
		char x[32], y[32];
		fmt_ms(x, sizeof x, p1);
		fmt_ms(y, sizeof y, p2);
		int ok = p1 <= 2 && p2 <= 2;
		all_met &= ok;
		sb_printf(&o, "| suggestions p99 <= 2 ms | %s / %s ms (1 / 2 threads) | %s |\n", x,
		          y, met(ok));
	}
	double build = kvd(lw, "build_ms") / 1000;
	all_met &= build >= 0 && build <= 60;
	sb_printf(&o, "| index build <= 60 s | %.2f s (`lw_engine_build`) | %s |\n", build,
	          met(build >= 0 && build <= 60));
	double peak = kvd(lw, "peak_kib") * 1024;
	all_met &= peak >= 0 && peak <= 1.5e9;
	sb_printf(&o,
	          "| peak memory <= 1.5 GB (1.5e9 bytes, 1431 MiB) | %.0f MiB (leerwerk's "
	          "process, whole run) | %s |\n",
	          peak / 1048576, met(peak >= 0 && peak <= 1.5e9));
	sb_printf(&o, "\nAll goals: **%s**%s.\n", all_met ? "met" : "not all met",
	          official ? "" : " (in this trial run; the goals are for scale 20)");

	FILE *out = fopen(outpath, "w");
	if (!out || fwrite(o.p, 1, o.len, out) != o.len || fclose(out))
		die("%s: write failed", outpath);
	free(o.p);
}

/* ---- main -------------------------------------------------------------------- */

static void usage(void)
{
	fputs("usage: lw_search_bench queries  DB LISTS_DIR N SEED OUT.tsv\n"
	      "       lw_search_bench leerwerk DB QUERIES.tsv OUT.txt\n"
	      "       lw_search_bench fts5     DB QUERIES.tsv OUT.txt SCRATCH.db\n"
	      "       lw_search_bench pg       DB QUERIES.tsv OUT.txt CONNINFO PGDATA\n"
	      "       lw_search_bench report   RUN_DIR OUT.md SCALE SEED SOURCE\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "queries") && argc == 7) {
		char *end;
		long n = strtol(argv[4], &end, 10);
		unsigned long long seed = strtoull(argv[5], NULL, 10);
		if (*end || n < 1)
			die("N must be a positive number");
		phase_queries(argv[2], argv[3], n, (uint64_t)seed, argv[6]);
	} else if (!strcmp(cmd, "leerwerk") && argc == 5) {
		phase_leerwerk(argv[2], argv[3], argv[4]);
	} else if (!strcmp(cmd, "fts5") && argc == 6) {
		phase_fts5(argv[2], argv[3], argv[4], argv[5]);
	} else if (!strcmp(cmd, "pg") && argc == 7) {
		phase_pg(argv[2], argv[3], argv[4], argv[5], argv[6]);
	} else if (!strcmp(cmd, "report") && argc == 7) {
		phase_report(argv[2], argv[3], argv[4], argv[5], argv[6]);
	} else {
		usage();
	}
	return 0;
}

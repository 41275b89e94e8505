/*
 * programme.c - the programme as data (lw_programme.h): reading a programme
 * file (docs/formats/programma.md), checking it whole, and the accessors.
 *
 * The JSON document is parsed by jansson and walked once, top to bottom,
 * into structs that live in one arena; the document is released at the
 * end. Every message names the file and the JSON path of the value at
 * fault ("programma.json:begroting.regels[3].bedragen.2009: ..."): the
 * walk keeps the path of where it is in ctx.path. The first problem stops
 * the load. The checks that need the whole programme (targets against
 * each other, the budget against its printed totals, funding against
 * spending) run after the walk.
 *
 * Amounts are never floating point: "11,5" is read digit by digit into
 * 11500 (thousands of euro), and JSON numbers with a fraction are refused.
 */
#include "lw_programme.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The compiled-in default (generated from the data file by CMake). */
extern const unsigned char lw_programme_default_bytes[];
extern const size_t lw_programme_default_size;

const char LW_PROGRAMME_DEFAULT_NAME[] = "data/programma-leren-en-werken-2008-2011.json";

#define FORMAT_ID "leerwerk-programma/1"
#define MAX_LIST 1000
#define MAX_YEARS 50
#define MIN_YEAR 1900
#define MAX_YEAR 2200
#define MAX_COUNT 1000000000L  /* people, trajectories, desks */
#define MAX_AMOUNT 1000000000L /* thousands of euro: a thousand billion euro */
#define AMOUNT_DECIMALS 3      /* millions written, thousands kept */
#define PERCENT_DECIMALS 2     /* percent written, hundredths kept */

struct lw_programme {
	lw_arena arena;
	const char *code, *name, *publisher, *source_name;
	int first, last;
	size_t nyears;
	lw_programme_code *groups, *sectors;
	size_t ngroups, nsectors;
	lw_programme_target national;
	lw_programme_target *subs;
	size_t nsubs;
	int start_first, start_last;
	lw_programme_start_item *start;
	size_t nstart;
	lw_programme_ambition *ambitions;
	size_t nambitions;
	lw_programme_indicator *indicators;
	size_t nindicators;
	lw_programme_line *lines, *sources, costs;
	size_t nlines, nsources;
	int has_costs;
	long *budget_printed, *funding_printed;
};

/* ---- numbers as text ----------------------------------------------------- */

static long pow10l(int n)
{
	long v = 1;
	while (n-- > 0)
		v *= 10;
	return v;
}

/* v / 10^decimals with a decimal comma, at least min_dec decimals. */
static const char *fmt_decimal(char *buf, size_t size, long v, int decimals, int min_dec)
{
	long scale = pow10l(decimals), a = v < 0 ? -v : v, frac = a % scale;
	char tmp[64];
	int len = snprintf(tmp, sizeof tmp, "%s%ld", v < 0 ? "-" : "", a / scale);
	size_t n = len > 0 ? (size_t)len : 0;
	int keep = decimals;
	while (keep > min_dec && frac % 10 == 0) {
		frac /= 10;
		keep--;
	}
	if (keep) {
		tmp[n++] = ',';
		for (int i = keep - 1; i >= 0; i--, frac /= 10)
			tmp[n + (size_t)i] = (char)('0' + frac % 10);
		n += (size_t)keep;
	}
	if (n >= size)
		n = size - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

static const char *fmt_amount(char *buf, size_t size, long thousands)
{
	return fmt_decimal(buf, size, thousands, AMOUNT_DECIMALS, 1);
}

static const char *fmt_percent(char *buf, size_t size, long hundredths)
{
	return fmt_decimal(buf, size, hundredths, PERCENT_DECIMALS, 0);
}

/* 90000 -> "90.000". */
static const char *fmt_count(char *buf, size_t size, long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
	size_t o = 0;
	if (n < 0 && o + 1 < size)
		buf[o++] = '-';
	for (int i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

int lw_programme_amount_format(long thousands, lw_buf *out)
{
	char b[48];
	return lw_buf_puts(out, fmt_amount(b, sizeof b, thousands));
}

int lw_programme_count_format(long n, lw_buf *out)
{
	char b[48];
	return lw_buf_puts(out, fmt_count(b, sizeof b, n));
}

int lw_programme_decimal_parse(const char *s, int decimals, long *out)
{
	long whole = 0, frac = 0;
	int nwhole = 0, nfrac = 0;
	const char *q = s;
	for (; *q >= '0' && *q <= '9'; q++, nwhole++)
		if (nwhole < 10)
			whole = whole * 10 + (*q - '0');
	if (*q == ',') {
		for (q++; *q >= '0' && *q <= '9'; q++, nfrac++)
			if (nfrac < decimals)
				frac = frac * 10 + (*q - '0');
		if (nfrac == 0)
			return LW_EINPUT;
	}
	if (*q || nwhole == 0 || nwhole > 9 || nfrac > decimals)
		return LW_EINPUT;
	*out = whole * pow10l(decimals) + frac * pow10l(decimals - nfrac);
	return LW_OK;
}

/* ---- names --------------------------------------------------------------- */

static const char *const kind_names[] = {NULL, "evc", "duaal"};
static const char *const level_names[] = {NULL, "mbo-1", "mbo-2", "mbo-3",  "mbo-4",
                                          "ad", "hbo",   "wo",    "branche"};
static const char *const approx_names[] = {"", "ruim", "circa", "minimaal"};
static const char *const measure_names[] = {NULL, "loketten", "extern", "context"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return 0;
}

int lw_programme_kind_parse(const char *s)
{
	return s ? name_index(kind_names, NELEM(kind_names), s) : 0;
}

const char *lw_programme_kind_name(int kind)
{
	return kind > 0 && (size_t)kind < NELEM(kind_names) ? kind_names[kind] : "?";
}

int lw_programme_level_parse(const char *s)
{
	return s ? name_index(level_names, NELEM(level_names), s) : 0;
}

const char *lw_programme_level_name(int level)
{
	return level > 0 && (size_t)level < NELEM(level_names) ? level_names[level] : "?";
}

const char *lw_programme_approx_name(lw_programme_approx a)
{
	return (size_t)a < NELEM(approx_names) ? approx_names[a] : "";
}

const char *lw_programme_measure_name(lw_programme_measure m)
{
	return m > 0 && (size_t)m < NELEM(measure_names) ? measure_names[m] : "?";
}

/* ---- the walk: where we are, and failing there ---------------------------- */

typedef struct ctx {
	lw_programme *p;
	lw_err *err;
	const char *file;
	size_t plen;
	char path[512];
} ctx;

static void path_append(ctx *c, const char *s)
{
	size_t n = strlen(s), room = sizeof c->path - 1 - c->plen;
	if (n > room)
		n = room;
	memcpy(c->path + c->plen, s, n);
	c->plen += n;
	c->path[c->plen] = '\0';
}

/* Descends into member key; returns the mark to pop back to. */
static size_t push_key(ctx *c, const char *key)
{
	size_t old = c->plen;
	if (c->plen)
		path_append(c, ".");
	path_append(c, key);
	return old;
}

static size_t push_index(ctx *c, size_t i)
{
	char b[32];
	snprintf(b, sizeof b, "[%zu]", i);
	size_t old = c->plen;
	path_append(c, b);
	return old;
}

static void pop(ctx *c, size_t mark)
{
	c->plen = mark;
	c->path[mark] = '\0';
}

static int fail(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "FILE:PATH: message" (Dutch), LW_EINPUT. */
static int fail(ctx *c, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->plen)
		return lw_err_set(c->err, LW_EINPUT, "%s:%s: %s", c->file, c->path, msg);
	return lw_err_set(c->err, LW_EINPUT, "%s: %s", c->file, msg);
}

static int nomem(ctx *c)
{
	return lw_err_set(c->err, LW_ENOMEM, "onvoldoende geheugen");
}

static void *alloc_array(ctx *c, size_t n, size_t size)
{
	return lw_arena_alloc(&c->p->arena, n ? n * size : 1);
}

static char *dup(ctx *c, const char *s)
{
	return lw_arena_strdup(&c->p->arena, s);
}

/* ---- members of the right type ------------------------------------------- */

static const char *type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "een object";
	case JSON_ARRAY:
		return "een lijst";
	case JSON_STRING:
		return "tekst";
	case JSON_INTEGER:
		return "een geheel getal";
	case JSON_REAL:
		return "een getal met decimalen";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true of false";
	default:
		return "null";
	}
}

/* Fails unless j (at the current path) has type want. */
static int expect(ctx *c, const json_t *j, json_type want)
{
	json_type t = json_typeof(j);
	if (t == want || (want == JSON_TRUE && t == JSON_FALSE))
		return LW_OK;
	return fail(c, "moet %s zijn, niet %s", type_name(want), type_name(t));
}

/*
 * The member key of obj in *out: NULL when it is absent and not required.
 * On failure the path points at the member.
 */
static int member(ctx *c, json_t *obj, const char *key, int required, json_type type, json_t **out)
{
	*out = json_object_get(obj, key);
	if (!*out && !required)
		return LW_OK;
	size_t mark = push_key(c, key);
	int rc = *out ? expect(c, *out, type) : fail(c, "ontbreekt");
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

/* Fails at the first member of obj that is not in allowed (NULL-terminated). */
static int only_keys(ctx *c, json_t *obj, const char *const *allowed)
{
	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		const char *key = json_object_iter_key(it);
		const char *const *a = allowed;
		while (*a && strcmp(*a, key) != 0)
			a++;
		if (!*a) {
			push_key(c, key);
			return fail(c, "onbekende sleutel");
		}
	}
	return LW_OK;
}

static int get_string(ctx *c, json_t *obj, const char *key, int required, const char **out)
{
	json_t *j;
	*out = NULL;
	int rc = member(c, obj, key, required, JSON_STRING, &j);
	if (rc != LW_OK || !j)
		return rc;
	const char *s = json_string_value(j);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (!*s) {
		push_key(c, key);
		return fail(c, "mag niet leeg zijn");
	}
	return (*out = dup(c, json_string_value(j))) ? LW_OK : nomem(c);
}

/* A whole number from min to max; LW_PROGRAMME_NONE when absent. */
static int get_long(ctx *c, json_t *obj, const char *key, int required, long min, long max,
                    long *out)
{
	json_t *j;
	*out = LW_PROGRAMME_NONE;
	int rc = member(c, obj, key, required, JSON_INTEGER, &j);
	if (rc != LW_OK || !j)
		return rc;
	json_int_t v = json_integer_value(j);
	if (v < min || v > max) {
		char a[32], b[32];
		push_key(c, key);
		return fail(c, "%lld ligt niet tussen %s en %s", (long long)v,
		            fmt_count(a, sizeof a, min), fmt_count(b, sizeof b, max));
	}
	*out = (long)v;
	return LW_OK;
}

static int get_count(ctx *c, json_t *obj, const char *key, int required, long *out)
{
	return get_long(c, obj, key, required, 0, MAX_COUNT, out);
}

/* Fails unless year (at the current path) lies in the programme's period. */
static int in_period(ctx *c, long year)
{
	if (year >= c->p->first && year <= c->p->last)
		return LW_OK;
	return fail(c, "jaar %ld valt buiten de periode %d-%d", year, c->p->first, c->p->last);
}

/* A year (0 when absent); within the period when `period` is set. */
static int get_year(ctx *c, json_t *obj, const char *key, int required, int period, int *out)
{
	long y;
	*out = 0;
	int rc = get_long(c, obj, key, required, MIN_YEAR, MAX_YEAR, &y);
	if (rc != LW_OK || y == LW_PROGRAMME_NONE)
		return rc;
	if (period) {
		size_t mark = push_key(c, key);
		if ((rc = in_period(c, y)) != LW_OK)
			return rc;
		pop(c, mark);
	}
	*out = (int)y;
	return LW_OK;
}

static int get_bool(ctx *c, json_t *obj, const char *key, int required, int def, int *out)
{
	json_t *j;
	*out = def;
	int rc = member(c, obj, key, required, JSON_TRUE, &j);
	if (rc == LW_OK && j)
		*out = json_is_true(j);
	return rc;
}

/*
 * A decimal at the current path: a string as written in the plan ("11,5")
 * or a whole JSON number, scaled by 10^decimals; from 0 to max.
 */
static int decimal_value(ctx *c, json_t *j, int decimals, long max, long *out)
{
	if (json_is_integer(j)) {
		json_int_t v = json_integer_value(j);
		if (v < 0 || v > max / pow10l(decimals))
			return fail(c, "%lld ligt buiten het bereik", (long long)v);
		*out = (long)v * pow10l(decimals);
		return LW_OK;
	}
	if (json_is_real(j))
		return fail(c, "schrijf een getal met decimalen als tekst met een decimale komma, "
		               "zoals \"11,5\": een JSON-getal met een punt is niet exact");
	if (!json_is_string(j))
		return fail(c, "moet tekst zijn (zoals \"11,5\"), niet %s",
		            type_name(json_typeof(j)));
	const char *s = json_string_value(j);
	if (lw_programme_decimal_parse(s, decimals, out) != LW_OK)
		return fail(c,
		            "'%s' is geen getal zoals \"11,5\" (cijfers, een decimale komma, "
		            "hoogstens %d decimalen)",
		            s, decimals);
	if (*out > max)
		return fail(c, "'%s' is te groot", s);
	return LW_OK;
}

static int get_decimal(ctx *c, json_t *obj, const char *key, int required, int decimals, long max,
                       long *out)
{
	json_t *j = json_object_get(obj, key);
	*out = LW_PROGRAMME_NONE;
	if (!j && !required)
		return LW_OK;
	size_t mark = push_key(c, key);
	int rc = j ? decimal_value(c, j, decimals, max, out) : fail(c, "ontbreekt");
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

/* An array member with at most MAX_LIST entries (NULL when absent). */
static int get_list(ctx *c, json_t *obj, const char *key, int required, json_t **out)
{
	int rc = member(c, obj, key, required, JSON_ARRAY, out);
	if (rc != LW_OK || !*out || json_array_size(*out) <= MAX_LIST)
		return rc;
	push_key(c, key);
	return fail(c, "te veel elementen (hoogstens %d)", MAX_LIST);
}

/* A code: 1-64 characters a-z, 0-9 or '-'. */
static int get_code(ctx *c, json_t *obj, const char **out)
{
	int rc = get_string(c, obj, "code", 1, out);
	if (rc != LW_OK)
		return rc;
	size_t n = strlen(*out);
	int ok = n <= 64;
	for (const char *s = *out; ok && *s; s++)
		ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-';
	if (ok)
		return LW_OK;
	push_key(c, "code");
	return fail(c, "'%s' is geen code: 1 tot 64 tekens, kleine letters, cijfers en '-'", *out);
}

/* ---- year maps ------------------------------------------------------------ */

/*
 * An object from years of the period to values: *out gets one slot per
 * year, LW_PROGRAMME_NONE where the object has none. `decimals` < 0 reads
 * whole counts, else decimals of that many places.
 */
static int get_years(ctx *c, json_t *obj, const char *key, int required, int decimals, long **out)
{
	json_t *map;
	*out = NULL;
	int rc = member(c, obj, key, required, JSON_OBJECT, &map);
	if (rc != LW_OK || !map)
		return rc;
	long *v = alloc_array(c, c->p->nyears, sizeof *v);
	if (!v)
		return nomem(c);
	for (size_t i = 0; i < c->p->nyears; i++)
		v[i] = LW_PROGRAMME_NONE;
	size_t mark = push_key(c, key);
	for (void *it = json_object_iter(map); it; it = json_object_iter_next(map, it)) {
		const char *y = json_object_iter_key(it);
		json_t *j = json_object_iter_value(it);
		size_t m2 = push_key(c, y);
		if (strlen(y) != 4 || !lw_is_digits(y, 4))
			return fail(c, "'%s' is geen jaartal", y);
		if ((rc = in_period(c, atol(y))) != LW_OK)
			return rc;
		long *slot = &v[atol(y) - c->p->first];
		if (decimals >= 0)
			rc = decimal_value(c, j, decimals, MAX_AMOUNT, slot);
		else if ((rc = expect(c, j, JSON_INTEGER)) == LW_OK) {
			if (json_integer_value(j) < 0 || json_integer_value(j) > MAX_COUNT)
				return fail(c, "%lld ligt buiten het bereik",
				            (long long)json_integer_value(j));
			*slot = (long)json_integer_value(j);
		}
		if (rc != LW_OK)
			return rc;
		pop(c, m2);
	}
	pop(c, mark);
	*out = v;
	return LW_OK;
}

/* ---- code lists ----------------------------------------------------------- */

static const lw_programme_code *code_find(const lw_programme_code *list, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].code, code) == 0)
			return &list[i];
	return NULL;
}

static int parse_code_entry(ctx *c, json_t *e, int groups, lw_programme_code *list, size_t i)
{
	static const char *const group_keys[] = {"code", "naam", "valt_onder", NULL};
	int rc = expect(c, e, JSON_OBJECT);
	if (rc == LW_OK)
		rc = only_keys(c, e, group_keys);
	if (rc == LW_OK && !groups && json_object_get(e, "valt_onder")) {
		push_key(c, "valt_onder");
		return fail(c, "alleen doelgroepen vallen onder een andere");
	}
	if (rc == LW_OK)
		rc = get_code(c, e, &list[i].code);
	if (rc == LW_OK)
		rc = get_string(c, e, "naam", 1, &list[i].name);
	if (rc == LW_OK)
		rc = get_string(c, e, "valt_onder", 0, &list[i].parent);
	if (rc != LW_OK)
		return rc;
	const lw_programme_code *same = code_find(list, i, list[i].code);
	if (same) {
		push_key(c, "code");
		return fail(c, "'%s' komt al voor (element %zu)", list[i].code,
		            (size_t)(same - list));
	}
	if (list[i].parent && !code_find(list, i, list[i].parent)) {
		push_key(c, "valt_onder");
		return fail(c, "'%s' is geen doelgroep die eerder in de lijst staat",
		            list[i].parent);
	}
	return LW_OK;
}

static int parse_code_list(ctx *c, json_t *lists, const char *key, lw_programme_code **out,
                           size_t *n)
{
	json_t *arr;
	int rc = get_list(c, lists, key, 1, &arr);
	if (rc != LW_OK)
		return rc;
	*n = json_array_size(arr);
	if (!(*out = alloc_array(c, *n, sizeof **out)))
		return nomem(c);
	size_t mark = push_key(c, key);
	for (size_t i = 0; i < *n; i++) {
		size_t m2 = push_index(c, i);
		rc = parse_code_entry(c, json_array_get(arr, i), strcmp(key, "doelgroepen") == 0,
		                      *out, i);
		if (rc != LW_OK)
			return rc;
		pop(c, m2);
	}
	pop(c, mark);
	return LW_OK;
}

static int parse_code_lists(ctx *c, json_t *root)
{
	static const char *const keys[] = {"doelgroepen", "sectoren", NULL};
	json_t *lists;
	int rc = member(c, root, "codelijsten", 1, JSON_OBJECT, &lists);
	if (rc != LW_OK)
		return rc;
	size_t mark = push_key(c, "codelijsten");
	if ((rc = only_keys(c, lists, keys)) == LW_OK &&
	    (rc = parse_code_list(c, lists, "doelgroepen", &c->p->groups, &c->p->ngroups)) == LW_OK)
		rc = parse_code_list(c, lists, "sectoren", &c->p->sectors, &c->p->nsectors);
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

/* ---- selections ----------------------------------------------------------- */

/*
 * Checks one word of a list: 1 and the word to keep in *out, 0 when it is
 * not known, LW_ENOMEM.
 */
typedef int (*word_check)(ctx *c, const char *s, const char **out);

static int check_group(ctx *c, const char *s, const char **out)
{
	const lw_programme_code *g = code_find(c->p->groups, c->p->ngroups, s);
	*out = g ? g->code : NULL;
	return g != NULL;
}

static int check_sector(ctx *c, const char *s, const char **out)
{
	const lw_programme_code *g = code_find(c->p->sectors, c->p->nsectors, s);
	*out = g ? g->code : NULL;
	return g != NULL;
}

/* "nederland", "antillen" or a labour-market region, kept as "AM13". */
static int check_region(ctx *c, const char *s, const char **out)
{
	if (strcmp(s, "nederland") == 0 || strcmp(s, "antillen") == 0) {
		*out = s[0] == 'n' ? "nederland" : "antillen";
	} else if (strlen(s) == 4 && strncasecmp(s, "am", 2) == 0 && lw_is_digits(s + 2, 2)) {
		char code[5] = {'A', 'M', s[2], s[3], '\0'};
		*out = dup(c, code);
	} else {
		return 0;
	}
	return *out ? 1 : LW_ENOMEM;
}

static int check_kind(ctx *c, const char *s, const char **out)
{
	(void)c;
	int k = lw_programme_kind_parse(s);
	*out = k ? kind_names[k] : NULL;
	return k != 0;
}

static int check_level(ctx *c, const char *s, const char **out)
{
	(void)c;
	int k = lw_programme_level_parse(s);
	*out = k ? level_names[k] : NULL;
	return k != 0;
}

static int check_target_ref(ctx *c, const char *s, const char **out)
{
	const lw_programme_target *t = lw_programme_target_find(c->p, s);
	*out = t ? t->code : NULL;
	return t != NULL;
}

/*
 * A list of 1 to MAX_LIST known words at the current path (already
 * pushed); an unknown one fails as "WHAT 'word' HINT".
 */
static int words_at(ctx *c, json_t *arr, word_check check, const char *what, const char *hint,
                    const char ***out, size_t *n)
{
	int rc = expect(c, arr, JSON_ARRAY);
	if (rc != LW_OK)
		return rc;
	if (json_array_size(arr) == 0 || json_array_size(arr) > MAX_LIST)
		return fail(c,
		            "moet 1 tot %d elementen hebben (laat de sleutel weg om niet te "
		            "beperken)",
		            MAX_LIST);
	*n = json_array_size(arr);
	if (!(*out = alloc_array(c, *n, sizeof **out)))
		return nomem(c);
	for (size_t i = 0; i < *n; i++) {
		json_t *w = json_array_get(arr, i);
		size_t mark = push_index(c, i);
		if ((rc = expect(c, w, JSON_STRING)) != LW_OK)
			return rc;
		int ok = check(c, json_string_value(w), &(*out)[i]);
		if (ok < 0)
			return nomem(c);
		if (!ok)
			return fail(c, "%s '%s' %s", what, json_string_value(w), hint);
		pop(c, mark);
	}
	return LW_OK;
}

/* A list of kinds or levels as a bit set. */
static int bits_at(ctx *c, json_t *arr, int levels, unsigned *bits)
{
	const char **w = NULL;
	size_t n = 0;
	int rc = levels ? words_at(c, arr, check_level, "onbekend niveau",
	                           "(mbo-1, mbo-2, mbo-3, mbo-4, ad, hbo, wo of branche)", &w, &n)
	                : words_at(c, arr, check_kind, "onbekende soort", "(evc of duaal)", &w, &n);
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		*bits |=
		    1u << (levels ? lw_programme_level_parse(w[i]) : lw_programme_kind_parse(w[i]));
	return rc;
}

static int parse_age(ctx *c, json_t *sel, lw_programme_selection *s)
{
	static const char *const keys[] = {"van", "tot", NULL};
	json_t *age;
	int rc = member(c, sel, "leeftijd", 0, JSON_OBJECT, &age);
	if (rc != LW_OK || !age)
		return rc;
	size_t mark = push_key(c, "leeftijd");
	if ((rc = only_keys(c, age, keys)) != LW_OK ||
	    (rc = get_long(c, age, "van", 0, 0, 120, &s->age_min)) != LW_OK ||
	    (rc = get_long(c, age, "tot", 0, 0, 120, &s->age_max)) != LW_OK)
		return rc;
	if (s->age_min == LW_PROGRAMME_NONE && s->age_max == LW_PROGRAMME_NONE)
		return fail(c, "noem 'van', 'tot' of allebei");
	if (s->age_min != LW_PROGRAMME_NONE && s->age_max != LW_PROGRAMME_NONE &&
	    s->age_min > s->age_max)
		return fail(c, "'van' (%ld) is groter dan 'tot' (%ld)", s->age_min, s->age_max);
	pop(c, mark);
	return LW_OK;
}

/* One list member of a selection, if present. */
static int selection_member(ctx *c, json_t *sel, const char *key, lw_programme_selection *s)
{
	json_t *j = json_object_get(sel, key);
	if (!j)
		return LW_OK;
	size_t mark = push_key(c, key);
	int rc;
	if (strcmp(key, "soorten") == 0 || strcmp(key, "niveaus") == 0)
		rc = bits_at(c, j, key[0] == 'n', key[0] == 'n' ? &s->levels : &s->kinds);
	else if (strcmp(key, "doelgroepen") == 0)
		rc = words_at(c, j, check_group, "onbekende doelgroep",
		              "(zie codelijsten.doelgroepen)", &s->groups, &s->ngroups);
	else if (strcmp(key, "sectoren") == 0)
		rc = words_at(c, j, check_sector, "onbekende sector", "(zie codelijsten.sectoren)",
		              &s->sectors, &s->nsectors);
	else
		rc = words_at(c, j, check_region, "onbekende regio",
		              "(een arbeidsmarktregio AMnn, nederland of antillen)", &s->regions,
		              &s->nregions);
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

static int parse_selection(ctx *c, json_t *obj, const char *key, int required,
                           lw_programme_selection *s, int *present)
{
	static const char *const keys[] = {"soorten", "doelgroepen", "leeftijd", "sectoren",
	                                   "niveaus", "regios",      NULL};
	json_t *sel;
	memset(s, 0, sizeof *s);
	s->age_min = s->age_max = LW_PROGRAMME_NONE;
	int rc = member(c, obj, key, required, JSON_OBJECT, &sel);
	if (present)
		*present = sel != NULL;
	if (rc != LW_OK || !sel)
		return rc;
	size_t mark = push_key(c, key);
	if ((rc = only_keys(c, sel, keys)) != LW_OK)
		return rc;
	for (const char *const *k = keys; *k; k++)
		if (strcmp(*k, "leeftijd") != 0 && (rc = selection_member(c, sel, *k, s)) != LW_OK)
			return rc;
	if ((rc = parse_age(c, sel, s)) != LW_OK)
		return rc;
	pop(c, mark);
	return LW_OK;
}

/* ---- targets -------------------------------------------------------------- */

static int parse_target_fields(ctx *c, json_t *obj, lw_programme_target *t, int national)
{
	int rc;
	if ((rc = get_code(c, obj, &t->code)) != LW_OK ||
	    (rc = get_string(c, obj, "naam", 1, &t->name)) != LW_OK ||
	    (rc = parse_selection(c, obj, "selectie", 1, &t->sel, NULL)) != LW_OK ||
	    (rc = get_count(c, obj, "totaal", national, &t->total)) != LW_OK ||
	    (rc = get_years(c, obj, "per_jaar", 0, -1, &t->per_year)) != LW_OK ||
	    (rc = get_decimal(c, obj, "aandeel", 0, PERCENT_DECIMALS, 10000, &t->share)) != LW_OK ||
	    (rc = get_year(c, obj, "gereed_in", 0, 1, &t->due_year)) != LW_OK ||
	    (rc = get_bool(c, obj, "binnen_landelijk", 0, !national, &t->within_national)) !=
	        LW_OK ||
	    (rc = get_string(c, obj, "bron", 1, &t->source)) != LW_OK)
		return rc;
	if (t->share == 0) {
		push_key(c, "aandeel");
		return fail(c, "een aandeel van 0%% zegt niets; laat het weg");
	}
	return get_string(c, obj, "toelichting", 0, &t->note);
}

static int parse_target(ctx *c, json_t *obj, lw_programme_target *t, int national)
{
	static const char *const sub_keys[] = {
	    "code",     "naam",        "selectie", "totaal",
	    "per_jaar", "gereed_in",   "aandeel",  "binnen_landelijk",
	    "bron",     "toelichting", NULL};
	/* The national target has neither a share nor a place within itself. */
	static const char *const national_keys[] = {"code",   "naam",        "selectie",
	                                            "totaal", "per_jaar",    "gereed_in",
	                                            "bron",   "toelichting", NULL};
	int rc = expect(c, obj, JSON_OBJECT);
	if (rc == LW_OK)
		rc = only_keys(c, obj, national ? national_keys : sub_keys);
	if (rc == LW_OK)
		rc = parse_target_fields(c, obj, t, national);
	return rc;
}

/* The path of target t for messages: "landelijk_doel" or "subdoelen[i]". */
static size_t push_target(ctx *c, const lw_programme_target *t)
{
	if (t == &c->p->national)
		return push_key(c, "landelijk_doel");
	size_t mark = push_key(c, "subdoelen");
	push_index(c, (size_t)(t - c->p->subs));
	return mark;
}

/* Fails when target i's code is that of the national target or an earlier one. */
static int target_unique(ctx *c, size_t i)
{
	const lw_programme *p = c->p;
	const char *code = p->subs[i].code;
	if (strcmp(code, p->national.code) != 0) {
		size_t j = 0;
		while (j < i && strcmp(p->subs[j].code, code) != 0)
			j++;
		if (j == i)
			return LW_OK;
		push_target(c, &p->subs[i]);
		push_key(c, "code");
		return fail(c, "'%s' komt al voor in subdoelen[%zu]", code, j);
	}
	push_target(c, &p->subs[i]);
	push_key(c, "code");
	return fail(c, "'%s' is al de code van het landelijke doel", code);
}

static int parse_targets(ctx *c, json_t *root)
{
	json_t *nat, *subs;
	int rc = member(c, root, "landelijk_doel", 1, JSON_OBJECT, &nat);
	if (rc != LW_OK)
		return rc;
	size_t mark = push_key(c, "landelijk_doel");
	if ((rc = parse_target(c, nat, &c->p->national, 1)) != LW_OK)
		return rc;
	pop(c, mark);
	if ((rc = get_list(c, root, "subdoelen", 0, &subs)) != LW_OK)
		return rc;
	c->p->nsubs = subs ? json_array_size(subs) : 0;
	if (!(c->p->subs = alloc_array(c, c->p->nsubs, sizeof *c->p->subs)))
		return nomem(c);
	for (size_t i = 0; i < c->p->nsubs; i++) {
		mark = push_key(c, "subdoelen");
		push_index(c, i);
		if ((rc = parse_target(c, json_array_get(subs, i), &c->p->subs[i], 0)) != LW_OK)
			return rc;
		pop(c, mark);
		if ((rc = target_unique(c, i)) != LW_OK)
			return rc;
	}
	return LW_OK;
}

static long year_sum(const lw_programme *p, const long *v, int *any)
{
	long sum = 0;
	*any = 0;
	for (size_t i = 0; v && i < p->nyears; i++)
		if (v[i] != LW_PROGRAMME_NONE) {
			sum += v[i];
			*any = 1;
		}
	return sum;
}

/*
 * The years after the due year have no value; the years add up to the
 * total unless they were derived from a share (each rounded on its own).
 */
static int check_target_years(ctx *c, lw_programme_target *t, int derived)
{
	const lw_programme *p = c->p;
	int any, last = 0;
	long sum = year_sum(p, t->per_year, &any);
	for (size_t i = 0; any && i < p->nyears; i++)
		if (t->per_year[i] != LW_PROGRAMME_NONE)
			last = p->first + (int)i;
	if (!t->due_year)
		t->due_year = any ? last : p->last;
	char a[32], b[32];
	if (any && last > t->due_year) {
		char y[16];
		snprintf(y, sizeof y, "%d", last);
		push_key(c, "per_jaar");
		push_key(c, y);
		return fail(c, "ligt na gereed_in (%d)", t->due_year);
	}
	if (any && !derived && t->total != LW_PROGRAMME_NONE && sum != t->total) {
		push_key(c, "per_jaar");
		return fail(c, "de jaren tellen op tot %s, maar het totaal is %s",
		            fmt_count(a, sizeof a, sum), fmt_count(b, sizeof b, t->total));
	}
	if (any && t->total == LW_PROGRAMME_NONE)
		t->total = sum;
	return LW_OK;
}

/* share of v, rounded half up (hundredths of a percent). */
static long share_of(long v, long share)
{
	return (v * share + 5000) / 10000;
}

/*
 * A share of the national target: its total and years follow from it.
 * *derived is set when the years were not given but derived.
 */
static int check_target_share(ctx *c, lw_programme_target *t, int *derived)
{
	const lw_programme *p = c->p;
	const lw_programme_target *n = &p->national;
	char pc[16], a[32], b[32], d[32];
	fmt_percent(pc, sizeof pc, t->share);
	long want = share_of(n->total, t->share);
	if (t->total != LW_PROGRAMME_NONE && t->total != want) {
		push_key(c, "totaal");
		return fail(c, "%s%% van het landelijke doel (%s) is %s, niet %s", pc,
		            fmt_count(a, sizeof a, n->total), fmt_count(b, sizeof b, want),
		            fmt_count(d, sizeof d, t->total));
	}
	t->total = want;
	for (size_t i = 0; i < p->nyears; i++) {
		long nat = n->per_year ? n->per_year[i] : LW_PROGRAMME_NONE;
		long own = t->per_year ? t->per_year[i] : LW_PROGRAMME_NONE;
		if (own == LW_PROGRAMME_NONE ||
		    (nat != LW_PROGRAMME_NONE && own == share_of(nat, t->share)))
			continue;
		char y[16];
		snprintf(y, sizeof y, "%d", p->first + (int)i);
		push_key(c, "per_jaar");
		push_key(c, y);
		if (nat == LW_PROGRAMME_NONE)
			return fail(c,
			            "het landelijke doel heeft voor %s geen waarde om %s%% van "
			            "te nemen",
			            y, pc);
		return fail(c, "%s%% van het landelijke doel van %s (%s) is %s, niet %s", pc, y,
		            fmt_count(a, sizeof a, nat),
		            fmt_count(b, sizeof b, share_of(nat, t->share)),
		            fmt_count(d, sizeof d, own));
	}
	if (!t->per_year && n->per_year) {
		*derived = 1;
		if (!(t->per_year = alloc_array(c, p->nyears, sizeof *t->per_year)))
			return nomem(c);
		for (size_t i = 0; i < p->nyears; i++)
			t->per_year[i] = n->per_year[i] == LW_PROGRAMME_NONE
			                     ? LW_PROGRAMME_NONE
			                     : share_of(n->per_year[i], t->share);
	}
	return LW_OK;
}

/* A part of the national target is no larger than it, in total and per year. */
static int check_within_national(ctx *c, const lw_programme_target *t)
{
	const lw_programme *p = c->p;
	const lw_programme_target *n = &p->national;
	char a[32], b[32];
	if (t->total != LW_PROGRAMME_NONE && t->total > n->total) {
		push_key(c, "totaal");
		return fail(c, "%s is meer dan het landelijke doel (%s), waar het deel van is",
		            fmt_count(a, sizeof a, t->total), fmt_count(b, sizeof b, n->total));
	}
	for (size_t i = 0; t->per_year && n->per_year && i < p->nyears; i++) {
		if (t->per_year[i] == LW_PROGRAMME_NONE || n->per_year[i] == LW_PROGRAMME_NONE ||
		    t->per_year[i] <= n->per_year[i])
			continue;
		char y[16];
		snprintf(y, sizeof y, "%d", p->first + (int)i);
		push_key(c, "per_jaar");
		push_key(c, y);
		return fail(c, "%s is meer dan het landelijke doel van dat jaar (%s)",
		            fmt_count(a, sizeof a, t->per_year[i]),
		            fmt_count(b, sizeof b, n->per_year[i]));
	}
	return LW_OK;
}

static int check_target(ctx *c, lw_programme_target *t)
{
	size_t mark = push_target(c, t);
	int derived = 0;
	int rc = t->share != LW_PROGRAMME_NONE ? check_target_share(c, t, &derived) : LW_OK;
	if (rc == LW_OK)
		rc = check_target_years(c, t, derived);
	if (rc == LW_OK && t != &c->p->national && t->within_national)
		rc = check_within_national(c, t);
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

static int check_targets(ctx *c)
{
	int rc = check_target(c, &c->p->national);
	for (size_t i = 0; rc == LW_OK && i < c->p->nsubs; i++)
		rc = check_target(c, &c->p->subs[i]);
	return rc;
}

/* ---- starting position, ambitions, indicators ------------------------------ */

static int get_approx(ctx *c, json_t *obj, lw_programme_approx *out)
{
	const char *s;
	*out = LW_APPROX_EXACT;
	int rc = get_string(c, obj, "benadering", 0, &s);
	if (rc != LW_OK || !s)
		return rc;
	int i = name_index(approx_names, NELEM(approx_names), s);
	if (i > 0) {
		*out = (lw_programme_approx)i;
		return LW_OK;
	}
	push_key(c, "benadering");
	return fail(c, "'%s' is geen benadering (ruim, circa of minimaal)", s);
}

/* Fails when codes[i] (at stride bytes apart) equals an earlier one. */
static int unique_code(ctx *c, const void *base, size_t i, const char *(*code_at)(const void *),
                       size_t stride)
{
	const char *list = base;
	const char *code = code_at(list + i * stride);
	for (size_t j = 0; j < i; j++)
		if (strcmp(code_at(list + j * stride), code) == 0) {
			push_key(c, "code");
			return fail(c, "'%s' komt al voor (element %zu)", code, j);
		}
	return LW_OK;
}

static const char *start_code(const void *e)
{
	return ((const lw_programme_start_item *)e)->code;
}

static const char *ambition_code(const void *e)
{
	return ((const lw_programme_ambition *)e)->code;
}

static const char *indicator_code(const void *e)
{
	return ((const lw_programme_indicator *)e)->code;
}

static const char *line_code(const void *e)
{
	return ((const lw_programme_line *)e)->code;
}

static int parse_start_item(ctx *c, json_t *e, size_t i)
{
	static const char *const keys[] = {"code", "naam", "waarde", "benadering",
	                                   "doel", "bron", NULL};
	lw_programme_start_item *s = &c->p->start[i];
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = get_code(c, e, &s->code)) != LW_OK ||
	    (rc = get_string(c, e, "naam", 1, &s->name)) != LW_OK ||
	    (rc = get_count(c, e, "waarde", 1, &s->value)) != LW_OK ||
	    (rc = get_approx(c, e, &s->approx)) != LW_OK ||
	    (rc = get_count(c, e, "doel", 0, &s->target)) != LW_OK ||
	    (rc = get_string(c, e, "bron", 1, &s->source)) != LW_OK)
		return rc;
	return unique_code(c, c->p->start, i, start_code, sizeof *s);
}

static int parse_start(ctx *c, json_t *root)
{
	static const char *const keys[] = {"van", "tot", "waarden", NULL};
	json_t *st, *items;
	int rc = member(c, root, "uitgangspositie", 0, JSON_OBJECT, &st);
	if (rc != LW_OK || !st)
		return rc;
	size_t mark = push_key(c, "uitgangspositie");
	if ((rc = only_keys(c, st, keys)) != LW_OK ||
	    (rc = get_year(c, st, "van", 1, 0, &c->p->start_first)) != LW_OK ||
	    (rc = get_year(c, st, "tot", 1, 0, &c->p->start_last)) != LW_OK ||
	    (rc = get_list(c, st, "waarden", 1, &items)) != LW_OK)
		return rc;
	if (c->p->start_first > c->p->start_last || c->p->start_last >= c->p->first) {
		push_key(c, "tot");
		return fail(c, "de uitgangspositie %d-%d moet voor de periode (%d-%d) liggen",
		            c->p->start_first, c->p->start_last, c->p->first, c->p->last);
	}
	c->p->nstart = json_array_size(items);
	if (!(c->p->start = alloc_array(c, c->p->nstart, sizeof *c->p->start)))
		return nomem(c);
	for (size_t i = 0; i < c->p->nstart; i++) {
		size_t m2 = push_key(c, "waarden");
		push_index(c, i);
		if ((rc = parse_start_item(c, json_array_get(items, i), i)) != LW_OK)
			return rc;
		pop(c, m2);
	}
	pop(c, mark);
	return LW_OK;
}

static int get_measure(ctx *c, json_t *obj, lw_programme_measure *out)
{
	const char *s;
	int rc = get_string(c, obj, "meting", 1, &s);
	if (rc != LW_OK)
		return rc;
	int i = name_index(measure_names, NELEM(measure_names), s);
	if (i > 0) {
		*out = (lw_programme_measure)i;
		return LW_OK;
	}
	push_key(c, "meting");
	return fail(c, "'%s' is geen meting (loketten, extern of context)", s);
}

static int parse_baseline(ctx *c, json_t *e, lw_programme_ambition *a)
{
	static const char *const keys[] = {"jaar", "waarde", NULL};
	json_t *b;
	int rc = member(c, e, "uitgangswaarde", 0, JSON_OBJECT, &b);
	if (rc != LW_OK || !b)
		return rc;
	size_t mark = push_key(c, "uitgangswaarde");
	if ((rc = only_keys(c, b, keys)) != LW_OK ||
	    (rc = get_year(c, b, "jaar", 1, 0, &a->baseline_year)) != LW_OK ||
	    (rc = get_count(c, b, "waarde", 1, &a->baseline)) != LW_OK)
		return rc;
	pop(c, mark);
	return LW_OK;
}

static int parse_ambition(ctx *c, json_t *e, void *base, size_t i)
{
	static const char *const keys[] = {
	    "code",           "naam",   "waarde",   "benadering", "jaar",        "toename_sinds",
	    "uitgangswaarde", "meting", "bijdrage", "bron",       "toelichting", NULL};
	lw_programme_ambition *a = (lw_programme_ambition *)base + i;
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = get_code(c, e, &a->code)) != LW_OK ||
	    (rc = get_string(c, e, "naam", 1, &a->name)) != LW_OK ||
	    (rc = get_count(c, e, "waarde", 1, &a->value)) != LW_OK ||
	    (rc = get_approx(c, e, &a->approx)) != LW_OK ||
	    (rc = get_year(c, e, "jaar", 0, 1, &a->year)) != LW_OK ||
	    (rc = get_year(c, e, "toename_sinds", 0, 0, &a->increase_since)) != LW_OK ||
	    (rc = parse_baseline(c, e, a)) != LW_OK ||
	    (rc = get_measure(c, e, &a->measure)) != LW_OK ||
	    (rc = parse_selection(c, e, "bijdrage", 0, &a->contribution, &a->has_contribution)) !=
	        LW_OK ||
	    (rc = get_string(c, e, "bron", 1, &a->source)) != LW_OK ||
	    (rc = get_string(c, e, "toelichting", 0, &a->note)) != LW_OK)
		return rc;
	if (a->increase_since && a->year && a->increase_since >= a->year) {
		push_key(c, "toename_sinds");
		return fail(c, "%d ligt niet voor het jaar van de ambitie (%d)", a->increase_since,
		            a->year);
	}
	return unique_code(c, base, i, ambition_code, sizeof *a);
}

/* A {jaar, waarde} pair with a percentage-like decimal value. */
static int parse_point(ctx *c, json_t *obj, int *year, long *value)
{
	static const char *const keys[] = {"jaar", "waarde", NULL};
	int rc = expect(c, obj, JSON_OBJECT);
	if (rc == LW_OK && (rc = only_keys(c, obj, keys)) == LW_OK &&
	    (rc = get_year(c, obj, "jaar", 1, 0, year)) == LW_OK)
		rc = get_decimal(c, obj, "waarde", 1, PERCENT_DECIMALS, MAX_AMOUNT, value);
	return rc;
}

static int parse_measurements(ctx *c, json_t *e, lw_programme_indicator *ind)
{
	json_t *arr;
	int rc = get_list(c, e, "metingen", 0, &arr);
	if (rc != LW_OK || !arr)
		return rc;
	ind->nmeasurements = json_array_size(arr);
	if (!(ind->measurements = alloc_array(c, ind->nmeasurements, sizeof *ind->measurements)))
		return nomem(c);
	size_t mark = push_key(c, "metingen");
	for (size_t i = 0; i < ind->nmeasurements; i++) {
		lw_programme_measurement *m = &ind->measurements[i];
		size_t m2 = push_index(c, i);
		if ((rc = parse_point(c, json_array_get(arr, i), &m->year, &m->value)) != LW_OK)
			return rc;
		if (i && m->year <= m[-1].year) {
			push_key(c, "jaar");
			return fail(c,
			            "%d komt niet na %d: metingen staan op volgorde van jaar, "
			            "elk jaar een keer",
			            m->year, m[-1].year);
		}
		pop(c, m2);
	}
	pop(c, mark);
	return LW_OK;
}

static int parse_indicator(ctx *c, json_t *e, void *base, size_t i)
{
	static const char *const keys[] = {"code",     "naam", "eenheid", "doel",
	                                   "metingen", "bron", NULL};
	lw_programme_indicator *ind = (lw_programme_indicator *)base + i;
	json_t *goal;
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = get_code(c, e, &ind->code)) != LW_OK ||
	    (rc = get_string(c, e, "naam", 1, &ind->name)) != LW_OK ||
	    (rc = get_string(c, e, "eenheid", 1, &ind->unit)) != LW_OK ||
	    (rc = member(c, e, "doel", 1, JSON_OBJECT, &goal)) != LW_OK)
		return rc;
	size_t mark = push_key(c, "doel");
	if ((rc = parse_point(c, goal, &ind->target_year, &ind->target)) != LW_OK)
		return rc;
	pop(c, mark);
	if ((rc = parse_measurements(c, e, ind)) != LW_OK ||
	    (rc = get_string(c, e, "bron", 1, &ind->source)) != LW_OK)
		return rc;
	return unique_code(c, base, i, indicator_code, sizeof *ind);
}

/* The parser of element i of a list whose elements start at base. */
typedef int (*element_fn)(ctx *c, json_t *e, void *base, size_t i);

/* A list of objects under key, each parsed by fn into element i of *out. */
static int parse_objects(ctx *c, json_t *root, const char *key, size_t size, void **out, size_t *n,
                         element_fn fn)
{
	json_t *list;
	int rc = get_list(c, root, key, 0, &list);
	if (rc != LW_OK)
		return rc;
	*n = list ? json_array_size(list) : 0;
	void *base = alloc_array(c, *n, size);
	if (!base)
		return nomem(c);
	for (size_t i = 0; i < *n; i++) {
		size_t mark = push_key(c, key);
		push_index(c, i);
		if ((rc = fn(c, json_array_get(list, i), base, i)) != LW_OK)
			return rc;
		pop(c, mark);
	}
	*out = base;
	return LW_OK;
}

/* ---- budget lines and funding sources ------------------------------------- */

/* The targets named under key, each the national target or a sub-target. */
static int parse_target_refs(ctx *c, json_t *obj, const char *key, const char ***out, size_t *n)
{
	json_t *arr = json_object_get(obj, key);
	*n = 0;
	if (!arr)
		return LW_OK;
	size_t mark = push_key(c, key);
	int rc = words_at(c, arr, check_target_ref, "onbekend doel",
	                  "(zie landelijk_doel en subdoelen)", out, n);
	if (rc != LW_OK)
		return rc;
	pop(c, mark);
	return LW_OK;
}

static int parse_part(ctx *c, json_t *e, lw_programme_part *part)
{
	static const char *const keys[] = {"naam", "doelen", NULL};
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = get_string(c, e, "naam", 1, &part->name)) != LW_OK)
		return rc;
	return parse_target_refs(c, e, "doelen", &part->targets, &part->ntargets);
}

static int parse_parts(ctx *c, json_t *e, lw_programme_line *l)
{
	json_t *arr;
	int rc = get_list(c, e, "onderdelen", 0, &arr);
	if (rc != LW_OK || !arr)
		return rc;
	l->nparts = json_array_size(arr);
	if (!(l->parts = alloc_array(c, l->nparts, sizeof *l->parts)))
		return nomem(c);
	size_t mark = push_key(c, "onderdelen");
	for (size_t i = 0; i < l->nparts; i++) {
		size_t m2 = push_index(c, i);
		if ((rc = parse_part(c, json_array_get(arr, i), &l->parts[i])) != LW_OK)
			return rc;
		pop(c, m2);
	}
	pop(c, mark);
	return LW_OK;
}

/*
 * The next word of a space-separated row into w (NUL-terminated; a word too
 * long for w comes out as "?"): the rest of the row, or NULL at its end.
 */
static const char *next_word(const char *s, char *w, size_t size)
{
	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	size_t n = strcspn(s, " ");
	if (n < size) {
		memcpy(w, s, n);
		w[n] = '\0';
	} else {
		snprintf(w, size, "?");
	}
	return s + n;
}

/* "gedrukt": amounts separated by spaces, each as the format writes them. */
static int parse_printed(ctx *c, json_t *e, lw_programme_line *l)
{
	int rc = get_string(c, e, "gedrukt", 0, &l->printed);
	if (rc != LW_OK || !l->printed)
		return rc;
	char w[32];
	for (const char *s = next_word(l->printed, w, sizeof w); s; s = next_word(s, w, sizeof w)) {
		long v;
		if (lw_programme_decimal_parse(w, AMOUNT_DECIMALS, &v) != LW_OK) {
			push_key(c, "gedrukt");
			return fail(c, "'%s' is geen bedrag zoals \"11,5\"", w);
		}
	}
	return LW_OK;
}

/* The fields every row of money has: code, naam, bedragen, and the texts. */
static int parse_money_row(ctx *c, json_t *e, lw_programme_line *l)
{
	int rc, any;
	if ((rc = get_code(c, e, &l->code)) != LW_OK ||
	    (rc = get_string(c, e, "naam", 1, &l->name)) != LW_OK ||
	    (rc = get_years(c, e, "bedragen", 1, AMOUNT_DECIMALS, &l->amounts)) != LW_OK ||
	    (rc = parse_printed(c, e, l)) != LW_OK ||
	    (rc = get_string(c, e, "voetnoot", 0, &l->footnote)) != LW_OK ||
	    (rc = get_string(c, e, "bron", 0, &l->source)) != LW_OK ||
	    (rc = get_string(c, e, "toelichting", 0, &l->note)) != LW_OK)
		return rc;
	year_sum(c->p, l->amounts, &any);
	if (any)
		return LW_OK;
	push_key(c, "bedragen");
	return fail(c, "heeft geen enkel bedrag");
}

static int parse_line(ctx *c, json_t *e, void *base, size_t i)
{
	static const char *const keys[] = {
	    "code",   "naam",        "hoofdstuk", "groep",   "betaalt_trajecten",
	    "doelen", "onderdelen",  "bedragen",  "gedrukt", "voetnoot",
	    "bron",   "toelichting", NULL};
	lw_programme_line *l = (lw_programme_line *)base + i;
	long chapter;
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = parse_money_row(c, e, l)) != LW_OK ||
	    (rc = get_long(c, e, "hoofdstuk", 0, 1, 99, &chapter)) != LW_OK ||
	    (rc = get_string(c, e, "groep", 1, &l->group)) != LW_OK ||
	    (rc = get_bool(c, e, "betaalt_trajecten", 1, 0, &l->pays_for_trajectories)) != LW_OK ||
	    (rc = parse_target_refs(c, e, "doelen", &l->targets, &l->ntargets)) != LW_OK ||
	    (rc = parse_parts(c, e, l)) != LW_OK)
		return rc;
	l->chapter = chapter == LW_PROGRAMME_NONE ? 0 : (int)chapter;
	if (l->pays_for_trajectories && !l->ntargets) {
		push_key(c, "doelen");
		return fail(c, "ontbreekt: een regel die trajecten betaalt noemt de doelen "
		               "waarvan ze de trajecten betaalt");
	}
	if (!l->pays_for_trajectories && l->ntargets) {
		push_key(c, "doelen");
		return fail(c, "alleen een regel met betaalt_trajecten: true noemt doelen");
	}
	return unique_code(c, base, i, line_code, sizeof *l);
}

static int parse_source(ctx *c, json_t *e, void *base, size_t i)
{
	static const char *const keys[] = {"code",     "naam", "bedragen",    "gedrukt",
	                                   "voetnoot", "bron", "toelichting", NULL};
	lw_programme_line *l = (lw_programme_line *)base + i;
	int rc;
	if ((rc = expect(c, e, JSON_OBJECT)) != LW_OK || (rc = only_keys(c, e, keys)) != LW_OK ||
	    (rc = parse_money_row(c, e, l)) != LW_OK)
		return rc;
	return unique_code(c, base, i, line_code, sizeof *l);
}

/* Every year of the period has a printed total. */
static int parse_totals(ctx *c, json_t *obj, long **out)
{
	int rc = get_years(c, obj, "totalen", 1, AMOUNT_DECIMALS, out);
	for (size_t i = 0; rc == LW_OK && i < c->p->nyears; i++)
		if ((*out)[i] == LW_PROGRAMME_NONE) {
			char y[16];
			snprintf(y, sizeof y, "%d", c->p->first + (int)i);
			push_key(c, "totalen");
			push_key(c, y);
			return fail(c, "ontbreekt: elk jaar van de periode heeft een totaal");
		}
	return rc;
}

/* "begroting" (rows "regels") or "financiering" (rows "bronnen"). */
static int parse_money(ctx *c, json_t *root, int budget)
{
	static const char *const budget_keys[] = {"bron", "regels", "totalen", NULL};
	static const char *const funding_keys[] = {"bron", "bronnen", "totalen", NULL};
	const char *key = budget ? "begroting" : "financiering";
	lw_programme *p = c->p;
	json_t *obj;
	int rc = member(c, root, key, 1, JSON_OBJECT, &obj);
	if (rc != LW_OK)
		return rc;
	size_t mark = push_key(c, key);
	if ((rc = only_keys(c, obj, budget ? budget_keys : funding_keys)) != LW_OK)
		return rc;
	const char *rows = budget ? "regels" : "bronnen";
	json_t *list;
	if ((rc = get_list(c, obj, rows, 1, &list)) != LW_OK)
		return rc;
	if (json_array_size(list) == 0) {
		push_key(c, rows);
		return fail(c, "is leeg");
	}
	void *base = NULL;
	size_t n = 0;
	rc = parse_objects(c, obj, rows, sizeof(lw_programme_line), &base, &n,
	                   budget ? parse_line : parse_source);
	if (budget) {
		p->lines = base;
		p->nlines = n;
	} else {
		p->sources = base;
		p->nsources = n;
	}
	if (rc == LW_OK)
		rc = parse_totals(c, obj, budget ? &p->budget_printed : &p->funding_printed);
	if (rc == LW_OK)
		pop(c, mark);
	return rc;
}

static int parse_costs(ctx *c, json_t *root)
{
	static const char *const keys[] = {"naam", "bedragen", "bron", "toelichting", NULL};
	lw_programme_line *l = &c->p->costs;
	json_t *obj;
	int rc = member(c, root, "apparaatskosten", 0, JSON_OBJECT, &obj);
	if (rc != LW_OK || !obj)
		return rc;
	size_t mark = push_key(c, "apparaatskosten");
	if ((rc = only_keys(c, obj, keys)) != LW_OK ||
	    (rc = get_string(c, obj, "naam", 1, &l->name)) != LW_OK ||
	    (rc = get_years(c, obj, "bedragen", 1, AMOUNT_DECIMALS, &l->amounts)) != LW_OK ||
	    (rc = get_string(c, obj, "bron", 0, &l->source)) != LW_OK ||
	    (rc = get_string(c, obj, "toelichting", 0, &l->note)) != LW_OK)
		return rc;
	c->p->has_costs = 1;
	pop(c, mark);
	return LW_OK;
}

/* ---- the money checks ------------------------------------------------------ */

static long amt(long v)
{
	return v == LW_PROGRAMME_NONE ? 0 : v;
}

/* A table of money: budget lines or funding sources with their printed totals. */
typedef struct table {
	const char *key;  /* "begroting" */
	const char *rows; /* "regels" */
	const char *row;  /* "regel" */
	const lw_programme_line *lines;
	size_t n;
	const long *printed;
	long sums[MAX_YEARS];
} table;

static void table_sums(const lw_programme *p, table *t)
{
	for (size_t y = 0; y < p->nyears; y++) {
		t->sums[y] = 0;
		for (size_t i = 0; i < t->n; i++)
			t->sums[y] += amt(t->lines[i].amounts[y]);
	}
}

static void msg_add(char *msg, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void msg_add(char *msg, size_t size, const char *fmt, ...)
{
	size_t used = strlen(msg);
	va_list ap;
	va_start(ap, fmt);
	if (used < size)
		vsnprintf(msg + used, size - used, fmt, ap);
	va_end(ap);
}

/*
 * The amounts of line l that the file gives, in year order, against its
 * printed row: the index of the first that differs (or the shorter count
 * when the counts differ), or -1 when they agree or nothing is printed.
 */
static long printed_mismatch(const lw_programme *p, const lw_programme_line *l, long *given_n,
                             long *printed_n, long *printed_at)
{
	if (!l->printed)
		return -1;
	char w[32];
	size_t y = 0;
	long k = 0, first = -1;
	*given_n = 0;
	for (size_t i = 0; i < p->nyears; i++)
		*given_n += l->amounts[i] != LW_PROGRAMME_NONE;
	for (const char *s = next_word(l->printed, w, sizeof w); s;
	     s = next_word(s, w, sizeof w), k++) {
		long v = 0;
		lw_programme_decimal_parse(w, AMOUNT_DECIMALS, &v);
		while (y < p->nyears && l->amounts[y] == LW_PROGRAMME_NONE)
			y++;
		if (first < 0 && y < p->nyears && l->amounts[y] != v) {
			first = (long)y;
			*printed_at = v;
		}
		if (y < p->nyears)
			y++;
	}
	*printed_n = k;
	if (k != *given_n)
		return (long)p->nyears; /* the counts differ */
	return first;
}

/* Appends how line l's amounts differ from its printed row; 0 if they do not. */
static int describe_printed(const lw_programme *p, const lw_programme_line *l, const char *prefix,
                            char *msg, size_t size)
{
	long given_n, printed_n, printed_at = 0;
	long y = printed_mismatch(p, l, &given_n, &printed_n, &printed_at);
	if (y < 0)
		return 0;
	char a[32], b[32];
	msg_add(msg, size, "%s", prefix);
	if (y == (long)p->nyears)
		msg_add(msg, size, "heeft %ld bedragen, de gedrukte regel (\"%s\") %ld", given_n,
		        l->printed, printed_n);
	else
		msg_add(msg, size, "heeft in %d %s waar de gedrukte regel (\"%s\") %s heeft",
		        p->first + (int)y, fmt_amount(a, sizeof a, l->amounts[y]), l->printed,
		        fmt_amount(b, sizeof b, printed_at));
	return 1;
}

/* 1 when moving the amounts of line i by k years makes every year add up. */
static int shift_fixes(const lw_programme *p, const table *t, size_t i, long k)
{
	const long *v = t->lines[i].amounts;
	long ny = (long)p->nyears;
	for (long y = 0; y < ny; y++) {
		if (v[y] != LW_PROGRAMME_NONE && (y + k < 0 || y + k >= ny))
			return 0;
		long sum = t->sums[y] - amt(v[y]);
		if (y - k >= 0 && y - k < ny)
			sum += amt(v[y - k]);
		if (sum != t->printed[y])
			return 0;
	}
	return 1;
}

/* Describes the first line of t that is in the wrong columns, if any. */
static int describe_shift(const lw_programme *p, const table *t, char *msg, size_t size)
{
	long ny = (long)p->nyears;
	for (size_t i = 0; i < t->n; i++)
		for (long k = -(ny - 1); k < ny; k++) {
			if (k == 0 || !shift_fixes(p, t, i, k))
				continue;
			const lw_programme_line *l = &t->lines[i];
			msg_add(msg, size,
			        "; de %s %s.%s[%zu] '%s' staat %ld jaar te %s: %ld jaar "
			        "%s klopt elk jaar (",
			        t->row, t->key, t->rows, i, l->name, k < 0 ? -k : k,
			        k < 0 ? "laat" : "vroeg", k < 0 ? -k : k,
			        k < 0 ? "eerder" : "later");
			const char *sep = "";
			for (long y = 0; y < ny; y++)
				if (l->amounts[y] != LW_PROGRAMME_NONE) {
					char a[32];
					msg_add(msg, size, "%s%s in %ld", sep,
					        fmt_amount(a, sizeof a, l->amounts[y]),
					        p->first + y + k);
					sep = ", ";
				}
			msg_add(msg, size, ")");
			return 1;
		}
	return 0;
}

/* Fails when a year of t does not add up to its printed total. */
static int check_table_sums(ctx *c, const table *t)
{
	const lw_programme *p = c->p;
	size_t bad = p->nyears;
	for (size_t y = p->nyears; y-- > 0;)
		if (t->sums[y] != t->printed[y])
			bad = y;
	if (bad == p->nyears)
		return LW_OK;
	char msg[700] = "", a[32], b[32], d[32];
	long diff = t->sums[bad] - t->printed[bad];
	msg_add(msg, sizeof msg,
	        "de %s tellen in %d op tot %s miljoen euro, maar het gedrukte "
	        "totaal is %s (%s te %s)",
	        t->rows, p->first + (int)bad, fmt_amount(a, sizeof a, t->sums[bad]),
	        fmt_amount(b, sizeof b, t->printed[bad]),
	        fmt_amount(d, sizeof d, diff < 0 ? -diff : diff), diff < 0 ? "weinig" : "veel");
	int named = 0;
	for (size_t i = 0; i < t->n && !named; i++) {
		char prefix[300];
		snprintf(prefix, sizeof prefix, "; de %s %s.%s[%zu] '%s' ", t->row, t->key, t->rows,
		         i, t->lines[i].name);
		named = describe_printed(p, &t->lines[i], prefix, msg, sizeof msg);
	}
	if (!named)
		describe_shift(p, t, msg, sizeof msg);
	const char *sep = "; ook ";
	int more = 0;
	for (size_t y = bad + 1; y < p->nyears; y++)
		if (t->sums[y] != t->printed[y]) {
			msg_add(msg, sizeof msg, "%s%d", sep, p->first + (int)y);
			sep = ", ";
			more++;
		}
	if (more)
		msg_add(msg, sizeof msg, " %s niet", more == 1 ? "klopt" : "kloppen");
	char year[16];
	snprintf(year, sizeof year, "%d", p->first + (int)bad);
	push_key(c, t->key);
	push_key(c, "totalen");
	push_key(c, year);
	return fail(c, "%s", msg);
}

/* Fails when a line's amounts, all years adding up, are not its printed row. */
static int check_table_printed(ctx *c, const table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		char msg[600] = "";
		if (!describe_printed(c->p, &t->lines[i], "", msg, sizeof msg))
			continue;
		push_key(c, t->key);
		push_key(c, t->rows);
		push_index(c, i);
		push_key(c, "bedragen");
		return fail(c, "%s", msg);
	}
	return LW_OK;
}

static int check_funding_covers(ctx *c)
{
	const lw_programme *p = c->p;
	for (size_t y = 0; y < p->nyears; y++) {
		long have = p->funding_printed[y], need = p->budget_printed[y];
		if (have == need)
			continue;
		char a[32], b[32], d[32], year[8];
		snprintf(year, sizeof year, "%d", p->first + (int)y);
		push_key(c, "financiering");
		push_key(c, "totalen");
		push_key(c, year);
		long diff = have - need;
		return fail(c,
		            "de bronnen brengen in %s %s miljoen euro op, maar de begroting "
		            "geeft %s uit (%s %s)",
		            year, fmt_amount(a, sizeof a, have), fmt_amount(b, sizeof b, need),
		            fmt_amount(d, sizeof d, diff < 0 ? -diff : diff),
		            diff < 0 ? "tekort" : "over");
	}
	return LW_OK;
}

static int check_money(ctx *c)
{
	lw_programme *p = c->p;
	table budget = {"begroting", "regels",          "regel", p->lines,
	                p->nlines,   p->budget_printed, {0}};
	table funding = {"financiering", "bronnen",          "bron", p->sources,
	                 p->nsources,    p->funding_printed, {0}};
	table_sums(p, &budget);
	table_sums(p, &funding);
	int rc = check_table_sums(c, &budget);
	if (rc == LW_OK)
		rc = check_table_sums(c, &funding);
	if (rc == LW_OK)
		rc = check_funding_covers(c);
	if (rc == LW_OK)
		rc = check_table_printed(c, &budget);
	if (rc == LW_OK)
		rc = check_table_printed(c, &funding);
	return rc;
}

/* ---- the programme --------------------------------------------------------- */

static int parse_period(ctx *c, json_t *root)
{
	static const char *const keys[] = {"van", "tot", NULL};
	json_t *per;
	int rc = member(c, root, "periode", 1, JSON_OBJECT, &per);
	if (rc != LW_OK)
		return rc;
	size_t mark = push_key(c, "periode");
	if ((rc = only_keys(c, per, keys)) != LW_OK ||
	    (rc = get_year(c, per, "van", 1, 0, &c->p->first)) != LW_OK ||
	    (rc = get_year(c, per, "tot", 1, 0, &c->p->last)) != LW_OK)
		return rc;
	if (c->p->last < c->p->first || c->p->last - c->p->first >= MAX_YEARS) {
		push_key(c, "tot");
		return fail(c, "de periode %d-%d moet 1 tot %d jaar lang zijn", c->p->first,
		            c->p->last, MAX_YEARS);
	}
	c->p->nyears = (size_t)(c->p->last - c->p->first + 1);
	pop(c, mark);
	return LW_OK;
}

static int parse_head(ctx *c, json_t *root)
{
	static const char *const keys[] = {
	    "formaat",     "code",           "naam",         "uitgever",        "periode",
	    "codelijsten", "landelijk_doel", "subdoelen",    "uitgangspositie", "ambities",
	    "indicatoren", "begroting",      "financiering", "apparaatskosten", NULL};
	const char *format;
	int rc;
	if ((rc = expect(c, root, JSON_OBJECT)) != LW_OK ||
	    (rc = only_keys(c, root, keys)) != LW_OK ||
	    (rc = get_string(c, root, "formaat", 1, &format)) != LW_OK)
		return rc;
	if (strcmp(format, FORMAT_ID) != 0) {
		push_key(c, "formaat");
		return fail(c, "'%s' wordt niet ondersteund (verwacht: %s)", format, FORMAT_ID);
	}
	if ((rc = get_code(c, root, &c->p->code)) != LW_OK ||
	    (rc = get_string(c, root, "naam", 1, &c->p->name)) != LW_OK ||
	    (rc = get_string(c, root, "uitgever", 0, &c->p->publisher)) != LW_OK)
		return rc;
	return parse_period(c, root);
}

static int parse_programme(ctx *c, json_t *root)
{
	lw_programme *p = c->p;
	void *ambitions = NULL, *indicators = NULL;
	int rc;
	if ((rc = parse_head(c, root)) != LW_OK || (rc = parse_code_lists(c, root)) != LW_OK ||
	    (rc = parse_targets(c, root)) != LW_OK || (rc = parse_start(c, root)) != LW_OK ||
	    (rc = parse_objects(c, root, "ambities", sizeof *p->ambitions, &ambitions,
	                        &p->nambitions, parse_ambition)) != LW_OK ||
	    (rc = parse_objects(c, root, "indicatoren", sizeof *p->indicators, &indicators,
	                        &p->nindicators, parse_indicator)) != LW_OK)
		return rc;
	p->ambitions = ambitions;
	p->indicators = indicators;
	if ((rc = parse_money(c, root, 1)) != LW_OK || (rc = parse_money(c, root, 0)) != LW_OK ||
	    (rc = parse_costs(c, root)) != LW_OK)
		return rc;
	if ((rc = check_targets(c)) != LW_OK)
		return rc;
	return check_money(c);
}

/* Blank years become 0 once the checks no longer need to tell them apart. */
static void blanks_to_zero(const lw_programme *p, lw_programme_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t y = 0; l[i].amounts && y < p->nyears; y++)
			l[i].amounts[y] = amt(l[i].amounts[y]);
}

static int parse_json(const char *text, size_t n, const char *name, json_t **out, lw_err *err)
{
	/* A UTF-8 byte-order mark is allowed (RFC 8259) and skipped. */
	size_t skip = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_error_t je;
	/* Duplicate member names would make a value ambiguous: refused. */
	*out = json_loadb(text + skip, n - skip, JSON_REJECT_DUPLICATES, &je);
	if (*out)
		return LW_OK;
	if (json_error_code(&je) == json_error_out_of_memory)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	/* The mark counts as the first column of line 1. */
	return lw_err_set(err, LW_EINPUT, "%s:%d:%d: ongeldige JSON: %s", name, je.line,
	                  je.column + (skip && je.line == 1), je.text);
}

int lw_programme_load(const char *json, size_t n, const char *source_name, lw_programme **out,
                      lw_err *err)
{
	*out = NULL;
	lw_err_clear(err);
	if (!source_name)
		source_name = "programma";
	json_t *root;
	int rc = parse_json(json ? json : "", json ? n : 0, source_name, &root, err);
	if (rc != LW_OK)
		return rc;
	lw_programme *p = lw_calloc(1, sizeof *p);
	ctx c = {.p = p, .err = err, .file = source_name};
	rc = p && (p->source_name = lw_arena_strdup(&p->arena, source_name))
	         ? parse_programme(&c, root)
	         : lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	json_decref(root);
	if (rc != LW_OK) {
		lw_programme_free(p);
		return rc;
	}
	blanks_to_zero(p, p->lines, p->nlines);
	blanks_to_zero(p, p->sources, p->nsources);
	if (p->has_costs)
		blanks_to_zero(p, &p->costs, 1);
	*out = p;
	return LW_OK;
}

int lw_programme_load_file(const char *path, lw_programme **out, lw_err *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return lw_err_set(err, LW_EIO, "%s: kan het bestand niet openen: %s", path,
		                  lw_errno_text(errno));
	lw_buf text = LW_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = LW_OK;
	while (rc == LW_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (lw_buf_append(&text, chunk, n) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK && ferror(f))
		rc = lw_err_set(err, LW_EIO, "%s: kan het bestand niet lezen: %s", path,
		                lw_errno_text(errno));
	fclose(f);
	if (rc == LW_OK)
		rc = lw_programme_load(text.data ? text.data : "", text.len, path, out, err);
	lw_buf_free(&text);
	return rc;
}

const char *lw_programme_default_json(size_t *len)
{
	if (len)
		*len = lw_programme_default_size;
	return (const char *)lw_programme_default_bytes;
}

int lw_programme_default(lw_programme **out, lw_err *err)
{
	size_t n;
	const char *json = lw_programme_default_json(&n);
	return lw_programme_load(json, n, LW_PROGRAMME_DEFAULT_NAME, out, err);
}

void lw_programme_free(lw_programme *p)
{
	if (!p)
		return;
	lw_arena_free(&p->arena);
	lw_free(p);
}

/* ---- accessors -------------------------------------------------------------- */

const char *lw_programme_code_of(const lw_programme *p)
{
	return p->code;
}

const char *lw_programme_name(const lw_programme *p)
{
	return p->name;
}

const char *lw_programme_publisher(const lw_programme *p)
{
	return p->publisher;
}

const char *lw_programme_source_name(const lw_programme *p)
{
	return p->source_name;
}

int lw_programme_first_year(const lw_programme *p)
{
	return p->first;
}

int lw_programme_last_year(const lw_programme *p)
{
	return p->last;
}

const lw_programme_code *lw_programme_groups(const lw_programme *p, size_t *n)
{
	*n = p->ngroups;
	return p->groups;
}

const lw_programme_code *lw_programme_sectors(const lw_programme *p, size_t *n)
{
	*n = p->nsectors;
	return p->sectors;
}

const lw_programme_code *lw_programme_group_find(const lw_programme *p, const char *code)
{
	return code ? code_find(p->groups, p->ngroups, code) : NULL;
}

const lw_programme_code *lw_programme_sector_find(const lw_programme *p, const char *code)
{
	return code ? code_find(p->sectors, p->nsectors, code) : NULL;
}

const lw_programme_target *lw_programme_national(const lw_programme *p)
{
	return &p->national;
}

const lw_programme_target *lw_programme_subtargets(const lw_programme *p, size_t *n)
{
	*n = p->nsubs;
	return p->subs;
}

const lw_programme_target *lw_programme_target_find(const lw_programme *p, const char *code)
{
	if (!code)
		return NULL;
	if (p->national.code && strcmp(p->national.code, code) == 0)
		return &p->national;
	for (size_t i = 0; i < p->nsubs; i++)
		if (p->subs[i].code && strcmp(p->subs[i].code, code) == 0)
			return &p->subs[i];
	return NULL;
}

long lw_programme_target_year(const lw_programme *p, const lw_programme_target *t, int year)
{
	if (!t->per_year || year < p->first || year > p->last)
		return LW_PROGRAMME_NONE;
	return t->per_year[year - p->first];
}

static int has_word(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* 1 when group `have` is `want` or falls under it. */
static int group_within(const lw_programme *p, const char *have, const char *want)
{
	for (size_t depth = 0; have && depth <= p->ngroups; depth++) {
		if (strcmp(have, want) == 0)
			return 1;
		const lw_programme_code *g = code_find(p->groups, p->ngroups, have);
		have = g ? g->parent : NULL;
	}
	return 0;
}

static int groups_match(const lw_programme *p, const lw_programme_selection *s,
                        const lw_programme_facts *f)
{
	for (size_t i = 0; i < f->ngroups; i++)
		for (size_t j = 0; j < s->ngroups; j++)
			if (f->groups[i] && group_within(p, f->groups[i], s->groups[j]))
				return 1;
	return 0;
}

static int region_match(const lw_programme_selection *s, const char *region)
{
	if (!region)
		return 0;
	if (has_word(s->regions, s->nregions, region))
		return 1;
	return strncasecmp(region, "AM", 2) == 0 && has_word(s->regions, s->nregions, "nederland");
}

static int bit_match(unsigned bits, int v)
{
	return !bits || (v > 0 && v < 32 && (bits & (1u << v)));
}

int lw_programme_selection_matches(const lw_programme *p, const lw_programme_selection *s,
                                   const lw_programme_facts *f)
{
	if (!bit_match(s->kinds, f->kind) || !bit_match(s->levels, f->level))
		return 0;
	if (s->age_min != LW_PROGRAMME_NONE && (f->age == LW_PROGRAMME_NONE || f->age < s->age_min))
		return 0;
	if (s->age_max != LW_PROGRAMME_NONE && (f->age == LW_PROGRAMME_NONE || f->age > s->age_max))
		return 0;
	if (s->ngroups && !groups_match(p, s, f))
		return 0;
	if (s->nsectors && !(f->sector && has_word(s->sectors, s->nsectors, f->sector)))
		return 0;
	return !s->nregions || region_match(s, f->region);
}

int lw_programme_counts(const lw_programme *p, const lw_programme_target *t,
                        const lw_programme_facts *f)
{
	if (t != &p->national && t->within_national &&
	    !lw_programme_selection_matches(p, &p->national.sel, f))
		return 0;
	return lw_programme_selection_matches(p, &t->sel, f);
}

const lw_programme_start_item *lw_programme_start(const lw_programme *p, int *first_year,
                                                  int *last_year, size_t *n)
{
	if (first_year)
		*first_year = p->start_first;
	if (last_year)
		*last_year = p->start_last;
	*n = p->nstart;
	return p->start;
}

const lw_programme_start_item *lw_programme_start_find(const lw_programme *p, const char *code)
{
	for (size_t i = 0; code && i < p->nstart; i++)
		if (strcmp(p->start[i].code, code) == 0)
			return &p->start[i];
	return NULL;
}

const lw_programme_ambition *lw_programme_ambitions(const lw_programme *p, size_t *n)
{
	*n = p->nambitions;
	return p->ambitions;
}

const lw_programme_indicator *lw_programme_indicators(const lw_programme *p, size_t *n)
{
	*n = p->nindicators;
	return p->indicators;
}

const lw_programme_line *lw_programme_budget_lines(const lw_programme *p, size_t *n)
{
	*n = p->nlines;
	return p->lines;
}

const lw_programme_line *lw_programme_funding_sources(const lw_programme *p, size_t *n)
{
	*n = p->nsources;
	return p->sources;
}

const lw_programme_line *lw_programme_running_costs(const lw_programme *p)
{
	return p->has_costs ? &p->costs : NULL;
}

long lw_programme_line_amount(const lw_programme *p, const lw_programme_line *l, int year)
{
	if (!l->amounts || year < p->first || year > p->last)
		return 0;
	return amt(l->amounts[year - p->first]);
}

static long lines_sum(const lw_programme *p, const lw_programme_line *l, size_t n, int year)
{
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += lw_programme_line_amount(p, &l[i], year);
	return sum;
}

long lw_programme_budget_sum(const lw_programme *p, int year)
{
	return lines_sum(p, p->lines, p->nlines, year);
}

long lw_programme_funding_sum(const lw_programme *p, int year)
{
	return lines_sum(p, p->sources, p->nsources, year);
}

long lw_programme_budget_printed(const lw_programme *p, int year)
{
	return year < p->first || year > p->last ? 0 : p->budget_printed[year - p->first];
}

long lw_programme_funding_printed(const lw_programme *p, int year)
{
	return year < p->first || year > p->last ? 0 : p->funding_printed[year - p->first];
}

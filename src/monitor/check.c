/*
 * check.c - the checks of one registration, the same for a CSV row, an
 * option of `monitor add` and a member of POST /api/v1/trajectories: every
 * field at once, a Dutch problem per field, the BSN only masked. A valid
 * BSN becomes the pseudonym here and is wiped.
 */
#include "registrar.h"

#include "lw_geo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELD_MAX 255

void mon_problem(lw_monitor_problems *p, int f, const char *fmt, ...)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i].field == f)
			return; /* the first problem of a field is the one to fix */
	if (p->n == sizeof p->e / sizeof p->e[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->e[p->n].msg, sizeof p->e[p->n].msg, fmt, ap);
	va_end(ap);
	p->e[p->n++].field = f;
}

void mon_show(const char *v, char *out, size_t size)
{
	lw_buf b = LW_BUF_INIT;
	if (lw_monitor_redact(v, 0, &b) != LW_OK) {
		snprintf(out, size, "...");
	} else {
		size_t n = b.len;
		if (n > 60) {
			n = 57;
			while (n && ((unsigned char)b.data[n] & 0xC0) == 0x80)
				n--;
		}
		snprintf(out, size, "%.*s%s", (int)n, b.data, n < b.len ? "..." : "");
	}
	lw_buf_free(&b);
}

/* Copies s into out[size], cut as snprintf("%s") would. */
static void copy_text(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = 0;
}

/* lw_monitor_code_find, the usual spelling (lower case) first. */
static int find_code(const lw_monitor_code *list, const char *v)
{
	for (int i = 0; list[i].code; i++)
		if (list[i].code[0] == v[0] && !strcmp(list[i].code, v))
			return i;
	return lw_monitor_code_find(list, v);
}

/* mon_day without its atoi calls: the days of a real date YYYY-MM-DD, or INT32_MIN. */
static int32_t day_of(const char *v)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? v[i] != '-' : v[i] < '0' || v[i] > '9')
			return INT32_MIN;
	if (v[10])
		return INT32_MIN;
	int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	int m = (v[5] - '0') * 10 + (v[6] - '0'), d = (v[8] - '0') * 10 + (v[9] - '0');
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
		return INT32_MIN;
	return mon_days(v);
}

/* The checks of one record: its fields trimmed, and the state they share. */
typedef struct checking {
	lw_monitor_reg *r;
	lw_trajectory *t;
	lw_monitor_problems *p;
	char v[LW_NTF][FIELD_MAX + 1];
	int32_t start;
	char last_covenant[65]; /* the last record's covenant, known ("": none yet) */
} checking;

/* isspace in the C locale (leerwerk sets no other). */
static inline int is_space(unsigned char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* Copies field f trimmed into c->v[f]; a field too long is a problem. */
static void take(checking *c, const lw_trajectory_in *in, int f)
{
	const unsigned char *s = (const unsigned char *)(in->f[f] ? in->f[f] : "");
	while (is_space(*s))
		s++;
	/* One pass: copy, note where the last non-space is and whether all is ASCII. */
	char *out = c->v[f];
	size_t n = 0, keep = 0;
	unsigned char high = 0;
	for (; s[n] && n <= FIELD_MAX; n++) {
		out[n] = (char)s[n];
		high |= s[n];
		if (!is_space(s[n]))
			keep = n + 1;
	}
	for (size_t i = n; s[i]; i++) /* longer than the room: only its length counts */
		if (!is_space(s[i]))
			keep = i + 1;
	if (keep > FIELD_MAX) {
		out[0] = 0;
		mon_problem(c->p, f, "is te lang (hoogstens %d tekens)", FIELD_MAX);
		return;
	}
	out[keep] = 0;
	/* Plain ASCII, nearly always, is valid UTF-8 without a closer look. */
	if (high >= 0x80 && !lw_utf8_valid(out, keep, NULL)) {
		mon_problem(c->p, f, "bevat tekens die geen UTF-8 zijn");
		out[0] = 0;
	}
}

static int empty(const checking *c, int f, int required)
{
	if (c->v[f][0])
		return 0;
	if (required)
		mon_problem(c->p, f, "is leeg, maar verplicht");
	return 1;
}

/* A code of list in field f (canonical index), or -1 after a problem. */
static int code(checking *c, int f, const lw_monitor_code *list, const char *what, int required)
{
	if (empty(c, f, required))
		return -1;
	int i = find_code(list, c->v[f]);
	if (i >= 0)
		return i;
	char shown[96];
	lw_buf allowed = LW_BUF_INIT;
	for (int j = 0; list[j].code; j++)
		lw_buf_printf(&allowed, "%s%s", j ? (list[j + 1].code ? ", " : " of ") : "",
		              list[j].code);
	mon_show(c->v[f], shown, sizeof shown);
	mon_problem(c->p, f, "'%s' is geen %s (verwacht %s)", shown, what, lw_buf_cstr(&allowed));
	lw_buf_free(&allowed);
	return -1;
}

static void check_covenant(checking *c)
{
	if (empty(c, LW_TF_COVENANT, 1))
		return;
	char shown[96];
	/* A file is mostly one covenant's: the last one is known without a lookup. */
	int known = !strcmp(c->v[LW_TF_COVENANT], c->last_covenant) ||
	            lw_strmap_get(c->r->covenants, c->v[LW_TF_COVENANT], NULL);
	if (!known) {
		mon_show(c->v[LW_TF_COVENANT], shown, sizeof shown);
		mon_problem(c->p, LW_TF_COVENANT,
		            "onbekend convenant '%s' (importeer eerst de convenanten)", shown);
		return;
	}
	size_t n = strlen(c->v[LW_TF_COVENANT]);
	if (n >= sizeof c->t->covenant) {
		mon_problem(c->p, LW_TF_COVENANT, "is te lang (hoogstens 64 tekens)");
		return;
	}
	memcpy(c->t->covenant, c->v[LW_TF_COVENANT], n + 1);
	memcpy(c->last_covenant, c->t->covenant, n + 1);
}

/* The pseudonym of the BSN, from the registrar's keyed state; the BSN is wiped. */
static void check_bsn(checking *c)
{
	char *bsn = c->v[LW_TF_BSN], norm[10];
	if (empty(c, LW_TF_BSN, 1))
		return;
	if (!lw_bsn_normalise(bsn, norm)) {
		char masked[64];
		lw_bsn_mask(bsn, masked, sizeof masked);
		mon_problem(c->p, LW_TF_BSN,
		            "'%s' is geen geldig BSN (9 cijfers die de elfproef halen)", masked);
	} else {
		crypto_auth_hmacsha256_state st = c->r->hmac;
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)norm, 9);
		crypto_auth_hmacsha256_final(&st, c->t->pseudonym);
		sodium_memzero(&st, sizeof st);
	}
	sodium_memzero(norm, sizeof norm);
	sodium_memzero(bsn, strlen(bsn));
}

/* Crebo and level together: a known crebo gives its mbo level. */
static void check_qualification(checking *c)
{
	const char *crebo = c->v[LW_TF_CREBO];
	int level = code(c, LW_TF_LEVEL, lw_monitor_levels(), "niveau", 0);
	c->t->level = level;
	if (!*crebo) {
		if (!c->v[LW_TF_LEVEL][0])
			mon_problem(c->p, LW_TF_LEVEL, "is leeg, maar verplicht zonder crebo-code");
		return;
	}
	char shown[96];
	if (!lw_is_digits(crebo, 5)) {
		mon_show(crebo, shown, sizeof shown);
		mon_problem(c->p, LW_TF_CREBO, "'%s' is geen crebo-code (5 cijfers)", shown);
		return;
	}
	memcpy(c->t->crebo, crebo, sizeof c->t->crebo); /* 5 digits and the NUL */
	int64_t known;
	if (lw_strmap_get(c->r->crebos, crebo, &known)) {
		int mbo = MON_MBO_LEVEL((int)known);
		if (level >= 0 && level != mbo)
			mon_problem(c->p, LW_TF_LEVEL, "crebo %s is %s, niet %s", crebo,
			            lw_monitor_levels()[mbo].code, lw_monitor_levels()[level].code);
		c->t->level = mbo;
	} else if (level < 0 && !c->v[LW_TF_LEVEL][0]) {
		mon_problem(c->p, LW_TF_LEVEL,
		            "is leeg: crebo %s staat niet in de kwalificatiestructuur, geef het "
		            "niveau (mbo-1 tot en met mbo-4)",
		            crebo);
	} else if (level > LW_MON_LEVEL_MBO4) {
		mon_problem(c->p, LW_TF_LEVEL,
		            "een crebo-code hoort bij een mbo-kwalificatie, niet bij niveau %s",
		            lw_monitor_levels()[level].code);
	}
}

/* The municipality's region, from its code. */
static void place_of_municipality(checking *c, const char *code)
{
	int64_t region;
	char shown[96], up[8] = "";
	for (size_t i = 0; code[i] && i < sizeof up - 1; i++)
		up[i] = code[i] >= 'a' && code[i] <= 'z' ? (char)(code[i] - 'a' + 'A') : code[i],
		up[i + 1] = 0;
	if (strlen(code) != 6 || !lw_geo_is_municipality_code(up)) {
		mon_show(code, shown, sizeof shown);
		mon_problem(c->p, LW_TF_MUNICIPALITY,
		            "'%s' is geen gemeentecode (GM en 4 cijfers) en niet 'antillen'",
		            shown);
	} else if (!lw_strmap_get(c->r->municipalities, up, &region)) {
		mon_problem(c->p, LW_TF_MUNICIPALITY,
		            "onbekende gemeente '%s' (importeer eerst de referentiegegevens)", up);
	} else {
		copy_text(c->t->municipality, sizeof c->t->municipality, up);
		copy_text(c->t->region, sizeof c->t->region, c->r->region_codes[region]);
	}
}

/*
 * What the postcode table says of a postcode, as r->postcodes keeps it:
 * not there, there without a municipality, or (any other value) there,
 * with a pointer to its municipality code in the registrar's arena.
 */
enum { PC_UNKNOWN = 1, PC_NOWHERE = 2 };

static int64_t pc_value(lw_monitor_reg *r, const char *muni)
{
	char *m = muni ? lw_arena_strdup(&r->arena, muni) : NULL;
	return muni ? (m ? (int64_t)(intptr_t)m : 0) : PC_NOWHERE;
}

int mon_postcodes_load(lw_monitor_reg *r, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(r->store, &st, "SELECT code, municipality_code FROM postcode",
	                          err),
	    step = SQLITE_DONE;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int64_t v = pc_value(r, (const char *)sqlite3_column_text(st, 1));
		if (code && (!v || lw_strmap_put(r->postcodes, code, v, NULL) < 0))
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "postcodes lezen mislukt");
	sqlite3_finalize(st);
	if (rc == LW_OK)
		r->postcodes_complete = 1;
	return rc;
}

/* What the postcode table says of pc (PC6 falls back to its PC4): PC_*, or a municipality. */
static int64_t postcode_lookup(lw_monitor_reg *r, const char *pc, int *rc, lw_err *err)
{
	int64_t v;
	char pc4[5];
	memcpy(pc4, pc, 4);
	pc4[4] = 0;
	if (lw_strmap_get(r->postcodes, pc, &v))
		return v;
	if (r->postcodes_complete) /* the table as it is: no query */
		return pc[4] && lw_strmap_get(r->postcodes, pc4, &v) ? v : PC_UNKNOWN;
	sqlite3_stmt *st = r->postcode;
	sqlite3_bind_text(st, 1, pc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pc4, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	v = step == SQLITE_ROW ? pc_value(r, (const char *)sqlite3_column_text(st, 0)) : PC_UNKNOWN;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		*rc = lw_store_fail(r->store, err, "postcode opzoeken mislukt");
	else if (!v || lw_strmap_put(r->postcodes, pc, v, NULL) < 0)
		*rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return v;
}

/* The municipality of a postcode (PC6 falls back to its PC4), or a problem. */
static int place_of_postcode(checking *c, const char *pc, char muni[8], lw_err *err)
{
	int rc = LW_OK;
	int64_t v = postcode_lookup(c->r, pc, &rc, err);
	muni[0] = 0;
	if (rc != LW_OK)
		return rc;
	if (v == PC_UNKNOWN)
		mon_problem(c->p, LW_TF_POSTCODE,
		            "postcode %s is onbekend; geef de gemeente van de werkplek", pc);
	else if (v == PC_NOWHERE)
		mon_problem(c->p, LW_TF_POSTCODE,
		            "postcode %s ligt in geen gemeente; geef de gemeente van de werkplek",
		            pc);
	else
		copy_text(muni, 8, (const char *)(intptr_t)v);
	return LW_OK;
}

static int check_place(checking *c, lw_err *err)
{
	const char *muni = c->v[LW_TF_MUNICIPALITY], *raw_pc = c->v[LW_TF_POSTCODE];
	char pc[8] = "", pc_muni[8] = "", shown[96];
	if (*raw_pc && !lw_geo_postcode_parse(raw_pc, pc)) {
		mon_show(raw_pc, shown, sizeof shown);
		mon_problem(c->p, LW_TF_POSTCODE, "'%s' is geen postcode (1234 of 1234 AB)", shown);
	}
	if (strcasecmp(muni, "antillen") == 0) {
		if (*raw_pc)
			mon_problem(c->p, LW_TF_POSTCODE,
			            "hoort niet bij een werkplek op de Nederlandse Antillen");
		copy_text(c->t->region, sizeof c->t->region, LW_MON_ANTILLES);
		return LW_OK;
	}
	if (*pc) {
		int rc = place_of_postcode(c, pc, pc_muni, err);
		if (rc != LW_OK)
			return rc;
		copy_text(c->t->postcode, sizeof c->t->postcode, pc);
	}
	if (*muni) {
		place_of_municipality(c, muni);
		if (*pc_muni && c->t->municipality[0] && strcmp(pc_muni, c->t->municipality) != 0)
			mon_problem(c->p, LW_TF_POSTCODE, "postcode %s ligt in %s, niet in %s", pc,
			            pc_muni, c->t->municipality);
	} else if (*pc_muni) {
		place_of_municipality(c, pc_muni);
	} else if (!*raw_pc) {
		mon_problem(c->p, LW_TF_MUNICIPALITY,
		            "is leeg: geef de gemeente of de postcode van de werkplek");
	}
	return LW_OK;
}

/* A date in field f (a problem when it is none) as days; INT32_MIN when absent or bad. */
static int32_t date_field(checking *c, int f, char out[11])
{
	const char *v = c->v[f];
	int32_t d = day_of(v);
	char shown[96];
	if (d == INT32_MIN) {
		mon_show(v, shown, sizeof shown);
		mon_problem(c->p, f, "'%s' is geen datum (JJJJ-MM-DD)", shown);
	} else if (strcmp(v, "2000-01-01") < 0 || strcmp(v, "2099-12-31") > 0) {
		mon_problem(c->p, f, "%s ligt niet tussen 2000 en 2099", v);
		d = INT32_MIN;
	} else {
		memcpy(out, v, 11);
	}
	return d;
}

static void check_status(checking *c)
{
	lw_trajectory *t = c->t;
	int st = code(c, LW_TF_STATUS, lw_monitor_statuses(), "status", 0);
	t->status = st < 0 ? LW_MON_STATUS_STARTED : st;
	int ended = t->status != LW_MON_STATUS_STARTED;
	const char *name = lw_monitor_statuses()[t->status].code;
	if (!c->v[LW_TF_STATUS_DATE][0]) {
		if (ended)
			mon_problem(c->p, LW_TF_STATUS_DATE,
			            "is leeg, maar verplicht bij status %s", name);
	} else if (!ended) {
		mon_problem(c->p, LW_TF_STATUS_DATE, "hoort alleen bij status afgerond of gestopt");
	} else {
		int32_t d = date_field(c, LW_TF_STATUS_DATE, t->status_date);
		if (d != INT32_MIN && c->start != INT32_MIN && d < c->start)
			mon_problem(c->p, LW_TF_STATUS_DATE, "%s ligt voor de startdatum %s",
			            t->status_date, t->start);
	}
	t->outcome = code(c, LW_TF_OUTCOME, lw_monitor_outcomes(), "resultaat", 0);
	if (t->status == LW_MON_STATUS_COMPLETED && !c->v[LW_TF_OUTCOME][0])
		mon_problem(c->p, LW_TF_OUTCOME, "is leeg, maar verplicht bij status afgerond");
	if (t->status != LW_MON_STATUS_COMPLETED && c->v[LW_TF_OUTCOME][0])
		mon_problem(c->p, LW_TF_OUTCOME, "hoort alleen bij status afgerond");
}

static void check_groups(checking *c)
{
	char *item = c->v[LW_TF_GROUPS], shown[96];
	while (*item) {
		char *end = strchr(item, ';');
		if (end)
			*end = 0;
		char *s = item;
		while (is_space((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n && is_space((unsigned char)s[n - 1]))
			s[--n] = 0;
		int g = *s ? find_code(lw_monitor_groups(), s) : -2;
		if (g == -1) {
			mon_show(s, shown, sizeof shown);
			mon_problem(c->p, LW_TF_GROUPS,
			            "'%s' is geen doelgroep (verwacht werkzoekende, "
			            "moeilijk-bemiddelbare-werkzoekende, herintreder, werknemer, "
			            "werkende-jongere-zonder-startkwalificatie, zelfstandige of "
			            "vrijwilliger)",
			            shown);
		} else if (g >= 0 && (c->t->groups & (1u << g))) {
			mon_problem(c->p, LW_TF_GROUPS, "'%s' staat er twee keer in",
			            lw_monitor_groups()[g].code);
		} else if (g >= 0) {
			c->t->groups |= 1u << g;
		}
		if (!end)
			break;
		item = end + 1;
	}
	c->t->groups = lw_monitor_groups_closed(c->t->groups);
}

static void check_age(checking *c)
{
	const char *v = c->v[LW_TF_AGE];
	char shown[96];
	if (empty(c, LW_TF_AGE, 1))
		return;
	/* strtol, as far as it matters: digits only, and a large number is large. */
	const char *end = v;
	long age = isdigit((unsigned char)v[0]) ? 0 : -1;
	for (; age >= 0 && isdigit((unsigned char)*end); end++)
		age = age < 100000 ? age * 10 + (*end - '0') : age;
	if (age < 0 || *end) {
		mon_show(v, shown, sizeof shown);
		mon_problem(c->p, LW_TF_AGE, "'%s' is geen geheel getal", shown);
	} else if (age < LW_MON_AGE_MIN || age > LW_MON_AGE_MAX) {
		mon_show(v, shown, sizeof shown); /* a BSN in the wrong column stays masked */
		mon_problem(c->p, LW_TF_AGE, "%s ligt niet tussen %d en %d", shown, LW_MON_AGE_MIN,
		            LW_MON_AGE_MAX);
	} else {
		c->t->age = (int)age;
	}
}

/* The key that finds the registrations of one person, kind and qualification. */
static int64_t match_key(const lw_trajectory *t)
{
	static const unsigned char k[crypto_shorthash_KEYBYTES] = {'l', 'e', 'e', 'r',
	                                                           'w', 'e', 'r', 'k'};
	unsigned char in[32 + 1 + 8], out[crypto_shorthash_BYTES];
	const char *qual = t->crebo[0] ? t->crebo : lw_monitor_levels()[t->level].code;
	size_t n = strlen(qual);
	memcpy(in, t->pseudonym, 32);
	in[32] = (unsigned char)t->kind;
	memcpy(in + 33, qual, n);
	crypto_shorthash(out, in, 33 + n, k);
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | out[i];
	return (int64_t)v;
}

int lw_monitor_reg_check(lw_monitor_reg *r, const lw_trajectory_in *in, lw_trajectory *t,
                         lw_monitor_problems *p, lw_err *err)
{
	/* Kept by the registrar from record to record: no allocation per row. */
	checking *c = r->scratch ? r->scratch : (r->scratch = lw_calloc(1, sizeof *c));
	memset(t, 0, sizeof *t);
	p->n = 0; /* the problems are e[0..n) */
	if (!c)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	c->r = r;
	c->t = t;
	c->p = p;
	t->outcome = -1;
	t->kind = t->level = t->sector = t->age = -1;
	for (int f = 0; f < LW_NTF; f++)
		take(c, in, f);
	check_covenant(c);
	check_bsn(c);
	t->kind = code(c, LW_TF_KIND, lw_monitor_kinds(), "soort", 1);
	check_qualification(c);
	t->sector = code(c, LW_TF_SECTOR, lw_monitor_sectors(), "sector", 1);
	int rc = check_place(c, err);
	c->start = INT32_MIN;
	if (!empty(c, LW_TF_START, 1))
		c->start = date_field(c, LW_TF_START, t->start);
	check_status(c);
	check_groups(c);
	check_age(c);
	if (rc != LW_OK)
		return rc;
	if (p->n) {
		/* Field order, whatever order the checks ran in. */
		for (size_t i = 1; i < p->n; i++)
			for (size_t j = i; j > 0 && p->e[j].field < p->e[j - 1].field; j--) {
				lw_monitor_problem tmp = p->e[j];
				p->e[j] = p->e[j - 1];
				p->e[j - 1] = tmp;
			}
		sodium_memzero(t->pseudonym, sizeof t->pseudonym);
		return lw_err_set(err, LW_EINPUT, "%s: %s", lw_trajectory_field(p->e[0].field),
		                  p->e[0].msg);
	}
	t->match_key = match_key(t);
	if (r->refs) /* the write looks there next: on its way while the caller goes on */
		__builtin_prefetch(&r->refs[mon_ref_home(r, t->match_key)]);
	return LW_OK;
}

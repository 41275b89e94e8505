/*
 * engine_query.c - searching the in-memory index: a query becomes terms,
 * each term a set of alternative posting lists (its stem, its compound
 * part, typo corrections, prefix expansions); documents must match every
 * term. Documents are numbered in order of static quality, so the best
 * hits are usually found early and the ranking stops as soon as no later
 * document can enter the top; the rest of the matches are only counted.
 */
#include "engine_int.h"
#include "lw_geo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 15
#define MAX_FIXES 4  /* typo corrections per word: the closest, most frequent */
#define NARROW 8     /* a term of at most this many posting lists is merged as it is read */
#define MAX_WIDE 2   /* terms of more lists (prefixes) are first made into a document set */
#define MAX_ALTS 256 /* posting lists per term (prefix expansions) */
#define MAX_PHRASE 16
#define MAX_PAGE 1000 /* offset + limit */
#define W_STEM 1.0f
#define W_PART 0.6f
#define W_TYPO 0.7f
#define W_PREFIX 0.8f
#define EXPIRED 0.5 /* factor for an EVC procedure whose accreditation expired */

struct lw_searcher {
	const lw_engine *e;
	lw_analyzer *an;
	uint64_t *wide_bits[MAX_WIDE]; /* terms of many lists, as a set of documents */
	float *wide_w[MAX_WIDE];       /* and each document's weight in it */
	float area_km[10000];          /* per PC4 area: distance to the place near, or -2 */
	uint32_t *label_count;         /* facets over labels */
	uint8_t *label_ok;             /* filters over labels */
	lw_buf fold, tmp;
};

int lw_searcher_new(const lw_engine *e, lw_searcher **out)
{
	lw_searcher *sr = lw_calloc(1, sizeof *sr);
	if (!sr)
		return LW_ENOMEM;
	size_t n = e->ndocs ? e->ndocs : 1, nl = e->labels.n ? e->labels.n : 1;
	sr->e = e;
	if (lw_analyzer_new(&sr->an) != LW_OK) {
		lw_free(sr);
		return LW_ENOMEM;
	}
	int ok = 1;
	for (int i = 0; i < MAX_WIDE; i++) {
		sr->wide_bits[i] = lw_malloc((n + 63) / 64 * sizeof *sr->wide_bits[i]);
		sr->wide_w[i] = lw_malloc(n * sizeof *sr->wide_w[i]);
		ok &= sr->wide_bits[i] && sr->wide_w[i];
	}
	sr->label_count = lw_malloc(nl * sizeof *sr->label_count);
	sr->label_ok = lw_malloc(nl);
	if (!ok || !sr->label_count || !sr->label_ok) {
		lw_searcher_free(sr);
		return LW_ENOMEM;
	}
	*out = sr;
	return LW_OK;
}

void lw_searcher_free(lw_searcher *sr)
{
	if (!sr)
		return;
	lw_analyzer_free(sr->an);
	for (int i = 0; i < MAX_WIDE; i++) {
		lw_free(sr->wide_bits[i]);
		lw_free(sr->wide_w[i]);
	}
	lw_free(sr->label_count);
	lw_free(sr->label_ok);
	lw_buf_free(&sr->fold);
	lw_buf_free(&sr->tmp);
	lw_free(sr);
}

void lw_results_free(lw_results *r)
{
	lw_query_free(&r->query);
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

/* ---- words of the vocabulary ------------------------------------------------ */

static uint32_t stem_of_word(const lw_engine *e, const char *folded, size_t n)
{
	uint32_t w = lvocab_find(&e->words, folded, n);
	return w == UINT32_MAX ? UINT32_MAX : e->word_stem[w];
}

/* First index in e->sorted whose word is >= s. */
static uint32_t lower_bound(const lw_engine *e, const char *s)
{
	uint32_t lo = 0, hi = e->words.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strcmp(lvocab_str(&e->words, e->sorted[mid]), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Optimal string alignment distance of a and b, or max + 1 when above max. */
static int edits(const char *a, size_t n, const char *b, size_t m, int max)
{
	if (n > 64 || m > 64)
		return max + 1;
	int prev2[65], prev[65], cur[65];
	for (size_t j = 0; j <= m; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = (int)i;
		int best = cur[0];
		for (size_t j = 1; j <= m; j++) {
			int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < c)
				c = prev2[j - 2] + 1;
			cur[j] = c;
			if (c < best)
				best = c;
		}
		if (best > max)
			return max + 1;
		memcpy(prev2, prev, sizeof prev);
		memcpy(prev, cur, sizeof cur);
	}
	return prev[m];
}

/*
 * Words of the vocabulary within reach of w by typing errors: one edit
 * for words of 5 letters or more, two from 9. Only the closest words are
 * kept, most frequent first; returns how many (at most max).
 */
static size_t typo_words(const lw_engine *e, const char *w, size_t n, uint32_t *out, size_t max)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)w[i] & 0xC0) != 0x80;
	int maxd = chars >= 9 ? 2 : chars >= 5 ? 1 : 0;
	if (!maxd || chars > 60)
		return 0;
	uint32_t sig = lw_engine_sig(w, n);
	int bestd = maxd + 1;
	size_t k = 0;
	for (size_t len = chars - (size_t)maxd; len <= chars + (size_t)maxd; len++) {
		for (uint32_t i = e->by_len_at[len]; i < e->by_len_at[len + 1]; i++) {
			uint32_t c = e->by_len[i];
			if (e->word_df[c] < 2 ||
			    __builtin_popcount(e->word_sig[c] ^ sig) > 2 * maxd)
				continue;
			int d = edits(w, n, lvocab_str(&e->words, c), e->words.len[c],
			              bestd < maxd ? bestd : maxd);
			if (d > maxd || d > bestd || d == 0)
				continue;
			if (d < bestd) {
				bestd = d;
				k = 0;
			}
			/* Keep the most frequent: insertion into a short sorted list. */
			size_t at = k < max ? k++ : max;
			while (at > 0 && e->word_df[out[at - 1]] < e->word_df[c]) {
				if (at < max)
					out[at] = out[at - 1];
				at--;
			}
			if (at < max)
				out[at] = c;
		}
	}
	return k;
}

/* ---- the query plan ------------------------------------------------------------- */

typedef struct alt {
	const uint32_t *post;
	uint32_t n;
	float w; /* weight of the alternative */
} alt;

typedef struct qterm {
	alt *alts;
	size_t nalts;
	uint64_t cost; /* postings to read */
	float maxw;
	int exclude;
	const char *typed; /* the word as typed, for "Bedoelde je" */
	uint32_t stem;     /* stem id, or UINT32_MAX */
	uint32_t fix;      /* best typo correction (word id), or UINT32_MAX */
	int corrected;     /* the alternatives include typo corrections */
	int unknown;       /* finds nothing, and has no correction */
} qterm;

typedef struct phrase {
	uint32_t stems[MAX_PHRASE];
	size_t n;
	int exclude;
} phrase;

typedef struct plan {
	qterm terms[MAX_TERMS + 8];
	size_t nterms, npos;
	phrase phrases[MAX_TERMS];
	size_t nphrases;
	int unknown;         /* a positive word that finds nothing and has no correction */
	int kind_word;       /* a word that names a kind ("vacatures"): its bit, or 0 */
	const char *skipped; /* a word left out because it is nowhere */
	const char *capped;  /* a prefix of more words than a term may have */
	lw_arena *arena;
} plan;

/*
 * Small words that carry no meaning in a search ("werk in de zorg"): not
 * required. Only as whole query words; phrases keep them.
 */
static const char *const stop_words[] = {
    "de",   "het",  "een",  "in",     "van",   "voor", "als",  "en",   "met", "op", "te",
    "bij",  "naar", "om",   "of",     "aan",   "door", "over", "tot",  "uit", "ik", "je",
    "mijn", "wil",  "zoek", "zoeken", "welke", "wat",  "hoe",  "waar", "er",  NULL};

/* Words that name a kind of item: they choose the kind instead of being searched. */
static const struct {
	const char *word;
	int kind; /* index into lw_engine_kinds */
} kind_words[] = {
    {"vacature", 5},     {"vacatures", 5},     {"opleiding", 2},     {"opleidingen", 2},
    {"leerbedrijf", 4},  {"leerbedrijven", 4}, {"regeling", 6},      {"regelingen", 6},
    {"subsidie", 6},     {"subsidies", 6},     {"leerwerkloket", 7}, {"loket", 7},
    {"kwalificatie", 0}, {"beroep", 1},        {"beroepen", 1},
};

static int is_stop_word(const char *f)
{
	if (!f[1])
		return 1; /* one letter: "o&o", "pm'er" leave such pieces */
	for (size_t i = 0; stop_words[i]; i++)
		if (strcmp(stop_words[i], f) == 0)
			return 1;
	return 0;
}

/* Adds a posting list; listmax is the highest field weight in it. */
static int add_alt(plan *p, qterm *t, const uint32_t *post, uint32_t n, float w, float listmax)
{
	if (!n || t->nalts >= MAX_ALTS)
		return LW_OK;
	if (!t->alts && !(t->alts = lw_arena_alloc(p->arena, MAX_ALTS * sizeof *t->alts)))
		return LW_ENOMEM;
	t->alts[t->nalts++] = (alt){post, n, w};
	t->cost += n;
	if (w * listmax > t->maxw)
		t->maxw = w * listmax;
	return LW_OK;
}

typedef struct word_ctx {
	lw_searcher *sr;
	plan *p;
	const lw_query_term *qt;
	const char *text;
	phrase *ph;
	int rc;
} word_ctx;

static qterm *new_term(plan *p, int exclude)
{
	if (p->nterms >= MAX_TERMS)
		return NULL;
	qterm *t = &p->terms[p->nterms++];
	memset(t, 0, sizeof *t);
	t->exclude = exclude;
	t->stem = t->fix = UINT32_MAX;
	if (!exclude)
		p->npos++;
	return t;
}

/* The stem of a folded query word: from the vocabulary, or by the stemmer. */
static uint32_t query_stem(lw_searcher *sr, const char *w, size_t n, const char *folded, size_t fn,
                           lw_analyzer *an)
{
	const lw_engine *e = sr->e;
	uint32_t t = stem_of_word(e, folded, fn);
	if (t != UINT32_MAX || !an)
		return t;
	lw_buf lower = LW_BUF_INIT, stem = LW_BUF_INIT;
	if (lw_lower(w, n, &lower) == LW_OK &&
	    lw_analyzer_stem(an, lower.data, lower.len, &stem) == LW_OK) {
		lw_buf_reset(&lower);
		if (lw_fold_key(lw_buf_cstr(&stem), stem.len, &lower) == LW_OK)
			t = lvocab_find(&e->stems, lower.data, lower.len);
	}
	lw_buf_free(&lower);
	lw_buf_free(&stem);
	return t;
}

static int plan_word(void *ud, size_t start, size_t end)
{
	word_ctx *c = ud;
	lw_searcher *sr = c->sr;
	const lw_engine *e = sr->e;
	plan *p = c->p;
	const char *w = c->text + start;
	size_t n = end - start;
	lw_buf_reset(&sr->fold);
	if (lw_fold_key(w, n, &sr->fold) != LW_OK)
		return c->rc = LW_ENOMEM;
	if (!sr->fold.len)
		return LW_OK;
	const char *f = lw_buf_cstr(&sr->fold);
	size_t fn = sr->fold.len;
	int exclude = c->qt->exclude;
	if (c->qt->kind == LW_TERM_PREFIX && end == strlen(c->text)) {
		/* The last word of a prefix term: every word that starts so. */
		qterm *t = new_term(p, exclude);
		if (!t)
			return LW_OK;
		t->typed = lw_arena_strdup(p->arena, f);
		uint32_t seen[MAX_ALTS];
		size_t nseen = 0;
		for (uint32_t i = lower_bound(e, f); i < e->words.n; i++) {
			uint32_t wd = e->sorted[i];
			if (strncmp(lvocab_str(&e->words, wd), f, fn) != 0)
				break;
			uint32_t st = e->word_stem[wd];
			size_t k = 0;
			while (k < nseen && seen[k] != st)
				k++;
			if (k < nseen)
				continue;
			if (nseen == MAX_ALTS) { /* a short prefix: said, not silently cut */
				if (!p->capped)
					p->capped = t->typed;
				break;
			}
			seen[nseen++] = st;
			if (add_alt(p, t, e->post + e->post_at[st],
			            e->post_at[st + 1] - e->post_at[st], W_PREFIX,
			            e->post_maxw[st]) != LW_OK)
				return c->rc = LW_ENOMEM;
		}
		return LW_OK;
	}
	if (!exclude && !c->ph && c->qt->kind == LW_TERM_WORD) {
		if (is_stop_word(f))
			return LW_OK;
		for (size_t k = 0; k < sizeof kind_words / sizeof kind_words[0]; k++)
			if (strcmp(kind_words[k].word, f) == 0 && !p->kind_word) {
				p->kind_word = 1 << kind_words[k].kind;
				return LW_OK;
			}
	}
	uint32_t st = query_stem(sr, w, n, f, fn, sr->an);
	if (c->ph) {
		if (c->ph->n < MAX_PHRASE)
			c->ph->stems[c->ph->n++] = st;
		if (exclude)
			return LW_OK; /* an excluded phrase is checked as a whole */
	}
	qterm *t = new_term(p, exclude);
	if (!t)
		return LW_OK;
	t->typed = lw_arena_strdup(p->arena, f);
	t->stem = st;
	if (!t->typed)
		return c->rc = LW_ENOMEM;
	if (st != UINT32_MAX) {
		if (add_alt(p, t, e->post + e->post_at[st], e->post_at[st + 1] - e->post_at[st],
		            W_STEM, e->post_maxw[st]) != LW_OK ||
		    (!exclude && !c->ph &&
		     add_alt(p, t, e->ppost + e->ppost_at[st],
		             e->ppost_at[st + 1] - e->ppost_at[st], W_PART,
		             e->ppost_maxw[st]) != LW_OK))
			return c->rc = LW_ENOMEM;
	}
	if (exclude || c->ph || t->nalts)
		return LW_OK;
	/* Finds nothing: typing errors, within reach in the vocabulary. */
	uint32_t fixes[MAX_FIXES];
	size_t nf = typo_words(e, f, fn, fixes, MAX_FIXES);
	for (size_t i = 0; i < nf; i++) {
		uint32_t s2 = e->word_stem[fixes[i]];
		if (add_alt(p, t, e->post + e->post_at[s2], e->post_at[s2 + 1] - e->post_at[s2],
		            W_TYPO, e->post_maxw[s2]) != LW_OK)
			return c->rc = LW_ENOMEM;
	}
	if (nf) {
		t->fix = fixes[0];
		t->corrected = 1;
		return LW_OK;
	}
	/* A compound the catalogue writes apart ("zorgopleiding"): its parts. */
	uint32_t parts[3];
	int np = lw_engine_split(e, f, fn, parts);
	for (int k = 0; k < np; k++) {
		qterm *pt = k ? new_term(p, 0) : t;
		if (!pt)
			break;
		uint32_t ps = e->word_stem[parts[k]];
		pt->typed = t->typed;
		if (add_alt(p, pt, e->post + e->post_at[ps], e->post_at[ps + 1] - e->post_at[ps],
		            W_PART, e->post_maxw[ps]) != LW_OK ||
		    add_alt(p, pt, e->ppost + e->ppost_at[ps],
		            e->ppost_at[ps + 1] - e->ppost_at[ps], W_PART,
		            e->ppost_maxw[ps]) != LW_OK)
			return c->rc = LW_ENOMEM;
	}
	if (!np)
		t->unknown = 1;
	return LW_OK;
}

/*
 * A postcode among the words means "near there": its words leave the plan
 * and the postcode is returned as the place.
 */
static const char *drop_postcode(plan *p, const char *pc)
{
	char digits[5] = {pc[0], pc[1], pc[2], pc[3], 0}, letters[3] = {0};
	if (pc[4])
		letters[0] = (char)(pc[4] | 0x20), letters[1] = (char)(pc[5] | 0x20);
	size_t j = 0;
	p->npos = 0;
	p->unknown = 0;
	for (size_t i = 0; i < p->nterms; i++) {
		qterm *t = &p->terms[i];
		if (!t->exclude && t->typed &&
		    (strcmp(t->typed, digits) == 0 ||
		     (letters[0] && strcmp(t->typed, letters) == 0)))
			continue;
		p->terms[j++] = *t;
		if (!t->exclude) {
			p->npos++;
			p->unknown |= !t->nalts;
		}
	}
	p->nterms = j;
	return pc;
}

static int make_plan(lw_searcher *sr, const lw_query *q, plan *p)
{
	for (size_t i = 0; i < q->nterms; i++) {
		const lw_query_term *qt = &q->terms[i];
		word_ctx c = {sr, p, qt, qt->text, NULL, LW_OK};
		if (qt->kind == LW_TERM_PHRASE && p->nphrases < MAX_TERMS) {
			c.ph = &p->phrases[p->nphrases++];
			memset(c.ph, 0, sizeof *c.ph);
			c.ph->exclude = qt->exclude;
		}
		int rc = lw_words(qt->text, strlen(qt->text), plan_word, &c);
		if (rc != LW_OK || c.rc != LW_OK)
			return LW_ENOMEM;
		/*
		 * A phrase of one word is done by its term; an excluded one has no
		 * term, so it stays a phrase. One of no words would exclude all.
		 */
		if (c.ph && (c.ph->n == 0 || (c.ph->n < 2 && !c.ph->exclude)))
			p->nphrases--;
	}
	/*
	 * A word found nowhere, without correction, among words that are
	 * found: left out, and said. Alone, it finds nothing.
	 */
	size_t known = 0, j = 0;
	for (size_t i = 0; i < p->nterms; i++)
		known += !p->terms[i].exclude && !p->terms[i].unknown;
	p->npos = 0;
	for (size_t i = 0; i < p->nterms; i++) {
		qterm *t = &p->terms[i];
		if (t->unknown && known) {
			if (!p->skipped)
				p->skipped = t->typed;
			continue;
		}
		p->unknown |= t->unknown;
		p->npos += !t->exclude;
		p->terms[j++] = *t;
	}
	p->nterms = j;
	return LW_OK;
}

/* ---- filters ---------------------------------------------------------------------- */

typedef struct filters {
	uint8_t kinds, levels, paths, groups; /* bit sets; 0: any */
	uint64_t regions;
	int labels; /* sr->label_ok holds the allowed providers and domains */
	int provider, domain;
	int nothing; /* a filter that no item can meet */
	int any;     /* any filter at all */
} filters;

static int fold_into(lw_buf *b, const char *s)
{
	lw_buf_reset(b);
	return lw_fold_key(s, strlen(s), b);
}

/* What a query had that was not used, for r->problem. */
enum { UNUSED_PLACE, UNUSED_PREFIX, UNUSED_WORD, UNUSED_FILTER };

/* Says, once, what was not used; field only for UNUSED_FILTER. */
static int set_problem(lw_results *r, int what, const char *field, const char *value)
{
	if (r->problem)
		return LW_OK;
	lw_buf b = LW_BUF_INIT;
	int rc;
	switch (what) {
	case UNUSED_PLACE:
		rc = lw_buf_printf(
		    &b, "'%s' is geen bekende postcode of plaats; gezocht zonder afstand", value);
		break;
	case UNUSED_PREFIX:
		rc = lw_buf_printf(&b,
		                   "'%s*' past op te veel woorden; gezocht met de eerste %d, typ "
		                   "meer letters",
		                   value, MAX_ALTS);
		break;
	case UNUSED_WORD:
		rc = lw_buf_printf(&b, "'%s' komt nergens voor en is overgeslagen", value);
		break;
	default:
		rc = lw_buf_printf(&b, "%s:%s ken ik niet; dit filter is niet gebruikt", field,
		                   value);
	}
	if (rc == LW_OK && !(r->problem = lw_arena_strdup(&r->arena, lw_buf_cstr(&b))))
		rc = LW_ENOMEM;
	lw_buf_free(&b);
	return rc;
}

static int parse_level(const char *v)
{
	if (v[0] >= '1' && v[0] <= '4' && !v[1])
		return 1 << (v[0] - '0');
	if (strncmp(v, "mbo", 3) == 0) {
		const char *d = v + 3;
		while (*d == ' ' || *d == '-')
			d++;
		if (!*d)
			return 0x1E;
		if (*d >= '1' && *d <= '4' && !d[1])
			return 1 << (*d - '0');
		return -1;
	}
	if (strcmp(v, "ad") == 0 || strcmp(v, "associate degree") == 0)
		return 1 << LEVEL_AD;
	if (strcmp(v, "hbo") == 0)
		return 1 << LEVEL_HBO;
	if (strcmp(v, "wo") == 0)
		return 1 << LEVEL_WO;
	return -1;
}

static int name_bit(const char *v, const char *const *names)
{
	size_t n = strlen(v);
	for (int i = 0; names[i]; i++)
		if (n && strncmp(names[i], v, n) == 0)
			return 1 << i;
	return -1;
}

static int make_filters(lw_searcher *sr, const lw_query *q, const lw_search_opts *o, lw_results *r,
                        filters *f)
{
	const lw_engine *e = sr->e;
	memset(f, 0, sizeof *f);
	lw_buf *b = &sr->tmp;
	if (o->kind && *o->kind) {
		if (fold_into(b, o->kind) != LW_OK)
			return LW_ENOMEM;
		int bit = name_bit(lw_buf_cstr(b), lw_engine_kinds);
		if (bit < 0)
			f->nothing = 1;
		else
			f->kinds |= (uint8_t)bit;
	}
	int any_label = 0;
	for (size_t i = 0; i < q->nfilters; i++) {
		const char *field = q->filters[i].field;
		if (fold_into(b, q->filters[i].value) != LW_OK)
			return LW_ENOMEM;
		const char *v = lw_buf_cstr(b);
		int bit = -1;
		if (strcmp(field, "soort") == 0) {
			if ((bit = name_bit(v, lw_engine_kinds)) >= 0)
				f->kinds |= (uint8_t)bit;
		} else if (strcmp(field, "niveau") == 0) {
			if ((bit = parse_level(v)) >= 0)
				f->levels |= (uint8_t)bit;
		} else if (strcmp(field, "leerweg") == 0) {
			if ((bit = name_bit(v, lw_engine_paths)) >= 0 ||
			    (strcmp(v, "ad") == 0 && (bit = 1 << PATH_AD)))
				f->paths |= (uint8_t)bit;
		} else if (strcmp(field, "doelgroep") == 0) {
			if ((bit = name_bit(v, lw_engine_groups)) >= 0)
				f->groups |= (uint8_t)bit;
		} else if (strcmp(field, "regio") == 0) {
			uint64_t before = f->regions;
			for (uint32_t k = 1; k <= e->nregions; k++) {
				char code[5];
				for (int j = 0; j < 5; j++)
					code[j] = (char)(e->regions[k].code[j] | 0x20 * (j < 2));
				if (strcmp(code, v) == 0 || strstr(e->regions[k].key, v))
					f->regions |= 1ull << k;
			}
			uint32_t pl = lvocab_find(&e->place_keys, v, strlen(v));
			if (pl != UINT32_MAX && e->places[pl].region)
				f->regions |= 1ull << e->places[pl].region;
			bit = f->regions != before ? 1 : -1;
		} else { /* aanbieder, domein, sector: part of the name */
			int is_provider = strcmp(field, "aanbieder") == 0;
			if (!any_label) {
				memset(sr->label_ok, 0, e->labels.n ? e->labels.n : 1);
				any_label = 1;
			}
			f->labels = 1;
			if (is_provider)
				f->provider = 1;
			else
				f->domain = 1;
			for (uint32_t k = 0; k < e->labels.n; k++)
				if (*v && (e->label_kind[k] & (is_provider ? 1 : 2)) &&
				    strstr(e->label_key[k], v))
					sr->label_ok[k] |= (uint8_t)(is_provider ? 1 : 2);
			bit = 1;
		}
		if (bit < 0) {
			if (set_problem(r, UNUSED_FILTER, field, q->filters[i].value) != LW_OK)
				return LW_ENOMEM;
		}
	}
	f->any = f->kinds || f->levels || f->paths || f->groups || f->regions || f->labels;
	return LW_OK;
}

static int passes(const lw_searcher *sr, const filters *f, uint32_t doc)
{
	if (!f->any)
		return 1;
	const lattr *d = &sr->e->attr[doc];
	if (f->kinds && !(f->kinds & (1u << d->kind)))
		return 0;
	if (f->levels && !(f->levels & (1u << d->level)))
		return 0;
	if (f->paths && !(f->paths & d->paths))
		return 0;
	if (f->groups && !(f->groups & d->groups))
		return 0;
	if (f->regions && !(f->regions & (1ull << d->region)))
		return 0;
	if (f->provider && !(sr->label_ok[d->provider] & 1))
		return 0;
	if (f->domain && !(sr->label_ok[d->domain] & 2))
		return 0;
	return 1;
}

/* ---- near a place --------------------------------------------------------------- */

const lplace *lw_engine_place(const lw_engine *e, const char *text, lw_buf *scratch)
{
	char pc[8];
	if (lw_geo_postcode_parse(text, pc)) {
		const lplace *p = &e->pc4[atoi(pc) % 10000];
		return isnan(p->lat) ? NULL : p;
	}
	lw_buf_reset(scratch);
	if (lw_fold_key(text, strlen(text), scratch) != LW_OK || !scratch->len)
		return NULL;
	uint32_t id = lvocab_find(&e->place_keys, scratch->data, scratch->len);
	return id == UINT32_MAX ? NULL : &e->places[id];
}

typedef struct near {
	int on;
	double lat, lon, km, dlat, dlon;
} near;

/* The distance of every PC4 area within reach of the place; -2 for the rest. */
static void measure_areas(lw_searcher *sr, const near *nr)
{
	const lw_engine *e = sr->e;
	for (int a = 0; a < 10000; a++) {
		const lplace *pl = &e->pc4[a];
		sr->area_km[a] = -2;
		if (isnan(pl->lat) || fabs(pl->lat - nr->lat) > nr->dlat ||
		    fabs(pl->lon - nr->lon) > nr->dlon)
			continue;
		double km = lw_engine_km(nr->lat, nr->lon, pl->lat, pl->lon);
		if (km <= nr->km)
			sr->area_km[a] = (float)km;
	}
}

/* Distance of d from the place, or -2 when too far or without a place. */
static double distance(const lw_searcher *sr, const ldoc *d)
{
	return d->pc4 ? sr->area_km[d->pc4] : -2;
}

/* ---- the top of the ranking ------------------------------------------------------- */

typedef struct top {
	double key;
	double score;
	uint32_t doc;
	float km;
} top;

/* a ranks before b */
static int before(const top *a, const top *b)
{
	if (a->key != b->key)
		return a->key > b->key;
	return a->doc < b->doc;
}

/* A heap of the best k seen, the worst at the root. */
typedef struct heap {
	top *v;
	size_t n, k;
} heap;

static void heap_push(heap *h, const top *t)
{
	if (h->n == h->k) {
		if (!before(t, &h->v[0]))
			return;
		size_t i = 0; /* replace the root and sift down */
		h->v[0] = *t;
		for (;;) {
			size_t l = 2 * i + 1, r = l + 1, w = i;
			if (l < h->n && before(&h->v[w], &h->v[l]))
				w = l;
			if (r < h->n && before(&h->v[w], &h->v[r]))
				w = r;
			if (w == i)
				break;
			top x = h->v[i];
			h->v[i] = h->v[w];
			h->v[w] = x;
			i = w;
		}
		return;
	}
	size_t i = h->n++;
	h->v[i] = *t;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!before(&h->v[up], &h->v[i]))
			break;
		top x = h->v[i];
		h->v[i] = h->v[up];
		h->v[up] = x;
		i = up;
	}
}

static int cmp_top(const void *a, const void *b)
{
	return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* ---- phrases ------------------------------------------------------------------- */

static int has_phrase(const lw_engine *e, uint32_t d, const phrase *ph)
{
	const uint32_t *t = e->toks + e->tok_at[d], *end = e->toks + e->tok_at[d + 1];
	for (; t + ph->n <= end; t++) {
		size_t k = 0;
		while (k < ph->n && t[k] != TOK_FIELD && e->word_stem[t[k]] == ph->stems[k])
			k++;
		if (k == ph->n)
			return 1;
	}
	return 0;
}

/* ---- facets ------------------------------------------------------------------------ */

typedef struct counts {
	long kind[KIND_COUNT], level[LEVEL_COUNT], path[PATH_COUNT], group[GROUP_COUNT];
	long paths_seen[1 << PATH_COUNT], groups_seen[1 << GROUP_COUNT]; /* by bit set */
	long region[64];
} counts;

static void count_doc(lw_searcher *sr, counts *c, uint32_t doc)
{
	const lattr *d = &sr->e->attr[doc];
	c->kind[d->kind]++;
	if (d->level)
		c->level[d->level]++;
	c->paths_seen[d->paths & ((1 << PATH_COUNT) - 1)]++; /* bits counted at the end */
	c->groups_seen[d->groups & ((1 << GROUP_COUNT) - 1)]++;
	if (d->region)
		c->region[d->region]++;
	if (d->provider)
		sr->label_count[d->provider]++;
	if (d->domain)
		sr->label_count[d->domain]++;
}

static const char *const level_labels[LEVEL_COUNT] = {
    "", "mbo 1", "mbo 2", "mbo 3", "mbo 4", "Associate degree", "hbo", "wo"};
static const char *const level_values[LEVEL_COUNT] = {"", "1", "2", "3", "4", "ad", "hbo", "wo"};
static const char *const path_labels[PATH_COUNT] = {"BOL",     "BBL",    "deeltijd",
                                                    "voltijd", "cursus", "Associate degree"};
static const char *const path_values[PATH_COUNT] = {"bol",     "bbl",    "deeltijd",
                                                    "voltijd", "cursus", "ad"};

typedef struct facet_builder {
	lw_arena *a;
	lw_facet *f;
	size_t cap;
} facet_builder;

static int cmp_value(const void *a, const void *b)
{
	const lw_facet_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* Adds a facet from n counts; values[i] and labels[i] name value i. Top max. */
static int add_facet(lw_results *r, size_t *cap, const char *field, const char *label,
                     const long *cnt, size_t n, const char *const *values,
                     const char *const *labels, size_t max)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++)
		used += cnt[i] > 0;
	if (!used)
		return LW_OK;
	lw_facet *f = lw_arena_grow(&r->arena, r->facets, &r->nfacets, cap, sizeof *f);
	if (!f)
		return LW_ENOMEM;
	r->facets = f;
	f = &f[r->nfacets - 1];
	f->field = field;
	f->label = label;
	f->values = lw_arena_alloc(&r->arena, used * sizeof *f->values);
	if (!f->values)
		return LW_ENOMEM;
	f->n = 0;
	for (size_t i = 0; i < n; i++)
		if (cnt[i] > 0)
			f->values[f->n++] = (lw_facet_value){values[i], labels[i], cnt[i]};
	qsort(f->values, f->n, sizeof *f->values, cmp_value);
	if (f->n > max)
		f->n = max;
	return LW_OK;
}

static int label_facet(lw_searcher *sr, lw_results *r, size_t *cap, const char *field,
                       const char *label, int provider)
{
	const lw_engine *e = sr->e;
	/* The labels of this facet with their counts, the top 10. */
	enum { TOPN = 10 };
	uint32_t best[TOPN];
	size_t nb = 0;
	for (uint32_t k = 1; k < e->labels.n; k++) {
		if (!sr->label_count[k] || !(e->label_kind[k] & (provider ? 1 : 2)))
			continue;
		size_t at = nb < TOPN ? nb++ : TOPN;
		while (at > 0 && sr->label_count[best[at - 1]] < sr->label_count[k]) {
			if (at < TOPN)
				best[at] = best[at - 1];
			at--;
		}
		if (at < TOPN)
			best[at] = k;
	}
	long cnt[TOPN];
	const char *names[TOPN];
	for (size_t i = 0; i < nb; i++) {
		cnt[i] = sr->label_count[best[i]];
		names[i] = lvocab_str(&e->labels, best[i]);
	}
	return add_facet(r, cap, field, label, cnt, nb, names, names, TOPN);
}

static int make_facets(lw_searcher *sr, lw_results *r, counts *c)
{
	for (int m = 1; m < 1 << PATH_COUNT; m++)
		for (int i = 0; i < PATH_COUNT; i++)
			c->path[i] += (m >> i & 1) * c->paths_seen[m];
	for (int m = 1; m < 1 << GROUP_COUNT; m++)
		for (int i = 0; i < GROUP_COUNT; i++)
			c->group[i] += (m >> i & 1) * c->groups_seen[m];
	const lw_engine *e = sr->e;
	size_t cap = 0;
	const char *rv[64], *rl[64];
	for (uint32_t k = 0; k <= e->nregions && k < 64; k++) {
		rv[k] = e->regions[k].code;
		rl[k] = e->regions[k].name ? e->regions[k].name : "";
	}
	if (add_facet(r, &cap, "soort", "Soort", c->kind, KIND_COUNT, lw_engine_kinds,
	              lw_engine_kinds, KIND_COUNT) != LW_OK ||
	    add_facet(r, &cap, "niveau", "Niveau", c->level, LEVEL_COUNT, level_values,
	              level_labels, LEVEL_COUNT) != LW_OK ||
	    add_facet(r, &cap, "leerweg", "Leerweg", c->path, PATH_COUNT, path_values, path_labels,
	              PATH_COUNT) != LW_OK ||
	    label_facet(sr, r, &cap, "domein", "Domein", 0) != LW_OK ||
	    add_facet(r, &cap, "regio", "Arbeidsmarktregio", c->region, e->nregions + 1, rv, rl,
	              10) != LW_OK ||
	    label_facet(sr, r, &cap, "aanbieder", "Aanbieder", 1) != LW_OK ||
	    add_facet(r, &cap, "doelgroep", "Doelgroep", c->group, GROUP_COUNT, lw_engine_groups,
	              lw_engine_groups, GROUP_COUNT) != LW_OK)
		return LW_ENOMEM;
	return LW_OK;
}

/* ---- running a query ---------------------------------------------------------------- */

/*
 * A term read in document order: the union of its posting lists, merged
 * as it goes (narrow), or a document set made beforehand (wide).
 */
typedef struct cursor {
	const uint32_t *p, *end;
	float w;
} cursor;

typedef struct stream {
	cursor *c; /* one per posting list of the term */
	size_t nc;
	const uint64_t *bits; /* wide */
	const float *wt;
	uint32_t ndocs;
	uint32_t doc; /* the current document, UINT32_MAX at the end */
} stream;

/* The first posting in [p, end) of a document >= target: galloping search. */
static const uint32_t *seek(const uint32_t *p, const uint32_t *end, uint32_t target)
{
	if (p == end || POST_DOC(*p) >= target)
		return p;
	size_t step = 1;
	const uint32_t *lo = p; /* POST_DOC(*lo) < target */
	while ((size_t)(end - lo) > step && POST_DOC(lo[step]) < target) {
		lo += step;
		step *= 2;
	}
	const uint32_t *hi = (size_t)(end - lo) > step ? lo + step : end;
	lo++;
	while (lo < hi) {
		const uint32_t *mid = lo + (hi - lo) / 2;
		if (POST_DOC(*mid) < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint32_t stream_seek(stream *s, uint32_t target)
{
	if (s->doc != UINT32_MAX && s->doc >= target)
		return s->doc;
	if (s->bits) {
		if (target >= s->ndocs)
			return s->doc = UINT32_MAX;
		size_t wi = target >> 6, nw = ((size_t)s->ndocs + 63) / 64;
		uint64_t w = s->bits[wi] & (~0ull << (target & 63));
		while (!w) {
			if (++wi >= nw)
				return s->doc = UINT32_MAX;
			w = s->bits[wi];
		}
		uint32_t d = (uint32_t)(wi * 64 + (unsigned)__builtin_ctzll(w));
		return s->doc = d < s->ndocs ? d : UINT32_MAX;
	}
	uint32_t best = UINT32_MAX;
	for (size_t k = 0; k < s->nc; k++) {
		cursor *c = &s->c[k];
		c->p = seek(c->p, c->end, target);
		if (c->p < c->end && POST_DOC(*c->p) < best)
			best = POST_DOC(*c->p);
	}
	return s->doc = best;
}

/* The term's weight in the current document: its best list and field. */
static float stream_weight(const stream *s, const ldoc *docs)
{
	if (s->bits)
		return s->wt[s->doc];
	float best = 0;
	for (size_t k = 0; k < s->nc; k++) {
		const cursor *c = &s->c[k];
		if (c->p < c->end && POST_DOC(*c->p) == s->doc) {
			float w = c->w * lw_field_weight(POST_FIELDS(*c->p), docs[s->doc].ntitle);
			if (w > best)
				best = w;
		}
	}
	return best;
}

/* The documents of the stream from its current one on (which counts). */
static long count_rest(stream *s)
{
	if (s->doc == UINT32_MAX)
		return 0;
	if (s->bits) {
		size_t wi = s->doc >> 6, nw = ((size_t)s->ndocs + 63) / 64;
		long n = __builtin_popcountll(s->bits[wi] & (~0ull << (s->doc & 63)));
		while (++wi < nw)
			n += __builtin_popcountll(s->bits[wi]);
		return n;
	}
	if (s->nc == 1)
		return s->c[0].end - s->c[0].p;
	long n = 0;
	for (uint32_t d = s->doc; d != UINT32_MAX; d = stream_seek(s, d + 1))
		n++;
	return n;
}

/*
 * Sets up the stream of term t; a wide term uses scratch set *nwide while
 * one is free, else it is merged as it is read like a narrow one (slower,
 * never incomplete). LW_ENOMEM when the cursors cannot be had.
 */
static int stream_init(lw_searcher *sr, lw_arena *arena, stream *s, const qterm *t, int *nwide)
{
	const lw_engine *e = sr->e;
	memset(s, 0, sizeof *s);
	s->ndocs = e->ndocs;
	s->doc = UINT32_MAX;
	if (t->nalts <= NARROW || *nwide >= MAX_WIDE) {
		if (t->nalts && !(s->c = lw_arena_alloc(arena, t->nalts * sizeof *s->c)))
			return LW_ENOMEM;
		for (size_t k = 0; k < t->nalts; k++)
			s->c[s->nc++] =
			    (cursor){t->alts[k].post, t->alts[k].post + t->alts[k].n, t->alts[k].w};
		return LW_OK;
	}
	uint64_t *bits = sr->wide_bits[*nwide];
	float *wt = sr->wide_w[*nwide];
	(*nwide)++;
	memset(bits, 0, ((size_t)e->ndocs + 63) / 64 * sizeof *bits);
	for (size_t a = 0; a < t->nalts; a++) {
		const alt *al = &t->alts[a];
		for (uint32_t i = 0; i < al->n; i++) {
			uint32_t p = al->post[i], d = POST_DOC(p);
			float w = al->w * lw_field_weight(POST_FIELDS(p), e->docs[d].ntitle);
			uint64_t m = 1ull << (d & 63);
			if (!(bits[d >> 6] & m)) {
				bits[d >> 6] |= m;
				wt[d] = w;
			} else if (w > wt[d]) {
				wt[d] = w;
			}
		}
	}
	s->bits = bits;
	s->wt = wt;
	return LW_OK;
}

typedef struct area {
	float km;
	uint16_t a;
} area;

static int cmp_area(const void *x, const void *y)
{
	const area *a = x, *b = y;
	if (a->km != b->km)
		return a->km < b->km ? -1 : 1;
	return a->a - b->a;
}

/*
 * Only a place (and maybe filters): the documents of the PC4 areas within
 * reach, nearest area first - the areas are the spatial index. Sorted by
 * distance, the ranking stops at the first area farther than the top's
 * worst, and without filters the rest is counted by the areas' sizes.
 */
static int near_only(lw_searcher *sr, const filters *f, const near *nr, int sort, heap *h,
                     counts *c, lw_results *r)
{
	const lw_engine *e = sr->e;
	area *areas = lw_malloc(10000 * sizeof *areas);
	if (!areas)
		return LW_ENOMEM;
	size_t n = 0;
	for (int a = 1000; a < 10000; a++)
		if (e->area_at[a] < e->area_at[a + 1] && sr->area_km[a] >= 0)
			areas[n++] = (area){sr->area_km[a], (uint16_t)a};
	qsort(areas, n, sizeof *areas, cmp_area);
	int filtered = f->any;
	int ranking = 1;
	long total = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t from = e->area_at[areas[i].a], to = e->area_at[areas[i].a + 1];
		if (!ranking && !filtered && !c) {
			total += to - from;
			continue;
		}
		double km = areas[i].km;
		for (uint32_t k = from; k < to; k++) {
			uint32_t d = e->area_docs[k];
			const ldoc *doc = &e->docs[d];
			if (!passes(sr, f, d))
				continue;
			total++;
			if (c)
				count_doc(sr, c, d);
			if (!ranking)
				continue;
			double score = (0.8 + 0.2 * doc->quality) * (1.0 - 0.3 * km / nr->km);
			if (doc->kind == 3 && !(doc->flags & DOC_VALID))
				score *= EXPIRED;
			r->ranked++;
			top t = {score, score, d, (float)km};
			if (sort == LW_SORT_DISTANCE)
				t.key = -km + score * 1e-9;
			else if (sort == LW_SORT_DATE)
				t.key =
				    doc->day == INT32_MIN ? -1e12 + score : doc->day + score * 1e-6;
			heap_push(h, &t);
		}
		if (sort == LW_SORT_DISTANCE && h->n == h->k && i + 1 < n &&
		    areas[i + 1].km > -h->v[0].key + 1e-6)
			ranking = 0;
	}
	lw_free(areas);
	r->total = total;
	return LW_OK;
}

static int cmp_cost(const void *a, const void *b)
{
	const qterm *x = a, *y = b;
	if (x->exclude != y->exclude)
		return x->exclude - y->exclude;
	return x->cost < y->cost ? -1 : x->cost > y->cost;
}

static int copy_hit(lw_searcher *sr, lw_results *r, lw_hit *h, const top *t)
{
	const lw_engine *e = sr->e;
	const ldoc *d = &e->docs[t->doc];
	h->kind = lw_engine_kinds[d->kind];
	h->ref = lw_arena_strdup(&r->arena, ldoc_ref(e, d));
	h->title = lw_arena_strdup(&r->arena, ldoc_title(e, d));
	h->detail = lw_arena_strdup(&r->arena, ldoc_detail(e, d));
	const char *date = ldoc_date(e, d);
	h->date = *date ? lw_arena_strdup(&r->arena, date) : NULL;
	h->example = (d->flags & DOC_EXAMPLE) != 0;
	h->valid = (d->flags & DOC_VALID) != 0;
	h->score = t->score;
	h->km = t->km;
	return h->ref && h->title && h->detail && (!*date || h->date) ? LW_OK : LW_ENOMEM;
}

/* The query text with the word typed replaced by the word meant. */
static const char *replace_word(lw_results *r, const char *text, const char *typed,
                                const char *meant)
{
	lw_buf b = LW_BUF_INIT, key = LW_BUF_INIT;
	const char *out = NULL;
	/* Find the typed word by folding each word of the text. */
	const char *p = text;
	int done = 0;
	while (*p) {
		const char *s = p;
		while (*p && *p != ' ')
			p++;
		lw_buf_reset(&key);
		if (lw_fold_key(s, (size_t)(p - s), &key) != LW_OK)
			goto out;
		if (!done && strcmp(lw_buf_cstr(&key), typed) == 0) {
			if (lw_buf_puts(&b, meant) != LW_OK)
				goto out;
			done = 1;
		} else if (lw_buf_append(&b, s, (size_t)(p - s)) != LW_OK) {
			goto out;
		}
		while (*p == ' ')
			if (lw_buf_putc(&b, *p++) != LW_OK)
				goto out;
	}
	if (done)
		out = lw_arena_strdup(&r->arena, lw_buf_cstr(&b));
out:
	lw_buf_free(&b);
	lw_buf_free(&key);
	return out;
}

/* "Bedoelde je": a query that finds little gets the words most like its own. */
static int suggest_fix(lw_searcher *sr, const char *text, plan *p, lw_results *r)
{
	const lw_engine *e = sr->e;
	const char *q = text;
	int any = 0;
	for (size_t i = 0; i < p->nterms; i++) {
		qterm *t = &p->terms[i];
		if (t->exclude || !t->typed)
			continue;
		uint32_t fix = t->fix;
		if (fix == UINT32_MAX && !t->corrected) {
			uint32_t fixes[1];
			uint32_t own = lvocab_find(&e->words, t->typed, strlen(t->typed));
			uint32_t df = own == UINT32_MAX ? 0 : e->word_df[own];
			if (typo_words(e, t->typed, strlen(t->typed), fixes, 1) &&
			    e->word_df[fixes[0]] >= 10 * (df ? df : 1))
				fix = fixes[0];
		}
		if (fix == UINT32_MAX)
			continue;
		const char *nq = replace_word(r, q, t->typed, lvocab_str(&e->words, fix));
		if (nq) {
			q = nq;
			any = 1;
		}
	}
	if (any)
		r->did_you_mean = q;
	return LW_OK;
}

int lw_searcher_run(lw_searcher *sr, const char *text, const lw_search_opts *opts, lw_results *r,
                    lw_err *err)
{
	const lw_engine *e = sr->e;
	memset(r, 0, sizeof *r);
	lw_search_opts o = opts ? *opts : (lw_search_opts){0};
	if (!o.limit)
		o.limit = 10;
	if (o.offset > MAX_PAGE)
		o.offset = MAX_PAGE;
	if (o.limit > MAX_PAGE - o.offset)
		o.limit = MAX_PAGE - o.offset;
	if (!text)
		text = "";
	if (lw_query_parse(text, &r->query) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	plan p;
	memset(&p, 0, sizeof p);
	p.arena = &r->arena;
	filters f;
	near nr = {0};
	int rc = make_plan(sr, &r->query, &p);
	if (rc == LW_OK)
		rc = make_filters(sr, &r->query, &o, r, &f);
	if (rc == LW_OK && p.kind_word && !f.kinds) {
		f.kinds = (uint8_t)p.kind_word;
		f.any = 1;
	}
	if (rc == LW_OK && p.skipped)
		rc = set_problem(r, UNUSED_WORD, NULL, p.skipped);
	if (rc == LW_OK && p.capped)
		rc = set_problem(r, UNUSED_PREFIX, NULL, p.capped);
	/* A postcode typed as the query, without near: what is near it. */
	const char *near_text = o.near;
	if (rc == LW_OK && !near_text && r->query.postcode)
		near_text = drop_postcode(&p, r->query.postcode);
	if (rc == LW_OK && near_text && *near_text) {
		const lplace *pl = lw_engine_place(e, near_text, &sr->tmp);
		if (!pl) {
			rc = set_problem(r, UNUSED_PLACE, NULL, near_text);
		} else {
			nr.on = 1;
			nr.lat = pl->lat;
			nr.lon = pl->lon;
			nr.km = o.km > 0 ? o.km : LW_SEARCH_DEFAULT_KM;
			nr.dlat = nr.km / 110.574 + 1e-9;
			nr.dlon =
			    nr.km / (111.320 * cos(pl->lat * 3.14159265358979323846 / 180.0)) +
			    1e-9;
			measure_areas(sr, &nr);
			if (pl->name && !(r->near_name = lw_arena_strdup(
			                      &r->arena, lvocab_str(&e->labels, pl->name))))
				rc = LW_ENOMEM;
			if (!pl->name && !(r->near_name = lw_arena_strdup(&r->arena, near_text)))
				rc = LW_ENOMEM;
		}
	}
	if (rc != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	int sort =
	    o.sort == LW_SORT_DISTANCE || o.sort == LW_SORT_DATE ? o.sort : LW_SORT_RELEVANCE;
	if (sort == LW_SORT_DISTANCE && !nr.on)
		sort = LW_SORT_RELEVANCE;
	if (sort == LW_SORT_RELEVANCE && nr.on && p.npos == 0)
		sort = LW_SORT_DISTANCE; /* only a place: nearest first */
	if (f.nothing || (p.unknown && p.npos) ||
	    (r->query.nterms && !p.nterms && !nr.on && !r->query.nfilters && !p.kind_word)) {
		/* A word that is nowhere, or nothing searchable typed. */
		if (p.npos || r->query.nterms)
			suggest_fix(sr, text, &p, r);
		return LW_OK;
	}
	if (!p.nterms && !r->query.nfilters && !nr.on && !(o.kind && *o.kind) && !p.kind_word)
		return LW_OK; /* nothing asked */

	qsort(p.terms, p.nterms, sizeof p.terms[0], cmp_cost);
	/* Positive terms first, the rarest leading; then the exclusions. */
	stream ss[MAX_TERMS];
	int nwide = 0;
	float maxtext = 0;
	for (size_t i = 0; i < p.nterms; i++) {
		if (stream_init(sr, &r->arena, &ss[i], &p.terms[i], &nwide) != LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		if (!p.terms[i].exclude)
			maxtext += p.terms[i].maxw;
	}
	size_t npos = p.npos;
	int all = npos == 0;
	if (all)
		maxtext = 1;
	/* A crebo code typed: its qualification first. */
	int crebo_doc = -1;
	uint32_t cst = r->query.crebo ? stem_of_word(e, r->query.crebo, 5) : UINT32_MAX;
	for (uint32_t i = cst == UINT32_MAX ? 0 : e->post_at[cst];
	     cst != UINT32_MAX && i < e->post_at[cst + 1] && crebo_doc < 0; i++) {
		const ldoc *d = &e->docs[POST_DOC(e->post[i])];
		if (d->kind == 0 && strcmp(ldoc_ref(e, d), r->query.crebo) == 0)
			crebo_doc = (int)POST_DOC(e->post[i]);
	}
	float maxbonus = crebo_doc >= 0 ? 1000.0f : 0;
	heap h = {lw_arena_alloc(&r->arena, (o.offset + o.limit) * sizeof(top)), 0,
	          o.offset + o.limit};
	counts *c = o.facets ? lw_arena_alloc(&r->arena, sizeof *c) : NULL;
	if (!h.v || (o.facets && !c))
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (c) {
		memset(c, 0, sizeof *c);
		memset(sr->label_count, 0, (e->labels.n ? e->labels.n : 1) * sizeof(uint32_t));
	}
	int ranking = 1;
	long total = 0;
	const ldoc *docs = e->docs;
	/* Once the ranking is done, a lone term without conditions is only counted. */
	int plain = !f.any && !nr.on && !p.nphrases && p.nterms == 1 && !c;
	int only_place = all && nr.on && !p.nterms && !p.nphrases;
	if (only_place) {
		if (near_only(sr, &f, &nr, sort, &h, c, r) != LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		total = r->total;
	}
	uint32_t d = only_place ? UINT32_MAX : all ? 0 : stream_seek(&ss[0], 0);
	while (d < e->ndocs) {
		/* Every positive term on the same document: leapfrog from the rarest. */
		size_t i = 1;
		for (; i < npos; i++) {
			uint32_t x = stream_seek(&ss[i], d);
			if (x != d) {
				d = x == UINT32_MAX ? x : stream_seek(&ss[0], x);
				break;
			}
		}
		if (i < npos)
			continue;
		if (!ranking && plain && npos == 1) {
			total += count_rest(&ss[0]);
			break;
		}
		uint32_t next = d + 1;
		const ldoc *doc = &docs[d];
		int ok = passes(sr, &f, d);
		for (size_t k = npos; k < p.nterms && ok; k++)
			ok = stream_seek(&ss[k], d) != d;
		double km = -1;
		if (ok && nr.on && (km = distance(sr, doc)) == -2)
			ok = 0;
		for (size_t k = 0; k < p.nphrases && ok; k++)
			ok = has_phrase(e, d, &p.phrases[k]) != p.phrases[k].exclude;
		if (ok) {
			total++;
			if (c)
				count_doc(sr, c, d);
		}
		if (ok && ranking) {
			float qual = 0.8f + 0.2f * doc->quality;
			double text_score = all ? 1.0 : 0.0;
			for (size_t k = 0; k < npos; k++)
				text_score += stream_weight(&ss[k], docs);
			double score = text_score * qual;
			if (doc->kind == 3 && !(doc->flags & DOC_VALID))
				score *=
				    EXPIRED; /* an expired accreditation never ranks as valid */
			r->ranked++;
			if (nr.on)
				score *= km < 0 ? 0.85 : 1.0 - 0.3 * km / nr.km;
			if ((int)d == crebo_doc)
				score += maxbonus;
			top t = {score, score, d, (float)km};
			if (sort == LW_SORT_DISTANCE)
				t.key = km < 0 ? -1e9 + score * 1e-6 : -km + score * 1e-9;
			else if (sort == LW_SORT_DATE)
				t.key =
				    doc->day == INT32_MIN ? -1e12 + score : doc->day + score * 1e-6;
			heap_push(&h, &t);
			/*
			 * Relevance: documents come in falling static quality, so none
			 * after this one can score above the bound (and one that ties
			 * loses on its later number); once the top is full of better
			 * ones, the ranking is done and the rest is only counted.
			 */
			if (sort == LW_SORT_RELEVANCE && h.n == h.k &&
			    h.v[0].key >= (double)maxtext * qual + maxbonus)
				ranking = 0;
		}
		d = all ? next : stream_seek(&ss[0], next);
	}
	r->total = total;
	qsort(h.v, h.n, sizeof *h.v, cmp_top);
	if (h.n > o.offset) {
		r->n = h.n - o.offset;
		r->hits = lw_arena_alloc(&r->arena, r->n * sizeof *r->hits);
		if (!r->hits)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		for (size_t i = 0; i < r->n; i++)
			if (copy_hit(sr, r, &r->hits[i], &h.v[o.offset + i]) != LW_OK)
				return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (c && make_facets(sr, r, c) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	int any_fix = 0;
	for (size_t i = 0; i < p.nterms; i++)
		any_fix |= p.terms[i].corrected;
	if ((any_fix || total < 3) && p.npos && suggest_fix(sr, text, &p, r) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (any_fix)
		r->corrected = r->did_you_mean;
	return LW_OK;
}

/* ---- suggestions ------------------------------------------------------------------------ */

void lw_suggestions_free(lw_suggestions *out)
{
	lw_arena_free(&out->arena);
	memset(out, 0, sizeof *out);
}

int lw_searcher_suggest(lw_searcher *sr, const char *prefix, size_t max, lw_suggestions *out)
{
	const lw_engine *e = sr->e;
	memset(out, 0, sizeof *out);
	if (!max)
		max = 8;
	if (max > 32)
		max = 32;
	if (!prefix)
		return LW_OK;
	/* The last word is completed; the words before it stay as typed. */
	size_t n = strlen(prefix);
	while (n && prefix[n - 1] == ' ')
		n--;
	if (!n || prefix[strlen(prefix) - 1] == ' ')
		return LW_OK;
	size_t start = n;
	while (start && prefix[start - 1] != ' ')
		start--;
	lw_buf_reset(&sr->fold);
	if (lw_fold_key(prefix + start, n - start, &sr->fold) != LW_OK)
		return LW_ENOMEM;
	if (!sr->fold.len)
		return LW_OK;
	const char *f = lw_buf_cstr(&sr->fold);
	size_t fn = sr->fold.len;
	/* The most useful words that start so: in titles first, then anywhere. */
	uint32_t best[32];
	uint64_t bscore[32];
	size_t nb = 0;
	for (uint32_t i = lower_bound(e, f); i < e->words.n; i++) {
		uint32_t w = e->sorted[i];
		if (strncmp(lvocab_str(&e->words, w), f, fn) != 0)
			break;
		uint64_t sc = (uint64_t)e->word_tdf[w] * 4 + e->word_df[w];
		/* One word per stem: the most frequent spelling. */
		size_t same = nb;
		for (size_t k = 0; k < nb; k++)
			if (e->word_stem[best[k]] == e->word_stem[w])
				same = k;
		if (same < nb) {
			if (bscore[same] >= sc)
				continue;
			for (size_t k = same; k + 1 < nb; k++) { /* drop the other spelling */
				best[k] = best[k + 1];
				bscore[k] = bscore[k + 1];
			}
			nb--;
		}
		size_t at = nb < max ? nb++ : max;
		while (at > 0 && bscore[at - 1] < sc) {
			if (at < max) {
				best[at] = best[at - 1];
				bscore[at] = bscore[at - 1];
			}
			at--;
		}
		if (at < max) {
			best[at] = w;
			bscore[at] = sc;
		}
	}
	out->items = lw_arena_alloc(&out->arena, (nb ? nb : 1) * sizeof *out->items);
	if (!out->items)
		return LW_ENOMEM;
	lw_buf b = LW_BUF_INIT;
	for (size_t i = 0; i < nb; i++) {
		lw_buf_reset(&b);
		if (lw_buf_append(&b, prefix, start) != LW_OK ||
		    lw_buf_puts(&b, lvocab_str(&e->words, best[i])) != LW_OK ||
		    !(out->items[out->n++] = lw_arena_strdup(&out->arena, lw_buf_cstr(&b)))) {
			lw_buf_free(&b);
			return LW_ENOMEM;
		}
	}
	lw_buf_free(&b);
	return LW_OK;
}

/* ---- highlighting ------------------------------------------------------------ */

/* The needles of a highlight: "P" or "S" (prefix or stem), the folded text, NUL; repeated. */
typedef struct hl_needles {
	lw_buf *b;
	int prefix;
} hl_needles;

static int hl_add_needle(void *ud, const char *surface, size_t surface_len, const char *stem,
			 size_t stem_len, size_t start, size_t end)
{
	(void)start;
	(void)end;
	hl_needles *nd = ud;
	int rc = lw_buf_putc(nd->b, nd->prefix ? 'P' : 'S');
	if (rc == LW_OK)
		rc = nd->prefix ? lw_buf_append(nd->b, surface, surface_len)
				: lw_buf_append(nd->b, stem, stem_len);
	return rc == LW_OK ? lw_buf_putc(nd->b, '\0') : rc;
}

typedef struct hl_match {
	const lw_buf *needles;
	size_t *ranges, max, n;
} hl_match;

static int hl_match_word(void *ud, const char *surface, size_t surface_len, const char *stem,
			 size_t stem_len, size_t start, size_t end)
{
	hl_match *m = ud;
	for (size_t at = 0; at < m->needles->len;) {
		const char *nd = m->needles->data + at;
		size_t len = strlen(nd + 1);
		int hit = nd[0] == 'P' ? len && len <= surface_len && !memcmp(surface, nd + 1, len)
				       : len == stem_len && !memcmp(stem, nd + 1, len);
		if (hit) {
			if (m->n + 2 <= m->max) {
				m->ranges[m->n++] = start;
				m->ranges[m->n++] = end;
			}
			break;
		}
		at += len + 2;
	}
	return LW_OK;
}

int lw_searcher_highlight(lw_searcher *sr, const lw_results *r, const char *text, size_t *ranges,
			  size_t max, size_t *n)
{
	*n = 0;
	if (!text)
		return LW_OK;
	lw_buf needles = LW_BUF_INIT;
	hl_needles nd = {.b = &needles};
	int rc = LW_OK;
	if (r->corrected) {
		rc = lw_analyze(sr->an, r->corrected, strlen(r->corrected), hl_add_needle, &nd);
	} else {
		for (size_t i = 0; rc == LW_OK && i < r->query.nterms; i++) {
			const lw_query_term *t = &r->query.terms[i];
			if (t->exclude)
				continue;
			nd.prefix = t->kind == LW_TERM_PREFIX;
			rc = lw_analyze(sr->an, t->text, strlen(t->text), hl_add_needle, &nd);
		}
	}
	if (rc == LW_OK && needles.len) {
		hl_match m = {.needles = &needles, .ranges = ranges, .max = max};
		rc = lw_analyze(sr->an, text, strlen(text), hl_match_word, &m);
		*n = m.n;
	}
	lw_buf_free(&needles);
	return rc;
}

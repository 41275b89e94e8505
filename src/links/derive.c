/*
 * derive.c - which ESCO occupations a qualification leads to, derived from
 * the names: the reference data has no crebo -> ESCO table. The rule and
 * why it is this rule: docs/internals/links.md.
 *
 *   1. Names and labels are folded with lw_fold_key ("Mbo-Verpleegkundige"
 *      -> "mbo verpleegkundige"). Labels are the preferred and alternative
 *      labels of each occupation; hidden labels (search terms, often
 *      misspellings) count only in step 2.
 *   2. Exact: a label equal to the qualification's whole name scores 1.0
 *      (preferred label), 0.9 (alternative label) or 0.8 (hidden label:
 *      ESCO's search terms such as "mbo-verpleegkundige", used only here).
 *   3. Otherwise word overlap: the qualification's core words (its words
 *      without stop words and without modifiers such as "allround",
 *      "vakbekwaam", "medewerker") against the label's words (without stop
 *      words). A word matches an equal word (1) or, as a Dutch compound, a
 *      word that ends with it ("scheepsmechatronica" - "mechatronica", 1/2;
 *      the shorter word at least 5 letters and no modifier). Each word
 *      weighs ln(1 + labels / labels containing it), so rare words count
 *      and "monteur" or "manager" alone do not. The overlap is the weighted
 *      Jaccard index: matched / (name + label - matched). It must be at
 *      least 0.5, or 0.45 when one side's words are all in the other
 *      ("verpleegkundige" in "algemeen verpleegkundige"). The label then
 *      scores 0.95 (preferred) or 0.85 (alternative) times the overlap.
 *   4. An occupation scores its best label. Per qualification the best
 *      LW_LINKS_PER_QUALIFICATION occupations are kept: score, preferred
 *      before alternative before hidden, then label, then URI. A
 *      qualification with curated links ('import') gets none derived.
 *      Scores are rounded to three decimals, so a run on the same data
 *      writes nothing.
 */
#include "lw_links.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Words that say nothing about the trade. */
static const char *const stop_words[] = {"aan", "bij", "de",  "den", "der", "een", "en",
					 "het", "in",  "mbo", "met", "of",  "op",  "te",
					 "van", "voor", NULL};
/* Words in qualification names that grade or frame the trade. */
static const char *const modifiers[] = {
	"aankomend",	  "allround",  "assistent", "basis",   "eerste",   "gespecialiseerd",
	"gevorderd",	  "junior",    "medewerker", "senior", "tweede",   "vakbekwaam",
	"vakexpert",	  "werkend",   "zelfstandig", NULL};

#define COMPOUND_MIN 5

static int in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

typedef struct label {
	int occ;      /* index into occupations */
	int alt;      /* 0: preferred label, 1: alternative */
	const char *key;
	int *words;   /* vocabulary ids, distinct */
	int nwords;
	double weight; /* sum of its words' weights */
} label;

/* A hidden label, for exact matches only. */
typedef struct hidden {
	const char *key;
	int occ;
} hidden;

typedef struct occupation {
	const char *uri, *key; /* key: the folded preferred label */
} occupation;

typedef struct vocab_word {
	const char *w;
	size_t len;
	int df;
	int *post; /* labels that hold it */
	int npost;
	int modifier;
} vocab_word;

typedef struct deriver {
	lw_store *s;
	lw_arena a;
	occupation *occ;
	size_t nocc, capocc;
	label *lab;
	size_t nlab, caplab;
	vocab_word *voc;
	size_t nvoc, capvoc;
	lw_strmap *vocmap; /* word -> id */
	lw_strmap *occmap; /* uri -> index */
	hidden *hid;       /* sorted by key */
	size_t nhid, caphid;
	lw_buf key;
	/* Per-qualification scratch, indexed by label or occupation. */
	double *matched, *best_now;
	int *nexact; /* how many of the name's words a label holds exactly */
	unsigned *lab_stamp, *word_stamp, *exact_stamp, *occ_stamp;
	unsigned qgen, wgen;
	int *cand, *now, *occ_cand;
	size_t ncand, nnow, nocc_cand;
	double *occ_score;
	int *occ_alt, *occ_exact;
	const char **occ_label;
} deriver;

static int nomem(lw_err *err)
{
	return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
}

/* Folds text into d->key; 0 when it is not valid UTF-8 (then it is skipped). */
static int fold(deriver *d, const char *text)
{
	lw_buf_reset(&d->key);
	size_t n = strlen(text);
	if (!lw_utf8_valid(text, n, NULL))
		return 0;
	if (lw_fold_key(text, n, &d->key) != LW_OK)
		return -1;
	return 1;
}

static int word_id(deriver *d, const char *w, size_t len, lw_err *err)
{
	char *copy = lw_arena_alloc(&d->a, len + 1);
	if (!copy)
		return nomem(err);
	memcpy(copy, w, len);
	int64_t id = (int64_t)d->nvoc;
	int rc = lw_strmap_put(d->vocmap, copy, id, &id);
	if (rc < 0)
		return nomem(err);
	if (rc == 1) {
		vocab_word *v = lw_arena_grow(&d->a, d->voc, &d->nvoc, &d->capvoc, sizeof *v);
		if (!v)
			return nomem(err);
		d->voc = v;
		v[id].w = copy;
		v[id].len = len;
		v[id].modifier = in_list(copy, modifiers);
	}
	return (int)id;
}

static int add_label(deriver *d, int occ, int alt, const char *text, lw_err *err)
{
	int f = fold(d, text);
	if (f < 0)
		return nomem(err);
	if (f == 0 || !d->key.len)
		return LW_OK;
	label *l = lw_arena_grow(&d->a, d->lab, &d->nlab, &d->caplab, sizeof *l);
	if (!l)
		return nomem(err);
	d->lab = l;
	l = &d->lab[d->nlab - 1];
	l->occ = occ;
	l->alt = alt;
	if (!(l->key = lw_arena_strdup(&d->a, lw_buf_cstr(&d->key))))
		return nomem(err);
	/* At most one word per two bytes of the key. */
	if (!(l->words = lw_arena_alloc(&d->a, (d->key.len / 2 + 1) * sizeof *l->words)))
		return nomem(err);
	for (const char *p = l->key; *p;) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char w[256];
		if (len < sizeof w) {
			memcpy(w, p, len);
			w[len] = '\0';
			if (!in_list(w, stop_words)) {
				int id = word_id(d, w, len, err);
				if (id < 0)
					return id;
				int dup = 0;
				for (int k = 0; k < l->nwords; k++)
					dup |= l->words[k] == id;
				if (!dup) {
					l->words[l->nwords++] = id;
					d->voc[id].df++;
				}
			}
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return LW_OK;
}

static int add_hidden(deriver *d, int occ, const char *text, lw_err *err)
{
	int f = fold(d, text);
	if (f < 0)
		return nomem(err);
	if (f == 0 || !d->key.len)
		return LW_OK;
	hidden *h = lw_arena_grow(&d->a, d->hid, &d->nhid, &d->caphid, sizeof *h);
	if (!h)
		return nomem(err);
	d->hid = h;
	h[d->nhid - 1].occ = occ;
	if (!(h[d->nhid - 1].key = lw_arena_strdup(&d->a, lw_buf_cstr(&d->key))))
		return nomem(err);
	return LW_OK;
}

static int cmp_hidden(const void *x, const void *y)
{
	const hidden *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : a->occ - b->occ;
}

static double word_weight(const deriver *d, int df)
{
	return log(1.0 + (double)d->nlab / (double)(df > 0 ? df : 1));
}

/* Loads the occupations and their labels, and indexes the words. */
static int load(deriver *d, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(d->s, &st,
				  "SELECT uri, label, 0 FROM occupation UNION ALL "
				  "SELECT uri, label, CASE kind WHEN 'alt' THEN 1 ELSE 2 END "
				  "FROM occupation_label ORDER BY 1, 3, 2",
				  err);
	if (rc != LW_OK)
		return rc;
	int step;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uri = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		int alt = sqlite3_column_int(st, 2);
		if (!uri || !text)
			continue;
		int64_t o;
		if (!lw_strmap_get(d->occmap, uri, &o)) {
			occupation *p = lw_arena_grow(&d->a, d->occ, &d->nocc, &d->capocc, sizeof *p);
			if (!p) {
				rc = nomem(err);
				break;
			}
			d->occ = p;
			o = (int64_t)d->nocc - 1;
			if (!(p[o].uri = lw_arena_strdup(&d->a, uri)) ||
			    lw_strmap_put(d->occmap, uri, o, NULL) < 0) {
				rc = nomem(err);
				break;
			}
		}
		if (!alt) {
			int f = fold(d, text);
			if (f < 0 || (f && !(d->occ[o].key = lw_arena_strdup(&d->a,
									   lw_buf_cstr(&d->key))))) {
				rc = nomem(err);
				break;
			}
		}
		if (alt == 2)
			rc = add_hidden(d, (int)o, text, err);
		else
			rc = add_label(d, (int)o, alt, text, err);
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(d->s, err, "beroepen lezen mislukt");
	sqlite3_finalize(st);
	if (rc != LW_OK)
		return rc;
	for (size_t i = 0; i < d->nocc; i++)
		if (!d->occ[i].key)
			d->occ[i].key = "";
	if (d->nhid > 1)
		qsort(d->hid, d->nhid, sizeof *d->hid, cmp_hidden);

	/* Postings: for every word, the labels that hold it, in label order. */
	for (size_t v = 0; v < d->nvoc; v++)
		if (!(d->voc[v].post = lw_arena_alloc(&d->a, (size_t)d->voc[v].df * sizeof(int) + 1)))
			return nomem(err);
	for (size_t i = 0; i < d->nlab; i++) {
		label *l = &d->lab[i];
		l->weight = 0;
		for (int k = 0; k < l->nwords; k++) {
			vocab_word *v = &d->voc[l->words[k]];
			v->post[v->npost++] = (int)i;
			l->weight += word_weight(d, v->df);
		}
	}
	size_t nl = d->nlab ? d->nlab : 1, no = d->nocc ? d->nocc : 1;
	d->matched = lw_arena_alloc(&d->a, nl * sizeof *d->matched);
	d->best_now = lw_arena_alloc(&d->a, nl * sizeof *d->best_now);
	d->nexact = lw_arena_alloc(&d->a, nl * sizeof *d->nexact);
	d->exact_stamp = lw_arena_alloc(&d->a, nl * sizeof *d->exact_stamp);
	d->lab_stamp = lw_arena_alloc(&d->a, nl * sizeof *d->lab_stamp);
	d->word_stamp = lw_arena_alloc(&d->a, nl * sizeof *d->word_stamp);
	d->cand = lw_arena_alloc(&d->a, nl * sizeof *d->cand);
	d->now = lw_arena_alloc(&d->a, nl * sizeof *d->now);
	d->occ_stamp = lw_arena_alloc(&d->a, no * sizeof *d->occ_stamp);
	d->occ_cand = lw_arena_alloc(&d->a, no * sizeof *d->occ_cand);
	d->occ_score = lw_arena_alloc(&d->a, no * sizeof *d->occ_score);
	d->occ_alt = lw_arena_alloc(&d->a, no * sizeof *d->occ_alt);
	d->occ_exact = lw_arena_alloc(&d->a, no * sizeof *d->occ_exact);
	d->occ_label = lw_arena_alloc(&d->a, no * sizeof *d->occ_label);
	if (!d->matched || !d->best_now || !d->nexact || !d->exact_stamp || !d->lab_stamp || !d->word_stamp || !d->cand ||
	    !d->now || !d->occ_stamp || !d->occ_cand || !d->occ_score || !d->occ_alt ||
	    !d->occ_exact || !d->occ_label)
		return nomem(err);
	return LW_OK;
}

/* How word a of a name matches vocabulary word b: 1, 1/2 (compound) or 0. */
static double word_match(const char *a, size_t alen, const vocab_word *b)
{
	if (alen == b->len)
		return memcmp(a, b->w, alen) == 0 ? 1.0 : 0.0;
	const char *sw = alen < b->len ? a : b->w, *lw = alen < b->len ? b->w : a;
	size_t sl = alen < b->len ? alen : b->len, ll = alen < b->len ? b->len : alen;
	if (sl < COMPOUND_MIN || memcmp(lw + ll - sl, sw, sl) != 0)
		return 0.0;
	return in_list(sw, modifiers) ? 0.0 : 0.5;
}

typedef struct pick {
	int occ;
	double score;
	int alt, exact;
	const char *okey, *uri;
} pick;

static int cmp_pick(const void *x, const void *y)
{
	const pick *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->alt != b->alt)
		return a->alt - b->alt;
	int c = strcmp(a->okey, b->okey);
	return c ? c : strcmp(a->uri, b->uri);
}

static double round3(double x)
{
	return (double)llround(x * 1000.0) / 1000.0;
}

static int cmp_hidden_key(const void *x, const void *y)
{
	return strcmp(((const hidden *)x)->key, ((const hidden *)y)->key);
}

/* A label of occupation o scored: the occupation keeps its best label. */
static void offer(deriver *d, int o, double score, int alt, int exact, const char *key)
{
	if (d->occ_stamp[o] != d->qgen) {
		d->occ_stamp[o] = d->qgen;
		d->occ_cand[d->nocc_cand++] = o;
	} else if (score < d->occ_score[o] ||
		   (score == d->occ_score[o] &&
		    (alt > d->occ_alt[o] ||
		     (alt == d->occ_alt[o] && strcmp(key, d->occ_label[o]) >= 0)))) {
		return;
	}
	d->occ_score[o] = score;
	d->occ_alt[o] = alt;
	d->occ_exact[o] = exact;
	d->occ_label[o] = key;
}

/*
 * Scores every label against one qualification name and fills picks with
 * the best occupations (at most LW_LINKS_PER_QUALIFICATION); *n gets how many.
 */
static int match_name(deriver *d, const char *name, pick *picks, size_t *n, lw_err *err)
{
	*n = 0;
	int f = fold(d, name);
	if (f < 0)
		return nomem(err);
	if (f == 0 || !d->key.len || !d->nlab)
		return LW_OK;
	char *qkey = lw_strdup(lw_buf_cstr(&d->key));
	if (!qkey)
		return nomem(err);
	/* The name's words: without stop words; core: also without modifiers. */
	const char *words[32];
	size_t lens[32], nw = 0, ncore = 0;
	for (char *p = qkey; *p && nw < 32;) {
		char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char save = p[len];
		p[len] = '\0';
		int dup = 0;
		for (size_t k = 0; k < nw; k++)
			dup |= lens[k] == len && memcmp(words[k], p, len) == 0;
		if (!in_list(p, stop_words) && !dup) {
			words[nw] = p;
			lens[nw++] = len;
		}
		p[len] = save;
		p += len;
		while (*p == ' ')
			p++;
	}
	for (size_t k = 0; k < nw; k++) {
		char w[256];
		size_t len = lens[k] < sizeof w ? lens[k] : sizeof w - 1;
		memcpy(w, words[k], len);
		w[len] = '\0';
		if (!in_list(w, modifiers)) {
			const char *tw = words[ncore];
			size_t tl = lens[ncore];
			words[ncore] = words[k];
			lens[ncore++] = lens[k];
			words[k] = tw;
			lens[k] = tl;
		}
	}
	if (!ncore)
		ncore = nw; /* a name of modifiers only keeps them */

	d->qgen++;
	d->ncand = 0;
	double qweight = 0;
	for (size_t k = 0; k < ncore; k++) {
		int64_t id;
		char w[256];
		size_t len = lens[k] < sizeof w ? lens[k] : sizeof w - 1;
		memcpy(w, words[k], len);
		w[len] = '\0';
		double wa = word_weight(d, lw_strmap_get(d->vocmap, w, &id) ? d->voc[id].df : 0);
		qweight += wa;
		d->wgen++;
		d->nnow = 0;
		for (size_t v = 0; v < d->nvoc; v++) {
			const vocab_word *b = &d->voc[v];
			double x = word_match(w, len, b);
			if (x == 0.0)
				continue;
			double wb = word_weight(d, b->df);
			double val = x * (wa < wb ? wa : wb);
			for (int i = 0; i < b->npost; i++) {
				int l = b->post[i];
				if (d->lab_stamp[l] != d->qgen) {
					d->lab_stamp[l] = d->qgen;
					d->matched[l] = 0;
					d->nexact[l] = 0;
					d->cand[d->ncand++] = l;
				}
				if (x == 1.0)
					d->exact_stamp[l] = d->wgen;
				if (d->word_stamp[l] != d->wgen) {
					d->word_stamp[l] = d->wgen;
					d->best_now[l] = val;
					d->now[d->nnow++] = l;
				} else if (val > d->best_now[l]) {
					d->best_now[l] = val;
				}
			}
		}
		for (size_t i = 0; i < d->nnow; i++) {
			int l = d->now[i];
			d->matched[l] += d->best_now[l];
			d->nexact[l] += d->exact_stamp[l] == d->wgen;
		}
	}

	/* Each occupation keeps its best label. */
	d->nocc_cand = 0;
	for (size_t i = 0; i < d->ncand; i++) {
		const label *l = &d->lab[d->cand[i]];
		double score;
		int exact = strcmp(l->key, qkey) == 0;
		if (exact) {
			score = l->alt ? 0.9 : 1.0;
		} else {
			double m = d->matched[d->cand[i]];
			double j = m / (qweight + l->weight - m);
			if (j > 1.0)
				j = 1.0;
			/* One side's words all in the other: a specialisation or
			 * generalisation of the trade ("algemeen verpleegkundige"). */
			int within = d->nexact[d->cand[i]] == (int)ncore ||
				     d->nexact[d->cand[i]] == l->nwords;
			if (j < (within ? LW_LINKS_MIN_CONTAINED : LW_LINKS_MIN_OVERLAP))
				continue;
			score = round3((l->alt ? 0.85 : 0.95) * j);
		}
		offer(d, l->occ, score, l->alt, exact, l->key);
	}
	/* Hidden labels count only when they are the whole name. */
	hidden probe = {qkey, 0};
	hidden *h = d->nhid ? bsearch(&probe, d->hid, d->nhid, sizeof *h, cmp_hidden_key) : NULL;
	while (h && h > d->hid && strcmp(h[-1].key, qkey) == 0)
		h--;
	for (; h && h < d->hid + d->nhid && strcmp(h->key, qkey) == 0; h++)
		offer(d, h->occ, 0.8, 2, 1, h->key);
	lw_free(qkey);
	if (!d->nocc_cand)
		return LW_OK;
	pick *all = lw_calloc(d->nocc_cand, sizeof *all);
	if (!all)
		return nomem(err);
	for (size_t i = 0; i < d->nocc_cand; i++) {
		int o = d->occ_cand[i];
		all[i] = (pick){o, d->occ_score[o], d->occ_alt[o], d->occ_exact[o], d->occ[o].key,
				d->occ[o].uri};
	}
	qsort(all, d->nocc_cand, sizeof *all, cmp_pick);
	*n = d->nocc_cand < LW_LINKS_PER_QUALIFICATION ? d->nocc_cand : LW_LINKS_PER_QUALIFICATION;
	memcpy(picks, all, *n * sizeof *all);
	lw_free(all);
	return LW_OK;
}

/* The derived rows in the store, to compare with the new ones. */
typedef struct old_row {
	const char *crebo, *uri;
	long score; /* in thousandths */
	int keep;
} old_row;

static int load_old(deriver *d, old_row **rows, size_t *n, lw_strmap *index, lw_err *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = lw_store_prepare(d->s, &st,
				  "SELECT crebo, occupation_uri, score FROM qualification_occupation "
				  "WHERE source = 'afgeleid'",
				  err);
	if (rc != LW_OK)
		return rc;
	int step;
	lw_buf k = LW_BUF_INIT;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		old_row *r = lw_arena_grow(&d->a, *rows, n, &cap, sizeof *r);
		if (!r) {
			rc = nomem(err);
			break;
		}
		*rows = r;
		r = &r[*n - 1];
		r->crebo = lw_arena_strdup(&d->a, (const char *)sqlite3_column_text(st, 0));
		r->uri = lw_arena_strdup(&d->a, (const char *)sqlite3_column_text(st, 1));
		r->score = lround(sqlite3_column_double(st, 2) * 1000.0);
		lw_buf_reset(&k);
		if (!r->crebo || !r->uri || lw_buf_printf(&k, "%s %s", r->crebo, r->uri) != LW_OK ||
		    lw_strmap_put(index, lw_buf_cstr(&k), (int64_t)(*n - 1), NULL) < 0) {
			rc = nomem(err);
			break;
		}
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(d->s, err, "koppelingen lezen mislukt");
	lw_buf_free(&k);
	sqlite3_finalize(st);
	return rc;
}

static int run(deriver *d, lw_links_stats *st, lw_err *err)
{
	old_row *old = NULL;
	size_t nold = 0;
	lw_strmap *index = NULL;
	sqlite3_stmt *quals = NULL, *put = NULL, *del = NULL;
	lw_buf k = LW_BUF_INIT;
	int rc = lw_strmap_new(&index) == LW_OK ? LW_OK : nomem(err);
	if (rc == LW_OK)
		rc = load(d, err);
	if (rc == LW_OK)
		rc = load_old(d, &old, &nold, index, err);
	if (rc == LW_OK)
		rc = lw_store_prepare(d->s, &quals,
				      "SELECT crebo, name FROM qualification q WHERE NOT EXISTS "
				      "(SELECT 1 FROM qualification_occupation l WHERE l.crebo = "
				      "q.crebo AND l.source = 'import') ORDER BY crebo",
				      err);
	if (rc == LW_OK)
		rc = lw_store_prepare(d->s, &put,
				      "INSERT INTO qualification_occupation(crebo, occupation_uri, "
				      "source, score) VALUES(?1, ?2, 'afgeleid', ?3) "
				      "ON CONFLICT(crebo, occupation_uri) DO UPDATE SET score = "
				      "excluded.score WHERE source = 'afgeleid'",
				      err);
	if (rc == LW_OK)
		rc = lw_store_prepare(d->s, &del,
				      "DELETE FROM qualification_occupation WHERE crebo = ?1 AND "
				      "occupation_uri = ?2 AND source = 'afgeleid'",
				      err);
	int step = SQLITE_DONE;
	while (rc == LW_OK && (step = sqlite3_step(quals)) == SQLITE_ROW) {
		const char *crebo = (const char *)sqlite3_column_text(quals, 0);
		const char *name = (const char *)sqlite3_column_text(quals, 1);
		pick picks[LW_LINKS_PER_QUALIFICATION];
		size_t n = 0;
		if (!crebo || !name || (rc = match_name(d, name, picks, &n, err)) != LW_OK)
			continue;
		if (n) {
			st->derived++;
			st->exact += picks[0].exact;
		}
		for (size_t i = 0; i < n && rc == LW_OK; i++) {
			const char *uri = d->occ[picks[i].occ].uri;
			long score = lround(picks[i].score * 1000.0);
			int64_t at;
			st->links++;
			lw_buf_reset(&k);
			if (lw_buf_printf(&k, "%s %s", crebo, uri) != LW_OK) {
				rc = nomem(err);
				break;
			}
			if (lw_strmap_get(index, lw_buf_cstr(&k), &at)) {
				old[at].keep = 1;
				if (old[at].score == score)
					continue;
				st->changed++;
			} else {
				st->added++;
			}
			sqlite3_bind_text(put, 1, crebo, -1, SQLITE_STATIC);
			sqlite3_bind_text(put, 2, uri, -1, SQLITE_STATIC);
			sqlite3_bind_double(put, 3, (double)score / 1000.0);
			if (sqlite3_step(put) != SQLITE_DONE)
				rc = lw_store_fail(d->s, err, "koppeling schrijven mislukt");
			sqlite3_reset(put);
		}
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(d->s, err, "kwalificaties lezen mislukt");
	/* Derived rows that the rule no longer gives, or whose qualification
	 * now has curated links. */
	for (size_t i = 0; i < nold && rc == LW_OK; i++) {
		if (old[i].keep)
			continue;
		sqlite3_bind_text(del, 1, old[i].crebo, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, old[i].uri, -1, SQLITE_STATIC);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = lw_store_fail(d->s, err, "koppeling verwijderen mislukt");
		sqlite3_reset(del);
		st->removed++;
	}
	sqlite3_finalize(quals);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	lw_strmap_free(index);
	lw_buf_free(&k);
	if (rc != LW_OK)
		return rc;
	static const char *const sql[] = {
		"SELECT count(*) FROM qualification",
		"SELECT count(DISTINCT crebo) FROM qualification_occupation",
		"SELECT count(DISTINCT crebo) FROM qualification_occupation WHERE source = 'import'",
	};
	long *const out[] = {&st->qualifications, &st->linked, &st->curated};
	return lw_store_counts(d->s, sql, out, 3, err);
}

int lw_links_derive(lw_store *s, lw_links_stats *stats, lw_err *err)
{
	lw_links_stats local;
	lw_links_stats *st = stats ? stats : &local;
	memset(st, 0, sizeof *st);
	deriver d;
	memset(&d, 0, sizeof d);
	d.s = s;
	int own = sqlite3_get_autocommit(lw_store_db(s));
	int rc = LW_OK;
	if (lw_strmap_new(&d.vocmap) != LW_OK || lw_strmap_new(&d.occmap) != LW_OK)
		rc = nomem(err);
	if (rc == LW_OK && own)
		rc = lw_store_begin(s, err);
	if (rc == LW_OK) {
		rc = run(&d, st, err);
		if (own && rc == LW_OK)
			rc = lw_store_commit(s, err);
		if (own && rc != LW_OK)
			lw_store_rollback(s);
	}
	lw_strmap_free(d.vocmap);
	lw_strmap_free(d.occmap);
	lw_buf_free(&d.key);
	lw_arena_free(&d.a);
	return rc;
}

/*
 * trajectory.c - the registrar: writing registrations of trajectories, the
 * duplicate flags of one person, kind and qualification, and the counts
 * kept in the same transaction; the bulk writer of an import (the index
 * set aside, the match keys in memory, the statements on a thread of their
 * own); one registration in its own transaction (`monitor add`, the API);
 * and the rebuild of flags and counts.
 */
#include "registrar.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Up to this many stored registrations of a group travel with a write to the thread. */
#define MON_OP_MEMBERS 8

/* A write handed to the writer thread: a new registration, with its id. */
typedef struct mon_op {
	lw_trajectory t;
	int nmembers;                    /* 0: the first of its group */
	int64_t members[MON_OP_MEMBERS]; /* the ids with t's match key, stored before t */
} mon_op;

/* The writer thread (below). */
static int mon_writer_start(lw_monitor_reg *r);
static int mon_writer_put(lw_monitor_reg *r, const mon_op *op, lw_err *err);
static int mon_writer_sync(lw_monitor_reg *r, lw_err *err);
static int mon_writer_stop(lw_monitor_reg *r, lw_err *err);

#define TRAJ_COLS                                                                                  \
	"id, covenant_code, pseudonym, kind, crebo, level, sector, municipality_code, "            \
	"postcode, region_code, start_date, status, status_date, outcome, target_groups, "         \
	"age, duplicate, match_key"

/* ---- opening ---------------------------------------------------------------- */

/* Loads "SELECT code[, n]" into m: code -> n, or -> row number when there is no n. */
static int load_map(lw_monitor_reg *r, const char *sql, lw_strmap **m, const char ***codes,
                    size_t *n, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(r->store, &st, sql, err), step;
	size_t cap = 0;
	if (rc == LW_OK && lw_strmap_new(m) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int64_t v =
		    sqlite3_column_count(st) > 1 ? sqlite3_column_int64(st, 1) : (int64_t)*n;
		if (!code)
			continue;
		if (codes) {
			const char **c = lw_arena_grow(&r->arena, *codes, n, &cap, sizeof **codes);
			if (!c || !(c[*n - 1] = lw_arena_strdup(&r->arena, code))) {
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
				break;
			}
			*codes = c;
		}
		if (lw_strmap_put(*m, code, v, NULL) < 0)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "opvragen mislukt");
	sqlite3_finalize(st);
	return rc;
}

static int load_lookups(lw_monitor_reg *r, lw_err *err)
{
	size_t none = 0;
	int rc = load_map(r,
	                  "SELECT code, row_number() OVER (ORDER BY code) FROM covenant "
	                  "ORDER BY code",
	                  &r->covenants, &r->scopes, &r->nscopes, err);
	if (rc == LW_OK)
		rc = load_map(
		    r, "SELECT code FROM region UNION ALL SELECT '" LW_MON_ANTILLES "' ORDER BY 1",
		    &r->regions, &r->region_codes, &r->nregions, err);
	if (rc == LW_OK)
		rc = load_map(r, "SELECT crebo, level FROM qualification", &r->crebos, NULL, &none,
		              err);
	if (rc != LW_OK)
		return rc;
	/* Municipality -> index of its region in region_codes. */
	sqlite3_stmt *st;
	if ((rc = lw_store_prepare(r->store, &st, "SELECT code, region_code FROM municipality",
	                           err)) != LW_OK)
		return rc;
	if (lw_strmap_new(&r->municipalities) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	while (rc == LW_OK && sqlite3_step(st) == SQLITE_ROW) {
		int64_t region;
		if (lw_strmap_get(r->regions, (const char *)sqlite3_column_text(st, 1), &region) &&
		    lw_strmap_put(r->municipalities, (const char *)sqlite3_column_text(st, 0),
		                  region, NULL) < 0)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	sqlite3_finalize(st);
	return rc;
}

static int prepare_writes(lw_monitor_reg *r, lw_err *err)
{
	lw_store *s = r->store;
	int rc = lw_store_prepare(s, &r->postcode,
	                          "SELECT municipality_code FROM postcode WHERE code IN (?1, ?2) "
	                          "ORDER BY length(code) DESC LIMIT 1",
	                          err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &r->probe,
		                      "SELECT 1 FROM trajectory WHERE match_key = ?1 LIMIT 1", err);
	if (rc == LW_OK)
		rc = lw_store_prepare(
		    s, &r->group, "SELECT " TRAJ_COLS " FROM trajectory WHERE match_key = ?1", err);
	if (rc == LW_OK)
		rc = lw_store_prepare(
		    s, &r->insert,
		    "INSERT INTO trajectory(id, covenant_code, pseudonym, match_key, kind, crebo, "
		    "level, sector, municipality_code, postcode, region_code, start_date, status, "
		    "status_date, outcome, target_groups, age, duplicate) "
		    "VALUES(?18, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		    "?16, ?17)",
		    err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &r->update,
		                      "UPDATE trajectory SET crebo = ?5, level = ?6, sector = ?7, "
		                      "municipality_code = ?8, postcode = ?9, region_code = ?10, "
		                      "status = ?12, status_date = ?13, outcome = ?14, "
		                      "target_groups = ?15, age = ?16 WHERE id = ?18",
		                      err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &r->set_dup,
		                      "UPDATE trajectory SET duplicate = ?2 WHERE id = ?1", err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &r->by_id,
		                      "SELECT " TRAJ_COLS " FROM trajectory WHERE id = ?1", err);
	return rc;
}

int lw_monitor_reg_open(lw_store *s, const lw_monitor_key *key, lw_monitor_reg **out, lw_err *err)
{
	*out = NULL;
	if (sodium_init() < 0)
		return lw_err_set(err, LW_EIO, "libsodium kan niet starten");
	lw_monitor_reg *r = lw_calloc(1, sizeof *r);
	if (!r)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	r->store = s;
	if (key)
		crypto_auth_hmacsha256_init(&r->hmac, key->bytes, sizeof key->bytes);
	int rc = load_lookups(r, err);
	if (rc == LW_OK)
		rc = prepare_writes(r, err);
	if (rc == LW_OK &&
	    (lw_strmap_new(&r->updated) != LW_OK || lw_strmap_new(&r->postcodes) != LW_OK))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = lw_store_int(s, "SELECT coalesce(max(id), 0) FROM trajectory", &r->base_id,
		                  err);
	r->next_id = r->base_id + 1;
	if (rc == LW_OK &&
	    mon_agg_new(&r->agg, r->scopes, r->nscopes, r->region_codes, r->nregions) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc != LW_OK) {
		lw_monitor_reg_free(r);
		return rc;
	}
	*out = r;
	return LW_OK;
}

void lw_monitor_reg_free(lw_monitor_reg *r)
{
	if (!r)
		return;
	if (r->writer) {
		lw_err ignored;
		mon_writer_stop(r, &ignored);
	}
	sodium_memzero(&r->hmac, sizeof r->hmac);
	lw_strmap_free(r->covenants);
	lw_strmap_free(r->municipalities);
	lw_strmap_free(r->regions);
	lw_strmap_free(r->crebos);
	lw_strmap_free(r->updated);
	lw_strmap_free(r->postcodes);
	sqlite3_stmt *all[] = {r->postcode, r->probe,  r->group, r->insert,
	                       r->update,   r->set_dup, r->by_id};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	mon_agg_free(r->agg);
	lw_free(r->added);
	lw_free(r->scratch);
	lw_free(r->keys);
	lw_free(r->refs);
	lw_free(r->match_sql);
	lw_arena_free(&r->arena);
	lw_free(r);
}

/* ---- registrations in memory and in the store ------------------------------ */

void mon_facts_of(lw_monitor_reg *r, const lw_trajectory *t, mon_facts *f)
{
	int64_t v;
	memset(f, 0, sizeof *f);
	if (strcmp(t->covenant, r->facts_covenant) != 0) { /* mostly the last one's */
		memcpy(r->facts_covenant, t->covenant, sizeof r->facts_covenant);
		r->facts_scope = lw_strmap_get(r->covenants, t->covenant, &v) ? (int)v : 0;
	}
	f->scope = r->facts_scope;
	f->covenant = t->covenant;
	f->kind = t->kind;
	f->level = t->level;
	f->sector = t->sector;
	f->age = t->age;
	f->band = lw_monitor_age_band(t->age);
	f->status = t->status;
	f->region = lw_strmap_get(r->regions, t->region, &v) ? (int)v : -1;
	f->region_code = t->region;
	f->groups = t->groups;
	f->start = mon_days(t->start);
	f->end = t->status_date[0] ? mon_days(t->status_date) : INT32_MIN;
	f->duplicate = t->duplicate;
}

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	size_t n = v ? (size_t)sqlite3_column_bytes(st, i) : 0;
	if (n >= size)
		n = size - 1; /* cut, as snprintf("%s") would */
	if (n)
		memcpy(out, v, n);
	out[n] = 0;
}

static int col_code(sqlite3_stmt *st, int i, const lw_monitor_code *list)
{
	return lw_monitor_code_find(list, (const char *)sqlite3_column_text(st, i));
}

/* A row of TRAJ_COLS as a registration. */
static void read_row(sqlite3_stmt *st, lw_trajectory *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	copy_col(st, 1, t->covenant, sizeof t->covenant);
	if (sqlite3_column_bytes(st, 2) == 32)
		memcpy(t->pseudonym, sqlite3_column_blob(st, 2), 32);
	t->kind = col_code(st, 3, lw_monitor_kinds());
	copy_col(st, 4, t->crebo, sizeof t->crebo);
	t->level = col_code(st, 5, lw_monitor_levels());
	t->sector = col_code(st, 6, lw_monitor_sectors());
	copy_col(st, 7, t->municipality, sizeof t->municipality);
	copy_col(st, 8, t->postcode, sizeof t->postcode);
	copy_col(st, 9, t->region, sizeof t->region);
	copy_col(st, 10, t->start, sizeof t->start);
	t->status = col_code(st, 11, lw_monitor_statuses());
	copy_col(st, 12, t->status_date, sizeof t->status_date);
	t->outcome = sqlite3_column_type(st, 13) == SQLITE_NULL
	                 ? -1
	                 : col_code(st, 13, lw_monitor_outcomes());
	t->groups = (unsigned)sqlite3_column_int64(st, 14);
	t->age = sqlite3_column_int(st, 15);
	t->duplicate = sqlite3_column_int(st, 16);
	t->match_key = sqlite3_column_int64(st, 17);
}

static const char *qualification(const lw_trajectory *t)
{
	return t->crebo[0] ? t->crebo : lw_monitor_levels()[t->level].code;
}

/* 1 when a and b are registrations of the same person, kind and qualification. */
static int same_group(const lw_trajectory *a, const lw_trajectory *b)
{
	return memcmp(a->pseudonym, b->pseudonym, 32) == 0 && a->kind == b->kind &&
	       strcmp(qualification(a), qualification(b)) == 0;
}

/* 1 when a and b say the same of one registration. */
static int same_facts(const lw_trajectory *a, const lw_trajectory *b)
{
	return !strcmp(a->crebo, b->crebo) && a->level == b->level && a->sector == b->sector &&
	       !strcmp(a->municipality, b->municipality) && !strcmp(a->postcode, b->postcode) &&
	       !strcmp(a->region, b->region) && a->status == b->status &&
	       !strcmp(a->status_date, b->status_date) && a->outcome == b->outcome &&
	       a->groups == b->groups && a->age == b->age;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Binds t as ?(at+1)..?(at+18) of the insert and update statements (each takes what it names). */
static void bind_traj_at(sqlite3_stmt *st, int at, const lw_trajectory *t);

static void bind_traj(sqlite3_stmt *st, const lw_trajectory *t)
{
	bind_traj_at(st, 0, t);
}

static void bind_traj_at(sqlite3_stmt *st, int at, const lw_trajectory *t)
{
	sqlite3_bind_text(st, at + 1, t->covenant, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, at + 2, t->pseudonym, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, at + 3, t->match_key);
	sqlite3_bind_text(st, at + 4, lw_monitor_kinds()[t->kind].code, -1, SQLITE_STATIC);
	bind_opt(st, at + 5, t->crebo);
	sqlite3_bind_text(st, at + 6, lw_monitor_levels()[t->level].code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 7, lw_monitor_sectors()[t->sector].code, -1, SQLITE_STATIC);
	bind_opt(st, at + 8, t->municipality);
	bind_opt(st, at + 9, t->postcode);
	sqlite3_bind_text(st, at + 10, t->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 11, t->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, at + 12, lw_monitor_statuses()[t->status].code, -1, SQLITE_STATIC);
	bind_opt(st, at + 13, t->status_date);
	bind_opt(st, at + 14, t->outcome >= 0 ? lw_monitor_outcomes()[t->outcome].code : NULL);
	sqlite3_bind_int64(st, at + 15, t->groups);
	sqlite3_bind_int(st, at + 16, t->age);
	sqlite3_bind_int(st, at + 17, t->duplicate);
	sqlite3_bind_int64(st, at + 18, t->id);
}

/* Runs a bound write statement once. */
static int run(lw_monitor_reg *r, sqlite3_stmt *st, lw_err *err)
{
	int rc = sqlite3_step(st); /* every parameter is bound again before the next */
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? LW_OK
	                         : lw_store_fail(r->store, err, "traject schrijven mislukt");
}

/* A group of registrations of one person, kind and qualification. */
typedef struct group {
	lw_trajectory *m;
	size_t n, cap;
} group;

static int group_add(group *g, const lw_trajectory *t)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4;
		lw_trajectory *m = lw_realloc(g->m, cap * sizeof *m);
		if (!m)
			return LW_ENOMEM;
		g->m = m;
		g->cap = cap;
	}
	g->m[g->n++] = *t;
	return LW_OK;
}

/* ---- the match keys in memory (bulk writes) ------------------------------------- */

/* The place of key in the table: its own, or the free one where it belongs. */
static size_t key_place(const lw_monitor_reg *r, int64_t key)
{
	uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15u;
	size_t mask = r->capkeys - 1, i = (size_t)(h >> 20) & mask;
	while (r->keys[i] && r->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static int key_add(lw_monitor_reg *r, int64_t key)
{
	if (!key) {
		r->has_zero_key = 1;
		return LW_OK;
	}
	if (2 * (r->nkeys + 1) > r->capkeys) {
		size_t old = r->capkeys;
		int64_t *was = r->keys;
		r->capkeys = old ? 2 * old : 1 << 16;
		if (!(r->keys = lw_calloc(r->capkeys, sizeof *r->keys))) {
			r->keys = was;
			r->capkeys = old;
			return LW_ENOMEM;
		}
		for (size_t i = 0; i < old; i++)
			if (was[i])
				r->keys[key_place(r, was[i])] = was[i];
		lw_free(was);
	}
	size_t i = key_place(r, key);
	r->nkeys += !r->keys[i];
	r->keys[i] = key;
	return LW_OK;
}

static int key_known(const lw_monitor_reg *r, int64_t key)
{
	return key ? r->keys[key_place(r, key)] != 0 : r->has_zero_key;
}

/* Reads every match key of the store into memory. */
static int load_keys(lw_monitor_reg *r, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(r->store, &st, "SELECT match_key FROM trajectory", err), step;
	r->capkeys = 1 << 16;
	if (rc == LW_OK && !(r->keys = lw_calloc(r->capkeys, sizeof *r->keys)))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (key_add(r, sqlite3_column_int64(st, 0)) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "trajecten lezen mislukt");
	sqlite3_finalize(st);
	return rc;
}

void lw_monitor_reg_bulk(lw_monitor_reg *r)
{
	r->bulk = 1;
}

static int refs_reserve(lw_monitor_reg *r, size_t n, lw_err *err);

/*
 * At most a quarter of the machine's memory for the match table: a guess
 * of the rows to come is only a guess, and the table is filled at random,
 * so each of its pages gets used.
 */
static size_t refs_guess_max(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || page <= 0)
		return 0;
	uint64_t room = (uint64_t)pages * (uint64_t)page / 4 / sizeof(mon_ref) * 7 / 10;
	return room > MON_REF_ID_MAX / 2 ? (size_t)(MON_REF_ID_MAX / 2) : (size_t)room;
}

void lw_monitor_reg_expect(lw_monitor_reg *r, size_t more)
{
	size_t stored = (size_t)(r->next_id - 1), max = refs_guess_max();
	size_t room = stored < max ? max - stored : 0;
	r->expect_total = more < room ? stored + more : max;
	/* Set aside already: room now (memory only, the import's own thread). */
	if (r->deferred)
		refs_reserve(r, r->expect_total, NULL); /* too little room only grows later */
}

/* 1 when the store may hold registrations with t's match key. */
static int maybe_known(lw_monitor_reg *r, int64_t key, int *rc, lw_err *err)
{
	/* Worth it once the writes are a good part of what the store holds. */
	if (r->bulk && !r->keys && r->written >= 20000 + r->base_id / 8)
		*rc = load_keys(r, err);
	return !r->keys || key_known(r, key);
}

/* ---- deferred: the index set aside, every match key and id in memory ------------ */

/*
 * The fingerprint of a registration within its group: 24 bits of FNV-1a over
 * covenant and start date. Two registrations of one group with another
 * fingerprint are other registrations; the same fingerprint is asked of
 * the store.
 */
static uint64_t reg_fp(const char *covenant, const char *start)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *c = (const unsigned char *)covenant; *c; c++)
		h = (h ^ *c) * 0x100000001b3u;
	h = (h ^ 0x100) * 0x100000001b3u; /* a separator no byte is */
	for (const unsigned char *c = (const unsigned char *)start; *c; c++)
		h = (h ^ *c) * 0x100000001b3u;
	return h >> MON_REF_ID_BITS; /* the top 24 bits */
}

/*
 * Asks the kernel for huge pages under a large table that is read at
 * random (the match table: 268 MB at ten million): with 4 KiB pages
 * nearly every look misses the TLB. Only a hint; without transparent huge
 * pages nothing changes.
 */
static void huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1), to = ((uintptr_t)p + n) & ~(huge - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

static void ref_put(mon_ref *refs, size_t mask, size_t home, mon_ref e)
{
	size_t i = home;
	while (refs[i].id_fp)
		i = (i + 1) & mask;
	refs[i] = e;
}

/*
 * Makes room in the match table for n entries in all, at most 70% full: a
 * miss, the usual answer, then ends soon. Growing moves every entry, and
 * each size is new memory: the table is sized for what is expected at once.
 */
static int refs_reserve(lw_monitor_reg *r, size_t n, lw_err *err)
{
	if (10 * n <= 7 * r->caprefs)
		return LW_OK;
	size_t cap = r->caprefs ? r->caprefs : 1 << 16;
	while (10 * n > 7 * cap)
		cap *= 2;
	mon_ref *refs = lw_calloc(cap, sizeof *refs), *was = r->refs;
	if (!refs)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	huge_pages(refs, cap * sizeof *refs);
	size_t old = r->caprefs;
	r->refs = refs;
	r->caprefs = cap;
	for (size_t i = 0; i < old; i++)
		if (was[i].id_fp)
			ref_put(refs, cap - 1, mon_ref_home(r, was[i].key), was[i]);
	lw_free(was);
	return LW_OK;
}

/* Remembers that registration id of group key, with fingerprint fp, is stored. */
static int ref_add(lw_monitor_reg *r, int64_t key, int64_t id, uint64_t fp, lw_err *err)
{
	if (id < 1 || id > MON_REF_ID_MAX)
		return lw_err_set(err, LW_ELIMIT, "traject %lld: het nummer is te groot",
		                  (long long)id);
	int rc = refs_reserve(r, r->nrefs + 1, err);
	if (rc != LW_OK)
		return rc;
	ref_put(r->refs, r->caprefs - 1, mon_ref_home(r, key),
	        (mon_ref){key, fp << MON_REF_ID_BITS | (uint64_t)id});
	r->nrefs++;
	return LW_OK;
}

/*
 * The ids of the stored registrations with match key key: the first max
 * into ids; returns how many there are. *same: one of them has fingerprint fp.
 */
static size_t ref_find(const lw_monitor_reg *r, int64_t key, uint64_t fp, int64_t *ids, size_t max,
                       int *same)
{
	size_t n = 0, mask = r->caprefs - 1;
	*same = 0;
	for (size_t i = mon_ref_home(r, key); r->refs[i].id_fp; i = (i + 1) & mask) {
		if (r->refs[i].key != key)
			continue;
		if (n < max)
			ids[n] = (int64_t)(r->refs[i].id_fp & MON_REF_ID_MAX);
		n++;
		*same |= r->refs[i].id_fp >> MON_REF_ID_BITS == fp;
	}
	return n;
}

#define DEFERRED_CACHE_KIB (64 * 1024) /* while the writes only append */
#define SORT_CACHE_KIB 2048              /* while the index is built: the sorter's pieces */

/* Lowers the store's page cache to kib KiB, when it is larger. */
static int shrink_cache(lw_monitor_reg *r, int kib, lw_err *err)
{
	int64_t now;
	int rc = lw_store_cache_kib(r->store, &now, err);
	if (rc == LW_OK && now > kib)
		rc = lw_store_set_cache(r->store, kib, err);
	return rc;
}

/*
 * Sets the index trajectory_match aside, when the store has one as the
 * schema made it: reads every registration's match key, id and
 * fingerprint into memory, drops the index (in the transaction: a
 * rollback brings it back) and starts the writer thread.
 */
static int defer_index(lw_monitor_reg *r, lw_err *err)
{
	sqlite3_stmt *st;
	r->no_defer = 1; /* once */
	int rc = lw_store_prepare(r->store, &st,
	                          "SELECT sql FROM sqlite_schema WHERE type = 'index' AND "
	                          "name = 'trajectory_match' AND tbl_name = 'trajectory'",
	                          err),
	    step = SQLITE_DONE;
	if (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    !(r->match_sql = lw_strdup((const char *)sqlite3_column_text(st, 0))))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "schema lezen mislukt");
	sqlite3_finalize(st);
	if (rc != LW_OK || !r->match_sql || r->next_id > MON_REF_ID_MAX / 2)
		return rc; /* no such index, or ids that do not fit: stay as we are */
	/* Room for the stored registrations and those to come, as far as the
	 * caller knows (lw_monitor_reg_expect, maybe later); when the guess
	 * does not fit in memory, room for what is stored. */
	size_t stored = (size_t)(r->next_id - 1);
	if ((r->expect_total <= stored || refs_reserve(r, r->expect_total, NULL) != LW_OK) &&
	    (rc = refs_reserve(r, stored, err)) != LW_OK)
		return rc;
	rc = lw_store_prepare(r->store, &st,
	                      "SELECT match_key, id, covenant_code, start_date FROM trajectory",
	                      err);
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cov = (const char *)sqlite3_column_text(st, 2);
		const char *start = (const char *)sqlite3_column_text(st, 3);
		rc = ref_add(r, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		             reg_fp(cov ? cov : "", start ? start : ""), err);
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "trajecten lezen mislukt");
	sqlite3_finalize(st);
	/* The checks ask the store nothing while the thread writes. */
	if (rc == LW_OK && !r->postcodes_complete)
		rc = mon_postcodes_load(r, err);
	if (rc == LW_OK)
		rc = lw_store_exec(r->store, "DROP INDEX trajectory_match", err);
	/* From here on the writes append: a page is finished once the next is
	 * begun, and a large cache would only be new memory to fill. */
	if (rc == LW_OK)
		rc = shrink_cache(r, DEFERRED_CACHE_KIB, err);
	if (rc != LW_OK)
		return rc;
	r->deferred = 1;
	lw_free(r->keys); /* refs knows more */
	r->keys = NULL;
	r->capkeys = r->nkeys = 0;
	mon_writer_start(r); /* without a thread, the writes run here */
	return LW_OK;
}

/*
 * Builds the index again (the flush). SQLite's sorter sorts in pieces the
 * size of the page cache (when temporary storage is in files: the import
 * asks for that, lw_store_set_large_sorts): with the import's large cache
 * it would sort every key as one list, a cache miss per comparison. So
 * the cache is small while the index is built; the pages it holds are
 * written out meanwhile (into the WAL or the file), as at the commit.
 */
static int restore_index(lw_monitor_reg *r, lw_err *err)
{
	int64_t kib;
	int rc = lw_store_cache_kib(r->store, &kib, err);
	if (rc != LW_OK)
		return rc;
	rc = lw_store_set_cache(r->store, SORT_CACHE_KIB, err);
	if (rc == LW_OK)
		rc = lw_store_exec(r->store, r->match_sql, err);
	int back = lw_store_set_cache(r->store, (int)kib, rc == LW_OK ? err : NULL);
	if (rc == LW_OK)
		rc = back;
	if (rc != LW_OK)
		return rc;
	r->deferred = 0;
	lw_free(r->refs);
	r->refs = NULL;
	r->nrefs = r->caprefs = 0;
	return LW_OK;
}

/* ---- groups ------------------------------------------------------------------------ */

/* Reads registration id into g when it is in t's group. */
static int load_member(lw_monitor_reg *r, int64_t id, const lw_trajectory *t, group *g,
                       lw_err *err)
{
	sqlite3_stmt *st = r->by_id;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st), rc = LW_OK;
	if (step == SQLITE_ROW) {
		lw_trajectory m;
		read_row(st, &m);
		if (same_group(&m, t) && group_add(g, &m) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	} else if (step != SQLITE_DONE) {
		rc = lw_store_fail(r->store, err, "trajecten opvragen mislukt");
	}
	sqlite3_reset(st);
	return rc;
}

/* The stored registrations in t's group. */
static int load_group(lw_monitor_reg *r, const lw_trajectory *t, group *g, lw_err *err)
{
	int rc = LW_OK, same;
	if (r->deferred) { /* by id: the index is not there */
		int64_t few[16], *ids = few;
		size_t n = ref_find(r, t->match_key, 0, few, 16, &same);
		if (n > 16) {
			if (!(ids = lw_malloc(n * sizeof *ids)))
				return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			ref_find(r, t->match_key, 0, ids, n, &same);
		}
		for (size_t i = 0; i < n && rc == LW_OK; i++)
			rc = load_member(r, ids[i], t, g, err);
		if (ids != few)
			lw_free(ids);
		return rc;
	}
	if (!maybe_known(r, t->match_key, &rc, err) || rc != LW_OK)
		return rc;
	/* Most registrations are a group of their own: ask the index alone first. */
	sqlite3_bind_int64(r->probe, 1, t->match_key);
	int step = sqlite3_step(r->probe);
	sqlite3_reset(r->probe);
	if (step == SQLITE_DONE)
		return LW_OK;
	if (step != SQLITE_ROW)
		return lw_store_fail(r->store, err, "trajecten opvragen mislukt");
	sqlite3_stmt *st = r->group;
	sqlite3_bind_int64(st, 1, t->match_key);
	lw_trajectory m;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &m);
		if (same_group(&m, t) && group_add(g, &m) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "trajecten opvragen mislukt");
	sqlite3_reset(st);
	return rc;
}

/* Earliest start first; on the same day, the covenant code decides. */
static int by_start(const void *a, const void *b)
{
	const lw_trajectory *x = a, *y = b;
	int c = strcmp(x->start, y->start);
	return c ? c : strcmp(x->covenant, y->covenant);
}

/*
 * The duplicate flags of a group: the first counts nationally (0); the
 * first of each other covenant counts for that covenant (1); the rest of a
 * covenant's registrations count nowhere (2). Sorts g.
 */
static void group_flags(group *g, int *flags)
{
	qsort(g->m, g->n, sizeof *g->m, by_start);
	for (size_t i = 0; i < g->n; i++) {
		size_t j = 0;
		while (j < i && strcmp(g->m[j].covenant, g->m[i].covenant) != 0)
			j++;
		flags[i] = i == 0 ? 0 : j < i ? 2 : 1;
	}
}

/* ---- tags: what this registrar wrote --------------------------------------- */

static int remember(lw_monitor_reg *r, int64_t id, int64_t tag)
{
	if (id > r->base_id && (size_t)(id - r->base_id - 1) == r->nadded) {
		if (r->nadded == r->capadded) {
			size_t cap = r->capadded ? 2 * r->capadded : 1024;
			int64_t *a = lw_realloc(r->added, cap * sizeof *a);
			if (!a)
				return LW_ENOMEM;
			r->added = a;
			r->capadded = cap;
		}
		r->added[r->nadded++] = tag;
		return LW_OK;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return lw_strmap_put(r->updated, key, tag, NULL) < 0 ? LW_ENOMEM : LW_OK;
}

/* 1 and *tag when this registrar wrote registration id. */
static int written(const lw_monitor_reg *r, int64_t id, int64_t *tag)
{
	if (id > r->base_id && (size_t)(id - r->base_id - 1) < r->nadded) {
		*tag = r->added[id - r->base_id - 1];
		return 1;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return lw_strmap_get(r->updated, key, tag);
}

/* ---- writing ---------------------------------------------------------------- */

/* The counts follow a registration from old (NULL: none) to new (NULL: none). */
static int recount(lw_monitor_reg *r, const lw_trajectory *old, const lw_trajectory *new_,
                   lw_err *err)
{
	mon_facts f;
	if (old) {
		mon_facts_of(r, old, &f);
		if (mon_agg_add(r->agg, &f, -1) != LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (new_) {
		mon_facts_of(r, new_, &f);
		if (mon_agg_add(r->agg, &f, 1) != LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	return LW_OK;
}

/* Updates the stored registration same to t's facts. */
static int write_update(lw_monitor_reg *r, const lw_trajectory *same, lw_trajectory *t, int *what,
                        lw_err *err)
{
	t->id = same->id;
	t->duplicate = same->duplicate;
	if (same_facts(same, t)) {
		*what = LW_MON_UNCHANGED;
		return LW_OK;
	}
	*what = LW_MON_CHANGED;
	bind_traj(r->update, t);
	int rc = run(r, r->update, err);
	return rc == LW_OK ? recount(r, same, t, err) : rc;
}

/*
 * Inserts new registration t (its id set) into its group g (the stored
 * members) and gives every member its flag again; the counts follow.
 * Sorts g; *counted: the covenant of the registration that counts
 * nationally (NULL: not wanted).
 */
static int group_flag(lw_monitor_reg *r, group *g, lw_trajectory *t, int insert, char *counted,
                      lw_err *err);

static int group_insert(lw_monitor_reg *r, group *g, lw_trajectory *t, char *counted,
                        lw_err *err)
{
	return group_flag(r, g, t, 1, counted, err);
}

/*
 * group_insert, or (insert 0) all of it but t's insert and count: t gets
 * its flag, the others theirs in the store, and the caller writes t.
 */
/* Inserts t and counts it. */
static int insert_counted(lw_monitor_reg *r, const lw_trajectory *t, lw_err *err)
{
	bind_traj(r->insert, t);
	int rc = run(r, r->insert, err);
	return rc == LW_OK ? recount(r, NULL, t, err) : rc;
}

static int group_flag(lw_monitor_reg *r, group *g, lw_trajectory *t, int insert, char *counted,
                      lw_err *err)
{
	int rc = LW_OK;
	if (!g->n) { /* the first of its group: it counts nationally */
		t->duplicate = 0;
		if (insert)
			rc = insert_counted(r, t, err);
		if (counted)
			memcpy(counted, t->covenant, sizeof t->covenant);
		return rc;
	}
	int *flags = lw_calloc(g->n + 1, sizeof *flags);
	if (!flags || group_add(g, t) != LW_OK) {
		lw_free(flags);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	group_flags(g, flags);
	for (size_t i = 0; i < g->n && rc == LW_OK; i++) {
		lw_trajectory *m = &g->m[i];
		if (m->id == t->id) { /* t itself */
			t->duplicate = m->duplicate = flags[i];
			if (insert)
				rc = insert_counted(r, t, err);
		} else if (m->duplicate != flags[i]) {
			lw_trajectory before = *m;
			m->duplicate = flags[i];
			sqlite3_bind_int64(r->set_dup, 1, m->id);
			sqlite3_bind_int(r->set_dup, 2, flags[i]);
			if ((rc = run(r, r->set_dup, err)) == LW_OK)
				rc = recount(r, &before, m, err);
		}
	}
	if (rc == LW_OK && counted)
		snprintf(counted, 65, "%s", g->m[0].covenant);
	lw_free(flags);
	return rc;
}

/* What the registrar knows once t (its id set) is stored. */
static int note_added(lw_monitor_reg *r, const lw_trajectory *t, int64_t tag, lw_err *err)
{
	int rc = LW_OK;
	if (r->deferred)
		rc = ref_add(r, t->match_key, t->id, reg_fp(t->covenant, t->start), err);
	else if (r->keys && key_add(r, t->match_key) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK && remember(r, t->id, tag) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return rc;
}

/* A write decided here, with its group read from the store. */
static int write_here(lw_monitor_reg *r, lw_trajectory *t, int64_t tag, int *what,
                      lw_monitor_problems *p, lw_err *err)
{
	group g = {NULL, 0, 0};
	int rc = load_group(r, t, &g, err);
	const lw_trajectory *same = NULL;
	for (size_t i = 0; rc == LW_OK && i < g.n && !same; i++)
		if (!strcmp(g.m[i].covenant, t->covenant) && !strcmp(g.m[i].start, t->start))
			same = &g.m[i];
	int64_t first;
	if (rc == LW_OK && same && written(r, same->id, &first)) {
		mon_problem(p, -1,
		            "dit traject staat al op regel %lld (zelfde convenant, persoon, soort, "
		            "kwalificatie en startdatum)",
		            (long long)first);
		rc = lw_err_set(err, LW_EINPUT, "%s", p->e[0].msg);
	} else if (rc == LW_OK && same) {
		rc = write_update(r, same, t, what, err);
		for (size_t i = 0; i < g.n; i++)
			if (g.m[i].duplicate == 0)
				snprintf(r->counted_by, sizeof r->counted_by, "%s",
				         g.m[i].covenant);
		if (rc == LW_OK && remember(r, t->id, tag) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	} else if (rc == LW_OK) {
		t->id = r->next_id++;
		*what = LW_MON_ADDED;
		if ((rc = group_insert(r, &g, t, r->counted_by, err)) == LW_OK)
			rc = note_added(r, t, tag, err);
	}
	lw_free(g.m);
	return rc;
}

/*
 * The writer thread's part of a registration that joins a group: reads
 * the group's stored registrations, gives them their flags again, and
 * sets op's own (op is written later, with others).
 */
static int group_op(lw_monitor_reg *r, mon_op *op, lw_err *err)
{
	group g = {NULL, 0, 0};
	int rc = LW_OK;
	for (int i = 0; i < op->nmembers && rc == LW_OK; i++)
		rc = load_member(r, op->members[i], &op->t, &g, err);
	if (rc == LW_OK)
		rc = group_flag(r, &g, &op->t, 0, NULL, err);
	lw_free(g.m);
	return rc;
}

int lw_monitor_reg_write(lw_monitor_reg *r, lw_trajectory *t, int64_t tag, int *what,
                         lw_monitor_problems *p, lw_err *err)
{
	p->n = 0; /* the problems are e[0..n) */
	r->counted_by[0] = 0;
	t->id = 0;
	int rc = LW_OK;
	r->written += r->bulk;
	if (r->bulk && !r->no_defer && r->written >= 64 && r->written >= 2 * r->base_id)
		rc = defer_index(r, err);
	if (rc != LW_OK)
		return rc;
	if (!r->writer)
		return write_here(r, t, tag, what, p, err);
	/*
	 * The writer thread runs the statements. A registration that is not in
	 * the store (no stored registration of its group has its fingerprint)
	 * is new: decided here, written there, in order. Anything else waits
	 * until the thread has written all before it, and is decided here.
	 */
	mon_op op;
	int same;
	uint64_t fp = reg_fp(t->covenant, t->start);
	size_t n = ref_find(r, t->match_key, fp, op.members, MON_OP_MEMBERS, &same);
	if (same || n > MON_OP_MEMBERS) {
		if ((rc = mon_writer_sync(r, err)) != LW_OK)
			return rc;
		return write_here(r, t, tag, what, p, err);
	}
	t->id = r->next_id++;
	t->duplicate = n ? -1 : 0; /* joining a group: the thread decides */
	if (!n)
		memcpy(r->counted_by, t->covenant, sizeof r->counted_by);
	*what = LW_MON_ADDED;
	op.t = *t;
	op.nmembers = (int)n;
	if ((rc = note_added(r, t, tag, err)) == LW_OK)
		rc = mon_writer_put(r, &op, err);
	sodium_memzero(op.t.pseudonym, sizeof op.t.pseudonym);
	return rc;
}

static void *count_main(void *agg)
{
	mon_agg_count(agg); /* a failure is met again in mon_agg_flush, with its message */
	return NULL;
}

int lw_monitor_reg_flush(lw_monitor_reg *r, lw_err *err)
{
	int rc = r->writer ? mon_writer_stop(r, err) : LW_OK;
	if (rc == LW_OK && r->deferred) {
		/* The counts are counted meanwhile, on a thread (stored below). */
		pthread_t counter;
		int counting = pthread_create(&counter, NULL, count_main, r->agg) == 0;
		rc = restore_index(r, err);
		if (counting)
			pthread_join(counter, NULL);
	}
	if (rc == LW_OK)
		rc = mon_agg_flush(r->agg, r->store, err);
	return rc;
}

/* ---- the writer thread ------------------------------------------------------------ */

/*
 * While the index is set aside, the statements of the writes run on a
 * thread of their own, so that they overlap with reading and checking the
 * next rows (the import's other half). The registrar hands the thread
 * chunks of writes; the thread alone uses the store until the registrar
 * syncs (every write handed over is done, the thread waits), after which
 * the registrar may use the store itself until it hands over the next.
 */
#define WRITER_CHUNK 256
#define WRITER_CHUNKS 8
#define WRITER_ROWS 16 /* registrations per INSERT statement */

struct mon_writer {
	lw_monitor_reg *r;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	mon_op *ops; /* WRITER_CHUNKS chunks of WRITER_CHUNK */
	sqlite3_stmt *many; /* WRITER_ROWS registrations at once, or NULL */
	mon_op pending[WRITER_ROWS]; /* first registrations held back (the thread's) */
	size_t npending;
	size_t fill[WRITER_CHUNKS];
	uint64_t published, consumed; /* chunks handed over, chunks done */
	size_t filling;               /* writes in the chunk being filled (the registrar's) */
	int stop;
	int rc; /* the thread's first failure, in err */
	lw_err err;
};

/* Forgets the registrations held back (after a failure). */
static void writer_discard(mon_writer *w)
{
	for (size_t j = 0; j < w->npending; j++)
		sodium_memzero(w->pending[j].t.pseudonym, sizeof w->pending[j].t.pseudonym);
	w->npending = 0;
}

/* Writes the registrations held back (the first of their groups), WRITER_ROWS at a time. */
static int writer_drain(mon_writer *w, lw_err *err)
{
	lw_monitor_reg *r = w->r;
	int rc = LW_OK;
	size_t n = w->npending;
	w->npending = 0;
	if (n == WRITER_ROWS && w->many) {
		for (size_t j = 0; j < n; j++)
			bind_traj_at(w->many, (int)(18 * j), &w->pending[j].t);
		rc = run(r, w->many, err);
		for (size_t j = 0; j < n && rc == LW_OK; j++)
			rc = recount(r, NULL, &w->pending[j].t, err);
	} else {
		for (size_t j = 0; j < n && rc == LW_OK; j++) {
			bind_traj(r->insert, &w->pending[j].t);
			if ((rc = run(r, r->insert, err)) == LW_OK)
				rc = recount(r, NULL, &w->pending[j].t, err);
		}
	}
	for (size_t j = 0; j < n; j++) /* no pseudonym stays behind */
		sodium_memzero(w->pending[j].t.pseudonym, sizeof w->pending[j].t.pseudonym);
	return rc;
}

/*
 * Writes ops[0..n) in order. The registrations are held back and go
 * WRITER_ROWS at a time into one statement: SQLite's cost per statement
 * (its program's start and end) is then paid once for them. One that
 * joins a group first reads the group's stored registrations (after
 * writing those held back when one of them is among them) and gives them
 * their flags again; then it is held back with its own.
 */
static int writer_run(mon_writer *w, mon_op *ops, size_t n, lw_err *err)
{
	int rc = LW_OK;
	for (size_t i = 0; i < n && rc == LW_OK; i++) {
		mon_op *op = &ops[i];
		if (op->nmembers) {
			int held = 0; /* is one of its group still held back? */
			for (int m = 0; m < op->nmembers && w->npending && !held; m++)
				held = op->members[m] >= w->pending[0].t.id;
			if (held)
				rc = writer_drain(w, err);
			if (rc == LW_OK)
				rc = group_op(w->r, op, err);
		}
		if (rc != LW_OK)
			break;
		w->pending[w->npending++] = *op;
		if (w->npending == WRITER_ROWS)
			rc = writer_drain(w, err);
	}
	return rc;
}

static void *writer_main(void *arg)
{
	mon_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->stop && w->consumed == w->published)
			pthread_cond_wait(&w->work, &w->mu);
		if (w->consumed == w->published)
			break; /* stopped, nothing left */
		size_t at = (size_t)(w->consumed % WRITER_CHUNKS), n = w->fill[at];
		int failed = w->rc != LW_OK;
		pthread_mutex_unlock(&w->mu);
		lw_err err;
		int rc = LW_OK;
		mon_op *ops = w->ops + at * WRITER_CHUNK;
		if (!failed)
			rc = writer_run(w, ops, n, &err);

		for (size_t i = 0; i < n; i++) /* no pseudonym stays behind */
			sodium_memzero(ops[i].t.pseudonym, sizeof ops[i].t.pseudonym);
		pthread_mutex_lock(&w->mu);
		if (w->consumed + 1 == w->published && w->npending) {
			/* Nothing more handed over: what is held back goes now, so
			 * that a sync finds everything written. */
			pthread_mutex_unlock(&w->mu);
			if (!failed && rc == LW_OK)
				rc = writer_drain(w, &err);
			else
				writer_discard(w);
			pthread_mutex_lock(&w->mu);
		}
		if (rc != LW_OK && w->rc == LW_OK) {
			w->rc = rc;
			w->err = err;
		}
		w->consumed++;
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	writer_discard(w); /* nothing, unless after a failure */
	return NULL;
}

/*
 * The schema's CHECKs, set aside (off) while the thread writes: every
 * value it writes passed the registrar's own checks of the same rules
 * (check.c, a superset: codes, real dates, their order, status date and
 * outcome by status), and SQLite evaluating them again was a visible part
 * of the thread's time. A prepared statement is compiled
 * with or without them, so they are off before the thread's statements
 * are prepared, and on again for everything after, also when the thread
 * does not start (test_bulk_import checks that they are).
 */
static void schema_checks(lw_monitor_reg *r, int on)
{
	lw_store_exec(r->store,
	              on ? "PRAGMA ignore_check_constraints=0" : "PRAGMA ignore_check_constraints=1",
	              NULL);
}

static int mon_writer_start(lw_monitor_reg *r)
{
	mon_writer *w = lw_calloc(1, sizeof *w);
	if (!w || !(w->ops = lw_calloc((size_t)WRITER_CHUNKS * WRITER_CHUNK, sizeof *w->ops))) {
		lw_free(w);
		return LW_ENOMEM;
	}
	w->r = r;
	lw_buf sql = LW_BUF_INIT;
	lw_err ignored;
	schema_checks(r, 0);
	lw_buf_puts(&sql, "INSERT INTO trajectory(id, covenant_code, pseudonym, match_key, kind, "
	                  "crebo, level, sector, municipality_code, postcode, region_code, "
	                  "start_date, status, status_date, outcome, target_groups, age, "
	                  "duplicate) VALUES");
	for (int j = 0; j < WRITER_ROWS; j++) {
		lw_buf_printf(&sql, "%s(?%d", j ? ", " : "", 18 * j + 18);
		for (int c = 1; c <= 17; c++)
			lw_buf_printf(&sql, ", ?%d", 18 * j + c);
		lw_buf_putc(&sql, ')');
	}
	if (lw_store_prepare(r->store, &w->many, lw_buf_cstr(&sql), &ignored) != LW_OK)
		w->many = NULL; /* one at a time, then */
	lw_buf_free(&sql);
	if (pthread_mutex_init(&w->mu, NULL) != 0) {
		sqlite3_finalize(w->many);
		lw_free(w->ops);
		lw_free(w);
		schema_checks(r, 1);
		return LW_EIO;
	}
	if (pthread_cond_init(&w->work, NULL) != 0 || pthread_cond_init(&w->done, NULL) != 0 ||
	    pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pthread_mutex_destroy(&w->mu);
		sqlite3_finalize(w->many);
		lw_free(w->ops);
		lw_free(w);
		schema_checks(r, 1);
		return LW_EIO;
	}
	r->writer = w;
	return LW_OK;
}

/* The thread's failure (under the lock), copied into err. */
static int writer_failure(mon_writer *w, lw_err *err)
{
	if (w->rc != LW_OK && err)
		*err = w->err;
	return w->rc;
}

/* Hands the chunk being filled to the thread and waits for a free one. */
static int writer_publish(mon_writer *w, lw_err *err)
{
	pthread_mutex_lock(&w->mu);
	w->fill[w->published % WRITER_CHUNKS] = w->filling;
	w->published++;
	pthread_cond_signal(&w->work);
	while (w->published - w->consumed >= WRITER_CHUNKS)
		pthread_cond_wait(&w->done, &w->mu);
	int rc = writer_failure(w, err);
	pthread_mutex_unlock(&w->mu);
	w->filling = 0;
	return rc;
}

static int mon_writer_put(lw_monitor_reg *r, const mon_op *op, lw_err *err)
{
	mon_writer *w = r->writer;
	w->ops[(size_t)(w->published % WRITER_CHUNKS) * WRITER_CHUNK + w->filling++] = *op;
	return w->filling == WRITER_CHUNK ? writer_publish(w, err) : LW_OK;
}

static int mon_writer_sync(lw_monitor_reg *r, lw_err *err)
{
	mon_writer *w = r->writer;
	int rc = w->filling ? writer_publish(w, err) : LW_OK;
	pthread_mutex_lock(&w->mu);
	while (w->consumed != w->published)
		pthread_cond_wait(&w->done, &w->mu);
	if (rc == LW_OK)
		rc = writer_failure(w, err);
	pthread_mutex_unlock(&w->mu);
	return rc;
}

static int mon_writer_stop(lw_monitor_reg *r, lw_err *err)
{
	mon_writer *w = r->writer;
	int rc = mon_writer_sync(r, err);
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	pthread_mutex_destroy(&w->mu);
	sqlite3_finalize(w->many);
	lw_free(w->ops);
	lw_free(w);
	r->writer = NULL;
	schema_checks(r, 1);
	return rc;
}

/* ---- one registration -------------------------------------------------------- */

int lw_monitor_register(lw_store *s, const lw_monitor_key *key, const lw_trajectory_in *in,
                        lw_registration *out, lw_monitor_problems *p, lw_err *err)
{
	memset(out, 0, sizeof *out);
	memset(p, 0, sizeof *p);
	lw_monitor_reg *r = NULL;
	int rc = lw_store_begin(s, err);
	if (rc != LW_OK)
		return rc;
	if ((rc = lw_monitor_reg_open(s, key, &r, err)) == LW_OK &&
	    (rc = lw_monitor_reg_check(r, in, &out->t, p, err)) == LW_OK &&
	    (rc = lw_monitor_reg_write(r, &out->t, 1, &out->what, p, err)) == LW_OK &&
	    (rc = lw_monitor_reg_flush(r, err)) == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc == LW_OK && out->t.duplicate)
		snprintf(out->counted_by, sizeof out->counted_by, "%s", r->counted_by);
	if (rc != LW_OK)
		lw_store_rollback(s);
	lw_monitor_reg_free(r);
	sodium_memzero(out->t.pseudonym, sizeof out->t.pseudonym);
	return rc;
}

/* ---- rebuilding ----------------------------------------------------------------- */

typedef struct flag_change {
	int64_t id;
	int flag;
} flag_change;

/* Flags one group (members of one match key may hold several) and counts it. */
static int rebuild_run(lw_monitor_reg *r, group *run_, flag_change **ch, size_t *nch, size_t *capch,
                       lw_err *err)
{
	int *flags = lw_calloc(run_->n, sizeof *flags);
	group g = {NULL, 0, 0};
	int rc = flags ? LW_OK : LW_ENOMEM;
	for (size_t done = 0; rc == LW_OK && done < run_->n;) {
		g.n = 0;
		const lw_trajectory *lead = NULL;
		for (size_t i = 0; i < run_->n && rc == LW_OK; i++) {
			lw_trajectory *m = &run_->m[i];
			if (m->id < 0 || (lead && !same_group(lead, m)))
				continue;
			lead = lead ? lead : m;
			rc = group_add(&g, m);
			m->id = -m->id; /* taken */
			done++;
		}
		if (rc != LW_OK)
			break;
		group_flags(&g, flags);
		for (size_t i = 0; i < g.n && rc == LW_OK; i++) {
			if (g.m[i].duplicate != flags[i]) {
				if (*nch == *capch) {
					size_t cap = *capch ? 2 * *capch : 256;
					flag_change *c = lw_realloc(*ch, cap * sizeof *c);
					if (!c) {
						rc = LW_ENOMEM;
						break;
					}
					*ch = c;
					*capch = cap;
				}
				(*ch)[(*nch)++] = (flag_change){g.m[i].id, flags[i]};
				g.m[i].duplicate = flags[i];
			}
			mon_facts f;
			mon_facts_of(r, &g.m[i], &f);
			if (rc == LW_OK && mon_agg_add(r->agg, &f, 1) != LW_OK)
				rc = LW_ENOMEM;
		}
	}
	lw_free(g.m);
	lw_free(flags);
	return rc == LW_ENOMEM ? lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen") : rc;
}

static int rebuild_scan(lw_monitor_reg *r, flag_change **ch, size_t *nch, size_t *capch,
                        lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
	    r->store, &st, "SELECT " TRAJ_COLS " FROM trajectory ORDER BY match_key, id", err);
	group run_ = {NULL, 0, 0};
	lw_trajectory t;
	int step = SQLITE_DONE;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &t);
		if (run_.n && run_.m[0].match_key != t.match_key) {
			rc = rebuild_run(r, &run_, ch, nch, capch, err);
			run_.n = 0;
		}
		if (rc == LW_OK && group_add(&run_, &t) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(r->store, err, "trajecten lezen mislukt");
	if (rc == LW_OK && run_.n)
		rc = rebuild_run(r, &run_, ch, nch, capch, err);
	lw_free(run_.m);
	sqlite3_finalize(st);
	return rc;
}

int lw_monitor_rebuild(lw_store *s, lw_err *err)
{
	lw_monitor_reg *r = NULL;
	flag_change *ch = NULL;
	size_t nch = 0, capch = 0;
	int rc = lw_store_begin(s, err);
	if (rc != LW_OK)
		return rc;
	if ((rc = lw_monitor_reg_open(s, NULL, &r, err)) == LW_OK &&
	    (rc = lw_store_exec(s, "DELETE FROM monitor_series", err)) == LW_OK)
		rc = rebuild_scan(r, &ch, &nch, &capch, err);
	for (size_t i = 0; rc == LW_OK && i < nch; i++) {
		sqlite3_bind_int64(r->set_dup, 1, ch[i].id);
		sqlite3_bind_int(r->set_dup, 2, ch[i].flag);
		rc = run(r, r->set_dup, err);
	}
	if (rc == LW_OK && (rc = lw_monitor_reg_flush(r, err)) == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc != LW_OK)
		lw_store_rollback(s);
	lw_free(ch);
	lw_monitor_reg_free(r);
	return rc;
}

/*
 * fts5.c - the "leerwerk" tokenizer for SQLite FTS5, on lw_analyze: surface
 * form and stem at the same position in documents; either in queries; the
 * surface form only for prefix queries.
 */
#include "lw_search.h"

#include <pthread.h>
#include <string.h>

typedef struct tokenizer {
	lw_analyzer *a;
} tokenizer;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR; /* the tokenizer takes no options */
	tokenizer *t = lw_calloc(1, sizeof *t);
	if (!t || lw_analyzer_new(&t->a) != LW_OK) {
		lw_free(t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
	tokenizer *t = (tokenizer *)p;
	lw_analyzer_free(t->a);
	lw_free(t);
}

typedef struct emit {
	void *ctx;
	int flags;
	int (*token)(void *, int, const char *, int, int, int);
	int sqlite_rc;
} emit;

static int on_word(void *ud, const char *surface, size_t surface_len, const char *stem,
		   size_t stem_len, size_t start, size_t end)
{
	emit *e = ud;
	e->sqlite_rc = e->token(e->ctx, 0, surface, (int)surface_len, (int)start, (int)end);
	if (e->sqlite_rc != SQLITE_OK)
		return LW_EDB;
	int prefix = (e->flags & FTS5_TOKENIZE_QUERY) && (e->flags & FTS5_TOKENIZE_PREFIX);
	if (prefix || (stem_len == surface_len && memcmp(stem, surface, stem_len) == 0))
		return LW_OK;
	e->sqlite_rc = e->token(e->ctx, FTS5_TOKEN_COLOCATED, stem, (int)stem_len, (int)start,
				(int)end);
	return e->sqlite_rc == SQLITE_OK ? LW_OK : LW_EDB;
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
			int (*token)(void *, int, const char *, int, int, int))
{
	tokenizer *t = (tokenizer *)p;
	emit e = {ctx, flags, token, SQLITE_OK};
	int rc = lw_analyze(t->a, text, n > 0 ? (size_t)n : 0, on_word, &e);
	if (rc == LW_ENOMEM)
		return SQLITE_NOMEM;
	return e.sqlite_rc;
}

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

static int register_db(sqlite3 *db)
{
	fts5_api *api = fts5_of(db);
	if (!api)
		return SQLITE_ERROR;
	fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	return api->xCreateTokenizer(api, "leerwerk", NULL, &tok, NULL);
}

int lw_search_register(lw_store *s, lw_err *err)
{
	if (register_db(lw_store_db(s)) != SQLITE_OK)
		return lw_err_set(err, LW_EDB, "%s: kan de zoekfunctie niet registreren (FTS5)",
				  lw_store_path(s));
	return LW_OK;
}

/* Runs for every connection the process opens after lw_search_init. */
static int auto_entry(sqlite3 *db, char **errmsg, const struct sqlite3_api_routines *api)
{
	(void)errmsg;
	(void)api;
	return register_db(db);
}

static int init_rc;

static void init_once(void)
{
	init_rc = sqlite3_auto_extension((void (*)(void))auto_entry) == SQLITE_OK ? LW_OK
										   : LW_EDB;
}

int lw_search_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_once);
	return init_rc;
}

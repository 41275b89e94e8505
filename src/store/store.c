/* store.c - opening the database, pragmas, migrations, backup. */
#include "lw_store.h"
#include "schema.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_MS 30000 /* the busy timeout */

struct lw_store {
	sqlite3 *db;
	char *path;
	int version;
};

sqlite3 *lw_store_db(lw_store *s)
{
	return s->db;
}

const char *lw_store_path(const lw_store *s)
{
	return s->path;
}

int lw_store_latest_version(void)
{
	return lw_schema_count();
}

const char *lw_store_migration_name(int v)
{
	const lw_migration *m = lw_schema_migration(v);
	return m ? m->name : NULL;
}

int lw_store_version(lw_store *s)
{
	return s->version;
}

int lw_store_fail(lw_store *s, lw_err *err, const char *what)
{
	return lw_err_set(err, LW_EDB, "%s: %s: %s", s->path, what, lw_store_errtext(s));
}

/* Dutch for the SQLite result codes a user may meet; NULL for the rest. */
static const char *code_text(int code)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "de database is bezet: een ander proces schrijft erin (loopt er een "
		       "import?); probeer het zo opnieuw";
	case SQLITE_READONLY: return "de database is alleen-lezen";
	case SQLITE_CANTOPEN: return "kan het databasebestand niet openen";
	case SQLITE_FULL: return "de schijf is vol";
	case SQLITE_IOERR: return "lees- of schrijffout van het systeem";
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return "de database is beschadigd";
	case SQLITE_NOMEM: return "onvoldoende geheugen";
	case SQLITE_PERM:
	case SQLITE_AUTH: return "geen toegang tot de database";
	default: return NULL;
	}
}

const char *lw_store_errtext(lw_store *s)
{
	const char *t = code_text(sqlite3_extended_errcode(s->db));
	return t ? t : sqlite3_errmsg(s->db);
}

int lw_store_exec(lw_store *s, const char *sql, lw_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		const char *dutch = code_text(sqlite3_extended_errcode(s->db));
		lw_err_set(err, LW_EDB, "%s: %s", s->path,
			   dutch ? dutch : msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return LW_EDB;
	}
	return LW_OK;
}

int lw_store_prepare(lw_store *s, sqlite3_stmt **stmt, const char *sql, lw_err *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return lw_store_fail(s, err, "kan opdracht niet voorbereiden");
	}
	return LW_OK;
}

int lw_store_int(lw_store *s, const char *sql, int64_t *out, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, sql, err);
	if (rc != LW_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = LW_OK;
	} else if (step == SQLITE_DONE) {
		*out = 0;
		rc = LW_OK;
	} else {
		rc = lw_store_fail(s, err, "opvragen mislukt");
	}
	sqlite3_finalize(st);
	return rc;
}

int lw_store_counts(lw_store *s, const char *const *sql, long *const *out, size_t n,
		    lw_err *err)
{
	for (size_t i = 0; i < n; i++) {
		int64_t v = 0;
		int rc = lw_store_int(s, sql[i], &v, err);
		if (rc != LW_OK)
			return rc;
		*out[i] = (long)v;
	}
	return LW_OK;
}

int lw_store_begin(lw_store *s, lw_err *err)
{
	return lw_store_exec(s, "BEGIN IMMEDIATE", err);
}

int lw_store_commit(lw_store *s, lw_err *err)
{
	return lw_store_exec(s, "COMMIT", err);
}

void lw_store_rollback(lw_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int mkdir_parent(const char *path)
{
	char *dir = lw_strdup(path);
	if (!dir)
		return LW_ENOMEM;
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p; p++) {
			if (*p == '/') {
				*p = '\0';
				mkdir(dir, 0755);
				*p = '/';
			}
		}
		mkdir(dir, 0755);
	}
	lw_free(dir);
	return LW_OK;
}

/* Reads application_id, user_version and whether any table exists. */
static int identify(lw_store *s, int64_t *app_id, int64_t *version, int64_t *tables, lw_err *err)
{
	if (lw_store_int(s, "PRAGMA application_id", app_id, NULL) != LW_OK) {
		int code = sqlite3_extended_errcode(s->db);
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			return lw_err_set(err, LW_EINPUT,
					  "%s is geen leerwerk-database (geen SQLite-bestand)", s->path);
		return lw_store_fail(s, err, "kan de database niet lezen");
	}
	int rc = lw_store_int(s, "PRAGMA user_version", version, err);
	if (rc == LW_OK)
		rc = lw_store_int(s, "SELECT count(*) FROM sqlite_schema", tables, err);
	return rc;
}

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int lw_store_open(lw_store **out, const char *path, unsigned flags, lw_err *err)
{
	*out = NULL;
	/*
	 * leerwerk does not read SQLite's memory statistics, and keeping them
	 * takes a global mutex on every allocation. This only takes effect
	 * before SQLite initialises; later calls are refused, harmlessly.
	 */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	if (!exists && !(flags & LW_STORE_CREATE))
		return lw_err_set(err, LW_ENOTFOUND,
				  "database %s bestaat niet; maak haar met 'leerwerk db migrate' of "
				  "'leerwerk import reference'",
				  path);
	if (exists && S_ISDIR(sb.st_mode))
		return lw_err_set(err, LW_EINPUT, "%s is een map, geen databasebestand", path);
	if (!exists && mkdir_parent(path) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");

	lw_store *s = lw_calloc(1, sizeof *s);
	if (!s)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	s->path = lw_strdup(path);
	if (!s->path) {
		lw_free(s);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	/*
	 * A reader still opens read-write (SQLite then falls back to read-only
	 * on a write-protected file): only such a connection can remove the WAL
	 * and its index when it closes. PRAGMA query_only below keeps it from
	 * changing anything.
	 */
	int readonly = (flags & LW_STORE_READONLY) && !(flags & (LW_STORE_CREATE | LW_STORE_MIGRATE));
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (flags & LW_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = LW_OK;
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		const char *why = s->db ? code_text(sqlite3_extended_errcode(s->db)) : NULL;
		rc = lw_err_set(err, LW_EIO, "kan database %s niet openen: %s", path,
				why ? why : s->db ? sqlite3_errmsg(s->db) : "onvoldoende geheugen");
		goto fail;
	}
	/* Wait for another writer for up to 30 s: long enough for an import. */
	sqlite3_busy_timeout(s->db, BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);

	/* Identify the file before anything writes to it. */
	int64_t app_id = 0, version = 0, tables = 0;
	if ((rc = identify(s, &app_id, &version, &tables, err)) != LW_OK)
		goto fail;
	if (app_id != LW_APPLICATION_ID && (app_id != 0 || tables != 0 || version != 0)) {
		rc = lw_err_set(err, LW_EINPUT,
				"%s is geen leerwerk-database (een andere SQLite-database); "
				"leerwerk laat haar ongemoeid",
				path);
		goto fail;
	}
	s->version = (int)version;
	if (version < 0) {
		rc = lw_err_set(err, LW_EINPUT,
				"database %s heeft een ongeldige schemaversie (%lld); leerwerk laat "
				"haar ongemoeid",
				path, (long long)version);
		goto fail;
	}
	if (version > lw_schema_count()) {
		rc = lw_err_set(err, LW_EVERSION,
				"database %s heeft schemaversie %lld, maar deze leerwerk (%s) kent "
				"versies tot en met %d; gebruik een nieuwere leerwerk. De database "
				"is niet aangeraakt.",
				path, (long long)version, LW_VERSION, lw_schema_count());
		goto fail;
	}

	/* journal_mode is recorded in the file: a reader leaves it as it is. */
	if ((!readonly && (rc = lw_store_exec(s, "PRAGMA journal_mode=WAL", err)) != LW_OK) ||
	    (readonly && (rc = lw_store_exec(s, "PRAGMA query_only=1", err)) != LW_OK) ||
	    (rc = lw_store_exec(s, "PRAGMA synchronous=NORMAL", err)) != LW_OK ||
	    (rc = lw_store_exec(s, "PRAGMA foreign_keys=ON", err)) != LW_OK ||
	    /* Statement journals (one per upsert under foreign keys) stay in
	     * memory instead of going to a file in /var/tmp. */
	    (rc = lw_store_exec(s, "PRAGMA temp_store=MEMORY", err)) != LW_OK)
		goto fail;

	if (version < lw_schema_count()) {
		if (flags & LW_STORE_MIGRATE) {
			if ((rc = lw_store_migrate(s, NULL, err)) != LW_OK)
				goto fail;
		} else if (!(flags & LW_STORE_ANY_VERSION)) {
			rc = lw_err_set(err, LW_EVERSION,
					"database %s heeft schemaversie %lld en moet bijgewerkt "
					"worden naar versie %d: draai 'leerwerk db migrate'",
					path, (long long)version, lw_schema_count());
			goto fail;
		}
	}
	*out = s;
	return LW_OK;
fail:
	lw_store_close(s);
	return rc;
}

void lw_store_close(lw_store *s)
{
	if (!s)
		return;
	if (s->db && sqlite3_close(s->db) == SQLITE_BUSY) {
		/*
		 * A statement of ours was never finalized: a bug. Statements
		 * that SQLite's own modules hold (FTS5) are theirs to finalize,
		 * so none are finalized here. Debug builds stop, so tests catch
		 * it; release builds close as soon as the statements are gone.
		 */
		fprintf(stderr, "leerwerk: interne fout: %s: databaseopdracht niet afgesloten\n",
			s->path);
		assert(!"statement leaked");
		sqlite3_close_v2(s->db);
	}
	lw_free(s->path);
	lw_free(s);
}

int lw_store_migrate(lw_store *s, int *applied, lw_err *err)
{
	int n = 0;
	while (s->version < lw_schema_count()) {
		int v = s->version + 1;
		const lw_migration *m = lw_schema_migration(v);
		if (!m)
			return lw_err_set(err, LW_EVERSION, "migratie %d ontbreekt", v);
		char pragma[96];
		int rc = lw_store_begin(s, err);
		if (rc != LW_OK)
			return rc;
		/* Another process may have migrated meanwhile: read again under the lock. */
		int64_t cur = 0;
		if ((rc = lw_store_int(s, "PRAGMA user_version", &cur, err)) != LW_OK)
			goto fail;
		if (cur >= v) {
			lw_store_rollback(s);
			s->version = (int)cur;
			continue;
		}
		if ((rc = lw_store_exec(s, m->sql, err)) != LW_OK)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d; PRAGMA user_version=%d",
			 LW_APPLICATION_ID, v);
		if ((rc = lw_store_exec(s, pragma, err)) != LW_OK)
			goto fail;
		if ((rc = lw_store_commit(s, err)) != LW_OK)
			goto fail;
		s->version = v;
		n++;
		continue;
	fail:
		lw_store_rollback(s);
		if (err) {
			char why[sizeof err->msg];
			memcpy(why, err->msg, sizeof why);
			lw_err_set(err, rc, "migratie %d (%s) mislukt, niets veranderd: %s", v,
				   m->name, why);
		}
		return rc;
	}
	if (applied)
		*applied = n;
	return LW_OK;
}

/* 1 when path names the same file as the database, its WAL or its index. */
static int is_database_file(lw_store *s, const char *path)
{
	struct stat d;
	if (stat(path, &d) != 0)
		return 0;
	int same = 0;
	lw_buf p = LW_BUF_INIT;
	for (int i = 0; i < 3 && !same; i++) {
		struct stat o;
		lw_buf_reset(&p);
		lw_buf_printf(&p, "%s%s", s->path, (const char *[]){"", "-wal", "-shm"}[i]);
		same = stat(lw_buf_cstr(&p), &o) == 0 && o.st_dev == d.st_dev && o.st_ino == d.st_ino;
	}
	lw_buf_free(&p);
	return same;
}

int lw_store_backup(lw_store *s, const char *dest, lw_err *err)
{
	if (is_database_file(s, dest))
		return lw_err_set(err, LW_EUSAGE,
				  "%s is de database zelf; kies een ander bestand voor de back-up",
				  dest);
	lw_buf tmp = LW_BUF_INIT;
	if (lw_buf_printf(&tmp, "%s.tmp-%ld", dest, (long)getpid()) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	const char *tmp_path = lw_buf_cstr(&tmp);
	sqlite3 *out = NULL;
	int rc = LW_OK;
	unlink(tmp_path);
	if (sqlite3_open_v2(tmp_path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		const char *why = out ? code_text(sqlite3_extended_errcode(out)) : NULL;
		rc = lw_err_set(err, LW_EIO, "kan %s niet aanmaken: %s", dest,
				why ? why : out ? sqlite3_errmsg(out) : "onvoldoende geheugen");
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", s->db, "main");
	if (!b) {
		rc = lw_err_set(err, LW_EDB, "back-up naar %s mislukt: %s", dest,
				sqlite3_errmsg(out));
		goto done;
	}
	/*
	 * Copy everything in one step: in WAL mode that reads one consistent
	 * snapshot and never blocks writers; retry while another connection
	 * holds a lock that stops even that.
	 */
	int step;
	int tries = 0;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED) {
		if (++tries > 100)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		const char *why = code_text(step);
		rc = lw_err_set(err, LW_EDB, "back-up naar %s mislukt: %s", dest,
				why ? why : sqlite3_errstr(step));
		goto done;
	}
	/* A backup is a self-contained file: no WAL beside it. */
	if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = lw_err_set(err, LW_EDB, "back-up naar %s mislukt: %s", dest,
				sqlite3_errmsg(out));
		goto done;
	}
	sqlite3_close(out);
	out = NULL;
	if (rename(tmp_path, dest) != 0)
		rc = lw_err_set(err, LW_EIO, "kan %s niet schrijven: %s", dest, lw_errno_text(errno));
done:
	if (out)
		sqlite3_close(out);
	if (rc != LW_OK)
		unlink(tmp_path);
	lw_buf_free(&tmp);
	return rc;
}

int lw_store_set_cache(lw_store *s, int kib, lw_err *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib > 0 ? kib : 2000);
	return lw_store_exec(s, sql, err);
}

int lw_store_cache_kib(lw_store *s, int64_t *kib, lw_err *err)
{
	int64_t cache = 0, page = 0;
	int rc = lw_store_int(s, "PRAGMA cache_size", &cache, err);
	if (rc == LW_OK && cache > 0) /* pages */
		rc = lw_store_int(s, "PRAGMA page_size", &page, err);
	*kib = cache < 0 ? -cache : cache * page / 1024;
	return rc;
}

int lw_store_set_large_sorts(lw_store *s, int on, lw_err *err)
{
	return lw_store_exec(s,
			     on ? "PRAGMA temp_store=FILE; PRAGMA threads=1"
				: "PRAGMA temp_store=MEMORY; PRAGMA threads=0",
			     err);
}

/*
 * Sets the journal mode (mode NULL: only asks); now: the mode in effect
 * after, or "" when SQLite refused for another connection (LW_OK: the
 * mode stays as it was). Any other failure is LW_EDB.
 */
static int journal_mode(lw_store *s, const char *mode, char now[16], lw_err *err)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode%s%s", mode ? "=" : "", mode ? mode : "");
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, sql, err);
	if (rc != LW_OK)
		return rc;
	now[0] = 0;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(now, 16, "%s", (const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_DONE && (step & 0xff) != SQLITE_BUSY && (step & 0xff) != SQLITE_LOCKED)
		rc = lw_store_fail(s, err, "journaalmodus wijzigen mislukt");
	sqlite3_finalize(st);
	return rc;
}

int lw_store_take(lw_store *s, int *taken, lw_err *err)
{
	*taken = 0;
	if (!sqlite3_get_autocommit(s->db))
		return lw_err_set(err, LW_EDB, "%s: de database kan niet midden in een "
		                  "transactie overgenomen worden", s->path);
	/* Another connection: SQLite refuses at once (SQLITE_BUSY), and the WAL
	 * stays. Every connection of the store has BUSY_MS, so it is put back. */
	sqlite3_busy_timeout(s->db, 0);
	char now[16];
	int rc = journal_mode(s, "DELETE", now, err);
	sqlite3_busy_timeout(s->db, BUSY_MS);
	if (rc != LW_OK || strcmp(now, "delete") != 0)
		return rc;
	/* NORMAL is safe against a power cut in the WAL only; in the rollback
	 * journal that takes FULL (the journal synced before the file). */
	if ((rc = lw_store_exec(s, "PRAGMA synchronous=FULL", err)) != LW_OK) {
		lw_store_give_back(s, NULL);
		return rc;
	}
	*taken = 1;
	return LW_OK;
}

int lw_store_taken(lw_store *s)
{
	char now[16];
	return journal_mode(s, NULL, now, NULL) == LW_OK && !strcmp(now, "delete");
}

int lw_store_give_back(lw_store *s, lw_err *err)
{
	char now[16];
	int rc = journal_mode(s, "WAL", now, err);
	if (rc == LW_OK && strcmp(now, "wal") != 0)
		rc = lw_err_set(err, LW_EDB, "%s: terug naar WAL mislukt: %s", s->path,
		                lw_store_errtext(s));
	int sync = lw_store_exec(s, "PRAGMA synchronous=NORMAL", rc == LW_OK ? err : NULL);
	return rc != LW_OK ? rc : sync;
}

int lw_store_check(lw_store *s, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st, "PRAGMA integrity_check", err);
	if (rc != LW_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (!r || strcmp(r, "ok") != 0)
			rc = lw_err_set(err, LW_EDB, "%s: integriteitscontrole: %s", s->path,
					r ? r : "?");
	} else {
		rc = lw_store_fail(s, err, "integriteitscontrole mislukt");
	}
	sqlite3_finalize(st);
	return rc;
}

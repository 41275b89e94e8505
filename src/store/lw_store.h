/*
 * lw_store.h - the database: one SQLite file, opened with the pragmas
 * leerwerk relies on, its schema migrated by numbered steps embedded in the
 * binary. Other rooms run their own SQL through the helpers here, always
 * with bound parameters.
 */
#ifndef LW_STORE_H
#define LW_STORE_H

#include <sqlite3.h>

#include "lw_base.h"

typedef struct lw_store lw_store;

/* Flags for lw_store_open. */
enum {
	LW_STORE_CREATE = 1 << 0,  /* create the file (and its folder) when missing */
	LW_STORE_MIGRATE = 1 << 1, /* apply pending migrations on open */
	LW_STORE_ANY_VERSION = 1 << 2, /* open an older schema without migrating (db status) */
	LW_STORE_READONLY = 1 << 3     /* nothing in the file is changed (query_only) */
};

/*
 * Opens the database at path. Without LW_STORE_CREATE a missing file is
 * LW_ENOTFOUND. A file that is not a leerwerk database, or whose schema is
 * newer than this program knows (LW_EVERSION), is refused before anything in
 * it is changed. An older schema is migrated with LW_STORE_MIGRATE, accepted
 * with LW_STORE_ANY_VERSION, and refused otherwise. Caller closes.
 */
int lw_store_open(lw_store **out, const char *path, unsigned flags, lw_err *err);
void lw_store_close(lw_store *s);

/* The connection and the path, borrowed: valid until lw_store_close. */
sqlite3 *lw_store_db(lw_store *s);
const char *lw_store_path(const lw_store *s);

/* Schema version of the open file and the newest this program knows. */
int lw_store_version(lw_store *s);
int lw_store_latest_version(void);
/* Name of migration v (1-based), or NULL. */
const char *lw_store_migration_name(int v);
/* Applies pending migrations, each in its own transaction; *applied counts them. */
int lw_store_migrate(lw_store *s, int *applied, lw_err *err);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE). */
int lw_store_begin(lw_store *s, lw_err *err);
int lw_store_commit(lw_store *s, lw_err *err);
void lw_store_rollback(lw_store *s);

int lw_store_exec(lw_store *s, const char *sql, lw_err *err);
/* Prepares sql; the statement belongs to the caller (sqlite3_finalize). */
int lw_store_prepare(lw_store *s, sqlite3_stmt **stmt, const char *sql, lw_err *err);
/* Runs a query that returns one integer (e.g. a count). */
int lw_store_int(lw_store *s, const char *sql, int64_t *out, lw_err *err);
/* Runs n such queries: out[i] receives the value of sql[i]. */
int lw_store_counts(lw_store *s, const char *const *sql, long *const *out, size_t n,
		    lw_err *err);
/* Fills err from the connection's last error and returns LW_EDB. */
int lw_store_fail(lw_store *s, lw_err *err, const char *what);
/* The connection's last error in Dutch, for messages (borrowed). */
const char *lw_store_errtext(lw_store *s);

/*
 * Copies the database to dest with SQLite's online backup API, into a
 * temporary file renamed into place when complete. Readers and writers in
 * other processes go on meanwhile (WAL). dest may not be the database
 * itself or its -wal or -shm file (LW_EUSAGE).
 */
int lw_store_backup(lw_store *s, const char *dest, lw_err *err);

/*
 * Sets the page cache of this connection to kib KiB (PRAGMA cache_size).
 * Pages are allocated only as they are used; bulk writes want a large one.
 */
int lw_store_set_cache(lw_store *s, int kib, lw_err *err);
/* The page cache of this connection in KiB (PRAGMA cache_size, in pages or KiB). */
int lw_store_cache_kib(lw_store *s, int64_t *kib, lw_err *err);

/*
 * For a transaction that builds an index of millions of rows (on): lets
 * SQLite's sorter sort in pieces no larger than the page cache, written to
 * temporary files, one of them on a helper thread; off (the default of a
 * connection): temporary storage in memory, where the sorter sorts
 * everything as one list. Outside a transaction only (LW_EDB inside one).
 */
int lw_store_set_large_sorts(lw_store *s, int on, lw_err *err);

/*
 * For one transaction that appends a great many pages, outside a
 * transaction: when no other connection has the store open, switches it
 * from the WAL to the rollback journal, with synchronous=FULL (*taken 1).
 * New pages then go into the file once; under the WAL each goes into the
 * WAL and again into the file at the checkpoint. Whoever opens the store
 * meanwhile waits for the transaction, up to the busy timeout. While
 * another connection has the store open, it stays in the WAL (*taken 0,
 * LW_OK) and readers carry on as ever. A writer that opens the store
 * between the switch and the transaction's BEGIN puts it back in the WAL
 * (lw_store_open): lw_store_taken tells, inside the transaction.
 * lw_store_give_back switches back to the WAL and synchronous=NORMAL.
 */
int lw_store_take(lw_store *s, int *taken, lw_err *err);
/* 1 when the store writes through the rollback journal now (taken, and not switched back meanwhile). */
int lw_store_taken(lw_store *s);
int lw_store_give_back(lw_store *s, lw_err *err);

/* Runs PRAGMA integrity_check; LW_OK when it says "ok". */
int lw_store_check(lw_store *s, lw_err *err);

#endif

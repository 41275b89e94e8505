/* testutil.h - helpers shared by the tests. */
#ifndef LW_TESTUTIL_H
#define LW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lw_base.h"
#include "lw_store.h"

/* A fresh, empty directory for this test under $LW_TMP; caller frees. */
char *tu_tmpdir(const char *name);
/* path = dir/name; caller frees. */
char *tu_path(const char *dir, const char *name);
/* Writes bytes to path. */
void tu_write(const char *path, const char *bytes, size_t n);
void tu_writes(const char *path, const char *text);
/* The reference data folder ($LW_DATA). */
const char *tu_data(void);
/* Reads a whole file; caller frees. NULL when missing. */
char *tu_read(const char *path, size_t *len);

/*
 * A new store in a fresh $LW_TMP/name folder with every reference file
 * imported; fails the test when that does not work. *dir (if not NULL)
 * receives the folder, for the caller to free.
 */
lw_store *tu_reference_store(const char *name, char **dir);
/*
 * The rows of the given tables (NULL-terminated) as text, in key order:
 * compare two to prove that nothing changed. Caller frees.
 */
char *tu_snapshot(lw_store *s, const char *const *tables);

/*
 * Starts `$LW_BIN serve --db db --listen 127.0.0.1:0 --threads threads`
 * with stdout and stdin on /dev/null and stderr into errf, the NAME=VALUE
 * pairs of env (NULL-terminated, or NULL) set in its environment, and
 * waits for the address it reports: *port. Fails the test when it stops
 * first. Returns its pid.
 */
int tu_serve(const char *db, const char *errf, const char *threads, const char *const *env,
             unsigned *port);

/* Runs sql on s; fails the test with SQLite's message otherwise. */
void tu_exec(lw_store *s, const char *sql);
/* Fails unless the first column of sql's first row, as text ("NULL" for none), is want. */
void tu_assert_query(lw_store *s, const char *sql, const char *want);

/*
 * The store of a test group: S, a reference store in $LW_TMP/name (its
 * folder in DIR), made by the group fixture setup and closed by teardown:
 *   cmocka_run_group_tests(tests, setup, teardown)
 */
#define TU_REFERENCE_GROUP(name)                                                           \
	static lw_store *S;                                                                \
	static char *DIR;                                                                  \
	static int setup(void **unused)                                                    \
	{                                                                                  \
		(void)unused;                                                              \
		S = tu_reference_store(name, &DIR);                                        \
		return 0;                                                                  \
	}                                                                                  \
	static int teardown(void **unused)                                                 \
	{                                                                                  \
		(void)unused;                                                              \
		lw_store_close(S);                                                         \
		free(DIR);                                                                 \
		return 0;                                                                  \
	}

#endif

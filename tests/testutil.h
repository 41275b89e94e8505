/* testutil.h - helpers shared by the tests. */
#ifndef LW_TESTUTIL_H
#define LW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lw_base.h"

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

#endif

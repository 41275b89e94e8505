/*
 * mem.c - the one allocation wrapper: counts live blocks and can fail on
 * purpose so tests can prove that every out-of-memory path is handled.
 */
#include "lw_base.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long live;
static atomic_long fail_after = -1;

static int should_fail(void)
{
	long n = atomic_load(&fail_after);
	if (n < 0)
		return 0;
	if (n == 0)
		return 1;
	atomic_fetch_sub(&fail_after, 1);
	return 0;
}

void lw_mem_fail_after(long n)
{
	atomic_store(&fail_after, n);
}

long lw_mem_live(void)
{
	return atomic_load(&live);
}

void *lw_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	void *p = malloc(n ? n : 1);
	if (p)
		atomic_fetch_add(&live, 1);
	return p;
}

void *lw_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p)
		atomic_fetch_add(&live, 1);
	return p;
}

void *lw_realloc(void *p, size_t n)
{
	if (!p)
		return lw_malloc(n);
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void lw_free(void *p)
{
	if (p) {
		atomic_fetch_sub(&live, 1);
		free(p);
	}
}

char *lw_strndup(const char *s, size_t n)
{
	char *d = lw_malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *lw_strdup(const char *s)
{
	return lw_strndup(s, strlen(s));
}

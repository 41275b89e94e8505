/*
 * keyset.c - the keys of an import file: appended while they ascend, a
 * hash map from the first key out of order. See lw_base.h.
 */
#include "lw_base.h"

#include <string.h>

struct lw_keyset {
	lw_buf keys;     /* sorted mode: the keys, each NUL-terminated */
	size_t *offsets; /* sorted mode: start of key i in keys */
	int64_t *lines;  /* sorted mode: the line key i was seen on */
	size_t n, cap;
	lw_strmap *map;    /* NULL while sorted */
};

int lw_keyset_new(lw_keyset **out)
{
	*out = lw_calloc(1, sizeof **out);
	return *out ? LW_OK : LW_ENOMEM;
}

static const char *last_key(const lw_keyset *ks)
{
	return ks->n ? ks->keys.data + ks->offsets[ks->n - 1] : NULL;
}

/* Leaves sorted mode: every key, with its line, into a hash map. */
static int to_map(lw_keyset *ks)
{
	lw_strmap *m;
	if (lw_strmap_new(&m) != LW_OK)
		return LW_ENOMEM;
	for (size_t i = 0; i < ks->n; i++) {
		if (lw_strmap_put(m, ks->keys.data + ks->offsets[i], ks->lines[i], NULL) < 0) {
			lw_strmap_free(m);
			return LW_ENOMEM;
		}
	}
	ks->map = m;
	lw_buf_free(&ks->keys);
	lw_free(ks->offsets);
	lw_free(ks->lines);
	ks->offsets = NULL;
	ks->lines = NULL;
	ks->n = ks->cap = 0;
	return LW_OK;
}

int lw_keyset_add(lw_keyset *ks, const char *key, int64_t line, int64_t *first)
{
	if (!ks->map) {
		const char *last = last_key(ks);
		int cmp = last ? strcmp(key, last) : 1;
		if (cmp == 0) {
			if (first)
				*first = ks->lines[ks->n - 1];
			return 0;
		}
		if (cmp > 0) {
			if (ks->n == ks->cap) {
				size_t cap = ks->cap ? ks->cap * 2 : 1024;
				size_t *p = lw_realloc(ks->offsets, cap * sizeof *p);
				if (!p)
					return LW_ENOMEM;
				ks->offsets = p;
				int64_t *l = lw_realloc(ks->lines, cap * sizeof *l);
				if (!l)
					return LW_ENOMEM;
				ks->lines = l;
				ks->cap = cap;
			}
			size_t at = ks->keys.len;
			if (lw_buf_append(&ks->keys, key, strlen(key) + 1) != LW_OK)
				return LW_ENOMEM;
			ks->offsets[ks->n] = at;
			ks->lines[ks->n++] = line;
			return 1;
		}
		if (to_map(ks) != LW_OK)
			return LW_ENOMEM;
	}
	int64_t old = 0;
	int rc = lw_strmap_put(ks->map, key, line, &old);
	if (rc == 0 && first)
		*first = old;
	return rc;
}

int lw_keyset_has(const lw_keyset *ks, const char *key)
{
	if (ks->map)
		return lw_strmap_get(ks->map, key, NULL);
	size_t lo = 0, hi = ks->n; /* binary search in sorted mode */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, ks->keys.data + ks->offsets[mid]);
		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int lw_keyset_sorted(const lw_keyset *ks)
{
	return ks->map == NULL;
}

size_t lw_keyset_count(const lw_keyset *ks)
{
	return ks->map ? lw_strmap_count(ks->map) : ks->n;
}

const char *lw_keyset_at(const lw_keyset *ks, size_t i)
{
	return !ks->map && i < ks->n ? ks->keys.data + ks->offsets[i] : NULL;
}

void lw_keyset_free(lw_keyset *ks)
{
	if (!ks)
		return;
	lw_buf_free(&ks->keys);
	lw_free(ks->offsets);
	lw_free(ks->lines);
	lw_strmap_free(ks->map);
	lw_free(ks);
}

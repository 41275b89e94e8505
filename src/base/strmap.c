/*
 * strmap.c - an open-addressing hash map from strings to int64 values.
 * Keys are copied into large blocks, so a million keys cost a few dozen
 * allocations, not a million.
 */
#include "lw_base.h"

#include <string.h>

#define BLOCK (256 * 1024)

typedef struct slot {
	uint64_t hash; /* 0: empty */
	const char *key;
	int64_t value;
} slot;

typedef struct block {
	struct block *next;
	size_t used;
	char data[];
} block;

struct lw_strmap {
	slot *slots;
	size_t cap, count;
	block *blocks;
	size_t block_cap;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= h >> 29;
	return h ? h : 1;
}

int lw_strmap_new(lw_strmap **out)
{
	lw_strmap *m = lw_calloc(1, sizeof *m);
	if (!m)
		return LW_ENOMEM;
	m->cap = 64;
	m->slots = lw_calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		lw_free(m);
		return LW_ENOMEM;
	}
	*out = m;
	return LW_OK;
}

static const char *copy_key(lw_strmap *m, const char *key)
{
	size_t n = strlen(key) + 1;
	block *b = m->blocks;
	if (!b || b->used + n > m->block_cap) {
		size_t cap = n > BLOCK ? n : BLOCK;
		b = lw_malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = m->blocks;
		b->used = 0;
		m->blocks = b;
		m->block_cap = cap;
	}
	char *p = b->data + b->used;
	memcpy(p, key, n);
	b->used += n;
	return p;
}

static int grow(lw_strmap *m)
{
	size_t cap = m->cap * 2;
	slot *s = lw_calloc(cap, sizeof *s);
	if (!s)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].hash)
			continue;
		size_t j = m->slots[i].hash & (cap - 1);
		while (s[j].hash)
			j = (j + 1) & (cap - 1);
		s[j] = m->slots[i];
	}
	lw_free(m->slots);
	m->slots = s;
	m->cap = cap;
	return LW_OK;
}

static slot *find(const lw_strmap *m, const char *key, uint64_t h)
{
	size_t j = h & (m->cap - 1);
	while (m->slots[j].hash) {
		if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0)
			return &m->slots[j];
		j = (j + 1) & (m->cap - 1);
	}
	return &m->slots[j];
}

int lw_strmap_put(lw_strmap *m, const char *key, int64_t value, int64_t *old)
{
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != LW_OK)
		return LW_ENOMEM;
	uint64_t h = hash_str(key);
	slot *s = find(m, key, h);
	if (s->hash) {
		if (old)
			*old = s->value;
		return 0;
	}
	const char *k = copy_key(m, key);
	if (!k)
		return LW_ENOMEM;
	s->hash = h;
	s->key = k;
	s->value = value;
	m->count++;
	return 1;
}

int lw_strmap_get(const lw_strmap *m, const char *key, int64_t *value)
{
	slot *s = find(m, key, hash_str(key));
	if (!s->hash)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

size_t lw_strmap_count(const lw_strmap *m)
{
	return m->count;
}

void lw_strmap_free(lw_strmap *m)
{
	if (!m)
		return;
	block *b = m->blocks;
	while (b) {
		block *n = b->next;
		lw_free(b);
		b = n;
	}
	lw_free(m->slots);
	lw_free(m);
}

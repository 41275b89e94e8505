/* arena.c - a region allocator: allocate often, release once. */
#include "lw_base.h"

#include <stdalign.h>
#include <string.h>

#define ARENA_BLOCK 8192

struct lw_arena_block {
	struct lw_arena_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

void *lw_arena_alloc(lw_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	struct lw_arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = lw_malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *lw_arena_strdup(lw_arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = lw_arena_alloc(a, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void *lw_arena_grow(lw_arena *a, void *arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		void *p = lw_arena_alloc(a, c * size);
		if (!p)
			return NULL;
		if (*n)
			memcpy(p, arr, *n * size);
		arr = p;
		*cap = c;
	}
	memset((char *)arr + *n * size, 0, size);
	(*n)++;
	return arr;
}

void lw_arena_free(lw_arena *a)
{
	struct lw_arena_block *b = a->head;
	while (b) {
		struct lw_arena_block *n = b->next;
		lw_free(b);
		b = n;
	}
	a->head = NULL;
}

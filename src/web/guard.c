/*
 * guard.c - what keeps the question form honest.
 *
 * CSRF: the form page sets a random cookie (SameSite=Strict, HttpOnly) and
 * puts HMAC-SHA256(server key, cookie) in a hidden field; a POST is taken
 * only when the field matches its cookie. The key is random per start, so
 * a form older than the process is refused with a clear message and a
 * fresh form. Nothing is stored per visitor.
 *
 * Rate limit: per client address, at most per_hour questions in a fixed
 * window of an hour, in a small table of slots (an address hashes to one
 * slot; a colliding address takes the slot over only when its window has
 * passed, so collisions can only make the limit stricter, never looser).
 */
#include "portal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096
#define WINDOW_MS (3600 * 1000)

typedef struct slot {
	char client[48];
	int64_t since;
	unsigned count;
} slot;

struct lw_guard {
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	unsigned per_hour;
	pthread_mutex_t lock;
	slot slots[SLOTS];
};

lw_guard *lw_guard_new(unsigned per_hour)
{
	if (sodium_init() < 0)
		return NULL;
	lw_guard *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	crypto_auth_hmacsha256_keygen(g->key);
	g->per_hour = per_hour;
	pthread_mutex_init(&g->lock, NULL);
	return g;
}

void lw_guard_free(lw_guard *g)
{
	if (!g)
		return;
	sodium_memzero(g->key, sizeof g->key);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void lw_guard_cookie(char out[33])
{
	unsigned char r[16];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, 33, r, sizeof r);
}

void lw_guard_token(const lw_guard *g, const char *cookie, char out[65])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)cookie, strlen(cookie), g->key);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

int lw_guard_check(const lw_guard *g, const char *cookie, const char *token)
{
	if (!cookie || !token || strlen(cookie) != 32 || strlen(token) != 64)
		return 0;
	char want[65];
	lw_guard_token(g, cookie, want);
	return sodium_memcmp(want, token, 64) == 0;
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int lw_guard_allow(lw_guard *g, const char *client)
{
	if (!g->per_hour)
		return 1;
	int64_t now = lw_now_ms();
	int ok;
	pthread_mutex_lock(&g->lock);
	slot *s = &g->slots[hash(client) % SLOTS];
	if (now - s->since >= WINDOW_MS || !s->count) {
		snprintf(s->client, sizeof s->client, "%s", client);
		s->since = now;
		s->count = 0;
	}
	ok = s->count < g->per_hour;
	if (ok)
		s->count++;
	pthread_mutex_unlock(&g->lock);
	return ok;
}

/*
 * assets.c - the static files of the portal (the NL Design System CSS, the
 * leerwerk theme, the icon), read once at start from the build's static
 * folder and served from memory under a name that carries a hash of the
 * content ("leerwerk.1a2b3c4d5e6f.css"), so that browsers may keep them a
 * year: a changed file gets a new name.
 */
#include "portal.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ASSETS_MAX 64
#define ASSET_MAX_BYTES (4 * 1024 * 1024)

typedef struct asset {
	char *name; /* "leerwerk.css" */
	char *url;  /* "/static/leerwerk.1a2b3c4d5e6f.css" */
	const char *type;
	char *data;
	size_t len;
} asset;

struct lw_assets {
	asset a[ASSETS_MAX];
	size_t n;
};

static const char *content_type(const char *name)
{
	static const char *const types[][2] = {
	    {".css", "text/css; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".json", "application/json"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i][0]))
			return types[i][1];
	return NULL;
}

static int read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return LW_EIO;
	lw_buf b = LW_BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc = LW_OK;
	while (rc == LW_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = b.len + n > ASSET_MAX_BYTES ? LW_EINPUT : lw_buf_append(&b, chunk, n);
	if (rc == LW_OK && ferror(f))
		rc = LW_EIO;
	fclose(f);
	if (rc != LW_OK) {
		lw_buf_free(&b);
		return rc;
	}
	*len = b.len;
	*data = b.data ? b.data : calloc(1, 1);
	return *data ? LW_OK : LW_ENOMEM;
}

static int add_asset(lw_assets *as, const char *dir, const char *name, lw_err *err)
{
	const char *type = content_type(name);
	if (!type || name[0] == '.')
		return LW_OK; /* not something the portal serves */
	if (as->n == ASSETS_MAX)
		return lw_err_set(err, LW_EINPUT, "%s: meer dan %d statische bestanden", dir,
		                  ASSETS_MAX);
	asset *a = &as->a[as->n];
	lw_buf path = LW_BUF_INIT;
	int rc = lw_buf_printf(&path, "%s/%s", dir, name);
	if (rc == LW_OK)
		rc = read_all(path.data, &a->data, &a->len);
	lw_buf_free(&path);
	if (rc != LW_OK)
		return lw_err_set(err, rc, "%s/%s: kan het bestand niet lezen%s", dir, name,
		                  rc == LW_EINPUT ? " (groter dan 4 MB)" : "");
	unsigned char hash[16];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)a->data, a->len, NULL, 0);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	const char *dot = strrchr(name, '.');
	lw_buf url = LW_BUF_INIT;
	if (lw_buf_printf(&url, "/static/%.*s.%.12s%s", (int)(dot - name), name, hex, dot) !=
	    LW_OK) {
		free(a->data);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	a->url = url.data;
	a->name = strdup(name);
	a->type = type;
	as->n++;
	return a->name ? LW_OK : lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
}

int lw_assets_load(const char *dir, lw_assets **out, lw_err *err)
{
	*out = NULL;
	if (sodium_init() < 0)
		return lw_err_set(err, LW_EIO, "libsodium kan niet starten");
	DIR *d = opendir(dir);
	if (!d)
		return lw_err_set(
		    err, LW_EIO,
		    "%s: de map met statische bestanden (CSS) ontbreekt; bouw leerwerk "
		    "eerst ('make build') of geef --static MAP",
		    dir);
	lw_assets *as = calloc(1, sizeof *as);
	int rc = as ? LW_OK : lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	struct dirent *e;
	while (rc == LW_OK && (e = readdir(d)) != NULL)
		rc = add_asset(as, dir, e->d_name, err);
	closedir(d);
	if (rc != LW_OK) {
		lw_assets_free(as);
		return rc;
	}
	*out = as;
	return LW_OK;
}

void lw_assets_free(lw_assets *as)
{
	if (!as)
		return;
	for (size_t i = 0; i < as->n; i++) {
		free(as->a[i].name);
		free(as->a[i].url);
		free(as->a[i].data);
	}
	free(as);
}

const char *lw_assets_url(const lw_assets *as, const char *name)
{
	for (size_t i = 0; as && i < as->n; i++)
		if (!strcmp(as->a[i].name, name))
			return as->a[i].url;
	return NULL;
}

int lw_assets_get(const lw_assets *as, const char *name, const char **data, size_t *len)
{
	for (size_t i = 0; as && i < as->n; i++)
		if (!strcmp(as->a[i].name, name)) {
			*data = as->a[i].data;
			*len = as->a[i].len;
			return 1;
		}
	return 0;
}

int lw_assets_serve(const lw_assets *as, const char *path, lw_http_response *res)
{
	for (size_t i = 0; as && i < as->n; i++) {
		const asset *a = &as->a[i];
		if (strcmp(a->url, path) != 0)
			continue;
		if (lw_http_set_body(res, 200, a->type, a->data, a->len) != LW_OK)
			lw_web_oom(res);
		else
			lw_http_add_header(res, "Cache-Control",
			                   "public, max-age=31536000, immutable");
		return 1;
	}
	return 0;
}

/*
 * ingest.c - the rules every importer shares: header check, row checks,
 * bad-row reports, the rejects file, duplicate keys, change counting,
 * absent keys and --prune, all in one transaction. Records come from the
 * CSV reader, or from a JSON file mapped onto a kind's columns
 * (json_source.c); the rules are the same for both.
 */
#include "ingest_int.h"
#include "lw_geo.h"
#include "lw_links.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct lw_importer {
	lw_store *store;
	const lw_ingest_kind *kind;
	const lw_ingest_opts *opts;
	lw_ingest_result *res;
	const char *name; /* the file, for messages */
	lw_csv *csv;      /* the CSV source, or NULL */
	lw_json_rec *rec; /* the JSON source's record under way, or NULL */
	lw_json_doc *doc;
	int map[LW_INGEST_MAX_COLS]; /* kind column -> field index, -1 absent */
	size_t nheader;
	lw_buf header_line; /* the header as CSV, for the rejects file */
	lw_keyset *seen;    /* natural keys of the file, with their first line */
	/* The kind's own SQL, or derived from its table and key (kind_sql). */
	const char *count_sql, *keys_sql, *delete_sql;
	int writing;
	int row_rejected;
	FILE *rejects;          /* the run's rejects file, or NULL (not owned) */
	int rejects_header;     /* this file's header line is written */
	lw_strmap *rejected;    /* keys of rejected rows: not "absent" */
	lw_buf scratch;
	lw_arena arena;
	uint64_t total_bytes; /* the CSV file's size, or 0 */
};

static const lw_ingest_kind *const kinds[] = {
	&lw_kind_regions,	&lw_kind_municipalities, &lw_kind_postcodes,
	&lw_kind_qualifications, &lw_kind_occupations,	  &lw_kind_desks,
	&lw_kind_providers,	&lw_kind_offerings,	  &lw_kind_evc,
	&lw_kind_companies,	&lw_kind_vacancies,	  &lw_kind_schemes,
	&lw_kind_offerings_ooapi, &lw_kind_vacancies_jsonld, &lw_kind_qualification_links,
	/* The monitor's (after the JSON kinds, so fuzz_import's corpus keeps its kinds). */
	&lw_kind_covenants, &lw_kind_covenant_shares, &lw_kind_trajectories, &lw_kind_expenditures,
	NULL,
};

/* The reference files, in load order: every kind with a file. */
#define NREFERENCE 5

const lw_ingest_kind *const *lw_ingest_kinds(void)
{
	return kinds;
}

const lw_ingest_kind *lw_ingest_find(const char *name)
{
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

const char *lw_ingest_kind_name(const lw_ingest_kind *k)
{
	return k->name;
}

const char *lw_ingest_kind_help(const lw_ingest_kind *k)
{
	return k->help;
}

const char *lw_ingest_kind_file(const lw_ingest_kind *k)
{
	return k->file;
}

const char *lw_ingest_kind_header(const lw_ingest_kind *k, lw_buf *out)
{
	for (size_t i = 0; i < k->ncols; i++) {
		if (i)
			lw_buf_putc(out, ',');
		lw_buf_puts(out, k->cols[i].name);
	}
	return lw_buf_cstr(out);
}

const char *lw_ingest_kind_format(const lw_ingest_kind *k)
{
	return k->json ? k->json->describe : NULL;
}

size_t lw_ingest_kind_parts(const lw_ingest_kind *k)
{
	return k->json ? k->json->nparts : 1;
}

const lw_ingest_kind *lw_ingest_kind_part(const lw_ingest_kind *k, size_t i)
{
	if (!k->json)
		return i == 0 ? k : NULL;
	return i < k->json->nparts ? k->json->parts[i].kind : NULL;
}

void lw_ingest_result_free(lw_ingest_result *r)
{
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

/* ---- helpers for the kinds --------------------------------------------- */

lw_store *lw_im_store(lw_importer *im)
{
	return im->store;
}

const lw_ingest_opts *lw_im_opts(lw_importer *im)
{
	return im->opts;
}

int lw_im_writing(const lw_importer *im)
{
	return im->writing;
}

lw_arena *lw_im_arena(lw_importer *im)
{
	return &im->arena;
}

const char *lw_im_get(lw_importer *im, size_t col)
{
	if (im->rec)
		return lw_json_get(im->rec, col);
	if (col >= im->kind->ncols || im->map[col] < 0)
		return "";
	return lw_csv_field(im->csv, (size_t)im->map[col], NULL);
}

const char *lw_im_show(lw_importer *im, const char *v)
{
	size_t n = strlen(v);
	if (n <= 60)
		return v;
	n = 57;
	while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--; /* do not cut a character in two */
	char *s = lw_arena_alloc(&im->arena, n + 4);
	if (!s)
		return "...";
	memcpy(s, v, n);
	memcpy(s + n, "...", 4);
	return s;
}

long lw_im_line(const lw_importer *im)
{
	return im->rec ? (long)lw_json_rec_index(im->rec) + 1 : lw_csv_line(im->csv);
}

size_t lw_im_rows_left(const lw_importer *im)
{
	uint64_t at = im->csv ? lw_csv_offset(im->csv) : 0;
	if (!at || at >= im->total_bytes || im->res->rows <= 0)
		return 0;
	uint64_t per_row = at / (uint64_t)im->res->rows, left;
	left = (im->total_bytes - at) / (per_row ? per_row : 1);
	return left > SIZE_MAX ? SIZE_MAX : (size_t)left;
}

/* Where the current record is, as messages start: "FILE:LINE" or "FILE:PATH". */
static void locate(const lw_importer *im, lw_buf *out)
{
	if (im->rec)
		lw_buf_printf(out, "%s:%s", im->name, lw_json_rec_path(im->rec));
	else
		lw_buf_printf(out, "%s:%ld", im->name, lw_csv_line(im->csv));
}

int lw_im_changed(const lw_importer *im)
{
	const lw_ingest_result *r = im->res;
	return r->added || r->changed || r->pruned;
}

void lw_im_note(lw_importer *im, const char *note)
{
	im->res->note = lw_arena_strdup(&im->res->arena, note);
}

static void write_reject(lw_importer *im, const char *column, const char *reason)
{
	if (!im->rejects)
		return;
	if (im->rec) {
		lw_json_write_reject(im->rejects, im->rec, column, reason);
		return;
	}
	if (!im->rejects_header) {
		im->rejects_header = 1;
		fprintf(im->rejects, "%s%sregel,kolom,reden\r\n", lw_buf_cstr(&im->header_line),
			im->header_line.len ? "," : "");
	}
	lw_buf *b = &im->scratch;
	lw_buf_reset(b);
	size_t n = lw_csv_nfields(im->csv);
	for (size_t i = 0; i < n; i++) {
		if (i)
			lw_buf_putc(b, ',');
		const char *v = lw_csv_field(im->csv, i, NULL);
		if (!im->kind->redact) {
			lw_csv_write_field(b, v);
			continue;
		}
		size_t col = LW_NO_COL;
		for (size_t c = 0; c < im->kind->ncols; c++)
			if (im->map[c] == (int)i)
				col = c;
		lw_buf shown = LW_BUF_INIT;
		im->kind->redact(col, v, &shown);
		lw_csv_write_field(b, lw_buf_cstr(&shown));
		lw_buf_free(&shown);
	}
	/* Pad short rows so the extra columns line up with the header. */
	for (size_t i = n; i < im->nheader; i++)
		lw_buf_putc(b, ',');
	lw_buf_printf(b, ",%ld,", lw_csv_line(im->csv));
	lw_csv_write_field(b, column);
	lw_buf_putc(b, ',');
	lw_csv_write_field(b, reason);
	lw_buf_puts(b, "\r\n");
	fwrite(b->data, 1, b->len, im->rejects);
}

/*
 * Remembers the key of a rejected row, so that it is not reported as absent
 * from the file: it is there, only invalid.
 */
static void remember_rejected_key(lw_importer *im)
{
	const lw_ingest_kind *k = im->kind;
	if (k->key_col >= k->ncols || (!im->rec && im->map[k->key_col] < 0))
		return;
	size_t n;
	const char *raw = im->rec ? lw_json_get(im->rec, k->key_col)
				  : lw_csv_field(im->csv, (size_t)im->map[k->key_col], &n);
	if (im->rec)
		n = strlen(raw);
	lw_buf key = LW_BUF_INIT;
	if (k->key_of)
		k->key_of(raw, &key);
	else
		lw_buf_append(&key, raw, n);
	if (key.len && key.len < 256 && lw_trim_n(key.data, key.len) &&
	    (im->rejected || lw_strmap_new(&im->rejected) == LW_OK))
		lw_strmap_put(im->rejected, key.data, 0, NULL);
	lw_buf_free(&key);
}

/* Records a bad row: message for the report, line in the rejects file. */
static int reject_row(lw_importer *im, const char *column, const char *reason)
{
	lw_ingest_result *r = im->res;
	if (im->row_rejected)
		return LW_EINPUT; /* one report per row: the first problem */
	im->row_rejected = 1;
	remember_rejected_key(im);
	r->rejected++;
	if (!im->opts->skip_invalid)
		im->writing = 0;
	if (r->nproblems < LW_INGEST_REPORT_MAX) {
		lw_buf msg = LW_BUF_INIT;
		locate(im, &msg);
		if (column)
			lw_buf_printf(&msg, ": %s '%s': %s", im->rec ? "veld" : "kolom", column,
				      reason);
		else
			lw_buf_printf(&msg, ": %s", reason);
		r->problems[r->nproblems] = lw_arena_strdup(&r->arena, lw_buf_cstr(&msg));
		if (r->problems[r->nproblems])
			r->nproblems++;
		lw_buf_free(&msg);
	}
	write_reject(im, column ? column : "", reason);
	return LW_EINPUT;
}

int lw_im_reject(lw_importer *im, size_t col, const char *fmt, ...)
{
	lw_buf reason = LW_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	lw_buf_vprintf(&reason, fmt, ap);
	va_end(ap);
	/* A JSON record names the field the column's value came from. */
	const char *column = im->rec ? lw_json_field(im->rec, col) : NULL;
	if (!column && col < im->kind->ncols)
		column = im->kind->cols[col].name;
	reject_row(im, column, lw_buf_cstr(&reason));
	lw_buf_free(&reason);
	return LW_EINPUT;
}

int lw_im_claim_key(lw_importer *im, size_t col, const char *key)
{
	int64_t first = 0;
	int rc = lw_keyset_add(im->seen, key, lw_im_line(im), &first);
	if (rc < 0)
		return rc;
	if (rc == 0 && im->rec)
		return lw_im_reject(im, col, "'%s' komt twee keer voor in het bestand (eerst bij %s)",
				    lw_im_show(im, key), lw_json_path(im->doc, (size_t)first - 1));
	if (rc == 0)
		return lw_im_reject(im, col, "'%s' komt twee keer voor in het bestand (eerst op regel %lld)",
				    lw_im_show(im, key), (long long)first);
	return LW_OK;
}

/* "NA" (as R writes a missing value) counts as empty in optional numbers. */
static int is_na(const char *v)
{
	return strcmp(v, "NA") == 0;
}

int lw_im_text(lw_importer *im, size_t col, int required, const char **out)
{
	const char *v = lw_im_get(im, col);
	if (!*v) {
		*out = NULL;
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	}
	*out = v;
	return LW_OK;
}

int lw_im_long(lw_importer *im, size_t col, long min, long max, int required, long *out,
	       int *present)
{
	const char *v = lw_im_get(im, col);
	if (present)
		*present = 0;
	if (!*v || (!required && is_na(v)))
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || end == v)
		return lw_im_reject(im, col, "'%s' is geen geheel getal", lw_im_show(im, v));
	if (n < min || n > max)
		return lw_im_reject(im, col, "%ld ligt buiten het bereik %ld tot en met %ld", n,
				    min, max);
	*out = n;
	if (present)
		*present = 1;
	return LW_OK;
}

int lw_im_double(lw_importer *im, size_t col, double min, double max, int required,
		 double *out, int *present)
{
	const char *v = lw_im_get(im, col);
	if (present)
		*present = 0;
	if (!*v || (!required && is_na(v)))
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	/* Accept a decimal point or a decimal comma, nothing else. */
	char tmp[64];
	size_t n = strlen(v);
	if (n >= sizeof tmp)
		return lw_im_reject(im, col, "'%s' is geen getal", lw_im_show(im, v));
	for (size_t i = 0; i <= n; i++) {
		tmp[i] = v[i] == ',' ? '.' : v[i];
		if (i < n && !strchr("0123456789+-.eE", tmp[i]))
			return lw_im_reject(im, col, "'%s' is geen getal", lw_im_show(im, v));
	}
	char *end;
	errno = 0;
	double d = strtod(tmp, &end);
	if (errno || *end || end == tmp || d != d)
		return lw_im_reject(im, col, "'%s' is geen getal", lw_im_show(im, v));
	if (d < min || d > max)
		return lw_im_reject(im, col, "%s ligt buiten het bereik %g tot en met %g",
				    lw_im_show(im, v), min, max);
	*out = d;
	if (present)
		*present = 1;
	return LW_OK;
}

int lw_im_code(lw_importer *im, size_t col, const char *prefix, int digits, const char **out)
{
	const char *v = lw_im_get(im, col);
	if (!*v)
		return lw_im_reject(im, col, "is leeg, maar verplicht");
	size_t p = strlen(prefix);
	if (strncmp(v, prefix, p) != 0 || !lw_is_digits(v + p, (size_t)digits)) {
		lw_buf want = LW_BUF_INIT;
		if (p)
			lw_buf_printf(&want, "'%s' gevolgd door %d cijfers", prefix, digits);
		else
			lw_buf_printf(&want, "%d cijfers", digits);
		lw_im_reject(im, col, "'%s' is geen geldige code (verwacht %s)", lw_im_show(im, v),
			     lw_buf_cstr(&want));
		lw_buf_free(&want);
		return LW_EINPUT;
	}
	*out = v;
	return LW_OK;
}

int lw_im_register_code(lw_importer *im, size_t col, const char **out)
{
	static const char allowed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				      "0123456789-_.";
	if (lw_im_text(im, col, 1, out))
		return LW_EINPUT;
	size_t n = strlen(*out);
	if (n > 64 || strspn(*out, allowed) != n)
		return lw_im_reject(im, col,
				    "'%s' is geen geldige code (letters, cijfers, '-', '_' en '.', "
				    "hoogstens 64 tekens)",
				    lw_im_show(im, *out));
	return LW_OK;
}

int lw_im_check_date(lw_importer *im, size_t col, const char *v)
{
	int ok = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		ok = i == 4 || i == 7 || (v[i] >= '0' && v[i] <= '9');
	if (!ok)
		return lw_im_reject(im, col, "'%s' is geen datum (verwacht JJJJ-MM-DD)",
				    lw_im_show(im, v));
	int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	int m = (v[5] - '0') * 10 + (v[6] - '0');
	int d = (v[8] - '0') * 10 + (v[9] - '0');
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1] + (m == 2 && leap))
		return lw_im_reject(im, col, "'%s' bestaat niet als datum", v);
	return LW_OK;
}

int lw_im_date(lw_importer *im, size_t col, int required, const char **out)
{
	const char *v = lw_im_get(im, col);
	*out = NULL;
	if (!*v)
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	int rc = lw_im_check_date(im, col, v);
	if (rc == LW_OK)
		*out = v;
	return rc;
}

int lw_im_enum(lw_importer *im, size_t col, const char *const *allowed, int required,
	       const char **out)
{
	const char *v = lw_im_get(im, col);
	*out = NULL;
	if (!*v)
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	for (size_t i = 0; allowed[i]; i++)
		if (strcasecmp(v, allowed[i]) == 0) {
			*out = allowed[i];
			return LW_OK;
		}
	lw_buf list = LW_BUF_INIT;
	for (size_t i = 0; allowed[i]; i++)
		lw_buf_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
	lw_im_reject(im, col, "'%s' is geen van: %s", lw_im_show(im, v), lw_buf_cstr(&list));
	lw_buf_free(&list);
	return LW_EINPUT;
}

int lw_im_postcode(lw_importer *im, size_t col, int required, char out[8])
{
	const char *v = lw_im_get(im, col);
	out[0] = '\0';
	if (!*v)
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	if (!lw_geo_postcode_parse(v, out))
		return lw_im_reject(im, col,
				    "'%s' is geen postcode (4 cijfers van 1000 tot en met 9999, "
				    "eventueel gevolgd door 2 letters)",
				    lw_im_show(im, v));
	return LW_OK;
}

int lw_im_cents(lw_importer *im, size_t col, int required, long *out, int *present)
{
	const char *v = lw_im_get(im, col);
	if (present)
		*present = 0;
	if (!*v)
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	/* Euros, with at most two decimals after a comma or a point. */
	const char *p = v;
	long euros = 0, cents = 0;
	int digits = 0, decimals = -1;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (decimals >= 0) {
				if (++decimals > 2)
					break;
				cents = cents * 10 + (*p - '0');
			} else {
				if (++digits > 9)
					break;
				euros = euros * 10 + (*p - '0');
			}
		} else if ((*p == ',' || *p == '.') && decimals < 0 && digits) {
			decimals = 0;
		} else {
			break;
		}
	}
	if (*p || !digits || decimals == 0)
		return lw_im_reject(im, col,
				    "'%s' is geen bedrag in euro's (bijvoorbeeld 300 of 12,50)",
				    lw_im_show(im, v));
	if (decimals == 1)
		cents *= 10;
	*out = euros * 100 + cents;
	if (present)
		*present = 1;
	return LW_OK;
}

int lw_im_yesno(lw_importer *im, size_t col, int *out)
{
	static const char *const yes[] = {"ja", "1", "true", NULL};
	static const char *const no[] = {"nee", "0", "false", NULL};
	const char *v = lw_im_get(im, col);
	*out = 0;
	if (!*v)
		return LW_OK;
	for (size_t i = 0; yes[i]; i++)
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return LW_OK;
		}
	for (size_t i = 0; no[i]; i++)
		if (strcasecmp(v, no[i]) == 0)
			return LW_OK;
	return lw_im_reject(im, col, "'%s' is geen ja of nee", lw_im_show(im, v));
}

int lw_im_each(lw_importer *im, size_t col, int (*fn)(lw_importer *im, void *ud, char *item),
	       void *ud, size_t *count)
{
	char *copy = lw_arena_strdup(&im->arena, lw_im_get(im, col));
	if (!copy)
		return LW_ENOMEM;
	size_t n = 0;
	char *save = NULL;
	for (char *item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		lw_trim(item);
		if (!*item)
			continue;
		int rc = fn(im, ud, item);
		if (rc != LW_OK)
			return rc;
		n++;
	}
	if (count)
		*count = n;
	return LW_OK;
}

int lw_children_prepare(lw_store *s, lw_children *c, const char *table, const char *parent,
			const char *column, lw_err *err)
{
	lw_buf sql = LW_BUF_INIT;
	int rc = LW_OK;
	/* Sorted by SQLite's binary collation: the byte order of strcmp. */
	if (lw_buf_printf(&sql,
			  "SELECT group_concat(v, ';') FROM (SELECT %s AS v FROM %s WHERE %s = ?1 "
			  "ORDER BY v)",
			  column, table, parent) != LW_OK)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &c->list, lw_buf_cstr(&sql), err);
	lw_buf_reset(&sql);
	if (rc == LW_OK && lw_buf_printf(&sql, "DELETE FROM %s WHERE %s = ?1", table, parent))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &c->clear, lw_buf_cstr(&sql), err);
	lw_buf_reset(&sql);
	if (rc == LW_OK && lw_buf_printf(&sql, "INSERT INTO %s(%s, %s) VALUES(?1, ?2)", table,
					 parent, column))
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &c->add, lw_buf_cstr(&sql), err);
	lw_buf_free(&sql);
	return rc;
}

int lw_children_sync(lw_importer *im, lw_children *c, const char *key, const char *list,
		     int *changed, lw_err *err)
{
	sqlite3_bind_text(c->list, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(c->list) != SQLITE_ROW) {
		int rc = lw_store_fail(im->store, err, "opvragen mislukt");
		sqlite3_reset(c->list);
		return rc;
	}
	const char *have = (const char *)sqlite3_column_text(c->list, 0);
	int same = strcmp(have ? have : "", list) == 0;
	sqlite3_reset(c->list);
	if (same)
		return LW_OK;
	*changed = 1;
	int ignored = 0;
	sqlite3_bind_text(c->clear, 1, key, -1, SQLITE_STATIC);
	int rc = lw_im_step(im, c->clear, &ignored, err);
	for (const char *p = list; rc == LW_OK && *p;) {
		size_t n = strcspn(p, ";");
		sqlite3_bind_text(c->add, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->add, 2, p, (int)n, SQLITE_STATIC);
		rc = lw_im_step(im, c->add, &ignored, err);
		p += n + (p[n] == ';');
	}
	return rc;
}

void lw_children_free(lw_children *c)
{
	sqlite3_finalize(c->list);
	sqlite3_finalize(c->clear);
	sqlite3_finalize(c->add);
	memset(c, 0, sizeof *c);
}

int lw_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int lw_im_step(lw_importer *im, sqlite3_stmt *st, int *changed, lw_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		lw_buf at = LW_BUF_INIT;
		locate(im, &at);
		rc = lw_err_set(err, LW_EDB, "%s: schrijven mislukt: %s", lw_buf_cstr(&at),
				lw_store_errtext(im->store));
		lw_buf_free(&at);
		return rc;
	}
	if (sqlite3_changes(lw_store_db(im->store)) > 0)
		*changed = 1;
	return LW_OK;
}

int lw_im_load_map(lw_importer *im, const char *sql, lw_strmap **out, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(im->store, &st, sql, err);
	if (rc != LW_OK)
		return rc;
	if (lw_strmap_new(out) != LW_OK) {
		sqlite3_finalize(st);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	int two = sqlite3_column_count(st) > 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = two ? lw_arena_strdup(&im->arena,
						      (const char *)sqlite3_column_text(st, 1))
				    : NULL;
		if (!k || (two && sqlite3_column_type(st, 1) != SQLITE_NULL && !v) ||
		    lw_strmap_put(*out, k, (int64_t)(intptr_t)v, NULL) < 0) {
			sqlite3_finalize(st);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return lw_store_fail(im->store, err, "opvragen mislukt");
	return LW_OK;
}

int lw_im_map_get(const lw_strmap *m, const char *key, const char **value)
{
	int64_t v = 0;
	if (!lw_strmap_get(m, key, &v))
		return 0;
	if (value)
		*value = (const char *)(intptr_t)v;
	return 1;
}

/* ---- the import loop --------------------------------------------------- */

static int read_header(lw_importer *im, lw_err *err)
{
	const lw_ingest_kind *k = im->kind;
	const char *name = lw_csv_name(im->csv);
	lw_buf expected = LW_BUF_INIT;
	lw_ingest_kind_header(k, &expected);
	int rc = lw_csv_next(im->csv, err);
	if (rc == 0) {
		rc = lw_err_set(err, LW_EINPUT,
				"%s: het bestand is leeg; verwacht een kopregel met de kolommen: %s",
				name, lw_buf_cstr(&expected));
		goto out;
	}
	if (rc < 0) {
		if (rc == LW_EINPUT) {
			char why[sizeof err->msg];
			memcpy(why, err->msg, sizeof why);
			rc = lw_err_set(err, LW_EINPUT,
					"%s (kopregel); verwacht de kolommen: %s", why,
					lw_buf_cstr(&expected));
		}
		goto out;
	}
	size_t n = lw_csv_nfields(im->csv);
	for (size_t i = 0; i < k->ncols; i++)
		im->map[i] = -1;
	lw_buf unknown = LW_BUF_INIT, missing = LW_BUF_INIT, twice = LW_BUF_INIT;
	for (size_t f = 0; f < n; f++) {
		size_t len;
		char *h = lw_trim(lw_csv_field(im->csv, f, &len));
		if (!lw_utf8_valid(h, strlen(h), NULL)) {
			lw_buf_printf(&unknown, "%s(kolom %zu: geen geldige UTF-8)",
				      unknown.len ? ", " : "", f + 1);
			continue;
		}
		if (f)
			lw_buf_putc(&im->header_line, ',');
		lw_csv_write_field(&im->header_line, h);
		size_t i;
		for (i = 0; i < k->ncols; i++)
			if (strcasecmp(h, k->cols[i].name) == 0)
				break;
		if (i == k->ncols) {
			lw_buf_printf(&unknown, "%s'%s'", unknown.len ? ", " : "", h);
		} else if (im->map[i] >= 0) {
			lw_buf_printf(&twice, "%s'%s'", twice.len ? ", " : "", h);
		} else {
			im->map[i] = (int)f;
		}
	}
	for (size_t i = 0; i < k->ncols; i++)
		if (im->map[i] < 0 && !(k->cols[i].flags & COL_OPTIONAL))
			lw_buf_printf(&missing, "%s'%s'", missing.len ? ", " : "", k->cols[i].name);
	if (unknown.len || missing.len || twice.len) {
		lw_buf why = LW_BUF_INIT;
		if (missing.len)
			lw_buf_printf(&why, "ontbrekende kolommen: %s", missing.data);
		if (unknown.len)
			lw_buf_printf(&why, "%sonbekende kolommen: %s", why.len ? "; " : "",
				      unknown.data);
		if (twice.len)
			lw_buf_printf(&why, "%sdubbele kolommen: %s", why.len ? "; " : "",
				      twice.data);
		/* Dutch spreadsheets often save with semicolons: say so. */
		const char *hint = n == 1 && strchr(lw_csv_field(im->csv, 0, NULL), ';')
					   ? " Het bestand lijkt puntkomma's te gebruiken; leerwerk "
					     "verwacht komma's (CSV volgens RFC 4180)."
					   : "";
		rc = lw_err_set(err, LW_EINPUT,
				"%s:%ld: de kopregel past niet bij %s: %s. Verwacht de kolommen "
				"(volgorde vrij): %s.%s",
				name, lw_csv_line(im->csv), k->name, lw_buf_cstr(&why),
				lw_buf_cstr(&expected), hint);
		lw_buf_free(&why);
	} else {
		im->nheader = n;
		rc = LW_OK;
	}
	lw_buf_free(&unknown);
	lw_buf_free(&missing);
	lw_buf_free(&twice);
out:
	lw_buf_free(&expected);
	return rc;
}

/* ---- the rejects file --------------------------------------------------- */

/*
 * The rejects file of one run (one file, or all of `import reference`). It
 * is written to a temporary file beside it and renamed into place at the
 * end, whatever the outcome, so it always shows the last run: empty when
 * nothing was rejected, else for each file with bad rows its header and
 * those rows. It may not be any file the run reads or writes.
 */
typedef struct rejects_out {
	FILE *f;
	lw_buf tmp;
} rejects_out;

static int same_file(const char *a, const struct stat *sb)
{
	struct stat other;
	return stat(a, &other) == 0 && other.st_dev == sb->st_dev && other.st_ino == sb->st_ino;
}

static int rejects_open(rejects_out *out, const char *path, const char *const *inputs,
			size_t ninputs, lw_store *s, lw_err *err)
{
	memset(out, 0, sizeof *out);
	if (!path)
		return LW_OK;
	struct stat sb;
	if (stat(path, &sb) == 0) {
		const char *db = lw_store_path(s);
		lw_buf side = LW_BUF_INIT;
		int clash = 0;
		for (size_t i = 0; i < ninputs && !clash; i++)
			clash = same_file(inputs[i], &sb);
		for (int i = 0; i < 3 && !clash; i++) {
			lw_buf_reset(&side);
			lw_buf_printf(&side, "%s%s", db, (const char *[]){"", "-wal", "-shm"}[i]);
			clash = same_file(lw_buf_cstr(&side), &sb);
		}
		lw_buf_free(&side);
		if (clash)
			return lw_err_set(err, LW_EUSAGE,
					  "--rejects %s is een bestand dat de import zelf leest of "
					  "schrijft; kies een ander bestand",
					  path);
	}
	if (lw_buf_printf(&out->tmp, "%s.tmp-%ld", path, (long)getpid()) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	out->f = fopen(lw_buf_cstr(&out->tmp), "wb");
	if (!out->f) {
		int e = errno;
		lw_buf_free(&out->tmp);
		return lw_err_set(err, LW_EIO, "--rejects %s: kan het bestand niet schrijven: %s",
				  path, lw_errno_text(e));
	}
	return LW_OK;
}

/* Puts the rejects file in place; keeps rc, or reports a failed write. */
static int rejects_close(rejects_out *out, const char *path, int rc, lw_err *err)
{
	if (!out->f)
		return rc;
	int bad = ferror(out->f);
	bad |= fclose(out->f) != 0;
	if (!bad && rename(lw_buf_cstr(&out->tmp), path) != 0)
		bad = 1;
	if (bad) {
		int e = errno;
		unlink(lw_buf_cstr(&out->tmp));
		if (rc == LW_OK)
			rc = lw_err_set(err, LW_EIO, "--rejects %s: schrijven mislukt: %s", path,
					lw_errno_text(e));
	}
	lw_buf_free(&out->tmp);
	return rc;
}

/* Checks what every row must satisfy before the kind looks at it. */
static int check_record(lw_importer *im)
{
	size_t n = lw_csv_nfields(im->csv);
	if (n != im->nheader) {
		lw_buf why = LW_BUF_INIT;
		lw_buf_printf(&why, "%s velden: %zu, verwacht %zu zoals in de kopregel",
			      n < im->nheader ? "te weinig" : "te veel", n, im->nheader);
		reject_row(im, NULL, lw_buf_cstr(&why));
		lw_buf_free(&why);
		return LW_EINPUT;
	}
	int ascii = lw_csv_ascii(im->csv);
	for (size_t f = 0; f < n; f++) {
		size_t len, bad;
		char *v = lw_csv_field(im->csv, f, &len);
		if (!ascii && !lw_utf8_valid(v, len, &bad)) {
			const char *column = NULL;
			for (size_t i = 0; i < im->kind->ncols; i++)
				if (im->map[i] == (int)f)
					column = im->kind->cols[i].name;
			lw_buf why = LW_BUF_INIT;
			lw_buf_printf(&why, "geen geldige UTF-8 (byte %zu van het veld)", bad + 1);
			reject_row(im, column ? column : "?", lw_buf_cstr(&why));
			lw_buf_free(&why);
			return LW_EINPUT;
		}
		lw_trim_n(v, len);
	}
	return LW_OK;
}

static int list_absent(lw_importer *im, lw_err *err)
{
	lw_ingest_result *r = im->res;
	sqlite3_stmt *st, *del = NULL;
	/*
	 * A file that came sorted by key is merged with the keys in key order
	 * (the primary key's own order: no sort, no hashing); otherwise each
	 * key of the store is looked up in the file's key set.
	 */
	int merge = lw_keyset_sorted(im->seen);
	lw_buf sql = LW_BUF_INIT;
	if (lw_buf_printf(&sql, "%s%s", im->keys_sql, merge ? " ORDER BY 1" : "") != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	int rc = lw_store_prepare(im->store, &st, lw_buf_cstr(&sql), err);
	lw_buf_free(&sql);
	if (rc != LW_OK)
		return rc;
	size_t next = 0, nkeys = lw_keyset_count(im->seen);
	int prune = im->opts->prune && im->writing && r->rejected == 0;
	if (prune && (rc = lw_store_prepare(im->store, &del, im->delete_sql, err)) != LW_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	/* Collect first: deleting while the query walks the table is unsafe. */
	lw_arena keys = LW_ARENA_INIT;
	const char **all = NULL;
	size_t nall = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		if (!k)
			continue;
		int in_file;
		if (merge) {
			int cmp = 1;
			while (next < nkeys && (cmp = strcmp(lw_keyset_at(im->seen, next), k)) < 0)
				next++;
			in_file = next < nkeys && cmp == 0;
		} else {
			in_file = lw_keyset_has(im->seen, k);
		}
		if (in_file || (im->rejected && lw_strmap_get(im->rejected, k, NULL)))
			continue;
		r->absent++;
		if (r->nabsent_keys < LW_INGEST_ABSENT_MAX)
			r->absent_keys[r->nabsent_keys++] = lw_arena_strdup(&r->arena, k);
		if (!prune)
			continue;
		if (nall == cap) {
			cap = cap ? 2 * cap : 64;
			const char **p = lw_realloc(all, cap * sizeof *p);
			if (!p) {
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
				goto out;
			}
			all = p;
		}
		if (!(all[nall++] = lw_arena_strdup(&keys, k))) {
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = lw_store_fail(im->store, err, "opvragen mislukt");
		goto out;
	}
	for (size_t i = 0; i < nall; i++) {
		sqlite3_bind_text(del, 1, all[i], -1, SQLITE_STATIC);
		step = sqlite3_step(del);
		sqlite3_reset(del);
		if (step != SQLITE_DONE) {
			if ((sqlite3_extended_errcode(lw_store_db(im->store)) & 0xff) ==
			    SQLITE_CONSTRAINT)
				rc = lw_err_set(err, LW_EINPUT,
						"%s: kan '%s' niet verwijderen (--prune): andere "
						"gegevens verwijzen er nog naar; importeer die eerst "
						"opnieuw. Er is niets veranderd.",
						im->name, all[i]);
			else
				rc = lw_store_fail(im->store, err, "verwijderen mislukt");
			goto out;
		}
		r->pruned++;
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(del);
	lw_free(all);
	lw_arena_free(&keys);
	return rc;
}

static int log_import(lw_importer *im, lw_err *err)
{
	lw_ingest_result *r = im->res;
	sqlite3_stmt *st;
	int rc = lw_store_prepare(im->store, &st,
				  "INSERT INTO import_log(kind, source, rows, added, changed, "
				  "unchanged, absent, pruned, rejected) VALUES(?,?,?,?,?,?,?,?,?)",
				  err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->source, -1, SQLITE_STATIC);
	long v[] = {r->rows, r->added, r->changed, r->unchanged, r->absent, r->pruned, r->rejected};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(st, 3 + i, v[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = lw_store_fail(im->store, err, "importlog schrijven mislukt");
	sqlite3_finalize(st);
	return rc;
}

/* Formats SQL for a kind's table into the import's arena; NULL when out of memory. */
static const char *table_sql(lw_importer *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *table_sql(lw_importer *im, const char *fmt, ...)
{
	lw_buf sql = LW_BUF_INIT;
	const char *out = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (lw_buf_vprintf(&sql, fmt, ap) == LW_OK)
		out = lw_arena_strdup(&im->arena, sql.data);
	va_end(ap);
	lw_buf_free(&sql);
	return out;
}

/* The kind's count, key list and delete statements: its own, or derived. */
static int kind_sql(lw_importer *im, lw_err *err)
{
	const lw_ingest_kind *k = im->kind;
	im->count_sql = k->count_sql ? k->count_sql
				     : table_sql(im, "SELECT count(*) FROM %s", k->table);
	im->keys_sql = k->keys_sql ? k->keys_sql
				   : table_sql(im, "SELECT %s FROM %s", k->key, k->table);
	im->delete_sql = k->delete_sql
				 ? k->delete_sql
				 : table_sql(im, "DELETE FROM %s WHERE %s = ?1", k->table, k->key);
	if (!im->count_sql || !im->keys_sql || !im->delete_sql)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return LW_OK;
}

/*
 * Runs one kind inside the caller's transaction: on the CSV file path, or
 * (part not NULL) on the records that part lists from the JSON document.
 */
static int run_kind(lw_store *s, const lw_ingest_kind *k, const char *path,
		    const lw_ingest_opts *opts, FILE *rejects, lw_json_doc *doc,
		    const lw_json_part *part, lw_ingest_result *r, lw_err *err)
{
	static const lw_ingest_opts no_opts;
	if (!opts)
		opts = &no_opts;
	r->kind = k->name;
	r->title = k->help;
	r->source = lw_arena_strdup(&r->arena, path);

	lw_importer im;
	memset(&im, 0, sizeof im);
	im.store = s;
	im.name = path;
	im.doc = doc;
	im.kind = k;
	im.opts = opts;
	im.res = r;
	im.writing = 1;
	im.rejects = rejects;
	void *state = NULL;
	int rc = LW_OK;
	int64_t before = 0, after = 0;
	long changed_rows = 0;
	uint64_t total = 0;
	struct stat sb;

	if (k->state_size && !(state = lw_calloc(1, k->state_size)))
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if ((rc = kind_sql(&im, err)) != LW_OK)
		goto out;
	if (part) {
		if ((rc = lw_json_list(doc, part, err)) != LW_OK)
			goto out;
		if (lw_json_rec_new(doc, k->ncols, &im.rec) != LW_OK) {
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
			goto out;
		}
	} else {
		if ((rc = lw_csv_open(&im.csv, path, err)) != LW_OK)
			goto out;
		if (stat(path, &sb) == 0)
			im.total_bytes = total = (uint64_t)sb.st_size;
		lw_csv_set_max_record(im.csv, opts->max_record ? opts->max_record
							       : LW_CSV_MAX_RECORD_DEFAULT);
	}
	if (lw_keyset_new(&im.seen) != LW_OK) {
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		goto out;
	}
	if (!part && (rc = read_header(&im, err)) != LW_OK)
		goto out;
	if (k->begin && (rc = k->begin(&im, state, err)) != LW_OK)
		goto out;
	if ((rc = lw_store_int(s, im.count_sql, &before, err)) != LW_OK)
		goto out;

	for (size_t i = 0;; i++) {
		lw_err rerr;
		lw_err_clear(&rerr);
		im.row_rejected = 0;
		int got;
		if (part) {
			if ((got = i < lw_json_count(doc)))
				lw_json_rec_load(im.rec, i);
		} else {
			got = lw_csv_next(im.csv, &rerr);
		}
		if (got == 0)
			break;
		if (got == LW_EINPUT) {
			/* The reader's message starts with "FILE:LINE: ": keep the reason. */
			int pre = snprintf(NULL, 0, "%s:%ld: ", lw_csv_name(im.csv),
					   lw_csv_line(im.csv));
			size_t skip = pre > 0 && (size_t)pre < strlen(rerr.msg) ? (size_t)pre : 0;
			reject_row(&im, NULL, rerr.msg + skip);
			r->rows++;
			continue;
		}
		if (got < 0) {
			*err = rerr;
			rc = got;
			goto out;
		}
		r->rows++;
		/* A CSV record is checked as a record, a JSON one mapped onto the
		 * columns; then the kind's row function checks the fields. */
		int changed = 0;
		lw_err_clear(err);
		int krc = part ? part->map(&im, doc, im.rec, err) : check_record(&im);
		if (krc == LW_OK)
			krc = k->row(&im, state, &changed, err);
		if (krc != LW_OK && krc != LW_EINPUT) {
			/* Helpers without an err (lw_im_claim_key, lw_im_each)
			 * report only the code: give it words here. */
			if (err && !err->msg[0]) {
				lw_buf at = LW_BUF_INIT;
				locate(&im, &at);
				lw_err_set(err, krc, "%s: %s", lw_buf_cstr(&at),
					   krc == LW_ENOMEM ? "onvoldoende geheugen"
							    : lw_strerror(krc));
				lw_buf_free(&at);
			}
			rc = krc;
			goto out;
		}
		if (krc == LW_OK && im.writing && changed)
			changed_rows++;
		if (opts->progress && (r->rows & 4095) == 0)
			opts->progress(opts->progress_ud, k->name, r->rows,
				       im.csv ? lw_csv_offset(im.csv) : 0, total);
	}
	if (opts->progress)
		opts->progress(opts->progress_ud, k->name, r->rows,
			       im.csv ? lw_csv_offset(im.csv) : 0, total);
	if (k->rows_done && (rc = k->rows_done(&im, state, err)) != LW_OK)
		goto out;
	if (!im.writing)
		goto out; /* rejected: the caller rolls back */
	if ((rc = lw_store_int(s, im.count_sql, &after, err)) != LW_OK)
		goto out;
	r->added = (long)(after - before);
	r->changed = changed_rows - r->added;
	r->unchanged = r->rows - r->rejected - changed_rows;
	if (!(part && part->keep_others) && (rc = list_absent(&im, err)) != LW_OK)
		goto out;
	if (k->finish && (rc = k->finish(&im, state, err)) != LW_OK)
		goto out;
	if (part && lw_json_note(doc) && !r->note)
		lw_im_note(&im, lw_json_note(doc));
	rc = log_import(&im, err);
out:
	/* State is zeroed at birth, so end() can release a half-made begin(). */
	if (state && k->end)
		k->end(state);
	lw_free(state);
	lw_strmap_free(im.rejected);
	lw_csv_close(im.csv);
	lw_json_rec_free(im.rec);
	lw_keyset_free(im.seen);
	lw_buf_free(&im.scratch);
	lw_buf_free(&im.header_line);
	lw_arena_free(&im.arena);
	if (rc == LW_OK && r->rejected && !opts->skip_invalid) {
		rc = lw_err_set(err, LW_EINPUT,
				"%s: %ld %s afgekeurd; er is niets geïmporteerd", path,
				r->rejected,
				part ? (r->rejected == 1 ? "object" : "objecten")
				     : (r->rejected == 1 ? "rij" : "rijen"));
	}
	return rc;
}

static int cache_kib(const lw_ingest_opts *opts)
{
	return opts && opts->cache_kib > 0 ? opts->cache_kib : LW_INGEST_CACHE_KIB;
}

/* 1 when path is a file at least as large as a bulk kind's import must be to take the store. */
static int worth_taking(const char *path, const lw_ingest_opts *opts)
{
	struct stat sb;
	long min = opts && opts->alone_bytes > 0 ? opts->alone_bytes : LW_INGEST_ALONE_BYTES;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= min;
}

static int touches_network(const lw_ingest_kind *k)
{
	return k == &lw_kind_regions || k == &lw_kind_municipalities || k == &lw_kind_desks;
}

/* The parts of a JSON kind, one after the other, on one parsed document. */
static int run_json(lw_store *s, const lw_ingest_kind *k, const char *path,
		    const lw_ingest_opts *opts, FILE *rejects, lw_ingest_result *results,
		    size_t *nresults, lw_err *err)
{
	const lw_json_format *f = k->json;
	lw_json_doc *doc = NULL;
	/* A file that does not parse still says what it was read as. */
	results[0].kind = f->parts[0].kind->name;
	results[0].title = k->help;
	results[0].source = lw_arena_strdup(&results[0].arena, path);
	int rc = lw_json_load(path, f, &doc, err);
	for (size_t i = 0; rc == LW_OK && i < f->nparts; i++) {
		*nresults = i + 1;
		rc = run_kind(s, f->parts[i].kind, path, opts, rejects, doc, &f->parts[i],
			      &results[i], err);
	}
	lw_json_free(doc);
	return rc;
}

int lw_ingest_file(lw_store *s, const lw_ingest_kind *k, const char *path,
		   const lw_ingest_opts *opts, lw_ingest_result *r, lw_err *err)
{
	size_t n;
	if (lw_ingest_kind_parts(k) != 1) {
		memset(r, 0, sizeof *r);
		return lw_err_set(err, LW_EUSAGE,
				  "%s schrijft %zu registers: gebruik lw_ingest_file_parts", k->name,
				  lw_ingest_kind_parts(k));
	}
	return lw_ingest_file_parts(s, k, path, opts, r, &n, err);
}

int lw_ingest_file_parts(lw_store *s, const lw_ingest_kind *k, const char *path,
			 const lw_ingest_opts *opts, lw_ingest_result *results,
			 size_t *nresults, lw_err *err)
{
	memset(results, 0, lw_ingest_kind_parts(k) * sizeof *results);
	*nresults = 1;
	lw_ingest_result *r = &results[0];
	rejects_out rej;
	const char *rejects_path = opts ? opts->rejects_path : NULL;
	int rc = rejects_open(&rej, rejects_path, &path, 1, s, err);
	if (rc != LW_OK)
		return rc;
	rc = lw_store_set_cache(s, cache_kib(opts), err);
	int taken = 0;
	if (rc == LW_OK && k->bulk)
		rc = lw_store_set_large_sorts(s, 1, err);
	/* A large file of a bulk kind takes the store when nobody else has it
	 * open; when the switch fails, the import goes on in the WAL. */
	if (rc == LW_OK && k->bulk && worth_taking(path, opts))
		lw_store_take(s, &taken, NULL);
	if (rc == LW_OK)
		rc = lw_store_begin(s, err);
	/* Another writer may have opened the store since, and put it back in the WAL. */
	r->taken = rc == LW_OK && taken && lw_store_taken(s);
	if (rc == LW_OK && k->json)
		rc = run_json(s, k, path, opts, rej.f, results, nresults, err);
	else if (rc == LW_OK)
		rc = run_kind(s, k, path, opts, rej.f, NULL, NULL, r, err);
	if (rc == LW_OK && touches_network(k))
		rc = lw_geo_sync_default_desks(s, NULL, err);
	if (rc == LW_OK && (k == &lw_kind_qualifications || k == &lw_kind_occupations))
		rc = lw_links_derive(s, NULL, err); /* derived links follow the names */
	/* The rejects file goes in place before the commit: if that fails, the
	 * import is rolled back rather than reported as failed after all. */
	rc = rejects_close(&rej, rejects_path, rc, err);
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc == LW_OK)
		for (size_t i = 0; i < *nresults; i++)
			results[i].committed = 1;
	else
		lw_store_rollback(s);
	lw_store_set_cache(s, 0, NULL);
	if (k->bulk)
		lw_store_set_large_sorts(s, 0, NULL);
	/* What the import wrote stands; should the switch back fail (the store
	 * busy for longer than the timeout), the next writer to open the store
	 * switches it (lw_store_open), and the summary says so. */
	if (taken && lw_store_give_back(s, NULL) != LW_OK)
		r->note = "de database kon niet terug naar WAL (bezet); de volgende leerwerk-opdracht "
			  "die schrijft, zet haar terug";
	return rc;
}

size_t lw_ingest_reference_count(void)
{
	return NREFERENCE;
}

int lw_ingest_reference(lw_store *s, const char *data_dir, const lw_ingest_opts *opts,
			lw_ingest_result *results, size_t *nresults, lw_err *err)
{
	*nresults = 0;
	lw_buf paths[NREFERENCE];
	const char *inputs[NREFERENCE];
	for (size_t i = 0; i < NREFERENCE; i++) {
		paths[i] = (lw_buf)LW_BUF_INIT;
		if (lw_buf_printf(&paths[i], "%s/%s", data_dir, kinds[i]->file) != LW_OK) {
			for (size_t k = 0; k <= i; k++)
				lw_buf_free(&paths[k]);
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		}
		inputs[i] = lw_buf_cstr(&paths[i]);
	}
	rejects_out rej;
	const char *rejects_path = opts ? opts->rejects_path : NULL;
	int rc = rejects_open(&rej, rejects_path, inputs, NREFERENCE, s, err);
	if (rc == LW_OK)
		rc = lw_store_set_cache(s, cache_kib(opts), err);
	if (rc == LW_OK)
		rc = lw_store_begin(s, err);
	for (size_t i = 0; i < NREFERENCE && rc == LW_OK; i++) {
		memset(&results[i], 0, sizeof results[i]);
		*nresults = i + 1;
		rc = run_kind(s, kinds[i], inputs[i], opts, rej.f, NULL, NULL, &results[i], err);
	}
	if (rc == LW_OK)
		rc = lw_geo_sync_default_desks(s, NULL, err);
	if (rc == LW_OK)
		rc = lw_links_derive(s, NULL, err);
	rc = rejects_close(&rej, rejects_path, rc, err); /* before the commit, as above */
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc == LW_OK) {
		for (size_t i = 0; i < *nresults; i++)
			results[i].committed = 1;
	} else {
		lw_store_rollback(s);
	}
	lw_store_set_cache(s, 0, NULL);
	for (size_t i = 0; i < NREFERENCE; i++)
		lw_buf_free(&paths[i]);
	return rc;
}

/* ---- normalised lists ------------------------------------------------------- */

static int list_collect(lw_importer *im, void *ud, char *item)
{
	lw_im_list *l = ud;
	int rc = l->check(im, l->col, l->ud, item);
	if (rc != LW_OK)
		return rc;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		const char **p = lw_realloc(l->items, cap * sizeof *p);
		if (!p)
			return LW_ENOMEM;
		l->items = p;
		l->cap = cap;
	}
	l->items[l->n++] = item;
	return LW_OK;
}

static int list_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lw_im_list_parse(lw_importer *im, size_t col, int required, lw_im_check check,
		     const void *ud, lw_im_list *l, lw_err *err)
{
	lw_buf_reset(&l->joined);
	l->n = 0;
	l->col = col;
	l->check = check;
	l->ud = ud;
	int rc = lw_im_each(im, col, list_collect, l, NULL);
	if (rc == LW_ENOMEM)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc != LW_OK)
		return rc;
	if (!l->n)
		return required ? lw_im_reject(im, col, "is leeg, maar verplicht") : LW_OK;
	qsort(l->items, l->n, sizeof *l->items, list_cmp);
	for (size_t i = 0; i < l->n; i++) {
		if (i && strcmp(l->items[i], l->items[i - 1]) == 0)
			return lw_im_reject(im, col, "'%s' staat er twee keer in",
					    lw_im_show(im, l->items[i]));
		if (lw_buf_printf(&l->joined, "%s%s", i ? ";" : "", l->items[i]) != LW_OK)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	return LW_OK;
}

void lw_im_list_free(lw_im_list *l)
{
	lw_buf_free(&l->joined);
	lw_free(l->items);
}

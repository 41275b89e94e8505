/*
 * json_source.c - the second record source of the import framework. A JSON
 * file is parsed whole (jansson). A format (json_ooapi.c, json_jsonld.c)
 * checks the document's shape, lists the JSON objects that are records, and
 * maps one record at a time onto the columns of a CSV kind; ingest.c then
 * runs that kind's own row function on it. This file holds the document, the
 * record under way and the helpers the formats share (json_map.h).
 */
#include "json_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lw_json_doc {
	const char *name; /* the file, for messages */
	json_t *root;
	const lw_json_format *fmt;
	void *model;
	const char *note;
	/* The records of the part under way. */
	struct json_entry {
		json_t *obj;
		const char *path;
	} *recs;
	size_t nrecs, cap;
	lw_arena arena;	     /* lives as long as the document */
	lw_arena list_arena; /* the paths of the part under way */
};

struct lw_json_rec {
	lw_json_doc *doc;
	size_t index, ncols, nslots;
	const char *value[LW_INGEST_MAX_COLS];
	const char *field[LW_INGEST_MAX_COLS];
	lw_arena arena; /* this record's values and fields */
};

/* ---- the document -------------------------------------------------------- */

/* Reads the whole file into b. */
static int read_all(const char *path, lw_buf *b, lw_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return lw_err_set(err, LW_EIO, "%s: kan het bestand niet openen: %s", path,
				  lw_errno_text(errno));
	char chunk[65536];
	size_t n;
	int rc = LW_OK;
	while (rc == LW_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (lw_buf_append(b, chunk, n) != LW_OK)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc == LW_OK && ferror(f))
		rc = lw_err_set(err, LW_EIO, "%s: kan het bestand niet lezen: %s", path,
				lw_errno_text(errno));
	fclose(f);
	return rc;
}

int lw_json_load(const char *path, const lw_json_format *fmt, lw_json_doc **out, lw_err *err)
{
	*out = NULL;
	lw_buf text = LW_BUF_INIT;
	int rc = read_all(path, &text, err);
	if (rc != LW_OK) {
		lw_buf_free(&text);
		return rc;
	}
	/* A UTF-8 byte-order mark is allowed (RFC 8259) and skipped. */
	size_t skip = text.len >= 3 && memcmp(text.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	json_error_t je;
	/* Duplicate member names would make a record ambiguous: refused. */
	json_t *root = json_loadb(text.data ? text.data + skip : "", text.len - skip,
				  JSON_REJECT_DUPLICATES, &je);
	lw_buf_free(&text);
	if (!root) {
		if (json_error_code(&je) == json_error_out_of_memory)
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		/* The mark counts as the first column of line 1. */
		int column = je.column + (skip && je.line == 1);
		return lw_err_set(err, LW_EINPUT, "%s:%d:%d: ongeldige JSON: %s", path, je.line,
				  column, je.text);
	}
	lw_json_doc *d = lw_calloc(1, sizeof *d);
	if (!d || !(d->name = lw_arena_strdup(&d->arena, path))) {
		lw_free(d);
		json_decref(root);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	d->root = root;
	d->fmt = fmt;
	*out = d;
	rc = fmt->prepare ? fmt->prepare(d, err) : LW_OK;
	if (rc == LW_ENOMEM && !err->msg[0])
		lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return rc;
}

void lw_json_free(lw_json_doc *d)
{
	if (!d)
		return;
	if (d->model && d->fmt->release)
		d->fmt->release(d->model);
	json_decref(d->root);
	lw_free(d->recs);
	lw_arena_free(&d->list_arena);
	lw_arena_free(&d->arena);
	lw_free(d);
}

int lw_json_list(lw_json_doc *d, const lw_json_part *part, lw_err *err)
{
	d->nrecs = 0;
	d->note = NULL;
	lw_arena_free(&d->list_arena);
	lw_err_clear(err);
	int rc = part->list(d, err);
	if (rc == LW_ENOMEM && !err->msg[0])
		lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return rc;
}

size_t lw_json_count(const lw_json_doc *d)
{
	return d->nrecs;
}

const char *lw_json_path(const lw_json_doc *d, size_t i)
{
	return i < d->nrecs ? d->recs[i].path : "?";
}

const char *lw_json_note(const lw_json_doc *d)
{
	return d->note;
}

json_t *lw_json_root(const lw_json_doc *d)
{
	return d->root;
}

const char *lw_json_name(const lw_json_doc *d)
{
	return d->name;
}

void *lw_json_model(const lw_json_doc *d)
{
	return d->model;
}

void lw_json_set_model(lw_json_doc *d, void *model)
{
	d->model = model;
}

void lw_json_set_note(lw_json_doc *d, const char *note)
{
	d->note = lw_arena_strdup(&d->list_arena, note);
}

lw_arena *lw_json_arena(lw_json_doc *d)
{
	return &d->arena;
}

int lw_json_add(lw_json_doc *d, json_t *obj, const char *fmt, ...)
{
	lw_buf path = LW_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int rc = lw_buf_vprintf(&path, fmt, ap);
	va_end(ap);
	const char *p = rc == LW_OK ? lw_arena_strdup(&d->list_arena, lw_buf_cstr(&path)) : NULL;
	lw_buf_free(&path);
	if (!p)
		return LW_ENOMEM;
	if (d->nrecs == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct json_entry *r = lw_realloc(d->recs, cap * sizeof *r);
		if (!r)
			return LW_ENOMEM;
		d->recs = r;
		d->cap = cap;
	}
	d->recs[d->nrecs].obj = obj;
	d->recs[d->nrecs].path = p;
	d->nrecs++;
	return LW_OK;
}

/* ---- the record under way ------------------------------------------------ */

int lw_json_rec_new(lw_json_doc *d, size_t ncols, lw_json_rec **out)
{
	*out = lw_calloc(1, sizeof **out);
	if (!*out)
		return LW_ENOMEM;
	(*out)->doc = d;
	(*out)->ncols = ncols < LW_INGEST_MAX_COLS ? ncols : LW_INGEST_MAX_COLS;
	return LW_OK;
}

void lw_json_rec_free(lw_json_rec *r)
{
	if (!r)
		return;
	lw_arena_free(&r->arena);
	lw_free(r);
}

void lw_json_rec_load(lw_json_rec *r, size_t i)
{
	lw_arena_free(&r->arena);
	memset(r->value, 0, sizeof r->value);
	memset(r->field, 0, sizeof r->field);
	r->index = i;
	r->nslots = 0;
}

size_t lw_json_rec_index(const lw_json_rec *r)
{
	return r->index;
}

const char *lw_json_rec_path(const lw_json_rec *r)
{
	return lw_json_path(r->doc, r->index);
}

json_t *lw_json_obj(const lw_json_rec *r)
{
	return r->index < r->doc->nrecs ? r->doc->recs[r->index].obj : NULL;
}

const char *lw_json_get(const lw_json_rec *r, size_t col)
{
	return col < LW_INGEST_MAX_COLS && r->value[col] ? r->value[col] : "";
}

const char *lw_json_field(const lw_json_rec *r, size_t col)
{
	return col < LW_INGEST_MAX_COLS ? r->field[col] : NULL;
}

size_t lw_json_col(const lw_ingest_kind *k, const char *name)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return LW_NO_COL;
}

int lw_json_set(lw_json_rec *r, size_t col, const char *value, const char *field)
{
	if (col >= LW_INGEST_MAX_COLS)
		return LW_OK; /* no such column: nothing to keep */
	if (field && !(r->field[col] = lw_arena_strdup(&r->arena, field)))
		return LW_ENOMEM;
	r->value[col] = NULL;
	if (!value)
		return LW_OK;
	/* As a CSV field is: trimmed of ASCII white space. */
	char *v = lw_arena_strdup(&r->arena, value);
	if (!v)
		return LW_ENOMEM;
	r->value[col] = lw_trim(v);
	return LW_OK;
}

size_t lw_json_slot(lw_json_rec *r, const char *value, const char *field)
{
	size_t col = r->ncols + r->nslots;
	if (col >= LW_INGEST_MAX_COLS || lw_json_set(r, col, value, field) != LW_OK)
		return LW_NO_COL;
	r->nslots++;
	return col;
}

int lw_json_reject(lw_importer *im, lw_json_rec *r, const char *field, const char *fmt, ...)
{
	lw_buf why = LW_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	lw_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	size_t col = field ? lw_json_slot(r, NULL, field) : LW_NO_COL;
	lw_im_reject(im, col, "%s", lw_buf_cstr(&why));
	lw_buf_free(&why);
	return LW_EINPUT;
}

void lw_json_write_reject(FILE *f, const lw_json_rec *r, const char *field, const char *reason)
{
	json_t *line = json_object();
	json_t *obj = lw_json_obj(r);
	if (!line || json_object_set_new(line, "pad", json_string(lw_json_rec_path(r))) ||
	    json_object_set_new(line, "veld", field && *field ? json_string(field) : json_null()) ||
	    json_object_set_new(line, "reden", json_string(reason)) ||
	    json_object_set(line, "object", obj ? obj : json_null())) {
		json_decref(line);
		fputs("{\"reden\": \"onvoldoende geheugen\"}\n", f);
		return;
	}
	json_dumpf(line, f, JSON_COMPACT);
	fputc('\n', f);
	json_decref(line);
}

/* ---- helpers for the formats (json_map.h) --------------------------------- */

const char *lw_json_kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "een object";
	case JSON_ARRAY:
		return "een lijst";
	case JSON_STRING:
		return "tekst";
	case JSON_INTEGER:
	case JSON_REAL:
		return "een getal";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true of false";
	case JSON_NULL:
	default:
		return "null";
	}
}

const char *lw_jm_field(lw_json_rec *r, const char *fmt, ...)
{
	lw_buf b = LW_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int rc = lw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *out = rc == LW_OK ? lw_arena_strdup(&r->arena, lw_buf_cstr(&b)) : NULL;
	lw_buf_free(&b);
	return out ? out : "?";
}

char *lw_jm_strdup(lw_json_rec *r, const char *s)
{
	return lw_arena_strdup(&r->arena, s);
}

int lw_jm_text(lw_importer *im, lw_json_rec *r, json_t *v, const char *field, const char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return LW_OK;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return LW_OK;
	}
	return lw_json_reject(im, r, field, "is geen tekst maar %s", lw_json_kind_of(v));
}

int lw_jm_object(lw_importer *im, lw_json_rec *r, json_t *v, const char *field, json_t **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return LW_OK;
	if (json_is_object(v)) {
		*out = v;
		return LW_OK;
	}
	return lw_json_reject(im, r, field, "is geen object maar %s", lw_json_kind_of(v));
}

/* How much a language tag is liked: Dutch first, then English, then the rest. */
static int language_rank(const char *tag)
{
	if (!tag)
		return 0;
	if (strncasecmp(tag, "nl", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
		return 2;
	if (strncasecmp(tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
		return 1;
	return 0;
}

int lw_jm_lang(lw_importer *im, lw_json_rec *r, json_t *v, const char *field, const char **out,
	       const char **from)
{
	*out = NULL;
	*from = field;
	if (!v || json_is_null(v))
		return LW_OK;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return LW_OK;
	}
	if (!json_is_array(v))
		return lw_json_reject(im, r, field,
				      "is geen tekst of lijst van {language, value} maar %s",
				      lw_json_kind_of(v));
	size_t i;
	json_t *item;
	int best = -1;
	json_array_foreach(v, i, item) {
		const char *value = NULL;
		if (json_is_object(item))
			value = json_string_value(json_object_get(item, "value"));
		if (!value)
			return lw_json_reject(im, r, lw_jm_field(r, "%s[%zu]", field, i),
					      "is geen {language, value} met tekst als value");
		int rank = language_rank(json_string_value(json_object_get(item, "language")));
		if (rank > best) {
			best = rank;
			*out = value;
			*from = lw_jm_field(r, "%s[%zu].value", field, i);
		}
	}
	return LW_OK;
}

int lw_jm_code(lw_importer *im, lw_json_rec *r, json_t *v, const char *field, const char **out)
{
	*out = NULL;
	if (json_is_integer(v)) {
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		*out = lw_arena_strdup(&r->arena, num);
		return *out ? LW_OK : LW_ENOMEM;
	}
	if (!v || json_is_null(v) || json_is_string(v))
		return lw_jm_text(im, r, v, field, out);
	return lw_json_reject(im, r, field, "is geen tekst of geheel getal maar %s",
			      lw_json_kind_of(v));
}

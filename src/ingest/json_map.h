/*
 * json_map.h - private to the JSON formats of the ingest room
 * (json_ooapi.c, json_jsonld.c): reading values out of a JSON record with
 * their types checked. Each helper that finds a value of the wrong type
 * rejects the record, naming the field ("startDate: is geen tekst maar een
 * getal"). Absent members and null are the same: no value.
 */
#ifndef LW_JSON_MAP_H
#define LW_JSON_MAP_H

#include <jansson.h>

#include "ingest_int.h"

/* A field name built like printf, in the record's memory ("?" when out of it). */
const char *lw_jm_field(lw_json_rec *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s copied into the record's memory; NULL when out of memory. */
char *lw_jm_strdup(lw_json_rec *rec, const char *s);
/* v as text: a string, else *out = NULL (no value) or a rejection. */
int lw_jm_text(lw_importer *im, lw_json_rec *rec, json_t *v, const char *field,
	       const char **out);
/* v as an object: *out = v, NULL (no value) or a rejection. */
int lw_jm_object(lw_importer *im, lw_json_rec *rec, json_t *v, const char *field,
		 json_t **out);
/* v as a code: a string, or a whole number written out. */
int lw_jm_code(lw_importer *im, lw_json_rec *rec, json_t *v, const char *field,
	       const char **out);
/*
 * A text that may come in several languages: a string, or OOAPI's list of
 * {language, value}. Picks Dutch (nl, nl-NL, ...), else English, else the
 * first. *from is the field the text came from ("name[1].value").
 */
int lw_jm_lang(lw_importer *im, lw_json_rec *rec, json_t *v, const char *field,
	       const char **out, const char **from);

#endif

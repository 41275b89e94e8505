/*
 * lw_json.h - the JSON answers shared by the command line and the server
 * (json.c): each returns a new value for the caller to release.
 */
#ifndef LW_JSON_H
#define LW_JSON_H

#include <jansson.h>

struct lw_results;
struct lw_routes_result;
struct lw_registration;

/* A new JSON string, or null for NULL: a new reference, for json_pack "o". */
json_t *lw_json_str(const char *s);
json_t *lw_json_search(const char *q, const struct lw_results *r, int facets);
json_t *lw_json_routes(const struct lw_routes_result *r);
/* A registered trajectory (api.c): no BSN, no pseudonym. */
json_t *lw_json_registration(const struct lw_registration *r);

#endif

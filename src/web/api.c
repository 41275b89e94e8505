/*
 * api.c - the JSON API under /api/v1 (docs/internals/web.md; the contract
 * is web/static/openapi.json, checked against real answers by the browser
 * test): search, suggest, item by id, routes to a qualification, the desk
 * for a postcode or municipality, the regions, POST questions and POST
 * trajectories (the monitor's registrations, with a bearer token). Errors
 * are RFC 9457 problems in Dutch; read endpoints allow any origin (CORS).
 */
#include "lw_contact.h"
#include "lw_json.h"
#include "portal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

/* Sends j (released here) as the answer with status. */
static void send_json(lw_http_response *res, int status, json_t *j)
{
	char *s =
	    j ? json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(j);
	if (!s || lw_http_set_body(res, status, "application/json", s, strlen(s)) != LW_OK)
		lw_web_oom(res);
	free(s);
}

static void bad_param(lw_http_response *res, const char *name, const char *why)
{
	lw_buf b = LW_BUF_INIT;
	if (lw_buf_printf(&b, "Parameter '%s': %s.", name, why) != LW_OK)
		lw_web_oom(res);
	else
		lw_http_problem(res, 400, "Ongeldige parameter", b.data);
	lw_buf_free(&b);
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* ---- search and suggest -------------------------------------------------------------------- */

/* Sets why to "Parameter 'name': text." and returns -1. */
static int why_param(lw_buf *why, const char *name, const char *text)
{
	lw_buf_printf(why, "Parameter '%s': %s.", name, text);
	return -1;
}

/*
 * Query parameter name as a number from min to max in *out (def when absent
 * or empty): plain decimal digits, with one '.' unless whole. 0, or -1
 * with why set.
 */
static int opt_num(const lw_http_request *req, const char *name, double min, double max, int whole,
                   double def, double *out, lw_buf *why)
{
	const char *s = lw_http_query(req, name);
	*out = def;
	if (!s || !*s)
		return 0;
	size_t digits = strspn(s, "0123456789");
	int plain =
	    digits > 0 && (!s[digits] || (!whole && s[digits] == '.' && s[digits + 1] &&
	                                  !s[digits + 1 + strspn(s + digits + 1, "0123456789")]));
	double v = plain ? strtod(s, NULL) : 0;
	if (!plain || !(v >= min && v <= max)) {
		lw_buf_printf(why, "Parameter '%s': '%s' is geen %s van %g tot en met %g.", name, s,
		              whole ? "geheel getal" : "getal", min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* opt_num for an endpoint: 0, or -1 after a 400 answer. */
static int param_num(const lw_http_request *req, lw_http_response *res, const char *name,
                     double min, double max, int whole, double def, double *out)
{
	lw_buf why = LW_BUF_INIT;
	int rc = opt_num(req, name, min, max, whole, def, out, &why);
	if (rc)
		lw_http_problem(res, 400, "Ongeldige parameter", why.data ? why.data : "");
	lw_buf_free(&why);
	return rc;
}

int lw_web_search_opts(const lw_http_request *req, lw_search_opts *o, const char **q, lw_buf *why)
{
	memset(o, 0, sizeof *o);
	const char *kind = nonempty(lw_http_query(req, "kind"));
	const char *near = nonempty(lw_http_query(req, "near"));
	const char *sort = nonempty(lw_http_query(req, "sort"));
	const char *facets = nonempty(lw_http_query(req, "facets"));
	*q = lw_http_query(req, "q");
	if (!*q)
		*q = "";
	if (kind && !lw_search_kind_known(kind))
		return why_param(why, "kind",
		                 "geen soort; kies uit kwalificatie, beroep, opleiding, evc, "
		                 "leerbedrijf, vacature, regeling of loket");
	double limit, offset, km;
	if (opt_num(req, "limit", 1, 1000, 1, 10, &limit, why) ||
	    opt_num(req, "offset", 0, 999, 1, 0, &offset, why) ||
	    opt_num(req, "km", 0.1, 500, 0, 0, &km, why))
		return -1;
	if (offset + limit > 1000)
		return why_param(
		    why, "offset",
		    "offset + limit mag hoogstens 1000 zijn (de eerste 1000 resultaten)");
	if (km && !near)
		return why_param(why, "km", "hoort bij 'near' (een postcode of plaats)");
	if (!sort || !strcmp(sort, "relevantie"))
		o->sort = LW_SORT_RELEVANCE;
	else if (!strcmp(sort, "afstand"))
		o->sort = LW_SORT_DISTANCE;
	else if (!strcmp(sort, "datum"))
		o->sort = LW_SORT_DATE;
	else
		return why_param(why, "sort", "kies relevantie, afstand of datum");
	if (o->sort == LW_SORT_DISTANCE && !near)
		return why_param(why, "sort", "afstand hoort bij 'near' (een postcode of plaats)");
	if (facets && strcmp(facets, "0") != 0 && strcmp(facets, "1") != 0)
		return why_param(why, "facets", "kies 0 of 1");
	o->kind = kind;
	o->limit = (size_t)limit;
	o->offset = (size_t)offset;
	o->near = near;
	o->km = km;
	o->facets = facets && !strcmp(facets, "1");
	return 0;
}

static void get_search(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	lw_search_opts o;
	const char *q;
	lw_buf why = LW_BUF_INIT;
	int bad = lw_web_search_opts(req, &o, &q, &why);
	if (bad)
		lw_http_problem(res, 400, "Ongeldige parameter", why.data ? why.data : "");
	lw_buf_free(&why);
	if (bad)
		return;
	if (!*q && !o.near && !o.kind) {
		bad_param(res, "q", "ontbreekt (geef een zoekvraag, 'near' of 'kind')");
		return;
	}
	lw_searcher *sr = lw_portal_searcher(p);
	if (!sr) {
		lw_web_oom(res);
		return;
	}
	lw_results r;
	lw_err err;
	lw_err_clear(&err);
	if (lw_searcher_run(sr, q, &o, &r, &err) == LW_OK)
		send_json(res, 200, lw_json_search(q, &r, o.facets));
	else
		lw_web_oom(res);
	lw_results_free(&r);
	lw_portal_searcher_put(p, sr);
}

static void get_suggest(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *q = nonempty(lw_http_query(req, "q"));
	if (!q) {
		bad_param(res, "q", "ontbreekt (het begin van een zoekvraag)");
		return;
	}
	lw_searcher *sr = lw_portal_searcher(p);
	if (!sr) {
		lw_web_oom(res);
		return;
	}
	lw_suggestions s;
	if (lw_searcher_suggest(sr, q, 8, &s) == LW_OK) {
		json_t *a = json_array();
		for (size_t i = 0; i < s.n; i++)
			json_array_append_new(a, json_string(s.items[i]));
		send_json(res, 200, json_pack("{s:s, s:o}", "begin", q, "suggesties", a));
	} else {
		lw_web_oom(res);
	}
	lw_suggestions_free(&s);
	lw_portal_searcher_put(p, sr);
}

/* ---- items and routes ---------------------------------------------------------------------- */

static void store_problem(lw_http_response *res, int rc, const lw_err *err)
{
	if (rc == LW_ENOTFOUND)
		lw_http_problem(res, 404, "Niet gevonden", err->msg);
	else if (rc == LW_EINPUT || rc == LW_EAMBIGUOUS)
		lw_http_problem(res, 400, "Ongeldige vraag", err->msg);
	else if (rc == LW_ENOMEM)
		lw_web_oom(res);
	else
		lw_http_problem(res, 500, "Interne fout", "De database gaf een fout.");
}

static json_t *item_json(const lw_item *it)
{
	json_t *fields = json_array(), *groups = json_array();
	for (size_t i = 0; i < it->nfields; i++) {
		const lw_item_field *f = &it->fields[i];
		json_t *o = json_pack("{s:s, s:s}", "naam", f->label, "waarde", f->value);
		if (f->link_kind && f->link_ref)
			json_object_set_new(
			    o, "verwijst_naar",
			    json_pack("{s:s, s:s}", "soort", f->link_kind, "sleutel", f->link_ref));
		json_array_append_new(fields, o);
	}
	for (size_t i = 0; i < it->ngroups; i++) {
		const lw_item_group *g = &it->groups[i];
		json_t *items = json_array();
		for (size_t k = 0; k < g->n; k++) {
			const lw_item_link *l = &g->links[k];
			json_array_append_new(
			    items,
			    json_pack("{s:o, s:s, s:s, s:o, s:b}", "soort", lw_json_str(l->kind),
			              "sleutel", l->ref, "titel", l->title, "toelichting",
			              lw_json_str(l->detail), "voorbeeld", l->example));
		}
		json_array_append_new(groups,
		                      json_pack("{s:s, s:I, s:o}", "naam", g->label, "totaal",
		                                (json_int_t)g->total, "items", items));
	}
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "soort", it->kind, "sleutel",
	    it->ref, "titel", it->title, "samenvatting", lw_json_str(it->summary), "voorbeeld",
	    it->example, "postcode", lw_json_str(it->postcode), "plaats", lw_json_str(it->place),
	    "website", lw_json_str(it->website), "velden", fields, "groepen", groups);
	if (!strcmp(it->kind, "evc"))
		json_object_set_new(j, "geldig", json_boolean(it->valid));
	return j;
}

static void get_item(lw_portal *p, const char *rest, lw_http_response *res)
{
	const char *slash = strchr(rest, '/');
	char kind[16];
	if (!slash || !slash[1]) {
		lw_http_problem(res, 404, "Niet gevonden",
		                "Vraag een item op als /api/v1/items/SOORT/SLEUTEL.");
		return;
	}
	snprintf(kind, sizeof kind, "%.*s", (int)(slash - rest), rest);
	if (slash - rest >= (long)sizeof kind || !lw_search_kind_known(kind)) {
		lw_http_problem(res, 404, "Niet gevonden",
		                "Onbekende soort; kies uit kwalificatie, beroep, opleiding, evc, "
		                "leerbedrijf, vacature, regeling of loket.");
		return;
	}
	lw_item it;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_item(p, kind, slash + 1, &it, &err);
	if (rc == LW_OK)
		send_json(res, 200, item_json(&it));
	else
		store_problem(res, rc, &err);
	lw_item_free(&it);
}

static void get_routes(lw_portal *p, const char *crebo, const lw_http_request *req,
                       lw_http_response *res)
{
	const char *near = nonempty(lw_http_query(req, "near"));
	double km;
	if (param_num(req, res, "km", 0.1, LW_ROUTES_KM_MAX, 0, LW_ROUTES_KM_DEFAULT, &km))
		return;
	if (nonempty(lw_http_query(req, "km")) && !near) {
		bad_param(res, "km", "hoort bij 'near' (een postcode of plaats)");
		return;
	}
	lw_routes_result r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_routes(p, crebo, near, km, &r, &err);
	if (rc == LW_OK)
		send_json(res, 200, lw_json_routes(&r));
	else
		store_problem(res, rc, &err);
	lw_routes_free(&r);
}

/* ---- desks and regions --------------------------------------------------------------------- */

static json_t *desk_json(const lw_desk *d)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "code", d->code,
	                 "naam", d->name, "adres", lw_json_str(d->address), "postcode",
	                 lw_json_str(d->postcode), "plaats", lw_json_str(d->place), "telefoon",
	                 lw_json_str(d->phone), "email", lw_json_str(d->email), "website",
	                 lw_json_str(d->website), "openingstijden", lw_json_str(d->opening_hours),
	                 "standaard", d->is_default);
}

static void get_desks(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *q = nonempty(lw_http_query(req, "plaats"));
	if (!q) {
		bad_param(res, "plaats", "ontbreekt (een postcode, gemeente of plaats)");
		return;
	}
	lw_where w;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_where(p, q, &w, &err);
	if (rc == LW_OK || rc == LW_EAMBIGUOUS) {
		json_t *ms = json_array();
		for (size_t i = 0; i < w.nmatches; i++) {
			const lw_municipality *m = &w.matches[i];
			json_t *ds = json_array();
			for (size_t k = 0; k < m->ndesks; k++)
				json_array_append_new(ds, desk_json(&m->desks[k]));
			json_array_append_new(ms, json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:o}",
			                                    "code", m->code, "naam", m->name,
			                                    "provincie", m->province, "regio",
			                                    "code", m->region_code, "naam",
			                                    m->region_name, "loketten", ds));
		}
		send_json(res, 200,
		          json_pack("{s:s, s:b, s:o, s:o, s:o}", "vraag", q, "eenduidig",
		                    rc == LW_OK, "postcode", lw_json_str(w.postcode), "plaats",
		                    lw_json_str(w.place), "gemeenten", ms));
	} else {
		store_problem(res, rc, &err);
	}
	lw_where_free(&w);
}

static void get_regions(lw_portal *p, lw_http_response *res)
{
	lw_region_list l;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_regions(p, &l, &err);
	if (rc != LW_OK) {
		store_problem(res, rc, &err);
		lw_region_list_free(&l);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < l.n; i++) {
		const lw_region *r = &l.regions[i];
		json_t *ds = json_array();
		for (size_t k = 0; k < r->ndesks; k++)
			json_array_append_new(ds, json_pack("{s:s, s:s}", "code", r->desks[k].code,
			                                    "naam", r->desks[k].name));
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:o}", "code", r->code, "naam",
		                                   r->name, "gemeenten",
		                                   (json_int_t)r->municipalities, "loketten", ds));
	}
	send_json(res, 200, json_pack("{s:I, s:o}", "totaal", (json_int_t)l.n, "regios", a));
	lw_region_list_free(&l);
}

/* ---- questions ------------------------------------------------------------------------------ */

static const char *jget(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

/*
 * The request body as a JSON object (a new reference), or NULL after a 400
 * saying not_object or where the JSON breaks; with_text adds jansson's
 * reason, which quotes the input near the error.
 */
static json_t *body_object(const lw_http_request *req, lw_http_response *res,
                           const char *not_object, int with_text)
{
	json_error_t jerr;
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (j && json_is_object(j))
		return j;
	lw_buf b = LW_BUF_INIT;
	if (j)
		lw_buf_puts(&b, not_object);
	else if (with_text)
		lw_buf_printf(&b, "Geen geldige JSON (regel %d, kolom %d): %s", jerr.line,
		              jerr.column, jerr.text);
	else
		lw_buf_printf(&b, "Geen geldige JSON (regel %d, kolom %d).", jerr.line,
		              jerr.column);
	lw_http_problem(res, 400, "Ongeldige JSON", b.data ? b.data : "");
	lw_buf_free(&b);
	json_decref(j);
	return NULL;
}

/* The request's name of a field of lw_question_in ("text" -> "vraag"). */
static const char *request_field(const char *field)
{
	static const char *const names[][2] = {
	    {"name", "naam"},
	    {"email", "email"},
	    {"phone", "telefoon"},
	    {"postcode", "postcode"},
	    {"target_group", "doelgroep"},
	    {"topic", "onderwerp"},
	    {"text", "vraag"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], field))
			return names[i][1];
	return field;
}

static void post_question(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *ct = lw_http_header(req, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		lw_http_problem(res, 415, "Verkeerd formaat",
		                "Stuur de vraag als JSON (Content-Type: application/json).");
		return;
	}
	if (!lw_guard_allow(p->guard, req->remote)) {
		lw_http_problem(res, 429, "Te veel vragen",
		                "Vanaf dit adres zijn in het afgelopen uur te veel vragen gesteld. "
		                "Probeer het later opnieuw of bel de helpdesk.");
		lw_http_add_header(res, "Retry-After", "3600");
		return;
	}
	json_t *j = body_object(req, res, "De vraag moet een JSON-object zijn.", 1);
	if (!j)
		return;
	int bad = 0;
	lw_question_in in = {
	    .name = jget(j, "naam", &bad),
	    .email = jget(j, "email", &bad),
	    .phone = jget(j, "telefoon", &bad),
	    .postcode = jget(j, "postcode", &bad),
	    .target_group = jget(j, "doelgroep", &bad),
	    .topic = jget(j, "onderwerp", &bad),
	    .text = jget(j, "vraag", &bad),
	};
	if (bad) {
		lw_http_problem(res, 400, "Ongeldige vraag",
		                "Elk veld (naam, email, telefoon, postcode, doelgroep, onderwerp, "
		                "vraag) is tekst of ontbreekt.");
		json_decref(j);
		return;
	}
	lw_question_receipt rc_;
	lw_question_errors errs;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_question_submit(p, &in, "api", &rc_, &errs, &err);
	json_decref(j);
	if (rc == LW_OK) {
		send_json(res, 201,
		          json_pack("{s:s, s:o}", "referentie", rc_.reference, "loket",
		                    desk_json(&rc_.desk)));
		lw_buf loc = LW_BUF_INIT;
		if (lw_buf_printf(&loc, "/vraag/ontvangen?ref=%s", rc_.reference) == LW_OK)
			lw_http_add_header(res, "Location", loc.data);
		lw_buf_free(&loc);
	} else if (rc == LW_EINPUT || rc == LW_ENOTFOUND) {
		json_t *fs = json_array();
		for (size_t i = 0; i < errs.n; i++)
			json_array_append_new(fs, json_pack("{s:s, s:s}", "veld",
			                                    request_field(errs.e[i].field),
			                                    "melding", errs.e[i].msg));
		json_t *pj = json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title",
		                       "Vraag niet compleet", "status", 422, "detail",
		                       "Een of meer velden zijn niet goed ingevuld; zie 'fouten'.",
		                       "fouten", fs);
		send_json(res, 422, pj);
		res->content_type = "application/problem+json";
	} else {
		store_problem(res, rc, &err);
	}
	lw_question_receipt_free(&rc_);
}

/* ---- trajectories (the monitor) ------------------------------------------------------------- */

#define TOKEN_ENV "LEERWERK_MONITOR_TOKEN"
#define TOKEN_MIN 32

int lw_portal_monitor_open(lw_portal *p, lw_err *err)
{
	lw_monitor_key key;
	int rc = lw_monitor_key_load(NULL, &key, err);
	if (rc == LW_ENOTFOUND)
		return LW_OK; /* not configured: POST /api/v1/trajectories answers 503 */
	if (rc != LW_OK)
		return rc;
	const char *token = getenv(TOKEN_ENV);
	if (token && *token && strlen(token) < TOKEN_MIN) {
		lw_monitor_key_wipe(&key);
		return lw_err_set(err, LW_EINPUT,
		                  TOKEN_ENV " is te kort: gebruik minstens %d tekens", TOKEN_MIN);
	}
	p->monitor_key = lw_malloc(sizeof *p->monitor_key);
	p->monitor_token = token && *token ? lw_strdup(token) : NULL;
	if (!p->monitor_key || (token && *token && !p->monitor_token)) {
		lw_monitor_key_wipe(&key);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	*p->monitor_key = key;
	lw_monitor_key_wipe(&key);
	return LW_OK;
}

void lw_portal_monitor_close(lw_portal *p)
{
	if (p->monitor_key)
		lw_monitor_key_wipe(p->monitor_key);
	if (p->monitor_token)
		sodium_memzero(p->monitor_token, strlen(p->monitor_token));
	lw_free(p->monitor_key);
	lw_free(p->monitor_token);
	p->monitor_key = NULL;
	p->monitor_token = NULL;
}

json_t *lw_json_registration(const lw_registration *r)
{
	static const char *const what[] = {"", "toegevoegd", "gewijzigd", "ongewijzigd"};
	const lw_trajectory *t = &r->t;
	json_t *groups = json_array();
	for (int g = 0; g < LW_MON_NGROUPS; g++)
		if (t->groups >> g & 1)
			json_array_append_new(groups, json_string(lw_monitor_groups()[g].code));
	return json_pack(
	    "{s:b, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, "
	    "s:i, s:b, s:o}",
	    "vastgelegd", 1, "registratie", (json_int_t)t->id, "verwerking", what[r->what],
	    "convenant", t->covenant, "soort", lw_monitor_kinds()[t->kind].code, "crebo",
	    lw_json_str(t->crebo[0] ? t->crebo : NULL), "niveau",
	    lw_monitor_levels()[t->level].code, "sector", lw_monitor_sectors()[t->sector].code,
	    "gemeente", lw_json_str(t->municipality[0] ? t->municipality : NULL), "postcode",
	    lw_json_str(t->postcode[0] ? t->postcode : NULL), "regio", t->region, "start", t->start,
	    "status", lw_monitor_statuses()[t->status].code, "statusdatum",
	    lw_json_str(t->status_date[0] ? t->status_date : NULL), "resultaat",
	    lw_json_str(t->outcome >= 0 ? lw_monitor_outcomes()[t->outcome].code : NULL),
	    "doelgroepen", groups, "leeftijd", t->age, "telt_landelijk", t->duplicate == 0,
	    "landelijk_geteld_bij", lw_json_str(r->counted_by[0] ? r->counted_by : NULL));
}

/* 1 when the request carries the token (compared in constant time, as hashes). */
static int authorised(const lw_portal *p, const lw_http_request *req)
{
	const char *h = lw_http_header(req, "Authorization");
	if (!p->monitor_token || !h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	unsigned char a[crypto_generichash_BYTES], b[crypto_generichash_BYTES];
	crypto_generichash(a, sizeof a, (const unsigned char *)h + 7, strlen(h + 7), NULL, 0);
	crypto_generichash(b, sizeof b, (const unsigned char *)p->monitor_token,
	                   strlen(p->monitor_token), NULL, 0);
	return sodium_memcmp(a, b, sizeof a) == 0;
}

/*
 * The members of a trajectory: text, a whole number for leeftijd, a list of
 * text for doelgroepen (joined by ';' into buf). 0, or -1 for a member of
 * another type.
 */
static int trajectory_in(json_t *o, lw_trajectory_in *in, char *age, size_t agesize, lw_buf *groups)
{
	memset(in, 0, sizeof *in);
	for (int f = 0; f < LW_NTF; f++) {
		json_t *v = json_object_get(o, lw_trajectory_field(f));
		if (!v || json_is_null(v))
			continue;
		if (json_is_string(v)) {
			in->f[f] = json_string_value(v);
		} else if (f == LW_TF_AGE && json_is_integer(v)) {
			snprintf(age, agesize, "%lld", (long long)json_integer_value(v));
			in->f[f] = age;
		} else if (f == LW_TF_GROUPS && json_is_array(v)) {
			size_t i;
			json_t *g;
			json_array_foreach(v, i, g)
			{
				if (!json_is_string(g))
					return -1;
				lw_buf_printf(groups, "%s%s", i ? ";" : "", json_string_value(g));
			}
			in->f[f] = lw_buf_cstr(groups);
		} else {
			return -1;
		}
	}
	return 0;
}

static void trajectory_problems(lw_http_response *res, const lw_monitor_problems *pr)
{
	json_t *fs = json_array();
	for (size_t i = 0; i < pr->n; i++)
		json_array_append_new(fs,
		                      json_pack("{s:o, s:s}", "veld",
		                                lw_json_str(lw_trajectory_field(pr->e[i].field)),
		                                "melding", pr->e[i].msg));
	json_t *pj =
	    json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title",
	              "Traject niet compleet", "status", 422, "detail",
	              "Een of meer velden zijn niet goed ingevuld; zie 'fouten'.", "fouten", fs);
	send_json(res, 422, pj);
	res->content_type = "application/problem+json";
}

/* Checks what comes before the body: configured, the token, JSON. 0 when it may go on. */
static int trajectory_gate(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *ct = lw_http_header(req, "Content-Type");
	if (!p->monitor_key || !p->monitor_token) {
		lw_http_problem(
		    res, 503, "Registratie staat uit",
		    "Deze server legt geen trajecten vast: zet LEERWERK_PSEUDONIEM_SLEUTEL_"
		    "BESTAND (of LEERWERK_PSEUDONIEM_SLEUTEL) en " TOKEN_ENV ".");
	} else if (!authorised(p, req)) {
		lw_http_problem(res, 401, "Niet aangemeld",
		                "Stuur het token van de monitor mee: Authorization: Bearer TOKEN.");
		lw_http_add_header(res, "WWW-Authenticate", "Bearer realm=\"leerwerk-monitor\"");
	} else if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	           (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		lw_http_problem(res, 415, "Verkeerd formaat",
		                "Stuur het traject als JSON (Content-Type: application/json).");
	} else {
		return 0;
	}
	return -1;
}

static void post_trajectory(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	if (trajectory_gate(p, req, res))
		return;
	/* Not jansson's text: it quotes the input near the error, maybe a BSN. */
	json_t *j = body_object(req, res, "Het traject moet een JSON-object zijn.", 0);
	if (!j)
		return;
	lw_trajectory_in in;
	char age[24];
	lw_buf groups = LW_BUF_INIT;
	if (trajectory_in(j, &in, age, sizeof age, &groups)) {
		lw_http_problem(
		    res, 400, "Ongeldig traject",
		    "Elk veld is tekst of ontbreekt; leeftijd mag een geheel getal zijn en "
		    "doelgroepen een lijst van teksten.");
		lw_buf_free(&groups);
		json_decref(j);
		return;
	}
	lw_registration reg;
	lw_monitor_problems pr;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_register(p, &in, &reg, &pr, &err);
	/* The request's copy of the BSN goes with the JSON; the arena holds the body. */
	json_decref(j);
	lw_buf_free(&groups);
	if (rc == LW_OK)
		send_json(res, reg.what == LW_MON_ADDED ? 201 : 200, lw_json_registration(&reg));
	else if (rc == LW_EINPUT)
		trajectory_problems(res, &pr);
	else
		store_problem(res, rc, &err);
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static void get_openapi(lw_portal *p, lw_http_response *res)
{
	const char *data;
	size_t len;
	if (!lw_assets_get(p->assets, "openapi.json", &data, &len))
		lw_http_problem(res, 404, "Niet gevonden", "Het OpenAPI-document ontbreekt.");
	else if (lw_http_set_body(res, 200, "application/json", data, len) != LW_OK)
		lw_web_oom(res);
}

#define API "/api/v1/"

int lw_api_handle(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *path = req->path;
	if (strncmp(path, API, strlen(API)) != 0)
		return 0;
	const char *rest = path + strlen(API);
	int get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
	/* The data is public: any page may read every answer, errors included. */
	lw_http_add_header(res, "Access-Control-Allow-Origin", "*");
	if (!strcmp(rest, "questions")) {
		res->route = "/api/v1/questions";
		if (strcmp(req->method, "POST") != 0) {
			lw_http_problem(res, 405, "Methode niet toegestaan",
			                "Een vraag stel je met POST.");
			lw_http_add_header(res, "Allow", "POST");
			return 1;
		}
		post_question(p, req, res);
		return 1;
	}
	if (!strcmp(rest, "trajectories")) {
		res->route = "/api/v1/trajectories";
		if (strcmp(req->method, "POST") != 0) {
			lw_http_problem(res, 405, "Methode niet toegestaan",
			                "Een traject leg je vast met POST.");
			lw_http_add_header(res, "Allow", "POST");
			return 1;
		}
		post_trajectory(p, req, res);
		return 1;
	}
	static const char *const routes[] = {"search", "suggest", "items/",      "routes/",
	                                     "desks",  "regions", "openapi.json"};
	size_t i = 0;
	for (; i < sizeof routes / sizeof routes[0]; i++) {
		size_t n = strlen(routes[i]);
		if (routes[i][n - 1] == '/' ? !strncmp(rest, routes[i], n)
		                            : !strcmp(rest, routes[i]))
			break;
	}
	if (i == sizeof routes / sizeof routes[0])
		return 0;
	static const char *const labels[] = {
	    "/api/v1/search", "/api/v1/suggest", "/api/v1/items",       "/api/v1/routes",
	    "/api/v1/desks",  "/api/v1/regions", "/api/v1/openapi.json"};
	res->route = labels[i];
	if (!get) {
		lw_http_problem(res, 405, "Methode niet toegestaan",
		                "Dit adres kan alleen gelezen worden (GET of HEAD).");
		lw_http_add_header(res, "Allow", "GET, HEAD");
		return 1;
	}
	switch (i) {
	case 0:
		get_search(p, req, res);
		break;
	case 1:
		get_suggest(p, req, res);
		break;
	case 2:
		get_item(p, rest + 6, res);
		break;
	case 3:
		if (!rest[7] || strchr(rest + 7, '/'))
			lw_http_problem(res, 404, "Niet gevonden",
			                "Vraag routes op als /api/v1/routes/CREBO.");
		else
			get_routes(p, rest + 7, req, res);
		break;
	case 4:
		get_desks(p, req, res);
		break;
	case 5:
		get_regions(p, res);
		break;
	default:
		get_openapi(p, res);
		break;
	}
	return 1;
}

/*
 * json.c - the JSON answers that more than one front end gives: search
 * results (`search --json`, GET /api/v1/search) and routes (`routes
 * --json`, GET /api/v1/routes/CREBO). One shape, built in one place.
 */
#include "lw_json.h"
#include "lw_links.h"
#include "lw_search.h"

#include <math.h>
#include <string.h>

json_t *lw_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* ---- search ---------------------------------------------------------------- */

static json_t *facets_json(const lw_results *r)
{
	json_t *fs = json_array();
	for (size_t i = 0; i < r->nfacets; i++) {
		const lw_facet *f = &r->facets[i];
		json_t *vs = json_array();
		for (size_t k = 0; k < f->n; k++)
			json_array_append_new(vs, json_pack("{s:s, s:s, s:I}", "waarde",
			                                    f->values[k].value, "naam",
			                                    f->values[k].label, "aantal",
			                                    (json_int_t)f->values[k].count));
		json_array_append_new(fs, json_pack("{s:s, s:s, s:o}", "veld", f->field, "naam",
		                                    f->label, "waarden", vs));
	}
	return fs;
}

json_t *lw_json_search(const char *q, const lw_results *r, int facets)
{
	json_t *hits = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const lw_hit *h = &r->hits[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:f}", "soort", h->kind, "sleutel",
		                      h->ref, "titel", h->title, "toelichting", h->detail,
		                      "voorbeeld", h->example, "score", h->score);
		if (h->km >= 0)
			json_object_set_new(o, "afstand_km",
			                    json_real((double)(long)(h->km * 10) / 10));
		if (h->date)
			json_object_set_new(o, "datum", json_string(h->date));
		if (!strcmp(h->kind, "evc"))
			json_object_set_new(o, "geldig", json_boolean(h->valid));
		json_array_append_new(hits, o);
	}
	json_t *j =
	    json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "vraag", q, "totaal", (json_int_t)r->total,
	              "resultaten", hits, "bedoelde_je", lw_json_str(r->did_you_mean), "bij",
	              lw_json_str(r->near_name), "melding", lw_json_str(r->problem));
	if (facets)
		json_object_set_new(j, "facetten", facets_json(r));
	return j;
}

/* ---- routes ------------------------------------------------------------------ */

static json_t *jkm(const lw_routes_result *r, double km)
{
	return r->has_near ? json_real(round(km * 10.0) / 10.0) : json_null();
}

static json_t *jlong(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

/* A ';'-joined list as an array. */
static json_t *jlist(const char *s)
{
	json_t *a = json_array();
	for (const char *p = s; p && *p;) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && p[0] == ' ')
			p++, n--;
		json_array_append_new(a, json_stringn(p, n));
		p += n;
		if (*p == ';')
			p++;
	}
	return a;
}

static json_t *jsection(long total, json_t *items)
{
	return json_pack("{s:I, s:o}", "totaal", (json_int_t)total, "items", items);
}

json_t *lw_json_routes(const lw_routes_result *r)
{
	json_t *j = json_object();
	json_object_set_new(
	    j, "kwalificatie",
	    json_pack("{s:s, s:s, s:i, s:o, s:o, s:{s:o, s:o}, s:{s:o, s:o}}", "crebo", r->crebo,
	              "naam", r->name, "niveau", r->level, "soort", lw_json_str(r->kind),
	              "leerwegen", lw_json_str(r->pathways), "dossier", "crebo",
	              lw_json_str(r->dossier_crebo), "naam", lw_json_str(r->dossier), "domein",
	              "crebo", lw_json_str(r->domain_crebo), "naam", lw_json_str(r->domain)));
	if (r->has_near)
		json_object_set_new(
		    j, "nabij",
		    json_pack("{s:s, s:s, s:o, s:o, s:{s:s, s:s}, s:{s:s, s:s}, s:f, s:f, s:f}",
		              "vraag", r->near, "opgevat_als", r->near_kind, "postcode",
		              lw_json_str(r->near_postcode), "plaats", lw_json_str(r->near_place),
		              "gemeente", "code", r->municipality_code, "naam", r->municipality,
		              "regio", "code", r->region_code, "naam", r->region, "lat", r->lat,
		              "lon", r->lon, "km", r->km));
	else
		json_object_set_new(j, "nabij", json_null());
	json_object_set_new(j, "peildatum", json_string(r->today));

	json_t *a = json_array();
	for (size_t i = 0; i < r->nschools; i++) {
		const lw_route_school *s = &r->schools[i];
		json_array_append_new(
		    a,
		    json_pack("{s:s, s:o, s:{s:s, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		              "s:o, s:b}",
		              "code", s->code, "titel", lw_json_str(s->title), "aanbieder", "code",
		              s->provider_code, "naam", lw_json_str(s->provider), "postcode",
		              lw_json_str(s->postcode), "plaats", lw_json_str(s->place), "leerweg",
		              lw_json_str(s->pathway), "startmomenten", jlist(s->starts),
		              "eerstvolgende_start", lw_json_str(s->next_start), "duur_maanden",
		              jlong(s->months), "kosten_cent", jlong(s->cost_cents), "afstand_km",
		              jkm(r, s->km), "voorbeeld", s->is_example));
	}
	json_object_set_new(j, "opleidingen", jsection(r->schools_total, a));

	a = json_array();
	for (size_t i = 0; i < r->ncompanies; i++) {
		const lw_route_company *c = &r->companies[i];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "kvk", c->kvk, "naam",
		                 c->name, "postcode", lw_json_str(c->postcode), "plaats",
		                 lw_json_str(c->place), "open_plaatsen", jlong(c->places),
		                 "afstand_km", jkm(r, c->km), "voorbeeld", c->is_example));
	}
	json_object_set_new(j, "leerbedrijven", jsection(r->companies_total, a));

	a = json_array();
	for (size_t i = 0; i < r->nevc; i++) {
		const lw_route_evc *e = &r->evc[i];
		json_t *regions = json_array(), *codes = jlist(e->region_codes),
		       *names = jlist(e->regions);
		for (size_t k = 0; k < json_array_size(codes); k++)
			json_array_append_new(regions, json_pack("{s:O, s:O}", "code",
			                                         json_array_get(codes, k), "naam",
			                                         json_array_get(names, k)
			                                             ? json_array_get(names, k)
			                                             : json_null()));
		json_decref(codes);
		json_decref(names);
		json_array_append_new(
		    a, json_pack("{s:s, s:{s:s, s:o}, s:o, s:o, s:o, s:b, s:o, s:o, s:b}", "code",
		                 e->code, "aanbieder", "code", e->provider_code, "naam",
		                 lw_json_str(e->provider), "prijs_cent", jlong(e->price_cents),
		                 "duur_weken", jlong(e->weeks), "geaccrediteerd_tot",
		                 lw_json_str(e->accredited_until), "geldig", e->valid, "regios",
		                 regions, "bedient_regio",
		                 e->serves_near < 0 ? json_null() : json_boolean(e->serves_near),
		                 "voorbeeld", e->is_example));
	}
	json_t *evc = jsection(r->evc_total, a);
	json_object_set_new(evc, "geldig", json_integer(r->evc_valid));
	json_object_set_new(j, "evc", evc);

	a = json_array();
	for (size_t i = 0; i < r->noccupations; i++) {
		const lw_route_occupation *o = &r->occupations[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s, s:f, s:I, s:b}", "uri",
		                                   o->uri, "naam", o->label, "isco",
		                                   lw_json_str(o->isco_group), "bron", o->source,
		                                   "score", o->score, "open_vacatures",
		                                   (json_int_t)o->vacancies, "voorbeeld", 0));
	}
	json_object_set_new(j, "beroepen", jsection(r->occupations_total, a));

	a = json_array();
	for (size_t i = 0; i < r->nvacancies; i++) {
		const lw_route_vacancy *v = &r->vacancies[i];
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:o, "
		                 "s:o, s:o, s:b}",
		                 "code", v->code, "soort", v->kind, "titel", v->title, "werkgever",
		                 v->employer, "postcode", lw_json_str(v->postcode), "plaats",
		                 lw_json_str(v->place), "beroep", "uri",
		                 lw_json_str(v->occupation_uri), "naam", lw_json_str(v->occupation),
		                 "niveau", lw_json_str(v->level), "uren", jlong(v->hours),
		                 "gepubliceerd", lw_json_str(v->published), "sluitingsdatum",
		                 lw_json_str(v->closes), "afstand_km", jkm(r, v->km), "voorbeeld",
		                 v->is_example));
	}
	json_object_set_new(j, "vacatures", jsection(r->vacancies_total, a));
	return j;
}

/*
 * page_item.c - the detail page of every kind of item (/KIND/REF): its
 * facts, its links to other items, and for a qualification every route to
 * it near the visitor (school, BBL at recognised training companies, EVC)
 * with the occupations and vacancies it leads to.
 */
#include "portal.h"

#include <stdlib.h>
#include <string.h>

#define ESCO_PREFIX "http://data.europa.eu/esco/occupation/"

static void facts(lw_html *h, const lw_item *it)
{
	if (!it->nfields)
		return;
	lw_html_lit(h, "<dl class=\"lw-facts\">\n");
	for (size_t i = 0; i < it->nfields; i++) {
		const lw_item_field *f = &it->fields[i];
		lw_html_f(h, "<dt>%s</dt><dd>", f->label);
		if (f->link_kind && f->link_ref) {
			lw_html_lit(h, "<a class=\"utrecht-link\" href=\"");
			lw_page_item_href(h, f->link_kind, f->link_ref);
			lw_html_f(h, "\">%s</a>", f->value);
		} else {
			lw_html_f(h, "%s", f->value);
		}
		lw_html_lit(h, "</dd>\n");
	}
	lw_html_lit(h, "</dl>\n");
}

static void link_item(lw_html *h, const char *kind, const char *ref, const char *title,
                      const char *detail, int example, int valid, double km)
{
	lw_html_lit(h, "<li>");
	if (kind && ref) {
		lw_html_lit(h, "<a class=\"utrecht-link\" href=\"");
		lw_page_item_href(h, kind, ref);
		lw_html_f(h, "\">%s</a>", title);
	} else {
		lw_html_f(h, "%s", title);
	}
	if (example)
		lw_html_lit(h, " <span class=\"lw-example\">voorbeeld</span>");
	if (!valid)
		lw_html_lit(h, " <span class=\"utrecht-status-badge utrecht-status-badge--danger "
		               "lw-expired\">accreditatie "
		               "verlopen</span>");
	if ((detail && *detail) || km >= 0) {
		lw_html_f(h, "<br><span class=\"lw-meta\">%s", detail ? detail : "");
		if (km >= 0)
			lw_html_f(h, "%s%k km", detail && *detail ? " · " : "", km);
		lw_html_lit(h, "</span>");
	}
	lw_html_lit(h, "</li>\n");
}

static void groups(lw_html *h, const lw_item *it)
{
	for (size_t i = 0; i < it->ngroups; i++) {
		const lw_item_group *g = &it->groups[i];
		lw_html_f(h,
		          "<section class=\"lw-group\">\n<h2 class=\"utrecht-heading-2\">%s "
		          "<span class=\"lw-count\">(%n)</span></h2>\n"
		          "<ul class=\"utrecht-unordered-list lw-links\">\n",
		          g->label, g->total);
		for (size_t k = 0; k < g->n; k++) {
			const lw_item_link *l = &g->links[k];
			link_item(h, l->kind, l->ref, l->title, l->detail, l->example, l->valid,
			          -1);
		}
		lw_html_lit(h, "</ul>\n");
		if (g->total > (long)g->n)
			lw_html_f(h, "<p class=\"utrecht-paragraph\">De eerste %zu van %n.</p>\n",
			          g->n, g->total);
		lw_html_lit(h, "</section>\n");
	}
}

/* ---- routes to a qualification --------------------------------------------------------------- */

static void routes_form(lw_html *h, const char *crebo, const char *near, const char *error)
{
	lw_html_f(h,
	          "<form class=\"lw-deskform\" action=\"/kwalificatie/%U\" method=\"get\">\n"
	          "<div class=\"utrecht-form-field%s\">\n"
	          "<label class=\"utrecht-form-label\" for=\"near\">Waar woon of werk je? "
	          "(postcode of plaats)</label>\n",
	          crebo, error ? " utrecht-form-field--invalid" : "");
	if (error)
		lw_html_f(h,
		          "<p class=\"utrecht-form-field-error-message\" id=\"near-fout\">%s</p>\n",
		          error);
	lw_html_f(h,
	          "<input class=\"utrecht-textbox\" id=\"near\" name=\"near\" type=\"text\" "
	          "autocomplete=\"postal-code\" value=\"%s\"",
	          near ? near : "");
	if (error)
		lw_html_lit(h, " aria-invalid=\"true\" aria-describedby=\"near-fout\"");
	lw_html_lit(h,
	            ">\n</div>\n<button class=\"utrecht-button utrecht-button--secondary-action\" "
	            "type=\"submit\">Toon wat in de buurt is</button>\n</form>\n");
}

static void route_section(lw_html *h, const char *title, const char *intro, long total, size_t n)
{
	lw_html_f(h,
	          "<section class=\"lw-group\">\n<h3 class=\"utrecht-heading-3\">%s <span "
	          "class=\"lw-count\">(%n)</span></h3>\n<p class=\"utrecht-paragraph\">%s</p>\n",
	          title, total, intro);
	if (n)
		lw_html_lit(h, "<ul class=\"utrecht-unordered-list lw-links\">\n");
}

static void route_section_end(lw_html *h, long total, size_t n, int has_near)
{
	if (n)
		lw_html_lit(h, "</ul>\n");
	else
		lw_html_f(h, "<p class=\"utrecht-paragraph\">Geen%s.</p>\n",
		          has_near ? " binnen deze afstand; probeer een grotere afstand" : "");
	if (total > (long)n)
		lw_html_f(h, "<p class=\"utrecht-paragraph\">De eerste %zu van %n.</p>\n", n,
		          total);
	lw_html_lit(h, "</section>\n");
}

static void routes(lw_html *h, const lw_routes_result *r)
{
	lw_buf d = LW_BUF_INIT;
	lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Wegen naar dit diploma</h2>\n");
	if (r->has_near)
		lw_html_f(h,
		          "<p class=\"utrecht-paragraph\">Binnen %k km van %s, dichtstbij "
		          "eerst.</p>\n",
		          r->km, r->near_place ? r->near_place : r->near);
	route_section(h, "Naar school", "Opleidingen die tot deze kwalificatie leiden.",
	              r->schools_total, r->nschools);
	for (size_t i = 0; i < r->nschools; i++) {
		const lw_route_school *s = &r->schools[i];
		d.len = 0;
		lw_buf_printf(&d, "%s · %s · %s", s->provider, s->pathway,
		              s->place ? s->place : "");
		if (s->next_start) {
			lw_buf_puts(&d, " · start ");
			lw_date_nl(&d, s->next_start, strlen(s->next_start));
		}
		link_item(h, "opleiding", s->code, s->title, d.data, s->is_example, 1, s->km);
	}
	route_section_end(h, r->schools_total, r->nschools, r->has_near);
	route_section(h, "Leren en werken (BBL)",
	              "Erkende leerbedrijven waar je deze kwalificatie in de praktijk haalt.",
	              r->companies_total, r->ncompanies);
	for (size_t i = 0; i < r->ncompanies; i++) {
		const lw_route_company *c = &r->companies[i];
		d.len = 0;
		lw_buf_printf(&d, "%s · %ld open plaats%s", c->place ? c->place : "", c->places,
		              c->places == 1 ? "" : "en");
		link_item(h, "leerbedrijf", c->kvk, c->name, d.data, c->is_example, 1, c->km);
	}
	route_section_end(h, r->companies_total, r->ncompanies, r->has_near);
	route_section(h, "EVC: laten erkennen wat je al kunt",
	              "Erkende EVC-aanbieders; een verlopen accreditatie staat achteraan.",
	              r->evc_total, r->nevc);
	for (size_t i = 0; i < r->nevc; i++) {
		const lw_route_evc *e = &r->evc[i];
		d.len = 0;
		lw_buf_printf(&d, "%s%s", e->regions ? e->regions : "",
		              e->serves_near == 1 ? " · in jouw regio" : "");
		link_item(h, "evc", e->code, e->provider, d.data, e->is_example, e->valid, -1);
	}
	route_section_end(h, r->evc_total, r->nevc, 0);
	route_section(h, "Beroepen", "Waar dit diploma toe leidt (ESCO).", r->occupations_total,
	              r->noccupations);
	for (size_t i = 0; i < r->noccupations; i++) {
		const lw_route_occupation *o = &r->occupations[i];
		d.len = 0;
		lw_buf_printf(&d, "%ld open vacature%s", o->vacancies,
		              o->vacancies == 1 ? "" : "s");
		link_item(h, "beroep", o->uri, o->label, d.data, 0, 1, -1);
	}
	route_section_end(h, r->occupations_total, r->noccupations, 0);
	route_section(h, "Vacatures", "Open vacatures, leerbanen en stages in deze beroepen.",
	              r->vacancies_total, r->nvacancies);
	for (size_t i = 0; i < r->nvacancies; i++) {
		const lw_route_vacancy *v = &r->vacancies[i];
		d.len = 0;
		lw_buf_printf(&d, "%s · %s · %s", v->employer, v->kind, v->place ? v->place : "");
		link_item(h, "vacature", v->code, v->title, d.data, v->is_example, 1, v->km);
	}
	route_section_end(h, r->vacancies_total, r->nvacancies, r->has_near);
	lw_buf_free(&d);
}

/* The routes part of a qualification's page: 400 when near is not understood. */
static int qualification_routes(lw_portal *p, lw_html *h, const char *crebo,
                                const lw_http_request *req)
{
	const char *near = lw_http_query(req, "near");
	if (near && !*near)
		near = NULL;
	lw_routes_result r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_routes(p, crebo, near, 0, &r, &err);
	int status = 200;
	if (rc == LW_ENOTFOUND || rc == LW_EINPUT || rc == LW_EAMBIGUOUS) {
		/* The place was not understood: the form says why, the routes come without it. */
		status = 400;
		lw_routes_free(&r);
		lw_err err2;
		rc = lw_portal_routes(p, crebo, NULL, 0, &r, &err2);
		routes_form(h, crebo, near, err.msg);
	} else {
		routes_form(h, crebo, near, NULL);
	}
	if (rc == LW_OK)
		routes(h, &r);
	else
		h->failed = 1;
	lw_routes_free(&r);
	return status;
}

void lw_page_item(lw_portal *p, const char *kind, const char *ref, const lw_http_request *req,
                  lw_http_response *res)
{
	lw_buf full = LW_BUF_INIT;
	if (!strcmp(kind, "beroep") && !strchr(ref, '/')) {
		lw_buf_printf(&full, "%s%s", ESCO_PREFIX, ref);
		ref = full.data ? full.data : ref;
	}
	lw_item it;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_item(p, kind, ref, &it, &err);
	if (rc != LW_OK) {
		if (rc == LW_ENOTFOUND || rc == LW_EINPUT)
			lw_page_error(p, req, res, 404, "Niet gevonden", err.msg);
		else
			lw_page_error(
			    p, req, res, 500, "Er ging iets mis",
			    "De gegevens konden niet gelezen worden. Probeer het later opnieuw.");
		lw_item_free(&it);
		lw_buf_free(&full);
		return;
	}
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	lw_page_begin(&pg, it.title);
	lw_html_f(h, "<p class=\"lw-kind\">%s", lw_kind_label(it.kind, 0));
	if (it.example)
		lw_html_lit(h, " <span class=\"lw-example\">voorbeeld</span>");
	if (!it.valid)
		lw_html_lit(h, " <span class=\"utrecht-status-badge utrecht-status-badge--danger "
		               "lw-expired\">accreditatie "
		               "verlopen</span>");
	lw_html_f(h, "</p>\n<h1 class=\"utrecht-heading-1\">%s</h1>\n", it.title);
	if (it.summary)
		lw_html_f(h, "<p class=\"utrecht-paragraph lw-lead\">%s</p>\n", it.summary);
	facts(h, &it);
	if (it.website &&
	    (!strncmp(it.website, "https://", 8) || !strncmp(it.website, "http://", 7)))
		lw_html_f(h,
		          "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
		          "href=\"%s\" rel=\"noopener\">Website</a></p>\n",
		          it.website);
	int status = 200;
	/* A qualification's links are its routes, near the visitor when they say where. */
	if (!strcmp(kind, "kwalificatie"))
		status = qualification_routes(p, h, it.ref, req);
	else
		groups(h, &it);
	if (strcmp(kind, "loket") != 0)
		lw_html_lit(h, "<p class=\"utrecht-paragraph\">Vragen? <a class=\"utrecht-link\" "
		               "href=\"/vraag\">Stel je vraag</a> aan het leerwerkloket.</p>\n");
	lw_page_end(&pg);
	lw_item_free(&it);
	lw_buf_free(&full);
	lw_page_send(&pg, res, status);
}

/*
 * page_desk.c - the desk finder (/loket?plaats=POSTCODE|GEMEENTE: the desk
 * that serves the place, with its contact details and opening hours) and
 * the list of every desk by labour-market region (/loketten).
 */
#include "portal.h"

#include <string.h>

/* A desk's card: name (linked to its page), address, phone, e-mail, site, hours. */
static void desk_card(lw_html *h, const lw_desk *d, int heading_level)
{
	lw_html_f(h,
	          "<div class=\"lw-desk\">\n<h%d class=\"utrecht-heading-%d\"><a "
	          "class=\"utrecht-link\" href=\"",
	          heading_level, heading_level);
	lw_page_item_href(h, "loket", d->code);
	lw_html_f(h, "\">%s</a></h%d>\n<dl class=\"lw-facts\">\n", d->name, heading_level);
	if (d->address || d->place)
		lw_html_f(h, "<dt>Adres</dt><dd>%s%s%s %s</dd>\n", d->address ? d->address : "",
		          d->address ? ", " : "", d->postcode ? d->postcode : "",
		          d->place ? d->place : "");
	if (d->phone)
		lw_html_f(
		    h,
		    "<dt>Telefoon</dt><dd><a class=\"utrecht-link\" href=\"tel:%U\">%s</a></dd>\n",
		    d->phone, d->phone);
	if (d->email)
		lw_html_f(
		    h,
		    "<dt>E-mail</dt><dd><a class=\"utrecht-link\" href=\"mailto:%s\">%s</a></dd>\n",
		    d->email, d->email);
	if (d->website &&
	    (!strncmp(d->website, "https://", 8) || !strncmp(d->website, "http://", 7)))
		lw_html_f(h,
		          "<dt>Website</dt><dd><a class=\"utrecht-link\" href=\"%s\">%s</a></dd>\n",
		          d->website, d->website);
	lw_html_f(h, "<dt>Openingstijden</dt><dd>%s</dd>\n</dl>\n",
	          d->opening_hours ? d->opening_hours : "Bel of mail voor een afspraak.");
	lw_html_lit(h, "</div>\n");
}

static void found(lw_html *h, const lw_where *w)
{
	const lw_municipality *m = &w->matches[0];
	if (w->postcode)
		lw_html_f(h,
		          "<p class=\"utrecht-paragraph lw-lead\">Postcode %s%s%s%s ligt in de "
		          "gemeente %s (arbeidsmarktregio %s).</p>\n",
		          w->postcode, w->place ? " (" : "", w->place ? w->place : "",
		          w->place ? ")" : "", m->name, m->region_name);
	else
		lw_html_f(h,
		          "<p class=\"utrecht-paragraph lw-lead\">De gemeente %s ligt in de "
		          "arbeidsmarktregio %s.</p>\n",
		          m->name, m->region_name);
	if (!m->ndesks) {
		lw_html_lit(h, "<p class=\"utrecht-paragraph\">Voor deze gemeente is nog geen "
		               "leerwerkloket bekend. Bel de helpdesk; die helpt je verder.</p>\n");
		return;
	}
	lw_html_f(h, "<h2 class=\"utrecht-heading-2\">Jouw leerwerkloket</h2>\n");
	desk_card(h, &m->desks[0], 3);
	if (m->ndesks > 1) {
		lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Ook voor jouw gemeente</h2>\n");
		for (size_t i = 1; i < m->ndesks; i++)
			desk_card(h, &m->desks[i], 3);
	}
	lw_html_f(h,
	          "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
	          "href=\"/vraag?postcode=%U\">Stel je vraag aan dit loket</a></p>\n",
	          w->postcode ? w->postcode : "");
}

static void ambiguous(lw_html *h, const lw_where *w)
{
	lw_html_lit(h, "<p class=\"utrecht-paragraph\">Deze naam past bij meer dan één gemeente. "
	               "Welke bedoel je?</p>\n<ul class=\"utrecht-unordered-list\">\n");
	for (size_t i = 0; i < w->nmatches; i++)
		lw_html_f(
		    h, "<li><a class=\"utrecht-link\" href=\"/loket?plaats=%U\">%s</a> (%s)</li>\n",
		    w->matches[i].code, w->matches[i].name, w->matches[i].province);
	lw_html_lit(h, "</ul>\n");
}

void lw_page_desk_find(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *q = lw_http_query(req, "plaats");
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	int status = 200;
	lw_where w;
	memset(&w, 0, sizeof w);
	lw_err err;
	lw_err_clear(&err);
	int rc = LW_EINPUT;
	const char *error = NULL;
	if (!q || !*q) {
		error = q ? "Vul je postcode (bijvoorbeeld 3511 AB) of je gemeente in." : NULL;
	} else {
		rc = lw_portal_where(p, q, &w, &err);
		if (rc == LW_ENOTFOUND || rc == LW_EINPUT)
			error = err.msg;
	}
	if (error)
		status = 400;
	lw_page_begin(&pg, "Leerwerkloket zoeken");
	lw_html_lit(h, "<h1 class=\"utrecht-heading-1\">Leerwerkloket zoeken</h1>\n"
	               "<p class=\"utrecht-paragraph\">Elke gemeente heeft een leerwerkloket. Vul "
	               "je postcode of gemeente in; dan zie je waar je terechtkunt.</p>\n");
	lw_page_desk_form(h, q, error);
	if (rc == LW_OK)
		found(h, &w);
	else if (rc == LW_EAMBIGUOUS)
		ambiguous(h, &w);
	else if (q && *q && !error)
		pg.h.failed = 1; /* the store failed */
	lw_html_lit(h, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
	               "href=\"/loketten\">Alle leerwerkloketten per regio</a></p>\n");
	lw_page_end(&pg);
	lw_where_free(&w);
	lw_page_send(&pg, res, status);
}

void lw_page_desks(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	lw_region_list l;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_regions(p, &l, &err);
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	lw_page_begin(&pg, "Leerwerkloketten");
	lw_html_f(h,
	          "<h1 class=\"utrecht-heading-1\">Leerwerkloketten</h1>\n"
	          "<p class=\"utrecht-paragraph lw-lead\">Het landelijk netwerk van "
	          "leerwerkloketten, per arbeidsmarktregio (%zu regio's).</p>\n",
	          l.n);
	lw_page_desk_form(h, NULL, NULL);
	lw_html_lit(h, "<nav aria-label=\"Regio's\"><ul class=\"lw-toc\">\n");
	for (size_t i = 0; i < l.n; i++)
		lw_html_f(h, "<li><a class=\"utrecht-link\" href=\"#%s\">%s</a></li>\n",
		          l.regions[i].code, l.regions[i].name);
	lw_html_lit(h, "</ul></nav>\n");
	for (size_t i = 0; i < l.n; i++) {
		const lw_region *r = &l.regions[i];
		lw_html_f(h,
		          "<section aria-labelledby=\"%s\">\n<h2 class=\"utrecht-heading-2\" "
		          "id=\"%s\">%s</h2>\n<p class=\"utrecht-paragraph\">%ld gemeenten.</p>\n",
		          r->code, r->code, r->name, r->municipalities);
		for (size_t k = 0; k < r->ndesks; k++)
			desk_card(h, &r->desks[k], 3);
		lw_html_lit(h, "</section>\n");
	}
	if (rc != LW_OK)
		pg.h.failed = 1;
	lw_page_end(&pg);
	lw_region_list_free(&l);
	lw_page_send(&pg, res, 200);
}

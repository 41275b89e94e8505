/*
 * page_monitor.c - /monitor and /monitor?convenant=CODE: the monitor's
 * report of the whole programme or of one covenant, from the same model
 * and the same HTML writer as `leerwerk monitor report --formaat html`
 * (report_html.c), inside the portal's frame. The page shows the state at
 * the end of the last full month, so that it changes once a month and two
 * days' pages cannot be set against each other to single out what started
 * on one day (docs/internals/monitor.md, "Progress and reports"). The
 * report is the portal's kept one while the store does not change
 * (reports.c).
 */
#include "portal.h"
#include "report_html.h"

#include <string.h>

/* Another report: the national one or a covenant's. */
static void chooser(lw_html *h, const lw_progress *m)
{
	const lw_covenant_list *l = &m->covenant_list;
	if (!l->n)
		return;
	lw_html_lit(h,
	            "<h2 class=\"utrecht-heading-2\" id=\"kies\">Ander rapport</h2>\n"
	            "<form class=\"lw-monitor-kies\" action=\"/monitor\" method=\"get\">\n"
	            "<div class=\"utrecht-form-field\">\n"
	            "<label class=\"utrecht-form-label\" for=\"convenant\">Rapport van</label>\n"
	            "<select class=\"utrecht-select utrecht-select--html-select\" id=\"convenant\" "
	            "name=\"convenant\">\n<option value=\"\">het hele programma</option>\n");
	for (size_t i = 0; i < l->n; i++) {
		const lw_covenant *c = &l->covenants[i];
		if (m->covenant && !strcmp(m->covenant, c->code))
			lw_html_f(h, "<option value=\"%s\" selected>%s: %s</option>\n", c->code,
			          c->code, c->name);
		else
			lw_html_f(h, "<option value=\"%s\">%s: %s</option>\n", c->code, c->code,
			          c->name);
	}
	lw_html_lit(h,
	            "</select>\n</div>\n<button class=\"utrecht-button "
	            "utrecht-button--secondary-action\" type=\"submit\">Toon het rapport</button>\n"
	            "</form>\n");
}

static void page(lw_portal *p, const lw_http_request *req, lw_http_response *res,
                 const lw_report *r)
{
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_page_begin(&pg, r->model->covenant ? r->scope : "Monitor");
	if (r->model->covenant_list.n)
		lw_html_lit(&pg.h, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
		                   "href=\"#kies\">Een ander rapport kiezen</a></p>\n");
	lw_report_html_body(&pg.h, r);
	chooser(&pg.h, r->model);
	lw_page_end(&pg);
	lw_page_send(&pg, res, 200);
}

void lw_page_monitor(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *covenant = lw_http_query(req, "convenant");
	char today[11], as_of[11];
	lw_progress_today(today);
	lw_progress_last_month_end(today, as_of);
	lw_err err;
	lw_err_clear(&err);
	lw_portal_report *r;
	int rc = lw_portal_report_get(p, as_of, covenant, &r, &err);
	if (rc == LW_OK)
		page(p, req, res, &r->report);
	else if (rc == LW_ENOTFOUND)
		lw_page_error(
		    p, req, res, 404, "Convenant niet gevonden",
		    "Er is geen convenant met deze code. Het rapport van het hele programma "
		    "staat op /monitor.");
	else
		lw_page_error(p, req, res, 500, "De monitor is nu niet beschikbaar",
		              "Het rapport kon niet worden gemaakt. Probeer het later nog eens.");
	lw_portal_report_put(p, r);
}

/*
 * page_search.c - /zoeken: the results page. A plain GET form (the words,
 * near a postcode or place with a radius, the kind, the order), the facets
 * of the search as a second GET form of radio buttons with counts, the
 * results with the matched words highlighted, pages, "Bedoelde je ...?",
 * and an empty state that says how to find more. Works without JavaScript.
 *
 * Facet filters travel as f.FIELD=VALUE parameters and are added to the
 * words as FIELD:"VALUE" (the query syntax of lw_query_parse), so that a
 * filter is visible and removable on its own.
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 10
#define MAX_PAGE 100 /* the engine pages up to offset 999 */
#define MAX_FILTERS 8

typedef struct filter {
	const char *field, *value;
} filter;

typedef struct state {
	const char *q, *near, *km, *kind, *sort;
	filter f[MAX_FILTERS];
	size_t nf;
	long page;
} state;

static const char *param(const lw_http_request *req, const char *name)
{
	const char *v = lw_http_query(req, name);
	return v && *v ? v : NULL;
}

static int known_field(const char *field)
{
	for (const char *const *f = lw_query_fields(); *f; f++)
		if (!strcmp(*f, field))
			return 1;
	return 0;
}

static void read_state(const lw_http_request *req, state *st)
{
	memset(st, 0, sizeof *st);
	st->q = param(req, "q");
	st->near = param(req, "near");
	st->km = st->near ? param(req, "km") : NULL;
	st->kind = param(req, "kind");
	st->sort = param(req, "sort");
	for (size_t i = 0; i < req->nquery && st->nf < MAX_FILTERS; i++) {
		const lw_http_param *p = &req->query[i];
		if (strncmp(p->name, "f.", 2) != 0 || !*p->value || !known_field(p->name + 2) ||
		    strchr(p->value, '"'))
			continue;
		st->f[st->nf].field = p->name + 2;
		st->f[st->nf].value = p->value;
		st->nf++;
	}
	const char *pg = param(req, "pagina");
	char *end;
	st->page = pg ? strtol(pg, &end, 10) : 1;
	if (!pg || *end || st->page < 1)
		st->page = 1;
	if (st->page > MAX_PAGE)
		st->page = MAX_PAGE;
}

/* The address of this search with changes: page, without filter drop (-1: none). */
static void href(lw_html *h, const state *st, long page, long drop, const char *sort)
{
	lw_html_f(h, "/zoeken?q=%U", st->q ? st->q : "");
	if (st->near)
		lw_html_f(h, "&amp;near=%U", st->near);
	if (st->km)
		lw_html_f(h, "&amp;km=%U", st->km);
	if (st->kind)
		lw_html_f(h, "&amp;kind=%U", st->kind);
	if (sort ? *sort : st->sort != NULL)
		lw_html_f(h, "&amp;sort=%U", sort ? sort : st->sort);
	for (size_t i = 0; i < st->nf; i++)
		if ((long)i != drop)
			lw_html_f(h, "&amp;f.%U=%U", st->f[i].field, st->f[i].value);
	if (page > 1)
		lw_html_f(h, "&amp;pagina=%ld", page);
}

/* The words the engine runs: the typed ones and the filters. */
static int effective_query(const state *st, lw_buf *out)
{
	int rc = lw_buf_puts(out, st->q ? st->q : "");
	for (size_t i = 0; rc == LW_OK && i < st->nf; i++)
		rc = lw_buf_printf(out, " %s:\"%s\"", st->f[i].field, st->f[i].value);
	return rc;
}

/* ---- the form ------------------------------------------------------------------------------ */

static void select_opt(lw_html *h, const char *value, const char *label, const char *current)
{
	int sel = current ? !strcmp(value, current) : !*value;
	lw_html_f(h, "<option value=\"%s\"%s>%s</option>\n", value, sel ? " selected" : "", label);
}

static void search_form(lw_html *h, const state *st)
{
	lw_html_f(
	    h,
	    "<form class=\"lw-search\" action=\"/zoeken\" method=\"get\" role=\"search\">\n"
	    "<div class=\"utrecht-form-field\">\n"
	    "<label class=\"utrecht-form-label\" for=\"q\">Zoekvraag</label>\n"
	    "<input class=\"utrecht-textbox\" id=\"q\" name=\"q\" type=\"search\" "
	    "value=\"%s\">\n</div>\n"
	    "<div class=\"lw-row\">\n<div class=\"utrecht-form-field\">\n"
	    "<label class=\"utrecht-form-label\" for=\"near\">Bij postcode of plaats</label>\n"
	    "<input class=\"utrecht-textbox\" id=\"near\" name=\"near\" type=\"text\" "
	    "autocomplete=\"postal-code\" value=\"%s\">\n</div>\n"
	    "<div class=\"utrecht-form-field\">\n"
	    "<label class=\"utrecht-form-label\" for=\"km\">Afstand</label>\n"
	    "<select class=\"utrecht-select\" id=\"km\" name=\"km\">\n",
	    st->q ? st->q : "", st->near ? st->near : "");
	static const char *const kms[][2] = {{"", "25 km (standaard)"},
	                                     {"5", "5 km"},
	                                     {"10", "10 km"},
	                                     {"50", "50 km"},
	                                     {"100", "100 km"}};
	for (size_t i = 0; i < sizeof kms / sizeof kms[0]; i++)
		select_opt(h, kms[i][0], kms[i][1], st->km);
	lw_html_lit(h, "</select>\n</div>\n<div class=\"utrecht-form-field\">\n"
	               "<label class=\"utrecht-form-label\" for=\"kind\">Soort</label>\n"
	               "<select class=\"utrecht-select\" id=\"kind\" name=\"kind\">\n");
	select_opt(h, "", "Alles", st->kind);
	for (const char *const *k = lw_search_kinds(); *k; k++) {
		char label[48];
		const char *l = lw_kind_label(*k, 1);
		snprintf(label, sizeof label, "%c%s", l[0] >= 'a' && l[0] <= 'z' ? l[0] - 32 : l[0],
		         l + 1);
		select_opt(h, *k, label, st->kind);
	}
	lw_html_lit(h, "</select>\n</div>\n<div class=\"utrecht-form-field\">\n"
	               "<label class=\"utrecht-form-label\" for=\"sort\">Volgorde</label>\n"
	               "<select class=\"utrecht-select\" id=\"sort\" name=\"sort\">\n");
	select_opt(h, "", "Beste eerst", st->sort);
	select_opt(h, "afstand", "Dichtstbij eerst (met postcode of plaats)", st->sort);
	select_opt(h, "datum", "Nieuwste eerst", st->sort);
	lw_html_lit(h, "</select>\n</div>\n</div>\n");
	for (size_t i = 0; i < st->nf; i++)
		lw_html_f(h, "<input type=\"hidden\" name=\"f.%s\" value=\"%s\">\n", st->f[i].field,
		          st->f[i].value);
	lw_html_lit(h, "<button class=\"utrecht-button utrecht-button--primary-action\" "
	               "type=\"submit\">Zoeken</button>\n</form>\n");
}

/* ---- facets ------------------------------------------------------------------------------- */

static const char *current_filter(const state *st, const char *field)
{
	for (size_t i = 0; i < st->nf; i++)
		if (!strcmp(st->f[i].field, field))
			return st->f[i].value;
	return NULL;
}

static void facets_form(lw_html *h, const state *st, const lw_results *r)
{
	if (!r->nfacets)
		return;
	lw_html_lit(h, "<aside class=\"lw-facets\" aria-labelledby=\"filters-kop\">\n"
	               "<h2 class=\"utrecht-heading-2\" id=\"filters-kop\">Filters</h2>\n"
	               "<form action=\"/zoeken\" method=\"get\">\n");
	lw_html_f(h, "<input type=\"hidden\" name=\"q\" value=\"%s\">\n", st->q ? st->q : "");
	if (st->near)
		lw_html_f(h, "<input type=\"hidden\" name=\"near\" value=\"%s\">\n", st->near);
	if (st->km)
		lw_html_f(h, "<input type=\"hidden\" name=\"km\" value=\"%s\">\n", st->km);
	if (st->kind)
		lw_html_f(h, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n", st->kind);
	if (st->sort)
		lw_html_f(h, "<input type=\"hidden\" name=\"sort\" value=\"%s\">\n", st->sort);
	for (size_t i = 0; i < r->nfacets; i++) {
		const lw_facet *f = &r->facets[i];
		if (!f->n)
			continue;
		const char *cur = current_filter(st, f->field);
		lw_html_f(
		    h,
		    "<fieldset class=\"utrecht-form-fieldset lw-facet\">\n<legend "
		    "class=\"utrecht-form-fieldset__legend\">%s</legend>\n"
		    "<div class=\"lw-choice\"><input class=\"utrecht-radio-button\" type=\"radio\" "
		    "id=\"f-%s-alle\" name=\"f.%s\" value=\"\"%s><label class=\"utrecht-form-label "
		    "utrecht-form-label--radio\" for=\"f-%s-alle\">Alle</label></div>\n",
		    f->label, f->field, f->field, cur ? "" : " checked", f->field);
		for (size_t k = 0; k < f->n && k < 12; k++) {
			const lw_facet_value *v = &f->values[k];
			lw_html_f(
			    h,
			    "<div class=\"lw-choice\"><input class=\"utrecht-radio-button\" "
			    "type=\"radio\" id=\"f-%s-%zu\" name=\"f.%s\" value=\"%s\"%s><label "
			    "class=\"utrecht-form-label utrecht-form-label--radio\" "
			    "for=\"f-%s-%zu\">%s <span "
			    "class=\"lw-count\">(%n)</span></label></div>\n",
			    f->field, k, f->field, v->value,
			    cur && !strcmp(cur, v->value) ? " checked" : "", f->field, k, v->label,
			    v->count);
		}
		lw_html_lit(h, "</fieldset>\n");
	}
	lw_html_lit(h, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
	               "type=\"submit\">Filters toepassen</button>\n</form>\n</aside>\n");
}

/* ---- results ------------------------------------------------------------------------------ */

static void result_item(lw_html *h, lw_searcher *sr, const lw_results *r, const lw_hit *hit)
{
	size_t ranges[32], n = 0;
	lw_searcher_highlight(sr, r, hit->title, ranges, 32, &n);
	lw_html_f(h, "<li class=\"lw-result\">\n<p class=\"lw-kind\">%s",
	          lw_kind_label(hit->kind, 0));
	if (hit->example)
		lw_html_lit(h, " <span class=\"lw-example\">voorbeeld</span>");
	if (!hit->valid)
		lw_html_lit(h, " <span class=\"utrecht-status-badge utrecht-status-badge--danger "
		               "lw-expired\">accreditatie "
		               "verlopen</span>");
	lw_html_lit(h, "</p>\n<h3 class=\"utrecht-heading-3\"><a class=\"utrecht-link\" href=\"");
	lw_page_item_href(h, hit->kind, hit->ref);
	lw_html_lit(h, "\">");
	lw_html_marked(h, hit->title, ranges, n);
	lw_html_lit(h, "</a></h3>\n");
	if (hit->detail && *hit->detail) {
		lw_searcher_highlight(sr, r, hit->detail, ranges, 32, &n);
		lw_html_lit(h, "<p class=\"utrecht-paragraph\">");
		lw_html_marked(h, hit->detail, ranges, n);
		lw_html_lit(h, "</p>\n");
	}
	if (hit->km >= 0 || hit->date) {
		lw_html_lit(h, "<p class=\"lw-meta\">");
		if (hit->km >= 0)
			lw_html_f(h, "%k km", hit->km);
		if (hit->km >= 0 && hit->date)
			lw_html_lit(h, " · ");
		if (hit->date)
			lw_html_f(h, "geplaatst %D", hit->date);
		lw_html_lit(h, "</p>\n");
	}
	lw_html_lit(h, "</li>\n");
}

static void pager(lw_html *h, const state *st, const lw_results *r)
{
	long pages = (r->total + PER_PAGE - 1) / PER_PAGE;
	if (pages > MAX_PAGE)
		pages = MAX_PAGE;
	if (pages <= 1)
		return;
	lw_html_lit(h, "<nav class=\"lw-pager\" aria-label=\"Paginering\"><ul>\n");
	if (st->page > 1) {
		lw_html_lit(h, "<li><a class=\"utrecht-link\" rel=\"prev\" href=\"");
		href(h, st, st->page - 1, -1, NULL);
		lw_html_lit(h, "\">Vorige</a></li>\n");
	}
	lw_html_f(h, "<li aria-current=\"page\">Pagina %ld van %ld</li>\n", st->page, pages);
	if (st->page < pages) {
		lw_html_lit(h, "<li><a class=\"utrecht-link\" rel=\"next\" href=\"");
		href(h, st, st->page + 1, -1, NULL);
		lw_html_lit(h, "\">Volgende</a></li>\n");
	}
	lw_html_lit(h, "</ul></nav>\n");
}

static void empty_state(lw_html *h, const state *st, const lw_portal *p)
{
	lw_html_lit(h, "<div class=\"lw-empty\">\n<h2 class=\"utrecht-heading-2\">Niets "
	               "gevonden</h2>\n<p class=\"utrecht-paragraph\">Zo vind je misschien "
	               "wel iets:</p>\n<ul class=\"utrecht-unordered-list\">\n"
	               "<li>Gebruik minder of algemenere woorden, bijvoorbeeld "
	               "<a class=\"utrecht-link\" href=\"/zoeken?q=zorg\">zorg</a> in plaats van "
	               "een precieze functienaam.</li>\n");
	if (st->nf) {
		state none = *st;
		none.nf = 0;
		lw_html_lit(h, "<li><a class=\"utrecht-link\" href=\"");
		href(h, &none, 1, -1, NULL);
		lw_html_lit(h, "\">Zoek zonder filters</a>.</li>\n");
	}
	if (st->kind) {
		state all = *st;
		all.kind = NULL;
		lw_html_lit(h, "<li><a class=\"utrecht-link\" href=\"");
		href(h, &all, 1, -1, NULL);
		lw_html_lit(h, "\">Zoek in alle soorten</a>.</li>\n");
	}
	if (st->near) {
		state wide = *st;
		wide.km = "100";
		lw_html_lit(h, "<li><a class=\"utrecht-link\" href=\"");
		href(h, &wide, 1, -1, NULL);
		lw_html_lit(h, "\">Zoek tot 100 km</a> rond de plaats.</li>\n");
	}
	lw_html_f(
	    h,
	    "<li>Vraag het <a class=\"utrecht-link\" href=\"/vraag\">leerwerkloket</a> of "
	    "bel gratis de helpdesk: <a class=\"utrecht-link\" href=\"/helpdesk\">%s</a>.</li>\n"
	    "</ul>\n</div>\n",
	    p->cfg.helpdesk_phone);
}

static void active_filters(lw_html *h, const state *st)
{
	if (!st->nf)
		return;
	lw_html_lit(h, "<p class=\"lw-active\">Filters: ");
	for (size_t i = 0; i < st->nf; i++) {
		lw_html_f(h, "<a class=\"utrecht-link\" href=\"");
		href(h, st, 1, (long)i, NULL);
		lw_html_f(h, "\">%s: %s <span class=\"lw-sr\">(filter weghalen)</span> ×</a> ",
		          st->f[i].field, st->f[i].value);
	}
	lw_html_lit(h, "</p>\n");
}

static void results(lw_page *pg, const state *st, lw_searcher *sr, const lw_results *r)
{
	lw_html *h = &pg->h;
	if (r->problem)
		lw_html_f(h,
		          "<div class=\"utrecht-alert lw-alert\" role=\"status\"><p "
		          "class=\"utrecht-paragraph\">%s</p></div>\n",
		          r->problem);
	if (r->corrected)
		lw_html_f(
		    h,
		    "<p class=\"utrecht-paragraph lw-dym\">Niets gevonden voor ‘%s’. Dit zijn "
		    "de resultaten voor <strong>%s</strong>.</p>\n",
		    st->q ? st->q : "", r->corrected);
	else if (r->did_you_mean) {
		state alt = *st;
		alt.q = r->did_you_mean;
		lw_html_lit(h, "<p class=\"utrecht-paragraph lw-dym\">Bedoelde je <a "
		               "class=\"utrecht-link\" href=\"");
		href(h, &alt, 1, -1, NULL);
		lw_html_f(h, "\">%s</a>?</p>\n", r->did_you_mean);
	}
	active_filters(h, st);
	lw_html_lit(h, "<div class=\"lw-layout\">\n<div class=\"lw-results-col\">\n");
	if (!r->total) {
		empty_state(h, st, pg->p);
	} else {
		long from = (st->page - 1) * PER_PAGE + 1;
		lw_html_f(
		    h,
		    "<h2 class=\"utrecht-heading-2\" id=\"resultaten\" aria-live=\"polite\">%n "
		    "%s</h2>\n",
		    r->total, r->total == 1 ? "resultaat" : "resultaten");
		if (r->near_name)
			lw_html_f(h, "<p class=\"utrecht-paragraph\">Bij %s.</p>\n", r->near_name);
		lw_html_f(h, "<ol class=\"lw-results\" start=\"%ld\">\n", from);
		for (size_t i = 0; i < r->n; i++)
			result_item(h, sr, r, &r->hits[i]);
		lw_html_lit(h, "</ol>\n");
		pager(h, st, r);
	}
	lw_html_lit(h, "</div>\n");
	facets_form(h, st, r);
	lw_html_lit(h, "</div>\n");
}

void lw_page_search(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	state st;
	read_state(req, &st);
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_search_opts o;
	const char *ignored;
	lw_buf why = LW_BUF_INIT, q = LW_BUF_INIT;
	int status = 200;
	int bad = lw_web_search_opts(req, &o, &ignored, &why);
	if (st.q || st.near || st.kind || st.nf)
		lw_page_begin(&pg, st.q ? st.q : "Zoeken");
	else
		lw_page_begin(&pg, "Zoeken");
	lw_html_lit(&pg.h, "<h1 class=\"utrecht-heading-1\">Zoeken</h1>\n");
	search_form(&pg.h, &st);
	if (bad) {
		status = 400;
		lw_html_f(&pg.h,
		          "<div class=\"utrecht-alert lw-alert\" role=\"alert\"><p "
		          "class=\"utrecht-paragraph\">%s</p></div>\n",
		          why.data ? why.data : "De zoekvraag is niet goed ingevuld.");
	} else if (st.q || st.near || st.kind || st.nf) {
		o.limit = PER_PAGE;
		o.offset = (size_t)(st.page - 1) * PER_PAGE;
		o.facets = 1;
		lw_searcher *sr = effective_query(&st, &q) == LW_OK ? lw_portal_searcher(p) : NULL;
		lw_results r;
		lw_err err;
		lw_err_clear(&err);
		if (!sr || lw_searcher_run(sr, q.data ? q.data : "", &o, &r, &err) != LW_OK)
			pg.h.failed = 1;
		else
			results(&pg, &st, sr, &r);
		if (sr) {
			lw_results_free(&r);
			lw_portal_searcher_put(p, sr);
		}
	}
	lw_page_end(&pg);
	lw_buf_free(&why);
	lw_buf_free(&q);
	lw_page_send(&pg, res, status);
}

/*
 * report_html.c - the report as HTML (report_html.h): a summary, the
 * three charts, and every table of the report with the same cells, in the
 * same Dutch notation, as the text writer. The charts are in
 * report_svg.c.
 */
#include "report_html.h"

#include <string.h>

/* The file's own style sheet: only in the file, never on /monitor (see report_html.h). */
static void document_style(lw_html *h)
{
	lw_html_lit(
	    h, "<style>\n"
	       "body{margin:0;font-family:system-ui,-apple-system,\"Segoe "
	       "UI\",Roboto,Arial,sans-serif;"
	       "color:#1a1a1a;background:#fff;line-height:1.5}\n"
	       "main{max-inline-size:72rem;margin:0 auto;padding:1rem}\n"
	       "h1,h2,h3{line-height:1.25}\n"
	       ".lw-lead{font-size:1.125rem}\n"
	       "figure{margin:0 0 1.5rem}\n"
	       "svg{display:block;max-inline-size:100%;block-size:auto}\n"
	       ".lw-table-wrap{margin-block-end:1.5rem;max-inline-size:100%;overflow-x:auto}\n"
	       ".utrecht-table{border-collapse:collapse;inline-size:100%;font-size:.9375rem}\n"
	       ".utrecht-table__caption{text-align:start;font-weight:700;padding-block-end:.5rem}\n"
	       ".utrecht-table__header-cell,.utrecht-table__cell{padding:.375rem .5rem;"
	       "border-block-end:1px solid #ccc;text-align:start;vertical-align:top}\n"
	       ".utrecht-table__header-cell{border-block-end:2px solid #1a1a1a}\n"
	       ".utrecht-table__cell--numeric-data,.utrecht-table__header-cell--numeric-column{"
	       "text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	       ".lw-total .utrecht-table__cell{font-weight:700}\n"
	       "a{color:#00558f}\n"
	       "footer{max-inline-size:72rem;margin:0 auto;padding:0 1rem 1rem}\n"
	       "</style>\n");
}

static const lw_progress_unit *main_unit(const lw_progress *m)
{
	for (size_t i = 0; i < m->nunits; i++)
		if (m->units[i].national && (!m->units[i].covenant) == !m->covenant)
			return &m->units[i];
	return m->nunits ? &m->units[0] : NULL;
}

static void summary(lw_html *h, const lw_progress_unit *u)
{
	lw_buf a = LW_BUF_INIT, b = LW_BUF_INIT, c = LW_BUF_INIT;
	lw_html_f(h, "<p class=\"utrecht-paragraph\">Gerealiseerd: <strong>%s</strong> trajecten",
	          lw_report_fig_nl(&a, u->realised, LW_COL_COUNT));
	if (!u->tracked)
		lw_html_f(h, " van %s (%s naar rato op de peildatum, dat is %s)",
		          lw_report_fig_nl(&b, lw_fig_shown(u->total), LW_COL_COUNT),
		          lw_report_fig_nl(&c, u->prorata, LW_COL_COUNT),
		          lw_report_fig_nl(&a, u->permille, LW_COL_PERMILLE));
	if (u->status)
		lw_html_f(h, ": <strong>%s</strong>", lw_status_label(u->status));
	if (u->pace_recent.state != LW_FIG_NONE)
		lw_html_f(h, ". Het tempo van de laatste 12 maanden is %s per jaar",
		          lw_report_fig_nl(&a, u->pace_recent, LW_COL_COUNT));
	if (u->pace_needed.state != LW_FIG_NONE)
		lw_html_f(h, "; nodig is %s per jaar om het doel in %d te halen",
		          lw_report_fig_nl(&b, u->pace_needed, LW_COL_COUNT), u->due_year);
	if (u->forecast_recent.state != LW_FIG_NONE && u->pace_recent.state != LW_FIG_NONE)
		lw_html_f(h, ". Bij het tempo van nu komt het einde op %s",
		          lw_report_fig_nl(&c, u->forecast_recent, LW_COL_COUNT));
	lw_html_lit(h, ".</p>\n");
	lw_buf_free(&a);
	lw_buf_free(&b);
	lw_buf_free(&c);
}

/* ---- tables ----------------------------------------------------------------------------- */

static void table_head(lw_html *h, const lw_table *t)
{
	lw_html_lit(h, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].kind == LW_COL_TEXT)
			lw_html_lit(h, "<th class=\"utrecht-table__header-cell\" scope=\"col\">");
		else
			lw_html_lit(h,
			            "<th class=\"utrecht-table__header-cell "
			            "utrecht-table__header-cell--numeric-column\" scope=\"col\">");
		lw_html_f(h, "%s</th>", t->cols[c].title);
	}
	lw_html_lit(h, "</tr></thead>\n");
}

static void table_row(lw_html *h, const lw_table *t, size_t r, lw_buf *v)
{
	if (t->total_last && r + 1 == t->nrows)
		lw_html_lit(h, "<tr class=\"utrecht-table__row lw-total\">");
	else
		lw_html_lit(h, "<tr class=\"utrecht-table__row\">");
	for (size_t c = 0; c < t->ncols; c++) {
		lw_buf_reset(v);
		lw_report_cell_nl(&t->cols[c], lw_table_cell(t, r, c), v);
		if (c == 0)
			lw_html_f(h, "<th class=\"utrecht-table__cell\" scope=\"row\">%s</th>",
			          lw_buf_cstr(v));
		else if (t->cols[c].kind == LW_COL_TEXT)
			lw_html_f(h, "<td class=\"utrecht-table__cell\">%s</td>", lw_buf_cstr(v));
		else
			lw_html_f(h,
			          "<td class=\"utrecht-table__cell "
			          "utrecht-table__cell--numeric-data\">%s</td>",
			          lw_buf_cstr(v));
	}
	lw_html_lit(h, "</tr>\n");
}

static void table_html(lw_html *h, const lw_table *t)
{
	lw_buf v = LW_BUF_INIT;
	lw_html_f(h,
	          "<h3 class=\"utrecht-heading-3\" id=\"tabel-%s\">%s</h3>\n"
	          "<p class=\"utrecht-paragraph\">%s</p>\n"
	          "<div class=\"lw-table-wrap\" role=\"region\" aria-labelledby=\"tabel-%s\" "
	          "tabindex=\"0\">\n<table class=\"utrecht-table\" data-tabel=\"%s\">\n"
	          "<caption class=\"utrecht-table__caption\">%s</caption>\n",
	          t->id, t->title, t->note, t->id, t->id, t->title);
	table_head(h, t);
	lw_html_lit(h, "<tbody class=\"utrecht-table__body\">\n");
	for (size_t r = 0; r < t->nrows; r++)
		table_row(h, t, r, &v);
	lw_html_lit(h, "</tbody>\n</table>\n</div>\n");
	lw_buf_free(&v);
}

/* ---- the body ---------------------------------------------------------------------------- */

static void charts(lw_html *h, const lw_report *r, const lw_progress_unit *u)
{
	if (u) {
		lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Voortgang in de tijd</h2>\n"
		               "<figure class=\"lw-chart\">\n");
		lw_report_svg_progress(h, r, u);
		lw_html_lit(h,
		            "<figcaption class=\"utrecht-paragraph\">De cijfers staan in de tabel "
		            "<a class=\"utrecht-link\" href=\"#tabel-per_jaar\">Per jaar en "
		            "cumulatief</a>.</figcaption>\n</figure>\n");
	}
	if (lw_report_svg_has_covenants(r)) {
		lw_html_lit(h,
		            "<h2 class=\"utrecht-heading-2\">Convenanten tegen hun aandeel</h2>\n"
		            "<figure class=\"lw-chart\">\n");
		lw_report_svg_covenants(h, r);
		lw_html_lit(h,
		            "<figcaption class=\"utrecht-paragraph\">De cijfers staan in de tabel "
		            "<a class=\"utrecht-link\" href=\"#tabel-convenanten\">Convenanten "
		            "tegen hun aandeel</a>.</figcaption>\n</figure>\n");
	}
	if (lw_report_svg_has_bullets(r)) {
		lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Subdoelen</h2>\n"
		               "<figure class=\"lw-chart\">\n");
		lw_report_svg_bullets(h, r);
		lw_html_lit(h,
		            "<figcaption class=\"utrecht-paragraph\">De cijfers staan in de tabel "
		            "<a class=\"utrecht-link\" href=\"#tabel-voortgang\">Voortgang per "
		            "doel</a>.</figcaption>\n</figure>\n");
	}
}

void lw_report_html_body(lw_html *h, const lw_report *r)
{
	const lw_progress *m = r->model;
	const lw_progress_unit *u = main_unit(m);
	lw_html_f(h,
	          "<div class=\"lw-rapport\">\n<h1 class=\"utrecht-heading-1\">%s</h1>\n"
	          "<p class=\"utrecht-paragraph lw-lead\">%s, peildatum %D.</p>\n",
	          r->title, r->scope, m->as_of);
	if (strcmp(m->as_of, m->counted_to))
		lw_html_f(h,
		          "<p class=\"utrecht-paragraph\">Het programma liep tot en met %D: wat later "
		          "startte, telt niet mee.</p>\n",
		          m->counted_to);
	if (u)
		summary(h, u);
	lw_html_lit(
	    h, "<p class=\"utrecht-paragraph\">Aantallen van 1 tot en met 9 personen staan "
	       "er als &lt;10; een x schermt een cijfer af dat zo'n aantal zou verraden.</p>\n");
	charts(h, r, u);
	lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Tabellen</h2>\n");
	for (size_t i = 0; i < r->ntables; i++)
		table_html(h, &r->tables[i]);
	lw_html_lit(h, "</div>\n");
}

void lw_report_html_document(lw_html *h, const lw_report *r)
{
	lw_html_f(h,
	          "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
	          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	          "<title>%s - %s</title>\n",
	          r->title, r->scope);
	document_style(h);
	lw_html_lit(h, "</head>\n<body>\n<main id=\"inhoud\">\n");
	lw_report_html_body(h, r);
	lw_html_f(h,
	          "</main>\n<footer class=\"lw-footer\">\n<p class=\"utrecht-paragraph\">Gemaakt "
	          "door leerwerk %s op grond van de tellingen van de monitor.</p>\n</footer>\n"
	          "</body>\n</html>\n",
	          LW_VERSION);
}

/*
 * report_html.h - the monitor's report as HTML, with SVG charts: the
 * fifth writer of the report (src/report/lw_report.h), in the web room
 * because HTML is written only through html.h. The same body serves the
 * file of `leerwerk monitor report --formaat html` and the portal's
 * /monitor page.
 *
 * The charts style themselves with SVG presentation attributes only (no
 * style attribute, no <style>), so they look the same under the portal's
 * Content-Security-Policy (no inline style) and in the file. The rest uses
 * the NL Design System's classes (utrecht-table, utrecht-heading-N) and
 * the portal's lw-table-wrap: on /monitor the portal's own style sheets
 * style them; the file carries a small style sheet of its own in <style>
 * (the file has no CSP, and must open without the portal).
 */
#ifndef LW_REPORT_HTML_H
#define LW_REPORT_HTML_H

#include "html.h"
#include "lw_report.h"

/* The report's content (h1 and down), for a page that has its own frame. */
void lw_report_html_body(lw_html *h, const lw_report *r);
/* A whole self-contained HTML document: the report file. */
void lw_report_html_document(lw_html *h, const lw_report *r);

/* The three charts (report_svg.c), each an <svg role="img"> with a title and a description. */
void lw_report_svg_progress(lw_html *h, const lw_report *r, const lw_progress_unit *u);
void lw_report_svg_covenants(lw_html *h, const lw_report *r);
void lw_report_svg_bullets(lw_html *h, const lw_report *r);
/* 1 when the chart has something to show. */
int lw_report_svg_has_covenants(const lw_report *r);
int lw_report_svg_has_bullets(const lw_report *r);

#endif

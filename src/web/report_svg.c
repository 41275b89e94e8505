/*
 * report_svg.c - the report's charts as inline SVG: the cumulative count
 * against the target over time with both forecasts, the covenants as bars
 * against what they adopted, and the sub-targets as bullet charts. Only
 * presentation attributes (fill, stroke, font-size ...), never a style
 * attribute, so the portal's Content-Security-Policy allows them. Each
 * chart is role="img" with a <title> and a <desc> that say in words what
 * it shows; the numbers are in the report's tables. Lines differ in dash
 * pattern as well as colour. Only figures the model shows are drawn.
 */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>

#define INK "#1a1a1a"
#define GRID "#d0d0d0"
#define BLUE "#1f5fa8"
#define ORANGE "#a34f00"
#define GREEN "#2c6e31"
#define GREY "#595959"

/* A scale of values 0..max onto pixels [lo, hi] (hi may be below lo: y grows down). */
typedef struct scale {
	int64_t max;
	long lo, hi;
} scale;

static long at(const scale *s, int64_t v)
{
	if (s->max <= 0)
		return s->lo;
	return s->lo + (long)((v * (s->hi - s->lo)) / s->max);
}

/* The smallest 1, 2 or 5 times a power of ten that is at least v (v >= 1). */
static int64_t nice(int64_t v)
{
	int64_t p = 1;
	while (p * 10 <= v)
		p *= 10;
	return v <= p ? p : v <= 2 * p ? 2 * p : v <= 5 * p ? 5 * p : 10 * p;
}

static int shown(lw_fig f)
{
	return f.state == LW_FIG_SHOWN;
}

static void svg_open(lw_html *h, const char *id, long w, long hgt, const char *title)
{
	lw_html_f(
	    h,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lw-grafiek\" id=\"grafiek-%s\" "
	    "viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\" role=\"img\" "
	    "aria-labelledby=\"grafiek-%s-titel grafiek-%s-uitleg\" font-size=\"13\" "
	    "fill=\"" INK "\">\n<title id=\"grafiek-%s-titel\">%s</title>\n",
	    id, w, hgt, w, hgt, id, id, id, title);
}

static void text_at(lw_html *h, long x, long y, const char *anchor, const char *s)
{
	lw_html_f(h, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"%s\">%s</text>\n", x, y, anchor, s);
}

/* ---- over time ----------------------------------------------------------------------------- */

#define PW 720
#define PH 400

typedef struct frame {
	int32_t d0, d1; /* days at the left and right edge */
	scale y;
	long x0, x1;
} frame;

static long fx(const frame *f, int32_t day)
{
	return f->x0 + (long)((int64_t)(day - f->d0) * (f->x1 - f->x0) / (f->d1 - f->d0));
}

static int32_t year_end(int y)
{
	char s[32];
	snprintf(s, sizeof s, "%04d-12-31", y);
	return lw_date_days(s);
}

static int year_of_day(int32_t day)
{
	char s[11];
	lw_progress_date(day, s);
	return atoi(s);
}

static int64_t progress_max(const lw_progress_unit *u, const lw_progress *m)
{
	int64_t v = u->tracked ? 0 : u->total;
	for (int y = m->first_year; y <= m->last_year; y++)
		v = u->plan_cum[y - m->first_year] > v ? u->plan_cum[y - m->first_year] : v;
	for (size_t i = 0; i < u->npoints; i++)
		v = u->points[i].value > v ? u->points[i].value : v;
	if (shown(u->forecast_recent) && u->forecast_recent.v > v)
		v = u->forecast_recent.v;
	return v > 0 ? v : 10;
}

static void grid(lw_html *h, const frame *f, const lw_progress *m)
{
	int64_t step = nice((f->y.max + 4) / 5);
	lw_buf b = LW_BUF_INIT;
	for (int64_t v = 0; v <= f->y.max; v += step) {
		long y = at(&f->y, v);
		lw_html_f(h,
		          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"" GRID
		          "\" stroke-width=\"1\"/>\n",
		          f->x0, y, f->x1, y);
		text_at(h, f->x0 - 8, y + 4, "end", lw_report_fig_nl(&b, lw_fig_shown(v), LW_COL_COUNT));
	}
	for (int yr = m->first_year; yr <= year_of_day(f->d1); yr++) {
		long xa = fx(f, year_end(yr - 1)),
		     xb = fx(f, year_end(yr) < f->d1 ? year_end(yr) : f->d1);
		lw_html_f(h,
		          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"" GRID
		          "\" stroke-width=\"1\"/>\n",
		          xa, f->y.hi, xa, f->y.lo + 6);
		lw_html_f(h, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\">%d</text>\n",
		          (xa + xb) / 2, f->y.lo + 22, yr);
	}
	lw_buf_free(&b);
}

static void polyline(lw_html *h, const char *color, const char *dash, int width)
{
	lw_html_f(h, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%d\"", color, width);
	if (*dash)
		lw_html_f(h, " stroke-dasharray=\"%s\"", dash);
	lw_html_lit(h, " points=\"");
}

static void plan_line(lw_html *h, const frame *f, const lw_progress_unit *u, const lw_progress *m)
{
	if (u->tracked)
		return;
	polyline(h, GREY, "", 2);
	lw_html_f(h, "%ld,%ld", fx(f, f->d0), at(&f->y, 0));
	for (int y = m->first_year; y <= m->last_year; y++)
		lw_html_f(h, " %ld,%ld", fx(f, year_end(y)),
		          at(&f->y, u->plan_cum[y - m->first_year]));
	lw_html_lit(h, "\"/>\n");
}

static void realised_line(lw_html *h, const frame *f, const lw_progress_unit *u)
{
	if (u->npoints < 2)
		return;
	polyline(h, BLUE, "", 4);
	for (size_t i = 0; i < u->npoints; i++)
		lw_html_f(h, "%s%ld,%ld", i ? " " : "", fx(f, u->points[i].day),
		          at(&f->y, u->points[i].value));
	lw_html_lit(h, "\"/>\n");
}

static void forecast_line(lw_html *h, const frame *f, const lw_progress_unit *u, int32_t day,
                          lw_fig to, const char *color, const char *dash)
{
	int32_t deadline = year_end(u->due_year);
	if (!shown(u->realised) || !shown(to) || deadline <= day)
		return;
	polyline(h, color, dash, 3);
	lw_html_f(h, "%ld,%ld %ld,%ld\"/>\n", fx(f, day), at(&f->y, u->realised.v), fx(f, deadline),
	          at(&f->y, to.v));
}

static void legend_item(lw_html *h, long x, long y, const char *color, const char *dash,
                        const char *label)
{
	lw_html_f(h,
	          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"%s\" "
	          "stroke-width=\"3\"",
	          x, y - 4, x + 32, y - 4, color);
	if (*dash)
		lw_html_f(h, " stroke-dasharray=\"%s\"", dash);
	lw_html_lit(h, "/>\n");
	text_at(h, x + 40, y, "start", label);
}

static void progress_desc(lw_html *h, const lw_report *r, const lw_progress_unit *u)
{
	lw_buf a = LW_BUF_INIT, b = LW_BUF_INIT, c = LW_BUF_INIT;
	lw_html_f(h,
	          "<desc id=\"grafiek-voortgang-uitleg\">%s, %s: cumulatief gerealiseerd tot de "
	          "peildatum %D: %s trajecten",
	          u->name, r->scope, r->model->as_of, lw_report_fig_nl(&a, u->realised, LW_COL_COUNT));
	if (!u->tracked)
		lw_html_f(h, ", tegen %s naar rato (%s, %s)",
		          lw_report_fig_nl(&b, u->prorata, LW_COL_COUNT),
		          lw_report_fig_nl(&c, u->permille, LW_COL_PERMILLE), lw_status_label(u->status));
	if (shown(u->forecast_recent) && shown(u->pace_recent))
		lw_html_f(h,
		          ". Bij het tempo van de laatste 12 maanden eindigt de lijn in %d op %s",
		          u->due_year, lw_report_fig_nl(&a, u->forecast_recent, LW_COL_COUNT));
	if (shown(u->forecast_needed) && !u->tracked)
		lw_html_f(h, "; het tempo dat nodig is (%s per jaar) brengt haar op %s",
		          lw_report_fig_nl(&b, u->pace_needed, LW_COL_COUNT),
		          lw_report_fig_nl(&c, u->forecast_needed, LW_COL_COUNT));
	lw_html_lit(h, ". De grijze lijn is de streefwaarde naar rato.</desc>\n");
	lw_buf_free(&a);
	lw_buf_free(&b);
	lw_buf_free(&c);
}

void lw_report_svg_progress(lw_html *h, const lw_report *r, const lw_progress_unit *u)
{
	const lw_progress *m = r->model;
	int32_t day = lw_progress_day(m->as_of), end = year_end(m->last_year);
	frame f = {year_end(m->first_year - 1), end, {0, PH - 96, 16}, 80, PW - 24};
	if (year_end(u->due_year) > f.d1)
		f.d1 = year_end(u->due_year);
	if (day > f.d1)
		day = f.d1;
	int64_t max = progress_max(u, m), step = nice((max + 4) / 5);
	f.y.max = (max + step - 1) / step * step;
	svg_open(h, "voortgang", PW, PH, "Gerealiseerd tegen de streefwaarde, cumulatief");
	progress_desc(h, r, u);
	grid(h, &f, m);
	if (day > f.d0) {
		long x = fx(&f, day);
		lw_html_f(h,
		          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"" INK
		          "\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n",
		          x, f.y.lo, x, f.y.hi);
		text_at(h, x > PW - 120 ? x - 4 : x + 4, f.y.hi + 10,
		        x > PW - 120 ? "end" : "start", "peildatum");
	}
	plan_line(h, &f, u, m);
	realised_line(h, &f, u);
	forecast_line(h, &f, u, day, u->forecast_recent, ORANGE, "10 6");
	if (!u->tracked)
		forecast_line(h, &f, u, day, u->forecast_needed, GREEN, "3 4");
	long ly = PH - 42;
	legend_item(h, 80, ly, GREY, "", "Streefwaarde naar rato");
	legend_item(h, 380, ly, BLUE, "", "Gerealiseerd");
	legend_item(h, 80, ly + 24, ORANGE, "10 6", "Prognose bij het tempo van nu");
	legend_item(h, 380, ly + 24, GREEN, "3 4", "Prognose bij het tempo dat nodig is");
	lw_html_lit(h, "</svg>\n");
}

/* ---- covenants ------------------------------------------------------------------------------ */

static int covenant_bar(const lw_progress_unit *u)
{
	return u->covenant && u->national && !u->tracked;
}

int lw_report_svg_has_covenants(const lw_report *r)
{
	const lw_progress *m = r->model;
	for (size_t i = 0; !m->covenant && i < m->nunits; i++)
		if (covenant_bar(&m->units[i]))
			return 1;
	return 0;
}

#define ROW 44

static void covenant_row(lw_html *h, const lw_progress_unit *u, const scale *x, long y, lw_buf *b)
{
	lw_buf t = LW_BUF_INIT;
	lw_buf_printf(&t, "%s: %s", u->covenant, u->covenant_name ? u->covenant_name : "");
	text_at(h, 8, y + 14, "start", lw_buf_cstr(&t));
	lw_html_f(
	    h,
	    "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"16\" fill=\"#ececec\" stroke=\"" GREY
	    "\" stroke-width=\"1\"/>\n",
	    x->lo, y + 20, at(x, u->total) - x->lo);
	if (shown(u->realised) && u->realised.v > 0)
		lw_html_f(h,
		          "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"10\" fill=\"" BLUE
		          "\"/>\n",
		          x->lo, y + 23, at(x, u->realised.v) - x->lo);
	long p = at(x, u->prorata.v);
	lw_html_f(h,
	          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"" INK
	          "\" stroke-width=\"3\"/>\n",
	          p, y + 17, p, y + 39);
	lw_buf_reset(&t);
	lw_buf_printf(&t, "%s", lw_report_fig_nl(b, u->realised, LW_COL_COUNT));
	lw_buf_printf(&t, " van %s", lw_report_fig_nl(b, lw_fig_shown(u->total), LW_COL_COUNT));
	if (u->status)
		lw_buf_printf(&t, " (%s)", lw_status_label(u->status));
	text_at(h, x->hi + 8, y + 33, "start", lw_buf_cstr(&t));
	lw_buf_free(&t);
}

void lw_report_svg_covenants(lw_html *h, const lw_report *r)
{
	const lw_progress *m = r->model;
	size_t n = 0, count[4] = {0};
	int64_t max = 1;
	for (size_t i = 0; i < m->nunits; i++) {
		const lw_progress_unit *u = &m->units[i];
		if (!covenant_bar(u))
			continue;
		n++;
		count[u->status]++;
		max = u->total > max ? u->total : max;
		max = shown(u->realised) && u->realised.v > max ? u->realised.v : max;
	}
	long hgt = (long)n * ROW + 40;
	svg_open(h, "convenanten", PW, hgt, "Convenanten: gerealiseerd tegen hun aandeel");
	lw_html_f(
	    h,
	    "<desc id=\"grafiek-convenanten-uitleg\">Per convenant een balk voor wat het "
	    "realiseerde, in een vak zo lang als het aandeel dat het aannam; de zwarte streep "
	    "is het aandeel naar rato op de peildatum. Van de %zu convenanten zijn er %zu op "
	    "schema, %zu achter en %zu ver achter.</desc>\n",
	    n, count[LW_STATUS_ON_TRACK], count[LW_STATUS_BEHIND], count[LW_STATUS_FAR_BEHIND]);
	scale x = {max, 8, 520};
	lw_buf b = LW_BUF_INIT;
	long y = 8;
	for (size_t i = 0; i < m->nunits; i++)
		if (covenant_bar(&m->units[i])) {
			covenant_row(h, &m->units[i], &x, y, &b);
			y += ROW;
		}
	lw_buf_free(&b);
	lw_html_lit(h, "</svg>\n");
}

/* ---- sub-targets ----------------------------------------------------------------------------- */

static int bullet(const lw_progress *m, const lw_progress_unit *u)
{
	return !u->national && (m->covenant ? u->covenant != NULL : !u->covenant);
}

int lw_report_svg_has_bullets(const lw_report *r)
{
	for (size_t i = 0; i < r->model->nunits; i++)
		if (bullet(r->model, &r->model->units[i]))
			return 1;
	return 0;
}

static void band(lw_html *h, const scale *x, int64_t from, int64_t to, long y, const char *fill)
{
	if (to <= from)
		return;
	lw_html_f(h, "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"22\" fill=\"%s\"/>\n",
	          at(x, from), y, at(x, to) - at(x, from), fill);
}

static void bullet_text(lw_buf *t, const lw_progress_unit *u, lw_buf *b)
{
	lw_buf_printf(t, "%s gerealiseerd", lw_report_fig_nl(b, u->realised, LW_COL_COUNT));
	if (u->tracked) {
		lw_buf_puts(t, ", gevolgd zonder streefwaarde");
		return;
	}
	lw_buf_printf(t, " van %s", lw_report_fig_nl(b, lw_fig_shown(u->total), LW_COL_COUNT));
	lw_buf_printf(t, " in %d; naar rato nu %s", u->due_year,
	              lw_report_fig_nl(b, u->prorata, LW_COL_COUNT));
	if (u->status)
		lw_buf_printf(t, ": %s", lw_status_label(u->status));
}

static void bullet_row(lw_html *h, const lw_progress_unit *u, long y, lw_buf *b)
{
	lw_buf t = LW_BUF_INIT;
	text_at(h, 8, y + 14, "start", u->name);
	bullet_text(&t, u, b);
	text_at(h, 8, y + 60, "start", lw_buf_cstr(&t));
	lw_buf_free(&t);
	if (u->tracked)
		return;
	int64_t max = u->total > u->prorata.v ? u->total : u->prorata.v;
	if (shown(u->realised) && u->realised.v > max)
		max = u->realised.v;
	scale x = {max > 0 ? max : 1, 8, PW - 16};
	int64_t p = u->prorata.v;
	band(h, &x, 0, p * 80 / 100, y + 22, "#b8b8b8");
	band(h, &x, p * 80 / 100, p * 95 / 100, y + 22, "#d4d4d4");
	band(h, &x, p * 95 / 100, max, y + 22, "#ececec");
	if (shown(u->realised) && u->realised.v > 0)
		lw_html_f(
		    h, "<rect x=\"8\" y=\"%ld\" width=\"%ld\" height=\"8\" fill=\"" BLUE "\"/>\n",
		    y + 29, at(&x, u->realised.v) - 8);
	long px = at(&x, p), tx = at(&x, u->total);
	lw_html_f(h,
	          "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"" INK
	          "\" stroke-width=\"3\"/>\n<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" "
	          "stroke=\"" INK "\" stroke-width=\"1\"/>\n",
	          px, y + 18, px, y + 48, tx, y + 20, tx, y + 46);
}

void lw_report_svg_bullets(lw_html *h, const lw_report *r)
{
	const lw_progress *m = r->model;
	size_t n = 0;
	for (size_t i = 0; i < m->nunits; i++)
		n += bullet(m, &m->units[i]);
	svg_open(h, "subdoelen", PW, (long)n * 80 + 8,
	         "Subdoelen: gerealiseerd tegen de streefwaarde");
	lw_html_lit(h,
	            "<desc id=\"grafiek-subdoelen-uitleg\">Per subdoel een balk voor wat "
	            "gerealiseerd is. De vakken erachter lopen van ver achter (donker, onder 80% "
	            "van de streefwaarde naar rato) via achter (onder 95%) tot op schema (licht); "
	            "de dikke streep is de streefwaarde naar rato op de peildatum, de dunne de "
	            "streefwaarde. ");
	lw_buf b = LW_BUF_INIT, t = LW_BUF_INIT;
	for (size_t i = 0; i < m->nunits; i++)
		if (bullet(m, &m->units[i])) {
			lw_buf_reset(&t);
			bullet_text(&t, &m->units[i], &b);
			lw_html_f(h, "%s: %s. ", m->units[i].name, lw_buf_cstr(&t));
		}
	lw_html_lit(h, "</desc>\n");
	long y = 4;
	for (size_t i = 0; i < m->nunits; i++)
		if (bullet(m, &m->units[i])) {
			bullet_row(h, &m->units[i], y, &b);
			y += 80;
		}
	lw_buf_free(&b);
	lw_buf_free(&t);
	lw_html_lit(h, "</svg>\n");
}

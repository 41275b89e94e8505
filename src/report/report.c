/*
 * report.c - the progress model laid out as the report's tables, once,
 * for every writer; and the two ways numbers are written (for people, in
 * Dutch; plainly, for machines).
 */
#include "lw_report.h"

#include <string.h>

const char *const lw_report_legend[] = {
    "<10: een aantal van 1 tot en met 9 personen, dat niet wordt getoond",
    "x: afgeschermd, omdat het samen met andere cijfers een aantal onder de 10 zou "
    "verraden",
    "-: niet van toepassing",
    NULL,
};

/* ---- columns --------------------------------------------------------------------- */

#define TEXT(id, title)                                                                            \
	{                                                                                          \
		id, title, LW_COL_TEXT                                                             \
	}
#define COUNT(id, title)                                                                           \
	{                                                                                          \
		id, title, LW_COL_COUNT                                                            \
	}
#define PCT(id, title)                                                                             \
	{                                                                                          \
		id, title, LW_COL_PERMILLE                                                         \
	}
#define EURO(id, title)                                                                            \
	{                                                                                          \
		id, title, LW_COL_CENTS                                                            \
	}

static const lw_column meta_cols[] = {TEXT("gegeven", "Gegeven"), TEXT("waarde", "Waarde")};

/* The progress of a row; the covenant columns only where rows are covenants'. */
static const lw_column progress_cols[] = {
    TEXT("convenant", "Convenant"),
    TEXT("convenant_naam", "Naam convenant"),
    TEXT("doel", "Doel"),
    TEXT("naam", "Naam"),
    COUNT("streefwaarde", "Streefwaarde"),
    TEXT("gereed_in", "Gereed in"),
    COUNT("naar_rato", "Streefwaarde naar rato"),
    COUNT("gerealiseerd", "Gerealiseerd"),
    PCT("percentage", "Gerealiseerd van naar rato"),
    TEXT("status", "Status"),
    COUNT("laatste_12_maanden", "Gestart in de laatste 12 maanden"),
    COUNT("tempo_nu", "Tempo nu (per jaar)"),
    COUNT("tempo_nodig", "Tempo nodig (per jaar)"),
    COUNT("prognose_tempo_nu", "Prognose bij tempo nu"),
    COUNT("prognose_tempo_nodig", "Prognose bij tempo nodig"),
};
#define PROGRESS_OWN 2 /* the columns after the covenant's */

static const lw_column year_cols[] = {
    TEXT("convenant", "Convenant"),
    TEXT("doel", "Doel"),
    TEXT("jaar", "Jaar"),
    COUNT("streefwaarde", "Streefwaarde in het jaar"),
    COUNT("streefwaarde_cumulatief", "Streefwaarde cumulatief"),
    COUNT("gerealiseerd", "Gerealiseerd in het jaar"),
    COUNT("gerealiseerd_cumulatief", "Gerealiseerd cumulatief"),
};

static const lw_column adoption_cols[] = {
    TEXT("doel", "Doel"),
    TEXT("naam", "Naam"),
    TEXT("jaar", "Jaar"),
    COUNT("streefwaarde", "Streefwaarde"),
    COUNT("aangenomen", "Aangenomen door convenanten"),
    COUNT("niet_aangenomen", "Niet aangenomen"),
};

static const lw_column breakdown_cols[] = {
    TEXT("code", "Code"),
    TEXT("naam", "Naam"),
    COUNT("gestart", "Gestart"),
    COUNT("afgerond", "Afgerond"),
    COUNT("gestopt", "Gestopt"),
    PCT("afgerond_percentage", "Afgerond (van de beëindigde)"),
    PCT("uitval_percentage", "Uitval (van de beëindigde)"),
    EURO("uitgegeven", "Uitgegeven (euro)"),
    EURO("kosten_per_traject", "Kosten per gestart traject (euro)"),
};
#define BREAKDOWN_NCOLS 7 /* without the money of covenants */

static const lw_column budget_cols[] = {
    TEXT("regel", "Begrotingsregel"),
    TEXT("naam", "Naam"),
    TEXT("jaar", "Jaar"),
    EURO("begroot", "Begroot (euro)"),
    EURO("uitgegeven", "Uitgegeven (euro)"),
    EURO("resterend", "Resterend (euro)"),
};

static const lw_column cost_cols[] = {
    TEXT("regel", "Begrotingsregel"),
    TEXT("naam", "Naam"),
    TEXT("doelen", "Betaalt trajecten van"),
    EURO("uitgegeven", "Uitgegeven (euro)"),
    COUNT("gerealiseerd", "Gerealiseerd"),
    EURO("kosten_per_traject", "Kosten per gerealiseerd traject (euro)"),
};

/* ---- building tables ---------------------------------------------------------------- */

typedef struct layout {
	lw_report *r;
	lw_arena *a;
	size_t cap;
} layout;

static lw_table *table_new(layout *l, const char *id, const char *title, const char *note,
                           const lw_column *cols, size_t ncols, size_t nrows)
{
	lw_report *r = l->r;
	lw_table *t = lw_arena_grow(l->a, r->tables, &r->ntables, &l->cap, sizeof *t);
	if (!t)
		return NULL;
	r->tables = t;
	t += r->ntables - 1;
	*t = (lw_table){id, title, note, cols, ncols, NULL, 0, 0};
	t->cells = lw_arena_alloc(l->a, (nrows ? nrows : 1) * ncols * sizeof *t->cells);
	return t->cells ? t : NULL;
}

/* The next row's cells. */
static lw_cell *row_new(lw_table *t)
{
	return &t->cells[t->nrows++ * t->ncols];
}

static lw_cell text(const char *s)
{
	return (lw_cell){s ? LW_FIG_SHOWN : LW_FIG_NONE, 0, s};
}

static lw_cell fig(lw_fig f)
{
	return (lw_cell){f.state, f.v, NULL};
}

static lw_cell num(int64_t v)
{
	return (lw_cell){v < 0 ? LW_FIG_NONE : LW_FIG_SHOWN, v, NULL};
}

static lw_cell money(int64_t cents)
{
	return (lw_cell){LW_FIG_SHOWN, cents, NULL};
}

static const char *year_text(layout *l, int year)
{
	char b[16];
	snprintf(b, sizeof b, "%d", year);
	return lw_arena_strdup(l->a, b);
}

/* ---- the tables -------------------------------------------------------------------- */

static int meta_table(layout *l)
{
	const lw_progress *m = l->r->model;
	lw_table *t = table_new(l, "rapport", "Over dit rapport",
	                        "Wat het rapport telt, op welke datum, en wat de tekens betekenen.",
	                        meta_cols, 2, 9);
	if (!t)
		return LW_ENOMEM;
	lw_cell *c = row_new(t);
	c[0] = text("Programma");
	c[1] = text(lw_programme_name(m->programme));
	c = row_new(t);
	c[0] = text("Peildatum");
	c[1] = text(m->as_of);
	c = row_new(t);
	c[0] = text("Geteld tot en met");
	c[1] = text(m->counted_to);
	c = row_new(t);
	c[0] = text("Onderdeel");
	c[1] = text(l->r->scope);
	c = row_new(t);
	c[0] = text("Periode");
	char b[32];
	snprintf(b, sizeof b, "%d-%d", m->first_year, m->last_year);
	c[1] = text(lw_arena_strdup(l->a, b));
	for (const char *const *g = lw_report_legend; *g; g++) {
		c = row_new(t);
		c[0] = text("Legenda");
		c[1] = text(*g);
	}
	return c[1].text ? LW_OK : LW_ENOMEM;
}

static void progress_row(layout *l, lw_cell *c, const lw_progress_unit *u)
{
	c[0] = text(u->covenant);
	c[1] = text(u->covenant_name);
	c[2] = text(u->target);
	c[3] = text(u->name);
	c[4] = num(u->tracked ? -1 : u->total);
	c[5] = text(u->tracked ? NULL : year_text(l, u->due_year));
	c[6] = fig(u->prorata);
	c[7] = fig(u->realised);
	c[8] = fig(u->permille);
	c[9] = text(u->status ? lw_status_label(u->status) : NULL);
	c[10] = fig(u->recent);
	c[11] = fig(u->pace_recent);
	c[12] = fig(u->pace_needed);
	c[13] = fig(u->forecast_recent);
	c[14] = fig(u->forecast_needed);
}

/* 1 when unit u is a row of the table of own (1) or covenants' (0) targets. */
static int in_progress_table(const lw_progress *m, const lw_progress_unit *u, int own)
{
	return m->covenant || (own ? !u->covenant : u->covenant != NULL);
}

/* The rows of units: own == 1 the programme's own, 0 the covenants'. */
static int progress_table(layout *l, int own, const char *id, const char *title, const char *note)
{
	const lw_progress *m = l->r->model;
	size_t n = 0;
	for (size_t i = 0; i < m->nunits; i++)
		n += in_progress_table(m, &m->units[i], own);
	if (!own && !n)
		return LW_OK;
	int skip = own || m->covenant ? PROGRESS_OWN : 0;
	size_t ncols = sizeof progress_cols / sizeof progress_cols[0];
	lw_table *t = table_new(l, id, title, note, progress_cols + skip, ncols - skip, n);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->nunits; i++) {
		const lw_progress_unit *u = &m->units[i];
		if (!in_progress_table(m, u, own))
			continue;
		lw_cell full[sizeof progress_cols / sizeof progress_cols[0]];
		progress_row(l, full, u);
		memcpy(row_new(t), full + skip, (ncols - skip) * sizeof *full);
	}
	return LW_OK;
}

static int year_rows(layout *l, lw_table *t, const lw_progress_unit *u)
{
	const lw_progress *m = l->r->model;
	int split = 0;
	for (int y = m->first_year; y <= m->last_year; y++)
		split |= u->plan_year[y - m->first_year] >= 0;
	for (int y = m->first_year; y <= m->last_year; y++) {
		size_t k = (size_t)(y - m->first_year);
		int64_t before = k ? u->plan_cum[k - 1] : 0;
		lw_cell *c = row_new(t);
		c[0] = text(u->covenant);
		c[1] = text(u->target);
		c[2] = text(year_text(l, y));
		c[3] = num(u->tracked ? -1 : split ? u->plan_year[k] : u->plan_cum[k] - before);
		c[4] = num(u->plan_cum[k]);
		c[5] = fig(u->year[k]);
		c[6] = fig(u->cum_year[k]);
		if (!c[2].text)
			return LW_ENOMEM;
	}
	return LW_OK;
}

static int year_table(layout *l)
{
	const lw_progress *m = l->r->model;
	size_t ny = (size_t)(m->last_year - m->first_year + 1);
	lw_table *t = table_new(
	    l, "per_jaar", "Per jaar en cumulatief",
	    "Per doel (en per convenant) de streefwaarde en wat er in elk jaar startte, en "
	    "beide opgeteld tot en met dat jaar. Een lopend jaar telt tot de peildatum; de "
	    "streefwaarde van een doel zonder verdeling over de jaren is naar rato.",
	    year_cols, sizeof year_cols / sizeof year_cols[0], m->nunits * ny);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->nunits; i++)
		if (year_rows(l, t, &m->units[i]) != LW_OK)
			return LW_ENOMEM;
	return LW_OK;
}

static int adoption_table(layout *l)
{
	const lw_progress *m = l->r->model;
	if (!m->nadoption)
		return LW_OK;
	lw_table *t =
	    table_new(l, "aandelen", "Aangenomen door convenanten",
	              "Hoeveel van elk doel de convenanten samen op zich namen, per jaar "
	              "en in totaal, en wat nog niet is aangenomen.",
	              adoption_cols, sizeof adoption_cols / sizeof adoption_cols[0], m->nadoption);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->nadoption; i++) {
		const lw_progress_adoption *a = &m->adoption[i];
		lw_cell *c = row_new(t);
		c[0] = text(a->target);
		c[1] = text(a->name);
		c[2] = text(a->year ? year_text(l, a->year) : "totaal");
		c[3] = num(a->target_value);
		c[4] = num(a->adopted);
		c[5] = a->target_value < 0 ? num(-1) : (lw_cell){LW_FIG_SHOWN, a->unadopted, NULL};
		if (!c[2].text)
			return LW_ENOMEM;
	}
	return LW_OK;
}

static void breakdown_row(lw_cell *c, const lw_progress_row *r, int money_cols)
{
	c[0] = text(r->code);
	c[1] = text(r->label);
	c[2] = fig(r->started);
	c[3] = fig(r->completed);
	c[4] = fig(r->stopped);
	c[5] = fig(r->completion);
	c[6] = fig(r->dropout);
	if (money_cols) {
		c[7] = r->code && strcmp(r->code, "landelijk") ? money(r->spent) : num(-1);
		c[8] = fig(r->cost);
	}
}

static int breakdown_table(layout *l, const lw_progress_table *b, const char *id, const char *title,
                           const char *note, int money_cols)
{
	size_t ncols =
	    money_cols ? sizeof breakdown_cols / sizeof breakdown_cols[0] : BREAKDOWN_NCOLS;
	lw_table *t = table_new(l, id, title, note, breakdown_cols, ncols, b->n + 1);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < b->n; i++)
		breakdown_row(row_new(t), &b->rows[i], money_cols);
	if (b->has_total)
		breakdown_row(row_new(t), &b->total, money_cols);
	t->total_last = b->has_total && !money_cols;
	return LW_OK;
}

static int breakdown_tables(layout *l)
{
	const lw_progress *m = l->r->model;
	static const char note[] =
	    "Gestart, afgerond en gestopt van de start van het programma tot de peildatum, "
	    "alle trajecten (ook op de Antillen); de percentages zijn van de trajecten die in "
	    "die tijd eindigden.";
	int rc = breakdown_table(l, &m->kinds, "soort", "Naar soort", note, 0);
	if (rc == LW_OK)
		rc = breakdown_table(l, &m->sectors, "sector", "Naar sector", note, 0);
	if (rc == LW_OK)
		rc = breakdown_table(l, &m->regions, "regio", "Naar arbeidsmarktregio", note, 0);
	if (rc == LW_OK)
		rc = breakdown_table(l, &m->levels, "niveau", "Naar niveau", note, 0);
	if (rc == LW_OK)
		rc = breakdown_table(
		    l, &m->covenants, "resultaten_convenant",
		    "Afronding, uitval en kosten per convenant",
		    "Per convenant zijn eigen registraties, elk traject een keer; landelijk telt "
		    "een traject dat twee convenanten registreerden een keer. De kosten zijn alle "
		    "uitgaven voor het convenant gedeeld door zijn gestarte trajecten.",
		    1);
	return rc;
}

static int budget_table(layout *l)
{
	const lw_progress *m = l->r->model;
	if (!m->nbudget)
		return LW_OK;
	lw_table *t =
	    table_new(l, "begroting", "Begroting en uitgaven",
	              "Per begrotingsregel en jaar: begroot volgens het programma, "
	              "uitgegeven tot de peildatum, en wat resteert.",
	              budget_cols, sizeof budget_cols / sizeof budget_cols[0], m->nbudget);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->nbudget; i++) {
		const lw_progress_budget *b = &m->budget[i];
		lw_cell *c = row_new(t);
		c[0] = text(b->line ? b->line : "totaal");
		c[1] = text(b->name);
		c[2] = text(year_text(l, b->year));
		c[3] = money(b->budget);
		c[4] = money(b->spent);
		c[5] = money(b->remaining);
		if (!c[2].text)
			return LW_ENOMEM;
	}
	return LW_OK;
}

static int cost_table(layout *l)
{
	const lw_progress *m = l->r->model;
	if (!m->ncosts)
		return LW_OK;
	lw_table *t = table_new(l, "kosten", "Kosten per gerealiseerd traject",
	                        "Per regel die trajecten betaalt: de uitgaven tot de peildatum "
	                        "gedeeld door de gerealiseerde trajecten van haar doelen.",
	                        cost_cols, sizeof cost_cols / sizeof cost_cols[0], m->ncosts);
	if (!t)
		return LW_ENOMEM;
	for (size_t i = 0; i < m->ncosts; i++) {
		const lw_progress_cost *k = &m->costs[i];
		lw_cell *c = row_new(t);
		c[0] = text(k->line);
		c[1] = text(k->name);
		c[2] = text(k->targets);
		c[3] = money(k->spent);
		c[4] = fig(k->realised);
		c[5] = fig(k->cost);
	}
	return LW_OK;
}

static int all_tables(layout *l)
{
	const lw_progress *m = l->r->model;
	int rc = meta_table(l);
	if (rc == LW_OK)
		rc = progress_table(
		    l, 1, "voortgang", "Voortgang per doel",
		    m->covenant
		        ? "Wat het convenant realiseerde tegen wat het aannam: zijn aandeel "
		          "in het landelijke doel (zonder aandeel: alleen geteld) en in "
		          "subdoelen."
		        : "Gerealiseerd (gestart sinds de start van het programma) tegen de "
		          "streefwaarde naar rato op de peildatum, het tempo van de laatste "
		          "12 maanden tegen het tempo dat nodig is, en de prognose bij beide.");
	if (rc == LW_OK && !m->covenant)
		rc = progress_table(
		    l, 0, "convenanten", "Convenanten tegen hun aandeel",
		    "Wat elk convenant realiseerde tegen het aandeel dat het aannam, "
		    "per doel.");
	if (rc == LW_OK)
		rc = year_table(l);
	if (rc == LW_OK)
		rc = adoption_table(l);
	if (rc == LW_OK)
		rc = breakdown_tables(l);
	if (rc == LW_OK)
		rc = budget_table(l);
	if (rc == LW_OK)
		rc = cost_table(l);
	return rc;
}

int lw_report_build(const lw_progress *m, lw_report *out, lw_err *err)
{
	memset(out, 0, sizeof *out);
	out->model = m;
	layout l = {out, &out->arena, 0};
	char title[256];
	snprintf(title, sizeof title, "Monitor %s", lw_programme_name(m->programme));
	out->title = lw_arena_strdup(&out->arena, title);
	if (m->covenant) {
		lw_buf b = LW_BUF_INIT;
		lw_buf_printf(&b, "Convenant %s: %s", m->covenant, m->covenant_name);
		out->scope = lw_arena_strdup(&out->arena, lw_buf_cstr(&b));
		lw_buf_free(&b);
	} else {
		out->scope = "Landelijk";
	}
	if (!out->title || !out->scope || all_tables(&l) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return LW_OK;
}

void lw_report_free(lw_report *r)
{
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

const lw_table *lw_report_table(const lw_report *r, const char *id)
{
	for (size_t i = 0; i < r->ntables; i++)
		if (!strcmp(r->tables[i].id, id))
			return &r->tables[i];
	return NULL;
}

/* ---- numbers ---------------------------------------------------------------------- */

static const char *marker(const lw_cell *c)
{
	return c->state == LW_FIG_SMALL    ? LW_REPORT_SMALL
	       : c->state == LW_FIG_HIDDEN ? LW_REPORT_HIDDEN
	                                   : NULL;
}

/* |v| with Dutch thousands dots. */
static int dotted(int64_t v, lw_buf *out)
{
	char digits[32];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	int rc = v < 0 ? lw_buf_putc(out, '-') : LW_OK;
	for (int i = 0; rc == LW_OK && i < n; i++) {
		rc = lw_buf_putc(out, digits[i]);
		if (rc == LW_OK && (n - i - 1) % 3 == 0 && i < n - 1)
			rc = lw_buf_putc(out, '.');
	}
	return rc;
}

/* v / 10^decimals with its decimals after sep ("-12.5" for -125, 1, '.'). */
static int fixed(int64_t v, int decimals, int thousands, char sep, lw_buf *out)
{
	int64_t unit = decimals == 1 ? 10 : 100;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int64_t whole = (int64_t)(u / (uint64_t)unit);
	int rc = v < 0 ? lw_buf_putc(out, '-') : LW_OK;
	if (rc == LW_OK)
		rc = thousands ? dotted(whole, out) : lw_buf_printf(out, "%lld", (long long)whole);
	if (rc == LW_OK)
		rc = lw_buf_printf(out, "%c%0*llu", sep, decimals,
		                   (unsigned long long)(u % (uint64_t)unit));
	return rc;
}

int lw_report_cell_nl(const lw_column *col, const lw_cell *c, lw_buf *out)
{
	if (marker(c))
		return lw_buf_puts(out, marker(c));
	if (c->state == LW_FIG_NONE)
		return lw_buf_puts(out, "-");
	switch (col->kind) {
	case LW_COL_COUNT:
		return dotted(c->v, out);
	case LW_COL_PERMILLE: {
		int rc = fixed(c->v, 1, 1, ',', out);
		return rc == LW_OK ? lw_buf_putc(out, '%') : rc;
	}
	case LW_COL_CENTS:
		return fixed(c->v, 2, 1, ',', out);
	default:
		return lw_buf_puts(out, c->text ? c->text : "");
	}
}

const char *lw_report_fig_nl(lw_buf *b, lw_fig f, int kind)
{
	lw_column col = {"", "", kind};
	lw_cell c = {f.state, f.v, NULL};
	lw_buf_reset(b);
	lw_report_cell_nl(&col, &c, b);
	return lw_buf_cstr(b);
}

int lw_report_cell_plain(const lw_column *col, const lw_cell *c, int decimal_comma, lw_buf *out)
{
	if (marker(c))
		return lw_buf_puts(out, marker(c));
	if (c->state == LW_FIG_NONE)
		return LW_OK;
	char sep = decimal_comma ? ',' : '.';
	switch (col->kind) {
	case LW_COL_COUNT:
		return lw_buf_printf(out, "%lld", (long long)c->v);
	case LW_COL_PERMILLE:
		return fixed(c->v, 1, 0, sep, out);
	case LW_COL_CENTS:
		return fixed(c->v, 2, 0, sep, out);
	default:
		return lw_buf_puts(out, c->text ? c->text : "");
	}
}

/*
 * lw_report.h - the monitor's report: the progress model (lw_progress.h)
 * laid out once as titled tables of typed cells, and the writers that
 * render those same tables as text, CSV (RFC 4180), JSON and XLSX. The
 * HTML writer, with its charts, is in the web room
 * (src/web/report_html.h), because HTML is only written through html.h.
 * See docs/internals/monitor.md ("Progress and reports").
 *
 * Every writer renders every table and every cell; none decides what to
 * show. A cell that the model hides is written as its marker ("<10",
 * "x"), never as its value, so the formats agree by construction, and the
 * tests compare them cell by cell.
 *
 * Ownership: lw_report owns its tables (one arena) and borrows the model,
 * which must outlive it. Free with lw_report_free in every case.
 */
#ifndef LW_REPORT_H
#define LW_REPORT_H

#include "lw_progress.h"

/* What a column holds. */
typedef enum lw_col_kind {
	LW_COL_TEXT = 0,
	LW_COL_COUNT,    /* a whole number (people, trajectories, trajectories a year) */
	LW_COL_PERMILLE, /* a percentage in tenths of a percent: 953 is 95,3% */
	LW_COL_CENTS     /* an amount in euro cents */
} lw_col_kind;

typedef struct lw_column {
	const char *id;    /* "gerealiseerd": JSON member, CSV/XLSX header */
	const char *title; /* "Gerealiseerd": for people */
	int kind;
} lw_column;

/* A cell: text, or a number in the state the model gave it (lw_fig_state). */
typedef struct lw_cell {
	int state;
	int64_t v;
	const char *text; /* LW_COL_TEXT; NULL is empty */
} lw_cell;

typedef struct lw_table {
	const char *id;    /* "voortgang": the sheet's name too (at most 31 characters) */
	const char *title; /* "Voortgang per doel" */
	const char *note;  /* one or two sentences on what it shows */
	const lw_column *cols;
	size_t ncols;
	lw_cell *cells; /* nrows * ncols, row by row */
	size_t nrows;
	int total_last; /* the last row is the total of the others */
} lw_table;

typedef struct lw_report {
	const lw_progress *model;
	const char *title; /* "Monitor Leren & Werken 2008-2011" */
	const char *scope; /* "Landelijk" or "Convenant CODE: NAAM" */
	lw_table *tables;  /* the first is "rapport": what, when, and the legend */
	size_t ntables;
	lw_arena arena;
} lw_report;

/* The markers of hidden cells and their meaning, for every writer's legend. */
#define LW_REPORT_SMALL "<10"
#define LW_REPORT_HIDDEN "x"
extern const char *const lw_report_legend[]; /* NULL-terminated lines */

/* Lays out the model. LW_ENOMEM only. */
int lw_report_build(const lw_progress *m, lw_report *out, lw_err *err);
void lw_report_free(lw_report *r);
/* The table called id, or NULL. */
const lw_table *lw_report_table(const lw_report *r, const char *id);
static inline const lw_cell *lw_table_cell(const lw_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

/* ---- number formats ------------------------------------------------------ */

/*
 * Appends a shown number of kind as people read it in Dutch: 90000 ->
 * "90.000", 953 -> "95,3%", 123456 cents -> "1.234,56". Markers and empty
 * cells: "<10", "x", "-". Text as it is.
 */
int lw_report_cell_nl(const lw_column *col, const lw_cell *c, lw_buf *out);
/* One figure of the model as lw_report_cell_nl writes it (kind LW_COL_*), in b (reset first). */
const char *lw_report_fig_nl(lw_buf *b, lw_fig f, int kind);
/*
 * Appends a shown number plainly, for machines: "90000", "95.3",
 * "1234.56"; with decimal_comma "95,3", "1234,56". Markers as they are;
 * an empty cell appends nothing.
 */
int lw_report_cell_plain(const lw_column *col, const lw_cell *c, int decimal_comma, lw_buf *out);

/* ---- writers ------------------------------------------------------------- */

/* Plain text: each table titled, its columns aligned under a line of dashes. */
int lw_report_text(const lw_report *r, lw_buf *out);

/*
 * CSV (RFC 4180: CRLF, fields with the separator, a quote or a line break
 * quoted, quotes doubled). One rectangular table: the first field of
 * every record is the table's id; each table starts with a record of its
 * column ids, then its rows; records are padded to the widest table.
 * sep is ',' or ';'; decimal_comma writes 95,3 instead of 95.3.
 */
int lw_report_csv(const lw_report *r, char sep, int decimal_comma, lw_buf *out);

/*
 * JSON: {"rapport": {...}, "tabellen": [{"id", "titel", "toelichting",
 * "kolommen": [{"id", "titel", "soort"}], "rijen": [{kolom: waarde}]}]}.
 * Numbers are JSON numbers (percentages 95.3, amounts in euro 1234.56),
 * markers the strings "<10" and "x", an empty cell null.
 */
int lw_report_json(const lw_report *r, lw_buf *out);

/*
 * XLSX (libxlsxwriter) at path: one sheet per table, named by its id,
 * numbers as numbers with a Dutch-readable format (percentages as
 * fractions formatted 0.0%, amounts in euro), markers as text. LW_EIO
 * with a Dutch message when the file cannot be written.
 */
int lw_report_xlsx(const lw_report *r, const char *path, lw_err *err);

#endif

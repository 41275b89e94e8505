/*
 * text.c - the report as plain text: each table under its title, the
 * columns aligned and underlined with dashes (which also tell a reader
 * program where each column is), numbers right-aligned in Dutch notation.
 */
#include "lw_report.h"

#include <string.h>

/* Characters (not bytes) of UTF-8 text. */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static int pad(lw_buf *out, size_t n)
{
	int rc = LW_OK;
	while (rc == LW_OK && n--)
		rc = lw_buf_putc(out, ' ');
	return rc;
}

/* Each cell of t as text, and the width of each column. */
static int format_cells(const lw_table *t, lw_buf *cells, size_t *offsets, size_t *widths)
{
	for (size_t c = 0; c < t->ncols; c++)
		widths[c] = width(t->cols[c].title, strlen(t->cols[c].title));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t at = cells->len;
			if (lw_report_cell_nl(&t->cols[c], lw_table_cell(t, r, c), cells) !=
			        LW_OK ||
			    lw_buf_putc(cells, 0) != LW_OK)
				return LW_ENOMEM;
			offsets[r * t->ncols + c] = at;
			size_t w = width(cells->data + at, strlen(cells->data + at));
			widths[c] = w > widths[c] ? w : widths[c];
		}
	return LW_OK;
}

static int put_cell(lw_buf *out, const char *s, size_t w, int right, int last)
{
	size_t gap = w - width(s, strlen(s));
	int rc = right ? pad(out, gap) : LW_OK;
	if (rc == LW_OK)
		rc = lw_buf_puts(out, s);
	if (rc == LW_OK && !right && !last)
		rc = pad(out, gap);
	if (rc == LW_OK)
		rc = lw_buf_puts(out, last ? "\n" : "  ");
	return rc;
}

static int header(const lw_table *t, const size_t *widths, lw_buf *out)
{
	int rc = LW_OK;
	for (size_t c = 0; rc == LW_OK && c < t->ncols; c++)
		rc = put_cell(out, t->cols[c].title, widths[c], t->cols[c].kind != LW_COL_TEXT,
		              c + 1 == t->ncols);
	for (size_t c = 0; rc == LW_OK && c < t->ncols; c++) {
		for (size_t k = 0; rc == LW_OK && k < widths[c]; k++)
			rc = lw_buf_putc(out, '-');
		if (rc == LW_OK)
			rc = lw_buf_puts(out, c + 1 == t->ncols ? "\n" : "  ");
	}
	return rc;
}

static int table_text(const lw_table *t, lw_buf *out)
{
	size_t *widths = lw_calloc(t->ncols, sizeof *widths);
	size_t *offsets = lw_calloc(t->nrows * t->ncols + 1, sizeof *offsets);
	lw_buf cells = LW_BUF_INIT;
	int rc = widths && offsets ? format_cells(t, &cells, offsets, widths) : LW_ENOMEM;
	if (rc == LW_OK)
		rc = lw_buf_printf(out, "%s (tabel %s)\n", t->title, t->id);
	size_t tw = width(t->title, strlen(t->title)) + strlen(t->id) + 8;
	for (size_t k = 0; rc == LW_OK && k < tw; k++)
		rc = lw_buf_putc(out, '=');
	if (rc == LW_OK)
		rc = lw_buf_printf(out, "\n%s\n\n", t->note);
	if (rc == LW_OK)
		rc = header(t, widths, out);
	for (size_t r = 0; rc == LW_OK && r < t->nrows; r++)
		for (size_t c = 0; rc == LW_OK && c < t->ncols; c++)
			rc = put_cell(out, cells.data + offsets[r * t->ncols + c], widths[c],
			              t->cols[c].kind != LW_COL_TEXT, c + 1 == t->ncols);
	if (rc == LW_OK)
		rc = lw_buf_putc(out, '\n');
	lw_buf_free(&cells);
	lw_free(widths);
	lw_free(offsets);
	return rc;
}

int lw_report_text(const lw_report *r, lw_buf *out)
{
	int rc =
	    lw_buf_printf(out, "%s\n%s, peildatum %s\n\n", r->title, r->scope, r->model->as_of);
	for (size_t i = 0; rc == LW_OK && i < r->ntables; i++)
		rc = table_text(&r->tables[i], out);
	return rc;
}

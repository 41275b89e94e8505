/*
 * xlsx.c - the report as an Excel workbook (libxlsxwriter): one sheet per
 * table, named by its id, the column titles in the first row. Numbers are
 * numbers: counts as whole numbers, percentages as fractions shown as
 * 0.0%, amounts in euro with two decimals; a spreadsheet in Dutch shows
 * them with its own separators. "<10" and "x" are text. The workbook is
 * written beside the target and renamed over it when complete.
 */
#include "lw_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct formats {
	lxw_format *head, *count, *pct, *euro, *marker;
} formats;

static void formats_new(lxw_workbook *wb, formats *f)
{
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	f->pct = workbook_add_format(wb);
	format_set_num_format(f->pct, "0.0%");
	f->euro = workbook_add_format(wb);
	format_set_num_format(f->euro, "#,##0.00");
	f->marker = workbook_add_format(wb);
	format_set_align(f->marker, LXW_ALIGN_RIGHT);
}

static lxw_error write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const lw_column *k,
                            const lw_cell *c, const formats *f)
{
	if (c->state == LW_FIG_SMALL)
		return worksheet_write_string(ws, row, col, LW_REPORT_SMALL, f->marker);
	if (c->state == LW_FIG_HIDDEN)
		return worksheet_write_string(ws, row, col, LW_REPORT_HIDDEN, f->marker);
	if (c->state == LW_FIG_NONE)
		return LXW_NO_ERROR;
	switch (k->kind) {
	case LW_COL_COUNT:
		return worksheet_write_number(ws, row, col, (double)c->v, f->count);
	case LW_COL_PERMILLE:
		return worksheet_write_number(ws, row, col, (double)c->v / 1000.0, f->pct);
	case LW_COL_CENTS:
		return worksheet_write_number(ws, row, col, (double)c->v / 100.0, f->euro);
	default:
		return c->text ? worksheet_write_string(ws, row, col, c->text, NULL) : LXW_NO_ERROR;
	}
}

static lxw_error sheet(lxw_workbook *wb, const lw_table *t, const formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->id);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; !e && c < t->ncols; c++) {
		e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c].title, f->head);
		if (!e)
			e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			                         t->cols[c].kind == LW_COL_TEXT ? 28 : 16, NULL);
	}
	for (size_t r = 0; !e && r < t->nrows; r++)
		for (size_t c = 0; !e && c < t->ncols; c++)
			e = write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cols[c],
			               lw_table_cell(t, r, c), f);
	worksheet_freeze_panes(ws, 1, 0);
	return e;
}

int lw_report_xlsx(const lw_report *r, const char *path, lw_err *err)
{
	lw_buf tmp = LW_BUF_INIT;
	if (lw_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid()) != LW_OK)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	lxw_workbook *wb = workbook_new(lw_buf_cstr(&tmp));
	lxw_error e = wb ? LXW_NO_ERROR : LXW_ERROR_CREATING_XLSX_FILE;
	formats f;
	if (wb) {
		formats_new(wb, &f);
		for (size_t i = 0; !e && i < r->ntables; i++)
			e = sheet(wb, &r->tables[i], &f);
		lxw_error closed = workbook_close(wb);
		e = e ? e : closed;
	}
	int rc = LW_OK;
	if (e)
		rc = lw_err_set(err, LW_EIO, "%s: kan het werkboek niet schrijven (%s)", path,
		                lxw_strerror(e));
	else if (rename(lw_buf_cstr(&tmp), path) != 0)
		rc = lw_err_set(err, LW_EIO, "%s: kan het werkboek niet schrijven (%s)", path,
		                lw_errno_text(errno));
	if (rc != LW_OK)
		remove(lw_buf_cstr(&tmp));
	lw_buf_free(&tmp);
	return rc;
}

/*
 * csv.c - the report as one CSV table (RFC 4180): CRLF line ends, a field
 * quoted when it holds the separator, a quote, CR or LF, quotes doubled.
 * The first field of every record is the id of the table it belongs to;
 * each table begins with a record of its column ids. Every record has as
 * many fields as the widest table needs, so the file is rectangular.
 */
#include "lw_report.h"

#include <string.h>

static int field(lw_buf *out, const char *s, size_t n, char sep)
{
	int quote = 0;
	for (size_t i = 0; i < n; i++)
		quote |= s[i] == sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return lw_buf_append(out, s, n);
	int rc = lw_buf_putc(out, '"');
	for (size_t i = 0; rc == LW_OK && i < n; i++)
		rc = s[i] == '"' ? lw_buf_puts(out, "\"\"") : lw_buf_putc(out, s[i]);
	return rc == LW_OK ? lw_buf_putc(out, '"') : rc;
}

/* The rest of a record: empty fields up to width, and the line end. */
static int finish(lw_buf *out, size_t have, size_t width, char sep)
{
	int rc = LW_OK;
	for (size_t i = have; rc == LW_OK && i < width; i++)
		rc = lw_buf_putc(out, sep);
	return rc == LW_OK ? lw_buf_puts(out, "\r\n") : rc;
}

static int table_csv(const lw_table *t, char sep, int decimal_comma, size_t width, lw_buf *out)
{
	int rc = field(out, t->id, strlen(t->id), sep);
	for (size_t c = 0; rc == LW_OK && c < t->ncols; c++) {
		rc = lw_buf_putc(out, sep);
		if (rc == LW_OK)
			rc = field(out, t->cols[c].id, strlen(t->cols[c].id), sep);
	}
	if (rc == LW_OK)
		rc = finish(out, t->ncols, width, sep);
	lw_buf v = LW_BUF_INIT;
	for (size_t r = 0; rc == LW_OK && r < t->nrows; r++) {
		rc = field(out, t->id, strlen(t->id), sep);
		for (size_t c = 0; rc == LW_OK && c < t->ncols; c++) {
			lw_buf_reset(&v);
			rc = lw_report_cell_plain(&t->cols[c], lw_table_cell(t, r, c),
			                          decimal_comma, &v);
			if (rc == LW_OK)
				rc = lw_buf_putc(out, sep);
			if (rc == LW_OK)
				rc = field(out, v.data ? v.data : "", v.len, sep);
		}
		if (rc == LW_OK)
			rc = finish(out, t->ncols, width, sep);
	}
	lw_buf_free(&v);
	return rc;
}

int lw_report_csv(const lw_report *r, char sep, int decimal_comma, lw_buf *out)
{
	size_t width = 0;
	for (size_t i = 0; i < r->ntables; i++)
		width = r->tables[i].ncols > width ? r->tables[i].ncols : width;
	int rc = LW_OK;
	for (size_t i = 0; rc == LW_OK && i < r->ntables; i++)
		rc = table_csv(&r->tables[i], sep, decimal_comma, width, out);
	return rc;
}

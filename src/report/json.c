/*
 * json.c - the report as JSON (jansson): the report's facts, then every
 * table with its columns and its rows as objects keyed by column id.
 */
#include "lw_report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"tekst", "aantal", "percentage", "euro"};

static json_t *cell_json(const lw_column *col, const lw_cell *c)
{
	if (c->state == LW_FIG_SMALL)
		return json_string(LW_REPORT_SMALL);
	if (c->state == LW_FIG_HIDDEN)
		return json_string(LW_REPORT_HIDDEN);
	if (c->state == LW_FIG_NONE)
		return json_null();
	switch (col->kind) {
	case LW_COL_COUNT:
		return json_integer((json_int_t)c->v);
	case LW_COL_PERMILLE:
		return json_real((double)c->v / 10.0);
	case LW_COL_CENTS:
		return json_real((double)c->v / 100.0);
	default:
		return c->text ? json_string(c->text) : json_null();
	}
}

static json_t *table_json(const lw_table *t)
{
	json_t *cols = json_array(), *rows = json_array();
	for (size_t c = 0; c < t->ncols; c++)
		json_array_append_new(cols, json_pack("{s:s, s:s, s:s}", "id", t->cols[c].id,
		                                      "titel", t->cols[c].title, "soort",
		                                      kind_names[t->cols[c].kind]));
	for (size_t r = 0; r < t->nrows; r++) {
		json_t *row = json_object();
		for (size_t c = 0; c < t->ncols; c++)
			json_object_set_new(row, t->cols[c].id,
			                    cell_json(&t->cols[c], lw_table_cell(t, r, c)));
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "id", t->id, "titel", t->title,
	                 "toelichting", t->note, "laatste_rij_is_totaal", t->total_last, "kolommen",
	                 cols, "rijen", rows);
}

int lw_report_json(const lw_report *r, lw_buf *out)
{
	const lw_progress *m = r->model;
	json_t *legend = json_array(), *tables = json_array();
	for (const char *const *g = lw_report_legend; *g; g++)
		json_array_append_new(legend, json_string(*g));
	for (size_t i = 0; i < r->ntables; i++)
		json_array_append_new(tables, table_json(&r->tables[i]));
	json_t *j = json_pack(
	    "{s:{s:s, s:s, s:s, s:s, s:{s:i, s:i}, s:o, s:o}, s:o}", "rapport", "titel", r->title,
	    "programma", lw_programme_code_of(m->programme), "onderdeel", r->scope, "peildatum",
	    m->as_of, "periode", "van", m->first_year, "tot", m->last_year, "convenant",
	    m->covenant ? json_pack("{s:s, s:s}", "code", m->covenant, "naam", m->covenant_name)
	                : json_null(),
	    "legenda", legend, "tabellen", tables);
	if (!j)
		return LW_ENOMEM;
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(j);
	if (!s)
		return LW_ENOMEM;
	int rc = lw_buf_puts(out, s);
	if (rc == LW_OK)
		rc = lw_buf_putc(out, '\n');
	free(s);
	return rc;
}

/* cmd_where.c - `leerwerk where` and `leerwerk loket find|coverage|list`. */
#include "cli.h"
#include "lw_geo.h"

#include <string.h>

/* The plan's free helpdesk number: the fallback when a desk has no phone. */
#define HELPDESK "0800-1618"

static json_t *desk_json(const lw_desk *d)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "code",
			 d->code, "naam", d->name, "adres", lw_json_str(d->address), "postcode",
			 lw_json_str(d->postcode), "plaats", lw_json_str(d->place), "telefoon",
			 lw_json_str(d->phone), "email", lw_json_str(d->email), "website",
			 lw_json_str(d->website), "openingstijden", lw_json_str(d->opening_hours),
			 "standaard", d->is_default, "via", lw_json_str(d->via));
}

static json_t *municipality_json(const lw_municipality *m)
{
	json_t *desks = json_array();
	for (size_t i = 0; i < m->ndesks; i++)
		json_array_append_new(desks, desk_json(&m->desks[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "code", m->code, "naam", m->name,
			 "provincie", m->province, "regiocode", m->region_code, "regio",
			 m->region_name, "loketten", desks);
}

static json_t *where_json(const lw_where *w, int rc, const lw_err *err)
{
	static const char *const kinds[] = {"", "postcode", "gemeente", "plaats"};
	json_t *list = json_array();
	for (size_t i = 0; i < w->nmatches; i++)
		json_array_append_new(list, municipality_json(&w->matches[i]));
	json_t *j = json_pack("{s:s, s:s, s:b, s:o}", "vraag", w->query ? w->query : "",
			      "opgevat_als", kinds[w->kind >= 0 && w->kind <= 3 ? w->kind : 0],
			      "eenduidig", rc == LW_OK, "gemeenten", list);
	if (w->postcode)
		json_object_set_new(j, "postcodegebied",
				    json_pack("{s:s, s:o, s:f, s:f, s:o}", "postcode", w->postcode,
					      "plaats", lw_json_str(w->place), "lat", w->lat,
					      "lon", w->lon, "inwoners",
					      w->inhabitants < 0 ? json_null()
								 : json_integer(w->inhabitants)));
	if (rc != LW_OK)
		json_object_set_new(j, "fout", json_string(err->msg));
	return j;
}

static void print_candidates(const lw_where *w)
{
	printf("'%s' past bij %zu gemeenten:\n", w->query, w->nmatches);
	for (size_t i = 0; i < w->nmatches; i++)
		printf("  %-28s %s  %s, regio %s\n", w->matches[i].name, w->matches[i].code,
		       w->matches[i].province, w->matches[i].region_name);
	printf("Kies er een, bijvoorbeeld: leerwerk %s %s\n", "where", w->matches[0].code);
}

static void print_desk_line(const lw_municipality *m)
{
	if (!m->ndesks) {
		printf("Loket:         geen (deze gemeente valt buiten het loketnetwerk; bel de "
		       "helpdesk " HELPDESK ")\n");
		return;
	}
	for (size_t i = 0; i < m->ndesks; i++)
		printf("%s%s\n", i ? "               ook: " : "Loket:         ", m->desks[i].name);
}

/* Joins the positional words: `where Bergen op Zoom` needs no quotes. */
static int join_query(lw_cli *c, int from, lw_buf *q)
{
	for (int i = from; i < c->argc; i++)
		if ((i > from && lw_buf_putc(q, ' ')) || lw_buf_puts(q, c->argv[i]))
			return LW_ENOMEM;
	return q->len ? LW_OK : LW_EUSAGE;
}

static int run_where(lw_cli *c, int from, int desk_view)
{
	lw_buf q = LW_BUF_INIT;
	if (join_query(c, from, &q) != LW_OK) {
		lw_cli_error("gebruik: leerwerk %s POSTCODE|GEMEENTE", desk_view ? "loket find" : "where");
		lw_buf_free(&q);
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK) {
		lw_buf_free(&q);
		return ex;
	}
	lw_where w;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_geo_where(s, lw_buf_cstr(&q), &w, &err);
	lw_store_close(s);
	lw_buf_free(&q);
	if (c->json) {
		lw_cli_json(where_json(&w, rc, &err));
	} else if (rc == LW_EAMBIGUOUS) {
		print_candidates(&w);
	} else if (rc == LW_OK) {
		const lw_municipality *m = &w.matches[0];
		if (w.kind == LW_WHERE_POSTCODE) {
			if (strcmp(w.postcode, w.query) != 0)
				printf("Postcode:      %s ligt in postcodegebied %s", w.query,
				       w.postcode);
			else
				printf("Postcode:      %s", w.postcode);
			if (w.place)
				printf(" (%s)", w.place);
			putchar('\n');
		} else if (w.kind == LW_WHERE_PLACE) {
			printf("Plaats:        %s\n", w.query);
		}
		if (!desk_view) {
			printf("Gemeente:      %s (%s)\n", m->name, m->code);
			printf("Provincie:     %s\n", m->province);
			printf("Regio:         %s (%s)\n", m->region_name, m->region_code);
			print_desk_line(m);
		} else {
			printf("Gemeente:      %s, regio %s\n", m->name, m->region_name);
			if (!m->ndesks)
				print_desk_line(m);
			for (size_t i = 0; i < m->ndesks; i++) {
				const lw_desk *d = &m->desks[i];
				printf("%s%s\n", i ? "\nOok:           " : "Loket:         ", d->name);
				if (d->address)
					printf("Adres:         %s, %s %s\n", d->address,
					       d->postcode ? d->postcode : "", d->place ? d->place : "");
				printf("Telefoon:      %s\n",
				       d->phone ? d->phone : HELPDESK " (landelijke helpdesk)");
				if (d->email)
					printf("E-mail:        %s\n", d->email);
				if (d->website)
					printf("Website:       %s\n", d->website);
				if (d->opening_hours)
					printf("Open:          %s\n", d->opening_hours);
				if (d->is_default)
					printf("               (standaardloket voor de regio; "
					       "contactgegevens volgen als het echte netwerk is "
					       "geladen)\n");
			}
		}
	}
	if (rc != LW_OK && rc != LW_EAMBIGUOUS)
		lw_cli_error("%s", err.msg);
	lw_where_free(&w);
	return lw_cli_exit(rc);
}

int lw_cmd_where(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	if (ex != LW_EXIT_OK)
		return ex;
	return run_where(c, 0, 0);
}

static int loket_coverage(lw_cli *c)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_coverage cov;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_geo_coverage(s, &cov, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_coverage_free(&cov);
		return lw_cli_exit(rc);
	}
	int covers = lw_coverage_complete(&cov);
	if (c->json) {
		json_t *un = json_array(), *multi = json_array();
		for (size_t i = 0; i < cov.nuncovered; i++)
			json_array_append_new(un, json_pack("{s:s, s:s, s:s}", "code",
							    cov.uncovered[i].code, "naam",
							    cov.uncovered[i].name, "regio",
							    cov.uncovered[i].region_name));
		for (size_t i = 0; i < cov.nmultiple; i++)
			json_array_append_new(
				multi, json_pack("{s:s, s:s, s:s, s:s?}", "code",
						 cov.multiple[i].code, "naam", cov.multiple[i].name,
						 "regio", cov.multiple[i].region_name, "loketten",
						 cov.multiple[i].desk_codes));
		lw_cli_json(json_pack("{s:I, s:I, s:I, s:b, s:o, s:o}", "gemeenten",
				      (json_int_t)cov.municipalities, "loketten",
				      (json_int_t)cov.desks, "standaardloketten",
				      (json_int_t)cov.default_desks, "landelijk_dekkend", covers,
				      "zonder_loket", un, "meer_dan_een_loket", multi));
	} else {
		printf("%ld gemeenten, %ld loketten%s\n", cov.municipalities, cov.desks,
		       cov.default_desks ? " (standaardnetwerk: een loket per arbeidsmarktregio)"
					 : "");
		if (cov.nuncovered) {
			printf("\n%zu gemeenten zonder loket:\n", cov.nuncovered);
			for (size_t i = 0; i < cov.nuncovered; i++)
				printf("  %-28s %s  regio %s\n", cov.uncovered[i].name,
				       cov.uncovered[i].code, cov.uncovered[i].region_name);
		}
		if (cov.nmultiple) {
			printf("\n%zu gemeenten met meer dan een loket:\n", cov.nmultiple);
			for (size_t i = 0; i < cov.nmultiple; i++)
				printf("  %-28s %s  %s\n", cov.multiple[i].name,
				       cov.multiple[i].code,
				       cov.multiple[i].desk_codes ? cov.multiple[i].desk_codes : "");
		}
		if (covers)
			printf("Elke gemeente heeft precies een loket: het netwerk is landelijk "
			       "dekkend.\n");
		else
			printf("\nHet netwerk is niet landelijk dekkend.\n");
	}
	lw_coverage_free(&cov);
	return covers ? LW_EXIT_OK : LW_EXIT_FAIL;
}

static int loket_list(lw_cli *c)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_desk_list l;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_geo_desks(s, &l, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_desk_list_free(&l);
		return lw_cli_exit(rc);
	}
	if (c->json) {
		json_t *list = json_array();
		for (size_t i = 0; i < l.n; i++) {
			json_t *d = desk_json(&l.desks[i]);
			json_object_set_new(d, "gemeenten", json_integer(l.municipalities[i]));
			json_object_set_new(d, "regios", lw_json_str(l.regions[i]));
			json_array_append_new(list, d);
		}
		lw_cli_json(list);
	} else {
		for (size_t i = 0; i < l.n; i++)
			printf("%-12s %-45s %3ld gemeenten  %s\n", l.desks[i].code, l.desks[i].name,
			       l.municipalities[i], l.regions[i] ? l.regions[i] : "");
		printf("%zu loketten\n", l.n);
	}
	lw_desk_list_free(&l);
	return LW_EXIT_OK;
}

int lw_cmd_loket(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	if (ex != LW_EXIT_OK)
		return ex;
	const char *sub = c->argc ? c->argv[0] : "";
	if (strcmp(sub, "find") == 0)
		return run_where(c, 1, 1);
	if (strcmp(sub, "coverage") == 0 && c->argc == 1)
		return loket_coverage(c);
	if (strcmp(sub, "list") == 0 && c->argc == 1)
		return loket_list(c);
	lw_cli_error("gebruik: leerwerk loket find POSTCODE|GEMEENTE, loket coverage of loket "
		     "list (zie leerwerk loket --help)");
	return LW_EXIT_INPUT;
}

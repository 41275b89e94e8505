/*
 * cmd_search.c - `leerwerk search QUERY [--near P --km N] [--kind K]
 * [--sort S] [--facets] [--limit N] [--offset N]` and `leerwerk suggest
 * TEXT`. Each command builds the search engine from the store, answers and
 * exits; the engine's build time is on stderr with --verbose.
 */
#include "cli.h"
#include "lw_search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A number from min to max in s, or an error naming the option. */
static int number(const char *opt, const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max)) {
		lw_cli_error("%s '%s' is geen getal van %g tot en met %g", opt, s, min, max);
		return LW_EXIT_INPUT;
	}
	*out = v;
	return LW_EXIT_OK;
}

/* The positional arguments as one query, checked to be UTF-8. */
static int query_text(lw_cli *c, lw_buf *q)
{
	for (int i = 0; i < c->argc; i++)
		if (lw_buf_printf(q, "%s%s", i ? " " : "", c->argv[i]) != LW_OK)
			return LW_EXIT_FAIL;
	if (q->len && !lw_utf8_valid(q->data, q->len, NULL)) {
		lw_cli_error("de zoekvraag is geen geldige UTF-8-tekst");
		return LW_EXIT_INPUT;
	}
	return LW_EXIT_OK;
}

/* Opens the store read-only and builds the engine. */
static int open_engine(lw_cli *c, int verbose, lw_engine **e, lw_searcher **sr)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_engine_build(s, e, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	if (lw_searcher_new(*e, sr) != LW_OK) {
		lw_engine_free(*e);
		lw_cli_error("onvoldoende geheugen");
		return LW_EXIT_FAIL;
	}
	if (verbose) {
		lw_engine_stats st;
		lw_engine_stats_get(*e, &st);
		fprintf(stderr, "leerwerk: zoekindex: %ld items, %ld termen in %lld ms, %zu MiB\n",
		        st.items, st.terms, (long long)st.build_ms, st.bytes >> 20);
	}
	return LW_EXIT_OK;
}

static void print_text(const char *q, const lw_results *r, const lw_search_opts *o)
{
	if (r->problem)
		printf("Let op: %s.\n", r->problem);
	if (r->corrected)
		printf("Gezocht naar '%s' (getypt: '%s').\n", r->corrected, q);
	printf("%ld %s voor '%s'%s%s%s\n", r->total, r->total == 1 ? "resultaat" : "resultaten", q,
	       r->near_name ? " bij " : "", r->near_name ? r->near_name : "",
	       (size_t)r->total > r->n ? ", de beste eerst:" : "");
	for (size_t i = 0; i < r->n; i++) {
		const lw_hit *h = &r->hits[i];
		char km[32] = "";
		if (h->km >= 0)
			snprintf(km, sizeof km, " (%.1f km)", h->km);
		printf("  %-12s %s%s\n  %-12s %s%s%s\n", h->kind, h->title, km, "", h->detail,
		       h->example ? " (voorbeeldgegevens)" : "",
		       !strcmp(h->kind, "evc") && !h->valid ? " (niet geldig)" : "");
	}
	if (o->offset + r->n < (size_t)r->total)
		printf("Meer: --offset %zu.\n", o->offset + r->n);
	if (r->did_you_mean && !r->corrected)
		printf("Bedoelde je: %s?\n", r->did_you_mean);
	if (!r->total)
		printf("Niets gevonden. Probeer minder of andere woorden, of vraag het "
		       "leerwerkloket (leerwerk loket find POSTCODE).\n");
	for (size_t i = 0; i < r->nfacets; i++) {
		const lw_facet *f = &r->facets[i];
		printf("%s:", f->label);
		for (size_t k = 0; k < f->n; k++)
			printf("%s %s:%s (%s, %ld)", k ? "," : "", f->field, f->values[k].value,
			       f->values[k].label, f->values[k].count);
		printf("\n");
	}
}

/* `search --explain WORD`: what the index knows of a word. */
static int explain_word(lw_cli *c, const char *word, lw_buf *q)
{
	lw_buf_free(q);
	lw_engine *e;
	lw_searcher *sr;
	int ex = open_engine(c, 0, &e, &sr);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_buf b = LW_BUF_INIT;
	int rc = lw_engine_explain(e, word, &b);
	if (rc == LW_OK)
		printf("%s: %s\n", word, lw_buf_cstr(&b));
	else if (rc == LW_ENOTFOUND)
		lw_cli_error("'%s' komt niet voor in de zoekindex", word);
	else
		lw_cli_error("onvoldoende geheugen");
	lw_buf_free(&b);
	lw_searcher_free(sr);
	lw_engine_free(e);
	return rc == LW_OK ? LW_EXIT_OK : lw_cli_exit(rc);
}

int lw_cmd_search(lw_cli *c, int argc, char **argv)
{
	const char *kind = NULL, *limit_s = "10", *offset_s = "0", *near = NULL, *km_s = NULL,
	           *sort_s = "relevantie", *explain = NULL;
	int facets = 0, verbose = 0;
	const lw_opt opts[] = {
	    {"--kind", &kind, NULL},       {"--limit", &limit_s, NULL},
	    {"--offset", &offset_s, NULL}, {"--near", &near, NULL},
	    {"--km", &km_s, NULL},         {"--sort", &sort_s, NULL},
	    {"--facets", NULL, &facets},   {"--verbose", NULL, &verbose},
	    {"--explain", &explain, NULL}, {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_search_opts o = {0};
	if (kind) {
		if (!lw_search_kind_known(kind)) {
			lw_cli_error("--kind '%s' is geen soort; kies uit kwalificatie, beroep, "
			             "opleiding, evc, leerbedrijf, vacature, regeling of loket",
			             kind);
			return LW_EXIT_INPUT;
		}
		o.kind = kind;
	}
	double limit, offset, km = 0;
	if ((ex = number("--limit", limit_s, 1, 1000, &limit)) != LW_EXIT_OK ||
	    (ex = number("--offset", offset_s, 0, 999, &offset)) != LW_EXIT_OK ||
	    (km_s && (ex = number("--km", km_s, 0.1, 500, &km)) != LW_EXIT_OK))
		return ex;
	if (limit != (long)limit || offset != (long)offset) {
		lw_cli_error("--limit en --offset zijn hele getallen");
		return LW_EXIT_INPUT;
	}
	if (km_s && !near) {
		lw_cli_error("--km hoort bij --near POSTCODE|PLAATS");
		return LW_EXIT_INPUT;
	}
	if (!strcmp(sort_s, "relevantie"))
		o.sort = LW_SORT_RELEVANCE;
	else if (!strcmp(sort_s, "afstand"))
		o.sort = LW_SORT_DISTANCE;
	else if (!strcmp(sort_s, "datum"))
		o.sort = LW_SORT_DATE;
	else {
		lw_cli_error("--sort '%s': kies relevantie, afstand of datum", sort_s);
		return LW_EXIT_INPUT;
	}
	if (o.sort == LW_SORT_DISTANCE && !near) {
		lw_cli_error("--sort afstand hoort bij --near POSTCODE|PLAATS");
		return LW_EXIT_INPUT;
	}
	o.limit = (size_t)limit;
	o.offset = (size_t)offset;
	o.near = near;
	o.km = km;
	o.facets = facets;
	lw_buf q = LW_BUF_INIT;
	if ((ex = query_text(c, &q)) != LW_EXIT_OK) {
		lw_buf_free(&q);
		return ex;
	}
	if (explain)
		return explain_word(c, explain, &q);
	if (!q.len && !near && !kind) {
		lw_buf_free(&q);
		lw_cli_error("gebruik: leerwerk search ZOEKVRAAG [--near POSTCODE --km N] "
		             "[--kind SOORT] [--facets]");
		return LW_EXIT_INPUT;
	}
	lw_engine *e;
	lw_searcher *sr;
	if ((ex = open_engine(c, verbose, &e, &sr)) != LW_EXIT_OK) {
		lw_buf_free(&q);
		return ex;
	}
	lw_results r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_searcher_run(sr, lw_buf_cstr(&q), &o, &r, &err);
	if (rc != LW_OK)
		lw_cli_error("%s", err.msg);
	else if (c->json)
		lw_cli_json(lw_json_search(lw_buf_cstr(&q), &r, facets));
	else
		print_text(lw_buf_cstr(&q), &r, &o);
	lw_results_free(&r);
	lw_searcher_free(sr);
	lw_engine_free(e);
	lw_buf_free(&q);
	return rc == LW_OK ? LW_EXIT_OK : lw_cli_exit(rc);
}

int lw_cmd_suggest(lw_cli *c, int argc, char **argv)
{
	const lw_opt opts[] = {{NULL, NULL, NULL}};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_buf q = LW_BUF_INIT;
	if ((ex = query_text(c, &q)) != LW_EXIT_OK || !q.len) {
		if (ex == LW_EXIT_OK)
			lw_cli_error("gebruik: leerwerk suggest BEGIN-VAN-EEN-ZOEKVRAAG");
		lw_buf_free(&q);
		return ex == LW_EXIT_OK ? LW_EXIT_INPUT : ex;
	}
	lw_engine *e;
	lw_searcher *sr;
	if ((ex = open_engine(c, 0, &e, &sr)) != LW_EXIT_OK) {
		lw_buf_free(&q);
		return ex;
	}
	lw_suggestions s;
	int rc = lw_searcher_suggest(sr, lw_buf_cstr(&q), 8, &s);
	if (rc != LW_OK) {
		lw_cli_error("onvoldoende geheugen");
	} else if (c->json) {
		json_t *a = json_array();
		for (size_t i = 0; i < s.n; i++)
			json_array_append_new(a, json_string(s.items[i]));
		lw_cli_json(json_pack("{s:s, s:o}", "begin", lw_buf_cstr(&q), "suggesties", a));
	} else {
		for (size_t i = 0; i < s.n; i++)
			printf("%s\n", s.items[i]);
	}
	lw_suggestions_free(&s);
	lw_searcher_free(sr);
	lw_engine_free(e);
	lw_buf_free(&q);
	return rc == LW_OK ? LW_EXIT_OK : LW_EXIT_FAIL;
}

/* cmd_search.c - `leerwerk search QUERY [--kind K] [--limit N] [--reindex]`. */
#include "cli.h"
#include "lw_search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"kwalificatie", "beroep",	   "opleiding", "evc",
				    "leerbedrijf",  "vacature",	   "regeling",	"loket",
				    NULL};

int lw_cmd_search(lw_cli *c, int argc, char **argv)
{
	const char *kind = NULL, *limit_s = "10";
	int reindex = 0;
	const lw_opt opts[] = {
		{"--kind", &kind, NULL},
		{"--limit", &limit_s, NULL},
		{"--reindex", NULL, &reindex},
		{NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (kind) {
		size_t i = 0;
		while (kinds[i] && strcmp(kinds[i], kind) != 0)
			i++;
		if (!kinds[i]) {
			lw_cli_error("--kind '%s' is geen soort; kies uit kwalificatie, beroep, "
				     "opleiding, evc, leerbedrijf, vacature, regeling of loket",
				     kind);
			return LW_EXIT_INPUT;
		}
	}
	char *end;
	errno = 0;
	long limit = strtol(limit_s, &end, 10);
	if (errno || *end || limit < 1 || limit > 1000) {
		lw_cli_error("--limit '%s' is geen getal van 1 tot en met 1000", limit_s);
		return LW_EXIT_INPUT;
	}
	lw_buf q = LW_BUF_INIT;
	for (int i = 0; i < c->argc; i++)
		lw_buf_printf(&q, "%s%s", i ? " " : "", c->argv[i]);
	if (!q.len && !reindex) {
		lw_cli_error("gebruik: leerwerk search ZOEKVRAAG [--kind SOORT] [--limit N]");
		return LW_EXIT_INPUT;
	}
	if (q.len && !lw_utf8_valid(q.data, q.len, NULL)) {
		lw_buf_free(&q);
		lw_cli_error("de zoekvraag is geen geldige UTF-8-tekst");
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, 0, &s)) != LW_EXIT_OK) {
		lw_buf_free(&q);
		return ex;
	}
	lw_err err;
	lw_err_clear(&err);
	int rc = LW_OK;
	if (reindex || !lw_search_ready(s)) {
		long items = 0;
		int64_t t0 = lw_now_ms();
		rc = lw_search_build(s, &items, &err);
		if (rc == LW_OK)
			fprintf(stderr, "leerwerk: zoekindex opgebouwd: %ld items in %lld ms\n", items,
				(long long)(lw_now_ms() - t0));
	}
	lw_results r;
	memset(&r, 0, sizeof r);
	if (rc == LW_OK && q.len)
		rc = lw_search_run(s, lw_buf_cstr(&q), kind, (size_t)limit, &r, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_results_free(&r);
		lw_buf_free(&q);
		return lw_cli_exit(rc);
	}
	if (q.len && c->json) {
		json_t *hits = json_array();
		for (size_t i = 0; i < r.n; i++)
			json_array_append_new(
				hits, json_pack("{s:s, s:s, s:s, s:s, s:b}", "soort", r.hits[i].kind,
						"sleutel", r.hits[i].ref, "titel", r.hits[i].title,
						"toelichting", r.hits[i].detail, "voorbeeld",
						r.hits[i].example));
		lw_cli_json(json_pack("{s:s, s:I, s:o}", "vraag", lw_buf_cstr(&q), "totaal",
				      (json_int_t)r.total, "resultaten", hits));
	} else if (q.len) {
		printf("%ld %s voor '%s'%s\n", r.total, r.total == 1 ? "resultaat" : "resultaten",
		       lw_buf_cstr(&q), (size_t)r.total > r.n ? ", de beste eerst:" : "");
		for (size_t i = 0; i < r.n; i++)
			printf("  %-12s %s\n  %-12s %s%s\n", r.hits[i].kind, r.hits[i].title, "",
			       r.hits[i].detail, r.hits[i].example ? " (voorbeeldgegevens)" : "");
		if (!r.total)
			printf("Niets gevonden. Probeer minder of andere woorden, of vraag het "
			       "leerwerkloket (leerwerk loket find POSTCODE).\n");
	}
	lw_results_free(&r);
	lw_buf_free(&q);
	return LW_EXIT_OK;
}

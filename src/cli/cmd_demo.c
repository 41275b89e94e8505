/* cmd_demo.c - `leerwerk demo generate [--scale N] [--seed S]`. */
#include "cli.h"
#include "lw_ingest.h"
#include "lw_search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int lw_cmd_demo(lw_cli *c, int argc, char **argv)
{
	const char *scale_s = "1", *seed_s = "1";
	const lw_opt opts[] = {
		{"--scale", &scale_s, NULL},
		{"--seed", &seed_s, NULL},
		{NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc != 1 || strcmp(c->argv[0], "generate") != 0) {
		lw_cli_error("gebruik: leerwerk demo generate [--scale N] [--seed S]");
		return LW_EXIT_INPUT;
	}
	char *end;
	errno = 0;
	double scale = strtod(scale_s, &end);
	if (errno || *end || !(scale > 0 && scale <= 100)) {
		lw_cli_error("--scale '%s' is geen getal groter dan 0 en hoogstens 100", scale_s);
		return LW_EXIT_INPUT;
	}
	errno = 0;
	unsigned long long seed = strtoull(seed_s, &end, 10);
	if (errno || *end || seed_s[0] == '-' || !seed_s[0]) {
		lw_cli_error("--seed '%s' is geen geheel getal van 0 of meer", seed_s);
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_CREATE | LW_STORE_MIGRATE, &s)) != LW_EXIT_OK)
		return ex;
	lw_demo_result r;
	lw_err err;
	lw_err_clear(&err);
	int64_t t0 = lw_now_ms();
	int rc = lw_demo_generate(s, scale, (uint64_t)seed, &r, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	long total = r.providers + r.offerings + r.evc + r.companies + r.vacancies + r.schemes;
	if (c->json) {
		lw_cli_json(json_pack("{s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "schaal",
				      scale, "seed", (json_int_t)seed, "aanbieders",
				      (json_int_t)r.providers, "opleidingsaanbod",
				      (json_int_t)r.offerings, "evc", (json_int_t)r.evc,
				      "leerbedrijven", (json_int_t)r.companies, "vacatures",
				      (json_int_t)r.vacancies, "regelingen", (json_int_t)r.schemes,
				      "totaal", (json_int_t)total, "ms",
				      (json_int_t)(lw_now_ms() - t0)));
	} else {
		printf("voorbeeldgegevens (schaal %g, seed %llu), alle gemarkeerd als voorbeeld:\n",
		       scale, seed);
		printf("  aanbieders        %8ld\n  opleidingsaanbod  %8ld\n  EVC-procedures    %8ld\n"
		       "  leerbedrijven     %8ld\n  vacatures         %8ld\n  regelingen        %8ld\n"
		       "  totaal            %8ld  (%lld ms)\n",
		       r.providers, r.offerings, r.evc, r.companies, r.vacancies, r.schemes, total,
		       (long long)(lw_now_ms() - t0));
	}
	return LW_EXIT_OK;
}

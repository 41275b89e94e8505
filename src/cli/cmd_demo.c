/* cmd_demo.c - `leerwerk demo generate [--scale N] [--seed S]`. */
#include "cli.h"
#include "lw_demo_monitor.h"
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
	/* The monitor's covenants, trajectories and expenditures, in a transaction of their own. */
	lw_demo_monitor_result m;
	if (rc == LW_OK)
		rc = lw_demo_monitor_generate(s, scale, (uint64_t)seed, &m, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	long total = r.providers + r.offerings + r.evc + r.companies + r.vacancies + r.schemes;
	if (c->json) {
		json_t *j = json_pack("{s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "schaal",
				      scale, "seed", (json_int_t)seed, "aanbieders",
				      (json_int_t)r.providers, "opleidingsaanbod",
				      (json_int_t)r.offerings, "evc", (json_int_t)r.evc,
				      "leerbedrijven", (json_int_t)r.companies, "vacatures",
				      (json_int_t)r.vacancies, "regelingen", (json_int_t)r.schemes,
				      "totaal", (json_int_t)total, "ms",
				      (json_int_t)(lw_now_ms() - t0));
		json_t *mon = json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "convenanten", (json_int_t)m.covenants,
			"aandelen", (json_int_t)m.shares, "trajecten", (json_int_t)m.trajectories,
			"dubbele_registraties", (json_int_t)m.doubles, "statuswijzigingen",
			(json_int_t)m.updates, "personen", (json_int_t)m.persons, "uitgaven",
			(json_int_t)m.expenditures);
		if (j && mon)
			json_object_set_new(j, "monitor", mon);
		else
			json_decref(mon);
		lw_cli_json(j);
	} else {
		printf("voorbeeldgegevens (schaal %g, seed %llu), alle gemarkeerd als voorbeeld:\n",
		       scale, seed);
		printf("  aanbieders        %8ld\n  opleidingsaanbod  %8ld\n  EVC-procedures    %8ld\n"
		       "  leerbedrijven     %8ld\n  vacatures         %8ld\n  regelingen        %8ld\n"
		       "  totaal            %8ld  (%lld ms)\n",
		       r.providers, r.offerings, r.evc, r.companies, r.vacancies, r.schemes, total,
		       (long long)(lw_now_ms() - t0));
		printf("monitor (voorbeeldconvenanten met code " LW_DEMO_MONITOR_PREFIX "...):\n"
		       "  convenanten       %8ld  (%ld aandelen in doelen)\n"
		       "  trajecten         %8ld  registraties van %ld personen, waarvan %ld dubbel;\n"
		       "                              %ld statuswijzigingen later geleverd\n"
		       "  uitgaven          %8ld\n",
		       m.covenants, m.shares, m.trajectories, m.persons, m.doubles, m.updates,
		       m.expenditures);
	}
	return LW_EXIT_OK;
}

/* cmd_summary.c - `leerwerk summary`: what the store holds. */
#include "cli.h"
#include "lw_catalog.h"
#include "lw_geo.h"

int lw_cmd_summary(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("summary neemt geen argumenten");
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_READONLY, &s)) != LW_EXIT_OK)
		return ex;
	lw_geo_stats g;
	lw_catalog_stats k;
	lw_coverage cov = {0};
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_geo_stats_get(s, &g, &err);
	if (rc == LW_OK)
		rc = lw_catalog_stats_get(s, &k, &err);
	if (rc == LW_OK)
		rc = lw_geo_coverage(s, &cov, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_coverage_free(&cov);
		return lw_cli_exit(rc);
	}
	int covers = lw_coverage_complete(&cov);
	if (c->json) {
		lw_cli_json(json_pack(
			"{s:s, s:{s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:[I, I, I, I]}, "
			"s:{s:I, s:I}, s:{s:I, s:I, s:b, s:I, s:I}, s:[s, s, s]}",
			"database", c->db_path, "geografie", "arbeidsmarktregios",
			(json_int_t)g.regions, "gemeenten", (json_int_t)g.municipalities,
			"postcodegebieden", (json_int_t)g.postcodes, "postcodes_zonder_gemeente",
			(json_int_t)g.postcodes_without_municipality, "inwoners",
			(json_int_t)g.inhabitants, "mbo", "opleidingsdomeinen",
			(json_int_t)k.domains, "kwalificatiedossiers", (json_int_t)k.dossiers,
			"kwalificaties", (json_int_t)k.qualifications, "per_niveau",
			(json_int_t)k.qualifications_by_level[1],
			(json_int_t)k.qualifications_by_level[2],
			(json_int_t)k.qualifications_by_level[3],
			(json_int_t)k.qualifications_by_level[4], "beroepen", "beroepen",
			(json_int_t)k.occupations, "synoniemen", (json_int_t)k.occupation_labels,
			"loketten", "aantal", (json_int_t)g.desks, "standaard",
			(json_int_t)g.default_desks, "landelijk_dekkend", covers, "zonder_loket",
			(json_int_t)cov.nuncovered, "meer_dan_een_loket", (json_int_t)cov.nmultiple,
			"bronnen", "Bron: CBS", "ESCO, European Commission",
			"Regeling vaststelling kwalificatiedossiers 2015"));
	} else {
		printf("leerwerk %s - database %s\n\n", LW_VERSION, c->db_path);
		printf("Referentiegegevens\n");
		printf("  arbeidsmarktregio's   %6ld\n", g.regions);
		printf("  gemeenten             %6ld\n", g.municipalities);
		/* Dutch writes a decimal comma: 17,5 miljoen. */
		long tenths = (g.inhabitants + 50000) / 100000;
		printf("  postcodegebieden      %6ld  (%ld,%ld miljoen inwoners in 2020",
		       g.postcodes, tenths / 10, tenths % 10);
		if (g.postcodes_without_municipality)
			printf("; %ld zonder gemeente", g.postcodes_without_municipality);
		printf(")\n");
		printf("  mbo-kwalificaties     %6ld  (niveau 1: %ld, 2: %ld, 3: %ld, 4: %ld) in %ld "
		       "dossiers en %ld domeinen\n",
		       k.qualifications, k.qualifications_by_level[1], k.qualifications_by_level[2],
		       k.qualifications_by_level[3], k.qualifications_by_level[4], k.dossiers,
		       k.domains);
		printf("  beroepen (ESCO)       %6ld  (met %ld synoniemen)\n", k.occupations,
		       k.occupation_labels);
		long registers = k.providers + k.offerings + k.evc + k.companies + k.vacancies +
				 k.schemes;
		printf("\nRegisters%s\n",
		       k.examples && k.examples == registers ? " (voorbeeldgegevens)"
		       : k.examples ? " (deels voorbeeldgegevens)"
				    : "");
		printf("  aanbieders            %6ld\n  opleidingsaanbod      %6ld\n"
		       "  EVC-procedures        %6ld\n  leerbedrijven         %6ld\n"
		       "  vacatures             %6ld\n  regelingen            %6ld\n",
		       k.providers, k.offerings, k.evc, k.companies, k.vacancies, k.schemes);
		printf("\nLeerwerkloketten\n");
		printf("  loketten              %6ld  %s\n", g.desks,
		       g.default_desks ? "(standaardnetwerk: een loket per arbeidsmarktregio)"
		       : g.desks       ? "(geladen netwerk)"
				       : "(nog geen: laad eerst de referentiegegevens met "
					 "'leerwerk import reference')");
		if (covers)
			printf("  dekking               alle %ld gemeenten hebben precies een loket\n",
			       cov.municipalities);
		else
			printf("  dekking               %zu gemeenten zonder loket, %zu met meer dan "
			       "een (zie leerwerk loket coverage)\n",
			       cov.nuncovered, cov.nmultiple);
		printf("\nBron: CBS (gemeenten, regio's, postcodes); ESCO, European Commission "
		       "(beroepen);\nRegeling vaststelling kwalificatiedossiers 2015 "
		       "(mbo-kwalificaties).\n");
	}
	lw_coverage_free(&cov);
	return LW_EXIT_OK;
}

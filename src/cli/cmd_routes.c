/* cmd_routes.c - `leerwerk routes CREBO [--near PC|PLAATS] [--km N]`. */
#include "cli.h"
#include "lw_links.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- formatting ---------------------------------------------------------- */

/* "4,2 km": Dutch decimal comma; a whole radius as "25 km". */
static const char *fmt_km(double km, char buf[32])
{
	snprintf(buf, 32, km >= 1.0 && km == floor(km) ? "%.0f km" : "%.1f km", km);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	return buf;
}

/* "€ 1.250" or "€ 12,50". */
static const char *fmt_euro(long cents, char buf[40])
{
	char whole[24], grouped[32];
	int n = snprintf(whole, sizeof whole, "%ld", cents / 100);
	size_t g = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[g++] = '.';
		grouped[g++] = whole[i];
	}
	grouped[g] = '\0';
	if (cents % 100)
		snprintf(buf, 40, "€ %s,%02ld", grouped, cents % 100);
	else
		snprintf(buf, 40, "€ %s", grouped);
	return buf;
}

static const char *example_mark(int is_example)
{
	return is_example ? " [voorbeeld]" : "";
}

/* "(3)" or "(20 van 118, de dichtstbijzijnde)". */
static void print_heading(const char *title, size_t shown, long total, int near)
{
	if ((long)shown < total)
		printf("\n%s (%zu van %ld, %s)\n", title, shown, total,
		       near ? "de dichtstbijzijnde" : "op naam");
	else
		printf("\n%s (%ld)\n", title, total);
}

static void print_none(const lw_routes_result *r)
{
	char b[32];
	if (r->has_near)
		printf("  geen binnen %s\n", fmt_km(r->km, b));
	else
		printf("  geen\n");
}

static void print_distance(const lw_routes_result *r, double km)
{
	char b[32];
	if (r->has_near)
		printf("  %8s  ", fmt_km(km, b));
	else
		printf("  ");
}

static void print_text(const lw_routes_result *r)
{
	char b[40];
	printf("%s %s (mbo-niveau %d, %s)\n", r->crebo, r->name, r->level,
	       r->pathways ? r->pathways : "");
	printf("Dossier:       %s %s\n", r->dossier_crebo, r->dossier ? r->dossier : "");
	if (r->domain)
		printf("Domein:        %s %s\n", r->domain_crebo, r->domain);
	if (r->has_near) {
		printf("Nabij:         ");
		if (r->near_postcode)
			printf("postcode %s (%s), ", r->near_postcode,
			       r->near_place ? r->near_place : "");
		else if (strcmp(r->near_kind, "plaats") == 0)
			printf("%s, ", r->near_place);
		printf("gemeente %s, regio %s; binnen %s\n", r->municipality, r->region,
		       fmt_km(r->km, b));
	}

	print_heading("Op school: opleidingen", r->nschools, r->schools_total, r->has_near);
	for (size_t i = 0; i < r->nschools; i++) {
		const lw_route_school *s = &r->schools[i];
		print_distance(r, s->km);
		printf("%s, %s: %s", s->provider ? s->provider : s->provider_code,
		       s->place ? s->place : s->postcode, s->pathway);
		if (s->next_start)
			printf(", start %s", s->next_start);
		if (s->months >= 0)
			printf(", %ld maanden", s->months);
		if (s->cost_cents >= 0)
			printf(", kosten %s", fmt_euro(s->cost_cents, b));
		printf("%s\n", example_mark(s->is_example));
	}
	if (!r->schools_total)
		print_none(r);

	print_heading("Leren en werken (BBL) bij erkende leerbedrijven", r->ncompanies,
		      r->companies_total, r->has_near);
	for (size_t i = 0; i < r->ncompanies; i++) {
		const lw_route_company *c = &r->companies[i];
		print_distance(r, c->km);
		printf("%s, %s (%s): %ld open %s%s\n", c->name, c->place ? c->place : "?",
		       c->postcode, c->places, c->places == 1 ? "plaats" : "plaatsen",
		       example_mark(c->is_example));
	}
	if (!r->companies_total)
		print_none(r);

	if (r->evc_total > (long)r->nevc)
		printf("\nEVC: erkenning van wat u al kunt (%zu van %ld, %ld geldig)\n", r->nevc,
		       r->evc_total, r->evc_valid);
	else
		printf("\nEVC: erkenning van wat u al kunt (%ld, %ld geldig)\n", r->evc_total,
		       r->evc_valid);
	for (size_t i = 0; i < r->nevc; i++) {
		const lw_route_evc *e = &r->evc[i];
		printf("  %s", e->provider ? e->provider : e->provider_code);
		if (e->price_cents >= 0)
			printf(", %s", fmt_euro(e->price_cents, b));
		if (e->weeks >= 0)
			printf(", %ld weken", e->weeks);
		if (e->valid)
			printf(", geaccrediteerd tot %s", e->accredited_until);
		else
			printf(", VERLOPEN: accreditatie liep tot %s", e->accredited_until);
		if (e->regions)
			printf("; regio's: %s", e->regions);
		if (e->serves_near == 1)
			printf(" (ook uw regio)");
		else if (e->serves_near == 0)
			printf(" (niet uw regio %s)", r->region);
		printf("%s\n", example_mark(e->is_example));
	}
	if (!r->evc_total)
		printf("  geen\n");

	printf("\nBeroepen (ESCO) waar deze kwalificatie toe leidt (%ld)\n", r->occupations_total);
	for (size_t i = 0; i < r->noccupations; i++) {
		const lw_route_occupation *o = &r->occupations[i];
		char score[16];
		snprintf(score, sizeof score, "%.2f", o->score);
		char *dot = strchr(score, '.');
		if (dot)
			*dot = ',';
		if (strcmp(o->source, "import") == 0)
			printf("  %s (vastgesteld", o->label);
		else
			printf("  %s (afgeleid uit de naam, score %s", o->label, score);
		printf("; %ld open %s%s)\n", o->vacancies,
		       o->vacancies == 1 ? "vacature" : "vacatures",
		       r->has_near ? " in de buurt" : "");
	}
	if (!r->occupations_total)
		printf("  nog geen gekoppeld beroep (koppel er een met 'leerwerk import "
		       "kwalificatie-beroep BESTAND')\n");

	print_heading("Open vacatures voor deze beroepen", r->nvacancies, r->vacancies_total,
		      r->has_near);
	for (size_t i = 0; i < r->nvacancies; i++) {
		const lw_route_vacancy *v = &r->vacancies[i];
		print_distance(r, v->km);
		printf("%s (%s) - %s, %s", v->title, v->kind, v->employer,
		       v->place ? v->place : v->postcode);
		if (v->closes)
			printf("; sluit %s", v->closes);
		printf("%s\n", example_mark(v->is_example));
	}
	if (!r->vacancies_total)
		print_none(r);

	if (r->examples)
		printf("\n[voorbeeld]: voorbeeldgegevens, geen echte aanbieders, leerbedrijven of "
		       "vacatures.\n");
	if (r->has_near)
		printf("Afstanden hemelsbreed tussen postcodegebieden. Bron: CBS.\n");
	if (r->occupations_total)
		printf("Beroepen: ESCO, European Commission.\n");
}

/* ---- the command ------------------------------------------------------------ */

/* --km: a distance in km, with a decimal point or comma. */
static int parse_km(const char *s, double *out)
{
	char buf[64];
	size_t n = strlen(s);
	if (!n || n >= sizeof buf)
		return 0;
	memcpy(buf, s, n + 1);
	char *comma = strchr(buf, ',');
	if (comma)
		*comma = '.';
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789.", buf[i]))
			return 0;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (errno || *end || !(v > 0 && v <= LW_ROUTES_KM_MAX))
		return 0;
	*out = v;
	return 1;
}

int lw_cmd_routes(lw_cli *c, int argc, char **argv)
{
	const char *near = NULL, *km_s = NULL;
	const lw_opt opts[] = {
		{"--near", &near, NULL},
		{"--km", &km_s, NULL},
		{NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc != 1) {
		if (c->argc > 1)
			lw_cli_error("een crebo-code per keer; een plaatsnaam met spaties gaat "
				     "tussen aanhalingstekens (--near \"Bergen op Zoom\")");
		else
			lw_cli_error("gebruik: leerwerk routes CREBO [--near POSTCODE|PLAATS] "
				     "[--km N]");
		return LW_EXIT_INPUT;
	}
	double km = LW_ROUTES_KM_DEFAULT;
	if (km_s && !parse_km(km_s, &km)) {
		lw_cli_error("--km '%s' is geen afstand groter dan 0 en hoogstens %.0f (kilometer)",
			     km_s, LW_ROUTES_KM_MAX);
		return LW_EXIT_INPUT;
	}
	if (km_s && !near) {
		lw_cli_error("--km werkt alleen met --near POSTCODE|PLAATS");
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_READONLY, &s)) != LW_EXIT_OK)
		return ex;
	lw_routes_result r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_routes(s, c->argv[0], near, km, &r, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_routes_free(&r);
		return lw_cli_exit(rc);
	}
	if (c->json)
		lw_cli_json(lw_json_routes(&r));
	else
		print_text(&r);
	lw_routes_free(&r);
	return LW_EXIT_OK;
}

/*
 * cmd_trajectory.c - the monitor's trajectories on the command line,
 * subcommands of `leerwerk monitor` (dispatched by cmd_monitor.c):
 *
 *   add         register one trajectory (or its new status)
 *   dubbel      the double registrations per covenant
 *   tel         counts of started, completed and stopped trajectories
 *   sleutel     a new pseudonymisation key
 *   herbereken  duplicate flags and counts again from the registrations
 *
 * docs/internals/monitor.md, "Trajectories and counts".
 */
#include "cli.h"
#include "lw_monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void lw_cmd_monitor_help(void)
{
	fputs("\n"
	      "Trajecten (docs/formats/monitor.md):\n"
	      "  leerwerk monitor add --convenant C --bsn B|- --soort evc|duaal [--crebo N]\n"
	      "      [--niveau N] --sector S (--gemeente GM....|antillen | --postcode P)\n"
	      "      --start DATUM [--status gestart|afgerond|gestopt] [--statusdatum DATUM]\n"
	      "      [--resultaat R] [--doelgroepen G;G] --leeftijd N [--sleutel BESTAND]\n"
	      "            legt een traject vast, of de nieuwe status van een traject met\n"
	      "            hetzelfde convenant, BSN, soort, kwalificatie en startdatum. Het BSN\n"
	      "            wordt alleen een pseudoniem (de sleutel: --sleutel, anders\n"
	      "            LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND of LEERWERK_PSEUDONIEM_SLEUTEL).\n"
	      "            --bsn - leest het BSN van de standaardinvoer, zodat het niet in de\n"
	      "            proceslijst staat. Fouten: 'leerwerk: --OPTIE: melding' (afsluitstatus "
	      "2)\n"
	      "  leerwerk monitor dubbel [--convenant C]\n"
	      "            de dubbele registraties: trajecten die landelijk niet meetellen omdat\n"
	      "            dezelfde persoon hetzelfde traject al bij een convenant heeft\n"
	      "  leerwerk monitor tel [--convenant C] [--van DATUM] [--tot DATUM] [--per P]\n"
	      "      [--soort S] [--niveau N,N] [--sector S,S] [--doelgroep G,G] [--regio R,R]\n"
	      "      [--leeftijd VAN-TOT]\n"
	      "            gestarte, afgeronde en gestopte trajecten in de periode, landelijk\n"
	      "            (elke persoon, soort en kwalificatie een keer) of van een convenant;\n"
	      "            --per convenant, soort, sector, regio, niveau, leeftijd, doelgroep,\n"
	      "            jaar of maand; --regio AMnn, antillen of nederland\n"
	      "  leerwerk monitor sleutel\n"
	      "            een nieuwe pseudonimiseringssleutel (64 hexadecimale tekens); bewaar\n"
	      "            haar buiten de database: zonder haar worden dezelfde personen later\n"
	      "            niet meer herkend\n"
	      "  leerwerk monitor herbereken\n"
	      "            de dubbeltellingen en alle tellingen opnieuw uit de registraties\n",
	      stdout);
	lw_cmd_monitor_report_help();
}

/* ---- monitor add ------------------------------------------------------------------ */

static void registration_text(const lw_registration *r)
{
	static const char *const what[] = {"", "vastgelegd", "bijgewerkt", "ongewijzigd"};
	const lw_trajectory *t = &r->t;
	printf("traject %lld %s: convenant %s, %s %s%s%s, %s vanaf %s", (long long)t->id,
	       what[r->what], t->covenant, lw_monitor_kinds()[t->kind].code,
	       lw_monitor_levels()[t->level].code, t->crebo[0] ? " crebo " : "", t->crebo,
	       lw_monitor_sectors()[t->sector].code, t->start);
	if (t->status != LW_MON_STATUS_STARTED)
		printf(", %s op %s", lw_monitor_statuses()[t->status].code, t->status_date);
	putchar('\n');
	if (t->duplicate == 1)
		printf("  telt landelijk niet mee: dezelfde persoon heeft dit traject al bij "
		       "convenant %s; voor %s telt het wel\n",
		       r->counted_by, t->covenant);
	else if (t->duplicate == 2)
		printf("  telt niet mee: dit convenant heeft dit traject van dezelfde persoon al "
		       "eerder vastgelegd\n");
}

/* Reads the BSN of `--bsn -` from standard input: one line. */
static int bsn_from_stdin(char *out, size_t size)
{
	if (!fgets(out, (int)size, stdin))
		return 0;
	out[strcspn(out, "\r\n")] = 0;
	return 1;
}

static int add_problems(const lw_monitor_problems *p, int json)
{
	if (json) {
		json_t *fs = json_array();
		for (size_t i = 0; i < p->n; i++)
			json_array_append_new(
			    fs, json_pack("{s:o, s:s}", "veld",
			                  lw_json_str(lw_trajectory_field(p->e[i].field)),
			                  "melding", p->e[i].msg));
		lw_cli_json(json_pack("{s:b, s:o}", "vastgelegd", 0, "fouten", fs));
	}
	for (size_t i = 0; i < p->n; i++) {
		if (p->e[i].field >= 0)
			lw_cli_error("--%s: %s", lw_trajectory_field(p->e[i].field), p->e[i].msg);
		else
			lw_cli_error("%s", p->e[i].msg);
	}
	return LW_EXIT_INPUT;
}

int lw_cmd_monitor_add(lw_cli *c, int argc, char **argv)
{
	lw_trajectory_in in;
	memset(&in, 0, sizeof in);
	const char *key_file = NULL, *names[LW_NTF];
	char opt_names[LW_NTF][24], bsn[64] = "";
	lw_opt opts[LW_NTF + 2];
	for (int f = 0; f < LW_NTF; f++) {
		snprintf(opt_names[f], sizeof opt_names[f], "--%s", lw_trajectory_field(f));
		names[f] = NULL;
		opts[f] = (lw_opt){opt_names[f], &names[f], NULL};
	}
	opts[LW_NTF] = (lw_opt){"--sleutel", &key_file, NULL};
	opts[LW_NTF + 1] = (lw_opt){NULL, NULL, NULL};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("onverwacht argument '%s' (zie leerwerk monitor --help)", c->argv[0]);
		return LW_EXIT_INPUT;
	}
	if (names[LW_TF_BSN] && !strcmp(names[LW_TF_BSN], "-")) {
		if (!bsn_from_stdin(bsn, sizeof bsn)) {
			lw_cli_error("--bsn -: geen BSN op de standaardinvoer");
			return LW_EXIT_INPUT;
		}
		names[LW_TF_BSN] = bsn;
	}
	for (int f = 0; f < LW_NTF; f++)
		in.f[f] = names[f];
	lw_monitor_key key;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_monitor_key_load(key_file, &key, &err);
	if (rc != LW_OK) {
		memset(bsn, 0, sizeof bsn);
		lw_cli_error("%s", err.msg);
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_MIGRATE, &s)) != LW_EXIT_OK) {
		lw_monitor_key_wipe(&key);
		return ex;
	}
	lw_registration reg;
	lw_monitor_problems p;
	rc = lw_monitor_register(s, &key, &in, &reg, &p, &err);
	lw_monitor_key_wipe(&key);
	memset(bsn, 0, sizeof bsn);
	lw_store_close(s);
	if (rc == LW_EINPUT)
		return add_problems(&p, c->json);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	if (c->json)
		lw_cli_json(lw_json_registration(&reg));
	else
		registration_text(&reg);
	return LW_EXIT_OK;
}

/* ---- monitor dubbel ---------------------------------------------------------------- */

int lw_cmd_monitor_doubles(lw_cli *c, int argc, char **argv)
{
	const char *covenant = NULL;
	const lw_opt opts[] = {{"--convenant", &covenant, NULL}, {NULL, NULL, NULL}};
	int ex = lw_cli_parse(c, argc, argv, opts);
	lw_store *s;
	if (ex != LW_EXIT_OK || (ex = lw_cli_open(c, LW_STORE_READONLY, &s)) != LW_EXIT_OK)
		return ex;
	lw_double_list l;
	lw_err err;
	int rc = lw_monitor_doubles(s, covenant, &l, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_double_list_free(&l);
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	json_t *a = c->json ? json_array() : NULL;
	const char *last = "";
	for (size_t i = 0; i < l.n; i++) {
		const lw_double *d = &l.rows[i];
		if (a) {
			json_array_append_new(
			    a,
			    json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:I}", "convenant",
			              d->covenant, "registratie", (json_int_t)d->id, "soort",
			              d->kind, "kwalificatie", d->qualification, "start", d->start,
			              "status", d->status, "telt_voor_convenant", d->duplicate == 1,
			              "landelijk_geteld_bij", d->counted_covenant,
			              "landelijke_registratie", (json_int_t)d->counted_id));
			continue;
		}
		if (strcmp(last, d->covenant) != 0)
			printf("%s%s\n", i ? "\n" : "", d->covenant);
		last = d->covenant;
		printf("  %lld  %s %s vanaf %s (%s): landelijk geteld bij %s (%lld)%s\n",
		       (long long)d->id, d->kind, d->qualification, d->start, d->status,
		       d->counted_covenant, (long long)d->counted_id,
		       d->duplicate == 2 ? "; ook voor dit convenant al geteld" : "");
	}
	if (a)
		lw_cli_json(json_pack("{s:I, s:o}", "totaal", (json_int_t)l.n, "dubbel", a));
	else if (!l.n)
		printf("geen dubbele registraties\n");
	lw_double_list_free(&l);
	return LW_EXIT_OK;
}

/* ---- monitor tel ------------------------------------------------------------------- */

/* A comma-separated list of codes of list into *bits; 0 or a printed error. */
static int code_bits(const char *opt, const char *v, const lw_monitor_code *list, unsigned *bits)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", v ? v : "");
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int i = lw_monitor_code_find(list, w);
		if (i < 0) {
			lw_cli_error("%s: onbekende code '%s'", opt, w);
			return -1;
		}
		*bits |= 1u << i;
	}
	return 0;
}

static const char *const by_names[] = {"convenant", "soort",     "sector", "regio", "niveau",
                                       "leeftijd",  "doelgroep", "jaar",   "maand", NULL};

static json_t *counts_json(const char *key, const lw_counts *n)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "sleutel", lw_json_str(key), "gestart",
	                 (json_int_t)n->started, "afgerond", (json_int_t)n->completed, "gestopt",
	                 (json_int_t)n->stopped);
}

static void print_counts(const lw_count_table *t, int by)
{
	printf("%-24s %10s %10s %10s\n", by >= 0 ? by_names[by] : "", "gestart", "afgerond",
	       "gestopt");
	for (size_t i = 0; i < t->n; i++)
		printf("%-24s %10ld %10ld %10ld\n", t->rows[i].key, t->rows[i].n.started,
		       t->rows[i].n.completed, t->rows[i].n.stopped);
	printf("%-24s %10ld %10ld %10ld\n", "totaal", t->total.started, t->total.completed,
	       t->total.stopped);
}

/* The selection of the options of `monitor tel`; 0, or -1 after an error. */
static int count_selection(const char *const v[], lw_selection *sel, char *regions_buf, size_t size,
                           const char **regions, size_t max)
{
	enum { O_KIND, O_LEVEL, O_SECTOR, O_GROUP, O_REGION, O_AGE };
	if (code_bits("--soort", v[O_KIND], lw_monitor_kinds(), &sel->kinds) ||
	    code_bits("--niveau", v[O_LEVEL], lw_monitor_levels(), &sel->levels) ||
	    code_bits("--sector", v[O_SECTOR], lw_monitor_sectors(), &sel->sectors) ||
	    code_bits("--doelgroep", v[O_GROUP], lw_monitor_groups(), &sel->groups))
		return -1;
	if (v[O_AGE] && sscanf(v[O_AGE], "%d-%d", &sel->age_min, &sel->age_max) != 2) {
		lw_cli_error("--leeftijd: verwacht VAN-TOT, bijvoorbeeld 18-23");
		return -1;
	}
	if (v[O_REGION]) {
		size_t n = 0;
		snprintf(regions_buf, size, "%s", v[O_REGION]);
		for (char *save = NULL, *w = strtok_r(regions_buf, ",", &save); w && n + 1 < max;
		     w = strtok_r(NULL, ",", &save))
			regions[n++] = !strcmp(w, "antillen") ? LW_MON_ANTILLES : w;
		regions[n] = NULL;
		sel->regions = regions;
	}
	return 0;
}

int lw_cmd_monitor_count(lw_cli *c, int argc, char **argv)
{
	const char *covenant = NULL, *from = NULL, *to = NULL, *per = NULL, *v[6] = {NULL};
	const lw_opt opts[] = {
	    {"--convenant", &covenant, NULL},
	    {"--van", &from, NULL},
	    {"--tot", &to, NULL},
	    {"--per", &per, NULL},
	    {"--soort", &v[0], NULL},
	    {"--niveau", &v[1], NULL},
	    {"--sector", &v[2], NULL},
	    {"--doelgroep", &v[3], NULL},
	    {"--regio", &v[4], NULL},
	    {"--leeftijd", &v[5], NULL},
	    {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts), by = -1;
	if (ex != LW_EXIT_OK)
		return ex;
	for (int i = 0; per && by_names[i]; i++)
		if (!strcmp(per, by_names[i]))
			by = i;
	if (per && by < 0) {
		lw_cli_error("--per: onbekende indeling '%s' (verwacht convenant, soort, sector, "
		             "regio, niveau, leeftijd, doelgroep, jaar of maand)",
		             per);
		return LW_EXIT_INPUT;
	}
	lw_selection sel;
	memset(&sel, 0, sizeof sel);
	sel.covenant = covenant;
	char regions_buf[512];
	const char *regions[64];
	if (count_selection(v, &sel, regions_buf, sizeof regions_buf, regions, 64))
		return LW_EXIT_INPUT;
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_READONLY, &s)) != LW_EXIT_OK)
		return ex;
	lw_count_table t;
	lw_err err;
	int rc = lw_monitor_breakdown(s, &sel, by < 0 ? LW_MON_BY_KIND : (lw_monitor_by)by, from,
	                              to, &t, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_count_table_free(&t);
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	if (c->json) {
		json_t *rows = json_array();
		for (size_t i = 0; by >= 0 && i < t.n; i++)
			json_array_append_new(rows, counts_json(t.rows[i].key, &t.rows[i].n));
		lw_cli_json(json_pack("{s:o, s:o, s:o, s:o, s:o, s:b}", "convenant",
		                      lw_json_str(covenant), "van", lw_json_str(from), "tot_en_met",
		                      lw_json_str(to), "totaal", counts_json(NULL, &t.total),
		                      "rijen", rows, "uit_tellingen", t.from_aggregates));
	} else {
		if (by < 0)
			t.n = 0;
		print_counts(&t, by);
	}
	lw_count_table_free(&t);
	return LW_EXIT_OK;
}

/* ---- monitor sleutel, monitor herbereken -------------------------------------------- */

int lw_cmd_monitor_key(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	if (ex != LW_EXIT_OK)
		return ex;
	char key[65];
	lw_monitor_key_new(key);
	if (c->json)
		lw_cli_json(json_pack("{s:s}", "sleutel", key));
	else
		printf("%s\n", key);
	memset(key, 0, sizeof key);
	return LW_EXIT_OK;
}

int lw_cmd_monitor_rebuild(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	lw_store *s;
	if (ex != LW_EXIT_OK || (ex = lw_cli_open(c, LW_STORE_MIGRATE, &s)) != LW_EXIT_OK)
		return ex;
	lw_err err;
	int rc = lw_monitor_rebuild(s, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	if (c->json)
		lw_cli_json(json_pack("{s:b}", "herberekend", 1));
	else
		printf("dubbeltellingen en tellingen opnieuw berekend\n");
	return LW_EXIT_OK;
}

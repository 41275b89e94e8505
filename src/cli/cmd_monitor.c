/*
 * cmd_monitor.c - `leerwerk monitor SUBCOMMAND`: the monitor of the
 * programme (issue 5).
 *
 * lw_cmd_monitor is only a dispatcher: it finds the subcommand and hands
 * the rest of the arguments to that subcommand's function, which parses
 * its own options with lw_cli_parse. One function per subcommand, one
 * entry per subcommand in `subcommands` below: later parts of the monitor
 * (`add`, `report`, ...) add theirs there, and their lines to the help in
 * main.c.
 *
 *   programma   the programme definition: targets, budget, checks
 */
#include "cli.h"
#include "lw_programme.h"

#include <string.h>

/* ---- shared by the subcommands ------------------------------------------ */

/*
 * The programme of --bestand FILE, or the plan 2008-2011 compiled in when
 * file is NULL. Prints the error and returns an exit status on failure.
 */
int lw_cli_programme(const char *file, lw_programme **out)
{
	lw_err err;
	lw_err_clear(&err);
	int rc = file ? lw_programme_load_file(file, out, &err) : lw_programme_default(out, &err);
	if (rc == LW_OK)
		return LW_EXIT_OK;
	lw_cli_error("%s", err.msg);
	return lw_cli_exit(rc);
}

static const char *amount(char *buf, size_t size, long thousands)
{
	lw_buf b = LW_BUF_INIT;
	lw_programme_amount_format(thousands, &b);
	snprintf(buf, size, "%s", lw_buf_cstr(&b));
	lw_buf_free(&b);
	return buf;
}

static const char *count(char *buf, size_t size, long n)
{
	lw_buf b = LW_BUF_INIT;
	if (n == LW_PROGRAMME_NONE)
		lw_buf_puts(&b, "-");
	else
		lw_programme_count_format(n, &b);
	snprintf(buf, size, "%s", lw_buf_cstr(&b));
	lw_buf_free(&b);
	return buf;
}

/* Hundredths of a percent (or of another unit) as Dutch text: 7440 -> "74,4". */
static const char *hundredths(char *buf, size_t size, long v)
{
	if (v % 100 == 0)
		snprintf(buf, size, "%ld", v / 100);
	else if (v % 10 == 0)
		snprintf(buf, size, "%ld,%ld", v / 100, (v % 100) / 10);
	else
		snprintf(buf, size, "%ld,%02ld", v / 100, v % 100);
	return buf;
}

/* ---- monitor programma: text --------------------------------------------- */

static void print_words(const char *label, const char *const *w, size_t n, const char **sep)
{
	if (!n)
		return;
	printf("%s%s ", *sep, label);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", w[i]);
	*sep = "; ";
}

static void print_bits(const char *label, unsigned bits, int levels, const char **sep)
{
	if (!bits)
		return;
	printf("%s%s ", *sep, label);
	const char *comma = "";
	for (int i = 1; i < 32; i++)
		if (bits & (1u << i)) {
			printf("%s%s", comma,
			       levels ? lw_programme_level_name(i) : lw_programme_kind_name(i));
			comma = ", ";
		}
	*sep = "; ";
}

/* "soort evc, duaal; doelgroep ...; leeftijd 18-23" */
static void print_selection(const lw_programme_selection *s)
{
	const char *sep = "";
	print_bits("soort", s->kinds, 0, &sep);
	print_words("doelgroep", s->groups, s->ngroups, &sep);
	if (s->age_min != LW_PROGRAMME_NONE || s->age_max != LW_PROGRAMME_NONE) {
		printf("%sleeftijd bij de start ", sep);
		if (s->age_min == LW_PROGRAMME_NONE)
			printf("tot en met %ld", s->age_max);
		else if (s->age_max == LW_PROGRAMME_NONE)
			printf("vanaf %ld", s->age_min);
		else
			printf("%ld tot en met %ld", s->age_min, s->age_max);
		sep = "; ";
	}
	print_words("sector", s->sectors, s->nsectors, &sep);
	print_bits("niveau", s->levels, 1, &sep);
	print_words("regio", s->regions, s->nregions, &sep);
	if (!*sep)
		printf("alle trajecten");
}

static void print_year_header(const lw_programme *p, const char *extra)
{
	printf("  ");
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++)
		printf(" %7d", y);
	printf("%s\n", extra);
}

static void print_target(const lw_programme *p, const lw_programme_target *t)
{
	char b[32];
	printf("  ");
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++)
		printf(" %7s", count(b, sizeof b, lw_programme_target_year(p, t, y)));
	printf(" %8s %7d  %s: %s\n", count(b, sizeof b, t->total), t->due_year, t->code, t->name);
	printf("%*s", 2 + 8 * (lw_programme_last_year(p) - lw_programme_first_year(p) + 1) + 19,
	       "");
	printf("telt: ");
	print_selection(&t->sel);
	if (t != lw_programme_national(p))
		printf("%s", t->within_national ? " (deel van het landelijke doel)"
		                                : " (buiten het landelijke doel)");
	if (t->share != LW_PROGRAMME_NONE)
		printf("; %s%% van het landelijke doel", hundredths(b, sizeof b, t->share));
	if (t->total == LW_PROGRAMME_NONE)
		printf("; gevolgd zonder streefwaarde");
	printf("\n");
}

static void print_targets(const lw_programme *p)
{
	size_t n;
	const lw_programme_target *subs = lw_programme_subtargets(p, &n);
	printf("\nDoelen: aantallen trajecten per jaar (- = geen waarde)\n");
	print_year_header(p, "   totaal  gereed  doel");
	print_target(p, lw_programme_national(p));
	for (size_t i = 0; i < n; i++)
		print_target(p, &subs[i]);
}

static void print_start(const lw_programme *p)
{
	int from, to;
	size_t n;
	const lw_programme_start_item *s = lw_programme_start(p, &from, &to, &n);
	if (!n)
		return;
	printf("\nUitgangspositie %d-%d\n", from, to);
	for (size_t i = 0; i < n; i++) {
		char b[32], v[48], d[32];
		snprintf(v, sizeof v, "%s%s%s", lw_programme_approx_name(s[i].approx),
		         s[i].approx ? " " : "", count(b, sizeof b, s[i].value));
		printf("  %14s  %s: %s", v, s[i].code, s[i].name);
		if (s[i].target != LW_PROGRAMME_NONE)
			printf(" (doel was %s)", count(d, sizeof d, s[i].target));
		printf("\n");
	}
}

static const char *measure_text(lw_programme_measure m)
{
	switch (m) {
	case LW_MEASURE_DESKS:
		return "geteld in het loketnetwerk van leerwerk";
	case LW_MEASURE_EXTERNAL:
		return "extern cijfer, niet door leerwerk geteld";
	default:
		return "context, niet gevolgd";
	}
}

static void print_ambition(const lw_programme_ambition *a)
{
	char b[32], v[64];
	snprintf(v, sizeof v, "%s%s%s%s", lw_programme_approx_name(a->approx), a->approx ? " " : "",
	         a->increase_since ? "+" : "", count(b, sizeof b, a->value));
	printf("  %14s  %s: %s\n", v, a->code, a->name);
	printf("  %14s  ", "");
	if (a->year)
		printf("in %d", a->year);
	else
		printf("geen jaar");
	if (a->increase_since)
		printf(", meer dan in %d", a->increase_since);
	if (a->baseline_year)
		printf(", in %d: %s", a->baseline_year, count(b, sizeof b, a->baseline));
	printf("; meting: %s (%s)", lw_programme_measure_name(a->measure),
	       measure_text(a->measure));
	if (a->has_contribution) {
		printf("; bijdrage van trajecten: ");
		print_selection(&a->contribution);
	}
	printf("\n");
}

static void print_ambitions(const lw_programme *p)
{
	size_t n;
	const lw_programme_ambition *a = lw_programme_ambitions(p, &n);
	if (!n)
		return;
	printf("\nAmbities die geen aantallen trajecten zijn\n");
	for (size_t i = 0; i < n; i++)
		print_ambition(&a[i]);
}

static void print_indicators(const lw_programme *p)
{
	size_t n;
	const lw_programme_indicator *ind = lw_programme_indicators(p, &n);
	if (!n)
		return;
	printf("\nIndicatoren (context)\n");
	for (size_t i = 0; i < n; i++) {
		char b[32];
		const char *unit = strcmp(ind[i].unit, "procent") == 0 ? "%" : "";
		printf("  %s: %s: doel %s%s in %d", ind[i].code, ind[i].name,
		       hundredths(b, sizeof b, ind[i].target), unit, ind[i].target_year);
		for (size_t k = 0; k < ind[i].nmeasurements; k++)
			printf("%s%s%s (%d)", k ? ", " : "; gemeten ",
			       hundredths(b, sizeof b, ind[i].measurements[k].value), unit,
			       ind[i].measurements[k].year);
		printf("\n");
	}
}

static void print_amounts(const lw_programme *p, const lw_programme_line *l)
{
	char b[32];
	printf("  ");
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++) {
		long v = lw_programme_line_amount(p, l, y);
		printf(" %7s", v ? amount(b, sizeof b, v) : "-");
	}
}

static void print_line(const lw_programme *p, const lw_programme_line *l, int budget)
{
	print_amounts(p, l);
	printf("  %s: %s", l->code, l->name);
	if (budget && l->chapter)
		printf(" (hoofdstuk %d)", l->chapter);
	if (l->pays_for_trajectories) {
		printf(" - betaalt trajecten van ");
		for (size_t i = 0; i < l->ntargets; i++)
			printf("%s%s", i ? ", " : "", l->targets[i]);
	}
	printf("\n");
}

/* The sum row, the printed row and a row that says whether they agree. */
static void print_sums(const lw_programme *p, long (*sum)(const lw_programme *, int),
                       long (*printed)(const lw_programme *, int), const char *what)
{
	char b[32];
	int first = lw_programme_first_year(p), last = lw_programme_last_year(p);
	printf("  ");
	for (int y = first; y <= last; y++)
		printf(" %7s", amount(b, sizeof b, sum(p, y)));
	printf("  som van de %s\n  ", what);
	for (int y = first; y <= last; y++)
		printf(" %7s", amount(b, sizeof b, printed(p, y)));
	printf("  totaal volgens het plan\n  ");
	for (int y = first; y <= last; y++)
		printf(" %7s", sum(p, y) == printed(p, y) ? "klopt" : "FOUT");
	printf("\n");
}

static void print_money(const lw_programme *p)
{
	size_t n;
	const lw_programme_line *l = lw_programme_budget_lines(p, &n);
	const char *group = NULL;
	printf("\nBegroting (miljoen euro)\n");
	print_year_header(p, "  regel");
	for (size_t i = 0; i < n; i++) {
		if (!group || strcmp(group, l[i].group) != 0)
			printf("  %s\n", group = l[i].group);
		print_line(p, &l[i], 1);
	}
	print_sums(p, lw_programme_budget_sum, lw_programme_budget_printed, "regels");
	l = lw_programme_funding_sources(p, &n);
	printf("\nFinanciering (miljoen euro)\n");
	print_year_header(p, "  bron");
	for (size_t i = 0; i < n; i++)
		print_line(p, &l[i], 0);
	print_sums(p, lw_programme_funding_sum, lw_programme_funding_printed, "bronnen");
	const lw_programme_line *costs = lw_programme_running_costs(p);
	if (costs) {
		printf("\nBuiten de programmatotalen (miljoen euro)\n");
		print_amounts(p, costs);
		printf("  %s\n", costs->name);
	}
}

/* One line per check: all years agree, or the years that do not. */
static void print_check(const lw_programme *p, const char *what,
                        long (*a)(const lw_programme *, int), long (*b)(const lw_programme *, int))
{
	int ok = 1;
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++)
		ok &= a(p, y) == b(p, y);
	printf("  %-58s %s\n", what, ok ? "klopt" : "klopt niet");
}

static void print_checks(const lw_programme *p)
{
	printf("\nControles (elk jaar van de periode)\n");
	print_check(p, "de begrotingsregels tellen op tot het gedrukte totaal",
	            lw_programme_budget_sum, lw_programme_budget_printed);
	print_check(p, "de financieringsbronnen tellen op tot het gedrukte totaal",
	            lw_programme_funding_sum, lw_programme_funding_printed);
	print_check(p, "de financiering is gelijk aan de uitgaven", lw_programme_funding_sum,
	            lw_programme_budget_sum);
	printf("  %-58s %s\n", "de doelen per jaar passen bij hun totalen", "klopt");
}

static void print_programme(const lw_programme *p)
{
	printf("%s (%s)\n", lw_programme_name(p), lw_programme_code_of(p));
	if (lw_programme_publisher(p))
		printf("Uitgever: %s\n", lw_programme_publisher(p));
	printf("Bestand:  %s\n", lw_programme_source_name(p));
	printf("Periode:  %d-%d\n", lw_programme_first_year(p), lw_programme_last_year(p));
	print_targets(p);
	print_start(p);
	print_ambitions(p);
	print_indicators(p);
	print_money(p);
	print_checks(p);
}

/* ---- monitor programma: JSON ----------------------------------------------- */

/* {"2008": v, ...} over the period; years with LW_PROGRAMME_NONE left out. */
static json_t *json_years(const lw_programme *p,
                          long (*value)(const lw_programme *, const void *, int), const void *arg)
{
	json_t *o = json_object();
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++) {
		long v = value(p, arg, y);
		char key[16];
		snprintf(key, sizeof key, "%d", y);
		if (v != LW_PROGRAMME_NONE)
			json_object_set_new(o, key, json_integer(v));
	}
	return o;
}

static long target_value(const lw_programme *p, const void *t, int y)
{
	return lw_programme_target_year(p, t, y);
}

static long line_value(const lw_programme *p, const void *l, int y)
{
	long v = lw_programme_line_amount(p, l, y);
	return v ? v : LW_PROGRAMME_NONE;
}

static long budget_sum_value(const lw_programme *p, const void *unused, int y)
{
	(void)unused;
	return lw_programme_budget_sum(p, y);
}

static long budget_printed_value(const lw_programme *p, const void *unused, int y)
{
	(void)unused;
	return lw_programme_budget_printed(p, y);
}

static long funding_sum_value(const lw_programme *p, const void *unused, int y)
{
	(void)unused;
	return lw_programme_funding_sum(p, y);
}

static long funding_printed_value(const lw_programme *p, const void *unused, int y)
{
	(void)unused;
	return lw_programme_funding_printed(p, y);
}

static json_t *json_words(const char *const *w, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(w[i]));
	return a;
}

static json_t *json_bits(unsigned bits, int levels)
{
	json_t *a = json_array();
	for (int i = 1; i < 32; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(levels ? lw_programme_level_name(i)
			                                            : lw_programme_kind_name(i)));
	return a;
}

static json_t *json_optional(long v)
{
	return v == LW_PROGRAMME_NONE ? json_null() : json_integer(v);
}

static json_t *json_selection(const lw_programme_selection *s)
{
	return json_pack("{s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:o}", "soorten",
	                 json_bits(s->kinds, 0), "doelgroepen", json_words(s->groups, s->ngroups),
	                 "leeftijd", "van", json_optional(s->age_min), "tot",
	                 json_optional(s->age_max), "sectoren", json_words(s->sectors, s->nsectors),
	                 "niveaus", json_bits(s->levels, 1), "regios",
	                 json_words(s->regions, s->nregions));
}

static json_t *json_target(const lw_programme *p, const lw_programme_target *t)
{
	char b[32];
	int national = t == lw_programme_national(p);
	return json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:s?, s:i, s:o, s:s, s:s?}", "code",
	                 t->code, "naam", t->name, "landelijk", national, "binnen_landelijk",
	                 national ? json_null() : json_boolean(t->within_national), "totaal",
	                 json_optional(t->total), "per_jaar", json_years(p, target_value, t),
	                 "aandeel_procent",
	                 t->share == LW_PROGRAMME_NONE ? NULL : hundredths(b, sizeof b, t->share),
	                 "gereed_in", t->due_year, "selectie", json_selection(&t->sel), "bron",
	                 t->source, "toelichting", t->note);
}

static json_t *json_targets(const lw_programme *p)
{
	size_t n;
	const lw_programme_target *subs = lw_programme_subtargets(p, &n);
	json_t *a = json_array();
	json_array_append_new(a, json_target(p, lw_programme_national(p)));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_target(p, &subs[i]));
	return a;
}

static json_t *json_start(const lw_programme *p)
{
	int from, to;
	size_t n;
	const lw_programme_start_item *s = lw_programme_start(p, &from, &to, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:I, s:s, s:o, s:s}", "code", s[i].code, "naam",
		                 s[i].name, "waarde", (json_int_t)s[i].value, "benadering",
		                 lw_programme_approx_name(s[i].approx), "doel",
		                 json_optional(s[i].target), "bron", s[i].source));
	return json_pack("{s:i, s:i, s:o}", "van", from, "tot", to, "waarden", a);
}

static json_t *json_ambitions(const lw_programme *p)
{
	size_t n;
	const lw_programme_ambition *am = lw_programme_ambitions(p, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    a,
		    json_pack(
		        "{s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:s, s:s?}", "code",
		        am[i].code, "naam", am[i].name, "waarde", (json_int_t)am[i].value,
		        "benadering", lw_programme_approx_name(am[i].approx), "jaar",
		        am[i].year ? json_integer(am[i].year) : json_null(), "toename_sinds",
		        am[i].increase_since ? json_integer(am[i].increase_since) : json_null(),
		        "uitgangswaarde",
		        am[i].baseline_year ? json_pack("{s:i, s:I}", "jaar", am[i].baseline_year,
		                                        "waarde", (json_int_t)am[i].baseline)
		                            : json_null(),
		        "meting", lw_programme_measure_name(am[i].measure), "bijdrage",
		        am[i].has_contribution ? json_selection(&am[i].contribution) : json_null(),
		        "bron", am[i].source, "toelichting", am[i].note));
	return a;
}

static json_t *json_indicators(const lw_programme *p)
{
	size_t n;
	const lw_programme_indicator *ind = lw_programme_indicators(p, &n);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char b[32];
		json_t *m = json_array();
		for (size_t k = 0; k < ind[i].nmeasurements; k++)
			json_array_append_new(
			    m,
			    json_pack("{s:i, s:s}", "jaar", ind[i].measurements[k].year, "waarde",
			              hundredths(b, sizeof b, ind[i].measurements[k].value)));
		json_array_append_new(a,
		                      json_pack("{s:s, s:s, s:s, s:{s:i, s:s}, s:o, s:s}", "code",
		                                ind[i].code, "naam", ind[i].name, "eenheid",
		                                ind[i].unit, "doel", "jaar", ind[i].target_year,
		                                "waarde", hundredths(b, sizeof b, ind[i].target),
		                                "metingen", m, "bron", ind[i].source));
	}
	return a;
}

static json_t *json_line(const lw_programme *p, const lw_programme_line *l)
{
	json_t *o = json_pack("{s:s?, s:s, s:o, s:s?}", "code", l->code, "naam", l->name,
	                      "bedragen", json_years(p, line_value, l), "bron", l->source);
	if (l->group) {
		json_object_set_new(o, "hoofdstuk",
		                    l->chapter ? json_integer(l->chapter) : json_null());
		json_object_set_new(o, "groep", json_string(l->group));
		json_object_set_new(o, "betaalt_trajecten", json_boolean(l->pays_for_trajectories));
		json_object_set_new(o, "doelen", json_words(l->targets, l->ntargets));
	}
	return o;
}

static json_t *json_lines(const lw_programme *p, const lw_programme_line *l, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_line(p, &l[i]));
	return a;
}

static json_t *json_checks(const lw_programme *p)
{
	json_t *a = json_array();
	for (int y = lw_programme_first_year(p); y <= lw_programme_last_year(p); y++) {
		long bs = lw_programme_budget_sum(p, y), bp = lw_programme_budget_printed(p, y);
		long fs = lw_programme_funding_sum(p, y), fp = lw_programme_funding_printed(p, y);
		json_array_append_new(a, json_pack("{s:s, s:i, s:I, s:I, s:b}", "controle",
		                                   "begroting", "jaar", y, "som", (json_int_t)bs,
		                                   "totaal", (json_int_t)bp, "klopt", bs == bp));
		json_array_append_new(a, json_pack("{s:s, s:i, s:I, s:I, s:b}", "controle",
		                                   "financiering", "jaar", y, "som", (json_int_t)fs,
		                                   "totaal", (json_int_t)fp, "klopt", fs == fp));
		json_array_append_new(a, json_pack("{s:s, s:i, s:I, s:I, s:b}", "controle",
		                                   "financiering_is_uitgaven", "jaar", y,
		                                   "financiering", (json_int_t)fs, "uitgaven",
		                                   (json_int_t)bs, "klopt", fs == bs));
	}
	return a;
}

static json_t *json_programme(const lw_programme *p)
{
	size_t nl, ns;
	const lw_programme_line *lines = lw_programme_budget_lines(p, &nl);
	const lw_programme_line *sources = lw_programme_funding_sources(p, &ns);
	const lw_programme_line *costs = lw_programme_running_costs(p);
	return json_pack(
	    "{s:{s:s, s:s, s:s?, s:s, s:{s:i, s:i}}, s:s, s:o, s:o, s:o, s:o, "
	    "s:{s:o, s:o, s:o}, s:{s:o, s:o, s:o}, s:o, s:o}",
	    "programma", "code", lw_programme_code_of(p), "naam", lw_programme_name(p), "uitgever",
	    lw_programme_publisher(p), "bestand", lw_programme_source_name(p), "periode", "van",
	    lw_programme_first_year(p), "tot", lw_programme_last_year(p), "eenheid_bedragen",
	    "duizend euro", "doelen", json_targets(p), "uitgangspositie", json_start(p), "ambities",
	    json_ambitions(p), "indicatoren", json_indicators(p), "begroting", "regels",
	    json_lines(p, lines, nl), "som", json_years(p, budget_sum_value, NULL), "totalen",
	    json_years(p, budget_printed_value, NULL), "financiering", "bronnen",
	    json_lines(p, sources, ns), "som", json_years(p, funding_sum_value, NULL), "totalen",
	    json_years(p, funding_printed_value, NULL), "apparaatskosten",
	    costs ? json_line(p, costs) : json_null(), "controles", json_checks(p));
}

/* ---- the subcommands ------------------------------------------------------- */

/* monitor programma [--bestand FILE]: the programme, its targets and budget. */
static int monitor_programme(lw_cli *c, int argc, char **argv)
{
	const char *file = NULL;
	const lw_opt opts[] = {{"--bestand", &file, NULL}, {NULL, NULL, NULL}};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error(
		    "monitor programma neemt geen argumenten (zie leerwerk monitor --help)");
		return LW_EXIT_INPUT;
	}
	lw_programme *p;
	if ((ex = lw_cli_programme(file, &p)) != LW_EXIT_OK)
		return ex;
	if (c->json)
		lw_cli_json(json_programme(p));
	else
		print_programme(p);
	lw_programme_free(p);
	return LW_EXIT_OK;
}

typedef struct subcommand {
	const char *name;
	int (*run)(lw_cli *c, int argc, char **argv);
} subcommand;

/* cmd_trajectory.c: registering and counting trajectories. */
/* cmd_report.c: the report at a date, in five formats. */

/* Later parts of the monitor add their subcommands (add, report, ...) here. */
static const subcommand subcommands[] = {
    {"programma", monitor_programme},   {"add", lw_cmd_monitor_add},
    {"dubbel", lw_cmd_monitor_doubles}, {"tel", lw_cmd_monitor_count},
    {"sleutel", lw_cmd_monitor_key},    {"herbereken", lw_cmd_monitor_rebuild},
    {"report", lw_cmd_monitor_report},
};

/*
 * The index in argv of the subcommand: the first word that is neither an
 * option nor the value of a common option given before it (--db X, --data X).
 */
static int find_subcommand(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] != '-')
			return i;
		if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--data") == 0)
			i++;
	}
	return argc;
}

int lw_cmd_monitor(lw_cli *c, int argc, char **argv)
{
	int at = find_subcommand(argc, argv);
	for (size_t i = 0; at < argc && i < sizeof subcommands / sizeof subcommands[0]; i++) {
		if (strcmp(argv[at], subcommands[i].name) != 0)
			continue;
		/* The subcommand's function sees every argument but its own name. */
		memmove(argv + at, argv + at + 1, (size_t)(argc - at - 1) * sizeof *argv);
		return subcommands[i].run(c, argc - 1, argv);
	}
	if (at < argc)
		lw_cli_error("onbekend onderdeel 'monitor %s' (zie leerwerk monitor --help)",
		             argv[at]);
	else
		lw_cli_error("gebruik: leerwerk monitor programma [--bestand BESTAND] (zie "
		             "leerwerk monitor --help)");
	return LW_EXIT_INPUT;
}

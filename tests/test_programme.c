/*
 * test_programme.c - the programme as data (lw_programme.h): the plan
 * 2008-2011 as the default programme, every check with its exact message,
 * the selection of trajectories, and another programme in the same format.
 */
#include "testutil.h"

#include "lw_programme.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

/* The compiled-in plan as a JSON tree to change. */
static json_t *plan(void)
{
	size_t n;
	const char *text = lw_programme_default_json(&n);
	json_error_t je;
	json_t *j = json_loadb(text, n, 0, &je);
	if (!j)
		fail_msg("the default programme is not JSON: %d:%d %s", je.line, je.column,
		         je.text);
	return j;
}

/* The value at a path such as "begroting.regels[3].bedragen" ("" is root). */
static json_t *at(json_t *root, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *j = root;
	for (char *save = NULL, *part = strtok_r(buf, ".", &save); part && j;
	     part = strtok_r(NULL, ".", &save)) {
		char *br = strchr(part, '[');
		if (br)
			*br = '\0';
		j = json_object_get(j, part);
		if (br)
			j = json_array_get(j, (size_t)atoi(br + 1));
	}
	if (!j)
		fail_msg("no value at %s", path);
	return j;
}

static void set(json_t *root, const char *path, const char *key, json_t *v)
{
	assert_int_equal(json_object_set_new(at(root, path), key, v), 0);
}

static void del(json_t *root, const char *path, const char *key)
{
	assert_int_equal(json_object_del(at(root, path), key), 0);
}

/* Loads the text as "p.json"; frees nothing of the caller's. */
static int load_text(const char *text, lw_programme **p, lw_err *err)
{
	return lw_programme_load(text, strlen(text), "p.json", p, err);
}

static int load_tree(json_t *root, lw_programme **p, lw_err *err)
{
	char *text = json_dumps(root, JSON_PRESERVE_ORDER);
	assert_non_null(text);
	int rc = load_text(text, p, err);
	free(text);
	json_decref(root);
	return rc;
}

/* The tree must be refused with exactly this message. */
static void refused(json_t *root, const char *msg)
{
	lw_programme *p = (lw_programme *)1;
	lw_err err;
	int rc = load_tree(root, &p, &err);
	assert_null(p);
	if (rc != LW_EINPUT || strcmp(err.msg, msg) != 0)
		fail_msg("rc %d, message\n  %s\nwanted\n  %s", rc, err.msg, msg);
}

static lw_programme *loaded(json_t *root)
{
	lw_programme *p;
	lw_err err;
	if (load_tree(root, &p, &err) != LW_OK)
		fail_msg("%s", err.msg);
	return p;
}

static const lw_programme_line *line(const lw_programme *p, const char *code)
{
	size_t n;
	const lw_programme_line *l = lw_programme_budget_lines(p, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].code, code) == 0)
			return &l[i];
	fail_msg("no budget line %s", code);
	return NULL;
}

/* ---- the plan 2008-2011 ---------------------------------------------------- */

static void test_default_budget(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	long live = lw_mem_live();
	assert_int_equal(lw_programme_default(&p, &err), LW_OK);
	assert_string_equal(lw_programme_code_of(p), "leren-en-werken-2008-2011");
	assert_string_equal(lw_programme_source_name(p), LW_PROGRAMME_DEFAULT_NAME);
	assert_int_equal(lw_programme_first_year(p), 2008);
	assert_int_equal(lw_programme_last_year(p), 2011);
	/* The printed totals, reproduced by the lines and by the sources. */
	const long totals[] = {22700, 17700, 22200, 16700};
	for (int y = 2008; y <= 2011; y++) {
		assert_int_equal(lw_programme_budget_sum(p, y), totals[y - 2008]);
		assert_int_equal(lw_programme_budget_printed(p, y), totals[y - 2008]);
		assert_int_equal(lw_programme_funding_sum(p, y), totals[y - 2008]);
		assert_int_equal(lw_programme_funding_printed(p, y), totals[y - 2008]);
	}
	size_t n;
	lw_programme_budget_lines(p, &n);
	assert_int_equal(n, 12);
	lw_programme_funding_sources(p, &n);
	assert_int_equal(n, 6);
	/* The Antilles belong to 2008-2010, which the totals prove. */
	const lw_programme_line *ant = line(p, "antillen");
	assert_int_equal(lw_programme_line_amount(p, ant, 2008), 600);
	assert_int_equal(lw_programme_line_amount(p, ant, 2010), 1500);
	assert_int_equal(lw_programme_line_amount(p, ant, 2011), 0);
	assert_true(ant->pays_for_trajectories);
	assert_string_equal(ant->printed, "0,6 1,3 1,5");
	const lw_programme_line *tr = line(p, "trajecten");
	assert_int_equal(lw_programme_line_amount(p, tr, 2009), 11500);
	assert_int_equal(tr->nparts, 3);
	assert_string_equal(tr->group, "Stimuleren en faciliteren van samenwerking");
	assert_int_equal(tr->chapter, 2);
	assert_false(line(p, "kenniscentrum-evc")->pays_for_trajectories);
	assert_int_equal(line(p, "stimuleringsmaatregelen")->chapter, 5);
	/* The running costs are outside the totals. */
	const lw_programme_line *costs = lw_programme_running_costs(p);
	assert_non_null(costs);
	assert_int_equal(lw_programme_line_amount(p, costs, 2011), 1500);
	lw_programme_free(p);
	assert_int_equal(lw_mem_live(), live);
}

static void test_default_targets(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	assert_int_equal(lw_programme_default(&p, &err), LW_OK);
	const lw_programme_target *nat = lw_programme_national(p);
	assert_int_equal(nat->total, 90000);
	assert_int_equal(lw_programme_target_year(p, nat, 2008), 30000);
	assert_int_equal(lw_programme_target_year(p, nat, 2010), 30000);
	assert_int_equal(lw_programme_target_year(p, nat, 2011), LW_PROGRAMME_NONE);
	assert_int_equal(nat->due_year, 2010);
	assert_int_equal(nat->sel.kinds, (1u << LW_KIND_EVC) | (1u << LW_KIND_DUAAL));
	assert_non_null(strstr(nat->source, "90 duizend nieuwe leerwerktrajecten"));
	size_t n;
	lw_programme_subtargets(p, &n);
	assert_int_equal(n, 7);
	const lw_programme_target *agri = lw_programme_target_find(p, "landbouw");
	assert_int_equal(agri->share, 1000);
	assert_int_equal(agri->total, 9000);
	assert_int_equal(lw_programme_target_year(p, agri, 2009), 3000);
	const lw_programme_target *young = lw_programme_target_find(p, "jongeren");
	assert_int_equal(young->total, 20000);
	assert_int_equal(young->due_year, 2011);
	assert_int_equal(young->sel.kinds, 1u << LW_KIND_EVC);
	assert_int_equal(young->sel.age_min, 18);
	assert_int_equal(young->sel.age_max, 23);
	assert_int_equal(lw_programme_target_find(p, "werkzoekenden")->total, 30000);
	assert_int_equal(lw_programme_target_find(p, "zorg")->total, LW_PROGRAMME_NONE);
	assert_false(lw_programme_target_find(p, "antillen")->within_national);
	assert_null(lw_programme_target_find(p, "ruimtevaart"));
	lw_programme_free(p);
}

static void test_default_context(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	assert_int_equal(lw_programme_default(&p, &err), LW_OK);
	int from, to;
	size_t n;
	lw_programme_start(p, &from, &to, &n);
	assert_int_equal(from, 2005);
	assert_int_equal(to, 2007);
	assert_int_equal(lw_programme_start_find(p, "duaal")->value, 26000);
	assert_int_equal(lw_programme_start_find(p, "duaal")->target, 15000);
	assert_int_equal(lw_programme_start_find(p, "evc")->value, 13000);
	assert_int_equal(lw_programme_start_find(p, "evc")->approx, LW_APPROX_RUIM);
	assert_int_equal(lw_programme_start_find(p, "afspraken")->value, 51000);
	assert_int_equal(lw_programme_start_find(p, "convenanten")->value, 44);
	assert_int_equal(lw_programme_start_find(p, "loketten")->value, 16);
	const lw_programme_ambition *a = lw_programme_ambitions(p, &n);
	assert_string_equal(a[0].code, "loketten");
	assert_int_equal(a[0].value, 40);
	assert_int_equal(a[0].approx, LW_APPROX_MINIMAAL);
	assert_int_equal(a[0].year, 2011);
	assert_int_equal(a[0].measure, LW_MEASURE_DESKS);
	assert_string_equal(a[1].code, "hbo-27-40");
	assert_int_equal(a[1].value, 10000);
	assert_int_equal(a[1].increase_since, 2007);
	assert_int_equal(a[1].measure, LW_MEASURE_EXTERNAL);
	assert_true(a[1].has_contribution);
	const lw_programme_indicator *ind = lw_programme_indicators(p, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ind[0].target, 8000);
	assert_int_equal(ind[0].target_year, 2010);
	assert_int_equal(ind[0].measurements[0].value, 7440);
	assert_int_equal(ind[1].measurements[2].value, 1560);
	assert_int_equal(ind[2].target_year, 2020);
	lw_programme_groups(p, &n);
	assert_int_equal(n, 7);
	assert_string_equal(
	    lw_programme_group_find(p, "moeilijk-bemiddelbare-werkzoekende")->parent,
	    "werkzoekende");
	assert_non_null(lw_programme_sector_find(p, "landbouw"));
	lw_programme_free(p);
}

/* ---- which trajectories count ------------------------------------------------ */

static void test_selection(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	assert_int_equal(lw_programme_default(&p, &err), LW_OK);
	const char *youth[] = {"werkende-jongere-zonder-startkwalificatie"};
	lw_programme_facts f = {.kind = LW_KIND_EVC,
	                        .level = LW_LEVEL_MBO2,
	                        .groups = youth,
	                        .ngroups = 1,
	                        .sector = "landbouw",
	                        .region = "AM13",
	                        .age = 19};
	const lw_programme_target *nat = lw_programme_national(p);
	assert_true(lw_programme_counts(p, nat, &f));
	assert_true(lw_programme_counts(p, lw_programme_target_find(p, "jongeren"), &f));
	assert_true(lw_programme_counts(p, lw_programme_target_find(p, "landbouw"), &f));
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "werkzoekenden"), &f));
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "antillen"), &f));
	f.age = 24; /* too old for the youth target */
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "jongeren"), &f));
	f.age = LW_PROGRAMME_NONE; /* unknown: not counted where age matters */
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "jongeren"), &f));
	f.age = 20;
	f.kind = LW_KIND_DUAAL; /* the youth target counts EVC only */
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "jongeren"), &f));
	/* The Antilles: their own target, outside the national one and its parts. */
	f.region = "antillen";
	assert_false(lw_programme_counts(p, nat, &f));
	assert_false(lw_programme_counts(p, lw_programme_target_find(p, "landbouw"), &f));
	assert_true(lw_programme_counts(p, lw_programme_target_find(p, "antillen"), &f));
	/* Higher education: the hbo ambition's contribution. */
	const lw_programme_ambition *a = lw_programme_ambitions(p, &(size_t){0});
	lw_programme_facts hbo = {
	    .kind = LW_KIND_EVC, .level = LW_LEVEL_AD, .age = 35, .region = "AM01"};
	assert_true(lw_programme_selection_matches(p, &a[1].contribution, &hbo));
	hbo.level = LW_LEVEL_WO;
	assert_false(lw_programme_selection_matches(p, &a[1].contribution, &hbo));
	lw_programme_free(p);
}

/* ---- numbers ------------------------------------------------------------------- */

static void test_decimals(void **unused)
{
	(void)unused;
	long v;
	struct {
		const char *s;
		long want;
	} good[] = {{"11,5", 11500}, {"0,6", 600},   {"10,0", 10000},
	            {"12", 12000},   {"0,125", 125}, {"0", 0}};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(lw_programme_decimal_parse(good[i].s, 3, &v), LW_OK);
		assert_int_equal(v, good[i].want);
	}
	const char *bad[] = {"11.5", "1,2345", ",5",    "5,",   "-1",
	                     " 1",   "",       "1 000", "1,5x", "1234567890"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(lw_programme_decimal_parse(bad[i], 3, &v), LW_EINPUT);
	lw_buf b = LW_BUF_INIT;
	lw_programme_amount_format(12000, &b);
	lw_buf_puts(&b, " ");
	lw_programme_amount_format(600, &b);
	lw_buf_puts(&b, " ");
	lw_programme_amount_format(1250, &b);
	lw_buf_puts(&b, " ");
	lw_programme_count_format(90000, &b);
	lw_buf_puts(&b, " ");
	lw_programme_count_format(200000, &b);
	lw_buf_puts(&b, " ");
	lw_programme_count_format(999, &b);
	assert_string_equal(lw_buf_cstr(&b), "12,0 0,6 1,25 90.000 200.000 999");
	lw_buf_free(&b);
}

/* ---- broken files, each with its exact message --------------------------------- */

static void test_bad_json(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	assert_int_equal(
	    load_text("{\n  \"formaat\": \"leerwerk-programma/1\",\n  \"code\": }\n", &p, &err),
	    LW_EINPUT);
	assert_null(p);
	assert_string_equal(err.msg, "p.json:3:11: ongeldige JSON: unexpected token near '}'");
	/* The same member twice is ambiguous. */
	assert_int_equal(load_text("{\"code\": \"a\", \"code\": \"b\"}", &p, &err), LW_EINPUT);
	assert_string_equal(err.msg,
	                    "p.json:1:20: ongeldige JSON: duplicate object key near '\"code\"'");
	assert_int_equal(load_text("[]", &p, &err), LW_EINPUT);
	assert_string_equal(err.msg, "p.json: moet een object zijn, niet een lijst");
}

static void test_missing_and_wrong_type(void **unused)
{
	(void)unused;
	json_t *j = plan();
	del(j, "begroting.regels[3]", "bedragen");
	refused(j, "p.json:begroting.regels[3].bedragen: ontbreekt");
	j = plan();
	del(j, "", "landelijk_doel");
	refused(j, "p.json:landelijk_doel: ontbreekt");
	j = plan();
	set(j, "periode", "van", json_string("2008"));
	refused(j, "p.json:periode.van: moet een geheel getal zijn, niet tekst");
	j = plan();
	set(j, "begroting.regels[3].bedragen", "2009", json_real(1.0));
	refused(j, "p.json:begroting.regels[3].bedragen.2009: schrijf een getal met decimalen "
	           "als tekst met een decimale komma, zoals \"11,5\": een JSON-getal met een "
	           "punt is niet exact");
	j = plan();
	set(j, "begroting.regels[3].bedragen", "2009", json_string("1.0"));
	refused(j, "p.json:begroting.regels[3].bedragen.2009: '1.0' is geen getal zoals "
	           "\"11,5\" (cijfers, een decimale komma, hoogstens 3 decimalen)");
	j = plan();
	set(j, "begroting.regels[3]", "betaalt_trajecten", json_string("nee"));
	refused(j, "p.json:begroting.regels[3].betaalt_trajecten: moet true of false zijn, niet "
	           "tekst");
	j = plan();
	set(j, "begroting.regels[3]", "bedrage", json_object());
	refused(j, "p.json:begroting.regels[3].bedrage: onbekende sleutel");
	j = plan();
	set(j, "", "formaat", json_string("leerwerk-programma/2"));
	refused(j, "p.json:formaat: 'leerwerk-programma/2' wordt niet ondersteund (verwacht: "
	           "leerwerk-programma/1)");
	j = plan();
	json_array_set_new(at(j, "subdoelen[2].selectie.sectoren"), 0, json_string("ruimtevaart"));
	refused(j, "p.json:subdoelen[2].selectie.sectoren[0]: onbekende sector 'ruimtevaart' "
	           "(zie codelijsten.sectoren)");
	j = plan();
	json_array_set_new(at(j, "begroting.regels[0].doelen"), 0, json_string("maan"));
	refused(j, "p.json:begroting.regels[0].doelen[0]: onbekend doel 'maan' (zie "
	           "landelijk_doel en subdoelen)");
	j = plan();
	set(j, "begroting.regels[3]", "betaalt_trajecten", json_true());
	refused(j, "p.json:begroting.regels[3].doelen: ontbreekt: een regel die trajecten "
	           "betaalt noemt de doelen waarvan ze de trajecten betaalt");
}

static void test_line_breaks_a_year(void **unused)
{
	(void)unused;
	/* One line changed: the year, the sum, the printed total and the line. */
	json_t *j = plan();
	set(j, "begroting.regels[3].bedragen", "2009", json_string("2"));
	refused(j, "p.json:begroting.totalen.2009: de regels tellen in 2009 op tot 18,7 miljoen "
	           "euro, maar het gedrukte totaal is 17,7 (1,0 te veel); de regel "
	           "begroting.regels[3] 'Kenniscentrum EVC' heeft in 2009 2,0 waar de gedrukte "
	           "regel (\"1 1 1 1\") 1,0 heeft");
	/* The Antilles one column to the right, as a reader of the annex might put them. */
	j = plan();
	json_t *ant = json_pack("{s:s, s:s, s:s}", "2009", "0,6", "2010", "1,3", "2011", "1,5");
	set(j, "begroting.regels[2]", "bedragen", ant);
	refused(j, "p.json:begroting.totalen.2008: de regels tellen in 2008 op tot 22,1 miljoen "
	           "euro, maar het gedrukte totaal is 22,7 (0,6 te weinig); de regel "
	           "begroting.regels[2] 'Leerwerktrajecten de Nederlandse Antillen' staat 1 jaar "
	           "te laat: 1 jaar eerder klopt elk jaar (0,6 in 2008, 1,3 in 2009, 1,5 in "
	           "2010); ook 2009, 2010, 2011 kloppen niet");
	/* Without a printed row the line cannot be named, but the year can. */
	j = plan();
	del(j, "begroting.regels[3]", "gedrukt");
	set(j, "begroting.regels[3].bedragen", "2009", json_string("2"));
	refused(j, "p.json:begroting.totalen.2009: de regels tellen in 2009 op tot 18,7 miljoen "
	           "euro, maar het gedrukte totaal is 17,7 (1,0 te veel)");
	/* A printed total changed. */
	j = plan();
	set(j, "begroting.totalen", "2011", json_string("16,8"));
	refused(j, "p.json:begroting.totalen.2011: de regels tellen in 2011 op tot 16,7 miljoen "
	           "euro, maar het gedrukte totaal is 16,8 (0,1 te weinig)");
	/* Two changes that cancel out in the sums still differ from the printed rows. */
	j = plan();
	set(j, "begroting.regels[6].bedragen", "2008", json_string("2,1"));
	set(j, "begroting.regels[7].bedragen", "2008", json_string("0,3"));
	refused(j, "p.json:begroting.regels[6].bedragen: heeft in 2008 2,1 waar de gedrukte regel "
	           "(\"2 2 2 1\") 2,0 heeft");
	j = plan();
	del(j, "begroting.totalen", "2010");
	refused(j, "p.json:begroting.totalen.2010: ontbreekt: elk jaar van de periode heeft een "
	           "totaal");
}

static void test_funding(void **unused)
{
	(void)unused;
	/* A source changed: its year no longer adds up, and the source is named. */
	json_t *j = plan();
	set(j, "financiering.bronnen[0].bedragen", "2009", json_string("7,0"));
	refused(j, "p.json:financiering.totalen.2009: de bronnen tellen in 2009 op tot 17,2 "
	           "miljoen euro, maar het gedrukte totaal is 17,7 (0,5 te weinig); de bron "
	           "financiering.bronnen[0] 'FES claim Beroepsonderwijs in Bedrijf' heeft in "
	           "2009 7,0 waar de gedrukte regel (\"9,0 7,5 7,5\") 7,5 heeft");
	/* Funding that adds up to its own total but not to the spending. */
	j = plan();
	set(j, "financiering.bronnen[0].bedragen", "2009", json_string("7,0"));
	set(j, "financiering.bronnen[0]", "gedrukt", json_string("9,0 7,0 7,5"));
	set(j, "financiering.totalen", "2009", json_string("17,2"));
	refused(j, "p.json:financiering.totalen.2009: de bronnen brengen in 2009 17,2 miljoen "
	           "euro op, maar de begroting geeft 17,7 uit (0,5 tekort)");
	j = plan();
	set(j, "financiering.bronnen[3].bedragen", "2011", json_string("2,7"));
	set(j, "financiering.bronnen[3]", "gedrukt", json_string("1,7 1,7 1,7 2,7"));
	set(j, "financiering.totalen", "2011", json_string("17,7"));
	refused(j, "p.json:financiering.totalen.2011: de bronnen brengen in 2011 17,7 miljoen "
	           "euro op, maar de begroting geeft 16,7 uit (1,0 over)");
}

static void test_years_and_codes(void **unused)
{
	(void)unused;
	json_t *j = plan();
	set(j, "begroting.regels[0].bedragen", "2012", json_string("1"));
	refused(j, "p.json:begroting.regels[0].bedragen.2012: jaar 2012 valt buiten de periode "
	           "2008-2011");
	j = plan();
	set(j, "landelijk_doel.per_jaar", "2007", json_integer(1));
	refused(j, "p.json:landelijk_doel.per_jaar.2007: jaar 2007 valt buiten de periode "
	           "2008-2011");
	j = plan();
	set(j, "subdoelen[0]", "gereed_in", json_integer(2015));
	refused(j, "p.json:subdoelen[0].gereed_in: jaar 2015 valt buiten de periode 2008-2011");
	j = plan();
	set(j, "begroting.regels[0].bedragen", "twee", json_string("1"));
	refused(j, "p.json:begroting.regels[0].bedragen.twee: 'twee' is geen jaartal");
	j = plan();
	set(j, "subdoelen[3]", "code", json_string("zorg"));
	refused(j, "p.json:subdoelen[3].code: 'zorg' komt al voor in subdoelen[2]");
	j = plan();
	set(j, "subdoelen[1]", "code", json_string("landelijk"));
	refused(j, "p.json:subdoelen[1].code: 'landelijk' is al de code van het landelijke doel");
	j = plan();
	set(j, "begroting.regels[1]", "code", json_string("trajecten"));
	refused(j, "p.json:begroting.regels[1].code: 'trajecten' komt al voor (element 0)");
	j = plan();
	set(j, "codelijsten.sectoren[2]", "code", json_string("zorg"));
	refused(j, "p.json:codelijsten.sectoren[2].code: 'zorg' komt al voor (element 0)");
	j = plan();
	set(j, "uitgangspositie.waarden[1]", "code", json_string("duaal"));
	refused(j, "p.json:uitgangspositie.waarden[1].code: 'duaal' komt al voor (element 0)");
	j = plan();
	set(j, "subdoelen[0]", "code", json_string("Werkzoekenden"));
	refused(j, "p.json:subdoelen[0].code: 'Werkzoekenden' is geen code: 1 tot 64 tekens, "
	           "kleine letters, cijfers en '-'");
}

static void test_target_values(void **unused)
{
	(void)unused;
	json_t *j = plan();
	set(j, "subdoelen[0]", "per_jaar",
	    json_pack("{s:i, s:i, s:i}", "2008", 10000, "2009", 10000, "2010", 9000));
	refused(j, "p.json:subdoelen[0].per_jaar: de jaren tellen op tot 29.000, maar het totaal "
	           "is 30.000");
	j = plan();
	set(j, "landelijk_doel.per_jaar", "2011", json_integer(1000));
	refused(j, "p.json:landelijk_doel.per_jaar: de jaren tellen op tot 91.000, maar het "
	           "totaal is 90.000");
	j = plan();
	set(j, "subdoelen[4].per_jaar", "2009", json_integer(2900));
	refused(j, "p.json:subdoelen[4].per_jaar.2009: 10% van het landelijke doel van 2009 "
	           "(30.000) is 3.000, niet 2.900");
	j = plan();
	set(j, "subdoelen[4]", "totaal", json_integer(9500));
	refused(j, "p.json:subdoelen[4].totaal: 10% van het landelijke doel (90.000) is 9.000, "
	           "niet 9.500");
	j = plan();
	set(j, "subdoelen[4].per_jaar", "2011", json_integer(3000));
	refused(j, "p.json:subdoelen[4].per_jaar.2011: het landelijke doel heeft voor 2011 geen "
	           "waarde om 10% van te nemen");
	j = plan();
	set(j, "subdoelen[0]", "totaal", json_integer(95000));
	refused(j, "p.json:subdoelen[0].totaal: 95.000 is meer dan het landelijke doel (90.000), "
	           "waar het deel van is");
	j = plan();
	set(j, "subdoelen[0]", "gereed_in", json_integer(2009));
	set(j, "subdoelen[0]", "per_jaar",
	    json_pack("{s:i, s:i, s:i}", "2008", 10000, "2009", 10000, "2010", 10000));
	refused(j, "p.json:subdoelen[0].per_jaar.2010: ligt na gereed_in (2009)");
	/* Without a total, the years make it; with a share and no years, the share does. */
	j = plan();
	del(j, "subdoelen[4]", "per_jaar");
	del(j, "subdoelen[4]", "totaal");
	lw_programme *p = loaded(j);
	const lw_programme_target *agri = lw_programme_target_find(p, "landbouw");
	assert_int_equal(agri->total, 9000);
	assert_int_equal(lw_programme_target_year(p, agri, 2010), 3000);
	assert_int_equal(agri->due_year, 2010);
	lw_programme_free(p);
}

/* ---- another programme -------------------------------------------------------- */

static const char OTHER[] =
    "{\n"
    "  \"formaat\": \"leerwerk-programma/1\",\n"
    "  \"code\": \"techniek-talent\",\n"
    "  \"naam\": \"Techniek Talent 2020-2022\",\n"
    "  \"periode\": {\"van\": 2020, \"tot\": 2022},\n"
    "  \"codelijsten\": {\n"
    "    \"doelgroepen\": [\n"
    "      {\"code\": \"werknemer\", \"naam\": \"Werknemer\"},\n"
    "      {\"code\": \"flexwerker\", \"naam\": \"Flexwerker\", \"valt_onder\": \"werknemer\"},\n"
    "      {\"code\": \"uitzendkracht\", \"naam\": \"Uitzendkracht\", \"valt_onder\": "
    "\"flexwerker\"}\n"
    "    ],\n"
    "    \"sectoren\": [{\"code\": \"techniek\", \"naam\": \"Techniek\"}, {\"code\": \"bouw\", "
    "\"naam\": \"Bouw\"}]\n"
    "  },\n"
    "  \"landelijk_doel\": {\n"
    "    \"code\": \"alles\", \"naam\": \"3.000 trajecten in techniek en bouw\",\n"
    "    \"selectie\": {\"sectoren\": [\"techniek\", \"bouw\"]},\n"
    "    \"totaal\": 3000, \"per_jaar\": {\"2020\": 500, \"2021\": 1000, \"2022\": 1500},\n"
    "    \"bron\": \"Drieduizend trajecten in drie jaar.\"\n"
    "  },\n"
    "  \"subdoelen\": [\n"
    "    {\"code\": \"flex\", \"naam\": \"Flexwerkers\", \"selectie\": {\"doelgroepen\": "
    "[\"flexwerker\"]},\n"
    "     \"aandeel\": \"12,5\", \"bron\": \"Een achtste voor flexwerkers.\"},\n"
    "    {\"code\": \"hoger\", \"naam\": \"Ad en hbo\", \"selectie\": {\"niveaus\": [\"ad\", "
    "\"hbo\"], \"regios\": [\"am13\"]},\n"
    "     \"bron\": \"We volgen het hoger onderwijs.\"}\n"
    "  ],\n"
    "  \"begroting\": {\n"
    "    \"regels\": [\n"
    "      {\"code\": \"trajecten\", \"naam\": \"Trajecten\", \"groep\": \"Uitvoering\", "
    "\"betaalt_trajecten\": true,\n"
    "       \"doelen\": [\"alles\"], \"bedragen\": {\"2020\": \"0,25\", \"2021\": 1, \"2022\": "
    "\"1,5\"}},\n"
    "      {\"code\": \"regie\", \"naam\": \"Regie\", \"groep\": \"Uitvoering\", "
    "\"betaalt_trajecten\": false,\n"
    "       \"bedragen\": {\"2020\": \"0,125\", \"2022\": \"0,1\"}}\n"
    "    ],\n"
    "    \"totalen\": {\"2020\": \"0,375\", \"2021\": \"1\", \"2022\": \"1,6\"}\n"
    "  },\n"
    "  \"financiering\": {\n"
    "    \"bronnen\": [{\"code\": \"fonds\", \"naam\": \"Fonds\", \"bedragen\": {\"2020\": "
    "\"0,375\", \"2021\": \"1,0\", \"2022\": \"1,6\"}}],\n"
    "    \"totalen\": {\"2020\": \"0,375\", \"2021\": \"1,0\", \"2022\": \"1,6\"}\n"
    "  }\n"
    "}\n";

static void test_another_programme(void **unused)
{
	(void)unused;
	lw_programme *p;
	lw_err err;
	if (load_text(OTHER, &p, &err) != LW_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(lw_programme_name(p), "Techniek Talent 2020-2022");
	assert_null(lw_programme_publisher(p));
	assert_int_equal(lw_programme_first_year(p), 2020);
	assert_int_equal(lw_programme_budget_sum(p, 2020), 375);
	assert_int_equal(lw_programme_funding_sum(p, 2021), 1000);
	assert_int_equal(lw_programme_budget_printed(p, 2022), 1600);
	assert_null(lw_programme_running_costs(p));
	size_t n;
	lw_programme_start(p, NULL, NULL, &n);
	assert_int_equal(n, 0);
	lw_programme_ambitions(p, &n);
	assert_int_equal(n, 0);
	/* 12,5% of 500, 1000 and 1500, rounded half up. */
	const lw_programme_target *flex = lw_programme_target_find(p, "flex");
	assert_int_equal(flex->share, 1250);
	assert_int_equal(flex->total, 375);
	assert_int_equal(lw_programme_target_year(p, flex, 2020), 63);
	assert_int_equal(lw_programme_target_year(p, flex, 2022), 188);
	/* A group matches its subgroups, down the tree; sectors come from the national target. */
	const char *temp[] = {"uitzendkracht"};
	lw_programme_facts f = {.kind = LW_KIND_DUAAL,
	                        .groups = temp,
	                        .ngroups = 1,
	                        .sector = "bouw",
	                        .region = "AM07",
	                        .age = LW_PROGRAMME_NONE};
	assert_true(lw_programme_counts(p, flex, &f));
	f.sector = "zorg";
	assert_false(lw_programme_counts(p, flex, &f));
	const char *emp[] = {"werknemer"};
	f.groups = emp;
	f.sector = "techniek";
	assert_false(lw_programme_counts(p, flex, &f));
	const lw_programme_target *hi = lw_programme_target_find(p, "hoger");
	assert_string_equal(hi->sel.regions[0], "AM13");
	f.level = LW_LEVEL_HBO;
	f.region = "AM13";
	assert_true(lw_programme_counts(p, hi, &f));
	f.region = "AM07";
	assert_false(lw_programme_counts(p, hi, &f));
	lw_programme_free(p);

	/* The same programme with its budget broken in 2020. */
	json_t *j = json_loads(OTHER, 0, NULL);
	set(j, "begroting.regels[1].bedragen", "2020", json_string("0,1"));
	refused(j, "p.json:begroting.totalen.2020: de regels tellen in 2020 op tot 0,35 miljoen "
	           "euro, maar het gedrukte totaal is 0,375 (0,025 te weinig)");
	j = json_loads(OTHER, 0, NULL);
	set(j, "codelijsten.doelgroepen[1]", "valt_onder", json_string("uitzendkracht"));
	refused(j, "p.json:codelijsten.doelgroepen[1].valt_onder: 'uitzendkracht' is geen "
	           "doelgroep die eerder in de lijst staat");
}

/* ---- out of memory --------------------------------------------------------------- */

static void test_out_of_memory(void **unused)
{
	(void)unused;
	long live = lw_mem_live();
	int rc = LW_ENOMEM;
	for (long n = 0; rc == LW_ENOMEM && n < 10000; n++) {
		lw_programme *p;
		lw_err err;
		lw_mem_fail_after(n);
		rc = lw_programme_default(&p, &err);
		lw_mem_fail_after(-1);
		if (rc == LW_ENOMEM) {
			assert_null(p);
			assert_string_equal(err.msg, "onvoldoende geheugen");
		}
		lw_programme_free(rc == LW_OK ? p : NULL);
		assert_int_equal(lw_mem_live(), live);
	}
	assert_int_equal(rc, LW_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_budget),
	    cmocka_unit_test(test_default_targets),
	    cmocka_unit_test(test_default_context),
	    cmocka_unit_test(test_selection),
	    cmocka_unit_test(test_decimals),
	    cmocka_unit_test(test_bad_json),
	    cmocka_unit_test(test_missing_and_wrong_type),
	    cmocka_unit_test(test_line_breaks_a_year),
	    cmocka_unit_test(test_funding),
	    cmocka_unit_test(test_years_and_codes),
	    cmocka_unit_test(test_target_values),
	    cmocka_unit_test(test_another_programme),
	    cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * cmd_questions.c - "Stel je vraag" on the command line: `leerwerk vragen`
 * (questions counted per desk and topic) and `leerwerk vraag stel` (the
 * phone helpdesk records a question for the desk of a postcode).
 */
#include "cli.h"
#include "lw_contact.h"

#include <string.h>

/* The plan's free helpdesk number: the fallback when a desk has no phone. */
#define HELPDESK "0800-1618"

/* ---- leerwerk vragen ---------------------------------------------------- */

static json_t *topics_json(const long by_topic[LW_QUESTION_NTOPICS])
{
	const lw_choice *t = lw_question_topics();
	json_t *o = json_object();
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++)
		json_object_set_new(o, t[i].code, json_integer(by_topic[i]));
	return o;
}

static json_t *tally_json(const lw_question_tally *t)
{
	const lw_choice *tp = lw_question_topics();
	json_t *topics = json_array(), *desks = json_array();
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++)
		json_array_append_new(
		    topics, json_pack("{s:s, s:s}", "code", tp[i].code, "naam", tp[i].label));
	for (size_t i = 0; i < t->n; i++) {
		const lw_question_count *d = &t->desks[i];
		json_array_append_new(desks,
		                      json_pack("{s:s, s:o, s:b, s:I, s:o}", "code", d->desk_code,
		                                "naam", lw_json_str(d->desk_name), "opgeheven",
		                                d->desk_gone, "totaal", (json_int_t)d->total,
		                                "per_onderwerp", topics_json(d->by_topic)));
	}
	return json_pack("{s:o, s:o, s:o, s:I, s:o, s:o}", "van", lw_json_str(t->from),
	                 "tot_en_met", lw_json_str(t->to), "onderwerpen", topics, "totaal",
	                 (json_int_t)t->all.total, "per_onderwerp", topics_json(t->all.by_topic),
	                 "loketten", desks);
}

static void print_row(const char *name, const lw_question_count *d)
{
	const lw_choice *tp = lw_question_topics();
	printf("%-42s %6ld", name, d->total);
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++)
		printf("  %*ld", (int)strlen(tp[i].code), d->by_topic[i]);
	putchar('\n');
}

static void tally_text(const lw_question_tally *t)
{
	if (t->from && t->to)
		printf("Vragen van %s tot en met %s\n\n", t->from, t->to);
	else if (t->from)
		printf("Vragen vanaf %s\n\n", t->from);
	else if (t->to)
		printf("Vragen tot en met %s\n\n", t->to);
	else
		printf("Alle vragen\n\n");
	const lw_choice *tp = lw_question_topics();
	printf("%-42s %6s", "loket", "totaal");
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++)
		printf("  %s", tp[i].code);
	putchar('\n');
	int gone = 0;
	for (size_t i = 0; i < t->n; i++) {
		const lw_question_count *d = &t->desks[i];
		char name[128];
		snprintf(name, sizeof name, "%s%s", d->desk_name ? d->desk_name : d->desk_code,
		         d->desk_gone ? " *" : "");
		gone |= d->desk_gone;
		print_row(name, d);
	}
	print_row("totaal", &t->all);
	if (gone)
		printf("\n* bestaat niet meer als loket; de vragen staan er nog onder\n");
	printf("\nOnderwerpen:\n");
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++)
		printf("  %-13s %s\n", tp[i].code, tp[i].label);
}

int lw_cmd_questions(lw_cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	const lw_opt opts[] = {
	    {"--van", &from, NULL},
	    {"--tot", &to, NULL},
	    {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("vragen neemt geen argumenten (gebruik: leerwerk vragen [--van DATUM] "
		             "[--tot DATUM])");
		return LW_EXIT_INPUT;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_READONLY, &s)) != LW_EXIT_OK)
		return ex;
	lw_question_tally t;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_question_counts(s, from, to, &t, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_question_tally_free(&t);
		return lw_cli_exit(rc);
	}
	if (c->json)
		lw_cli_json(tally_json(&t));
	else
		tally_text(&t);
	lw_question_tally_free(&t);
	return LW_EXIT_OK;
}

/* ---- leerwerk vraag stel ------------------------------------------------ */

/* The option that fills a field of lw_question_in. */
static const char *field_option(const char *field)
{
	static const char *const map[][2] = {
	    {"name", "--naam"},
	    {"email", "--email"},
	    {"phone", "--telefoon"},
	    {"postcode", "--postcode"},
	    {"target_group", "--doelgroep"},
	    {"topic", "--onderwerp"},
	    {"text", "TEKST"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], field) == 0)
			return map[i][1];
	return field;
}

static json_t *receipt_json(const lw_question_receipt *r)
{
	const lw_desk *d = &r->desk;
	return json_pack(
	    "{s:b, s:s, s:s, s:s, s:o, s:{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o}}", "vastgelegd",
	    1, "vraagnummer", r->reference, "ontvangen", r->received_at, "kanaal", r->channel,
	    "onderwerp", lw_json_str(r->topic ? r->topic->code : NULL), "loket", "code", d->code,
	    "naam", d->name, "telefoon", lw_json_str(d->phone), "email", lw_json_str(d->email),
	    "website", lw_json_str(d->website), "openingstijden", lw_json_str(d->opening_hours),
	    "standaard", d->is_default, "via", lw_json_str(d->via));
}

static void receipt_text(const lw_question_receipt *r)
{
	const lw_desk *d = &r->desk;
	printf("Vraag %s is vastgelegd (%s, %s).\n", r->reference, r->channel, r->received_at);
	if (r->topic)
		printf("Onderwerp:     %s\n", r->topic->label);
	printf("Loket:         %s (%s)%s\n", d->name, d->code,
	       d->via && strcmp(d->via, "regio") == 0 ? ", via de regio" : "");
	if (d->phone)
		printf("Telefoon:      %s\n", d->phone);
	else
		printf("Telefoon:      %s (landelijke helpdesk%s)\n", HELPDESK,
		       d->is_default ? "; dit is het standaardloket van de regio" : "");
	if (d->email)
		printf("E-mail:        %s\n", d->email);
	if (d->opening_hours)
		printf("Open:          %s\n", d->opening_hours);
	printf("Noem het vraagnummer %s bij contact met het loket.\n", r->reference);
}

static int question_ask(lw_cli *c, const lw_question_in *q, const char *channel)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_MIGRATE, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_question_receipt r;
	lw_question_errors errs;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_question_submit(s, q, channel, &r, &errs, &err);
	lw_store_close(s);
	if (rc == LW_OK) {
		if (c->json)
			lw_cli_json(receipt_json(&r));
		else
			receipt_text(&r);
	} else if (errs.n) {
		json_t *list = json_array();
		for (size_t i = 0; i < errs.n; i++) {
			const char *opt = field_option(errs.e[i].field);
			lw_cli_error("%s: %s", opt, errs.e[i].msg);
			json_array_append_new(list,
			                      json_pack("{s:s, s:s, s:s}", "veld", errs.e[i].field,
			                                "optie", opt, "melding", errs.e[i].msg));
		}
		lw_cli_error("de vraag is niet vastgelegd");
		if (c->json)
			lw_cli_json(json_pack("{s:b, s:o}", "vastgelegd", 0, "fouten", list));
		else
			json_decref(list);
	} else {
		lw_cli_error("%s", err.msg);
	}
	lw_question_receipt_free(&r);
	return lw_cli_exit(rc);
}

int lw_cmd_question(lw_cli *c, int argc, char **argv)
{
	lw_question_in q = {0};
	const char *channel = "telefoon";
	const lw_opt opts[] = {
	    {"--naam", &q.name, NULL},
	    {"--email", &q.email, NULL},
	    {"--telefoon", &q.phone, NULL},
	    {"--postcode", &q.postcode, NULL},
	    {"--doelgroep", &q.target_group, NULL},
	    {"--onderwerp", &q.topic, NULL},
	    {"--kanaal", &channel, NULL},
	    {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc < 1 || strcmp(c->argv[0], "stel") != 0) {
		lw_cli_error(
		    "gebruik: leerwerk vraag stel --postcode P --onderwerp O --doelgroep G "
		    "(--email E | --telefoon T) [--naam N] TEKST (zie leerwerk vraag "
		    "--help)");
		return LW_EXIT_INPUT;
	}
	if (strcmp(channel, "telefoon") != 0 && strcmp(channel, "balie") != 0) {
		lw_cli_error("--kanaal '%s': kies telefoon of balie", channel);
		return LW_EXIT_INPUT;
	}
	/* The words of the question, joined: no quotes needed. */
	lw_buf text = LW_BUF_INIT;
	for (int i = 1; i < c->argc; i++)
		if ((i > 1 && lw_buf_putc(&text, ' ') != LW_OK) ||
		    lw_buf_puts(&text, c->argv[i]) != LW_OK) {
			lw_buf_free(&text);
			lw_cli_error("onvoldoende geheugen");
			return LW_EXIT_FAIL;
		}
	q.text = text.data;
	ex = question_ask(c, &q, channel);
	lw_buf_free(&text);
	return ex;
}

/*
 * cmd_report.c - `leerwerk monitor report`: the monitor's report at a
 * date, of the whole programme or of one covenant, in one of five
 * formats. One model (lw_progress_build), laid out once (lw_report_build),
 * rendered by the writer of the format (src/report/, and the HTML writer
 * of the web room). docs/internals/monitor.md, "Progress and reports".
 */
#include "cli.h"
#include "lw_report.h"
#include "report_html.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>


void lw_cmd_monitor_report_help(void)
{
	fputs(
	    "\n"
	    "Rapport (docs/internals/monitor.md, \"Progress and reports\"):\n"
	    "  leerwerk monitor report [--peildatum DATUM] [--convenant C]\n"
	    "      [--formaat tekst|csv|json|html|xlsx] [--uitvoer BESTAND]\n"
	    "      [--scheidingsteken ';'] [--decimaalkomma] [--bestand PROGRAMMA]\n"
	    "            de voortgang op de peildatum (standaard vandaag): gerealiseerd tegen\n"
	    "            de streefwaarde per jaar en cumulatief, landelijk, per convenant en\n"
	    "            per subdoel, het tempo van nu tegen het tempo dat nodig is, de\n"
	    "            prognose bij beide, een status per rij, afronding en uitval, en de\n"
	    "            begroting tegen de uitgaven. Aantallen van 1 tot en met 9 personen\n"
	    "            staan er als <10, cijfers die ze zouden verraden als x.\n"
	    "            --formaat html maakt een los bestand met grafieken; xlsx heeft\n"
	    "            --uitvoer nodig. CSV: --scheidingsteken , of ; en --decimaalkomma\n"
	    "            voor een spreadsheet in het Nederlands. --as-of en --format mogen ook.\n",
	    stdout);
}

typedef enum { F_TEXT, F_CSV, F_JSON, F_HTML, F_XLSX } format;

static int parse_format(const char *s, int json, format *out)
{
	static const char *const names[] = {"tekst", "csv", "json", "html", "xlsx"};
	if (!s) {
		*out = json ? F_JSON : F_TEXT;
		return LW_EXIT_OK;
	}
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			*out = (format)i;
			return LW_EXIT_OK;
		}
	if (!strcmp(s, "text")) {
		*out = F_TEXT;
		return LW_EXIT_OK;
	}
	lw_cli_error("--formaat: '%s' is geen formaat (tekst, csv, json, html of xlsx)", s);
	return LW_EXIT_INPUT;
}

static int parse_sep(const char *s, char *out)
{
	*out = ',';
	if (!s)
		return LW_EXIT_OK;
	if ((!strcmp(s, ",") || !strcmp(s, ";")) && (*out = s[0]))
		return LW_EXIT_OK;
	lw_cli_error("--scheidingsteken: '%s' mag alleen , of ; zijn", s);
	return LW_EXIT_INPUT;
}

/* Writes the bytes to path (through a file beside it, renamed), or to stdout. */
static int emit(const char *path, const lw_buf *b)
{
	const char *data = b->data ? b->data : "";
	if (!path)
		return fwrite(data, 1, b->len, stdout) == b->len ? LW_EXIT_OK : LW_EXIT_FAIL;
	lw_buf tmp = LW_BUF_INIT;
	lw_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(lw_buf_cstr(&tmp), "wb");
	int ok = f && fwrite(data, 1, b->len, f) == b->len;
	ok = f && fclose(f) == 0 && ok;
	ok = ok && rename(lw_buf_cstr(&tmp), path) == 0;
	if (!ok) {
		lw_cli_error("%s: kan de uitvoer niet schrijven (%s)", path, lw_errno_text(errno));
		remove(lw_buf_cstr(&tmp));
	}
	lw_buf_free(&tmp);
	return ok ? LW_EXIT_OK : LW_EXIT_FAIL;
}

typedef struct report_opts {
	format fmt;
	char sep;
	int decimal_comma;
	const char *out;
} report_opts;

static int render(const lw_report *r, const report_opts *o)
{
	lw_buf b = LW_BUF_INIT;
	lw_html h = LW_HTML_INIT;
	int rc = LW_OK;
	lw_err err;
	lw_err_clear(&err);
	switch (o->fmt) {
	case F_XLSX:
		rc = lw_report_xlsx(r, o->out, &err);
		if (rc != LW_OK)
			lw_cli_error("%s", err.msg);
		return rc == LW_OK ? LW_EXIT_OK : LW_EXIT_FAIL;
	case F_CSV:
		rc = lw_report_csv(r, o->sep, o->decimal_comma, &b);
		break;
	case F_JSON:
		rc = lw_report_json(r, &b);
		break;
	case F_HTML:
		lw_report_html_document(&h, r);
		rc = lw_html_failed(&h) ? LW_ENOMEM : LW_OK;
		b = h.b;
		h.b = (lw_buf)LW_BUF_INIT;
		break;
	default:
		rc = lw_report_text(r, &b);
	}
	int ex = rc == LW_OK ? emit(o->out, &b) : LW_EXIT_FAIL;
	if (rc != LW_OK)
		lw_cli_error("onvoldoende geheugen");
	lw_buf_free(&b);
	lw_html_free(&h);
	return ex;
}

static int run(lw_cli *c, const char *as_of, const char *covenant, const char *programme,
               const report_opts *o)
{
	lw_programme *p = NULL;
	lw_store *s = NULL;
	int ex = lw_cli_programme(programme, &p);
	if (ex == LW_EXIT_OK)
		ex = lw_cli_open(c, LW_STORE_READONLY, &s);
	lw_progress m;
	lw_report r;
	memset(&m, 0, sizeof m);
	memset(&r, 0, sizeof r);
	lw_err err;
	lw_err_clear(&err);
	int rc = ex == LW_EXIT_OK ? lw_progress_build(s, p, as_of, covenant, &m, &err) : LW_OK;
	if (ex == LW_EXIT_OK && rc == LW_OK)
		rc = lw_report_build(&m, &r, &err);
	if (ex == LW_EXIT_OK && rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		ex = lw_cli_exit(rc);
	}
	if (ex == LW_EXIT_OK)
		ex = render(&r, o);
	lw_report_free(&r);
	lw_progress_free(&m);
	lw_store_close(s);
	lw_programme_free(p);
	return ex;
}

/* monitor report [--peildatum D] [--convenant C] [--formaat F] [--uitvoer B] ... */
int lw_cmd_monitor_report(lw_cli *c, int argc, char **argv)
{
	const char *as_of = NULL, *as_of_en = NULL, *covenant = NULL, *fmt = NULL, *fmt_en = NULL;
	const char *out = NULL, *sep = NULL, *programme = NULL;
	int decimal_comma = 0;
	const lw_opt opts[] = {
	    {"--peildatum", &as_of, NULL},     {"--as-of", &as_of_en, NULL},
	    {"--convenant", &covenant, NULL},  {"--formaat", &fmt, NULL},
	    {"--format", &fmt_en, NULL},       {"--uitvoer", &out, NULL},
	    {"--scheidingsteken", &sep, NULL}, {"--decimaalkomma", NULL, &decimal_comma},
	    {"--bestand", &programme, NULL},   {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("monitor report neemt geen argumenten (zie leerwerk monitor --help)");
		return LW_EXIT_INPUT;
	}
	report_opts o = {F_TEXT, ',', decimal_comma, out && *out ? out : NULL};
	if ((ex = parse_format(fmt ? fmt : fmt_en, c->json, &o.fmt)) != LW_EXIT_OK ||
	    (ex = parse_sep(sep, &o.sep)) != LW_EXIT_OK)
		return ex;
	if (o.fmt == F_XLSX && !o.out) {
		lw_cli_error("--formaat xlsx schrijft een bestand: geef --uitvoer BESTAND");
		return LW_EXIT_INPUT;
	}
	return run(c, as_of ? as_of : as_of_en, covenant, programme, &o);
}

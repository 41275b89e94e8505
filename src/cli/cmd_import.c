/* cmd_import.c - `leerwerk import KIND FILE` and `leerwerk import reference`. */
#include "cli.h"
#include "lw_ingest.h"
#include "lw_search.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct progress {
	int64_t start, last, after_ms;
	int shown, tty;
	long kill_after; /* test hook: SIGKILL ourselves after this many rows */
} progress;

/* On a terminal, after the first second: one line, rewritten in place. */
static void show_progress(void *ud, const char *kind, long rows, uint64_t bytes, uint64_t total)
{
	progress *p = ud;
	if (p->kill_after > 0 && rows >= p->kill_after)
		raise(SIGKILL); /* a crash in the middle of an import, for the tests */
	if (!p->tty)
		return;
	int64_t now = lw_now_ms();
	if (now - p->start < p->after_ms || now - p->last < 100)
		return;
	p->last = now;
	p->shown = 1;
	if (total)
		fprintf(stderr, "\rleerwerk: %s: %ld rijen gelezen (%d%%)   ", kind, rows,
			(int)(bytes * 100 / total));
	else
		fprintf(stderr, "\rleerwerk: %s: %ld rijen gelezen   ", kind, rows);
	fflush(stderr);
}

static void clear_progress(progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r%*s\r", 70, "");
	p->shown = 0;
}

/* A JSON file has objects where a CSV file has rows. */
static const char *unit(long n, int json)
{
	return json ? (n == 1 ? "object" : "objecten") : (n == 1 ? "rij" : "rijen");
}

static void print_result(const lw_ingest_result *r, int prune, int json)
{
	printf("%s: %s\n", r->kind, r->source);
	printf("  %ld %s: %ld toegevoegd, %ld gewijzigd, %ld ongewijzigd", r->rows,
	       unit(r->rows, json), r->added, r->changed, r->unchanged);
	if (r->rejected)
		printf(", %ld afgekeurd en overgeslagen", r->rejected);
	putchar('\n');
	if (r->absent) {
		printf("  %ld %s in de database maar niet in het bestand:", r->absent,
		       r->absent == 1 ? "sleutel staat" : "sleutels staan");
		for (size_t i = 0; i < r->nabsent_keys; i++)
			printf("%s %s", i ? "," : "", r->absent_keys[i]);
		if ((size_t)r->absent > r->nabsent_keys)
			printf(" en nog %ld", r->absent - (long)r->nabsent_keys);
		putchar('\n');
		if (r->pruned)
			printf("  %ld verwijderd (--prune)\n", r->pruned);
		else if (prune && r->rejected)
			printf("  niet verwijderd: --prune werkt niet als er rijen zijn afgekeurd\n");
		else
			printf("  (gebruik --prune om ze te verwijderen)\n");
	}
	if (r->taken)
		printf("  de import had de database voor zich alleen\n");
	if (r->note)
		printf("  %s\n", r->note);
}

static void print_problems(const lw_ingest_result *r, int json)
{
	for (size_t i = 0; i < r->nproblems; i++)
		fprintf(stderr, "%s\n", r->problems[i]);
	if ((size_t)r->rejected > r->nproblems)
		fprintf(stderr, "%s: en nog %ld afgekeurde %s\n", r->source,
			r->rejected - (long)r->nproblems, unit(2, json));
}

static json_t *result_json(const lw_ingest_result *r)
{
	json_t *problems = json_array(), *absent = json_array();
	for (size_t i = 0; i < r->nproblems; i++)
		json_array_append_new(problems, json_string(r->problems[i]));
	for (size_t i = 0; i < r->nabsent_keys; i++)
		json_array_append_new(absent, json_string(r->absent_keys[i]));
	return json_pack("{s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
			 "soort", r->kind, "bestand", r->source, "vastgelegd", r->committed,
			 "alleen", r->taken,
			 "rijen", (json_int_t)r->rows, "toegevoegd", (json_int_t)r->added,
			 "gewijzigd", (json_int_t)r->changed, "ongewijzigd",
			 (json_int_t)r->unchanged, "afgekeurd", (json_int_t)r->rejected,
			 "ontbrekend", (json_int_t)r->absent, "verwijderd",
			 (json_int_t)r->pruned, "ontbrekende_sleutels", absent, "problemen",
			 problems, "opmerking", lw_json_str(r->note));
}

void lw_cmd_import_help(void)
{
	const lw_ingest_kind *const *k = lw_ingest_kinds();
	for (size_t i = 0; k[i]; i++) {
		lw_buf h = LW_BUF_INIT;
		const char *file = lw_ingest_kind_file(k[i]);
		const char *format = lw_ingest_kind_format(k[i]);
		printf("  %-16s %s\n", lw_ingest_kind_name(k[i]), lw_ingest_kind_help(k[i]));
		if (file)
			printf("  %-16s   bestand: %s\n", "", file);
		if (format) {
			printf("  %-16s   formaat: %s\n", "", format);
			printf("  %-16s   schrijft:", "");
			for (size_t p = 0; p < lw_ingest_kind_parts(k[i]); p++)
				printf("%s %s", p ? "," : "",
				       lw_ingest_kind_name(lw_ingest_kind_part(k[i], p)));
			putchar('\n');
		} else {
			printf("  %-16s   kolommen: %s\n", "", lw_ingest_kind_header(k[i], &h));
		}
		lw_buf_free(&h);
	}
	printf("\nBij een JSON-bestand staat een fout als BESTAND:PAD: veld 'NAAM': reden\n"
	       "(offerings[3], [2]), en schrijft --rejects per afgekeurd object een regel JSON\n"
	       "met pad, veld, reden en het object zelf. Ongeldige JSON (BESTAND:REGEL:KOLOM)\n"
	       "keurt het hele bestand af.\n");
}

int lw_cmd_import(lw_cli *c, int argc, char **argv)
{
	int prune = 0, skip = 0;
	const char *rejects = NULL, *key_file = NULL;
	const lw_opt opts[] = {
		{"--prune", NULL, &prune},
		{"--skip-invalid", NULL, &skip},
		{"--rejects", &rejects, NULL},
		{"--sleutel", &key_file, NULL},
		{NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	int is_reference = c->argc == 1 && strcmp(c->argv[0], "reference") == 0;
	const lw_ingest_kind *k = NULL;
	if (!is_reference) {
		if (c->argc != 2) {
			lw_cli_error("gebruik: leerwerk import KIND BESTAND, of leerwerk import "
				     "reference (zie leerwerk import --help)");
			return LW_EXIT_INPUT;
		}
		if (!(k = lw_ingest_find(c->argv[0]))) {
			lw_cli_error("onbekende soort '%s' (zie leerwerk import --help)",
				     c->argv[0]);
			return LW_EXIT_INPUT;
		}
	}

	lw_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.prune = prune;
	o.skip_invalid = skip;
	o.rejects_path = rejects;
	o.key_file = key_file;
	long cache_kib, after_ms, kill_after, alone_bytes;
	if ((ex = lw_cli_env_long("LEERWERK_IMPORT_CACHE_KIB", 1024, 64L * 1024 * 1024,
				  LW_INGEST_CACHE_KIB, &cache_kib)) != LW_EXIT_OK ||
	    (ex = lw_cli_env_long("LEERWERK_IMPORT_ALONE_BYTES", 1, LONG_MAX,
				  LW_INGEST_ALONE_BYTES, &alone_bytes)) != LW_EXIT_OK ||
	    (ex = lw_cli_env_long("LEERWERK_PROGRESS_AFTER_MS", 0, 86400000L, 1000, &after_ms)) !=
		    LW_EXIT_OK ||
	    (ex = lw_cli_env_long("LEERWERK_TEST_KILL_AFTER_ROWS", 0, 1L << 40, 0, &kill_after)) !=
		    LW_EXIT_OK)
		return ex;
	o.cache_kib = (int)cache_kib;
	o.alone_bytes = alone_bytes;
	progress prog = {lw_now_ms(), 0, after_ms, 0, isatty(STDERR_FILENO), kill_after};
	if (prog.tty || prog.kill_after > 0) {
		o.progress = show_progress;
		o.progress_ud = &prog;
	}
	lw_store *s;
	if ((ex = lw_cli_open(c, LW_STORE_CREATE | LW_STORE_MIGRATE, &s)) != LW_EXIT_OK)
		return ex;

	_Static_assert(LW_INGEST_PARTS_MAX <= 8, "a JSON kind's results fit");
	lw_ingest_result results[8];
	size_t n = 0;
	lw_err err;
	lw_err_clear(&err);
	int rc;
	if (is_reference) {
		rc = lw_ingest_reference(s, c->data_dir, &o, results, &n, &err);
	} else {
		rc = lw_ingest_file_parts(s, k, c->argv[1], &o, results, &n, &err);
	}
	clear_progress(&prog);
	lw_store_close(s);

	int json = k && lw_ingest_kind_format(k) != NULL;
	for (size_t i = 0; i < n; i++)
		print_problems(&results[i], json);
	if (c->json) {
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, result_json(&results[i]));
		lw_cli_json(json_pack("{s:b, s:o, s:s?}", "geslaagd", rc == LW_OK, "imports", list,
				      "fout", rc == LW_OK ? NULL : err.msg));
	} else if (rc == LW_OK) {
		for (size_t i = 0; i < n; i++)
			print_result(&results[i], prune, json);
	}
	if (rc != LW_OK)
		lw_cli_error("%s", err.msg);
	for (size_t i = 0; i < n; i++)
		lw_ingest_result_free(&results[i]);
	return lw_cli_exit(rc);
}

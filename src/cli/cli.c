/* cli.c - option parsing, store opening, exit codes and JSON output. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void lw_cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("leerwerk: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int lw_cli_exit(int rc)
{
	switch (rc) {
	case LW_OK: return LW_EXIT_OK;
	case LW_EINPUT:
	case LW_EUSAGE: return LW_EXIT_INPUT;
	default: return LW_EXIT_FAIL;
	}
}

/* Matches "--name" or "--name=value"; returns the value part or "" / NULL. */
static const char *match(const char *arg, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return NULL;
	if (arg[n] == '\0')
		return "";
	if (arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

static const char *default_data_dir(void)
{
	struct stat sb;
	if (stat("../shared/data", &sb) == 0 && S_ISDIR(sb.st_mode))
		return "../shared/data";
	return LW_SOURCE_DIR "/../shared/data";
}

int lw_cli_parse(lw_cli *c, int argc, char **argv, const lw_opt *opts)
{
	const char *env;
	c->db_path = (env = getenv("LEERWERK_DB")) && *env ? env : "var/leerwerk.db";
	c->data_dir = (env = getenv("LEERWERK_DATA")) && *env ? env : default_data_dir();
	c->argv = argv;
	c->argc = 0;
	int only_args = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || a[1] == '\0') {
			argv[c->argc++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			c->help = 1;
			continue;
		}
		if (strcmp(a, "--json") == 0) {
			c->json = 1;
			continue;
		}
		const char **target = NULL;
		int *flag = NULL;
		const char *v = NULL, *name = NULL;
		if ((v = match(a, "--db"))) {
			target = &c->db_path;
			name = "--db";
		} else if ((v = match(a, "--data"))) {
			target = &c->data_dir;
			name = "--data";
		} else {
			for (const lw_opt *o = opts; o && o->name; o++) {
				if ((v = match(a, o->name))) {
					target = o->value;
					flag = o->flag;
					name = o->name;
					break;
				}
			}
		}
		if (!name) {
			lw_cli_error("onbekende optie '%s' (zie 'leerwerk %s --help')", a,
				     c->command);
			return LW_EXIT_INPUT;
		}
		if (flag) {
			if (*v) {
				lw_cli_error("optie %s neemt geen waarde", name);
				return LW_EXIT_INPUT;
			}
			*flag = 1;
			continue;
		}
		if (!*v && a[strlen(name)] != '=') {
			if (i + 1 >= argc) {
				lw_cli_error("optie %s verwacht een waarde", name);
				return LW_EXIT_INPUT;
			}
			v = argv[++i];
		}
		if (!*v) {
			lw_cli_error("optie %s verwacht een waarde", name);
			return LW_EXIT_INPUT;
		}
		*target = v;
	}
	return LW_EXIT_OK;
}

int lw_cli_open(lw_cli *c, unsigned flags, lw_store **out)
{
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_store_open(out, c->db_path, flags, &err);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	return LW_EXIT_OK;
}

int lw_cli_env_long(const char *name, long min, long max, long def, long *out)
{
	const char *v = getenv(name);
	*out = def;
	if (!v || !*v)
		return LW_EXIT_OK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		lw_cli_error("%s='%s' is geen geheel getal van %ld tot en met %ld", name, v, min,
			     max);
		return LW_EXIT_INPUT;
	}
	*out = n;
	return LW_EXIT_OK;
}

void lw_cli_json(json_t *j)
{
	if (!j) {
		lw_cli_error("onvoldoende geheugen");
		return;
	}
	/* A failed write shows in ferror(stdout), which main checks. */
	if (json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) == 0)
		fputc('\n', stdout);
	json_decref(j);
}

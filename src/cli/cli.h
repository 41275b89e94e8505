/*
 * cli.h - what the command handlers share: option parsing, opening the
 * store, exit codes and output (text for people, JSON for machines).
 */
#ifndef LW_CLI_H
#define LW_CLI_H

#include <jansson.h>

#include "lw_base.h"
#include "lw_store.h"
#include "lw_json.h"
#include "lw_programme.h"

/* Exit statuses, documented in `leerwerk --help`. */
enum { LW_EXIT_OK = 0, LW_EXIT_FAIL = 1, LW_EXIT_INPUT = 2 };

typedef struct lw_opt {
	const char *name;   /* "--prune" */
	const char **value; /* set when the option takes a value */
	int *flag;          /* set to 1 when it does not */
} lw_opt;

typedef struct lw_cli {
	const char *command; /* "import" */
	const char *db_path;
	const char *data_dir;
	int json;
	int help;
	int argc; /* positional arguments after the command */
	char **argv;
} lw_cli;

/*
 * Parses argv (after the command name) into c: the common options --db,
 * --data, --json, --help anywhere, then opts; the rest are positional.
 * Returns LW_EXIT_OK or prints a usage error and returns LW_EXIT_INPUT.
 */
int lw_cli_parse(lw_cli *c, int argc, char **argv, const lw_opt *opts);
/* Prints "leerwerk: <msg>" on stderr. */
void lw_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Maps an lw error code to an exit status. */
int lw_cli_exit(int rc);
/* Opens the store at c->db_path with flags; prints the error on failure. */
int lw_cli_open(lw_cli *c, unsigned flags, lw_store **out);
/*
 * Reads a whole number from environment variable name into *out, def when
 * it is unset or empty. Prints an error and returns LW_EXIT_INPUT when it is
 * not a number from min to max.
 */
int lw_cli_env_long(const char *name, long min, long max, long def, long *out);
/* Prints j (indented) on stdout and releases it. */
void lw_cli_json(json_t *j);

/* Extra help of `leerwerk import --help`: the kinds and their columns. */
void lw_cmd_import_help(void);

/* The command handlers. */
int lw_cmd_import(lw_cli *c, int argc, char **argv);
int lw_cmd_db(lw_cli *c, int argc, char **argv);
int lw_cmd_where(lw_cli *c, int argc, char **argv);
int lw_cmd_loket(lw_cli *c, int argc, char **argv);
int lw_cmd_summary(lw_cli *c, int argc, char **argv);
int lw_cmd_demo(lw_cli *c, int argc, char **argv);
int lw_cmd_search(lw_cli *c, int argc, char **argv);
int lw_cmd_routes(lw_cli *c, int argc, char **argv);
int lw_cmd_suggest(lw_cli *c, int argc, char **argv);
int lw_cmd_serve(lw_cli *c, int argc, char **argv);

/*
 * The programme of file (NULL: the compiled-in default) into *out, or the
 * message printed; an exit status (cmd_monitor.c).
 */
int lw_cli_programme(const char *file, lw_programme **out);
/*
 * The monitor (cmd_monitor.c dispatches on the subcommand): programma
 * (cmd_monitor.c), add, dubbel, tel, sleutel, herbereken (cmd_trajectory.c),
 * report (cmd_report.c). The help callbacks print after the usage.
 */
int lw_cmd_monitor(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_add(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_doubles(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_count(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_key(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_rebuild(lw_cli *c, int argc, char **argv);
int lw_cmd_monitor_report(lw_cli *c, int argc, char **argv);
void lw_cmd_monitor_help(void);
void lw_cmd_monitor_report_help(void);
int lw_cmd_questions(lw_cli *c, int argc, char **argv); /* vragen */
int lw_cmd_question(lw_cli *c, int argc, char **argv);  /* vraag stel */

#endif

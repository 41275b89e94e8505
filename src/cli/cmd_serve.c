/*
 * cmd_serve.c - `leerwerk serve`: the portal and the JSON API over HTTP
 * (src/web). Reads the settings from options and the environment, opens
 * the portal, serves until SIGTERM or SIGINT, then lets the requests in
 * flight finish and closes the store: exit 0. docs/internals/web.md.
 */
#include "cli.h"
#include "http.h"
#include "portal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define SERVE_LISTEN_DEFAULT "127.0.0.1:8080"
#define SERVE_THREADS_DEFAULT 4
#define SERVE_GRACE_MS 10000
#define SERVE_PHONE_DEFAULT "0800-1618"
#define SERVE_HOURS_DEFAULT "maandag tot en met vrijdag van 9.00 tot 17.00 uur"
#define SERVE_QUESTIONS_DEFAULT 10
#ifndef LW_STATIC_DIR
#define LW_STATIC_DIR "build/static"
#endif

/* The option, else the environment variable, else def. */
static const char *setting(const char *opt, const char *env, const char *def)
{
	if (opt)
		return opt;
	const char *v = getenv(env);
	return v && *v ? v : def;
}

int lw_cmd_serve(lw_cli *c, int argc, char **argv)
{
	const char *listen = NULL, *threads_s = NULL, *static_dir = NULL;
	const lw_opt opts[] = {
	    {"--listen", &listen, NULL},
	    {"--threads", &threads_s, NULL},
	    {"--static", &static_dir, NULL},
	    {NULL, NULL, NULL},
	};
	int ex = lw_cli_parse(c, argc, argv, opts);
	if (ex != LW_EXIT_OK)
		return ex;
	if (c->argc) {
		lw_cli_error("gebruik: leerwerk serve [--listen ADRES:POORT] [--threads N] [--static MAP]");
		return LW_EXIT_INPUT;
	}
	listen = setting(listen, "LEERWERK_LISTEN", SERVE_LISTEN_DEFAULT);
	long threads, per_hour;
	if ((ex = lw_cli_env_long("LEERWERK_THREADS", 1, 256, SERVE_THREADS_DEFAULT, &threads)) !=
	        LW_EXIT_OK ||
	    (ex = lw_cli_env_long("LEERWERK_VRAGEN_PER_UUR", 0, 100000, SERVE_QUESTIONS_DEFAULT,
	                          &per_hour)) != LW_EXIT_OK)
		return ex;
	if (threads_s) {
		char *end;
		errno = 0;
		threads = strtol(threads_s, &end, 10);
		if (errno || end == threads_s || *end || threads < 1 || threads > 256) {
			lw_cli_error("--threads '%s' is geen geheel getal van 1 tot en met 256",
			             threads_s);
			return LW_EXIT_INPUT;
		}
	}
	lw_err err;
	lw_err_clear(&err);
	if (lw_http_check_listen(listen, &err) != LW_OK) {
		lw_cli_error("%s", err.msg);
		return LW_EXIT_INPUT;
	}
	lw_portal_config pc = {
	    .db_path = c->db_path,
	    .static_dir = setting(static_dir, "LEERWERK_STATIC", LW_STATIC_DIR),
	    .helpdesk_phone = setting(NULL, "LEERWERK_HELPDESK_TELEFOON", SERVE_PHONE_DEFAULT),
	    .helpdesk_hours = setting(NULL, "LEERWERK_HELPDESK_UREN", SERVE_HOURS_DEFAULT),
	    .questions_per_hour = (unsigned)per_hour,
	    .threads = (unsigned)threads,
	};
	lw_portal *portal;
	int rc = lw_portal_open(&pc, &portal, &err);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}

	/* The server's threads inherit this mask; only sigwait below takes the signals. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	lw_http_config cfg = {.listen = listen,
	                      .threads = (unsigned)threads,
	                      .log = 1,
	                      .observe = lw_portal_observe};
	lw_http_server *srv;
	if ((rc = lw_http_start(&cfg, lw_portal_handle, portal, &srv, &err)) != LW_OK) {
		lw_cli_error("%s", err.msg);
		lw_portal_close(portal);
		return rc == LW_EUSAGE ? LW_EXIT_INPUT : LW_EXIT_FAIL;
	}
	const char *colon = strrchr(listen, ':');
	fprintf(stderr, "leerwerk: luistert op http://%.*s:%u (%ld items, %ld threads)\n",
	        (int)(colon - listen), listen, lw_http_port(srv), lw_portal_items(portal), threads);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "leerwerk: gestopt (%s); lopende verzoeken worden afgemaakt\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	lw_http_stop(srv, SERVE_GRACE_MS);
	lw_portal_close(portal);
	return LW_EXIT_OK;
}

/*
 * http.h - leerwerk's own small HTTP adapter. Handlers see a request
 * (method, decoded path, query parameters, headers, body) and fill a
 * response (status, headers, body); nothing but http.c knows the server
 * underneath (GNU libmicrohttpd). docs/internals/web.md has the design.
 *
 * Ownership: every string of a request, and everything a handler puts in
 * its response through these functions, lives in the request's arena,
 * which the adapter frees when the response has been sent. Handlers never
 * free.
 */
#ifndef LW_HTTP_H
#define LW_HTTP_H

#include "lw_base.h"

/* Limits (docs/internals/web.md). */
#define LW_HTTP_MAX_BODY (64 * 1024)   /* larger bodies get 413 */
#define LW_HTTP_MAX_HEADER (32 * 1024) /* connection memory: request line + headers */
#define LW_HTTP_TIMEOUT_S 30           /* idle connections are closed */
#define LW_HTTP_MAX_CONNECTIONS 512    /* more are refused */

typedef struct lw_http_param {
	const char *name;
	const char *value;
} lw_http_param;

typedef struct lw_http_request {
	const char *method;   /* "GET", "POST", ... */
	const char *path;     /* percent-decoded, valid UTF-8 */
	lw_http_param *query; /* decoded (also '+' as space), valid UTF-8, in order */
	size_t nquery;
	lw_http_param *headers; /* as received */
	size_t nheaders;
	const char *body; /* NUL-terminated; at most LW_HTTP_MAX_BODY bytes */
	size_t body_len;
	/* An application/x-www-form-urlencoded body, decoded as the query. */
	lw_http_param *form;
	size_t nform;
	const char *remote; /* the client's address: "127.0.0.1", "::1" */
	lw_arena *arena;    /* the request's: lives until the response is sent */
} lw_http_request;

typedef struct lw_http_response {
	int status;               /* 200 unless set */
	const char *content_type; /* NULL: no body type */
	lw_http_param *headers;
	size_t nheaders, cap;
	const char *body;
	size_t body_len;
	const char *route; /* a static label for metrics ("/zoeken"), or NULL */
	lw_arena *arena;
} lw_http_response;

/*
 * Called once per request, on one of the server's threads (several at
 * once): fill res. A handler that leaves res untouched answers 200 with no
 * body.
 */
typedef void (*lw_http_handler)(void *ud, const lw_http_request *req, lw_http_response *res);

/* The first query parameter or header (case-insensitive) of that name, or NULL. */
const char *lw_http_query(const lw_http_request *req, const char *name);
const char *lw_http_header(const lw_http_request *req, const char *name);
/* The first field of a form body of that name, or NULL. */
const char *lw_http_form(const lw_http_request *req, const char *name);

/* Adds a response header (both strings copied). LW_OK or LW_ENOMEM. */
int lw_http_add_header(lw_http_response *res, const char *name, const char *value);
/* Sets status, type and body (copied). LW_OK or LW_ENOMEM. */
int lw_http_set_body(lw_http_response *res, int status, const char *content_type, const char *body,
                     size_t n);
/*
 * An RFC 9457 problem: application/problem+json with type "about:blank",
 * title, status and detail (Dutch; detail may be NULL).
 */
int lw_http_problem(lw_http_response *res, int status, const char *title, const char *detail);

/*
 * Called after every response is queued, also for the ones the adapter
 * answers itself (route NULL): for metrics. us is the time from the
 * request line to the queued response.
 */
typedef void (*lw_http_observer)(void *ud, const char *route, int status, int64_t us);

typedef struct lw_http_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	unsigned threads;   /* worker threads (1..256) */
	int log;            /* one JSON line per request on stderr */
	lw_http_observer observe; /* may be NULL; gets the handler's ud */
} lw_http_config;

typedef struct lw_http_server lw_http_server;

/* LW_OK when listen is an address lw_http_start takes, else LW_EUSAGE (err says why). */
int lw_http_check_listen(const char *listen, lw_err *err);

/*
 * Starts listening and serving on a pool of threads. LW_EUSAGE for a bad
 * listen address, LW_EIO when it cannot listen (err says why).
 */
int lw_http_start(const lw_http_config *cfg, lw_http_handler fn, void *ud, lw_http_server **out,
                  lw_err *err);
/* The port actually listened on. */
unsigned lw_http_port(const lw_http_server *srv);
/*
 * Stops accepting, lets the requests in flight finish (waiting at most
 * grace_ms for open connections to close), then stops and frees srv.
 */
void lw_http_stop(lw_http_server *srv, unsigned grace_ms);

#endif

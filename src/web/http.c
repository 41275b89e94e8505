/*
 * http.c - the HTTP adapter over GNU libmicrohttpd: the only file that
 * includes microhttpd.h. A pool of threads, each with its own epoll loop;
 * one arena per request; the request target is decoded here, strictly
 * (broken percent-encoding or invalid UTF-8 is a 400 before any handler
 * runs), rather than by libmicrohttpd, which keeps such bytes as they are.
 */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct lw_http_server {
	struct MHD_Daemon *daemon;
	lw_http_handler fn;
	lw_http_observer observe;
	void *ud;
	int log;
	unsigned port;
};

/* One request: made by the URI callback, freed when the request is done. */
typedef struct request_ctx {
	lw_arena arena;
	char *target; /* the raw request target, as received */
	lw_buf body;
	int started;   /* the handler has seen the headers */
	int too_large; /* the body went over LW_HTTP_MAX_BODY */
	int64_t t0, t0_us;
} request_ctx;

/* ---- small helpers ---------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes s[0..n) into the arena: %XX (strict), '+' as a space when plus.
 * NULL with *bad set to 1 for broken percent-encoding or %00, to 2 for
 * invalid UTF-8; NULL with *bad 0 when out of memory.
 */
static char *decode(lw_arena *a, const char *s, size_t n, int plus, int *bad)
{
	*bad = 0;
	char *out = lw_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int x = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int y = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			int h = x < 0 || y < 0 ? -1 : x * 16 + y;
			if (h <= 0) {
				*bad = 1;
				return NULL;
			}
			out[o++] = (char)h;
			i += 2;
		} else if (plus && s[i] == '+') {
			out[o++] = ' ';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	if (!lw_utf8_valid(out, o, NULL)) {
		*bad = 2;
		return NULL;
	}
	return out;
}

/* Appends s as a JSON string body (no quotes): safe in HTML too. */
static int json_escape(lw_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc;
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p == '&' ||
		    *p == 0x7f)
			rc = lw_buf_printf(b, "\\u%04x", *p);
		else
			rc = lw_buf_putc(b, (char)*p);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* ---- the public helpers ----------------------------------------------- */

const char *lw_http_query(const lw_http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
}

const char *lw_http_form(const lw_http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].name, name) == 0)
			return req->form[i].value;
	return NULL;
}

const char *lw_http_header(const lw_http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

int lw_http_add_header(lw_http_response *res, const char *name, const char *value)
{
	size_t n = res->nheaders;
	lw_http_param *h =
	    lw_arena_grow(res->arena, res->headers, &res->nheaders, &res->cap, sizeof *h);
	if (!h)
		return LW_ENOMEM;
	res->headers = h;
	h[n].name = lw_arena_strdup(res->arena, name);
	h[n].value = lw_arena_strdup(res->arena, value);
	if (!h[n].name || !h[n].value) {
		res->nheaders = n;
		return LW_ENOMEM;
	}
	return LW_OK;
}

int lw_http_set_body(lw_http_response *res, int status, const char *content_type, const char *body,
                     size_t n)
{
	char *copy = lw_arena_alloc(res->arena, n + 1);
	if (!copy)
		return LW_ENOMEM;
	if (n)
		memcpy(copy, body, n);
	res->status = status;
	res->content_type = content_type ? lw_arena_strdup(res->arena, content_type) : NULL;
	res->body = copy;
	res->body_len = n;
	return LW_OK;
}

int lw_http_problem(lw_http_response *res, int status, const char *title, const char *detail)
{
	lw_buf b = LW_BUF_INIT;
	int rc = lw_buf_puts(&b, "{\"type\":\"about:blank\",\"title\":\"");
	if (rc == LW_OK)
		rc = json_escape(&b, title);
	if (rc == LW_OK)
		rc = lw_buf_printf(&b, "\",\"status\":%d", status);
	if (rc == LW_OK && detail) {
		rc = lw_buf_puts(&b, ",\"detail\":\"");
		if (rc == LW_OK)
			rc = json_escape(&b, detail);
		if (rc == LW_OK)
			rc = lw_buf_putc(&b, '"');
	}
	if (rc == LW_OK)
		rc = lw_buf_puts(&b, "}\n");
	if (rc == LW_OK)
		rc = lw_http_set_body(res, status, "application/problem+json", b.data, b.len);
	lw_buf_free(&b);
	return rc;
}

/* ---- parsing the request target ---------------------------------------- */

/*
 * Decodes "a=1&b=2" (s, NUL-terminated) into *out: 0, or 1/2 as decode's
 * *bad, -1 on ENOMEM.
 */
static int parse_params(lw_arena *a, const char *s, lw_http_param **out, size_t *nout)
{
	size_t cap = 0;
	int bad;
	for (const char *p = s; *p;) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		if (n) {
			const char *eq = memchr(p, '=', n);
			size_t kn = eq ? (size_t)(eq - p) : n;
			char *k = decode(a, p, kn, 1, &bad);
			if (!k)
				return bad ? bad : -1;
			char *v =
			    eq ? decode(a, eq + 1, n - kn - 1, 1, &bad) : lw_arena_strdup(a, "");
			if (!v)
				return eq && bad ? bad : -1;
			size_t at = *nout;
			lw_http_param *arr = lw_arena_grow(a, *out, nout, &cap, sizeof *arr);
			if (!arr)
				return -1;
			*out = arr;
			arr[at].name = k;
			arr[at].value = v;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	return 0;
}

/* Fills req->path and req->query from target; 0, or 1/2 as decode's *bad, -1 on ENOMEM. */
static int parse_target(lw_arena *a, const char *target, lw_http_request *req)
{
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	int bad;
	req->path = decode(a, target, plen, 0, &bad);
	if (!req->path)
		return bad ? bad : -1;
	return q ? parse_params(a, q + 1, &req->query, &req->nquery) : 0;
}

typedef struct header_walk {
	lw_http_request *req;
	size_t cap;
	int failed;
} header_walk;

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	header_walk *w = cls;
	lw_arena *a = w->req->arena;
	size_t at = w->req->nheaders;
	lw_http_param *arr =
	    lw_arena_grow(a, w->req->headers, &w->req->nheaders, &w->cap, sizeof *arr);
	if (!arr) {
		w->failed = 1;
		return MHD_NO;
	}
	w->req->headers = arr;
	arr[at].name = lw_arena_strdup(a, key);
	arr[at].value = lw_arena_strdup(a, value ? value : "");
	if (!arr[at].name || !arr[at].value)
		w->failed = 1;
	return w->failed ? MHD_NO : MHD_YES;
}

/* ---- answering ------------------------------------------------------------ */

/* The headers every response carries. */
static const char *const SECURITY_HEADERS[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'"},
    {"X-Frame-Options", "DENY"},
};

static void log_request(const char *method, const char *target, int status, int64_t ms)
{
	lw_buf b = LW_BUF_INIT;
	size_t plen = strcspn(target, "?");
	char *path = strndup(target, plen);
	if (path && lw_buf_puts(&b, "{\"methode\":\"") == LW_OK &&
	    json_escape(&b, method) == LW_OK && lw_buf_puts(&b, "\",\"pad\":\"") == LW_OK &&
	    json_escape(&b, path) == LW_OK &&
	    lw_buf_printf(&b, "\",\"status\":%d,\"ms\":%lld}\n", status, (long long)ms) == LW_OK)
		fputs(b.data, stderr);
	free(path);
	lw_buf_free(&b);
}

static enum MHD_Result send_response(lw_http_server *srv, struct MHD_Connection *conn,
                                     request_ctx *ctx, const char *method, lw_http_response *res)
{
	if (!res->status)
		res->status = 200;
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    res->body_len, (void *)(res->body ? res->body : ""), MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	for (size_t i = 0; i < sizeof SECURITY_HEADERS / sizeof SECURITY_HEADERS[0]; i++)
		MHD_add_response_header(r, SECURITY_HEADERS[i][0], SECURITY_HEADERS[i][1]);
	if (res->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	if (srv->observe)
		srv->observe(srv->ud, res->route, res->status,
		             ctx ? lw_now_us() - ctx->t0_us : 0);
	if (srv->log)
		log_request(method, ctx ? ctx->target : "?", res->status,
		            ctx ? lw_now_ms() - ctx->t0 : 0);
	return ok;
}

static enum MHD_Result send_problem(lw_http_server *srv, struct MHD_Connection *conn,
                                    request_ctx *ctx, const char *method, int status,
                                    const char *title, const char *detail)
{
	lw_http_response res = {.arena = &ctx->arena};
	if (lw_http_problem(&res, status, title, detail) != LW_OK)
		return MHD_NO;
	return send_response(srv, conn, ctx, method, &res);
}

static enum MHD_Result too_large(lw_http_server *srv, struct MHD_Connection *conn, request_ctx *ctx,
                                 const char *method)
{
	char detail[96];
	snprintf(detail, sizeof detail, "Een verzoek mag hoogstens %d KB aan gegevens bevatten.",
	         LW_HTTP_MAX_BODY / 1024);
	return send_problem(srv, conn, ctx, method, 413, "Verzoek te groot", detail);
}

/* The client's address as text ("?" when unknown). */
static const char *client_address(lw_arena *a, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text,
			          sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
			          sizeof text);
	}
	const char *s = lw_arena_strdup(a, text);
	return s ? s : "?";
}

/* ---- libmicrohttpd callbacks --------------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	request_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	ctx->t0 = lw_now_ms();
	ctx->t0_us = lw_now_us();
	ctx->target = lw_arena_strdup(&ctx->arena, uri ? uri : "");
	if (!ctx->target) {
		free(ctx);
		return NULL;
	}
	return ctx;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	request_ctx *ctx = *con_cls;
	if (!ctx)
		return;
	lw_buf_free(&ctx->body);
	lw_arena_free(&ctx->arena);
	free(ctx);
	*con_cls = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)url; /* decoded leniently by libmicrohttpd: ctx->target is used instead */
	(void)version;
	lw_http_server *srv = cls;
	request_ctx *ctx = *con_cls;
	if (!ctx)
		return MHD_NO; /* out of memory in on_uri: drop the connection */
	if (!ctx->started) {
		ctx->started = 1;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > LW_HTTP_MAX_BODY)
			return too_large(srv, conn, ctx, method);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!ctx->too_large) {
			if (ctx->body.len + *upload_data_size > LW_HTTP_MAX_BODY)
				ctx->too_large = 1;
			else if (lw_buf_append(&ctx->body, upload_data, *upload_data_size) != LW_OK)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (ctx->too_large)
		return too_large(srv, conn, ctx, method);

	lw_http_request req = {.method = method, .arena = &ctx->arena};
	req.body = ctx->body.len ? ctx->body.data : "";
	req.body_len = ctx->body.len;
	int bad = parse_target(&ctx->arena, ctx->target, &req);
	if (bad == 1)
		return send_problem(srv, conn, ctx, method, 400, "Ongeldig adres",
		                    "Het adres bevat een ongeldige %-codering (% moet gevolgd "
		                    "worden door twee hexadecimale cijfers, niet %00).");
	if (bad == 2)
		return send_problem(srv, conn, ctx, method, 400, "Ongeldig adres",
		                    "Het adres bevat tekst die geen geldige UTF-8 is.");
	if (bad < 0)
		return MHD_NO;
	header_walk w = {.req = &req};
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &w);
	if (w.failed)
		return MHD_NO;
	const char *ct = lw_http_header(&req, "Content-Type");
	if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33) && req.body_len) {
		if (memchr(req.body, '\0', req.body_len))
			bad = 2;
		else
			bad = parse_params(&ctx->arena, req.body, &req.form, &req.nform);
		if (bad > 0)
			return send_problem(srv, conn, ctx, method, 400, "Ongeldig formulier",
			                    "Het formulier bevat een ongeldige %-codering of tekst die "
			                    "geen geldige UTF-8 is.");
		if (bad < 0)
			return MHD_NO;
	}
	req.remote = client_address(&ctx->arena, conn);
	lw_http_response res = {.arena = &ctx->arena};
	srv->fn(srv->ud, &req, &res);
	return send_response(srv, conn, ctx, method, &res);
}

/* ---- starting and stopping ------------------------------------------------ */

/* "127.0.0.1:8080" or "[::1]:8080" into addr. */
static int parse_listen(const char *s, struct sockaddr_storage *addr, socklen_t *len, int *v6)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s)
		return 0;
	size_t hn = (size_t)(colon - s);
	const char *h = s;
	if (s[0] == '[') {
		if (hn < 3 || s[hn - 1] != ']')
			return 0;
		h = s + 1;
		hn -= 2;
	}
	if (hn >= sizeof host)
		return 0;
	memcpy(host, h, hn);
	host[hn] = '\0';
	char *end;
	const char *ps = colon + 1;
	if (!*ps || strspn(ps, "0123456789") != strlen(ps))
		return 0;
	unsigned long port = strtoul(ps, &end, 10);
	if (*end || port > 65535)
		return 0;
	memset(addr, 0, sizeof *addr);
	struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof *a4;
		*v6 = 0;
		return 1;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof *a6;
		*v6 = 1;
		return 1;
	}
	return 0;
}

int lw_http_check_listen(const char *listen, lw_err *err)
{
	struct sockaddr_storage addr;
	socklen_t alen;
	int v6;
	if (!parse_listen(listen, &addr, &alen, &v6))
		return lw_err_set(err, LW_EUSAGE,
		                  "'%s' is geen adres om op te luisteren (IP:POORT, bijvoorbeeld "
		                  "127.0.0.1:8080 of [::1]:8080)",
		                  listen);
	return LW_OK;
}

int lw_http_start(const lw_http_config *cfg, lw_http_handler fn, void *ud, lw_http_server **out,
                  lw_err *err)
{
	*out = NULL;
	struct sockaddr_storage addr;
	socklen_t alen;
	int v6;
	if (!parse_listen(cfg->listen, &addr, &alen, &v6))
		return lw_http_check_listen(cfg->listen, err);
	if (cfg->threads < 1 || cfg->threads > 256)
		return lw_err_set(err, LW_EUSAGE,
		                  "het aantal threads moet van 1 tot en met 256 zijn");
	lw_http_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	srv->fn = fn;
	srv->observe = cfg->observe;
	srv->ud = ud;
	srv->log = cfg->log;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	if (v6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LW_HTTP_MAX_HEADER,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)LW_HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)LW_HTTP_MAX_CONNECTIONS,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, (void *)srv, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, (void *)srv, MHD_OPTION_END);
	(void)alen;
	if (!srv->daemon) {
		free(srv);
		return lw_err_set(err, LW_EIO, "kan niet luisteren op %s (adres in gebruik?)",
		                  cfg->listen);
	}
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	*out = srv;
	return LW_OK;
}

unsigned lw_http_port(const lw_http_server *srv)
{
	return srv->port;
}

void lw_http_stop(lw_http_server *srv, unsigned grace_ms)
{
	if (!srv)
		return;
	MHD_socket ls = MHD_quiesce_daemon(srv->daemon);
	int64_t until = lw_now_ms() + grace_ms;
	for (;;) {
		const union MHD_DaemonInfo *info =
		    MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0 || lw_now_ms() >= until)
			break;
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	free(srv);
}

/*
 * test_web.c - `leerwerk serve` as a client sees it: the real binary as a
 * subprocess on a free loopback port, spoken to over TCP with a tiny
 * HTTP/1.1 client of our own (raw request bytes in, raw response out).
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *DIR, *DB, *ERRF;
static pid_t PID = -1;
static unsigned PORT;

/* Runs `leerwerk ARGS --db DB --data DATA`; fails the test unless it exits 0. */
static void lw_ok(const char *args)
{
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "'%s' %s --db '%s' --data '%s' >/dev/null 2>&1 </dev/null",
	              getenv("LW_BIN"), args, DB, tu_data());
	int st = system(cmd.data);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("'%s' failed", cmd.data);
	lw_buf_free(&cmd);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Starts `leerwerk serve` on port 0 and reads the port it chose from stderr. */
static int setup(void **unused)
{
	(void)unused;
	assert_non_null(getenv("LW_BIN"));
	DIR = tu_tmpdir("web");
	DB = tu_path(DIR, "leerwerk.db");
	ERRF = tu_path(DIR, "err");
	lw_ok("import reference");
	lw_ok("demo generate --scale 0.01 --seed 3");
	PID = fork();
	assert_true(PID >= 0);
	if (PID == 0) {
		int fd = open(ERRF, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDWR);
		if (fd < 0 || null < 0)
			_exit(127);
		dup2(fd, 2);
		dup2(null, 0);
		dup2(null, 1);
		execl(getenv("LW_BIN"), "leerwerk", "serve", "--db", DB, "--listen", "127.0.0.1:0",
		      "--threads", "2", (char *)NULL);
		_exit(127);
	}
	/* Wait for the address line (the engine is built first); give up if it died. */
	for (;;) {
		char *err = tu_read(ERRF, NULL);
		const char *at = err ? strstr(err, "luistert op http://127.0.0.1:") : NULL;
		if (at) {
			PORT = (unsigned)strtoul(at + strlen("luistert op http://127.0.0.1:"), NULL,
			                         10);
			free(err);
			break;
		}
		int st;
		if (waitpid(PID, &st, WNOHANG) == PID) {
			PID = -1;
			fail_msg("leerwerk serve stopped before listening:\n%s", err ? err : "");
		}
		free(err);
		sleep_ms(50);
	}
	assert_true(PORT > 0);
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	if (PID > 0) {
		kill(PID, SIGKILL);
		waitpid(PID, NULL, 0);
	}
	free(ERRF);
	free(DB);
	free(DIR);
	return 0;
}

/* ---- a tiny HTTP/1.1 client ---------------------------------------------- */

typedef struct response {
	int status; /* 0: no status line (the server closed the connection) */
	char *raw;  /* status line, headers, body */
	char *body; /* into raw */
} response;

static void response_free(response *r)
{
	free(r->raw);
	memset(r, 0, sizeof *r);
}

/* Sends n raw bytes on a new connection, reads until the server closes it. */
static response http_raw(const char *req, size_t n)
{
	response r = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {60, 0}; /* against a hang, not a timing assertion */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)PORT)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	for (size_t off = 0; off < n;) {
		ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
		if (w <= 0)
			break; /* the server may answer and close early (413, 431) */
		off += (size_t)w;
	}
	lw_buf b = LW_BUF_INIT;
	char chunk[4096];
	ssize_t got;
	while ((got = recv(fd, chunk, sizeof chunk, 0)) > 0)
		lw_buf_append(&b, chunk, (size_t)got);
	close(fd);
	r.raw = strdup(b.len ? b.data : "");
	lw_buf_free(&b);
	if (strncmp(r.raw, "HTTP/1.1 ", 9) == 0)
		r.status = atoi(r.raw + 9);
	char *sep = strstr(r.raw, "\r\n\r\n");
	r.body = sep ? sep + 4 : r.raw + strlen(r.raw);
	return r;
}

/* GET (or another method) of target, with Connection: close. */
static response http(const char *method, const char *target)
{
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", method,
	              target);
	response r = http_raw(b.data, b.len);
	lw_buf_free(&b);
	return r;
}

/* The value of header name in r (case as sent by leerwerk), or fails. */
static void assert_header(const response *r, const char *line)
{
	size_t head = (size_t)(r->body - r->raw);
	char *h = strndup(r->raw, head);
	if (!strstr(h, line))
		fail_msg("response lacks header '%s':\n%s", line, r->raw);
	free(h);
}

#define BODY_HAS(r, s)                                                                             \
	do {                                                                                       \
		if (!strstr((r).body, s))                                                          \
			fail_msg("body lacks '%s':\n%s", s, (r).raw);                              \
	} while (0)

/* Every response, good or bad, carries these. */
static void assert_safe_headers(const response *r)
{
	assert_header(r, "X-Content-Type-Options: nosniff\r\n");
	assert_header(r, "Referrer-Policy: no-referrer\r\n");
	assert_header(r, "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n");
}

/* A problem (RFC 9457) with this status. */
static void assert_problem(const response *r, int status)
{
	if (r->status != status)
		fail_msg("want %d, got:\n%s", status, r->raw);
	assert_safe_headers(r);
	assert_header(r, "Content-Type: application/problem+json\r\n");
	char want[32];
	snprintf(want, sizeof want, "\"status\":%d", status);
	BODY_HAS(*r, want);
	BODY_HAS(*r, "\"title\":\"");
}

/* The server still answers after whatever came before. */
static void assert_still_serving(void)
{
	response r = http("GET", "/healthz");
	assert_int_equal(r.status, 200);
	response_free(&r);
}

/* ---- the tests --------------------------------------------------------------- */

static void test_healthz(void **unused)
{
	(void)unused;
	response r = http("GET", "/healthz");
	assert_int_equal(r.status, 200);
	assert_safe_headers(&r);
	assert_header(&r, "Content-Type: application/json\r\n");
	assert_header(&r, "Access-Control-Allow-Origin: *\r\n");
	BODY_HAS(r, "\"status\":\"ok\"");
	BODY_HAS(r, "\"items\":");
	assert_true(strtol(strstr(r.body, "\"items\":") + 8, NULL, 10) > 1000);
	response_free(&r);
	r = http("HEAD", "/healthz");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "");
	response_free(&r);
}

static void test_search(void **unused)
{
	(void)unused;
	response r = http("GET", "/api/v1/search?q=kok&near=3511&km=20&facets=1&limit=5");
	assert_int_equal(r.status, 200);
	assert_safe_headers(&r);
	assert_header(&r, "Access-Control-Allow-Origin: *\r\n");
	BODY_HAS(r, "\"vraag\":\"kok\"");
	BODY_HAS(r, "\"totaal\":");
	BODY_HAS(r, "\"resultaten\":[{\"soort\":");
	BODY_HAS(r, "\"afstand_km\":");
	BODY_HAS(r, "\"bij\":\"3511\"");
	BODY_HAS(r, "\"facetten\":[{\"veld\":\"soort\"");
	BODY_HAS(r, "\"bedoelde_je\":");
	BODY_HAS(r, "\"melding\":null");
	response_free(&r);

	/* '+' and %20 are spaces; a typo is corrected; kind filters. */
	r = http("GET", "/api/v1/search?q=verpleegkundigen+zorg&kind=kwalificatie&sort=relevantie");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"vraag\":\"verpleegkundigen zorg\"");
	response_free(&r);
	r = http("GET", "/api/v1/search?q=kok&near=nergenshuizen");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"melding\":\"");
	response_free(&r);
}

static void test_suggest_and_routes(void **unused)
{
	(void)unused;
	response r = http("GET", "/api/v1/suggest?q=verpleegk");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"begin\":\"verpleegk\"");
	BODY_HAS(r, "\"suggesties\":[\"verpleegkundige");
	response_free(&r);

	r = http("GET", "/api/v1/routes/25180?near=3511&km=30");
	assert_int_equal(r.status, 200);
	assert_header(&r, "Access-Control-Allow-Origin: *\r\n");
	BODY_HAS(r, "\"kwalificatie\":{\"crebo\":\"25180\",\"naam\":\"Kok\"");
	BODY_HAS(r, "\"opgevat_als\":\"postcode\"");
	BODY_HAS(r, "\"opleidingen\":{\"totaal\":");
	BODY_HAS(r, "\"vacatures\":{\"totaal\":");
	response_free(&r);

	r = http("GET", "/api/v1/routes/99999");
	assert_problem(&r, 404);
	BODY_HAS(r, "99999");
	response_free(&r);
	r = http("GET", "/api/v1/routes/kok");
	assert_problem(&r, 400);
	response_free(&r);
	r = http("GET", "/api/v1/routes/25180?km=5");
	assert_problem(&r, 400);
	BODY_HAS(r, "'km'");
	response_free(&r);
	assert_still_serving();
}

static void test_bad_requests(void **unused)
{
	(void)unused;
	static const struct {
		const char *method, *target, *says;
		int status;
	} cases[] = {
	    {"GET", "/nergens", NULL, 404},
	    {"GET", "/api/v1/search/", NULL, 404},
	    {"POST", "/api/v1/search?q=kok", NULL, 405},
	    {"DELETE", "/healthz", NULL, 405},
	    {"GET", "/api/v1/search?q=kok&limit=abc", "Parameter 'limit': 'abc'", 400},
	    {"GET", "/api/v1/search?q=kok&offset=1.5", "'offset'", 400},
	    {"GET", "/api/v1/search?q=kok&km=5", "'km'", 400},
	    {"GET", "/api/v1/search?q=kok&sort=alfabet", "'sort'", 400},
	    {"GET", "/api/v1/search?q=kok&kind=fiets", "'kind'", 400},
	    {"GET", "/api/v1/search?q=kok&facets=ja", "'facets'", 400},
	    {"GET", "/api/v1/search", "'q'", 400},
	    {"GET", "/api/v1/suggest?q=", "'q'", 400},
	    {"GET", "/api/v1/search?q=%zz", "%-codering", 400},
	    {"GET", "/api/v1/search?q=kok%", "%-codering", 400},
	    {"GET", "/api/v1/search?q=%00", "%-codering", 400},
	    {"GET", "/api/v1/search?q=%ff", "UTF-8", 400},
	    {"GET", "/api/v1/search?q=%c3%28", "UTF-8", 400},
	    {"GET", "/api/v1/%ff", "UTF-8", 400},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		response r = http(cases[i].method, cases[i].target);
		assert_problem(&r, cases[i].status);
		if (cases[i].says)
			BODY_HAS(r, cases[i].says);
		if (cases[i].status == 405)
			assert_header(&r, "Allow: GET, HEAD\r\n");
		response_free(&r);
		assert_still_serving();
	}
}

static void test_limits(void **unused)
{
	(void)unused;
	/* A body over 64 KB announced: 413 before it is read. */
	const char *big = "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
	                  "Connection: close\r\n\r\n";
	response r = http_raw(big, strlen(big));
	assert_problem(&r, 413);
	BODY_HAS(r, "64 KB");
	response_free(&r);
	assert_still_serving();

	/* A body over 64 KB sent in chunks (no length known ahead): 413 too. */
	lw_buf b = LW_BUF_INIT;
	lw_buf_puts(&b, "POST /api/v1/search?q=kok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
	                "chunked\r\nConnection: close\r\n\r\n");
	for (int i = 0; i < 70; i++) {
		lw_buf_puts(&b, "400\r\n");
		for (int k = 0; k < 1024; k++)
			lw_buf_putc(&b, 'a');
		lw_buf_puts(&b, "\r\n");
	}
	lw_buf_puts(&b, "0\r\n\r\n");
	r = http_raw(b.data, b.len);
	assert_problem(&r, 413);
	response_free(&r);
	lw_buf_free(&b);
	assert_still_serving();

	/* A header over the limit: libmicrohttpd answers 431 itself (or closes). */
	lw_buf_puts(&b, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Groot: ");
	for (int k = 0; k < 40 * 1024; k++)
		lw_buf_putc(&b, 'h');
	lw_buf_puts(&b, "\r\nConnection: close\r\n\r\n");
	r = http_raw(b.data, b.len);
	if (r.status != 0 && r.status != 431)
		fail_msg("an oversized header got:\n%.200s", r.raw);
	response_free(&r);
	lw_buf_free(&b);
	assert_still_serving();
}

static void test_script_comes_back_escaped(void **unused)
{
	(void)unused;
	response r = http("GET", "/api/v1/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type: application/json\r\n");
	BODY_HAS(r, "\"vraag\":\"<script>alert(1)<\\/script>\"");
	assert_null(strstr(r.body, "</script>"));
	response_free(&r);
	/* Also in a problem's detail. */
	r = http("GET", "/api/v1/search?q=kok&limit=%3C%2Fscript%3E");
	assert_problem(&r, 400);
	assert_null(strstr(r.body, "</script>"));
	BODY_HAS(r, "\\u003c/script\\u003e");
	response_free(&r);
}

/* Bad settings exit 2 with the setting named; --help documents them all. */
static void test_settings(void **unused)
{
	(void)unused;
	static const struct {
		const char *env, *args, *says;
		int status;
	} cases[] = {
	    {"", "serve --listen localhost", "geen adres om op te luisteren", 2},
	    {"", "serve --listen 127.0.0.1:99999", "geen adres om op te luisteren", 2},
	    {"", "serve --threads 0", "--threads '0'", 2},
	    {"LEERWERK_THREADS=veel", "serve", "LEERWERK_THREADS='veel'", 2},
	    {"LEERWERK_LISTEN=nergens", "serve", "'nergens' is geen adres", 2},
	    {"", "serve extra", "gebruik: leerwerk serve", 2},
	    {"", "serve --help", NULL, 0},
	};
	char *out = tu_path(DIR, "settings.out");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lw_buf cmd = LW_BUF_INIT;
		lw_buf_printf(&cmd, "%s '%s' %s --db '%s' >'%s' 2>&1 </dev/null", cases[i].env,
		              getenv("LW_BIN"), cases[i].args, DB, out);
		int st = system(cmd.data);
		char *text = tu_read(out, NULL);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != cases[i].status ||
		    (cases[i].says && !strstr(text, cases[i].says)))
			fail_msg("%s: status %d, want %d with '%s':\n%s", cmd.data, WEXITSTATUS(st),
			         cases[i].status, cases[i].says, text);
		if (!cases[i].says) {
			assert_non_null(strstr(text, "LEERWERK_LISTEN"));
			assert_non_null(strstr(text, "LEERWERK_THREADS"));
			assert_non_null(strstr(text, "/api/v1/routes/CREBO"));
		}
		free(text);
		lw_buf_free(&cmd);
	}
	free(out);
}

/* Last: SIGTERM stops it with status 0, after logging every request. */
static void test_sigterm(void **unused)
{
	(void)unused;
	assert_still_serving();
	assert_int_equal(kill(PID, SIGTERM), 0);
	int st;
	assert_int_equal(waitpid(PID, &st, 0), PID);
	PID = -1;
	assert_true(WIFEXITED(st));
	char *err = tu_read(ERRF, NULL);
	if (WEXITSTATUS(st) != 0)
		fail_msg("exit status %d:\n%s", WEXITSTATUS(st), err);
	assert_non_null(
	    strstr(err, "{\"methode\":\"GET\",\"pad\":\"/healthz\",\"status\":200,\"ms\":"));
	assert_non_null(strstr(err, "\"pad\":\"/nergens\",\"status\":404"));
	assert_non_null(strstr(err, "leerwerk: gestopt (SIGTERM)"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_healthz),
	    cmocka_unit_test(test_search),
	    cmocka_unit_test(test_suggest_and_routes),
	    cmocka_unit_test(test_bad_requests),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_script_comes_back_escaped),
	    cmocka_unit_test(test_settings),
	    cmocka_unit_test(test_sigterm),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

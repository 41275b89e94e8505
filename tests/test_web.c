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
	/* Markup in imported data must come out inert on every page. */
	char *csv = tu_path(DIR, "schemes.csv");
	tu_writes(csv, "code,naam,doelgroepen,voorwaarden,bedrag,website\n"
	               "xss-1,\"<script>alert('naam')</script> Scholingsbonus\",werknemer,"
	               "\"\"\"><img src=x onerror=alert(1)> voor iedereen\",300 euro,"
	               "https://example.org/?a=1&b=<b>\n");
	lw_buf imp = LW_BUF_INIT;
	lw_buf_printf(&imp, "import schemes '%s'", csv);
	lw_ok(imp.data);
	lw_buf_free(&imp);
	free(csv);
	static const char *const env[] = {"LEERWERK_VRAGEN_PER_UUR=6", NULL};
	PID = tu_serve(DB, ERRF, "2", env, &PORT);
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

/* A request with extra header lines ("Name: value\r\n"...) and a body. */
static response http_body(const char *method, const char *target, const char *headers,
                          const char *body)
{
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b,
	              "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s"
	              "Content-Length: %zu\r\n\r\n%s",
	              method, target, headers, strlen(body), body);
	response r = http_raw(b.data, b.len);
	lw_buf_free(&b);
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
	assert_header(r, "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
	                 "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n");
	assert_header(r, "X-Frame-Options: DENY\r\n");
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
	    {"GET", "/api/v1/nergens", NULL, 404},
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
	    {"GET", "/zoeken?q=%ff", "UTF-8", 400},
	    {"GET", "/%zz", "%-codering", 400},
	    {"PUT", "/api/v1/regions", NULL, 405},
	    {"GET", "/api/v1/questions", NULL, 405},
	    {"GET", "/api/v1/items/fiets/1", "soort", 404},
	    {"GET", "/api/v1/items/kwalificatie/00000", "00000", 404},
	    {"GET", "/api/v1/desks", "'plaats'", 400},
	    {"GET", "/api/v1/desks?plaats=1000", "1000", 404},
	    {"GET", "/api/v1/desks?plaats=%3Cb%3E", "\\u003cb\\u003e", 404},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		response r = http(cases[i].method, cases[i].target);
		assert_problem(&r, cases[i].status);
		if (cases[i].says)
			BODY_HAS(r, cases[i].says);
		if (cases[i].status == 405)
			assert_header(&r, strstr(cases[i].target, "questions") ? "Allow: POST\r\n"
			                                                        : "Allow: GET, HEAD\r\n");
		response_free(&r);
		assert_still_serving();
	}
}

static void test_limits(void **unused)
{
	(void)unused;
	/* A slow client that never finishes its headers blocks nobody else. */
	int slow[4];
	for (int i = 0; i < 4; i++) {
		slow[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(slow[i] >= 0);
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)PORT)};
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(connect(slow[i], (struct sockaddr *)&sa, sizeof sa), 0);
		const char *part = "GET /healthz HTTP/1.1\r\nHost: 127.0";
		assert_true(send(slow[i], part, strlen(part), MSG_NOSIGNAL) > 0);
	}
	assert_still_serving();
	response fast = http("GET", "/zoeken?q=kok");
	assert_int_equal(fast.status, 200);
	response_free(&fast);
	for (int i = 0; i < 4; i++)
		close(slow[i]);

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
			assert_non_null(strstr(text, "LEERWERK_STATIC"));
			assert_non_null(strstr(text, "LEERWERK_HELPDESK_TELEFOON"));
			assert_non_null(strstr(text, "LEERWERK_HELPDESK_UREN"));
			assert_non_null(strstr(text, "LEERWERK_VRAGEN_PER_UUR"));
			assert_non_null(strstr(text, "LEERWERK_DB"));
			assert_non_null(strstr(text, "/metrics"));
		}
		free(text);
		lw_buf_free(&cmd);
	}
	free(out);
}


/* ---- the portal's pages ----------------------------------------------------------- */

/* An HTML page with status, in Dutch, with the frame every page has. */
static void assert_page(const response *r, int status)
{
	if (r->status != status)
		fail_msg("want %d, got:\n%.2000s", status, r->raw);
	assert_safe_headers(r);
	assert_header(r, "Content-Type: text/html; charset=utf-8\r\n");
	BODY_HAS(*r, "<html lang=\"nl\">");
	BODY_HAS(*r, "<a class=\"lw-skip\" href=\"#inhoud\">");
	BODY_HAS(*r, "<main id=\"inhoud\"");
	BODY_HAS(*r, "Bron: CBS");
	BODY_HAS(*r, "ESCO, European Commission");
	BODY_HAS(*r, "0800-1618");
	/* No script at all, and no inline style: the CSP forbids both. */
	assert_null(strstr(r->body, "<script"));
	assert_null(strstr(r->body, "style=\""));
}

static response page(const char *target, int status)
{
	response r = http("GET", target);
	assert_page(&r, status);
	return r;
}

/* The first href="..." after needle in r's body, decoded of &amp; (caller frees). */
static char *first_href(const response *r, const char *needle)
{
	const char *at = strstr(r->body, needle);
	if (!at)
		fail_msg("no '%s' in:\n%.3000s", needle, r->body);
	const char *h = strstr(at, "href=\"");
	assert_non_null(h);
	h += 6;
	lw_buf b = LW_BUF_INIT;
	for (const char *c = h; *c && *c != '"'; c++) {
		if (!strncmp(c, "&amp;", 5)) {
			lw_buf_putc(&b, '&');
			c += 4;
		} else {
			lw_buf_putc(&b, *c);
		}
	}
	char *out = strdup(b.data ? b.data : "");
	lw_buf_free(&b);
	return out;
}

static void test_pages_home_and_entries(void **unused)
{
	(void)unused;
	response r = page("/", 200);
	static const char *const groups[] = {"werkgever", "werknemer", "student", "professional",
	                                     "werkzoekende"};
	for (size_t i = 0; i < 5; i++) {
		char want[64];
		snprintf(want, sizeof want, "href=\"/voor/%s\"", groups[i]);
		BODY_HAS(r, want);
	}
	BODY_HAS(r, "action=\"/zoeken\"");
	BODY_HAS(r, "action=\"/loket\"");
	response_free(&r);
	for (size_t i = 0; i < 5; i++) {
		char path[64];
		snprintf(path, sizeof path, "/voor/%s", groups[i]);
		r = page(path, 200);
		BODY_HAS(r, "EVC");
		BODY_HAS(r, "action=\"/loket\"");
		BODY_HAS(r, "href=\"/zoeken?kind=");
		response_free(&r);
	}
	r = page("/voor/directeur", 404);
	response_free(&r);
	r = page("/helpdesk", 200);
	BODY_HAS(r, "href=\"tel:08001618\"");
	BODY_HAS(r, "maandag tot en met vrijdag");
	response_free(&r);
	r = page("/nergens", 404);
	BODY_HAS(r, "Pagina niet gevonden");
	response_free(&r);
	r = http("POST", "/zoeken");
	assert_int_equal(r.status, 405);
	response_free(&r);
}

static void test_pages_search(void **unused)
{
	(void)unused;
	response r = page("/zoeken", 200);
	BODY_HAS(r, "<label class=\"utrecht-form-label\" for=\"q\">");
	response_free(&r);

	r = page("/zoeken?q=kok&near=3511&km=50", 200);
	BODY_HAS(r, "resultaten</h2>");
	BODY_HAS(r, "<mark class=\"lw-mark\">Kok</mark>");
	BODY_HAS(r, " km</p>");
	BODY_HAS(r, "name=\"f.soort\"");
	response_free(&r);
	r = page("/zoeken?kind=kwalificatie", 200);
	BODY_HAS(r, "name=\"f.niveau\"");
	BODY_HAS(r, "rel=\"next\"");
	char *next = first_href(&r, "rel=\"next\"");
	assert_non_null(strstr(next, "pagina=2"));
	response_free(&r);
	r = page(next, 200);
	BODY_HAS(r, "Pagina 2 van");
	BODY_HAS(r, "rel=\"prev\"");
	free(next);
	response_free(&r);

	/* A facet filter narrows, shows itself, and can be taken away. */
	r = page("/zoeken?q=kok&f.niveau=2", 200);
	BODY_HAS(r, "Filters: ");
	BODY_HAS(r, "niveau: 2");
	BODY_HAS(r, "value=\"2\" checked");
	response_free(&r);

	/* Sorting by distance, by date; a kind. */
	r = page("/zoeken?q=kok&near=Utrecht&sort=afstand", 200);
	response_free(&r);
	r = page("/zoeken?kind=vacature&sort=datum", 200);
	BODY_HAS(r, "geplaatst ");
	assert_null(strstr(r.body, "geplaatst 20")); /* "12 maart 2026", not ISO */
	response_free(&r);

	/* A typo: corrected or suggested. */
	r = page("/zoeken?q=verpleegkundgie", 200);
	if (!strstr(r.body, "Bedoelde je") && !strstr(r.body, "Dit zijn de resultaten voor"))
		fail_msg("no correction:\n%.3000s", r.body);
	response_free(&r);

	/* Nothing found: ways on. */
	r = page("/zoeken?q=xyzzyqq&kind=evc&near=3511", 200);
	BODY_HAS(r, "Niets gevonden");
	BODY_HAS(r, "Zoek in alle soorten");
	BODY_HAS(r, "km=100");
	BODY_HAS(r, "href=\"/vraag\"");
	response_free(&r);

	/* Bad parameters: the page says which, as a 400. */
	r = page("/zoeken?q=kok&sort=afstand", 400);
	BODY_HAS(r, "Parameter &#39;sort&#39;");
	response_free(&r);
	r = page("/zoeken?q=kok&kind=fiets", 400);
	BODY_HAS(r, "Parameter &#39;kind&#39;");
	response_free(&r);
}

/* Every kind has a detail page, reached from its first search result. */
static void test_pages_details(void **unused)
{
	(void)unused;
	static const char *const kinds[] = {"kwalificatie", "beroep",   "opleiding", "evc",
	                                    "leerbedrijf",  "vacature", "regeling",  "loket"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char target[96];
		snprintf(target, sizeof target, "/zoeken?kind=%s", kinds[i]);
		response r = page(target, 200);
		char *href = first_href(&r, "<ol class=\"lw-results\"");
		response_free(&r);
		char prefix[32];
		snprintf(prefix, sizeof prefix, "/%s/", kinds[i]);
		if (strncmp(href, prefix, strlen(prefix)) != 0)
			fail_msg("%s: first result links to %s", kinds[i], href);
		r = page(href, 200);
		BODY_HAS(r, "<h1 class=\"utrecht-heading-1\">");
		BODY_HAS(r, "<dl class=\"lw-facts\">");
		response_free(&r);
		free(href);
	}
	/* A qualification: every route, near a place when given. */
	response r = page("/kwalificatie/25180", 200);
	BODY_HAS(r, "Wegen naar dit diploma");
	BODY_HAS(r, "Naar school");
	BODY_HAS(r, "Leren en werken (BBL)");
	BODY_HAS(r, "EVC: laten erkennen");
	BODY_HAS(r, "Beroepen");
	response_free(&r);
	r = page("/kwalificatie/25180?near=3511", 200);
	BODY_HAS(r, "Binnen 25,0 km van");
	response_free(&r);
	r = page("/kwalificatie/25180?near=Nergenshuizen", 400);
	BODY_HAS(r, "utrecht-form-field-error-message");
	BODY_HAS(r, "Naar school");
	response_free(&r);
	r = page("/kwalificatie/00000", 404);
	response_free(&r);
	r = page("/vacature/%3Cscript%3E", 404);
	assert_null(strstr(r.body, "<script>"));
	response_free(&r);
}

static void test_pages_desks(void **unused)
{
	(void)unused;
	response r = page("/loket?plaats=3511", 200);
	BODY_HAS(r, "Jouw leerwerkloket");
	BODY_HAS(r, "Openingstijden");
	BODY_HAS(r, "href=\"/loket/");
	response_free(&r);
	r = page("/loket?plaats=Utrecht", 200);
	BODY_HAS(r, "Jouw leerwerkloket");
	response_free(&r);
	r = page("/loket?plaats=Bergen", 200);
	BODY_HAS(r, "meer dan één gemeente");
	BODY_HAS(r, "href=\"/loket?plaats=GM");
	response_free(&r);
	r = page("/loket?plaats=1000", 400);
	BODY_HAS(r, "aria-invalid=\"true\"");
	BODY_HAS(r, "value=\"1000\"");
	response_free(&r);
	r = page("/loket?plaats=", 400);
	BODY_HAS(r, "Vul je postcode");
	response_free(&r);
	r = page("/loket", 200);
	response_free(&r);
	r = page("/loketten", 200);
	BODY_HAS(r, "Leerwerkloket");
	BODY_HAS(r, "<section aria-labelledby=\"AM");
	response_free(&r);
}

static void test_static_assets(void **unused)
{
	(void)unused;
	response r = page("/", 200);
	char *css = first_href(&r, "rel=\"stylesheet\"");
	response_free(&r);
	assert_non_null(strstr(css, "/static/utrecht."));
	r = http("GET", css);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type: text/css; charset=utf-8\r\n");
	assert_header(&r, "Cache-Control: public, max-age=31536000, immutable\r\n");
	BODY_HAS(r, ".utrecht-");
	response_free(&r);
	/* Another hash is another file: not found. */
	char *wrong = strdup(css);
	char *dot = strchr(wrong + strlen("/static/utrecht."), '.');
	assert_non_null(dot);
	dot[-1] = dot[-1] == '0' ? '1' : '0';
	r = http("GET", wrong);
	assert_problem(&r, 404);
	response_free(&r);
	free(wrong);
	free(css);
	r = http("GET", "/static/utrecht.css");
	assert_problem(&r, 404);
	response_free(&r);
}

/* Script and markup in imported data, queries and form fields come out inert. */
static void test_markup_is_inert(void **unused)
{
	(void)unused;
	response r = page("/zoeken?q=scholingsbonus", 200);
	BODY_HAS(r, "&lt;script&gt;alert(&#39;naam&#39;)&lt;/script&gt;");
	char *href = first_href(&r, "<ol class=\"lw-results\"");
	response_free(&r);
	r = page(href, 200);
	free(href);
	BODY_HAS(r, "&lt;script&gt;");
	BODY_HAS(r, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	BODY_HAS(r, "https://example.org/?a=1&amp;b=&lt;b&gt;");
	assert_null(strstr(r.body, "<img"));
	response_free(&r);

	r = page("/zoeken?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200);
	BODY_HAS(r, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"");
	response_free(&r);
	r = page("/loket?plaats=%22%3E%3Cscript%3Ex%3C%2Fscript%3E", 400);
	BODY_HAS(r, "&quot;&gt;&lt;script&gt;");
	response_free(&r);
	r = page("/vraag?postcode=%22%3E%3Cscript%3E&doelgroep=%3Cb%3E", 200);
	BODY_HAS(r, "value=\"&quot;&gt;&lt;script&gt;\"");
	response_free(&r);
}

/* ---- the question form --------------------------------------------------------------- */

typedef struct form_session {
	char cookie[80]; /* "lw_csrf=..." */
	char token[80];
} form_session;

static form_session open_form(void)
{
	form_session fs = {{0}, {0}};
	response r = page("/vraag", 200);
	const char *c = strstr(r.raw, "Set-Cookie: lw_csrf=");
	assert_non_null(c);
	c += strlen("Set-Cookie: ");
	snprintf(fs.cookie, sizeof fs.cookie, "%.*s", (int)strcspn(c, ";\r"), c);
	assert_non_null(strstr(r.raw, "HttpOnly; SameSite=Strict"));
	const char *t = strstr(r.body, "name=\"csrf\" value=\"");
	assert_non_null(t);
	t += strlen("name=\"csrf\" value=\"");
	snprintf(fs.token, sizeof fs.token, "%.*s", (int)strcspn(t, "\""), t);
	assert_int_equal(strlen(fs.token), 64);
	BODY_HAS(r, "<label class=\"utrecht-form-label\" for=\"email\">");
	BODY_HAS(r, "name=\"website\"");
	response_free(&r);
	return fs;
}

static response post_form(const form_session *fs, const char *fields)
{
	lw_buf h = LW_BUF_INIT, body = LW_BUF_INIT;
	lw_buf_printf(&h, "Content-Type: application/x-www-form-urlencoded\r\nCookie: %s\r\n",
	              fs->cookie);
	lw_buf_printf(&body, "csrf=%s&%s", fs->token, fields);
	response r = http_body("POST", "/vraag", h.data, body.data);
	lw_buf_free(&h);
	lw_buf_free(&body);
	return r;
}

static void test_question_form(void **unused)
{
	(void)unused;
	form_session fs = open_form();
	const char *good = "naam=Jan&email=jan%40example.nl&telefoon=&postcode=3511+AB"
	                   "&doelgroep=werknemer&onderwerp=evc"
	                   "&vraag=Kan+ik+mijn+ervaring+als+kok+laten+erkennen%3F&website=";

	/* Without the token (or with another cookie's): refused, input kept. */
	form_session bad = fs;
	bad.token[0] = bad.token[0] == 'a' ? 'b' : 'a';
	response r = post_form(&bad, good);
	assert_page(&r, 403);
	BODY_HAS(r, "verlopen");
	BODY_HAS(r, "value=\"jan@example.nl\"");
	response_free(&r);

	/* The honeypot filled in: refused, nothing stored. */
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b, "%shttp%%3A%%2F%%2Fspam.example", good);
	r = post_form(&fs, b.data);
	assert_page(&r, 400);
	response_free(&r);
	lw_buf_free(&b);

	/* Errors: next to each field, in a summary, input kept (also markup, escaped). */
	r = post_form(&fs, "naam=%3Cb%3EJan%3C%2Fb%3E&email=jan&telefoon=&postcode=0000"
	                   "&doelgroep=&onderwerp=evc&vraag=kort&website=");
	assert_page(&r, 422);
	BODY_HAS(r, "Controleer het formulier");
	BODY_HAS(r, "id=\"email-fout\"");
	BODY_HAS(r, "aria-describedby=\"email-uitleg email-fout\" aria-invalid=\"true\"");
	BODY_HAS(r, "id=\"postcode-fout\"");
	BODY_HAS(r, "id=\"doelgroep-fout\"");
	BODY_HAS(r, "id=\"vraag-fout\"");
	BODY_HAS(r, "value=\"&lt;b&gt;Jan&lt;/b&gt;\"");
	BODY_HAS(r, "<option value=\"evc\" selected>");
	BODY_HAS(r, ">kort</textarea>");
	response_free(&r);

	/* Right: 303 to the confirmation, which names the reference and the desk. */
	r = post_form(&fs, good);
	if (r.status != 303)
		fail_msg("want 303, got:\n%.3000s", r.raw);
	const char *loc = strstr(r.raw, "Location: /vraag/ontvangen?ref=LW-");
	assert_non_null(loc);
	char target[64];
	snprintf(target, sizeof target, "%.*s", (int)strcspn(loc + 10, "\r"), loc + 10);
	response_free(&r);
	r = page(target, 200);
	BODY_HAS(r, "Je vraag is ontvangen");
	BODY_HAS(r, target + strlen("/vraag/ontvangen?ref="));
	BODY_HAS(r, "Leerwerkloket");
	assert_null(strstr(r.body, "jan@example.nl")); /* no personal data */
	response_free(&r);
	r = page("/vraag/ontvangen?ref=LW-AAAAAAAA", 404);
	response_free(&r);
	r = http("PUT", "/vraag");
	assert_int_equal(r.status, 405);
	assert_header(&r, "Allow: GET, HEAD, POST\r\n");
	response_free(&r);
}

static void test_api_items_desks_regions(void **unused)
{
	(void)unused;
	response r = http("GET", "/api/v1/items/kwalificatie/25180");
	assert_int_equal(r.status, 200);
	assert_header(&r, "Access-Control-Allow-Origin: *\r\n");
	BODY_HAS(r, "\"soort\":\"kwalificatie\",\"sleutel\":\"25180\",\"titel\":\"Kok\"");
	BODY_HAS(r, "\"velden\":[");
	response_free(&r);
	r = http("GET", "/api/v1/desks?plaats=3511");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"eenduidig\":true");
	BODY_HAS(r, "\"loketten\":[{\"code\":");
	response_free(&r);
	r = http("GET", "/api/v1/desks?plaats=Bergen");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"eenduidig\":false");
	response_free(&r);
	r = http("GET", "/api/v1/regions");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"totaal\":35");
	response_free(&r);
	r = http("GET", "/api/v1/openapi.json");
	assert_int_equal(r.status, 200);
	BODY_HAS(r, "\"openapi\":");
	response_free(&r);
}

static void test_api_questions(void **unused)
{
	(void)unused;
	const char *json = "Content-Type: application/json\r\n";
	response r = http_body("POST", "/api/v1/questions", json,
	                       "{\"email\":\"a@example.nl\",\"postcode\":\"3511\",\"doelgroep\":"
	                       "\"werkgever\",\"onderwerp\":\"scholing\",\"vraag\":\"Hoe word ik "
	                       "een erkend leerbedrijf?\"}");
	if (r.status != 201)
		fail_msg("want 201, got:\n%s", r.raw);
	BODY_HAS(r, "\"referentie\":\"LW-");
	BODY_HAS(r, "\"loket\":{\"code\":");
	assert_header(&r, "Location: /vraag/ontvangen?ref=LW-");
	response_free(&r);
	r = http_body("POST", "/api/v1/questions", json, "{\"postcode\":\"abc\",\"vraag\":\"?\"}");
	assert_problem(&r, 422);
	BODY_HAS(r, "\"fouten\":[{\"veld\":\"email\"");
	BODY_HAS(r, "\"veld\":\"postcode\"");
	response_free(&r);
	r = http_body("POST", "/api/v1/questions", json, "{\"email\": 12}");
	assert_problem(&r, 400);
	response_free(&r);
	r = http_body("POST", "/api/v1/questions", json, "{kapot");
	assert_problem(&r, 400);
	BODY_HAS(r, "regel 1");
	response_free(&r);
	r = http_body("POST", "/api/v1/questions", "Content-Type: text/plain\r\n", "hallo");
	assert_problem(&r, 415);
	response_free(&r);
}

/* After the other tests' questions: the limit per address (6 an hour in setup). */
static void test_rate_limit(void **unused)
{
	(void)unused;
	const char *json = "Content-Type: application/json\r\n";
	int limited = 0;
	for (int i = 0; i < 8 && !limited; i++) {
		response r = http_body("POST", "/api/v1/questions", json, "{}");
		if (r.status == 429) {
			assert_problem(&r, 429);
			assert_header(&r, "Retry-After: 3600\r\n");
			limited = 1;
		} else {
			assert_problem(&r, 422);
		}
		response_free(&r);
	}
	assert_true(limited);
	form_session fs = open_form();
	response r = post_form(&fs, "email=a%40b.nl&postcode=3511&doelgroep=student&onderwerp=evc"
	                            "&vraag=Een+vraag+van+genoeg+tekens&website=");
	assert_page(&r, 429);
	BODY_HAS(r, "te veel vragen");
	BODY_HAS(r, "value=\"a@b.nl\"");
	response_free(&r);
}

static void test_metrics(void **unused)
{
	(void)unused;
	response r = http("GET", "/metrics");
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n");
	BODY_HAS(r, "# TYPE leerwerk_http_requests_total counter");
	BODY_HAS(r, "leerwerk_http_requests_total{route=\"/zoeken\",status=\"200\"} ");
	BODY_HAS(r, "leerwerk_http_requests_total{route=\"/api/v1/search\",status=\"400\"} ");
	BODY_HAS(r, "leerwerk_http_requests_total{route=\"(server)\",status=\"413\"} ");
	BODY_HAS(r, "leerwerk_http_request_duration_seconds_bucket{route=\"/zoeken\",le=\"+Inf\"} ");
	BODY_HAS(r, "leerwerk_http_request_duration_seconds_count{route=\"/\"} ");
	BODY_HAS(r, "\nleerwerk_items ");
	BODY_HAS(r, "\nleerwerk_questions 2\n");
	response_free(&r);
}

/* The monitor reports built so far, from /metrics. */
static long reports_built(void)
{
	static const char name[] = "\nleerwerk_monitor_reports_built_total ";
	response r = http("GET", "/metrics");
	assert_int_equal(r.status, 200);
	const char *at = strstr(r.body, name);
	assert_non_null(at);
	long n = strtol(at + strlen(name), NULL, 10);
	response_free(&r);
	return n;
}

/*
 * /monitor is built once per covenant, day and state of the store, and kept:
 * the same page again without building; a registration by another process
 * (the command line) makes the next request build it again.
 */
static void test_monitor_kept(void **unused)
{
	(void)unused;
	long n0 = reports_built();
	response a = page("/monitor", 200);
	assert_int_equal(reports_built(), n0 + 1);
	response b = page("/monitor", 200);
	assert_int_equal(reports_built(), n0 + 1);
	assert_string_equal(a.body, b.body);
	response c = page("/monitor?convenant=vb-groen", 200);
	BODY_HAS(c, "vb-groen");
	response d = page("/monitor?convenant=vb-groen", 200);
	assert_string_equal(c.body, d.body);
	assert_int_equal(reports_built(), n0 + 2);
	response e = page("/monitor?convenant=GEEN", 404);
	char longer[128] = "/monitor?convenant=";
	memset(longer + strlen(longer), 'x', 90); /* longer than any covenant code */
	response e2 = page(longer, 404);
	response_free(&e2);
	assert_int_equal(reports_built(), n0 + 2);
	setenv("LEERWERK_PSEUDONIEM_SLEUTEL",
	       "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1);
	lw_ok("monitor add --convenant vb-groen --bsn 111222333 --soort evc --niveau mbo-2 "
	      "--sector landbouw --gemeente GM0344 --start 2009-03-02 --leeftijd 30");
	unsetenv("LEERWERK_PSEUDONIEM_SLEUTEL");
	response f = page("/monitor", 200);
	assert_int_equal(reports_built(), n0 + 3);
	response g = page("/monitor?convenant=vb-groen", 200);
	response h = page("/monitor", 200);
	assert_int_equal(reports_built(), n0 + 4);
	response *all[] = {&a, &b, &c, &d, &e, &f, &g, &h};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		response_free(all[i]);
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
	assert_non_null(strstr(err, "\"pad\":\"/api/v1/nergens\",\"status\":404"));
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
	    cmocka_unit_test(test_pages_home_and_entries),
	    cmocka_unit_test(test_pages_search),
	    cmocka_unit_test(test_pages_details),
	    cmocka_unit_test(test_pages_desks),
	    cmocka_unit_test(test_static_assets),
	    cmocka_unit_test(test_markup_is_inert),
	    cmocka_unit_test(test_question_form),
	    cmocka_unit_test(test_api_items_desks_regions),
	    cmocka_unit_test(test_api_questions),
	    cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_metrics),
	    cmocka_unit_test(test_monitor_kept),
	    cmocka_unit_test(test_settings),
	    cmocka_unit_test(test_sigterm),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

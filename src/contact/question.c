/*
 * question.c - "Stel je vraag": checking a visitor's question, routing it to
 * the desk of their postcode, storing it, finding it back by its reference,
 * and counting questions per desk and topic. docs/internals/contact.md.
 */
#include "lw_contact.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- the choices -------------------------------------------------------- */

static const lw_choice topics[LW_QUESTION_NTOPICS + 1] = {
    {"evc", "EVC (erkennen van wat je al kunt)"},
    {"duaal", "Duaal leren (leren en werken, BBL)"},
    {"scholing", "Scholing voor personeel"},
    {"financiering", "Financiering en regelingen"},
    {"werk", "Werk zoeken"},
    {"anders", "Iets anders"},
    {NULL, NULL},
};

/* The same codes as the search's doelgroep: filter (src/search/engine.c). */
static const lw_choice groups[] = {
    {"werkgever", "Werkgever"},         {"werknemer", "Werknemer"},
    {"student", "Student of scholier"}, {"professional", "Professional (adviseur, docent, HR)"},
    {"werkzoekende", "Werkzoekende"},   {NULL, NULL},
};

const lw_choice *lw_question_topics(void)
{
	return topics;
}

const lw_choice *lw_question_groups(void)
{
	return groups;
}

const lw_choice *lw_choice_find(const lw_choice *list, const char *code)
{
	for (const lw_choice *c = list; code && c->code; c++)
		if (strcasecmp(c->code, code) == 0)
			return c;
	return NULL;
}

/* ---- the rules ---------------------------------------------------------- */

#define NAME_MAX_CHARS 100
#define EMAIL_MAX_CHARS 254
#define TEXT_MIN_CHARS 10
#define TEXT_MAX_CHARS 2000
#define REF_TRIES 8

/* The fields in the order of lw_question_in. */
enum { F_NAME, F_EMAIL, F_PHONE, F_POSTCODE, F_GROUP, F_TOPIC, F_TEXT, NFIELDS };
static const char *const field_names[NFIELDS] = {
    "name", "email", "phone", "postcode", "target_group", "topic", "text",
};

/* The messages, each saying what to do. */
#define MSG_NOT_UTF8 "Dit veld bevat tekens die we niet kunnen lezen; typ het opnieuw."
#define MSG_NAME_LONG "Je naam is te lang: gebruik hoogstens 100 tekens."
#define MSG_NAME_CTRL                                                                              \
	"Je naam bevat een teken dat niet is toegestaan (een stuurteken of regeleinde); "          \
	"haal het weg."
#define MSG_CONTACT_NONE "Vul een e-mailadres of een telefoonnummer in."
#define MSG_EMAIL_BAD "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
#define MSG_EMAIL_LONG "Dit e-mailadres is te lang: gebruik hoogstens 254 tekens."
#define MSG_PHONE_BAD                                                                              \
	"Vul een Nederlands telefoonnummer in van 10 cijfers, bijvoorbeeld 06-12345678 of "        \
	"030-1234567, of met +31."
#define MSG_POSTCODE_NONE "Vul je postcode in, bijvoorbeeld 3511 AB."
#define MSG_POSTCODE_BAD                                                                           \
	"Vul een geldige postcode in: 4 cijfers en eventueel 2 letters, bijvoorbeeld "             \
	"3511 AB."
#define MSG_POSTCODE_UNKNOWN "Deze postcode kennen we niet. Controleer de cijfers en letters."
#define MSG_POSTCODE_NO_DESK                                                                       \
	"Voor deze postcode kunnen we nog geen leerwerkloket vinden. Bel gratis de "               \
	"landelijke helpdesk: 0800-1618."
#define MSG_GROUP "Kies wie je bent: werkgever, werknemer, student, professional of werkzoekende."
#define MSG_TOPIC                                                                                  \
	"Kies een onderwerp: EVC, duaal leren, scholing, financiering, werk zoeken of iets "       \
	"anders."
#define MSG_TEXT_NONE "Schrijf je vraag op."
#define MSG_TEXT_SHORT "Je vraag is te kort: schrijf minstens 10 tekens."
#define MSG_TEXT_LONG "Je vraag is te lang: gebruik hoogstens 2000 tekens."
#define MSG_TEXT_CTRL                                                                              \
	"Je vraag bevat een teken dat niet is toegestaan (een stuurteken); haal het weg."

const char *lw_question_error(const lw_question_errors *errs, const char *field)
{
	for (size_t i = 0; errs && field && i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return errs->e[i].msg;
	return NULL;
}

/* Number of UTF-8 characters in valid UTF-8 s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/*
 * 1 when valid UTF-8 s holds a control character: C0 (U+0000-U+001F) except
 * newline and tab when multiline, DEL, or C1 (U+0080-U+009F, encoded C2 80-9F).
 */
static int has_control(const char *s, int multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t')))
			return 1;
		if (*p == 0x7F || (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 1;
	}
	return 0;
}

/*
 * Copies field s into b: line ends made "\n" (a browser sends a textarea's
 * as CRLF), surrounding white space trimmed. Returns 0 when empty, 1 when
 * not, LW_ENOMEM.
 */
static int take(const char *s, lw_buf *b)
{
	lw_buf_reset(b);
	if (lw_buf_puts(b, "") != LW_OK)
		return LW_ENOMEM;
	for (const char *p = s ? s : ""; *p; p++) {
		char c = *p;
		if (c == '\r') {
			if (p[1] == '\n')
				p++;
			c = '\n';
		}
		if (lw_buf_putc(b, c) != LW_OK)
			return LW_ENOMEM;
	}
	b->len = lw_trim_n(b->data, b->len);
	return b->len > 0;
}

/* Plausible, not RFC 5322: one @, something before it, a dotted domain. */
static const char *check_email(const char *e)
{
	if (utf8_chars(e) > EMAIL_MAX_CHARS)
		return MSG_EMAIL_LONG;
	const char *at = strchr(e, '@');
	if (!at || at == e || strchr(at + 1, '@'))
		return MSG_EMAIL_BAD;
	/* No white space, and none of the characters that only a quoted local
	 * part may hold (a comma or semicolon means a list of addresses). */
	for (const unsigned char *p = (const unsigned char *)e; *p; p++)
		if (isspace(*p) || strchr("\"(),:;<>[\\]", *p))
			return MSG_EMAIL_BAD;
	const char *dom = at + 1, *dot = strrchr(dom, '.');
	size_t n = strlen(dom);
	if (!dot || dom[0] == '.' || dom[0] == '-' || dom[n - 1] == '.' || dom[n - 1] == '-' ||
	    strstr(dom, "..") || strlen(dot + 1) < 2 || e[0] == '.' || at[-1] == '.')
		return MSG_EMAIL_BAD;
	return NULL;
}

/*
 * Dutch: spaces, dashes and parentheses left out, 10 digits from 0 ("06
 * 12345678", "(030) 123 45 67"), +31 or 0031 and 9 digits ("+31 (0)6 ..."
 * too), or a free or paid service number 0800/0900 with 4 or 7 digits.
 */
static const char *check_phone(const char *s)
{
	char d[32];
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '(' || *p == ')')
			continue;
		if (!(isdigit((unsigned char)*p) || (*p == '+' && n == 0)) || n + 1 >= sizeof d)
			return MSG_PHONE_BAD;
		d[n++] = *p;
	}
	d[n] = '\0';
	const char *rest = NULL;
	if (strncmp(d, "+31", 3) == 0)
		rest = d + 3;
	else if (strncmp(d, "0031", 4) == 0)
		rest = d + 4;
	if (rest) {
		if (rest[0] == '0') /* +31 (0)6 ... */
			rest++;
		return strlen(rest) == 9 && rest[0] != '0' && lw_is_digits(rest, 9) ? NULL
		                                                                    : MSG_PHONE_BAD;
	}
	if (d[0] != '0' || !lw_is_digits(d, n))
		return MSG_PHONE_BAD;
	if (strncmp(d, "0800", 4) == 0 || strncmp(d, "0900", 4) == 0)
		return n == 8 || n == 11 ? NULL : MSG_PHONE_BAD;
	return n == 10 && d[1] != '0' ? NULL : MSG_PHONE_BAD;
}

/* ---- references --------------------------------------------------------- */

/* 32 characters: no 0/O and no 1/I, so a reference read aloud is unambiguous. */
static const char ref_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static void new_reference(char out[16])
{
	unsigned char r[8];
	sqlite3_randomness((int)sizeof r, r); /* seeded from /dev/urandom */
	memcpy(out, "LW-", 3);
	for (int i = 0; i < 8; i++)
		out[3 + i] = ref_alphabet[r[i] & 31]; /* 256 % 32 == 0: uniform */
	out[11] = '\0';
}

int lw_question_reference_valid(const char *s)
{
	if (!s || strlen(s) != 11 || strncmp(s, "LW-", 3) != 0)
		return 0;
	for (int i = 3; i < 11; i++)
		if (!s[i] || !strchr(ref_alphabet, s[i]))
			return 0;
	return 1;
}

/* ---- submitting --------------------------------------------------------- */

static int valid_channel(const char *c)
{
	static const char *const channels[] = {"web", "api", "telefoon", "balie", NULL};
	for (size_t i = 0; c && channels[i]; i++)
		if (strcmp(c, channels[i]) == 0)
			return 1;
	return 0;
}

/* Copies desk d into arena a (via kept). 0 when out of memory. */
static int copy_desk(lw_arena *a, const lw_desk *d, lw_desk *out)
{
	const char *const *src[] = {&d->code,  &d->name,  &d->address, &d->postcode,      &d->place,
	                            &d->phone, &d->email, &d->website, &d->opening_hours, &d->via};
	const char **dst[] = {&out->code,          &out->name,  &out->address, &out->postcode,
	                      &out->place,         &out->phone, &out->email,   &out->website,
	                      &out->opening_hours, &out->via};
	for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
		*dst[i] = lw_arena_strdup(a, *src[i]);
		if (*src[i] && !*dst[i])
			return 0;
	}
	out->is_default = d->is_default;
	return 1;
}

static void utc_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The checked fields, owned by the submission. */
typedef struct checked {
	lw_buf f[NFIELDS];
	const char *msg[NFIELDS]; /* the problem of each field, or NULL */
	char postcode[8];         /* normalised */
	const lw_choice *group, *topic;
	int no_desk; /* the postcode is fine, but no desk serves it */
} checked;

/* Checks every field but the postcode's place in the tables. */
static int check_fields(const lw_question_in *q, checked *c)
{
	const char *in[NFIELDS] = {q->name,         q->email, q->phone, q->postcode,
	                           q->target_group, q->topic, q->text};
	int has[NFIELDS];
	for (int i = 0; i < NFIELDS; i++) {
		int rc = take(in[i], &c->f[i]);
		if (rc < 0)
			return rc;
		has[i] = rc;
		if (has[i] && !lw_utf8_valid(c->f[i].data, c->f[i].len, NULL))
			c->msg[i] = MSG_NOT_UTF8;
		else if (has[i] && has_control(c->f[i].data, i == F_TEXT))
			c->msg[i] = i == F_TEXT       ? MSG_TEXT_CTRL
			            : i == F_NAME     ? MSG_NAME_CTRL
			            : i == F_EMAIL    ? MSG_EMAIL_BAD
			            : i == F_PHONE    ? MSG_PHONE_BAD
			            : i == F_POSTCODE ? MSG_POSTCODE_BAD
			            : i == F_GROUP    ? MSG_GROUP
			                              : MSG_TOPIC;
	}
	if (!c->msg[F_NAME] && has[F_NAME] && utf8_chars(c->f[F_NAME].data) > NAME_MAX_CHARS)
		c->msg[F_NAME] = MSG_NAME_LONG;
	if (!has[F_EMAIL] && !has[F_PHONE])
		c->msg[F_EMAIL] = MSG_CONTACT_NONE;
	if (!c->msg[F_EMAIL] && has[F_EMAIL])
		c->msg[F_EMAIL] = check_email(c->f[F_EMAIL].data);
	if (!c->msg[F_PHONE] && has[F_PHONE])
		c->msg[F_PHONE] = check_phone(c->f[F_PHONE].data);
	if (!has[F_POSTCODE])
		c->msg[F_POSTCODE] = MSG_POSTCODE_NONE;
	else if (!c->msg[F_POSTCODE] && !lw_geo_postcode_parse(c->f[F_POSTCODE].data, c->postcode))
		c->msg[F_POSTCODE] = MSG_POSTCODE_BAD;
	if (!c->msg[F_GROUP] && !(c->group = lw_choice_find(groups, c->f[F_GROUP].data)))
		c->msg[F_GROUP] = MSG_GROUP;
	if (!c->msg[F_TOPIC] && !(c->topic = lw_choice_find(topics, c->f[F_TOPIC].data)))
		c->msg[F_TOPIC] = MSG_TOPIC;
	if (!has[F_TEXT])
		c->msg[F_TEXT] = MSG_TEXT_NONE;
	else if (!c->msg[F_TEXT]) {
		size_t n = utf8_chars(c->f[F_TEXT].data);
		if (n < TEXT_MIN_CHARS)
			c->msg[F_TEXT] = MSG_TEXT_SHORT;
		else if (n > TEXT_MAX_CHARS)
			c->msg[F_TEXT] = MSG_TEXT_LONG;
	}
	return LW_OK;
}

/* NULL for an empty field (stored as SQL NULL). */
static const char *value(const checked *c, int i)
{
	return c->f[i].len ? c->f[i].data : NULL;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Inserts the question with a fresh reference (retried on a collision). */
static int insert(lw_store *s, const checked *c, const char *channel, const char *municipality,
                  lw_question_receipt *out, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
	    s, &st,
	    "INSERT INTO question(reference, received_at, channel, name, email, phone, "
	    "postcode, municipality_code, desk_code, desk_name, target_group, topic, text) "
	    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	    err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 2, out->received_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, channel, -1, SQLITE_STATIC);
	bind_opt(st, 4, value(c, F_NAME));
	bind_opt(st, 5, value(c, F_EMAIL));
	bind_opt(st, 6, value(c, F_PHONE));
	sqlite3_bind_text(st, 7, c->postcode, -1, SQLITE_STATIC);
	bind_opt(st, 8, municipality);
	sqlite3_bind_text(st, 9, out->desk.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, out->desk.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, c->group->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, c->topic->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, c->f[F_TEXT].data, -1, SQLITE_STATIC);
	int step = SQLITE_ERROR;
	for (int i = 0; i < REF_TRIES; i++) {
		new_reference(out->reference);
		sqlite3_bind_text(st, 1, out->reference, -1, SQLITE_STATIC);
		step = sqlite3_step(st); /* extended result codes are on (lw_store_open) */
		if (step != SQLITE_CONSTRAINT_UNIQUE)
			break;
		sqlite3_reset(st); /* that reference is taken: draw another */
	}
	rc = step == SQLITE_DONE ? LW_OK : lw_store_fail(s, err, "vraag vastleggen mislukt");
	sqlite3_finalize(st);
	if (rc != LW_OK)
		out->reference[0] = '\0';
	return rc;
}

/*
 * Why lw_geo_where found nothing for postcode pc: 0 when the postcode table
 * lacks it (and its PC4 area), 1 when its area lies in no municipality (a
 * gap in the data: no desk), LW_ENOMEM when it is there with a municipality
 * (so the lookup ran out of memory), or a store error.
 */
static int why_not_found(lw_store *s, const char *pc, lw_err *err)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(s, &st,
	                          "SELECT municipality_code IS NOT NULL FROM postcode "
	                          "WHERE code IN (?1, substr(?1, 1, 4)) ORDER BY length(code) DESC "
	                          "LIMIT 1",
	                          err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, pc, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) ? lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen")
		                               : 1;
	else if (step == SQLITE_DONE)
		rc = 0;
	else
		rc = lw_store_fail(s, err, "postcode opvragen mislukt");
	sqlite3_finalize(st);
	return rc;
}

/*
 * The desk for the checked postcode, copied into out. Sets c->msg[F_POSTCODE]
 * (and returns LW_OK) when the postcode is unknown or no desk serves it.
 */
static int route(lw_store *s, checked *c, lw_question_receipt *out, const char **municipality,
                 lw_err *err)
{
	lw_where w;
	lw_err werr;
	lw_err_clear(&werr);
	int rc = lw_geo_where(s, c->postcode, &w, &werr);
	if (rc == LW_ENOTFOUND) {
		/* Not in the table, or in it with no municipality (a gap in the data). */
		rc = why_not_found(s, c->postcode, err);
		if (rc >= 0) {
			c->no_desk = rc;
			c->msg[F_POSTCODE] = rc ? MSG_POSTCODE_NO_DESK : MSG_POSTCODE_UNKNOWN;
			rc = LW_OK;
		}
	} else if (rc == LW_OK && (w.nmatches != 1 || w.matches[0].ndesks == 0)) {
		c->no_desk = 1;
		c->msg[F_POSTCODE] = MSG_POSTCODE_NO_DESK;
	} else if (rc == LW_OK) {
		const lw_municipality *m = &w.matches[0];
		*municipality = lw_arena_strdup(&out->arena, m->code);
		if (!*municipality || !copy_desk(&out->arena, &m->desks[0], &out->desk) ||
		    !out->desk.code || !out->desk.name)
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	} else {
		rc = lw_err_set(err, rc, "%s", werr.msg);
	}
	lw_where_free(&w);
	return rc;
}

int lw_question_submit(lw_store *s, const lw_question_in *q, const char *channel,
                       lw_question_receipt *out, lw_question_errors *errs, lw_err *err)
{
	lw_question_errors local;
	if (!errs)
		errs = &local;
	memset(errs, 0, sizeof *errs);
	memset(out, 0, sizeof *out);
	if (!q)
		return lw_err_set(err, LW_EUSAGE, "geen vraag meegegeven");
	if (!valid_channel(channel))
		return lw_err_set(err, LW_EUSAGE,
		                  "kanaal '%s' bestaat niet: kies web, api, telefoon of balie",
		                  channel ? channel : "");
	checked c;
	memset(&c, 0, sizeof c);
	const char *municipality = NULL;
	int rc = check_fields(q, &c);
	if (rc == LW_OK && !c.msg[F_POSTCODE])
		rc = route(s, &c, out, &municipality, err);
	if (rc != LW_OK)
		goto out;
	for (int i = 0; i < NFIELDS; i++) {
		if (c.msg[i] && errs->n < LW_QUESTION_MAX_ERRORS) {
			errs->e[errs->n].field = field_names[i];
			errs->e[errs->n].msg = c.msg[i];
			errs->n++;
		}
	}
	if (errs->n) {
		/* Only the lack of a desk: the input itself is fine. */
		int no_desk = errs->n == 1 && c.no_desk;
		rc = lw_err_set(err, no_desk ? LW_ENOTFOUND : LW_EINPUT,
		                "vraag niet vastgelegd: %s: %s%s", errs->e[0].field, errs->e[0].msg,
		                errs->n > 1 ? " (en meer, zie de velden)" : "");
		goto out;
	}
	out->channel = channel;
	out->topic = c.topic;
	utc_now(out->received_at);
	if ((rc = lw_store_begin(s, err)) != LW_OK)
		goto out;
	rc = insert(s, &c, channel, municipality, out, err);
	if (rc == LW_OK)
		rc = lw_store_commit(s, err);
	if (rc != LW_OK)
		lw_store_rollback(s);
out:
	for (int i = 0; i < NFIELDS; i++)
		lw_buf_free(&c.f[i]);
	if (rc != LW_OK) {
		lw_question_receipt_free(out);
		if (rc != LW_EINPUT && rc != LW_ENOTFOUND)
			errs->n = 0;
	}
	return rc;
}

void lw_question_receipt_free(lw_question_receipt *r)
{
	lw_arena_free(&r->arena);
	memset(r, 0, sizeof *r);
}

/* ---- finding back ------------------------------------------------------- */

int lw_question_find(lw_store *s, const char *reference, lw_question_receipt *out, lw_err *err)
{
	memset(out, 0, sizeof *out);
	/* Trimmed and in upper case; anything longer than a reference is not one. */
	char ref[16] = "";
	const char *p = reference ? reference : "", *end = p + strlen(p);
	while (isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	size_t n = (size_t)(end - p);
	for (size_t i = 0; i < n && i < sizeof ref - 1; i++)
		ref[i] = (char)toupper((unsigned char)p[i]);
	if (n >= sizeof ref || !lw_question_reference_valid(ref))
		return lw_err_set(err, LW_EINPUT,
		                  "'%.40s' is geen vraagnummer: dat is LW- en 8 letters en cijfers",
		                  reference ? reference : "");
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
	    s, &st,
	    "SELECT q.reference, q.received_at, q.channel, q.topic, q.desk_code, "
	    "coalesce(d.name, q.desk_name), d.address, d.postcode, d.place, d.phone, d.email, "
	    "d.website, d.opening_hours, d.is_default, d.code IS NULL "
	    "FROM question q LEFT JOIN desk d ON d.code = q.desk_code WHERE q.reference = ?1",
	    err);
	if (rc != LW_OK)
		return rc;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			return lw_store_fail(s, err, "vraag opvragen mislukt");
		return lw_err_set(err, LW_ENOTFOUND, "er is geen vraag met nummer %s", ref);
	}
	lw_arena *a = &out->arena;
	const char **cols[] = {NULL,
	                       NULL,
	                       &out->channel,
	                       NULL,
	                       &out->desk.code,
	                       &out->desk.name,
	                       &out->desk.address,
	                       &out->desk.postcode,
	                       &out->desk.place,
	                       &out->desk.phone,
	                       &out->desk.email,
	                       &out->desk.website,
	                       &out->desk.opening_hours};
	rc = LW_OK;
	for (int i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		if (!cols[i] || !v)
			continue;
		if (!(*cols[i] = lw_arena_strdup(a, v)))
			rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	snprintf(out->reference, sizeof out->reference, "%s",
	         (const char *)sqlite3_column_text(st, 0));
	const char *at = (const char *)sqlite3_column_text(st, 1);
	snprintf(out->received_at, sizeof out->received_at, "%s", at ? at : "");
	out->topic = lw_choice_find(topics, (const char *)sqlite3_column_text(st, 3));
	out->desk.is_default = sqlite3_column_int(st, 13);
	out->desk_gone = sqlite3_column_int(st, 14);
	sqlite3_finalize(st);
	if (rc != LW_OK)
		lw_question_receipt_free(out);
	return rc;
}

/* ---- counting ----------------------------------------------------------- */

/* 1 when s is an existing date "YYYY-MM-DD". */
static int valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

/* The index of topic code t in topics, or -1. */
static int topic_index(const char *t)
{
	for (int i = 0; t && i < LW_QUESTION_NTOPICS; i++)
		if (strcmp(topics[i].code, t) == 0)
			return i;
	return -1;
}

int lw_question_counts(lw_store *s, const char *from, const char *to, lw_question_tally *t,
                       lw_err *err)
{
	memset(t, 0, sizeof *t);
	from = from && *from ? from : NULL;
	to = to && *to ? to : NULL;
	if (from && !valid_date(from))
		return lw_err_set(
		    err, LW_EINPUT,
		    "'%.40s' is geen datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2024-01-31", from);
	if (to && !valid_date(to))
		return lw_err_set(
		    err, LW_EINPUT,
		    "'%.40s' is geen datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2024-01-31", to);
	if (from && to && strcmp(from, to) > 0)
		return lw_err_set(err, LW_EINPUT, "de periode begint (%s) na haar einde (%s)", from,
		                  to);
	t->from = lw_arena_strdup(&t->arena, from);
	t->to = lw_arena_strdup(&t->arena, to);
	if ((from && !t->from) || (to && !t->to))
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	/*
	 * One statement, so one snapshot: every desk of the network with its
	 * counts per topic (a desk with none gives one row with topic NULL),
	 * then the desks that are gone, named as in their latest question.
	 * received_at compares as text: "2024-01-31T10:00:00Z" < "2024-02-01".
	 */
	sqlite3_stmt *st;
	int rc = lw_store_prepare(
	    s, &st,
	    "WITH q AS (SELECT id, desk_code, desk_name, topic, received_at FROM question "
	    "  WHERE (?1 IS NULL OR received_at >= ?1) "
	    "  AND (?2 IS NULL OR received_at < date(?2, '+1 day'))) "
	    "SELECT d.code, d.name, 0 AS gone, q.topic, count(q.id) FROM desk d "
	    "  LEFT JOIN q ON q.desk_code = d.code GROUP BY d.code, q.topic "
	    "UNION ALL "
	    "SELECT q.desk_code, (SELECT l.desk_name FROM q l WHERE l.desk_code = q.desk_code "
	    "  ORDER BY l.received_at DESC, l.id DESC LIMIT 1), 1, q.topic, count(*) FROM q "
	    "  WHERE q.desk_code NOT IN (SELECT code FROM desk) GROUP BY q.desk_code, q.topic "
	    "ORDER BY 3, 2, 1",
	    err);
	if (rc != LW_OK)
		return rc;
	bind_opt(st, 1, from);
	bind_opt(st, 2, to);
	size_t cap = 0;
	lw_question_count *cur = NULL;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		if (!cur || strcmp(cur->desk_code, code ? code : "") != 0) {
			lw_question_count *p =
			    lw_arena_grow(&t->arena, t->desks, &t->n, &cap, sizeof *p);
			if (!p) {
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
				break;
			}
			t->desks = p;
			cur = &t->desks[t->n - 1];
			cur->desk_code = lw_arena_strdup(&t->arena, code ? code : "");
			cur->desk_name =
			    lw_arena_strdup(&t->arena, (const char *)sqlite3_column_text(st, 1));
			cur->desk_gone = sqlite3_column_int(st, 2);
			if (!cur->desk_code || (!cur->desk_name && sqlite3_column_bytes(st, 1))) {
				rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
				break;
			}
		}
		long k = (long)sqlite3_column_int64(st, 4);
		int ti = topic_index((const char *)sqlite3_column_text(st, 3));
		/* A topic no longer in the list counts in the totals only. */
		cur->total += k;
		t->all.total += k;
		if (ti >= 0) {
			cur->by_topic[ti] += k;
			t->all.by_topic[ti] += k;
		}
	}
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(s, err, "vragen tellen mislukt");
	sqlite3_finalize(st);
	return rc;
}

void lw_question_tally_free(lw_question_tally *t)
{
	lw_arena_free(&t->arena);
	memset(t, 0, sizeof *t);
}

/*
 * test_contact.c - "Stel je vraag": checking, routing to the desk of the
 * postcode, storing, references, finding back, counting, and questions
 * that outlive their desk.
 */
#include "testutil.h"

#include "lw_contact.h"
#include "lw_geo.h"
#include "lw_ingest.h"

#include <stdlib.h>
#include <string.h>

TU_REFERENCE_GROUP("contact")

/* A submission that is valid; tests change one field at a time. */
static lw_question_in good(void)
{
	return (lw_question_in){
	    .name = "Anna de Vries",
	    .email = "anna@example.nl",
	    .phone = NULL,
	    .postcode = "3511 AB",
	    .target_group = "werkgever",
	    .topic = "evc",
	    .text = "Hoe werkt EVC voor mijn medewerkers?",
	};
}

static long questions(void)
{
	int64_t n = -1;
	lw_err err;
	assert_int_equal(lw_store_int(S, "SELECT count(*) FROM question", &n, &err), LW_OK);
	return (long)n;
}

/* Submits q on the web channel; fails unless it gives want. */
static int submit(const lw_question_in *q, int want, lw_question_receipt *r,
                  lw_question_errors *errs)
{
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_question_submit(S, q, "web", r, errs, &err);
	if (rc != want)
		fail_msg("submit: rc %d (%s), want %d", rc, err.msg, want);
	return rc;
}

/* One field wrong: rejected with exactly that field's message, nothing written. */
static void rejects(lw_question_in q, const char *field, const char *msg_part)
{
	long before = questions();
	lw_question_receipt r;
	lw_question_errors errs;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_question_submit(S, &q, "web", &r, &errs, &err);
	if (rc != LW_EINPUT)
		fail_msg("want LW_EINPUT for %s ('%s'), got %d (%s)", field, msg_part, rc, err.msg);
	if (errs.n != 1 || strcmp(errs.e[0].field, field) != 0)
		fail_msg("want one error on %s, got %zu (first: %s: %s)", field, errs.n,
		         errs.n ? errs.e[0].field : "-", errs.n ? errs.e[0].msg : "-");
	if (!strstr(errs.e[0].msg, msg_part))
		fail_msg("%s: '%s' lacks '%s'", field, errs.e[0].msg, msg_part);
	assert_string_equal(lw_question_error(&errs, field), errs.e[0].msg);
	assert_non_null(strstr(err.msg, errs.e[0].msg));
	assert_int_equal(r.reference[0], '\0');
	assert_int_equal(questions(), before);
	lw_question_receipt_free(&r);
}

static void accepts(lw_question_in q)
{
	lw_question_receipt r;
	lw_question_errors errs;
	submit(&q, LW_OK, &r, &errs);
	assert_int_equal(errs.n, 0);
	lw_question_receipt_free(&r);
}

static char *repeat(const char *s, size_t n)
{
	lw_buf b = LW_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		lw_buf_puts(&b, s);
	return b.data;
}

static void test_choices(void **unused)
{
	(void)unused;
	const lw_choice *t = lw_question_topics();
	const char *codes[] = {"evc", "duaal", "scholing", "financiering", "werk", "anders"};
	for (int i = 0; i < LW_QUESTION_NTOPICS; i++) {
		assert_string_equal(t[i].code, codes[i]);
		assert_non_null(t[i].label);
	}
	assert_null(t[LW_QUESTION_NTOPICS].code);
	assert_string_equal(t[0].label, "EVC (erkennen van wat je al kunt)");
	assert_string_equal(t[1].label, "Duaal leren (leren en werken, BBL)");
	const lw_choice *g = lw_question_groups();
	size_t n = 0;
	while (g[n].code)
		n++;
	assert_int_equal(n, 5);
	assert_non_null(lw_choice_find(g, "werkzoekende"));
	assert_ptr_equal(lw_choice_find(g, "WERKGEVER"), &g[0]);
	assert_null(lw_choice_find(g, "baas"));
	assert_null(lw_choice_find(g, NULL));
}

/* The desk lw_geo_where gives for a postcode: the first that serves it. */
static char *desk_of(const char *postcode)
{
	lw_where w;
	lw_err err;
	assert_int_equal(lw_geo_where(S, postcode, &w, &err), LW_OK);
	assert_true(w.nmatches == 1 && w.matches[0].ndesks >= 1);
	char *code = lw_strdup(w.matches[0].desks[0].code);
	lw_where_free(&w);
	return code;
}

static void test_valid_submission_routes_to_the_desk(void **unused)
{
	(void)unused;
	const char *postcodes[] = {"3511 AB", "9712", "6211 kl", "1011", "4611"};
	for (size_t i = 0; i < sizeof postcodes / sizeof postcodes[0]; i++) {
		lw_question_in q = good();
		q.postcode = postcodes[i];
		lw_question_receipt r;
		lw_question_errors errs;
		long before = questions();
		submit(&q, LW_OK, &r, &errs);
		assert_int_equal(errs.n, 0);
		assert_int_equal(questions(), before + 1);
		char *want = desk_of(postcodes[i]);
		assert_string_equal(r.desk.code, want);
		assert_non_null(r.desk.name);
		assert_string_equal(r.desk.via, "regio"); /* the default network */
		assert_true(lw_question_reference_valid(r.reference));
		assert_string_equal(r.channel, "web");
		assert_string_equal(r.topic->code, "evc");
		assert_int_equal(strlen(r.received_at), 20);
		assert_int_equal(r.received_at[10], 'T');
		assert_int_equal(r.received_at[19], 'Z');

		sqlite3_stmt *st;
		lw_err err;
		assert_int_equal(
		    lw_store_prepare(S, &st,
		                     "SELECT desk_code, desk_name, channel, received_at, "
		                     "name, email, phone, target_group, topic, text "
		                     "FROM question WHERE reference = ?1",
		                     &err),
		    LW_OK);
		sqlite3_bind_text(st, 1, r.reference, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
		assert_string_equal((const char *)sqlite3_column_text(st, 1), r.desk.name);
		assert_string_equal((const char *)sqlite3_column_text(st, 2), "web");
		assert_string_equal((const char *)sqlite3_column_text(st, 3), r.received_at);
		assert_string_equal((const char *)sqlite3_column_text(st, 4), "Anna de Vries");
		assert_string_equal((const char *)sqlite3_column_text(st, 5), "anna@example.nl");
		assert_int_equal(sqlite3_column_type(st, 6), SQLITE_NULL);
		assert_string_equal((const char *)sqlite3_column_text(st, 7), "werkgever");
		assert_string_equal((const char *)sqlite3_column_text(st, 8), "evc");
		assert_string_equal((const char *)sqlite3_column_text(st, 9),
		                    "Hoe werkt EVC voor mijn medewerkers?");
		sqlite3_finalize(st);
		free(want);
		lw_question_receipt_free(&r);
	}
	tu_assert_query(S,
	                "SELECT postcode || ' ' || municipality_code || ' ' || desk_code FROM "
	                "question WHERE postcode = '3511AB'",
	                "3511AB GM0344 lwl-am13");
	tu_assert_query(S, "SELECT count(*) FROM question WHERE postcode = '6211KL'", "1");
}

static void test_trimmed_and_normalised(void **unused)
{
	(void)unused;
	lw_question_in q = {
	    .name = "   ",
	    .email = "",
	    .phone = " 06-12345678\t",
	    .postcode = " 3511ab ",
	    .target_group = " Werkzoekende ",
	    .topic = "DUAAL",
	    .text = "\r\n  Eerste regel\r\ntweede\tregel\rderde regel  \n\n",
	};
	lw_question_receipt r;
	submit(&q, LW_OK, &r, NULL);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT quote(name) || '|' || quote(email) || '|' || phone || '|' || postcode || "
	         "'|' || target_group || '|' || topic || '|' || text FROM question WHERE "
	         "reference = '%s'",
	         r.reference);
	tu_assert_query(S, sql,
	                "NULL|NULL|06-12345678|3511AB|werkzoekende|duaal|"
	                "Eerste regel\ntweede\tregel\nderde regel");
	lw_question_receipt_free(&r);
	/* Another channel; a phone only. */
	lw_err err;
	q = good();
	q.email = NULL;
	q.phone = "+31 (0)6 1234 5678";
	assert_int_equal(lw_question_submit(S, &q, "telefoon", &r, NULL, &err), LW_OK);
	assert_string_equal(r.channel, "telefoon");
	lw_question_receipt_free(&r);
	assert_int_equal(lw_question_submit(S, &q, "fax", &r, NULL, &err), LW_EUSAGE);
	assert_int_equal(lw_question_submit(S, &q, NULL, &r, NULL, &err), LW_EUSAGE);
	lw_question_receipt_free(&r);
}

static void test_every_field_is_checked(void **unused)
{
	(void)unused;
	lw_question_in q;
	char *s;

	/* name: optional, at most 100 characters (not bytes), one line. */
	q = good(), q.name = NULL;
	accepts(q);
	s = repeat("é", 100);
	q = good(), q.name = s;
	accepts(q);
	free(s);
	s = repeat("a", 101);
	q = good(), q.name = s;
	rejects(q, "name", "hoogstens 100 tekens");
	free(s);
	q = good(), q.name = "Anna\nBcc: iemand@example.nl";
	rejects(q, "name", "niet is toegestaan");
	q = good(), q.name = "Anna\tde Vries";
	rejects(q, "name", "niet is toegestaan");

	/* e-mail or phone: one of the two. */
	q = good(), q.email = NULL;
	rejects(q, "email", "Vul een e-mailadres of een telefoonnummer in.");
	q = good(), q.email = "  ", q.phone = "";
	rejects(q, "email", "Vul een e-mailadres of een telefoonnummer in.");

	const char *bad_email[] = {"anna",
	                           "anna@",
	                           "@example.nl",
	                           "anna@example",
	                           "a@@example.nl",
	                           "a@b@example.nl",
	                           "an na@example.nl",
	                           "anna@example..nl",
	                           "anna@.example.nl",
	                           "anna@example.nl.",
	                           "anna@example.n",
	                           "anna,piet@example.nl",
	                           "<anna@example.nl>",
	                           ".anna@example.nl",
	                           "anna.@example.nl",
	                           "anna@-example.nl"};
	for (size_t i = 0; i < sizeof bad_email / sizeof bad_email[0]; i++) {
		q = good(), q.email = bad_email[i];
		rejects(q, "email", "Vul een geldig e-mailadres in");
	}
	const char *good_email[] = {"a.b+c@sub.example.nl", "ANNA@EXAMPLE.COM", "jörg@例え.jp",
	                            "o'brien@example.ie"};
	for (size_t i = 0; i < sizeof good_email / sizeof good_email[0]; i++) {
		q = good(), q.email = good_email[i];
		accepts(q);
	}
	s = repeat("a", 250);
	lw_buf e = LW_BUF_INIT;
	lw_buf_printf(&e, "%s@x.nl", s); /* 255 characters */
	q = good(), q.email = e.data;
	rejects(q, "email", "hoogstens 254 tekens");
	lw_buf_truncate(&e, 0);
	lw_buf_printf(&e, "%.*s@x.nl", 249, s); /* 254 */
	q = good(), q.email = e.data;
	accepts(q);
	lw_buf_free(&e);
	free(s);

	/* phone: Dutch. */
	const char *good_phone[] = {"0612345678",     "06-12345678",       "06 1234 5678",
	                            "030-1234567",    "(030) 123 45 67",   "+31612345678",
	                            "+31 6 12345678", "+31 (0)6 12345678", "0031 30 1234567",
	                            "0800-1618",      "0800 1234567",      "0900-1234",
	                            "0900-123 45 67"};
	for (size_t i = 0; i < sizeof good_phone / sizeof good_phone[0]; i++) {
		q = good(), q.email = NULL, q.phone = good_phone[i];
		accepts(q);
	}
	const char *bad_phone[] = {
	    "12345",       "061234567",     "06123456789",      "6123456789",
	    "0012345678",  "+32 612345678", "+31 0612345678 9", "+31 012345678",
	    "06-1234567a", "06.12345678",   "0800-16180",       "0900-12345",
	    "+",           "06+12345678",   "tel 0612345678"};
	for (size_t i = 0; i < sizeof bad_phone / sizeof bad_phone[0]; i++) {
		q = good(), q.phone = bad_phone[i];
		rejects(q, "phone", "Nederlands telefoonnummer");
	}

	/* postcode: required, a postcode, one that exists. */
	q = good(), q.postcode = NULL;
	rejects(q, "postcode", "Vul je postcode in");
	const char *bad_pc[] = {"12", "0123", "3511 SA", "35111", "Utrecht", "3511 A"};
	for (size_t i = 0; i < sizeof bad_pc / sizeof bad_pc[0]; i++) {
		q = good(), q.postcode = bad_pc[i];
		rejects(q, "postcode", "Vul een geldige postcode in");
	}

	/* target group and topic: from the lists. */
	q = good(), q.target_group = "baas";
	rejects(q, "target_group", "Kies wie je bent");
	q = good(), q.target_group = NULL;
	rejects(q, "target_group", "Kies wie je bent");
	q = good(), q.topic = "";
	rejects(q, "topic", "Kies een onderwerp");
	q = good(), q.topic = "evc ";
	accepts(q); /* trimmed */
	q = good(), q.topic = "e vc";
	rejects(q, "topic", "Kies een onderwerp");

	/* text: 10 to 2000 characters, no control characters but newline and tab. */
	q = good(), q.text = NULL;
	rejects(q, "text", "Schrijf je vraag op.");
	q = good(), q.text = " \n\t ";
	rejects(q, "text", "Schrijf je vraag op.");
	q = good(), q.text = "Te kort!!";
	rejects(q, "text", "te kort");
	q = good(), q.text = "   precies 10   ";
	accepts(q);
	s = repeat("ë", 2000); /* 2000 characters, 4000 bytes */
	q = good(), q.text = s;
	accepts(q);
	free(s);
	s = repeat("x", 2001);
	q = good(), q.text = s;
	rejects(q, "text", "hoogstens 2000 tekens");
	free(s);
	const char *ctrl[] = {"Een vraag met \x01 erin", "Een vraag met \x1b[31m kleur",
	                      "Een vraag met \x7f erin", "Een vraag met \xc2\x85 (NEL) erin",
	                      "Een vraag met \f erin"};
	for (size_t i = 0; i < sizeof ctrl / sizeof ctrl[0]; i++) {
		q = good(), q.text = ctrl[i];
		rejects(q, "text", "niet is toegestaan");
	}
	q = good(), q.text = "Een vraag\nover twee regels\tmet tab";
	accepts(q);
	/* Not UTF-8 (the API does not trust its caller on that). */
	q = good(), q.text = "Een vraag met \xff erin";
	rejects(q, "text", "niet kunnen lezen");
	q = good(), q.name = "Ann\xc3";
	rejects(q, "name", "niet kunnen lezen");
}

static void test_all_errors_at_once(void **unused)
{
	(void)unused;
	long before = questions();
	lw_question_in q = {
	    .name = "x\x01",
	    .email = "geen-adres",
	    .phone = "123",
	    .postcode = "12",
	    .target_group = "baas",
	    .topic = "weer",
	    .text = "kort",
	};
	lw_question_receipt r;
	lw_question_errors errs;
	submit(&q, LW_EINPUT, &r, &errs);
	const char *fields[] = {"name",         "email", "phone", "postcode",
	                        "target_group", "topic", "text"};
	assert_int_equal(errs.n, 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(errs.e[i].field, fields[i]);
	lw_question_receipt_free(&r);

	/* A postcode that is well-formed but unknown, beside other errors. */
	q = good();
	q.postcode = "1000";
	q.email = NULL;
	q.text = "";
	submit(&q, LW_EINPUT, &r, &errs);
	assert_int_equal(errs.n, 3);
	assert_string_equal(errs.e[0].field, "email");
	assert_string_equal(errs.e[1].field, "postcode");
	assert_non_null(strstr(errs.e[1].msg, "kennen we niet"));
	assert_string_equal(errs.e[2].field, "text");
	assert_null(lw_question_error(&errs, "name"));
	lw_question_receipt_free(&r);
	/* errs may be NULL. */
	lw_err err;
	assert_int_equal(lw_question_submit(S, &q, "web", &r, NULL, &err), LW_EINPUT);
	lw_question_receipt_free(&r);
	assert_int_equal(questions(), before);
}

static void test_unknown_postcode(void **unused)
{
	(void)unused;
	lw_question_in q = good();
	q.postcode = "1000";
	rejects(q, "postcode", "Deze postcode kennen we niet");
	q.postcode = "1000 AA";
	rejects(q, "postcode", "Deze postcode kennen we niet");
	/* A PC6 that the table lacks falls back to its PC4 area. */
	q.postcode = "3511 ZZ";
	accepts(q);
	/* An area that lies in no municipality has no desk: not the visitor's fault. */
	tu_exec(S, "INSERT INTO postcode(code, lat, lon) VALUES('1000', 52.4, 4.9)");
	q.postcode = "1000 AA";
	lw_question_receipt r;
	lw_question_errors errs;
	long before = questions();
	submit(&q, LW_ENOTFOUND, &r, &errs);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.e[0].field, "postcode");
	assert_non_null(strstr(errs.e[0].msg, "geen leerwerkloket"));
	assert_int_equal(questions(), before);
	lw_question_receipt_free(&r);
	tu_exec(S, "DELETE FROM postcode WHERE code = '1000'");
}

static void test_markup_is_stored_verbatim(void **unused)
{
	(void)unused;
	const char *text = "<script>alert('x')</script> & \"quotes\" <b>vet</b> &amp; "
	                   "'); DROP TABLE question; --";
	lw_question_in q = good();
	q.text = text;
	q.name = "Robert'); DROP TABLE question;--";
	lw_question_receipt r;
	submit(&q, LW_OK, &r, NULL);
	sqlite3_stmt *st;
	lw_err err;
	assert_int_equal(
	    lw_store_prepare(S, &st, "SELECT text, name FROM question WHERE reference = ?1", &err),
	    LW_OK);
	sqlite3_bind_text(st, 1, r.reference, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), text);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), q.name);
	sqlite3_finalize(st);
	lw_question_receipt_free(&r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_references(void **unused)
{
	(void)unused;
	enum { N = 1000 };
	char **refs = calloc(N, sizeof *refs);
	lw_question_in q = good();
	long before = questions();
	for (int i = 0; i < N; i++) {
		lw_question_receipt r;
		submit(&q, LW_OK, &r, NULL);
		assert_true(lw_question_reference_valid(r.reference));
		assert_int_equal(strlen(r.reference), 11);
		assert_memory_equal(r.reference, "LW-", 3);
		for (int k = 3; k < 11; k++)
			assert_null(strchr("01OI", r.reference[k]));
		refs[i] = lw_strdup(r.reference);
		lw_question_receipt_free(&r);
	}
	qsort(refs, N, sizeof *refs, cmp_str);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(refs[i - 1], refs[i]);
	for (int i = 0; i < N; i++)
		lw_free(refs[i]);
	free(refs);
	assert_int_equal(questions(), before + N);
	tu_assert_query(S, "SELECT count(DISTINCT reference) = count(*) FROM question", "1");

	/* A collision: the same random seed twice draws the same reference
	 * first; the second submission takes another. */
	lw_question_receipt a, b;
	sqlite3_test_control(SQLITE_TESTCTRL_PRNG_SEED, 4242, NULL);
	submit(&q, LW_OK, &a, NULL);
	sqlite3_test_control(SQLITE_TESTCTRL_PRNG_SEED, 4242, NULL);
	submit(&q, LW_OK, &b, NULL);
	sqlite3_test_control(SQLITE_TESTCTRL_PRNG_SEED, 0, NULL); /* random again */
	assert_string_not_equal(a.reference, b.reference);
	assert_true(lw_question_reference_valid(b.reference));
	lw_question_receipt_free(&a);
	lw_question_receipt_free(&b);

	assert_false(lw_question_reference_valid("LW-ABCDEFG"));
	assert_false(lw_question_reference_valid("LW-ABCDEFGO"));
	assert_false(lw_question_reference_valid("LW-abcdefgh"));
	assert_false(lw_question_reference_valid("XX-ABCDEFGH"));
	assert_false(lw_question_reference_valid(NULL));
}

static void test_find(void **unused)
{
	(void)unused;
	lw_question_in q = good();
	q.topic = "financiering";
	lw_question_receipt r, f;
	submit(&q, LW_OK, &r, NULL);
	lw_err err;
	char lower[32];
	snprintf(lower, sizeof lower, "  %s \n", r.reference);
	for (char *p = lower; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	assert_int_equal(lw_question_find(S, lower, &f, &err), LW_OK);
	assert_string_equal(f.reference, r.reference);
	assert_string_equal(f.received_at, r.received_at);
	assert_string_equal(f.channel, "web");
	assert_string_equal(f.topic->code, "financiering");
	assert_string_equal(f.desk.code, r.desk.code);
	assert_string_equal(f.desk.name, r.desk.name);
	assert_int_equal(f.desk.is_default, 1);
	assert_int_equal(f.desk_gone, 0);
	lw_question_receipt_free(&f);
	lw_question_receipt_free(&r);

	assert_int_equal(lw_question_find(S, "LW-22222222", &f, &err), LW_ENOTFOUND);
	lw_question_receipt_free(&f);
	const char *bad[] = {"",
	                     "LW-",
	                     "LW-0000000O",
	                     "LW-ABCDEFGH9",
	                     "LW-ABCDEFGHXXXXXXXXXXXX",
	                     "'; DROP TABLE question"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(lw_question_find(S, bad[i], &f, &err), LW_EINPUT);
		lw_question_receipt_free(&f);
	}
	assert_int_equal(lw_question_find(S, NULL, &f, &err), LW_EINPUT);
	lw_question_receipt_free(&f);
}

/* The count of desk code in t (fails when it is not listed). */
static const lw_question_count *count_of(const lw_question_tally *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->desks[i].desk_code, code) == 0)
			return &t->desks[i];
	fail_msg("desk %s not in the counts", code);
	return NULL;
}

static void test_counts(void **unused)
{
	(void)unused;
	tu_exec(S, "DELETE FROM question");
	/* 3511 and 3512: Midden-Utrecht (lwl-am13); 9712: Groningen (lwl-am01). */
	struct {
		const char *postcode, *topic, *day;
	} in[] = {
	    {"3511", "evc", "2024-01-01"},    {"3512", "evc", "2024-01-15"},
	    {"3511", "duaal", "2024-01-31"},  {"9712", "werk", "2024-02-01"},
	    {"9712", "anders", "2024-02-29"}, {"3511", "financiering", "2024-03-01"},
	};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		lw_question_in q = good();
		q.postcode = in[i].postcode;
		q.topic = in[i].topic;
		lw_question_receipt r;
		submit(&q, LW_OK, &r, NULL);
		char sql[160];
		snprintf(sql, sizeof sql,
		         "UPDATE question SET received_at = '%sT23:59:59Z' WHERE reference = '%s'",
		         in[i].day, r.reference);
		tu_exec(S, sql);
		lw_question_receipt_free(&r);
	}
	lw_question_tally t;
	lw_err err;
	assert_int_equal(lw_question_counts(S, NULL, NULL, &t, &err), LW_OK);
	assert_int_equal(t.n, 35); /* every desk, with or without questions */
	for (size_t i = 1; i < t.n; i++)
		assert_true(strcmp(t.desks[i - 1].desk_name, t.desks[i].desk_name) <= 0);
	assert_int_equal(t.all.total, 6);
	const lw_question_count *u = count_of(&t, "lwl-am13"), *g = count_of(&t, "lwl-am01");
	assert_int_equal(u->total, 4);
	assert_int_equal(u->by_topic[0], 2); /* evc */
	assert_int_equal(u->by_topic[1], 1); /* duaal */
	assert_int_equal(u->by_topic[3], 1); /* financiering */
	assert_int_equal(g->total, 2);
	assert_int_equal(g->by_topic[4], 1); /* werk */
	assert_int_equal(g->by_topic[5], 1); /* anders */
	assert_int_equal(count_of(&t, "lwl-am02")->total, 0);
	assert_int_equal(t.all.by_topic[0], 2);
	assert_int_equal(u->desk_gone, 0);
	assert_null(t.from);
	lw_question_tally_free(&t);

	/* Both ends are whole days and inclusive. */
	assert_int_equal(lw_question_counts(S, "2024-01-01", "2024-01-31", &t, &err), LW_OK);
	assert_string_equal(t.from, "2024-01-01");
	assert_string_equal(t.to, "2024-01-31");
	assert_int_equal(t.all.total, 3);
	assert_int_equal(count_of(&t, "lwl-am01")->total, 0);
	lw_question_tally_free(&t);
	assert_int_equal(lw_question_counts(S, "2024-02-01", NULL, &t, &err), LW_OK);
	assert_int_equal(t.all.total, 3);
	lw_question_tally_free(&t);
	assert_int_equal(lw_question_counts(S, "", "2024-02-29", &t, &err), LW_OK);
	assert_int_equal(t.all.total, 5);
	lw_question_tally_free(&t);
	assert_int_equal(lw_question_counts(S, "2024-02-29", "2024-02-29", &t, &err), LW_OK);
	assert_int_equal(t.all.total, 1);
	lw_question_tally_free(&t);

	/* A topic that left the list counts in the totals only. */
	tu_exec(S, "UPDATE question SET topic = 'oud' WHERE topic = 'anders'");
	assert_int_equal(lw_question_counts(S, NULL, NULL, &t, &err), LW_OK);
	assert_int_equal(count_of(&t, "lwl-am01")->total, 2);
	assert_int_equal(count_of(&t, "lwl-am01")->by_topic[5], 0);
	lw_question_tally_free(&t);
	tu_exec(S, "UPDATE question SET topic = 'anders' WHERE topic = 'oud'");

	const char *bad[][2] = {{"2024-02-30", NULL},         {"2023-02-29", NULL},
	                        {"2024-13-01", NULL},         {"gisteren", NULL},
	                        {"2024-1-1", NULL},           {NULL, "2024-01-32"},
	                        {"2024-02-01", "2024-01-31"}, {"2024-00-10", NULL}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(lw_question_counts(S, bad[i][0], bad[i][1], &t, &err), LW_EINPUT);
		lw_question_tally_free(&t);
	}
	assert_int_equal(lw_question_counts(S, "2000-02-29", NULL, &t, &err), LW_OK);
	lw_question_tally_free(&t);
}

/* Nothing is written when the store fails, and no memory is lost when it runs out. */
static void test_failures_write_nothing(void **unused)
{
	(void)unused;
	lw_question_in q = good();
	long before = questions();
	/* A reader's connection cannot write: the error is the store's. */
	lw_store *ro;
	lw_err err;
	char *db = tu_path(DIR, "leerwerk.db");
	assert_int_equal(lw_store_open(&ro, db, LW_STORE_READONLY, &err), LW_OK);
	lw_question_receipt r;
	lw_question_errors errs;
	int rc = lw_question_submit(ro, &q, "web", &r, &errs, &err);
	assert_int_not_equal(rc, LW_OK);
	assert_int_not_equal(rc, LW_EINPUT);
	assert_int_equal(errs.n, 0);
	assert_int_equal(r.reference[0], '\0');
	lw_question_receipt_free(&r);
	lw_store_close(ro);
	free(db);
	assert_int_equal(questions(), before);

	/* Every allocation in turn fails: either LW_ENOMEM and nothing written,
	 * or (once there are enough) the question is stored. */
	long live = lw_mem_live();
	for (long n = 0;; n++) {
		lw_mem_fail_after(n);
		rc = lw_question_submit(S, &q, "web", &r, &errs, &err);
		lw_mem_fail_after(-1);
		lw_question_receipt_free(&r);
		assert_int_equal(lw_mem_live(), live);
		if (rc == LW_OK)
			break;
		if (rc != LW_ENOMEM)
			fail_msg("allocation %ld failed: rc %d (%s), errs %zu", n, rc, err.msg,
			         errs.n);
		assert_int_equal(questions(), before);
		assert_true(n < 1000);
	}
	assert_int_equal(questions(), before + 1);
	/* The same for the counts and for finding back. */
	for (long n = 0;; n++) {
		lw_question_tally t;
		lw_mem_fail_after(n);
		rc = lw_question_counts(S, NULL, NULL, &t, &err);
		lw_mem_fail_after(-1);
		lw_question_tally_free(&t);
		assert_int_equal(lw_mem_live(), live);
		if (rc == LW_OK)
			break;
		assert_int_equal(rc, LW_ENOMEM);
		assert_true(n < 1000);
	}
}

/* Desks are replaced and pruned by imports; their questions stay. */
static void test_questions_survive_a_desk_import_with_prune(void **unused)
{
	(void)unused;
	tu_exec(S, "DELETE FROM question");
	lw_question_in q = good();
	lw_question_receipt before_r;
	submit(&q, LW_OK, &before_r, NULL);
	assert_string_equal(before_r.desk.code, "lwl-am13");
	long n = questions();

	/* A real network for Midden-Utrecht only: the default desks go. */
	char *csv = tu_path(DIR, "loketten.csv");
	tu_writes(csv, "code,naam,werkgebied,adres,postcode,plaats,telefoon,email,website,"
	               "openingstijden\n"
	               "utrecht,Leerwerkloket Utrecht,AM13,Stationsplein 1,3511AB,Utrecht,"
	               "030-1234567,loket@example.nl,https://example.nl,ma-vr 9-17\n");
	lw_ingest_result res;
	lw_err err;
	lw_ingest_opts prune = {.prune = 1};
	int rc = lw_ingest_file(S, lw_ingest_find("loketten"), csv, &prune, &res, &err);
	if (rc != LW_OK)
		fail_msg("import loketten: %s", err.msg);
	lw_ingest_result_free(&res);
	tu_assert_query(S, "SELECT count(*) FROM desk WHERE code = 'lwl-am13'", "0");
	assert_int_equal(questions(), n);
	tu_assert_query(S, "SELECT count(*) FROM question WHERE desk_code = 'lwl-am13'", "1");
	lw_question_receipt f;
	assert_int_equal(lw_question_find(S, before_r.reference, &f, &err), LW_OK);
	assert_string_equal(f.desk.code, "lwl-am13");
	assert_string_equal(f.desk.name, "Leerwerkloket Midden-Utrecht");
	assert_int_equal(f.desk_gone, 1);
	assert_null(f.desk.phone);
	lw_question_receipt_free(&f);

	/* New questions go to the new desk; a postcode no desk serves is said so. */
	lw_question_receipt r;
	lw_question_errors errs;
	submit(&q, LW_OK, &r, &errs);
	assert_string_equal(r.desk.code, "utrecht");
	assert_string_equal(r.desk.phone, "030-1234567");
	assert_string_equal(r.desk.via, "regio");
	lw_question_receipt_free(&r);
	q.postcode = "1011";
	submit(&q, LW_ENOTFOUND, &r, &errs);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.e[0].field, "postcode");
	assert_non_null(strstr(errs.e[0].msg, "0800-1618"));
	lw_question_receipt_free(&r);
	/* With other problems too it is an input error. */
	q.text = "kort";
	submit(&q, LW_EINPUT, &r, &errs);
	assert_int_equal(errs.n, 2);
	lw_question_receipt_free(&r);
	q = good();

	lw_question_tally t;
	assert_int_equal(lw_question_counts(S, NULL, NULL, &t, &err), LW_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.desks[0].desk_code, "utrecht");
	assert_int_equal(t.desks[0].desk_gone, 0);
	assert_int_equal(t.desks[0].total, 1);
	assert_string_equal(t.desks[1].desk_code, "lwl-am13"); /* gone desks come last */
	assert_string_equal(t.desks[1].desk_name, "Leerwerkloket Midden-Utrecht");
	assert_int_equal(t.desks[1].desk_gone, 1);
	assert_int_equal(t.all.total, n + 1);
	lw_question_tally_free(&t);

	/* Pruned to nothing: the default network comes back, nothing is lost. */
	tu_writes(csv, "code,naam,werkgebied\n");
	rc = lw_ingest_file(S, lw_ingest_find("loketten"), csv, &prune, &res, &err);
	if (rc != LW_OK)
		fail_msg("import loketten --prune: %s", err.msg);
	assert_int_equal(res.pruned, 1);
	lw_ingest_result_free(&res);
	assert_int_equal(questions(), n + 1);
	tu_assert_query(S, "SELECT count(*) FROM question WHERE desk_code = 'utrecht'", "1");
	assert_int_equal(lw_question_counts(S, NULL, NULL, &t, &err), LW_OK);
	assert_int_equal(t.n, 36); /* 35 default desks, 'utrecht' gone */
	const lw_question_count *u = count_of(&t, "utrecht");
	assert_int_equal(u->desk_gone, 1);
	assert_string_equal(u->desk_name, "Leerwerkloket Utrecht");
	assert_int_equal(count_of(&t, "lwl-am13")->desk_gone, 0);
	lw_question_tally_free(&t);
	assert_int_equal(lw_question_find(S, before_r.reference, &f, &err), LW_OK);
	assert_int_equal(f.desk_gone, 0); /* the default desk is back */
	lw_question_receipt_free(&f);
	lw_question_receipt_free(&before_r);
	assert_int_equal(lw_store_check(S, &err), LW_OK);
	tu_assert_query(S, "SELECT count(*) FROM pragma_foreign_key_check", "0");
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_choices),
	    cmocka_unit_test(test_valid_submission_routes_to_the_desk),
	    cmocka_unit_test(test_trimmed_and_normalised),
	    cmocka_unit_test(test_every_field_is_checked),
	    cmocka_unit_test(test_all_errors_at_once),
	    cmocka_unit_test(test_unknown_postcode),
	    cmocka_unit_test(test_markup_is_stored_verbatim),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_failures_write_nothing),
	    cmocka_unit_test(test_questions_survive_a_desk_import_with_prune),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

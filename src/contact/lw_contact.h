/*
 * lw_contact.h - "Stel je vraag": a visitor's question, checked, routed to
 * the leerwerkloket (desk) that serves their postcode and stored as a
 * contact for that desk; and the number of questions per desk and topic.
 * Knows nothing of HTTP, HTML or output formats: the web form, the JSON API
 * and the CLI render what is here. See docs/internals/contact.md.
 */
#ifndef LW_CONTACT_H
#define LW_CONTACT_H

#include "lw_base.h"
#include "lw_geo.h"
#include "lw_store.h"

/* ---- the choices of the form ------------------------------------------- */

/* A code (stored, sent by the form) and its Dutch label (shown). */
typedef struct lw_choice {
	const char *code, *label;
} lw_choice;

/* The topics, in display order; the last entry has code == NULL. */
#define LW_QUESTION_NTOPICS 6
const lw_choice *lw_question_topics(void);
/* The target groups (werkgever, werknemer, ...); code == NULL ends the list. */
const lw_choice *lw_question_groups(void);
/* The entry of list whose code is code (any case), or NULL. */
const lw_choice *lw_choice_find(const lw_choice *list, const char *code);

/* ---- submitting a question --------------------------------------------- */

/* The fields as typed. NULL and "" (after trimming) are both empty. */
typedef struct lw_question_in {
	const char *name, *email, *phone, *postcode, *target_group, *topic, *text;
} lw_question_in;

/*
 * The problems of one submission, at most one per field, in the order of
 * lw_question_in. field is the member's name in lw_question_in ("email",
 * "postcode", ...); msg is Dutch, for display next to that field, and says
 * what to do. Both are static strings.
 */
#define LW_QUESTION_MAX_ERRORS 8
typedef struct lw_question_errors {
	struct {
		const char *field;
		const char *msg;
	} e[LW_QUESTION_MAX_ERRORS];
	size_t n;
} lw_question_errors;

/* The message for field in errs, or NULL when that field is fine. */
const char *lw_question_error(const lw_question_errors *errs, const char *field);

/*
 * What the confirmation shows: no personal data. Strings are in the arena
 * (or static) and live until lw_question_receipt_free, which must be called
 * whatever the function returned (it is safe on a zeroed result).
 */
typedef struct lw_question_receipt {
	char reference[16];     /* "LW-" + 8 characters, e.g. "LW-7K3MQ9XA" */
	char received_at[24];   /* UTC, "2024-05-01T08:00:00Z" */
	const char *channel;    /* "web", "api", "telefoon" or "balie" */
	const lw_choice *topic; /* NULL when the stored code is no longer a topic */
	/*
	 * The desk the question went to. submit: as lw_geo_where gave it (via
	 * "gemeente" or "regio"). find: its current details; when the desk has
	 * left the network since, only code and name (of that moment) are set,
	 * and desk_gone is 1.
	 */
	lw_desk desk;
	int desk_gone;
	lw_arena arena;
} lw_question_receipt;

/*
 * Checks q, finds the desk for its postcode (lw_geo_where: the first desk
 * that serves the postcode's municipality) and stores the question in one
 * transaction (so s must not be in one already). channel is "web", "api",
 * "telefoon" or "balie" (anything else is LW_EUSAGE).
 *
 * Returns
 * - LW_OK: stored; out holds the receipt.
 * - LW_EINPUT: errs holds every problem at once, one per field (err has a
 *   summary). An unknown postcode is one of them.
 * - LW_ENOTFOUND: the input is fine, but no desk serves the postcode; errs
 *   holds that as a problem of field "postcode" (render it like the others).
 * - another code (LW_EDB, LW_ENOMEM, ...): the store failed; err says why.
 * Nothing is written unless LW_OK. errs may be NULL (then only err tells).
 */
int lw_question_submit(lw_store *s, const lw_question_in *q, const char *channel,
                       lw_question_receipt *out, lw_question_errors *errs, lw_err *err);
void lw_question_receipt_free(lw_question_receipt *r);

/*
 * The receipt of a stored question by its reference (any case, surrounding
 * spaces ignored), for the confirmation page: the desk, no personal data.
 * LW_EINPUT when reference cannot be one, LW_ENOTFOUND when no question has it.
 */
int lw_question_find(lw_store *s, const char *reference, lw_question_receipt *out, lw_err *err);

/* 1 when s has the form of a reference ("LW-" + 8 of the alphabet, upper case). */
int lw_question_reference_valid(const char *s);

/* ---- counting ---------------------------------------------------------- */

typedef struct lw_question_count {
	const char *desk_code;
	/* The desk's current name; for a desk that is gone, its name when the
	 * last question came in. */
	const char *desk_name;
	int desk_gone; /* no longer in the network (pruned, or a replaced default desk) */
	long total;
	long by_topic[LW_QUESTION_NTOPICS]; /* in the order of lw_question_topics() */
} lw_question_count;

typedef struct lw_question_tally {
	const char *from, *to; /* the period asked for ("YYYY-MM-DD"), or NULL when open */
	/* Every desk of the network (also with no questions), by name, then
	 * the desks that are gone but received questions in the period. */
	lw_question_count *desks;
	size_t n;
	lw_question_count all; /* the totals over every desk (desk_code NULL) */
	lw_arena arena;
} lw_question_tally;

/*
 * Counts the questions received from day from up to and including day to
 * ("YYYY-MM-DD", UTC days; NULL or "" leaves that side open), per desk and
 * per topic, over all channels. LW_EINPUT for a date that does not exist or
 * from after to. Free t with lw_question_tally_free in every case.
 */
int lw_question_counts(lw_store *s, const char *from, const char *to, lw_question_tally *t,
                       lw_err *err);
void lw_question_tally_free(lw_question_tally *t);

#endif

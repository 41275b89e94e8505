/*
 * page_question.c - "Stel je vraag" (/vraag): the form, its checks and the
 * confirmation (/vraag/ontvangen?ref=...). The question is stored for the
 * desk that serves the visitor's postcode (src/contact). Problems are
 * shown next to their field and in a summary at the top; whatever the
 * visitor typed stays in the form. A POST is taken only with the CSRF
 * token of its cookie (guard.c), an empty honeypot field and within the
 * rate limit of the client's address; then it answers 303 to the
 * confirmation, so that reloading does not send the question twice.
 */
#include "lw_contact.h"
#include "portal.h"

#include <stdio.h>
#include <string.h>

#define COOKIE "lw_csrf"
#define HONEYPOT "website"

/* The form's field names and the lw_question_in member each one fills. */
static const struct {
	const char *form, *field, *label;
} FIELDS[] = {
    {"naam", "name", "Naam (niet verplicht)"},
    {"email", "email", "E-mailadres"},
    {"telefoon", "phone", "Telefoonnummer"},
    {"postcode", "postcode", "Postcode"},
    {"doelgroep", "target_group", "Ik ben"},
    {"onderwerp", "topic", "Onderwerp"},
    {"vraag", "text", "Je vraag"},
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

typedef struct form {
	const char *v[NFIELDS]; /* as typed, or prefilled */
	const lw_question_errors *errs;
	const char *notice; /* a message above the form (expired token, rate limit) */
	char token[65];
} form;

static const char *cookie_value(const lw_http_request *req)
{
	const char *c = lw_http_header(req, "Cookie");
	static const char name[] = COOKIE "=";
	for (const char *p = c; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!strncmp(p, name, sizeof name - 1)) {
			p += sizeof name - 1;
			size_t n = strcspn(p, ";");
			char *v = lw_arena_alloc(req->arena, n + 1);
			if (!v)
				return NULL;
			memcpy(v, p, n);
			v[n] = '\0';
			return v;
		}
		p = strchr(p, ';');
	}
	return NULL;
}

static const char *field_error(const form *f, size_t i)
{
	return f->errs ? lw_question_error(f->errs, FIELDS[i].field) : NULL;
}

/* The label, the error next to it, and the opening of the control's attributes. */
static void field_head(lw_html *h, const form *f, size_t i, const char *hint)
{
	const char *err = field_error(f, i);
	lw_html_f(h,
	          "<div class=\"utrecht-form-field%s\">\n<label class=\"utrecht-form-label\" "
	          "for=\"%s\">%s</label>\n",
	          err ? " utrecht-form-field--invalid" : "", FIELDS[i].form, FIELDS[i].label);
	if (hint)
		lw_html_f(h,
		          "<p class=\"utrecht-form-field-description\" id=\"%s-uitleg\">%s</p>\n",
		          FIELDS[i].form, hint);
	if (err)
		lw_html_f(h,
		          "<p class=\"utrecht-form-field-error-message\" id=\"%s-fout\">%s</p>\n",
		          FIELDS[i].form, err);
}

/* aria-describedby and aria-invalid for field i. */
static void field_aria(lw_html *h, const form *f, size_t i, int hint)
{
	const char *err = field_error(f, i);
	if (hint || err) {
		lw_html_lit(h, " aria-describedby=\"");
		if (hint)
			lw_html_f(h, "%s-uitleg", FIELDS[i].form);
		if (err)
			lw_html_f(h, "%s%s-fout", hint ? " " : "", FIELDS[i].form);
		lw_html_lit(h, "\"");
	}
	if (err)
		lw_html_lit(h, " aria-invalid=\"true\"");
}

static void text_field(lw_html *h, const form *f, size_t i, const char *type,
                       const char *autocomplete, const char *hint)
{
	field_head(h, f, i, hint);
	lw_html_f(h,
	          "<input class=\"utrecht-textbox%s\" id=\"%s\" name=\"%s\" type=\"%s\" "
	          "autocomplete=\"%s\" value=\"%s\"",
	          field_error(f, i) ? " utrecht-textbox--invalid" : "", FIELDS[i].form,
	          FIELDS[i].form, type, autocomplete, f->v[i] ? f->v[i] : "");
	field_aria(h, f, i, hint != NULL);
	lw_html_lit(h, ">\n</div>\n");
}

static void select_field(lw_html *h, const form *f, size_t i, const lw_choice *choices)
{
	field_head(h, f, i, NULL);
	lw_html_f(h, "<select class=\"utrecht-select%s\" id=\"%s\" name=\"%s\"",
	          field_error(f, i) ? " utrecht-select--invalid" : "", FIELDS[i].form,
	          FIELDS[i].form);
	field_aria(h, f, i, 0);
	lw_html_lit(h, ">\n<option value=\"\">Maak een keuze</option>\n");
	for (const lw_choice *c = choices; c->code; c++)
		lw_html_f(h, "<option value=\"%s\"%s>%s</option>\n", c->code,
		          f->v[i] && !strcmp(f->v[i], c->code) ? " selected" : "", c->label);
	lw_html_lit(h, "</select>\n</div>\n");
}

static void error_summary(lw_html *h, const form *f)
{
	if (f->notice)
		lw_html_f(h,
		          "<div class=\"utrecht-alert lw-alert\" role=\"alert\"><p "
		          "class=\"utrecht-paragraph\">%s</p></div>\n",
		          f->notice);
	if (!f->errs || !f->errs->n)
		return;
	lw_html_lit(h, "<div class=\"utrecht-alert lw-alert lw-error-summary\" role=\"alert\">\n"
	               "<h2 class=\"utrecht-heading-2\">Controleer het formulier</h2>\n"
	               "<ul class=\"utrecht-unordered-list\">\n");
	for (size_t i = 0; i < NFIELDS; i++)
		if (field_error(f, i))
			lw_html_f(h, "<li><a class=\"utrecht-link\" href=\"#%s\">%s</a></li>\n",
			          FIELDS[i].form, field_error(f, i));
	lw_html_lit(h, "</ul>\n</div>\n");
}

static void render_form(lw_page *pg, const form *f)
{
	lw_html *h = &pg->h;
	lw_html_f(
	    h,
	    "<h1 class=\"utrecht-heading-1\">Stel je vraag</h1>\n"
	    "<p class=\"utrecht-paragraph lw-lead\">Je vraag gaat naar het leerwerkloket dat "
	    "jouw postcode bedient. Het loket neemt binnen twee werkdagen contact met je op. "
	    "Bellen kan ook: <a class=\"utrecht-link\" href=\"/helpdesk\">%s</a> (gratis).</p>\n",
	    pg->p->cfg.helpdesk_phone);
	error_summary(h, f);
	lw_html_f(h,
	          "<form class=\"lw-form\" action=\"/vraag\" method=\"post\" novalidate>\n"
	          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
	          f->token);
	text_field(h, f, 0, "text", "name", NULL);
	text_field(h, f, 1, "email", "email", "Vul een e-mailadres of een telefoonnummer in.");
	text_field(h, f, 2, "tel", "tel", NULL);
	text_field(h, f, 3, "text", "postal-code", "Bijvoorbeeld 3511 AB of 3511.");
	select_field(h, f, 4, lw_question_groups());
	select_field(h, f, 5, lw_question_topics());
	field_head(h, f, 6, "Hoogstens 2000 tekens.");
	lw_html_f(h,
	          "<textarea class=\"utrecht-textarea%s\" id=\"vraag\" name=\"vraag\" rows=\"6\"",
	          field_error(f, 6) ? " utrecht-textarea--invalid" : "");
	field_aria(h, f, 6, 1);
	lw_html_f(h, ">%s</textarea>\n</div>\n", f->v[6] ? f->v[6] : "");
	/* The honeypot: out of sight and out of the tab order; people leave it empty. */
	lw_html_lit(h,
	            "<div class=\"lw-hp\" aria-hidden=\"true\">\n<label for=\"" HONEYPOT
	            "\">Laat dit veld leeg</label>\n<input id=\"" HONEYPOT "\" name=\"" HONEYPOT
	            "\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" value=\"\">\n</div>\n"
	            "<button class=\"utrecht-button utrecht-button--primary-action\" "
	            "type=\"submit\">Verstuur je vraag</button>\n</form>\n"
	            "<p class=\"utrecht-paragraph lw-meta\">We gebruiken je gegevens alleen om je "
	            "vraag te beantwoorden.</p>\n");
}

/* Sends the form page; sets a fresh cookie when the visitor has none. */
static void send_form(lw_portal *p, const lw_http_request *req, lw_http_response *res, form *f,
                      int status)
{
	const char *cookie = cookie_value(req);
	char fresh[33];
	if (!cookie || strlen(cookie) != 32) {
		lw_guard_cookie(fresh);
		cookie = fresh;
		char set[128];
		snprintf(set, sizeof set,
		         COOKIE "=%s; Path=/vraag; HttpOnly; SameSite=Strict; Max-Age=86400",
		         fresh);
		lw_http_add_header(res, "Set-Cookie", set);
	}
	lw_guard_token(p->guard, cookie, f->token);
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_page_begin(&pg, f->errs && f->errs->n ? "Fout: stel je vraag" : "Stel je vraag");
	render_form(&pg, f);
	lw_page_end(&pg);
	lw_http_add_header(res, "Cache-Control", "no-store");
	lw_web_send_html(res, status, &pg.h);
}

static void post_form(lw_portal *p, const lw_http_request *req, lw_http_response *res, form *f)
{
	for (size_t i = 0; i < NFIELDS; i++)
		f->v[i] = lw_http_form(req, FIELDS[i].form);
	if (!lw_guard_check(p->guard, cookie_value(req), lw_http_form(req, "csrf"))) {
		f->notice = "Het formulier was verlopen of kwam niet van deze site. Controleer je "
		            "gegevens en verstuur het opnieuw.";
		send_form(p, req, res, f, 403);
		return;
	}
	const char *hp = lw_http_form(req, HONEYPOT);
	if (hp && *hp) {
		f->notice =
		    "Je vraag kon niet worden verstuurd. Laat het veld 'Laat dit veld leeg' "
		    "leeg, of bel de helpdesk.";
		send_form(p, req, res, f, 400);
		return;
	}
	if (!lw_guard_allow(p->guard, req->remote)) {
		f->notice =
		    "Vanaf jouw adres zijn het afgelopen uur te veel vragen gesteld. Probeer "
		    "het later opnieuw, of bel de helpdesk.";
		lw_http_add_header(res, "Retry-After", "3600");
		send_form(p, req, res, f, 429);
		return;
	}
	lw_question_in in = {f->v[0], f->v[1], f->v[2], f->v[3], f->v[4], f->v[5], f->v[6]};
	lw_question_receipt rc_;
	lw_question_errors errs;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_question_submit(p, &in, "web", &rc_, &errs, &err);
	if (rc == LW_OK) {
		char loc[64];
		snprintf(loc, sizeof loc, "/vraag/ontvangen?ref=%s", rc_.reference);
		lw_http_add_header(res, "Location", loc);
		lw_http_set_body(res, 303, "text/plain; charset=utf-8", "", 0);
	} else if (rc == LW_EINPUT || rc == LW_ENOTFOUND) {
		f->errs = &errs;
		send_form(p, req, res, f, 422);
	} else {
		f->notice =
		    "Je vraag kon door een storing niet worden opgeslagen. Probeer het later "
		    "opnieuw, of bel de helpdesk.";
		send_form(p, req, res, f, 503);
	}
	lw_question_receipt_free(&rc_);
}

void lw_page_question(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	form f;
	memset(&f, 0, sizeof f);
	if (!strcmp(req->method, "POST")) {
		post_form(p, req, res, &f);
		return;
	}
	/* Prefilled from links ("/vraag?doelgroep=werkgever", "/vraag?postcode=3511"). */
	for (size_t i = 0; i < NFIELDS; i++)
		f.v[i] = lw_http_query(req, FIELDS[i].form);
	send_form(p, req, res, &f, 200);
}

void lw_page_question_done(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *ref = lw_http_query(req, "ref");
	lw_question_receipt r;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_portal_question_find(p, ref ? ref : "", &r, &err);
	if (rc != LW_OK) {
		lw_question_receipt_free(&r);
		lw_page_error(p, req, res, rc == LW_ENOTFOUND || rc == LW_EINPUT ? 404 : 500,
		              "Vraag niet gevonden",
		              "Er is geen vraag met dit referentienummer. Controleer het nummer in "
		              "de bevestiging.");
		return;
	}
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	lw_page_begin(&pg, "Je vraag is ontvangen");
	lw_html_f(
	    h,
	    "<h1 class=\"utrecht-heading-1\">Je vraag is ontvangen</h1>\n"
	    "<div class=\"utrecht-alert lw-alert lw-ok\" role=\"status\"><p "
	    "class=\"utrecht-paragraph\">Je referentienummer is <strong "
	    "class=\"lw-ref\">%s</strong>. Noem dit nummer als je contact opneemt.</p></div>\n"
	    "<p class=\"utrecht-paragraph\">Je vraag is doorgestuurd naar <strong>%s</strong>. "
	    "Het loket neemt binnen twee werkdagen contact met je op.</p>\n",
	    r.reference, r.desk.name);
	if (!r.desk_gone) {
		lw_html_lit(h, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"");
		lw_page_item_href(h, "loket", r.desk.code);
		lw_html_lit(h, "\">Contactgegevens en openingstijden van het loket</a></p>\n");
	}
	lw_html_lit(h, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/\">Terug "
	               "naar de beginpagina</a></p>\n");
	lw_page_end(&pg);
	lw_question_receipt_free(&r);
	lw_page_send(&pg, res, 200);
}

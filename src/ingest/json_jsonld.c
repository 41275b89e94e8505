/*
 * json_jsonld.c - vacancies-jsonld: vacancies from schema.org JobPosting
 * in JSON-LD (as job sites publish them for search engines), checked and
 * written by the vacancies kind. A file holds one JobPosting, a list of
 * them, or an @graph in which other nodes (the employer, places) may be
 * referred to by @id. The mapping is documented in docs/formats/jsonld.md.
 */
#include "json_map.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct jsonld {
	json_t *ids;	  /* @id -> node of the @graph */
	json_t *list;	  /* the array of records, or NULL: the root is the one record */
	const char *name; /* how a record's path starts: "" ([2]) or "@graph" */
} jsonld;

static const lw_ingest_kind *const K = &lw_kind_vacancies;

/* 1 when node's @type is (or lists) JobPosting, in any of its spellings. */
static int is_job_posting(json_t *node)
{
	static const char *const names[] = {"JobPosting", "schema:JobPosting",
					    "http://schema.org/JobPosting",
					    "https://schema.org/JobPosting", NULL};
	json_t *type = json_object_get(node, "@type");
	size_t n = json_is_array(type) ? json_array_size(type) : 1;
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_is_array(type) ? json_array_get(type, i) : type);
		for (size_t k = 0; t && names[k]; k++)
			if (strcmp(t, names[k]) == 0)
				return 1;
	}
	return 0;
}

/* A node given only by reference ({"@id": ...}) as the @graph has it. */
static json_t *deref(const jsonld *m, json_t *v)
{
	json_t *id = json_object_get(v, "@id");
	if (json_is_object(v) && json_is_string(id) && json_object_size(v) == 1) {
		json_t *node = json_object_get(m->ids, json_string_value(id));
		if (node)
			return node;
	}
	return v;
}

/* An item of v when it is a list (the first when i is 0), else v itself for i 0. */
static json_t *item(json_t *v, size_t i)
{
	if (json_is_array(v))
		return json_array_get(v, i);
	return i == 0 ? v : NULL;
}

static const char *item_field(lw_json_rec *r, json_t *v, const char *field, size_t i)
{
	return json_is_array(v) ? lw_jm_field(r, "%s[%zu]", field, i) : field;
}

/* ---- the document -------------------------------------------------------- */

static void jsonld_release(void *model)
{
	jsonld *m = model;
	json_decref(m->ids);
	lw_free(m);
}

static int jsonld_prepare(lw_json_doc *doc, lw_err *err)
{
	json_t *root = lw_json_root(doc);
	const char *file = lw_json_name(doc);
	jsonld *m = lw_calloc(1, sizeof *m);
	if (!m || !(m->ids = json_object())) {
		lw_free(m);
		return LW_ENOMEM;
	}
	lw_json_set_model(doc, m);
	json_t *graph = json_object_get(root, "@graph");
	if (json_is_array(root)) {
		m->list = root;
		m->name = "";
	} else if (graph) {
		if (!json_is_array(graph))
			return lw_err_set(err, LW_EINPUT, "%s:@graph: is geen lijst maar %s", file,
					  lw_json_kind_of(graph));
		m->list = graph;
		m->name = "@graph";
		size_t i;
		json_t *node;
		json_array_foreach(graph, i, node) {
			json_t *id = json_object_get(node, "@id");
			if (json_is_string(id) && !json_object_get(m->ids, json_string_value(id)) &&
			    json_object_set(m->ids, json_string_value(id), node))
				return LW_ENOMEM;
		}
	} else if (!is_job_posting(root)) {
		json_t *type = json_object_get(root, "@type");
		return lw_err_set(err, LW_EINPUT,
				  "%s: is geen JobPosting (@type is %s%s%s); verwacht een "
				  "JobPosting, een lijst ervan of een object met @graph",
				  file, json_is_string(type) ? "'" : "",
				  json_is_string(type) ? json_string_value(type)
						       : type ? lw_json_kind_of(type) : "er niet",
				  json_is_string(type) ? "'" : "");
	}
	return LW_OK;
}

static int vacancies_list(lw_json_doc *doc, lw_err *err)
{
	jsonld *m = lw_json_model(doc);
	size_t i;
	json_t *node;
	(void)err;
	if (!m->list)
		return lw_json_add(doc, lw_json_root(doc), "$");
	json_array_foreach(m->list, i, node) {
		/* The other nodes of a graph are what postings refer to. */
		if (*m->name && !is_job_posting(node))
			continue;
		int rc = lw_json_add(doc, node, "%s[%zu]", m->name, i);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* ---- one JobPosting ------------------------------------------------------- */

#define SET(name, value, field)                                                            \
	do {                                                                               \
		if ((rc = lw_json_set(r, lw_json_col(K, name), value, field)) != LW_OK)    \
			return rc;                                                         \
	} while (0)

/* The identifier: text or a number, or a PropertyValue with one as value. */
static int posting_code(lw_importer *im, lw_json_rec *r, json_t *o, const char **v,
			const char **from)
{
	json_t *id = json_object_get(o, "identifier");
	*from = "identifier";
	if (json_is_array(id)) {
		id = json_array_get(id, 0);
		*from = "identifier[0]";
	}
	if (json_is_object(id)) {
		*from = lw_jm_field(r, "%s.value", *from);
		id = json_object_get(id, "value");
	}
	return lw_jm_code(im, r, id, *from, v);
}

/* strcasestr, which is not standard C: word in text, in any case (ASCII). */
static const char *ci_find(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (; *text; text++)
		if (strncasecmp(text, word, n) == 0)
			return text;
	return NULL;
}

static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; (p = ci_find(p, word)) != NULL; p++)
		if ((p == text || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

/* vacature, leerbaan or stage: from employmentType, else from the title. */
static int posting_kind(lw_importer *im, lw_json_rec *r, json_t *o, const char *title,
			const char **kind, const char **from)
{
	static const char *const interns[] = {"INTERN", "INTERNSHIP", "stage", NULL};
	static const char *const apprentices[] = {"APPRENTICESHIP", "APPRENTICE", "leerbaan",
						  "BBL", "leerwerkplek", NULL};
	json_t *types = json_object_get(o, "employmentType");
	*kind = "vacature";
	*from = "employmentType";
	for (size_t i = 0; item(types, i); i++) {
		const char *t;
		int rc = lw_jm_text(im, r, item(types, i), item_field(r, types, *from, i), &t);
		if (rc != LW_OK)
			return rc;
		for (size_t k = 0; t && interns[k]; k++)
			if (strcasecmp(t, interns[k]) == 0)
				*kind = "stage";
		for (size_t k = 0; t && apprentices[k]; k++)
			if (strcasecmp(t, apprentices[k]) == 0)
				*kind = "leerbaan";
	}
	if (strcmp(*kind, "vacature") == 0 && title &&
	    (has_word(title, "leerbaan") || has_word(title, "BBL") ||
	     has_word(title, "leerwerkplek"))) {
		*kind = "leerbaan";
		*from = "title";
	}
	return LW_OK;
}

/* The employer's name: hiringOrganization as text, or an Organization (or its @id). */
static int posting_employer(lw_importer *im, const jsonld *m, lw_json_rec *r, json_t *o,
			    const char **v, const char **from)
{
	json_t *org = deref(m, json_object_get(o, "hiringOrganization"));
	*from = "hiringOrganization";
	if (json_is_object(org)) {
		*from = "hiringOrganization.name";
		org = json_object_get(org, "name");
	}
	return lw_jm_text(im, r, org, *from, v);
}

/* 1 when a PostalAddress lies in the Netherlands (or does not say where). */
static int in_netherlands(json_t *address)
{
	static const char *const nl[] = {"NL", "NLD", "Nederland", "Netherlands",
					 "The Netherlands", NULL};
	json_t *c = json_object_get(address, "addressCountry");
	if (json_is_object(c))
		c = json_object_get(c, "name");
	if (!json_is_string(c))
		return 1;
	for (size_t i = 0; nl[i]; i++)
		if (strcasecmp(json_string_value(c), nl[i]) == 0)
			return 1;
	return 0;
}

/* The postcode of the first jobLocation in the Netherlands that has one. */
static int posting_postcode(lw_importer *im, const jsonld *m, lw_json_rec *r, json_t *o,
			    const char **v, const char **from)
{
	json_t *places = json_object_get(o, "jobLocation");
	*v = NULL;
	*from = "jobLocation.address.postalCode";
	for (size_t i = 0; item(places, i); i++) {
		const char *at = item_field(r, places, "jobLocation", i);
		json_t *place = deref(m, item(places, i)), *address;
		int rc;
		if ((rc = lw_jm_object(im, r, place, at, &place)) != LW_OK)
			return rc;
		address = deref(m, json_object_get(place, "address"));
		/* An address as one line of text holds no postcode to rely on. */
		if (!json_is_object(address) || !in_netherlands(address))
			continue;
		const char *field = lw_jm_field(r, "%s.address.postalCode", at);
		if ((rc = lw_jm_text(im, r, json_object_get(address, "postalCode"), field, v)) !=
		    LW_OK)
			return rc;
		if (*v) {
			*from = field;
			return LW_OK;
		}
	}
	return LW_OK;
}

#define ESCO_OCCUPATION "data.europa.eu/esco/occupation/"

/* An ESCO occupation URI, in its http form; NULL when s is none. */
static const char *esco_uri(lw_json_rec *r, const char *s)
{
	if (!s)
		return NULL;
	if (strncmp(s, "http://" ESCO_OCCUPATION, 7 + strlen(ESCO_OCCUPATION)) == 0)
		return s;
	if (strncmp(s, "https://" ESCO_OCCUPATION, 8 + strlen(ESCO_OCCUPATION)) != 0)
		return NULL;
	const char *v = lw_jm_field(r, "http://%s", s + 8);
	return strcmp(v, "?") == 0 ? NULL : v;
}

/*
 * occupationalCategory: the first ESCO occupation URI, as text or as a
 * CategoryCode's @id, url or codeValue. Other codes (ISCO, O*NET) are left.
 */
static int posting_occupation(lw_importer *im, lw_json_rec *r, json_t *o, const char **v,
			      const char **from)
{
	static const char *const members[] = {"@id", "url", "codeValue", NULL};
	json_t *cats = json_object_get(o, "occupationalCategory");
	*v = NULL;
	*from = "occupationalCategory";
	for (size_t i = 0; item(cats, i) && !*v; i++) {
		json_t *c = item(cats, i);
		const char *at = item_field(r, cats, "occupationalCategory", i);
		const char *t;
		int rc;
		if (json_is_object(c)) {
			for (size_t k = 0; members[k] && !*v; k++)
				if ((*v = esco_uri(r, json_string_value(json_object_get(c, members[k])))))
					*from = lw_jm_field(r, "%s.%s", at, members[k]);
			continue;
		}
		if ((rc = lw_jm_text(im, r, c, at, &t)) != LW_OK)
			return rc;
		if ((*v = esco_uri(r, t)))
			*from = at;
	}
	return LW_OK;
}

/* The level a text names: "mbo 2", "MBO-niveau 3", "hbo", "bachelor degree", ... */
static const char *level_in(const char *text)
{
	for (const char *p = text; (p = ci_find(p, "mbo")) != NULL; p += 3) {
		const char *q = p + 3;
		while (*q == ' ' || *q == '-')
			q++;
		if (strncasecmp(q, "niveau", 6) == 0)
			for (q += 6; *q == ' '; q++)
				;
		if (*q >= '1' && *q <= '4' && !isdigit((unsigned char)q[1]))
			return (const char *[]){"mbo-1", "mbo-2", "mbo-3", "mbo-4"}[*q - '1'];
	}
	for (const char *p = text; (p = ci_find(p, "niveau")) != NULL; p += 6) {
		const char *q = p + 6;
		while (*q == ' ')
			q++;
		if (*q >= '1' && *q <= '4' && !isdigit((unsigned char)q[1]))
			return (const char *[]){"mbo-1", "mbo-2", "mbo-3", "mbo-4"}[*q - '1'];
	}
	if (ci_find(text, "associate degree"))
		return "ad";
	if (has_word(text, "hbo") || ci_find(text, "bachelor"))
		return "hbo";
	if (has_word(text, "wo") || ci_find(text, "master") || ci_find(text, "universit") ||
	    ci_find(text, "postgraduate"))
		return "wo";
	return NULL;
}

/*
 * educationRequirements: text, or an EducationalOccupationalCredential whose
 * credentialCategory (text, or a DefinedTerm's name or termCode) names a
 * level. Text that names none leaves the level empty.
 */
static int posting_level(lw_importer *im, lw_json_rec *r, json_t *o, const char **v,
			 const char **from)
{
	json_t *reqs = json_object_get(o, "educationRequirements");
	*v = NULL;
	*from = "educationRequirements";
	for (size_t i = 0; item(reqs, i) && !*v; i++) {
		json_t *q = item(reqs, i);
		const char *at = item_field(r, reqs, "educationRequirements", i), *t;
		int rc;
		if (json_is_object(q)) {
			json_t *cat = json_object_get(q, "credentialCategory");
			at = lw_jm_field(r, "%s.credentialCategory", at);
			if (json_is_object(cat)) {
				json_t *name = json_object_get(cat, "name");
				cat = name ? name : json_object_get(cat, "termCode");
			}
			q = cat;
		}
		if ((rc = lw_jm_text(im, r, q, at, &t)) != LW_OK)
			return rc;
		if (t && (*v = level_in(t)))
			*from = at;
	}
	return LW_OK;
}

/* workHours: a number, or the first whole number in its text ("32-40 uur"). */
static int posting_hours(lw_importer *im, lw_json_rec *r, json_t *o, const char **v)
{
	json_t *h = json_object_get(o, "workHours");
	const char *t;
	*v = NULL;
	if (json_is_integer(h))
		return lw_jm_code(im, r, h, "workHours", v);
	int rc = lw_jm_text(im, r, h, "workHours", &t);
	if (rc != LW_OK || !t)
		return rc;
	while (*t && !isdigit((unsigned char)*t))
		t++;
	size_t n = 0;
	while (isdigit((unsigned char)t[n]) && n < 9)
		n++;
	if (!n)
		return LW_OK; /* "in overleg": no number of hours */
	char num[10];
	memcpy(num, t, n);
	num[n] = '\0';
	*v = lw_jm_strdup(r, num);
	return *v ? LW_OK : LW_ENOMEM;
}

/* The date part of a date or date-time ("2024-05-01T09:00:00+02:00"). */
static int date_part(lw_importer *im, lw_json_rec *r, json_t *o, const char *field,
		     const char **v)
{
	int rc = lw_jm_text(im, r, json_object_get(o, field), field, v);
	if (rc == LW_OK && *v && strlen(*v) > 10 && ((*v)[10] == 'T' || (*v)[10] == ' ')) {
		char *d = lw_jm_strdup(r, *v);
		if (!d)
			return LW_ENOMEM;
		d[10] = '\0';
		*v = d;
	}
	return rc;
}

static int posting_map(lw_importer *im, lw_json_doc *doc, lw_json_rec *r, lw_err *err)
{
	const jsonld *m = lw_json_model(doc);
	json_t *o = lw_json_obj(r);
	const char *v, *from, *title;
	int rc;
	(void)err;
	if (!json_is_object(o))
		return lw_json_reject(im, r, NULL, "is geen JobPosting (object) maar %s",
				      lw_json_kind_of(o));
	/* The key first: a record rejected later is still known to be in the file. */
	if ((rc = posting_code(im, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("code", v, from);
	if (!is_job_posting(o))
		return lw_json_reject(im, r, "@type", "is geen JobPosting");

	from = "title";
	if ((rc = lw_jm_text(im, r, json_object_get(o, from), from, &title)) != LW_OK)
		return rc;
	if (!title) {
		from = "name";
		if ((rc = lw_jm_text(im, r, json_object_get(o, from), from, &title)) != LW_OK)
			return rc;
	}
	SET("titel", title, title ? from : "title");
	if ((rc = posting_kind(im, r, o, title, &v, &from)) != LW_OK)
		return rc;
	SET("soort", v, from);
	if ((rc = posting_employer(im, m, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("werkgever", v, from);
	if ((rc = posting_postcode(im, m, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("postcode", v, from);
	if ((rc = posting_occupation(im, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("beroep", v, from);
	if ((rc = posting_level(im, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("niveau", v, from);
	if ((rc = posting_hours(im, r, o, &v)) != LW_OK)
		return rc;
	SET("uren", v, "workHours");
	if ((rc = date_part(im, r, o, "datePosted", &v)) != LW_OK)
		return rc;
	SET("gepubliceerd", v, "datePosted");
	if ((rc = date_part(im, r, o, "validThrough", &v)) != LW_OK)
		return rc;
	SET("sluitingsdatum", v, "validThrough");
	return LW_OK;
}

static const lw_json_part jsonld_parts[] = {
	{&lw_kind_vacancies, 0, vacancies_list, posting_map},
};

static const lw_json_format jsonld_format = {
	.describe = "schema.org JobPosting (JSON-LD), zie docs/formats/jsonld.md",
	.parts = jsonld_parts,
	.nparts = 1,
	.prepare = jsonld_prepare,
	.release = jsonld_release,
};

const lw_ingest_kind lw_kind_vacancies_jsonld = {
	.name = "vacancies-jsonld",
	.help = "vacatures, leerbanen en stages als schema.org JobPosting (JSON-LD)",
	.json = &jsonld_format,
};

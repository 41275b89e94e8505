/*
 * json_ooapi.c - offerings-ooapi: course offerings from an OOAPI v5 file
 * (the Dutch Open Education API) into two registers, checked and written
 * by their CSV kinds: organizations become providers, offerings become
 * offering rows. Programs and courses are not stored; an offering takes
 * from its program or course the qualification (crebo), the pathway, the
 * duration and what it lacks itself. The mapping is documented in
 * docs/formats/ooapi.md.
 */
#include "json_map.h"
#include "lw_geo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* An organization seen in the file, as a record of the providers part. */
typedef struct org_seen {
	json_t *obj;
	char *path;
} org_seen;

/* What prepare learns of the whole file; the parts read it. */
typedef struct ooapi {
	json_t *orgs;	  /* organizationId -> the first organization with it */
	json_t *org_at;	  /* organizationId -> where that one is */
	json_t *programs; /* programId -> program */
	json_t *courses;  /* courseId -> course */
	json_t *kinds;	  /* organizationId of a provider -> kind, from a sector */
	json_t *offerings;	    /* the array of offerings (or items), or NULL */
	const char *offerings_name; /* "offerings" or "items" */
	json_t *only_provider;	    /* the one provider of the file, if there is one */
	org_seen *seen;		    /* the providers part's records */
	size_t nseen, cap;
} ooapi;

/* ---- reading OOAPI values ------------------------------------------------ */

static int is_str(json_t *v, const char *s)
{
	return json_is_string(v) && strcasecmp(json_string_value(v), s) == 0;
}

/*
 * The code of an IdentifierEntry list (otherCodes) or entry (primaryCode)
 * whose codeType is one of types; the entry itself, and its index in the
 * list (-1: primaryCode). NULL when there is none.
 */
static json_t *code_of_type(json_t *obj, const char *const *types, long *at)
{
	json_t *pc = json_object_get(obj, "primaryCode");
	for (size_t t = 0; types[t]; t++)
		if (json_is_object(pc) && is_str(json_object_get(pc, "codeType"), types[t]) &&
		    json_object_get(pc, "code")) {
			*at = -1;
			return pc;
		}
	json_t *other = json_object_get(obj, "otherCodes");
	for (size_t t = 0; types[t] && json_is_array(other); t++) {
		size_t i;
		json_t *e;
		json_array_foreach(other, i, e) {
			if (json_is_object(e) && is_str(json_object_get(e, "codeType"), types[t]) &&
			    json_object_get(e, "code")) {
				*at = (long)i;
				return e;
			}
		}
	}
	return NULL;
}

/* The field name of the code code_of_type found, below prefix ("" or "program."). */
static const char *code_field(lw_json_rec *r, const char *prefix, long at)
{
	return at < 0 ? lw_jm_field(r, "%sprimaryCode.code", prefix)
		      : lw_jm_field(r, "%sotherCodes[%ld].code", prefix, at);
}

static const char *const provider_code_types[] = {"brin", "kvk", NULL};

/* 1 when the organization has a BRIN code or KvK number of its own. */
static int has_provider_code(json_t *org)
{
	long at;
	return code_of_type(org, provider_code_types, &at) != NULL;
}

/*
 * An organization with a parent and no code of its own (a faculty, a
 * department) is a unit of its parent, not a provider.
 */
static int is_unit(json_t *org)
{
	json_t *parent = json_object_get(org, "parent");
	return parent && !json_is_null(parent) && !has_provider_code(org);
}

/*
 * The provider an organization reference (an id or an expanded object)
 * leads to: itself, or the nearest parent that is one. NULL and *why
 * (static text, or in b) when there is none.
 */
static json_t *provider_of(const ooapi *m, json_t *ref, lw_buf *why)
{
	for (int depth = 0; depth < 32; depth++) {
		json_t *org = ref;
		if (json_is_string(ref)) {
			org = json_object_get(m->orgs, json_string_value(ref));
			if (!org) {
				lw_buf_printf(why,
					      "onbekende organisatie '%s' (staat niet in de "
					      "organizations van dit bestand)",
					      json_string_value(ref));
				return NULL;
			}
		} else if (!json_is_object(ref)) {
			lw_buf_printf(why, "is geen organisatie-id (tekst) of organisatie maar %s",
				      lw_json_kind_of(ref));
			return NULL;
		}
		if (!is_unit(org))
			return org;
		ref = json_object_get(org, "parent");
	}
	lw_buf_puts(why, "de organisaties hangen in een kring aan elkaar (parent)");
	return NULL;
}

/*
 * An education (program or course) reference of an offering: *edu is the
 * expanded object, the one with that id in the file, or NULL (none). 0 or
 * a reason in why.
 */
static int education_of(const ooapi *m, json_t *o, json_t **edu, const char **member,
			lw_buf *why)
{
	static const char *const members[] = {"program", "course"};
	*edu = NULL;
	*member = "program";
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(o, members[i]);
		if (!v || json_is_null(v))
			continue;
		*member = members[i];
		if (json_is_object(v)) {
			*edu = v;
		} else if (json_is_string(v)) {
			*edu = json_object_get(i == 0 ? m->programs : m->courses,
					       json_string_value(v));
			if (!*edu)
				lw_buf_printf(why, "'%s' staat niet in de %ss van dit bestand",
					      json_string_value(v), members[i]);
		} else {
			lw_buf_printf(why, "is geen id (tekst) of object maar %s",
				      lw_json_kind_of(v));
		}
		return why->len ? -1 : 0;
	}
	return 0;
}

/* 1 when the education is higher education (hbo or wo): no crebo, no BOL. */
static int is_higher(json_t *edu)
{
	static const char *const levels[] = {"associate degree", "bachelor", "master", "doctoral",
					     NULL};
	json_t *sector = json_object_get(edu, "sector");
	if (is_str(sector, "higher professional education") || is_str(sector, "university education"))
		return 1;
	for (size_t i = 0; levels[i]; i++)
		if (is_str(json_object_get(edu, "level"), levels[i]))
			return 1;
	return 0;
}

/* The provider kind an education's sector or level points to, or NULL. */
static const char *kind_from_education(json_t *edu)
{
	json_t *sector = json_object_get(edu, "sector");
	const char *level = json_string_value(json_object_get(edu, "level"));
	if (is_str(sector, "secondary vocational education") ||
	    (level && strncasecmp(level, "secondary vocational education", 30) == 0))
		return "ROC";
	if (is_str(sector, "higher professional education") ||
	    (level && strcasecmp(level, "associate degree") == 0))
		return "hogeschool";
	if (is_str(sector, "university education"))
		return "universiteit";
	return NULL;
}

/*
 * A value of the consumers entry meant for leerwerk
 * ({"consumerKey": "leerwerk", "soort": "ROC"}); its field name in *field.
 */
static json_t *consumer_value(lw_json_rec *r, json_t *obj, const char *name, const char **field)
{
	json_t *list = json_object_get(obj, "consumers");
	size_t i;
	json_t *c;
	if (!json_is_array(list))
		return NULL;
	json_array_foreach(list, i, c) {
		json_t *v = json_object_get(c, name);
		if (is_str(json_object_get(c, "consumerKey"), "leerwerk") && v && !json_is_null(v)) {
			*field = lw_jm_field(r, "consumers[%zu].%s", i, name);
			return v;
		}
	}
	return NULL;
}

/* Address types that are not a place where anyone learns or visits. */
static int is_location(json_t *address)
{
	json_t *type = json_object_get(address, "addressType");
	return !is_str(type, "postal") && !is_str(type, "billing") && !is_str(type, "deliveries");
}

/*
 * Calls fn for the postcode of each address in addresses (field) that is a
 * location in the Netherlands; teaching addresses first when teaching_first.
 */
typedef int (*postcode_fn)(void *ud, const char *postcode, const char *field);

static int each_postcode(lw_importer *im, lw_json_rec *r, json_t *addresses, const char *field,
			 int teaching_first, postcode_fn fn, void *ud)
{
	if (!addresses || json_is_null(addresses))
		return LW_OK;
	if (!json_is_array(addresses))
		return lw_json_reject(im, r, field, "is geen lijst maar %s",
				      lw_json_kind_of(addresses));
	for (int pass = teaching_first ? 0 : 1; pass < 2; pass++) {
		size_t i;
		json_t *a;
		json_array_foreach(addresses, i, a) {
			const char *at = lw_jm_field(r, "%s[%zu]", field, i);
			const char *pc, *country;
			int teaching = is_str(json_object_get(a, "addressType"), "teaching");
			int rc;
			if (!json_is_object(a))
				return lw_json_reject(im, r, at, "is geen adres (object) maar %s",
						      lw_json_kind_of(a));
			if ((pass == 0 && !teaching) || (pass == 1 && teaching_first && teaching) ||
			    !is_location(a))
				continue;
			if ((rc = lw_jm_text(im, r, json_object_get(a, "countryCode"),
					     lw_jm_field(r, "%s.countryCode", at), &country)) ||
			    (rc = lw_jm_text(im, r, json_object_get(a, "postalCode"),
					     lw_jm_field(r, "%s.postalCode", at), &pc)))
				return rc;
			if (!pc || (country && strcasecmp(country, "NL") != 0))
				continue;
			if ((rc = fn(ud, pc, lw_jm_field(r, "%s.postalCode", at))) != LW_OK)
				return rc;
		}
	}
	return LW_OK;
}

/* The first postcode: stops each_postcode by returning 1. */
typedef struct first_pc {
	const char *pc, *field;
} first_pc;

static int take_first(void *ud, const char *pc, const char *field)
{
	first_pc *f = ud;
	f->pc = pc;
	f->field = field;
	return 1;
}

/* All postcodes as a ';' list, each once (3511 AB and 3511AB are one). */
typedef struct pc_list {
	lw_buf list, seen;
} pc_list;

static int add_postcode(void *ud, const char *pc, const char *field)
{
	pc_list *l = ud;
	char norm[8];
	(void)field;
	/* An invalid one goes in as it is, for the provider's check to report. */
	const char *key = lw_geo_postcode_parse(pc, norm) ? norm : pc;
	lw_buf probe = LW_BUF_INIT;
	int rc = lw_buf_printf(&probe, ";%s;", key);
	int dup = rc == LW_OK && l->seen.len && strstr(lw_buf_cstr(&l->seen), probe.data);
	lw_buf_free(&probe);
	if (rc != LW_OK)
		return LW_ENOMEM;
	if (dup)
		return LW_OK;
	if (lw_buf_printf(&l->seen, "%s%s;", l->seen.len ? "" : ";", key) != LW_OK ||
	    lw_buf_printf(&l->list, "%s%s", l->list.len ? ";" : "", pc) != LW_OK)
		return LW_ENOMEM;
	return LW_OK;
}

/*
 * Whole months in an ISO 8601 duration (P3Y, P18M, P1Y6M, P40W, P10D):
 * years and months exactly, weeks and days to the nearest month; a time
 * part (T...) is allowed and not counted. -1 when it is no duration.
 */
static long duration_months(const char *s)
{
	long months = 0, days = 0;
	int any = 0, time = 0;
	if (*s++ != 'P')
		return -1;
	while (*s) {
		if (*s == 'T' && !time) {
			time = 1;
			s++;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		long n = 0;
		while (*s >= '0' && *s <= '9') {
			if (n > 100000)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		if (!*s)
			return -1; /* a number without its unit */
		char unit = *s++;
		any = 1;
		if (time && (unit == 'H' || unit == 'M' || unit == 'S'))
			continue;
		if (time)
			return -1;
		if (unit == 'Y')
			months += 12 * n;
		else if (unit == 'M')
			months += n;
		else if (unit == 'W')
			days += 7 * n;
		else if (unit == 'D')
			days += n;
		else
			return -1;
	}
	if (!any)
		return -1;
	/* 30.44 days a month on average, rounded. */
	return months + (days * 100 + 1522) / 3044;
}


/* ---- the document -------------------------------------------------------- */

static void ooapi_release(void *model)
{
	ooapi *m = model;
	json_decref(m->orgs);
	json_decref(m->org_at);
	json_decref(m->programs);
	json_decref(m->courses);
	json_decref(m->kinds);
	for (size_t i = 0; i < m->nseen; i++)
		lw_free(m->seen[i].path);
	lw_free(m->seen);
	lw_free(m);
}

static int see_record(ooapi *m, json_t *obj, const char *path)
{
	if (m->nseen == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		org_seen *p = lw_realloc(m->seen, cap * sizeof *p);
		if (!p)
			return LW_ENOMEM;
		m->seen = p;
		m->cap = cap;
	}
	if (!(m->seen[m->nseen].path = lw_strdup(path)))
		return LW_ENOMEM;
	m->seen[m->nseen++].obj = obj;
	return LW_OK;
}

/*
 * An organization found at path: remembered by its id, and a record of the
 * providers part when it is a provider. Every entry of organizations is a
 * record (a bad one is reported there); an expanded copy elsewhere is one
 * only when no organization with its id (or without an id, no equal one)
 * came before, or it differs.
 */
static int see_org(ooapi *m, json_t *org, const char *path, int listed)
{
	int rc = LW_OK;
	json_t *id = json_object_get(org, "organizationId");
	int record = listed;
	if (!listed && json_is_object(org) && !json_is_string(id)) {
		/* No id to know it by: a record unless the same one was seen. */
		record = 1;
		for (size_t i = 0; i < m->nseen && record; i++)
			record = !json_equal(m->seen[i].obj, org);
	}
	if (json_is_object(org) && json_is_string(id)) {
		json_t *first = json_object_get(m->orgs, json_string_value(id));
		if (!first) {
			json_t *at = json_string(path);
			if (!at || json_object_set(m->orgs, json_string_value(id), org) ||
			    json_object_set_new(m->org_at, json_string_value(id), at))
				return LW_ENOMEM;
			record = 1;
		} else if (!listed && !json_equal(first, org)) {
			record = 1;
		}
	}
	if (record && !(json_is_object(org) && is_unit(org)))
		rc = see_record(m, org, path);
	/* A parent given in full is an organization of the file too. */
	json_t *parent = json_object_get(org, "parent");
	if (rc == LW_OK && json_is_object(parent)) {
		lw_buf p = LW_BUF_INIT;
		rc = lw_buf_printf(&p, "%s.parent", path) == LW_OK ? see_org(m, parent, p.data, 0)
								    : LW_ENOMEM;
		lw_buf_free(&p);
	}
	return rc;
}

/* The organization expanded in obj.member (at path.member), if any, seen. */
static int see_org_in(ooapi *m, json_t *obj, const char *member, const char *path)
{
	json_t *org = json_object_get(obj, member);
	if (!json_is_object(org))
		return LW_OK;
	lw_buf p = LW_BUF_INIT;
	int rc = lw_buf_printf(&p, "%s.%s", path, member) == LW_OK ? see_org(m, org, p.data, 0)
								   : LW_ENOMEM;
	lw_buf_free(&p);
	return rc;
}

/* A problem with the file as a whole: nothing is imported, as for a bad header. */
static int file_error(lw_json_doc *doc, lw_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int file_error(lw_json_doc *doc, lw_err *err, const char *fmt, ...)
{
	lw_buf why = LW_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	lw_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	lw_err_set(err, LW_EINPUT, "%s:%s", lw_json_name(doc), lw_buf_cstr(&why));
	lw_buf_free(&why);
	return LW_EINPUT;
}

/* The listed programs (or courses): objects, each with its own id. */
static int see_educations(lw_json_doc *doc, ooapi *m, json_t *list, const char *name,
			  json_t *map, const char *idkey, lw_err *err)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (!json_is_object(e))
			return file_error(doc, err, "%s[%zu]: is geen object maar %s", name, i,
					  lw_json_kind_of(e));
		json_t *id = json_object_get(e, idkey);
		if (!json_is_string(id))
			return file_error(doc, err, "%s[%zu]: veld '%s' ontbreekt of is geen tekst",
					  name, i, idkey);
		if (json_object_get(map, json_string_value(id)))
			return file_error(doc, err, "%s[%zu]: %s '%s' komt twee keer voor in %s",
					  name, i, idkey, json_string_value(id), name);
		if (json_object_set(map, json_string_value(id), e))
			return LW_ENOMEM;
		lw_buf p = LW_BUF_INIT;
		int rc = lw_buf_printf(&p, "%s[%zu]", name, i) == LW_OK
				 ? see_org_in(m, e, "organization", p.data)
				 : LW_ENOMEM;
		lw_buf_free(&p);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* An expanded program or course of an offering, remembered by its id. */
static int see_expanded(ooapi *m, json_t *o, const char *path)
{
	static const char *const members[] = {"program", "course"};
	static const char *const ids[] = {"programId", "courseId"};
	for (int k = 0; k < 2; k++) {
		json_t *e = json_object_get(o, members[k]);
		json_t *map = k == 0 ? m->programs : m->courses;
		if (!json_is_object(e))
			continue;
		json_t *id = json_object_get(e, ids[k]);
		if (json_is_string(id) && !json_object_get(map, json_string_value(id)) &&
		    json_object_set(map, json_string_value(id), e))
			return LW_ENOMEM;
		lw_buf p = LW_BUF_INIT;
		int rc = lw_buf_printf(&p, "%s.%s", path, members[k]) == LW_OK
				 ? see_org_in(m, e, "organization", p.data)
				 : LW_ENOMEM;
		lw_buf_free(&p);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

/* Remembers the provider kind an education points to for its provider. */
static int learn_kind(ooapi *m, json_t *edu, json_t *org_ref)
{
	const char *kind = edu ? kind_from_education(edu) : NULL;
	if (!kind)
		return LW_OK;
	lw_buf why = LW_BUF_INIT;
	json_t *prov = org_ref && !json_is_null(org_ref) ? provider_of(m, org_ref, &why)
							 : m->only_provider;
	lw_buf_free(&why);
	const char *id = json_string_value(json_object_get(prov, "organizationId"));
	if (!id || json_object_get(m->kinds, id))
		return LW_OK;
	return json_object_set_new(m->kinds, id, json_string(kind)) ? LW_ENOMEM : LW_OK;
}

/* The organization an offering names, else its program's or course's. */
static json_t *org_ref_of(json_t *o, json_t *edu, const char **field, const char *member,
			  lw_json_rec *r)
{
	json_t *ref = json_object_get(o, "organization");
	if (field)
		*field = "organization";
	if ((!ref || json_is_null(ref)) && edu) {
		ref = json_object_get(edu, "organization");
		if (field)
			*field = lw_jm_field(r, "%s.organization", member);
	}
	return ref && !json_is_null(ref) ? ref : NULL;
}

static int ooapi_prepare(lw_json_doc *doc, lw_err *err)
{
	static const char *const names[] = {"organizations", "programs", "courses", "offerings",
					    "items"};
	json_t *root = lw_json_root(doc);
	json_t *list[5];
	if (!json_is_object(root))
		return file_error(doc, err,
				  " is %s, geen object; verwacht een object met organizations, "
				  "programs, courses en offerings, of een OOAPI-pagina met items",
				  lw_json_kind_of(root));
	for (int i = 0; i < 5; i++) {
		list[i] = json_object_get(root, names[i]);
		if (json_is_null(list[i]))
			list[i] = NULL;
		if (list[i] && !json_is_array(list[i]))
			return file_error(doc, err, "%s: is geen lijst maar %s", names[i],
					  lw_json_kind_of(list[i]));
	}
	if (list[3] && list[4])
		return file_error(doc, err,
				  " heeft offerings en items; een bestand is een OOAPI-pagina "
				  "(items) of heeft offerings, niet allebei");
	if (!list[0] && !list[3] && !list[4])
		return file_error(doc, err,
				  " heeft geen organizations, offerings of items; verwacht een "
				  "object met organizations, programs, courses en offerings, of "
				  "een OOAPI-pagina met items");
	ooapi *m = lw_calloc(1, sizeof *m);
	if (!m)
		return LW_ENOMEM;
	lw_json_set_model(doc, m);
	if (!(m->orgs = json_object()) || !(m->org_at = json_object()) ||
	    !(m->programs = json_object()) || !(m->courses = json_object()) ||
	    !(m->kinds = json_object()))
		return LW_ENOMEM;
	m->offerings = list[3] ? list[3] : list[4];
	m->offerings_name = list[3] ? "offerings" : "items";

	int rc = LW_OK;
	size_t i;
	json_t *v;
	lw_buf p = LW_BUF_INIT;
	json_array_foreach(list[0], i, v) {
		lw_buf_reset(&p);
		if (rc == LW_OK)
			rc = lw_buf_printf(&p, "organizations[%zu]", i) == LW_OK
				     ? see_org(m, v, p.data, 1)
				     : LW_ENOMEM;
	}
	if (rc == LW_OK)
		rc = see_educations(doc, m, list[1], "programs", m->programs, "programId", err);
	if (rc == LW_OK)
		rc = see_educations(doc, m, list[2], "courses", m->courses, "courseId", err);
	json_array_foreach(m->offerings, i, v) {
		if (rc != LW_OK || !json_is_object(v))
			continue;
		lw_buf_reset(&p);
		if (lw_buf_printf(&p, "%s[%zu]", m->offerings_name, i) != LW_OK)
			rc = LW_ENOMEM;
		if (rc == LW_OK)
			rc = see_org_in(m, v, "organization", p.data);
		if (rc == LW_OK)
			rc = see_expanded(m, v, p.data);
	}
	lw_buf_free(&p);
	if (rc != LW_OK)
		return rc;

	/* An offering that names no organization goes to the file's only provider. */
	size_t nproviders = 0;
	const char *key;
	json_object_foreach(m->orgs, key, v) {
		if (!is_unit(v)) {
			nproviders++;
			m->only_provider = v;
		}
	}
	if (nproviders != 1)
		m->only_provider = NULL;

	/* The provider kinds the sectors of the educations point to: first one wins. */
	json_array_foreach(m->offerings, i, v) {
		json_t *edu;
		const char *member;
		lw_buf why = LW_BUF_INIT;
		if (rc == LW_OK && json_is_object(v) &&
		    education_of(m, v, &edu, &member, &why) == 0)
			rc = learn_kind(m, edu, org_ref_of(v, edu, NULL, member, NULL));
		lw_buf_free(&why);
	}
	for (int l = 1; l <= 2; l++)
		json_array_foreach(list[l], i, v)
			if (rc == LW_OK)
				rc = learn_kind(m, v, json_object_get(v, "organization"));
	return rc;
}

/* ---- organizations -> providers ------------------------------------------- */

static int providers_list(lw_json_doc *doc, lw_err *err)
{
	ooapi *m = lw_json_model(doc);
	(void)err;
	for (size_t i = 0; i < m->nseen; i++) {
		int rc = lw_json_add(doc, m->seen[i].obj, "%s", m->seen[i].path);
		if (rc != LW_OK)
			return rc;
	}
	return LW_OK;
}

#define SET(name, value, field)                                                            \
	do {                                                                               \
		if ((rc = lw_json_set(r, lw_json_col(k, name), value, field)) != LW_OK)    \
			return rc;                                                         \
	} while (0)

/* A code from code_of_type; a BRIN code of a location (25PZ00) as its institution's. */
static int provider_code(lw_importer *im, lw_json_rec *r, json_t *entry, const char *field,
			 const char **out)
{
	int rc = lw_jm_code(im, r, json_object_get(entry, "code"), field, out);
	if (rc == LW_OK && *out && strlen(*out) == 6 &&
	    is_str(json_object_get(entry, "codeType"), "brin")) {
		char *four = lw_jm_strdup(r, *out);
		if (!four)
			return LW_ENOMEM;
		four[4] = '\0';
		*out = four;
	}
	return rc;
}

static int provider_map(lw_importer *im, lw_json_doc *doc, lw_json_rec *r, lw_err *err)
{
	const lw_ingest_kind *k = &lw_kind_providers;
	ooapi *m = lw_json_model(doc);
	json_t *o = lw_json_obj(r);
	const char *v, *from;
	long at;
	int rc;
	(void)err;
	if (!json_is_object(o))
		return lw_json_reject(im, r, NULL, "is geen organisatie (object) maar %s",
				      lw_json_kind_of(o));
	json_t *code = code_of_type(o, provider_code_types, &at);
	if (!code)
		return lw_json_reject(im, r, "primaryCode",
				      "geen BRIN-code of KvK-nummer: primaryCode of otherCodes met "
				      "codeType brin of kvk ontbreekt");
	from = code_field(r, "", at);
	if ((rc = provider_code(im, r, code, from, &v)) != LW_OK)
		return rc;
	SET("code", v, from);

	json_t *id = json_object_get(o, "organizationId");
	if (id && !json_is_null(id) && !json_is_string(id))
		return lw_json_reject(im, r, "organizationId", "is geen tekst maar %s",
				      lw_json_kind_of(id));
	json_t *first = id ? json_object_get(m->orgs, json_string_value(id)) : NULL;
	if (first && first != o && !json_equal(first, o))
		return lw_json_reject(im, r, "organizationId",
				      "'%s' staat al met andere gegevens in het bestand (eerst bij "
				      "%s)",
				      json_string_value(id),
				      json_string_value(json_object_get(m->org_at,
									json_string_value(id))));

	if ((rc = lw_jm_lang(im, r, json_object_get(o, "name"), "name", &v, &from)) != LW_OK)
		return rc;
	if (!v) {
		from = "shortName";
		if ((rc = lw_jm_text(im, r, json_object_get(o, from), from, &v)) != LW_OK)
			return rc;
	}
	SET("naam", v, v ? from : "name");

	json_t *kind = consumer_value(r, o, "soort", &from);
	if (kind) {
		if ((rc = lw_jm_text(im, r, kind, from, &v)) != LW_OK)
			return rc;
		SET("soort", v, from);
	} else if (id && (kind = json_object_get(m->kinds, json_string_value(id)))) {
		SET("soort", json_string_value(kind), "consumers");
	} else {
		return lw_json_reject(im, r, NULL,
				      "de soort aanbieder (ROC, AOC, vakinstelling, hogeschool, "
				      "universiteit, private opleider of EVC-aanbieder) is niet te "
				      "bepalen: geef die in consumers als {\"consumerKey\": "
				      "\"leerwerk\", \"soort\": \"ROC\"}, of geef de opleidingen van "
				      "deze organisatie een sector");
	}

	if ((rc = lw_jm_text(im, r, json_object_get(o, "link"), "link", &v)) != LW_OK)
		return rc;
	SET("website", v, "link");

	pc_list l = {LW_BUF_INIT, LW_BUF_INIT};
	rc = each_postcode(im, r, json_object_get(o, "addresses"), "addresses", 0, add_postcode,
			   &l);
	if (rc == LW_OK)
		rc = lw_json_set(r, lw_json_col(k, "vestigingen"), lw_buf_cstr(&l.list),
				 "addresses");
	lw_buf_free(&l.list);
	lw_buf_free(&l.seen);
	return rc;
}

/* ---- offerings ------------------------------------------------------------ */

static int offerings_list(lw_json_doc *doc, lw_err *err)
{
	ooapi *m = lw_json_model(doc);
	size_t i, parts = 0;
	json_t *o;
	(void)err;
	json_array_foreach(m->offerings, i, o) {
		/* A component (a lecture, a test) is part of a course, not an offering of its own. */
		if (json_is_object(o) && is_str(json_object_get(o, "offeringType"), "component")) {
			parts++;
			continue;
		}
		int rc = lw_json_add(doc, o, "%s[%zu]", m->offerings_name, i);
		if (rc != LW_OK)
			return rc;
	}
	if (parts) {
		char note[160];
		snprintf(note, sizeof note,
			 "%zu %s (offeringType component) niet ingelezen: dat zijn onderdelen "
			 "van een cursus",
			 parts, parts == 1 ? "componentoffering" : "componentofferings");
		lw_json_set_note(doc, note);
	}
	return LW_OK;
}

/* The leerwerk pathway of an OOAPI modeOfStudy; NULL when it is none of them. */
static const char *pathway_of(const char *mode, int higher)
{
	if (strcasecmp(mode, "full-time") == 0)
		return higher ? "voltijd" : "BOL";
	if (strcasecmp(mode, "part-time") == 0)
		return "deeltijd";
	if (strcasecmp(mode, "dual training") == 0)
		return higher ? "deeltijd" : "BBL";
	if (strcasecmp(mode, "self-paced") == 0)
		return "cursus";
	return NULL;
}

/* teachingLanguage: ISO 639-2 (nld) to the two letters leerwerk keeps (nl). */
static const char *language_of(const char *v)
{
	static const char *const map[][2] = {{"nld", "nl"}, {"dut", "nl"}, {"eng", "en"},
					     {"deu", "de"}, {"ger", "de"}, {"fra", "fr"},
					     {"fre", "fr"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(v, map[i][0]) == 0)
			return map[i][1];
	return v; /* two letters, or something the offering check turns down */
}

static const char *const crebo_code_types[] = {"crohoCreboCode", "crebo", "creboCode", NULL};

/* The key of an offering: its primaryCode, else its offeringId. */
static int offering_code(lw_importer *im, lw_json_rec *r, json_t *o, const char **v,
			 const char **from)
{
	json_t *pc = json_object_get(o, "primaryCode");
	int rc;
	*v = NULL;
	*from = "primaryCode.code";
	if (pc && !json_is_null(pc)) {
		if (!json_is_object(pc))
			return lw_json_reject(im, r, "primaryCode",
					      "is geen {codeType, code} maar %s",
					      lw_json_kind_of(pc));
		return lw_jm_code(im, r, json_object_get(pc, "code"), *from, v);
	}
	*from = "offeringId";
	rc = lw_jm_text(im, r, json_object_get(o, "offeringId"), *from, v);
	if (rc == LW_OK && !*v)
		*from = "primaryCode";
	return rc;
}

/* The price: the "total costs" entry of priceInformation, else the first. */
static int offering_price(lw_importer *im, lw_json_rec *r, json_t *o, const char **v,
			  const char **from)
{
	json_t *list = json_object_get(o, "priceInformation");
	*v = NULL;
	*from = "priceInformation";
	if (!list || json_is_null(list) || (json_is_array(list) && !json_array_size(list)))
		return LW_OK;
	if (!json_is_array(list))
		return lw_json_reject(im, r, *from, "is geen lijst maar %s", lw_json_kind_of(list));
	size_t i, pick = 0;
	json_t *c;
	json_array_foreach(list, i, c) {
		if (!json_is_object(c))
			return lw_json_reject(im, r, lw_jm_field(r, "priceInformation[%zu]", i),
					      "is geen object maar %s", lw_json_kind_of(c));
		if (is_str(json_object_get(c, "costType"), "total costs")) {
			pick = i;
			break;
		}
	}
	c = json_array_get(list, pick);
	const char *currency;
	int rc = lw_jm_text(im, r, json_object_get(c, "currency"),
			    lw_jm_field(r, "priceInformation[%zu].currency", pick), &currency);
	if (rc != LW_OK)
		return rc;
	if (currency && strcasecmp(currency, "EUR") != 0)
		return lw_json_reject(im, r, lw_jm_field(r, "priceInformation[%zu].currency", pick),
				      "'%s': leerwerk kent alleen bedragen in euro's (EUR)",
				      lw_im_show(im, currency));
	*from = lw_jm_field(r, "priceInformation[%zu].amount", pick);
	return lw_jm_code(im, r, json_object_get(c, "amount"), *from, v);
}

/*
 * The duration in months: the program's or course's ISO 8601 duration, else
 * from startDate to endDate (both checked as dates). *months = 0: none.
 */
static int offering_months(lw_importer *im, lw_json_rec *r, json_t *o, json_t *edu,
			   const char *member, long *months, const char **from)
{
	const lw_ingest_kind *k = &lw_kind_offerings;
	size_t col = lw_json_col(k, "startmomenten");
	const char *duration, *end, *start = *lw_json_get(r, col) ? lw_json_get(r, col) : NULL;
	int rc;
	*months = 0;
	*from = lw_jm_field(r, "%s.duration", member);
	if ((rc = lw_jm_text(im, r, edu ? json_object_get(edu, "duration") : NULL, *from,
			     &duration)) != LW_OK ||
	    (rc = lw_jm_text(im, r, json_object_get(o, "endDate"), "endDate", &end)) != LW_OK)
		return rc;
	/* endDate is read, so it is checked, even where the duration wins. */
	if (end) {
		size_t slot = lw_json_slot(r, end, "endDate");
		end = lw_json_get(r, slot);
		if ((rc = lw_im_check_date(im, slot, end)) != LW_OK)
			return rc;
	}
	if (duration) {
		if ((*months = duration_months(duration)) < 0)
			return lw_json_reject(im, r, *from,
					      "'%s' is geen ISO 8601-duur (zoals P3Y, P18M of P10W)",
					      lw_im_show(im, duration));
		return LW_OK;
	}
	if (!start || !end)
		return LW_OK;
	if ((rc = lw_im_check_date(im, col, start)) != LW_OK)
		return rc;
	long days = (long)lw_date_days(end) - (long)lw_date_days(start);
	if (days < 0)
		return lw_json_reject(im, r, "endDate", "%s ligt voor startDate %s", end, start);
	*from = "endDate";
	*months = (days * 100 + 1522) / 3044;
	return LW_OK;
}

static int offering_map(lw_importer *im, lw_json_doc *doc, lw_json_rec *r, lw_err *err)
{
	const lw_ingest_kind *k = &lw_kind_offerings;
	ooapi *m = lw_json_model(doc);
	json_t *o = lw_json_obj(r);
	const char *v, *from, *member;
	json_t *edu;
	int rc;
	(void)err;
	if (!json_is_object(o))
		return lw_json_reject(im, r, NULL, "is geen offering (object) maar %s",
				      lw_json_kind_of(o));
	/* The key first: a record rejected later is still known to be in the file. */
	if ((rc = offering_code(im, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("code", v, from);

	lw_buf why = LW_BUF_INIT;
	if (education_of(m, o, &edu, &member, &why) != 0) {
		rc = lw_json_reject(im, r, member, "%s", lw_buf_cstr(&why));
		lw_buf_free(&why);
		return rc;
	}
	json_t *ref = org_ref_of(o, edu, &from, member, r);
	json_t *prov = ref ? provider_of(m, ref, &why) : m->only_provider;
	if (!prov) {
		if (!ref)
			lw_buf_puts(&why, "ontbreekt (ook bij het program of de course), en het "
					  "bestand heeft niet precies een aanbieder om op terug te "
					  "vallen");
		rc = lw_json_reject(im, r, from, "%s", lw_buf_cstr(&why));
		lw_buf_free(&why);
		return rc;
	}
	long at;
	json_t *code = code_of_type(prov, provider_code_types, &at);
	if (!code) {
		const char *id = json_string_value(json_object_get(prov, "organizationId"));
		return lw_json_reject(im, r, from,
				      "organisatie '%s' heeft geen BRIN-code of KvK-nummer "
				      "(primaryCode of otherCodes met codeType brin of kvk)",
				      id ? lw_im_show(im, id) : "?");
	}
	if ((rc = provider_code(im, r, code, from, &v)) != LW_OK)
		return rc;
	SET("aanbieder", v, from);

	/* A crohoCreboCode of higher education is a CROHO code: no qualification. */
	int higher = edu && is_higher(edu);
	json_t *crebo = NULL;
	if (!higher && (crebo = code_of_type(o, crebo_code_types, &at)))
		from = code_field(r, "", at);
	else if (!higher && edu && (crebo = code_of_type(edu, crebo_code_types, &at)))
		from = code_field(r, lw_jm_field(r, "%s.", member), at);
	if (crebo) {
		if ((rc = lw_jm_code(im, r, json_object_get(crebo, "code"), from, &v)) != LW_OK)
			return rc;
		SET("crebo", v, from);
	} else if (!higher && edu && json_object_get(edu, "crohoCreboCode")) {
		from = lw_jm_field(r, "%s.crohoCreboCode", member);
		if ((rc = lw_jm_code(im, r, json_object_get(edu, "crohoCreboCode"), from, &v)))
			return rc;
		SET("crebo", v, from);
	}

	if ((rc = lw_jm_lang(im, r, json_object_get(o, "name"), "name", &v, &from)) != LW_OK)
		return rc;
	if (!v && edu &&
	    (rc = lw_jm_lang(im, r, json_object_get(edu, "name"), lw_jm_field(r, "%s.name", member),
			     &v, &from)) != LW_OK)
		return rc;
	SET("titel", v, v ? from : "name");

	first_pc loc = {NULL, NULL};
	rc = each_postcode(im, r, json_object_get(o, "addresses"), "addresses", 1, take_first,
			   &loc);
	if (rc == LW_OK && !loc.pc && edu)
		rc = each_postcode(im, r, json_object_get(edu, "addresses"),
				   lw_jm_field(r, "%s.addresses", member), 1, take_first, &loc);
	if (rc < 0)
		return rc;
	if (!loc.pc)
		return lw_json_reject(im, r, NULL,
				      "geen locatie: geen adres met een Nederlandse postalCode bij "
				      "de offering of haar %s",
				      edu ? member : "program of course");
	SET("postcode", loc.pc, loc.field);

	json_t *mode = consumer_value(r, o, "leerweg", &from);
	const char *pathway = NULL;
	if (mode) {
		if ((rc = lw_jm_text(im, r, mode, from, &pathway)) != LW_OK)
			return rc;
	} else if (edu && (is_str(json_object_get(edu, "level"), "associate degree") ||
			   is_str(json_object_get(edu, "qualificationAwarded"), "AD"))) {
		pathway = "Associate degree";
		from = lw_jm_field(r, "%s.level", member);
	} else {
		from = "modeOfStudy";
		mode = json_object_get(o, from);
		if ((!mode || json_is_null(mode)) && edu) {
			from = lw_jm_field(r, "%s.modeOfStudy", member);
			mode = json_object_get(edu, "modeOfStudy");
		}
		if ((rc = lw_jm_text(im, r, mode, from, &v)) != LW_OK)
			return rc;
		if (v && !(pathway = pathway_of(v, higher)))
			return lw_json_reject(im, r, from,
					      "'%s' is geen van: full-time, part-time, dual "
					      "training, self-paced",
					      lw_im_show(im, v));
		if (!v && (strcmp(member, "course") == 0 ||
			   is_str(json_object_get(o, "offeringType"), "course"))) {
			pathway = "cursus";
			from = "offeringType";
		}
		if (!pathway)
			return lw_json_reject(im, r, from,
					      "ontbreekt; de leerweg (BOL, BBL, deeltijd, voltijd) "
					      "volgt eruit");
	}
	SET("leerweg", pathway, from);

	const char *start;
	if ((rc = lw_jm_text(im, r, json_object_get(o, "startDate"), "startDate", &start)) !=
	    LW_OK)
		return rc;
	SET("startmomenten", start, "startDate");
	long months;
	if ((rc = offering_months(im, r, o, edu, member, &months, &from)) != LW_OK)
		return rc;
	if (months > 0) {
		char n[24];
		snprintf(n, sizeof n, "%ld", months);
		SET("duur_maanden", n, from);
	}

	if ((rc = offering_price(im, r, o, &v, &from)) != LW_OK)
		return rc;
	SET("kosten", v, from);

	from = "teachingLanguage";
	json_t *lang = json_object_get(o, from);
	if ((!lang || json_is_null(lang)) && edu) {
		from = lw_jm_field(r, "%s.teachingLanguage", member);
		lang = json_object_get(edu, "teachingLanguage");
	}
	if ((rc = lw_jm_text(im, r, lang, from, &v)) != LW_OK)
		return rc;
	SET("taal", v ? language_of(v) : NULL, from);
	return LW_OK;
}

static const lw_json_part ooapi_parts[] = {
	/* An OOAPI file names only the providers of its own offerings. */
	{&lw_kind_providers, 1, providers_list, provider_map},
	{&lw_kind_offerings, 0, offerings_list, offering_map},
};

static const lw_json_format ooapi_format = {
	.describe = "OOAPI v5 (JSON), zie docs/formats/ooapi.md",
	.parts = ooapi_parts,
	.nparts = sizeof ooapi_parts / sizeof ooapi_parts[0],
	.prepare = ooapi_prepare,
	.release = ooapi_release,
};

const lw_ingest_kind lw_kind_offerings_ooapi = {
	.name = "offerings-ooapi",
	.help = "opleidingsaanbod met aanbieders uit de Open Onderwijs API (OOAPI v5, JSON)",
	.json = &ooapi_format,
};

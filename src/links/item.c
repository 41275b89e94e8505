/*
 * item.c - the full detail of one searchable item (lw_item_get): its
 * fields, ready to show in Dutch, and the groups of items it links to.
 *
 * One table entry per kind: the columns every item has (M_*), its fields,
 * each with the SQL of its column (two for F_SHOWN: the stored value and
 * the text shown), and a statement per group. Every statement takes the
 * ref as ?1 and today's date as ?2; nothing else goes into the SQL.
 */
#include "lw_links.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the tables ------------------------------------------------------------- */

/* How a field's stored value is shown. */
enum fmt {
	F_TEXT,     /* as stored */
	F_SHOWN,    /* the field's SQL gives two columns: the stored value, the text shown */
	F_DATE,     /* "12 maart 2027" */
	F_UNTIL,    /* a date, with " (verlopen)" when before today */
	F_DATES,    /* ';'-joined dates: "5 januari 2026, 1 september 2026" */
	F_EURO,     /* cents: "€ 1.250", "€ 12,50" */
	F_MONTHS,   /* "24 maanden" */
	F_WEEKS,    /* "12 weken" */
	F_HOURS,    /* "38 uur per week" */
	F_COUNT,    /* "3", or "geen" */
	F_LEVEL,    /* 2 or mbo-2: "mbo-niveau 2"; ad, hbo, wo */
	F_PATHWAYS, /* "BOL/BBL": "BOL en BBL" */
	F_LINES,    /* newline-separated labels: "a, b en c", at most LIST_MAX, "en nog 4" */
	F_GROUPS,   /* ';'-joined target groups: "werkgevers en werknemers" */
	F_LANGUAGE, /* nl: "Nederlands" */
	F_POSTCODE  /* 3511AB: "3511 AB" */
};

typedef struct field_def {
	const char *key, *label;
	enum fmt fmt;
	const char *link_kind; /* the stored value is the ref of an item of this kind */
	const char *sql;       /* its column(s) in the item's statement */
} field_def;

typedef struct group_def {
	const char *key, *label;
	/* Columns: kind, ref, title, detail, example, valid, and a date that is
	 * appended to the detail, formatted (or NULL). */
	const char *sql;
} group_def;

/*
 * A kind: the item's statement is "SELECT <head>, <each field's sql>
 * <from>". head gives the columns M_TITLE ... M_WEBSITE.
 */
enum { M_TITLE, M_SUMMARY, M_TEXT, M_EXAMPLE, M_VALID, M_POSTCODE, M_PLACE, M_WEBSITE, M_FIELDS };

typedef struct kind_def {
	const char *kind;
	const char *what, *refname; /* "Geen <what> met <refname> '<ref>'." */
	const char *head, *from;
	const field_def *fields; /* ends with a NULL key */
	const group_def *groups; /* ends with a NULL key */
	int sentences; /* the summary is the first sentences of M_SUMMARY; M_TEXT is tidied */
} kind_def;

/* An item's place: its postcode's row, or its PC4 area's (as in routes.c). */
#define LOC_JOIN(pc)                                                                               \
	" LEFT JOIN postcode p6 ON p6.code = " pc " LEFT JOIN postcode p4 ON p4.code = substr(" pc \
	", 1, 4)"
#define LOC_PLACE "coalesce(p6.place, p4.place)"
/* ... of an offering o, a training company c, a vacancy v. */
#define LOC_O LOC_JOIN("o.postcode")
#define LOC_C LOC_JOIN("c.postcode")
#define LOC_V LOC_JOIN("v.postcode")
#define IS_OPEN "(v.closes IS NULL OR v.closes >= ?2)"
/* A qualification q as a link. */
#define QUAL_LINK                                                                                  \
	"'kwalificatie', q.crebo, q.name, "                                                        \
	"'mbo-niveau ' || q.level || ', ' || replace(q.pathways, '/', ' en '), 0, 1, NULL"
/* A vacancy v (with LOC_V) as a link. */
#define VACANCY_LINK                                                                               \
	"'vacature', v.code, v.title, "                                                            \
	"v.kind || ' bij ' || v.employer || coalesce(', ' || " LOC_PLACE ", ''), "                 \
	"v.is_example, 1, NULL"

/* ---- kwalificatie -------------------------------------------------------------- */

static const field_def qualification_fields[] = {
    {"crebo", "Crebo", F_TEXT, NULL, "q.crebo"},
    {"niveau", "Niveau", F_LEVEL, NULL, "q.level"},
    {"soort", "Soort opleiding", F_TEXT, NULL, "q.kind"},
    {"leerweg", "Leerweg", F_PATHWAYS, NULL, "q.pathways"},
    {"dossier", "Kwalificatiedossier", F_SHOWN, NULL, "d.crebo, d.name || ' (' || d.crebo || ')'"},
    {"domein", "Opleidingsdomein", F_SHOWN, NULL, "m.crebo, m.name"},
    /* The ministry that sets legal requirements for the trade (SZW, I&M, ...). */
    {"beroepsvereisten", "Beroepsvereisten", F_SHOWN, NULL,
     "q.requirements, 'wettelijke eisen (ministerie van ' || q.requirements || ')'"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const group_def qualification_groups[] = {
    {"beroepen", "Beroepen",
     "SELECT 'beroep', o.uri, o.label, "
     "CASE x.n WHEN 0 THEN NULL WHEN 1 THEN '1 open vacature' "
     "ELSE x.n || ' open vacatures' END, 0, 1, NULL "
     "FROM (SELECT l.occupation_uri AS uri, l.source, l.score, "
     "(SELECT count(*) FROM vacancy v WHERE v.occupation_uri = l.occupation_uri AND " IS_OPEN
     ") AS n FROM qualification_occupation l WHERE l.crebo = ?1) x "
     "JOIN occupation o ON o.uri = x.uri "
     "ORDER BY x.source = 'import' DESC, x.score DESC, o.label, o.uri"},
    {"opleidingen", "Opleidingen",
     "SELECT 'opleiding', o.code, p.name, o.pathway || coalesce(', ' || " LOC_PLACE ", ''), "
     "o.is_example, 1, NULL "
     "FROM offering o JOIN provider p ON p.code = o.provider_code" LOC_O " WHERE o.crebo = ?1 "
     "ORDER BY p.name COLLATE NOCASE, " LOC_PLACE " COLLATE NOCASE, o.code"},
    {"evc", "EVC-trajecten",
     "SELECT 'evc', e.code, p.name, CASE WHEN e.accredited_until >= ?2 "
     "THEN 'geaccrediteerd tot ' ELSE 'accreditatie liep tot ' END, "
     "e.is_example, e.accredited_until >= ?2, e.accredited_until "
     "FROM evc_procedure e JOIN provider p ON p.code = e.provider_code "
     "WHERE e.crebo = ?1 ORDER BY 6 DESC, p.name COLLATE NOCASE, e.code"},
    {"leerbedrijven", "Erkende leerbedrijven",
     "SELECT 'leerbedrijf', c.kvk, c.name, coalesce(" LOC_PLACE " || ', ', '') || "
     "CASE c.places WHEN 0 THEN 'geen open plaatsen' WHEN 1 THEN '1 open plaats' "
     "ELSE c.places || ' open plaatsen' END, c.is_example, 1, NULL "
     "FROM training_company_recognition r JOIN training_company c ON c.kvk = r.kvk" LOC_C
     " WHERE r.crebo = ?1 ORDER BY c.places DESC, c.name COLLATE NOCASE, c.kvk"},
    {"vacatures", "Vacatures",
     "SELECT " VACANCY_LINK " FROM qualification_occupation l "
     "JOIN vacancy v ON v.occupation_uri = l.occupation_uri" LOC_V
     " WHERE l.crebo = ?1 AND " IS_OPEN " ORDER BY v.published DESC, v.code"},
    {NULL, NULL, NULL},
};

/* ---- beroep ------------------------------------------------------------------- */

static const field_def occupation_fields[] = {
    {"esco_code", "ESCO-code", F_TEXT, NULL, "o.code"},
    {"isco_groep", "ISCO-beroepsgroep", F_TEXT, NULL, "o.isco_group"},
    {"ook_genoemd", "Ook genoemd", F_LINES, NULL, "o.alt_labels"},
    {"gereglementeerd", "Gereglementeerd beroep", F_SHOWN, NULL,
     "o.regulated, CASE WHEN o.regulated LIKE '%/unregulated' THEN 'nee' "
     "WHEN o.regulated LIKE '%/regulated' THEN 'ja' END"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const group_def occupation_groups[] = {
    {"kwalificaties", "Kwalificaties",
     "SELECT " QUAL_LINK " FROM qualification_occupation l "
     "JOIN qualification q ON q.crebo = l.crebo WHERE l.occupation_uri = ?1 "
     "ORDER BY l.source = 'import' DESC, l.score DESC, q.name, q.crebo"},
    {"vacatures", "Vacatures",
     "SELECT " VACANCY_LINK " FROM vacancy v" LOC_V " WHERE v.occupation_uri = ?1 AND " IS_OPEN
     " ORDER BY v.published DESC, v.code"},
    {NULL, NULL, NULL},
};

/* ---- opleiding, evc ---------------------------------------------------------- */

static const field_def offering_fields[] = {
    {"aanbieder", "Aanbieder", F_SHOWN, NULL, "p.code, p.name"},
    {"kwalificatie", "Kwalificatie", F_SHOWN, "kwalificatie", "q.crebo, q.name"},
    /* As the search engine has it: mbo-N, else ad, hbo or wo. */
    {"niveau", "Niveau", F_LEVEL, NULL,
     "CASE WHEN q.level IS NOT NULL THEN q.level WHEN o.pathway = 'Associate degree' "
     "THEN 'ad' WHEN p.kind = 'hogeschool' THEN 'hbo' WHEN p.kind = 'universiteit' "
     "THEN 'wo' END"},
    {"leerweg", "Leerweg", F_TEXT, NULL, "o.pathway"},
    {"plaats", "Plaats", F_TEXT, NULL, LOC_PLACE},
    {"start", "Start", F_DATES, NULL, "o.starts"},
    {"duur", "Duur", F_MONTHS, NULL, "o.months"},
    {"kosten", "Kosten", F_EURO, NULL, "o.cost_cents"},
    {"taal", "Taal", F_LANGUAGE, NULL, "o.language"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const field_def evc_fields[] = {
    {"aanbieder", "Aanbieder", F_SHOWN, NULL, "p.code, p.name"},
    {"kwalificatie", "Kwalificatie", F_SHOWN, "kwalificatie", "q.crebo, q.name"},
    {"standaard", "Standaard", F_TEXT, NULL, "e.standard"},
    {"niveau", "Niveau", F_LEVEL, NULL, "q.level"},
    {"prijs", "Prijs", F_EURO, NULL, "e.price_cents"},
    {"duur", "Duur", F_WEEKS, NULL, "e.weeks"},
    {"geldig_tot", "Accreditatie geldig tot", F_UNTIL, NULL, "e.accredited_until"},
    {"regios", "Regio's", F_SHOWN, NULL,
     "(SELECT group_concat(code, ';') FROM (SELECT g.code FROM evc_region r JOIN region g "
     "ON g.code = r.region_code WHERE r.evc_code = e.code ORDER BY g.name)), "
     "(SELECT group_concat(name, ', ') FROM (SELECT g.name FROM evc_region r JOIN region g "
     "ON g.code = r.region_code WHERE r.evc_code = e.code ORDER BY g.name))"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

/* ---- leerbedrijf, vacature ----------------------------------------------------- */

static const field_def company_fields[] = {
    {"kvk", "KvK-nummer", F_TEXT, NULL, "c.kvk"},
    {"plaats", "Plaats", F_TEXT, NULL, LOC_PLACE},
    {"open_plaatsen", "Open leerplaatsen", F_COUNT, NULL, "c.places"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const group_def company_groups[] = {
    {"erkend_voor", "Erkend voor",
     "SELECT " QUAL_LINK " FROM training_company_recognition r "
     "JOIN qualification q ON q.crebo = r.crebo WHERE r.kvk = ?1 "
     "ORDER BY q.name COLLATE NOCASE, q.crebo"},
    {NULL, NULL, NULL},
};

static const field_def vacancy_fields[] = {
    {"werkgever", "Werkgever", F_TEXT, NULL, "v.employer"},
    {"soort", "Soort", F_SHOWN, NULL,
     "v.kind, CASE v.kind WHEN 'leerbaan' THEN 'leerbaan (leren en werken)' ELSE v.kind END"},
    {"beroep", "Beroep", F_SHOWN, "beroep", "o.uri, o.label"},
    {"niveau", "Niveau", F_LEVEL, NULL, "v.level"},
    {"uren", "Uren", F_HOURS, NULL, "v.hours"},
    {"geplaatst", "Geplaatst", F_DATE, NULL, "v.published"},
    {"sluit", "Sluitingsdatum", F_DATE, NULL, "v.closes"},
    {"plaats", "Plaats", F_TEXT, NULL, LOC_PLACE},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const group_def vacancy_groups[] = {
    {"kwalificaties", "Kwalificaties",
     "SELECT " QUAL_LINK " FROM vacancy v "
     "JOIN qualification_occupation l ON l.occupation_uri = v.occupation_uri "
     "JOIN qualification q ON q.crebo = l.crebo WHERE v.code = ?1 "
     "ORDER BY l.source = 'import' DESC, l.score DESC, q.name, q.crebo"},
    {NULL, NULL, NULL},
};

/* ---- regeling, loket ------------------------------------------------------------ */

static const field_def scheme_fields[] = {
    {"voor", "Voor", F_GROUPS, NULL, "target_groups"},
    {"voorwaarden", "Voorwaarden", F_TEXT, NULL, "conditions"},
    {"bedrag", "Bedrag", F_TEXT, NULL, "amount"},
    {"website", "Website", F_TEXT, NULL, "website"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const field_def desk_fields[] = {
    {"adres", "Adres", F_TEXT, NULL, "d.address"},
    {"postcode", "Postcode", F_POSTCODE, NULL, "d.postcode"},
    {"plaats", "Plaats", F_TEXT, NULL, "d.place"},
    /* A desk without a phone: the national helpdesk (as `loket find` says). */
    {"telefoon", "Telefoon", F_SHOWN, NULL,
     "d.phone, coalesce(d.phone, '0800-1618 (landelijke helpdesk)')"},
    {"email", "E-mail", F_TEXT, NULL, "d.email"},
    {"website", "Website", F_TEXT, NULL, "d.website"},
    {"openingstijden", "Openingstijden", F_TEXT, NULL, "d.opening_hours"},
    {NULL, NULL, F_TEXT, NULL, NULL},
};

static const group_def desk_groups[] = {
    {"gemeenten", "Gemeenten",
     "SELECT NULL, m.code, m.name, m.province, 0, 1, NULL FROM desk_service s "
     "JOIN municipality m ON m.code = s.municipality_code WHERE s.desk_code = ?1 "
     "GROUP BY m.code ORDER BY m.name COLLATE NOCASE, m.code"},
    {NULL, NULL, NULL},
};

static const group_def no_groups[] = {{NULL, NULL, NULL}};

/* ---- the kinds ------------------------------------------------------------------ */

static const kind_def kinds[] = {
    {"kwalificatie", "kwalificatie", "crebo",
     "q.name, q.name || ' is een ' || q.kind || ' op mbo-niveau ' || q.level || '.' || "
     "CASE q.pathways "
     "WHEN 'BBL' THEN ' Alleen te volgen werkend bij een erkend leerbedrijf (BBL).' "
     "WHEN 'BOL' THEN ' Te volgen op school (BOL).' "
     "ELSE ' Te volgen op school (BOL) of werkend bij een erkend leerbedrijf (BBL).' END, "
     "NULL, 0, 1, NULL, NULL, NULL",
     "FROM qualification q JOIN mbo_dossier d ON d.crebo = q.dossier_crebo "
     "LEFT JOIN mbo_domain m ON m.crebo = d.domain_crebo WHERE q.crebo = ?1",
     qualification_fields, qualification_groups, 0},
    {"beroep", "beroep", "URI",
     "o.label, coalesce(o.description, o.definition), coalesce(o.description, o.definition), "
     "0, 1, NULL, NULL, NULL",
     "FROM occupation o WHERE o.uri = ?1", occupation_fields, occupation_groups, 1},
    {"opleiding", "opleiding", "code",
     "o.title, 'Een opleiding van ' || p.name || coalesce(' in ' || " LOC_PLACE ", '') || '.' "
     "|| CASE o.pathway WHEN 'BBL' THEN ' Je leert en werkt tegelijk (BBL).' "
     "WHEN 'BOL' THEN ' Je leert vooral op school (BOL).' ELSE '' END, "
     "NULL, o.is_example, 1, o.postcode, " LOC_PLACE ", p.website",
     "FROM offering o JOIN provider p ON p.code = o.provider_code "
     "LEFT JOIN qualification q ON q.crebo = o.crebo" LOC_O " WHERE o.code = ?1",
     offering_fields, no_groups, 0},
    {"evc", "EVC-traject", "code",
     "'EVC ' || coalesce(q.name, e.standard), "
     "'Erkenning van verworven competenties (EVC) voor ' || "
     "coalesce('de kwalificatie ' || q.name, e.standard) || ', bij ' || p.name || '.' || "
     "CASE WHEN e.accredited_until < ?2 THEN ' De accreditatie is verlopen.' ELSE '' END, "
     "NULL, e.is_example, e.accredited_until >= ?2, NULL, NULL, p.website",
     "FROM evc_procedure e JOIN provider p ON p.code = e.provider_code "
     "LEFT JOIN qualification q ON q.crebo = e.crebo WHERE e.code = ?1",
     evc_fields, no_groups, 0},
    {"leerbedrijf", "leerbedrijf", "KvK-nummer",
     "c.name, CASE WHEN EXISTS (SELECT 1 FROM training_company_recognition r "
     "WHERE r.kvk = c.kvk) THEN 'Erkend leerbedrijf' ELSE 'Leerbedrijf' END || "
     "coalesce(' in ' || " LOC_PLACE ", '') || '. ' || CASE c.places "
     "WHEN 0 THEN 'Er zijn nu geen open leerplaatsen.' "
     "WHEN 1 THEN 'Er is 1 open leerplaats.' "
     "ELSE 'Er zijn ' || c.places || ' open leerplaatsen.' END, "
     "NULL, c.is_example, 1, c.postcode, " LOC_PLACE ", NULL",
     "FROM training_company c" LOC_C " WHERE c.kvk = ?1", company_fields, company_groups, 0},
    {"vacature", "vacature", "code",
     "v.title, CASE v.kind WHEN 'leerbaan' THEN 'Leerbaan' WHEN 'stage' THEN 'Stage' "
     "ELSE 'Vacature' END || ' bij ' || v.employer || coalesce(' in ' || " LOC_PLACE ", '') "
     "|| '.' || CASE WHEN v.closes < ?2 THEN ' De sluitingsdatum is voorbij.' ELSE '' END, "
     "NULL, v.is_example, 1, v.postcode, " LOC_PLACE ", NULL",
     "FROM vacancy v LEFT JOIN occupation o ON o.uri = v.occupation_uri" LOC_V " WHERE v.code = ?1",
     vacancy_fields, vacancy_groups, 0},
    {"regeling", "regeling", "code", "name, conditions, NULL, is_example, 1, NULL, NULL, website",
     "FROM scheme WHERE code = ?1", scheme_fields, no_groups, 0},
    {"loket", "loket", "code",
     "d.name, CASE WHEN d.is_default THEN 'Het standaardloket voor de arbeidsmarktregio' || "
     "coalesce(' ' || (SELECT g.name FROM desk_area a JOIN region g ON g.code = a.region_code "
     "WHERE a.desk_code = d.code ORDER BY g.code LIMIT 1), '') || '. De contactgegevens "
     "volgen zodra het loketnetwerk is geladen; bel tot dan de landelijke helpdesk.' "
     "ELSE 'Leerwerkloket voor ' || n.n || CASE n.n WHEN 1 THEN ' gemeente.' "
     "ELSE ' gemeenten.' END END, NULL, 0, 1, d.postcode, d.place, d.website",
     "FROM desk d, (SELECT count(DISTINCT municipality_code) AS n FROM desk_service "
     "WHERE desk_code = ?1) n WHERE d.code = ?1",
     desk_fields, desk_groups, 0},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

/* ---- the work --------------------------------------------------------------- */

typedef struct ctx {
	lw_store *s;
	lw_item *it;
	lw_err *err;
	lw_buf buf;  /* scratch for formatting */
	size_t fcap; /* room in it->fields */
	size_t gcap; /* room in it->groups */
	int bad;     /* out of memory */
} ctx;

/* s in the item's arena; NULL and "" give NULL. */
static const char *keep(ctx *c, const char *s)
{
	if (!s || !*s)
		return NULL;
	char *k = lw_arena_strdup(&c->it->arena, s);
	if (!k)
		c->bad = 1;
	return k;
}

static const char *col(ctx *c, sqlite3_stmt *st, int i)
{
	return keep(c, (const char *)sqlite3_column_text(st, i));
}

/* Column i, never NULL: titles and refs ("" when the row has none). */
static const char *col_str(ctx *c, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	char *k = lw_arena_strdup(&c->it->arena, t ? t : "");
	if (!k)
		c->bad = 1;
	return k;
}

/* ---- formatting ------------------------------------------------------------- */

/* "€ 1.250" or "€ 12,50" for cents. */
static int put_euro(lw_buf *b, long long cents)
{
	unsigned long long abs =
	    cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
	char whole[32];
	int n = snprintf(whole, sizeof whole, "%llu", abs / 100);
	int rc = lw_buf_puts(b, cents < 0 ? "€ -" : "€ ");
	for (int i = 0; i < n && rc == LW_OK; i++) {
		if (i && (n - i) % 3 == 0)
			rc = lw_buf_putc(b, '.');
		if (rc == LW_OK)
			rc = lw_buf_putc(b, whole[i]);
	}
	if (rc == LW_OK && abs % 100)
		rc = lw_buf_printf(b, ",%02llu", abs % 100);
	return rc;
}

/* "1 maand", "24 maanden": n and the singular or plural word. */
static int put_count(lw_buf *b, const char *raw, const char *one, const char *many)
{
	long long n = strtoll(raw, NULL, 10);
	return lw_buf_printf(b, "%lld %s", n, n == 1 ? one : many);
}

static int put_level(lw_buf *b, const char *raw)
{
	if (raw[0] >= '1' && raw[0] <= '4' && !raw[1])
		return lw_buf_printf(b, "mbo-niveau %s", raw);
	if (strncmp(raw, "mbo-", 4) == 0)
		return lw_buf_printf(b, "mbo-niveau %s", raw + 4);
	return lw_buf_puts(b, strcmp(raw, "ad") == 0 ? "associate degree" : raw);
}

/*
 * The parts of raw split at sep, each trimmed, joined as "a, b en c"; at
 * most LIST_MAX parts, then "en nog N". With plurals, target groups are
 * named in the plural.
 */
#define LIST_MAX 12

static const char *plural(const char *part, size_t *n)
{
	static const char *const names[][2] = {{"werkgever", "werkgevers"},
	                                       {"werknemer", "werknemers"},
	                                       {"werkzoekende", "werkzoekenden"},
	                                       {"student", "studenten"},
	                                       {"professional", "professionals"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (*n == strlen(names[i][0]) && strncmp(part, names[i][0], *n) == 0) {
			*n = strlen(names[i][1]);
			return names[i][1];
		}
	return part;
}

static int put_list(lw_buf *b, const char *raw, char sep, int plurals)
{
	const char *parts[LIST_MAX];
	size_t lens[LIST_MAX], n = 0, more = 0;
	for (const char *p = raw; *p;) {
		const char *e = strchr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *s = p;
		size_t k = len;
		while (k && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++, k--;
		while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
			k--;
		if (k && n < LIST_MAX) {
			parts[n] = plurals ? plural(s, &k) : s;
			lens[n++] = k;
		} else if (k) {
			more++;
		}
		p += len + (e != NULL);
	}
	int rc = LW_OK;
	for (size_t i = 0; i < n && rc == LW_OK; i++) {
		if (i)
			rc = lw_buf_puts(b, i + 1 == n && !more ? " en " : ", ");
		if (rc == LW_OK)
			rc = lw_buf_append(b, parts[i], lens[i]);
	}
	if (rc == LW_OK && more)
		rc = lw_buf_printf(b, " en nog %zu", more);
	return rc;
}

static int put_dates(lw_buf *b, const char *raw)
{
	int rc = LW_OK, first = 1;
	for (const char *p = raw; *p && rc == LW_OK;) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len) {
			rc = first ? LW_OK : lw_buf_puts(b, ", ");
			if (rc == LW_OK)
				rc = lw_date_nl(b, p, len);
			first = 0;
		}
		p += len + (e != NULL);
	}
	return rc;
}

static int put_language(lw_buf *b, const char *raw)
{
	static const char *const names[][2] = {
	    {"nl", "Nederlands"}, {"en", "Engels"}, {"de", "Duits"}, {"fr", "Frans"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(raw, names[i][0]) == 0)
			return lw_buf_puts(b, names[i][1]);
	return lw_buf_puts(b, raw);
}

/* Appends raw (not NULL) to b as fmt shows it. */
static int format(enum fmt fmt, const char *raw, const char *today, lw_buf *b)
{
	size_t n = strlen(raw);
	switch (fmt) {
	case F_DATE:
		return lw_date_nl(b, raw, n);
	case F_UNTIL:
		if (lw_date_nl(b, raw, n) != LW_OK)
			return LW_ENOMEM;
		return strcmp(raw, today) < 0 ? lw_buf_puts(b, " (verlopen)") : LW_OK;
	case F_DATES:
		return put_dates(b, raw);
	case F_EURO:
		return put_euro(b, strtoll(raw, NULL, 10));
	case F_MONTHS:
		return put_count(b, raw, "maand", "maanden");
	case F_WEEKS:
		return put_count(b, raw, "week", "weken");
	case F_HOURS:
		return put_count(b, raw, "uur per week", "uur per week");
	case F_COUNT:
		return lw_buf_puts(b, strcmp(raw, "0") == 0 ? "geen" : raw);
	case F_LEVEL:
		return put_level(b, raw);
	case F_PATHWAYS:
		return put_list(b, raw, '/', 0);
	case F_LINES:
		return put_list(b, raw, '\n', 0);
	case F_GROUPS:
		return put_list(b, raw, ';', 1);
	case F_LANGUAGE:
		return put_language(b, raw);
	case F_POSTCODE:
		if (n == 6 && strspn(raw, "0123456789") == 4)
			return lw_buf_printf(b, "%.4s %s", raw, raw + 4);
		return lw_buf_puts(b, raw);
	case F_TEXT:
	case F_SHOWN:
		break;
	}
	return lw_buf_puts(b, raw);
}

/*
 * ESCO texts: runs of white space become one space, and a backslash that
 * ends a line (left over from the source's line breaks) goes.
 */
static int tidy(const char *s, lw_buf *b)
{
	int rc = LW_OK, space = 0;
	for (; *s && rc == LW_OK; s++) {
		if (*s == '\\' && (s[1] == '\n' || s[1] == '\r'))
			continue;
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len)
			rc = lw_buf_putc(b, ' ');
		space = 0;
		if (rc == LW_OK)
			rc = lw_buf_putc(b, *s);
	}
	return rc;
}

/* A summary of about this many bytes at most: two sentences when they fit, else one. */
#define SUMMARY_MAX 300

/* The length of the first one or two sentences of s (a '.' before a capital or the end). */
static size_t sentences(const char *s)
{
	size_t ends[2], n = 0;
	for (size_t i = 0; s[i] && n < 2; i++)
		if (s[i] == '.' &&
		    (!s[i + 1] || (s[i + 1] == ' ' && s[i + 2] >= 'A' && s[i + 2] <= 'Z')))
			ends[n++] = i + 1;
	if (n == 2 && ends[1] <= SUMMARY_MAX)
		return ends[1];
	return n ? ends[0] : strlen(s);
}

/* ---- reading ---------------------------------------------------------------- */

/* Every statement takes the ref as ?1 and, when it asks for it, today as ?2. */
static void bind(sqlite3_stmt *st, const char *ref, const char *today)
{
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
}

static int add_field(ctx *c, const field_def *f, const char *raw, const char *shown)
{
	lw_item *it = c->it;
	if (f->fmt == F_SHOWN ? !shown || !*shown : !raw || !*raw)
		return LW_OK;
	if (f->fmt != F_SHOWN) {
		lw_buf_reset(&c->buf);
		if (format(f->fmt, raw, it->today, &c->buf) != LW_OK)
			return LW_ENOMEM;
		shown = lw_buf_cstr(&c->buf);
	}
	lw_item_field *a = lw_arena_grow(&it->arena, it->fields, &it->nfields, &c->fcap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	it->fields = a;
	lw_item_field *p = &a[it->nfields - 1];
	p->key = f->key;
	p->label = f->label;
	p->value = keep(c, shown);
	p->raw = keep(c, raw);
	if (f->link_kind && p->raw) {
		p->link_kind = f->link_kind;
		p->link_ref = p->raw;
	}
	return c->bad ? LW_ENOMEM : LW_OK;
}

static int read_fields(ctx *c, sqlite3_stmt *st, const field_def *f)
{
	for (int i = M_FIELDS; f->key; f++) {
		const char *raw = (const char *)sqlite3_column_text(st, i++);
		const char *shown =
		    f->fmt == F_SHOWN ? (const char *)sqlite3_column_text(st, i++) : NULL;
		if (add_field(c, f, raw, shown) != LW_OK)
			return LW_ENOMEM;
	}
	return LW_OK;
}

/* The summary and the text it comes from, tidied and cut for an occupation. */
static int read_summary(ctx *c, sqlite3_stmt *st, const kind_def *k)
{
	const char *s = (const char *)sqlite3_column_text(st, M_SUMMARY);
	if (!k->sentences || !s) {
		c->it->summary = keep(c, s);
		c->it->text = col(c, st, M_TEXT);
		return c->bad ? LW_ENOMEM : LW_OK;
	}
	lw_buf_reset(&c->buf);
	if (tidy(s, &c->buf) != LW_OK)
		return LW_ENOMEM;
	c->it->text = keep(c, lw_buf_cstr(&c->buf));
	lw_buf_truncate(&c->buf, sentences(lw_buf_cstr(&c->buf)));
	c->it->summary = keep(c, lw_buf_cstr(&c->buf));
	return c->bad ? LW_ENOMEM : LW_OK;
}

static int read_item(ctx *c, sqlite3_stmt *st, const kind_def *k)
{
	lw_item *it = c->it;
	it->title = col_str(c, st, M_TITLE);
	it->example = sqlite3_column_int(st, M_EXAMPLE);
	it->valid = sqlite3_column_int(st, M_VALID);
	it->postcode = col(c, st, M_POSTCODE);
	it->place = col(c, st, M_PLACE);
	it->website = col(c, st, M_WEBSITE);
	if (c->bad || read_summary(c, st, k) != LW_OK)
		return LW_ENOMEM;
	return read_fields(c, st, k->fields);
}

/* ref as a message may show it: valid UTF-8, no control characters, short. */
static const char *shown_ref(const char *ref, char out[80])
{
	size_t n = strlen(ref), bad, o = 0;
	int cut = 0;
	if (!lw_utf8_valid(ref, n, &bad))
		n = bad, cut = 1;
	if (n > 60) {
		for (n = 60; n && ((unsigned char)ref[n] & 0xC0) == 0x80;)
			n--;
		cut = 1;
	}
	for (size_t i = 0; i < n; i++)
		out[o++] = (unsigned char)ref[i] < 0x20 || ref[i] == 0x7f ? '?' : ref[i];
	memcpy(out + o, cut ? "..." : "", cut ? 4 : 1);
	return out;
}

static int load_item(ctx *c, const kind_def *k, const char *ref)
{
	sqlite3_stmt *st;
	lw_buf_reset(&c->buf);
	int rc = lw_buf_printf(&c->buf, "SELECT %s", k->head);
	for (const field_def *f = k->fields; rc == LW_OK && f->key; f++)
		rc = lw_buf_printf(&c->buf, ", %s", f->sql);
	if (rc == LW_OK)
		rc = lw_buf_printf(&c->buf, " %s", k->from);
	if (rc != LW_OK)
		return LW_ENOMEM;
	if ((rc = lw_store_prepare(c->s, &st, lw_buf_cstr(&c->buf), c->err)) != LW_OK)
		return rc;
	bind(st, ref, c->it->today);
	int step = sqlite3_step(st);
	char shown[80];
	if (step == SQLITE_ROW)
		rc = read_item(c, st, k);
	else if (step == SQLITE_DONE)
		rc = lw_err_set(c->err, LW_ENOTFOUND, "Geen %s met %s '%s'.", k->what, k->refname,
		                shown_ref(ref, shown));
	else
		rc = lw_store_fail(c->s, c->err, "opvragen mislukt");
	sqlite3_finalize(st);
	return rc;
}

/* The detail line of a link: its text and, formatted, its date. */
static const char *link_detail(ctx *c, sqlite3_stmt *st)
{
	const char *text = (const char *)sqlite3_column_text(st, 3);
	const char *date = (const char *)sqlite3_column_text(st, 6);
	if (!date)
		return keep(c, text);
	lw_buf_reset(&c->buf);
	if (lw_buf_puts(&c->buf, text ? text : "") != LW_OK ||
	    lw_date_nl(&c->buf, date, strlen(date)) != LW_OK) {
		c->bad = 1;
		return NULL;
	}
	return keep(c, lw_buf_cstr(&c->buf));
}

static int add_link(ctx *c, lw_item_group *g, size_t *cap, sqlite3_stmt *st)
{
	lw_item_link *a = lw_arena_grow(&c->it->arena, g->links, &g->n, cap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	g->links = a;
	lw_item_link *p = &a[g->n - 1];
	p->kind = col(c, st, 0);
	p->ref = col_str(c, st, 1);
	p->title = col_str(c, st, 2);
	p->detail = link_detail(c, st);
	p->example = sqlite3_column_int(st, 4);
	p->valid = sqlite3_column_int(st, 5);
	return c->bad ? LW_ENOMEM : LW_OK;
}

/* Reads group g: its first LW_ITEM_GROUP_LIMIT links and the total; kept when not empty. */
static int load_group(ctx *c, const group_def *gd, const char *ref)
{
	sqlite3_stmt *st;
	int rc = lw_store_prepare(c->s, &st, gd->sql, c->err), step = SQLITE_DONE;
	if (rc != LW_OK)
		return rc;
	bind(st, ref, c->it->today);
	lw_item_group g = {.key = gd->key, .label = gd->label};
	size_t cap = 0;
	while (rc == LW_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (g.total++ < LW_ITEM_GROUP_LIMIT)
			rc = add_link(c, &g, &cap, st);
	if (rc == LW_OK && step != SQLITE_DONE)
		rc = lw_store_fail(c->s, c->err, "opvragen mislukt");
	sqlite3_finalize(st);
	if (rc != LW_OK || !g.total)
		return rc;
	lw_item *it = c->it;
	lw_item_group *a = lw_arena_grow(&it->arena, it->groups, &it->ngroups, &c->gcap, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	it->groups = a;
	a[it->ngroups - 1] = g;
	return LW_OK;
}

/* ---- entry points ----------------------------------------------------------- */

void lw_item_free(lw_item *it)
{
	lw_arena_free(&it->arena);
	memset(it, 0, sizeof *it);
}

static const kind_def *find_kind(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return &kinds[i];
	return NULL;
}

int lw_item_get_on(lw_store *s, const char *kind, const char *ref, const char *today, lw_item *out,
                   lw_err *err)
{
	memset(out, 0, sizeof *out);
	const kind_def *k = find_kind(kind);
	char shown[80];
	if (!k)
		return lw_err_set(err, LW_EINPUT,
		                  "Onbekende soort '%s'; kies uit kwalificatie, beroep, opleiding, "
		                  "evc, leerbedrijf, vacature, regeling of loket.",
		                  kind ? shown_ref(kind, shown) : "");
	if (!ref)
		return lw_err_set(err, LW_EINPUT, "Geen %s opgegeven.", k->refname);
	if (!today || strlen(today) != 10 || lw_date_days(today) == INT32_MIN)
		return lw_err_set(err, LW_EINPUT, "De datum van vandaag ontbreekt (JJJJ-MM-DD).");
	ctx c = {.s = s, .it = out, .err = err, .buf = LW_BUF_INIT};
	out->kind = k->kind;
	out->ref = lw_arena_strdup(&out->arena, ref);
	out->today = lw_arena_strdup(&out->arena, today);
	int rc = out->ref && out->today ? load_item(&c, k, ref) : LW_ENOMEM;
	for (const group_def *g = k->groups; rc == LW_OK && g->key; g++)
		rc = load_group(&c, g, ref);
	lw_buf_free(&c.buf);
	if (rc == LW_ENOMEM)
		lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	return rc;
}

int lw_item_get(lw_store *s, const char *kind, const char *ref, lw_item *out, lw_err *err)
{
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || strftime(today, sizeof today, "%Y-%m-%d", &tm) != 10)
		today[0] = '\0';
	return lw_item_get_on(s, kind, ref, today, out, err);
}

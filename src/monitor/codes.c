/*
 * codes.c - the monitor's codes (kinds, levels, sectors, target groups, age
 * bands, statuses, outcomes), days, and privacy: the key, the BSN's
 * eleven-test and masking, and the pseudonym (HMAC-SHA256, libsodium).
 */
#include "monitor_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

/* ---- the lists ------------------------------------------------------------ */

static const lw_monitor_code kinds[] = {
    {"evc", "EVC (erkenning van verworven competenties)"},
    {"duaal", "Duaal (leren en werken)"},
    {NULL, NULL},
};

static const lw_monitor_code levels[] = {
    {"mbo-1", "mbo niveau 1"},
    {"mbo-2", "mbo niveau 2"},
    {"mbo-3", "mbo niveau 3"},
    {"mbo-4", "mbo niveau 4"},
    {"ad", "Associate degree"},
    {"hbo", "hbo"},
    {"wo", "wo"},
    {"branche", "branchecertificaat"},
    {NULL, NULL},
};

static const lw_monitor_code sectors[] = {
    {"zorg", "Zorg en welzijn"},
    {"techniek", "Techniek: industrie, installatie, bouw en ICT"},
    {"landbouw", "Landbouw en groen"},
    {"onderwijs", "Onderwijs"},
    {"horeca", "Horeca en toerisme"},
    {"handel", "Handel en detailhandel"},
    {"transport", "Transport en logistiek"},
    {"dienstverlening", "Zakelijke en overige dienstverlening"},
    {"overheid", "Openbaar bestuur"},
    {"overig", "Overige sectoren"},
    {NULL, NULL},
};

static const lw_monitor_code groups[] = {
    {"werkzoekende", "Werkzoekende"},
    {"moeilijk-bemiddelbare-werkzoekende", "Moeilijk bemiddelbare werkzoekende"},
    {"herintreder", "Herintreder"},
    {"werknemer", "Werknemer"},
    {"werkende-jongere-zonder-startkwalificatie", "Werkende jongere zonder startkwalificatie"},
    {"zelfstandige", "Zelfstandige of ondernemer"},
    {"vrijwilliger", "Vrijwilliger"},
    {NULL, NULL},
};
static const int group_parent[LW_MON_NGROUPS] = {
    -1, LW_MON_GROUP_WERKZOEKENDE, LW_MON_GROUP_WERKZOEKENDE, -1, LW_MON_GROUP_WERKNEMER, -1, -1,
};

static const lw_monitor_code ages[] = {
    {"tot-18", "jonger dan 18"},
    {"18-23", "18 tot en met 23"},
    {"24-26", "24 tot en met 26"},
    {"27-40", "27 tot en met 40"},
    {"41-54", "41 tot en met 54"},
    {"55-plus", "55 en ouder"},
    {NULL, NULL},
};
/* The first age of each band, and one past the last band. */
static const int age_from[LW_MON_NAGES + 1] = {LW_MON_AGE_MIN,    18, 24, 27, 41, 55,
                                               LW_MON_AGE_MAX + 1};

static const lw_monitor_code statuses[] = {
    {"gestart", "gestart"},
    {"afgerond", "afgerond"},
    {"gestopt", "gestopt"},
    {NULL, NULL},
};

static const lw_monitor_code outcomes[] = {
    {"diploma", "diploma"},
    {"ervaringscertificaat", "ervaringscertificaat"},
    {"branchecertificaat", "branchecertificaat"},
    {"praktijkverklaring", "praktijkverklaring"},
    {NULL, NULL},
};

const char *const mon_event_names[NEVENTS] = {"gestart", "afgerond", "gestopt"};
const char *const mon_dim_names[NDIMS] = {"",
                                          "sector",
                                          "regio",
                                          "niveau",
                                          "leeftijd",
                                          "doelgroep",
                                          "doelgroep-leeftijd",
                                          "niveau-leeftijd"};
const char *const mon_dim_names_ant[NDIMS] = {"antillen",
                                              "antillen:sector",
                                              "antillen:regio",
                                              "antillen:niveau",
                                              "antillen:leeftijd",
                                              "antillen:doelgroep",
                                              "antillen:doelgroep-leeftijd",
                                              "antillen:niveau-leeftijd"};

const lw_monitor_code *lw_monitor_kinds(void)
{
	return kinds;
}

const lw_monitor_code *lw_monitor_levels(void)
{
	return levels;
}

const lw_monitor_code *lw_monitor_sectors(void)
{
	return sectors;
}

const lw_monitor_code *lw_monitor_groups(void)
{
	return groups;
}

const lw_monitor_code *lw_monitor_ages(void)
{
	return ages;
}

const lw_monitor_code *lw_monitor_statuses(void)
{
	return statuses;
}

const lw_monitor_code *lw_monitor_outcomes(void)
{
	return outcomes;
}

int lw_monitor_code_find(const lw_monitor_code *list, const char *code)
{
	for (int i = 0; code && list[i].code; i++)
		if (strcasecmp(list[i].code, code) == 0)
			return i;
	return -1;
}

unsigned lw_monitor_groups_closed(unsigned set)
{
	for (int pass = 0; pass < LW_MON_NGROUPS; pass++)
		for (int g = 0; g < LW_MON_NGROUPS; g++)
			if ((set >> g & 1) && group_parent[g] >= 0)
				set |= 1u << group_parent[g];
	return set;
}

int lw_monitor_age_band(int age)
{
	for (int b = 0; b < LW_MON_NAGES; b++)
		if (age >= age_from[b] && age < age_from[b + 1])
			return b;
	return -1;
}

void lw_monitor_age_range(int band, int *min, int *max)
{
	*min = age_from[band];
	*max = age_from[band + 1] - 1;
}

/* ---- the fields --------------------------------------------------------- */

static const char *const field_names[LW_NTF] = {
    "convenant", "bsn",   "soort",  "crebo",       "niveau",    "sector",      "gemeente",
    "postcode",  "start", "status", "statusdatum", "resultaat", "doelgroepen", "leeftijd",
};

const char *lw_trajectory_field(int f)
{
	return f >= 0 && f < LW_NTF ? field_names[f] : NULL;
}

/* ---- days --------------------------------------------------------------- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int mon_is_date(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	if (s[10])
		return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

int32_t mon_day(const char *s)
{
	return s && mon_is_date(s) ? lw_date_days(s) : INT32_MIN;
}

/* Howard Hinnant's civil_from_days. */
void mon_date(int32_t day, char out[11])
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (m <= 2));
	unsigned v[3] = {y < 0 ? 0u : (unsigned)y % 10000u, (unsigned)m, (unsigned)d};
	int at = 0;
	for (int i = 0; i < 3; i++) {
		for (int w = i ? 2 : 4, p = w - 1; p >= 0; p--, v[i] /= 10)
			out[at + p] = (char)('0' + v[i] % 10);
		at += i ? 3 : 5;
		if (i < 2)
			out[at - 1] = '-';
	}
	out[10] = 0;
}

/* ---- the key ------------------------------------------------------------ */

#define KEY_ENV_FILE "LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND"
#define KEY_ENV "LEERWERK_PSEUDONIEM_SLEUTEL"

int lw_monitor_key_parse(const char *hex, lw_monitor_key *key, lw_err *err)
{
	while (*hex && isspace((unsigned char)*hex))
		hex++;
	size_t n = strlen(hex);
	while (n && isspace((unsigned char)hex[n - 1]))
		n--;
	size_t got = 0;
	if (n != 2 * LW_MONITOR_KEY_BYTES ||
	    sodium_hex2bin(key->bytes, sizeof key->bytes, hex, n, NULL, &got, NULL) != 0 ||
	    got != sizeof key->bytes) {
		sodium_memzero(key, sizeof *key);
		return lw_err_set(err, LW_EINPUT,
		                  "de pseudonimiseringssleutel is geen 64 hexadecimale tekens "
		                  "(maak er een met 'leerwerk monitor sleutel')");
	}
	return LW_OK;
}

/* Reads the key from path; the text is wiped after parsing. */
static int key_from_file(const char *path, const char *via, lw_monitor_key *key, lw_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return lw_err_set(err, LW_EIO,
		                  "%s%s: kan de pseudonimiseringssleutel niet lezen: %s", via, path,
		                  lw_errno_text(errno));
	char text[256];
	size_t n = fread(text, 1, sizeof text - 1, f);
	int bad = ferror(f) || !feof(f);
	fclose(f);
	text[n] = 0;
	int rc = LW_OK;
	if (bad) {
		rc =
		    lw_err_set(err, LW_EINPUT,
		               "%s%s: dit is geen sleutelbestand (verwacht 64 hexadecimale tekens)",
		               via, path);
	} else if ((rc = lw_monitor_key_parse(text, key, err)) != LW_OK) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err ? err->msg : "");
		rc = lw_err_set(err, LW_EINPUT, "%s%s: %s", via, path, why);
	}
	sodium_memzero(text, sizeof text);
	return rc;
}

int lw_monitor_key_load(const char *file, lw_monitor_key *key, lw_err *err)
{
	if (sodium_init() < 0)
		return lw_err_set(err, LW_EIO, "libsodium kan niet starten");
	if (file && *file)
		return key_from_file(file, "--sleutel ", key, err);
	const char *env = getenv(KEY_ENV_FILE);
	if (env && *env)
		return key_from_file(env, KEY_ENV_FILE "=", key, err);
	env = getenv(KEY_ENV);
	if (env && *env) {
		int rc = lw_monitor_key_parse(env, key, err);
		if (rc != LW_OK)
			lw_err_set(err, rc,
			           KEY_ENV ": de sleutel is geen 64 hexadecimale tekens (maak er "
			                   "een met 'leerwerk monitor sleutel')");
		return rc;
	}
	return lw_err_set(
	    err, LW_ENOTFOUND,
	    "geen pseudonimiseringssleutel: geef --sleutel BESTAND, of zet " KEY_ENV_FILE
	    " (een bestand met 64 hexadecimale tekens) of " KEY_ENV
	    ". Een BSN wordt alleen met die sleutel omgezet in een pseudoniem; de "
	    "sleutel staat nooit in de database.");
}

void lw_monitor_key_new(char out[65])
{
	unsigned char k[LW_MONITOR_KEY_BYTES];
	if (sodium_init() < 0)
		abort(); /* no randomness: never make a key without it */
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(out, 65, k, sizeof k);
	sodium_memzero(k, sizeof k);
}

void lw_monitor_key_wipe(lw_monitor_key *key)
{
	sodium_memzero(key, sizeof *key);
}

/* ---- the BSN ------------------------------------------------------------ */

int lw_bsn_normalise(const char *in, char out[10])
{
	size_t n = 0;
	for (const char *p = in; p && *p; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (!isdigit((unsigned char)*p) || n == 9) {
			n = 0;
			break;
		}
		out[n++] = *p;
	}
	if (n == 8) {
		memmove(out + 1, out, 8);
		out[0] = '0';
		n = 9;
	}
	int sum = 0, zero = 1;
	for (size_t i = 0; n == 9 && i < 9; i++) {
		int d = out[i] - '0';
		sum += i < 8 ? d * (int)(9 - i) : -d;
		zero &= d == 0;
	}
	if (n != 9 || sum % 11 != 0 || zero) {
		sodium_memzero(out, 10);
		return 0;
	}
	out[9] = 0;
	return 1;
}

void lw_bsn_mask(const char *in, char *out, size_t size)
{
	size_t n = in ? strlen(in) : 0, o = 0;
	for (size_t i = 0; i < n && o + 1 < size; i++)
		out[o++] = n > 4 && i >= n - 4 ? in[i] : '*';
	if (size)
		out[o] = 0;
}

/* 1 when s has the shape of a date, NNNN-NN-NN (a real one or not). */
static int date_shaped(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	return s[10] == 0;
}

int lw_monitor_redact(const char *field, int is_bsn, lw_buf *out)
{
	size_t digits = 0;
	for (const char *p = field; *p; p++)
		digits += isdigit((unsigned char)*p) != 0;
	if (!is_bsn && (digits < 8 || date_shaped(field)))
		return lw_buf_puts(out, field);
	char masked[128];
	lw_bsn_mask(field, masked, sizeof masked);
	return lw_buf_puts(out, masked);
}

int lw_monitor_pseudonym(const lw_monitor_key *key, const char *bsn, unsigned char out[32])
{
	char norm[10];
	if (!lw_bsn_normalise(bsn, norm))
		return LW_EINPUT;
	crypto_auth_hmacsha256(out, (const unsigned char *)norm, 9, key->bytes);
	sodium_memzero(norm, sizeof norm);
	return LW_OK;
}

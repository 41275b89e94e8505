/*
 * fuzz_json.c - whole imports of arbitrary JSON: the JSON kinds
 * (offerings-ooapi, vacancies-jsonld). The first input byte picks the kind
 * (and, with its top bit, --skip-invalid); the rest is the file. Whatever
 * the input, an import either commits or leaves the store as it was, every
 * part's counts add up, and the store stays consistent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lw_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lw_store *S;
static char dir[] = "/tmp/lw-fuzz-json-XXXXXX";
static const lw_ingest_kind *kinds[8];
static size_t nkinds;

static void cleanup(void)
{
	lw_store_close(S);
	const char *files[] = {"fuzz.db", "fuzz.db-wal", "fuzz.db-shm", "in.json"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[96];
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void setup(void)
{
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	char db[64];
	snprintf(db, sizeof db, "%s/fuzz.db", dir);
	lw_err err;
	if (lw_store_open(&S, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err) != LW_OK)
		abort();
	/* A few real rows to refer to, as in fuzz_import. */
	if (lw_store_exec(S,
			  "INSERT INTO region VALUES('AM13', 'Midden-Utrecht');"
			  "INSERT INTO mbo_dossier VALUES('23045', 'Betonboren', NULL);"
			  "INSERT INTO qualification VALUES('25180', 'Kok', 2, '23045', NULL, "
			  "'vakopleiding', NULL, 'BOL/BBL');"
			  "INSERT INTO occupation VALUES('http://data.europa.eu/esco/occupation/x1', "
			  "'5120.1', '5120', 'kok', '', '', 'released', NULL, NULL, NULL, NULL, NULL);"
			  "INSERT INTO provider VALUES('25PZ', 'ROC', 'ROC', NULL, 0)",
			  &err) != LW_OK)
		abort();
	const lw_ingest_kind *const *all = lw_ingest_kinds();
	for (size_t i = 0; all[i]; i++)
		if (lw_ingest_kind_format(all[i]) && nkinds < sizeof kinds / sizeof kinds[0])
			kinds[nkinds++] = all[i];
	if (!nkinds)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!S)
		setup();
	if (size < 1)
		return 0;
	const lw_ingest_kind *k = kinds[(data[0] & 0x7f) % nkinds];
	char path[64];
	snprintf(path, sizeof path, "%s/in.json", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	lw_ingest_opts o = {.skip_invalid = data[0] & 0x80 ? 1 : 0};
	lw_ingest_result r[LW_INGEST_PARTS_MAX];
	size_t n = 0;
	lw_err err;
	int rc = lw_ingest_file_parts(S, k, path, &o, r, &n, &err);
	if (rc != LW_OK && rc != LW_EINPUT && rc != LW_EIO)
		abort();
	for (size_t i = 0; i < n; i++)
		if (rc == LW_OK && r[i].rows != r[i].added + r[i].changed + r[i].unchanged +
							  r[i].rejected)
			abort();
	for (size_t i = 0; i < lw_ingest_kind_parts(k); i++)
		lw_ingest_result_free(&r[i]);
	if (lw_store_check(S, &err) != LW_OK)
		abort();
	return 0;
}

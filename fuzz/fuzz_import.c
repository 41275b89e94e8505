/*
 * fuzz_import.c - whole imports of arbitrary files. The first input byte
 * picks the kind, the rest is the file. Whatever the input, an import either
 * commits or leaves the store as it was, and the store stays consistent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lw_geo.h"
#include "lw_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lw_store *S;
static char dir[] = "/tmp/lw-fuzz-XXXXXX";

static void cleanup(void)
{
	lw_store_close(S);
	const char *files[] = {"fuzz.db", "fuzz.db-wal", "fuzz.db-shm", "in.csv"};
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
	/* A few real rows to refer to. */
	if (lw_store_exec(S,
			  "INSERT INTO region VALUES('AM13', 'Midden-Utrecht');"
			  "INSERT INTO municipality VALUES('GM0344', 'Utrecht', 'utrecht', "
			  "'utrecht', 'Utrecht', 'AM13');"
			  "INSERT INTO mbo_dossier VALUES('23045', 'Betonboren', NULL);"
			  "INSERT INTO qualification VALUES('25180', 'Kok', 2, '23045', NULL, "
			  "'vakopleiding', NULL, 'BOL/BBL');"
			  "INSERT INTO occupation VALUES('http://data.europa.eu/esco/occupation/x1', "
			  "'5120.1', '5120', 'kok', '', '', 'released', NULL, NULL, NULL, NULL, NULL);"
			  "INSERT INTO provider VALUES('25PZ', 'ROC', 'ROC', NULL, 0)",
			  &err) != LW_OK)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!S)
		setup();
	if (size < 1)
		return 0;
	/* The CSV kinds (they come first); the JSON kinds have fuzz_json. */
	const lw_ingest_kind *const *kinds = lw_ingest_kinds();
	size_t nkinds = 0;
	while (kinds[nkinds] && !lw_ingest_kind_format(kinds[nkinds]))
		nkinds++;
	const lw_ingest_kind *k = kinds[data[0] % nkinds];
	char path[64];
	snprintf(path, sizeof path, "%s/in.csv", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	lw_ingest_opts o = {.skip_invalid = data[0] & 0x80 ? 1 : 0, .max_record = 4096};
	lw_ingest_result r;
	lw_err err;
	int rc = lw_ingest_file(S, k, path, &o, &r, &err);
	if (rc != LW_OK && rc != LW_EINPUT && rc != LW_EIO)
		abort();
	if (rc == LW_OK && r.rows != r.added + r.changed + r.unchanged + r.rejected)
		abort();
	lw_ingest_result_free(&r);
	if (lw_store_check(S, &err) != LW_OK)
		abort();
	return 0;
}

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

#include "fuzz_store.h"
#include "lw_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const lw_ingest_kind *kinds[8];
static size_t nkinds;

/* The JSON kinds. */
static void setup(void)
{
	const lw_ingest_kind *const *all = lw_ingest_kinds();
	for (size_t i = 0; all[i]; i++)
		if (lw_ingest_kind_format(all[i]) && nkinds < sizeof kinds / sizeof kinds[0])
			kinds[nkinds++] = all[i];
	if (!nkinds)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lw_store *S = fuzz_store_open("in.json");
	if (!nkinds)
		setup();
	if (size < 1)
		return 0;
	const lw_ingest_kind *k = kinds[(data[0] & 0x7f) % nkinds];
	const char *path = fuzz_write_input(data, size);
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

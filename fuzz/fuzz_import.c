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
#include "fuzz_store.h"
#include "lw_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lw_store *S = fuzz_store_open("in.csv");
	if (size < 1)
		return 0;
	/* The CSV kinds (they come first); the JSON kinds have fuzz_json. */
	const lw_ingest_kind *const *kinds = lw_ingest_kinds();
	size_t nkinds = 0;
	while (kinds[nkinds] && !lw_ingest_kind_format(kinds[nkinds]))
		nkinds++;
	const lw_ingest_kind *k = kinds[data[0] % nkinds];
	const char *path = fuzz_write_input(data, size);
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

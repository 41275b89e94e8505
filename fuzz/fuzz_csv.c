/*
 * fuzz_csv.c - the CSV reader and the text functions over arbitrary bytes:
 * every record must come back with a sane line number and fields that are
 * NUL-terminated at their stated length; folding never fails on valid UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lw_base.h"
#include "lw_geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size ? size : 1, "rb");
	if (!f)
		return 0;
	if (!size)
		fseek(f, 1, SEEK_SET);
	lw_csv *c;
	lw_err err;
	if (lw_csv_from_stream(&c, f, "fuzz.csv", &err) != LW_OK) {
		fclose(f);
		return 0;
	}
	lw_csv_set_max_record(c, 4096);
	long last_line = 0;
	lw_buf key = LW_BUF_INIT;
	for (int rc; (rc = lw_csv_next(c, &err)) != 0;) {
		if (rc < 0 && rc != LW_EINPUT)
			abort(); /* memory streams do not fail */
		if (lw_csv_line(c) < last_line)
			abort();
		last_line = lw_csv_line(c);
		if (rc < 0)
			continue;
		for (size_t i = 0; i < lw_csv_nfields(c); i++) {
			size_t n;
			char *v = lw_csv_field(c, i, &n);
			if (v[n] != '\0' || n > 4096)
				abort();
			char pc[8];
			lw_geo_postcode_parse(v, pc);
			if (lw_utf8_valid(v, n, NULL)) {
				lw_buf_reset(&key);
				if (lw_fold_key(v, n, &key) != LW_OK)
					abort();
				lw_trim_n(v, n);
			}
		}
	}
	lw_buf_free(&key);
	lw_csv_close(c);
	fclose(f);
	return 0;
}

/*
 * fuzz_csv.c - the CSV reader and the text functions over arbitrary bytes:
 * every record must come back with a sane line number and fields that are
 * NUL-terminated at their stated length; the usual way (a plain record read
 * at once) and the byte-wise way must read the same records, fields, lines,
 * offsets and errors; folding never fails on valid UTF-8.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lw_base.h"
#include "lw_geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The record bound: small, so that inputs of a few KiB reach it both ways. */
#define MAX_RECORD 4096

/* Checks the text functions on the fields of the record just read (they may trim them). */
static void check_fields(lw_csv *c, lw_buf *key)
{
	for (size_t i = 0; i < lw_csv_nfields(c); i++) {
		size_t n;
		char *v = lw_csv_field(c, i, &n);
		if (v[n] != '\0' || n > MAX_RECORD)
			abort();
		char pc[8];
		lw_geo_postcode_parse(v, pc);
		if (lw_utf8_valid(v, n, NULL)) {
			lw_buf_reset(key);
			if (lw_fold_key(v, n, key) != LW_OK)
				abort();
			lw_trim_n(v, n);
		}
	}
}

/*
 * Reads data to the end, byte by byte or not, into trace: per record its
 * result, line, offset and fields (with their lengths, NULs and all) or
 * its error. 0 when the stream could not be opened.
 */
static int read_all(const uint8_t *data, size_t size, int bytewise, lw_buf *trace)
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
	lw_csv_set_max_record(c, MAX_RECORD);
	lw_csv_set_bytewise(c, bytewise);
	long last_line = 0;
	lw_buf key = LW_BUF_INIT;
	for (int rc; (rc = lw_csv_next(c, &err)) != 0;) {
		if (rc < 0 && rc != LW_EINPUT)
			abort(); /* memory streams do not fail */
		if (lw_csv_line(c) < last_line)
			abort();
		last_line = lw_csv_line(c);
		lw_buf_printf(trace, "%d %ld %llu %zu", rc, lw_csv_line(c),
			      (unsigned long long)lw_csv_offset(c), lw_csv_nfields(c));
		if (rc < 0) {
			lw_buf_printf(trace, " %s\n", err.msg);
			continue;
		}
		for (size_t i = 0; i < lw_csv_nfields(c); i++) {
			size_t n;
			const char *v = lw_csv_field(c, i, &n);
			lw_buf_printf(trace, " %zu:", n);
			lw_buf_append(trace, v, n);
		}
		lw_buf_putc(trace, '\n');
		check_fields(c, &key);
	}
	lw_buf_free(&key);
	lw_csv_close(c);
	fclose(f);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lw_buf usual = LW_BUF_INIT, bytewise = LW_BUF_INIT;
	int a = read_all(data, size, 0, &usual), b = read_all(data, size, 1, &bytewise);
	if (a && b && (usual.len != bytewise.len ||
		       (usual.len && memcmp(usual.data, bytewise.data, usual.len) != 0)))
		abort(); /* the two ways read the input differently */
	lw_buf_free(&usual);
	lw_buf_free(&bytewise);
	return 0;
}

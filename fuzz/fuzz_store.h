/*
 * fuzz_store.h - what the import fuzz targets share: one store for all
 * inputs, in a fresh temporary folder, with a few real rows to refer to,
 * and the input file each run writes there; all removed at exit. For
 * inclusion by one fuzz target (the functions are static).
 */
#ifndef LW_FUZZ_STORE_H
#define LW_FUZZ_STORE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lw_store.h"

static lw_store *fuzz_store;
static char fuzz_dir[] = "/tmp/lw-fuzz-XXXXXX";
static char fuzz_input[96];

static void fuzz_store_cleanup(void)
{
	lw_store_close(fuzz_store);
	const char *files[] = {"fuzz.db", "fuzz.db-wal", "fuzz.db-shm"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[96];
		snprintf(p, sizeof p, "%s/%s", fuzz_dir, files[i]);
		unlink(p);
	}
	unlink(fuzz_input);
	rmdir(fuzz_dir);
}

/* The store, made on the first call; input names the file runs write ("in.csv"). */
static lw_store *fuzz_store_open(const char *input)
{
	if (fuzz_store)
		return fuzz_store;
	if (!mkdtemp(fuzz_dir))
		abort();
	atexit(fuzz_store_cleanup);
	snprintf(fuzz_input, sizeof fuzz_input, "%s/%s", fuzz_dir, input);
	char db[64];
	snprintf(db, sizeof db, "%s/fuzz.db", fuzz_dir);
	lw_err err;
	if (lw_store_open(&fuzz_store, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err) != LW_OK)
		abort();
	if (lw_store_exec(fuzz_store,
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
	return fuzz_store;
}

/* Writes the input file: data without its first byte (which picks the kind). */
static const char *fuzz_write_input(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz_input, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	return fuzz_input;
}

#endif

/*
 * gen_postcodes.c - writes N rows in the format of the CBS postcode file,
 * deterministically from a seed, for the import benchmark and the kill test.
 * Keys are PC6 postcodes (4 digits and 2 letters) in ascending order, so a
 * million rows have a million distinct keys. Every row is valid for the
 * municipalities given (code,region pairs read from a file).
 *
 *   lw_gen_postcodes ROWS SEED MUNICIPALITIES.csv > out.csv
 *
 * MUNICIPALITIES.csv is the CBS municipality file (gemeentecode first,
 * arbeidsmarktregiocode fourth).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	/* splitmix64: small, fast and the same on every machine. */
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: lw_gen_postcodes ROWS SEED MUNICIPALITIES.csv\n");
		return 2;
	}
	long rows = atol(argv[1]);
	state = strtoull(argv[2], NULL, 10);
	FILE *f = fopen(argv[3], "r");
	if (!f) {
		perror(argv[3]);
		return 1;
	}
	char line[512], codes[1024][8], regions[1024][8], names[1024][64];
	int n = 0;
	while (fgets(line, sizeof line, f) && n < 1024) {
		if (strncmp(line, "GM", 2) != 0)
			continue;
		char *c = strtok(line, ","), *name = strtok(NULL, ","), *prov = strtok(NULL, ",");
		char *reg = strtok(NULL, ",");
		if (!c || !name || !prov || !reg || name[0] == '"')
			continue;
		snprintf(codes[n], sizeof codes[n], "%s", c);
		snprintf(names[n], sizeof names[n], "%s", name);
		snprintf(regions[n], sizeof regions[n], "%s", reg);
		n++;
	}
	fclose(f);
	if (!n) {
		fprintf(stderr, "%s: no municipalities\n", argv[3]);
		return 1;
	}
	printf("postcode,latitude,longitude,punt_methode,rd_x,rd_y,inwoners_2020,oppervlakte_km2,"
	       "plaats_cbs,gemeente_cbs_2021,provincie_cbs,gemeentecode_2022_pip,"
	       "gemeentecode_2025,gemeentenaam_2025,arbeidsmarktregiocode,"
	       "arbeidsmarktregionaam,opmerking\n");
	/* PC6 space: 9000 PC4 x 26 x 26 letter pairs (minus SA, SD, SS). */
	long pc = 1000 * 676L;
	for (long i = 0; i < rows; i++) {
		char a, b;
		do {
			pc += 1 + (long)(next() % 3);
			a = (char)('A' + (pc % 676) / 26);
			b = (char)('A' + pc % 26);
		} while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
		if (pc / 676 > 9999) {
			fprintf(stderr, "too many rows for the PC6 space\n");
			return 1;
		}
		int m = (int)(next() % (uint64_t)n);
		double lat = 50.8 + (double)(next() % 2700000) / 1e6;
		double lon = 3.4 + (double)(next() % 3800000) / 1e6;
		double x = 10000 + (double)(next() % 2700000) / 10.0;
		double y = 300000 + (double)(next() % 3200000) / 10.0;
		printf("%ld%c%c,%.6f,%.6f,centroid,%.1f,%.1f,%d,%.3f,Plaats %d,%s,Provincie,%s,%s,"
		       "%s,%s,Regio,\n",
		       pc / 676, a, b, lat, lon, x, y, (int)(next() % 5000), 0.01 + (double)(next() % 1000) / 1000.0, m,
		       names[m], codes[m], codes[m], names[m], regions[m]);
	}
	return 0;
}

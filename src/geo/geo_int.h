/* geo_int.h - private to the geo room: reading rows into arena structs. */
#ifndef LW_GEO_INT_H
#define LW_GEO_INT_H

#include "lw_geo.h"

/* The desk columns every desk query selects, in read_desk's order. */
#define LW_DESK_COLS                                                                       \
	"d.code, d.name, d.address, d.postcode, d.place, d.phone, d.email, d.website, "    \
	"d.opening_hours, d.is_default"

/* Column i as a string in the arena; NULL for SQL NULL (or no memory). */
const char *lw_geo_col(lw_arena *a, sqlite3_stmt *st, int i);
/* Reads LW_DESK_COLS starting at column first into d. */
void lw_geo_read_desk(lw_arena *a, sqlite3_stmt *st, int first, lw_desk *d);

#endif

/* schema.h - private to the store: the embedded migrations. */
#ifndef LW_STORE_SCHEMA_H
#define LW_STORE_SCHEMA_H

typedef struct lw_migration {
	const char *name; /* Dutch, shown by `leerwerk db status` */
	const char *sql;
} lw_migration;

/* Migration for schema version v (1-based), or NULL. */
const lw_migration *lw_schema_migration(int version);
int lw_schema_count(void);

/* PRAGMA application_id of a leerwerk database: "LWRK". */
#define LW_APPLICATION_ID 0x4C57524B

#endif

/* cmd_db.c - `leerwerk db status|migrate|backup FILE|check`. */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

static int db_status(lw_cli *c)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_ANY_VERSION | LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	int v = lw_store_version(s), latest = lw_store_latest_version();
	struct stat sb;
	long long size = stat(c->db_path, &sb) == 0 ? (long long)sb.st_size : -1;
	if (c->json) {
		json_t *pending = json_array();
		for (int i = v + 1; i <= latest; i++)
			json_array_append_new(pending, json_pack("{s:i, s:s}", "versie", i, "naam",
								 lw_store_migration_name(i)));
		lw_cli_json(json_pack("{s:s, s:i, s:i, s:I, s:o}", "database", c->db_path,
				      "schemaversie", v, "nieuwste", latest, "bytes",
				      (json_int_t)size, "openstaand", pending));
	} else {
		printf("database:      %s (%lld bytes)\n", c->db_path, size);
		printf("schemaversie:  %d (deze leerwerk kent tot en met %d)\n", v, latest);
		if (v == latest)
			printf("status:        actueel\n");
		for (int i = v + 1; i <= latest; i++)
			printf("openstaand:    migratie %d: %s (draai 'leerwerk db migrate')\n", i,
			       lw_store_migration_name(i));
	}
	lw_store_close(s);
	return v == latest ? LW_EXIT_OK : LW_EXIT_FAIL;
}

static int db_migrate(lw_cli *c)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_CREATE | LW_STORE_ANY_VERSION, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	int from = lw_store_version(s), applied = 0;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_store_migrate(s, &applied, &err);
	int to = lw_store_version(s);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	if (c->json)
		lw_cli_json(json_pack("{s:s, s:i, s:i, s:i}", "database", c->db_path, "van", from,
				      "naar", to, "toegepast", applied));
	else if (applied)
		printf("%s: schema bijgewerkt van versie %d naar %d (%d %s)\n", c->db_path, from,
		       to, applied, applied == 1 ? "migratie" : "migraties");
	else
		printf("%s: schema is actueel (versie %d)\n", c->db_path, to);
	return LW_EXIT_OK;
}

static int db_backup(lw_cli *c, const char *dest)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_ANY_VERSION | LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_err err;
	lw_err_clear(&err);
	int64_t t0 = lw_now_ms();
	int rc = lw_store_backup(s, dest, &err);
	lw_store_close(s);
	if (rc != LW_OK) {
		lw_cli_error("%s", err.msg);
		return lw_cli_exit(rc);
	}
	struct stat sb;
	long long size = stat(dest, &sb) == 0 ? (long long)sb.st_size : -1;
	if (c->json)
		lw_cli_json(json_pack("{s:s, s:s, s:I, s:I}", "database", c->db_path, "backup",
				      dest, "bytes", (json_int_t)size, "ms",
				      (json_int_t)(lw_now_ms() - t0)));
	else
		printf("back-up van %s geschreven naar %s (%lld bytes)\n", c->db_path, dest, size);
	return LW_EXIT_OK;
}

static int db_check(lw_cli *c)
{
	lw_store *s;
	int ex = lw_cli_open(c, LW_STORE_ANY_VERSION | LW_STORE_READONLY, &s);
	if (ex != LW_EXIT_OK)
		return ex;
	lw_err err;
	lw_err_clear(&err);
	int rc = lw_store_check(s, &err);
	lw_store_close(s);
	if (c->json)
		lw_cli_json(json_pack("{s:s, s:b, s:s?}", "database", c->db_path, "in_orde",
				      rc == LW_OK, "fout", rc == LW_OK ? NULL : err.msg));
	else if (rc == LW_OK)
		printf("%s: integriteitscontrole in orde\n", c->db_path);
	if (rc != LW_OK)
		lw_cli_error("%s", err.msg);
	return rc == LW_OK ? LW_EXIT_OK : LW_EXIT_FAIL;
}

int lw_cmd_db(lw_cli *c, int argc, char **argv)
{
	int ex = lw_cli_parse(c, argc, argv, NULL);
	if (ex != LW_EXIT_OK)
		return ex;
	const char *sub = c->argc ? c->argv[0] : "";
	if (strcmp(sub, "status") == 0 && c->argc == 1)
		return db_status(c);
	if (strcmp(sub, "migrate") == 0 && c->argc == 1)
		return db_migrate(c);
	if (strcmp(sub, "check") == 0 && c->argc == 1)
		return db_check(c);
	if (strcmp(sub, "backup") == 0 && c->argc == 2)
		return db_backup(c, c->argv[1]);
	lw_cli_error("gebruik: leerwerk db status|migrate|check|backup BESTAND (zie leerwerk db "
		     "--help)");
	return LW_EXIT_INPUT;
}

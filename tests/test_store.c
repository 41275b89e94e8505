/* test_store.c - opening, pragmas, migrations, version guard, backup. */
#include "testutil.h"

#include "lw_store.h"

#include <stdlib.h>
#include <string.h>

static char *fresh_db(const char *name)
{
	char *dir = tu_tmpdir(name);
	char *p = tu_path(dir, "sub/leerwerk.db"); /* the folder is created too */
	free(dir);
	return p;
}

static void test_missing_without_create(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-missing");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "bestaat niet"));
	free(p);
}

static void test_create_and_pragmas(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-create");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_version(s), lw_store_latest_version());
	int64_t v;
	sqlite3_stmt *st;
	assert_int_equal(lw_store_prepare(s, &st, "PRAGMA journal_mode", &err), LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(lw_store_int(s, "PRAGMA foreign_keys", &v, &err), LW_OK);
	assert_int_equal(v, 1);
	assert_int_equal(lw_store_int(s, "PRAGMA user_version", &v, &err), LW_OK);
	assert_int_equal(v, lw_store_latest_version());
	assert_int_equal(lw_store_int(s, "PRAGMA application_id", &v, &err), LW_OK);
	assert_int_equal(v, 0x4C57524B);
	/* Foreign keys are enforced. */
	assert_int_equal(lw_store_exec(s, "INSERT INTO municipality VALUES('GM0001', 'X', 'x', "
					  "'x', 'P', 'AM99')",
				       &err),
			 LW_EDB);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	lw_store_close(s);

	/* Reopening changes nothing and needs no migration. */
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_OK);
	int applied = -1;
	assert_int_equal(lw_store_migrate(s, &applied, &err), LW_OK);
	assert_int_equal(applied, 0);
	lw_store_close(s);
	free(p);
}

static void test_old_schema_needs_migrate(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-old");
	lw_store *s;
	lw_err err;
	/* An empty database has schema version 0. */
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_ANY_VERSION, &err),
			 LW_OK);
	assert_int_equal(lw_store_version(s), 0);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_EVERSION);
	assert_non_null(strstr(err.msg, "leerwerk db migrate"));
	assert_int_equal(lw_store_open(&s, p, LW_STORE_ANY_VERSION, &err), LW_OK);
	int applied = 0;
	assert_int_equal(lw_store_migrate(s, &applied, &err), LW_OK);
	assert_int_equal(applied, lw_store_latest_version());
	lw_store_close(s);
	free(p);
}

static void test_newer_schema_untouched(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-newer");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", lw_store_latest_version() + 5);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "PRAGMA journal_mode=DELETE", &err), LW_OK);
	lw_store_close(s);

	size_t n1, n2;
	char *before = tu_read(p, &n1);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_MIGRATE, &err), LW_EVERSION);
	assert_non_null(strstr(err.msg, "nieuwere leerwerk"));
	assert_non_null(strstr(err.msg, "niet aangeraakt"));
	char *after = tu_read(p, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	free(p);
}

static void test_not_a_database(void **unused)
{
	(void)unused;
	char *dir = tu_tmpdir("store-notdb");
	char *p = tu_path(dir, "text.db");
	tu_writes(p, "dit is geen database, maar een tekstbestand dat lang genoeg is om "
		     "door SQLite gelezen te worden als kop van honderd bytes of meer.......");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "geen leerwerk-database"));

	/* Another application's SQLite database is left alone too. */
	char *other = tu_path(dir, "other.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lw_store_open(&s, other, LW_STORE_MIGRATE, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "andere SQLite-database"));
	free(other);
	free(p);
	free(dir);
}

static void test_backup_while_writing(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-backup");
	char *dest = tu_path(getenv("LW_TMP") ? getenv("LW_TMP") : "/tmp", "store-backup/copy.db");
	lw_store *s, *writer;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "INSERT INTO region VALUES('AM01', 'Groningen')", &err),
			 LW_OK);
	/* A second connection holds an open write transaction during the backup. */
	assert_int_equal(lw_store_open(&writer, p, 0, &err), LW_OK);
	assert_int_equal(lw_store_begin(writer, &err), LW_OK);
	assert_int_equal(lw_store_exec(writer, "INSERT INTO region VALUES('AM02', 'Friesland')",
				       &err),
			 LW_OK);
	assert_int_equal(lw_store_backup(s, dest, &err), LW_OK);
	assert_int_equal(lw_store_commit(writer, &err), LW_OK);
	lw_store_close(writer);
	lw_store_close(s);

	/* The copy is a complete, consistent leerwerk database of the committed state. */
	lw_store *copy;
	assert_int_equal(lw_store_open(&copy, dest, 0, &err), LW_OK);
	assert_int_equal(lw_store_check(copy, &err), LW_OK);
	int64_t n;
	assert_int_equal(lw_store_int(copy, "SELECT count(*) FROM region", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	lw_store_close(copy);

	/* A backup into a folder that does not exist fails clearly. */
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_OK);
	assert_int_equal(lw_store_backup(s, "/nonexistent/dir/copy.db", &err), LW_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/copy.db"));
	lw_store_close(s);
	free(dest);
	free(p);
}

static char *journal_mode(lw_store *s)
{
	sqlite3_stmt *st;
	lw_err err;
	assert_int_equal(lw_store_prepare(s, &st, "PRAGMA journal_mode", &err), LW_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *m = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return m;
}

static void assert_mode(lw_store *s, const char *want)
{
	char *m = journal_mode(s);
	assert_string_equal(m, want);
	free(m);
}

/*
 * A bulk write takes the store for itself only when nobody else has it
 * open: then the rollback journal, and afterwards the WAL again.
 */
static void test_take_and_give_back(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-take");
	lw_store *s, *other;
	lw_err err;
	int taken = -1;
	int64_t n;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	/* Another connection has the store open (and has read it): the WAL stays. */
	assert_int_equal(lw_store_open(&other, p, LW_STORE_READONLY, &err), LW_OK);
	assert_int_equal(lw_store_int(other, "SELECT count(*) FROM region", &n, &err), LW_OK);
	assert_int_equal(lw_store_take(s, &taken, &err), LW_OK);
	assert_int_equal(taken, 0);
	assert_mode(s, "wal");
	assert_int_equal(lw_store_taken(s), 0);
	lw_store_close(other);

	/* Alone: taken, written through the rollback journal (synced in full,
	 * as that journal needs against a power cut), and given back. */
	assert_int_equal(lw_store_int(s, "PRAGMA synchronous", &n, &err), LW_OK);
	assert_int_equal(n, 1); /* NORMAL */
	assert_int_equal(lw_store_take(s, &taken, &err), LW_OK);
	assert_int_equal(taken, 1);
	assert_mode(s, "delete");
	assert_int_equal(lw_store_taken(s), 1);
	assert_int_equal(lw_store_int(s, "PRAGMA synchronous", &n, &err), LW_OK);
	assert_int_equal(n, 2); /* FULL */
	assert_int_equal(lw_store_begin(s, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "INSERT INTO region VALUES('AM01', 'Groningen')", &err),
			 LW_OK);
	/* Not in the middle of a transaction. */
	assert_int_equal(lw_store_take(s, &taken, &err), LW_EDB);
	assert_int_equal(taken, 0);
	assert_non_null(strstr(err.msg, "transactie"));
	assert_int_equal(lw_store_commit(s, &err), LW_OK);
	assert_int_equal(lw_store_give_back(s, &err), LW_OK);
	assert_mode(s, "wal");
	assert_int_equal(lw_store_taken(s), 0);
	assert_int_equal(lw_store_int(s, "PRAGMA synchronous", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	lw_store_close(s);

	/* A store left in the rollback journal (as after a crash) goes back to
	 * the WAL when a writer opens it; a reader leaves it as it is. */
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_OK);
	assert_int_equal(lw_store_take(s, &taken, &err), LW_OK);
	assert_int_equal(taken, 1);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_READONLY, &err), LW_OK);
	assert_mode(s, "delete");
	assert_int_equal(lw_store_int(s, "SELECT count(*) FROM region", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_OK);
	assert_mode(s, "wal");
	lw_store_close(s);
	free(p);
}

static void test_negative_version_and_backup_onto_itself(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-negative");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	/* The backup may not replace the database it copies, nor its WAL. */
	assert_int_equal(lw_store_backup(s, p, &err), LW_EUSAGE);
	assert_non_null(strstr(err.msg, "de database zelf"));
	lw_buf wal = LW_BUF_INIT;
	lw_buf_printf(&wal, "%s-wal", p);
	assert_int_equal(lw_store_backup(s, wal.data, &err), LW_EUSAGE);
	lw_buf_free(&wal);
	assert_int_equal(lw_store_exec(s, "PRAGMA user_version=-3", &err), LW_OK);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_MIGRATE, &err), LW_EINPUT);
	assert_non_null(strstr(err.msg, "ongeldige schemaversie (-3)"));
	assert_int_equal(lw_store_open(&s, p, LW_STORE_ANY_VERSION, &err), LW_EINPUT);
	free(p);
}

static void test_readonly_changes_nothing(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-readonly");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "PRAGMA journal_mode=DELETE", &err), LW_OK);
	lw_store_close(s);
	size_t n1, n2;
	char *before = tu_read(p, &n1);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_READONLY, &err), LW_OK);
	int64_t v;
	assert_int_equal(lw_store_int(s, "SELECT count(*) FROM region", &v, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, "INSERT INTO region VALUES('AM01', 'x')", &err), LW_EDB);
	assert_non_null(strstr(err.msg, "alleen-lezen"));
	lw_store_close(s);
	char *after = tu_read(p, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1); /* not even switched to WAL */
	/* And a reader of a WAL database leaves no -wal or -shm behind. */
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_OK); /* back to WAL */
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_READONLY, &err), LW_OK);
	assert_int_equal(lw_store_int(s, "SELECT count(*) FROM region", &v, &err), LW_OK);
	lw_store_close(s);
	lw_buf side = LW_BUF_INIT;
	lw_buf_printf(&side, "%s-shm", p);
	assert_null(tu_read(side.data, NULL));
	lw_buf_free(&side);
	free(before);
	free(after);
	free(p);
}

/* What migration 5 made, so that a test can go back to version 4. */
#define DROP_MIGRATION_5                                                                   \
	"DROP TABLE expenditure; DROP TABLE monitor_series; DROP TABLE trajectory; "       \
	"DROP TABLE covenant_share; DROP TABLE covenant_area; DROP TABLE covenant; "

/* Migration 4: a database of version 3 gets the question table, its data kept. */
static void test_migration_4_questions(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-v3");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	/* Back to what version 3 was, with a row in it. */
	assert_int_equal(lw_store_exec(s,
				       "DROP TABLE question; " DROP_MIGRATION_5 "PRAGMA user_version=3;"
				       "INSERT INTO region VALUES('AM13', 'Midden-Utrecht')",
				       &err),
			 LW_OK);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, 0, &err), LW_EVERSION);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_version(s), lw_store_latest_version());
	assert_string_equal(lw_store_migration_name(4), "vragen aan de leerwerkloketten");
	int64_t n;
	assert_int_equal(lw_store_int(s, "SELECT count(*) FROM region", &n, &err), LW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(lw_store_int(s,
				      "SELECT count(*) FROM sqlite_schema WHERE name = "
				      "'question_desk_received'",
				      &n, &err),
			 LW_OK);
	assert_int_equal(n, 1);
	/* desk_code has no foreign key: a question outlives its desk. */
	const char *row = "INSERT INTO question(reference, received_at, channel, email, phone, "
			  "postcode, desk_code, desk_name, target_group, topic, text) VALUES";
	char sql[512];
	snprintf(sql, sizeof sql,
		 "%s('LW-AAAAAAAA', '2024-01-01T00:00:00Z', 'web', 'a@b.nl', NULL, '3511', "
		 "'geen-loket', 'Oud loket', 'student', 'evc', 'Een vraag van tien')",
		 row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_OK);
	/* The constraints: a reference once, a known channel, e-mail or phone. */
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	snprintf(sql, sizeof sql,
		 "%s('LW-BBBBBBBB', '2024-01-01T00:00:00Z', 'fax', 'a@b.nl', NULL, '3511', "
		 "'x', 'x', 'student', 'evc', 'Een vraag van tien')",
		 row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	snprintf(sql, sizeof sql,
		 "%s('LW-CCCCCCCC', '2024-01-01T00:00:00Z', 'web', NULL, NULL, '3511', "
		 "'x', 'x', 'student', 'evc', 'Een vraag van tien')",
		 row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	lw_store_close(s);
	free(p);
}

/* Migration 5: the monitor's tables; no BSN column anywhere. */
static void test_migration_5_monitor(void **unused)
{
	(void)unused;
	char *p = fresh_db("store-v4");
	lw_store *s;
	lw_err err;
	assert_int_equal(lw_store_open(&s, p, LW_STORE_CREATE | LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_exec(s, DROP_MIGRATION_5 "PRAGMA user_version=4;", &err), LW_OK);
	lw_store_close(s);
	assert_int_equal(lw_store_open(&s, p, LW_STORE_MIGRATE, &err), LW_OK);
	assert_int_equal(lw_store_version(s), lw_store_latest_version());
	assert_string_equal(lw_store_migration_name(5), "monitor: convenanten, trajecten en uitgaven");
	int64_t n;
	assert_int_equal(lw_store_int(s,
				      "SELECT count(*) FROM sqlite_schema WHERE name IN ('covenant', "
				      "'covenant_area', 'covenant_share', 'trajectory', "
				      "'monitor_series', 'expenditure', 'covenant_in_use')",
				      &n, &err),
			 LW_OK);
	assert_int_equal(n, 7);
	assert_int_equal(lw_store_int(s,
				      "SELECT count(*) FROM sqlite_schema AS t, "
				      "pragma_table_info(t.name) AS c WHERE t.type = 'table' AND "
				      "lower(c.name) LIKE '%bsn%'",
				      &n, &err),
			 LW_OK);
	assert_int_equal(n, 0);
	/* The checks: a sectoral covenant has a sector, a pseudonym 32 bytes. */
	assert_int_equal(lw_store_exec(s, "INSERT INTO covenant VALUES('S', 'S', 'sectoraal', NULL)",
				       &err),
			 LW_EDB);
	assert_int_equal(lw_store_exec(s, "INSERT INTO covenant VALUES('R', 'R', 'regionaal', NULL)",
				       &err),
			 LW_OK);
	const char *row = "INSERT INTO trajectory(covenant_code, pseudonym, match_key, kind, level, "
			  "sector, region_code, start_date, status, status_date, target_groups, "
			  "age) VALUES('R', ";
	char sql[512];
	snprintf(sql, sizeof sql, "%szeroblob(31), 1, 'evc', 'mbo-2', 'zorg', 'AM13', "
				  "'2009-01-01', 'gestart', NULL, 0, 30)", row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	snprintf(sql, sizeof sql, "%szeroblob(32), 1, 'evc', 'mbo-2', 'zorg', 'AM13', "
				  "'2009-01-01', 'gestopt', '2008-12-31', 0, 30)", row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	snprintf(sql, sizeof sql, "%szeroblob(32), 1, 'evc', 'mbo-5', 'zorg', 'AM13', "
				  "'2009-01-01', 'gestart', NULL, 0, 30)", row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_EDB);
	snprintf(sql, sizeof sql, "%szeroblob(32), 1, 'evc', 'mbo-2', 'zorg', 'AM13', "
				  "'2009-01-01', 'gestart', NULL, 0, 30)", row);
	assert_int_equal(lw_store_exec(s, sql, &err), LW_OK);
	/* A covenant with trajectories stays. */
	assert_int_equal(lw_store_exec(s, "DELETE FROM covenant WHERE code = 'R'", &err), LW_EDB);
	assert_int_equal(lw_store_check(s, &err), LW_OK);
	lw_store_close(s);
	free(p);
}

static void test_migration_names(void **unused)
{
	(void)unused;
	for (int v = 1; v <= lw_store_latest_version(); v++)
		assert_non_null(lw_store_migration_name(v));
	assert_null(lw_store_migration_name(0));
	assert_null(lw_store_migration_name(lw_store_latest_version() + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_without_create),
		cmocka_unit_test(test_create_and_pragmas),
		cmocka_unit_test(test_old_schema_needs_migrate),
		cmocka_unit_test(test_newer_schema_untouched),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_take_and_give_back),
		cmocka_unit_test(test_negative_version_and_backup_onto_itself),
		cmocka_unit_test(test_readonly_changes_nothing),
		cmocka_unit_test(test_migration_4_questions),
		cmocka_unit_test(test_migration_5_monitor),
		cmocka_unit_test(test_migration_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

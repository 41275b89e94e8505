/* testutil.c - helpers shared by the tests. */
#include "testutil.h"

#include "lw_ingest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *tu_path(const char *dir, const char *name)
{
	lw_buf b = LW_BUF_INIT;
	lw_buf_printf(&b, "%s/%s", dir, name);
	return b.data;
}

char *tu_tmpdir(const char *name)
{
	const char *root = getenv("LW_TMP");
	if (!root)
		root = "/tmp/leerwerk-test";
	lw_buf cmd = LW_BUF_INIT;
	lw_buf_printf(&cmd, "rm -rf '%s/%s' && mkdir -p '%s/%s'", root, name, root, name);
	if (system(cmd.data) != 0)
		fail_msg("cannot make %s/%s", root, name);
	lw_buf_free(&cmd);
	return tu_path(root, name);
}

void tu_write(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

void tu_writes(const char *path, const char *text)
{
	tu_write(path, text, strlen(text));
}

const char *tu_data(void)
{
	const char *d = getenv("LW_DATA");
	return d ? d : "../shared/data";
}

char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lw_buf b = LW_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		lw_buf_append(&b, chunk, n);
	fclose(f);
	lw_buf_reserve(&b, 0);
	if (len)
		*len = b.len;
	return b.data;
}

lw_store *tu_reference_store(const char *name, char **dir)
{
	char *d = tu_tmpdir(name);
	char *db = tu_path(d, "leerwerk.db");
	lw_store *s;
	lw_err err;
	if (lw_store_open(&s, db, LW_STORE_CREATE | LW_STORE_MIGRATE, &err) != LW_OK)
		fail_msg("%s", err.msg);
	free(db);
	lw_ingest_result r[8];
	size_t n = 0;
	int rc = lw_ingest_reference(s, tu_data(), NULL, r, &n, &err);
	for (size_t i = 0; i < n; i++)
		lw_ingest_result_free(&r[i]);
	if (rc != LW_OK)
		fail_msg("reference import: %s", err.msg);
	if (dir)
		*dir = d;
	else
		free(d);
	return s;
}

char *tu_snapshot(lw_store *s, const char *const *tables)
{
	lw_buf b = LW_BUF_INIT;
	for (size_t t = 0; tables[t]; t++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[t]);
		sqlite3_stmt *st;
		lw_err err;
		assert_int_equal(lw_store_prepare(s, &st, sql, &err), LW_OK);
		lw_buf_printf(&b, "[%s]\n", tables[t]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *v = sqlite3_column_text(st, i);
				lw_buf_printf(&b, "%s|", v ? (const char *)v : "NULL");
			}
			lw_buf_putc(&b, '\n');
		}
		sqlite3_finalize(st);
	}
	lw_buf_reserve(&b, 0);
	return b.data;
}

void tu_exec(lw_store *s, const char *sql)
{
	lw_err err;
	if (lw_store_exec(s, sql, &err) != LW_OK)
		fail_msg("%s: %s", sql, err.msg);
}

void tu_assert_query(lw_store *s, const char *sql, const char *want)
{
	sqlite3_stmt *st;
	lw_err err;
	if (lw_store_prepare(s, &st, sql, &err) != LW_OK)
		fail_msg("%s: %s", sql, err.msg);
	int step = sqlite3_step(st);
	const unsigned char *v = step == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	char got[512];
	snprintf(got, sizeof got, "%s", v ? (const char *)v : "NULL");
	sqlite3_finalize(st);
	if (strcmp(got, want) != 0)
		fail_msg("%s\n  gave '%s', want '%s'", sql, got, want);
}

int tu_serve(const char *db, const char *errf, const char *threads, const char *const *env,
             unsigned *port)
{
	static const char addr[] = "luistert op http://127.0.0.1:";
	const char *bin = getenv("LW_BIN");
	assert_non_null(bin);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_RDWR);
		if (fd < 0 || null < 0)
			_exit(127);
		dup2(fd, 2);
		dup2(null, 0);
		dup2(null, 1);
		for (const char *const *e = env; e && *e; e++)
			putenv((char *)*e);
		execl(bin, "leerwerk", "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads",
		      threads, (char *)NULL);
		_exit(127);
	}
	/* The engine is built first; give up when the server stops before listening. */
	for (*port = 0; !*port;) {
		char *err = tu_read(errf, NULL);
		const char *at = err ? strstr(err, addr) : NULL;
		if (at)
			*port = (unsigned)strtoul(at + strlen(addr), NULL, 10);
		int st;
		if (!at && waitpid(pid, &st, WNOHANG) == pid)
			fail_msg("leerwerk serve stopped before listening:\n%s", err ? err : "");
		free(err);
		if (!at) {
			struct timespec ts = {0, 50000000};
			nanosleep(&ts, NULL);
		}
	}
	return pid;
}

/* testutil.c - helpers shared by the tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

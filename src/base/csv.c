/*
 * csv.c - an RFC 4180 pull reader that knows on which line each record
 * starts, bounds the size of a record, and tells malformed records apart
 * from the end of the file. Design note: docs/internals/csv.md.
 */
#include "lw_base.h"

#include <errno.h>
#include <string.h>

#define CHUNK (64 * 1024)

struct lw_csv {
	FILE *f;
	int own;
	char *name;
	char *in;
	size_t in_len, in_pos;
	int eof, io_error, bom_checked, done;
	int no_lf;    /* the buffer holds no line break after in_pos (until the next refill) */
	int bytewise; /* never the fast way (lw_csv_set_bytewise) */
	lw_buf rec;    /* field bytes, each field NUL-terminated */
	size_t *off;   /* start of each field in rec */
	size_t nf, cap_f;
	long line;     /* line of the next unread byte */
	long rec_line; /* line where the current record starts */
	uint64_t consumed;
	size_t max_record;
};

static int make(lw_csv **out, FILE *f, int own, const char *name, lw_err *err)
{
	lw_csv *c = lw_calloc(1, sizeof *c);
	if (!c)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	c->in = lw_malloc(CHUNK);
	c->name = lw_strdup(name);
	c->cap_f = 32;
	c->off = lw_malloc(c->cap_f * sizeof *c->off);
	if (!c->in || !c->name || !c->off) {
		lw_free(c->in);
		lw_free(c->name);
		lw_free(c->off);
		lw_free(c);
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	}
	c->f = f;
	c->own = own;
	c->line = 1;
	c->max_record = LW_CSV_MAX_RECORD_DEFAULT;
	*out = c;
	return LW_OK;
}

int lw_csv_open(lw_csv **out, const char *path, lw_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return lw_err_set(err, LW_EIO, "%s: kan het bestand niet openen: %s", path,
				  lw_errno_text(errno));
	int rc = make(out, f, 1, path, err);
	if (rc != LW_OK)
		fclose(f);
	return rc;
}

int lw_csv_from_stream(lw_csv **out, FILE *f, const char *name, lw_err *err)
{
	return make(out, f, 0, name, err);
}

void lw_csv_set_max_record(lw_csv *c, size_t max)
{
	c->max_record = max;
}

void lw_csv_set_bytewise(lw_csv *c, int on)
{
	c->bytewise = on;
}

void lw_csv_close(lw_csv *c)
{
	if (!c)
		return;
	if (c->own && c->f)
		fclose(c->f);
	lw_buf_free(&c->rec);
	lw_free(c->off);
	lw_free(c->in);
	lw_free(c->name);
	lw_free(c);
}

static int refill(lw_csv *c)
{
	if (c->eof)
		return 0;
	c->in_len = fread(c->in, 1, CHUNK, c->f);
	c->in_pos = 0;
	c->no_lf = 0;
	if (c->in_len == 0) {
		c->eof = 1;
		if (ferror(c->f))
			c->io_error = errno ? errno : EIO;
		return 0;
	}
	if (!c->bom_checked) {
		c->bom_checked = 1;
		if (c->in_len >= 3 && memcmp(c->in, "\xEF\xBB\xBF", 3) == 0)
			c->in_pos = 3;
		if (c->in_pos == c->in_len)
			return refill(c); /* the chunk held only the BOM */
	}
	return 1;
}

/* Next byte, or -1 at the end of input. */
static inline int get(lw_csv *c)
{
	if (c->in_pos == c->in_len && !refill(c))
		return -1;
	c->consumed++;
	return (unsigned char)c->in[c->in_pos++];
}

static inline int peek(lw_csv *c)
{
	if (c->in_pos == c->in_len && !refill(c))
		return -1;
	return (unsigned char)c->in[c->in_pos];
}

/*
 * States. A record found bad after a closing quote is skipped to its end in
 * ST_SKIP, which still knows quotes (ST_SKIP_QUOTED), so a line break inside
 * a quoted field never starts a new record. After a bare quote the quoting
 * of the line cannot be trusted: ST_SKIP_LINE skips to the end of the
 * physical line, so a stray quote never swallows the lines after it.
 */
enum { ST_START, ST_PLAIN, ST_QUOTED, ST_QUOTE_END, ST_SKIP, ST_SKIP_QUOTED, ST_SKIP_LINE };

/* Per-record flags for problems found while reading it. */
enum { BAD_NONE, BAD_LONG, BAD_NUL, BAD_AFTER_QUOTE, BAD_BARE_QUOTE };

/* Appends one byte unless the record is over the limit; then marks it long. */
static void add_byte(lw_csv *c, char ch, int *bad, int *oom)
{
	if (*bad == BAD_LONG)
		return;
	if (c->rec.len + 1 > c->max_record) {
		*bad = BAD_LONG;
		return;
	}
	if (lw_buf_putc(&c->rec, ch) != LW_OK)
		*oom = 1;
}

/*
 * Ends a field. Its NUL counts against the record limit like any byte, so a
 * line of separators cannot grow the record (or the field table) unbounded.
 */
static int end_field(lw_csv *c, int *bad, int *oom)
{
	if (*bad == BAD_LONG)
		return 1;
	if (c->rec.len + 1 > c->max_record) {
		*bad = BAD_LONG;
		return 1;
	}
	if (c->nf == c->cap_f) {
		size_t *p = lw_realloc(c->off, 2 * c->cap_f * sizeof *p);
		if (!p) {
			*oom = 1;
			return 0;
		}
		c->off = p;
		c->cap_f *= 2;
	}
	if (c->rec.len + 1 < c->rec.cap) {
		c->rec.data[c->rec.len++] = '\0';
		c->rec.data[c->rec.len] = '\0';
	} else if (lw_buf_putc(&c->rec, '\0') != LW_OK) {
		*oom = 1;
		return 0;
	}
	/* The next field starts after this NUL. */
	c->off[c->nf++] = c->rec.len;
	return 1;
}

/*
 * The usual record, read at once: plain fields (no quote, CR or NUL byte
 * in them) ending in the buffer with a line break ("\n" or "\r\n"). Its
 * bytes are copied with each comma made a field's NUL, which is what the
 * byte-wise reader below makes of them. Returns 0, having consumed
 * nothing, for any other record (a blank line, one over the limit, one
 * that goes on past the buffer): the byte-wise reader reads it and says
 * what is wrong.
 */
static int plain_record(lw_csv *c)
{
	if (c->no_lf || c->bytewise)
		return 0; /* no_lf: a file of CR line ends, say; not every record searches the rest */
	const char *p = c->in + c->in_pos;
	const char *nl = memchr(p, '\n', c->in_len - c->in_pos);
	if (!nl) {
		c->no_lf = 1;
		return 0;
	}
	size_t n = (size_t)(nl - p), len = n && p[n - 1] == '\r' ? n - 1 : n;
	/* The fields and their NULs take len + 1 bytes; the buffer one more. */
	if (!len || len + 1 > c->max_record || lw_buf_reserve(&c->rec, len + 1) != LW_OK)
		return 0;
	char *out = c->rec.data;
	size_t nf = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = p[i];
		if (ch == ',') {
			if (nf + 1 == c->cap_f)
				return 0; /* more fields than the table holds: it grows there */
			out[i] = '\0';
			c->off[nf++] = i + 1;
		} else if (ch == '"' || ch == '\r' || ch == '\0') {
			return 0;
		} else {
			out[i] = ch;
		}
	}
	out[len] = '\0';
	out[len + 1] = '\0';
	c->off[nf++] = len + 1;
	c->nf = nf;
	c->rec.len = len + 1;
	c->rec_line = c->line++;
	c->in_pos += n + 1;
	c->consumed += n + 1;
	return 1;
}

int lw_csv_next(lw_csv *c, lw_err *err)
{
	if (c->done)
		return 0;
	for (;;) {
		int st = ST_START, bad = BAD_NONE, oom = 0, any = 0;
		lw_buf_reset(&c->rec);
		c->nf = 0;
		c->rec_line = c->line;
		if (plain_record(c))
			return 1;
		/* off[k] holds the start of field k+1; field 0 starts at 0. */
		for (;;) {
			int ch;
			if (st == ST_PLAIN || st == ST_QUOTED) {
				/* Fast path: copy a run of ordinary bytes at once. */
				if (c->in_pos == c->in_len && !refill(c)) {
					ch = -1;
				} else {
					const char *p = c->in + c->in_pos, *e = c->in + c->in_len;
					const char *q = p;
					if (st == ST_PLAIN)
						while (q < e && *q != ',' && *q != '\n' && *q != '\r' &&
						       *q != '\0' && *q != '"')
							q++;
					else
						while (q < e && *q != '"' && *q != '\n' && *q != '\0')
							q++;
					size_t run = (size_t)(q - p);
					if (run) {
						if (bad != BAD_LONG &&
						    c->rec.len + run > c->max_record)
							bad = BAD_LONG;
						if (bad != BAD_LONG &&
						    lw_buf_append(&c->rec, p, run) != LW_OK)
							oom = 1;
						c->in_pos += run;
						c->consumed += run;
						if (oom)
							break;
						continue;
					}
					ch = get(c);
				}
			} else {
				ch = get(c);
			}
			if (ch == -1)
				break;
			any = 1;
			if (ch == 0) {
				if (bad == BAD_NONE)
					bad = BAD_NUL;
				if (st == ST_START)
					st = ST_PLAIN;
				continue;
			}
			if (ch == '\r' && st != ST_QUOTED && st != ST_SKIP_QUOTED) {
				if (peek(c) == '\n')
					get(c);
				ch = '\n';
			}
			if (ch == '\n') {
				c->line++;
				if (st == ST_QUOTED) {
					add_byte(c, '\n', &bad, &oom);
					if (oom)
						break;
					continue;
				}
				if (st == ST_SKIP_QUOTED)
					continue;
				if (st == ST_START && c->nf == 0 && c->rec.len == 0 && bad == BAD_NONE) {
					/* A blank line: skip it. */
					c->rec_line = c->line;
					any = 0;
					continue;
				}
				break; /* end of record */
			}
			switch (st) {
			case ST_SKIP:
				if (ch == '"')
					st = ST_SKIP_QUOTED;
				break;
			case ST_SKIP_QUOTED:
				if (ch == '"')
					st = ST_SKIP;
				break;
			case ST_SKIP_LINE:
				break;
			case ST_START:
				if (ch == '"') {
					st = ST_QUOTED;
				} else if (ch == ',') {
					if (!end_field(c, &bad, &oom))
						goto out;
				} else {
					st = ST_PLAIN;
					add_byte(c, (char)ch, &bad, &oom);
				}
				break;
			case ST_PLAIN:
				if (ch == ',') {
					if (!end_field(c, &bad, &oom))
						goto out;
					st = ST_START;
				} else if (ch == '"') {
					/* RFC 4180: a quote belongs in a quoted field only. */
					if (bad == BAD_NONE)
						bad = BAD_BARE_QUOTE;
					st = ST_SKIP_LINE;
				}
				break;
			case ST_QUOTED:
				if (ch == '"')
					st = ST_QUOTE_END;
				break;
			case ST_QUOTE_END:
				if (ch == '"') {
					st = ST_QUOTED;
					add_byte(c, '"', &bad, &oom);
				} else if (ch == ',') {
					if (!end_field(c, &bad, &oom))
						goto out;
					st = ST_START;
				} else {
					if (bad == BAD_NONE)
						bad = BAD_AFTER_QUOTE;
					st = ST_SKIP;
				}
				break;
			}
			if (oom)
				break;
		}
	out:
		if (oom)
			return lw_err_set(err, LW_ENOMEM, "%s:%ld: onvoldoende geheugen", c->name,
					  c->rec_line);
		if (c->io_error) {
			c->done = 1;
			return lw_err_set(err, LW_EIO, "%s:%ld: leesfout: %s", c->name, c->line,
					  lw_errno_text(c->io_error));
		}
		if (st == ST_QUOTED || st == ST_SKIP_QUOTED) {
			c->done = 1;
			return lw_err_set(err, LW_EINPUT,
					  "%s:%ld: aanhalingsteken wordt niet gesloten (het veld loopt "
					  "door tot het einde van het bestand)",
					  c->name, c->rec_line);
		}
		if (!any && c->nf == 0 && c->rec.len == 0) {
			c->done = 1;
			return 0;
		}
		if (!end_field(c, &bad, &oom))
			return lw_err_set(err, LW_ENOMEM, "%s:%ld: onvoldoende geheugen", c->name,
					  c->rec_line);
		switch (bad) {
		case BAD_LONG:
			return lw_err_set(err, LW_EINPUT,
					  "%s:%ld: regel is langer dan %zu bytes (geen geldig "
					  "CSV-bestand?)",
					  c->name, c->rec_line, c->max_record);
		case BAD_NUL:
			return lw_err_set(err, LW_EINPUT,
					  "%s:%ld: bevat een NUL-byte (binair bestand, geen CSV?)",
					  c->name, c->rec_line);
		case BAD_BARE_QUOTE:
			return lw_err_set(err, LW_EINPUT,
					  "%s:%ld: aanhalingsteken midden in een veld (zet zo'n veld "
					  "tussen aanhalingstekens en schrijf \"\" voor elk "
					  "aanhalingsteken erin)",
					  c->name, c->rec_line);
		case BAD_AFTER_QUOTE:
			return lw_err_set(err, LW_EINPUT,
					  "%s:%ld: tekst na een sluitend aanhalingsteken (gebruik \"\" "
					  "voor een aanhalingsteken binnen een veld)",
					  c->name, c->rec_line);
		default:
			return 1;
		}
	}
}

size_t lw_csv_nfields(const lw_csv *c)
{
	return c->nf;
}

int lw_csv_ascii(const lw_csv *c)
{
	const unsigned char *p = (const unsigned char *)c->rec.data;
	size_t n = c->rec.len, i = 0;
	uint64_t high = 0;
	for (; i + 8 <= n; i += 8) { /* eight bytes at a time: records are mostly ASCII */
		uint64_t w;
		memcpy(&w, p + i, sizeof w);
		high |= w;
	}
	for (; i < n; i++)
		high |= p[i];
	return !(high & UINT64_C(0x8080808080808080));
}

char *lw_csv_field(const lw_csv *c, size_t i, size_t *len)
{
	static char empty[1];
	if (i >= c->nf) {
		if (len)
			*len = 0;
		empty[0] = '\0';
		return empty;
	}
	size_t start = i == 0 ? 0 : c->off[i - 1];
	if (len)
		*len = c->off[i] - 1 - start;
	return c->rec.data + start;
}

long lw_csv_line(const lw_csv *c)
{
	return c->rec_line;
}

uint64_t lw_csv_offset(const lw_csv *c)
{
	return c->consumed;
}

const char *lw_csv_name(const lw_csv *c)
{
	return c->name;
}

int lw_csv_write_field(lw_buf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' '))
		return lw_buf_puts(out, s);
	if (lw_buf_putc(out, '"') != LW_OK)
		return LW_ENOMEM;
	for (; *s; s++) {
		if (*s == '"' && lw_buf_putc(out, '"') != LW_OK)
			return LW_ENOMEM;
		if (lw_buf_putc(out, *s) != LW_OK)
			return LW_ENOMEM;
	}
	return lw_buf_putc(out, '"');
}

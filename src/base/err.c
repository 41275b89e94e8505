/* err.c - error reports and codes. */
#include "lw_base.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int lw_err_set(lw_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->code = code;
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

void lw_err_clear(lw_err *err)
{
	if (err) {
		err->code = LW_OK;
		err->msg[0] = '\0';
	}
}

const char *lw_strerror(int code)
{
	switch (code) {
	case LW_OK: return "ok";
	case LW_ENOMEM: return "out of memory";
	case LW_EIO: return "i/o error";
	case LW_EINPUT: return "invalid input";
	case LW_ENOTFOUND: return "not found";
	case LW_EAMBIGUOUS: return "ambiguous";
	case LW_EDB: return "database error";
	case LW_EVERSION: return "schema too new";
	case LW_EUSAGE: return "usage";
	case LW_ELIMIT: return "limit exceeded";
	default: return "unknown error";
	}
}

const char *lw_errno_text(int e)
{
	switch (e) {
	case ENOENT: return "bestand of map bestaat niet";
	case EACCES:
	case EPERM: return "geen toegang";
	case EISDIR: return "is een map, geen bestand";
	case ENOTDIR: return "een deel van het pad is geen map";
	case ENOSPC: return "de schijf is vol";
	case EROFS: return "het bestandssysteem is alleen-lezen";
	case EIO: return "invoer-/uitvoerfout van het systeem";
	case EMFILE:
	case ENFILE: return "te veel open bestanden";
	case ENAMETOOLONG: return "de naam is te lang";
	case ENOMEM: return "onvoldoende geheugen";
	case EXDEV: return "ligt op een ander bestandssysteem";
	default: return "systeemfout";
	}
}

int32_t lw_date_days(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return INT32_MIN;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	/* Days from civil, the well-known era arithmetic. */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t lw_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t lw_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int lw_date_nl(lw_buf *b, const char *d, size_t n)
{
	static const char *const months[] = {"januari",   "februari", "maart",    "april",
					     "mei",       "juni",     "juli",     "augustus",
					     "september", "oktober",  "november", "december"};
	int m = n == 10 && lw_date_days(d) != INT32_MIN ? (d[5] - '0') * 10 + d[6] - '0' : 0;
	int day = m ? (d[8] - '0') * 10 + d[9] - '0' : 0;
	if (m < 1 || m > 12 || day < 1 || day > 31)
		return lw_buf_append(b, d, n);
	return lw_buf_printf(b, "%d %s %.4s", day, months[m - 1], d);
}

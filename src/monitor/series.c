/*
 * series.c - the counts kept for the reports (docs/internals/monitor.md):
 * per scope (national, each covenant), breakdown value, kind and event, the
 * number of events per day, stored as one row of monitor_series with the
 * day counts as varints. Each scope also keeps its Antilles part (the
 * registrations with a workplace there) under dims of their own, so that
 * "in the Netherlands" is the scope less that part in every breakdown. A
 * writer only notes the facts it adds or takes away (16 bytes each). The flush counts them (mon_agg_count, memory only,
 * so that it may run beside the store's own work): scope by scope, day by
 * day, into an array the size of one scope, noting each changed slot's
 * change as varints; then it adds the changes to the stored rows in one
 * pass (mon_agg_flush).
 */
#include "monitor_int.h"

#include <stdlib.h>
#include <string.h>

/* The events a registration counts: its start, and its end if it ended. */
int mon_facts_events(const mon_facts *f, int32_t day[2], int ev[2])
{
	day[0] = f->start;
	ev[0] = EV_STARTED;
	if (f->status == LW_MON_STATUS_STARTED)
		return 1;
	day[1] = f->end;
	ev[1] = f->status == LW_MON_STATUS_COMPLETED ? EV_COMPLETED : EV_STOPPED;
	return 2;
}

/* A fact as the aggregator keeps it until the flush. */
typedef struct fact {
	int32_t start, end;
	uint16_t scope;
	uint8_t region; /* index + 1; 0: not a known region */
	uint8_t groups;
	uint8_t kind, level, sector, band;
	int8_t sign;
	uint8_t status, duplicate, pad;
} fact;

struct mon_agg {
	const char *const *scopes;
	size_t nscopes; /* covenants; scope 0 is national */
	const char *const *regions;
	size_t nregions;
	size_t nvalues;           /* breakdown values per scope, then as many of its Antilles part */
	size_t dim_at[NDIMS + 1]; /* the first value of each dim */
	size_t nslots;            /* per scope: 2 * nvalues * kinds * events */
	unsigned ant_region;      /* the Antilles' region index + 1 (as in fact); 0: none */
	fact *facts;
	size_t n, cap;
	/*
	 * What the facts change, counted (mon_agg_count) and not yet stored:
	 * per scope and slot that changes, a delta_head and its days as varints.
	 */
	unsigned char *out;
	size_t out_len, out_cap;
	int counted;
};

static const size_t dim_size_fixed[NDIMS] = {
    1,
    LW_MON_NSECTORS,
    0,
    LW_MON_NLEVELS,
    LW_MON_NAGES,
    LW_MON_NGROUPS,
    LW_MON_NGROUPS *LW_MON_NAGES,
    LW_MON_NLEVELS *LW_MON_NAGES,
};

int mon_agg_new(mon_agg **out, const char *const *scopes, size_t nscopes,
                const char *const *regions, size_t nregions)
{
	if (nscopes > UINT16_MAX - 1 || nregions > UINT8_MAX - 1)
		return LW_ELIMIT;
	mon_agg *a = lw_calloc(1, sizeof *a);
	if (!a)
		return LW_ENOMEM;
	a->scopes = scopes;
	a->nscopes = nscopes;
	a->regions = regions;
	a->nregions = nregions;
	for (int d = 0; d < NDIMS; d++)
		a->dim_at[d + 1] = a->dim_at[d] + (d == DIM_REGION ? nregions : dim_size_fixed[d]);
	a->nvalues = a->dim_at[NDIMS];
	a->nslots = 2 * a->nvalues * LW_MON_NKINDS * NEVENTS;
	for (size_t i = 0; i < nregions; i++)
		if (!strcmp(regions[i], LW_MON_ANTILLES))
			a->ant_region = (unsigned)i + 1;
	*out = a;
	return LW_OK;
}

void mon_agg_free(mon_agg *a)
{
	if (!a)
		return;
	lw_free(a->out);
	lw_free(a->facts);
	lw_free(a);
}

int mon_agg_add(mon_agg *a, const mon_facts *f, int sign)
{
	if (!mon_facts_valid(f))
		return LW_OK;
	if (a->counted) { /* counted too early: again in the flush */
		a->counted = 0;
		a->out_len = 0;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		fact *p = lw_realloc(a->facts, cap * sizeof *p);
		if (!p)
			return LW_ENOMEM;
		a->facts = p;
		a->cap = cap;
	}
	a->facts[a->n++] = (fact){
	    .start = f->start,
	    .end = f->status == LW_MON_STATUS_STARTED ? f->start : f->end,
	    .scope = (uint16_t)f->scope,
	    .region = (uint8_t)(f->region + 1),
	    .groups = (uint8_t)f->groups,
	    .kind = (uint8_t)f->kind,
	    .level = (uint8_t)f->level,
	    .sector = (uint8_t)f->sector,
	    .band = (uint8_t)f->band,
	    .sign = (int8_t)sign,
	    .status = (uint8_t)f->status,
	    .duplicate = (uint8_t)f->duplicate,
	};
	return LW_OK;
}

/* ---- counting one scope ------------------------------------------------------ */

/* The counts of one scope over the days [lo, lo + width): [slot][day]. */
typedef struct scope_counts {
	int32_t lo, width;
	int32_t *c;
	uint8_t *touched; /* per slot */
	/* One day's counts per slot, and the slots it touched (nacc). */
	int32_t *acc;
	uint8_t *acc_on;
	uint32_t *acc_slots;
	size_t nacc;
} scope_counts;

/*
 * The breakdown values a fact counts in, into v (room for 2 * MAX_VALUES);
 * returns how many. A fact on the Antilles counts in its scope's Antilles
 * part too: the same values, nvalues on (its region's aside).
 */
#define MAX_VALUES (6 + 2 * LW_MON_NGROUPS)
static size_t values_of(const mon_agg *a, const fact *f, size_t v[])
{
	size_t n = 0;
	v[n++] = a->dim_at[DIM_TOTAL];
	v[n++] = a->dim_at[DIM_SECTOR] + f->sector;
	if (f->region)
		v[n++] = a->dim_at[DIM_REGION] + f->region - 1u;
	v[n++] = a->dim_at[DIM_LEVEL] + f->level;
	v[n++] = a->dim_at[DIM_AGE] + f->band;
	for (size_t g = 0; g < LW_MON_NGROUPS; g++) {
		if (!(f->groups & (1u << g)))
			continue;
		v[n++] = a->dim_at[DIM_GROUP] + g;
		v[n++] = a->dim_at[DIM_GROUP_AGE] + g * LW_MON_NAGES + f->band;
	}
	v[n++] = a->dim_at[DIM_LEVEL_AGE] + (size_t)f->level * LW_MON_NAGES + f->band;
	if (a->ant_region && f->region == a->ant_region)
		for (size_t i = 0, own = n; i < own; i++)
			if (v[i] < a->dim_at[DIM_REGION] || v[i] >= a->dim_at[DIM_REGION + 1])
				v[n++] = a->nvalues + v[i];
	return n;
}

/*
 * Counts the start (end 0) or the end (end 1) of f into the day's
 * accumulator (one cell per slot), noting the slots it touches first.
 */
static void count_event(const mon_agg *a, scope_counts *sc, const fact *f, int end)
{
	size_t v[2 * MAX_VALUES], nv = values_of(a, f, v);
	int ev = !end ? EV_STARTED : f->status == LW_MON_STATUS_COMPLETED ? EV_COMPLETED : EV_STOPPED;
	for (size_t i = 0; i < nv; i++) {
		size_t slot = (v[i] * LW_MON_NKINDS + f->kind) * NEVENTS + (size_t)ev;
		if (!sc->acc_on[slot]) {
			sc->acc_on[slot] = 1;
			sc->acc_slots[sc->nacc++] = (uint32_t)slot;
		}
		sc->acc[slot] += f->sign;
	}
}

/* Moves the day's accumulator into the scope's counts at day. */
static void count_day(scope_counts *sc, int32_t day)
{
	for (size_t i = 0; i < sc->nacc; i++) {
		uint32_t slot = sc->acc_slots[i];
		sc->c[(size_t)slot * (size_t)sc->width + (size_t)(day - sc->lo)] += sc->acc[slot];
		sc->touched[slot] = 1;
		sc->acc[slot] = 0;
		sc->acc_on[slot] = 0;
	}
	sc->nacc = 0;
}

/* ---- the counted changes ------------------------------------------------------ */

/* Appends v as an unsigned LEB128 varint. */
static size_t put_varint(unsigned char *out, uint32_t v)
{
	if (v < 0x80) { /* most days of most series */
		out[0] = (unsigned char)v;
		return 1;
	}
	size_t n = 0;
	do {
		out[n++] = (unsigned char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return n;
}

/* A slot of a scope whose counts change: its first day, then nbytes of varints. */
typedef struct delta_head {
	uint32_t scope, slot;
	int32_t first;
	uint32_t nbytes;
	uint32_t zigzag; /* 1: some day goes down, each varint is zigzag(change) */
} delta_head;

/* Notes the change of one slot over sc's days, trimmed of unchanged days. */
static int note_slot(mon_agg *a, size_t scope, size_t slot, const int32_t *v, int32_t lo,
                     int32_t width)
{
	int32_t from = 0, to = width;
	while (from < to && v[from] == 0)
		from++;
	while (to > from && v[to - 1] == 0)
		to--;
	if (from == to)
		return LW_OK; /* nothing changes: the stored row stays as it is */
	size_t room = sizeof(delta_head) + 5 * (size_t)(to - from);
	if (a->out_len + room > a->out_cap) {
		size_t cap = a->out_cap ? 2 * a->out_cap : 1 << 20;
		while (cap < a->out_len + room)
			cap *= 2;
		unsigned char *out = lw_realloc(a->out, cap);
		if (!out)
			return LW_ENOMEM;
		a->out = out;
		a->out_cap = cap;
	}
	delta_head h = {(uint32_t)scope, (uint32_t)slot, lo + from, 0, 0};
	for (int32_t i = from; i < to && !h.zigzag; i++)
		h.zigzag = v[i] < 0;
	unsigned char *b = a->out + a->out_len + sizeof h;
	for (int32_t i = from; i < to; i++)
		h.nbytes += (uint32_t)put_varint(
		    b + h.nbytes, h.zigzag ? (uint32_t)v[i] << 1 ^ (uint32_t)(v[i] >> 31) : (uint32_t)v[i]);
	memcpy(a->out + a->out_len, &h, sizeof h);
	a->out_len += sizeof h + h.nbytes;
	return LW_OK;
}

/* Notes a scope's changes, then clears what they touched for the next scope. */
static int note_scope(mon_agg *a, scope_counts *sc, size_t scope)
{
	int rc = LW_OK;
	for (size_t slot = 0; slot < a->nslots; slot++)
		if (sc->touched[slot]) {
			int32_t *v = sc->c + slot * (size_t)sc->width;
			if (rc == LW_OK)
				rc = note_slot(a, scope, slot, v, sc->lo, sc->width);
			memset(v, 0, (size_t)sc->width * sizeof *v);
			sc->touched[slot] = 0;
		}
	return rc;
}

/*
 * The facts that count in a scope, in the order of the day of one of
 * their events: for the national scope those that count nationally (0),
 * each by day; for the covenants those that count for their covenant (0
 * or 1), by covenant and then day. end: the end event (facts that ended).
 * A counting sort: fills order with the facts' indexes and at[key] with
 * where each key (day, or scope * width + day) starts; returns how many.
 */
static size_t sort_events(const mon_agg *a, const scope_counts *sc, int national, int end,
                          uint32_t *order, uint32_t *at, size_t nkeys)
{
	memset(at, 0, (nkeys + 1) * sizeof *at);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < a->n; i++) {
			const fact *f = &a->facts[i];
			if (national ? f->duplicate != 0 : f->duplicate > 1 || f->scope == 0)
				continue;
			if (end && f->status == LW_MON_STATUS_STARTED)
				continue;
			size_t key = (size_t)((end ? f->end : f->start) - sc->lo) +
			             (national ? 0 : (size_t)f->scope * (size_t)sc->width);
			if (pass == 0)
				at[key + 1]++;
			else
				order[at[key]++] = (uint32_t)i;
		}
		if (pass == 0)
			for (size_t k = 0; k < nkeys; k++)
				at[k + 1] += at[k];
	}
	/* at[key] is now where key + 1 starts: move it back to where key starts. */
	memmove(at + 1, at, nkeys * sizeof *at);
	at[0] = 0;
	return at[nkeys];
}

#define AHEAD 16 /* facts prefetched ahead of the one counted */

/* Counts the events of order[from..to), in the order of their days, into sc. */
static void count_events(const mon_agg *a, scope_counts *sc, const uint32_t *order, size_t from,
                         size_t to, int end)
{
	int32_t day = INT32_MIN;
	for (size_t j = from; j < to; j++) {
		/* The facts are read out of their order, nearly each a cache miss
		 * (most of the counting's time): asked for well ahead. */
		if (j + AHEAD < to)
			__builtin_prefetch(&a->facts[order[j + AHEAD]]);
		const fact *f = &a->facts[order[j]];
		int32_t d = end ? f->end : f->start;
		if (d != day && sc->nacc)
			count_day(sc, day);
		day = d;
		count_event(a, sc, f, end);
	}
	if (sc->nacc)
		count_day(sc, day);
}

/*
 * Counts the facts scope by scope into sc (the counts of one scope) and
 * notes each scope's changes. The events are counted day by day (the facts
 * sorted by scope and day) into one small array per day, which goes into
 * the scope's counts when the day is done: in file order nearly every
 * event would touch a cell far from the last (a cache and TLB miss each;
 * that was most of an import's flush).
 */
static int count_all(mon_agg *a, scope_counts *sc)
{
	size_t width = (size_t)sc->width, nkeys = (a->nscopes + 1) * width;
	uint32_t *starts = lw_malloc(a->n * sizeof *starts), *ends = lw_malloc(a->n * sizeof *ends);
	uint32_t *at_start = lw_malloc((nkeys + 1) * sizeof *at_start);
	uint32_t *at_end = lw_malloc((nkeys + 1) * sizeof *at_end);
	int rc = !starts || !ends || !at_start || !at_end ? LW_ENOMEM : LW_OK;
	if (rc == LW_OK) { /* nationally */
		size_t n = sort_events(a, sc, 1, 0, starts, at_start, width);
		count_events(a, sc, starts, 0, n, 0);
		n = sort_events(a, sc, 1, 1, ends, at_end, width);
		count_events(a, sc, ends, 0, n, 1);
		rc = note_scope(a, sc, 0);
	}
	if (rc == LW_OK) { /* each covenant */
		sort_events(a, sc, 0, 0, starts, at_start, nkeys);
		sort_events(a, sc, 0, 1, ends, at_end, nkeys);
	}
	for (size_t scope = 1; rc == LW_OK && scope <= a->nscopes; scope++) {
		size_t k0 = scope * width, k1 = k0 + width;
		if (at_start[k0] == at_start[k1] && at_end[k0] == at_end[k1])
			continue;
		count_events(a, sc, starts, at_start[k0], at_start[k1], 0);
		count_events(a, sc, ends, at_end[k0], at_end[k1], 1);
		rc = note_scope(a, sc, scope);
	}
	lw_free(starts);
	lw_free(ends);
	lw_free(at_start);
	lw_free(at_end);
	return rc;
}

int mon_agg_count(mon_agg *a)
{
	if (a->counted || !a->n)
		return LW_OK;
	if (a->n > UINT32_MAX)
		return LW_ELIMIT;
	scope_counts sc = {INT32_MAX, 0, NULL, NULL, NULL, NULL, NULL, 0};
	int32_t hi = INT32_MIN;
	for (size_t i = 0; i < a->n; i++) {
		sc.lo = a->facts[i].start < sc.lo ? a->facts[i].start : sc.lo;
		hi = a->facts[i].end > hi ? a->facts[i].end : hi;
	}
	sc.width = hi - sc.lo + 1;
	a->out_len = 0;
	sc.c = lw_calloc(a->nslots * (size_t)sc.width, sizeof *sc.c);
	sc.touched = lw_calloc(a->nslots, 1);
	sc.acc = lw_calloc(a->nslots, sizeof *sc.acc);
	sc.acc_on = lw_calloc(a->nslots, 1);
	sc.acc_slots = lw_malloc(a->nslots * sizeof *sc.acc_slots);
	int rc = !sc.c || !sc.touched || !sc.acc || !sc.acc_on || !sc.acc_slots ? LW_ENOMEM
	                                                                     : count_all(a, &sc);
	a->counted = rc == LW_OK;
	lw_free(sc.c);
	lw_free(sc.touched);
	lw_free(sc.acc);
	lw_free(sc.acc_on);
	lw_free(sc.acc_slots);
	return rc;
}

/* ---- the stored rows ------------------------------------------------------------ */

typedef struct flush_stmts {
	sqlite3_stmt *get, *put, *del;
} flush_stmts;

int mon_series_decode(const unsigned char *b, size_t len, int32_t *out, int32_t max)
{
	int32_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t v = 0;
		int shift = 0;
		while (i < len && shift < 35) {
			unsigned char c = b[i++];
			v |= (uint32_t)(c & 0x7F) << shift;
			shift += 7;
			if (!(c & 0x80))
				break;
		}
		if (n == max)
			return -1;
		out[n++] = (int32_t)v;
	}
	return n;
}

/* The number of days a stored row holds (its varints). */
static int32_t stored_days(const unsigned char *b, size_t len)
{
	int32_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += !(b[i] & 0x80);
	return n;
}

/* Writes sum[0..len) from first (trimmed of zero days at both ends), or deletes the row. */
static int store_sum(lw_store *s, flush_stmts *st, int32_t first, const int32_t *sum, int32_t len,
                     lw_err *err)
{
	int32_t lo = 0, hi = len;
	while (lo < hi && sum[lo] == 0)
		lo++;
	while (hi > lo && sum[hi - 1] == 0)
		hi--;
	for (int32_t i = lo; i < hi; i++)
		if (sum[i] < 0)
			return lw_err_set(
			    err, LW_EDB,
			    "interne fout: een telling van de monitor wordt negatief; "
			    "draai 'leerwerk monitor herbereken'");
	sqlite3_stmt *w = lo == hi ? st->del : st->put;
	unsigned char *blob = NULL;
	if (lo < hi) {
		if (!(blob = lw_malloc((size_t)(hi - lo) * 5)))
			return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
		size_t n = 0;
		for (int32_t i = lo; i < hi; i++)
			n += put_varint(blob + n, (uint32_t)sum[i]);
		sqlite3_bind_int64(w, 6, first + lo);
		sqlite3_bind_blob(w, 7, blob, (int)n, SQLITE_STATIC);
	}
	int rc = sqlite3_step(w) == SQLITE_DONE
	             ? LW_OK
	             : lw_store_fail(s, err, "tellingen schrijven mislukt");
	sqlite3_reset(w);
	lw_free(blob);
	return rc;
}

/* Adds a noted change (h, then its varints at b) to its stored row, whose key is bound. */
static int apply_change(lw_store *s, flush_stmts *st, const delta_head *h, const unsigned char *b,
                        lw_err *err)
{
	int32_t ndays = stored_days(b, h->nbytes), first = h->first, last = h->first + ndays;
	const unsigned char *blob = NULL;
	int32_t sfirst = 0, sdays = 0;
	size_t blen = 0;
	int step = sqlite3_step(st->get);
	if (step == SQLITE_ROW) {
		sfirst = (int32_t)sqlite3_column_int64(st->get, 0);
		blob = sqlite3_column_blob(st->get, 1);
		blen = (size_t)sqlite3_column_bytes(st->get, 1);
		sdays = stored_days(blob, blen);
		first = sdays && sfirst < first ? sfirst : first;
		last = sdays && sfirst + sdays > last ? sfirst + sdays : last;
	} else if (step != SQLITE_DONE) {
		sqlite3_reset(st->get);
		return lw_store_fail(s, err, "tellingen lezen mislukt");
	}
	if (step == SQLITE_DONE && !h->zigzag) { /* a new row: the counts as noted */
		sqlite3_reset(st->get);
		sqlite3_bind_int64(st->put, 6, h->first);
		sqlite3_bind_blob(st->put, 7, b, (int)h->nbytes, SQLITE_STATIC);
		int rc = sqlite3_step(st->put) == SQLITE_DONE
		             ? LW_OK
		             : lw_store_fail(s, err, "tellingen schrijven mislukt");
		sqlite3_reset(st->put);
		return rc;
	}
	int32_t *sum = lw_calloc((size_t)(last - first), sizeof *sum);
	int32_t *add = lw_malloc((size_t)(ndays ? ndays : 1) * sizeof *add);
	int rc = LW_OK;
	if (!sum || !add)
		rc = lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	else if ((sdays && mon_series_decode(blob, blen, sum + (sfirst - first), sdays) != sdays) ||
	         mon_series_decode(b, h->nbytes, add, ndays) != ndays)
		rc = lw_err_set(err, LW_EDB,
		                "interne fout: een telling van de monitor is beschadigd");
	sqlite3_reset(st->get);
	for (int32_t i = 0; rc == LW_OK && i < ndays; i++) {
		uint32_t u = (uint32_t)add[i];
		sum[h->first - first + i] += h->zigzag ? (int32_t)(u >> 1) ^ -(int32_t)(u & 1) : (int32_t)u;
	}
	if (rc == LW_OK)
		rc = store_sum(s, st, first, sum, last - first, err);
	lw_free(sum);
	lw_free(add);
	return rc;
}

/* The dim of breakdown value v (of the Antilles part: *ant) and its text into val. */
static int value_text(const mon_agg *a, size_t v, int *ant, char *val, size_t size)
{
	int d = 0;
	*ant = v >= a->nvalues;
	v -= *ant ? a->nvalues : 0;
	while (v >= a->dim_at[d + 1])
		d++;
	size_t i = v - a->dim_at[d];
	const lw_monitor_code *ages = lw_monitor_ages();
	const char *head = "", *tail = NULL;
	switch (d) {
	case DIM_SECTOR:
		head = lw_monitor_sectors()[i].code;
		break;
	case DIM_REGION:
		head = a->regions[i];
		break;
	case DIM_LEVEL:
		head = lw_monitor_levels()[i].code;
		break;
	case DIM_AGE:
		head = ages[i].code;
		break;
	case DIM_GROUP:
		head = lw_monitor_groups()[i].code;
		break;
	case DIM_GROUP_AGE:
		head = lw_monitor_groups()[i / LW_MON_NAGES].code;
		tail = ages[i % LW_MON_NAGES].code;
		break;
	case DIM_LEVEL_AGE:
		head = lw_monitor_levels()[i / LW_MON_NAGES].code;
		tail = ages[i % LW_MON_NAGES].code;
		break;
	default:
		break;
	}
	snprintf(val, size, "%s%s%s", head, tail ? "/" : "", tail ? tail : "");
	return d;
}

/* Binds the key of a scope's slot to the flush's statements. */
static void bind_key(const mon_agg *a, flush_stmts *st, size_t scope, size_t slot)
{
	const char *scope_code = scope ? a->scopes[scope - 1] : "";
	size_t ev = slot % NEVENTS, kind = slot / NEVENTS % LW_MON_NKINDS;
	char val[96];
	int ant, dim = value_text(a, slot / NEVENTS / LW_MON_NKINDS, &ant, val, sizeof val);
	const char *dim_name = (ant ? mon_dim_names_ant : mon_dim_names)[dim];
	sqlite3_stmt *all[] = {st->get, st->put, st->del};
	for (int i = 0; i < 3; i++) {
		sqlite3_bind_text(all[i], 1, scope_code, -1, SQLITE_STATIC);
		sqlite3_bind_text(all[i], 2, dim_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(all[i], 3, val, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(all[i], 4, lw_monitor_kinds()[kind].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(all[i], 5, mon_event_names[ev], -1, SQLITE_STATIC);
	}
}

/* ---- the flush --------------------------------------------------------------------- */

static int prepare_flush(lw_store *s, flush_stmts *st, lw_err *err)
{
	int rc = lw_store_prepare(s, &st->get,
	                          "SELECT first_day, counts FROM monitor_series WHERE scope = ?1 "
	                          "AND dim = ?2 AND value = ?3 AND kind = ?4 AND event = ?5",
	                          err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &st->put,
		                      "INSERT INTO monitor_series(scope, dim, value, kind, event, "
		                      "first_day, counts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		                      "ON CONFLICT(scope, dim, value, kind, event) DO UPDATE SET "
		                      "first_day = excluded.first_day, counts = excluded.counts",
		                      err);
	if (rc == LW_OK)
		rc = lw_store_prepare(s, &st->del,
		                      "DELETE FROM monitor_series WHERE scope = ?1 AND dim = ?2 "
		                      "AND value = ?3 AND kind = ?4 AND event = ?5",
		                      err);
	return rc;
}

int mon_agg_flush(mon_agg *a, lw_store *s, lw_err *err)
{
	int rc = mon_agg_count(a);
	if (rc == LW_ENOMEM)
		return lw_err_set(err, LW_ENOMEM, "onvoldoende geheugen");
	if (rc != LW_OK)
		return lw_err_set(err, LW_ELIMIT, "te veel trajecten in een keer");
	if (!a->counted)
		return LW_OK; /* nothing to add */
	flush_stmts st = {NULL, NULL, NULL};
	rc = prepare_flush(s, &st, err);
	for (size_t at = 0; rc == LW_OK && at < a->out_len;) {
		delta_head h;
		memcpy(&h, a->out + at, sizeof h);
		bind_key(a, &st, h.scope, h.slot);
		rc = apply_change(s, &st, &h, a->out + at + sizeof h, err);
		at += sizeof h + h.nbytes;
	}
	if (rc == LW_OK) { /* stored: the next flush starts from nothing */
		a->n = 0;
		a->out_len = 0;
		a->counted = 0;
	}
	sqlite3_finalize(st.get);
	sqlite3_finalize(st.put);
	sqlite3_finalize(st.del);
	return rc;
}

/*
 * lw_demo_monitor.h - example data for the monitor: 44 covenants with the
 * shares of the programme's targets they adopt, trajectories 2005-2011
 * registered through the monitor's registrar, status updates, double
 * registrations and expenditures per budget line. See docs/internals/demo.md
 * ("The monitor").
 *
 * Example covenants are marked by their code: it starts with "vb-" (the
 * covenant table has no is_example column), and so do the codes of the
 * example expenditures. Trajectories belong to a covenant, so those of an
 * example covenant are example data.
 */
#ifndef LW_DEMO_MONITOR_H
#define LW_DEMO_MONITOR_H

#include <stdio.h>

#include "lw_base.h"
#include "lw_store.h"

/* The code prefix of example covenants and expenditures. */
#define LW_DEMO_MONITOR_PREFIX "vb-"

typedef struct lw_demo_monitor_result {
	long covenants;    /* 44 */
	long shares;       /* rows of adopted shares (covenant, target, year) */
	long trajectories; /* registrations written, doubles included */
	long doubles;      /* of these: a second registration of the same trajectory */
	long updates;      /* status changes written as a later delivery */
	long expenditures; /* expenditure records */
	long persons;      /* distinct persons (BSNs) registered */
} lw_demo_monitor_result;

/*
 * Replaces the monitor's example data (covenants, shares, their
 * trajectories and counts, expenditures) with new data for scale and seed,
 * in one transaction. Scale 1 follows the plan's own volumes (the starting
 * position 2005-2007, the 30,000 a year of 2008-2010); scale N multiplies
 * the trajectories only. Covenants, shares and expenditures do not scale.
 * Participants get valid BSNs (eleven-test) that only the registrar sees:
 * it turns them into pseudonyms with a fixed demo key. Real covenants and
 * their trajectories stay; when there are any, the counts are rebuilt after
 * the commit (lw_monitor_rebuild). Needs the reference data (LW_ENOTFOUND)
 * and 0 < scale <= 100 (LW_EUSAGE).
 */
int lw_demo_monitor_generate(lw_store *s, double scale, uint64_t seed, lw_demo_monitor_result *r,
                             lw_err *err);

/*
 * For benchmarks: the trajectories of scale and seed as a CSV file of
 * `leerwerk import trajecten` (header, then one row per registration with
 * its final status; no status updates), with BSNs in plain text. Stops after
 * max_rows rows (0: no limit). Persons are numbered from first_person, so
 * that a file does not meet the persons of lw_demo_monitor_generate (which
 * numbers from 0). The covenants must be in s already (from
 * lw_demo_monitor_generate); nothing is written to s. *rows: rows written.
 * scale may be up to 1000.
 */
int lw_demo_monitor_csv(lw_store *s, double scale, uint64_t seed, uint64_t first_person,
                        long max_rows, FILE *out, long *rows, lw_err *err);

/* The registrations lw_demo_monitor_csv writes at scale 1 (for choosing a scale). */
int lw_demo_monitor_count(lw_store *s, uint64_t seed, long *rows, lw_err *err);

#endif

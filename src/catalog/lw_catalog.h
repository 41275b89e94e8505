/*
 * lw_catalog.h - the linked registers. For now: what the store holds of the
 * qualification structure (MBO) and the occupations (ESCO).
 */
#ifndef LW_CATALOG_H
#define LW_CATALOG_H

#include "lw_base.h"
#include "lw_store.h"

typedef struct lw_catalog_stats {
	long domains, dossiers, qualifications;
	long qualifications_by_level[5]; /* index 1-4 */
	long occupations, occupation_labels;
	/* The linked registers, and how many of their rows are example data. */
	long providers, offerings, evc, companies, vacancies, schemes, examples;
} lw_catalog_stats;

int lw_catalog_stats_get(lw_store *s, lw_catalog_stats *st, lw_err *err);

#endif

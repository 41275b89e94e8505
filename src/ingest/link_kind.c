/*
 * link_kind.c - curated links between qualifications and ESCO occupations
 * (`leerwerk import kwalificatie-beroep FILE`, docs/formats/registers.md).
 * A qualification with curated links keeps only those: its derived links
 * (docs/internals/links.md) are removed, and come back when its last
 * curated link is pruned.
 */
#include "ingest_int.h"
#include "lw_links.h"

#include <stdio.h>
#include <string.h>

enum { L_CREBO, L_OCCUPATION };
static const lw_col link_cols[] = {
	{"crebo", 0},
	{"beroep", 0},
};

typedef struct link_state {
	sqlite3_stmt *upsert;
	lw_strmap *crebos, *uris;
	lw_buf key;
} link_state;

static int link_begin(lw_importer *im, void *state, lw_err *err)
{
	link_state *st = state;
	int rc = lw_im_load_map(im, "SELECT crebo FROM qualification", &st->crebos, err);
	if (rc == LW_OK)
		rc = lw_im_load_map(im, "SELECT uri FROM occupation", &st->uris, err);
	if (rc == LW_OK)
		rc = lw_store_prepare(lw_im_store(im), &st->upsert,
				      "INSERT INTO qualification_occupation(crebo, occupation_uri, "
				      "source, score) VALUES(?1, ?2, 'import', 1) "
				      "ON CONFLICT(crebo, occupation_uri) DO UPDATE SET source = "
				      "'import', score = 1 WHERE (source, score) IS NOT ('import', 1)",
				      err);
	return rc;
}

static int link_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	link_state *st = state;
	const char *crebo, *uri;
	int rc;
	if (lw_im_code(im, L_CREBO, "", 5, &crebo))
		return LW_EINPUT;
	if (!lw_im_map_get(st->crebos, crebo, NULL))
		return lw_im_reject(im, L_CREBO,
				    "onbekende kwalificatie '%s' (importeer eerst de kwalificaties)",
				    crebo);
	if (lw_im_text(im, L_OCCUPATION, 1, &uri))
		return LW_EINPUT;
	if (!lw_im_map_get(st->uris, uri, NULL))
		return lw_im_reject(im, L_OCCUPATION,
				    "onbekend beroep '%s' (verwacht een ESCO-beroep-URI; importeer "
				    "eerst de beroepen)",
				    lw_im_show(im, uri));
	/* The key is the pair, as keys_sql lists it. */
	lw_buf_reset(&st->key);
	if (lw_buf_printf(&st->key, "%s %s", crebo, uri) != LW_OK)
		return LW_ENOMEM;
	if ((rc = lw_im_claim_key(im, L_OCCUPATION, lw_buf_cstr(&st->key))) != LW_OK)
		return rc;
	if (!lw_im_writing(im))
		return LW_OK;
	sqlite3_bind_text(st->upsert, 1, crebo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->upsert, 2, uri, -1, SQLITE_STATIC);
	return lw_im_step(im, st->upsert, changed, err);
}

/* Derived links follow: dropped where curated ones came, back where they went. */
static int link_finish(lw_importer *im, void *state, lw_err *err)
{
	(void)state;
	lw_links_stats ls;
	int rc = lw_links_derive(lw_im_store(im), &ls, err);
	if (rc != LW_OK)
		return rc;
	char note[200];
	snprintf(note, sizeof note,
		 "%ld van de %ld kwalificaties hebben nu een beroep: %ld met eigen koppelingen, "
		 "%ld afgeleid uit de namen",
		 ls.linked, ls.qualifications, ls.curated, ls.derived);
	lw_im_note(im, note);
	return LW_OK;
}

static void link_end(void *state)
{
	link_state *st = state;
	sqlite3_finalize(st->upsert);
	lw_strmap_free(st->crebos);
	lw_strmap_free(st->uris);
	lw_buf_free(&st->key);
}

const lw_ingest_kind lw_kind_qualification_links = {
	.name = "kwalificatie-beroep",
	.help = "vastgestelde koppelingen kwalificatie - ESCO-beroep (eigen formaat)",
	.cols = link_cols,
	.ncols = sizeof link_cols / sizeof link_cols[0],
	.table = "qualification_occupation",
	.key = "crebo",
	/* Only the curated rows are this kind's; the key is "crebo uri". */
	.count_sql = "SELECT count(*) FROM qualification_occupation WHERE source = 'import'",
	.keys_sql = "SELECT crebo || ' ' || occupation_uri FROM qualification_occupation "
		    "WHERE source = 'import'",
	.delete_sql = "DELETE FROM qualification_occupation WHERE source = 'import' AND "
		      "crebo = substr(?1, 1, 5) AND occupation_uri = substr(?1, 7)",
	.key_col = L_CREBO,
	.state_size = sizeof(link_state),
	.begin = link_begin,
	.row = link_row,
	.finish = link_finish,
	.end = link_end,
};

/* register_education.c - placeholder: replaced by the importers of docs/formats/registers.md. */
#include "ingest_int.h"

static const lw_col stub_cols[] = {{"code", 0}};

static int stub_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	(void)state;
	(void)changed;
	(void)err;
	return lw_im_reject(im, LW_NO_COL, "deze soort is nog niet beschikbaar");
}

const lw_ingest_kind lw_kind_providers = {
	.name = "providers",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM provider",
	.keys_sql = "SELECT code FROM provider",
	.delete_sql = "DELETE FROM provider WHERE code = ?1",
	.row = stub_row,
};

const lw_ingest_kind lw_kind_offerings = {
	.name = "offerings",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM offering",
	.keys_sql = "SELECT code FROM offering",
	.delete_sql = "DELETE FROM offering WHERE code = ?1",
	.row = stub_row,
};

const lw_ingest_kind lw_kind_evc = {
	.name = "evc",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM evc_procedure",
	.keys_sql = "SELECT code FROM evc_procedure",
	.delete_sql = "DELETE FROM evc_procedure WHERE code = ?1",
	.row = stub_row,
};

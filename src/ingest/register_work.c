/* register_work.c - placeholder: replaced by the importers of docs/formats/registers.md. */
#include "ingest_int.h"

static const lw_col stub_cols[] = {{"code", 0}};

static int stub_row(lw_importer *im, void *state, int *changed, lw_err *err)
{
	(void)state;
	(void)changed;
	(void)err;
	return lw_im_reject(im, LW_NO_COL, "deze soort is nog niet beschikbaar");
}

const lw_ingest_kind lw_kind_companies = {
	.name = "companies",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM training_company",
	.keys_sql = "SELECT kvk FROM training_company",
	.delete_sql = "DELETE FROM training_company WHERE kvk = ?1",
	.row = stub_row,
};

const lw_ingest_kind lw_kind_vacancies = {
	.name = "vacancies",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM vacancy",
	.keys_sql = "SELECT code FROM vacancy",
	.delete_sql = "DELETE FROM vacancy WHERE code = ?1",
	.row = stub_row,
};

const lw_ingest_kind lw_kind_schemes = {
	.name = "schemes",
	.help = "(nog niet beschikbaar)",
	.cols = stub_cols,
	.ncols = 1,
	.count_sql = "SELECT count(*) FROM scheme",
	.keys_sql = "SELECT code FROM scheme",
	.delete_sql = "DELETE FROM scheme WHERE code = ?1",
	.row = stub_row,
};

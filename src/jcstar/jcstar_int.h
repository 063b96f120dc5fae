/* Helpers shared by the JC-STAR source files (not part of the jcstar.h interface). */
#ifndef HOSHI_JCSTAR_INT_H
#define HOSHI_JCSTAR_INT_H

#include "jcstar/jcstar.h"

/* An audit summary {"<wrap>":{k1:v1,…}} from NULL-terminated key/value pairs, JSON-escaped
 * (vendor text can hold quotes). Truncated texts stay valid JSON. */
void jcs_summary(char *out, size_t n, const char *wrap, const char *const *kv);
/* Begins a write transaction and re-reads the product; ECONFLICT (rolled back) when its state
 * is not `need`, naming the current state and what `doing` needs. */
hoshi_err jcs_tx_begin(sqlite3 *db, const char *id, const char *need, const char *doing, jcs_product *cur,
                       hoshi_error *e);
/* Today's date in UTC as YYYY-MM-DD. */
void jcs_today(char out[11]);

/* Product columns in the order jcs_row_to_product reads them (prefix with a table alias). */
#define JCS_P_COLUMNS(t)                                                                                     \
  t "id, " t "org_id, " t "vendor, " t "name, " t "product_type, " t "firmware_version, " t "support_end, "   \
  t "update_method, " t "vuln_contact, " t "disclosure_url, " t "sbom_url, " t "catalog_id, " t "level, "      \
  t "status, coalesce(" t "psti_evidence_id,''), coalesce(" t "label_id,''), " t "created_by, " t "created_at, " \
  t "updated_at, " t "vendor_en, " t "name_en, " t "update_method_en"
#define JCS_P_NCOLS 22
void jcs_row_to_product(sqlite3_stmt *st, int base, jcs_product *p);
/* Inserts model numbers after the existing ones, inside the caller's transaction. */
hoshi_err jcs_insert_models(sqlite3 *db, const char *product_id, const char *const *models, size_t n, hoshi_error *e);

#endif

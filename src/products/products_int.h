/* Helpers shared by the product source files (not part of the products.h interface).
 * The first three run inside the caller's write transaction. */
#ifndef HOSHI_PRODUCTS_INT_H
#define HOSHI_PRODUCTS_INT_H

#include "products/products.h"

/* The id of product_id's version, created when missing. */
hoshi_err products_version_ensure(sqlite3 *db, const char *product_id, const char *version, char id_out[UTIL_ID_LEN],
                                  hoshi_error *e);
/* In-app notification and vuln.kev webhook to the owner and every buyer sharing the product. */
hoshi_err products_kev_alert(sqlite3 *db, const char *finding_id, const char *version_id, const char *cve,
                             const char *due, hoshi_error *e);
/* Writes a VEX export document as pretty JSON into *out (malloc'd); ENOMEM when it cannot. */
struct yyjson_mut_doc;
hoshi_err products_write_doc(struct yyjson_mut_doc *d, char **out, size_t *len, hoshi_error *e);
/* The same to one buyer only (NULL: as products_kev_alert), for a share given after the
 * finding became a KEV finding. */
hoshi_err products_kev_alert_to(sqlite3 *db, const char *finding_id, const char *version_id, const char *cve,
                                const char *due, const char *only_buyer, hoshi_error *e);

/* The columns of one finding row as products_finding_obj reads them (f: product_findings,
 * v: product_versions, x: product_vex LEFT JOINed), first in the SELECT. */
#define PRODUCTS_FINDING_COLS                                                                                          \
  "f.id, v.version, f.ckey, f.ecosystem, f.package, f.advisory_id, f.summary, f.max_score, f.kev_cve, f.kev_due_date," \
  " f.state, f.first_seen, f.last_seen, coalesce(f.resolved_at, ''), coalesce(x.status, ''),"                          \
  " coalesce(x.justification, ''), coalesce(x.action, ''), coalesce(x.detail, ''), coalesce(x.updated_at, '')"
#define PRODUCTS_FINDING_NCOLS 19
/* One finding row into a new JSON object; the component purl only when show_component. */
struct yyjson_mut_val *products_finding_obj(struct yyjson_mut_doc *d, sqlite3_stmt *st, int show_component);

#endif

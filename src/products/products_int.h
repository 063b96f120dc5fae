/* Helpers shared by the product source files (not part of the products.h interface).
 * Both run inside the caller's write transaction. */
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

#endif

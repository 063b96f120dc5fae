/* Helpers shared by the catalog converters (oscal.c, cisoa.c): id tokens, bilingual text
 * objects, duplicate checks and writing the result. Internal to src/catalog. */
#ifndef HOSHI_CATALOG_CONVERT_INT_H
#define HOSHI_CATALOG_CONVERT_INT_H

#include <stddef.h>
#include <yyjson.h>

#include "hoshi/err.h"

/* Copies in to out as a catalog id token: lower case, [a-z0-9._-], other bytes as '-', runs of
 * '-' collapsed, trimmed, at most cap-1 bytes; "catalog" when nothing is left. */
void cv_token(const char *in, char *out, size_t cap);
/* {"ja": ja, "en": en} with copies of both strings (NULL counts as ""). */
yyjson_mut_val *cv_text(yyjson_mut_doc *d, const char *ja, const char *en);
/* Element of arr (array of objects) whose "id" equals id, or NULL. */
yyjson_mut_val *cv_find_id(yyjson_mut_val *arr, const char *id);
/* Writes d as two-space pretty JSON with a final newline into *out (free with free()). */
hoshi_err cv_write(yyjson_mut_doc *d, char **out, size_t *out_len, hoshi_error *e);

#endif

/* Catalog converters: hoshi-catalog/1 JSON to and from OSCAL catalog JSON, and CISO Assistant
 * library YAML to hoshi-catalog/1. Pure functions on bytes; they never touch the database.
 *
 * Every function takes the input bytes (need not be NUL-terminated) and, on HOSHI_OK, sets *out
 * to a NUL-terminated malloc'd string and *out_len to its length; the caller frees *out with
 * free(). On failure *out is NULL and e (when non-NULL) names the place and the reason: for
 * JSON input e->field is a JSON path such as "$.catalog.groups[2].controls[0]"; for YAML input
 * it is the YAML path ("objects.framework.requirement_nodes[4].parent_urn") and the message
 * starts with libyaml's "line L, column C". The output is not checked against every loader rule:
 * ids are unique, each criterion names an existing requirement and each requirement an existing
 * category, Japanese texts are not empty; level and threat references, text lengths and id
 * characters are left to the loader. The mappings are documented in docs/catalogs.md. */
#ifndef HOSHI_CATALOG_CONVERT_H
#define HOSHI_CATALOG_CONVERT_H

#include <stddef.h>

#include "hoshi/err.h"

/* Largest input accepted, the same as the catalog file limit; one byte more gives HOSHI_ELIMIT. */
#define CATALOG_CONVERT_INPUT_MAX (8u * 1024u * 1024u)
/* OSCAL spells out far more (ids, props, both languages twice): a catalog at the requirement
 * limit is about 11 MiB as OSCAL, so catalog_from_oscal accepts up to this. */
#define CATALOG_CONVERT_OSCAL_MAX (32u * 1024u * 1024u)
/* Output limits of docs/catalogs.md; a converted catalog with more gives HOSHI_ELIMIT. */
#define CATALOG_CONVERT_REQ_MAX 5000u
#define CATALOG_CONVERT_CRIT_MAX 20000u
/* Deepest nesting of OSCAL groups/controls/parts or CISO Assistant nodes that is followed. */
#define CATALOG_CONVERT_DEPTH_MAX 32

/* Namespace of the OSCAL props and parts that carry hoshi fields OSCAL has no place for. */
#define CATALOG_OSCAL_NS "urn:hoshi:catalog:1"

/* hoshi-catalog/1 JSON -> OSCAL 1.1 catalog JSON. */
hoshi_err catalog_to_oscal(const char *json, size_t len, char **out, size_t *out_len,
                           hoshi_error *e);
/* OSCAL catalog JSON -> hoshi-catalog/1 JSON. Exact inverse of catalog_to_oscal for its own
 * output; other OSCAL catalogs (e.g. NIST SP 800-53) are mapped as docs/catalogs.md says. */
hoshi_err catalog_from_oscal(const char *json, size_t len, char **out, size_t *out_len,
                             hoshi_error *e);
/* CISO Assistant library YAML (objects.framework.requirement_nodes) -> hoshi-catalog/1 JSON. */
hoshi_err catalog_from_cisoa_yaml(const char *yaml, size_t len, char **out, size_t *out_len,
                                  hoshi_error *e);

#endif

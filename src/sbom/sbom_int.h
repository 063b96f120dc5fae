/* Internal interface shared by the SBOM readers: a builder that owns the document's memory,
 * maps refs to component indexes, and renders JSON paths for error messages. */
#ifndef HOSHI_SBOM_INT_H
#define HOSHI_SBOM_INT_H

#include <stddef.h>
#include <stdint.h>
#include <yyjson.h>

#include "hoshi/sbom.h"

/* Everything a document points to: the parsed JSON (strings point into it), a bump arena for
 * what the readers make, and the growable arrays. Freed as one by hoshi_sbom_free. */
typedef struct sbom_block {
  struct sbom_block *next;
  size_t used, cap;
  /* data follows */
} sbom_block;

struct hoshi_sbom_mem {
  yyjson_doc *doc;
  sbom_block *blocks;
  size_t cap_components, cap_edges, cap_vulns;
};

/* A JSON path kept as a stack of keys and indexes, rendered only when something fails. */
#define SBOM_PATH_MAX (2 * HOSHI_SBOM_MAX_DEPTH + 16)
typedef struct sbom_path {
  struct {
    const char *key; /* NULL for an array index */
    size_t index;
  } seg[SBOM_PATH_MAX];
  int n;
} sbom_path;

/* Open addressing over 8-byte slots (32 bits of hash, 32 bits of entry number) so that the
 * table of a 100,000-component document stays small enough for the cache; keys and values sit
 * in arrays by entry number and are touched only on a hash match. */
typedef struct sbom_ref_map {
  uint64_t *slot; /* 0 = empty; else hash tag << 32 | (entry + 1) */
  const char **key;
  size_t *value;
  size_t cap;     /* slots, power of two */
  size_t count;   /* entries */
  size_t entries_cap;
} sbom_ref_map;

typedef struct sbom_builder {
  hoshi_sbom *doc;
  sbom_path path;
  sbom_ref_map refs;
  hoshi_error *e;
} sbom_builder;

/* Path stack: push a key or an index, pop it again. */
void sbom_path_key(sbom_builder *b, const char *key);
void sbom_path_index(sbom_builder *b, size_t i);
void sbom_path_pop(sbom_builder *b);
/* Fails with the current path (plus an optional last key) as the field. */
hoshi_err sbom_fail(sbom_builder *b, hoshi_err code, const char *last_key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void *sbom_alloc(sbom_builder *b, size_t n);
const char *sbom_strdup(sbom_builder *b, const char *s, size_t n);

/* Makes room for n more components at once, when a reader knows how many are coming (one
 * allocation instead of a chain of copies). Never fails: growing later still works. */
void sbom_reserve_components(sbom_builder *b, size_t n);
/* Adds a zeroed component (parent = NONE) and sets *index; fails past the count limit. */
hoshi_err sbom_add_component(sbom_builder *b, size_t *index);
hoshi_err sbom_add_edge(sbom_builder *b, size_t from, size_t to, hoshi_sbom_edge_kind kind);
hoshi_sbom_vuln *sbom_add_vuln(sbom_builder *b);

/* A string -> index map; the first entry for a key wins. Keys must outlive the map. */
hoshi_err sbom_map_put(sbom_builder *b, sbom_ref_map *m, const char *key, size_t index);
size_t sbom_map_get(const sbom_ref_map *m, const char *key);
void sbom_map_free(sbom_ref_map *m);
/* Sizes the table for n entries up front (best effort). */
void sbom_map_reserve(sbom_ref_map *m, size_t n);
/* The builder's map of component refs. */
hoshi_err sbom_ref_put(sbom_builder *b, const char *ref, size_t index);
size_t sbom_ref_get(const sbom_builder *b, const char *ref);

/* Sets c->purl to the canonical form of purl, or fails at the current path + "purl". */
hoshi_err sbom_set_purl(sbom_builder *b, hoshi_sbom_component *c, const char *purl, const char *key);

/* String value of key in obj: NULL when absent or null; fails (and sets *rc) when present
 * with another type. */
const char *sbom_get_str(sbom_builder *b, yyjson_val *obj, const char *key, hoshi_err *rc);

/* The JSON name of v's type: "object", "array", "string", "number", "boolean", "null". */
const char *sbom_json_type(yyjson_val *v);

/* Readers, one per format; root is the document object. */
hoshi_err sbom_read_cyclonedx(sbom_builder *b, yyjson_val *root);
hoshi_err sbom_read_spdx2(sbom_builder *b, yyjson_val *root);
hoshi_err sbom_read_spdx3(sbom_builder *b, yyjson_val *root);

#endif

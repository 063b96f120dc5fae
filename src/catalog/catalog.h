/* Catalogs of requirements and criteria (format hoshi-catalog/1, docs/catalogs.md): the
 * loader that validates a document and stores it, and the queries assessments use. */
#ifndef HOSHI_CATALOG_H
#define HOSHI_CATALOG_H

#include <sqlite3.h>
#include <stddef.h>

#include "audit/audit.h"
#include "hoshi/err.h"

#define CATALOG_FORMAT "hoshi-catalog/1"
#define CATALOG_FILE_MAX (8 * 1024 * 1024)
#define CATALOG_REQ_MAX 5000
#define CATALOG_CRIT_MAX 20000
#define CATALOG_TEXT_MAX 8192
#define CATALOG_ID_MAX 64
#define CATALOG_REF_MAX 48 /* requirement, criterion, category, level, threat ids */

/* Checks a document against every rule of docs/catalogs.md. On failure e->field holds the
 * JSON path and e->message starts with `source` (a file name, or "body"). */
hoshi_err catalog_validate(const char *json, size_t len, const char *source, hoshi_error *e);

/* Validates and stores a catalog (audited). id_out receives its id. EEXISTS when that id or
 * scheme+version is already there. */
hoshi_err catalog_import(sqlite3 *db, const audit_actor *who, const char *json, size_t len, const char *source,
                         char id_out[CATALOG_ID_MAX + 1], hoshi_error *e);

/* Imports every *.json in dir whose id is not yet stored; *imported counts the new ones. */
hoshi_err catalog_import_dir(sqlite3 *db, const audit_actor *who, const char *dir, int *imported, hoshi_error *e);

typedef struct catalog_info {
  char id[CATALOG_ID_MAX + 1];
  char scheme[CATALOG_ID_MAX + 1];
  char version[CATALOG_ID_MAX + 1];
  char title_ja[512];
  char title_en[512];
  int official;
  char imported_at[32];
  int requirements;
  int criteria;
} catalog_info;

/* All catalogs; *out malloc'd, caller frees. */
hoshi_err catalog_list(sqlite3 *db, catalog_info **out, size_t *n, hoshi_error *e);
hoshi_err catalog_get_info(sqlite3 *db, const char *id, catalog_info *out, hoshi_error *e);
/* The stored document; *json malloc'd, caller frees. */
hoshi_err catalog_get_document(sqlite3 *db, const char *id, char **json, size_t *len, hoshi_error *e);
/* ENOTFOUND (field "level") when the catalog has no such level. *validity_months is 0 when
 * the catalog does not say. */
hoshi_err catalog_level(sqlite3 *db, const char *catalog_id, const char *level, int *validity_months, hoshi_error *e);

typedef struct catalog_criterion {
  char id[CATALOG_REF_MAX + 1];
  char requirement[CATALOG_REF_MAX + 1];
  char category[CATALOG_REF_MAX + 1];
} catalog_criterion;

/* The criteria that apply at a level, in catalog order; *out malloc'd, caller frees. */
hoshi_err catalog_criteria_for_level(sqlite3 *db, const char *catalog_id, const char *level, catalog_criterion **out,
                                     size_t *n, hoshi_error *e);

#endif

/* Organizations: companies identified by their 法人番号 (corporate number), with names in
 * Japanese and English, a sector, an SME flag and an address. Every change is audited. */
#ifndef HOSHI_ORG_H
#define HOSHI_ORG_H

#include <sqlite3.h>
#include <stddef.h>

#include "audit/audit.h"
#include "core/util.h"
#include "hoshi/err.h"

/* Limits in bytes of UTF-8 (a Japanese character takes 3). */
#define ORG_NAME_MAX 600
#define ORG_ADDRESS_MAX 1200
#define ORG_SECTOR_MAX 24
#define ORG_LIST_MAX 10000

/* Checks a 法人番号: 13 ASCII digits whose first digit is the check digit computed by the
 * National Tax Agency rule. On failure fills e (field "corporate_number") and returns EINVAL. */
hoshi_err org_corpnum_validate(const char *s, hoshi_error *e);
/* The check digit for a 12-digit base number, or -1 when base is not 12 digits. */
int org_corpnum_check_digit(const char *base12);

/* Sectors we recognise; NULL-terminated. */
extern const char *const org_sectors[];
int org_sector_valid(const char *s);

/* A stored organization; plain value, nothing to free. */
typedef struct org {
  char id[UTIL_ID_LEN];
  char corporate_number[14];
  char name_ja[ORG_NAME_MAX + 1];
  char name_en[ORG_NAME_MAX + 1];
  char sector[ORG_SECTOR_MAX + 1];
  int is_sme;
  char address[ORG_ADDRESS_MAX + 1];
  char created_at[UTIL_TIME_LEN];
  char updated_at[UTIL_TIME_LEN];
} org;

/* Input for create and update. Strings are borrowed; NULL means "not given" (on update: keep). */
typedef struct org_fields {
  const char *corporate_number;
  const char *name_ja;
  const char *name_en;
  const char *sector;
  int is_sme; /* -1: not given */
  const char *address;
} org_fields;
#define ORG_FIELDS_INIT {NULL, NULL, NULL, NULL, -1, NULL}

hoshi_err org_create(sqlite3 *db, const audit_actor *who, const org_fields *in, org *out, hoshi_error *e);
hoshi_err org_update(sqlite3 *db, const audit_actor *who, const char *id, const org_fields *in,
                     org *out, hoshi_error *e);
hoshi_err org_get(sqlite3 *db, const char *id, org *out, hoshi_error *e);
hoshi_err org_get_by_corpnum(sqlite3 *db, const char *corpnum, org *out, hoshi_error *e);

/* Lists organizations (all, or only `only_id` when non-NULL), ordered by creation.
 * *out is malloc'd (free with free()); *n its count. q, when non-empty, filters by a
 * substring of either name or a prefix of the corporate number. */
hoshi_err org_list(sqlite3 *db, const char *only_id, const char *q, org **out, size_t *n, hoshi_error *e);

#endif

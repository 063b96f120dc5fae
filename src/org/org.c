/* Organizations and the 法人番号 check digit (see org.h). Validation happens before any SQL;
 * create/update and their audit records share one transaction. */
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/text.h"
#include "store/store.h"

const char *const org_sectors[] = {"automotive", "semiconductor", "distribution", "finance",
                                   "electricity", "gas", "telecom", "water", "transport",
                                   "healthcare", "other", NULL};

int org_sector_valid(const char *s) {
  for (int i = 0; org_sectors[i]; i++)
    if (strcmp(s, org_sectors[i]) == 0) return 1;
  return 0;
}

/* National Tax Agency rule: for the 12-digit base, P_n is the n-th digit counted from the
 * right, Q_n is 1 for odd n and 2 for even n; check = 9 - (sum(P_n * Q_n) mod 9). */
int org_corpnum_check_digit(const char *base12) {
  if (base12 == NULL || strlen(base12) != 12) return -1;
  int sum = 0;
  for (int n = 1; n <= 12; n++) {
    char c = base12[12 - n];
    if (c < '0' || c > '9') return -1;
    sum += (c - '0') * ((n % 2) ? 1 : 2);
  }
  return 9 - (sum % 9);
}

hoshi_err org_corpnum_validate(const char *s, hoshi_error *e) {
  if (s == NULL || *s == '\0')
    return hoshi_fail(e, HOSHI_EINVAL, "corporate_number", "corporate_number (法人番号) is required: 13 digits");
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return hoshi_fail(e, HOSHI_EINVAL, "corporate_number",
                        "corporate_number (法人番号) must be 13 digits 0-9; found '%c' at position %zu",
                        s[i], i + 1);
  }
  if (n != 13)
    return hoshi_fail(e, HOSHI_EINVAL, "corporate_number",
                      "corporate_number (法人番号) must be 13 digits; got %zu", n);
  int want = org_corpnum_check_digit(s + 1);
  if (want != s[0] - '0')
    return hoshi_fail(e, HOSHI_EINVAL, "corporate_number",
                      "corporate_number (法人番号) %s has a wrong check digit: the first digit should be %d for base %s",
                      s, want, s + 1);
  return HOSHI_OK;
}

static hoshi_err check_text(const char *field, const char *v, size_t max, int required, hoshi_error *e) {
  return text_check(field, v, max, required, 0, e);
}

static hoshi_err org_validate(const org_fields *in, int creating, hoshi_error *e) {
  hoshi_err rc;
  if (creating || in->corporate_number) {
    if ((rc = org_corpnum_validate(in->corporate_number, e))) return rc;
  }
  if ((rc = check_text("name_ja", in->name_ja, ORG_NAME_MAX, creating, e))) return rc;
  if (!creating && in->name_ja && !*in->name_ja)
    return hoshi_fail(e, HOSHI_EINVAL, "name_ja", "name_ja must not be empty");
  if ((rc = check_text("name_en", in->name_en, ORG_NAME_MAX, 0, e))) return rc;
  if ((rc = check_text("address", in->address, ORG_ADDRESS_MAX, 0, e))) return rc;
  if (creating && in->sector == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "sector",
                      "sector is required: one of automotive, semiconductor, distribution, finance, "
                      "electricity, gas, telecom, water, transport, healthcare, other");
  if (in->sector && !org_sector_valid(in->sector))
    return hoshi_fail(e, HOSHI_EINVAL, "sector",
                      "sector '%.40s' is not known; expected one of automotive, semiconductor, "
                      "distribution, finance, electricity, gas, telecom, water, transport, healthcare, other",
                      in->sector);
  return HOSHI_OK;
}

static void row_to_org(sqlite3_stmt *st, org *o) {
  snprintf(o->id, sizeof o->id, "%s", store_col_text(st, 0));
  snprintf(o->corporate_number, sizeof o->corporate_number, "%s", store_col_text(st, 1));
  snprintf(o->name_ja, sizeof o->name_ja, "%s", store_col_text(st, 2));
  snprintf(o->name_en, sizeof o->name_en, "%s", store_col_text(st, 3));
  snprintf(o->sector, sizeof o->sector, "%s", store_col_text(st, 4));
  o->is_sme = sqlite3_column_int(st, 5);
  snprintf(o->address, sizeof o->address, "%s", store_col_text(st, 6));
  snprintf(o->created_at, sizeof o->created_at, "%s", store_col_text(st, 7));
  snprintf(o->updated_at, sizeof o->updated_at, "%s", store_col_text(st, 8));
}

#define ORG_COLUMNS "id, corporate_number, name_ja, name_en, sector, is_sme, address, created_at, updated_at"

static hoshi_err org_get_where(sqlite3 *db, const char *sql, const char *key, org *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "reading organization");
  store_bind_text(st, 1, key);
  hoshi_err rc = HOSHI_OK;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) row_to_org(st, out);
  else if (step == SQLITE_DONE) rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no organization %.64s", key);
  else rc = store_fail(db, e, "reading organization");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err org_get(sqlite3 *db, const char *id, org *out, hoshi_error *e) {
  return org_get_where(db, "SELECT " ORG_COLUMNS " FROM organizations WHERE id = ?", id, out, e);
}

hoshi_err org_get_by_corpnum(sqlite3 *db, const char *corpnum, org *out, hoshi_error *e) {
  return org_get_where(db, "SELECT " ORG_COLUMNS " FROM organizations WHERE corporate_number = ?",
                       corpnum, out, e);
}

/* A short JSON summary of an organization for the audit record. */
static char *org_summary(const org *before, const org *after) {
  yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(doc);
  yyjson_mut_doc_set_root(doc, root);
  const org *pair[2] = {before, after};
  const char *keys[2] = {"before", "after"};
  for (int i = 0; i < 2; i++) {
    if (pair[i] == NULL) continue;
    yyjson_mut_val *o = yyjson_mut_obj_add_obj(doc, root, keys[i]);
    yyjson_mut_obj_add_strcpy(doc, o, "corporate_number", pair[i]->corporate_number);
    yyjson_mut_obj_add_strcpy(doc, o, "name_ja", pair[i]->name_ja);
    yyjson_mut_obj_add_strcpy(doc, o, "name_en", pair[i]->name_en);
    yyjson_mut_obj_add_strcpy(doc, o, "sector", pair[i]->sector);
    yyjson_mut_obj_add_bool(doc, o, "is_sme", pair[i]->is_sme != 0);
    yyjson_mut_obj_add_strcpy(doc, o, "address", pair[i]->address);
  }
  char *s = yyjson_mut_write(doc, 0, NULL);
  yyjson_mut_doc_free(doc);
  return s;
}

hoshi_err org_create(sqlite3 *db, const audit_actor *who, const org_fields *in, org *out, hoshi_error *e) {
  hoshi_err rc = org_validate(in, 1, e);
  if (rc) return rc;
  org o;
  memset(&o, 0, sizeof o);
  util_new_id("org", o.id);
  snprintf(o.corporate_number, sizeof o.corporate_number, "%s", in->corporate_number);
  snprintf(o.name_ja, sizeof o.name_ja, "%s", in->name_ja);
  snprintf(o.name_en, sizeof o.name_en, "%s", in->name_en ? in->name_en : "");
  snprintf(o.sector, sizeof o.sector, "%s", in->sector);
  o.is_sme = in->is_sme > 0;
  snprintf(o.address, sizeof o.address, "%s", in->address ? in->address : "");
  util_now_iso(o.created_at);
  memcpy(o.updated_at, o.created_at, sizeof o.updated_at);

  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO organizations(" ORG_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?)", -1,
                         &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating organization");
    goto done;
  }
  store_bind_text(st, 1, o.id);
  store_bind_text(st, 2, o.corporate_number);
  store_bind_text(st, 3, o.name_ja);
  store_bind_text(st, 4, o.name_en);
  store_bind_text(st, 5, o.sector);
  sqlite3_bind_int(st, 6, o.is_sme);
  store_bind_text(st, 7, o.address);
  store_bind_text(st, 8, o.created_at);
  store_bind_text(st, 9, o.updated_at);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating organization");
    if (rc == HOSHI_EEXISTS)
      rc = hoshi_fail(e, HOSHI_EEXISTS, "corporate_number",
                      "an organization with corporate_number %s already exists", o.corporate_number);
    goto done;
  }
  char *summary = org_summary(NULL, &o);
  rc = audit_append(db, who, o.id, "org.create", "organization", o.id, summary, e);
  free(summary);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = o;
  return rc;
}

static void fill_org(sqlite3_stmt *st, void *slot) { row_to_org(st, slot); }

hoshi_err org_update(sqlite3 *db, const audit_actor *who, const char *id, const org_fields *in,
                     org *out, hoshi_error *e) {
  hoshi_err rc = org_validate(in, 0, e);
  if (rc) return rc;
  if ((rc = store_begin(db, e))) return rc;
  org before, after;
  sqlite3_stmt *st = NULL;
  if ((rc = org_get(db, id, &before, e))) goto done;
  after = before;
  if (in->corporate_number) snprintf(after.corporate_number, sizeof after.corporate_number, "%s", in->corporate_number);
  if (in->name_ja) snprintf(after.name_ja, sizeof after.name_ja, "%s", in->name_ja);
  if (in->name_en) snprintf(after.name_en, sizeof after.name_en, "%s", in->name_en);
  if (in->sector) snprintf(after.sector, sizeof after.sector, "%s", in->sector);
  if (in->is_sme >= 0) after.is_sme = in->is_sme > 0;
  if (in->address) snprintf(after.address, sizeof after.address, "%s", in->address);
  util_now_iso(after.updated_at);
  if (sqlite3_prepare_v2(db,
                         "UPDATE organizations SET corporate_number=?, name_ja=?, name_en=?, sector=?,"
                         " is_sme=?, address=?, updated_at=? WHERE id=?",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "updating organization");
    goto done;
  }
  store_bind_text(st, 1, after.corporate_number);
  store_bind_text(st, 2, after.name_ja);
  store_bind_text(st, 3, after.name_en);
  store_bind_text(st, 4, after.sector);
  sqlite3_bind_int(st, 5, after.is_sme);
  store_bind_text(st, 6, after.address);
  store_bind_text(st, 7, after.updated_at);
  store_bind_text(st, 8, id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "updating organization");
    if (rc == HOSHI_EEXISTS)
      rc = hoshi_fail(e, HOSHI_EEXISTS, "corporate_number",
                      "an organization with corporate_number %s already exists", after.corporate_number);
    goto done;
  }
  char *summary = org_summary(&before, &after);
  rc = audit_append(db, who, id, "org.update", "organization", id, summary, e);
  free(summary);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = after;
  return rc;
}

hoshi_err org_list(sqlite3 *db, const char *only_id, const char *q, org **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " ORG_COLUMNS " FROM organizations"
                         " WHERE (? IS NULL OR id = ?)"
                         "   AND (? IS NULL OR instr(name_ja, ?) > 0 OR instr(lower(name_en), lower(?)) > 0"
                         "        OR substr(corporate_number, 1, length(?)) = ?)"
                         " ORDER BY created_at, id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing organizations");
  store_bind_text(st, 1, only_id);
  store_bind_text(st, 2, only_id);
  const char *qq = (q && *q) ? q : NULL;
  for (int i = 3; i <= 7; i++) store_bind_text(st, i, qq);
  sqlite3_bind_int(st, 8, ORG_LIST_MAX);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(org), fill_org, &arr, n, "listing organizations", e);
  *out = arr;
  return rc;
}

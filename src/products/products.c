/* Products and versions, who may see them (one decision function), supplier VEX, shares
 * with buyers, and the read side: listings, findings, components and buyer impact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/text.h"
#include "org/org.h"
#include "products/products.h"
#include "products/products_int.h"
#include "scs/scs_int.h"
#include "store/store.h"

const char *const products_types[] = {"software", "iot", "service", "firmware", NULL};
const char *const products_vex_statuses[] = {"not_affected", "affected", "fixed", "under_investigation", NULL};
/* CISA / OpenVEX justifications for not_affected. */
const char *const products_vex_justifications[] = {"component_not_present",
                                                   "vulnerable_code_not_present",
                                                   "vulnerable_code_not_in_execute_path",
                                                   "vulnerable_code_cannot_be_controlled_by_adversary",
                                                   "inline_mitigations_already_exist",
                                                   NULL};
static const char *const share_scopes[] = {"sbom", "status", NULL};

static hoshi_err prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, hoshi_error *e) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) return store_fail(db, e, "preparing products");
  return HOSHI_OK;
}

products_access products_access_org(sqlite3 *db, const char *org_id, const char *product_id) {
  if (org_id == NULL || !*org_id || product_id == NULL) return PRODUCTS_NONE;
  products_access a = PRODUCTS_NONE;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT p.org_id = ?2, (SELECT max(CASE s.scope WHEN 'sbom' THEN 2 ELSE 1 END) FROM product_shares s"
                         " WHERE s.product_id = p.id AND s.buyer_org_id = ?2 AND s.withdrawn_at IS NULL)"
                         " FROM products p WHERE p.id = ?1",
                         -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, product_id);
    store_bind_text(st, 2, org_id);
    if (sqlite3_step(st) == SQLITE_ROW) {
      if (sqlite3_column_int(st, 0)) a = PRODUCTS_OWNER;
      else if (sqlite3_column_int(st, 1) == 2) a = PRODUCTS_SBOM;
      else if (sqlite3_column_int(st, 1) == 1) a = PRODUCTS_STATUS;
    }
  }
  sqlite3_finalize(st);
  return a;
}

products_access products_access_of(sqlite3 *db, const principal *p, const char *product_id) {
  /* Only organization members act for an organization here; auditors and operators do not
   * see suppliers' SBOMs. Tokens carry the intersection of roles, so a read-only token of a
   * member still needs ROLE_MEMBER. */
  if (p == NULL || !(p->roles & ROLE_MEMBER)) return PRODUCTS_NONE;
  return products_access_org(db, p->org_id, product_id);
}

hoshi_err products_create(sqlite3 *db, const audit_actor *who, const char *org_id, const char *name,
                          const char *type, const char *description, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  hoshi_err rc;
  if ((rc = text_check("name", name, PRODUCTS_NAME_MAX, 1, 0, e))) return rc;
  if (type == NULL || !text_one_of(type, products_types))
    return hoshi_fail(e, HOSHI_EINVAL, "type", "type '%.32s' is not one of software, iot, service, firmware",
                      type ? type : "");
  if (description == NULL) description = "";
  if ((rc = text_check("description", description, PRODUCTS_TEXT_MAX, 0, 1, e))) return rc;
  if ((rc = store_begin(db, e))) return rc;
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN];
  util_new_id("prd", id);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if ((rc = prep(db,
                 "INSERT INTO products(id, org_id, name, type, description, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                 &st, e)))
    goto done;
  const char *v[] = {id, org_id, name, type, description, who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating product");
    if (rc == HOSHI_EEXISTS) rc = hoshi_fail(e, HOSHI_EEXISTS, "name", "your organization already has a product '%.200s'", name);
    goto done;
  }
  char summary[120];
  snprintf(summary, sizeof summary, "{\"after\":{\"type\":\"%s\"}}", type);
  if ((rc = audit_append(db, who, org_id, "product.create", "product", id, summary, e))) goto done;
  if ((rc = store_commit(db, e))) goto done;
  if (id_out) memcpy(id_out, id, UTIL_ID_LEN);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err products_version_ensure(sqlite3 *db, const char *product_id, const char *version, char id_out[UTIL_ID_LEN],
                                  hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db, "SELECT id FROM product_versions WHERE product_id = ? AND version = ?", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  store_bind_text(st, 2, version);
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) snprintf(id_out, UTIL_ID_LEN, "%s", store_col_text(st, 0));
  sqlite3_finalize(st);
  if (found) return HOSHI_OK;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  util_new_id("pvr", id_out);
  if ((rc = prep(db, "INSERT INTO product_versions(id, product_id, version, created_at) VALUES (?,?,?,?)", &st, e))) return rc;
  const char *v[] = {id_out, product_id, version, now};
  for (int i = 0; i < 4; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "adding version");
  sqlite3_finalize(st);
  return rc;
}

static hoshi_err owner_check(sqlite3 *db, const char *org_id, const char *product_id, hoshi_error *e) {
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_OWNER) return HOSHI_OK;
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  return hoshi_fail(e, HOSHI_EDENIED, "id", "only the product's organization may change it");
}

hoshi_err products_version_add(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                               const char *version, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  hoshi_err rc = text_check("version", version, PRODUCTS_VERSION_MAX, 1, 0, e);
  if (rc) return rc;
  if ((rc = store_begin(db, e))) return rc;
  if ((rc = owner_check(db, org_id, product_id, e))) goto done;
  sqlite3_stmt *st = NULL;
  if ((rc = prep(db, "SELECT 1 FROM product_versions WHERE product_id = ? AND version = ?", &st, e))) goto done;
  store_bind_text(st, 1, product_id);
  store_bind_text(st, 2, version);
  int dup = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (dup) {
    rc = hoshi_fail(e, HOSHI_EEXISTS, "version", "version '%.100s' already exists", version);
    goto done;
  }
  char id[UTIL_ID_LEN];
  if ((rc = products_version_ensure(db, product_id, version, id, e))) goto done;
  if ((rc = audit_append(db, who, org_id, "product.version.create", "product_version", id, "{\"after\":\"created\"}", e)))
    goto done;
  if ((rc = store_commit(db, e))) goto done;
  if (id_out) memcpy(id_out, id, UTIL_ID_LEN);
done:
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err products_vex_set(sqlite3 *db, const audit_actor *who, const char *org_id, const char *finding_id,
                           const char *status, const char *justification, const char *action, const char *detail,
                           hoshi_error *e) {
  if (status == NULL || !text_one_of(status, products_vex_statuses))
    return hoshi_fail(e, HOSHI_EINVAL, "status", "status '%.40s' is not one of not_affected, affected, fixed, under_investigation",
                      status ? status : "");
  if (justification == NULL) justification = "";
  if (action == NULL) action = "";
  if (detail == NULL) detail = "";
  if (!strcmp(status, "not_affected") && !text_one_of(justification, products_vex_justifications))
    return hoshi_fail(e, HOSHI_EINVAL, "justification",
                      "not_affected needs a justification: component_not_present, vulnerable_code_not_present,"
                      " vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary or"
                      " inline_mitigations_already_exist");
  if (strcmp(status, "not_affected") && justification[0])
    return hoshi_fail(e, HOSHI_EINVAL, "justification", "a justification goes only with not_affected");
  hoshi_err rc;
  if ((rc = text_check("action", action, PRODUCTS_TEXT_MAX, !strcmp(status, "affected"), 1, e))) return rc;
  if ((rc = text_check("detail", detail, PRODUCTS_TEXT_MAX, 0, 1, e))) return rc;
  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  char product[UTIL_ID_LEN] = "", before[32] = "";
  if ((rc = prep(db,
                 "SELECT v.product_id, coalesce(x.status, '') FROM product_findings f JOIN product_versions v ON v.id = f.version_id"
                 " LEFT JOIN product_vex x ON x.finding_id = f.id WHERE f.id = ?",
                 &st, e)))
    goto done;
  store_bind_text(st, 1, finding_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(product, sizeof product, "%s", store_col_text(st, 0));
    snprintf(before, sizeof before, "%s", store_col_text(st, 1));
  }
  sqlite3_finalize(st);
  st = NULL;
  /* A finding of a product the caller cannot see does not exist for it. */
  if (!product[0] || products_access_org(db, org_id, product) == PRODUCTS_NONE) {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no finding %.64s", finding_id ? finding_id : "");
    goto done;
  }
  if ((rc = owner_check(db, org_id, product, e))) goto done;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if ((rc = prep(db,
                 "INSERT INTO product_vex(finding_id, status, justification, action, detail, updated_by, updated_at)"
                 " VALUES (?,?,?,?,?,?,?) ON CONFLICT(finding_id) DO UPDATE SET status = excluded.status,"
                 " justification = excluded.justification, action = excluded.action, detail = excluded.detail,"
                 " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                 &st, e)))
    goto done;
  const char *v[] = {finding_id, status, justification, action, detail, who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "writing VEX");
    goto done;
  }
  char summary[200];
  snprintf(summary, sizeof summary, "{\"before\":\"%s\",\"after\":{\"status\":\"%s\",\"justification\":\"%s\"}}", before,
           status, justification);
  if ((rc = audit_append(db, who, org_id, "product.vex.set", "product_finding", finding_id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

/* An open KEV finding, as products_kev_alert_to needs it. */
typedef struct kev_open {
  char id[UTIL_ID_LEN], version_id[UTIL_ID_LEN];
  char cve[64], due[32];
} kev_open;

static void fill_kev_open(sqlite3_stmt *st, void *slot) {
  kev_open *k = slot;
  snprintf(k->id, sizeof k->id, "%s", store_col_text(st, 0));
  snprintf(k->version_id, sizeof k->version_id, "%s", store_col_text(st, 1));
  snprintf(k->cve, sizeof k->cve, "%s", store_col_text(st, 2));
  snprintf(k->due, sizeof k->due, "%s", store_col_text(st, 3));
}

/* A buyer given a share learns at once of the KEV findings already open in the product: the
 * alert it would have had, had it held the share when they became KEV findings. */
static hoshi_err kev_alert_new_buyer(sqlite3 *db, const char *product_id, const char *buyer_org_id, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT f.id, f.version_id, f.kev_cve, f.kev_due_date FROM product_findings f"
                      " JOIN product_versions v ON v.id = f.version_id"
                      " WHERE v.product_id = ? AND f.state = 'open' AND f.kev_cve <> '' ORDER BY f.first_seen, f.id LIMIT ?",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  kev_open *rows = NULL;
  size_t n = 0;
  if ((rc = store_collect(db, st, sizeof *rows, fill_kev_open, (void **)&rows, &n, "reading KEV findings", e))) return rc;
  for (size_t i = 0; i < n && rc == HOSHI_OK; i++)
    rc = products_kev_alert_to(db, rows[i].id, rows[i].version_id, rows[i].cve, rows[i].due, buyer_org_id, e);
  free(rows);
  return rc;
}

hoshi_err products_share(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                         const char *buyer_org_id, const char *scope, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  if (scope == NULL || !text_one_of(scope, share_scopes))
    return hoshi_fail(e, HOSHI_EINVAL, "scope", "scope '%.32s' is not sbom or status", scope ? scope : "");
  if (buyer_org_id == NULL || !*buyer_org_id) return hoshi_fail(e, HOSHI_EINVAL, "buyer", "buyer organization is required");
  /* A buyer is known to its suppliers by its 法人番号 more often than by its id here. */
  org by_corp;
  if (strlen(buyer_org_id) == 13 && strspn(buyer_org_id, "0123456789") == 13) {
    if (org_get_by_corpnum(db, buyer_org_id, &by_corp, NULL) != HOSHI_OK)
      return hoshi_fail(e, HOSHI_ENOTFOUND, "buyer", "no registered organization with 法人番号 %s", buyer_org_id);
    buyer_org_id = by_corp.id;
  }
  if (!strcmp(buyer_org_id, org_id)) return hoshi_fail(e, HOSHI_EINVAL, "buyer", "a product cannot be shared with its own organization");
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = owner_check(db, org_id, product_id, e))) goto done;
  org buyer, supplier;
  if (org_get(db, buyer_org_id, &buyer, NULL) != HOSHI_OK) {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "buyer", "no organization %.64s", buyer_org_id);
    goto done;
  }
  if (org_get(db, org_id, &supplier, e) != HOSHI_OK) {
    rc = HOSHI_ENOTFOUND;
    goto done;
  }
  /* One active share per buyer: a change of scope is a withdrawal and a new share. */
  if (products_access_org(db, buyer_org_id, product_id) != PRODUCTS_NONE) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "buyer", "the product is already shared with this buyer; withdraw that share first");
    goto done;
  }
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN], pname[PRODUCTS_NAME_MAX + 1] = "";
  util_new_id("psh", id);
  util_now_iso(now);
  if ((rc = prep(db,
                 "INSERT INTO product_shares(id, product_id, supplier_org_id, buyer_org_id, scope, created_by, created_at)"
                 " VALUES (?,?,?,?,?,?,?)",
                 &st, e)))
    goto done;
  const char *v[] = {id, product_id, org_id, buyer_org_id, scope, who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "sharing product");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = prep(db, "SELECT name FROM products WHERE id = ?", &st, e))) goto done;
  store_bind_text(st, 1, product_id);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(pname, sizeof pname, "%s", store_col_text(st, 0));
  char ja[1400], en[1400];
  snprintf(ja, sizeof ja, "%s が製品 %s の%sを共有しました", supplier.name_ja, pname,
           !strcmp(scope, "sbom") ? "SBOM" : "脆弱性の状況");
  snprintf(en, sizeof en, "%s shared the %s of its product %s", supplier.name_en[0] ? supplier.name_en : supplier.name_ja,
           !strcmp(scope, "sbom") ? "SBOM" : "vulnerability status", pname);
  if ((rc = scs_notify(db, buyer_org_id, "product.shared", id, ja, en, NULL, e))) goto done;
  if ((rc = kev_alert_new_buyer(db, product_id, buyer_org_id, e))) goto done;
  char summary[200];
  snprintf(summary, sizeof summary, "{\"after\":{\"product\":\"%s\",\"buyer\":\"%s\",\"scope\":\"%s\"}}", product_id,
           buyer_org_id, scope);
  if ((rc = audit_append(db, who, org_id, "product.share.create", "product_share", id, summary, e))) goto done;
  if ((rc = store_commit(db, e))) goto done;
  if (id_out) memcpy(id_out, id, UTIL_ID_LEN);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err products_share_withdraw(sqlite3 *db, const audit_actor *who, const char *org_id, const char *share_id,
                                  hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  char buyer[UTIL_ID_LEN] = "", withdrawn[UTIL_TIME_LEN] = "", product[UTIL_ID_LEN] = "";
  int found = 0;
  if ((rc = prep(db,
                 "SELECT buyer_org_id, coalesce(withdrawn_at, ''), product_id FROM product_shares WHERE id = ? AND supplier_org_id = ?",
                 &st, e)))
    goto done;
  store_bind_text(st, 1, share_id);
  store_bind_text(st, 2, org_id);
  if ((found = sqlite3_step(st) == SQLITE_ROW)) {
    snprintf(buyer, sizeof buyer, "%s", store_col_text(st, 0));
    snprintf(withdrawn, sizeof withdrawn, "%s", store_col_text(st, 1));
    snprintf(product, sizeof product, "%s", store_col_text(st, 2));
  }
  sqlite3_finalize(st);
  st = NULL;
  if (!found) {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product share %.64s of your organization", share_id ? share_id : "");
    goto done;
  }
  if (withdrawn[0]) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "id", "share was already withdrawn at %s", withdrawn);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if ((rc = prep(db, "UPDATE product_shares SET withdrawn_at = ? WHERE id = ?", &st, e))) goto done;
  store_bind_text(st, 1, now);
  store_bind_text(st, 2, share_id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "withdrawing share");
    goto done;
  }
  if ((rc = scs_notify(db, buyer, "product.withdrawn", share_id, "共有されていた製品情報が取り下げられました",
                       "A supplier withdrew a shared product", NULL, e)))
    goto done;
  char summary[200];
  snprintf(summary, sizeof summary, "{\"before\":{\"product\":\"%s\",\"buyer\":\"%s\"},\"after\":\"withdrawn\"}", product,
           buyer);
  if ((rc = audit_append(db, who, org_id, "product.share.withdraw", "product_share", share_id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

static const char *access_name(products_access a) {
  switch (a) {
    case PRODUCTS_OWNER: return "owner";
    case PRODUCTS_SBOM: return "sbom";
    case PRODUCTS_STATUS: return "status";
    case PRODUCTS_NONE: break;
  }
  return "none";
}

hoshi_err products_list_json(sqlite3 *db, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT p.id, p.org_id, o.name_ja, p.name, p.type, p.description, p.created_at,"
                      " CASE WHEN p.org_id = ?1 THEN 3 WHEN s.scope = 'sbom' THEN 2 ELSE 1 END, coalesce(s.id, ''),"
                      " (SELECT count(*) FROM product_versions v WHERE v.product_id = p.id),"
                      " (SELECT count(*) FROM product_findings f JOIN product_versions v ON v.id = f.version_id"
                      "   WHERE v.product_id = p.id AND f.state = 'open'),"
                      " (SELECT count(*) FROM product_findings f JOIN product_versions v ON v.id = f.version_id"
                      "   WHERE v.product_id = p.id AND f.state = 'open' AND f.kev_cve <> '')"
                      " FROM products p JOIN organizations o ON o.id = p.org_id"
                      " LEFT JOIN product_shares s ON s.product_id = p.id AND s.buyer_org_id = ?1 AND s.withdrawn_at IS NULL"
                      " WHERE p.org_id = ?1 OR s.id IS NOT NULL ORDER BY p.org_id <> ?1, o.name_ja, p.name LIMIT ?2",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, org_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_arr_append(arr, o);
    yyjson_mut_obj_add_strcpy(d, o, "id", store_col_text(st, 0));
    yyjson_mut_obj_add_strcpy(d, o, "org_id", store_col_text(st, 1));
    yyjson_mut_obj_add_strcpy(d, o, "supplier", store_col_text(st, 2));
    yyjson_mut_obj_add_strcpy(d, o, "name", store_col_text(st, 3));
    yyjson_mut_obj_add_strcpy(d, o, "type", store_col_text(st, 4));
    yyjson_mut_obj_add_strcpy(d, o, "description", store_col_text(st, 5));
    yyjson_mut_obj_add_strcpy(d, o, "created_at", store_col_text(st, 6));
    yyjson_mut_obj_add_str(d, o, "access", access_name((products_access)sqlite3_column_int(st, 7)));
    if (sqlite3_column_int(st, 7) == PRODUCTS_OWNER) yyjson_mut_obj_add_null(d, o, "share");
    else yyjson_mut_obj_add_strcpy(d, o, "share", store_col_text(st, 8));
    yyjson_mut_obj_add_int(d, o, "versions", sqlite3_column_int64(st, 9));
    yyjson_mut_obj_add_int(d, o, "open_findings", sqlite3_column_int64(st, 10));
    yyjson_mut_obj_add_int(d, o, "kev_findings", sqlite3_column_int64(st, 11));
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "listing products");
  sqlite3_finalize(st);
  return rc;
}

yyjson_mut_val *products_finding_obj(yyjson_mut_doc *d, sqlite3_stmt *st, int show_component) {
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, o, "id", store_col_text(st, 0));
  yyjson_mut_obj_add_strcpy(d, o, "version", store_col_text(st, 1));
  /* The purl names exactly what is inside: part of the SBOM, not of the status. */
  if (show_component) yyjson_mut_obj_add_strcpy(d, o, "component", store_col_text(st, 2));
  yyjson_mut_obj_add_strcpy(d, o, "ecosystem", store_col_text(st, 3));
  yyjson_mut_obj_add_strcpy(d, o, "package", store_col_text(st, 4));
  yyjson_mut_obj_add_strcpy(d, o, "advisory", store_col_text(st, 5));
  yyjson_mut_obj_add_strcpy(d, o, "summary", store_col_text(st, 6));
  double score = sqlite3_column_double(st, 7);
  if (score >= 0) yyjson_mut_obj_add_real(d, o, "max_score", score);
  else yyjson_mut_obj_add_null(d, o, "max_score");
  const char *kev = store_col_text(st, 8);
  yyjson_mut_obj_add_bool(d, o, "kev", kev[0] != 0);
  if (kev[0]) {
    yyjson_mut_obj_add_strcpy(d, o, "kev_cve", kev);
    yyjson_mut_obj_add_strcpy(d, o, "kev_due_date", store_col_text(st, 9));
  }
  yyjson_mut_obj_add_strcpy(d, o, "state", store_col_text(st, 10));
  yyjson_mut_obj_add_strcpy(d, o, "first_seen", store_col_text(st, 11));
  yyjson_mut_obj_add_strcpy(d, o, "last_seen", store_col_text(st, 12));
  if (store_col_text(st, 13)[0]) yyjson_mut_obj_add_strcpy(d, o, "resolved_at", store_col_text(st, 13));
  if (store_col_text(st, 14)[0]) {
    yyjson_mut_val *x = yyjson_mut_obj(d);
    yyjson_mut_obj_add_val(d, o, "vex", x);
    yyjson_mut_obj_add_strcpy(d, x, "status", store_col_text(st, 14));
    yyjson_mut_obj_add_strcpy(d, x, "justification", store_col_text(st, 15));
    yyjson_mut_obj_add_strcpy(d, x, "action", store_col_text(st, 16));
    yyjson_mut_obj_add_strcpy(d, x, "detail", store_col_text(st, 17));
    yyjson_mut_obj_add_strcpy(d, x, "updated_at", store_col_text(st, 18));
  } else {
    yyjson_mut_obj_add_null(d, o, "vex");
  }
  return o;
}

hoshi_err products_findings_json(sqlite3 *db, const char *org_id, const char *product_id, yyjson_mut_doc *d,
                                 yyjson_mut_val *arr, hoshi_error *e) {
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT " PRODUCTS_FINDING_COLS " FROM product_findings f JOIN product_versions v ON v.id = f.version_id"
                      " LEFT JOIN product_vex x ON x.finding_id = f.id WHERE v.product_id = ?"
                      " ORDER BY v.version, f.state, f.max_score DESC, f.advisory_id, f.ckey LIMIT ?",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) yyjson_mut_arr_append(arr, products_finding_obj(d, st, a >= PRODUCTS_SBOM));
  if (step != SQLITE_DONE) rc = store_fail(db, e, "listing findings");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err products_components_json(sqlite3 *db, const char *org_id, const char *product_id, const char *version,
                                   yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  if (a < PRODUCTS_SBOM) return hoshi_fail(e, HOSHI_EDENIED, "id", "the supplier shares only the vulnerability status");
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT c.name, c.version, c.purl, c.ecosystem, c.package FROM product_components c"
                      " JOIN product_versions v ON v.id = c.version_id WHERE v.product_id = ? AND v.version = ?"
                      " ORDER BY c.seq LIMIT ?",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  store_bind_text(st, 2, version);
  sqlite3_bind_int(st, 3, PRODUCTS_COMPONENTS_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_arr_append(arr, o);
    yyjson_mut_obj_add_strcpy(d, o, "name", store_col_text(st, 0));
    yyjson_mut_obj_add_strcpy(d, o, "version", store_col_text(st, 1));
    yyjson_mut_obj_add_strcpy(d, o, "purl", store_col_text(st, 2));
    yyjson_mut_obj_add_strcpy(d, o, "ecosystem", store_col_text(st, 3));
    yyjson_mut_obj_add_strcpy(d, o, "package", store_col_text(st, 4));
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "listing components");
  sqlite3_finalize(st);
  return rc;
}

double products_severity_score(const char *level) {
  if (level == NULL) return -1;
  if (!strcmp(level, "low")) return 0.1;
  if (!strcmp(level, "medium")) return 4.0;
  if (!strcmp(level, "high")) return 7.0;
  if (!strcmp(level, "critical")) return 9.0;
  return -1;
}

hoshi_err products_openvex(sqlite3 *db, const char *org_id, const char *product_id, char **out, size_t *len,
                           hoshi_error *e) {
  *out = NULL;
  *len = 0;
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  sqlite3_stmt *st = NULL, *ids = NULL;
  char supplier[PRODUCTS_NAME_MAX * 4] = "";
  hoshi_err rc = prep(db, "SELECT o.name_ja, o.name_en FROM products p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  if (sqlite3_step(st) == SQLITE_ROW)
    snprintf(supplier, sizeof supplier, "%s", store_col_text(st, 1)[0] ? store_col_text(st, 1) : store_col_text(st, 0));
  sqlite3_finalize(st);
  st = NULL;
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  char now[UTIL_TIME_LEN], docid[160];
  util_now_iso(now);
  snprintf(docid, sizeof docid, "urn:hoshi:vex:%s:%s", product_id, now);
  yyjson_mut_obj_add_str(d, root, "@context", "https://openvex.dev/ns/v0.2.0");
  yyjson_mut_obj_add_strcpy(d, root, "@id", docid);
  yyjson_mut_obj_add_strcpy(d, root, "author", supplier);
  yyjson_mut_obj_add_strcpy(d, root, "timestamp", now);
  yyjson_mut_obj_add_int(d, root, "version", 1);
  yyjson_mut_val *stmts = yyjson_mut_obj_add_arr(d, root, "statements");
  /* Only what the supplier stated: a finding without a statement is not "under investigation"
   * unless the supplier says so. */
  if ((rc = prep(db,
                 "SELECT f.id, f.advisory_id, v.version, f.ckey, x.status, x.justification, x.action, x.detail, x.updated_at"
                 " FROM product_findings f JOIN product_versions v ON v.id = f.version_id JOIN product_vex x ON x.finding_id = f.id"
                 " WHERE v.product_id = ? ORDER BY v.version, f.advisory_id, f.ckey LIMIT ?",
                 &st, e)) ||
      (rc = prep(db, "SELECT vuln_id FROM product_finding_ids WHERE finding_id = ? AND vuln_id <> ? ORDER BY vuln_id", &ids, e)))
    goto done;
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *s = yyjson_mut_obj(d);
    yyjson_mut_arr_append(stmts, s);
    yyjson_mut_val *vuln = yyjson_mut_obj_add_obj(d, s, "vulnerability");
    yyjson_mut_obj_add_strcpy(d, vuln, "name", store_col_text(st, 1));
    yyjson_mut_val *aliases = yyjson_mut_obj_add_arr(d, vuln, "aliases");
    sqlite3_reset(ids);
    store_bind_text(ids, 1, store_col_text(st, 0));
    store_bind_text(ids, 2, store_col_text(st, 1));
    while (sqlite3_step(ids) == SQLITE_ROW) yyjson_mut_arr_add_strcpy(d, aliases, store_col_text(ids, 0));
    yyjson_mut_val *prods = yyjson_mut_obj_add_arr(d, s, "products");
    yyjson_mut_val *pr = yyjson_mut_obj(d);
    yyjson_mut_arr_append(prods, pr);
    char pid[UTIL_ID_LEN + PRODUCTS_VERSION_MAX + 32];
    snprintf(pid, sizeof pid, "urn:hoshi:product:%s:%s", product_id, store_col_text(st, 2));
    yyjson_mut_obj_add_strcpy(d, pr, "@id", pid);
    /* The component's purl is part of the SBOM: only for the owner and sbom shares. */
    if (a >= PRODUCTS_SBOM) {
      yyjson_mut_val *subs = yyjson_mut_obj_add_arr(d, pr, "subcomponents");
      yyjson_mut_val *sub = yyjson_mut_obj(d);
      yyjson_mut_arr_append(subs, sub);
      yyjson_mut_obj_add_strcpy(d, sub, "@id", store_col_text(st, 3));
    }
    yyjson_mut_obj_add_strcpy(d, s, "status", store_col_text(st, 4));
    if (store_col_text(st, 5)[0]) yyjson_mut_obj_add_strcpy(d, s, "justification", store_col_text(st, 5));
    if (store_col_text(st, 6)[0]) yyjson_mut_obj_add_strcpy(d, s, "action_statement", store_col_text(st, 6));
    if (store_col_text(st, 7)[0]) yyjson_mut_obj_add_strcpy(d, s, "impact_statement", store_col_text(st, 7));
    yyjson_mut_obj_add_strcpy(d, s, "timestamp", store_col_text(st, 8));
  }
  if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "reading VEX");
    goto done;
  }
  rc = products_write_doc(d, out, len, e);
done:
  sqlite3_finalize(st);
  sqlite3_finalize(ids);
  yyjson_mut_doc_free(d);
  return rc;
}

hoshi_err products_shares_json(sqlite3 *db, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *given,
                               yyjson_mut_val *received, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  /* given: every share the organization made, withdrawn ones too (the consent record);
   * received: only active ones (a withdrawn share shows nothing any more). */
  hoshi_err rc = prep(db,
                      "SELECT s.id, s.product_id, p.name, s.supplier_org_id, so.name_ja, s.buyer_org_id, bo.name_ja, s.scope,"
                      " s.created_at, coalesce(s.withdrawn_at, ''), s.supplier_org_id = ?1"
                      " FROM product_shares s JOIN products p ON p.id = s.product_id"
                      " JOIN organizations so ON so.id = s.supplier_org_id JOIN organizations bo ON bo.id = s.buyer_org_id"
                      " WHERE s.supplier_org_id = ?1 OR (s.buyer_org_id = ?1 AND s.withdrawn_at IS NULL)"
                      " ORDER BY s.created_at DESC, s.id LIMIT ?2",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, org_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_arr_append(sqlite3_column_int(st, 10) ? given : received, o);
    yyjson_mut_obj_add_strcpy(d, o, "id", store_col_text(st, 0));
    yyjson_mut_obj_add_strcpy(d, o, "product", store_col_text(st, 1));
    yyjson_mut_obj_add_strcpy(d, o, "product_name", store_col_text(st, 2));
    yyjson_mut_obj_add_strcpy(d, o, "supplier_id", store_col_text(st, 3));
    yyjson_mut_obj_add_strcpy(d, o, "supplier", store_col_text(st, 4));
    yyjson_mut_obj_add_strcpy(d, o, "buyer_id", store_col_text(st, 5));
    yyjson_mut_obj_add_strcpy(d, o, "buyer", store_col_text(st, 6));
    yyjson_mut_obj_add_strcpy(d, o, "scope", store_col_text(st, 7));
    yyjson_mut_obj_add_strcpy(d, o, "created_at", store_col_text(st, 8));
    if (store_col_text(st, 9)[0]) yyjson_mut_obj_add_strcpy(d, o, "withdrawn_at", store_col_text(st, 9));
    else yyjson_mut_obj_add_null(d, o, "withdrawn_at");
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "listing product shares");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err products_write_doc(yyjson_mut_doc *d, char **out, size_t *len, hoshi_error *e) {
  *out = yyjson_mut_write(d, YYJSON_WRITE_PRETTY_TWO_SPACES, len);
  return *out ? HOSHI_OK : hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
}

/* CISA / OpenVEX vocabulary to CycloneDX analysis (the mapping vexctl and Trivy use). */
static const char *cdx_state(const char *s) {
  if (!strcmp(s, "not_affected")) return "not_affected";
  if (!strcmp(s, "affected")) return "exploitable";
  if (!strcmp(s, "fixed")) return "resolved";
  return "in_triage";
}

static const char *cdx_justification(const char *j) {
  if (!strcmp(j, "component_not_present") || !strcmp(j, "vulnerable_code_not_present")) return "code_not_present";
  if (!strcmp(j, "vulnerable_code_not_in_execute_path")) return "code_not_reachable";
  if (!strcmp(j, "vulnerable_code_cannot_be_controlled_by_adversary")) return "requires_environment";
  if (!strcmp(j, "inline_mitigations_already_exist")) return "protected_by_mitigating_control";
  return NULL;
}

hoshi_err products_cyclonedx_vex(sqlite3 *db, const char *org_id, const char *product_id, char **out, size_t *len,
                                 hoshi_error *e) {
  *out = NULL;
  *len = 0;
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  sqlite3_stmt *st = NULL;
  char pname[PRODUCTS_NAME_MAX + 1] = "";
  hoshi_err rc = prep(db, "SELECT name FROM products WHERE id = ?", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, product_id);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(pname, sizeof pname, "%s", store_col_text(st, 0));
  sqlite3_finalize(st);
  st = NULL;
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  yyjson_mut_obj_add_str(d, root, "bomFormat", "CycloneDX");
  yyjson_mut_obj_add_str(d, root, "specVersion", "1.5");
  yyjson_mut_obj_add_int(d, root, "version", 1);
  yyjson_mut_val *meta = yyjson_mut_obj_add_obj(d, root, "metadata");
  yyjson_mut_obj_add_strcpy(d, meta, "timestamp", now);
  yyjson_mut_val *comp = yyjson_mut_obj_add_obj(d, meta, "component");
  yyjson_mut_obj_add_str(d, comp, "type", "application");
  yyjson_mut_obj_add_strcpy(d, comp, "name", pname);
  yyjson_mut_obj_add_strcpy(d, comp, "bom-ref", product_id);
  yyjson_mut_val *vulns = yyjson_mut_obj_add_arr(d, root, "vulnerabilities");
  if ((rc = prep(db,
                 "SELECT f.advisory_id, v.version, f.ckey, x.status, x.justification, x.action, x.detail"
                 " FROM product_findings f JOIN product_versions v ON v.id = f.version_id JOIN product_vex x ON x.finding_id = f.id"
                 " WHERE v.product_id = ? ORDER BY v.version, f.advisory_id, f.ckey LIMIT ?",
                 &st, e)))
    goto done;
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *v = yyjson_mut_obj(d);
    yyjson_mut_arr_append(vulns, v);
    yyjson_mut_obj_add_strcpy(d, v, "id", store_col_text(st, 0));
    yyjson_mut_val *an = yyjson_mut_obj_add_obj(d, v, "analysis");
    yyjson_mut_obj_add_str(d, an, "state", cdx_state(store_col_text(st, 3)));
    const char *j = cdx_justification(store_col_text(st, 4));
    if (j) yyjson_mut_obj_add_str(d, an, "justification", j);
    /* CycloneDX has no free-text action: the supplier's action and detail go to detail. */
    const char *act = store_col_text(st, 5), *det = store_col_text(st, 6);
    if (act[0] || det[0]) {
      size_t n = strlen(act) + strlen(det) + 4;
      char *txt = malloc(n);
      if (txt == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        goto done;
      }
      snprintf(txt, n, "%s%s%s", act, act[0] && det[0] ? "\n\n" : "", det);
      yyjson_mut_obj_add_strcpy(d, an, "detail", txt);
      free(txt);
    }
    yyjson_mut_val *aff = yyjson_mut_obj_add_arr(d, v, "affects");
    yyjson_mut_val *ref = yyjson_mut_obj(d);
    yyjson_mut_arr_append(aff, ref);
    /* The component purl is part of the SBOM: a status share names only product and version. */
    char rbuf[UTIL_ID_LEN + PRODUCTS_VERSION_MAX + 32];
    snprintf(rbuf, sizeof rbuf, "urn:hoshi:product:%s:%s", product_id, store_col_text(st, 1));
    yyjson_mut_obj_add_strcpy(d, ref, "ref", a >= PRODUCTS_SBOM ? store_col_text(st, 2) : rbuf);
  }
  if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "reading VEX");
    goto done;
  }
  rc = products_write_doc(d, out, len, e);
done:
  sqlite3_finalize(st);
  yyjson_mut_doc_free(d);
  return rc;
}

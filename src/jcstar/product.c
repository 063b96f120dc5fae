/* JC-STAR products: registration and editing (fields, model numbers), checklist answers,
 * evidence files and the PSTI statement, progress against the catalog level, and who may do
 * what (jcs_allowed). Labels, change notices and the public view are in label.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/text.h"
#include "jcstar/jcstar.h"
#include "jcstar/jcstar_int.h"
#include "org/org.h"
#include "scs/scs.h"
#include "store/store.h"

const char *const jcs_product_types[] = {"network_camera", "router",        "smart_speaker", "smart_home_hub",
                                         "smart_lock",     "smart_appliance", "printer",     "nas",
                                         "wearable",       "industrial",    "other",         NULL};

/* JC-STAR accepts a UK PSTI statement of compliance for these three (from 2026-01-01). */
const char *const jcs_psti_requirements[] = {"S1.1-02", "S1.1-05", "S1.1-16", NULL};

int jcs_is_psti_requirement(const char *requirement_id) { return text_one_of(requirement_id, jcs_psti_requirements); }

void jcs_today(char out[11]) {
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  memcpy(out, now, 10);
  out[10] = '\0';
}

void jcs_summary(char *out, size_t n, const char *wrap, const char *const *kv) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d), *in = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_obj_add_val(d, root, wrap, in);
  for (size_t i = 0; kv[i] && kv[i + 1]; i += 2) {
    /* Long texts are cut so the summary stays a short record of what changed. */
    size_t len = strlen(kv[i + 1]);
    yyjson_mut_obj_add_strncpy(d, in, kv[i], kv[i + 1], len > 200 ? 200 : len);
  }
  size_t len = 0;
  char *s = yyjson_mut_write(d, 0, &len);
  if (s && len < n) snprintf(out, n, "%s", s);
  else snprintf(out, n, "{}");
  free(s);
  yyjson_mut_doc_free(d);
}

/* ---- authorization ---- */

void jcs_relation_of(const principal *p, const jcs_product *pr, jcs_relation *r) {
  memset(r, 0, sizeof *r);
  r->vendor = (p->roles & ROLE_MEMBER) && strcmp(p->org_id, pr->org_id) == 0;
  r->operator_ = (p->roles & ROLE_ADMIN) != 0;
  r->auditor = (p->roles & ROLE_AUDITOR) != 0;
}

int jcs_allowed(const jcs_relation *r, jcs_action a) {
  switch (a) {
    case JCS_READ: return r->vendor || r->operator_ || r->auditor;
    case JCS_EDIT:
    case JCS_DECLARE:
    case JCS_CHANGE: return r->vendor;
    /* The operator may inspect a vendor's evidence (IPA can inspect labelled products). */
    case JCS_EVIDENCE_READ: return r->vendor || r->operator_;
    case JCS_WITHDRAW: return r->operator_;
  }
  return 0;
}

/* ---- model numbers ---- */

static hoshi_err check_model(const char *field, const char *m, hoshi_error *e) {
  return text_check(field, m, JCS_MODEL_MAX, 1, 0, e);
}

static hoshi_err check_models(const char *const *models, size_t n, hoshi_error *e) {
  if (n == 0) return hoshi_fail(e, HOSHI_EINVAL, "models", "at least one model number is required");
  if (n > JCS_MODELS_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "models", "%zu model numbers; at most %d per product", n, JCS_MODELS_MAX);
  for (size_t i = 0; i < n; i++) {
    char f[32];
    snprintf(f, sizeof f, "models[%zu]", i);
    hoshi_err rc = check_model(f, models[i], e);
    if (rc) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(models[i], models[j]) == 0)
        return hoshi_fail(e, HOSHI_EINVAL, f, "model number '%.100s' is listed twice", models[i]);
  }
  return HOSHI_OK;
}

hoshi_err jcs_models_parse(const char *text, size_t len, jcs_models *out, hoshi_error *e) {
  out->n = 0;
  out->v = NULL;
  size_t cap = 0;
  size_t i = 0;
  while (i <= len) {
    size_t start = i;
    while (i < len && text[i] != ',' && text[i] != '\n') i++;
    size_t a = start, b = i;
    while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r')) a++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r')) b--;
    i++;
    if (a == b) continue;
    if (b - a > JCS_MODEL_MAX) {
      free(out->v);
      out->v = NULL;
      out->n = 0;
      return hoshi_fail(e, HOSHI_EINVAL, "models", "a model number is %zu bytes long; at most %d bytes allowed", b - a,
                        JCS_MODEL_MAX);
    }
    if (memchr(text + a, '\0', b - a)) {
      free(out->v);
      out->v = NULL;
      out->n = 0;
      return hoshi_fail(e, HOSHI_EINVAL, "models", "model numbers must not contain NUL bytes");
    }
    if (out->n == JCS_MODELS_MAX) {
      free(out->v);
      out->v = NULL;
      out->n = 0;
      return hoshi_fail(e, HOSHI_ELIMIT, "models", "more than %d model numbers", JCS_MODELS_MAX);
    }
    if (out->n == cap) {
      cap = cap ? cap * 2 : 8;
      void *q = realloc(out->v, cap * sizeof *out->v);
      if (q == NULL) {
        free(out->v);
        out->v = NULL;
        out->n = 0;
        return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
      }
      out->v = q;
    }
    memcpy(out->v[out->n], text + a, b - a);
    out->v[out->n][b - a] = '\0';
    out->n++;
  }
  const char **ptrs = out->n ? malloc(out->n * sizeof *ptrs) : NULL;
  if (out->n && ptrs == NULL) {
    free(out->v);
    out->v = NULL;
    out->n = 0;
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  for (size_t k = 0; k < out->n; k++) ptrs[k] = out->v[k];
  hoshi_err rc = check_models(ptrs, out->n, e);
  free(ptrs);
  if (rc) {
    free(out->v);
    out->v = NULL;
    out->n = 0;
  }
  return rc;
}

hoshi_err jcs_models_get(sqlite3 *db, const char *product_id, jcs_models *out, hoshi_error *e) {
  out->n = 0;
  out->v = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT model FROM iot_product_models WHERE product_id = ? ORDER BY ord", -1, &st, NULL) !=
      SQLITE_OK)
    return store_fail(db, e, "reading model numbers");
  store_bind_text(st, 1, product_id);
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (out->n == cap) {
      cap = cap ? cap * 2 : 8;
      void *q = realloc(out->v, cap * sizeof *out->v);
      if (q == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      out->v = q;
    }
    snprintf(out->v[out->n++], JCS_MODEL_MAX + 1, "%s", store_col_text(st, 0));
  }
  sqlite3_finalize(st);
  if (rc) {
    free(out->v);
    out->v = NULL;
    out->n = 0;
  }
  return rc;
}

/* Inside a transaction: appends models after the existing ones (ord continues). */
hoshi_err jcs_insert_models(sqlite3 *db, const char *product_id, const char *const *models, size_t n, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO iot_product_models(product_id, ord, model) VALUES (?,"
                         " (SELECT coalesce(max(ord), 0) + 1 FROM iot_product_models WHERE product_id = ?), ?)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "storing model numbers");
  hoshi_err rc = HOSHI_OK;
  for (size_t i = 0; i < n && rc == HOSHI_OK; i++) {
    sqlite3_reset(st);
    store_bind_text(st, 1, product_id);
    store_bind_text(st, 2, product_id);
    store_bind_text(st, 3, models[i]);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = store_fail(db, e, "storing model numbers");
      if (rc == HOSHI_EEXISTS)
        rc = hoshi_fail(e, HOSHI_EINVAL, "models", "model number '%.100s' is already listed for this product", models[i]);
    }
  }
  sqlite3_finalize(st);
  return rc;
}

/* ---- products ---- */

static int is_http_url(const char *s) { return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0; }

/* Checks the given fields; required ones must be present when `creating`. */
static hoshi_err check_fields(sqlite3 *db, const jcs_product_fields *in, int creating, hoshi_error *e) {
  hoshi_err rc;
  int req = creating;
  if ((rc = text_check("vendor", in->vendor, JCS_NAME_MAX, 0, 0, e))) return rc;
  if (in->vendor && !*in->vendor) return hoshi_fail(e, HOSHI_EINVAL, "vendor", "vendor must not be empty");
  if ((rc = text_check("name", in->name, JCS_NAME_MAX, req || in->name, 0, e))) return rc;
  if ((rc = text_check("vendor_en", in->vendor_en, JCS_NAME_MAX, 0, 0, e))) return rc;
  if ((rc = text_check("name_en", in->name_en, JCS_NAME_MAX, 0, 0, e))) return rc;
  if ((rc = text_check("update_method_en", in->update_method_en, JCS_TEXT_MAX, 0, 1, e))) return rc;
  if (in->product_type || req) {
    if (in->product_type == NULL || !text_one_of(in->product_type, jcs_product_types))
      return hoshi_fail(e, HOSHI_EINVAL, "product_type",
                        "product_type '%.32s' is not known; expected one of network_camera, router, smart_speaker, "
                        "smart_home_hub, smart_lock, smart_appliance, printer, nas, wearable, industrial, other",
                        in->product_type ? in->product_type : "");
  }
  if ((rc = text_check("firmware_version", in->firmware_version, JCS_VERSION_MAX, req || in->firmware_version, 0, e)))
    return rc;
  if (in->support_end || req) {
    if (in->support_end == NULL || !scs_date_valid(in->support_end))
      return hoshi_fail(e, HOSHI_EINVAL, "support_end", "support_end '%.32s' must be a real date YYYY-MM-DD",
                        in->support_end ? in->support_end : "");
  }
  if ((rc = text_check("update_method", in->update_method, JCS_TEXT_MAX, req || in->update_method, 1, e))) return rc;
  if ((rc = text_check("vuln_contact", in->vuln_contact, JCS_CONTACT_MAX, req || in->vuln_contact, 0, e))) return rc;
  if ((rc = text_check("disclosure_url", in->disclosure_url, JCS_URL_MAX, req || in->disclosure_url, 0, e))) return rc;
  if (in->disclosure_url && !is_http_url(in->disclosure_url))
    return hoshi_fail(e, HOSHI_EINVAL, "disclosure_url", "disclosure_url must start with https:// or http://");
  if ((rc = text_check("sbom_url", in->sbom_url, JCS_URL_MAX, 0, 0, e))) return rc;
  if (in->sbom_url && *in->sbom_url && !is_http_url(in->sbom_url))
    return hoshi_fail(e, HOSHI_EINVAL, "sbom_url", "sbom_url must be empty or start with https:// or http://");
  if (in->catalog_id || in->level || req) {
    const char *cat = in->catalog_id ? in->catalog_id : JCS_DEFAULT_CATALOG;
    catalog_info ci;
    if (catalog_get_info(db, cat, &ci, NULL) != HOSHI_OK || strcmp(ci.scheme, JCS_SCHEME) != 0)
      return hoshi_fail(e, HOSHI_EINVAL, "catalog", "no JC-STAR catalog '%.64s' (see GET /api/v1/catalogs)", cat);
    const char *lvl = in->level ? in->level : "1";
    if ((rc = catalog_level(db, cat, lvl, NULL, e))) return rc;
    /* ★3 and ★4 need an independent evaluation body; hoshi handles the self-declared levels. */
    if (strcmp(lvl, "1") != 0 && strcmp(lvl, "2") != 0)
      return hoshi_fail(e, HOSHI_EINVAL, "level",
                        "level %.8s needs a third-party evaluation; self-declaration covers levels 1 and 2", lvl);
  }
  if (in->models || req) {
    if (in->models == NULL) return hoshi_fail(e, HOSHI_EINVAL, "models", "at least one model number is required");
    if ((rc = check_models(in->models, in->n_models, e))) return rc;
  }
  return HOSHI_OK;
}

static void row_to_product(sqlite3_stmt *st, int base, jcs_product *p) {
  memset(p, 0, sizeof *p);
  char *dst[] = {p->id, p->org_id, p->vendor, p->name, p->product_type, p->firmware_version, p->support_end,
                 p->update_method, p->vuln_contact, p->disclosure_url, p->sbom_url, p->catalog_id, p->level,
                 p->status, p->psti_evidence_id, p->label_id, p->created_by, p->created_at, p->updated_at,
                 p->vendor_en, p->name_en, p->update_method_en};
  size_t sz[] = {sizeof p->id, sizeof p->org_id, sizeof p->vendor, sizeof p->name, sizeof p->product_type,
                 sizeof p->firmware_version, sizeof p->support_end, sizeof p->update_method, sizeof p->vuln_contact,
                 sizeof p->disclosure_url, sizeof p->sbom_url, sizeof p->catalog_id, sizeof p->level,
                 sizeof p->status, sizeof p->psti_evidence_id, sizeof p->label_id, sizeof p->created_by,
                 sizeof p->created_at, sizeof p->updated_at, sizeof p->vendor_en, sizeof p->name_en,
                 sizeof p->update_method_en};
  for (int i = 0; i < JCS_P_NCOLS; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, base + i));
}

void jcs_row_to_product(sqlite3_stmt *st, int base, jcs_product *p) { row_to_product(st, base, p); }

hoshi_err jcs_product_get(sqlite3 *db, const char *id, jcs_product *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " JCS_P_COLUMNS("") " FROM iot_products WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading product");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) row_to_product(st, 0, out);
  else if (step == SQLITE_DONE) rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", id);
  else rc = store_fail(db, e, "reading product");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err jcs_product_list(sqlite3 *db, const char *org_id, jcs_product **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " JCS_P_COLUMNS("") " FROM iot_products WHERE (? IS NULL OR org_id = ?)"
                         " ORDER BY created_at DESC, id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing products");
  store_bind_text(st, 1, org_id);
  store_bind_text(st, 2, org_id);
  sqlite3_bind_int(st, 3, JCS_LIST_MAX);
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      jcs_product *q = realloc(*out, cap * sizeof *q);
      if (q == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      *out = q;
    }
    row_to_product(st, 0, &(*out)[(*n)++]);
  }
  sqlite3_finalize(st);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

hoshi_err jcs_tx_begin(sqlite3 *db, const char *id, const char *need, const char *doing, jcs_product *cur,
                       hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  if ((rc = jcs_product_get(db, id, cur, e))) {
    store_rollback(db);
    return rc;
  }
  if (strcmp(cur->status, need) != 0) {
    store_rollback(db);
    return hoshi_fail(e, HOSHI_ECONFLICT, "status", "product %s is '%s'; %s needs '%s'", cur->id, cur->status, doing,
                      need);
  }
  return HOSHI_OK;
}

static void set(char *dst, size_t n, const char *v) {
  if (v) snprintf(dst, n, "%s", v);
}

static void apply_fields(jcs_product *p, const jcs_product_fields *in) {
  set(p->vendor, sizeof p->vendor, in->vendor);
  set(p->name, sizeof p->name, in->name);
  set(p->product_type, sizeof p->product_type, in->product_type);
  set(p->firmware_version, sizeof p->firmware_version, in->firmware_version);
  set(p->support_end, sizeof p->support_end, in->support_end);
  set(p->update_method, sizeof p->update_method, in->update_method);
  set(p->vuln_contact, sizeof p->vuln_contact, in->vuln_contact);
  set(p->disclosure_url, sizeof p->disclosure_url, in->disclosure_url);
  set(p->sbom_url, sizeof p->sbom_url, in->sbom_url);
  set(p->catalog_id, sizeof p->catalog_id, in->catalog_id);
  set(p->level, sizeof p->level, in->level);
  set(p->vendor_en, sizeof p->vendor_en, in->vendor_en);
  set(p->name_en, sizeof p->name_en, in->name_en);
  set(p->update_method_en, sizeof p->update_method_en, in->update_method_en);
}

static hoshi_err write_product(sqlite3 *db, const jcs_product *p, int insert, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  const char *sql =
      insert ? "INSERT INTO iot_products(vendor, name, product_type, firmware_version, support_end, update_method,"
               " vuln_contact, disclosure_url, sbom_url, catalog_id, level, status, updated_at, vendor_en, name_en,"
               " update_method_en, id, org_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
             : "UPDATE iot_products SET vendor = ?, name = ?, product_type = ?, firmware_version = ?, support_end = ?,"
               " update_method = ?, vuln_contact = ?, disclosure_url = ?, sbom_url = ?, catalog_id = ?, level = ?,"
               " status = ?, updated_at = ?, vendor_en = ?, name_en = ?, update_method_en = ? WHERE id = ?";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "storing product");
  const char *v[] = {p->vendor,     p->name,       p->product_type, p->firmware_version, p->support_end,
                     p->update_method, p->vuln_contact, p->disclosure_url, p->sbom_url, p->catalog_id,
                     p->level,      p->status,     p->updated_at,   p->vendor_en,        p->name_en,
                     p->update_method_en, p->id,   p->org_id,       p->created_by,       p->created_at};
  int nv = insert ? 20 : 17;
  for (int i = 0; i < nv; i++) store_bind_text(st, i + 1, v[i]);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "storing product");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err jcs_product_create(sqlite3 *db, const audit_actor *who, const char *org_id, const jcs_product_fields *in,
                             jcs_product *out, hoshi_error *e) {
  hoshi_err rc = check_fields(db, in, 1, e);
  if (rc) return rc;
  org o;
  if (org_get(db, org_id, &o, NULL) != HOSHI_OK)
    return hoshi_fail(e, HOSHI_EINVAL, "org_id", "no organization %.64s", org_id);
  jcs_product p;
  memset(&p, 0, sizeof p);
  util_new_id("iot", p.id);
  snprintf(p.org_id, sizeof p.org_id, "%s", org_id);
  /* The vendor name defaults to the organization's (English when the UI is English is the
   * vendor's choice: they may give their own). */
  snprintf(p.vendor, sizeof p.vendor, "%.300s", o.name_ja);
  snprintf(p.vendor_en, sizeof p.vendor_en, "%.300s", o.name_en);
  snprintf(p.catalog_id, sizeof p.catalog_id, "%s", JCS_DEFAULT_CATALOG);
  snprintf(p.level, sizeof p.level, "1");
  apply_fields(&p, in);
  snprintf(p.status, sizeof p.status, "%s", JCS_DRAFT);
  snprintf(p.created_by, sizeof p.created_by, "%s", who->user_id ? who->user_id : who->name);
  util_now_iso(p.created_at);
  memcpy(p.updated_at, p.created_at, sizeof p.updated_at);
  if ((rc = store_begin(db, e))) return rc;
  if ((rc = write_product(db, &p, 1, e))) goto done;
  if ((rc = jcs_insert_models(db, p.id, in->models, in->n_models, e))) goto done;
  char summary[1200];
  const char *kv[] = {"vendor", p.vendor, "name", p.name, "product_type", p.product_type, "firmware_version",
                      p.firmware_version, "support_end", p.support_end, "level", p.level, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, p.org_id, "product.create", "product", p.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  else if (out) *out = p;
  return rc;
}

hoshi_err jcs_product_update(sqlite3 *db, const audit_actor *who, const char *id, const jcs_product_fields *in,
                             jcs_product *out, hoshi_error *e) {
  hoshi_err rc = check_fields(db, in, 0, e);
  if (rc) return rc;
  jcs_product p;
  if ((rc = jcs_tx_begin(db, id, JCS_DRAFT, "editing the product", &p, e))) return rc;
  apply_fields(&p, in);
  util_now_iso(p.updated_at);
  sqlite3_stmt *st = NULL;
  if ((rc = write_product(db, &p, 0, e))) goto done;
  if (in->models) {
    if (sqlite3_prepare_v2(db, "DELETE FROM iot_product_models WHERE product_id = ?", -1, &st, NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "storing model numbers");
      goto done;
    }
    store_bind_text(st, 1, p.id);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = store_fail(db, e, "storing model numbers");
      goto done;
    }
    if ((rc = jcs_insert_models(db, p.id, in->models, in->n_models, e))) goto done;
  }
  char summary[1200];
  const char *kv[] = {"name", p.name, "firmware_version", p.firmware_version, "support_end", p.support_end,
                      "models", in->models ? "replaced" : "kept", NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, p.org_id, "product.update", "product", p.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = p;
  return rc;
}

/* ---- checklist ---- */

static int criterion_in_level(sqlite3 *db, const jcs_product *p, const char *criterion, char req_out[CATALOG_REF_MAX + 1]) {
  catalog_criterion *c = NULL;
  size_t n = 0;
  int found = 0;
  if (catalog_criteria_for_level(db, p->catalog_id, p->level, &c, &n, NULL) != HOSHI_OK) return 0;
  for (size_t i = 0; i < n && !found; i++)
    if (strcmp(c[i].id, criterion) == 0) {
      found = 1;
      if (req_out) snprintf(req_out, CATALOG_REF_MAX + 1, "%s", c[i].requirement);
    }
  free(c);
  return found;
}

hoshi_err jcs_answer_set(sqlite3 *db, const audit_actor *who, const jcs_product *p, const char *criterion,
                         const char *status, const char *evidence, hoshi_error *e) {
  static const char *const statuses[] = {"met", "not_met", NULL};
  hoshi_err rc;
  if (status == NULL || !text_one_of(status, statuses))
    return hoshi_fail(e, HOSHI_EINVAL, "status", "status must be met or not_met");
  if ((rc = text_check("evidence", evidence, JCS_TEXT_MAX, strcmp(status, "met") == 0, 1, e))) {
    if (e && rc == HOSHI_EINVAL && (evidence == NULL || !*evidence))
      hoshi_fail(e, HOSHI_EINVAL, "evidence",
                 "a met requirement names its evidence (document and section, or test report)");
    return rc;
  }
  if (criterion == NULL || !criterion_in_level(db, p, criterion, NULL))
    return hoshi_fail(e, HOSHI_EINVAL, "criterion", "criterion '%.48s' is not part of %s level %s",
                      criterion ? criterion : "", p->catalog_id, p->level);
  jcs_product cur;
  if ((rc = jcs_tx_begin(db, p->id, JCS_DRAFT, "answering the checklist", &cur, e))) return rc;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO iot_answers(product_id, criterion_id, status, evidence, updated_by, updated_at)"
                         " VALUES (?,?,?,?,?,?) ON CONFLICT(product_id, criterion_id) DO UPDATE SET status = excluded.status,"
                         " evidence = excluded.evidence, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "storing answer");
    goto done;
  }
  const char *v[] = {p->id, criterion, status, evidence ? evidence : "", who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "storing answer");
    goto done;
  }
  char summary[600];
  const char *kv[] = {"criterion", criterion, "status", status, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, p->org_id, "product.answer", "product", p->id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err jcs_answers_get(sqlite3 *db, const char *product_id, jcs_answer **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT criterion_id, status, evidence, updated_at FROM iot_answers WHERE product_id = ?"
                             " ORDER BY criterion_id",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading answers");
  store_bind_text(st, 1, product_id);
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      jcs_answer *q = realloc(*out, cap * sizeof *q);
      if (q == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      *out = q;
    }
    jcs_answer *a = &(*out)[(*n)++];
    snprintf(a->criterion_id, sizeof a->criterion_id, "%s", store_col_text(st, 0));
    snprintf(a->status, sizeof a->status, "%s", store_col_text(st, 1));
    snprintf(a->evidence, sizeof a->evidence, "%s", store_col_text(st, 2));
    snprintf(a->updated_at, sizeof a->updated_at, "%s", store_col_text(st, 3));
  }
  sqlite3_finalize(st);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

hoshi_err jcs_progress_of(sqlite3 *db, const jcs_product *p, jcs_progress *out, hoshi_error *e) {
  memset(out, 0, sizeof *out);
  catalog_criterion *c = NULL;
  size_t nc = 0;
  jcs_answer *a = NULL;
  size_t na = 0;
  hoshi_err rc = catalog_criteria_for_level(db, p->catalog_id, p->level, &c, &nc, e);
  if (rc) return rc;
  if ((rc = jcs_answers_get(db, p->id, &a, &na, e))) {
    free(c);
    return rc;
  }
  int psti = p->psti_evidence_id[0] != '\0';
  for (size_t i = 0; i < nc; i++) {
    out->criteria++;
    int met = 0;
    for (size_t j = 0; j < na; j++)
      if (strcmp(a[j].criterion_id, c[i].id) == 0 && strcmp(a[j].status, "met") == 0) met = 1;
    if (met) out->met++;
    else if (psti && jcs_is_psti_requirement(c[i].requirement)) out->psti_met++;
    else {
      if (!out->unmet) snprintf(out->first_unmet, sizeof out->first_unmet, "%s", c[i].id);
      out->unmet++;
    }
  }
  free(c);
  free(a);
  return HOSHI_OK;
}

/* ---- evidence and the PSTI statement ---- */

hoshi_err jcs_evidence_add(sqlite3 *db, const audit_actor *who, const char *data_dir, const jcs_product *p,
                           const char *criterion, const char *kind, const char *filename, const void *data, size_t len,
                           jcs_evidence *out, hoshi_error *e) {
  static const char *const kinds[] = {"evidence", "psti", NULL};
  hoshi_err rc;
  if (kind == NULL || !text_one_of(kind, kinds))
    return hoshi_fail(e, HOSHI_EINVAL, "kind", "kind must be evidence or psti");
  if ((rc = scs_evidence_check_filename(filename, e))) return rc;
  if (len == 0) return hoshi_fail(e, HOSHI_EINVAL, "body", "the file is empty");
  if (len > SCS_EVIDENCE_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "body", "the file is %zu bytes; at most %d allowed", len, SCS_EVIDENCE_MAX);
  int psti = strcmp(kind, "psti") == 0;
  if (psti) criterion = "";
  else if (criterion == NULL || !criterion_in_level(db, p, criterion, NULL))
    return hoshi_fail(e, HOSHI_EINVAL, "criterion", "criterion '%.48s' is not part of %s level %s",
                      criterion ? criterion : "", p->catalog_id, p->level);
  char type[128];
  if (scs_evidence_sniff(data, len, type, sizeof type) == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "body",
                      "files of type '%s' are not accepted; send PDF, images, text/CSV, JSON or Office documents",
                      type[0] ? type : "unknown");
  jcs_evidence ev;
  memset(&ev, 0, sizeof ev);
  util_new_id("iev", ev.id);
  snprintf(ev.product_id, sizeof ev.product_id, "%s", p->id);
  snprintf(ev.criterion_id, sizeof ev.criterion_id, "%s", criterion);
  snprintf(ev.kind, sizeof ev.kind, "%s", kind);
  util_sha256_hex(data, len, ev.sha256);
  snprintf(ev.filename, sizeof ev.filename, "%s", filename);
  snprintf(ev.content_type, sizeof ev.content_type, "%s", type);
  ev.size = (long long)len;
  util_now_iso(ev.uploaded_at);
  if ((rc = scs_evidence_write_blob(data_dir, ev.sha256, data, len, e))) return rc;
  jcs_product cur;
  if ((rc = jcs_tx_begin(db, p->id, JCS_DRAFT, "adding evidence", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = scs_evidence_blob_row(db, ev.sha256, ev.size, ev.content_type, ev.uploaded_at, e))) goto done;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO iot_evidence(id, product_id, criterion_id, kind, sha256, filename, uploaded_by,"
                         " uploaded_at) VALUES (?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "storing evidence");
    goto done;
  }
  const char *v[] = {ev.id, ev.product_id, ev.criterion_id, ev.kind, ev.sha256, ev.filename,
                     who->user_id ? who->user_id : who->name, ev.uploaded_at};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "storing evidence");
    goto done;
  }
  if (psti) {
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "UPDATE iot_products SET psti_evidence_id = ?, updated_at = ? WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "storing PSTI statement");
      goto done;
    }
    store_bind_text(st, 1, ev.id);
    store_bind_text(st, 2, ev.uploaded_at);
    store_bind_text(st, 3, p->id);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = store_fail(db, e, "storing PSTI statement");
      goto done;
    }
  }
  char summary[600];
  const char *kv[] = {"kind", ev.kind, "criterion", ev.criterion_id, "sha256", ev.sha256, "type", ev.content_type, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, p->org_id, psti ? "product.psti_statement" : "product.evidence", "product", p->id,
                         summary, e)))
    goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = ev;
  return rc;
}

#define E_COLUMNS                                                                                        \
  "v.id, v.product_id, v.criterion_id, v.kind, v.sha256, v.filename, b.content_type, b.size, v.uploaded_at" \
  " FROM iot_evidence v JOIN evidence_blobs b ON b.sha256 = v.sha256"

static void row_to_evidence(sqlite3_stmt *st, jcs_evidence *ev) {
  memset(ev, 0, sizeof *ev);
  snprintf(ev->id, sizeof ev->id, "%s", store_col_text(st, 0));
  snprintf(ev->product_id, sizeof ev->product_id, "%s", store_col_text(st, 1));
  snprintf(ev->criterion_id, sizeof ev->criterion_id, "%s", store_col_text(st, 2));
  snprintf(ev->kind, sizeof ev->kind, "%s", store_col_text(st, 3));
  snprintf(ev->sha256, sizeof ev->sha256, "%s", store_col_text(st, 4));
  snprintf(ev->filename, sizeof ev->filename, "%s", store_col_text(st, 5));
  snprintf(ev->content_type, sizeof ev->content_type, "%s", store_col_text(st, 6));
  ev->size = sqlite3_column_int64(st, 7);
  snprintf(ev->uploaded_at, sizeof ev->uploaded_at, "%s", store_col_text(st, 8));
}

static void collect_row_to_evidence(sqlite3_stmt *st, void *slot) { row_to_evidence(st, slot); }

hoshi_err jcs_evidence_get(sqlite3 *db, const char *id, jcs_evidence *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " E_COLUMNS " WHERE v.id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading evidence");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_evidence(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no evidence %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err jcs_evidence_list(sqlite3 *db, const char *product_id, jcs_evidence **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " E_COLUMNS " WHERE v.product_id = ? ORDER BY v.uploaded_at, v.id", -1, &st,
                         NULL) != SQLITE_OK)
    return store_fail(db, e, "listing evidence");
  store_bind_text(st, 1, product_id);
  void *arr = NULL;
  hoshi_err rc = store_collect(db, st, sizeof(jcs_evidence), collect_row_to_evidence, &arr, n, "listing evidence", e);
  *out = arr;
  return rc;
}

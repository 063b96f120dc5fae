/* /api/v1/iot-products (the vendor's JC-STAR workflow) and /api/v1/labels (the public list,
 * product pages, procurement check, label images, withdrawal). Rules live in jcs_allowed;
 * public answers are built only by public_json, which writes the public fields and no other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "jcstar/jcstar.h"
#include "scs/scs.h"

static const char *action_words(jcs_action a) {
  switch (a) {
    case JCS_READ: return "see this product (its vendor, the operator or an auditor only)";
    case JCS_EDIT: return "change this product (its vendor's members only)";
    case JCS_DECLARE: return "declare conformity of this product (its vendor's members only)";
    case JCS_CHANGE: return "record a change notice (its vendor's members only)";
    case JCS_EVIDENCE_READ: return "see this evidence (the vendor or the operator only)";
    case JCS_WITHDRAW: return "withdraw labels (the scheme operator only)";
  }
  return "do this";
}

/* Loads params[0] and checks the action; sends 404 or 403 and returns -1 when refused. */
static int load(http_req *r, jcs_action act, jcs_product *p) {
  hoshi_error e;
  if (jcs_product_get(r->db, r->params[0], p, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  jcs_relation rel;
  jcs_relation_of(&r->who, p, &rel);
  if (!jcs_allowed(&rel, act)) {
    http_forbidden(r, action_words(act));
    return -1;
  }
  return 0;
}

/* Reads an optional array of strings (at most max+1 are looked at, so the limit check in the
 * library sees one past it). Returns -1 after sending 400. *out malloc'd (NULL when absent). */
static int json_opt_str_array(http_req *r, yyjson_val *o, const char *key, const char ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  yyjson_val *v = yyjson_obj_get(o, key);
  if (v == NULL) return 0;
  if (!yyjson_is_arr(v)) {
    http_send_error(r, 400, "invalid", key, "%s must be an array of strings", key);
    return -1;
  }
  size_t cnt = yyjson_arr_size(v);
  if (cnt > JCS_MODELS_MAX + 1) cnt = JCS_MODELS_MAX + 1;
  const char **a = calloc(cnt ? cnt : 1, sizeof *a);
  if (a == NULL) {
    http_send_error(r, 500, "internal", "", "out of memory");
    return -1;
  }
  size_t i = 0;
  yyjson_val *it;
  yyjson_arr_iter iter = yyjson_arr_iter_with(v);
  while ((it = yyjson_arr_iter_next(&iter)) && i < cnt) {
    if (!yyjson_is_str(it)) {
      free(a);
      http_send_error(r, 400, "invalid", key, "%s[%zu] must be a string", key, i);
      return -1;
    }
    a[i++] = yyjson_get_str(it);
  }
  if (yyjson_arr_size(v) > cnt) {
    free(a);
    http_send_error(r, 413, "limit", key, "%s has %zu entries; at most %d", key, yyjson_arr_size(v), JCS_MODELS_MAX);
    return -1;
  }
  *out = a;
  *n = i;
  return 0;
}

static void product_json(yyjson_mut_doc *d, yyjson_mut_val *o, const jcs_product *p) {
  yyjson_mut_obj_add_strcpy(d, o, "id", p->id);
  yyjson_mut_obj_add_strcpy(d, o, "org_id", p->org_id);
  yyjson_mut_obj_add_strcpy(d, o, "vendor", p->vendor);
  yyjson_mut_obj_add_strcpy(d, o, "vendor_en", p->vendor_en);
  yyjson_mut_obj_add_strcpy(d, o, "name", p->name);
  yyjson_mut_obj_add_strcpy(d, o, "name_en", p->name_en);
  yyjson_mut_obj_add_strcpy(d, o, "product_type", p->product_type);
  yyjson_mut_obj_add_strcpy(d, o, "firmware_version", p->firmware_version);
  yyjson_mut_obj_add_strcpy(d, o, "support_end", p->support_end);
  yyjson_mut_obj_add_strcpy(d, o, "update_method", p->update_method);
  yyjson_mut_obj_add_strcpy(d, o, "update_method_en", p->update_method_en);
  yyjson_mut_obj_add_strcpy(d, o, "vuln_contact", p->vuln_contact);
  yyjson_mut_obj_add_strcpy(d, o, "disclosure_url", p->disclosure_url);
  yyjson_mut_obj_add_strcpy(d, o, "sbom_url", p->sbom_url);
  yyjson_mut_obj_add_strcpy(d, o, "catalog", p->catalog_id);
  yyjson_mut_obj_add_strcpy(d, o, "level", p->level);
  yyjson_mut_obj_add_strcpy(d, o, "status", p->status);
  yyjson_mut_obj_add_bool(d, o, "psti_statement", p->psti_evidence_id[0] != '\0');
  yyjson_mut_obj_add_strcpy(d, o, "label_id", p->label_id);
  yyjson_mut_obj_add_strcpy(d, o, "created_at", p->created_at);
  yyjson_mut_obj_add_strcpy(d, o, "updated_at", p->updated_at);
}

static void models_json(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *o, const char *key, const char *product_id) {
  yyjson_mut_val *arr = yyjson_mut_obj_add_arr(d, o, key);
  jcs_models m;
  if (jcs_models_get(r->db, product_id, &m, NULL) != HOSHI_OK) return;
  for (size_t i = 0; i < m.n; i++) yyjson_mut_arr_add_strcpy(d, arr, m.v[i]);
  free(m.v);
}

static void changes_json(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *o, const char *label_id) {
  yyjson_mut_val *arr = yyjson_mut_obj_add_arr(d, o, "changes");
  jcs_change *c = NULL;
  size_t n = 0;
  if (jcs_changes_get(r->db, label_id, &c, &n, NULL) != HOSHI_OK) return;
  for (size_t i = 0; i < n; i++) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, arr);
    yyjson_mut_obj_add_strcpy(d, x, "date", c[i].created_at);
    yyjson_mut_obj_add_strcpy(d, x, "kind", c[i].kind);
    yyjson_mut_obj_add_strcpy(d, x, "before", c[i].before);
    yyjson_mut_obj_add_strcpy(d, x, "after", c[i].after);
    yyjson_mut_obj_add_strcpy(d, x, "note", c[i].note);
  }
  free(c);
}

/* The one place that writes a label for the public: nothing of the vendor's account, no ids
 * of rows, users or organizations, no answers, no evidence, no declarant. */
static void public_json(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *o, const jcs_public *x, int with_changes) {
  char url[1200];
  jcs_product_url(r->srv->cfg.public_url, x->label.reg_number, url, sizeof url);
  yyjson_mut_obj_add_strcpy(d, o, "registration_number", x->label.reg_number);
  yyjson_mut_obj_add_strcpy(d, o, "scheme", "JC-STAR");
  yyjson_mut_obj_add_strcpy(d, o, "level", x->label.level);
  yyjson_mut_obj_add_strcpy(d, o, "catalog", x->label.catalog_id);
  yyjson_mut_obj_add_strcpy(d, o, "status", x->status);
  yyjson_mut_obj_add_strcpy(d, o, "issued_on", x->label.issued_on);
  yyjson_mut_obj_add_strcpy(d, o, "expires_on", x->label.expires_on);
  if (strcmp(x->status, JCS_WITHDRAWN) == 0) {
    yyjson_mut_obj_add_strcpy(d, o, "withdrawn_at", x->label.withdrawn_at);
    yyjson_mut_obj_add_strcpy(d, o, "withdraw_reason", x->label.withdraw_reason);
  }
  yyjson_mut_obj_add_bool(d, o, "psti_recognized", x->label.psti_recognized != 0);
  yyjson_mut_val *p = yyjson_mut_obj_add_obj(d, o, "product");
  yyjson_mut_obj_add_strcpy(d, p, "vendor", x->product.vendor);
  yyjson_mut_obj_add_strcpy(d, p, "vendor_en", x->product.vendor_en);
  yyjson_mut_obj_add_strcpy(d, p, "name", x->product.name);
  yyjson_mut_obj_add_strcpy(d, p, "name_en", x->product.name_en);
  yyjson_mut_obj_add_strcpy(d, p, "product_type", x->product.product_type);
  models_json(r, d, p, "model_numbers", x->product.id);
  yyjson_mut_obj_add_strcpy(d, p, "firmware_version", x->product.firmware_version);
  yyjson_mut_val *s = yyjson_mut_obj_add_obj(d, o, "security");
  yyjson_mut_obj_add_strcpy(d, s, "support_end", x->product.support_end);
  yyjson_mut_obj_add_strcpy(d, s, "update_method", x->product.update_method);
  yyjson_mut_obj_add_strcpy(d, s, "update_method_en", x->product.update_method_en);
  yyjson_mut_obj_add_strcpy(d, s, "vulnerability_contact", x->product.vuln_contact);
  yyjson_mut_obj_add_strcpy(d, s, "disclosure_policy_url", x->product.disclosure_url);
  yyjson_mut_obj_add_strcpy(d, s, "sbom_url", x->product.sbom_url);
  yyjson_mut_obj_add_strcpy(d, o, "product_page", url);
  char img[200];
  snprintf(img, sizeof img, "/api/v1/labels/%s/image.svg", x->label.reg_number);
  yyjson_mut_obj_add_strcpy(d, o, "image_svg", img);
  snprintf(img, sizeof img, "/api/v1/labels/%s/image.png", x->label.reg_number);
  yyjson_mut_obj_add_strcpy(d, o, "image_png", img);
  if (with_changes) changes_json(r, d, o, x->label.id);
}

/* ---- vendor workflow ---- */

void h_iot_products_list(http_req *r) {
  const char *org_id = authz_sees_all(&r->who) ? http_query(r, "org_id") : r->who.org_id;
  if (!authz_sees_all(&r->who) && !(r->who.roles & ROLE_MEMBER)) {
    http_forbidden(r, "list products (vendor members, the operator or auditors only)");
    return;
  }
  jcs_product *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (jcs_product_list(r->db, org_id, &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) {
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, items);
    product_json(d, o, &list[i]);
    models_json(r, d, o, "models", list[i].id);
    jcs_label l;
    if (list[i].label_id[0] && jcs_label_get(r->db, list[i].label_id, &l, NULL) == HOSHI_OK)
      yyjson_mut_obj_add_strcpy(d, o, "registration_number", l.reg_number);
  }
  free(list);
  http_send_json(r, 200, d);
}

/* Reads the product members of a create or update body. Returns -1 after sending 400. */
static int read_fields(http_req *r, yyjson_val *o, jcs_product_fields *f, const char ***models) {
  static const char *const allowed[] = {"vendor", "name", "product_type", "firmware_version", "support_end",
                                        "update_method", "vuln_contact", "disclosure_url", "sbom_url", "catalog",
                                        "level", "models", "org_id", "vendor_en", "name_en", "update_method_en", NULL};
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "vendor", &f->vendor) || json_opt_str(r, o, "name", &f->name) ||
      json_opt_str(r, o, "product_type", &f->product_type) ||
      json_opt_str(r, o, "firmware_version", &f->firmware_version) ||
      json_opt_str(r, o, "support_end", &f->support_end) || json_opt_str(r, o, "update_method", &f->update_method) ||
      json_opt_str(r, o, "vuln_contact", &f->vuln_contact) || json_opt_str(r, o, "disclosure_url", &f->disclosure_url) ||
      json_opt_str(r, o, "sbom_url", &f->sbom_url) || json_opt_str(r, o, "catalog", &f->catalog_id) ||
      json_opt_str(r, o, "level", &f->level) || json_opt_str(r, o, "vendor_en", &f->vendor_en) ||
      json_opt_str(r, o, "name_en", &f->name_en) || json_opt_str(r, o, "update_method_en", &f->update_method_en))
    return -1;
  if (json_opt_str_array(r, o, "models", models, &f->n_models)) return -1;
  f->models = *models;
  return 0;
}

static void reply_product(http_req *r, unsigned status, const char *id);

void h_iot_products_create(http_req *r) {
  if (!(r->who.roles & (ROLE_MEMBER | ROLE_ADMIN))) {
    http_forbidden(r, "register products (vendor members only)");
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  jcs_product_fields f = {0};
  const char **models = NULL;
  const char *org_id = NULL;
  if (read_fields(r, o, &f, &models) || json_opt_str(r, o, "org_id", &org_id)) {
    free(models);
    yyjson_doc_free(doc);
    return;
  }
  /* A vendor registers for its own organization; the operator may register for any. */
  if (org_id && strcmp(org_id, r->who.org_id) != 0 && !(r->who.roles & ROLE_ADMIN)) {
    free(models);
    yyjson_doc_free(doc);
    http_forbidden(r, "register products for another organization");
    return;
  }
  if (org_id == NULL) org_id = r->who.org_id;
  jcs_product p;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = jcs_product_create(r->db, &who, org_id, &f, &p, &e);
  free(models);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  reply_product(r, 201, p.id);
}

static void reply_product(http_req *r, unsigned status, const char *id) {
  jcs_product p;
  hoshi_error e;
  if (jcs_product_get(r->db, id, &p, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  product_json(d, root, &p);
  models_json(r, d, root, "models", p.id);
  jcs_progress pg;
  if (jcs_progress_of(r->db, &p, &pg, NULL) == HOSHI_OK) {
    yyjson_mut_val *g = yyjson_mut_obj_add_obj(d, root, "progress");
    yyjson_mut_obj_add_int(d, g, "criteria", pg.criteria);
    yyjson_mut_obj_add_int(d, g, "met", pg.met);
    yyjson_mut_obj_add_int(d, g, "psti_met", pg.psti_met);
    yyjson_mut_obj_add_int(d, g, "unmet", pg.unmet);
    yyjson_mut_obj_add_strcpy(d, g, "first_unmet", pg.first_unmet);
  }
  yyjson_mut_val *psti = yyjson_mut_obj_add_arr(d, root, "psti_requirements");
  for (int i = 0; jcs_psti_requirements[i]; i++) yyjson_mut_arr_add_str(d, psti, jcs_psti_requirements[i]);
  yyjson_mut_val *ans = yyjson_mut_obj_add_obj(d, root, "answers");
  jcs_answer *a = NULL;
  size_t na = 0;
  if (jcs_answers_get(r->db, p.id, &a, &na, NULL) == HOSHI_OK) {
    for (size_t i = 0; i < na; i++) {
      yyjson_mut_val *x = yyjson_mut_obj(d);
      yyjson_mut_obj_add_strcpy(d, x, "status", a[i].status);
      yyjson_mut_obj_add_strcpy(d, x, "evidence", a[i].evidence);
      yyjson_mut_obj_add_strcpy(d, x, "updated_at", a[i].updated_at);
      yyjson_mut_obj_put(ans, yyjson_mut_strcpy(d, a[i].criterion_id), x);
    }
    free(a);
  }
  yyjson_mut_val *evs = yyjson_mut_obj_add_arr(d, root, "evidence");
  jcs_evidence *ev = NULL;
  size_t ne = 0;
  if (jcs_evidence_list(r->db, p.id, &ev, &ne, NULL) == HOSHI_OK) {
    for (size_t i = 0; i < ne; i++) {
      yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, evs);
      yyjson_mut_obj_add_strcpy(d, x, "id", ev[i].id);
      yyjson_mut_obj_add_strcpy(d, x, "criterion", ev[i].criterion_id);
      yyjson_mut_obj_add_strcpy(d, x, "kind", ev[i].kind);
      yyjson_mut_obj_add_strcpy(d, x, "filename", ev[i].filename);
      yyjson_mut_obj_add_strcpy(d, x, "content_type", ev[i].content_type);
      yyjson_mut_obj_add_int(d, x, "size", ev[i].size);
      yyjson_mut_obj_add_strcpy(d, x, "sha256", ev[i].sha256);
      yyjson_mut_obj_add_strcpy(d, x, "uploaded_at", ev[i].uploaded_at);
    }
    free(ev);
  }
  jcs_public pub;
  jcs_label l;
  if (p.label_id[0] && jcs_label_get(r->db, p.label_id, &l, NULL) == HOSHI_OK &&
      jcs_public_get(r->db, l.reg_number, &pub, NULL) == HOSHI_OK) {
    yyjson_mut_val *lo = yyjson_mut_obj_add_obj(d, root, "label");
    public_json(r, d, lo, &pub, 1);
    yyjson_mut_obj_add_strcpy(d, lo, "declarant_name", l.declarant_name);
    yyjson_mut_obj_add_strcpy(d, lo, "declarant_title", l.declarant_title);
  }
  http_send_json(r, status, d);
}

void h_iot_products_get(http_req *r) {
  jcs_product p;
  if (load(r, JCS_READ, &p)) return;
  reply_product(r, 200, p.id);
}

void h_iot_products_update(http_req *r) {
  jcs_product p;
  if (load(r, JCS_EDIT, &p)) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  jcs_product_fields f = {0};
  const char **models = NULL;
  const char *org_id = NULL;
  if (read_fields(r, yyjson_doc_get_root(doc), &f, &models) ||
      json_opt_str(r, yyjson_doc_get_root(doc), "org_id", &org_id)) {
    free(models);
    yyjson_doc_free(doc);
    return;
  }
  if (org_id) {
    free(models);
    yyjson_doc_free(doc);
    http_send_error(r, 400, "invalid", "org_id", "a product's organization cannot be changed");
    return;
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = jcs_product_update(r->db, &who, p.id, &f, NULL, &e);
  free(models);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  reply_product(r, 200, p.id);
}

void h_iot_products_answer(http_req *r) {
  jcs_product p;
  if (load(r, JCS_EDIT, &p)) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"status", "evidence", NULL};
  const char *status = NULL, *evidence = NULL;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "status", &status) || json_opt_str(r, o, "evidence", &evidence)) {
    yyjson_doc_free(doc);
    return;
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = jcs_answer_set(r->db, &who, &p, r->params[1], status, evidence, &e);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  reply_product(r, 200, p.id);
}

void h_iot_products_evidence_add(http_req *r) {
  jcs_product p;
  if (load(r, JCS_EDIT, &p)) return;
  const char *kind = http_query(r, "kind");
  if (kind == NULL) kind = "evidence";
  jcs_evidence ev;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (jcs_evidence_add(r->db, &who, r->srv->cfg.data_dir, &p, http_query(r, "criterion"), kind,
                       http_query(r, "filename"), r->body.p ? r->body.p : "", r->body.n, &ev, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", ev.id);
  yyjson_mut_obj_add_strcpy(d, root, "kind", ev.kind);
  yyjson_mut_obj_add_strcpy(d, root, "criterion", ev.criterion_id);
  yyjson_mut_obj_add_strcpy(d, root, "filename", ev.filename);
  yyjson_mut_obj_add_strcpy(d, root, "content_type", ev.content_type);
  yyjson_mut_obj_add_int(d, root, "size", ev.size);
  yyjson_mut_obj_add_strcpy(d, root, "sha256", ev.sha256);
  http_send_json(r, 201, d);
}

void h_product_evidence_get(http_req *r) {
  jcs_evidence ev;
  jcs_product p;
  hoshi_error e;
  if (jcs_evidence_get(r->db, r->params[0], &ev, &e) || jcs_product_get(r->db, ev.product_id, &p, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  jcs_relation rel;
  jcs_relation_of(&r->who, &p, &rel);
  if (!jcs_allowed(&rel, JCS_EVIDENCE_READ)) {
    http_forbidden(r, action_words(JCS_EVIDENCE_READ));
    return;
  }
  char path[4300];
  scs_evidence_path(r->srv->cfg.data_dir, ev.sha256, path, sizeof path);
  FILE *f = fopen(path, "rb");
  char *buf = ev.size > 0 ? malloc((size_t)ev.size) : NULL;
  size_t got = (f && buf) ? fread(buf, 1, (size_t)ev.size, f) : 0;
  if (f) fclose(f);
  char check[65];
  if (buf) util_sha256_hex(buf, got, check);
  if (buf == NULL || got != (size_t)ev.size || strcmp(check, ev.sha256) != 0) {
    free(buf);
    fprintf(stderr, "hoshi: product evidence %s: stored file %s is missing or does not match its hash\n", ev.id, path);
    http_send_error(r, 500, "io_error", "", "the stored file is missing or damaged (request %s)", r->request_id);
    return;
  }
  http_send_download(r, ev.content_type, ev.filename, buf, got);
}

void h_iot_products_declare(http_req *r) {
  jcs_product p;
  if (load(r, JCS_DECLARE, &p)) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"name", "title", "accept", NULL};
  jcs_declaration dcl = {0};
  int accept = -1;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "name", &dcl.name) || json_opt_str(r, o, "title", &dcl.title) ||
      json_opt_bool(r, o, "accept", &accept)) {
    yyjson_doc_free(doc);
    return;
  }
  dcl.accept = accept == 1;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  jcs_label l;
  hoshi_err rc = jcs_declare(r->db, &who, &p, &dcl, &l, &e);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  reply_product(r, 201, p.id);
}

void h_iot_products_change(http_req *r) {
  jcs_product p;
  if (load(r, JCS_CHANGE, &p)) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"firmware_version", "add_models", "note", NULL};
  const char *fw = NULL, *note = NULL;
  const char **add = NULL;
  size_t n_add = 0;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "firmware_version", &fw) ||
      json_opt_str(r, o, "note", &note) || json_opt_str_array(r, o, "add_models", &add, &n_add)) {
    yyjson_doc_free(doc);
    return;
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = jcs_change_notice(r->db, &who, &p, fw, add, n_add, note, &e);
  free(add);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  reply_product(r, 200, p.id);
}

/* ---- public ---- */

void h_labels_list(http_req *r) {
  jcs_filter f = {http_query(r, "q"),     http_query(r, "vendor"), http_query(r, "product_type"),
                  http_query(r, "level"), http_query(r, "status"), http_query(r, "model")};
  const char *format = http_query(r, "format");
  if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
    http_send_error(r, 400, "invalid", "format", "format must be json or csv");
    return;
  }
  jcs_public *rows = NULL;
  size_t n = 0;
  hoshi_error e;
  if (jcs_public_list(r->db, &f, &rows, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (format && strcmp(format, "csv") == 0) {
    hoshi_buf b = HOSHI_BUF_INIT;
    hoshi_err rc = jcs_public_csv(r->db, rows, n, r->srv->cfg.public_url, &b, &e);
    free(rows);
    if (rc) {
      hoshi_buf_free(&b);
      http_send_hoshi(r, &e);
      return;
    }
    size_t len = b.n;
    char *data = hoshi_buf_take(&b);
    http_send_raw(r, 200, "text/csv; charset=utf-8", data, len, 1, "Content-Disposition",
                  "attachment; filename=\"jcstar-labels.csv\"");
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_int(d, root, "count", (int64_t)n);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) public_json(r, d, yyjson_mut_arr_add_obj(d, items), &rows[i], 0);
  free(rows);
  if (format) {
    size_t len = 0;
    char *s = yyjson_mut_write(d, YYJSON_WRITE_PRETTY, &len);
    yyjson_mut_doc_free(d);
    http_send_raw(r, 200, "application/json; charset=utf-8", s, len, 1, "Content-Disposition",
                  "attachment; filename=\"jcstar-labels.json\"");
    return;
  }
  http_send_json(r, 200, d);
}

void h_labels_check(http_req *r) {
  const char *vendor = http_query(r, "vendor"), *model = http_query(r, "model"), *ml = http_query(r, "min_level");
  int min_level = 1;
  if (ml) {
    if (strlen(ml) != 1 || ml[0] < '1' || ml[0] > '4') {
      http_send_error(r, 400, "invalid", "min_level", "min_level must be 1, 2, 3 or 4; got '%.16s'", ml);
      return;
    }
    min_level = ml[0] - '0';
  }
  int ok = 0;
  jcs_public best;
  memset(&best, 0, sizeof best);
  hoshi_error e;
  if (jcs_check(r->db, vendor, model, min_level, &ok, &best, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_bool(d, root, "ok", ok != 0);
  yyjson_mut_obj_add_strcpy(d, root, "vendor", vendor);
  yyjson_mut_obj_add_strcpy(d, root, "model", model);
  yyjson_mut_obj_add_int(d, root, "min_level", min_level);
  if (ok) public_json(r, d, yyjson_mut_obj_add_obj(d, root, "label"), &best, 0);
  else yyjson_mut_obj_add_null(d, root, "label");
  char today[UTIL_TIME_LEN];
  util_now_iso(today);
  yyjson_mut_obj_add_strcpy(d, root, "checked_at", today);
  http_send_json(r, 200, d);
}

static int load_public(http_req *r, jcs_public *x) {
  hoshi_error e;
  if (jcs_public_get(r->db, r->params[0], x, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  return 0;
}

void h_labels_get(http_req *r) {
  jcs_public x;
  if (load_public(r, &x)) return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  public_json(r, d, root, &x, 1);
  http_send_json(r, 200, d);
}

/* Field names follow the US Cyber Trust Mark registry record (CTA-2120) where the two overlap;
 * see docs/jcstar.md for the correspondence and what has no counterpart. */
void h_labels_record(http_req *r) {
  jcs_public x;
  if (load_public(r, &x)) return;
  char url[1200];
  jcs_product_url(r->srv->cfg.public_url, x.label.reg_number, url, sizeof url);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, o);
  yyjson_mut_obj_add_str(d, o, "recordFormat", "hoshi-iot-record/1");
  /* The US registry is English: English texts when the vendor gave them. */
  yyjson_mut_obj_add_strcpy(d, o, "productName", x.product.name_en[0] ? x.product.name_en : x.product.name);
  yyjson_mut_obj_add_strcpy(d, o, "manufacturerName", x.product.vendor_en[0] ? x.product.vendor_en : x.product.vendor);
  models_json(r, d, o, "modelNumbers", x.product.id);
  yyjson_mut_obj_add_strcpy(d, o, "productCategory", x.product.product_type);
  yyjson_mut_obj_add_strcpy(d, o, "softwareVersion", x.product.firmware_version);
  yyjson_mut_obj_add_strcpy(d, o, "supportEndDate", x.product.support_end);
  yyjson_mut_obj_add_strcpy(d, o, "updateMethod",
                            x.product.update_method_en[0] ? x.product.update_method_en : x.product.update_method);
  yyjson_mut_obj_add_strcpy(d, o, "securityContact", x.product.vuln_contact);
  yyjson_mut_obj_add_strcpy(d, o, "vulnerabilityDisclosurePolicy", x.product.disclosure_url);
  yyjson_mut_obj_add_bool(d, o, "sbomAvailable", x.product.sbom_url[0] != '\0');
  yyjson_mut_obj_add_strcpy(d, o, "sbomUrl", x.product.sbom_url);
  yyjson_mut_val *lab = yyjson_mut_obj_add_obj(d, o, "label");
  yyjson_mut_obj_add_str(d, lab, "program", "JC-STAR");
  yyjson_mut_obj_add_strcpy(d, lab, "level", x.label.level);
  yyjson_mut_obj_add_strcpy(d, lab, "registrationNumber", x.label.reg_number);
  yyjson_mut_obj_add_strcpy(d, lab, "status", x.status);
  yyjson_mut_obj_add_strcpy(d, lab, "issueDate", x.label.issued_on);
  yyjson_mut_obj_add_strcpy(d, lab, "expirationDate", x.label.expires_on);
  yyjson_mut_obj_add_bool(d, lab, "pstiRecognized", x.label.psti_recognized != 0);
  yyjson_mut_obj_add_strcpy(d, o, "registryUrl", url);
  http_send_json(r, 200, d);
}

static void send_image(http_req *r, const char *format) {
  jcs_public x;
  if (load_public(r, &x)) return;
  char url[1200];
  jcs_product_url(r->srv->cfg.public_url, x.label.reg_number, url, sizeof url);
  unsigned char *img = NULL;
  size_t len = 0;
  hoshi_error e;
  if (jcs_label_image(x.label.level, x.label.reg_number, url, format, &img, &len, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  http_send_raw(r, 200, strcmp(format, "svg") == 0 ? "image/svg+xml" : "image/png", img, len, 1, NULL, NULL);
}

void h_labels_image_svg(http_req *r) { send_image(r, "svg"); }
void h_labels_image_png(http_req *r) { send_image(r, "png"); }

void h_labels_withdraw(http_req *r) {
  jcs_relation rel = {0, (r->who.roles & ROLE_ADMIN) != 0, 0};
  if (!jcs_allowed(&rel, JCS_WITHDRAW)) {
    http_forbidden(r, action_words(JCS_WITHDRAW));
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"reason", NULL};
  const char *reason = NULL;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "reason", &reason)) {
    yyjson_doc_free(doc);
    return;
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = jcs_label_withdraw(r->db, &who, r->params[0], reason, &e);
  yyjson_doc_free(doc);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  h_labels_get(r);
}

/* Products, SBOM upload, findings, supplier VEX, product shares and buyer impact over HTTP.
 * Authorization is products_access_of (deny by default); the library checks ownership again. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "products/products.h"

/* 404 unless the caller may at least read the product (a product it cannot see does not
 * exist for it). */
static int need_visible(http_req *r, const char *product_id) {
  if (products_access_of(r->db, &r->who, product_id) != PRODUCTS_NONE) return 0;
  http_send_error(r, 404, "not_found", "id", "no product %.64s", product_id);
  return -1;
}

static void send_items(http_req *r, hoshi_err (*fill)(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e)) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  hoshi_error e;
  if (fill(r, d, items, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

static hoshi_err fill_list(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  return products_list_json(r->db, r->who.org_id, d, arr, e);
}

void h_products_list(http_req *r) {
  if (http_need_member(r, "list products (organization members only)")) return;
  send_items(r, fill_list);
}

void h_products_create(http_req *r) {
  if (http_need_member(r, "register products (organization members only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"name", "type", "description", NULL};
  const char *name, *type, *desc;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "name", &name) || json_opt_str(r, o, "type", &type) ||
      json_opt_str(r, o, "description", &desc))
    goto done;
  char id[UTIL_ID_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (products_create(r->db, &who, r->who.org_id, name, type, desc, id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  http_send_id(r, 201, id);
done:
  yyjson_doc_free(doc);
}

void h_products_versions_create(http_req *r) {
  if (http_need_member(r, "add product versions (organization members only)")) return;
  if (need_visible(r, r->params[0])) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"version", NULL};
  const char *version;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "version", &version)) goto done;
  char id[UTIL_ID_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (products_version_add(r->db, &who, r->who.org_id, r->params[0], version, id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  http_send_id(r, 201, id);
done:
  yyjson_doc_free(doc);
}

/* Media types a JSON SBOM file may come with in a multipart upload (browsers guess them
 * from the file name; curl sends none or octet-stream). */
static const char *const sbom_part_types[] = {"application/json", "application/vnd.cyclonedx+json", "application/spdx+json",
                                              "application/ld+json", "application/octet-stream", "text/plain", NULL};

static int sbom_part_type_ok(const char *ct) {
  if (!ct[0]) return 1;
  size_t n = strcspn(ct, "; ");
  for (int i = 0; sbom_part_types[i]; i++)
    if (strlen(sbom_part_types[i]) == n && strncasecmp(ct, sbom_part_types[i], n) == 0) return 1;
  return 0;
}

/* The SBOM of an upload: the raw body, or the field "file" of a multipart/form-data body.
 * 0 with buf and len set (borrowed from r or from file); -1 when an error was sent. */
static int sbom_body(http_req *r, hoshi_buf *file, const char **buf, size_t *len) {
  const char *ct = http_header(r, "Content-Type");
  if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
    http_send_error(r, 415, "unsupported_media_type", "Content-Type",
                    "send the SBOM as the raw JSON body or as multipart/form-data with a field named file");
    return -1;
  }
  if (!http_is_multipart(ct)) {
    *buf = r->body.p ? r->body.p : "";
    *len = r->body.n;
    return 0;
  }
  char ptype[128];
  if (http_multipart_file(r, "file", PRODUCTS_SBOM_MAX, file, ptype, sizeof ptype)) return -1;
  if (!sbom_part_type_ok(ptype)) {
    http_send_error(r, 415, "unsupported_media_type", "file",
                    "file has content type '%.60s'; an SBOM is uploaded as JSON (application/json,"
                    " application/vnd.cyclonedx+json or application/spdx+json)",
                    ptype);
    return -1;
  }
  *buf = file->p ? file->p : "";
  *len = file->n;
  return 0;
}

void h_products_sbom_upload(http_req *r) {
  if (http_need_member(r, "upload SBOMs (organization members only)")) return;
  if (need_visible(r, r->params[0])) return;
  hoshi_buf file = HOSHI_BUF_INIT;
  const char *buf;
  size_t len;
  if (sbom_body(r, &file, &buf, &len)) {
    hoshi_buf_free(&file);
    return;
  }
  products_upload_result res;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  hoshi_err rc = products_sbom_upload(r->db, &who, r->who.org_id, r->params[0], r->params[1], buf, len, &res, &e);
  hoshi_buf_free(&file);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", res.sbom_id);
  yyjson_mut_obj_add_strcpy(d, root, "version_id", res.version_id);
  yyjson_mut_obj_add_strcpy(d, root, "format", res.format);
  yyjson_mut_obj_add_strcpy(d, root, "spec_version", res.spec_version);
  yyjson_mut_obj_add_uint(d, root, "components", res.components);
  yyjson_mut_val *q = yyjson_mut_obj_add_obj(d, root, "quality");
  yyjson_mut_obj_add_real(d, q, "ntia_all", res.ntia_all);
  yyjson_mut_obj_add_real(d, q, "cisa_all", res.cisa_all);
  yyjson_mut_val *f = yyjson_mut_obj_add_obj(d, root, "findings");
  yyjson_mut_obj_add_uint(d, f, "open", res.findings_open);
  yyjson_mut_obj_add_uint(d, f, "new", res.findings_new);
  yyjson_mut_obj_add_uint(d, f, "resolved", res.resolved);
  http_send_json(r, 201, d);
}

static hoshi_err fill_findings(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  return products_findings_json(r->db, r->who.org_id, r->params[0], d, arr, e);
}

void h_products_findings(http_req *r) {
  if (need_visible(r, r->params[0])) return;
  send_items(r, fill_findings);
}

static hoshi_err fill_components(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  return products_components_json(r->db, r->who.org_id, r->params[0], r->params[1], d, arr, e);
}

void h_products_components(http_req *r) {
  if (need_visible(r, r->params[0])) return;
  send_items(r, fill_components);
}

void h_findings_vex(http_req *r) {
  if (http_need_member(r, "state VEX (members of the product's organization only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"status", "justification", "action", "detail", NULL};
  const char *status, *just, *action, *detail;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "status", &status) || json_opt_str(r, o, "justification", &just) ||
      json_opt_str(r, o, "action", &action) || json_opt_str(r, o, "detail", &detail))
    goto done;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (products_vex_set(r->db, &who, r->who.org_id, r->params[0], status, just, action, detail, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "finding", r->params[0]);
  yyjson_mut_obj_add_strcpy(d, root, "status", status);
  http_send_json(r, 200, d);
done:
  yyjson_doc_free(doc);
}

void h_product_shares_create(http_req *r) {
  if (http_need_member(r, "share products (members of the supplier organization only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"product", "buyer", "scope", NULL};
  const char *product, *buyer, *scope;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "product", &product) || json_opt_str(r, o, "buyer", &buyer) ||
      json_opt_str(r, o, "scope", &scope))
    goto done;
  if (product == NULL) {
    http_send_error(r, 400, "invalid", "product", "product is required");
    goto done;
  }
  char id[UTIL_ID_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (products_share(r->db, &who, r->who.org_id, product, buyer, scope, id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  http_send_id(r, 201, id);
done:
  yyjson_doc_free(doc);
}

void h_product_shares_delete(http_req *r) {
  if (http_need_member(r, "withdraw product shares (members of the supplier organization only)")) return;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (products_share_withdraw(r->db, &who, r->who.org_id, r->params[0], &e)) http_send_hoshi(r, &e);
  else http_send_no_content(r);
}

/* The impact question from the query string, shared by the JSON and the SVG answer; -1 after
 * sending a 400. */
static int impact_query(http_req *r, products_impact_query *q) {
  *q = (products_impact_query){NULL, 0, -1, 0, 0};
  const char *adv = http_query(r, "advisory");
  if (adv == NULL) adv = http_query(r, "vuln");
  const char *kev = http_query(r, "kev");
  const char *sev = http_query(r, "min_severity");
  if (adv && *adv) q->advisory = adv;
  if (kev) {
    if (!strcmp(kev, "1") || !strcmp(kev, "true")) q->kev = 1;
    else if (strcmp(kev, "0") && strcmp(kev, "false")) {
      http_send_error(r, 400, "invalid", "kev", "kev must be true or false, not '%.16s'", kev);
      return -1;
    }
  }
  if (sev) {
    q->min_score = products_severity_score(sev);
    if (q->min_score < 0) {
      http_send_error(r, 400, "invalid", "min_severity", "min_severity '%.16s' is not low, medium, high or critical", sev);
      return -1;
    }
  }
  if (q->advisory == NULL && !q->kev && q->min_score < 0) {
    http_send_error(r, 400, "invalid", "advisory", "give advisory (or vuln), kev=true or min_severity");
    return -1;
  }
  if (http_query_int(r, "limit", 1, PRODUCTS_LIST_MAX, PRODUCTS_LIST_MAX, &q->limit) ||
      http_query_int(r, "offset", 0, 1000000000, 0, &q->offset))
    return -1;
  return 0;
}

void h_impact(http_req *r) {
  if (http_need_member(r, "see supply-chain impact (organization members only)")) return;
  products_impact_query q;
  if (impact_query(r, &q)) return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  hoshi_error e;
  if (products_impact_json(r->db, r->who.org_id, &q, d, items, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  /* more: a full page came back, so the next offset may hold more answers */
  yyjson_mut_obj_add_int(d, root, "offset", q.offset);
  yyjson_mut_obj_add_bool(d, root, "more", (long long)yyjson_mut_arr_size(items) == q.limit);
  http_send_json(r, 200, d);
}

void h_impact_svg(http_req *r) {
  if (http_need_member(r, "see supply-chain impact (organization members only)")) return;
  products_impact_query q;
  if (impact_query(r, &q)) return;
  char *svg = NULL;
  size_t len = 0;
  hoshi_error e;
  if (products_impact_svg(r->db, r->who.org_id, &q, &svg, &len, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  http_send_raw(r, 200, "image/svg+xml; charset=utf-8", svg, len, 1, NULL, NULL);
}

void h_supplier_findings(http_req *r) {
  if (http_need_member(r, "see suppliers' findings (organization members only)")) return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  hoshi_error e;
  if (products_supplier_findings_json(r->db, r->who.org_id, r->params[0], d, root, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_products_vex_export(http_req *r) {
  if (need_visible(r, r->params[0])) return;
  const char *fmt = http_query(r, "format");
  if (fmt == NULL) fmt = "openvex";
  char *js = NULL;
  size_t len = 0;
  hoshi_error e;
  hoshi_err rc;
  if (!strcmp(fmt, "openvex")) {
    rc = products_openvex(r->db, r->who.org_id, r->params[0], &js, &len, &e);
  } else if (!strcmp(fmt, "cyclonedx")) {
    rc = products_cyclonedx_vex(r->db, r->who.org_id, r->params[0], &js, &len, &e);
  } else if (!strcmp(fmt, "csaf")) {
    rc = products_csaf_vex(r->db, r->who.org_id, r->params[0], r->srv->cfg.public_url, &js, &len, &e);
  } else {
    http_send_error(r, 400, "invalid", "format", "format '%.32s' is not openvex, cyclonedx or csaf", fmt);
    return;
  }
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  http_send_raw(r, 200, "application/json", js, len, 1, NULL, NULL);
}

void h_product_shares_list(http_req *r) {
  if (http_need_member(r, "list product shares (organization members only)")) return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *given = yyjson_mut_obj_add_arr(d, root, "given");
  yyjson_mut_val *received = yyjson_mut_obj_add_arr(d, root, "received");
  hoshi_error e;
  if (products_shares_json(r->db, r->who.org_id, d, given, received, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

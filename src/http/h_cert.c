/* Certificates and the public register: /.well-known/jwks.json, certificate downloads, the
 * register search, verification by rating id or by a pasted JWS, and the assessment exports. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cert/cert.h"
#include "http/http.h"
#include "scs/scs.h"

static cert_config server_cert_config(http_req *r) {
  return (cert_config){r->srv->cfg.keys_dir, r->srv->cfg.public_url ? r->srv->cfg.public_url : ""};
}

void h_jwks(http_req *r) {
  cert_keyset ks;
  hoshi_error e;
  if (cert_keys_load(r->srv->cfg.keys_dir, &ks, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  size_t len = 0;
  char *json = cert_jwks_json(&ks, &len);
  if (json == NULL) {
    http_send_error(r, 500, "out_of_memory", "", "out of memory");
    return;
  }
  /* Anyone may verify, also from a page of their own. */
  http_send_raw(r, 200, "application/jwk-set+json", json, len, 1, "Access-Control-Allow-Origin", "*");
}

/* Loads the rating in params[0] when the caller may read it; replies and returns -1 otherwise. */
static int load_rating(http_req *r, scs_rating *rt) {
  hoshi_error e;
  if (scs_rating_get(r->db, r->params[0], rt, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  if (!http_rating_visible(r, rt)) {
    http_forbidden(r, "read this rating");
    return -1;
  }
  return 0;
}

void h_cert_jws(http_req *r) {
  scs_rating rt;
  if (load_rating(r, &rt)) return;
  cert_config cfg = server_cert_config(r);
  audit_actor who = auth_actor(&r->who, r->request_id);
  char *jws = NULL;
  hoshi_error e;
  if (cert_issue(r->db, &who, &cfg, rt.id, &jws, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "%s.jws", rt.id);
  http_send_download(r, "application/jose", name, jws, strlen(jws));
}

static void facts_json(yyjson_mut_doc *d, yyjson_mut_val *o, const cert_facts *f) {
  yyjson_mut_obj_add_strcpy(d, o, "rating_id", f->rating_id);
  yyjson_mut_obj_add_strcpy(d, o, "corporate_number", f->corporate_number);
  yyjson_mut_obj_add_strcpy(d, o, "org_name_ja", f->org_name_ja);
  yyjson_mut_obj_add_strcpy(d, o, "org_name_en", f->org_name_en);
  yyjson_mut_obj_add_strcpy(d, o, "level", f->level);
  yyjson_mut_val *scope = yyjson_mut_obj_add_obj(d, o, "scope");
  yyjson_mut_obj_add_strcpy(d, scope, "kind", f->scope_kind);
  yyjson_mut_obj_add_strcpy(d, scope, "description", f->scope_description);
  yyjson_mut_obj_add_strcpy(d, o, "issued", f->issued);
  yyjson_mut_obj_add_strcpy(d, o, "expires", f->expires);
  yyjson_mut_obj_add_strcpy(d, o, "catalog", f->catalog);
  yyjson_mut_obj_add_strcpy(d, o, "catalog_version", f->catalog_version);
  yyjson_mut_obj_add_strcpy(d, o, "issuer", f->issuer);
  yyjson_mut_obj_add_strcpy(d, o, "assessed_by", f->assessed_by);
  yyjson_mut_obj_add_strcpy(d, o, "verify_url", f->verify_url);
  yyjson_mut_obj_add_strcpy(d, o, "kid", f->kid);
  yyjson_mut_obj_add_strcpy(d, o, "alg", f->alg);
}

/* Public fields of a register entry. */
static void entry_json(http_req *r, yyjson_mut_doc *d, yyjson_mut_val *o, const cert_entry *x) {
  yyjson_mut_obj_add_strcpy(d, o, "rating_id", x->rating_id);
  yyjson_mut_obj_add_strcpy(d, o, "corporate_number", x->corporate_number);
  yyjson_mut_obj_add_strcpy(d, o, "org_name_ja", x->org_name_ja);
  yyjson_mut_obj_add_strcpy(d, o, "org_name_en", x->org_name_en);
  yyjson_mut_obj_add_strcpy(d, o, "level", x->level);
  yyjson_mut_val *scope = yyjson_mut_obj_add_obj(d, o, "scope");
  yyjson_mut_obj_add_strcpy(d, scope, "kind", x->scope_kind);
  yyjson_mut_obj_add_strcpy(d, scope, "description", x->scope_description);
  yyjson_mut_obj_add_strcpy(d, o, "catalog", x->catalog);
  yyjson_mut_obj_add_strcpy(d, o, "issued", x->issued);
  yyjson_mut_obj_add_strcpy(d, o, "expires", x->expires);
  yyjson_mut_obj_add_strcpy(d, o, "status", x->status);
  char url[CERT_VERIFY_URL_MAX + 1];
  cert_verify_url(r->srv->cfg.public_url ? r->srv->cfg.public_url : "", x->rating_id, url);
  yyjson_mut_obj_add_strcpy(d, o, "verify_url", url);
}

void h_register(http_req *r) {
  cert_entry *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (cert_register_search(r->db, http_query(r, "q"), time(NULL), &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) entry_json(r, d, yyjson_mut_arr_add_obj(d, items), &list[i]);
  yyjson_mut_obj_add_int(d, root, "count", (int64_t)n);
  yyjson_mut_obj_add_int(d, root, "limit", CERT_REGISTER_MAX);
  free(list);
  http_send_json(r, 200, d);
}

void h_verify_get(http_req *r) {
  cert_entry x;
  hoshi_error e;
  if (cert_register_get(r->db, r->params[0], time(NULL), &x, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_bool(d, root, "valid", strcmp(x.status, "valid") == 0);
  entry_json(r, d, root, &x);
  if (strcmp(x.status, "suspended") == 0 || strcmp(x.status, "revoked") == 0)
    yyjson_mut_obj_add_strcpy(d, root, "status_changed", x.status_changed);
  http_send_json(r, 200, d);
}

void h_verify_post(http_req *r) {
  /* The body is the JWS itself, or {"jws":"…"} from the web page. */
  const char *jws = r->body.p ? r->body.p : "";
  size_t len = r->body.n;
  yyjson_doc *doc = NULL;
  const char *ct = http_header(r, "Content-Type");
  if (ct && strncmp(ct, "application/json", 16) == 0) {
    if ((doc = http_body_json(r)) == NULL) return;
    static const char *const keys[] = {"jws", NULL};
    if (json_only_keys(r, yyjson_doc_get_root(doc), keys) || json_opt_str(r, yyjson_doc_get_root(doc), "jws", &jws)) {
      yyjson_doc_free(doc);
      return;
    }
    if (jws == NULL) {
      yyjson_doc_free(doc);
      http_send_error(r, 400, "invalid", "jws", "jws is required: the certificate text (three base64url parts)");
      return;
    }
    len = strlen(jws);
  }
  cert_keyset ks;
  hoshi_error e;
  if (cert_keys_load(r->srv->cfg.keys_dir, &ks, &e)) {
    yyjson_doc_free(doc);
    http_send_hoshi(r, &e);
    return;
  }
  time_t now = time(NULL);
  cert_facts f;
  hoshi_error_clear(&e);
  cert_verdict v = cert_jws_verify(jws, len, &ks, now, &f, &e);
  yyjson_doc_free(doc);
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  const char *verdict = cert_verdict_name(v);
  int signed_ok = v == CERT_VALID || v == CERT_EXPIRED;
  cert_entry x;
  int known = signed_ok && cert_register_get(r->db, f.rating_id, now, &x, NULL) == HOSHI_OK;
  /* A good signature says what was true when it was issued; the register says what is true now. */
  if (v == CERT_VALID) verdict = known ? x.status : "unknown_rating";
  yyjson_mut_obj_add_bool(d, root, "valid", v == CERT_VALID && known && strcmp(x.status, "valid") == 0);
  yyjson_mut_obj_add_strcpy(d, root, "verdict", verdict);
  yyjson_mut_obj_add_str(d, root, "signature", signed_ok ? "valid" : cert_verdict_name(v));
  yyjson_mut_obj_add_strcpy(d, root, "reason", v == CERT_VALID ? "" : e.message);
  if (signed_ok) facts_json(d, yyjson_mut_obj_add_obj(d, root, "certificate"), &f);
  else yyjson_mut_obj_add_null(d, root, "certificate");
  if (known) entry_json(r, d, yyjson_mut_obj_add_obj(d, root, "rating"), &x);
  else yyjson_mut_obj_add_null(d, root, "rating");
  http_send_json(r, 200, d);
}

void h_cert_pdf(http_req *r) {
  scs_rating rt;
  if (load_rating(r, &rt)) return;
  cert_config cfg = server_cert_config(r);
  audit_actor who = auth_actor(&r->who, r->request_id);
  char *jws = NULL;
  hoshi_error e;
  if (cert_issue(r->db, &who, &cfg, rt.id, &jws, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  /* The PDF shows the facts as signed: read them back from the certificate itself. */
  cert_keyset ks;
  cert_facts f;
  hoshi_buf pdf = {0};
  if (cert_keys_load(cfg.keys_dir, &ks, &e) || cert_jws_verify(jws, strlen(jws), &ks, time(NULL), &f, &e) != CERT_VALID ||
      cert_pdf(&f, jws, &pdf, &e)) {
    free(jws);
    hoshi_buf_free(&pdf);
    http_send_hoshi(r, &e);
    return;
  }
  free(jws);
  char name[64];
  snprintf(name, sizeof name, "%s.pdf", rt.id);
  size_t n = pdf.n;
  http_send_download(r, "application/pdf", name, hoshi_buf_take(&pdf), n);
}

/* Loads the assessment in params[0] when the caller may read it; replies and returns -1 otherwise. */
static int load_assessment(http_req *r, scs_assessment *a) {
  scs_relation rel;
  hoshi_error e;
  if (scs_get(r->db, r->params[0], a, &e) || scs_relation_of(r->db, &r->who, a, &rel, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  if (!scs_allowed(&rel, SCS_READ)) {
    http_forbidden(r, "read this assessment");
    return -1;
  }
  return 0;
}

void h_export_xlsx(http_req *r) {
  scs_assessment a;
  if (load_assessment(r, &a)) return;
  hoshi_buf x = {0};
  hoshi_error e;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s/tmp", r->srv->cfg.data_dir);
  mkdir(r->srv->cfg.data_dir, 0700);
  if (cert_export_xlsx(r->db, &a, tmp, &x, &e)) {
    hoshi_buf_free(&x);
    http_send_hoshi(r, &e);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "%s.xlsx", a.id);
  size_t n = x.n;
  http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, hoshi_buf_take(&x), n);
}

void h_export_oscal(http_req *r) {
  scs_assessment a;
  if (load_assessment(r, &a)) return;
  char *json = NULL;
  size_t len = 0;
  hoshi_error e;
  if (cert_export_oscal(r->db, &a, &json, &len, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  char name[64];
  snprintf(name, sizeof name, "%s.oscal.json", a.id);
  http_send_download(r, "application/json", name, json, len);
}

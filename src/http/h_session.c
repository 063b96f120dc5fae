/* /api/v1/session (login, who am I, logout), /healthz and /api/v1/meta. */
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "org/org.h"

void h_health(http_req *r) {
  sqlite3 *db = r->db;
  sqlite3_stmt *st = NULL;
  int ok = sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_str(d, root, "status", ok ? "ok" : "degraded");
  yyjson_mut_obj_add_str(d, root, "version", HOSHI_VERSION);
  yyjson_mut_obj_add_int(d, root, "schema_version", store_schema_version(db));
  http_send_json(r, ok ? 200 : 503, d);
}

void h_meta(http_req *r) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_str(d, root, "version", HOSHI_VERSION);
  yyjson_mut_val *sectors = yyjson_mut_obj_add_arr(d, root, "sectors");
  for (int i = 0; org_sectors[i]; i++) yyjson_mut_arr_add_str(d, sectors, org_sectors[i]);
  yyjson_mut_val *roles = yyjson_mut_obj_add_arr(d, root, "roles");
  for (int i = 0; auth_role_names[i]; i++) yyjson_mut_arr_add_str(d, roles, auth_role_names[i]);
  http_send_json(r, 200, d);
}

static void send_session(http_req *r, unsigned status, const char *cookie) {
  user u;
  org o;
  hoshi_error e;
  if (user_get(r->db, r->who.user_id, &u, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  int have_org = org_get(r->db, u.org_id, &o, NULL) == HOSHI_OK;
  u.roles = r->who.roles;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_val(d, root, "user", json_user(d, &u));
  if (have_org) yyjson_mut_obj_add_val(d, root, "organization", json_org(d, &o));
  if (r->who.via_session) yyjson_mut_obj_add_strcpy(d, root, "csrf_token", r->who.csrf);
  if (cookie == NULL) {
    http_send_json(r, status, d);
    return;
  }
  size_t n = 0;
  char *s = yyjson_mut_write(d, 0, &n);
  yyjson_mut_doc_free(d);
  if (s == NULL) return;
  http_send_raw(r, status, "application/json; charset=utf-8", s, n, 1, "Set-Cookie", cookie);
}

void h_session_create(http_req *r) {
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"username", "password", NULL};
  const char *username, *password;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "username", &username) ||
      json_opt_str(r, o, "password", &password))
    goto done;
  char secret[65];
  int retry = 0;
  hoshi_error e;
  hoshi_error_clear(&e);
  hoshi_err rc = auth_login(r->db, username, password, r->request_id, secret, &r->who, &retry, &e);
  if (rc == HOSHI_ETHROTTLE) {
    char ra[16];
    snprintf(ra, sizeof ra, "%d", retry);
    yyjson_mut_val *root;
    yyjson_mut_doc *d = http_json_obj(&root);
    yyjson_mut_val *err = yyjson_mut_obj_add_obj(d, root, "error");
    yyjson_mut_obj_add_str(d, err, "code", "too_many_attempts");
    yyjson_mut_obj_add_strcpy(d, err, "message", e.message);
    yyjson_mut_obj_add_str(d, err, "field", "username");
    size_t n = 0;
    char *s = yyjson_mut_write(d, 0, &n);
    yyjson_mut_doc_free(d);
    if (s) http_send_raw(r, 429, "application/json; charset=utf-8", s, n, 1, "Retry-After", ra);
    goto done;
  }
  if (rc) {
    http_send_hoshi(r, &e);
    goto done;
  }
  r->authed = 1;
  char cookie[256];
  snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", HTTP_SESSION_COOKIE,
           secret, AUTH_SESSION_SECONDS, r->srv->cfg.secure_cookies ? "; Secure" : "");
  send_session(r, 200, cookie);
done:
  yyjson_doc_free(doc);
}

void h_session_get(http_req *r) { send_session(r, 200, NULL); }

void h_session_delete(http_req *r) {
  const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
  if (!r->who.via_session || cookie == NULL) {
    http_send_error(r, 400, "invalid", "", "no browser session to end; API tokens are revoked with DELETE /api/v1/tokens/{id}");
    return;
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (auth_logout(r->db, cookie, &who, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  char clear[128];
  snprintf(clear, sizeof clear, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", HTTP_SESSION_COOKIE);
  http_send_raw(r, 204, NULL, (void *)"", 0, 0, "Set-Cookie", clear);
}

/* The route table and dispatch: match, authenticate (bearer token or session cookie),
 * check CSRF for cookie sessions, borrow a database connection, run the handler. */
#include <stdio.h>
#include <string.h>

#include "http/http.h"

const http_route http_routes[] = {
    {"GET", "/healthz", h_health, ROUTE_PUBLIC},
    {"GET", "/api/v1/meta", h_meta, ROUTE_PUBLIC},
    {"POST", "/api/v1/session", h_session_create, ROUTE_PUBLIC | ROUTE_NO_CSRF},
    {"GET", "/api/v1/session", h_session_get, 0},
    {"DELETE", "/api/v1/session", h_session_delete, 0},
    {"GET", "/api/v1/orgs", h_orgs_list, 0},
    {"POST", "/api/v1/orgs", h_orgs_create, 0},
    {"GET", "/api/v1/orgs/{}", h_orgs_get, 0},
    {"PATCH", "/api/v1/orgs/{}", h_orgs_update, 0},
    {"GET", "/api/v1/users", h_users_list, 0},
    {"POST", "/api/v1/users", h_users_create, 0},
    {"GET", "/api/v1/users/{}", h_users_get, 0},
    {"PATCH", "/api/v1/users/{}", h_users_update, 0},
    {"PUT", "/api/v1/users/{}/password", h_users_password, 0},
    {"GET", "/api/v1/tokens", h_tokens_list, 0},
    {"POST", "/api/v1/tokens", h_tokens_create, 0},
    {"DELETE", "/api/v1/tokens/{}", h_tokens_revoke, 0},
    {"GET", "/api/v1/audit", h_audit_list, 0},
    {"GET", "/api/v1/audit/verify", h_audit_verify, 0},
    {"GET", "/api/v1/vuln/feeds", h_vuln_feeds_list, 0},
    {"GET", "/api/v1/catalogs", h_catalogs_list, ROUTE_PUBLIC},
    {"POST", "/api/v1/catalogs", h_catalogs_import, ROUTE_UPLOAD},
    {"GET", "/api/v1/catalogs/{}", h_catalogs_get, ROUTE_PUBLIC},
    {"GET", "/api/v1/assessments", h_assessments_list, 0},
    {"POST", "/api/v1/assessments", h_assessments_create, 0},
    {"GET", "/api/v1/assessments/{}", h_assessments_get, 0},
    {"PUT", "/api/v1/assessments/{}/answers/{}", h_assessments_answer, 0},
    {"PUT", "/api/v1/assessments/{}/expert", h_assessments_expert, 0},
    {"POST", "/api/v1/assessments/{}/submit", h_assessments_submit, 0},
    {"POST", "/api/v1/assessments/{}/comments", h_assessments_comment, 0},
    {"POST", "/api/v1/assessments/{}/confirm", h_assessments_confirm, 0},
    {"POST", "/api/v1/assessments/{}/return", h_assessments_return, 0},
    {"POST", "/api/v1/assessments/{}/declare", h_assessments_declare, 0},
    {"POST", "/api/v1/assessments/{}/request-evaluation", h_assessments_request_eval, 0},
    {"POST", "/api/v1/assessments/{}/accept", h_assessments_accept, 0},
    {"PUT", "/api/v1/assessments/{}/findings/{}", h_assessments_finding, 0},
    {"POST", "/api/v1/assessments/{}/request-corrections", h_assessments_request_corrections, 0},
    {"PUT", "/api/v1/assessments/{}/corrective-actions/{}", h_assessments_corrective, 0},
    {"POST", "/api/v1/assessments/{}/corrections-done", h_assessments_corrections_done, 0},
    {"POST", "/api/v1/assessments/{}/decide", h_assessments_decide, 0},
    {"POST", "/api/v1/assessments/{}/evidence", h_assessments_evidence_add, ROUTE_UPLOAD},
    {"GET", "/api/v1/evidence/{}", h_evidence_get, 0},
    {"GET", "/api/v1/ratings", h_ratings_list, 0},
    {"GET", "/api/v1/ratings/{}", h_ratings_get, 0},
    {"POST", "/api/v1/ratings/{}/status", h_ratings_status, 0},
    {"GET", "/api/v1/improvements", h_improvements_list, 0},
    {"PATCH", "/api/v1/improvements/{}", h_improvements_update, 0},
    {"GET", "/api/v1/webhooks", h_webhooks_list, 0},
    {"POST", "/api/v1/webhooks", h_webhooks_create, 0},
    {"DELETE", "/api/v1/webhooks/{}", h_webhooks_delete, 0},
    {"GET", "/api/v1/webhooks/{}/deliveries", h_webhooks_deliveries, 0},
    {"POST", "/api/v1/webhooks/{}/test", h_webhooks_test, 0},
    {"GET", "/api/v1/notifications", h_notifications_list, 0},
    {"POST", "/api/v1/notifications/{}/read", h_notifications_read, 0},
    {"GET", "/api/v1/experts", h_experts_list, 0},
    {"GET", "/api/v1/evaluation-bodies", h_bodies_list, 0},
    {"GET", "/api/v1/iot-products", h_iot_products_list, 0},
    {"POST", "/api/v1/iot-products", h_iot_products_create, 0},
    {"GET", "/api/v1/iot-products/{}", h_iot_products_get, 0},
    {"PATCH", "/api/v1/iot-products/{}", h_iot_products_update, 0},
    {"PUT", "/api/v1/iot-products/{}/answers/{}", h_iot_products_answer, 0},
    {"POST", "/api/v1/iot-products/{}/evidence", h_iot_products_evidence_add, ROUTE_UPLOAD},
    {"POST", "/api/v1/iot-products/{}/declare", h_iot_products_declare, 0},
    {"POST", "/api/v1/iot-products/{}/changes", h_iot_products_change, 0},
    {"GET", "/api/v1/product-evidence/{}", h_product_evidence_get, 0},
    {"GET", "/api/v1/labels", h_labels_list, ROUTE_PUBLIC},
    {"GET", "/api/v1/labels/check", h_labels_check, ROUTE_PUBLIC},
    {"GET", "/api/v1/labels/{}", h_labels_get, ROUTE_PUBLIC},
    {"GET", "/api/v1/labels/{}/record", h_labels_record, ROUTE_PUBLIC},
    {"GET", "/api/v1/labels/{}/image.svg", h_labels_image_svg, ROUTE_PUBLIC},
    {"GET", "/api/v1/labels/{}/image.png", h_labels_image_png, ROUTE_PUBLIC},
    {"POST", "/api/v1/labels/{}/withdraw", h_labels_withdraw, 0},
    {"GET", "/api/v1/suppliers", h_suppliers_list, 0},
    {"POST", "/api/v1/suppliers", h_suppliers_create, 0},
    {"POST", "/api/v1/suppliers/import", h_suppliers_import, ROUTE_UPLOAD},
    {"GET", "/api/v1/requests", h_requests_list, 0},
    {"POST", "/api/v1/requests", h_requests_create, 0},
    {"POST", "/api/v1/requests/{}/accept", h_requests_accept, 0},
    {"POST", "/api/v1/requests/{}/decline", h_requests_decline, 0},
    {"GET", "/api/v1/shares", h_shares_list, 0},
    {"POST", "/api/v1/shares", h_shares_create, 0},
    {"DELETE", "/api/v1/shares/{}", h_shares_delete, 0},
    {"GET", "/api/v1/buyers", h_buyers_list, 0},
    {"GET", "/api/v1/dashboard", h_dashboard, 0},
    {"GET", "/api/v1/chain.svg", h_chain_svg, 0},
    {"GET", "/api/v1/products", h_products_list, 0},
    {"POST", "/api/v1/products", h_products_create, 0},
    {"POST", "/api/v1/products/{}/versions", h_products_versions_create, 0},
    {"POST", "/api/v1/products/{}/versions/{}/sbom", h_products_sbom_upload, ROUTE_UPLOAD | ROUTE_MULTIPART},
    {"GET", "/api/v1/products/{}/versions/{}/components", h_products_components, 0},
    {"GET", "/api/v1/products/{}/findings", h_products_findings, 0},
    {"GET", "/api/v1/products/{}/vex", h_products_vex_export, 0},
    {"PUT", "/api/v1/findings/{}/vex", h_findings_vex, 0},
    {"GET", "/api/v1/product-shares", h_product_shares_list, 0},
    {"POST", "/api/v1/product-shares", h_product_shares_create, 0},
    {"DELETE", "/api/v1/product-shares/{}", h_product_shares_delete, 0},
    {"GET", "/api/v1/impact", h_impact, 0},
    {"GET", "/api/v1/impact/graph.svg", h_impact_svg, 0},
    {"GET", "/api/v1/suppliers/{}/findings", h_supplier_findings, 0},
    {"POST", "/api/v1/invitations/{}", h_invitation_accept, ROUTE_PUBLIC | ROUTE_NO_CSRF},
    {"GET", "/.well-known/jwks.json", h_jwks, ROUTE_PUBLIC},
    {"GET", "/api/v1/ratings/{}/certificate.jws", h_cert_jws, 0},
    {"GET", "/api/v1/ratings/{}/certificate.pdf", h_cert_pdf, 0},
    {"GET", "/api/v1/assessments/{}/export.xlsx", h_export_xlsx, 0},
    {"GET", "/api/v1/assessments/{}/export.oscal.json", h_export_oscal, 0},
    {"GET", "/api/v1/register", h_register, ROUTE_PUBLIC},
    {"GET", "/api/v1/verify/{}", h_verify_get, ROUTE_PUBLIC},
    {"POST", "/api/v1/verify", h_verify_post, ROUTE_PUBLIC},
    {NULL, NULL, NULL, 0},
};

/* Matches path against pattern; fills r->params for each {} segment. */
static int route_match(const char *pattern, const char *path, http_req *r) {
  int np = 0;
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (p[0] == '{' && p[1] == '}') {
      const char *end = strchr(s, '/');
      size_t n = end ? (size_t)(end - s) : strlen(s);
      if (n == 0 || n >= HTTP_PARAM_MAX || np >= HTTP_MAX_PARAMS) return 0;
      memcpy(r->params[np], s, n);
      r->params[np][n] = '\0';
      np++;
      s += n;
      p += 2;
      continue;
    }
    if (*p != *s) return 0;
    p++;
    s++;
  }
  if (*p || *s) return 0;
  r->nparams = np;
  return 1;
}

size_t http_body_limit(const http_server *srv, const char *method, const char *path, const char *content_type) {
  http_req scratch;
  for (const http_route *rt = http_routes; rt->method; rt++) {
    if ((rt->flags & ROUTE_UPLOAD) && strcmp(rt->method, method) == 0 && route_match(rt->pattern, path, &scratch)) {
      size_t max = srv->cfg.body_max > HTTP_UPLOAD_MAX ? srv->cfg.body_max : HTTP_UPLOAD_MAX;
      if ((rt->flags & ROUTE_MULTIPART) && http_is_multipart(content_type)) max += HTTP_MULTIPART_SLACK;
      return max;
    }
  }
  return srv->cfg.body_max;
}

static int authenticate(http_req *r, hoshi_error *e) {
  const char *authz = http_header(r, "Authorization");
  if (authz) {
    if (strncmp(authz, "Bearer ", 7) != 0) {
      hoshi_fail(e, HOSHI_EAUTH, "Authorization", "Authorization header must be 'Bearer TOKEN'");
      return -1;
    }
    if (auth_token(r->db, authz + 7, &r->who, e) != HOSHI_OK) return -1;
    r->authed = 1;
    return 0;
  }
  const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
  if (cookie == NULL) {
    hoshi_fail(e, HOSHI_EAUTH, "", "log in first, or send an API token as 'Authorization: Bearer TOKEN'");
    return -1;
  }
  if (auth_session(r->db, cookie, &r->who, e) != HOSHI_OK) return -1;
  r->authed = 1;
  return 0;
}

static int is_safe_method(const char *m) { return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0; }

void http_dispatch(http_req *r) {
  const http_route *found = NULL;
  int path_known = 0;
  for (const http_route *rt = http_routes; rt->method; rt++) {
    if (!route_match(rt->pattern, r->path, r)) continue;
    path_known = 1;
    if (strcmp(rt->method, r->method) == 0 ||
        (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
      found = rt;
      break;
    }
  }
  if (found == NULL) {
    if (path_known) {
      http_send_error(r, 405, "method_not_allowed", "", "%s is not allowed on %s", r->method, r->path);
      return;
    }
    if (strncmp(r->path, "/api/", 5) == 0) {
      http_send_error(r, 404, "not_found", "", "no such API route: %s %s", r->method, r->path);
      return;
    }
    if (is_safe_method(r->method)) {
      http_serve_static(r);
      return;
    }
    http_send_error(r, 404, "not_found", "", "no such route: %s %s", r->method, r->path);
    return;
  }

  r->db = store_pool_acquire(r->srv->pool);
  hoshi_error e;
  hoshi_error_clear(&e);
  if (!(found->flags & ROUTE_PUBLIC)) {
    if (authenticate(r, &e) != 0) {
      if (e.code == HOSHI_EDB) http_send_hoshi(r, &e);
      else http_send_error(r, 401, "unauthenticated", e.field, "%s", e.message);
      goto done;
    }
    if (r->who.via_session && !is_safe_method(r->method) && !(found->flags & ROUTE_NO_CSRF)) {
      const char *tok = http_header(r, "X-CSRF-Token");
      if (tok == NULL || !util_ct_streq(tok, r->who.csrf)) {
        http_send_error(r, 403, "csrf", "X-CSRF-Token",
                        "missing or wrong X-CSRF-Token header: state-changing requests from a browser session "
                        "must send the token returned by GET /api/v1/session");
        goto done;
      }
    }
  } else {
    /* Public routes still know who is asking when a credential is present. */
    if (http_header(r, "Authorization") ||
        MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE))
      if (authenticate(r, &e) != 0) r->authed = 0;
  }
  found->fn(r);
done:
  store_pool_release(r->srv->pool, r->db);
  r->db = NULL;
}

/* HTTP server on libmicrohttpd: request context, JSON responses in one error shape, the
 * route table, authentication (session cookie or bearer token) and CSRF checks. Handlers
 * translate between JSON and libhoshi calls; they never build SQL. */
#ifndef HOSHI_HTTP_H
#define HOSHI_HTTP_H

#include <microhttpd.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <time.h>
#include <yyjson.h>

#include "auth/auth.h"
#include "hoshi/buf.h"
#include "hoshi/err.h"
#include "store/store.h"

#define HTTP_BODY_MAX_DEFAULT (1024 * 1024) /* 1 MiB; uploads get their own limits later */
#define HTTP_UPLOAD_MAX (20 * 1024 * 1024) /* evidence files, catalogs, SBOMs */
/* A multipart upload carries part headers and boundaries besides the file: room for them, so
 * a file of exactly the upload limit still fits (the handler checks the file's own size). */
#define HTTP_MULTIPART_SLACK (64 * 1024)
#define HTTP_DISCARD_FACTOR 16 /* over-limit bodies up to 16x the limit are drained, not cut */
#define HTTP_STATIC_FILE_MAX (8 * 1024 * 1024)
#define HTTP_MAX_PARAMS 4
#define HTTP_PARAM_MAX 128
#define HTTP_THREADS_DEFAULT 4
#define HTTP_SHUTDOWN_GRACE_S 10
#define HTTP_SESSION_COOKIE "hoshi_session"

typedef struct http_config {
  const char *db_path;
  const char *listen;    /* "127.0.0.1:8080"; port 0 picks a free one */
  const char *web_dir;   /* static UI files */
  size_t body_max;
  int threads;
  int secure_cookies;    /* add Secure to the session cookie (behind TLS) */
  int quiet;             /* no access log */
  const char *data_dir;  /* evidence files; default <database folder>/files */
  const char *keys_dir;  /* certificate signing keys; default <database folder>/keys */
  const char *public_url; /* base of URLs printed in certificates and QR codes */
} http_config;

typedef struct http_server {
  http_config cfg;
  struct MHD_Daemon *daemon;
  store_pool *pool;
  atomic_int inflight;
  unsigned short port;
  char public_url[512]; /* cfg.public_url points here once started */
} http_server;

/* One request; lives from the first callback to MHD's "completed" notification. */
typedef struct http_req {
  http_server *srv;
  struct MHD_Connection *conn;
  char method[8];
  char *path;
  char request_id[17];
  hoshi_buf body;
  int too_large;
  size_t body_max; /* this route's limit */
  int responded;
  unsigned status;
  size_t resp_bytes;
  struct timespec t0;
  int authed;
  principal who;
  sqlite3 *db; /* borrowed from the pool for the handler's run */
  int nparams;
  char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
} http_req;

typedef void (*http_handler)(http_req *r);

enum {
  ROUTE_PUBLIC = 1, /* no login needed */
  ROUTE_NO_CSRF = 2, /* state-changing but exempt from CSRF (login itself) */
  ROUTE_UPLOAD = 4,  /* takes a file: body limit HTTP_UPLOAD_MAX instead of the default */
  ROUTE_MULTIPART = 8 /* the file may also come as multipart/form-data (+ HTTP_MULTIPART_SLACK) */
};

typedef struct http_route {
  const char *method;
  const char *pattern; /* "/api/v1/orgs/{}": {} matches one path segment */
  http_handler fn;
  int flags;
} http_route;

/* Starts the daemon; returns HOSHI_OK with srv->port set. */
hoshi_err http_start(http_server *srv, const http_config *cfg, hoshi_error *e);
/* Stops accepting, waits for in-flight requests (up to the grace period), stops. */
void http_stop(http_server *srv);

/* Responses: each handler sends exactly one. The doc is consumed. */
void http_send_json(http_req *r, unsigned status, yyjson_mut_doc *doc);
void http_send_error(http_req *r, unsigned status, const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void http_send_hoshi(http_req *r, const hoshi_error *e);
void http_send_raw(http_req *r, unsigned status, const char *content_type, void *data, size_t n, int must_free,
                   const char *extra_header, const char *extra_value);
void http_send_no_content(http_req *r);
/* A new document whose root is an empty object (*root); sent and freed by http_send_json. */
yyjson_mut_doc *http_json_obj(yyjson_mut_val **root);
/* {"id": id} with the given status: the answer to most creations. */
void http_send_id(http_req *r, unsigned status, const char *id);
/* 0 when the caller acts for its organization (member role); else sends 403 naming what. */
int http_need_member(http_req *r, const char *what);
/* 403 in the error shape. */
void http_forbidden(http_req *r, const char *what);

/* Request helpers. */
const char *http_header(http_req *r, const char *name);
const char *http_query(http_req *r, const char *name);
/* A whole number from the query string in [lo, hi] (def when absent) into *out; otherwise a
 * 400 naming the parameter has been sent and the result is -1. */
int http_query_int(http_req *r, const char *name, long long lo, long long hi, long long def, long long *out);
/* Parses the body as one JSON object. On failure sends 400 (naming the byte position) and
 * returns NULL. */
yyjson_doc *http_body_json(http_req *r);

/* Reads an optional string member; sends 400 and returns -1 when it has another type. */
int json_opt_str(http_req *r, yyjson_val *o, const char *key, const char **out);
/* Optional bool: *out stays -1 when absent. */
int json_opt_bool(http_req *r, yyjson_val *o, const char *key, int *out);
int json_opt_int(http_req *r, yyjson_val *o, const char *key, long long *out, int *present);
/* Sends 400 naming the first member not in allowed (NULL-terminated) and returns -1. */
int json_only_keys(http_req *r, yyjson_val *o, const char *const *allowed);

/* Builders shared by handlers. */
yyjson_mut_val *json_org(yyjson_mut_doc *d, const void *org);
yyjson_mut_val *json_user(yyjson_mut_doc *d, const user *u);
yyjson_mut_val *json_token(yyjson_mut_doc *d, const api_token *t);

/* Serves a file from the web folder. */
void http_serve_static(http_req *r);

/* Route table (router.c) and handlers (h_*.c). */
extern const http_route http_routes[];
void http_dispatch(http_req *r);
/* The body limit for a request line (HTTP_UPLOAD_MAX for upload routes, plus
 * HTTP_MULTIPART_SLACK for a multipart body on a ROUTE_MULTIPART route). */
size_t http_body_limit(const http_server *srv, const char *method, const char *path, const char *content_type);
/* True when a Content-Type header value is multipart/form-data. */
int http_is_multipart(const char *content_type);
/* Copies the one part named field of the collected multipart/form-data body into out (at most
 * max bytes) and its Content-Type into ctype ("" when the part has none). On failure (no such
 * field, two of them, another field, too large, malformed) sends the error naming the field
 * and returns -1. */
int http_multipart_file(http_req *r, const char *field, size_t max, hoshi_buf *out, char *ctype, size_t nctype);
/* Sends 200 with the bytes and the headers for a download (attachment, sandboxed). */
void http_send_download(http_req *r, const char *content_type, const char *filename, void *data, size_t n);

void h_health(http_req *r);
void h_session_create(http_req *r);
void h_session_get(http_req *r);
void h_session_delete(http_req *r);
void h_orgs_list(http_req *r);
void h_orgs_create(http_req *r);
void h_orgs_get(http_req *r);
void h_orgs_update(http_req *r);
void h_users_list(http_req *r);
void h_users_create(http_req *r);
void h_users_get(http_req *r);
void h_users_update(http_req *r);
void h_users_password(http_req *r);
void h_tokens_list(http_req *r);
void h_tokens_create(http_req *r);
void h_tokens_revoke(http_req *r);
void h_audit_list(http_req *r);
void h_audit_verify(http_req *r);
void h_vuln_feeds_list(http_req *r);
void h_meta(http_req *r);
void h_catalogs_list(http_req *r);
void h_catalogs_get(http_req *r);
void h_catalogs_import(http_req *r);
void h_assessments_list(http_req *r);
void h_assessments_create(http_req *r);
void h_assessments_get(http_req *r);
void h_assessments_answer(http_req *r);
void h_assessments_expert(http_req *r);
void h_assessments_submit(http_req *r);
void h_assessments_comment(http_req *r);
void h_assessments_confirm(http_req *r);
void h_assessments_return(http_req *r);
void h_assessments_declare(http_req *r);
void h_assessments_request_eval(http_req *r);
void h_assessments_accept(http_req *r);
void h_assessments_finding(http_req *r);
void h_assessments_request_corrections(http_req *r);
void h_assessments_corrective(http_req *r);
void h_assessments_corrections_done(http_req *r);
void h_assessments_decide(http_req *r);
void h_assessments_evidence_add(http_req *r);
void h_evidence_get(http_req *r);
void h_ratings_list(http_req *r);
void h_ratings_get(http_req *r);
void h_ratings_status(http_req *r);
void h_improvements_list(http_req *r);
void h_improvements_update(http_req *r);
void h_webhooks_list(http_req *r);
void h_webhooks_create(http_req *r);
void h_webhooks_delete(http_req *r);
void h_webhooks_deliveries(http_req *r);
void h_webhooks_test(http_req *r);
void h_notifications_list(http_req *r);
void h_notifications_read(http_req *r);
void h_experts_list(http_req *r);
void h_bodies_list(http_req *r);
void h_iot_products_list(http_req *r);
void h_iot_products_create(http_req *r);
void h_iot_products_get(http_req *r);
void h_iot_products_update(http_req *r);
void h_iot_products_answer(http_req *r);
void h_iot_products_evidence_add(http_req *r);
void h_product_evidence_get(http_req *r);
void h_iot_products_declare(http_req *r);
void h_iot_products_change(http_req *r);
void h_labels_list(http_req *r);
void h_labels_check(http_req *r);
void h_labels_get(http_req *r);
void h_labels_record(http_req *r);
void h_labels_image_svg(http_req *r);
void h_labels_image_png(http_req *r);
void h_labels_withdraw(http_req *r);
void h_suppliers_create(http_req *r);
void h_suppliers_list(http_req *r);
void h_suppliers_import(http_req *r);
void h_requests_create(http_req *r);
void h_requests_list(http_req *r);
void h_requests_accept(http_req *r);
void h_requests_decline(http_req *r);
void h_shares_create(http_req *r);
void h_shares_list(http_req *r);
void h_shares_delete(http_req *r);
void h_dashboard(http_req *r);
void h_chain_svg(http_req *r);
void h_buyers_list(http_req *r);
void h_invitation_accept(http_req *r);
/* True when the caller may read this rating (h_scs.c). */
struct scs_rating;
int http_rating_visible(http_req *r, const struct scs_rating *rt);
void h_jwks(http_req *r);
void h_cert_jws(http_req *r);
void h_cert_pdf(http_req *r);
void h_register(http_req *r);
void h_verify_get(http_req *r);
void h_verify_post(http_req *r);
void h_export_xlsx(http_req *r);
void h_export_oscal(http_req *r);
void h_products_list(http_req *r);
void h_products_create(http_req *r);
void h_products_versions_create(http_req *r);
void h_products_sbom_upload(http_req *r);
void h_products_findings(http_req *r);
void h_products_components(http_req *r);
void h_findings_vex(http_req *r);
void h_product_shares_create(http_req *r);
void h_product_shares_delete(http_req *r);
void h_impact(http_req *r);
void h_impact_svg(http_req *r);
void h_supplier_findings(http_req *r);
void h_products_vex_export(http_req *r);
void h_product_shares_list(http_req *r);


#endif

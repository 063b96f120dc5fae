/* libmicrohttpd glue: collects the body under a size limit, dispatches once it is complete,
 * writes one access-log line per request, and shuts down without cutting requests short. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "http/http.h"

#define SCS_FILENAME_FALLBACK 128

static void add_common_headers(http_req *r, struct MHD_Response *resp) {
  MHD_add_response_header(resp, "X-Request-Id", r->request_id);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                          " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

void http_send_raw(http_req *r, unsigned status, const char *content_type, void *data, size_t n, int must_free,
                   const char *extra_header, const char *extra_value) {
  if (r->responded) {
    if (must_free) free(data);
    return;
  }
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(n, data, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (resp == NULL) {
    if (must_free) free(data);
    return;
  }
  add_common_headers(r, resp);
  if (content_type) MHD_add_response_header(resp, "Content-Type", content_type);
  if (strncmp(r->path, "/api/", 5) == 0) MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (extra_header && extra_value) MHD_add_response_header(resp, extra_header, extra_value);
  MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  r->responded = 1;
  r->status = status;
  r->resp_bytes = n;
}

void http_send_json(http_req *r, unsigned status, yyjson_mut_doc *doc) {
  size_t n = 0;
  char *s = yyjson_mut_write(doc, 0, &n);
  yyjson_mut_doc_free(doc);
  if (s == NULL) {
    static char oom[] = "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\",\"field\":\"\"}}";
    http_send_raw(r, 500, "application/json", oom, sizeof oom - 1, 0, NULL, NULL);
    return;
  }
  http_send_raw(r, status, "application/json; charset=utf-8", s, n, 1, NULL, NULL);
}

static void send_error_ex(http_req *r, unsigned status, const char *code, const char *field, const char *msg,
                          const char *hname, const char *hvalue) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_val *err = yyjson_mut_obj_add_obj(d, root, "error");
  yyjson_mut_obj_add_str(d, err, "code", code);
  yyjson_mut_obj_add_strcpy(d, err, "message", msg);
  yyjson_mut_obj_add_strcpy(d, err, "field", field ? field : "");
  size_t n = 0;
  /* Messages may quote user input cut at a byte limit; let yyjson replace invalid UTF-8. */
  char *s = yyjson_mut_write(d, YYJSON_WRITE_ALLOW_INVALID_UNICODE, &n);
  yyjson_mut_doc_free(d);
  if (s == NULL) return;
  http_send_raw(r, status, "application/json; charset=utf-8", s, n, 1, hname, hvalue);
}

void http_send_error(http_req *r, unsigned status, const char *code, const char *field, const char *fmt, ...) {
  char msg[HOSHI_ERR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  send_error_ex(r, status, code, field, msg, NULL, NULL);
}

void http_send_hoshi(http_req *r, const hoshi_error *e) {
  if (e->code == HOSHI_EDB || e->code == HOSHI_EINTERNAL || e->code == HOSHI_EIO) {
    /* Storage details stay in the server log, not in the answer. */
    fprintf(stderr, "hoshi: request %s failed: %s\n", r->request_id, e->message);
    http_send_error(r, 500, hoshi_err_code(e->code), "", "internal error (request %s)", r->request_id);
    return;
  }
  send_error_ex(r, (unsigned)hoshi_err_http_status(e->code), hoshi_err_code(e->code), e->field, e->message, NULL,
                NULL);
}

void http_send_download(http_req *r, const char *content_type, const char *filename, void *data, size_t n) {
  if (r->responded) {
    free(data);
    return;
  }
  struct MHD_Response *resp = MHD_create_response_from_buffer(n, data, MHD_RESPMEM_MUST_FREE);
  if (resp == NULL) {
    free(data);
    return;
  }
  add_common_headers(r, resp);
  /* Files from users are never rendered by the browser in our origin. */
  MHD_del_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                          " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  MHD_add_response_header(resp, "Content-Security-Policy", "sandbox; default-src 'none'");
  MHD_add_response_header(resp, "Content-Type", content_type);
  MHD_add_response_header(resp, "Cache-Control", "private, no-store");
  char disp[640];
  /* RFC 6266: an ASCII fallback and the UTF-8 name percent-encoded. */
  char ascii[SCS_FILENAME_FALLBACK];
  size_t k = 0;
  for (const char *p = filename; *p && k + 1 < sizeof ascii; p++)
    ascii[k++] = (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_';
  ascii[k] = '\0';
  char enc[400];
  size_t m = 0;
  for (const unsigned char *p = (const unsigned char *)filename; *p && m + 4 < sizeof enc; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) enc[m++] = (char)*p;
    else m += (size_t)snprintf(enc + m, sizeof enc - m, "%%%02X", *p);
  }
  enc[m] = '\0';
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
  MHD_add_response_header(resp, "Content-Disposition", disp);
  MHD_queue_response(r->conn, 200, resp);
  MHD_destroy_response(resp);
  r->responded = 1;
  r->status = 200;
  r->resp_bytes = n;
}

void http_send_no_content(http_req *r) { http_send_raw(r, 204, NULL, (void *)"", 0, 0, NULL, NULL); }

yyjson_mut_doc *http_json_obj(yyjson_mut_val **root) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, *root);
  return d;
}

void http_send_id(http_req *r, unsigned status, const char *id) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", id);
  http_send_json(r, status, d);
}

int http_need_member(http_req *r, const char *what) {
  if (r->who.roles & ROLE_MEMBER) return 0;
  http_forbidden(r, what);
  return -1;
}

void http_forbidden(http_req *r, const char *what) {
  http_send_error(r, 403, "forbidden", "", "you are not allowed to %s", what);
}

const char *http_header(http_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(http_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int http_query_int(http_req *r, const char *name, long long lo, long long hi, long long def, long long *out) {
  const char *s = http_query(r, name);
  char *end = NULL;
  *out = s ? strtoll(s, &end, 10) : def;
  if (s && (!*s || *end || *out < lo || *out > hi)) {
    http_send_error(r, 400, "invalid", name, "%s must be a whole number from %lld to %lld", name, lo, hi);
    return -1;
  }
  return 0;
}

static void access_log(http_req *r) {
  if (r->srv->cfg.quiet) return;
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - r->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - r->t0.tv_nsec) / 1e6;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  char addr[INET6_ADDRSTRLEN] = "-";
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
  /* Paths only: query strings may carry search terms; never bodies, cookies or tokens. */
  fprintf(stderr, "%s %s %s %s %s %u %zuB %.1fms user=%s\n", now, r->request_id, addr, r->method, r->path,
          r->status, r->resp_bytes, ms, r->authed ? r->who.username : "-");
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
  (void)c;
  (void)toe;
  http_server *srv = cls;
  http_req *r = *con_cls;
  if (r == NULL) return;
  access_log(r);
  hoshi_buf_free(&r->body);
  free(r->path);
  free(r);
  *con_cls = NULL;
  atomic_fetch_sub(&srv->inflight, 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls) {
  (void)version;
  http_server *srv = cls;
  http_req *r = *con_cls;
  if (r == NULL) {
    r = calloc(1, sizeof *r);
    if (r == NULL) return MHD_NO;
    atomic_fetch_add(&srv->inflight, 1);
    r->srv = srv;
    r->conn = c;
    snprintf(r->method, sizeof r->method, "%s", method);
    r->path = strdup(url);
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    util_random_hex(r->request_id, 8);
    *con_cls = r;
    if (r->path == NULL) return MHD_NO;
    r->body_max = http_body_limit(srv, method, url,
                                  MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE));
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
      char *end = NULL;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || end == cl || n > r->body_max) {
        r->too_large = 1;
        /* Bodies a little over the limit are read and dropped, so that clients which write the
         * whole body before reading (most do) get the 413 instead of a broken pipe. Far larger
         * ones are refused before reading and the connection closes. */
        if (errno || end == cl || n / HTTP_DISCARD_FACTOR > r->body_max)
          http_send_error(r, 413, "too_large", "body", "request body is larger than the limit of %zu bytes",
                          r->body_max);
      }
    }
    return MHD_YES;
  }
  if (*upload_size != 0) {
    if (!r->too_large) {
      if (r->body.n + *upload_size > r->body_max) {
        r->too_large = 1;
        hoshi_buf_free(&r->body);
      } else {
        hoshi_buf_append(&r->body, upload_data, *upload_size);
      }
    }
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->responded) return MHD_YES;
  if (r->too_large) {
    http_send_error(r, 413, "too_large", "body", "request body is larger than the limit of %zu bytes",
                    r->body_max);
    return MHD_YES;
  }
  if (r->body.oom) {
    http_send_error(r, 500, "out_of_memory", "", "out of memory reading the request");
    return MHD_YES;
  }
  http_dispatch(r);
  if (!r->responded) http_send_error(r, 500, "internal", "", "no response (request %s)", r->request_id);
  return MHD_YES;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, hoshi_error *e) {
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  const char *colon = strrchr(listen, ':');
  if (colon == NULL) return hoshi_fail(e, HOSHI_EINVAL, "listen", "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  char host[64];
  size_t hn = (size_t)(colon - listen);
  if (hn == 0 || hn >= sizeof host) return hoshi_fail(e, HOSHI_EINVAL, "listen", "--listen host is missing or too long");
  memcpy(host, listen, hn);
  host[hn] = '\0';
  if (strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
  char *end = NULL;
  long port = strtol(colon + 1, &end, 10);
  if (*end || end == colon + 1 || port < 0 || port > 65535)
    return hoshi_fail(e, HOSHI_EINVAL, "listen", "--listen port must be 0-65535");
  if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
    return hoshi_fail(e, HOSHI_EINVAL, "listen", "--listen host must be an IPv4 address; got '%s'", host);
  sa->sin_port = htons((uint16_t)port);
  return HOSHI_OK;
}

hoshi_err http_start(http_server *srv, const http_config *cfg, hoshi_error *e) {
  memset(srv, 0, sizeof *srv);
  srv->cfg = *cfg;
  if (srv->cfg.body_max == 0) srv->cfg.body_max = HTTP_BODY_MAX_DEFAULT;
  if (srv->cfg.threads <= 0) srv->cfg.threads = HTTP_THREADS_DEFAULT;
  atomic_init(&srv->inflight, 0);
  struct sockaddr_in sa;
  hoshi_err rc = (hoshi_err)parse_listen(cfg->listen, &sa, e);
  if (rc) return rc;
  if ((rc = store_pool_open(cfg->db_path, srv->cfg.threads + 2, &srv->pool, e))) return rc;
  srv->daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
      srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned int)srv->cfg.threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1, MHD_OPTION_END);
  if (srv->daemon == NULL) {
    store_pool_close(srv->pool);
    srv->pool = NULL;
    return hoshi_fail(e, HOSHI_EIO, "listen", "cannot listen on %s (address in use or not allowed)", cfg->listen);
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  srv->port = di ? di->port : ntohs(sa.sin_port);
  if (cfg->public_url && *cfg->public_url) {
    snprintf(srv->public_url, sizeof srv->public_url, "%s", cfg->public_url);
  } else {
    const char *colon = strrchr(cfg->listen, ':');
    snprintf(srv->public_url, sizeof srv->public_url, "http://%.*s:%u", colon ? (int)(colon - cfg->listen) : 0,
             cfg->listen, srv->port);
  }
  size_t pl = strlen(srv->public_url);
  while (pl > 0 && srv->public_url[pl - 1] == '/') srv->public_url[--pl] = '\0';
  srv->cfg.public_url = srv->public_url;
  return HOSHI_OK;
}

void http_stop(http_server *srv) {
  if (srv->daemon == NULL) return;
  MHD_socket s = MHD_quiesce_daemon(srv->daemon);
  if (s != MHD_INVALID_SOCKET) close(s);
  /* In-flight requests finish and get their answers before the threads stop. */
  for (int i = 0; i < HTTP_SHUTDOWN_GRACE_S * 100 && atomic_load(&srv->inflight) > 0; i++) usleep(10000);
  MHD_stop_daemon(srv->daemon);
  srv->daemon = NULL;
  store_pool_close(srv->pool);
  srv->pool = NULL;
}

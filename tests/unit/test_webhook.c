/* Outgoing webhooks: queueing per subscription, URL and size limits, the retry schedule, the
 * signature against independently computed HMACs, and real sends to a loopback receiver. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <yyjson.h>

#include "org/org.h"
#include "store/store.h"
#include "testutil.h"
#include "webhook/webhook.h"

typedef struct fixture {
  char *dir;
  sqlite3 *db;
  org a, b;
} fixture;

static audit_actor sys = {NULL, "test", ""};
static const char *const ALL[] = {NULL};

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/t.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  org_fields fa = {"7000012050002", "甲社", "A Corp", "automotive", 0, ""};
  org_fields fb = {"1180301018771", "乙社", "B Corp", "semiconductor", 1, ""};
  if (org_create(f->db, &sys, &fa, &f->a, &e) || org_create(f->db, &sys, &fb, &f->b, &e)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static long long count(sqlite3 *db, const char *sql, const char *param) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* Text of the first column of the first row, malloc'd (NULL when there is no row). */
static char *query_text(sqlite3 *db, const char *sql, const char *param) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
  char *out = NULL;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    out = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

static void create(fixture *f, const org *o, const char *url, const char *const *events, webhook *w,
                   char secret[WEBHOOK_SECRET_LEN]) {
  hoshi_error e;
  char s[WEBHOOK_SECRET_LEN];
  assert_int_equal(webhook_create(f->db, &sys, o->id, url, events, w, secret ? secret : s, &e), HOSHI_OK);
}

static hoshi_err emit(fixture *f, const char *org_id, const char *event, const char *data, hoshi_error *e) {
  assert_int_equal(store_begin(f->db, e), HOSHI_OK);
  hoshi_err rc = webhook_emit(f->db, org_id, event, data, e);
  if (rc) store_rollback(f->db);
  else assert_int_equal(store_commit(f->db, e), HOSHI_OK);
  return rc;
}

#define PER_HOOK "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?"

static void test_emit_rows_and_body(void **state) {
  fixture *f = *state;
  webhook all, shared_only;
  static const char *const shared[] = {"rating.shared", NULL};
  create(f, &f->a, "https://example.com/hook", ALL, &all, NULL);
  create(f, &f->a, "https://example.com/shared", shared, &shared_only, NULL);
  assert_string_equal(shared_only.events, "rating.shared");
  assert_non_null(strstr(all.events, "request.sent"));
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "request.sent", "{\"request\":\"req_1\",\"n\":[1,2]}", &e), HOSHI_OK);
  assert_int_equal(count(f->db, PER_HOOK, all.id), 1);
  assert_int_equal(count(f->db, PER_HOOK, shared_only.id), 0);

  char *id = query_text(f->db, "SELECT id FROM webhook_deliveries WHERE webhook_id = ?", all.id);
  char *body = query_text(f->db, "SELECT body FROM webhook_deliveries WHERE webhook_id = ?", all.id);
  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", all.id);
  assert_string_equal(status, "pending");
  yyjson_doc *doc = yyjson_read(body, strlen(body), 0);
  assert_non_null(doc);
  yyjson_val *root = yyjson_doc_get_root(doc);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "id")), id);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "event")), "request.sent");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "organization")), f->a.id);
  time_t t;
  assert_int_equal(util_time_parse(yyjson_get_str(yyjson_obj_get(root, "created_at")), &t), 0);
  yyjson_val *data = yyjson_obj_get(root, "data");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(data, "request")), "req_1");
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(data, "n")), 2);
  /* The keys come in the documented order, so receivers can log bodies that read the same. */
  assert_true(strncmp(body, "{\"id\":\"dlv_", 11) == 0);
  yyjson_doc_free(doc);
  free(id);
  free(body);
  free(status);
}

/* The queue row belongs to the caller's transaction: a change that rolls back sends nothing. */
static void test_emit_rolls_back_with_caller(void **state) {
  fixture *f = *state;
  webhook w;
  create(f, &f->a, "https://example.com/a", ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(store_begin(f->db, &e), HOSHI_OK);
  assert_int_equal(webhook_emit(f->db, f->a.id, "rating.shared", "{\"share\":\"shr_1\"}", &e), HOSHI_OK);
  assert_int_equal(count(f->db, PER_HOOK, w.id), 1); /* visible inside the transaction */
  store_rollback(f->db);
  assert_int_equal(count(f->db, PER_HOOK, w.id), 0);
  int done = -1;
  assert_int_equal(webhook_deliver_due(f->db, time(NULL), 10, &done, &e), HOSHI_OK);
  assert_int_equal(done, 0);
}

static void test_event_filter(void **state) {
  fixture *f = *state;
  webhook all, shared_only, other_org;
  static const char *const shared[] = {"rating.shared", "rating.shared", NULL}; /* duplicates collapse */
  create(f, &f->a, "https://example.com/a", ALL, &all, NULL);
  create(f, &f->a, "https://example.com/b", shared, &shared_only, NULL);
  create(f, &f->b, "https://example.com/c", ALL, &other_org, NULL);
  assert_string_equal(shared_only.events, "rating.shared");
  hoshi_error e;
  long long n_events = 0;
  for (size_t i = 0; webhook_events[i]; i++, n_events++)
    assert_int_equal(emit(f, f->a.id, webhook_events[i], "{}", &e), HOSHI_OK);
  assert_int_equal(n_events, 11); /* 6 SCS events, 3 JC-STAR label events, vuln.kev, finding.new */
  assert_int_equal(count(f->db, PER_HOOK, all.id), n_events);
  assert_int_equal(count(f->db, PER_HOOK, shared_only.id), 1);
  assert_int_equal(count(f->db, PER_HOOK, other_org.id), 0); /* another organization's events never reach it */

  long long before = count(f->db, "SELECT count(*) FROM webhook_deliveries", NULL);
  assert_int_equal(emit(f, f->a.id, "rating.deleted", "{}", &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "event");
  assert_int_equal(emit(f, f->a.id, "ping", "{}", &e), HOSHI_EINVAL); /* only webhook_test sends pings */
  assert_int_equal(emit(f, f->a.id, NULL, "{}", &e), HOSHI_EINVAL);
  assert_int_equal(emit(f, f->a.id, "rating.shared", "{not json", &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "data");
  assert_int_equal(emit(f, f->a.id, "rating.shared", NULL, &e), HOSHI_EINVAL);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries", NULL), before);

  static const char *const bad[] = {"rating.shared", "everything", NULL};
  char s[WEBHOOK_SECRET_LEN];
  webhook w;
  assert_int_equal(webhook_create(f->db, &sys, f->a.id, "https://example.com/x", bad, &w, s, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "events");
  static const char *const ping[] = {"ping", NULL};
  assert_int_equal(webhook_create(f->db, &sys, f->a.id, "https://example.com/x", ping, &w, s, &e), HOSHI_EINVAL);
}

static void test_data_limit(void **state) {
  fixture *f = *state;
  webhook w;
  create(f, &f->a, "https://example.com/a", ALL, &w, NULL);
  char *data = malloc(WEBHOOK_DATA_MAX + 2);
  /* A JSON string of exactly WEBHOOK_DATA_MAX bytes, quotes included, then one more. */
  memset(data, 'x', WEBHOOK_DATA_MAX + 1);
  data[0] = '"';
  data[WEBHOOK_DATA_MAX - 1] = '"';
  data[WEBHOOK_DATA_MAX] = '\0';
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "rating.shared", data, &e), HOSHI_OK);
  data[WEBHOOK_DATA_MAX - 1] = 'x';
  data[WEBHOOK_DATA_MAX] = '"';
  data[WEBHOOK_DATA_MAX + 1] = '\0';
  assert_int_equal(emit(f, f->a.id, "rating.shared", data, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "data");
  assert_int_equal(count(f->db, PER_HOOK, w.id), 1);
  free(data);
}

static void test_url_checks(void **state) {
  fixture *f = *state;
  hoshi_error e;
  assert_int_equal(webhook_check_url("https://hooks.example.com/x?y=1", &e), HOSHI_OK);
  assert_int_equal(webhook_check_url("HTTP://127.0.0.1:8080/", &e), HOSHI_OK);
  assert_int_equal(webhook_check_url("https://user:pw@example.com/", &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "user name"));
  assert_int_equal(webhook_check_url("https://user@example.com/", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("ftp://example.com/", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("file:///etc/passwd", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("javascript:alert(1)", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("https://", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("https://exa mple.com/", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("https://example.com/\n", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url("", &e), HOSHI_EINVAL);
  assert_int_equal(webhook_check_url(NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "url");

  char url[WEBHOOK_URL_MAX + 2];
  const char *prefix = "https://example.com/";
  memset(url, 'a', sizeof url);
  memcpy(url, prefix, strlen(prefix));
  url[WEBHOOK_URL_MAX] = '\0';
  assert_int_equal(webhook_check_url(url, &e), HOSHI_OK);
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  assert_string_equal(w.url, url);
  url[WEBHOOK_URL_MAX] = 'a';
  url[WEBHOOK_URL_MAX + 1] = '\0';
  assert_int_equal(webhook_check_url(url, &e), HOSHI_ELIMIT);
  char s[WEBHOOK_SECRET_LEN];
  assert_int_equal(webhook_create(f->db, &sys, f->a.id, url, ALL, &w, s, &e), HOSHI_ELIMIT);
}

static void test_per_org_limit_and_delete(void **state) {
  fixture *f = *state;
  webhook w[WEBHOOK_PER_ORG_MAX];
  char secret[WEBHOOK_SECRET_LEN];
  for (int i = 0; i < WEBHOOK_PER_ORG_MAX; i++) create(f, &f->a, "https://example.com/h", ALL, &w[i], secret);
  assert_int_equal(strlen(secret), 6 + 64);
  assert_true(strncmp(secret, "whsec_", 6) == 0);
  hoshi_error e;
  webhook extra;
  char s[WEBHOOK_SECRET_LEN];
  assert_int_equal(webhook_create(f->db, &sys, f->a.id, "https://example.com/h", ALL, &extra, s, &e), HOSHI_ELIMIT);
  create(f, &f->b, "https://example.com/h", ALL, &extra, NULL); /* the limit is per organization */

  webhook *list = NULL;
  size_t n = 0;
  assert_int_equal(webhook_list(f->db, f->a.id, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, WEBHOOK_PER_ORG_MAX);
  free(list);

  assert_int_equal(emit(f, f->a.id, "rating.revoked", "{}", &e), HOSHI_OK);
  /* Another organization can neither see nor delete it. */
  assert_int_equal(webhook_delete(f->db, &sys, f->b.id, w[0].id, &e), HOSHI_ENOTFOUND);
  assert_int_equal(webhook_get(f->db, f->b.id, w[0].id, &extra, &e), HOSHI_ENOTFOUND);
  assert_int_equal(webhook_delete(f->db, &sys, f->a.id, w[0].id, &e), HOSHI_OK);
  assert_int_equal(webhook_delete(f->db, &sys, f->a.id, w[0].id, &e), HOSHI_ENOTFOUND);
  assert_int_equal(webhook_get(f->db, f->a.id, w[0].id, &extra, &e), HOSHI_ENOTFOUND);
  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", w[0].id);
  assert_string_equal(status, "cancelled");
  free(status);
  char *kept = query_text(f->db, "SELECT secret FROM webhooks WHERE id = ?", w[0].id);
  assert_string_equal(kept, ""); /* a deleted webhook's key is forgotten */
  free(kept);
  create(f, &f->a, "https://example.com/h", ALL, &extra, NULL); /* room again */
  assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'webhook.create'", NULL),
                   WEBHOOK_PER_ORG_MAX + 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'webhook.delete'", NULL), 1);
  char *summary = query_text(f->db, "SELECT summary FROM audit_log WHERE action = 'webhook.create'", NULL);
  assert_null(strstr(summary, "whsec_"));
  free(summary);
}

static void test_backoff_schedule(void **state) {
  (void)state;
  static const int want[] = {60, 300, 1800, 7200, 43200};
  for (int i = 0; i < 5; i++) assert_int_equal(webhook_retry_delay(NULL, i + 1), want[i]);
  assert_int_equal(webhook_retry_delay(NULL, 6), -1);
  assert_int_equal(webhook_retry_delay(NULL, 0), -1);
  static const int mine[] = {1, 2};
  webhook_opts o = {mine, 2, 1};
  assert_int_equal(webhook_retry_delay(&o, 1), 1);
  assert_int_equal(webhook_retry_delay(&o, 2), 2);
  assert_int_equal(webhook_retry_delay(&o, 3), -1);
}

/* HMAC-SHA256 from its definition (RFC 2104) over libsodium's plain SHA-256, so the check does
 * not rely on the HMAC code under test. */
static void hmac_by_hand(const char *key, const char *msg, char hex[65]) {
  unsigned char k[64] = {0}, ipad[64], opad[64], inner[32], mac[32];
  size_t kl = strlen(key);
  if (kl > 64) crypto_hash_sha256(k, (const unsigned char *)key, kl);
  else memcpy(k, key, kl);
  for (int i = 0; i < 64; i++) {
    ipad[i] = (unsigned char)(k[i] ^ 0x36);
    opad[i] = (unsigned char)(k[i] ^ 0x5c);
  }
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, ipad, 64);
  crypto_hash_sha256_update(&st, (const unsigned char *)msg, strlen(msg));
  crypto_hash_sha256_final(&st, inner);
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, opad, 64);
  crypto_hash_sha256_update(&st, inner, 32);
  crypto_hash_sha256_final(&st, mac);
  util_hex(mac, 32, hex);
}

static void test_signature(void **state) {
  (void)state;
  char sig[WEBHOOK_SIGNATURE_LEN];
  const char *body = "{\"id\":\"dlv_x\",\"event\":\"ping\"}";
  webhook_sign("whsec_0123456789abcdef", "1764140000", body, strlen(body), sig);
  /* Computed outside hoshi: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_0123456789abcdef',
   * b'1764140000.{\"id\":\"dlv_x\",\"event\":\"ping\"}', hashlib.sha256).hexdigest())" */
  assert_string_equal(sig, "sha256=cc77f466c55da01d8c692baa4c9d04fd61949c8e57da19cf5ab4aed50ff3779a");
  char hex[65];
  hmac_by_hand("whsec_0123456789abcdef", "1764140000.{\"id\":\"dlv_x\",\"event\":\"ping\"}", hex);
  assert_string_equal(sig + 7, hex);
  /* A key longer than the SHA-256 block is hashed first (the by-hand code covers that too). */
  char longkey[200];
  memset(longkey, 'k', sizeof longkey - 1);
  longkey[sizeof longkey - 1] = '\0';
  webhook_sign(longkey, "1", "{}", 2, sig);
  hmac_by_hand(longkey, "1.{}", hex);
  assert_string_equal(sig + 7, hex);
  /* Any change to timestamp or body changes the signature. */
  char other[WEBHOOK_SIGNATURE_LEN];
  webhook_sign(longkey, "2", "{}", 2, other);
  assert_string_not_equal(sig, other);
}

/* ---- a loopback receiver (libmicrohttpd) that answers with a scripted list of statuses ---- */
typedef struct receiver {
  struct MHD_Daemon *d;
  unsigned short port;
  pthread_mutex_t mu;
  int statuses[8]; /* answer for request 1, 2 …; the last one repeats */
  int nstatuses;
  int hits;
  char body[4096];
  char event[64], delivery[64], timestamp[32], signature[80], content_type[64];
} receiver;

typedef struct upload {
  char buf[4096];
  size_t n;
} upload;

static void copy_header(struct MHD_Connection *c, const char *name, char *out, size_t n) {
  const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
  snprintf(out, n, "%s", v ? v : "");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *data, size_t *size, void **con_cls) {
  receiver *r = cls;
  (void)url;
  (void)version;
  (void)method;
  upload *u = *con_cls;
  if (u == NULL) {
    u = calloc(1, sizeof *u);
    *con_cls = u;
    return MHD_YES;
  }
  if (*size) {
    size_t take = *size < sizeof u->buf - 1 - u->n ? *size : sizeof u->buf - 1 - u->n;
    memcpy(u->buf + u->n, data, take);
    u->n += take;
    *size = 0;
    return MHD_YES;
  }
  pthread_mutex_lock(&r->mu);
  int i = r->hits < r->nstatuses ? r->hits : r->nstatuses - 1;
  unsigned status = (unsigned)r->statuses[i];
  r->hits++;
  snprintf(r->body, sizeof r->body, "%s", u->buf);
  copy_header(c, "X-Hoshi-Event", r->event, sizeof r->event);
  copy_header(c, "X-Hoshi-Delivery", r->delivery, sizeof r->delivery);
  copy_header(c, "X-Hoshi-Timestamp", r->timestamp, sizeof r->timestamp);
  copy_header(c, "X-Hoshi-Signature", r->signature, sizeof r->signature);
  copy_header(c, "Content-Type", r->content_type, sizeof r->content_type);
  pthread_mutex_unlock(&r->mu);
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  if (status / 100 == 3) MHD_add_response_header(resp, "Location", "/elsewhere"); /* a follow would hit us again */
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)cls;
  (void)c;
  (void)t;
  free(*con_cls);
  *con_cls = NULL;
}

static void receiver_start(receiver *r, const int *statuses, int n) {
  memset(r, 0, sizeof *r);
  pthread_mutex_init(&r->mu, NULL);
  memcpy(r->statuses, statuses, (size_t)n * sizeof *statuses);
  r->nstatuses = n;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  r->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, r, MHD_OPTION_SOCK_ADDR, &sa,
                          MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
  assert_non_null(r->d);
  r->port = MHD_get_daemon_info(r->d, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static void receiver_stop(receiver *r) {
  MHD_stop_daemon(r->d);
  pthread_mutex_destroy(&r->mu);
}

static void test_deliver_signed_to_receiver(void **state) {
  fixture *f = *state;
  static const int ok[] = {204};
  receiver r;
  receiver_start(&r, ok, 1);
  char url[96], secret[WEBHOOK_SECRET_LEN], did[UTIL_ID_LEN];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/hook", r.port);
  webhook w;
  create(f, &f->a, url, ALL, &w, secret);
  hoshi_error e;
  assert_int_equal(webhook_test(f->db, &sys, f->a.id, w.id, did, &e), HOSHI_OK);
  assert_int_equal(webhook_test(f->db, &sys, f->b.id, w.id, did, &e), HOSHI_ENOTFOUND);
  webhook_opts o = {NULL, 0, 1};
  int done = 0;
  time_t now = time(NULL);
  assert_int_equal(webhook_deliver_due_opts(f->db, now, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  assert_int_equal(r.hits, 1);
  assert_string_equal(r.event, "ping");
  assert_string_equal(r.delivery, did);
  assert_string_equal(r.content_type, "application/json");
  char *stored = query_text(f->db, "SELECT body FROM webhook_deliveries WHERE id = ?", did);
  assert_string_equal(r.body, stored);
  free(stored);
  /* The receiver's check: HMAC over "<timestamp>.<body>" with the secret it was given. */
  char msg[4200], hex[65];
  snprintf(msg, sizeof msg, "%s.%s", r.timestamp, r.body);
  hmac_by_hand(secret, msg, hex);
  assert_true(strncmp(r.signature, "sha256=", 7) == 0);
  assert_string_equal(r.signature + 7, hex);
  assert_true(llabs(atoll(r.timestamp) - (long long)time(NULL)) < 60);

  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE id = ?", did);
  assert_string_equal(status, "delivered");
  free(status);
  assert_int_equal(count(f->db, "SELECT http_status FROM webhook_attempts WHERE delivery_id = ?", did), 204);
  assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'webhook.test'", NULL), 1);
  /* Nothing more is due. */
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 86400, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 0);
  receiver_stop(&r);
}

static void test_retry_after_500_then_delivered(void **state) {
  fixture *f = *state;
  static const int script[] = {500, 503, 200};
  receiver r;
  receiver_start(&r, script, 3);
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/hook", r.port);
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "rating.expiring", "{\"rating\":\"rat_1\"}", &e), HOSHI_OK);
  webhook_opts o = {NULL, 0, 1};
  time_t now = 1800000000;
  int done = 0;
  assert_int_equal(webhook_deliver_due_opts(f->db, now, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  char *next = query_text(f->db, "SELECT next_attempt_at FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  char want[UTIL_TIME_LEN];
  util_time_iso(now + 60, want);
  assert_string_equal(next, want); /* 1 minute after the first failure */
  free(next);
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 59, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 0); /* not yet due */
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 60, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  next = query_text(f->db, "SELECT next_attempt_at FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  util_time_iso(now + 60 + 300, want);
  assert_string_equal(next, want); /* then 5 minutes */
  free(next);
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 360, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  assert_int_equal(r.hits, 3);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d"
                                " ON d.id = a.delivery_id WHERE d.webhook_id = ? AND a.http_status IN (500, 503)", w.id), 2);
  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  assert_string_equal(status, "delivered");
  free(status);

  /* The log as the owner sees it: one delivery, three attempts in order. */
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *arr = yyjson_mut_arr(d);
  yyjson_mut_doc_set_root(d, arr);
  assert_int_equal(webhook_deliveries_json(f->db, w.id, d, arr, &e), HOSHI_OK);
  assert_int_equal(yyjson_mut_arr_size(arr), 1);
  yyjson_mut_val *x = yyjson_mut_arr_get_first(arr);
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(x, "status")), "delivered");
  yyjson_mut_val *log = yyjson_mut_obj_get(x, "attempts");
  assert_int_equal(yyjson_mut_arr_size(log), 3);
  assert_int_equal(yyjson_mut_get_int(yyjson_mut_obj_get(yyjson_mut_arr_get(log, 0), "http_status")), 500);
  assert_int_equal(yyjson_mut_get_int(yyjson_mut_obj_get(yyjson_mut_arr_get(log, 2), "http_status")), 200);
  yyjson_mut_doc_free(d);
  receiver_stop(&r);
}

/* A loopback port with nothing listening: bind, read the port, close. */
static unsigned short closed_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
  assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &len), 0);
  close(s);
  return ntohs(sa.sin_port);
}

static void test_give_up_after_last_attempt(void **state) {
  fixture *f = *state;
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/", closed_port());
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "request.answered", "{}", &e), HOSHI_OK);
  static const int delays[] = {1, 2};
  webhook_opts o = {delays, 2, 1};
  time_t now = 1800000000;
  int done = 0;
  assert_int_equal(webhook_deliver_due_opts(f->db, now, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 1, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  assert_string_equal(status, "pending");
  free(status);
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 3, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  assert_string_equal(status, "failed");
  free(status);
  assert_null(query_text(f->db, "SELECT next_attempt_at FROM webhook_deliveries WHERE webhook_id = ?", w.id));
  assert_int_equal(webhook_deliver_due_opts(f->db, now + 100000, 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 0); /* given up: never tried again */
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id ="
                                " a.delivery_id WHERE d.webhook_id = ? AND a.http_status IS NULL AND a.error <> ''", w.id), 3);
}

static void test_internal_addresses_refused_by_default(void **state) {
  fixture *f = *state;
  static const int ok[] = {200};
  receiver r;
  receiver_start(&r, ok, 1);
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/hook", r.port);
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "rating.withdrawn", "{}", &e), HOSHI_OK);
  int done = 0;
  assert_int_equal(webhook_deliver_due(f->db, time(NULL), 10, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  assert_int_equal(r.hits, 0);
  char *err = query_text(f->db, "SELECT a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.id ="
                                " a.delivery_id WHERE d.webhook_id = ?", w.id);
  assert_non_null(strstr(err, "refused: 127.0.0.1"));
  free(err);
  receiver_stop(&r);
}

static void test_deleted_webhook_not_sent(void **state) {
  fixture *f = *state;
  static const int ok[] = {200};
  receiver r;
  receiver_start(&r, ok, 1);
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/hook", r.port);
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "rating.shared", "{}", &e), HOSHI_OK);
  assert_int_equal(webhook_delete(f->db, &sys, f->a.id, w.id, &e), HOSHI_OK);
  assert_int_equal(emit(f, f->a.id, "rating.shared", "{}", &e), HOSHI_OK); /* no longer subscribed */
  webhook_opts o = {NULL, 0, 1};
  int done = 0;
  assert_int_equal(webhook_deliver_due_opts(f->db, time(NULL), 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 0);
  assert_int_equal(r.hits, 0);
  assert_int_equal(count(f->db, PER_HOOK, w.id), 1);
  receiver_stop(&r);
}

static int internal(const char *text) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  if (strchr(text, ':')) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, text, &a->sin6_addr), 1);
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, text, &a->sin_addr), 1);
  }
  return webhook_addr_internal((struct sockaddr *)&ss);
}

static void test_internal_address_ranges(void **state) {
  (void)state;
  static const char *const refused[] = {
      "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
      "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1",
      "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
      "::ffff:10.1.2.3", "::ffff:169.254.169.254", NULL};
  static const char *const allowed[] = {
      "8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.253.255.255", "100.63.255.255",
      "100.128.0.1", "11.0.0.1", "126.255.255.255", "128.0.0.1", "223.255.255.255", "2001:db8::1",
      "2606:4700::1111", "::ffff:8.8.4.4", "fec0::1", NULL};
  for (int i = 0; refused[i]; i++)
    if (!internal(refused[i])) fail_msg("%s should be refused", refused[i]);
  for (int i = 0; allowed[i]; i++)
    if (internal(allowed[i])) fail_msg("%s should be allowed", allowed[i]);
  struct sockaddr unix_like;
  memset(&unix_like, 0, sizeof unix_like);
  unix_like.sa_family = AF_UNIX;
  assert_true(webhook_addr_internal(&unix_like));
}

static void test_redirect_not_followed(void **state) {
  fixture *f = *state;
  static const int script[] = {302};
  receiver r;
  receiver_start(&r, script, 1);
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/hook", r.port);
  webhook w;
  create(f, &f->a, url, ALL, &w, NULL);
  hoshi_error e;
  assert_int_equal(emit(f, f->a.id, "request.sent", "{}", &e), HOSHI_OK);
  webhook_opts o = {NULL, 0, 1};
  int done = 0;
  assert_int_equal(webhook_deliver_due_opts(f->db, time(NULL), 10, &o, &done, &e), HOSHI_OK);
  assert_int_equal(done, 1);
  assert_int_equal(r.hits, 1); /* the Location was not fetched */
  assert_int_equal(count(f->db, "SELECT a.http_status FROM webhook_attempts a JOIN webhook_deliveries d ON d.id ="
                                " a.delivery_id WHERE d.webhook_id = ?", w.id), 302);
  char *status = query_text(f->db, "SELECT status FROM webhook_deliveries WHERE webhook_id = ?", w.id);
  assert_string_equal(status, "pending"); /* a 3xx is a failed attempt, retried later */
  free(status);
  receiver_stop(&r);
}

int main(void) {
  if (util_init() != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_emit_rows_and_body, setup, teardown),
      cmocka_unit_test_setup_teardown(test_emit_rolls_back_with_caller, setup, teardown),
      cmocka_unit_test_setup_teardown(test_event_filter, setup, teardown),
      cmocka_unit_test_setup_teardown(test_data_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_url_checks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_per_org_limit_and_delete, setup, teardown),
      cmocka_unit_test(test_backoff_schedule),
      cmocka_unit_test(test_signature),
      cmocka_unit_test_setup_teardown(test_deliver_signed_to_receiver, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retry_after_500_then_delivered, setup, teardown),
      cmocka_unit_test_setup_teardown(test_give_up_after_last_attempt, setup, teardown),
      cmocka_unit_test_setup_teardown(test_internal_addresses_refused_by_default, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deleted_webhook_not_sent, setup, teardown),
      cmocka_unit_test(test_internal_address_ranges),
      cmocka_unit_test_setup_teardown(test_redirect_not_followed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

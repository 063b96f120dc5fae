/* Webhook delivery (see webhook.h): claims due rows, POSTs them with libcurl, signs each
 * request with HMAC-SHA256, records every attempt and schedules retries with backoff. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "store/store.h"
#include "webhook/webhook.h"

const int webhook_default_retry_delays[] = {60, 300, 1800, 7200, 43200};
const int webhook_default_retry_count = (int)(sizeof webhook_default_retry_delays / sizeof webhook_default_retry_delays[0]);

int webhook_retry_delay(const webhook_opts *o, int attempts) {
  const int *delays = o && o->retry_delays ? o->retry_delays : webhook_default_retry_delays;
  int n = o && o->retry_delays ? o->n_retry_delays : webhook_default_retry_count;
  if (attempts < 1 || attempts > n) return -1;
  return delays[attempts - 1];
}

void webhook_sign(const char *secret, const char *timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIGNATURE_LEN]) {
  /* The multi-part API takes a key of any length; the one-shot crypto_auth_hmacsha256 wants
   * exactly 32 bytes, and receivers key their HMAC with the secret text as given. */
  crypto_auth_hmacsha256_state st;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
  crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
  crypto_auth_hmacsha256_final(&st, mac);
  memcpy(out, "sha256=", 7);
  util_hex(mac, sizeof mac, out + 7);
  sodium_memzero(&st, sizeof st);
}

/* One claimed delivery; strings malloc'd, freed by claim_free. */
typedef struct claim {
  char id[UTIL_ID_LEN];
  char event[64];
  char *body;
  char *url;
  char *secret;
  int attempts;
} claim;

static void claim_free(claim *c) {
  free(c->body);
  free(c->url);
  if (c->secret) sodium_memzero(c->secret, strlen(c->secret));
  free(c->secret);
  memset(c, 0, sizeof *c);
}

static char *dup_col(sqlite3_stmt *st, int i) { return strdup(store_col_text(st, i)); }

/* A look without the write lock first: the worker polls every few seconds, and taking the
 * lock each time would make API writers queue behind an idle check. Errors answer "yes" so
 * that the locked path reports them. */
static int anything_due(sqlite3 *db, const char *now_s) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?"
                         " LIMIT 1", -1, &st, NULL) != SQLITE_OK)
    return 1;
  store_bind_text(st, 1, now_s);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  return step != SQLITE_DONE;
}

/* Takes the oldest due delivery and pushes its next_attempt_at ahead by WEBHOOK_CLAIM_S, in
 * one short transaction. *got is 0 when nothing is due. */
static hoshi_err claim_next(sqlite3 *db, time_t now, claim *c, int *got, hoshi_error *e) {
  *got = 0;
  memset(c, 0, sizeof *c);
  char now_s[UTIL_TIME_LEN], until[UTIL_TIME_LEN];
  util_time_iso(now, now_s);
  util_time_iso(now + WEBHOOK_CLAIM_S, until);
  if (!anything_due(db, now_s)) return HOSHI_OK;
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL, *up = NULL;
  if (sqlite3_prepare_v2(db, "SELECT d.id, d.event, d.body, d.attempts, w.url, w.secret"
                         " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                         " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active = 1"
                         " ORDER BY d.next_attempt_at, d.id LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "reading due webhook deliveries");
    goto done;
  }
  store_bind_text(st, 1, now_s);
  int step = sqlite3_step(st);
  if (step == SQLITE_DONE) goto done;
  if (step != SQLITE_ROW) {
    rc = store_fail(db, e, "reading due webhook deliveries");
    goto done;
  }
  snprintf(c->id, sizeof c->id, "%s", store_col_text(st, 0));
  snprintf(c->event, sizeof c->event, "%s", store_col_text(st, 1));
  c->body = dup_col(st, 2);
  c->attempts = sqlite3_column_int(st, 3);
  c->url = dup_col(st, 4);
  c->secret = dup_col(st, 5);
  if (!c->body || !c->url || !c->secret) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  if (sqlite3_prepare_v2(db, "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?", -1, &up, NULL) !=
      SQLITE_OK) {
    rc = store_fail(db, e, "claiming webhook delivery");
    goto done;
  }
  store_bind_text(up, 1, until);
  store_bind_text(up, 2, c->id);
  if (sqlite3_step(up) != SQLITE_DONE) {
    rc = store_fail(db, e, "claiming webhook delivery");
    goto done;
  }
  if ((rc = store_commit(db, e))) goto done;
  *got = 1;
done:
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  if (!*got) {
    if (rc == HOSHI_OK) store_commit(db, NULL);
    else store_rollback(db);
    claim_free(c);
  }
  return rc;
}

/* Outcome of one attempt. */
typedef struct attempt {
  long http_status; /* 0: no HTTP answer */
  char error[WEBHOOK_ERROR_MAX + 1];
  long long duration_ms;
} attempt;

static size_t discard(char *p, size_t size, size_t n, void *ctx) {
  (void)p;
  (void)ctx;
  return size * n;
}

/* Places a member's URL must not make the server reach: metadata services on link-local
 * addresses, admin ports on the same host, the internal network. */
int webhook_addr_internal(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET) {
    uint32_t a = ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr);
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 || (a >> 16) == 0xA9FE /* 169.254 */ ||
           (a >> 20) == 0xAC1 /* 172.16/12 */ || (a >> 16) == 0xC0A8 /* 192.168 */ ||
           (a >> 22) == 0x191 /* 100.64/10 */ || (a >> 28) >= 0xE /* multicast, reserved */;
  }
  if (sa->sa_family == AF_INET6) {
    const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(b, mapped, 12) == 0) {
      struct sockaddr_in v4;
      memset(&v4, 0, sizeof v4);
      v4.sin_family = AF_INET;
      memcpy(&v4.sin_addr, b + 12, 4);
      return webhook_addr_internal((const struct sockaddr *)(const void *)&v4);
    }
    int zero = 1;
    for (int i = 0; i < 15; i++) zero &= b[i] == 0;
    if (zero && (b[15] == 0 || b[15] == 1)) return 1;  /* :: and ::1 */
    return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || b[0] == 0xff;
  }
  return 1; /* anything that is not IP is not for webhooks */
}

typedef struct sock_guard {
  int blocked;
  char addr[INET6_ADDRSTRLEN];
} sock_guard;

/* Checked on the address curl is about to connect to, after DNS: a name that resolves to an
 * internal address is refused too, whatever the URL said. */
static curl_socket_t open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a) {
  sock_guard *g = ctx;
  (void)purpose;
  if (webhook_addr_internal(&a->addr)) {
    g->blocked = 1;
    const void *raw = a->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr
                                            : (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
    if (!inet_ntop(a->family, raw, g->addr, sizeof g->addr)) snprintf(g->addr, sizeof g->addr, "?");
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

static long long mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_one(const claim *c, const webhook_opts *o, attempt *out) {
  memset(out, 0, sizeof *out);
  char ts[24], sig[WEBHOOK_SIGNATURE_LEN], h_event[96], h_id[64], h_ts[48], h_sig[96];
  /* The timestamp is the real send time, so a receiver can refuse stale replays. */
  snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
  size_t body_len = strlen(c->body);
  webhook_sign(c->secret, ts, c->body, body_len, sig);
  snprintf(h_event, sizeof h_event, "X-Hoshi-Event: %s", c->event);
  snprintf(h_id, sizeof h_id, "X-Hoshi-Delivery: %s", c->id);
  snprintf(h_ts, sizeof h_ts, "X-Hoshi-Timestamp: %s", ts);
  snprintf(h_sig, sizeof h_sig, "X-Hoshi-Signature: %s", sig);
  const char *lines[] = {"Content-Type: application/json", "User-Agent: hoshi-webhook/" HOSHI_VERSION,
                         "Expect:", h_event, h_id, h_ts, h_sig};
  struct curl_slist *headers = NULL;
  long long t0 = mono_ms();
  CURL *curl = curl_easy_init();
  int ok = curl != NULL;
  for (size_t i = 0; ok && i < sizeof lines / sizeof lines[0]; i++) {
    struct curl_slist *next = curl_slist_append(headers, lines[i]);
    if (next == NULL) ok = 0;
    else headers = next;
  }
  if (!ok) {
    snprintf(out->error, sizeof out->error, "out of memory preparing the request");
    goto done;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  sock_guard guard = {0, ""};
  curl_easy_setopt(curl, CURLOPT_URL, c->url);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, c->body);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)WEBHOOK_CONNECT_TIMEOUT_MS);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)WEBHOOK_TOTAL_TIMEOUT_MS);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* timeouts must not raise signals in a server thread */
  curl_easy_setopt(curl, CURLOPT_PROXY, "");     /* a proxy from the environment would hide the real peer */
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  if (!o->allow_private) {
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  }
  CURLcode res = curl_easy_perform(curl);
  if (res == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->http_status);
  } else if (guard.blocked) {
    snprintf(out->error, sizeof out->error, "refused: %s is a loopback, private or link-local address", guard.addr);
  } else {
    snprintf(out->error, sizeof out->error, "%.*s", WEBHOOK_ERROR_MAX, errbuf[0] ? errbuf : curl_easy_strerror(res));
  }
done:
  out->duration_ms = mono_ms() - t0;
  curl_slist_free_all(headers);
  if (curl) curl_easy_cleanup(curl);
  sodium_memzero(h_sig, sizeof h_sig);
}

/* Writes the attempt and the delivery's new state in one short transaction. A delivery that
 * was cancelled meanwhile keeps its state; the attempt is still recorded. */
static hoshi_err record(sqlite3 *db, const claim *c, time_t at, const attempt *a, const webhook_opts *o,
                        hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *ins = NULL, *up = NULL;
  char at_s[UTIL_TIME_LEN], next_s[UTIL_TIME_LEN];
  util_time_iso(at, at_s);
  int n = c->attempts + 1;
  int delivered = a->http_status >= 200 && a->http_status < 300;
  int delay = delivered ? -1 : webhook_retry_delay(o, n);
  const char *status = delivered ? "delivered" : delay < 0 ? "failed" : "pending";
  if (delay >= 0) util_time_iso(at + delay, next_s);
  if (sqlite3_prepare_v2(db, "INSERT INTO webhook_attempts(delivery_id, attempt, at, http_status, error, duration_ms)"
                         " VALUES (?,?,?,?,?,?)", -1, &ins, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
                         " finished_at = ? WHERE id = ? AND status = 'pending'", -1, &up, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "recording webhook attempt");
    goto done;
  }
  store_bind_text(ins, 1, c->id);
  sqlite3_bind_int(ins, 2, n);
  store_bind_text(ins, 3, at_s);
  if (a->http_status) sqlite3_bind_int64(ins, 4, a->http_status);
  else sqlite3_bind_null(ins, 4);
  store_bind_text(ins, 5, a->error);
  sqlite3_bind_int64(ins, 6, a->duration_ms);
  store_bind_text(up, 1, status);
  sqlite3_bind_int(up, 2, n);
  store_bind_text(up, 3, delay >= 0 ? next_s : NULL);
  store_bind_text(up, 4, delay >= 0 ? NULL : at_s);
  store_bind_text(up, 5, c->id);
  if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(up) != SQLITE_DONE) {
    rc = store_fail(db, e, "recording webhook attempt");
    goto done;
  }
  rc = store_commit(db, e);
done:
  sqlite3_finalize(ins);
  sqlite3_finalize(up);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err webhook_deliver_due_opts(sqlite3 *db, time_t now, int max, const webhook_opts *o, int *done,
                                   hoshi_error *e) {
  static const webhook_opts defaults = {NULL, 0, 0};
  if (o == NULL) o = &defaults;
  *done = 0;
  long long t0 = mono_ms();
  for (int i = 0; i < max; i++) {
    /* `now` moves on with the real time spent sending, so late rows are not scheduled early. */
    time_t t = now + (time_t)((mono_ms() - t0) / 1000);
    claim c;
    int got = 0;
    hoshi_err rc = claim_next(db, t, &c, &got, e);
    if (rc) return rc;
    if (!got) break;
    attempt a;
    send_one(&c, o, &a);
    rc = record(db, &c, now + (time_t)((mono_ms() - t0) / 1000), &a, o, e);
    claim_free(&c);
    if (rc) return rc;
    (*done)++;
  }
  return HOSHI_OK;
}

hoshi_err webhook_deliver_due(sqlite3 *db, time_t now, int max, int *done, hoshi_error *e) {
  return webhook_deliver_due_opts(db, now, max, NULL, done, e);
}

/* Outgoing webhooks: organizations register HTTP(S) endpoints; events are queued as signed
 * JSON deliveries inside the caller's transaction and sent later, with retries, by a worker. */
#ifndef HOSHI_WEBHOOK_H
#define HOSHI_WEBHOOK_H

#include <sqlite3.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>
#include <yyjson.h>

#include "audit/audit.h"
#include "core/util.h"
#include "hoshi/err.h"

#define WEBHOOK_URL_MAX 2048          /* bytes; longer URLs are refused at creation */
#define WEBHOOK_PER_ORG_MAX 10        /* active webhooks one organization may hold */
#define WEBHOOK_DATA_MAX (64 * 1024)  /* bytes of json_data one event may carry */
#define WEBHOOK_EVENTS_MAX 256        /* stored comma-separated event list */
#define WEBHOOK_SECRET_LEN 72         /* "whsec_" + 64 hex + NUL, rounded */
#define WEBHOOK_SIGNATURE_LEN 72      /* "sha256=" + 64 hex + NUL, rounded */
#define WEBHOOK_CONNECT_TIMEOUT_MS 5000
#define WEBHOOK_TOTAL_TIMEOUT_MS 10000
/* While one sender holds a delivery its next_attempt_at is pushed this far ahead, so a second
 * sender (another process on the same database) leaves it alone; a crash frees it again. */
#define WEBHOOK_CLAIM_S 120
#define WEBHOOK_DELIVERY_PAGE_MAX 100 /* deliveries shown per webhook, newest first */
#define WEBHOOK_ERROR_MAX 200         /* bytes of a transport error kept per attempt */

/* The events a webhook can subscribe to, NULL-terminated. "ping" is not among them: it is
 * sent only by webhook_test, to whichever webhook asked for it. */
extern const char *const webhook_events[];
int webhook_event_known(const char *event);

/* One registered endpoint. Plain value; the secret never leaves the library except once,
 * from webhook_create. */
typedef struct webhook {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char url[WEBHOOK_URL_MAX + 1];
  char events[WEBHOOK_EVENTS_MAX]; /* comma-separated */
  int active;
  char created_at[UTIL_TIME_LEN];
} webhook;

/* Checks a webhook URL: http or https, a host, no user name or password, at most
 * WEBHOOK_URL_MAX bytes, no spaces or control characters. */
hoshi_err webhook_check_url(const char *url, hoshi_error *e);

/* Creates a webhook for org_id (own transaction, audited). events: NULL-terminated names, NULL
 * or empty for every event. The secret ("whsec_" + 64 hex) is returned once. */
hoshi_err webhook_create(sqlite3 *db, const audit_actor *who, const char *org_id, const char *url,
                         const char *const *events, webhook *out, char secret[WEBHOOK_SECRET_LEN],
                         hoshi_error *e);
/* Deletes org_id's webhook id: stops sending, cancels what is pending, forgets the secret
 * (own transaction, audited). ENOTFOUND when it is not org_id's or already deleted. */
hoshi_err webhook_delete(sqlite3 *db, const audit_actor *who, const char *org_id, const char *id, hoshi_error *e);
/* The webhook when it belongs to org_id and is not deleted; ENOTFOUND otherwise. */
hoshi_err webhook_get(sqlite3 *db, const char *org_id, const char *id, webhook *out, hoshi_error *e);
/* org_id's webhooks, oldest first. *out is malloc'd; the caller frees it. */
hoshi_err webhook_list(sqlite3 *db, const char *org_id, webhook **out, size_t *n, hoshi_error *e);
/* Queues a "ping" delivery to org_id's webhook id only (own transaction, audited). */
hoshi_err webhook_test(sqlite3 *db, const audit_actor *who, const char *org_id, const char *id,
                       char delivery_id[UTIL_ID_LEN], hoshi_error *e);
/* Appends to arr webhook id's newest deliveries (at most WEBHOOK_DELIVERY_PAGE_MAX), each with
 * every attempt. The caller has checked that the webhook is the reader's. */
hoshi_err webhook_deliveries_json(sqlite3 *db, const char *id, yyjson_mut_doc *d, yyjson_mut_val *arr,
                                  hoshi_error *e);

/* Queues one delivery for every active webhook of org_id subscribed to event. Must be called
 * inside the caller's write transaction (store_begin); does not begin or commit. json_data is
 * one JSON value (at most WEBHOOK_DATA_MAX bytes) that becomes the body's "data". Unknown
 * events are refused with HOSHI_EINVAL. */
hoshi_err webhook_emit(sqlite3 *db, const char *org_id, const char *event, const char *json_data, hoshi_error *e);

/* How deliveries are sent. Plain value; retry_delays is borrowed for the length of the call. */
typedef struct webhook_opts {
  const int *retry_delays; /* seconds to wait after attempt 1, 2 …; NULL: the default schedule */
  int n_retry_delays;      /* a delivery is tried n_retry_delays + 1 times, then marked failed */
  int allow_private;       /* also send to loopback, private and link-local addresses */
} webhook_opts;

/* Default schedule: 1 min, 5 min, 30 min, 2 h, 12 h (six attempts over about 15 hours). */
extern const int webhook_default_retry_delays[];
extern const int webhook_default_retry_count;

/* Seconds to wait before the next try after `attempts` failed tries, or -1 when that was
 * the last one. */
int webhook_retry_delay(const webhook_opts *o, int attempts);

/* X-Hoshi-Signature value: "sha256=" + hex HMAC-SHA256 keyed by secret over
 * "<timestamp>.<body>". */
void webhook_sign(const char *secret, const char *timestamp, const char *body, size_t body_len,
                  char out[WEBHOOK_SIGNATURE_LEN]);

/* True for the addresses deliveries refuse unless allow_private is set: loopback, RFC 1918
 * and fc00::/7 private, 100.64/10 shared, link-local, multicast, unspecified and reserved
 * (IPv4-mapped IPv6 judged by its IPv4 part), and anything that is not IP. */
int webhook_addr_internal(const struct sockaddr *sa);

/* Sends up to max deliveries that are due at `now` with the default options (private
 * addresses refused). *done: how many were attempted. No transaction is open while a request
 * is on the wire; each result is written in its own short transaction. */
hoshi_err webhook_deliver_due(sqlite3 *db, time_t now, int max, int *done, hoshi_error *e);
/* The same with explicit options (the server passes its configuration; tests use loopback). */
hoshi_err webhook_deliver_due_opts(sqlite3 *db, time_t now, int max, const webhook_opts *o, int *done,
                                   hoshi_error *e);

#endif

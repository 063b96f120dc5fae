/* Webhook registry and queueing (see webhook.h): creating, listing and deleting endpoints,
 * turning an event into one signed-later delivery row per subscribed endpoint. */
#include "webhook/webhook.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/store.h"

const char *const webhook_events[] = {"request.sent",     "request.answered", "rating.shared",
                                      "rating.withdrawn", "rating.expiring",  "rating.revoked",
                                      "label.issued",     "label.withdrawn",  "label.expiring",
                                      "vuln.kev",         "finding.new",      NULL};

#define WEBHOOK_PING "ping"
#define WEBHOOK_SECRET_PREFIX "whsec_"
#define WEBHOOK_COLUMNS "id, org_id, url, events, active, created_at"

int webhook_event_known(const char *event) { return event && text_one_of(event, webhook_events); }

/* True when the comma-separated list holds event as a whole item. */
static int events_has(const char *csv, const char *event) {
  size_t n = strlen(event);
  for (const char *p = csv; *p;) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && memcmp(p, event, n) == 0) return 1;
    if (!end) break;
    p = end + 1;
  }
  return 0;
}

hoshi_err webhook_check_url(const char *url, hoshi_error *e) {
  if (url == NULL || !*url) return hoshi_fail(e, HOSHI_EINVAL, "url", "url is required (http:// or https://)");
  size_t n = strlen(url);
  if (n > WEBHOOK_URL_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "url", "url is %zu bytes; at most %d are allowed", n, WEBHOOK_URL_MAX);
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p <= ' ' || *p == 0x7f)
      return hoshi_fail(e, HOSHI_EINVAL, "url", "url must not contain spaces or control characters");
  if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
    return hoshi_fail(e, HOSHI_EINVAL, "url", "url must start with http:// or https://");
  /* curl parses the URL the way it will later be sent, so what we check is what is used. */
  CURLU *u = curl_url();
  if (u == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  hoshi_err rc = HOSHI_OK;
  char *host = NULL, *user = NULL, *pass = NULL;
  if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "url", "url is not a valid URL");
  } else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
             curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "url",
                    "url must not carry a user name or password (user@host); the signature authenticates hoshi");
  } else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host == NULL || !*host) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "url", "url has no host");
  }
  curl_free(host);
  curl_free(user);
  curl_free(pass);
  curl_url_cleanup(u);
  return rc;
}

static void row_to_webhook(sqlite3_stmt *st, webhook *w) {
  memset(w, 0, sizeof *w);
  snprintf(w->id, sizeof w->id, "%s", store_col_text(st, 0));
  snprintf(w->org_id, sizeof w->org_id, "%s", store_col_text(st, 1));
  snprintf(w->url, sizeof w->url, "%s", store_col_text(st, 2));
  snprintf(w->events, sizeof w->events, "%s", store_col_text(st, 3));
  w->active = sqlite3_column_int(st, 4);
  snprintf(w->created_at, sizeof w->created_at, "%s", store_col_text(st, 5));
}

hoshi_err webhook_get(sqlite3 *db, const char *org_id, const char *id, webhook *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " WEBHOOK_COLUMNS " FROM webhooks WHERE id = ? AND org_id = ? AND active = 1",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading webhook");
  store_bind_text(st, 1, id);
  store_bind_text(st, 2, org_id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_webhook(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no webhook %.64s of your organization", id ? id : "");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err webhook_list(sqlite3 *db, const char *org_id, webhook **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " WEBHOOK_COLUMNS " FROM webhooks WHERE org_id = ? AND active = 1"
                         " ORDER BY created_at, id", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing webhooks");
  store_bind_text(st, 1, org_id);
  /* At most WEBHOOK_PER_ORG_MAX rows exist, so one allocation of that size is enough. */
  webhook *arr = calloc(WEBHOOK_PER_ORG_MAX, sizeof *arr);
  if (arr == NULL) {
    sqlite3_finalize(st);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  while (*n < WEBHOOK_PER_ORG_MAX && sqlite3_step(st) == SQLITE_ROW) row_to_webhook(st, &arr[(*n)++]);
  sqlite3_finalize(st);
  *out = arr;
  return HOSHI_OK;
}

static hoshi_err count_active(sqlite3 *db, const char *org_id, int *count, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM webhooks WHERE org_id = ? AND active = 1", -1, &st, NULL) !=
      SQLITE_OK)
    return store_fail(db, e, "counting webhooks");
  store_bind_text(st, 1, org_id);
  *count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  return HOSHI_OK;
}

/* Builds the comma-separated list from the caller's names: known events only, each once. */
static hoshi_err events_join(const char *const *events, char out[WEBHOOK_EVENTS_MAX], hoshi_error *e) {
  out[0] = '\0';
  int any = 0;
  for (size_t i = 0; events && events[i]; i++) {
    if (!webhook_event_known(events[i]))
      return hoshi_fail(e, HOSHI_EINVAL, "events", "events[%zu] '%.64s' is not one of request.sent, request.answered, "
                        "rating.shared, rating.withdrawn, rating.expiring, rating.revoked", i, events[i]);
    if (any && events_has(out, events[i])) continue;
    size_t used = strlen(out);
    snprintf(out + used, WEBHOOK_EVENTS_MAX - used, "%s%s", any ? "," : "", events[i]);
    any = 1;
  }
  if (!any) /* nothing chosen means everything: the usual wish, and new events stay opt-out */
    for (size_t i = 0; webhook_events[i]; i++) {
      size_t used = strlen(out);
      snprintf(out + used, WEBHOOK_EVENTS_MAX - used, "%s%s", i ? "," : "", webhook_events[i]);
    }
  return HOSHI_OK;
}

hoshi_err webhook_create(sqlite3 *db, const audit_actor *who, const char *org_id, const char *url,
                         const char *const *events, webhook *out, char secret[WEBHOOK_SECRET_LEN],
                         hoshi_error *e) {
  hoshi_err rc = webhook_check_url(url, e);
  if (rc) return rc;
  webhook w;
  memset(&w, 0, sizeof w);
  if ((rc = events_join(events, w.events, e))) return rc;
  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  char hex[65];
  int count = 0;
  if ((rc = count_active(db, org_id, &count, e))) goto done;
  if (count >= WEBHOOK_PER_ORG_MAX) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "", "your organization already has %d webhooks, the most allowed; delete one first",
                    WEBHOOK_PER_ORG_MAX);
    goto done;
  }
  util_new_id("whk", w.id);
  snprintf(w.org_id, sizeof w.org_id, "%s", org_id);
  snprintf(w.url, sizeof w.url, "%s", url);
  w.active = 1;
  util_now_iso(w.created_at);
  util_random_hex(hex, 32);
  snprintf(secret, WEBHOOK_SECRET_LEN, WEBHOOK_SECRET_PREFIX "%s", hex);
  if (sqlite3_prepare_v2(db, "INSERT INTO webhooks(id, org_id, url, secret, events, active, created_by, created_at)"
                         " VALUES (?,?,?,?,?,1,?,?)", -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating webhook");
    goto done;
  }
  store_bind_text(st, 1, w.id);
  store_bind_text(st, 2, w.org_id);
  store_bind_text(st, 3, w.url);
  store_bind_text(st, 4, secret);
  store_bind_text(st, 5, w.events);
  store_bind_text(st, 6, who ? who->user_id : NULL);
  store_bind_text(st, 7, w.created_at);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating webhook");
    goto done;
  }
  /* The audit summary holds the URL (it names where data goes) but never the secret; yyjson
   * escapes it, since a URL may hold any printable byte. */
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d), *after = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_obj_add_val(d, root, "after", after);
  yyjson_mut_obj_add_strcpy(d, after, "url", w.url);
  yyjson_mut_obj_add_strcpy(d, after, "events", w.events);
  char *summary = yyjson_mut_write(d, 0, NULL);
  yyjson_mut_doc_free(d);
  if (summary == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  rc = audit_append(db, who, org_id, "webhook.create", "webhook", w.id, summary, e);
  free(summary);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  sodium_memzero(hex, sizeof hex);
  if (rc) {
    store_rollback(db);
    sodium_memzero(secret, WEBHOOK_SECRET_LEN);
  } else if (out) {
    *out = w;
  }
  return rc;
}

/* Runs one UPDATE with text parameters (NULL-terminated). */
static hoshi_err exec_update(sqlite3 *db, const char *sql, const char *const *params, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "updating webhooks");
  for (int i = 0; params[i]; i++) store_bind_text(st, i + 1, params[i]);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "updating webhooks");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err webhook_delete(sqlite3 *db, const audit_actor *who, const char *org_id, const char *id, hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  webhook w;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if ((rc = webhook_get(db, org_id, id, &w, e))) goto done;
  const char *p1[] = {now, w.id, NULL};
  if ((rc = exec_update(db, "UPDATE webhooks SET active = 0, deleted_at = ?, secret = '' WHERE id = ?", p1, e)))
    goto done;
  if ((rc = exec_update(db, "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL,"
                        " finished_at = ? WHERE webhook_id = ? AND status = 'pending'", p1, e)))
    goto done;
  if ((rc = audit_append(db, who, org_id, "webhook.delete", "webhook", w.id, "{\"change\":\"deleted\"}", e))) goto done;
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  return rc;
}

/* Inserts one pending delivery of event with data to webhook webhook_id. */
static hoshi_err enqueue(sqlite3 *db, const char *webhook_id, const char *org_id, const char *event,
                         yyjson_val *data, const char *now, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  char id[UTIL_ID_LEN];
  util_new_id("dlv", id);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_obj_add_str(d, root, "id", id);
  yyjson_mut_obj_add_str(d, root, "event", event);
  yyjson_mut_obj_add_str(d, root, "created_at", now);
  yyjson_mut_obj_add_str(d, root, "organization", org_id);
  yyjson_mut_obj_add_val(d, root, "data", yyjson_val_mut_copy(d, data));
  size_t len = 0;
  char *body = yyjson_mut_write(d, 0, &len);
  yyjson_mut_doc_free(d);
  if (body == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, "INSERT INTO webhook_deliveries(id, webhook_id, event, body, status, attempts,"
                         " created_at, next_attempt_at) VALUES (?,?,?,?,'pending',0,?,?)", -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "queueing webhook delivery");
  } else {
    store_bind_text(st, 1, id);
    store_bind_text(st, 2, webhook_id);
    store_bind_text(st, 3, event);
    sqlite3_bind_text(st, 4, body, (int)len, SQLITE_TRANSIENT);
    store_bind_text(st, 5, now);
    store_bind_text(st, 6, now);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "queueing webhook delivery");
  }
  sqlite3_finalize(st);
  free(body);
  if (rc == HOSHI_OK && id_out) memcpy(id_out, id, UTIL_ID_LEN);
  return rc;
}

/* Parses json_data under the size limit; the caller frees the document. */
static hoshi_err parse_data(const char *json_data, yyjson_doc **out, hoshi_error *e) {
  if (json_data == NULL) return hoshi_fail(e, HOSHI_EINVAL, "data", "webhook event data is required (a JSON value)");
  size_t n = strlen(json_data);
  if (n > WEBHOOK_DATA_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "data", "webhook event data is %zu bytes; at most %d are allowed", n,
                      WEBHOOK_DATA_MAX);
  yyjson_read_err err;
  *out = yyjson_read_opts((char *)json_data, n, 0, NULL, &err);
  if (*out == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "data", "webhook event data is not JSON: %s at byte %zu", err.msg, err.pos);
  return HOSHI_OK;
}

hoshi_err webhook_emit(sqlite3 *db, const char *org_id, const char *event, const char *json_data, hoshi_error *e) {
  if (!webhook_event_known(event))
    return hoshi_fail(e, HOSHI_EINVAL, "event", "unknown webhook event '%.64s'", event ? event : "(null)");
  if (org_id == NULL || !*org_id) return hoshi_fail(e, HOSHI_EINVAL, "org_id", "organization is required");
  yyjson_doc *data = NULL;
  hoshi_err rc = parse_data(json_data, &data, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "SELECT id, events FROM webhooks WHERE org_id = ? AND active = 1 ORDER BY id", -1, &st,
                         NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "reading webhooks");
    goto done;
  }
  store_bind_text(st, 1, org_id);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (!events_has(store_col_text(st, 1), event)) continue;
    if ((rc = enqueue(db, store_col_text(st, 0), org_id, event, yyjson_doc_get_root(data), now, NULL, e))) goto done;
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading webhooks");
done:
  sqlite3_finalize(st);
  yyjson_doc_free(data);
  return rc;
}

hoshi_err webhook_test(sqlite3 *db, const audit_actor *who, const char *org_id, const char *id,
                       char delivery_id[UTIL_ID_LEN], hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  webhook w;
  yyjson_doc *data = NULL;
  char now[UTIL_TIME_LEN], json[128];
  util_now_iso(now);
  if ((rc = webhook_get(db, org_id, id, &w, e))) goto done;
  snprintf(json, sizeof json, "{\"webhook\":\"%s\"}", w.id); /* ids are base32: nothing to escape */
  if ((rc = parse_data(json, &data, e))) goto done;
  if ((rc = enqueue(db, w.id, org_id, WEBHOOK_PING, yyjson_doc_get_root(data), now, delivery_id, e))) goto done;
  if ((rc = audit_append(db, who, org_id, "webhook.test", "webhook", w.id, "{\"change\":\"ping queued\"}", e)))
    goto done;
  rc = store_commit(db, e);
done:
  yyjson_doc_free(data);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err webhook_deliveries_json(sqlite3 *db, const char *id, yyjson_mut_doc *d, yyjson_mut_val *arr,
                                  hoshi_error *e) {
  sqlite3_stmt *st = NULL, *at = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, "SELECT id, event, status, attempts, created_at, next_attempt_at, finished_at, body"
                         " FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT attempt, at, http_status, error, duration_ms FROM webhook_attempts"
                         " WHERE delivery_id = ? ORDER BY attempt", -1, &at, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "reading webhook deliveries");
    goto done;
  }
  store_bind_text(st, 1, id);
  sqlite3_bind_int(st, 2, WEBHOOK_DELIVERY_PAGE_MAX);
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, arr);
    yyjson_mut_obj_add_strcpy(d, x, "id", store_col_text(st, 0));
    yyjson_mut_obj_add_strcpy(d, x, "event", store_col_text(st, 1));
    const char *status = store_col_text(st, 2);
    yyjson_mut_obj_add_strcpy(d, x, "status", status);
    yyjson_mut_obj_add_int(d, x, "attempt_count", sqlite3_column_int(st, 3));
    yyjson_mut_obj_add_strcpy(d, x, "created_at", store_col_text(st, 4));
    if (strcmp(status, "pending") == 0) yyjson_mut_obj_add_strcpy(d, x, "next_attempt_at", store_col_text(st, 5));
    else yyjson_mut_obj_add_null(d, x, "next_attempt_at");
    if (sqlite3_column_type(st, 6) == SQLITE_NULL) yyjson_mut_obj_add_null(d, x, "finished_at");
    else yyjson_mut_obj_add_strcpy(d, x, "finished_at", store_col_text(st, 6));
    yyjson_mut_obj_add_strcpy(d, x, "body", store_col_text(st, 7));
    yyjson_mut_val *log = yyjson_mut_obj_add_arr(d, x, "attempts");
    sqlite3_reset(at);
    store_bind_text(at, 1, store_col_text(st, 0));
    while (sqlite3_step(at) == SQLITE_ROW) {
      yyjson_mut_val *a = yyjson_mut_arr_add_obj(d, log);
      yyjson_mut_obj_add_int(d, a, "attempt", sqlite3_column_int(at, 0));
      yyjson_mut_obj_add_strcpy(d, a, "at", store_col_text(at, 1));
      if (sqlite3_column_type(at, 2) == SQLITE_NULL) yyjson_mut_obj_add_null(d, a, "http_status");
      else yyjson_mut_obj_add_int(d, a, "http_status", sqlite3_column_int(at, 2));
      yyjson_mut_obj_add_strcpy(d, a, "error", store_col_text(at, 3));
      yyjson_mut_obj_add_int(d, a, "duration_ms", sqlite3_column_int64(at, 4));
    }
  }
done:
  sqlite3_finalize(st);
  sqlite3_finalize(at);
  return rc;
}

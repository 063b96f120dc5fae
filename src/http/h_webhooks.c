/* /api/v1/webhooks: an organization's outgoing webhooks, their delivery log and test pings.
 * Members manage their own organization's; the secret appears once, in the create answer. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "webhook/webhook.h"

/* More names than events exist is a mistake, not a wish; it also bounds the array below. */
#define WEBHOOK_EVENT_NAMES_MAX 16

static yyjson_mut_val *json_webhook(yyjson_mut_doc *d, const webhook *w) {
  yyjson_mut_val *v = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, v, "id", w->id);
  yyjson_mut_obj_add_strcpy(d, v, "url", w->url);
  yyjson_mut_val *ev = yyjson_mut_obj_add_arr(d, v, "events");
  char buf[WEBHOOK_EVENTS_MAX];
  snprintf(buf, sizeof buf, "%s", w->events);
  char *save = NULL;
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) yyjson_mut_arr_add_strcpy(d, ev, t);
  yyjson_mut_obj_add_bool(d, v, "active", w->active != 0);
  yyjson_mut_obj_add_strcpy(d, v, "created_at", w->created_at);
  return v;
}

/* Decides on the caller's own organization; a webhook of another one is simply not found. */
static int allowed(http_req *r, authz_action a) {
  if (authz_webhook(&r->who, a, r->who.org_id)) return 1;
  http_forbidden(r, "manage webhooks (members manage their own organization's)");
  return 0;
}

void h_webhooks_list(http_req *r) {
  if (!allowed(r, AUTHZ_READ)) return;
  webhook *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (webhook_list(r->db, r->who.org_id, &list, &n, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) yyjson_mut_arr_append(items, json_webhook(d, &list[i]));
  yyjson_mut_val *known = yyjson_mut_obj_add_arr(d, root, "events");
  for (size_t i = 0; webhook_events[i]; i++) yyjson_mut_arr_add_str(d, known, webhook_events[i]);
  yyjson_mut_obj_add_int(d, root, "limit", WEBHOOK_PER_ORG_MAX);
  free(list);
  http_send_json(r, 200, d);
}

void h_webhooks_create(http_req *r) {
  if (!allowed(r, AUTHZ_CREATE)) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"url", "events", NULL};
  const char *url = NULL;
  const char *names[WEBHOOK_EVENT_NAMES_MAX + 1] = {NULL};
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "url", &url)) goto done;
  yyjson_val *ev = yyjson_obj_get(o, "events");
  if (ev && !yyjson_is_null(ev)) {
    if (!yyjson_is_arr(ev)) {
      http_send_error(r, 400, "invalid", "events", "events must be an array of event names");
      goto done;
    }
    if (yyjson_arr_size(ev) > WEBHOOK_EVENT_NAMES_MAX) {
      http_send_error(r, 400, "invalid", "events", "events has %zu names; at most %d are accepted",
                      yyjson_arr_size(ev), WEBHOOK_EVENT_NAMES_MAX);
      goto done;
    }
    size_t i, max;
    yyjson_val *it;
    yyjson_arr_foreach(ev, i, max, it) {
      if (!yyjson_is_str(it)) {
        http_send_error(r, 400, "invalid", "events", "events[%zu] must be a string", i);
        goto done;
      }
      names[i] = yyjson_get_str(it);
    }
  }
  webhook w;
  char secret[WEBHOOK_SECRET_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (webhook_create(r->db, &who, r->who.org_id, url, names, &w, secret, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_val(d, root, "webhook", json_webhook(d, &w));
  yyjson_mut_obj_add_strcpy(d, root, "secret", secret);
  memset(secret, 0, sizeof secret);
  http_send_json(r, 201, d);
done:
  yyjson_doc_free(doc);
}

void h_webhooks_delete(http_req *r) {
  if (!allowed(r, AUTHZ_UPDATE)) return;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (webhook_delete(r->db, &who, r->who.org_id, r->params[0], &e) == HOSHI_OK) http_send_no_content(r);
  else http_send_hoshi(r, &e);
}

void h_webhooks_deliveries(http_req *r) {
  if (!allowed(r, AUTHZ_READ)) return;
  webhook w;
  hoshi_error e;
  if (webhook_get(r->db, r->who.org_id, r->params[0], &w, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_val(d, root, "webhook", json_webhook(d, &w));
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  if (webhook_deliveries_json(r->db, w.id, d, items, &e) != HOSHI_OK) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_webhooks_test(http_req *r) {
  if (!allowed(r, AUTHZ_UPDATE)) return;
  char did[UTIL_ID_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (webhook_test(r->db, &who, r->who.org_id, r->params[0], did, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "delivery_id", did);
  yyjson_mut_obj_add_str(d, root, "status", "pending");
  http_send_json(r, 202, d);
}

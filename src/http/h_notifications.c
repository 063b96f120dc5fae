/* /api/v1/notifications: in-app messages for the caller's organization (or the caller). */
#include <string.h>

#include "http/http.h"
#include "notify/notify.h"

void h_notifications_list(http_req *r) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  hoshi_error e;
  int unread_only = http_query(r, "unread") != NULL;
  if (notify_list_json(r->db, r->who.org_id, r->who.user_id, unread_only, d, root, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_notifications_read(http_req *r) {
  hoshi_error e;
  if (notify_mark_read(r->db, r->params[0], r->who.org_id, r->who.user_id, &e)) http_send_hoshi(r, &e);
  else http_send_no_content(r);
}

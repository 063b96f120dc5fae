/* In-app notifications (see notify.h). */
#include "notify/notify.h"

#include "core/util.h"
#include "store/store.h"

hoshi_err notify_list_json(sqlite3 *db, const char *org_id, const char *user_id, int unread_only, yyjson_mut_doc *d,
                           yyjson_mut_val *o, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, kind, subject, message_ja, message_en, created_at, read_at FROM notifications"
                         " WHERE (org_id = ? OR user_id = ?) AND (? = 0 OR read_at IS NULL)"
                         " ORDER BY created_at DESC, id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading notifications");
  store_bind_text(st, 1, org_id);
  store_bind_text(st, 2, user_id);
  sqlite3_bind_int(st, 3, unread_only);
  sqlite3_bind_int(st, 4, NOTIFY_LIST_MAX);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, o, "items");
  int unread = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, items);
    const char *names[] = {"id", "kind", "subject", "message_ja", "message_en", "created_at"};
    for (int i = 0; i < 6; i++) yyjson_mut_obj_add_strcpy(d, x, names[i], store_col_text(st, i));
    int is_read = sqlite3_column_type(st, 6) != SQLITE_NULL;
    yyjson_mut_obj_add_bool(d, x, "read", is_read);
    if (!is_read) unread++;
  }
  sqlite3_finalize(st);
  yyjson_mut_obj_add_int(d, o, "unread", unread);
  return HOSHI_OK;
}

hoshi_err notify_mark_read(sqlite3 *db, const char *id, const char *org_id, const char *user_id, hoshi_error *e) {
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND (org_id = ? OR user_id = ?)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "marking notification");
  store_bind_text(st, 1, now);
  store_bind_text(st, 2, id);
  store_bind_text(st, 3, org_id);
  store_bind_text(st, 4, user_id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "marking notification");
  else if (sqlite3_changes(db) == 0) rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no notification %.64s of yours", id);
  sqlite3_finalize(st);
  return rc;
}

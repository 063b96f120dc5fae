/* In-app notifications: listing and marking read. Writers use scs_notify (and later
 * subsystems their own) to add rows to the notifications table. */
#ifndef HOSHI_NOTIFY_H
#define HOSHI_NOTIFY_H

#include <sqlite3.h>
#include <yyjson.h>

#include "hoshi/err.h"

#define NOTIFY_LIST_MAX 200

/* Adds "items" (newest first) and "unread" to o: rows for the organization or the user. */
hoshi_err notify_list_json(sqlite3 *db, const char *org_id, const char *user_id, int unread_only, yyjson_mut_doc *d,
                           yyjson_mut_val *o, hoshi_error *e);
/* ENOTFOUND unless the notification belongs to the organization or the user. Not audited:
 * reading a message changes nothing anyone relies on. */
hoshi_err notify_mark_read(sqlite3 *db, const char *id, const char *org_id, const char *user_id, hoshi_error *e);

#endif

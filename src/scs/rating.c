/* Ratings (issue, read, suspend/revoke/reinstate, expiry), reminders before expiry,
 * in-app notifications, improvement-plan items and default experts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"
#include "webhook/webhook.h"

time_t scs_add_months(time_t issued, int months) {
  struct tm tm;
  gmtime_r(&issued, &tm);
  int mon = tm.tm_mon + months;
  int year = tm.tm_year + mon / 12;
  mon %= 12;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = year + 1900;
  int last = days[mon] + (mon == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  tm.tm_year = year;
  tm.tm_mon = mon;
  if (tm.tm_mday > last) tm.tm_mday = last;
  return timegm(&tm);
}

const char *scs_rating_effective_status(const scs_rating *r, time_t now) {
  if (strcmp(r->status, "revoked") == 0) return "revoked";
  if (strcmp(r->status, "suspended") == 0) return "suspended";
  time_t exp;
  if (util_time_parse(r->expires_at, &exp) == 0 && now >= exp) return "expired";
  return "valid";
}

hoshi_err scs_notify_with(sqlite3 *db, sqlite3_stmt **cache, const char *org_id, const char *kind, const char *subject,
                          const char *ja, const char *en, const char *dedupe_key, hoshi_error *e) {
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN];
  util_new_id("ntf", id);
  util_now_iso(now);
  sqlite3_stmt *st = cache ? *cache : NULL;
  if (st == NULL) {
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO notifications(id, org_id, kind, subject, message_ja, message_en, dedupe_key, created_at)"
                           " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(dedupe_key) DO NOTHING",
                           -1, &st, NULL) != SQLITE_OK)
      return store_fail(db, e, "writing notification");
    if (cache) *cache = st;
  }
  const char *v[] = {id, org_id, kind, subject, ja, en, dedupe_key ? dedupe_key : id, now};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 1, v[i]);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "writing notification");
  if (cache) sqlite3_reset(st);
  else sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_notify(sqlite3 *db, const char *org_id, const char *kind, const char *subject, const char *ja,
                     const char *en, const char *dedupe_key, hoshi_error *e) {
  return scs_notify_with(db, NULL, org_id, kind, subject, ja, en, dedupe_key, e);
}

/* Sends event about rating id to its organization and to every buyer holding an active share. */
static hoshi_err emit_rating(sqlite3 *db, const char *rating_id, const char *org_id, const char *event, const char *data,
                             hoshi_error *e) {
  hoshi_err rc = webhook_emit(db, org_id, event, data, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT DISTINCT buyer_org_id FROM shares WHERE rating_id = ? AND withdrawn_at IS NULL", -1, &st,
                         NULL) != SQLITE_OK)
    return store_fail(db, e, "reading shares");
  store_bind_text(st, 1, rating_id);
  while (rc == HOSHI_OK && sqlite3_step(st) == SQLITE_ROW) rc = webhook_emit(db, store_col_text(st, 0), event, data, e);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_issue_rating(sqlite3 *db, const audit_actor *who, const scs_assessment *a, char rating_id[UTIL_ID_LEN],
                           hoshi_error *e) {
  int months = 0;
  hoshi_err rc = catalog_level(db, a->catalog_id, a->level, &months, e);
  if (rc) return rc;
  if (months <= 0) months = scs_is_self_path(a->level) ? 12 : SCS_STAR4_VALIDITY_MONTHS_DEFAULT;
  char id[UTIL_ID_LEN], issued[UTIL_TIME_LEN], expires[UTIL_TIME_LEN];
  util_new_id("rtg", id);
  time_t now = time(NULL);
  util_time_iso(now, issued);
  util_time_iso(scs_add_months(now, months), expires);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description,"
                         " issued_at, expires_at, status) VALUES (?,?,?,?,?,?,?,?,?,'valid')",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "issuing rating");
  const char *v[] = {id, a->org_id, a->id, a->catalog_id, a->level, a->scope_kind, a->scope_description, issued, expires};
  for (int i = 0; i < 9; i++) store_bind_text(st, i + 1, v[i]);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return store_fail(db, e, "issuing rating");
  if (sqlite3_prepare_v2(db, "UPDATE assessments SET status = 'rated', rating_id = ?, updated_at = ? WHERE id = ?", -1, &st,
                         NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, id), store_bind_text(st, 2, issued), store_bind_text(st, 3, a->id), sqlite3_step(st)) != SQLITE_DONE) {
    sqlite3_finalize(st);
    return store_fail(db, e, "issuing rating");
  }
  sqlite3_finalize(st);
  char ja[128], en[128], summary[256];
  snprintf(ja, sizeof ja, "★%s の評価が発行されました（有効期限 %.10s）", a->level, expires);
  snprintf(en, sizeof en, "Rating ★%s issued (valid until %.10s)", a->level, expires);
  if ((rc = scs_notify(db, a->org_id, "rating.issued", id, ja, en, NULL, e))) return rc;
  snprintf(summary, sizeof summary, "{\"after\":{\"level\":\"%s\",\"issued_at\":\"%s\",\"expires_at\":\"%s\",\"assessment\":\"%s\"}}",
           a->level, issued, expires, a->id);
  if ((rc = audit_append(db, who, a->org_id, "rating.issue", "rating", id, summary, e))) return rc;
  snprintf(rating_id, UTIL_ID_LEN, "%s", id);
  return HOSHI_OK;
}

#define R_COLUMNS                                                                                            \
  "id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at, expires_at, status," \
  " status_reason"

static void row_to_rating(sqlite3_stmt *st, scs_rating *r) {
  memset(r, 0, sizeof *r);
  char *dst[] = {r->id, r->org_id, r->assessment_id, r->catalog_id, r->level, r->scope_kind, r->scope_description,
                 r->issued_at, r->expires_at, r->status, r->status_reason};
  size_t sz[] = {sizeof r->id, sizeof r->org_id, sizeof r->assessment_id, sizeof r->catalog_id, sizeof r->level,
                 sizeof r->scope_kind, sizeof r->scope_description, sizeof r->issued_at, sizeof r->expires_at,
                 sizeof r->status, sizeof r->status_reason};
  for (int i = 0; i < 11; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, i));
}

static void fill_rating(sqlite3_stmt *st, void *slot) { row_to_rating(st, slot); }

hoshi_err scs_rating_get(sqlite3 *db, const char *id, scs_rating *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " R_COLUMNS " FROM ratings WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading rating");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_rating(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no rating %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_rating_list(sqlite3 *db, const char *org_id, scs_rating **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " R_COLUMNS " FROM ratings WHERE (? IS NULL OR org_id = ?) ORDER BY issued_at DESC, id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing ratings");
  store_bind_text(st, 1, org_id);
  store_bind_text(st, 2, org_id);
  sqlite3_bind_int(st, 3, SCS_LIST_MAX);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(scs_rating), fill_rating, &arr, n, "listing ratings", e);
  *out = arr;
  return rc;
}

hoshi_err scs_rating_set_status(sqlite3 *db, const audit_actor *who, const char *id, const char *status,
                                const char *reason, hoshi_error *e) {
  static const char *const statuses[] = {"valid", "suspended", "revoked", NULL};
  if (!text_one_of(status, statuses))
    return hoshi_fail(e, HOSHI_EINVAL, "status", "status must be suspended, revoked or valid (to lift a suspension)");
  hoshi_err rc = text_check("reason", reason, SCS_TEXT_MAX, strcmp(status, "valid") != 0, 1, e);
  if (rc) return rc;
  if ((rc = store_begin(db, e))) return rc;
  scs_rating r;
  sqlite3_stmt *st = NULL;
  if ((rc = scs_rating_get(db, id, &r, e))) goto done;
  if (strcmp(r.status, "revoked") == 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "rating is 'revoked'; a revocation is final");
    goto done;
  }
  if (strcmp(status, "valid") == 0 && strcmp(r.status, "suspended") != 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "rating is '%s'; only a suspended rating can be reinstated", r.status);
    goto done;
  }
  if (strcmp(status, r.status) == 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "rating is already '%s'", r.status);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db,
                         "UPDATE ratings SET status = ?, status_reason = ?, status_changed_at = ?, status_changed_by = ? WHERE id = ?",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "changing rating");
    goto done;
  }
  const char *v[] = {status, reason ? reason : "", now, who->user_id ? who->user_id : who->name, id};
  for (int i = 0; i < 5; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "changing rating");
    goto done;
  }
  char ja[160], en[160], summary[256];
  snprintf(ja, sizeof ja, "★%s の評価の状態が「%s」になりました", r.level, status);
  snprintf(en, sizeof en, "Rating ★%s is now %s", r.level, status);
  if ((rc = scs_notify(db, r.org_id, "rating.status", id, ja, en, NULL, e))) goto done;
  if (strcmp(status, "revoked") == 0) {
    char data[300];
    snprintf(data, sizeof data, "{\"rating\":\"%s\",\"organization\":\"%s\",\"level\":\"%s\",\"status\":\"revoked\"}", id,
             r.org_id, r.level);
    if ((rc = emit_rating(db, id, r.org_id, "rating.revoked", data, e))) goto done;
  }
  snprintf(summary, sizeof summary, "{\"before\":\"%s\",\"after\":\"%s\"}", r.status, status);
  if ((rc = audit_append(db, who, r.org_id, "rating.status", "rating", id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err scs_rating_reminders(sqlite3 *db, time_t now, int *made, hoshi_error *e) {
  *made = 0;
  static const int windows[] = {30, 7};
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  for (size_t w = 0; w < 2 && rc == HOSHI_OK; w++) {
    char lo[UTIL_TIME_LEN], hi[UTIL_TIME_LEN];
    util_time_iso(now, lo);
    util_time_iso(now + (time_t)windows[w] * 86400, hi);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id, org_id, level, expires_at FROM ratings WHERE status = 'valid' AND expires_at > ? AND expires_at <= ?",
                           -1, &st, NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "reading ratings");
      break;
    }
    store_bind_text(st, 1, lo);
    store_bind_text(st, 2, hi);
    while (rc == HOSHI_OK && sqlite3_step(st) == SQLITE_ROW) {
      char key[96], ja[160], en[160];
      snprintf(key, sizeof key, "rating.expiry.%d.%s", windows[w], store_col_text(st, 0));
      snprintf(ja, sizeof ja, "★%s の評価は %.10s に有効期限を迎えます（%d日前のお知らせ）", store_col_text(st, 2),
               store_col_text(st, 3), windows[w]);
      snprintf(en, sizeof en, "Rating ★%s expires on %.10s (%d-day reminder)", store_col_text(st, 2), store_col_text(st, 3),
               windows[w]);
      int before = sqlite3_total_changes(db);
      rc = scs_notify(db, store_col_text(st, 1), "rating.expiring", store_col_text(st, 0), ja, en, key, e);
      if (rc == HOSHI_OK && sqlite3_total_changes(db) > before) {
        (*made)++;
        /* Webhooks follow the notification: once per rating and window. */
        char data[300];
        snprintf(data, sizeof data, "{\"rating\":\"%s\",\"organization\":\"%s\",\"expires_at\":\"%s\",\"days\":%d}",
                 store_col_text(st, 0), store_col_text(st, 1), store_col_text(st, 3), windows[w]);
        rc = emit_rating(db, store_col_text(st, 0), store_col_text(st, 1), "rating.expiring", data, e);
      }
    }
    sqlite3_finalize(st);
  }
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  return rc;
}

/* ---- improvement plan ---- */

#define I_COLUMNS "id, org_id, assessment_id, criterion_id, what, owner, due_date, status, updated_at"

static void row_to_item(sqlite3_stmt *st, scs_item *it) {
  memset(it, 0, sizeof *it);
  char *dst[] = {it->id, it->org_id, it->assessment_id, it->criterion_id, it->what, it->owner, it->due_date, it->status, it->updated_at};
  size_t sz[] = {sizeof it->id, sizeof it->org_id, sizeof it->assessment_id, sizeof it->criterion_id, sizeof it->what,
                 sizeof it->owner, sizeof it->due_date, sizeof it->status, sizeof it->updated_at};
  for (int i = 0; i < 9; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, i));
}

static void fill_item(sqlite3_stmt *st, void *slot) { row_to_item(st, slot); }

hoshi_err scs_items_list(sqlite3 *db, const char *org_id, const char *assessment_id, scs_item **out, size_t *n,
                         hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " I_COLUMNS " FROM improvement_items WHERE org_id = ? AND (? IS NULL OR assessment_id = ?)"
                         " ORDER BY created_at, criterion_id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing improvement items");
  store_bind_text(st, 1, org_id);
  store_bind_text(st, 2, assessment_id);
  store_bind_text(st, 3, assessment_id);
  sqlite3_bind_int(st, 4, SCS_LIST_MAX);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(scs_item), fill_item, &arr, n, "listing improvement items", e);
  *out = arr;
  return rc;
}

hoshi_err scs_item_get(sqlite3 *db, const char *id, scs_item *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " I_COLUMNS " FROM improvement_items WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading improvement item");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_item(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no improvement item %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_item_update(sqlite3 *db, const audit_actor *who, const char *id, const char *what, const char *owner,
                          const char *due_date, const char *status, scs_item *out, hoshi_error *e) {
  static const char *const statuses[] = {"open", "in_progress", "done", NULL};
  hoshi_err rc;
  if ((rc = text_check("what", what, SCS_TEXT_MAX, 0, 1, e)) || (rc = text_check("owner", owner, 255, 0, 0, e))) return rc;
  if (what && !*what) return hoshi_fail(e, HOSHI_EINVAL, "what", "what must not be empty");
  if (due_date && *due_date && !scs_date_valid(due_date)) return hoshi_fail(e, HOSHI_EINVAL, "due_date", "due_date must be YYYY-MM-DD");
  if (status && !text_one_of(status, statuses)) return hoshi_fail(e, HOSHI_EINVAL, "status", "status must be open, in_progress or done");
  if ((rc = store_begin(db, e))) return rc;
  scs_item it;
  sqlite3_stmt *st = NULL;
  if ((rc = scs_item_get(db, id, &it, e))) goto done;
  char before[16];
  snprintf(before, sizeof before, "%s", it.status);
  if (what) snprintf(it.what, sizeof it.what, "%s", what);
  if (owner) snprintf(it.owner, sizeof it.owner, "%s", owner);
  if (due_date) snprintf(it.due_date, sizeof it.due_date, "%s", due_date);
  if (status) snprintf(it.status, sizeof it.status, "%s", status);
  util_now_iso(it.updated_at);
  if (sqlite3_prepare_v2(db, "UPDATE improvement_items SET what = ?, owner = ?, due_date = ?, status = ?, updated_at = ? WHERE id = ?",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "updating improvement item");
    goto done;
  }
  const char *v[] = {it.what, it.owner, it.due_date, it.status, it.updated_at, id};
  for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "updating improvement item");
    goto done;
  }
  char summary[200];
  snprintf(summary, sizeof summary, "{\"criterion\":\"%s\",\"before\":\"%s\",\"after\":\"%s\",\"due\":\"%s\"}", it.criterion_id,
           before, it.status, it.due_date);
  if ((rc = audit_append(db, who, it.org_id, "improvement.update", "improvement_item", id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = it;
  return rc;
}

hoshi_err scs_set_default_expert(sqlite3 *db, const audit_actor *who, const char *org_id, const char *expert_id,
                                 hoshi_error *e) {
  user u;
  if (user_get(db, expert_id, &u, NULL) != HOSHI_OK || !(u.roles & ROLE_EXPERT))
    return hoshi_fail(e, HOSHI_EINVAL, "expert_user_id", "%.64s is not a user with the expert role", expert_id);
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO org_default_experts(org_id, expert_user_id) VALUES (?, ?)"
                         " ON CONFLICT(org_id) DO UPDATE SET expert_user_id = excluded.expert_user_id",
                         -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, org_id), store_bind_text(st, 2, expert_id), sqlite3_step(st)) != SQLITE_DONE)
    rc = store_fail(db, e, "setting default expert");
  sqlite3_finalize(st);
  char summary[128];
  snprintf(summary, sizeof summary, "{\"after\":\"%s\"}", expert_id);
  if (rc == HOSHI_OK) rc = audit_append(db, who, org_id, "org.default_expert", "organization", org_id, summary, e);
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  return rc;
}

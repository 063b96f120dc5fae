/* JC-STAR labels: the self-declaration that issues one (every criterion met, PSTI recognition
 * for three requirements only; expiry capped by two years and the support end), registration
 * numbers, withdrawal by the operator, change notices, and the public view: list with
 * filters, product page, procurement check and CSV export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "jcstar/jcstar.h"
#include "jcstar/jcstar_int.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"
#include "webhook/webhook.h"

/* ---- rules ---- */

static int parse_date(const char *s, struct tm *tm) {
  if (!scs_date_valid(s)) return -1;
  memset(tm, 0, sizeof *tm);
  strptime(s, "%Y-%m-%d", tm);
  tm->tm_hour = 12; /* noon keeps month arithmetic away from day boundaries */
  return 0;
}

int jcs_label_expiry(const char *issued, const char *support_end, int months, char out[11]) {
  struct tm ti, ts;
  if (parse_date(issued, &ti) || parse_date(support_end, &ts)) return -1;
  if (strcmp(support_end, issued) <= 0) return -1; /* no support left: nothing to label */
  if (months <= 0 || months > JCS_LABEL_MONTHS_MAX) months = JCS_LABEL_MONTHS_MAX;
  time_t end = scs_add_months(timegm(&ti), months);
  struct tm te;
  gmtime_r(&end, &te);
  char cand[48];
  snprintf(cand, sizeof cand, "%04d-%02d-%02d", te.tm_year + 1900, te.tm_mon + 1, te.tm_mday);
  memcpy(out, strcmp(cand, support_end) < 0 ? cand : support_end, 10);
  out[10] = '\0';
  return 0;
}

const char *jcs_label_effective_status(const jcs_label *l, const char *today) {
  if (strcmp(l->status, JCS_WITHDRAWN) == 0) return JCS_WITHDRAWN;
  if (strcmp(today, l->expires_on) > 0) return JCS_EXPIRED; /* valid through the expiry day */
  return JCS_VALID;
}

int jcs_regnum_valid(const char *s) {
  /* JCS<level>-<yyyy>-<nnnnn> */
  if (s == NULL || strlen(s) != 15) return 0;
  if (strncmp(s, "JCS", 3) != 0 || s[3] < '1' || s[3] > '4' || s[4] != '-' || s[9] != '-') return 0;
  for (int i = 5; i < 9; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  for (int i = 10; i < 15; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

void jcs_product_url(const char *public_base, const char *reg, char *out, size_t n) {
  size_t bl = strlen(public_base);
  while (bl > 0 && public_base[bl - 1] == '/') bl--;
  snprintf(out, n, "%.*s/#/product/%s", (int)bl, public_base, reg);
}

/* ---- labels ---- */

#define L_COLUMNS(t)                                                                                           \
  t "id, " t "reg_number, " t "product_id, " t "org_id, " t "catalog_id, " t "level, " t "issued_on, "           \
  t "expires_on, " t "status, " t "withdraw_reason, " t "withdrawn_at, " t "psti_recognized, " t "declarant_name, " \
  t "declarant_title, " t "declared_by, " t "created_at"
#define L_NCOLS 16

static void row_to_label(sqlite3_stmt *st, jcs_label *l) {
  memset(l, 0, sizeof *l);
  char *dst[] = {l->id,         l->reg_number,      l->product_id, l->org_id,          l->catalog_id, l->level,
                 l->issued_on,  l->expires_on,      l->status,     l->withdraw_reason, l->withdrawn_at};
  size_t sz[] = {sizeof l->id,        sizeof l->reg_number, sizeof l->product_id, sizeof l->org_id,
                 sizeof l->catalog_id, sizeof l->level,     sizeof l->issued_on,  sizeof l->expires_on,
                 sizeof l->status,    sizeof l->withdraw_reason, sizeof l->withdrawn_at};
  for (int i = 0; i < 11; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, i));
  l->psti_recognized = sqlite3_column_int(st, 11);
  snprintf(l->declarant_name, sizeof l->declarant_name, "%s", store_col_text(st, 12));
  snprintf(l->declarant_title, sizeof l->declarant_title, "%s", store_col_text(st, 13));
  snprintf(l->declared_by, sizeof l->declared_by, "%s", store_col_text(st, 14));
  snprintf(l->created_at, sizeof l->created_at, "%s", store_col_text(st, 15));
}

static hoshi_err label_where(sqlite3 *db, const char *col, const char *v, jcs_label *out, hoshi_error *e) {
  char sql[600];
  snprintf(sql, sizeof sql, "SELECT " L_COLUMNS("") " FROM iot_labels WHERE %s = ?", col);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "reading label");
  store_bind_text(st, 1, v);
  hoshi_err rc = HOSHI_OK;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) row_to_label(st, out);
  else if (step == SQLITE_DONE) rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no label %.64s", v);
  else rc = store_fail(db, e, "reading label");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err jcs_label_get(sqlite3 *db, const char *id, jcs_label *out, hoshi_error *e) {
  return label_where(db, "id", id, out, e);
}

hoshi_err jcs_label_by_regnum(sqlite3 *db, const char *reg, jcs_label *out, hoshi_error *e) {
  if (!jcs_regnum_valid(reg))
    return hoshi_fail(e, HOSHI_ENOTFOUND, "registration_number",
                      "no label '%.32s' (registration numbers look like JCS1-2026-00001)", reg ? reg : "");
  return label_where(db, "reg_number", reg, out, e);
}

/* Inside the declaration's transaction: the next number of this level and year. */
static hoshi_err next_regnum(sqlite3 *db, const char *level, const char *year, char out[JCS_REGNUM_MAX], hoshi_error *e) {
  char prefix[24];
  snprintf(prefix, sizeof prefix, "JCS%.1s-%.4s-", level, year);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT coalesce(max(CAST(substr(reg_number, 11) AS INTEGER)), 0) FROM iot_labels"
                             " WHERE substr(reg_number, 1, 10) = ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "numbering label");
  store_bind_text(st, 1, prefix);
  long long seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 1;
  sqlite3_finalize(st);
  if (seq > 99999) return hoshi_fail(e, HOSHI_ELIMIT, "", "registration numbers of %s are used up", prefix);
  char buf[64];
  snprintf(buf, sizeof buf, "%s%05d", prefix, (int)seq);
  memcpy(out, buf, 16); /* JCSn-yyyy-nnnnn + NUL */
  return HOSHI_OK;
}

hoshi_err jcs_declare(sqlite3 *db, const audit_actor *who, const jcs_product *p, const jcs_declaration *d,
                      jcs_label *label_out, hoshi_error *e) {
  hoshi_err rc;
  if ((rc = text_check("name", d->name, JCS_NAME_MAX, 1, 0, e))) return rc;
  if ((rc = text_check("title", d->title, JCS_NAME_MAX, 1, 0, e))) return rc;
  if (!d->accept)
    return hoshi_fail(e, HOSHI_EINVAL, "accept",
                      "the declaration must be accepted: the product meets every requirement of the level");
  jcs_product cur;
  if ((rc = jcs_tx_begin(db, p->id, JCS_DRAFT, "the self-declaration", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  jcs_label l;
  memset(&l, 0, sizeof l);
  /* The rule itself: no label while any criterion is unmet, PSTI recognition aside. */
  jcs_progress pg;
  if ((rc = jcs_progress_of(db, &cur, &pg, e))) goto done;
  if (pg.criteria == 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "level", "%s has no requirements loaded for level %s yet", cur.catalog_id,
                    cur.level);
    goto done;
  }
  if (pg.unmet) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "checklist",
                    "%d of %d criteria are not met (first: %s); a label needs every requirement of level %s met",
                    pg.unmet, pg.criteria, pg.first_unmet, cur.level);
    goto done;
  }
  int months = 0;
  if ((rc = catalog_level(db, cur.catalog_id, cur.level, &months, e))) goto done;
  jcs_today(l.issued_on);
  if (jcs_label_expiry(l.issued_on, cur.support_end, months, l.expires_on) != 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "support_end", "the support period ended on %s; a label needs support after %s",
                    cur.support_end, l.issued_on);
    goto done;
  }
  util_new_id("lbl", l.id);
  if ((rc = next_regnum(db, cur.level, l.issued_on, l.reg_number, e))) goto done;
  snprintf(l.product_id, sizeof l.product_id, "%s", cur.id);
  snprintf(l.org_id, sizeof l.org_id, "%s", cur.org_id);
  snprintf(l.catalog_id, sizeof l.catalog_id, "%s", cur.catalog_id);
  snprintf(l.level, sizeof l.level, "%s", cur.level);
  snprintf(l.status, sizeof l.status, "%s", JCS_VALID);
  l.psti_recognized = pg.psti_met > 0;
  snprintf(l.declarant_name, sizeof l.declarant_name, "%s", d->name);
  snprintf(l.declarant_title, sizeof l.declarant_title, "%s", d->title);
  snprintf(l.declared_by, sizeof l.declared_by, "%s", who->user_id ? who->user_id : who->name);
  util_now_iso(l.created_at);
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO iot_labels(id, reg_number, product_id, org_id, catalog_id, level, issued_on,"
                         " expires_on, status, psti_recognized, declarant_name, declarant_title, declared_by, created_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "issuing label");
    goto done;
  }
  const char *v[] = {l.id, l.reg_number, l.product_id, l.org_id, l.catalog_id, l.level, l.issued_on, l.expires_on, l.status};
  for (int i = 0; i < 9; i++) store_bind_text(st, i + 1, v[i]);
  sqlite3_bind_int(st, 10, l.psti_recognized);
  store_bind_text(st, 11, l.declarant_name);
  store_bind_text(st, 12, l.declarant_title);
  store_bind_text(st, 13, l.declared_by);
  store_bind_text(st, 14, l.created_at);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "issuing label");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(db, "UPDATE iot_products SET status = ?, label_id = ?, updated_at = ? WHERE id = ?", -1, &st,
                         NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "issuing label");
    goto done;
  }
  store_bind_text(st, 1, JCS_LABELLED);
  store_bind_text(st, 2, l.id);
  store_bind_text(st, 3, l.created_at);
  store_bind_text(st, 4, cur.id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "issuing label");
    goto done;
  }
  char ja[600], en[600];
  snprintf(ja, sizeof ja, "%.300s にJC-STAR★%s ラベル %s が発行されました（有効期限 %s）。", cur.name, l.level,
           l.reg_number, l.expires_on);
  snprintf(en, sizeof en, "JC-STAR ★%s label %s issued for %.300s (expires %s).", l.level, l.reg_number, cur.name,
           l.expires_on);
  if ((rc = scs_notify(db, cur.org_id, "label.issued", l.reg_number, ja, en, NULL, e))) goto done;
  char data[600];
  const char *wd[] = {"registration_number", l.reg_number, "level", l.level, "issued_on", l.issued_on, "expires_on",
                      l.expires_on, "product", cur.name, NULL};
  jcs_summary(data, sizeof data, "label", wd);
  if ((rc = webhook_emit(db, cur.org_id, "label.issued", data, e))) goto done;
  char summary[800];
  const char *kv[] = {"registration_number", l.reg_number, "level", l.level, "issued_on", l.issued_on, "expires_on",
                      l.expires_on, "psti_recognized", l.psti_recognized ? "true" : "false", "product", cur.id,
                      "declarant", l.declarant_name, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, cur.org_id, "label.issue", "label", l.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (label_out) *label_out = l;
  return rc;
}

hoshi_err jcs_label_withdraw(sqlite3 *db, const audit_actor *who, const char *reg, const char *reason, hoshi_error *e) {
  hoshi_err rc = text_check("reason", reason, JCS_TEXT_MAX, 1, 1, e);
  if (rc) return rc;
  if ((rc = store_begin(db, e))) return rc;
  jcs_label l;
  sqlite3_stmt *st = NULL;
  if ((rc = jcs_label_by_regnum(db, reg, &l, e))) goto done;
  if (strcmp(l.status, JCS_WITHDRAWN) == 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "label %s is 'withdrawn' already; withdrawal needs a label not withdrawn",
                    l.reg_number);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE iot_labels SET status = ?, withdraw_reason = ?, withdrawn_at = ? WHERE id = ?", -1,
                         &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "withdrawing label");
    goto done;
  }
  store_bind_text(st, 1, JCS_WITHDRAWN);
  store_bind_text(st, 2, reason);
  store_bind_text(st, 3, now);
  store_bind_text(st, 4, l.id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "withdrawing label");
    goto done;
  }
  char ja[JCS_TEXT_MAX + 200], en[JCS_TEXT_MAX + 200];
  snprintf(ja, sizeof ja, "JC-STARラベル %s は運営者により取り消されました。理由: %.1500s", l.reg_number, reason);
  snprintf(en, sizeof en, "JC-STAR label %s was withdrawn by the operator. Reason: %.1500s", l.reg_number, reason);
  if ((rc = scs_notify(db, l.org_id, "label.withdrawn", l.reg_number, ja, en, NULL, e))) goto done;
  char data[800];
  const char *wd[] = {"registration_number", l.reg_number, "status", JCS_WITHDRAWN, "reason", reason, NULL};
  jcs_summary(data, sizeof data, "label", wd);
  if ((rc = webhook_emit(db, l.org_id, "label.withdrawn", data, e))) goto done;
  char summary[800];
  const char *kv[] = {"status", JCS_WITHDRAWN, "reason", reason, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, l.org_id, "label.withdraw", "label", l.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

/* ---- expiry reminders ---- */

hoshi_err jcs_label_reminders(sqlite3 *db, time_t now, int *made, hoshi_error *e) {
  *made = 0;
  static const int windows[] = {30, 7};
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  for (size_t w = 0; w < 2 && rc == HOSHI_OK; w++) {
    char lo[UTIL_TIME_LEN], hi[UTIL_TIME_LEN];
    util_time_iso(now, lo);
    util_time_iso(now + (time_t)windows[w] * 86400, hi);
    lo[10] = hi[10] = '\0'; /* dates */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT l.id, l.org_id, l.reg_number, l.expires_on, p.name FROM iot_labels l"
                           " JOIN iot_products p ON p.id = l.product_id"
                           " WHERE l.status = 'valid' AND l.expires_on >= ? AND l.expires_on <= ?",
                           -1, &st, NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "reading labels");
      break;
    }
    store_bind_text(st, 1, lo);
    store_bind_text(st, 2, hi);
    while (rc == HOSHI_OK && sqlite3_step(st) == SQLITE_ROW) {
      char key[96], ja[600], en[600];
      snprintf(key, sizeof key, "label.expiry.%d.%s", windows[w], store_col_text(st, 0));
      snprintf(ja, sizeof ja, "%.300s のJC-STARラベル %s は %.10s に有効期限を迎えます（%d日前のお知らせ）",
               store_col_text(st, 4), store_col_text(st, 2), store_col_text(st, 3), windows[w]);
      snprintf(en, sizeof en, "JC-STAR label %s of %.300s expires on %.10s (%d-day reminder)", store_col_text(st, 2),
               store_col_text(st, 4), store_col_text(st, 3), windows[w]);
      int before = sqlite3_total_changes(db);
      rc = scs_notify(db, store_col_text(st, 1), "label.expiring", store_col_text(st, 2), ja, en, key, e);
      if (rc == HOSHI_OK && sqlite3_total_changes(db) > before) {
        (*made)++;
        /* Only a new reminder goes out as a webhook, so reruns of the ticker send nothing twice. */
        char data[300];
        const char *wd[] = {"registration_number", store_col_text(st, 2), "expires_on", store_col_text(st, 3), NULL};
        jcs_summary(data, sizeof data, "label", wd);
        rc = webhook_emit(db, store_col_text(st, 1), "label.expiring", data, e);
      }
    }
    sqlite3_finalize(st);
  }
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  return rc;
}

/* ---- change notices ---- */

static hoshi_err add_change(sqlite3 *db, const audit_actor *who, const char *label_id, const char *kind,
                            const char *before, const char *after, const char *note, const char *at, hoshi_error *e) {
  char id[UTIL_ID_LEN];
  util_new_id("chg", id);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO iot_label_changes(id, label_id, kind, before, after, note, created_by, created_at)"
                         " VALUES (?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "recording change notice");
  const char *v[] = {id, label_id, kind, before, after, note ? note : "", who->user_id ? who->user_id : who->name, at};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 1, v[i]);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "recording change notice");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err jcs_change_notice(sqlite3 *db, const audit_actor *who, const jcs_product *p, const char *firmware_version,
                            const char *const *add_models, size_t n_add, const char *note, hoshi_error *e) {
  hoshi_err rc;
  if (firmware_version == NULL && n_add == 0)
    return hoshi_fail(e, HOSHI_EINVAL, "firmware_version", "a change notice gives a new firmware_version or add_models");
  if ((rc = text_check("firmware_version", firmware_version, JCS_VERSION_MAX, firmware_version != NULL, 0, e))) return rc;
  if ((rc = text_check("note", note, JCS_TEXT_MAX, 0, 1, e))) return rc;
  for (size_t i = 0; i < n_add; i++) {
    char f[48];
    snprintf(f, sizeof f, "add_models[%zu]", i);
    if ((rc = text_check(f, add_models[i], JCS_MODEL_MAX, 1, 0, e))) return rc;
  }
  jcs_product cur;
  if ((rc = jcs_tx_begin(db, p->id, JCS_LABELLED, "a change notice", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  jcs_models have = {0, NULL};
  jcs_label l;
  if ((rc = jcs_label_get(db, cur.label_id, &l, e))) goto done;
  char today[11];
  jcs_today(today);
  const char *eff = jcs_label_effective_status(&l, today);
  if (strcmp(eff, JCS_VALID) != 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "label %s is '%s'; a change notice needs a valid label", l.reg_number, eff);
    goto done;
  }
  if ((rc = jcs_models_get(db, cur.id, &have, e))) goto done;
  if (have.n + n_add > JCS_MODELS_MAX) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "add_models", "%zu model numbers in all; at most %d per product", have.n + n_add,
                    JCS_MODELS_MAX);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (firmware_version) {
    if (strcmp(firmware_version, cur.firmware_version) == 0) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "firmware_version", "firmware_version is already '%.100s'", firmware_version);
      goto done;
    }
    if (sqlite3_prepare_v2(db, "UPDATE iot_products SET firmware_version = ?, updated_at = ? WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "recording change notice");
      goto done;
    }
    store_bind_text(st, 1, firmware_version);
    store_bind_text(st, 2, now);
    store_bind_text(st, 3, cur.id);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = store_fail(db, e, "recording change notice");
      goto done;
    }
    if ((rc = add_change(db, who, l.id, "firmware", cur.firmware_version, firmware_version, note, now, e))) goto done;
  }
  if (n_add) {
    if ((rc = jcs_insert_models(db, cur.id, add_models, n_add, e))) {
      if (rc == HOSHI_EINVAL) snprintf(e->field, sizeof e->field, "add_models");
      goto done;
    }
    char after[JCS_TEXT_MAX + 1] = "";
    size_t used = 0;
    for (size_t i = 0; i < n_add && used + 2 < sizeof after; i++) {
      int k = snprintf(after + used, sizeof after - used, "%s%s", i ? ", " : "", add_models[i]);
      if (k < 0) break;
      used += (size_t)k;
    }
    if (used >= sizeof after) after[sizeof after - 1] = '\0';
    char before[48];
    snprintf(before, sizeof before, "%zu models", have.n);
    if ((rc = add_change(db, who, l.id, "models", before, after, note, now, e))) goto done;
  }
  char summary[800];
  const char *kv[] = {"firmware_version", firmware_version ? firmware_version : cur.firmware_version, "models_added",
                      n_add ? "yes" : "no", "label", l.reg_number, NULL};
  jcs_summary(summary, sizeof summary, "after", kv);
  if ((rc = audit_append(db, who, cur.org_id, "label.change_notice", "product", cur.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  free(have.v);
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err jcs_changes_get(sqlite3 *db, const char *label_id, jcs_change **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT id, label_id, kind, before, after, note, created_at FROM iot_label_changes"
                             " WHERE label_id = ? ORDER BY created_at, rowid",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading change notices");
  store_bind_text(st, 1, label_id);
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 4;
      jcs_change *q = realloc(*out, cap * sizeof *q);
      if (q == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      *out = q;
    }
    jcs_change *c = &(*out)[(*n)++];
    snprintf(c->id, sizeof c->id, "%s", store_col_text(st, 0));
    snprintf(c->label_id, sizeof c->label_id, "%s", store_col_text(st, 1));
    snprintf(c->kind, sizeof c->kind, "%s", store_col_text(st, 2));
    snprintf(c->before, sizeof c->before, "%s", store_col_text(st, 3));
    snprintf(c->after, sizeof c->after, "%s", store_col_text(st, 4));
    snprintf(c->note, sizeof c->note, "%s", store_col_text(st, 5));
    snprintf(c->created_at, sizeof c->created_at, "%s", store_col_text(st, 6));
  }
  sqlite3_finalize(st);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

/* ---- public view ---- */

/* LIKE pattern for a substring search with %, _ and \ taken literally. */
static void like_pattern(const char *s, char *out, size_t n) {
  size_t k = 0;
  if (k + 1 < n) out[k++] = '%';
  for (; *s && k + 3 < n; s++) {
    if (*s == '%' || *s == '_' || *s == '\\') out[k++] = '\\';
    out[k++] = *s;
  }
  if (k + 1 < n) out[k++] = '%';
  out[k] = '\0';
}

#define EFFECTIVE                                                                                   \
  "CASE WHEN l.status = 'withdrawn' THEN 'withdrawn' WHEN l.expires_on < ?1 THEN 'expired' ELSE 'valid' END"

hoshi_err jcs_public_list(sqlite3 *db, const jcs_filter *f, jcs_public **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  hoshi_err rc;
  if ((rc = text_check("q", f->q, JCS_QUERY_MAX, 0, 0, e))) return rc;
  if ((rc = text_check("vendor", f->vendor, JCS_QUERY_MAX, 0, 0, e))) return rc;
  if ((rc = text_check("model", f->model, JCS_MODEL_MAX, 0, 0, e))) return rc;
  static const char *const statuses[] = {JCS_VALID, JCS_EXPIRED, JCS_WITHDRAWN, NULL};
  if (f->status && *f->status && !text_one_of(f->status, statuses))
    return hoshi_fail(e, HOSHI_EINVAL, "status", "status must be valid, expired or withdrawn");
  if (f->product_type && *f->product_type && !text_one_of(f->product_type, jcs_product_types))
    return hoshi_fail(e, HOSHI_EINVAL, "product_type", "product_type '%.32s' is not known", f->product_type);
  if (f->level && *f->level && !(strlen(f->level) == 1 && f->level[0] >= '1' && f->level[0] <= '4'))
    return hoshi_fail(e, HOSHI_EINVAL, "level", "level must be 1, 2, 3 or 4");
  char today[11], q[3 * JCS_QUERY_MAX], vendor[3 * JCS_QUERY_MAX];
  jcs_today(today);
  if (f->q && *f->q) like_pattern(f->q, q, sizeof q);
  if (f->vendor && *f->vendor) like_pattern(f->vendor, vendor, sizeof vendor);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " L_COLUMNS("l.") ", " JCS_P_COLUMNS("p.") ", " EFFECTIVE
                         " FROM iot_labels l JOIN iot_products p ON p.id = l.product_id WHERE"
                         " (?2 IS NULL OR p.vendor LIKE ?2 ESCAPE '\\' OR p.name LIKE ?2 ESCAPE '\\' OR l.reg_number LIKE ?2 ESCAPE '\\'"
                         "  OR p.vendor_en LIKE ?2 ESCAPE '\\' OR p.name_en LIKE ?2 ESCAPE '\\'"
                         "  OR EXISTS (SELECT 1 FROM iot_product_models m WHERE m.product_id = p.id AND m.model LIKE ?2 ESCAPE '\\'))"
                         " AND (?3 IS NULL OR p.vendor LIKE ?3 ESCAPE '\\' OR p.vendor_en LIKE ?3 ESCAPE '\\')"
                         " AND (?4 IS NULL OR p.product_type = ?4)"
                         " AND (?5 IS NULL OR l.level = ?5)"
                         " AND (?6 IS NULL OR (" EFFECTIVE ") = ?6)"
                         " AND (?7 IS NULL OR EXISTS (SELECT 1 FROM iot_product_models m WHERE m.product_id = p.id AND m.model = ?7))"
                         " ORDER BY l.issued_on DESC, l.reg_number DESC LIMIT ?8",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing labels");
  store_bind_text(st, 1, today);
  store_bind_text(st, 2, f->q && *f->q ? q : NULL);
  store_bind_text(st, 3, f->vendor && *f->vendor ? vendor : NULL);
  store_bind_text(st, 4, f->product_type && *f->product_type ? f->product_type : NULL);
  store_bind_text(st, 5, f->level && *f->level ? f->level : NULL);
  store_bind_text(st, 6, f->status && *f->status ? f->status : NULL);
  store_bind_text(st, 7, f->model && *f->model ? f->model : NULL);
  sqlite3_bind_int(st, 8, JCS_LIST_MAX);
  size_t cap = 0;
  rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      jcs_public *q2 = realloc(*out, cap * sizeof *q2);
      if (q2 == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      *out = q2;
    }
    jcs_public *r = &(*out)[(*n)++];
    row_to_label(st, &r->label);
    jcs_row_to_product(st, L_NCOLS, &r->product);
    snprintf(r->status, sizeof r->status, "%s", store_col_text(st, L_NCOLS + JCS_P_NCOLS));
  }
  sqlite3_finalize(st);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

hoshi_err jcs_public_get(sqlite3 *db, const char *reg, jcs_public *out, hoshi_error *e) {
  hoshi_err rc = jcs_label_by_regnum(db, reg, &out->label, e);
  if (rc) return rc;
  if ((rc = jcs_product_get(db, out->label.product_id, &out->product, e))) return rc;
  char today[11];
  jcs_today(today);
  snprintf(out->status, sizeof out->status, "%s", jcs_label_effective_status(&out->label, today));
  return HOSHI_OK;
}

hoshi_err jcs_check(sqlite3 *db, const char *vendor, const char *model, int min_level, int *ok, jcs_public *best,
                    hoshi_error *e) {
  *ok = 0;
  if (vendor == NULL || !*vendor) return hoshi_fail(e, HOSHI_EINVAL, "vendor", "vendor is required");
  if (model == NULL || !*model) return hoshi_fail(e, HOSHI_EINVAL, "model", "model is required");
  if (min_level < 1 || min_level > 4) return hoshi_fail(e, HOSHI_EINVAL, "min_level", "min_level must be 1, 2, 3 or 4");
  jcs_filter f = {0};
  f.vendor = vendor;
  f.model = model;
  f.status = JCS_VALID;
  jcs_public *rows = NULL;
  size_t n = 0;
  hoshi_err rc = jcs_public_list(db, &f, &rows, &n, e);
  if (rc) return rc;
  int top = 0;
  for (size_t i = 0; i < n; i++) {
    int lv = atoi(rows[i].label.level);
    if (lv >= min_level && lv > top) {
      top = lv;
      *ok = 1;
      if (best) *best = rows[i];
    }
  }
  free(rows);
  return HOSHI_OK;
}

/* ---- CSV ---- */

void jcs_csv_cell(hoshi_buf *b, const char *s) {
  int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
  int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
  if (quote) hoshi_buf_putc(b, '"');
  if (formula) hoshi_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"') hoshi_buf_putc(b, '"');
    hoshi_buf_putc(b, *s);
  }
  if (quote) hoshi_buf_putc(b, '"');
}

hoshi_err jcs_public_csv(sqlite3 *db, const jcs_public *rows, size_t n, const char *public_base, hoshi_buf *out,
                         hoshi_error *e) {
  static const char *const head[] = {"registration_number", "level",         "status",       "issued_on",
                                     "expires_on",          "vendor",        "product_name", "product_type",
                                     "model_numbers",       "firmware_version", "support_end", "update_method",
                                     "vulnerability_contact", "disclosure_policy_url", "sbom_url", "psti_recognized",
                                     "product_page", "vendor_en", "product_name_en", "update_method_en", NULL};
  hoshi_buf_append(out, "\xEF\xBB\xBF", 3);
  for (int i = 0; head[i]; i++) {
    if (i) hoshi_buf_putc(out, ',');
    hoshi_buf_puts(out, head[i]);
  }
  hoshi_buf_puts(out, "\r\n");
  for (size_t r = 0; r < n; r++) {
    const jcs_public *x = &rows[r];
    jcs_models m;
    hoshi_err rc = jcs_models_get(db, x->product.id, &m, e);
    if (rc) return rc;
    hoshi_buf models = HOSHI_BUF_INIT;
    for (size_t i = 0; i < m.n; i++) {
      if (i) hoshi_buf_puts(&models, "; ");
      hoshi_buf_puts(&models, m.v[i]);
    }
    free(m.v);
    char url[1200];
    jcs_product_url(public_base, x->label.reg_number, url, sizeof url);
    const char *cells[] = {x->label.reg_number, x->label.level, x->status, x->label.issued_on, x->label.expires_on,
                           x->product.vendor, x->product.name, x->product.product_type, models.p ? models.p : "",
                           x->product.firmware_version, x->product.support_end, x->product.update_method,
                           x->product.vuln_contact, x->product.disclosure_url, x->product.sbom_url,
                           x->label.psti_recognized ? "true" : "false", url, x->product.vendor_en, x->product.name_en,
                           x->product.update_method_en};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
      if (i) hoshi_buf_putc(out, ',');
      jcs_csv_cell(out, cells[i]);
    }
    hoshi_buf_puts(out, "\r\n");
    hoshi_buf_free(&models);
  }
  if (out->oom) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  return HOSHI_OK;
}

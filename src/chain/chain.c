/* Supply-chain relationships, the decision tree, requests, shares, statuses and tiers (see
 * chain.h). Each change is one transaction with its audit record. */
#include "chain/chain.h"

#include "chain/cgraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "auth/auth.h"
#include "core/text.h"
#include "webhook/webhook.h"
#include "org/org.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"

const char *sc_required_level(const sc_questions *q, char *why, size_t n) {
  const char *names[] = {"confidential information on the supplier's IT", "business interruption",
                         "network access to the buyer", "wide impact", "no substitute supplier", "stock hard to secure"};
  int vals[] = {q->confidential, q->interruption, q->network, q->impact, q->no_substitute, q->stock};
  size_t used = 0;
  int any = 0;
  if (why && n) why[0] = '\0';
  for (int i = 0; i < 6; i++) {
    if (!vals[i]) continue;
    any = 1;
    if (why && used < n) {
      int k = snprintf(why + used, n - used, "%s%s", used ? "; " : (i < 3 ? "yes to: " : "raised by: "), names[i]);
      if (k > 0) used += (size_t)k;
    }
  }
  if (!any && why) snprintf(why, n, "no to all three questions");
  return any ? "4" : "3";
}

static const char *const kinds[] = {"contract", "goods", "service", NULL};
static const char *const crits[] = {"low", "medium", "high", "critical", NULL};

hoshi_err sc_validate(const sc_rel_input *in, hoshi_error *e) {
  hoshi_err rc;
  if ((rc = org_corpnum_validate(in->corporate_number, e))) return rc;
  if ((rc = text_check("name", in->name, SC_NAME_MAX, 1, 0, e))) return rc;
  if ((rc = text_check("contact_email", in->contact_email, SC_EMAIL_MAX, 0, 0, e))) return rc;
  if (in->contact_email && *in->contact_email && !strchr(in->contact_email, '@'))
    return hoshi_fail(e, HOSHI_EINVAL, "contact_email", "contact_email '%.64s' is not an e-mail address", in->contact_email);
  if (in->kind && !text_one_of(in->kind, kinds))
    return hoshi_fail(e, HOSHI_EINVAL, "kind", "kind must be contract, goods or service");
  if (in->criticality && !text_one_of(in->criticality, crits))
    return hoshi_fail(e, HOSHI_EINVAL, "criticality", "criticality must be low, medium, high or critical");
  return text_check("reason", in->reason, SC_TEXT_MAX, 0, 1, e);
}

static void row_to_rel(sqlite3_stmt *st, int c, sc_relationship *r) {
  memset(r, 0, sizeof *r);
  snprintf(r->id, sizeof r->id, "%s", store_col_text(st, c + 0));
  snprintf(r->buyer_org_id, sizeof r->buyer_org_id, "%s", store_col_text(st, c + 1));
  snprintf(r->supplier_corpnum, sizeof r->supplier_corpnum, "%s", store_col_text(st, c + 2));
  snprintf(r->supplier_name, sizeof r->supplier_name, "%s", store_col_text(st, c + 3));
  snprintf(r->contact_email, sizeof r->contact_email, "%s", store_col_text(st, c + 4));
  snprintf(r->kind, sizeof r->kind, "%s", store_col_text(st, c + 5));
  snprintf(r->criticality, sizeof r->criticality, "%s", store_col_text(st, c + 6));
  r->q.confidential = sqlite3_column_int(st, c + 7);
  r->q.interruption = sqlite3_column_int(st, c + 8);
  r->q.network = sqlite3_column_int(st, c + 9);
  r->q.impact = sqlite3_column_int(st, c + 10);
  r->q.no_substitute = sqlite3_column_int(st, c + 11);
  r->q.stock = sqlite3_column_int(st, c + 12);
  snprintf(r->required_level, sizeof r->required_level, "%s", store_col_text(st, c + 13));
  snprintf(r->reason, sizeof r->reason, "%s", store_col_text(st, c + 14));
  snprintf(r->created_at, sizeof r->created_at, "%s", store_col_text(st, c + 15));
}

#define REL_COLUMNS                                                                                              \
  "r.id, r.buyer_org_id, r.supplier_corpnum, r.supplier_name, r.contact_email, r.kind, r.criticality,"           \
  " r.q_confidential, r.q_interruption, r.q_network, r.f_impact, r.f_no_substitute, r.f_stock, r.required_level," \
  " r.reason, r.created_at"

hoshi_err sc_get(sqlite3 *db, const char *id, sc_relationship *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " REL_COLUMNS " FROM relationships r WHERE r.id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading supplier");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_rel(st, 0, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no supplier relationship %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

/* Inserts one validated relationship with its audit record; the caller holds the transaction. */
static hoshi_err rel_insert(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const sc_rel_input *in,
                            sc_relationship *out, char *invite_token, hoshi_error *e) {
  sc_relationship r;
  memset(&r, 0, sizeof r);
  util_new_id("rel", r.id);
  snprintf(r.buyer_org_id, sizeof r.buyer_org_id, "%s", buyer_org_id);
  snprintf(r.supplier_corpnum, sizeof r.supplier_corpnum, "%s", in->corporate_number);
  snprintf(r.supplier_name, sizeof r.supplier_name, "%s", in->name);
  snprintf(r.contact_email, sizeof r.contact_email, "%s", in->contact_email ? in->contact_email : "");
  snprintf(r.kind, sizeof r.kind, "%s", in->kind && *in->kind ? in->kind : "contract");
  snprintf(r.criticality, sizeof r.criticality, "%s", in->criticality && *in->criticality ? in->criticality : "medium");
  r.q = in->q;
  char why[256];
  snprintf(r.required_level, sizeof r.required_level, "%s", sc_required_level(&in->q, why, sizeof why));
  snprintf(r.reason, sizeof r.reason, "%s", in->reason && *in->reason ? in->reason : why);
  util_now_iso(r.created_at);
  if (invite_token) invite_token[0] = '\0';

  org self, supplier;
  if (org_get(db, buyer_org_id, &self, NULL) == HOSHI_OK && strcmp(self.corporate_number, r.supplier_corpnum) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, "corporate_number", "an organization cannot be its own supplier");
  int registered = org_get_by_corpnum(db, r.supplier_corpnum, &supplier, NULL) == HOSHI_OK;
  char token[65] = "", token_hash[65] = "", expires[UTIL_TIME_LEN] = "";
  if (!registered) {
    util_random_hex(token, 32);
    util_sha256_hex(token, strlen(token), token_hash);
    util_time_iso(time(NULL) + (time_t)SC_INVITE_DAYS * 86400, expires);
  }
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO relationships(id, buyer_org_id, supplier_corpnum, supplier_name, contact_email, kind,"
                         " criticality, q_confidential, q_interruption, q_network, f_impact, f_no_substitute, f_stock,"
                         " required_level, reason, invite_hash, invite_expires_at, created_by, created_at, updated_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "adding supplier");
  const char *t1[] = {r.id, r.buyer_org_id, r.supplier_corpnum, r.supplier_name, r.contact_email, r.kind, r.criticality};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, t1[i]);
  int qs[] = {r.q.confidential, r.q.interruption, r.q.network, r.q.impact, r.q.no_substitute, r.q.stock};
  for (int i = 0; i < 6; i++) sqlite3_bind_int(st, 8 + i, qs[i] ? 1 : 0);
  store_bind_text(st, 14, r.required_level);
  store_bind_text(st, 15, r.reason);
  store_bind_text(st, 16, registered ? NULL : token_hash);
  store_bind_text(st, 17, registered ? NULL : expires);
  store_bind_text(st, 18, who->user_id ? who->user_id : who->name);
  store_bind_text(st, 19, r.created_at);
  store_bind_text(st, 20, r.created_at);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "adding supplier");
    if (rc == HOSHI_EEXISTS)
      rc = hoshi_fail(e, HOSHI_EEXISTS, "corporate_number", "supplier %s is already in your list", r.supplier_corpnum);
  }
  sqlite3_finalize(st);
  if (rc) return rc;
  char summary[600];
  snprintf(summary, sizeof summary,
           "{\"after\":{\"supplier\":\"%s\",\"required_level\":\"%s\",\"questions\":[%d,%d,%d],\"factors\":[%d,%d,%d],\"registered\":%s}}",
           r.supplier_corpnum, r.required_level, r.q.confidential, r.q.interruption, r.q.network, r.q.impact,
           r.q.no_substitute, r.q.stock, registered ? "true" : "false");
  if ((rc = audit_append(db, who, buyer_org_id, "supplier.add", "relationship", r.id, summary, e))) return rc;
  if (out) *out = r;
  if (invite_token && !registered) memcpy(invite_token, token, 65);
  return HOSHI_OK;
}

hoshi_err sc_add(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const sc_rel_input *in,
                 sc_relationship *out, char *invite_token, hoshi_error *e) {
  hoshi_err rc = sc_validate(in, e);
  if (rc) return rc;
  if ((rc = store_begin(db, e))) return rc;
  if ((rc = rel_insert(db, who, buyer_org_id, in, out, invite_token, e)) || (rc = store_commit(db, e))) {
    store_rollback(db);
    if (invite_token) invite_token[0] = '\0';
  }
  return rc;
}

hoshi_err sc_add_many(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const sc_rel_input *rows, size_t n,
                      size_t *failed_row, hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) {
    if ((rc = rel_insert(db, who, buyer_org_id, &rows[i], NULL, NULL, e))) {
      if (failed_row) *failed_row = i;
      store_rollback(db);
      return rc;
    }
  }
  char summary[64];
  snprintf(summary, sizeof summary, "{\"rows\":%zu}", n);
  if ((rc = audit_append(db, who, buyer_org_id, "supplier.import", "organization", buyer_org_id, summary, e)) ||
      (rc = store_commit(db, e)))
    store_rollback(db);
  return rc;
}

static int level_num(const char *l) { return l && *l ? atoi(l) : 0; }

static int day_before(const char *due, time_t now) {
  char today[UTIL_TIME_LEN];
  util_time_iso(now, today);
  return strncmp(due, today, 10) < 0;
}

const char *sc_status(const char *required_level, const char *rating_level, const char *rating_stored_status,
                      const char *rating_expires, const char *request_status, const char *request_due, time_t now) {
  int have_rating = rating_level && *rating_level;
  int level_ok = have_rating && level_num(rating_level) >= level_num(required_level);
  time_t exp = 0;
  int expired = have_rating && util_time_parse(rating_expires, &exp) == 0 && now >= exp;
  int valid = have_rating && strcmp(rating_stored_status, "valid") == 0 && !expired;
  if (valid && level_ok) return exp - now <= (time_t)SC_EXPIRING_DAYS * 86400 ? "expiring" : "met";
  int open = request_status && (strcmp(request_status, "sent") == 0 || strcmp(request_status, "accepted") == 0);
  if (open) return request_due && day_before(request_due, now) ? "overdue" : "pending";
  if (have_rating && level_ok && expired && strcmp(rating_stored_status, "valid") == 0) return "expired";
  return "not_met";
}

hoshi_err sc_list_each(sqlite3 *db, const char *buyer_org_id, time_t now, int (*each)(const sc_row *row, void *ctx), void *ctx,
                       hoshi_error *e) {
  /* Each relationship with its supplier; the best rating shared with this buyer (valid first,
   * then higher level, then later expiry) and the latest request come from one pass each. */
  cg_buyer b;
  hoshi_err rc = cgraph_buyer_open(db, buyer_org_id, now, 0, &b, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " REL_COLUMNS ", coalesce(o.id, ''), coalesce(o.sector, ''), coalesce(o.is_sme, 0)"
                         " FROM relationships r LEFT JOIN organizations o ON o.corporate_number = r.supplier_corpnum"
                         " WHERE r.buyer_org_id = ?1 ORDER BY r.supplier_name, r.id LIMIT ?2",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "listing suppliers");
    goto done;
  }
  store_bind_text(st, 1, buyer_org_id);
  sqlite3_bind_int(st, 2, SC_LIST_MAX);
  /* One row at a time: a row is ~5 KB (the buyer's reason may be 4,000 bytes), so 10,000
   * suppliers would take 50 MB as an array. */
  sc_row *w = malloc(sizeof *w);
  if (w == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto done; }
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    memset(w, 0, sizeof *w);
    row_to_rel(st, 0, &w->rel);
    snprintf(w->supplier_org_id, sizeof w->supplier_org_id, "%s", store_col_text(st, 16));
    snprintf(w->supplier_sector, sizeof w->supplier_sector, "%s", store_col_text(st, 17));
    w->supplier_sme = sqlite3_column_int(st, 18);
    const cg_rating *t;
    const cg_request *q;
    const char *status = cgraph_buyer_status(&b, w->rel.id, w->rel.required_level,
                                             w->supplier_org_id[0] ? cgraph_org(b.g, w->supplier_org_id) : CG_NONE, now, &t, &q);
    snprintf(w->status, sizeof w->status, "%s", status);
    if (t) {
      memcpy(w->rating_id, t->id, sizeof w->rating_id);
      memcpy(w->rating_level, t->level, sizeof w->rating_level);
      memcpy(w->rating_status, t->status, sizeof w->rating_status);
      memcpy(w->rating_expires, t->expires, sizeof w->rating_expires);
    }
    if (q) {
      memcpy(w->request_id, q->id, sizeof w->request_id);
      memcpy(w->request_status, q->status, sizeof w->request_status);
      memcpy(w->request_due, q->due, sizeof w->request_due);
      memcpy(w->request_level, q->level, sizeof w->request_level);
    }
    if (each(w, ctx) != 0) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
  }
  if (rc == HOSHI_OK && step != SQLITE_ROW && step != SQLITE_DONE) rc = store_fail(db, e, "listing suppliers");
  free(w);
done:
  sqlite3_finalize(st);
  cgraph_buyer_close(&b);
  return rc;
}

typedef struct list_ctx {
  sc_row *rows;
  size_t n, cap;
} list_ctx;

static int list_add(const sc_row *row, void *ctx) {
  list_ctx *c = ctx;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    sc_row *p = realloc(c->rows, cap * sizeof *p);
    if (p == NULL) return -1;
    c->rows = p;
    c->cap = cap;
  }
  c->rows[c->n++] = *row;
  return 0;
}

hoshi_err sc_list(sqlite3 *db, const char *buyer_org_id, time_t now, sc_row **out, size_t *n, hoshi_error *e) {
  list_ctx c = {0};
  hoshi_err rc = sc_list_each(db, buyer_org_id, now, list_add, &c, e);
  if (rc) {
    free(c.rows);
    c.rows = NULL;
    c.n = 0;
  }
  *out = c.rows;
  *n = c.n;
  return rc;
}

/* ---- requests ---- */

hoshi_err sc_request(sqlite3 *db, const audit_actor *who, const sc_relationship *rel, const char *level,
                     const char *due_date, const char *message, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  if (level == NULL || !*level) level = rel->required_level;
  if (strcmp(level, "3") != 0 && strcmp(level, "4") != 0)
    return hoshi_fail(e, HOSHI_EINVAL, "level", "level must be \"3\" or \"4\"");
  if (level_num(level) < level_num(rel->required_level))
    return hoshi_fail(e, HOSHI_EINVAL, "level", "the decision tree requires ★%s for this supplier; a request cannot ask for less",
                      rel->required_level);
  if (!scs_date_valid(due_date)) return hoshi_fail(e, HOSHI_EINVAL, "due_date", "due_date must be a date YYYY-MM-DD");
  hoshi_err rc = text_check("message", message, SC_TEXT_MAX, 0, 1, e);
  if (rc) return rc;
  /* The fair-trading record: the answers and the buyer's reason travel with the request. */
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_val *qs = yyjson_mut_obj_add_obj(d, root, "questions");
  yyjson_mut_obj_add_bool(d, qs, "confidential_info", rel->q.confidential);
  yyjson_mut_obj_add_bool(d, qs, "business_interruption", rel->q.interruption);
  yyjson_mut_obj_add_bool(d, qs, "network_access", rel->q.network);
  yyjson_mut_val *fs = yyjson_mut_obj_add_obj(d, root, "factors");
  yyjson_mut_obj_add_bool(d, fs, "impact_range", rel->q.impact);
  yyjson_mut_obj_add_bool(d, fs, "no_substitute", rel->q.no_substitute);
  yyjson_mut_obj_add_bool(d, fs, "stock_hard_to_secure", rel->q.stock);
  yyjson_mut_obj_add_strcpy(d, root, "required_level", rel->required_level);
  yyjson_mut_obj_add_strcpy(d, root, "reason", rel->reason);
  char *record = yyjson_mut_write(d, 0, NULL);
  yyjson_mut_doc_free(d);
  if (record == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN];
  util_new_id("req", id);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if ((rc = store_begin(db, e))) goto out;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO requests(id, relationship_id, buyer_org_id, supplier_corpnum, level, due_date, message,"
                         " record, status, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,'sent',?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "sending request");
    goto out;
  }
  const char *v[] = {id, rel->id, rel->buyer_org_id, rel->supplier_corpnum, level, due_date, message ? message : "",
                     record, who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 10; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "sending request");
    goto out;
  }
  org supplier;
  if (org_get_by_corpnum(db, rel->supplier_corpnum, &supplier, NULL) == HOSHI_OK) {
    char ja[200], en[200];
    snprintf(ja, sizeof ja, "★%s の取得・共有の依頼が届きました（期限 %s）", level, due_date);
    snprintf(en, sizeof en, "Request for a ★%s rating (due %s)", level, due_date);
    if ((rc = scs_notify(db, supplier.id, "request.sent", id, ja, en, NULL, e))) goto out;
    char data[400];
    snprintf(data, sizeof data, "{\"request\":\"%s\",\"buyer\":\"%s\",\"level\":\"%s\",\"due_date\":\"%s\"}", id,
             rel->buyer_org_id, level, due_date);
    if ((rc = webhook_emit(db, supplier.id, "request.sent", data, e))) goto out;
  }
  char summary[200];
  snprintf(summary, sizeof summary, "{\"after\":{\"level\":\"%s\",\"due_date\":\"%s\",\"supplier\":\"%s\"}}", level, due_date,
           rel->supplier_corpnum);
  if ((rc = audit_append(db, who, rel->buyer_org_id, "request.send", "request", id, summary, e))) goto out;
  rc = store_commit(db, e);
out:
  sqlite3_finalize(st);
  free(record);
  if (rc) store_rollback(db);
  else if (id_out) memcpy(id_out, id, UTIL_ID_LEN);
  return rc;
}

hoshi_err sc_answer(sqlite3 *db, const audit_actor *who, const char *request_id, const char *supplier_org_id, int accept,
                    const char *reason, hoshi_error *e) {
  hoshi_err rc = text_check("reason", reason, SC_TEXT_MAX, !accept, 1, e);
  if (rc) return rc;
  org supplier;
  if (org_get(db, supplier_org_id, &supplier, e)) return HOSHI_ENOTFOUND;
  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  char status[16] = "", buyer[UTIL_ID_LEN] = "";
  if (sqlite3_prepare_v2(db, "SELECT status, buyer_org_id FROM requests WHERE id = ? AND supplier_corpnum = ?", -1, &st, NULL) ==
      SQLITE_OK) {
    store_bind_text(st, 1, request_id);
    store_bind_text(st, 2, supplier.corporate_number);
    if (sqlite3_step(st) == SQLITE_ROW) {
      snprintf(status, sizeof status, "%s", store_col_text(st, 0));
      snprintf(buyer, sizeof buyer, "%s", store_col_text(st, 1));
    }
  }
  sqlite3_finalize(st);
  st = NULL;
  if (!status[0]) {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no request %.64s to your organization", request_id);
    goto done;
  }
  if (strcmp(status, "sent") != 0) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "status", "request is '%s'; only a sent request can be answered", status);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE requests SET status = ?, answer_reason = ?, answered_at = ? WHERE id = ?", -1, &st, NULL) !=
      SQLITE_OK) {
    rc = store_fail(db, e, "answering request");
    goto done;
  }
  const char *v[] = {accept ? "accepted" : "declined", reason ? reason : "", now, request_id};
  for (int i = 0; i < 4; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "answering request");
    goto done;
  }
  char ja[1400], en[1400];
  snprintf(ja, sizeof ja, "%s が依頼を%sしました", supplier.name_ja, accept ? "承諾" : "辞退");
  snprintf(en, sizeof en, "%s %s your request", supplier.name_en[0] ? supplier.name_en : supplier.name_ja,
           accept ? "accepted" : "declined");
  if ((rc = scs_notify(db, buyer, "request.answered", request_id, ja, en, NULL, e))) goto done;
  char data[300];
  snprintf(data, sizeof data, "{\"request\":\"%s\",\"supplier\":\"%s\",\"answer\":\"%s\"}", request_id, supplier.id,
           accept ? "accepted" : "declined");
  if ((rc = webhook_emit(db, buyer, "request.answered", data, e))) goto done;
  char summary[96];
  snprintf(summary, sizeof summary, "{\"before\":\"sent\",\"after\":\"%s\"}", accept ? "accepted" : "declined");
  if ((rc = audit_append(db, who, supplier.id, accept ? "request.accept" : "request.decline", "request", request_id, summary, e)))
    goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

/* ---- shares ---- */

hoshi_err sc_share(sqlite3 *db, const audit_actor *who, const char *supplier_org_id, const char *rating_id,
                   const char *assessment_id, const char *buyer_org_id, char id_out[UTIL_ID_LEN], hoshi_error *e) {
  scs_rating r;
  scs_assessment a;
  org buyer;
  char level[16] = "";
  if ((rating_id == NULL) == (assessment_id == NULL))
    return hoshi_fail(e, HOSHI_EINVAL, "rating", "give either rating or assessment");
  if (rating_id) {
    if (scs_rating_get(db, rating_id, &r, NULL) != HOSHI_OK || strcmp(r.org_id, supplier_org_id) != 0)
      return hoshi_fail(e, HOSHI_EINVAL, "rating", "no rating %.64s of your organization", rating_id);
    snprintf(level, sizeof level, "%s", r.level);
  } else {
    if (scs_get(db, assessment_id, &a, NULL) != HOSHI_OK || strcmp(a.org_id, supplier_org_id) != 0)
      return hoshi_fail(e, HOSHI_EINVAL, "assessment", "no assessment %.64s of your organization", assessment_id);
    snprintf(level, sizeof level, "%s", a.level);
  }
  if (buyer_org_id == NULL || org_get(db, buyer_org_id, &buyer, NULL) != HOSHI_OK)
    return hoshi_fail(e, HOSHI_EINVAL, "buyer", "no organization %.64s", buyer_org_id ? buyer_org_id : "");
  if (strcmp(buyer_org_id, supplier_org_id) == 0) return hoshi_fail(e, HOSHI_EINVAL, "buyer", "nothing is shared with its own organization");
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id FROM shares WHERE coalesce(rating_id, '') = ? AND coalesce(assessment_id, '') = ?"
                         " AND buyer_org_id = ? AND withdrawn_at IS NULL",
                         -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, rating_id ? rating_id : "");
    store_bind_text(st, 2, assessment_id ? assessment_id : "");
    store_bind_text(st, 3, buyer_org_id);
    if (sqlite3_step(st) == SQLITE_ROW)
      rc = hoshi_fail(e, HOSHI_ECONFLICT, rating_id ? "rating" : "assessment", "already shared with that buyer (share %s)",
                      store_col_text(st, 0));
  }
  sqlite3_finalize(st);
  st = NULL;
  if (rc) goto done;
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN];
  util_new_id("shr", id);
  util_now_iso(now);
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO shares(id, rating_id, assessment_id, supplier_org_id, buyer_org_id, created_by, created_at)"
                         " VALUES (?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "sharing");
    goto done;
  }
  const char *v[] = {id, rating_id, assessment_id, supplier_org_id, buyer_org_id, who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "sharing");
    goto done;
  }
  org supplier;
  org_get(db, supplier_org_id, &supplier, NULL);
  char ja[1400], en[1400];
  snprintf(ja, sizeof ja, "%s が ★%s の%sを共有しました", supplier.name_ja, level, rating_id ? "格付" : "評価の進捗");
  snprintf(en, sizeof en, "%s shared its ★%s %s", supplier.name_en[0] ? supplier.name_en : supplier.name_ja, level,
           rating_id ? "rating" : "assessment progress");
  if ((rc = scs_notify(db, buyer_org_id, "rating.shared", id, ja, en, NULL, e))) goto done;
  char data[400];
  snprintf(data, sizeof data, "{\"share\":\"%s\",\"supplier\":\"%s\",\"rating\":%s%s%s,\"assessment\":%s%s%s,\"level\":\"%s\"}",
           id, supplier_org_id, rating_id ? "\"" : "", rating_id ? rating_id : "null", rating_id ? "\"" : "",
           assessment_id ? "\"" : "", assessment_id ? assessment_id : "null", assessment_id ? "\"" : "", level);
  if ((rc = webhook_emit(db, buyer_org_id, "rating.shared", data, e))) goto done;
  char summary[240];
  snprintf(summary, sizeof summary, "{\"after\":{\"rating\":\"%s\",\"assessment\":\"%s\",\"buyer\":\"%s\"}}",
           rating_id ? rating_id : "", assessment_id ? assessment_id : "", buyer_org_id);
  if ((rc = audit_append(db, who, supplier_org_id, "share.create", "share", id, summary, e))) goto done;
  if ((rc = store_commit(db, e))) goto done;
  if (id_out) memcpy(id_out, id, UTIL_ID_LEN);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err sc_withdraw(sqlite3 *db, const audit_actor *who, const char *supplier_org_id, const char *share_id,
                      hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  char buyer[UTIL_ID_LEN] = "", withdrawn[UTIL_TIME_LEN] = "", rating[UTIL_ID_LEN] = "";
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT buyer_org_id, coalesce(withdrawn_at, ''), coalesce(rating_id, assessment_id) FROM shares WHERE id = ? AND supplier_org_id = ?",
                         -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, share_id);
    store_bind_text(st, 2, supplier_org_id);
    if ((found = sqlite3_step(st) == SQLITE_ROW)) {
      snprintf(buyer, sizeof buyer, "%s", store_col_text(st, 0));
      snprintf(withdrawn, sizeof withdrawn, "%s", store_col_text(st, 1));
      snprintf(rating, sizeof rating, "%s", store_col_text(st, 2));
    }
  }
  sqlite3_finalize(st);
  st = NULL;
  if (!found) {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no share %.64s of your organization", share_id);
    goto done;
  }
  if (withdrawn[0]) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "id", "share was already withdrawn at %s", withdrawn);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE shares SET withdrawn_at = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, now), store_bind_text(st, 2, share_id), sqlite3_step(st)) != SQLITE_DONE) {
    rc = store_fail(db, e, "withdrawing share");
    goto done;
  }
  if ((rc = scs_notify(db, buyer, "rating.withdrawn", share_id, "共有されていた格付が取り下げられました",
                       "A supplier withdrew a shared rating", NULL, e)))
    goto done;
  char data[300];
  snprintf(data, sizeof data, "{\"share\":\"%s\",\"supplier\":\"%s\",\"shared\":\"%s\"}", share_id, supplier_org_id, rating);
  if ((rc = webhook_emit(db, buyer, "rating.withdrawn", data, e))) goto done;
  char summary[160];
  snprintf(summary, sizeof summary, "{\"before\":{\"rating\":\"%s\",\"buyer\":\"%s\"},\"after\":\"withdrawn\"}", rating, buyer);
  if ((rc = audit_append(db, who, supplier_org_id, "share.withdraw", "share", share_id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

static int exists(sqlite3 *db, const char *sql, const char *a, const char *b) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, a);
    store_bind_text(st, 2, b);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

int sc_rating_shared_with(sqlite3 *db, const char *rating_id, const char *buyer_org_id) {
  return exists(db, "SELECT 1 FROM shares WHERE rating_id = ? AND buyer_org_id = ? AND withdrawn_at IS NULL", rating_id,
                buyer_org_id);
}

int sc_assessment_shared_with(sqlite3 *db, const char *assessment_id, const char *buyer_org_id) {
  return exists(db,
                "SELECT 1 FROM shares s LEFT JOIN ratings r ON r.id = s.rating_id"
                " WHERE coalesce(r.assessment_id, s.assessment_id) = ?1 AND s.buyer_org_id = ?2 AND s.withdrawn_at IS NULL",
                assessment_id, buyer_org_id);
}

hoshi_err sc_accept_invitation(sqlite3 *db, const char *token, const sc_invitee *in, char org_id_out[UTIL_ID_LEN],
                               char user_id_out[UTIL_ID_LEN], hoshi_error *e) {
  if (token == NULL || strlen(token) != 64) return hoshi_fail(e, HOSHI_ENOTFOUND, "token", "unknown or expired invitation");
  char hash[65], now[UTIL_TIME_LEN];
  util_sha256_hex(token, 64, hash);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  char rel_id[UTIL_ID_LEN] = "", corp[14] = "", name[SC_NAME_MAX + 1] = "", email[SC_EMAIL_MAX + 1] = "";
  if (sqlite3_prepare_v2(db, "SELECT id, supplier_corpnum, supplier_name, contact_email FROM relationships"
                             " WHERE invite_hash = ? AND invite_expires_at > ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading invitation");
  store_bind_text(st, 1, hash);
  store_bind_text(st, 2, now);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(rel_id, sizeof rel_id, "%s", store_col_text(st, 0));
    snprintf(corp, sizeof corp, "%s", store_col_text(st, 1));
    snprintf(name, sizeof name, "%s", store_col_text(st, 2));
    snprintf(email, sizeof email, "%s", store_col_text(st, 3));
  }
  sqlite3_finalize(st);
  if (!rel_id[0]) return hoshi_fail(e, HOSHI_ENOTFOUND, "token", "unknown or expired invitation");
  /* Everything that can be checked is checked first, so that a bad user does not leave an
   * organization without anyone in it. */
  hoshi_err rc = auth_password_check_policy(in->password, e);
  if (rc) return rc;
  user taken;
  if (in->username == NULL || !*in->username) return hoshi_fail(e, HOSHI_EINVAL, "username", "username is required");
  if (user_get_by_username(db, in->username, &taken, NULL) == HOSHI_OK)
    return hoshi_fail(e, HOSHI_EEXISTS, "username", "username %.64s is already taken", in->username);
  if (in->sector == NULL || !org_sector_valid(in->sector))
    return hoshi_fail(e, HOSHI_EINVAL, "sector", "sector must be one of automotive, semiconductor, distribution, finance, "
                                                  "electricity, gas, telecom, water, transport, healthcare, other");
  /* The organization is created by the ordinary, audited function; then the user; then every
   * invitation for this 法人番号 is spent (other buyers' relationships now resolve by number). */
  audit_actor who = {NULL, "invitation", ""};
  org_fields of = {corp, in->name_ja && *in->name_ja ? in->name_ja : name, in->name_en, in->sector, in->is_sme, in->address};
  org o;
  if ((rc = org_create(db, &who, &of, &o, e))) return rc;
  user_fields uf = {o.id, in->username, in->display_name, email, in->password, ROLE_MEMBER, -1};
  user u;
  if ((rc = user_create(db, &who, &uf, &u, e))) return rc; /* the organization stays; an operator can add the user */
  if ((rc = store_begin(db, e))) return rc;
  if (sqlite3_prepare_v2(db, "UPDATE relationships SET invite_hash = NULL, invite_expires_at = NULL WHERE supplier_corpnum = ?",
                         -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, corp), sqlite3_step(st)) != SQLITE_DONE)
    rc = store_fail(db, e, "spending invitation");
  sqlite3_finalize(st);
  if (rc == HOSHI_OK) rc = audit_append(db, &who, o.id, "invitation.accept", "relationship", rel_id, "{}", e);
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  if (rc == HOSHI_OK) {
    memcpy(org_id_out, o.id, UTIL_ID_LEN);
    memcpy(user_id_out, u.id, UTIL_ID_LEN);
  }
  return rc;
}

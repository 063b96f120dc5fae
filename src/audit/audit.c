/* Hash-chained append-only audit log (see audit.h). The hash covers every stored field with
 * a length prefix, so no two different records serialize the same way. */
#include "audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/util.h"
#include "store/store.h"

#define AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static void hash_field(crypto_hash_sha256_state *st, const char *s) {
  char len[24];
  size_t n = s ? strlen(s) : 0;
  int k = snprintf(len, sizeof len, "%zu:", n);
  crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
  if (n) crypto_hash_sha256_update(st, (const unsigned char *)s, n);
  crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

/* Field order is fixed forever: changing it would invalidate every existing chain. */
static void audit_hash(const char *prev, int64_t seq, const char *at, const char *actor_user_id,
                       const char *actor, const char *org_id, const char *action,
                       const char *object_type, const char *object_id, const char *summary,
                       const char *request_id, char out[65]) {
  crypto_hash_sha256_state st;
  char seqs[24];
  snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
  crypto_hash_sha256_init(&st);
  hash_field(&st, prev);
  hash_field(&st, seqs);
  hash_field(&st, at);
  hash_field(&st, actor_user_id);
  hash_field(&st, actor);
  hash_field(&st, org_id);
  hash_field(&st, action);
  hash_field(&st, object_type);
  hash_field(&st, object_id);
  hash_field(&st, summary);
  hash_field(&st, request_id);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  util_hex(h, sizeof h, out);
}

hoshi_err audit_append(sqlite3 *db, const audit_actor *who, const char *org_id, const char *action,
                       const char *object_type, const char *object_id, const char *summary,
                       hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  int64_t seq = 1;
  char prev[65] = AUDIT_ZERO_HASH;
  if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st,
                         NULL) != SQLITE_OK)
    return store_fail(db, e, "audit: reading last record");
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    seq = sqlite3_column_int64(st, 0) + 1;
    snprintf(prev, sizeof prev, "%s", store_col_text(st, 1));
  } else if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "audit: reading last record");
  }
  sqlite3_finalize(st);
  if (rc) return rc;

  char at[UTIL_TIME_LEN];
  util_now_iso(at);
  const char *actor = who && who->name ? who->name : "system";
  const char *uid = who ? who->user_id : NULL;
  const char *rid = who && who->request_id ? who->request_id : "";
  if (summary == NULL) summary = "{}";
  char hash[65];
  audit_hash(prev, seq, at, uid, actor, org_id, action, object_type, object_id, summary, rid, hash);

  if (sqlite3_prepare_v2(db,
                         "INSERT INTO audit_log(seq, at, actor_user_id, actor, org_id, action,"
                         " object_type, object_id, summary, request_id, prev_hash, hash)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "audit: preparing insert");
  sqlite3_bind_int64(st, 1, seq);
  store_bind_text(st, 2, at);
  store_bind_text(st, 3, uid);
  store_bind_text(st, 4, actor);
  store_bind_text(st, 5, org_id);
  store_bind_text(st, 6, action);
  store_bind_text(st, 7, object_type);
  store_bind_text(st, 8, object_id);
  store_bind_text(st, 9, summary);
  store_bind_text(st, 10, rid);
  store_bind_text(st, 11, prev);
  store_bind_text(st, 12, hash);
  if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "audit: appending record");
  sqlite3_finalize(st);
  return rc;
}

static const char *col_or_null(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, i);
}

hoshi_err audit_verify(sqlite3 *db, audit_verify_result *r, hoshi_error *e) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT seq, at, actor_user_id, actor, org_id, action, object_type, object_id,"
                         " summary, request_id, prev_hash, hash FROM audit_log ORDER BY seq",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "audit: reading log");
  char prev[65] = AUDIT_ZERO_HASH;
  int64_t expect = 1;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t seq = sqlite3_column_int64(st, 0);
    const char *stored_prev = store_col_text(st, 10);
    const char *stored_hash = store_col_text(st, 11);
    char calc[65];
    audit_hash(prev, seq, store_col_text(st, 1), col_or_null(st, 2), store_col_text(st, 3),
               col_or_null(st, 4), store_col_text(st, 5), store_col_text(st, 6),
               store_col_text(st, 7), store_col_text(st, 8), store_col_text(st, 9), calc);
    r->records++;
    if (seq != expect) {
      r->bad_seq = seq;
      snprintf(r->reason, sizeof r->reason, "expected record %lld, found %lld: records are missing",
               (long long)expect, (long long)seq);
      break;
    }
    if (strcmp(stored_prev, prev) != 0) {
      r->bad_seq = seq;
      snprintf(r->reason, sizeof r->reason, "prev_hash does not match the hash of record %lld",
               (long long)(seq - 1));
      break;
    }
    if (strcmp(stored_hash, calc) != 0) {
      r->bad_seq = seq;
      snprintf(r->reason, sizeof r->reason, "content does not match its hash: the record was altered");
      break;
    }
    snprintf(prev, sizeof prev, "%s", stored_hash);
    expect = seq + 1;
  }
  hoshi_err rc = HOSHI_OK;
  if (step != SQLITE_ROW && step != SQLITE_DONE) rc = store_fail(db, e, "audit: reading log");
  sqlite3_finalize(st);
  if (r->records > 0 && r->bad_seq == 0) snprintf(r->head, sizeof r->head, "%s", prev);
  return rc;
}

hoshi_err audit_each(sqlite3 *db, const char *org_id, int64_t after, int64_t limit,
                     int (*cb)(const audit_record *rec, void *ctx), void *ctx, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT seq, at, actor_user_id, actor, org_id, action, object_type, object_id,"
                         " summary, request_id, prev_hash, hash FROM audit_log"
                         " WHERE seq > ? AND (? IS NULL OR org_id = ?) ORDER BY seq LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "audit: reading log");
  sqlite3_bind_int64(st, 1, after);
  store_bind_text(st, 2, org_id);
  store_bind_text(st, 3, org_id);
  sqlite3_bind_int64(st, 4, limit > 0 ? limit : -1);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    audit_record rec = {sqlite3_column_int64(st, 0), store_col_text(st, 1), col_or_null(st, 2),
                        store_col_text(st, 3), col_or_null(st, 4), store_col_text(st, 5),
                        store_col_text(st, 6), store_col_text(st, 7), store_col_text(st, 8),
                        store_col_text(st, 9), store_col_text(st, 10), store_col_text(st, 11)};
    if (cb(&rec, ctx)) { step = SQLITE_DONE; break; }
  }
  hoshi_err rc = HOSHI_OK;
  if (step != SQLITE_DONE) rc = store_fail(db, e, "audit: reading log");
  sqlite3_finalize(st);
  return rc;
}

static int export_one(const audit_record *rec, void *ctx) {
  FILE *f = ctx;
  yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(doc);
  yyjson_mut_doc_set_root(doc, o);
  yyjson_mut_obj_add_int(doc, o, "seq", rec->seq);
  const char *names[] = {"at", "actor_user_id", "actor", "org_id", "action", "object_type",
                         "object_id", "summary", "request_id", "prev_hash", "hash"};
  const char *vals[] = {rec->at, rec->actor_user_id, rec->actor, rec->org_id, rec->action, rec->object_type,
                        rec->object_id, rec->summary, rec->request_id, rec->prev_hash, rec->hash};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (vals[i]) yyjson_mut_obj_add_strcpy(doc, o, names[i], vals[i]);
    else yyjson_mut_obj_add_null(doc, o, names[i]);
  }
  char *line = yyjson_mut_write(doc, YYJSON_WRITE_ALLOW_INVALID_UNICODE, NULL);
  yyjson_mut_doc_free(doc);
  if (line == NULL) return 1;
  fputs(line, f);
  fputc('\n', f);
  free(line);
  return 0;
}

hoshi_err audit_export_jsonl(sqlite3 *db, const char *org_id, int64_t after, FILE *f, hoshi_error *e) {
  return audit_each(db, org_id, after, 0, export_one, f, e);
}

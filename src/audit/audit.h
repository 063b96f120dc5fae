/* Audit log: every state change appends one record in the same transaction as the change.
 * Records are hash-chained (SHA-256 over the previous hash and this record's fields), so
 * audit_verify can name the first record that was altered, removed or inserted. */
#ifndef HOSHI_AUDIT_H
#define HOSHI_AUDIT_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "hoshi/err.h"

/* Who acted. All fields borrowed from the caller; NULL user_id means the system/CLI. */
typedef struct audit_actor {
  const char *user_id;
  const char *name;       /* username, or "cli:<os user>" / "system" */
  const char *request_id; /* "" outside HTTP */
} audit_actor;

/* Appends one record. The caller must hold a write transaction (store_begin). summary is a
 * short JSON text with the before/after of the change (never secrets). */
hoshi_err audit_append(sqlite3 *db, const audit_actor *who, const char *org_id, const char *action,
                       const char *object_type, const char *object_id, const char *summary,
                       hoshi_error *e);

typedef struct audit_verify_result {
  int64_t records;
  int64_t bad_seq; /* first record that does not match; 0 when the chain is intact */
  char head[65];   /* hash of the last record ("" for an empty log) */
  char reason[256];
} audit_verify_result;

/* Recomputes the chain. Returns HOSHI_OK when it could read the log (check r->bad_seq). */
hoshi_err audit_verify(sqlite3 *db, audit_verify_result *r, hoshi_error *e);

/* One stored record, as read back; strings point into SQLite's row (valid during the call). */
typedef struct audit_record {
  int64_t seq;
  const char *at, *actor_user_id, *actor, *org_id, *action, *object_type, *object_id, *summary,
      *request_id, *prev_hash, *hash; /* actor_user_id and org_id may be NULL */
} audit_record;

/* Calls cb for each record with seq > after (optionally only org_id's), at most limit
 * (0 = no limit), in order. cb returns non-zero to stop. */
hoshi_err audit_each(sqlite3 *db, const char *org_id, int64_t after, int64_t limit,
                     int (*cb)(const audit_record *rec, void *ctx), void *ctx, hoshi_error *e);

/* Writes the log (optionally only one organization's records, after seq `after`) as JSON
 * lines to f. */
hoshi_err audit_export_jsonl(sqlite3 *db, const char *org_id, int64_t after, FILE *f, hoshi_error *e);

#endif

/* API tokens (see auth.h): "hoshi_" + 64 hex random; stored as SHA-256 (a fast hash is
 * enough for 256 random bits), revocable, optionally expiring, limited to a role subset. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "store/store.h"

#define TOKEN_PREFIX "hoshi_"
#define TOKEN_TTL_MAX_DAYS 3650

static void row_to_token(sqlite3_stmt *st, api_token *t) {
  memset(t, 0, sizeof *t);
  snprintf(t->id, sizeof t->id, "%s", store_col_text(st, 0));
  snprintf(t->user_id, sizeof t->user_id, "%s", store_col_text(st, 1));
  snprintf(t->name, sizeof t->name, "%s", store_col_text(st, 2));
  int r = auth_roles_parse(store_col_text(st, 3), NULL);
  t->roles = r > 0 ? (unsigned)r : 0;
  snprintf(t->created_at, sizeof t->created_at, "%s", store_col_text(st, 4));
  snprintf(t->expires_at, sizeof t->expires_at, "%s", store_col_text(st, 5));
  snprintf(t->revoked_at, sizeof t->revoked_at, "%s", store_col_text(st, 6));
}

#define TOKEN_COLUMNS "id, user_id, name, roles, created_at, expires_at, revoked_at"

hoshi_err token_create(sqlite3 *db, const audit_actor *who, const char *user_id, const char *name,
                       unsigned roles, int ttl_days, api_token *out, char secret[AUTH_TOKEN_SECRET_LEN],
                       hoshi_error *e) {
  if (name == NULL || !*name) return hoshi_fail(e, HOSHI_EINVAL, "name", "name is required (what the token is for)");
  if (strlen(name) > AUTH_TOKEN_NAME_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "name", "name is longer than %d bytes", AUTH_TOKEN_NAME_MAX);
  if (ttl_days < 0 || ttl_days > TOKEN_TTL_MAX_DAYS)
    return hoshi_fail(e, HOSHI_EINVAL, "expires_in_days", "expires_in_days must be 0 (never) to %d",
                      TOKEN_TTL_MAX_DAYS);
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  user u;
  sqlite3_stmt *st = NULL;
  api_token t;
  memset(&t, 0, sizeof t);
  char hex[65], hash[65], rolestr[96];
  if ((rc = user_get(db, user_id, &u, e))) goto done;
  if (roles == 0) roles = u.roles;
  if (roles & ~u.roles) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "roles", "a token can hold only roles its user has");
    goto done;
  }
  util_new_id("tok", t.id);
  snprintf(t.user_id, sizeof t.user_id, "%s", u.id);
  snprintf(t.name, sizeof t.name, "%s", name);
  t.roles = roles;
  time_t now = time(NULL);
  util_time_iso(now, t.created_at);
  if (ttl_days > 0) util_time_iso(now + (time_t)ttl_days * 86400, t.expires_at);
  util_random_hex(hex, 32);
  snprintf(secret, AUTH_TOKEN_SECRET_LEN, TOKEN_PREFIX "%s", hex);
  util_sha256_hex(secret, strlen(secret), hash);
  auth_roles_format(roles, rolestr, sizeof rolestr);
  if (sqlite3_prepare_v2(db, "INSERT INTO api_tokens(id, user_id, name, token_hash, roles, created_at, expires_at)"
                         " VALUES (?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating token");
    goto done;
  }
  store_bind_text(st, 1, t.id);
  store_bind_text(st, 2, t.user_id);
  store_bind_text(st, 3, t.name);
  store_bind_text(st, 4, hash);
  store_bind_text(st, 5, rolestr);
  store_bind_text(st, 6, t.created_at);
  store_bind_text(st, 7, t.expires_at[0] ? t.expires_at : NULL);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating token");
    goto done;
  }
  char summary[256];
  snprintf(summary, sizeof summary, "{\"after\":{\"user_id\":\"%s\",\"roles\":\"%s\",\"expires_at\":\"%s\"}}",
           t.user_id, rolestr, t.expires_at);
  if ((rc = audit_append(db, who, u.org_id, "token.create", "api_token", t.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  sodium_memzero(hex, sizeof hex);
  if (rc) {
    store_rollback(db);
    sodium_memzero(secret, AUTH_TOKEN_SECRET_LEN);
  } else if (out) {
    *out = t;
  }
  return rc;
}

hoshi_err token_get(sqlite3 *db, const char *id, api_token *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading token");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_token(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no token %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

static void fill_token(sqlite3_stmt *st, void *slot) { row_to_token(st, slot); }

hoshi_err token_revoke(sqlite3 *db, const audit_actor *who, const char *id, hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  api_token t;
  user u;
  sqlite3_stmt *st = NULL;
  if ((rc = token_get(db, id, &t, e))) goto done;
  if (t.revoked_at[0]) {
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "id", "token %s was already revoked at %s", t.id, t.revoked_at);
    goto done;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "revoking token");
    goto done;
  }
  store_bind_text(st, 1, now);
  store_bind_text(st, 2, id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "revoking token");
    goto done;
  }
  const char *org = user_get(db, t.user_id, &u, NULL) == HOSHI_OK ? u.org_id : NULL;
  if ((rc = audit_append(db, who, org, "token.revoke", "api_token", id, "{\"change\":\"revoked\"}", e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err token_list(sqlite3 *db, const char *user_id, api_token **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE user_id = ? ORDER BY created_at, id",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing tokens");
  store_bind_text(st, 1, user_id);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(api_token), fill_token, &arr, n, "listing tokens", e);
  *out = arr;
  return rc;
}

hoshi_err auth_token(sqlite3 *db, const char *secret, principal *p, hoshi_error *e) {
  if (secret == NULL || strncmp(secret, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0 || strlen(secret) != 70)
    return hoshi_fail(e, HOSHI_EAUTH, "", "invalid API token");
  char hash[65], now[UTIL_TIME_LEN];
  util_sha256_hex(secret, strlen(secret), hash);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE token_hash = ?", -1, &st, NULL) !=
      SQLITE_OK)
    return store_fail(db, e, "reading token");
  store_bind_text(st, 1, hash);
  api_token t;
  int found = sqlite3_step(st) == SQLITE_ROW;
  if (found) row_to_token(st, &t);
  sqlite3_finalize(st);
  if (!found) return hoshi_fail(e, HOSHI_EAUTH, "", "invalid API token");
  if (t.revoked_at[0]) return hoshi_fail(e, HOSHI_EAUTH, "", "API token was revoked at %s", t.revoked_at);
  if (t.expires_at[0] && strcmp(t.expires_at, now) <= 0)
    return hoshi_fail(e, HOSHI_EAUTH, "", "API token expired at %s", t.expires_at);
  user u;
  if (user_get(db, t.user_id, &u, NULL) != HOSHI_OK || u.disabled)
    return hoshi_fail(e, HOSHI_EAUTH, "", "API token's user is disabled");
  memset(p, 0, sizeof *p);
  snprintf(p->user_id, sizeof p->user_id, "%s", u.id);
  snprintf(p->org_id, sizeof p->org_id, "%s", u.org_id);
  snprintf(p->username, sizeof p->username, "%s", u.username);
  snprintf(p->token_id, sizeof p->token_id, "%s", t.id);
  p->roles = t.roles & u.roles;
  return HOSHI_OK;
}

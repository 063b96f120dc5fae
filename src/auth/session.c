/* Logins, browser sessions and login throttling (see auth.h). The cookie secret and the
 * CSRF token are random; only the secret's SHA-256 is stored, so a copy of the database
 * does not let anyone take over a session. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "store/store.h"

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* Unknown names still cost one Argon2id verification, so timing does not tell which
 * usernames exist. */
static void make_dummy_hash(void) {
  char pw[33];
  util_random_hex(pw, 16);
  auth_password_hash(pw, dummy_hash, sizeof dummy_hash, NULL);
}

static int throttle_wait(int failures) {
  if (failures < AUTH_THROTTLE_FREE) return 0;
  int shift = failures - AUTH_THROTTLE_FREE;
  if (shift > 10) return AUTH_THROTTLE_MAX_WAIT;
  int w = 1 << shift;
  return w > AUTH_THROTTLE_MAX_WAIT ? AUTH_THROTTLE_MAX_WAIT : w;
}

/* Reads the failure count; returns seconds the caller must still wait (0 = may try). */
static int throttle_check(sqlite3 *db, const char *username, int *failures) {
  sqlite3_stmt *st = NULL;
  int wait = 0;
  *failures = 0;
  if (sqlite3_prepare_v2(db, "SELECT failures, last_failed_at FROM login_attempts WHERE username = ?", -1,
                         &st, NULL) != SQLITE_OK)
    return 0;
  store_bind_text(st, 1, username);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *failures = sqlite3_column_int(st, 0);
    time_t last;
    if (util_time_parse(store_col_text(st, 1), &last) == 0) {
      long left = (long)(last + throttle_wait(*failures) - time(NULL));
      wait = left > 0 ? (int)left : 0;
    }
  }
  sqlite3_finalize(st);
  return wait;
}

static hoshi_err record_failure(sqlite3 *db, const char *username, const user *u, const char *request_id,
                                const char *why, hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO login_attempts(username, failures, last_failed_at) VALUES (?, 1, ?)"
                         " ON CONFLICT(username) DO UPDATE SET failures = login_attempts.failures + 1,"
                         " last_failed_at = excluded.last_failed_at",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "recording failed login");
    goto done;
  }
  store_bind_text(st, 1, username);
  store_bind_text(st, 2, now);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "recording failed login");
    goto done;
  }
  char summary[160];
  snprintf(summary, sizeof summary, "{\"reason\":\"%s\"}", why);
  audit_actor who = {u ? u->id : NULL, username, request_id};
  rc = audit_append(db, &who, u ? u->org_id : NULL, "auth.login_failed", "user", u ? u->id : username,
                    summary, e);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

static void fill_principal(principal *p, const user *u) {
  memset(p, 0, sizeof *p);
  snprintf(p->user_id, sizeof p->user_id, "%s", u->id);
  snprintf(p->org_id, sizeof p->org_id, "%s", u->org_id);
  snprintf(p->username, sizeof p->username, "%s", u->username);
  p->roles = u->roles;
}

static int stored_hash(sqlite3 *db, const char *user_id, char *hash, size_t n) {
  sqlite3_stmt *st = NULL;
  hash[0] = '\0';
  if (sqlite3_prepare_v2(db, "SELECT password_hash FROM users WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, user_id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(hash, n, "%s", store_col_text(st, 0));
  }
  sqlite3_finalize(st);
  return hash[0] != '\0';
}

int auth_check_password(sqlite3 *db, const char *user_id, const char *password) {
  char hash[crypto_pwhash_STRBYTES];
  return password && stored_hash(db, user_id, hash, sizeof hash) && auth_password_verify(hash, password);
}

hoshi_err auth_login(sqlite3 *db, const char *username, const char *password, const char *request_id,
                     char secret_out[65], principal *p, int *retry_after, hoshi_error *e) {
  *retry_after = 0;
  if (username == NULL || *username == '\0') return hoshi_fail(e, HOSHI_EINVAL, "username", "username is required");
  if (password == NULL) return hoshi_fail(e, HOSHI_EINVAL, "password", "password is required");
  if (strlen(username) > AUTH_USERNAME_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "username", "username is longer than %d bytes", AUTH_USERNAME_MAX);
  if (strlen(password) > AUTH_PASSWORD_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "password", "password is longer than %d bytes", AUTH_PASSWORD_MAX);

  int failures = 0;
  int wait = throttle_check(db, username, &failures);
  if (wait > 0) {
    *retry_after = wait;
    return hoshi_fail(e, HOSHI_ETHROTTLE, "username",
                      "too many failed logins for this username (%d); try again in %d seconds", failures, wait);
  }

  user u;
  int found = user_get_by_username(db, username, &u, NULL) == HOSHI_OK;
  int ok;
  if (found) {
    char hash[crypto_pwhash_STRBYTES];
    stored_hash(db, u.id, hash, sizeof hash);
    ok = hash[0] && auth_password_verify(hash, password);
  } else {
    pthread_once(&dummy_once, make_dummy_hash);
    auth_password_verify(dummy_hash, password);
    ok = 0;
  }
  if (!ok || u.disabled) {
    const char *why = !found ? "unknown username" : (!ok ? "wrong password" : "user disabled");
    fprintf(stderr, "hoshi: login failed for '%.64s' (%s) request %s\n", username, why,
            request_id ? request_id : "-");
    hoshi_err rc = record_failure(db, username, found ? &u : NULL, request_id, why, e);
    if (rc) return rc;
    return hoshi_fail(e, HOSHI_EAUTH, "password", "wrong username or password");
  }

  char secret[65], sid[65], csrf[65];
  util_random_hex(secret, 32);
  util_random_hex(csrf, 32);
  util_sha256_hex(secret, strlen(secret), sid);
  char now[UTIL_TIME_LEN], exp[UTIL_TIME_LEN];
  time_t t = time(NULL);
  util_time_iso(t, now);
  util_time_iso(t + AUTH_SESSION_SECONDS, exp);

  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM login_attempts WHERE username = ?", -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, username), sqlite3_step(st)) != SQLITE_DONE) {
    rc = store_fail(db, e, "clearing failed logins");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO sessions(id_hash, user_id, csrf_token, created_at, expires_at)"
                         " VALUES (?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating session");
    goto done;
  }
  store_bind_text(st, 1, sid);
  store_bind_text(st, 2, u.id);
  store_bind_text(st, 3, csrf);
  store_bind_text(st, 4, now);
  store_bind_text(st, 5, exp);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating session");
    goto done;
  }
  /* Old expired sessions of this user are dropped while we hold the lock anyway. */
  sqlite3_finalize(st);
  st = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM sessions WHERE user_id = ? AND expires_at < ?", -1, &st, NULL) ==
      SQLITE_OK) {
    store_bind_text(st, 1, u.id);
    store_bind_text(st, 2, now);
    sqlite3_step(st);
  }
  audit_actor who = {u.id, u.username, request_id};
  if ((rc = audit_append(db, &who, u.org_id, "auth.login", "user", u.id, "{}", e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) {
    store_rollback(db);
    return rc;
  }
  memcpy(secret_out, secret, 65);
  fill_principal(p, &u);
  p->via_session = 1;
  memcpy(p->csrf, csrf, sizeof p->csrf);
  sodium_memzero(secret, sizeof secret);
  return HOSHI_OK;
}

hoshi_err auth_session(sqlite3 *db, const char *secret, principal *p, hoshi_error *e) {
  if (secret == NULL || strlen(secret) != 64) return hoshi_fail(e, HOSHI_EAUTH, "", "no valid session");
  char sid[65], now[UTIL_TIME_LEN];
  util_sha256_hex(secret, 64, sid);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT user_id, csrf_token FROM sessions WHERE id_hash = ? AND expires_at > ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading session");
  store_bind_text(st, 1, sid);
  store_bind_text(st, 2, now);
  char uid[UTIL_ID_LEN] = "", csrf[65] = "";
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(uid, sizeof uid, "%s", store_col_text(st, 0));
    snprintf(csrf, sizeof csrf, "%s", store_col_text(st, 1));
  }
  sqlite3_finalize(st);
  if (!uid[0]) return hoshi_fail(e, HOSHI_EAUTH, "", "session unknown or expired; log in again");
  user u;
  if (user_get(db, uid, &u, NULL) != HOSHI_OK || u.disabled)
    return hoshi_fail(e, HOSHI_EAUTH, "", "session unknown or expired; log in again");
  fill_principal(p, &u);
  p->via_session = 1;
  memcpy(p->csrf, csrf, sizeof p->csrf);
  return HOSHI_OK;
}

hoshi_err auth_logout(sqlite3 *db, const char *secret, const audit_actor *who, hoshi_error *e) {
  char sid[65];
  util_sha256_hex(secret, strlen(secret), sid);
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM sessions WHERE id_hash = ?", -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, sid), sqlite3_step(st)) != SQLITE_DONE) {
    rc = store_fail(db, e, "ending session");
    goto done;
  }
  user u;
  const char *org = NULL;
  if (who->user_id && user_get(db, who->user_id, &u, NULL) == HOSHI_OK) org = u.org_id;
  if ((rc = audit_append(db, who, org, "auth.logout", "user", who->user_id ? who->user_id : "", "{}", e)))
    goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

audit_actor auth_actor(const principal *p, const char *request_id) {
  audit_actor a = {p->user_id, p->username, request_id ? request_id : ""};
  return a;
}

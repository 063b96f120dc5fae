/* Users, roles and password hashing (see auth.h). Passwords are hashed with Argon2id at
 * libsodium's interactive limits; the hash string carries its own parameters and salt. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "auth/auth.h"
#include "org/org.h"
#include "store/store.h"

const char *const auth_role_names[] = {"admin", "member", "expert", "evaluator", "auditor", NULL};

int auth_roles_parse(const char *csv, hoshi_error *e) {
  unsigned roles = 0;
  const char *p = csv ? csv : "";
  while (*p) {
    while (*p == ',' || *p == ' ') p++;
    if (!*p) break;
    const char *end = p;
    while (*end && *end != ',' && *end != ' ') end++;
    size_t n = (size_t)(end - p);
    int found = -1;
    for (int i = 0; auth_role_names[i]; i++)
      if (strlen(auth_role_names[i]) == n && strncmp(p, auth_role_names[i], n) == 0) found = i;
    if (found < 0) {
      hoshi_fail(e, HOSHI_EINVAL, "roles",
                 "unknown role '%.*s'; expected admin, member, expert, evaluator or auditor",
                 (int)(n > 40 ? 40 : n), p);
      return -1;
    }
    roles |= 1u << found;
    p = end;
  }
  return (int)roles;
}

void auth_roles_format(unsigned roles, char *out, size_t n) {
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; auth_role_names[i]; i++) {
    if (!(roles & (1u << i))) continue;
    int k = snprintf(out + used, n - used, "%s%s", used ? "," : "", auth_role_names[i]);
    if (k < 0 || (size_t)k >= n - used) break;
    used += (size_t)k;
  }
}

hoshi_err auth_password_check_policy(const char *password, hoshi_error *e) {
  if (password == NULL) return hoshi_fail(e, HOSHI_EINVAL, "password", "password is required");
  size_t n = strlen(password);
  if (n < AUTH_PASSWORD_MIN)
    return hoshi_fail(e, HOSHI_EINVAL, "password", "password must be at least %d characters; got %zu",
                      AUTH_PASSWORD_MIN, n);
  if (n > AUTH_PASSWORD_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "password", "password must be at most %d bytes; got %zu",
                      AUTH_PASSWORD_MAX, n);
  return HOSHI_OK;
}

hoshi_err auth_password_hash(const char *password, char *out, size_t n, hoshi_error *e) {
  if (n < crypto_pwhash_STRBYTES) return hoshi_fail(e, HOSHI_EINTERNAL, "", "hash buffer too small");
  if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory while hashing the password");
  return HOSHI_OK;
}

int auth_password_verify(const char *hash, const char *password) {
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static hoshi_err check_username(const char *u, hoshi_error *e) {
  if (u == NULL || *u == '\0') return hoshi_fail(e, HOSHI_EINVAL, "username", "username is required");
  size_t n = strlen(u);
  if (n > AUTH_USERNAME_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "username", "username is %zu bytes; at most %d allowed", n,
                      AUTH_USERNAME_MAX);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)u[i];
    if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && !strchr("._-@+", c))
      return hoshi_fail(e, HOSHI_EINVAL, "username",
                        "username may hold only lowercase letters, digits and . _ - @ +; found '%c' at %zu",
                        c >= 0x20 && c < 0x7f ? c : '?', i + 1);
  }
  return HOSHI_OK;
}

static hoshi_err check_plain(const char *field, const char *v, size_t max, hoshi_error *e) {
  if (v == NULL) return HOSHI_OK;
  size_t n = strlen(v);
  if (n > max) return hoshi_fail(e, HOSHI_EINVAL, field, "%s is %zu bytes; at most %zu allowed", field, n, max);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)v[i] < 0x20)
      return hoshi_fail(e, HOSHI_EINVAL, field, "%s contains a control character at byte %zu", field, i + 1);
  return HOSHI_OK;
}

#define USER_COLUMNS "u.id, u.org_id, u.username, u.display_name, u.email, u.disabled, u.created_at"

static hoshi_err load_roles(sqlite3 *db, user *u, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT role FROM user_roles WHERE user_id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading roles");
  store_bind_text(st, 1, u->id);
  u->roles = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int r = auth_roles_parse(store_col_text(st, 0), NULL);
    if (r > 0) u->roles |= (unsigned)r;
  }
  sqlite3_finalize(st);
  return HOSHI_OK;
}

static void row_to_user(sqlite3_stmt *st, user *u) {
  memset(u, 0, sizeof *u);
  snprintf(u->id, sizeof u->id, "%s", store_col_text(st, 0));
  snprintf(u->org_id, sizeof u->org_id, "%s", store_col_text(st, 1));
  snprintf(u->username, sizeof u->username, "%s", store_col_text(st, 2));
  snprintf(u->display_name, sizeof u->display_name, "%s", store_col_text(st, 3));
  snprintf(u->email, sizeof u->email, "%s", store_col_text(st, 4));
  u->disabled = sqlite3_column_int(st, 5);
  snprintf(u->created_at, sizeof u->created_at, "%s", store_col_text(st, 6));
}

static hoshi_err user_get_where(sqlite3 *db, const char *col, const char *key, user *out, hoshi_error *e) {
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT " USER_COLUMNS " FROM users u WHERE u.%s = ?", col);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "reading user");
  store_bind_text(st, 1, key);
  hoshi_err rc = HOSHI_OK;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) row_to_user(st, out);
  else if (step == SQLITE_DONE) rc = hoshi_fail(e, HOSHI_ENOTFOUND, col, "no user %.64s", key);
  else rc = store_fail(db, e, "reading user");
  sqlite3_finalize(st);
  if (rc == HOSHI_OK) rc = load_roles(db, out, e);
  return rc;
}

hoshi_err user_get(sqlite3 *db, const char *id, user *out, hoshi_error *e) {
  return user_get_where(db, "id", id, out, e);
}

hoshi_err user_get_by_username(sqlite3 *db, const char *username, user *out, hoshi_error *e) {
  return user_get_where(db, "username", username, out, e);
}

static hoshi_err write_roles(sqlite3 *db, const char *user_id, unsigned roles, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "DELETE FROM user_roles WHERE user_id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "writing roles");
  store_bind_text(st, 1, user_id);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return store_fail(db, e, "writing roles");
  for (int i = 0; auth_role_names[i]; i++) {
    if (!(roles & (1u << i))) continue;
    if (sqlite3_prepare_v2(db, "INSERT INTO user_roles(user_id, role) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
      return store_fail(db, e, "writing roles");
    store_bind_text(st, 1, user_id);
    store_bind_text(st, 2, auth_role_names[i]);
    step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return store_fail(db, e, "writing roles");
  }
  return HOSHI_OK;
}

static char *user_summary(const user *before, const user *after, const char *extra) {
  yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(doc);
  yyjson_mut_doc_set_root(doc, root);
  const user *pair[2] = {before, after};
  const char *keys[2] = {"before", "after"};
  for (int i = 0; i < 2; i++) {
    if (pair[i] == NULL) continue;
    char roles[96];
    auth_roles_format(pair[i]->roles, roles, sizeof roles);
    yyjson_mut_val *o = yyjson_mut_obj_add_obj(doc, root, keys[i]);
    yyjson_mut_obj_add_strcpy(doc, o, "username", pair[i]->username);
    yyjson_mut_obj_add_strcpy(doc, o, "org_id", pair[i]->org_id);
    yyjson_mut_obj_add_strcpy(doc, o, "display_name", pair[i]->display_name);
    yyjson_mut_obj_add_strcpy(doc, o, "roles", roles);
    yyjson_mut_obj_add_bool(doc, o, "disabled", pair[i]->disabled != 0);
  }
  if (extra) yyjson_mut_obj_add_str(doc, root, "change", extra);
  char *s = yyjson_mut_write(doc, 0, NULL);
  yyjson_mut_doc_free(doc);
  return s;
}

hoshi_err user_create(sqlite3 *db, const audit_actor *who, const user_fields *in, user *out, hoshi_error *e) {
  hoshi_err rc;
  if ((rc = check_username(in->username, e))) return rc;
  if ((rc = check_plain("display_name", in->display_name, AUTH_DISPLAY_MAX, e))) return rc;
  if ((rc = check_plain("email", in->email, AUTH_USERNAME_MAX, e))) return rc;
  if (in->org_id == NULL || !*in->org_id) return hoshi_fail(e, HOSHI_EINVAL, "org_id", "org_id is required");
  if (in->roles <= 0)
    return hoshi_fail(e, HOSHI_EINVAL, "roles", "at least one role is required: admin, member, expert, evaluator or auditor");
  if ((rc = auth_password_check_policy(in->password, e))) return rc;
  char hash[crypto_pwhash_STRBYTES];
  if ((rc = auth_password_hash(in->password, hash, sizeof hash, e))) return rc;

  user u;
  memset(&u, 0, sizeof u);
  util_new_id("usr", u.id);
  snprintf(u.org_id, sizeof u.org_id, "%s", in->org_id);
  snprintf(u.username, sizeof u.username, "%s", in->username);
  snprintf(u.display_name, sizeof u.display_name, "%s", in->display_name ? in->display_name : "");
  snprintf(u.email, sizeof u.email, "%s", in->email ? in->email : "");
  u.roles = (unsigned)in->roles & ROLE_ALL;
  util_now_iso(u.created_at);

  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  org o;
  if ((rc = org_get(db, u.org_id, &o, e))) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "org_id", "no organization %.64s", u.org_id);
    goto done;
  }
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO users(id, org_id, username, display_name, email, password_hash,"
                         " disabled, created_at, updated_at) VALUES (?,?,?,?,?,?,0,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating user");
    goto done;
  }
  store_bind_text(st, 1, u.id);
  store_bind_text(st, 2, u.org_id);
  store_bind_text(st, 3, u.username);
  store_bind_text(st, 4, u.display_name);
  store_bind_text(st, 5, u.email);
  store_bind_text(st, 6, hash);
  store_bind_text(st, 7, u.created_at);
  store_bind_text(st, 8, u.created_at);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating user");
    if (rc == HOSHI_EEXISTS)
      rc = hoshi_fail(e, HOSHI_EEXISTS, "username", "username %s is already taken", u.username);
    goto done;
  }
  if ((rc = write_roles(db, u.id, u.roles, e))) goto done;
  char *summary = user_summary(NULL, &u, NULL);
  rc = audit_append(db, who, u.org_id, "user.create", "user", u.id, summary, e);
  free(summary);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  sodium_memzero(hash, sizeof hash);
  if (rc) store_rollback(db);
  else if (out) *out = u;
  return rc;
}

hoshi_err user_update(sqlite3 *db, const audit_actor *who, const char *id, const user_fields *in,
                      user *out, hoshi_error *e) {
  hoshi_err rc;
  if ((rc = check_plain("display_name", in->display_name, AUTH_DISPLAY_MAX, e))) return rc;
  if ((rc = check_plain("email", in->email, AUTH_USERNAME_MAX, e))) return rc;
  if (in->roles == 0) return hoshi_fail(e, HOSHI_EINVAL, "roles", "at least one role is required");
  if ((rc = store_begin(db, e))) return rc;
  user before, after;
  sqlite3_stmt *st = NULL;
  if ((rc = user_get(db, id, &before, e))) goto done;
  after = before;
  if (in->display_name) snprintf(after.display_name, sizeof after.display_name, "%s", in->display_name);
  if (in->email) snprintf(after.email, sizeof after.email, "%s", in->email);
  if (in->roles > 0) after.roles = (unsigned)in->roles & ROLE_ALL;
  if (in->disabled >= 0) after.disabled = in->disabled > 0;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE users SET display_name=?, email=?, disabled=?, updated_at=? WHERE id=?",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "updating user");
    goto done;
  }
  store_bind_text(st, 1, after.display_name);
  store_bind_text(st, 2, after.email);
  sqlite3_bind_int(st, 3, after.disabled);
  store_bind_text(st, 4, now);
  store_bind_text(st, 5, id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "updating user");
    goto done;
  }
  if (after.roles != before.roles && (rc = write_roles(db, id, after.roles, e))) goto done;
  if (after.disabled) {
    /* A disabled user's sessions end now; tokens are refused at lookup. */
    sqlite3_stmt *del = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM sessions WHERE user_id = ?", -1, &del, NULL) == SQLITE_OK) {
      store_bind_text(del, 1, id);
      sqlite3_step(del);
    }
    sqlite3_finalize(del);
  }
  char *summary = user_summary(&before, &after, NULL);
  rc = audit_append(db, who, after.org_id, "user.update", "user", id, summary, e);
  free(summary);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = after;
  return rc;
}

hoshi_err user_set_password(sqlite3 *db, const audit_actor *who, const char *id, const char *password,
                            hoshi_error *e) {
  hoshi_err rc = auth_password_check_policy(password, e);
  if (rc) return rc;
  char hash[crypto_pwhash_STRBYTES];
  if ((rc = auth_password_hash(password, hash, sizeof hash, e))) return rc;
  if ((rc = store_begin(db, e))) return rc;
  user u;
  sqlite3_stmt *st = NULL;
  if ((rc = user_get(db, id, &u, e))) goto done;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db, "UPDATE users SET password_hash=?, updated_at=? WHERE id=?", -1, &st, NULL) !=
      SQLITE_OK) {
    rc = store_fail(db, e, "setting password");
    goto done;
  }
  store_bind_text(st, 1, hash);
  store_bind_text(st, 2, now);
  store_bind_text(st, 3, id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "setting password");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  /* A new password ends every existing session of the user (SCS 4-1-6: change after a leak). */
  if (sqlite3_prepare_v2(db, "DELETE FROM sessions WHERE user_id = ?", -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, id), sqlite3_step(st)) != SQLITE_DONE) {
    rc = store_fail(db, e, "ending sessions");
    goto done;
  }
  rc = audit_append(db, who, u.org_id, "user.password", "user", id, "{\"change\":\"password set\"}", e);
  if (rc) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  sodium_memzero(hash, sizeof hash);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err user_list(sqlite3 *db, const char *org_id, user **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT " USER_COLUMNS ", (SELECT group_concat(role, ',') FROM user_roles r"
                         " WHERE r.user_id = u.id) FROM users u WHERE (? IS NULL OR u.org_id = ?)"
                         " ORDER BY u.created_at, u.id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing users");
  store_bind_text(st, 1, org_id);
  store_bind_text(st, 2, org_id);
  sqlite3_bind_int(st, 3, AUTH_USER_LIST_MAX);
  size_t cap = 0;
  user *arr = NULL;
  hoshi_err rc = HOSHI_OK;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      user *p = realloc(arr, ncap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      arr = p;
      cap = ncap;
    }
    user *u = &arr[(*n)++];
    row_to_user(st, u);
    int r = auth_roles_parse(store_col_text(st, 7), NULL);
    u->roles = r > 0 ? (unsigned)r : 0;
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "listing users");
  sqlite3_finalize(st);
  if (rc) { free(arr); *n = 0; return rc; }
  *out = arr;
  return HOSHI_OK;
}

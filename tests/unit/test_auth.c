/* Passwords, logins with throttling, sessions, API tokens and the authorization rules. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "org/org.h"
#include "store/store.h"
#include "testutil.h"

typedef struct fixture {
  char *dir;
  sqlite3 *db;
  org a, b;
  user alice, bob;
} fixture;

static audit_actor sys = {NULL, "test", ""};

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/t.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  org_fields fa = {"7000012050002", "甲社", "A Corp", "automotive", 0, ""};
  org_fields fb = {"1180301018771", "乙社", "B Corp", "semiconductor", 1, ""};
  if (org_create(f->db, &sys, &fa, &f->a, &e) || org_create(f->db, &sys, &fb, &f->b, &e)) return -1;
  user_fields ua = {f->a.id, "alice", "Alice", "", "correct horse battery", ROLE_MEMBER | ROLE_AUDITOR, -1};
  user_fields ub = {f->b.id, "bob", "Bob", "", "another good password", ROLE_MEMBER, -1};
  if (user_create(f->db, &sys, &ua, &f->alice, &e) || user_create(f->db, &sys, &ub, &f->bob, &e)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static void test_password_hash_verify(void **state) {
  (void)state;
  char h1[crypto_pwhash_STRBYTES], h2[crypto_pwhash_STRBYTES];
  hoshi_error e;
  assert_int_equal(auth_password_hash("correct horse", h1, sizeof h1, &e), HOSHI_OK);
  assert_int_equal(auth_password_hash("correct horse", h2, sizeof h2, &e), HOSHI_OK);
  assert_non_null(strstr(h1, "$argon2id$"));
  assert_string_not_equal(h1, h2); /* salted */
  assert_true(auth_password_verify(h1, "correct horse"));
  assert_false(auth_password_verify(h1, "correct horsf"));
  assert_false(auth_password_verify(h1, ""));
}

static void test_password_policy_limits(void **state) {
  (void)state;
  hoshi_error e;
  char pw[AUTH_PASSWORD_MAX + 2];
  memset(pw, 'x', sizeof pw);
  pw[AUTH_PASSWORD_MIN - 1] = '\0';
  assert_int_equal(auth_password_check_policy(pw, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "password");
  memset(pw, 'x', sizeof pw);
  pw[AUTH_PASSWORD_MIN] = '\0';
  assert_int_equal(auth_password_check_policy(pw, &e), HOSHI_OK);
  memset(pw, 'x', sizeof pw);
  pw[AUTH_PASSWORD_MAX] = '\0';
  assert_int_equal(auth_password_check_policy(pw, &e), HOSHI_OK);
  memset(pw, 'x', sizeof pw);
  pw[AUTH_PASSWORD_MAX + 1] = '\0';
  assert_int_equal(auth_password_check_policy(pw, &e), HOSHI_EINVAL);
}

static void test_roles_parse(void **state) {
  (void)state;
  hoshi_error e;
  assert_int_equal(auth_roles_parse("admin,auditor", &e), ROLE_ADMIN | ROLE_AUDITOR);
  assert_int_equal(auth_roles_parse("member", &e), ROLE_MEMBER);
  assert_int_equal(auth_roles_parse("root", &e), -1);
  assert_non_null(strstr(e.message, "root"));
  char out[96];
  auth_roles_format(ROLE_EXPERT | ROLE_MEMBER, out, sizeof out);
  assert_string_equal(out, "member,expert");
}

static void test_login_session_logout(void **state) {
  fixture *f = *state;
  char secret[65];
  principal p, q;
  int retry;
  hoshi_error e;
  assert_int_equal(auth_login(f->db, "alice", "correct horse battery", "r1", secret, &p, &retry, &e), HOSHI_OK);
  assert_string_equal(p.user_id, f->alice.id);
  assert_int_equal(strlen(p.csrf), 64);
  assert_int_equal(auth_session(f->db, secret, &q, &e), HOSHI_OK);
  assert_string_equal(q.csrf, p.csrf);
  assert_int_equal(q.roles, ROLE_MEMBER | ROLE_AUDITOR);
  audit_actor who = auth_actor(&q, "r2");
  assert_int_equal(auth_logout(f->db, secret, &who, &e), HOSHI_OK);
  assert_int_equal(auth_session(f->db, secret, &q, &e), HOSHI_EAUTH);
}

static void test_throttle_after_failures(void **state) {
  fixture *f = *state;
  char secret[65];
  principal p;
  int retry = 0;
  hoshi_error e;
  for (int i = 0; i < AUTH_THROTTLE_FREE; i++)
    assert_int_equal(auth_login(f->db, "alice", "wrong password!", "r", secret, &p, &retry, &e), HOSHI_EAUTH);
  /* The next attempt, even with the right password, must wait. */
  assert_int_equal(auth_login(f->db, "alice", "correct horse battery", "r", secret, &p, &retry, &e), HOSHI_ETHROTTLE);
  assert_true(retry >= 1);
  assert_non_null(strstr(e.message, "try again"));
  /* Bob is not affected; unknown names are throttled too. */
  assert_int_equal(auth_login(f->db, "bob", "another good password", "r", secret, &p, &retry, &e), HOSHI_OK);
  for (int i = 0; i < AUTH_THROTTLE_FREE; i++)
    assert_int_equal(auth_login(f->db, "nobody", "whatever123", "r", secret, &p, &retry, &e), HOSHI_EAUTH);
  assert_int_equal(auth_login(f->db, "nobody", "whatever123", "r", secret, &p, &retry, &e), HOSHI_ETHROTTLE);
  /* Each failure is in the audit log. */
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(f->db, "SELECT count(*) FROM audit_log WHERE action='auth.login_failed'", -1, &st, NULL);
  sqlite3_step(st);
  assert_int_equal(sqlite3_column_int(st, 0), 2 * AUTH_THROTTLE_FREE);
  sqlite3_finalize(st);
}

static void test_disabled_user_cannot_login(void **state) {
  fixture *f = *state;
  user_fields upd = USER_FIELDS_INIT;
  upd.disabled = 1;
  hoshi_error e;
  assert_int_equal(user_update(f->db, &sys, f->bob.id, &upd, NULL, &e), HOSHI_OK);
  char secret[65];
  principal p;
  int retry;
  assert_int_equal(auth_login(f->db, "bob", "another good password", "r", secret, &p, &retry, &e), HOSHI_EAUTH);
}

static void test_tokens(void **state) {
  fixture *f = *state;
  api_token t;
  char secret[AUTH_TOKEN_SECRET_LEN];
  hoshi_error e;
  /* A token may not hold a role its user lacks. */
  assert_int_equal(token_create(f->db, &sys, f->alice.id, "ci", ROLE_ADMIN, 0, &t, secret, &e), HOSHI_EINVAL);
  assert_int_equal(token_create(f->db, &sys, f->alice.id, "ci", ROLE_AUDITOR, 0, &t, secret, &e), HOSHI_OK);
  assert_int_equal(strncmp(secret, "hoshi_", 6), 0);
  principal p;
  assert_int_equal(auth_token(f->db, secret, &p, &e), HOSHI_OK);
  assert_int_equal(p.roles, ROLE_AUDITOR); /* limited to the token's roles */
  assert_false(p.via_session);
  /* Only the hash is stored. */
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(f->db, "SELECT count(*) FROM api_tokens WHERE token_hash = ?", -1, &st, NULL);
  sqlite3_bind_text(st, 1, secret, -1, SQLITE_STATIC);
  sqlite3_step(st);
  assert_int_equal(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
  assert_int_equal(token_revoke(f->db, &sys, t.id, &e), HOSHI_OK);
  assert_int_equal(auth_token(f->db, secret, &p, &e), HOSHI_EAUTH);
  assert_non_null(strstr(e.message, "revoked"));
  assert_int_equal(token_revoke(f->db, &sys, t.id, &e), HOSHI_ECONFLICT);
  /* Name limit, one past. */
  char name[AUTH_TOKEN_NAME_MAX + 2];
  memset(name, 'n', sizeof name);
  name[AUTH_TOKEN_NAME_MAX + 1] = '\0';
  assert_int_equal(token_create(f->db, &sys, f->alice.id, name, 0, 0, &t, secret, &e), HOSHI_EINVAL);
  name[AUTH_TOKEN_NAME_MAX] = '\0';
  assert_int_equal(token_create(f->db, &sys, f->alice.id, name, 0, 0, &t, secret, &e), HOSHI_OK);
  assert_int_equal(auth_token(f->db, "hoshi_0000000000000000000000000000000000000000000000000000000000000000", &p, &e),
                   HOSHI_EAUTH);
}

static void test_authz_rules(void **state) {
  fixture *f = *state;
  principal member_a = {0};
  snprintf(member_a.user_id, sizeof member_a.user_id, "%s", f->alice.id);
  snprintf(member_a.org_id, sizeof member_a.org_id, "%s", f->a.id);
  member_a.roles = ROLE_MEMBER;
  assert_true(authz_org(&member_a, AUTHZ_READ, f->a.id));
  assert_false(authz_org(&member_a, AUTHZ_READ, f->b.id));
  assert_true(authz_org(&member_a, AUTHZ_UPDATE, f->a.id));
  assert_false(authz_org(&member_a, AUTHZ_UPDATE, f->b.id));
  assert_false(authz_org(&member_a, AUTHZ_CREATE, NULL));
  assert_true(authz_user(&member_a, AUTHZ_CREATE, NULL, f->a.id, ROLE_MEMBER));
  assert_false(authz_user(&member_a, AUTHZ_CREATE, NULL, f->a.id, ROLE_ADMIN));
  assert_false(authz_user(&member_a, AUTHZ_CREATE, NULL, f->b.id, ROLE_MEMBER));
  assert_false(authz_audit(&member_a, NULL));
  assert_true(authz_audit(&member_a, f->a.id));
  assert_false(authz_audit(&member_a, f->b.id));
  principal auditor = member_a;
  auditor.roles = ROLE_AUDITOR;
  assert_true(authz_org(&auditor, AUTHZ_READ, f->b.id));
  assert_false(authz_org(&auditor, AUTHZ_UPDATE, f->a.id));
  assert_false(authz_user(&auditor, AUTHZ_CREATE, NULL, f->a.id, ROLE_MEMBER));
  principal admin = member_a;
  admin.roles = ROLE_ADMIN;
  assert_true(authz_org(&admin, AUTHZ_CREATE, NULL));
  assert_true(authz_user(&admin, AUTHZ_CREATE, NULL, f->b.id, ROLE_ADMIN));
  principal nobody = member_a;
  nobody.roles = 0;
  assert_false(authz_org(&nobody, AUTHZ_UPDATE, f->a.id));
  assert_false(authz_password(&nobody, f->bob.id));
  assert_true(authz_password(&nobody, f->alice.id));
}

static void test_org_rules_and_limits(void **state) {
  fixture *f = *state;
  hoshi_error e;
  org o;
  org_fields dup = {"7000012050002", "重複", "", "gas", 0, ""};
  assert_int_equal(org_create(f->db, &sys, &dup, &o, &e), HOSHI_EEXISTS);
  assert_string_equal(e.field, "corporate_number");
  char num[14];
  snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit("123456789012"), "123456789012");
  char name[ORG_NAME_MAX + 2];
  memset(name, 'a', sizeof name);
  name[ORG_NAME_MAX + 1] = '\0';
  org_fields big = {num, name, "", "gas", 0, ""};
  assert_int_equal(org_create(f->db, &sys, &big, &o, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "name_ja");
  name[ORG_NAME_MAX] = '\0';
  assert_int_equal(org_create(f->db, &sys, &big, &o, &e), HOSHI_OK);
  char addr[ORG_ADDRESS_MAX + 2];
  memset(addr, 'b', sizeof addr);
  addr[ORG_ADDRESS_MAX + 1] = '\0';
  org_fields upd = ORG_FIELDS_INIT;
  upd.address = addr;
  assert_int_equal(org_update(f->db, &sys, o.id, &upd, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "address");
  upd.address = "東京都";
  upd.sector = "mining";
  assert_int_equal(org_update(f->db, &sys, o.id, &upd, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "sector");
  upd.sector = "water";
  assert_int_equal(org_update(f->db, &sys, o.id, &upd, &o, &e), HOSHI_OK);
  assert_string_equal(o.sector, "water");
  org *list = NULL;
  size_t n = 0;
  assert_int_equal(org_list(f->db, NULL, "乙", &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(list[0].corporate_number, "1180301018771");
  free(list);
}

int main(void) {
  if (sodium_init() < 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_password_hash_verify),
      cmocka_unit_test(test_password_policy_limits),
      cmocka_unit_test(test_roles_parse),
      cmocka_unit_test_setup_teardown(test_login_session_logout, setup, teardown),
      cmocka_unit_test_setup_teardown(test_throttle_after_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(test_disabled_user_cannot_login, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authz_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_org_rules_and_limits, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

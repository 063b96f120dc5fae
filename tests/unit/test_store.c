/* Migrations from an empty database, re-running them, and the connection settings we rely on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/migrations.h"
#include "store/store.h"
#include "testutil.h"

static int count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

static void test_migrate_empty(void **state) {
  (void)state;
  char *dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/t.db", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_connect(path, &db, &e), HOSHI_OK);
  assert_int_equal(store_schema_version(db), 0);
  assert_int_equal(store_migrate(db, &e), HOSHI_OK);
  assert_true(store_migration_count >= 2);
  assert_int_equal(store_schema_version(db), store_migrations[store_migration_count - 1].version);
  assert_int_equal(count_rows(db, "SELECT count(*) FROM schema_version"), store_migration_count);
  const char *tables[] = {"organizations", "users", "user_roles", "sessions", "api_tokens", "login_attempts", "audit_log"};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'", tables[i]);
    assert_int_equal(count_rows(db, sql), 1);
  }
  /* Running again applies nothing new. */
  assert_int_equal(store_migrate(db, &e), HOSHI_OK);
  assert_int_equal(count_rows(db, "SELECT count(*) FROM schema_version"), store_migration_count);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

static void test_pragmas(void **state) {
  (void)state;
  char *dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/t.db", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_open_migrated(path, &db, &e), HOSHI_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  assert_int_equal(count_rows(db, "PRAGMA foreign_keys"), 1);
  assert_int_equal(count_rows(db, "PRAGMA synchronous"), 2); /* FULL */
  /* Foreign keys are enforced: a user of a missing organization is refused. */
  int rc = sqlite3_exec(db,
                        "INSERT INTO users(id, org_id, username, password_hash, created_at, updated_at)"
                        " VALUES ('u','missing','x','h','t','t')",
                        NULL, NULL, NULL);
  assert_int_not_equal(rc, SQLITE_OK);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

static void test_migration_failure_rolls_back(void **state) {
  (void)state;
  char *dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/t.db", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_connect(path, &db, &e), HOSHI_OK);
  /* A table that collides with migration 1 makes it fail; nothing of it may remain. */
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE users(x)", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(store_migrate(db, &e), HOSHI_EDB);
  assert_non_null(strstr(e.message, "migration 001_foundation failed"));
  assert_int_equal(count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name='organizations'"), 0);
  assert_int_equal(store_schema_version(db), 0);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_migrate_empty),
      cmocka_unit_test(test_pragmas),
      cmocka_unit_test(test_migration_failure_rolls_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

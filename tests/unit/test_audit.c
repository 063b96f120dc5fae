/* Audit chain: intact logs verify; changing one stored byte, deleting or editing a record makes
 * verify name the first bad record; the table refuses UPDATE and DELETE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/util.h"
#include "store/store.h"
#include "testutil.h"

typedef struct fixture {
  char *dir;
  char path[512];
  sqlite3 *db;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(f->path, &f->db, &e) != HOSHI_OK) return -1;
  audit_actor who = {NULL, "tester", "req1"};
  for (int i = 1; i <= 5; i++) {
    char obj[32], summary[64];
    snprintf(obj, sizeof obj, "obj-%d", i);
    snprintf(summary, sizeof summary, "{\"marker\":\"MARKER-%d-XYZ\"}", i);
    if (store_begin(f->db, &e) || audit_append(f->db, &who, "org_1", "test.write", "thing", obj, summary, &e) ||
        store_commit(f->db, &e))
      return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  if (f->db) sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static void test_intact_chain_verifies(void **state) {
  fixture *f = *state;
  audit_verify_result r;
  hoshi_error e;
  assert_int_equal(audit_verify(f->db, &r, &e), HOSHI_OK);
  assert_int_equal(r.records, 5);
  assert_int_equal(r.bad_seq, 0);
  assert_int_equal(strlen(r.head), 64);
}

static void test_update_and_delete_are_refused(void **state) {
  fixture *f = *state;
  assert_int_not_equal(sqlite3_exec(f->db, "UPDATE audit_log SET actor='x' WHERE seq=2", NULL, NULL, NULL), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(f->db, "DELETE FROM audit_log WHERE seq=2", NULL, NULL, NULL), SQLITE_OK);
}

/* Flips one byte of the database file itself, as someone with disk access would. */
static void test_one_stored_byte_changed(void **state) {
  fixture *f = *state;
  sqlite3_close(f->db); /* last connection: checkpoints the WAL into the main file */
  f->db = NULL;
  size_t n = 0;
  char *bytes = tu_read_file(f->path, &n);
  assert_non_null(bytes);
  /* Every copy in the file: besides the live cell, a free page or an older cell may still hold
   * the text, and the first one found need not be the one SQLite reads. */
  FILE *out = fopen(f->path, "r+b");
  assert_non_null(out);
  int copies = 0;
  for (char *hit = bytes; (hit = memmem(hit, n - (size_t)(hit - bytes), "MARKER-3-XYZ", 12)) != NULL; hit += 12) {
    fseek(out, hit - bytes + 7, SEEK_SET);
    fputc('9', out); /* "MARKER-9-XYZ": same length, so SQLite still reads the row */
    copies++;
  }
  fclose(out);
  free(bytes);
  assert_true(copies >= 1);
  hoshi_error e;
  assert_int_equal(store_open_migrated(f->path, &f->db, &e), HOSHI_OK);
  audit_verify_result r;
  assert_int_equal(audit_verify(f->db, &r, &e), HOSHI_OK);
  assert_int_equal(r.bad_seq, 3);
  assert_non_null(strstr(r.reason, "altered"));
}

static void test_edit_through_sql_detected(void **state) {
  fixture *f = *state;
  /* An attacker who can drop the trigger still cannot fix the hashes without redoing them all. */
  assert_int_equal(sqlite3_exec(f->db, "DROP TRIGGER audit_log_no_update", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(f->db, "UPDATE audit_log SET actor='mallory' WHERE seq=4", NULL, NULL, NULL), SQLITE_OK);
  audit_verify_result r;
  hoshi_error e;
  assert_int_equal(audit_verify(f->db, &r, &e), HOSHI_OK);
  assert_int_equal(r.bad_seq, 4);
}

static void test_deleted_record_detected(void **state) {
  fixture *f = *state;
  assert_int_equal(sqlite3_exec(f->db, "DROP TRIGGER audit_log_no_delete", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(f->db, "DELETE FROM audit_log WHERE seq=2", NULL, NULL, NULL), SQLITE_OK);
  audit_verify_result r;
  hoshi_error e;
  assert_int_equal(audit_verify(f->db, &r, &e), HOSHI_OK);
  assert_int_equal(r.bad_seq, 3);
  assert_non_null(strstr(r.reason, "missing"));
}

static void test_rewritten_hash_detected_by_next_link(void **state) {
  fixture *f = *state;
  /* Recomputing record 2's own hash after editing it still breaks record 3's prev_hash. */
  assert_int_equal(sqlite3_exec(f->db, "DROP TRIGGER audit_log_no_update", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(f->db, "UPDATE audit_log SET hash='00' || substr(hash, 3) WHERE seq=2", NULL, NULL, NULL),
                   SQLITE_OK);
  audit_verify_result r;
  hoshi_error e;
  assert_int_equal(audit_verify(f->db, &r, &e), HOSHI_OK);
  assert_int_equal(r.bad_seq, 2);
}

static int count_lines(const audit_record *rec, void *ctx) {
  (void)rec;
  (*(int *)ctx)++;
  return 0;
}

static void test_each_filters(void **state) {
  fixture *f = *state;
  int n = 0;
  hoshi_error e;
  assert_int_equal(audit_each(f->db, "org_1", 2, 0, count_lines, &n, &e), HOSHI_OK);
  assert_int_equal(n, 3);
  n = 0;
  assert_int_equal(audit_each(f->db, "org_2", 0, 0, count_lines, &n, &e), HOSHI_OK);
  assert_int_equal(n, 0);
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_intact_chain_verifies, setup, teardown),
      cmocka_unit_test_setup_teardown(test_update_and_delete_are_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_one_stored_byte_changed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_edit_through_sql_detected, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deleted_record_detected, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rewritten_hash_detected_by_next_link, setup, teardown),
      cmocka_unit_test_setup_teardown(test_each_filters, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

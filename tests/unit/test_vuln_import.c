/* Vulnerability store import: idempotent re-import by id and modified, updates replace the
 * affected rows, withdrawn entries keep no affected rows, KEV/EPSS replace their tables,
 * folders, zip and gz archives, and malformed files reported with file and JSON path. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "hoshi/buf.h"
#include "hoshi/vuln.h"
#include "store/store.h"

typedef struct {
  char *dir;
  sqlite3 *db;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  assert_int_equal(util_init(), 0);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/hoshi.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e) != HOSHI_OK) fail_msg("%s", e.message);
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

static long count(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static void import_str(sqlite3 *db, const char *json, hoshi_vuln_import_stats *st) {
  hoshi_error e;
  if (hoshi_vuln_import_buffer(db, "test", json, strlen(json), st, &e) != HOSHI_OK)
    fail_msg("%s: %s", e.field, e.message);
}

#define ADV(mod, extra)                                                                          \
  "{\"id\":\"TEST-1\",\"modified\":\"" mod "\",\"aliases\":[\"CVE-2099-0001\"]," extra           \
  "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Demo_Pkg\"},\"ranges\":[{\"type\":" \
  "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]},"                     \
  "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"demo\"},\"versions\":[\"1.0.0\"]}]}"

static void test_idempotent(void **state) {
  fixture *f = *state;
  hoshi_vuln_import_stats st = {0};
  import_str(f->db, ADV("2024-01-01T00:00:00Z", ""), &st);
  assert_int_equal(st.added, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected"), 2);
  /* PyPI names are indexed PEP 503-normalized */
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected WHERE ecosystem='PyPI' AND name='demo-pkg'"), 1);
  /* same id, same modified: nothing written */
  import_str(f->db, ADV("2024-01-01T00:00:00Z", "\"summary\":\"changed\","), &st);
  assert_int_equal(st.unchanged, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE summary='changed'"), 0);
  /* older copy: ignored */
  import_str(f->db, ADV("2023-06-01T00:00:00Z", "\"summary\":\"older\","), &st);
  assert_int_equal(st.older, 1);
  /* a fraction of a second later is later (text order would say earlier) */
  import_str(f->db, ADV("2024-01-01T00:00:00.5Z", "\"summary\":\"newer\","), &st);
  assert_int_equal(st.updated, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE summary='newer'"), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected"), 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories"), 1);
}

static void test_withdrawn(void **state) {
  fixture *f = *state;
  hoshi_vuln_import_stats st = {0};
  import_str(f->db, ADV("2024-01-01T00:00:00Z", ""), &st);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected"), 2);
  import_str(f->db, ADV("2024-02-01T00:00:00Z", "\"withdrawn\":\"2024-02-01T00:00:00Z\","), &st);
  assert_int_equal(st.withdrawn, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected"), 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE withdrawn IS NOT NULL"), 1);
}

typedef struct {
  int n;
  char source[512];
  char field[128];
} errs;

static void on_error(void *ctx, const char *source, const hoshi_error *e) {
  errs *x = ctx;
  if (x->n++ == 0) {
    snprintf(x->source, sizeof x->source, "%s", source);
    snprintf(x->field, sizeof x->field, "%s", e->field);
  }
}

static void write_file(const char *path, const char *s) {
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(s, fp);
  fclose(fp);
}

static void test_folder_with_bad_file(void **state) {
  fixture *f = *state;
  char dir[512], p[600];
  snprintf(dir, sizeof dir, "%s/osv", f->dir);
  assert_int_equal(mkdir(dir, 0700), 0);
  snprintf(p, sizeof p, "%s/a.json", dir);
  write_file(p, ADV("2024-01-01T00:00:00Z", ""));
  snprintf(p, sizeof p, "%s/b.json", dir);
  write_file(p, "{\"id\":\"BAD-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
                "{\"ecosystem\":\"npm\",\"name\":\"x\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
                "[{\"introduced\":\"0\"},{\"fixed\":1}]}]}]}");
  snprintf(p, sizeof p, "%s/c.json", dir);
  write_file(p, "{\"id\":\"TRUNC");
  errs x = {0};
  hoshi_vuln_import_opts o = {on_error, NULL, &x, NULL};
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  assert_int_equal(hoshi_vuln_import_path(f->db, dir, &o, &st, &e), HOSHI_OK);
  assert_int_equal(st.files, 3);
  assert_int_equal(st.added, 1);
  assert_int_equal(st.errors, 2);
  assert_int_equal(x.n, 2);
  /* the first error names the file and the JSON path of the fault */
  assert_non_null(strstr(x.source, "/osv/b.json"));
  assert_string_equal(x.field, "$.affected[0].ranges[0].events[1]");
  /* a second run changes nothing */
  hoshi_vuln_import_stats st2 = {0};
  assert_int_equal(hoshi_vuln_import_path(f->db, dir, &o, &st2, &e), HOSHI_OK);
  assert_int_equal(st2.added + st2.updated, 0);
  assert_int_equal(st2.unchanged, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_imports"), 2);
  /* a missing path is an error */
  assert_int_equal(hoshi_vuln_import_path(f->db, "/nonexistent/x", &o, &st2, &e), HOSHI_ENOTFOUND);
}

static void test_zip_and_gz(void **state) {
  fixture *f = *state;
  char dir[512], cmd[2048], p[600];
  snprintf(dir, sizeof dir, "%s/z", f->dir);
  assert_int_equal(mkdir(dir, 0700), 0);
  snprintf(p, sizeof p, "%s/TEST-1.json", dir);
  write_file(p, ADV("2024-01-01T00:00:00Z", ""));
  snprintf(p, sizeof p, "%s/TEST-2.json", dir);
  write_file(p, "{\"id\":\"TEST-2\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
                "{\"ecosystem\":\"Go\",\"name\":\"example.com/m\"},\"ranges\":[{\"type\":\"SEMVER\","
                "\"events\":[{\"introduced\":\"0\"}]}]}]}");
  /* an all.zip-shaped archive (python's zipfile writes the same deflated entries) */
  snprintf(cmd, sizeof cmd,
           "cd '%s' && (python3 -c \"import zipfile;z=zipfile.ZipFile('all.zip','w',zipfile.ZIP_DEFLATED);"
           "[z.write(n) for n in ['TEST-1.json','TEST-2.json']];z.close()\") && rm TEST-1.json TEST-2.json",
           dir);
  if (system(cmd) != 0) skip();
  snprintf(p, sizeof p, "%s/all.zip", dir);
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  if (hoshi_vuln_import_path(f->db, p, NULL, &st, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(st.added, 2);
  assert_int_equal(st.files, 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE source LIKE '%all.zip:TEST-2.json'"), 1);

  /* gzipped EPSS: the fixture made for these tests */
  snprintf(p, sizeof p, "%s/tests/fixtures/vuln/epss-small.csv.gz", getenv("HOSHI_SOURCE_DIR"));
  if (hoshi_vuln_import_path(f->db, p, NULL, &st, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(st.epss, 4);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_epss WHERE score_date='2025-08-25'"), 4);
  /* the plain CSV again: the table is replaced, not doubled */
  snprintf(p, sizeof p, "%s/tests/fixtures/vuln/epss-small.csv", getenv("HOSHI_SOURCE_DIR"));
  if (hoshi_vuln_import_path(f->db, p, NULL, &st, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_epss"), 4);
}

static void test_kev_real(void **state) {
  fixture *f = *state;
  const char *data = tu_require_shared_data("CISA KEV catalog");
  char p[4096];
  snprintf(p, sizeof p, "%s/kev/known_exploited_vulnerabilities.json", data);
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  if (hoshi_vuln_import_path(f->db, p, NULL, &st, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(st.kev, 1404);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_kev WHERE cve='CVE-2021-44228' AND due_date='2021-12-24'"), 1);
  if (hoshi_vuln_import_path(f->db, p, NULL, &st, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_kev"), 1404);
}

static void test_malformed_buffer(void **state) {
  fixture *f = *state;
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  const char *bad = "{\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":\"CVE-1\"}";
  assert_int_equal(hoshi_vuln_import_buffer(f->db, "x.json", bad, strlen(bad), &st, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "$");
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories"), 0);
  /* an array of advisories: the bad element is reported with its index, the good one stored */
  const char *arr = "[" ADV("2024-01-01T00:00:00Z", "") ",{\"id\":\"Y\"}]";
  assert_int_equal(hoshi_vuln_import_buffer(f->db, "arr.json", arr, strlen(arr), &st, &e), HOSHI_OK);
  assert_int_equal(st.added, 1);
  assert_int_equal(st.errors, 1);
}

static void test_file_limit(void **state) {
  fixture *f = *state;
  /* sparse files: the size check happens before anything is read */
  char p[600];
  snprintf(p, sizeof p, "%s/huge.json", f->dir);
  for (size_t size = HOSHI_VULN_FILE_MAX; size <= HOSHI_VULN_FILE_MAX + 1; size++) {
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), (off_t)size), 0);
    fclose(fp);
    errs x = {0};
    hoshi_vuln_import_opts o = {on_error, NULL, &x, NULL};
    hoshi_vuln_import_stats st = {0};
    hoshi_error e;
    assert_int_equal(hoshi_vuln_import_path(f->db, p, &o, &st, &e), HOSHI_OK);
    assert_int_equal(st.errors, 1);
    /* at the limit the content is read (and is not JSON); one past, it is refused unread */
    if (size == HOSHI_VULN_FILE_MAX) assert_string_equal(x.field, "$");
    else assert_string_equal(x.field, "");
  }
}

static void test_batch_boundary(void **state) {
  fixture *f = *state;
  /* one more advisory than a transaction holds: the batch commits and a second one begins */
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_putc(&b, '[');
  for (size_t i = 0; i <= HOSHI_VULN_IMPORT_BATCH; i++)
    hoshi_buf_printf(&b, "%s{\"id\":\"B-%zu\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
                         "\"package\":{\"ecosystem\":\"npm\",\"name\":\"p%zu\"},\"versions\":[\"1.0.0\"]}]}",
                     i ? "," : "", i, i);
  hoshi_buf_putc(&b, ']');
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  assert_int_equal(hoshi_vuln_import_buffer(f->db, "batch", b.p, b.n, &st, &e), HOSHI_OK);
  assert_int_equal(st.added, HOSHI_VULN_IMPORT_BATCH + 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_affected"), HOSHI_VULN_IMPORT_BATCH + 1);
  assert_int_equal(sqlite3_get_autocommit(f->db), 1);
  hoshi_buf_free(&b);
}

static void test_folder_depth(void **state) {
  fixture *f = *state;
  /* files IMPORT_DIR_DEPTH_MAX folders below the import path are read, one deeper are not */
  char p[4096];
  snprintf(p, sizeof p, "%s/deep", f->dir);
  assert_int_equal(mkdir(p, 0700), 0);
  for (int depth = 1; depth <= 17; depth++) {
    size_t n = strlen(p);
    snprintf(p + n, sizeof p - n, "/d%d", depth);
    assert_int_equal(mkdir(p, 0700), 0);
    char file[4200];
    snprintf(file, sizeof file, "%s/a.json", p);
    char json[256];
    snprintf(json, sizeof json, "{\"id\":\"DEPTH-%d\",\"modified\":\"2024-01-01T00:00:00Z\"}", depth);
    write_file(file, json);
  }
  snprintf(p, sizeof p, "%s/deep", f->dir);
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  assert_int_equal(hoshi_vuln_import_path(f->db, p, NULL, &st, &e), HOSHI_OK);
  assert_int_equal(st.added, 16); /* IMPORT_DIR_DEPTH_MAX */
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE id='DEPTH-16'"), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM vuln_advisories WHERE id='DEPTH-17'"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_withdrawn, setup, teardown),
      cmocka_unit_test_setup_teardown(test_folder_with_bad_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_zip_and_gz, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kev_real, setup, teardown),
      cmocka_unit_test_setup_teardown(test_malformed_buffer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_file_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch_boundary, setup, teardown),
      cmocka_unit_test_setup_teardown(test_folder_depth, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

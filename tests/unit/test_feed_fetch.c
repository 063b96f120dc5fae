/* Feed fetching (src/feeds/): URL checks and redaction, configuring feeds, and the record a
 * failed fetch leaves (transfers from a real HTTP server: tests/api/feeds.test.mjs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feeds/feeds.h"
#include "store/store.h"
#include "testutil.h"

static audit_actor sys = {NULL, "test", ""};

static void test_redact(void **state) {
  (void)state;
  char out[256];
  feeds_url_redact("https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip", out, sizeof out);
  assert_string_equal(out, "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip");
  feeds_url_redact("https://user:secret@mirror.example/kev.json?token=abc#x", out, sizeof out);
  assert_string_equal(out, "https://***@mirror.example/kev.json?***");
  feeds_url_redact("https://mirror.example/a@b/epss.csv.gz", out, sizeof out);
  assert_string_equal(out, "https://mirror.example/a@b/epss.csv.gz"); /* '@' in the path is no credential */
  feeds_url_redact("https://mirror.example/x#frag", out, sizeof out);
  assert_string_equal(out, "https://mirror.example/x?***");
}

static void test_url_check(void **state) {
  (void)state;
  hoshi_error e;
  assert_int_equal(feeds_url_check("https://example.org/all.zip", 0, &e), HOSHI_OK);
  assert_int_equal(feeds_url_check("http://127.0.0.1:8000/all.zip", 0, &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "--allow-http"));
  assert_int_equal(feeds_url_check("http://127.0.0.1:8000/all.zip", 1, &e), HOSHI_OK);
  assert_int_equal(feeds_url_check("file:///etc/passwd", 1, &e), HOSHI_EINVAL);
  assert_int_equal(feeds_url_check("https:///all.zip", 0, &e), HOSHI_EINVAL);
  assert_int_equal(feeds_url_check("https://example.org/a b", 0, &e), HOSHI_EINVAL);
  assert_int_equal(feeds_url_check("", 0, &e), HOSHI_EINVAL);
  /* FEEDS_URL_MAX, and one past */
  char *u = malloc(FEEDS_URL_MAX + 2);
  memset(u, 'a', FEEDS_URL_MAX + 1);
  memcpy(u, "https://", 8);
  u[FEEDS_URL_MAX] = '\0';
  assert_int_equal(feeds_url_check(u, 0, &e), HOSHI_OK);
  u[FEEDS_URL_MAX] = 'a';
  u[FEEDS_URL_MAX + 1] = '\0';
  assert_int_equal(feeds_url_check(u, 0, &e), HOSHI_ELIMIT);
  free(u);
}

static sqlite3 *open_db(char **dir) {
  *dir = tu_tmpdir();
  char path[1024];
  snprintf(path, sizeof path, "%s/t.db", *dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  if (store_open_migrated(path, &db, &e) != HOSHI_OK) fail_msg("%s", e.message);
  return db;
}

static void test_add_list_remove(void **state) {
  (void)state;
  char *dir;
  sqlite3 *db = open_db(&dir);
  hoshi_error e;
  assert_int_equal(feeds_add(db, &sys, "https://b.example/kev.json", 0, &e), HOSHI_OK);
  assert_int_equal(feeds_add(db, &sys, "https://a.example/all.zip", 0, &e), HOSHI_OK);
  assert_int_equal(feeds_add(db, &sys, "https://a.example/all.zip", 0, &e), HOSHI_EEXISTS);
  assert_int_equal(feeds_add(db, &sys, "http://a.example/all.zip", 0, &e), HOSHI_EINVAL);
  feeds_info *f = NULL;
  size_t n = 0;
  assert_int_equal(feeds_list(db, &f, &n, &e), HOSHI_OK);
  assert_int_equal(n, 2);
  assert_string_equal(f[0].url, "https://a.example/all.zip");
  assert_string_equal(f[0].last_fetch_at, "");
  free(f);
  assert_int_equal(feeds_remove(db, &sys, "https://a.example/all.zip", &e), HOSHI_OK);
  assert_int_equal(feeds_remove(db, &sys, "https://a.example/all.zip", &e), HOSHI_ENOTFOUND);
  assert_int_equal(feeds_list(db, &f, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  free(f);
  /* FEEDS_MAX configured, and one past */
  for (int i = 1; i < FEEDS_MAX; i++) {
    char u[64];
    snprintf(u, sizeof u, "https://m%d.example/all.zip", i);
    assert_int_equal(feeds_add(db, &sys, u, 0, &e), HOSHI_OK);
  }
  assert_int_equal(feeds_add(db, &sys, "https://one-more.example/all.zip", 0, &e), HOSHI_ELIMIT);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

static void test_failed_fetch_recorded(void **state) {
  (void)state;
  char *dir;
  sqlite3 *db = open_db(&dir);
  hoshi_error e;
  const char *url = "http://user:pw@127.0.0.1:1/all.zip?key=secret";
  assert_int_equal(feeds_add(db, &sys, url, 1, &e), HOSHI_OK);
  feeds_opts o = {0};
  o.allow_http = 1;
  o.tmp_dir = dir;
  feeds_result r;
  size_t failed = 0;
  /* refused without allow_http: nothing is tried */
  assert_int_equal(feeds_fetch(db, &sys, url, NULL, &r, &e), HOSHI_EINVAL);
  assert_int_equal(feeds_fetch_all(db, &sys, &o, NULL, NULL, &failed, &e), HOSHI_OK);
  assert_int_equal(failed, 1);
  assert_int_equal(feeds_fetch(db, &sys, url, &o, &r, &e), HOSHI_EIO);
  assert_int_equal(r.status, FEEDS_FAILED);
  assert_non_null(strstr(r.error, "cannot fetch"));
  assert_null(strstr(r.error, "secret"));
  feeds_info *f = NULL;
  size_t n = 0;
  assert_int_equal(feeds_list(db, &f, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(f[0].last_status, "failed");
  assert_string_equal(f[0].last_success_at, "");
  assert_non_null(strstr(f[0].last_error, "cannot fetch"));
  free(f);
  /* the fetch log keeps no credentials, and the temporary file is gone */
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), min(url) FROM vuln_fetches WHERE status = 'failed'", -1, &st, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 2);
  assert_string_equal((const char *)sqlite3_column_text(st, 1), "http://***@127.0.0.1:1/all.zip?***");
  sqlite3_finalize(st);
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "ls %s | grep -c hoshi-feed- >/dev/null", dir);
  assert_int_not_equal(system(cmd), 0);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

/* A download is saved under a name that says nothing: the import knows a zip and a gzip by
 * their first bytes, and names the data by the label it is given (the URL). */
static void test_import_by_content(void **state) {
  (void)state;
  char *dir;
  sqlite3 *db = open_db(&dir);
  const char *names[] = {"feeds/osv-npm-all.zip", "vuln/epss-small.csv.gz"};
  for (int i = 0; i < 2; i++) {
    char src[1024], dst[1024];
    snprintf(src, sizeof src, "%s/tests/fixtures/%s", getenv("HOSHI_SOURCE_DIR"), names[i]);
    snprintf(dst, sizeof dst, "%s/hoshi-feed-abc%d", dir, i);
    size_t len;
    char *buf = tu_read_file(src, &len);
    assert_non_null(buf);
    FILE *f = fopen(dst, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
    hoshi_vuln_import_opts o = {NULL, NULL, NULL, "https://mirror.example/feed"};
    hoshi_vuln_import_stats st = {0};
    hoshi_error e;
    assert_int_equal(hoshi_vuln_import_path(db, dst, &o, &st, &e), HOSHI_OK);
    assert_int_equal(st.errors, 0);
    if (i == 0) assert_int_equal(st.added, 2);
    else assert_true(st.epss > 0);
  }
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT min(source), max(source) FROM vuln_advisories", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0), "https://mirror.example/feed:HOSHI-TEST-0001.json");
  assert_string_equal((const char *)sqlite3_column_text(st, 1), "https://mirror.example/feed:HOSHI-TEST-0003.json");
  sqlite3_finalize(st);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_redact),
      cmocka_unit_test(test_url_check),
      cmocka_unit_test(test_add_list_remove),
      cmocka_unit_test(test_failed_fetch_recorded),
      cmocka_unit_test(test_import_by_content),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

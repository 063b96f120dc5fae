/* KEV and EPSS readers: the real KEV catalog, a small EPSS fixture, malformed input with the
 * path or line of the fault, and each limit one past. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "vuln/feeds.h"

typedef struct { size_t n; int saw_log4j; char due[16]; } kev_seen;

static int on_kev(void *ctx, const kev_entry *k) {
  kev_seen *s = ctx;
  s->n++;
  if (strcmp(k->cve, "CVE-2021-44228") == 0) {
    s->saw_log4j = 1;
    snprintf(s->due, sizeof s->due, "%s", k->due_date);
  }
  return 0;
}

static void test_kev_real(void **state) {
  (void)state;
  const char *data = tu_require_shared_data("CISA KEV catalog");
  char path[4096];
  snprintf(path, sizeof path, "%s/kev/known_exploited_vulnerabilities.json", data);
  size_t len;
  char *buf = tu_read_file(path, &len);
  assert_non_null(buf);
  assert_true(kev_sniff(buf, len));
  kev_seen s = {0};
  size_t count;
  hoshi_error e;
  if (kev_read(buf, len, on_kev, &s, &count, &e) != HOSHI_OK) fail_msg("%s: %s", e.field, e.message);
  assert_int_equal(count, 1404); /* the catalog's own "count" field */
  assert_int_equal(s.n, 1404);
  assert_true(s.saw_log4j);
  assert_string_equal(s.due, "2021-12-24"); /* Log4Shell's due date in the catalog */
  free(buf);
}

static void test_kev_malformed(void **state) {
  (void)state;
  static const struct { const char *json; const char *field; } cases[] = {
      {"{\"vulnerabilities\":{}}", "$.vulnerabilities"},
      {"[]", "$.vulnerabilities"},
      {"{\"vulnerabilities\":[1]}", "$.vulnerabilities[0]"},
      {"{\"vulnerabilities\":[{\"cveID\":\"CVE-2021-1234\",\"dateAdded\":\"2021-01-01\"},"
       "{\"cveID\":\"CVE-21-1\",\"dateAdded\":\"2021-01-01\"}]}", "$.vulnerabilities[1]"},
      {"{\"vulnerabilities\":[{\"cveID\":\"CVE-2021-1234\"}]}", "$.vulnerabilities[0]"},
      {"{\"vulnerabilities\":[{\"cveID\":\"CVE-2021-1234\",\"dateAdded\":\"1/1/2021\"}]}",
       "$.vulnerabilities[0]"},
      {"{\"vulnerabilities\":[{\"cveID\":\"CVE-2021-1234\",\"dateAdded\":\"2021-01-01\","
       "\"dueDate\":5}]}", "$.vulnerabilities[0]"},
      {"{\"vulnerabilities\":[", "$"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    kev_seen s = {0};
    hoshi_error e;
    hoshi_error_clear(&e);
    if (kev_read(cases[i].json, strlen(cases[i].json), on_kev, &s, NULL, &e) != HOSHI_EINVAL ||
        strcmp(e.field, cases[i].field) != 0)
      fail_msg("case %zu: field '%s' (%s), expected '%s'", i, e.field, e.message, cases[i].field);
  }
}

static void test_kev_limits(void **state) {
  (void)state;
  for (size_t n = KEV_ENTRIES_MAX; n <= KEV_ENTRIES_MAX + 1; n++) {
    hoshi_buf b = HOSHI_BUF_INIT;
    hoshi_buf_puts(&b, "{\"vulnerabilities\":[");
    for (size_t i = 0; i < n; i++)
      hoshi_buf_printf(&b, "%s{\"cveID\":\"CVE-2020-%zu\",\"dateAdded\":\"2021-01-01\"}", i ? "," : "",
                       10000 + i);
    hoshi_buf_puts(&b, "]}");
    kev_seen s = {0};
    hoshi_error e;
    hoshi_err rc = kev_read(b.p, b.n, on_kev, &s, NULL, &e);
    assert_int_equal(rc, n == KEV_ENTRIES_MAX ? HOSHI_OK : HOSHI_ELIMIT);
    hoshi_buf_free(&b);
  }
  size_t big = (size_t)KEV_FILE_MAX + 1;
  char *p = malloc(big);
  memset(p, ' ', big);
  hoshi_error e;
  assert_int_equal(kev_read(p, big, on_kev, NULL, NULL, &e), HOSHI_ELIMIT);
  free(p);
}

typedef struct { size_t n; double log4j, pct; } epss_seen;

static int on_epss(void *ctx, const epss_row *r) {
  epss_seen *s = ctx;
  s->n++;
  if (strcmp(r->cve, "CVE-2021-44228") == 0) {
    s->log4j = r->score;
    s->pct = r->percentile;
  }
  return 0;
}

static void test_epss_fixture(void **state) {
  (void)state;
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/fixtures/vuln/epss-small.csv", getenv("HOSHI_SOURCE_DIR"));
  size_t len;
  char *buf = tu_read_file(path, &len);
  assert_non_null(buf);
  assert_true(epss_sniff(buf, len));
  epss_seen s = {0};
  char date[16];
  size_t count;
  hoshi_error e;
  assert_int_equal(epss_read(buf, len, on_epss, &s, date, &count, &e), HOSHI_OK);
  assert_int_equal(count, 4);
  assert_string_equal(date, "2025-08-25");
  assert_true(s.log4j > 0.9435 && s.log4j < 0.9436);
  assert_true(s.pct > 0.9998);
  free(buf);
}

static void test_epss_malformed(void **state) {
  (void)state;
  static const struct { const char *csv; const char *field; } cases[] = {
      {"cve,score\n", "line 1"},
      {"#model_version:x\ncve,epss,percentile\nCVE-2021-1234,0.5\n", "line 3"},
      {"cve,epss,percentile\nCVE-2021-1234,0.5,0.2\nCVE-2021-1235,1.5,0.2\n", "line 3"},
      {"cve,epss,percentile\nCVE-2021-1234,abc,0.2\n", "line 2"},
      {"cve,epss,percentile\nGHSA-xxxx,0.1,0.2\n", "line 2"},
      {"cve,epss,percentile\nCVE-2021-1234,0.1,0.2,9\n", "line 2"},
      {"", "line 1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    epss_seen s = {0};
    char date[16];
    hoshi_error e;
    hoshi_error_clear(&e);
    if (epss_read(cases[i].csv, strlen(cases[i].csv), on_epss, &s, date, NULL, &e) != HOSHI_EINVAL ||
        strcmp(e.field, cases[i].field) != 0)
      fail_msg("case %zu: field '%s' (%s), expected '%s'", i, e.field, e.message, cases[i].field);
  }
}

static void test_epss_limits(void **state) {
  (void)state;
  /* a line of exactly EPSS_LINE_MAX bytes is read (and rejected for content), one more is ELIMIT */
  char line[EPSS_LINE_MAX + 64];
  for (size_t n = EPSS_LINE_MAX; n <= EPSS_LINE_MAX + 1; n++) {
    snprintf(line, sizeof line, "cve,epss,percentile\n");
    size_t h = strlen(line);
    memset(line + h, '9', n);
    line[h + n] = '\0';
    char date[16];
    hoshi_error e;
    hoshi_err rc = epss_read(line, h + n, on_epss, NULL, date, NULL, &e);
    assert_int_equal(rc, n == EPSS_LINE_MAX ? HOSHI_EINVAL : HOSHI_ELIMIT);
  }
  /* rows: EPSS_ROWS_MAX pass, one more is ELIMIT */
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "cve,epss,percentile\n");
  for (size_t i = 0; i < (size_t)EPSS_ROWS_MAX; i++) hoshi_buf_printf(&b, "CVE-2020-%07zu,0.1,0.2\n", i);
  epss_seen s = {0};
  char date[16];
  hoshi_error e;
  assert_int_equal(epss_read(b.p, b.n, on_epss, &s, date, NULL, &e), HOSHI_OK);
  hoshi_buf_puts(&b, "CVE-2099-9999999,0.1,0.2\n");
  assert_int_equal(epss_read(b.p, b.n, on_epss, &s, date, NULL, &e), HOSHI_ELIMIT);
  hoshi_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kev_real),      cmocka_unit_test(test_kev_malformed),
      cmocka_unit_test(test_kev_limits),    cmocka_unit_test(test_epss_fixture),
      cmocka_unit_test(test_epss_malformed), cmocka_unit_test(test_epss_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

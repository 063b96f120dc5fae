/* OSV reader: valid advisories, malformed ones rejected with the JSON path of the fault,
 * each named limit accepted at the limit and rejected one past it, and every real advisory
 * in the shared data read without error. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "vuln/osv.h"

static hoshi_err parse(const char *json, osv_advisory *a, hoshi_error *e) {
  return osv_parse(json, strlen(json), a, e);
}

static void test_valid(void **state) {
  (void)state;
  const char *j =
      "{\"id\":\"GO-2099-0001\",\"modified\":\"2024-01-02T03:04:05Z\",\"aliases\":[\"CVE-2099-1\"],"
      "\"summary\":\"s\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":"
      "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
      "\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"example.com/m\"},"
      "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.3\"}]},"
      "{\"type\":\"GIT\",\"repo\":\"https://x\",\"events\":[{\"introduced\":\"abc\"}]}],"
      "\"versions\":[\"1.0.0\"]}]}";
  osv_advisory a;
  hoshi_error e;
  assert_int_equal(parse(j, &a, &e), HOSHI_OK);
  assert_string_equal(a.id, "GO-2099-0001");
  assert_int_equal(a.n_aliases, 1);
  assert_int_equal(a.n_severity, 1);
  assert_true(a.severity[0].has_score);
  assert_true(a.severity[0].score > 9.7 && a.severity[0].score < 9.9);
  assert_int_equal(a.n_affected, 1);
  assert_int_equal(a.affected[0].n_ranges, 2);
  assert_int_equal(a.affected[0].ranges[0].n_events, 2);
  assert_int_equal(a.affected[0].ranges[0].events[1].kind, OSV_EV_FIXED);
  assert_int_equal(a.affected[0].ranges[1].type, OSV_RANGE_GIT);
  assert_string_equal(a.affected[0].ranges[1].repo, "https://x");
  assert_null(a.withdrawn);
  osv_free(&a);
}

typedef struct {
  const char *json;
  hoshi_err code;
  const char *field;
} bad_case;

static void test_malformed(void **state) {
  (void)state;
#define HDR "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\","
#define PKG "\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"}"
  static const bad_case cases[] = {
      {"[]", HOSHI_EINVAL, "$"},
      {"{\"id\":\"X-1\",\"modified\":", HOSHI_EINVAL, "$"}, /* truncated */
      {"{\"modified\":\"2024-01-01T00:00:00Z\"}", HOSHI_EINVAL, "$"},
      {"{\"id\":\"X-1\"}", HOSHI_EINVAL, "$"},
      {"{\"id\":7,\"modified\":\"m\"}", HOSHI_EINVAL, "$"},
      {HDR "\"aliases\":[\"CVE-1\",3]}", HOSHI_EINVAL, "$.aliases[1]"},
      {HDR "\"severity\":[{\"type\":\"CVSS_V3\"}]}", HOSHI_EINVAL, "$.severity[0]"},
      {HDR "\"affected\":{}}", HOSHI_EINVAL, "$"},
      {HDR "\"affected\":[" "{" PKG "},3]}", HOSHI_EINVAL, "$.affected[1]"},
      {HDR "\"affected\":[{\"package\":{\"ecosystem\":1,\"name\":\"a\"}}]}", HOSHI_EINVAL,
       "$.affected[0].package"},
      {HDR "\"affected\":[{\"package\":{\"ecosystem\":\"npm\"}}]}", HOSHI_EINVAL, "$.affected[0].package"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]},"
           "{\"type\":\"RANGE\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[1]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
           "{\"fixed\":\"1\"},{\"introduced\":\"2\",\"fixed\":\"3\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[0].events[2]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":\"1\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[0]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
           "{\"fixed\":\"1\"},{\"last_affected\":\"2\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[0]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
           "{\"fixed\":\"\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[0].events[1]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
           "{\"broken\":\"1\"}]}]}]}",
       HOSHI_EINVAL, "$.affected[0].ranges[0].events[1]"},
      {HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[]}]}]}", HOSHI_EINVAL,
       "$.affected[0].ranges[0]"},
      {HDR "\"affected\":[{" PKG ",\"versions\":[\"1.0\",null]}]}", HOSHI_EINVAL,
       "$.affected[0].versions[1]"},
      {HDR "\"affected\":[{" PKG ",\"severity\":[{\"type\":1,\"score\":\"x\"}]}]}", HOSHI_EINVAL,
       "$.affected[0].severity[0]"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    osv_advisory a;
    hoshi_error e;
    hoshi_error_clear(&e);
    hoshi_err rc = parse(cases[i].json, &a, &e);
    if (rc != cases[i].code || strcmp(e.field, cases[i].field) != 0)
      fail_msg("case %zu: got %d at '%s' (%s), expected %d at '%s'", i, rc, e.field, e.message,
               cases[i].code, cases[i].field);
    assert_true(e.message[0] != '\0');
    assert_null(a.doc);
  }
}

/* Builds an advisory with n copies of an item in one list. */
static char *build(const char *prefix, const char *item, size_t n, const char *suffix) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, prefix);
  for (size_t i = 0; i < n; i++) {
    if (i) hoshi_buf_putc(&b, ',');
    hoshi_buf_puts(&b, item);
  }
  hoshi_buf_puts(&b, suffix);
  return hoshi_buf_take(&b);
}

static void expect_limit(const char *prefix, const char *item, size_t limit, const char *suffix) {
  osv_advisory a;
  hoshi_error e;
  char *at = build(prefix, item, limit, suffix);
  if (parse(at, &a, &e) != HOSHI_OK) fail_msg("at limit %zu: %s %s", limit, e.field, e.message);
  osv_free(&a);
  free(at);
  char *past = build(prefix, item, limit + 1, suffix);
  assert_int_equal(parse(past, &a, &e), HOSHI_ELIMIT);
  free(past);
}

static void test_limits(void **state) {
  (void)state;
  expect_limit(HDR "\"aliases\":[", "\"A\"", OSV_ALIASES_MAX, "]}");
  expect_limit(HDR "\"severity\":[", "{\"type\":\"X\",\"score\":\"1\"}", OSV_SEVERITY_MAX, "]}");
  expect_limit(HDR "\"affected\":[", "{" PKG "}", OSV_AFFECTED_MAX, "]}");
  expect_limit(HDR "\"affected\":[{" PKG ",\"ranges\":[",
               "{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}", OSV_RANGES_MAX, "]}]}");
  expect_limit(HDR "\"affected\":[{" PKG ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[",
               "{\"introduced\":\"0\"}", OSV_EVENTS_MAX, "]}]}]}");
  expect_limit(HDR "\"affected\":[{" PKG ",\"versions\":[", "\"1\"", OSV_VERSIONS_MAX, "]}]}");

  /* a string one past OSV_STRING_MAX */
  char *id = malloc(OSV_STRING_MAX + 2);
  memset(id, 'I', OSV_STRING_MAX + 1);
  id[OSV_STRING_MAX + 1] = '\0';
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_printf(&b, "{\"id\":\"%s\",\"modified\":\"m\"}", id);
  osv_advisory a;
  hoshi_error e;
  assert_int_equal(osv_parse(b.p, b.n, &a, &e), HOSHI_ELIMIT);
  hoshi_buf_reset(&b);
  id[OSV_STRING_MAX] = '\0';
  hoshi_buf_printf(&b, "{\"id\":\"%s\",\"modified\":\"m\"}", id);
  assert_int_equal(osv_parse(b.p, b.n, &a, &e), HOSHI_OK);
  osv_free(&a);
  hoshi_buf_free(&b);
  free(id);

  /* the file size limit: one byte past is refused before parsing */
  char *big = malloc((size_t)OSV_FILE_MAX + 1);
  memset(big, ' ', (size_t)OSV_FILE_MAX + 1);
  static const char small[] = "{\"id\":\"X\",\"modified\":\"m\"}";
  memcpy(big, small, sizeof small - 1);
  assert_int_equal(osv_parse(big, (size_t)OSV_FILE_MAX + 1, &a, &e), HOSHI_ELIMIT);
  assert_int_equal(osv_parse(big, (size_t)OSV_FILE_MAX, &a, &e), HOSHI_OK);
  osv_free(&a);
  free(big);
}

static size_t parse_dir(const char *dir, size_t *withdrawn) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *de;
  size_t n = 0;
  while ((de = readdir(d)) != NULL) {
    if (strstr(de->d_name, ".json") == NULL) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    size_t len;
    char *buf = tu_read_file(path, &len);
    assert_non_null(buf);
    osv_advisory a;
    hoshi_error e;
    if (osv_parse(buf, len, &a, &e) != HOSHI_OK) fail_msg("%s: %s: %s", path, e.field, e.message);
    if (a.withdrawn) (*withdrawn)++;
    osv_free(&a);
    free(buf);
    n++;
  }
  closedir(d);
  return n;
}

static void test_real_data(void **state) {
  (void)state;
  const char *data = tu_require_shared_data("real OSV advisories");
  char dir[4096];
  size_t withdrawn = 0;
  snprintf(dir, sizeof dir, "%s/osv/go", data);
  size_t go = parse_dir(dir, &withdrawn);
  snprintf(dir, sizeof dir, "%s/osv/pypi", data);
  size_t py = parse_dir(dir, &withdrawn);
  /* counts of the snapshot in ../shared/data (ls | wc -l), withdrawn counted with jq */
  assert_int_equal(go, 4291);
  assert_int_equal(py, 2661);
  assert_int_equal(withdrawn, 27);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_real_data),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

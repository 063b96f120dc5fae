/* Catalog loader: a good catalog imports and answers queries; each broken rule is refused
 * with the file, the JSON path and the reason, and nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "core/util.h"
#include "store/store.h"
#include "testutil.h"

static const char *GOOD =
    "{\"format\":\"hoshi-catalog/1\",\"id\":\"tiny-1\",\"scheme\":\"tiny\",\"version\":\"1\","
    "\"title\":{\"ja\":\"小\",\"en\":\"Tiny\"},\"official_wording\":false,"
    "\"levels\":[{\"id\":\"3\",\"name\":{\"ja\":\"★3\",\"en\":\"★3\"},\"validity_months\":12},"
    "{\"id\":\"4\",\"name\":{\"ja\":\"★4\",\"en\":\"★4\"},\"validity_months\":36}],"
    "\"categories\":[{\"id\":\"1\",\"title\":{\"ja\":\"統治\",\"en\":\"Govern\"}},{\"id\":\"2\",\"title\":{\"ja\":\"防御\",\"en\":\"Protect\"}}],"
    "\"threats\":[{\"id\":\"ipa2026-01\",\"title\":{\"ja\":\"ランサム\",\"en\":\"Ransomware\"}}],"
    "\"requirements\":["
    "{\"id\":\"1-1-1\",\"category\":\"1\",\"levels\":[\"3\",\"4\"],\"title\":{\"ja\":\"方針\",\"en\":\"Policy\"},"
    "\"threats\":[\"ipa2026-01\"],\"mappings\":[{\"catalog\":\"nist-csf-2.0\",\"target\":\"GV.PO\",\"relationship\":\"subset\",\"strength\":7}]},"
    "{\"id\":\"2-1-1\",\"category\":\"2\",\"levels\":[\"4\"],\"title\":{\"ja\":\"暗号化\",\"en\":\"Encryption\"}}],"
    "\"criteria\":["
    "{\"id\":\"1-1-1-1\",\"requirement\":\"1-1-1\",\"levels\":[\"3\",\"4\"],\"text\":{\"ja\":\"文書がある\",\"en\":\"Written\"}},"
    "{\"id\":\"1-1-1-2\",\"requirement\":\"1-1-1\",\"levels\":[\"4\"],\"text\":{\"ja\":\"年次見直し\",\"en\":\"Yearly review\"}},"
    "{\"id\":\"2-1-1-1\",\"requirement\":\"2-1-1\",\"levels\":[\"4\"],\"text\":{\"ja\":\"保存時暗号化\",\"en\":\"At rest\"}}]}";

static sqlite3 *db;
static char *dir;

static int setup(void **state) {
  (void)state;
  dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/c.db", dir);
  hoshi_error e;
  return store_open_migrated(path, &db, &e) == HOSHI_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
  return 0;
}

/* GOOD with the first occurrence of `from` replaced by `to`. */
static char *variant(const char *from, const char *to) {
  const char *hit = strstr(GOOD, from);
  assert_non_null(hit);
  size_t n = strlen(GOOD) - strlen(from) + strlen(to);
  char *s = malloc(n + 1);
  size_t pre = (size_t)(hit - GOOD);
  memcpy(s, GOOD, pre);
  strcpy(s + pre, to);
  strcat(s, hit + strlen(from));
  return s;
}

static void expect_refused(const char *json, const char *path, const char *words) {
  hoshi_error e;
  char id[CATALOG_ID_MAX + 1];
  audit_actor who = {NULL, "test", ""};
  hoshi_err rc = catalog_import(db, &who, json, strlen(json), "tiny.json", id, &e);
  assert_int_not_equal(rc, HOSHI_OK);
  if (strcmp(e.field, path) != 0) fail_msg("field: got '%s', want '%s' (%s)", e.field, path, e.message);
  if (strstr(e.message, words) == NULL) fail_msg("message '%s' lacks '%s'", e.message, words);
  assert_non_null(strstr(e.message, "tiny.json"));
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM catalogs) + (SELECT count(*) FROM catalog_criteria)", -1, &st, NULL);
  sqlite3_step(st);
  assert_int_equal(sqlite3_column_int(st, 0), 0);
  sqlite3_finalize(st);
}

static void test_good_catalog(void **state) {
  (void)state;
  hoshi_error e;
  char id[CATALOG_ID_MAX + 1];
  audit_actor who = {NULL, "test", ""};
  assert_int_equal(catalog_import(db, &who, GOOD, strlen(GOOD), "tiny.json", id, &e), HOSHI_OK);
  assert_string_equal(id, "tiny-1");
  catalog_criterion *c = NULL;
  size_t n = 0;
  assert_int_equal(catalog_criteria_for_level(db, "tiny-1", "3", &c, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(c[0].id, "1-1-1-1");
  assert_string_equal(c[0].category, "1");
  free(c);
  assert_int_equal(catalog_criteria_for_level(db, "tiny-1", "4", &c, &n, &e), HOSHI_OK);
  assert_int_equal(n, 3);
  free(c);
  int months = 0;
  assert_int_equal(catalog_level(db, "tiny-1", "4", &months, &e), HOSHI_OK);
  assert_int_equal(months, 36);
  assert_int_equal(catalog_level(db, "tiny-1", "5", &months, &e), HOSHI_ENOTFOUND);
  catalog_info info;
  assert_int_equal(catalog_get_info(db, "tiny-1", &info, &e), HOSHI_OK);
  assert_int_equal(info.requirements, 2);
  assert_int_equal(info.criteria, 3);
  char *doc = NULL;
  size_t len = 0;
  assert_int_equal(catalog_get_document(db, "tiny-1", &doc, &len, &e), HOSHI_OK);
  assert_int_equal(len, strlen(GOOD));
  free(doc);
  /* Same id again: refused, the old one stays. */
  assert_int_equal(catalog_import(db, &who, GOOD, strlen(GOOD), "tiny.json", id, &e), HOSHI_EEXISTS);
}

static void test_refusals(void **state) {
  (void)state;
  struct { const char *from, *to, *path, *words; } cases[] = {
      {"\"format\":\"hoshi-catalog/1\"", "\"format\":\"other/2\"", "$.format", "hoshi-catalog/1"},
      {"\"id\":\"2-1-1\",\"category\"", "\"id\":\"1-1-1\",\"category\"", "$.requirements[1].id", "duplicate id '1-1-1'"},
      {"\"requirement\":\"2-1-1\"", "\"requirement\":\"9-9-9\"", "$.criteria[2].requirement", "criterion without requirement"},
      {"\"levels\":[\"3\",\"4\"],\"title\":{\"ja\":\"方針\"", "\"levels\":[\"3\",\"5\"],\"title\":{\"ja\":\"方針\"",
       "$.requirements[0].levels[1]", "unknown level '5'"},
      {"\"id\":\"2-1-1-1\",\"requirement\":\"2-1-1\",\"levels\":[\"4\"]", "\"id\":\"2-1-1-1\",\"requirement\":\"2-1-1\",\"levels\":[\"3\"]",
       "$.criteria[2].levels[0]", "not a level of requirement"},
      {"\"category\":\"2\"", "\"category\":\"7\"", "$.requirements[1].category", "unknown category"},
      {"\"relationship\":\"subset\"", "\"relationship\":\"similar\"", "$.requirements[0].mappings[0].relationship", "OLIR"},
      {"\"strength\":7", "\"strength\":11", "$.requirements[0].mappings[0].strength", "1 to 10"},
      {"\"threats\":[\"ipa2026-01\"]", "\"threats\":[\"ipa2026-11\"]", "$.requirements[0].threats[0]", "unknown threat"},
      {"\"id\":\"2-1-1-1\"", "\"id\":\"2-1-2-1\"", "$.criteria[2].id", "must start with its requirement id"},
      {"{\"id\":\"2-1-1-1\",\"requirement\":\"2-1-1\",\"levels\":[\"4\"],\"text\":{\"ja\":\"保存時暗号化\",\"en\":\"At rest\"}}",
       "{\"id\":\"1-1-1-3\",\"requirement\":\"1-1-1\",\"levels\":[\"4\"],\"text\":{\"ja\":\"x\",\"en\":\"x\"}}",
       "$.requirements[1]", "has no criterion"},
      {"\"validity_months\":12", "\"validity_months\":0", "$.levels[0].validity_months", "1 to 120"},
      {"\"title\":{\"ja\":\"統治\",\"en\":\"Govern\"}", "\"title\":{\"en\":\"Govern\"}", "$.categories[0].title.ja", "must be a string"},
      {"\"id\":\"tiny-1\"", "\"id\":\"Tiny 1\"", "$.id", "must be 1-64 characters"},
      {"\"criteria\":[", "\"criteria\":[1,", "$.criteria[0]", "must be an object"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *s = variant(cases[i].from, cases[i].to);
    expect_refused(s, cases[i].path, cases[i].words);
    free(s);
  }
  expect_refused("{\"format\": ", "$", "malformed JSON at byte");
}

static void test_limits(void **state) {
  (void)state;
  /* A text one byte over the limit is refused; at the limit it loads. */
  char *big = malloc(CATALOG_TEXT_MAX + 2);
  memset(big, 'a', CATALOG_TEXT_MAX + 1);
  big[CATALOG_TEXT_MAX + 1] = '\0';
  char *to = malloc(CATALOG_TEXT_MAX + 64);
  snprintf(to, CATALOG_TEXT_MAX + 64, "\"en\":\"%s\"}}]}", big);
  char *s = variant("\"en\":\"At rest\"}}]}", to);
  expect_refused(s, "$.criteria[2].text.en", "at most 8192");
  free(s);
  big[CATALOG_TEXT_MAX] = '\0';
  snprintf(to, CATALOG_TEXT_MAX + 64, "\"en\":\"%s\"}}]}", big);
  s = variant("\"en\":\"At rest\"}}]}", to);
  hoshi_error e;
  assert_int_equal(catalog_validate(s, strlen(s), "tiny.json", &e), HOSHI_OK);
  free(s);
  free(big);
  free(to);
  /* File size one past the limit. */
  size_t n = CATALOG_FILE_MAX + 1;
  char *huge = malloc(n);
  memset(huge, ' ', n);
  assert_int_equal(catalog_validate(huge, n, "huge.json", &e), HOSHI_ELIMIT);
  assert_non_null(strstr(e.message, "huge.json"));
  free(huge);
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_good_catalog, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

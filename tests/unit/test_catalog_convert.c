/* Catalog converters: OSCAL round trips keep every field of the shipped and a hand-made catalog,
 * bad input is refused with the JSON path or YAML line, and the CISO Assistant mapping holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "catalog/convert.h"
#include "core/util.h"
#include "hoshi/buf.h"
#include "testutil.h"

static char *read_source(const char *rel, size_t *len) {
  const char *dir = getenv("HOSHI_SOURCE_DIR");
  if (dir == NULL) dir = HOSHI_SOURCE_DIR;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  char *text = tu_read_file(path, len);
  if (text == NULL) fail_msg("cannot read %s", path);
  return text;
}

/* Converts to OSCAL and back and compares the JSON values, member by member. */
static void round_trip(const char *json, size_t len) {
  char *oscal = NULL, *back = NULL;
  size_t olen = 0, blen = 0;
  hoshi_error e;
  hoshi_err rc = catalog_to_oscal(json, len, &oscal, &olen, &e);
  if (rc) fail_msg("to_oscal: %s: %s", e.field, e.message);
  assert_int_equal(strlen(oscal), olen);
  rc = catalog_from_oscal(oscal, olen, &back, &blen, &e);
  if (rc) fail_msg("from_oscal: %s: %s", e.field, e.message);
  yyjson_doc *a = yyjson_read(json, len, 0), *b = yyjson_read(back, blen, 0);
  assert_non_null(a);
  assert_non_null(b);
  if (!yyjson_equals(yyjson_doc_get_root(a), yyjson_doc_get_root(b))) {
    /* Name the first top-level member that differs, to make the failure readable. */
    yyjson_val *ra = yyjson_doc_get_root(a), *rb = yyjson_doc_get_root(b), *k;
    yyjson_obj_iter it = yyjson_obj_iter_with(ra);
    while ((k = yyjson_obj_iter_next(&it)) != NULL) {
      const char *key = yyjson_get_str(k);
      if (!yyjson_equals(yyjson_obj_get(ra, key), yyjson_obj_get(rb, key)))
        fail_msg("round trip changed \"%s\"", key);
    }
    fail_msg("round trip added members");
  }
  yyjson_doc_free(a);
  yyjson_doc_free(b);
  free(oscal);
  free(back);
}

static void test_shipped_catalogs_round_trip(void **state) {
  (void)state;
  const char *files[] = {"catalogs/scs-2026.json", "catalogs/nist-csf-2.0.json",
                         "catalogs/jcstar-star1-2024.json"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    size_t len = 0;
    char *json = read_source(files[i], &len);
    round_trip(json, len);
    free(json);
  }
}

/* Edge cases on purpose: official Japanese-only wording (en ""), ids that are no OSCAL tokens,
 * an empty source, an empty threat list, a criterion id outside the C-S-N-k numbering, a mapping
 * without strength and a requirement without check. */
static const char handmade[] =
    "{\"format\":\"hoshi-catalog/1\",\"id\":\"mini-1\",\"scheme\":\"mini\",\"version\":\"1\","
    "\"title\":{\"ja\":\"小さな基準\",\"en\":\"\"},\"official_wording\":true,\"source\":\"\","
    "\"notice\":{\"ja\":\"公式文言\",\"en\":\"Official wording\"},"
    "\"levels\":[{\"id\":\"basic\",\"name\":{\"ja\":\"基本\",\"en\":\"\"}},"
    "{\"id\":\"2\",\"name\":{\"ja\":\"上級\",\"en\":\"Advanced\"},\"validity_months\":120}],"
    "\"categories\":[{\"id\":\"1 governance\",\"title\":{\"ja\":\"統治\",\"en\":\"\"}},"
    "{\"id\":\"empty\",\"title\":{\"ja\":\"空\",\"en\":\"Empty\"}}],"
    "\"threats\":[],"
    "\"requirements\":["
    "{\"id\":\"1/1\",\"category\":\"1 governance\",\"levels\":[\"basic\",\"2\"],"
    "\"title\":{\"ja\":\"責任者\",\"en\":\"\"},\"summary\":{\"ja\":\"責任者を置く。\\n二行目\",\"en\":\"\"},"
    "\"check\":\"both\",\"mappings\":[{\"catalog\":\"nist-csf-2.0\",\"target\":\"GV.RR\",\"relationship\":\"intersect\"}]},"
    "{\"id\":\"1/2\",\"category\":\"1 governance\",\"levels\":[\"2\"],"
    "\"title\":{\"ja\":\"方針\",\"en\":\"Policy\"},\"summary\":{\"ja\":\"方針を書く。\",\"en\":\"Write a policy.\"}}],"
    "\"criteria\":["
    "{\"id\":\"1/1-a\",\"requirement\":\"1/1\",\"levels\":[\"basic\"],\"text\":{\"ja\":\"任命した\",\"en\":\"\"}},"
    "{\"id\":\"x9\",\"requirement\":\"1/1\",\"levels\":[\"2\",\"basic\"],\"text\":{\"ja\":\"記録した\",\"en\":\"Recorded\"}},"
    "{\"id\":\"1/2-1\",\"requirement\":\"1/2\",\"levels\":[\"2\"],\"text\":{\"ja\":\"承認済み\",\"en\":\"Approved\"}}]}";

static void test_handmade_round_trip(void **state) {
  (void)state;
  round_trip(handmade, strlen(handmade));
}

static yyjson_doc *oscal_of(const char *json, size_t len) {
  char *oscal = NULL;
  size_t olen = 0;
  hoshi_error e;
  if (catalog_to_oscal(json, len, &oscal, &olen, &e)) fail_msg("%s: %s", e.field, e.message);
  yyjson_doc *doc = yyjson_read(oscal, olen, 0);
  free(oscal);
  assert_non_null(doc);
  return doc;
}

/* The OSCAL side is plain OSCAL: groups -> controls -> parts, ids are tokens, labels hold ours. */
static void test_oscal_shape(void **state) {
  (void)state;
  size_t len = 0;
  char *json = read_source("catalogs/scs-2026.json", &len);
  yyjson_doc *doc = oscal_of(json, len);
  free(json);
  yyjson_val *cat = yyjson_obj_get(yyjson_doc_get_root(doc), "catalog");
  assert_int_equal(strlen(yyjson_get_str(yyjson_obj_get(cat, "uuid"))), 36);
  yyjson_val *md = yyjson_obj_get(cat, "metadata");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(md, "oscal-version")), "1.1.2");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(md, "version")), "2026");
  yyjson_val *groups = yyjson_obj_get(cat, "groups");
  assert_int_equal(yyjson_arr_size(groups), 7);
  yyjson_val *g4 = yyjson_arr_get(groups, 3);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(g4, "id")), "cat-4");
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(g4, "controls")), 21);
  /* 4-1-2 is the second control of category 4; its 8 criteria are assessment objectives. */
  yyjson_val *c = yyjson_arr_get(yyjson_obj_get(g4, "controls"), 1);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c, "id")), "req-4-1-2");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c, "title")), "Administrator accounts");
  size_t i, n, objectives = 0;
  yyjson_val *p;
  yyjson_arr_foreach(yyjson_obj_get(c, "parts"), i, n, p) {
    if (yyjson_equals_str(yyjson_obj_get(p, "name"), "assessment-objective")) objectives++;
  }
  assert_int_equal(objectives, 8);
  yyjson_doc_free(doc);

  /* Ids that are no OSCAL tokens get a prefix and a position; labels keep them. */
  doc = oscal_of(handmade, strlen(handmade));
  cat = yyjson_obj_get(yyjson_doc_get_root(doc), "catalog");
  yyjson_val *g = yyjson_arr_get(yyjson_obj_get(cat, "groups"), 0);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(g, "id")), "cat-1_governance_0");
  c = yyjson_arr_get(yyjson_obj_get(g, "controls"), 0);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c, "id")), "req-1_1_0");
  /* English empty: the OSCAL title shows the Japanese. */
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c, "title")), "責任者");
  yyjson_doc_free(doc);
}

static void expect_error(hoshi_err (*fn)(const char *, size_t, char **, size_t *, hoshi_error *),
                         const char *input, hoshi_err code, const char *field, const char *msg) {
  char *out = (char *)1;
  size_t olen = 1;
  hoshi_error e;
  hoshi_error_clear(&e);
  hoshi_err rc = fn(input, strlen(input), &out, &olen, &e);
  if (rc != code) fail_msg("input %.80s: rc %d, expected %d (%s: %s)", input, rc, code, e.field, e.message);
  assert_null(out);
  if (strcmp(e.field, field) != 0) fail_msg("field \"%s\", expected \"%s\" (%s)", e.field, field, e.message);
  if (msg && strstr(e.message, msg) == NULL) fail_msg("message \"%s\" lacks \"%s\"", e.message, msg);
}

static void test_to_oscal_errors(void **state) {
  (void)state;
  expect_error(catalog_to_oscal, "{\"format\":", HOSHI_EINVAL, "$", "not valid JSON");
  expect_error(catalog_to_oscal, "[]", HOSHI_EINVAL, "$", "object");
  expect_error(catalog_to_oscal, "{\"format\":\"hoshi-catalog/2\"}", HOSHI_EINVAL, "$.format",
               "hoshi-catalog/1");
  expect_error(catalog_to_oscal,
               "{\"format\":\"hoshi-catalog/1\",\"id\":\"a\",\"scheme\":\"a\",\"version\":\"1\","
               "\"title\":{\"ja\":\"a\"}}",
               HOSHI_EINVAL, "$.title", "\"en\"");
  expect_error(catalog_to_oscal,
               "{\"format\":\"hoshi-catalog/1\",\"id\":\"a\",\"scheme\":\"a\",\"version\":\"1\","
               "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[],\"categories\":[],\"requirements\":[],\"criteria\":[]}",
               HOSHI_EINVAL, "$.requirements", "at least one");
  expect_error(catalog_to_oscal,
               "{\"format\":\"hoshi-catalog/1\",\"id\":\"a\",\"scheme\":\"a\",\"version\":\"1\","
               "\"title\":{\"ja\":\"\",\"en\":\"a\"}}",
               HOSHI_EINVAL, "$.title", "Japanese is required");
  /* A requirement naming a missing category. */
  expect_error(catalog_to_oscal,
               "{\"format\":\"hoshi-catalog/1\",\"id\":\"a\",\"scheme\":\"a\",\"version\":\"1\","
               "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[],\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"a\",\"en\":\"a\"}}],"
               "\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}},"
               "{\"id\":\"s\",\"category\":\"zz\"}],\"criteria\":[]}",
               HOSHI_EINVAL, "$.requirements[1].category", "zz");
  /* A criterion naming a missing requirement, and one with a level that is no string. */
  const char *head =
      "{\"format\":\"hoshi-catalog/1\",\"id\":\"a\",\"scheme\":\"a\",\"version\":\"1\","
      "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[],\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}}],";
  char buf[2048];
  snprintf(buf, sizeof buf, "%s\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"q\"}]}", head);
  expect_error(catalog_to_oscal, buf, HOSHI_EINVAL, "$.criteria[0].requirement", "\"q\"");
  snprintf(buf, sizeof buf,
           "%s\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"r\",\"text\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[3]}]}",
           head);
  expect_error(catalog_to_oscal, buf, HOSHI_EINVAL, "$.criteria[0].levels[0]", "string");
  snprintf(buf, sizeof buf,
           "%s\"criteria\":[]}", head);
  char *mapping = strstr(buf, "\"summary\"");
  assert_non_null(mapping);
  /* A mapping strength that is no integer. */
  char bad[2048];
  snprintf(bad, sizeof bad, "%.*s\"mappings\":[{\"catalog\":\"x\",\"target\":\"y\",\"relationship\":\"equal\",\"strength\":\"9\"}],%s",
           (int)(mapping - buf), buf, mapping);
  expect_error(catalog_to_oscal, bad, HOSHI_EINVAL, "$.requirements[0].mappings[0].strength", "integer");
  /* Duplicate ids cannot be told apart once in OSCAL, so they are refused here already. */
  snprintf(bad, sizeof bad, "%.*s\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[],"
           "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}},"
           "{\"id\":\"r\",\"category\":\"c\",\"levels\":[],"
           "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}}],\"criteria\":[]}",
           (int)(strstr(head, "\"requirements\"") - head), head);
  expect_error(catalog_to_oscal, bad, HOSHI_EINVAL, "$.requirements[1].id", "duplicate requirement id \"r\"");
  snprintf(bad, sizeof bad,
           "%s\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"r\",\"text\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[]},"
           "{\"id\":\"r-1\",\"requirement\":\"r\",\"text\":{\"ja\":\"a\",\"en\":\"a\"},\"levels\":[]}]}",
           head);
  expect_error(catalog_to_oscal, bad, HOSHI_EINVAL, "$.criteria[1].id", "duplicate criterion id");
}

static void test_from_oscal_errors(void **state) {
  (void)state;
  expect_error(catalog_from_oscal, "{}", HOSHI_EINVAL, "$.catalog", "catalog");
  expect_error(catalog_from_oscal, "{\"catalog\":{\"metadata\":{}}}", HOSHI_EINVAL,
               "$.catalog.metadata", "title");
  expect_error(catalog_from_oscal, "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":{}}}",
               HOSHI_EINVAL, "$.catalog", "groups");
  expect_error(catalog_from_oscal,
               "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[{\"id\":\"a-1\",\"title\":\"A\"},{\"id\":\"a-2\"}]}]}}",
               HOSHI_EINVAL, "$.catalog.groups[0].controls[1]", "title");
  expect_error(catalog_from_oscal,
               "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[{\"id\":\"a-1\",\"title\":\"A\",\"parts\":[{\"name\":\"statement\",\"prose\":7}]}]}]}}",
               HOSHI_EINVAL, "$.catalog.groups[0].controls[0].parts[0]", "prose");
  expect_error(catalog_from_oscal,
               "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[{\"id\":\"a-1\",\"title\":\"A\",\"props\":[{\"name\":\"label\"}]}]}]}}",
               HOSHI_EINVAL, "$.catalog.groups[0].controls[0].props[0]", "value");
  expect_error(catalog_from_oscal,
               "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[{\"id\":\"a\",\"title\":\"A\"},{\"id\":\"a\",\"title\":\"B\"}]}]}}",
               HOSHI_EINVAL, "$.catalog.groups[0].controls[1]", "duplicate requirement id \"a\"");
  expect_error(catalog_from_oscal, "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[]}}",
               HOSHI_EINVAL, "$.catalog.groups", "no controls");
}

/* Nesting one past the limit is refused, at the limit accepted. */
static void test_depth_limit(void **state) {
  (void)state;
  for (int extra = 0; extra <= 1; extra++) {
    int depth = CATALOG_CONVERT_DEPTH_MAX + extra;
    size_t cap = (size_t)depth * 64 + 512;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = (size_t)snprintf(s, cap,
                                "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[{\"id\":\"c\",\"title\":\"C\"");
    for (int i = 0; i < depth; i++) n += (size_t)snprintf(s + n, cap - n, ",\"controls\":[{\"id\":\"c%d\",\"title\":\"C\"", i);
    for (int i = 0; i < depth; i++) n += (size_t)snprintf(s + n, cap - n, "}]");
    snprintf(s + n, cap - n, "}]}]}}");
    char *out = NULL;
    size_t olen = 0;
    hoshi_error e;
    hoshi_err rc = catalog_from_oscal(s, strlen(s), &out, &olen, &e);
    if (extra == 0) {
      if (rc) fail_msg("depth %d refused: %s: %s", depth, e.field, e.message);
      free(out);
    } else {
      assert_int_equal(rc, HOSHI_ELIMIT);
    }
    free(s);
  }
}

/* The input size limit: one byte past it is refused before parsing. */
static void test_input_limit(void **state) {
  (void)state;
  size_t n = CATALOG_CONVERT_INPUT_MAX + 1;
  char *big = malloc(n);
  assert_non_null(big);
  memset(big, ' ', n);
  char *out = NULL;
  size_t olen = 0;
  hoshi_error e;
  assert_int_equal(catalog_to_oscal(big, n, &out, &olen, &e), HOSHI_ELIMIT);
  assert_int_equal(catalog_from_cisoa_yaml(big, n, &out, &olen, &e), HOSHI_ELIMIT);
  /* At the limit the size is accepted and the content judged (all blanks: not JSON). */
  assert_int_equal(catalog_to_oscal(big, n - 1, &out, &olen, &e), HOSHI_EINVAL);
  assert_null(out);
  free(big);
  /* OSCAL has its own, larger limit. */
  n = CATALOG_CONVERT_OSCAL_MAX + 1;
  big = malloc(n);
  assert_non_null(big);
  memset(big, ' ', n);
  assert_int_equal(catalog_from_oscal(big, n, &out, &olen, &e), HOSHI_ELIMIT);
  assert_int_equal(catalog_from_oscal(big, n - 1, &out, &olen, &e), HOSHI_EINVAL);
  free(big);
}

/* A foreign OSCAL catalog (SP 800-53 style: nested statement items, withdrawn controls,
 * enhancements, assessment objectives) maps as docs/catalogs.md says. */
static void test_foreign_oscal(void **state) {
  (void)state;
  const char *in =
      "{\"catalog\":{\"uuid\":\"x\",\"metadata\":{\"title\":\"Mini 800-53\",\"version\":\"5.1.1\"},"
      "\"groups\":[{\"id\":\"ac\",\"title\":\"Access Control\",\"controls\":["
      "{\"id\":\"ac-1\",\"title\":\"Policy\",\"props\":[{\"name\":\"label\",\"value\":\"AC-1\"}],"
      "\"parts\":[{\"id\":\"ac-1_smt\",\"name\":\"statement\",\"prose\":\"Develop:\",\"parts\":["
      "{\"name\":\"item\",\"props\":[{\"name\":\"label\",\"value\":\"a.\"}],\"prose\":\"a policy\"}]},"
      "{\"name\":\"assessment-objective\",\"props\":[{\"name\":\"label\",\"value\":\"AC-01a.\"}],\"prose\":\"policy exists\"}],"
      "\"controls\":[{\"id\":\"ac-1.1\",\"title\":\"Enh\",\"props\":[{\"name\":\"label\",\"value\":\"AC-1(1)\"}]}]},"
      "{\"id\":\"ac-9\",\"title\":\"Gone\",\"props\":[{\"name\":\"status\",\"value\":\"withdrawn\"}]}]}]}}";
  char *out = NULL;
  size_t olen = 0;
  hoshi_error e;
  if (catalog_from_oscal(in, strlen(in), &out, &olen, &e)) fail_msg("%s: %s", e.field, e.message);
  yyjson_doc *doc = yyjson_read(out, olen, 0);
  yyjson_val *root = yyjson_doc_get_root(doc);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "id")), "mini-800-53-5.1.1");
  assert_true(yyjson_get_bool(yyjson_obj_get(root, "official_wording")));
  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  assert_int_equal(yyjson_arr_size(reqs), 2); /* AC-1 and AC-1(1); AC-9 is withdrawn */
  yyjson_val *r0 = yyjson_arr_get(reqs, 0);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(r0, "id")), "AC-1");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(r0, "category")), "ac");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_obj_get(r0, "summary"), "en")),
                      "Develop:\na. a policy");
  assert_int_equal(yyjson_arr_size(crits), 2);
  /* Objective labels outside the numbering get requirement id + position. */
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_arr_get(crits, 0), "id")), "AC-1-1");
  /* A control without objectives is checked as a whole: one criterion with its title. */
  yyjson_val *c1 = yyjson_arr_get(crits, 1);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c1, "id")), "AC-1(1)-1");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_obj_get(c1, "text"), "ja")), "Enh");
  yyjson_doc_free(doc);
  free(out);
}

static yyjson_val *by_id(yyjson_val *arr, const char *id) {
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    if (yyjson_equals_str(yyjson_obj_get(v, "id"), id)) return v;
  }
  fail_msg("no element with id %s", id);
  return NULL;
}

static const char *lang(yyjson_val *obj, const char *key, const char *l) {
  return yyjson_get_str(yyjson_obj_get(yyjson_obj_get(obj, key), l));
}

/* The hand-made fixture exercises every shape of docs/catalogs.md's CISO Assistant mapping. */
static void test_cisoa_fixture(void **state) {
  (void)state;
  size_t len = 0;
  char *yaml = read_source("tests/fixtures/cisoa-mini.yaml", &len);
  char *out = NULL;
  size_t olen = 0;
  hoshi_error e;
  if (catalog_from_cisoa_yaml(yaml, len, &out, &olen, &e)) fail_msg("%s: %s", e.field, e.message);
  free(yaml);
  yyjson_doc *doc = yyjson_read(out, olen, 0);
  assert_non_null(doc);
  yyjson_val *root = yyjson_doc_get_root(doc);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "format")), "hoshi-catalog/1");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "id")), "mini-fw-3");
  assert_true(yyjson_get_bool(yyjson_obj_get(root, "official_wording")));
  assert_string_equal(lang(root, "title", "ja"), "ミニ枠組み");
  assert_string_equal(lang(root, "title", "en"), "Mini framework");
  /* Implementation groups become levels. */
  yyjson_val *levels = yyjson_obj_get(root, "levels");
  assert_int_equal(yyjson_arr_size(levels), 2);
  assert_string_equal(lang(by_id(levels, "IG1"), "name", "ja"), "基本");
  /* Depth-1 nodes are categories, including the assessable one (D). */
  yyjson_val *cats = yyjson_obj_get(root, "categories");
  assert_int_equal(yyjson_arr_size(cats), 5);
  assert_string_equal(lang(by_id(cats, "A"), "title", "ja"), "統治");
  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  assert_int_equal(yyjson_arr_size(reqs), 6);
  assert_int_equal(yyjson_arr_size(crits), 8);
  /* A non-assessable group with assessable leaves: the group is the requirement, the leaves keep
   * their ref_ids because they already follow the numbering. */
  yyjson_val *a1 = by_id(reqs, "A.1");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(a1, "category")), "A");
  assert_string_equal(lang(a1, "summary", "en"), "Roles are assigned");
  yyjson_val *c = by_id(crits, "A.1-01");
  assert_string_equal(lang(c, "text", "ja"), "経営層がセキュリティに責任を持つ");
  assert_string_equal(lang(c, "text", "en"), "An executive owns security");
  c = by_id(crits, "A.1-02");
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(c, "levels")), 1);
  assert_string_equal(yyjson_get_str(yyjson_arr_get(yyjson_obj_get(c, "levels"), 0)), "IG2");
  /* An assessable leaf right under a category is checked as a whole. */
  c = by_id(crits, "B.1-1");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(c, "requirement")), "B.1");
  /* An assessable node with assessable children: renumbered, the library ref_id leads the text;
   * a block scalar loses its final newline. */
  assert_string_equal(lang(by_id(crits, "C.1-1"), "text", "en"), "C.1.a: Log sources are listed");
  assert_string_equal(lang(by_id(crits, "C.1-2"), "text", "en"), "Logs are kept\nfor a year");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(by_id(reqs, "D"), "category")), "D");
  assert_non_null(by_id(crits, "D-1"));
  /* "description: null" is no text; questionnaire nodes take their questions as text. */
  assert_string_equal(lang(by_id(cats, "E"), "title", "en"), "Questionnaire");
  assert_string_equal(lang(by_id(reqs, "E.1"), "summary", "en"),
                      "Do you keep an SBOM for each product?\nWho maintains it?");
  assert_string_equal(lang(by_id(crits, "E.2-1"), "text", "en"),
                      "Are new suppliers vetted before the first order?");
  yyjson_doc_free(doc);
  /* The import is a catalog the OSCAL converter accepts and keeps as it is. */
  round_trip(out, olen);
  free(out);
}

static hoshi_err from_yaml(const char *in, size_t len, char **out, size_t *out_len, hoshi_error *e) {
  return catalog_from_cisoa_yaml(in, len, out, out_len, e);
}

/* Errors name the YAML path and, from libyaml, the line and column. */
static void test_cisoa_errors(void **state) {
  (void)state;
  expect_error(from_yaml, "urn: x\nobjects: [1, 2\n", HOSHI_EINVAL, "", "line 3, column 1: not valid YAML");
  expect_error(from_yaml, "- a\n- b\n", HOSHI_EINVAL, "", "line 1, column 1");
  expect_error(from_yaml, "urn: x\nobjects:\n  risk_matrix: {}\n", HOSHI_EINVAL, "objects.framework",
               "no framework");
  expect_error(from_yaml, "objects:\n  framework:\n    requirement_nodes: 3\n", HOSHI_EINVAL,
               "objects.framework.requirement_nodes", "line 3, column 5");
  const char *head = "objects:\n  framework:\n    requirement_nodes:\n    - urn: u:a\n      ref_id: A\n";
  char buf[1024];
  snprintf(buf, sizeof buf, "%s    - urn: u:b\n      parent_urn: u:zz\n      assessable: true\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1].parent_urn",
               "line 6, column 7: no node has urn \"u:zz\"");
  snprintf(buf, sizeof buf, "%s    - urn: u:a\n      assessable: true\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1].urn",
               "duplicate urn \"u:a\"");
  snprintf(buf, sizeof buf, "%s    - urn: u:b\n      parent_urn: u:a\n      assessable: maybe\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1]",
               "line 8, column 19: assessable is \"maybe\"");
  snprintf(buf, sizeof buf, "%s    - urn: u:b\n      parent_urn: u:a\n      assessable: true\n      implementation_groups: [IG9]\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1].implementation_groups",
               "\"IG9\" is not defined");
  snprintf(buf, sizeof buf, "%s    - urn: u:b\n      name: [x]\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1]",
               "\"name\" must be a plain value");
  snprintf(buf, sizeof buf, "%s    - ref_id: B\n", head);
  expect_error(from_yaml, buf, HOSHI_EINVAL, "objects.framework.requirement_nodes[1]", "\"urn\" is missing");
  /* A parent cycle has no top-level node to end in. */
  expect_error(from_yaml,
               "objects:\n  framework:\n    requirement_nodes:\n    - urn: u:a\n      parent_urn: u:b\n    - urn: u:b\n      parent_urn: u:a\n      assessable: true\n",
               HOSHI_EINVAL, "objects.framework.requirement_nodes[0].parent_urn", "cycle");
  /* Nothing assessable: nothing to import. */
  expect_error(from_yaml, head, HOSHI_EINVAL, "objects.framework.requirement_nodes", "assessable");
}

/* A parent chain exactly at the depth limit is accepted; one more is refused. */
static void test_cisoa_depth_limit(void **state) {
  (void)state;
  for (int extra = 0; extra <= 1; extra++) {
    int depth = CATALOG_CONVERT_DEPTH_MAX + extra;
    size_t cap = (size_t)(depth + 2) * 96 + 128;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = (size_t)snprintf(s, cap, "objects:\n  framework:\n    requirement_nodes:\n    - urn: n0\n");
    for (int i = 1; i <= depth; i++)
      n += (size_t)snprintf(s + n, cap - n, "    - urn: n%d\n      parent_urn: n%d\n      assessable: %s\n", i,
                            i - 1, i == depth ? "true" : "false");
    char *out = NULL;
    size_t olen = 0;
    hoshi_error e;
    hoshi_err rc = catalog_from_cisoa_yaml(s, n, &out, &olen, &e);
    if (extra == 0) {
      if (rc) fail_msg("depth %d refused: %s: %s", depth, e.field, e.message);
      free(out);
    } else {
      assert_int_equal(rc, HOSHI_EINVAL);
      assert_non_null(strstr(e.message, "longer than"));
    }
    free(s);
  }
}

/* A catalog with nreq requirements of one criterion each (ncrit_extra more on the first). */
static char *many(size_t nreq, size_t ncrit_extra, size_t *len) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"format\":\"hoshi-catalog/1\",\"id\":\"big\",\"scheme\":\"big\",\"version\":\"1\","
                     "\"title\":{\"ja\":\"大\",\"en\":\"Big\"},\"levels\":[{\"id\":\"1\",\"name\":{\"ja\":\"1\",\"en\":\"1\"}}],"
                     "\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"c\",\"en\":\"c\"}}],\"requirements\":[");
  for (size_t i = 0; i < nreq; i++)
    hoshi_buf_printf(&b, "%s{\"id\":\"r%zu\",\"category\":\"c\",\"levels\":[\"1\"],\"title\":{\"ja\":\"t\",\"en\":\"t\"},"
                         "\"summary\":{\"ja\":\"s\",\"en\":\"s\"}}", i ? "," : "", i);
  hoshi_buf_puts(&b, "],\"criteria\":[");
  for (size_t i = 0; i < nreq + ncrit_extra; i++)
    hoshi_buf_printf(&b, "%s{\"id\":\"r%zu-%zu\",\"requirement\":\"r%zu\",\"levels\":[\"1\"],\"text\":{\"ja\":\"x\",\"en\":\"x\"}}",
                     i ? "," : "", i < nreq ? i : 0, i, i < nreq ? i : 0);
  hoshi_buf_puts(&b, "]}");
  assert_false(b.oom);
  *len = b.n;
  return hoshi_buf_take(&b);
}

/* Requirement and criterion limits: at the limit converted, one past refused. */
static void test_count_limits(void **state) {
  (void)state;
  size_t len = 0, olen = 0;
  char *out = NULL;
  hoshi_error e;
  char *json = many(CATALOG_CONVERT_REQ_MAX, 0, &len);
  if (catalog_to_oscal(json, len, &out, &olen, &e)) fail_msg("%s: %s", e.field, e.message);
  free(json);
  char *back = NULL;
  size_t blen = 0;
  if (catalog_from_oscal(out, olen, &back, &blen, &e)) fail_msg("%s: %s", e.field, e.message);
  free(back);
  free(out);
  json = many(CATALOG_CONVERT_REQ_MAX + 1, 0, &len);
  assert_int_equal(catalog_to_oscal(json, len, &out, &olen, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "$.requirements");
  free(json);
  json = many(1, CATALOG_CONVERT_CRIT_MAX, &len);
  assert_int_equal(catalog_to_oscal(json, len, &out, &olen, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "$.criteria");
  free(json);
  /* OSCAL side: one control past the limit. */
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"catalog\":{\"metadata\":{\"title\":\"T\"},\"groups\":[{\"title\":\"G\",\"controls\":[");
  for (size_t i = 0; i <= CATALOG_CONVERT_REQ_MAX; i++)
    hoshi_buf_printf(&b, "%s{\"id\":\"c%zu\",\"title\":\"C\"}", i ? "," : "", i);
  hoshi_buf_puts(&b, "]}]}}");
  assert_int_equal(catalog_from_oscal(b.p, b.n, &out, &olen, &e), HOSHI_ELIMIT);
  hoshi_buf_free(&b);
  /* CISO Assistant side: one node past the node limit, one requirement past its limit. */
  hoshi_buf_puts(&b, "objects:\n  framework:\n    requirement_nodes:\n");
  for (size_t i = 0; i <= CATALOG_CONVERT_REQ_MAX + CATALOG_CONVERT_CRIT_MAX; i++)
    hoshi_buf_printf(&b, "    - {urn: n%zu}\n", i);
  assert_int_equal(catalog_from_cisoa_yaml(b.p, b.n, &out, &olen, &e), HOSHI_ELIMIT);
  hoshi_buf_free(&b);
  hoshi_buf_puts(&b, "objects:\n  framework:\n    requirement_nodes:\n");
  for (size_t i = 0; i <= CATALOG_CONVERT_REQ_MAX; i++)
    hoshi_buf_printf(&b, "    - {urn: n%zu, assessable: true}\n", i);
  assert_int_equal(catalog_from_cisoa_yaml(b.p, b.n, &out, &olen, &e), HOSHI_ELIMIT);
  assert_non_null(strstr(e.message, "requirements"));
  hoshi_buf_free(&b);
}

int main(void) {
  if (util_init() != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shipped_catalogs_round_trip),
      cmocka_unit_test(test_handmade_round_trip),
      cmocka_unit_test(test_oscal_shape),
      cmocka_unit_test(test_to_oscal_errors),
      cmocka_unit_test(test_from_oscal_errors),
      cmocka_unit_test(test_depth_limit),
      cmocka_unit_test(test_input_limit),
      cmocka_unit_test(test_foreign_oscal),
      cmocka_unit_test(test_cisoa_fixture),
      cmocka_unit_test(test_cisoa_errors),
      cmocka_unit_test(test_cisoa_depth_limit),
      cmocka_unit_test(test_count_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Checks the shipped catalogs/ files against the hoshi-catalog/1 rules of docs/catalogs.md and
 * against the counts the schemes publish, so a typo in the data fails the build, not an audit. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "testutil.h"

/* Limits from docs/catalogs.md. */
#define CAT_FILE_MAX (8u * 1024u * 1024u)
#define CAT_TEXT_MAX (8u * 1024u)
#define CAT_ID_MAX 64u
#define CAT_REQ_MAX 5000u
#define CAT_CRIT_MAX 20000u

/* One problem is enough to fail; the first one is kept with its JSON path. */
typedef struct check {
  const char *file;
  char first[512];
  int problems;
} check;

static void problem(check *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(check *c, const char *path, const char *fmt, ...) {
  if (c->problems++ == 0) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->first, sizeof c->first, "%s: %s: %s", c->file, path, msg);
  }
}

static int id_chars_ok(const char *s) {
  if (s == NULL || *s == '\0' || strlen(s) > CAT_ID_MAX) return 0;
  for (const char *p = s; *p; p++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
          *p == '-'))
      return 0;
  }
  return 1;
}

static void check_text(check *c, yyjson_val *t, const char *path, int official) {
  yyjson_val *ja = yyjson_obj_get(t, "ja"), *en = yyjson_obj_get(t, "en");
  if (!yyjson_is_obj(t) || !yyjson_is_str(ja) || !yyjson_is_str(en)) {
    problem(c, path, "expected {\"ja\": string, \"en\": string}");
    return;
  }
  if (yyjson_get_len(ja) == 0) problem(c, path, "ja is empty");
  if (yyjson_get_len(en) == 0 && !official) problem(c, path, "en is empty");
  if (yyjson_get_len(ja) > CAT_TEXT_MAX || yyjson_get_len(en) > CAT_TEXT_MAX)
    problem(c, path, "text longer than 8 KiB");
}

/* True when arr (array of objects) has an element whose "id" is id. */
static yyjson_val *find_id(yyjson_val *arr, const char *id) {
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    const char *s = yyjson_get_str(yyjson_obj_get(v, "id"));
    if (s && id && strcmp(s, id) == 0) return v;
  }
  return NULL;
}

static int str_in(yyjson_val *arr, const char *s) {
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    if (yyjson_is_str(v) && strcmp(yyjson_get_str(v), s) == 0) return 1;
  }
  return 0;
}

/* Ids of arr's elements are present and unique. */
static void check_ids(check *c, yyjson_val *arr, const char *name) {
  char path[128];
  if (!yyjson_is_arr(arr)) {
    snprintf(path, sizeof path, "$.%s", name);
    problem(c, path, "expected an array");
    return;
  }
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    snprintf(path, sizeof path, "$.%s[%zu].id", name, i);
    const char *id = yyjson_get_str(yyjson_obj_get(v, "id"));
    if (id == NULL || *id == '\0') {
      problem(c, path, "missing id");
      continue;
    }
    if (find_id(arr, id) != v) problem(c, path, "duplicate id %s", id);
  }
}

/* Checks every rule of docs/catalogs.md that the data can break. */
static void check_catalog(check *c, yyjson_val *root, size_t file_len) {
  if (file_len > CAT_FILE_MAX) problem(c, "$", "file larger than 8 MiB");
  if (!yyjson_equals_str(yyjson_obj_get(root, "format"), "hoshi-catalog/1"))
    problem(c, "$.format", "expected hoshi-catalog/1");
  const char *top[] = {"id", "scheme", "version"};
  for (size_t i = 0; i < 3; i++) {
    char path[32];
    snprintf(path, sizeof path, "$.%s", top[i]);
    if (!id_chars_ok(yyjson_get_str(yyjson_obj_get(root, top[i]))))
      problem(c, path, "expected 1-64 characters of [a-z0-9._-]");
  }
  int official = yyjson_get_bool(yyjson_obj_get(root, "official_wording"));
  check_text(c, yyjson_obj_get(root, "title"), "$.title", official);
  if (yyjson_obj_get(root, "notice")) check_text(c, yyjson_obj_get(root, "notice"), "$.notice", official);
  if (!official && !yyjson_obj_get(root, "notice"))
    problem(c, "$.notice", "unofficial wording needs a notice");

  yyjson_val *levels = yyjson_obj_get(root, "levels"), *cats = yyjson_obj_get(root, "categories");
  yyjson_val *threats = yyjson_obj_get(root, "threats"), *reqs = yyjson_obj_get(root, "requirements");
  yyjson_val *crits = yyjson_obj_get(root, "criteria");
  check_ids(c, levels, "levels");
  check_ids(c, cats, "categories");
  if (threats) check_ids(c, threats, "threats");
  check_ids(c, reqs, "requirements");
  check_ids(c, crits, "criteria");
  if (yyjson_arr_size(reqs) > CAT_REQ_MAX) problem(c, "$.requirements", "too many");
  if (yyjson_arr_size(crits) > CAT_CRIT_MAX) problem(c, "$.criteria", "too many");

  char path[160];
  size_t i, n, j, m;
  yyjson_val *v, *w;
  yyjson_arr_foreach(levels, i, n, v) {
    snprintf(path, sizeof path, "$.levels[%zu].name", i);
    check_text(c, yyjson_obj_get(v, "name"), path, official);
    yyjson_val *vm = yyjson_obj_get(v, "validity_months");
    snprintf(path, sizeof path, "$.levels[%zu].validity_months", i);
    if (vm && (!yyjson_is_int(vm) || yyjson_get_sint(vm) < 1 || yyjson_get_sint(vm) > 120))
      problem(c, path, "expected an integer 1-120");
  }
  yyjson_arr_foreach(cats, i, n, v) {
    snprintf(path, sizeof path, "$.categories[%zu].title", i);
    check_text(c, yyjson_obj_get(v, "title"), path, official);
  }
  yyjson_arr_foreach(threats, i, n, v) {
    snprintf(path, sizeof path, "$.threats[%zu].title", i);
    check_text(c, yyjson_obj_get(v, "title"), path, official);
  }
  yyjson_arr_foreach(reqs, i, n, v) {
    const char *rid = yyjson_get_str(yyjson_obj_get(v, "id"));
    snprintf(path, sizeof path, "$.requirements[%zu].category", i);
    if (!find_id(cats, yyjson_get_str(yyjson_obj_get(v, "category"))))
      problem(c, path, "names no category (requirement %s)", rid);
    snprintf(path, sizeof path, "$.requirements[%zu].title", i);
    check_text(c, yyjson_obj_get(v, "title"), path, official);
    snprintf(path, sizeof path, "$.requirements[%zu].summary", i);
    check_text(c, yyjson_obj_get(v, "summary"), path, official);
    yyjson_val *rl = yyjson_obj_get(v, "levels");
    if (yyjson_arr_size(rl) == 0) {
      snprintf(path, sizeof path, "$.requirements[%zu].levels", i);
      problem(c, path, "no levels (requirement %s)", rid);
    }
    yyjson_arr_foreach(rl, j, m, w) {
      snprintf(path, sizeof path, "$.requirements[%zu].levels[%zu]", i, j);
      if (!find_id(levels, yyjson_get_str(w))) problem(c, path, "unknown level");
    }
    yyjson_arr_foreach(yyjson_obj_get(v, "threats"), j, m, w) {
      snprintf(path, sizeof path, "$.requirements[%zu].threats[%zu]", i, j);
      if (!find_id(threats, yyjson_get_str(w))) problem(c, path, "unknown threat");
    }
    yyjson_val *chk = yyjson_obj_get(v, "check");
    snprintf(path, sizeof path, "$.requirements[%zu].check", i);
    if (chk && !yyjson_equals_str(chk, "document") && !yyjson_equals_str(chk, "test") &&
        !yyjson_equals_str(chk, "both"))
      problem(c, path, "expected document, test or both");
    yyjson_arr_foreach(yyjson_obj_get(v, "mappings"), j, m, w) {
      snprintf(path, sizeof path, "$.requirements[%zu].mappings[%zu]", i, j);
      const char *rel = yyjson_get_str(yyjson_obj_get(w, "relationship"));
      if (!rel || (strcmp(rel, "equal") && strcmp(rel, "subset") && strcmp(rel, "superset") &&
                   strcmp(rel, "intersect")))
        problem(c, path, "relationship must be equal, subset, superset or intersect");
      yyjson_val *st = yyjson_obj_get(w, "strength");
      if (st && (!yyjson_is_int(st) || yyjson_get_sint(st) < 1 || yyjson_get_sint(st) > 10))
        problem(c, path, "strength must be an integer 1-10");
      if (!yyjson_is_str(yyjson_obj_get(w, "catalog")) || !yyjson_is_str(yyjson_obj_get(w, "target")))
        problem(c, path, "catalog and target must be strings");
    }
    int has_criterion = 0;
    yyjson_arr_foreach(crits, j, m, w) {
      if (yyjson_equals_str(yyjson_obj_get(w, "requirement"), rid ? rid : "")) has_criterion = 1;
    }
    snprintf(path, sizeof path, "$.requirements[%zu]", i);
    if (!has_criterion) problem(c, path, "requirement %s has no criterion", rid);
  }
  yyjson_arr_foreach(crits, i, n, v) {
    const char *cid = yyjson_get_str(yyjson_obj_get(v, "id"));
    const char *rid = yyjson_get_str(yyjson_obj_get(v, "requirement"));
    yyjson_val *req = find_id(reqs, rid);
    snprintf(path, sizeof path, "$.criteria[%zu].requirement", i);
    if (req == NULL) {
      problem(c, path, "names no requirement (criterion %s)", cid);
      continue;
    }
    size_t rl = strlen(rid);
    snprintf(path, sizeof path, "$.criteria[%zu].id", i);
    if (cid == NULL || strncmp(cid, rid, rl) != 0 || cid[rl] != '-' || cid[rl + 1] == '\0')
      problem(c, path, "id %s does not start with its requirement id and '-'", cid);
    snprintf(path, sizeof path, "$.criteria[%zu].text", i);
    check_text(c, yyjson_obj_get(v, "text"), path, official);
    yyjson_val *cl = yyjson_obj_get(v, "levels");
    if (yyjson_arr_size(cl) == 0) {
      snprintf(path, sizeof path, "$.criteria[%zu].levels", i);
      problem(c, path, "no levels (criterion %s)", cid);
    }
    yyjson_arr_foreach(cl, j, m, w) {
      snprintf(path, sizeof path, "$.criteria[%zu].levels[%zu]", i, j);
      if (!yyjson_is_str(w) || !str_in(yyjson_obj_get(req, "levels"), yyjson_get_str(w)))
        problem(c, path, "level not among its requirement's levels (criterion %s)", cid);
    }
  }
}

/* Loaded catalog: the document and its root; free with yyjson_doc_free. */
static yyjson_doc *load(const char *name, check *c) {
  const char *dir = getenv("HOSHI_SOURCE_DIR");
  if (dir == NULL) dir = HOSHI_SOURCE_DIR;
  char path[1024];
  snprintf(path, sizeof path, "%s/catalogs/%s", dir, name);
  size_t len = 0;
  char *text = tu_read_file(path, &len);
  if (text == NULL) fail_msg("cannot read %s", path);
  yyjson_read_err err;
  yyjson_doc *doc = yyjson_read_opts(text, len, 0, NULL, &err);
  free(text);
  if (doc == NULL) fail_msg("%s: JSON error at byte %zu: %s", path, err.pos, err.msg);
  memset(c, 0, sizeof *c);
  c->file = name;
  check_catalog(c, yyjson_doc_get_root(doc), len);
  if (c->problems) fail_msg("%d problem(s); first: %s", c->problems, c->first);
  return doc;
}

static int has_level(yyjson_val *obj, const char *level) {
  return str_in(yyjson_obj_get(obj, "levels"), level);
}

static size_t count_criteria(yyjson_val *crits, const char *rid, const char *level) {
  size_t i, n, k = 0;
  yyjson_val *v;
  yyjson_arr_foreach(crits, i, n, v) {
    if (yyjson_equals_str(yyjson_obj_get(v, "requirement"), rid) && (!level || has_level(v, level)))
      k++;
  }
  return k;
}

static void test_scs(void **state) {
  (void)state;
  check c, cc;
  yyjson_doc *doc = load("scs-2026.json", &c);
  yyjson_doc *csf = load("nist-csf-2.0.json", &cc);
  yyjson_val *root = yyjson_doc_get_root(doc);
  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  yyjson_val *csf_reqs = yyjson_obj_get(yyjson_doc_get_root(csf), "requirements");
  assert_false(yyjson_get_bool(yyjson_obj_get(root, "official_wording")));
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(root, "categories")), 7);
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(root, "threats")), 10);
  yyjson_val *l3 = find_id(yyjson_obj_get(root, "levels"), "3");
  yyjson_val *l4 = find_id(yyjson_obj_get(root, "levels"), "4");
  assert_int_equal(yyjson_get_sint(yyjson_obj_get(l3, "validity_months")), 12);
  assert_int_equal(yyjson_get_sint(yyjson_obj_get(l4, "validity_months")), 36);

  /* scs.md: per category ★3 requirements / ★3 criteria / ★4 requirements. */
  static const size_t want[7][3] = {{3, 8, 6}, {3, 4, 5}, {4, 11, 6}, {13, 48, 21},
                                    {1, 3, 3}, {1, 6, 1}, {1, 1, 1}};
  size_t got[7][3] = {{0}};
  size_t star3 = 0, star3_crit = 0, star4_only = 0, star4_extra = 0;
  size_t i, n;
  yyjson_val *r;
  yyjson_arr_foreach(reqs, i, n, r) {
    const char *rid = yyjson_get_str(yyjson_obj_get(r, "id"));
    const char *cat = yyjson_get_str(yyjson_obj_get(r, "category"));
    assert_non_null(rid);
    int ci = cat[0] - '1';
    assert_true(ci >= 0 && ci < 7);
    /* Requirement ids C-S-N start with their category. */
    assert_true(rid[0] == cat[0] && rid[1] == '-');
    int s3 = has_level(r, "3"), s4 = has_level(r, "4");
    assert_true(s4);
    got[ci][2]++;
    if (s3) {
      star3++;
      got[ci][0]++;
      size_t k3 = count_criteria(crits, rid, "3");
      got[ci][1] += k3;
      star3_crit += k3;
      star4_extra += count_criteria(crits, rid, NULL) - k3;
    } else {
      star4_only++;
      size_t k = count_criteria(crits, rid, "4");
      if (k < 2 || k > 4) fail_msg("★4-only requirement %s has %zu criteria, expected 2-4", rid, k);
    }
    /* Every requirement counters at least one top-10 threat and maps to CSF 2.0. */
    if (yyjson_arr_size(yyjson_obj_get(r, "threats")) == 0) fail_msg("%s has no threat tags", rid);
    size_t j, m, csf_maps = 0;
    yyjson_val *mp;
    yyjson_arr_foreach(yyjson_obj_get(r, "mappings"), j, m, mp) {
      if (!yyjson_equals_str(yyjson_obj_get(mp, "catalog"), "nist-csf-2.0")) continue;
      csf_maps++;
      const char *t = yyjson_get_str(yyjson_obj_get(mp, "target"));
      if (!find_id(csf_reqs, t)) fail_msg("%s maps to %s, which is no CSF 2.0 category", rid, t);
      assert_non_null(yyjson_obj_get(mp, "strength"));
    }
    if (csf_maps == 0) fail_msg("%s has no mapping to nist-csf-2.0", rid);
  }
  for (int k = 0; k < 7; k++) {
    for (int f = 0; f < 3; f++) {
      if (got[k][f] != want[k][f])
        fail_msg("category %d: field %d is %zu, scs.md says %zu", k + 1, f, got[k][f], want[k][f]);
    }
  }
  assert_int_equal(star3, 26);
  assert_int_equal(star3_crit, 81);
  assert_int_equal(star4_only, 17);
  assert_int_equal(yyjson_arr_size(reqs), 43);
  /* ★4 tightens shared requirements: MFA scope, segmentation and restore tests at least. */
  assert_true(star4_extra >= 3);
  const char *tightened[] = {"4-1-3", "4-5-1", "4-3-4"};
  for (size_t k = 0; k < 3; k++) {
    if (count_criteria(crits, tightened[k], NULL) == count_criteria(crits, tightened[k], "3"))
      fail_msg("%s has no ★4-only criterion", tightened[k]);
  }
  /* The example in scs.md: 4-1-2 has criteria 4-1-2-1 … 4-1-2-8. */
  assert_non_null(find_id(crits, "4-1-2-8"));
  assert_null(find_id(crits, "4-1-2-9"));
  yyjson_doc_free(csf);
  yyjson_doc_free(doc);
}

static void test_csf(void **state) {
  (void)state;
  check c;
  yyjson_doc *doc = load("nist-csf-2.0.json", &c);
  yyjson_val *root = yyjson_doc_get_root(doc);
  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "scheme")), "nist-csf");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(root, "version")), "2.0");
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(root, "categories")), 6);
  assert_int_equal(yyjson_arr_size(reqs), 22);
  assert_int_equal(yyjson_arr_size(crits), 106);
  assert_int_equal(count_criteria(crits, "GV.SC", NULL), 10);
  /* Withdrawn numbers stay gaps: ID.AM-06 and PR.DS-03 are gone, ID.AM-07 and PR.DS-10 stay. */
  assert_null(find_id(crits, "ID.AM-06"));
  assert_non_null(find_id(crits, "ID.AM-07"));
  assert_null(find_id(crits, "PR.DS-03"));
  assert_non_null(find_id(crits, "PR.DS-10"));
  size_t i, n;
  yyjson_val *r;
  yyjson_arr_foreach(reqs, i, n, r) {
    const char *rid = yyjson_get_str(yyjson_obj_get(r, "id"));
    const char *fn = yyjson_get_str(yyjson_obj_get(r, "category"));
    /* A category id is its function id, '.', two capitals. */
    assert_int_equal(strlen(rid), 5);
    assert_memory_equal(rid, fn, 2);
    assert_true(count_criteria(crits, rid, "1") >= 1);
  }
  yyjson_doc_free(doc);
}

static void test_jcstar(void **state) {
  (void)state;
  check c;
  yyjson_doc *doc = load("jcstar-star1-2024.json", &c);
  yyjson_val *root = yyjson_doc_get_root(doc);
  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  assert_int_equal(yyjson_arr_size(reqs), 16);
  assert_int_equal(yyjson_arr_size(crits), 16);
  /* Levels 2-4 are declared for later, ★1 is valid two years. */
  yyjson_val *levels = yyjson_obj_get(root, "levels");
  assert_int_equal(yyjson_get_sint(yyjson_obj_get(find_id(levels, "1"), "validity_months")), 24);
  assert_non_null(find_id(levels, "4"));
  for (int k = 1; k <= 16; k++) {
    char rid[16], cid[24];
    snprintf(rid, sizeof rid, "S1.1-%02d", k);
    snprintf(cid, sizeof cid, "%s-1", rid);
    yyjson_val *r = find_id(reqs, rid);
    if (r == NULL) fail_msg("%s missing", rid);
    assert_non_null(find_id(crits, cid));
    assert_true(has_level(r, "1") && yyjson_arr_size(yyjson_obj_get(r, "levels")) == 1);
    const char *chk = yyjson_get_str(yyjson_obj_get(r, "check"));
    if (chk == NULL) fail_msg("%s has no check (D/T)", rid);
  }
  /* S1.1-04 (brute force) is the one tested on the device. */
  assert_string_equal(yyjson_get_str(yyjson_obj_get(find_id(reqs, "S1.1-04"), "check")), "test");
  /* Mutual recognition with UK PSTI covers exactly S1.1-02, -05 and -16. */
  size_t i, n, j, m, psti = 0;
  yyjson_val *r, *mp;
  yyjson_arr_foreach(reqs, i, n, r) {
    yyjson_arr_foreach(yyjson_obj_get(r, "mappings"), j, m, mp) {
      if (yyjson_equals_str(yyjson_obj_get(mp, "catalog"), "uk-psti")) psti++;
    }
  }
  assert_int_equal(psti, 3);
  yyjson_doc_free(doc);
}

/* The checker itself must catch what it claims to: a broken copy of a catalog fails. */
static void test_checker_catches_errors(void **state) {
  (void)state;
  const char *bad[] = {
      /* duplicate requirement id */
      "{\"format\":\"hoshi-catalog/1\",\"id\":\"x\",\"scheme\":\"x\",\"version\":\"1\","
      "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"notice\":{\"ja\":\"n\",\"en\":\"n\"},"
      "\"levels\":[{\"id\":\"1\",\"name\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[\"1\"],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}},"
      "{\"id\":\"r\",\"category\":\"c\",\"levels\":[\"1\"],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"r\",\"levels\":[\"1\"],\"text\":{\"ja\":\"a\",\"en\":\"a\"}}]}",
      /* criterion level outside its requirement's levels */
      "{\"format\":\"hoshi-catalog/1\",\"id\":\"x\",\"scheme\":\"x\",\"version\":\"1\","
      "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"notice\":{\"ja\":\"n\",\"en\":\"n\"},"
      "\"levels\":[{\"id\":\"1\",\"name\":{\"ja\":\"a\",\"en\":\"a\"}},{\"id\":\"2\",\"name\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[\"1\"],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"r\",\"levels\":[\"2\"],\"text\":{\"ja\":\"a\",\"en\":\"a\"}}]}",
      /* validity_months one past the limit */
      "{\"format\":\"hoshi-catalog/1\",\"id\":\"x\",\"scheme\":\"x\",\"version\":\"1\","
      "\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"notice\":{\"ja\":\"n\",\"en\":\"n\"},"
      "\"levels\":[{\"id\":\"1\",\"name\":{\"ja\":\"a\",\"en\":\"a\"},\"validity_months\":121}],"
      "\"categories\":[{\"id\":\"c\",\"title\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"requirements\":[{\"id\":\"r\",\"category\":\"c\",\"levels\":[\"1\"],\"title\":{\"ja\":\"a\",\"en\":\"a\"},\"summary\":{\"ja\":\"a\",\"en\":\"a\"}}],"
      "\"criteria\":[{\"id\":\"r-1\",\"requirement\":\"r\",\"levels\":[\"1\"],\"text\":{\"ja\":\"a\",\"en\":\"a\"}}]}",
  };
  const char *expect[] = {"$.requirements[1].id", "$.criteria[0].levels[0]",
                          "$.levels[0].validity_months"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    yyjson_doc *doc = yyjson_read(bad[k], strlen(bad[k]), 0);
    assert_non_null(doc);
    check c = {.file = "bad"};
    check_catalog(&c, yyjson_doc_get_root(doc), strlen(bad[k]));
    assert_true(c.problems > 0);
    if (strstr(c.first, expect[k]) == NULL) fail_msg("case %zu: got %s", k, c.first);
    yyjson_doc_free(doc);
  }
  /* One past the 64-byte id limit. */
  char id[CAT_ID_MAX + 2];
  memset(id, 'a', sizeof id - 1);
  id[sizeof id - 1] = '\0';
  assert_false(id_chars_ok(id));
  id[CAT_ID_MAX] = '\0';
  assert_true(id_chars_ok(id));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scs),
      cmocka_unit_test(test_csf),
      cmocka_unit_test(test_jcstar),
      cmocka_unit_test(test_checker_catches_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

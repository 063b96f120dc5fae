/* purl: the official purl-spec test suite (every case, when ../shared/data is present) and our
 * own cases for limits, errors and the OSV mapping. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "hoshi/purl.h"
#include "sbom/purl_int.h"
#include "testutil.h"

/* Two "required" parse cases of the suite contradict a third: they expect uppercase qualifier
 * keys to be rejected ("?Platform=java", "?Arch=i386&Distro=fedora-25") while
 * "pkg:Maven/...?repositorY_url=..." (also required) expects the key lowercased, and the
 * suite's own roundtrip cases canonicalize all three. We follow the spec's parse steps (keys
 * are lowercased) and check here that these two inputs do parse, with lowercase keys. */
static const char *const contradicted[] = {
    "pkg:gem/jruby-launcher@1.1.2?Platform=java",
    "pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25",
};

static int is_contradicted(const char *type, const char *input) {
  if (strcmp(type, "parse") != 0) return 0;
  for (size_t i = 0; i < sizeof contradicted / sizeof contradicted[0]; i++)
    if (strcmp(input, contradicted[i]) == 0) return 1;
  return 0;
}

static const char *str_or_null(yyjson_val *v) { return yyjson_is_str(v) ? yyjson_get_str(v) : NULL; }

static int same(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return strcmp(a, b) == 0;
}

typedef struct tally {
  int run, passed, contradicted;
  char failures[8192];
  size_t nfail;
} tally;

static void note_failure(tally *t, const char *file, const char *type, const char *input, const char *why) {
  size_t n = strlen(t->failures);
  snprintf(t->failures + n, sizeof t->failures - n, "  %s %s %s: %s\n", file, type, input, why);
  t->nfail++;
}

static void fill_purl(yyjson_val *in, hoshi_purl *p, hoshi_purl_qualifier *qs) {
  memset(p, 0, sizeof *p);
  p->type = (char *)str_or_null(yyjson_obj_get(in, "type"));
  p->namespace = (char *)str_or_null(yyjson_obj_get(in, "namespace"));
  p->name = (char *)str_or_null(yyjson_obj_get(in, "name"));
  p->version = (char *)str_or_null(yyjson_obj_get(in, "version"));
  p->subpath = (char *)str_or_null(yyjson_obj_get(in, "subpath"));
  yyjson_val *q = yyjson_obj_get(in, "qualifiers");
  if (yyjson_is_obj(q)) {
    size_t i, max;
    yyjson_val *k, *v;
    yyjson_obj_foreach(q, i, max, k, v) {
      qs[p->nqualifiers].key = (char *)yyjson_get_str(k);
      qs[p->nqualifiers].value = (char *)str_or_null(v);
      p->nqualifiers++;
    }
  }
  p->qualifiers = qs;
}

/* Compares a parsed purl with the expected components; returns a reason or NULL. */
static const char *differs(const hoshi_purl *p, yyjson_val *want) {
  if (!same(p->type, str_or_null(yyjson_obj_get(want, "type")))) return "type differs";
  if (!same(p->namespace, str_or_null(yyjson_obj_get(want, "namespace")))) return "namespace differs";
  if (!same(p->name, str_or_null(yyjson_obj_get(want, "name")))) return "name differs";
  if (!same(p->version, str_or_null(yyjson_obj_get(want, "version")))) return "version differs";
  if (!same(p->subpath, str_or_null(yyjson_obj_get(want, "subpath")))) return "subpath differs";
  yyjson_val *q = yyjson_obj_get(want, "qualifiers");
  size_t nq = yyjson_is_obj(q) ? yyjson_obj_size(q) : 0;
  if (nq != p->nqualifiers) return "qualifier count differs";
  for (size_t i = 0; i < p->nqualifiers; i++)
    if (!same(p->qualifiers[i].value, str_or_null(yyjson_obj_get(q, p->qualifiers[i].key)))) return "qualifier differs";
  return NULL;
}

/* The SBOM readers' shortcut may only accept a string the full canonicalization leaves as is. */
static void check_shortcut(tally *t, const char *file, const char *input) {
  if (!purl_is_plain_canonical(input)) return;
  char *out = NULL;
  hoshi_error e;
  if (hoshi_purl_canon(input, &out, &e) != HOSHI_OK || strcmp(out, input) != 0)
    note_failure(t, file, "shortcut", input, "taken as canonical but is not");
  free(out);
}

static void run_case(tally *t, const char *file, yyjson_val *c) {
  const char *type = yyjson_get_str(yyjson_obj_get(c, "test_type"));
  int fail = yyjson_get_bool(yyjson_obj_get(c, "expected_failure"));
  yyjson_val *in = yyjson_obj_get(c, "input");
  yyjson_val *want = yyjson_obj_get(c, "expected_output");
  hoshi_error e;
  hoshi_error_clear(&e);
  t->run++;
  char label[512];
  snprintf(label, sizeof label, "%s", yyjson_is_str(in) ? yyjson_get_str(in) : "(components)");
  if (yyjson_is_obj(in)) {
    char *js = yyjson_val_write(in, 0, NULL);
    snprintf(label, sizeof label, "%s", js ? js : "?");
    free(js);
  }

  if (yyjson_is_str(in)) check_shortcut(t, file, yyjson_get_str(in));
  if (yyjson_is_str(want)) check_shortcut(t, file, yyjson_get_str(want));
  if (strcmp(type, "parse") == 0) {
    hoshi_purl p;
    hoshi_err rc = hoshi_purl_parse(yyjson_get_str(in), &p, &e);
    if (is_contradicted(type, yyjson_get_str(in))) {
      t->contradicted++;
      if (rc != HOSHI_OK) note_failure(t, file, type, label, "should parse (keys lowercased)");
      else {
        for (size_t i = 0; i < p.nqualifiers; i++)
          for (const char *k = p.qualifiers[i].key; *k; k++)
            if (*k >= 'A' && *k <= 'Z') note_failure(t, file, type, label, "key not lowercased");
        t->passed++;
      }
      hoshi_purl_free(&p);
      return;
    }
    if (fail) {
      if (rc == HOSHI_OK) note_failure(t, file, type, label, "parsed but should fail");
      else t->passed++;
    } else if (rc != HOSHI_OK) {
      note_failure(t, file, type, label, e.message);
    } else {
      const char *why = differs(&p, want);
      if (why) note_failure(t, file, type, label, why);
      else t->passed++;
    }
    hoshi_purl_free(&p);
  } else if (strcmp(type, "build") == 0) {
    hoshi_purl p;
    hoshi_purl_qualifier qs[64];
    fill_purl(in, &p, qs);
    char *out = NULL;
    hoshi_err rc = hoshi_purl_build(&p, &out, &e);
    if (fail) {
      if (rc == HOSHI_OK) note_failure(t, file, type, label, "built but should fail");
      else t->passed++;
    } else if (rc != HOSHI_OK) {
      note_failure(t, file, type, label, e.message);
    } else if (strcmp(out, yyjson_get_str(want)) != 0) {
      note_failure(t, file, type, label, out);
    } else {
      t->passed++;
    }
    free(out);
  } else { /* validate / roundtrip: canonical form of the input */
    char *out = NULL;
    hoshi_err rc = hoshi_purl_canon(yyjson_get_str(in), &out, &e);
    if (fail) {
      if (rc == HOSHI_OK) note_failure(t, file, type, label, "canonicalized but should fail");
      else t->passed++;
    } else if (rc != HOSHI_OK) {
      note_failure(t, file, type, label, e.message);
    } else if (strcmp(out, yyjson_get_str(want)) != 0) {
      note_failure(t, file, type, label, out);
    } else {
      t->passed++;
    }
    free(out);
  }
}

static void run_file(tally *t, const char *path, const char *name) {
  yyjson_read_err rerr;
  yyjson_doc *doc = yyjson_read_file(path, 0, NULL, &rerr);
  if (doc == NULL) fail_msg("%s: %s", path, rerr.msg);
  yyjson_val *tests = yyjson_obj_get(yyjson_doc_get_root(doc), "tests");
  size_t i, max;
  yyjson_val *c;
  yyjson_arr_foreach(tests, i, max, c) run_case(t, name, c);
  yyjson_doc_free(doc);
}

static void test_suite(void **state) {
  (void)state;
  const char *data = tu_require_shared_data("the purl-spec test suite lives in ../shared/data/purl-spec");
  tally *t = calloc(1, sizeof *t);
  const char *dirs[] = {"purl-spec/tests/spec", "purl-spec/tests/types"};
  int files = 0;
  for (size_t d = 0; d < 2; d++) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", data, dirs[d]);
    DIR *dh = opendir(dir);
    if (dh == NULL) fail_msg("cannot open %s", dir);
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
      size_t n = strlen(de->d_name);
      if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0) continue;
      char path[2048];
      snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
      run_file(t, path, de->d_name);
      files++;
    }
    closedir(dh);
  }
  printf("purl-spec: %d files, %d cases, %d passed, %d contradictory cases checked our way\n", files, t->run,
         t->passed, t->contradicted);
  if (t->nfail) fail_msg("%zu purl-spec cases failed:\n%s", t->nfail, t->failures);
  assert_true(t->run > 500);
  assert_int_equal(t->passed, t->run);
  free(t);
}

static void test_limits(void **state) {
  (void)state;
  hoshi_error e;
  hoshi_purl p;
  char *buf = malloc(HOSHI_PURL_MAX_LEN + 2);
  strcpy(buf, "pkg:generic/");
  size_t n = strlen(buf);
  memset(buf + n, 'a', HOSHI_PURL_MAX_LEN - n);
  buf[HOSHI_PURL_MAX_LEN] = '\0';
  assert_int_equal(hoshi_purl_parse(buf, &p, &e), HOSHI_OK);
  hoshi_purl_free(&p);
  buf[HOSHI_PURL_MAX_LEN] = 'a';
  buf[HOSHI_PURL_MAX_LEN + 1] = '\0';
  assert_int_equal(hoshi_purl_parse(buf, &p, &e), HOSHI_ELIMIT);
  free(buf);

  char q[2048] = "pkg:generic/x?";
  for (int i = 0; i < HOSHI_PURL_MAX_QUALIFIERS; i++)
    snprintf(q + strlen(q), sizeof q - strlen(q), "%sk%d=v", i ? "&" : "", i);
  assert_int_equal(hoshi_purl_parse(q, &p, &e), HOSHI_OK);
  assert_int_equal(p.nqualifiers, HOSHI_PURL_MAX_QUALIFIERS);
  hoshi_purl_free(&p);
  strcat(q, "&one=more");
  assert_int_equal(hoshi_purl_parse(q, &p, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "qualifiers");
}

static void test_errors(void **state) {
  (void)state;
  static const struct {
    const char *in, *field;
  } bad[] = {
      {"", "purl"},
      {"pkg:", "type"},
      {"pkg:npm", "name"},
      {"pkg:npm/", "name"},
      {"pkg:npm/foo%2", "name"},
      {"pkg:npm/foo%zz", "name"},
      {"pkg:npm/foo%00", "name"},
      {"pkg:npm/foo?a", "qualifiers"},
      {"pkg:npm/foo?a=1&a=2", "qualifiers"},
      {"pkg:npm/foo?1a=x", "qualifiers"},
      {"pkg:npm/foo?=x", "qualifiers"},
      {"pkg:npm/foo@1%G0", "version"},
      {"pkg:npm/a%2Fb/foo", "namespace"},
      {"pkg:n_m/foo", "type"},
      {"pkg:npm/foo#a/%zz", "subpath"},
      {"http://npm/foo", "purl"},
      {"pkg:swift/name@1", "namespace"},
      {"pkg:julia/Dates@1", "qualifiers"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    hoshi_error e;
    hoshi_error_clear(&e);
    hoshi_purl p;
    if (hoshi_purl_parse(bad[i].in, &p, &e) != HOSHI_EINVAL) fail_msg("'%s' should be rejected", bad[i].in);
    if (strcmp(e.field, bad[i].field) != 0) fail_msg("'%s': field %s, want %s (%s)", bad[i].in, e.field, bad[i].field, e.message);
    assert_null(p.type);
  }
}

static void test_canon(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"PKG:NPM/%40Babel/Core@7.0.0", "pkg:npm/%40babel/core@7.0.0"},
      {"pkg:pypi/Flask_SQLAlchemy@2.5", "pkg:pypi/flask-sqlalchemy@2.5"},
      {"pkg:maven/org.apache/Log4j@2.17?b=&a=1", "pkg:maven/org.apache/Log4j@2.17?a=1"},
      {"pkg:deb/Debian/libc6@2.36-9%2Bdeb12u4?distro=debian-12", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?distro=debian-12"},
      {"pkg:generic/a%20b@1#./x/../y/", "pkg:generic/a%20b@1#x/y"},
      {"pkg:golang/github.com//gorilla/mux@v1.8.0", "pkg:golang/github.com/gorilla/mux@v1.8.0"},
      {"pkg:generic/caf%C3%A9", "pkg:generic/caf%C3%A9"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hoshi_error e;
    char *out = NULL;
    if (hoshi_purl_canon(cases[i].in, &out, &e) != HOSHI_OK) fail_msg("%s: %s", cases[i].in, e.message);
    assert_string_equal(out, cases[i].out);
    /* canonical is a fixed point */
    char *again = NULL;
    assert_int_equal(hoshi_purl_canon(out, &again, &e), HOSHI_OK);
    assert_string_equal(again, out);
    free(again);
    free(out);
  }
}

static void test_osv(void **state) {
  (void)state;
  static const struct {
    const char *purl, *eco, *name;
  } cases[] = {
      {"pkg:npm/%40angular/core@1", "npm", "@angular/core"},
      {"pkg:npm/lodash@4.17.21", "npm", "lodash"},
      {"pkg:pypi/Django_Rest.framework@1", "PyPI", "django-rest-framework"},
      {"pkg:golang/github.com/gorilla/mux@v1.8.0", "Go", "github.com/gorilla/mux"},
      {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven", "org.apache.logging.log4j:log4j-core"},
      {"pkg:cargo/serde@1.0.0", "crates.io", "serde"},
      {"pkg:nuget/Newtonsoft.Json@13.0.1", "NuGet", "Newtonsoft.Json"},
      {"pkg:gem/rails@7.0.0", "RubyGems", "rails"},
      {"pkg:composer/laravel/framework@7.12.0", "Packagist", "laravel/framework"},
      {"pkg:deb/debian/openssl@3.0.11-1?distro=debian-12", "Debian", "openssl"},
      {"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1", "Ubuntu", "openssl"},
      {"pkg:deb/debian/openssl@1?distro=ubuntu-22.04", "Ubuntu", "openssl"},
      {"pkg:apk/alpine/curl@8.5.0-r0", "Alpine", "curl"},
      {"pkg:rpm/redhat/openssl@3.0.7-24.el9", "Red Hat", "openssl"},
      {"pkg:rpm/rocky/bash@5.1", "Rocky Linux", "bash"},
      {"pkg:rpm/almalinux/bash@5.1", "AlmaLinux", "bash"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hoshi_error e;
    hoshi_purl p;
    if (hoshi_purl_parse(cases[i].purl, &p, &e) != HOSHI_OK) fail_msg("%s: %s", cases[i].purl, e.message);
    const char *eco = hoshi_purl_osv_ecosystem(&p);
    if (eco == NULL || strcmp(eco, cases[i].eco) != 0) fail_msg("%s: ecosystem %s", cases[i].purl, eco ? eco : "NULL");
    char *name = NULL;
    assert_int_equal(hoshi_purl_osv_name(&p, &name, &e), HOSHI_OK);
    assert_string_equal(name, cases[i].name);
    free(name);
    hoshi_purl_free(&p);
  }
  hoshi_purl p;
  hoshi_error e;
  char *name = NULL;
  assert_int_equal(hoshi_purl_parse("pkg:generic/openssl@1", &p, &e), HOSHI_OK);
  assert_null(hoshi_purl_osv_ecosystem(&p));
  assert_int_equal(hoshi_purl_osv_name(&p, &name, &e), HOSHI_EINVAL);
  assert_null(name);
  hoshi_purl_free(&p);
}

static void test_shortcut(void **state) {
  (void)state;
  static const char *const plain[] = {
      "pkg:npm/lodash@4.17.21", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      "pkg:golang/github.com/gorilla/mux@v1.8.0", "pkg:pypi/django-allauth@12.23", "pkg:deb/debian/attr@1:2.4.47-2",
      "pkg:cargo/serde", "pkg:nuget/Newtonsoft.Json@13.0.1",
  };
  static const char *const not_plain[] = {
      "pkg:npm/Lodash@4.17.21", "pkg:pypi/Django_Allauth@1", "pkg:npm/%40angular/core@1", "pkg:npm/a@1?x=y",
      "pkg:npm/a@1#sub", "pkg:NPM/a@1", "pkg:npm//a@1", "pkg:npm/a@", "pkg:npm/a/", "pkg:brew/node@20@20.1",
      "pkg:swift/Alamofire@5", "pkg:julia/Dates@1", "pkg:npm/a@1+b", "pkg:git/github.com/a/b", "npm/a@1", "pkg:3x/a",
  };
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
    if (!purl_is_plain_canonical(plain[i])) fail_msg("%s should take the shortcut", plain[i]);
  for (size_t i = 0; i < sizeof not_plain / sizeof not_plain[0]; i++)
    if (purl_is_plain_canonical(not_plain[i])) fail_msg("%s should not take the shortcut", not_plain[i]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_errors), cmocka_unit_test(test_limits), cmocka_unit_test(test_canon),
      cmocka_unit_test(test_osv),    cmocka_unit_test(test_shortcut), cmocka_unit_test(test_suite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

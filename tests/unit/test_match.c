/* OSV range semantics, straight from the schema's evaluation algorithm: introduced "0",
 * fixed, last_affected, limit, versions[] only, several ranges, unsorted events, GIT-only
 * ranges (not checkable, never guessed), and the fixed version reported for each hit. */
#include "testutil.h"

#include <string.h>

#include "hoshi/buf.h"
#include "vuln/match.h"
#include "vuln/osv.h"

typedef struct {
  const char *version;
  match_verdict verdict;
  const char *fixed; /* expected first fixed version, or NULL */
} probe;

/* Parses an advisory with one affected entry built from body and checks every probe. */
static void check(const char *eco, const char *body, const probe *p, size_t n) {
  char json[4096];
  snprintf(json, sizeof json,
           "{\"id\":\"T-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
           "{\"ecosystem\":\"%s\",\"name\":\"pkg\"},%s}]}",
           eco, body);
  osv_advisory a;
  hoshi_error e;
  if (osv_parse(json, strlen(json), &a, &e) != HOSHI_OK) fail_msg("%s: %s", e.field, e.message);
  for (size_t i = 0; i < n; i++) {
    match_result r;
    match_affected(&a.affected[0], eco, p[i].version, &r);
    if (r.verdict != p[i].verdict)
      fail_msg("%s %s in %s: verdict %d, expected %d (%s)", eco, p[i].version, body, r.verdict,
               p[i].verdict, r.reason);
    if (p[i].fixed) {
      if (r.n_fixed == 0 || strcmp(r.fixed[0], p[i].fixed) != 0)
        fail_msg("%s %s: fixed %s, expected %s", eco, p[i].version, r.n_fixed ? r.fixed[0] : "none",
                 p[i].fixed);
    } else if (r.verdict == MATCH_AFFECTED && r.n_fixed != 0) {
      fail_msg("%s %s: fixed %s, expected none", eco, p[i].version, r.fixed[0]);
    }
  }
  osv_free(&a);
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_introduced_zero(void **state) {
  (void)state;
  static const probe p[] = {
      {"0.0.1", MATCH_AFFECTED, "1.6.0"}, {"1.5.99", MATCH_AFFECTED, "1.6.0"},
      {"1.6.0-rc.1", MATCH_AFFECTED, "1.6.0"}, /* a prerelease sorts before its release */
      {"1.6.0", MATCH_NO, NULL}, {"2.0.0", MATCH_NO, NULL},
  };
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.6.0\"}]}]",
        p, N(p));
  /* unfixed: every version from the beginning */
  static const probe q[] = {{"0.0.0", MATCH_AFFECTED, NULL}, {"99.0.0", MATCH_AFFECTED, NULL}};
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]", q, N(q));
}

static void test_last_affected(void **state) {
  (void)state;
  /* the schema's example: up to and including 2.1.214 */
  static const probe p[] = {
      {"1.0", MATCH_AFFECTED, NULL}, {"2.1.214", MATCH_AFFECTED, NULL}, {"2.1.215", MATCH_NO, NULL},
      {"2.2", MATCH_NO, NULL},
  };
  check("PyPI", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                "{\"last_affected\":\"2.1.214\"}]}]", p, N(p));
}

static void test_limit(void **state) {
  (void)state;
  /* limit bounds the range from above even without a fixed event */
  static const probe p[] = {
      {"0.9.0", MATCH_NO, NULL}, {"1.0.0", MATCH_AFFECTED, NULL}, {"1.9.9", MATCH_AFFECTED, NULL},
      {"2.0.0", MATCH_NO, NULL}, {"3.0.0", MATCH_NO, NULL},
  };
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"limit\":\"2.0.0\"}]}]",
        p, N(p));
  /* limit "*" is infinity: no bound */
  static const probe q[] = {{"5.0.0", MATCH_AFFECTED, NULL}};
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"limit\":\"*\"}]}]",
        q, N(q));
  /* several limits: below any one of them is enough */
  static const probe r[] = {{"1.5.0", MATCH_AFFECTED, "3.0.0"}, {"3.5.0", MATCH_NO, NULL}};
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":\"3.0.0\"},"
               "{\"limit\":\"2.0.0\"},{\"limit\":\"4.0.0\"}]}]", r, N(r));
}

static void test_versions_only(void **state) {
  (void)state;
  static const probe p[] = {
      {"1.0.1", MATCH_AFFECTED, NULL}, {"1.0.3", MATCH_AFFECTED, NULL}, {"1.0.2", MATCH_NO, NULL},
      {"1.0.3.0", MATCH_AFFECTED, NULL}, /* PEP 440: 1.0.3.0 == 1.0.3 */
  };
  check("PyPI", "\"versions\":[\"1.0.1\",\"1.0.3\"]", p, N(p));
}

static void test_several_ranges(void **state) {
  (void)state;
  /* the schema's multiple-range example, as one events list and as two ranges */
  static const probe p[] = {
      {"0.9.0", MATCH_NO, NULL},           {"1.0.0", MATCH_AFFECTED, "1.0.2"},
      {"1.0.1", MATCH_AFFECTED, "1.0.2"},  {"1.0.2", MATCH_NO, NULL},
      {"2.0.0", MATCH_NO, NULL},           {"3.0.0", MATCH_AFFECTED, "3.2.5"},
      {"3.2.4", MATCH_AFFECTED, "3.2.5"},  {"3.2.5", MATCH_NO, NULL},
  };
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":\"1.0.2\"},"
               "{\"introduced\":\"3.0.0\"},{\"fixed\":\"3.2.5\"}]}]", p, N(p));
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"3.0.0\"},{\"fixed\":\"3.2.5\"}]},"
               "{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":\"1.0.2\"}]}]", p, N(p));
  /* events written out of order are sorted before the walk */
  check("npm", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":\"3.2.5\"},{\"introduced\":\"3.0.0\"},"
               "{\"fixed\":\"1.0.2\"},{\"introduced\":\"1.0.0\"}]}]", p, N(p));
}

static void test_ecosystem_orderings(void **state) {
  (void)state;
  /* PyPI: PEP 440 order (1.0rc1 < 1.0 < 1.0.post1), not text order */
  static const probe py[] = {
      {"1.0rc1", MATCH_AFFECTED, "1.0.post1"}, {"1.0", MATCH_AFFECTED, "1.0.post1"},
      {"1.0.post1", MATCH_NO, NULL}, {"0.9", MATCH_NO, NULL},
  };
  check("PyPI", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0a1\"},"
                "{\"fixed\":\"1.0.post1\"}]}]", py, N(py));
  /* Go: SEMVER ranges have no "v"; module versions and pseudo-versions do */
  static const probe go[] = {
      {"v1.4.0", MATCH_AFFECTED, "1.6.0"},
      {"v0.0.0-20210405180319-a5a99cb37ef4", MATCH_AFFECTED, "1.6.0"},
      {"v1.6.0", MATCH_NO, NULL}, {"v1.7.2", MATCH_NO, NULL},
      {"v1.10.0", MATCH_NO, NULL}, /* numeric, not text order */
  };
  check("Go", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.6.0\"}]}]",
        go, N(go));
  /* Go pseudo-versions inside a range: golang.org/x/net style fixes */
  static const probe gx[] = {
      {"v0.0.0-20210405180319-a5a99cb37ef4", MATCH_AFFECTED, "0.0.0-20210428140749-89ef3d95e781"},
      {"v0.0.0-20210428140749-89ef3d95e781", MATCH_NO, NULL},
      {"v0.7.0", MATCH_NO, NULL},
  };
  check("Go", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
              "{\"fixed\":\"0.0.0-20210428140749-89ef3d95e781\"}]}]", gx, N(gx));
}

static void test_go_toolchain(void **state) {
  (void)state;
  /* the stdlib as SBOMs name it (go1.20.5) against the Go database's SemVer ranges */
  static const probe p[] = {
      {"go1.20.5", MATCH_AFFECTED, "1.20.6"}, {"go1.20.6", MATCH_NO, NULL},
      {"go1.21rc2", MATCH_AFFECTED, "1.21.0"}, /* 1.21.0-rc.2 */
      {"go1.21", MATCH_NO, NULL},              /* 1.21.0 */
      {"go1.19", MATCH_AFFECTED, "1.20.6"},    /* 1.19.0 */
      {"v1.20.5", MATCH_AFFECTED, "1.20.6"},
  };
  check("Go", "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.20.6\"},"
              "{\"introduced\":\"1.21.0-0\"},{\"fixed\":\"1.21.0\"}]}]", p, N(p));
}

static void test_git_only(void **state) {
  (void)state;
  static const probe p[] = {{"1.0.0", MATCH_UNCHECKABLE, NULL}};
  check("PyPI", "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.com/r\",\"events\":"
                "[{\"introduced\":\"0\"},{\"fixed\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]}]",
        p, N(p));
  /* GIT range next to versions[]: the list decides, nothing is guessed from commits */
  static const probe q[] = {{"1.0.0", MATCH_AFFECTED, NULL}, {"1.0.1", MATCH_NO, NULL}};
  check("PyPI", "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.com/r\",\"events\":"
                "[{\"introduced\":\"0\"}]}],\"versions\":[\"1.0.0\"]", q, N(q));
  /* GIT range next to an ECOSYSTEM range: the ECOSYSTEM range decides */
  static const probe r[] = {{"1.0.0", MATCH_AFFECTED, "2.0"}, {"2.0", MATCH_NO, NULL}};
  check("PyPI", "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.com/r\",\"events\":"
                "[{\"introduced\":\"0\"}]},{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
                "{\"fixed\":\"2.0\"}]}]", r, N(r));
}

static void test_not_comparable(void **state) {
  (void)state;
  /* a version the ecosystem rejects is reported as not checkable, not as a match or a miss */
  static const probe p[] = {{"not a version!", MATCH_UNCHECKABLE, NULL}};
  check("PyPI", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]",
        p, N(p));
  /* an ecosystem without a comparator: ranges cannot be evaluated... */
  static const probe q[] = {{"1.0", MATCH_UNCHECKABLE, NULL}};
  check("Nonesuch", "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]", q, N(q));
  /* ...but its versions[] still match exactly */
  static const probe s[] = {{"1.0", MATCH_AFFECTED, NULL}, {"1.1", MATCH_NO, NULL}};
  check("Nonesuch", "\"versions\":[\"1.0\"]", s, N(s));
}

static void test_normalize(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(match_normalize_name("PyPI", "Django_REST.framework", out, sizeof out), 0);
  assert_string_equal(out, "django-rest-framework");
  assert_int_equal(match_normalize_name("PyPI", "a__b--c", out, sizeof out), 0);
  assert_string_equal(out, "a-b-c");
  assert_int_equal(match_normalize_name("Go", "github.com/BurntSushi/toml", out, sizeof out), 0);
  assert_string_equal(out, "github.com/BurntSushi/toml");
  assert_int_equal(match_normalize_name("NuGet", "Newtonsoft.Json", out, sizeof out), 0);
  assert_string_equal(out, "newtonsoft.json");
  assert_int_equal(match_base_ecosystem("Debian:12", out, sizeof out), 0);
  assert_string_equal(out, "Debian");
  assert_int_equal(match_normalize_name("Go", "toolong", out, 7), -1);
  assert_int_equal(match_normalize_name("Go", "toolon", out, 7), 0);
}

/* A range of n events: introduced 0, then fixed/introduced pairs k.0.0 / k.0.1, ... */
static match_verdict long_range(size_t n, size_t *nfixed) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"id\":\"T-L\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":"
                     "\"npm\",\"name\":\"p\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}");
  for (size_t i = 1; i < n; i++)
    hoshi_buf_printf(&b, i % 2 ? ",{\"fixed\":\"%zu.0.0\"}" : ",{\"introduced\":\"%zu.0.1\"}", (i + 1) / 2);
  hoshi_buf_puts(&b, "]}]}]}");
  osv_advisory a;
  hoshi_error e;
  if (osv_parse(b.p, b.n, &a, &e) != HOSHI_OK) fail_msg("%s %s", e.field, e.message);
  match_result r;
  match_affected(&a.affected[0], "npm", "0.5.0", &r);
  *nfixed = r.n_fixed;
  osv_free(&a);
  hoshi_buf_free(&b);
  return r.verdict;
}

static void test_limits(void **state) {
  (void)state;
  size_t nf;
  assert_int_equal(long_range(MATCH_EVENTS_SORT_MAX, &nf), MATCH_AFFECTED);
  assert_int_equal(nf, 1);
  assert_int_equal(long_range(MATCH_EVENTS_SORT_MAX + 1, &nf), MATCH_UNCHECKABLE);
  /* MATCH_FIXED_MAX: one entry with MATCH_FIXED_MAX + 1 ranges all containing the version */
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"id\":\"T-F\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":"
                     "\"npm\",\"name\":\"p\"},\"ranges\":[");
  for (int i = 0; i <= MATCH_FIXED_MAX; i++)
    hoshi_buf_printf(&b, "%s{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"%d.0.0\"}]}",
                     i ? "," : "", i + 1);
  hoshi_buf_puts(&b, "]}]}");
  osv_advisory a;
  hoshi_error e;
  assert_int_equal(osv_parse(b.p, b.n, &a, &e), HOSHI_OK);
  match_result r;
  match_affected(&a.affected[0], "npm", "0.1.0", &r);
  assert_int_equal(r.verdict, MATCH_AFFECTED);
  assert_int_equal(r.n_fixed, MATCH_FIXED_MAX); /* the one past is dropped, not overflowed */
  osv_free(&a);
  hoshi_buf_free(&b);
}

static void test_release(void **state) {
  (void)state;
  assert_true(match_release("Debian:12", "debian-12"));
  assert_true(match_release("Debian:12", "12.4"));
  assert_false(match_release("Debian:11", "debian-12"));
  assert_false(match_release("Debian:1", "debian-12")); /* "1" is not a prefix release of "12" */
  assert_true(match_release("Alpine:v3.16", "alpine-3.16.2"));
  assert_false(match_release("Alpine:v3.16", "alpine-3.17.0"));
  assert_true(match_release("Ubuntu:22.04:LTS", "ubuntu-22.04"));
  assert_true(match_release("Ubuntu:Pro:18.04:LTS", "ubuntu-18.04"));
  assert_false(match_release("Ubuntu:20.04:LTS", "ubuntu-22.04"));
  /* no number on one side, no suffix, or not a distribution: the entry applies */
  assert_true(match_release("Debian:12", "bookworm"));
  assert_true(match_release("Debian", "debian-12"));
  assert_true(match_release("Maven:https://repo.example/m2", "12"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_introduced_zero), cmocka_unit_test(test_last_affected),
      cmocka_unit_test(test_limit),           cmocka_unit_test(test_versions_only),
      cmocka_unit_test(test_several_ranges),  cmocka_unit_test(test_ecosystem_orderings),
      cmocka_unit_test(test_git_only),        cmocka_unit_test(test_go_toolchain),        cmocka_unit_test(test_not_comparable),
      cmocka_unit_test(test_normalize),       cmocka_unit_test(test_release),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

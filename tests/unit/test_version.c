/* Version ordering tables, one per ecosystem, with the traps of each scheme (sbom.md). A row
 * is checked both ways round, so every "a < b" also proves "b > a". */
#include <string.h>

#include "hoshi/version.h"
#include "testutil.h"

#define BAD_A 7 /* a is not a valid version */
#define BAD_B 8 /* b is not a valid version */

typedef struct row {
  const char *a, *b;
  int want;
} row;

static void run_table(const char *eco, const row *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const row *r = &rows[i];
    hoshi_error e;
    hoshi_error_clear(&e);
    int c = 42;
    hoshi_err rc = hoshi_version_cmp(eco, r->a, r->b, &c, &e);
    if (r->want == BAD_A || r->want == BAD_B) {
      if (rc != HOSHI_EINVAL || strcmp(e.field, r->want == BAD_A ? "a" : "b") != 0)
        fail_msg("%s: cmp(%s, %s) should reject %s, got rc=%d field=%s cmp=%d", eco, r->a, r->b,
                 r->want == BAD_A ? "a" : "b", rc, e.field, c);
      continue;
    }
    if (rc != HOSHI_OK) fail_msg("%s: cmp(%s, %s) failed: %s: %s", eco, r->a, r->b, e.field, e.message);
    if (c != r->want) fail_msg("%s: cmp(%s, %s) = %d, want %d", eco, r->a, r->b, c, r->want);
    rc = hoshi_version_cmp(eco, r->b, r->a, &c, &e);
    if (rc != HOSHI_OK || c != -r->want) fail_msg("%s: cmp(%s, %s) = %d, want %d (reversed)", eco, r->b, r->a, c, -r->want);
  }
  if (n < 30) fail_msg("%s: table has only %zu rows", eco, n);
}

#define RUN(eco, rows) run_table(eco, rows, sizeof rows / sizeof rows[0])

/* SemVer 2.0 section 11, shared by npm and crates.io. */
static const row semver_rows[] = {
    {"1.0.0", "1.0.0", 0},
    {"1.0.0", "2.0.0", -1},
    {"2.0.0", "2.1.0", -1},
    {"2.1.0", "2.1.1", -1},
    {"1.9.0", "1.10.0", -1}, /* numeric, not lexical */
    {"1.10.0", "1.9.9", 1},
    {"1.0.0-alpha", "1.0.0", -1}, /* a pre-release sorts before its release */
    {"1.0.0-alpha", "1.0.0-alpha.1", -1},
    {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1}, /* numeric identifier < alphanumeric */
    {"1.0.0-alpha.beta", "1.0.0-beta", -1},
    {"1.0.0-beta", "1.0.0-beta.2", -1},
    {"1.0.0-beta.2", "1.0.0-beta.11", -1}, /* numeric identifiers compare as numbers */
    {"1.0.0-beta.11", "1.0.0-rc.1", -1},
    {"1.0.0-rc.1", "1.0.0", -1},
    {"1.0.0-rc.1", "1.0.0-rc.1", 0},
    {"1.0.0-Beta", "1.0.0-beta", -1}, /* ASCII order, case matters */
    {"1.0.0-rc.10", "1.0.0-rc.9", 1},
    {"1.0.0-1", "1.0.0-a", -1},
    {"1.0.0-x-y", "1.0.0-x", 1},
    {"1.0.0+build.1", "1.0.0+build.2", 0}, /* build metadata does not count */
    {"1.0.0+20130313144700", "1.0.0", 0},
    {"1.0.0-beta+exp.sha.5114f85", "1.0.0-beta", 0},
    {"0.0.1", "0.0.2", -1},
    {"99999999999999999999.0.0", "99999999999999999998.0.0", 1}, /* beyond 64 bits */
    {"1.2.3", "1.2.3-0", 1},
    {"0.1.0", "0.0.99", 1},
    {"1.0.0-alpha.0", "1.0.0-alpha.00", BAD_B}, /* leading zero in a numeric identifier */
    {"01.0.0", "1.0.0", BAD_A},
    {"1.0", "1.0.0", BAD_A},
    {"1.0.0", "1", BAD_B},
    {"1.0.0-", "1.0.0", BAD_A},
    {"1.0.0-a..b", "1.0.0", BAD_A},
    {"1.0.0", "1.0.0+", BAD_B},
    {"", "1.0.0", BAD_A},
    {"1.0.0 ", "1.0.0", BAD_A},
    {"1.0.0-é", "1.0.0", BAD_A},
};

static void test_npm(void **state) {
  (void)state;
  RUN("npm", semver_rows);
  static const row npm_rows[] = {
      {"v1.2.3", "1.2.3", 0}, /* npm's parser drops a leading v */
      {"1.2.3-alpha.1", "1.2.3-alpha.1.0", -1},
      {"4.17.20", "4.17.21", -1},
      {"0.0.0-development", "0.0.0", -1},
      {"2.0.0-rc.1", "1.99.99", 1},
      {"1.2.3-pre+meta", "1.2.3-pre", 0},
      {"10.0.0", "9.99.99", 1},
      {"1.0.0-alpha-1", "1.0.0-alpha-2", -1},
      {"1.0.0-0.3.7", "1.0.0-0.3.10", -1},
      {"1.0.0-x.7.z.92", "1.0.0-x.7.z.93", -1},
      {"1.2.3", "1.2.3.4", BAD_B},
      {"=1.2.3", "1.2.3", BAD_A},
      {"1.2.x", "1.2.3", BAD_A},
      {"latest", "1.2.3", BAD_A},
      {"1.2.3", "^1.2.3", BAD_B},
      {"1.2.3-beta.01", "1.2.3", BAD_A},
      {"1.2.-3", "1.2.3", BAD_A},
      {"-1.2.3", "1.2.3", BAD_A},
      {"1.2.3--", "1.2.3", -1}, /* "-" is a valid identifier character */
      {"1.2.3-a-", "1.2.3-a", 1},
      {"0.0.0", "0.0.0-0", 1},
      {"1.0.0-alpha.beta.1", "1.0.0-alpha.beta", 1},
      {"3.0.0", "3.0.0+incompatible", 0},
      {"2.2.2", "2.10.0", -1},
      {"1.0.0-rc.1+build.1", "1.0.0-rc.1+build.2", 0},
      {"0.9.9", "1.0.0-alpha", -1},
      {"1.1.0-alpha", "1.0.99", 1},
      {"1.0.0-z", "1.0.0-aa", 1},
      {"1.0.0-10", "1.0.0-9", 1},
      {"1.0.0-a10", "1.0.0-a9", -1}, /* alphanumeric: compared as text */
  };
  RUN("npm", npm_rows);
}

static void test_crates(void **state) {
  (void)state;
  RUN("crates.io", semver_rows);
  static const row cargo_rows[] = {
      {"0.7.2", "0.7.10", -1},        {"1.0.0-alpha.1", "1.0.0-alpha.2", -1},
      {"1.0.0", "1.0.0+1", 0},        {"0.1.0", "0.1.0-beta", 1},
      {"1.2", "1.2.0", BAD_A},        {"1.2.3.4", "1.2.3", BAD_A},
      {"0.0.0", "0.0.1", -1},         {"1.56.0", "1.6.0", 1},
      {"2.0.0-rc.1", "2.0.0-rc.1", 0}, {"0.3.0-pre", "0.2.9", 1},
      {"1.0.0", "1.0.0-nightly", 1},  {"0.11.0", "0.9.0", 1},
      {"1.0.0-beta.1", "1.0.0-beta.10", -1}, {"1.0.0-beta.10", "1.0.0-beta.9", 1},
      {"1.0.1", "1.0.0+build", 1},    {"3.0.0-beta.3", "3.0.0", -1},
      {"0.4.0-alpha.1", "0.4.0-alpha.a", -1}, {"0.2.22", "0.2.3", 1},
      {"1.0.0-rc1", "1.0.0-rc2", -1}, {"1.0.0-rc10", "1.0.0-rc2", -1},
      {"0.1.0+a", "0.1.0+b", 0},      {"1.0.0-pre.0", "1.0.0-pre", 1},
      {"2.0.0", "10.0.0", -1},        {"1.0.0", "1.0.00", BAD_B},
      {"1.0.0-a.b.c", "1.0.0-a.b", 1}, {"4.0.0", "4.0.0-z", 1},
      {"0.0.0-a", "0.0.0", -1},       {"0.1.1", "0.1.10", -1},
      {"1.18.1", "1.18.0", 1},        {"1.0.0-0", "1.0.0-A", -1},
  };
  RUN("crates.io", cargo_rows);
}

static void test_go(void **state) {
  (void)state;
  static const row rows[] = {
      {"v1.2.3", "1.2.3", 0}, /* OSV writes Go versions without "v" */
      {"v1.2.3", "v1.2.4", -1},
      {"v1.2", "v1.2.0", 0}, /* shorthands */
      {"v1", "v1.0.0", 0},
      {"v2.0.0+incompatible", "v2.0.0", 0}, /* +incompatible is build metadata */
      {"v2.0.0+incompatible", "v1.9.9", 1},
      {"v3.1.0+incompatible", "v3.0.0+incompatible", 1},
      {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1},
      {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", -1}, /* pseudo before any release */
      {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0", -1},
      {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1}, /* after the tag it builds on */
      {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1}, /* before the next tag */
      {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre", -1},
      {"v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre", 1},
      {"v1.2.3-pre.0.20191109021931-daa7c04131f5", "v1.2.3-pre.1", -1},
      {"0.0.0-20210305023314-538ac3df036e", "0.0.0-20210414170620-dadccdda06e6", -1},
      {"v1.0.0-rc.1", "v1.0.0", -1},
      {"v1.10.0", "v1.9.0", 1},
      {"v0.1.0", "v0.0.9", 1},
      {"1.21.0", "1.21.0-rc.1", 1},
      {"v1.2.3", "v1.2.3+meta", 0},
      {"v1.2.3", "v1.2.3", 0},
      {"0", "v0.0.1", -1}, /* OSV's "introduced: 0" reads as v0 */
      {"v2", "v10", -1},
      {"v1.2.3-alpha", "v1.2.3-beta", -1},
      {"v1.2-pre", "v1.2.0", BAD_A}, /* a pre-release needs all three numbers */
      {"v01.2.3", "v1.2.3", BAD_A},
      {"v1.2.3.4", "v1.2.3", BAD_A},
      {"v1.2.3", "latest", BAD_B},
      {"v1.2.3", "v1.2.3-", BAD_B},
      {"vv1.2.3", "v1.2.3", BAD_A},
      {"", "v1", BAD_A},
  };
  RUN("Go", rows);
}

static void test_nuget(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0.0", "1.0", 0}, /* missing numbers are zeros */
      {"1.0.0.0", "1.0.0", 0},
      {"1", "1.0.0.0", 0},
      {"1.0.0.1", "1.0.0", 1}, /* a fourth number counts */
      {"1.01", "1.1", 0},      /* leading zeros allowed in numbers */
      {"1.0.0-beta", "1.0.0", -1},
      {"1.0.0-Beta", "1.0.0-beta", 0}, /* labels ignore case */
      {"1.0.0-ALPHA", "1.0.0-beta", -1},
      {"1.0.0-alpha.2", "1.0.0-alpha.10", -1},
      {"1.0.0-alpha", "1.0.0-alpha.1", -1},
      {"1.0.0-1", "1.0.0-a", -1},
      {"1.0.0+abc", "1.0.0+def", 0},
      {"1.0.0-rc.1+build", "1.0.0-rc.1", 0},
      {"2.0.0", "10.0.0", -1},
      {"6.0.1304", "6.0.1305", -1},
      {"4.5.11", "4.5.2", 1},
      {"1.0.0-beta01", "1.0.0-beta02", -1},
      {"1.0.0-beta2", "1.0.0-beta10", 1}, /* legacy labels compare as text */
      {"13.0.1", "13.0.1-preview", 1},
      {"3.1.0-preview.1.19506.1", "3.1.0-preview.2.19525.4", -1},
      {"1.0.0.0-a", "1.0.0-a", 0},
      {"0.0.0.1", "0.0.0", 1},
      {"1.2.3.4", "1.2.3.5", -1},
      {"5.0.0-rc.2.20475.5", "5.0.0", -1},
      {"1.0.0-a-b", "1.0.0-a", 1},
      {"1.0.0.0.0", "1.0.0", BAD_A},
      {"1.0.0-01", "1.0.0", BAD_A},
      {"1.0.0-", "1.0.0", BAD_A},
      {"a.b.c", "1.0.0", BAD_A},
      {"1.0.0", "1..0", BAD_B},
      {"1.0.0", "", BAD_B},
      {"1.0.0 ", "1.0.0", BAD_A},
  };
  RUN("NuGet", rows);
}

static void test_pypi(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0.0", 0},    /* trailing zeros do not count */
      {"1.0", "1.0.1", -1},
      {"1.0.dev0", "1.0a1", -1}, /* dev of a final release sorts before its pre-releases */
      {"1.0a1", "1.0a2", -1},
      {"1.0a2", "1.0b1", -1},
      {"1.0b1", "1.0rc1", -1},
      {"1.0rc1", "1.0", -1},
      {"1.0", "1.0.post1", -1},
      {"1.0.post1.dev0", "1.0.post1", -1},
      {"1.0a1.dev0", "1.0a1", -1},
      {"1.0a1", "1.0a1.post1", -1},
      {"1.0+local", "1.0", 1}, /* a local label sorts after the public version */
      {"1.0+abc", "1.0+1", -1},  /* numbers sort after words in local labels */
      {"1.0+1.2", "1.0+1.10", -1},
      {"1.0+abc.1", "1.0+abc", 1},
      {"1!0.1", "2.0", 1}, /* epochs first */
      {"0!2.0", "2.0", 0},
      {"1.0ALPHA1", "1.0a1", 0}, /* spellings normalize */
      {"1.0-alpha-1", "1.0a1", 0},
      {"1.0.beta.2", "1.0b2", 0},
      {"1.0c1", "1.0rc1", 0},
      {"1.0pre1", "1.0rc1", 0},
      {"1.0preview1", "1.0rc1", 0},
      {"1.0-1", "1.0.post1", 0}, /* implicit post release */
      {"1.0rev1", "1.0.post1", 0},
      {"1.0r1", "1.0post1", 0},
      {"1.0a", "1.0a0", 0}, /* implicit number */
      {"1.0.post", "1.0.post0", 0},
      {"1.0-dev", "1.0.dev0", 0},
      {"v1.0", "1.0", 0},
      {" 1.0\n", "1.0", 0},
      {"1.0+ABC", "1.0+abc", 0},
      {"1.0+a-b_c", "1.0+a.b.c", 0},
      {"01.02", "1.2", 0},
      {"1.2.10", "1.2.9", 1},
      {"2.0.0.dev1", "2.0.0rc1", -1},
      {"1.0.post1", "1.1.dev0", -1},
      {"1.0a1.post1.dev1", "1.0a1.post1", -1},
      {"1.0.dev1", "1.0.dev2", -1},
      {"1.0.postdev", "1.0.post0.dev0", 0},
      {"1.0b2.post345.dev456", "1.0b2.post345", -1},
      {"1.0", "1.0-", BAD_B},
      {"1.0.x", "1.0", BAD_A},
      {"1.0+", "1.0", BAD_A},
      {"1.0+a..b", "1.0", BAD_A},
      {"a1.0", "1.0", BAD_A},
      {"1.0", "!1.0", BAD_B},
      {"1.0gamma1", "1.0", BAD_A},
      {"", "1.0", BAD_A},
  };
  RUN("PyPI", rows);
}

static void test_maven(void **state) {
  (void)state;
  static const row rows[] = {
      {"1", "1.1", -1},
      {"1-snapshot", "1", -1},
      {"1", "1.0", 0},
      {"1.0", "1-ga", 0},
      {"1-ga", "1.0.0", 0},
      {"1.0.0", "1-final", 0},
      {"1", "1-sp", -1},
      {"1-sp", "1-foo2", -1}, /* unknown qualifiers after known ones */
      {"1-foo2", "1-foo10", -1},
      {"1-foo10", "1.foo", 1},
      {"1.foo", "1-foo", 0},
      {"1-foo", "1-1", -1},
      {"1-1", "1.1", -1},
      {"1.ga", "1-0", 0},
      {"1-sp", "1-ga", 1},
      {"1-sp.1", "1-ga.1", 1},
      {"1-sp-1", "1-ga-1", -1},
      {"1-ga-1", "1-1", -1}, /* the POM page says equal; ComparableVersion (and we) disagree */
      {"1-a1", "1-alpha-1", 0},
      {"1.0-alpha1", "1.0-beta1", -1},
      {"1.0-beta1", "1.0-milestone1", -1},
      {"1.0-m1", "1.0-milestone1", 0},
      {"1.0-milestone1", "1.0-rc1", -1},
      {"1.0-rc1", "1.0-cr1", 0},
      {"1.0-rc1", "1.0-SNAPSHOT", -1}, /* snapshot after rc */
      {"1.0-SNAPSHOT", "1.0", -1},
      {"1.0", "1.0-sp1", -1},
      {"1.0-RC1", "1.0-rc1", 0}, /* case-insensitive */
      {"1.0.0-RC2", "1.0.0-RC10", -1},
      {"2.0", "10.0", -1},
      {"1.0.1", "1.0-rc1", 1},
      {"1.0.0.X1", "1.0.0-X2", -1}, /* ".X" counts as "-X" */
      {"1.0-alpha", "1.0-alpha-1", -1},
      {"1.0-1", "1.0.0.1", -1},
      {"2.17.0", "2.17.1", -1},
      {"2.15.0-rc1", "2.15.0", -1},
      {"1.2.3.Final", "1.2.3", 0},
      {"5.3.0.RELEASE", "5.3.0", 0},
      {"4.1.45.Final", "4.1.100.Final", -1},
      {"1.0-release", "1.0", 0},
      {"1.0.a1", "1.0-alpha1", 0},
      {"1.0b1-SNAPSHOT", "1.0-b1", -1},
      {"1.0-beta3.SNAPSHOT", "1.0-beta3", -1},
      {"1.0..1", "1.0.0.1", 0}, /* an empty part is a zero */
      {"1.0-0.1", "1.0-1", -1},
      /* ComparableVersion is not transitive on odd input; Maven itself says
       * "-m1" > "x" > "-" > "-m1", and so do we (a list beats a word, nothing beats a list
       * that starts with a pre-release word) */
      {"-m1", "x", 1},
      {"x", "-", 1},
      {"-", "-m1", 1},
      {"1.0", "1.0 ", BAD_B},
      {"", "1.0", BAD_A},
  };
  RUN("Maven", rows);
}

static void test_debian(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0", 0},
      {"1.0~rc1", "1.0", -1}, /* ~ sorts before everything, even the end */
      {"1.0~rc1", "1.0~rc2", -1},
      {"1.0~~", "1.0~", -1},
      {"1.0~", "1.0", -1},
      {"1.0", "1.0+b1", -1},
      {"1.0", "1.0a", -1},
      {"1.0a", "1.0+", -1}, /* letters before other characters */
      {"1.0", "1.0.1", -1},
      {"1:1.0", "2.0", 1}, /* epoch first */
      {"0:1.0", "1.0", 0},
      {"1.0-1", "1.0-2", -1},
      {"1.0-1", "1.0-1.1", -1},
      {"1.0-10", "1.0-9", 1},
      {"1.0", "1.0-0", 0}, /* absent revision reads as "0" */
      {"2.30-21ubuntu1~18.04.4", "2.30-21ubuntu1~18.04.5", -1},
      {"2.30-21ubuntu1~18.04.4", "2.30-21ubuntu1", -1},
      {"1.2.3-1+deb12u1", "1.2.3-1", 1},
      {"1.2.3-1+deb11u1", "1.2.3-1+deb12u1", -1},
      {"7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1},
      {"1:2.0-1", "1:10.0-1", -1},
      {"1.0-a-1", "1.0-a", 1}, /* the revision follows the last hyphen */
      {"3.0.11-1~deb12u2", "3.0.11-1", -1},
      {"1.01", "1.1", 0}, /* numeric parts ignore leading zeros */
      {"1.0.0", "1.0", 1},
      {"10.0", "9.0", 1},
      {"2:1.0", "1:9.0", 1},
      {"1.2a", "1.2b", -1},
      {"1.2.a", "1.2a", 1}, /* "." after letters */
      {"1.0+dfsg", "1.0", 1},
      {"1.0+dfsg-1", "1.0-1", 1},
      {"4.19.0-1ubuntu0.1", "4.19.0-1ubuntu0.2", -1},
      {"a1.0", "1.0", BAD_A}, /* upstream must start with a digit */
      {"1.0", ":1.0", BAD_B},
      {"x:1.0", "1.0", BAD_A},
      {"1.0-", "1.0", BAD_A},
      {"1.0_1", "1.0", BAD_A},
      {"1.0", "1.0 1", BAD_B},
      {"", "1.0", BAD_A},
      {"1:a", "1.0", BAD_A},
  };
  RUN("Debian", rows);
  RUN("Ubuntu", rows);
  RUN("Debian:12", rows);
}

static void test_rpm(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0", 0},
      {"1.0", "2.0", -1},
      {"2.0.1", "2.0", 1},
      {"2.0.1a", "2.0.1", 1},
      {"5.5p1", "5.5p2", -1},
      {"5.5p10", "5.5p1", 1},
      {"10xyz", "10.1xyz", -1},
      {"xyz10", "xyz10.1", -1},
      {"xyz.4", "8", -1}, /* a number beats letters */
      {"5.5p1", "5.5.p1", 0}, /* separators only separate */
      {"10a2", "10b2", -1},
      {"1.0aa", "1.0a", 1},
      {"6.0.rc1", "6.0", 1},
      {"1.0~rc1", "1.0", -1}, /* ~ before everything */
      {"1.0~rc1", "1.0~rc2", -1},
      {"1.0~rc1~git123", "1.0~rc1", -1},
      {"1.0^", "1.0", 1}, /* ^ after the end... */
      {"1.0^git1", "1.0", 1},
      {"1.0^git1", "1.0.1", -1}, /* ...but before anything more */
      {"1.0^git1", "1.0^git2", -1},
      {"1.0^20160101", "1.0.1", -1},
      {"1.0~rc1^git1", "1.0~rc1", 1},
      {"1.0~rc1^git1", "1.0", -1},
      {"1:1.0", "2.0", 1},
      {"0:1.0", "1.0", 0},
      {"1.0-1", "1.0-2", -1},
      {"1.0-1.el8", "1.0-1.el9", -1},
      {"1.0-1.el8_5", "1.0-1.el8", 1},
      {"2.28-225.el9", "2.28-225.el9_3.1", -1},
      {"1.0-1", "1.0", 1},
      {"001", "1", 0},
      {"1.0001", "1.1", 0},
      {"a", "1", -1},
      {"fc4", "fc.4", 0},
      {"3.0.7-16.el9_2", "3.0.7-24.el9", -1},
      {"1.0", "", BAD_B},
      {"1.0 ", "1.0", BAD_A},
      {"1.0-", "1.0", BAD_A},
      {"1.0:1", "1.0", BAD_A},
  };
  RUN("Red Hat", rows);
  RUN("Rocky Linux", rows);
  RUN("AlmaLinux", rows);
}

static void test_rubygems(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0.0", 0},
      {"1.0", "1", 0},
      {"1.0.a", "1.0", -1}, /* any letter makes a pre-release */
      {"1.0.0.pre", "1.0.0", -1},
      {"1.0.0.rc1", "1.0.0", -1},
      {"1.0.0.rc1", "1.0.0.rc2", -1},
      {"1.0.0.alpha", "1.0.0.beta", -1},
      {"1.0.0.beta", "1.0.0.rc", -1},
      {"1.0.0.rc10", "1.0.0.rc9", 1},
      {"1.0.a", "1.0a", 0}, /* letters and digits split without a dot */
      {"1.0.0-1", "1.0.0.pre.1", 0}, /* "-" reads as ".pre." */
      {"1.0.0-rc1", "1.0.0", -1},
      {"2.0", "10.0", -1},
      {"1.9.3", "1.10.0", -1},
      {"1.0.b1", "1.0.a2", 1},
      {"1.0.a10", "1.0.a9", 1},
      {"1.0.a", "1.0.b", -1},
      {"1.0.A", "1.0.a", -1}, /* words compare as text, case matters */
      {"0.0.1", "0.0.01", 0},
      {"", "0", 0}, /* an empty version is "0" */
      {" 1.0 ", "1.0", 0},
      {"5.2.4.1", "5.2.4", 1},
      {"7.0.4", "7.0.4.1", -1},
      {"6.1.7.7", "6.1.7.10", -1},
      {"1.0.0.a.0", "1.0.0.a", 0}, /* trailing zeros of the pre-release drop too */
      {"1.0.a.1", "1.0.a", 1},
      {"1.0.0.pre2", "1.0.0.pre10", -1},
      {"3.0.0.beta2", "3.0.0.beta.2", 0},
      {"1.0.0.1.a", "1.0.0.1", -1},
      {"1.0.1.a", "1.0.0", 1},
      {"2.0.0.rc1", "1.9.9", 1},
      {"1..0", "1.0", BAD_A},
      {"1.0-", "1.0", BAD_A},
      {"a.0", "1.0", BAD_A},
      {"1.0", "1.0_1", BAD_B},
      {"1.0 1", "1.0", BAD_A},
      {"1.0.", "1.0", BAD_A},
  };
  RUN("RubyGems", rows);
}

static void test_alpine(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0", 0},
      {"1.0", "1.1", -1},
      {"1.0", "1.0.1", -1},
      {"1.2", "1.10", -1},
      {"1.0-r0", "1.0-r1", -1},
      {"1.0-r1", "1.0", 1},
      {"1.0-r10", "1.0-r9", 1},
      {"1.0_alpha", "1.0_beta", -1},
      {"1.0_beta", "1.0_pre", -1},
      {"1.0_pre", "1.0_rc", -1},
      {"1.0_rc", "1.0", -1}, /* pre-release suffixes sort before the release */
      {"1.0", "1.0_cvs", -1}, /* the others after it */
      {"1.0_cvs", "1.0_svn", -1},
      {"1.0_svn", "1.0_git", -1},
      {"1.0_git", "1.0_hg", -1},
      {"1.0_hg", "1.0_p", -1},
      {"1.0_p1", "1.0_p2", -1},
      {"1.0_rc1", "1.0_rc2", -1},
      {"1.0_rc1", "1.0_rc1-r1", -1},
      {"1.0a", "1.0b", -1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0.1", -1},
      {"1.01", "1.1", -1}, /* after a dot, leading zeros read as a fraction */
      {"1.001", "1.01", -1},
      {"2.0", "10.0", -1},
      {"1.2.3_p1-r0", "1.2.3-r5", 1},
      {"1.2.3_rc1-r5", "1.2.3-r0", -1},
      {"7.83.0-r0", "7.83.1-r0", -1},
      {"3.0.8-r0", "3.0.10-r0", -1},
      {"1.0_alpha1_p2", "1.0_alpha1", 1},
      {"1.0~abc123-r1", "1.0-r1", 1},
      {"1.36.1-r2", "1.36.1-r15", -1},
      /* from apk-tools' own version test data */
      {"0.1.0_alpha_pre2", "0.1.0_alpha", -1},
      {"1.06-r6", "006", -1},
      {"3.9.8-r5", "2.01.01_alpha10", 1},
      {"3.0.0-r2", "021109-r3", -1},
      {"0.20070207_rc1", "1.0", -1},
      {"1.2.07.8", "1.2.12.04", -1},
      {"0.9.28.1", "087-r1", -1},
      {"2.12r-r4", "2.12r-r5", -1},
      {"1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0", -1},
      {"0.59s-r11", "0.65", -1},
      {"2.5.1-r8", "2.5.1a-r1", -1},
      {"1.6d", "1.2.07.8", 1},
      {"1.0_foo", "1.0", BAD_A},
      {"1.0-r", "1.0", BAD_A},
      {"1.0", "1.0-1", BAD_B},
      {"v1.0", "1.0", BAD_A},
      {"1.0 ", "1.0", BAD_A},
      {"", "1.0", BAD_A},
      {"1.0", "1.0_rc1_", BAD_B},
      {"1.0A", "1.0", BAD_A},
  };
  RUN("Alpine", rows);
  RUN("Alpine:v3.20", rows);
}

static void test_packagist(void **state) {
  (void)state;
  static const row rows[] = {
      {"1.0", "1.0.0", 0},
      {"1.0.0", "1.0.0.0", 0},
      {"v1.0.0", "1.0.0", 0},
      {"1.0.0-dev", "1.0.0-alpha", -1},
      {"1.0.0-alpha", "1.0.0-beta", -1},
      {"1.0.0-alpha1", "1.0.0-a1", 0},
      {"1.0.0-beta", "1.0.0-b", 0},
      {"1.0.0-beta", "1.0.0-RC", -1},
      {"1.0.0-RC1", "1.0.0-rc1", 0},
      {"1.0.0-RC1", "1.0.0", -1},
      {"1.0.0", "1.0.0-patch1", -1},
      {"1.0.0-p1", "1.0.0-pl1", 0},
      {"1.0.0-patch1", "1.0.1", -1},
      {"1.0.0-beta2", "1.0.0-beta10", -1},
      {"1.0.0-beta.2", "1.0.0-beta2", 0},
      {"1.0.0-RC1-dev", "1.0.0-RC1", -1},
      {"1.0.0-stable", "1.0.0", 0},
      {"1.0.0+build", "1.0.0", 0},
      {"2.0", "10.0", -1},
      {"7.12.0", "7.2.0", 1},
      {"1.2.3.4", "1.2.3", 1},
      {"1.0.0beta1", "1.0.0-beta1", 0},
      {"1.0.0.RC.1", "1.0.0-RC1", 0},
      {"1.x-dev", "1.99.0", 1}, /* a branch stands for the newest of its line */
      {"1.0.x-dev", "1.1.0", -1},
      {"2010-01-02", "2010-01-03", -1}, /* date versions */
      {"2010-01-02", "2010.01.02", -1}, /* dates keep 3 parts, "2010.01.02" is padded to 4 */
      {"20100102", "20100101", 1},
      {"1.0.0-alpha.1", "1.0.0-alpha.2", -1},
      {"0.1.0", "0.1.0-beta", 1},
      {"5.4.0-RC2", "5.4.0-RC10", -1},
      {"1.0.0-dev", "1.0.0", -1},
      {"dev-master", "1.0.0", BAD_A},
      {"1.0.0", "dev-feature", BAD_B},
      {"1.0.0-gamma", "1.0.0", BAD_A},
      {"1.0.0.0.0", "1.0.0", BAD_A},
      {"", "1.0", BAD_A},
      {"123456.0", "1.0", BAD_A},
      {"1.0.0", "1.0.0-", 0},
  };
  RUN("Packagist", rows);
}

static void test_errors(void **state) {
  (void)state;
  hoshi_error e;
  int c;
  assert_int_equal(hoshi_version_cmp("Cobol", "1", "2", &c, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "ecosystem");
  assert_int_equal(hoshi_version_cmp("pypi", "1", "2", &c, &e), HOSHI_EINVAL); /* OSV names are case-sensitive */
  assert_int_equal(hoshi_version_cmp(NULL, "1", "2", &c, &e), HOSHI_EINVAL);
  assert_int_equal(hoshi_version_cmp("PyPI", NULL, "2", &c, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "a");
  assert_true(hoshi_version_ecosystem_known("crates.io"));
  assert_true(hoshi_version_ecosystem_known("Debian:11"));
  assert_false(hoshi_version_ecosystem_known("Debianx"));
  assert_int_equal(hoshi_version_scheme_of("Rocky Linux"), HOSHI_VS_RPM);
  assert_string_equal(hoshi_version_scheme_name(HOSHI_VS_PEP440), "pep440");
  assert_int_equal(hoshi_version_check("Go", "v1.2.3", &e), HOSHI_OK);
  assert_int_equal(hoshi_version_check("npm", "1.2", &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "version");

  /* The length limit and one past it, on every scheme. */
  char at[HOSHI_VERSION_MAX_LEN + 2];
  memset(at, 0, sizeof at);
  at[0] = '1';
  for (int i = 1; i < HOSHI_VERSION_MAX_LEN; i += 2) at[i] = '.', at[i + 1] = '1';
  at[HOSHI_VERSION_MAX_LEN] = '\0';
  at[HOSHI_VERSION_MAX_LEN - 1] = '1';
  const char *ecos[] = {"PyPI", "Maven", "Debian", "Red Hat", "RubyGems", "Alpine"};
  for (size_t i = 0; i < sizeof ecos / sizeof ecos[0]; i++) {
    assert_int_equal(strlen(at), HOSHI_VERSION_MAX_LEN);
    if (hoshi_version_cmp(ecos[i], at, "1", &c, &e) != HOSHI_OK) fail_msg("%s: %s", ecos[i], e.message);
    assert_int_equal(c, 1);
  }
  /* SemVer with as many pre-release identifiers as the length allows */
  char many[HOSHI_VERSION_MAX_LEN + 1] = "1.0.0-a";
  while (strlen(many) + 2 <= HOSHI_VERSION_MAX_LEN) strcat(many, ".b");
  if (hoshi_version_cmp("npm", many, "1.0.0-a", &c, &e) != HOSHI_OK) fail_msg("%s", e.message);
  assert_int_equal(c, 1);

  char over[HOSHI_VERSION_MAX_LEN + 2];
  memcpy(over, at, HOSHI_VERSION_MAX_LEN);
  over[HOSHI_VERSION_MAX_LEN] = '1';
  over[HOSHI_VERSION_MAX_LEN + 1] = '\0';
  assert_int_equal(hoshi_version_cmp("PyPI", "1", over, &c, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "b");
  assert_non_null(strstr(e.message, "longer"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_npm),    cmocka_unit_test(test_crates),   cmocka_unit_test(test_go),
      cmocka_unit_test(test_nuget),  cmocka_unit_test(test_pypi),     cmocka_unit_test(test_maven),
      cmocka_unit_test(test_debian), cmocka_unit_test(test_rpm),      cmocka_unit_test(test_rubygems),
      cmocka_unit_test(test_alpine), cmocka_unit_test(test_packagist), cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

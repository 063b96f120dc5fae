/* CVSS v3.1 and v4.0 scores for vectors whose scores are published (specification examples,
 * NVD and FIRST calculator results), plus malformed vectors and the length limit. */
#include "testutil.h"

#include <string.h>

#include "hoshi/cvss.h"

typedef struct { const char *vector; double score; } case_t;

static void check(const case_t *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    double s = -1;
    hoshi_error e;
    hoshi_cvss_version v;
    hoshi_err rc = hoshi_cvss_score(c[i].vector, &s, &v, &e);
    if (rc != HOSHI_OK) fail_msg("%s: %s", c[i].vector, e.message);
    if ((long)(s * 10 + 0.5) != (long)(c[i].score * 10 + 0.5))
      fail_msg("%s: got %.1f, expected %.1f", c[i].vector, s, c[i].score);
  }
}

static void test_v31_published(void **state) {
  (void)state;
  static const case_t cases[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},  /* Heartbleed, CVE-2014-0160 */
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},  /* typical reflected XSS */
      {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N", 6.8},  /* OSV schema example */
      {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 4.6},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5},
      {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:L", 5.4},
      /* temporal and environmental metrics are accepted; the base score ignores them */
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:U/RL:O/RC:C/MC:N/MI:N/MA:N", 10.0},
  };
  check(cases, sizeof cases / sizeof cases[0]);
}

static void test_v40_published(void **state) {
  (void)state;
  static const case_t cases[] = {
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 5.3}, /* CVE-2024-7657 */
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5}, /* FIRST example */
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X", 5.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0},
      /* examples of the FIRST "CVSS v4.0 Examples" document */
      {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 5.2},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/"
       "MVC:H/MVI:L/MVA:L", 8.1},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 4.6},
      /* subsequent-system impact only; threat and environmental (safety) metrics */
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 7.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 9.1},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S", 9.8},
      /* threat metric, worked by hand: E:U moves the vector to macrovector 000220 (8.1);
       * it equals that macrovector's highest vector in EQ1-3, and EQ4 has no lower one */
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1},
  };
  check(cases, sizeof cases / sizeof cases[0]);
}

static void test_malformed(void **state) {
  (void)state;
  static const char *bad[] = {
      "", "AV:N/AC:L", "CVSS:3.1/", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",      /* no A */
      "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",                             /* bad value */
      "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",                        /* twice */
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",                            /* trailing / */
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",                        /* unknown */
      "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",               /* no AT */
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",          /* S not base */
      "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:3.1/AV", "CVSS:3.1/:N",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double s;
    hoshi_error e;
    if (hoshi_cvss_score(bad[i], &s, NULL, &e) != HOSHI_EINVAL) fail_msg("accepted '%s'", bad[i]);
    assert_true(e.message[0] != '\0');
  }
  hoshi_error e;
  double s;
  assert_int_equal(hoshi_cvss_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &s, NULL, &e),
                   HOSHI_EINVAL);
  assert_string_equal(e.field, "AV");
}

static void test_length_limit(void **state) {
  (void)state;
  /* exactly at the limit: rejected for content, not length; one past: ELIMIT */
  char v[HOSHI_CVSS_VECTOR_MAX + 2];
  const char *base = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  size_t n = strlen(base);
  memcpy(v, base, n);
  memset(v + n, 'x', sizeof v - 1 - n);
  v[HOSHI_CVSS_VECTOR_MAX] = '\0';
  double s;
  hoshi_error e;
  assert_int_equal(hoshi_cvss_score(v, &s, NULL, &e), HOSHI_EINVAL);
  v[HOSHI_CVSS_VECTOR_MAX] = 'x';
  v[HOSHI_CVSS_VECTOR_MAX + 1] = '\0';
  assert_int_equal(hoshi_cvss_score(v, &s, NULL, &e), HOSHI_ELIMIT);
}

static void test_rating(void **state) {
  (void)state;
  assert_string_equal(hoshi_cvss_rating(0.0), "none");
  assert_string_equal(hoshi_cvss_rating(3.9), "low");
  assert_string_equal(hoshi_cvss_rating(4.0), "medium");
  assert_string_equal(hoshi_cvss_rating(7.0), "high");
  assert_string_equal(hoshi_cvss_rating(9.0), "critical");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_v31_published), cmocka_unit_test(test_v40_published),
      cmocka_unit_test(test_malformed), cmocka_unit_test(test_length_limit),
      cmocka_unit_test(test_rating),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

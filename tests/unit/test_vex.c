/* VEX readers: the CISA VEX use-case documents read into the statements they make,
 * OpenVEX 0.0.x and 0.2 shapes, malformed documents with the JSON path of the fault, and the
 * statement and size limits one past. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "hoshi/vuln.h"

static void parse_shared(const char *name, hoshi_vex *vex) {
  const char *data = tu_require_shared_data("CISA VEX examples");
  char p[4096];
  snprintf(p, sizeof p, "%s/vex/%s", data, name);
  size_t len;
  char *buf = tu_read_file(p, &len);
  assert_non_null(buf);
  hoshi_error e;
  if (hoshi_vex_parse(buf, len, name, vex, &e) != HOSHI_OK) fail_msg("%s: %s %s", name, e.field, e.message);
  free(buf);
}

static const hoshi_vex_statement *by_id(const hoshi_vex *v, const char *id) {
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->st[i].vuln_id, id) == 0) return &v->st[i];
  return NULL;
}

static void test_cisa_case1(void **state) {
  (void)state;
  static const struct { const char *file; hoshi_vex_status st; const char *product; } c[] = {
      {"case1-vex-not_affected.json", HOSHI_VEX_NOT_AFFECTED, "ABC@4.2"},
      {"case1-vex-fixed.json", HOSHI_VEX_FIXED, "DEF@1.1"},
      {"case1-vex-affected.json", HOSHI_VEX_AFFECTED, "DEF@1.0"},
      {"case1-vex-under_investigation.json", HOSHI_VEX_UNDER_INVESTIGATION, "GHI@17.4"},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    hoshi_vex v = {0};
    parse_shared(c[i].file, &v);
    assert_int_equal(v.n, 1);
    assert_string_equal(v.st[0].vuln_id, "CVE-2021-44228");
    assert_int_equal(v.st[0].status, c[i].st);
    /* the product is the document's own metadata.component: its ref and name@version */
    int found = 0;
    for (size_t k = 0; k < v.st[0].nproducts; k++) found |= strcmp(v.st[0].products[k], c[i].product) == 0;
    if (!found) fail_msg("%s: product %s not listed", c[i].file, c[i].product);
    hoshi_vex_free(&v);
  }
  hoshi_vex v = {0};
  parse_shared("case1-vex-not_affected.json", &v);
  assert_string_equal(v.st[0].justification, "code_not_present");
  assert_non_null(strstr(v.st[0].detail, "removed before shipping"));
  hoshi_vex_free(&v);
}

static void test_cisa_case2_case3(void **state) {
  (void)state;
  hoshi_vex v = {0};
  parse_shared("case2-vex.json", &v);
  /* case 2: ABC 4.2 is not affected by any of the 19 Ripple20 CVEs */
  assert_int_equal(v.n, 19);
  for (size_t i = 0; i < v.n; i++) {
    assert_int_equal(v.st[i].status, HOSHI_VEX_NOT_AFFECTED);
    assert_string_equal(v.st[i].justification, "code_not_reachable");
  }
  hoshi_vex_free(&v);
  /* case 3: per the README, GHI 17.4: 6 not affected, 5 affected, 5 under investigation,
   * 3 fixed */
  parse_shared("case3-vex.json", &v);
  assert_int_equal(v.n, 19);
  size_t n[5] = {0};
  for (size_t i = 0; i < v.n; i++) n[v.st[i].status]++;
  assert_int_equal(n[HOSHI_VEX_NOT_AFFECTED], 6);
  assert_int_equal(n[HOSHI_VEX_AFFECTED], 5);
  assert_int_equal(n[HOSHI_VEX_UNDER_INVESTIGATION], 5);
  assert_int_equal(n[HOSHI_VEX_FIXED], 3);
  assert_int_equal(by_id(&v, "CVE-2020-11897")->status, HOSHI_VEX_NOT_AFFECTED);
  assert_int_equal(by_id(&v, "CVE-2020-11898")->status, HOSHI_VEX_AFFECTED);
  assert_int_equal(by_id(&v, "CVE-2020-11896")->status, HOSHI_VEX_UNDER_INVESTIGATION);
  assert_int_equal(by_id(&v, "CVE-2020-11901")->status, HOSHI_VEX_FIXED);
  hoshi_vex_free(&v);
}

static void test_openvex_shapes(void **state) {
  (void)state;
  /* 0.0.x: vulnerability and products as strings, subcomponents beside products */
  const char *old =
      "{\"@context\":\"https://openvex.dev/ns\",\"statements\":[{\"vulnerability\":\"CVE-2023-1\","
      "\"products\":[\"pkg:oci/app@sha256:abc\"],\"subcomponents\":[\"pkg:npm/lib@1.0.0\"],"
      "\"status\":\"fixed\"}]}";
  const char *v2 =
      "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"@id\":"
      "\"https://nvd.nist.gov/vuln/detail/CVE-2023-2\",\"name\":\"CVE-2023-2\",\"aliases\":[\"GHSA-aaaa\"]},"
      "\"products\":[{\"@id\":\"pkg:oci/app\",\"identifiers\":{\"purl\":\"pkg:oci/app@1\"},"
      "\"subcomponents\":[{\"@id\":\"pkg:npm/lib@2.0.0\"}]}],\"status\":\"not_affected\","
      "\"impact_statement\":\"not loaded\"}]}";
  hoshi_vex v = {0};
  hoshi_error e;
  assert_int_equal(hoshi_vex_parse(old, strlen(old), "old", &v, &e), HOSHI_OK);
  assert_int_equal(hoshi_vex_parse(v2, strlen(v2), "v2", &v, &e), HOSHI_OK);
  assert_int_equal(v.n, 2);
  assert_int_equal(v.st[0].status, HOSHI_VEX_FIXED);
  assert_int_equal(v.st[0].nsubcomponents, 1);
  assert_string_equal(v.st[0].subcomponents[0], "pkg:npm/lib@1.0.0");
  assert_int_equal(v.st[1].nproducts, 2);
  assert_int_equal(v.st[1].naliases, 2);
  assert_string_equal(v.st[1].detail, "not loaded");
  assert_string_equal(v.st[1].source, "v2");
  hoshi_vex_free(&v);
}

static void test_malformed(void **state) {
  (void)state;
  static const struct { const char *json; const char *field; } c[] = {
      {"[]", "$"},
      {"{\"foo\":1}", "$"},
      {"{\"statements\":{}}", "$.statements"},
      {"{\"statements\":[{\"vulnerability\":\"CVE-1\",\"products\":[\"p\"],\"status\":\"bogus\"}]}",
       "$.statements[0]"},
      {"{\"statements\":[{\"vulnerability\":\"CVE-1\",\"products\":[\"p\"],\"status\":\"fixed\"},"
       "{\"vulnerability\":\"CVE-1\",\"products\":[\"p\"],\"status\":\"not_affected\"}]}",
       "$.statements[1]"}, /* not_affected without justification or impact statement */
      {"{\"statements\":[{\"vulnerability\":\"CVE-1\",\"products\":[],\"status\":\"fixed\"}]}",
       "$.statements[0]"},
      {"{\"statements\":[{\"vulnerability\":\"CVE-1\",\"products\":[{\"x\":1}],\"status\":\"fixed\"}]}",
       "$.statements[0].products[0]"},
      {"{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"maybe\"},"
       "\"affects\":[{\"ref\":\"a\"}]}]}", "$.vulnerabilities[0].analysis"},
      {"{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":"
       "\"resolved\"},\"affects\":[{\"ref\":7}]}]}", "$.vulnerabilities[0].affects[0]"},
      {"{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"analysis\":{}}]}", "$.vulnerabilities[0]"},
      {"{\"statements\":[", "$"},
  };
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    hoshi_vex v = {0};
    hoshi_error e;
    hoshi_error_clear(&e);
    if (hoshi_vex_parse(c[i].json, strlen(c[i].json), "t", &v, &e) != HOSHI_EINVAL ||
        strcmp(e.field, c[i].field) != 0)
      fail_msg("case %zu: '%s' (%s), expected '%s'", i, e.field, e.message, c[i].field);
    assert_int_equal(v.n, 0); /* all or nothing */
    hoshi_vex_free(&v);
  }
}

static void test_limits(void **state) {
  (void)state;
  for (size_t n = HOSHI_VEX_STATEMENTS_MAX; n <= HOSHI_VEX_STATEMENTS_MAX + 1; n++) {
    hoshi_buf b = HOSHI_BUF_INIT;
    hoshi_buf_puts(&b, "{\"statements\":[");
    for (size_t i = 0; i < n; i++)
      hoshi_buf_printf(&b, "%s{\"vulnerability\":\"CVE-2020-%zu\",\"products\":[\"p\"],\"status\":\"fixed\"}",
                       i ? "," : "", i);
    hoshi_buf_puts(&b, "]}");
    hoshi_vex v = {0};
    hoshi_error e;
    assert_int_equal(hoshi_vex_parse(b.p, b.n, "big", &v, &e),
                     n == HOSHI_VEX_STATEMENTS_MAX ? HOSHI_OK : HOSHI_ELIMIT);
    hoshi_vex_free(&v);
    hoshi_buf_free(&b);
  }
  for (size_t n = HOSHI_VEX_LIST_MAX; n <= HOSHI_VEX_LIST_MAX + 1; n++) {
    hoshi_buf b = HOSHI_BUF_INIT;
    hoshi_buf_puts(&b, "{\"statements\":[{\"vulnerability\":\"CVE-2020-1\",\"status\":\"fixed\",\"products\":[");
    for (size_t i = 0; i < n; i++) hoshi_buf_printf(&b, "%s\"pkg:npm/p%zu\"", i ? "," : "", i);
    hoshi_buf_puts(&b, "]}]}");
    hoshi_vex v = {0};
    hoshi_error e;
    hoshi_err rc = hoshi_vex_parse(b.p, b.n, "many", &v, &e);
    assert_int_equal(rc, n == HOSHI_VEX_LIST_MAX ? HOSHI_OK : HOSHI_ELIMIT);
    if (rc) assert_string_equal(e.field, "$.statements[0].products[10000]");
    hoshi_vex_free(&v);
    hoshi_buf_free(&b);
  }
  size_t big = HOSHI_VEX_FILE_MAX + 1;
  char *p = malloc(big);
  memset(p, ' ', big);
  hoshi_vex v = {0};
  hoshi_error e;
  assert_int_equal(hoshi_vex_parse(p, big, "huge", &v, &e), HOSHI_ELIMIT);
  free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cisa_case1), cmocka_unit_test(test_cisa_case2_case3),
      cmocka_unit_test(test_openvex_shapes), cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

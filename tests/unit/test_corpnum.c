/* 法人番号 check digit: published numbers validate, one-digit changes and malformed input do not. */
#include <string.h>

#include "org/org.h"
#include "testutil.h"

static void test_valid_numbers(void **state) {
  (void)state;
  /* The National Tax Agency's own number and Toyota Motor's, both published. */
  const char *valid[] = {"7000012050002", "1180301018771"};
  for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
    hoshi_error e;
    assert_int_equal(org_corpnum_validate(valid[i], &e), HOSHI_OK);
  }
  assert_int_equal(org_corpnum_check_digit("000012050002"), 7);
  assert_int_equal(org_corpnum_check_digit("180301018771"), 1);
}

static void test_every_wrong_check_digit_is_refused(void **state) {
  (void)state;
  char num[14] = "7000012050002";
  for (char d = '0'; d <= '9'; d++) {
    num[0] = d;
    hoshi_error e;
    hoshi_err rc = org_corpnum_validate(num, &e);
    if (d == '7') {
      assert_int_equal(rc, HOSHI_OK);
    } else {
      assert_int_equal(rc, HOSHI_EINVAL);
      assert_string_equal(e.field, "corporate_number");
      assert_non_null(strstr(e.message, "check digit"));
      assert_non_null(strstr(e.message, "should be 7"));
    }
  }
}

static void test_changed_base_digit_is_refused(void **state) {
  (void)state;
  hoshi_error e;
  assert_int_equal(org_corpnum_validate("7000012050003", &e), HOSHI_EINVAL);
  assert_int_equal(org_corpnum_validate("1180301018772", &e), HOSHI_EINVAL);
}

static void test_malformed(void **state) {
  (void)state;
  hoshi_error e;
  assert_int_equal(org_corpnum_validate("", &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "required"));
  assert_int_equal(org_corpnum_validate(NULL, &e), HOSHI_EINVAL);
  assert_int_equal(org_corpnum_validate("700001205000", &e), HOSHI_EINVAL); /* 12 digits */
  assert_non_null(strstr(e.message, "13 digits"));
  assert_int_equal(org_corpnum_validate("70000120500021", &e), HOSHI_EINVAL); /* 14 digits */
  assert_int_equal(org_corpnum_validate("700001205000A", &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "position 13"));
  assert_int_equal(org_corpnum_validate("７000012050002", &e), HOSHI_EINVAL); /* full-width 7 */
  assert_int_equal(org_corpnum_validate("7000-12050002", &e), HOSHI_EINVAL);
  assert_int_equal(org_corpnum_check_digit("00001205000"), -1);
  assert_int_equal(org_corpnum_check_digit("00001205000x"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_numbers),
      cmocka_unit_test(test_every_wrong_check_digit_is_refused),
      cmocka_unit_test(test_changed_base_digit_is_refused),
      cmocka_unit_test(test_malformed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* User text checks shared by every domain module (see text.h). */
#include "core/text.h"

#include <string.h>

hoshi_err text_check(const char *field, const char *v, size_t max, int required, int multiline, hoshi_error *e) {
  if (v == NULL || (required && *v == '\0')) {
    if (required) return hoshi_fail(e, HOSHI_EINVAL, field, "%s is required", field);
    return HOSHI_OK;
  }
  size_t n = strlen(v);
  if (n > max) return hoshi_fail(e, HOSHI_EINVAL, field, "%s is %zu bytes long; at most %zu bytes allowed", field, n, max);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    if (c < 0x20 && !(c == '\t' || (multiline && (c == '\n' || c == '\r'))))
      return hoshi_fail(e, HOSHI_EINVAL, field, "%s contains a control character at byte %zu", field, i + 1);
  }
  return HOSHI_OK;
}

int text_one_of(const char *s, const char *const *list) {
  if (s == NULL) return 0;
  for (size_t i = 0; list[i]; i++)
    if (strcmp(s, list[i]) == 0) return 1;
  return 0;
}

/* Helpers shared by the catalog converters: id tokens, bilingual texts, duplicate lookups and
 * the final JSON write (see convert_int.h). */
#include "catalog/convert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cv_token(const char *in, char *out, size_t cap) {
  size_t n = 0;
  int dash = 0;
  if (cap == 0) return;
  for (const char *p = in ? in : ""; *p && n + 1 < cap; p++) {
    char c = *p;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
    if (ok) {
      out[n++] = c;
      dash = 0;
    } else if (!dash && n > 0) {
      out[n++] = '-';
      dash = 1;
    }
  }
  while (n > 0 && out[n - 1] == '-') n--;
  out[n] = '\0';
  if (n == 0) snprintf(out, cap, "%s", "catalog");
}

yyjson_mut_val *cv_text(yyjson_mut_doc *d, const char *ja, const char *en) {
  yyjson_mut_val *t = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, t, "ja", ja ? ja : "");
  yyjson_mut_obj_add_strcpy(d, t, "en", en ? en : "");
  return t;
}

yyjson_mut_val *cv_find_id(yyjson_mut_val *arr, const char *id) {
  size_t i, n;
  yyjson_mut_val *v;
  yyjson_mut_arr_foreach(arr, i, n, v) {
    const char *s = yyjson_mut_get_str(yyjson_mut_obj_get(v, "id"));
    if (s && id && strcmp(s, id) == 0) return v;
  }
  return NULL;
}

hoshi_err cv_write(yyjson_mut_doc *d, char **out, size_t *out_len, hoshi_error *e) {
  size_t n = 0;
  yyjson_write_err err;
  char *s = yyjson_mut_write_opts(d, YYJSON_WRITE_PRETTY_TWO_SPACES, NULL, &n, &err);
  if (s == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "cannot write the result: %s", err.msg);
  char *p = realloc(s, n + 2);
  if (p == NULL) {
    free(s);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory writing the result");
  }
  p[n] = '\n';
  p[n + 1] = '\0';
  *out = p;
  *out_len = n + 1;
  return HOSHI_OK;
}

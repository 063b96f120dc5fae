/* libFuzzer harness for the JC-STAR model-number list parser: arbitrary bytes either parse to
 * entries that are trimmed, non-empty, within the limits and unique, or fail with a message;
 * each entry also goes through the registration-number check and the CSV cell writer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  jcs_models m;
  hoshi_error e;
  if (jcs_models_parse((const char *)data, size, &m, &e) == HOSHI_OK) {
    if (m.n == 0 || m.n > JCS_MODELS_MAX) abort();
    for (size_t i = 0; i < m.n; i++) {
      size_t len = strlen(m.v[i]);
      if (len == 0 || len > JCS_MODEL_MAX) abort();
      if (m.v[i][0] == ' ' || m.v[i][len - 1] == ' ' || strchr(m.v[i], ',') || strchr(m.v[i], '\n')) abort();
      for (size_t j = 0; j < i; j++)
        if (strcmp(m.v[i], m.v[j]) == 0) abort();
      (void)jcs_regnum_valid(m.v[i]);
      hoshi_buf b = HOSHI_BUF_INIT;
      jcs_csv_cell(&b, m.v[i]);
      /* a quoted cell starts and ends with a quote; an unquoted one is the text itself */
      if (b.n == 0 || (b.p[0] == '"' && b.p[b.n - 1] != '"') || (b.p[0] != '"' && strcmp(b.p, m.v[i]) != 0)) abort();
      hoshi_buf_free(&b);
    }
    free(m.v);
  } else if (m.v != NULL || m.n != 0 || e.message[0] == '\0') {
    abort();
  }
  return 0;
}

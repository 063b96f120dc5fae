/* libFuzzer harness for the CVSS v3/v4 vector parser and scorer: the input is one vector;
 * a score outside 0..10 traps. Also replayed from fuzz/corpus/cvss by make test. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hoshi/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char v[HOSHI_CVSS_VECTOR_MAX + 2];
  size_t n = size < sizeof v - 1 ? size : sizeof v - 1;
  memcpy(v, data, n);
  v[n] = '\0';
  double s;
  hoshi_error e;
  if (hoshi_cvss_score(v, &s, NULL, &e) == HOSHI_OK && (s < 0.0 || s > 10.0)) __builtin_trap();
  return 0;
}

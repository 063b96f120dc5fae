/* Shared body of the version harnesses (one per scheme): the input is "A\nB" or "A\nB\nC";
 * comparing must not crash, must be antisymmetric, a valid version must equal itself, and the
 * order must be transitive (A <= B <= C implies A <= C) where the scheme's own reference is:
 * Maven's ComparableVersion is not ("-m1" > "x" > "-" > "-m1" in Maven 3.8.7 itself). */
#ifndef HOSHI_FUZZ_VERSION_H
#define HOSHI_FUZZ_VERSION_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/version.h"

static int fuzz_cmp(hoshi_version_scheme scheme, const char *a, const char *b, int *c) {
  hoshi_error e;
  return hoshi_version_cmp_scheme(scheme, a, b, c, &e) == HOSHI_OK;
}

static void fuzz_version_one(hoshi_version_scheme scheme, int transitive, const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (s == NULL) return;
  memcpy(s, data, size);
  s[size] = '\0';
  char *v[3] = {s, s + size, s + size};
  for (int k = 1; k < 3; k++) {
    char *nl = strchr(v[k - 1], '\n');
    if (nl == NULL) break;
    *nl = '\0';
    v[k] = nl + 1;
  }
  int ab = 9, ba = 9, aa = 9, bc = 9, ac = 9;
  int ok1 = fuzz_cmp(scheme, v[0], v[1], &ab), ok2 = fuzz_cmp(scheme, v[1], v[0], &ba);
  if (ok1 != ok2) abort();
  if (ok1 && (ab != -ba || ab < -1 || ab > 1)) abort();
  if (fuzz_cmp(scheme, v[0], v[0], &aa) && aa != 0) abort();
  if (transitive && ok1 && fuzz_cmp(scheme, v[1], v[2], &bc) && fuzz_cmp(scheme, v[0], v[2], &ac)) {
    if (ab <= 0 && bc <= 0 && ac > 0) abort();
    if (ab >= 0 && bc >= 0 && ac < 0) abort();
    if (ab == 0 && bc == 0 && ac != 0) abort();
  }
  free(s);
}

#define FUZZ_VERSION_HARNESS(scheme, transitive)                      \
  int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {      \
    fuzz_version_one(scheme, transitive, data, size);                 \
    return 0;                                                         \
  }

#endif

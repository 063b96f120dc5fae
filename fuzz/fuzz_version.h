/* Shared body of the version harnesses (one per scheme): the input is "A\nB"; comparing must
 * not crash, must be antisymmetric, and a valid version must equal itself. */
#ifndef HOSHI_FUZZ_VERSION_H
#define HOSHI_FUZZ_VERSION_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/version.h"

static void fuzz_version_one(hoshi_version_scheme scheme, const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (s == NULL) return;
  memcpy(s, data, size);
  s[size] = '\0';
  char *b = strchr(s, '\n');
  if (b) *b++ = '\0';
  else b = s + size;
  hoshi_error e;
  int ab = 9, ba = 9, aa = 9;
  hoshi_err r1 = hoshi_version_cmp_scheme(scheme, s, b, &ab, &e);
  hoshi_err r2 = hoshi_version_cmp_scheme(scheme, b, s, &ba, &e);
  if ((r1 == HOSHI_OK) != (r2 == HOSHI_OK)) abort();
  if (r1 == HOSHI_OK && (ab != -ba || ab < -1 || ab > 1)) abort();
  if (hoshi_version_cmp_scheme(scheme, s, s, &aa, &e) == HOSHI_OK && aa != 0) abort();
  free(s);
}

#define FUZZ_VERSION_HARNESS(scheme)                                  \
  int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {      \
    fuzz_version_one(scheme, data, size);                             \
    return 0;                                                         \
  }

#endif

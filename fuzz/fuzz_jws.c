/* libFuzzer harness for certificate verification: the input is a JWKS, a newline, then a JWS;
 * both parsers must answer without crashing. Replayed from fuzz/corpus/jws by make test. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cert/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) ready = util_init() == 0;
  const char *text = (const char *)data;
  const char *nl = memchr(text, '\n', size);
  size_t klen = nl ? (size_t)(nl - text) : size;
  static cert_keyset ks;
  hoshi_error e;
  if (cert_jwks_parse(text, klen, &ks, &e) != HOSHI_OK) ks.n = 0;
  if (nl) {
    static cert_facts f;
    (void)cert_jws_verify(nl + 1, size - klen - 1, &ks, (time_t)1800000000, &f, &e);
  }
  return 0;
}

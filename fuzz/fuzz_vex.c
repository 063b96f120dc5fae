/* libFuzzer harness for the CycloneDX VEX and OpenVEX readers: statements or an error,
 * never a crash or a leak; also replayed from fuzz/corpus/vex by make test. */
#include <stddef.h>
#include <stdint.h>

#include "hoshi/vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  hoshi_vex vex = {0};
  hoshi_error e;
  (void)hoshi_vex_parse((const char *)data, size, "fuzz", &vex, &e);
  hoshi_vex_free(&vex);
  return 0;
}

/* libFuzzer harness: hoshi_sbom_parse on arbitrary bytes, seeded with SPDX 2.x JSON and SPDX
 * 3.0 JSON-LD documents (the reader is chosen by content, so seeds steer it). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_sbom_one(data, size);
  return 0;
}

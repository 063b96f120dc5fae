/* libFuzzer harness: hoshi_sbom_parse on arbitrary bytes, seeded with CycloneDX documents.
 * A parsed document is walked whole so every pointer it hands out gets read. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_sbom_one(data, size);
  return 0;
}

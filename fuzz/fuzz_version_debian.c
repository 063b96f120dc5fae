/* libFuzzer harness for the debian version comparator ("A\nB" inputs; see fuzz_version.h).
 * One harness per scheme keeps each corpus and its coverage focused. */
#include "fuzz_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
FUZZ_VERSION_HARNESS(HOSHI_VS_DEBIAN, 1)

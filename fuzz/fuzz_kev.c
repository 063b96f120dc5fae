/* libFuzzer harness for the CISA KEV catalog reader: any input gives entries or an error,
 * never a crash; also replayed from fuzz/corpus/kev by make test. */
#include <stddef.h>
#include <stdint.h>

#include "vuln/feeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_entry(void *ctx, const kev_entry *k) {
  (void)k;
  (*(size_t *)ctx)++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t n = 0, count;
  hoshi_error e;
  (void)kev_sniff((const char *)data, size);
  (void)kev_read((const char *)data, size, count_entry, &n, &count, &e);
  return 0;
}

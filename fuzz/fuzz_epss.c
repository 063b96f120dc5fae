/* libFuzzer harness for the EPSS CSV reader: any input gives rows or an error naming the
 * line, never a crash; also replayed from fuzz/corpus/epss by make test. */
#include <stddef.h>
#include <stdint.h>

#include "vuln/feeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_row(void *ctx, const epss_row *r) {
  (void)r;
  (*(size_t *)ctx)++;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t n = 0, count;
  char date[16];
  hoshi_error e;
  (void)epss_sniff((const char *)data, size);
  (void)epss_read((const char *)data, size, count_row, &n, date, &count, &e);
  return 0;
}

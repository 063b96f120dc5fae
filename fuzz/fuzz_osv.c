/* libFuzzer harness for the OSV reader and the range evaluation on what it read: any input
 * must give an advisory or an error, never a crash or a leak. */
#include <stddef.h>
#include <stdint.h>

#include "vuln/match.h"
#include "vuln/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  osv_advisory a;
  hoshi_error e;
  if (osv_parse((const char *)data, size, &a, &e) != HOSHI_OK) return 0;
  static const char *const probes[] = {"0", "1.0.0", "v1.2.3", "2.0rc1", "1:2.3-4", "go1.21rc2", "go1.20"};
  for (size_t i = 0; i < a.n_affected; i++) {
    const osv_affected *af = &a.affected[i];
    const char *eco = af->ecosystem ? af->ecosystem : "npm";
    for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
      match_result r;
      match_affected(af, eco, probes[k], &r);
      (void)match_release(eco, "debian-12");
    }
  }
  osv_free(&a);
  return 0;
}

/* libFuzzer harness for the CISO Assistant YAML import: no input may crash it, and whatever it
 * accepts is a catalog the OSCAL converter takes and gives back unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <yyjson.h>

#include "catalog/convert.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) ready = util_init() == 0;
  char *hoshi = NULL, *oscal = NULL, *back = NULL;
  size_t hlen = 0, olen = 0, blen = 0;
  hoshi_error e;
  if (catalog_from_cisoa_yaml((const char *)data, size, &hoshi, &hlen, &e) == HOSHI_OK) {
    /* Only a size limit may stop the way through OSCAL; any other refusal is a bug. */
    hoshi_err rc = catalog_to_oscal(hoshi, hlen, &oscal, &olen, &e);
    if (rc != HOSHI_OK && rc != HOSHI_ELIMIT) abort();
    if (rc == HOSHI_OK) {
      if (catalog_from_oscal(oscal, olen, &back, &blen, &e) != HOSHI_OK) abort();
      yyjson_doc *a = yyjson_read(hoshi, hlen, 0), *b = yyjson_read(back, blen, 0);
      int same = a && b && yyjson_equals(yyjson_doc_get_root(a), yyjson_doc_get_root(b));
      yyjson_doc_free(a);
      yyjson_doc_free(b);
      if (!same) abort();
    }
  }
  free(hoshi);
  free(oscal);
  free(back);
  return 0;
}

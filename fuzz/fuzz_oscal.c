/* libFuzzer harness for the OSCAL converter: any input is tried as OSCAL and as hoshi-catalog/1;
 * whatever catalog_from_oscal accepts must survive to_oscal -> from_oscal unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <yyjson.h>

#include "catalog/convert.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Both strings parse and hold equal JSON values. */
static int same_json(const char *a, size_t alen, const char *b, size_t blen) {
  yyjson_doc *da = yyjson_read(a, alen, 0), *db = yyjson_read(b, blen, 0);
  int same = da && db && yyjson_equals(yyjson_doc_get_root(da), yyjson_doc_get_root(db));
  yyjson_doc_free(da);
  yyjson_doc_free(db);
  return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int ready;
  if (!ready) ready = util_init() == 0;
  const char *in = (const char *)data;
  char *hoshi = NULL, *oscal = NULL, *again = NULL;
  size_t hlen = 0, olen = 0, alen = 0;
  hoshi_error e;
  if (catalog_from_oscal(in, size, &hoshi, &hlen, &e) == HOSHI_OK) {
    /* A size limit may stop the way back (OSCAL input may be larger than a catalog); any
     * other refusal of our own output is a bug. */
    hoshi_err rc = catalog_to_oscal(hoshi, hlen, &oscal, &olen, &e);
    if (rc != HOSHI_OK && rc != HOSHI_ELIMIT) abort();
    if (rc == HOSHI_OK) {
      if (catalog_from_oscal(oscal, olen, &again, &alen, &e) != HOSHI_OK) abort();
      if (!same_json(hoshi, hlen, again, alen)) abort();
    }
  }
  free(hoshi);
  free(oscal);
  free(again);
  oscal = NULL;
  if (catalog_to_oscal(in, size, &oscal, &olen, &e) == HOSHI_OK) {
    if (catalog_from_oscal(oscal, olen, &again, &alen, &e) != HOSHI_OK) abort();
    free(again);
  }
  free(oscal);
  return 0;
}

/* libFuzzer harness for purls: parse arbitrary text; when it parses, the canonical form must
 * parse again to the same canonical form, and building from the parts must give it too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/purl.h"
#include "sbom/purl_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (s == NULL) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  hoshi_purl p;
  hoshi_error e;
  int plain = purl_is_plain_canonical(s);
  if (plain) { /* the shortcut may only claim what the full canonicalization confirms */
    char *c = NULL;
    if (hoshi_purl_canon(s, &c, &e) != HOSHI_OK || strcmp(c, s) != 0) abort();
    free(c);
  }
  if (hoshi_purl_parse(s, &p, &e) == HOSHI_OK) {
    char *canon = NULL, *again = NULL, *built = NULL;
    if (hoshi_purl_canon(s, &canon, &e) != HOSHI_OK) abort();
    if (hoshi_purl_canon(canon, &again, &e) != HOSHI_OK || strcmp(canon, again) != 0) abort();
    if (hoshi_purl_build(&p, &built, &e) != HOSHI_OK || strcmp(canon, built) != 0) abort();
    char *osv = NULL;
    if (hoshi_purl_osv_ecosystem(&p) != NULL) {
      if (hoshi_purl_osv_name(&p, &osv, &e) != HOSHI_OK) abort();
    }
    free(osv);
    free(canon);
    free(again);
    free(built);
    hoshi_purl_free(&p);
  } else if (p.type != NULL || e.message[0] == '\0') {
    abort();
  }
  free(s);
  return 0;
}

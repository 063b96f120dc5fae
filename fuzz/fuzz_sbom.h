/* Shared body of the SBOM harnesses: parse, touch every string and index, check invariants
 * (indexes in range, canonical purls stay canonical), compute the coverage. */
#ifndef HOSHI_FUZZ_SBOM_H
#define HOSHI_FUZZ_SBOM_H

#include <stdlib.h>
#include <string.h>

#include "hoshi/purl.h"
#include "hoshi/sbom.h"

static size_t fuzz_touch(const char *s) { return s ? strlen(s) : 0; }

static void fuzz_sbom_one(const uint8_t *data, size_t size) {
  hoshi_sbom *s = NULL;
  hoshi_error e;
  if (hoshi_sbom_parse((const char *)data, size, &s, &e) != HOSHI_OK) {
    if (s != NULL || e.message[0] == '\0') abort();
    return;
  }
  size_t n = fuzz_touch(s->spec_version) + fuzz_touch(s->serial) + fuzz_touch(s->created) + fuzz_touch(s->name);
  for (size_t i = 0; i < s->ntools; i++) n += fuzz_touch(s->tools[i]);
  for (size_t i = 0; i < s->nauthors; i++) n += fuzz_touch(s->authors[i]);
  for (size_t i = 0; i < s->nlifecycles; i++) n += fuzz_touch(s->lifecycles[i]);
  if (s->subject != HOSHI_SBOM_NONE && s->subject >= s->ncomponents) abort();
  for (size_t i = 0; i < s->ncomponents; i++) {
    const hoshi_sbom_component *c = &s->components[i];
    if (c->name == NULL) abort();
    if (c->parent != HOSHI_SBOM_NONE && c->parent >= i) abort(); /* parents come first */
    n += fuzz_touch(c->ref) + fuzz_touch(c->type) + fuzz_touch(c->name) + fuzz_touch(c->group) +
         fuzz_touch(c->version) + fuzz_touch(c->cpe) + fuzz_touch(c->supplier);
    for (size_t j = 0; j < c->nlicenses; j++) n += fuzz_touch(c->licenses[j]);
    for (size_t j = 0; j < c->nhashes; j++) n += fuzz_touch(c->hashes[j].alg) + fuzz_touch(c->hashes[j].value);
    if (c->purl) {
      char *again = NULL;
      if (hoshi_purl_canon(c->purl, &again, &e) != HOSHI_OK || strcmp(again, c->purl) != 0) abort();
      free(again);
    }
  }
  for (size_t i = 0; i < s->nedges; i++)
    if (s->edges[i].from >= s->ncomponents || s->edges[i].to >= s->ncomponents) abort();
  for (size_t i = 0; i < s->nvulns; i++) {
    n += fuzz_touch(s->vulns[i].id) + fuzz_touch(s->vulns[i].state) + fuzz_touch(s->vulns[i].justification);
    for (size_t j = 0; j < s->vulns[i].naffects; j++)
      if (s->vulns[i].affects[j] >= s->ncomponents) abort();
  }
  hoshi_sbom_quality q;
  hoshi_sbom_quality_of(s, &q);
  if (q.ntia_all > 100.0 || q.cisa_all > q.ntia_all) abort();
  (void)n;
  hoshi_sbom_free(s);
}

#endif

/* Minimum-element coverage of an SBOM: NTIA 2021 (supplier, name, version, unique id,
 * dependencies, author, timestamp) and the CISA 2025 draft (hash, license, tool, context). */
#include <stdlib.h>
#include <string.h>

#include "hoshi/sbom.h"

static int present(const char *s) { return s != NULL && *s != '\0'; }

static double pct(size_t n, size_t total) { return total ? 100.0 * (double)n / (double)total : 0.0; }

void hoshi_sbom_quality_of(const hoshi_sbom *s, hoshi_sbom_quality *q) {
  memset(q, 0, sizeof *q);
  size_t n = s->ncomponents;
  q->components = n;
  /* a component takes part in a relationship when an edge touches it */
  unsigned char *linked = n ? calloc(n, 1) : NULL;
  if (linked)
    for (size_t i = 0; i < s->nedges; i++) {
      if (s->edges[i].from < n) linked[s->edges[i].from] = 1;
      if (s->edges[i].to < n) linked[s->edges[i].to] = 1;
    }
  int author = s->nauthors > 0, timestamp = present(s->created), tool = s->ntools > 0, context = s->nlifecycles > 0;
  size_t sup = 0, name = 0, ver = 0, uid = 0, dep = 0, hash = 0, lic = 0, ntia = 0, cisa = 0;
  for (size_t i = 0; i < n; i++) {
    const hoshi_sbom_component *c = &s->components[i];
    int has_sup = present(c->supplier), has_name = present(c->name), has_ver = present(c->version);
    int has_uid = present(c->purl) || present(c->cpe);
    int has_dep = linked ? linked[i] : 0;
    int has_hash = c->nhashes > 0, has_lic = c->nlicenses > 0;
    sup += has_sup;
    name += has_name;
    ver += has_ver;
    uid += has_uid;
    dep += has_dep;
    hash += has_hash;
    lic += has_lic;
    int all = has_sup && has_name && has_ver && has_uid && has_dep && author && timestamp;
    ntia += all;
    cisa += all && has_hash && has_lic && tool && context;
  }
  free(linked);
  q->supplier = pct(sup, n);
  q->name = pct(name, n);
  q->version = pct(ver, n);
  q->unique_id = pct(uid, n);
  q->software_id = q->unique_id;
  q->dependencies = pct(dep, n);
  q->author = author ? 100.0 : 0.0;
  q->timestamp = timestamp ? 100.0 : 0.0;
  q->hash = pct(hash, n);
  q->license = pct(lic, n);
  q->tool = tool ? 100.0 : 0.0;
  q->generation_context = context ? 100.0 : 0.0;
  q->ntia_all = pct(ntia, n);
  q->cisa_all = pct(cisa, n);
}

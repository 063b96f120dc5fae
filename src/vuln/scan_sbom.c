/* SBOM front end of the scan: turns a parsed CycloneDX/SPDX document into scan components,
 * keeps its subject for product-level VEX, and applies the VEX carried inside the BOM. */
#include <stdlib.h>
#include <string.h>

#include "hoshi/sbom.h"
#include "hoshi/vuln.h"
#include "vuln/scan_int.h"

hoshi_err hoshi_vuln_scan_sbom(sqlite3 *db, const hoshi_sbom *sbom, const hoshi_vex *vex,
                               hoshi_vuln_report **out, hoshi_error *e) {
  *out = NULL;
  hoshi_vuln_report *r = scan_report_new(sbom->ncomponents);
  if (r == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  int oom = 0;
  r->doc_format = scan_strdup(r, hoshi_sbom_format_name(sbom->format), &oom);
  r->doc_spec_version = scan_strdup(r, sbom->spec_version, &oom);
  r->doc_serial = scan_strdup(r, sbom->serial, &oom);
  r->doc_name = scan_strdup(r, sbom->name, &oom);
  if (sbom->subject != HOSHI_SBOM_NONE && sbom->subject < sbom->ncomponents) {
    const hoshi_sbom_component *s = &sbom->components[sbom->subject];
    r->subject_ref = scan_strdup(r, s->ref, &oom);
    r->subject_purl = scan_strdup(r, s->purl, &oom);
    r->subject_name = scan_strdup(r, s->name, &oom);
    if (r->doc_name == NULL) r->doc_name = scan_strdup(r, s->name, &oom);
    r->doc_version = scan_strdup(r, s->version, &oom);
  }
  for (size_t i = 0; i < sbom->ncomponents; i++) {
    const hoshi_sbom_component *s = &sbom->components[i];
    hoshi_vuln_component in = {s->ref, s->name, s->version, s->purl, NULL, NULL, NULL};
    scan_set_component(r, i, &in, &oom);
  }
  r->ncomponents = sbom->ncomponents;

  /* VEX carried inside the SBOM (CycloneDX vulnerabilities[].analysis) applies first. */
  hoshi_vex inner = {0};
  for (size_t i = 0; i < sbom->nvulns && !oom; i++) {
    const hoshi_sbom_vuln *v = &sbom->vulns[i];
    if (v->state == NULL || v->id == NULL || v->naffects == 0) continue;
    hoshi_vex_status st = HOSHI_VEX_UNKNOWN;
    if (!strcmp(v->state, "not_affected") || !strcmp(v->state, "false_positive")) st = HOSHI_VEX_NOT_AFFECTED;
    else if (!strcmp(v->state, "resolved") || !strcmp(v->state, "resolved_with_pedigree")) st = HOSHI_VEX_FIXED;
    else if (!strcmp(v->state, "exploitable")) st = HOSHI_VEX_AFFECTED;
    else if (!strcmp(v->state, "in_triage")) st = HOSHI_VEX_UNDER_INVESTIGATION;
    if (st == HOSHI_VEX_UNKNOWN) continue;
    hoshi_vex_statement *ns = realloc(inner.st, (inner.n + 1) * sizeof *ns);
    if (ns == NULL) { oom = 1; break; }
    inner.st = ns;
    hoshi_vex_statement *s = &inner.st[inner.n++];
    memset(s, 0, sizeof *s);
    s->status = st;
    s->vuln_id = strdup(v->id);
    s->state = strdup(v->state);
    s->justification = v->justification ? strdup(v->justification) : NULL;
    s->detail = v->detail ? strdup(v->detail) : NULL;
    s->source = strdup("SBOM vulnerabilities[]");
    s->products = calloc(v->naffects, sizeof *s->products);
    if (!s->vuln_id || !s->state || !s->source || !s->products) { oom = 1; break; }
    for (size_t k = 0; k < v->naffects; k++) {
      const hoshi_sbom_component *ac = &sbom->components[v->affects[k]];
      const char *id = ac->ref ? ac->ref : ac->purl;
      if (id && (s->products[s->nproducts] = strdup(id)) != NULL) s->nproducts++;
    }
  }
  hoshi_err rc;
  if (oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  else rc = scan_run(db, r, &inner, vex, e);
  /* the inner statements die with this call: findings must not point at them */
  for (size_t i = 0; i < r->nfindings && rc == HOSHI_OK; i++) {
    hoshi_vuln_finding *f = &r->findings[i];
    if (f->vex && inner.n && f->vex >= inner.st && f->vex < inner.st + inner.n) {
      hoshi_vex_statement *copy = scan_mem_keep(r, calloc(1, sizeof *copy));
      if (copy == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      copy->vuln_id = scan_strdup(r, f->vex->vuln_id, &oom);
      copy->state = scan_strdup(r, f->vex->state, &oom);
      copy->justification = scan_strdup(r, f->vex->justification, &oom);
      copy->detail = scan_strdup(r, f->vex->detail, &oom);
      copy->source = scan_strdup(r, f->vex->source, &oom);
      copy->status = f->vex->status;
      f->vex = copy;
    }
  }
  hoshi_vex_free(&inner);
  if (rc == HOSHI_OK && oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  if (rc) {
    hoshi_vuln_report_free(r);
    return rc;
  }
  *out = r;
  return HOSHI_OK;
}

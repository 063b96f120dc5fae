/* VEX readers: CycloneDX vulnerabilities[] with analysis (1.4+) and OpenVEX 0.x statements,
 * both turned into one statement list (vulnerability, products, status, justification). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "hoshi/vuln.h"


const char *hoshi_vex_status_name(hoshi_vex_status s) {
  switch (s) {
    case HOSHI_VEX_NOT_AFFECTED: return "not_affected";
    case HOSHI_VEX_AFFECTED: return "affected";
    case HOSHI_VEX_FIXED: return "fixed";
    case HOSHI_VEX_UNDER_INVESTIGATION: return "under_investigation";
    case HOSHI_VEX_UNKNOWN: break;
  }
  return "unknown";
}

static hoshi_vex_status cdx_status(const char *s) {
  if (strcmp(s, "not_affected") == 0 || strcmp(s, "false_positive") == 0) return HOSHI_VEX_NOT_AFFECTED;
  if (strcmp(s, "resolved") == 0 || strcmp(s, "resolved_with_pedigree") == 0) return HOSHI_VEX_FIXED;
  if (strcmp(s, "exploitable") == 0) return HOSHI_VEX_AFFECTED;
  if (strcmp(s, "in_triage") == 0) return HOSHI_VEX_UNDER_INVESTIGATION;
  return HOSHI_VEX_UNKNOWN;
}

static hoshi_vex_status openvex_status(const char *s) {
  if (strcmp(s, "not_affected") == 0) return HOSHI_VEX_NOT_AFFECTED;
  if (strcmp(s, "affected") == 0) return HOSHI_VEX_AFFECTED;
  if (strcmp(s, "fixed") == 0) return HOSHI_VEX_FIXED;
  if (strcmp(s, "under_investigation") == 0) return HOSHI_VEX_UNDER_INVESTIGATION;
  return HOSHI_VEX_UNKNOWN;
}

static void statement_free(hoshi_vex_statement *s) {
  free(s->vuln_id);
  for (size_t i = 0; i < s->naliases; i++) free(s->aliases[i]);
  free(s->aliases);
  for (size_t i = 0; i < s->nproducts; i++) free(s->products[i]);
  free(s->products);
  for (size_t i = 0; i < s->nsubcomponents; i++) free(s->subcomponents[i]);
  free(s->subcomponents);
  free(s->state);
  free(s->justification);
  free(s->detail);
  free(s->source);
  memset(s, 0, sizeof *s);
}

void hoshi_vex_free(hoshi_vex *vex) {
  if (vex == NULL) return;
  for (size_t i = 0; i < vex->n; i++) statement_free(&vex->st[i]);
  free(vex->st);
  memset(vex, 0, sizeof *vex);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Appends s to a string list; -1 on allocation failure, -2 past HOSHI_VEX_LIST_MAX. */
static int list_add(char ***list, size_t *n, const char *s) {
  if (*n >= HOSHI_VEX_LIST_MAX) return -2;
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*list)[i], s) == 0) return 0;
  char **nl = realloc(*list, (*n + 1) * sizeof *nl);
  if (nl == NULL) return -1;
  *list = nl;
  if ((nl[*n] = strdup(s)) == NULL) return -1;
  (*n)++;
  return 0;
}

static const char *str_member(yyjson_val *o, const char *key) {
  yyjson_val *v = yyjson_obj_get(o, key);
  return yyjson_is_str(v) ? yyjson_get_str(v) : NULL;
}

static hoshi_err new_statement(hoshi_vex *vex, const char *path, hoshi_vex_statement **out,
                               hoshi_error *e) {
  if (vex->n >= HOSHI_VEX_STATEMENTS_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "more than %d VEX statements", HOSHI_VEX_STATEMENTS_MAX);
  if (vex->n == vex->cap) {
    size_t nc = vex->cap ? vex->cap * 2 : 16;
    hoshi_vex_statement *ns = realloc(vex->st, nc * sizeof *ns);
    if (ns == NULL) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
    vex->st = ns;
    vex->cap = nc;
  }
  *out = &vex->st[vex->n++];
  memset(*out, 0, sizeof **out);
  return HOSHI_OK;
}

static hoshi_err list_fail(hoshi_error *e, const char *path, int rc) {
  if (rc == -2)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "more than %d entries in one statement", HOSHI_VEX_LIST_MAX);
  return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
}
#define OOM(path) hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory")

static hoshi_err read_cyclonedx(yyjson_val *root, const char *source, hoshi_vex *vex, hoshi_error *e) {
  int lr;
  yyjson_val *vulns = yyjson_obj_get(root, "vulnerabilities");
  if (!yyjson_is_arr(vulns))
    return hoshi_fail(e, HOSHI_EINVAL, "$.vulnerabilities", "expected an array of vulnerabilities");
  /* A statement about the BOM's own subject (metadata.component) speaks about the product:
   * remember its bom-ref, purl and name@version so a scanned SBOM of that product matches. */
  yyjson_val *subj = yyjson_obj_get(yyjson_obj_get(root, "metadata"), "component");
  const char *subj_ref = yyjson_is_obj(subj) ? str_member(subj, "bom-ref") : NULL;
  const char *subj_purl = yyjson_is_obj(subj) ? str_member(subj, "purl") : NULL;
  char subj_nv[512] = "";
  if (yyjson_is_obj(subj) && str_member(subj, "name") && str_member(subj, "version"))
    snprintf(subj_nv, sizeof subj_nv, "%s@%s", str_member(subj, "name"), str_member(subj, "version"));

  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(vulns, i, max, v) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "$.vulnerabilities[%zu]", i);
    if (!yyjson_is_obj(v)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    const char *id = str_member(v, "id");
    if (id == NULL || *id == '\0') return hoshi_fail(e, HOSHI_EINVAL, p, "'id' must be a string");
    yyjson_val *an = yyjson_obj_get(v, "analysis");
    if (an == NULL) continue; /* a vulnerability without analysis states nothing */
    char pa[HOSHI_ERR_FIELD_MAX];
    snprintf(pa, sizeof pa, "%.80s.analysis", p);
    if (!yyjson_is_obj(an)) return hoshi_fail(e, HOSHI_EINVAL, pa, "expected an object");
    const char *state = str_member(an, "state");
    if (state == NULL) continue;
    hoshi_vex_status st = cdx_status(state);
    if (st == HOSHI_VEX_UNKNOWN)
      return hoshi_fail(e, HOSHI_EINVAL, pa, "state '%.64s' is not a CycloneDX analysis state", state);
    yyjson_val *affects = yyjson_obj_get(v, "affects");
    if (!yyjson_is_arr(affects) || yyjson_arr_size(affects) == 0)
      return hoshi_fail(e, HOSHI_EINVAL, p, "'affects' must list at least one ref");
    hoshi_vex_statement *s;
    hoshi_err rc = new_statement(vex, p, &s, e);
    if (rc) return rc;
    s->status = st;
    s->vuln_id = strdup(id);
    s->state = strdup(state);
    s->justification = dup_or_null(str_member(an, "justification"));
    s->detail = dup_or_null(str_member(an, "detail"));
    s->source = dup_or_null(source);
    if (!s->vuln_id || !s->state) return OOM(p);
    /* references[] name the same vulnerability in other databases (aliases) */
    yyjson_val *refs = yyjson_obj_get(v, "references");
    size_t j, jm;
    yyjson_val *r;
    if (yyjson_is_arr(refs))
      yyjson_arr_foreach(refs, j, jm, r) {
        const char *rid = yyjson_is_obj(r) ? str_member(r, "id") : NULL;
        if (rid && (lr = list_add(&s->aliases, &s->naliases, rid)) != 0) return list_fail(e, p, lr);
      }
    yyjson_arr_foreach(affects, j, jm, r) {
      char pr[HOSHI_ERR_FIELD_MAX];
      snprintf(pr, sizeof pr, "%.80s.affects[%zu]", p, j);
      const char *ref = yyjson_is_obj(r) ? str_member(r, "ref") : NULL;
      if (ref == NULL || *ref == '\0') return hoshi_fail(e, HOSHI_EINVAL, pr, "'ref' must be a string");
      /* A bom-ref is unique only inside its own BOM: a ref to this document's subject is
       * kept as the subject's purl and name@version, which mean the same in the scanned
       * SBOM; the bare ref only when the subject has neither. */
      if (subj_ref && strcmp(ref, subj_ref) == 0 && (subj_purl || subj_nv[0])) {
        if (subj_purl && (lr = list_add(&s->products, &s->nproducts, subj_purl)) != 0) return list_fail(e, pr, lr);
        if (subj_nv[0] && (lr = list_add(&s->products, &s->nproducts, subj_nv)) != 0) return list_fail(e, pr, lr);
      } else if ((lr = list_add(&s->products, &s->nproducts, ref)) != 0) {
        return list_fail(e, pr, lr);
      }
    }
  }
  return HOSHI_OK;
}

/* An OpenVEX product or subcomponent: a string, or an object with @id and identifiers. */
static hoshi_err openvex_component(yyjson_val *c, const char *path, char ***list, size_t *n,
                                   hoshi_error *e) {
  int lr;
  if (yyjson_is_str(c)) {
    if ((lr = list_add(list, n, yyjson_get_str(c))) != 0) return list_fail(e, path, lr);
    return HOSHI_OK;
  }
  if (!yyjson_is_obj(c)) return hoshi_fail(e, HOSHI_EINVAL, path, "expected a string or an object");
  const char *id = str_member(c, "@id");
  yyjson_val *ids = yyjson_obj_get(c, "identifiers");
  const char *purl = yyjson_is_obj(ids) ? str_member(ids, "purl") : NULL;
  if (id == NULL && purl == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, path, "a product needs '@id' or identifiers.purl");
  if (id && (lr = list_add(list, n, id)) != 0) return list_fail(e, path, lr);
  if (purl && (lr = list_add(list, n, purl)) != 0) return list_fail(e, path, lr);
  return HOSHI_OK;
}

static hoshi_err read_openvex(yyjson_val *root, const char *source, hoshi_vex *vex, hoshi_error *e) {
  int lr;
  yyjson_val *sts = yyjson_obj_get(root, "statements");
  if (!yyjson_is_arr(sts)) return hoshi_fail(e, HOSHI_EINVAL, "$.statements", "expected an array");
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(sts, i, max, v) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "$.statements[%zu]", i);
    if (!yyjson_is_obj(v)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    const char *status = str_member(v, "status");
    if (status == NULL) return hoshi_fail(e, HOSHI_EINVAL, p, "'status' must be a string");
    hoshi_vex_status st = openvex_status(status);
    if (st == HOSHI_VEX_UNKNOWN)
      return hoshi_fail(e, HOSHI_EINVAL, p,
                        "status '%.64s' is not not_affected, affected, fixed or under_investigation",
                        status);
    const char *just = str_member(v, "justification");
    const char *impact = str_member(v, "impact_statement");
    /* OpenVEX: not_affected needs a justification or an impact statement */
    if (st == HOSHI_VEX_NOT_AFFECTED && just == NULL && impact == NULL)
      return hoshi_fail(e, HOSHI_EINVAL, p, "not_affected needs a justification or impact_statement");
    yyjson_val *vul = yyjson_obj_get(v, "vulnerability");
    const char *name = NULL;
    if (yyjson_is_str(vul)) name = yyjson_get_str(vul); /* OpenVEX 0.0.x */
    else if (yyjson_is_obj(vul)) name = str_member(vul, "name") ? str_member(vul, "name") : str_member(vul, "@id");
    if (name == NULL || *name == '\0')
      return hoshi_fail(e, HOSHI_EINVAL, p, "'vulnerability' needs a name");
    yyjson_val *prods = yyjson_obj_get(v, "products");
    if (!yyjson_is_arr(prods) || yyjson_arr_size(prods) == 0)
      return hoshi_fail(e, HOSHI_EINVAL, p, "'products' must list at least one product");
    hoshi_vex_statement *s;
    hoshi_err rc = new_statement(vex, p, &s, e);
    if (rc) return rc;
    s->status = st;
    s->vuln_id = strdup(name);
    s->state = strdup(status);
    s->justification = dup_or_null(just);
    s->detail = dup_or_null(impact ? impact : str_member(v, "status_notes"));
    s->source = dup_or_null(source);
    if (!s->vuln_id || !s->state) return OOM(p);
    size_t j, jm;
    yyjson_val *x;
    if (yyjson_is_obj(vul)) {
      yyjson_val *al = yyjson_obj_get(vul, "aliases");
      if (yyjson_is_arr(al))
        yyjson_arr_foreach(al, j, jm, x)
          if (yyjson_is_str(x) && (lr = list_add(&s->aliases, &s->naliases, yyjson_get_str(x))) != 0)
            return list_fail(e, p, lr);
      const char *vid = str_member(vul, "@id");
      if (vid && (lr = list_add(&s->aliases, &s->naliases, vid)) != 0) return list_fail(e, p, lr);
    }
    yyjson_arr_foreach(prods, j, jm, x) {
      char pp[HOSHI_ERR_FIELD_MAX];
      snprintf(pp, sizeof pp, "%.80s.products[%zu]", p, j);
      if ((rc = openvex_component(x, pp, &s->products, &s->nproducts, e))) return rc;
      yyjson_val *subs = yyjson_is_obj(x) ? yyjson_obj_get(x, "subcomponents") : NULL;
      size_t k, km;
      yyjson_val *y;
      if (yyjson_is_arr(subs))
        yyjson_arr_foreach(subs, k, km, y) {
          char ps[HOSHI_ERR_FIELD_MAX];
          snprintf(ps, sizeof ps, "%.80s.subcomponents[%zu]", pp, k);
          if ((rc = openvex_component(y, ps, &s->subcomponents, &s->nsubcomponents, e))) return rc;
        }
    }
    yyjson_val *subs = yyjson_obj_get(v, "subcomponents"); /* OpenVEX 0.0.x place */
    if (yyjson_is_arr(subs))
      yyjson_arr_foreach(subs, j, jm, x) {
        char ps[HOSHI_ERR_FIELD_MAX];
        snprintf(ps, sizeof ps, "%.80s.subcomponents[%zu]", p, j);
        if ((rc = openvex_component(x, ps, &s->subcomponents, &s->nsubcomponents, e))) return rc;
      }
  }
  return HOSHI_OK;
}

hoshi_err hoshi_vex_parse(const char *buf, size_t len, const char *source, hoshi_vex *vex,
                          hoshi_error *e) {
  if (len > HOSHI_VEX_FILE_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "VEX document is %zu bytes, more than the limit of %zu",
                      len, HOSHI_VEX_FILE_MAX);
  yyjson_read_err rerr;
  yyjson_doc *doc = yyjson_read_opts((char *)(uintptr_t)buf, len, 0, NULL, &rerr);
  if (doc == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "$", "not valid JSON at byte %zu: %s", rerr.pos, rerr.msg);
  yyjson_val *root = yyjson_doc_get_root(doc);
  hoshi_err rc;
  size_t before = vex->n;
  if (!yyjson_is_obj(root)) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "$", "expected a JSON object");
  } else if (yyjson_obj_get(root, "statements") != NULL) {
    rc = read_openvex(root, source, vex, e);
  } else if (yyjson_obj_get(root, "vulnerabilities") != NULL ||
             (str_member(root, "bomFormat") && strcmp(str_member(root, "bomFormat"), "CycloneDX") == 0)) {
    /* a CycloneDX BOM without vulnerabilities[] states nothing: most likely the wrong file */
    rc = read_cyclonedx(root, source, vex, e);
  } else {
    rc = hoshi_fail(e, HOSHI_EINVAL, "$",
                    "neither OpenVEX (statements[]) nor CycloneDX (vulnerabilities[])");
  }
  if (rc != HOSHI_OK) { /* all or nothing per document */
    while (vex->n > before) statement_free(&vex->st[--vex->n]);
  }
  yyjson_doc_free(doc);
  return rc;
}

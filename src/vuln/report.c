/* Scan report writers: a table for people, hoshi's JSON, SARIF 2.1.0 for code-scanning tools,
 * and VEX documents (CycloneDX 1.5 and OpenVEX 0.2) that a supplier can complete and publish. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/util.h"
#include "hoshi/cvss.h"
#include "hoshi/vuln.h"
#include "vuln/jsonw.h"

int hoshi_vuln_format_parse(const char *s) {
  static const char *const names[] = {"table", "json", "sarif", "cyclonedx-vex", "openvex"};
  for (int i = 0; i < 5; i++)
    if (s && strcmp(s, names[i]) == 0) return i;
  return -1;
}

int hoshi_vuln_fail_on(const hoshi_vuln_report *r, const char *level) {
  double threshold;
  int kev = 0;
  if (strcmp(level, "low") == 0) threshold = 0.1;
  else if (strcmp(level, "medium") == 0) threshold = 4.0;
  else if (strcmp(level, "high") == 0) threshold = 7.0;
  else if (strcmp(level, "critical") == 0) threshold = 9.0;
  else if (strcmp(level, "kev") == 0) { kev = 1; threshold = 0; }
  else return -1;
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    if (f->suppressed) continue;
    if (kev ? f->kev : (f->max_score >= threshold)) return 1;
  }
  return 0;
}

static const char *rating_of(const hoshi_vuln_finding *f) {
  return f->max_score < 0 ? "unknown" : hoshi_cvss_rating(f->max_score);
}

/* ---- hoshi JSON ---- */

static yyjson_mut_val *str_or_null(yyjson_mut_doc *d, const char *s) {
  return s ? yyjson_mut_strcpy(d, s) : yyjson_mut_null(d);
}

static yyjson_mut_val *str_array(yyjson_mut_doc *d, char *const *v, size_t n) {
  yyjson_mut_val *a = yyjson_mut_arr(d);
  for (size_t i = 0; i < n; i++) yyjson_mut_arr_add_strcpy(d, a, v[i]);
  return a;
}

static yyjson_mut_val *component_obj(yyjson_mut_doc *d, const hoshi_vuln_component *c) {
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_obj_add_val(d, o, "name", str_or_null(d, c->name));
  yyjson_mut_obj_add_val(d, o, "version", str_or_null(d, c->version));
  yyjson_mut_obj_add_val(d, o, "purl", str_or_null(d, c->purl));
  return o;
}

static yyjson_mut_val *severity_arr(yyjson_mut_doc *d, const hoshi_vuln_finding *f) {
  yyjson_mut_val *a = yyjson_mut_arr(d);
  for (size_t i = 0; i < f->nseverity; i++) {
    yyjson_mut_val *s = yyjson_mut_arr_add_obj(d, a);
    yyjson_mut_obj_add_strcpy(d, s, "type", f->severity[i].type);
    yyjson_mut_obj_add_strcpy(d, s, "vector", f->severity[i].vector);
    if (f->severity[i].has_score) yyjson_mut_obj_add_real(d, s, "score", f->severity[i].score);
    else yyjson_mut_obj_add_null(d, s, "score");
  }
  return a;
}

static yyjson_mut_val *vex_obj(yyjson_mut_doc *d, const hoshi_vex_statement *s) {
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_obj_add_str(d, o, "status", hoshi_vex_status_name(s->status));
  yyjson_mut_obj_add_val(d, o, "state", str_or_null(d, s->state));
  yyjson_mut_obj_add_val(d, o, "justification", str_or_null(d, s->justification));
  yyjson_mut_obj_add_val(d, o, "detail", str_or_null(d, s->detail));
  yyjson_mut_obj_add_val(d, o, "source", str_or_null(d, s->source));
  return o;
}

static hoshi_err write_doc(yyjson_mut_doc *d, hoshi_buf *out, hoshi_error *e) {
  size_t len;
  yyjson_write_err werr;
  char *s = yyjson_mut_write_opts(d, YYJSON_WRITE_PRETTY_TWO_SPACES, NULL, &len, &werr);
  yyjson_mut_doc_free(d);
  if (s == NULL) return hoshi_fail(e, HOSHI_EINTERNAL, "", "cannot write JSON: %s", werr.msg);
  hoshi_buf_append(out, s, len);
  hoshi_buf_putc(out, '\n');
  free(s);
  return out->oom ? hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory") : HOSHI_OK;
}

static hoshi_err write_json(const hoshi_vuln_report *r, int show_suppressed, hoshi_buf *out,
                            hoshi_error *e) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_val *doc = yyjson_mut_obj_add_obj(d, root, "document");
  yyjson_mut_obj_add_val(d, doc, "format", str_or_null(d, r->doc_format));
  yyjson_mut_obj_add_val(d, doc, "spec_version", str_or_null(d, r->doc_spec_version));
  yyjson_mut_obj_add_val(d, doc, "serial", str_or_null(d, r->doc_serial));
  yyjson_mut_obj_add_val(d, doc, "name", str_or_null(d, r->doc_name));
  yyjson_mut_obj_add_val(d, doc, "version", str_or_null(d, r->doc_version));
  yyjson_mut_obj_add_strcpy(d, doc, "scanned_at", r->scanned_at);
  yyjson_mut_val *fs = yyjson_mut_obj_add_arr(d, root, "findings");
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    if (f->suppressed && !show_suppressed) continue;
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, fs);
    yyjson_mut_obj_add_val(d, o, "component", component_obj(d, &r->components[f->component]));
    yyjson_mut_val *v = yyjson_mut_obj_add_obj(d, o, "vulnerability");
    yyjson_mut_obj_add_strcpy(d, v, "id", f->id);
    yyjson_mut_obj_add_val(d, v, "aliases", str_array(d, f->aliases, f->naliases));
    yyjson_mut_obj_add_val(d, v, "summary", str_or_null(d, f->summary));
    yyjson_mut_obj_add_val(d, v, "severity", severity_arr(d, f));
    yyjson_mut_obj_add_val(d, o, "fixed", str_array(d, f->fixed, f->nfixed));
    if (f->kev) {
      yyjson_mut_val *k = yyjson_mut_obj_add_obj(d, o, "kev");
      yyjson_mut_obj_add_strcpy(d, k, "cve", f->kev_cve);
      yyjson_mut_obj_add_strcpy(d, k, "date_added", f->kev_date_added);
      yyjson_mut_obj_add_val(d, k, "due_date", f->kev_due_date && *f->kev_due_date
                                                     ? yyjson_mut_strcpy(d, f->kev_due_date)
                                                     : yyjson_mut_null(d));
      yyjson_mut_obj_add_strcpy(d, k, "ransomware", f->kev_ransomware);
    } else {
      yyjson_mut_obj_add_null(d, o, "kev");
    }
    if (f->has_epss) {
      yyjson_mut_val *p = yyjson_mut_obj_add_obj(d, o, "epss");
      yyjson_mut_obj_add_strcpy(d, p, "cve", f->epss_cve);
      yyjson_mut_obj_add_real(d, p, "score", f->epss_score);
      yyjson_mut_obj_add_real(d, p, "percentile", f->epss_percentile);
      yyjson_mut_obj_add_strcpy(d, p, "date", f->epss_date);
    } else {
      yyjson_mut_obj_add_null(d, o, "epss");
    }
    /* present only when a VEX statement spoke about this finding */
    if (f->vex) {
      yyjson_mut_obj_add_bool(d, o, "suppressed", f->suppressed != 0);
      yyjson_mut_obj_add_val(d, o, "vex", vex_obj(d, f->vex));
    }
  }
  const hoshi_vuln_scan_stats *s = &r->stats;
  yyjson_mut_val *st = yyjson_mut_obj_add_obj(d, root, "stats");
  yyjson_mut_obj_add_uint(d, st, "components", s->components);
  yyjson_mut_obj_add_uint(d, st, "identified", s->identified);
  yyjson_mut_obj_add_uint(d, st, "unidentified", s->unidentified);
  yyjson_mut_obj_add_uint(d, st, "no_version", s->no_version);
  yyjson_mut_obj_add_uint(d, st, "candidates", s->candidates);
  yyjson_mut_obj_add_uint(d, st, "affected_components", s->affected_components);
  yyjson_mut_obj_add_uint(d, st, "findings", s->findings);
  yyjson_mut_obj_add_uint(d, st, "suppressed", s->suppressed);
  yyjson_mut_obj_add_uint(d, st, "merged", s->merged);
  yyjson_mut_obj_add_uint(d, st, "kev", s->kev);
  yyjson_mut_obj_add_uint(d, st, "not_checkable", s->not_checkable);
  yyjson_mut_val *nc = yyjson_mut_obj_add_arr(d, st, "not_checkable_items");
  for (size_t i = 0; i < r->nunchecked; i++) {
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, nc);
    yyjson_mut_obj_add_val(d, o, "component", component_obj(d, &r->components[r->unchecked[i].component]));
    yyjson_mut_obj_add_strcpy(d, o, "id", r->unchecked[i].id);
    yyjson_mut_obj_add_strcpy(d, o, "reason", r->unchecked[i].reason);
  }
  yyjson_mut_obj_add_real(d, st, "elapsed_ms", s->elapsed_ms);
  return write_doc(d, out, e);
}

/* ---- table ---- */

static void write_table(const hoshi_vuln_report *r, int show_suppressed, hoshi_buf *out) {
  hoshi_buf_printf(out, "%-44s %-22s %-20s %-13s %-16s %-4s %s\n", "COMPONENT", "VERSION",
                   "VULNERABILITY", "SEVERITY", "FIXED IN", "KEV", "EPSS");
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    if (f->suppressed && !show_suppressed) continue;
    const hoshi_vuln_component *c = &r->components[f->component];
    const char *name = c->package ? c->package : c->name;
    char sev[32], epss[32], fixed[64] = "";
    if (f->max_score >= 0) snprintf(sev, sizeof sev, "%s %.1f", rating_of(f), f->max_score);
    else snprintf(sev, sizeof sev, "unknown");
    for (size_t k = 0; k < f->nfixed; k++) {
      size_t l = strlen(fixed);
      snprintf(fixed + l, sizeof fixed - l, "%s%s", k ? "," : "", f->fixed[k]);
    }
    if (f->has_epss) snprintf(epss, sizeof epss, "%.2f%% (p%.0f)", f->epss_score * 100, f->epss_percentile * 100);
    else snprintf(epss, sizeof epss, "-");
    hoshi_buf_printf(out, "%-44s %-22s %-20s %-13s %-16s %-4s %s\n", name ? name : "-",
                     c->version ? c->version : "-", f->id, sev, fixed[0] ? fixed : "-",
                     f->kev ? "yes" : "-", epss);
    if (f->vex)
      hoshi_buf_printf(out, "    %sVEX %s%s%s%s%s\n", f->suppressed ? "suppressed by " : "",
                       hoshi_vex_status_name(f->vex->status),
                       f->vex->justification ? ": " : "",
                       f->vex->justification ? f->vex->justification : "",
                       f->vex->detail ? " - " : "", f->vex->detail ? f->vex->detail : "");
    if (f->kev && f->kev_due_date && *f->kev_due_date)
      hoshi_buf_printf(out, "    KEV %s, due %s\n", f->kev_cve, f->kev_due_date);
  }
  const hoshi_vuln_scan_stats *s = &r->stats;
  hoshi_buf_printf(out,
                   "\n%zu findings in %zu of %zu components (%zu suppressed by VEX%s, %zu in KEV)."
                   " %zu not checkable by version, %zu components without a package identity,"
                   " %.1f ms.\n",
                   s->findings - (show_suppressed ? 0 : s->suppressed), s->affected_components,
                   s->components, s->suppressed, show_suppressed ? ", shown" : "", s->kev,
                   s->not_checkable, s->unidentified, s->elapsed_ms);
}

/* ---- SARIF 2.1.0 ---- */

static const char *sarif_level(const hoshi_vuln_finding *f) {
  if (f->kev || f->max_score >= 7.0) return "error";
  if (f->max_score >= 4.0 || f->max_score < 0) return "warning";
  return "note";
}

static hoshi_err write_sarif(const hoshi_vuln_report *r, int show_suppressed, hoshi_buf *out,
                             hoshi_error *e) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_obj_add_str(d, root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  yyjson_mut_obj_add_str(d, root, "version", "2.1.0");
  yyjson_mut_val *run = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, root, "runs"));
  yyjson_mut_val *drv = yyjson_mut_obj_add_obj(d, yyjson_mut_obj_add_obj(d, run, "tool"), "driver");
  yyjson_mut_obj_add_str(d, drv, "name", "hoshi");
  yyjson_mut_obj_add_str(d, drv, "version", HOSHI_VERSION);
  yyjson_mut_val *rules = yyjson_mut_obj_add_arr(d, drv, "rules");
  yyjson_mut_val *results = yyjson_mut_obj_add_arr(d, run, "results");
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    if (f->suppressed && !show_suppressed) continue;
    /* one rule per advisory id */
    int seen = 0;
    for (size_t k = 0; k < i; k++)
      if (strcmp(r->findings[k].id, f->id) == 0 && (!r->findings[k].suppressed || show_suppressed)) seen = 1;
    if (!seen) {
      yyjson_mut_val *rule = yyjson_mut_arr_add_obj(d, rules);
      yyjson_mut_obj_add_strcpy(d, rule, "id", f->id);
      yyjson_mut_obj_add_strcpy(d, yyjson_mut_obj_add_obj(d, rule, "shortDescription"), "text",
                                f->summary && *f->summary ? f->summary : f->id);
      char uri[256];
      snprintf(uri, sizeof uri, "https://osv.dev/vulnerability/%s", f->id);
      jsonw_utf8_trim(uri);
      yyjson_mut_obj_add_strcpy(d, rule, "helpUri", uri);
      yyjson_mut_val *props = yyjson_mut_obj_add_obj(d, rule, "properties");
      if (f->max_score >= 0) {
        char sc[8];
        snprintf(sc, sizeof sc, "%.1f", f->max_score);
        yyjson_mut_obj_add_strcpy(d, props, "security-severity", sc);
      }
      yyjson_mut_obj_add_val(d, props, "tags", yyjson_mut_arr_with_str(d, (const char *[]){"security", "vulnerability"}, 2));
    }
    const hoshi_vuln_component *c = &r->components[f->component];
    yyjson_mut_val *res = yyjson_mut_arr_add_obj(d, results);
    yyjson_mut_obj_add_strcpy(d, res, "ruleId", f->id);
    yyjson_mut_obj_add_str(d, res, "level", sarif_level(f));
    char msg[1024];
    char fixed[256] = "";
    for (size_t k = 0; k < f->nfixed; k++) {
      size_t l = strlen(fixed);
      snprintf(fixed + l, sizeof fixed - l, "%s%s", k ? ", " : "", f->fixed[k]);
    }
    snprintf(msg, sizeof msg, "%s %s is affected by %s (%s)%s%s%s", c->package ? c->package : c->name,
             c->version ? c->version : "", f->id, rating_of(f), fixed[0] ? "; fixed in " : "", fixed,
             f->kev ? "; known exploited (CISA KEV)" : "");
    jsonw_utf8_trim(msg);
    yyjson_mut_obj_add_strcpy(d, yyjson_mut_obj_add_obj(d, res, "message"), "text", msg);
    yyjson_mut_val *loc = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, res, "locations"));
    yyjson_mut_val *ll = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, loc, "logicalLocations"));
    yyjson_mut_obj_add_strcpy(d, ll, "fullyQualifiedName", c->purl ? c->purl : (c->name ? c->name : ""));
    yyjson_mut_obj_add_str(d, ll, "kind", "package");
    if (f->suppressed) {
      yyjson_mut_val *sup = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, res, "suppressions"));
      yyjson_mut_obj_add_str(d, sup, "kind", "external");
      yyjson_mut_obj_add_strcpy(d, sup, "justification",
                                f->vex->justification ? f->vex->justification : f->vex->state);
    }
  }
  return write_doc(d, out, e);
}

/* ---- VEX outputs ---- */

static void new_uuid(char out[37]) {
  unsigned char b[16];
  char hex[33];
  util_random_hex(hex, 16);
  for (int i = 0; i < 16; i++) {
    unsigned v;
    sscanf(hex + 2 * i, "%2x", &v);
    b[i] = (unsigned char)v;
  }
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  util_hex(b, 16, hex);
  snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* Justifications differ between the formats; these are the nearest equivalents. */
static const char *to_cdx_justification(const char *j) {
  if (j == NULL) return NULL;
  static const char *const cdx[] = {"code_not_present", "code_not_reachable", "requires_configuration",
                                    "requires_dependency", "requires_environment", "protected_by_compiler",
                                    "protected_at_runtime", "protected_at_perimeter",
                                    "protected_by_mitigating_control"};
  for (size_t i = 0; i < sizeof cdx / sizeof cdx[0]; i++)
    if (strcmp(j, cdx[i]) == 0) return cdx[i];
  if (!strcmp(j, "component_not_present") || !strcmp(j, "vulnerable_code_not_present")) return "code_not_present";
  if (!strcmp(j, "vulnerable_code_not_in_execute_path")) return "code_not_reachable";
  if (!strcmp(j, "vulnerable_code_cannot_be_controlled_by_adversary")) return "requires_environment";
  if (!strcmp(j, "inline_mitigations_already_exist")) return "protected_by_mitigating_control";
  return NULL;
}

static const char *to_openvex_justification(const char *j) {
  if (j == NULL) return NULL;
  static const char *const ov[] = {"component_not_present", "vulnerable_code_not_present",
                                   "vulnerable_code_not_in_execute_path",
                                   "vulnerable_code_cannot_be_controlled_by_adversary",
                                   "inline_mitigations_already_exist"};
  for (size_t i = 0; i < sizeof ov / sizeof ov[0]; i++)
    if (strcmp(j, ov[i]) == 0) return ov[i];
  if (!strcmp(j, "code_not_present")) return "vulnerable_code_not_present";
  if (!strcmp(j, "code_not_reachable")) return "vulnerable_code_not_in_execute_path";
  if (!strncmp(j, "requires_", 9)) return "vulnerable_code_cannot_be_controlled_by_adversary";
  if (!strncmp(j, "protected_", 10)) return "inline_mitigations_already_exist";
  return NULL;
}

static const char *cdx_state(const hoshi_vuln_finding *f) {
  if (f->vex == NULL) return "in_triage"; /* matched by version, not yet assessed */
  switch (f->vex->status) {
    case HOSHI_VEX_NOT_AFFECTED:
      return f->vex->state && !strcmp(f->vex->state, "false_positive") ? "false_positive" : "not_affected";
    case HOSHI_VEX_FIXED: return "resolved";
    case HOSHI_VEX_AFFECTED: return "exploitable";
    default: return "in_triage";
  }
}

static hoshi_err write_cdx_vex(const hoshi_vuln_report *r, hoshi_buf *out, hoshi_error *e) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  char uuid[37], serial[64];
  new_uuid(uuid);
  snprintf(serial, sizeof serial, "urn:uuid:%s", uuid);
  yyjson_mut_obj_add_str(d, root, "bomFormat", "CycloneDX");
  yyjson_mut_obj_add_str(d, root, "specVersion", "1.5");
  yyjson_mut_obj_add_strcpy(d, root, "serialNumber", serial);
  yyjson_mut_obj_add_int(d, root, "version", 1);
  yyjson_mut_val *md = yyjson_mut_obj_add_obj(d, root, "metadata");
  yyjson_mut_obj_add_strcpy(d, md, "timestamp", r->scanned_at);
  yyjson_mut_val *tool = yyjson_mut_arr_add_obj(
      d, yyjson_mut_obj_add_arr(d, yyjson_mut_obj_add_obj(d, md, "tools"), "components"));
  yyjson_mut_obj_add_str(d, tool, "type", "application");
  yyjson_mut_obj_add_str(d, tool, "name", "hoshi");
  yyjson_mut_obj_add_str(d, tool, "version", HOSHI_VERSION);
  if (r->doc_name) {
    yyjson_mut_val *subj = yyjson_mut_obj_add_obj(d, md, "component");
    yyjson_mut_obj_add_str(d, subj, "type", "application");
    yyjson_mut_obj_add_strcpy(d, subj, "name", r->doc_name);
    if (r->doc_version) yyjson_mut_obj_add_strcpy(d, subj, "version", r->doc_version);
    if (r->subject_purl) yyjson_mut_obj_add_strcpy(d, subj, "purl", r->subject_purl);
  }
  /* The affected components are listed here so every affects[].ref resolves in this BOM. */
  yyjson_mut_val *comps = yyjson_mut_obj_add_arr(d, root, "components");
  char *listed = calloc(r->ncomponents ? r->ncomponents : 1, 1);
  if (listed == NULL) { yyjson_mut_doc_free(d); return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); }
  for (size_t i = 0; i < r->nfindings; i++) {
    size_t ci = r->findings[i].component;
    if (listed[ci]) continue;
    listed[ci] = 1;
    const hoshi_vuln_component *c = &r->components[ci];
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, comps);
    char ref[32];
    snprintf(ref, sizeof ref, "component-%zu", ci);
    yyjson_mut_obj_add_strcpy(d, o, "bom-ref", c->ref ? c->ref : ref);
    yyjson_mut_obj_add_str(d, o, "type", "library");
    yyjson_mut_obj_add_strcpy(d, o, "name", c->name ? c->name : (c->package ? c->package : ""));
    if (c->version) yyjson_mut_obj_add_strcpy(d, o, "version", c->version);
    if (c->purl) yyjson_mut_obj_add_strcpy(d, o, "purl", c->purl);
  }
  free(listed);
  yyjson_mut_val *vulns = yyjson_mut_obj_add_arr(d, root, "vulnerabilities");
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    const hoshi_vuln_component *c = &r->components[f->component];
    yyjson_mut_val *v = yyjson_mut_arr_add_obj(d, vulns);
    yyjson_mut_obj_add_strcpy(d, v, "id", f->id);
    yyjson_mut_val *src = yyjson_mut_obj_add_obj(d, v, "source");
    yyjson_mut_obj_add_str(d, src, "name", "OSV");
    char uri[256];
    snprintf(uri, sizeof uri, "https://osv.dev/vulnerability/%s", f->id);
    jsonw_utf8_trim(uri);
    yyjson_mut_obj_add_strcpy(d, src, "url", uri);
    if (f->naliases) {
      yyjson_mut_val *refs = yyjson_mut_obj_add_arr(d, v, "references");
      for (size_t k = 0; k < f->naliases; k++) {
        yyjson_mut_val *ro = yyjson_mut_arr_add_obj(d, refs);
        yyjson_mut_obj_add_strcpy(d, ro, "id", f->aliases[k]);
        yyjson_mut_obj_add_str(d, yyjson_mut_obj_add_obj(d, ro, "source"), "name",
                               strncmp(f->aliases[k], "CVE-", 4) == 0 ? "NVD" : "OSV");
      }
    }
    if (f->nseverity) {
      yyjson_mut_val *ratings = yyjson_mut_obj_add_arr(d, v, "ratings");
      for (size_t k = 0; k < f->nseverity; k++) {
        const hoshi_vuln_severity *s = &f->severity[k];
        int v3 = !strcmp(s->type, "CVSS_V3"), v4 = !strcmp(s->type, "CVSS_V4");
        if (!v3 && !v4) continue;
        yyjson_mut_val *ro = yyjson_mut_arr_add_obj(d, ratings);
        yyjson_mut_obj_add_str(d, ro, "method", v4 ? "CVSSv4" : (strncmp(s->vector, "CVSS:3.0", 8) ? "CVSSv31" : "CVSSv3"));
        if (s->has_score) {
          yyjson_mut_obj_add_real(d, ro, "score", s->score);
          yyjson_mut_obj_add_str(d, ro, "severity", hoshi_cvss_rating(s->score));
        }
        yyjson_mut_obj_add_strcpy(d, ro, "vector", s->vector);
      }
    }
    if (f->summary && *f->summary) yyjson_mut_obj_add_strcpy(d, v, "description", f->summary);
    if (f->nfixed) {
      char rec[512] = "Upgrade to ";
      for (size_t k = 0; k < f->nfixed; k++) {
        size_t l = strlen(rec);
        snprintf(rec + l, sizeof rec - l, "%s%s", k ? " or " : "", f->fixed[k]);
      }
      jsonw_utf8_trim(rec);
      yyjson_mut_obj_add_strcpy(d, v, "recommendation", rec);
    }
    yyjson_mut_val *an = yyjson_mut_obj_add_obj(d, v, "analysis");
    yyjson_mut_obj_add_str(d, an, "state", cdx_state(f));
    const char *j = f->vex ? to_cdx_justification(f->vex->justification) : NULL;
    if (j && f->vex->status == HOSHI_VEX_NOT_AFFECTED) yyjson_mut_obj_add_str(d, an, "justification", j);
    if (f->vex && f->vex->detail) yyjson_mut_obj_add_strcpy(d, an, "detail", f->vex->detail);
    char ref[32];
    snprintf(ref, sizeof ref, "component-%zu", f->component);
    yyjson_mut_val *aff = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, v, "affects"));
    yyjson_mut_obj_add_strcpy(d, aff, "ref", c->ref ? c->ref : ref);
  }
  return write_doc(d, out, e);
}

static const char *openvex_status(const hoshi_vuln_finding *f) {
  return f->vex ? hoshi_vex_status_name(f->vex->status) : "under_investigation";
}

static hoshi_err write_openvex(const hoshi_vuln_report *r, hoshi_buf *out, hoshi_error *e) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  char uuid[37], id[64];
  new_uuid(uuid);
  snprintf(id, sizeof id, "urn:uuid:%s", uuid);
  yyjson_mut_obj_add_str(d, root, "@context", "https://openvex.dev/ns/v0.2.0");
  yyjson_mut_obj_add_strcpy(d, root, "@id", id);
  yyjson_mut_obj_add_str(d, root, "author", "hoshi");
  yyjson_mut_obj_add_strcpy(d, root, "timestamp", r->scanned_at);
  yyjson_mut_obj_add_int(d, root, "version", 1);
  yyjson_mut_obj_add_str(d, root, "tooling", "hoshi " HOSHI_VERSION);
  yyjson_mut_val *sts = yyjson_mut_obj_add_arr(d, root, "statements");
  for (size_t i = 0; i < r->nfindings; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    const hoshi_vuln_component *c = &r->components[f->component];
    yyjson_mut_val *s = yyjson_mut_arr_add_obj(d, sts);
    yyjson_mut_val *v = yyjson_mut_obj_add_obj(d, s, "vulnerability");
    yyjson_mut_obj_add_strcpy(d, v, "name", f->id);
    if (f->naliases) yyjson_mut_obj_add_val(d, v, "aliases", str_array(d, f->aliases, f->naliases));
    yyjson_mut_val *prod = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, s, "products"));
    const char *cid = c->purl ? c->purl : (c->ref ? c->ref : c->name);
    if (r->subject_purl && (c->purl == NULL || strcmp(r->subject_purl, c->purl) != 0)) {
      /* the product is what the SBOM describes; the component is its subcomponent */
      yyjson_mut_obj_add_strcpy(d, prod, "@id", r->subject_purl);
      yyjson_mut_val *sub = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, prod, "subcomponents"));
      yyjson_mut_obj_add_strcpy(d, sub, "@id", cid ? cid : "");
    } else {
      yyjson_mut_obj_add_strcpy(d, prod, "@id", cid ? cid : "");
    }
    const char *status = openvex_status(f);
    yyjson_mut_obj_add_str(d, s, "status", status);
    if (f->vex && f->vex->status == HOSHI_VEX_NOT_AFFECTED) {
      const char *j = to_openvex_justification(f->vex->justification);
      if (j) yyjson_mut_obj_add_str(d, s, "justification", j);
      /* OpenVEX requires a justification or an impact statement for not_affected */
      if (!j || f->vex->detail)
        yyjson_mut_obj_add_strcpy(d, s, "impact_statement",
                                  f->vex->detail ? f->vex->detail : "Stated not affected by the supplier");
    }
    if (!strcmp(status, "affected")) {
      /* OpenVEX requires an action statement for affected */
      char act[512] = "No fixed version is known; see the advisory";
      if (f->nfixed) {
        snprintf(act, sizeof act, "Upgrade to ");
        for (size_t k = 0; k < f->nfixed; k++) {
          size_t l = strlen(act);
          snprintf(act + l, sizeof act - l, "%s%s", k ? " or " : "", f->fixed[k]);
        }
      }
      jsonw_utf8_trim(act);
      yyjson_mut_obj_add_strcpy(d, s, "action_statement", act);
    }
  }
  return write_doc(d, out, e);
}

hoshi_err hoshi_vuln_report_write(const hoshi_vuln_report *r, hoshi_vuln_format f,
                                  int show_suppressed, hoshi_buf *out, hoshi_error *e) {
  switch (f) {
    case HOSHI_VULN_TABLE:
      write_table(r, show_suppressed, out);
      return out->oom ? hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory") : HOSHI_OK;
    case HOSHI_VULN_JSON: return write_json(r, show_suppressed, out, e);
    case HOSHI_VULN_SARIF: return write_sarif(r, show_suppressed, out, e);
    case HOSHI_VULN_CYCLONEDX_VEX: return write_cdx_vex(r, out, e);
    case HOSHI_VULN_OPENVEX: return write_openvex(r, out, e);
  }
  return hoshi_fail(e, HOSHI_EINVAL, "format", "unknown output format");
}

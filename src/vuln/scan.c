/* Scan: looks each component up in the store by ecosystem and normalized name, evaluates the
 * stored affected[] entries with OSV semantics, then adds KEV, EPSS and VEX to each finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yyjson.h>

#include "core/util.h"
#include "hoshi/cvss.h"
#include "hoshi/purl.h"
#include "hoshi/vuln.h"
#include "store/store.h"
#include "vuln/match.h"
#include "vuln/osv.h"
#include "vuln/scan_int.h"

/* Every string and array a report owns, freed together. */
struct vuln_report_mem {
  void **p;
  size_t n, cap;
};

void *scan_mem_keep(hoshi_vuln_report *r, void *p) {
  if (p == NULL) return NULL;
  struct vuln_report_mem *m = r->mem;
  if (m->n == m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 256;
    void **np = realloc(m->p, nc * sizeof *np);
    if (np == NULL) { free(p); return NULL; }
    m->p = np;
    m->cap = nc;
  }
  m->p[m->n++] = p;
  return p;
}

char *scan_strdup(hoshi_vuln_report *r, const char *s, int *oom) {
  if (s == NULL) return NULL;
  char *d = scan_mem_keep(r, strdup(s));
  if (d == NULL) *oom = 1;
  return d;
}

void hoshi_vuln_report_free(hoshi_vuln_report *r) {
  if (r == NULL) return;
  if (r->mem) {
    for (size_t i = 0; i < r->mem->n; i++) free(r->mem->p[i]);
    free(r->mem->p);
    free(r->mem);
  }
  free(r->components);
  free(r->findings);
  free(r->unchecked);
  free(r);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Reads a JSON array of strings (aliases) into report-owned memory. */
static char **json_strings(hoshi_vuln_report *r, const char *json, size_t *n, int *oom) {
  *n = 0;
  yyjson_doc *d = yyjson_read(json, strlen(json), 0);
  yyjson_val *root = yyjson_doc_get_root(d);
  char **out = NULL;
  if (yyjson_is_arr(root) && yyjson_arr_size(root) > 0) {
    out = scan_mem_keep(r, calloc(yyjson_arr_size(root), sizeof *out));
    if (out == NULL) *oom = 1;
    size_t i, max;
    yyjson_val *v;
    if (out)
      yyjson_arr_foreach(root, i, max, v)
        if (yyjson_is_str(v)) out[(*n)++] = scan_strdup(r, yyjson_get_str(v), oom);
  }
  yyjson_doc_free(d);
  return out;
}

/* OSV severity array (stored text or the affected entry's) into the finding, with scores. */
static void set_severity(hoshi_vuln_report *r, hoshi_vuln_finding *f, const osv_severity *s,
                         size_t n, int *oom) {
  f->max_score = -1;
  if (n == 0) return;
  f->severity = scan_mem_keep(r, calloc(n, sizeof *f->severity));
  if (f->severity == NULL) { *oom = 1; return; }
  for (size_t i = 0; i < n; i++) {
    hoshi_vuln_severity *d = &f->severity[f->nseverity++];
    d->type = scan_strdup(r, s[i].type, oom);
    d->vector = scan_strdup(r, s[i].vector, oom);
    d->has_score = s[i].has_score;
    d->score = s[i].score;
    if (d->has_score && d->score > f->max_score) f->max_score = d->score;
  }
}

static int is_cve(const char *s) { return s && strncmp(s, "CVE-", 4) == 0; }

typedef struct scan_ctx {
  sqlite3 *db;
  sqlite3_stmt *lookup, *adv, *kev, *epss;
  hoshi_vuln_report *r;
  size_t fcap, ucap;
  int oom;
} scan_ctx;

static hoshi_vuln_finding *find_or_add(scan_ctx *c, size_t comp, const char *id, int *created) {
  hoshi_vuln_report *r = c->r;
  *created = 0;
  /* findings of one component are contiguous: search back while the component matches */
  for (size_t i = r->nfindings; i > 0 && r->findings[i - 1].component == comp; i--)
    if (strcmp(r->findings[i - 1].id, id) == 0) return &r->findings[i - 1];
  if (r->nfindings == c->fcap) {
    size_t nc = c->fcap ? c->fcap * 2 : 64;
    hoshi_vuln_finding *nf = realloc(r->findings, nc * sizeof *nf);
    if (nf == NULL) { c->oom = 1; return NULL; }
    r->findings = nf;
    c->fcap = nc;
  }
  hoshi_vuln_finding *f = &r->findings[r->nfindings++];
  memset(f, 0, sizeof *f);
  f->component = comp;
  f->id = scan_strdup(r, id, &c->oom);
  f->max_score = -1;
  *created = 1;
  return f;
}

static void add_unchecked(scan_ctx *c, size_t comp, const char *id, const char *reason) {
  hoshi_vuln_report *r = c->r;
  for (size_t i = r->nunchecked; i > 0 && r->unchecked[i - 1].component == comp; i--)
    if (strcmp(r->unchecked[i - 1].id, id) == 0) return;
  if (r->nunchecked == c->ucap) {
    size_t nc = c->ucap ? c->ucap * 2 : 16;
    hoshi_vuln_unchecked *nu = realloc(r->unchecked, nc * sizeof *nu);
    if (nu == NULL) { c->oom = 1; return; }
    r->unchecked = nu;
    c->ucap = nc;
  }
  hoshi_vuln_unchecked *u = &r->unchecked[r->nunchecked++];
  u->component = comp;
  u->id = scan_strdup(r, id, &c->oom);
  u->reason = scan_strdup(r, reason, &c->oom);
}

/* Evaluates every stored affected entry for one component. */
static hoshi_err scan_component(scan_ctx *c, size_t ci, hoshi_error *e) {
  hoshi_vuln_report *r = c->r;
  const hoshi_vuln_component *comp = &r->components[ci];
  char base[128], name[OSV_STRING_MAX + 1];
  if (match_base_ecosystem(comp->ecosystem, base, sizeof base) != 0 ||
      match_normalize_name(comp->ecosystem, comp->package, name, sizeof name) != 0)
    return HOSHI_OK;
  sqlite3_bind_text(c->lookup, 1, base, -1, SQLITE_STATIC);
  sqlite3_bind_text(c->lookup, 2, name, -1, SQLITE_STATIC);
  int s;
  int any = 0;
  size_t first_unchecked = r->nunchecked;
  while ((s = sqlite3_step(c->lookup)) == SQLITE_ROW) {
    const char *id = store_col_text(c->lookup, 0);
    const char *eco_full = store_col_text(c->lookup, 1);
    const char *spec = store_col_text(c->lookup, 2);
    if (comp->release && !match_release(eco_full, comp->release)) continue;
    r->stats.candidates++;
    yyjson_doc *d = yyjson_read(spec, strlen(spec), 0);
    osv_affected af;
    memset(&af, 0, sizeof af);
    hoshi_error pe;
    if (d == NULL || osv_parse_affected(yyjson_doc_get_root(d), "$", &af, &pe) != HOSHI_OK) {
      osv_affected_free(&af);
      yyjson_doc_free(d);
      sqlite3_reset(c->lookup);
      return hoshi_fail(e, HOSHI_EDB, "", "stored entry of %s is unreadable", id);
    }
    match_result m;
    match_affected(&af, eco_full, comp->version, &m);
    if (m.verdict == MATCH_AFFECTED) {
      int created;
      hoshi_vuln_finding *f = find_or_add(c, ci, id, &created);
      if (f && created) {
        /* advisory details only for matches: most candidates do not match */
        sqlite3_bind_text(c->adv, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(c->adv) != SQLITE_ROW) { /* withdrawn meanwhile: no finding */
          sqlite3_reset(c->adv);
          r->nfindings--;
          osv_affected_free(&af);
          yyjson_doc_free(d);
          continue;
        }
        any = 1;
        f->summary = scan_strdup(r, store_col_text(c->adv, 0), &c->oom);
        f->aliases = json_strings(r, store_col_text(c->adv, 1), &f->naliases, &c->oom);
        f->modified = scan_strdup(r, store_col_text(c->adv, 3), &c->oom);
        if (af.n_severity) {
          set_severity(r, f, af.severity, af.n_severity, &c->oom);
        } else {
          /* the advisory-level severity, read with the same OSV reader */
          const char *sev = store_col_text(c->adv, 2);
          yyjson_doc *sd = yyjson_read(sev, strlen(sev), 0);
          yyjson_val *arr = yyjson_doc_get_root(sd);
          size_t n = yyjson_is_arr(arr) ? yyjson_arr_size(arr) : 0;
          osv_severity ss[OSV_SEVERITY_MAX];
          size_t k = 0, i, max;
          yyjson_val *v;
          if (n)
            yyjson_arr_foreach(arr, i, max, v) {
              if (k >= OSV_SEVERITY_MAX) break;
              const char *t = yyjson_get_str(yyjson_obj_get(v, "type"));
              const char *vec = yyjson_get_str(yyjson_obj_get(v, "score"));
              if (!t || !vec) continue;
              ss[k].type = t;
              ss[k].vector = vec;
              ss[k].has_score = (strcmp(t, "CVSS_V3") == 0 || strcmp(t, "CVSS_V4") == 0) &&
                                hoshi_cvss_score(vec, &ss[k].score, NULL, NULL) == HOSHI_OK;
              k++;
            }
          set_severity(r, f, ss, k, &c->oom);
          yyjson_doc_free(sd);
        }
        sqlite3_reset(c->adv);
      }
      if (f) {
        for (size_t i = 0; i < m.n_fixed; i++) {
          int dup = 0;
          for (size_t k = 0; k < f->nfixed; k++)
            if (strcmp(f->fixed[k], m.fixed[i]) == 0) dup = 1;
          if (dup) continue;
          /* grown by copying into report memory: a finding rarely has more than two */
          char **nf = scan_mem_keep(r, calloc(f->nfixed + 1, sizeof *nf));
          if (nf == NULL) { c->oom = 1; break; }
          if (f->nfixed) memcpy(nf, f->fixed, f->nfixed * sizeof *nf);
          f->fixed = nf;
          f->fixed[f->nfixed++] = scan_strdup(r, m.fixed[i], &c->oom);
        }
      }
    } else if (m.verdict == MATCH_UNCHECKABLE) {
      add_unchecked(c, ci, id, m.reason);
    }
    osv_affected_free(&af);
    yyjson_doc_free(d);
  }
  sqlite3_reset(c->lookup);
  if (s != SQLITE_DONE) return store_fail(c->db, e, "looking up advisories");
  /* An advisory that matched through one entry is no longer "not checkable" via another. */
  size_t w = first_unchecked;
  for (size_t i = first_unchecked; i < r->nunchecked; i++) {
    int found = 0;
    for (size_t k = r->nfindings; k > 0 && r->findings[k - 1].component == ci; k--)
      if (strcmp(r->findings[k - 1].id, r->unchecked[i].id) == 0) found = 1;
    if (!found) r->unchecked[w++] = r->unchecked[i];
  }
  r->nunchecked = w;
  if (any) r->stats.affected_components++;
  return HOSHI_OK;
}

static void enrich(scan_ctx *c, hoshi_vuln_finding *f) {
  hoshi_vuln_report *r = c->r;
  const char *ids[1 + 64];
  size_t n = 0;
  if (is_cve(f->id)) ids[n++] = f->id;
  for (size_t i = 0; i < f->naliases && n < sizeof ids / sizeof ids[0]; i++)
    if (is_cve(f->aliases[i])) ids[n++] = f->aliases[i];
  for (size_t i = 0; i < n && !f->kev; i++) {
    sqlite3_bind_text(c->kev, 1, ids[i], -1, SQLITE_STATIC);
    if (sqlite3_step(c->kev) == SQLITE_ROW) {
      f->kev = 1;
      f->kev_cve = scan_strdup(r, ids[i], &c->oom);
      f->kev_date_added = scan_strdup(r, store_col_text(c->kev, 0), &c->oom);
      f->kev_due_date = scan_strdup(r, store_col_text(c->kev, 1), &c->oom);
      f->kev_ransomware = scan_strdup(r, store_col_text(c->kev, 2), &c->oom);
    }
    sqlite3_reset(c->kev);
  }
  for (size_t i = 0; i < n && !f->has_epss; i++) {
    sqlite3_bind_text(c->epss, 1, ids[i], -1, SQLITE_STATIC);
    if (sqlite3_step(c->epss) == SQLITE_ROW) {
      f->has_epss = 1;
      f->epss_cve = scan_strdup(r, ids[i], &c->oom);
      f->epss_score = sqlite3_column_double(c->epss, 0);
      f->epss_percentile = sqlite3_column_double(c->epss, 1);
      f->epss_date = scan_strdup(r, store_col_text(c->epss, 2), &c->oom);
    }
    sqlite3_reset(c->epss);
  }
}

/* ---- one vulnerability from several databases ---- */

/* The same vulnerability published by two databases (GO-2020-0001 and GHSA-6vm3-jj99-7229,
 * both in osv.dev's Go export) names the other as an alias or shares an alias with it. */
static int same_vulnerability(const hoshi_vuln_finding *a, const hoshi_vuln_finding *b) {
  for (size_t i = 0; i < b->naliases; i++)
    if (strcmp(a->id, b->aliases[i]) == 0) return 1;
  for (size_t i = 0; i < a->naliases; i++) {
    if (strcmp(b->id, a->aliases[i]) == 0) return 1;
    for (size_t k = 0; k < b->naliases; k++)
      if (strcmp(a->aliases[i], b->aliases[k]) == 0) return 1;
  }
  return 0;
}

/* The id kept when merging: an ecosystem database's own (GO-, PYSEC-, RUSTSEC-...) before
 * the aggregators' GHSA- and CVE- ids, then the smaller id. */
static int id_rank(const char *id) {
  return strncmp(id, "GHSA-", 5) == 0 ? 1 : strncmp(id, "CVE-", 4) == 0 ? 2 : 0;
}

static int list_has(char *const *l, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(l[i], s) == 0) return 1;
  return 0;
}

/* Appends src to keep's list (report memory), skipping duplicates and `except`. */
static void list_union(scan_ctx *c, char ***list, size_t *n, char *const *src, size_t m,
                       const char *except) {
  char **out = scan_mem_keep(c->r, calloc(*n + m + 1, sizeof *out));
  if (out == NULL) { c->oom = 1; return; }
  size_t k = 0;
  for (size_t i = 0; i < *n; i++) out[k++] = (*list)[i];
  for (size_t i = 0; i < m; i++)
    if (!list_has(out, k, src[i]) && (except == NULL || strcmp(src[i], except) != 0)) out[k++] = src[i];
  *list = out;
  *n = k;
}

/* Folds duplicates of one component into one finding; findings are sorted by component. */
static void merge_duplicates(scan_ctx *c) {
  hoshi_vuln_report *r = c->r;
  size_t w = 0;
  for (size_t i = 0; i < r->nfindings; i++) {
    hoshi_vuln_finding *x = &r->findings[i];
    size_t k;
    for (k = w; k > 0 && r->findings[k - 1].component == x->component; k--)
      if (same_vulnerability(&r->findings[k - 1], x)) break;
    if (k == 0 || r->findings[k - 1].component != x->component) {
      r->findings[w++] = *x;
      continue;
    }
    hoshi_vuln_finding *keep = &r->findings[k - 1];
    hoshi_vuln_finding drop = *x;
    if (id_rank(drop.id) < id_rank(keep->id) ||
        (id_rank(drop.id) == id_rank(keep->id) && strcmp(drop.id, keep->id) < 0)) {
      hoshi_vuln_finding t = *keep; /* the dropped one's id wins: swap roles */
      *keep = drop;
      drop = t;
    }
    char *const ids[1] = {drop.id};
    list_union(c, &keep->aliases, &keep->naliases, ids, 1, keep->id);
    list_union(c, &keep->aliases, &keep->naliases, drop.aliases, drop.naliases, keep->id);
    list_union(c, &keep->fixed, &keep->nfixed, drop.fixed, drop.nfixed, NULL);
    if (drop.nseverity) {
      hoshi_vuln_severity *sv = scan_mem_keep(r, calloc(keep->nseverity + drop.nseverity, sizeof *sv));
      if (sv == NULL) { c->oom = 1; continue; }
      size_t n = 0;
      for (size_t j = 0; j < keep->nseverity; j++) sv[n++] = keep->severity[j];
      for (size_t j = 0; j < drop.nseverity; j++) {
        int dup = 0;
        for (size_t q = 0; q < n; q++) dup |= strcmp(sv[q].vector, drop.severity[j].vector) == 0;
        if (!dup) sv[n++] = drop.severity[j];
      }
      keep->severity = sv;
      keep->nseverity = n;
      if (drop.max_score > keep->max_score) keep->max_score = drop.max_score;
    }
    if ((keep->summary == NULL || *keep->summary == '\0') && drop.summary) keep->summary = drop.summary;
    r->stats.merged++;
  }
  r->nfindings = w;
}

/* ---- VEX ---- */

/* Same package (type, namespace, name) and, when the VEX purl names a version, same version.
 * Qualifiers are ignored: a statement about pkg:golang/x@v1 covers any build of it. */
static int purl_covers(const char *vex_purl, const char *purl) {
  if (vex_purl == NULL || purl == NULL || strncmp(vex_purl, "pkg:", 4) != 0) return 0;
  hoshi_purl a, b;
  if (hoshi_purl_parse(vex_purl, &a, NULL) != HOSHI_OK) return 0;
  if (hoshi_purl_parse(purl, &b, NULL) != HOSHI_OK) {
    hoshi_purl_free(&a);
    return 0;
  }
  int ok = strcmp(a.type, b.type) == 0 && strcmp(a.name, b.name) == 0 &&
           ((a.namespace == NULL && b.namespace == NULL) ||
            (a.namespace && b.namespace && strcmp(a.namespace, b.namespace) == 0)) &&
           (a.version == NULL || (b.version && strcmp(a.version, b.version) == 0));
  hoshi_purl_free(&a);
  hoshi_purl_free(&b);
  return ok;
}

/* A product string names component c: its bom-ref (also as the fragment of a BOM-link
 * "urn:cdx:serial/version#ref") or its purl. */
static int names_component(const char *prod, const hoshi_vuln_component *c) {
  if (c->ref) {
    if (strcmp(prod, c->ref) == 0) return 1;
    const char *hash = strrchr(prod, '#');
    if (strncmp(prod, "urn:cdx:", 8) == 0 && hash && strcmp(hash + 1, c->ref) == 0) return 1;
  }
  return purl_covers(prod, c->purl);
}

static int names_subject(const char *prod, const hoshi_vuln_report *r) {
  if (r->subject_ref && strcmp(prod, r->subject_ref) == 0) return 1;
  if (r->subject_purl && purl_covers(prod, r->subject_purl)) return 1;
  /* name@version of the described component (an SPDX document's own name is not it) */
  const char *name = r->subject_name ? r->subject_name : r->doc_name;
  if (name && r->doc_version) {
    size_t n = strlen(name);
    if (strncmp(prod, name, n) == 0 && prod[n] == '@' && strcmp(prod + n + 1, r->doc_version) == 0)
      return 1;
  }
  return 0;
}

static int same_vuln(const hoshi_vex_statement *s, const hoshi_vuln_finding *f) {
  const char *sv[1 + 64];
  size_t ns = 0;
  sv[ns++] = s->vuln_id;
  for (size_t i = 0; i < s->naliases && ns < 65; i++) sv[ns++] = s->aliases[i];
  for (size_t i = 0; i < ns; i++) {
    if (strcmp(sv[i], f->id) == 0) return 1;
    for (size_t k = 0; k < f->naliases; k++)
      if (strcmp(sv[i], f->aliases[k]) == 0) return 1;
  }
  return 0;
}

static int statement_applies(const hoshi_vex_statement *s, const hoshi_vuln_report *r,
                             const hoshi_vuln_finding *f) {
  if (!same_vuln(s, f)) return 0;
  const hoshi_vuln_component *c = &r->components[f->component];
  if (s->nsubcomponents > 0) {
    /* "product P, as far as its subcomponent S goes": P is the scanned product (or the
     * component itself), S is the component */
    int prod = 0;
    for (size_t i = 0; i < s->nproducts && !prod; i++)
      prod = names_subject(s->products[i], r) || names_component(s->products[i], c);
    if (!prod) return 0;
    for (size_t i = 0; i < s->nsubcomponents; i++)
      if (names_component(s->subcomponents[i], c)) return 1;
    return 0;
  }
  for (size_t i = 0; i < s->nproducts; i++)
    if (names_component(s->products[i], c) || names_subject(s->products[i], r)) return 1;
  return 0;
}

static void apply_vex(hoshi_vuln_report *r, const hoshi_vex *vex) {
  if (vex == NULL) return;
  for (size_t i = 0; i < r->nfindings; i++) {
    hoshi_vuln_finding *f = &r->findings[i];
    /* later statements (later files, later in a file) override earlier ones */
    for (size_t k = 0; k < vex->n; k++)
      if (statement_applies(&vex->st[k], r, f)) f->vex = &vex->st[k];
    if (f->vex)
      f->suppressed = f->vex->status == HOSHI_VEX_NOT_AFFECTED || f->vex->status == HOSHI_VEX_FIXED;
  }
}

static int finding_cmp(const void *a, const void *b) {
  const hoshi_vuln_finding *x = a, *y = b;
  if (x->component != y->component) return x->component < y->component ? -1 : 1;
  return strcmp(x->id, y->id);
}

/* Memory map for the store during scans; pages are shared with the OS cache, and a scan
 * touches only the index and rows of the packages it looks up. */
#define VULN_SCAN_MMAP_BYTES ((sqlite3_int64)1 << 30)

typedef struct scan_order {
  size_t idx;
  const char *eco, *pkg;
} scan_order;

static int order_cmp(const void *a, const void *b) {
  const scan_order *x = a, *y = b;
  int c = strcmp(x->eco, y->eco);
  return c ? c : strcmp(x->pkg, y->pkg);
}

static hoshi_err prepare_all(scan_ctx *c, hoshi_error *e) {
  /* No ORDER BY: it cost a sort per lookup, and findings are sorted once at the end.
   * Withdrawn advisories have no vuln_affected rows; the details query checks again. */
  const char *q1 = "SELECT advisory_id, ecosystem_full, spec FROM vuln_affected"
                   " WHERE ecosystem = ?1 AND name = ?2";
  const char *q4 = "SELECT summary, aliases, severity, modified FROM vuln_advisories"
                   " WHERE id = ?1 AND withdrawn IS NULL";
  const char *q2 = "SELECT date_added, due_date, ransomware FROM vuln_kev WHERE cve = ?1";
  const char *q3 = "SELECT score, percentile, score_date FROM vuln_epss WHERE cve = ?1";
  if (sqlite3_prepare_v2(c->db, q1, -1, &c->lookup, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db, q2, -1, &c->kev, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db, q3, -1, &c->epss, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db, q4, -1, &c->adv, NULL) != SQLITE_OK)
    return store_fail(c->db, e, "preparing scan (is the database initialized?)");
  return HOSHI_OK;
}

/* Scans r->components (already filled). */
hoshi_err scan_run(sqlite3 *db, hoshi_vuln_report *r, const hoshi_vex *inner,
                          const hoshi_vex *vex, hoshi_error *e) {
  double t0 = now_ms();
  scan_ctx c = {db, NULL, NULL, NULL, NULL, r, 0, 0, 0};
  hoshi_err rc = prepare_all(&c, e);
  if (rc) goto done;
  /* Page reads through a memory map instead of one pread per page: most of a large scan's
   * time was system calls. Only raised, never lowered, on the caller's connection. */
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, "PRAGMA mmap_size", -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) < VULN_SCAN_MMAP_BYTES) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA mmap_size=%lld", (long long)VULN_SCAN_MMAP_BYTES);
    sqlite3_finalize(q);
    q = NULL;
    sqlite3_exec(db, sql, NULL, NULL, NULL);
  }
  sqlite3_finalize(q);
  /* One read transaction: the whole scan sees one state of the store. */
  /* A caller already inside a transaction keeps it: we neither nest nor commit it. */
  int own_tx = sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  r->stats.components = r->ncomponents;
  /* Look packages up in key order: neighbouring lookups touch the same index pages. */
  scan_order *order = malloc((r->ncomponents ? r->ncomponents : 1) * sizeof *order);
  if (order == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    if (own_tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    goto done;
  }
  for (size_t i = 0; i < r->ncomponents; i++) {
    order[i].idx = i;
    order[i].eco = r->components[i].ecosystem ? r->components[i].ecosystem : "";
    order[i].pkg = r->components[i].package ? r->components[i].package : "";
  }
  if (r->ncomponents) qsort(order, r->ncomponents, sizeof *order, order_cmp);
  for (size_t k = 0; k < r->ncomponents && rc == HOSHI_OK; k++) {
    size_t i = order[k].idx;
    const hoshi_vuln_component *comp = &r->components[i];
    if (comp->ecosystem == NULL || comp->package == NULL) {
      r->stats.unidentified++;
      continue;
    }
    r->stats.identified++;
    if (comp->version == NULL || *comp->version == '\0') {
      r->stats.no_version++;
      continue;
    }
    rc = scan_component(&c, i, e);
  }
  free(order);
  if (rc == HOSHI_OK) {
    if (r->nfindings) qsort(r->findings, r->nfindings, sizeof *r->findings, finding_cmp);
    merge_duplicates(&c);
    for (size_t i = 0; i < r->nfindings; i++) enrich(&c, &r->findings[i]);
    apply_vex(r, inner);
    apply_vex(r, vex);
    for (size_t i = 0; i < r->nfindings; i++) {
      r->stats.findings++;
      if (r->findings[i].suppressed) r->stats.suppressed++;
      else if (r->findings[i].kev) r->stats.kev++;
    }
    r->stats.not_checkable = r->nunchecked;
  }
  if (own_tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  if (rc == HOSHI_OK && c.oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
done:
  sqlite3_finalize(c.lookup);
  sqlite3_finalize(c.adv);
  sqlite3_finalize(c.kev);
  sqlite3_finalize(c.epss);
  r->stats.elapsed_ms = now_ms() - t0;
  return rc;
}

hoshi_vuln_report *scan_report_new(size_t n) {
  hoshi_vuln_report *r = calloc(1, sizeof *r);
  if (r == NULL) return NULL;
  r->mem = calloc(1, sizeof *r->mem);
  r->components = calloc(n ? n : 1, sizeof *r->components);
  if (r->mem == NULL || r->components == NULL) {
    hoshi_vuln_report_free(r);
    return NULL;
  }
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  int oom = 0;
  r->scanned_at = scan_strdup(r, now, &oom);
  return r;
}

/* Copies one component, deriving ecosystem and package from its purl when not given. */
void scan_set_component(hoshi_vuln_report *r, size_t i, const hoshi_vuln_component *in, int *oom) {
  hoshi_vuln_component *c = &r->components[i];
  c->ref = scan_strdup(r, in->ref, oom);
  c->name = scan_strdup(r, in->name, oom);
  c->version = scan_strdup(r, in->version, oom);
  c->purl = scan_strdup(r, in->purl, oom);
  c->ecosystem = scan_strdup(r, in->ecosystem, oom);
  c->package = scan_strdup(r, in->package, oom);
  c->release = scan_strdup(r, in->release, oom);
  if ((c->ecosystem == NULL || c->package == NULL) && c->purl) {
    hoshi_purl p;
    if (hoshi_purl_parse(c->purl, &p, NULL) == HOSHI_OK) {
      const char *eco = hoshi_purl_osv_ecosystem(&p);
      char *name = NULL;
      if (eco && hoshi_purl_osv_name(&p, &name, NULL) == HOSHI_OK) {
        c->ecosystem = scan_strdup(r, eco, oom);
        c->package = scan_mem_keep(r, name);
        if (c->package == NULL) *oom = 1;
        /* the purl's version is the identity matched; the component's is the fallback */
        if (p.version) c->version = scan_strdup(r, p.version, oom);
        const char *distro = hoshi_purl_qualifier_get(&p, "distro");
        if (c->release == NULL && distro) c->release = scan_strdup(r, distro, oom);
      }
      hoshi_purl_free(&p);
    }
  }
}

hoshi_err hoshi_vuln_scan(sqlite3 *db, const hoshi_vuln_component *components, size_t n,
                          const hoshi_vex *vex, hoshi_vuln_report **out, hoshi_error *e) {
  *out = NULL;
  hoshi_vuln_report *r = scan_report_new(n);
  if (r == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  int oom = 0;
  for (size_t i = 0; i < n; i++) scan_set_component(r, i, &components[i], &oom);
  r->ncomponents = n;
  if (oom) {
    hoshi_vuln_report_free(r);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  hoshi_err rc = scan_run(db, r, NULL, vex, e);
  if (rc) {
    hoshi_vuln_report_free(r);
    return rc;
  }
  *out = r;
  return HOSHI_OK;
}


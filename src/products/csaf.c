/* The supplier's VEX statements on a product as a CSAF 2.0 document of category csaf_vex:
 * product tree (supplier, product, versions, stated components), one vulnerability per CVE. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "products/products.h"
#include "products/products_int.h"
#include "store/store.h"

/* SQL test for the CSAF cve pattern ^CVE-[0-9]{4}-[0-9]{4,}$ */
#define IS_CVE(x) "(" x " GLOB 'CVE-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*' AND substr(" x ", 14) NOT GLOB '*[^0-9]*')"

/* The stated findings of product ?1 (at most ?2), each with the key of the CSAF vulnerability
 * it belongs to: its CVE (the advisory's own id or the smallest CVE alias), else the advisory
 * id. Grouping by CVE keeps two advisories of one CVE in one vulnerability, as CSAF requires. */
#define STATED                                                                                                         \
  "WITH s AS (SELECT f.id AS fid, f.advisory_id AS adv, v.id AS vid, v.version AS ver, f.ckey AS ckey,"                \
  " f.summary AS summary, x.status AS status, x.justification AS just, x.action AS action, x.detail AS detail,"         \
  " x.updated_at AS updated_at, CASE WHEN " IS_CVE("f.advisory_id") " THEN f.advisory_id ELSE coalesce("               \
  "(SELECT min(i.vuln_id) FROM product_finding_ids i WHERE i.finding_id = f.id AND " IS_CVE("i.vuln_id") "),"          \
  " f.advisory_id) END AS gkey"                                                                                        \
  " FROM product_findings f JOIN product_versions v ON v.id = f.version_id JOIN product_vex x ON x.finding_id = f.id"  \
  " WHERE v.product_id = ?1 ORDER BY v.version, f.advisory_id, f.ckey LIMIT ?2) "

static const char *const status_keys[] = {"known_not_affected", "known_affected", "fixed", "under_investigation"};

static int status_ix(const char *s) {
  for (int i = 0; products_vex_statuses[i]; i++)
    if (!strcmp(s, products_vex_statuses[i])) return i;
  return 3;
}

static int justification_ix(const char *j) {
  for (int i = 0; products_vex_justifications[i]; i++)
    if (!strcmp(j, products_vex_justifications[i])) return i;
  return -1;
}

/* A copied string built with printf; NULL when out of memory (yyjson then drops the member,
 * and the final write reports the failure). */
static yyjson_mut_val *fmt_str(yyjson_mut_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static yyjson_mut_val *fmt_str(yyjson_mut_doc *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (s == NULL) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  yyjson_mut_val *v = yyjson_mut_strncpy(d, s, (size_t)n);
  free(s);
  return v;
}

/* The CSAF 2.0 purl pattern: ^pkg:[A-Za-z.+-][A-Za-z0-9.+-]* / .+ */
static int csaf_purl(const char *p) {
  if (strncmp(p, "pkg:", 4)) return 0;
  p += 4;
  if (!(*p == '.' || *p == '-' || *p == '+' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) return 0;
  for (p++; *p && *p != '/'; p++)
    if (!(*p == '.' || *p == '-' || *p == '+' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
          (*p >= '0' && *p <= '9')))
      return 0;
  return *p == '/' && p[1] != 0;
}

/* The same test in C. */
static int is_cve(const char *s) {
  if (strncmp(s, "CVE-", 4)) return 0;
  size_t n = 0;
  for (s += 4; n < 4; n++, s++)
    if (*s < '0' || *s > '9') return 0;
  if (*s++ != '-') return 0;
  for (n = 0; *s; n++, s++)
    if (*s < '0' || *s > '9') return 0;
  return n >= 4;
}

/* Product id of a component: stable across exports, whatever characters its purl holds. */
static void component_pid(const char *ckey, char out[24]) {
  char sha[65];
  util_sha256_hex(ckey, strlen(ckey), sha);
  snprintf(out, 24, "CMP-%.16s", sha);
}

/* Tracking system name of an advisory id: its prefix (GHSA, PYSEC, RUSTSEC …). */
static yyjson_mut_val *id_obj(yyjson_mut_doc *d, const char *id) {
  yyjson_mut_val *o = yyjson_mut_obj(d);
  const char *dash = strchr(id, '-');
  if (!strncmp(id, "GHSA-", 5)) yyjson_mut_obj_add_str(d, o, "system_name", "GitHub Security Advisories");
  else if (dash && dash != id) yyjson_mut_obj_add_val(d, o, "system_name", fmt_str(d, "%.*s", (int)(dash - id), id));
  else yyjson_mut_obj_add_str(d, o, "system_name", "OSV");
  yyjson_mut_obj_add_strcpy(d, o, "text", id);
  return o;
}

/* The parts of one vulnerability, filled row by row and put together at its end. */
typedef struct vgroup {
  yyjson_mut_val *status[4];  /* product ids per product_status list, NULL while empty */
  yyjson_mut_val *flags[8];   /* product ids per justification label */
  yyjson_mut_val *threats, *remediations, *notes;
} vgroup;

static yyjson_mut_val *lazy_arr(yyjson_mut_doc *d, yyjson_mut_val **a) {
  if (*a == NULL) *a = yyjson_mut_arr(d);
  return *a;
}

static void group_close(yyjson_mut_doc *d, yyjson_mut_val *v, vgroup *g) {
  yyjson_mut_obj_add_val(d, v, "notes", g->notes);
  yyjson_mut_val *ps = yyjson_mut_obj_add_obj(d, v, "product_status");
  static const int order[] = {2, 1, 0, 3}; /* fixed, known_affected, known_not_affected, under_investigation */
  for (int k = 0; k < 4; k++)
    if (g->status[order[k]]) yyjson_mut_obj_add_val(d, ps, status_keys[order[k]], g->status[order[k]]);
  yyjson_mut_val *flags = NULL;
  for (int j = 0; products_vex_justifications[j]; j++) {
    if (g->flags[j] == NULL) continue;
    yyjson_mut_val *f = yyjson_mut_obj(d);
    yyjson_mut_obj_add_str(d, f, "label", products_vex_justifications[j]); /* CSAF uses the CISA labels */
    yyjson_mut_obj_add_val(d, f, "product_ids", g->flags[j]);
    yyjson_mut_arr_append(lazy_arr(d, &flags), f);
  }
  if (flags) yyjson_mut_obj_add_val(d, v, "flags", flags);
  if (g->remediations) yyjson_mut_obj_add_val(d, v, "remediations", g->remediations);
  if (g->threats) yyjson_mut_obj_add_val(d, v, "threats", g->threats);
  memset(g, 0, sizeof *g);
}

/* One statement of a product (version, or component in a version) into its vulnerability. */
static void group_add(yyjson_mut_doc *d, vgroup *g, const char *pid, sqlite3_stmt *st) {
  const char *status = store_col_text(st, 5), *just = store_col_text(st, 6), *action = store_col_text(st, 7),
             *detail = store_col_text(st, 8);
  int s = status_ix(status);
  yyjson_mut_arr_add_strcpy(d, lazy_arr(d, &g->status[s]), pid);
  if (s == 0) {
    int j = justification_ix(just);
    if (j >= 0) yyjson_mut_arr_add_strcpy(d, lazy_arr(d, &g->flags[j]), pid);
  }
  if (s == 1) {
    /* CSAF wants a remediation for every known_affected product; hoshi keeps the supplier's
     * action as free text, so it goes out as the most general category, claiming no fix. */
    yyjson_mut_val *r = yyjson_mut_obj(d);
    yyjson_mut_obj_add_str(d, r, "category", "mitigation");
    yyjson_mut_obj_add_strcpy(d, r, "details", action[0] ? action : "See the supplier's statement.");
    yyjson_mut_arr_add_strcpy(d, yyjson_mut_obj_add_arr(d, r, "product_ids"), pid);
    yyjson_mut_arr_append(lazy_arr(d, &g->remediations), r);
  }
  if (!detail[0]) return;
  if (s <= 1) {
    /* the impact statement: why a product is (not) affected */
    yyjson_mut_val *t = yyjson_mut_obj(d);
    yyjson_mut_obj_add_str(d, t, "category", "impact");
    yyjson_mut_obj_add_strcpy(d, t, "details", detail);
    yyjson_mut_arr_add_strcpy(d, yyjson_mut_obj_add_arr(d, t, "product_ids"), pid);
    yyjson_mut_arr_append(lazy_arr(d, &g->threats), t);
  } else {
    yyjson_mut_val *n = yyjson_mut_obj(d);
    yyjson_mut_obj_add_str(d, n, "category", "details");
    yyjson_mut_obj_add_val(d, n, "title", fmt_str(d, "Supplier statement (%s) on %s", status, pid));
    yyjson_mut_obj_add_strcpy(d, n, "text", detail);
    yyjson_mut_arr_append(g->notes, n);
  }
}

/* product_tree: supplier → product → every version; with component access, each stated
 * component (its purl as identification helper) and its relationship to the version. */
static hoshi_err product_tree(sqlite3 *db, yyjson_mut_doc *d, yyjson_mut_val *root, const char *product_id,
                              const char *supplier, const char *pname, int components, hoshi_error *e) {
  yyjson_mut_val *tree = yyjson_mut_obj_add_obj(d, root, "product_tree");
  yyjson_mut_val *vendor = yyjson_mut_obj(d);
  yyjson_mut_arr_append(yyjson_mut_obj_add_arr(d, tree, "branches"), vendor);
  yyjson_mut_obj_add_str(d, vendor, "category", "vendor");
  yyjson_mut_obj_add_strcpy(d, vendor, "name", supplier);
  yyjson_mut_val *prod = yyjson_mut_obj(d);
  yyjson_mut_arr_append(yyjson_mut_obj_add_arr(d, vendor, "branches"), prod);
  yyjson_mut_obj_add_str(d, prod, "category", "product_name");
  yyjson_mut_obj_add_strcpy(d, prod, "name", pname);
  yyjson_mut_val *vers = yyjson_mut_obj_add_arr(d, prod, "branches");
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, "SELECT version FROM product_versions WHERE product_id = ? ORDER BY version LIMIT ?", -1, &st,
                         NULL) != SQLITE_OK)
    return store_fail(db, e, "preparing CSAF export");
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *ver = store_col_text(st, 0);
    yyjson_mut_val *b = yyjson_mut_obj(d);
    yyjson_mut_arr_append(vers, b);
    yyjson_mut_obj_add_str(d, b, "category", "product_version");
    yyjson_mut_obj_add_strcpy(d, b, "name", ver);
    yyjson_mut_val *fp = yyjson_mut_obj_add_obj(d, b, "product");
    yyjson_mut_obj_add_val(d, fp, "name", fmt_str(d, "%s %s", pname, ver));
    yyjson_mut_obj_add_val(d, fp, "product_id", fmt_str(d, "%s:%s", product_id, ver));
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading versions");
  sqlite3_finalize(st);
  st = NULL;
  if (rc || !components) return rc;

  if (sqlite3_prepare_v2(db,
                         STATED "SELECT s.ckey, s.ver, coalesce(min(c.name), ''), coalesce(min(c.version), '') FROM s"
                                " LEFT JOIN product_components c ON c.version_id = s.vid AND c.ckey = s.ckey"
                                " GROUP BY s.ckey, s.ver ORDER BY s.ckey, s.ver",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "preparing CSAF export");
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  yyjson_mut_val *fpn = NULL, *rels = NULL;
  char last[24] = "";
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *ckey = store_col_text(st, 0), *ver = store_col_text(st, 1), *cname = store_col_text(st, 2),
               *cver = store_col_text(st, 3);
    char cid[24];
    component_pid(ckey, cid);
    yyjson_mut_val *disp = cname[0] ? fmt_str(d, "%s%s%s", cname, cver[0] ? " " : "", cver) : yyjson_mut_strcpy(d, ckey);
    if (strcmp(cid, last)) {
      snprintf(last, sizeof last, "%s", cid);
      yyjson_mut_val *c = yyjson_mut_obj(d);
      yyjson_mut_arr_append(lazy_arr(d, &fpn), c);
      yyjson_mut_obj_add_val(d, c, "name", disp);
      yyjson_mut_obj_add_strcpy(d, c, "product_id", cid);
      if (csaf_purl(ckey)) yyjson_mut_obj_add_strcpy(d, yyjson_mut_obj_add_obj(d, c, "product_identification_helper"), "purl", ckey);
    }
    yyjson_mut_val *r = yyjson_mut_obj(d);
    yyjson_mut_arr_append(lazy_arr(d, &rels), r);
    yyjson_mut_obj_add_str(d, r, "category", "default_component_of");
    yyjson_mut_val *fp = yyjson_mut_obj_add_obj(d, r, "full_product_name");
    yyjson_mut_obj_add_val(d, fp, "name",
                           cname[0] ? fmt_str(d, "%s%s%s in %s %s", cname, cver[0] ? " " : "", cver, pname, ver)
                                    : fmt_str(d, "%s in %s %s", ckey, pname, ver));
    yyjson_mut_obj_add_val(d, fp, "product_id", fmt_str(d, "%s:%s:%s", product_id, ver, cid));
    yyjson_mut_obj_add_strcpy(d, r, "product_reference", cid);
    yyjson_mut_obj_add_val(d, r, "relates_to_product_reference", fmt_str(d, "%s:%s", product_id, ver));
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading components");
  sqlite3_finalize(st);
  if (fpn) yyjson_mut_obj_add_val(d, tree, "full_product_names", fpn);
  if (rels) yyjson_mut_obj_add_val(d, tree, "relationships", rels);
  return rc;
}

/* CSAF recommends (optional test 6.2.13) that every object's keys are sorted; the builder
 * writes them in reading order, so they are sorted once at the end. Left as built when out
 * of memory: the order carries no meaning. */
typedef struct kv {
  yyjson_mut_val *key, *val;
} kv;

static int kv_cmp(const void *a, const void *b) {
  return strcmp(yyjson_mut_get_str(((const kv *)a)->key), yyjson_mut_get_str(((const kv *)b)->key));
}

static void sort_keys(yyjson_mut_val *v) {
  if (yyjson_mut_is_arr(v)) {
    size_t i, max;
    yyjson_mut_val *x;
    yyjson_mut_arr_foreach(v, i, max, x) sort_keys(x);
    return;
  }
  if (!yyjson_mut_is_obj(v)) return;
  size_t n = yyjson_mut_obj_size(v), k = 0;
  kv *all = malloc((n ? n : 1) * sizeof *all);
  if (all == NULL) return;
  yyjson_mut_obj_iter it;
  yyjson_mut_obj_iter_init(v, &it);
  yyjson_mut_val *key;
  while (k < n && (key = yyjson_mut_obj_iter_next(&it)) != NULL) {
    all[k].key = key;
    all[k++].val = yyjson_mut_obj_iter_get_val(key);
  }
  qsort(all, k, sizeof *all, kv_cmp);
  yyjson_mut_obj_clear(v);
  for (size_t i = 0; i < k; i++) {
    yyjson_mut_obj_add(v, all[i].key, all[i].val);
    sort_keys(all[i].val);
  }
  free(all);
}

/* "2026-11-26T09:47:22Z" → "20261126T094722Z" for the tracking id. */
static void compact_time(const char *iso, char *out, size_t n) {
  size_t k = 0;
  for (; *iso && k + 1 < n; iso++)
    if (*iso != '-' && *iso != ':') out[k++] = *iso;
  out[k] = 0;
}

hoshi_err products_csaf_vex(sqlite3 *db, const char *org_id, const char *product_id, const char *namespace_url,
                            char **out, size_t *len, hoshi_error *e) {
  *out = NULL;
  *len = 0;
  products_access a = products_access_org(db, org_id, product_id);
  if (a == PRODUCTS_NONE) return hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id ? product_id : "");
  char supplier[PRODUCTS_NAME_MAX * 4] = "", pname[PRODUCTS_NAME_MAX + 1] = "", newest[UTIL_TIME_LEN] = "";
  long long nstated = 0;
  sqlite3_stmt *st = NULL, *ids = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT o.name_ja, o.name_en, p.name, (SELECT count(*) FROM product_vex x JOIN product_findings f"
                         " ON f.id = x.finding_id JOIN product_versions v ON v.id = f.version_id WHERE v.product_id = p.id),"
                         " (SELECT coalesce(max(x.updated_at), '') FROM product_vex x JOIN product_findings f"
                         " ON f.id = x.finding_id JOIN product_versions v ON v.id = f.version_id WHERE v.product_id = p.id)"
                         " FROM products p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "preparing CSAF export");
  store_bind_text(st, 1, product_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(supplier, sizeof supplier, "%s", store_col_text(st, 1)[0] ? store_col_text(st, 1) : store_col_text(st, 0));
    snprintf(pname, sizeof pname, "%s", store_col_text(st, 2));
    nstated = sqlite3_column_int64(st, 3);
    snprintf(newest, sizeof newest, "%s", store_col_text(st, 4));
  }
  sqlite3_finalize(st);
  st = NULL;
  /* CSAF VEX requires at least one vulnerability: an empty document would be invalid. */
  if (nstated == 0)
    return hoshi_fail(e, HOSHI_ECONFLICT, "id", "product %.64s has no VEX statements yet; CSAF VEX needs at least one",
                      product_id);

  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  char now[UTIL_TIME_LEN], stamp[UTIL_TIME_LEN];
  util_now_iso(now);
  compact_time(newest, stamp, sizeof stamp);

  /* The document is a snapshot of the statements: its release is the newest statement, and
   * its tracking id names that time, so a changed statement gives a new document id. */
  yyjson_mut_val *doc = yyjson_mut_obj_add_obj(d, root, "document");
  yyjson_mut_obj_add_str(d, doc, "category", "csaf_vex");
  yyjson_mut_obj_add_str(d, doc, "csaf_version", "2.0");
  yyjson_mut_val *pub = yyjson_mut_obj_add_obj(d, doc, "publisher");
  yyjson_mut_obj_add_str(d, pub, "category", "vendor");
  yyjson_mut_obj_add_strcpy(d, pub, "name", supplier);
  yyjson_mut_obj_add_strcpy(d, pub, "namespace", namespace_url);
  yyjson_mut_obj_add_val(d, doc, "title", fmt_str(d, "VEX statements of %s on %s", supplier, pname));
  yyjson_mut_val *tr = yyjson_mut_obj_add_obj(d, doc, "tracking");
  yyjson_mut_val *gen = yyjson_mut_obj_add_obj(d, tr, "generator");
  yyjson_mut_obj_add_strcpy(d, gen, "date", now);
  yyjson_mut_val *eng = yyjson_mut_obj_add_obj(d, gen, "engine");
  yyjson_mut_obj_add_str(d, eng, "name", "hoshi");
  yyjson_mut_obj_add_str(d, eng, "version", HOSHI_VERSION);
  yyjson_mut_obj_add_val(d, tr, "id", fmt_str(d, "HOSHI-VEX-%s-%s", product_id, stamp));
  yyjson_mut_obj_add_strcpy(d, tr, "initial_release_date", newest);
  yyjson_mut_obj_add_strcpy(d, tr, "current_release_date", newest);
  yyjson_mut_val *rev = yyjson_mut_obj(d);
  yyjson_mut_arr_append(yyjson_mut_obj_add_arr(d, tr, "revision_history"), rev);
  yyjson_mut_obj_add_strcpy(d, rev, "date", newest);
  yyjson_mut_obj_add_str(d, rev, "number", "1");
  yyjson_mut_obj_add_str(d, rev, "summary", "The supplier's VEX statements as recorded in hoshi.");
  yyjson_mut_obj_add_str(d, tr, "status", "final");
  yyjson_mut_obj_add_str(d, tr, "version", "1");

  hoshi_err rc = product_tree(db, d, root, product_id, supplier, pname, a >= PRODUCTS_SBOM, e);
  if (rc) goto done;

  yyjson_mut_val *vulns = yyjson_mut_obj_add_arr(d, root, "vulnerabilities");
  /* Several statements on one product id in one vulnerability (two advisories of one CVE, or
   * two components for a status share) must not contradict: the strongest status wins. */
  if (sqlite3_prepare_v2(db,
                         STATED "SELECT s.gkey, s.fid, s.adv, s.ver, s.ckey, s.status, s.just, s.action, s.detail, s.summary"
                                " FROM s ORDER BY s.gkey, s.ver, CASE WHEN ?3 THEN s.ckey ELSE '' END,"
                                " CASE s.status WHEN 'affected' THEN 0 WHEN 'under_investigation' THEN 1"
                                " WHEN 'fixed' THEN 2 ELSE 3 END, s.updated_at DESC",
                         -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         STATED "SELECT DISTINCT s.gkey, i.vuln_id FROM s JOIN product_finding_ids i ON i.finding_id = s.fid"
                                " WHERE NOT (i.vuln_id = s.gkey AND " IS_CVE("s.gkey") ") ORDER BY 1, 2",
                         -1, &ids, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "preparing CSAF export");
    goto done;
  }
  store_bind_text(st, 1, product_id);
  sqlite3_bind_int(st, 2, PRODUCTS_LIST_MAX);
  sqlite3_bind_int(st, 3, a >= PRODUCTS_SBOM);
  store_bind_text(ids, 1, product_id);
  sqlite3_bind_int(ids, 2, PRODUCTS_LIST_MAX);
  int istep = sqlite3_step(ids);
  vgroup g;
  memset(&g, 0, sizeof g);
  yyjson_mut_val *v = NULL;
  char *gkey = NULL, *lastpid = NULL;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *key = store_col_text(st, 0), *ver = store_col_text(st, 3);
    if (gkey == NULL || strcmp(gkey, key)) {
      if (v) group_close(d, v, &g);
      free(gkey);
      free(lastpid);
      lastpid = NULL;
      if ((gkey = strdup(key)) == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      v = yyjson_mut_obj(d);
      yyjson_mut_arr_append(vulns, v);
      if (is_cve(key)) yyjson_mut_obj_add_strcpy(d, v, "cve", key);
      /* both cursors are ordered by the key: take this vulnerability's other ids */
      while (istep == SQLITE_ROW && strcmp(store_col_text(ids, 0), key) < 0) istep = sqlite3_step(ids);
      yyjson_mut_val *idarr = NULL;
      while (istep == SQLITE_ROW && strcmp(store_col_text(ids, 0), key) == 0) {
        yyjson_mut_arr_append(lazy_arr(d, &idarr), id_obj(d, store_col_text(ids, 1)));
        istep = sqlite3_step(ids);
      }
      if (idarr) yyjson_mut_obj_add_val(d, v, "ids", idarr);
      g.notes = yyjson_mut_arr(d);
      yyjson_mut_val *n = yyjson_mut_obj(d);
      yyjson_mut_arr_append(g.notes, n);
      yyjson_mut_obj_add_str(d, n, "category", "description");
      yyjson_mut_obj_add_str(d, n, "title", "Summary");
      const char *summary = store_col_text(st, 9);
      if (summary[0]) yyjson_mut_obj_add_strcpy(d, n, "text", summary);
      else yyjson_mut_obj_add_val(d, n, "text", fmt_str(d, "Advisory %s", store_col_text(st, 2)));
    }
    char cid[24] = "";
    if (a >= PRODUCTS_SBOM) component_pid(store_col_text(st, 4), cid);
    char *pid = NULL;
    size_t pn = strlen(product_id) + strlen(ver) + strlen(cid) + 3;
    if ((pid = malloc(pn)) == NULL) {
      rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
      break;
    }
    snprintf(pid, pn, "%s:%s%s%s", product_id, ver, cid[0] ? ":" : "", cid);
    if (lastpid && !strcmp(lastpid, pid)) {
      free(pid); /* a weaker statement on a product already listed in this vulnerability */
      continue;
    }
    free(lastpid);
    lastpid = pid;
    group_add(d, &g, pid, st);
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "reading VEX");
  if (rc == HOSHI_OK && istep != SQLITE_DONE && istep != SQLITE_ROW) rc = store_fail(db, e, "reading advisory ids");
  if (v) group_close(d, v, &g);
  free(gkey);
  free(lastpid);
  if (rc) goto done;
  sort_keys(root);
  rc = products_write_doc(d, out, len, e);
done:
  sqlite3_finalize(st);
  sqlite3_finalize(ids);
  yyjson_mut_doc_free(d);
  return rc;
}

/* Findings of product versions: SBOM upload (store, match, record first/last seen),
 * re-matching of changed (ecosystem, package) pairs, and KEV alerts to consenting buyers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/text.h"
#include "hoshi/sbom.h"
#include "hoshi/vuln.h"
#include "products/products.h"
#include "products/products_int.h"
#include "scs/scs_int.h"
#include "store/store.h"
#include "vuln/match.h"
#include "webhook/webhook.h"

/* Page cache while re-matching, in KiB: the findings' index inserts land at random keys, and
 * with SQLite's 2 MB default a re-match of 8,000 new findings over 5 M component rows spent a
 * fifth of its CPU time re-reading evicted pages (docs/benchmarks.md). */
#define PRODUCTS_REMATCH_CACHE_KIB 65536

/* A component as re-matched or recorded: where its findings go. */
typedef struct comp_key {
  const char *ckey, *ecosystem, *package;
} comp_key;

/* A new finding without KEV entry: what the finding.new event counts (KEV ones raise vuln.kev). */
typedef struct fresh {
  char *advisory;
  double score;
} fresh;

typedef struct fctx {
  sqlite3 *db;
  char now[UTIL_TIME_LEN];
  sqlite3_stmt *get, *ins, *upd, *ids, *resolve;
  sqlite3_stmt *vinfo, *buyers, *notify; /* notify_new's, prepared on first use */
  char (*seen)[UTIL_ID_LEN]; /* findings matched in this run */
  size_t nseen, capseen;
  size_t nnew, kev_hits;
  fresh *fresh;              /* new findings of the current version that are not KEV */
  size_t nfresh, capfresh;
} fctx;

static hoshi_err prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, hoshi_error *e) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) return store_fail(db, e, "preparing findings");
  return HOSHI_OK;
}

static hoshi_err fctx_open(fctx *c, sqlite3 *db, hoshi_error *e) {
  memset(c, 0, sizeof *c);
  c->db = db;
  util_now_iso(c->now);
  hoshi_err rc;
  if ((rc = prep(db, "SELECT id, kev_cve FROM product_findings WHERE version_id = ? AND ckey = ? AND advisory_id = ?",
                 &c->get, e)))
    return rc;
  if ((rc = prep(db,
                 "INSERT INTO product_findings(id, version_id, ckey, advisory_id, ecosystem, package, summary, max_score,"
                 " kev_cve, kev_due_date, state, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,'open',?,?)",
                 &c->ins, e)))
    return rc;
  if ((rc = prep(db,
                 "UPDATE product_findings SET last_seen = ?, state = 'open', resolved_at = NULL, summary = ?, max_score = ?,"
                 " kev_cve = ?, kev_due_date = ? WHERE id = ?",
                 &c->upd, e)))
    return rc;
  if ((rc = prep(db, "UPDATE product_findings SET state = 'resolved', resolved_at = ? WHERE id = ?", &c->resolve, e)))
    return rc;
  return prep(db, "INSERT INTO product_finding_ids(finding_id, vuln_id) VALUES (?, ?) ON CONFLICT DO NOTHING", &c->ids, e);
}

static void fresh_clear(fctx *c) {
  for (size_t i = 0; i < c->nfresh; i++) free(c->fresh[i].advisory);
  c->nfresh = 0;
}

static void fctx_close(fctx *c) {
  sqlite3_finalize(c->get);
  sqlite3_finalize(c->ins);
  sqlite3_finalize(c->upd);
  sqlite3_finalize(c->ids);
  sqlite3_finalize(c->resolve);
  sqlite3_finalize(c->vinfo);
  sqlite3_finalize(c->buyers);
  sqlite3_finalize(c->notify);
  free(c->seen);
  fresh_clear(c);
  free(c->fresh);
}

static hoshi_err fresh_add(fctx *c, const char *advisory, double score, hoshi_error *e) {
  if (c->nfresh == c->capfresh) {
    size_t cap = c->capfresh ? c->capfresh * 2 : 16;
    void *p = realloc(c->fresh, cap * sizeof *c->fresh);
    if (p == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    c->fresh = p;
    c->capfresh = cap;
  }
  if ((c->fresh[c->nfresh].advisory = strdup(advisory)) == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  c->fresh[c->nfresh++].score = score;
  return HOSHI_OK;
}

static int id_cmp(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static hoshi_err seen_add(fctx *c, const char *id, hoshi_error *e) {
  if (c->nseen == c->capseen) {
    size_t cap = c->capseen ? c->capseen * 2 : 64;
    void *p = realloc(c->seen, cap * sizeof *c->seen);
    if (p == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    c->seen = p;
    c->capseen = cap;
  }
  snprintf(c->seen[c->nseen++], UTIL_ID_LEN, "%s", id);
  return HOSHI_OK;
}

/* What events about a product version name. */
typedef struct version_info {
  char product[UTIL_ID_LEN], owner[UTIL_ID_LEN];
  char name[PRODUCTS_NAME_MAX + 1], version[PRODUCTS_VERSION_MAX + 1];
} version_info;

static hoshi_err version_info_of(sqlite3 *db, const char *version_id, version_info *vi, hoshi_error *e) {
  memset(vi, 0, sizeof *vi);
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT p.id, p.org_id, p.name, v.version FROM product_versions v JOIN products p ON p.id = v.product_id"
                      " WHERE v.id = ?",
                      &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, version_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(vi->product, sizeof vi->product, "%s", store_col_text(st, 0));
    snprintf(vi->owner, sizeof vi->owner, "%s", store_col_text(st, 1));
    snprintf(vi->name, sizeof vi->name, "%s", store_col_text(st, 2));
    snprintf(vi->version, sizeof vi->version, "%s", store_col_text(st, 3));
  }
  sqlite3_finalize(st);
  if (!vi->product[0]) return hoshi_fail(e, HOSHI_EINTERNAL, "", "product version %s has no product", version_id);
  return HOSHI_OK;
}

hoshi_err products_kev_alert(sqlite3 *db, const char *finding_id, const char *version_id, const char *cve,
                             const char *due, hoshi_error *e) {
  return products_kev_alert_to(db, finding_id, version_id, cve, due, NULL, e);
}

hoshi_err products_kev_alert_to(sqlite3 *db, const char *finding_id, const char *version_id, const char *cve,
                                const char *due, const char *only_buyer, hoshi_error *e) {
  version_info vi;
  hoshi_err rc = version_info_of(db, version_id, &vi, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  const char *product = vi.product, *owner = vi.owner, *name = vi.name, *version = vi.version;

  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  char *data = NULL;
  if (d) {
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_doc_set_root(d, o);
    yyjson_mut_obj_add_strcpy(d, o, "finding", finding_id);
    yyjson_mut_obj_add_strcpy(d, o, "product", product);
    yyjson_mut_obj_add_strcpy(d, o, "product_name", name);
    yyjson_mut_obj_add_strcpy(d, o, "version", version);
    yyjson_mut_obj_add_strcpy(d, o, "supplier", owner);
    yyjson_mut_obj_add_strcpy(d, o, "cve", cve);
    yyjson_mut_obj_add_strcpy(d, o, "due_date", due);
    data = yyjson_mut_write(d, 0, NULL);
  }
  yyjson_mut_doc_free(d);
  if (data == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");

  char ja[1200], en[1200], key[160];
  snprintf(ja, sizeof ja, "製品 %s %s が悪用が確認された脆弱性 %s の影響を受けます（CISA KEV 対応期限 %s）", name, version, cve,
           due[0] ? due : "なし");
  snprintf(en, sizeof en, "Product %s %s is affected by the known exploited vulnerability %s (CISA KEV due date %s)", name,
           version, cve, due[0] ? due : "none");
  /* The owner first, then every buyer that holds an active share right now (or the one buyer
   * that was just given a share). */
  if (only_buyer == NULL) {
    snprintf(key, sizeof key, "kev:%s:%s", finding_id, owner);
    if ((rc = scs_notify(db, owner, "vuln.kev", finding_id, ja, en, key, e))) goto done;
    if ((rc = webhook_emit(db, owner, "vuln.kev", data, e))) goto done;
  }
  if ((rc = prep(db,
                 "SELECT DISTINCT buyer_org_id FROM product_shares WHERE product_id = ?1 AND withdrawn_at IS NULL"
                 " AND (?2 IS NULL OR buyer_org_id = ?2)",
                 &st, e)))
    goto done;
  store_bind_text(st, 1, product);
  store_bind_text(st, 2, only_buyer);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    char buyer[UTIL_ID_LEN];
    snprintf(buyer, sizeof buyer, "%s", store_col_text(st, 0));
    snprintf(key, sizeof key, "kev:%s:%s", finding_id, buyer);
    if ((rc = scs_notify(db, buyer, "vuln.kev", finding_id, ja, en, key, e))) goto done;
    if ((rc = webhook_emit(db, buyer, "vuln.kev", data, e))) goto done;
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading product shares");
done:
  sqlite3_finalize(st);
  free(data);
  return rc;
}

/* Inserts or refreshes one finding and its ids; alerts when it becomes a KEV finding. */
static hoshi_err record(fctx *c, const char *version_id, const comp_key *k, const hoshi_vuln_finding *f, hoshi_error *e) {
  sqlite3_stmt *g = c->get;
  sqlite3_reset(g);
  store_bind_text(g, 1, version_id);
  store_bind_text(g, 2, k->ckey);
  store_bind_text(g, 3, f->id);
  char id[UTIL_ID_LEN] = "";
  int was_kev = 0;
  int step = sqlite3_step(g);
  if (step == SQLITE_ROW) {
    snprintf(id, sizeof id, "%s", store_col_text(g, 0));
    was_kev = store_col_text(g, 1)[0] != 0;
  } else if (step != SQLITE_DONE) {
    return store_fail(c->db, e, "reading findings");
  }
  sqlite3_reset(g);
  const char *kev = f->kev && f->kev_cve ? f->kev_cve : "";
  const char *due = f->kev && f->kev_due_date ? f->kev_due_date : "";
  sqlite3_stmt *w;
  if (id[0]) {
    w = c->upd;
    sqlite3_reset(w);
    store_bind_text(w, 1, c->now);
    store_bind_text(w, 2, f->summary ? f->summary : "");
    sqlite3_bind_double(w, 3, f->max_score);
    store_bind_text(w, 4, kev);
    store_bind_text(w, 5, due);
    store_bind_text(w, 6, id);
  } else {
    util_new_id("fnd", id);
    w = c->ins;
    sqlite3_reset(w);
    const char *v[] = {id, version_id, k->ckey, f->id, k->ecosystem, k->package, f->summary ? f->summary : ""};
    for (int i = 0; i < 7; i++) store_bind_text(w, i + 1, v[i]);
    sqlite3_bind_double(w, 8, f->max_score);
    store_bind_text(w, 9, kev);
    store_bind_text(w, 10, due);
    store_bind_text(w, 11, c->now);
    store_bind_text(w, 12, c->now);
    c->nnew++;
  }
  if (sqlite3_step(w) != SQLITE_DONE) return store_fail(c->db, e, "writing finding");
  sqlite3_reset(w);
  for (size_t i = 0; i <= f->naliases; i++) {
    const char *vid = i == 0 ? f->id : f->aliases[i - 1];
    sqlite3_reset(c->ids);
    store_bind_text(c->ids, 1, id);
    store_bind_text(c->ids, 2, vid);
    if (sqlite3_step(c->ids) != SQLITE_DONE) return store_fail(c->db, e, "writing finding ids");
  }
  sqlite3_reset(c->ids);
  hoshi_err rc = seen_add(c, id, e);
  if (rc) return rc;
  if (w == c->ins && !kev[0] && (rc = fresh_add(c, f->id, f->max_score, e))) return rc;
  if (kev[0] && !was_kev) {
    c->kev_hits++;
    return products_kev_alert(c->db, id, version_id, kev, due, e);
  }
  return HOSHI_OK;
}

/* Pairs set for "is this package one being re-matched". */
typedef struct pair_ix {
  const char *eco, *pkg;
} pair_ix;

static int pair_cmp(const void *a, const void *b) {
  const pair_ix *x = a, *y = b;
  int r = strcmp(x->eco, y->eco);
  return r ? r : strcmp(x->pkg, y->pkg);
}

/* Resolves the open findings st yields (their id first) that this run did not match; the
 * caller sorted c->seen. */
static hoshi_err resolve_rows(fctx *c, sqlite3_stmt *st, size_t *resolved, hoshi_error *e) {
  char (*gone)[UTIL_ID_LEN] = NULL;
  size_t ngone = 0, cap = 0;
  hoshi_err rc = HOSHI_OK;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = store_col_text(st, 0);
    if (c->nseen && bsearch(id, c->seen, c->nseen, sizeof *c->seen, id_cmp)) continue;
    if (ngone == cap) {
      cap = cap ? cap * 2 : 32;
      void *p = realloc(gone, cap * sizeof *gone);
      if (p == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        goto done;
      }
      gone = p;
    }
    snprintf(gone[ngone++], UTIL_ID_LEN, "%s", id);
  }
  if (step != SQLITE_DONE) {
    rc = store_fail(c->db, e, "reading findings");
    goto done;
  }
  /* written after the read is done: the update would otherwise move rows under the cursor */
  for (size_t i = 0; i < ngone; i++) {
    sqlite3_reset(c->resolve);
    store_bind_text(c->resolve, 1, c->now);
    store_bind_text(c->resolve, 2, gone[i]);
    if (sqlite3_step(c->resolve) != SQLITE_DONE) {
      rc = store_fail(c->db, e, "resolving finding");
      goto done;
    }
  }
  if (resolved) *resolved += ngone;
done:
  sqlite3_reset(c->resolve);
  sqlite3_reset(st);
  free(gone);
  return rc;
}

/* Resolves open findings of version_id not matched in this run (after an upload). */
static hoshi_err resolve_unseen(fctx *c, const char *version_id, size_t *resolved, hoshi_error *e) {
  if (c->nseen) qsort(c->seen, c->nseen, sizeof *c->seen, id_cmp);
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(c->db, "SELECT id FROM product_findings WHERE version_id = ? AND state = 'open'", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, version_id);
  rc = resolve_rows(c, st, resolved, e);
  sqlite3_finalize(st);
  return rc;
}

/* OSV base ecosystem and normalized name of a scanned component, "" when unknown. */
static void eco_pkg(const hoshi_vuln_component *c, char *eco, size_t neco, char *pkg, size_t npkg) {
  eco[0] = pkg[0] = 0;
  if (c->ecosystem == NULL || c->package == NULL) return;
  if (match_base_ecosystem(c->ecosystem, eco, neco) != 0 || match_normalize_name(c->ecosystem, c->package, pkg, npkg) != 0)
    eco[0] = pkg[0] = 0;
}

/* purl, else name@version: what identifies a component across uploads. */
static char *component_key(const hoshi_sbom_component *s) {
  if (s->purl) return strdup(s->purl);
  size_t n = strlen(s->name) + (s->version ? strlen(s->version) : 0) + 2;
  char *k = malloc(n);
  if (k) snprintf(k, n, "%s@%s", s->name, s->version ? s->version : "");
  return k;
}

static int fresh_cmp(const void *a, const void *b) { return strcmp(((const fresh *)a)->advisory, ((const fresh *)b)->advisory); }

/* One finding.new webhook event for the new non-KEV findings of a version (none when there
 * are none), to the owner and every buyer with an active share, like vuln.kev. */
static hoshi_err emit_fresh(fctx *c, const char *version_id, const char *source, hoshi_error *e) {
  if (c->nfresh == 0) return HOSHI_OK;
  version_info vi;
  hoshi_err rc = version_info_of(c->db, version_id, &vi, e);
  if (rc) return rc;
  /* CVSS v3 bands; a finding without a score is "unknown" */
  static const char *const bands[] = {"critical", "high", "medium", "low", "none", "unknown"};
  size_t count[6] = {0};
  for (size_t i = 0; i < c->nfresh; i++) {
    double sc = c->fresh[i].score;
    count[sc >= 9.0 ? 0 : sc >= 7.0 ? 1 : sc >= 4.0 ? 2 : sc >= 0.1 ? 3 : sc >= 0 ? 4 : 5]++;
  }
  qsort(c->fresh, c->nfresh, sizeof *c->fresh, fresh_cmp);
  char *data = NULL;
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d) {
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_doc_set_root(d, o);
    yyjson_mut_obj_add_strcpy(d, o, "product", vi.product);
    yyjson_mut_obj_add_strcpy(d, o, "product_name", vi.name);
    yyjson_mut_obj_add_strcpy(d, o, "version", vi.version);
    yyjson_mut_obj_add_strcpy(d, o, "supplier", vi.owner);
    yyjson_mut_obj_add_str(d, o, "source", source);
    yyjson_mut_obj_add_uint(d, o, "findings", c->nfresh);
    yyjson_mut_val *sev = yyjson_mut_obj_add_obj(d, o, "by_severity");
    for (int i = 0; i < 6; i++) yyjson_mut_obj_add_uint(d, sev, bands[i], count[i]);
    yyjson_mut_val *adv = yyjson_mut_obj_add_arr(d, o, "advisories");
    size_t distinct = 0;
    for (size_t i = 0; i < c->nfresh; i++) {
      if (i && !strcmp(c->fresh[i].advisory, c->fresh[i - 1].advisory)) continue;
      if (distinct++ < PRODUCTS_EVENT_ADVISORIES_MAX) yyjson_mut_arr_add_strcpy(d, adv, c->fresh[i].advisory);
    }
    yyjson_mut_obj_add_uint(d, o, "advisories_total", distinct);
    data = yyjson_mut_write(d, 0, NULL);
  }
  yyjson_mut_doc_free(d);
  fresh_clear(c);
  if (data == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  sqlite3_stmt *st = NULL;
  if ((rc = webhook_emit(c->db, vi.owner, "finding.new", data, e)) ||
      (rc = prep(c->db, "SELECT DISTINCT buyer_org_id FROM product_shares WHERE product_id = ? AND withdrawn_at IS NULL", &st, e)))
    goto done;
  store_bind_text(st, 1, vi.product);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if ((rc = webhook_emit(c->db, store_col_text(st, 0), "finding.new", data, e))) goto done;
  if (step != SQLITE_DONE) rc = store_fail(c->db, e, "reading product shares");
done:
  sqlite3_finalize(st);
  free(data);
  return rc;
}

static hoshi_err count_open(sqlite3 *db, const char *version_id, size_t *n, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db, "SELECT count(*) FROM product_findings WHERE version_id = ? AND state = 'open'", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, version_id);
  if (sqlite3_step(st) == SQLITE_ROW) *n = (size_t)sqlite3_column_int64(st, 0);
  else rc = store_fail(db, e, "counting findings");
  sqlite3_finalize(st);
  return rc;
}

static hoshi_err notify_new(fctx *c, const char *version_id, size_t n, int upload, hoshi_error *e);

hoshi_err products_sbom_upload(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                               const char *version, const char *buf, size_t len, products_upload_result *res,
                               hoshi_error *e) {
  memset(res, 0, sizeof *res);
  hoshi_err rc = text_check("version", version, PRODUCTS_VERSION_MAX, 1, 0, e);
  if (rc) return rc;
  if (len > PRODUCTS_SBOM_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "body", "SBOM is %zu bytes; at most %zu are accepted", len, PRODUCTS_SBOM_MAX);
  hoshi_sbom *s = NULL;
  if ((rc = hoshi_sbom_parse(buf, len, &s, e))) return rc;
  if (s->ncomponents > PRODUCTS_COMPONENTS_MAX) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "$.components", "SBOM has %zu components; at most %d are accepted", s->ncomponents,
                    PRODUCTS_COMPONENTS_MAX);
    hoshi_sbom_free(s);
    return rc;
  }
  hoshi_sbom_quality q;
  hoshi_sbom_quality_of(s, &q);
  hoshi_vuln_report *r = NULL;
  char **keys = calloc(s->ncomponents ? s->ncomponents : 1, sizeof *keys);
  sqlite3_stmt *st = NULL;
  fctx c;
  int have_c = 0;
  if (keys == NULL) {
    hoshi_sbom_free(s);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  if ((rc = store_begin(db, e))) goto out;
  products_access acc = products_access_org(db, org_id, product_id);
  if (acc != PRODUCTS_OWNER) {
    rc = acc == PRODUCTS_NONE ? hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no product %.64s", product_id)
                              : hoshi_fail(e, HOSHI_EDENIED, "id", "only the product's organization uploads SBOMs");
    goto done;
  }
  if ((rc = products_version_ensure(db, product_id, version, res->version_id, e))) goto done;

  char sha[65];
  util_sha256_hex(buf, len, sha);
  snprintf(res->format, sizeof res->format, "%s", hoshi_sbom_format_name(s->format));
  snprintf(res->spec_version, sizeof res->spec_version, "%s", s->spec_version ? s->spec_version : "");
  res->components = s->ncomponents;
  res->ntia_all = q.ntia_all;
  res->cisa_all = q.cisa_all;
  char quality[700];
  snprintf(quality, sizeof quality,
           "{\"supplier\":%.1f,\"name\":%.1f,\"version\":%.1f,\"unique_id\":%.1f,\"dependencies\":%.1f,\"author\":%.1f,"
           "\"timestamp\":%.1f,\"ntia_all\":%.1f,\"hash\":%.1f,\"license\":%.1f,\"tool\":%.1f,\"generation_context\":%.1f,"
           "\"software_id\":%.1f,\"cisa_all\":%.1f}",
           q.supplier, q.name, q.version, q.unique_id, q.dependencies, q.author, q.timestamp, q.ntia_all, q.hash, q.license,
           q.tool, q.generation_context, q.software_id, q.cisa_all);
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  util_new_id("sbm", res->sbom_id);
  if ((rc = prep(db, "UPDATE product_sboms SET current = 0 WHERE version_id = ?", &st, e))) goto done;
  store_bind_text(st, 1, res->version_id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "storing SBOM");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = prep(db,
                 "INSERT INTO product_sboms(id, version_id, sha256, size, content, format, spec_version, components, ntia_all,"
                 " cisa_all, quality, current, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
                 &st, e)))
    goto done;
  store_bind_text(st, 1, res->sbom_id);
  store_bind_text(st, 2, res->version_id);
  store_bind_text(st, 3, sha);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
  sqlite3_bind_blob64(st, 5, buf, (sqlite3_uint64)len, SQLITE_STATIC);
  store_bind_text(st, 6, res->format);
  store_bind_text(st, 7, res->spec_version);
  sqlite3_bind_int64(st, 8, (sqlite3_int64)s->ncomponents);
  sqlite3_bind_double(st, 9, q.ntia_all);
  sqlite3_bind_double(st, 10, q.cisa_all);
  store_bind_text(st, 11, quality);
  store_bind_text(st, 12, who->user_id ? who->user_id : who->name);
  store_bind_text(st, 13, now);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "storing SBOM");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;

  /* Inside our write transaction: the scan neither nests nor commits it. */
  if ((rc = hoshi_vuln_scan_sbom(db, s, NULL, &r, e))) goto done;
  if ((rc = prep(db, "DELETE FROM product_components WHERE version_id = ?", &st, e))) goto done;
  store_bind_text(st, 1, res->version_id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "replacing components");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = prep(db,
                 "INSERT INTO product_components(version_id, seq, ckey, name, version, purl, ecosystem, package)"
                 " VALUES (?,?,?,?,?,?,?,?)",
                 &st, e)))
    goto done;
  if ((rc = fctx_open(&c, db, e))) {
    have_c = 1;
    goto done;
  }
  have_c = 1;
  /* eco/pkg of each component, kept for the findings below */
  char (*ecos)[64] = calloc(s->ncomponents ? s->ncomponents : 1, sizeof *ecos);
  char (*pkgs)[512] = calloc(s->ncomponents ? s->ncomponents : 1, sizeof *pkgs);
  if (ecos == NULL || pkgs == NULL) {
    free(ecos);
    free(pkgs);
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  for (size_t i = 0; i < s->ncomponents && rc == HOSHI_OK; i++) {
    const hoshi_sbom_component *sc = &s->components[i];
    if ((keys[i] = component_key(sc)) == NULL) {
      rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
      break;
    }
    eco_pkg(&r->components[i], ecos[i], sizeof ecos[i], pkgs[i], sizeof pkgs[i]);
    sqlite3_reset(st);
    store_bind_text(st, 1, res->version_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    store_bind_text(st, 3, keys[i]);
    store_bind_text(st, 4, sc->name);
    store_bind_text(st, 5, sc->version ? sc->version : "");
    store_bind_text(st, 6, sc->purl ? sc->purl : "");
    store_bind_text(st, 7, ecos[i]);
    store_bind_text(st, 8, pkgs[i]);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "storing components");
  }
  for (size_t i = 0; i < r->nfindings && rc == HOSHI_OK; i++) {
    const hoshi_vuln_finding *f = &r->findings[i];
    comp_key k = {keys[f->component], ecos[f->component], pkgs[f->component]};
    rc = record(&c, res->version_id, &k, f, e);
  }
  free(ecos);
  free(pkgs);
  if (rc) goto done;
  res->findings_new = c.nnew;
  if (c.nnew && (rc = notify_new(&c, res->version_id, c.nnew, 1, e))) goto done;
  if ((rc = emit_fresh(&c, res->version_id, "upload", e))) goto done;
  if ((rc = resolve_unseen(&c, res->version_id, &res->resolved, e))) goto done;
  if ((rc = count_open(db, res->version_id, &res->findings_open, e))) goto done;
  char summary[400];
  snprintf(summary, sizeof summary,
           "{\"after\":{\"version\":\"%s\",\"sha256\":\"%s\",\"components\":%zu,\"open\":%zu,\"new\":%zu,\"resolved\":%zu}}",
           res->version_id, sha, res->components, res->findings_open, res->findings_new, res->resolved);
  if ((rc = audit_append(db, who, org_id, "product.sbom.upload", "product_sbom", res->sbom_id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
out:
  if (have_c) fctx_close(&c);
  sqlite3_finalize(st);
  for (size_t i = 0; i < s->ncomponents; i++) free(keys[i]);
  free(keys);
  hoshi_vuln_report_free(r);
  hoshi_sbom_free(s);
  return rc;
}

/* One stored component to re-match; strings malloc'd. */
typedef struct rm_row {
  char *version_id, *ckey, *name, *version, *purl, *eco, *pkg;
} rm_row;

static int rm_cmp(const void *a, const void *b) {
  return strcmp(((const rm_row *)a)->version_id, ((const rm_row *)b)->version_id);
}

static void rm_free(rm_row *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(rows[i].version_id);
    free(rows[i].ckey);
    free(rows[i].name);
    free(rows[i].version);
    free(rows[i].purl);
    free(rows[i].eco);
    free(rows[i].pkg);
  }
  free(rows);
}

/* After an upload or a re-match found n new findings in a version: the owner and every buyer
 * with an active share learn it in-app (one notification per version and run, not per
 * finding). */
static hoshi_err notify_new(fctx *c, const char *version_id, size_t n, int upload, hoshi_error *e) {
  sqlite3 *db = c->db;
  char product[UTIL_ID_LEN] = "", owner[UTIL_ID_LEN] = "", name[PRODUCTS_NAME_MAX + 1] = "",
       version[PRODUCTS_VERSION_MAX + 1] = "";
  hoshi_err rc = HOSHI_OK;
  /* kept for the run: one re-match may notify thousands of versions */
  if (c->vinfo == NULL &&
      (rc = prep(db,
                 "SELECT p.id, p.org_id, p.name, v.version FROM product_versions v JOIN products p ON p.id = v.product_id"
                 " WHERE v.id = ?",
                 &c->vinfo, e)))
    return rc;
  if (c->buyers == NULL &&
      (rc = prep(db, "SELECT DISTINCT buyer_org_id FROM product_shares WHERE product_id = ? AND withdrawn_at IS NULL",
                 &c->buyers, e)))
    return rc;
  sqlite3_stmt *st = c->vinfo;
  sqlite3_reset(st);
  store_bind_text(st, 1, version_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(product, sizeof product, "%s", store_col_text(st, 0));
    snprintf(owner, sizeof owner, "%s", store_col_text(st, 1));
    snprintf(name, sizeof name, "%s", store_col_text(st, 2));
    snprintf(version, sizeof version, "%s", store_col_text(st, 3));
  }
  sqlite3_reset(st);
  if (!product[0]) return HOSHI_OK;
  char ja[800], en[800];
  if (upload) {
    snprintf(ja, sizeof ja, "SBOM のアップロードにより製品 %s %s に %zu 件の新しい検出があります", name, version, n);
    snprintf(en, sizeof en, "SBOM upload: %zu new findings in product %s %s", n, name, version);
  } else {
    snprintf(ja, sizeof ja, "新しいアドバイザリにより製品 %s %s に %zu 件の新しい検出があります", name, version, n);
    snprintf(en, sizeof en, "New advisories: %zu new findings in product %s %s", n, name, version);
  }
  if ((rc = scs_notify_with(db, &c->notify, owner, "product.findings", version_id, ja, en, NULL, e))) return rc;
  st = c->buyers;
  sqlite3_reset(st);
  store_bind_text(st, 1, product);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    char buyer[UTIL_ID_LEN];
    snprintf(buyer, sizeof buyer, "%s", store_col_text(st, 0));
    if ((rc = scs_notify_with(db, &c->notify, buyer, "product.findings", version_id, ja, en, NULL, e))) break;
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "reading product shares");
  sqlite3_reset(st);
  return rc;
}

/* A stored row, for finding the rows that are the same component: the scan's answer depends
 * only on purl, name and version. */
typedef struct rm_ref {
  const rm_row *row;
  size_t idx;
} rm_ref;

static int rm_same_cmp(const void *a, const void *b) {
  const rm_row *x = ((const rm_ref *)a)->row, *y = ((const rm_ref *)b)->row;
  int r = strcmp(x->purl, y->purl);
  if (r == 0) r = strcmp(x->name, y->name);
  return r ? r : strcmp(x->version, y->version);
}

/* One finding of the scan for one stored row. */
typedef struct rm_hit {
  size_t row, finding;
} rm_hit;

static int rm_hit_cmp(const void *a, const void *b) {
  const rm_hit *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return x->finding < y->finding ? -1 : x->finding > y->finding;
}

/* Matches the components rows[0..n) (sorted by version), records what is found, and tells
 * each version's owner and buyers about its new findings. One scan of the distinct
 * components, not one per version: a new advisory on a popular package touches thousands of
 * versions holding the same one or two package versions, and both the per-scan set-up and the
 * repeated matching dominated (issue 8 benchmark). */
static hoshi_err rematch_rows(fctx *c, const rm_row *rows, size_t n, products_rematch_stats *st, hoshi_error *e) {
  if (n == 0) return HOSHI_OK;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || strcmp(rows[i].version_id, rows[i - 1].version_id) != 0) st->versions++;
  st->components += n;
  rm_ref *refs = malloc(n * sizeof *refs);
  size_t *start = malloc((n + 1) * sizeof *start); /* refs[start[u]..start[u+1]) are distinct component u */
  hoshi_vuln_component *in = calloc(n, sizeof *in);
  rm_hit *hits = NULL;
  hoshi_vuln_report *r = NULL;
  hoshi_err rc = HOSHI_OK;
  if (refs == NULL || start == NULL || in == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  for (size_t i = 0; i < n; i++) refs[i] = (rm_ref){&rows[i], i};
  qsort(refs, n, sizeof *refs, rm_same_cmp);
  size_t nu = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && rm_same_cmp(&refs[i], &refs[i - 1]) == 0) continue;
    const rm_row *row = refs[i].row;
    in[nu].ref = row->ckey;
    in[nu].name = row->name;
    in[nu].version = row->version[0] ? row->version : NULL;
    in[nu].purl = row->purl[0] ? row->purl : NULL;
    start[nu++] = i;
  }
  start[nu] = n;
  if ((rc = hoshi_vuln_scan(c->db, in, nu, NULL, &r, e))) goto done;
  size_t nhits = 0;
  for (size_t i = 0; i < r->nfindings; i++) nhits += start[r->findings[i].component + 1] - start[r->findings[i].component];
  if (nhits && (hits = malloc(nhits * sizeof *hits)) == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  size_t h = 0;
  for (size_t i = 0; i < r->nfindings; i++)
    for (size_t k = start[r->findings[i].component]; k < start[r->findings[i].component + 1]; k++)
      hits[h++] = (rm_hit){refs[k].idx, i};
  /* in row order, so each version's findings are together */
  if (nhits) qsort(hits, nhits, sizeof *hits, rm_hit_cmp);
  const char *version = NULL;
  size_t before = c->nnew;
  for (size_t i = 0; i <= nhits && rc == HOSHI_OK; i++) {
    const rm_row *row = i < nhits ? &rows[hits[i].row] : NULL;
    if (version && (row == NULL || strcmp(row->version_id, version) != 0)) {
      if (c->nnew > before) rc = notify_new(c, version, c->nnew - before, 0, e);
      if (rc == HOSHI_OK) rc = emit_fresh(c, version, "rematch", e);
      before = c->nnew;
    }
    if (row == NULL || rc) break;
    version = row->version_id;
    comp_key k = {row->ckey, row->eco, row->pkg};
    rc = record(c, row->version_id, &k, &r->findings[hits[i].finding], e);
  }
done:
  hoshi_vuln_report_free(r);
  free(hits);
  free(in);
  free(start);
  free(refs);
  return rc;
}

/* Resolves open findings of the re-matched packages that this run did not match. */
static hoshi_err resolve_unseen_pkgs(fctx *c, const pair_ix *pairs, size_t npairs, size_t *resolved, hoshi_error *e) {
  if (c->nseen) qsort(c->seen, c->nseen, sizeof *c->seen, id_cmp);
  sqlite3_stmt *st = NULL;
  hoshi_err rc =
      prep(c->db, "SELECT id FROM product_findings WHERE ecosystem = ? AND package = ? AND state = 'open'", &st, e);
  for (size_t i = 0; i < npairs && rc == HOSHI_OK; i++) {
    if (i && pair_cmp(&pairs[i], &pairs[i - 1]) == 0) continue;
    store_bind_text(st, 1, pairs[i].eco);
    store_bind_text(st, 2, pairs[i].pkg);
    rc = resolve_rows(c, st, resolved, e);
  }
  sqlite3_finalize(st);
  return rc;
}

static char *dup_col(sqlite3_stmt *st, int i, int *oom) {
  char *s = strdup(store_col_text(st, i));
  if (s == NULL) *oom = 1;
  return s;
}

hoshi_err products_rematch(sqlite3 *db, const audit_actor *who, const products_pair *pairs, size_t n,
                           products_rematch_stats *st, hoshi_error *e) {
  memset(st, 0, sizeof *st);
  if (n > PRODUCTS_PAIRS_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "pairs", "%zu packages to re-match; at most %d per call", n, PRODUCTS_PAIRS_MAX);
  if (n == 0) return HOSHI_OK;
  pair_ix *ix = malloc(n * sizeof *ix);
  if (ix == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  for (size_t i = 0; i < n; i++) ix[i] = (pair_ix){pairs[i].ecosystem, pairs[i].package};
  qsort(ix, n, sizeof *ix, pair_cmp);
  rm_row *rows = NULL;
  size_t nrows = 0, cap = 0;
  sqlite3_stmt *q = NULL;
  fctx c;
  int have_c = 0;
  hoshi_err rc = store_begin(db, e);
  if (rc) {
    free(ix);
    return rc;
  }
  sqlite3_int64 saved_cache = store_cache_raise(db, PRODUCTS_REMATCH_CACHE_KIB);
  if ((rc = prep(db,
                 "SELECT version_id, ckey, name, version, purl, ecosystem, package FROM product_components"
                 " WHERE ecosystem = ? AND package = ?",
                 &q, e)))
    goto done;
  int oom = 0;
  for (size_t i = 0; i < n && !oom; i++) {
    if (i && pair_cmp(&ix[i], &ix[i - 1]) == 0) continue;
    sqlite3_reset(q);
    store_bind_text(q, 1, ix[i].eco);
    store_bind_text(q, 2, ix[i].pkg);
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
      if (nrows == cap) {
        cap = cap ? cap * 2 : 64;
        void *p = realloc(rows, cap * sizeof *rows);
        if (p == NULL) {
          oom = 1;
          break;
        }
        rows = p;
      }
      rm_row *w = &rows[nrows++];
      memset(w, 0, sizeof *w);
      w->version_id = dup_col(q, 0, &oom);
      w->ckey = dup_col(q, 1, &oom);
      w->name = dup_col(q, 2, &oom);
      w->version = dup_col(q, 3, &oom);
      w->purl = dup_col(q, 4, &oom);
      w->eco = dup_col(q, 5, &oom);
      w->pkg = dup_col(q, 6, &oom);
    }
    if (!oom && step != SQLITE_DONE) {
      rc = store_fail(db, e, "reading components");
      goto done;
    }
  }
  if (oom) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  if (nrows) qsort(rows, nrows, sizeof *rows, rm_cmp);
  if ((rc = fctx_open(&c, db, e))) {
    have_c = 1;
    goto done;
  }
  have_c = 1;
  if ((rc = rematch_rows(&c, rows, nrows, st, e))) goto done;
  st->findings_new = c.nnew;
  if ((rc = resolve_unseen_pkgs(&c, ix, n, &st->resolved, e))) goto done;
  st->kev_hits = c.kev_hits;
  char summary[200];
  snprintf(summary, sizeof summary, "{\"after\":{\"packages\":%zu,\"versions\":%zu,\"new\":%zu,\"resolved\":%zu}}", n,
           st->versions, st->findings_new, st->resolved);
  if ((rc = audit_append(db, who, NULL, "product.rematch", "product_findings", "", summary, e))) goto done;
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  store_cache_restore(db, saved_cache);
  if (have_c) fctx_close(&c);
  sqlite3_finalize(q);
  rm_free(rows, nrows);
  free(ix);
  return rc;
}

hoshi_err products_rematch_since(sqlite3 *db, const audit_actor *who, const char *since, products_rematch_stats *st,
                                 hoshi_error *e) {
  memset(st, 0, sizeof *st);
  sqlite3_stmt *q = NULL;
  products_pair *pairs = NULL;
  size_t n = 0, cap = 0;
  int oom = 0;
  hoshi_err rc = prep(db,
                      "SELECT a.ecosystem, a.name FROM vuln_affected a JOIN vuln_advisories v ON v.id = a.advisory_id"
                      " WHERE v.imported_at >= ?1"
                      /* CROSS JOIN: from the few advisories just imported to their findings, never a
                       * scan of every finding (the planner has no statistics to know) */
                      " UNION SELECT f.ecosystem, f.package FROM vuln_advisories v CROSS JOIN product_findings f"
                      " ON f.advisory_id = v.id WHERE v.imported_at >= ?1 AND f.state = 'open' AND f.ecosystem <> ''",
                      &q, e);
  if (rc) return rc;
  store_bind_text(q, 1, since);
  int step;
  while ((step = sqlite3_step(q)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      void *p = realloc(pairs, cap * sizeof *pairs);
      if (p == NULL) {
        oom = 1;
        break;
      }
      pairs = p;
    }
    pairs[n].ecosystem = dup_col(q, 0, &oom);
    pairs[n].package = dup_col(q, 1, &oom);
    n++;
  }
  sqlite3_finalize(q);
  if (oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  else if (step != SQLITE_DONE && step != SQLITE_ROW) rc = store_fail(db, e, "reading imported advisories");
  /* Past the per-call limit, re-match in slices: each is its own transaction. */
  size_t kev_hits = 0;
  for (size_t i = 0; i < n && rc == HOSHI_OK; i += PRODUCTS_PAIRS_MAX) {
    products_rematch_stats part;
    size_t m = n - i < PRODUCTS_PAIRS_MAX ? n - i : PRODUCTS_PAIRS_MAX;
    if ((rc = products_rematch(db, who, pairs + i, m, &part, e))) break;
    st->versions += part.versions;
    st->components += part.components;
    st->findings_new += part.findings_new;
    st->resolved += part.resolved;
    st->kev_hits += part.kev_hits;
  }
  if (rc == HOSHI_OK && (rc = products_kev_refresh(db, who, &kev_hits, e)) == HOSHI_OK) st->kev_hits += kev_hits;
  for (size_t i = 0; i < n; i++) {
    free((char *)pairs[i].ecosystem);
    free((char *)pairs[i].package);
  }
  free(pairs);
  return rc;
}

typedef struct kev_row {
  char id[UTIL_ID_LEN], version_id[UTIL_ID_LEN];
  char cve[64], due[32];
  int was;
} kev_row;

hoshi_err products_kev_refresh(sqlite3 *db, const audit_actor *who, size_t *hits, hoshi_error *e) {
  *hits = 0;
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *q = NULL, *up = NULL;
  kev_row *rows = NULL;
  size_t n = 0, cap = 0;
  if ((rc = prep(db,
                 /* Only two small sets can change: findings an entry of the catalog names (from
                  * vuln_kev through the ids' index) and findings flagged now (partial index
                  * product_findings_kev); never a walk over every open finding. */
                 "SELECT f.id, f.version_id, f.kev_cve, k.cve, k.due FROM (SELECT i.finding_id AS fid, min(k.cve) AS cve,"
                 " min(k.due_date) AS due FROM vuln_kev k CROSS JOIN product_finding_ids i ON i.vuln_id = k.cve"
                 " GROUP BY i.finding_id) k CROSS JOIN product_findings f ON f.id = k.fid"
                 " WHERE f.state = 'open' AND f.kev_cve <> k.cve"
                 " UNION ALL SELECT f.id, f.version_id, f.kev_cve, '', '' FROM product_findings f"
                 " WHERE f.kev_cve <> '' AND f.state = 'open' AND NOT EXISTS (SELECT 1 FROM product_finding_ids i"
                 " JOIN vuln_kev k ON k.cve = i.vuln_id WHERE i.finding_id = f.id)",
                 &q, e)))
    goto done;
  int step;
  while ((step = sqlite3_step(q)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      void *p = realloc(rows, cap * sizeof *rows);
      if (p == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        goto done;
      }
      rows = p;
    }
    kev_row *w = &rows[n++];
    snprintf(w->id, sizeof w->id, "%s", store_col_text(q, 0));
    snprintf(w->version_id, sizeof w->version_id, "%s", store_col_text(q, 1));
    w->was = store_col_text(q, 2)[0] != 0;
    snprintf(w->cve, sizeof w->cve, "%s", store_col_text(q, 3));
    snprintf(w->due, sizeof w->due, "%s", store_col_text(q, 4));
  }
  if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "reading findings");
    goto done;
  }
  if ((rc = prep(db, "UPDATE product_findings SET kev_cve = ?, kev_due_date = ? WHERE id = ?", &up, e))) goto done;
  for (size_t i = 0; i < n; i++) {
    sqlite3_reset(up);
    store_bind_text(up, 1, rows[i].cve);
    store_bind_text(up, 2, rows[i].due);
    store_bind_text(up, 3, rows[i].id);
    if (sqlite3_step(up) != SQLITE_DONE) {
      rc = store_fail(db, e, "updating finding");
      goto done;
    }
    if (rows[i].cve[0] && !rows[i].was) {
      (*hits)++;
      if ((rc = products_kev_alert(db, rows[i].id, rows[i].version_id, rows[i].cve, rows[i].due, e))) goto done;
    }
  }
  if (n) {
    char summary[120];
    snprintf(summary, sizeof summary, "{\"after\":{\"changed\":%zu,\"kev_hits\":%zu}}", n, *hits);
    if ((rc = audit_append(db, who, NULL, "product.kev_refresh", "product_findings", "", summary, e))) goto done;
  }
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  sqlite3_finalize(q);
  sqlite3_finalize(up);
  free(rows);
  return rc;
}

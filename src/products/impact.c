/* Buyer impact across the whole chain: open findings of products shared with the buyer, each
 * placed at its supplier's tier with the path that leads there; as JSON and as an SVG graph;
 * and the findings of one supplier's shared products for its pictures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yyjson.h>

#include "chain/chain.h"
#include "core/dot.h"
#include "org/org.h"
#include "products/products.h"
#include "products/products_int.h"
#include "store/store.h"

static hoshi_err prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, hoshi_error *e) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) return store_fail(db, e, "preparing impact");
  return HOSHI_OK;
}

/* ---- the buyer's chain: tier and one shortest path per organization ---- */

/* A registered organization of the chain by id, for bsearch. */
typedef struct id_node {
  char id[UTIL_ID_LEN];
  size_t node;
} id_node;

typedef struct chain_ix {
  sqlite3 *db;
  sc_node *nodes; /* registered organizations of the chain with their lowest tier */
  size_t n;
  size_t *parent; /* node one tier up that lists this one: PARENT_NONE, or PARENT_UNKNOWN until asked */
  id_node *by_id; /* nodes sorted by id */
} chain_ix;

#define PARENT_NONE ((size_t)-1)
#define PARENT_UNKNOWN ((size_t)-2)

static int id_node_cmp(const void *a, const void *b) { return strcmp(((const id_node *)a)->id, ((const id_node *)b)->id); }

static void chain_free(chain_ix *c) {
  free(c->nodes);
  free(c->parent);
  free(c->by_id);
  memset(c, 0, sizeof *c);
}

/* Tiers only (sc_chain without edges, so without every supplier's status): the path of the few
 * suppliers an answer names is looked up afterwards, one tier at a time. */
static hoshi_err chain_load(sqlite3 *db, const char *buyer_org_id, chain_ix *c, hoshi_error *e) {
  memset(c, 0, sizeof *c);
  c->db = db;
  /* sc_chain visits every organization once, at its lowest tier: cycles end there. */
  hoshi_err rc = sc_chain(db, buyer_org_id, SC_DEPTH_MAX, time(NULL), &c->nodes, &c->n, NULL, NULL, e);
  if (rc) return rc;
  c->parent = malloc((c->n ? c->n : 1) * sizeof *c->parent);
  c->by_id = malloc((c->n ? c->n : 1) * sizeof *c->by_id);
  if (c->parent == NULL || c->by_id == NULL) {
    chain_free(c);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  for (size_t i = 0; i < c->n; i++) {
    c->parent[i] = PARENT_UNKNOWN;
    memcpy(c->by_id[i].id, c->nodes[i].org_id, UTIL_ID_LEN);
    c->by_id[i].node = i;
  }
  qsort(c->by_id, c->n, sizeof *c->by_id, id_node_cmp);
  return HOSHI_OK;
}

/* The node of a registered organization, or NULL when it is not in the chain. */
static const sc_node *chain_find(const chain_ix *c, const char *org_id, size_t *index) {
  id_node key;
  snprintf(key.id, sizeof key.id, "%s", org_id);
  const id_node *hit = bsearch(&key, c->by_id, c->n, sizeof *c->by_id, id_node_cmp);
  if (hit == NULL) return NULL;
  *index = hit->node;
  return &c->nodes[hit->node];
}

/* Name order, then 法人番号: the stable choice among several parents. */
static int node_before(const sc_node *a, const sc_node *b) {
  int r = strcmp(a->name, b->name);
  return r ? r < 0 : strcmp(a->corpnum, b->corpnum) < 0;
}

/* The parent of node k: among the organizations listing it as a supplier, one a tier above,
 * the first by name. */
static hoshi_err chain_parent(chain_ix *c, size_t k, size_t *out, hoshi_error *e) {
  if (c->parent[k] == PARENT_UNKNOWN) {
    yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
    if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    yyjson_mut_val *arr = yyjson_mut_arr(d);
    hoshi_err rc = sc_buyers_json(c->db, c->nodes[k].corpnum, d, arr, e);
    size_t best = PARENT_NONE, i, max, at;
    yyjson_mut_val *it;
    yyjson_mut_arr_foreach(arr, i, max, it) {
      const char *id = yyjson_mut_get_str(yyjson_mut_obj_get(it, "org_id"));
      const sc_node *b = id ? chain_find(c, id, &at) : NULL;
      if (b == NULL || b->tier + 1 != c->nodes[k].tier) continue;
      if (best == PARENT_NONE || node_before(b, &c->nodes[best])) best = at;
    }
    yyjson_mut_doc_free(d);
    if (rc) return rc;
    c->parent[k] = best;
  }
  *out = c->parent[k];
  return HOSHI_OK;
}

/* "tier" and "path" ([{name, corporate_number}], the buyer first) of org_id into o; null for
 * both when the organization is not in the chain (or is the buyer itself). */
static hoshi_err chain_put(chain_ix *c, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *o, hoshi_error *e) {
  size_t at = 0;
  const sc_node *nd = chain_find(c, org_id, &at);
  if (nd == NULL || nd->tier == 0) {
    yyjson_mut_obj_add_null(d, o, "tier");
    yyjson_mut_obj_add_null(d, o, "path");
    return HOSHI_OK;
  }
  yyjson_mut_obj_add_int(d, o, "tier", nd->tier);
  size_t hops[SC_DEPTH_MAX + 1];
  int n = 0;
  /* Tiers fall by one at each step, so the walk ends after at most SC_DEPTH_MAX steps. */
  for (size_t k = at; k != PARENT_NONE && n <= SC_DEPTH_MAX;) {
    hops[n++] = k;
    hoshi_err rc = chain_parent(c, k, &k, e);
    if (rc) return rc;
  }
  yyjson_mut_val *path = yyjson_mut_obj_add_arr(d, o, "path");
  for (int i = n - 1; i >= 0; i--) {
    yyjson_mut_val *p = yyjson_mut_obj(d);
    yyjson_mut_arr_append(path, p);
    yyjson_mut_obj_add_strcpy(d, p, "name", c->nodes[hops[i]].name);
    yyjson_mut_obj_add_strcpy(d, p, "corporate_number", c->nodes[hops[i]].corpnum);
  }
  return HOSHI_OK;
}

static const char *str_of(yyjson_mut_val *o, const char *k) {
  const char *s = yyjson_mut_get_str(yyjson_mut_obj_get(o, k));
  return s ? s : "";
}

/* Adds tier and path to every item of arr (by its supplier_id). */
static hoshi_err chain_annotate(sqlite3 *db, const char *buyer_org_id, yyjson_mut_doc *d, yyjson_mut_val *arr,
                                hoshi_error *e) {
  if (yyjson_mut_arr_size(arr) == 0) return HOSHI_OK; /* nothing to place: skip the chain walk */
  chain_ix c;
  hoshi_err rc = chain_load(db, buyer_org_id, &c, e);
  if (rc) return rc;
  size_t i, max;
  yyjson_mut_val *it;
  yyjson_mut_arr_foreach(arr, i, max, it) {
    if ((rc = chain_put(&c, str_of(it, "supplier_id"), d, it, e))) break;
  }
  chain_free(&c);
  return rc;
}

hoshi_err products_impact_json(sqlite3 *db, const char *buyer_org_id, const products_impact_query *q, yyjson_mut_doc *d,
                               yyjson_mut_val *arr, hoshi_error *e) {
  if (q->advisory && strlen(q->advisory) > 256)
    return hoshi_fail(e, HOSHI_EINVAL, "advisory", "an advisory id is at most 256 characters");
  sqlite3_stmt *st = NULL;
  /* Every active share to this buyer, whoever made it: consent is per buyer, so a tier-2
   * supplier's share with the end buyer is as good as a tier-1 supplier's. With an advisory
   * the walk starts at its findings, with kev at the open KEV findings (partial index of
   * migration 073); CROSS JOIN keeps that order without ANALYZE statistics. A popular
   * package's advisory hits a few thousand findings, while a buyer with 10,000 suppliers sees
   * hundreds of thousands of open findings (docs/benchmarks.md). */
#define IMPACT_SELECT "SELECT " PRODUCTS_FINDING_COLS ", p.id, p.name, p.org_id, o.name_ja, s.scope, o.corporate_number"
#define IMPACT_TO_SHARE                                                                                          \
  " CROSS JOIN product_versions v ON v.id = f.version_id CROSS JOIN products p ON p.id = v.product_id"           \
  " JOIN product_shares s ON s.product_id = p.id JOIN organizations o ON o.id = p.org_id"                        \
  " LEFT JOIN product_vex x ON x.finding_id = f.id"
#define IMPACT_WHERE                                                                                             \
  " s.buyer_org_id = ?1 AND s.withdrawn_at IS NULL AND f.state = 'open' AND (?3 = 0 OR f.kev_cve <> '')"         \
  " AND f.max_score >= ?4 ORDER BY o.name_ja, p.name, v.version, f.advisory_id, f.ckey LIMIT ?5 OFFSET ?6"
  const char *sql =
      q->advisory ? IMPACT_SELECT " FROM product_finding_ids i CROSS JOIN product_findings f ON f.id = i.finding_id"
                    IMPACT_TO_SHARE " WHERE i.vuln_id = ?2 AND" IMPACT_WHERE
      : q->kev    ? IMPACT_SELECT " FROM product_findings f" IMPACT_TO_SHARE
                    " WHERE f.kev_cve <> '' AND f.state = 'open' AND ?2 IS NULL AND" IMPACT_WHERE
                  : IMPACT_SELECT
                    " FROM product_shares s JOIN products p ON p.id = s.product_id JOIN organizations o ON o.id = p.org_id"
                    " JOIN product_versions v ON v.product_id = p.id JOIN product_findings f ON f.version_id = v.id"
                    " LEFT JOIN product_vex x ON x.finding_id = f.id WHERE ?2 IS NULL AND" IMPACT_WHERE;
  hoshi_err rc = prep(db, sql, &st, e);
#undef IMPACT_SELECT
#undef IMPACT_TO_SHARE
#undef IMPACT_WHERE
  if (rc) return rc;
  store_bind_text(st, 1, buyer_org_id);
  store_bind_text(st, 2, q->advisory);
  sqlite3_bind_int(st, 3, q->kev ? 1 : 0);
  sqlite3_bind_double(st, 4, q->min_score);
  sqlite3_bind_int64(st, 5, q->limit > 0 && q->limit < PRODUCTS_LIST_MAX ? q->limit : PRODUCTS_LIST_MAX);
  sqlite3_bind_int64(st, 6, q->offset > 0 ? q->offset : 0);
  int step;
  const int c0 = PRODUCTS_FINDING_NCOLS;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *o = products_finding_obj(d, st, !strcmp(store_col_text(st, c0 + 4), "sbom"));
    yyjson_mut_obj_add_strcpy(d, o, "product", store_col_text(st, c0));
    yyjson_mut_obj_add_strcpy(d, o, "product_name", store_col_text(st, c0 + 1));
    yyjson_mut_obj_add_strcpy(d, o, "supplier_id", store_col_text(st, c0 + 2));
    yyjson_mut_obj_add_strcpy(d, o, "supplier", store_col_text(st, c0 + 3));
    yyjson_mut_obj_add_strcpy(d, o, "supplier_corpnum", store_col_text(st, c0 + 5));
    yyjson_mut_arr_append(arr, o);
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading impact");
  sqlite3_finalize(st);
  if (rc) return rc;
  return chain_annotate(db, buyer_org_id, d, arr, e);
}

hoshi_err products_supplier_findings_json(sqlite3 *db, const char *buyer_org_id, const char *corpnum, yyjson_mut_doc *d,
                                          yyjson_mut_val *o, hoshi_error *e) {
  org s;
  if (corpnum == NULL || strlen(corpnum) != 13 || org_get_by_corpnum(db, corpnum, &s, NULL) != HOSHI_OK)
    return hoshi_fail(e, HOSHI_ENOTFOUND, "corporate_number", "no registered organization %.20s", corpnum ? corpnum : "");
  chain_ix c;
  hoshi_err rc = chain_load(db, buyer_org_id, &c, e);
  if (rc) return rc;
  yyjson_mut_val *sup = yyjson_mut_obj_add_obj(d, o, "supplier");
  yyjson_mut_obj_add_strcpy(d, sup, "name", s.name_ja);
  yyjson_mut_obj_add_strcpy(d, sup, "name_en", s.name_en);
  yyjson_mut_obj_add_strcpy(d, sup, "corporate_number", s.corporate_number);
  rc = chain_put(&c, s.id, d, sup, e);
  chain_free(&c);
  if (rc) return rc;
  yyjson_mut_val *arr = yyjson_mut_obj_add_arr(d, o, "items");
  sqlite3_stmt *st = NULL;
  /* Only what the supplier shares with this buyer right now; open and resolved findings, as
   * the per-product pictures need both. */
  if ((rc = prep(db,
                 "SELECT " PRODUCTS_FINDING_COLS ", p.id, p.name, s.scope"
                 " FROM product_shares s JOIN products p ON p.id = s.product_id"
                 " JOIN product_versions v ON v.product_id = p.id JOIN product_findings f ON f.version_id = v.id"
                 " LEFT JOIN product_vex x ON x.finding_id = f.id"
                 " WHERE s.buyer_org_id = ?1 AND s.supplier_org_id = ?2 AND p.org_id = ?2 AND s.withdrawn_at IS NULL"
                 " ORDER BY p.name, v.version, f.state, f.max_score DESC, f.advisory_id, f.ckey LIMIT ?3",
                 &st, e)))
    return rc;
  store_bind_text(st, 1, buyer_org_id);
  store_bind_text(st, 2, s.id);
  sqlite3_bind_int(st, 3, PRODUCTS_LIST_MAX);
  int step;
  const int c0 = PRODUCTS_FINDING_NCOLS;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    yyjson_mut_val *it = products_finding_obj(d, st, !strcmp(store_col_text(st, c0 + 2), "sbom"));
    yyjson_mut_obj_add_strcpy(d, it, "product", store_col_text(st, c0));
    yyjson_mut_obj_add_strcpy(d, it, "product_name", store_col_text(st, c0 + 1));
    yyjson_mut_arr_append(arr, it);
  }
  if (step != SQLITE_DONE) rc = store_fail(db, e, "reading supplier findings");
  sqlite3_finalize(st);
  return rc;
}

/* ---- the impact graph ---- */

typedef struct g_sup {
  const char *corp, *name; /* borrowed from the impact document */
  int tier;                /* -1: outside the declared chain */
} g_sup;

typedef struct g_pv {
  const char *product, *name, *version;
  size_t sup;
  size_t findings;
  double worst;
  const char *kev_due; /* earliest KEV due date, NULL when no KEV finding */
} g_pv;

typedef struct g_edge {
  size_t from, to; /* supplier indexes; 0 is the buyer */
  int dashed;
} g_edge;

typedef struct graph {
  g_sup *sups;
  size_t nsup, capsup;
  g_pv *pvs;
  size_t npv, cappv, more;
  g_edge *edges;
  size_t nedge, capedge;
  int oom;
} graph;

static void *grow(void *p, size_t *cap, size_t n, size_t size, int *oom) {
  if (n < *cap) return p;
  size_t c = *cap ? *cap * 2 : 32;
  void *q = realloc(p, c * size);
  if (q == NULL) {
    *oom = 1;
    return p;
  }
  *cap = c;
  return q;
}

/* Supplier node by 法人番号, added when new. Linear: the graph is bounded by PRODUCTS_GRAPH_MAX. */
static size_t g_sup_at(graph *g, const char *corp, const char *name, int tier) {
  for (size_t i = 0; i < g->nsup; i++)
    if (!strcmp(g->sups[i].corp, corp)) return i;
  g->sups = grow(g->sups, &g->capsup, g->nsup, sizeof *g->sups, &g->oom);
  if (g->oom) return 0;
  g->sups[g->nsup] = (g_sup){corp, name, tier};
  return g->nsup++;
}

static void g_edge_add(graph *g, size_t from, size_t to, int dashed) {
  for (size_t i = 0; i < g->nedge; i++)
    if (g->edges[i].from == from && g->edges[i].to == to) return;
  g->edges = grow(g->edges, &g->capedge, g->nedge, sizeof *g->edges, &g->oom);
  if (g->oom) return;
  g->edges[g->nedge++] = (g_edge){from, to, dashed};
}

static void g_item(graph *g, yyjson_mut_val *it) {
  yyjson_mut_val *path = yyjson_mut_obj_get(it, "path");
  size_t sup;
  if (yyjson_mut_is_arr(path)) {
    size_t prev = 0, i, max;
    yyjson_mut_val *hop;
    yyjson_mut_arr_foreach(path, i, max, hop) {
      if (i == 0) continue; /* the buyer, node 0 */
      size_t at = g_sup_at(g, str_of(hop, "corporate_number"), str_of(hop, "name"), (int)i);
      g_edge_add(g, prev, at, 0);
      prev = at;
    }
    sup = prev;
  } else { /* shared with the buyer from outside its declared chain */
    sup = g_sup_at(g, str_of(it, "supplier_corpnum"), str_of(it, "supplier"), -1);
    g_edge_add(g, 0, sup, 1);
  }
  const char *product = str_of(it, "product"), *version = str_of(it, "version");
  size_t k = 0;
  while (k < g->npv && (strcmp(g->pvs[k].product, product) || strcmp(g->pvs[k].version, version))) k++;
  if (k == g->npv) {
    if (g->npv == PRODUCTS_GRAPH_MAX) {
      g->more++;
      return;
    }
    g->pvs = grow(g->pvs, &g->cappv, g->npv, sizeof *g->pvs, &g->oom);
    if (g->oom) return;
    g->pvs[g->npv++] = (g_pv){product, str_of(it, "product_name"), version, sup, 0, -1, NULL};
  }
  g_pv *pv = &g->pvs[k];
  pv->findings++;
  yyjson_mut_val *score = yyjson_mut_obj_get(it, "max_score");
  if (yyjson_mut_is_num(score) && yyjson_mut_get_num(score) > pv->worst) pv->worst = yyjson_mut_get_num(score);
  if (yyjson_mut_get_bool(yyjson_mut_obj_get(it, "kev"))) {
    const char *due = str_of(it, "kev_due_date");
    if (pv->kev_due == NULL || (due[0] && (!pv->kev_due[0] || strcmp(due, pv->kev_due) < 0))) pv->kev_due = due;
  }
}

/* Fill colour by worst CVSS score, as the UI's severity bands. */
static const char *severity_fill(double worst) {
  if (worst >= 9.0) return "#f3b7b0";
  if (worst >= 7.0) return "#f8d3b0";
  if (worst >= 4.0) return "#fff1c2";
  if (worst >= 0.1) return "#e3ecf9";
  return "#eeeeee";
}

static void g_dot(const graph *g, const org *buyer, hoshi_buf *b) {
  hoshi_buf_puts(b, "digraph impact {\n rankdir=LR; bgcolor=\"transparent\";\n"
                    " node [shape=box, style=\"rounded,filled\", fontname=\"Noto Sans CJK JP\", fontsize=11];\n"
                    " edge [color=\"#8a94a6\"];\n b [label=");
  dot_string(b, buyer->name_ja);
  hoshi_buf_puts(b, ", fillcolor=\"#1f3a68\", fontcolor=\"white\", class=\"buyer\"];\n");
  for (size_t i = 1; i < g->nsup; i++) { /* 0 is the buyer, drawn as b */
    const g_sup *s = &g->sups[i];
    hoshi_buf_printf(b, " s%zu [label=\"", i);
    dot_text(b, s->name);
    if (s->tier > 0) hoshi_buf_printf(b, "\\nTier %d\"", s->tier);
    else hoshi_buf_puts(b, "\"");
    hoshi_buf_puts(b, ", fillcolor=\"#ffffff\", class=\"supplier\", URL=\"#/supplier/");
    dot_text(b, s->corp);
    hoshi_buf_puts(b, "\", target=\"_top\"];\n");
  }
  for (size_t i = 0; i < g->npv; i++) {
    const g_pv *p = &g->pvs[i];
    hoshi_buf_printf(b, " p%zu [label=\"", i);
    dot_text(b, p->name);
    hoshi_buf_putc(b, ' ');
    dot_text(b, p->version);
    if (p->worst >= 0) hoshi_buf_printf(b, "\\nCVSS %.1f (%zu)", p->worst, p->findings);
    else hoshi_buf_printf(b, "\\n(%zu)", p->findings);
    if (p->kev_due) {
      hoshi_buf_puts(b, "\\nKEV ");
      dot_text(b, p->kev_due[0] ? p->kev_due : "-");
    }
    hoshi_buf_puts(b, "\", shape=note");
    if (p->kev_due) hoshi_buf_puts(b, ", fillcolor=\"#b3261e\", fontcolor=\"white\", penwidth=2, class=\"product kev\"");
    else hoshi_buf_printf(b, ", fillcolor=\"%s\", class=\"product\"", severity_fill(p->worst));
    hoshi_buf_puts(b, ", URL=\"#/sbom/");
    dot_text(b, p->product);
    hoshi_buf_puts(b, "\", target=\"_top\"];\n");
    hoshi_buf_printf(b, " s%zu -> p%zu [color=\"%s\"];\n", p->sup, i, p->kev_due ? "#b3261e" : "#8a94a6");
  }
  if (g->more) hoshi_buf_printf(b, " more [label=\"+%zu\", shape=plaintext, style=\"\"];\n", g->more);
  for (size_t i = 0; i < g->nedge; i++) {
    const g_edge *ed = &g->edges[i];
    if (ed->from == 0) hoshi_buf_printf(b, " b -> s%zu", ed->to);
    else hoshi_buf_printf(b, " s%zu -> s%zu", ed->from, ed->to);
    hoshi_buf_puts(b, ed->dashed ? " [style=dashed];\n" : ";\n");
  }
  hoshi_buf_puts(b, "}\n");
}

hoshi_err products_impact_svg(sqlite3 *db, const char *buyer_org_id, const products_impact_query *q, char **svg,
                              size_t *len, hoshi_error *e) {
  *svg = NULL;
  *len = 0;
  org buyer;
  hoshi_err rc = org_get(db, buyer_org_id, &buyer, e);
  if (rc) return rc;
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_val *arr = yyjson_mut_arr(d);
  graph g = {0};
  hoshi_buf b = HOSHI_BUF_INIT;
  if ((rc = products_impact_json(db, buyer_org_id, q, d, arr, e))) goto done;
  /* Supplier node 0 stands for the buyer, so paths start there. */
  g_sup_at(&g, buyer.corporate_number, buyer.name_ja, 0);
  size_t i, max;
  yyjson_mut_val *it;
  yyjson_mut_arr_foreach(arr, i, max, it) g_item(&g, it);
  if (g.oom) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  g_dot(&g, &buyer, &b);
  if (b.oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  else rc = dot_render_svg(b.p, svg, len, e);
done:
  hoshi_buf_free(&b);
  free(g.sups);
  free(g.pvs);
  free(g.edges);
  yyjson_mut_doc_free(d);
  return rc;
}

/* Walking a buyer's chain over the in-memory copy (cgraph.c): the tiers, the chain with its
 * edges and statuses, and the best rating each supplier shares with the buyer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/cgraph.h"
#include "chain/chain.h"
#include "store/store.h"

static int level_num(const char *l) { return l && *l ? atoi(l) : 0; }

/* Is a better than b? valid_first: a valid, unexpired rating beats any other first. */
static int rating_better(const cg_rating *a, const cg_rating *b, int valid_first, const char *now) {
  if (valid_first) {
    int va = strcmp(a->status, "valid") == 0 && strcmp(a->expires, now) > 0;
    int vb = strcmp(b->status, "valid") == 0 && strcmp(b->expires, now) > 0;
    if (va != vb) return va;
  }
  if (level_num(a->level) != level_num(b->level)) return level_num(a->level) > level_num(b->level);
  int c = strcmp(a->expires, b->expires);
  if (c != 0) return c > 0;
  return strcmp(a->id, b->id) > 0;
}

hoshi_err cgraph_shared_ratings(sqlite3 *db, const cgraph *g, const char *buyer_org_id, time_t now, int valid_first,
                                int with_gaps, cg_shared *out, hoshi_error *e) {
  memset(out, 0, sizeof *out);
  out->best = malloc((g->n_orgs ? g->n_orgs : 1) * sizeof *out->best);
  if (out->best == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  for (uint32_t i = 0; i < g->n_orgs; i++) out->best[i] = CG_NONE;
  char nows[UTIL_TIME_LEN];
  util_time_iso(now, nows);
  sqlite3_stmt *st = NULL;
  /* Every active share with this buyer: a rating, or an assessment still under way; with_gaps,
   * also the shared assessment's catalog, level and the categories it misses (migration 071). */
  if (sqlite3_prepare_v2(db,
                         with_gaps
                             ? "SELECT s.supplier_org_id, coalesce(x.id, ''), coalesce(x.level, ''), coalesce(x.status, ''),"
                               " coalesce(x.expires_at, ''), coalesce(x.assessment_id, s.assessment_id, ''),"
                               " a.catalog_id, a.level, gp.missing"
                               " FROM shares s LEFT JOIN ratings x ON x.id = s.rating_id"
                               " LEFT JOIN assessments a ON a.id = coalesce(x.assessment_id, s.assessment_id)"
                               " LEFT JOIN assessment_gaps gp ON gp.assessment_id = a.id"
                               " WHERE s.buyer_org_id = ? AND s.withdrawn_at IS NULL"
                             : "SELECT s.supplier_org_id, coalesce(x.id, ''), coalesce(x.level, ''), coalesce(x.status, ''),"
                               " coalesce(x.expires_at, ''), coalesce(x.assessment_id, s.assessment_id, '')"
                               " FROM shares s LEFT JOIN ratings x ON x.id = s.rating_id"
                               " WHERE s.buyer_org_id = ? AND s.withdrawn_at IS NULL",
                         -1, &st, NULL) != SQLITE_OK) {
    cgraph_shared_free(out);
    return store_fail(db, e, "reading shared ratings");
  }
  store_bind_text(st, 1, buyer_org_id);
  hoshi_err rc = HOSHI_OK;
  size_t cap = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    uint32_t org = cgraph_org(g, store_col_text(st, 0));
    if (org == CG_NONE) continue;
    if (out->n == cap) {
      cap = cap ? cap * 2 : 256;
      cg_rating *p = realloc(out->items, cap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      out->items = p;
    }
    cg_rating *r = &out->items[out->n];
    memset(r, 0, sizeof *r);
    r->org = org;
    snprintf(r->id, sizeof r->id, "%s", store_col_text(st, 1));
    snprintf(r->level, sizeof r->level, "%s", store_col_text(st, 2));
    snprintf(r->status, sizeof r->status, "%s", store_col_text(st, 3));
    snprintf(r->expires, sizeof r->expires, "%s", store_col_text(st, 4));
    snprintf(r->assessment, sizeof r->assessment, "%s", store_col_text(st, 5));
    if (with_gaps && sqlite3_column_type(st, 8) != SQLITE_NULL) {
      snprintf(r->catalog, sizeof r->catalog, "%s", store_col_text(st, 6));
      snprintf(r->assessment_level, sizeof r->assessment_level, "%s", store_col_text(st, 7));
      if ((r->missing = strdup(store_col_text(st, 8))) == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
    }
    if (r->id[0] && (out->best[org] == CG_NONE || rating_better(r, &out->items[out->best[org]], valid_first, nows)))
      out->best[org] = (uint32_t)out->n;
    out->n++;
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "reading shared ratings");
  sqlite3_finalize(st);
  if (rc) cgraph_shared_free(out);
  return rc;
}

void cgraph_shared_free(cg_shared *s) {
  for (size_t i = 0; s->items && i < s->n; i++) free(s->items[i].missing);
  free(s->best);
  free(s->items);
  memset(s, 0, sizeof *s);
}

static int req_cmp(const void *a, const void *b) { return strcmp(((const cg_request *)a)->rel, ((const cg_request *)b)->rel); }

static void fill_req(sqlite3_stmt *st, void *slot) {
  cg_request *q = slot;
  snprintf(q->rel, sizeof q->rel, "%s", store_col_text(st, 0));
  snprintf(q->status, sizeof q->status, "%s", store_col_text(st, 1));
  snprintf(q->due, sizeof q->due, "%s", store_col_text(st, 2));
  snprintf(q->level, sizeof q->level, "%s", store_col_text(st, 3));
  snprintf(q->id, sizeof q->id, "%s", store_col_text(st, 4));
}

hoshi_err cgraph_latest_requests(sqlite3 *db, const char *buyer_org_id, cg_request **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT relationship_id, status, due_date, level, id FROM requests WHERE buyer_org_id = ?"
                         " ORDER BY relationship_id, created_at DESC, id DESC",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading requests");
  store_bind_text(st, 1, buyer_org_id);
  size_t all = 0;
  hoshi_err rc = store_collect(db, st, sizeof **out, fill_req, (void **)out, &all, "reading requests", e);
  if (rc) return rc;
  for (size_t i = 0; i < all; i++) /* the newest of each relationship comes first */
    if (*n == 0 || strcmp((*out)[*n - 1].rel, (*out)[i].rel) != 0) {
      if (*n != i) (*out)[*n] = (*out)[i];
      (*n)++;
    }
  return HOSHI_OK;
}

const cg_request *cgraph_request_of(const cg_request *reqs, size_t n, const char *rel_id) {
  if (n == 0) return NULL;
  cg_request key;
  snprintf(key.rel, sizeof key.rel, "%s", rel_id);
  return bsearch(&key, reqs, n, sizeof *reqs, req_cmp);
}

hoshi_err cgraph_buyer_open(sqlite3 *db, const char *buyer_org_id, time_t now, int with_gaps, cg_buyer *b, hoshi_error *e) {
  memset(b, 0, sizeof *b);
  hoshi_err rc = cgraph_get(db, &b->g, e);
  if (rc) return rc;
  b->buyer = cgraph_org(b->g, buyer_org_id);
  if ((rc = cgraph_shared_ratings(db, b->g, buyer_org_id, now, 1, with_gaps, &b->shared, e)) ||
      (rc = cgraph_latest_requests(db, buyer_org_id, &b->reqs, &b->n_reqs, e)))
    cgraph_buyer_close(b);
  return rc;
}

void cgraph_buyer_close(cg_buyer *b) {
  free(b->reqs);
  cgraph_shared_free(&b->shared);
  cgraph_put(b->g);
  memset(b, 0, sizeof *b);
}

const char *cgraph_buyer_status(const cg_buyer *b, const char *rel_id, const char *required_level, uint32_t supplier,
                                time_t now, const cg_rating **rating, const cg_request **request) {
  const cg_rating *t = supplier != CG_NONE && b->shared.best[supplier] != CG_NONE ? &b->shared.items[b->shared.best[supplier]]
                                                                                   : NULL;
  const cg_request *q = cgraph_request_of(b->reqs, b->n_reqs, rel_id);
  const char *need = q && strcmp(q->status, "declined") != 0 && level_num(q->level) > level_num(required_level) ? q->level
                                                                                                              : required_level;
  *rating = t;
  *request = q;
  return sc_status(need, t ? t->level : "", t ? t->status : "", t ? t->expires : "", q ? q->status : "", q ? q->due : "", now);
}

/* Where the walk over g puts its results; freed by walk_free. */
typedef struct walk {
  int *tier;
  uint32_t *order;
  uint32_t n;
} walk;

static void walk_free(walk *w) {
  free(w->tier);
  free(w->order);
  w->tier = NULL;
  w->order = NULL;
}

static hoshi_err walk_run(const cgraph *g, const char *buyer_org_id, int depth, walk *w, hoshi_error *e) {
  w->tier = malloc((g->n_orgs ? g->n_orgs : 1) * sizeof *w->tier);
  w->order = malloc((g->n_orgs ? g->n_orgs : 1) * sizeof *w->order);
  w->n = 0;
  if (w->tier == NULL || w->order == NULL) {
    walk_free(w);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  cgraph_walk(g, cgraph_org(g, buyer_org_id), depth, w->tier, w->order, &w->n);
  return HOSHI_OK;
}

hoshi_err cgraph_tier_counts(const cgraph *g, const char *buyer_org_id, int depth, long counts[SC_DEPTH_MAX + 1],
                             hoshi_error *e) {
  if (depth < 1 || depth > SC_DEPTH_MAX) return hoshi_fail(e, HOSHI_EINVAL, "depth", "depth must be 1 to %d", SC_DEPTH_MAX);
  for (int i = 0; i <= SC_DEPTH_MAX; i++) counts[i] = 0;
  walk w = {0};
  hoshi_err rc = walk_run(g, buyer_org_id, depth, &w, e);
  if (rc == HOSHI_OK) {
    for (uint32_t k = 0; k < w.n; k++) counts[w.tier[w.order[k]]]++;
    walk_free(&w);
  }
  return rc;
}

hoshi_err sc_tier_counts(sqlite3 *db, const char *buyer_org_id, int depth, long counts[SC_DEPTH_MAX + 1], hoshi_error *e) {
  if (depth < 1 || depth > SC_DEPTH_MAX) return hoshi_fail(e, HOSHI_EINVAL, "depth", "depth must be 1 to %d", SC_DEPTH_MAX);
  cgraph *g;
  hoshi_err rc = cgraph_get(db, &g, e);
  if (rc) return rc;
  rc = cgraph_tier_counts(g, buyer_org_id, depth, counts, e);
  cgraph_put(g);
  return rc;
}

static const cgraph *node_graph; /* for node_cmp; sc_chain sorts under node_lock */
static const int *node_tier;
static pthread_mutex_t node_lock = PTHREAD_MUTEX_INITIALIZER;

/* Nodes in the order the chain lists them: by tier, then by name (bytewise, as SQLite). */
static int node_cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  if (node_tier[x] != node_tier[y]) return node_tier[x] < node_tier[y] ? -1 : 1;
  int c = strcmp(cgraph_str(node_graph, node_graph->orgs[x].name), cgraph_str(node_graph, node_graph->orgs[y].name));
  return c ? c : (x < y ? -1 : x > y);
}

static sc_node *grow_nodes(sc_node **nodes, size_t n, size_t *cap) {
  if (n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    sc_node *p = realloc(*nodes, c * sizeof *p);
    if (p == NULL) return NULL;
    *nodes = p;
    *cap = c;
  }
  sc_node *nd = &(*nodes)[n];
  memset(nd, 0, sizeof *nd);
  return nd;
}

hoshi_err sc_chain(sqlite3 *db, const char *buyer_org_id, int depth, time_t now, sc_node **nodes, size_t *n_nodes,
                   sc_edge **edges, size_t *n_edges, hoshi_error *e) {
  *nodes = NULL;
  *n_nodes = 0;
  if (edges) {
    *edges = NULL;
    *n_edges = 0;
  }
  if (depth < 1 || depth > SC_DEPTH_MAX) return hoshi_fail(e, HOSHI_EINVAL, "depth", "depth must be 1 to %d", SC_DEPTH_MAX);
  cgraph *g;
  hoshi_err rc = cgraph_get(db, &g, e);
  if (rc) return rc;
  walk w = {0};
  uint32_t *sorted = NULL, *node_of = NULL;
  cg_shared shared = {0};
  if ((rc = walk_run(g, buyer_org_id, depth, &w, e))) goto out;
  sorted = malloc((w.n ? w.n : 1) * sizeof *sorted);
  node_of = malloc((g->n_orgs ? g->n_orgs : 1) * sizeof *node_of);
  if (sorted == NULL || node_of == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto out; }
  memcpy(sorted, w.order, w.n * sizeof *sorted);
  pthread_mutex_lock(&node_lock);
  node_graph = g;
  node_tier = w.tier;
  qsort(sorted, w.n, sizeof *sorted, node_cmp);
  pthread_mutex_unlock(&node_lock);
  size_t cap = 0;
  for (uint32_t k = 0; k < w.n; k++) {
    const cg_org *o = &g->orgs[sorted[k]];
    sc_node *nd = grow_nodes(nodes, *n_nodes, &cap);
    if (nd == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto out; }
    memcpy(nd->org_id, o->id, sizeof nd->org_id);
    memcpy(nd->corpnum, o->corpnum, sizeof nd->corpnum);
    snprintf(nd->name, sizeof nd->name, "%s", cgraph_str(g, o->name));
    nd->tier = w.tier[sorted[k]];
    node_of[sorted[k]] = (uint32_t)(*n_nodes)++;
  }
  if (edges == NULL) goto out; /* tiers only */
  /* Edges declared by every organization above the last tier, by tier then organization id
   * (the walk's order); unregistered suppliers become leaves of their own. A supplier's status
   * is towards the root buyer: from the best rating it shares with the root. */
  if ((rc = cgraph_shared_ratings(db, g, buyer_org_id, now, 0, 0, &shared, e))) goto out;
  size_t ecap = 0;
  for (uint32_t k = 0; k < w.n; k++) {
    uint32_t b = w.order[k];
    if (w.tier[b] >= depth) break;
    size_t from = node_of[b];
    for (uint32_t r = g->first[b]; r < g->first[b + 1]; r++) {
      const cg_rel *rel = &g->rels[r];
      size_t to;
      if (rel->supplier != CG_NONE) {
        to = node_of[rel->supplier];
      } else {
        sc_node *nd = grow_nodes(nodes, *n_nodes, &cap);
        if (nd == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto out; }
        memcpy(nd->corpnum, rel->corpnum, sizeof nd->corpnum);
        snprintf(nd->name, sizeof nd->name, "%s", cgraph_str(g, rel->name));
        nd->tier = w.tier[b] + 1;
        to = (*n_nodes)++;
      }
      sc_node *tn = &(*nodes)[to];
      if (tn->status[0] == '\0' || w.tier[b] == 0) {
        const cg_rating *best = rel->supplier != CG_NONE && shared.best[rel->supplier] != CG_NONE
                                    ? &shared.items[shared.best[rel->supplier]] : NULL;
        snprintf(tn->status, sizeof tn->status, "%s",
                 sc_status(rel->level, best ? best->level : "", best ? best->status : "", best ? best->expires : "", NULL,
                           NULL, now));
      }
      if (*n_edges == ecap) {
        ecap = ecap ? ecap * 2 : 64;
        sc_edge *p = realloc(*edges, ecap * sizeof *p);
        if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto out; }
        *edges = p;
      }
      sc_edge *ed = &(*edges)[(*n_edges)++];
      ed->from = from;
      ed->to = to;
      memcpy(ed->required_level, rel->level, sizeof ed->required_level);
    }
  }
out:
  walk_free(&w);
  free(sorted);
  free(node_of);
  cgraph_shared_free(&shared);
  cgraph_put(g);
  if (rc) {
    free(*nodes);
    *nodes = NULL;
    *n_nodes = 0;
    if (edges) {
      free(*edges);
      *edges = NULL;
      *n_edges = 0;
    }
  }
  return rc;
}

/* The supply chain in memory; see cgraph.h. Reading 50,000 organizations and 100,000
 * relationships takes tens of milliseconds and happens once per change of the chain; every
 * walk after that is plain array work. */
#include "chain/cgraph.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "store/store.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cgraph *current; /* the newest copy read; holds one reference */

static void cgraph_free(cgraph *g) {
  if (g == NULL) return;
  free(g->orgs);
  free(g->rels);
  free(g->first);
  free(g->strings);
  free(g);
}

void cgraph_put(cgraph *g) {
  if (g == NULL) return;
  pthread_mutex_lock(&lock);
  int last = --g->refs == 0;
  pthread_mutex_unlock(&lock);
  if (last) cgraph_free(g);
}

static int org_cmp(const void *a, const void *b) { return strcmp(((const cg_org *)a)->id, ((const cg_org *)b)->id); }

uint32_t cgraph_org(const cgraph *g, const char *id) {
  if (g->n_orgs == 0) return CG_NONE;
  cg_org key;
  snprintf(key.id, sizeof key.id, "%s", id ? id : "");
  const cg_org *hit = bsearch(&key, g->orgs, g->n_orgs, sizeof *g->orgs, org_cmp);
  return hit ? (uint32_t)(hit - g->orgs) : CG_NONE;
}

/* A column into a fixed buffer, cut to fit (the schema's limits keep ids and levels short). */
static void col_copy(sqlite3_stmt *st, int i, char *out, size_t size) {
  const unsigned char *v = sqlite3_column_text(st, i);
  size_t n = v ? (size_t)sqlite3_column_bytes(st, i) : 0;
  if (n >= size) n = size - 1;
  if (n) memcpy(out, v, n);
  out[n] = '\0';
}

/* Open addressing from a string to an organization index, for the build only: 90,000
 * relationships each look up their buyer by id and their supplier by 法人番号. */
typedef struct str_ix {
  uint32_t *slot; /* index + 1, 0 = empty */
  uint32_t mask;
} str_ix;

static uint32_t str_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static int ix_init(str_ix *ix, uint32_t n) {
  uint32_t size = 1024;
  while (size < 2 * n) size *= 2;
  ix->slot = calloc(size, sizeof *ix->slot);
  ix->mask = size - 1;
  return ix->slot ? 0 : -1;
}

static void ix_put(str_ix *ix, const char *key, uint32_t v) {
  uint32_t h = str_hash(key) & ix->mask;
  while (ix->slot[h]) h = (h + 1) & ix->mask;
  ix->slot[h] = v + 1;
}

/* key_of(g, v) is the string stored for index v. */
static uint32_t ix_get(const str_ix *ix, const cgraph *g, const char *(*key_of)(const cgraph *, uint32_t), const char *key) {
  for (uint32_t h = str_hash(key) & ix->mask; ix->slot[h]; h = (h + 1) & ix->mask)
    if (strcmp(key_of(g, ix->slot[h] - 1), key) == 0) return ix->slot[h] - 1;
  return CG_NONE;
}

static const char *org_id_of(const cgraph *g, uint32_t v) { return g->orgs[v].id; }
static const char *org_corp_of(const cgraph *g, uint32_t v) { return g->orgs[v].corpnum; }

/* One build at a time: after a change every thread's first read would otherwise read the
 * chain at once. */
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

static int rel_cmp(const void *a, const void *b) {
  const cg_rel *x = a, *y = b;
  if (x->buyer != y->buyer) return x->buyer < y->buyer ? -1 : 1;
  return strcmp(x->corpnum, y->corpnum);
}

static int read_version(sqlite3 *db, long long *n, char token[40], hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT n, token FROM chain_version WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading the chain version");
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *n = sqlite3_column_int64(st, 0);
    snprintf(token, 40, "%s", store_col_text(st, 1));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return store_fail(db, e, "reading the chain version");
  return HOSHI_OK;
}

static uint32_t keep_str(hoshi_buf *b, const char *s) {
  uint32_t off = (uint32_t)b->n;
  hoshi_buf_append(b, s, strlen(s) + 1);
  return off;
}

/* Reads the whole chain in the caller's read snapshot. */
static hoshi_err build(sqlite3 *db, cgraph **out, hoshi_error *e) {
  cgraph *g = calloc(1, sizeof *g);
  if (g == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  hoshi_buf strings = HOSHI_BUF_INIT;
  hoshi_buf_append(&strings, "", 1); /* offset 0 is "" */
  sqlite3_stmt *st = NULL;
  hoshi_err rc = read_version(db, &g->version, g->token, e);
  size_t cap = 0;
  if (rc == HOSHI_OK &&
      sqlite3_prepare_v2(db, "SELECT id, corporate_number, name_ja, sector FROM organizations ORDER BY id", -1, &st, NULL) !=
          SQLITE_OK)
    rc = store_fail(db, e, "reading the chain");
  int step = SQLITE_DONE;
  while (rc == HOSHI_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
    if (g->n_orgs == cap) {
      cap = cap ? cap * 2 : 1024;
      cg_org *p = realloc(g->orgs, cap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      g->orgs = p;
    }
    cg_org *o = &g->orgs[g->n_orgs++];
    col_copy(st, 0, o->id, sizeof o->id);
    col_copy(st, 1, o->corpnum, sizeof o->corpnum);
    o->name = keep_str(&strings, store_col_text(st, 2));
    col_copy(st, 3, o->sector, sizeof o->sector);
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "reading the chain"); /* never a partial copy */
  sqlite3_finalize(st);
  st = NULL;
  /* ORDER BY id in SQLite is bytewise, as strcmp; sort only if it ever is not, so that bsearch
   * never depends on it. */
  int sorted = 1;
  for (uint32_t i = 1; rc == HOSHI_OK && sorted && i < g->n_orgs; i++) sorted = strcmp(g->orgs[i - 1].id, g->orgs[i].id) < 0;
  if (rc == HOSHI_OK && !sorted) qsort(g->orgs, g->n_orgs, sizeof *g->orgs, org_cmp);
  str_ix by_id = {0}, by_corpnum = {0};
  if (rc == HOSHI_OK && (ix_init(&by_id, g->n_orgs) || ix_init(&by_corpnum, g->n_orgs)))
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  for (uint32_t i = 0; rc == HOSHI_OK && i < g->n_orgs; i++) {
    ix_put(&by_id, g->orgs[i].id, i);
    ix_put(&by_corpnum, g->orgs[i].corpnum, i);
  }
  if (rc == HOSHI_OK && (g->first = calloc((size_t)g->n_orgs + 1, sizeof *g->first)) == NULL)
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  if (rc == HOSHI_OK && sqlite3_prepare_v2(db, "SELECT id, buyer_org_id, supplier_corpnum, supplier_name, required_level"
                                               " FROM relationships", -1, &st, NULL) != SQLITE_OK)
    rc = store_fail(db, e, "reading the chain");
  cap = 0;
  step = SQLITE_DONE;
  while (rc == HOSHI_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
    uint32_t buyer = ix_get(&by_id, g, org_id_of, store_col_text(st, 1));
    if (buyer == CG_NONE) continue; /* cannot happen with foreign keys on */
    if (g->n_rels == cap) {
      cap = cap ? cap * 2 : 1024;
      cg_rel *p = realloc(g->rels, cap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      g->rels = p;
    }
    cg_rel *r = &g->rels[g->n_rels++];
    col_copy(st, 0, r->id, sizeof r->id);
    col_copy(st, 2, r->corpnum, sizeof r->corpnum);
    r->name = keep_str(&strings, store_col_text(st, 3));
    col_copy(st, 4, r->level, sizeof r->level);
    r->buyer = buyer;
    r->supplier = ix_get(&by_corpnum, g, org_corp_of, r->corpnum);
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "reading the chain");
  sqlite3_finalize(st);
  free(by_id.slot);
  free(by_corpnum.slot);
  if (rc == HOSHI_OK && (strings.oom || strings.n > UINT32_MAX)) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "the chain is too large to hold");
  if (rc == HOSHI_OK) {
    /* Grouped by buyer with a counting sort, then each buyer's few by 法人番号. */
    for (uint32_t k = 0; k < g->n_rels; k++) g->first[g->rels[k].buyer + 1]++;
    for (uint32_t i = 0; i < g->n_orgs; i++) g->first[i + 1] += g->first[i];
    cg_rel *by_buyer = malloc((g->n_rels ? g->n_rels : 1) * sizeof *by_buyer);
    uint32_t *next = malloc(((size_t)g->n_orgs + 1) * sizeof *next);
    if (by_buyer == NULL || next == NULL) {
      free(by_buyer);
      free(next);
      hoshi_buf_free(&strings);
      cgraph_free(g);
      return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    }
    memcpy(next, g->first, ((size_t)g->n_orgs + 1) * sizeof *next);
    for (uint32_t k = 0; k < g->n_rels; k++) by_buyer[next[g->rels[k].buyer]++] = g->rels[k];
    free(next);
    free(g->rels);
    g->rels = by_buyer;
    for (uint32_t i = 0; i < g->n_orgs; i++)
      if (g->first[i + 1] - g->first[i] > 1)
        qsort(g->rels + g->first[i], g->first[i + 1] - g->first[i], sizeof *g->rels, rel_cmp);
    g->strings = strings.p ? strings.p : strdup("");
    strings.p = NULL;
    g->refs = 1;
    *out = g;
    return HOSHI_OK;
  }
  hoshi_buf_free(&strings);
  cgraph_free(g);
  return rc;
}

hoshi_err cgraph_get(sqlite3 *db, cgraph **out, hoshi_error *e) {
  *out = NULL;
  long long n = 0;
  char token[40] = "";
  hoshi_err rc = read_version(db, &n, token, e);
  if (rc) return rc;
  pthread_mutex_lock(&lock);
  if (current && current->version == n && strcmp(current->token, token) == 0) {
    current->refs++;
    *out = current;
  }
  pthread_mutex_unlock(&lock);
  if (*out) return HOSHI_OK;
  /* Read it again, in one read transaction so the version and the rows agree. Two threads may
   * both do this after a change; the later one simply replaces the earlier copy. Inside the
   * caller's own transaction the rows may be uncommitted (and later rolled back): such a copy
   * serves this call only and never enters the cache. */
  int own_txn = sqlite3_get_autocommit(db);
  if (own_txn && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return store_fail(db, e, "reading the chain");
  cgraph *g = NULL;
  pthread_mutex_lock(&build_lock);
  rc = build(db, &g, e);
  pthread_mutex_unlock(&build_lock);
  if (own_txn) sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
  if (rc) return rc;
  if (!own_txn) {
    *out = g;
    return HOSHI_OK;
  }
  pthread_mutex_lock(&lock);
  cgraph *old = NULL;
  if (current == NULL || current->version <= g->version || strcmp(current->token, g->token) != 0) {
    old = current;
    current = g;
    g->refs++; /* the cache's own reference */
  }
  pthread_mutex_unlock(&lock);
  cgraph_put(old);
  *out = g;
  return HOSHI_OK;
}

static int u32_cmp(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

void cgraph_walk(const cgraph *g, uint32_t root, int depth, int *tier, uint32_t *order, uint32_t *n) {
  for (uint32_t i = 0; i < g->n_orgs; i++) tier[i] = -1;
  *n = 0;
  if (root == CG_NONE || root >= g->n_orgs) return;
  tier[root] = 0;
  order[(*n)++] = root;
  uint32_t start = 0;
  for (int t = 1; t <= depth; t++) {
    uint32_t end = *n;
    for (uint32_t k = start; k < end; k++) {
      uint32_t b = order[k];
      for (uint32_t r = g->first[b]; r < g->first[b + 1]; r++) {
        uint32_t s = g->rels[r].supplier;
        if (s != CG_NONE && tier[s] < 0) {
          tier[s] = t;
          order[(*n)++] = s;
        }
      }
    }
    qsort(order + end, *n - end, sizeof *order, u32_cmp);
    if (*n == end) break; /* nobody new: deeper tiers are empty */
    start = end;
  }
}

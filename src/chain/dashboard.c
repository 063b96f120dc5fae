/* The buyer's dashboard: status counts by required level, tier and sector, expiring ratings,
 * the category heatmap and top-10 threat coverage from what suppliers chose to share. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "chain/cgraph.h"
#include "chain/chain.h"
#include "org/org.h"
#include "store/store.h"

#define SC_EXPIRING_LIST_MAX 200 /* ratings listed as expiring (expiring_90 counts them all) */
#define SC_HEATMAP_MAX 200 /* supplier rows in the heatmap and threat coverage: most categories missed first */

/* Counts key in obj. The key is copied: yyjson keeps key pointers, and ours are transient. */
static void bump(yyjson_mut_doc *d, yyjson_mut_val *obj, const char *key) {
  yyjson_mut_val *v = yyjson_mut_obj_get(obj, key);
  if (v) yyjson_mut_set_sint(v, yyjson_mut_get_sint(v) + 1);
  else yyjson_mut_obj_add(obj, yyjson_mut_strcpy(d, key), yyjson_mut_sint(d, 1));
}

typedef struct dash_expiring {
  const cg_rel *rel;
  const char *name;
  const char *expires;
} dash_expiring;

/* Soonest first, then by name: the list is what to chase next. */
static int expiring_cmp(const void *a, const void *b) {
  const dash_expiring *x = a, *y = b;
  int c = strcmp(x->expires, y->expires);
  if (c == 0) c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->rel->id, y->rel->id);
}

/* The buyer's relationship with the supplier orgs[supplier], or NULL. */
static const cg_rel *rel_to(const cgraph *g, uint32_t buyer, uint32_t supplier) {
  uint32_t lo = g->first[buyer], hi = g->first[buyer + 1];
  const char *corp = g->orgs[supplier].corpnum;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c = strcmp(g->rels[mid].corpnum, corp);
    if (c == 0) return &g->rels[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}

/* One shared assessment of one of the buyer's tier-1 suppliers (the assessment itself when
 * shared, else the one behind a shared rating), with the categories it misses something in:
 * the buyer view's share row (read with its gaps) and the relationship it belongs to. */
typedef struct sa_row {
  const cg_rel *rel;
  const char *name;
  const char *aid, *catalog, *level, *missing;
} sa_row;

static int sa_cmp(const void *a, const void *b) {
  const sa_row *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (c == 0) c = strcmp(x->rel->id, y->rel->id);
  return c ? c : strcmp(x->aid, y->aid);
}

/* The buyer's shared assessments with their gaps, in the order the heatmap lists suppliers;
 * from the shares already read (no second query). *out malloc'd. */
static hoshi_err shared_assessments(const cg_buyer *b, sa_row **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  if (b->buyer == CG_NONE || b->shared.n == 0) return HOSHI_OK;
  if ((*out = malloc(b->shared.n * sizeof **out)) == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  for (size_t i = 0; i < b->shared.n; i++) {
    const cg_rating *r = &b->shared.items[i];
    const cg_rel *rel = r->missing ? rel_to(b->g, b->buyer, r->org) : NULL;
    if (rel == NULL) continue; /* no gaps row, or shared with the buyer but not (or no longer) its supplier */
    (*out)[(*n)++] = (sa_row){rel, cgraph_str(b->g, rel->name), r->assessment, r->catalog, r->assessment_level, r->missing};
  }
  if (*n) qsort(*out, *n, sizeof **out, sa_cmp);
  size_t k = 0; /* the same assessment shared twice (a rating and the assessment) counts once */
  for (size_t i = 0; i < *n; i++)
    if (!(k && (*out)[k - 1].rel == (*out)[i].rel && !strcmp((*out)[k - 1].aid, (*out)[i].aid))) (*out)[k++] = (*out)[i];
  *n = k;
  return HOSHI_OK;
}

/* The categories a supplier (rows[start..end), one per shared assessment) misses something
 * in, counted once each. */
static size_t gap_count(const sa_row *rows, size_t start, size_t end) {
  if (end - start == 1) { /* the common case: one assessment, distinct ids */
    size_t n = 0;
    for (const char *p = rows[start].missing; *p; p++)
      if (*p != ' ' && (p == rows[start].missing || p[-1] == ' ')) n++;
    return n;
  }
  size_t n = 0;
  for (size_t i = start; i < end; i++)
    for (const char *p = rows[i].missing; *p;) {
      size_t len = strcspn(p, " ");
      int before = 0; /* already counted in an earlier row of this supplier? */
      for (size_t j = start; j < i && !before; j++)
        for (const char *q = rows[j].missing; *q && !before;) {
          size_t l2 = strcspn(q, " ");
          before = l2 == len && !strncmp(p, q, len);
          q += l2;
          while (*q == ' ') q++;
        }
      n += len && !before;
      p += len;
      while (*p == ' ') p++;
    }
  return n;
}

typedef struct sa_group {
  size_t start, end, gaps;
} sa_group;

static int group_cmp(const void *a, const void *b) {
  const sa_group *x = a, *y = b;
  if (x->gaps != y->gaps) return x->gaps > y->gaps ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start; /* then by name */
}

/* The SC_HEATMAP_MAX suppliers with the most categories missed (then by name) into the
 * connection's temporary table dash_shown, ranked, for the heatmap cells and threat queries. */
static hoshi_err fill_shown(sqlite3 *db, const sa_row *rows, size_t n, hoshi_error *e) {
  char *msg = NULL;
  if (sqlite3_exec(db,
                   "CREATE TEMP TABLE IF NOT EXISTS dash_shown(rel_id TEXT NOT NULL, name TEXT NOT NULL, aid TEXT NOT NULL,"
                   " rank INTEGER NOT NULL, PRIMARY KEY (rel_id, aid)) WITHOUT ROWID; DELETE FROM dash_shown;",
                   NULL, NULL, &msg) != SQLITE_OK) {
    hoshi_fail(e, HOSHI_EDB, "", "dashboard: %s", msg ? msg : "temporary table");
    sqlite3_free(msg);
    return HOSHI_EDB;
  }
  sa_group *groups = malloc((n ? n : 1) * sizeof *groups);
  if (groups == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  size_t ng = 0;
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || rows[i].rel != rows[i - 1].rel) groups[ng++] = (sa_group){i, i + 1, 0};
    else groups[ng - 1].end = i + 1;
  }
  for (size_t k = 0; k < ng; k++) groups[k].gaps = gap_count(rows, groups[k].start, groups[k].end);
  if (ng) qsort(groups, ng, sizeof *groups, group_cmp);
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO dash_shown(rel_id, name, aid, rank) VALUES (?, ?, ?, ?)", -1, &st, NULL) !=
      SQLITE_OK)
    rc = store_fail(db, e, "reading shared assessments");
  for (size_t k = 0; k < ng && k < SC_HEATMAP_MAX && rc == HOSHI_OK; k++)
    for (size_t i = groups[k].start; i < groups[k].end && rc == HOSHI_OK; i++) {
      sqlite3_reset(st);
      store_bind_text(st, 1, rows[i].rel->id);
      store_bind_text(st, 2, rows[i].name);
      store_bind_text(st, 3, rows[i].aid);
      sqlite3_bind_int64(st, 4, (sqlite3_int64)k);
      if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "reading shared assessments");
    }
  sqlite3_finalize(st);
  free(groups);
  return rc;
}

/* A category as the heatmap's header shows it: how many suppliers miss something in it. */
typedef struct cat_gap {
  char id[64];
  char title_ja[200], title_en[200];
  int ord;
  long missing; /* suppliers missing something in it */
  size_t last;  /* the last supplier (row index + 1) counted, so each counts once */
} cat_gap;

static int gap_cmp(const void *a, const void *b) {
  const cat_gap *x = a, *y = b;
  if (x->ord != y->ord) return x->ord < y->ord ? -1 : 1;
  return strcmp(x->id, y->id);
}

static cat_gap *gap_of(cat_gap **gaps, size_t *n, size_t *cap, const char *id, size_t len) {
  for (size_t i = 0; i < *n; i++)
    if (strlen((*gaps)[i].id) == len && !strncmp((*gaps)[i].id, id, len)) return &(*gaps)[i];
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    cat_gap *p = realloc(*gaps, c * sizeof *p);
    if (p == NULL) return NULL;
    *gaps = p;
    *cap = c;
  }
  cat_gap *x = &(*gaps)[(*n)++];
  memset(x, 0, sizeof *x);
  snprintf(x->id, sizeof x->id, "%.*s", (int)(len < sizeof x->id ? len : sizeof x->id - 1), id);
  x->ord = INT32_MAX;
  return x;
}

/* Per category, how many suppliers miss something in it in what they shared (a supplier with
 * several shared assessments misses a category when any of them does — the same as comparing
 * the sums, as met never exceeds criteria). Categories nobody misses are listed too: those of
 * the catalogs and levels the shared assessments were made against. */
static hoshi_err category_gaps(sqlite3 *db, const sa_row *rows, size_t n, yyjson_mut_doc *d, yyjson_mut_val *cats,
                               hoshi_error *e) {
  cat_gap *gaps = NULL;
  size_t ng = 0, cap = 0, supplier = 0;
  hoshi_err rc = HOSHI_OK;
  for (size_t i = 0; i < n && rc == HOSHI_OK; i++) {
    if (i == 0 || rows[i].rel != rows[i - 1].rel) supplier++;
    for (const char *p = rows[i].missing; *p && rc == HOSHI_OK;) {
      size_t len = strcspn(p, " ");
      cat_gap *x = len ? gap_of(&gaps, &ng, &cap, p, len) : NULL;
      if (len && x == NULL) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
      else if (x && x->last != supplier) {
        x->missing++;
        x->last = supplier;
      }
      p += len;
      while (*p == ' ') p++;
    }
  }
  sqlite3_stmt *st = NULL;
  if (rc == HOSHI_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT c.id, c.title_ja, c.title_en, c.ord FROM catalog_categories c WHERE c.catalog_id = ?1 AND c.id IN"
                         " (SELECT q.category_id FROM catalog_criterion_levels l JOIN catalog_criteria k ON k.catalog_id ="
                         " l.catalog_id AND k.id = l.criterion_id JOIN catalog_requirements q ON q.catalog_id = k.catalog_id"
                         " AND q.id = k.requirement_id WHERE l.catalog_id = ?1 AND l.level = ?2)",
                         -1, &st, NULL) != SQLITE_OK)
    rc = store_fail(db, e, "reading the heatmap");
  /* Order and titles come from the fullest catalog and level among the shared assessments (the
   * one with the most categories); categories only other catalogs have follow, by id. */
  typedef struct cat_row {
    char id[64], title_ja[200], title_en[200];
    int ord;
    size_t combo;
  } cat_row;
  cat_row *cr = NULL;
  size_t ncr = 0, crcap = 0, combos = 0, best_combo = 0, best_count = 0;
  for (size_t i = 0; i < n && rc == HOSHI_OK; i++) {
    int seen = 0; /* each catalog and level once */
    for (size_t j = 0; j < i && !seen; j++)
      seen = !strcmp(rows[j].catalog, rows[i].catalog) && !strcmp(rows[j].level, rows[i].level);
    if (seen) continue;
    sqlite3_reset(st);
    store_bind_text(st, 1, rows[i].catalog);
    store_bind_text(st, 2, rows[i].level);
    size_t count = 0;
    while (rc == HOSHI_OK && sqlite3_step(st) == SQLITE_ROW) {
      if (ncr == crcap) {
        crcap = crcap ? crcap * 2 : 32;
        cat_row *p = realloc(cr, crcap * sizeof *p);
        if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
        cr = p;
      }
      cat_row *x = &cr[ncr++];
      snprintf(x->id, sizeof x->id, "%s", store_col_text(st, 0));
      snprintf(x->title_ja, sizeof x->title_ja, "%s", store_col_text(st, 1));
      snprintf(x->title_en, sizeof x->title_en, "%s", store_col_text(st, 2));
      x->ord = sqlite3_column_int(st, 3);
      x->combo = combos;
      count++;
    }
    if (count > best_count) {
      best_count = count;
      best_combo = combos;
    }
    combos++;
  }
  for (size_t k = 0; k < ncr && rc == HOSHI_OK; k++) {
    cat_gap *x = gap_of(&gaps, &ng, &cap, cr[k].id, strlen(cr[k].id));
    if (x == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
    int from_best = cr[k].combo == best_combo;
    if (!x->title_ja[0] || from_best) {
      snprintf(x->title_ja, sizeof x->title_ja, "%s", cr[k].title_ja);
      snprintf(x->title_en, sizeof x->title_en, "%s", cr[k].title_en);
    }
    if (from_best) x->ord = cr[k].ord;
  }
  free(cr);
  sqlite3_finalize(st);
  if (rc == HOSHI_OK && ng) qsort(gaps, ng, sizeof *gaps, gap_cmp);
  for (size_t i = 0; rc == HOSHI_OK && i < ng; i++) {
    yyjson_mut_val *c = yyjson_mut_arr_add_obj(d, cats);
    yyjson_mut_obj_add_strcpy(d, c, "id", gaps[i].id);
    yyjson_mut_obj_add_strcpy(d, c, "title_ja", gaps[i].title_ja);
    yyjson_mut_obj_add_strcpy(d, c, "title_en", gaps[i].title_en);
    yyjson_mut_obj_add_int(d, c, "suppliers_missing", gaps[i].missing);
  }
  free(gaps);
  return rc;
}

/* The item array of the supplier this row belongs to (relationship id and name in columns 0
 * and 1; rows come grouped by supplier): a new {relationship, supplier, key: []} in rows when
 * the supplier changes. *items is NULL before the first row. */
static yyjson_mut_val *supplier_items(yyjson_mut_doc *d, yyjson_mut_val *rows, sqlite3_stmt *st, const char *key,
                                      char last[UTIL_ID_LEN], yyjson_mut_val **items) {
  const char *rel = store_col_text(st, 0);
  if (*items == NULL || strcmp(last, rel) != 0) {
    snprintf(last, UTIL_ID_LEN, "%s", rel);
    yyjson_mut_val *cur = yyjson_mut_arr_add_obj(d, rows);
    yyjson_mut_obj_add_strcpy(d, cur, "relationship", rel);
    yyjson_mut_obj_add_strcpy(d, cur, "supplier", store_col_text(st, 1));
    *items = yyjson_mut_obj_add_arr(d, cur, key);
  }
  return *items;
}

hoshi_err sc_dashboard_json(sqlite3 *db, const char *buyer_org_id, time_t now, yyjson_mut_doc *d, yyjson_mut_val *o,
                            hoshi_error *e) {
  /* The buyer's relationships come from the in-memory chain; the ratings shared with it and
   * the latest requests are read in one pass each. The status rule is sc_list's. */
  cg_buyer b;
  hoshi_err rc = cgraph_buyer_open(db, buyer_org_id, now, 1, &b, e);
  if (rc) return rc;
  const cgraph *g = b.g;
  uint32_t buyer = b.buyer;
  dash_expiring *exps = NULL;
  sa_row *sas = NULL;
  size_t n_sas = 0;
  uint32_t r0 = buyer == CG_NONE ? 0 : g->first[buyer], r1 = buyer == CG_NONE ? 0 : g->first[buyer + 1];
  size_t n = r1 - r0, n_exp = 0;
  exps = malloc((n ? n : 1) * sizeof *exps);
  if (exps == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto done; }
  yyjson_mut_val *counts = yyjson_mut_obj_add_obj(d, o, "counts");
  yyjson_mut_val *by_status = yyjson_mut_obj_add_obj(d, counts, "by_status");
  static const char *const statuses[] = {"met", "expiring", "pending", "overdue", "expired", "not_met"};
  for (size_t i = 0; i < 6; i++) yyjson_mut_obj_add_int(d, by_status, statuses[i], 0);
  yyjson_mut_val *by_level = yyjson_mut_obj_add_obj(d, counts, "by_required_level");
  yyjson_mut_val *by_sector = yyjson_mut_obj_add_obj(d, counts, "by_sector");
  yyjson_mut_val *by_level_status = yyjson_mut_obj_add_obj(d, counts, "by_required_level_and_status");
  yyjson_mut_obj_add_uint(d, counts, "suppliers", n);
  int exp30 = 0, exp90 = 0;
  for (uint32_t k = r0; k < r1; k++) {
    const cg_rel *rel = &g->rels[k];
    const cg_rating *t;
    const cg_request *q;
    const char *status = cgraph_buyer_status(&b, rel->id, rel->level, rel->supplier, now, &t, &q);
    bump(d, by_status, status);
    bump(d, by_level, rel->level);
    bump(d, by_sector, rel->supplier != CG_NONE && g->orgs[rel->supplier].sector[0] ? g->orgs[rel->supplier].sector
                                                                                    : "unregistered");
    char lkey[32];
    snprintf(lkey, sizeof lkey, "%s:%s", rel->level, status);
    bump(d, by_level_status, lkey);
    time_t exp;
    if (t && strcmp(t->status, "valid") == 0 && util_time_parse(t->expires, &exp) == 0 && exp > now && exp - now <= 90 * 86400) {
      exp90++;
      if (exp - now <= 30 * 86400) exp30++;
      exps[n_exp++] = (dash_expiring){rel, cgraph_str(g, rel->name), t->expires};
    }
  }
  qsort(exps, n_exp, sizeof *exps, expiring_cmp);
  yyjson_mut_val *expiring = yyjson_mut_obj_add_arr(d, o, "expiring");
  for (size_t i = 0; i < n_exp && i < SC_EXPIRING_LIST_MAX; i++) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, expiring);
    yyjson_mut_obj_add_strcpy(d, x, "relationship", exps[i].rel->id);
    yyjson_mut_obj_add_strcpy(d, x, "supplier", exps[i].name);
    yyjson_mut_obj_add_strcpy(d, x, "expires_at", exps[i].expires);
  }
  yyjson_mut_obj_add_int(d, o, "expiring_30", exp30);
  yyjson_mut_obj_add_int(d, o, "expiring_90", exp90);

  /* Tiers of the whole chain (depth 3). */
  long tiers[SC_DEPTH_MAX + 1];
  if ((rc = cgraph_tier_counts(g, buyer_org_id, 3, tiers, e))) goto done;
  yyjson_mut_val *by_tier = yyjson_mut_obj_add_obj(d, counts, "by_tier");
  for (int t = 1; t <= 3; t++) {
    if (tiers[t] == 0) continue;
    char key[8];
    snprintf(key, sizeof key, "%d", t);
    yyjson_mut_obj_add(by_tier, yyjson_mut_strcpy(d, key), yyjson_mut_sint(d, tiers[t]));
  }
  if ((rc = shared_assessments(&b, &sas, &n_sas, e))) goto done;
  if ((rc = fill_shown(db, sas, n_sas, e))) goto done;

  /* Heatmap and threat coverage, from the rows kept per assessment (migration 071): per
   * category, how many suppliers miss something (all suppliers, from one gaps row per shared
   * assessment); the cells and the threats for the SC_HEATMAP_MAX suppliers that miss the most
   * categories (then by name), which is what the page shows. */
  sqlite3_stmt *st = NULL;
  yyjson_mut_val *heat = yyjson_mut_obj_add_obj(d, o, "heatmap");
  if ((rc = category_gaps(db, sas, n_sas, d, yyjson_mut_obj_add_arr(d, heat, "categories"), e))) goto done;

#define SHOWN "WITH shown AS (SELECT rel_id, name, min(rank) AS rank FROM dash_shown GROUP BY rel_id, name) "
  if (sqlite3_prepare_v2(db,
                         SHOWN "SELECT s.rel_id, s.name, p.category_id, sum(p.criteria), sum(p.met)"
                         " FROM shown s JOIN dash_shown sa ON sa.rel_id = s.rel_id JOIN assessments a ON a.id = sa.aid"
                         " JOIN assessment_category_progress p ON p.assessment_id = sa.aid"
                         " JOIN catalog_categories c ON c.catalog_id = a.catalog_id AND c.id = p.category_id"
                         " GROUP BY s.rel_id, s.name, p.category_id ORDER BY min(s.rank), s.rel_id, min(c.ord), p.category_id",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "reading the heatmap");
    goto done;
  }
  yyjson_mut_val *hrows = yyjson_mut_obj_add_arr(d, heat, "suppliers"), *cells = NULL;
  char last[UTIL_ID_LEN] = "";
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *cell = yyjson_mut_arr_add_obj(d, supplier_items(d, hrows, st, "cells", last, &cells));
    yyjson_mut_obj_add_strcpy(d, cell, "category", store_col_text(st, 2));
    yyjson_mut_obj_add_int(d, cell, "criteria", sqlite3_column_int(st, 3));
    yyjson_mut_obj_add_int(d, cell, "met", sqlite3_column_int(st, 4));
  }
  sqlite3_finalize(st);
  st = NULL;

  /* Threat coverage: a top-10 threat counts as covered for a supplier when every criterion of
   * every requirement tagged with it is met in what the supplier shared. */
  if (sqlite3_prepare_v2(db,
                         SHOWN "SELECT s.rel_id, s.name, t.id, max(t.title_ja), max(t.title_en), sum(p.criteria), sum(p.met)"
                         " FROM shown s JOIN dash_shown sa ON sa.rel_id = s.rel_id JOIN assessments a ON a.id = sa.aid"
                         " JOIN assessment_threat_progress p ON p.assessment_id = sa.aid"
                         " JOIN catalog_threats t ON t.catalog_id = a.catalog_id AND t.id = p.threat_id"
                         " GROUP BY s.rel_id, s.name, t.id ORDER BY min(s.rank), s.rel_id, t.id",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "reading threat coverage");
    goto done;
  }
#undef SHOWN
  yyjson_mut_val *threats = yyjson_mut_obj_add_arr(d, o, "threat_coverage");
  cells = NULL;
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, supplier_items(d, threats, st, "threats", last, &cells));
    yyjson_mut_obj_add_strcpy(d, x, "id", store_col_text(st, 2));
    yyjson_mut_obj_add_strcpy(d, x, "title_ja", store_col_text(st, 3));
    yyjson_mut_obj_add_strcpy(d, x, "title_en", store_col_text(st, 4));
    yyjson_mut_obj_add_bool(d, x, "covered", sqlite3_column_int(st, 5) == sqlite3_column_int(st, 6));
  }
  sqlite3_finalize(st);
done:
  sqlite3_exec(db, "DELETE FROM dash_shown", NULL, NULL, NULL);
  free(exps);
  free(sas);
  cgraph_buyer_close(&b);
  return rc;
}

hoshi_err sc_requests_json(sqlite3 *db, const char *org_id, int inbox, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  org me;
  hoshi_err rc = org_get(db, org_id, &me, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  const char *sql = inbox
      ? "SELECT q.id, q.relationship_id, q.level, q.due_date, q.message, q.record, q.status, q.answer_reason, q.created_at,"
        " b.id, b.name_ja, b.name_en, q.supplier_corpnum, r.supplier_name FROM requests q JOIN organizations b ON b.id = q.buyer_org_id"
        " JOIN relationships r ON r.id = q.relationship_id WHERE q.supplier_corpnum = ? ORDER BY q.created_at DESC LIMIT 1000"
      : "SELECT q.id, q.relationship_id, q.level, q.due_date, q.message, q.record, q.status, q.answer_reason, q.created_at,"
        " b.id, b.name_ja, b.name_en, q.supplier_corpnum, r.supplier_name FROM requests q JOIN organizations b ON b.id = q.buyer_org_id"
        " JOIN relationships r ON r.id = q.relationship_id WHERE q.buyer_org_id = ? ORDER BY q.created_at DESC LIMIT 1000";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "listing requests");
  store_bind_text(st, 1, inbox ? me.corporate_number : me.id);
  static const char *const names[] = {"id", "relationship", "level", "due_date", "message", "record", "status",
                                      "answer_reason", "created_at", "buyer_org_id", "buyer_name_ja", "buyer_name_en",
                                      "supplier_corporate_number", "supplier_name"};
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, arr);
    for (int i = 0; i < 14; i++) {
      if (i == 5) {
        /* The fair-trading record is JSON text written by sc_request; hand it back as an object. */
        yyjson_doc *rec = yyjson_read(store_col_text(st, i), strlen(store_col_text(st, i)), 0);
        yyjson_mut_val *copy = rec ? yyjson_val_mut_copy(d, yyjson_doc_get_root(rec)) : NULL;
        if (copy) yyjson_mut_obj_add_val(d, x, names[i], copy);
        yyjson_doc_free(rec);
        continue;
      }
      yyjson_mut_obj_add_strcpy(d, x, names[i], store_col_text(st, i));
    }
  }
  sqlite3_finalize(st);
  return HOSHI_OK;
}

hoshi_err sc_shares_json(sqlite3 *db, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *given, yyjson_mut_val *received,
                         hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT s.id, coalesce(s.rating_id, ''), coalesce(s.assessment_id, ''), s.supplier_org_id, so.name_ja,"
                         " s.buyer_org_id, bo.name_ja, s.created_at, coalesce(s.withdrawn_at, ''), coalesce(t.level, a.level, ''),"
                         " coalesce(t.status, ''), coalesce(t.expires_at, '')"
                         " FROM shares s JOIN organizations so ON so.id = s.supplier_org_id JOIN organizations bo ON bo.id = s.buyer_org_id"
                         " LEFT JOIN ratings t ON t.id = s.rating_id LEFT JOIN assessments a ON a.id = s.assessment_id"
                         " WHERE s.supplier_org_id = ?1 OR (s.buyer_org_id = ?1 AND s.withdrawn_at IS NULL)"
                         " ORDER BY s.created_at DESC LIMIT 2000",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing shares");
  store_bind_text(st, 1, org_id);
  static const char *const names[] = {"id", "rating", "assessment", "supplier_org_id", "supplier_name", "buyer_org_id",
                                      "buyer_name", "created_at", "withdrawn_at", "level", "rating_status", "expires_at"};
  while (sqlite3_step(st) == SQLITE_ROW) {
    int mine = strcmp(store_col_text(st, 3), org_id) == 0;
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, mine ? given : received);
    for (int i = 0; i < 12; i++) yyjson_mut_obj_add_strcpy(d, x, names[i], store_col_text(st, i));
  }
  sqlite3_finalize(st);
  return HOSHI_OK;
}

hoshi_err sc_buyers_json(sqlite3 *db, const char *supplier_corpnum, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT o.id, o.name_ja, o.name_en, r.required_level FROM relationships r"
                         " JOIN organizations o ON o.id = r.buyer_org_id WHERE r.supplier_corpnum = ? ORDER BY o.name_ja",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing buyers");
  store_bind_text(st, 1, supplier_corpnum);
  static const char *const names[] = {"org_id", "name_ja", "name_en", "required_level"};
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, arr);
    for (int i = 0; i < 4; i++) yyjson_mut_obj_add_strcpy(d, x, names[i], store_col_text(st, i));
  }
  sqlite3_finalize(st);
  return HOSHI_OK;
}

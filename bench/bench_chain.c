/* Supply-chain benchmark: builds a synthetic chain (one buyer, N tier-1 suppliers, 3 tiers,
 * ratings and shares), then times the dashboard, the depth-3 chain query and a bulk import.
 * Usage: bench_chain [TIER1 ...]   (default 1000 10000); prints one block per size. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <yyjson.h>

#include "chain/chain.h"
#include "core/util.h"
#include "hoshi/buf.h"
#include "org/org.h"
#include "store/store.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int count_row(const sc_row *row, void *ctx) {
  (void)row;
  ++*(size_t *)ctx;
  return 0;
}

static void corp(long n, char out[14]) {
  char base[24];
  snprintf(base, sizeof base, "%012ld", n % 1000000000000L);
  out[0] = (char)('0' + org_corpnum_check_digit(base));
  memcpy(out + 1, base, 12);
  out[13] = '\0';
}

static void exec(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    fprintf(stderr, "bench: %s\n", msg);
    exit(1);
  }
}

/* Organizations 1..total; tier-1 = 2..tier1+1; each tier-1 declares 2 tier-2, each tier-2 2 tier-3
 * (shared among many, so ~50k orgs and ~100k relationships for 10k tier-1). */
static void build(sqlite3 *db, long tier1) {
  exec(db, "PRAGMA synchronous=OFF");
  exec(db, "BEGIN");
  sqlite3_stmt *org_st, *rel_st, *rat_st, *shr_st, *asm_st;
  sqlite3_prepare_v2(db, "INSERT INTO organizations(id, corporate_number, name_ja, sector, created_at, updated_at) VALUES (?,?,?,?,'2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')", -1, &org_st, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO relationships(id, buyer_org_id, supplier_corpnum, supplier_name, kind, criticality, q_confidential, q_interruption, q_network, required_level, created_by, created_at, updated_at) VALUES (?,?,?,?,'goods','medium',?,0,0,?,'bench','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')", -1, &rel_st, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status, created_by, created_at, updated_at) VALUES (?,?,'bench-1','3','company','x','rated','bench','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')", -1, &asm_st, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at, expires_at, status) VALUES (?,?,?,'bench-1',?,'company','x','2026-01-01T00:00:00Z',?,'valid')", -1, &rat_st, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO shares(id, rating_id, supplier_org_id, buyer_org_id, created_by, created_at) VALUES (?,?,?,?,'bench','2026-01-01T00:00:00Z')", -1, &shr_st, NULL);
  exec(db, "INSERT INTO catalogs(id, scheme, version, title_ja, title_en, official, document, sha256, imported_at) VALUES ('bench-1','bench','1','b','b',0,'{}','x','2026-01-01T00:00:00Z')");
  /* A catalog shaped like scs-2026 at ★3 (8 categories, 26 requirements, 81 criteria, threat
   * tags), made before the assessments; every rated supplier's assessment is answered below, so
   * the heatmap and threat coverage have the rows a real chain gives them. */
  exec(db, "INSERT INTO catalog_levels(catalog_id, level, name_ja, name_en, ord) VALUES ('bench-1','3','★3','★3',1)");
  for (int g = 1; g <= 8; g++) {
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO catalog_categories(catalog_id, id, title_ja, title_en, ord) VALUES ('bench-1','C%d','区分%d','Category %d',%d)", g, g, g, g);
    exec(db, sql);
  }
  for (int t = 1; t <= 10; t++) {
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO catalog_threats(catalog_id, id, title_ja, title_en) VALUES ('bench-1','T%02d','脅威%d','Threat %d')", t, t, t);
    exec(db, sql);
  }
  for (int q = 1, k = 1; q <= 26; q++) {
    char sql[400];
    snprintf(sql, sizeof sql, "INSERT INTO catalog_requirements(catalog_id, id, category_id, title_ja, title_en, summary_ja, summary_en, ord) VALUES ('bench-1','R%02d','C%d','要求','Req','s','s',%d)", q, 1 + q % 8, q);
    exec(db, sql);
    snprintf(sql, sizeof sql, "INSERT INTO catalog_requirement_threats VALUES ('bench-1','R%02d','T%02d')", q, 1 + q % 10);
    exec(db, sql);
    for (int j = 0; j < (q <= 3 ? 4 : 3) && k <= 81; j++, k++) {
      snprintf(sql, sizeof sql, "INSERT INTO catalog_criteria(catalog_id, id, requirement_id, text_ja, text_en, ord) VALUES ('bench-1','K%02d','R%02d','t','t',%d)", k, q, k);
      exec(db, sql);
      snprintf(sql, sizeof sql, "INSERT INTO catalog_criterion_levels VALUES ('bench-1','K%02d','3')", k);
      exec(db, sql);
    }
  }
  long tier2 = tier1 * 2 < 20000 ? tier1 * 2 : 20000, tier3 = tier2;
  long total = 1 + tier1 + tier2 + tier3;
  char id[32], c[14], name[32], aid[32], rid[32], sid[32];
  for (long i = 1; i <= total; i++) {
    snprintf(id, sizeof id, "org_%ld", i);
    corp(i, c);
    snprintf(name, sizeof name, "会社%ld", i);
    sqlite3_reset(org_st);
    sqlite3_bind_text(org_st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(org_st, 2, c, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(org_st, 3, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(org_st, 4, i % 3 ? "automotive" : "semiconductor", -1, SQLITE_STATIC);
    sqlite3_step(org_st);
  }
  long rels = 0;
  for (long s = 2; s <= total; s++) {
    /* who buys from s: tier-1 from the buyer; deeper tiers from two parents each */
    long parents[2];
    int np = 0;
    if (s <= 1 + tier1) parents[np++] = 1;
    else if (s <= 1 + tier1 + tier2) { long k = s - 2 - tier1; parents[np++] = 2 + (k % tier1); parents[np++] = 2 + ((k * 7 + 3) % tier1); }
    else { long k = s - 2 - tier1 - tier2; parents[np++] = 2 + tier1 + (k % tier2); parents[np++] = 2 + tier1 + ((k * 5 + 1) % tier2); }
    for (int p = 0; p < np; p++) {
      snprintf(id, sizeof id, "rel_%ld", ++rels);
      char buyer[32];
      snprintf(buyer, sizeof buyer, "org_%ld", parents[p]);
      corp(s, c);
      sqlite3_reset(rel_st);
      sqlite3_bind_text(rel_st, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rel_st, 2, buyer, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rel_st, 3, c, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rel_st, 4, "会社", -1, SQLITE_STATIC);
      sqlite3_bind_int(rel_st, 5, (int)(s % 4 == 0));
      sqlite3_bind_text(rel_st, 6, s % 4 == 0 ? "4" : "3", -1, SQLITE_STATIC);
      sqlite3_step(rel_st);
    }
    /* Two thirds of the tier-1 suppliers hold a rating shared with the buyer. */
    if (s <= 1 + tier1 && s % 3 != 0) {
      snprintf(aid, sizeof aid, "asm_%ld", s);
      snprintf(rid, sizeof rid, "rtg_%ld", s);
      snprintf(sid, sizeof sid, "shr_%ld", s);
      snprintf(id, sizeof id, "org_%ld", s);
      sqlite3_reset(asm_st);
      sqlite3_bind_text(asm_st, 1, aid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(asm_st, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_step(asm_st);
      sqlite3_reset(rat_st);
      sqlite3_bind_text(rat_st, 1, rid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rat_st, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rat_st, 3, aid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rat_st, 4, s % 5 ? "3" : "4", -1, SQLITE_STATIC);
      sqlite3_bind_text(rat_st, 5, s % 7 ? "2027-06-01T00:00:00Z" : "2026-12-10T00:00:00Z", -1, SQLITE_STATIC);
      sqlite3_step(rat_st);
      sqlite3_reset(shr_st);
      sqlite3_bind_text(shr_st, 1, sid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(shr_st, 2, rid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(shr_st, 3, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(shr_st, 4, "org_1", -1, SQLITE_STATIC);
      sqlite3_step(shr_st);
    }
  }
  /* 81 answers per rated supplier, about one in eleven not implemented. */
  exec(db, "INSERT INTO assessment_answers(assessment_id, criterion_id, status, updated_by, updated_at)"
           " SELECT a.id, k.id, CASE WHEN (a.rowid + k.ord) % 11 = 0 THEN 'not_implemented' ELSE 'implemented' END,"
           " 'bench', '2026-01-01T00:00:00Z' FROM assessments a JOIN catalog_criteria k ON k.catalog_id = 'bench-1'");
  sqlite3_finalize(org_st);
  sqlite3_finalize(rel_st);
  sqlite3_finalize(rat_st);
  sqlite3_finalize(shr_st);
  sqlite3_finalize(asm_st);
  exec(db, "COMMIT");
  exec(db, "PRAGMA synchronous=FULL");
  exec(db, "ANALYZE");
  printf("chain: 1 buyer, %ld tier-1, %ld tier-2, %ld tier-3 = %ld organizations, %ld relationships\n", tier1, tier2, tier3,
         total, rels);
}

static void run(long tier1) {
  char dir[] = "/tmp/hoshi-bench-XXXXXX";
  if (!mkdtemp(dir)) return;
  char path[256];
  snprintf(path, sizeof path, "%s/b.db", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  if (store_open_migrated(path, &db, &e)) { fprintf(stderr, "%s\n", e.message); return; }
  double t0 = now_ms();
  build(db, tier1);
  printf("  build %.0f ms\n", now_ms() - t0);
  time_t now = time(NULL);
  enum { RUNS = 15 };
  double dash[RUNS], chain[RUNS], list[RUNS], tiers[RUNS];
  size_t bytes = 0;
  for (int i = 0; i < RUNS; i++) {
    double a = now_ms();
    yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
    yyjson_mut_val *root = yyjson_mut_obj(d);
    yyjson_mut_doc_set_root(d, root);
    if (sc_dashboard_json(db, "org_1", now, d, root, &e)) { fprintf(stderr, "%s\n", e.message); return; }
    char *json = yyjson_mut_write(d, 0, &bytes);
    free(json);
    yyjson_mut_doc_free(d);
    dash[i] = now_ms() - a;
    a = now_ms();
    sc_node *nodes;
    sc_edge *edges;
    size_t nn, ne;
    if (sc_chain(db, "org_1", 3, now, &nodes, &nn, &edges, &ne, &e)) { fprintf(stderr, "%s\n", e.message); return; }
    chain[i] = now_ms() - a;
    if (i == 0) printf("  chain depth 3: %zu nodes, %zu edges\n", nn, ne);
    free(nodes);
    free(edges);
    /* The supplier list on its own (the buyer's suppliers page), and the tier counts. */
    a = now_ms();
    size_t nr = 0;
    if (sc_list_each(db, "org_1", now, count_row, &nr, &e)) { fprintf(stderr, "%s\n", e.message); return; }
    list[i] = now_ms() - a;
    a = now_ms();
    long counts[SC_DEPTH_MAX + 1];
    if (sc_tier_counts(db, "org_1", 3, counts, &e)) { fprintf(stderr, "%s\n", e.message); return; }
    tiers[i] = now_ms() - a;
  }
  qsort(list, RUNS, sizeof list[0], cmp_double);
  qsort(tiers, RUNS, sizeof tiers[0], cmp_double);
  qsort(dash, RUNS, sizeof dash[0], cmp_double);
  qsort(chain, RUNS, sizeof chain[0], cmp_double);
  printf("  dashboard (JSON built and written, %zu bytes): median %.1f ms, min %.1f, max %.1f over %d runs\n", bytes,
         dash[RUNS / 2], dash[0], dash[RUNS - 1], RUNS);
  printf("  chain query depth 3: median %.1f ms, min %.1f, max %.1f\n", chain[RUNS / 2], chain[0], chain[RUNS - 1]);
  printf("  supplier list (GET /api/v1/suppliers) median %.1f ms; tier counts median %.1f ms\n", list[RUNS / 2], tiers[RUNS / 2]);
  /* The first dashboard after a change to the chain reads the chain into memory again. */
  exec(db, "UPDATE organizations SET name_ja = name_ja || '（改）' WHERE id = 'org_2'");
  double a0 = now_ms();
  {
    yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
    yyjson_mut_val *root = yyjson_mut_obj(d);
    yyjson_mut_doc_set_root(d, root);
    if (sc_dashboard_json(db, "org_1", now, d, root, &e)) { fprintf(stderr, "%s\n", e.message); return; }
    yyjson_mut_doc_free(d);
  }
  printf("  dashboard right after a change to the chain (chain read again): %.1f ms\n", now_ms() - a0);
  /* Bulk import of 10,000 new rows for another buyer. */
  hoshi_buf csv = HOSHI_BUF_INIT;
  hoshi_buf_puts(&csv, "corporate_number,name,confidential_info,business_interruption,network_access\n");
  char c[14];
  for (long i = 0; i < 10000; i++) {
    corp(900000000000L + i, c);
    hoshi_buf_printf(&csv, "%s,輸入先%ld,%s,no,no\n", c, i, i % 3 ? "no" : "yes");
  }
  audit_actor who = {NULL, "bench", ""};
  size_t added = 0, nerr = 0;
  sc_import_error *errs = NULL;
  a0 = now_ms();
  if (sc_import_csv(db, &who, "org_2", csv.p, csv.n, &added, &errs, &nerr, &e)) fprintf(stderr, "import: %s\n", e.message);
  printf("  bulk import: %zu rows (%zu bytes) in %.0f ms\n", added, csv.n, now_ms() - a0);
  free(errs);
  hoshi_buf_free(&csv);
  sqlite3_close(db);
  if (getenv("HOSHI_BENCH_KEEP")) { /* for EXPLAIN QUERY PLAN by hand */
    printf("  kept %s\n", path);
    return;
  }
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "bench: could not remove %s\n", dir);
}

int main(int argc, char **argv) {
  util_init();
  long sizes[8] = {1000, 10000};
  int n = 2;
  if (argc > 1) {
    n = 0;
    for (int i = 1; i < argc && n < 8; i++) sizes[n++] = atol(argv[i]);
  }
  for (int i = 0; i < n; i++) run(sizes[i]);
  return 0;
}

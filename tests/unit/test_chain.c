/* Supply chain: the decision tree over every answer combination, statuses from dates, a cycle
 * in the chain, all-or-nothing CSV import with per-row errors, consent to see ratings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "chain/chain.h"
#include "hoshi/buf.h"
#include <xlsxwriter.h>
#include <yyjson.h>
#include "org/org.h"
#include "store/store.h"
#include "testutil.h"

static audit_actor sys = {NULL, "test", ""};

static void test_decision_tree_table(void **state) {
  (void)state;
  /* All 64 combinations of the three questions and three extra factors. */
  for (int bits = 0; bits < 64; bits++) {
    sc_questions q = {bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1, (bits >> 4) & 1, (bits >> 5) & 1};
    char why[256];
    const char *lvl = sc_required_level(&q, why, sizeof why);
    int any_question = (bits & 7) != 0, any_factor = (bits >> 3) != 0;
    const char *want = (any_question || any_factor) ? "4" : "3";
    if (strcmp(lvl, want) != 0) fail_msg("combination %d: got ★%s, want ★%s", bits, lvl, want);
    if (any_question) assert_non_null(strstr(why, "yes to:"));
    else if (any_factor) assert_non_null(strstr(why, "raised by:"));
    else assert_string_equal(why, "no to all three questions");
  }
}

static void test_status_from_dates(void **state) {
  (void)state;
  time_t now;
  util_time_parse("2026-11-26T00:00:00Z", &now);
  struct { const char *req, *lvl, *st, *exp, *qst, *due, *want; } cases[] = {
      {"3", "3", "valid", "2027-06-01T00:00:00Z", NULL, NULL, "met"},
      {"3", "4", "valid", "2027-06-01T00:00:00Z", NULL, NULL, "met"},             /* ★4 satisfies ★3 */
      {"4", "3", "valid", "2027-06-01T00:00:00Z", NULL, NULL, "not_met"},         /* too low */
      {"4", "3", "valid", "2027-06-01T00:00:00Z", "sent", "2026-12-31", "pending"},
      {"3", "3", "valid", "2026-12-20T00:00:00Z", NULL, NULL, "expiring"},        /* 24 days left */
      {"3", "3", "valid", "2026-12-27T00:00:00Z", NULL, NULL, "met"},             /* 31 days left */
      {"3", "3", "valid", "2026-11-20T00:00:00Z", NULL, NULL, "expired"},
      {"3", "3", "valid", "2026-11-20T00:00:00Z", "accepted", "2026-11-25", "overdue"},
      {"3", "", "", "", "sent", "2026-11-26", "pending"},                          /* due today: not yet overdue */
      {"3", "", "", "", "sent", "2026-11-25", "overdue"},
      {"3", "", "", "", "declined", "2026-11-25", "not_met"},
      {"3", "3", "revoked", "2027-06-01T00:00:00Z", NULL, NULL, "not_met"},
      {"3", "3", "suspended", "2027-06-01T00:00:00Z", "sent", "2027-01-10", "pending"},
      {"3", "", "", "", NULL, NULL, "not_met"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = sc_status(cases[i].req, cases[i].lvl, cases[i].st, cases[i].exp, cases[i].qst, cases[i].due, now);
    if (strcmp(got, cases[i].want) != 0) fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
  }
}

typedef struct fx {
  char *dir;
  sqlite3 *db;
  org a, b, c, d;
} fx;

static void mk(sqlite3 *db, const char *base, const char *name, org *o) {
  char num[14];
  snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit(base), base);
  org_fields f = {num, name, "", "automotive", 1, ""};
  hoshi_error e;
  if (org_create(db, &sys, &f, o, &e)) fail_msg("%s", e.message);
}

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/c.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  mk(f->db, "400000000001", "A 発注者", &f->a);
  mk(f->db, "400000000002", "B 一次", &f->b);
  mk(f->db, "400000000003", "C 二次", &f->c);
  mk(f->db, "400000000004", "D 三次", &f->d);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static void link_orgs(fx *f, const org *buyer, const org *supplier, int yes) {
  sc_rel_input in = {supplier->corporate_number, supplier->name_ja, "", "goods", "high", {yes, 0, 0, 0, 0, 0}, NULL};
  hoshi_error e;
  if (sc_add(f->db, &sys, buyer->id, &in, NULL, NULL, &e)) fail_msg("link: %s", e.message);
}

static void test_chain_with_cycle(void **state) {
  fx *f = *state;
  link_orgs(f, &f->a, &f->b, 1);
  link_orgs(f, &f->b, &f->c, 0);
  link_orgs(f, &f->c, &f->d, 0);
  link_orgs(f, &f->d, &f->b, 0); /* cycle: D supplies B, which is above it */
  link_orgs(f, &f->c, &f->a, 0); /* and back to the buyer itself */
  sc_node *nodes = NULL;
  sc_edge *edges = NULL;
  size_t nn = 0, ne = 0;
  hoshi_error e;
  assert_int_equal(sc_chain(f->db, f->a.id, 6, time(NULL), &nodes, &nn, &edges, &ne, &e), HOSHI_OK);
  assert_int_equal(nn, 4); /* each organization once */
  int tiers[4] = {0};
  for (size_t i = 0; i < nn; i++) {
    if (strcmp(nodes[i].org_id, f->a.id) == 0) tiers[0] = nodes[i].tier;
    if (strcmp(nodes[i].org_id, f->b.id) == 0) tiers[1] = nodes[i].tier;
    if (strcmp(nodes[i].org_id, f->c.id) == 0) tiers[2] = nodes[i].tier;
    if (strcmp(nodes[i].org_id, f->d.id) == 0) tiers[3] = nodes[i].tier;
  }
  assert_int_equal(tiers[0], 0);
  assert_int_equal(tiers[1], 1);
  assert_int_equal(tiers[2], 2);
  assert_int_equal(tiers[3], 3);
  assert_int_equal(ne, 5); /* every declared edge, cycles included */
  free(nodes);
  free(edges);
  assert_int_equal(sc_chain(f->db, f->a.id, 1, time(NULL), &nodes, &nn, &edges, &ne, &e), HOSHI_OK);
  assert_int_equal(nn, 2);
  free(nodes);
  free(edges);
  assert_int_equal(sc_chain(f->db, f->a.id, SC_DEPTH_MAX + 1, time(NULL), &nodes, &nn, &edges, &ne, &e), HOSHI_EINVAL);
  char *svg = NULL;
  size_t len = 0;
  assert_int_equal(sc_chain_svg(f->db, f->a.id, 3, time(NULL), &svg, &len, &e), HOSHI_OK);
  assert_non_null(strstr(svg, "<svg"));
  assert_non_null(strstr(svg, "C 二次"));
  free(svg);
}

static long tier(fx *f, const char *buyer, int t) {
  long counts[SC_DEPTH_MAX + 1];
  hoshi_error e;
  if (sc_tier_counts(f->db, buyer, 3, counts, &e)) fail_msg("tiers: %s", e.message);
  return counts[t];
}

static void raw_link(sqlite3 *db, const org *buyer, const org *supplier) {
  char sql[1024];
  snprintf(sql, sizeof sql,
           "INSERT INTO relationships(id, buyer_org_id, supplier_corpnum, supplier_name, kind, criticality, q_confidential,"
           " q_interruption, q_network, required_level, created_by, created_at, updated_at) VALUES ('rel_raw_%s', '%s', '%s',"
           " 'x', 'goods', 'low', 0, 0, 0, '3', 'test', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
           supplier->id, buyer->id, supplier->corporate_number);
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("raw link: %s", msg);
}

/* The chain is walked over an in-memory copy: every change, from this connection or another,
 * committed or rolled back, must show (or vanish) on the next read. */
static void test_chain_memory_follows_changes(void **state) {
  fx *f = *state;
  hoshi_error e;
  link_orgs(f, &f->a, &f->b, 0);
  assert_int_equal(tier(f, f->a.id, 1), 1);
  assert_int_equal(tier(f, f->a.id, 2), 0);
  link_orgs(f, &f->b, &f->c, 0);
  assert_int_equal(tier(f, f->a.id, 2), 1);
  /* a rename shows in the chain's nodes */
  char sql[256];
  snprintf(sql, sizeof sql, "UPDATE organizations SET name_ja = 'C 改名' WHERE id = '%s'", f->c.id);
  assert_int_equal(sqlite3_exec(f->db, sql, NULL, NULL, NULL), SQLITE_OK);
  sc_node *nodes = NULL;
  size_t nn = 0;
  assert_int_equal(sc_chain(f->db, f->a.id, 3, time(NULL), &nodes, &nn, NULL, NULL, &e), HOSHI_OK);
  int renamed = 0;
  for (size_t i = 0; i < nn; i++) renamed |= strcmp(nodes[i].name, "C 改名") == 0;
  free(nodes);
  assert_true(renamed);
  /* inside a transaction the caller sees its own change; after the rollback nobody does, even
   * when a different change later brings the version to the same number */
  assert_int_equal(sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
  raw_link(f->db, &f->c, &f->d);
  assert_int_equal(tier(f, f->a.id, 3), 1);
  assert_int_equal(sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(tier(f, f->a.id, 3), 0);
  raw_link(f->db, &f->a, &f->d);
  assert_int_equal(tier(f, f->a.id, 1), 2);
  assert_int_equal(tier(f, f->a.id, 3), 0);
  /* a change made through another connection */
  sqlite3 *other = NULL;
  assert_int_equal(sqlite3_open(sqlite3_db_filename(f->db, "main"), &other), SQLITE_OK);
  raw_link(other, &f->d, &f->c); /* C was tier 2 under B; now also under D, still tier 2 */
  raw_link(other, &f->c, &f->a); /* a cycle back to the buyer */
  snprintf(sql, sizeof sql, "DELETE FROM relationships WHERE buyer_org_id = '%s' AND supplier_corpnum = '%s'", f->a.id,
           f->b.corporate_number);
  assert_int_equal(sqlite3_exec(other, "PRAGMA foreign_keys=ON", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(other);
  assert_int_equal(tier(f, f->a.id, 1), 1); /* only D now */
  assert_int_equal(tier(f, f->a.id, 2), 1); /* C */
  assert_int_equal(tier(f, f->a.id, 3), 0); /* B is no longer reached: A → D → C → A */
  /* a second database in the same process keeps its own chain */
  char *dir2 = tu_tmpdir(), path[512];
  snprintf(path, sizeof path, "%s/c2.db", dir2);
  sqlite3 *db2 = NULL;
  assert_int_equal(store_open_migrated(path, &db2, &e), HOSHI_OK);
  org x, y;
  mk(db2, "400000000011", "X", &x);
  mk(db2, "400000000012", "Y", &y);
  long counts[SC_DEPTH_MAX + 1];
  assert_int_equal(sc_tier_counts(db2, x.id, 3, counts, &e), HOSHI_OK);
  assert_int_equal(counts[1], 0);
  raw_link(db2, &x, &y);
  assert_int_equal(sc_tier_counts(db2, x.id, 3, counts, &e), HOSHI_OK);
  assert_int_equal(counts[1], 1);
  assert_int_equal(tier(f, f->a.id, 1), 1);
  assert_int_equal(tier(f, f->a.id, 2), 1);
  sqlite3_close(db2);
  tu_rmrf(dir2);
  free(dir2);
}

static void sql_ok(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg ? msg : "?");
}

static yyjson_mut_val *by_key(yyjson_mut_val *arr, const char *key, const char *value) {
  size_t i, max;
  yyjson_mut_val *v;
  yyjson_mut_arr_foreach(arr, i, max, v) if (!strcmp(yyjson_mut_get_str(yyjson_mut_obj_get(v, key)), value)) return v;
  return NULL;
}

/* The heatmap's header counts each supplier once per category it misses something in, over
 * everything it shared (a rating and an assessment under way); the rows put the suppliers
 * missing the most categories first; the cells sum a supplier's shared assessments. */
static void test_dashboard_gaps(void **state) {
  fx *f = *state;
  hoshi_error e;
  link_orgs(f, &f->a, &f->b, 0);
  link_orgs(f, &f->a, &f->c, 0);
  link_orgs(f, &f->b, &f->d, 0); /* D is tier 2: its share with A is not in A's heatmap */
  sql_ok(f->db, "INSERT INTO catalogs(id, scheme, version, title_ja, title_en, official, document, sha256, imported_at)"
                " VALUES ('hm','t','1','t','t',0,'{}','x','2026-01-01T00:00:00Z');"
                "INSERT INTO catalog_categories VALUES ('hm','G1','区分1','Cat 1',1), ('hm','G2','区分2','Cat 2',2);"
                "INSERT INTO catalog_requirements(catalog_id, id, category_id, title_ja, title_en, summary_ja, summary_en, ord)"
                " VALUES ('hm','R1','G1','r','r','s','s',1), ('hm','R2','G2','r','r','s','s',2);"
                "INSERT INTO catalog_criteria(catalog_id, id, requirement_id, text_ja, text_en, ord)"
                " VALUES ('hm','K1','R1','t','t',1), ('hm','K2','R1','t','t',2), ('hm','K3','R2','t','t',3);"
                "INSERT INTO catalog_criterion_levels VALUES ('hm','K1','3'), ('hm','K2','3'), ('hm','K3','3');"
                "INSERT INTO catalog_threats VALUES ('hm','T1','脅威','Threat');"
                "INSERT INTO catalog_requirement_threats VALUES ('hm','R2','T1');");
  char sql[2048];
  /* B: a rating whose assessment misses K1 (G1), and an assessment under way that misses K1 and
   * K2 (G1 again); C: misses K2 (G1) and K3 (G2); D: misses G2 but is tier 2. */
  const struct { const char *aid; const org *o; const char *met; } asms[] = {
      {"asm_b1", &f->b, "'K2','K3'"}, {"asm_b2", &f->b, "'K3'"}, {"asm_c", &f->c, "'K1'"}, {"asm_d", &f->d, "'K1','K2'"}};
  for (size_t i = 0; i < 4; i++) {
    snprintf(sql, sizeof sql,
             "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status, created_by,"
             " created_at, updated_at) VALUES ('%s','%s','hm','3','company','x','draft','t','2026-01-01T00:00:00Z',"
             "'2026-01-01T00:00:00Z');"
             "INSERT INTO assessment_answers(assessment_id, criterion_id, status, updated_by, updated_at)"
             " SELECT '%s', id, 'implemented', 't', 'x' FROM catalog_criteria WHERE catalog_id = 'hm' AND id IN (%s);",
             asms[i].aid, asms[i].o->id, asms[i].aid, asms[i].met);
    sql_ok(f->db, sql);
  }
  snprintf(sql, sizeof sql,
           "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at,"
           " expires_at, status) VALUES ('rtg_b','%s','asm_b1','hm','3','company','x','2026-01-01T00:00:00Z',"
           "'2099-01-01T00:00:00Z','valid');"
           "INSERT INTO shares(id, rating_id, assessment_id, supplier_org_id, buyer_org_id, created_by, created_at) VALUES"
           " ('shr_1','rtg_b',NULL,'%s','%s','t','x'), ('shr_2',NULL,'asm_b2','%s','%s','t','x'),"
           " ('shr_3',NULL,'asm_c','%s','%s','t','x'), ('shr_4',NULL,'asm_d','%s','%s','t','x');",
           f->b.id, f->b.id, f->a.id, f->b.id, f->a.id, f->c.id, f->a.id, f->d.id, f->a.id);
  sql_ok(f->db, sql);
  /* B's rating expires in 20 days, C's (on the same assessment it shares) in 10. */
  char soon_b[UTIL_TIME_LEN], soon_c[UTIL_TIME_LEN];
  util_time_iso(time(NULL) + 20 * 86400, soon_b);
  util_time_iso(time(NULL) + 10 * 86400, soon_c);
  snprintf(sql, sizeof sql,
           "UPDATE ratings SET expires_at = '%s' WHERE id = 'rtg_b';"
           "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at,"
           " expires_at, status) VALUES ('rtg_c','%s','asm_c','hm','3','company','x','2026-01-01T00:00:00Z','%s','valid');"
           "INSERT INTO shares(id, rating_id, assessment_id, supplier_org_id, buyer_org_id, created_by, created_at) VALUES"
           " ('shr_5','rtg_c',NULL,'%s','%s','t','x');",
           soon_b, f->c.id, soon_c, f->c.id, f->a.id);
  sql_ok(f->db, sql);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  assert_int_equal(sc_dashboard_json(f->db, f->a.id, time(NULL), d, root, &e), HOSHI_OK);
  /* expiring: soonest first (C before B, though B comes first by name) */
  yyjson_mut_val *exp = yyjson_mut_obj_get(root, "expiring");
  assert_int_equal(yyjson_mut_arr_size(exp), 2);
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(yyjson_mut_arr_get_first(exp), "supplier")), f->c.name_ja);
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(root, "expiring_30")), 2);
  yyjson_mut_val *heat = yyjson_mut_obj_get(root, "heatmap");
  yyjson_mut_val *cats = yyjson_mut_obj_get(heat, "categories");
  assert_int_equal(yyjson_mut_arr_size(cats), 2);
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(by_key(cats, "id", "G1"), "suppliers_missing")), 2); /* B once, C */
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(by_key(cats, "id", "G2"), "suppliers_missing")), 1); /* C; D is tier 2 */
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(by_key(cats, "id", "G2"), "title_en")), "Cat 2");
  yyjson_mut_val *rows = yyjson_mut_obj_get(heat, "suppliers");
  assert_int_equal(yyjson_mut_arr_size(rows), 2); /* B and C; not D */
  /* the supplier missing the most categories first (C: two; B: one, though first by name) */
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(yyjson_mut_arr_get_first(rows), "supplier")), f->c.name_ja);
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(yyjson_mut_arr_get_first(yyjson_mut_obj_get(root, "threat_coverage")),
                                                            "supplier")), f->c.name_ja);
  yyjson_mut_val *b = by_key(rows, "supplier", f->b.name_ja);
  assert_non_null(b);
  yyjson_mut_val *g1 = by_key(yyjson_mut_obj_get(b, "cells"), "category", "G1");
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(g1, "criteria")), 4); /* two assessments, two criteria each */
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(g1, "met")), 1);
  yyjson_mut_doc_free(d);
}

/* The expiring list stops at 200 ratings (soonest first); the count keeps them all. */
static void test_dashboard_expiring_limit(void **state) {
  fx *f = *state;
  hoshi_error e;
  char soon[UTIL_TIME_LEN], sql[4096];
  util_time_iso(time(NULL) + 5 * 86400, soon);
  snprintf(sql, sizeof sql,
           "INSERT INTO catalogs(id, scheme, version, title_ja, title_en, official, document, sha256, imported_at)"
           " VALUES ('cx','t','1','t','t',0,'{}','x','2026-01-01T00:00:00Z');"
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 201)"
           " INSERT INTO organizations(id, corporate_number, name_ja, sector, created_at, updated_at)"
           " SELECT 'xorg' || i, printf('9%%012d', i), printf('X%%03d', i), 'other', 'x', 'x' FROM n;"
           "INSERT INTO relationships(id, buyer_org_id, supplier_corpnum, supplier_name, kind, criticality, q_confidential,"
           " q_interruption, q_network, required_level, created_by, created_at, updated_at)"
           " SELECT 'rel_' || id, '%s', corporate_number, name_ja, 'goods', 'low', 0, 0, 0, '3', 't', 'x', 'x'"
           " FROM organizations WHERE id LIKE 'xorg%%';"
           "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status, created_by,"
           " created_at, updated_at) SELECT 'asm_' || id, id, 'cx', '3', 'company', 'x', 'rated', 't', 'x', 'x'"
           " FROM organizations WHERE id LIKE 'xorg%%';"
           "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at,"
           " expires_at, status) SELECT 'rtg_' || id, id, 'asm_' || id, 'cx', '3', 'company', 'x', 'x',"
           " '%s', 'valid' FROM organizations WHERE id LIKE 'xorg%%';"
           "INSERT INTO shares(id, rating_id, supplier_org_id, buyer_org_id, created_by, created_at)"
           " SELECT 'shr_' || id, 'rtg_' || id, id, '%s', 't', 'x' FROM organizations WHERE id LIKE 'xorg%%';",
           f->a.id, soon, f->a.id);
  sql_ok(f->db, sql);
  /* one of them expires a day sooner: it leads the list although last by name (ids start
   * with xorg: a LIKE pattern with '_' would also match the fixture's random org_… ids) */
  char sooner[UTIL_TIME_LEN];
  util_time_iso(time(NULL) + 4 * 86400, sooner);
  snprintf(sql, sizeof sql, "UPDATE ratings SET expires_at = '%s' WHERE id = 'rtg_xorg201'", sooner);
  sql_ok(f->db, sql);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  assert_int_equal(sc_dashboard_json(f->db, f->a.id, time(NULL), d, root, &e), HOSHI_OK);
  yyjson_mut_val *exp = yyjson_mut_obj_get(root, "expiring");
  assert_int_equal(yyjson_mut_arr_size(exp), 200);
  assert_int_equal(yyjson_mut_get_sint(yyjson_mut_obj_get(root, "expiring_30")), 201);
  assert_string_equal(yyjson_mut_get_str(yyjson_mut_obj_get(yyjson_mut_arr_get_first(exp), "supplier")), "X201");
  yyjson_mut_doc_free(d);
}

static int count(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  sqlite3_step(st);
  int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return n;
}

static void test_import_all_or_nothing(void **state) {
  fx *f = *state;
  char ok1[14], ok2[14];
  snprintf(ok1, sizeof ok1, "%d%s", org_corpnum_check_digit("500000000001"), "500000000001");
  snprintf(ok2, sizeof ok2, "%d%s", org_corpnum_check_digit("500000000002"), "500000000002");
  char csv[2048];
  snprintf(csv, sizeof csv,
           "法人番号,名称,メールアドレス,confidential_info,business_interruption,network_access\r\n"
           "%s,\"山田製作所, 本社\",info@yamada.example,はい,no,0\r\n"
           "1234567890123,誤り商事,,no,no,no\r\n"
           "%s,良品工業,,maybe,no,no\r\n"
           "%s,重複,,no,no,no\r\n"
           "%s,空欄,not-an-email,no,no,no\r\n",
           ok1, ok2, ok1, ok2);
  size_t added = 0, n = 0;
  sc_import_error *errs = NULL;
  hoshi_error e;
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, csv, strlen(csv), &added, &errs, &n, &e), HOSHI_EINVAL);
  assert_int_equal(added, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM relationships"), 0);
  assert_int_equal(n, 4);
  assert_int_equal(errs[0].row, 3);
  assert_string_equal(errs[0].column, "corporate_number");
  assert_non_null(strstr(errs[0].message, "check digit"));
  assert_int_equal(errs[1].row, 4);
  assert_string_equal(errs[1].column, "confidential_info");
  assert_int_equal(errs[2].row, 5);
  assert_non_null(strstr(errs[2].message, "row 2"));
  assert_int_equal(errs[3].row, 6);
  assert_string_equal(errs[3].column, "contact_email");
  free(errs);
  /* The good rows alone go in, all of them. */
  snprintf(csv, sizeof csv,
           "\xEF\xBB\xBF" "corporate_number,name,confidential_info,business_interruption,network_access,stock_hard_to_secure\n"
           "%s,\"山田製作所, 本社\",yes,no,no,\n%s,良品工業,no,no,no,はい\n",
           ok1, ok2);
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, csv, strlen(csv), &added, &errs, &n, &e), HOSHI_OK);
  assert_int_equal(added, 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM relationships WHERE required_level = '4'"), 2);
  free(errs);
  /* Again: every row is now a duplicate of the list; nothing changes. */
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, csv, strlen(csv), &added, &errs, &n, &e), HOSHI_EINVAL);
  assert_int_equal(n, 2);
  assert_non_null(strstr(errs[0].message, "already in your list"));
  free(errs);
  const char *nohead = "a,b\n1,2\n";
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, nohead, strlen(nohead), &added, &errs, &n, &e), HOSHI_EINVAL);
  assert_true(n >= 1);
  assert_int_equal(errs[0].row, 1);
  free(errs);
  const char *broken = "corporate_number,name\n\"unterminated,x\n";
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, broken, strlen(broken), &added, &errs, &n, &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "not valid CSV"));
  free(errs);
}

/* A workbook as Excel writes it: shared strings, a 法人番号 as a number, TRUE/FALSE cells. */
static void test_import_xlsx(void **state) {
  fx *f = *state;
  char path[600];
  snprintf(path, sizeof path, "%s/suppliers.xlsx", f->dir);
  lxw_workbook *wb = workbook_new(path);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "取引先");
  const char *head[] = {"法人番号", "名称", "confidential_info", "business_interruption", "network_access"};
  for (lxw_col_t c = 0; c < 5; c++) worksheet_write_string(ws, 0, c, head[c], NULL);
  char c1[14], c2[14];
  snprintf(c1, sizeof c1, "%d%s", org_corpnum_check_digit("510000000001"), "510000000001");
  snprintf(c2, sizeof c2, "%d%s", org_corpnum_check_digit("510000000002"), "510000000002");
  worksheet_write_number(ws, 1, 0, atof(c1), NULL);
  worksheet_write_string(ws, 1, 1, "表計算精機", NULL);
  worksheet_write_boolean(ws, 1, 2, 1, NULL);
  worksheet_write_string(ws, 1, 3, "no", NULL);
  worksheet_write_string(ws, 1, 4, "いいえ", NULL);
  worksheet_write_string(ws, 2, 0, c2, NULL);
  worksheet_write_string(ws, 2, 1, "二行目工業", NULL);
  worksheet_write_boolean(ws, 2, 2, 0, NULL);
  worksheet_write_boolean(ws, 2, 3, 0, NULL);
  worksheet_write_boolean(ws, 2, 4, 0, NULL);
  assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
  size_t len = 0;
  char *bytes = tu_read_file(path, &len);
  assert_non_null(bytes);
  size_t added = 0, n = 0;
  sc_import_error *errs = NULL;
  hoshi_error e;
  assert_int_equal(sc_import_xlsx(f->db, &sys, f->a.id, bytes, len, &added, &errs, &n, &e), HOSHI_OK);
  assert_int_equal(added, 2);
  free(errs);
  assert_int_equal(count(f->db, "SELECT count(*) FROM relationships WHERE required_level = '4' AND supplier_name = '表計算精機'"), 1);
  /* Not a workbook at all. */
  assert_int_equal(sc_import_xlsx(f->db, &sys, f->a.id, "PK\x03\x04garbage", 11, &added, &errs, &n, &e), HOSHI_EINVAL);
  free(errs);
  free(bytes);
}

static void test_import_row_limit(void **state) {
  fx *f = *state;
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "corporate_number,name,confidential_info,business_interruption,network_access\n");
  for (int i = 0; i <= SC_IMPORT_ROWS_MAX; i++) hoshi_buf_puts(&b, "1,x,no,no,no\n");
  size_t added = 0, n = 0;
  sc_import_error *errs = NULL;
  hoshi_error e;
  assert_int_equal(sc_import_csv(f->db, &sys, f->a.id, b.p, b.n, &added, &errs, &n, &e), HOSHI_ELIMIT);
  free(errs);
  hoshi_buf_free(&b);
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decision_tree_table),
      cmocka_unit_test(test_status_from_dates),
      cmocka_unit_test_setup_teardown(test_chain_with_cycle, setup, teardown),
      cmocka_unit_test_setup_teardown(test_chain_memory_follows_changes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dashboard_gaps, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dashboard_expiring_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_import_row_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_import_xlsx, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The per-assessment progress rows (migration 071) that the buyer's dashboard reads must always
 * equal what joining every criterion with its answer and finding gives. Random answers and
 * findings are written, changed and removed; after each step both ways are compared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "testutil.h"

static void exec_ok(sqlite3 *db, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* The same rows, computed from scratch, as text "assessment|key|criteria|met;…" in key order. */
static char *rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s", sqlite3_errmsg(db));
  size_t cap = 1 << 16, n = 0;
  char *out = calloc(1, cap);
  while (sqlite3_step(st) == SQLITE_ROW) {
    int k = snprintf(out + n, cap - n, "%s|%s|%d|%d;", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                     sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
    if (k < 0 || (size_t)k >= cap - n) fail_msg("too many rows");
    n += (size_t)k;
  }
  sqlite3_finalize(st);
  return out;
}

#define MET "sum(CASE WHEN x.status IN ('implemented','not_applicable') OR f.result IN ('conformant','observation') THEN 1 ELSE 0 END)"
#define FROM                                                                                               \
  " FROM assessments a JOIN catalog_criterion_levels l ON l.catalog_id = a.catalog_id AND l.level = a.level" \
  " JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id"
#define ANSWERS                                                                      \
  " LEFT JOIN assessment_answers x ON x.assessment_id = a.id AND x.criterion_id = k.id" \
  " LEFT JOIN assessment_findings f ON f.assessment_id = a.id AND f.criterion_id = k.id"

/* "assessment:cat cat;" per assessment, from a full recount or from assessment_gaps. */
static char *gaps_want(sqlite3 *db) {
  sqlite3_stmt *as = NULL, *st = NULL;
  sqlite3_prepare_v2(db, "SELECT id FROM assessments ORDER BY id", -1, &as, NULL);
  sqlite3_prepare_v2(db, "SELECT q.category_id" FROM
                         " JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id" ANSWERS
                         " WHERE a.id = ? GROUP BY q.category_id HAVING " MET " < count(*) ORDER BY 1",
                     -1, &st, NULL);
  size_t cap = 1 << 14, n = 0;
  char *out = calloc(1, cap);
  while (sqlite3_step(as) == SQLITE_ROW) {
    n += (size_t)snprintf(out + n, cap - n, "%s:", sqlite3_column_text(as, 0));
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, (const char *)sqlite3_column_text(as, 0), -1, SQLITE_TRANSIENT);
    for (int first = 1; sqlite3_step(st) == SQLITE_ROW; first = 0)
      n += (size_t)snprintf(out + n, cap - n, "%s%s", first ? "" : " ", sqlite3_column_text(st, 0));
    n += (size_t)snprintf(out + n, cap - n, ";");
  }
  sqlite3_finalize(as);
  sqlite3_finalize(st);
  return out;
}

static char *gaps_got(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT a.id, coalesce(g.missing, '<no row>') FROM assessments a"
                         " LEFT JOIN assessment_gaps g ON g.assessment_id = a.id ORDER BY a.id", -1, &st, NULL);
  size_t cap = 1 << 14, n = 0;
  char *out = calloc(1, cap);
  while (sqlite3_step(st) == SQLITE_ROW)
    n += (size_t)snprintf(out + n, cap - n, "%s:%s;", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  return out;
}

static void compare(sqlite3 *db, int step) {
  char *want = rows(db, "SELECT a.id, q.category_id, count(*), " MET FROM
                        " JOIN catalog_requirements q ON q.catalog_id = k.catalog_id AND q.id = k.requirement_id" ANSWERS
                        " GROUP BY a.id, q.category_id ORDER BY 1, 2");
  char *got = rows(db, "SELECT assessment_id, category_id, criteria, met FROM assessment_category_progress ORDER BY 1, 2");
  if (strcmp(want, got) != 0) fail_msg("step %d, categories:\nwant %s\ngot  %s", step, want, got);
  free(want);
  free(got);
  want = rows(db, "SELECT a.id, rt.threat_id, count(*), " MET FROM
                  " JOIN catalog_requirement_threats rt ON rt.catalog_id = k.catalog_id AND rt.requirement_id = k.requirement_id"
                  ANSWERS " GROUP BY a.id, rt.threat_id ORDER BY 1, 2");
  got = rows(db, "SELECT assessment_id, threat_id, criteria, met FROM assessment_threat_progress ORDER BY 1, 2");
  if (strcmp(want, got) != 0) fail_msg("step %d, threats:\nwant %s\ngot  %s", step, want, got);
  free(want);
  free(got);
  want = gaps_want(db);
  got = gaps_got(db);
  if (strcmp(want, got) != 0) fail_msg("step %d, gaps:\nwant %s\ngot  %s", step, want, got);
  free(want);
  free(got);
}

static void test_progress_follows_every_write(void **state) {
  (void)state;
  char *dir = tu_tmpdir(), path[512];
  snprintf(path, sizeof path, "%s/p.db", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_open_migrated(path, &db, &e), HOSHI_OK);
  /* A small catalog: 3 categories, 6 requirements (one with two threats, one with none), 12
   * criteria; criteria 1–9 at level 3, all 12 at level 4, so an answer to K10 counts only at ★4. */
  exec_ok(db, "INSERT INTO organizations(id, corporate_number, name_ja, sector, created_at, updated_at)"
              " VALUES ('org_p','1000000000001','P','other','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')");
  exec_ok(db, "INSERT INTO catalogs(id, scheme, version, title_ja, title_en, official, document, sha256, imported_at)"
              " VALUES ('cat','t','1','t','t',0,'{}','x','2026-01-01T00:00:00Z')");
  char sql[512];
  for (int q = 1; q <= 6; q++) {
    snprintf(sql, sizeof sql, "INSERT INTO catalog_requirements(catalog_id, id, category_id, title_ja, title_en, summary_ja,"
                              " summary_en, ord) VALUES ('cat','R%d','G%d','r','r','s','s',%d)", q, 1 + q % 3, q);
    exec_ok(db, sql);
    if (q != 6) {
      snprintf(sql, sizeof sql, "INSERT INTO catalog_requirement_threats VALUES ('cat','R%d','T%d')", q, 1 + q % 2);
      exec_ok(db, sql);
    }
  }
  exec_ok(db, "INSERT INTO catalog_requirement_threats VALUES ('cat','R1','T3')");
  for (int k = 1; k <= 12; k++) {
    snprintf(sql, sizeof sql, "INSERT INTO catalog_criteria(catalog_id, id, requirement_id, text_ja, text_en, ord)"
                              " VALUES ('cat','K%d','R%d','t','t',%d)", k, 1 + (k - 1) / 2, k);
    exec_ok(db, sql);
    snprintf(sql, sizeof sql, "INSERT INTO catalog_criterion_levels VALUES ('cat','K%d','4')", k);
    exec_ok(db, sql);
    if (k <= 9) {
      snprintf(sql, sizeof sql, "INSERT INTO catalog_criterion_levels VALUES ('cat','K%d','3')", k);
      exec_ok(db, sql);
    }
  }
  for (int a = 1; a <= 3; a++) {
    snprintf(sql, sizeof sql, "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status,"
                              " created_by, created_at, updated_at) VALUES ('asm_%d','org_p','cat','%d','company','x','draft',"
                              "'t','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')", a, a == 3 ? 4 : 3);
    exec_ok(db, sql);
  }
  compare(db, 0);
  static const char *const statuses[] = {"implemented", "partial", "not_implemented", "not_applicable"};
  static const char *const results[] = {"conformant", "observation", "minor", "major"};
  srand(2026);
  for (int step = 1; step <= 600; step++) {
    int a = 1 + rand() % 3, k = 1 + rand() % 12, op = rand() % 6;
    const char *what = op < 3 ? statuses[rand() % 4] : results[rand() % 4];
    switch (op) {
    case 0: /* answer written, or changed when it exists */
      snprintf(sql, sizeof sql, "INSERT INTO assessment_answers(assessment_id, criterion_id, status, updated_by, updated_at)"
                                " VALUES ('asm_%d','K%d','%s','t','x') ON CONFLICT(assessment_id, criterion_id)"
                                " DO UPDATE SET status = excluded.status", a, k, what);
      break;
    case 1:
      snprintf(sql, sizeof sql, "UPDATE assessment_answers SET status = '%s' WHERE assessment_id = 'asm_%d' AND criterion_id = 'K%d'",
               what, a, k);
      break;
    case 2:
      snprintf(sql, sizeof sql, "DELETE FROM assessment_answers WHERE assessment_id = 'asm_%d' AND criterion_id = 'K%d'", a, k);
      break;
    case 3:
      snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO assessment_findings(assessment_id, criterion_id, result, evaluator_user_id,"
                                " updated_at) VALUES ('asm_%d','K%d','%s','t','x')", a, k, what);
      break;
    case 4:
      snprintf(sql, sizeof sql, "UPDATE assessment_findings SET result = '%s' WHERE assessment_id = 'asm_%d' AND criterion_id = 'K%d'",
               what, a, k);
      break;
    default:
      snprintf(sql, sizeof sql, "DELETE FROM assessment_findings WHERE assessment_id = 'asm_%d' AND criterion_id = 'K%d'", a, k);
    }
    exec_ok(db, sql);
    compare(db, step);
  }
  /* A level change recounts the assessment from scratch. */
  exec_ok(db, "UPDATE assessments SET level = '4' WHERE id = 'asm_1'");
  compare(db, 601);
  /* and a rolled-back write leaves nothing behind */
  exec_ok(db, "BEGIN");
  exec_ok(db, "DELETE FROM assessment_answers");
  exec_ok(db, "ROLLBACK");
  compare(db, 602);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_progress_follows_every_write),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SCS assessments: both state machines with refused transitions, the authorization matrix,
 * no rating with one unmet criterion, expiry arithmetic, reminders, evidence storage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog.h"
#include "org/org.h"
#include "scs/scs.h"
#include "store/store.h"
#include "testutil.h"

typedef struct fx {
  char *dir;
  char files[512];
  sqlite3 *db;
  org supplier, other, experts, body;
  user member, outsider, expert, expert2, evaluator, evaluator2, admin, body_member;
} fx;

static audit_actor sys = {NULL, "test", ""};

static void mkorg(sqlite3 *db, const char *base, const char *name, org *o) {
  char num[14];
  snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit(base), base);
  org_fields f = {num, name, "", "other", 1, ""};
  hoshi_error e;
  if (org_create(db, &sys, &f, o, &e)) fail_msg("org: %s", e.message);
}

static void mkuser(sqlite3 *db, const org *o, const char *name, unsigned roles, user *u) {
  user_fields f = {o->id, name, name, "", "a good long password", (int)roles, -1};
  hoshi_error e;
  if (user_create(db, &sys, &f, u, &e)) fail_msg("user: %s", e.message);
}

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/s.db", f->dir);
  snprintf(f->files, sizeof f->files, "%s/files", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  char fixture[1024];
  snprintf(fixture, sizeof fixture, "%s/tests/fixtures/catalogs/tiny-1.json", getenv("HOSHI_SOURCE_DIR"));
  size_t len = 0;
  char *json = tu_read_file(fixture, &len);
  if (json == NULL || catalog_import(f->db, &sys, json, len, fixture, NULL, &e)) return -1;
  free(json);
  mkorg(f->db, "300000000001", "供給者", &f->supplier);
  mkorg(f->db, "300000000002", "他社", &f->other);
  mkorg(f->db, "300000000003", "専門家事務所", &f->experts);
  mkorg(f->db, "300000000004", "評価機関", &f->body);
  mkuser(f->db, &f->supplier, "member", ROLE_MEMBER, &f->member);
  mkuser(f->db, &f->other, "outsider", ROLE_MEMBER, &f->outsider);
  mkuser(f->db, &f->experts, "expert", ROLE_EXPERT, &f->expert);
  mkuser(f->db, &f->experts, "expert2", ROLE_EXPERT, &f->expert2);
  mkuser(f->db, &f->body, "evaluator", ROLE_EVALUATOR, &f->evaluator);
  mkuser(f->db, &f->body, "evaluator2", ROLE_EVALUATOR, &f->evaluator2);
  mkuser(f->db, &f->body, "bodymember", ROLE_MEMBER, &f->body_member);
  mkuser(f->db, &f->other, "admin", ROLE_ADMIN, &f->admin);
  if (scs_set_default_expert(f->db, &sys, f->supplier.id, f->expert.id, &e)) return -1;
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

static audit_actor as(const user *u) { return (audit_actor){u->id, u->username, ""}; }

static principal pr(const user *u) {
  principal p;
  memset(&p, 0, sizeof p);
  snprintf(p.user_id, sizeof p.user_id, "%s", u->id);
  snprintf(p.org_id, sizeof p.org_id, "%s", u->org_id);
  snprintf(p.username, sizeof p.username, "%s", u->username);
  p.roles = u->roles;
  return p;
}

static void new_assessment(fx *f, const char *level, scs_assessment *a) {
  scs_exclusion ex[] = {{"工場OT系", "制度の対象外（OT）"}};
  scs_new in = {f->supplier.id, "tiny-1", level, "company", "本社と全営業所", ex, 1, NULL, NULL};
  audit_actor who = as(&f->member);
  hoshi_error e;
  if (scs_create(f->db, &who, &in, a, &e)) fail_msg("create: %s", e.message);
}

static void reload(fx *f, scs_assessment *a) {
  hoshi_error e;
  assert_int_equal(scs_get(f->db, a->id, a, &e), HOSHI_OK);
}

static void answer(fx *f, scs_assessment *a, const char *crit, const char *status) {
  audit_actor who = as(&f->member);
  hoshi_error e;
  if (scs_answer(f->db, &who, a, crit, status, strcmp(status, "not_applicable") == 0 ? "no such systems" : "", "", &e))
    fail_msg("answer %s: %s", crit, e.message);
}

static void test_star3_path_and_refusals(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "3", &a);
  assert_string_equal(a.status, "draft");
  assert_string_equal(a.expert_user_id, f->expert.id); /* the organization's default expert */
  audit_actor m = as(&f->member), x = as(&f->expert);
  hoshi_error e;
  char rid[UTIL_ID_LEN];
  scs_declaration d = {"山田 太郎", "代表取締役", "2026-11-26", "当社は★3の要求事項をすべて満たしていることを宣誓します。"};
  /* Refused in draft: confirm, return, declare. */
  assert_int_equal(scs_confirm(f->db, &x, &a, &e), HOSHI_ECONFLICT);
  assert_non_null(strstr(e.message, "is 'draft'"));
  assert_int_equal(scs_declare(f->db, &m, &a, &d, rid, &e), HOSHI_ECONFLICT);
  /* N/A needs a reason; unknown criteria and ★4-only criteria are refused. */
  assert_int_equal(scs_answer(f->db, &m, &a, "1-2-1-1", "not_applicable", "", "", &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(scs_answer(f->db, &m, &a, "4-3-1-1", "implemented", "", "", &e), HOSHI_ENOTFOUND);
  assert_int_equal(scs_answer(f->db, &m, &a, "1-2-1-1", "done", "", "", &e), HOSHI_EINVAL);
  /* Submitting with an unanswered criterion names it. */
  answer(f, &a, "1-2-1-1", "implemented");
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "4-1-3-1"));
  answer(f, &a, "4-1-3-1", "implemented");
  answer(f, &a, "4-1-3-2", "not_applicable");
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_OK);
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_ECONFLICT);
  assert_int_equal(scs_answer(f->db, &m, &a, "1-2-1-1", "partial", "", "", &e), HOSHI_ECONFLICT);
  /* The expert returns it with a reason; it is a draft again. */
  assert_int_equal(scs_return(f->db, &x, &a, "", &e), HOSHI_EINVAL);
  assert_int_equal(scs_comment(f->db, &x, &a, "4-1-3", "MFAの対象範囲を明記してください", &e), HOSHI_OK);
  assert_int_equal(scs_comment(f->db, &x, &a, "9-9-9", "x", &e), HOSHI_EINVAL);
  assert_int_equal(scs_return(f->db, &x, &a, "4-1-3 の証跡が不足", &e), HOSHI_OK);
  reload(f, &a);
  assert_string_equal(a.status, "draft");
  assert_string_equal(a.return_reason, "4-1-3 の証跡が不足");
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_OK);
  assert_int_equal(scs_confirm(f->db, &x, &a, &e), HOSHI_OK);
  /* Declaration needs a real date and every field. */
  scs_declaration bad = d;
  bad.declared_on = "2026-02-30";
  assert_int_equal(scs_declare(f->db, &m, &a, &bad, rid, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "date");
  assert_int_equal(scs_declare(f->db, &m, &a, &d, rid, &e), HOSHI_OK);
  reload(f, &a);
  assert_string_equal(a.status, "rated");
  assert_string_equal(a.rating_id, rid);
  scs_rating r;
  assert_int_equal(scs_rating_get(f->db, rid, &r, &e), HOSHI_OK);
  assert_string_equal(r.level, "3");
  time_t issued, expires;
  assert_int_equal(util_time_parse(r.issued_at, &issued), 0);
  assert_int_equal(util_time_parse(r.expires_at, &expires), 0);
  assert_int_equal(expires, scs_add_months(issued, 12));
  assert_string_equal(scs_rating_effective_status(&r, issued), "valid");
  assert_string_equal(scs_rating_effective_status(&r, expires), "expired");
  assert_int_equal(scs_declare(f->db, &m, &a, &d, rid, &e), HOSHI_ECONFLICT);
}

static void test_no_rating_with_one_unmet_criterion(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "3", &a);
  answer(f, &a, "1-2-1-1", "implemented");
  answer(f, &a, "4-1-3-1", "implemented");
  answer(f, &a, "4-1-3-2", "partial");
  audit_actor m = as(&f->member), x = as(&f->expert);
  hoshi_error e;
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_OK);
  assert_int_equal(scs_confirm(f->db, &x, &a, &e), HOSHI_OK);
  scs_declaration d = {"山田 太郎", "代表取締役", "2026-11-26", "宣誓します"};
  char rid[UTIL_ID_LEN] = "";
  assert_int_equal(scs_declare(f->db, &m, &a, &d, rid, &e), HOSHI_ECONFLICT);
  assert_non_null(strstr(e.message, "4-1-3-2"));
  reload(f, &a);
  assert_string_equal(a.status, "confirmed");
  scs_rating *rs = NULL;
  size_t n = 0;
  assert_int_equal(scs_rating_list(f->db, f->supplier.id, &rs, &n, &e), HOSHI_OK);
  assert_int_equal(n, 0);
  free(rs);
  /* The unmet criterion became an improvement-plan item the supplier can track. */
  scs_item *items = NULL;
  assert_int_equal(scs_items_list(f->db, f->supplier.id, a.id, &items, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(items[0].criterion_id, "4-1-3-2");
  assert_string_equal(items[0].status, "open");
  scs_item it;
  assert_int_equal(scs_item_update(f->db, &m, items[0].id, NULL, "情シス 佐藤", "2027-03-31", "in_progress", &it, &e), HOSHI_OK);
  assert_string_equal(it.due_date, "2027-03-31");
  assert_int_equal(scs_item_update(f->db, &m, items[0].id, NULL, NULL, "2027-13-01", NULL, &it, &e), HOSHI_EINVAL);
  free(items);
}

static void test_authorization_matrix(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "4", &a);
  hoshi_error e;
  struct { const user *u; int read, edit, review, accept, evaluate, evidence; } before[] = {
      {&f->member, 1, 1, 0, 0, 0, 1},   {&f->outsider, 0, 0, 0, 0, 0, 0}, {&f->expert, 0, 0, 0, 0, 0, 0},
      {&f->evaluator, 0, 0, 0, 0, 0, 0}, {&f->admin, 1, 0, 0, 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
    principal p = pr(before[i].u);
    scs_relation r;
    assert_int_equal(scs_relation_of(f->db, &p, &a, &r, &e), HOSHI_OK);
    if (scs_allowed(&r, SCS_READ) != before[i].read) fail_msg("%s read", before[i].u->username);
    if (scs_allowed(&r, SCS_EDIT) != before[i].edit) fail_msg("%s edit", before[i].u->username);
    if (scs_allowed(&r, SCS_EVALUATE) != before[i].evaluate) fail_msg("%s evaluate", before[i].u->username);
    if (scs_allowed(&r, SCS_EVIDENCE_READ) != before[i].evidence) fail_msg("%s evidence", before[i].u->username);
  }
  audit_actor m = as(&f->member), v = as(&f->evaluator);
  assert_int_equal(scs_request_evaluation(f->db, &m, &a, f->other.id, &e), HOSHI_EINVAL); /* not a body */
  assert_int_equal(scs_request_evaluation(f->db, &m, &a, f->body.id, &e), HOSHI_OK);
  reload(f, &a);
  const char *evs[] = {f->evaluator.id};
  assert_int_equal(scs_accept_evaluation(f->db, &v, &a, evs, 1, "2026-12-01", "2026-12-05", &e), HOSHI_OK);
  reload(f, &a);
  struct { const user *u; int read, accept, evaluate, evidence; } after[] = {
      {&f->evaluator, 1, 1, 1, 1}, {&f->evaluator2, 1, 1, 0, 0}, {&f->body_member, 1, 1, 0, 0},
      {&f->expert2, 0, 0, 0, 0},   {&f->outsider, 0, 0, 0, 0},   {&f->member, 1, 0, 0, 1},
  };
  for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
    principal p = pr(after[i].u);
    scs_relation r;
    assert_int_equal(scs_relation_of(f->db, &p, &a, &r, &e), HOSHI_OK);
    if (scs_allowed(&r, SCS_READ) != after[i].read) fail_msg("after: %s read", after[i].u->username);
    if (scs_allowed(&r, SCS_ACCEPT_EVAL) != after[i].accept) fail_msg("after: %s accept", after[i].u->username);
    if (scs_allowed(&r, SCS_EVALUATE) != after[i].evaluate) fail_msg("after: %s evaluate", after[i].u->username);
    if (scs_allowed(&r, SCS_EVIDENCE_READ) != after[i].evidence) fail_msg("after: %s evidence", after[i].u->username);
  }
  /* ★3: the assigned expert reviews, another expert does not. */
  scs_assessment b;
  new_assessment(f, "3", &b);
  principal p1 = pr(&f->expert), p2 = pr(&f->expert2);
  scs_relation r1, r2;
  scs_relation_of(f->db, &p1, &b, &r1, &e);
  scs_relation_of(f->db, &p2, &b, &r2, &e);
  assert_true(scs_allowed(&r1, SCS_REVIEW));
  assert_true(scs_allowed(&r1, SCS_EVIDENCE_READ));
  assert_false(scs_allowed(&r2, SCS_REVIEW));
  assert_false(scs_allowed(&r2, SCS_READ));
}

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

static void test_star4_path(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "4", &a);
  audit_actor m = as(&f->member), v = as(&f->evaluator);
  hoshi_error e;
  char rid[UTIL_ID_LEN];
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_ECONFLICT); /* ★4 is not self-confirmed */
  assert_int_equal(scs_finding(f->db, &v, &a, "1-2-1-1", "conformant", "", &e), HOSHI_ECONFLICT);
  assert_int_equal(scs_request_evaluation(f->db, &m, &a, f->body.id, &e), HOSHI_OK);
  reload(f, &a);
  const char *wrong[] = {f->expert.id};
  assert_int_equal(scs_accept_evaluation(f->db, &v, &a, wrong, 1, "2026-12-01", "2026-12-05", &e), HOSHI_EINVAL);
  const char *evs[] = {f->evaluator.id};
  assert_int_equal(scs_accept_evaluation(f->db, &v, &a, evs, 1, "2026-12-05", "2026-12-01", &e), HOSHI_EINVAL);
  assert_int_equal(scs_accept_evaluation(f->db, &v, &a, evs, 1, "2026-12-01", "2026-12-05", &e), HOSHI_OK);
  reload(f, &a);
  const char *crits[] = {"1-2-1-1", "4-1-3-1", "4-1-3-2", "4-1-3-3", "4-3-1-1"};
  for (size_t i = 0; i < 5; i++)
    assert_int_equal(scs_finding(f->db, &v, &a, crits[i], i == 4 ? "major" : "conformant", i == 4 ? "鍵管理なし" : "", &e), HOSHI_OK);
  assert_int_equal(scs_finding(f->db, &v, &a, "4-1-3-3", "minor", "", &e), HOSHI_EINVAL); /* needs a note */
  assert_int_equal(scs_decide(f->db, &v, &a, 1, "合格", rid, &e), HOSHI_ECONFLICT);
  assert_int_equal(scs_request_corrections(f->db, &v, &a, &e), HOSHI_OK);
  reload(f, &a);
  assert_string_equal(a.status, "corrective_actions");
  assert_int_equal(scs_corrections_done(f->db, &m, &a, &e), HOSHI_EINVAL);
  assert_int_equal(scs_corrective_action(f->db, &m, &a, "4-1-3-1", "x", &e), HOSHI_EINVAL); /* no nonconformity there */
  assert_int_equal(scs_corrective_action(f->db, &m, &a, "4-3-1-1", "BitLockerを全PCに適用", &e), HOSHI_OK);
  assert_int_equal(scs_corrections_done(f->db, &m, &a, &e), HOSHI_OK);
  reload(f, &a);
  assert_int_equal(scs_finding(f->db, &v, &a, "4-3-1-1", "conformant", "是正を確認", &e), HOSHI_OK);
  assert_int_equal(scs_decide(f->db, &v, &a, 1, "合格", rid, &e), HOSHI_ECONFLICT);
  assert_string_equal(e.field, "technical_test");
  scs_evidence ev;
  assert_int_equal(scs_evidence_add(f->db, &v, f->files, &a, NULL, "technical_test", "pentest.pdf", PDF, sizeof PDF - 1, &ev, &e),
                   HOSHI_OK);
  assert_int_equal(scs_decide(f->db, &v, &a, 1, "", rid, &e), HOSHI_EINVAL); /* reason required */
  assert_int_equal(scs_decide(f->db, &v, &a, 1, "全基準適合", rid, &e), HOSHI_OK);
  scs_rating r;
  assert_int_equal(scs_rating_get(f->db, rid, &r, &e), HOSHI_OK);
  time_t issued, expires;
  util_time_parse(r.issued_at, &issued);
  util_time_parse(r.expires_at, &expires);
  assert_int_equal(expires, scs_add_months(issued, 36));
  /* Suspension, reinstatement, revocation. */
  assert_int_equal(scs_rating_set_status(f->db, &v, rid, "suspended", "", &e), HOSHI_EINVAL);
  assert_int_equal(scs_rating_set_status(f->db, &v, rid, "suspended", "重大インシデント調査中", &e), HOSHI_OK);
  assert_int_equal(scs_rating_get(f->db, rid, &r, &e), HOSHI_OK);
  assert_string_equal(scs_rating_effective_status(&r, issued), "suspended");
  assert_int_equal(scs_rating_set_status(f->db, &v, rid, "valid", NULL, &e), HOSHI_OK);
  assert_int_equal(scs_rating_set_status(f->db, &v, rid, "revoked", "虚偽申告", &e), HOSHI_OK);
  assert_int_equal(scs_rating_set_status(f->db, &v, rid, "valid", NULL, &e), HOSHI_ECONFLICT);
}

static void test_add_months(void **state) {
  (void)state;
  time_t t;
  char out[UTIL_TIME_LEN];
  util_time_parse("2028-02-29T10:00:00Z", &t);
  util_time_iso(scs_add_months(t, 12), out);
  assert_string_equal(out, "2029-02-28T10:00:00Z");
  util_time_parse("2026-01-31T00:00:00Z", &t);
  util_time_iso(scs_add_months(t, 1), out);
  assert_string_equal(out, "2026-02-28T00:00:00Z");
  util_time_parse("2026-11-26T06:07:12Z", &t);
  util_time_iso(scs_add_months(t, 36), out);
  assert_string_equal(out, "2029-11-26T06:07:12Z");
  util_time_iso(scs_add_months(t, 13), out);
  assert_string_equal(out, "2027-12-26T06:07:12Z");
  assert_true(scs_date_valid("2028-02-29"));
  assert_false(scs_date_valid("2027-02-29"));
  assert_false(scs_date_valid("2026-1-01"));
}

static void test_reminders(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "3", &a);
  answer(f, &a, "1-2-1-1", "implemented");
  answer(f, &a, "4-1-3-1", "implemented");
  answer(f, &a, "4-1-3-2", "implemented");
  audit_actor m = as(&f->member), x = as(&f->expert);
  hoshi_error e;
  scs_declaration d = {"山田 太郎", "代表取締役", "2026-11-26", "宣誓します"};
  char rid[UTIL_ID_LEN];
  assert_int_equal(scs_submit(f->db, &m, &a, &e), HOSHI_OK);
  assert_int_equal(scs_confirm(f->db, &x, &a, &e), HOSHI_OK);
  assert_int_equal(scs_declare(f->db, &m, &a, &d, rid, &e), HOSHI_OK);
  scs_rating r;
  scs_rating_get(f->db, rid, &r, &e);
  time_t exp;
  util_time_parse(r.expires_at, &exp);
  int made = -1;
  assert_int_equal(scs_rating_reminders(f->db, exp - 40 * 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 0);
  assert_int_equal(scs_rating_reminders(f->db, exp - 20 * 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 1);
  assert_int_equal(scs_rating_reminders(f->db, exp - 19 * 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 0); /* once only */
  assert_int_equal(scs_rating_reminders(f->db, exp - 5 * 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 1); /* the 7-day one */
  assert_int_equal(scs_rating_reminders(f->db, exp + 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 0); /* expired: nothing more */
}

static void test_copy_from_previous(void **state) {
  fx *f = *state;
  scs_assessment a, b;
  new_assessment(f, "3", &a);
  answer(f, &a, "1-2-1-1", "implemented");
  answer(f, &a, "4-1-3-1", "partial");
  audit_actor m = as(&f->member);
  hoshi_error e;
  scs_new in = {f->supplier.id, "tiny-1", "3", "company", "本社", NULL, 0, NULL, a.id};
  assert_int_equal(scs_create(f->db, &m, &in, &b, &e), HOSHI_OK);
  answer(f, &b, "4-1-3-2", "implemented");
  assert_int_equal(scs_submit(f->db, &m, &b, &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "still to review"));
  answer(f, &b, "1-2-1-1", "implemented");
  answer(f, &b, "4-1-3-1", "implemented");
  assert_int_equal(scs_submit(f->db, &m, &b, &e), HOSHI_OK);
  /* Another organization's assessment cannot be the source. */
  scs_new stolen = {f->other.id, "tiny-1", "3", "company", "x", NULL, 0, NULL, a.id};
  assert_int_equal(scs_create(f->db, &m, &stolen, &b, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "from");
}

static void test_evidence_storage(void **state) {
  fx *f = *state;
  scs_assessment a;
  new_assessment(f, "3", &a);
  audit_actor m = as(&f->member);
  hoshi_error e;
  scs_evidence e1, e2;
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "1-2-1-1", "evidence", "体制図.pdf", PDF, sizeof PDF - 1, &e1, &e), HOSHI_OK);
  assert_string_equal(e1.content_type, "application/pdf");
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "4-1-3-1", "evidence", "copy.pdf", PDF, sizeof PDF - 1, &e2, &e), HOSHI_OK);
  assert_string_equal(e1.sha256, e2.sha256);
  char path[1024];
  scs_evidence_path(f->files, e1.sha256, path, sizeof path);
  size_t len = 0;
  char *back = tu_read_file(path, &len);
  assert_non_null(back);
  assert_int_equal(len, sizeof PDF - 1);
  free(back);
  static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0};
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "1-2-1-1", "evidence", "tool.bin", elf, sizeof elf, NULL, &e), HOSHI_EINVAL);
  assert_non_null(strstr(e.message, "not accepted"));
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "1-2-1-1", "evidence", "../x.pdf", PDF, sizeof PDF - 1, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "filename");
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "1-2-1-1", "technical_test", "t.pdf", PDF, sizeof PDF - 1, NULL, &e), HOSHI_ECONFLICT);
  /* One byte over the size limit. */
  char *big = calloc(1, SCS_EVIDENCE_MAX + 1);
  memcpy(big, PDF, sizeof PDF - 1);
  assert_int_equal(scs_evidence_add(f->db, &m, f->files, &a, "1-2-1-1", "evidence", "big.pdf", big, SCS_EVIDENCE_MAX + 1, NULL, &e), HOSHI_ELIMIT);
  free(big);
  scs_evidence *list = NULL;
  size_t n = 0;
  assert_int_equal(scs_evidence_list(f->db, a.id, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 2);
  free(list);
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_star3_path_and_refusals, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_rating_with_one_unmet_criterion, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authorization_matrix, setup, teardown),
      cmocka_unit_test_setup_teardown(test_star4_path, setup, teardown),
      cmocka_unit_test(test_add_months),
      cmocka_unit_test_setup_teardown(test_reminders, setup, teardown),
      cmocka_unit_test_setup_teardown(test_copy_from_previous, setup, teardown),
      cmocka_unit_test_setup_teardown(test_evidence_storage, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* JC-STAR labels: the declaration rule (no label with an unmet criterion; PSTI recognition for
 * S1.1-02/05/16 only), expiry arithmetic and the support-end cap, registration numbers, the
 * authorization matrix, named limits one past, the model-list parser, CSV cells, the label image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "jcstar/jcstar.h"
#include "org/org.h"
#include "store/store.h"
#include "testutil.h"

typedef struct fx {
  char *dir;
  char files[512];
  sqlite3 *db;
  org vendor, other;
  user member, outsider;
  audit_actor m;
  catalog_criterion *crit;
  size_t ncrit;
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
  snprintf(path, sizeof path, "%s/j.db", f->dir);
  snprintf(f->files, sizeof f->files, "%s/files", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  char file[1024];
  snprintf(file, sizeof file, "%s/catalogs/jcstar-star1-2024.json", getenv("HOSHI_SOURCE_DIR"));
  size_t len = 0;
  char *json = tu_read_file(file, &len);
  if (json == NULL || catalog_import(f->db, &sys, json, len, file, NULL, &e)) return -1;
  free(json);
  mkorg(f->db, "400000000001", "ベンダー", &f->vendor);
  mkorg(f->db, "400000000002", "他社", &f->other);
  mkuser(f->db, &f->vendor, "member", ROLE_MEMBER, &f->member);
  mkuser(f->db, &f->other, "outsider", ROLE_MEMBER, &f->outsider);
  f->m = (audit_actor){f->member.id, "member", ""};
  if (catalog_criteria_for_level(f->db, JCS_DEFAULT_CATALOG, "1", &f->crit, &f->ncrit, &e)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  free(f->crit);
  sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static const char *const models1[] = {"CAM-1", "CAM-1W"};

static jcs_product_fields camera(const char *support_end) {
  jcs_product_fields in = {NULL, "カメラ", "network_camera", "1.0", support_end, "自動更新", "psirt@example.jp",
                           "https://example.jp/vdp", NULL, NULL, NULL, NULL, "Camera", NULL, models1, 2};
  return in;
}

static void date_plus_days(int days, char out[11]) {
  time_t t = time(NULL) + (time_t)days * 86400;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static void new_product(fx *f, const char *support_end, jcs_product *p) {
  jcs_product_fields in = camera(support_end);
  hoshi_error e;
  if (jcs_product_create(f->db, &f->m, f->vendor.id, &in, p, &e)) fail_msg("create: %s %s", e.field, e.message);
}

/* Answers every criterion met except those whose requirement is in skip. */
static void answer_all(fx *f, const jcs_product *p, const char *const *skip) {
  hoshi_error e;
  for (size_t i = 0; i < f->ncrit; i++) {
    int skipped = 0;
    for (size_t k = 0; skip && skip[k]; k++)
      if (strcmp(f->crit[i].requirement, skip[k]) == 0) skipped = 1;
    if (skipped) continue;
    if (jcs_answer_set(f->db, &f->m, p, f->crit[i].id, "met", "設計書", &e)) fail_msg("answer: %s", e.message);
  }
}

static const jcs_declaration decl = {"宣言 者", "代表取締役", 1};

/* No label while any one criterion is unmet — tried for each of the 16 in turn. */
static void test_no_label_with_unmet(void **state) {
  fx *f = *state;
  char end[11];
  date_plus_days(1000, end);
  for (size_t i = 0; i < f->ncrit; i++) {
    jcs_product p;
    new_product(f, end, &p);
    const char *skip[] = {f->crit[i].requirement, NULL};
    answer_all(f, &p, skip);
    hoshi_error e;
    if (i % 2) assert_int_equal(jcs_answer_set(f->db, &f->m, &p, f->crit[i].id, "not_met", "", &e), HOSHI_OK);
    assert_int_equal(jcs_declare(f->db, &f->m, &p, &decl, NULL, &e), HOSHI_ECONFLICT);
    assert_non_null(strstr(e.message, f->crit[i].id));
  }
  jcs_public *rows = NULL;
  size_t n = 0;
  jcs_filter all = {0};
  hoshi_error e;
  assert_int_equal(jcs_public_list(f->db, &all, &rows, &n, &e), HOSHI_OK);
  assert_int_equal(n, 0);
  free(rows);
}

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/* A PSTI statement covers exactly S1.1-02, S1.1-05 and S1.1-16: with it, each other
 * requirement left unanswered still blocks the label. */
static void test_psti_recognition_only_three(void **state) {
  fx *f = *state;
  char end[11];
  date_plus_days(1000, end);
  assert_true(jcs_is_psti_requirement("S1.1-02"));
  assert_true(jcs_is_psti_requirement("S1.1-05"));
  assert_true(jcs_is_psti_requirement("S1.1-16"));
  assert_false(jcs_is_psti_requirement("S1.1-01"));
  assert_false(jcs_is_psti_requirement("S1.1-04"));
  hoshi_error e;
  for (size_t i = 0; i < f->ncrit; i++) {
    if (jcs_is_psti_requirement(f->crit[i].requirement)) continue;
    jcs_product p;
    new_product(f, end, &p);
    const char *skip[] = {"S1.1-02", "S1.1-05", "S1.1-16", f->crit[i].requirement, NULL};
    answer_all(f, &p, skip);
    assert_int_equal(jcs_evidence_add(f->db, &f->m, f->files, &p, NULL, "psti", "psti.pdf", PDF, sizeof PDF - 1, NULL, &e),
                     HOSHI_OK);
    jcs_product cur;
    assert_int_equal(jcs_product_get(f->db, p.id, &cur, &e), HOSHI_OK);
    assert_int_equal(jcs_declare(f->db, &f->m, &cur, &decl, NULL, &e), HOSHI_ECONFLICT);
    assert_non_null(strstr(e.message, f->crit[i].id));
  }
  /* All but the three, with the statement: a label marked as PSTI-recognized. */
  jcs_product p;
  new_product(f, end, &p);
  const char *skip[] = {"S1.1-02", "S1.1-05", "S1.1-16", NULL};
  answer_all(f, &p, skip);
  assert_int_equal(jcs_declare(f->db, &f->m, &p, &decl, NULL, &e), HOSHI_ECONFLICT);
  assert_int_equal(jcs_evidence_add(f->db, &f->m, f->files, &p, NULL, "psti", "psti.pdf", PDF, sizeof PDF - 1, NULL, &e),
                   HOSHI_OK);
  jcs_progress pg;
  assert_int_equal(jcs_product_get(f->db, p.id, &p, &e), HOSHI_OK);
  assert_int_equal(jcs_progress_of(f->db, &p, &pg, &e), HOSHI_OK);
  assert_int_equal(pg.psti_met, 3);
  assert_int_equal(pg.met, 13);
  jcs_label l;
  assert_int_equal(jcs_declare(f->db, &f->m, &p, &decl, &l, &e), HOSHI_OK);
  assert_true(l.psti_recognized);
  assert_true(jcs_regnum_valid(l.reg_number));
}

static void test_expiry_rules(void **state) {
  (void)state;
  char out[11];
  assert_int_equal(jcs_label_expiry("2026-05-21", "2035-01-01", 24, out), 0);
  assert_string_equal(out, "2028-05-21");
  /* JCS_LABEL_MONTHS_MAX caps a catalog that asks for more; one past is capped. */
  assert_int_equal(jcs_label_expiry("2026-05-21", "2035-01-01", JCS_LABEL_MONTHS_MAX + 1, out), 0);
  assert_string_equal(out, "2028-05-21");
  assert_int_equal(jcs_label_expiry("2026-05-21", "2035-01-01", 12, out), 0);
  assert_string_equal(out, "2027-05-21");
  /* The support end caps it. */
  assert_int_equal(jcs_label_expiry("2026-05-21", "2027-03-31", 24, out), 0);
  assert_string_equal(out, "2027-03-31");
  assert_int_equal(jcs_label_expiry("2026-05-21", "2026-05-22", 24, out), 0);
  assert_string_equal(out, "2026-05-22");
  /* No support left on the issue day, or before: no label. */
  assert_int_equal(jcs_label_expiry("2026-05-21", "2026-05-21", 24, out), -1);
  assert_int_equal(jcs_label_expiry("2026-05-21", "2025-01-01", 24, out), -1);
  assert_int_equal(jcs_label_expiry("2026-05-21", "2026-02-30", 24, out), -1);
  /* Leap day: the same day two years on does not exist, so the month's last day. */
  assert_int_equal(jcs_label_expiry("2028-02-29", "2040-01-01", 24, out), 0);
  assert_string_equal(out, "2030-02-28");
  jcs_label l;
  memset(&l, 0, sizeof l);
  strcpy(l.status, JCS_VALID);
  strcpy(l.expires_on, "2027-03-31");
  assert_string_equal(jcs_label_effective_status(&l, "2027-03-31"), JCS_VALID);
  assert_string_equal(jcs_label_effective_status(&l, "2027-04-01"), JCS_EXPIRED);
  strcpy(l.status, JCS_WITHDRAWN);
  assert_string_equal(jcs_label_effective_status(&l, "2026-01-01"), JCS_WITHDRAWN);
}

static void test_declare_caps_expiry_at_support_end(void **state) {
  fx *f = *state;
  char end[11], past[11];
  date_plus_days(30, end);
  date_plus_days(-1, past);
  jcs_product p;
  new_product(f, end, &p);
  answer_all(f, &p, NULL);
  jcs_label l;
  hoshi_error e;
  assert_int_equal(jcs_declare(f->db, &f->m, &p, &decl, &l, &e), HOSHI_OK);
  assert_string_equal(l.expires_on, end);
  /* Reminders: the label ends in 30 days, so the 30-day one is written, once; 7 days not yet. */
  int made = 0;
  assert_int_equal(jcs_label_reminders(f->db, time(NULL), &made, &e), HOSHI_OK);
  assert_int_equal(made, 1);
  assert_int_equal(jcs_label_reminders(f->db, time(NULL), &made, &e), HOSHI_OK);
  assert_int_equal(made, 0);
  assert_int_equal(jcs_label_reminders(f->db, time(NULL) + 24 * 86400, &made, &e), HOSHI_OK);
  assert_int_equal(made, 1);
  jcs_product q;
  new_product(f, past, &q);
  answer_all(f, &q, NULL);
  assert_int_equal(jcs_declare(f->db, &f->m, &q, &decl, NULL, &e), HOSHI_ECONFLICT);
  assert_string_equal(e.field, "support_end");
  /* The declaration needs a name, a title and acceptance. */
  jcs_declaration d = decl;
  d.accept = 0;
  assert_int_equal(jcs_declare(f->db, &f->m, &q, &d, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "accept");
}

static void test_regnum(void **state) {
  (void)state;
  assert_true(jcs_regnum_valid("JCS1-2026-00001"));
  assert_true(jcs_regnum_valid("JCS4-2030-99999"));
  assert_false(jcs_regnum_valid("JCS5-2026-00001"));
  assert_false(jcs_regnum_valid("JCS1-2026-0001"));
  assert_false(jcs_regnum_valid("JCS1-2026-000011"));
  assert_false(jcs_regnum_valid("JCS1_2026-00001"));
  assert_false(jcs_regnum_valid("JCS1-20a6-00001"));
  assert_false(jcs_regnum_valid(""));
  assert_false(jcs_regnum_valid(NULL));
  char url[200];
  jcs_product_url("https://labels.example.jp//", "JCS1-2026-00001", url, sizeof url);
  assert_string_equal(url, "https://labels.example.jp/#/product/JCS1-2026-00001");
}

static void test_authorization(void **state) {
  fx *f = *state;
  char end[11];
  date_plus_days(1000, end);
  jcs_product p;
  new_product(f, end, &p);
  principal vendor = {0}, outsider = {0}, admin = {0}, auditor = {0}, expert = {0};
  strcpy(vendor.org_id, f->vendor.id);
  vendor.roles = ROLE_MEMBER;
  strcpy(outsider.org_id, f->other.id);
  outsider.roles = ROLE_MEMBER;
  strcpy(admin.org_id, f->other.id);
  admin.roles = ROLE_ADMIN;
  strcpy(auditor.org_id, f->other.id);
  auditor.roles = ROLE_AUDITOR;
  strcpy(expert.org_id, f->vendor.id);
  expert.roles = ROLE_EXPERT; /* in the vendor's organization but not a member */
  struct {
    const principal *p;
    int allowed[6]; /* READ EDIT DECLARE CHANGE EVIDENCE_READ WITHDRAW */
  } rows[] = {{&vendor, {1, 1, 1, 1, 1, 0}},
              {&outsider, {0, 0, 0, 0, 0, 0}},
              {&admin, {1, 0, 0, 0, 1, 1}},
              {&auditor, {1, 0, 0, 0, 0, 0}},
              {&expert, {0, 0, 0, 0, 0, 0}}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    jcs_relation r;
    jcs_relation_of(rows[i].p, &p, &r);
    for (int a = 0; a < 6; a++) {
      if (jcs_allowed(&r, (jcs_action)a) != rows[i].allowed[a]) fail_msg("row %zu action %d", i, a);
    }
  }
}

static void test_limits_one_past(void **state) {
  fx *f = *state;
  char end[11];
  date_plus_days(1000, end);
  hoshi_error e;
  jcs_product p;
  char big[JCS_TEXT_MAX + 2];
  /* name */
  memset(big, 'n', JCS_NAME_MAX + 1);
  big[JCS_NAME_MAX + 1] = '\0';
  jcs_product_fields in = camera(end);
  in.name = big;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "name");
  big[JCS_NAME_MAX] = '\0';
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_OK);
  /* one model number */
  char model[JCS_MODEL_MAX + 2];
  memset(model, 'M', JCS_MODEL_MAX + 1);
  model[JCS_MODEL_MAX + 1] = '\0';
  const char *one[] = {model};
  in = camera(end);
  in.models = one;
  in.n_models = 1;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "models[0]");
  model[JCS_MODEL_MAX] = '\0';
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_OK);
  /* model count */
  static char names[JCS_MODELS_MAX + 1][16];
  const char *many[JCS_MODELS_MAX + 1];
  for (int i = 0; i <= JCS_MODELS_MAX; i++) {
    snprintf(names[i], sizeof names[i], "M-%d", i);
    many[i] = names[i];
  }
  in = camera(end);
  in.models = many;
  in.n_models = JCS_MODELS_MAX + 1;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_ELIMIT);
  in.n_models = JCS_MODELS_MAX;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_OK);
  /* evidence text of an answer */
  memset(big, 'x', JCS_TEXT_MAX + 1);
  big[JCS_TEXT_MAX + 1] = '\0';
  assert_int_equal(jcs_answer_set(f->db, &f->m, &p, f->crit[0].id, "met", big, &e), HOSHI_EINVAL);
  big[JCS_TEXT_MAX] = '\0';
  assert_int_equal(jcs_answer_set(f->db, &f->m, &p, f->crit[0].id, "met", big, &e), HOSHI_OK);
  /* URL and contact */
  char url[JCS_URL_MAX + 2] = "https://";
  memset(url + 8, 'u', JCS_URL_MAX + 1 - 8);
  url[JCS_URL_MAX + 1] = '\0';
  in = camera(end);
  in.disclosure_url = url;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "disclosure_url");
  url[JCS_URL_MAX] = '\0';
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_OK);
  char contact[JCS_CONTACT_MAX + 2];
  memset(contact, 'c', JCS_CONTACT_MAX + 1);
  contact[JCS_CONTACT_MAX + 1] = '\0';
  in = camera(end);
  in.vuln_contact = contact;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "vuln_contact");
  contact[JCS_CONTACT_MAX] = '\0';
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &p, &e), HOSHI_OK);
  /* change notices: the model count limit holds across the notice too */
  jcs_product q;
  in = camera(end);
  in.models = many;
  in.n_models = JCS_MODELS_MAX;
  assert_int_equal(jcs_product_create(f->db, &f->m, f->vendor.id, &in, &q, &e), HOSHI_OK);
  answer_all(f, &q, NULL);
  assert_int_equal(jcs_declare(f->db, &f->m, &q, &decl, NULL, &e), HOSHI_OK);
  const char *extra[] = {"ONE-MORE"};
  assert_int_equal(jcs_product_get(f->db, q.id, &q, &e), HOSHI_OK);
  assert_int_equal(jcs_change_notice(f->db, &f->m, &q, NULL, extra, 1, NULL, &e), HOSHI_ELIMIT);
  /* search text of the public list */
  char qtext[JCS_QUERY_MAX + 2];
  memset(qtext, 'q', JCS_QUERY_MAX + 1);
  qtext[JCS_QUERY_MAX + 1] = '\0';
  jcs_filter flt = {0};
  flt.q = qtext;
  jcs_public *rows = NULL;
  size_t n = 0;
  assert_int_equal(jcs_public_list(f->db, &flt, &rows, &n, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "q");
  qtext[JCS_QUERY_MAX] = '\0';
  assert_int_equal(jcs_public_list(f->db, &flt, &rows, &n, &e), HOSHI_OK);
  free(rows);
}

static void test_models_parse(void **state) {
  (void)state;
  jcs_models m;
  hoshi_error e;
  const char *t = " A-1, A-2\nA-3 ,,\r\n\tA-4 \n";
  assert_int_equal(jcs_models_parse(t, strlen(t), &m, &e), HOSHI_OK);
  assert_int_equal(m.n, 4);
  assert_string_equal(m.v[0], "A-1");
  assert_string_equal(m.v[3], "A-4");
  free(m.v);
  assert_int_equal(jcs_models_parse("A,B,A", 5, &m, &e), HOSHI_EINVAL);
  assert_null(m.v);
  assert_int_equal(jcs_models_parse(" , \n", 4, &m, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "models");
  char nul[] = {'A', '\0', 'B'};
  assert_int_equal(jcs_models_parse(nul, 3, &m, &e), HOSHI_EINVAL);
  /* one past the length of one model and of the count */
  char longm[JCS_MODEL_MAX + 2];
  memset(longm, 'x', JCS_MODEL_MAX + 1);
  longm[JCS_MODEL_MAX + 1] = '\0';
  assert_int_equal(jcs_models_parse(longm, JCS_MODEL_MAX + 1, &m, &e), HOSHI_EINVAL);
  assert_int_equal(jcs_models_parse(longm, JCS_MODEL_MAX, &m, &e), HOSHI_OK);
  free(m.v);
  hoshi_buf b = HOSHI_BUF_INIT;
  for (int i = 0; i <= JCS_MODELS_MAX; i++) hoshi_buf_printf(&b, "M%d,", i);
  assert_int_equal(jcs_models_parse(b.p, b.n, &m, &e), HOSHI_ELIMIT);
  hoshi_buf_reset(&b);
  for (int i = 0; i < JCS_MODELS_MAX; i++) hoshi_buf_printf(&b, "M%d\n", i);
  assert_int_equal(jcs_models_parse(b.p, b.n, &m, &e), HOSHI_OK);
  assert_int_equal(m.n, JCS_MODELS_MAX);
  free(m.v);
  hoshi_buf_free(&b);
}

static void test_csv_cells(void **state) {
  (void)state;
  hoshi_buf b = HOSHI_BUF_INIT;
  jcs_csv_cell(&b, "plain");
  hoshi_buf_putc(&b, '|');
  jcs_csv_cell(&b, "a,\"b\"");
  hoshi_buf_putc(&b, '|');
  jcs_csv_cell(&b, "=HYPERLINK(\"x\")");
  hoshi_buf_putc(&b, '|');
  jcs_csv_cell(&b, "line\nbreak");
  assert_string_equal(b.p, "plain|\"a,\"\"b\"\"\"|\"'=HYPERLINK(\"\"x\"\")\"|\"line\nbreak\"");
  hoshi_buf_free(&b);
}

static void test_state_conflicts_and_withdrawal(void **state) {
  fx *f = *state;
  char end[11];
  date_plus_days(1000, end);
  jcs_product p;
  new_product(f, end, &p);
  hoshi_error e;
  assert_int_equal(jcs_change_notice(f->db, &f->m, &p, "2.0", NULL, 0, NULL, &e), HOSHI_ECONFLICT);
  assert_non_null(strstr(e.message, "'draft'"));
  answer_all(f, &p, NULL);
  jcs_label l;
  assert_int_equal(jcs_declare(f->db, &f->m, &p, &decl, &l, &e), HOSHI_OK);
  assert_int_equal(jcs_answer_set(f->db, &f->m, &p, f->crit[0].id, "not_met", "", &e), HOSHI_ECONFLICT);
  assert_non_null(strstr(e.message, "'labelled'"));
  assert_int_equal(jcs_label_withdraw(f->db, &sys, l.reg_number, "", &e), HOSHI_EINVAL);
  assert_int_equal(jcs_label_withdraw(f->db, &sys, l.reg_number, "不適合", &e), HOSHI_OK);
  jcs_public x;
  assert_int_equal(jcs_public_get(f->db, l.reg_number, &x, &e), HOSHI_OK);
  assert_string_equal(x.status, JCS_WITHDRAWN);
  assert_int_equal(jcs_label_withdraw(f->db, &sys, l.reg_number, "again", &e), HOSHI_ECONFLICT);
  assert_int_equal(jcs_product_get(f->db, p.id, &p, &e), HOSHI_OK);
  assert_int_equal(jcs_change_notice(f->db, &f->m, &p, "2.0", NULL, 0, NULL, &e), HOSHI_ECONFLICT);
  int ok = 1;
  assert_int_equal(jcs_check(f->db, "ベンダー", "CAM-1", 1, &ok, NULL, &e), HOSHI_OK);
  assert_false(ok);
  assert_int_equal(jcs_check(f->db, "ベンダー", "CAM-1", 0, &ok, NULL, &e), HOSHI_EINVAL);
  assert_int_equal(jcs_check(f->db, "ベンダー", "CAM-1", 5, &ok, NULL, &e), HOSHI_EINVAL);
}

static void test_label_image(void **state) {
  (void)state;
  unsigned char *img = NULL;
  size_t len = 0;
  hoshi_error e;
  assert_int_equal(jcs_label_image("1", "JCS1-2026-00001", "https://x.example/#/product/JCS1-2026-00001", "png", &img,
                                   &len, &e),
                   HOSHI_OK);
  assert_true(len > 1000);
  assert_memory_equal(img, "\x89PNG\r\n\x1a\n", 8);
  free(img);
  assert_int_equal(jcs_label_image("2", "JCS2-2026-00001", "https://x.example/", "svg", &img, &len, &e), HOSHI_OK);
  assert_non_null(memmem(img, len, "<svg", 4));
  free(img);
  assert_int_equal(jcs_label_image("1", "JCS1-2026-00001", "u", "gif", &img, &len, &e), HOSHI_EINVAL);
  jcs_image_cleanup();
}

int main(void) {
  util_init();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_no_label_with_unmet, setup, teardown),
      cmocka_unit_test_setup_teardown(test_psti_recognition_only_three, setup, teardown),
      cmocka_unit_test(test_expiry_rules),
      cmocka_unit_test_setup_teardown(test_declare_caps_expiry_at_support_end, setup, teardown),
      cmocka_unit_test(test_regnum),
      cmocka_unit_test_setup_teardown(test_authorization, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limits_one_past, setup, teardown),
      cmocka_unit_test(test_models_parse),
      cmocka_unit_test(test_csv_cells),
      cmocka_unit_test_setup_teardown(test_state_conflicts_and_withdrawal, setup, teardown),
      cmocka_unit_test(test_label_image),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

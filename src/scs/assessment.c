/* Assessments: creation (with scope, exclusions, expert, copy from an earlier one), reading,
 * listing what a principal may see, per-criterion answers, and who may do what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "chain/chain.h"
#include "core/text.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"

static const char *const scope_kinds[] = {"group", "company", "division", NULL};
static const char *const answer_statuses[] = {"implemented", "partial", "not_implemented", "not_applicable", NULL};

#define A_COLUMNS                                                                                         \
  "id, org_id, catalog_id, level, scope_kind, scope_description, status, coalesce(expert_user_id,''),"     \
  " coalesce(body_org_id,''), coalesce(previous_id,''), coalesce(rating_id,''), return_reason,"            \
  " decision_reason, eval_start, eval_end, created_by, created_at, updated_at"

static void row_to_assessment(sqlite3_stmt *st, scs_assessment *a) {
  memset(a, 0, sizeof *a);
  char *dst[] = {a->id, a->org_id, a->catalog_id, a->level, a->scope_kind, a->scope_description, a->status,
                 a->expert_user_id, a->body_org_id, a->previous_id, a->rating_id, a->return_reason,
                 a->decision_reason, a->eval_start, a->eval_end, a->created_by, a->created_at, a->updated_at};
  size_t sz[] = {sizeof a->id, sizeof a->org_id, sizeof a->catalog_id, sizeof a->level, sizeof a->scope_kind,
                 sizeof a->scope_description, sizeof a->status, sizeof a->expert_user_id, sizeof a->body_org_id,
                 sizeof a->previous_id, sizeof a->rating_id, sizeof a->return_reason, sizeof a->decision_reason,
                 sizeof a->eval_start, sizeof a->eval_end, sizeof a->created_by, sizeof a->created_at,
                 sizeof a->updated_at};
  for (int i = 0; i < 18; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, i));
}

static void fill_assessment(sqlite3_stmt *st, void *slot) { row_to_assessment(st, slot); }

hoshi_err scs_get(sqlite3 *db, const char *id, scs_assessment *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " A_COLUMNS " FROM assessments WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading assessment");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) row_to_assessment(st, out);
  else if (step == SQLITE_DONE) rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no assessment %.64s", id);
  else rc = store_fail(db, e, "reading assessment");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_list(sqlite3 *db, const principal *p, const char *status, scs_assessment **out, size_t *n,
                   hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  int all = (p->roles & (ROLE_ADMIN | ROLE_AUDITOR)) != 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT " A_COLUMNS " FROM assessments a WHERE (? IS NULL OR a.status = ?) AND ("
                         " ? = 1 OR (a.org_id = ? AND ? = 1) OR (a.expert_user_id = ? AND ? = 1)"
                         " OR EXISTS (SELECT 1 FROM assessment_evaluators v WHERE v.assessment_id = a.id AND v.user_id = ? AND ? = 1)"
                         " OR (a.body_org_id = ? AND a.status <> 'draft' AND ? = 1))"
                         " ORDER BY a.created_at DESC, a.id LIMIT ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing assessments");
  store_bind_text(st, 1, status);
  store_bind_text(st, 2, status);
  sqlite3_bind_int(st, 3, all);
  store_bind_text(st, 4, p->org_id);
  sqlite3_bind_int(st, 5, (p->roles & ROLE_MEMBER) != 0);
  store_bind_text(st, 6, p->user_id);
  sqlite3_bind_int(st, 7, (p->roles & ROLE_EXPERT) != 0);
  store_bind_text(st, 8, p->user_id);
  sqlite3_bind_int(st, 9, (p->roles & ROLE_EVALUATOR) != 0);
  store_bind_text(st, 10, p->org_id);
  sqlite3_bind_int(st, 11, (p->roles & (ROLE_EVALUATOR | ROLE_MEMBER)) != 0);
  sqlite3_bind_int(st, 12, SCS_LIST_MAX);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(scs_assessment), fill_assessment, &arr, n, "listing assessments", e);
  *out = arr;
  return rc;
}

/* ---- authorization ---- */

hoshi_err scs_relation_of(sqlite3 *db, const principal *p, const scs_assessment *a, scs_relation *r, hoshi_error *e) {
  memset(r, 0, sizeof *r);
  r->operator_ = (p->roles & ROLE_ADMIN) != 0;
  r->auditor = (p->roles & ROLE_AUDITOR) != 0;
  r->supplier = (p->roles & ROLE_MEMBER) && strcmp(p->org_id, a->org_id) == 0;
  r->expert = (p->roles & ROLE_EXPERT) && a->expert_user_id[0] && strcmp(p->user_id, a->expert_user_id) == 0;
  r->body = (p->roles & (ROLE_EVALUATOR | ROLE_MEMBER)) && a->body_org_id[0] && strcmp(p->org_id, a->body_org_id) == 0;
  /* A buyer the supplier shared this assessment (or its rating) with may read it. */
  if ((p->roles & ROLE_MEMBER) && !r->supplier) r->buyer = sc_assessment_shared_with(db, a->id, p->org_id);
  if (p->roles & ROLE_EVALUATOR) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM assessment_evaluators WHERE assessment_id = ? AND user_id = ?", -1, &st,
                           NULL) != SQLITE_OK)
      return store_fail(db, e, "reading evaluators");
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, p->user_id);
    r->evaluator = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  return HOSHI_OK;
}

int scs_allowed(const scs_relation *r, scs_action action) {
  switch (action) {
    case SCS_READ:
      return r->supplier || r->expert || r->evaluator || r->body || r->operator_ || r->auditor || r->buyer;
    case SCS_EDIT:
    case SCS_SUBMIT:
    case SCS_DECLARE:
    case SCS_REQUEST_EVAL:
    case SCS_CORRECT:
      return r->supplier;
    case SCS_REVIEW:
      return r->expert;
    case SCS_ACCEPT_EVAL:
      return r->body;
    case SCS_EVALUATE:
      return r->evaluator;
    case SCS_EVIDENCE_READ:
      /* Evidence is the supplier's confidential material: only those who assess it see it. */
      return r->supplier || r->expert || r->evaluator;
    case SCS_RATING_ADMIN:
      return r->operator_ || r->body;
  }
  return 0;
}

/* ---- creation ---- */

static hoshi_err check_expert(sqlite3 *db, const char *user_id, hoshi_error *e) {
  user u;
  if (user_get(db, user_id, &u, NULL) != HOSHI_OK || !(u.roles & ROLE_EXPERT) || u.disabled)
    return hoshi_fail(e, HOSHI_EINVAL, "expert_user_id", "%.64s is not an active user with the expert role", user_id);
  return HOSHI_OK;
}

static void default_expert(sqlite3 *db, const char *org_id, char out[UTIL_ID_LEN]) {
  sqlite3_stmt *st = NULL;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, "SELECT expert_user_id FROM org_default_experts WHERE org_id = ?", -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, org_id);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(out, UTIL_ID_LEN, "%s", store_col_text(st, 0));
  }
  sqlite3_finalize(st);
}

hoshi_err scs_create(sqlite3 *db, const audit_actor *who, const scs_new *in, scs_assessment *out, hoshi_error *e) {
  hoshi_err rc;
  if (in->catalog_id == NULL || !*in->catalog_id) return hoshi_fail(e, HOSHI_EINVAL, "catalog", "catalog is required (e.g. scs-2026)");
  if (in->level == NULL || !*in->level) return hoshi_fail(e, HOSHI_EINVAL, "level", "level is required (\"3\" or \"4\")");
  if (in->scope_kind == NULL || !text_one_of(in->scope_kind, scope_kinds))
    return hoshi_fail(e, HOSHI_EINVAL, "scope.kind", "scope.kind must be group, company or division");
  if ((rc = text_check("scope.description", in->scope_description, SCS_SCOPE_MAX, 1, 1, e))) return rc;
  if (in->n_exclusions > SCS_EXCLUSIONS_MAX)
    return hoshi_fail(e, HOSHI_EINVAL, "scope.exclusions", "at most %d excluded assets", SCS_EXCLUSIONS_MAX);
  for (size_t i = 0; i < in->n_exclusions; i++) {
    char f[64];
    snprintf(f, sizeof f, "scope.exclusions[%zu].asset", i);
    if ((rc = text_check(f, in->exclusions[i].asset, SCS_ASSET_MAX, 1, 0, e))) return rc;
    snprintf(f, sizeof f, "scope.exclusions[%zu].reason", i);
    if ((rc = text_check(f, in->exclusions[i].reason, SCS_TEXT_MAX, 1, 1, e))) return rc;
  }
  catalog_info ci;
  if (catalog_get_info(db, in->catalog_id, &ci, NULL) != HOSHI_OK)
    return hoshi_fail(e, HOSHI_EINVAL, "catalog", "no catalog '%.64s' (see GET /api/v1/catalogs)", in->catalog_id);
  if ((rc = catalog_level(db, in->catalog_id, in->level, NULL, e))) return rc;

  scs_assessment a;
  memset(&a, 0, sizeof a);
  util_new_id("asm", a.id);
  snprintf(a.org_id, sizeof a.org_id, "%s", in->org_id);
  snprintf(a.catalog_id, sizeof a.catalog_id, "%s", in->catalog_id);
  snprintf(a.level, sizeof a.level, "%s", in->level);
  snprintf(a.scope_kind, sizeof a.scope_kind, "%s", in->scope_kind);
  snprintf(a.scope_description, sizeof a.scope_description, "%s", in->scope_description);
  snprintf(a.status, sizeof a.status, "%s", SCS_DRAFT);
  snprintf(a.created_by, sizeof a.created_by, "%s", who->user_id ? who->user_id : who->name);
  util_now_iso(a.created_at);
  memcpy(a.updated_at, a.created_at, sizeof a.updated_at);

  if ((rc = store_begin(db, e))) return rc;
  sqlite3_stmt *st = NULL;
  if (scs_is_self_path(a.level)) {
    if (in->expert_user_id && *in->expert_user_id) {
      if ((rc = check_expert(db, in->expert_user_id, e))) goto done;
      snprintf(a.expert_user_id, sizeof a.expert_user_id, "%s", in->expert_user_id);
    } else {
      default_expert(db, a.org_id, a.expert_user_id);
    }
  } else if (in->expert_user_id && *in->expert_user_id) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "expert_user_id", "level %s is evaluated by an evaluation body, not an expert", a.level);
    goto done;
  }
  if (in->from_id && *in->from_id) {
    scs_assessment prev;
    if (scs_get(db, in->from_id, &prev, NULL) != HOSHI_OK || strcmp(prev.org_id, a.org_id) != 0) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "from", "no earlier assessment %.64s of this organization", in->from_id);
      goto done;
    }
    snprintf(a.previous_id, sizeof a.previous_id, "%s", prev.id);
  }
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status,"
                         " expert_user_id, previous_id, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "creating assessment");
    goto done;
  }
  const char *vals[] = {a.id, a.org_id, a.catalog_id, a.level, a.scope_kind, a.scope_description, a.status,
                        a.expert_user_id[0] ? a.expert_user_id : NULL, a.previous_id[0] ? a.previous_id : NULL,
                        a.created_by, a.created_at, a.updated_at};
  for (int i = 0; i < 12; i++) store_bind_text(st, i + 1, vals[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "creating assessment");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  for (size_t i = 0; i < in->n_exclusions; i++) {
    if (sqlite3_prepare_v2(db, "INSERT INTO assessment_exclusions(assessment_id, ord, asset, reason) VALUES (?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "storing exclusions");
      goto done;
    }
    store_bind_text(st, 1, a.id);
    sqlite3_bind_int(st, 2, (int)i);
    store_bind_text(st, 3, in->exclusions[i].asset);
    store_bind_text(st, 4, in->exclusions[i].reason);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    st = NULL;
    if (step != SQLITE_DONE) {
      rc = store_fail(db, e, "storing exclusions");
      goto done;
    }
  }
  if (a.previous_id[0]) {
    /* Answers of criteria that still apply are copied and must be looked at again. */
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO assessment_answers(assessment_id, criterion_id, status, reason, comment, to_review,"
                           " updated_by, updated_at) SELECT ?, p.criterion_id, p.status, p.reason, p.comment, 1, ?, ?"
                           " FROM assessment_answers p JOIN catalog_criterion_levels l ON l.catalog_id = ? AND l.level = ?"
                           " AND l.criterion_id = p.criterion_id WHERE p.assessment_id = ?",
                           -1, &st, NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "copying answers");
      goto done;
    }
    const char *cv[] = {a.id, a.created_by, a.created_at, a.catalog_id, a.level, a.previous_id};
    for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, cv[i]);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = store_fail(db, e, "copying answers");
      goto done;
    }
  }
  char summary[512];
  snprintf(summary, sizeof summary,
           "{\"after\":{\"catalog\":\"%s\",\"level\":\"%s\",\"scope_kind\":\"%s\",\"expert\":\"%s\",\"from\":\"%s\"}}",
           a.catalog_id, a.level, a.scope_kind, a.expert_user_id, a.previous_id);
  if ((rc = audit_append(db, who, a.org_id, "assessment.create", "assessment", a.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = a;
  return rc;
}

/* ---- answers ---- */

int scs_criterion_in_level(sqlite3 *db, const scs_assessment *a, const char *criterion) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM catalog_criterion_levels WHERE catalog_id = ? AND level = ? AND criterion_id = ?",
                         -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, a->catalog_id);
    store_bind_text(st, 2, a->level);
    store_bind_text(st, 3, criterion);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

hoshi_err scs_answer(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                     const char *status, const char *reason, const char *comment, hoshi_error *e) {
  hoshi_err rc;
  if (!text_one_of(status, answer_statuses))
    return hoshi_fail(e, HOSHI_EINVAL, "status", "status must be implemented, partial, not_implemented or not_applicable");
  if ((rc = text_check("reason", reason, SCS_TEXT_MAX, 0, 1, e))) return rc;
  if ((rc = text_check("comment", comment, SCS_TEXT_MAX, 0, 1, e))) return rc;
  if (strcmp(status, "not_applicable") == 0 && (reason == NULL || !*reason))
    return hoshi_fail(e, HOSHI_EINVAL, "reason", "not_applicable needs a reason: why the criterion does not apply");
  if (!scs_criterion_in_level(db, a, criterion))
    return hoshi_fail(e, HOSHI_ENOTFOUND, "criterion", "criterion '%.48s' is not part of %s level %s", criterion,
                      a->catalog_id, a->level);
  scs_assessment cur;
  static const char *const ok[] = {SCS_DRAFT, NULL};
  if ((rc = scs_tx_begin(db, a->id, ok, "answering", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  char before[32] = "";
  if (sqlite3_prepare_v2(db, "SELECT status FROM assessment_answers WHERE assessment_id = ? AND criterion_id = ?", -1, &st,
                         NULL) == SQLITE_OK) {
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, criterion);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(before, sizeof before, "%s", store_col_text(st, 0));
  }
  sqlite3_finalize(st);
  st = NULL;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO assessment_answers(assessment_id, criterion_id, status, reason, comment, to_review,"
                         " updated_by, updated_at) VALUES (?,?,?,?,?,0,?,?) ON CONFLICT(assessment_id, criterion_id) DO UPDATE"
                         " SET status = excluded.status, reason = excluded.reason, comment = excluded.comment, to_review = 0,"
                         " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "saving answer");
    goto done;
  }
  const char *v[] = {a->id, criterion, status, reason ? reason : "", comment ? comment : "",
                     who->user_id ? who->user_id : who->name, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "saving answer");
    goto done;
  }
  if ((rc = scs_touch(db, a->id, e))) goto done;
  char summary[256];
  snprintf(summary, sizeof summary, "{\"criterion\":\"%s\",\"before\":\"%s\",\"after\":\"%s\"}", criterion, before, status);
  if ((rc = audit_append(db, who, a->org_id, "assessment.answer", "assessment", a->id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  return rc;
}

int scs_date_valid(const char *s) {
  if (s == NULL || strlen(s) != 10) return 0;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(s, "%Y-%m-%d", &tm);
  if (end == NULL || *end) return 0;
  /* strptime accepts 2026-02-31; timegm normalizes it to March, which the comparison catches. */
  int mday = tm.tm_mday, mon = tm.tm_mon;
  timegm(&tm);
  return tm.tm_mday == mday && tm.tm_mon == mon;
}

/* The two state machines: ★3 (submit, expert review, executive declaration) and ★4
 * (evaluation request, acceptance, findings, corrective actions, decision). Each step re-reads
 * the state inside its write transaction, so two people acting at once cannot both win. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"

int scs_is_self_path(const char *level) { return strcmp(level, "3") == 0; }

hoshi_err scs_tx_begin(sqlite3 *db, const char *id, const char *const *allowed, const char *doing, scs_assessment *cur,
                       hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  if ((rc = scs_get(db, id, cur, e))) {
    store_rollback(db);
    return rc;
  }
  if (!text_one_of(cur->status, allowed)) {
    char want[128] = "";
    for (size_t i = 0; allowed[i]; i++) {
      strncat(want, i ? " or " : "", sizeof want - strlen(want) - 1);
      strncat(want, allowed[i], sizeof want - strlen(want) - 1);
    }
    store_rollback(db);
    return hoshi_fail(e, HOSHI_ECONFLICT, "status", "assessment is '%s'; %s needs it to be %s", cur->status, doing, want);
  }
  return HOSHI_OK;
}

hoshi_err scs_touch(sqlite3 *db, const char *id, hoshi_error *e) {
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, "UPDATE assessments SET updated_at = ? WHERE id = ?", -1, &st, NULL) != SQLITE_OK ||
      (store_bind_text(st, 1, now), store_bind_text(st, 2, id), sqlite3_step(st)) != SQLITE_DONE)
    rc = store_fail(db, e, "updating assessment");
  sqlite3_finalize(st);
  return rc;
}

/* Runs one UPDATE assessments SET <set> WHERE id = ? with text parameters then the id. */
static hoshi_err update_set(sqlite3 *db, const char *set, const char *id, int n, const char **vals, hoshi_error *e) {
  char sql[512];
  snprintf(sql, sizeof sql, "UPDATE assessments SET %s, updated_at = ? WHERE id = ?", set);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(db, e, "updating assessment");
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  for (int i = 0; i < n; i++) store_bind_text(st, i + 1, vals[i]);
  store_bind_text(st, n + 1, now);
  store_bind_text(st, n + 2, id);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "updating assessment");
  sqlite3_finalize(st);
  return rc;
}

static hoshi_err finish(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *action,
                        const char *summary, hoshi_error *e) {
  hoshi_err rc = audit_append(db, who, a->org_id, action, "assessment", a->id, summary ? summary : "{}", e);
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  return rc;
}

/* Counts, for the ★3 path, criteria without an answer, copied answers still to review, and
 * answers that do not meet the criterion; names the first of each kind in `first`. */
typedef struct self_tally {
  int total, unanswered, to_review, unmet;
  char first_unanswered[CATALOG_REF_MAX + 1], first_unmet[CATALOG_REF_MAX + 1];
} self_tally;

static hoshi_err tally_self(sqlite3 *db, const scs_assessment *a, self_tally *t, hoshi_error *e) {
  memset(t, 0, sizeof *t);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT l.criterion_id, coalesce(x.status, ''), coalesce(x.to_review, 0)"
                         " FROM catalog_criterion_levels l JOIN catalog_criteria k ON k.catalog_id = l.catalog_id AND k.id = l.criterion_id"
                         " LEFT JOIN assessment_answers x ON x.assessment_id = ? AND x.criterion_id = l.criterion_id"
                         " WHERE l.catalog_id = ? AND l.level = ? ORDER BY k.ord",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading answers");
  store_bind_text(st, 1, a->id);
  store_bind_text(st, 2, a->catalog_id);
  store_bind_text(st, 3, a->level);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *id = store_col_text(st, 0), *status = store_col_text(st, 1);
    t->total++;
    if (!*status) {
      if (!t->unanswered++) snprintf(t->first_unanswered, sizeof t->first_unanswered, "%s", id);
      continue;
    }
    if (sqlite3_column_int(st, 2)) t->to_review++;
    if (strcmp(status, "implemented") != 0 && strcmp(status, "not_applicable") != 0)
      if (!t->unmet++) snprintf(t->first_unmet, sizeof t->first_unmet, "%s", id);
  }
  sqlite3_finalize(st);
  return HOSHI_OK;
}

/* Adds an improvement-plan item for each criterion that the given query reports unmet. */
static hoshi_err add_items(sqlite3 *db, const scs_assessment *a, const char *unmet_sql, hoshi_error *e) {
  sqlite3_stmt *q = NULL, *ins = NULL;
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_prepare_v2(db, unmet_sql, -1, &q, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "INSERT INTO improvement_items(id, org_id, assessment_id, criterion_id, what, status, created_at,"
                         " updated_at) VALUES (?,?,?,?,?,'open',?,?) ON CONFLICT(assessment_id, criterion_id) DO NOTHING",
                         -1, &ins, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "planning improvements");
    goto done;
  }
  store_bind_text(q, 1, a->id);
  store_bind_text(q, 2, a->catalog_id);
  store_bind_text(q, 3, a->level);
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  while (sqlite3_step(q) == SQLITE_ROW) {
    char id[UTIL_ID_LEN], what[SCS_TEXT_MAX + 1];
    util_new_id("imp", id);
    snprintf(what, sizeof what, "%s: %s", store_col_text(q, 0), store_col_text(q, 1));
    sqlite3_reset(ins);
    const char *v[] = {id, a->org_id, a->id, store_col_text(q, 0), what, now, now};
    for (int i = 0; i < 7; i++) store_bind_text(ins, i + 1, v[i]);
    if (sqlite3_step(ins) != SQLITE_DONE) {
      rc = store_fail(db, e, "planning improvements");
      break;
    }
  }
done:
  sqlite3_finalize(q);
  sqlite3_finalize(ins);
  return rc;
}

/* ---- ★3 ---- */

hoshi_err scs_submit(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e) {
  static const char *const ok[] = {SCS_DRAFT, NULL};
  scs_assessment cur;
  if (!scs_is_self_path(a->level))
    return hoshi_fail(e, HOSHI_ECONFLICT, "level", "level %s is evaluated by an evaluation body: request an evaluation instead", a->level);
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "submitting", &cur, e);
  if (rc) return rc;
  self_tally t;
  if ((rc = tally_self(db, &cur, &t, e))) goto fail;
  if (t.unanswered) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "answers", "%d of %d criteria have no answer yet (first: %s)", t.unanswered, t.total,
                    t.first_unanswered);
    goto fail;
  }
  if (t.to_review) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "answers", "%d answers copied from the previous assessment are still to review", t.to_review);
    goto fail;
  }
  if (!cur.expert_user_id[0]) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "expert_user_id", "assign the security expert who confirms this assessment first");
    goto fail;
  }
  if ((rc = add_items(db, &cur,
                      "SELECT x.criterion_id, x.status FROM assessment_answers x JOIN catalog_criterion_levels l"
                      " ON l.criterion_id = x.criterion_id AND l.catalog_id = ?2 AND l.level = ?3"
                      " WHERE x.assessment_id = ?1 AND x.status NOT IN ('implemented', 'not_applicable')",
                      e)))
    goto fail;
  const char *v[] = {SCS_SUBMITTED};
  if ((rc = update_set(db, "status = ?, return_reason = ''", a->id, 1, v, e))) goto fail;
  if ((rc = scs_notify(db, cur.org_id, "assessment.submitted", a->id, "自己評価を専門家に提出しました",
                       "Self-assessment submitted to the expert", NULL, e)))
    goto fail;
  char summary[128];
  snprintf(summary, sizeof summary, "{\"before\":\"draft\",\"after\":\"submitted\",\"unmet\":%d}", t.unmet);
  return finish(db, who, &cur, "assessment.submit", summary, e);
fail:
  store_rollback(db);
  return rc;
}

hoshi_err scs_assign_expert(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *expert_id,
                            hoshi_error *e) {
  static const char *const ok[] = {SCS_DRAFT, NULL};
  if (!scs_is_self_path(a->level))
    return hoshi_fail(e, HOSHI_ECONFLICT, "level", "level %s has no expert; it is evaluated by an evaluation body", a->level);
  user u;
  if (expert_id == NULL || user_get(db, expert_id, &u, NULL) != HOSHI_OK || !(u.roles & ROLE_EXPERT) || u.disabled)
    return hoshi_fail(e, HOSHI_EINVAL, "expert_user_id", "%.64s is not an active user with the expert role",
                      expert_id ? expert_id : "(none)");
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "assigning an expert", &cur, e);
  if (rc) return rc;
  const char *v[] = {expert_id};
  if ((rc = update_set(db, "expert_user_id = ?", a->id, 1, v, e))) {
    store_rollback(db);
    return rc;
  }
  char summary[160];
  snprintf(summary, sizeof summary, "{\"before\":\"%s\",\"after\":\"%s\"}", cur.expert_user_id, expert_id);
  return finish(db, who, &cur, "assessment.assign_expert", summary, e);
}

hoshi_err scs_comment(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *requirement,
                      const char *body, hoshi_error *e) {
  static const char *const ok[] = {SCS_SUBMITTED, NULL};
  hoshi_err rc = text_check("body", body, SCS_TEXT_MAX, 1, 1, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  int known = 0;
  if (requirement && sqlite3_prepare_v2(db, "SELECT 1 FROM catalog_requirement_levels WHERE catalog_id = ? AND requirement_id = ? AND level = ?",
                                        -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, a->catalog_id);
    store_bind_text(st, 2, requirement);
    store_bind_text(st, 3, a->level);
    known = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (!known)
    return hoshi_fail(e, HOSHI_EINVAL, "requirement", "'%.48s' is not a requirement of %s level %s",
                      requirement ? requirement : "", a->catalog_id, a->level);
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "commenting", &cur, e))) return rc;
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN];
  util_new_id("cmt", id);
  util_now_iso(now);
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO assessment_comments(id, assessment_id, requirement_id, author_user_id, body, created_at)"
                         " VALUES (?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "saving comment");
  } else {
    const char *v[] = {id, a->id, requirement, who->user_id, body, now};
    for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, v[i]);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "saving comment");
  }
  sqlite3_finalize(st);
  if (rc) {
    store_rollback(db);
    return rc;
  }
  char summary[128];
  snprintf(summary, sizeof summary, "{\"requirement\":\"%s\",\"comment\":\"%s\"}", requirement, id);
  return finish(db, who, &cur, "assessment.comment", summary, e);
}

hoshi_err scs_confirm(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e) {
  static const char *const ok[] = {SCS_SUBMITTED, NULL};
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "confirming", &cur, e);
  if (rc) return rc;
  const char *v[] = {SCS_CONFIRMED};
  if ((rc = update_set(db, "status = ?", a->id, 1, v, e)) ||
      (rc = scs_notify(db, cur.org_id, "assessment.confirmed", a->id, "専門家が自己評価を確認しました。経営者の宣誓に進めます",
                       "The expert confirmed the self-assessment; the executive declaration is next", NULL, e))) {
    store_rollback(db);
    return rc;
  }
  return finish(db, who, &cur, "assessment.confirm", "{\"before\":\"submitted\",\"after\":\"confirmed\"}", e);
}

hoshi_err scs_return(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *reason, hoshi_error *e) {
  static const char *const ok[] = {SCS_SUBMITTED, NULL};
  hoshi_err rc = text_check("reason", reason, SCS_TEXT_MAX, 1, 1, e);
  if (rc) return rc;
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "returning", &cur, e))) return rc;
  const char *v[] = {SCS_DRAFT, reason};
  if ((rc = update_set(db, "status = ?, return_reason = ?", a->id, 2, v, e)) ||
      (rc = scs_notify(db, cur.org_id, "assessment.returned", a->id, "専門家が自己評価を差し戻しました",
                       "The expert returned the self-assessment", NULL, e))) {
    store_rollback(db);
    return rc;
  }
  return finish(db, who, &cur, "assessment.return", "{\"before\":\"submitted\",\"after\":\"draft\"}", e);
}

hoshi_err scs_declare(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const scs_declaration *d,
                      char rating_id[UTIL_ID_LEN], hoshi_error *e) {
  static const char *const ok[] = {SCS_CONFIRMED, NULL};
  hoshi_err rc;
  if ((rc = text_check("exec_name", d->exec_name, 200, 1, 0, e)) || (rc = text_check("exec_title", d->exec_title, 200, 1, 0, e)) ||
      (rc = text_check("text", d->text, SCS_TEXT_MAX, 1, 1, e)))
    return rc;
  if (!scs_date_valid(d->declared_on)) return hoshi_fail(e, HOSHI_EINVAL, "date", "date must be a real date YYYY-MM-DD");
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "declaring conformity", &cur, e))) return rc;
  self_tally t;
  if ((rc = tally_self(db, &cur, &t, e))) goto fail;
  if (t.unanswered || t.unmet) {
    /* One unmet criterion means no ★: the scheme has no partial ratings. */
    rc = hoshi_fail(e, HOSHI_ECONFLICT, "answers",
                    "no rating: %d criteria are not met and %d have no answer (first unmet: %s); see the improvement plan",
                    t.unmet, t.unanswered, t.unmet ? t.first_unmet : t.first_unanswered);
    goto fail;
  }
  sqlite3_stmt *st = NULL;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO declarations(assessment_id, exec_name, exec_title, declared_on, text, user_id, created_at)"
                         " VALUES (?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "saving declaration");
    goto fail;
  }
  const char *v[] = {a->id, d->exec_name, d->exec_title, d->declared_on, d->text, who->user_id, now};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, v[i]);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "saving declaration");
    goto fail;
  }
  if ((rc = scs_issue_rating(db, who, &cur, rating_id, e))) goto fail;
  char summary[256];
  snprintf(summary, sizeof summary, "{\"before\":\"confirmed\",\"after\":\"rated\",\"rating\":\"%s\",\"exec_title\":\"%.80s\"}",
           rating_id, d->exec_title);
  return finish(db, who, &cur, "assessment.declare", summary, e);
fail:
  store_rollback(db);
  return rc;
}

/* ---- ★4 ---- */

static int is_body_with_evaluator(sqlite3 *db, const char *org_id) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'evaluator'"
                         " WHERE u.org_id = ? AND u.disabled = 0 LIMIT 1",
                         -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, org_id);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

hoshi_err scs_request_evaluation(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *body_org_id,
                                 hoshi_error *e) {
  static const char *const ok[] = {SCS_DRAFT, NULL};
  if (scs_is_self_path(a->level))
    return hoshi_fail(e, HOSHI_ECONFLICT, "level", "level 3 is confirmed by an expert: submit it instead");
  if (body_org_id == NULL || !is_body_with_evaluator(db, body_org_id))
    return hoshi_fail(e, HOSHI_EINVAL, "body_org_id", "%.64s is not an evaluation body (an organization with evaluators)",
                      body_org_id ? body_org_id : "(none)");
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "requesting an evaluation", &cur, e);
  if (rc) return rc;
  const char *v[] = {SCS_REQUESTED, body_org_id};
  if ((rc = update_set(db, "status = ?, body_org_id = ?", a->id, 2, v, e)) ||
      (rc = scs_notify(db, body_org_id, "evaluation.requested", a->id, "★4評価の依頼が届きました",
                       "A ★4 evaluation was requested", NULL, e))) {
    store_rollback(db);
    return rc;
  }
  char summary[160];
  snprintf(summary, sizeof summary, "{\"before\":\"draft\",\"after\":\"requested\",\"body\":\"%s\"}", body_org_id);
  return finish(db, who, &cur, "assessment.request_evaluation", summary, e);
}

hoshi_err scs_accept_evaluation(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *const *evaluators,
                                size_t n_evaluators, const char *start, const char *end, hoshi_error *e) {
  static const char *const ok[] = {SCS_REQUESTED, NULL};
  if (n_evaluators == 0 || n_evaluators > 20)
    return hoshi_fail(e, HOSHI_EINVAL, "evaluators", "name 1 to 20 evaluators");
  if (!scs_date_valid(start)) return hoshi_fail(e, HOSHI_EINVAL, "start", "start must be a date YYYY-MM-DD");
  if (!scs_date_valid(end)) return hoshi_fail(e, HOSHI_EINVAL, "end", "end must be a date YYYY-MM-DD");
  if (strcmp(start, end) > 0) return hoshi_fail(e, HOSHI_EINVAL, "end", "end %s is before start %s", end, start);
  for (size_t i = 0; i < n_evaluators; i++) {
    user u;
    if (user_get(db, evaluators[i], &u, NULL) != HOSHI_OK || !(u.roles & ROLE_EVALUATOR) || u.disabled ||
        strcmp(u.org_id, a->body_org_id) != 0)
      return hoshi_fail(e, HOSHI_EINVAL, "evaluators", "evaluators[%zu] (%.64s) is not an evaluator of the evaluation body", i,
                        evaluators[i]);
  }
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "accepting the evaluation", &cur, e);
  if (rc) return rc;
  for (size_t i = 0; i < n_evaluators && rc == HOSHI_OK; i++) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO assessment_evaluators(assessment_id, user_id) VALUES (?,?) ON CONFLICT DO NOTHING",
                           -1, &st, NULL) != SQLITE_OK ||
        (store_bind_text(st, 1, a->id), store_bind_text(st, 2, evaluators[i]), sqlite3_step(st)) != SQLITE_DONE)
      rc = store_fail(db, e, "assigning evaluators");
    sqlite3_finalize(st);
  }
  const char *v[] = {SCS_EVALUATING, start, end};
  if (rc || (rc = update_set(db, "status = ?, eval_start = ?, eval_end = ?", a->id, 3, v, e)) ||
      (rc = scs_notify(db, cur.org_id, "evaluation.accepted", a->id, "評価機関が★4評価を受け付けました",
                       "The evaluation body accepted the ★4 evaluation", NULL, e))) {
    store_rollback(db);
    return rc;
  }
  char summary[200];
  snprintf(summary, sizeof summary, "{\"before\":\"requested\",\"after\":\"evaluating\",\"evaluators\":%zu,\"start\":\"%s\",\"end\":\"%s\"}",
           n_evaluators, start, end);
  return finish(db, who, &cur, "assessment.accept_evaluation", summary, e);
}

hoshi_err scs_finding(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                      const char *result, const char *note, hoshi_error *e) {
  static const char *const ok[] = {SCS_EVALUATING, NULL};
  static const char *const results[] = {"conformant", "minor", "major", "observation", NULL};
  if (!text_one_of(result, results))
    return hoshi_fail(e, HOSHI_EINVAL, "result", "result must be conformant, minor, major or observation");
  hoshi_err rc = text_check("note", note, SCS_TEXT_MAX, 0, 1, e);
  if (rc) return rc;
  if ((strcmp(result, "minor") == 0 || strcmp(result, "major") == 0) && (note == NULL || !*note))
    return hoshi_fail(e, HOSHI_EINVAL, "note", "a nonconformity needs a note saying what is missing");
  if (!scs_criterion_in_level(db, a, criterion))
    return hoshi_fail(e, HOSHI_ENOTFOUND, "criterion", "criterion '%.48s' is not part of %s level %s", criterion,
                      a->catalog_id, a->level);
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "recording findings", &cur, e))) return rc;
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO assessment_findings(assessment_id, criterion_id, result, note, evaluator_user_id, updated_at)"
                         " VALUES (?,?,?,?,?,?) ON CONFLICT(assessment_id, criterion_id) DO UPDATE SET result = excluded.result,"
                         " note = excluded.note, evaluator_user_id = excluded.evaluator_user_id, updated_at = excluded.updated_at",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "saving finding");
  } else {
    const char *v[] = {a->id, criterion, result, note ? note : "", who->user_id, now};
    for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, v[i]);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "saving finding");
  }
  sqlite3_finalize(st);
  if (rc || (rc = scs_touch(db, a->id, e))) {
    store_rollback(db);
    return rc;
  }
  char summary[160];
  snprintf(summary, sizeof summary, "{\"criterion\":\"%s\",\"result\":\"%s\"}", criterion, result);
  return finish(db, who, &cur, "assessment.finding", summary, e);
}

static int count_findings(sqlite3 *db, const char *id, const char *where) {
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM assessment_findings WHERE assessment_id = ? AND %s", where);
  sqlite3_stmt *st = NULL;
  int n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return n;
}

hoshi_err scs_request_corrections(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e) {
  static const char *const ok[] = {SCS_EVALUATING, NULL};
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "requesting corrective actions", &cur, e);
  if (rc) return rc;
  if (count_findings(db, a->id, "result IN ('minor','major')") <= 0) {
    store_rollback(db);
    return hoshi_fail(e, HOSHI_ECONFLICT, "findings", "there is no minor or major nonconformity to correct");
  }
  const char *v[] = {SCS_CORRECTIVE};
  if ((rc = add_items(db, &cur,
                      "SELECT f.criterion_id, f.result || ': ' || f.note FROM assessment_findings f"
                      " WHERE f.assessment_id = ?1 AND f.result IN ('minor','major') AND ?2 IS NOT NULL AND ?3 IS NOT NULL",
                      e)) ||
      (rc = update_set(db, "status = ?", a->id, 1, v, e)) ||
      (rc = scs_notify(db, cur.org_id, "evaluation.corrections", a->id, "評価機関が是正処置を求めています",
                       "The evaluation body asks for corrective actions", NULL, e))) {
    store_rollback(db);
    return rc;
  }
  return finish(db, who, &cur, "assessment.request_corrections", "{\"before\":\"evaluating\",\"after\":\"corrective_actions\"}", e);
}

hoshi_err scs_corrective_action(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                                const char *action, hoshi_error *e) {
  static const char *const ok[] = {SCS_CORRECTIVE, NULL};
  hoshi_err rc = text_check("action", action, SCS_TEXT_MAX, 1, 1, e);
  if (rc) return rc;
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "answering a nonconformity", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "UPDATE assessment_findings SET corrective_action = ? WHERE assessment_id = ? AND criterion_id = ?"
                         " AND result IN ('minor','major')",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "saving corrective action");
  } else {
    store_bind_text(st, 1, action);
    store_bind_text(st, 2, a->id);
    store_bind_text(st, 3, criterion);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "saving corrective action");
    else if (sqlite3_changes(db) == 0)
      rc = hoshi_fail(e, HOSHI_EINVAL, "criterion", "criterion '%.48s' has no nonconformity to answer", criterion ? criterion : "");
  }
  sqlite3_finalize(st);
  if (rc) {
    store_rollback(db);
    return rc;
  }
  char summary[128];
  snprintf(summary, sizeof summary, "{\"criterion\":\"%s\"}", criterion);
  return finish(db, who, &cur, "assessment.corrective_action", summary, e);
}

hoshi_err scs_corrections_done(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e) {
  static const char *const ok[] = {SCS_CORRECTIVE, NULL};
  scs_assessment cur;
  hoshi_err rc = scs_tx_begin(db, a->id, ok, "returning corrections", &cur, e);
  if (rc) return rc;
  int open = count_findings(db, a->id, "result IN ('minor','major') AND corrective_action = ''");
  if (open != 0) {
    store_rollback(db);
    return hoshi_fail(e, HOSHI_EINVAL, "findings", "%d nonconformities still have no corrective action", open);
  }
  const char *v[] = {SCS_EVALUATING};
  if ((rc = update_set(db, "status = ?", a->id, 1, v, e))) {
    store_rollback(db);
    return rc;
  }
  return finish(db, who, &cur, "assessment.corrections_done", "{\"before\":\"corrective_actions\",\"after\":\"evaluating\"}", e);
}

hoshi_err scs_decide(sqlite3 *db, const audit_actor *who, const scs_assessment *a, int pass, const char *reason,
                     char rating_id[UTIL_ID_LEN], hoshi_error *e) {
  static const char *const ok[] = {SCS_EVALUATING, NULL};
  hoshi_err rc = text_check("reason", reason, SCS_TEXT_MAX, 1, 1, e);
  if (rc) return rc;
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, ok, "deciding", &cur, e))) return rc;
  if (pass) {
    sqlite3_stmt *st = NULL;
    int total = 0, met = 0, reports = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*), sum(CASE WHEN f.result IN ('conformant','observation') THEN 1 ELSE 0 END),"
                           " (SELECT count(*) FROM assessment_evidence v WHERE v.assessment_id = ?1 AND v.kind = 'technical_test')"
                           " FROM catalog_criterion_levels l LEFT JOIN assessment_findings f ON f.assessment_id = ?1"
                           " AND f.criterion_id = l.criterion_id WHERE l.catalog_id = ?2 AND l.level = ?3",
                           -1, &st, NULL) == SQLITE_OK) {
      store_bind_text(st, 1, a->id);
      store_bind_text(st, 2, cur.catalog_id);
      store_bind_text(st, 3, cur.level);
      if (sqlite3_step(st) == SQLITE_ROW) {
        total = sqlite3_column_int(st, 0);
        met = sqlite3_column_int(st, 1);
        reports = sqlite3_column_int(st, 2);
      }
    }
    sqlite3_finalize(st);
    if (reports == 0) {
      store_rollback(db);
      return hoshi_fail(e, HOSHI_ECONFLICT, "technical_test", "attach the technical test report (penetration test or vulnerability scan) before passing");
    }
    if (met != total) {
      store_rollback(db);
      return hoshi_fail(e, HOSHI_ECONFLICT, "findings",
                        "no rating: %d of %d criteria are not conformant (or have no finding yet)", total - met, total);
    }
    const char *v[] = {reason};
    if ((rc = update_set(db, "decision_reason = ?", a->id, 1, v, e)) || (rc = scs_issue_rating(db, who, &cur, rating_id, e))) {
      store_rollback(db);
      return rc;
    }
  } else {
    const char *v[] = {SCS_FAILED, reason};
    if ((rc = update_set(db, "status = ?, decision_reason = ?", a->id, 2, v, e)) ||
        (rc = scs_notify(db, cur.org_id, "evaluation.failed", a->id, "★4評価は不合格でした", "The ★4 evaluation did not pass",
                         NULL, e))) {
      store_rollback(db);
      return rc;
    }
    if (rating_id) rating_id[0] = '\0';
  }
  char summary[160];
  snprintf(summary, sizeof summary, "{\"before\":\"evaluating\",\"after\":\"%s\",\"rating\":\"%s\"}", pass ? "rated" : "failed",
           pass && rating_id ? rating_id : "");
  return finish(db, who, &cur, pass ? "assessment.pass" : "assessment.fail", summary, e);
}

/* The full picture of one assessment as JSON (for the API and the UI): scope, catalog texts
 * per requirement and criterion, answers, findings, evidence, comments, progress per category.
 * Read-only; builds into a caller's yyjson document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "scs/scs.h"
#include "scs/scs_detail.h"
#include "store/store.h"

#define ADD(o, k, v) yyjson_mut_obj_add_strcpy(d, o, k, v)

static sqlite3_stmt *prep(sqlite3 *db, const char *sql, const char *a1, const char *a2, const char *a3) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  const char *args[] = {a1, a2, a3};
  for (int i = 0; i < 3; i++)
    if (args[i]) store_bind_text(st, i + 1, args[i]);
  return st;
}

void scs_assessment_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_assessment *a) {
  ADD(o, "id", a->id);
  ADD(o, "org_id", a->org_id);
  ADD(o, "catalog", a->catalog_id);
  ADD(o, "level", a->level);
  ADD(o, "status", a->status);
  ADD(o, "path", strcmp(a->level, "3") == 0 ? "self_with_expert" : "third_party");
  yyjson_mut_val *scope = yyjson_mut_obj_add_obj(d, o, "scope");
  ADD(scope, "kind", a->scope_kind);
  ADD(scope, "description", a->scope_description);
  if (a->expert_user_id[0]) ADD(o, "expert_user_id", a->expert_user_id);
  else yyjson_mut_obj_add_null(d, o, "expert_user_id");
  if (a->body_org_id[0]) ADD(o, "body_org_id", a->body_org_id);
  else yyjson_mut_obj_add_null(d, o, "body_org_id");
  if (a->rating_id[0]) ADD(o, "rating_id", a->rating_id);
  else yyjson_mut_obj_add_null(d, o, "rating_id");
  if (a->previous_id[0]) ADD(o, "from", a->previous_id);
  ADD(o, "return_reason", a->return_reason);
  ADD(o, "decision_reason", a->decision_reason);
  ADD(o, "eval_start", a->eval_start);
  ADD(o, "eval_end", a->eval_end);
  ADD(o, "created_at", a->created_at);
  ADD(o, "updated_at", a->updated_at);
}

hoshi_err scs_detail_json(sqlite3 *db, const scs_assessment *a, int with_evidence, yyjson_mut_doc *d, yyjson_mut_val *o,
                          hoshi_error *e) {
  scs_assessment_json(d, o, a);
  yyjson_mut_val *scope = yyjson_mut_obj_get(o, "scope");
  yyjson_mut_val *excl = yyjson_mut_obj_add_arr(d, scope, "exclusions");
  sqlite3_stmt *st = prep(db, "SELECT asset, reason FROM assessment_exclusions WHERE assessment_id = ? ORDER BY ord", a->id, NULL, NULL);
  if (st == NULL) return store_fail(db, e, "reading exclusions");
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, excl);
    ADD(x, "asset", store_col_text(st, 0));
    ADD(x, "reason", store_col_text(st, 1));
  }
  sqlite3_finalize(st);

  catalog_info ci;
  if (catalog_get_info(db, a->catalog_id, &ci, NULL) == HOSHI_OK) {
    yyjson_mut_val *c = yyjson_mut_obj_add_obj(d, o, "catalog_info");
    ADD(c, "id", ci.id);
    ADD(c, "title_ja", ci.title_ja);
    ADD(c, "title_en", ci.title_en);
    yyjson_mut_obj_add_bool(d, c, "official_wording", ci.official != 0);
  }

  /* Categories with progress, then requirements with their criteria at this level. */
  yyjson_mut_val *cats = yyjson_mut_obj_add_arr(d, o, "categories");
  st = prep(db,
            "SELECT c.id, c.title_ja, c.title_en, count(l.criterion_id),"
            " sum(CASE WHEN x.status IS NOT NULL THEN 1 ELSE 0 END),"
            " sum(CASE WHEN x.status IN ('implemented','not_applicable') THEN 1 ELSE 0 END),"
            " sum(CASE WHEN f.result IN ('conformant','observation') THEN 1 ELSE 0 END)"
            " FROM catalog_categories c JOIN catalog_requirements r ON r.catalog_id = c.catalog_id AND r.category_id = c.id"
            " JOIN catalog_criteria k ON k.catalog_id = r.catalog_id AND k.requirement_id = r.id"
            " JOIN catalog_criterion_levels l ON l.catalog_id = k.catalog_id AND l.criterion_id = k.id AND l.level = ?3"
            " LEFT JOIN assessment_answers x ON x.assessment_id = ?1 AND x.criterion_id = k.id"
            " LEFT JOIN assessment_findings f ON f.assessment_id = ?1 AND f.criterion_id = k.id"
            " WHERE c.catalog_id = ?2 GROUP BY c.id, c.title_ja, c.title_en, c.ord ORDER BY c.ord",
            a->id, a->catalog_id, a->level);
  if (st == NULL) return store_fail(db, e, "reading progress");
  int total = 0, answered = 0, met = 0, conformant = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *c = yyjson_mut_arr_add_obj(d, cats);
    ADD(c, "id", store_col_text(st, 0));
    ADD(c, "title_ja", store_col_text(st, 1));
    ADD(c, "title_en", store_col_text(st, 2));
    int t = sqlite3_column_int(st, 3), an = sqlite3_column_int(st, 4), m = sqlite3_column_int(st, 5),
        cf = sqlite3_column_int(st, 6);
    yyjson_mut_obj_add_int(d, c, "criteria", t);
    yyjson_mut_obj_add_int(d, c, "answered", an);
    yyjson_mut_obj_add_int(d, c, "met", m);
    yyjson_mut_obj_add_int(d, c, "conformant", cf);
    total += t;
    answered += an;
    met += m;
    conformant += cf;
  }
  sqlite3_finalize(st);
  yyjson_mut_val *prog = yyjson_mut_obj_add_obj(d, o, "progress");
  yyjson_mut_obj_add_int(d, prog, "criteria", total);
  yyjson_mut_obj_add_int(d, prog, "answered", answered);
  yyjson_mut_obj_add_int(d, prog, "met", met);
  yyjson_mut_obj_add_int(d, prog, "conformant", conformant);

  yyjson_mut_val *reqs = yyjson_mut_obj_add_arr(d, o, "requirements");
  st = prep(db,
            "SELECT r.id, r.category_id, r.title_ja, r.title_en, r.summary_ja, r.summary_en, k.id, k.text_ja, k.text_en,"
            " x.status, x.reason, x.comment, x.to_review, f.result, f.note, f.corrective_action"
            " FROM catalog_requirements r JOIN catalog_criteria k ON k.catalog_id = r.catalog_id AND k.requirement_id = r.id"
            " JOIN catalog_criterion_levels l ON l.catalog_id = k.catalog_id AND l.criterion_id = k.id AND l.level = ?3"
            " LEFT JOIN assessment_answers x ON x.assessment_id = ?1 AND x.criterion_id = k.id"
            " LEFT JOIN assessment_findings f ON f.assessment_id = ?1 AND f.criterion_id = k.id"
            " WHERE r.catalog_id = ?2 ORDER BY r.ord, k.ord",
            a->id, a->catalog_id, a->level);
  if (st == NULL) return store_fail(db, e, "reading requirements");
  yyjson_mut_val *req = NULL, *crits = NULL;
  char last[CATALOG_REF_MAX + 1] = "";
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (strcmp(last, store_col_text(st, 0)) != 0) {
      snprintf(last, sizeof last, "%s", store_col_text(st, 0));
      req = yyjson_mut_arr_add_obj(d, reqs);
      ADD(req, "id", last);
      ADD(req, "category", store_col_text(st, 1));
      ADD(req, "title_ja", store_col_text(st, 2));
      ADD(req, "title_en", store_col_text(st, 3));
      ADD(req, "summary_ja", store_col_text(st, 4));
      ADD(req, "summary_en", store_col_text(st, 5));
      crits = yyjson_mut_obj_add_arr(d, req, "criteria");
    }
    yyjson_mut_val *k = yyjson_mut_arr_add_obj(d, crits);
    ADD(k, "id", store_col_text(st, 6));
    ADD(k, "text_ja", store_col_text(st, 7));
    ADD(k, "text_en", store_col_text(st, 8));
    if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
      yyjson_mut_val *ans = yyjson_mut_obj_add_obj(d, k, "answer");
      ADD(ans, "status", store_col_text(st, 9));
      ADD(ans, "reason", store_col_text(st, 10));
      ADD(ans, "comment", store_col_text(st, 11));
      yyjson_mut_obj_add_bool(d, ans, "to_review", sqlite3_column_int(st, 12) != 0);
    } else {
      yyjson_mut_obj_add_null(d, k, "answer");
    }
    if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
      yyjson_mut_val *fi = yyjson_mut_obj_add_obj(d, k, "finding");
      ADD(fi, "result", store_col_text(st, 13));
      ADD(fi, "note", store_col_text(st, 14));
      ADD(fi, "corrective_action", store_col_text(st, 15));
    } else {
      yyjson_mut_obj_add_null(d, k, "finding");
    }
  }
  sqlite3_finalize(st);

  yyjson_mut_val *comments = yyjson_mut_obj_add_arr(d, o, "comments");
  st = prep(db,
            "SELECT c.id, c.requirement_id, c.body, c.created_at, u.display_name, u.username FROM assessment_comments c"
            " JOIN users u ON u.id = c.author_user_id WHERE c.assessment_id = ? ORDER BY c.created_at, c.id",
            a->id, NULL, NULL);
  if (st == NULL) return store_fail(db, e, "reading comments");
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *c = yyjson_mut_arr_add_obj(d, comments);
    ADD(c, "id", store_col_text(st, 0));
    ADD(c, "requirement", store_col_text(st, 1));
    ADD(c, "body", store_col_text(st, 2));
    ADD(c, "created_at", store_col_text(st, 3));
    ADD(c, "author", *store_col_text(st, 4) ? store_col_text(st, 4) : store_col_text(st, 5));
  }
  sqlite3_finalize(st);

  yyjson_mut_val *evs = yyjson_mut_obj_add_arr(d, o, "evaluators");
  st = prep(db, "SELECT u.id, u.display_name FROM assessment_evaluators v JOIN users u ON u.id = v.user_id WHERE v.assessment_id = ?",
            a->id, NULL, NULL);
  if (st == NULL) return store_fail(db, e, "reading evaluators");
  while (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *v = yyjson_mut_arr_add_obj(d, evs);
    ADD(v, "user_id", store_col_text(st, 0));
    ADD(v, "display_name", store_col_text(st, 1));
  }
  sqlite3_finalize(st);

  st = prep(db, "SELECT exec_name, exec_title, declared_on, text, created_at FROM declarations WHERE assessment_id = ?", a->id, NULL, NULL);
  if (st == NULL) return store_fail(db, e, "reading declaration");
  if (sqlite3_step(st) == SQLITE_ROW) {
    yyjson_mut_val *x = yyjson_mut_obj_add_obj(d, o, "declaration");
    ADD(x, "exec_name", store_col_text(st, 0));
    ADD(x, "exec_title", store_col_text(st, 1));
    ADD(x, "date", store_col_text(st, 2));
    ADD(x, "text", store_col_text(st, 3));
    ADD(x, "created_at", store_col_text(st, 4));
  } else {
    yyjson_mut_obj_add_null(d, o, "declaration");
  }
  sqlite3_finalize(st);

  if (with_evidence) {
    scs_evidence *list = NULL;
    size_t n = 0;
    hoshi_err rc = scs_evidence_list(db, a->id, &list, &n, e);
    if (rc) return rc;
    yyjson_mut_val *arr = yyjson_mut_obj_add_arr(d, o, "evidence");
    for (size_t i = 0; i < n; i++) scs_evidence_json(d, yyjson_mut_arr_add_obj(d, arr), &list[i]);
    free(list);
  }
  return HOSHI_OK;
}

void scs_evidence_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_evidence *ev) {
  ADD(o, "id", ev->id);
  ADD(o, "criterion", ev->criterion_id);
  ADD(o, "kind", ev->kind);
  ADD(o, "filename", ev->filename);
  ADD(o, "content_type", ev->content_type);
  yyjson_mut_obj_add_int(d, o, "size", ev->size);
  ADD(o, "sha256", ev->sha256);
  ADD(o, "uploaded_at", ev->uploaded_at);
}

void scs_rating_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_rating *r, time_t now) {
  ADD(o, "id", r->id);
  ADD(o, "org_id", r->org_id);
  ADD(o, "assessment_id", r->assessment_id);
  ADD(o, "catalog", r->catalog_id);
  ADD(o, "level", r->level);
  yyjson_mut_val *scope = yyjson_mut_obj_add_obj(d, o, "scope");
  ADD(scope, "kind", r->scope_kind);
  ADD(scope, "description", r->scope_description);
  ADD(o, "issued_at", r->issued_at);
  ADD(o, "expires_at", r->expires_at);
  ADD(o, "status", scs_rating_effective_status(r, now));
  ADD(o, "status_reason", r->status_reason);
}

void scs_item_json(yyjson_mut_doc *d, yyjson_mut_val *o, const scs_item *it) {
  ADD(o, "id", it->id);
  ADD(o, "org_id", it->org_id);
  ADD(o, "assessment_id", it->assessment_id);
  ADD(o, "criterion", it->criterion_id);
  ADD(o, "what", it->what);
  ADD(o, "owner", it->owner);
  ADD(o, "due_date", it->due_date);
  ADD(o, "status", it->status);
  ADD(o, "updated_at", it->updated_at);
}

/* /api/v1/catalogs, /api/v1/assessments (both SCS paths), evidence, improvement plans,
 * experts and evaluation bodies. Rules live in scs_allowed; states in src/scs/workflow.c. */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "chain/chain.h"
#include "catalog/convert.h"
#include "http/http.h"
#include "org/org.h"
#include "scs/scs.h"
#include "scs/scs_detail.h"
#include "store/store.h"

/* ---- catalogs ---- */

void h_catalogs_list(http_req *r) {
  catalog_info *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (catalog_list(r->db, &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) {
    yyjson_mut_val *c = yyjson_mut_arr_add_obj(d, items);
    yyjson_mut_obj_add_strcpy(d, c, "id", list[i].id);
    yyjson_mut_obj_add_strcpy(d, c, "scheme", list[i].scheme);
    yyjson_mut_obj_add_strcpy(d, c, "version", list[i].version);
    yyjson_mut_obj_add_strcpy(d, c, "title_ja", list[i].title_ja);
    yyjson_mut_obj_add_strcpy(d, c, "title_en", list[i].title_en);
    yyjson_mut_obj_add_bool(d, c, "official_wording", list[i].official != 0);
    yyjson_mut_obj_add_int(d, c, "requirements", list[i].requirements);
    yyjson_mut_obj_add_int(d, c, "criteria", list[i].criteria);
    yyjson_mut_obj_add_strcpy(d, c, "imported_at", list[i].imported_at);
  }
  free(list);
  http_send_json(r, 200, d);
}

void h_catalogs_get(http_req *r) {
  char *json = NULL;
  size_t len = 0;
  hoshi_error e;
  if (catalog_get_document(r->db, r->params[0], &json, &len, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  const char *format = http_query(r, "format");
  if (format && strcmp(format, "oscal") == 0) {
    char *conv = NULL;
    size_t clen = 0;
    hoshi_err rc = catalog_to_oscal(json, len, &conv, &clen, &e);
    free(json);
    if (rc) http_send_hoshi(r, &e);
    else http_send_raw(r, 200, "application/json; charset=utf-8", conv, clen, 1, NULL, NULL);
    return;
  }
  if (format && strcmp(format, "hoshi") != 0) {
    free(json);
    http_send_error(r, 400, "invalid", "format", "format must be hoshi or oscal");
    return;
  }
  http_send_raw(r, 200, "application/json; charset=utf-8", json, len, 1, NULL, NULL);
}

void h_catalogs_import(http_req *r) {
  if (!(r->who.roles & ROLE_ADMIN)) {
    http_forbidden(r, "import catalogs (scheme operators only)");
    return;
  }
  char id[CATALOG_ID_MAX + 1];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  const char *format = http_query(r, "format");
  char *conv = NULL;
  size_t clen = 0;
  const char *body = r->body.p ? r->body.p : "";
  size_t blen = r->body.n;
  if (format && strcmp(format, "oscal") == 0) {
    if (catalog_from_oscal(body, blen, &conv, &clen, &e)) {
      http_send_hoshi(r, &e);
      return;
    }
  } else if (format && strcmp(format, "ciso-assistant") == 0) {
    if (catalog_from_cisoa_yaml(body, blen, &conv, &clen, &e)) {
      http_send_hoshi(r, &e);
      return;
    }
  } else if (format && strcmp(format, "hoshi") != 0) {
    http_send_error(r, 400, "invalid", "format", "format must be hoshi, oscal or ciso-assistant");
    return;
  }
  hoshi_err rc = catalog_import(r->db, &who, conv ? conv : body, conv ? clen : blen, "body", id, &e);
  free(conv);
  if (rc) {
    http_send_hoshi(r, &e);
    return;
  }
  catalog_info ci;
  catalog_get_info(r->db, id, &ci, NULL);
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", id);
  yyjson_mut_obj_add_int(d, root, "requirements", ci.requirements);
  yyjson_mut_obj_add_int(d, root, "criteria", ci.criteria);
  http_send_json(r, 201, d);
}

/* ---- assessments ---- */

static const char *action_words(scs_action a) {
  switch (a) {
    case SCS_READ: return "read this assessment";
    case SCS_EDIT: return "change this assessment (its organization's members only)";
    case SCS_SUBMIT: return "submit this assessment (its organization's members only)";
    case SCS_REVIEW: return "review this assessment (the assigned expert only)";
    case SCS_DECLARE: return "declare conformity (the assessed organization's members only)";
    case SCS_REQUEST_EVAL: return "request an evaluation (the assessed organization's members only)";
    case SCS_ACCEPT_EVAL: return "accept this evaluation (the chosen evaluation body only)";
    case SCS_EVALUATE: return "evaluate this assessment (its assigned evaluators only)";
    case SCS_CORRECT: return "answer nonconformities (the assessed organization's members only)";
    case SCS_EVIDENCE_READ: return "see this evidence (the supplier, its expert or its evaluators only)";
    case SCS_RATING_ADMIN: return "change this rating (the operator or the evaluation body only)";
  }
  return "do this";
}

/* Loads params[0] and checks the action; sends 404 or 403 and returns -1 when refused. */
static int load(http_req *r, scs_action act, scs_assessment *a, scs_relation *rel) {
  hoshi_error e;
  if (scs_get(r->db, r->params[0], a, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  if (scs_relation_of(r->db, &r->who, a, rel, &e)) {
    http_send_hoshi(r, &e);
    return -1;
  }
  if (!scs_allowed(rel, act)) {
    http_forbidden(r, action_words(act));
    return -1;
  }
  return 0;
}

static void reply_assessment(http_req *r, unsigned status, const char *id, const char *rating_id) {
  scs_assessment a;
  hoshi_error e;
  if (scs_get(r->db, id, &a, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  scs_assessment_json(d, root, &a);
  if (rating_id && *rating_id) yyjson_mut_obj_add_strcpy(d, root, "rating_id", rating_id);
  http_send_json(r, status, d);
}

void h_assessments_list(http_req *r) {
  scs_assessment *list = NULL;
  size_t n = 0;
  hoshi_error e;
  const char *status = http_query(r, "status");
  if (scs_list(r->db, &r->who, status, &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) {
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, items);
    scs_assessment_json(d, o, &list[i]);
    org og;
    if (org_get(r->db, list[i].org_id, &og, NULL) == HOSHI_OK) {
      yyjson_mut_obj_add_strcpy(d, o, "org_name_ja", og.name_ja);
      yyjson_mut_obj_add_strcpy(d, o, "org_name_en", og.name_en);
    }
  }
  free(list);
  http_send_json(r, 200, d);
}

void h_assessments_create(http_req *r) {
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"catalog", "level", "scope", "expert_user_id", "from", NULL};
  scs_new in = {0};
  scs_exclusion ex[SCS_EXCLUSIONS_MAX];
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "catalog", &in.catalog_id) ||
      json_opt_str(r, o, "level", &in.level) || json_opt_str(r, o, "expert_user_id", &in.expert_user_id) ||
      json_opt_str(r, o, "from", &in.from_id))
    goto done;
  yyjson_val *scope = yyjson_obj_get(o, "scope");
  if (!yyjson_is_obj(scope)) {
    http_send_error(r, 400, "invalid", "scope", "scope must be an object {\"kind\":\"company\",\"description\":\"…\",\"exclusions\":[…]}");
    goto done;
  }
  static const char *const scope_keys[] = {"kind", "description", "exclusions", NULL};
  if (json_only_keys(r, scope, scope_keys) || json_opt_str(r, scope, "kind", &in.scope_kind) ||
      json_opt_str(r, scope, "description", &in.scope_description))
    goto done;
  yyjson_val *xs = yyjson_obj_get(scope, "exclusions");
  if (xs && !yyjson_is_arr(xs)) {
    http_send_error(r, 400, "invalid", "scope.exclusions", "scope.exclusions must be an array of {\"asset\",\"reason\"}");
    goto done;
  }
  if (yyjson_arr_size(xs) > SCS_EXCLUSIONS_MAX) {
    http_send_error(r, 400, "invalid", "scope.exclusions", "at most %d excluded assets", SCS_EXCLUSIONS_MAX);
    goto done;
  }
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(xs, i, max, it) {
    ex[i].asset = yyjson_get_str(yyjson_obj_get(it, "asset"));
    ex[i].reason = yyjson_get_str(yyjson_obj_get(it, "reason"));
    in.n_exclusions = i + 1;
  }
  in.exclusions = ex;
  if (!(r->who.roles & ROLE_MEMBER)) {
    http_forbidden(r, "start an assessment (members of the supplier organization only)");
    goto done;
  }
  in.org_id = r->who.org_id;
  scs_assessment a;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (scs_create(r->db, &who, &in, &a, &e)) http_send_hoshi(r, &e);
  else reply_assessment(r, 201, a.id, NULL);
done:
  yyjson_doc_free(doc);
}

void h_assessments_get(http_req *r) {
  scs_assessment a;
  scs_relation rel;
  if (load(r, SCS_READ, &a, &rel)) return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  hoshi_error e;
  if (scs_detail_json(r->db, &a, scs_allowed(&rel, SCS_EVIDENCE_READ), d, root, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *can = yyjson_mut_obj_add_obj(d, root, "can");
  static const struct { scs_action a; const char *k; } acts[] = {
      {SCS_EDIT, "edit"}, {SCS_REVIEW, "review"}, {SCS_DECLARE, "declare"}, {SCS_ACCEPT_EVAL, "accept"},
      {SCS_EVALUATE, "evaluate"}, {SCS_CORRECT, "correct"}, {SCS_EVIDENCE_READ, "evidence"}};
  for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) yyjson_mut_obj_add_bool(d, can, acts[i].k, scs_allowed(&rel, acts[i].a));
  http_send_json(r, 200, d);
}

/* Runs one transition that needs only the assessment; reply with the new state. */
typedef hoshi_err (*simple_fn)(sqlite3 *, const audit_actor *, const scs_assessment *, hoshi_error *);
static void simple(http_req *r, scs_action act, simple_fn fn) {
  scs_assessment a;
  scs_relation rel;
  if (load(r, act, &a, &rel)) return;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (fn(r->db, &who, &a, &e)) http_send_hoshi(r, &e);
  else reply_assessment(r, 200, a.id, NULL);
}

/* Loads + parses the body with allowed keys; returns the doc or NULL after replying. */
static yyjson_doc *load_body(http_req *r, scs_action act, scs_assessment *a, const char *const *keys) {
  scs_relation rel;
  if (load(r, act, a, &rel)) return NULL;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return NULL;
  if (json_only_keys(r, yyjson_doc_get_root(doc), keys)) {
    yyjson_doc_free(doc);
    return NULL;
  }
  return doc;
}

void h_assessments_answer(http_req *r) {
  static const char *const keys[] = {"status", "reason", "comment", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_EDIT, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *status, *reason, *comment;
  if (json_opt_str(r, o, "status", &status) || json_opt_str(r, o, "reason", &reason) ||
      json_opt_str(r, o, "comment", &comment))
    goto done;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (scs_answer(r->db, &who, &a, r->params[1], status, reason, comment, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "criterion", r->params[1]);
  yyjson_mut_obj_add_strcpy(d, root, "status", status);
  yyjson_mut_obj_add_strcpy(d, root, "reason", reason ? reason : "");
  yyjson_mut_obj_add_strcpy(d, root, "comment", comment ? comment : "");
  http_send_json(r, 200, d);
done:
  yyjson_doc_free(doc);
}

void h_assessments_expert(http_req *r) {
  static const char *const keys[] = {"expert_user_id", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_EDIT, &a, keys);
  if (doc == NULL) return;
  const char *expert;
  if (json_opt_str(r, yyjson_doc_get_root(doc), "expert_user_id", &expert) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_assign_expert(r->db, &who, &a, expert, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_submit(http_req *r) { simple(r, SCS_SUBMIT, scs_submit); }
void h_assessments_confirm(http_req *r) { simple(r, SCS_REVIEW, scs_confirm); }
void h_assessments_request_corrections(http_req *r) { simple(r, SCS_EVALUATE, scs_request_corrections); }
void h_assessments_corrections_done(http_req *r) { simple(r, SCS_CORRECT, scs_corrections_done); }

void h_assessments_comment(http_req *r) {
  static const char *const keys[] = {"requirement", "body", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_REVIEW, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *req, *body;
  if (json_opt_str(r, o, "requirement", &req) == 0 && json_opt_str(r, o, "body", &body) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_comment(r->db, &who, &a, req, body, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 201, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_return(http_req *r) {
  static const char *const keys[] = {"reason", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_REVIEW, &a, keys);
  if (doc == NULL) return;
  const char *reason;
  if (json_opt_str(r, yyjson_doc_get_root(doc), "reason", &reason) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_return(r->db, &who, &a, reason, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_declare(http_req *r) {
  static const char *const keys[] = {"exec_name", "exec_title", "date", "text", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_DECLARE, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  scs_declaration dcl;
  if (json_opt_str(r, o, "exec_name", &dcl.exec_name) == 0 && json_opt_str(r, o, "exec_title", &dcl.exec_title) == 0 &&
      json_opt_str(r, o, "date", &dcl.declared_on) == 0 && json_opt_str(r, o, "text", &dcl.text) == 0) {
    hoshi_error e;
    char rid[UTIL_ID_LEN];
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_declare(r->db, &who, &a, &dcl, rid, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, rid);
  }
  yyjson_doc_free(doc);
}

void h_assessments_request_eval(http_req *r) {
  static const char *const keys[] = {"body_org_id", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_REQUEST_EVAL, &a, keys);
  if (doc == NULL) return;
  const char *body_org;
  if (json_opt_str(r, yyjson_doc_get_root(doc), "body_org_id", &body_org) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_request_evaluation(r->db, &who, &a, body_org, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_accept(http_req *r) {
  static const char *const keys[] = {"evaluators", "start", "end", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_ACCEPT_EVAL, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *start, *end, *ids[20];
  yyjson_val *evs = yyjson_obj_get(o, "evaluators");
  size_t n = 0;
  if (json_opt_str(r, o, "start", &start) || json_opt_str(r, o, "end", &end)) goto done;
  if (!yyjson_is_arr(evs) || yyjson_arr_size(evs) == 0 || yyjson_arr_size(evs) > 20) {
    http_send_error(r, 400, "invalid", "evaluators", "evaluators must be an array of 1 to 20 user ids");
    goto done;
  }
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(evs, i, max, it) {
    if (!yyjson_is_str(it)) {
      http_send_error(r, 400, "invalid", "evaluators", "evaluators[%zu] must be a user id", i);
      goto done;
    }
    ids[n++] = yyjson_get_str(it);
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (scs_accept_evaluation(r->db, &who, &a, ids, n, start, end, &e)) http_send_hoshi(r, &e);
  else reply_assessment(r, 200, a.id, NULL);
done:
  yyjson_doc_free(doc);
}

void h_assessments_finding(http_req *r) {
  static const char *const keys[] = {"result", "note", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_EVALUATE, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *result, *note;
  if (json_opt_str(r, o, "result", &result) == 0 && json_opt_str(r, o, "note", &note) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_finding(r->db, &who, &a, r->params[1], result, note, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_corrective(http_req *r) {
  static const char *const keys[] = {"action", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_CORRECT, &a, keys);
  if (doc == NULL) return;
  const char *action;
  if (json_opt_str(r, yyjson_doc_get_root(doc), "action", &action) == 0) {
    hoshi_error e;
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_corrective_action(r->db, &who, &a, r->params[1], action, &e)) http_send_hoshi(r, &e);
    else reply_assessment(r, 200, a.id, NULL);
  }
  yyjson_doc_free(doc);
}

void h_assessments_decide(http_req *r) {
  static const char *const keys[] = {"pass", "reason", NULL};
  scs_assessment a;
  yyjson_doc *doc = load_body(r, SCS_EVALUATE, &a, keys);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  int pass;
  const char *reason;
  if (json_opt_bool(r, o, "pass", &pass) == 0 && json_opt_str(r, o, "reason", &reason) == 0) {
    if (pass < 0) {
      http_send_error(r, 400, "invalid", "pass", "pass is required: true or false");
    } else {
      hoshi_error e;
      char rid[UTIL_ID_LEN] = "";
      audit_actor who = auth_actor(&r->who, r->request_id);
      if (scs_decide(r->db, &who, &a, pass, reason, rid, &e)) http_send_hoshi(r, &e);
      else reply_assessment(r, 200, a.id, rid);
    }
  }
  yyjson_doc_free(doc);
}

void h_assessments_evidence_add(http_req *r) {
  scs_assessment a;
  scs_relation rel;
  hoshi_error e;
  if (scs_get(r->db, r->params[0], &a, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (scs_relation_of(r->db, &r->who, &a, &rel, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  const char *kind = http_query(r, "kind");
  if (kind == NULL) kind = "evidence";
  /* Suppliers send evidence and corrective material; evaluators send the technical test. */
  scs_action need = strcmp(kind, "technical_test") == 0 ? SCS_EVALUATE : SCS_EDIT;
  if (!scs_allowed(&rel, need)) {
    http_forbidden(r, action_words(need));
    return;
  }
  const char *filename = http_query(r, "filename");
  scs_evidence ev;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (scs_evidence_add(r->db, &who, r->srv->cfg.data_dir, &a, http_query(r, "criterion"), kind, filename,
                       r->body.p ? r->body.p : "", r->body.n, &ev, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  scs_evidence_json(d, root, &ev);
  http_send_json(r, 201, d);
}

void h_evidence_get(http_req *r) {
  scs_evidence ev;
  scs_assessment a;
  scs_relation rel;
  hoshi_error e;
  if (scs_evidence_get(r->db, r->params[0], &ev, &e) || scs_get(r->db, ev.assessment_id, &a, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (scs_relation_of(r->db, &r->who, &a, &rel, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (!scs_allowed(&rel, SCS_EVIDENCE_READ)) {
    http_forbidden(r, action_words(SCS_EVIDENCE_READ));
    return;
  }
  char path[4300];
  scs_evidence_path(r->srv->cfg.data_dir, ev.sha256, path, sizeof path);
  FILE *f = fopen(path, "rb");
  char *buf = ev.size > 0 ? malloc((size_t)ev.size) : NULL;
  size_t got = (f && buf) ? fread(buf, 1, (size_t)ev.size, f) : 0;
  if (f) fclose(f);
  char check[65];
  if (buf) util_sha256_hex(buf, got, check);
  if (buf == NULL || got != (size_t)ev.size || strcmp(check, ev.sha256) != 0) {
    free(buf);
    fprintf(stderr, "hoshi: evidence %s: stored file %s is missing or does not match its hash\n", ev.id, path);
    http_send_error(r, 500, "io_error", "", "the stored file is missing or damaged (request %s)", r->request_id);
    return;
  }
  http_send_download(r, ev.content_type, ev.filename, buf, got);
}

/* ---- ratings ---- */

int http_rating_visible(http_req *r, const scs_rating *rt) {
  if (authz_sees_all(&r->who)) return 1;
  if (strcmp(rt->org_id, r->who.org_id) == 0 && (r->who.roles & ROLE_MEMBER)) return 1;
  /* A buyer sees a supplier's rating only while the supplier shares it. */
  if ((r->who.roles & ROLE_MEMBER) && sc_rating_shared_with(r->db, rt->id, r->who.org_id)) return 1;
  scs_assessment a;
  scs_relation rel;
  return scs_get(r->db, rt->assessment_id, &a, NULL) == HOSHI_OK &&
         scs_relation_of(r->db, &r->who, &a, &rel, NULL) == HOSHI_OK && (rel.body || rel.expert || rel.evaluator);
}

void h_ratings_list(http_req *r) {
  const char *org_id = http_query(r, "org_id");
  if (org_id == NULL) org_id = authz_sees_all(&r->who) ? NULL : r->who.org_id;
  if (org_id && !authz_sees_all(&r->who) && strcmp(org_id, r->who.org_id) != 0) {
    http_forbidden(r, "list another organization's ratings");
    return;
  }
  scs_rating *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (scs_rating_list(r->db, org_id, &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  time_t now = time(NULL);
  for (size_t i = 0; i < n; i++) scs_rating_json(d, yyjson_mut_arr_add_obj(d, items), &list[i], now);
  free(list);
  http_send_json(r, 200, d);
}

void h_ratings_get(http_req *r) {
  scs_rating rt;
  hoshi_error e;
  if (scs_rating_get(r->db, r->params[0], &rt, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (!http_rating_visible(r, &rt)) {
    http_forbidden(r, "read this rating");
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  scs_rating_json(d, root, &rt, time(NULL));
  org og;
  if (org_get(r->db, rt.org_id, &og, NULL) == HOSHI_OK) yyjson_mut_obj_add_val(d, root, "organization", json_org(d, &og));
  http_send_json(r, 200, d);
}

void h_ratings_status(http_req *r) {
  scs_rating rt;
  scs_assessment a;
  scs_relation rel;
  hoshi_error e;
  if (scs_rating_get(r->db, r->params[0], &rt, &e) || scs_get(r->db, rt.assessment_id, &a, &e) ||
      scs_relation_of(r->db, &r->who, &a, &rel, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (!scs_allowed(&rel, SCS_RATING_ADMIN)) {
    http_forbidden(r, action_words(SCS_RATING_ADMIN));
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  static const char *const keys[] = {"status", "reason", NULL};
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *status, *reason;
  if (json_only_keys(r, o, keys) == 0 && json_opt_str(r, o, "status", &status) == 0 &&
      json_opt_str(r, o, "reason", &reason) == 0) {
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_rating_set_status(r->db, &who, rt.id, status, reason, &e)) {
      http_send_hoshi(r, &e);
    } else {
      scs_rating_get(r->db, rt.id, &rt, NULL);
      yyjson_mut_val *root;
      yyjson_mut_doc *d = http_json_obj(&root);
      scs_rating_json(d, root, &rt, time(NULL));
      http_send_json(r, 200, d);
    }
  }
  yyjson_doc_free(doc);
}

/* ---- improvement plan ---- */

void h_improvements_list(http_req *r) {
  const char *org_id = http_query(r, "org_id");
  if (org_id == NULL) org_id = r->who.org_id;
  if (!authz_sees_all(&r->who) && !(strcmp(org_id, r->who.org_id) == 0 && (r->who.roles & ROLE_MEMBER))) {
    http_forbidden(r, "read this organization's improvement plan");
    return;
  }
  scs_item *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (scs_items_list(r->db, org_id, http_query(r, "assessment"), &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) scs_item_json(d, yyjson_mut_arr_add_obj(d, items), &list[i]);
  free(list);
  http_send_json(r, 200, d);
}

void h_improvements_update(http_req *r) {
  scs_item it;
  hoshi_error e;
  if (scs_item_get(r->db, r->params[0], &it, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  if (!(strcmp(it.org_id, r->who.org_id) == 0 && (r->who.roles & ROLE_MEMBER))) {
    http_forbidden(r, "change this organization's improvement plan");
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  static const char *const keys[] = {"what", "owner", "due_date", "status", NULL};
  yyjson_val *o = yyjson_doc_get_root(doc);
  const char *what, *owner, *due, *status;
  if (json_only_keys(r, o, keys) == 0 && json_opt_str(r, o, "what", &what) == 0 && json_opt_str(r, o, "owner", &owner) == 0 &&
      json_opt_str(r, o, "due_date", &due) == 0 && json_opt_str(r, o, "status", &status) == 0) {
    audit_actor who = auth_actor(&r->who, r->request_id);
    if (scs_item_update(r->db, &who, it.id, what, owner, due, status, &it, &e)) {
      http_send_hoshi(r, &e);
    } else {
      yyjson_mut_val *root;
      yyjson_mut_doc *d = http_json_obj(&root);
      scs_item_json(d, root, &it);
      http_send_json(r, 200, d);
    }
  }
  yyjson_doc_free(doc);
}

/* ---- people to choose from ---- */

static void list_role(http_req *r, const char *role) {
  user *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (user_list(r->db, NULL, &list, &n, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  int bit = auth_roles_parse(role, NULL);
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) {
    if (!(list[i].roles & (unsigned)bit) || list[i].disabled) continue;
    org og;
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, items);
    yyjson_mut_obj_add_strcpy(d, o, "user_id", list[i].id);
    yyjson_mut_obj_add_strcpy(d, o, "display_name", list[i].display_name);
    yyjson_mut_obj_add_strcpy(d, o, "org_id", list[i].org_id);
    if (org_get(r->db, list[i].org_id, &og, NULL) == HOSHI_OK) {
      yyjson_mut_obj_add_strcpy(d, o, "org_name_ja", og.name_ja);
      yyjson_mut_obj_add_strcpy(d, o, "org_name_en", og.name_en);
    }
  }
  free(list);
  http_send_json(r, 200, d);
}

void h_experts_list(http_req *r) { list_role(r, "expert"); }
void h_bodies_list(http_req *r) { list_role(r, "evaluator"); }

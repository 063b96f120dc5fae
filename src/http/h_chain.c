/* /api/v1/suppliers, requests, shares, dashboard and chain.svg: the buyer's side and the
 * supplier's side of the supply chain. Only members act for their organization. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chain/chain.h"
#include "http/http.h"
#include "org/org.h"

/* Reads {name: bool} members of sub-object key into the given slots; -1 after a 400. */
static int read_bools(http_req *r, yyjson_val *o, const char *key, const char *const *names, int **slots, int required) {
  yyjson_val *q = yyjson_obj_get(o, key);
  if (q == NULL) {
    if (!required) return 0;
    http_send_error(r, 400, "invalid", key, "%s is required: {\"%s\": true|false, …}", key, names[0]);
    return -1;
  }
  if (!yyjson_is_obj(q)) {
    http_send_error(r, 400, "invalid", key, "%s must be an object of true/false answers", key);
    return -1;
  }
  if (json_only_keys(r, q, names)) return -1;
  for (size_t i = 0; names[i]; i++) {
    yyjson_val *v = yyjson_obj_get(q, names[i]);
    if (v == NULL && required) {
      http_send_error(r, 400, "invalid", names[i], "%s.%s is required (true or false)", key, names[i]);
      return -1;
    }
    if (v && !yyjson_is_bool(v)) {
      http_send_error(r, 400, "invalid", names[i], "%s.%s must be true or false", key, names[i]);
      return -1;
    }
    *slots[i] = v ? yyjson_get_bool(v) : 0;
  }
  return 0;
}

static void row_json(yyjson_mut_doc *d, yyjson_mut_val *x, const sc_row *w) {
  yyjson_mut_obj_add_strcpy(d, x, "id", w->rel.id);
  yyjson_mut_obj_add_strcpy(d, x, "corporate_number", w->rel.supplier_corpnum);
  yyjson_mut_obj_add_strcpy(d, x, "name", w->rel.supplier_name);
  yyjson_mut_obj_add_strcpy(d, x, "contact_email", w->rel.contact_email);
  yyjson_mut_obj_add_strcpy(d, x, "kind", w->rel.kind);
  yyjson_mut_obj_add_strcpy(d, x, "criticality", w->rel.criticality);
  yyjson_mut_obj_add_strcpy(d, x, "required_level", w->rel.required_level);
  yyjson_mut_obj_add_strcpy(d, x, "reason", w->rel.reason);
  yyjson_mut_val *q = yyjson_mut_obj_add_obj(d, x, "questions");
  yyjson_mut_obj_add_bool(d, q, "confidential_info", w->rel.q.confidential);
  yyjson_mut_obj_add_bool(d, q, "business_interruption", w->rel.q.interruption);
  yyjson_mut_obj_add_bool(d, q, "network_access", w->rel.q.network);
  yyjson_mut_val *f = yyjson_mut_obj_add_obj(d, x, "factors");
  yyjson_mut_obj_add_bool(d, f, "impact_range", w->rel.q.impact);
  yyjson_mut_obj_add_bool(d, f, "no_substitute", w->rel.q.no_substitute);
  yyjson_mut_obj_add_bool(d, f, "stock_hard_to_secure", w->rel.q.stock);
  if (w->supplier_org_id[0]) yyjson_mut_obj_add_strcpy(d, x, "supplier_org_id", w->supplier_org_id);
  else yyjson_mut_obj_add_null(d, x, "supplier_org_id");
  yyjson_mut_obj_add_strcpy(d, x, "sector", w->supplier_sector);
  yyjson_mut_obj_add_bool(d, x, "sme", w->supplier_sme);
  yyjson_mut_obj_add_strcpy(d, x, "status", w->status);
  if (w->rating_id[0]) {
    yyjson_mut_val *rt = yyjson_mut_obj_add_obj(d, x, "rating");
    yyjson_mut_obj_add_strcpy(d, rt, "id", w->rating_id);
    yyjson_mut_obj_add_strcpy(d, rt, "level", w->rating_level);
    yyjson_mut_obj_add_strcpy(d, rt, "status", w->rating_status);
    yyjson_mut_obj_add_strcpy(d, rt, "expires_at", w->rating_expires);
  } else {
    yyjson_mut_obj_add_null(d, x, "rating");
  }
  if (w->request_id[0]) {
    yyjson_mut_val *rq = yyjson_mut_obj_add_obj(d, x, "request");
    yyjson_mut_obj_add_strcpy(d, rq, "id", w->request_id);
    yyjson_mut_obj_add_strcpy(d, rq, "status", w->request_status);
    yyjson_mut_obj_add_strcpy(d, rq, "due_date", w->request_due);
    yyjson_mut_obj_add_strcpy(d, rq, "level", w->request_level);
  } else {
    yyjson_mut_obj_add_null(d, x, "request");
  }
}

void h_suppliers_create(http_req *r) {
  if (http_need_member(r, "add suppliers (members of the buyer organization only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"corporate_number", "name", "contact_email", "kind", "criticality", "questions",
                                     "factors", "reason", NULL};
  static const char *const qn[] = {"confidential_info", "business_interruption", "network_access", NULL};
  static const char *const fn[] = {"impact_range", "no_substitute", "stock_hard_to_secure", NULL};
  sc_rel_input in;
  memset(&in, 0, sizeof in);
  int *qs[] = {&in.q.confidential, &in.q.interruption, &in.q.network};
  int *fs[] = {&in.q.impact, &in.q.no_substitute, &in.q.stock};
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "corporate_number", &in.corporate_number) ||
      json_opt_str(r, o, "name", &in.name) || json_opt_str(r, o, "contact_email", &in.contact_email) ||
      json_opt_str(r, o, "kind", &in.kind) || json_opt_str(r, o, "criticality", &in.criticality) ||
      json_opt_str(r, o, "reason", &in.reason) || read_bools(r, o, "questions", qn, qs, 1) ||
      read_bools(r, o, "factors", fn, fs, 0))
    goto done;
  sc_relationship rel;
  char token[65];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (sc_add(r->db, &who, r->who.org_id, &in, &rel, token, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", rel.id);
  yyjson_mut_obj_add_strcpy(d, root, "required_level", rel.required_level);
  yyjson_mut_obj_add_strcpy(d, root, "reason", rel.reason);
  if (token[0]) {
    /* The supplier is not registered yet: the buyer forwards this one-time invitation. */
    yyjson_mut_val *inv = yyjson_mut_obj_add_obj(d, root, "invitation");
    yyjson_mut_obj_add_strcpy(d, inv, "token", token);
    yyjson_mut_obj_add_int(d, inv, "valid_days", SC_INVITE_DAYS);
  }
  http_send_json(r, 201, d);
done:
  yyjson_doc_free(doc);
}

static void csv_cell(hoshi_buf *b, const char *s, int last) {
  hoshi_buf_putc(b, '"');
  /* A leading = + - @ would be run as a formula by spreadsheet programs. */
  if (*s == '=' || *s == '+' || *s == '-' || *s == '@') hoshi_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"') hoshi_buf_putc(b, '"');
    hoshi_buf_putc(b, *s);
  }
  hoshi_buf_puts(b, last ? "\"\r\n" : "\",");
}

static int csv_row(const sc_row *w, void *ctx) {
  hoshi_buf *b = ctx;
  const char *v[] = {w->rel.supplier_corpnum, w->rel.supplier_name, w->rel.required_level, w->status, w->rating_level,
                     w->rating_expires, w->request_status, w->request_due, w->rel.kind, w->rel.criticality, w->rel.reason};
  for (size_t i = 0; i < 11; i++) csv_cell(b, v[i], i == 10);
  return b->oom ? -1 : 0;
}

/* The JSON list with its filter (name or 法人番号 containing q; one status) and page. */
typedef struct json_rows {
  yyjson_mut_doc *d;
  yyjson_mut_val *items;
  const char *q, *status;
  long long offset, limit; /* limit < 0: every matching row */
  size_t total, matched;
} json_rows;

static int json_row(const sc_row *w, void *ctx) {
  json_rows *j = ctx;
  j->total++;
  if (j->status && strcmp(w->status, j->status) != 0) return 0;
  if (j->q && !strstr(w->rel.supplier_name, j->q) && !strstr(w->rel.supplier_corpnum, j->q)) return 0;
  long long at = (long long)j->matched++;
  if (at < j->offset || (j->limit >= 0 && at >= j->offset + j->limit)) return 0;
  yyjson_mut_val *o = yyjson_mut_arr_add_obj(j->d, j->items);
  if (o == NULL) return -1;
  row_json(j->d, o, w);
  return 0;
}

void h_suppliers_list(http_req *r) {
  hoshi_error e;
  const char *format = http_query(r, "format");
  if (format && strcmp(format, "xlsx") == 0) {
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/tmp", r->srv->cfg.data_dir);
    mkdir(r->srv->cfg.data_dir, 0700);
    hoshi_buf x = HOSHI_BUF_INIT;
    if (sc_export_xlsx(r->db, r->who.org_id, time(NULL), tmp, &x, &e)) {
      hoshi_buf_free(&x);
      http_send_hoshi(r, &e);
      return;
    }
    size_t len = x.n;
    http_send_download(r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "suppliers.xlsx",
                       hoshi_buf_take(&x), len);
    return;
  }
  if (format && strcmp(format, "csv") == 0) {
    hoshi_buf b = HOSHI_BUF_INIT;
    hoshi_buf_puts(&b, "\xEF\xBB\xBF"); /* BOM so that Excel reads UTF-8 */
    const char *head[] = {"corporate_number", "name", "required_level", "status", "rating_level", "rating_expires_at",
                          "request_status", "request_due_date", "kind", "criticality", "reason"};
    for (size_t i = 0; i < 11; i++) csv_cell(&b, head[i], i == 10);
    if (sc_list_each(r->db, r->who.org_id, time(NULL), csv_row, &b, &e)) {
      hoshi_buf_free(&b);
      http_send_hoshi(r, &e);
      return;
    }
    size_t len = b.n;
    char *data = hoshi_buf_take(&b);
    if (data == NULL) {
      http_send_error(r, 500, "out_of_memory", "", "out of memory");
      return;
    }
    http_send_download(r, "text/csv; charset=utf-8", "suppliers.csv", data, len);
    return;
  }
  json_rows j = {0};
  j.q = http_query(r, "q");
  j.status = http_query(r, "status");
  if (j.q && (!*j.q || strlen(j.q) > SC_NAME_MAX)) j.q = NULL;
  static const char *const statuses[] = {"met", "expiring", "pending", "overdue", "expired", "not_met"};
  int known = j.status == NULL;
  for (size_t i = 0; j.status && i < 6; i++) known |= !strcmp(j.status, statuses[i]);
  if (!known) {
    http_send_error(r, 400, "invalid", "status", "status must be one of met, expiring, pending, overdue, expired, not_met");
    return;
  }
  if (http_query_int(r, "offset", 0, SC_LIST_MAX, 0, &j.offset) || http_query_int(r, "limit", 1, SC_PAGE_MAX, -1, &j.limit))
    return;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  j.d = d;
  j.items = yyjson_mut_obj_add_arr(d, root, "items");
  if (sc_list_each(r->db, r->who.org_id, time(NULL), json_row, &j, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  /* count: the rows that match (all of them without a filter); total: the buyer's suppliers */
  yyjson_mut_obj_add_uint(d, root, "count", j.matched);
  yyjson_mut_obj_add_uint(d, root, "total", j.total);
  yyjson_mut_obj_add_int(d, root, "offset", j.offset);
  http_send_json(r, 200, d);
}

void h_suppliers_import(http_req *r) {
  if (http_need_member(r, "import suppliers (members of the buyer organization only)")) return;
  size_t added = 0, n_errs = 0;
  sc_import_error *errs = NULL;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  /* An XLSX workbook is a zip file: its first bytes say which reader to use. */
  int xlsx = r->body.n >= 4 && memcmp(r->body.p, "PK\x03\x04", 4) == 0;
  hoshi_err rc = (xlsx ? sc_import_xlsx : sc_import_csv)(r->db, &who, r->who.org_id, r->body.p ? r->body.p : "", r->body.n,
                                                         &added, &errs, &n_errs, &e);
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  if (rc == HOSHI_OK) {
    yyjson_mut_obj_add_uint(d, root, "added", added);
    free(errs);
    http_send_json(r, 201, d);
    return;
  }
  if (rc != HOSHI_EINVAL && rc != HOSHI_ELIMIT) {
    yyjson_mut_doc_free(d);
    free(errs);
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *err = yyjson_mut_obj_add_obj(d, root, "error");
  yyjson_mut_obj_add_str(d, err, "code", hoshi_err_code(rc));
  yyjson_mut_obj_add_strcpy(d, err, "message", e.message);
  yyjson_mut_obj_add_strcpy(d, err, "field", e.field);
  yyjson_mut_val *rows = yyjson_mut_obj_add_arr(d, root, "rows");
  for (size_t i = 0; i < n_errs; i++) {
    yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, rows);
    yyjson_mut_obj_add_uint(d, x, "row", errs[i].row);
    yyjson_mut_obj_add_strcpy(d, x, "column", errs[i].column);
    yyjson_mut_obj_add_strcpy(d, x, "message", errs[i].message);
  }
  free(errs);
  http_send_json(r, (unsigned)hoshi_err_http_status(rc), d);
}

void h_requests_create(http_req *r) {
  if (http_need_member(r, "send requests (members of the buyer organization only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"supplier", "level", "due_date", "message", NULL};
  const char *sup, *level, *due, *msg;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "supplier", &sup) || json_opt_str(r, o, "level", &level) ||
      json_opt_str(r, o, "due_date", &due) || json_opt_str(r, o, "message", &msg))
    goto done;
  sc_relationship rel;
  hoshi_error e;
  if (sup == NULL || sc_get(r->db, sup, &rel, NULL) != HOSHI_OK || strcmp(rel.buyer_org_id, r->who.org_id) != 0) {
    http_send_error(r, 400, "invalid", "supplier", "supplier must be the id of one of your supplier relationships");
    goto done;
  }
  char id[UTIL_ID_LEN];
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (sc_request(r->db, &who, &rel, level, due, msg, id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "id", id);
  yyjson_mut_obj_add_strcpy(d, root, "status", "sent");
  http_send_json(r, 201, d);
done:
  yyjson_doc_free(doc);
}

void h_requests_list(http_req *r) {
  const char *box = http_query(r, "box");
  int inbox = box == NULL || strcmp(box, "outbox") != 0;
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  hoshi_error e;
  if (sc_requests_json(r->db, r->who.org_id, inbox, d, items, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

static void answer(http_req *r, int accept) {
  if (http_need_member(r, "answer requests (members of the supplier organization only)")) return;
  const char *reason = NULL;
  yyjson_doc *doc = NULL;
  if (r->body.n) {
    doc = http_body_json(r);
    if (doc == NULL) return;
    static const char *const keys[] = {"reason", NULL};
    if (json_only_keys(r, yyjson_doc_get_root(doc), keys) || json_opt_str(r, yyjson_doc_get_root(doc), "reason", &reason)) {
      yyjson_doc_free(doc);
      return;
    }
  }
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (sc_answer(r->db, &who, r->params[0], r->who.org_id, accept, reason, &e)) {
    http_send_hoshi(r, &e);
  } else {
    yyjson_mut_val *root;
    yyjson_mut_doc *d = http_json_obj(&root);
    yyjson_mut_obj_add_strcpy(d, root, "id", r->params[0]);
    yyjson_mut_obj_add_str(d, root, "status", accept ? "accepted" : "declined");
    http_send_json(r, 200, d);
  }
  yyjson_doc_free(doc);
}

void h_requests_accept(http_req *r) { answer(r, 1); }
void h_requests_decline(http_req *r) { answer(r, 0); }

void h_shares_create(http_req *r) {
  if (http_need_member(r, "share (members of the supplier organization only)")) return;
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"rating", "assessment", "buyer", NULL};
  const char *rating, *assessment, *buyer;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "rating", &rating) || json_opt_str(r, o, "assessment", &assessment) ||
      json_opt_str(r, o, "buyer", &buyer))
    goto done;
  char id[UTIL_ID_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (sc_share(r->db, &who, r->who.org_id, rating, assessment, buyer, id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  http_send_id(r, 201, id);
done:
  yyjson_doc_free(doc);
}

void h_shares_list(http_req *r) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *given = yyjson_mut_obj_add_arr(d, root, "given");
  yyjson_mut_val *received = yyjson_mut_obj_add_arr(d, root, "received");
  hoshi_error e;
  if (sc_shares_json(r->db, r->who.org_id, d, given, received, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_shares_delete(http_req *r) {
  if (http_need_member(r, "withdraw shares (members of the supplier organization only)")) return;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (sc_withdraw(r->db, &who, r->who.org_id, r->params[0], &e)) http_send_hoshi(r, &e);
  else http_send_no_content(r);
}

void h_dashboard(http_req *r) {
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  hoshi_error e;
  if (sc_dashboard_json(r->db, r->who.org_id, time(NULL), d, root, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_chain_svg(http_req *r) {
  const char *ds = http_query(r, "depth");
  int depth = ds ? atoi(ds) : 3;
  char *svg = NULL;
  size_t len = 0;
  hoshi_error e;
  if (sc_chain_svg(r->db, r->who.org_id, depth, time(NULL), &svg, &len, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  http_send_raw(r, 200, "image/svg+xml; charset=utf-8", svg, len, 1, NULL, NULL);
}

void h_buyers_list(http_req *r) {
  /* Organizations that list the caller as a supplier: whom it may want to share with. */
  org me;
  hoshi_error e;
  if (org_get(r->db, r->who.org_id, &me, &e)) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  if (sc_buyers_json(r->db, me.corporate_number, d, items, &e)) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_invitation_accept(http_req *r) {
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const keys[] = {"username", "password", "display_name", "name_ja", "name_en", "sector", "is_sme", "address", NULL};
  sc_invitee in;
  memset(&in, 0, sizeof in);
  int sme = -1;
  if (json_only_keys(r, o, keys) || json_opt_str(r, o, "username", &in.username) || json_opt_str(r, o, "password", &in.password) ||
      json_opt_str(r, o, "display_name", &in.display_name) || json_opt_str(r, o, "name_ja", &in.name_ja) ||
      json_opt_str(r, o, "name_en", &in.name_en) || json_opt_str(r, o, "sector", &in.sector) ||
      json_opt_bool(r, o, "is_sme", &sme) || json_opt_str(r, o, "address", &in.address))
    goto done;
  in.is_sme = sme > 0;
  char org_id[UTIL_ID_LEN], user_id[UTIL_ID_LEN];
  hoshi_error e;
  if (sc_accept_invitation(r->db, r->params[0], &in, org_id, user_id, &e)) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_strcpy(d, root, "org_id", org_id);
  yyjson_mut_obj_add_strcpy(d, root, "user_id", user_id);
  http_send_json(r, 201, d);
done:
  yyjson_doc_free(doc);
}

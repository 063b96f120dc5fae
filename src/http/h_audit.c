/* /api/v1/audit: read the audit log (paged by sequence number) and verify its chain. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "http/http.h"

#define AUDIT_PAGE_MAX 500

static int add_record(const audit_record *rec, void *ctx) {
  void **pair = ctx;
  yyjson_mut_doc *d = pair[0];
  yyjson_mut_val *items = pair[1];
  yyjson_mut_val *v = yyjson_mut_obj(d);
  yyjson_mut_obj_add_int(d, v, "seq", rec->seq);
  yyjson_mut_obj_add_strcpy(d, v, "at", rec->at);
  yyjson_mut_obj_add_strcpy(d, v, "actor", rec->actor);
  if (rec->org_id) yyjson_mut_obj_add_strcpy(d, v, "org_id", rec->org_id);
  else yyjson_mut_obj_add_null(d, v, "org_id");
  yyjson_mut_obj_add_strcpy(d, v, "action", rec->action);
  yyjson_mut_obj_add_strcpy(d, v, "object_type", rec->object_type);
  yyjson_mut_obj_add_strcpy(d, v, "object_id", rec->object_id);
  yyjson_mut_obj_add_strcpy(d, v, "summary", rec->summary);
  yyjson_mut_obj_add_strcpy(d, v, "request_id", rec->request_id);
  yyjson_mut_obj_add_strcpy(d, v, "hash", rec->hash);
  yyjson_mut_arr_append(items, v);
  return 0;
}

void h_audit_list(http_req *r) {
  const char *org_id = http_query(r, "org_id");
  if (org_id == NULL && !authz_sees_all(&r->who)) org_id = r->who.org_id;
  if (!authz_audit(&r->who, org_id)) {
    http_forbidden(r, "read this audit log");
    return;
  }
  const char *after_s = http_query(r, "after"), *limit_s = http_query(r, "limit");
  char *end = NULL;
  long long after = after_s ? strtoll(after_s, &end, 10) : 0;
  if (after_s && (*end || after < 0)) {
    http_send_error(r, 400, "invalid", "after", "after must be a record number ≥ 0");
    return;
  }
  long long limit = limit_s ? strtoll(limit_s, &end, 10) : 100;
  if (limit_s && (*end || limit < 1 || limit > AUDIT_PAGE_MAX)) {
    http_send_error(r, 400, "invalid", "limit", "limit must be 1 to %d", AUDIT_PAGE_MAX);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  void *pair[2] = {d, items};
  hoshi_error e;
  if (audit_each(r->db, org_id, after, limit, add_record, pair, &e) != HOSHI_OK) {
    yyjson_mut_doc_free(d);
    http_send_hoshi(r, &e);
    return;
  }
  http_send_json(r, 200, d);
}

void h_audit_verify(http_req *r) {
  if (!authz_audit(&r->who, NULL)) {
    http_forbidden(r, "verify the whole audit log (admin or auditor)");
    return;
  }
  audit_verify_result res;
  hoshi_error e;
  if (audit_verify(r->db, &res, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_bool(d, root, "ok", res.bad_seq == 0);
  yyjson_mut_obj_add_int(d, root, "records", res.records);
  if (res.bad_seq) {
    yyjson_mut_obj_add_int(d, root, "first_bad_seq", res.bad_seq);
    yyjson_mut_obj_add_strcpy(d, root, "reason", res.reason);
  }
  yyjson_mut_obj_add_strcpy(d, root, "head", res.head);
  http_send_json(r, 200, d);
}

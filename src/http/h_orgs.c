/* /api/v1/orgs: list, create, read, update organizations. Rules live in authz_org. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "org/org.h"

void h_orgs_list(http_req *r) {
  org *list = NULL;
  size_t n = 0;
  hoshi_error e;
  const char *only = authz_sees_all(&r->who) ? NULL : r->who.org_id;
  const char *q = http_query(r, "q");
  if (q && strlen(q) > ORG_NAME_MAX) {
    http_send_error(r, 400, "invalid", "q", "q is longer than %d bytes", ORG_NAME_MAX);
    return;
  }
  if (org_list(r->db, only, q, &list, &n, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) yyjson_mut_arr_append(items, json_org(d, &list[i]));
  yyjson_mut_obj_add_uint(d, root, "count", n);
  free(list);
  http_send_json(r, 200, d);
}

/* Reads the organization fields of a create or update body; -1 when a 400 was sent. */
static int read_fields(http_req *r, yyjson_val *o, org_fields *f) {
  static const char *const allowed[] = {"corporate_number", "name_ja", "name_en", "sector", "is_sme", "address", NULL};
  if (json_only_keys(r, o, allowed)) return -1;
  if (json_opt_str(r, o, "corporate_number", &f->corporate_number) || json_opt_str(r, o, "name_ja", &f->name_ja) ||
      json_opt_str(r, o, "name_en", &f->name_en) || json_opt_str(r, o, "sector", &f->sector) ||
      json_opt_bool(r, o, "is_sme", &f->is_sme) || json_opt_str(r, o, "address", &f->address))
    return -1;
  return 0;
}

static void reply_org(http_req *r, unsigned status, const org *o) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_doc_set_root(d, json_org(d, o));
  http_send_json(r, status, d);
}

void h_orgs_create(http_req *r) {
  if (!authz_org(&r->who, AUTHZ_CREATE, NULL)) {
    http_forbidden(r, "create organizations (scheme operators only)");
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  org_fields f = ORG_FIELDS_INIT;
  org o;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (read_fields(r, yyjson_doc_get_root(doc), &f) == 0) {
    if (org_create(r->db, &who, &f, &o, &e) == HOSHI_OK) reply_org(r, 201, &o);
    else http_send_hoshi(r, &e);
  }
  yyjson_doc_free(doc);
}

void h_orgs_get(http_req *r) {
  const char *id = r->params[0];
  if (!authz_org(&r->who, AUTHZ_READ, id)) {
    http_forbidden(r, "read this organization");
    return;
  }
  org o;
  hoshi_error e;
  if (org_get(r->db, id, &o, &e) != HOSHI_OK) http_send_hoshi(r, &e);
  else reply_org(r, 200, &o);
}

void h_orgs_update(http_req *r) {
  const char *id = r->params[0];
  if (!authz_org(&r->who, AUTHZ_UPDATE, id)) {
    http_forbidden(r, "change this organization");
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  org_fields f = ORG_FIELDS_INIT;
  org o;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (read_fields(r, yyjson_doc_get_root(doc), &f) == 0) {
    if (org_update(r->db, &who, id, &f, &o, &e) == HOSHI_OK) reply_org(r, 200, &o);
    else http_send_hoshi(r, &e);
  }
  yyjson_doc_free(doc);
}

/* /api/v1/users: list, create, read, update users and set passwords. Rules in authz_user. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

/* roles as a JSON array of names; *out -1 when absent; returns -1 after sending 400. */
static int read_roles(http_req *r, yyjson_val *o, int *out) {
  *out = -1;
  yyjson_val *v = yyjson_obj_get(o, "roles");
  if (v == NULL || yyjson_is_null(v)) return 0;
  if (!yyjson_is_arr(v)) {
    http_send_error(r, 400, "invalid", "roles", "roles must be an array of role names, e.g. [\"member\"]");
    return -1;
  }
  unsigned roles = 0;
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(v, i, max, it) {
    hoshi_error e;
    int one = yyjson_is_str(it) ? auth_roles_parse(yyjson_get_str(it), &e) : -1;
    if (one <= 0) {
      http_send_error(r, 400, "invalid", "roles",
                      "roles[%zu] must be one of admin, member, expert, evaluator, auditor", i);
      return -1;
    }
    roles |= (unsigned)one;
  }
  *out = (int)roles;
  return 0;
}

static void reply_user(http_req *r, unsigned status, const user *u) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_doc_set_root(d, json_user(d, u));
  http_send_json(r, status, d);
}

void h_users_list(http_req *r) {
  const char *org_id = http_query(r, "org_id");
  const char *filter = org_id;
  if (!authz_sees_all(&r->who)) {
    if (org_id && strcmp(org_id, r->who.org_id) != 0) {
      http_forbidden(r, "list another organization's users");
      return;
    }
    filter = r->who.org_id;
  }
  user *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (user_list(r->db, filter, &list, &n, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  size_t shown = 0;
  for (size_t i = 0; i < n; i++) {
    if (!authz_user(&r->who, AUTHZ_READ, list[i].id, list[i].org_id, list[i].roles)) continue;
    yyjson_mut_arr_append(items, json_user(d, &list[i]));
    shown++;
  }
  yyjson_mut_obj_add_uint(d, root, "count", shown);
  free(list);
  http_send_json(r, 200, d);
}

void h_users_create(http_req *r) {
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"org_id", "username", "display_name", "email", "password", "roles", NULL};
  user_fields f = USER_FIELDS_INIT;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "org_id", &f.org_id) ||
      json_opt_str(r, o, "username", &f.username) || json_opt_str(r, o, "display_name", &f.display_name) ||
      json_opt_str(r, o, "email", &f.email) || json_opt_str(r, o, "password", &f.password) ||
      read_roles(r, o, &f.roles))
    goto done;
  if (f.org_id == NULL) f.org_id = r->who.org_id;
  if (!authz_user(&r->who, AUTHZ_CREATE, NULL, f.org_id, f.roles > 0 ? (unsigned)f.roles : 0)) {
    http_forbidden(r, "create this user (members add member or auditor users to their own organization)");
    goto done;
  }
  user u;
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (user_create(r->db, &who, &f, &u, &e) == HOSHI_OK) reply_user(r, 201, &u);
  else http_send_hoshi(r, &e);
done:
  yyjson_doc_free(doc);
}

void h_users_get(http_req *r) {
  user u;
  hoshi_error e;
  if (user_get(r->db, r->params[0], &u, &e) != HOSHI_OK) {
    /* Same answer as "not allowed" would leak existence to outsiders: decide first on org. */
    if (!authz_sees_all(&r->who)) http_forbidden(r, "read this user");
    else http_send_hoshi(r, &e);
    return;
  }
  if (!authz_user(&r->who, AUTHZ_READ, u.id, u.org_id, u.roles)) {
    http_forbidden(r, "read this user");
    return;
  }
  reply_user(r, 200, &u);
}

void h_users_update(http_req *r) {
  user before;
  hoshi_error e;
  if (user_get(r->db, r->params[0], &before, &e) != HOSHI_OK) {
    if (!authz_sees_all(&r->who)) http_forbidden(r, "change this user");
    else http_send_hoshi(r, &e);
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"display_name", "email", "roles", "disabled", NULL};
  user_fields f = USER_FIELDS_INIT;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "display_name", &f.display_name) ||
      json_opt_str(r, o, "email", &f.email) || read_roles(r, o, &f.roles) ||
      json_opt_bool(r, o, "disabled", &f.disabled))
    goto done;
  unsigned touched = before.roles | (f.roles > 0 ? (unsigned)f.roles : 0);
  if (!authz_user(&r->who, AUTHZ_UPDATE, before.id, before.org_id, touched)) {
    http_forbidden(r, "change this user");
    goto done;
  }
  user u;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (user_update(r->db, &who, before.id, &f, &u, &e) == HOSHI_OK) reply_user(r, 200, &u);
  else http_send_hoshi(r, &e);
done:
  yyjson_doc_free(doc);
}

void h_users_password(http_req *r) {
  const char *id = r->params[0];
  if (!authz_password(&r->who, id)) {
    http_forbidden(r, "set this user's password");
    return;
  }
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"password", "current_password", NULL};
  const char *pw, *current;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "password", &pw) ||
      json_opt_str(r, o, "current_password", &current))
    goto done;
  hoshi_error e;
  if (strcmp(id, r->who.user_id) == 0) {
    /* Changing one's own password needs the current one, so a stolen session is not enough. */
    if (current == NULL) {
      http_send_error(r, 400, "invalid", "current_password", "current_password is required to change your own password");
      goto done;
    }
    if (!auth_check_password(r->db, id, current)) {
      http_send_error(r, 400, "invalid", "current_password", "current_password is wrong");
      goto done;
    }
  }
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (user_set_password(r->db, &who, id, pw, &e) == HOSHI_OK) http_send_no_content(r);
  else http_send_hoshi(r, &e);
done:
  yyjson_doc_free(doc);
}

/* /api/v1/tokens: a user's API tokens. The secret appears once, in the create answer. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

void h_tokens_list(http_req *r) {
  const char *uid = http_query(r, "user_id");
  if (uid == NULL) uid = r->who.user_id;
  if (!authz_token(&r->who, uid)) {
    http_forbidden(r, "list another user's tokens");
    return;
  }
  api_token *list = NULL;
  size_t n = 0;
  hoshi_error e;
  if (token_list(r->db, uid, &list, &n, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) yyjson_mut_arr_append(items, json_token(d, &list[i]));
  free(list);
  http_send_json(r, 200, d);
}

void h_tokens_create(http_req *r) {
  yyjson_doc *doc = http_body_json(r);
  if (doc == NULL) return;
  yyjson_val *o = yyjson_doc_get_root(doc);
  static const char *const allowed[] = {"name", "roles", "expires_in_days", NULL};
  const char *name;
  long long days = 0;
  int have_days = 0;
  unsigned roles = 0;
  if (json_only_keys(r, o, allowed) || json_opt_str(r, o, "name", &name) ||
      json_opt_int(r, o, "expires_in_days", &days, &have_days))
    goto done;
  yyjson_val *rv = yyjson_obj_get(o, "roles");
  if (rv && !yyjson_is_null(rv)) {
    if (!yyjson_is_arr(rv)) {
      http_send_error(r, 400, "invalid", "roles", "roles must be an array of role names");
      goto done;
    }
    size_t i, max;
    yyjson_val *it;
    yyjson_arr_foreach(rv, i, max, it) {
      int one = yyjson_is_str(it) ? auth_roles_parse(yyjson_get_str(it), NULL) : -1;
      if (one <= 0) {
        http_send_error(r, 400, "invalid", "roles", "roles[%zu] must be one of admin, member, expert, evaluator, auditor", i);
        goto done;
      }
      roles |= (unsigned)one;
    }
  }
  if (roles & ~r->who.roles) {
    http_send_error(r, 400, "invalid", "roles", "a token can hold only roles you hold in this session");
    goto done;
  }
  if (roles == 0) roles = r->who.roles;
  if (days < 0 || days > 3650) {
    http_send_error(r, 400, "invalid", "expires_in_days", "expires_in_days must be 0 (never) to 3650");
    goto done;
  }
  api_token t;
  char secret[AUTH_TOKEN_SECRET_LEN];
  hoshi_error e;
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (token_create(r->db, &who, r->who.user_id, name, roles, (int)days, &t, secret, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    goto done;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_obj_add_val(d, root, "token", json_token(d, &t));
  yyjson_mut_obj_add_strcpy(d, root, "secret", secret);
  memset(secret, 0, sizeof secret);
  http_send_json(r, 201, d);
done:
  yyjson_doc_free(doc);
}

void h_tokens_revoke(http_req *r) {
  api_token t;
  hoshi_error e;
  if (token_get(r->db, r->params[0], &t, &e) != HOSHI_OK || !authz_token(&r->who, t.user_id)) {
    http_send_error(r, 404, "not_found", "id", "no token %.64s of yours", r->params[0]);
    return;
  }
  audit_actor who = auth_actor(&r->who, r->request_id);
  if (token_revoke(r->db, &who, t.id, &e) == HOSHI_OK) http_send_no_content(r);
  else http_send_hoshi(r, &e);
}

/* JSON in and out for handlers: parse a request body with the error position, typed member
 * access that answers 400 naming the member, and the shared object builders. */
#include <string.h>

#include "http/http.h"
#include "org/org.h"

yyjson_doc *http_body_json(http_req *r) {
  if (r->body.n == 0) {
    http_send_error(r, 400, "invalid", "body", "a JSON object body is required");
    return NULL;
  }
  yyjson_read_err err;
  yyjson_doc *doc = yyjson_read_opts(r->body.p, r->body.n, 0, NULL, &err);
  if (doc == NULL) {
    /* Line and column help a person find the mistake in what they typed. */
    size_t line = 1, col = 1;
    for (size_t i = 0; i < err.pos && i < r->body.n; i++) {
      if (r->body.p[i] == '\n') { line++; col = 1; } else col++;
    }
    http_send_error(r, 400, "malformed_json", "body", "malformed JSON at byte %zu (line %zu, column %zu): %s",
                    err.pos, line, col, err.msg);
    return NULL;
  }
  if (!yyjson_is_obj(yyjson_doc_get_root(doc))) {
    yyjson_doc_free(doc);
    http_send_error(r, 400, "invalid", "body", "the body must be a JSON object");
    return NULL;
  }
  return doc;
}

int json_opt_str(http_req *r, yyjson_val *o, const char *key, const char **out) {
  yyjson_val *v = yyjson_obj_get(o, key);
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) return 0;
  if (!yyjson_is_str(v)) {
    http_send_error(r, 400, "invalid", key, "%s must be a string", key);
    return -1;
  }
  if (strlen(yyjson_get_str(v)) != yyjson_get_len(v)) {
    http_send_error(r, 400, "invalid", key, "%s must not contain NUL characters", key);
    return -1;
  }
  *out = yyjson_get_str(v);
  return 0;
}

int json_opt_bool(http_req *r, yyjson_val *o, const char *key, int *out) {
  yyjson_val *v = yyjson_obj_get(o, key);
  *out = -1;
  if (v == NULL || yyjson_is_null(v)) return 0;
  if (!yyjson_is_bool(v)) {
    http_send_error(r, 400, "invalid", key, "%s must be true or false", key);
    return -1;
  }
  *out = yyjson_get_bool(v) ? 1 : 0;
  return 0;
}

int json_opt_int(http_req *r, yyjson_val *o, const char *key, long long *out, int *present) {
  yyjson_val *v = yyjson_obj_get(o, key);
  *present = 0;
  if (v == NULL || yyjson_is_null(v)) return 0;
  if (!yyjson_is_int(v)) {
    http_send_error(r, 400, "invalid", key, "%s must be an integer", key);
    return -1;
  }
  *out = yyjson_get_sint(v);
  if (yyjson_is_uint(v) && yyjson_get_uint(v) > (uint64_t)INT64_MAX) *out = INT64_MAX;
  *present = 1;
  return 0;
}

int json_only_keys(http_req *r, yyjson_val *o, const char *const *allowed) {
  yyjson_obj_iter it;
  yyjson_obj_iter_init(o, &it);
  yyjson_val *k;
  while ((k = yyjson_obj_iter_next(&it))) {
    const char *name = yyjson_get_str(k);
    int ok = 0;
    for (int i = 0; allowed[i]; i++)
      if (strcmp(name, allowed[i]) == 0) ok = 1;
    if (!ok) {
      char list[256] = "";
      size_t used = 0;
      for (int i = 0; allowed[i] && used < sizeof list; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", allowed[i]);
        if (n > 0) used += (size_t)n;
      }
      http_send_error(r, 400, "invalid", name, "unknown field '%.64s'; expected one of: %s", name, list);
      return -1;
    }
  }
  return 0;
}

yyjson_mut_val *json_org(yyjson_mut_doc *d, const void *p) {
  const org *o = p;
  yyjson_mut_val *v = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, v, "id", o->id);
  yyjson_mut_obj_add_strcpy(d, v, "corporate_number", o->corporate_number);
  yyjson_mut_obj_add_strcpy(d, v, "name_ja", o->name_ja);
  yyjson_mut_obj_add_strcpy(d, v, "name_en", o->name_en);
  yyjson_mut_obj_add_strcpy(d, v, "sector", o->sector);
  yyjson_mut_obj_add_bool(d, v, "is_sme", o->is_sme != 0);
  yyjson_mut_obj_add_strcpy(d, v, "address", o->address);
  yyjson_mut_obj_add_strcpy(d, v, "created_at", o->created_at);
  yyjson_mut_obj_add_strcpy(d, v, "updated_at", o->updated_at);
  return v;
}

static yyjson_mut_val *json_roles(yyjson_mut_doc *d, unsigned roles) {
  yyjson_mut_val *a = yyjson_mut_arr(d);
  for (int i = 0; auth_role_names[i]; i++)
    if (roles & (1u << i)) yyjson_mut_arr_add_str(d, a, auth_role_names[i]);
  return a;
}

yyjson_mut_val *json_user(yyjson_mut_doc *d, const user *u) {
  yyjson_mut_val *v = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, v, "id", u->id);
  yyjson_mut_obj_add_strcpy(d, v, "org_id", u->org_id);
  yyjson_mut_obj_add_strcpy(d, v, "username", u->username);
  yyjson_mut_obj_add_strcpy(d, v, "display_name", u->display_name);
  yyjson_mut_obj_add_strcpy(d, v, "email", u->email);
  yyjson_mut_obj_add_val(d, v, "roles", json_roles(d, u->roles));
  yyjson_mut_obj_add_bool(d, v, "disabled", u->disabled != 0);
  yyjson_mut_obj_add_strcpy(d, v, "created_at", u->created_at);
  return v;
}

yyjson_mut_val *json_token(yyjson_mut_doc *d, const api_token *t) {
  yyjson_mut_val *v = yyjson_mut_obj(d);
  yyjson_mut_obj_add_strcpy(d, v, "id", t->id);
  yyjson_mut_obj_add_strcpy(d, v, "user_id", t->user_id);
  yyjson_mut_obj_add_strcpy(d, v, "name", t->name);
  yyjson_mut_obj_add_val(d, v, "roles", json_roles(d, t->roles));
  yyjson_mut_obj_add_strcpy(d, v, "created_at", t->created_at);
  if (t->expires_at[0]) yyjson_mut_obj_add_strcpy(d, v, "expires_at", t->expires_at);
  else yyjson_mut_obj_add_null(d, v, "expires_at");
  if (t->revoked_at[0]) yyjson_mut_obj_add_strcpy(d, v, "revoked_at", t->revoked_at);
  else yyjson_mut_obj_add_null(d, v, "revoked_at");
  return v;
}

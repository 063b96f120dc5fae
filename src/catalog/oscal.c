/* hoshi-catalog/1 <-> OSCAL 1.1 catalog JSON: categories become groups, requirements controls,
 * criteria "assessment-objective" parts; what OSCAL has no place for travels in props/parts. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/convert.h"
#include "catalog/convert_int.h"
#include "core/util.h"
#include "hoshi/buf.h"

#define OSCAL_VERSION "1.1.2"
#define PATH_MAX_LEN 256

/* ------------------------------------------------------------------------------------------
 * Reading helpers: each names the JSON path of what was wrong. */

static hoshi_err parse(const char *json, size_t len, size_t max, yyjson_doc **doc,
                       hoshi_error *e) {
  if (json == NULL) return hoshi_fail(e, HOSHI_EINVAL, "$", "no input");
  if (len > max)
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "input is %zu bytes; at most %zu are accepted", len,
                      max);
  yyjson_read_err err;
  *doc = yyjson_read_opts((char *)(uintptr_t)json, len, YYJSON_READ_NOFLAG, NULL, &err);
  if (*doc == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "$", "not valid JSON at byte %zu: %s", err.pos, err.msg);
  return HOSHI_OK;
}

/* Required string member (non-empty when nonempty is set). */
static hoshi_err get_str(yyjson_val *obj, const char *key, const char *path, int nonempty,
                         const char **out, hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  if (!yyjson_is_str(v) || (nonempty && yyjson_get_len(v) == 0))
    return hoshi_fail(e, HOSHI_EINVAL, path, "expected a %sstring in \"%s\"",
                      nonempty ? "non-empty " : "", key);
  *out = yyjson_get_str(v);
  return HOSHI_OK;
}

/* Optional string member: NULL when absent, an error when present with another type. */
static hoshi_err opt_str(yyjson_val *obj, const char *key, const char *path, const char **out,
                         hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  *out = NULL;
  if (v == NULL) return HOSHI_OK;
  if (!yyjson_is_str(v))
    return hoshi_fail(e, HOSHI_EINVAL, path, "expected a string in \"%s\"", key);
  *out = yyjson_get_str(v);
  return HOSHI_OK;
}

/* Optional array member: NULL when absent. */
static hoshi_err opt_arr(yyjson_val *obj, const char *key, const char *path, yyjson_val **out,
                         hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  *out = NULL;
  if (v == NULL) return HOSHI_OK;
  if (!yyjson_is_arr(v))
    return hoshi_fail(e, HOSHI_EINVAL, path, "expected an array in \"%s\"", key);
  *out = v;
  return HOSHI_OK;
}

static hoshi_err req_arr(yyjson_val *obj, const char *key, const char *path, yyjson_val **out,
                         hoshi_error *e) {
  hoshi_err rc = opt_arr(obj, key, path, out, e);
  if (rc == HOSHI_OK && *out == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, path, "missing array \"%s\"", key);
  return rc;
}

/* {ja, en} text member: both strings, ja not empty (the format requires it). */
static hoshi_err get_text(yyjson_val *obj, const char *key, const char *path, const char **ja,
                          const char **en, hoshi_error *e) {
  yyjson_val *t = yyjson_obj_get(obj, key);
  yyjson_val *vj = yyjson_obj_get(t, "ja"), *ve = yyjson_obj_get(t, "en");
  if (!yyjson_is_obj(t) || !yyjson_is_str(vj) || !yyjson_is_str(ve))
    return hoshi_fail(e, HOSHI_EINVAL, path, "expected {\"ja\": string, \"en\": string} in \"%s\"",
                      key);
  if (yyjson_get_len(vj) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, path, "\"%s\" has an empty \"ja\"; Japanese is required", key);
  *ja = yyjson_get_str(vj);
  *en = yyjson_get_str(ve);
  return HOSHI_OK;
}

/* Array of strings; each element checked. */
static hoshi_err str_array(yyjson_val *arr, const char *path, hoshi_error *e) {
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    if (!yyjson_is_str(v)) {
      char p[PATH_MAX_LEN];
      snprintf(p, sizeof p, "%s[%zu]", path, i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "expected a string");
    }
  }
  return HOSHI_OK;
}

static yyjson_val *find_id(yyjson_val *arr, const char *id) {
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, n, v) {
    const char *s = yyjson_get_str(yyjson_obj_get(v, "id"));
    if (s && strcmp(s, id) == 0) return v;
  }
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * hoshi -> OSCAL */

static void random_uuid(char out[37]) {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  char hex[33];
  util_hex(b, sizeof b, hex);
  snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* OSCAL ids are tokens that start with a letter or '_'; ours may start with a digit, so each gets
 * a kind prefix, and bytes outside [A-Za-z0-9._-] become '_' with the position appended to keep
 * two different ids apart. The exact id always travels in the "label" prop. */
static void oscal_token(const char *prefix, const char *id, size_t index, char *out, size_t cap) {
  size_t n = (size_t)snprintf(out, cap, "%s", prefix);
  int changed = 0;
  for (const char *p = id; *p && n + 1 < cap; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    out[n++] = ok ? c : '_';
    changed |= !ok;
  }
  out[n] = '\0';
  if (changed && n + 1 < cap) snprintf(out + n, cap - n, "_%zu", index);
}

static void add_prop(yyjson_mut_doc *d, yyjson_mut_val *props, const char *name, const char *ns,
                     const char *cls, const char *value) {
  yyjson_mut_val *p = yyjson_mut_arr_add_obj(d, props);
  yyjson_mut_obj_add_strcpy(d, p, "name", name);
  if (ns) yyjson_mut_obj_add_str(d, p, "ns", ns);
  yyjson_mut_obj_add_strcpy(d, p, "value", value);
  if (cls) yyjson_mut_obj_add_strcpy(d, p, "class", cls);
}

/* Both languages of a text as hoshi "text" parts, class "<field>.<lang>"; empty ones omitted
 * (OSCAL prose may not be empty), which reads back as "". */
static void add_text_parts(yyjson_mut_doc *d, yyjson_mut_val *parts, const char *field,
                           const char *ja, const char *en) {
  const char *langs[2] = {"ja", "en"};
  const char *vals[2] = {ja, en};
  for (int i = 0; i < 2; i++) {
    if (vals[i] == NULL || vals[i][0] == '\0') continue;
    char cls[64];
    snprintf(cls, sizeof cls, "%s.%s", field, langs[i]);
    yyjson_mut_val *p = yyjson_mut_arr_add_obj(d, parts);
    yyjson_mut_obj_add_str(d, p, "name", "text");
    yyjson_mut_obj_add_str(d, p, "ns", CATALOG_OSCAL_NS);
    yyjson_mut_obj_add_strcpy(d, p, "class", cls);
    yyjson_mut_obj_add_strcpy(d, p, "prose", vals[i]);
  }
}

/* The text OSCAL tools show: English when there is one, else Japanese. */
static const char *display(const char *ja, const char *en) {
  return (en && en[0]) ? en : (ja ? ja : "");
}

/* A back-matter resource holding one catalog-level text ("title.ja", "notice.en", "source"). */
static void add_text_resource(yyjson_mut_doc *d, yyjson_mut_val *res, const char *field,
                              const char *text) {
  if (text == NULL || text[0] == '\0') return;
  char uuid[37];
  random_uuid(uuid);
  yyjson_mut_val *r = yyjson_mut_arr_add_obj(d, res);
  yyjson_mut_obj_add_strcpy(d, r, "uuid", uuid);
  yyjson_mut_obj_add_strcpy(d, r, "title", field);
  yyjson_mut_val *props = yyjson_mut_obj_add_arr(d, r, "props");
  add_prop(d, props, "kind", CATALOG_OSCAL_NS, NULL, "text");
  add_prop(d, props, "field", CATALOG_OSCAL_NS, NULL, field);
  yyjson_mut_obj_add_strcpy(d, r, "description", text);
}

/* A level or threat definition as a back-matter resource: id, names as props. */
static void add_def_resource(yyjson_mut_doc *d, yyjson_mut_val *res, const char *kind,
                             const char *id, const char *ja, const char *en, yyjson_val *months) {
  char uuid[37];
  random_uuid(uuid);
  yyjson_mut_val *r = yyjson_mut_arr_add_obj(d, res);
  yyjson_mut_obj_add_strcpy(d, r, "uuid", uuid);
  yyjson_mut_obj_add_strcpy(d, r, "title", display(ja, en));
  yyjson_mut_val *props = yyjson_mut_obj_add_arr(d, r, "props");
  add_prop(d, props, "kind", CATALOG_OSCAL_NS, NULL, kind);
  add_prop(d, props, "id", CATALOG_OSCAL_NS, NULL, id);
  if (ja && ja[0]) add_prop(d, props, "text", CATALOG_OSCAL_NS, "name.ja", ja);
  if (en && en[0]) add_prop(d, props, "text", CATALOG_OSCAL_NS, "name.en", en);
  if (months) {
    char m[32];
    snprintf(m, sizeof m, "%lld", (long long)yyjson_get_sint(months));
    add_prop(d, props, "validity-months", CATALOG_OSCAL_NS, NULL, m);
  }
}

/* Checks the parts of our format that the conversion reads; the loader checks the rest. */
static hoshi_err check_hoshi(yyjson_val *root, hoshi_error *e) {
  hoshi_err rc;
  const char *s, *ja, *en;
  char p[PATH_MAX_LEN];
  if (!yyjson_is_obj(root)) return hoshi_fail(e, HOSHI_EINVAL, "$", "expected a JSON object");
  if ((rc = get_str(root, "format", "$.format", 1, &s, e))) return rc;
  if (strcmp(s, "hoshi-catalog/1") != 0)
    return hoshi_fail(e, HOSHI_EINVAL, "$.format", "format is \"%.64s\"; expected hoshi-catalog/1",
                      s);
  if ((rc = get_str(root, "id", "$.id", 1, &s, e))) return rc;
  if ((rc = get_str(root, "scheme", "$.scheme", 1, &s, e))) return rc;
  if ((rc = get_str(root, "version", "$.version", 1, &s, e))) return rc;
  if ((rc = get_text(root, "title", "$.title", &ja, &en, e))) return rc;
  yyjson_val *ow = yyjson_obj_get(root, "official_wording");
  if (ow && !yyjson_is_bool(ow))
    return hoshi_fail(e, HOSHI_EINVAL, "$.official_wording", "expected true or false");
  if ((rc = opt_str(root, "source", "$.source", &s, e))) return rc;
  if (yyjson_obj_get(root, "notice") && (rc = get_text(root, "notice", "$.notice", &ja, &en, e)))
    return rc;

  yyjson_val *arr, *v, *w;
  size_t i, n, j, m;
  if ((rc = req_arr(root, "levels", "$.levels", &arr, e))) return rc;
  yyjson_arr_foreach(arr, i, n, v) {
    snprintf(p, sizeof p, "$.levels[%zu]", i);
    if ((rc = get_str(v, "id", p, 1, &s, e)) || (rc = get_text(v, "name", p, &ja, &en, e)))
      return rc;
    if (find_id(arr, s) != v) {
      snprintf(p, sizeof p, "$.levels[%zu].id", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "duplicate level id \"%.64s\"", s);
    }
    yyjson_val *vm = yyjson_obj_get(v, "validity_months");
    if (vm && !yyjson_is_int(vm)) {
      snprintf(p, sizeof p, "$.levels[%zu].validity_months", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "expected an integer");
    }
  }
  const char *lists[2] = {"categories", "threats"};
  for (int k = 0; k < 2; k++) {
    char base[32];
    snprintf(base, sizeof base, "$.%s", lists[k]);
    if ((rc = (k == 0 ? req_arr : opt_arr)(root, lists[k], base, &arr, e))) return rc;
    yyjson_arr_foreach(arr, i, n, v) {
      snprintf(p, sizeof p, "$.%s[%zu]", lists[k], i);
      if ((rc = get_str(v, "id", p, 1, &s, e)) || (rc = get_text(v, "title", p, &ja, &en, e)))
        return rc;
      if (find_id(arr, s) != v) {
        snprintf(p, sizeof p, "$.%s[%zu].id", lists[k], i);
        return hoshi_fail(e, HOSHI_EINVAL, p, "duplicate id \"%.64s\"", s);
      }
    }
  }
  yyjson_val *cats = yyjson_obj_get(root, "categories"), *reqs, *crits;
  if ((rc = req_arr(root, "requirements", "$.requirements", &reqs, e))) return rc;
  if ((rc = req_arr(root, "criteria", "$.criteria", &crits, e))) return rc;
  if (yyjson_arr_size(reqs) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, "$.requirements", "a catalog needs at least one requirement");
  if (yyjson_arr_size(reqs) > CATALOG_CONVERT_REQ_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "$.requirements", "%zu requirements; at most %u",
                      yyjson_arr_size(reqs), CATALOG_CONVERT_REQ_MAX);
  if (yyjson_arr_size(crits) > CATALOG_CONVERT_CRIT_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "$.criteria", "%zu criteria; at most %u",
                      yyjson_arr_size(crits), CATALOG_CONVERT_CRIT_MAX);
  yyjson_arr_foreach(reqs, i, n, v) {
    snprintf(p, sizeof p, "$.requirements[%zu]", i);
    if ((rc = get_str(v, "id", p, 1, &s, e))) return rc;
    if (find_id(reqs, s) != v) {
      snprintf(p, sizeof p, "$.requirements[%zu].id", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "duplicate requirement id \"%.64s\"", s);
    }
    if ((rc = get_str(v, "category", p, 1, &s, e))) return rc;
    if (find_id(cats, s) == NULL) {
      snprintf(p, sizeof p, "$.requirements[%zu].category", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "category \"%.64s\" is not in $.categories", s);
    }
    snprintf(p, sizeof p, "$.requirements[%zu]", i);
    if ((rc = get_text(v, "title", p, &ja, &en, e)) || (rc = get_text(v, "summary", p, &ja, &en, e)))
      return rc;
    if ((rc = opt_str(v, "check", p, &s, e))) return rc;
    const char *arrays[2] = {"levels", "threats"};
    for (int k = 0; k < 2; k++) {
      snprintf(p, sizeof p, "$.requirements[%zu].%s", i, arrays[k]);
      if ((rc = (k == 0 ? req_arr : opt_arr)(v, arrays[k], p, &arr, e))) return rc;
      if ((rc = str_array(arr, p, e))) return rc;
    }
    snprintf(p, sizeof p, "$.requirements[%zu]", i);
    if ((rc = opt_arr(v, "mappings", p, &arr, e))) return rc;
    yyjson_arr_foreach(arr, j, m, w) {
      snprintf(p, sizeof p, "$.requirements[%zu].mappings[%zu]", i, j);
      if ((rc = get_str(w, "catalog", p, 1, &s, e)) || (rc = get_str(w, "target", p, 1, &s, e)) ||
          (rc = get_str(w, "relationship", p, 1, &s, e)))
        return rc;
      yyjson_val *st = yyjson_obj_get(w, "strength");
      if (st && !yyjson_is_int(st)) {
        snprintf(p, sizeof p, "$.requirements[%zu].mappings[%zu].strength", i, j);
        return hoshi_fail(e, HOSHI_EINVAL, p, "expected an integer");
      }
    }
  }
  yyjson_arr_foreach(crits, i, n, v) {
    snprintf(p, sizeof p, "$.criteria[%zu]", i);
    if ((rc = get_str(v, "id", p, 1, &s, e))) return rc;
    if (find_id(crits, s) != v) {
      snprintf(p, sizeof p, "$.criteria[%zu].id", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "duplicate criterion id \"%.64s\"", s);
    }
    if ((rc = get_str(v, "requirement", p, 1, &s, e))) return rc;
    if (find_id(reqs, s) == NULL) {
      snprintf(p, sizeof p, "$.criteria[%zu].requirement", i);
      return hoshi_fail(e, HOSHI_EINVAL, p, "requirement \"%.64s\" is not in $.requirements", s);
    }
    snprintf(p, sizeof p, "$.criteria[%zu]", i);
    if ((rc = get_text(v, "text", p, &ja, &en, e))) return rc;
    snprintf(p, sizeof p, "$.criteria[%zu].levels", i);
    if ((rc = req_arr(v, "levels", p, &arr, e)) || (rc = str_array(arr, p, e))) return rc;
  }
  return HOSHI_OK;
}

static const char *text_of(yyjson_val *obj, const char *key, const char *lang) {
  return yyjson_get_str(yyjson_obj_get(yyjson_obj_get(obj, key), lang));
}

static void build_control(yyjson_mut_doc *d, yyjson_mut_val *controls, yyjson_val *req,
                          size_t ri, yyjson_val *crits) {
  const char *rid = yyjson_get_str(yyjson_obj_get(req, "id"));
  char tok[PATH_MAX_LEN];
  oscal_token("req-", rid, ri, tok, sizeof tok);
  yyjson_mut_val *c = yyjson_mut_arr_add_obj(d, controls);
  yyjson_mut_obj_add_strcpy(d, c, "id", tok);
  yyjson_mut_obj_add_str(d, c, "class", "requirement");
  yyjson_mut_obj_add_strcpy(d, c, "title",
                            display(text_of(req, "title", "ja"), text_of(req, "title", "en")));
  yyjson_mut_val *props = yyjson_mut_obj_add_arr(d, c, "props");
  add_prop(d, props, "label", NULL, NULL, rid);
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(yyjson_obj_get(req, "levels"), i, n, v) {
    add_prop(d, props, "level", CATALOG_OSCAL_NS, NULL, yyjson_get_str(v));
  }
  yyjson_arr_foreach(yyjson_obj_get(req, "threats"), i, n, v) {
    add_prop(d, props, "threat", CATALOG_OSCAL_NS, NULL, yyjson_get_str(v));
  }
  const char *check = yyjson_get_str(yyjson_obj_get(req, "check"));
  if (check) add_prop(d, props, "check", CATALOG_OSCAL_NS, NULL, check);

  yyjson_mut_val *parts = yyjson_mut_obj_add_arr(d, c, "parts");
  yyjson_mut_val *smt = yyjson_mut_arr_add_obj(d, parts);
  char pid[PATH_MAX_LEN + 8];
  snprintf(pid, sizeof pid, "%s_smt", tok);
  yyjson_mut_obj_add_strcpy(d, smt, "id", pid);
  yyjson_mut_obj_add_str(d, smt, "name", "statement");
  yyjson_mut_obj_add_strcpy(d, smt, "prose",
                            display(text_of(req, "summary", "ja"), text_of(req, "summary", "en")));
  add_text_parts(d, parts, "title", text_of(req, "title", "ja"), text_of(req, "title", "en"));
  add_text_parts(d, parts, "summary", text_of(req, "summary", "ja"), text_of(req, "summary", "en"));
  yyjson_arr_foreach(yyjson_obj_get(req, "mappings"), i, n, v) {
    yyjson_mut_val *mp = yyjson_mut_arr_add_obj(d, parts);
    yyjson_mut_obj_add_str(d, mp, "name", "mapping");
    yyjson_mut_obj_add_str(d, mp, "ns", CATALOG_OSCAL_NS);
    yyjson_mut_val *mprops = yyjson_mut_obj_add_arr(d, mp, "props");
    add_prop(d, mprops, "catalog", CATALOG_OSCAL_NS, NULL, yyjson_get_str(yyjson_obj_get(v, "catalog")));
    add_prop(d, mprops, "target", CATALOG_OSCAL_NS, NULL, yyjson_get_str(yyjson_obj_get(v, "target")));
    add_prop(d, mprops, "relationship", CATALOG_OSCAL_NS, NULL,
             yyjson_get_str(yyjson_obj_get(v, "relationship")));
    yyjson_val *st = yyjson_obj_get(v, "strength");
    if (st) {
      char num[32];
      snprintf(num, sizeof num, "%lld", (long long)yyjson_get_sint(st));
      add_prop(d, mprops, "strength", CATALOG_OSCAL_NS, NULL, num);
    }
  }
  size_t k = 0;
  yyjson_arr_foreach(crits, i, n, v) {
    if (!yyjson_equals_str(yyjson_obj_get(v, "requirement"), rid)) continue;
    const char *cid = yyjson_get_str(yyjson_obj_get(v, "id"));
    yyjson_mut_val *obj = yyjson_mut_arr_add_obj(d, parts);
    snprintf(pid, sizeof pid, "%s_obj.%zu", tok, ++k);
    yyjson_mut_obj_add_strcpy(d, obj, "id", pid);
    yyjson_mut_obj_add_str(d, obj, "name", "assessment-objective");
    yyjson_mut_val *oprops = yyjson_mut_obj_add_arr(d, obj, "props");
    add_prop(d, oprops, "label", NULL, NULL, cid);
    size_t j, m;
    yyjson_val *w;
    yyjson_arr_foreach(yyjson_obj_get(v, "levels"), j, m, w) {
      add_prop(d, oprops, "level", CATALOG_OSCAL_NS, NULL, yyjson_get_str(w));
    }
    yyjson_mut_obj_add_strcpy(d, obj, "prose",
                              display(text_of(v, "text", "ja"), text_of(v, "text", "en")));
    yyjson_mut_val *oparts = yyjson_mut_obj_add_arr(d, obj, "parts");
    add_text_parts(d, oparts, "text", text_of(v, "text", "ja"), text_of(v, "text", "en"));
  }
}

hoshi_err catalog_to_oscal(const char *json, size_t len, char **out, size_t *out_len,
                           hoshi_error *e) {
  *out = NULL;
  *out_len = 0;
  yyjson_doc *in = NULL;
  hoshi_err rc = parse(json, len, CATALOG_CONVERT_INPUT_MAX, &in, e);
  if (rc) return rc;
  yyjson_val *root = yyjson_doc_get_root(in);
  if ((rc = check_hoshi(root, e))) {
    yyjson_doc_free(in);
    return rc;
  }
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) {
    yyjson_doc_free(in);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  yyjson_mut_val *top = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, top);
  yyjson_mut_val *cat = yyjson_mut_obj_add_obj(d, top, "catalog");
  char uuid[37], now[UTIL_TIME_LEN];
  random_uuid(uuid);
  util_now_iso(now);
  yyjson_mut_obj_add_strcpy(d, cat, "uuid", uuid);
  yyjson_mut_val *md = yyjson_mut_obj_add_obj(d, cat, "metadata");
  yyjson_mut_obj_add_strcpy(d, md, "title", display(text_of(root, "title", "ja"),
                                                    text_of(root, "title", "en")));
  yyjson_mut_obj_add_strcpy(d, md, "last-modified", now);
  yyjson_mut_obj_add_strcpy(d, md, "version", yyjson_get_str(yyjson_obj_get(root, "version")));
  yyjson_mut_obj_add_str(d, md, "oscal-version", OSCAL_VERSION);
  yyjson_mut_val *props = yyjson_mut_obj_add_arr(d, md, "props");
  add_prop(d, props, "format", CATALOG_OSCAL_NS, NULL, "hoshi-catalog/1");
  add_prop(d, props, "catalog-id", CATALOG_OSCAL_NS, NULL, yyjson_get_str(yyjson_obj_get(root, "id")));
  add_prop(d, props, "scheme", CATALOG_OSCAL_NS, NULL, yyjson_get_str(yyjson_obj_get(root, "scheme")));
  yyjson_val *ow = yyjson_obj_get(root, "official_wording");
  if (ow) add_prop(d, props, "official-wording", CATALOG_OSCAL_NS, NULL, yyjson_get_bool(ow) ? "true" : "false");

  yyjson_val *reqs = yyjson_obj_get(root, "requirements"), *crits = yyjson_obj_get(root, "criteria");
  yyjson_mut_val *groups = yyjson_mut_obj_add_arr(d, cat, "groups");
  size_t i, n, j, m;
  yyjson_val *v, *r;
  yyjson_arr_foreach(yyjson_obj_get(root, "categories"), i, n, v) {
    const char *cid = yyjson_get_str(yyjson_obj_get(v, "id"));
    char tok[PATH_MAX_LEN];
    oscal_token("cat-", cid, i, tok, sizeof tok);
    yyjson_mut_val *g = yyjson_mut_arr_add_obj(d, groups);
    yyjson_mut_obj_add_strcpy(d, g, "id", tok);
    yyjson_mut_obj_add_str(d, g, "class", "category");
    yyjson_mut_obj_add_strcpy(d, g, "title", display(text_of(v, "title", "ja"), text_of(v, "title", "en")));
    yyjson_mut_val *gprops = yyjson_mut_obj_add_arr(d, g, "props");
    add_prop(d, gprops, "label", NULL, NULL, cid);
    yyjson_mut_val *gparts = yyjson_mut_obj_add_arr(d, g, "parts");
    add_text_parts(d, gparts, "title", text_of(v, "title", "ja"), text_of(v, "title", "en"));
    if (yyjson_mut_arr_size(gparts) == 0) yyjson_mut_obj_remove_key(g, "parts");
    yyjson_mut_val *controls = yyjson_mut_obj_add_arr(d, g, "controls");
    yyjson_arr_foreach(reqs, j, m, r) {
      if (yyjson_equals_str(yyjson_obj_get(r, "category"), cid)) build_control(d, controls, r, j, crits);
    }
    if (yyjson_mut_arr_size(controls) == 0) yyjson_mut_obj_remove_key(g, "controls");
  }

  yyjson_mut_val *bm = yyjson_mut_obj_add_obj(d, cat, "back-matter");
  yyjson_mut_val *res = yyjson_mut_obj_add_arr(d, bm, "resources");
  add_text_resource(d, res, "title.ja", text_of(root, "title", "ja"));
  add_text_resource(d, res, "title.en", text_of(root, "title", "en"));
  yyjson_val *notice = yyjson_obj_get(root, "notice");
  if (notice) {
    /* An empty notice still needs to come back as present. */
    add_text_resource(d, res, "notice.ja", text_of(root, "notice", "ja"));
    add_text_resource(d, res, "notice.en", text_of(root, "notice", "en"));
    add_prop(d, props, "has-notice", CATALOG_OSCAL_NS, NULL, "true");
  }
  const char *source = yyjson_get_str(yyjson_obj_get(root, "source"));
  if (source) {
    add_text_resource(d, res, "source", source);
    add_prop(d, props, "has-source", CATALOG_OSCAL_NS, NULL, "true");
  }
  yyjson_arr_foreach(yyjson_obj_get(root, "levels"), i, n, v) {
    add_def_resource(d, res, "level", yyjson_get_str(yyjson_obj_get(v, "id")),
                     text_of(v, "name", "ja"), text_of(v, "name", "en"),
                     yyjson_obj_get(v, "validity_months"));
  }
  yyjson_val *threats = yyjson_obj_get(root, "threats");
  if (threats) add_prop(d, props, "has-threats", CATALOG_OSCAL_NS, NULL, "true");
  yyjson_arr_foreach(threats, i, n, v) {
    add_def_resource(d, res, "threat", yyjson_get_str(yyjson_obj_get(v, "id")),
                     text_of(v, "title", "ja"), text_of(v, "title", "en"), NULL);
  }
  rc = cv_write(d, out, out_len, e);
  yyjson_mut_doc_free(d);
  yyjson_doc_free(in);
  return rc;
}

/* ------------------------------------------------------------------------------------------
 * OSCAL -> hoshi */

typedef struct from_ctx {
  yyjson_mut_doc *d;
  yyjson_mut_val *cats, *reqs, *crits, *levels;
  int ours;               /* the input came from catalog_to_oscal (has our format prop) */
  hoshi_error *e;
} from_ctx;

/* Value of the first non-empty prop with this name in our namespace (for "label", OSCAL's). */
static const char *prop(yyjson_val *props, const char *name, const char *cls) {
  size_t i, n;
  yyjson_val *p;
  yyjson_arr_foreach(props, i, n, p) {
    if (!yyjson_equals_str(yyjson_obj_get(p, "name"), name)) continue;
    const char *ns = yyjson_get_str(yyjson_obj_get(p, "ns"));
    int ok = strcmp(name, "label") == 0 ? (ns == NULL || strcmp(ns, "http://csrc.nist.gov/ns/oscal") == 0)
                                        : (ns != NULL && strcmp(ns, CATALOG_OSCAL_NS) == 0);
    if (!ok) continue;
    if (cls && !yyjson_equals_str(yyjson_obj_get(p, "class"), cls)) continue;
    /* An empty value says nothing (OSCAL forbids it; we never write one). */
    const char *v = yyjson_get_str(yyjson_obj_get(p, "value"));
    if (v && v[0]) return v;
  }
  return NULL;
}

/* Props must be objects with string name and value; checked once per object so the readers
 * above can stay simple. */
static hoshi_err check_props(yyjson_val *obj, const char *path, yyjson_val **props, hoshi_error *e) {
  char p[PATH_MAX_LEN];
  snprintf(p, sizeof p, "%s.props", path);
  hoshi_err rc = opt_arr(obj, "props", path, props, e);
  if (rc) return rc;
  size_t i, n;
  yyjson_val *v;
  yyjson_arr_foreach(*props, i, n, v) {
    snprintf(p, sizeof p, "%s.props[%zu]", path, i);
    const char *s;
    if ((rc = get_str(v, "name", p, 1, &s, e)) || (rc = get_str(v, "value", p, 0, &s, e)) ||
        (rc = opt_str(v, "ns", p, &s, e)) || (rc = opt_str(v, "class", p, &s, e)))
      return rc;
  }
  return HOSHI_OK;
}

/* Checks parts recursively: objects with a string name, optional string prose. */
static hoshi_err check_parts(yyjson_val *obj, const char *path, int depth, hoshi_error *e) {
  if (depth > CATALOG_CONVERT_DEPTH_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "parts nested deeper than %d", CATALOG_CONVERT_DEPTH_MAX);
  yyjson_val *parts, *v, *props;
  hoshi_err rc = opt_arr(obj, "parts", path, &parts, e);
  if (rc) return rc;
  size_t i, n;
  char p[PATH_MAX_LEN];
  yyjson_arr_foreach(parts, i, n, v) {
    snprintf(p, sizeof p, "%s.parts[%zu]", path, i);
    const char *s;
    if (!yyjson_is_obj(v)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    if ((rc = get_str(v, "name", p, 1, &s, e)) || (rc = opt_str(v, "prose", p, &s, e)) ||
        (rc = opt_str(v, "ns", p, &s, e)) || (rc = opt_str(v, "class", p, &s, e)) ||
        (rc = check_props(v, p, &props, e)) || (rc = check_parts(v, p, depth + 1, e)))
      return rc;
  }
  return HOSHI_OK;
}

static int is_ours(yyjson_val *part, const char *name) {
  return yyjson_equals_str(yyjson_obj_get(part, "name"), name) &&
         yyjson_equals_str(yyjson_obj_get(part, "ns"), CATALOG_OSCAL_NS);
}

/* hoshi text part "<field>.<lang>" among parts; NULL when absent. */
static const char *text_part(yyjson_val *parts, const char *field, const char *lang) {
  char cls[64];
  snprintf(cls, sizeof cls, "%s.%s", field, lang);
  size_t i, n;
  yyjson_val *p;
  yyjson_arr_foreach(parts, i, n, p) {
    if (is_ours(p, "text") && yyjson_equals_str(yyjson_obj_get(p, "class"), cls))
      return yyjson_get_str(yyjson_obj_get(p, "prose"));
  }
  return NULL;
}

/* Our text parts when there are any (a missing language is ""); otherwise the OSCAL-native text
 * in both languages, since foreign catalogs are single-language and ja is required. */
static yyjson_mut_val *text_from(yyjson_mut_doc *d, yyjson_val *parts, const char *field,
                                 const char *native, const char *fallback) {
  const char *ja = text_part(parts, field, "ja"), *en = text_part(parts, field, "en");
  if (!ja && !en) ja = en = native;
  /* ja is required: without one, the English, else the id, stands in. */
  if (ja == NULL || ja[0] == '\0') ja = (en && en[0]) ? en : fallback;
  return cv_text(d, ja, en);
}

/* Prose of a part and all its sub-parts, one per line (foreign statements nest items). */
static void gather_prose(yyjson_val *part, hoshi_buf *b, int depth) {
  if (depth > CATALOG_CONVERT_DEPTH_MAX) return;
  const char *label = prop(yyjson_obj_get(part, "props"), "label", NULL);
  const char *prose = yyjson_get_str(yyjson_obj_get(part, "prose"));
  if (prose && prose[0]) {
    if (b->n) hoshi_buf_putc(b, '\n');
    if (label && depth > 0) hoshi_buf_printf(b, "%s ", label);
    hoshi_buf_puts(b, prose);
  }
  size_t i, n;
  yyjson_val *p;
  yyjson_arr_foreach(yyjson_obj_get(part, "parts"), i, n, p) {
    if (!yyjson_equals_str(yyjson_obj_get(p, "ns"), CATALOG_OSCAL_NS)) gather_prose(p, b, depth + 1);
  }
}

static hoshi_err dup_check(yyjson_mut_val *arr, const char *id, const char *path, const char *what,
                           hoshi_error *e) {
  if (cv_find_id(arr, id))
    return hoshi_fail(e, HOSHI_EINVAL, path, "duplicate %s id \"%.64s\"", what, id);
  return HOSHI_OK;
}

static hoshi_err add_criterion(from_ctx *c, const char *rid, yyjson_val *part, size_t k,
                               yyjson_mut_val *req_levels, const char *path) {
  yyjson_mut_doc *d = c->d;
  yyjson_val *props = yyjson_obj_get(part, "props");
  const char *label = prop(props, "label", NULL);
  char cid[PATH_MAX_LEN];
  size_t rl = strlen(rid);
  if (label && strncmp(label, rid, rl) == 0 && label[rl] == '-' && label[rl + 1])
    snprintf(cid, sizeof cid, "%s", label);
  else if (c->ours && label)
    snprintf(cid, sizeof cid, "%s", label);
  else
    snprintf(cid, sizeof cid, "%s-%zu", rid, k);
  hoshi_err rc = dup_check(c->crits, cid, path, "criterion", c->e);
  if (rc) return rc;
  if (yyjson_mut_arr_size(c->crits) >= CATALOG_CONVERT_CRIT_MAX)
    return hoshi_fail(c->e, HOSHI_ELIMIT, path, "more than %u criteria", CATALOG_CONVERT_CRIT_MAX);
  yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, c->crits);
  yyjson_mut_obj_add_strcpy(d, o, "id", cid);
  yyjson_mut_obj_add_strcpy(d, o, "requirement", rid);
  yyjson_mut_val *lv = yyjson_mut_obj_add_arr(d, o, "levels");
  size_t i, n;
  yyjson_val *p;
  yyjson_arr_foreach(props, i, n, p) {
    if (yyjson_equals_str(yyjson_obj_get(p, "name"), "level") &&
        yyjson_equals_str(yyjson_obj_get(p, "ns"), CATALOG_OSCAL_NS))
      yyjson_mut_arr_add_strcpy(d, lv, yyjson_get_str(yyjson_obj_get(p, "value")));
  }
  if (yyjson_mut_arr_size(lv) == 0 && !c->ours) {
    yyjson_mut_val *l;
    size_t li, ln;
    yyjson_mut_arr_foreach(req_levels, li, ln, l) {
      yyjson_mut_arr_add_strcpy(d, lv, yyjson_mut_get_str(l));
    }
  }
  hoshi_buf b = HOSHI_BUF_INIT;
  gather_prose(part, &b, 0);
  yyjson_mut_obj_add_val(d, o, "text", text_from(d, yyjson_obj_get(part, "parts"), "text", b.p ? b.p : "", cid));
  int oom = b.oom;
  hoshi_buf_free(&b);
  if (oom) return hoshi_fail(c->e, HOSHI_ENOMEM, path, "out of memory");
  return HOSHI_OK;
}

static hoshi_err add_control(from_ctx *c, yyjson_val *ctl, const char *cat_id, const char *path,
                             int depth) {
  yyjson_mut_doc *d = c->d;
  hoshi_error *e = c->e;
  hoshi_err rc;
  const char *id, *title;
  yyjson_val *props;
  if (depth > CATALOG_CONVERT_DEPTH_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "controls nested deeper than %d", CATALOG_CONVERT_DEPTH_MAX);
  if (!yyjson_is_obj(ctl)) return hoshi_fail(e, HOSHI_EINVAL, path, "expected an object");
  if ((rc = get_str(ctl, "id", path, 1, &id, e)) || (rc = get_str(ctl, "title", path, 0, &title, e)) ||
      (rc = check_props(ctl, path, &props, e)) || (rc = check_parts(ctl, path, 0, e)))
    return rc;
  const char *oscal_status = NULL;
  size_t i, n;
  yyjson_val *p;
  yyjson_arr_foreach(props, i, n, p) {
    if (yyjson_equals_str(yyjson_obj_get(p, "name"), "status") && !yyjson_obj_get(p, "ns"))
      oscal_status = yyjson_get_str(yyjson_obj_get(p, "value"));
  }
  int withdrawn = oscal_status && strcmp(oscal_status, "withdrawn") == 0;
  const char *label = prop(props, "label", NULL);
  const char *rid = label ? label : id;
  yyjson_val *parts = yyjson_obj_get(ctl, "parts");
  if (!withdrawn) {
    if ((rc = dup_check(c->reqs, rid, path, "requirement", e))) return rc;
    if (yyjson_mut_arr_size(c->reqs) >= CATALOG_CONVERT_REQ_MAX)
      return hoshi_fail(e, HOSHI_ELIMIT, path, "more than %u requirements", CATALOG_CONVERT_REQ_MAX);
    yyjson_mut_val *r = yyjson_mut_arr_add_obj(d, c->reqs);
    yyjson_mut_obj_add_strcpy(d, r, "id", rid);
    yyjson_mut_obj_add_strcpy(d, r, "category", cat_id);
    yyjson_mut_val *lv = yyjson_mut_obj_add_arr(d, r, "levels");
    yyjson_mut_val *th = yyjson_mut_arr(d);
    const char *check = NULL;
    yyjson_arr_foreach(props, i, n, p) {
      if (!yyjson_equals_str(yyjson_obj_get(p, "ns"), CATALOG_OSCAL_NS)) continue;
      const char *name = yyjson_get_str(yyjson_obj_get(p, "name"));
      const char *val = yyjson_get_str(yyjson_obj_get(p, "value"));
      if (strcmp(name, "level") == 0) yyjson_mut_arr_add_strcpy(d, lv, val);
      else if (strcmp(name, "threat") == 0) yyjson_mut_arr_add_strcpy(d, th, val);
      else if (strcmp(name, "check") == 0) check = val;
    }
    if (yyjson_mut_arr_size(lv) == 0 && !c->ours) {
      /* A foreign control belongs to every level of the catalog. */
      yyjson_mut_val *l;
      size_t li, ln;
      yyjson_mut_arr_foreach(c->levels, li, ln, l) {
        yyjson_mut_arr_add_strcpy(d, lv, yyjson_mut_get_str(yyjson_mut_obj_get(l, "id")));
      }
    }
    yyjson_mut_obj_add_val(d, r, "title", text_from(d, parts, "title", title, rid));
    hoshi_buf b = HOSHI_BUF_INIT;
    yyjson_arr_foreach(parts, i, n, p) {
      if (yyjson_equals_str(yyjson_obj_get(p, "name"), "statement") && !yyjson_obj_get(p, "ns"))
        gather_prose(p, &b, 0);
    }
    yyjson_mut_obj_add_val(d, r, "summary", text_from(d, parts, "summary", b.p ? b.p : "", title[0] ? title : rid));
    int oom = b.oom;
    hoshi_buf_free(&b);
    if (oom) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
    if (yyjson_mut_arr_size(th)) yyjson_mut_obj_add_val(d, r, "threats", th);
    if (check) yyjson_mut_obj_add_strcpy(d, r, "check", check);
    yyjson_mut_val *maps = yyjson_mut_arr(d);
    yyjson_arr_foreach(parts, i, n, p) {
      if (!is_ours(p, "mapping")) continue;
      char mp[PATH_MAX_LEN];
      snprintf(mp, sizeof mp, "%s.parts[%zu]", path, i);
      yyjson_val *mprops = yyjson_obj_get(p, "props");
      const char *mc = prop(mprops, "catalog", NULL), *mt = prop(mprops, "target", NULL);
      const char *mr = prop(mprops, "relationship", NULL), *ms = prop(mprops, "strength", NULL);
      if (!mc || !mt || !mr)
        return hoshi_fail(e, HOSHI_EINVAL, mp, "a mapping part needs catalog, target and relationship props");
      yyjson_mut_val *mo = yyjson_mut_arr_add_obj(d, maps);
      yyjson_mut_obj_add_strcpy(d, mo, "catalog", mc);
      yyjson_mut_obj_add_strcpy(d, mo, "target", mt);
      yyjson_mut_obj_add_strcpy(d, mo, "relationship", mr);
      if (ms) {
        char *end = NULL;
        long sv = strtol(ms, &end, 10);
        if (end == ms || *end != '\0' || sv < -1000000 || sv > 1000000)
          return hoshi_fail(e, HOSHI_EINVAL, mp, "strength \"%.32s\" is not an integer", ms);
        yyjson_mut_obj_add_sint(d, mo, "strength", sv);
      }
    }
    if (yyjson_mut_arr_size(maps)) yyjson_mut_obj_add_val(d, r, "mappings", maps);
    /* Criteria: assessment objectives; a control without any is checked as a whole. */
    size_t k = 0;
    yyjson_arr_foreach(parts, i, n, p) {
      if (!yyjson_equals_str(yyjson_obj_get(p, "name"), "assessment-objective") || yyjson_obj_get(p, "ns"))
        continue;
      char cp[PATH_MAX_LEN];
      snprintf(cp, sizeof cp, "%s.parts[%zu]", path, i);
      if ((rc = add_criterion(c, rid, p, ++k, lv, cp))) return rc;
    }
    if (k == 0 && !c->ours) {
      char cid[PATH_MAX_LEN];
      snprintf(cid, sizeof cid, "%s-1", rid);
      if ((rc = dup_check(c->crits, cid, path, "criterion", e))) return rc;
      if (yyjson_mut_arr_size(c->crits) >= CATALOG_CONVERT_CRIT_MAX)
        return hoshi_fail(e, HOSHI_ELIMIT, path, "more than %u criteria", CATALOG_CONVERT_CRIT_MAX);
      yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, c->crits);
      yyjson_mut_obj_add_strcpy(d, o, "id", cid);
      yyjson_mut_obj_add_strcpy(d, o, "requirement", rid);
      yyjson_mut_val *olv = yyjson_mut_obj_add_arr(d, o, "levels");
      yyjson_mut_val *l;
      size_t li, ln;
      yyjson_mut_arr_foreach(lv, li, ln, l) { yyjson_mut_arr_add_strcpy(d, olv, yyjson_mut_get_str(l)); }
      yyjson_mut_val *summary = yyjson_mut_obj_get(r, "summary");
      const char *sj = yyjson_mut_get_str(yyjson_mut_obj_get(summary, "ja"));
      const char *se = yyjson_mut_get_str(yyjson_mut_obj_get(summary, "en"));
      yyjson_mut_val *tj = yyjson_mut_obj_get(r, "title");
      /* Without a statement the title is all the text there is. */
      if (!sj || !sj[0]) sj = yyjson_mut_get_str(yyjson_mut_obj_get(tj, "ja"));
      if (!se || !se[0]) se = yyjson_mut_get_str(yyjson_mut_obj_get(tj, "en"));
      yyjson_mut_obj_add_val(d, o, "text", cv_text(d, sj, se));
    }
  }
  /* Nested controls (enhancements) become requirements of the same category. */
  yyjson_val *sub;
  char sp[PATH_MAX_LEN];
  snprintf(sp, sizeof sp, "%s", path);
  if ((rc = opt_arr(ctl, "controls", sp, &sub, e))) return rc;
  yyjson_arr_foreach(sub, i, n, p) {
    snprintf(sp, sizeof sp, "%s.controls[%zu]", path, i);
    if ((rc = add_control(c, p, cat_id, sp, depth + 1))) return rc;
  }
  return HOSHI_OK;
}

/* A group's controls and the controls of its sub-groups all land in category cat_id. */
static hoshi_err add_group_controls(from_ctx *c, yyjson_val *g, const char *cat_id,
                                    const char *path, int depth) {
  if (depth > CATALOG_CONVERT_DEPTH_MAX)
    return hoshi_fail(c->e, HOSHI_ELIMIT, path, "groups nested deeper than %d", CATALOG_CONVERT_DEPTH_MAX);
  yyjson_val *arr, *v;
  size_t i, n;
  char p[PATH_MAX_LEN];
  hoshi_err rc = opt_arr(g, "controls", path, &arr, c->e);
  if (rc) return rc;
  yyjson_arr_foreach(arr, i, n, v) {
    snprintf(p, sizeof p, "%s.controls[%zu]", path, i);
    if ((rc = add_control(c, v, cat_id, p, 0))) return rc;
  }
  if ((rc = opt_arr(g, "groups", path, &arr, c->e))) return rc;
  yyjson_arr_foreach(arr, i, n, v) {
    snprintf(p, sizeof p, "%s.groups[%zu]", path, i);
    if (!yyjson_is_obj(v)) return hoshi_fail(c->e, HOSHI_EINVAL, p, "expected an object");
    if ((rc = add_group_controls(c, v, cat_id, p, depth + 1))) return rc;
  }
  return HOSHI_OK;
}

/* Levels and threats from our back-matter resources. */
static hoshi_err read_defs(from_ctx *c, yyjson_val *resources, const char *kind,
                           yyjson_mut_val *into, const char *title_key) {
  yyjson_mut_doc *d = c->d;
  size_t i, n;
  yyjson_val *r;
  yyjson_arr_foreach(resources, i, n, r) {
    char p[PATH_MAX_LEN];
    snprintf(p, sizeof p, "$.catalog.back-matter.resources[%zu]", i);
    yyjson_val *props;
    hoshi_err rc = check_props(r, p, &props, c->e);
    if (rc) return rc;
    const char *k = prop(props, "kind", NULL);
    if (k == NULL || strcmp(k, kind) != 0) continue;
    const char *id = prop(props, "id", NULL);
    if (id == NULL || id[0] == '\0')
      return hoshi_fail(c->e, HOSHI_EINVAL, p, "a %s resource needs an id prop", kind);
    if ((rc = dup_check(into, id, p, kind, c->e))) return rc;
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, into);
    yyjson_mut_obj_add_strcpy(d, o, "id", id);
    const char *nja = prop(props, "text", "name.ja"), *nen = prop(props, "text", "name.en");
    yyjson_mut_obj_add_val(d, o, title_key, cv_text(d, nja ? nja : (nen ? nen : id), nen));
    const char *months = prop(props, "validity-months", NULL);
    if (months) {
      char *end = NULL;
      long mv = strtol(months, &end, 10);
      if (end == months || *end != '\0' || mv < -1000000 || mv > 1000000)
        return hoshi_fail(c->e, HOSHI_EINVAL, p, "validity-months \"%.32s\" is not an integer", months);
      yyjson_mut_obj_add_sint(d, o, "validity_months", mv);
    }
  }
  return HOSHI_OK;
}

/* Catalog-level text resource by field name, or NULL. */
static const char *text_resource(yyjson_val *resources, const char *field) {
  size_t i, n;
  yyjson_val *r;
  yyjson_arr_foreach(resources, i, n, r) {
    yyjson_val *props = yyjson_obj_get(r, "props");
    const char *k = prop(props, "kind", NULL), *f = prop(props, "field", NULL);
    if (k && f && strcmp(k, "text") == 0 && strcmp(f, field) == 0 &&
        yyjson_is_str(yyjson_obj_get(r, "description")))
      return yyjson_get_str(yyjson_obj_get(r, "description"));
  }
  return NULL;
}

static hoshi_err from_oscal(yyjson_val *root, from_ctx *c) {
  yyjson_mut_doc *d = c->d;
  hoshi_error *e = c->e;
  hoshi_err rc;
  if (!yyjson_is_obj(root)) return hoshi_fail(e, HOSHI_EINVAL, "$", "expected a JSON object");
  yyjson_val *cat = yyjson_obj_get(root, "catalog");
  if (!yyjson_is_obj(cat))
    return hoshi_fail(e, HOSHI_EINVAL, "$.catalog", "expected an OSCAL catalog object in \"catalog\"");
  yyjson_val *md = yyjson_obj_get(cat, "metadata");
  if (!yyjson_is_obj(md))
    return hoshi_fail(e, HOSHI_EINVAL, "$.catalog.metadata", "expected an object");
  const char *title, *version = NULL;
  yyjson_val *mprops, *bm = yyjson_obj_get(cat, "back-matter"), *resources = NULL;
  if ((rc = get_str(md, "title", "$.catalog.metadata", 1, &title, e)) ||
      (rc = opt_str(md, "version", "$.catalog.metadata", &version, e)) ||
      (rc = check_props(md, "$.catalog.metadata", &mprops, e)))
    return rc;
  if (bm && !yyjson_is_obj(bm))
    return hoshi_fail(e, HOSHI_EINVAL, "$.catalog.back-matter", "expected an object");
  if ((rc = opt_arr(bm, "resources", "$.catalog.back-matter", &resources, e))) return rc;
  const char *format = prop(mprops, "format", NULL);
  c->ours = format && strcmp(format, "hoshi-catalog/1") == 0;

  yyjson_mut_val *top = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, top);
  yyjson_mut_obj_add_str(d, top, "format", "hoshi-catalog/1");
  const char *id = prop(mprops, "catalog-id", NULL), *scheme = prop(mprops, "scheme", NULL);
  char tscheme[40], tversion[24], tid[128];
  if (scheme == NULL || scheme[0] == '\0') {
    cv_token(title, tscheme, sizeof tscheme);
    scheme = tscheme;
  }
  if (version == NULL || version[0] == '\0') version = "1";
  cv_token(version, tversion, sizeof tversion);
  if (id == NULL || id[0] == '\0') {
    snprintf(tid, sizeof tid, "%.39s-%s", scheme, tversion);
    id = tid;
  }
  yyjson_mut_obj_add_strcpy(d, top, "id", id);
  yyjson_mut_obj_add_strcpy(d, top, "scheme", scheme);
  yyjson_mut_obj_add_strcpy(d, top, "version", c->ours ? version : tversion);
  const char *tja = text_resource(resources, "title.ja"), *ten = text_resource(resources, "title.en");
  yyjson_mut_obj_add_val(d, top, "title", (tja || ten) ? cv_text(d, tja ? tja : ten, ten) : cv_text(d, title, title));
  const char *ow = prop(mprops, "official-wording", NULL);
  if (ow) yyjson_mut_obj_add_bool(d, top, "official_wording", strcmp(ow, "true") == 0);
  else if (!c->ours) yyjson_mut_obj_add_bool(d, top, "official_wording", true);
  const char *src = text_resource(resources, "source");
  if (src || prop(mprops, "has-source", NULL)) yyjson_mut_obj_add_strcpy(d, top, "source", src ? src : "");
  const char *nja = text_resource(resources, "notice.ja"), *nen = text_resource(resources, "notice.en");
  if (prop(mprops, "has-notice", NULL) && (nja || nen))
    yyjson_mut_obj_add_val(d, top, "notice", cv_text(d, nja ? nja : nen, nen));
  else if (!c->ours)
    yyjson_mut_obj_add_val(d, top, "notice",
                           cv_text(d, "OSCALカタログからインポートした文言です（単一言語のため日本語欄にも原文を入れています）。",
                                   "Imported from an OSCAL catalog; the text is single-language, so the Japanese field holds the original too."));

  c->levels = yyjson_mut_obj_add_arr(d, top, "levels");
  if ((rc = read_defs(c, resources, "level", c->levels, "name"))) return rc;
  if (yyjson_mut_arr_size(c->levels) == 0) {
    yyjson_mut_val *l = yyjson_mut_arr_add_obj(d, c->levels);
    yyjson_mut_obj_add_str(d, l, "id", "1");
    yyjson_mut_obj_add_val(d, l, "name", cv_text(d, "全項目", "All controls"));
  }
  c->cats = yyjson_mut_obj_add_arr(d, top, "categories");
  yyjson_mut_val *threats = yyjson_mut_arr(d);
  if ((rc = read_defs(c, resources, "threat", threats, "title"))) return rc;
  if (yyjson_mut_arr_size(threats) || prop(mprops, "has-threats", NULL))
    yyjson_mut_obj_add_val(d, top, "threats", threats);
  c->reqs = yyjson_mut_obj_add_arr(d, top, "requirements");
  c->crits = yyjson_mut_obj_add_arr(d, top, "criteria");

  yyjson_val *groups, *g;
  size_t i, n;
  if ((rc = opt_arr(cat, "groups", "$.catalog", &groups, e))) return rc;
  yyjson_arr_foreach(groups, i, n, g) {
    char p[PATH_MAX_LEN];
    snprintf(p, sizeof p, "$.catalog.groups[%zu]", i);
    if (!yyjson_is_obj(g)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    const char *gid = NULL, *gtitle;
    yyjson_val *gprops;
    if ((rc = opt_str(g, "id", p, &gid, e)) || (rc = get_str(g, "title", p, 0, &gtitle, e)) ||
        (rc = check_props(g, p, &gprops, e)) || (rc = check_parts(g, p, 0, e)))
      return rc;
    const char *label = prop(gprops, "label", NULL);
    char fallback[32];
    snprintf(fallback, sizeof fallback, "%zu", i + 1);
    const char *cid = label ? label : (gid ? gid : fallback);
    if ((rc = dup_check(c->cats, cid, p, "category", e))) return rc;
    yyjson_mut_val *co = yyjson_mut_arr_add_obj(d, c->cats);
    yyjson_mut_obj_add_strcpy(d, co, "id", cid);
    yyjson_mut_obj_add_val(d, co, "title", text_from(d, yyjson_obj_get(g, "parts"), "title", gtitle, cid));
    if ((rc = add_group_controls(c, g, cid, p, 0))) return rc;
  }
  /* Controls outside any group get a category of their own. */
  yyjson_val *loose;
  if ((rc = opt_arr(cat, "controls", "$.catalog", &loose, e))) return rc;
  if (yyjson_arr_size(loose)) {
    const char *cid = "ungrouped";
    if ((rc = dup_check(c->cats, cid, "$.catalog.controls", "category", e))) return rc;
    yyjson_mut_val *co = yyjson_mut_arr_add_obj(d, c->cats);
    yyjson_mut_obj_add_str(d, co, "id", cid);
    yyjson_mut_obj_add_val(d, co, "title", cv_text(d, "グループなし", "Ungrouped controls"));
    if ((rc = add_group_controls(c, cat, cid, "$.catalog", 0))) return rc;
  }
  if (yyjson_mut_arr_size(c->reqs) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, "$.catalog.groups", "the catalog has no controls");
  return HOSHI_OK;
}

hoshi_err catalog_from_oscal(const char *json, size_t len, char **out, size_t *out_len,
                             hoshi_error *e) {
  *out = NULL;
  *out_len = 0;
  yyjson_doc *in = NULL;
  hoshi_err rc = parse(json, len, CATALOG_CONVERT_OSCAL_MAX, &in, e);
  if (rc) return rc;
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  if (d == NULL) {
    yyjson_doc_free(in);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  from_ctx c = {.d = d, .e = e};
  rc = from_oscal(yyjson_doc_get_root(in), &c);
  if (rc == HOSHI_OK) rc = cv_write(d, out, out_len, e);
  yyjson_mut_doc_free(d);
  yyjson_doc_free(in);
  return rc;
}

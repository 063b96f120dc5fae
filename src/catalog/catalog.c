/* Catalog loader: validates a hoshi-catalog/1 document completely before writing anything,
 * then stores it and its normalized rows in one transaction (see catalog.h). */
#include "catalog/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "core/util.h"
#include "hoshi/buf.h"
#include "store/store.h"

/* ---- validation ---- */

typedef struct id_entry {
  const char *id;
  size_t idx;
} id_entry;

typedef struct id_set {
  id_entry *v;
  size_t n;
} id_set;

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

static const id_entry *set_find(const id_set *s, const char *id) {
  id_entry key = {id, 0};
  return s->n ? bsearch(&key, s->v, s->n, sizeof *s->v, entry_cmp) : NULL;
}

typedef struct vctx {
  const char *source;
  hoshi_error *e;
} vctx;

__attribute__((format(printf, 3, 4))) static hoshi_err vfail(vctx *c, const char *path, const char *fmt, ...) {
  char msg[HOSHI_ERR_MSG_MAX - 80];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return hoshi_fail(c->e, HOSHI_EINVAL, path, "%s: %s: %s", c->source, path, msg);
}

static int ident_ok(const char *s, size_t max, int lower_only) {
  size_t n = strlen(s);
  if (n == 0 || n > max) return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
             (!lower_only && ch >= 'A' && ch <= 'Z');
    if (!ok) return 0;
  }
  return 1;
}

/* A required member that must be an identifier. */
static hoshi_err need_ident(vctx *c, yyjson_val *o, const char *key, const char *path, size_t max, int lower,
                            const char **out) {
  char p[160];
  snprintf(p, sizeof p, "%s.%s", path, key);
  yyjson_val *v = yyjson_obj_get(o, key);
  if (!yyjson_is_str(v)) return vfail(c, p, "required string is missing");
  if (!ident_ok(yyjson_get_str(v), max, lower))
    return vfail(c, p, "'%.64s' must be 1-%zu characters of %s", yyjson_get_str(v), max,
                 lower ? "a-z 0-9 . _ -" : "A-Z a-z 0-9 . _ -");
  *out = yyjson_get_str(v);
  return HOSHI_OK;
}

/* A {ja, en} text object; ja required and non-empty, en a string (may be empty). */
static hoshi_err need_text(vctx *c, yyjson_val *o, const char *key, const char *path, int required) {
  char p[160];
  snprintf(p, sizeof p, "%s.%s", path, key);
  yyjson_val *v = yyjson_obj_get(o, key);
  if (v == NULL) return required ? vfail(c, p, "required {\"ja\",\"en\"} text is missing") : HOSHI_OK;
  if (!yyjson_is_obj(v)) return vfail(c, p, "must be an object {\"ja\": \"…\", \"en\": \"…\"}");
  const char *langs[2] = {"ja", "en"};
  for (int i = 0; i < 2; i++) {
    yyjson_val *t = yyjson_obj_get(v, langs[i]);
    char pp[176];
    snprintf(pp, sizeof pp, "%s.%s", p, langs[i]);
    if (!yyjson_is_str(t)) return vfail(c, pp, "must be a string");
    if (i == 0 && yyjson_get_len(t) == 0) return vfail(c, pp, "must not be empty");
    if (yyjson_get_len(t) > CATALOG_TEXT_MAX)
      return vfail(c, pp, "is %zu bytes; at most %d allowed", yyjson_get_len(t), CATALOG_TEXT_MAX);
  }
  return HOSHI_OK;
}

/* Builds the id set of an array of objects and refuses duplicates. */
static hoshi_err build_set(vctx *c, yyjson_val *arr, const char *name, size_t max, id_set *s) {
  s->n = 0;
  s->v = NULL;
  size_t n = yyjson_arr_size(arr);
  if (n > max) {
    char p[64];
    snprintf(p, sizeof p, "$.%s", name);
    return vfail(c, p, "has %zu entries; at most %zu allowed", n, max);
  }
  s->v = calloc(n ? n : 1, sizeof *s->v);
  if (s->v == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
  size_t i, imax;
  yyjson_val *it;
  yyjson_arr_foreach(arr, i, imax, it) {
    char p[96];
    snprintf(p, sizeof p, "$.%s[%zu]", name, i);
    if (!yyjson_is_obj(it)) return vfail(c, p, "must be an object");
    const char *id;
    hoshi_err rc = need_ident(c, it, "id", p, CATALOG_REF_MAX, 0, &id);
    if (rc) return rc;
    s->v[s->n++] = (id_entry){id, i};
  }
  qsort(s->v, s->n, sizeof *s->v, entry_cmp);
  for (size_t k = 1; k < s->n; k++) {
    if (strcmp(s->v[k - 1].id, s->v[k].id) == 0) {
      size_t later = s->v[k].idx > s->v[k - 1].idx ? s->v[k].idx : s->v[k - 1].idx;
      size_t first = s->v[k].idx > s->v[k - 1].idx ? s->v[k - 1].idx : s->v[k].idx;
      char p[96];
      snprintf(p, sizeof p, "$.%s[%zu].id", name, later);
      return vfail(c, p, "duplicate id '%s' (first at $.%s[%zu])", s->v[k].id, name, first);
    }
  }
  return HOSHI_OK;
}

/* An array of ids that must each be in set; *out_arr gets the array (may be NULL if optional). */
static hoshi_err need_refs(vctx *c, yyjson_val *o, const char *key, const char *path, const id_set *set,
                           const char *what, int required) {
  char p[160];
  snprintf(p, sizeof p, "%s.%s", path, key);
  yyjson_val *arr = yyjson_obj_get(o, key);
  if (arr == NULL) return required ? vfail(c, p, "required array of %s ids is missing", what) : HOSHI_OK;
  if (!yyjson_is_arr(arr)) return vfail(c, p, "must be an array of %s ids", what);
  if (required && yyjson_arr_size(arr) == 0) return vfail(c, p, "must name at least one %s", what);
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(arr, i, max, it) {
    char pp[200];
    snprintf(pp, sizeof pp, "%s[%zu]", p, i);
    if (!yyjson_is_str(it)) return vfail(c, pp, "must be a string");
    if (!set_find(set, yyjson_get_str(it))) return vfail(c, pp, "unknown %s '%.64s'", what, yyjson_get_str(it));
  }
  return HOSHI_OK;
}

static int arr_has_str(yyjson_val *arr, const char *s) {
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(arr, i, max, it) if (yyjson_is_str(it) && strcmp(yyjson_get_str(it), s) == 0) return 1;
  return 0;
}

static hoshi_err validate_doc(vctx *c, yyjson_val *root) {
  hoshi_err rc = HOSHI_OK;
  id_set levels = {0}, cats = {0}, threats = {0}, reqs = {0}, crits = {0};
  unsigned char *has_crit = NULL;
  const char *s;
  if (!yyjson_is_obj(root)) return vfail(c, "$", "a catalog must be a JSON object");
  yyjson_val *fmt = yyjson_obj_get(root, "format");
  if (!yyjson_is_str(fmt) || strcmp(yyjson_get_str(fmt), CATALOG_FORMAT) != 0)
    return vfail(c, "$.format", "must be \"%s\"", CATALOG_FORMAT);
  if ((rc = need_ident(c, root, "id", "$", CATALOG_ID_MAX, 1, &s)) ||
      (rc = need_ident(c, root, "scheme", "$", CATALOG_ID_MAX, 1, &s)) ||
      (rc = need_ident(c, root, "version", "$", CATALOG_ID_MAX, 1, &s)) || (rc = need_text(c, root, "title", "$", 1)) ||
      (rc = need_text(c, root, "notice", "$", 0)))
    return rc;
  yyjson_val *off = yyjson_obj_get(root, "official_wording");
  if (off && !yyjson_is_bool(off)) return vfail(c, "$.official_wording", "must be true or false");

  const char *arrays[] = {"levels", "categories", "requirements", "criteria"};
  for (size_t i = 0; i < 4; i++) {
    char p[48];
    snprintf(p, sizeof p, "$.%s", arrays[i]);
    yyjson_val *a = yyjson_obj_get(root, arrays[i]);
    if (!yyjson_is_arr(a) || yyjson_arr_size(a) == 0) return vfail(c, p, "required non-empty array is missing");
  }
  yyjson_val *jlevels = yyjson_obj_get(root, "levels"), *jcats = yyjson_obj_get(root, "categories");
  yyjson_val *jthreats = yyjson_obj_get(root, "threats"), *jreqs = yyjson_obj_get(root, "requirements");
  yyjson_val *jcrits = yyjson_obj_get(root, "criteria");
  if (jthreats && !yyjson_is_arr(jthreats)) return vfail(c, "$.threats", "must be an array");

  if ((rc = build_set(c, jlevels, "levels", 32, &levels))) goto done;
  if ((rc = build_set(c, jcats, "categories", 1000, &cats))) goto done;
  if (jthreats && (rc = build_set(c, jthreats, "threats", 1000, &threats))) goto done;
  if ((rc = build_set(c, jreqs, "requirements", CATALOG_REQ_MAX, &reqs))) goto done;
  if ((rc = build_set(c, jcrits, "criteria", CATALOG_CRIT_MAX, &crits))) goto done;

  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(jlevels, i, max, it) {
    char p[64];
    snprintf(p, sizeof p, "$.levels[%zu]", i);
    if ((rc = need_text(c, it, "name", p, 1))) goto done;
    yyjson_val *vm = yyjson_obj_get(it, "validity_months");
    if (vm && (!yyjson_is_int(vm) || yyjson_get_sint(vm) < 1 || yyjson_get_sint(vm) > 120)) {
      char pp[96];
      snprintf(pp, sizeof pp, "%s.validity_months", p);
      rc = vfail(c, pp, "must be an integer from 1 to 120");
      goto done;
    }
  }
  yyjson_arr_foreach(jcats, i, max, it) {
    char p[64];
    snprintf(p, sizeof p, "$.categories[%zu]", i);
    if ((rc = need_text(c, it, "title", p, 1))) goto done;
  }
  if (jthreats) yyjson_arr_foreach(jthreats, i, max, it) {
      char p[64];
      snprintf(p, sizeof p, "$.threats[%zu]", i);
      if ((rc = need_text(c, it, "title", p, 1))) goto done;
    }
  yyjson_arr_foreach(jreqs, i, max, it) {
    char p[64];
    snprintf(p, sizeof p, "$.requirements[%zu]", i);
    yyjson_val *cat = yyjson_obj_get(it, "category");
    char pc[96];
    snprintf(pc, sizeof pc, "%s.category", p);
    if (!yyjson_is_str(cat)) { rc = vfail(c, pc, "required string is missing"); goto done; }
    if (!set_find(&cats, yyjson_get_str(cat))) {
      rc = vfail(c, pc, "unknown category '%.64s'", yyjson_get_str(cat));
      goto done;
    }
    if ((rc = need_refs(c, it, "levels", p, &levels, "level", 1)) || (rc = need_text(c, it, "title", p, 1)) ||
        (rc = need_text(c, it, "summary", p, 0)) || (rc = need_refs(c, it, "threats", p, &threats, "threat", 0)))
      goto done;
    yyjson_val *chk = yyjson_obj_get(it, "check");
    if (chk && (!yyjson_is_str(chk) || (strcmp(yyjson_get_str(chk), "document") && strcmp(yyjson_get_str(chk), "test") &&
                                        strcmp(yyjson_get_str(chk), "both")))) {
      snprintf(pc, sizeof pc, "%s.check", p);
      rc = vfail(c, pc, "must be \"document\", \"test\" or \"both\"");
      goto done;
    }
    yyjson_val *maps = yyjson_obj_get(it, "mappings");
    if (maps && !yyjson_is_arr(maps)) {
      snprintf(pc, sizeof pc, "%s.mappings", p);
      rc = vfail(c, pc, "must be an array");
      goto done;
    }
    size_t k, kmax;
    yyjson_val *m;
    yyjson_arr_foreach(maps, k, kmax, m) {
      char pm[128];
      snprintf(pm, sizeof pm, "%s.mappings[%zu]", p, k);
      yyjson_val *rel = yyjson_obj_get(m, "relationship"), *str = yyjson_obj_get(m, "strength");
      if (!yyjson_is_obj(m) || !yyjson_is_str(yyjson_obj_get(m, "catalog")) || !yyjson_is_str(yyjson_obj_get(m, "target"))) {
        rc = vfail(c, pm, "must be an object with string members catalog and target");
        goto done;
      }
      if (!yyjson_is_str(rel) || (strcmp(yyjson_get_str(rel), "equal") && strcmp(yyjson_get_str(rel), "subset") &&
                                  strcmp(yyjson_get_str(rel), "superset") && strcmp(yyjson_get_str(rel), "intersect"))) {
        char pr[144];
        snprintf(pr, sizeof pr, "%s.relationship", pm);
        rc = vfail(c, pr, "must be one of equal, subset, superset, intersect (NIST OLIR)");
        goto done;
      }
      if (str && (!yyjson_is_int(str) || yyjson_get_sint(str) < 1 || yyjson_get_sint(str) > 10)) {
        char pr[144];
        snprintf(pr, sizeof pr, "%s.strength", pm);
        rc = vfail(c, pr, "must be an integer from 1 to 10");
        goto done;
      }
    }
  }
  has_crit = calloc(yyjson_arr_size(jreqs), 1);
  if (has_crit == NULL) { rc = hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory"); goto done; }
  yyjson_arr_foreach(jcrits, i, max, it) {
    char p[64], pc[96];
    snprintf(p, sizeof p, "$.criteria[%zu]", i);
    snprintf(pc, sizeof pc, "%s.requirement", p);
    yyjson_val *req = yyjson_obj_get(it, "requirement");
    if (!yyjson_is_str(req)) { rc = vfail(c, pc, "required string is missing"); goto done; }
    const id_entry *r = set_find(&reqs, yyjson_get_str(req));
    if (r == NULL) {
      rc = vfail(c, pc, "criterion without requirement: unknown requirement '%.64s'", yyjson_get_str(req));
      goto done;
    }
    has_crit[r->idx] = 1;
    const char *cid = yyjson_get_str(yyjson_obj_get(it, "id"));
    size_t rl = strlen(r->id);
    if (strncmp(cid, r->id, rl) != 0 || cid[rl] != '-' || cid[rl + 1] == '\0') {
      snprintf(pc, sizeof pc, "%s.id", p);
      rc = vfail(c, pc, "criterion id '%s' must start with its requirement id '%s-'", cid, r->id);
      goto done;
    }
    if ((rc = need_refs(c, it, "levels", p, &levels, "level", 1)) || (rc = need_text(c, it, "text", p, 1))) goto done;
    yyjson_val *rlevels = yyjson_obj_get(yyjson_arr_get(jreqs, r->idx), "levels");
    size_t k, kmax;
    yyjson_val *lv;
    yyjson_arr_foreach(yyjson_obj_get(it, "levels"), k, kmax, lv) {
      if (!arr_has_str(rlevels, yyjson_get_str(lv))) {
        char pl[128];
        snprintf(pl, sizeof pl, "%s.levels[%zu]", p, k);
        rc = vfail(c, pl, "level '%s' is not a level of requirement '%s'", yyjson_get_str(lv), r->id);
        goto done;
      }
    }
  }
  for (size_t k = 0; k < yyjson_arr_size(jreqs); k++) {
    if (!has_crit[k]) {
      char p[64];
      snprintf(p, sizeof p, "$.requirements[%zu]", k);
      rc = vfail(c, p, "requirement '%s' has no criterion", yyjson_get_str(yyjson_obj_get(yyjson_arr_get(jreqs, k), "id")));
      goto done;
    }
  }
done:
  free(levels.v);
  free(cats.v);
  free(threats.v);
  free(reqs.v);
  free(crits.v);
  free(has_crit);
  return rc;
}

static yyjson_doc *parse_doc(const char *json, size_t len, const char *source, hoshi_error *e) {
  if (len > CATALOG_FILE_MAX) {
    hoshi_fail(e, HOSHI_ELIMIT, "$", "%s: catalog is %zu bytes; at most %d allowed", source, len, CATALOG_FILE_MAX);
    return NULL;
  }
  yyjson_read_err err;
  yyjson_doc *doc = yyjson_read_opts((char *)json, len, 0, NULL, &err);
  if (doc == NULL)
    hoshi_fail(e, HOSHI_EINVAL, "$", "%s: malformed JSON at byte %zu: %s", source, err.pos, err.msg);
  return doc;
}

hoshi_err catalog_validate(const char *json, size_t len, const char *source, hoshi_error *e) {
  yyjson_doc *doc = parse_doc(json, len, source, e);
  if (doc == NULL) return e ? e->code : HOSHI_EINVAL;
  vctx c = {source, e};
  hoshi_err rc = validate_doc(&c, yyjson_doc_get_root(doc));
  yyjson_doc_free(doc);
  return rc;
}

/* ---- storing ---- */

static const char *txt(yyjson_val *o, const char *key, const char *lang) {
  const char *s = yyjson_get_str(yyjson_obj_get(yyjson_obj_get(o, key), lang));
  return s ? s : "";
}

/* Runs one prepared INSERT with the given text values (NULL binds NULL; "#n" is not used). */
static hoshi_err run_insert(sqlite3 *db, sqlite3_stmt *st, int n, const char **vals, hoshi_error *e) {
  sqlite3_reset(st);
  for (int i = 0; i < n; i++) store_bind_text(st, i + 1, vals[i]);
  if (sqlite3_step(st) != SQLITE_DONE) return store_fail(db, e, "storing catalog");
  return HOSHI_OK;
}

static hoshi_err store_doc(sqlite3 *db, yyjson_val *root, const char *json, size_t len, hoshi_error *e) {
  static const char *sqls[] = {
      "INSERT INTO catalogs(id, scheme, version, title_ja, title_en, official, document, sha256, imported_at)"
      " VALUES (?,?,?,?,?,?,?,?,?)",
      "INSERT INTO catalog_levels(catalog_id, level, name_ja, name_en, validity_months, ord) VALUES (?,?,?,?,?,?)",
      "INSERT INTO catalog_categories(catalog_id, id, title_ja, title_en, ord) VALUES (?,?,?,?,?)",
      "INSERT INTO catalog_threats(catalog_id, id, title_ja, title_en) VALUES (?,?,?,?)",
      "INSERT INTO catalog_requirements(catalog_id, id, category_id, title_ja, title_en, summary_ja, summary_en,"
      " check_kind, ord) VALUES (?,?,?,?,?,?,?,?,?)",
      "INSERT INTO catalog_requirement_levels(catalog_id, requirement_id, level) VALUES (?,?,?)",
      "INSERT INTO catalog_requirement_threats(catalog_id, requirement_id, threat_id) VALUES (?,?,?)",
      "INSERT INTO catalog_mappings(catalog_id, requirement_id, target_catalog, target_id, relationship, strength)"
      " VALUES (?,?,?,?,?,?)",
      "INSERT INTO catalog_criteria(catalog_id, id, requirement_id, text_ja, text_en, ord) VALUES (?,?,?,?,?,?)",
      "INSERT INTO catalog_criterion_levels(catalog_id, criterion_id, level) VALUES (?,?,?)",
  };
  enum { N = sizeof sqls / sizeof sqls[0] };
  sqlite3_stmt *st[N] = {0};
  hoshi_err rc = HOSHI_OK;
  for (size_t i = 0; i < N; i++)
    if (sqlite3_prepare_v2(db, sqls[i], -1, &st[i], NULL) != SQLITE_OK) {
      rc = store_fail(db, e, "preparing catalog insert");
      goto done;
    }
  const char *cid = yyjson_get_str(yyjson_obj_get(root, "id"));
  char sha[65], now[UTIL_TIME_LEN], ord[24], num[24];
  util_sha256_hex(json, len, sha);
  util_now_iso(now);
  {
    sqlite3_reset(st[0]);
    store_bind_text(st[0], 1, cid);
    store_bind_text(st[0], 2, yyjson_get_str(yyjson_obj_get(root, "scheme")));
    store_bind_text(st[0], 3, yyjson_get_str(yyjson_obj_get(root, "version")));
    store_bind_text(st[0], 4, txt(root, "title", "ja"));
    store_bind_text(st[0], 5, txt(root, "title", "en"));
    sqlite3_bind_int(st[0], 6, yyjson_get_bool(yyjson_obj_get(root, "official_wording")) ? 1 : 0);
    sqlite3_bind_text(st[0], 7, json, (int)len, SQLITE_STATIC);
    store_bind_text(st[0], 8, sha);
    store_bind_text(st[0], 9, now);
    if (sqlite3_step(st[0]) != SQLITE_DONE) {
      rc = store_fail(db, e, "storing catalog");
      if (rc == HOSHI_EEXISTS)
        rc = hoshi_fail(e, HOSHI_EEXISTS, "id", "catalog %s (or its scheme and version) is already imported; import a new version instead", cid);
      goto done;
    }
  }
  size_t i, max;
  yyjson_val *it;
  yyjson_arr_foreach(yyjson_obj_get(root, "levels"), i, max, it) {
    yyjson_val *vm = yyjson_obj_get(it, "validity_months");
    snprintf(ord, sizeof ord, "%zu", i);
    snprintf(num, sizeof num, "%lld", (long long)yyjson_get_sint(vm));
    const char *v[] = {cid, yyjson_get_str(yyjson_obj_get(it, "id")), txt(it, "name", "ja"), txt(it, "name", "en"),
                       vm ? num : NULL, ord};
    if ((rc = run_insert(db, st[1], 6, v, e))) goto done;
  }
  yyjson_arr_foreach(yyjson_obj_get(root, "categories"), i, max, it) {
    snprintf(ord, sizeof ord, "%zu", i);
    const char *v[] = {cid, yyjson_get_str(yyjson_obj_get(it, "id")), txt(it, "title", "ja"), txt(it, "title", "en"), ord};
    if ((rc = run_insert(db, st[2], 5, v, e))) goto done;
  }
  yyjson_arr_foreach(yyjson_obj_get(root, "threats"), i, max, it) {
    const char *v[] = {cid, yyjson_get_str(yyjson_obj_get(it, "id")), txt(it, "title", "ja"), txt(it, "title", "en")};
    if ((rc = run_insert(db, st[3], 4, v, e))) goto done;
  }
  yyjson_arr_foreach(yyjson_obj_get(root, "requirements"), i, max, it) {
    const char *rid = yyjson_get_str(yyjson_obj_get(it, "id"));
    const char *chk = yyjson_get_str(yyjson_obj_get(it, "check"));
    snprintf(ord, sizeof ord, "%zu", i);
    const char *v[] = {cid, rid, yyjson_get_str(yyjson_obj_get(it, "category")), txt(it, "title", "ja"),
                       txt(it, "title", "en"), txt(it, "summary", "ja"), txt(it, "summary", "en"), chk ? chk : "", ord};
    if ((rc = run_insert(db, st[4], 9, v, e))) goto done;
    size_t k, kmax;
    yyjson_val *x;
    yyjson_arr_foreach(yyjson_obj_get(it, "levels"), k, kmax, x) {
      const char *lv[] = {cid, rid, yyjson_get_str(x)};
      if ((rc = run_insert(db, st[5], 3, lv, e))) goto done;
    }
    yyjson_arr_foreach(yyjson_obj_get(it, "threats"), k, kmax, x) {
      const char *tv[] = {cid, rid, yyjson_get_str(x)};
      if ((rc = run_insert(db, st[6], 3, tv, e))) goto done;
    }
    yyjson_arr_foreach(yyjson_obj_get(it, "mappings"), k, kmax, x) {
      yyjson_val *sv = yyjson_obj_get(x, "strength");
      snprintf(num, sizeof num, "%lld", (long long)yyjson_get_sint(sv));
      const char *mv[] = {cid, rid, yyjson_get_str(yyjson_obj_get(x, "catalog")), yyjson_get_str(yyjson_obj_get(x, "target")),
                          yyjson_get_str(yyjson_obj_get(x, "relationship")), sv ? num : NULL};
      if ((rc = run_insert(db, st[7], 6, mv, e))) goto done;
    }
  }
  yyjson_arr_foreach(yyjson_obj_get(root, "criteria"), i, max, it) {
    const char *id = yyjson_get_str(yyjson_obj_get(it, "id"));
    snprintf(ord, sizeof ord, "%zu", i);
    const char *v[] = {cid, id, yyjson_get_str(yyjson_obj_get(it, "requirement")), txt(it, "text", "ja"),
                       txt(it, "text", "en"), ord};
    if ((rc = run_insert(db, st[8], 6, v, e))) goto done;
    size_t k, kmax;
    yyjson_val *x;
    yyjson_arr_foreach(yyjson_obj_get(it, "levels"), k, kmax, x) {
      const char *lv[] = {cid, id, yyjson_get_str(x)};
      if ((rc = run_insert(db, st[9], 3, lv, e))) goto done;
    }
  }
done:
  for (size_t k = 0; k < N; k++) sqlite3_finalize(st[k]);
  return rc;
}

hoshi_err catalog_import(sqlite3 *db, const audit_actor *who, const char *json, size_t len, const char *source,
                         char id_out[CATALOG_ID_MAX + 1], hoshi_error *e) {
  yyjson_doc *doc = parse_doc(json, len, source, e);
  if (doc == NULL) return e ? e->code : HOSHI_EINVAL;
  yyjson_val *root = yyjson_doc_get_root(doc);
  vctx c = {source, e};
  hoshi_err rc = validate_doc(&c, root);
  if (rc) goto done;
  if ((rc = store_begin(db, e))) goto done;
  if ((rc = store_doc(db, root, json, len, e))) goto rollback;
  const char *cid = yyjson_get_str(yyjson_obj_get(root, "id"));
  char summary[512];
  snprintf(summary, sizeof summary, "{\"after\":{\"id\":\"%s\",\"requirements\":%zu,\"criteria\":%zu}}", cid,
           yyjson_arr_size(yyjson_obj_get(root, "requirements")), yyjson_arr_size(yyjson_obj_get(root, "criteria")));
  if ((rc = audit_append(db, who, NULL, "catalog.import", "catalog", cid, summary, e))) goto rollback;
  if ((rc = store_commit(db, e))) goto done;
  if (id_out) snprintf(id_out, CATALOG_ID_MAX + 1, "%s", cid);
  goto done;
rollback:
  store_rollback(db);
done:
  yyjson_doc_free(doc);
  return rc;
}

static char *read_all(const char *path, size_t *len, size_t max) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  hoshi_buf b = HOSHI_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    hoshi_buf_append(&b, chunk, n);
    if (b.n > max) break;
  }
  fclose(f);
  *len = b.n;
  return hoshi_buf_take(&b);
}

static int has_catalog(sqlite3 *db, const char *json, size_t len) {
  yyjson_doc *doc = yyjson_read(json, len, 0);
  const char *id = yyjson_get_str(yyjson_obj_get(yyjson_doc_get_root(doc), "id"));
  int found = 0;
  if (id) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM catalogs WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
      store_bind_text(st, 1, id);
      found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
  }
  yyjson_doc_free(doc);
  return found;
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

hoshi_err catalog_import_dir(sqlite3 *db, const audit_actor *who, const char *dir, int *imported, hoshi_error *e) {
  *imported = 0;
  DIR *d = opendir(dir);
  if (d == NULL && errno == ENOENT) return HOSHI_OK; /* no shipped catalogs: nothing to do */
  if (d == NULL) return hoshi_fail(e, HOSHI_EIO, "catalogs", "cannot open catalog folder %s", dir);
  char *names[256];
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL && n < 256) {
    size_t l = strlen(de->d_name);
    if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0 && de->d_name[0] != '.') names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], name_cmp);
  hoshi_err rc = HOSHI_OK;
  for (size_t i = 0; i < n; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    size_t len = 0;
    char *json = read_all(path, &len, CATALOG_FILE_MAX);
    if (json == NULL) {
      if (rc == HOSHI_OK) rc = hoshi_fail(e, HOSHI_EIO, "catalogs", "cannot read %s", path);
      continue;
    }
    if (rc == HOSHI_OK && !has_catalog(db, json, len)) {
      rc = catalog_import(db, who, json, len, path, NULL, e);
      if (rc == HOSHI_OK) (*imported)++;
    }
    free(json);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  return rc;
}

/* ---- queries ---- */

#define INFO_SQL                                                                                                   \
  "SELECT c.id, c.scheme, c.version, c.title_ja, c.title_en, c.official, c.imported_at,"                          \
  " (SELECT count(*) FROM catalog_requirements r WHERE r.catalog_id = c.id),"                                     \
  " (SELECT count(*) FROM catalog_criteria k WHERE k.catalog_id = c.id) FROM catalogs c"

static void row_info(sqlite3_stmt *st, catalog_info *ci) {
  snprintf(ci->id, sizeof ci->id, "%s", store_col_text(st, 0));
  snprintf(ci->scheme, sizeof ci->scheme, "%s", store_col_text(st, 1));
  snprintf(ci->version, sizeof ci->version, "%s", store_col_text(st, 2));
  snprintf(ci->title_ja, sizeof ci->title_ja, "%s", store_col_text(st, 3));
  snprintf(ci->title_en, sizeof ci->title_en, "%s", store_col_text(st, 4));
  ci->official = sqlite3_column_int(st, 5);
  snprintf(ci->imported_at, sizeof ci->imported_at, "%s", store_col_text(st, 6));
  ci->requirements = sqlite3_column_int(st, 7);
  ci->criteria = sqlite3_column_int(st, 8);
}

hoshi_err catalog_list(sqlite3 *db, catalog_info **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, INFO_SQL " ORDER BY c.scheme, c.version", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "listing catalogs");
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      catalog_info *p = realloc(*out, cap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      *out = p;
    }
    row_info(st, &(*out)[(*n)++]);
  }
  sqlite3_finalize(st);
  if (rc) { free(*out); *out = NULL; *n = 0; }
  return rc;
}

hoshi_err catalog_get_info(sqlite3 *db, const char *id, catalog_info *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, INFO_SQL " WHERE c.id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading catalog");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_info(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "catalog", "no catalog '%.64s'", id);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err catalog_get_document(sqlite3 *db, const char *id, char **json, size_t *len, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  *json = NULL;
  if (sqlite3_prepare_v2(db, "SELECT document FROM catalogs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading catalog");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) {
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    *json = malloc(n + 1);
    if (*json == NULL) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    else {
      memcpy(*json, sqlite3_column_blob(st, 0), n);
      (*json)[n] = '\0';
      if (len) *len = n;
    }
  } else {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "catalog", "no catalog '%.64s'", id);
  }
  sqlite3_finalize(st);
  return rc;
}

hoshi_err catalog_level(sqlite3 *db, const char *catalog_id, const char *level, int *validity_months, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT coalesce(validity_months, 0) FROM catalog_levels WHERE catalog_id = ? AND level = ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading catalog level");
  store_bind_text(st, 1, catalog_id);
  store_bind_text(st, 2, level);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) {
    if (validity_months) *validity_months = sqlite3_column_int(st, 0);
  } else {
    rc = hoshi_fail(e, HOSHI_ENOTFOUND, "level", "catalog '%.64s' has no level '%.16s'", catalog_id, level);
  }
  sqlite3_finalize(st);
  return rc;
}

hoshi_err catalog_criteria_for_level(sqlite3 *db, const char *catalog_id, const char *level, catalog_criterion **out,
                                     size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT k.id, k.requirement_id, r.category_id FROM catalog_criteria k"
                         " JOIN catalog_criterion_levels l ON l.catalog_id = k.catalog_id AND l.criterion_id = k.id"
                         " JOIN catalog_requirements r ON r.catalog_id = k.catalog_id AND r.id = k.requirement_id"
                         " WHERE k.catalog_id = ? AND l.level = ? ORDER BY k.ord",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading criteria");
  store_bind_text(st, 1, catalog_id);
  store_bind_text(st, 2, level);
  size_t cap = 0;
  hoshi_err rc = HOSHI_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 64;
      catalog_criterion *p = realloc(*out, cap * sizeof *p);
      if (p == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); break; }
      *out = p;
    }
    catalog_criterion *c = &(*out)[(*n)++];
    snprintf(c->id, sizeof c->id, "%s", store_col_text(st, 0));
    snprintf(c->requirement, sizeof c->requirement, "%s", store_col_text(st, 1));
    snprintf(c->category, sizeof c->category, "%s", store_col_text(st, 2));
  }
  sqlite3_finalize(st);
  if (rc) { free(*out); *out = NULL; *n = 0; }
  return rc;
}

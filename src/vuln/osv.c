/* OSV advisory reader (schema 1.x): validates structure and types of what matching reads
 * (id, modified, withdrawn, aliases, severity, affected[].package/ranges/versions). */
#include "vuln/osv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/cvss.h"

static const char *const EVENT_NAMES[] = {"introduced", "fixed", "last_affected", "limit"};
static const char *const RANGE_NAMES[] = {"SEMVER", "ECOSYSTEM", "GIT"};

const char *osv_event_name(osv_event_kind k) { return EVENT_NAMES[k]; }
const char *osv_range_type_name(osv_range_type t) { return RANGE_NAMES[t]; }

/* Reads an optional string member; a present non-string or over-long value is an error. */
static hoshi_err get_str(yyjson_val *obj, const char *key, const char *path, int required,
                         const char **out, hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) {
    if (required) return hoshi_fail(e, HOSHI_EINVAL, path, "required string '%s' is missing", key);
    return HOSHI_OK;
  }
  if (!yyjson_is_str(v))
    return hoshi_fail(e, HOSHI_EINVAL, path, "'%s' must be a string", key);
  if (yyjson_get_len(v) > OSV_STRING_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "'%s' is longer than %d bytes", key, OSV_STRING_MAX);
  if (required && yyjson_get_len(v) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, path, "'%s' must not be empty", key);
  *out = yyjson_get_str(v);
  return HOSHI_OK;
}

/* Optional array member: NULL when absent, error when not an array or longer than max. */
static hoshi_err get_arr(yyjson_val *obj, const char *key, const char *path, size_t max,
                         yyjson_val **out, hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) return HOSHI_OK;
  if (!yyjson_is_arr(v)) return hoshi_fail(e, HOSHI_EINVAL, path, "'%s' must be an array", key);
  if (yyjson_arr_size(v) > max)
    return hoshi_fail(e, HOSHI_ELIMIT, path, "'%s' has %zu entries, more than the limit of %zu",
                      key, yyjson_arr_size(v), max);
  *out = v;
  return HOSHI_OK;
}

static hoshi_err parse_strings(yyjson_val *arr, const char *path, const char ***out, size_t *n,
                               hoshi_error *e) {
  *out = NULL;
  *n = 0;
  if (arr == NULL || yyjson_arr_size(arr) == 0) return HOSHI_OK;
  *out = calloc(yyjson_arr_size(arr), sizeof **out);
  if (*out == NULL) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, max, v) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "%.90s[%zu]", path, i);
    if (!yyjson_is_str(v)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected a string");
    if (yyjson_get_len(v) > OSV_STRING_MAX)
      return hoshi_fail(e, HOSHI_ELIMIT, p, "longer than %d bytes", OSV_STRING_MAX);
    (*out)[(*n)++] = yyjson_get_str(v);
  }
  return HOSHI_OK;
}

static hoshi_err parse_severity(yyjson_val *arr, const char *path, osv_severity **out, size_t *n,
                                hoshi_error *e) {
  *out = NULL;
  *n = 0;
  if (arr == NULL || yyjson_arr_size(arr) == 0) return HOSHI_OK;
  *out = calloc(yyjson_arr_size(arr), sizeof **out);
  if (*out == NULL) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, max, v) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "%.90s[%zu]", path, i);
    if (!yyjson_is_obj(v)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    osv_severity *s = &(*out)[(*n)++];
    hoshi_err rc = get_str(v, "type", p, 1, &s->type, e);
    if (!rc) rc = get_str(v, "score", p, 1, &s->vector, e);
    if (rc) return rc;
    /* A vector we cannot score keeps the advisory usable; the score is just unknown. */
    if (strcmp(s->type, "CVSS_V3") == 0 || strcmp(s->type, "CVSS_V4") == 0)
      s->has_score = hoshi_cvss_score(s->vector, &s->score, NULL, NULL) == HOSHI_OK;
  }
  return HOSHI_OK;
}

static hoshi_err parse_range(yyjson_val *rv, const char *path, osv_range *r, hoshi_error *e) {
  if (!yyjson_is_obj(rv)) return hoshi_fail(e, HOSHI_EINVAL, path, "expected an object");
  const char *type;
  hoshi_err rc = get_str(rv, "type", path, 1, &type, e);
  if (rc) return rc;
  if (strcmp(type, "SEMVER") == 0) r->type = OSV_RANGE_SEMVER;
  else if (strcmp(type, "ECOSYSTEM") == 0) r->type = OSV_RANGE_ECOSYSTEM;
  else if (strcmp(type, "GIT") == 0) r->type = OSV_RANGE_GIT;
  else
    return hoshi_fail(e, HOSHI_EINVAL, path, "type '%.64s' is not SEMVER, ECOSYSTEM or GIT", type);
  rc = get_str(rv, "repo", path, 0, &r->repo, e);
  if (rc) return rc;
  yyjson_val *evs;
  rc = get_arr(rv, "events", path, OSV_EVENTS_MAX, &evs, e);
  if (rc) return rc;
  if (evs == NULL || yyjson_arr_size(evs) == 0)
    return hoshi_fail(e, HOSHI_EINVAL, path, "'events' must be a non-empty array");
  r->events = calloc(yyjson_arr_size(evs), sizeof *r->events);
  if (r->events == NULL) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
  int introduced = 0, fixed = 0, last = 0;
  size_t i, max;
  yyjson_val *ev;
  yyjson_arr_foreach(evs, i, max, ev) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "%.90s.events[%zu]", path, i);
    if (!yyjson_is_obj(ev) || yyjson_obj_size(ev) != 1)
      return hoshi_fail(e, HOSHI_EINVAL, p,
                        "expected an object with exactly one of introduced, fixed, last_affected, limit");
    yyjson_obj_iter it = yyjson_obj_iter_with(ev);
    yyjson_val *k = yyjson_obj_iter_next(&it);
    yyjson_val *v = yyjson_obj_iter_get_val(k);
    const char *key = yyjson_get_str(k);
    int kind = -1;
    for (int j = 0; j < 4; j++)
      if (strcmp(key, EVENT_NAMES[j]) == 0) kind = j;
    if (kind < 0)
      return hoshi_fail(e, HOSHI_EINVAL, p, "unknown event '%.64s'", key);
    if (!yyjson_is_str(v) || yyjson_get_len(v) == 0)
      return hoshi_fail(e, HOSHI_EINVAL, p, "'%s' must be a non-empty string", key);
    if (yyjson_get_len(v) > OSV_STRING_MAX)
      return hoshi_fail(e, HOSHI_ELIMIT, p, "'%s' is longer than %d bytes", key, OSV_STRING_MAX);
    r->events[r->n_events].kind = (osv_event_kind)kind;
    r->events[r->n_events].version = yyjson_get_str(v);
    r->n_events++;
    introduced |= kind == OSV_EV_INTRODUCED;
    fixed |= kind == OSV_EV_FIXED;
    last |= kind == OSV_EV_LAST_AFFECTED;
  }
  if (!introduced)
    return hoshi_fail(e, HOSHI_EINVAL, path, "events need at least one 'introduced'");
  if (fixed && last)
    return hoshi_fail(e, HOSHI_EINVAL, path,
                      "events may hold 'fixed' or 'last_affected', not both (OSV schema)");
  return HOSHI_OK;
}

hoshi_err osv_parse_affected(yyjson_val *av, const char *path, osv_affected *a, hoshi_error *e) {
  char p[HOSHI_ERR_FIELD_MAX];
  if (!yyjson_is_obj(av)) return hoshi_fail(e, HOSHI_EINVAL, path, "expected an object");
  yyjson_val *pkg = yyjson_obj_get(av, "package");
  hoshi_err rc;
  if (pkg != NULL) {
    snprintf(p, sizeof p, "%.90s.package", path);
    if (!yyjson_is_obj(pkg)) return hoshi_fail(e, HOSHI_EINVAL, p, "expected an object");
    if ((rc = get_str(pkg, "ecosystem", p, 1, &a->ecosystem, e))) return rc;
    if ((rc = get_str(pkg, "name", p, 1, &a->name, e))) return rc;
    if ((rc = get_str(pkg, "purl", p, 0, &a->purl, e))) return rc;
  }
  yyjson_val *arr;
  if ((rc = get_arr(av, "ranges", path, OSV_RANGES_MAX, &arr, e))) return rc;
  if (arr && yyjson_arr_size(arr) > 0) {
    a->ranges = calloc(yyjson_arr_size(arr), sizeof *a->ranges);
    if (a->ranges == NULL) return hoshi_fail(e, HOSHI_ENOMEM, path, "out of memory");
    size_t i, max;
    yyjson_val *rv;
    yyjson_arr_foreach(arr, i, max, rv) {
      snprintf(p, sizeof p, "%.90s.ranges[%zu]", path, i);
      rc = parse_range(rv, p, &a->ranges[a->n_ranges], e);
      a->n_ranges++; /* counted even on failure so osv_free releases its events */
      if (rc) return rc;
    }
  }
  if ((rc = get_arr(av, "versions", path, OSV_VERSIONS_MAX, &arr, e))) return rc;
  snprintf(p, sizeof p, "%.90s.versions", path);
  if ((rc = parse_strings(arr, p, &a->versions, &a->n_versions, e))) return rc;
  if ((rc = get_arr(av, "severity", path, OSV_SEVERITY_MAX, &arr, e))) return rc;
  snprintf(p, sizeof p, "%.90s.severity", path);
  return parse_severity(arr, p, &a->severity, &a->n_severity, e);
}

hoshi_err osv_parse_value(yyjson_val *root, osv_advisory *out, hoshi_error *e) {
  hoshi_err rc;
  yyjson_doc *keep = out->doc;
  memset(out, 0, sizeof *out);
  out->doc = keep;
  if (!yyjson_is_obj(root)) { rc = hoshi_fail(e, HOSHI_EINVAL, "$", "expected a JSON object"); goto fail; }
  if ((rc = get_str(root, "id", "$", 1, &out->id, e))) goto fail;
  if ((rc = get_str(root, "modified", "$", 1, &out->modified, e))) goto fail;
  if ((rc = get_str(root, "published", "$", 0, &out->published, e))) goto fail;
  if ((rc = get_str(root, "withdrawn", "$", 0, &out->withdrawn, e))) goto fail;
  if ((rc = get_str(root, "summary", "$", 0, &out->summary, e))) goto fail;
  /* details can be long prose; only its presence and type matter here */
  yyjson_val *det = yyjson_obj_get(root, "details");
  if (det && !yyjson_is_null(det)) {
    if (!yyjson_is_str(det)) { rc = hoshi_fail(e, HOSHI_EINVAL, "$", "'details' must be a string"); goto fail; }
    out->details = yyjson_get_str(det);
  }
  yyjson_val *arr;
  if ((rc = get_arr(root, "aliases", "$", OSV_ALIASES_MAX, &arr, e))) goto fail;
  if ((rc = parse_strings(arr, "$.aliases", &out->aliases, &out->n_aliases, e))) goto fail;
  if ((rc = get_arr(root, "severity", "$", OSV_SEVERITY_MAX, &arr, e))) goto fail;
  if ((rc = parse_severity(arr, "$.severity", &out->severity, &out->n_severity, e))) goto fail;
  if ((rc = get_arr(root, "affected", "$", OSV_AFFECTED_MAX, &arr, e))) goto fail;
  if (arr && yyjson_arr_size(arr) > 0) {
    out->affected = calloc(yyjson_arr_size(arr), sizeof *out->affected);
    if (out->affected == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "$", "out of memory"); goto fail; }
    size_t i, max;
    yyjson_val *av;
    yyjson_arr_foreach(arr, i, max, av) {
      char p[HOSHI_ERR_FIELD_MAX];
      snprintf(p, sizeof p, "$.affected[%zu]", i);
      rc = osv_parse_affected(av, p, &out->affected[out->n_affected], e);
      out->n_affected++;
      if (rc) goto fail;
    }
  }
  return HOSHI_OK;
fail:
  keep = out->doc;
  out->doc = NULL;
  osv_free(out);
  out->doc = keep;
  return rc;
}

hoshi_err osv_parse(const char *buf, size_t len, osv_advisory *out, hoshi_error *e) {
  memset(out, 0, sizeof *out);
  if (len > OSV_FILE_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "advisory is %zu bytes, more than the limit of %u",
                      len, OSV_FILE_MAX);
  yyjson_read_err rerr;
  yyjson_doc *doc = yyjson_read_opts((char *)(uintptr_t)buf, len, 0, NULL, &rerr);
  if (doc == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "$", "not valid JSON at byte %zu: %s", rerr.pos, rerr.msg);
  out->doc = doc;
  hoshi_err rc = osv_parse_value(yyjson_doc_get_root(doc), out, e);
  if (rc) {
    yyjson_doc_free(doc);
    out->doc = NULL;
  }
  return rc;
}

void osv_affected_free(osv_affected *af) {
  if (af == NULL) return;
  for (size_t j = 0; j < af->n_ranges; j++) free(af->ranges[j].events);
  free(af->ranges);
  free(af->versions);
  free(af->severity);
  memset(af, 0, sizeof *af);
}

void osv_free(osv_advisory *a) {
  if (a == NULL) return;
  for (size_t i = 0; i < a->n_affected; i++) osv_affected_free(&a->affected[i]);
  free(a->affected);
  free(a->aliases);
  free(a->severity);
  yyjson_doc_free(a->doc);
  memset(a, 0, sizeof *a);
}

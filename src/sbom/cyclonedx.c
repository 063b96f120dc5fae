/* CycloneDX JSON 1.2-1.6 reader: metadata, nested components, dependencies and embedded
 * vulnerabilities (VEX) into the normalized model; unknown fields are ignored. */
#include <string.h>

#include "sbom/sbom_int.h"

#define TRY(x)                      \
  do {                              \
    hoshi_err rc_ = (x);            \
    if (rc_ != HOSHI_OK) return rc_; \
  } while (0)

static hoshi_err expect(sbom_builder *b, yyjson_val *v, int ok, const char *key, const char *what) {
  if (ok) return HOSHI_OK;
  return sbom_fail(b, HOSHI_EINVAL, key, "expected %s, got %s", what, sbom_json_type(v));
}

/* v as an array (NULL when absent or null); fails on another type. */
static hoshi_err arr_of(sbom_builder *b, yyjson_val *v, const char *key, yyjson_val **out) {
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) return HOSHI_OK;
  TRY(expect(b, v, yyjson_is_arr(v), key, "an array"));
  *out = v;
  return HOSHI_OK;
}

/* The array at obj[key], or NULL when absent; fails on another type. */
static hoshi_err get_arr(sbom_builder *b, yyjson_val *obj, const char *key, yyjson_val **out) {
  return arr_of(b, yyjson_obj_get(obj, key), key, out);
}

/* v as a string (NULL when absent or null); fails on another type. */
static const char *str_of(sbom_builder *b, yyjson_val *v, const char *key, hoshi_err *rc) {
  if (v == NULL || yyjson_is_null(v) || *rc != HOSHI_OK) return NULL;
  if (!yyjson_is_str(v)) {
    *rc = sbom_fail(b, HOSHI_EINVAL, key, "expected a string, got %s", sbom_json_type(v));
    return NULL;
  }
  return yyjson_get_str(v);
}

/* v.name when v is an organization object; *out is only set when still NULL. */
static hoshi_err entity_name_of(sbom_builder *b, yyjson_val *v, const char *key, const char **out) {
  if (v == NULL || yyjson_is_null(v)) return HOSHI_OK;
  TRY(expect(b, v, yyjson_is_obj(v), key, "an object"));
  hoshi_err rc = HOSHI_OK;
  sbom_path_key(b, key);
  const char *name = sbom_get_str(b, v, "name", &rc);
  sbom_path_pop(b);
  if (rc == HOSHI_OK && name && *name && *out == NULL) *out = name;
  return rc;
}

static hoshi_err entity_name(sbom_builder *b, yyjson_val *obj, const char *key, const char **out) {
  return entity_name_of(b, yyjson_obj_get(obj, key), key, out);
}

static hoshi_err read_hashes(sbom_builder *b, yyjson_val *field, size_t ci) {
  yyjson_val *arr;
  TRY(arr_of(b, field, "hashes", &arr));
  if (arr == NULL || yyjson_arr_size(arr) == 0) return HOSHI_OK;
  hoshi_sbom_hash *h = sbom_alloc(b, yyjson_arr_size(arr) * sizeof *h);
  if (h == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  size_t n = 0, i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  sbom_path_key(b, "hashes");
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    if (!yyjson_is_obj(v)) rc = expect(b, v, 0, NULL, "an object");
    const char *alg = rc == HOSHI_OK ? sbom_get_str(b, v, "alg", &rc) : NULL;
    const char *content = rc == HOSHI_OK ? sbom_get_str(b, v, "content", &rc) : NULL;
    sbom_path_pop(b);
    if (rc != HOSHI_OK) break;
    if (alg && content) h[n++] = (hoshi_sbom_hash){alg, content};
  }
  sbom_path_pop(b);
  b->doc->components[ci].hashes = h;
  b->doc->components[ci].nhashes = n;
  return rc;
}

/* licenses: [{"license": {"id" | "name"}}, {"expression": "..."}] */
static hoshi_err read_licenses(sbom_builder *b, yyjson_val *field, size_t ci) {
  yyjson_val *arr;
  TRY(arr_of(b, field, "licenses", &arr));
  if (arr == NULL || yyjson_arr_size(arr) == 0) return HOSHI_OK;
  const char **l = sbom_alloc(b, yyjson_arr_size(arr) * sizeof *l);
  if (l == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  size_t n = 0, i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  sbom_path_key(b, "licenses");
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    const char *name = NULL;
    if (!yyjson_is_obj(v)) {
      rc = expect(b, v, 0, NULL, "an object");
    } else if ((name = sbom_get_str(b, v, "expression", &rc)) == NULL && rc == HOSHI_OK) {
      yyjson_val *lic = yyjson_obj_get(v, "license");
      if (lic && !yyjson_is_null(lic)) {
        if (!yyjson_is_obj(lic)) {
          rc = expect(b, lic, 0, "license", "an object");
        } else {
          sbom_path_key(b, "license");
          name = sbom_get_str(b, lic, "id", &rc);
          if (name == NULL && rc == HOSHI_OK) name = sbom_get_str(b, lic, "name", &rc);
          sbom_path_pop(b);
        }
      }
    }
    sbom_path_pop(b);
    if (rc != HOSHI_OK) break;
    if (name && *name) l[n++] = name;
  }
  sbom_path_pop(b);
  b->doc->components[ci].licenses = l;
  b->doc->components[ci].nlicenses = n;
  return rc;
}

static hoshi_err read_component(sbom_builder *b, yyjson_val *o, size_t parent, int depth, size_t *out);

static hoshi_err read_components(sbom_builder *b, yyjson_val *field, size_t parent, int depth) {
  yyjson_val *arr;
  TRY(arr_of(b, field, "components", &arr));
  if (arr == NULL) return HOSHI_OK;
  if (depth > HOSHI_SBOM_MAX_DEPTH)
    return sbom_fail(b, HOSHI_ELIMIT, "components", "components nest deeper than %d levels", HOSHI_SBOM_MAX_DEPTH);
  sbom_path_key(b, "components");
  size_t i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    size_t idx;
    rc = read_component(b, v, parent, depth, &idx);
    sbom_path_pop(b);
    if (rc != HOSHI_OK) break;
  }
  sbom_path_pop(b);
  return rc;
}

/* The members of a component object that the model uses, found in one pass over its keys
 * (looking each up by name would scan the object a dozen times). The first of a duplicate
 * key wins, as with yyjson_obj_get. */
typedef struct cdx_fields {
  yyjson_val *ref, *type, *name, *group, *version, *cpe, *purl, *publisher, *author;
  yyjson_val *supplier, *manufacturer, *hashes, *licenses, *components;
} cdx_fields;

static void pick(yyjson_val **slot, yyjson_val *v) {
  if (*slot == NULL) *slot = v;
}

static void collect_fields(yyjson_val *o, cdx_fields *f) {
  memset(f, 0, sizeof *f);
  size_t i, max;
  yyjson_val *k, *v;
  yyjson_obj_foreach(o, i, max, k, v) {
    const char *key = yyjson_get_str(k);
    switch (yyjson_get_len(k)) {
      case 3:
        if (memcmp(key, "cpe", 3) == 0) pick(&f->cpe, v);
        break;
      case 4:
        if (memcmp(key, "name", 4) == 0) pick(&f->name, v);
        else if (memcmp(key, "type", 4) == 0) pick(&f->type, v);
        else if (memcmp(key, "purl", 4) == 0) pick(&f->purl, v);
        break;
      case 5:
        if (memcmp(key, "group", 5) == 0) pick(&f->group, v);
        break;
      case 6:
        if (memcmp(key, "hashes", 6) == 0) pick(&f->hashes, v);
        else if (memcmp(key, "author", 6) == 0) pick(&f->author, v);
        break;
      case 7:
        if (memcmp(key, "version", 7) == 0) pick(&f->version, v);
        else if (memcmp(key, "bom-ref", 7) == 0) pick(&f->ref, v);
        break;
      case 8:
        if (memcmp(key, "supplier", 8) == 0) pick(&f->supplier, v);
        else if (memcmp(key, "licenses", 8) == 0) pick(&f->licenses, v);
        break;
      case 9:
        if (memcmp(key, "publisher", 9) == 0) pick(&f->publisher, v);
        break;
      case 10:
        if (memcmp(key, "components", 10) == 0) pick(&f->components, v);
        break;
      case 12:
        if (memcmp(key, "manufacturer", 12) == 0) pick(&f->manufacturer, v);
        break;
      default:
        break;
    }
  }
}

static hoshi_err read_component(sbom_builder *b, yyjson_val *o, size_t parent, int depth, size_t *out) {
  TRY(expect(b, o, yyjson_is_obj(o), NULL, "a component object"));
  size_t ci;
  TRY(sbom_add_component(b, &ci));
  *out = ci;
  cdx_fields f;
  collect_fields(o, &f);
  hoshi_err rc = HOSHI_OK;
  hoshi_sbom_component c;
  memset(&c, 0, sizeof c);
  c.parent = parent;
  c.ref = str_of(b, f.ref, "bom-ref", &rc);
  c.type = str_of(b, f.type, "type", &rc);
  c.name = str_of(b, f.name, "name", &rc);
  if (rc == HOSHI_OK && c.name == NULL) rc = sbom_fail(b, HOSHI_EINVAL, "name", "a component needs a name");
  c.group = str_of(b, f.group, "group", &rc);
  c.version = str_of(b, f.version, "version", &rc);
  c.cpe = str_of(b, f.cpe, "cpe", &rc);
  const char *purl = str_of(b, f.purl, "purl", &rc);
  const char *publisher = str_of(b, f.publisher, "publisher", &rc);
  const char *author = str_of(b, f.author, "author", &rc);
  /* supplier, else the publisher, the 1.6 manufacturer, the free-text author */
  if (rc == HOSHI_OK) rc = entity_name_of(b, f.supplier, "supplier", &c.supplier);
  if (rc == HOSHI_OK && c.supplier == NULL && publisher && *publisher) c.supplier = publisher;
  if (rc == HOSHI_OK) rc = entity_name_of(b, f.manufacturer, "manufacturer", &c.supplier);
  if (rc == HOSHI_OK && c.supplier == NULL && author && *author) c.supplier = author;
  if (rc != HOSHI_OK) return rc;
  if (c.version && *c.version == '\0') c.version = NULL;
  if (c.cpe && *c.cpe == '\0') c.cpe = NULL;
  b->doc->components[ci] = c;
  if (purl && *purl) TRY(sbom_set_purl(b, &b->doc->components[ci], purl, "purl"));
  if (c.ref && *c.ref) TRY(sbom_ref_put(b, c.ref, ci));
  TRY(read_hashes(b, f.hashes, ci));
  TRY(read_licenses(b, f.licenses, ci));
  return read_components(b, f.components, ci, depth + 1);
}

/* Strings of an array of objects' key, or of an array of strings, into a new list. */
static hoshi_err name_list(sbom_builder *b, yyjson_val *arr, const char *key, const char ***out, size_t *n) {
  if (arr == NULL) return HOSHI_OK;
  size_t cap = yyjson_arr_size(arr) + *n;
  const char **l = sbom_alloc(b, (cap ? cap : 1) * sizeof *l);
  if (l == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  if (*n) memcpy(l, *out, *n * sizeof *l);
  size_t i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    const char *s = NULL;
    if (yyjson_is_str(v)) s = yyjson_get_str(v);
    else if (yyjson_is_obj(v)) s = sbom_get_str(b, v, key, &rc);
    else rc = expect(b, v, 0, NULL, "an object");
    sbom_path_pop(b);
    if (rc != HOSHI_OK) return rc;
    if (s && *s) l[(*n)++] = s;
  }
  *out = l;
  return HOSHI_OK;
}

/* Tools: 1.2-1.4 an array of {vendor, name, version}; 1.5+ {components: [...], services}. */
static hoshi_err read_tools(sbom_builder *b, yyjson_val *meta) {
  yyjson_val *t = yyjson_obj_get(meta, "tools");
  if (t == NULL || yyjson_is_null(t)) return HOSHI_OK;
  hoshi_sbom *d = b->doc;
  yyjson_val *lists[2] = {NULL, NULL};
  sbom_path_key(b, "tools");
  if (yyjson_is_arr(t)) {
    lists[0] = t;
  } else if (yyjson_is_obj(t)) {
    hoshi_err rc = get_arr(b, t, "components", &lists[0]);
    if (rc == HOSHI_OK) rc = get_arr(b, t, "services", &lists[1]);
    if (rc != HOSHI_OK) return rc;
  } else {
    return sbom_fail(b, HOSHI_EINVAL, NULL, "expected an array or an object, got %s", sbom_json_type(t));
  }
  size_t total = (lists[0] ? yyjson_arr_size(lists[0]) : 0) + (lists[1] ? yyjson_arr_size(lists[1]) : 0);
  const char **l = sbom_alloc(b, (total ? total : 1) * sizeof *l);
  if (l == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  size_t n = 0;
  for (int k = 0; k < 2; k++) {
    if (lists[k] == NULL) continue;
    if (lists[1]) sbom_path_key(b, k == 0 ? "components" : "services");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(lists[k], i, max, v) {
      sbom_path_index(b, i);
      hoshi_err rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
      const char *name = rc == HOSHI_OK ? sbom_get_str(b, v, "name", &rc) : NULL;
      const char *version = rc == HOSHI_OK ? sbom_get_str(b, v, "version", &rc) : NULL;
      sbom_path_pop(b);
      if (rc != HOSHI_OK) return rc;
      if (name == NULL || *name == '\0') continue;
      if (version && *version) {
        size_t ln = strlen(name), lv = strlen(version);
        char *s = sbom_alloc(b, ln + lv + 2);
        if (s == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
        memcpy(s, name, ln);
        s[ln] = ' ';
        memcpy(s + ln + 1, version, lv + 1);
        name = s;
      }
      l[n++] = name;
    }
    if (lists[1]) sbom_path_pop(b);
  }
  sbom_path_pop(b);
  d->tools = l;
  d->ntools = n;
  return HOSHI_OK;
}

static hoshi_err read_metadata(sbom_builder *b, yyjson_val *root) {
  yyjson_val *meta = yyjson_obj_get(root, "metadata");
  if (meta == NULL || yyjson_is_null(meta)) return HOSHI_OK;
  TRY(expect(b, meta, yyjson_is_obj(meta), "metadata", "an object"));
  hoshi_sbom *d = b->doc;
  hoshi_err rc = HOSHI_OK;
  sbom_path_key(b, "metadata");
  d->created = sbom_get_str(b, meta, "timestamp", &rc);
  if (rc == HOSHI_OK) rc = read_tools(b, meta);
  yyjson_val *arr = NULL;
  if (rc == HOSHI_OK) rc = get_arr(b, meta, "authors", &arr);
  if (rc == HOSHI_OK && arr) {
    sbom_path_key(b, "authors");
    rc = name_list(b, arr, "name", &d->authors, &d->nauthors);
    sbom_path_pop(b);
  }
  /* Without named authors, the organization that made the SBOM stands in. */
  const char *org = NULL;
  if (rc == HOSHI_OK) rc = entity_name(b, meta, "manufacture", &org);
  if (rc == HOSHI_OK) rc = entity_name(b, meta, "manufacturer", &org);
  if (rc == HOSHI_OK) rc = entity_name(b, meta, "supplier", &org);
  if (rc == HOSHI_OK && d->nauthors == 0 && org) {
    const char **l = sbom_alloc(b, sizeof *l);
    if (l == NULL) rc = sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    else {
      l[0] = org;
      d->authors = l;
      d->nauthors = 1;
    }
  }
  if (rc == HOSHI_OK) rc = get_arr(b, meta, "lifecycles", &arr);
  if (rc == HOSHI_OK && arr) {
    sbom_path_key(b, "lifecycles");
    rc = name_list(b, arr, "phase", &d->lifecycles, &d->nlifecycles);
    if (rc == HOSHI_OK && d->nlifecycles == 0) rc = name_list(b, arr, "name", &d->lifecycles, &d->nlifecycles);
    sbom_path_pop(b);
  }
  yyjson_val *subject = yyjson_obj_get(meta, "component");
  if (rc == HOSHI_OK && subject && !yyjson_is_null(subject)) {
    sbom_path_key(b, "component");
    size_t idx = HOSHI_SBOM_NONE;
    rc = read_component(b, subject, HOSHI_SBOM_NONE, 1, &idx);
    sbom_path_pop(b);
    if (rc == HOSHI_OK) {
      d->subject = idx;
      d->name = d->components[idx].name;
    }
  }
  sbom_path_pop(b);
  return rc;
}

static hoshi_err read_dependencies(sbom_builder *b, yyjson_val *root) {
  yyjson_val *arr;
  TRY(get_arr(b, root, "dependencies", &arr));
  if (arr == NULL) return HOSHI_OK;
  sbom_path_key(b, "dependencies");
  size_t i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
    const char *ref = rc == HOSHI_OK ? sbom_get_str(b, v, "ref", &rc) : NULL;
    if (rc == HOSHI_OK && ref == NULL) rc = sbom_fail(b, HOSHI_EINVAL, "ref", "a dependency needs a ref");
    yyjson_val *on = NULL;
    if (rc == HOSHI_OK) rc = get_arr(b, v, "dependsOn", &on);
    /* refs that name no component (dangling, or BOM-links to other documents) carry no edge */
    size_t from = rc == HOSHI_OK ? sbom_ref_get(b, ref) : HOSHI_SBOM_NONE;
    if (rc == HOSHI_OK && on) {
      sbom_path_key(b, "dependsOn");
      size_t j, jmax;
      yyjson_val *t;
      yyjson_arr_foreach(on, j, jmax, t) {
        if (!yyjson_is_str(t)) {
          sbom_path_index(b, j);
          rc = expect(b, t, 0, NULL, "a string");
          sbom_path_pop(b);
          break;
        }
        size_t to = sbom_ref_get(b, yyjson_get_str(t));
        if (from != HOSHI_SBOM_NONE && to != HOSHI_SBOM_NONE && (rc = sbom_add_edge(b, from, to, HOSHI_SBOM_DEPENDS_ON)) != HOSHI_OK)
          break;
      }
      sbom_path_pop(b);
    }
    sbom_path_pop(b);
    if (rc != HOSHI_OK) break;
  }
  sbom_path_pop(b);
  return rc;
}

static hoshi_err read_vulnerabilities(sbom_builder *b, yyjson_val *root) {
  yyjson_val *arr;
  TRY(get_arr(b, root, "vulnerabilities", &arr));
  if (arr == NULL) return HOSHI_OK;
  sbom_path_key(b, "vulnerabilities");
  size_t i, max;
  yyjson_val *v;
  hoshi_err rc = HOSHI_OK;
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
    hoshi_sbom_vuln x;
    memset(&x, 0, sizeof x);
    if (rc == HOSHI_OK) x.id = sbom_get_str(b, v, "id", &rc);
    if (rc == HOSHI_OK && x.id == NULL) rc = sbom_fail(b, HOSHI_EINVAL, "id", "a vulnerability needs an id");
    yyjson_val *src = yyjson_obj_get(v, "source");
    if (rc == HOSHI_OK && src && yyjson_is_obj(src)) {
      sbom_path_key(b, "source");
      x.source = sbom_get_str(b, src, "name", &rc);
      sbom_path_pop(b);
    }
    yyjson_val *an = yyjson_obj_get(v, "analysis");
    if (rc == HOSHI_OK && an && !yyjson_is_null(an)) {
      rc = expect(b, an, yyjson_is_obj(an), "analysis", "an object");
      sbom_path_key(b, "analysis");
      if (rc == HOSHI_OK) x.state = sbom_get_str(b, an, "state", &rc);
      if (rc == HOSHI_OK) x.justification = sbom_get_str(b, an, "justification", &rc);
      if (rc == HOSHI_OK) x.detail = sbom_get_str(b, an, "detail", &rc);
      sbom_path_pop(b);
    }
    yyjson_val *aff = NULL;
    if (rc == HOSHI_OK) rc = get_arr(b, v, "affects", &aff);
    if (rc == HOSHI_OK && aff && yyjson_arr_size(aff)) {
      x.affects = sbom_alloc(b, yyjson_arr_size(aff) * sizeof *x.affects);
      if (x.affects == NULL) rc = sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
      sbom_path_key(b, "affects");
      size_t j, jmax;
      yyjson_val *t;
      yyjson_arr_foreach(aff, j, jmax, t) {
        if (rc != HOSHI_OK) break;
        sbom_path_index(b, j);
        rc = expect(b, t, yyjson_is_obj(t), NULL, "an object");
        const char *ref = rc == HOSHI_OK ? sbom_get_str(b, t, "ref", &rc) : NULL;
        sbom_path_pop(b);
        size_t ci = sbom_ref_get(b, ref);
        if (ci != HOSHI_SBOM_NONE) x.affects[x.naffects++] = ci;
      }
      sbom_path_pop(b);
    }
    if (rc == HOSHI_OK) {
      hoshi_sbom_vuln *slot = sbom_add_vuln(b);
      if (slot == NULL) rc = HOSHI_ENOMEM;
      else *slot = x;
    }
    sbom_path_pop(b);
    if (rc != HOSHI_OK) break;
  }
  sbom_path_pop(b);
  return rc;
}

hoshi_err sbom_read_cyclonedx(sbom_builder *b, yyjson_val *root) {
  hoshi_sbom *d = b->doc;
  hoshi_err rc = HOSHI_OK;
  d->spec_version = sbom_get_str(b, root, "specVersion", &rc);
  if (rc != HOSHI_OK) return rc;
  const char *sv = d->spec_version;
  if (sv == NULL) return sbom_fail(b, HOSHI_EINVAL, "specVersion", "missing (expected \"1.2\" to \"1.6\")");
  if (!(sv[0] == '1' && sv[1] == '.' && sv[2] >= '0' && sv[2] <= '9' && sv[3] == '\0'))
    return sbom_fail(b, HOSHI_EINVAL, "specVersion", "unsupported CycloneDX version '%.32s' (expected \"1.2\" to \"1.6\")", sv);
  d->serial = sbom_get_str(b, root, "serialNumber", &rc);
  if (rc != HOSHI_OK) return rc;
  TRY(read_metadata(b, root));
  yyjson_val *top = yyjson_obj_get(root, "components");
  if (yyjson_is_arr(top)) sbom_reserve_components(b, yyjson_arr_size(top) + 1);
  TRY(read_components(b, top, HOSHI_SBOM_NONE, 1));
  TRY(read_dependencies(b, root));
  return read_vulnerabilities(b, root);
}

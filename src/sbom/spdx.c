/* SPDX readers: 2.2/2.3 JSON (packages, externalRefs, relationships) and 3.0 JSON-LD (the
 * element graph: software_Package, Relationship, CreationInfo, agents, license expressions). */
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

static hoshi_err get_arr(sbom_builder *b, yyjson_val *obj, const char *key, yyjson_val **out) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) return HOSHI_OK;
  TRY(expect(b, v, yyjson_is_arr(v), key, "an array"));
  *out = v;
  return HOSHI_OK;
}

static int is_noassertion(const char *s) { return s == NULL || *s == '\0' || strcmp(s, "NOASSERTION") == 0; }

/* "Organization: ACME (ops@acme.example)" -> "ACME (ops@acme.example)"; NOASSERTION -> NULL. */
static const char *agent_name(const char *s) {
  if (is_noassertion(s)) return NULL;
  const char *prefixes[] = {"Organization:", "Person:", "Tool:"};
  for (size_t i = 0; i < 3; i++) {
    size_t n = strlen(prefixes[i]);
    if (strncmp(s, prefixes[i], n) == 0) {
      s += n;
      while (*s == ' ') s++;
      return *s ? s : NULL;
    }
  }
  return s;
}

static hoshi_err push_str(sbom_builder *b, const char ***list, size_t *n, size_t cap, const char *s) {
  if (*list == NULL && (*list = sbom_alloc(b, (cap ? cap : 1) * sizeof **list)) == NULL)
    return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  if (*n < cap) (*list)[(*n)++] = s;
  return HOSHI_OK;
}

/* ---- SPDX 2.2 / 2.3 ---- */

/* The package members the model uses, found in one pass over the keys (first one wins). */
typedef struct spdx2_fields {
  yyjson_val *id, *name, *version, *purpose, *supplier, *originator, *concluded, *declared, *checksums, *refs;
} spdx2_fields;

static void pick(yyjson_val **slot, yyjson_val *v) {
  if (*slot == NULL) *slot = v;
}

static void spdx2_collect(yyjson_val *o, spdx2_fields *f) {
  memset(f, 0, sizeof *f);
  size_t i, max;
  yyjson_val *k, *v;
  yyjson_obj_foreach(o, i, max, k, v) {
    const char *key = yyjson_get_str(k);
    switch (yyjson_get_len(k)) {
      case 4:
        if (memcmp(key, "name", 4) == 0) pick(&f->name, v);
        break;
      case 6:
        if (memcmp(key, "SPDXID", 6) == 0) pick(&f->id, v);
        break;
      case 8:
        if (memcmp(key, "supplier", 8) == 0) pick(&f->supplier, v);
        break;
      case 9:
        if (memcmp(key, "checksums", 9) == 0) pick(&f->checksums, v);
        break;
      case 10:
        if (memcmp(key, "originator", 10) == 0) pick(&f->originator, v);
        break;
      case 11:
        if (memcmp(key, "versionInfo", 11) == 0) pick(&f->version, v);
        break;
      case 12:
        if (memcmp(key, "externalRefs", 12) == 0) pick(&f->refs, v);
        break;
      case 15:
        if (memcmp(key, "licenseDeclared", 15) == 0) pick(&f->declared, v);
        break;
      case 16:
        if (memcmp(key, "licenseConcluded", 16) == 0) pick(&f->concluded, v);
        break;
      case 21:
        if (memcmp(key, "primaryPackagePurpose", 21) == 0) pick(&f->purpose, v);
        break;
      default:
        break;
    }
  }
}

/* v as a string (NULL when absent or null); fails on another type. */
static const char *str_of_val(sbom_builder *b, yyjson_val *v, const char *key, hoshi_err *rc) {
  if (v == NULL || yyjson_is_null(v) || *rc != HOSHI_OK) return NULL;
  if (!yyjson_is_str(v)) {
    *rc = sbom_fail(b, HOSHI_EINVAL, key, "expected a string, got %s", sbom_json_type(v));
    return NULL;
  }
  return yyjson_get_str(v);
}

static hoshi_err arr_of(sbom_builder *b, yyjson_val *v, const char *key, yyjson_val **out) {
  *out = NULL;
  if (v == NULL || yyjson_is_null(v)) return HOSHI_OK;
  TRY(expect(b, v, yyjson_is_arr(v), key, "an array"));
  *out = v;
  return HOSHI_OK;
}

static hoshi_err spdx2_package(sbom_builder *b, yyjson_val *o) {
  TRY(expect(b, o, yyjson_is_obj(o), NULL, "a package object"));
  size_t ci;
  TRY(sbom_add_component(b, &ci));
  spdx2_fields f;
  spdx2_collect(o, &f);
  hoshi_err rc = HOSHI_OK;
  hoshi_sbom_component c;
  memset(&c, 0, sizeof c);
  c.parent = HOSHI_SBOM_NONE;
  c.ref = str_of_val(b, f.id, "SPDXID", &rc);
  c.name = str_of_val(b, f.name, "name", &rc);
  if (rc == HOSHI_OK && c.name == NULL) rc = sbom_fail(b, HOSHI_EINVAL, "name", "a package needs a name");
  c.version = str_of_val(b, f.version, "versionInfo", &rc);
  c.type = str_of_val(b, f.purpose, "primaryPackagePurpose", &rc);
  const char *supplier = str_of_val(b, f.supplier, "supplier", &rc);
  const char *originator = str_of_val(b, f.originator, "originator", &rc);
  const char *concluded = str_of_val(b, f.concluded, "licenseConcluded", &rc);
  const char *declared = str_of_val(b, f.declared, "licenseDeclared", &rc);
  if (rc != HOSHI_OK) return rc;
  /* the supplier, else the originator (who made it, when nobody says who ships it) */
  c.supplier = agent_name(supplier);
  if (c.supplier == NULL) c.supplier = agent_name(originator);
  if (c.version && (*c.version == '\0' || strcmp(c.version, "NOASSERTION") == 0)) c.version = NULL;
  if (!is_noassertion(concluded)) TRY(push_str(b, &c.licenses, &c.nlicenses, 2, concluded));
  if (!is_noassertion(declared) && !(concluded && strcmp(concluded, declared) == 0))
    TRY(push_str(b, &c.licenses, &c.nlicenses, 2, declared));

  yyjson_val *arr;
  TRY(arr_of(b, f.checksums, "checksums", &arr));
  if (arr && yyjson_arr_size(arr)) {
    if ((c.hashes = sbom_alloc(b, yyjson_arr_size(arr) * sizeof *c.hashes)) == NULL)
      return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    sbom_path_key(b, "checksums");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(arr, i, max, v) {
      sbom_path_index(b, i);
      rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
      const char *alg = rc == HOSHI_OK ? sbom_get_str(b, v, "algorithm", &rc) : NULL;
      const char *val = rc == HOSHI_OK ? sbom_get_str(b, v, "checksumValue", &rc) : NULL;
      sbom_path_pop(b);
      if (rc != HOSHI_OK) return rc;
      if (alg && val) c.hashes[c.nhashes++] = (hoshi_sbom_hash){alg, val};
    }
    sbom_path_pop(b);
  }
  b->doc->components[ci] = c;

  TRY(arr_of(b, f.refs, "externalRefs", &arr));
  if (arr) {
    sbom_path_key(b, "externalRefs");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(arr, i, max, v) {
      sbom_path_index(b, i);
      rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
      const char *cat = rc == HOSHI_OK ? sbom_get_str(b, v, "referenceCategory", &rc) : NULL;
      const char *type = rc == HOSHI_OK ? sbom_get_str(b, v, "referenceType", &rc) : NULL;
      const char *loc = rc == HOSHI_OK ? sbom_get_str(b, v, "referenceLocator", &rc) : NULL;
      if (rc == HOSHI_OK && type && loc && *loc) {
        hoshi_sbom_component *cc = &b->doc->components[ci];
        /* SPDX 2.2 examples spell the category PACKAGE_MANAGER; 2.3 PACKAGE-MANAGER */
        int pm = cat && (strcmp(cat, "PACKAGE-MANAGER") == 0 || strcmp(cat, "PACKAGE_MANAGER") == 0);
        if (pm && strcmp(type, "purl") == 0 && cc->purl == NULL) rc = sbom_set_purl(b, cc, loc, "referenceLocator");
        else if ((strcmp(type, "cpe23Type") == 0 || strcmp(type, "cpe22Type") == 0) && cc->cpe == NULL) cc->cpe = loc;
      }
      sbom_path_pop(b);
      if (rc != HOSHI_OK) return rc;
    }
    sbom_path_pop(b);
  }
  if (c.ref && *c.ref) TRY(sbom_ref_put(b, c.ref, ci));
  return HOSHI_OK;
}

/* Relationship types that make dependency edges, and their direction. */
static const struct {
  const char *type;
  hoshi_sbom_edge_kind kind;
  int reverse; /* "A X_OF B" means B -> A */
} spdx2_edges[] = {
    {"DEPENDS_ON", HOSHI_SBOM_DEPENDS_ON, 0},           {"DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},
    {"DEV_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},    {"TEST_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},
    {"BUILD_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},  {"OPTIONAL_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},
    {"PROVIDED_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1}, {"RUNTIME_DEPENDENCY_OF", HOSHI_SBOM_DEPENDS_ON, 1},
    {"DYNAMIC_LINK", HOSHI_SBOM_DEPENDS_ON, 0},         {"STATIC_LINK", HOSHI_SBOM_DEPENDS_ON, 0},
    {"CONTAINS", HOSHI_SBOM_CONTAINS, 0},               {"CONTAINED_BY", HOSHI_SBOM_CONTAINS, 1},
};

static hoshi_err spdx2_relationships(sbom_builder *b, yyjson_val *root) {
  yyjson_val *arr;
  TRY(get_arr(b, root, "relationships", &arr));
  if (arr == NULL) return HOSHI_OK;
  hoshi_sbom *d = b->doc;
  sbom_path_key(b, "relationships");
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, max, v) {
    sbom_path_index(b, i);
    hoshi_err rc = expect(b, v, yyjson_is_obj(v), NULL, "an object");
    const char *a = rc == HOSHI_OK ? sbom_get_str(b, v, "spdxElementId", &rc) : NULL;
    const char *t = rc == HOSHI_OK ? sbom_get_str(b, v, "relationshipType", &rc) : NULL;
    const char *z = rc == HOSHI_OK ? sbom_get_str(b, v, "relatedSpdxElement", &rc) : NULL;
    if (rc != HOSHI_OK) return rc;
    if (a && t && z) {
      size_t from = sbom_ref_get(b, a), to = sbom_ref_get(b, z);
      if (strcmp(t, "DESCRIBES") == 0 && to != HOSHI_SBOM_NONE && d->subject == HOSHI_SBOM_NONE) d->subject = to;
      else if (strcmp(t, "DESCRIBED_BY") == 0 && from != HOSHI_SBOM_NONE && d->subject == HOSHI_SBOM_NONE) d->subject = from;
      for (size_t k = 0; k < sizeof spdx2_edges / sizeof spdx2_edges[0]; k++) {
        if (t[0] != spdx2_edges[k].type[0] || strcmp(t, spdx2_edges[k].type) != 0) continue;
        if (from != HOSHI_SBOM_NONE && to != HOSHI_SBOM_NONE)
          TRY(spdx2_edges[k].reverse ? sbom_add_edge(b, to, from, spdx2_edges[k].kind)
                                     : sbom_add_edge(b, from, to, spdx2_edges[k].kind));
        break;
      }
    }
    sbom_path_pop(b);
  }
  sbom_path_pop(b);
  return HOSHI_OK;
}

hoshi_err sbom_read_spdx2(sbom_builder *b, yyjson_val *root) {
  hoshi_sbom *d = b->doc;
  hoshi_err rc = HOSHI_OK;
  d->spec_version = sbom_get_str(b, root, "spdxVersion", &rc);
  if (rc == HOSHI_OK) d->serial = sbom_get_str(b, root, "documentNamespace", &rc);
  if (rc == HOSHI_OK) d->name = sbom_get_str(b, root, "name", &rc);
  if (rc != HOSHI_OK) return rc;
  yyjson_val *ci = yyjson_obj_get(root, "creationInfo");
  if (ci && !yyjson_is_null(ci)) {
    TRY(expect(b, ci, yyjson_is_obj(ci), "creationInfo", "an object"));
    sbom_path_key(b, "creationInfo");
    d->created = sbom_get_str(b, ci, "created", &rc);
    yyjson_val *creators = NULL;
    if (rc == HOSHI_OK) rc = get_arr(b, ci, "creators", &creators);
    if (rc != HOSHI_OK) return rc;
    if (creators) {
      size_t cap = yyjson_arr_size(creators);
      sbom_path_key(b, "creators");
      size_t i, max;
      yyjson_val *v;
      yyjson_arr_foreach(creators, i, max, v) {
        if (!yyjson_is_str(v)) {
          sbom_path_index(b, i);
          return expect(b, v, 0, NULL, "a string");
        }
        const char *s = yyjson_get_str(v);
        const char *name = agent_name(s);
        if (name == NULL) continue;
        if (strncmp(s, "Tool:", 5) == 0) TRY(push_str(b, &d->tools, &d->ntools, cap, name));
        else TRY(push_str(b, &d->authors, &d->nauthors, cap, name));
      }
      sbom_path_pop(b);
    }
    sbom_path_pop(b);
  }
  yyjson_val *pkgs;
  TRY(get_arr(b, root, "packages", &pkgs));
  if (pkgs) {
    sbom_reserve_components(b, yyjson_arr_size(pkgs));
    sbom_path_key(b, "packages");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(pkgs, i, max, v) {
      sbom_path_index(b, i);
      TRY(spdx2_package(b, v));
      sbom_path_pop(b);
    }
    sbom_path_pop(b);
  }
  yyjson_val *desc;
  TRY(get_arr(b, root, "documentDescribes", &desc));
  if (desc) {
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(desc, i, max, v) {
      size_t idx = yyjson_is_str(v) ? sbom_ref_get(b, yyjson_get_str(v)) : HOSHI_SBOM_NONE;
      if (idx != HOSHI_SBOM_NONE) {
        d->subject = idx;
        break;
      }
    }
  }
  return spdx2_relationships(b, root);
}

/* ---- SPDX 3.0 JSON-LD ---- */

typedef struct spdx3 {
  yyjson_val **el;  /* the @graph elements */
  size_t nel;
  sbom_ref_map ids; /* spdxId / @id -> element position */
} spdx3;

static const char *el_type(yyjson_val *o) {
  yyjson_val *t = yyjson_obj_get(o, "type");
  if (t == NULL) t = yyjson_obj_get(o, "@type");
  return yyjson_is_str(t) ? yyjson_get_str(t) : "";
}

static const char *el_id(yyjson_val *o) {
  yyjson_val *t = yyjson_obj_get(o, "spdxId");
  if (t == NULL) t = yyjson_obj_get(o, "@id");
  return yyjson_is_str(t) ? yyjson_get_str(t) : NULL;
}

/* An element given inline or by id. */
static yyjson_val *deref(spdx3 *g, yyjson_val *v) {
  if (yyjson_is_obj(v)) return v;
  if (!yyjson_is_str(v)) return NULL;
  size_t i = sbom_map_get(&g->ids, yyjson_get_str(v));
  return i == HOSHI_SBOM_NONE ? NULL : g->el[i];
}

static const char *str_of(yyjson_val *o, const char *key) {
  yyjson_val *v = o ? yyjson_obj_get(o, key) : NULL;
  return yyjson_is_str(v) ? yyjson_get_str(v) : NULL;
}

static int is_package(const char *t) { return strcmp(t, "software_Package") == 0 || strcmp(t, "Package") == 0; }

static hoshi_err spdx3_package(sbom_builder *b, spdx3 *g, yyjson_val *o) {
  size_t ci;
  TRY(sbom_add_component(b, &ci));
  hoshi_err rc = HOSHI_OK;
  hoshi_sbom_component c;
  memset(&c, 0, sizeof c);
  c.parent = HOSHI_SBOM_NONE;
  c.ref = el_id(o);
  c.name = sbom_get_str(b, o, "name", &rc);
  if (rc == HOSHI_OK && c.name == NULL) rc = sbom_fail(b, HOSHI_EINVAL, "name", "a package needs a name");
  if (rc == HOSHI_OK) c.version = sbom_get_str(b, o, "software_packageVersion", &rc);
  if (rc == HOSHI_OK) c.type = sbom_get_str(b, o, "software_primaryPurpose", &rc);
  const char *purl = NULL;
  if (rc == HOSHI_OK) purl = sbom_get_str(b, o, "software_packageUrl", &rc);
  if (rc != HOSHI_OK) return rc;
  yyjson_val *sup = yyjson_obj_get(o, "suppliedBy");
  if (sup) c.supplier = str_of(deref(g, sup), "name");
  if (c.supplier == NULL && sup && yyjson_is_str(sup)) c.supplier = yyjson_get_str(sup);
  yyjson_val *arr;
  TRY(get_arr(b, o, "verifiedUsing", &arr));
  if (arr && yyjson_arr_size(arr)) {
    if ((c.hashes = sbom_alloc(b, yyjson_arr_size(arr) * sizeof *c.hashes)) == NULL)
      return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(arr, i, max, v) {
      const char *alg = str_of(v, "algorithm"), *val = str_of(v, "hashValue");
      if (alg && val) c.hashes[c.nhashes++] = (hoshi_sbom_hash){alg, val};
    }
  }
  b->doc->components[ci] = c;
  if (purl && *purl) TRY(sbom_set_purl(b, &b->doc->components[ci], purl, "software_packageUrl"));
  TRY(get_arr(b, o, "externalIdentifier", &arr));
  if (arr) {
    sbom_path_key(b, "externalIdentifier");
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(arr, i, max, v) {
      const char *type = str_of(v, "externalIdentifierType"), *id = str_of(v, "identifier");
      hoshi_sbom_component *cc = &b->doc->components[ci];
      if (type == NULL || id == NULL || *id == '\0') continue;
      if ((strcmp(type, "cpe23") == 0 || strcmp(type, "cpe22") == 0) && cc->cpe == NULL) cc->cpe = id;
      if (strcmp(type, "packageUrl") == 0 && cc->purl == NULL) {
        sbom_path_index(b, i);
        TRY(sbom_set_purl(b, cc, id, "identifier"));
        sbom_path_pop(b);
      }
    }
    sbom_path_pop(b);
  }
  if (c.ref) TRY(sbom_ref_put(b, c.ref, ci));
  return HOSHI_OK;
}

static const char *license_text(yyjson_val *lic) {
  const char *s = str_of(lic, "simplelicensing_licenseExpression");
  if (s == NULL) s = str_of(lic, "name");
  return is_noassertion(s) ? NULL : s;
}

static hoshi_err spdx3_relationships(sbom_builder *b, spdx3 *g) {
  hoshi_sbom *d = b->doc;
  /* licenses arrive as relationships; count them per package first to size the lists */
  size_t *nlic = NULL;
  if (d->ncomponents && (nlic = sbom_alloc(b, d->ncomponents * sizeof *nlic)) == NULL)
    return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  if (nlic) memset(nlic, 0, d->ncomponents * sizeof *nlic);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < g->nel; i++) {
      yyjson_val *o = g->el[i];
      const char *t = el_type(o);
      if (strcmp(t, "Relationship") != 0 && strcmp(t, "LifecycleScopedRelationship") != 0) continue;
      const char *rt = str_of(o, "relationshipType");
      size_t from = sbom_ref_get(b, str_of(o, "from"));
      yyjson_val *to = yyjson_obj_get(o, "to");
      if (rt == NULL || !yyjson_is_arr(to)) continue;
      int lic = strcmp(rt, "hasConcludedLicense") == 0 || strcmp(rt, "hasDeclaredLicense") == 0;
      size_t j, jmax;
      yyjson_val *v;
      yyjson_arr_foreach(to, j, jmax, v) {
        if (lic) {
          if (from == HOSHI_SBOM_NONE) continue;
          const char *text = license_text(deref(g, v));
          if (text == NULL) continue;
          if (pass == 0) {
            nlic[from]++;
          } else {
            hoshi_sbom_component *c = &d->components[from];
            TRY(push_str(b, &c->licenses, &c->nlicenses, nlic[from], text));
          }
          continue;
        }
        if (pass == 0) continue;
        size_t target = yyjson_is_str(v) ? sbom_ref_get(b, yyjson_get_str(v)) : HOSHI_SBOM_NONE;
        if (strcmp(rt, "describes") == 0) {
          if (target != HOSHI_SBOM_NONE && d->subject == HOSHI_SBOM_NONE) d->subject = target;
        } else if (from != HOSHI_SBOM_NONE && target != HOSHI_SBOM_NONE) {
          if (strcmp(rt, "dependsOn") == 0) TRY(sbom_add_edge(b, from, target, HOSHI_SBOM_DEPENDS_ON));
          else if (strcmp(rt, "contains") == 0) TRY(sbom_add_edge(b, from, target, HOSHI_SBOM_CONTAINS));
        }
      }
    }
  }
  return HOSHI_OK;
}

static hoshi_err spdx3_document(sbom_builder *b, spdx3 *g) {
  hoshi_sbom *d = b->doc;
  yyjson_val *doc = NULL, *bom = NULL;
  for (size_t i = 0; i < g->nel; i++) {
    const char *t = el_type(g->el[i]);
    if (doc == NULL && strcmp(t, "SpdxDocument") == 0) doc = g->el[i];
    if (bom == NULL && strcmp(t, "software_Sbom") == 0) bom = g->el[i];
  }
  yyjson_val *info_ref = NULL;
  if (doc) {
    d->serial = el_id(doc);
    d->name = str_of(doc, "name");
    info_ref = yyjson_obj_get(doc, "creationInfo");
    yyjson_val *roots = yyjson_obj_get(doc, "rootElement");
    size_t i, max;
    yyjson_val *v;
    if (yyjson_is_arr(roots)) yyjson_arr_foreach(roots, i, max, v) {
        size_t idx = yyjson_is_str(v) ? sbom_ref_get(b, yyjson_get_str(v)) : HOSHI_SBOM_NONE;
        if (idx != HOSHI_SBOM_NONE && d->subject == HOSHI_SBOM_NONE) d->subject = idx;
      }
  }
  if (bom) {
    yyjson_val *types = yyjson_obj_get(bom, "software_sbomType");
    if (yyjson_is_arr(types) && yyjson_arr_size(types)) {
      size_t i, max;
      yyjson_val *v;
      yyjson_arr_foreach(types, i, max, v) if (yyjson_is_str(v))
          TRY(push_str(b, &d->lifecycles, &d->nlifecycles, yyjson_arr_size(types), yyjson_get_str(v)));
    }
    if (info_ref == NULL) info_ref = yyjson_obj_get(bom, "creationInfo");
  }
  /* Without a document element, any CreationInfo tells the version and the time. */
  yyjson_val *info = info_ref ? deref(g, info_ref) : NULL;
  for (size_t i = 0; info == NULL && i < g->nel; i++)
    if (strcmp(el_type(g->el[i]), "CreationInfo") == 0) info = g->el[i];
  if (info == NULL) return sbom_fail(b, HOSHI_EINVAL, "@graph", "no CreationInfo element (expected SPDX 3.0 JSON-LD)");
  d->spec_version = str_of(info, "specVersion");
  d->created = str_of(info, "created");
  if (d->spec_version == NULL || strncmp(d->spec_version, "3.", 2) != 0)
    return sbom_fail(b, HOSHI_EINVAL, "@graph", "CreationInfo.specVersion is '%s', expected 3.x",
                     d->spec_version ? d->spec_version : "missing");
  const char *keys[2] = {"createdBy", "createdUsing"};
  for (int k = 0; k < 2; k++) {
    yyjson_val *arr = yyjson_obj_get(info, keys[k]);
    if (!yyjson_is_arr(arr)) continue;
    size_t i, max;
    yyjson_val *v;
    yyjson_arr_foreach(arr, i, max, v) {
      const char *name = str_of(deref(g, v), "name");
      if (name == NULL) continue;
      if (k == 0) TRY(push_str(b, &d->authors, &d->nauthors, yyjson_arr_size(arr), name));
      else TRY(push_str(b, &d->tools, &d->ntools, yyjson_arr_size(arr), name));
    }
  }
  return HOSHI_OK;
}

hoshi_err sbom_read_spdx3(sbom_builder *b, yyjson_val *root) {
  yyjson_val *ctx = yyjson_obj_get(root, "@context");
  if (ctx && yyjson_is_str(ctx) && strstr(yyjson_get_str(ctx), "spdx.org/rdf/3") == NULL)
    return sbom_fail(b, HOSHI_EINVAL, "@context", "not an SPDX 3 context: '%.100s'", yyjson_get_str(ctx));
  yyjson_val *graph;
  TRY(get_arr(b, root, "@graph", &graph));
  if (graph == NULL) return sbom_fail(b, HOSHI_EINVAL, "@graph", "missing (expected SPDX 3.0 JSON-LD)");
  spdx3 g;
  memset(&g, 0, sizeof g);
  g.nel = yyjson_arr_size(graph);
  hoshi_err rc = HOSHI_OK;
  if (g.nel && (g.el = sbom_alloc(b, g.nel * sizeof *g.el)) == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  sbom_path_key(b, "@graph");
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(graph, i, max, v) {
    sbom_path_index(b, i);
    if (!yyjson_is_obj(v)) {
      rc = expect(b, v, 0, NULL, "an element object");
      goto done;
    }
    g.el[i] = v;
    const char *id = el_id(v);
    if (id && (rc = sbom_map_put(b, &g.ids, id, i)) != HOSHI_OK) goto done;
    sbom_path_pop(b);
  }
  for (i = 0; i < g.nel; i++) {
    if (!is_package(el_type(g.el[i]))) continue;
    sbom_path_index(b, i);
    if ((rc = spdx3_package(b, &g, g.el[i])) != HOSHI_OK) goto done;
    sbom_path_pop(b);
  }
  sbom_path_pop(b);
  if ((rc = spdx3_document(b, &g)) != HOSHI_OK) goto done;
  rc = spdx3_relationships(b, &g);
done:
  sbom_map_free(&g.ids);
  return rc;
}

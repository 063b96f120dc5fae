/* CISO Assistant library YAML -> hoshi-catalog/1 JSON, so users can bring the frameworks they
 * already use; depth-1 nodes become categories, assessable nodes criteria (docs/catalogs.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "catalog/convert.h"
#include "catalog/convert_int.h"
#include "hoshi/buf.h"

#define ID_MAX_LEN 256
/* Every node becomes at most one requirement or one criterion. */
#define CISOA_NODES_MAX (CATALOG_CONVERT_REQ_MAX + CATALOG_CONVERT_CRIT_MAX)

typedef struct node {
  const char *urn, *ref_id, *name, *desc, *parent_urn;
  char *questions;           /* question texts, one per line, when the node has no description;
                                owned, freed with the node array */
  yaml_node_t *groups;       /* implementation_groups sequence, or NULL */
  yaml_node_t *translations; /* translations mapping, or NULL */
  yaml_node_t *where;        /* for error positions */
  int assessable;
  long parent;               /* index in the node array, -1 for a top-level node */
  int has_assessable_below;
  long req;                  /* requirement this node is a criterion of; -1 when none */
  int is_req;
} node;

typedef struct ctx {
  yaml_document_t doc;
  hoshi_error *e;
  const char *locale;
  node *nodes;
  size_t n;
} ctx;

static hoshi_err fail_at(ctx *c, yaml_node_t *where, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static hoshi_err fail_at(ctx *c, yaml_node_t *where, const char *path, const char *fmt, ...) {
  char msg[HOSHI_ERR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (where)
    return hoshi_fail(c->e, HOSHI_EINVAL, path, "line %zu, column %zu: %s",
                      where->start_mark.line + 1, where->start_mark.column + 1, msg);
  return hoshi_fail(c->e, HOSHI_EINVAL, path, "%s", msg);
}

/* Value node of key in a mapping, or NULL. */
static yaml_node_t *map_get(ctx *c, yaml_node_t *map, const char *key) {
  if (map == NULL || map->type != YAML_MAPPING_NODE) return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(&c->doc, p->key);
    if (k && k->type == YAML_SCALAR_NODE && strlen(key) == k->data.scalar.length &&
        memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
      return yaml_document_get_node(&c->doc, p->value);
  }
  return NULL;
}

static int is_null(const char *s) {
  return strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
         strcmp(s, "NULL") == 0;
}

/* libyaml NUL-terminates scalar values, so they can be used as C strings in place. A scalar
 * holding a NUL byte would be cut short, so it is refused. */
static hoshi_err scalar(ctx *c, yaml_node_t *map, const char *key, const char *path, int required,
                        const char **out) {
  yaml_node_t *v = map_get(c, map, key);
  *out = NULL;
  /* An empty value ("", a bare key) or a YAML null (~, null) counts as absent: ids and texts
   * need content, and CISO Assistant writes "description: null". */
  if (v == NULL || (v->type == YAML_SCALAR_NODE &&
                    (v->data.scalar.length == 0 ||
                     (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && is_null((const char *)v->data.scalar.value))))) {
    if (required) return fail_at(c, map, path, "\"%s\" is missing", key);
    return HOSHI_OK;
  }
  if (v->type != YAML_SCALAR_NODE)
    return fail_at(c, v, path, "\"%s\" must be a plain value, not a list or mapping", key);
  const char *s = (const char *)v->data.scalar.value;
  if (strlen(s) != v->data.scalar.length)
    return fail_at(c, v, path, "\"%s\" holds a NUL byte", key);
  *out = s;
  return HOSHI_OK;
}

/* Last segment of a URN ("urn:intuitem:risk:req_node:x:gv.oc" -> "gv.oc"). */
static const char *urn_tail(const char *urn) {
  const char *p = strrchr(urn, ':');
  return p ? p + 1 : urn;
}

static int urn_cmp(const void *a, const void *b, void *arg) {
  const node *nodes = arg;
  return strcmp(nodes[*(const long *)a].urn, nodes[*(const long *)b].urn);
}

/* Finds the node with this urn through the sorted index; -1 when there is none. */
static long find_urn(const node *nodes, const long *sorted, size_t n, const char *urn) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(nodes[sorted[mid]].urn, urn);
    if (cmp == 0) return sorted[mid];
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* The node's text in one language: the original when the library is in that language, else a
 * translation; a library in neither language gives its original to both, and an English
 * translation missing from a Japanese library gives "" (allowed for official wording). */
static const char *lang_text(ctx *c, const char *orig, yaml_node_t *translations,
                             const char *key, const char *lang) {
  if (strcmp(c->locale, lang) == 0) return orig;
  yaml_node_t *t = map_get(c, map_get(c, translations, lang), key);
  if (t && t->type == YAML_SCALAR_NODE && t->data.scalar.length > 0 &&
      strlen((const char *)t->data.scalar.value) == t->data.scalar.length)
    return (const char *)t->data.scalar.value;
  if (strcmp(lang, "en") == 0 && strcmp(c->locale, "ja") == 0) return "";
  return orig;
}

static const char *node_id(const node *nd) {
  if (nd->ref_id) return nd->ref_id;
  return urn_tail(nd->urn)[0] ? urn_tail(nd->urn) : nd->urn;
}

/* How node_text picks from name and description. */
enum { TEXT_JOINED, TEXT_NAME_FIRST, TEXT_DESC_FIRST };

/* {ja, en} of a node: a title prefers the name, a summary the description, a criterion joins
 * both; the library's ref_id leads when the criterion was renumbered (prefix). */
static yyjson_mut_val *node_text(ctx *c, yyjson_mut_doc *d, const node *nd, int mode,
                                 const char *prefix) {
  const char *langs[2] = {"ja", "en"};
  char *vals[2] = {NULL, NULL};
  for (int i = 0; i < 2; i++) {
    const char *name = nd->name ? lang_text(c, nd->name, nd->translations, "name", langs[i]) : NULL;
    const char *desc = nd->desc ? lang_text(c, nd->desc, nd->translations, "description", langs[i]) : NULL;
    if (name && !name[0]) name = NULL;
    if (desc && !desc[0]) desc = NULL;
    const char *a = NULL, *b = NULL;
    if (mode == TEXT_NAME_FIRST) a = name ? name : desc;
    else if (mode == TEXT_DESC_FIRST) a = desc ? desc : name;
    else if (name && desc) { a = name; b = desc; }
    else a = name ? name : desc;
    if (a == NULL && (strcmp(langs[i], "ja") == 0 || strcmp(c->locale, "ja") != 0))
      a = node_id(nd);
    size_t n = (prefix ? strlen(prefix) + 2 : 0) + (a ? strlen(a) : 0) + (b ? strlen(b) + 1 : 0) + 1;
    vals[i] = malloc(n);
    if (vals[i] == NULL) break;
    snprintf(vals[i], n, "%s%s%s%s%s", (prefix && a) ? prefix : "", (prefix && a) ? ": " : "",
             a ? a : "", b ? "\n" : "", b ? b : "");
    /* Block scalars end in a newline that is no part of the text. */
    size_t len = strlen(vals[i]);
    while (len > 0 && (vals[i][len - 1] == '\n' || vals[i][len - 1] == ' ')) vals[i][--len] = '\0';
  }
  yyjson_mut_val *t = (vals[0] && vals[1]) ? cv_text(d, vals[0], vals[1]) : NULL;
  free(vals[0]);
  free(vals[1]);
  return t;
}


/* Questionnaire libraries keep a node's text in question.questions[].text; that text stands in
 * for a missing description. */
static hoshi_err read_questions(ctx *c, yaml_node_t *m, const char *path, node *nd) {
  yaml_node_t *qs = map_get(c, map_get(c, m, "question"), "questions");
  if (qs == NULL || qs->type != YAML_SEQUENCE_NODE) return HOSHI_OK;
  hoshi_buf b = HOSHI_BUF_INIT;
  for (yaml_node_item_t *it = qs->data.sequence.items.start; it < qs->data.sequence.items.top; it++) {
    const char *text;
    yaml_node_t *q = yaml_document_get_node(&c->doc, *it);
    if (q == NULL || q->type != YAML_MAPPING_NODE) continue;
    hoshi_err rc = scalar(c, q, "text", path, 0, &text);
    if (rc) {
      hoshi_buf_free(&b);
      return rc;
    }
    if (text == NULL) continue;
    if (b.n) hoshi_buf_putc(&b, '\n');
    hoshi_buf_puts(&b, text);
  }
  if (b.oom) {
    hoshi_buf_free(&b);
    return hoshi_fail(c->e, HOSHI_ENOMEM, path, "out of memory");
  }
  nd->questions = hoshi_buf_take(&b);
  if (nd->questions) nd->desc = nd->questions;
  return HOSHI_OK;
}

static hoshi_err read_nodes(ctx *c, yaml_node_t *seq) {
  size_t count = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
  if (count > CISOA_NODES_MAX)
    return hoshi_fail(c->e, HOSHI_ELIMIT, "objects.framework.requirement_nodes",
                      "%zu nodes; at most %u are accepted", count, CISOA_NODES_MAX);
  c->nodes = calloc(count ? count : 1, sizeof *c->nodes);
  if (c->nodes == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
  hoshi_err rc;
  for (size_t i = 0; i < count; i++) {
    yaml_node_t *m = yaml_document_get_node(&c->doc, seq->data.sequence.items.start[i]);
    char path[128];
    snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu]", i);
    if (m == NULL || m->type != YAML_MAPPING_NODE)
      return fail_at(c, m, path, "expected a mapping (urn, ref_id, name, …)");
    node *nd = &c->nodes[i];
    nd->where = m;
    if ((rc = scalar(c, m, "urn", path, 1, &nd->urn)) || (rc = scalar(c, m, "ref_id", path, 0, &nd->ref_id)) ||
        (rc = scalar(c, m, "name", path, 0, &nd->name)) ||
        (rc = scalar(c, m, "description", path, 0, &nd->desc)) ||
        (rc = scalar(c, m, "parent_urn", path, 0, &nd->parent_urn)))
      return rc;
    const char *a;
    if ((rc = scalar(c, m, "assessable", path, 0, &a))) return rc;
    if (a == NULL || strcasecmp(a, "false") == 0 || strcasecmp(a, "no") == 0 || strcasecmp(a, "off") == 0)
      nd->assessable = 0;
    else if (strcasecmp(a, "true") == 0 || strcasecmp(a, "yes") == 0 || strcasecmp(a, "on") == 0)
      nd->assessable = 1;
    else
      return fail_at(c, map_get(c, m, "assessable"), path, "assessable is \"%.32s\"; expected true or false", a);
    nd->groups = map_get(c, m, "implementation_groups");
    if (nd->groups && nd->groups->type != YAML_SEQUENCE_NODE)
      return fail_at(c, nd->groups, path, "implementation_groups must be a list");
    nd->translations = map_get(c, m, "translations");
    nd->req = -1;
    c->n++;
    if (nd->desc == NULL && (rc = read_questions(c, m, path, nd))) return rc;
  }
  return HOSHI_OK;
}

/* Parents by urn; refuses unknown parents, duplicate urns and cycles. */
static hoshi_err link_nodes(ctx *c) {
  long *sorted = malloc((c->n ? c->n : 1) * sizeof *sorted);
  if (sorted == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
  for (size_t i = 0; i < c->n; i++) sorted[i] = (long)i;
  qsort_r(sorted, c->n, sizeof *sorted, urn_cmp, c->nodes);
  hoshi_err rc = HOSHI_OK;
  char path[128];
  for (size_t i = 1; i < c->n && rc == HOSHI_OK; i++) {
    if (strcmp(c->nodes[sorted[i]].urn, c->nodes[sorted[i - 1]].urn) == 0) {
      long later = sorted[i] > sorted[i - 1] ? sorted[i] : sorted[i - 1];
      snprintf(path, sizeof path, "objects.framework.requirement_nodes[%ld].urn", later);
      rc = fail_at(c, c->nodes[later].where, path, "duplicate urn \"%.100s\"", c->nodes[later].urn);
    }
  }
  for (size_t i = 0; i < c->n && rc == HOSHI_OK; i++) {
    node *nd = &c->nodes[i];
    nd->parent = -1;
    if (nd->parent_urn == NULL) continue;
    nd->parent = find_urn(c->nodes, sorted, c->n, nd->parent_urn);
    if (nd->parent < 0) {
      snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu].parent_urn", i);
      rc = fail_at(c, nd->where, path, "no node has urn \"%.100s\"", nd->parent_urn);
    }
  }
  free(sorted);
  for (size_t i = 0; i < c->n && rc == HOSHI_OK; i++) {
    long p = (long)i;
    int steps = 0;
    while (c->nodes[p].parent >= 0 && steps <= CATALOG_CONVERT_DEPTH_MAX) {
      p = c->nodes[p].parent;
      steps++;
    }
    if (steps > CATALOG_CONVERT_DEPTH_MAX) {
      snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu].parent_urn", i);
      rc = fail_at(c, c->nodes[i].where, path,
                   "parent chain longer than %d (or a cycle)", CATALOG_CONVERT_DEPTH_MAX);
    }
  }
  return rc;
}

static long top_of(const ctx *c, long i) {
  while (c->nodes[i].parent >= 0) i = c->nodes[i].parent;
  return i;
}

/* Which node is a requirement and which a criterion of which requirement (docs/catalogs.md). */
static void assign(ctx *c) {
  for (size_t i = 0; i < c->n; i++) {
    if (!c->nodes[i].assessable) continue;
    for (long p = c->nodes[i].parent; p >= 0; p = c->nodes[p].parent) c->nodes[p].has_assessable_below = 1;
  }
  for (size_t i = 0; i < c->n; i++) {
    node *nd = &c->nodes[i];
    if (!nd->assessable) continue;
    long a = (long)i;
    for (long p = nd->parent; p >= 0; p = c->nodes[p].parent) {
      if (c->nodes[p].assessable) a = p;
    }
    if (a != (long)i) {
      nd->req = a;
      c->nodes[a].is_req = 1;
    } else if (nd->has_assessable_below) {
      nd->is_req = 1;
    } else if (nd->parent >= 0 && c->nodes[nd->parent].parent >= 0) {
      nd->req = nd->parent;
      c->nodes[nd->parent].is_req = 1;
    } else {
      nd->is_req = 1;
      nd->req = (long)i;
    }
  }
}

/* Level ids of a node: its implementation groups, or every level. */
static hoshi_err node_levels(ctx *c, yyjson_mut_doc *d, const node *nd, size_t index,
                             yyjson_mut_val *levels, yyjson_mut_val *into) {
  if (nd->groups == NULL || nd->groups->data.sequence.items.top == nd->groups->data.sequence.items.start) {
    size_t i, n;
    yyjson_mut_val *l;
    yyjson_mut_arr_foreach(levels, i, n, l) {
      yyjson_mut_arr_add_strcpy(d, into, yyjson_mut_get_str(yyjson_mut_obj_get(l, "id")));
    }
    return HOSHI_OK;
  }
  for (yaml_node_item_t *it = nd->groups->data.sequence.items.start; it < nd->groups->data.sequence.items.top; it++) {
    yaml_node_t *g = yaml_document_get_node(&c->doc, *it);
    char path[128];
    snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu].implementation_groups", index);
    if (g == NULL || g->type != YAML_SCALAR_NODE)
      return fail_at(c, g, path, "expected a list of group ids");
    const char *id = (const char *)g->data.scalar.value;
    if (cv_find_id(levels, id) == NULL)
      return fail_at(c, g, path, "implementation group \"%.64s\" is not defined in implementation_groups_definition", id);
    int seen = 0;
    size_t i, n;
    yyjson_mut_val *v;
    yyjson_mut_arr_foreach(into, i, n, v) { seen |= strcmp(yyjson_mut_get_str(v), id) == 0; }
    if (!seen) yyjson_mut_arr_add_strcpy(d, into, id);
  }
  return HOSHI_OK;
}

static hoshi_err build_requirements(ctx *c, yyjson_mut_doc *d, yyjson_mut_val *reqs,
                                    yyjson_mut_val *crits, yyjson_mut_val *levels,
                                    const long *order, size_t nreq);
static hoshi_err build_criteria(ctx *c, yyjson_mut_doc *d, yyjson_mut_val *crits,
                                yyjson_mut_val *levels, long req, yyjson_mut_val *r);

static hoshi_err build(ctx *c, yaml_node_t *root, yaml_node_t *fw, yyjson_mut_doc *d) {
  hoshi_err rc;
  const char *urn, *ref_id, *name, *version, *copyright, *provider, *fw_ref, *fw_name, *locale;
  if ((rc = scalar(c, root, "urn", "urn", 0, &urn)) || (rc = scalar(c, root, "ref_id", "ref_id", 0, &ref_id)) ||
      (rc = scalar(c, root, "name", "name", 0, &name)) || (rc = scalar(c, root, "version", "version", 0, &version)) ||
      (rc = scalar(c, root, "copyright", "copyright", 0, &copyright)) ||
      (rc = scalar(c, root, "provider", "provider", 0, &provider)) ||
      (rc = scalar(c, root, "locale", "locale", 0, &locale)) ||
      (rc = scalar(c, fw, "ref_id", "objects.framework.ref_id", 0, &fw_ref)) ||
      (rc = scalar(c, fw, "name", "objects.framework.name", 0, &fw_name)))
    return rc;
  c->locale = locale ? locale : "en";
  const char *title = fw_name ? fw_name : (name ? name : "CISO Assistant framework");
  char scheme[40], ver[24], id[80];
  cv_token(fw_ref ? fw_ref : (ref_id ? ref_id : (urn ? urn_tail(urn) : title)), scheme, sizeof scheme);
  cv_token(version ? version : "1", ver, sizeof ver);
  snprintf(id, sizeof id, "%s-%s", scheme, ver);

  yyjson_mut_val *top = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, top);
  yyjson_mut_obj_add_str(d, top, "format", "hoshi-catalog/1");
  yyjson_mut_obj_add_strcpy(d, top, "id", id);
  yyjson_mut_obj_add_strcpy(d, top, "scheme", scheme);
  yyjson_mut_obj_add_strcpy(d, top, "version", ver);
  node fwnode = {.urn = urn ? urn : "framework", .name = title, .translations = map_get(c, fw, "translations")};
  yyjson_mut_val *t = node_text(c, d, &fwnode, TEXT_NAME_FIRST, NULL);
  if (t == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
  yyjson_mut_obj_add_val(d, top, "title", t);
  yyjson_mut_obj_add_bool(d, top, "official_wording", true);
  char source[1024];
  snprintf(source, sizeof source, "CISO Assistant library %s%s%s%s%s", urn ? urn : "(no urn)",
           provider ? ", provider " : "", provider ? provider : "", copyright ? ". " : "",
           copyright ? copyright : "");
  yyjson_mut_obj_add_strcpy(d, top, "source", source);
  yyjson_mut_obj_add_val(d, top, "notice",
                         cv_text(d, "CISO Assistantのライブラリからインポートした文言です。利用条件は元のライブラリの著作権表示に従います。訳がない言語の欄には原文を入れています。",
                                 "Imported from a CISO Assistant library; its copyright notice governs use. A language without a translation holds the original text."));

  yyjson_mut_val *levels = yyjson_mut_obj_add_arr(d, top, "levels");
  yaml_node_t *igd = map_get(c, fw, "implementation_groups_definition");
  if (igd && igd->type != YAML_SEQUENCE_NODE)
    return fail_at(c, igd, "objects.framework.implementation_groups_definition", "expected a list");
  if (igd) {
    size_t k = 0;
    for (yaml_node_item_t *it = igd->data.sequence.items.start; it < igd->data.sequence.items.top; it++, k++) {
      yaml_node_t *g = yaml_document_get_node(&c->doc, *it);
      char path[128];
      snprintf(path, sizeof path, "objects.framework.implementation_groups_definition[%zu]", k);
      if (g == NULL || g->type != YAML_MAPPING_NODE) return fail_at(c, g, path, "expected a mapping");
      node gn = {.where = g, .translations = map_get(c, g, "translations")};
      if ((rc = scalar(c, g, "ref_id", path, 1, &gn.ref_id)) || (rc = scalar(c, g, "name", path, 0, &gn.name)))
        return rc;
      gn.urn = gn.ref_id;
      if (cv_find_id(levels, gn.ref_id)) return fail_at(c, g, path, "duplicate group \"%.64s\"", gn.ref_id);
      yyjson_mut_val *l = yyjson_mut_arr_add_obj(d, levels);
      yyjson_mut_obj_add_strcpy(d, l, "id", gn.ref_id);
      yyjson_mut_val *nt = node_text(c, d, &gn, TEXT_NAME_FIRST, NULL);
      if (nt == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
      yyjson_mut_obj_add_val(d, l, "name", nt);
    }
  }
  if (yyjson_mut_arr_size(levels) == 0) {
    yyjson_mut_val *l = yyjson_mut_arr_add_obj(d, levels);
    yyjson_mut_obj_add_str(d, l, "id", "1");
    yyjson_mut_obj_add_val(d, l, "name", cv_text(d, "全項目", "All requirements"));
  }

  yyjson_mut_val *cats = yyjson_mut_obj_add_arr(d, top, "categories");
  yyjson_mut_val *reqs = yyjson_mut_obj_add_arr(d, top, "requirements");
  yyjson_mut_val *crits = yyjson_mut_obj_add_arr(d, top, "criteria");
  char path[128];
  for (size_t i = 0; i < c->n; i++) {
    node *nd = &c->nodes[i];
    if (nd->parent >= 0) continue;
    snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu]", i);
    if (cv_find_id(cats, node_id(nd)))
      return fail_at(c, nd->where, path, "duplicate top-level ref_id \"%.64s\"", node_id(nd));
    yyjson_mut_val *co = yyjson_mut_arr_add_obj(d, cats);
    yyjson_mut_obj_add_strcpy(d, co, "id", node_id(nd));
    yyjson_mut_val *nt = node_text(c, d, nd, TEXT_NAME_FIRST, NULL);
    if (nt == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
    yyjson_mut_obj_add_val(d, co, "title", nt);
  }
  /* Requirements grouped by category (in category order, then file order) and criteria by
   * requirement: the order the OSCAL export also uses, so both give the same catalog. */
  long *tops = malloc((c->n ? c->n : 1) * sizeof *tops);
  long *order = malloc((c->n ? c->n : 1) * sizeof *order);
  size_t nreq = 0;
  if (tops == NULL || order == NULL) {
    free(tops);
    free(order);
    return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
  }
  for (size_t i = 0; i < c->n; i++) tops[i] = top_of(c, (long)i);
  for (size_t k = 0; k < c->n; k++) {
    if (c->nodes[k].parent >= 0) continue;
    for (size_t i = 0; i < c->n; i++) {
      if (c->nodes[i].is_req && tops[i] == (long)k) order[nreq++] = (long)i;
    }
  }
  free(tops);
  rc = build_requirements(c, d, reqs, crits, levels, order, nreq);
  free(order);
  if (rc) return rc;
  if (yyjson_mut_arr_size(reqs) == 0)
    return hoshi_fail(c->e, HOSHI_EINVAL, "objects.framework.requirement_nodes",
                      "no node is assessable, so there is nothing to assess");
  return HOSHI_OK;
}

/* Emits the requirements in the given order, each followed by its criteria in file order. */
static hoshi_err build_requirements(ctx *c, yyjson_mut_doc *d, yyjson_mut_val *reqs,
                                    yyjson_mut_val *crits, yyjson_mut_val *levels,
                                    const long *order, size_t nreq) {
  hoshi_err rc;
  char path[128];
  for (size_t q = 0; q < nreq; q++) {
    size_t i = (size_t)order[q];
    node *nd = &c->nodes[i];
    snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu]", i);
    if (yyjson_mut_arr_size(reqs) >= CATALOG_CONVERT_REQ_MAX)
      return hoshi_fail(c->e, HOSHI_ELIMIT, path, "more than %u requirements", CATALOG_CONVERT_REQ_MAX);
    if (cv_find_id(reqs, node_id(nd)))
      return fail_at(c, nd->where, path, "duplicate requirement ref_id \"%.64s\"", node_id(nd));
    yyjson_mut_val *r = yyjson_mut_arr_add_obj(d, reqs);
    yyjson_mut_obj_add_strcpy(d, r, "id", node_id(nd));
    yyjson_mut_obj_add_strcpy(d, r, "category", node_id(&c->nodes[top_of(c, (long)i)]));
    yyjson_mut_obj_add_arr(d, r, "levels");
    yyjson_mut_val *tt = node_text(c, d, nd, TEXT_NAME_FIRST, NULL), *st = node_text(c, d, nd, TEXT_DESC_FIRST, NULL);
    if (tt == NULL || st == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
    yyjson_mut_obj_add_val(d, r, "title", tt);
    yyjson_mut_obj_add_val(d, r, "summary", st);
    if ((rc = build_criteria(c, d, crits, levels, (long)i, r))) return rc;
  }
  return HOSHI_OK;
}

/* The criteria of requirement node req, in file order. */
static hoshi_err build_criteria(ctx *c, yyjson_mut_doc *d, yyjson_mut_val *crits,
                                yyjson_mut_val *levels, long req, yyjson_mut_val *r) {
  hoshi_err rc;
  char path[128];
  for (size_t i = 0; i < c->n; i++) {
    node *nd = &c->nodes[i];
    if (nd->req != req) continue;
    snprintf(path, sizeof path, "objects.framework.requirement_nodes[%zu]", i);
    const char *rid = node_id(&c->nodes[nd->req]);
    char cid[ID_MAX_LEN];
    const char *prefix = NULL;
    size_t rl = strlen(rid);
    if (nd->req == (long)i) {
      snprintf(cid, sizeof cid, "%s-1", rid);
    } else if (nd->ref_id && strncmp(nd->ref_id, rid, rl) == 0 && nd->ref_id[rl] == '-' && nd->ref_id[rl + 1]) {
      snprintf(cid, sizeof cid, "%s", nd->ref_id);
    } else {
      /* Renumbered: the library's own ref_id stays visible at the start of the text. */
      size_t k = 1;
      size_t j, m;
      yyjson_mut_val *v;
      yyjson_mut_arr_foreach(crits, j, m, v) {
        k += yyjson_mut_equals_str(yyjson_mut_obj_get(v, "requirement"), rid);
      }
      snprintf(cid, sizeof cid, "%s-%zu", rid, k);
      prefix = nd->ref_id;
    }
    if (yyjson_mut_arr_size(crits) >= CATALOG_CONVERT_CRIT_MAX)
      return hoshi_fail(c->e, HOSHI_ELIMIT, path, "more than %u criteria", CATALOG_CONVERT_CRIT_MAX);
    if (cv_find_id(crits, cid))
      return fail_at(c, nd->where, path, "duplicate criterion id \"%.64s\"", cid);
    yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, crits);
    yyjson_mut_obj_add_strcpy(d, o, "id", cid);
    yyjson_mut_obj_add_strcpy(d, o, "requirement", rid);
    yyjson_mut_val *lv = yyjson_mut_obj_add_arr(d, o, "levels");
    if ((rc = node_levels(c, d, nd, i, levels, lv))) return rc;
    /* The requirement's levels are the union of its criteria's, in definition order. */
    yyjson_mut_val *rlv = yyjson_mut_obj_get(r, "levels");
    size_t j, m;
    yyjson_mut_val *l;
    yyjson_mut_arr_foreach(levels, j, m, l) {
      const char *lid = yyjson_mut_get_str(yyjson_mut_obj_get(l, "id"));
      int in_c = 0, in_r = 0;
      size_t a, b;
      yyjson_mut_val *x;
      yyjson_mut_arr_foreach(lv, a, b, x) { in_c |= strcmp(yyjson_mut_get_str(x), lid) == 0; }
      yyjson_mut_arr_foreach(rlv, a, b, x) { in_r |= strcmp(yyjson_mut_get_str(x), lid) == 0; }
      if (in_c && !in_r) {
        /* Keep definition order: rebuild the array. */
        yyjson_mut_val *nl = yyjson_mut_arr(d);
        size_t q, qn;
        yyjson_mut_val *ll;
        yyjson_mut_arr_foreach(levels, q, qn, ll) {
          const char *qid = yyjson_mut_get_str(yyjson_mut_obj_get(ll, "id"));
          int have = strcmp(qid, lid) == 0;
          yyjson_mut_arr_foreach(rlv, a, b, x) { have |= strcmp(yyjson_mut_get_str(x), qid) == 0; }
          if (have) yyjson_mut_arr_add_strcpy(d, nl, qid);
        }
        yyjson_mut_obj_put(r, yyjson_mut_str(d, "levels"), nl);
        rlv = nl;
      }
    }
    yyjson_mut_val *tx = node_text(c, d, nd, TEXT_JOINED, prefix);
    if (tx == NULL) return hoshi_fail(c->e, HOSHI_ENOMEM, "", "out of memory");
    yyjson_mut_obj_add_val(d, o, "text", tx);
  }
  return HOSHI_OK;
}

hoshi_err catalog_from_cisoa_yaml(const char *yaml, size_t len, char **out, size_t *out_len,
                                  hoshi_error *e) {
  *out = NULL;
  *out_len = 0;
  if (yaml == NULL) return hoshi_fail(e, HOSHI_EINVAL, "", "no input");
  if (len > CATALOG_CONVERT_INPUT_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "", "input is %zu bytes; at most %u are accepted", len,
                      CATALOG_CONVERT_INPUT_MAX);
  ctx c = {.e = e};
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
  if (!yaml_parser_load(&parser, &c.doc)) {
    hoshi_err rc = hoshi_fail(e, HOSHI_EINVAL, "", "line %zu, column %zu: not valid YAML: %s%s%s",
                              parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                              parser.problem ? parser.problem : "parse error",
                              parser.context ? " " : "", parser.context ? parser.context : "");
    yaml_parser_delete(&parser);
    return rc;
  }
  yaml_parser_delete(&parser);
  hoshi_err rc = HOSHI_OK;
  yyjson_mut_doc *d = NULL;
  yaml_node_t *root = yaml_document_get_root_node(&c.doc);
  yaml_node_t *fw = map_get(&c, map_get(&c, root, "objects"), "framework");
  yaml_node_t *seq = map_get(&c, fw, "requirement_nodes");
  if (root == NULL || root->type != YAML_MAPPING_NODE) {
    rc = fail_at(&c, root, "", "expected a CISO Assistant library (a mapping with urn, objects …)");
  } else if (fw == NULL || fw->type != YAML_MAPPING_NODE) {
    rc = fail_at(&c, root, "objects.framework", "no framework in objects.framework");
  } else if (seq == NULL || seq->type != YAML_SEQUENCE_NODE) {
    rc = fail_at(&c, fw, "objects.framework.requirement_nodes", "expected a list of requirement nodes");
  } else if ((rc = read_nodes(&c, seq)) == HOSHI_OK && (rc = link_nodes(&c)) == HOSHI_OK) {
    assign(&c);
    d = yyjson_mut_doc_new(NULL);
    if (d == NULL) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    else if ((rc = build(&c, root, fw, d)) == HOSHI_OK) rc = cv_write(d, out, out_len, e);
  }
  yyjson_mut_doc_free(d);
  for (size_t i = 0; c.nodes && i < c.n; i++) free(c.nodes[i].questions);
  free(c.nodes);
  yaml_document_delete(&c.doc);
  return rc;
}

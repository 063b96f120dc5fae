/* hoshi_sbom_parse: reads the JSON once with yyjson, detects the format and hands the root to
 * its reader; holds the builder helpers (memory, refs, paths) the readers share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hoshi/buf.h"
#include "hoshi/purl.h"
#include "sbom/purl_int.h"
#include "sbom/sbom_int.h"

#define SBOM_BLOCK_SIZE ((size_t)64 * 1024)

void sbom_path_key(sbom_builder *b, const char *key) {
  if (b->path.n < SBOM_PATH_MAX) {
    b->path.seg[b->path.n].key = key;
    b->path.seg[b->path.n].index = 0;
  }
  b->path.n++;
}

void sbom_path_index(sbom_builder *b, size_t i) {
  if (b->path.n < SBOM_PATH_MAX) {
    b->path.seg[b->path.n].key = NULL;
    b->path.seg[b->path.n].index = i;
  }
  b->path.n++;
}

void sbom_path_pop(sbom_builder *b) {
  if (b->path.n > 0) b->path.n--;
}

/* "$.components[12].purl"; keys that are not plain words are quoted as ["@graph"]. */
static void render_path(const sbom_path *p, const char *last_key, char *out, size_t cap) {
  hoshi_buf s = HOSHI_BUF_INIT;
  hoshi_buf_putc(&s, '$');
  int n = p->n < SBOM_PATH_MAX ? p->n : SBOM_PATH_MAX;
  for (int i = 0; i <= n; i++) {
    const char *key;
    if (i == n) {
      if (last_key == NULL) break;
      key = last_key;
    } else if (p->seg[i].key == NULL) {
      hoshi_buf_printf(&s, "[%zu]", p->seg[i].index);
      continue;
    } else {
      key = p->seg[i].key;
    }
    int plain = *key != '\0';
    for (const char *c = key; *c; c++)
      if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
        plain = 0;
    if (plain) hoshi_buf_printf(&s, ".%s", key);
    else hoshi_buf_printf(&s, "[\"%s\"]", key);
  }
  snprintf(out, cap, "%s", s.p ? s.p : "$");
  hoshi_buf_free(&s);
}

hoshi_err sbom_fail(sbom_builder *b, hoshi_err code, const char *last_key, const char *fmt, ...) {
  if (b->e == NULL) return code;
  char path[HOSHI_ERR_FIELD_MAX];
  render_path(&b->path, last_key, path, sizeof path);
  char msg[HOSHI_ERR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return hoshi_fail(b->e, code, path, "%s: %s", path, msg);
}

void *sbom_alloc(sbom_builder *b, size_t n) {
  struct hoshi_sbom_mem *m = b->doc->mem;
  n = (n + 15) & ~(size_t)15;
  sbom_block *blk = m->blocks;
  if (blk == NULL || blk->cap - blk->used < n) {
    size_t cap = n > SBOM_BLOCK_SIZE ? n : SBOM_BLOCK_SIZE;
    sbom_block *nb = malloc(sizeof *nb + cap + 16);
    if (nb == NULL) return NULL;
    nb->cap = cap;
    nb->used = 0;
    nb->next = m->blocks;
    m->blocks = nb;
    blk = nb;
  }
  /* data starts after the header, aligned to 16 */
  char *base = (char *)(((uintptr_t)(blk + 1) + 15) & ~(uintptr_t)15);
  void *p = base + blk->used;
  blk->used += n;
  return p;
}

const char *sbom_strdup(sbom_builder *b, const char *s, size_t n) {
  char *d = sbom_alloc(b, n + 1);
  if (d == NULL) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

/* Large blocks are asked for in 2 MB pages where the kernel offers them (transparent huge
 * pages on request): a 100,000-component document makes ~100 MB of JSON values, and faulting
 * that in 4 KB at a time costs more than the parsing itself. Plain free() releases them. */
#define SBOM_HUGE_MIN ((size_t)4 << 20)
#define SBOM_HUGE_PAGE ((size_t)2 << 20)

static void *big_malloc(size_t n) {
  if (n < SBOM_HUGE_MIN) return malloc(n);
  size_t rounded = (n + SBOM_HUGE_PAGE - 1) & ~(SBOM_HUGE_PAGE - 1);
  void *p = aligned_alloc(SBOM_HUGE_PAGE, rounded);
  if (p) (void)madvise(p, rounded, MADV_HUGEPAGE);
  return p;
}

static void *big_realloc(void *p, size_t old, size_t n) {
  if (n < SBOM_HUGE_MIN) return realloc(p, n);
  void *q = big_malloc(n);
  if (q == NULL) return NULL;
  if (p) memcpy(q, p, old < n ? old : n);
  free(p);
  return q;
}

static void *alc_malloc(void *ctx, size_t n) {
  (void)ctx;
  return big_malloc(n);
}

static void *alc_realloc(void *ctx, void *p, size_t old, size_t n) {
  (void)ctx;
  return big_realloc(p, old, n);
}

static void alc_free(void *ctx, void *p) {
  (void)ctx;
  free(p);
}

static const yyjson_alc sbom_alc = {alc_malloc, alc_realloc, alc_free, NULL};

static int grow(void **arr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t nc = *cap ? *cap * 2 : 64;
  while (nc < need) nc *= 2;
  void *p = big_realloc(*arr, *cap * elem, nc * elem);
  if (p == NULL) return -1;
  *arr = p;
  *cap = nc;
  return 0;
}

void sbom_reserve_components(sbom_builder *b, size_t n) {
  hoshi_sbom *d = b->doc;
  if (n > HOSHI_SBOM_MAX_COMPONENTS) n = HOSHI_SBOM_MAX_COMPONENTS;
  sbom_map_reserve(&b->refs, d->ncomponents + n);
  size_t need = d->ncomponents + n;
  if (need <= d->mem->cap_components) return;
  void *p = big_realloc(d->components, d->mem->cap_components * sizeof *d->components, need * sizeof *d->components);
  if (p == NULL) return;
  d->components = p;
  d->mem->cap_components = need;
}

hoshi_err sbom_add_component(sbom_builder *b, size_t *index) {
  hoshi_sbom *d = b->doc;
  if (d->ncomponents >= HOSHI_SBOM_MAX_COMPONENTS)
    return sbom_fail(b, HOSHI_ELIMIT, NULL, "more than %d components", HOSHI_SBOM_MAX_COMPONENTS);
  if (grow((void **)&d->components, &d->mem->cap_components, d->ncomponents + 1, sizeof *d->components))
    return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  hoshi_sbom_component *c = &d->components[d->ncomponents];
  memset(c, 0, sizeof *c);
  c->parent = HOSHI_SBOM_NONE;
  *index = d->ncomponents++;
  return HOSHI_OK;
}

hoshi_err sbom_add_edge(sbom_builder *b, size_t from, size_t to, hoshi_sbom_edge_kind kind) {
  hoshi_sbom *d = b->doc;
  if (d->nedges >= HOSHI_SBOM_MAX_EDGES)
    return sbom_fail(b, HOSHI_ELIMIT, NULL, "more than %d dependency edges", HOSHI_SBOM_MAX_EDGES);
  if (grow((void **)&d->edges, &d->mem->cap_edges, d->nedges + 1, sizeof *d->edges))
    return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  d->edges[d->nedges++] = (hoshi_sbom_edge){from, to, kind};
  return HOSHI_OK;
}

hoshi_sbom_vuln *sbom_add_vuln(sbom_builder *b) {
  hoshi_sbom *d = b->doc;
  if (grow((void **)&d->vulns, &d->mem->cap_vulns, d->nvulns + 1, sizeof *d->vulns)) {
    sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  hoshi_sbom_vuln *v = &d->vulns[d->nvulns++];
  memset(v, 0, sizeof *v);
  return v;
}

/* FNV-1a; 0 is kept for empty slots. */
static uint64_t ref_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  /* FNV leaves the high bits of short keys poorly mixed; the table places by them */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

static int ref_grow_to(sbom_ref_map *m, size_t cap);

static int ref_grow(sbom_ref_map *m) { return ref_grow_to(m, m->cap ? m->cap * 2 : 256); }

void sbom_map_reserve(sbom_ref_map *m, size_t n) {
  size_t cap = m->cap ? m->cap : 256;
  while (cap < 2 * n) cap *= 2;
  if (cap > m->cap) ref_grow_to(m, cap);
}

static int ref_grow_to(sbom_ref_map *m, size_t cap) {
  uint64_t *slot = calloc(cap, sizeof *slot);
  if (slot == NULL) return -1;
  for (size_t i = 0; i < m->cap; i++) {
    if (m->slot[i] == 0) continue;
    /* the tag alone places an entry, so growing never reads the keys again */
    size_t j = (size_t)(m->slot[i] >> 32) & (cap - 1);
    while (slot[j]) j = (j + 1) & (cap - 1);
    slot[j] = m->slot[i];
  }
  free(m->slot);
  m->slot = slot;
  m->cap = cap;
  return 0;
}

void sbom_map_free(sbom_ref_map *m) {
  free(m->slot);
  free(m->key);
  free(m->value);
  memset(m, 0, sizeof *m);
}

hoshi_err sbom_map_put(sbom_builder *b, sbom_ref_map *m, const char *key, size_t index) {
  if ((m->count + 1) * 2 > m->cap && ref_grow(m)) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
  if (m->count == m->entries_cap) {
    size_t nc = m->entries_cap ? m->entries_cap * 2 : 128;
    const char **k = realloc(m->key, nc * sizeof *k);
    if (k == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    m->key = k;
    size_t *v = realloc(m->value, nc * sizeof *v);
    if (v == NULL) return sbom_fail(b, HOSHI_ENOMEM, NULL, "out of memory");
    m->value = v;
    m->entries_cap = nc;
  }
  uint64_t tag = ref_hash(key) >> 32;
  size_t j = (size_t)tag & (m->cap - 1);
  for (; m->slot[j]; j = (j + 1) & (m->cap - 1))
    if ((m->slot[j] >> 32) == tag && strcmp(m->key[(m->slot[j] & 0xffffffffu) - 1], key) == 0) return HOSHI_OK;
  m->key[m->count] = key;
  m->value[m->count] = index;
  m->count++;
  m->slot[j] = tag << 32 | (uint64_t)m->count;
  return HOSHI_OK;
}

size_t sbom_map_get(const sbom_ref_map *m, const char *key) {
  if (key == NULL || m->cap == 0) return HOSHI_SBOM_NONE;
  uint64_t tag = ref_hash(key) >> 32;
  for (size_t j = (size_t)tag & (m->cap - 1); m->slot[j]; j = (j + 1) & (m->cap - 1)) {
    size_t e = (m->slot[j] & 0xffffffffu) - 1;
    if ((m->slot[j] >> 32) == tag && strcmp(m->key[e], key) == 0) return m->value[e];
  }
  return HOSHI_SBOM_NONE;
}

hoshi_err sbom_ref_put(sbom_builder *b, const char *ref, size_t index) { return sbom_map_put(b, &b->refs, ref, index); }

size_t sbom_ref_get(const sbom_builder *b, const char *ref) { return sbom_map_get(&b->refs, ref); }

hoshi_err sbom_set_purl(sbom_builder *b, hoshi_sbom_component *c, const char *purl, const char *key) {
  if (purl_is_plain_canonical(purl)) {
    c->purl = purl;
    return HOSHI_OK;
  }
  hoshi_error pe;
  char *canon = NULL;
  hoshi_err rc = hoshi_purl_canon(purl, &canon, &pe);
  if (rc != HOSHI_OK) return sbom_fail(b, rc == HOSHI_ENOMEM ? HOSHI_ENOMEM : HOSHI_EINVAL, key, "invalid purl '%.200s': %s", purl, pe.message);
  /* most purls in the wild are already canonical; then the document's own string serves */
  if (strcmp(canon, purl) == 0) c->purl = purl;
  else c->purl = sbom_strdup(b, canon, strlen(canon));
  free(canon);
  if (c->purl == NULL) return sbom_fail(b, HOSHI_ENOMEM, key, "out of memory");
  return HOSHI_OK;
}

const char *sbom_json_type(yyjson_val *v) {
  switch (yyjson_get_type(v)) {
    case YYJSON_TYPE_OBJ: return "object";
    case YYJSON_TYPE_ARR: return "array";
    case YYJSON_TYPE_STR: return "string";
    case YYJSON_TYPE_NUM: return "number";
    case YYJSON_TYPE_BOOL: return "boolean";
    case YYJSON_TYPE_NULL: return "null";
    default: return "nothing";
  }
}

const char *sbom_get_str(sbom_builder *b, yyjson_val *obj, const char *key, hoshi_err *rc) {
  yyjson_val *v = yyjson_obj_get(obj, key);
  if (v == NULL || yyjson_is_null(v)) return NULL;
  if (!yyjson_is_str(v)) {
    *rc = sbom_fail(b, HOSHI_EINVAL, key, "expected a string, got %s", sbom_json_type(v));
    return NULL;
  }
  return yyjson_get_str(v);
}

const char *hoshi_sbom_format_name(hoshi_sbom_format f) {
  switch (f) {
    case HOSHI_SBOM_CYCLONEDX: return "CycloneDX";
    case HOSHI_SBOM_SPDX2: return "SPDX";
    case HOSHI_SBOM_SPDX3: return "SPDX 3";
  }
  return "unknown";
}

void hoshi_sbom_free(hoshi_sbom *s) {
  if (s == NULL) return;
  if (s->mem) {
    yyjson_doc_free(s->mem->doc);
    for (sbom_block *blk = s->mem->blocks; blk;) {
      sbom_block *next = blk->next;
      free(blk);
      blk = next;
    }
    free(s->mem);
  }
  free(s->components);
  free(s->edges);
  free(s->vulns);
  free(s);
}

static int starts_with(const char *s, const char *prefix) { return s && strncmp(s, prefix, strlen(prefix)) == 0; }

hoshi_err hoshi_sbom_parse(const char *buf, size_t len, hoshi_sbom **out, hoshi_error *e) {
  *out = NULL;
  if (len > HOSHI_SBOM_MAX_BYTES)
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "$: the document is %zu bytes; the limit is %zu", len, HOSHI_SBOM_MAX_BYTES);
  if (buf == NULL) return hoshi_fail(e, HOSHI_EINVAL, "$", "$: no document");
  hoshi_sbom *s = calloc(1, sizeof *s);
  if (s == NULL || (s->mem = calloc(1, sizeof *s->mem)) == NULL) {
    free(s);
    return hoshi_fail(e, HOSHI_ENOMEM, "$", "out of memory");
  }
  s->subject = HOSHI_SBOM_NONE;
  sbom_builder b;
  memset(&b, 0, sizeof b);
  b.doc = s;
  b.e = e;
  hoshi_err rc;
  yyjson_read_err rerr;
  /* yyjson copies the input once and parses that copy in place; the document keeps it, so
   * strings can point into it and the caller's buffer is free to go. */
  s->mem->doc = yyjson_read_opts((char *)buf, len, 0, &sbom_alc, &rerr);
  if (s->mem->doc == NULL) {
    rc = rerr.code == YYJSON_READ_ERROR_MEMORY_ALLOCATION
             ? hoshi_fail(e, HOSHI_ENOMEM, "$", "out of memory")
             : hoshi_fail(e, HOSHI_EINVAL, "$", "$: not valid JSON at byte %zu: %s", rerr.pos, rerr.msg);
    goto fail;
  }
  yyjson_val *root = yyjson_doc_get_root(s->mem->doc);
  if (!yyjson_is_obj(root)) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "$", "$: expected a JSON object, got %s", sbom_json_type(root));
    goto fail;
  }
  yyjson_val *v;
  if ((v = yyjson_obj_get(root, "bomFormat")) != NULL) {
    if (!yyjson_is_str(v) || strcmp(yyjson_get_str(v), "CycloneDX") != 0) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "$.bomFormat", "$.bomFormat: expected \"CycloneDX\"");
      goto fail;
    }
    s->format = HOSHI_SBOM_CYCLONEDX;
    rc = sbom_read_cyclonedx(&b, root);
  } else if ((v = yyjson_obj_get(root, "spdxVersion")) != NULL) {
    if (!yyjson_is_str(v) || !starts_with(yyjson_get_str(v), "SPDX-2.")) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "$.spdxVersion", "$.spdxVersion: expected \"SPDX-2.2\" or \"SPDX-2.3\"");
      goto fail;
    }
    s->format = HOSHI_SBOM_SPDX2;
    rc = sbom_read_spdx2(&b, root);
  } else if (yyjson_obj_get(root, "@graph") != NULL || yyjson_obj_get(root, "@context") != NULL) {
    s->format = HOSHI_SBOM_SPDX3;
    rc = sbom_read_spdx3(&b, root);
  } else {
    rc = hoshi_fail(e, HOSHI_EINVAL, "$", "$: neither CycloneDX (bomFormat), SPDX 2 (spdxVersion) nor SPDX 3 (@graph)");
  }
  if (rc != HOSHI_OK) goto fail;
  sbom_map_free(&b.refs);
  *out = s;
  return HOSHI_OK;
fail:
  sbom_map_free(&b.refs);
  hoshi_sbom_free(s);
  return rc;
}

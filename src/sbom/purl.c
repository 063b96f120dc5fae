/* Package URLs (ECMA-427): parsing with percent-decoding, the per-type rules (case folding,
 * required and prohibited parts), the canonical form, and the mapping to OSV ecosystems. */
#include "hoshi/purl.h"

#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "sbom/purl_int.h"

enum {
  R_NS_LOWER = 1 << 0,
  R_NAME_LOWER = 1 << 1,
  R_NAME_PYPI = 1 << 2,       /* lowercase and "_" as "-" (PEP 503 without the runs) */
  R_NS_REQUIRED = 1 << 3,
  R_NS_PROHIBITED = 1 << 4,
  R_VERSION_REQUIRED = 1 << 5,
  R_VERSION_LOWER = 1 << 6,
  R_NS_ONE_SEGMENT = 1 << 7,  /* git: the namespace is the host, the name is the rest */
};

typedef struct purl_rule {
  const char *type;
  unsigned flags;
  const char *required_qualifier;
} purl_rule;

/* Types with rules beyond the generic ones; every other type is accepted as written. */
static const purl_rule rules[] = {
    {"alpm", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"apk", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"bitbucket", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"bitnami", R_NAME_LOWER, NULL},
    {"brew", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"chrome-extension", R_NS_PROHIBITED, NULL},
    {"composer", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"deb", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"git", R_NS_LOWER | R_NAME_LOWER | R_NS_REQUIRED | R_NS_ONE_SEGMENT, NULL},
    {"github", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"gitlab", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"hackage", R_VERSION_REQUIRED, NULL},
    {"hex", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"huggingface", R_VERSION_LOWER, NULL},
    {"julia", R_NS_PROHIBITED, "uuid"},
    {"npm", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"oci", R_NAME_LOWER | R_VERSION_LOWER, NULL},
    {"otp", R_NS_PROHIBITED, NULL},
    {"pypi", R_NAME_PYPI, NULL},
    {"qpkg", R_NS_LOWER, NULL},
    {"rpm", R_NS_LOWER, NULL},
    {"swid", 0, "tag_id"},
    {"swift", R_NS_REQUIRED, NULL},
    {"vcpkg", R_NS_PROHIBITED, NULL},
    {"vscode-extension", R_NS_REQUIRED, NULL},
};

static const purl_rule *rule_of(const char *type) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (rules[i].type[0] == type[0] && strcmp(rules[i].type, type) == 0) return &rules[i];
  return NULL;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }
static void str_lower(char *s) {
  for (; s && *s; s++) *s = lower(*s);
}
static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s[0..n) into a new string; NULL with *why on a bad escape. */
static char *decode(const char *s, size_t n, const char **why) {
  char *out = malloc(n + 1);
  if (out == NULL) {
    *why = "out of memory";
    return NULL;
  }
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
        free(out);
        *why = "invalid percent-encoding";
        return NULL;
      }
      char c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      if (c == '\0') {
        free(out);
        *why = "percent-encoded NUL";
        return NULL;
      }
      out[j++] = c;
      i += 2;
    } else {
      out[j++] = s[i];
    }
  }
  out[j] = '\0';
  return out;
}

/* Working copy of the components, each part owned. */
static void purl_zero(hoshi_purl *p) { memset(p, 0, sizeof *p); }

void hoshi_purl_free(hoshi_purl *p) {
  if (p == NULL) return;
  free(p->type);
  free(p->namespace);
  free(p->name);
  free(p->version);
  for (size_t i = 0; i < p->nqualifiers; i++) {
    free(p->qualifiers[i].key);
    free(p->qualifiers[i].value);
  }
  free(p->qualifiers);
  free(p->subpath);
  purl_zero(p);
}

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

static char *dup_s(const char *s) { return s ? dup_n(s, strlen(s)) : NULL; }

static hoshi_err oom(hoshi_error *e) { return hoshi_fail(e, HOSHI_ENOMEM, "purl", "out of memory"); }

/* type: ASCII letters, digits, ".", "+", "-"; not starting with a digit; never encoded. */
static hoshi_err check_type(const char *t, size_t n, hoshi_error *e) {
  if (n == 0) return hoshi_fail(e, HOSHI_EINVAL, "type", "the type is missing");
  if (is_digit(t[0])) return hoshi_fail(e, HOSHI_EINVAL, "type", "the type '%.*s' starts with a digit", (int)n, t);
  for (size_t i = 0; i < n; i++)
    if (!(is_alpha(t[i]) || is_digit(t[i]) || t[i] == '.' || t[i] == '+' || t[i] == '-'))
      return hoshi_fail(e, HOSHI_EINVAL, "type", "the type '%.*s' has a character other than letters, digits, '.', '+', '-'", (int)n, t);
  return HOSHI_OK;
}

static hoshi_err check_key(const char *k, hoshi_error *e) {
  if (*k == '\0') return hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "a qualifier key is empty");
  if (is_digit(*k)) return hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "the qualifier key '%s' starts with a digit", k);
  for (const char *c = k; *c; c++)
    if (!(is_alpha(*c) || is_digit(*c) || *c == '.' || *c == '-' || *c == '_'))
      return hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "the qualifier key '%s' has a character other than letters, digits, '.', '-', '_'", k);
  return HOSHI_OK;
}

static int cmp_qualifier(const void *a, const void *b) {
  return strcmp(((const hoshi_purl_qualifier *)a)->key, ((const hoshi_purl_qualifier *)b)->key);
}

/* Joins the non-empty segments of s[0..n) split on "/", each percent-decoded when
 * decode_each; "." and ".." are dropped when drop_dots (subpaths). A decoded segment may not
 * hold "/". */
static hoshi_err join_segments(const char *s, size_t n, int drop_dots, int decode_each, const char *field,
                               char **out, hoshi_error *e) {
  hoshi_buf b = HOSHI_BUF_INIT;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    if (j > i) {
      const char *why = NULL;
      char *seg = decode_each ? decode(s + i, j - i, &why) : dup_n(s + i, j - i);
      if (seg == NULL && !decode_each) why = "out of memory";
      if (seg == NULL) {
        hoshi_buf_free(&b);
        return why[0] == 'o' ? oom(e) : hoshi_fail(e, HOSHI_EINVAL, field, "%s in '%.*s'", why, (int)(j - i), s + i);
      }
      int skip = drop_dots && (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0);
      if (!skip && strchr(seg, '/')) {
        free(seg);
        hoshi_buf_free(&b);
        return hoshi_fail(e, HOSHI_EINVAL, field, "a segment holds an encoded '/'");
      }
      if (!skip && *seg) {
        if (b.n) hoshi_buf_putc(&b, '/');
        hoshi_buf_puts(&b, seg);
      }
      free(seg);
    }
    i = j + 1;
  }
  if (b.oom) {
    hoshi_buf_free(&b);
    return oom(e);
  }
  *out = b.n ? hoshi_buf_take(&b) : NULL;
  hoshi_buf_free(&b);
  return HOSHI_OK;
}

/* Applies the type's rules to decoded components in place: case folding, then the checks. */
static hoshi_err purl_normalize(hoshi_purl *p, hoshi_error *e) {
  hoshi_err rc;
  if (p->type == NULL) return hoshi_fail(e, HOSHI_EINVAL, "type", "the type is missing");
  if ((rc = check_type(p->type, strlen(p->type), e)) != HOSHI_OK) return rc;
  str_lower(p->type);
  if (p->name == NULL || p->name[0] == '\0') return hoshi_fail(e, HOSHI_EINVAL, "name", "the name is missing");
  if (p->namespace && p->namespace[0] == '\0') {
    free(p->namespace);
    p->namespace = NULL;
  }
  if (p->version && p->version[0] == '\0') {
    free(p->version);
    p->version = NULL;
  }
  if (p->subpath && p->subpath[0] == '\0') {
    free(p->subpath);
    p->subpath = NULL;
  }
  /* qualifiers: lowercase keys, drop empty values, sort, no duplicates */
  size_t k = 0;
  for (size_t i = 0; i < p->nqualifiers; i++) {
    /* slots left behind are emptied so hoshi_purl_free stays right if a later key fails */
    hoshi_purl_qualifier q = p->qualifiers[i];
    p->qualifiers[i].key = p->qualifiers[i].value = NULL;
    if (q.value == NULL || q.value[0] == '\0') {
      free(q.key);
      free(q.value);
      continue;
    }
    p->qualifiers[k++] = q;
    str_lower(q.key);
    if ((rc = check_key(q.key, e)) != HOSHI_OK) return rc;
  }
  p->nqualifiers = k;
  if (k > 1) qsort(p->qualifiers, k, sizeof *p->qualifiers, cmp_qualifier);
  for (size_t i = 1; i < k; i++)
    if (strcmp(p->qualifiers[i - 1].key, p->qualifiers[i].key) == 0)
      return hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "the qualifier key '%s' appears twice", p->qualifiers[i].key);

  const purl_rule *r = rule_of(p->type);
  unsigned f = r ? r->flags : 0;
  if (f & R_NS_LOWER) str_lower(p->namespace);
  if (f & (R_NAME_LOWER | R_NAME_PYPI)) str_lower(p->name);
  if (f & R_NAME_PYPI)
    for (char *c = p->name; *c; c++)
      if (*c == '_') *c = '-';
  if (f & R_VERSION_LOWER) str_lower(p->version);
  if ((f & R_NS_REQUIRED) && p->namespace == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "namespace", "a %s purl needs a namespace", p->type);
  if ((f & R_NS_PROHIBITED) && p->namespace != NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "namespace", "a %s purl has no namespace", p->type);
  if ((f & R_VERSION_REQUIRED) && p->version == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "version", "a %s purl needs a version", p->type);
  if (r && r->required_qualifier && hoshi_purl_qualifier_get(p, r->required_qualifier) == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "a %s purl needs the '%s' qualifier", p->type, r->required_qualifier);

  if (strcmp(p->type, "mlflow") == 0) { /* Databricks model names are case-insensitive */
    const char *url = hoshi_purl_qualifier_get(p, "repository_url");
    if (url && strstr(url, "databricks")) str_lower(p->name);
  } else if (strcmp(p->type, "cpan") == 0) {
    if (strstr(p->name, "::"))
      return hoshi_fail(e, HOSHI_EINVAL, "name", "'%s' is a module name; a cpan purl names the distribution (e.g. URI-PackageURL)", p->name);
  } else if (strcmp(p->type, "chrome-extension") == 0) {
    size_t n = strlen(p->name);
    int ok = n == 32;
    for (size_t i = 0; ok && i < n; i++) ok = p->name[i] >= 'a' && p->name[i] <= 'p';
    if (!ok) return hoshi_fail(e, HOSHI_EINVAL, "name", "a chrome-extension id is 32 letters a-p");
    if (p->version) {
      int parts = 0;
      const char *c = p->version;
      for (;;) {
        const char *d = c;
        while (is_digit(*d)) d++;
        if (d == c) return hoshi_fail(e, HOSHI_EINVAL, "version", "a chrome-extension version is 1 to 4 dot-separated numbers");
        parts++;
        if (*d == '\0') break;
        if (*d != '.') return hoshi_fail(e, HOSHI_EINVAL, "version", "a chrome-extension version is 1 to 4 dot-separated numbers");
        c = d + 1;
      }
      if (parts > 4) return hoshi_fail(e, HOSHI_EINVAL, "version", "a chrome-extension version is 1 to 4 dot-separated numbers");
    }
  }
  return HOSHI_OK;
}

static const char *last_of(const char *s, const char *end, char c) {
  while (end > s)
    if (*--end == c) return end;
  return NULL;
}

static hoshi_err purl_emit(const hoshi_purl *p, char **out, hoshi_error *e);

/* Parses s into *out; the canonical form is made too (a purl whose canonical form would pass
 * the length limit is refused, so every accepted purl has one) and handed over when canon is
 * not NULL. */
static hoshi_err purl_parse_impl(const char *s, hoshi_purl *out, char **canon, hoshi_error *e) {
  purl_zero(out);
  if (s == NULL) return hoshi_fail(e, HOSHI_EINVAL, "purl", "no purl given");
  size_t len = strnlen(s, HOSHI_PURL_MAX_LEN + 1);
  if (len > HOSHI_PURL_MAX_LEN)
    return hoshi_fail(e, HOSHI_ELIMIT, "purl", "the purl is longer than %d bytes", HOSHI_PURL_MAX_LEN);
  hoshi_purl p;
  purl_zero(&p);
  hoshi_err rc = HOSHI_OK;
  const char *end = s + len;

  /* The parts are cut at their rightmost marks: #subpath, then ?qualifiers. */
  const char *hash = last_of(s, end, '#');
  if (hash) {
    if ((rc = join_segments(hash + 1, (size_t)(end - hash - 1), 1, 1, "subpath", &p.subpath, e)) != HOSHI_OK) goto fail;
    end = hash;
  }
  const char *qm = last_of(s, end, '?');
  if (qm) {
    const char *q = qm + 1;
    while (q < end) {
      const char *amp = memchr(q, '&', (size_t)(end - q));
      const char *pe = amp ? amp : end;
      if (pe > q) {
        const char *eq = memchr(q, '=', (size_t)(pe - q));
        if (eq == NULL) {
          rc = hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "the qualifier '%.*s' has no '='", (int)(pe - q), q);
          goto fail;
        }
        if (p.nqualifiers == HOSHI_PURL_MAX_QUALIFIERS) {
          rc = hoshi_fail(e, HOSHI_ELIMIT, "qualifiers", "more than %d qualifiers", HOSHI_PURL_MAX_QUALIFIERS);
          goto fail;
        }
        if (p.qualifiers == NULL && (p.qualifiers = calloc(HOSHI_PURL_MAX_QUALIFIERS, sizeof *p.qualifiers)) == NULL) {
          rc = oom(e);
          goto fail;
        }
        const char *why = NULL;
        hoshi_purl_qualifier *qq = &p.qualifiers[p.nqualifiers];
        qq->key = dup_n(q, (size_t)(eq - q));
        qq->value = decode(eq + 1, (size_t)(pe - eq - 1), &why);
        p.nqualifiers++;
        if (qq->key == NULL || (qq->value == NULL && why[0] == 'o')) {
          rc = oom(e);
          goto fail;
        }
        if (qq->value == NULL) {
          rc = hoshi_fail(e, HOSHI_EINVAL, "qualifiers", "%s in the value of '%s'", why, qq->key);
          goto fail;
        }
      }
      q = pe + 1;
    }
    end = qm;
  }
  /* scheme */
  const char *colon = memchr(s, ':', (size_t)(end - s));
  if (colon == NULL || colon - s != 3 || lower(s[0]) != 'p' || lower(s[1]) != 'k' || lower(s[2]) != 'g') {
    rc = hoshi_fail(e, HOSHI_EINVAL, "purl", "a purl starts with 'pkg:'");
    goto fail;
  }
  const char *p0 = colon + 1;
  while (p0 < end && *p0 == '/') p0++; /* "pkg://type" is tolerated */
  const char *slash = memchr(p0, '/', (size_t)(end - p0));
  if (slash == NULL) {
    if ((rc = check_type(p0, (size_t)(end - p0), e)) != HOSHI_OK) goto fail;
    rc = hoshi_fail(e, HOSHI_EINVAL, "name", "the name is missing (expected pkg:type/name)");
    goto fail;
  }
  if ((rc = check_type(p0, (size_t)(slash - p0), e)) != HOSHI_OK) goto fail;
  if ((p.type = dup_n(p0, (size_t)(slash - p0))) == NULL) {
    rc = oom(e);
    goto fail;
  }
  str_lower(p.type);
  const char *rest = slash + 1;
  /* version: after the last "@" of the last segment, so an npm scope's "@" stays put */
  const char *last = end;
  while (last > rest && last[-1] != '/') last--;
  const char *at = NULL;
  for (const char *c = end; c > last; c--)
    if (c[-1] == '@') {
      at = c - 1;
      break;
    }
  const char *name_end = end;
  if (at) {
    const char *why = NULL;
    if ((p.version = decode(at + 1, (size_t)(end - at - 1), &why)) == NULL) {
      rc = why[0] == 'o' ? oom(e) : hoshi_fail(e, HOSHI_EINVAL, "version", "%s", why);
      goto fail;
    }
    name_end = at;
  }
  const purl_rule *r = rule_of(p.type);
  /* git: the namespace is the forge host and the name the path on it */
  const char *name_start = last;
  if (r && (r->flags & R_NS_ONE_SEGMENT)) {
    const char *c = rest;
    while (c < name_end && *c == '/') c++;
    const char *d = memchr(c, '/', (size_t)(name_end - c));
    name_start = d ? d + 1 : c;
    if ((rc = join_segments(name_start, (size_t)(name_end - name_start), 0, 1, "name", &p.name, e)) != HOSHI_OK) goto fail;
  } else {
    const char *why = NULL;
    if ((p.name = decode(last, (size_t)(name_end - last), &why)) == NULL) {
      rc = why[0] == 'o' ? oom(e) : hoshi_fail(e, HOSHI_EINVAL, "name", "%s", why);
      goto fail;
    }
  }
  if (name_start > rest &&
      (rc = join_segments(rest, (size_t)(name_start - rest), 0, 1, "namespace", &p.namespace, e)) != HOSHI_OK)
    goto fail;
  if ((rc = purl_normalize(&p, e)) != HOSHI_OK) goto fail;
  char *c = NULL;
  if ((rc = purl_emit(&p, &c, e)) != HOSHI_OK) goto fail;
  if (canon) *canon = c;
  else free(c);
  *out = p;
  return HOSHI_OK;
fail:
  hoshi_purl_free(&p);
  return rc;
}

/* Canonical percent-encoding: letters, digits, "-", ".", "_", "~" and ":" stay. */
static void put_encoded(hoshi_buf *b, const char *s, int keep_slash) {
  static const char hex[] = "0123456789ABCDEF";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (is_alpha((char)c) || is_digit((char)c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' ||
        (keep_slash && c == '/')) {
      hoshi_buf_putc(b, (char)c);
    } else {
      char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
      hoshi_buf_append(b, esc, 3);
    }
  }
}

static hoshi_err purl_emit(const hoshi_purl *p, char **out, hoshi_error *e) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "pkg:");
  hoshi_buf_puts(&b, p->type);
  hoshi_buf_putc(&b, '/');
  if (p->namespace) {
    put_encoded(&b, p->namespace, 1);
    hoshi_buf_putc(&b, '/');
  }
  const purl_rule *r = rule_of(p->type);
  put_encoded(&b, p->name, r && (r->flags & R_NS_ONE_SEGMENT));
  if (p->version) {
    hoshi_buf_putc(&b, '@');
    put_encoded(&b, p->version, 0);
  }
  for (size_t i = 0; i < p->nqualifiers; i++) {
    hoshi_buf_putc(&b, i == 0 ? '?' : '&');
    hoshi_buf_puts(&b, p->qualifiers[i].key);
    hoshi_buf_putc(&b, '=');
    put_encoded(&b, p->qualifiers[i].value, 0);
  }
  if (p->subpath) {
    hoshi_buf_putc(&b, '#');
    put_encoded(&b, p->subpath, 1);
  }
  if (b.oom) {
    hoshi_buf_free(&b);
    return oom(e);
  }
  if (b.n > HOSHI_PURL_MAX_LEN) {
    hoshi_buf_free(&b);
    return hoshi_fail(e, HOSHI_ELIMIT, "purl", "the canonical purl would be longer than %d bytes", HOSHI_PURL_MAX_LEN);
  }
  *out = hoshi_buf_take(&b);
  return HOSHI_OK;
}

hoshi_err hoshi_purl_parse(const char *s, hoshi_purl *out, hoshi_error *e) { return purl_parse_impl(s, out, NULL, e); }

hoshi_err hoshi_purl_build(const hoshi_purl *in, char **out, hoshi_error *e) {
  *out = NULL;
  if (in->nqualifiers > HOSHI_PURL_MAX_QUALIFIERS)
    return hoshi_fail(e, HOSHI_ELIMIT, "qualifiers", "more than %d qualifiers", HOSHI_PURL_MAX_QUALIFIERS);
  hoshi_purl p;
  purl_zero(&p);
  hoshi_err rc = HOSHI_OK;
  p.type = dup_s(in->type);
  p.name = dup_s(in->name);
  p.version = dup_s(in->version);
  if ((in->type && !p.type) || (in->name && !p.name) || (in->version && !p.version)) {
    rc = oom(e);
    goto done;
  }
  /* namespace and subpath are re-split so stray or empty segments go as in parsing */
  if (in->namespace &&
      (rc = join_segments(in->namespace, strlen(in->namespace), 0, 0, "namespace", &p.namespace, e)) != HOSHI_OK)
    goto done;
  if (in->subpath && (rc = join_segments(in->subpath, strlen(in->subpath), 1, 0, "subpath", &p.subpath, e)) != HOSHI_OK)
    goto done;
  if (in->nqualifiers) {
    if ((p.qualifiers = calloc(in->nqualifiers, sizeof *p.qualifiers)) == NULL) {
      rc = oom(e);
      goto done;
    }
    for (size_t i = 0; i < in->nqualifiers; i++, p.nqualifiers++) {
      p.qualifiers[i].key = dup_s(in->qualifiers[i].key ? in->qualifiers[i].key : "");
      p.qualifiers[i].value = dup_s(in->qualifiers[i].value);
      if (!p.qualifiers[i].key || (in->qualifiers[i].value && !p.qualifiers[i].value)) {
        p.nqualifiers++;
        rc = oom(e);
        goto done;
      }
    }
  }
  if ((rc = purl_normalize(&p, e)) != HOSHI_OK) goto done;
  rc = purl_emit(&p, out, e);
done:
  hoshi_purl_free(&p);
  return rc;
}

hoshi_err hoshi_purl_canon(const char *s, char **out, hoshi_error *e) {
  hoshi_purl p;
  *out = NULL;
  hoshi_err rc = purl_parse_impl(s, &p, out, e);
  hoshi_purl_free(&p);
  return rc;
}

hoshi_err hoshi_purl_validate(const char *s, hoshi_error *e) {
  hoshi_purl p;
  hoshi_err rc = hoshi_purl_parse(s, &p, e);
  hoshi_purl_free(&p);
  return rc;
}

const char *hoshi_purl_qualifier_get(const hoshi_purl *p, const char *key) {
  for (size_t i = 0; i < p->nqualifiers; i++)
    if (p->qualifiers[i].key && strcmp(p->qualifiers[i].key, key) == 0) return p->qualifiers[i].value;
  return NULL;
}

static int has_prefix_ci(const char *s, const char *prefix) {
  for (; *prefix; s++, prefix++)
    if (lower(*s) != *prefix) return 0;
  return 1;
}

const char *hoshi_purl_osv_ecosystem(const hoshi_purl *p) {
  static const struct {
    const char *type, *eco;
  } plain[] = {
      {"npm", "npm"},       {"pypi", "PyPI"},         {"golang", "Go"},      {"maven", "Maven"},
      {"cargo", "crates.io"}, {"nuget", "NuGet"},     {"gem", "RubyGems"},   {"composer", "Packagist"},
      {"hex", "Hex"},       {"pub", "Pub"},           {"cran", "CRAN"},      {"hackage", "Hackage"},
      {"swift", "SwiftURL"}, {"apk", "Alpine"},
  };
  if (p == NULL || p->type == NULL) return NULL;
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
    if (strcmp(p->type, plain[i].type) == 0) return plain[i].eco;
  if (strcmp(p->type, "deb") == 0) {
    const char *distro = hoshi_purl_qualifier_get(p, "distro");
    if ((p->namespace && strcmp(p->namespace, "ubuntu") == 0) || (distro && has_prefix_ci(distro, "ubuntu")))
      return "Ubuntu";
    return "Debian";
  }
  if (strcmp(p->type, "rpm") == 0 && p->namespace) {
    static const struct {
      const char *ns, *eco;
    } rpm[] = {{"redhat", "Red Hat"}, {"rhel", "Red Hat"},     {"rocky", "Rocky Linux"},
               {"rocky-linux", "Rocky Linux"}, {"almalinux", "AlmaLinux"}, {"alma", "AlmaLinux"},
               {"opensuse", "openSUSE"}, {"suse", "SUSE"},    {"mageia", "Mageia"}};
    for (size_t i = 0; i < sizeof rpm / sizeof rpm[0]; i++)
      if (strcmp(p->namespace, rpm[i].ns) == 0) return rpm[i].eco;
  }
  return NULL;
}

hoshi_err hoshi_purl_osv_name(const hoshi_purl *p, char **out, hoshi_error *e) {
  *out = NULL;
  const char *eco = hoshi_purl_osv_ecosystem(p);
  if (eco == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "type", "purl type '%s' has no OSV ecosystem", p && p->type ? p->type : "");
  hoshi_buf b = HOSHI_BUF_INIT;
  const char *t = p->type;
  if (p->namespace && strcmp(t, "maven") == 0) {
    hoshi_buf_printf(&b, "%s:%s", p->namespace, p->name);
  } else if (p->namespace && (strcmp(t, "npm") == 0 || strcmp(t, "golang") == 0 || strcmp(t, "composer") == 0 ||
                              strcmp(t, "swift") == 0)) {
    hoshi_buf_printf(&b, "%s/%s", p->namespace, p->name);
  } else if (strcmp(t, "pypi") == 0) {
    /* PEP 503: runs of "-", "_", "." are one "-" */
    for (const char *c = p->name; *c; c++) {
      if (*c == '-' || *c == '_' || *c == '.') {
        if (b.n == 0 || b.p[b.n - 1] != '-') hoshi_buf_putc(&b, '-');
      } else {
        hoshi_buf_putc(&b, lower(*c));
      }
    }
  } else {
    hoshi_buf_puts(&b, p->name);
  }
  if (b.oom) {
    hoshi_buf_free(&b);
    return oom(e);
  }
  *out = hoshi_buf_take(&b);
  return HOSHI_OK;
}

static int plain_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
}

int purl_is_plain_canonical(const char *s) {
  if (strncmp(s, "pkg:", 4) != 0) return 0;
  const char *p = s + 4, *t = p;
  /* type: lowercase letters, digits, '.', '+', '-', not starting with a digit */
  while ((*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '.' || *p == '+' || *p == '-') p++;
  if (p == t || is_digit(*t) || *p != '/') return 0;
  char type[32];
  if ((size_t)(p - t) >= sizeof type) return 0;
  memcpy(type, t, (size_t)(p - t));
  type[p - t] = '\0';
  const purl_rule *r = rule_of(type);
  unsigned f = r ? r->flags : 0;
  /* only case rules can be confirmed by looking; anything else takes the full path */
  if ((f & ~(unsigned)(R_NS_LOWER | R_NAME_LOWER | R_NAME_PYPI)) || (r && r->required_qualifier)) return 0;
  if (strcmp(type, "mlflow") == 0 || strcmp(type, "cpan") == 0) return 0;
  p++;
  const char *seg = p;
  int in_version = 0;
  size_t n = (size_t)(p - s);
  for (;; p++, n++) {
    char c = *p;
    if (n > HOSHI_PURL_MAX_LEN) return 0;
    if (c == '\0' || c == '/' || (c == '@' && !in_version)) {
      if (p == seg) return 0; /* empty segment, name or version */
      int last = c == '\0' || c == '@';
      if (!in_version) {
        unsigned need = last ? (f & (R_NAME_LOWER | R_NAME_PYPI)) : (f & R_NS_LOWER);
        for (const char *q = seg; q < p; q++)
          if ((need && *q >= 'A' && *q <= 'Z') || ((f & R_NAME_PYPI) && last && *q == '_')) return 0;
      }
      if (c == '\0') return 1;
      if (in_version) return 0; /* '/' inside a version is encoded in canonical form */
      if (c == '@') in_version = 1;
      seg = p + 1;
      continue;
    }
    if (!plain_char(c)) return 0;
  }
}

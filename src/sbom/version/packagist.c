/* Packagist (Composer) ordering: a version is normalized as Composer's VersionParser does
 * ("v1.2-beta2" -> "1.2.0.0-beta2", kept in PHP's canonical spelling "1.2.0.0.beta.2"), then
 * compared as PHP's version_compare() does. */
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

#define PKG_BUF (2 * HOSHI_VERSION_MAX_LEN + 64)

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* The normalized form grows by a few bytes at most ("1" -> "1.0.0.0", "b" -> "beta"), so
 * PKG_BUF is ample; the bound is still checked rather than trusted. */
typedef struct out {
  char *p;
  size_t n;
} out;

static void put(out *o, const char *s, size_t n) {
  if (o->n + n >= PKG_BUF) n = o->n < PKG_BUF - 1 ? PKG_BUF - 1 - o->n : 0;
  memcpy(o->p + o->n, s, n);
  o->n += n;
  o->p[o->n] = '\0';
}

static size_t prefix_ci(const char *p, const char *e, const char *w) {
  size_t i = 0;
  for (; w[i]; i++)
    if (p + i >= e || lower(p[i]) != w[i]) return 0;
  return i;
}

/* The modifier after the numbers: [._-]?((stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?
 * ([.-]?dev)?; appends Composer's spelling ("-beta2", "-RC1", "-patch1", "-dev"). */
static int modifier(const char *p, const char *e, out *o) {
  static const char *const words[] = {"stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p"};
  static const char *const spelled[] = {"", "beta", "beta", "RC", "alpha", "alpha", "patch", "patch", "patch"};
  const char *starts[2] = {p, NULL};
  int nstarts = 1;
  if (p < e && (*p == '.' || *p == '_' || *p == '-')) starts[nstarts++] = p + 1;
  for (int s = nstarts - 1; s >= 0; s--) {
    for (int w = -1; w < (int)(sizeof words / sizeof words[0]); w++) {
      const char *q = starts[s];
      size_t wl = 0;
      if (w >= 0 && (wl = prefix_ci(q, e, words[w])) == 0) continue;
      q += wl;
      const char *num = q;
      if (w >= 0) /* possessive: take every [.-]?digits group */
        while (q < e && (is_digit(*q) || ((*q == '.' || *q == '-') && q + 1 < e && is_digit(q[1])))) q++;
      const char *num_end = q;
      int dev = 0;
      if (q < e) {
        const char *d = q;
        if (*d == '.' || *d == '-') d++;
        if (prefix_ci(d, e, "dev") == 3 && d + 3 == e) dev = 1, q = e;
      }
      if (q != e) continue;
      if (w == 0) return 1; /* "stable" is the plain version; Composer drops what follows */
      /* written straight in PHP's canonical spelling: "-beta2" as ".beta.2", "-dev" as ".dev" */
      if (w > 0) {
        put(o, ".", 1);
        put(o, spelled[w], strlen(spelled[w]));
        while (num < num_end && (*num == '.' || *num == '-')) num++;
        if (num < num_end) put(o, ".", 1);
        for (; num < num_end; num++) put(o, *num == '-' ? "." : num, 1);
      }
      if (dev) put(o, ".dev", 4);
      return 1;
    }
  }
  return 0;
}

/* Composer's VersionParser::normalize for the forms a package version can take. */
static const char *pkg_normalize(const char *s, char *buf) {
  out o = {buf, 0};
  buf[0] = '\0';
  const char *b = s, *e = s + strlen(s);
  while (b < e && is_space(*b)) b++;
  while (e > b && is_space(e[-1])) e--;
  if (b == e) return "empty version";
  if (prefix_ci(b, e, "dev-") || ((e - b == 6 && prefix_ci(b, e, "master")) || (e - b == 5 && prefix_ci(b, e, "trunk"))))
    return "a branch has no place in the version order";
  const char *plus = memchr(b, '+', (size_t)(e - b));
  if (plus) e = plus; /* build metadata does not count */
  const char *p = b;
  if (p < e && (*p == 'v' || *p == 'V')) p++;
  /* Classical: up to four numbers, the first of at most five digits. */
  const char *q = p;
  while (q < e && is_digit(*q)) q++;
  if (q > p && q - p <= 5) {
    const char *r = q;
    int parts = 1;
    out save = o;
    put(&o, p, (size_t)(q - p));
    while (parts < 4 && r < e && *r == '.' && r + 1 < e && is_digit(r[1])) {
      const char *t = r + 1;
      while (t < e && is_digit(*t)) t++;
      put(&o, r, (size_t)(t - r));
      r = t;
      parts++;
    }
    for (; parts < 4; parts++) put(&o, ".0", 2);
    if (modifier(r, e, &o)) return NULL;
    o = save;
    buf[0] = '\0';
  }
  /* Date based: YYYY followed by up to six 2-digit and two 1-3 digit groups. */
  if (q - p >= 4) {
    const char *t = p + 4;
    int groups = 0;
    put(&o, p, 4);
    for (;;) {
      const char *u = t;
      if (u < e && (*u == '.' || *u == ':' || *u == '-')) u++;
      const char *d = u;
      while (d < e && is_digit(*d) && d - u < (groups < 6 ? 2 : 3)) d++;
      if (groups < 8 && ((groups < 6 && d - u == 2) || (groups >= 6 && d > u))) {
        put(&o, ".", 1);
        put(&o, u, (size_t)(d - u));
        t = d;
        groups++;
        continue;
      }
      break;
    }
    if (groups >= 1 && modifier(t, e, &o)) return NULL;
    o.n = 0;
    buf[0] = '\0';
  }
  /* Numbered branches: "1.x-dev", "2.1.*-dev" stand for the newest of that line. */
  const char *d = e;
  if (d - p > 3 && prefix_ci(d - 3, e, "dev") == 3) {
    d -= 3;
    if (d > p && (d[-1] == '.' || d[-1] == '-')) d--;
    const char *t = p;
    int parts = 0;
    while (t < d && parts < 4) {
      if (parts > 0) {
        if (*t != '.') break;
        t++;
        put(&o, ".", 1);
      }
      if (t < d && (*t == 'x' || *t == 'X' || *t == '*') && parts > 0) {
        put(&o, "9999999", 7);
        t++;
      } else if (t < d && is_digit(*t)) {
        const char *u = t;
        while (u < d && is_digit(*u)) u++;
        put(&o, t, (size_t)(u - t));
        t = u;
      } else {
        break;
      }
      parts++;
    }
    if (t == d && parts > 0) {
      for (; parts < 4; parts++) put(&o, ".9999999", 8);
      put(&o, ".dev", 4);
      return NULL;
    }
  }
  return "not a Composer version";
}

/* Order of PHP's special forms, matched as prefixes: dev < alpha = a < beta = b < RC = rc <
 * a number < pl = p; anything else sorts below dev. */
static int special(const char *p, size_t n) {
  static const struct {
    const char *w;
    int order;
  } forms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
               {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    size_t l = strlen(forms[i].w);
    if (n >= l && memcmp(p, forms[i].w, l) == 0) return forms[i].order;
  }
  return -1;
}

static const char *part_end(const char *p) {
  while (*p && *p != '.') p++;
  return p;
}

static int php_compare(const char *a, const char *b) {
  const char *p = a, *q = b;
  while (*p && *q) {
    const char *pe = part_end(p), *qe = part_end(q);
    int c;
    if (is_digit(*p) && is_digit(*q)) c = version_cmp_digits(p, (size_t)(pe - p), q, (size_t)(qe - q));
    else if (!is_digit(*p) && !is_digit(*q)) c = version_sign(special(p, (size_t)(pe - p)) - special(q, (size_t)(qe - q)));
    else if (is_digit(*p)) c = version_sign(4 - special(q, (size_t)(qe - q)));
    else c = version_sign(special(p, (size_t)(pe - p)) - 4);
    if (c) return c;
    p = *pe ? pe + 1 : pe;
    q = *qe ? qe + 1 : qe;
  }
  /* One side goes on: a number makes it newer, a word is weighed against a number. */
  if (*p) return is_digit(*p) ? 1 : version_sign(special(p, (size_t)(part_end(p) - p)) - 4);
  if (*q) return is_digit(*q) ? -1 : version_sign(4 - special(q, (size_t)(part_end(q) - q)));
  return 0;
}

int version_packagist_cmp(const char *a, const char *b, int *cmp, const char **why) {
  char na[PKG_BUF], nb[PKG_BUF];
  if ((*why = pkg_normalize(a, na)) != NULL) return VERSION_BAD_A;
  if ((*why = pkg_normalize(b, nb)) != NULL) return VERSION_BAD_B;
  *cmp = php_compare(na, nb);
  return VERSION_OK;
}

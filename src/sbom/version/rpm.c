/* RPM version ordering (rpmvercmp over [epoch:]version[-release]): alphanumeric segments,
 * numbers beat letters, "~" sorts before everything and "^" after the end but before more. */
#include <string.h>

#include "sbom/version/version_int.h"

typedef struct evr {
  const char *e, *v, *r;
  size_t ne, nv, nr;
} evr;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_digit(c) || is_alpha(c); }

static const char *evr_parse(const char *s, evr *x) {
  size_t len = strlen(s);
  if (len == 0) return "empty version";
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f) return "whitespace or non-ASCII character";
  const char *p = s, *end = s + len;
  while (p < end && is_digit(*p)) p++;
  x->e = "0";
  x->ne = 1;
  if (p < end && *p == ':') {
    if (p > s) {
      x->e = s;
      x->ne = (size_t)(p - s);
    }
    p++;
  } else {
    p = s;
  }
  /* The release follows the last "-" (as rpm splits an EVR). */
  const char *dash = NULL;
  for (const char *q = end; q > p; q--)
    if (q[-1] == '-') {
      dash = q - 1;
      break;
    }
  x->v = p;
  x->nv = (size_t)((dash ? dash : end) - p);
  x->r = dash ? dash + 1 : "";
  x->nr = dash ? (size_t)(end - dash - 1) : 0;
  if (x->nv == 0) return "empty version part";
  if (dash && x->nr == 0) return "empty release after '-'";
  if (memchr(x->v, ':', x->nv) || memchr(x->r, ':', x->nr)) return "':' outside the epoch";
  return NULL;
}

static int rpmvercmp(const char *a, size_t na, const char *b, size_t nb) {
  if (na == nb && memcmp(a, b, na) == 0) return 0;
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    while (i < na && !is_alnum(a[i]) && a[i] != '~' && a[i] != '^') i++;
    while (j < nb && !is_alnum(b[j]) && b[j] != '~' && b[j] != '^') j++;
    int ta = i < na && a[i] == '~', tb = j < nb && b[j] == '~';
    if (ta || tb) {
      if (!ta) return 1;
      if (!tb) return -1;
      i++, j++;
      continue;
    }
    int ca = i < na && a[i] == '^', cb = j < nb && b[j] == '^';
    if (ca || cb) {
      if (i >= na) return -1;
      if (j >= nb) return 1;
      if (!ca) return 1;
      if (!cb) return -1;
      i++, j++;
      continue;
    }
    if (i >= na || j >= nb) break;
    size_t si = i, sj = j;
    int num = is_digit(a[i]);
    if (num) {
      while (i < na && is_digit(a[i])) i++;
      while (j < nb && is_digit(b[j])) j++;
    } else {
      while (i < na && is_alpha(a[i])) i++;
      while (j < nb && is_alpha(b[j])) j++;
    }
    /* Segments of different kinds: a number is newer than letters. */
    if (j == sj) return num ? 1 : -1;
    int c = num ? version_cmp_digits(a + si, i - si, b + sj, j - sj) : 0;
    if (!num) {
      size_t m = i - si < j - sj ? i - si : j - sj;
      c = version_sign(memcmp(a + si, b + sj, m));
      if (!c) c = (i - si > j - sj) - (i - si < j - sj);
    }
    if (c) return c;
  }
  if (i >= na && j >= nb) return 0;
  return i < na ? 1 : -1;
}

int version_rpm_cmp(const char *a, const char *b, int *cmp, const char **why) {
  evr x, y;
  if ((*why = evr_parse(a, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = evr_parse(b, &y)) != NULL) return VERSION_BAD_B;
  int c = version_cmp_digits(x.e, x.ne, y.e, y.ne);
  if (!c) c = rpmvercmp(x.v, x.nv, y.v, y.nv);
  if (!c) c = rpmvercmp(x.r, x.nr, y.r, y.nr);
  *cmp = c;
  return VERSION_OK;
}

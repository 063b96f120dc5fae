/* Debian version ordering (Debian Policy 5.6.12): [epoch:]upstream[-revision], compared part by
 * part with letters before non-letters and "~" before everything, even the end. */
#include <string.h>

#include "sbom/version/version_int.h"

typedef struct deb {
  const char *epoch;
  size_t nepoch;
  const char *up;
  size_t nup;
  const char *rev; /* "" when absent: "1.0" and "1.0-0" are equal to dpkg */
  size_t nrev;
} deb;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static const char *deb_parse(const char *s, deb *v) {
  size_t len = strlen(s);
  if (len == 0) return "empty version";
  const char *colon = memchr(s, ':', len);
  v->epoch = "0";
  v->nepoch = 1;
  const char *p = s;
  if (colon) {
    if (colon == s) return "empty epoch";
    for (const char *q = s; q < colon; q++)
      if (!is_digit(*q)) return "epoch is not a number";
    v->epoch = s;
    v->nepoch = (size_t)(colon - s);
    p = colon + 1;
  }
  const char *end = s + len;
  const char *dash = NULL;
  for (const char *q = end; q > p; q--)
    if (q[-1] == '-') {
      dash = q - 1;
      break;
    }
  v->up = p;
  v->nup = (size_t)((dash ? dash : end) - p);
  v->rev = dash ? dash + 1 : "";
  v->nrev = dash ? (size_t)(end - dash - 1) : 0;
  if (v->nup == 0) return "empty upstream version";
  if (!is_digit(v->up[0])) return "upstream version does not start with a digit";
  if (dash && v->nrev == 0) return "empty revision after '-'";
  for (size_t i = 0; i < v->nup; i++) {
    char c = v->up[i];
    /* a colon is fine in the upstream part only when an epoch is present */
    if (!(is_digit(c) || is_alpha(c) || c == '.' || c == '+' || c == '~' || c == '-' ||
          (c == ':' && colon)))
      return "invalid character in upstream version";
  }
  for (size_t i = 0; i < v->nrev; i++) {
    char c = v->rev[i];
    if (!(is_digit(c) || is_alpha(c) || c == '.' || c == '+' || c == '~'))
      return "invalid character in revision";
  }
  return NULL;
}

/* Weight of a non-digit character: "~" lowest, then the end of the part, then letters, then
 * everything else in ASCII order. */
static int order(const char *p, size_t i, size_t n) {
  if (i >= n) return 0;
  char c = p[i];
  if (is_digit(c)) return 0;
  if (is_alpha(c)) return c;
  if (c == '~') return -1;
  return c + 256;
}

static int verrevcmp(const char *a, size_t na, const char *b, size_t nb) {
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    while ((i < na && !is_digit(a[i])) || (j < nb && !is_digit(b[j]))) {
      int x = order(a, i, na), y = order(b, j, nb);
      if (x != y) return x < y ? -1 : 1;
      i++, j++;
    }
    while (i < na && a[i] == '0') i++;
    while (j < nb && b[j] == '0') j++;
    size_t si = i, sj = j;
    while (i < na && is_digit(a[i])) i++;
    while (j < nb && is_digit(b[j])) j++;
    if (i - si != j - sj) return i - si < j - sj ? -1 : 1;
    int c = memcmp(a + si, b + sj, i - si);
    if (c) return version_sign(c);
  }
  return 0;
}

int version_debian_cmp(const char *a, const char *b, int *cmp, const char **why) {
  deb x, y;
  if ((*why = deb_parse(a, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = deb_parse(b, &y)) != NULL) return VERSION_BAD_B;
  int c = version_cmp_digits(x.epoch, x.nepoch, y.epoch, y.nepoch);
  if (!c) c = verrevcmp(x.up, x.nup, y.up, y.nup);
  if (!c) c = verrevcmp(x.rev, x.nrev, y.rev, y.nrev);
  *cmp = c;
  return VERSION_OK;
}

/* PEP 440 ordering for PyPI: epochs, release numbers, pre/post/dev releases and local labels,
 * with the spec's accepted spellings (alpha/a, c/pre/preview/rc, rev/r/post, -N, v, case). */
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

#define PEP_MAX_PARTS (HOSHI_VERSION_MAX_LEN / 2 + 1)

typedef struct span {
  const char *p;
  size_t n;
} span;

enum { PRE_DEV_ONLY = -1, PRE_A = 0, PRE_B = 1, PRE_RC = 2, PRE_NONE = 3 };

typedef struct pep {
  span epoch;
  span rel[PEP_MAX_PARTS];
  int nrel;
  int pre; /* PRE_* */
  span pre_n;
  int has_post;
  span post_n;
  int has_dev;
  span dev_n;
  span local[PEP_MAX_PARTS];
  int nlocal;
} pep;

static const span zero = {"0", 1};

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_sep(char c) { return c == '.' || c == '-' || c == '_'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Length of word when p starts with it (case-insensitively), else 0. Callers list longer
 * words first ("alpha" before "a"), which is all the spec's alternatives need. */
static size_t word_at(const char *p, const char *word) {
  size_t i = 0;
  for (; word[i]; i++)
    if (lower(p[i]) != word[i]) return 0;
  return i;
}

static const char *digits(const char *p, span *out) {
  const char *q = p;
  while (is_digit(*q)) q++;
  *out = (span){p, (size_t)(q - p)};
  return q;
}

/* After a label: an optional separator then an optional number (implicitly 0). The separator is
 * only taken when a number follows, so "1.0a.dev1" keeps its "." for the dev part. */
static const char *label_number(const char *p, span *n) {
  if (is_sep(p[0]) && is_digit(p[1])) p++;
  if (is_digit(*p)) return digits(p, n);
  *n = zero;
  return p;
}

/* Optional separator, then one of the words; returns the position after the word or NULL. */
static const char *label_at(const char *p, const char *const *words, int *which) {
  const char *q = is_sep(*p) ? p + 1 : p;
  for (int i = 0; words[i]; i++) {
    size_t n = word_at(q, words[i]);
    if (n) {
      *which = i;
      return q + n;
    }
  }
  return NULL;
}

static const char *pep_parse(const char *s, pep *v) {
  static const char *const pre_words[] = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc", NULL};
  static const int pre_kind[] = {PRE_A, PRE_A, PRE_B, PRE_B, PRE_RC, PRE_RC, PRE_RC, PRE_RC};
  static const char *const post_words[] = {"post", "rev", "r", NULL};
  static const char *const dev_words[] = {"dev", NULL};
  const char *p = s;
  int which;
  v->epoch = zero;
  v->nrel = v->nlocal = 0;
  v->pre = PRE_NONE;
  v->has_post = v->has_dev = 0;

  while (is_space(*p)) p++;
  if (*p == 'v' || *p == 'V') p++;
  span n;
  const char *q = digits(p, &n);
  if (n.n == 0) return "expected a release number";
  if (*q == '!') {
    v->epoch = n;
    p = q + 1;
    q = digits(p, &n);
    if (n.n == 0) return "expected a release number after the epoch";
  }
  v->rel[v->nrel++] = n;
  p = q;
  while (p[0] == '.' && is_digit(p[1])) {
    if (v->nrel == PEP_MAX_PARTS) return "too many release numbers";
    p = digits(p + 1, &v->rel[v->nrel++]);
  }

  if ((q = label_at(p, pre_words, &which)) != NULL) {
    v->pre = pre_kind[which];
    p = label_number(q, &v->pre_n);
  }
  if (p[0] == '-' && is_digit(p[1])) { /* "1.0-1" is an implicit post-release */
    v->has_post = 1;
    p = digits(p + 1, &v->post_n);
  } else if ((q = label_at(p, post_words, &which)) != NULL) {
    v->has_post = 1;
    p = label_number(q, &v->post_n);
  }
  if ((q = label_at(p, dev_words, &which)) != NULL) {
    v->has_dev = 1;
    p = label_number(q, &v->dev_n);
  }
  if (*p == '+') {
    p++;
    for (;;) {
      q = p;
      while (is_digit(*q) || is_alpha(*q)) q++;
      if (q == p) return "empty local version label";
      if (v->nlocal == PEP_MAX_PARTS) return "too many local version parts";
      v->local[v->nlocal++] = (span){p, (size_t)(q - p)};
      p = q;
      if (!is_sep(*p)) break;
      p++;
    }
  }
  while (is_space(*p)) p++;
  if (*p != '\0') return "not a PEP 440 version";
  /* A dev release of a final version sorts before its pre-releases. */
  if (v->pre == PRE_NONE && !v->has_post && v->has_dev) v->pre = PRE_DEV_ONLY;
  return NULL;
}

static int all_digits(span s) {
  for (size_t i = 0; i < s.n; i++)
    if (!is_digit(s.p[i])) return 0;
  return 1;
}

static int cmp_local(span a, span b) {
  int da = all_digits(a), db = all_digits(b);
  if (da && db) return version_cmp_digits(a.p, a.n, b.p, b.n);
  if (da != db) return da ? 1 : -1; /* numbers sort after words in local labels */
  size_t m = a.n < b.n ? a.n : b.n;
  for (size_t i = 0; i < m; i++) {
    char x = lower(a.p[i]), y = lower(b.p[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return (a.n > b.n) - (a.n < b.n);
}

static int pep_order(const pep *a, const pep *b) {
  int c = version_cmp_digits(a->epoch.p, a->epoch.n, b->epoch.p, b->epoch.n);
  if (c) return c;
  int n = a->nrel > b->nrel ? a->nrel : b->nrel;
  for (int i = 0; i < n; i++) { /* trailing zeros do not count: 1.0 == 1.0.0 */
    span x = i < a->nrel ? a->rel[i] : zero, y = i < b->nrel ? b->rel[i] : zero;
    if ((c = version_cmp_digits(x.p, x.n, y.p, y.n)) != 0) return c;
  }
  if (a->pre != b->pre) return a->pre < b->pre ? -1 : 1;
  if (a->pre >= PRE_A && a->pre <= PRE_RC &&
      (c = version_cmp_digits(a->pre_n.p, a->pre_n.n, b->pre_n.p, b->pre_n.n)) != 0)
    return c;
  if (a->has_post != b->has_post) return a->has_post ? 1 : -1;
  if (a->has_post && (c = version_cmp_digits(a->post_n.p, a->post_n.n, b->post_n.p, b->post_n.n)) != 0)
    return c;
  if (a->has_dev != b->has_dev) return a->has_dev ? -1 : 1;
  if (a->has_dev && (c = version_cmp_digits(a->dev_n.p, a->dev_n.n, b->dev_n.p, b->dev_n.n)) != 0)
    return c;
  int m = a->nlocal < b->nlocal ? a->nlocal : b->nlocal;
  for (int i = 0; i < m; i++)
    if ((c = cmp_local(a->local[i], b->local[i])) != 0) return c;
  return (a->nlocal > b->nlocal) - (a->nlocal < b->nlocal);
}

int version_pep440_cmp(const char *a, const char *b, int *cmp, const char **why) {
  pep x, y;
  if ((*why = pep_parse(a, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = pep_parse(b, &y)) != NULL) return VERSION_BAD_B;
  *cmp = pep_order(&x, &y);
  return VERSION_OK;
}

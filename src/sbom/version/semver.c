/* SemVer 2.0 ordering (npm, crates.io, Hex, Pub), Go module versions (v prefix, shorthand
 * "v1.2", +incompatible, pseudo-versions) and NuGet versions (up to four numbers). */
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

#define SEMVER_MAX_NUMS 4
/* every identifier takes at least two bytes with its dot */
#define SEMVER_MAX_IDS (HOSHI_VERSION_MAX_LEN / 2 + 1)

typedef struct span {
  const char *p;
  size_t n;
} span;

typedef struct semver {
  span num[SEMVER_MAX_NUMS];
  int nnum;
  span pre[SEMVER_MAX_IDS];
  int npre;
} semver;

/* How strict one dialect is. */
typedef struct semver_rules {
  int min_nums, max_nums;  /* numeric parts required / allowed */
  int allow_v;             /* leading "v" or "V" accepted */
  int leading_zeros;       /* "01" accepted (NuGet) */
  int short_needs_no_pre;  /* fewer than 3 numbers only without pre-release (Go) */
  int fold_case;           /* pre-release identifiers compared case-insensitively (NuGet) */
} semver_rules;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_ident(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

int version_cmp_digits(const char *a, size_t na, const char *b, size_t nb) {
  while (na > 1 && *a == '0') a++, na--;
  while (nb > 1 && *b == '0') b++, nb--;
  if (na != nb) return na < nb ? -1 : 1;
  return version_sign(memcmp(a, b, na));
}

static const char *semver_parse(const char *s, const semver_rules *r, semver *v) {
  const char *p = s;
  v->nnum = v->npre = 0;
  if (r->allow_v && (*p == 'v' || *p == 'V')) p++;
  for (;;) {
    const char *q = p;
    while (is_digit(*q)) q++;
    if (q == p) return "expected a number";
    if (!r->leading_zeros && q - p > 1 && *p == '0') return "a number has a leading zero";
    if (v->nnum == r->max_nums) return "too many numeric parts";
    v->num[v->nnum++] = (span){p, (size_t)(q - p)};
    p = q;
    if (*p != '.') break;
    p++;
  }
  if (v->nnum < r->min_nums) return r->min_nums == 3 ? "expected MAJOR.MINOR.PATCH" : "too few numeric parts";
  if (*p == '-') {
    if (r->short_needs_no_pre && v->nnum < 3) return "a pre-release needs MAJOR.MINOR.PATCH";
    p++;
    for (;;) {
      const char *q = p;
      int digits = 1;
      while (is_ident(*q)) {
        if (!is_digit(*q)) digits = 0;
        q++;
      }
      if (q == p) return "empty pre-release identifier";
      if (digits && q - p > 1 && *p == '0')
        return "a numeric pre-release identifier has a leading zero";
      if (v->npre == SEMVER_MAX_IDS) return "too many pre-release identifiers";
      v->pre[v->npre++] = (span){p, (size_t)(q - p)};
      p = q;
      if (*p != '.') break;
      p++;
    }
  }
  if (*p == '+') {
    if (r->short_needs_no_pre && v->nnum < 3) return "build metadata needs MAJOR.MINOR.PATCH";
    p++;
    for (;;) {
      const char *q = p;
      while (is_ident(*q)) q++;
      if (q == p) return "empty build identifier";
      p = q;
      if (*p != '.') break;
      p++;
    }
  }
  if (*p != '\0') return "unexpected character";
  return NULL;
}

static int all_digits(span s) {
  for (size_t i = 0; i < s.n; i++)
    if (!is_digit(s.p[i])) return 0;
  return 1;
}

static int cmp_ident(span a, span b, int fold_case) {
  int da = all_digits(a), db = all_digits(b);
  if (da && db) return version_cmp_digits(a.p, a.n, b.p, b.n);
  if (da != db) return da ? -1 : 1; /* numeric identifiers sort before alphanumeric ones */
  size_t n = a.n < b.n ? a.n : b.n;
  for (size_t i = 0; i < n; i++) {
    unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b.p[i];
    if (fold_case) {
      if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
      if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
    }
    if (x != y) return x < y ? -1 : 1;
  }
  return a.n == b.n ? 0 : (a.n < b.n ? -1 : 1);
}

static int semver_order(const semver *a, const semver *b, int fold_case) {
  int n = a->nnum > b->nnum ? a->nnum : b->nnum;
  for (int i = 0; i < n; i++) {
    span x = i < a->nnum ? a->num[i] : (span){"0", 1};
    span y = i < b->nnum ? b->num[i] : (span){"0", 1};
    int c = version_cmp_digits(x.p, x.n, y.p, y.n);
    if (c) return c;
  }
  /* A pre-release sorts before the release it precedes. */
  if (a->npre == 0 || b->npre == 0) return (a->npre == 0) - (b->npre == 0);
  int m = a->npre < b->npre ? a->npre : b->npre;
  for (int i = 0; i < m; i++) {
    int c = cmp_ident(a->pre[i], b->pre[i], fold_case);
    if (c) return c;
  }
  return (a->npre > b->npre) - (a->npre < b->npre);
}

static int semver_cmp_rules(const char *a, const char *b, int *cmp, const char **why,
                            const semver_rules *r) {
  semver x, y;
  if ((*why = semver_parse(a, r, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = semver_parse(b, r, &y)) != NULL) return VERSION_BAD_B;
  *cmp = semver_order(&x, &y, r->fold_case);
  return VERSION_OK;
}

/* npm's own parser takes a leading "v"; crates.io's does not, but accepting it costs nothing. */
static const semver_rules semver_strict = {3, 3, 1, 0, 0, 0};
/* Go: the module system writes "v", OSV drops it; "v1" and "v1.2" are shorthands. Build
 * metadata such as +incompatible does not take part in ordering; pseudo-versions are ordinary
 * pre-releases and so sort where the Go tool puts them. */
static const semver_rules semver_go = {1, 3, 1, 0, 1, 0};
/* NuGet: 1 to 4 numbers, leading zeros allowed in them (1.01 == 1.1) but not in numeric
 * labels, labels compared case-insensitively. */
static const semver_rules semver_nuget = {1, 4, 0, 1, 0, 1};

int version_semver_cmp(const char *a, const char *b, int *cmp, const char **why) {
  return semver_cmp_rules(a, b, cmp, why, &semver_strict);
}

int version_go_cmp(const char *a, const char *b, int *cmp, const char **why) {
  return semver_cmp_rules(a, b, cmp, why, &semver_go);
}

int version_nuget_cmp(const char *a, const char *b, int *cmp, const char **why) {
  return semver_cmp_rules(a, b, cmp, why, &semver_nuget);
}

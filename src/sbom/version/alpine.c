/* Alpine apk version ordering: number{.number}[letter]{_suffix[number]}[~hash][-rN], compared
 * token by token as apk-tools does (leading zeros after a dot compare as fractions). */
#include <stdint.h>
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

/* Token kinds in apk's order: when one version runs on with a kind ranked after the other's,
 * it is the smaller one (an END ranks last). */
enum { T_INVALID = -1, T_DIGIT_OR_ZERO, T_DIGIT, T_LETTER, T_SUFFIX, T_SUFFIX_NO, T_HASH, T_REVISION, T_END };

typedef struct tok {
  int kind;
  int64_t v;     /* letters, suffix ranks, minus the count of leading zeros */
  const char *p; /* a number's digits when p != NULL */
  size_t n;
} tok;

#define APK_MAX_TOKENS (HOSHI_VERSION_MAX_LEN + 2)

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

/* Pre-release suffixes rank below the bare version (negative), the others above. */
static const char *const suffixes[] = {"alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"};
#define N_PRE_SUFFIXES 4

/* Kind of the token at s, given the kind of the token before it (apk's next_token): returns
 * the kind and how many separator bytes to skip. */
static int next_kind(int prev, const char *s, size_t *skip) {
  *skip = 0;
  if (*s == '\0') return T_END;
  int k = T_INVALID;
  if ((prev == T_DIGIT || prev == T_DIGIT_OR_ZERO) && is_lower(*s)) k = T_LETTER;
  else if (prev == T_LETTER && is_digit(*s)) k = T_DIGIT;
  else if (prev == T_SUFFIX && is_digit(*s)) k = T_SUFFIX_NO;
  else {
    *skip = 1;
    if (*s == '.') k = T_DIGIT_OR_ZERO;
    else if (*s == '_') k = T_SUFFIX;
    else if (*s == '~') k = T_HASH;
    else if (*s == '-' && s[1] == 'r') k = T_REVISION, *skip = 2;
  }
  /* Tokens only move forward in kind, except: a new number after a number or a letter, and
   * another suffix after a suffix number. */
  if (k != T_INVALID && k < prev &&
      !((k == T_DIGIT_OR_ZERO && prev == T_DIGIT) || (k == T_SUFFIX && prev == T_SUFFIX_NO) ||
        (k == T_DIGIT && prev == T_LETTER)))
    k = T_INVALID;
  return k;
}

static const char *apk_tokenize(const char *s, tok *t, int *nt) {
  if (!is_digit(*s)) return "does not start with a digit";
  int kind = T_DIGIT;
  int n = 0;
  const char *p = s;
  while (kind != T_END) {
    if (kind == T_INVALID) return "not an apk version";
    if (n == APK_MAX_TOKENS - 1) return "too many parts";
    tok *x = &t[n++];
    x->kind = kind;
    x->v = 0;
    x->p = NULL;
    x->n = 0;
    int after = T_INVALID; /* kind the token itself forces next, if any */
    switch (kind) {
      case T_DIGIT_OR_ZERO:
        if (*p == '0') { /* "1.01" < "1.1": the zeros count against the number */
          const char *q = p;
          while (*q == '0') q++;
          x->v = -(int64_t)(q - p);
          p = q;
          /* digits after the zeros form their own number; anything else goes on as after a
           * number, so "1.0_rc1" stays before "1.0" */
          if (is_digit(*p)) after = T_DIGIT;
          else kind = T_DIGIT;
          break;
        }
        /* fallthrough */
      case T_DIGIT:
      case T_SUFFIX_NO:
      case T_REVISION: {
        const char *q = p;
        while (is_digit(*q)) q++;
        if (kind == T_REVISION && q == p) return "no number after '-r'";
        x->p = p;
        x->n = (size_t)(q - p);
        p = q;
        break;
      }
      case T_LETTER:
        x->v = (unsigned char)*p++;
        break;
      case T_SUFFIX: {
        size_t i = 0, len = 0;
        for (; i < sizeof suffixes / sizeof suffixes[0]; i++) {
          len = strlen(suffixes[i]);
          if (strncmp(p, suffixes[i], len) == 0) break;
        }
        if (i == sizeof suffixes / sizeof suffixes[0]) return "unknown suffix (expected _alpha, _beta, _pre, _rc, _cvs, _svn, _git, _hg or _p)";
        x->v = (int64_t)i - N_PRE_SUFFIXES;
        p += len;
        break;
      }
      case T_HASH: { /* a commit id says nothing about order */
        const char *q = p;
        while (is_hex(*q)) q++;
        if (q == p) return "empty commit hash after '~'";
        p = q;
        break;
      }
      default:
        return "not an apk version";
    }
    size_t skip;
    if (*p == '\0') kind = T_END;
    else if (after != T_INVALID) kind = after;
    else {
      kind = next_kind(kind, p, &skip);
      p += skip;
    }
  }
  t[n].kind = T_END;
  *nt = n;
  return NULL;
}

/* A number token without digits (apk allows "1.0_rc") counts as 0. */
static void num_of(const tok *t, const char **p, size_t *n) {
  *p = t->n ? t->p : "0";
  *n = t->n ? t->n : 1;
}

static int cmp_val(const tok *a, const tok *b) {
  const char *pa, *pb;
  size_t na, nb;
  if (a->p && b->p) {
    num_of(a, &pa, &na);
    num_of(b, &pb, &nb);
    return version_cmp_digits(pa, na, pb, nb);
  }
  /* Within one kind, a number meets a non-number only as "1.01" against "1.1" after a dot:
   * the run of zeros (negative) is the smaller. */
  if (a->p) return 1;
  if (b->p) return -1;
  return (a->v > b->v) - (a->v < b->v);
}

static int apk_order(const tok *a, const tok *b) {
  int i = 0;
  for (;; i++) {
    if (a[i].kind != b[i].kind || a[i].kind == T_END) break;
    int c = cmp_val(&a[i], &b[i]);
    if (c) return c;
  }
  int ka = a[i].kind, kb = b[i].kind;
  if (ka == kb) return 0;
  /* The longer version is newer, unless what it adds is a pre-release suffix. */
  if (ka == T_SUFFIX && a[i].v < 0) return -1;
  if (kb == T_SUFFIX && b[i].v < 0) return 1;
  return ka > kb ? -1 : 1;
}

int version_alpine_cmp(const char *a, const char *b, int *cmp, const char **why) {
  tok x[APK_MAX_TOKENS], y[APK_MAX_TOKENS];
  int nx, ny;
  if ((*why = apk_tokenize(a, x, &nx)) != NULL) return VERSION_BAD_A;
  if ((*why = apk_tokenize(b, y, &ny)) != NULL) return VERSION_BAD_B;
  *cmp = apk_order(x, y);
  return VERSION_OK;
}

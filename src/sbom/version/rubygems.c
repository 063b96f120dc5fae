/* RubyGems version ordering (Gem::Version): dot-separated numbers and words, any letter makes a
 * pre-release, "-" reads as ".pre.", trailing zeros of the release and pre-release parts drop. */
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

#define GEM_MAX_SEGS (HOSHI_VERSION_MAX_LEN + 2)

typedef struct seg {
  const char *p;
  size_t n;
  int num;
} seg;

typedef struct gem {
  seg s[GEM_MAX_SEGS];
  int n;
} gem;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static int seg_zero(const seg *s) {
  if (!s->num) return 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->p[i] != '0') return 0;
  return 1;
}

/* Gem::Version::ANCHORED_VERSION_PATTERN: [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
 * with surrounding whitespace; an empty string means "0". */
static const char *gem_check(const char *b, const char *e) {
  if (b == e) return NULL;
  const char *p = b;
  if (!is_digit(*p)) return "does not start with a digit";
  while (p < e && is_digit(*p)) p++;
  while (p < e && *p == '.') {
    const char *q = ++p;
    while (p < e && (is_digit(*p) || is_alpha(*p))) p++;
    if (p == q) return "empty part between dots";
  }
  if (p < e && *p == '-') {
    do {
      const char *q = ++p;
      while (p < e && (is_digit(*p) || is_alpha(*p) || *p == '-')) p++;
      if (p == q) return "empty pre-release part";
    } while (p < e && *p == '.');
  }
  if (p != e) return "not a RubyGems version";
  return NULL;
}

static const char *gem_parse(const char *s, gem *v) {
  const char *b = s, *e = s + strlen(s);
  while (b < e && is_space(*b)) b++;
  while (e > b && is_space(e[-1])) e--;
  const char *why = gem_check(b, e);
  if (why) return why;
  v->n = 0;
  if (b == e) {
    v->s[v->n++] = (seg){"0", 1, 1};
    return NULL;
  }
  /* Segments are the runs of digits and of letters; "-" only adds the word "pre". */
  for (const char *p = b; p < e;) {
    if (v->n >= GEM_MAX_SEGS - 1) return "too many parts";
    if (*p == '-') {
      v->s[v->n++] = (seg){"pre", 3, 0};
      p++;
    } else if (is_digit(*p)) {
      const char *q = p;
      while (q < e && is_digit(*q)) q++;
      v->s[v->n++] = (seg){p, (size_t)(q - p), 1};
      p = q;
    } else if (is_alpha(*p)) {
      const char *q = p;
      while (q < e && is_alpha(*q)) q++;
      v->s[v->n++] = (seg){p, (size_t)(q - p), 0};
      p = q;
    } else {
      p++;
    }
  }
  /* canonical_segments: drop trailing zeros of the release part and of the pre-release part. */
  int first_word = v->n;
  for (int i = 0; i < v->n; i++)
    if (!v->s[i].num) {
      first_word = i;
      break;
    }
  int end = v->n;
  while (end > first_word && seg_zero(&v->s[end - 1])) end--;
  int rel_end = first_word;
  while (rel_end > 0 && seg_zero(&v->s[rel_end - 1])) rel_end--;
  if (rel_end < first_word) {
    memmove(&v->s[rel_end], &v->s[first_word], (size_t)(end - first_word) * sizeof(seg));
    end -= first_word - rel_end;
  }
  v->n = end;
  return NULL;
}

static int cmp_seg(const seg *a, const seg *b) {
  if (a->num && b->num) return version_cmp_digits(a->p, a->n, b->p, b->n);
  if (a->num != b->num) return a->num ? 1 : -1; /* a word (pre-release) sorts before a number */
  size_t m = a->n < b->n ? a->n : b->n;
  int c = memcmp(a->p, b->p, m);
  if (c) return version_sign(c);
  return (a->n > b->n) - (a->n < b->n);
}

static int gem_order(const gem *a, const gem *b) {
  static const seg zero = {"0", 1, 1};
  int n = a->n > b->n ? a->n : b->n;
  for (int i = 0; i < n; i++) {
    int c = cmp_seg(i < a->n ? &a->s[i] : &zero, i < b->n ? &b->s[i] : &zero);
    if (c) return c;
  }
  return 0;
}

int version_rubygems_cmp(const char *a, const char *b, int *cmp, const char **why) {
  gem x, y;
  if ((*why = gem_parse(a, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = gem_parse(b, &y)) != NULL) return VERSION_BAD_B;
  *cmp = gem_order(&x, &y);
  return VERSION_OK;
}

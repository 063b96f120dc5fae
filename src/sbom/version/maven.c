/* Maven ComparableVersion ordering (maven-artifact 3.9 rules, the "Version Order
 * Specification" of the POM reference): items split at ".", "-" and digit/letter transitions. */
#include <string.h>

#include "hoshi/version.h"
#include "sbom/version/version_int.h"

/* Every character can start at most one item and one nested list. */
#define MVN_MAX_ITEMS (HOSHI_VERSION_MAX_LEN + 1)
#define MVN_MAX_LISTS (HOSHI_VERSION_MAX_LEN + 1)

enum { MVN_INT, MVN_STR };
/* Known qualifiers in order; everything else sorts after them, alphabetically. */
enum { Q_ALPHA, Q_BETA, Q_MILESTONE, Q_RC, Q_SNAPSHOT, Q_RELEASE, Q_SP, Q_OTHER };

typedef struct mvn_item {
  const char *p; /* digits without leading zeros, or the qualifier text (unfolded) */
  size_t n;
  unsigned char kind;
  unsigned char qual;    /* Q_* for strings */
  unsigned char removed; /* trimmed as a trailing "null" */
} mvn_item;

/* The item tree is a chain: each list holds leaf items and at most one nested list, always
 * last, because parsing never returns to an outer list once it opened an inner one. */
typedef struct mvn_list {
  int first, end; /* leaf items [first, end) */
  int empty;      /* removed: no leaves left and no nested list */
} mvn_list;

typedef struct mvn {
  mvn_item item[MVN_MAX_ITEMS];
  mvn_list list[MVN_MAX_LISTS];
  int nitems, nlists;
} mvn;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

static int word_is(const char *p, size_t n, const char *w) {
  if (strlen(w) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (lower(p[i]) != w[i]) return 0;
  return 1;
}

static unsigned char qualifier_of(const char *p, size_t n, int followed_by_digit) {
  if (followed_by_digit && n == 1) {
    char c = lower(p[0]);
    if (c == 'a') return Q_ALPHA;
    if (c == 'b') return Q_BETA;
    if (c == 'm') return Q_MILESTONE;
  }
  if (word_is(p, n, "alpha")) return Q_ALPHA;
  if (word_is(p, n, "beta")) return Q_BETA;
  if (word_is(p, n, "milestone")) return Q_MILESTONE;
  if (word_is(p, n, "rc") || word_is(p, n, "cr")) return Q_RC;
  if (word_is(p, n, "snapshot")) return Q_SNAPSHOT;
  if (n == 0 || word_is(p, n, "ga") || word_is(p, n, "final") || word_is(p, n, "release"))
    return Q_RELEASE;
  if (word_is(p, n, "sp")) return Q_SP;
  return Q_OTHER;
}

static void add_item(mvn *v, int digits, const char *p, size_t n, int followed_by_digit) {
  mvn_item *it = &v->item[v->nitems++];
  it->removed = 0;
  if (digits) {
    while (n > 1 && *p == '0') p++, n--;
    it->kind = MVN_INT;
  } else {
    it->kind = MVN_STR;
    it->qual = qualifier_of(p, n, followed_by_digit);
  }
  it->p = p;
  it->n = n;
  v->list[v->nlists - 1].end = v->nitems;
}

static void nest(mvn *v) {
  mvn_list *l = &v->list[v->nlists++];
  l->first = l->end = v->nitems;
  l->empty = 0;
}

static int cur_nonempty(const mvn *v) {
  const mvn_list *l = &v->list[v->nlists - 1];
  return l->end > l->first;
}

static int item_is_null(const mvn_item *it) {
  if (it->kind == MVN_INT) return it->n == 1 && it->p[0] == '0';
  return it->qual == Q_RELEASE;
}

/* Trailing zeros, "", "ga", "final" carry no meaning; drop them list by list, innermost
 * first, so "1.0-0" == "1" and "1.0-rc" == "1-rc". */
static void normalize(mvn *v) {
  for (int k = v->nlists - 1; k >= 0; k--) {
    mvn_list *l = &v->list[k];
    int has_child = k + 1 < v->nlists && !v->list[k + 1].empty;
    int remaining = has_child;
    int stop = 0;
    for (int i = l->end - 1; i >= l->first; i--) {
      mvn_item *it = &v->item[i];
      if (stop) {
        remaining++;
        continue;
      }
      if (item_is_null(it)) {
        it->removed = 1;
      } else {
        stop = 1;
        remaining++;
      }
    }
    if (k > 0 && remaining == 0) l->empty = 1;
  }
}

static const char *mvn_parse(const char *s, mvn *v) {
  size_t len = strlen(s);
  if (len == 0) return "empty version";
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f) return "whitespace or control character";
  v->nitems = v->nlists = 0;
  nest(v);
  int digits = 0;
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '.' || c == '-') {
      if (i == start) add_item(v, 1, "0", 1, 0);
      else add_item(v, digits, s + start, i - start, 0);
      start = i + 1;
      if (c == '-') nest(v);
    } else if (is_digit(c)) {
      if (!digits && i > start) {
        /* ".X1" counts as "-X1": a qualifier opens its own list */
        if (cur_nonempty(v)) nest(v);
        add_item(v, 0, s + start, i - start, 1);
        start = i;
        nest(v);
      }
      digits = 1;
    } else {
      if (digits && i > start) {
        add_item(v, 1, s + start, i - start, 0);
        start = i;
        nest(v);
      }
      digits = 0;
    }
  }
  if (len > start) {
    if (!digits && cur_nonempty(v)) nest(v);
    add_item(v, digits, s + start, len - start, 0);
  }
  normalize(v);
  return NULL;
}

/* One element of a list: a leaf item, the nested list (index), or nothing. */
typedef struct mvn_elem {
  const mvn_item *item;
  int list; /* >= 0 when the element is a nested list */
} mvn_elem;

/* Iterates the elements of list k: kept leaves, then the nested list when kept. */
typedef struct mvn_iter {
  const mvn *v;
  int k, i, child_done;
} mvn_iter;

static mvn_elem iter_next(mvn_iter *it) {
  const mvn_list *l = &it->v->list[it->k];
  while (it->i < l->end) {
    const mvn_item *x = &it->v->item[it->i++];
    if (!x->removed) return (mvn_elem){x, -1};
  }
  if (!it->child_done) {
    it->child_done = 1;
    if (it->k + 1 < it->v->nlists && !it->v->list[it->k + 1].empty) return (mvn_elem){NULL, it->k + 1};
  }
  return (mvn_elem){NULL, -1};
}

static int elem_none(mvn_elem e) { return e.item == NULL && e.list < 0; }

static int cmp_elem(const mvn *a, mvn_elem x, const mvn *b, mvn_elem y);

static int cmp_list(const mvn *a, int ka, const mvn *b, int kb) {
  mvn_iter ia = {a, ka, a->list[ka].first, 0};
  mvn_iter ib = {b, kb, kb >= 0 ? b->list[kb].first : 0, kb < 0};
  for (;;) {
    mvn_elem x = iter_next(&ia);
    mvn_elem y = kb >= 0 ? iter_next(&ib) : (mvn_elem){NULL, -1};
    if (elem_none(x) && elem_none(y)) return 0;
    int c = elem_none(x) ? -cmp_elem(b, y, a, x) : cmp_elem(a, x, b, y);
    if (c) return c;
  }
}

static int cmp_qualifier(const mvn_item *x, const mvn_item *y) {
  if (x->qual != y->qual) return x->qual < y->qual ? -1 : 1;
  if (x->qual != Q_OTHER) return 0;
  size_t m = x->n < y->n ? x->n : y->n;
  for (size_t i = 0; i < m; i++) {
    char c = lower(x->p[i]), d = lower(y->p[i]);
    if (c != d) return (unsigned char)c < (unsigned char)d ? -1 : 1;
  }
  return (x->n > y->n) - (x->n < y->n);
}

/* x compared with y, where y may be nothing (a shorter version padded with "null"). */
static int cmp_elem(const mvn *a, mvn_elem x, const mvn *b, mvn_elem y) {
  if (x.list >= 0) {
    if (elem_none(y)) return cmp_list(a, x.list, b, -1);
    if (y.item) return y.item->kind == MVN_INT ? -1 : 1; /* 1-1 < 1.1, 1-1 > 1-sp */
    return cmp_list(a, x.list, b, y.list);
  }
  const mvn_item *i = x.item;
  if (i->kind == MVN_INT) {
    if (elem_none(y)) return !(i->n == 1 && i->p[0] == '0');
    if (y.list >= 0 || y.item->kind == MVN_STR) return 1;
    return version_cmp_digits(i->p, i->n, y.item->p, y.item->n);
  }
  if (elem_none(y)) return i->qual < Q_RELEASE ? -1 : (i->qual > Q_RELEASE);
  if (y.list >= 0 || y.item->kind == MVN_INT) return -1;
  return cmp_qualifier(i, y.item);
}

int version_maven_cmp(const char *a, const char *b, int *cmp, const char **why) {
  mvn x, y;
  if ((*why = mvn_parse(a, &x)) != NULL) return VERSION_BAD_A;
  if ((*why = mvn_parse(b, &y)) != NULL) return VERSION_BAD_B;
  *cmp = cmp_list(&x, 0, &y, 0);
  return VERSION_OK;
}

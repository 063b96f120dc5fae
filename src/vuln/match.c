/* The OSV evaluation algorithm (schema "Evaluation" section): events are sorted by the
 * range's ordering, then walked: introduced opens, fixed closes, above last_affected closes. */
#include "vuln/match.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "hoshi/version.h"

/* Compares two versions under a range's ordering; "0" as introduced is below everything. */
typedef struct cmp_ctx {
  hoshi_version_scheme scheme;
  int failed;
  char reason[160];
} cmp_ctx;

static const char *semver_form(const char *v);

static int ctx_cmp(cmp_ctx *c, const char *a, const char *b) {
  int r = 0;
  if (c->scheme == HOSHI_VS_SEMVER) {
    a = semver_form(a);
    b = semver_form(b);
  }
  hoshi_error e;
  if (hoshi_version_cmp_scheme(c->scheme, a, b, &r, &e) != HOSHI_OK) {
    if (!c->failed)
      snprintf(c->reason, sizeof c->reason, "version not comparable: %.130s", e.message);
    c->failed = 1;
    return 0;
  }
  return r;
}

/* SEMVER range values carry no "v"; Go module versions in purls do. */
static const char *semver_form(const char *v) {
  return (v[0] == 'v' && isdigit((unsigned char)v[1])) ? v + 1 : v;
}

static int event_is_zero(const osv_event *ev) {
  return ev->kind == OSV_EV_INTRODUCED && strcmp(ev->version, "0") == 0;
}

/* Orders two events by version; introduced "0" first; a limit "*" last. */
static int event_cmp(cmp_ctx *c, const osv_event *x, const osv_event *y) {
  int xz = event_is_zero(x), yz = event_is_zero(y);
  if (xz || yz) return yz - xz;
  int xi = x->kind == OSV_EV_LIMIT && strchr(x->version, '*');
  int yi = y->kind == OSV_EV_LIMIT && strchr(y->version, '*');
  if (xi || yi) return xi - yi;
  return ctx_cmp(c, x->version, y->version);
}

/* Evaluates one SEMVER or ECOSYSTEM range; returns 1 when v is affected, filling fixed. */
static int range_includes(cmp_ctx *c, const osv_range *rg, const char *v, match_result *r) {
  if (rg->n_events > MATCH_EVENTS_SORT_MAX) {
    c->failed = 1;
    snprintf(c->reason, sizeof c->reason, "range has more than %d events", MATCH_EVENTS_SORT_MAX);
    return 0;
  }
  /* BeforeLimits: with limit events, v must be below at least one of them. */
  int has_limit = 0, before = 0;
  for (size_t i = 0; i < rg->n_events; i++) {
    const osv_event *ev = &rg->events[i];
    if (ev->kind != OSV_EV_LIMIT) continue;
    has_limit = 1;
    if (strchr(ev->version, '*') || ctx_cmp(c, v, ev->version) < 0) before = 1;
  }
  if (c->failed || (has_limit && !before)) return 0;

  /* Stable insertion sort: events that compare equal keep their written order. */
  const osv_event *ev[MATCH_EVENTS_SORT_MAX];
  size_t n = 0;
  for (size_t i = 0; i < rg->n_events; i++) {
    const osv_event *x = &rg->events[i];
    size_t j = n;
    while (j > 0 && event_cmp(c, ev[j - 1], x) > 0) {
      ev[j] = ev[j - 1];
      j--;
    }
    ev[j] = x;
    n++;
    if (c->failed) return 0;
  }
  int vulnerable = 0;
  for (size_t i = 0; i < n; i++) {
    const osv_event *x = ev[i];
    if (x->kind == OSV_EV_INTRODUCED) {
      if (event_is_zero(x) || ctx_cmp(c, v, x->version) >= 0) vulnerable = 1;
    } else if (x->kind == OSV_EV_FIXED) {
      if (ctx_cmp(c, v, x->version) >= 0) vulnerable = 0;
    } else if (x->kind == OSV_EV_LAST_AFFECTED) {
      if (ctx_cmp(c, v, x->version) > 0) vulnerable = 0;
    }
    if (c->failed) return 0;
  }
  if (!vulnerable) return 0;
  /* The fix that ends this interval: the first fixed event above v. */
  for (size_t i = 0; i < n; i++) {
    if (ev[i]->kind != OSV_EV_FIXED || ctx_cmp(c, v, ev[i]->version) >= 0) continue;
    int dup = 0;
    for (size_t k = 0; k < r->n_fixed; k++)
      if (strcmp(r->fixed[k], ev[i]->version) == 0) dup = 1;
    if (!dup && r->n_fixed < MATCH_FIXED_MAX) r->fixed[r->n_fixed++] = ev[i]->version;
    break;
  }
  return 1;
}

/* Go toolchain versions ("go1.20.5", "go1.21", "go1.21rc2", as SBOMs write the stdlib and
 * toolchain) in the SemVer form the Go database uses ("1.20.5", "1.21.0", "1.21.0-rc.2").
 * Returns 0 and fills out, or -1 when v is not such a version. */
static int go_toolchain_semver(const char *v, char *out, size_t outsz) {
  if (strncmp(v, "go", 2) != 0 || !isdigit((unsigned char)v[2])) return -1;
  const char *p = v + 2;
  unsigned long part[3] = {0, 0, 0};
  int n = 0;
  while (n < 3 && isdigit((unsigned char)*p)) {
    part[n] = 0;
    while (isdigit((unsigned char)*p)) part[n] = part[n] * 10 + (unsigned long)(*p++ - '0');
    n++;
    if (*p == '.') p++;
    else break;
  }
  const char *pre = p; /* "rc2", "beta1" or "" */
  size_t letters = 0;
  while (isalpha((unsigned char)pre[letters])) letters++;
  int w;
  if (*pre == '\0')
    w = snprintf(out, outsz, "%lu.%lu.%lu", part[0], part[1], part[2]);
  else if (letters > 0 && isdigit((unsigned char)pre[letters]))
    w = snprintf(out, outsz, "%lu.%lu.%lu-%.*s.%s", part[0], part[1], part[2], (int)letters, pre,
                 pre + letters);
  else
    return -1;
  return (w > 0 && (size_t)w < outsz) ? 0 : -1;
}

void match_affected(const osv_affected *a, const char *ecosystem, const char *version,
                    match_result *r) {
  memset(r, 0, sizeof *r);
  char gobuf[64];
  if (strncmp(ecosystem, "Go", 2) == 0 && (ecosystem[2] == '\0' || ecosystem[2] == ':') &&
      go_toolchain_semver(version, gobuf, sizeof gobuf) == 0)
    version = gobuf;
  hoshi_version_scheme eco = hoshi_version_scheme_of(ecosystem);
  int evaluated = 0, git = 0, failed = 0;
  char reason[160] = "";

  /* versions[]: equality under the ecosystem's ordering ("1.0" == "1.0.0" in PyPI), or
   * exact text when the ecosystem has no comparator. */
  for (size_t i = 0; i < a->n_versions; i++) {
    int eq;
    if (eco != HOSHI_VS_UNKNOWN) {
      cmp_ctx c = {eco, 0, ""};
      eq = ctx_cmp(&c, version, a->versions[i]) == 0 && !c.failed;
      if (c.failed) eq = strcmp(version, a->versions[i]) == 0;
    } else {
      eq = strcmp(version, a->versions[i]) == 0;
    }
    if (eq) {
      r->verdict = MATCH_AFFECTED;
      break;
    }
  }

  for (size_t i = 0; i < a->n_ranges; i++) {
    const osv_range *rg = &a->ranges[i];
    if (rg->type == OSV_RANGE_GIT) {
      git = 1;
      continue;
    }
    cmp_ctx c = {rg->type == OSV_RANGE_SEMVER ? HOSHI_VS_SEMVER : eco, 0, ""};
    if (c.scheme == HOSHI_VS_UNKNOWN) {
      failed = 1;
      snprintf(reason, sizeof reason, "no version ordering for ecosystem %.64s", ecosystem);
      continue;
    }
    const char *v = rg->type == OSV_RANGE_SEMVER ? semver_form(version) : version;
    int in = range_includes(&c, rg, v, r);
    if (c.failed) {
      failed = 1;
      memcpy(reason, c.reason, sizeof reason);
      continue;
    }
    evaluated = 1;
    if (in) r->verdict = MATCH_AFFECTED;
  }
  if (r->verdict == MATCH_AFFECTED) return;
  /* Not shown affected. That is a "no" only if something could actually be checked: a
   * versions[] list (which OSV requires next to GIT ranges) or an evaluated range. */
  if (a->n_versions > 0 || evaluated) {
    r->verdict = MATCH_NO;
    return;
  }
  if (git || failed) {
    r->verdict = MATCH_UNCHECKABLE;
    snprintf(r->reason, sizeof r->reason, "%s", failed ? reason : "GIT ranges only");
    return;
  }
  r->verdict = MATCH_NO; /* no versions and no ranges: affects nothing we can name */
}

int match_base_ecosystem(const char *ecosystem, char *out, size_t outsz) {
  const char *colon = strchr(ecosystem, ':');
  size_t n = colon ? (size_t)(colon - ecosystem) : strlen(ecosystem);
  if (n + 1 > outsz) return -1;
  memcpy(out, ecosystem, n);
  out[n] = '\0';
  return 0;
}

int match_normalize_name(const char *ecosystem, const char *name, char *out, size_t outsz) {
  char base[64];
  if (match_base_ecosystem(ecosystem, base, sizeof base) != 0) base[0] = '\0';
  size_t o = 0;
  if (strcmp(base, "PyPI") == 0) {
    /* PEP 503: lowercase, and every run of "-", "_", "." becomes one "-". */
    for (const char *p = name; *p; p++) {
      char ch = *p;
      if (ch == '-' || ch == '_' || ch == '.') {
        while (p[1] == '-' || p[1] == '_' || p[1] == '.') p++;
        ch = '-';
      } else {
        ch = (char)tolower((unsigned char)ch);
      }
      if (o + 1 >= outsz) return -1;
      out[o++] = ch;
    }
  } else {
    int lower = strcmp(base, "NuGet") == 0 || strcmp(base, "Packagist") == 0;
    for (const char *p = name; *p; p++) {
      if (o + 1 >= outsz) return -1;
      out[o++] = lower ? (char)tolower((unsigned char)*p) : *p;
    }
  }
  out[o] = '\0';
  return 0;
}

/* First run of digits and dots in s that starts with a digit (after an optional "v"), or
 * NULL; n gets its length. "debian-12" -> "12", "v3.16" -> "3.16", "Pro:18.04:LTS" -> "18.04". */
static const char *release_number(const char *s, size_t *n) {
  for (const char *p = s; *p; p++) {
    if (!isdigit((unsigned char)*p)) continue;
    if (p > s && isalnum((unsigned char)p[-1]) && p[-1] != 'v') continue; /* inside a word */
    size_t k = 0;
    while (isdigit((unsigned char)p[k]) || p[k] == '.') k++;
    while (k > 0 && p[k - 1] == '.') k--;
    *n = k;
    return p;
  }
  return NULL;
}

int match_release(const char *ecosystem, const char *release) {
  const char *colon = strchr(ecosystem, ':');
  if (colon == NULL || release == NULL) return 1;
  size_t bn = (size_t)(colon - ecosystem);
  if (!((bn == 6 && strncmp(ecosystem, "Debian", 6) == 0) ||
        (bn == 6 && strncmp(ecosystem, "Ubuntu", 6) == 0) ||
        (bn == 6 && strncmp(ecosystem, "Alpine", 6) == 0)))
    return 1;
  size_t en, cn;
  const char *e = release_number(colon + 1, &en);
  const char *c = release_number(release, &cn);
  if (e == NULL || c == NULL) return 1;
  /* "3.16" covers "3.16.2"; "12" covers "12.4" (Debian point releases) */
  return cn >= en && strncmp(c, e, en) == 0 && (cn == en || c[en] == '.');
}

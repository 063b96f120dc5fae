/* OSV affected-version evaluation: is version v of a package inside one affected[] entry,
 * by its versions[] list and SEMVER / ECOSYSTEM ranges; GIT ranges are never guessed. */
#ifndef HOSHI_VULN_MATCH_H
#define HOSHI_VULN_MATCH_H

#include <stddef.h>

#include "hoshi/err.h"
#include "vuln/osv.h"

/* Most events a range may hold for sorting on the stack; longer ranges are not checkable. */
#define MATCH_EVENTS_SORT_MAX 512
/* Most fixed versions reported for one finding; more are dropped (never seen in real data). */
#define MATCH_FIXED_MAX 16

typedef enum match_verdict {
  MATCH_NO = 0,        /* the entry says this version is not affected */
  MATCH_AFFECTED,      /* listed in versions[] or inside a range */
  MATCH_UNCHECKABLE    /* only GIT ranges, or versions the comparator rejects: cannot say */
} match_verdict;

typedef struct match_result {
  match_verdict verdict;
  /* Versions whose "fixed" event ends the affected interval v lies in (pointers into the
   * osv_affected); empty when a range ends in last_affected or nothing is fixed yet. */
  const char *fixed[MATCH_FIXED_MAX];
  size_t n_fixed;
  /* Why MATCH_UNCHECKABLE: "GIT ranges only" or the comparator's message. */
  char reason[160];
} match_result;

/* Evaluates the OSV algorithm for version of ecosystem (OSV name, release suffix allowed)
 * against entry a. Pure: no allocation, no I/O. */
void match_affected(const osv_affected *a, const char *ecosystem, const char *version,
                    match_result *r);

/* Index key of a package name in an ecosystem: PyPI names PEP 503-normalized, NuGet and
 * Packagist names lowercased (their registries ignore case), others as written.
 * Writes at most outsz bytes; returns -1 when it does not fit. */
int match_normalize_name(const char *ecosystem, const char *name, char *out, size_t outsz);

/* Whether an affected entry's ecosystem ("Debian:12", "Alpine:v3.16", "Ubuntu:22.04:LTS")
 * applies to a component of distribution release `release` ("12", "debian-12",
 * "alpine-3.16.2", "ubuntu-22.04"). Entries without a release suffix, ecosystems other than
 * Debian, Ubuntu and Alpine, and releases named without a number (codenames) always apply:
 * narrowing only happens when both sides give a number. */
int match_release(const char *ecosystem, const char *release);

/* The ecosystem without an OSV release suffix ("Debian:12" -> "Debian"), into out. */
int match_base_ecosystem(const char *ecosystem, char *out, size_t outsz);

#endif

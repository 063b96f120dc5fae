/* CVSS scores computed from vector strings: v3.0/v3.1 base score and v4.0 score
 * (the FIRST macrovector method). Vectors are checked strictly; nothing here allocates. */
#ifndef HOSHI_CVSS_H
#define HOSHI_CVSS_H

#include <stddef.h>

#include "hoshi/err.h"

/* Longest vector accepted: a v4.0 vector with every optional metric is ~250 chars. */
#define HOSHI_CVSS_VECTOR_MAX 512

typedef enum hoshi_cvss_version {
  HOSHI_CVSS_UNKNOWN = 0,
  HOSHI_CVSS_V3 = 3, /* "CVSS:3.0/..." or "CVSS:3.1/..." */
  HOSHI_CVSS_V4 = 4  /* "CVSS:4.0/..." */
} hoshi_cvss_version;

/* Parses vector and sets *score (0.0–10.0, one decimal) and *version. A vector that is not
 * well formed (unknown metric or value, duplicate, missing base metric, no "CVSS:x.y/"
 * prefix) gives HOSHI_EINVAL naming the metric; longer than HOSHI_CVSS_VECTOR_MAX gives
 * HOSHI_ELIMIT. For v4.0 the score uses every metric present (CVSS-B, -BT, -BE or -BTE). */
hoshi_err hoshi_cvss_score(const char *vector, double *score, hoshi_cvss_version *version,
                           hoshi_error *e);

/* Qualitative rating of a score: "none", "low", "medium", "high" or "critical". */
const char *hoshi_cvss_rating(double score);

#endif

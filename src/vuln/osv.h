/* OSV advisory reader: checks one OSV JSON document against the parts of the schema that
 * matching relies on and gives a struct whose strings point into the parsed document. */
#ifndef HOSHI_VULN_OSV_H
#define HOSHI_VULN_OSV_H

#include <stddef.h>
#include <yyjson.h>

#include "hoshi/err.h"

/* Limits: one advisory file, and the counts inside it. Real advisories stay far below
 * (the largest PyPI entry lists ~1,000 versions); the limits stop hostile input. */
#define OSV_FILE_MAX (8u * 1024u * 1024u)
#define OSV_AFFECTED_MAX 4096
#define OSV_RANGES_MAX 256
#define OSV_EVENTS_MAX 4096
#define OSV_VERSIONS_MAX 65536
#define OSV_ALIASES_MAX 1024
#define OSV_SEVERITY_MAX 16
#define OSV_STRING_MAX 4096 /* id, ecosystem, name, version strings */

typedef enum osv_event_kind {
  OSV_EV_INTRODUCED = 0,
  OSV_EV_FIXED,
  OSV_EV_LAST_AFFECTED,
  OSV_EV_LIMIT
} osv_event_kind;

typedef struct osv_event {
  osv_event_kind kind;
  const char *version;
} osv_event;

typedef enum osv_range_type { OSV_RANGE_SEMVER = 0, OSV_RANGE_ECOSYSTEM, OSV_RANGE_GIT } osv_range_type;

typedef struct osv_range {
  osv_range_type type;
  const char *repo; /* GIT only, may be NULL */
  osv_event *events;
  size_t n_events;
} osv_range;

/* A severity entry; score is computed from the vector for CVSS_V3 / CVSS_V4 (has_score). */
typedef struct osv_severity {
  const char *type;
  const char *vector;
  double score;
  int has_score;
} osv_severity;

typedef struct osv_affected {
  const char *ecosystem; /* as written, e.g. "Debian:11"; NULL when no package */
  const char *name;
  const char *purl;
  osv_range *ranges;
  size_t n_ranges;
  const char **versions;
  size_t n_versions;
  osv_severity *severity;
  size_t n_severity;
} osv_affected;

/* Owns doc and the arrays; osv_free releases everything. */
typedef struct osv_advisory {
  yyjson_doc *doc;
  const char *id;
  const char *modified;
  const char *published; /* may be NULL */
  const char *withdrawn; /* NULL unless withdrawn */
  const char *summary;   /* may be NULL */
  const char *details;   /* may be NULL */
  const char **aliases;
  size_t n_aliases;
  osv_severity *severity;
  size_t n_severity;
  osv_affected *affected;
  size_t n_affected;
} osv_advisory;

/* Parses one advisory. On error *out is left empty and e->field holds the JSON path
 * ("$.affected[0].ranges[1].events[2]"). */
hoshi_err osv_parse(const char *buf, size_t len, osv_advisory *out, hoshi_error *e);
/* Same for an already-parsed value inside doc (doc stays owned by the caller). */
hoshi_err osv_parse_value(yyjson_val *root, osv_advisory *out, hoshi_error *e);
void osv_free(osv_advisory *a);

/* One affected[] object (package optional): used again at scan time on the stored copy.
 * On failure the partly filled *a must still be released with osv_affected_free. */
hoshi_err osv_parse_affected(yyjson_val *v, const char *path, osv_affected *a, hoshi_error *e);
void osv_affected_free(osv_affected *a);

const char *osv_event_name(osv_event_kind k);
const char *osv_range_type_name(osv_range_type t);

#endif

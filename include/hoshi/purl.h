/* hoshi_purl: package URLs (ECMA-427, "pkg:type/namespace/name@version?qualifiers#subpath").
 * Parse, validate and canonicalize with the per-type rules, and map a purl to OSV terms. */
#ifndef HOSHI_PURL_H
#define HOSHI_PURL_H

#include <stddef.h>

#include "hoshi/err.h"

/* Longest purl accepted, in bytes; longer input is HOSHI_ELIMIT. */
#define HOSHI_PURL_MAX_LEN 4096
/* Most qualifiers accepted in one purl; more is HOSHI_ELIMIT. */
#define HOSHI_PURL_MAX_QUALIFIERS 32

typedef struct hoshi_purl_qualifier {
  char *key;   /* lowercase */
  char *value; /* percent-decoded, never empty */
} hoshi_purl_qualifier;

/* A parsed purl with every component percent-decoded and normalized by its type's rules
 * (e.g. pypi name lowercased with "_" as "-"). Absent parts are NULL; type and name never are.
 * Qualifiers are sorted by key with empty values dropped.
 * Ownership: hoshi_purl_parse fills a caller-provided struct whose strings and qualifier array
 * are all allocated by libhoshi; release them with hoshi_purl_free (the struct itself is the
 * caller's). A struct the caller fills by hand for hoshi_purl_build stays the caller's. */
typedef struct hoshi_purl {
  char *type;
  char *namespace; /* segments joined by "/" */
  char *name;
  char *version;
  hoshi_purl_qualifier *qualifiers;
  size_t nqualifiers;
  char *subpath;   /* segments joined by "/", without "." / ".." / empty segments */
} hoshi_purl;

/* Parses s. On success *out holds the normalized components; on failure *out is zeroed and
 * e says why (field "purl" or the part: "type", "namespace", "name", "version",
 * "qualifiers", "subpath"). */
hoshi_err hoshi_purl_parse(const char *s, hoshi_purl *out, hoshi_error *e);

/* Releases what hoshi_purl_parse allocated and zeroes *p; NULL is fine. */
void hoshi_purl_free(hoshi_purl *p);

/* Builds the canonical string from decoded components (which need not be normalized yet:
 * the type rules are applied). *out is malloc'd; the caller frees it. */
hoshi_err hoshi_purl_build(const hoshi_purl *p, char **out, hoshi_error *e);

/* parse + build: the canonical form of s, malloc'd into *out for the caller to free. */
hoshi_err hoshi_purl_canon(const char *s, char **out, hoshi_error *e);

/* HOSHI_OK when s is a valid purl (same rules as hoshi_purl_parse, nothing kept). */
hoshi_err hoshi_purl_validate(const char *s, hoshi_error *e);

/* Value of a qualifier, or NULL; the pointer belongs to p. */
const char *hoshi_purl_qualifier_get(const hoshi_purl *p, const char *key);

/* The OSV ecosystem of a purl ("npm", "PyPI", "Go", "Maven", "crates.io", "NuGet",
 * "RubyGems", "Packagist", "Debian", "Ubuntu", "Alpine", "Red Hat", "Rocky Linux",
 * "AlmaLinux", "openSUSE", "SUSE", "Hex", "Pub", "CRAN", "Hackage", "SwiftURL"), or NULL when
 * the type has no OSV ecosystem. For deb the namespace or the distro qualifier decides Debian
 * or Ubuntu; for rpm the namespace (redhat, rocky, almalinux, opensuse, suse). Static string. */
const char *hoshi_purl_osv_ecosystem(const hoshi_purl *p);

/* The package name as OSV spells it: maven "group:artifact", golang "namespace/name",
 * npm "@scope/name", composer "vendor/name", pypi the PEP 503 normalized name, others the
 * name. malloc'd into *out for the caller to free; HOSHI_EINVAL when the type has no OSV
 * ecosystem. */
hoshi_err hoshi_purl_osv_name(const hoshi_purl *p, char **out, hoshi_error *e);

#endif

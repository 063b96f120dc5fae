/* hoshi_version: ordering of package versions the way each ecosystem orders them.
 * One hand-written comparator per version scheme; ecosystem names are OSV's. */
#ifndef HOSHI_VERSION_H
#define HOSHI_VERSION_H

#include "hoshi/err.h"

/* Longest version string accepted, in bytes. Real versions are far shorter; the bound lets
 * every comparator work on the stack without allocating. */
#define HOSHI_VERSION_MAX_LEN 256

/* The version schemes; several ecosystems share one. */
typedef enum hoshi_version_scheme {
  HOSHI_VS_UNKNOWN = 0,
  HOSHI_VS_SEMVER,    /* SemVer 2.0: npm, crates.io, Hex, Pub */
  HOSHI_VS_GO,        /* SemVer with "v" prefix, +incompatible, pseudo-versions */
  HOSHI_VS_NUGET,     /* SemVer 2.0 with 4 numeric parts and case-insensitive labels */
  HOSHI_VS_PEP440,    /* PyPI */
  HOSHI_VS_MAVEN,     /* Maven ComparableVersion */
  HOSHI_VS_DEBIAN,    /* Debian, Ubuntu */
  HOSHI_VS_RPM,       /* Red Hat, Rocky Linux, AlmaLinux, openSUSE, SUSE */
  HOSHI_VS_RUBYGEMS,  /* RubyGems */
  HOSHI_VS_ALPINE,    /* Alpine apk */
  HOSHI_VS_PACKAGIST  /* Composer */
} hoshi_version_scheme;

/* Compares versions a and b of one ecosystem; *cmp is -1, 0 or 1.
 * The ecosystem is an OSV name ("npm", "PyPI", "Go", "Maven", "crates.io", "NuGet",
 * "RubyGems", "Packagist", "Debian", "Alpine", "Ubuntu", "Red Hat", "Rocky Linux",
 * "AlmaLinux", "openSUSE", "SUSE", "Hex", "Pub"); an OSV release suffix such as
 * "Debian:12" or "Alpine:v3.20" is accepted and ignored.
 * Errors: HOSHI_EINVAL with field "ecosystem" for an unknown ecosystem, "a" or "b" for a
 * version the ecosystem does not accept (message says why). Does not allocate. */
hoshi_err hoshi_version_cmp(const char *ecosystem, const char *a, const char *b, int *cmp,
                            hoshi_error *e);

/* 1 when hoshi_version_cmp accepts the ecosystem name, else 0. */
int hoshi_version_ecosystem_known(const char *ecosystem);

/* Resolves an ecosystem name once, for callers that compare many versions of one ecosystem;
 * HOSHI_VS_UNKNOWN when unknown. */
hoshi_version_scheme hoshi_version_scheme_of(const char *ecosystem);

/* As hoshi_version_cmp, with the scheme already resolved. */
hoshi_err hoshi_version_cmp_scheme(hoshi_version_scheme s, const char *a, const char *b, int *cmp,
                                   hoshi_error *e);

/* HOSHI_OK when v is a valid version of the ecosystem; else HOSHI_EINVAL with field "version"
 * (or "ecosystem"). */
hoshi_err hoshi_version_check(const char *ecosystem, const char *v, hoshi_error *e);

/* Name of a scheme for messages and docs ("semver", "pep440", ...). */
const char *hoshi_version_scheme_name(hoshi_version_scheme s);

#endif

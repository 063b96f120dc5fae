/* Internal interface of the version comparators: one function per scheme, sharing helpers.
 * Comparators never allocate; they parse both sides on the stack and compare. */
#ifndef HOSHI_SBOM_VERSION_INT_H
#define HOSHI_SBOM_VERSION_INT_H

#include <stddef.h>

/* Result of a comparator: VERSION_OK with *cmp set, or which side is invalid with *why. */
enum { VERSION_OK = 0, VERSION_BAD_A = 1, VERSION_BAD_B = 2 };

typedef int (*version_cmp_fn)(const char *a, const char *b, int *cmp, const char **why);

int version_semver_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_go_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_nuget_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_pep440_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_maven_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_debian_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_rpm_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_rubygems_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_alpine_cmp(const char *a, const char *b, int *cmp, const char **why);
int version_packagist_cmp(const char *a, const char *b, int *cmp, const char **why);

/* Compares two runs of decimal digits as unbounded numbers (leading zeros ignored). */
int version_cmp_digits(const char *a, size_t na, const char *b, size_t nb);
/* -1, 0 or 1 from any int. */
static inline int version_sign(int x) { return (x > 0) - (x < 0); }

#endif

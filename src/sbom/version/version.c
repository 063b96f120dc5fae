/* hoshi_version_cmp: maps OSV ecosystem names to version schemes and reports invalid input
 * with the side ("a"/"b") and the reason. The comparators themselves live one per file. */
#include "hoshi/version.h"

#include <string.h>

#include "sbom/version/version_int.h"

/* Looked up on every comparison, so the table carries each name's length. */
#define ECO(name, scheme) {name, sizeof name - 1, scheme}
static const struct {
  const char *name;
  size_t len;
  hoshi_version_scheme scheme;
} ecosystems[] = {
    ECO("npm", HOSHI_VS_SEMVER),        ECO("PyPI", HOSHI_VS_PEP440),
    ECO("Go", HOSHI_VS_GO),             ECO("Maven", HOSHI_VS_MAVEN),
    ECO("crates.io", HOSHI_VS_SEMVER),  ECO("NuGet", HOSHI_VS_NUGET),
    ECO("RubyGems", HOSHI_VS_RUBYGEMS), ECO("Packagist", HOSHI_VS_PACKAGIST),
    ECO("Debian", HOSHI_VS_DEBIAN),     ECO("Ubuntu", HOSHI_VS_DEBIAN),
    ECO("Alpine", HOSHI_VS_ALPINE),     ECO("Red Hat", HOSHI_VS_RPM),
    ECO("Rocky Linux", HOSHI_VS_RPM),   ECO("AlmaLinux", HOSHI_VS_RPM),
    ECO("openSUSE", HOSHI_VS_RPM),      ECO("SUSE", HOSHI_VS_RPM),
    ECO("Mageia", HOSHI_VS_RPM),        ECO("Hex", HOSHI_VS_SEMVER),
    ECO("Pub", HOSHI_VS_SEMVER),
};

static const struct {
  hoshi_version_scheme scheme;
  const char *name;
  version_cmp_fn cmp;
} schemes[] = {
    {HOSHI_VS_UNKNOWN, "unknown", NULL},
    {HOSHI_VS_SEMVER, "semver", version_semver_cmp},
    {HOSHI_VS_GO, "go", version_go_cmp},
    {HOSHI_VS_NUGET, "nuget", version_nuget_cmp},
    {HOSHI_VS_PEP440, "pep440", version_pep440_cmp},
    {HOSHI_VS_MAVEN, "maven", version_maven_cmp},
    {HOSHI_VS_DEBIAN, "debian", version_debian_cmp},
    {HOSHI_VS_RPM, "rpm", version_rpm_cmp},
    {HOSHI_VS_RUBYGEMS, "rubygems", version_rubygems_cmp},
    {HOSHI_VS_ALPINE, "alpine", version_alpine_cmp},
    {HOSHI_VS_PACKAGIST, "packagist", version_packagist_cmp},
};

hoshi_version_scheme hoshi_version_scheme_of(const char *ecosystem) {
  if (ecosystem == NULL) return HOSHI_VS_UNKNOWN;
  /* OSV qualifies distribution ecosystems with a release: "Debian:12", "Alpine:v3.20". */
  size_t n = strcspn(ecosystem, ":");
  for (size_t i = 0; i < sizeof ecosystems / sizeof ecosystems[0]; i++)
    if (ecosystems[i].len == n && ecosystems[i].name[0] == ecosystem[0] &&
        memcmp(ecosystems[i].name, ecosystem, n) == 0)
      return ecosystems[i].scheme;
  return HOSHI_VS_UNKNOWN;
}

int hoshi_version_ecosystem_known(const char *ecosystem) {
  return hoshi_version_scheme_of(ecosystem) != HOSHI_VS_UNKNOWN;
}

const char *hoshi_version_scheme_name(hoshi_version_scheme s) {
  if ((int)s < 0 || (size_t)s >= sizeof schemes / sizeof schemes[0]) return "unknown";
  return schemes[s].name;
}

static hoshi_err too_long(const char *v, const char *field, hoshi_error *e) {
  size_t n = strnlen(v, HOSHI_VERSION_MAX_LEN + 1);
  if (n > HOSHI_VERSION_MAX_LEN)
    return hoshi_fail(e, HOSHI_EINVAL, field, "version is longer than %d bytes", HOSHI_VERSION_MAX_LEN);
  return HOSHI_OK;
}

hoshi_err hoshi_version_cmp_scheme(hoshi_version_scheme s, const char *a, const char *b, int *cmp,
                                   hoshi_error *e) {
  if ((int)s <= 0 || (size_t)s >= sizeof schemes / sizeof schemes[0])
    return hoshi_fail(e, HOSHI_EINVAL, "ecosystem", "unknown version scheme %d", (int)s);
  if (a == NULL) return hoshi_fail(e, HOSHI_EINVAL, "a", "version is missing");
  if (b == NULL) return hoshi_fail(e, HOSHI_EINVAL, "b", "version is missing");
  hoshi_err rc;
  if ((rc = too_long(a, "a", e)) != HOSHI_OK || (rc = too_long(b, "b", e)) != HOSHI_OK) return rc;
  const char *why = NULL;
  int c = 0;
  int bad = schemes[s].cmp(a, b, &c, &why);
  if (bad == VERSION_BAD_A)
    return hoshi_fail(e, HOSHI_EINVAL, "a", "'%s' is not a valid %s version: %s", a, schemes[s].name, why);
  if (bad == VERSION_BAD_B)
    return hoshi_fail(e, HOSHI_EINVAL, "b", "'%s' is not a valid %s version: %s", b, schemes[s].name, why);
  *cmp = version_sign(c);
  return HOSHI_OK;
}

hoshi_err hoshi_version_cmp(const char *ecosystem, const char *a, const char *b, int *cmp,
                            hoshi_error *e) {
  hoshi_version_scheme s = hoshi_version_scheme_of(ecosystem);
  if (s == HOSHI_VS_UNKNOWN)
    return hoshi_fail(e, HOSHI_EINVAL, "ecosystem", "unknown ecosystem '%s' (expected an OSV name such as npm, PyPI, Go, Maven, crates.io, NuGet, RubyGems, Packagist, Debian, Alpine)",
                      ecosystem ? ecosystem : "");
  return hoshi_version_cmp_scheme(s, a, b, cmp, e);
}

hoshi_err hoshi_version_check(const char *ecosystem, const char *v, hoshi_error *e) {
  int c;
  hoshi_err rc = hoshi_version_cmp(ecosystem, v, v, &c, e);
  if (rc != HOSHI_OK && e && (strcmp(e->field, "a") == 0 || strcmp(e->field, "b") == 0))
    memcpy(e->field, "version", sizeof "version");
  return rc;
}

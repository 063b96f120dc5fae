/* Internal purl helpers for the SBOM readers: a quick test that a purl is already in the
 * canonical form, so the common case skips parsing and rebuilding it. */
#ifndef HOSHI_SBOM_PURL_INT_H
#define HOSHI_SBOM_PURL_INT_H

/* 1 when s is certainly a valid purl equal to its own canonical form (hoshi_purl_canon would
 * return s unchanged); 0 when that takes the full parse to tell. Conservative by design: plain
 * type/namespace/name@version purls without escapes, qualifiers or subpath. */
int purl_is_plain_canonical(const char *s);

#endif

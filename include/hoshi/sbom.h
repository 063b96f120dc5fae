/* hoshi_sbom: one normalized model for CycloneDX JSON 1.2-1.6, SPDX 2.2/2.3 JSON and SPDX 3.0
 * JSON-LD, read from a memory buffer, plus the minimum-element coverage of a document. */
#ifndef HOSHI_SBOM_H
#define HOSHI_SBOM_H

#include <stddef.h>

#include "hoshi/err.h"

/* Largest document accepted, in bytes (HOSHI_ELIMIT beyond). */
#define HOSHI_SBOM_MAX_BYTES ((size_t)128 * 1024 * 1024)
/* Most components (packages) in one document, nested ones included (HOSHI_ELIMIT beyond). */
#define HOSHI_SBOM_MAX_COMPONENTS 250000
/* Most dependency edges in one document (HOSHI_ELIMIT beyond). */
#define HOSHI_SBOM_MAX_EDGES 2000000
/* Deepest nesting of CycloneDX components inside components; 1 = top-level only
 * (HOSHI_ELIMIT beyond). The JSON itself may nest deeper elsewhere. */
#define HOSHI_SBOM_MAX_DEPTH 32

/* "No such component": the value of an index that points nowhere. */
#define HOSHI_SBOM_NONE ((size_t)-1)

typedef enum hoshi_sbom_format {
  HOSHI_SBOM_CYCLONEDX = 1,
  HOSHI_SBOM_SPDX2,
  HOSHI_SBOM_SPDX3
} hoshi_sbom_format;

typedef struct hoshi_sbom_hash {
  const char *alg;   /* as written: "SHA-256" (CycloneDX), "SHA256" (SPDX) */
  const char *value; /* hex as written */
} hoshi_sbom_hash;

typedef struct hoshi_sbom_component {
  const char *ref;      /* bom-ref / SPDXID / spdxId; NULL when absent */
  const char *type;     /* CycloneDX type ("library", ...), SPDX primaryPackagePurpose; or NULL */
  const char *name;     /* never NULL */
  const char *group;    /* CycloneDX group; or NULL */
  const char *version;  /* NULL when absent */
  const char *purl;     /* canonical purl (ECMA-427); NULL when absent */
  const char *cpe;      /* first CPE (2.2 or 2.3) as written; or NULL */
  const char *supplier; /* supplier name (CycloneDX supplier/publisher/author, SPDX supplier) */
  const char **licenses; /* SPDX ids or expressions or names, as written */
  size_t nlicenses;
  hoshi_sbom_hash *hashes;
  size_t nhashes;
  size_t parent; /* index of the enclosing component (CycloneDX nesting), or HOSHI_SBOM_NONE */
} hoshi_sbom_component;

typedef enum hoshi_sbom_edge_kind {
  HOSHI_SBOM_DEPENDS_ON = 1, /* CycloneDX dependencies[], SPDX DEPENDS_ON / DEPENDENCY_OF ... */
  HOSHI_SBOM_CONTAINS        /* SPDX CONTAINS / CONTAINED_BY, CycloneDX nesting is not an edge */
} hoshi_sbom_edge_kind;

/* "from depends on (or contains) to", both indexes into components. */
typedef struct hoshi_sbom_edge {
  size_t from;
  size_t to;
  hoshi_sbom_edge_kind kind;
} hoshi_sbom_edge;

/* A vulnerability carried in the SBOM (CycloneDX vulnerabilities[], i.e. VEX). */
typedef struct hoshi_sbom_vuln {
  const char *id;            /* "CVE-2021-44228", ... */
  const char *source;        /* source.name; or NULL */
  const char *state;         /* analysis.state: "not_affected", "exploitable", ...; or NULL */
  const char *justification; /* analysis.justification; or NULL */
  const char *detail;        /* analysis.detail; or NULL */
  size_t *affects;           /* component indexes; refs not found are not listed */
  size_t naffects;
} hoshi_sbom_vuln;

/* The document. Ownership: hoshi_sbom_parse allocates it with everything it points to
 * (strings, arrays) in memory the struct owns; nothing points into the caller's buffer, which
 * may be freed right after parsing. Release all of it with hoshi_sbom_free. */
typedef struct hoshi_sbom {
  hoshi_sbom_format format;
  const char *spec_version; /* "1.5", "SPDX-2.3", "3.0.1" */
  const char *serial;       /* CycloneDX serialNumber, SPDX documentNamespace / spdxId */
  const char *name;         /* SPDX document name, CycloneDX metadata.component.name; or NULL */
  const char *created;      /* timestamp as written; or NULL */
  const char **tools;       /* tool names (with versions when given) */
  size_t ntools;
  const char **authors;     /* authors / creators who are people or organizations */
  size_t nauthors;
  const char **lifecycles;  /* CycloneDX 1.5+ metadata.lifecycles phases: generation context */
  size_t nlifecycles;
  size_t subject;           /* the component the SBOM describes, or HOSHI_SBOM_NONE */
  hoshi_sbom_component *components; /* the subject included, in document order */
  size_t ncomponents;
  hoshi_sbom_edge *edges;
  size_t nedges;
  hoshi_sbom_vuln *vulns;
  size_t nvulns;
  struct hoshi_sbom_mem *mem; /* private: the memory everything above lives in */
} hoshi_sbom;

/* Reads a CycloneDX JSON, SPDX 2.x JSON or SPDX 3.0 JSON-LD document (detected from its
 * content) from buf[0..len). On success *out is a new document. On failure *out is NULL and e
 * names the JSON path ("$.components[12].purl") and the reason: HOSHI_EINVAL for malformed or
 * invalid input, HOSHI_ELIMIT past a limit above, HOSHI_ENOMEM. */
hoshi_err hoshi_sbom_parse(const char *buf, size_t len, hoshi_sbom **out, hoshi_error *e);

void hoshi_sbom_free(hoshi_sbom *s);

/* "CycloneDX", "SPDX", "SPDX 3". */
const char *hoshi_sbom_format_name(hoshi_sbom_format f);

/* Minimum-element coverage, each a percentage (0-100) of components that have the element,
 * or for document-level elements 0 or 100. */
typedef struct hoshi_sbom_quality {
  size_t components;
  /* NTIA 2021 */
  double supplier, name, version, unique_id, dependencies;
  double author, timestamp;
  double ntia_all; /* components meeting every NTIA element (document ones included) */
  /* CISA 2025 draft additions */
  double hash, license, tool, generation_context;
  double software_id; /* purl or CPE */
  double cisa_all;    /* components meeting every NTIA and CISA element */
} hoshi_sbom_quality;

/* Fills *q for s. A component counts for "dependencies" when it is the source or target of at
 * least one edge; a document without any edges gives 0. */
void hoshi_sbom_quality_of(const hoshi_sbom *s, hoshi_sbom_quality *q);

#endif

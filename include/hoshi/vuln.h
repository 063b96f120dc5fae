/* hoshi_vuln: the vulnerability store (OSV advisories, CISA KEV, EPSS) in hoshi's database,
 * matching of SBOM components against it with OSV semantics, VEX, and the report formats. */
#ifndef HOSHI_VULN_H
#define HOSHI_VULN_H

#include <sqlite3.h>
#include <stddef.h>

#include "hoshi/buf.h"
#include "hoshi/err.h"
#include "hoshi/sbom.h"

/* ---------------------------------------------------------------- import */

/* Most advisories written per transaction: bounds the WAL and lets readers see progress. */
#define HOSHI_VULN_IMPORT_BATCH 20000
/* Largest single file read from disk or from an archive entry (KEV/EPSS/OSV). */
#define HOSHI_VULN_FILE_MAX ((size_t)256 * 1024 * 1024)

typedef struct hoshi_vuln_import_stats {
  size_t files;      /* files and archive entries read */
  size_t advisories; /* OSV advisories read */
  size_t added, updated, unchanged, older; /* older: stored copy has a later `modified` */
  size_t withdrawn;  /* of those added or updated, withdrawn ones (they match nothing) */
  size_t errors;     /* files or entries rejected (reported through on_error) */
  size_t kev, epss;  /* KEV entries and EPSS rows stored */
} hoshi_vuln_import_stats;

typedef struct hoshi_vuln_import_opts {
  /* Called for each rejected file or entry: source is "path" or "archive.zip:entry.json";
   * e->field is the JSON path or line. The import goes on with the next one. */
  void (*on_error)(void *ctx, const char *source, const hoshi_error *e);
  /* Called now and then: done/total in units the caller need not know (files or bytes). */
  void (*on_progress)(void *ctx, const hoshi_vuln_import_stats *s, size_t done, size_t total);
  void *ctx;
  /* Names the data in messages and in the store (vuln_advisories.source, vuln_imports)
   * instead of the path: a download's URL. NULL: the path. */
  const char *source;
} hoshi_vuln_import_opts;

/* Imports path: an OSV JSON file, a folder of them (recursively), an OSV all.zip export, the
 * CISA KEV JSON, or an EPSS CSV (plain or .gz). Re-importing is idempotent: an advisory is
 * replaced only when its `modified` is later than the stored one. Returns an error only when
 * nothing could be read at all (path missing, database failure); bad entries go to on_error.
 * opts may be NULL; stats are added to *st. */
hoshi_err hoshi_vuln_import_path(sqlite3 *db, const char *path, const hoshi_vuln_import_opts *opts,
                                 hoshi_vuln_import_stats *st, hoshi_error *e);

/* Same for one document in memory (OSV JSON, KEV JSON or EPSS CSV, detected by content).
 * A malformed document gives the error (field = JSON path or line). */
hoshi_err hoshi_vuln_import_buffer(sqlite3 *db, const char *source, const char *buf, size_t len,
                                   hoshi_vuln_import_stats *st, hoshi_error *e);

/* ---------------------------------------------------------------- VEX */

/* Most statements kept from all VEX documents of one scan. */
#define HOSHI_VEX_STATEMENTS_MAX 100000
#define HOSHI_VEX_FILE_MAX ((size_t)64 * 1024 * 1024)
/* Most products, subcomponents or aliases in one statement. */
#define HOSHI_VEX_LIST_MAX 10000

typedef enum hoshi_vex_status {
  HOSHI_VEX_UNKNOWN = 0,
  HOSHI_VEX_NOT_AFFECTED,        /* OpenVEX not_affected; CycloneDX not_affected, false_positive */
  HOSHI_VEX_AFFECTED,            /* OpenVEX affected; CycloneDX exploitable */
  HOSHI_VEX_FIXED,               /* OpenVEX fixed; CycloneDX resolved, resolved_with_pedigree */
  HOSHI_VEX_UNDER_INVESTIGATION  /* OpenVEX under_investigation; CycloneDX in_triage */
} hoshi_vex_status;

/* One statement: a vulnerability (id and aliases) and the products it speaks about. A product
 * is a purl, a bom-ref, or "name@version"; subcomponents narrow it (OpenVEX). Every string
 * is owned by the hoshi_vex holding the statement. */
typedef struct hoshi_vex_statement {
  char *vuln_id;
  char **aliases;
  size_t naliases;
  char **products;
  size_t nproducts;
  char **subcomponents;
  size_t nsubcomponents;
  hoshi_vex_status status;
  char *state;         /* as written: "resolved", "not_affected", ... */
  char *justification; /* may be NULL */
  char *detail;        /* CycloneDX detail / OpenVEX impact_statement or status_notes */
  char *source;        /* the file it came from */
} hoshi_vex_statement;

/* Statements of every VEX document read for one scan. Owns everything; hoshi_vex_free. */
typedef struct hoshi_vex {
  hoshi_vex_statement *st;
  size_t n, cap;
} hoshi_vex;

/* Appends the statements of one CycloneDX VEX (or any CycloneDX BOM with vulnerabilities[])
 * or OpenVEX document, detected by content. Errors name the JSON path. */
hoshi_err hoshi_vex_parse(const char *buf, size_t len, const char *source, hoshi_vex *vex,
                          hoshi_error *e);
void hoshi_vex_free(hoshi_vex *vex);
const char *hoshi_vex_status_name(hoshi_vex_status s);

/* ---------------------------------------------------------------- scan */

/* One component to match: purl, or ecosystem + package name (OSV terms) when no purl.
 * The caller's; hoshi_vuln_scan copies what it keeps into the report. */
typedef struct hoshi_vuln_component {
  const char *ref;       /* bom-ref / SPDXID; may be NULL */
  const char *name;      /* display name */
  const char *version;   /* may be NULL: then nothing can match */
  const char *purl;      /* may be NULL */
  const char *ecosystem; /* OSV ecosystem; derived from purl when NULL */
  const char *package;   /* OSV package name; derived from purl when NULL */
  const char *release;   /* distribution release ("12", "3.16"); from the purl's distro
                          * qualifier when NULL; narrows Debian/Ubuntu/Alpine entries */
} hoshi_vuln_component;

typedef struct hoshi_vuln_severity {
  char *type;   /* CVSS_V3, CVSS_V4, ... */
  char *vector;
  double score; /* valid when has_score */
  int has_score;
} hoshi_vuln_severity;

/* One (component, advisory) pair. All strings owned by the report. */
typedef struct hoshi_vuln_finding {
  size_t component; /* index into report->components */
  char *id;
  char **aliases;
  size_t naliases;
  char *summary;
  char *modified;
  hoshi_vuln_severity *severity;
  size_t nseverity;
  double max_score; /* highest computed CVSS score, -1 when none */
  char **fixed;
  size_t nfixed;
  int kev;          /* in the CISA KEV catalog (by id or an alias) */
  char *kev_cve, *kev_date_added, *kev_due_date, *kev_ransomware;
  int has_epss;
  char *epss_cve, *epss_date;
  double epss_score, epss_percentile;
  /* VEX: the statement that applied, if any. suppressed = not_affected or fixed. */
  int suppressed;
  const hoshi_vex_statement *vex;
} hoshi_vuln_finding;

/* A component the store had advisories for that could not be decided by version. */
typedef struct hoshi_vuln_unchecked {
  size_t component;
  char *id;
  char *reason;
} hoshi_vuln_unchecked;

typedef struct hoshi_vuln_scan_stats {
  size_t components;       /* components scanned */
  size_t identified;       /* with an ecosystem and package name (purl or given) */
  size_t unidentified;     /* no purl / ecosystem we can map: not matchable, never guessed */
  size_t no_version;       /* identified but without a version */
  size_t candidates;       /* (component, affected entry) pairs evaluated */
  size_t affected_components;
  size_t findings;         /* all findings, suppressed included */
  size_t merged;           /* duplicates folded: one vulnerability from two databases */
  size_t suppressed;
  size_t not_checkable;    /* pairs decided by neither versions[] nor SEMVER/ECOSYSTEM */
  size_t kev;              /* unsuppressed findings in KEV */
  double elapsed_ms;
} hoshi_vuln_scan_stats;

/* The result of one scan. Owns its findings and copies of the component strings. */
typedef struct hoshi_vuln_report {
  /* the scanned document */
  char *doc_format, *doc_spec_version, *doc_serial, *doc_name, *doc_version;
  char *subject_ref, *subject_purl, *subject_name; /* the component the SBOM describes */
  char *scanned_at;
  hoshi_vuln_component *components; /* strings below owned via comp_mem */
  size_t ncomponents;
  hoshi_vuln_finding *findings;     /* sorted: component order, then id */
  size_t nfindings;
  hoshi_vuln_unchecked *unchecked;
  size_t nunchecked;
  hoshi_vuln_scan_stats stats;
  struct vuln_report_mem *mem;      /* private */
} hoshi_vuln_report;

/* Matches components[0..n) against the store. vex may be NULL. *out is a new report. */
hoshi_err hoshi_vuln_scan(sqlite3 *db, const hoshi_vuln_component *components, size_t n,
                          const hoshi_vex *vex, hoshi_vuln_report **out, hoshi_error *e);
/* Same for a parsed SBOM: components with their purls; the subject and the SBOM's own
 * CycloneDX vulnerabilities[] (VEX inside the BOM) are taken into account too. */
hoshi_err hoshi_vuln_scan_sbom(sqlite3 *db, const hoshi_sbom *sbom, const hoshi_vex *vex,
                               hoshi_vuln_report **out, hoshi_error *e);
void hoshi_vuln_report_free(hoshi_vuln_report *r);

/* ---------------------------------------------------------------- output */

typedef enum hoshi_vuln_format {
  HOSHI_VULN_TABLE = 0,
  HOSHI_VULN_JSON,
  HOSHI_VULN_SARIF,
  HOSHI_VULN_CYCLONEDX_VEX,
  HOSHI_VULN_OPENVEX
} hoshi_vuln_format;

/* Parses "table", "json", "sarif", "cyclonedx-vex", "openvex"; -1 when unknown. */
int hoshi_vuln_format_parse(const char *s);

/* Writes the report. show_suppressed: include VEX-suppressed findings (marked, with their
 * justification) in table/json/sarif; VEX outputs always state every finding. */
hoshi_err hoshi_vuln_report_write(const hoshi_vuln_report *r, hoshi_vuln_format f,
                                  int show_suppressed, hoshi_buf *out, hoshi_error *e);

/* --fail-on: "low", "medium", "high", "critical" (an unsuppressed finding at or above that
 * CVSS rating) or "kev" (an unsuppressed finding in KEV). Returns 1 when met, 0 when not,
 * -1 for an unknown level. */
int hoshi_vuln_fail_on(const hoshi_vuln_report *r, const char *level);

#endif

/* Readers for the two enrichment feeds: the CISA Known Exploited Vulnerabilities catalog
 * (JSON) and FIRST EPSS daily scores (CSV). Each calls back once per entry; nothing is stored. */
#ifndef HOSHI_VULN_FEEDS_H
#define HOSHI_VULN_FEEDS_H

#include <stddef.h>

#include "hoshi/err.h"

#define KEV_FILE_MAX (64u * 1024u * 1024u)
#define KEV_ENTRIES_MAX 100000
#define EPSS_LINE_MAX 256      /* "CVE-2025-123456,0.00043,0.12345" is ~35 bytes */
#define EPSS_ROWS_MAX 2000000  /* ~300,000 CVEs are scored today */

typedef struct kev_entry {
  const char *cve;
  const char *vendor;
  const char *product;
  const char *name;
  const char *date_added;
  const char *due_date;
  const char *ransomware; /* "Known", "Unknown" */
} kev_entry;

/* Calls fn for every entry of vulnerabilities[]; a non-zero return from fn stops the walk and
 * becomes HOSHI_EINTERNAL. Errors name the JSON path ("$.vulnerabilities[3].cveID"). */
hoshi_err kev_read(const char *buf, size_t len, int (*fn)(void *ctx, const kev_entry *k),
                   void *ctx, size_t *count, hoshi_error *e);

typedef struct epss_row {
  const char *cve;
  double score;      /* probability of exploitation in the next 30 days, 0..1 */
  double percentile; /* 0..1 */
} epss_row;

/* Parses the whole CSV in buf: optional "#model_version:...,score_date:..." comment line,
 * header "cve,epss,percentile", then rows. *score_date gets the date from the comment
 * (YYYY-MM-DD) or "". Errors name the line ("line 12"). */
hoshi_err epss_read(const char *buf, size_t len, int (*fn)(void *ctx, const epss_row *r),
                    void *ctx, char score_date[16], size_t *count, hoshi_error *e);

/* True when buf looks like a KEV catalog / an EPSS CSV (used to route an imported file). */
int kev_sniff(const char *buf, size_t len);
int epss_sniff(const char *buf, size_t len);

#endif

/* Scan internals shared by the scan entry points: report memory, component setup and the
 * matching run itself (scan.c), used by the SBOM front end (scan_sbom.c). */
#ifndef HOSHI_VULN_SCAN_INT_H
#define HOSHI_VULN_SCAN_INT_H

#include "hoshi/vuln.h"

/* Keeps p (malloc'd) until the report is freed; frees p and returns NULL when it cannot. */
void *scan_mem_keep(hoshi_vuln_report *r, void *p);
/* strdup into report memory; sets *oom on failure; NULL stays NULL. */
char *scan_strdup(hoshi_vuln_report *r, const char *s, int *oom);
hoshi_vuln_report *scan_report_new(size_t ncomponents);
/* Copies component i from in, deriving ecosystem and package from the purl when not given. */
void scan_set_component(hoshi_vuln_report *r, size_t i, const hoshi_vuln_component *in, int *oom);
/* Matches r->components against the store; VEX statements of inner apply before those of vex. */
hoshi_err scan_run(sqlite3 *db, hoshi_vuln_report *r, const hoshi_vex *inner, const hoshi_vex *vex,
                   hoshi_error *e);

#endif

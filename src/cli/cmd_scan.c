/* hoshi scan: matches an SBOM against the vulnerability store, applies VEX documents and
 * prints the findings as a table, JSON, SARIF, CycloneDX VEX or OpenVEX. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/util.h"
#include "hoshi/sbom.h"
#include "hoshi/vuln.h"
#include "store/store.h"

/* Exit status when --fail-on is met (1 and 2 already mean failure and bad usage). */
#define SCAN_EXIT_FAIL_ON 3
/* Most --vex options on one command line. */
#define SCAN_VEX_FILES_MAX 64

static int usage(FILE *f) {
  fprintf(f,
          "usage: hoshi scan SBOM [--db PATH] [--vex FILE]... [--format FORMAT]\n"
          "                       [--fail-on LEVEL] [--show-suppressed]\n\n"
          "Matches the components of a CycloneDX or SPDX SBOM against the OSV advisories in the\n"
          "database (load them with 'hoshi vuln import'), by purl or ecosystem and name, with OSV\n"
          "version-range semantics. Findings carry CVSS scores, fixed versions, CISA KEV and EPSS.\n\n"
          "  --db PATH          database (default var/hoshi.db or $HOSHI_DB)\n"
          "  --vex FILE         CycloneDX VEX or OpenVEX; not_affected and fixed findings are\n"
          "                     suppressed (repeatable; later files override earlier ones)\n"
          "  --format FORMAT    table (default), json, sarif, cyclonedx-vex, openvex\n"
          "  --fail-on LEVEL    exit 3 when an unsuppressed finding is at least low, medium,\n"
          "                     high or critical (CVSS), or is in KEV (kev)\n"
          "  --show-suppressed  also list suppressed findings, with the VEX justification\n\n"
          "Exit status: 0 done, 1 failure, 2 bad usage, 3 --fail-on met.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

static char *read_file(const char *path, size_t max, size_t *len, int *too_big) {
  *too_big = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  struct stat sb;
  if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
    fclose(f);
    return NULL;
  }
  if ((size_t)sb.st_size > max) {
    *too_big = 1;
    fclose(f);
    return NULL;
  }
  char *buf = malloc((size_t)sb.st_size + 1);
  if (buf && fread(buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[sb.st_size] = '\0';
    *len = (size_t)sb.st_size;
  }
  return buf;
}

int cmd_scan(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return usage(stdout);
  const char *db_opt = NULL, *sbom_path = NULL, *fail_on = NULL;
  const char *vex_paths[SCAN_VEX_FILES_MAX];
  size_t nvex = 0;
  int format = HOSHI_VULN_TABLE, show_suppressed = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--db") == 0 && i + 1 < argc) db_opt = argv[++i];
    else if (strcmp(a, "--vex") == 0 && i + 1 < argc) {
      if (nvex == SCAN_VEX_FILES_MAX)
        return cli_error(CLI_USAGE, "scan: more than %d --vex files", SCAN_VEX_FILES_MAX);
      vex_paths[nvex++] = argv[++i];
    } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
      format = hoshi_vuln_format_parse(argv[++i]);
      if (format < 0)
        return cli_error(CLI_USAGE, "scan: --format '%s' is not table, json, sarif, cyclonedx-vex or openvex",
                         argv[i]);
    } else if (strcmp(a, "--fail-on") == 0 && i + 1 < argc) {
      fail_on = argv[++i];
      if (strcmp(fail_on, "low") && strcmp(fail_on, "medium") && strcmp(fail_on, "high") &&
          strcmp(fail_on, "critical") && strcmp(fail_on, "kev"))
        return cli_error(CLI_USAGE, "scan: --fail-on '%s' is not low, medium, high, critical or kev", fail_on);
    } else if (strcmp(a, "--show-suppressed") == 0) show_suppressed = 1;
    else if (a[0] == '-' && a[1] != '\0')
      return cli_error(CLI_USAGE, "scan: unknown or incomplete option '%s' (see hoshi scan --help)", a);
    else if (sbom_path == NULL) sbom_path = a;
    else return cli_error(CLI_USAGE, "scan: one SBOM at a time ('%s' is extra)", a);
  }
  if (sbom_path == NULL) return cli_error(CLI_USAGE, "scan: no SBOM given (see hoshi scan --help)");
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");

  int rc = CLI_FAIL, big;
  size_t len = 0;
  hoshi_error err;
  hoshi_sbom *sbom = NULL;
  hoshi_vex vex = {0};
  sqlite3 *db = NULL;
  hoshi_vuln_report *rep = NULL;
  hoshi_buf out = HOSHI_BUF_INIT;
  char *buf = read_file(sbom_path, HOSHI_SBOM_MAX_BYTES, &len, &big);
  if (buf == NULL) {
    cli_error(CLI_FAIL, big ? "%s: larger than %zu bytes" : "%s: cannot read", sbom_path,
              (size_t)HOSHI_SBOM_MAX_BYTES);
    goto done;
  }
  if (hoshi_sbom_parse(buf, len, &sbom, &err) != HOSHI_OK) {
    cli_error(CLI_FAIL, "%s: %s%s%s", sbom_path, err.field, err.field[0] ? ": " : "", err.message);
    goto done;
  }
  free(buf);
  buf = NULL;
  for (size_t i = 0; i < nvex; i++) {
    char *vb = read_file(vex_paths[i], HOSHI_VEX_FILE_MAX, &len, &big);
    if (vb == NULL) {
      cli_error(CLI_FAIL, big ? "%s: larger than %zu bytes" : "%s: cannot read", vex_paths[i],
                HOSHI_VEX_FILE_MAX);
      goto done;
    }
    hoshi_err r = hoshi_vex_parse(vb, len, vex_paths[i], &vex, &err);
    free(vb);
    if (r != HOSHI_OK) {
      cli_error(CLI_FAIL, "%s: %s%s%s", vex_paths[i], err.field, err.field[0] ? ": " : "", err.message);
      goto done;
    }
  }
  if (store_open_migrated(cli_db_path(db_opt), &db, &err) != HOSHI_OK) {
    cli_error(CLI_FAIL, "%s", err.message);
    goto done;
  }
  {
    /* an empty store finds nothing: say so, rather than look like a clean result */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM vuln_advisories LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) != SQLITE_ROW)
      fprintf(stderr, "hoshi: warning: %s holds no advisories; load them with 'hoshi vuln import'\n",
              cli_db_path(db_opt));
    sqlite3_finalize(st);
  }
  if (hoshi_vuln_scan_sbom(db, sbom, &vex, &rep, &err) != HOSHI_OK) {
    cli_error(CLI_FAIL, "scan: %s", err.message);
    goto done;
  }
  if (hoshi_vuln_report_write(rep, (hoshi_vuln_format)format, show_suppressed, &out, &err) != HOSHI_OK) {
    cli_error(CLI_FAIL, "scan: %s", err.message);
    goto done;
  }
  fwrite(out.p, 1, out.n, stdout);
  rc = CLI_OK;
  if (fail_on && hoshi_vuln_fail_on(rep, fail_on) == 1) rc = SCAN_EXIT_FAIL_ON;
done:
  hoshi_buf_free(&out);
  hoshi_vuln_report_free(rep);
  if (db) sqlite3_close(db);
  hoshi_vex_free(&vex);
  hoshi_sbom_free(sbom);
  free(buf);
  return rc;
}

/* hoshi vuln import: loads OSV advisories (files, folders, all.zip), the CISA KEV catalog and
 * EPSS scores into the database; a progress bar on a terminal, a summary at the end. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "audit/audit.h"
#include "hoshi/vuln.h"
#include "products/products.h"
#include "store/store.h"

/* Errors printed one by one before the rest are only counted. */
#define VULN_CLI_ERRORS_SHOWN 20
/* Most paths on one command line. */
#define VULN_CLI_PATHS_MAX 256

typedef struct import_ui {
  int tty;
  size_t shown;
  const char *path;
  double t0;
} import_ui;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_error(void *ctx, const char *source, const hoshi_error *e) {
  import_ui *ui = ctx;
  if (ui->shown++ >= VULN_CLI_ERRORS_SHOWN) return;
  if (ui->tty) fputs("\r\033[K", stderr);
  fprintf(stderr, "hoshi: %s: %s%s%s\n", source, e->field, e->field[0] ? ": " : "", e->message);
}

static void on_progress(void *ctx, const hoshi_vuln_import_stats *s, size_t done, size_t total) {
  import_ui *ui = ctx;
  if (!ui->tty || total == 0) return;
  int width = 30;
  int fill = (int)((double)done / (double)total * width);
  if (fill > width) fill = width;
  char bar[64];
  memset(bar, '#', (size_t)fill);
  memset(bar + fill, ' ', (size_t)(width - fill));
  bar[width] = '\0';
  fprintf(stderr, "\r[%s] %3d%%  %zu advisories  %s", bar, (int)(100.0 * (double)done / (double)total),
          s->advisories, ui->path);
  fflush(stderr);
}

static int usage(FILE *f) {
  fprintf(f,
          "usage: hoshi vuln import [--db PATH] PATH...\n\n"
          "Loads vulnerability data into the database (default var/hoshi.db or $HOSHI_DB):\n"
          "  OSV advisories: a .json file, a folder of them, or an OSV all.zip export\n"
          "  the CISA KEV catalog (known_exploited_vulnerabilities.json)\n"
          "  EPSS scores (epss_scores-YYYY-MM-DD.csv, plain or .gz)\n"
          "The kind of each file is recognized from its content. Re-importing is safe: an\n"
          "advisory is replaced only when its `modified` time is later; KEV and EPSS replace the\n"
          "previous catalog. Rejected files are listed with the JSON path of the fault; the exit\n"
          "status is then 1, and everything else is still stored.\n"
          "Afterwards the stored product SBOMs are re-matched for the packages the imported\n"
          "advisories name, and KEV flags are refreshed (alerts: see docs/products.md).\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

static int cmd_vuln_import(int argc, char **argv) {
  const char *db_opt = NULL;
  const char *paths[VULN_CLI_PATHS_MAX];
  size_t npaths = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db_opt = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_error(CLI_USAGE, "vuln import: unknown option '%s' (see hoshi vuln --help)", argv[i]);
    else if (npaths < sizeof paths / sizeof paths[0]) paths[npaths++] = argv[i];
    else return cli_error(CLI_USAGE, "vuln import: more than %zu paths", sizeof paths / sizeof paths[0]);
  }
  if (npaths == 0) return cli_error(CLI_USAGE, "vuln import: no PATH given (see hoshi vuln --help)");
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  sqlite3 *db = NULL;
  hoshi_error err;
  if (store_open_migrated(cli_db_path(db_opt), &db, &err) != HOSHI_OK)
    return cli_error(CLI_FAIL, "%s", err.message);
  import_ui ui = {isatty(2), 0, NULL, now_s()};
  hoshi_vuln_import_opts opts = {on_error, on_progress, &ui};
  hoshi_vuln_import_stats st = {0};
  int rc = CLI_OK;
  /* Products are re-matched afterwards for the packages that advisories imported from now on
   * name (docs/products.md): the store's imported_at times are compared with this one. */
  char since[UTIL_TIME_LEN];
  util_now_iso(since);
  for (size_t i = 0; i < npaths; i++) {
    ui.path = paths[i];
    if (hoshi_vuln_import_path(db, paths[i], &opts, &st, &err) != HOSHI_OK) {
      if (ui.tty) fputs("\r\033[K", stderr);
      cli_error(CLI_FAIL, "%s: %s", paths[i], err.message);
      rc = CLI_FAIL;
      if (err.code == HOSHI_EDB) break;
    }
  }
  if (ui.tty) fputs("\r\033[K", stderr);
  double secs = now_s() - ui.t0;
  printf("read %zu files: %zu advisories (%zu added, %zu updated, %zu unchanged, %zu older ignored, "
         "%zu withdrawn), %zu KEV entries, %zu EPSS scores, %zu rejected; %.2f s",
         st.files, st.advisories, st.added, st.updated, st.unchanged, st.older, st.withdrawn, st.kev,
         st.epss, st.errors, secs);
  if (st.advisories && secs > 0) printf(", %.0f advisories/s", (double)st.advisories / secs);
  printf("\n");
  if (st.errors > VULN_CLI_ERRORS_SHOWN)
    fprintf(stderr, "hoshi: %zu more rejected files not shown\n", st.errors - VULN_CLI_ERRORS_SHOWN);
  if (st.errors) rc = CLI_FAIL;
  audit_actor who;
  cli_actor(&who);
  products_rematch_stats pst;
  if (products_rematch_since(db, &who, since, &pst, &err) != HOSHI_OK) {
    cli_error(CLI_FAIL, "re-matching products: %s", err.message);
    rc = CLI_FAIL;
  } else if (pst.versions || pst.kev_hits) {
    printf("re-matched %zu product versions (%zu components): %zu new findings, %zu resolved, %zu KEV hits\n",
           pst.versions, pst.components, pst.findings_new, pst.resolved, pst.kev_hits);
  }
  sqlite3_close(db);
  return rc;
}

int cmd_vuln(int argc, char **argv) {
  if (argc < 2 || cli_wants_help(argc, argv)) return usage(argc < 2 ? stderr : stdout);
  if (strcmp(argv[1], "import") == 0) return cmd_vuln_import(argc - 1, argv + 1);
  cli_error(CLI_USAGE, "vuln: unknown subcommand '%s'", argv[1]);
  return usage(stderr);
}

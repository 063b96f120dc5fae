/* hoshi vuln import: loads OSV advisories (files, folders, all.zip), the CISA KEV catalog and
 * EPSS scores into the database; a progress bar on a terminal, a summary at the end.
 * hoshi vuln fetch / feed: the same data fetched from feed URLs (src/feeds/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "audit/audit.h"
#include "feeds/feeds.h"
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
          "usage: hoshi vuln import [--db PATH] PATH...\n"
          "       hoshi vuln fetch [--db PATH] [--allow-http] [--max-bytes N] [--timeout S] [URL...]\n"
          "       hoshi vuln feed add|remove [--db PATH] [--allow-http] URL\n"
          "       hoshi vuln feed list [--db PATH]\n\n"
          "Loads vulnerability data into the database (default var/hoshi.db or $HOSHI_DB):\n"
          "  OSV advisories: a .json file, a folder of them, or an OSV all.zip export\n"
          "  the CISA KEV catalog (known_exploited_vulnerabilities.json)\n"
          "  EPSS scores (epss_scores-YYYY-MM-DD.csv, plain or .gz)\n"
          "The kind of each file is recognized from its content. Re-importing is safe: an\n"
          "advisory is replaced only when its `modified` time is later; KEV and EPSS replace the\n"
          "previous catalog. Rejected files are listed with the JSON path of the fault; the exit\n"
          "status is then 1, and everything else is still stored.\n"
          "Afterwards the stored product SBOMs are re-matched for the packages the imported\n"
          "advisories name, and KEV flags are refreshed (alerts: see docs/products.md).\n\n"
          "fetch downloads each URL (or, without URLs, every configured feed) over https and imports\n"
          "it the same way: an OSV all.zip export, the KEV JSON, the EPSS CSV .gz. The request is\n"
          "conditional (ETag, Last-Modified): a feed that has not changed is not imported again.\n"
          "Downloads are limited to --max-bytes (default %zu) and --timeout seconds (default %ld);\n"
          "plain http:// only with --allow-http. Exit status 1 when a feed failed.\n"
          "feed add|list|remove keep the feeds `hoshi serve --fetch-interval` fetches on schedule;\n"
          "list shows when each last succeeded and its last error.\n",
          FEEDS_DOWNLOAD_MAX, FEEDS_TIMEOUT_S);
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
  hoshi_vuln_import_opts opts = {on_error, on_progress, &ui, NULL};
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

void cli_feed_line(const char *url, const feeds_result *r, char *out, size_t n) {
  char shown[256];
  feeds_url_redact(url, shown, sizeof shown);
  if (r->status == FEEDS_FAILED) snprintf(out, n, "%s: failed: %s", shown, r->error);
  else if (r->status == FEEDS_UNCHANGED)
    snprintf(out, n, "%s: unchanged (HTTP %ld%s), not imported", shown, r->http_status,
             r->http_status == 304 ? "" : ", same bytes as the last import");
  else
    snprintf(out, n,
             "%s: imported %zu bytes: %zu advisories (%zu added, %zu updated, %zu unchanged), %zu KEV entries, %zu EPSS"
             " scores, %zu rejected; %zu new findings, %zu resolved in %zu product versions",
             shown, r->bytes, r->imp.advisories, r->imp.added, r->imp.updated, r->imp.unchanged, r->imp.kev, r->imp.epss,
             r->imp.errors, r->rematch.findings_new, r->rematch.resolved, r->rematch.versions);
}

static void on_fetched(void *ctx, const char *url, const feeds_result *r) {
  int *failed = ctx;
  char line[1024];
  cli_feed_line(url, r, line, sizeof line);
  if (r->status == FEEDS_FAILED) {
    fprintf(stderr, "hoshi: %s\n", line);
    *failed = 1;
  } else {
    printf("%s\n", line);
  }
}

/* Options vuln fetch and vuln feed share. */
typedef struct fetch_args {
  const char *db;
  feeds_opts o;
  const char *urls[VULN_CLI_PATHS_MAX];
  size_t nurls;
} fetch_args;

/* CLI_OK, or the usage error's exit status after printing it. */
static int fetch_parse(const char *cmd, int argc, char **argv, fetch_args *a) {
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) a->db = v;
    else if (strcmp(argv[i], "--allow-http") == 0) a->o.allow_http = 1;
    else if ((v = cli_opt(argc, argv, &i, "--max-bytes"))) {
      char *end = NULL;
      unsigned long long n = strtoull(v, &end, 10);
      if (end == v || *end || n < 1 || n > FEEDS_DOWNLOAD_MAX)
        return cli_error(CLI_USAGE, "%s: --max-bytes must be 1..%zu", cmd, FEEDS_DOWNLOAD_MAX);
      a->o.max_bytes = (size_t)n;
    } else if ((v = cli_opt(argc, argv, &i, "--timeout"))) {
      char *end = NULL;
      long n = strtol(v, &end, 10);
      if (end == v || *end || n < 1 || n > FEEDS_TIMEOUT_S * 4)
        return cli_error(CLI_USAGE, "%s: --timeout must be 1..%ld seconds", cmd, FEEDS_TIMEOUT_S * 4);
      a->o.timeout_s = n;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_error(CLI_USAGE, "%s: unknown option '%s' (see hoshi vuln --help)", cmd, argv[i]);
    else if (a->nurls < VULN_CLI_PATHS_MAX) a->urls[a->nurls++] = argv[i];
    else return cli_error(CLI_USAGE, "%s: more than %d URLs", cmd, VULN_CLI_PATHS_MAX);
  }
  return CLI_OK;
}

static int cmd_vuln_fetch(int argc, char **argv) {
  fetch_args a;
  memset(&a, 0, sizeof a);
  int rc = fetch_parse("vuln fetch", argc, argv, &a);
  if (rc) return rc;
  for (size_t i = 0; i < a.nurls; i++) {
    hoshi_error err;
    if (feeds_url_check(a.urls[i], a.o.allow_http, &err) != HOSHI_OK) return cli_error(CLI_USAGE, "vuln fetch: %s", err.message);
  }
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  const char *path = cli_db_path(a.db);
  sqlite3 *db = cli_open_db(a.db);
  if (db == NULL) return CLI_FAIL;
  char dir[4096];
  cli_db_dir(path, dir, sizeof dir);
  a.o.tmp_dir = dir;
  import_ui ui = {0, 0, NULL, now_s()};
  a.o.on_error = on_error;
  a.o.ctx = &ui;
  audit_actor who;
  cli_actor(&who);
  int failed = 0;
  hoshi_error err;
  if (a.nurls == 0) {
    size_t nfailed = 0, n = 0;
    feeds_info *list = NULL;
    if (feeds_list(db, &list, &n, &err) == HOSHI_OK && n == 0)
      fprintf(stderr, "hoshi: no feeds configured (hoshi vuln feed add URL), nothing fetched\n");
    free(list);
    rc = CLI_OK;
    if (feeds_fetch_all(db, &who, &a.o, on_fetched, &failed, &nfailed, &err) != HOSHI_OK)
      rc = cli_error(CLI_FAIL, "%s", err.message);
  } else {
    for (size_t i = 0; i < a.nurls; i++) {
      feeds_result r;
      if (feeds_fetch(db, &who, a.urls[i], &a.o, &r, &err) != HOSHI_OK) {
        r.status = FEEDS_FAILED;
        if (!r.error[0]) snprintf(r.error, sizeof r.error, "%s", err.message);
      }
      on_fetched(&failed, a.urls[i], &r);
    }
  }
  sqlite3_close(db);
  return rc ? rc : failed ? CLI_FAIL : CLI_OK;
}

static int cmd_vuln_feed(int argc, char **argv) {
  if (argc < 2) return cli_error(CLI_USAGE, "vuln feed: add, list or remove (see hoshi vuln --help)");
  const char *sub = argv[1];
  int add = !strcmp(sub, "add"), list = !strcmp(sub, "list"), remove = !strcmp(sub, "remove");
  if (!add && !list && !remove) return cli_error(CLI_USAGE, "vuln feed: unknown subcommand '%s'", sub);
  fetch_args a;
  memset(&a, 0, sizeof a);
  int rc = fetch_parse("vuln feed", argc - 1, argv + 1, &a);
  if (rc) return rc;
  if (list ? a.nurls != 0 : a.nurls != 1)
    return cli_error(CLI_USAGE, "vuln feed %s: %s", sub, list ? "takes no URL" : "needs exactly one URL");
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  sqlite3 *db = cli_open_db(a.db);
  if (db == NULL) return CLI_FAIL;
  audit_actor who;
  cli_actor(&who);
  hoshi_error err;
  if (add || remove) {
    hoshi_err r = add ? feeds_add(db, &who, a.urls[0], a.o.allow_http, &err) : feeds_remove(db, &who, a.urls[0], &err);
    char shown[256];
    feeds_url_redact(a.urls[0], shown, sizeof shown);
    if (r == HOSHI_OK) printf("%s %s\n", add ? "added" : "removed", shown);
    else rc = cli_error(r == HOSHI_EINVAL || r == HOSHI_ELIMIT ? CLI_USAGE : CLI_FAIL, "vuln feed %s: %s", sub, err.message);
  } else {
    feeds_info *f = NULL;
    size_t n = 0;
    if (feeds_list(db, &f, &n, &err) != HOSHI_OK) rc = cli_error(CLI_FAIL, "%s", err.message);
    for (size_t i = 0; i < n; i++) {
      char shown[256];
      feeds_url_redact(f[i].url, shown, sizeof shown);
      printf("%s\n  added %s; last fetch %s (%s); last success %s%s%s\n", shown, f[i].added_at,
             f[i].last_fetch_at[0] ? f[i].last_fetch_at : "never", f[i].last_status[0] ? f[i].last_status : "-",
             f[i].last_success_at[0] ? f[i].last_success_at : "never", f[i].last_status[0] == 'f' ? "\n  error: " : "",
             f[i].last_status[0] == 'f' ? f[i].last_error : "");
    }
    if (rc == CLI_OK && n == 0) printf("no feeds configured\n");
    free(f);
  }
  sqlite3_close(db);
  return rc;
}

int cmd_vuln(int argc, char **argv) {
  if (argc < 2 || cli_wants_help(argc, argv)) return usage(argc < 2 ? stderr : stdout);
  if (strcmp(argv[1], "import") == 0) return cmd_vuln_import(argc - 1, argv + 1);
  if (strcmp(argv[1], "fetch") == 0) return cmd_vuln_fetch(argc - 1, argv + 1);
  if (strcmp(argv[1], "feed") == 0) return cmd_vuln_feed(argc - 1, argv + 1);
  cli_error(CLI_USAGE, "vuln: unknown subcommand '%s'", argv[1]);
  return usage(stderr);
}

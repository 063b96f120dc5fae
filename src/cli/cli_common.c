/* Helpers shared by the subcommands: help detection, database path, errors, passwords. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "audit/audit.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "core/util.h"
#include "store/store.h"

int cli_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
  return 0;
}

const char *cli_db_path(const char *opt) {
  if (opt && *opt) return opt;
  const char *env = getenv("HOSHI_DB");
  if (env && *env) return env;
  return "var/hoshi.db";
}

int cli_error(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("hoshi: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return code;
}

struct sqlite3 *cli_open_db(const char *opt) {
  if (util_init() != 0) {
    cli_error(CLI_FAIL, "cannot initialize libsodium");
    return NULL;
  }
  sqlite3 *db = NULL;
  hoshi_error e;
  if (store_open_migrated(cli_db_path(opt), &db, &e) != HOSHI_OK) {
    cli_error(CLI_FAIL, "%s", e.message);
    return NULL;
  }
  return db;
}

void cli_actor(struct audit_actor *a) {
  static char name[96];
  const char *u = getenv("USER");
  if (u == NULL || !*u) u = getlogin();
  snprintf(name, sizeof name, "cli:%.80s", u && *u ? u : "unknown");
  a->user_id = NULL;
  a->name = name;
  a->request_id = "";
}

static int read_line(char *out, size_t n) {
  if (fgets(out, (int)n, stdin) == NULL) return -1;
  size_t len = strlen(out);
  while (len && (out[len - 1] == '\n' || out[len - 1] == '\r')) out[--len] = '\0';
  return 0;
}

int cli_read_password(const char *prompt, char *out, size_t n) {
  if (!isatty(STDIN_FILENO)) return read_line(out, n);
  struct termios old, quiet;
  tcgetattr(STDIN_FILENO, &old);
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  char again[512];
  fprintf(stderr, "%s: ", prompt);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  int rc = read_line(out, n);
  fprintf(stderr, "\nagain: ");
  if (rc == 0) rc = read_line(again, sizeof again);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  fputc('\n', stderr);
  if (rc == 0 && strcmp(out, again) != 0) {
    fprintf(stderr, "hoshi: the two passwords differ\n");
    rc = -1;
  }
  memset(again, 0, sizeof again);
  return rc;
}

const char *cli_opt(int argc, char **argv, int *i, const char *name) {
  if (strcmp(argv[*i], name) != 0) return NULL;
  if (*i + 1 >= argc) return NULL;
  return argv[++*i];
}

void cli_data_dir(const char *db_path, char *out, size_t n) {
  const char *slash = strrchr(db_path, '/');
  if (slash == NULL) snprintf(out, n, "files");
  else snprintf(out, n, "%.*s/files", (int)(slash - db_path), db_path);
}

void cli_db_dir(const char *db_path, char *out, size_t n) {
  const char *slash = strrchr(db_path, '/');
  if (slash == NULL) snprintf(out, n, ".");
  else snprintf(out, n, "%.*s", slash == db_path ? 1 : (int)(slash - db_path), db_path);
}

void cli_keys_dir(const char *db_path, char *out, size_t n) {
  const char *slash = strrchr(db_path, '/');
  if (slash == NULL) snprintf(out, n, "keys");
  else snprintf(out, n, "%.*s/keys", (int)(slash - db_path), db_path);
}

int cli_import_catalogs(struct sqlite3 *db, int quiet) {
  const char *dir = getenv("HOSHI_CATALOGS");
  char path[4096];
  if (dir == NULL || !*dir) {
    snprintf(path, sizeof path, "%s/catalogs", HOSHI_SOURCE_DIR);
    dir = path;
  }
  audit_actor who = {NULL, "system", ""};
  int n = 0;
  hoshi_error e;
  if (catalog_import_dir(db, &who, dir, &n, &e) != HOSHI_OK) {
    cli_error(CLI_FAIL, "importing catalogs: %s", e.message);
    return -1;
  }
  if (n && !quiet) printf("imported %d catalog%s from %s\n", n, n == 1 ? "" : "s", dir);
  return 0;
}

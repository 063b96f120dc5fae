/* Helpers shared by the subcommands: help detection, database path, error printing. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

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

/* hoshi version: compare two versions the way an ecosystem orders them (and check one).
 * Thin layer over hoshi_version_cmp; exit 2 names the invalid version. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "hoshi/version.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: hoshi version cmp ECOSYSTEM A B\n"
          "       hoshi version check ECOSYSTEM V\n\n"
          "cmp prints -1, 0 or 1 as A sorts before, equal to or after B in ECOSYSTEM.\n"
          "check exits 0 when V is a valid version of ECOSYSTEM.\n"
          "ECOSYSTEM is an OSV name: npm, PyPI, Go, Maven, crates.io, NuGet, RubyGems,\n"
          "Packagist, Debian, Ubuntu, Alpine, Red Hat, Rocky Linux, AlmaLinux, openSUSE, SUSE,\n"
          "Hex, Pub (a release suffix such as Debian:12 is accepted).\n"
          "Exit 2 when the ecosystem is unknown or a version is invalid.\n");
}

int cmd_version(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) {
    usage(stdout);
    return CLI_OK;
  }
  hoshi_error err;
  hoshi_error_clear(&err);
  if (argc == 5 && strcmp(argv[1], "cmp") == 0) {
    int c = 0;
    if (hoshi_version_cmp(argv[2], argv[3], argv[4], &c, &err) != HOSHI_OK)
      return cli_error(CLI_USAGE, "version cmp: %s: %s", strcmp(err.field, "a") == 0 ? "A" : strcmp(err.field, "b") == 0 ? "B" : err.field, err.message);
    printf("%d\n", c);
    return CLI_OK;
  }
  if (argc == 4 && strcmp(argv[1], "check") == 0) {
    if (hoshi_version_check(argv[2], argv[3], &err) != HOSHI_OK)
      return cli_error(CLI_USAGE, "version check: %s: %s", err.field, err.message);
    printf("ok\n");
    return CLI_OK;
  }
  usage(stderr);
  return CLI_USAGE;
}

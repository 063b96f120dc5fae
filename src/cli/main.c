/* hoshi: entry point of the single binary. Dispatches to one function per subcommand;
 * each lives in src/cli/cmd_<name>.c and only translates arguments to libhoshi calls. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command commands[] = {
    {"init", cmd_init, "create or upgrade a database"},
    {"serve", cmd_serve, "run the HTTP server (JSON API and web UI)"},
    {"org", cmd_org, "add or list organizations"},
    {"user", cmd_user, "add or list users; set a password"},
    {"token", cmd_token, "create or revoke API tokens"},
    {"audit", cmd_audit, "verify or export the audit log"},
    {"demo", cmd_demo, "load demo organizations and users"},
    {"catalog", cmd_catalog, "list, show, import or export requirement catalogs"},
    {"sbom", cmd_sbom, "read an SBOM and report its minimum-element coverage"},
    {"purl", cmd_purl, "canonicalize a package URL or show its parts"},
    {"scan", cmd_scan, "match an SBOM against the vulnerability store, with VEX"},
    {"vuln", cmd_vuln, "import OSV advisories, CISA KEV and EPSS into the database"},
    {"label", cmd_label, "list, show or withdraw JC-STAR IoT product labels"},
    {"version", cmd_version, "compare package versions as an ecosystem orders them"},
    {"keys", cmd_keys, "list or rotate the certificate signing keys; print the JWKS"},
    {"verify", cmd_verify, "verify an SCS certificate (JWS) offline against a JWKS"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: hoshi COMMAND [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n'hoshi COMMAND --help' shows the options of a command.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("hoshi %s\n", HOSHI_VERSION);
    return CLI_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  }
  fprintf(stderr, "hoshi: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}

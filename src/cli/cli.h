/* The hoshi command line: each subcommand is one function taking its own argv
 * (argv[0] is the subcommand name). Exit codes: 0 success, 1 failure, 2 bad usage. */
#ifndef HOSHI_CLI_H
#define HOSHI_CLI_H

#include <stdio.h>

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} cli_command;

/* Foundation */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_demo(int argc, char **argv);

/* SBOM reading, purl and version ordering */
int cmd_sbom(int argc, char **argv);
int cmd_purl(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Vulnerability matching */
int cmd_vuln(int argc, char **argv);
int cmd_scan(int argc, char **argv);

/* Shared helpers for subcommands */
/* True when argv[i] is -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Database path: --db option value if given, else $HOSHI_DB, else var/hoshi.db. */
const char *cli_db_path(const char *opt);
/* Prints "hoshi: " + message to stderr, returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

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
int cmd_catalog(int argc, char **argv);

/* SBOM reading, purl and version ordering */
int cmd_sbom(int argc, char **argv);
int cmd_purl(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Vulnerability matching */
int cmd_vuln(int argc, char **argv);
int cmd_scan(int argc, char **argv);

/* Certificates: signing keys and offline verification */
int cmd_keys(int argc, char **argv);
int cmd_verify(int argc, char **argv);
/* JC-STAR labels */
int cmd_label(int argc, char **argv);

/* Shared helpers for subcommands */
/* True when argv[i] is -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Database path: --db option value if given, else $HOSHI_DB, else var/hoshi.db. */
const char *cli_db_path(const char *opt);
/* Prints "hoshi: " + message to stderr, returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens and migrates the database; prints the reason and returns NULL on failure. */
struct sqlite3;
struct sqlite3 *cli_open_db(const char *opt);
/* The audit actor for command-line changes: "cli:<login name>". */
struct audit_actor;
void cli_actor(struct audit_actor *a);
/* Reads a password: prompts twice without echo on a terminal, else one line of stdin.
 * Returns 0 on success. */
int cli_read_password(const char *prompt, char *out, size_t n);
/* The folder for evidence files next to the database: <dir of db>/files. */
void cli_data_dir(const char *db_path, char *out, size_t n);
/* The folder holding the database ("." for a bare file name). */
void cli_db_dir(const char *db_path, char *out, size_t n);
/* One line on a feed fetch for a person: the URL without secrets, what happened, the counts. */
struct feeds_result;
void cli_feed_line(const char *url, const struct feeds_result *r, char *out, size_t n);
/* The folder for certificate signing keys next to the database: <dir of db>/keys. */
void cli_keys_dir(const char *db_path, char *out, size_t n);
/* Imports the shipped catalogs (catalogs/ next to the sources, or $HOSHI_CATALOGS) that the
 * database lacks; prints what it did unless quiet. Returns 0, or -1 after printing why. */
int cli_import_catalogs(struct sqlite3 *db, int quiet);
/* Finds an option value: returns argv[i+1] for "--name VALUE" and advances *i. */
const char *cli_opt(int argc, char **argv, int *i, const char *name);

#endif

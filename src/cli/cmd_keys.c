/* hoshi keys list|rotate|jwks: the Ed25519 keys that sign SCS certificates. Rotation makes a
 * new signing key and keeps every old public key, so certificates signed before still verify. */
#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "cli/cli.h"

static int usage(FILE *f) {
  fprintf(f, "usage: hoshi keys list [--db PATH | --keys DIR]\n"
             "       hoshi keys rotate [--db PATH] [--keys DIR]\n"
             "       hoshi keys jwks [--db PATH | --keys DIR]\n\n"
             "The key folder is <database folder>/keys unless --keys names another. list shows each key id\n"
             "(kid), its creation time and which one signs; rotate makes a new signing key, deletes the\n"
             "previous private seed and keeps its public key; jwks prints the JWK Set that\n"
             "/.well-known/jwks.json serves, for offline verification (hoshi verify --jwks).\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

int cmd_keys(int argc, char **argv) {
  if (argc < 2) return usage(stderr);
  if (cli_wants_help(argc, argv)) return usage(stdout);
  const char *db_opt = NULL, *keys_opt = NULL;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--keys"))) keys_opt = v;
    else return cli_error(CLI_USAGE, "keys: unexpected argument '%s' (see hoshi keys --help)", argv[i]);
  }
  const char *action = argv[1];
  int list = !strcmp(action, "list"), rotate = !strcmp(action, "rotate"), jwks = !strcmp(action, "jwks");
  if (!list && !rotate && !jwks) return cli_error(CLI_USAGE, "keys: unknown action '%s'; expected list, rotate or jwks", action);
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  char dir[4096];
  if (keys_opt) snprintf(dir, sizeof dir, "%s", keys_opt);
  else cli_keys_dir(cli_db_path(db_opt), dir, sizeof dir);
  hoshi_error e;
  if (rotate) {
    sqlite3 *db = cli_open_db(db_opt); /* the rotation is audited */
    if (db == NULL) return CLI_FAIL;
    audit_actor who;
    cli_actor(&who);
    cert_key k;
    hoshi_err rc = cert_rotate(db, &who, dir, &k, &e);
    sqlite3_close(db);
    if (rc) return cli_error(CLI_FAIL, "keys rotate: %s", e.message);
    printf("%s\n", k.kid);
    fprintf(stderr, "hoshi: new signing key %s in %s; older public keys stay for verification\n", k.kid, dir);
    return CLI_OK;
  }
  cert_keyset ks;
  if (cert_keys_load(dir, &ks, &e)) return cli_error(CLI_FAIL, "keys: %s", e.message);
  if (jwks) {
    size_t len = 0;
    char *json = cert_jwks_json(&ks, &len);
    if (json == NULL) return cli_error(CLI_FAIL, "out of memory");
    printf("%s\n", json);
    free(json);
    return CLI_OK;
  }
  if (ks.n == 0) fprintf(stderr, "hoshi: no keys in %s yet (hoshi serve or hoshi keys rotate makes one)\n", dir);
  for (size_t i = 0; i < ks.n; i++)
    printf("%s  %s  %s\n", ks.keys[i].kid, ks.keys[i].created, ks.keys[i].current ? "current" : "retired");
  return CLI_OK;
}

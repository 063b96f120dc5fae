/* hoshi init: create a database (or bring an existing one to the current schema). */
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "store/store.h"

int cmd_init(int argc, char **argv) {
  const char *db_opt = NULL;
  if (cli_wants_help(argc, argv)) {
    printf("usage: hoshi init [--db PATH]\n\n"
           "Creates the SQLite database (default var/hoshi.db or $HOSHI_DB) and applies every\n"
           "migration it lacks. Safe to run again.\n");
    return CLI_OK;
  }
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db_opt = argv[++i];
    else return cli_error(CLI_USAGE, "init: unexpected argument '%s' (see hoshi init --help)", argv[i]);
  }
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  const char *path = cli_db_path(db_opt);
  sqlite3 *db = NULL;
  hoshi_error err;
  if (store_open_migrated(path, &db, &err) != HOSHI_OK) return cli_error(CLI_FAIL, "%s", err.message);
  if (cli_import_catalogs(db, 0) != 0) {
    sqlite3_close(db);
    return CLI_FAIL;
  }
  printf("database %s at schema version %d\n", path, store_schema_version(db));
  sqlite3_close(db);
  return CLI_OK;
}

/* hoshi catalog list|show|import|export: the catalogs in a database, and loading new ones
 * (an operator brings official wording by importing a new version). */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/convert.h"
#include "cli/cli.h"
#include "hoshi/buf.h"

static int usage(FILE *f) {
  fprintf(f, "usage: hoshi catalog list [--db PATH]\n"
             "       hoshi catalog show ID [--db PATH]\n"
             "       hoshi catalog import FILE... [--format hoshi|oscal|ciso-assistant] [--db PATH]\n"
             "       hoshi catalog export ID [--format hoshi|oscal] [--db PATH]\n\n"
             "Catalogs are JSON in the hoshi-catalog/1 format (docs/catalogs.md); OSCAL catalog JSON and\n"
             "CISO Assistant library YAML are converted on import. import validates each file completely\n"
             "and names the file, the JSON path (or YAML line) and the reason of the first problem.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) return NULL;
  hoshi_buf b = HOSHI_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.n <= CATALOG_FILE_MAX) hoshi_buf_append(&b, chunk, n);
  if (f != stdin) fclose(f);
  *len = b.n;
  return hoshi_buf_take(&b);
}

int cmd_catalog(int argc, char **argv) {
  if (argc < 2) return usage(stderr);
  if (cli_wants_help(argc, argv)) return usage(stdout);
  const char *db_opt = NULL, *format = "hoshi", *args[64];
  int nargs = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--format"))) format = v;
    else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && nargs < 64) args[nargs++] = argv[i];
    else return cli_error(CLI_USAGE, "catalog: unexpected argument '%s' (see hoshi catalog --help)", argv[i]);
  }
  const char *action = argv[1];
  int list = !strcmp(action, "list"), show = !strcmp(action, "show"), import = !strcmp(action, "import"),
      export = !strcmp(action, "export");
  if (!list && !show && !import && !export)
    return cli_error(CLI_USAGE, "catalog: unknown action '%s'; expected list, show, import or export", action);
  if ((show || export) && nargs != 1) return cli_error(CLI_USAGE, "catalog %s: give one catalog id", action);
  if (import && nargs == 0) return cli_error(CLI_USAGE, "catalog import: give at least one FILE");
  int oscal = strcmp(format, "oscal") == 0, cisoa = strcmp(format, "ciso-assistant") == 0;
  if (!oscal && !cisoa && strcmp(format, "hoshi") != 0)
    return cli_error(CLI_USAGE, "catalog: --format must be hoshi, oscal or ciso-assistant");
  if (export && cisoa) return cli_error(CLI_USAGE, "catalog export: --format must be hoshi or oscal");
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  int rc = CLI_OK;
  hoshi_error e;
  if (list) {
    catalog_info *items = NULL;
    size_t n = 0;
    if (catalog_list(db, &items, &n, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
    for (size_t i = 0; i < n; i++)
      printf("%s\t%s\t%s\t%d requirements\t%d criteria\t%s\n", items[i].id, items[i].scheme, items[i].version,
             items[i].requirements, items[i].criteria, items[i].official ? "official wording" : "summaries");
    free(items);
  } else if (show) {
    catalog_info ci;
    if (catalog_get_info(db, args[0], &ci, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
    else
      printf("id: %s\nscheme: %s\nversion: %s\ntitle: %s / %s\nwording: %s\nrequirements: %d\ncriteria: %d\nimported: %s\n",
             ci.id, ci.scheme, ci.version, ci.title_ja, ci.title_en, ci.official ? "official" : "our summaries (unofficial)",
             ci.requirements, ci.criteria, ci.imported_at);
  } else if (export) {
    char *json = NULL;
    size_t len = 0;
    char *conv = NULL;
    size_t clen = 0;
    if (catalog_get_document(db, args[0], &json, &len, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
    else if (oscal && catalog_to_oscal(json, len, &conv, &clen, &e)) rc = cli_error(CLI_FAIL, "OSCAL export: %s", e.message);
    else if (oscal) fwrite(conv, 1, clen, stdout);
    else fwrite(json, 1, len, stdout);
    free(json);
    free(conv);
  } else {
    audit_actor who;
    cli_actor(&who);
    for (int i = 0; i < nargs && rc == CLI_OK; i++) {
      size_t len = 0;
      char *json = slurp(args[i], &len);
      char id[CATALOG_ID_MAX + 1];
      if (json && (oscal || cisoa)) {
        char *conv = NULL;
        size_t clen = 0;
        hoshi_err crc = oscal ? catalog_from_oscal(json, len, &conv, &clen, &e) : catalog_from_cisoa_yaml(json, len, &conv, &clen, &e);
        free(json);
        json = conv;
        len = clen;
        if (crc) {
          rc = cli_error(CLI_FAIL, "%s: %s: %s", args[i], e.field, e.message);
          continue;
        }
      }
      if (json == NULL) rc = cli_error(CLI_FAIL, "cannot read %s", args[i]);
      else if (catalog_import(db, &who, json, len, args[i], id, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
      else printf("imported %s from %s\n", id, args[i]);
      free(json);
    }
  }
  sqlite3_close(db);
  return rc;
}

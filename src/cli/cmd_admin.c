/* hoshi org|user|token|audit: operator commands that work on the database directly. Each
 * change goes through the same library functions as the API, so it is validated and audited. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/cli.h"
#include "http/http.h"
#include "org/org.h"
#include "store/store.h"

/* Accepts an organization id or its 法人番号. */
static hoshi_err find_org(sqlite3 *db, const char *key, org *o, hoshi_error *e) {
  if (org_get(db, key, o, NULL) == HOSHI_OK) return HOSHI_OK;
  return org_get_by_corpnum(db, key, o, e);
}

/* Prints a JSON document on one line and frees it. */
static void print_doc(yyjson_mut_doc *d) {
  char *s = yyjson_mut_write(d, 0, NULL);
  if (s) puts(s);
  free(s);
  yyjson_mut_doc_free(d);
}

/* ---- org ---- */

static int org_usage(FILE *f) {
  fprintf(f, "usage: hoshi org add --corporate-number N --name-ja NAME --sector SECTOR\n"
             "                     [--name-en NAME] [--sme] [--address TEXT] [--db PATH]\n"
             "       hoshi org list [--q TEXT] [--json] [--db PATH]\n\n"
             "sectors: automotive semiconductor distribution finance electricity gas telecom\n"
             "         water transport healthcare other\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

int cmd_org(int argc, char **argv) {
  if (argc < 2) return org_usage(stderr);
  if (cli_wants_help(argc, argv)) return org_usage(stdout);
  const char *db_opt = NULL, *q = NULL;
  int json = 0;
  org_fields f = ORG_FIELDS_INIT;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--corporate-number"))) f.corporate_number = v;
    else if ((v = cli_opt(argc, argv, &i, "--name-ja"))) f.name_ja = v;
    else if ((v = cli_opt(argc, argv, &i, "--name-en"))) f.name_en = v;
    else if ((v = cli_opt(argc, argv, &i, "--sector"))) f.sector = v;
    else if ((v = cli_opt(argc, argv, &i, "--address"))) f.address = v;
    else if ((v = cli_opt(argc, argv, &i, "--q"))) q = v;
    else if (strcmp(argv[i], "--sme") == 0) f.is_sme = 1;
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else return cli_error(CLI_USAGE, "org: unexpected argument '%s' (see hoshi org --help)", argv[i]);
  }
  int add = strcmp(argv[1], "add") == 0, list = strcmp(argv[1], "list") == 0;
  if (!add && !list) return cli_error(CLI_USAGE, "org: unknown action '%s'; expected add or list", argv[1]);
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  int rc = CLI_OK;
  hoshi_error e;
  if (add) {
    audit_actor who;
    cli_actor(&who);
    org o;
    if (org_create(db, &who, &f, &o, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "org add: %s", e.message);
    else printf("%s\t%s\t%s\n", o.id, o.corporate_number, o.name_ja);
  } else {
    org *items = NULL;
    size_t n = 0;
    if (org_list(db, NULL, q, &items, &n, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "org list: %s", e.message);
    if (json) {
      yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
      yyjson_mut_val *arr = yyjson_mut_arr(d);
      yyjson_mut_doc_set_root(d, arr);
      for (size_t i = 0; i < n; i++) yyjson_mut_arr_append(arr, json_org(d, &items[i]));
      print_doc(d);
      n = 0;
    }
    for (size_t i = 0; i < n; i++)
      printf("%s\t%s\t%s\t%s\t%s%s\n", items[i].id, items[i].corporate_number, items[i].sector, items[i].name_ja,
             items[i].name_en, items[i].is_sme ? "\tSME" : "");
    free(items);
  }
  sqlite3_close(db);
  return rc;
}

/* ---- user ---- */

static int user_usage(FILE *f) {
  fprintf(f, "usage: hoshi user add --org ORG --username NAME --roles ROLE[,ROLE] [--name TEXT]\n"
             "                      [--email ADDR] [--db PATH]   (password from stdin or a prompt)\n"
             "       hoshi user list [--org ORG] [--json] [--db PATH]\n"
             "       hoshi user passwd USERNAME [--db PATH]   (password from stdin or a prompt)\n\n"
             "ORG is an organization id or its 法人番号. Roles: admin member expert evaluator auditor.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

int cmd_user(int argc, char **argv) {
  if (argc < 2) return user_usage(stderr);
  if (cli_wants_help(argc, argv)) return user_usage(stdout);
  const char *db_opt = NULL, *org_key = NULL, *roles_s = NULL, *target = NULL;
  int json = 0;
  user_fields f = USER_FIELDS_INIT;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--org"))) org_key = v;
    else if ((v = cli_opt(argc, argv, &i, "--username"))) f.username = v;
    else if ((v = cli_opt(argc, argv, &i, "--roles"))) roles_s = v;
    else if ((v = cli_opt(argc, argv, &i, "--name"))) f.display_name = v;
    else if ((v = cli_opt(argc, argv, &i, "--email"))) f.email = v;
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (argv[i][0] != '-' && target == NULL) target = argv[i];
    else return cli_error(CLI_USAGE, "user: unexpected argument '%s' (see hoshi user --help)", argv[i]);
  }
  const char *action = argv[1];
  if (strcmp(action, "add") && strcmp(action, "list") && strcmp(action, "passwd"))
    return cli_error(CLI_USAGE, "user: unknown action '%s'; expected add, list or passwd", action);
  if (strcmp(action, "add") == 0 && (org_key == NULL || f.username == NULL || roles_s == NULL))
    return cli_error(CLI_USAGE, "user add: --org, --username and --roles are required");
  if (strcmp(action, "passwd") == 0 && target == NULL) return cli_error(CLI_USAGE, "user passwd: USERNAME is required");
  hoshi_error e;
  if (roles_s && (f.roles = auth_roles_parse(roles_s, &e)) < 0) return cli_error(CLI_USAGE, "user add: %s", e.message);

  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  int rc = CLI_OK;
  audit_actor who;
  cli_actor(&who);
  org o;
  if (org_key && find_org(db, org_key, &o, &e) != HOSHI_OK) {
    rc = cli_error(CLI_FAIL, "no organization with id or 法人番号 '%s'", org_key);
    goto done;
  }
  if (strcmp(action, "list") == 0) {
    user *items = NULL;
    size_t n = 0;
    if (user_list(db, org_key ? o.id : NULL, &items, &n, &e) != HOSHI_OK) {
      rc = cli_error(CLI_FAIL, "user list: %s", e.message);
      goto done;
    }
    if (json) {
      yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
      yyjson_mut_val *arr = yyjson_mut_arr(d);
      yyjson_mut_doc_set_root(d, arr);
      for (size_t i = 0; i < n; i++) yyjson_mut_arr_append(arr, json_user(d, &items[i]));
      print_doc(d);
      n = 0;
    }
    for (size_t i = 0; i < n; i++) {
      char roles[96];
      auth_roles_format(items[i].roles, roles, sizeof roles);
      printf("%s\t%s\t%s\t%s%s\n", items[i].id, items[i].username, items[i].org_id, roles,
             items[i].disabled ? "\tdisabled" : "");
    }
    free(items);
    goto done;
  }
  char pw[AUTH_PASSWORD_MAX + 2];
  if (cli_read_password("new password", pw, sizeof pw) != 0) {
    rc = cli_error(CLI_FAIL, "no password read (give it on stdin or at the prompt)");
    goto done;
  }
  if (strcmp(action, "add") == 0) {
    f.org_id = o.id;
    f.password = pw;
    user u;
    if (user_create(db, &who, &f, &u, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "user add: %s", e.message);
    else printf("%s\t%s\n", u.id, u.username);
  } else {
    user u;
    if (user_get_by_username(db, target, &u, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "no user '%s'", target);
    else if (user_set_password(db, &who, u.id, pw, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "user passwd: %s", e.message);
    else printf("password set for %s\n", u.username);
  }
  memset(pw, 0, sizeof pw);
done:
  sqlite3_close(db);
  return rc;
}

/* ---- token ---- */

static int token_usage(FILE *f) {
  fprintf(f, "usage: hoshi token create --user USERNAME --name TEXT [--roles ROLE,...] [--days N] [--db PATH]\n"
             "       hoshi token revoke TOKEN_ID [--db PATH]\n\n"
             "create prints the token id and the secret; the secret is shown only this once.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

int cmd_token(int argc, char **argv) {
  if (argc < 2) return token_usage(stderr);
  if (cli_wants_help(argc, argv)) return token_usage(stdout);
  const char *db_opt = NULL, *username = NULL, *name = NULL, *roles_s = NULL, *target = NULL;
  int days = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--user"))) username = v;
    else if ((v = cli_opt(argc, argv, &i, "--name"))) name = v;
    else if ((v = cli_opt(argc, argv, &i, "--roles"))) roles_s = v;
    else if ((v = cli_opt(argc, argv, &i, "--days"))) days = atoi(v);
    else if (argv[i][0] != '-' && target == NULL) target = argv[i];
    else return cli_error(CLI_USAGE, "token: unexpected argument '%s' (see hoshi token --help)", argv[i]);
  }
  int create = strcmp(argv[1], "create") == 0, revoke = strcmp(argv[1], "revoke") == 0;
  if (!create && !revoke) return cli_error(CLI_USAGE, "token: unknown action '%s'; expected create or revoke", argv[1]);
  if (create && (username == NULL || name == NULL)) return cli_error(CLI_USAGE, "token create: --user and --name are required");
  if (revoke && target == NULL) return cli_error(CLI_USAGE, "token revoke: TOKEN_ID is required");
  hoshi_error e;
  int roles = 0;
  if (roles_s && (roles = auth_roles_parse(roles_s, &e)) < 0) return cli_error(CLI_USAGE, "token create: %s", e.message);
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  int rc = CLI_OK;
  audit_actor who;
  cli_actor(&who);
  if (create) {
    user u;
    api_token t;
    char secret[AUTH_TOKEN_SECRET_LEN];
    if (user_get_by_username(db, username, &u, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "no user '%s'", username);
    else if (token_create(db, &who, u.id, name, (unsigned)roles, days, &t, secret, &e) != HOSHI_OK)
      rc = cli_error(CLI_FAIL, "token create: %s", e.message);
    else printf("%s\t%s\n", t.id, secret);
  } else if (token_revoke(db, &who, target, &e) != HOSHI_OK) {
    rc = cli_error(CLI_FAIL, "token revoke: %s", e.message);
  } else {
    printf("revoked %s\n", target);
  }
  sqlite3_close(db);
  return rc;
}

/* ---- audit ---- */

static int audit_usage(FILE *f) {
  fprintf(f, "usage: hoshi audit verify [--db PATH]\n"
             "       hoshi audit export [--org ORG_ID] [--after SEQ] [--db PATH]\n\n"
             "verify recomputes the hash chain: exit 0 when intact, 1 naming the first bad record.\n"
             "export writes the records as JSON lines to stdout.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

int cmd_audit(int argc, char **argv) {
  if (argc < 2) return audit_usage(stderr);
  if (cli_wants_help(argc, argv)) return audit_usage(stdout);
  const char *db_opt = NULL, *org_id = NULL;
  long long after = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--org"))) org_id = v;
    else if ((v = cli_opt(argc, argv, &i, "--after"))) after = atoll(v);
    else return cli_error(CLI_USAGE, "audit: unexpected argument '%s' (see hoshi audit --help)", argv[i]);
  }
  int verify = strcmp(argv[1], "verify") == 0, export = strcmp(argv[1], "export") == 0;
  if (!verify && !export) return cli_error(CLI_USAGE, "audit: unknown action '%s'; expected verify or export", argv[1]);
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  hoshi_error e;
  int rc = CLI_OK;
  if (verify) {
    audit_verify_result res;
    if (audit_verify(db, &res, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "audit verify: %s", e.message);
    else if (res.bad_seq) rc = cli_error(CLI_FAIL, "audit log broken at record %lld: %s", (long long)res.bad_seq, res.reason);
    else printf("audit log intact: %lld records, head %s\n", (long long)res.records, res.records ? res.head : "-");
  } else if (audit_export_jsonl(db, org_id, after, stdout, &e) != HOSHI_OK) {
    rc = cli_error(CLI_FAIL, "audit export: %s", e.message);
  }
  sqlite3_close(db);
  return rc;
}

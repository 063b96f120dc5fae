/* hoshi label list|show|withdraw: the JC-STAR labels in a database, as the public sees them,
 * and withdrawal by the scheme operator (the CLI acts as the operator, audited as cli:<user>). */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "jcstar/jcstar.h"

static int usage(FILE *f) {
  fprintf(f, "usage: hoshi label list [--q TEXT] [--vendor TEXT] [--type TYPE] [--level N] [--status S] [--db PATH]\n"
             "       hoshi label show REGNUM [--db PATH]\n"
             "       hoshi label withdraw REGNUM --reason TEXT [--db PATH]\n\n"
             "Lists JC-STAR labels (registration number, level, status, dates, vendor, product, models),\n"
             "shows one label's public record, or withdraws a label with a reason (scheme operator).\n"
             "Status is valid, expired or withdrawn; registration numbers look like JCS1-2026-00001.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

static void print_models(sqlite3 *db, const char *product_id, const char *sep) {
  jcs_models m;
  if (jcs_models_get(db, product_id, &m, NULL) != HOSHI_OK) return;
  for (size_t i = 0; i < m.n; i++) printf("%s%s", i ? sep : "", m.v[i]);
  free(m.v);
}

int cmd_label(int argc, char **argv) {
  if (argc < 2) return usage(stderr);
  if (cli_wants_help(argc, argv)) return usage(stdout);
  const char *db_opt = NULL, *reason = NULL, *arg = NULL;
  jcs_filter f = {0};
  for (int i = 2; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if ((v = cli_opt(argc, argv, &i, "--reason"))) reason = v;
    else if ((v = cli_opt(argc, argv, &i, "--q"))) f.q = v;
    else if ((v = cli_opt(argc, argv, &i, "--vendor"))) f.vendor = v;
    else if ((v = cli_opt(argc, argv, &i, "--type"))) f.product_type = v;
    else if ((v = cli_opt(argc, argv, &i, "--level"))) f.level = v;
    else if ((v = cli_opt(argc, argv, &i, "--status"))) f.status = v;
    else if (argv[i][0] != '-' && arg == NULL) arg = argv[i];
    else return cli_error(CLI_USAGE, "label: unexpected argument '%s' (see hoshi label --help)", argv[i]);
  }
  const char *action = argv[1];
  int list = !strcmp(action, "list"), show = !strcmp(action, "show"), withdraw = !strcmp(action, "withdraw");
  if (!list && !show && !withdraw)
    return cli_error(CLI_USAGE, "label: unknown action '%s'; expected list, show or withdraw", action);
  if ((show || withdraw) && arg == NULL) return cli_error(CLI_USAGE, "label %s: give a registration number", action);
  if (list && arg) return cli_error(CLI_USAGE, "label list: unexpected argument '%s'", arg);
  if (withdraw && (reason == NULL || !*reason)) return cli_error(CLI_USAGE, "label withdraw: --reason is required");
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  int rc = CLI_OK;
  hoshi_error e;
  if (list) {
    jcs_public *rows = NULL;
    size_t n = 0;
    if (jcs_public_list(db, &f, &rows, &n, &e)) rc = cli_error(CLI_FAIL, "%s: %s", e.field, e.message);
    for (size_t i = 0; i < n; i++) {
      const jcs_public *x = &rows[i];
      printf("%s\t★%s\t%s\t%s\t%s\t%s\t%s\t", x->label.reg_number, x->label.level, x->status, x->label.issued_on,
             x->label.expires_on, x->product.vendor, x->product.name);
      print_models(db, x->product.id, ",");
      printf("\n");
    }
    free(rows);
  } else if (show) {
    jcs_public x;
    if (jcs_public_get(db, arg, &x, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
    else {
      printf("registration number: %s\nlevel: ★%s\nstatus: %s\nissued: %s\nexpires: %s\n", x.label.reg_number,
             x.label.level, x.status, x.label.issued_on, x.label.expires_on);
      if (strcmp(x.status, JCS_WITHDRAWN) == 0)
        printf("withdrawn: %s\nreason: %s\n", x.label.withdrawn_at, x.label.withdraw_reason);
      printf("vendor: %s\nproduct: %s\ntype: %s\nmodels: ", x.product.vendor, x.product.name, x.product.product_type);
      print_models(db, x.product.id, ", ");
      printf("\nfirmware: %s\nsupport until: %s\nupdates: %s\nvulnerability contact: %s\ndisclosure policy: %s\n"
             "PSTI recognized: %s\n",
             x.product.firmware_version, x.product.support_end, x.product.update_method, x.product.vuln_contact,
             x.product.disclosure_url, x.label.psti_recognized ? "yes" : "no");
    }
  } else {
    audit_actor who;
    cli_actor(&who);
    if (jcs_label_withdraw(db, &who, arg, reason, &e)) rc = cli_error(CLI_FAIL, "%s", e.message);
    else printf("label %s withdrawn\n", arg);
  }
  sqlite3_close(db);
  return rc;
}

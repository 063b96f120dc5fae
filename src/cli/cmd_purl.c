/* hoshi purl: canonicalize a package URL, or show its parts and OSV package.
 * Thin layer over hoshi_purl_*; exit 2 gives the reason a purl is invalid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "cli/cli.h"
#include "hoshi/purl.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: hoshi purl canon PURL\n"
          "       hoshi purl parse PURL\n\n"
          "canon prints the canonical form of PURL (ECMA-427, with the per-type rules).\n"
          "parse prints its parts as JSON, with the OSV ecosystem and package name when the\n"
          "type has one.\n"
          "Exit 2 with the reason when PURL is not a valid package URL.\n");
}

static int print_parts(const hoshi_purl *p) {
  yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(doc);
  yyjson_mut_doc_set_root(doc, o);
  yyjson_mut_obj_add_str(doc, o, "type", p->type);
  yyjson_mut_obj_add_str(doc, o, "namespace", p->namespace);
  yyjson_mut_obj_add_str(doc, o, "name", p->name);
  yyjson_mut_obj_add_str(doc, o, "version", p->version);
  yyjson_mut_val *q = yyjson_mut_obj_add_obj(doc, o, "qualifiers");
  for (size_t i = 0; i < p->nqualifiers; i++) yyjson_mut_obj_add_str(doc, q, p->qualifiers[i].key, p->qualifiers[i].value);
  yyjson_mut_obj_add_str(doc, o, "subpath", p->subpath);
  char *canon = NULL, *osv_name = NULL;
  hoshi_error e;
  if (hoshi_purl_build(p, &canon, &e) == HOSHI_OK) yyjson_mut_obj_add_str(doc, o, "canonical", canon);
  const char *eco = hoshi_purl_osv_ecosystem(p);
  if (eco && hoshi_purl_osv_name(p, &osv_name, &e) == HOSHI_OK) {
    yyjson_mut_val *osv = yyjson_mut_obj_add_obj(doc, o, "osv");
    yyjson_mut_obj_add_str(doc, osv, "ecosystem", eco);
    yyjson_mut_obj_add_str(doc, osv, "name", osv_name);
  }
  char *js = yyjson_mut_write(doc, YYJSON_WRITE_PRETTY_TWO_SPACES, NULL);
  if (js) printf("%s\n", js);
  free(js);
  free(canon);
  free(osv_name);
  yyjson_mut_doc_free(doc);
  return js ? CLI_OK : cli_error(CLI_FAIL, "out of memory");
}

int cmd_purl(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) {
    usage(stdout);
    return CLI_OK;
  }
  if (argc != 3 || (strcmp(argv[1], "canon") != 0 && strcmp(argv[1], "parse") != 0)) {
    usage(stderr);
    return CLI_USAGE;
  }
  hoshi_error err;
  hoshi_error_clear(&err);
  hoshi_purl p;
  if (hoshi_purl_parse(argv[2], &p, &err) != HOSHI_OK)
    return cli_error(CLI_USAGE, "purl: invalid purl '%s': %s: %s", argv[2], err.field, err.message);
  int rc;
  if (strcmp(argv[1], "canon") == 0) {
    char *out = NULL;
    if (hoshi_purl_build(&p, &out, &err) != HOSHI_OK) {
      rc = cli_error(CLI_USAGE, "purl: %s: %s", err.field, err.message);
    } else {
      printf("%s\n", out);
      rc = CLI_OK;
    }
    free(out);
  } else {
    rc = print_parts(&p);
  }
  hoshi_purl_free(&p);
  return rc;
}

/* hoshi sbom inspect: reads an SBOM file and reports its format, counts and minimum-element
 * coverage (NTIA 2021, CISA 2025 draft), as text or JSON. Exit 1 says why a file is unreadable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "cli/cli.h"
#include "products/products.h"
#include "hoshi/sbom.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: hoshi sbom inspect FILE [--json]\n"
          "       hoshi sbom push --server URL [--token T] --product ID --version V FILE\n\n"
          "push uploads FILE as the SBOM of a product version to a hoshi server (the version is\n"
          "created when missing) and prints its findings; the token may come from $HOSHI_TOKEN.\n\n"
          "Reads a CycloneDX JSON (1.2-1.6), SPDX 2.2/2.3 JSON or SPDX 3.0 JSON-LD document and\n"
          "prints its format and version, how many components, dependency edges and embedded\n"
          "vulnerabilities it holds, and the share of components that carry each minimum element\n"
          "of NTIA 2021 (supplier, name, version, unique id, dependencies, author, timestamp) and\n"
          "of the CISA 2025 draft (hash, license, tool, generation context).\n"
          "Exit 0 for a readable SBOM; 1 with the JSON path and the reason otherwise.\n");
}

/* Reads FILE whole, refusing what is bigger than the parser would take anyway. */
static char *read_file(const char *path, size_t *len, char *why, size_t cap) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(why, cap, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  char *buf = NULL;
  size_t n = 0, alloc = 0;
  for (;;) {
    if (n == alloc) {
      if (alloc > HOSHI_SBOM_MAX_BYTES) {
        snprintf(why, cap, "%s is larger than %zu bytes", path, HOSHI_SBOM_MAX_BYTES);
        free(buf);
        fclose(f);
        return NULL;
      }
      alloc = alloc ? alloc * 2 : 1 << 16;
      char *nb = realloc(buf, alloc + 1);
      if (nb == NULL) {
        snprintf(why, cap, "out of memory reading %s", path);
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, alloc - n, f);
    n += got;
    if (got == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    snprintf(why, cap, "cannot read %s", path);
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static void print_text(const char *path, const hoshi_sbom *s, const hoshi_sbom_quality *q) {
  printf("file:            %s\n", path);
  const char *sv = s->spec_version ? s->spec_version : "?";
  if (strncmp(sv, "SPDX-", 5) == 0) sv += 5; /* "SPDX SPDX-2.3" says it twice */
  printf("format:          %s %s\n", s->format == HOSHI_SBOM_CYCLONEDX ? "CycloneDX" : "SPDX", sv);
  if (s->name) printf("name:            %s\n", s->name);
  if (s->serial) printf("serial:          %s\n", s->serial);
  printf("created:         %s\n", s->created ? s->created : "(none)");
  printf("components:      %zu\n", s->ncomponents);
  printf("edges:           %zu\n", s->nedges);
  printf("vulnerabilities: %zu\n", s->nvulns);
  printf("tools:           %zu\n", s->ntools);
  printf("\nNTIA 2021 minimum elements (%% of components)\n");
  printf("  supplier          %6.1f\n", q->supplier);
  printf("  name              %6.1f\n", q->name);
  printf("  version           %6.1f\n", q->version);
  printf("  unique id         %6.1f\n", q->unique_id);
  printf("  dependencies      %6.1f\n", q->dependencies);
  printf("  author            %6.1f\n", q->author);
  printf("  timestamp         %6.1f\n", q->timestamp);
  printf("  all of the above  %6.1f\n", q->ntia_all);
  printf("\nCISA 2025 draft additions (%% of components)\n");
  printf("  hash              %6.1f\n", q->hash);
  printf("  license           %6.1f\n", q->license);
  printf("  tool              %6.1f\n", q->tool);
  printf("  generation context%6.1f\n", q->generation_context);
  printf("  software id       %6.1f\n", q->software_id);
  printf("  all (NTIA + CISA) %6.1f\n", q->cisa_all);
}

static int print_json(const char *path, const hoshi_sbom *s, const hoshi_sbom_quality *q) {
  yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(doc);
  yyjson_mut_doc_set_root(doc, o);
  yyjson_mut_obj_add_str(doc, o, "file", path);
  yyjson_mut_obj_add_str(doc, o, "format", hoshi_sbom_format_name(s->format));
  yyjson_mut_obj_add_str(doc, o, "spec_version", s->spec_version);
  yyjson_mut_obj_add_str(doc, o, "name", s->name);
  yyjson_mut_obj_add_str(doc, o, "serial", s->serial);
  yyjson_mut_obj_add_str(doc, o, "created", s->created);
  yyjson_mut_obj_add_uint(doc, o, "components", s->ncomponents);
  yyjson_mut_obj_add_uint(doc, o, "edges", s->nedges);
  yyjson_mut_obj_add_uint(doc, o, "vulnerabilities", s->nvulns);
  yyjson_mut_val *tools = yyjson_mut_obj_add_arr(doc, o, "tools");
  for (size_t i = 0; i < s->ntools; i++) yyjson_mut_arr_add_str(doc, tools, s->tools[i]);
  yyjson_mut_val *authors = yyjson_mut_obj_add_arr(doc, o, "authors");
  for (size_t i = 0; i < s->nauthors; i++) yyjson_mut_arr_add_str(doc, authors, s->authors[i]);
  if (s->subject != HOSHI_SBOM_NONE) yyjson_mut_obj_add_str(doc, o, "subject", s->components[s->subject].name);
  yyjson_mut_val *ntia = yyjson_mut_obj_add_obj(doc, o, "ntia_2021");
  yyjson_mut_obj_add_real(doc, ntia, "supplier", q->supplier);
  yyjson_mut_obj_add_real(doc, ntia, "name", q->name);
  yyjson_mut_obj_add_real(doc, ntia, "version", q->version);
  yyjson_mut_obj_add_real(doc, ntia, "unique_id", q->unique_id);
  yyjson_mut_obj_add_real(doc, ntia, "dependencies", q->dependencies);
  yyjson_mut_obj_add_real(doc, ntia, "author", q->author);
  yyjson_mut_obj_add_real(doc, ntia, "timestamp", q->timestamp);
  yyjson_mut_obj_add_real(doc, ntia, "all", q->ntia_all);
  yyjson_mut_val *cisa = yyjson_mut_obj_add_obj(doc, o, "cisa_2025_draft");
  yyjson_mut_obj_add_real(doc, cisa, "hash", q->hash);
  yyjson_mut_obj_add_real(doc, cisa, "license", q->license);
  yyjson_mut_obj_add_real(doc, cisa, "tool", q->tool);
  yyjson_mut_obj_add_real(doc, cisa, "generation_context", q->generation_context);
  yyjson_mut_obj_add_real(doc, cisa, "software_id", q->software_id);
  yyjson_mut_obj_add_real(doc, cisa, "all", q->cisa_all);
  char *js = yyjson_mut_write(doc, YYJSON_WRITE_PRETTY_TWO_SPACES, NULL);
  yyjson_mut_doc_free(doc);
  if (js == NULL) return cli_error(CLI_FAIL, "out of memory");
  printf("%s\n", js);
  free(js);
  return CLI_OK;
}

/* `hoshi sbom push`: the upload is the server's work; this only sends the file and reads back
 * the summary or the error. */
static int cmd_push(int argc, char **argv) {
  const char *server = NULL, *token = getenv("HOSHI_TOKEN"), *product = NULL, *version = NULL, *path = NULL;
  for (int i = 2; i < argc; i++) {
    const char **opt = !strcmp(argv[i], "--server") ? &server : !strcmp(argv[i], "--token") ? &token
                     : !strcmp(argv[i], "--product") ? &product : !strcmp(argv[i], "--version") ? &version : NULL;
    if (opt && i + 1 < argc) *opt = argv[++i];
    else if (path == NULL && argv[i][0] != '-') path = argv[i];
    else return cli_error(CLI_USAGE, "sbom push: unexpected argument '%s' (see hoshi sbom --help)", argv[i]);
  }
  if (!server || !product || !version || !path)
    return cli_error(CLI_USAGE, "sbom push: --server, --product, --version and FILE are required (see hoshi sbom --help)");
  char why[512];
  size_t len = 0;
  char *buf = read_file(path, &len, why, sizeof why);
  if (buf == NULL) return cli_error(CLI_FAIL, "sbom push: %s", why);
  hoshi_buf resp = {0};
  long status = 0;
  hoshi_error err;
  hoshi_error_clear(&err);
  hoshi_err rc = products_push(server, token, product, version, buf, len, &status, &resp, &err);
  free(buf);
  int out = CLI_OK;
  yyjson_doc *doc = rc == HOSHI_OK ? yyjson_read(resp.p ? resp.p : "", resp.n, 0) : NULL;
  yyjson_val *root = yyjson_doc_get_root(doc);
  if (rc != HOSHI_OK) {
    out = cli_error(err.code == HOSHI_EINVAL || err.code == HOSHI_ELIMIT ? CLI_USAGE : CLI_FAIL, "sbom push: %s%s%s",
                    err.field, err.field[0] ? ": " : "", err.message);
  } else if (status != 201) {
    yyjson_val *ev = yyjson_obj_get(root, "error");
    const char *msg = yyjson_get_str(yyjson_obj_get(ev, "message"));
    const char *field = yyjson_get_str(yyjson_obj_get(ev, "field"));
    out = cli_error(CLI_FAIL, "sbom push: server answered %ld: %s%s%s", status, field && *field ? field : "",
                    field && *field ? ": " : "", msg ? msg : "(no error message)");
  } else {
    yyjson_val *f = yyjson_obj_get(root, "findings"), *q = yyjson_obj_get(root, "quality");
    printf("uploaded %s %s: %s %s, %llu components, NTIA %.0f%%, CISA %.0f%%; findings: %llu open (%llu new, %llu resolved)\n",
           product, version, yyjson_get_str(yyjson_obj_get(root, "format")) ? yyjson_get_str(yyjson_obj_get(root, "format")) : "?",
           yyjson_get_str(yyjson_obj_get(root, "spec_version")) ? yyjson_get_str(yyjson_obj_get(root, "spec_version")) : "?",
           (unsigned long long)yyjson_get_uint(yyjson_obj_get(root, "components")), yyjson_get_num(yyjson_obj_get(q, "ntia_all")),
           yyjson_get_num(yyjson_obj_get(q, "cisa_all")), (unsigned long long)yyjson_get_uint(yyjson_obj_get(f, "open")),
           (unsigned long long)yyjson_get_uint(yyjson_obj_get(f, "new")),
           (unsigned long long)yyjson_get_uint(yyjson_obj_get(f, "resolved")));
  }
  yyjson_doc_free(doc);
  hoshi_buf_free(&resp);
  return out;
}

int cmd_sbom(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "push") == 0 && !cli_wants_help(argc, argv)) return cmd_push(argc, argv);
  if (cli_wants_help(argc, argv)) {
    usage(stdout);
    return CLI_OK;
  }
  const char *path = NULL;
  int json = 0;
  if (argc < 2 || strcmp(argv[1], "inspect") != 0) {
    usage(stderr);
    return CLI_USAGE;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (path == NULL && argv[i][0] != '-') path = argv[i];
    else return cli_error(CLI_USAGE, "sbom inspect: unexpected argument '%s' (see hoshi sbom --help)", argv[i]);
  }
  if (path == NULL) return cli_error(CLI_USAGE, "sbom inspect: no FILE given (see hoshi sbom --help)");
  char why[512];
  size_t len = 0;
  char *buf = read_file(path, &len, why, sizeof why);
  if (buf == NULL) return cli_error(CLI_FAIL, "sbom inspect: %s", why);
  hoshi_sbom *s = NULL;
  hoshi_error err;
  hoshi_error_clear(&err);
  hoshi_err rc = hoshi_sbom_parse(buf, len, &s, &err);
  free(buf);
  if (rc != HOSHI_OK) return cli_error(CLI_FAIL, "sbom inspect: %s: %s", path, err.message);
  hoshi_sbom_quality q;
  hoshi_sbom_quality_of(s, &q);
  int out = CLI_OK;
  if (json) out = print_json(path, s, &q);
  else print_text(path, s, &q);
  hoshi_sbom_free(s);
  return out;
}

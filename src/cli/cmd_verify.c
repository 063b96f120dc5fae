/* hoshi verify FILE --jwks JWKS: checks an SCS certificate offline (signature, key, expiry) and
 * prints its facts; exit 1 names what is wrong. The live status is on the verification page. */
#include <stdlib.h>
#include <string.h>

#include <yyjson.h>

#include "cert/cert.h"
#include "cli/cli.h"

static int usage(FILE *f) {
  fprintf(f, "usage: hoshi verify FILE --jwks JWKS [--at TIME] [--json]\n\n"
             "FILE is a certificate (.jws, '-' for stdin); JWKS is the key set saved from\n"
             "<server>/.well-known/jwks.json or printed by hoshi keys jwks. --at checks expiry at another\n"
             "time (2026-11-26T00:00:00Z). Exit 0: valid, facts printed. Exit 1: malformed, unknown key,\n"
             "bad signature or expired, with the reason. A valid signature says what was true when the\n"
             "certificate was issued; suspension or revocation shows on the verification URL it carries.\n");
  return f == stdout ? CLI_OK : CLI_USAGE;
}

/* Reads at most max+1 bytes, so that one byte past a limit is seen and refused by the parser. */
static char *slurp(const char *path, size_t max, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) return NULL;
  char *buf = malloc(max + 2);
  *len = buf ? fread(buf, 1, max + 1, f) : 0;
  if (buf) buf[*len] = '\0';
  if (f != stdin) fclose(f);
  return buf;
}

int cmd_verify(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return usage(stdout);
  const char *file = NULL, *jwks_path = NULL, *at = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--jwks"))) jwks_path = v;
    else if ((v = cli_opt(argc, argv, &i, "--at"))) at = v;
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && file == NULL) file = argv[i];
    else return cli_error(CLI_USAGE, "verify: unexpected argument '%s' (see hoshi verify --help)", argv[i]);
  }
  if (file == NULL || jwks_path == NULL) return usage(stderr);
  if (util_init() != 0) return cli_error(CLI_FAIL, "cannot initialize libsodium");
  time_t now = time(NULL);
  if (at && util_time_parse(at, &now) != 0) return cli_error(CLI_USAGE, "verify: --at must look like 2026-11-26T00:00:00Z");
  size_t jlen = 0, klen = 0;
  char *keys_text = slurp(jwks_path, CERT_JWKS_MAX, &klen);
  if (keys_text == NULL) return cli_error(CLI_FAIL, "verify: cannot read %s", jwks_path);
  cert_keyset ks;
  hoshi_error e;
  hoshi_err rc = cert_jwks_parse(keys_text, klen, &ks, &e);
  free(keys_text);
  if (rc) return cli_error(CLI_FAIL, "verify: %s: %s", jwks_path, e.message);
  char *jws = slurp(file, CERT_JWS_MAX, &jlen);
  if (jws == NULL) return cli_error(CLI_FAIL, "verify: cannot read %s", file);
  cert_facts f;
  hoshi_error_clear(&e);
  cert_verdict v = cert_jws_verify(jws, jlen, &ks, now, &f, &e);
  free(jws);
  if (json) {
    /* Header fields of a rejected certificate are attacker-chosen: yyjson escapes them. */
    yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_doc_set_root(d, o);
    yyjson_mut_obj_add_str(d, o, "verdict", cert_verdict_name(v));
    yyjson_mut_obj_add_strcpy(d, o, "reason", v == CERT_VALID ? "" : e.message);
    const char *keys[] = {"rating_id", "corporate_number", "org_name_ja", "org_name_en", "level", "issued", "expires",
                          "catalog", "issuer", "verify_url", "kid", "alg"};
    const char *vals[] = {f.rating_id, f.corporate_number, f.org_name_ja, f.org_name_en, f.level, f.issued, f.expires,
                          f.catalog, f.issuer, f.verify_url, f.kid, f.alg};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) yyjson_mut_obj_add_strcpy(d, o, keys[i], vals[i]);
    char *out = yyjson_mut_write(d, YYJSON_WRITE_ALLOW_INVALID_UNICODE, NULL);
    yyjson_mut_doc_free(d);
    if (out) printf("%s\n", out);
    free(out);
  }
  if (v != CERT_VALID) {
    if (v == CERT_EXPIRED && !json)
      printf("rating %s (★%s, %s) was signed by key %s\n", f.rating_id, f.level, f.org_name_ja, f.kid);
    return cli_error(CLI_FAIL, "verify: %s: %s: %s", file, cert_verdict_name(v), e.message);
  }
  if (!json) {
    printf("valid: signature by key %s (%s)\n", f.kid, f.alg);
    printf("rating            %s\n", f.rating_id);
    printf("level             ★%s\n", f.level);
    printf("organization      %s / %s\n", f.org_name_ja, f.org_name_en);
    printf("corporate number  %s\n", f.corporate_number);
    printf("scope             %s: %s\n", f.scope_kind, f.scope_description);
    printf("catalog           %s %s\n", f.catalog, f.catalog_version);
    printf("issued            %s\n", f.issued);
    printf("expires           %s\n", f.expires);
    printf("assessed by       %s\n", f.assessed_by);
    printf("issuer            %s\n", f.issuer);
    printf("current status    %s\n", f.verify_url);
  }
  return CLI_OK;
}

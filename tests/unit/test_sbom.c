/* SBOM reading: every document in ../shared/data/sbom with counts checked by hand (jq), our
 * fixtures field by field, errors with JSON paths, truncated and oversized input, each limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/sbom.h"
#include "testutil.h"

static char *fixture(const char *name, size_t *len) {
  const char *src = getenv("HOSHI_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/tests/fixtures/sbom/%s", src ? src : HOSHI_SOURCE_DIR, name);
  char *buf = tu_read_file(path, len);
  if (buf == NULL) fail_msg("cannot read %s", path);
  return buf;
}

static hoshi_sbom *parse_ok(const char *buf, size_t len) {
  hoshi_sbom *s = NULL;
  hoshi_error e;
  hoshi_error_clear(&e);
  if (hoshi_sbom_parse(buf, len, &s, &e) != HOSHI_OK) fail_msg("parse failed: %s", e.message);
  return s;
}

static hoshi_err parse_err(const char *json, hoshi_error *e) {
  hoshi_sbom *s = (hoshi_sbom *)1;
  hoshi_error_clear(e);
  hoshi_err rc = hoshi_sbom_parse(json, strlen(json), &s, e);
  if (rc != HOSHI_OK) assert_null(s);
  else hoshi_sbom_free(s);
  return rc;
}

static size_t find(const hoshi_sbom *s, const char *name) {
  for (size_t i = 0; i < s->ncomponents; i++)
    if (strcmp(s->components[i].name, name) == 0) return i;
  fail_msg("no component %s", name);
  return 0;
}

static int has_edge(const hoshi_sbom *s, const char *from, const char *to, hoshi_sbom_edge_kind kind) {
  size_t a = find(s, from), b = find(s, to);
  for (size_t i = 0; i < s->nedges; i++)
    if (s->edges[i].from == a && s->edges[i].to == b && s->edges[i].kind == kind) return 1;
  return 0;
}

/* Counts from jq: components (CycloneDX: every entry of components[], nested ones too, plus
 * metadata.component; SPDX 2: packages[]; SPDX 3: software_Package elements), edges between
 * components, and how many components carry a purl. */
static void test_shared_data(void **state) {
  (void)state;
  const char *data = tu_require_shared_data("the sample SBOMs live in ../shared/data/sbom");
  static const struct {
    const char *file;
    hoshi_sbom_format format;
    const char *spec;
    size_t components, edges, purls;
    const char *subject;
  } docs[] = {
      {"cyclonedx/cern-lhc-vdm-editor.cdx.json", HOSHI_SBOM_CYCLONEDX, "1.2", 44, 0, 44, "lhc-vdm-editor"},
      {"cyclonedx/dropwizard-1.3.15.cdx.json", HOSHI_SBOM_CYCLONEDX, "1.2", 168, 170, 168, "dropwizard-parent"},
      {"cyclonedx/juice-shop-11.1.2.cdx.json", HOSHI_SBOM_CYCLONEDX, "1.2", 841, 0, 841, "juice-shop"},
      {"cyclonedx/laravel-7.12.0.cdx.json", HOSHI_SBOM_CYCLONEDX, "1.4", 63, 113, 63, "cyclonedx-php-composer-demo"},
      {"cyclonedx/proton-bridge-1.8.0.cdx.json", HOSHI_SBOM_CYCLONEDX, "1.2", 202, 232, 202,
       "github.com/ProtonMail/proton-bridge"},
      {"spdx/example11.spdx.json", HOSHI_SBOM_SPDX2, "SPDX-2.3", 4, 3, 4, "hello-server-src"},
      {"spdx/example11.spdx3.json", HOSHI_SBOM_SPDX3, "3.0.1", 4, 3, 4, "hello-server-src"},
      {"spdx/examplemaven-enriched.spdx.json", HOSHI_SBOM_SPDX2, "SPDX-2.3", 6, 5, 0, "examplemaven"},
      {"spdx/hello-dist-2.2.spdx.json", HOSHI_SBOM_SPDX2, "SPDX-2.2", 1, 0, 0, "hello"},
      {"spdx/sbom-with-security-2.3.spdx.json", HOSHI_SBOM_SPDX2, "SPDX-2.3", 2, 1, 2, "tools-java"},
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/sbom/%s", data, docs[i].file);
    size_t len;
    char *buf = tu_read_file(path, &len);
    if (buf == NULL) fail_msg("cannot read %s", path);
    hoshi_sbom *s = parse_ok(buf, len);
    free(buf);
    if (s->ncomponents != docs[i].components || s->nedges != docs[i].edges)
      fail_msg("%s: %zu components, %zu edges; want %zu, %zu", docs[i].file, s->ncomponents, s->nedges,
               docs[i].components, docs[i].edges);
    assert_int_equal(s->format, docs[i].format);
    assert_string_equal(s->spec_version, docs[i].spec);
    size_t purls = 0;
    for (size_t j = 0; j < s->ncomponents; j++) purls += s->components[j].purl != NULL;
    assert_int_equal(purls, docs[i].purls);
    assert_true(s->subject != HOSHI_SBOM_NONE);
    assert_string_equal(s->components[s->subject].name, docs[i].subject);
    hoshi_sbom_free(s);
  }
}

static void test_cyclonedx_fixture(void **state) {
  (void)state;
  size_t len;
  char *buf = fixture("cdx-1.6-nested.json", &len);
  hoshi_sbom *s = parse_ok(buf, len);
  /* nothing may point into the caller's buffer */
  memset(buf, 'x', len);
  free(buf);
  assert_int_equal(s->format, HOSHI_SBOM_CYCLONEDX);
  assert_string_equal(s->spec_version, "1.6");
  assert_string_equal(s->serial, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  assert_string_equal(s->created, "2026-11-20T09:00:00Z");
  assert_int_equal(s->ntools, 2);
  assert_string_equal(s->tools[0], "hoshi-fixture 1.0");
  assert_string_equal(s->tools[1], "scanner");
  assert_int_equal(s->nauthors, 1);
  assert_string_equal(s->authors[0], "Hanako Sato");
  assert_int_equal(s->nlifecycles, 1);
  assert_string_equal(s->lifecycles[0], "build");
  assert_int_equal(s->ncomponents, 6);
  assert_string_equal(s->components[s->subject].name, "gateway");
  assert_string_equal(s->name, "gateway");

  const hoshi_sbom_component *core = &s->components[find(s, "log4j-core")];
  assert_string_equal(core->group, "org.apache.logging.log4j");
  assert_string_equal(core->supplier, "Apache Software Foundation");
  assert_string_equal(core->purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  assert_int_equal(core->nhashes, 1);
  assert_string_equal(core->hashes[0].alg, "SHA-1");
  assert_int_equal(core->nlicenses, 1);
  assert_string_equal(core->licenses[0], "Apache-2.0");
  assert_int_equal(core->parent, HOSHI_SBOM_NONE);
  size_t api = find(s, "log4j-api");
  assert_int_equal(s->components[api].parent, find(s, "log4j-core"));
  /* canonical: type lowercased, empty qualifier dropped, qualifiers sorted */
  assert_string_equal(s->components[api].purl, "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1?type=jar");
  assert_int_equal(s->components[find(s, "LICENSE.txt")].parent, api);
  const hoshi_sbom_component *req = &s->components[find(s, "requests")];
  assert_string_equal(req->purl, "pkg:pypi/requests@2.31.0");
  assert_string_equal(req->cpe, "cpe:2.3:a:python:requests:2.31.0:*:*:*:*:*:*:*");
  assert_string_equal(req->supplier, "PSF");
  assert_string_equal(req->licenses[0], "Apache License 2.0");
  const hoshi_sbom_component *lp = &s->components[find(s, "left-pad")];
  assert_null(lp->version);
  assert_null(lp->purl);
  assert_null(lp->ref);

  assert_int_equal(s->nedges, 3);
  assert_true(has_edge(s, "gateway", "log4j-core", HOSHI_SBOM_DEPENDS_ON));
  assert_true(has_edge(s, "gateway", "requests", HOSHI_SBOM_DEPENDS_ON));
  assert_true(has_edge(s, "log4j-core", "log4j-api", HOSHI_SBOM_DEPENDS_ON));

  assert_int_equal(s->nvulns, 2);
  assert_string_equal(s->vulns[0].id, "CVE-2021-44228");
  assert_string_equal(s->vulns[0].source, "NVD");
  assert_string_equal(s->vulns[0].state, "exploitable");
  assert_string_equal(s->vulns[0].detail, "JNDI lookups reachable");
  assert_int_equal(s->vulns[0].naffects, 1);
  assert_int_equal(s->vulns[0].affects[0], find(s, "log4j-core"));
  assert_string_equal(s->vulns[1].justification, "code_not_reachable");

  hoshi_sbom_quality q;
  hoshi_sbom_quality_of(s, &q);
  assert_int_equal(q.components, 6);
  assert_true(q.name == 100.0 && q.author == 100.0 && q.timestamp == 100.0 && q.tool == 100.0);
  assert_true(q.generation_context == 100.0);
  assert_true(q.ntia_all == 50.0);              /* gateway, log4j-core, requests */
  assert_true(q.hash > 33.33 && q.hash < 33.34); /* gateway, log4j-core */
  assert_true(q.license == 50.0);
  assert_true(q.unique_id > 66.66 && q.unique_id < 66.67);
  assert_true(q.dependencies > 66.66 && q.dependencies < 66.67);
  assert_true(q.cisa_all > 33.33 && q.cisa_all < 33.34);
  hoshi_sbom_free(s);

  buf = fixture("cdx-1.4-tools-array.json", &len);
  s = parse_ok(buf, len);
  free(buf);
  assert_int_equal(s->ntools, 1);
  assert_string_equal(s->tools[0], "cyclonedx-npm 1.0.0");
  assert_string_equal(s->authors[0], "Factory Co"); /* the manufacturer stands in for authors */
  assert_string_equal(s->components[find(s, "a")].supplier, "Alice");
  assert_string_equal(s->components[find(s, "b")].purl, "pkg:npm/%40scope/b@2.0.0");
  assert_int_equal(s->subject, HOSHI_SBOM_NONE);
  hoshi_sbom_quality_of(s, &q);
  assert_true(q.generation_context == 0.0);
  hoshi_sbom_free(s);
}

static void test_spdx_fixtures(void **state) {
  (void)state;
  size_t len;
  char *buf = fixture("spdx-2.2-refs.json", &len);
  hoshi_sbom *s = parse_ok(buf, len);
  free(buf);
  assert_int_equal(s->format, HOSHI_SBOM_SPDX2);
  assert_string_equal(s->name, "firmware-1.0");
  assert_string_equal(s->serial, "https://example.jp/spdx/firmware-1.0");
  assert_int_equal(s->ncomponents, 4); /* files are not components */
  assert_int_equal(s->ntools, 1);
  assert_string_equal(s->tools[0], "fixture-maker-0.1");
  assert_int_equal(s->nauthors, 2);
  assert_string_equal(s->components[s->subject].name, "firmware");
  const hoshi_sbom_component *fw = &s->components[find(s, "firmware")];
  assert_string_equal(fw->supplier, "Example KK");
  assert_int_equal(fw->nlicenses, 1); /* NOASSERTION is not a license */
  assert_string_equal(fw->licenses[0], "LicenseRef-proprietary");
  assert_string_equal(fw->hashes[0].alg, "SHA256");
  const hoshi_sbom_component *ssl = &s->components[find(s, "openssl")];
  assert_string_equal(ssl->supplier, "OpenSSL Project"); /* originator when the supplier is NOASSERTION */
  assert_string_equal(ssl->purl, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
  assert_string_equal(ssl->cpe, "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*");
  assert_int_equal(ssl->nlicenses, 1); /* the same concluded and declared license once */
  const hoshi_sbom_component *z = &s->components[find(s, "zlib")];
  assert_null(z->version);
  assert_string_equal(z->purl, "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1");
  assert_int_equal(s->nedges, 3);
  assert_true(has_edge(s, "firmware", "openssl", HOSHI_SBOM_DEPENDS_ON));
  assert_true(has_edge(s, "openssl", "zlib", HOSHI_SBOM_DEPENDS_ON)); /* DEPENDENCY_OF turned round */
  assert_true(has_edge(s, "firmware", "busybox", HOSHI_SBOM_CONTAINS));
  hoshi_sbom_quality q;
  hoshi_sbom_quality_of(s, &q);
  assert_true(q.ntia_all == 25.0); /* openssl only */
  assert_true(q.generation_context == 0.0);
  hoshi_sbom_free(s);

  buf = fixture("spdx-3.0-small.json", &len);
  s = parse_ok(buf, len);
  free(buf);
  assert_int_equal(s->format, HOSHI_SBOM_SPDX3);
  assert_string_equal(s->spec_version, "3.0.1");
  assert_string_equal(s->created, "2026-11-01T00:00:00Z");
  assert_string_equal(s->serial, "urn:example:doc");
  assert_string_equal(s->name, "camera-fw");
  assert_int_equal(s->ncomponents, 2);
  assert_string_equal(s->components[s->subject].name, "camera");
  assert_string_equal(s->tools[0], "fixture-tool");
  assert_string_equal(s->authors[0], "Example KK");
  assert_string_equal(s->lifecycles[0], "build");
  const hoshi_sbom_component *cam = &s->components[find(s, "camera")];
  assert_string_equal(cam->supplier, "Example KK");
  assert_string_equal(cam->hashes[0].alg, "sha256");
  const hoshi_sbom_component *png = &s->components[find(s, "libpng")];
  assert_string_equal(png->purl, "pkg:generic/libpng@1.6.40");
  assert_string_equal(png->cpe, "cpe:2.3:a:libpng:libpng:1.6.40:*:*:*:*:*:*:*");
  assert_int_equal(png->nlicenses, 1);
  assert_string_equal(png->licenses[0], "Libpng");
  assert_true(has_edge(s, "camera", "libpng", HOSHI_SBOM_DEPENDS_ON));
  hoshi_sbom_free(s);
}

static void test_errors(void **state) {
  (void)state;
  static const struct {
    const char *json, *field, *words;
    hoshi_err code;
  } bad[] = {
      {"", "$", "not valid JSON", HOSHI_EINVAL},
      {"[]", "$", "expected a JSON object", HOSHI_EINVAL},
      {"{\"hello\":1}", "$", "neither CycloneDX", HOSHI_EINVAL},
      {"{\"bomFormat\":\"SWID\"}", "$.bomFormat", "CycloneDX", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\"}", "$.specVersion", "missing", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"2.0\"}", "$.specVersion", "unsupported", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":{}}", "$.components", "expected an array", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"a\"},{\"name\":\"b\",\"purl\":\"npm/b\"}]}",
       "$.components[1].purl", "invalid purl 'npm/b'", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"a\",\"components\":[{\"type\":\"library\"}]}]}",
       "$.components[0].components[0].name", "needs a name", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":7}]}", "$.components[0].name",
       "expected a string, got number", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"a\",\"hashes\":[{\"alg\":1}]}]}",
       "$.components[0].hashes[0].alg", "expected a string", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"tools\":5}}", "$.metadata.tools",
       "expected an array or an object", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"dependencies\":[{\"dependsOn\":[]}]}", "$.dependencies[0].ref",
       "needs a ref", HOSHI_EINVAL},
      {"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"vulnerabilities\":[{\"id\":\"X\",\"analysis\":[]}]}",
       "$.vulnerabilities[0].analysis", "expected an object", HOSHI_EINVAL},
      {"{\"spdxVersion\":\"SPDX-3.0\"}", "$.spdxVersion", "SPDX-2.2", HOSHI_EINVAL},
      {"{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"SPDXID\":\"a\"}]}", "$.packages[0].name", "needs a name", HOSHI_EINVAL},
      {"{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\",\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:\"}]}]}",
       "$.packages[0].externalRefs[0].referenceLocator", "invalid purl", HOSHI_EINVAL},
      {"{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[1]}", "$[\"@graph\"][0]", "expected an element object", HOSHI_EINVAL},
      {"{\"@context\":\"https://schema.org\",\"@graph\":[]}", "$[\"@context\"]", "not an SPDX 3", HOSHI_EINVAL},
      {"{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[]}", "$[\"@graph\"]", "no CreationInfo", HOSHI_EINVAL},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    hoshi_error e;
    hoshi_err rc = parse_err(bad[i].json, &e);
    if (rc != bad[i].code) fail_msg("case %zu: rc %d, want %d (%s)", i, rc, bad[i].code, e.message);
    if (strcmp(e.field, bad[i].field) != 0) fail_msg("case %zu: field %s, want %s (%s)", i, e.field, bad[i].field, e.message);
    if (strstr(e.message, bad[i].words) == NULL) fail_msg("case %zu: message '%s' lacks '%s'", i, e.message, bad[i].words);
    if (strncmp(e.message, bad[i].field, strlen(bad[i].field)) != 0) fail_msg("case %zu: message '%s' does not start with the path", i, e.message);
  }
}

/* Every strict prefix of a document is malformed JSON: each must give an error, not a crash. */
static void test_truncated(void **state) {
  (void)state;
  const char *names[] = {"cdx-1.6-nested.json", "spdx-2.2-refs.json", "spdx-3.0-small.json"};
  for (size_t f = 0; f < 3; f++) {
    size_t len;
    char *buf = fixture(names[f], &len);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ')) len--;
    for (size_t n = 0; n < len; n++) {
      char *cut = malloc(n ? n : 1); /* exact size: ASan catches any read past the end */
      memcpy(cut, buf, n);
      hoshi_sbom *s = NULL;
      hoshi_error e;
      hoshi_err rc = hoshi_sbom_parse(cut, n, &s, &e);
      if (rc != HOSHI_EINVAL) fail_msg("%s cut at %zu: rc %d", names[f], n, rc);
      assert_null(s);
      free(cut);
    }
    free(buf);
  }
}

static void test_limit_bytes(void **state) {
  (void)state;
  /* calloc'd pages are never touched: the size check comes before any reading */
  char *big = calloc(1, HOSHI_SBOM_MAX_BYTES + 1);
  assert_non_null(big);
  hoshi_sbom *s = NULL;
  hoshi_error e;
  assert_int_equal(hoshi_sbom_parse(big, HOSHI_SBOM_MAX_BYTES + 1, &s, &e), HOSHI_ELIMIT);
  assert_null(s);
  /* at the limit the size is accepted and the content judged (zeros are not JSON) */
  assert_int_equal(hoshi_sbom_parse(big, HOSHI_SBOM_MAX_BYTES, &s, &e), HOSHI_EINVAL);
  free(big);
}

static char *components_doc(size_t n) {
  const char *head = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[";
  char *doc = malloc(strlen(head) + n * 14 + 8);
  char *p = doc + sprintf(doc, "%s", head);
  for (size_t i = 0; i < n; i++) p += sprintf(p, "%s{\"name\":\"c\"}", i ? "," : "");
  strcpy(p, "]}");
  return doc;
}

static void test_limit_components(void **state) {
  (void)state;
  char *doc = components_doc(HOSHI_SBOM_MAX_COMPONENTS);
  hoshi_sbom *s = parse_ok(doc, strlen(doc));
  assert_int_equal(s->ncomponents, HOSHI_SBOM_MAX_COMPONENTS);
  hoshi_sbom_free(s);
  free(doc);
  doc = components_doc(HOSHI_SBOM_MAX_COMPONENTS + 1);
  hoshi_error e;
  assert_int_equal(parse_err(doc, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "$.components[250000]");
  free(doc);
}

static char *edges_doc(size_t n) {
  const char *head = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\","
                     "\"components\":[{\"bom-ref\":\"a\",\"name\":\"a\"},{\"bom-ref\":\"b\",\"name\":\"b\"}],"
                     "\"dependencies\":[{\"ref\":\"a\",\"dependsOn\":[";
  char *doc = malloc(strlen(head) + n * 4 + 8);
  char *p = doc + sprintf(doc, "%s", head);
  for (size_t i = 0; i < n; i++) {
    if (i) *p++ = ',';
    memcpy(p, "\"b\"", 3);
    p += 3;
  }
  strcpy(p, "]}]}");
  return doc;
}

static void test_limit_edges(void **state) {
  (void)state;
  char *doc = edges_doc(HOSHI_SBOM_MAX_EDGES);
  hoshi_sbom *s = parse_ok(doc, strlen(doc));
  assert_int_equal(s->nedges, HOSHI_SBOM_MAX_EDGES);
  hoshi_sbom_free(s);
  free(doc);
  doc = edges_doc(HOSHI_SBOM_MAX_EDGES + 1);
  hoshi_error e;
  assert_int_equal(parse_err(doc, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "$.dependencies[0].dependsOn");
  free(doc);
}

static char *nested_doc(int depth) {
  char *doc = malloc((size_t)depth * 40 + 128);
  char *p = doc + sprintf(doc, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"");
  for (int i = 0; i < depth; i++) p += sprintf(p, ",\"components\":[{\"name\":\"n%d\"", i);
  for (int i = 0; i < depth; i++) p += sprintf(p, "}]");
  strcpy(p, "}");
  return doc;
}

static void test_limit_depth(void **state) {
  (void)state;
  char *doc = nested_doc(HOSHI_SBOM_MAX_DEPTH);
  hoshi_sbom *s = parse_ok(doc, strlen(doc));
  assert_int_equal(s->ncomponents, HOSHI_SBOM_MAX_DEPTH);
  assert_int_equal(s->components[HOSHI_SBOM_MAX_DEPTH - 1].parent, HOSHI_SBOM_MAX_DEPTH - 2);
  hoshi_sbom_free(s);
  free(doc);
  doc = nested_doc(HOSHI_SBOM_MAX_DEPTH + 1);
  hoshi_error e;
  assert_int_equal(parse_err(doc, &e), HOSHI_ELIMIT);
  assert_non_null(strstr(e.message, "nest deeper"));
  free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cyclonedx_fixture), cmocka_unit_test(test_spdx_fixtures),
      cmocka_unit_test(test_errors),            cmocka_unit_test(test_truncated),
      cmocka_unit_test(test_limit_bytes),       cmocka_unit_test(test_limit_components),
      cmocka_unit_test(test_limit_edges),       cmocka_unit_test(test_limit_depth),
      cmocka_unit_test(test_shared_data),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

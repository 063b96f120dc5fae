/* Products across the supply chain: SBOM upload to findings, re-matching only changed
 * packages, withdrawn advisories, supplier VEX, consent (share, withdraw) and KEV alerts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "chain/chain.h"
#include "hoshi/vuln.h"
#include "org/org.h"
#include "products/products.h"
#include "store/store.h"
#include "testutil.h"
#include "webhook/webhook.h"

static audit_actor sys = {NULL, "test", ""};

typedef struct fx {
  char *dir;
  sqlite3 *db;
  org sup, buyer, other;
  char product[UTIL_ID_LEN];
} fx;

static void mk(sqlite3 *db, const char *base, const char *name, org *o) {
  char num[14];
  snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit(base), base);
  org_fields f = {num, name, "", "automotive", 1, ""};
  hoshi_error e;
  if (org_create(db, &sys, &f, o, &e)) fail_msg("%s", e.message);
}

static char *fixture(const char *name, size_t *len) {
  char p[1024];
  snprintf(p, sizeof p, "%s/tests/fixtures/products/%s", getenv("HOSHI_SOURCE_DIR"), name);
  char *s = tu_read_file(p, len);
  if (s == NULL) fail_msg("cannot read %s", p);
  return s;
}

static void import(sqlite3 *db, const char *name) {
  size_t len;
  char *s = fixture(name, &len);
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  if (hoshi_vuln_import_buffer(db, name, s, len, &st, &e) != HOSHI_OK) fail_msg("%s: %s %s", name, e.field, e.message);
  free(s);
}

static void upload(fx *f, const char *version, products_upload_result *r) {
  size_t len;
  char *s = fixture("shop-1.0.cdx.json", &len);
  hoshi_error e;
  if (products_sbom_upload(f->db, &sys, f->sup.id, f->product, version, s, len, r, &e) != HOSHI_OK)
    fail_msg("%s: %s", e.field, e.message);
  free(s);
}

static int setup(void **state) {
  fx *f = calloc(1, sizeof *f);
  f->dir = tu_tmpdir();
  char path[512];
  snprintf(path, sizeof path, "%s/p.db", f->dir);
  hoshi_error e;
  if (store_open_migrated(path, &f->db, &e)) return -1;
  mk(f->db, "500000000001", "供給者 株式会社", &f->sup);
  mk(f->db, "500000000002", "発注者 株式会社", &f->buyer);
  mk(f->db, "500000000003", "無関係 株式会社", &f->other);
  if (products_create(f->db, &sys, f->sup.id, "Shop", "software", "web shop", f->product, &e)) return -1;
  import(f->db, "osv-lodash.json");
  import(f->db, "osv-requests.json");
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  sqlite3_close(f->db);
  tu_rmrf(f->dir);
  free(f->dir);
  free(f);
  return 0;
}

static long long count(sqlite3 *db, const char *sql, const char *p) {
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  if (p) sqlite3_bind_text(st, 1, p, -1, SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  long long n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* JSON array text of a listing; "" when the call failed (rc returned). */
typedef hoshi_err (*lister)(fx *f, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e);

static hoshi_err list_findings(fx *f, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  return products_findings_json(f->db, org_id, f->product, d, arr, e);
}

static const products_impact_query *impact_q;
static hoshi_err list_impact(fx *f, const char *org_id, yyjson_mut_doc *d, yyjson_mut_val *arr, hoshi_error *e) {
  return products_impact_json(f->db, org_id, impact_q, d, arr, e);
}

static char *json_of(fx *f, lister fn, const char *org_id, hoshi_err *rc, size_t *n) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *arr = yyjson_mut_arr(d);
  yyjson_mut_doc_set_root(d, arr);
  hoshi_error e;
  *rc = fn(f, org_id, d, arr, &e);
  *n = yyjson_mut_arr_size(arr);
  char *s = yyjson_mut_write(d, 0, NULL);
  yyjson_mut_doc_free(d);
  return s;
}

static void test_upload_findings(void **state) {
  fx *f = *state;
  products_upload_result r;
  upload(f, "1.0", &r);
  assert_string_equal(r.format, "CycloneDX");
  assert_string_equal(r.spec_version, "1.5");
  assert_int_equal(r.components, 4); /* the subject and three libraries */
  assert_int_equal(r.findings_new, 2);
  assert_int_equal(r.findings_open, 2);
  assert_true(r.ntia_all > 0 && r.ntia_all < 100); /* left-pad has no supplier */
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_components WHERE version_id = ?", r.version_id), 4);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_sboms WHERE version_id = ? AND current = 1", r.version_id), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_finding_ids WHERE vuln_id = 'CVE-2098-1001'", NULL), 1);

  /* The same file again: nothing new, the first-seen time stays, the old file is kept. */
  char first[UTIL_TIME_LEN];
  sqlite3_stmt *st;
  sqlite3_prepare_v2(f->db, "SELECT first_seen FROM product_findings WHERE advisory_id = 'HOSHI-TEST-0001'", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  products_upload_result r2;
  upload(f, "1.0", &r2);
  assert_string_equal(r2.version_id, r.version_id);
  assert_int_equal(r2.findings_new, 0);
  assert_int_equal(r2.findings_open, 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_sboms WHERE version_id = ?", r.version_id), 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE first_seen = ?", first), 2);

  hoshi_err rc;
  size_t n;
  char *js = json_of(f, list_findings, f->sup.id, &rc, &n);
  assert_int_equal(rc, HOSHI_OK);
  assert_int_equal(n, 2);
  assert_non_null(strstr(js, "\"component\":\"pkg:npm/lodash@4.17.20\""));
  assert_non_null(strstr(js, "\"max_score\":9.8"));
  free(js);
  assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = 'product.sbom.upload'", NULL), 2);

  /* lodash upgraded to the fixed version: its finding is resolved, requests stays open; the
   * old lodash component is gone from the stored components. */
  size_t len;
  char *doc = fixture("shop-1.0.cdx.json", &len);
  for (char *p = doc; (p = strstr(p, "4.17.20")) != NULL; p += 7) memcpy(p, "4.17.21", 7);
  products_upload_result r3;
  hoshi_error e;
  assert_int_equal(products_sbom_upload(f->db, &sys, f->sup.id, f->product, "1.0", doc, len, &r3, &e), HOSHI_OK);
  free(doc);
  assert_int_equal(r3.resolved, 1);
  assert_int_equal(r3.findings_open, 1);
  assert_int_equal(r3.findings_new, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE state = 'resolved' AND resolved_at IS NOT NULL"
                                " AND advisory_id = 'HOSHI-TEST-0001'", NULL), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_components WHERE purl = 'pkg:npm/lodash@4.17.20'", NULL), 0);
  /* an SBOM that is not one is refused with its JSON path, and nothing changes */
  assert_int_equal(products_sbom_upload(f->db, &sys, f->sup.id, f->product, "1.0", "{\"x\":1}", 7, &r3, &e), HOSHI_EINVAL);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_sboms", NULL), 3);
}

static void test_rematch_only_changed(void **state) {
  fx *f = *state;
  products_upload_result r;
  upload(f, "1.0", &r);
  hoshi_error e;
  /* A package nobody uses: nothing is looked at. */
  products_pair none[] = {{"npm", "no-such-package"}};
  products_rematch_stats st;
  assert_int_equal(products_rematch(f->db, &sys, none, 1, &st, &e), HOSHI_OK);
  assert_int_equal(st.versions, 0);
  assert_int_equal(st.findings_new, 0);

  /* Times have whole seconds: advisories imported in the same second as `since` count as
   * changed (harmless, only more work). Age the setup's imports so the count is exact. */
  sqlite3_exec(f->db, "UPDATE vuln_advisories SET imported_at = '2000-01-01T00:00:00Z'", NULL, NULL, NULL);
  char since[UTIL_TIME_LEN];
  util_now_iso(since);
  import(f->db, "osv-left-pad.json");
  assert_int_equal(products_rematch_since(f->db, &sys, since, &st, &e), HOSHI_OK);
  assert_int_equal(st.versions, 1);
  assert_int_equal(st.components, 1); /* only left-pad was matched again */
  assert_int_equal(st.findings_new, 1);
  assert_int_equal(st.resolved, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE state = 'open'", NULL), 3);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE advisory_id = 'HOSHI-TEST-0003'", NULL), 1);
  /* the owner hears of it once for the version; nobody else (nothing is shared) */
  const char *rematch_notes = "SELECT count(*) FROM notifications WHERE kind = 'product.findings' AND message_en LIKE 'New advisories%'";
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'product.findings' AND message_en LIKE 'New advisories%' AND org_id = ?", f->sup.id), 1);
  assert_int_equal(count(f->db, rematch_notes, NULL), 1);

  /* The lodash advisory is withdrawn: its finding closes, the others stay open. */
  const char *w = "{\"id\":\"HOSHI-TEST-0001\",\"modified\":\"2026-11-20T00:00:00Z\",\"withdrawn\":\"2026-11-20T00:00:00Z\","
                  "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash\"},\"versions\":[\"4.17.20\"]}]}";
  sqlite3_exec(f->db, "UPDATE vuln_advisories SET imported_at = '2000-01-01T00:00:00Z'", NULL, NULL, NULL);
  util_now_iso(since);
  hoshi_vuln_import_stats is = {0};
  assert_int_equal(hoshi_vuln_import_buffer(f->db, "w", w, strlen(w), &is, &e), HOSHI_OK);
  assert_int_equal(products_rematch_since(f->db, &sys, since, &st, &e), HOSHI_OK);
  assert_int_equal(st.resolved, 1);
  assert_int_equal(st.findings_new, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE state = 'resolved' AND advisory_id = 'HOSHI-TEST-0001'", NULL), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE state = 'open'", NULL), 2);
}

/* Versions holding the same package version are matched once and each gets its own finding
 * (the re-match scans distinct components and fans the findings out); a version holding a
 * version the advisory does not name gets none, and each version with news one notification. */
static void test_rematch_many_versions(void **state) {
  fx *f = *state;
  products_upload_result r1, r2, r3;
  upload(f, "1.0", &r1);
  upload(f, "2.0", &r2);
  size_t len;
  char *doc = fixture("shop-1.0.cdx.json", &len);
  char *p = strstr(doc, "left-pad@1.3.0");
  assert_non_null(p);
  memcpy(p, "left-pad@1.1.0", 14);
  p = strstr(doc, "\"version\": \"1.3.0\"");
  assert_non_null(p);
  memcpy(p, "\"version\": \"1.1.0\"", 18);
  hoshi_error e;
  assert_int_equal(products_sbom_upload(f->db, &sys, f->sup.id, f->product, "3.0", doc, len, &r3, &e), HOSHI_OK);
  free(doc);
  sqlite3_exec(f->db, "UPDATE vuln_advisories SET imported_at = '2000-01-01T00:00:00Z'", NULL, NULL, NULL);
  char since[UTIL_TIME_LEN];
  util_now_iso(since);
  import(f->db, "osv-left-pad.json");
  products_rematch_stats st;
  assert_int_equal(products_rematch_since(f->db, &sys, since, &st, &e), HOSHI_OK);
  assert_int_equal(st.versions, 3);
  assert_int_equal(st.components, 3);
  assert_int_equal(st.findings_new, 2);
  const char *q = "SELECT count(*) FROM product_findings WHERE advisory_id = 'HOSHI-TEST-0003' AND state = 'open'"
                  " AND ckey = 'pkg:npm/left-pad@1.3.0' AND version_id = ?";
  assert_int_equal(count(f->db, q, r1.version_id), 1);
  assert_int_equal(count(f->db, q, r2.version_id), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE advisory_id = 'HOSHI-TEST-0003' AND version_id = ?",
                         r3.version_id), 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'product.findings' AND message_en LIKE 'New advisories%'", NULL), 2);
  assert_int_equal(count(f->db, "SELECT count(DISTINCT subject) FROM notifications WHERE kind = 'product.findings' AND message_en LIKE 'New advisories%'", NULL), 2);
}

static void test_vex(void **state) {
  fx *f = *state;
  products_upload_result r;
  upload(f, "1.0", &r);
  char fid[UTIL_ID_LEN];
  sqlite3_stmt *st;
  sqlite3_prepare_v2(f->db, "SELECT id FROM product_findings WHERE advisory_id = 'HOSHI-TEST-0002'", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  snprintf(fid, sizeof fid, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  hoshi_error e;
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "not_affected", NULL, NULL, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "justification");
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "affected", NULL, "", NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "action");
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "exploitable", NULL, NULL, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "status");
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "fixed", "component_not_present", NULL, NULL, &e),
                   HOSHI_EINVAL);
  /* A buyer never writes the supplier's statement; an unshared one does not even see it. */
  assert_int_equal(products_vex_set(f->db, &sys, f->buyer.id, fid, "fixed", NULL, NULL, NULL, &e), HOSHI_ENOTFOUND);
  char share[UTIL_ID_LEN];
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", share, &e), HOSHI_OK);
  assert_int_equal(products_vex_set(f->db, &sys, f->buyer.id, fid, "fixed", NULL, NULL, NULL, &e), HOSHI_EDENIED);
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "not_affected", "vulnerable_code_not_in_execute_path",
                                    NULL, "we never send redirects", &e),
                   HOSHI_OK);
  hoshi_err rc;
  size_t n;
  char *js = json_of(f, list_findings, f->buyer.id, &rc, &n);
  assert_int_equal(rc, HOSHI_OK);
  assert_int_equal(n, 2);
  assert_non_null(strstr(js, "\"vex\":{\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_in_execute_path\""));
  assert_non_null(strstr(js, "we never send redirects"));
  /* scope "status": no component identities */
  assert_null(strstr(js, "\"component\""));
  free(js);
  /* OpenVEX: only the stated finding, with its aliases; the purl only for the owner. */
  char *vex = NULL;
  size_t vlen = 0;
  assert_int_equal(products_openvex(f->db, f->buyer.id, f->product, &vex, &vlen, &e), HOSHI_OK);
  yyjson_doc *vd = yyjson_read(vex, vlen, 0);
  assert_non_null(vd);
  yyjson_val *stmts = yyjson_obj_get(yyjson_doc_get_root(vd), "statements");
  assert_int_equal(yyjson_arr_size(stmts), 1);
  yyjson_val *s0 = yyjson_arr_get(stmts, 0);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_obj_get(s0, "vulnerability"), "name")), "HOSHI-TEST-0002");
  assert_string_equal(yyjson_get_str(yyjson_arr_get(yyjson_obj_get(yyjson_obj_get(s0, "vulnerability"), "aliases"), 0)),
                      "CVE-2098-1002");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(s0, "justification")), "vulnerable_code_not_in_execute_path");
  assert_null(strstr(vex, "pkg:pypi"));
  yyjson_doc_free(vd);
  free(vex);
  assert_int_equal(products_openvex(f->db, f->sup.id, f->product, &vex, &vlen, &e), HOSHI_OK);
  assert_non_null(strstr(vex, "\"subcomponents\""));
  assert_non_null(strstr(vex, "pkg:pypi/requests@2.19.0"));
  free(vex);
  assert_int_equal(products_openvex(f->db, f->other.id, f->product, &vex, &vlen, &e), HOSHI_ENOTFOUND);
  assert_null(vex);
  /* CycloneDX VEX: the mapped state and justification; the buyer gets the product URN. */
  assert_int_equal(products_cyclonedx_vex(f->db, f->buyer.id, f->product, &vex, &vlen, &e), HOSHI_OK);
  vd = yyjson_read(vex, vlen, 0);
  yyjson_val *v0 = yyjson_arr_get(yyjson_obj_get(yyjson_doc_get_root(vd), "vulnerabilities"), 0);
  assert_string_equal(yyjson_get_str(yyjson_obj_get(v0, "id")), "HOSHI-TEST-0002");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_obj_get(v0, "analysis"), "state")), "not_affected");
  assert_string_equal(yyjson_get_str(yyjson_obj_get(yyjson_obj_get(v0, "analysis"), "justification")), "code_not_reachable");
  assert_non_null(strstr(yyjson_get_str(yyjson_obj_get(yyjson_arr_get(yyjson_obj_get(v0, "affects"), 0), "ref")),
                         "urn:hoshi:product:"));
  yyjson_doc_free(vd);
  free(vex);
  assert_int_equal(products_cyclonedx_vex(f->db, f->sup.id, f->product, &vex, &vlen, &e), HOSHI_OK);
  assert_non_null(strstr(vex, "\"ref\": \"pkg:pypi/requests@2.19.0\""));
  free(vex);

  /* A second statement replaces the first. */
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, fid, "affected", NULL, "upgrade to 2.20.0", NULL, &e), HOSHI_OK);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_vex WHERE status = 'affected'", NULL), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_vex", NULL), 1);
}

static char *finding_of(fx *f, const char *advisory, const char *version) {
  sqlite3_stmt *st;
  sqlite3_prepare_v2(f->db,
                     "SELECT f.id FROM product_findings f JOIN product_versions v ON v.id = f.version_id"
                     " WHERE f.advisory_id = ? AND v.version = ?",
                     -1, &st, NULL);
  sqlite3_bind_text(st, 1, advisory, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, version, -1, SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  char *id = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return id;
}

static yyjson_val *at(yyjson_val *v, const char *ptr) {
  yyjson_val *r = yyjson_ptr_get(v, ptr);
  if (r == NULL) fail_msg("no %s", ptr);
  return r;
}

static void test_csaf(void **state) {
  fx *f = *state;
  products_upload_result r;
  hoshi_error e;
  char *out = NULL;
  size_t len;
  upload(f, "1.0", &r);
  upload(f, "2.0", &r);
  /* no statement yet: a CSAF VEX document would have no vulnerability, which CSAF forbids */
  assert_int_equal(products_csaf_vex(f->db, f->sup.id, f->product, "https://hoshi.example", &out, &len, &e), HOSHI_ECONFLICT);
  assert_null(out);
  char *lo1 = finding_of(f, "HOSHI-TEST-0001", "1.0"), *lo2 = finding_of(f, "HOSHI-TEST-0001", "2.0"),
       *rq1 = finding_of(f, "HOSHI-TEST-0002", "1.0");
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, lo1, "affected", NULL, "upgrade lodash to 4.17.21",
                                    "reachable from the template engine", &e), HOSHI_OK);
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, lo2, "fixed", NULL, NULL, "patched in 2.0", &e), HOSHI_OK);
  assert_int_equal(products_vex_set(f->db, &sys, f->sup.id, rq1, "not_affected", "vulnerable_code_not_in_execute_path",
                                    NULL, "redirects are never followed", &e), HOSHI_OK);
  assert_int_equal(products_csaf_vex(f->db, f->sup.id, f->product, "https://hoshi.example", &out, &len, &e), HOSHI_OK);
  yyjson_doc *doc = yyjson_read(out, len, 0);
  assert_non_null(doc);
  yyjson_val *root = yyjson_doc_get_root(doc);
  assert_string_equal(yyjson_get_str(at(root, "/document/category")), "csaf_vex");
  assert_string_equal(yyjson_get_str(at(root, "/document/csaf_version")), "2.0");
  assert_string_equal(yyjson_get_str(at(root, "/document/publisher/namespace")), "https://hoshi.example");
  assert_string_equal(yyjson_get_str(at(root, "/document/tracking/revision_history/0/number")), "1");
  assert_string_equal(yyjson_get_str(at(root, "/product_tree/branches/0/branches/0/name")), "Shop");
  assert_int_equal(yyjson_arr_size(at(root, "/product_tree/branches/0/branches/0/branches")), 2);
  /* the owner sees the components: lodash in 1.0 and 2.0, requests in 1.0 */
  assert_int_equal(yyjson_arr_size(at(root, "/product_tree/full_product_names")), 2);
  assert_int_equal(yyjson_arr_size(at(root, "/product_tree/relationships")), 3);
  assert_string_equal(yyjson_get_str(at(root, "/product_tree/full_product_names/0/product_identification_helper/purl")),
                      "pkg:npm/lodash@4.17.20");
  /* one vulnerability per CVE, the advisory id kept in ids */
  yyjson_val *vulns = at(root, "/vulnerabilities");
  assert_int_equal(yyjson_arr_size(vulns), 2);
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/cve")), "CVE-2098-1001");
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/ids/0/text")), "HOSHI-TEST-0001");
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/notes/0/text")),
                      "Made-up prototype pollution in lodash (test fixture)");
  const char *aff = yyjson_get_str(at(root, "/vulnerabilities/0/product_status/known_affected/0"));
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/remediations/0/product_ids/0")), aff);
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/remediations/0/details")), "upgrade lodash to 4.17.21");
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/threats/0/details")), "reachable from the template engine");
  assert_int_equal(yyjson_arr_size(at(root, "/vulnerabilities/0/product_status/fixed")), 1);
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/1/flags/0/label")), "vulnerable_code_not_in_execute_path");
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/1/flags/0/product_ids/0")),
                      yyjson_get_str(at(root, "/vulnerabilities/1/product_status/known_not_affected/0")));
  /* every product id used is defined in the tree */
  assert_non_null(strstr(out, "\"relates_to_product_reference\""));
  yyjson_doc_free(doc);
  free(out);

  /* a status share: versions only, no purl, product ids of versions */
  char share[UTIL_ID_LEN];
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", share, &e), HOSHI_OK);
  assert_int_equal(products_csaf_vex(f->db, f->buyer.id, f->product, "https://hoshi.example", &out, &len, &e), HOSHI_OK);
  assert_null(strstr(out, "pkg:"));
  assert_null(strstr(out, "relationships"));
  doc = yyjson_read(out, len, 0);
  root = yyjson_doc_get_root(doc);
  char want[128];
  snprintf(want, sizeof want, "%s:1.0", f->product);
  assert_string_equal(yyjson_get_str(at(root, "/vulnerabilities/0/product_status/known_affected/0")), want);
  yyjson_doc_free(doc);
  free(out);
  assert_int_equal(products_csaf_vex(f->db, f->other.id, f->product, "https://hoshi.example", &out, &len, &e), HOSHI_ENOTFOUND);
  free(lo1);
  free(lo2);
  free(rq1);
}

/* The data of the newest finding.new delivery to a webhook (NULL when there is none). */
static yyjson_doc *last_finding_event(fx *f, const char *webhook_id) {
  sqlite3_stmt *st;
  sqlite3_prepare_v2(f->db,
                     "SELECT body FROM webhook_deliveries WHERE webhook_id = ? AND event = 'finding.new'"
                     " ORDER BY rowid DESC LIMIT 1",
                     -1, &st, NULL);
  sqlite3_bind_text(st, 1, webhook_id, -1, SQLITE_TRANSIENT);
  yyjson_doc *d = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) d = yyjson_read((const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), 0);
  sqlite3_finalize(st);
  return d;
}

/* The advisories of the newest finding.new event, comma-separated. */
static void event_advisories(yyjson_doc *d, char *out, size_t n) {
  out[0] = 0;
  size_t i, max;
  yyjson_val *a;
  yyjson_arr_foreach(at(yyjson_doc_get_root(d), "/data/advisories"), i, max, a) {
    size_t k = strlen(out);
    snprintf(out + k, n - k, "%s%s", k ? "," : "", yyjson_get_str(a));
  }
}

static void test_finding_events(void **state) {
  fx *f = *state;
  hoshi_error e;
  char secret[WEBHOOK_SECRET_LEN], adv[8192];
  const char *events[] = {"finding.new", NULL};
  webhook ws, wb, wo;
  assert_int_equal(webhook_create(f->db, &sys, f->sup.id, "https://sup.example/hook", events, &ws, secret, &e), HOSHI_OK);
  assert_int_equal(webhook_create(f->db, &sys, f->buyer.id, "https://buyer.example/hook", events, &wb, secret, &e), HOSHI_OK);
  assert_int_equal(webhook_create(f->db, &sys, f->other.id, "https://other.example/hook", events, &wo, secret, &e), HOSHI_OK);
  const char *per_hook = "SELECT count(*) FROM webhook_deliveries WHERE event = 'finding.new' AND webhook_id = ?";

  /* the first upload: one event for the version with both findings, to the owner only */
  products_upload_result r;
  upload(f, "1.0", &r);
  assert_int_equal(count(f->db, per_hook, ws.id), 1);
  assert_int_equal(count(f->db, per_hook, wb.id), 0);
  yyjson_doc *d = last_finding_event(f, ws.id);
  yyjson_val *root = yyjson_doc_get_root(d);
  assert_string_equal(yyjson_get_str(at(root, "/data/source")), "upload");
  assert_string_equal(yyjson_get_str(at(root, "/data/version")), "1.0");
  assert_int_equal(yyjson_get_uint(at(root, "/data/findings")), 2);
  assert_int_equal(yyjson_get_uint(at(root, "/data/by_severity/critical")), 1); /* lodash 9.8 */
  assert_int_equal(yyjson_get_uint(at(root, "/data/by_severity/low")), 1);      /* requests 3.1 */
  event_advisories(d, adv, sizeof adv);
  assert_string_equal(adv, "HOSHI-TEST-0001,HOSHI-TEST-0002");
  yyjson_doc_free(d);

  /* the same SBOM again: nothing new, no event */
  char share[UTIL_ID_LEN];
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", share, &e), HOSHI_OK);
  upload(f, "1.0", &r);
  assert_int_equal(count(f->db, per_hook, ws.id), 1);
  assert_int_equal(count(f->db, per_hook, wb.id), 0);
  /* in-app too: the owner learnt of the first upload's findings, nobody of the second */
  const char *notes = "SELECT count(*) FROM notifications WHERE kind = 'product.findings' AND org_id = ?";
  assert_int_equal(count(f->db, notes, f->sup.id), 1);
  assert_int_equal(count(f->db, notes, f->buyer.id), 0);

  /* a new advisory re-matched: exactly that finding, to the owner and the buyer with a share */
  sqlite3_exec(f->db, "UPDATE vuln_advisories SET imported_at = '2000-01-01T00:00:00Z'", NULL, NULL, NULL);
  char since[UTIL_TIME_LEN];
  util_now_iso(since);
  import(f->db, "osv-left-pad.json");
  products_rematch_stats st;
  assert_int_equal(products_rematch_since(f->db, &sys, since, &st, &e), HOSHI_OK);
  assert_int_equal(count(f->db, per_hook, ws.id), 2);
  assert_int_equal(count(f->db, per_hook, wb.id), 1);
  d = last_finding_event(f, wb.id);
  root = yyjson_doc_get_root(d);
  assert_string_equal(yyjson_get_str(at(root, "/data/source")), "rematch");
  assert_int_equal(yyjson_get_uint(at(root, "/data/findings")), 1);
  assert_int_equal(yyjson_get_uint(at(root, "/data/by_severity/high")), 1); /* left-pad 7.5 */
  event_advisories(d, adv, sizeof adv);
  assert_string_equal(adv, "HOSHI-TEST-0003");
  yyjson_doc_free(d);
  /* re-matching again finds nothing new */
  assert_int_equal(products_rematch_since(f->db, &sys, since, &st, &e), HOSHI_OK);
  assert_int_equal(count(f->db, per_hook, ws.id), 2);

  /* KEV findings raise vuln.kev, not finding.new; one past the advisory cap is cut, the
   * total says how many there were */
  import(f->db, "kev.json");
  size_t hits;
  assert_int_equal(products_kev_refresh(f->db, &sys, &hits, &e), HOSHI_OK);
  for (int i = 0; i < PRODUCTS_EVENT_ADVISORIES_MAX + 1; i++) {
    char osv[300];
    int n = snprintf(osv, sizeof osv,
                     "{\"id\":\"HOSHI-CAP-%03d\",\"modified\":\"2026-11-01T00:00:00Z\",\"affected\":[{\"package\":"
                     "{\"ecosystem\":\"npm\",\"name\":\"lodash\"},\"versions\":[\"4.17.20\"]}]}",
                     i);
    hoshi_vuln_import_stats is = {0};
    assert_int_equal(hoshi_vuln_import_buffer(f->db, "cap", osv, (size_t)n, &is, &e), HOSHI_OK);
  }
  upload(f, "2.0", &r);
  d = last_finding_event(f, ws.id);
  root = yyjson_doc_get_root(d);
  assert_string_equal(yyjson_get_str(at(root, "/data/version")), "2.0");
  /* the upload of 2.0 reached the buyer holding a share in-app as well (after the re-match's) */
  assert_int_equal(count(f->db, notes, f->buyer.id), 2);
  assert_int_equal(count(f->db, notes, f->other.id), 0);
  /* 101 made-up advisories, requests and left-pad; lodash's KEV advisory is not among them */
  assert_int_equal(yyjson_get_uint(at(root, "/data/findings")), PRODUCTS_EVENT_ADVISORIES_MAX + 3);
  assert_int_equal(yyjson_get_uint(at(root, "/data/advisories_total")), PRODUCTS_EVENT_ADVISORIES_MAX + 3);
  assert_int_equal(yyjson_arr_size(at(root, "/data/advisories")), PRODUCTS_EVENT_ADVISORIES_MAX);
  assert_int_equal(yyjson_get_uint(at(root, "/data/by_severity/unknown")), PRODUCTS_EVENT_ADVISORIES_MAX + 1);
  event_advisories(d, adv, sizeof adv);
  assert_null(strstr(adv, "HOSHI-TEST-0001"));
  yyjson_doc_free(d);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev'", NULL), 0); /* not subscribed */
  assert_int_equal(count(f->db, per_hook, wo.id), 0);
}

static void test_consent(void **state) {
  fx *f = *state;
  products_upload_result r;
  upload(f, "1.0", &r);
  hoshi_error e;
  hoshi_err rc;
  size_t n;
  products_impact_query q = {"CVE-2098-1001", 0, -1, 0, 0};
  impact_q = &q;

  assert_int_equal(products_access_org(f->db, f->buyer.id, f->product), PRODUCTS_NONE);
  char *js = json_of(f, list_findings, f->buyer.id, &rc, &n);
  assert_int_equal(rc, HOSHI_ENOTFOUND);
  free(js);
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 0);
  free(js);

  char share[UTIL_ID_LEN];
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "bogus", share, &e), HOSHI_EINVAL);
  assert_int_equal(products_share(f->db, &sys, f->buyer.id, f->product, f->other.id, "sbom", share, &e), HOSHI_ENOTFOUND);
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "sbom", share, &e), HOSHI_OK);
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", NULL, &e), HOSHI_ECONFLICT);
  assert_int_equal(products_access_org(f->db, f->buyer.id, f->product), PRODUCTS_SBOM);
  assert_int_equal(products_access_org(f->db, f->other.id, f->product), PRODUCTS_NONE);

  /* The alias finds the GHSA-style id; the buyer sees supplier, product and component. */
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(rc, HOSHI_OK);
  assert_int_equal(n, 1);
  assert_non_null(strstr(js, "\"advisory\":\"HOSHI-TEST-0001\""));
  assert_non_null(strstr(js, "\"product_name\":\"Shop\""));
  assert_non_null(strstr(js, "\"component\":\"pkg:npm/lodash@4.17.20\""));
  free(js);
  js = json_of(f, list_impact, f->other.id, &rc, &n);
  assert_int_equal(n, 0);
  free(js);
  /* min severity: high keeps lodash (9.8), drops requests (3.1) */
  products_impact_query hi = {NULL, 0, products_severity_score("high"), 0, 0};
  impact_q = &hi;
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 1);
  free(js);
  products_impact_query lo = {NULL, 0, products_severity_score("low"), 0, 0};
  impact_q = &lo;
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 2);
  free(js);
  assert_true(products_severity_score("severe") < 0);

  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *arr = yyjson_mut_arr(d);
  assert_int_equal(products_components_json(f->db, f->buyer.id, f->product, "1.0", d, arr, &e), HOSHI_OK);
  assert_int_equal(yyjson_mut_arr_size(arr), 4);
  yyjson_mut_val *mine = yyjson_mut_arr(d);
  assert_int_equal(products_list_json(f->db, f->buyer.id, d, mine, &e), HOSHI_OK);
  assert_int_equal(yyjson_mut_arr_size(mine), 1);
  yyjson_mut_doc_free(d);

  /* Only the supplier withdraws; afterwards nothing is visible, at once. */
  assert_int_equal(products_share_withdraw(f->db, &sys, f->buyer.id, share, &e), HOSHI_ENOTFOUND);
  assert_int_equal(products_share_withdraw(f->db, &sys, f->sup.id, share, &e), HOSHI_OK);
  assert_int_equal(products_share_withdraw(f->db, &sys, f->sup.id, share, &e), HOSHI_ECONFLICT);
  assert_int_equal(products_access_org(f->db, f->buyer.id, f->product), PRODUCTS_NONE);
  impact_q = &lo;
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 0);
  free(js);
  js = json_of(f, list_findings, f->buyer.id, &rc, &n);
  assert_int_equal(rc, HOSHI_ENOTFOUND);
  free(js);
  d = yyjson_mut_doc_new(NULL);
  arr = yyjson_mut_arr(d);
  assert_int_equal(products_components_json(f->db, f->buyer.id, f->product, "1.0", d, arr, &e), HOSHI_ENOTFOUND);
  yyjson_mut_doc_free(d);

  /* The consent record stays with the supplier; the buyer's list empties at once. */
  d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *given = yyjson_mut_arr(d), *received = yyjson_mut_arr(d);
  assert_int_equal(products_shares_json(f->db, f->buyer.id, d, given, received, &e), HOSHI_OK);
  assert_int_equal(yyjson_mut_arr_size(given) + yyjson_mut_arr_size(received), 0);
  assert_int_equal(products_shares_json(f->db, f->sup.id, d, given, received, &e), HOSHI_OK);
  assert_int_equal(yyjson_mut_arr_size(given), 1);
  assert_false(yyjson_mut_is_null(yyjson_mut_obj_get(yyjson_mut_arr_get(given, 0), "withdrawn_at")));
  yyjson_mut_doc_free(d);

  /* A status share does not show components. */
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", share, &e), HOSHI_OK);
  d = yyjson_mut_doc_new(NULL);
  arr = yyjson_mut_arr(d);
  assert_int_equal(products_components_json(f->db, f->buyer.id, f->product, "1.0", d, arr, &e), HOSHI_EDENIED);
  yyjson_mut_doc_free(d);

  /* The principal form: an auditor of the buyer without member role sees nothing. */
  principal p = {0};
  snprintf(p.org_id, sizeof p.org_id, "%s", f->buyer.id);
  p.roles = ROLE_AUDITOR | ROLE_ADMIN;
  assert_int_equal(products_access_of(f->db, &p, f->product), PRODUCTS_NONE);
  p.roles = ROLE_MEMBER;
  assert_int_equal(products_access_of(f->db, &p, f->product), PRODUCTS_STATUS);
}

static void test_kev_alert(void **state) {
  fx *f = *state;
  hoshi_error e;
  webhook w;
  char secret[WEBHOOK_SECRET_LEN];
  const char *events[] = {"vuln.kev", NULL};
  assert_int_equal(webhook_create(f->db, &sys, f->buyer.id, "https://buyer.example/hook", events, &w, secret, &e), HOSHI_OK);
  webhook wo;
  assert_int_equal(webhook_create(f->db, &sys, f->other.id, "https://other.example/hook", events, &wo, secret, &e), HOSHI_OK);
  products_upload_result r;
  upload(f, "1.0", &r);
  char share[UTIL_ID_LEN];
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", share, &e), HOSHI_OK);
  import(f->db, "kev.json");
  size_t hits;
  assert_int_equal(products_kev_refresh(f->db, &sys, &hits, &e), HOSHI_OK);
  assert_int_equal(hits, 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev' AND webhook_id = ?", w.id), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", wo.id), 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->buyer.id), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->sup.id), 1);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE body LIKE '%2098-01-22%'", NULL), 1);
  /* Nothing changed: no second alert. */
  assert_int_equal(products_kev_refresh(f->db, &sys, &hits, &e), HOSHI_OK);
  assert_int_equal(hits, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev'", NULL), 1);

  hoshi_err rc;
  size_t n;
  products_impact_query q = {NULL, 1, -1, 0, 0};
  impact_q = &q;
  char *js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 1);
  assert_non_null(strstr(js, "\"kev_due_date\":\"2098-01-22\""));
  free(js);

  /* A new version uploaded after the KEV import alerts at upload time. */
  upload(f, "1.1", &r);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev' AND webhook_id = ?", w.id), 2);

  /* The entry leaves the catalog: both flags are cleared, nobody is alerted; it comes back:
   * flagged again, and the alert (once per finding and organization) is not repeated. */
  sqlite3_exec(f->db, "DELETE FROM vuln_kev", NULL, NULL, NULL);
  assert_int_equal(products_kev_refresh(f->db, &sys, &hits, &e), HOSHI_OK);
  assert_int_equal(hits, 0);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE kev_cve <> ''", NULL), 0);
  import(f->db, "kev.json");
  assert_int_equal(products_kev_refresh(f->db, &sys, &hits, &e), HOSHI_OK);
  assert_int_equal(hits, 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM product_findings WHERE kev_cve = 'CVE-2098-1001'", NULL), 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->buyer.id), 2);

  /* A buyer given a share later learns at once of the two KEV findings already open; nobody
   * else is alerted again. */
  long long owner_notes = count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->sup.id);
  long long buyer_hooks = count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev' AND webhook_id = ?", w.id);
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->other.id, "status", NULL, &e), HOSHI_OK);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->other.id), 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev' AND webhook_id = ?", wo.id), 2);
  assert_int_equal(count(f->db, "SELECT count(*) FROM webhook_deliveries WHERE event = 'vuln.kev' AND webhook_id = ?", w.id),
                   buyer_hooks);
  assert_int_equal(count(f->db, "SELECT count(*) FROM notifications WHERE kind = 'vuln.kev' AND org_id = ?", f->sup.id),
                   owner_notes);
}

static void test_limits(void **state) {
  fx *f = *state;
  hoshi_error e;
  char name[PRODUCTS_NAME_MAX + 2];
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = 0;
  assert_int_equal(products_create(f->db, &sys, f->sup.id, name, "iot", NULL, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "name");
  name[PRODUCTS_NAME_MAX] = 0;
  assert_int_equal(products_create(f->db, &sys, f->sup.id, name, "iot", NULL, NULL, &e), HOSHI_OK);
  assert_int_equal(products_create(f->db, &sys, f->sup.id, name, "iot", NULL, NULL, &e), HOSHI_EEXISTS);
  assert_int_equal(products_create(f->db, &sys, f->sup.id, "x", "hardware", NULL, NULL, &e), HOSHI_EINVAL);
  assert_string_equal(e.field, "type");

  char ver[PRODUCTS_VERSION_MAX + 2];
  memset(ver, '1', sizeof ver - 1);
  ver[sizeof ver - 1] = 0;
  assert_int_equal(products_version_add(f->db, &sys, f->sup.id, f->product, ver, NULL, &e), HOSHI_EINVAL);
  ver[PRODUCTS_VERSION_MAX] = 0;
  assert_int_equal(products_version_add(f->db, &sys, f->sup.id, f->product, ver, NULL, &e), HOSHI_OK);
  assert_int_equal(products_version_add(f->db, &sys, f->sup.id, f->product, ver, NULL, &e), HOSHI_EEXISTS);
  assert_int_equal(products_version_add(f->db, &sys, f->buyer.id, f->product, "2", NULL, &e), HOSHI_ENOTFOUND);

  products_upload_result r;
  char *big = malloc(PRODUCTS_SBOM_MAX + 1);
  assert_non_null(big);
  assert_int_equal(products_sbom_upload(f->db, &sys, f->sup.id, f->product, "1", big, PRODUCTS_SBOM_MAX + 1, &r, &e),
                   HOSHI_ELIMIT);
  free(big);

  /* PRODUCTS_COMPONENTS_MAX + 1 components (the subject counts as one). */
  size_t cap = (size_t)PRODUCTS_COMPONENTS_MAX * 64 + 512, used = 0;
  char *doc = malloc(cap);
  used += (size_t)snprintf(doc, cap,
                           "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"component\":"
                           "{\"type\":\"application\",\"name\":\"big\"}},\"components\":[");
  for (int i = 0; i < PRODUCTS_COMPONENTS_MAX; i++)
    used += (size_t)snprintf(doc + used, cap - used, "%s{\"type\":\"library\",\"name\":\"c%d\",\"version\":\"1\"}",
                             i ? "," : "", i);
  used += (size_t)snprintf(doc + used, cap - used, "]}");
  assert_int_equal(products_sbom_upload(f->db, &sys, f->sup.id, f->product, "1", doc, used, &r, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "$.components");
  free(doc);
  /* a buyer cannot upload to a product it does not own */
  size_t len;
  char *s = fixture("shop-1.0.cdx.json", &len);
  assert_int_equal(products_sbom_upload(f->db, &sys, f->buyer.id, f->product, "1", s, len, &r, &e), HOSHI_ENOTFOUND);
  free(s);

  products_rematch_stats st;
  products_pair *many = calloc(PRODUCTS_PAIRS_MAX + 1, sizeof *many);
  assert_int_equal(products_rematch(f->db, &sys, many, PRODUCTS_PAIRS_MAX + 1, &st, &e), HOSHI_ELIMIT);
  free(many);
}

static void link(fx *f, const org *buyer, const org *supplier) {
  sc_rel_input in = {supplier->corporate_number, supplier->name_ja, "", "goods", "high", {1, 0, 0, 0, 0, 0}, NULL};
  hoshi_error e;
  if (sc_add(f->db, &sys, buyer->id, &in, NULL, NULL, &e)) fail_msg("link: %s", e.message);
}

static void upload_to(fx *f, const org *owner, const char *product) {
  size_t len;
  char *s = fixture("shop-1.0.cdx.json", &len);
  products_upload_result r;
  hoshi_error e;
  if (products_sbom_upload(f->db, &sys, owner->id, product, "2.0", s, len, &r, &e) != HOSHI_OK) fail_msg("%s", e.message);
  free(s);
}

/* buyer → sup → t2 → (buyer, sup): a tier-2 product shared with the buyer appears at tier 2 with
 * its path; one t2 shares only with sup does not; the cycles end. */
static void test_impact_tiers(void **state) {
  fx *f = *state;
  org t2;
  mk(f->db, "500000000004", "二次 株式会社", &t2);
  link(f, &f->buyer, &f->sup);
  link(f, &f->sup, &t2);
  link(f, &t2, &f->buyer);
  link(f, &t2, &f->sup);
  /* a diamond: a second tier-1 supplier also lists t2; the path goes through the first by name */
  org t1b;
  mk(f->db, "500000000005", "あおい 株式会社", &t1b);
  link(f, &f->buyer, &t1b);
  link(f, &t1b, &t2);
  hoshi_error e;
  char gadget[UTIL_ID_LEN], hidden[UTIL_ID_LEN], loose[UTIL_ID_LEN];
  assert_int_equal(products_create(f->db, &sys, t2.id, "Gadget <x> \"q\" & co", "firmware", "", gadget, &e), HOSHI_OK);
  assert_int_equal(products_create(f->db, &sys, t2.id, "Hidden", "software", "", hidden, &e), HOSHI_OK);
  assert_int_equal(products_create(f->db, &sys, f->other.id, "Loose", "software", "", loose, &e), HOSHI_OK);
  products_upload_result r;
  upload(f, "1.0", &r);
  upload_to(f, &t2, gadget);
  upload_to(f, &t2, hidden);
  upload_to(f, &f->other, loose);
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", NULL, &e), HOSHI_OK);
  /* by 法人番号, as a supplier two tiers down knows the end buyer */
  assert_int_equal(products_share(f->db, &sys, t2.id, gadget, "1234567890123", "status", NULL, &e), HOSHI_ENOTFOUND);
  assert_string_equal(e.field, "buyer");
  assert_int_equal(products_share(f->db, &sys, t2.id, gadget, f->buyer.corporate_number, "status", NULL, &e), HOSHI_OK);
  assert_int_equal(products_share(f->db, &sys, t2.id, hidden, f->sup.id, "status", NULL, &e), HOSHI_OK);
  assert_int_equal(products_share(f->db, &sys, f->other.id, loose, f->buyer.id, "status", NULL, &e), HOSHI_OK);

  products_impact_query q = {"CVE-2098-1001", 0, -1, 0, 0};
  impact_q = &q;
  hoshi_err rc;
  size_t n;
  char *js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(rc, HOSHI_OK);
  assert_int_equal(n, 3); /* Shop (tier 1), Gadget (tier 2), Loose (outside the chain); not Hidden */
  assert_null(strstr(js, "\"Hidden\""));
  assert_non_null(strstr(js, "\"product_name\":\"Shop\",\"supplier_id\""));
  assert_non_null(strstr(js, "\"supplier\":\"二次 株式会社\",\"supplier_corpnum\":\"" ));
  assert_non_null(strstr(js, "\"tier\":2,\"path\":[{\"name\":\"発注者 株式会社\""));
  assert_non_null(strstr(js, "{\"name\":\"供給者 株式会社\",\"corporate_number\":\"" ));
  assert_non_null(strstr(js, "\"tier\":1,\"path\":[{\"name\":\"発注者 株式会社\""));
  assert_non_null(strstr(js, "\"supplier\":\"無関係 株式会社\",\"supplier_corpnum\":\"" ));
  assert_non_null(strstr(js, "\"tier\":null,\"path\":null"));
  /* the tier-2 path goes buyer → あおい → t2: of the two tier-1 suppliers listing t2, the first by name */
  const char *g = strstr(js, "\"tier\":2,\"path\":[");
  assert_non_null(g);
  char path[600];
  snprintf(path, sizeof path, "%.*s", (int)(strchr(g, ']') - g), g);
  assert_non_null(strstr(path, "二次 株式会社\",\"corporate_number\""));
  assert_non_null(strstr(path, "{\"name\":\"あおい 株式会社\""));
  assert_null(strstr(path, "供給者"));
  free(js);
  /* From sup's side t2 is tier 1, and Hidden is shared with sup. */
  js = json_of(f, list_impact, f->sup.id, &rc, &n);
  assert_int_equal(n, 1);
  assert_non_null(strstr(js, "\"product_name\":\"Hidden\""));
  assert_non_null(strstr(js, "\"tier\":1"));
  free(js);
  /* After withdrawal the tier-2 product is gone at once. */
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT id FROM product_shares WHERE product_id = ? AND buyer_org_id = ?", -1, &st, NULL),
                   SQLITE_OK);
  sqlite3_bind_text(st, 1, gadget, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, f->buyer.id, -1, SQLITE_STATIC);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  char share[UTIL_ID_LEN];
  snprintf(share, sizeof share, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);

  /* The graph: escaped names, tiers, KEV-free here (no KEV catalog imported). */
  char *svg = NULL;
  size_t len = 0;
  assert_int_equal(products_impact_svg(f->db, f->buyer.id, &q, &svg, &len, &e), HOSHI_OK);
  assert_non_null(strstr(svg, "<svg"));
  assert_null(strstr(svg, "<x>"));
  assert_non_null(strstr(svg, "Gadget &lt;x&gt;"));
  assert_non_null(strstr(svg, "Tier 2"));
  assert_non_null(strstr(svg, "#/supplier/"));
  assert_non_null(strstr(svg, "stroke-dasharray")); /* Loose: shared from outside the chain */
  free(svg);

  /* The supplier's pictures: only products it shares with this buyer. */
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, o);
  assert_int_equal(products_supplier_findings_json(f->db, f->buyer.id, t2.corporate_number, d, o, &e), HOSHI_OK);
  js = yyjson_mut_write(d, 0, NULL);
  assert_non_null(strstr(js, "\"tier\":2"));
  assert_null(strstr(js, "Hidden"));
  assert_non_null(strstr(js, "\"product_name\":\"Gadget <x> \\\"q\\\" & co\""));
  assert_int_equal(yyjson_mut_arr_size(yyjson_mut_obj_get(o, "items")), 2);
  free(js);
  yyjson_mut_doc_free(d);
  d = yyjson_mut_doc_new(NULL);
  o = yyjson_mut_obj(d);
  assert_int_equal(products_supplier_findings_json(f->db, f->buyer.id, "1234567890123", d, o, &e), HOSHI_ENOTFOUND);
  yyjson_mut_doc_free(d);

  assert_int_equal(products_share_withdraw(f->db, &sys, t2.id, share, &e), HOSHI_OK);
  js = json_of(f, list_impact, f->buyer.id, &rc, &n);
  assert_int_equal(n, 2);
  assert_null(strstr(js, "Gadget"));
  free(js);
}

/* One past PRODUCTS_GRAPH_MAX product versions: the graph draws the limit and counts the rest. */
static void test_graph_limit(void **state) {
  fx *f = *state;
  hoshi_error e;
  products_upload_result r;
  for (int i = 0; i <= PRODUCTS_GRAPH_MAX; i++) {
    char v[16];
    snprintf(v, sizeof v, "v%03d", i);
    upload(f, v, &r);
  }
  assert_int_equal(products_share(f->db, &sys, f->sup.id, f->product, f->buyer.id, "status", NULL, &e), HOSHI_OK);
  products_impact_query q = {NULL, 0, products_severity_score("critical"), 0, 0};
  char *svg = NULL;
  size_t len = 0;
  assert_int_equal(products_impact_svg(f->db, f->buyer.id, &q, &svg, &len, &e), HOSHI_OK);
  assert_non_null(strstr(svg, ">+1<"));
  assert_non_null(strstr(svg, "Shop v299"));
  assert_null(strstr(svg, "Shop v300"));
  free(svg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_upload_findings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rematch_only_changed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rematch_many_versions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_vex, setup, teardown),
      cmocka_unit_test_setup_teardown(test_csaf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_finding_events, setup, teardown),
      cmocka_unit_test_setup_teardown(test_consent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kev_alert, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_impact_tiers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_graph_limit, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Products benchmark: one supplier's product versions with synthetic npm SBOMs shared with a
 * buyer; prints upload time per SBOM, the impact query, and re-matching after new advisories. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include <yyjson.h>

#include "hoshi/buf.h"
#include "hoshi/vuln.h"
#include "org/org.h"
#include "products/products.h"
#include "store/store.h"

/* Defaults (argv overrides): versions, components per SBOM, advisories before, advisories after. */
#define BENCH_VERSIONS 20
#define BENCH_COMPONENTS 5000
#define BENCH_ADVISORIES 5000
#define BENCH_NEW_ADVISORIES 1000

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Advisories first..first+n on npm packages pkg<k>, every version below 2.0.0 affected. */
static int import_advisories(sqlite3 *db, unsigned first, unsigned n) {
  hoshi_buf b = {0};
  hoshi_buf_putc(&b, '[');
  for (unsigned k = first; k < first + n; k++)
    hoshi_buf_printf(&b,
                     "%s{\"id\":\"BENCH-%u\",\"modified\":\"2026-01-01T00:00:00Z\",\"aliases\":[\"CVE-2097-%u\"],"
                     "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                     "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"pkg%u\"},"
                     "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}]}]}]}",
                     k == first ? "" : ",", k, k, k);
  hoshi_buf_putc(&b, ']');
  hoshi_vuln_import_stats st = {0};
  hoshi_error e;
  int rc = hoshi_vuln_import_buffer(db, "bench", b.p, b.n, &st, &e) == HOSHI_OK ? 0 : -1;
  if (rc) fprintf(stderr, "import: %s\n", e.message);
  hoshi_buf_free(&b);
  return rc;
}

/* An SBOM of n components pkg<seed>..: version 1.x (affected) for every tenth, 3.x otherwise. */
static char *sbom(unsigned n, unsigned seed, size_t *len) {
  hoshi_buf b = {0};
  hoshi_buf_puts(&b, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"component\":"
                     "{\"type\":\"application\",\"name\":\"bench\"}},\"components\":[");
  for (unsigned i = 0; i < n; i++) {
    unsigned p = (seed + i * 7u) % (BENCH_ADVISORIES + BENCH_NEW_ADVISORIES + 5000u);
    hoshi_buf_printf(&b, "%s{\"type\":\"library\",\"name\":\"pkg%u\",\"version\":\"%s\",\"purl\":\"pkg:npm/pkg%u@%s\"}",
                     i ? "," : "", p, i % 10 == 0 ? "1.0.0" : "3.0.0", p, i % 10 == 0 ? "1.0.0" : "3.0.0");
  }
  hoshi_buf_puts(&b, "]}");
  *len = b.n;
  return hoshi_buf_take(&b);
}

int main(int argc, char **argv) {
  unsigned versions = argc > 1 ? (unsigned)atoi(argv[1]) : BENCH_VERSIONS;
  unsigned comps = argc > 2 ? (unsigned)atoi(argv[2]) : BENCH_COMPONENTS;
  if (util_init() != 0) return 1;
  char dir[] = "/tmp/hoshi-bench-products-XXXXXX", path[128];
  if (mkdtemp(dir) == NULL) return 1;
  snprintf(path, sizeof path, "%s/b.db", dir);
  sqlite3 *db;
  hoshi_error e;
  if (store_open_migrated(path, &db, &e)) return 1;
  audit_actor who = {NULL, "bench", ""};
  org sup, buyer;
  char n1[14], n2[14];
  snprintf(n1, sizeof n1, "%d%s", org_corpnum_check_digit("600000000001"), "600000000001");
  snprintf(n2, sizeof n2, "%d%s", org_corpnum_check_digit("600000000002"), "600000000002");
  org_fields f1 = {n1, "Bench supplier", "", "automotive", 1, ""}, f2 = {n2, "Bench buyer", "", "automotive", 0, ""};
  if (org_create(db, &who, &f1, &sup, &e) || org_create(db, &who, &f2, &buyer, &e)) return 1;
  double t0 = now_s();
  if (import_advisories(db, 0, BENCH_ADVISORIES)) return 1;
  printf("imported %u advisories: %.2f s\n", BENCH_ADVISORIES, now_s() - t0);
  char pid[UTIL_ID_LEN];
  if (products_create(db, &who, sup.id, "Bench product", "software", "", pid, &e)) return 1;
  if (products_share(db, &who, sup.id, pid, buyer.id, "status", NULL, &e)) return 1;
  double worst = 0, total = 0;
  size_t open = 0;
  for (unsigned v = 0; v < versions; v++) {
    size_t len;
    char *doc = sbom(comps, v * 13u, &len);
    char ver[32];
    snprintf(ver, sizeof ver, "1.%u", v);
    products_upload_result r;
    double t = now_s();
    if (products_sbom_upload(db, &who, sup.id, pid, ver, doc, len, &r, &e)) {
      fprintf(stderr, "upload: %s\n", e.message);
      return 1;
    }
    t = now_s() - t;
    total += t;
    if (t > worst) worst = t;
    open += r.findings_open;
    free(doc);
  }
  printf("uploaded %u SBOMs of %u components: mean %.0f ms, worst %.0f ms; %zu open findings\n", versions, comps,
         1000 * total / versions, 1000 * worst, open);
  /* pkg0 (advisory BENCH-0, alias CVE-2097-0) is in the first version's SBOM at an affected version. */
  products_impact_query q = {"CVE-2097-0", 0, -1};
  double t = now_s();
  struct yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *arr = yyjson_mut_arr(d);
  if (products_impact_json(db, buyer.id, &q, d, arr, &e)) return 1;
  printf("impact of one advisory: %zu rows in %.1f ms\n", yyjson_mut_arr_size(arr), 1000 * (now_s() - t));
  yyjson_mut_doc_free(d);
  char since[UTIL_TIME_LEN];
  sleep(1); /* whole-second times: the first import must be older than `since` */
  util_now_iso(since);
  if (import_advisories(db, BENCH_ADVISORIES, BENCH_NEW_ADVISORIES)) return 1;
  products_rematch_stats st;
  t = now_s();
  if (products_rematch_since(db, &who, since, &st, &e)) {
    fprintf(stderr, "rematch: %s\n", e.message);
    return 1;
  }
  printf("re-match after %u new advisories: %.0f ms (%zu versions, %zu components, %zu new findings)\n",
         BENCH_NEW_ADVISORIES, 1000 * (now_s() - t), st.versions, st.components, st.findings_new);
  sqlite3_close(db);
  static const char *const files[] = {"b.db", "b.db-wal", "b.db-shm"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  return rmdir(dir) == 0 ? 0 : 1;
}

/* Benchmark: SBOM parsing throughput (MB/s) on synthetic CycloneDX and SPDX documents of 1,000
 * to 100,000 components and on every file under $HOSHI_SHARED_DATA/sbom, next to two bounds:
 * yyjson reading the same bytes alone, and a plain byte scan. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <yyjson.h>

#include "hoshi/buf.h"
#include "hoshi/sbom.h"

/* CPU time of this thread (user + system, so page faults count): the machine is shared, and
 * wall time would measure the neighbours as much as the code. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const ecos[] = {"npm", "maven", "pypi", "golang", "cargo"};

static char *synthetic_cdx(size_t n, size_t *len) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"serialNumber\":\"urn:uuid:00000000-0000-4000-8000-000000000000\","
                     "\"version\":1,\"metadata\":{\"timestamp\":\"2026-11-26T00:00:00Z\",\"tools\":{\"components\":[{\"type\":\"application\",\"name\":\"bench\",\"version\":\"1\"}]},"
                     "\"component\":{\"type\":\"application\",\"bom-ref\":\"root\",\"name\":\"product\",\"version\":\"1.0.0\"}},\"components\":[");
  for (size_t i = 0; i < n; i++) {
    const char *eco = ecos[i % 5];
    hoshi_buf_printf(&b,
                     "%s{\"type\":\"library\",\"bom-ref\":\"c%zu\",\"group\":\"org.example.g%zu\",\"name\":\"lib-%zu\","
                     "\"version\":\"%zu.%zu.%zu\",\"description\":\"Synthetic component number %zu for the parser benchmark\","
                     "\"supplier\":{\"name\":\"Supplier %zu KK\"},"
                     "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"%064zx\"}],"
                     "\"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}],"
                     "\"purl\":\"pkg:%s/%s%slib-%zu@%zu.%zu.%zu\","
                     "\"externalReferences\":[{\"type\":\"website\",\"url\":\"https://example.org/lib-%zu\"}]}",
                     i ? "," : "", i, i % 97, i, i % 13, i % 7, i % 31, i, i % 211, i * 2654435761u, eco,
                     strcmp(eco, "maven") == 0 ? "org.example" : "", strcmp(eco, "maven") == 0 ? "/" : "", i, i % 13,
                     i % 7, i % 31, i);
  }
  hoshi_buf_puts(&b, "],\"dependencies\":[{\"ref\":\"root\",\"dependsOn\":[");
  for (size_t i = 0; i < n; i += 10) hoshi_buf_printf(&b, "%s\"c%zu\"", i ? "," : "", i);
  hoshi_buf_puts(&b, "]}");
  for (size_t i = 0; i + 1 < n; i++) hoshi_buf_printf(&b, ",{\"ref\":\"c%zu\",\"dependsOn\":[\"c%zu\"]}", i, i + 1);
  hoshi_buf_puts(&b, "]}");
  *len = b.n;
  return hoshi_buf_take(&b);
}

static char *synthetic_spdx(size_t n, size_t *len) {
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"bench\","
                     "\"documentNamespace\":\"https://example.org/bench\",\"creationInfo\":{\"created\":\"2026-11-26T00:00:00Z\","
                     "\"creators\":[\"Tool: bench-1\",\"Organization: Example KK\"]},\"packages\":[");
  for (size_t i = 0; i < n; i++)
    hoshi_buf_printf(&b,
                     "%s{\"SPDXID\":\"SPDXRef-p%zu\",\"name\":\"lib-%zu\",\"versionInfo\":\"%zu.%zu.%zu\",\"supplier\":\"Organization: Supplier %zu\","
                     "\"downloadLocation\":\"NOASSERTION\",\"licenseConcluded\":\"MIT\",\"licenseDeclared\":\"MIT\",\"copyrightText\":\"NOASSERTION\","
                     "\"checksums\":[{\"algorithm\":\"SHA256\",\"checksumValue\":\"%064zx\"}],"
                     "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:npm/lib-%zu@%zu.%zu.%zu\"}]}",
                     i ? "," : "", i, i, i % 13, i % 7, i % 31, i % 211, i * 2654435761u, i, i % 13, i % 7, i % 31);
  hoshi_buf_puts(&b, "],\"relationships\":[");
  for (size_t i = 0; i + 1 < n; i++)
    hoshi_buf_printf(&b, "%s{\"spdxElementId\":\"SPDXRef-p%zu\",\"relationshipType\":\"DEPENDS_ON\",\"relatedSpdxElement\":\"SPDXRef-p%zu\"}",
                     i ? "," : "", i, i + 1);
  hoshi_buf_puts(&b, "]}");
  *len = b.n;
  return hoshi_buf_take(&b);
}

/* yyjson with the same large-block policy hoshi uses (2 MB pages for blocks of 4 MB and
 * more), so the bound is compared like with like. */
static void *huge_malloc(void *ctx, size_t n) {
  (void)ctx;
  if (n < ((size_t)4 << 20)) return malloc(n);
  size_t r = (n + ((size_t)2 << 20) - 1) & ~(((size_t)2 << 20) - 1);
  void *p = aligned_alloc((size_t)2 << 20, r);
  if (p) madvise(p, r, MADV_HUGEPAGE);
  return p;
}
static void *huge_realloc(void *ctx, void *p, size_t old, size_t n) {
  void *q = huge_malloc(ctx, n);
  if (q && p) memcpy(q, p, old < n ? old : n);
  free(p);
  return q;
}
static void huge_free(void *ctx, void *p) {
  (void)ctx;
  free(p);
}
static const yyjson_alc huge_alc = {huge_malloc, huge_realloc, huge_free, NULL};

/* Best of several runs, each at least min_time seconds of repeated parsing. */
typedef enum { RUN_HOSHI, RUN_YYJSON, RUN_YYJSON_HUGE, RUN_SCAN } run_kind;

static double mbps(run_kind k, const char *buf, size_t len, size_t *components) {
  double best = 0;
  for (int round = 0; round < 5; round++) {
    int iters = 0;
    double t0 = now(), t1;
    do {
      if (k == RUN_HOSHI) {
        hoshi_sbom *s = NULL;
        hoshi_error e;
        if (hoshi_sbom_parse(buf, len, &s, &e) != HOSHI_OK) {
          fprintf(stderr, "parse failed: %s\n", e.message);
          exit(1);
        }
        *components = s->ncomponents;
        hoshi_sbom_free(s);
      } else if (k == RUN_YYJSON || k == RUN_YYJSON_HUGE) {
        yyjson_doc *d = yyjson_read_opts((char *)buf, len, 0, k == RUN_YYJSON_HUGE ? &huge_alc : NULL, NULL);
        if (d == NULL) exit(1);
        yyjson_doc_free(d);
      } else {
        /* the floor any reader pays: look at every byte once */
        volatile size_t q = 0;
        size_t c = 0;
        for (size_t i = 0; i < len; i++) c += buf[i] == '"';
        q = c;
        (void)q;
      }
      iters++;
      t1 = now();
    } while (t1 - t0 < 0.2);
    double r = (double)len * iters / (t1 - t0) / 1e6;
    if (r > best) best = r;
  }
  return best;
}

static void report(const char *label, const char *buf, size_t len) {
  size_t comps = 0;
  double h = mbps(RUN_HOSHI, buf, len, &comps);
  double y = mbps(RUN_YYJSON, buf, len, &comps);
  double yh = mbps(RUN_YYJSON_HUGE, buf, len, &comps);
  double sc = mbps(RUN_SCAN, buf, len, &comps);
  double best_y = y > yh ? y : yh;
  printf("%-44s %8.2f %7zu %8.0f %8.0f %8.0f %8.0f %6.0f%%\n", label, (double)len / 1e6, comps, h, y, yh, sc,
         100.0 * h / best_y);
}

int main(int argc, char **argv) {
  printf("%-44s %8s %7s %8s %8s %8s %8s %7s\n", "document", "MB", "comps", "hoshi", "yyjson", "yy+2MB", "scan", "of best");
  printf("%-44s %8s %7s %8s %8s %8s %8s %7s\n", "", "", "", "MB/s", "MB/s", "MB/s", "MB/s", "yyjson");
  size_t sizes[] = {1000, 10000, 100000};
  for (size_t i = 0; i < 3; i++) {
    size_t len;
    char *buf = synthetic_cdx(sizes[i], &len);
    char label[64];
    snprintf(label, sizeof label, "synthetic CycloneDX 1.5, %zu comps", sizes[i]);
    report(label, buf, len);
    free(buf);
    buf = synthetic_spdx(sizes[i], &len);
    snprintf(label, sizeof label, "synthetic SPDX 2.3, %zu packages", sizes[i]);
    report(label, buf, len);
    free(buf);
  }
  const char *data = argc > 1 ? argv[1] : getenv("HOSHI_SHARED_DATA");
  if (data == NULL) data = "../shared/data";
  const char *sub[] = {"sbom/cyclonedx", "sbom/spdx"};
  for (int d = 0; d < 2; d++) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", data, sub[d]);
    DIR *dh = opendir(dir);
    if (dh == NULL) {
      printf("(no %s: pass the shared data folder as the first argument)\n", dir);
      continue;
    }
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
      if (de->d_name[0] == '.') continue;
      char path[2048];
      snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
      FILE *f = fopen(path, "rb");
      if (f == NULL) continue;
      fseek(f, 0, SEEK_END);
      long n = ftell(f);
      rewind(f);
      char *buf = malloc((size_t)n + 1);
      size_t got = fread(buf, 1, (size_t)n, f);
      fclose(f);
      report(de->d_name, buf, got);
      free(buf);
    }
    closedir(dh);
  }
  return 0;
}

/* Vulnerability matching benchmark: generates synthetic OSV advisories over five ecosystems
 * and synthetic component lists, then prints import rate, scan times and peak memory. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/util.h"
#include "hoshi/sbom.h"
#include "hoshi/vuln.h"
#include "store/store.h"

/* Synthetic data shape: packages per ecosystem, advisories per JSON batch handed to import. */
#define BENCH_PACKAGES_PER_ECO 100000u
#define BENCH_BATCH 10000u

static const char *const ECOS[5] = {"npm", "PyPI", "Go", "Maven", "crates.io"};
static const char *const PURL_TYPES[5] = {"npm", "pypi", "golang", "maven", "cargo"};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process (user + system): less sensitive than wall time to other work on
 * a shared machine. */
static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         (double)ru.ru_stime.tv_usec / 1e6;
}

static long peak_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

/* xorshift: reproducible data without libc's rand state */
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state % n);
}

static void pkg_name(int eco, unsigned p, char *out, size_t n) {
  switch (eco) {
    case 2: snprintf(out, n, "example.com/mod%u", p); break;
    case 3: snprintf(out, n, "org.example:artifact%u", p); break;
    case 4: snprintf(out, n, "crate%u", p); break;
    default: snprintf(out, n, "pkg%u", p);
  }
}

static void purl_of(int eco, unsigned p, const char *ver, char *out, size_t n) {
  switch (eco) {
    case 2: snprintf(out, n, "pkg:golang/example.com/mod%u@v%s", p, ver); break;
    case 3: snprintf(out, n, "pkg:maven/org.example/artifact%u@%s", p, ver); break;
    default: snprintf(out, n, "pkg:%s/%s%u@%s", PURL_TYPES[eco], eco == 4 ? "crate" : "pkg", p, ver);
  }
}

static const char *const VECTORS[4] = {
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"};

/* One advisory: package p of ecosystem eco affected from a.b.0 to a.(b+1).0 (fixed), or up
 * to a last_affected, or a versions[] list; every advisory has a CVE alias and a vector. */
static void gen_advisory(hoshi_buf *b, size_t n) {
  int eco = (int)(n % 5);
  unsigned p = rnd(BENCH_PACKAGES_PER_ECO);
  char name[64];
  pkg_name(eco, p, name, sizeof name);
  unsigned a = rnd(5), m = rnd(10);
  hoshi_buf_printf(b,
                   "{\"id\":\"SYN-%zu\",\"modified\":\"2025-01-01T00:00:00Z\",\"published\":"
                   "\"2024-06-01T00:00:00Z\",\"aliases\":[\"CVE-2030-%zu\"],\"summary\":\"Synthetic "
                   "advisory %zu for %s\",\"severity\":[{\"type\":\"%s\",\"score\":\"%s\"}],\"affected\":"
                   "[{\"package\":{\"ecosystem\":\"%s\",\"name\":\"%s\"},",
                   n, 100000 + n, n, name, n % 4 == 2 ? "CVSS_V4" : "CVSS_V3", VECTORS[n % 4], ECOS[eco], name);
  const char *type = (eco == 0 || eco == 2 || eco == 4) ? "SEMVER" : "ECOSYSTEM";
  switch (n % 10) {
    case 0: hoshi_buf_printf(b, "\"versions\":[\"%u.%u.0\",\"%u.%u.1\",\"%u.%u.2\"]", a, m, a, m, a, m); break;
    case 1:
      hoshi_buf_printf(b, "\"ranges\":[{\"type\":\"%s\",\"events\":[{\"introduced\":\"0\"},"
                          "{\"last_affected\":\"%u.%u.3\"}]}]", type, a, m);
      break;
    default:
      hoshi_buf_printf(b, "\"ranges\":[{\"type\":\"%s\",\"events\":[{\"introduced\":\"%u.%u.0\"},"
                          "{\"fixed\":\"%u.%u.0\"}]}]", type, a, m, a, m + 1);
  }
  hoshi_buf_puts(b, "}]}");
}

static int open_db(const char *path, sqlite3 **db) {
  hoshi_error e;
  if (store_open_migrated(path, db, &e) != HOSHI_OK) {
    fprintf(stderr, "bench_vuln: %s\n", e.message);
    return -1;
  }
  return 0;
}

static int cmd_generate(const char *db_path, size_t count) {
  sqlite3 *db;
  if (open_db(db_path, &db)) return 1;
  hoshi_vuln_import_stats st = {0};
  hoshi_buf b = HOSHI_BUF_INIT;
  double gen = 0, t0 = now_s();
  size_t bytes = 0;
  for (size_t done = 0; done < count;) {
    double g0 = now_s();
    hoshi_buf_reset(&b);
    hoshi_buf_putc(&b, '[');
    size_t k;
    for (k = 0; k < BENCH_BATCH && done < count; k++, done++) {
      if (k) hoshi_buf_putc(&b, ',');
      gen_advisory(&b, done);
    }
    hoshi_buf_putc(&b, ']');
    gen += now_s() - g0;
    bytes += b.n;
    hoshi_error e;
    if (hoshi_vuln_import_buffer(db, "synthetic", b.p, b.n, &st, &e) != HOSHI_OK) {
      fprintf(stderr, "bench_vuln: %s %s\n", e.field, e.message);
      return 1;
    }
  }
  double total = now_s() - t0, import = total - gen, cpu = cpu_s();
  printf("synthetic import: %zu advisories (%.0f MB of OSV JSON) over %d ecosystems in %.2f s"
         " (generation %.2f s excluded): %.0f advisories/s; process CPU %.2f s; errors %zu;"
         " peak RSS %ld MB\n",
         st.advisories, (double)bytes / 1e6, 5, import, gen, (double)st.advisories / import, cpu,
         st.errors, peak_rss_mb());
  hoshi_buf_free(&b);
  sqlite3_close(db);
  return 0;
}

/* Writes N synthetic advisories as an osv.dev-style all.zip (one deflated JSON per entry),
 * for timing `hoshi vuln import` end to end. */
static int cmd_gen_zip(const char *path, size_t count) {
  struct archive *a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_zip_set_compression_deflate(a);
  if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
    fprintf(stderr, "bench_vuln: %s\n", archive_error_string(a));
    return 1;
  }
  hoshi_buf b = HOSHI_BUF_INIT;
  struct archive_entry *ent = archive_entry_new();
  for (size_t i = 0; i < count; i++) {
    hoshi_buf_reset(&b);
    gen_advisory(&b, i);
    char name[64];
    snprintf(name, sizeof name, "SYN-%zu.json", i);
    archive_entry_clear(ent);
    archive_entry_set_pathname(ent, name);
    archive_entry_set_filetype(ent, AE_IFREG);
    archive_entry_set_perm(ent, 0644);
    archive_entry_set_size(ent, (la_int64_t)b.n);
    if (archive_write_header(a, ent) != ARCHIVE_OK || archive_write_data(a, b.p, b.n) < 0) {
      fprintf(stderr, "bench_vuln: %s\n", archive_error_string(a));
      return 1;
    }
  }
  archive_entry_free(ent);
  archive_write_close(a);
  archive_write_free(a);
  hoshi_buf_free(&b);
  return 0;
}

/* n components: a tenth of them at versions inside a generated advisory's range, the rest
 * spread over existing and unknown package names. */
static hoshi_vuln_component *gen_components(size_t n, char **arena) {
  hoshi_vuln_component *c = calloc(n, sizeof *c);
  char *mem = malloc(n * 96);
  for (size_t i = 0; i < n; i++) {
    int eco = (int)rnd(5);
    unsigned p = i % 10 == 0 ? rnd(BENCH_PACKAGES_PER_ECO) : rnd(BENCH_PACKAGES_PER_ECO * 2);
    char ver[32];
    snprintf(ver, sizeof ver, "%u.%u.%u", rnd(5), rnd(11), rnd(4));
    char *purl = mem + i * 96;
    purl_of(eco, p, ver, purl, 96);
    c[i].purl = purl;
    c[i].name = purl;
  }
  *arena = mem;
  return c;
}

static int cmd_scan(const char *db_path, size_t ncomp, int repeat) {
  double t_open = now_s();
  sqlite3 *db;
  if (open_db(db_path, &db)) return 1;
  t_open = now_s() - t_open;
  char *arena;
  hoshi_vuln_component *c = gen_components(ncomp, &arena);
  double best = 1e9, sum = 0, best_cpu = 1e9;
  size_t findings = 0;
  for (int r = 0; r < repeat; r++) {
    hoshi_vuln_report *rep;
    hoshi_error e;
    double c0 = cpu_s();
    double t0 = now_s();
    if (hoshi_vuln_scan(db, c, ncomp, NULL, &rep, &e) != HOSHI_OK) {
      fprintf(stderr, "bench_vuln: %s\n", e.message);
      return 1;
    }
    double t = now_s() - t0, tc = cpu_s() - c0;
    findings = rep->nfindings;
    hoshi_vuln_report_free(rep);
    if (t < best) best = t;
    if (tc < best_cpu) best_cpu = tc;
    sum += t;
  }
  printf("scan %zu components: best %.1f ms, mean %.1f ms over %d runs (best CPU %.1f ms); %zu findings;"
         " store opened in %.1f ms; peak RSS %ld MB\n",
         ncomp, best * 1000, sum / repeat * 1000, repeat, best_cpu * 1000, findings, t_open * 1000,
         peak_rss_mb());
  free(c);
  free(arena);
  sqlite3_close(db);
  return 0;
}

/* Times SBOM parse + scan for one file (real SBOMs). */
static int cmd_sbom(const char *db_path, int argc, char **argv) {
  sqlite3 *db;
  if (open_db(db_path, &db)) return 1;
  for (int i = 0; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    double best = 1e9;
    size_t comps = 0, findings = 0;
    for (int r = 0; r < 20; r++) {
      double t0 = now_s();
      hoshi_sbom *s;
      hoshi_error e;
      if (hoshi_sbom_parse(buf, got, &s, &e) != HOSHI_OK) {
        printf("%s: not parsed (%s)\n", argv[i], e.message);
        break;
      }
      hoshi_vuln_report *rep;
      if (hoshi_vuln_scan_sbom(db, s, NULL, &rep, &e) != HOSHI_OK) {
        printf("%s: scan failed (%s)\n", argv[i], e.message);
        hoshi_sbom_free(s);
        break;
      }
      double t = now_s() - t0;
      if (t < best) best = t;
      comps = s->ncomponents;
      findings = rep->nfindings;
      hoshi_vuln_report_free(rep);
      hoshi_sbom_free(s);
    }
    if (best < 1e9)
      printf("%-40s %6zu components %4zu findings  parse+scan best %.2f ms\n",
             strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i], comps, findings, best * 1000);
    free(buf);
  }
  printf("peak RSS %ld MB\n", peak_rss_mb());
  sqlite3_close(db);
  return 0;
}

/* Writes a CycloneDX 1.5 SBOM with the components of gen_components. */
static int cmd_gen_sbom(const char *path, size_t n) {
  char *arena;
  hoshi_vuln_component *c = gen_components(n, &arena);
  FILE *f = fopen(path, "w");
  if (f == NULL) return 1;
  fprintf(f, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"metadata\":"
             "{\"component\":{\"type\":\"application\",\"name\":\"synthetic\",\"version\":\"1.0\","
             "\"bom-ref\":\"root\"}},\"components\":[");
  for (size_t i = 0; i < n; i++) {
    const char *at = strrchr(c[i].purl, '@');
    const char *slash = strrchr(c[i].purl, '/');
    fprintf(f, "%s{\"type\":\"library\",\"bom-ref\":\"c%zu\",\"name\":\"%.*s\",\"version\":\"%s\","
               "\"purl\":\"%s\"}", i ? "," : "", i, (int)(at - slash - 1), slash + 1, at + 1, c[i].purl);
  }
  fprintf(f, "]}\n");
  fclose(f);
  free(c);
  free(arena);
  return 0;
}

static int cmd_import(const char *db_path, int argc, char **argv) {
  sqlite3 *db;
  if (open_db(db_path, &db)) return 1;
  for (int i = 0; i < argc; i++) {
    hoshi_vuln_import_stats st = {0};
    hoshi_error e;
    double t0 = now_s();
    if (hoshi_vuln_import_path(db, argv[i], NULL, &st, &e) != HOSHI_OK) {
      fprintf(stderr, "bench_vuln: %s\n", e.message);
      return 1;
    }
    double t = now_s() - t0;
    printf("import %s: %zu files, %zu advisories (%zu added, %zu unchanged) in %.2f s: %.0f advisories/s;"
           " %zu errors\n",
           argv[i], st.files, st.advisories, st.added, st.unchanged, t, (double)st.advisories / t, st.errors);
  }
  printf("peak RSS %ld MB\n", peak_rss_mb());
  sqlite3_close(db);
  return 0;
}

int main(int argc, char **argv) {
  if (util_init() != 0) return 1;
  if (argc >= 4 && strcmp(argv[1], "generate") == 0) return cmd_generate(argv[2], strtoul(argv[3], NULL, 10));
  if (argc >= 4 && strcmp(argv[1], "scan") == 0)
    return cmd_scan(argv[2], strtoul(argv[3], NULL, 10), argc > 4 ? atoi(argv[4]) : 5);
  if (argc >= 4 && strcmp(argv[1], "gen-zip") == 0) return cmd_gen_zip(argv[2], strtoul(argv[3], NULL, 10));
  if (argc >= 4 && strcmp(argv[1], "gen-sbom") == 0) return cmd_gen_sbom(argv[2], strtoul(argv[3], NULL, 10));
  if (argc >= 4 && strcmp(argv[1], "import") == 0) return cmd_import(argv[2], argc - 3, argv + 3);
  if (argc >= 4 && strcmp(argv[1], "sbom") == 0) return cmd_sbom(argv[2], argc - 3, argv + 3);
  fprintf(stderr,
          "usage: bench_vuln generate DB N          synthetic OSV advisories, import rate\n"
          "       bench_vuln scan DB COMPONENTS [R] scan synthetic components R times\n"
          "       bench_vuln import DB PATH...      import real OSV/KEV/EPSS data, rate\n"
          "       bench_vuln sbom DB SBOM...        parse + scan SBOMs (best of 20)\n"
          "       bench_vuln gen-sbom FILE N        write a synthetic CycloneDX SBOM\n"
          "       bench_vuln gen-zip FILE N         write N synthetic advisories as an all.zip\n");
  return 2;
}

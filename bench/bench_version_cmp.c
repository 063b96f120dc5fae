/* Benchmark: version comparisons per second for each scheme, over realistic versions of that
 * ecosystem (every ordered pair of a set, repeated). Prints one line per ecosystem. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hoshi/version.h"

/* CPU time of this thread (user + system, so page faults count): the machine is shared, and
 * wall time would measure the neighbours as much as the code. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct set {
  const char *eco;
  const char *v[12];
} set;

static const set sets[] = {
    {"npm", {"4.17.21", "4.17.20", "1.0.0-rc.1", "1.0.0", "2.3.4-beta.2", "10.1.0", "0.0.1", "3.0.0-alpha.10", "7.26.0", "1.2.3+build.5", "12.0.0-next.3", "5.76.1"}},
    {"crates.io", {"1.0.188", "0.2.147", "1.32.0", "0.4.31", "2.0.0-rc.1", "0.11.20", "1.0.75", "0.9.8", "1.4.1", "0.3.28", "0.1.40", "1.0.0"}},
    {"Go", {"v1.8.0", "v1.2.4-0.20191109021931-daa7c04131f5", "v0.0.0-20210305023314-538ac3df036e", "v2.0.0+incompatible", "v0.14.0", "v1.10.0", "v0.3.7", "v1.56.3", "v0.0.0-20200124225646-8b5121be2f68", "v1.1.1", "v0.17.0", "v3.0.1"}},
    {"NuGet", {"13.0.1", "6.0.1304", "4.5.11", "3.1.0-preview.1.19506.1", "5.0.0-rc.2.20475.5", "2.2.0", "1.0.0.1", "12.0.3", "7.0.0", "4.7.2", "8.0.0-preview.7", "1.1.0"}},
    {"PyPI", {"2.31.0", "1.26.18", "3.2.20", "2.0.0rc1", "1.0.post1", "0.24.0.dev3", "4.9.3", "1!2.0", "23.2", "2.1.2+cpu", "3.8.5", "1.11.1"}},
    {"Maven", {"2.14.1", "2.17.0", "5.3.0.RELEASE", "4.1.45.Final", "1.0-SNAPSHOT", "2.15.0-rc1", "3.12.0", "1.2.17", "31.1-jre", "2.13.4.2", "9.4.43.v20210629", "1.9.1"}},
    {"Debian", {"3.0.11-1~deb12u2", "1:2.4.47-2+b1", "7.88.1-10+deb12u5", "2.36-9+deb12u4", "1.2.13.dfsg-1", "2.30-21ubuntu1~18.04.4", "5.2.15-2+b2", "1:9.2p1-2+deb12u2", "252.19-1~deb12u1", "3.7.9-2+deb12u2", "2.9.14+dfsg-1.3", "1.0-1"}},
    {"Red Hat", {"3.0.7-24.el9", "2.28-225.el9_3.1", "1:1.1.1k-12.el8_9", "8.0.1-1.el9", "7.76.1-26.el9_3.2", "5.1.8-6.el9_1", "1.0^git1-1.fc39", "2.9.13-5.el9_2", "4.18.0-513.9.1.el8_9", "1.0~rc1-2", "252-18.el9", "0.3.1-1"}},
    {"RubyGems", {"7.0.8", "6.1.7.6", "1.15.4", "2.0.0.rc1", "3.2.0.beta2", "5.2.4.1", "1.0.0-1", "0.9.2", "4.0.0.pre", "13.0.6", "2.6.3", "1.16.0"}},
    {"Alpine", {"3.0.8-r0", "7.83.0-r0", "1.36.1-r15", "2.12.9-r3", "1.0_rc1-r0", "8.5.0-r0", "1.2.3_p1-r2", "3.1.4-r5", "1.0.0_pre20191002222144-r0", "2.4.7-r1", "0.20070207_rc1", "6.4-r2"}},
    {"Packagist", {"7.12.0", "v5.5.0", "1.0.0-beta2", "2.0.0-RC1", "6.4.x-dev", "1.2.3.4", "3.0.0-alpha1", "4.1.0-patch1", "9.52.16", "2.0.2", "1.0.0-dev", "10.0.0"}},
};

int main(void) {
  printf("%-10s %-10s %14s %10s\n", "ecosystem", "scheme", "comparisons", "M cmp/s");
  volatile int sink = 0;
  for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
    hoshi_version_scheme scheme = hoshi_version_scheme_of(sets[s].eco);
    hoshi_error e;
    /* check the whole set once, outside the timing */
    for (int i = 0; i < 12; i++) {
      int c;
      if (hoshi_version_cmp(sets[s].eco, sets[s].v[i], sets[s].v[i], &c, &e) != HOSHI_OK) {
        fprintf(stderr, "%s: %s\n", sets[s].eco, e.message);
        return 1;
      }
    }
    /* the public entry point, with the ecosystem looked up by name every time */
    long n = 0;
    double t0 = now(), t1;
    do {
      for (int rep = 0; rep < 50; rep++)
        for (int i = 0; i < 12; i++)
          for (int j = 0; j < 12; j++) {
            int c;
            hoshi_version_cmp(sets[s].eco, sets[s].v[i], sets[s].v[j], &c, &e);
            sink += c;
            n++;
          }
      t1 = now();
    } while (t1 - t0 < 0.5);
    printf("%-10s %-10s %14ld %10.1f\n", sets[s].eco, hoshi_version_scheme_name(scheme), n, (double)n / (t1 - t0) / 1e6);
  }
  return sink == 42 ? 1 : 0;
}

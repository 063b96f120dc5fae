/* Helpers for the cmocka unit tests (see testutil.h). */
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_tmpdir(void) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || *base == '\0') base = "/tmp";
  size_t n = strlen(base) + 32;
  char *p = malloc(n);
  if (p == NULL) return NULL;
  snprintf(p, n, "%s/hoshi-test-XXXXXX", base);
  if (mkdtemp(p) == NULL) { free(p); return NULL; }
  return p;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(path);
}

void tu_rmrf(const char *path) {
  if (path) nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) != 0) { fclose(f); return NULL; }
  long n = ftell(f);
  if (n < 0) { fclose(f); return NULL; }
  rewind(f);
  char *p = malloc((size_t)n + 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
  fclose(f);
  if (p) { p[n] = '\0'; if (len) *len = (size_t)n; }
  return p;
}

const char *tu_shared_data(void) {
  const char *d = getenv("HOSHI_SHARED_DATA");
  struct stat st;
  if (d && stat(d, &st) == 0 && S_ISDIR(st.st_mode)) return d;
  return NULL;
}

const char *tu_require_shared_data(const char *why) {
  const char *d = tu_shared_data();
  if (d == NULL) {
    printf("SKIP: ../shared/data is absent (set HOSHI_SHARED_DATA); %s\n", why);
    exit(77);
  }
  return d;
}

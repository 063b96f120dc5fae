/* Static files of the web UI: only plain names under the web folder, known types, no
 * directory listing. "/" is index.html. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"

static const struct {
  const char *ext;
  const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
    {".png", "image/png"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
};

static const char *type_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot == NULL) return NULL;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(dot, types[i].ext) == 0) return types[i].type;
  return NULL;
}

static int path_is_plain(const char *p) {
  if (p[0] != '/') return 0;
  for (const char *s = p; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
          c == '-' || c == '_'))
      return 0;
    if (c == '.' && s[-1] == '/') return 0; /* no hidden files, no ".." */
    if (c == '/' && s[1] == '/') return 0;
  }
  return 1;
}

void http_serve_static(http_req *r) {
  const char *rel = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
  const char *type = type_of(rel);
  if (!path_is_plain(rel) || type == NULL) {
    http_send_error(r, 404, "not_found", "", "no such page: %.200s", r->path);
    return;
  }
  char full[4096];
  int n = snprintf(full, sizeof full, "%s%s", r->srv->cfg.web_dir, rel);
  if (n < 0 || (size_t)n >= sizeof full) {
    http_send_error(r, 404, "not_found", "", "no such page");
    return;
  }
  int fd = open(full, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HTTP_STATIC_FILE_MAX) {
    if (fd >= 0) close(fd);
    http_send_error(r, 404, "not_found", "", "no such page: %.200s", r->path);
    return;
  }
  size_t len = (size_t)st.st_size;
  char *buf = malloc(len ? len : 1);
  size_t got = 0;
  while (buf && got < len) {
    ssize_t k = read(fd, buf + got, len - got);
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(fd);
  if (buf == NULL || got != len) {
    free(buf);
    http_send_error(r, 500, "io_error", "", "cannot read %s", rel);
    return;
  }
  http_send_raw(r, 200, type, buf, len, 1, "Cache-Control", "no-cache");
}

/* DOT text escaping and the Graphviz (libgvc) layout + SVG rendering every graph goes
 * through, so each graph only writes its DOT document. */
#include "core/dot.h"

#include <graphviz/gvc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void dot_text(hoshi_buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') hoshi_buf_putc(b, '\\');
    if ((unsigned char)*s < 0x20) continue;
    hoshi_buf_putc(b, *s);
  }
}

void dot_string(hoshi_buf *b, const char *s) {
  hoshi_buf_putc(b, '"');
  dot_text(b, s);
  hoshi_buf_putc(b, '"');
}

/* Graphviz is not thread-safe, and its pango text plugin caches a pointer to the last font
 * name, which a freed context leaves dangling (the next layout reads freed memory). So one
 * context lives as long as the process and one layout runs at a time. */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_ctx;

static hoshi_err render_locked(const char *dot_src, char **svg, size_t *len, hoshi_error *e) {
  if (gv_ctx == NULL && (gv_ctx = gvContext()) == NULL) return hoshi_fail(e, HOSHI_EINTERNAL, "", "graph layout failed");
  GVC_t *gvc = gv_ctx;
  Agraph_t *g = agmemread(dot_src);
  if (g == NULL) return hoshi_fail(e, HOSHI_EINTERNAL, "", "graph layout failed");
  hoshi_err rc = HOSHI_OK;
  char *data = NULL;
  unsigned int n = 0;
  if (gvLayout(gvc, g, "dot") != 0 || gvRenderData(gvc, g, "svg", &data, &n) != 0) {
    rc = hoshi_fail(e, HOSHI_EINTERNAL, "", "graph layout failed");
  } else {
    *svg = malloc(n + 1);
    if (*svg == NULL) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    else {
      memcpy(*svg, data, n);
      (*svg)[n] = '\0';
      *len = (size_t)n;
    }
  }
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  agclose(g);
  return rc;
}

hoshi_err dot_render_svg(const char *dot_src, char **svg, size_t *len, hoshi_error *e) {
  *svg = NULL;
  *len = 0;
  pthread_mutex_lock(&gv_lock);
  hoshi_err rc = render_locked(dot_src, svg, len, e);
  pthread_mutex_unlock(&gv_lock);
  return rc;
}

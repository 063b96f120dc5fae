/* Growable NUL-terminated byte buffer. Doubling growth; an allocation failure is sticky. */
#include "hoshi/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(hoshi_buf *b, size_t extra) {
  if (b->oom) return -1;
  if (extra > ((size_t)-1) / 2 - b->n) { b->oom = 1; return -1; }
  size_t need = b->n + extra + 1;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  char *p = realloc(b->p, cap);
  if (p == NULL) { b->oom = 1; return -1; }
  b->p = p;
  b->cap = cap;
  return 0;
}

void hoshi_buf_append(hoshi_buf *b, const void *data, size_t n) {
  if (buf_reserve(b, n) != 0) return;
  if (n) memcpy(b->p + b->n, data, n);
  b->n += n;
  b->p[b->n] = '\0';
}

void hoshi_buf_puts(hoshi_buf *b, const char *s) { hoshi_buf_append(b, s, strlen(s)); }

void hoshi_buf_putc(hoshi_buf *b, char c) { hoshi_buf_append(b, &c, 1); }

void hoshi_buf_vprintf(hoshi_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0 || buf_reserve(b, (size_t)n) != 0) return;
  vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
  b->n += (size_t)n;
}

void hoshi_buf_printf(hoshi_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  hoshi_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *hoshi_buf_take(hoshi_buf *b) {
  if (b->oom) { hoshi_buf_free(b); return NULL; }
  if (b->p == NULL) {
    char *empty = calloc(1, 1);
    return empty;
  }
  char *p = b->p;
  b->p = NULL;
  b->n = b->cap = 0;
  return p;
}

void hoshi_buf_reset(hoshi_buf *b) {
  b->n = 0;
  if (b->p) b->p[0] = '\0';
}

void hoshi_buf_free(hoshi_buf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
  b->oom = 0;
}

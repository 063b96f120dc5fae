/* hoshi_buf: a growable byte buffer that stays NUL-terminated, for building text.
 * The buffer owns p; hoshi_buf_free releases it. An allocation failure sets oom and
 * makes later appends no-ops, so callers check once at the end. */
#ifndef HOSHI_BUF_H
#define HOSHI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct hoshi_buf {
  char *p;
  size_t n;
  size_t cap;
  int oom;
} hoshi_buf;

#define HOSHI_BUF_INIT {NULL, 0, 0, 0}

void hoshi_buf_append(hoshi_buf *b, const void *data, size_t n);
void hoshi_buf_puts(hoshi_buf *b, const char *s);
void hoshi_buf_putc(hoshi_buf *b, char c);
void hoshi_buf_printf(hoshi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hoshi_buf_vprintf(hoshi_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the string to the caller (free with free()); the buffer is reset. */
char *hoshi_buf_take(hoshi_buf *b);
void hoshi_buf_reset(hoshi_buf *b);
void hoshi_buf_free(hoshi_buf *b);

#endif

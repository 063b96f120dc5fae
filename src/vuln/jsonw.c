/* JSON string escaping (RFC 8259): quote, backslash and control characters; input is UTF-8
 * already validated by yyjson, so other bytes pass through. */
#include "vuln/jsonw.h"

#include <stdio.h>
#include <string.h>

void jsonw_str(hoshi_buf *b, const char *s) {
  if (s == NULL) {
    hoshi_buf_puts(b, "null");
    return;
  }
  hoshi_buf_putc(b, '"');
  const char *run = s;
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    hoshi_buf_append(b, run, (size_t)(p - run));
    switch (c) {
      case '"': hoshi_buf_puts(b, "\\\""); break;
      case '\\': hoshi_buf_puts(b, "\\\\"); break;
      case '\n': hoshi_buf_puts(b, "\\n"); break;
      case '\r': hoshi_buf_puts(b, "\\r"); break;
      case '\t': hoshi_buf_puts(b, "\\t"); break;
      default: hoshi_buf_printf(b, "\\u%04x", c);
    }
    run = p + 1;
  }
  hoshi_buf_puts(b, run);
  hoshi_buf_putc(b, '"');
}

void jsonw_utf8_trim(char *s) {
  size_t n = strlen(s);
  if (n == 0) return;
  /* walk back over continuation bytes to the lead byte of the last sequence */
  size_t i = n - 1, back = 0;
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && back < 3) {
    i--;
    back++;
  }
  unsigned char lead = (unsigned char)s[i];
  size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
              : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || n - i < need) s[i] = '\0';
}

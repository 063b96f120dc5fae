/* Small JSON text helpers for the vulnerability subsystem: string escaping onto a hoshi_buf,
 * used where building a yyjson_mut tree would cost more than the text it makes. */
#ifndef HOSHI_VULN_JSONW_H
#define HOSHI_VULN_JSONW_H

#include "hoshi/buf.h"

/* Appends s as a JSON string literal (quotes included); NULL is written as null. */
void jsonw_str(hoshi_buf *b, const char *s);

/* Cuts s after its last complete UTF-8 sequence: text truncated into a fixed buffer by
 * snprintf may end inside a multi-byte character, which JSON writers reject. */
void jsonw_utf8_trim(char *s);

#endif

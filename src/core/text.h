/* Checks for user-supplied text: length in bytes and no control characters, with an error
 * that names the field. */
#ifndef HOSHI_CORE_TEXT_H
#define HOSHI_CORE_TEXT_H

#include <stddef.h>

#include "hoshi/err.h"

/* v NULL: error only when required. Empty counts as missing when required. Newlines and tabs
 * are allowed only when multiline is set. */
hoshi_err text_check(const char *field, const char *v, size_t max, int required, int multiline, hoshi_error *e);

/* True when s is one of the NULL-terminated list. */
int text_one_of(const char *s, const char *const *list);

#endif

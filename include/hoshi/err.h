/* hoshi_err: the one error type of libhoshi.
 * Functions return a hoshi_err code and, when they can fail on user input, fill a hoshi_error
 * whose field and message name what was wrong and what was expected. */
#ifndef HOSHI_ERR_H
#define HOSHI_ERR_H

#include <stddef.h>

typedef enum hoshi_err {
  HOSHI_OK = 0,
  HOSHI_EINVAL,    /* input is malformed or violates a rule; field says which */
  HOSHI_ENOTFOUND, /* no such object (or not visible to the caller) */
  HOSHI_EEXISTS,   /* unique key already taken */
  HOSHI_EAUTH,     /* not authenticated: no, bad, expired or revoked credentials */
  HOSHI_EDENIED,   /* authenticated but not allowed */
  HOSHI_ELIMIT,    /* a named size or count limit was exceeded */
  HOSHI_ETHROTTLE, /* too many attempts; try later */
  HOSHI_ECONFLICT, /* state does not allow the change */
  HOSHI_ENOMEM,
  HOSHI_EIO,
  HOSHI_EDB,       /* storage failed; nothing was written */
  HOSHI_EINTERNAL
} hoshi_err;

#define HOSHI_ERR_FIELD_MAX 128
#define HOSHI_ERR_MSG_MAX 512

/* Filled by a failing function; plain value, nothing to free. */
typedef struct hoshi_error {
  hoshi_err code;
  char field[HOSHI_ERR_FIELD_MAX];  /* JSON path or field name; "" when none */
  char message[HOSHI_ERR_MSG_MAX];  /* for a person: what was wrong and what was expected */
} hoshi_error;

/* Sets *e (when e is non-NULL) and returns code, so callers can `return hoshi_fail(...)`. */
hoshi_err hoshi_fail(hoshi_error *e, hoshi_err code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void hoshi_error_clear(hoshi_error *e);
/* Stable machine-readable code used in the API error shape, e.g. "invalid", "not_found". */
const char *hoshi_err_code(hoshi_err code);
/* HTTP status that corresponds to the code. */
int hoshi_err_http_status(hoshi_err code);

#endif

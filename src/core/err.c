/* hoshi_error helpers: one place that maps error codes to API codes and HTTP statuses. */
#include "hoshi/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

hoshi_err hoshi_fail(hoshi_error *e, hoshi_err code, const char *field, const char *fmt, ...) {
  if (e == NULL) return code;
  e->code = code;
  snprintf(e->field, sizeof e->field, "%s", field ? field : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
  return code;
}

void hoshi_error_clear(hoshi_error *e) {
  if (e) memset(e, 0, sizeof *e);
}

const char *hoshi_err_code(hoshi_err code) {
  switch (code) {
    case HOSHI_OK: return "ok";
    case HOSHI_EINVAL: return "invalid";
    case HOSHI_ENOTFOUND: return "not_found";
    case HOSHI_EEXISTS: return "exists";
    case HOSHI_EAUTH: return "unauthenticated";
    case HOSHI_EDENIED: return "forbidden";
    case HOSHI_ELIMIT: return "too_large";
    case HOSHI_ETHROTTLE: return "too_many_attempts";
    case HOSHI_ECONFLICT: return "conflict";
    case HOSHI_ENOMEM: return "out_of_memory";
    case HOSHI_EIO: return "io_error";
    case HOSHI_EDB: return "storage_error";
    case HOSHI_EINTERNAL: return "internal";
  }
  return "internal";
}

int hoshi_err_http_status(hoshi_err code) {
  switch (code) {
    case HOSHI_OK: return 200;
    case HOSHI_EINVAL: return 400;
    case HOSHI_ENOTFOUND: return 404;
    case HOSHI_EEXISTS: return 409;
    case HOSHI_EAUTH: return 401;
    case HOSHI_EDENIED: return 403;
    case HOSHI_ELIMIT: return 413;
    case HOSHI_ETHROTTLE: return 429;
    case HOSHI_ECONFLICT: return 409;
    case HOSHI_ENOMEM:
    case HOSHI_EIO:
    case HOSHI_EDB:
    case HOSHI_EINTERNAL: return 500;
  }
  return 500;
}

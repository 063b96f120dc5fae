/* Vulnerability feeds over HTTPS: configured URLs (OSV all.zip exports, the CISA KEV JSON, the
 * EPSS CSV .gz) fetched with conditional GET, imported, and followed by a products re-match. */
#ifndef HOSHI_FEEDS_H
#define HOSHI_FEEDS_H

#include <sqlite3.h>
#include <stddef.h>

#include "audit/audit.h"
#include "hoshi/err.h"
#include "hoshi/vuln.h"
#include "products/products.h"

/* Longest feed URL accepted. */
#define FEEDS_URL_MAX 2048
/* Most feeds configured in one database. */
#define FEEDS_MAX 100
/* Largest download, unless the caller sets a lower limit: osv.dev's all-ecosystem all.zip is
 * about 1 GB today. */
#define FEEDS_DOWNLOAD_MAX ((size_t)4 * 1024 * 1024 * 1024)
/* Whole transfer, connection, and the slowest rate tolerated for FEEDS_LOW_SPEED_S seconds. */
#define FEEDS_TIMEOUT_S 1800L
#define FEEDS_CONNECT_TIMEOUT_S 30L
#define FEEDS_LOW_SPEED_BYTES 1024L
#define FEEDS_LOW_SPEED_S 60L
#define FEEDS_REDIRECTS_MAX 5L
/* Longest validator (ETag, Last-Modified) kept. */
#define FEEDS_VALIDATOR_MAX 512

typedef struct feeds_opts {
  int allow_http;       /* accept http:// too (tests on 127.0.0.1, a mirror inside the company) */
  size_t max_bytes;     /* 0: FEEDS_DOWNLOAD_MAX */
  long timeout_s;       /* 0: FEEDS_TIMEOUT_S */
  const char *tmp_dir;  /* where the download is kept while it is imported; NULL: $TMPDIR or /tmp */
  /* Asked during the transfer; non-zero aborts it (the server is stopping). May be NULL. */
  int (*cancelled)(void *ctx);
  void *ctx;
  /* Rejected entries of the download are reported here (source names the redacted URL). */
  void (*on_error)(void *ctx, const char *source, const hoshi_error *e);
} feeds_opts;

typedef enum feeds_status { FEEDS_FAILED = 0, FEEDS_IMPORTED, FEEDS_UNCHANGED } feeds_status;

typedef struct feeds_result {
  feeds_status status;
  long http_status;           /* 0 when no answer came */
  size_t bytes;               /* body bytes received */
  hoshi_vuln_import_stats imp;
  products_rematch_stats rematch;
  char error[HOSHI_ERR_MSG_MAX]; /* when failed; never holds the URL's credentials or query */
} feeds_result;

/* "imported", "unchanged", "failed". */
const char *feeds_status_name(feeds_status s);

/* The URL as it may be shown and logged: user:password@ and everything from '?' or '#' on are
 * replaced by "***", since feeds behind a token carry it there. */
void feeds_url_redact(const char *url, char *out, size_t n);

/* Checks a feed URL: https:// (or http:// with allow_http), a host, at most FEEDS_URL_MAX bytes,
 * no spaces or control characters. */
hoshi_err feeds_url_check(const char *url, int allow_http, hoshi_error *e);

/* Configures a feed for scheduled fetching (EEXISTS when it already is). */
hoshi_err feeds_add(sqlite3 *db, const audit_actor *who, const char *url, int allow_http, hoshi_error *e);
/* Stops fetching it on schedule; the record of its fetches stays. ENOTFOUND when not configured. */
hoshi_err feeds_remove(sqlite3 *db, const audit_actor *who, const char *url, hoshi_error *e);

/* One configured feed and the outcome of its last fetch. */
typedef struct feeds_info {
  char url[FEEDS_URL_MAX + 1];
  char added_at[32];
  char last_fetch_at[32], last_success_at[32]; /* "" when never */
  char last_status[16];
  char last_error[HOSHI_ERR_MSG_MAX];
} feeds_info;
/* The configured feeds in URL order; *out malloc'd (free it), *n entries. */
hoshi_err feeds_list(sqlite3 *db, feeds_info **out, size_t *n, hoshi_error *e);

/* Fetches url once: a conditional GET with the validators of its last import; a 304, or a body
 * with the same SHA-256 as the last one imported, is unchanged and not imported. A new body
 * goes through hoshi_vuln_import_path, then the products of the packages it names are
 * re-matched (products_rematch_since, as `hoshi vuln import` does). Every outcome is recorded
 * in vuln_fetches and on the feed's row. Returns HOSHI_OK when the fetch was done, imported or
 * unchanged; otherwise the error (EIO transfer or HTTP status, ELIMIT size, EINVAL URL or
 * content), which res->error repeats. */
hoshi_err feeds_fetch(sqlite3 *db, const audit_actor *who, const char *url, const feeds_opts *o, feeds_result *res,
                      hoshi_error *e);

/* Fetches every configured feed in URL order; on_done is called after each (may be NULL). A
 * failing feed does not stop the others; the count of failed feeds goes to *failed. Returns an
 * error only when the feeds could not be read. */
hoshi_err feeds_fetch_all(sqlite3 *db, const audit_actor *who, const feeds_opts *o,
                          void (*on_done)(void *ctx, const char *url, const feeds_result *r), void *ctx, size_t *failed,
                          hoshi_error *e);

#endif

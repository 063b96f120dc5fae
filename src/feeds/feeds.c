/* Feed fetching: a conditional GET with libcurl into a temporary file next to the database,
 * the vulnerability import of that file, the products re-match, and the record of the fetch. */
#include <curl/curl.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/util.h"
#include "feeds/feeds.h"
#include "store/store.h"

const char *feeds_status_name(feeds_status s) {
  return s == FEEDS_IMPORTED ? "imported" : s == FEEDS_UNCHANGED ? "unchanged" : "failed";
}

void feeds_url_redact(const char *url, char *out, size_t n) {
  if (n == 0) return;
  const char *scheme_end = strstr(url, "://");
  const char *host = scheme_end ? scheme_end + 3 : url;
  size_t auth_len = strcspn(host, "/?#");
  const char *at = memchr(host, '@', auth_len);
  const char *cut = host + strcspn(host, "?#");
  if (at) snprintf(out, n, "%.*s***@%.*s%s", (int)(host - url), url, (int)(cut - at - 1), at + 1, *cut ? "?***" : "");
  else snprintf(out, n, "%.*s%s", (int)(cut - url), url, *cut ? "?***" : "");
}

hoshi_err feeds_url_check(const char *url, int allow_http, hoshi_error *e) {
  if (url == NULL || !*url) return hoshi_fail(e, HOSHI_EINVAL, "url", "a feed URL is required");
  size_t n = strlen(url);
  if (n > FEEDS_URL_MAX) return hoshi_fail(e, HOSHI_ELIMIT, "url", "URL has %zu bytes; at most %d", n, FEEDS_URL_MAX);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
      return hoshi_fail(e, HOSHI_EINVAL, "url", "URL holds a space or control character at byte %zu", i);
  char shown[256];
  feeds_url_redact(url, shown, sizeof shown);
  const char *host = NULL;
  if (strncasecmp(url, "https://", 8) == 0) host = url + 8;
  else if (strncasecmp(url, "http://", 7) == 0) {
    if (!allow_http)
      return hoshi_fail(e, HOSHI_EINVAL, "url", "%s: feeds are fetched over https:// only (plain http needs --allow-http)",
                        shown);
    host = url + 7;
  } else {
    return hoshi_fail(e, HOSHI_EINVAL, "url", "%s: expected an https:// URL", shown);
  }
  if (*host == '\0' || *host == '/' || *host == '?' || *host == '#')
    return hoshi_fail(e, HOSHI_EINVAL, "url", "%s: the URL names no host", shown);
  return HOSHI_OK;
}

static hoshi_err prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, hoshi_error *e) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) return store_fail(db, e, "preparing feeds");
  return HOSHI_OK;
}

/* Runs a one-row write with text parameters v[0..n) and an audit record, in one transaction;
 * *changed tells whether a row was written. */
static hoshi_err write_audited(sqlite3 *db, const audit_actor *who, const char *sql, const char *const *v, int n,
                               const char *action, const char *url, int *changed, hoshi_error *e) {
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = prep(db, sql, &st, e))) goto done;
  for (int i = 0; i < n; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "writing feed");
    goto done;
  }
  *changed = sqlite3_changes(db) > 0;
  char shown[FEEDS_URL_MAX + 8];
  feeds_url_redact(url, shown, sizeof shown);
  if (*changed && (rc = audit_append(db, who, NULL, action, "vuln_feed", shown, NULL, e))) goto done;
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err feeds_add(sqlite3 *db, const audit_actor *who, const char *url, int allow_http, hoshi_error *e) {
  hoshi_err rc = feeds_url_check(url, allow_http, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = prep(db, "SELECT count(*) FROM vuln_feeds WHERE configured = 1", &st, e))) return rc;
  long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (n >= FEEDS_MAX) return hoshi_fail(e, HOSHI_ELIMIT, "url", "%d feeds are configured already, the most kept", FEEDS_MAX);
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  const char *v[] = {url, who->name, now};
  int changed = 0;
  /* a URL fetched by hand before keeps its validators and history, and becomes configured */
  rc = write_audited(db, who,
                     "INSERT INTO vuln_feeds(url, configured, added_by, added_at) VALUES (?1, 1, ?2, ?3)"
                     " ON CONFLICT (url) DO UPDATE SET configured = 1, added_by = ?2, added_at = ?3 WHERE configured = 0",
                     v, 3, "vuln.feed.add", url, &changed, e);
  if (rc == HOSHI_OK && !changed) {
    char shown[256];
    feeds_url_redact(url, shown, sizeof shown);
    return hoshi_fail(e, HOSHI_EEXISTS, "url", "%s is configured already", shown);
  }
  return rc;
}

hoshi_err feeds_remove(sqlite3 *db, const audit_actor *who, const char *url, hoshi_error *e) {
  const char *v[] = {url ? url : ""};
  int changed = 0;
  hoshi_err rc = write_audited(db, who, "UPDATE vuln_feeds SET configured = 0 WHERE url = ?1 AND configured = 1", v, 1,
                               "vuln.feed.remove", v[0], &changed, e);
  if (rc == HOSHI_OK && !changed) {
    char shown[256];
    feeds_url_redact(v[0], shown, sizeof shown);
    return hoshi_fail(e, HOSHI_ENOTFOUND, "url", "%s is not a configured feed (see hoshi vuln feed list)", shown);
  }
  return rc;
}

static void fill_info(sqlite3_stmt *st, void *slot) {
  feeds_info *f = slot;
  snprintf(f->url, sizeof f->url, "%s", store_col_text(st, 0));
  snprintf(f->added_at, sizeof f->added_at, "%s", store_col_text(st, 1));
  snprintf(f->last_fetch_at, sizeof f->last_fetch_at, "%s", store_col_text(st, 2));
  snprintf(f->last_success_at, sizeof f->last_success_at, "%s", store_col_text(st, 3));
  snprintf(f->last_status, sizeof f->last_status, "%s", store_col_text(st, 4));
  snprintf(f->last_error, sizeof f->last_error, "%s", store_col_text(st, 5));
}

hoshi_err feeds_list(sqlite3 *db, feeds_info **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db,
                      "SELECT url, added_at, coalesce(last_fetch_at, ''), coalesce(last_success_at, ''), last_status,"
                      " last_error FROM vuln_feeds WHERE configured = 1 ORDER BY url",
                      &st, e);
  if (rc) return rc;
  void *p = NULL;
  rc = store_collect(db, st, sizeof(feeds_info), fill_info, &p, n, "reading feeds", e); /* finalizes st */
  *out = p;
  return rc;
}

/* ---- the transfer ---- */

typedef struct xfer {
  FILE *f;
  size_t bytes, max;
  int too_big;
  crypto_hash_sha256_state sha;
  char etag[FEEDS_VALIDATOR_MAX + 1], last_modified[FEEDS_VALIDATOR_MAX + 1];
  const feeds_opts *o;
} xfer;

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx) {
  xfer *x = ctx;
  size_t n = size * nmemb;
  if (x->bytes + n > x->max) {
    x->too_big = 1;
    return 0;
  }
  if (fwrite(p, 1, n, x->f) != n) return 0;
  crypto_hash_sha256_update(&x->sha, (const unsigned char *)p, n);
  x->bytes += n;
  return n;
}

/* Keeps ETag and Last-Modified of the last response (a redirect's are forgotten). */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ctx) {
  xfer *x = ctx;
  size_t n = size * nmemb;
  if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
    x->etag[0] = x->last_modified[0] = '\0';
    return n;
  }
  char *dst = NULL;
  size_t skip = 0;
  if (n > 5 && strncasecmp(p, "etag:", 5) == 0) dst = x->etag, skip = 5;
  else if (n > 14 && strncasecmp(p, "last-modified:", 14) == 0) dst = x->last_modified, skip = 14;
  if (dst == NULL) return n;
  size_t i = skip, j = n;
  while (i < j && (p[i] == ' ' || p[i] == '\t')) i++;
  while (j > i && (p[j - 1] == '\r' || p[j - 1] == '\n' || p[j - 1] == ' ')) j--;
  /* a validator longer than we keep is dropped rather than sent back cut */
  if (j - i <= FEEDS_VALIDATOR_MAX) snprintf(dst, FEEDS_VALIDATOR_MAX + 1, "%.*s", (int)(j - i), p + i);
  return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
  (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
  const xfer *x = ctx;
  return x->o->cancelled && x->o->cancelled(x->o->ctx) ? 1 : 0;
}

/* The stored validators of url's last import. */
typedef struct validators {
  char etag[FEEDS_VALIDATOR_MAX + 1], last_modified[FEEDS_VALIDATOR_MAX + 1], sha256[65];
} validators;

static hoshi_err read_validators(sqlite3 *db, const char *url, validators *v, hoshi_error *e) {
  memset(v, 0, sizeof *v);
  sqlite3_stmt *st = NULL;
  hoshi_err rc = prep(db, "SELECT etag, last_modified, sha256 FROM vuln_feeds WHERE url = ?", &st, e);
  if (rc) return rc;
  store_bind_text(st, 1, url);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    snprintf(v->etag, sizeof v->etag, "%s", store_col_text(st, 0));
    snprintf(v->last_modified, sizeof v->last_modified, "%s", store_col_text(st, 1));
    snprintf(v->sha256, sizeof v->sha256, "%s", store_col_text(st, 2));
  } else if (step != SQLITE_DONE) {
    rc = store_fail(db, e, "reading feed");
  }
  sqlite3_finalize(st);
  return rc;
}

/* GETs url into x->f. HOSHI_OK when an HTTP answer came (*status holds its code). */
static hoshi_err transfer(const char *url, const validators *v, const feeds_opts *o, xfer *x, long *status,
                          hoshi_error *e) {
  CURL *c = curl_easy_init();
  if (c == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "cannot start libcurl");
  struct curl_slist *h = NULL, *more;
  int oom = 0;
  char line[FEEDS_VALIDATOR_MAX + 32];
  if (v->etag[0]) {
    snprintf(line, sizeof line, "If-None-Match: %s", v->etag);
    if ((more = curl_slist_append(h, line)) != NULL) h = more;
    else oom = 1;
  }
  if (v->last_modified[0]) {
    snprintf(line, sizeof line, "If-Modified-Since: %s", v->last_modified);
    if ((more = curl_slist_append(h, line)) != NULL) h = more;
    else oom = 1;
  }
  const char *protocols = o->allow_http ? "http,https" : "https";
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols); /* a redirect cannot step down to http */
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, FEEDS_REDIRECTS_MAX);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "hoshi/" HOSHI_VERSION " (vulnerability feed fetch)");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s > 0 ? o->timeout_s : FEEDS_TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, FEEDS_CONNECT_TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, FEEDS_LOW_SPEED_BYTES);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, FEEDS_LOW_SPEED_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* timeouts must not raise signals in a server thread */
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  hoshi_err rc = HOSHI_OK;
  CURLcode cc = oom ? CURLE_OUT_OF_MEMORY : curl_easy_perform(c);
  if (cc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  } else if (x->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "url", "the download is larger than the limit of %zu bytes", x->max);
  } else if (cc == CURLE_ABORTED_BY_CALLBACK) {
    rc = hoshi_fail(e, HOSHI_EIO, "url", "fetch cancelled");
  } else {
    /* curl's message names the host at most, never the path or query */
    rc = hoshi_fail(e, HOSHI_EIO, "url", "cannot fetch: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return rc;
}

/* ---- the record ---- */

static hoshi_err record(sqlite3 *db, const char *url, const char *started, const feeds_result *r, const xfer *x,
                        const char *sha, hoshi_error *e) {
  char now[UTIL_TIME_LEN], id[UTIL_ID_LEN];
  util_now_iso(now);
  util_new_id("vfet", id);
  hoshi_err rc = store_begin(db, e);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  const char *status = feeds_status_name(r->status);
  if ((rc = prep(db,
                 "INSERT INTO vuln_fetches(id, url, started_at, finished_at, status, http_status, etag, bytes, advisories,"
                 " added, updated, kev, epss, rejected, findings_new, resolved, error)"
                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                 &st, e)))
    goto done;
  char shown[FEEDS_URL_MAX + 8];
  feeds_url_redact(url, shown, sizeof shown); /* the log keeps no credentials */
  const char *t[] = {id, shown, started, now, status};
  for (int i = 0; i < 5; i++) store_bind_text(st, i + 1, t[i]);
  sqlite3_bind_int64(st, 6, r->http_status);
  store_bind_text(st, 7, x->etag);
  size_t n[] = {r->bytes, r->imp.advisories, r->imp.added, r->imp.updated, r->imp.kev, r->imp.epss, r->imp.errors,
                r->rematch.findings_new, r->rematch.resolved};
  for (int i = 0; i < 9; i++) sqlite3_bind_int64(st, 8 + i, (sqlite3_int64)n[i]);
  store_bind_text(st, 17, r->error);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "recording fetch");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  /* A URL fetched by hand gets a row too (configured = 0): its validators make the next
   * fetch conditional. Validators change only with a successful fetch. */
  if ((rc = prep(db, "INSERT INTO vuln_feeds(url, configured, added_at) VALUES (?, 0, ?) ON CONFLICT (url) DO NOTHING", &st,
                 e)))
    goto done;
  store_bind_text(st, 1, url);
  store_bind_text(st, 2, now);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "recording fetch");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if ((rc = prep(db,
                 "UPDATE vuln_feeds SET last_fetch_at = ?2, last_status = ?3, last_error = ?4,"
                 " last_success_at = CASE WHEN ?3 = 'failed' THEN last_success_at ELSE ?2 END,"
                 " etag = CASE ?3 WHEN 'imported' THEN ?5 WHEN 'unchanged' THEN coalesce(nullif(?5, ''), etag) ELSE etag END,"
                 " last_modified = CASE ?3 WHEN 'imported' THEN ?6"
                 "   WHEN 'unchanged' THEN coalesce(nullif(?6, ''), last_modified) ELSE last_modified END,"
                 " sha256 = CASE ?3 WHEN 'imported' THEN ?7 ELSE sha256 END"
                 " WHERE url = ?1",
                 &st, e)))
    goto done;
  const char *u[] = {url, now, status, r->error, x->etag, x->last_modified, sha};
  for (int i = 0; i < 7; i++) store_bind_text(st, i + 1, u[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "recording fetch");
    goto done;
  }
  rc = store_commit(db, e);
done:
  if (rc) store_rollback(db);
  sqlite3_finalize(st);
  return rc;
}

/* ---- fetch: transfer, import, re-match ---- */

typedef struct import_errors {
  const feeds_opts *o;
  hoshi_error first;
  size_t n;
} import_errors;

static void on_import_error(void *ctx, const char *source, const hoshi_error *e) {
  import_errors *ie = ctx;
  if (ie->n++ == 0) {
    hoshi_fail(&ie->first, e->code, e->field, "%.200s: %.100s%s%.200s", source, e->field, e->field[0] ? ": " : "", e->message);
  }
  if (ie->o->on_error) ie->o->on_error(ie->o->ctx, source, e);
}

static hoshi_err import_download(sqlite3 *db, const audit_actor *who, const char *path, const char *shown,
                                 const feeds_opts *o, feeds_result *r, hoshi_error *e) {
  import_errors ie = {o, {0}, 0};
  hoshi_vuln_import_opts io = {on_import_error, NULL, &ie, shown};
  /* as `hoshi vuln import`: the products re-match takes what was imported from now on */
  char since[UTIL_TIME_LEN];
  util_now_iso(since);
  hoshi_err rc = hoshi_vuln_import_path(db, path, &io, &r->imp, e);
  if (rc) return rc;
  if (r->imp.advisories + r->imp.kev + r->imp.epss == 0 && ie.n) {
    /* nothing in the download could be read: the feed is broken, not merely one entry */
    *e = ie.first;
    return e->code ? e->code : HOSHI_EINVAL;
  }
  return products_rematch_since(db, who, since, &r->rematch, e);
}

static int make_temp(const feeds_opts *o, char *path, size_t n) {
  const char *dir = o->tmp_dir;
  if (dir == NULL || !*dir) dir = getenv("TMPDIR");
  if (dir == NULL || !*dir) dir = "/tmp";
  if ((size_t)snprintf(path, n, "%s/hoshi-feed-XXXXXX", dir) >= n) return -1;
  return mkstemp(path);
}

hoshi_err feeds_fetch(sqlite3 *db, const audit_actor *who, const char *url, const feeds_opts *o, feeds_result *res,
                      hoshi_error *e) {
  memset(res, 0, sizeof *res);
  static const feeds_opts defaults = {0};
  if (o == NULL) o = &defaults;
  hoshi_err rc = feeds_url_check(url, o->allow_http, e);
  if (rc) {
    snprintf(res->error, sizeof res->error, "%s", e->message);
    return rc;
  }
  char shown[256];
  feeds_url_redact(url, shown, sizeof shown);
  char started[UTIL_TIME_LEN], sha[65] = "", path[4096];
  util_now_iso(started);
  validators v;
  if ((rc = read_validators(db, url, &v, e))) return rc;
  xfer x;
  memset(&x, 0, sizeof x);
  x.max = o->max_bytes ? o->max_bytes : FEEDS_DOWNLOAD_MAX;
  x.o = o;
  crypto_hash_sha256_init(&x.sha);
  int fd = make_temp(o, path, sizeof path);
  if (fd < 0 || (x.f = fdopen(fd, "w+b")) == NULL) {
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    rc = hoshi_fail(e, HOSHI_EIO, "tmp_dir", "cannot make a temporary file for the download: %s", strerror(errno));
    snprintf(res->error, sizeof res->error, "%s", e->message);
    goto record;
  }
  rc = transfer(url, &v, o, &x, &res->http_status, e);
  res->bytes = x.bytes;
  if (rc == HOSHI_OK && fflush(x.f) != 0) rc = hoshi_fail(e, HOSHI_EIO, "tmp_dir", "cannot write the download: %s", strerror(errno));
  fclose(x.f);
  if (rc == HOSHI_OK) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&x.sha, digest);
    sodium_bin2hex(sha, sizeof sha, digest, sizeof digest);
    if (res->http_status == 304) {
      res->status = FEEDS_UNCHANGED;
    } else if (res->http_status != 200) {
      rc = hoshi_fail(e, HOSHI_EIO, "url", "the server answered HTTP %ld, not 200", res->http_status);
    } else if (v.sha256[0] && strcmp(v.sha256, sha) == 0) {
      res->status = FEEDS_UNCHANGED; /* the server ignored the validators; the bytes tell */
    } else if ((rc = import_download(db, who, path, shown, o, res, e)) == HOSHI_OK) {
      res->status = FEEDS_IMPORTED;
    }
  }
  unlink(path);
  if (rc) snprintf(res->error, sizeof res->error, "%s", e->message);
record:;
  hoshi_error re;
  if (record(db, url, started, res, &x, sha, &re) != HOSHI_OK) {
    if (rc == HOSHI_OK) *e = re;
    return rc ? rc : re.code;
  }
  return rc;
}

hoshi_err feeds_fetch_all(sqlite3 *db, const audit_actor *who, const feeds_opts *o,
                          void (*on_done)(void *ctx, const char *url, const feeds_result *r), void *ctx, size_t *failed,
                          hoshi_error *e) {
  *failed = 0;
  feeds_info *list = NULL;
  size_t n = 0;
  hoshi_err rc = feeds_list(db, &list, &n, e);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) {
    if (o && o->cancelled && o->cancelled(o->ctx)) break;
    feeds_result r;
    hoshi_error fe;
    if (feeds_fetch(db, who, list[i].url, o, &r, &fe) != HOSHI_OK) {
      (*failed)++;
      if (r.error[0] == '\0') snprintf(r.error, sizeof r.error, "%s", fe.message);
      r.status = FEEDS_FAILED;
    }
    if (on_done) on_done(ctx, list[i].url, &r);
  }
  free(list);
  return HOSHI_OK;
}

/* Vulnerability store import: OSV files, folders and all.zip exports, the KEV catalog and EPSS
 * CSV (plain or gzipped), written into the 020_vuln_store tables in batched transactions. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "hoshi/vuln.h"
#include "store/store.h"
#include "vuln/feeds.h"
#include "vuln/jsonw.h"
#include "vuln/match.h"
#include "vuln/osv.h"

/* Page cache during an import, in KiB: 64 MiB. */
#define IMPORT_CACHE_KIB 65536

/* Deepest folder nesting walked under an import path (symlinks are not followed). */
#define IMPORT_DIR_DEPTH_MAX 16

typedef struct import_ctx {
  sqlite3 *db;
  const hoshi_vuln_import_opts *opts;
  hoshi_vuln_import_stats *st;
  sqlite3_stmt *get_modified, *del_affected, *put_advisory, *put_affected;
  int in_tx;
  size_t pending;
  char now[UTIL_TIME_LEN];
  hoshi_buf spec, aliases, sev;
  sqlite3_int64 saved_cache; /* the connection's cache_size before the import */
} import_ctx;

static void report_error(import_ctx *c, const char *source, const hoshi_error *e) {
  c->st->errors++;
  if (c->opts && c->opts->on_error) c->opts->on_error(c->opts->ctx, source, e);
}

/* What names the data in messages and in the store: the caller's label (a download's URL)
 * instead of the path it was saved under, when given. */
static const char *label_of(const import_ctx *c, const char *path) {
  return c->opts && c->opts->source ? c->opts->source : path;
}

static void progress(import_ctx *c, size_t done, size_t total) {
  if (c->opts && c->opts->on_progress) c->opts->on_progress(c->opts->ctx, c->st, done, total);
}

static hoshi_err prepare(import_ctx *c, hoshi_error *e) {
  static const char *sql[4] = {
      "SELECT modified FROM vuln_advisories WHERE id = ?1",
      "DELETE FROM vuln_affected WHERE advisory_id = ?1",
      "INSERT INTO vuln_advisories (id, modified, published, withdrawn, summary, aliases, severity,"
      " source, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
      " ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, published = excluded.published,"
      " withdrawn = excluded.withdrawn, summary = excluded.summary, aliases = excluded.aliases,"
      " severity = excluded.severity, source = excluded.source, imported_at = excluded.imported_at",
      "INSERT INTO vuln_affected (advisory_id, seq, ecosystem, ecosystem_full, name, spec)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
  sqlite3_stmt **out[4] = {&c->get_modified, &c->del_affected, &c->put_advisory, &c->put_affected};
  for (int i = 0; i < 4; i++)
    if (sqlite3_prepare_v3(c->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, out[i], NULL) != SQLITE_OK)
      return store_fail(c->db, e, "preparing vulnerability import");
  return HOSHI_OK;
}

static void finalize(import_ctx *c) {
  sqlite3_finalize(c->get_modified);
  sqlite3_finalize(c->del_affected);
  sqlite3_finalize(c->put_advisory);
  sqlite3_finalize(c->put_affected);
  hoshi_buf_free(&c->spec);
  hoshi_buf_free(&c->aliases);
  hoshi_buf_free(&c->sev);
}

static hoshi_err tx_begin(import_ctx *c, hoshi_error *e) {
  if (c->in_tx) return HOSHI_OK;
  hoshi_err rc = store_begin(c->db, e);
  if (rc == HOSHI_OK) c->in_tx = 1;
  return rc;
}

static hoshi_err tx_commit(import_ctx *c, hoshi_error *e) {
  if (!c->in_tx) return HOSHI_OK;
  c->in_tx = 0;
  c->pending = 0;
  return store_commit(c->db, e);
}

/* Orders RFC 3339 UTC timestamps: seconds as text, then the fraction as a number, so that
 * "...:00.5Z" is later than "...:00Z" (plain text order says the opposite). */
static int time_cmp(const char *a, const char *b) {
  size_t na = strcspn(a, ".Z+"), nb = strcspn(b, ".Z+");
  int c = strncmp(a, b, na < nb ? na : nb);
  if (c != 0 || na != nb) return c != 0 ? c : (na < nb ? -1 : 1);
  char fa[10] = "000000000", fb[10] = "000000000";
  if (a[na] == '.')
    for (size_t i = 0; i < 9 && a[na + 1 + i] >= '0' && a[na + 1 + i] <= '9'; i++) fa[i] = a[na + 1 + i];
  if (b[nb] == '.')
    for (size_t i = 0; i < 9 && b[nb + 1 + i] >= '0' && b[nb + 1 + i] <= '9'; i++) fb[i] = b[nb + 1 + i];
  return strcmp(fa, fb);
}

static void write_severity(hoshi_buf *b, const osv_severity *s, size_t n) {
  hoshi_buf_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    hoshi_buf_puts(b, i ? ",{\"type\":" : "{\"type\":");
    jsonw_str(b, s[i].type);
    hoshi_buf_puts(b, ",\"score\":");
    jsonw_str(b, s[i].vector);
    hoshi_buf_putc(b, '}');
  }
  hoshi_buf_putc(b, ']');
}

/* The stored copy of one affected[] entry, in OSV syntax so the scan reads it back with the
 * same reader: {"ranges":[...],"versions":[...],"severity":[...]}. */
static void write_spec(hoshi_buf *b, const osv_affected *a) {
  hoshi_buf_reset(b);
  hoshi_buf_puts(b, "{\"ranges\":[");
  for (size_t i = 0; i < a->n_ranges; i++) {
    const osv_range *r = &a->ranges[i];
    hoshi_buf_puts(b, i ? ",{\"type\":\"" : "{\"type\":\"");
    hoshi_buf_puts(b, osv_range_type_name(r->type));
    hoshi_buf_putc(b, '"');
    if (r->repo) {
      hoshi_buf_puts(b, ",\"repo\":");
      jsonw_str(b, r->repo);
    }
    hoshi_buf_puts(b, ",\"events\":[");
    for (size_t j = 0; j < r->n_events; j++) {
      hoshi_buf_printf(b, "%s{\"%s\":", j ? "," : "", osv_event_name(r->events[j].kind));
      jsonw_str(b, r->events[j].version);
      hoshi_buf_putc(b, '}');
    }
    hoshi_buf_puts(b, "]}");
  }
  hoshi_buf_puts(b, "],\"versions\":[");
  for (size_t i = 0; i < a->n_versions; i++) {
    if (i) hoshi_buf_putc(b, ',');
    jsonw_str(b, a->versions[i]);
  }
  hoshi_buf_puts(b, "]");
  if (a->n_severity) {
    hoshi_buf_puts(b, ",\"severity\":");
    write_severity(b, a->severity, a->n_severity);
  }
  hoshi_buf_putc(b, '}');
}

static hoshi_err step_done(import_ctx *c, sqlite3_stmt *st, hoshi_error *e, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_fail(c->db, e, what);
  return HOSHI_OK;
}

/* Stores one parsed advisory, replacing an older stored copy. */
static hoshi_err store_advisory(import_ctx *c, const char *source, const osv_advisory *a,
                                hoshi_error *e) {
  hoshi_err rc;
  if ((rc = tx_begin(c, e))) return rc;
  c->st->advisories++;
  int exists = 0;
  sqlite3_bind_text(c->get_modified, 1, a->id, -1, SQLITE_STATIC);
  int s = sqlite3_step(c->get_modified);
  if (s == SQLITE_ROW) {
    exists = 1;
    int cmp = time_cmp(a->modified, store_col_text(c->get_modified, 0));
    sqlite3_reset(c->get_modified);
    if (cmp == 0) { c->st->unchanged++; return HOSHI_OK; }
    if (cmp < 0) { c->st->older++; return HOSHI_OK; }
  } else {
    sqlite3_reset(c->get_modified);
    if (s != SQLITE_DONE) return store_fail(c->db, e, "reading stored advisory");
  }
  if (exists) {
    sqlite3_bind_text(c->del_affected, 1, a->id, -1, SQLITE_STATIC);
    if ((rc = step_done(c, c->del_affected, e, "replacing advisory"))) return rc;
  }
  hoshi_buf_reset(&c->aliases);
  hoshi_buf_putc(&c->aliases, '[');
  for (size_t i = 0; i < a->n_aliases; i++) {
    if (i) hoshi_buf_putc(&c->aliases, ',');
    jsonw_str(&c->aliases, a->aliases[i]);
  }
  hoshi_buf_putc(&c->aliases, ']');
  hoshi_buf_reset(&c->sev);
  write_severity(&c->sev, a->severity, a->n_severity);
  if (c->aliases.oom || c->sev.oom) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");

  /* A summary is optional in OSV; the first line of details (cut at a character boundary)
   * stands in for it. */
  char first_line[256] = "";
  const char *summary = a->summary ? a->summary : first_line;
  if (!a->summary && a->details) {
    snprintf(first_line, sizeof first_line, "%.*s", (int)strcspn(a->details, "\n"), a->details);
    jsonw_utf8_trim(first_line);
  }

  sqlite3_stmt *p = c->put_advisory;
  sqlite3_bind_text(p, 1, a->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(p, 2, a->modified, -1, SQLITE_STATIC);
  store_bind_text(p, 3, a->published);
  store_bind_text(p, 4, a->withdrawn);
  sqlite3_bind_text(p, 5, summary, -1, SQLITE_STATIC);
  sqlite3_bind_text(p, 6, c->aliases.p, (int)c->aliases.n, SQLITE_STATIC);
  sqlite3_bind_text(p, 7, c->sev.p, (int)c->sev.n, SQLITE_STATIC);
  sqlite3_bind_text(p, 8, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(p, 9, c->now, -1, SQLITE_STATIC);
  if ((rc = step_done(c, p, e, "storing advisory"))) return rc;

  if (a->withdrawn) {
    /* Withdrawn: kept for the record, but no affected rows, so it matches nothing. */
    c->st->withdrawn++;
  } else {
    for (size_t i = 0; i < a->n_affected; i++) {
      const osv_affected *af = &a->affected[i];
      if (af->ecosystem == NULL || af->name == NULL) continue; /* no package: nothing to index */
      char base[128], name[OSV_STRING_MAX + 1];
      if (match_base_ecosystem(af->ecosystem, base, sizeof base) != 0 ||
          match_normalize_name(af->ecosystem, af->name, name, sizeof name) != 0)
        continue;
      write_spec(&c->spec, af);
      if (c->spec.oom) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
      sqlite3_stmt *q = c->put_affected;
      sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
      sqlite3_bind_text(q, 3, base, -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 4, af->ecosystem, -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 5, name, -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 6, c->spec.p, (int)c->spec.n, SQLITE_STATIC);
      if ((rc = step_done(c, q, e, "storing affected package"))) return rc;
    }
  }
  if (exists) c->st->updated++;
  else c->st->added++;
  if (++c->pending >= HOSHI_VULN_IMPORT_BATCH) return tx_commit(c, e);
  return HOSHI_OK;
}

/* ---- KEV and EPSS: each import replaces the table in one transaction ---- */

typedef struct feed_ctx {
  sqlite3 *db;
  sqlite3_stmt *ins;
  const char *score_date;
  int failed;
} feed_ctx;

static int kev_row(void *vctx, const kev_entry *k) {
  feed_ctx *f = vctx;
  sqlite3_bind_text(f->ins, 1, k->cve, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 2, k->vendor, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 3, k->product, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 4, k->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 5, k->date_added, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 6, k->due_date, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->ins, 7, k->ransomware, -1, SQLITE_STATIC);
  int rc = sqlite3_step(f->ins);
  sqlite3_reset(f->ins);
  if (rc != SQLITE_DONE) f->failed = 1;
  return rc != SQLITE_DONE;
}

static int epss_row_cb(void *vctx, const epss_row *r) {
  feed_ctx *f = vctx;
  sqlite3_bind_text(f->ins, 1, r->cve, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(f->ins, 2, r->score);
  sqlite3_bind_double(f->ins, 3, r->percentile);
  sqlite3_bind_text(f->ins, 4, f->score_date, -1, SQLITE_STATIC);
  int rc = sqlite3_step(f->ins);
  sqlite3_reset(f->ins);
  if (rc != SQLITE_DONE) f->failed = 1;
  return rc != SQLITE_DONE;
}

static hoshi_err import_feed(import_ctx *c, int is_kev, const char *buf, size_t len, hoshi_error *e) {
  hoshi_err rc;
  if ((rc = tx_commit(c, e))) return rc; /* the feed gets its own transaction */
  if ((rc = tx_begin(c, e))) return rc;
  feed_ctx f = {c->db, NULL, NULL, 0};
  char date[16] = "";
  const char *del = is_kev ? "DELETE FROM vuln_kev" : "DELETE FROM vuln_epss";
  const char *ins = is_kev
      ? "INSERT INTO vuln_kev (cve, vendor, product, name, date_added, due_date, ransomware)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (cve) DO UPDATE SET"
        " vendor = excluded.vendor, product = excluded.product, name = excluded.name,"
        " date_added = excluded.date_added, due_date = excluded.due_date,"
        " ransomware = excluded.ransomware"
      : "INSERT INTO vuln_epss (cve, score, percentile, score_date) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (cve) DO UPDATE SET score = excluded.score,"
        " percentile = excluded.percentile, score_date = excluded.score_date";
  if (sqlite3_exec(c->db, del, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(c->db, ins, -1, &f.ins, NULL) != SQLITE_OK) {
    rc = store_fail(c->db, e, "replacing feed");
    goto fail;
  }
  size_t n = 0;
  f.score_date = date;
  if (is_kev) {
    rc = kev_read(buf, len, kev_row, &f, &n, e);
  } else {
    /* epss_read fills date from the comment line before the first row reaches the callback */
    rc = epss_read(buf, len, epss_row_cb, &f, date, &n, e);
  }
  if (f.failed) rc = store_fail(c->db, e, "storing feed row");
  if (rc) goto fail;
  sqlite3_finalize(f.ins);
  if (is_kev) c->st->kev += n;
  else c->st->epss += n;
  return tx_commit(c, e);
fail:
  sqlite3_finalize(f.ins);
  c->in_tx = 0;
  c->pending = 0;
  store_rollback(c->db);
  return rc;
}

/* ---- routing a document by its content ---- */

static hoshi_err import_doc(import_ctx *c, const char *source, const char *buf, size_t len,
                            hoshi_error *e) {
  size_t i = 0;
  while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
  if (epss_sniff(buf + i, len - i)) return import_feed(c, 0, buf, len, e);
  if (i < len && buf[i] == '{' && kev_sniff(buf, len)) return import_feed(c, 1, buf, len, e);
  if (len > OSV_FILE_MAX && !(i < len && buf[i] == '['))
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "advisory is %zu bytes, more than the limit of %u", len,
                      OSV_FILE_MAX);
  yyjson_read_err rerr;
  yyjson_doc *doc = yyjson_read_opts((char *)(uintptr_t)buf, len, 0, NULL, &rerr);
  if (doc == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "$", "not valid JSON at byte %zu: %s", rerr.pos, rerr.msg);
  yyjson_val *root = yyjson_doc_get_root(doc);
  hoshi_err rc = HOSHI_OK;
  if (yyjson_is_arr(root)) {
    /* an array of advisories (osv.dev query results are shaped so): each on its own */
    size_t idx, max;
    yyjson_val *v;
    yyjson_arr_foreach(root, idx, max, v) {
      osv_advisory a = {0};
      hoshi_error ee;
      hoshi_err r2 = osv_parse_value(v, &a, &ee);
      if (r2 == HOSHI_OK) {
        r2 = store_advisory(c, source, &a, &ee);
        osv_free(&a);
        if (r2 == HOSHI_EDB || r2 == HOSHI_ENOMEM) { *e = ee; rc = r2; break; }
      } else {
        char path[HOSHI_ERR_FIELD_MAX];
        snprintf(path, sizeof path, "$[%zu]%.100s", idx, ee.field[0] == '$' ? ee.field + 1 : ee.field);
        snprintf(ee.field, sizeof ee.field, "%s", path);
        report_error(c, source, &ee);
      }
    }
  } else {
    osv_advisory a = {0};
    rc = osv_parse_value(root, &a, e);
    if (rc == HOSHI_OK) {
      rc = store_advisory(c, source, &a, e);
      osv_free(&a);
    }
  }
  yyjson_doc_free(doc);
  return rc;
}

/* Imports one document; a content error is reported and counted, a storage error returned. */
static hoshi_err import_one(import_ctx *c, const char *source, const char *buf, size_t len,
                            hoshi_error *e) {
  hoshi_error ee;
  hoshi_error_clear(&ee);
  c->st->files++;
  hoshi_err rc = import_doc(c, source, buf, len, &ee);
  if (rc == HOSHI_EDB || rc == HOSHI_ENOMEM || rc == HOSHI_EIO) {
    *e = ee;
    return rc;
  }
  if (rc != HOSHI_OK) report_error(c, source, &ee);
  return HOSHI_OK;
}

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Reads an archive (zip) or a gzip stream through libarchive; every entry is one document. */
static hoshi_err import_archive(import_ctx *c, const char *path, int raw, hoshi_error *e) {
  struct archive *ar = archive_read_new();
  if (ar == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  archive_read_support_filter_all(ar);
  if (raw) archive_read_support_format_raw(ar);
  /* streamed, not seeking: the central directory of a 1 M-entry all.zip held in memory cost
   * ~150 MB more peak RSS */
  else archive_read_support_format_zip_streamable(ar);
  hoshi_err rc = HOSHI_OK;
  char *buf = NULL;
  size_t cap = 0;
  struct stat sb;
  size_t total = stat(path, &sb) == 0 ? (size_t)sb.st_size : 0;
  if (archive_read_open_filename(ar, path, 1 << 16) != ARCHIVE_OK) {
    rc = hoshi_fail(e, HOSHI_EIO, "", "%s: %s", label_of(c, path), archive_error_string(ar));
    goto done;
  }
  struct archive_entry *ent;
  size_t entries = 0;
  int r;
  while ((r = archive_read_next_header(ar, &ent)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(ent);
    char source[1024];
    snprintf(source, sizeof source, "%s%s%s", label_of(c, path), raw ? "" : ":", raw ? "" : (name ? name : ""));
    if (!raw && (archive_entry_filetype(ent) != AE_IFREG || !name || !has_suffix(name, ".json")))
      continue;
    size_t len = 0;
    for (;;) {
      if (len + 65536 + 1 > cap) {
        size_t ncap = cap ? cap * 2 : 1 << 20;
        char *nb = realloc(buf, ncap);
        if (nb == NULL) { rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory"); goto done; }
        buf = nb;
        cap = ncap;
      }
      la_ssize_t got = archive_read_data(ar, buf + len, cap - len - 1);
      if (got < 0) {
        hoshi_error ee;
        hoshi_fail(&ee, HOSHI_EIO, "", "cannot read: %s", archive_error_string(ar));
        report_error(c, source, &ee);
        len = SIZE_MAX;
        break;
      }
      if (got == 0) break;
      len += (size_t)got;
      if (len > HOSHI_VULN_FILE_MAX) {
        hoshi_error ee;
        hoshi_fail(&ee, HOSHI_ELIMIT, "", "entry larger than %zu bytes", HOSHI_VULN_FILE_MAX);
        report_error(c, source, &ee);
        len = SIZE_MAX;
        break;
      }
    }
    if (len == SIZE_MAX) {
      if (raw) break;
      continue;
    }
    buf[len] = '\0';
    if ((rc = import_one(c, source, buf, len, e))) goto done;
    if (++entries % 1000 == 0) progress(c, (size_t)archive_filter_bytes(ar, -1), total);
  }
  if (r != ARCHIVE_EOF && r != ARCHIVE_OK) {
    hoshi_error ee;
    hoshi_fail(&ee, HOSHI_EIO, "", "archive: %s", archive_error_string(ar));
    report_error(c, label_of(c, path), &ee);
  }
  progress(c, total, total);
done:
  free(buf);
  archive_read_free(ar);
  return rc;
}

/* A zip or gzip file is known by its first bytes, so a download saved under any name is read
 * right; the suffix still decides for a file too short to tell. */
static int archive_kind(FILE *f, const char *path) {
  unsigned char m[4] = {0};
  size_t got = fread(m, 1, sizeof m, f);
  rewind(f);
  if (got == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4) return 'z';
  if (got >= 2 && m[0] == 0x1f && m[1] == 0x8b) return 'g';
  return has_suffix(path, ".zip") ? 'z' : has_suffix(path, ".gz") ? 'g' : 0;
}

static hoshi_err import_file(import_ctx *c, const char *path, hoshi_error *e) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    hoshi_error ee;
    hoshi_fail(&ee, HOSHI_EIO, "", "cannot open");
    report_error(c, label_of(c, path), &ee);
    return HOSHI_OK;
  }
  int kind = archive_kind(f, path);
  if (kind) {
    fclose(f);
    return import_archive(c, path, kind == 'g', e);
  }
  struct stat sb;
  hoshi_err rc = HOSHI_OK;
  if (fstat(fileno(f), &sb) != 0 || (size_t)sb.st_size > HOSHI_VULN_FILE_MAX) {
    hoshi_error ee;
    hoshi_fail(&ee, HOSHI_ELIMIT, "", "file larger than %zu bytes", HOSHI_VULN_FILE_MAX);
    report_error(c, label_of(c, path), &ee);
    fclose(f);
    return HOSHI_OK;
  }
  size_t n = (size_t)sb.st_size;
  char *buf = malloc(n + 1);
  if (buf == NULL) {
    fclose(f);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  if (fread(buf, 1, n, f) != n) {
    hoshi_error ee;
    hoshi_fail(&ee, HOSHI_EIO, "", "short read");
    report_error(c, label_of(c, path), &ee);
  } else {
    buf[n] = '\0';
    rc = import_one(c, label_of(c, path), buf, n, e);
  }
  free(buf);
  fclose(f);
  return rc;
}

typedef struct path_list {
  char **p;
  size_t n, cap;
} path_list;

static int collect(const char *dir, int depth, path_list *l) {
  if (depth > IMPORT_DIR_DEPTH_MAX) return 0;
  DIR *d = opendir(dir);
  if (d == NULL) return 0;
  struct dirent *de;
  int rc = 0;
  while ((de = readdir(d)) != NULL && rc == 0) {
    if (de->d_name[0] == '.') continue;
    size_t len = strlen(dir) + strlen(de->d_name) + 2;
    char *p = malloc(len);
    if (p == NULL) { rc = -1; break; }
    snprintf(p, len, "%s/%s", dir, de->d_name);
    struct stat sb;
    if (lstat(p, &sb) != 0) { free(p); continue; }
    if (S_ISDIR(sb.st_mode)) {
      rc = collect(p, depth + 1, l);
      free(p);
    } else if (S_ISREG(sb.st_mode) && (has_suffix(p, ".json") || has_suffix(p, ".zip") ||
                                       has_suffix(p, ".csv") || has_suffix(p, ".gz"))) {
      if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 256;
        char **np = realloc(l->p, nc * sizeof *np);
        if (np == NULL) { free(p); rc = -1; break; }
        l->p = np;
        l->cap = nc;
      }
      l->p[l->n++] = p;
    } else {
      free(p);
    }
  }
  closedir(d);
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void restore_cache(import_ctx *c) { store_cache_restore(c->db, c->saved_cache); }

static hoshi_err ctx_open(import_ctx *c, sqlite3 *db, const hoshi_vuln_import_opts *opts,
                          hoshi_vuln_import_stats *st, hoshi_error *e) {
  memset(c, 0, sizeof *c);
  c->db = db;
  c->opts = opts;
  c->st = st;
  util_now_iso(c->now);
  /* Index inserts land at random keys: with SQLite's default 2 MB page cache most of an
   * import's time went to re-reading evicted pages. Raised for the import, restored after. */
  c->saved_cache = store_cache_raise(db, IMPORT_CACHE_KIB);
  hoshi_err rc = prepare(c, e);
  if (rc) {
    finalize(c);
    restore_cache(c);
  }
  return rc;
}

static hoshi_err ctx_close(import_ctx *c, hoshi_err rc, const char *source,
                           const hoshi_vuln_import_stats *before, hoshi_error *e) {
  if (rc == HOSHI_OK) rc = tx_commit(c, e);
  if (rc != HOSHI_OK && c->in_tx) {
    store_rollback(c->db);
    c->in_tx = 0;
  }
  finalize(c);
  restore_cache(c);
  if (rc != HOSHI_OK) return rc;
  /* One line in the import log per call. */
  sqlite3_stmt *st = NULL;
  char id[UTIL_ID_LEN];
  util_new_id("vimp", id);
  const hoshi_vuln_import_stats *s = c->st;
  const char *kind = s->kev > before->kev ? "kev" : s->epss > before->epss ? "epss" : "osv";
  if (sqlite3_prepare_v2(c->db,
                         "INSERT INTO vuln_imports (id, kind, source, finished_at, added, updated,"
                         " unchanged, errors) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(c->db, e, "recording import");
  char now[UTIL_TIME_LEN];
  util_now_iso(now);
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)(s->added - before->added));
  sqlite3_bind_int64(st, 6, (sqlite3_int64)(s->updated - before->updated));
  sqlite3_bind_int64(st, 7, (sqlite3_int64)(s->unchanged - before->unchanged));
  sqlite3_bind_int64(st, 8, (sqlite3_int64)(s->errors - before->errors));
  int r = sqlite3_step(st);
  sqlite3_finalize(st);
  if (r != SQLITE_DONE) return store_fail(c->db, e, "recording import");
  return HOSHI_OK;
}

hoshi_err hoshi_vuln_import_path(sqlite3 *db, const char *path, const hoshi_vuln_import_opts *opts,
                                 hoshi_vuln_import_stats *st, hoshi_error *e) {
  struct stat sb;
  if (stat(path, &sb) != 0)
    return hoshi_fail(e, HOSHI_ENOTFOUND, "path", "%s: no such file or folder", path);
  hoshi_vuln_import_stats before = *st;
  import_ctx c;
  hoshi_err rc = ctx_open(&c, db, opts, st, e);
  if (rc) return rc;
  if (S_ISDIR(sb.st_mode)) {
    path_list l = {0};
    if (collect(path, 0, &l) != 0) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    if (l.n) qsort(l.p, l.n, sizeof *l.p, cmp_str);
    for (size_t i = 0; i < l.n && rc == HOSHI_OK; i++) {
      rc = import_file(&c, l.p[i], e);
      if (i % 256 == 0 || i + 1 == l.n) progress(&c, i + 1, l.n);
    }
    for (size_t i = 0; i < l.n; i++) free(l.p[i]);
    free(l.p);
  } else {
    rc = import_file(&c, path, e);
  }
  return ctx_close(&c, rc, label_of(&c, path), &before, e);
}

hoshi_err hoshi_vuln_import_buffer(sqlite3 *db, const char *source, const char *buf, size_t len,
                                   hoshi_vuln_import_stats *st, hoshi_error *e) {
  hoshi_vuln_import_stats before = *st;
  import_ctx c;
  hoshi_err rc = ctx_open(&c, db, NULL, st, e);
  if (rc) return rc;
  st->files++;
  rc = import_doc(&c, source, buf, len, e);
  if (rc != HOSHI_OK && c.in_tx) {
    store_rollback(db);
    c.in_tx = 0;
  }
  if (rc != HOSHI_OK) {
    finalize(&c);
    restore_cache(&c);
    return rc;
  }
  return ctx_close(&c, rc, source, &before, e);
}

/* Evidence files: bytes stored once per SHA-256 under the data folder (written to a temporary
 * name, synced, then renamed, so a crash never leaves a half file under a real name), type
 * sniffed with libmagic against an allow-list, rows linking them to an assessment. */
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"
#include "scs/scs.h"
#include "scs/scs_int.h"
#include "store/store.h"

/* What suppliers send as evidence: documents, images, office files, text, archives of them. */
static const char *const allowed_types[] = {
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv",
    "application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/json",
    "application/vnd.ms-excel", "application/msword", NULL};

const char *scs_evidence_sniff(const void *data, size_t len, char *out, size_t n) {
  magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
  if (m == NULL) return NULL;
  const char *t = NULL;
  if (magic_load(m, NULL) == 0) t = magic_buffer(m, data, len);
  const char *res = NULL;
  if (t && text_one_of(t, allowed_types)) {
    snprintf(out, n, "%s", t);
    res = out;
  } else if (t) {
    snprintf(out, n, "%s", t); /* the caller names the refused type */
  } else {
    out[0] = '\0';
  }
  magic_close(m);
  return res;
}

void scs_evidence_path(const char *data_dir, const char *sha256, char *out, size_t n) {
  snprintf(out, n, "%s/%.2s/%s", data_dir, sha256, sha256);
}

static int mkdir_p(const char *path) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(tmp, 0750) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return (mkdir(tmp, 0750) != 0 && errno != EEXIST) ? -1 : 0;
}

hoshi_err scs_evidence_write_blob(const char *data_dir, const char *sha, const void *data, size_t len, hoshi_error *e) {
  char dir[4096], path[4200], tmp[4300];
  snprintf(dir, sizeof dir, "%s/%.2s", data_dir, sha);
  scs_evidence_path(data_dir, sha, path, sizeof path);
  struct stat st;
  if (stat(path, &st) == 0 && (size_t)st.st_size == len) return HOSHI_OK; /* content-addressed: already there */
  if (mkdir_p(dir) != 0) return hoshi_fail(e, HOSHI_EIO, "", "cannot create evidence folder %s", dir);
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return hoshi_fail(e, HOSHI_EIO, "", "cannot write evidence file");
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t k = write(fd, p, left);
    if (k <= 0) {
      close(fd);
      unlink(tmp);
      return hoshi_fail(e, HOSHI_EIO, "", "cannot write evidence file");
    }
    p += k;
    left -= (size_t)k;
  }
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
    unlink(tmp);
    return hoshi_fail(e, HOSHI_EIO, "", "cannot store evidence file");
  }
  return HOSHI_OK;
}

hoshi_err scs_evidence_check_filename(const char *name, hoshi_error *e) {
  hoshi_err rc = text_check("filename", name, SCS_FILENAME_MAX, 1, 0, e);
  if (rc) return rc;
  if (strchr(name, '/') || strchr(name, '\\') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return hoshi_fail(e, HOSHI_EINVAL, "filename", "filename must be a plain name without / or \\");
  return HOSHI_OK;
}

/* Inside a transaction: the row describing stored bytes (once per content). */
hoshi_err scs_evidence_blob_row(sqlite3 *db, const char *sha256, long long size, const char *content_type,
                                const char *at, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO evidence_blobs(sha256, size, content_type, created_at) VALUES (?,?,?,?)"
                         " ON CONFLICT(sha256) DO NOTHING",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "storing evidence");
  store_bind_text(st, 1, sha256);
  sqlite3_bind_int64(st, 2, size);
  store_bind_text(st, 3, content_type);
  store_bind_text(st, 4, at);
  hoshi_err rc = sqlite3_step(st) == SQLITE_DONE ? HOSHI_OK : store_fail(db, e, "storing evidence");
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_evidence_add(sqlite3 *db, const audit_actor *who, const char *data_dir, const scs_assessment *a,
                           const char *criterion, const char *kind, const char *filename, const void *data,
                           size_t len, scs_evidence *out, hoshi_error *e) {
  static const char *const kinds[] = {"evidence", "technical_test", "corrective", NULL};
  hoshi_err rc;
  if (!text_one_of(kind, kinds)) return hoshi_fail(e, HOSHI_EINVAL, "kind", "kind must be evidence, technical_test or corrective");
  if ((rc = scs_evidence_check_filename(filename, e))) return rc;
  if (len == 0) return hoshi_fail(e, HOSHI_EINVAL, "body", "the file is empty");
  if (len > SCS_EVIDENCE_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "body", "the file is %zu bytes; at most %d allowed", len, SCS_EVIDENCE_MAX);
  if (strcmp(kind, "technical_test") != 0) {
    if (criterion == NULL || !scs_criterion_in_level(db, a, criterion))
      return hoshi_fail(e, HOSHI_EINVAL, "criterion", "criterion '%.48s' is not part of %s level %s",
                        criterion ? criterion : "", a->catalog_id, a->level);
  } else {
    criterion = "";
  }
  /* Which state each kind of file belongs to, and so who sends it. */
  const char *const *states;
  static const char *const draft[] = {SCS_DRAFT, NULL}, *const eval[] = {SCS_EVALUATING, NULL},
                           *const corr[] = {SCS_CORRECTIVE, NULL};
  states = strcmp(kind, "evidence") == 0 ? draft : strcmp(kind, "technical_test") == 0 ? eval : corr;
  char type[128];
  if (scs_evidence_sniff(data, len, type, sizeof type) == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "body",
                      "files of type '%s' are not accepted; send PDF, images, text/CSV, JSON or Office documents",
                      type[0] ? type : "unknown");
  scs_evidence ev;
  memset(&ev, 0, sizeof ev);
  util_new_id("evd", ev.id);
  snprintf(ev.assessment_id, sizeof ev.assessment_id, "%s", a->id);
  snprintf(ev.criterion_id, sizeof ev.criterion_id, "%s", criterion);
  snprintf(ev.kind, sizeof ev.kind, "%s", kind);
  util_sha256_hex(data, len, ev.sha256);
  snprintf(ev.filename, sizeof ev.filename, "%s", filename);
  snprintf(ev.content_type, sizeof ev.content_type, "%s", type);
  ev.size = (long long)len;
  snprintf(ev.uploaded_by, sizeof ev.uploaded_by, "%s", who->user_id ? who->user_id : "");
  util_now_iso(ev.uploaded_at);

  /* The bytes go to disk before the row that points at them; an orphan file is harmless. */
  if ((rc = scs_evidence_write_blob(data_dir, ev.sha256, data, len, e))) return rc;
  scs_assessment cur;
  if ((rc = scs_tx_begin(db, a->id, states, "adding this kind of file", &cur, e))) return rc;
  sqlite3_stmt *st = NULL;
  if ((rc = scs_evidence_blob_row(db, ev.sha256, ev.size, ev.content_type, ev.uploaded_at, e))) goto done;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO assessment_evidence(id, assessment_id, criterion_id, kind, sha256, filename, uploaded_by,"
                         " uploaded_at) VALUES (?,?,?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "storing evidence");
    goto done;
  }
  const char *v[] = {ev.id, ev.assessment_id, ev.criterion_id, ev.kind, ev.sha256, ev.filename, ev.uploaded_by, ev.uploaded_at};
  for (int i = 0; i < 8; i++) store_bind_text(st, i + 1, v[i]);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = store_fail(db, e, "storing evidence");
    goto done;
  }
  char summary[400];
  snprintf(summary, sizeof summary,
           "{\"after\":{\"kind\":\"%s\",\"criterion\":\"%s\",\"sha256\":\"%s\",\"size\":%lld,\"type\":\"%s\"}}", ev.kind,
           ev.criterion_id, ev.sha256, ev.size, ev.content_type);
  if ((rc = audit_append(db, who, a->org_id, "assessment.evidence", "evidence", ev.id, summary, e))) goto done;
  rc = store_commit(db, e);
done:
  sqlite3_finalize(st);
  if (rc) store_rollback(db);
  else if (out) *out = ev;
  return rc;
}

#define E_COLUMNS                                                                                         \
  "v.id, v.assessment_id, v.criterion_id, v.kind, v.sha256, v.filename, b.content_type, b.size, v.uploaded_by," \
  " v.uploaded_at FROM assessment_evidence v JOIN evidence_blobs b ON b.sha256 = v.sha256"

static void row_to_evidence(sqlite3_stmt *st, scs_evidence *ev) {
  memset(ev, 0, sizeof *ev);
  snprintf(ev->id, sizeof ev->id, "%s", store_col_text(st, 0));
  snprintf(ev->assessment_id, sizeof ev->assessment_id, "%s", store_col_text(st, 1));
  snprintf(ev->criterion_id, sizeof ev->criterion_id, "%s", store_col_text(st, 2));
  snprintf(ev->kind, sizeof ev->kind, "%s", store_col_text(st, 3));
  snprintf(ev->sha256, sizeof ev->sha256, "%s", store_col_text(st, 4));
  snprintf(ev->filename, sizeof ev->filename, "%s", store_col_text(st, 5));
  snprintf(ev->content_type, sizeof ev->content_type, "%s", store_col_text(st, 6));
  ev->size = sqlite3_column_int64(st, 7);
  snprintf(ev->uploaded_by, sizeof ev->uploaded_by, "%s", store_col_text(st, 8));
  snprintf(ev->uploaded_at, sizeof ev->uploaded_at, "%s", store_col_text(st, 9));
}

static void fill_evidence(sqlite3_stmt *st, void *slot) { row_to_evidence(st, slot); }

hoshi_err scs_evidence_get(sqlite3 *db, const char *id, scs_evidence *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " E_COLUMNS " WHERE v.id = ?", -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading evidence");
  store_bind_text(st, 1, id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_evidence(st, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no evidence %.64s", id);
  sqlite3_finalize(st);
  return rc;
}

hoshi_err scs_evidence_list(sqlite3 *db, const char *assessment_id, scs_evidence **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " E_COLUMNS " WHERE v.assessment_id = ? ORDER BY v.uploaded_at, v.id", -1, &st, NULL) !=
      SQLITE_OK)
    return store_fail(db, e, "listing evidence");
  store_bind_text(st, 1, assessment_id);
  void *arr = NULL; /* a void * of its own: no type punning through *out */
  hoshi_err rc = store_collect(db, st, sizeof(scs_evidence), fill_evidence, &arr, n, "listing evidence", e);
  *out = arr;
  return rc;
}

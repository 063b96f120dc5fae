/* Assessment exports: an XLSX checklist (libxlsxwriter; a cover sheet, then one sheet per
 * category) and OSCAL assessment-results JSON (an observation and a finding per criterion). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <yyjson.h>

#include "cert/cert.h"
#include "scs/scs_detail.h"

#define OSCAL_VERSION "1.1.2"

/* The assessment as the JSON view the API serves (catalog texts, answers, findings, evidence). */
static hoshi_err detail(sqlite3 *db, const scs_assessment *a, yyjson_mut_doc **out, hoshi_error *e) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  hoshi_err rc = scs_detail_json(db, a, 1, d, root, e);
  if (rc) {
    yyjson_mut_doc_free(d);
    return rc;
  }
  *out = d;
  return HOSHI_OK;
}

static const char *s_of(yyjson_mut_val *o, const char *k) {
  const char *s = yyjson_mut_get_str(yyjson_mut_obj_get(o, k));
  return s ? s : "";
}

static const char *answer_label(const char *status) {
  static const char *const map[][2] = {{"implemented", "実施 / implemented"},
                                       {"partial", "一部実施 / partially"},
                                       {"not_implemented", "未実施 / not implemented"},
                                       {"not_applicable", "対象外 / not applicable"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(status, map[i][0]) == 0) return map[i][1];
  return status;
}

static const char *finding_label(const char *result) {
  static const char *const map[][2] = {{"conformant", "適合 / conformant"},
                                       {"minor", "軽微な不適合 / minor nonconformity"},
                                       {"major", "重大な不適合 / major nonconformity"},
                                       {"observation", "観察事項 / observation"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(result, map[i][0]) == 0) return map[i][1];
  return result;
}

int cert_cell_add_line(hoshi_buf *cell, const char *line) {
  static const char more[] = "\n…";
  /* Bytes bound characters from above, so the cell never passes Excel's limit. */
  if (cell->n + (cell->n ? 1 : 0) + strlen(line) > CERT_XLSX_CELL_MAX) {
    if (cell->n + sizeof more - 1 <= CERT_XLSX_CELL_MAX) hoshi_buf_puts(cell, more);
    return -1;
  }
  if (cell->n) hoshi_buf_putc(cell, '\n');
  hoshi_buf_puts(cell, line);
  return 0;
}

/* Evidence file names of one criterion, one per line, cut to what a cell holds. */
static void evidence_names(yyjson_mut_val *evidence, const char *criterion, hoshi_buf *b) {
  hoshi_buf_reset(b);
  size_t i, max;
  yyjson_mut_val *ev;
  yyjson_mut_arr_foreach(evidence, i, max, ev) {
    if (strcmp(s_of(ev, "criterion"), criterion) == 0 && cert_cell_add_line(b, s_of(ev, "filename")) != 0) break;
  }
}

/* "1 ガバナンスの整備" cut to Excel's 31 characters, without the characters sheet names forbid. */
static void sheet_name(const char *id, const char *title, char *out, size_t n) {
  char raw[512];
  snprintf(raw, sizeof raw, "%s %s", id, title);
  size_t chars = 0, o = 0;
  for (const unsigned char *p = (const unsigned char *)raw; *p && chars < LXW_SHEETNAME_MAX;) {
    size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
    if (o + len + 1 > n) break;
    if (len == 1 && strchr("[]:*?/\\'", *p)) {
      out[o++] = '_';
      p++;
    } else {
      for (size_t k = 0; k < len && p[k]; k++) out[o++] = (char)p[k];
      p += len;
    }
    chars++;
  }
  out[o] = '\0';
}

static hoshi_err write_workbook(const char *path, const char *tmp_dir, const scs_assessment *a, const org *og,
                                yyjson_mut_val *root, hoshi_error *e) {
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)(uintptr_t)tmp_dir, .use_zip64 = LXW_FALSE};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (wb == NULL) return hoshi_fail(e, HOSHI_EIO, "", "cannot start the workbook in %s", tmp_dir);
  char title[256];
  snprintf(title, sizeof title, "SCS ★%s セルフチェック / self-assessment %s", a->level, a->id);
  char author[ORG_NAME_MAX + 1];
  snprintf(author, sizeof author, "%s", og->name_ja);
  lxw_doc_properties props = {.title = title, .author = author, .company = author, .comments = "hoshi"};
  workbook_set_properties(wb, &props);
  lxw_format *head = workbook_add_format(wb), *wrap = workbook_add_format(wb), *bold = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDCE3F0);
  format_set_border(head, LXW_BORDER_THIN);
  format_set_text_wrap(head);
  format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(wrap, LXW_BORDER_THIN);
  format_set_bold(bold);

  /* Cover sheet: who, what, against which catalog, progress per category. */
  lxw_worksheet *cover = workbook_add_worksheet(wb, "概要 Summary");
  worksheet_set_column(cover, 0, 0, 28, NULL);
  worksheet_set_column(cover, 1, 4, 22, NULL);
  yyjson_mut_val *scope = yyjson_mut_obj_get(root, "scope");
  const char *rows[][2] = {{"組織 / Organization", og->name_ja},
                           {"英文名 / Name (English)", og->name_en},
                           {"法人番号 / Corporate number", og->corporate_number},
                           {"カタログ / Catalog", a->catalog_id},
                           {"レベル / Level", a->level},
                           {"対象範囲 / Scope", s_of(scope, "description")},
                           {"状態 / Status", a->status},
                           {"評価ID / Assessment", a->id},
                           {"更新 / Updated", a->updated_at}};
  lxw_row_t r = 0;
  worksheet_write_string(cover, r++, 0, "SCS評価制度 自己評価チェックリスト / SCS self-assessment checklist", bold);
  r++;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, r++) {
    worksheet_write_string(cover, r, 0, rows[i][0], bold);
    worksheet_write_string(cover, r, 1, rows[i][1], NULL);
  }
  r++;
  const char *cols[] = {"分類 / Category", "評価基準数 / Criteria", "回答済 / Answered", "充足 / Met", "適合 / Conformant"};
  for (lxw_col_t c = 0; c < 5; c++) worksheet_write_string(cover, r, c, cols[c], head);
  r++;
  yyjson_mut_val *cats = yyjson_mut_obj_get(root, "categories"), *reqs = yyjson_mut_obj_get(root, "requirements"),
                 *evidence = yyjson_mut_obj_get(root, "evidence");
  size_t ci, cmax;
  yyjson_mut_val *cat;
  yyjson_mut_arr_foreach(cats, ci, cmax, cat) {
    char label[700];
    snprintf(label, sizeof label, "%s %s / %s", s_of(cat, "id"), s_of(cat, "title_ja"), s_of(cat, "title_en"));
    worksheet_write_string(cover, r, 0, label, wrap);
    const char *nums[] = {"criteria", "answered", "met", "conformant"};
    for (lxw_col_t c = 0; c < 4; c++)
      worksheet_write_number(cover, r, (lxw_col_t)(c + 1), (double)yyjson_mut_get_int(yyjson_mut_obj_get(cat, nums[c])), wrap);
    r++;
  }

  /* One sheet per category: the checklist layout suppliers and buyers exchange. */
  const char *heads[] = {"要求事項ID\nRequirement", "要求事項\nRequirement title", "評価基準ID\nCriterion",
                         "評価基準\nCriterion (日本語)", "Criterion (English)", "回答\nAnswer", "理由\nReason",
                         "コメント\nComment", "証跡\nEvidence", "所見\nFinding", "所見メモ・是正処置\nFinding note / corrective action"};
  const double widths[] = {11, 28, 11, 48, 48, 20, 28, 28, 24, 22, 32};
  hoshi_buf ev = {0}, note = {0};
  yyjson_mut_arr_foreach(cats, ci, cmax, cat) {
    char name[LXW_SHEETNAME_MAX * 4 + 1];
    sheet_name(s_of(cat, "id"), s_of(cat, "title_ja"), name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (ws == NULL) {
      hoshi_buf_free(&ev);
      hoshi_buf_free(&note);
      workbook_close(wb);
      return hoshi_fail(e, HOSHI_EINVAL, "category", "category %s cannot name a sheet", s_of(cat, "id"));
    }
    for (lxw_col_t c = 0; c < 11; c++) {
      worksheet_set_column(ws, c, c, widths[c], NULL);
      worksheet_write_string(ws, 0, c, heads[c], head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_repeat_rows(ws, 0, 0);
    lxw_row_t row = 1;
    size_t ri, rmax;
    yyjson_mut_val *req;
    yyjson_mut_arr_foreach(reqs, ri, rmax, req) {
      if (strcmp(s_of(req, "category"), s_of(cat, "id")) != 0) continue;
      size_t ki, kmax;
      yyjson_mut_val *k;
      yyjson_mut_arr_foreach(yyjson_mut_obj_get(req, "criteria"), ki, kmax, k) {
        yyjson_mut_val *ans = yyjson_mut_obj_get(k, "answer"), *fi = yyjson_mut_obj_get(k, "finding");
        int has_ans = yyjson_mut_is_obj(ans), has_fi = yyjson_mut_is_obj(fi);
        evidence_names(evidence, s_of(k, "id"), &ev);
        hoshi_buf_reset(&note);
        if (has_fi) {
          hoshi_buf_puts(&note, s_of(fi, "note"));
          if (*s_of(fi, "corrective_action")) hoshi_buf_printf(&note, "%s是正: %s", note.n ? "\n" : "", s_of(fi, "corrective_action"));
        }
        const char *cells[] = {s_of(req, "id"), s_of(req, "title_ja"), s_of(k, "id"), s_of(k, "text_ja"), s_of(k, "text_en"),
                               has_ans ? answer_label(s_of(ans, "status")) : "未回答 / not answered",
                               has_ans ? s_of(ans, "reason") : "", has_ans ? s_of(ans, "comment") : "", ev.n ? ev.p : "",
                               has_fi ? finding_label(s_of(fi, "result")) : "", note.n ? note.p : ""};
        for (lxw_col_t c = 0; c < 11; c++) worksheet_write_string(ws, row, c, cells[c], wrap);
        row++;
      }
    }
    worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, 10);
  }
  hoshi_buf_free(&ev);
  hoshi_buf_free(&note);
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return hoshi_fail(e, HOSHI_EIO, "", "writing the workbook failed: %s", lxw_strerror(err));
  return HOSHI_OK;
}

hoshi_err cert_export_xlsx(sqlite3 *db, const scs_assessment *a, const char *tmp_dir, hoshi_buf *out, hoshi_error *e) {
  org og;
  yyjson_mut_doc *d = NULL;
  hoshi_err rc = org_get(db, a->org_id, &og, e);
  if (rc || (rc = detail(db, a, &d, e))) return rc;
  if (mkdir(tmp_dir, 0700) != 0 && errno != EEXIST) {
    yyjson_mut_doc_free(d);
    return hoshi_fail(e, HOSHI_EIO, "", "cannot create %s: %s", tmp_dir, strerror(errno));
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/export-XXXXXX", tmp_dir);
  int fd = mkstemp(path);
  if (fd < 0) {
    yyjson_mut_doc_free(d);
    return hoshi_fail(e, HOSHI_EIO, "", "cannot make a temporary file in %s: %s", tmp_dir, strerror(errno));
  }
  close(fd);
  rc = write_workbook(path, tmp_dir, a, &og, yyjson_mut_doc_get_root(d), e);
  yyjson_mut_doc_free(d);
  if (rc == HOSHI_OK) {
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    if (f == NULL) rc = hoshi_fail(e, HOSHI_EIO, "", "cannot read back %s", path);
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) hoshi_buf_append(out, chunk, n);
    if (f) fclose(f);
    if (rc == HOSHI_OK && out->oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  unlink(path);
  return rc;
}

/* ---- OSCAL assessment-results ---- */

static void uuid4(char out[37]) {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
           b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* The OSCAL id the catalog export (src/catalog/oscal.c) gives a requirement and a criterion:
 * "req-<id>" and "req-<id>_obj.<k>", k the criterion's number within its requirement
 * ("4-1-3-2" → 2), else its position. The exact ids also travel in "label" props. */
static void oscal_ids(const char *rid, const char *cid, size_t pos, char *req, size_t rn, char *obj, size_t on) {
  char tok[160];
  size_t n = 0;
  for (const char *p = rid; *p && n + 1 < sizeof tok; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    tok[n++] = ok ? c : '_';
  }
  tok[n] = '\0';
  snprintf(req, rn, "req-%s", tok);
  size_t rl = strlen(rid);
  const char *k = strncmp(cid, rid, rl) == 0 && cid[rl] == '-' ? cid + rl + 1 : NULL;
  if (k && *k && strspn(k, "0123456789") == strlen(k)) snprintf(obj, on, "req-%s_obj.%s", tok, k);
  else snprintf(obj, on, "req-%s_obj.%zu", tok, pos);
}

static yyjson_mut_val *prop(yyjson_mut_doc *d, yyjson_mut_val *props, const char *name, const char *value) {
  yyjson_mut_val *p = yyjson_mut_arr_add_obj(d, props);
  yyjson_mut_obj_add_strcpy(d, p, "name", name);
  yyjson_mut_obj_add_str(d, p, "ns", "urn:hoshi:scs:1");
  yyjson_mut_obj_add_strcpy(d, p, "value", *value ? value : "-");
  return p;
}

/* Satisfied: a ★4 finding of conformant/observation, or (without findings) implemented or N/A. */
static int satisfied(yyjson_mut_val *ans, yyjson_mut_val *fi) {
  if (yyjson_mut_is_obj(fi)) {
    const char *r = s_of(fi, "result");
    return strcmp(r, "conformant") == 0 || strcmp(r, "observation") == 0;
  }
  if (!yyjson_mut_is_obj(ans)) return 0;
  const char *s = s_of(ans, "status");
  return strcmp(s, "implemented") == 0 || strcmp(s, "not_applicable") == 0;
}

hoshi_err cert_export_oscal(sqlite3 *db, const scs_assessment *a, char **out, size_t *len, hoshi_error *e) {
  *out = NULL;
  org og;
  yyjson_mut_doc *src = NULL;
  hoshi_err rc = org_get(db, a->org_id, &og, e);
  if (rc || (rc = detail(db, a, &src, e))) return rc;
  yyjson_mut_val *root = yyjson_mut_doc_get_root(src);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *top = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, top);
  yyjson_mut_val *ar = yyjson_mut_obj_add_obj(d, top, "assessment-results");
  char u[37], party[37], now[UTIL_TIME_LEN], title[ORG_NAME_MAX + 200];
  util_now_iso(now);
  uuid4(u);
  yyjson_mut_obj_add_strcpy(d, ar, "uuid", u);
  yyjson_mut_val *md = yyjson_mut_obj_add_obj(d, ar, "metadata");
  snprintf(title, sizeof title, "SCS ★%s assessment of %s (%s)", a->level, og.name_en[0] ? og.name_en : og.name_ja, a->id);
  yyjson_mut_obj_add_strcpy(d, md, "title", title);
  yyjson_mut_obj_add_strcpy(d, md, "last-modified", now);
  yyjson_mut_obj_add_strcpy(d, md, "version", a->updated_at);
  yyjson_mut_obj_add_str(d, md, "oscal-version", OSCAL_VERSION);
  yyjson_mut_val *parties = yyjson_mut_obj_add_arr(d, md, "parties");
  yyjson_mut_val *pt = yyjson_mut_arr_add_obj(d, parties);
  uuid4(party);
  yyjson_mut_obj_add_strcpy(d, pt, "uuid", party);
  yyjson_mut_obj_add_str(d, pt, "type", "organization");
  yyjson_mut_obj_add_strcpy(d, pt, "name", og.name_ja);
  if (og.name_en[0]) yyjson_mut_obj_add_strcpy(d, pt, "short-name", og.name_en);
  yyjson_mut_val *ids = yyjson_mut_obj_add_arr(d, pt, "external-ids");
  yyjson_mut_val *xid = yyjson_mut_arr_add_obj(d, ids);
  yyjson_mut_obj_add_str(d, xid, "scheme", "https://www.houjin-bangou.nta.go.jp/");
  yyjson_mut_obj_add_strcpy(d, xid, "id", og.corporate_number);
  /* The assessment plan lives in hoshi; the import names the assessment it came from. */
  yyjson_mut_val *imp = yyjson_mut_obj_add_obj(d, ar, "import-ap");
  char href[128];
  snprintf(href, sizeof href, "/api/v1/assessments/%s", a->id);
  yyjson_mut_obj_add_strcpy(d, imp, "href", href);
  yyjson_mut_val *results = yyjson_mut_obj_add_arr(d, ar, "results");
  yyjson_mut_val *res = yyjson_mut_arr_add_obj(d, results);
  uuid4(u);
  yyjson_mut_obj_add_strcpy(d, res, "uuid", u);
  snprintf(title, sizeof title, "%s ★%s (%s)", a->catalog_id, a->level, a->status);
  yyjson_mut_obj_add_strcpy(d, res, "title", title);
  yyjson_mut_val *scope = yyjson_mut_obj_get(root, "scope");
  yyjson_mut_obj_add_strcpy(d, res, "description", s_of(scope, "description"));
  yyjson_mut_obj_add_strcpy(d, res, "start", a->created_at);
  if (strcmp(a->status, SCS_RATED) == 0 || strcmp(a->status, SCS_FAILED) == 0)
    yyjson_mut_obj_add_strcpy(d, res, "end", a->updated_at);
  yyjson_mut_val *rprops = yyjson_mut_obj_add_arr(d, res, "props");
  prop(d, rprops, "catalog", a->catalog_id);
  prop(d, rprops, "level", a->level);
  prop(d, rprops, "scope-kind", a->scope_kind);
  prop(d, rprops, "assessment-status", a->status);
  yyjson_mut_val *rc_ = yyjson_mut_obj_add_obj(d, res, "reviewed-controls");
  yyjson_mut_val *sel = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, rc_, "control-selections"));
  yyjson_mut_val *inc = yyjson_mut_obj_add_arr(d, sel, "include-controls");
  yyjson_mut_val *obs = yyjson_mut_obj_add_arr(d, res, "observations");
  yyjson_mut_val *finds = yyjson_mut_obj_add_arr(d, res, "findings");
  yyjson_mut_val *reqs = yyjson_mut_obj_get(root, "requirements"), *evidence = yyjson_mut_obj_get(root, "evidence");
  size_t ri, rmax;
  yyjson_mut_val *req;
  yyjson_mut_arr_foreach(reqs, ri, rmax, req) {
    char req_tok[200], obj_tok[260];
    oscal_ids(s_of(req, "id"), "", 0, req_tok, sizeof req_tok, obj_tok, sizeof obj_tok);
    yyjson_mut_val *ctl = yyjson_mut_arr_add_obj(d, inc);
    yyjson_mut_obj_add_strcpy(d, ctl, "control-id", req_tok);
    size_t ki, kmax;
    yyjson_mut_val *k;
    yyjson_mut_arr_foreach(yyjson_mut_obj_get(req, "criteria"), ki, kmax, k) {
      yyjson_mut_val *ans = yyjson_mut_obj_get(k, "answer"), *fi = yyjson_mut_obj_get(k, "finding");
      const char *cid = s_of(k, "id");
      oscal_ids(s_of(req, "id"), cid, ki + 1, req_tok, sizeof req_tok, obj_tok, sizeof obj_tok);
      /* Observation: what the supplier answered (and what the evaluator saw). */
      char ou[37];
      uuid4(ou);
      yyjson_mut_val *o = yyjson_mut_arr_add_obj(d, obs);
      yyjson_mut_obj_add_strcpy(d, o, "uuid", ou);
      yyjson_mut_obj_add_strcpy(d, o, "title", cid);
      yyjson_mut_obj_add_strcpy(d, o, "description", s_of(k, "text_ja"));
      yyjson_mut_val *props = yyjson_mut_obj_add_arr(d, o, "props");
      prop(d, props, "label", cid);
      prop(d, props, "answer", yyjson_mut_is_obj(ans) ? s_of(ans, "status") : "unanswered");
      if (yyjson_mut_is_obj(fi)) prop(d, props, "finding", s_of(fi, "result"));
      yyjson_mut_val *methods = yyjson_mut_obj_add_arr(d, o, "methods");
      yyjson_mut_arr_add_str(d, methods, "EXAMINE");
      if (yyjson_mut_is_obj(fi)) yyjson_mut_arr_add_str(d, methods, "TEST");
      yyjson_mut_arr_add_str(d, yyjson_mut_obj_add_arr(d, o, "types"), "control-objective");
      yyjson_mut_obj_add_strcpy(d, o, "collected", a->updated_at);
      size_t ei, emax;
      yyjson_mut_val *ev, *rel = NULL;
      yyjson_mut_arr_foreach(evidence, ei, emax, ev) {
        if (strcmp(s_of(ev, "criterion"), cid) != 0) continue;
        if (rel == NULL) rel = yyjson_mut_obj_add_arr(d, o, "relevant-evidence");
        yyjson_mut_val *x = yyjson_mut_arr_add_obj(d, rel);
        char ehref[128];
        snprintf(ehref, sizeof ehref, "/api/v1/evidence/%s", s_of(ev, "id"));
        yyjson_mut_obj_add_strcpy(d, x, "href", ehref);
        snprintf(title, sizeof title, "%s (sha256 %s)", s_of(ev, "filename"), s_of(ev, "sha256"));
        yyjson_mut_obj_add_strcpy(d, x, "description", title);
      }
      hoshi_buf remarks = {0};
      if (yyjson_mut_is_obj(ans)) {
        if (*s_of(ans, "reason")) hoshi_buf_printf(&remarks, "理由 / reason: %s\n", s_of(ans, "reason"));
        if (*s_of(ans, "comment")) hoshi_buf_printf(&remarks, "コメント / comment: %s\n", s_of(ans, "comment"));
      }
      if (yyjson_mut_is_obj(fi) && *s_of(fi, "note")) hoshi_buf_printf(&remarks, "所見 / finding: %s\n", s_of(fi, "note"));
      if (remarks.n) yyjson_mut_obj_add_strcpy(d, o, "remarks", remarks.p);
      hoshi_buf_free(&remarks);
      /* Finding: whether the criterion (an assessment objective) is satisfied. */
      char fu[37];
      uuid4(fu);
      yyjson_mut_val *f = yyjson_mut_arr_add_obj(d, finds);
      yyjson_mut_obj_add_strcpy(d, f, "uuid", fu);
      yyjson_mut_obj_add_strcpy(d, f, "title", cid);
      yyjson_mut_obj_add_strcpy(d, f, "description", s_of(k, "text_en")[0] ? s_of(k, "text_en") : s_of(k, "text_ja"));
      yyjson_mut_val *t = yyjson_mut_obj_add_obj(d, f, "target");
      yyjson_mut_obj_add_str(d, t, "type", "objective-id");
      yyjson_mut_obj_add_strcpy(d, t, "target-id", obj_tok);
      prop(d, yyjson_mut_obj_add_arr(d, f, "props"), "label", cid);
      yyjson_mut_val *st = yyjson_mut_obj_add_obj(d, t, "status");
      yyjson_mut_obj_add_str(d, st, "state", satisfied(ans, fi) ? "satisfied" : "not-satisfied");
      if (yyjson_mut_is_obj(fi)) yyjson_mut_obj_add_strcpy(d, st, "reason", s_of(fi, "result"));
      else if (yyjson_mut_is_obj(ans)) yyjson_mut_obj_add_strcpy(d, st, "reason", s_of(ans, "status"));
      else yyjson_mut_obj_add_str(d, st, "reason", "unanswered");
      yyjson_mut_val *ro = yyjson_mut_arr_add_obj(d, yyjson_mut_obj_add_arr(d, f, "related-observations"));
      yyjson_mut_obj_add_strcpy(d, ro, "observation-uuid", ou);
    }
  }
  *out = yyjson_mut_write(d, YYJSON_WRITE_PRETTY, len);
  yyjson_mut_doc_free(d);
  yyjson_mut_doc_free(src);
  if (*out == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  return HOSHI_OK;
}

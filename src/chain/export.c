/* The buyer's supplier status list as an XLSX workbook (libxlsxwriter), for people who keep
 * supplier lists in Excel. Written to a temporary file, read back, removed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "chain/chain.h"
#include "hoshi/buf.h"

typedef struct sheet_ctx {
  lxw_worksheet *ws;
  lxw_row_t row;
} sheet_ctx;

static int sheet_row(const sc_row *w, void *ctx) {
  sheet_ctx *c = ctx;
  lxw_row_t r = ++c->row;
  char lvl[16] = "";
  if (w->rating_level[0]) snprintf(lvl, sizeof lvl, "★%s", w->rating_level);
  char req[16];
  snprintf(req, sizeof req, "★%s", w->rel.required_level);
  /* Strings only: a value such as "=…" is stored as text and never becomes a formula. */
  const char *v[] = {w->rel.supplier_corpnum, w->rel.supplier_name, req, w->status, lvl, w->rating_expires,
                     w->request_status, w->request_due, w->rel.kind, w->rel.criticality, w->rel.reason};
  for (lxw_col_t col = 0; col < 11; col++) worksheet_write_string(c->ws, r, col, v[col], NULL);
  return 0;
}

hoshi_err sc_export_xlsx(sqlite3 *db, const char *buyer_org_id, time_t now, const char *tmp_dir, struct hoshi_buf *out,
                         hoshi_error *e) {
  hoshi_err rc = HOSHI_OK;
  if (mkdir(tmp_dir, 0700) != 0 && errno != EEXIST) {
    return hoshi_fail(e, HOSHI_EIO, "", "cannot create %s", tmp_dir);
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/suppliers-XXXXXX", tmp_dir);
  int fd = mkstemp(path);
  if (fd < 0) {
    return hoshi_fail(e, HOSHI_EIO, "", "cannot make a temporary file in %s", tmp_dir);
  }
  close(fd);
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)(uintptr_t)tmp_dir, .use_zip64 = LXW_FALSE};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (wb == NULL) {
    unlink(path);
    return hoshi_fail(e, HOSHI_EIO, "", "cannot start the workbook");
  }
  lxw_format *head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xEEF1F6);
  lxw_worksheet *ws = workbook_add_worksheet(wb, "取引先 Suppliers");
  static const char *const cols[] = {"法人番号 Corporate number", "名称 Name", "要求 Required", "状況 Status",
                                     "格付 Rating", "有効期限 Expires", "依頼 Request", "依頼期限 Due", "種類 Kind",
                                     "重要度 Criticality", "理由 Reason"};
  for (lxw_col_t c = 0; c < 11; c++) worksheet_write_string(ws, 0, c, cols[c], head);
  worksheet_set_column(ws, 0, 0, 16, NULL);
  worksheet_set_column(ws, 1, 1, 30, NULL);
  worksheet_set_column(ws, 10, 10, 40, NULL);
  worksheet_freeze_panes(ws, 1, 0);
  sheet_ctx c = {ws, 0};
  rc = sc_list_each(db, buyer_org_id, now, sheet_row, &c, e);
  if (workbook_close(wb) != LXW_NO_ERROR || rc) {
    unlink(path);
    return rc ? rc : hoshi_fail(e, HOSHI_EIO, "", "cannot write the workbook");
  }
  FILE *f = fopen(path, "rb");
  char chunk[65536];
  size_t k;
  if (f == NULL) rc = hoshi_fail(e, HOSHI_EIO, "", "cannot read back the workbook");
  while (f && (k = fread(chunk, 1, sizeof chunk, f)) > 0) hoshi_buf_append(out, chunk, k);
  if (f) fclose(f);
  unlink(path);
  if (rc == HOSHI_OK && out->oom) rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  return rc;
}

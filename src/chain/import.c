/* Bulk import of suppliers from CSV (libcsv): every row is checked before anything is written;
 * one bad row means nothing is imported and every bad row is reported with row and column. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chain/chain.h"
#include "org/org.h"
#include "store/store.h"

#define IMPORT_COLS_MAX 32

enum { C_CORP, C_NAME, C_EMAIL, C_CONF, C_INTR, C_NET, C_KIND, C_CRIT, C_REASON, C_IMPACT, C_NOSUB, C_STOCK, C_N };

static const struct {
  int col;
  const char *names[4];
  int required;
} columns[] = {
    {C_CORP, {"corporate_number", "法人番号", NULL, NULL}, 1},
    {C_NAME, {"name", "名称", "会社名", NULL}, 1},
    {C_EMAIL, {"contact_email", "email", "メールアドレス", "メール"}, 0},
    {C_CONF, {"confidential_info", "機密情報", NULL, NULL}, 1},
    {C_INTR, {"business_interruption", "事業中断", NULL, NULL}, 1},
    {C_NET, {"network_access", "ネットワーク接続", NULL, NULL}, 1},
    {C_KIND, {"kind", "取引種別", NULL, NULL}, 0},
    {C_CRIT, {"criticality", "重要度", NULL, NULL}, 0},
    {C_REASON, {"reason", "理由", NULL, NULL}, 0},
    {C_IMPACT, {"impact_range", "影響範囲", NULL, NULL}, 0},
    {C_NOSUB, {"no_substitute", "代替困難", NULL, NULL}, 0},
    {C_STOCK, {"stock_hard_to_secure", "在庫確保困難", NULL, NULL}, 0},
};

typedef struct csv_state {
  char **cells; /* rows * IMPORT_COLS_MAX, malloc'd strings */
  size_t rows, cap, col;
  int too_many_rows, too_many_cols, too_long;
} csv_state;

static void on_field(void *s, size_t len, void *data) {
  csv_state *c = data;
  if (c->too_many_rows) return;
  if (c->rows >= c->cap) {
    size_t ncap = c->cap ? c->cap * 2 : 64;
    char **p = realloc(c->cells, ncap * IMPORT_COLS_MAX * sizeof *p);
    if (p == NULL) { c->too_many_rows = 1; return; }
    memset(p + c->cap * IMPORT_COLS_MAX, 0, (ncap - c->cap) * IMPORT_COLS_MAX * sizeof *p);
    c->cells = p;
    c->cap = ncap;
  }
  if (c->col >= IMPORT_COLS_MAX) { c->too_many_cols = 1; return; }
  if (s == NULL) { /* an empty field (CSV_EMPTY_IS_NULL): the cell stays NULL */
    c->col++;
    return;
  }
  if (len > SC_TEXT_MAX) { c->too_long = 1; len = SC_TEXT_MAX; }
  char *v = malloc(len + 1);
  if (v == NULL) return;
  memcpy(v, s, len);
  v[len] = '\0';
  c->cells[c->rows * IMPORT_COLS_MAX + c->col++] = v;
}

static void on_row(int ch, void *data) {
  (void)ch;
  csv_state *c = data;
  if (c->too_many_rows) return;
  c->rows++;
  c->col = 0;
  if (c->rows > SC_IMPORT_ROWS_MAX + 1) c->too_many_rows = 1;
}

static const char *cell(const csv_state *c, size_t row, int idx) {
  if (idx < 0) return NULL;
  return c->cells[row * IMPORT_COLS_MAX + (size_t)idx];
}

/* Returns 1/0, or -1 when the text is not a yes/no answer. */
static int parse_bool(const char *s) {
  if (s == NULL) return -1;
  while (*s == ' ') s++;
  static const char *yes[] = {"true", "yes", "y", "1", "はい", "有", NULL};
  static const char *no[] = {"false", "no", "n", "0", "いいえ", "無", NULL};
  for (int i = 0; yes[i]; i++) if (strcasecmp(s, yes[i]) == 0) return 1;
  for (int i = 0; no[i]; i++) if (strcasecmp(s, no[i]) == 0) return 0;
  return -1;
}

static void add_err(sc_import_error **errs, size_t *n, size_t row, const char *col, const char *msg) {
  if (*n >= SC_IMPORT_ERRORS_MAX) return;
  sc_import_error *p = realloc(*errs, (*n + 1) * sizeof *p);
  if (p == NULL) return;
  *errs = p;
  p[*n].row = row;
  snprintf(p[*n].column, sizeof p[*n].column, "%s", col);
  snprintf(p[*n].message, sizeof p[*n].message, "%s", msg);
  (*n)++;
}

static int corp_seen(sqlite3 *db, const char *buyer, const char *corp) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM relationships WHERE buyer_org_id = ? AND supplier_corpnum = ?", -1, &st, NULL) == SQLITE_OK) {
    store_bind_text(st, 1, buyer);
    store_bind_text(st, 2, corp);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

hoshi_err sc_import_csv(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const char *buf, size_t len,
                        size_t *added, sc_import_error **errs, size_t *n_errs, hoshi_error *e) {
  *added = 0;
  *errs = NULL;
  *n_errs = 0;
  if (len > SC_IMPORT_BYTES_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "body", "the file is %zu bytes; at most %d allowed", len, SC_IMPORT_BYTES_MAX);
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) { buf += 3; len -= 3; } /* Excel's UTF-8 BOM */
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  csv_state c = {0};
  hoshi_err rc = HOSHI_OK;
  sc_rel_input *rows = NULL;
  org self;
  int have_self = org_get(db, buyer_org_id, &self, NULL) == HOSHI_OK;
  if (csv_parse(&p, buf, len, on_field, on_row, &c) != len || csv_fini(&p, on_field, on_row, &c) != 0) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "not valid CSV near row %zu: %s", c.rows + 1, csv_strerror(csv_error(&p)));
    goto done;
  }
  if (c.too_many_rows) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "body", "more than %d rows; split the file", SC_IMPORT_ROWS_MAX);
    goto done;
  }
  if (c.too_many_cols || c.too_long) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "a row has more than %d columns or a value longer than %d bytes", IMPORT_COLS_MAX, SC_TEXT_MAX);
    goto done;
  }
  if (c.rows < 2) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "the file needs a header row and at least one supplier row");
    goto done;
  }
  int idx[C_N];
  for (int k = 0; k < C_N; k++) idx[k] = -1;
  for (int col = 0; col < IMPORT_COLS_MAX; col++) {
    const char *hname = cell(&c, 0, col);
    if (hname == NULL) continue;
    for (size_t k = 0; k < sizeof columns / sizeof columns[0]; k++)
      for (int a = 0; a < 4 && columns[k].names[a]; a++)
        if (strcasecmp(hname, columns[k].names[a]) == 0) idx[columns[k].col] = col;
  }
  for (size_t k = 0; k < sizeof columns / sizeof columns[0]; k++)
    if (columns[k].required && idx[columns[k].col] < 0) add_err(errs, n_errs, 1, columns[k].names[0], "required column is missing from the header");
  if (*n_errs) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "the header lacks required columns");
    goto done;
  }
  size_t nrows = c.rows - 1;
  rows = calloc(nrows, sizeof *rows);
  if (rows == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nrows; i++) {
    size_t r = i + 1, line = i + 2;
    sc_rel_input *in = &rows[i];
    in->corporate_number = cell(&c, r, idx[C_CORP]);
    in->name = cell(&c, r, idx[C_NAME]);
    in->contact_email = cell(&c, r, idx[C_EMAIL]);
    in->kind = cell(&c, r, idx[C_KIND]);
    in->criticality = cell(&c, r, idx[C_CRIT]);
    in->reason = cell(&c, r, idx[C_REASON]);
    struct { int col; int *dst; int required; } bools[] = {
        {C_CONF, &in->q.confidential, 1}, {C_INTR, &in->q.interruption, 1}, {C_NET, &in->q.network, 1},
        {C_IMPACT, &in->q.impact, 0},     {C_NOSUB, &in->q.no_substitute, 0}, {C_STOCK, &in->q.stock, 0}};
    int bad = 0;
    for (size_t b = 0; b < sizeof bools / sizeof bools[0]; b++) {
      const char *v = cell(&c, r, idx[bools[b].col]);
      if (v == NULL && !bools[b].required) continue;
      int val = parse_bool(v);
      if (val < 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "'%.40s' is not an answer; use yes/no, true/false, 1/0 or はい/いいえ", v ? v : "");
        add_err(errs, n_errs, line, columns[bools[b].col].names[0], msg);
        bad = 1;
      } else {
        *bools[b].dst = val;
      }
    }
    hoshi_error ve;
    if (sc_validate(in, &ve) != HOSHI_OK) {
      add_err(errs, n_errs, line, ve.field, ve.message);
      continue;
    }
    if (bad) continue;
    for (size_t k = 0; k < i; k++)
      if (rows[k].corporate_number && strcmp(rows[k].corporate_number, in->corporate_number) == 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "the same 法人番号 is already on row %zu", k + 2);
        add_err(errs, n_errs, line, "corporate_number", msg);
        bad = 1;
        break;
      }
    if (!bad && corp_seen(db, buyer_org_id, in->corporate_number))
      add_err(errs, n_errs, line, "corporate_number", "this supplier is already in your list");
    else if (!bad && have_self && strcmp(self.corporate_number, in->corporate_number) == 0)
      add_err(errs, n_errs, line, "corporate_number", "an organization cannot be its own supplier");
  }
  if (*n_errs) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "%zu row errors; nothing was imported", *n_errs);
    goto done;
  }
  size_t failed = 0;
  if ((rc = sc_add_many(db, who, buyer_org_id, rows, nrows, &failed, e))) {
    add_err(errs, n_errs, failed + 2, e ? e->field : "", e ? e->message : "");
    goto done;
  }
  *added = nrows;
done:
  csv_free(&p);
  for (size_t i = 0; c.cells && i < c.cap * IMPORT_COLS_MAX; i++) free(c.cells[i]);
  free(c.cells);
  free(rows);
  return rc;
}

/* Bulk import of suppliers from CSV (libcsv) or XLSX (libarchive + libxml2): every row is checked before anything is written;
 * one bad row means nothing is imported and every bad row is reported with row and column. */
#include <archive.h>
#include <archive_entry.h>
#include <csv.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chain/chain.h"
#include "hoshi/buf.h"
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
  /* a JSON path of a field may be longer than a column name: cut, not overflow */
  snprintf(p[*n].column, sizeof p[*n].column, "%.*s", (int)sizeof p[*n].column - 1, col);
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

static void cells_free(csv_state *c) {
  for (size_t i = 0; c->cells && i < c->cap * IMPORT_COLS_MAX; i++) free(c->cells[i]);
  free(c->cells);
  c->cells = NULL;
}

/* Checks the rows of a parsed table (first row: header) and adds them all, or none. */
static hoshi_err import_cells(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, csv_state *c, size_t *added,
                              sc_import_error **errs, size_t *n_errs, hoshi_error *e) {
  hoshi_err rc = HOSHI_OK;
  sc_rel_input *rows = NULL;
  org self;
  int have_self = org_get(db, buyer_org_id, &self, NULL) == HOSHI_OK;
  if (c->too_many_rows) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "body", "more than %d rows; split the file", SC_IMPORT_ROWS_MAX);
    goto done;
  }
  if (c->too_many_cols || c->too_long) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "a row has more than %d columns or a value longer than %d bytes", IMPORT_COLS_MAX, SC_TEXT_MAX);
    goto done;
  }
  if (c->rows < 2) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "the file needs a header row and at least one supplier row");
    goto done;
  }
  int idx[C_N];
  for (int k = 0; k < C_N; k++) idx[k] = -1;
  for (int col = 0; col < IMPORT_COLS_MAX; col++) {
    const char *hname = cell(c, 0, col);
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
  size_t nrows = c->rows - 1;
  rows = calloc(nrows, sizeof *rows);
  if (rows == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nrows; i++) {
    size_t r = i + 1, line = i + 2;
    sc_rel_input *in = &rows[i];
    in->corporate_number = cell(c, r, idx[C_CORP]);
    in->name = cell(c, r, idx[C_NAME]);
    in->contact_email = cell(c, r, idx[C_EMAIL]);
    in->kind = cell(c, r, idx[C_KIND]);
    in->criticality = cell(c, r, idx[C_CRIT]);
    in->reason = cell(c, r, idx[C_REASON]);
    struct { int col; int *dst; int required; } bools[] = {
        {C_CONF, &in->q.confidential, 1}, {C_INTR, &in->q.interruption, 1}, {C_NET, &in->q.network, 1},
        {C_IMPACT, &in->q.impact, 0},     {C_NOSUB, &in->q.no_substitute, 0}, {C_STOCK, &in->q.stock, 0}};
    int bad = 0;
    for (size_t b = 0; b < sizeof bools / sizeof bools[0]; b++) {
      const char *v = cell(c, r, idx[bools[b].col]);
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
  free(rows);
  return rc;
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
  hoshi_err rc;
  if (csv_parse(&p, buf, len, on_field, on_row, &c) != len || csv_fini(&p, on_field, on_row, &c) != 0)
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "not valid CSV near row %zu: %s", c.rows + 1, csv_strerror(csv_error(&p)));
  else
    rc = import_cells(db, who, buyer_org_id, &c, added, errs, n_errs, e);
  csv_free(&p);
  cells_free(&c);
  return rc;
}

/* ---- XLSX: the first worksheet of a workbook, read with libarchive (zip) and libxml2 ---- */

#define XLSX_PART_MAX (32 * 1024 * 1024) /* uncompressed bytes of one part of the workbook */
#define XLSX_STRINGS_MAX 200000

/* One member of the zip archive into a malloc'd, NUL-terminated buffer; NULL when absent. */
static char *zip_part(const char *buf, size_t len, const char *name, size_t *out_len, hoshi_error *e, int *failed) {
  struct archive *a = archive_read_new();
  archive_read_support_format_zip(a);
  char *data = NULL;
  *failed = 0;
  if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
    hoshi_fail(e, HOSHI_EINVAL, "body", "not an XLSX workbook (zip): %s", archive_error_string(a));
    *failed = 1;
    archive_read_free(a);
    return NULL;
  }
  struct archive_entry *ent;
  while (archive_read_next_header(a, &ent) == ARCHIVE_OK) {
    if (strcmp(archive_entry_pathname(ent), name) != 0) continue;
    hoshi_buf b = HOSHI_BUF_INIT;
    char chunk[65536];
    la_ssize_t k;
    while ((k = archive_read_data(a, chunk, sizeof chunk)) > 0) {
      hoshi_buf_append(&b, chunk, (size_t)k);
      if (b.n > XLSX_PART_MAX) break;
    }
    if (k < 0 || b.n > XLSX_PART_MAX || b.oom) {
      hoshi_fail(e, b.n > XLSX_PART_MAX ? HOSHI_ELIMIT : HOSHI_EINVAL, "body", "%s in the workbook is %s", name,
                 b.n > XLSX_PART_MAX ? "too large" : "damaged");
      hoshi_buf_free(&b);
      *failed = 1;
      break;
    }
    *out_len = b.n;
    data = hoshi_buf_take(&b);
    break;
  }
  archive_read_free(a);
  return data;
}

/* Text of the node's <t> descendants (shared strings and inline strings). */
typedef struct str_list {
  char **v;
  size_t n, cap;
} str_list;

static int strings_read(const char *xml, size_t len, str_list *out) {
  xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
  if (r == NULL) return -1;
  hoshi_buf cur = HOSHI_BUF_INIT;
  int in_t = 0, ret;
  while ((ret = xmlTextReaderRead(r)) == 1) {
    int type = xmlTextReaderNodeType(r);
    const char *nm = (const char *)xmlTextReaderConstLocalName(r);
    if (type == XML_READER_TYPE_ELEMENT && strcmp(nm, "si") == 0) hoshi_buf_reset(&cur);
    else if (type == XML_READER_TYPE_ELEMENT && strcmp(nm, "t") == 0 && !xmlTextReaderIsEmptyElement(r)) in_t = 1;
    else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(nm, "t") == 0) in_t = 0;
    else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && in_t)
      hoshi_buf_puts(&cur, (const char *)xmlTextReaderConstValue(r));
    else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(nm, "si") == 0) {
      if (out->n >= XLSX_STRINGS_MAX) { ret = -1; break; }
      if (out->n == out->cap) {
        size_t ncap = out->cap ? out->cap * 2 : 256;
        char **p = realloc(out->v, ncap * sizeof *p);
        if (p == NULL) { ret = -1; break; }
        out->v = p;
        out->cap = ncap;
      }
      out->v[out->n++] = strdup(cur.p ? cur.p : "");
    }
  }
  hoshi_buf_free(&cur);
  xmlFreeTextReader(r);
  return ret == 0 ? 0 : -1;
}

/* "BC12" → column 54 (0-based); -1 when not a cell reference. */
static int col_of(const char *ref) {
  int col = 0, any = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
    col = col * 26 + (*ref - 'A' + 1);
    any = 1;
    if (col > 16384) return -1;
  }
  return any ? col - 1 : -1;
}

static void put_cell(csv_state *c, size_t row, int col, const char *text) {
  if (row >= SC_IMPORT_ROWS_MAX + 1) { c->too_many_rows = 1; return; }
  if (col < 0 || col >= IMPORT_COLS_MAX) { c->too_many_cols = 1; return; }
  while (row >= c->cap) {
    size_t ncap = c->cap ? c->cap * 2 : 64;
    char **p = realloc(c->cells, ncap * IMPORT_COLS_MAX * sizeof *p);
    if (p == NULL) { c->too_many_rows = 1; return; }
    memset(p + c->cap * IMPORT_COLS_MAX, 0, (ncap - c->cap) * IMPORT_COLS_MAX * sizeof *p);
    c->cells = p;
    c->cap = ncap;
  }
  if (strlen(text) > SC_TEXT_MAX) { c->too_long = 1; return; }
  char **slot = &c->cells[row * IMPORT_COLS_MAX + (size_t)col];
  free(*slot);
  *slot = text[0] ? strdup(text) : NULL;
  if (row + 1 > c->rows) c->rows = row + 1;
}

static int sheet_read(const char *xml, size_t len, const str_list *shared, csv_state *c) {
  xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
  if (r == NULL) return -1;
  hoshi_buf val = HOSHI_BUF_INIT;
  size_t row = 0, next_row = 0;
  int col = -1, next_col = 0, in_v = 0, in_t = 0, ret;
  char type[16] = "";
  while ((ret = xmlTextReaderRead(r)) == 1) {
    int nt = xmlTextReaderNodeType(r);
    const char *nm = (const char *)xmlTextReaderConstLocalName(r);
    if (nt == XML_READER_TYPE_ELEMENT && strcmp(nm, "row") == 0) {
      xmlChar *rr = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
      row = rr ? (size_t)strtoul((const char *)rr, NULL, 10) - 1 : next_row;
      xmlFree(rr);
      next_row = row + 1;
      next_col = 0;
    } else if (nt == XML_READER_TYPE_ELEMENT && strcmp(nm, "c") == 0) {
      xmlChar *ref = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
      xmlChar *t = xmlTextReaderGetAttribute(r, (const xmlChar *)"t");
      col = ref ? col_of((const char *)ref) : next_col;
      next_col = col + 1;
      snprintf(type, sizeof type, "%s", t ? (const char *)t : "");
      xmlFree(ref);
      xmlFree(t);
      hoshi_buf_reset(&val);
    } else if (nt == XML_READER_TYPE_ELEMENT && (strcmp(nm, "v") == 0 || strcmp(nm, "t") == 0)) {
      if (!xmlTextReaderIsEmptyElement(r)) (strcmp(nm, "v") == 0 ? (in_v = 1) : (in_t = 1));
    } else if (nt == XML_READER_TYPE_END_ELEMENT && (strcmp(nm, "v") == 0 || strcmp(nm, "t") == 0)) {
      in_v = in_t = 0;
    } else if ((nt == XML_READER_TYPE_TEXT || nt == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && (in_v || in_t)) {
      hoshi_buf_puts(&val, (const char *)xmlTextReaderConstValue(r));
    } else if (nt == XML_READER_TYPE_END_ELEMENT && strcmp(nm, "c") == 0) {
      const char *text = val.p ? val.p : "";
      if (strcmp(type, "s") == 0) {
        char *end = NULL;
        unsigned long k = strtoul(text, &end, 10);
        text = (end != text && k < shared->n) ? shared->v[k] : "";
      } else if (strcmp(type, "b") == 0) {
        text = strcmp(text, "1") == 0 ? "true" : "false";
      }
      put_cell(c, row, col, text);
    }
  }
  hoshi_buf_free(&val);
  xmlFreeTextReader(r);
  return ret == 0 ? 0 : -1;
}

hoshi_err sc_import_xlsx(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const char *buf, size_t len,
                         size_t *added, sc_import_error **errs, size_t *n_errs, hoshi_error *e) {
  *added = 0;
  *errs = NULL;
  *n_errs = 0;
  if (len > SC_IMPORT_BYTES_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "body", "the file is %zu bytes; at most %d allowed", len, SC_IMPORT_BYTES_MAX);
  size_t slen = 0, wlen = 0;
  int failed = 0;
  char *strings = zip_part(buf, len, "xl/sharedStrings.xml", &slen, e, &failed);
  if (failed) return e ? e->code : HOSHI_EINVAL;
  char *sheet = zip_part(buf, len, "xl/worksheets/sheet1.xml", &wlen, e, &failed);
  if (sheet == NULL) {
    free(strings);
    return failed ? (e ? e->code : HOSHI_EINVAL)
                  : hoshi_fail(e, HOSHI_EINVAL, "body", "the workbook has no first worksheet (xl/worksheets/sheet1.xml)");
  }
  str_list shared = {0};
  csv_state c = {0};
  hoshi_err rc;
  if (strings && strings_read(strings, slen, &shared) != 0)
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "the workbook's shared strings cannot be read");
  else if (sheet_read(sheet, wlen, &shared, &c) != 0)
    rc = hoshi_fail(e, HOSHI_EINVAL, "body", "the first worksheet cannot be read");
  else
    rc = import_cells(db, who, buyer_org_id, &c, added, errs, n_errs, e);
  for (size_t i = 0; i < shared.n; i++) free(shared.v[i]);
  free(shared.v);
  cells_free(&c);
  free(strings);
  free(sheet);
  return rc;
}

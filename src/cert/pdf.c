/* The PDF certificate: one A4 page in Japanese with English, drawn with cairo and pango in the
 * Noto CJK fonts, with a QR code (libqrencode) that opens the public verification page. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "cert/cert.h"

#define A4_W 595.28 /* points */
#define A4_H 841.89
#define MARGIN 48.0
#define SANS "Noto Sans CJK JP"
#define SERIF "Noto Serif CJK JP"
#define QR_QUIET 4  /* modules of white around the code, as the standard asks */
#define QR_SIZE 132 /* points, about 47 mm */

/* One font map for the process, used under a lock: pango's default map is per thread, and the
 * server's threads would each build (and on exit leak) their own font caches. PDFs are rare. */
static pthread_mutex_t font_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *font_map;

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length) {
  hoshi_buf *b = closure;
  hoshi_buf_append(b, data, length);
  return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draws text (never markup: organization names are user data) and returns its height. */
static double text(cairo_t *cr, double x, double y, double width, const char *family, int weight, double size,
                   PangoAlignment align, const char *s) {
  PangoContext *ctx = pango_font_map_create_context(font_map);
  pango_cairo_update_context(cr, ctx);
  PangoLayout *layout = pango_layout_new(ctx);
  g_object_unref(ctx);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, family);
  pango_font_description_set_weight(fd, (PangoWeight)weight);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_layout_set_font_description(layout, fd);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, s, -1);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  pango_font_description_free(fd);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

/* One row of the facts table: the label in Japanese over English, then the value. */
static double row(cairo_t *cr, double y, const char *ja, const char *en, const char *value) {
  const double lx = MARGIN + 24, vx = MARGIN + 170, vw = A4_W - vx - MARGIN - 24;
  text(cr, lx, y, 140, SANS, PANGO_WEIGHT_BOLD, 10, PANGO_ALIGN_LEFT, ja);
  text(cr, lx, y + 13, 140, SANS, PANGO_WEIGHT_NORMAL, 7.5, PANGO_ALIGN_LEFT, en);
  double h = text(cr, vx, y + 1, vw, SANS, PANGO_WEIGHT_NORMAL, 10.5, PANGO_ALIGN_LEFT, value);
  if (h < 24) h = 24;
  cairo_set_source_rgb(cr, 0.82, 0.84, 0.88);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, lx, y + h + 6);
  cairo_line_to(cr, A4_W - MARGIN - 24, y + h + 6);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.1, 0.12, 0.16);
  return y + h + 12;
}

static hoshi_err qr(cairo_t *cr, double x, double y, double size, const char *url, hoshi_error *e) {
  /* The URL is at most CERT_VERIFY_URL_MAX bytes; a version-40 code at level M holds 2,331. */
  QRcode *code = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
  if (code == NULL) return hoshi_fail(e, HOSHI_EINTERNAL, "verify_url", "the QR code could not be made");
  int n = code->width + 2 * QR_QUIET;
  double m = size / n;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < code->width; r++)
    for (int c = 0; c < code->width; c++)
      if (code->data[r * code->width + c] & 1) cairo_rectangle(cr, x + (c + QR_QUIET) * m, y + (r + QR_QUIET) * m, m, m);
  cairo_fill(cr);
  QRcode_free(code);
  return HOSHI_OK;
}

static const char *scope_ja(const char *kind) {
  if (strcmp(kind, "group") == 0) return "グループ全体 / group";
  if (strcmp(kind, "division") == 0) return "事業部門 / division";
  return "会社全体 / company";
}

hoshi_err cert_pdf(const cert_facts *f, const char *jws, hoshi_buf *out, hoshi_error *e) {
  hoshi_buf pdf = {0};
  pthread_mutex_lock(&font_lock);
  if (font_map == NULL) font_map = pango_cairo_font_map_new();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_buf, &pdf, A4_W, A4_H);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "SCS評価制度 評価証明書 / SCS rating certificate");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "hoshi");
  cairo_t *cr = cairo_create(surface);
  hoshi_err rc = HOSHI_OK;

  /* Frame: a double rule in deep indigo. */
  cairo_set_source_rgb(cr, 0.12, 0.2, 0.42);
  cairo_set_line_width(cr, 3);
  cairo_rectangle(cr, MARGIN - 16, MARGIN - 16, A4_W - 2 * (MARGIN - 16), A4_H - 2 * (MARGIN - 16));
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, MARGIN - 10, MARGIN - 10, A4_W - 2 * (MARGIN - 10), A4_H - 2 * (MARGIN - 10));
  cairo_stroke(cr);

  const double w = A4_W - 2 * MARGIN;
  double y = MARGIN + 14;
  cairo_set_source_rgb(cr, 0.12, 0.2, 0.42);
  y += text(cr, MARGIN, y, w, SERIF, PANGO_WEIGHT_BOLD, 24, PANGO_ALIGN_CENTER, "サプライチェーン・セキュリティ評価 証明書");
  y += text(cr, MARGIN, y + 2, w, SERIF, PANGO_WEIGHT_NORMAL, 12, PANGO_ALIGN_CENTER,
            "Supply-Chain Security Rating Certificate (SCS評価制度)") + 14;

  char stars[64];
  int level = f->level[0] >= '1' && f->level[0] <= '5' && f->level[1] == '\0' ? f->level[0] - '0' : 0;
  size_t p = 0;
  for (int i = 0; i < level; i++) p += (size_t)snprintf(stars + p, sizeof stars - p, "★");
  snprintf(stars + p, sizeof stars - p, "%s", level ? "" : f->level);
  cairo_set_source_rgb(cr, 0.85, 0.6, 0.05);
  y += text(cr, MARGIN, y, w, SANS, PANGO_WEIGHT_BOLD, 40, PANGO_ALIGN_CENTER, stars);
  cairo_set_source_rgb(cr, 0.12, 0.2, 0.42);
  char line[256], level_line[128];
  snprintf(level_line, sizeof level_line, "レベル ★%s 適合 / Level ★%s conformant", f->level, f->level);
  y += text(cr, MARGIN, y, w, SANS, PANGO_WEIGHT_BOLD, 13, PANGO_ALIGN_CENTER, level_line) + 18;

  cairo_set_source_rgb(cr, 0.1, 0.12, 0.16);
  y += text(cr, MARGIN, y, w, SERIF, PANGO_WEIGHT_BOLD, 22, PANGO_ALIGN_CENTER, f->org_name_ja);
  if (f->org_name_en[0]) y += text(cr, MARGIN, y + 2, w, SERIF, PANGO_WEIGHT_NORMAL, 13, PANGO_ALIGN_CENTER, f->org_name_en);
  snprintf(line, sizeof line, "法人番号 / Corporate Number: %s", f->corporate_number);
  y += text(cr, MARGIN, y + 6, w, SANS, PANGO_WEIGHT_NORMAL, 10, PANGO_ALIGN_CENTER, line) + 24;

  y += text(cr, MARGIN + 24, y, w - 48, SANS, PANGO_WEIGHT_NORMAL, 9.5, PANGO_ALIGN_LEFT,
            "上記の組織は、サプライチェーン強化に向けたセキュリティ対策評価制度の次の要求事項をすべて満たすことが"
            "確認されたことを証明します。\nThe organization above was found to meet every requirement of the level below "
            "of the supply-chain security evaluation scheme.") + 14;

  char scope[SCS_SCOPE_MAX + 64], cat[2 * CATALOG_ID_MAX + 4];
  snprintf(scope, sizeof scope, "%s\n%s", scope_ja(f->scope_kind), f->scope_description);
  snprintf(cat, sizeof cat, "%s (%s)", f->catalog, f->catalog_version);
  y = row(cr, y, "評価レベル", "Level", level_line);
  y = row(cr, y, "対象範囲", "Scope", scope);
  snprintf(line, sizeof line, "%.10s", f->issued);
  y = row(cr, y, "発行日", "Issued", line);
  snprintf(line, sizeof line, "%.10s %.5s UTC", f->expires, f->expires + (strlen(f->expires) > 11 ? 11 : strlen(f->expires)));
  y = row(cr, y, "有効期限", "Valid until", line);
  y = row(cr, y, "要求事項カタログ", "Catalog", cat);
  if (f->assessed_by[0]) y = row(cr, y, "確認・評価", "Assessed by", f->assessed_by);
  y = row(cr, y, "評価ID", "Rating ID", f->rating_id);
  (void)y;

  /* Bottom: how to check, next to the QR code. */
  const double qy = A4_H - MARGIN - QR_SIZE - 10, qx = A4_W - MARGIN - QR_SIZE - 8;
  if ((rc = qr(cr, qx, qy, QR_SIZE, f->verify_url, e))) goto done;
  char fp[65];
  util_sha256_hex(jws, strlen(jws), fp);
  char how[2048];
  snprintf(how, sizeof how,
           "この証明書の現在の状態（有効・失効・一時停止・取消）は、QRコードの検証ページで確認できます。\n"
           "Scan the QR code to see whether this rating is valid, expired, suspended or revoked right now.\n\n"
           "%s\n\n"
           "署名付き証明書 (JWS, Ed25519) / signed certificate: 鍵 key %s\n"
           "SHA-256 %s\n"
           "発行者 / issuer: %s",
           f->verify_url, f->kid, fp, f->issuer);
  cairo_set_source_rgb(cr, 0.25, 0.28, 0.34);
  text(cr, MARGIN + 8, qy, qx - MARGIN - 24, SANS, PANGO_WEIGHT_NORMAL, 7.5, PANGO_ALIGN_LEFT, how);

done:
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  pthread_mutex_unlock(&font_lock);
  if (rc == HOSHI_OK && (st != CAIRO_STATUS_SUCCESS || pdf.oom))
    rc = hoshi_fail(e, HOSHI_EINTERNAL, "", "drawing the PDF failed: %s", cairo_status_to_string(st));
  if (rc == HOSHI_OK) hoshi_buf_append(out, pdf.p, pdf.n);
  hoshi_buf_free(&pdf);
  return rc;
}

/* The JC-STAR label image: a card with the star level, the registration number and a QR
 * code of the public product page, drawn with cairo (SVG or PNG) from a QR matrix made by
 * libqrencode. Only our own strings are drawn (level digit, registration number). */
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "hoshi/buf.h"
#include "jcstar/jcstar.h"

#define IMG_W 360.0
#define IMG_H 200.0
#define QR_QUIET 4       /* modules of white border the QR standard asks for */
#define QR_BOX 150.0     /* side of the QR area in points */
#define PNG_SCALE 3.0    /* PNG pixels per point: sharp enough to print and to scan */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length) {
  hoshi_buf *b = closure;
  hoshi_buf_append(b, data, length);
  return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static void draw(cairo_t *cr, const char *level, const char *reg, const QRcode *qr) {
  /* card */
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.05, 0.19, 0.45);
  cairo_set_line_width(cr, 4);
  cairo_rectangle(cr, 2, 2, IMG_W - 4, IMG_H - 4);
  cairo_stroke(cr);
  /* scheme name and stars */
  cairo_select_font_face(cr, "Noto Sans CJK JP", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 26);
  cairo_move_to(cr, 18, 44);
  cairo_show_text(cr, "JC-STAR");
  int n = atoi(level);
  if (n < 1) n = 1;
  if (n > 4) n = 4;
  char stars[32] = "";
  for (int i = 0; i < n; i++) strcat(stars, "\xE2\x98\x85"); /* ★ */
  cairo_set_source_rgb(cr, 0.85, 0.6, 0.05);
  cairo_set_font_size(cr, 40);
  cairo_move_to(cr, 18, 100);
  cairo_show_text(cr, stars);
  cairo_set_source_rgb(cr, 0.05, 0.19, 0.45);
  cairo_set_font_size(cr, 14);
  cairo_move_to(cr, 18, 130);
  char lv[32];
  snprintf(lv, sizeof lv, "\xE2\x98\x85%d", n);
  cairo_show_text(cr, lv);
  cairo_set_font_size(cr, 13);
  cairo_move_to(cr, 18, 160);
  cairo_show_text(cr, "登録番号 / Reg. No.");
  cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 15);
  cairo_move_to(cr, 18, 180);
  cairo_show_text(cr, reg);
  /* QR code, quiet zone included, on the right */
  double side = QR_BOX, x0 = IMG_W - side - 12, y0 = (IMG_H - side) / 2;
  int mods = qr->width + 2 * QR_QUIET;
  double m = side / mods;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1) cairo_rectangle(cr, x0 + (x + QR_QUIET) * m, y0 + (y + QR_QUIET) * m, m, m);
  cairo_fill(cr);
}

hoshi_err jcs_label_image(const char *level, const char *reg, const char *url, const char *format, unsigned char **out,
                          size_t *len, hoshi_error *e) {
  *out = NULL;
  *len = 0;
  int svg = strcmp(format, "svg") == 0;
  if (!svg && strcmp(format, "png") != 0) return hoshi_fail(e, HOSHI_EINVAL, "format", "format must be svg or png");
  QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL) return hoshi_fail(e, HOSHI_EINTERNAL, "", "cannot encode the QR code");
  hoshi_buf b = HOSHI_BUF_INIT;
  cairo_surface_t *s;
  if (svg) {
    s = cairo_svg_surface_create_for_stream(to_buf, &b, IMG_W, IMG_H);
  } else {
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(IMG_W * PNG_SCALE), (int)(IMG_H * PNG_SCALE));
  }
  cairo_t *cr = cairo_create(s);
  if (!svg) cairo_scale(cr, PNG_SCALE, PNG_SCALE);
  /* Crisp QR modules: no anti-aliasing seams between neighbouring squares. */
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  draw(cr, level, reg, qr);
  cairo_status_t cst = cairo_status(cr);
  cairo_destroy(cr);
  if (svg) {
    cairo_surface_finish(s);
  } else if (cst == CAIRO_STATUS_SUCCESS) {
    cst = cairo_surface_write_to_png_stream(s, to_buf, &b);
  }
  if (cst == CAIRO_STATUS_SUCCESS) cst = cairo_surface_status(s);
  cairo_surface_destroy(s);
  QRcode_free(qr);
  if (cst != CAIRO_STATUS_SUCCESS || b.oom) {
    hoshi_buf_free(&b);
    return hoshi_fail(e, HOSHI_EINTERNAL, "", "cannot draw the label: %s", cairo_status_to_string(cst));
  }
  *len = b.n;
  *out = (unsigned char *)hoshi_buf_take(&b);
  return HOSHI_OK;
}

void jcs_image_cleanup(void) {
  cairo_debug_reset_static_data();
  FcFini();
}

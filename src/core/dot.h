/* Graphviz helpers shared by the SVG graphs (the supply chain, the impact of an advisory):
 * user text into DOT strings, and a DOT document laid out by dot into SVG. */
#ifndef HOSHI_CORE_DOT_H
#define HOSHI_CORE_DOT_H

#include <stddef.h>

#include "hoshi/buf.h"
#include "hoshi/err.h"

/* Text inside a DOT quoted string: quotes and backslashes escaped, control characters dropped.
 * Graphviz escapes the result again for SVG, so this is the only escaping user text needs. */
void dot_text(hoshi_buf *b, const char *s);
/* The same with the surrounding quotes. */
void dot_string(hoshi_buf *b, const char *s);

/* Lays dot_src out with the dot engine and renders SVG; *svg malloc'd (NUL-terminated). */
hoshi_err dot_render_svg(const char *dot_src, char **svg, size_t *len, hoshi_error *e);

#endif

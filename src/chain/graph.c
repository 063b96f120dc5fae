/* The supply-chain graph as SVG: nodes coloured by status, each linking to its supplier,
 * laid out by Graphviz (libgvc, dot). Names are user data: escaped for DOT here, and
 * Graphviz escapes them again for SVG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/chain.h"
#include "core/dot.h"
#include "hoshi/buf.h"

static const char *status_colour(const char *status, int tier) {
  if (tier == 0) return "#1f3a68";
  if (strcmp(status, "met") == 0) return "#c9ebd3";
  if (strcmp(status, "expiring") == 0) return "#fff1c2";
  if (strcmp(status, "pending") == 0) return "#e3ecf9";
  if (strcmp(status, "overdue") == 0 || strcmp(status, "expired") == 0) return "#f8d3cf";
  if (strcmp(status, "not_met") == 0) return "#f8d3cf";
  return "#eeeeee"; /* nothing shared with this buyer */
}

hoshi_err sc_chain_svg(sqlite3 *db, const char *buyer_org_id, int depth, time_t now, char **svg, size_t *len, hoshi_error *e) {
  sc_node *nodes = NULL;
  sc_edge *edges = NULL;
  size_t nn = 0, ne = 0;
  *svg = NULL;
  hoshi_err rc = sc_chain(db, buyer_org_id, depth, now, &nodes, &nn, &edges, &ne, e);
  if (rc) return rc;
  hoshi_buf b = HOSHI_BUF_INIT;
  hoshi_buf_puts(&b, "digraph chain {\n rankdir=LR; bgcolor=\"transparent\";\n"
                     " node [shape=box, style=\"rounded,filled\", fontname=\"Noto Sans CJK JP\", fontsize=11];\n"
                     " edge [color=\"#8a94a6\", fontsize=9, fontname=\"Noto Sans CJK JP\"];\n");
  for (size_t i = 0; i < nn; i++) {
    hoshi_buf_printf(&b, " n%zu [label=\"", i);
    dot_text(&b, nodes[i].name);
    hoshi_buf_puts(&b, "\\n"); /* DOT's own line break inside a label */
    dot_text(&b, nodes[i].corpnum);
    hoshi_buf_putc(&b, '"');
    hoshi_buf_printf(&b, ", fillcolor=\"%s\", fontcolor=\"%s\"", status_colour(nodes[i].status, nodes[i].tier),
                     nodes[i].tier == 0 ? "white" : "#1d2433");
    if (nodes[i].tier > 0) {
      hoshi_buf_puts(&b, ", tooltip=");
      dot_string(&b, nodes[i].status[0] ? nodes[i].status : "not shared");
      hoshi_buf_printf(&b, ", URL=\"#/supplier/%s\", target=\"_top\"", nodes[i].corpnum);
    }
    hoshi_buf_puts(&b, "];\n");
  }
  for (size_t i = 0; i < ne; i++)
    hoshi_buf_printf(&b, " n%zu -> n%zu [label=\"★%s\"];\n", edges[i].from, edges[i].to, edges[i].required_level);
  hoshi_buf_puts(&b, "}\n");
  free(nodes);
  free(edges);
  if (b.oom) {
    hoshi_buf_free(&b);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  rc = dot_render_svg(b.p, svg, len, e);
  hoshi_buf_free(&b);
  return rc;
}

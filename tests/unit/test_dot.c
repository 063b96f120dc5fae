/* The Graphviz helpers: user text cannot leave a DOT string, and layouts in a row (and from
 * several threads) work — one freed context used to leave the text plugin a dangling font name. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/dot.h"
#include "testutil.h"

static void test_text(void **state) {
  (void)state;
  hoshi_buf b = HOSHI_BUF_INIT;
  dot_string(&b, "a\"b\\c\nd<e>");
  assert_string_equal(b.p, "\"a\\\"b\\\\cd<e>\"");
  hoshi_buf_free(&b);
}

static const char *const graph_src =
    "digraph g { node [fontname=\"Noto Sans CJK JP\"]; a [label=\"<script>&\\\"x\\\"\"]; a -> b; }";

static void render_one(void) {
  char *svg = NULL;
  size_t len = 0;
  hoshi_error e;
  assert_int_equal(dot_render_svg(graph_src, &svg, &len, &e), HOSHI_OK);
  assert_true(len > 0 && strlen(svg) == len);
  assert_null(strstr(svg, "<script>"));
  assert_non_null(strstr(svg, "&lt;script&gt;&amp;"));
  free(svg);
}

static void test_renders_in_a_row(void **state) {
  (void)state;
  for (int i = 0; i < 3; i++) render_one();
  char *svg = NULL;
  size_t len = 0;
  hoshi_error e;
  assert_int_equal(dot_render_svg("digraph {", &svg, &len, &e), HOSHI_EINTERNAL);
  assert_null(svg);
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) render_one();
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  pthread_t t[3];
  for (int i = 0; i < 3; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text),
      cmocka_unit_test(test_renders_in_a_row),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

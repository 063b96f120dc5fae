/* /api/v1/vuln/feeds: the configured vulnerability feeds and how their last fetch went, for
 * the operators and auditors who watch the store's freshness. URLs are shown redacted. */
#include <stdlib.h>

#include "feeds/feeds.h"
#include "http/http.h"

void h_vuln_feeds_list(http_req *r) {
  if (!authz_sees_all(&r->who)) {
    http_forbidden(r, "see the vulnerability feeds (admin or auditor)");
    return;
  }
  feeds_info *f = NULL;
  size_t n = 0;
  hoshi_error e;
  if (feeds_list(r->db, &f, &n, &e) != HOSHI_OK) {
    http_send_hoshi(r, &e);
    return;
  }
  yyjson_mut_val *root;
  yyjson_mut_doc *d = http_json_obj(&root);
  yyjson_mut_val *items = yyjson_mut_obj_add_arr(d, root, "items");
  for (size_t i = 0; i < n; i++) {
    char shown[FEEDS_URL_MAX + 8];
    feeds_url_redact(f[i].url, shown, sizeof shown);
    yyjson_mut_val *o = yyjson_mut_obj(d);
    yyjson_mut_arr_append(items, o);
    yyjson_mut_obj_add_strcpy(d, o, "url", shown);
    yyjson_mut_obj_add_strcpy(d, o, "added_at", f[i].added_at);
    const char *const opt[][2] = {{"last_fetch_at", f[i].last_fetch_at},
                                  {"last_status", f[i].last_status},
                                  {"last_success_at", f[i].last_success_at},
                                  {"last_error", f[i].last_error}};
    for (size_t k = 0; k < sizeof opt / sizeof opt[0]; k++) {
      if (opt[k][1][0]) yyjson_mut_obj_add_strcpy(d, o, opt[k][0], opt[k][1]);
      else yyjson_mut_obj_add_null(d, o, opt[k][0]);
    }
  }
  free(f);
  http_send_json(r, 200, d);
}

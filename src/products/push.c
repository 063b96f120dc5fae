/* Client side of SBOM upload: sends a file to a hoshi server's SBOM route with libcurl, for
 * `hoshi sbom push` and CI pipelines. The server does the parsing, storing and matching. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "products/products.h"

static size_t on_body(char *p, size_t size, size_t n, void *ctx) {
  hoshi_buf *b = ctx;
  size_t len = size * n;
  /* The server's answer is small JSON; a larger one is not hoshi talking. */
  if (b->n + len > PRODUCTS_PUSH_RESPONSE_MAX) return 0;
  hoshi_buf_append(b, p, len);
  return len;
}

hoshi_err products_push(const char *server, const char *token, const char *product, const char *version,
                        const char *buf, size_t len, long *status, hoshi_buf *resp, hoshi_error *e) {
  *status = 0;
  if (server == NULL || (strncmp(server, "http://", 7) && strncmp(server, "https://", 8)))
    return hoshi_fail(e, HOSHI_EINVAL, "server", "server must be an http:// or https:// URL");
  if (strlen(server) > PRODUCTS_PUSH_URL_MAX) return hoshi_fail(e, HOSHI_EINVAL, "server", "server URL is too long");
  if (token == NULL || !*token) return hoshi_fail(e, HOSHI_EINVAL, "token", "an API token is required");
  if (product == NULL || !*product) return hoshi_fail(e, HOSHI_EINVAL, "product", "a product id is required");
  if (version == NULL || !*version) return hoshi_fail(e, HOSHI_EINVAL, "version", "a version is required");
  if (len > PRODUCTS_SBOM_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "file", "SBOM is %zu bytes; the server takes at most %zu", len, PRODUCTS_SBOM_MAX);
  CURL *c = curl_easy_init();
  if (c == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "cannot start libcurl");
  hoshi_err rc = HOSHI_OK;
  struct curl_slist *h = NULL;
  char *p = curl_easy_escape(c, product, 0), *v = curl_easy_escape(c, version, 0);
  char url[PRODUCTS_PUSH_URL_MAX + 2 * PRODUCTS_VERSION_MAX * 3 + 256];
  char auth[600];
  if (p == NULL || v == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  size_t sl = strlen(server);
  while (sl && server[sl - 1] == '/') sl--;
  if ((size_t)snprintf(url, sizeof url, "%.*s/api/v1/products/%s/versions/%s/sbom", (int)sl, server, p, v) >= sizeof url ||
      (size_t)snprintf(auth, sizeof auth, "Authorization: Bearer %s", token) >= sizeof auth) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "product", "product, version or token is too long");
    goto done;
  }
  h = curl_slist_append(h, auth);
  h = curl_slist_append(h, "Content-Type: application/json");
  if (h == NULL) {
    rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
    goto done;
  }
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)PRODUCTS_PUSH_TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode cc = curl_easy_perform(c);
  if (cc != CURLE_OK) {
    rc = hoshi_fail(e, HOSHI_EIO, "server", "cannot reach %.200s: %s", url, curl_easy_strerror(cc));
    goto done;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
done:
  curl_free(p);
  curl_free(v);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return rc;
}

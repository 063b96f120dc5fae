/* Time, ids, hex, hashing helpers (see util.h). */
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int util_init(void) { return sodium_init() < 0 ? -1 : 0; }

void util_time_iso(time_t t, char out[UTIL_TIME_LEN]) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, UTIL_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void util_now_iso(char out[UTIL_TIME_LEN]) { util_time_iso(time(NULL), out); }

int util_time_parse(const char *s, time_t *t) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == NULL || *end != '\0') return -1;
  *t = timegm(&tm);
  return 0;
}

void util_new_id(const char *prefix, char out[UTIL_ID_LEN]) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char rnd[20];
  randombytes_buf(rnd, sizeof rnd);
  size_t p = (size_t)snprintf(out, UTIL_ID_LEN, "%.8s_", prefix);
  for (size_t i = 0; i < sizeof rnd && p + 1 < UTIL_ID_LEN; i++) out[p++] = alphabet[rnd[i] & 31u];
  out[p] = '\0';
}

void util_hex(const unsigned char *in, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15u];
  }
  out[2 * n] = '\0';
}

void util_random_hex(char *out, size_t nbytes) {
  unsigned char buf[64];
  if (nbytes > sizeof buf) nbytes = sizeof buf;
  randombytes_buf(buf, nbytes);
  util_hex(buf, nbytes, out);
  sodium_memzero(buf, sizeof buf);
}

void util_sha256_hex(const void *data, size_t n, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, n);
  util_hex(h, sizeof h, out);
}

int util_ct_streq(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  if (na != nb) return 0;
  return sodium_memcmp(a, b, na) == 0;
}

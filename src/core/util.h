/* Small helpers every subsystem uses: UTC time as ISO-8601 text, random ids and secrets,
 * hex and SHA-256, constant-time compare. Random bytes come from libsodium. */
#ifndef HOSHI_CORE_UTIL_H
#define HOSHI_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "2026-11-26T06:07:12Z" (20 chars + NUL). */
#define UTIL_TIME_LEN 21
void util_time_iso(time_t t, char out[UTIL_TIME_LEN]);
void util_now_iso(char out[UTIL_TIME_LEN]);
/* Parses the format above; returns 0 and sets *t, or -1. */
int util_time_parse(const char *s, time_t *t);

/* Object ids: prefix + "_" + 20 lowercase base32 chars (100 random bits). */
#define UTIL_ID_LEN 32
void util_new_id(const char *prefix, char out[UTIL_ID_LEN]);

/* n random bytes as 2n hex chars; out must hold 2n+1. */
void util_random_hex(char *out, size_t nbytes);
void util_hex(const unsigned char *in, size_t n, char *out);
/* SHA-256 of data as 64 hex chars + NUL. */
void util_sha256_hex(const void *data, size_t n, char out[65]);
/* Constant-time equality of two NUL-terminated strings of equal length. */
int util_ct_streq(const char *a, const char *b);

/* Must be called once before any other hoshi function (initializes libsodium). */
int util_init(void);

#endif

/* Ed25519 signing keys in a folder: create on first need, rotate, list. Seeds live in files
 * readable only by the server's user and never enter the database or the logs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cert/cert.h"

#define KEY_LINE_MAX 256
#define KEY_PATH_MAX 4200

static void b64url(const unsigned char *in, size_t n, char *out, size_t cap) {
  sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int unb64url(const char *in, unsigned char *out, size_t want) {
  size_t got = 0;
  const char *end = NULL;
  if (sodium_base642bin(out, want, in, strlen(in), NULL, &got, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return -1;
  return (got == want && end && *end == '\0') ? 0 : -1;
}

void cert_kid(const unsigned char pk[32], char kid[CERT_KID_LEN + 1]) {
  char x[64], jwk[128], thumb[64];
  unsigned char h[crypto_hash_sha256_BYTES];
  b64url(pk, 32, x, sizeof x);
  /* RFC 7638: the required members in lexicographic order, no whitespace. */
  int n = snprintf(jwk, sizeof jwk, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
  crypto_hash_sha256(h, (const unsigned char *)jwk, (unsigned long long)n);
  b64url(h, sizeof h, thumb, sizeof thumb);
  memcpy(kid, thumb, CERT_KID_LEN);
  kid[CERT_KID_LEN] = '\0';
}

static int kid_ok(const char *s) {
  if (strlen(s) != CERT_KID_LEN) return 0;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      return 0;
  return 1;
}

/* Reads the first line of a small file into out (without the newline). */
static int read_line(const char *path, char *out, size_t n) {
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  int ok = fgets(out, (int)n, f) != NULL;
  fclose(f);
  if (!ok) return -1;
  out[strcspn(out, "\r\n")] = '\0';
  return 0;
}

/* Writes text to path atomically (temporary file, fsync, rename) with the given mode. */
static hoshi_err write_file(const char *path, const char *text, mode_t mode, hoshi_error *e) {
  char tmp[KEY_PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return hoshi_fail(e, HOSHI_EIO, "keys", "cannot write %s: %s", tmp, strerror(errno));
  size_t len = strlen(text);
  int ok = fchmod(fd, mode) == 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
  ok = (close(fd) == 0) && ok;
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return hoshi_fail(e, HOSHI_EIO, "keys", "cannot write %s: %s", path, strerror(errno));
  }
  return HOSHI_OK;
}

static hoshi_err ensure_dir(const char *dir, hoshi_error *e) {
  if (mkdir(dir, 0700) != 0 && errno != EEXIST)
    return hoshi_fail(e, HOSHI_EIO, "keys", "cannot create key folder %s: %s", dir, strerror(errno));
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return hoshi_fail(e, HOSHI_EIO, "keys", "%s is not a folder", dir);
  return HOSHI_OK;
}

/* An exclusive lock on dir/.lock, so that two processes never create or rotate at once. */
static int lock_dir(const char *dir, hoshi_error *e) {
  char path[KEY_PATH_MAX];
  snprintf(path, sizeof path, "%s/.lock", dir);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock(fd, LOCK_EX) != 0) {
    hoshi_fail(e, HOSHI_EIO, "keys", "cannot lock %s: %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

static void unlock_dir(int fd) {
  flock(fd, LOCK_UN);
  close(fd);
}

static hoshi_err read_pub(const char *dir, const char *kid, cert_key *k, hoshi_error *e) {
  char path[KEY_PATH_MAX], line[KEY_LINE_MAX], x[KEY_LINE_MAX], created[KEY_LINE_MAX];
  snprintf(path, sizeof path, "%s/%s.pub", dir, kid);
  if (read_line(path, line, sizeof line) != 0) return hoshi_fail(e, HOSHI_EIO, "keys", "cannot read %s", path);
  memset(k, 0, sizeof *k);
  if (sscanf(line, "ed25519 %255s %255s", x, created) != 2 || unb64url(x, k->pk, 32) != 0)
    return hoshi_fail(e, HOSHI_EINVAL, "keys", "%s: expected 'ed25519 <x base64url> <created>'", path);
  cert_kid(k->pk, k->kid);
  if (strcmp(k->kid, kid) != 0)
    return hoshi_fail(e, HOSHI_EINVAL, "keys", "%s: the key's thumbprint is %s, not the file name", path, k->kid);
  snprintf(k->created, sizeof k->created, "%.20s", created);
  return HOSHI_OK;
}

static int by_created_desc(const void *a, const void *b) {
  const cert_key *x = a, *y = b;
  int c = strcmp(y->created, x->created);
  return c ? c : strcmp(x->kid, y->kid);
}

hoshi_err cert_keys_load(const char *dir, cert_keyset *out, hoshi_error *e) {
  out->n = 0;
  DIR *d = opendir(dir);
  if (d == NULL) {
    if (errno == ENOENT) return HOSHI_OK;
    return hoshi_fail(e, HOSHI_EIO, "keys", "cannot read key folder %s: %s", dir, strerror(errno));
  }
  char current[KEY_LINE_MAX] = "", path[KEY_PATH_MAX];
  snprintf(path, sizeof path, "%s/current", dir);
  read_line(path, current, sizeof current);
  hoshi_err rc = HOSHI_OK;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t len = strlen(de->d_name);
    if (len != CERT_KID_LEN + 4 || strcmp(de->d_name + CERT_KID_LEN, ".pub") != 0) continue;
    char kid[CERT_KID_LEN + 1];
    memcpy(kid, de->d_name, CERT_KID_LEN);
    kid[CERT_KID_LEN] = '\0';
    if (!kid_ok(kid)) continue;
    if (out->n == CERT_KEYS_MAX) {
      rc = hoshi_fail(e, HOSHI_ELIMIT, "keys", "%s holds more than %d public keys", dir, CERT_KEYS_MAX);
      break;
    }
    cert_key *k = &out->keys[out->n];
    if ((rc = read_pub(dir, kid, k, e))) break;
    k->current = strcmp(kid, current) == 0;
    out->n++;
  }
  closedir(d);
  if (rc) out->n = 0;
  else qsort(out->keys, out->n, sizeof out->keys[0], by_created_desc);
  return rc;
}

/* Makes a key pair, writes seed and public key, then points `current` at it. Caller holds the lock. */
static hoshi_err make_key(const char *dir, cert_key *out, unsigned char sk[64], hoshi_error *e) {
  unsigned char seed[crypto_sign_SEEDBYTES];
  randombytes_buf(seed, sizeof seed);
  memset(out, 0, sizeof *out);
  crypto_sign_seed_keypair(out->pk, sk, seed);
  cert_kid(out->pk, out->kid);
  util_now_iso(out->created);
  out->current = 1;
  char path[KEY_PATH_MAX], line[KEY_LINE_MAX], enc[64];
  b64url(seed, sizeof seed, enc, sizeof enc);
  snprintf(line, sizeof line, "ed25519-seed %s\n", enc);
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(enc, sizeof enc);
  snprintf(path, sizeof path, "%s/%s.key", dir, out->kid);
  hoshi_err rc = write_file(path, line, 0600, e);
  sodium_memzero(line, sizeof line);
  if (rc) return rc;
  b64url(out->pk, 32, enc, sizeof enc);
  snprintf(line, sizeof line, "ed25519 %s %s\n", enc, out->created);
  snprintf(path, sizeof path, "%s/%s.pub", dir, out->kid);
  if ((rc = write_file(path, line, 0644, e))) return rc;
  snprintf(line, sizeof line, "%s\n", out->kid);
  snprintf(path, sizeof path, "%s/current", dir);
  return write_file(path, line, 0644, e);
}

/* Reads the current kid and its seed; ENOTFOUND when there is no current key. */
static hoshi_err read_current(const char *dir, cert_key *pub, unsigned char sk[64], hoshi_error *e) {
  char path[KEY_PATH_MAX], kid[KEY_LINE_MAX], line[KEY_LINE_MAX], enc[KEY_LINE_MAX];
  snprintf(path, sizeof path, "%s/current", dir);
  if (read_line(path, kid, sizeof kid) != 0 || kid[0] == '\0')
    return hoshi_fail(e, HOSHI_ENOTFOUND, "keys", "no current signing key in %s (run hoshi keys rotate)", dir);
  if (!kid_ok(kid)) return hoshi_fail(e, HOSHI_EINVAL, "keys", "%s: '%.40s' is not a key id", path, kid);
  hoshi_err rc = read_pub(dir, kid, pub, e);
  if (rc) return rc;
  snprintf(path, sizeof path, "%s/%s.key", dir, kid);
  struct stat st;
  if (stat(path, &st) == 0 && (st.st_mode & 077) != 0)
    return hoshi_fail(e, HOSHI_EIO, "keys", "%s is readable by others (mode %03o); chmod 600 it", path,
                      (unsigned)(st.st_mode & 0777));
  if (read_line(path, line, sizeof line) != 0)
    return hoshi_fail(e, HOSHI_EIO, "keys", "cannot read the current signing key %s", path);
  unsigned char seed[crypto_sign_SEEDBYTES], pk[32];
  int ok = sscanf(line, "ed25519-seed %255s", enc) == 1 && unb64url(enc, seed, sizeof seed) == 0;
  sodium_memzero(line, sizeof line);
  sodium_memzero(enc, sizeof enc);
  if (!ok) return hoshi_fail(e, HOSHI_EINVAL, "keys", "%s: expected 'ed25519-seed <base64url>'", path);
  crypto_sign_seed_keypair(pk, sk, seed);
  sodium_memzero(seed, sizeof seed);
  if (sodium_memcmp(pk, pub->pk, 32) != 0) {
    sodium_memzero(sk, 64);
    return hoshi_fail(e, HOSHI_EINVAL, "keys", "%s does not belong to %s.pub", path, kid);
  }
  pub->current = 1;
  return HOSHI_OK;
}

hoshi_err cert_keys_current(const char *dir, int create, cert_key *pub, unsigned char sk[64], int *created,
                            hoshi_error *e) {
  if (created) *created = 0;
  hoshi_err rc = read_current(dir, pub, sk, e);
  /* A rotation in another process may have removed the seed between reading `current` and
   * reading the seed; `current` already names the new key then, so one more read settles it. */
  if (rc == HOSHI_EIO || rc == HOSHI_EINVAL) rc = read_current(dir, pub, sk, e);
  if (rc != HOSHI_ENOTFOUND || !create) return rc;
  if ((rc = ensure_dir(dir, e))) return rc;
  int fd = lock_dir(dir, e);
  if (fd < 0) return HOSHI_EIO;
  /* Another process may have made it while we waited for the lock. */
  rc = read_current(dir, pub, sk, e);
  if (rc == HOSHI_ENOTFOUND) {
    rc = make_key(dir, pub, sk, e);
    if (rc == HOSHI_OK && created) *created = 1;
  }
  unlock_dir(fd);
  return rc;
}

hoshi_err cert_keys_rotate(const char *dir, cert_key *out, hoshi_error *e) {
  hoshi_err rc = ensure_dir(dir, e);
  if (rc) return rc;
  int fd = lock_dir(dir, e);
  if (fd < 0) return HOSHI_EIO;
  cert_keyset ks;
  char old[KEY_LINE_MAX] = "", path[KEY_PATH_MAX];
  snprintf(path, sizeof path, "%s/current", dir);
  read_line(path, old, sizeof old);
  unsigned char sk[64];
  if ((rc = cert_keys_load(dir, &ks, e)) == HOSHI_OK) {
    if (ks.n >= CERT_KEYS_MAX)
      rc = hoshi_fail(e, HOSHI_ELIMIT, "keys", "%s already holds %d keys; remove the .pub files of keys no valid "
                      "certificate uses", dir, CERT_KEYS_MAX);
    else
      rc = make_key(dir, out, sk, e);
  }
  sodium_memzero(sk, sizeof sk);
  /* The old seed signs nothing any more; its public key stays for verification. */
  if (rc == HOSHI_OK && kid_ok(old) && strcmp(old, out->kid) != 0) {
    snprintf(path, sizeof path, "%s/%s.key", dir, old);
    if (unlink(path) != 0 && errno != ENOENT)
      fprintf(stderr, "hoshi: could not remove the retired seed %s: %s\n", path, strerror(errno));
  }
  unlock_dir(fd);
  return rc;
}

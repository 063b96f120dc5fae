/* Certificates as JWS compact serializations (RFC 7515) signed with Ed25519 (RFC 8037/9864),
 * and the JWKS (RFC 7517) that publishes the public keys. Every input here may be hostile. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yyjson.h>

#include "cert/cert.h"

#define JWS_HEADER_MAX 1024 /* bytes of the decoded protected header */

const char *cert_verdict_name(cert_verdict v) {
  switch (v) {
    case CERT_VALID: return "valid";
    case CERT_MALFORMED: return "malformed";
    case CERT_BAD_ALG: return "bad_alg";
    case CERT_UNKNOWN_KEY: return "unknown_key";
    case CERT_BAD_SIGNATURE: return "bad_signature";
    case CERT_EXPIRED: return "expired";
  }
  return "malformed";
}

static char *b64url_alloc(const void *in, size_t n) {
  size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = malloc(cap);
  if (out) sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

/* Decodes exactly [s, s+n) as unpadded base64url; libsodium also refuses non-zero spare bits,
 * so every certificate has one spelling. *out malloc'd (one extra NUL byte). */
static int b64url_decode(const char *s, size_t n, unsigned char **out, size_t *len) {
  *out = malloc(n + 1);
  if (*out == NULL) return -1;
  const char *end = NULL;
  if (sodium_base642bin(*out, n, s, n, NULL, len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != s + n) {
    free(*out);
    *out = NULL;
    return -1;
  }
  (*out)[*len] = '\0';
  return 0;
}

char *cert_claims_json(const cert_facts *f, size_t *len) {
  time_t iat = 0, exp = 0;
  util_time_parse(f->issued, &iat);
  util_time_parse(f->expires, &exp);
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *o = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, o);
  yyjson_mut_obj_add_strcpy(d, o, "iss", f->issuer);
  yyjson_mut_obj_add_strcpy(d, o, "sub", f->rating_id);
  yyjson_mut_obj_add_int(d, o, "iat", (int64_t)iat);
  yyjson_mut_obj_add_int(d, o, "exp", (int64_t)exp);
  yyjson_mut_obj_add_str(d, o, "scheme", "SCS");
  yyjson_mut_obj_add_strcpy(d, o, "rating_id", f->rating_id);
  yyjson_mut_obj_add_strcpy(d, o, "corporate_number", f->corporate_number);
  yyjson_mut_val *og = yyjson_mut_obj_add_obj(d, o, "organization");
  yyjson_mut_obj_add_strcpy(d, og, "name_ja", f->org_name_ja);
  yyjson_mut_obj_add_strcpy(d, og, "name_en", f->org_name_en);
  yyjson_mut_obj_add_strcpy(d, o, "level", f->level);
  yyjson_mut_val *scope = yyjson_mut_obj_add_obj(d, o, "scope");
  yyjson_mut_obj_add_strcpy(d, scope, "kind", f->scope_kind);
  yyjson_mut_obj_add_strcpy(d, scope, "description", f->scope_description);
  yyjson_mut_obj_add_strcpy(d, o, "issued", f->issued);
  yyjson_mut_obj_add_strcpy(d, o, "expires", f->expires);
  yyjson_mut_val *cat = yyjson_mut_obj_add_obj(d, o, "catalog");
  yyjson_mut_obj_add_strcpy(d, cat, "id", f->catalog);
  yyjson_mut_obj_add_strcpy(d, cat, "version", f->catalog_version);
  yyjson_mut_obj_add_strcpy(d, o, "assessed_by", f->assessed_by);
  yyjson_mut_obj_add_strcpy(d, o, "verify_url", f->verify_url);
  char *s = yyjson_mut_write(d, 0, len);
  yyjson_mut_doc_free(d);
  return s;
}

hoshi_err cert_jws_sign(const char *claims, size_t claims_len, const cert_key *k, const unsigned char sk[64],
                        char **out, hoshi_error *e) {
  *out = NULL;
  char header[128];
  snprintf(header, sizeof header, "{\"alg\":\"%s\",\"kid\":\"%s\",\"typ\":\"%s\"}", CERT_ALG, k->kid, CERT_TYP);
  char *h64 = b64url_alloc(header, strlen(header)), *p64 = b64url_alloc(claims, claims_len);
  hoshi_buf b = {0};
  if (h64 && p64) {
    hoshi_buf_printf(&b, "%s.%s", h64, p64);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)b.p, b.n, sk);
    char *s64 = b64url_alloc(sig, sizeof sig);
    if (s64) hoshi_buf_printf(&b, ".%s", s64);
    else b.oom = 1;
    free(s64);
  }
  free(h64);
  free(p64);
  if (h64 == NULL || p64 == NULL || b.oom) {
    hoshi_buf_free(&b);
    return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  }
  if (b.n > CERT_JWS_MAX) {
    hoshi_buf_free(&b);
    return hoshi_fail(e, HOSHI_ELIMIT, "certificate", "the certificate would be longer than %d bytes", CERT_JWS_MAX);
  }
  *out = hoshi_buf_take(&b);
  return HOSHI_OK;
}

/* Copies a string member into dst; -1 when absent (and required), not a string, or too long. */
static int take_str(yyjson_val *o, const char *key, char *dst, size_t size, int required) {
  yyjson_val *v = yyjson_obj_get(o, key);
  if (v == NULL) return required ? -1 : 0;
  if (!yyjson_is_str(v) || yyjson_get_len(v) >= size) return -1;
  memcpy(dst, yyjson_get_str(v), yyjson_get_len(v) + 1);
  return 0;
}

static int ct_ok(const char *s) { return s && strlen(s) > 0; }

/* Reads the claims into facts; returns the name of the first bad claim, or NULL. */
static const char *read_claims(yyjson_val *o, cert_facts *f, int64_t *exp) {
  if (!yyjson_is_obj(o)) return "the payload (not a JSON object)";
  yyjson_val *x = yyjson_obj_get(o, "exp");
  if (!yyjson_is_int(x)) return "exp";
  *exp = yyjson_is_uint(x) ? (int64_t)(yyjson_get_uint(x) > INT64_MAX ? INT64_MAX : yyjson_get_uint(x)) : yyjson_get_sint(x);
  yyjson_val *og = yyjson_obj_get(o, "organization"), *scope = yyjson_obj_get(o, "scope"),
             *cat = yyjson_obj_get(o, "catalog");
  if (take_str(o, "sub", f->rating_id, sizeof f->rating_id, 1)) return "sub";
  if (take_str(o, "iss", f->issuer, sizeof f->issuer, 1)) return "iss";
  if (take_str(o, "corporate_number", f->corporate_number, sizeof f->corporate_number, 1)) return "corporate_number";
  if (!yyjson_is_obj(og) || take_str(og, "name_ja", f->org_name_ja, sizeof f->org_name_ja, 1) ||
      take_str(og, "name_en", f->org_name_en, sizeof f->org_name_en, 0))
    return "organization";
  if (take_str(o, "level", f->level, sizeof f->level, 1) || !ct_ok(f->level)) return "level";
  if (!yyjson_is_obj(scope) || take_str(scope, "kind", f->scope_kind, sizeof f->scope_kind, 1) ||
      take_str(scope, "description", f->scope_description, sizeof f->scope_description, 0))
    return "scope";
  if (take_str(o, "issued", f->issued, sizeof f->issued, 1)) return "issued";
  if (take_str(o, "expires", f->expires, sizeof f->expires, 1)) return "expires";
  if (!yyjson_is_obj(cat) || take_str(cat, "id", f->catalog, sizeof f->catalog, 1) ||
      take_str(cat, "version", f->catalog_version, sizeof f->catalog_version, 0))
    return "catalog";
  if (take_str(o, "assessed_by", f->assessed_by, sizeof f->assessed_by, 0)) return "assessed_by";
  if (take_str(o, "verify_url", f->verify_url, sizeof f->verify_url, 0)) return "verify_url";
  return NULL;
}

cert_verdict cert_jws_verify(const char *jws, size_t len, const cert_keyset *keys, time_t now, cert_facts *facts,
                             hoshi_error *e) {
  memset(facts, 0, sizeof *facts);
  /* Pasted text often ends with a newline or spaces; nothing else around it is tolerated. */
  while (len > 0 && (jws[len - 1] == '\n' || jws[len - 1] == '\r' || jws[len - 1] == ' ' || jws[len - 1] == '\t')) len--;
  while (len > 0 && (jws[0] == '\n' || jws[0] == '\r' || jws[0] == ' ' || jws[0] == '\t')) { jws++; len--; }
  if (len == 0) return hoshi_fail(e, HOSHI_EINVAL, "certificate", "the certificate is empty"), CERT_MALFORMED;
  if (len > CERT_JWS_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "certificate", "the certificate is %zu bytes; at most %d are accepted", len,
                      CERT_JWS_MAX), CERT_MALFORMED;
  const char *d1 = memchr(jws, '.', len);
  const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - jws)) : NULL;
  if (d1 == NULL || d2 == NULL || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - jws)) != NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "certificate", "not a JWS compact serialization (expected three base64url parts "
                      "separated by two dots)"), CERT_MALFORMED;
  unsigned char *hdr = NULL, *payload = NULL, *sig = NULL;
  size_t hlen = 0, plen = 0, slen = 0;
  yyjson_doc *hdoc = NULL, *pdoc = NULL;
  cert_verdict v = CERT_MALFORMED;
  if (b64url_decode(jws, (size_t)(d1 - jws), &hdr, &hlen) || b64url_decode(d1 + 1, (size_t)(d2 - d1 - 1), &payload, &plen) ||
      b64url_decode(d2 + 1, len - (size_t)(d2 + 1 - jws), &sig, &slen)) {
    hoshi_fail(e, HOSHI_EINVAL, "certificate", "a part of the certificate is not unpadded base64url");
    goto done;
  }
  if (hlen > JWS_HEADER_MAX) {
    hoshi_fail(e, HOSHI_ELIMIT, "certificate", "the protected header is %zu bytes; at most %d", hlen, JWS_HEADER_MAX);
    goto done;
  }
  hdoc = yyjson_read((const char *)hdr, hlen, 0);
  yyjson_val *h = yyjson_doc_get_root(hdoc);
  if (!yyjson_is_obj(h)) {
    hoshi_fail(e, HOSHI_EINVAL, "certificate", "the protected header is not a JSON object");
    goto done;
  }
  if (take_str(h, "alg", facts->alg, sizeof facts->alg, 1) || take_str(h, "kid", facts->kid, sizeof facts->kid, 1)) {
    hoshi_fail(e, HOSHI_EINVAL, "certificate", "the protected header needs \"alg\" and a \"kid\" of at most %d characters",
               CERT_KID_LEN);
    goto done;
  }
  char typ[64] = "";
  if (take_str(h, "typ", typ, sizeof typ, 0) || (typ[0] && strcmp(typ, CERT_TYP) != 0)) {
    hoshi_fail(e, HOSHI_EINVAL, "certificate", "typ must be \"%s\"", CERT_TYP);
    goto done;
  }
  if (strcmp(facts->alg, "Ed25519") != 0 && strcmp(facts->alg, "EdDSA") != 0) {
    v = CERT_BAD_ALG;
    hoshi_fail(e, HOSHI_EINVAL, "alg", "alg is \"%s\"; only Ed25519 (RFC 9864) or EdDSA (RFC 8037) is accepted", facts->alg);
    goto done;
  }
  if (yyjson_obj_get(h, "crit") != NULL) {
    v = CERT_BAD_ALG;
    hoshi_fail(e, HOSHI_EINVAL, "crit", "the header names critical extensions; none are understood");
    goto done;
  }
  const cert_key *key = NULL;
  for (size_t i = 0; i < keys->n; i++)
    if (strcmp(keys->keys[i].kid, facts->kid) == 0) key = &keys->keys[i];
  if (key == NULL) {
    v = CERT_UNKNOWN_KEY;
    hoshi_fail(e, HOSHI_ENOTFOUND, "kid", "signed by key %s, which is not in the key set", facts->kid);
    goto done;
  }
  if (slen != crypto_sign_BYTES ||
      crypto_sign_verify_detached(sig, (const unsigned char *)jws, (unsigned long long)(d2 - jws), key->pk) != 0) {
    v = CERT_BAD_SIGNATURE;
    hoshi_fail(e, HOSHI_EINVAL, "signature", "the signature does not match key %s: the certificate was altered or "
               "not signed by this register", facts->kid);
    goto done;
  }
  pdoc = yyjson_read((const char *)payload, plen, 0);
  int64_t exp = 0;
  const char *bad = read_claims(yyjson_doc_get_root(pdoc), facts, &exp);
  if (bad) {
    hoshi_fail(e, HOSHI_EINVAL, "certificate", "the signed claims lack a valid %s", bad);
    goto done;
  }
  if ((int64_t)now >= exp) {
    v = CERT_EXPIRED;
    hoshi_fail(e, HOSHI_EINVAL, "exp", "the certificate expired at %s", facts->expires);
    goto done;
  }
  v = CERT_VALID;
done:
  if (v == CERT_MALFORMED || v == CERT_BAD_ALG || v == CERT_UNKNOWN_KEY || v == CERT_BAD_SIGNATURE) {
    char kid[sizeof facts->kid], alg[sizeof facts->alg];
    memcpy(kid, facts->kid, sizeof kid);
    memcpy(alg, facts->alg, sizeof alg);
    memset(facts, 0, sizeof *facts);
    memcpy(facts->kid, kid, sizeof kid);
    memcpy(facts->alg, alg, sizeof alg);
  }
  yyjson_doc_free(hdoc);
  yyjson_doc_free(pdoc);
  free(hdr);
  free(payload);
  free(sig);
  return v;
}

char *cert_jwks_json(const cert_keyset *ks, size_t *len) {
  yyjson_mut_doc *d = yyjson_mut_doc_new(NULL);
  yyjson_mut_val *root = yyjson_mut_obj(d);
  yyjson_mut_doc_set_root(d, root);
  yyjson_mut_val *arr = yyjson_mut_obj_add_arr(d, root, "keys");
  for (size_t i = 0; i < ks->n; i++) {
    char x[64];
    sodium_bin2base64(x, sizeof x, ks->keys[i].pk, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    yyjson_mut_val *k = yyjson_mut_arr_add_obj(d, arr);
    yyjson_mut_obj_add_str(d, k, "kty", "OKP");
    yyjson_mut_obj_add_str(d, k, "crv", "Ed25519");
    yyjson_mut_obj_add_strcpy(d, k, "x", x);
    yyjson_mut_obj_add_strcpy(d, k, "kid", ks->keys[i].kid);
    yyjson_mut_obj_add_str(d, k, "use", "sig");
    yyjson_mut_obj_add_str(d, k, "alg", CERT_ALG);
  }
  char *s = yyjson_mut_write(d, 0, len);
  yyjson_mut_doc_free(d);
  return s;
}

hoshi_err cert_jwks_parse(const char *json, size_t len, cert_keyset *out, hoshi_error *e) {
  out->n = 0;
  if (len > CERT_JWKS_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "jwks", "the JWKS is %zu bytes; at most %d are read", len, CERT_JWKS_MAX);
  yyjson_read_err err;
  yyjson_doc *doc = yyjson_read_opts((char *)(uintptr_t)json, len, 0, NULL, &err);
  if (doc == NULL) return hoshi_fail(e, HOSHI_EINVAL, "jwks", "the JWKS is not JSON (byte %zu: %s)", err.pos, err.msg);
  yyjson_val *keys = yyjson_obj_get(yyjson_doc_get_root(doc), "keys");
  hoshi_err rc = HOSHI_OK;
  if (!yyjson_is_arr(keys)) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "jwks", "a JWKS is an object with a \"keys\" array");
    goto done;
  }
  size_t i, max;
  yyjson_val *k;
  yyjson_arr_foreach(keys, i, max, k) {
    const char *kty = yyjson_get_str(yyjson_obj_get(k, "kty")), *crv = yyjson_get_str(yyjson_obj_get(k, "crv"));
    if (kty == NULL || crv == NULL || strcmp(kty, "OKP") != 0 || strcmp(crv, "Ed25519") != 0) continue;
    if (out->n == CERT_KEYS_MAX) {
      rc = hoshi_fail(e, HOSHI_ELIMIT, "jwks", "the JWKS holds more than %d Ed25519 keys", CERT_KEYS_MAX);
      goto done;
    }
    cert_key *ck = &out->keys[out->n];
    memset(ck, 0, sizeof *ck);
    yyjson_val *x = yyjson_obj_get(k, "x");
    size_t got = 0;
    const char *end = NULL;
    if (!yyjson_is_str(x) ||
        sodium_base642bin(ck->pk, 32, yyjson_get_str(x), yyjson_get_len(x), NULL, &got, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        got != 32 || end != yyjson_get_str(x) + yyjson_get_len(x)) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "jwks", "keys[%zu].x must be 32 bytes in unpadded base64url", i);
      goto done;
    }
    /* The kid is whatever the publisher chose; hoshi's are thumbprints, others are kept as given. */
    if (take_str(k, "kid", ck->kid, sizeof ck->kid, 0)) {
      rc = hoshi_fail(e, HOSHI_EINVAL, "jwks", "keys[%zu].kid must be a string of at most %d characters", i, CERT_KID_LEN);
      goto done;
    }
    if (ck->kid[0] == '\0') cert_kid(ck->pk, ck->kid);
    out->n++;
  }
done:
  yyjson_doc_free(doc);
  if (rc) out->n = 0;
  return rc;
}

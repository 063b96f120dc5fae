/* SCS certificates: JWS round trip and one flipped byte, rotation keeps old keys verifying,
 * EdDSA accepted, every limit one past, JWKS parsing, the register dropping a revoked rating. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yyjson.h>

#include "cert/cert.h"
#include "store/store.h"
#include "testutil.h"

static void sample_facts(cert_facts *f) {
  memset(f, 0, sizeof *f);
  snprintf(f->rating_id, sizeof f->rating_id, "rtg_aaaaaaaaaaaaaaaaaaaa");
  snprintf(f->corporate_number, sizeof f->corporate_number, "4180001030405");
  snprintf(f->org_name_ja, sizeof f->org_name_ja, "三河精密工業株式会社");
  snprintf(f->org_name_en, sizeof f->org_name_en, "Mikawa Precision Industries");
  snprintf(f->level, sizeof f->level, "3");
  snprintf(f->scope_kind, sizeof f->scope_kind, "company");
  snprintf(f->scope_description, sizeof f->scope_description, "本社および岡崎工場");
  snprintf(f->issued, sizeof f->issued, "2026-11-26T00:00:00Z");
  snprintf(f->expires, sizeof f->expires, "2027-11-26T00:00:00Z");
  snprintf(f->catalog, sizeof f->catalog, "scs-2026");
  snprintf(f->catalog_version, sizeof f->catalog_version, "2026");
  snprintf(f->issuer, sizeof f->issuer, "https://hoshi.example.jp");
  cert_verify_url(f->issuer, f->rating_id, f->verify_url);
}

static time_t at(const char *iso) {
  time_t t = 0;
  assert_int_equal(util_time_parse(iso, &t), 0);
  return t;
}

/* Signs the sample facts with the current key of dir. */
static char *sign_sample(const char *dir) {
  cert_key k;
  unsigned char sk[64];
  hoshi_error e;
  assert_int_equal(cert_keys_current(dir, 1, &k, sk, NULL, &e), HOSHI_OK);
  cert_facts f;
  sample_facts(&f);
  size_t len = 0;
  char *claims = cert_claims_json(&f, &len), *jws = NULL;
  assert_non_null(claims);
  assert_int_equal(cert_jws_sign(claims, len, &k, sk, &jws, &e), HOSHI_OK);
  free(claims);
  return jws;
}

static void test_round_trip_and_flipped_byte(void **state) {
  (void)state;
  char *dir = tu_tmpdir(), keys[512];
  snprintf(keys, sizeof keys, "%s/keys", dir);
  char *jws = sign_sample(keys);
  cert_keyset ks;
  hoshi_error e;
  assert_int_equal(cert_keys_load(keys, &ks, &e), HOSHI_OK);
  assert_int_equal(ks.n, 1);
  assert_true(ks.keys[0].current);
  cert_facts f;
  assert_int_equal(cert_jws_verify(jws, strlen(jws), &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  assert_string_equal(f.org_name_ja, "三河精密工業株式会社");
  assert_string_equal(f.corporate_number, "4180001030405");
  assert_string_equal(f.level, "3");
  assert_string_equal(f.kid, ks.keys[0].kid);
  assert_string_equal(f.alg, "Ed25519");
  assert_string_equal(f.verify_url, "https://hoshi.example.jp/#/verify/rtg_aaaaaaaaaaaaaaaaaaaa");
  /* A trailing newline from a saved file is fine. */
  char *nl = malloc(strlen(jws) + 2);
  sprintf(nl, "%s\n", jws);
  assert_int_equal(cert_jws_verify(nl, strlen(nl), &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  free(nl);
  /* Expired one second after exp, with the facts still readable. */
  assert_int_equal(cert_jws_verify(jws, strlen(jws), &ks, at("2027-11-26T00:00:00Z"), &f, &e), CERT_EXPIRED);
  assert_string_equal(f.rating_id, "rtg_aaaaaaaaaaaaaaaaaaaa");
  /* Every single flipped byte of the certificate makes it invalid. */
  size_t n = strlen(jws);
  for (size_t i = 0; i < n; i++) {
    char saved = jws[i];
    jws[i] = (char)(jws[i] ^ 0x01);
    cert_verdict v = cert_jws_verify(jws, n, &ks, at("2027-01-01T00:00:00Z"), &f, &e);
    if (v == CERT_VALID) fail_msg("flipping byte %zu left the certificate valid", i);
    jws[i] = saved;
  }
  /* The payload of another rating under this signature: bad signature. */
  char *dot = strchr(jws, '.');
  dot[1] = dot[1] == 'A' ? 'B' : 'A';
  assert_int_equal(cert_jws_verify(jws, n, &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_BAD_SIGNATURE);
  assert_string_equal(f.rating_id, "");
  free(jws);
  tu_rmrf(dir);
  free(dir);
}

static void test_rotation_keeps_old_keys(void **state) {
  (void)state;
  char *dir = tu_tmpdir(), keys[512], path[700];
  snprintf(keys, sizeof keys, "%s/keys", dir);
  char *old = sign_sample(keys);
  cert_keyset ks;
  hoshi_error e;
  assert_int_equal(cert_keys_load(keys, &ks, &e), HOSHI_OK);
  char old_kid[CERT_KID_LEN + 1];
  snprintf(old_kid, sizeof old_kid, "%s", ks.keys[0].kid);
  /* The seed is readable only by its owner. */
  struct stat st;
  snprintf(path, sizeof path, "%s/%s.key", keys, old_kid);
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  cert_key nk;
  assert_int_equal(cert_keys_rotate(keys, &nk, &e), HOSHI_OK);
  assert_string_not_equal(nk.kid, old_kid);
  /* The retired seed is gone; its public key stays. */
  assert_int_not_equal(stat(path, &st), 0);
  char *fresh = sign_sample(keys);
  assert_int_equal(cert_keys_load(keys, &ks, &e), HOSHI_OK);
  assert_int_equal(ks.n, 2);
  cert_facts f;
  assert_int_equal(cert_jws_verify(old, strlen(old), &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  assert_string_equal(f.kid, old_kid);
  assert_int_equal(cert_jws_verify(fresh, strlen(fresh), &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  assert_string_equal(f.kid, nk.kid);
  /* A verifier whose JWKS lacks the old key: unknown key, not a bad signature. */
  cert_keyset only_new = ks;
  only_new.n = 0;
  for (size_t i = 0; i < ks.n; i++)
    if (strcmp(ks.keys[i].kid, nk.kid) == 0) only_new.keys[only_new.n++] = ks.keys[i];
  assert_int_equal(cert_jws_verify(old, strlen(old), &only_new, at("2027-01-01T00:00:00Z"), &f, &e), CERT_UNKNOWN_KEY);
  /* Through the JWKS text and back. */
  size_t len = 0;
  char *jwks = cert_jwks_json(&ks, &len);
  cert_keyset parsed;
  assert_int_equal(cert_jwks_parse(jwks, len, &parsed, &e), HOSHI_OK);
  assert_int_equal(parsed.n, 2);
  assert_int_equal(cert_jws_verify(old, strlen(old), &parsed, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  free(jwks);
  /* Up to CERT_KEYS_MAX keys in a folder; one more rotation is refused. */
  for (size_t i = ks.n; i < CERT_KEYS_MAX; i++) assert_int_equal(cert_keys_rotate(keys, &nk, &e), HOSHI_OK);
  assert_int_equal(cert_keys_load(keys, &ks, &e), HOSHI_OK);
  assert_int_equal(ks.n, CERT_KEYS_MAX);
  assert_int_equal(cert_keys_rotate(keys, &nk, &e), HOSHI_ELIMIT);
  assert_int_equal(cert_jws_verify(old, strlen(old), &ks, at("2027-01-01T00:00:00Z"), &f, &e), CERT_VALID);
  /* A seed file others can read is refused rather than used. */
  snprintf(path, sizeof path, "%s/%s.key", keys, nk.kid);
  chmod(path, 0644);
  unsigned char sk[64];
  cert_key k;
  assert_int_equal(cert_keys_current(keys, 1, &k, sk, NULL, &e), HOSHI_EIO);
  assert_non_null(strstr(e.message, "chmod 600"));
  free(old);
  free(fresh);
  tu_rmrf(dir);
  free(dir);
}

/* A JWS with the given header over the sample claims, signed with sk. */
static char *forge(const char *header, const unsigned char sk[64]) {
  cert_facts f;
  sample_facts(&f);
  size_t clen = 0;
  char *claims = cert_claims_json(&f, &clen);
  char h64[2048], p64[4096], s64[128];
  sodium_bin2base64(h64, sizeof h64, (const unsigned char *)header, strlen(header), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_bin2base64(p64, sizeof p64, (const unsigned char *)claims, clen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  free(claims);
  char *out = malloc(strlen(h64) + strlen(p64) + 200);
  sprintf(out, "%s.%s", h64, p64);
  unsigned char sig[64];
  crypto_sign_detached(sig, NULL, (const unsigned char *)out, strlen(out), sk);
  sodium_bin2base64(s64, sizeof s64, sig, sizeof sig, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  strcat(out, ".");
  strcat(out, s64);
  return out;
}

static void test_headers_and_limits(void **state) {
  (void)state;
  unsigned char pk[32], sk[64];
  crypto_sign_keypair(pk, sk);
  cert_keyset ks = {.n = 1};
  memcpy(ks.keys[0].pk, pk, 32);
  cert_kid(pk, ks.keys[0].kid);
  char hdr[256];
  cert_facts f;
  hoshi_error e;
  time_t now = at("2027-01-01T00:00:00Z");
  /* RFC 8037's "EdDSA" is accepted as well as RFC 9864's "Ed25519". */
  snprintf(hdr, sizeof hdr, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}", ks.keys[0].kid);
  char *j = forge(hdr, sk);
  assert_int_equal(cert_jws_verify(j, strlen(j), &ks, now, &f, &e), CERT_VALID);
  assert_string_equal(f.alg, "EdDSA");
  free(j);
  const char *bad_alg[] = {"\"alg\":\"none\"", "\"alg\":\"HS256\"", "\"alg\":\"Ed25519\",\"crit\":[\"b64\"],\"b64\":false"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(hdr, sizeof hdr, "{%s,\"kid\":\"%s\"}", bad_alg[i], ks.keys[0].kid);
    j = forge(hdr, sk);
    assert_int_equal(cert_jws_verify(j, strlen(j), &ks, now, &f, &e), CERT_BAD_ALG);
    free(j);
  }
  snprintf(hdr, sizeof hdr, "{\"alg\":\"Ed25519\",\"kid\":\"%s\",\"typ\":\"JWT\"}", ks.keys[0].kid);
  j = forge(hdr, sk);
  assert_int_equal(cert_jws_verify(j, strlen(j), &ks, now, &f, &e), CERT_MALFORMED);
  free(j);
  j = forge("{\"alg\":\"Ed25519\"}", sk);
  assert_int_equal(cert_jws_verify(j, strlen(j), &ks, now, &f, &e), CERT_MALFORMED);
  free(j);
  /* JWS_HEADER_MAX (1,024) bytes of header are read; one more is refused. */
  for (int extra = 0; extra < 2; extra++) {
    int base = snprintf(hdr, sizeof hdr, "{\"alg\":\"Ed25519\",\"kid\":\"%s\",\"x\":\"\"}", ks.keys[0].kid);
    char big_hdr[1100];
    int pad = 1024 + extra - base;
    snprintf(big_hdr, sizeof big_hdr, "{\"alg\":\"Ed25519\",\"kid\":\"%s\",\"x\":\"%*s\"}", ks.keys[0].kid, pad, "");
    assert_int_equal(strlen(big_hdr), 1024 + extra);
    j = forge(big_hdr, sk);
    cert_verdict v = cert_jws_verify(j, strlen(j), &ks, now, &f, &e);
    if (extra == 0) assert_int_equal(v, CERT_VALID);
    else {
      assert_int_equal(v, CERT_MALFORMED);
      assert_int_equal(e.code, HOSHI_ELIMIT);
    }
    free(j);
  }
  const char *junk[] = {"", "a.b", "a.b.c.d", "...", "e30.e30.", "e30=.e30.AAAA", "not a jws at all"};
  for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
    assert_int_equal(cert_jws_verify(junk[i], strlen(junk[i]), &ks, now, &f, &e), CERT_MALFORMED);
  /* CERT_JWS_MAX bytes are read; one more is refused before any decoding. */
  char *big = malloc(CERT_JWS_MAX + 2);
  memset(big, 'A', CERT_JWS_MAX + 1);
  big[10] = '.';
  big[20] = '.';
  big[CERT_JWS_MAX + 1] = '\0';
  assert_int_equal(cert_jws_verify(big, CERT_JWS_MAX, &ks, now, &f, &e), CERT_MALFORMED);
  assert_int_not_equal(e.code, HOSHI_ELIMIT);
  assert_int_equal(cert_jws_verify(big, CERT_JWS_MAX + 1, &ks, now, &f, &e), CERT_MALFORMED);
  assert_int_equal(e.code, HOSHI_ELIMIT);
  free(big);
}

static void test_jwks_limits(void **state) {
  (void)state;
  hoshi_error e;
  cert_keyset ks;
  hoshi_buf b = {0};
  const char *x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  hoshi_buf_puts(&b, "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}");
  for (int i = 0; i < CERT_KEYS_MAX; i++) hoshi_buf_printf(&b, ",{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\",\"kid\":\"k%d\"}", x, i);
  hoshi_buf_puts(&b, "]}");
  assert_int_equal(cert_jwks_parse(b.p, b.n, &ks, &e), HOSHI_OK);
  assert_int_equal(ks.n, CERT_KEYS_MAX); /* the RSA key is skipped */
  b.n -= 2;
  hoshi_buf_printf(&b, ",{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\"}]}", x);
  assert_int_equal(cert_jwks_parse(b.p, b.n, &ks, &e), HOSHI_ELIMIT);
  hoshi_buf_free(&b);
  const char *bad[] = {"[]", "{\"keys\":{}}", "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}]}",
                       "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"far-too-long-for-a-kid\"}]}",
                       "nope"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_not_equal(cert_jwks_parse(bad[i], strlen(bad[i]), &ks, &e), HOSHI_OK);
  char *huge = malloc(CERT_JWKS_MAX + 1);
  memset(huge, ' ', CERT_JWKS_MAX + 1);
  memcpy(huge, "{\"keys\":[]}", 11);
  assert_int_equal(cert_jwks_parse(huge, CERT_JWKS_MAX, &ks, &e), HOSHI_OK);
  assert_int_equal(cert_jwks_parse(huge, CERT_JWKS_MAX + 1, &ks, &e), HOSHI_ELIMIT);
  free(huge);
}

/* ---- over a database: a real ★3 rating on the tiny catalog ---- */

static audit_actor sys = {NULL, "test", ""};

static void rated(sqlite3 *db, const char *base, const char *name, char rid[UTIL_ID_LEN]) {
  char num[14];
  snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit(base), base);
  org_fields of = {num, name, "Example Co", "other", 1, "秘密の住所"};
  org o, xo;
  user m, x;
  hoshi_error e;
  char xbase[13];
  snprintf(xbase, sizeof xbase, "9%.11s", base + 1);
  char xnum[14];
  snprintf(xnum, sizeof xnum, "%d%s", org_corpnum_check_digit(xbase), xbase);
  org_fields xf = {xnum, "確認事務所", "", "other", 1, ""};
  assert_int_equal(org_create(db, &sys, &of, &o, &e), HOSHI_OK);
  assert_int_equal(org_create(db, &sys, &xf, &xo, &e), HOSHI_OK);
  char un[64];
  snprintf(un, sizeof un, "m%s", base);
  user_fields mf = {o.id, un, un, "", "a good long password", ROLE_MEMBER, -1};
  assert_int_equal(user_create(db, &sys, &mf, &m, &e), HOSHI_OK);
  snprintf(un, sizeof un, "x%s", base);
  user_fields xuf = {xo.id, un, un, "", "a good long password", ROLE_EXPERT, -1};
  assert_int_equal(user_create(db, &sys, &xuf, &x, &e), HOSHI_OK);
  scs_new in = {o.id, "tiny-1", "3", "company", "本社", NULL, 0, x.id, NULL};
  audit_actor am = {m.id, m.username, ""}, ax = {x.id, x.username, ""};
  scs_assessment a;
  assert_int_equal(scs_create(db, &am, &in, &a, &e), HOSHI_OK);
  assert_int_equal(scs_answer(db, &am, &a, "1-2-1-1", "implemented", "", "", &e), HOSHI_OK);
  assert_int_equal(scs_answer(db, &am, &a, "4-1-3-1", "implemented", "", "", &e), HOSHI_OK);
  assert_int_equal(scs_answer(db, &am, &a, "4-1-3-2", "not_applicable", "クラウドなし", "", &e), HOSHI_OK);
  assert_int_equal(scs_submit(db, &am, &a, &e), HOSHI_OK);
  assert_int_equal(scs_confirm(db, &ax, &a, &e), HOSHI_OK);
  scs_declaration d = {"山田 太郎", "代表取締役", "2026-11-26", "宣誓します"};
  assert_int_equal(scs_declare(db, &am, &a, &d, rid, &e), HOSHI_OK);
}

static void test_register_and_issue(void **state) {
  (void)state;
  char *dir = tu_tmpdir(), path[512], keys[512];
  snprintf(path, sizeof path, "%s/c.db", dir);
  snprintf(keys, sizeof keys, "%s/keys", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_open_migrated(path, &db, &e), HOSHI_OK);
  char fixture[1024];
  snprintf(fixture, sizeof fixture, "%s/tests/fixtures/catalogs/tiny-1.json", getenv("HOSHI_SOURCE_DIR"));
  size_t len = 0;
  char *json = tu_read_file(fixture, &len);
  assert_non_null(json);
  assert_int_equal(catalog_import(db, &sys, json, len, fixture, NULL, &e), HOSHI_OK);
  free(json);
  char r1[UTIL_ID_LEN], r2[UTIL_ID_LEN];
  rated(db, "300000000011", "東海部品株式会社", r1);
  rated(db, "300000000022", "遠州金型株式会社", r2);
  time_t now = time(NULL);
  cert_entry *list = NULL;
  size_t n = 0;
  assert_int_equal(cert_register_search(db, NULL, now, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 2);
  free(list);
  assert_int_equal(cert_register_search(db, "東海", now, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(list[0].rating_id, r1);
  assert_string_equal(list[0].status, "valid");
  free(list);
  /* A 法人番号 prefix; LIKE wildcards mean nothing. */
  assert_int_equal(cert_register_search(db, "%", now, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 0);
  free(list);
  char q[CERT_QUERY_MAX + 2];
  memset(q, 'a', sizeof q);
  q[CERT_QUERY_MAX] = '\0';
  assert_int_equal(cert_register_search(db, q, now, &list, &n, &e), HOSHI_OK);
  free(list);
  q[CERT_QUERY_MAX] = 'a';
  q[CERT_QUERY_MAX + 1] = '\0';
  assert_int_equal(cert_register_search(db, q, now, &list, &n, &e), HOSHI_ELIMIT);

  /* Issuing: signed, recorded once, audited, verifiable. */
  cert_config cfg = {keys, "https://hoshi.example.jp"};
  char *jws = NULL, *again = NULL;
  assert_int_equal(cert_issue(db, &sys, &cfg, r1, &jws, &e), HOSHI_OK);
  assert_int_equal(cert_issue(db, &sys, &cfg, r1, &again, &e), HOSHI_OK);
  assert_string_equal(jws, again);
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM certificates), (SELECT count(*) FROM audit_log WHERE action = 'certificate.issue'),"
                     " (SELECT count(*) FROM audit_log WHERE action = 'signing_key.create')", -1, &st, NULL);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), 1);
  assert_int_equal(sqlite3_column_int(st, 1), 1);
  assert_int_equal(sqlite3_column_int(st, 2), 1);
  sqlite3_finalize(st);
  cert_keyset ks;
  cert_facts f;
  assert_int_equal(cert_keys_load(keys, &ks, &e), HOSHI_OK);
  assert_int_equal(cert_jws_verify(jws, strlen(jws), &ks, now, &f, &e), CERT_VALID);
  assert_string_equal(f.org_name_ja, "東海部品株式会社");
  assert_string_equal(f.assessed_by, "確認事務所");
  free(jws);
  free(again);

  /* The public URL may have CERT_URL_MAX bytes, not one more. */
  char url[CERT_URL_MAX + 2];
  memset(url, 'u', sizeof url);
  memcpy(url, "https://", 8);
  url[CERT_URL_MAX] = '\0';
  cert_config longer = {keys, url};
  assert_int_equal(cert_issue(db, &sys, &longer, r1, &jws, &e), HOSHI_OK);
  free(jws);
  url[CERT_URL_MAX] = 'u';
  url[CERT_URL_MAX + 1] = '\0';
  assert_int_equal(cert_issue(db, &sys, &longer, r1, &jws, &e), HOSHI_ELIMIT);
  assert_string_equal(e.field, "public_url");

  /* Revoked: out of the register at once, no new certificate, the entry says revoked. */
  audit_actor admin = {NULL, "admin", ""};
  assert_int_equal(scs_rating_set_status(db, &admin, r1, "revoked", "虚偽の申告", &e), HOSHI_OK);
  assert_int_equal(cert_register_search(db, NULL, now, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 1);
  assert_string_equal(list[0].rating_id, r2);
  free(list);
  cert_entry x;
  assert_int_equal(cert_register_get(db, r1, now, &x, &e), HOSHI_OK);
  assert_string_equal(x.status, "revoked");
  assert_int_equal(cert_issue(db, &sys, &cfg, r1, &jws, &e), HOSHI_ECONFLICT);
  /* Expired: out of the register when its time has come. */
  scs_rating r;
  assert_int_equal(scs_rating_get(db, r2, &r, &e), HOSHI_OK);
  assert_int_equal(cert_register_search(db, NULL, at(r.expires_at), &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, 0);
  free(list);
  assert_int_equal(cert_register_get(db, "rtg_nope", now, &x, &e), HOSHI_ENOTFOUND);
  /* CERT_REGISTER_MAX rows answer a search; the one past them is left out. */
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (int i = 0; i <= CERT_REGISTER_MAX; i++) {
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO assessments(id, org_id, catalog_id, level, scope_kind, scope_description, status, created_by,"
             " created_at, updated_at) SELECT 'asm_bulk%03d', org_id, catalog_id, level, scope_kind, '', 'rated', 'test',"
             " issued_at, issued_at FROM ratings WHERE id = '%s';"
             "INSERT INTO ratings(id, org_id, assessment_id, catalog_id, level, scope_kind, scope_description, issued_at,"
             " expires_at, status) SELECT 'rtg_bulk%03d', org_id, 'asm_bulk%03d', catalog_id, level, scope_kind, '',"
             " issued_at, expires_at, 'valid' FROM ratings WHERE id = '%s';",
             i, r2, i, i, r2);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  }
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  assert_int_equal(cert_register_search(db, NULL, now, &list, &n, &e), HOSHI_OK);
  assert_int_equal(n, CERT_REGISTER_MAX);
  free(list);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

static void test_exports(void **state) {
  (void)state;
  /* A cell takes lines up to Excel's limit exactly; one byte more ends it with "…". */
  hoshi_buf cell = {0};
  char line[1001];
  memset(line, 'x', 1000);
  line[1000] = '\0';
  while (cert_cell_add_line(&cell, line) == 0) {
  }
  assert_true(cell.n <= CERT_XLSX_CELL_MAX);
  assert_string_equal(cell.p + cell.n - strlen("…"), "…");
  hoshi_buf_reset(&cell);
  char *exact = malloc(CERT_XLSX_CELL_MAX + 2);
  memset(exact, 'y', CERT_XLSX_CELL_MAX + 1);
  exact[CERT_XLSX_CELL_MAX] = '\0';
  assert_int_equal(cert_cell_add_line(&cell, exact), 0);
  assert_int_equal(cell.n, CERT_XLSX_CELL_MAX);
  hoshi_buf_reset(&cell);
  exact[CERT_XLSX_CELL_MAX] = 'y';
  exact[CERT_XLSX_CELL_MAX + 1] = '\0';
  assert_int_equal(cert_cell_add_line(&cell, exact), -1);
  free(exact);
  hoshi_buf_free(&cell);

  /* Both exports of a rated assessment on the tiny catalog. */
  char *dir = tu_tmpdir(), path[512], tmp[512];
  snprintf(path, sizeof path, "%s/x.db", dir);
  snprintf(tmp, sizeof tmp, "%s/tmp", dir);
  sqlite3 *db = NULL;
  hoshi_error e;
  assert_int_equal(store_open_migrated(path, &db, &e), HOSHI_OK);
  char fixture[1024];
  snprintf(fixture, sizeof fixture, "%s/tests/fixtures/catalogs/tiny-1.json", getenv("HOSHI_SOURCE_DIR"));
  size_t len = 0;
  char *json = tu_read_file(fixture, &len);
  assert_int_equal(catalog_import(db, &sys, json, len, fixture, NULL, &e), HOSHI_OK);
  free(json);
  char rid[UTIL_ID_LEN];
  rated(db, "300000000033", "三河試験株式会社", rid);
  scs_rating r;
  scs_assessment a;
  assert_int_equal(scs_rating_get(db, rid, &r, &e), HOSHI_OK);
  assert_int_equal(scs_get(db, r.assessment_id, &a, &e), HOSHI_OK);
  hoshi_buf x = {0};
  assert_int_equal(cert_export_xlsx(db, &a, tmp, &x, &e), HOSHI_OK);
  assert_true(x.n > 1000);
  assert_memory_equal(x.p, "PK\x03\x04", 4); /* a ZIP container, as every XLSX */
  hoshi_buf_free(&x);
  char *oscal = NULL;
  assert_int_equal(cert_export_oscal(db, &a, &oscal, &len, &e), HOSHI_OK);
  yyjson_doc *doc = yyjson_read(oscal, len, 0);
  yyjson_val *res = yyjson_arr_get(yyjson_ptr_get(yyjson_doc_get_root(doc), "/assessment-results/results"), 0);
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(res, "findings")), 3);
  assert_int_equal(yyjson_arr_size(yyjson_obj_get(res, "observations")), 3);
  assert_string_equal(yyjson_get_str(yyjson_ptr_get(res, "/findings/2/target/target-id")), "req-4-1-3_obj.2");
  assert_string_equal(yyjson_get_str(yyjson_ptr_get(res, "/findings/2/target/status/state")), "satisfied");
  yyjson_doc_free(doc);
  free(oscal);
  sqlite3_close(db);
  tu_rmrf(dir);
  free(dir);
}

static void test_pdf(void **state) {
  (void)state;
  cert_facts f;
  sample_facts(&f);
  snprintf(f.kid, sizeof f.kid, "0123456789abcdef");
  /* The longest public URL still fits its QR code. */
  memset(f.issuer, 'a', CERT_URL_MAX);
  memcpy(f.issuer, "https://", 8);
  f.issuer[CERT_URL_MAX] = '\0';
  cert_verify_url(f.issuer, f.rating_id, f.verify_url);
  hoshi_buf pdf = {0};
  hoshi_error e;
  assert_int_equal(cert_pdf(&f, "a.b.c", &pdf, &e), HOSHI_OK);
  assert_true(pdf.n > 1000);
  assert_memory_equal(pdf.p, "%PDF-", 5);
  hoshi_buf_free(&pdf);
}

int main(void) {
  if (util_init() != 0) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip_and_flipped_byte),
      cmocka_unit_test(test_rotation_keeps_old_keys),
      cmocka_unit_test(test_headers_and_limits),
      cmocka_unit_test(test_jwks_limits),
      cmocka_unit_test(test_register_and_issue),
      cmocka_unit_test(test_pdf),
      cmocka_unit_test(test_exports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Certificates over the database: the facts of a rating, issuing (signing, recording, auditing)
 * and the public register, which shows only valid ratings and only public fields. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cert/cert.h"
#include "store/store.h"

void cert_verify_url(const char *public_url, const char *rating_id, char out[CERT_VERIFY_URL_MAX + 1]) {
  snprintf(out, CERT_VERIFY_URL_MAX + 1, "%.*s/#/verify/%.31s", CERT_URL_MAX, public_url, rating_id);
}

hoshi_err cert_facts_for_rating(sqlite3 *db, const scs_rating *r, const char *public_url, cert_facts *out,
                                hoshi_error *e) {
  memset(out, 0, sizeof *out);
  if (strlen(public_url) > CERT_URL_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "public_url", "the public URL is longer than %d bytes", CERT_URL_MAX);
  org og;
  hoshi_err rc = org_get(db, r->org_id, &og, e);
  if (rc) return rc;
  snprintf(out->rating_id, sizeof out->rating_id, "%s", r->id);
  snprintf(out->corporate_number, sizeof out->corporate_number, "%s", og.corporate_number);
  snprintf(out->org_name_ja, sizeof out->org_name_ja, "%s", og.name_ja);
  snprintf(out->org_name_en, sizeof out->org_name_en, "%s", og.name_en);
  snprintf(out->level, sizeof out->level, "%s", r->level);
  snprintf(out->scope_kind, sizeof out->scope_kind, "%s", r->scope_kind);
  snprintf(out->scope_description, sizeof out->scope_description, "%s", r->scope_description);
  snprintf(out->issued, sizeof out->issued, "%s", r->issued_at);
  snprintf(out->expires, sizeof out->expires, "%s", r->expires_at);
  snprintf(out->catalog, sizeof out->catalog, "%s", r->catalog_id);
  catalog_info ci;
  if (catalog_get_info(db, r->catalog_id, &ci, NULL) == HOSHI_OK)
    snprintf(out->catalog_version, sizeof out->catalog_version, "%s", ci.version);
  snprintf(out->issuer, sizeof out->issuer, "%s", public_url);
  cert_verify_url(public_url, r->id, out->verify_url);
  /* Who stands behind the rating: the evaluation body (★4) or the expert's organization (★3). */
  scs_assessment a;
  if (scs_get(db, r->assessment_id, &a, NULL) == HOSHI_OK) {
    org by;
    user u;
    if (a.body_org_id[0] && org_get(db, a.body_org_id, &by, NULL) == HOSHI_OK)
      snprintf(out->assessed_by, sizeof out->assessed_by, "%s", by.name_ja);
    else if (a.expert_user_id[0] && user_get(db, a.expert_user_id, &u, NULL) == HOSHI_OK &&
             org_get(db, u.org_id, &by, NULL) == HOSHI_OK)
      snprintf(out->assessed_by, sizeof out->assessed_by, "%s", by.name_ja);
  }
  return HOSHI_OK;
}

static hoshi_err audit_key(sqlite3 *db, const audit_actor *who, const char *action, const cert_key *k,
                           const char *before, hoshi_error *e) {
  char summary[200];
  snprintf(summary, sizeof summary, "{\"before\":\"%s\",\"after\":{\"kid\":\"%s\",\"alg\":\"%s\"}}", before, k->kid,
           CERT_ALG);
  hoshi_err rc = store_begin(db, e);
  if (rc == HOSHI_OK) rc = audit_append(db, who, NULL, action, "signing_key", k->kid, summary, e);
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) store_rollback(db);
  return rc;
}

hoshi_err cert_keys_ensure(sqlite3 *db, const audit_actor *who, const char *dir, cert_key *out, hoshi_error *e) {
  unsigned char sk[64];
  int created = 0;
  hoshi_err rc = cert_keys_current(dir, 1, out, sk, &created, e);
  sodium_memzero(sk, sizeof sk);
  if (rc == HOSHI_OK && created) rc = audit_key(db, who, "signing_key.create", out, "", e);
  return rc;
}

hoshi_err cert_rotate(sqlite3 *db, const audit_actor *who, const char *dir, cert_key *out, hoshi_error *e) {
  cert_keyset ks;
  char before[CERT_KID_LEN + 1] = "";
  if (cert_keys_load(dir, &ks, NULL) == HOSHI_OK)
    for (size_t i = 0; i < ks.n; i++)
      if (ks.keys[i].current) snprintf(before, sizeof before, "%s", ks.keys[i].kid);
  hoshi_err rc = cert_keys_rotate(dir, out, e);
  if (rc == HOSHI_OK) rc = audit_key(db, who, "signing_key.rotate", out, before, e);
  return rc;
}

/* The stored certificate for these claims and key, or NULL. */
static char *stored(sqlite3 *db, const char *rating_id, const char *kid, const char *sha) {
  sqlite3_stmt *st = NULL;
  char *jws = NULL;
  if (sqlite3_prepare_v2(db, "SELECT jws FROM certificates WHERE rating_id = ? AND kid = ? AND claims_sha256 = ?", -1, &st,
                         NULL) != SQLITE_OK)
    return NULL;
  store_bind_text(st, 1, rating_id);
  store_bind_text(st, 2, kid);
  store_bind_text(st, 3, sha);
  if (sqlite3_step(st) == SQLITE_ROW) jws = strdup(store_col_text(st, 0));
  sqlite3_finalize(st);
  return jws;
}

hoshi_err cert_issue(sqlite3 *db, const audit_actor *who, const cert_config *cfg, const char *rating_id, char **jws,
                     hoshi_error *e) {
  *jws = NULL;
  scs_rating r;
  hoshi_err rc = scs_rating_get(db, rating_id, &r, e);
  if (rc) return rc;
  const char *status = scs_rating_effective_status(&r, time(NULL));
  if (strcmp(status, "valid") != 0)
    return hoshi_fail(e, HOSHI_ECONFLICT, "status", "rating is '%s'; certificates are issued for valid ratings only",
                      status);
  cert_facts f;
  if ((rc = cert_facts_for_rating(db, &r, cfg->public_url, &f, e))) return rc;
  size_t clen = 0;
  char *claims = cert_claims_json(&f, &clen);
  if (claims == NULL) return hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
  char sha[65];
  util_sha256_hex(claims, clen, sha);
  cert_key k;
  unsigned char sk[64];
  int created = 0;
  if ((rc = cert_keys_current(cfg->keys_dir, 1, &k, sk, &created, e))) {
    free(claims);
    return rc;
  }
  if ((rc = store_begin(db, e))) goto done;
  *jws = stored(db, r.id, k.kid, sha);
  if (*jws) {
    store_rollback(db);
    goto done;
  }
  if ((rc = cert_jws_sign(claims, clen, &k, sk, jws, e))) {
    store_rollback(db);
    goto done;
  }
  char id[UTIL_ID_LEN], now[UTIL_TIME_LEN], summary[256];
  util_new_id("crt", id);
  util_now_iso(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO certificates(id, rating_id, kid, claims_sha256, jws, created_at) VALUES (?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK) {
    rc = store_fail(db, e, "recording certificate");
  } else {
    const char *v[] = {id, r.id, k.kid, sha, *jws, now};
    for (int i = 0; i < 6; i++) store_bind_text(st, i + 1, v[i]);
    if (sqlite3_step(st) != SQLITE_DONE) rc = store_fail(db, e, "recording certificate");
  }
  sqlite3_finalize(st);
  if (rc == HOSHI_OK && created) {
    snprintf(summary, sizeof summary, "{\"before\":\"\",\"after\":{\"kid\":\"%s\",\"alg\":\"%s\"}}", k.kid, CERT_ALG);
    rc = audit_append(db, who, NULL, "signing_key.create", "signing_key", k.kid, summary, e);
  }
  if (rc == HOSHI_OK) {
    snprintf(summary, sizeof summary, "{\"after\":{\"rating\":\"%s\",\"kid\":\"%s\",\"claims_sha256\":\"%s\"}}", r.id,
             k.kid, sha);
    rc = audit_append(db, who, r.org_id, "certificate.issue", "certificate", id, summary, e);
  }
  if (rc == HOSHI_OK) rc = store_commit(db, e);
  if (rc) {
    store_rollback(db);
    free(*jws);
    *jws = NULL;
  }
done:
  sodium_memzero(sk, sizeof sk);
  free(claims);
  return rc;
}

#define E_COLUMNS                                                                                                 \
  "r.id, o.corporate_number, o.name_ja, o.name_en, r.level, r.scope_kind, r.scope_description, r.catalog_id,"     \
  " r.issued_at, r.expires_at, r.status, coalesce(r.status_changed_at, '')"

static void row_to_entry(sqlite3_stmt *st, time_t now, cert_entry *x) {
  memset(x, 0, sizeof *x);
  char *dst[] = {x->rating_id, x->corporate_number, x->org_name_ja, x->org_name_en, x->level, x->scope_kind,
                 x->scope_description, x->catalog, x->issued, x->expires, x->status, x->status_changed};
  size_t sz[] = {sizeof x->rating_id, sizeof x->corporate_number, sizeof x->org_name_ja, sizeof x->org_name_en,
                 sizeof x->level, sizeof x->scope_kind, sizeof x->scope_description, sizeof x->catalog,
                 sizeof x->issued, sizeof x->expires, sizeof x->status, sizeof x->status_changed};
  for (int i = 0; i < 12; i++) snprintf(dst[i], sz[i], "%s", store_col_text(st, i));
  scs_rating r;
  memset(&r, 0, sizeof r);
  snprintf(r.status, sizeof r.status, "%s", x->status);
  snprintf(r.expires_at, sizeof r.expires_at, "%s", x->expires);
  snprintf(x->status, sizeof x->status, "%s", scs_rating_effective_status(&r, now));
}

hoshi_err cert_register_search(sqlite3 *db, const char *q, time_t now, cert_entry **out, size_t *n, hoshi_error *e) {
  *out = NULL;
  *n = 0;
  if (q && strlen(q) > CERT_QUERY_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "q", "the query is %zu bytes; at most %d", strlen(q), CERT_QUERY_MAX);
  if (q && *q == '\0') q = NULL;
  char nowiso[UTIL_TIME_LEN];
  util_time_iso(now, nowiso);
  sqlite3_stmt *st = NULL;
  /* The register lists what is valid at this moment: a suspension, revocation or expiry takes
   * the rating out on the next request. instr() avoids LIKE's wildcards in user input. */
  if (sqlite3_prepare_v2(db,
                         "SELECT " E_COLUMNS " FROM ratings r JOIN organizations o ON o.id = r.org_id"
                         " WHERE r.status = 'valid' AND r.expires_at > ?1"
                         " AND (?2 IS NULL OR instr(o.name_ja, ?2) > 0 OR instr(lower(o.name_en), lower(?2)) > 0"
                         "      OR substr(o.corporate_number, 1, length(?2)) = ?2)"
                         " ORDER BY o.name_ja, r.level DESC, r.issued_at DESC LIMIT ?3",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "searching the register");
  store_bind_text(st, 1, nowiso);
  store_bind_text(st, 2, q);
  sqlite3_bind_int(st, 3, CERT_REGISTER_MAX);
  hoshi_err rc = HOSHI_OK;
  size_t cap = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      cert_entry *p = realloc(*out, cap * sizeof *p);
      if (p == NULL) {
        rc = hoshi_fail(e, HOSHI_ENOMEM, "", "out of memory");
        break;
      }
      *out = p;
    }
    row_to_entry(st, now, &(*out)[(*n)++]);
  }
  if (rc == HOSHI_OK && step != SQLITE_DONE) rc = store_fail(db, e, "searching the register");
  sqlite3_finalize(st);
  if (rc) {
    free(*out);
    *out = NULL;
    *n = 0;
  }
  return rc;
}

hoshi_err cert_register_get(sqlite3 *db, const char *rating_id, time_t now, cert_entry *out, hoshi_error *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT " E_COLUMNS " FROM ratings r JOIN organizations o ON o.id = r.org_id WHERE r.id = ?",
                         -1, &st, NULL) != SQLITE_OK)
    return store_fail(db, e, "reading the register");
  store_bind_text(st, 1, rating_id);
  hoshi_err rc = HOSHI_OK;
  if (sqlite3_step(st) == SQLITE_ROW) row_to_entry(st, now, out);
  else rc = hoshi_fail(e, HOSHI_ENOTFOUND, "id", "no rating %.64s in the register", rating_id);
  sqlite3_finalize(st);
  return rc;
}

/* SCS certificates anyone can verify: Ed25519 signing keys in a folder, certificates as JWS
 * compact serializations, the JWKS, the public register, the PDF and the assessment exports. */
#ifndef HOSHI_CERT_H
#define HOSHI_CERT_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/util.h"
#include "hoshi/buf.h"
#include "hoshi/err.h"
#include "org/org.h"
#include "scs/scs.h"

#define CERT_JWS_MAX 16384          /* bytes of one certificate (pasted, uploaded or read) */
#define CERT_JWKS_MAX (256 * 1024)  /* bytes of a JWKS document read by `hoshi verify` */
#define CERT_KEYS_MAX 64            /* keys in one key folder or JWKS */
#define CERT_KID_LEN 16             /* characters of the RFC 7638 thumbprint kept as kid */
#define CERT_URL_MAX 400            /* the server's public base URL */
#define CERT_VERIFY_URL_MAX (CERT_URL_MAX + 64)
#define CERT_REGISTER_MAX 100       /* rows in one register answer */
#define CERT_QUERY_MAX 200          /* bytes of a register query */
#define CERT_TYP "scs-certificate+jwt"
#define CERT_ALG "Ed25519"          /* RFC 9864; "EdDSA" (RFC 8037) is accepted when verifying */

/* ---- keys (keys.c) ----
 * A key folder holds <kid>.pub (public, 0644), <kid>.key (the 32-byte seed, 0600, only for the
 * current key) and `current` (the kid that signs). Rotation makes a new current key, deletes the
 * old seed and keeps every .pub so old certificates still verify. */
typedef struct cert_key {
  char kid[CERT_KID_LEN + 1];
  unsigned char pk[32];
  char created[UTIL_TIME_LEN];
  int current;
} cert_key;

/* A set of public keys; plain value, nothing to free. */
typedef struct cert_keyset {
  cert_key keys[CERT_KEYS_MAX];
  size_t n;
} cert_keyset;

/* kid of a public key: the first CERT_KID_LEN characters of its RFC 7638 JWK thumbprint. */
void cert_kid(const unsigned char pk[32], char kid[CERT_KID_LEN + 1]);
/* The public keys in dir (none when dir does not exist), newest first. */
hoshi_err cert_keys_load(const char *dir, cert_keyset *out, hoshi_error *e);
/* The current signing key; with create, makes the folder and a first key when there is none
 * (*created set to 1). sk receives the libsodium secret key; wipe it after use. */
hoshi_err cert_keys_current(const char *dir, int create, cert_key *pub, unsigned char sk[64], int *created,
                            hoshi_error *e);
/* Makes a new current key and removes the previous seed; ELIMIT at CERT_KEYS_MAX keys. */
hoshi_err cert_keys_rotate(const char *dir, cert_key *out, hoshi_error *e);

/* ---- JWS and JWKS (jws.c) ---- */

/* The facts a certificate carries; plain value. */
typedef struct cert_facts {
  char rating_id[UTIL_ID_LEN];
  char corporate_number[14];
  char org_name_ja[ORG_NAME_MAX + 1];
  char org_name_en[ORG_NAME_MAX + 1];
  char level[16];
  char scope_kind[16];
  char scope_description[SCS_SCOPE_MAX + 1];
  char issued[UTIL_TIME_LEN];
  char expires[UTIL_TIME_LEN];
  char catalog[CATALOG_ID_MAX + 1];
  char catalog_version[CATALOG_ID_MAX + 1];
  char issuer[CERT_URL_MAX + 1];           /* iss: the register that signed */
  char assessed_by[ORG_NAME_MAX + 1];      /* the expert's organization or the evaluation body */
  char verify_url[CERT_VERIFY_URL_MAX + 1];
  /* Filled by verification from the header. */
  char kid[CERT_KID_LEN + 1];
  char alg[16];
} cert_facts;

typedef enum cert_verdict {
  CERT_VALID = 0,
  CERT_MALFORMED,     /* not a compact JWS, bad base64url or JSON, missing claims, too long */
  CERT_BAD_ALG,       /* alg other than Ed25519 / EdDSA, or a crit header */
  CERT_UNKNOWN_KEY,   /* kid not in the key set */
  CERT_BAD_SIGNATURE,
  CERT_EXPIRED        /* signature good, but exp has passed */
} cert_verdict;

/* "valid", "malformed", "bad_alg", "unknown_key", "bad_signature", "expired". */
const char *cert_verdict_name(cert_verdict v);

/* The JSON claims for facts (JWT claims iss/sub/iat/exp plus the SCS facts). Caller frees. */
char *cert_claims_json(const cert_facts *f, size_t *len);
/* Signs claims as a compact JWS with the given key. *out malloc'd (NUL-terminated). */
hoshi_err cert_jws_sign(const char *claims, size_t claims_len, const cert_key *k, const unsigned char sk[64],
                        char **out, hoshi_error *e);
/* Verifies a compact JWS against keys at time now. facts is filled whenever the signature is
 * good (also when expired). e->message says why for every other verdict. */
cert_verdict cert_jws_verify(const char *jws, size_t len, const cert_keyset *keys, time_t now, cert_facts *facts,
                             hoshi_error *e);
/* {"keys":[{"kty":"OKP","crv":"Ed25519","x","kid","use":"sig","alg":"Ed25519"}…]}; caller frees. */
char *cert_jwks_json(const cert_keyset *ks, size_t *len);
/* Reads the Ed25519 keys of a JWKS (other key types are skipped). */
hoshi_err cert_jwks_parse(const char *json, size_t len, cert_keyset *out, hoshi_error *e);

/* ---- certificates over the database (cert.c) ---- */

/* Where the server finds its keys and how it names itself in URLs; strings borrowed. */
typedef struct cert_config {
  const char *keys_dir;
  const char *public_url; /* "https://hoshi.example.jp", no trailing slash */
} cert_config;

/* "<public_url>/#/verify/<rating_id>". */
void cert_verify_url(const char *public_url, const char *rating_id, char out[CERT_VERIFY_URL_MAX + 1]);
/* The current key, made (and audited) when the folder has none yet. */
hoshi_err cert_keys_ensure(sqlite3 *db, const audit_actor *who, const char *dir, cert_key *out, hoshi_error *e);
/* cert_keys_rotate plus the audit record. */
hoshi_err cert_rotate(sqlite3 *db, const audit_actor *who, const char *dir, cert_key *out, hoshi_error *e);
/* The facts of a rating as of now. */
hoshi_err cert_facts_for_rating(sqlite3 *db, const scs_rating *r, const char *public_url, cert_facts *out,
                                hoshi_error *e);
/* The signed certificate of a rating whose effective status is valid (ECONFLICT otherwise).
 * The first signature of given facts with a given key is recorded and audited. *jws malloc'd. */
hoshi_err cert_issue(sqlite3 *db, const audit_actor *who, const cert_config *cfg, const char *rating_id, char **jws,
                     hoshi_error *e);

/* One row of the public register: public fields only. */
typedef struct cert_entry {
  char rating_id[UTIL_ID_LEN];
  char corporate_number[14];
  char org_name_ja[ORG_NAME_MAX + 1];
  char org_name_en[ORG_NAME_MAX + 1];
  char level[16];
  char scope_kind[16];
  char scope_description[SCS_SCOPE_MAX + 1];
  char catalog[CATALOG_ID_MAX + 1];
  char issued[UTIL_TIME_LEN];
  char expires[UTIL_TIME_LEN];
  char status[16]; /* effective: valid | expired | suspended | revoked */
  char status_changed[UTIL_TIME_LEN];
} cert_entry;

/* Ratings valid at now whose organization name contains q or whose 法人番号 starts with q
 * (q NULL or empty: all), at most CERT_REGISTER_MAX. *out malloc'd. */
hoshi_err cert_register_search(sqlite3 *db, const char *q, time_t now, cert_entry **out, size_t *n, hoshi_error *e);
/* The public entry of one rating in any state (ENOTFOUND when there is none). */
hoshi_err cert_register_get(sqlite3 *db, const char *rating_id, time_t now, cert_entry *out, hoshi_error *e);

/* ---- documents (pdf.c, export.c) ---- */

/* The A4 PDF certificate for the signed facts (as read back from jws), with a QR code of
 * facts->verify_url and the SHA-256 of the JWS; appended to out. */
hoshi_err cert_pdf(const cert_facts *facts, const char *jws, hoshi_buf *out, hoshi_error *e);
#define CERT_XLSX_CELL_MAX 32767 /* characters Excel keeps in one cell */
/* Appends a line to a cell's text; when it would pass CERT_XLSX_CELL_MAX, ends the cell with
 * "…" instead and returns -1. */
int cert_cell_add_line(hoshi_buf *cell, const char *line);
/* The assessment as an XLSX workbook, one sheet per category; appended to out. tmp_dir holds
 * the temporary file libxlsxwriter needs. */
hoshi_err cert_export_xlsx(sqlite3 *db, const scs_assessment *a, const char *tmp_dir, hoshi_buf *out, hoshi_error *e);
/* The assessment as OSCAL assessment-results JSON. *out malloc'd. */
hoshi_err cert_export_oscal(sqlite3 *db, const scs_assessment *a, char **out, size_t *len, hoshi_error *e);

#endif

/* Users, roles, passwords (Argon2id), browser sessions, API tokens, login throttling and
 * the authorization rules. A principal is who a request acts as; authz_* decide, in one
 * place per resource, what it may do (deny by default). */
#ifndef HOSHI_AUTH_H
#define HOSHI_AUTH_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#include "audit/audit.h"
#include "core/util.h"
#include "hoshi/err.h"

enum {
  ROLE_ADMIN = 1u << 0,     /* scheme operator */
  ROLE_MEMBER = 1u << 1,    /* acts for its organization as buyer and/or supplier */
  ROLE_EXPERT = 1u << 2,    /* confirms ★3 self-assessments */
  ROLE_EVALUATOR = 1u << 3, /* works for a ★4 evaluation body */
  ROLE_AUDITOR = 1u << 4,   /* read-only */
  ROLE_ALL = (1u << 5) - 1
};

#define AUTH_USERNAME_MAX 254   /* an e-mail address at most */
#define AUTH_DISPLAY_MAX 300
#define AUTH_PASSWORD_MIN 10    /* SCS 4-1-5: ≥10 characters when no MFA */
#define AUTH_PASSWORD_MAX 256   /* bounds the work one login can cost the server */
#define AUTH_TOKEN_NAME_MAX 100
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_THROTTLE_FREE 3    /* failures allowed before each attempt must wait */
#define AUTH_THROTTLE_MAX_WAIT 900
#define AUTH_USER_LIST_MAX 10000

/* Parses "admin,member" (or a JSON-ish list already split) into a bitmask; returns -1 and
 * fills e for an unknown role name. */
int auth_roles_parse(const char *csv, hoshi_error *e);
/* Writes "admin,member" into out. */
void auth_roles_format(unsigned roles, char *out, size_t n);
extern const char *const auth_role_names[]; /* indexed by bit number */

/* Argon2id via libsodium (interactive limits). out holds crypto_pwhash_STRBYTES. */
hoshi_err auth_password_hash(const char *password, char *out, size_t n, hoshi_error *e);
int auth_password_verify(const char *hash, const char *password);
hoshi_err auth_password_check_policy(const char *password, hoshi_error *e);

typedef struct user {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char username[AUTH_USERNAME_MAX + 1];
  char display_name[AUTH_DISPLAY_MAX + 1];
  char email[AUTH_USERNAME_MAX + 1];
  unsigned roles;
  int disabled;
  char created_at[UTIL_TIME_LEN];
} user;

typedef struct user_fields {
  const char *org_id;
  const char *username;
  const char *display_name;
  const char *email;
  const char *password; /* create only */
  int roles;            /* -1: not given */
  int disabled;         /* -1: not given */
} user_fields;
#define USER_FIELDS_INIT {NULL, NULL, NULL, NULL, NULL, -1, -1}

hoshi_err user_create(sqlite3 *db, const audit_actor *who, const user_fields *in, user *out, hoshi_error *e);
hoshi_err user_update(sqlite3 *db, const audit_actor *who, const char *id, const user_fields *in,
                      user *out, hoshi_error *e);
hoshi_err user_set_password(sqlite3 *db, const audit_actor *who, const char *id, const char *password,
                            hoshi_error *e);
hoshi_err user_get(sqlite3 *db, const char *id, user *out, hoshi_error *e);
hoshi_err user_get_by_username(sqlite3 *db, const char *username, user *out, hoshi_error *e);
/* All users, or those of org_id when non-NULL. *out malloc'd. */
hoshi_err user_list(sqlite3 *db, const char *org_id, user **out, size_t *n, hoshi_error *e);

/* Who a request acts as. */
typedef struct principal {
  char user_id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char username[AUTH_USERNAME_MAX + 1];
  unsigned roles;      /* effective: a token's roles intersected with the user's */
  int via_session;     /* 1: cookie session (needs CSRF on writes); 0: bearer token */
  char csrf[65];       /* session only */
  char token_id[UTIL_ID_LEN];
} principal;

/* Login: checks throttling, the password, records the attempt (audited). On success returns a
 * new session secret (64 hex) to put in the cookie and fills p (with its CSRF token).
 * HOSHI_ETHROTTLE sets *retry_after (seconds). */
hoshi_err auth_login(sqlite3 *db, const char *username, const char *password, const char *request_id,
                     char secret_out[65], principal *p, int *retry_after, hoshi_error *e);
/* True when password is the user's current password (no side effects). */
int auth_check_password(sqlite3 *db, const char *user_id, const char *password);
hoshi_err auth_logout(sqlite3 *db, const char *secret, const audit_actor *who, hoshi_error *e);
/* Resolves a session secret; EAUTH when unknown, expired, or the user is disabled. */
hoshi_err auth_session(sqlite3 *db, const char *secret, principal *p, hoshi_error *e);

typedef struct api_token {
  char id[UTIL_ID_LEN];
  char user_id[UTIL_ID_LEN];
  char name[AUTH_TOKEN_NAME_MAX + 1];
  unsigned roles;
  char created_at[UTIL_TIME_LEN];
  char expires_at[UTIL_TIME_LEN]; /* "" = never */
  char revoked_at[UTIL_TIME_LEN]; /* "" = active */
} api_token;

#define AUTH_TOKEN_SECRET_LEN 72 /* "hoshi_" + 64 hex + NUL, rounded */
/* Creates a token for user_id limited to `roles` (must be a subset of the user's; 0 = all of
 * them). The secret is returned once and only its hash is stored. */
hoshi_err token_create(sqlite3 *db, const audit_actor *who, const char *user_id, const char *name,
                       unsigned roles, int ttl_days, api_token *out, char secret[AUTH_TOKEN_SECRET_LEN],
                       hoshi_error *e);
hoshi_err token_revoke(sqlite3 *db, const audit_actor *who, const char *id, hoshi_error *e);
hoshi_err token_get(sqlite3 *db, const char *id, api_token *out, hoshi_error *e);
hoshi_err token_list(sqlite3 *db, const char *user_id, api_token **out, size_t *n, hoshi_error *e);
/* Resolves a bearer secret; EAUTH when unknown, revoked, expired or the user is disabled. */
hoshi_err auth_token(sqlite3 *db, const char *secret, principal *p, hoshi_error *e);

/* ---- authorization: one function per resource, deny by default ---- */
typedef enum authz_action { AUTHZ_READ, AUTHZ_CREATE, AUTHZ_UPDATE } authz_action;
int authz_org(const principal *p, authz_action a, const char *org_id);
/* target_org: the user's organization; target_roles: roles the user has or would get. */
int authz_user(const principal *p, authz_action a, const char *target_user_id, const char *target_org,
               unsigned target_roles);
int authz_password(const principal *p, const char *target_user_id);
int authz_token(const principal *p, const char *token_owner_id);
/* org_id NULL: the whole log (admin, auditor); else one organization's records. */
int authz_audit(const principal *p, const char *org_id);
/* Outgoing webhooks of org_id: only its own members, for every action. The operator is not
 * let in either: a webhook decides where an organization's events are sent. */
int authz_webhook(const principal *p, authz_action a, const char *org_id);
/* True when the principal may see every organization (admin or auditor). */
int authz_sees_all(const principal *p);

/* An audit actor for a principal (borrows p's strings). */
audit_actor auth_actor(const principal *p, const char *request_id);

#endif

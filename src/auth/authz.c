/* Authorization rules, one function per resource; anything not allowed here is denied.
 * Handlers call these before touching data and answer 403 (or 404 to hide existence). */
#include <string.h>

#include "auth/auth.h"

#define HAS(p, r) (((p)->roles & (r)) != 0)

int authz_sees_all(const principal *p) { return HAS(p, ROLE_ADMIN | ROLE_AUDITOR); }

int authz_org(const principal *p, authz_action a, const char *org_id) {
  switch (a) {
    case AUTHZ_READ:
      return authz_sees_all(p) || (org_id && strcmp(org_id, p->org_id) == 0);
    case AUTHZ_CREATE:
      return HAS(p, ROLE_ADMIN);
    case AUTHZ_UPDATE:
      return HAS(p, ROLE_ADMIN) || (HAS(p, ROLE_MEMBER) && org_id && strcmp(org_id, p->org_id) == 0);
  }
  return 0;
}

/* Members may manage their own organization's people, but only grant member/auditor: the
 * operator (admin) hands out admin, expert and evaluator. */
int authz_user(const principal *p, authz_action a, const char *target_user_id, const char *target_org,
               unsigned target_roles) {
  if (HAS(p, ROLE_ADMIN)) return 1;
  int same_org = target_org && strcmp(target_org, p->org_id) == 0;
  switch (a) {
    case AUTHZ_READ:
      if (target_user_id && strcmp(target_user_id, p->user_id) == 0) return 1;
      return HAS(p, ROLE_AUDITOR) || (HAS(p, ROLE_MEMBER) && same_org);
    case AUTHZ_CREATE:
    case AUTHZ_UPDATE:
      return HAS(p, ROLE_MEMBER) && same_org && (target_roles & ~(unsigned)(ROLE_MEMBER | ROLE_AUDITOR)) == 0;
  }
  return 0;
}

int authz_password(const principal *p, const char *target_user_id) {
  return HAS(p, ROLE_ADMIN) || (target_user_id && strcmp(target_user_id, p->user_id) == 0);
}

int authz_token(const principal *p, const char *token_owner_id) {
  return HAS(p, ROLE_ADMIN) || (token_owner_id && strcmp(token_owner_id, p->user_id) == 0);
}

int authz_audit(const principal *p, const char *org_id) {
  if (authz_sees_all(p)) return 1;
  return org_id && HAS(p, ROLE_MEMBER) && strcmp(org_id, p->org_id) == 0;
}

int authz_webhook(const principal *p, authz_action a, const char *org_id) {
  (void)a; /* reading shows the delivery bodies, so it needs the same standing as changing */
  return org_id && HAS(p, ROLE_MEMBER) && strcmp(org_id, p->org_id) == 0;
}

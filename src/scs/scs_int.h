/* Helpers shared by the SCS source files (not part of the scs.h interface). */
#ifndef HOSHI_SCS_INT_H
#define HOSHI_SCS_INT_H

#include "scs/scs.h"

/* Level "3" is the self-assessment path with an expert; any other level is evaluated by an
 * evaluation body. */
int scs_is_self_path(const char *level);
/* Begins a write transaction and re-reads the assessment; ECONFLICT (rolled back) when its
 * state is not in allowed, naming the current state and what `doing` needs. */
hoshi_err scs_tx_begin(sqlite3 *db, const char *id, const char *const *allowed, const char *doing, scs_assessment *cur,
                       hoshi_error *e);
/* Sets updated_at. */
hoshi_err scs_touch(sqlite3 *db, const char *id, hoshi_error *e);
int scs_criterion_in_level(sqlite3 *db, const scs_assessment *a, const char *criterion);
/* Inside a transaction: issues the rating for a met assessment (status → rated). */
hoshi_err scs_issue_rating(sqlite3 *db, const audit_actor *who, const scs_assessment *a, char rating_id[UTIL_ID_LEN],
                           hoshi_error *e);
/* Inside a transaction: an in-app notification for an organization, once per dedupe key. */
hoshi_err scs_notify(sqlite3 *db, const char *org_id, const char *kind, const char *subject, const char *ja,
                     const char *en, const char *dedupe_key, hoshi_error *e);
/* Same, keeping the prepared INSERT in *cache between calls (made on first use; the caller
 * finalizes it): for callers writing thousands of notifications in one transaction. */
hoshi_err scs_notify_with(sqlite3 *db, sqlite3_stmt **cache, const char *org_id, const char *kind, const char *subject,
                          const char *ja, const char *en, const char *dedupe_key, hoshi_error *e);

#endif

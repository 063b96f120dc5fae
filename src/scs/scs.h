/* SCS評価制度 assessments: the ★3 path (self-assessment → expert confirmation → executive
 * declaration → rating) and the ★4 path (evaluation request → evaluation body → findings →
 * corrective actions → decision → rating), evidence files, ratings and improvement plans.
 * Every change is one transaction with its audit record; illegal transitions are
 * HOSHI_ECONFLICT naming the current state. */
#ifndef HOSHI_SCS_H
#define HOSHI_SCS_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "catalog/catalog.h"
#include "core/util.h"
#include "hoshi/err.h"

#define SCS_SCOPE_MAX 2000
#define SCS_TEXT_MAX 4000        /* reasons, comments, notes, corrective actions */
#define SCS_EXCLUSIONS_MAX 100
#define SCS_ASSET_MAX 300
#define SCS_EVIDENCE_MAX (20 * 1024 * 1024)
#define SCS_FILENAME_MAX 200
#define SCS_LIST_MAX 1000
#define SCS_STAR4_VALIDITY_MONTHS_DEFAULT 36

/* States. ★3: draft → submitted → confirmed → rated (returned goes back to draft).
 * ★4: draft → requested → evaluating ⇄ corrective_actions → rated | failed. */
#define SCS_DRAFT "draft"
#define SCS_SUBMITTED "submitted"
#define SCS_CONFIRMED "confirmed"
#define SCS_REQUESTED "requested"
#define SCS_EVALUATING "evaluating"
#define SCS_CORRECTIVE "corrective_actions"
#define SCS_RATED "rated"
#define SCS_FAILED "failed"

typedef struct scs_assessment {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char catalog_id[CATALOG_ID_MAX + 1];
  char level[16];
  char scope_kind[16]; /* group | company | division */
  char scope_description[SCS_SCOPE_MAX + 1];
  char status[24];
  char expert_user_id[UTIL_ID_LEN];
  char body_org_id[UTIL_ID_LEN];
  char previous_id[UTIL_ID_LEN];
  char rating_id[UTIL_ID_LEN];
  char return_reason[SCS_TEXT_MAX + 1];
  char decision_reason[SCS_TEXT_MAX + 1];
  char eval_start[16];
  char eval_end[16];
  char created_by[UTIL_ID_LEN];
  char created_at[UTIL_TIME_LEN];
  char updated_at[UTIL_TIME_LEN];
} scs_assessment;

typedef struct scs_exclusion {
  const char *asset;
  const char *reason;
} scs_exclusion;

/* Input for a new assessment; strings borrowed. expert_user_id NULL: the organization's
 * default expert (★3). from_id: copy answers of an earlier assessment, marked "to review". */
typedef struct scs_new {
  const char *org_id;
  const char *catalog_id;
  const char *level;
  const char *scope_kind;
  const char *scope_description;
  const scs_exclusion *exclusions;
  size_t n_exclusions;
  const char *expert_user_id;
  const char *from_id;
} scs_new;

/* What the caller is to this assessment; filled by scs_relation. */
typedef struct scs_relation {
  int supplier;  /* member of the assessed organization */
  int expert;    /* the assigned expert */
  int evaluator; /* an evaluator assigned to this evaluation */
  int body;      /* member or evaluator of the chosen evaluation body */
  int operator_; /* admin */
  int auditor;
  int buyer;     /* a buyer holding an active share of this assessment or its rating */
} scs_relation;

typedef enum scs_action {
  SCS_READ,
  SCS_EDIT,        /* answers, exclusions, evidence while draft */
  SCS_SUBMIT,
  SCS_REVIEW,      /* expert: comment, confirm, return */
  SCS_DECLARE,
  SCS_REQUEST_EVAL,
  SCS_ACCEPT_EVAL,
  SCS_EVALUATE,    /* evaluator: findings, test report, corrections request, decision */
  SCS_CORRECT,     /* supplier: corrective actions */
  SCS_EVIDENCE_READ,
  SCS_RATING_ADMIN /* suspend, revoke, reinstate */
} scs_action;

hoshi_err scs_relation_of(sqlite3 *db, const principal *p, const scs_assessment *a, scs_relation *r, hoshi_error *e);
/* The one place that decides who may do what to an assessment. */
int scs_allowed(const scs_relation *r, scs_action action);

hoshi_err scs_create(sqlite3 *db, const audit_actor *who, const scs_new *in, scs_assessment *out, hoshi_error *e);
hoshi_err scs_get(sqlite3 *db, const char *id, scs_assessment *out, hoshi_error *e);

/* Assessments visible to a principal: its organization's, those it reviews or evaluates, or
 * all for admin/auditor. status may be NULL. *out malloc'd. */
hoshi_err scs_list(sqlite3 *db, const principal *p, const char *status, scs_assessment **out, size_t *n,
                   hoshi_error *e);

/* Answers. status: implemented | partial | not_implemented | not_applicable (reason needed). */
hoshi_err scs_answer(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                     const char *status, const char *reason, const char *comment, hoshi_error *e);

/* ★3 transitions. */
hoshi_err scs_submit(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e);
hoshi_err scs_assign_expert(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *expert_id,
                            hoshi_error *e);
hoshi_err scs_comment(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *requirement,
                      const char *body, hoshi_error *e);
hoshi_err scs_confirm(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e);
hoshi_err scs_return(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *reason, hoshi_error *e);

typedef struct scs_declaration {
  const char *exec_name;
  const char *exec_title;
  const char *declared_on; /* YYYY-MM-DD */
  const char *text;
} scs_declaration;
/* Issues the rating when every criterion of the level is met; rating_id receives its id. */
hoshi_err scs_declare(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const scs_declaration *d,
                      char rating_id[UTIL_ID_LEN], hoshi_error *e);

/* ★4 transitions. */
hoshi_err scs_request_evaluation(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *body_org_id,
                                 hoshi_error *e);
hoshi_err scs_accept_evaluation(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *const *evaluators,
                                size_t n_evaluators, const char *start, const char *end, hoshi_error *e);
/* result: conformant | minor | major | observation. */
hoshi_err scs_finding(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                      const char *result, const char *note, hoshi_error *e);
hoshi_err scs_request_corrections(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e);
hoshi_err scs_corrective_action(sqlite3 *db, const audit_actor *who, const scs_assessment *a, const char *criterion,
                                const char *action, hoshi_error *e);
hoshi_err scs_corrections_done(sqlite3 *db, const audit_actor *who, const scs_assessment *a, hoshi_error *e);
/* pass: issues the rating (needs the technical test report and every criterion conformant or
 * observation); fail: ends the evaluation. */
hoshi_err scs_decide(sqlite3 *db, const audit_actor *who, const scs_assessment *a, int pass, const char *reason,
                     char rating_id[UTIL_ID_LEN], hoshi_error *e);

/* ---- evidence ---- */
typedef struct scs_evidence {
  char id[UTIL_ID_LEN];
  char assessment_id[UTIL_ID_LEN];
  char criterion_id[CATALOG_REF_MAX + 1];
  char kind[24]; /* evidence | technical_test | corrective */
  char sha256[65];
  char filename[SCS_FILENAME_MAX + 1];
  char content_type[128];
  long long size;
  char uploaded_by[UTIL_ID_LEN];
  char uploaded_at[UTIL_TIME_LEN];
} scs_evidence;

/* Stores bytes under data_dir/xx/<sha256> (once per content) after sniffing the type; refuses
 * types outside the allow-list. */
hoshi_err scs_evidence_add(sqlite3 *db, const audit_actor *who, const char *data_dir, const scs_assessment *a,
                           const char *criterion, const char *kind, const char *filename, const void *data,
                           size_t len, scs_evidence *out, hoshi_error *e);
hoshi_err scs_evidence_get(sqlite3 *db, const char *id, scs_evidence *out, hoshi_error *e);
hoshi_err scs_evidence_list(sqlite3 *db, const char *assessment_id, scs_evidence **out, size_t *n, hoshi_error *e);
/* Path of the stored bytes (data_dir/xx/sha256). */
void scs_evidence_path(const char *data_dir, const char *sha256, char *out, size_t n);
/* Shared with other subsystems that store files the same way (JC-STAR evidence): writes the
 * bytes under data_dir/xx/<sha256> (temp file, fsync, rename; kept when already there), checks
 * an uploaded file name, and inserts the evidence_blobs row inside the caller's transaction. */
hoshi_err scs_evidence_write_blob(const char *data_dir, const char *sha, const void *data, size_t len, hoshi_error *e);
hoshi_err scs_evidence_check_filename(const char *name, hoshi_error *e);
hoshi_err scs_evidence_blob_row(sqlite3 *db, const char *sha256, long long size, const char *content_type,
                                const char *at, hoshi_error *e);
/* Content type sniffed from the bytes (libmagic); NULL when not allowed. */
const char *scs_evidence_sniff(const void *data, size_t len, char *out, size_t n);

/* ---- ratings ---- */
typedef struct scs_rating {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char assessment_id[UTIL_ID_LEN];
  char catalog_id[CATALOG_ID_MAX + 1];
  char level[16];
  char scope_kind[16];
  char scope_description[SCS_SCOPE_MAX + 1];
  char issued_at[UTIL_TIME_LEN];
  char expires_at[UTIL_TIME_LEN];
  char status[16];       /* stored: valid | suspended | revoked */
  char status_reason[SCS_TEXT_MAX + 1];
} scs_rating;

/* valid | expired | suspended | revoked at time now. */
const char *scs_rating_effective_status(const scs_rating *r, time_t now);
/* issued + months, same time of day; a day past the end of the month becomes its last day. */
time_t scs_add_months(time_t issued, int months);
hoshi_err scs_rating_get(sqlite3 *db, const char *id, scs_rating *out, hoshi_error *e);
hoshi_err scs_rating_list(sqlite3 *db, const char *org_id, scs_rating **out, size_t *n, hoshi_error *e);
/* status: suspended | revoked | valid (reinstate a suspension); reason required except valid. */
hoshi_err scs_rating_set_status(sqlite3 *db, const audit_actor *who, const char *id, const char *status,
                                const char *reason, hoshi_error *e);
/* Writes in-app reminders 30 and 7 days before expiry (once each). *made counts new ones. */
hoshi_err scs_rating_reminders(sqlite3 *db, time_t now, int *made, hoshi_error *e);

/* ---- improvement plan ---- */
typedef struct scs_item {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char assessment_id[UTIL_ID_LEN];
  char criterion_id[CATALOG_REF_MAX + 1];
  char what[SCS_TEXT_MAX + 1];
  char owner[256];
  char due_date[16];
  char status[16]; /* open | in_progress | done */
  char updated_at[UTIL_TIME_LEN];
} scs_item;
hoshi_err scs_items_list(sqlite3 *db, const char *org_id, const char *assessment_id, scs_item **out, size_t *n,
                         hoshi_error *e);
hoshi_err scs_item_get(sqlite3 *db, const char *id, scs_item *out, hoshi_error *e);
/* NULL members are left as they are. */
hoshi_err scs_item_update(sqlite3 *db, const audit_actor *who, const char *id, const char *what, const char *owner,
                          const char *due_date, const char *status, scs_item *out, hoshi_error *e);

/* The organization's default expert for ★3 (demo and operators set it). */
hoshi_err scs_set_default_expert(sqlite3 *db, const audit_actor *who, const char *org_id, const char *expert_id,
                                 hoshi_error *e);

/* A date "YYYY-MM-DD" that exists. */
int scs_date_valid(const char *s);

#endif

/* Buyers and their supply chain: relationships with the METI decision tree (which ★ to
 * require), requests, consent-based shares of ratings, per-supplier status, tiers of the chain,
 * bulk import. A buyer sees a supplier's rating only through an active share. */
#ifndef HOSHI_CHAIN_H
#define HOSHI_CHAIN_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#include "audit/audit.h"
#include "core/util.h"
#include "hoshi/err.h"

#define SC_NAME_MAX 600
#define SC_TEXT_MAX 4000
#define SC_EMAIL_MAX 254
#define SC_IMPORT_ROWS_MAX 20000
#define SC_IMPORT_BYTES_MAX (16 * 1024 * 1024)
#define SC_DEPTH_MAX 6
#define SC_INVITE_DAYS 14
#define SC_EXPIRING_DAYS 30
#define SC_LIST_MAX 100000
#define SC_PAGE_MAX 1000 /* rows per page of the supplier list (?limit=) */

/* The three METI questions and the extra factors that may raise the level. */
typedef struct sc_questions {
  int confidential;  /* important confidential information on the supplier's IT base */
  int interruption;  /* the supplier's outage would delay the buyer unacceptably */
  int network;       /* the supplier's environment can reach the buyer's systems */
  int impact;        /* extra: wide impact range */
  int no_substitute; /* extra: no substitute supplier */
  int stock;         /* extra: stock hard to secure */
} sc_questions;

/* "4" when any question or extra factor is yes, else "3"; why gets the reason in English. */
const char *sc_required_level(const sc_questions *q, char *why, size_t n);

typedef struct sc_rel_input {
  const char *corporate_number;
  const char *name;
  const char *contact_email;
  const char *kind;        /* contract | goods | service */
  const char *criticality; /* low | medium | high | critical */
  sc_questions q;
  const char *reason;      /* the buyer's own words; kept with every request */
} sc_rel_input;

typedef struct sc_relationship {
  char id[UTIL_ID_LEN];
  char buyer_org_id[UTIL_ID_LEN];
  char supplier_corpnum[14];
  char supplier_name[SC_NAME_MAX + 1];
  char contact_email[SC_EMAIL_MAX + 1];
  char kind[16];
  char criticality[16];
  sc_questions q;
  char required_level[8];
  char reason[SC_TEXT_MAX + 1];
  char created_at[UTIL_TIME_LEN];
} sc_relationship;

/* Validates and adds (audited). When no organization holds the 法人番号 yet, invite_token
 * (65 bytes) receives a one-time invitation secret valid SC_INVITE_DAYS; else it is "". */
hoshi_err sc_add(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const sc_rel_input *in,
                 sc_relationship *out, char *invite_token, hoshi_error *e);
/* Adds validated rows in one transaction: all or none. On failure *failed_row is the index. */
hoshi_err sc_add_many(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const sc_rel_input *rows, size_t n,
                      size_t *failed_row, hoshi_error *e);

/* One bad row of an import: 1-based row number in the file (the header is row 1). */
typedef struct sc_import_error {
  size_t row;
  char column[48];
  char message[HOSHI_ERR_MSG_MAX];
} sc_import_error;
#define SC_IMPORT_ERRORS_MAX 1000

/* Parses a CSV (header row with column names, UTF-8, optional BOM), validates every row, and
 * adds all rows or none. Bad rows are reported in *errs (malloc'd; *n_errs of them) and then
 * HOSHI_EINVAL is returned with nothing written. */
hoshi_err sc_import_csv(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const char *buf, size_t len,
                        size_t *added, sc_import_error **errs, size_t *n_errs, hoshi_error *e);

/* What an invited supplier gives to register. Strings borrowed. */
typedef struct sc_invitee {
  const char *username, *password, *display_name;
  const char *name_ja, *name_en, *sector, *address;
  int is_sme;
} sc_invitee;

/* Registers the invited organization (its 法人番号 from the invitation) and its first member.
 * ENOTFOUND for an unknown, spent or expired token. */
hoshi_err sc_accept_invitation(sqlite3 *db, const char *token, const sc_invitee *in, char org_id_out[UTIL_ID_LEN],
                               char user_id_out[UTIL_ID_LEN], hoshi_error *e);

/* The same from an XLSX workbook: its first worksheet, header in row 1. */
hoshi_err sc_import_xlsx(sqlite3 *db, const audit_actor *who, const char *buyer_org_id, const char *buf, size_t len,
                         size_t *added, sc_import_error **errs, size_t *n_errs, hoshi_error *e);

/* Validation only (no writes); used for each row of a bulk import. */
hoshi_err sc_validate(const sc_rel_input *in, hoshi_error *e);
hoshi_err sc_get(sqlite3 *db, const char *id, sc_relationship *out, hoshi_error *e);

/* What a relationship looks like from the buyer's side right now. */
typedef struct sc_row {
  sc_relationship rel;
  char supplier_org_id[UTIL_ID_LEN]; /* "" while the supplier is not registered */
  char supplier_sector[24];
  int supplier_sme;
  char status[16];                   /* met | expiring | expired | pending | overdue | not_met */
  char rating_id[UTIL_ID_LEN];       /* best shared rating, "" if none */
  char rating_level[8];
  char rating_status[16];
  char rating_expires[UTIL_TIME_LEN];
  char request_id[UTIL_ID_LEN];      /* latest request, "" if none */
  char request_status[16];
  char request_due[16];
  char request_level[8];
} sc_row;

/* The status rule, from dates; see docs/supply-chain.md. */
const char *sc_status(const char *required_level, const char *rating_level, const char *rating_stored_status,
                      const char *rating_expires, const char *request_status, const char *request_due, time_t now);

/* The buyer's direct (tier 1) suppliers with their status, by name, one row at a time to each
 * (a non-zero return stops the list with HOSHI_ENOMEM: the callback ran out of memory). */
hoshi_err sc_list_each(sqlite3 *db, const char *buyer_org_id, time_t now, int (*each)(const sc_row *row, void *ctx), void *ctx,
                       hoshi_error *e);
/* The same as an array (*out malloc'd); ~5 KB per row, so for tests and small lists. */
hoshi_err sc_list(sqlite3 *db, const char *buyer_org_id, time_t now, sc_row **out, size_t *n, hoshi_error *e);

/* ---- requests ---- */
hoshi_err sc_request(sqlite3 *db, const audit_actor *who, const sc_relationship *rel, const char *level,
                     const char *due_date, const char *message, char id_out[UTIL_ID_LEN], hoshi_error *e);
/* accept (1) or decline (0, reason required) by the supplier organization. */
hoshi_err sc_answer(sqlite3 *db, const audit_actor *who, const char *request_id, const char *supplier_org_id, int accept,
                    const char *reason, hoshi_error *e);

/* ---- shares ---- */
/* Shares a rating, or (rating_id NULL) the progress of an assessment, with one buyer. */
hoshi_err sc_share(sqlite3 *db, const audit_actor *who, const char *supplier_org_id, const char *rating_id,
                   const char *assessment_id, const char *buyer_org_id, char id_out[UTIL_ID_LEN], hoshi_error *e);
hoshi_err sc_withdraw(sqlite3 *db, const audit_actor *who, const char *supplier_org_id, const char *share_id,
                      hoshi_error *e);
/* True when buyer holds an active share of the rating. */
int sc_rating_shared_with(sqlite3 *db, const char *rating_id, const char *buyer_org_id);
/* True when buyer holds an active share of the assessment itself or of the rating issued from it. */
int sc_assessment_shared_with(sqlite3 *db, const char *assessment_id, const char *buyer_org_id);

/* ---- the chain ---- */
typedef struct sc_node {
  char org_id[UTIL_ID_LEN];    /* "" for an unregistered supplier */
  char corpnum[14];
  char name[SC_NAME_MAX + 1];
  int tier;                    /* 0 = the buyer */
  char status[16];             /* towards the root buyer: from ratings shared with it */
} sc_node;

typedef struct sc_edge {
  size_t from, to; /* indexes into the node array: buyer → supplier */
  char required_level[8];
} sc_edge;

/* Every organization reachable from buyer through declared relationships, up to depth tiers;
 * cycles are allowed and visited once (at their lowest tier). Arrays malloc'd. With edges NULL
 * only the registered organizations and their tiers are returned (faster). */
hoshi_err sc_chain(sqlite3 *db, const char *buyer_org_id, int depth, time_t now, sc_node **nodes, size_t *n_nodes,
                   sc_edge **edges, size_t *n_edges, hoshi_error *e);

/* How many organizations sit at each tier of the buyer's chain (counts[0] = 1, the buyer). */
hoshi_err sc_tier_counts(sqlite3 *db, const char *buyer_org_id, int depth, long counts[SC_DEPTH_MAX + 1], hoshi_error *e);

/* The chain as an SVG document laid out by Graphviz; *svg malloc'd. */
hoshi_err sc_chain_svg(sqlite3 *db, const char *buyer_org_id, int depth, time_t now, char **svg, size_t *len, hoshi_error *e);

/* The buyer's dashboard as JSON members of o: counts by status, required level, tier and sector;
 * ratings expiring within 30 and 90 days; the category heatmap and threat coverage from what
 * suppliers shared; the supplier rows. */
struct yyjson_mut_doc;
struct yyjson_mut_val;
hoshi_err sc_dashboard_json(sqlite3 *db, const char *buyer_org_id, time_t now, struct yyjson_mut_doc *d,
                            struct yyjson_mut_val *o, hoshi_error *e);

/* The supplier status list as an XLSX workbook appended to out; tmp_dir holds the temporary file. */
struct hoshi_buf;
hoshi_err sc_export_xlsx(sqlite3 *db, const char *buyer_org_id, time_t now, const char *tmp_dir, struct hoshi_buf *out,
                         hoshi_error *e);

/* Requests to the organization (inbox) or from it (outbox), newest first, appended to arr. */
hoshi_err sc_requests_json(sqlite3 *db, const char *org_id, int inbox, struct yyjson_mut_doc *d, struct yyjson_mut_val *arr,
                           hoshi_error *e);
/* Shares the organization gave (all, withdrawn too) and active ones it received. */
hoshi_err sc_shares_json(sqlite3 *db, const char *org_id, struct yyjson_mut_doc *d, struct yyjson_mut_val *given,
                         struct yyjson_mut_val *received, hoshi_error *e);

/* Buyers that list the supplier (by 法人番号), with the level each requires. */
hoshi_err sc_buyers_json(sqlite3 *db, const char *supplier_corpnum, struct yyjson_mut_doc *d, struct yyjson_mut_val *arr,
                         hoshi_error *e);

#endif

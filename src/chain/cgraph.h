/* The supply chain's shape kept in memory: every organization and every relationship, so that
 * walking a buyer's chain (tiers, the chain graph, the dashboard's counts) costs microseconds
 * per organization instead of several index lookups each. One copy per process, shared by all
 * threads, refreshed when the database's chain_version (bumped by triggers in the writer's own
 * transaction) is no longer the one the copy was read at. Internal to src/chain. */
#ifndef HOSHI_CHAIN_CGRAPH_H
#define HOSHI_CHAIN_CGRAPH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "chain/chain.h"
#include "core/util.h"
#include "hoshi/err.h"

#define CG_NONE UINT32_MAX

typedef struct cg_org {
  char id[UTIL_ID_LEN];
  char corpnum[14];
  char sector[24];
  uint32_t name; /* offset into strings */
} cg_org;

typedef struct cg_rel {
  char id[UTIL_ID_LEN];
  char corpnum[14];
  char level[8];
  uint32_t buyer;    /* index into orgs */
  uint32_t supplier; /* index into orgs, CG_NONE while the supplier is not registered */
  uint32_t name;     /* offset into strings: the name the buyer gave the supplier */
} cg_rel;

typedef struct cgraph {
  cg_org *orgs;     /* sorted by id */
  uint32_t n_orgs;
  cg_rel *rels;     /* grouped by buyer (in orgs order), then by supplier 法人番号 */
  uint32_t n_rels;
  uint32_t *first;  /* rels of orgs[i] are rels[first[i] .. first[i+1]) */
  char *strings;
  /* private */
  int refs;
  long long version;
  char token[40];
} cgraph;

/* The current copy for db's contents, read again when it changed; release with cgraph_put. */
hoshi_err cgraph_get(sqlite3 *db, cgraph **out, hoshi_error *e);
void cgraph_put(cgraph *g);

static inline const char *cgraph_str(const cgraph *g, uint32_t off) { return g->strings + off; }

/* Index of the organization with this id, or CG_NONE. */
uint32_t cgraph_org(const cgraph *g, const char *id);

/* sc_tier_counts on a copy the caller already holds. */
hoshi_err cgraph_tier_counts(const cgraph *g, const char *buyer_org_id, int depth, long counts[SC_DEPTH_MAX + 1],
                             hoshi_error *e);

/* Breadth first from root to depth tiers: tier[i] = the lowest tier of orgs[i], -1 when not
 * reached; order[] receives the reached indexes tier by tier (in orgs order within a tier), *n
 * their count. tier and order have n_orgs entries. Cycles end by themselves. */
void cgraph_walk(const cgraph *g, uint32_t root, int depth, int *tier, uint32_t *order, uint32_t *n);

/* The ratings a buyer's suppliers share with it (and shared assessments), with the best one
 * per supplier: valid_first puts a valid, unexpired rating before any other (the supplier
 * list's rule), else the highest level wins (the chain graph's); ties go to the later expiry. */
typedef struct cg_rating {
  uint32_t org; /* supplier, index into orgs */
  char id[UTIL_ID_LEN]; /* "" for a shared assessment without a rating */
  char level[8];
  char status[16];
  char expires[UTIL_TIME_LEN];
  char assessment[UTIL_ID_LEN]; /* the rating's assessment, or the shared assessment */
  /* with_gaps only (else "" and NULL): the assessment's catalog and level, and the categories it
   * misses something in, space-separated (malloc'd; NULL when the assessment has no gaps row) */
  char catalog[UTIL_ID_LEN];
  char assessment_level[8];
  char *missing;
} cg_rating;

typedef struct cg_shared {
  cg_rating *items; /* every active share */
  size_t n;
  uint32_t *best;   /* per org index: index into items of its best rating, or CG_NONE */
} cg_shared;

hoshi_err cgraph_shared_ratings(sqlite3 *db, const cgraph *g, const char *buyer_org_id, time_t now, int valid_first,
                                int with_gaps, cg_shared *out, hoshi_error *e);
void cgraph_shared_free(cg_shared *s);

/* The latest request of each relationship of one buyer, sorted by relationship id (*out
 * malloc'd); cgraph_request_of finds one relationship's, or NULL. */
typedef struct cg_request {
  char rel[UTIL_ID_LEN];
  char id[UTIL_ID_LEN];
  char status[16];
  char due[16];
  char level[8];
} cg_request;

hoshi_err cgraph_latest_requests(sqlite3 *db, const char *buyer_org_id, cg_request **out, size_t *n, hoshi_error *e);
const cg_request *cgraph_request_of(const cg_request *reqs, size_t n, const char *rel_id);

/* What a buyer's supplier list and dashboard both read: the chain, the ratings shared with the
 * buyer (valid first) and the latest request of each relationship. */
typedef struct cg_buyer {
  cgraph *g;
  uint32_t buyer; /* index into g->orgs, CG_NONE when the buyer is not an organization */
  cg_shared shared;
  cg_request *reqs;
  size_t n_reqs;
} cg_buyer;

hoshi_err cgraph_buyer_open(sqlite3 *db, const char *buyer_org_id, time_t now, int with_gaps, cg_buyer *b, hoshi_error *e);
void cgraph_buyer_close(cg_buyer *b);
/* The status of one relationship (rel_id, its required level, the supplier's org index or
 * CG_NONE) towards the buyer, with the rating and request it rests on (NULL when none). A
 * request may ask for more than the decision tree requires (never less); an open or accepted
 * request's level is what the supplier must then meet. */
const char *cgraph_buyer_status(const cg_buyer *b, const char *rel_id, const char *required_level, uint32_t supplier,
                                time_t now, const cg_rating **rating, const cg_request **request);

#endif

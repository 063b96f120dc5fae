/* Products across the supply chain: products and versions, SBOM upload with stored findings,
 * re-matching of changed packages, supplier VEX, consent-based shares and buyer impact. */
#ifndef HOSHI_PRODUCTS_H
#define HOSHI_PRODUCTS_H

#include <sqlite3.h>
#include <stddef.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "core/util.h"
#include "hoshi/buf.h"
#include "hoshi/err.h"

#define PRODUCTS_NAME_MAX 200
#define PRODUCTS_VERSION_MAX 100
#define PRODUCTS_TEXT_MAX 4000
/* Largest SBOM kept; the original file lives in the database row (see docs/products.md). */
#define PRODUCTS_SBOM_MAX ((size_t)20 * 1024 * 1024) /* = HTTP_UPLOAD_MAX */
/* Most components in one uploaded SBOM: bounds the work of one upload and of re-matching. */
#define PRODUCTS_COMPONENTS_MAX 50000
/* Most (ecosystem, package) pairs one re-match call takes. */
#define PRODUCTS_PAIRS_MAX 200000
/* Most advisory ids one finding.new webhook event lists (its counts cover every finding). */
#define PRODUCTS_EVENT_ADVISORIES_MAX 100
/* Most rows one listing returns (products, findings, impact). */
#define PRODUCTS_LIST_MAX 10000

/* What an organization may do with a product; ordered, a higher level includes the lower. */
typedef enum products_access {
  PRODUCTS_NONE = 0,   /* not visible: callers answer "not found" */
  PRODUCTS_STATUS,     /* a buyer with a "status" share: findings and VEX */
  PRODUCTS_SBOM,       /* a buyer with an "sbom" share: components too */
  PRODUCTS_OWNER       /* the owning organization */
} products_access;

/* The one authorization function for products, deny by default: members of the owning
 * organization manage (OWNER); a buyer organization reads what an active share gives it.
 * Operators and auditors get nothing: an SBOM is the supplier's confidential information. */
products_access products_access_of(sqlite3 *db, const principal *p, const char *product_id);
/* Same decision for an organization (the library's callers that act for an organization). */
products_access products_access_org(sqlite3 *db, const char *org_id, const char *product_id);

/* Types: software, iot, service, firmware. */
extern const char *const products_types[];

hoshi_err products_create(sqlite3 *db, const audit_actor *who, const char *org_id, const char *name,
                          const char *type, const char *description, char id_out[UTIL_ID_LEN], hoshi_error *e);
/* Adds a version (EEXISTS when it is there already). */
hoshi_err products_version_add(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                               const char *version, char id_out[UTIL_ID_LEN], hoshi_error *e);

typedef struct products_upload_result {
  char sbom_id[UTIL_ID_LEN];
  char version_id[UTIL_ID_LEN];
  char format[16];
  char spec_version[32];
  size_t components;
  double ntia_all, cisa_all;
  size_t findings_open;  /* open findings of the version after the match */
  size_t findings_new;   /* findings never seen before for this version */
  size_t resolved;       /* findings the new SBOM no longer has */
} products_upload_result;

/* Parses buf as CycloneDX or SPDX, keeps the file, replaces the version's components (the
 * version is created when missing), matches them against the vulnerability store and
 * records findings with first and last seen; all in one transaction. */
hoshi_err products_sbom_upload(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                               const char *version, const char *buf, size_t len, products_upload_result *res,
                               hoshi_error *e);

/* An OSV ecosystem (without release suffix) and a normalized package name, as in vuln_affected. */
typedef struct products_pair {
  const char *ecosystem;
  const char *package;
} products_pair;

typedef struct products_rematch_stats {
  size_t versions;  /* product versions re-matched */
  size_t components;
  size_t findings_new, resolved, kev_hits;
} products_rematch_stats;

/* Re-matches only components of the given pairs, in every product version holding one:
 * new findings are added, findings of those packages no longer matched are resolved. */
hoshi_err products_rematch(sqlite3 *db, const audit_actor *who, const products_pair *pairs, size_t n,
                           products_rematch_stats *st, hoshi_error *e);
/* The pairs touched by advisories imported at or after since (ISO time), those named by their
 * stored findings included (an advisory withdrawn or narrowed), then products_rematch and a
 * KEV refresh: what `hoshi vuln import` calls after importing. */
hoshi_err products_rematch_since(sqlite3 *db, const audit_actor *who, const char *since, products_rematch_stats *st,
                                 hoshi_error *e);
/* Marks open findings whose advisory or an alias entered the KEV catalog, alerting the owner
 * and every buyer with an active share (in-app and webhook vuln.kev); clears those that left. */
hoshi_err products_kev_refresh(sqlite3 *db, const audit_actor *who, size_t *hits, hoshi_error *e);

/* Statuses: not_affected (justification required), affected (action required), fixed,
 * under_investigation. Only the owning organization writes. */
extern const char *const products_vex_statuses[];
extern const char *const products_vex_justifications[];
hoshi_err products_vex_set(sqlite3 *db, const audit_actor *who, const char *org_id, const char *finding_id,
                           const char *status, const char *justification, const char *action, const char *detail,
                           hoshi_error *e);

/* Shares a product with a buyer organization (its id, or its 13-digit 法人番号): scope "sbom" or
 * "status". */
hoshi_err products_share(sqlite3 *db, const audit_actor *who, const char *org_id, const char *product_id,
                         const char *buyer_org_id, const char *scope, char id_out[UTIL_ID_LEN], hoshi_error *e);
hoshi_err products_share_withdraw(sqlite3 *db, const audit_actor *who, const char *org_id, const char *share_id,
                                  hoshi_error *e);

struct yyjson_mut_doc;
struct yyjson_mut_val;
/* Product shares the organization gave (withdrawn ones too) and active ones it received. */
hoshi_err products_shares_json(sqlite3 *db, const char *org_id, struct yyjson_mut_doc *d, struct yyjson_mut_val *given,
                               struct yyjson_mut_val *received, hoshi_error *e);
/* Products of the organization and those shared with it (with the access each gives). */
hoshi_err products_list_json(sqlite3 *db, const char *org_id, struct yyjson_mut_doc *d, struct yyjson_mut_val *arr,
                             hoshi_error *e);
/* Findings of every version of a product with their VEX; ENOTFOUND when not visible. */
hoshi_err products_findings_json(sqlite3 *db, const char *org_id, const char *product_id, struct yyjson_mut_doc *d,
                                 struct yyjson_mut_val *arr, hoshi_error *e);
/* Components of a version's current SBOM: owner or an "sbom" share only (EDENIED otherwise). */
hoshi_err products_components_json(sqlite3 *db, const char *org_id, const char *product_id, const char *version,
                                   struct yyjson_mut_doc *d, struct yyjson_mut_val *arr, hoshi_error *e);

/* The supplier's VEX statements on a product as an OpenVEX 0.2.0 document (*out malloc'd,
 * pretty JSON). Owner and any share; component purls as subcomponents only for the owner and
 * sbom shares; findings without a statement are left out. ENOTFOUND when not visible. */
hoshi_err products_openvex(sqlite3 *db, const char *org_id, const char *product_id, char **out, size_t *len,
                           hoshi_error *e);

/* The same statements as a CycloneDX 1.5 VEX document (analysis state/justification mapped
 * from the CISA vocabulary; action and detail in analysis.detail; affects = purl for the
 * owner and sbom shares, else the product version's URN). */
hoshi_err products_cyclonedx_vex(sqlite3 *db, const char *org_id, const char *product_id, char **out, size_t *len,
                                 hoshi_error *e);

/* The same statements as a CSAF 2.0 document of category csaf_vex (src/products/csaf.c):
 * product tree of the supplier, product and versions (for the owner and sbom shares also the
 * stated components with their purls and default_component_of relationships); one
 * vulnerability per CVE (else per advisory) with product_status, CISA justification flags for
 * not_affected, a remediation for every affected product and the detail as impact threat or
 * note. namespace_url becomes the publisher's namespace. ENOTFOUND when not visible,
 * ECONFLICT when the product has no statement (CSAF VEX needs one vulnerability). */
hoshi_err products_csaf_vex(sqlite3 *db, const char *org_id, const char *product_id, const char *namespace_url,
                            char **out, size_t *len, hoshi_error *e);

/* What a buyer asks: one advisory (id or alias), any KEV entry, or a minimum CVSS score. */
typedef struct products_impact_query {
  const char *advisory; /* NULL: any */
  int kev;              /* only findings in KEV */
  double min_score;     /* -1: any */
  long long limit;      /* answers at most; 0: PRODUCTS_LIST_MAX */
  long long offset;     /* answers to skip (in the answer's order) */
} products_impact_query;
/* "low" 0.1, "medium" 4.0, "high" 7.0, "critical" 9.0; -1 when unknown. */
double products_severity_score(const char *level);
/* Open findings matching q in products shared with buyer_org_id by any organization (a share
 * is always to one buyer, whatever tier the supplier sits at), with the supplier, product,
 * version and the supplier's VEX; each item also has the supplier's lowest tier in the buyer's
 * chain (up to SC_DEPTH_MAX) and one shortest path buyer → … → supplier, or null for both when
 * the supplier is outside the declared chain. See docs/products.md. */
hoshi_err products_impact_json(sqlite3 *db, const char *buyer_org_id, const products_impact_query *q,
                               struct yyjson_mut_doc *d, struct yyjson_mut_val *arr, hoshi_error *e);
/* Most product-version nodes one impact graph draws; the rest are counted in one node. */
#define PRODUCTS_GRAPH_MAX 300
/* The same answer as an SVG graph laid out by Graphviz: buyer → suppliers along their paths →
 * affected product versions, coloured by worst severity, KEV ones marked with the due date.
 * *svg malloc'd. */
hoshi_err products_impact_svg(sqlite3 *db, const char *buyer_org_id, const products_impact_query *q, char **svg,
                              size_t *len, hoshi_error *e);
/* For a buyer looking at one supplier (by 法人番号): members of o "supplier" (name, 法人番号,
 * tier, path) and "items", the findings (open and resolved) of every product that supplier
 * shares with the buyer, each with product and product_name. ENOTFOUND for an unknown 法人番号. */
hoshi_err products_supplier_findings_json(sqlite3 *db, const char *buyer_org_id, const char *corpnum,
                                          struct yyjson_mut_doc *d, struct yyjson_mut_val *o, hoshi_error *e);

/* ---- client: hoshi sbom push ---- */
#define PRODUCTS_PUSH_URL_MAX 2048
#define PRODUCTS_PUSH_TIMEOUT_S 300
#define PRODUCTS_PUSH_RESPONSE_MAX ((size_t)1024 * 1024)
/* POSTs buf to server's /api/v1/products/{product}/versions/{version}/sbom with a bearer
 * token. HOSHI_OK when an HTTP answer came: *status is its code and resp its body (the
 * caller reads the error from it); HOSHI_EIO when the server could not be reached. */
hoshi_err products_push(const char *server, const char *token, const char *product, const char *version,
                        const char *buf, size_t len, long *status, hoshi_buf *resp, hoshi_error *e);

#endif

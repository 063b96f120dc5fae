/* JC-STAR IoT product labels: products a vendor registers, the ★1 checklist answered per
 * criterion, the PSTI recognition route, the self-declaration that issues a label, change
 * notices, withdrawal by the operator, and the public view of labels (list, product page,
 * procurement check, CSV, a CTA-2120-style record) plus the label image (SVG/PNG with QR).
 * Every change is one transaction with its audit record; illegal transitions are
 * HOSHI_ECONFLICT naming the current state. */
#ifndef HOSHI_JCSTAR_H
#define HOSHI_JCSTAR_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "catalog/catalog.h"
#include "core/util.h"
#include "hoshi/buf.h"
#include "hoshi/err.h"

/* Limits (named so each has a test one past it). */
#define JCS_NAME_MAX 300          /* vendor and product names */
#define JCS_MODEL_MAX 100         /* one model number */
#define JCS_MODELS_MAX 500        /* model numbers per product (IPA's first batch: 477 from 11 firms) */
#define JCS_VERSION_MAX 100       /* firmware version */
#define JCS_TEXT_MAX 2000         /* update method, evidence notes, reasons, change notes */
#define JCS_CONTACT_MAX 300       /* vulnerability contact (e-mail, URL or form) */
#define JCS_URL_MAX 1000          /* disclosure-policy and SBOM links */
#define JCS_LIST_MAX 1000         /* rows of one list answer */
#define JCS_QUERY_MAX 200         /* search text of the public list */
#define JCS_LABEL_MONTHS_MAX 24   /* a label is valid at most two years from issue */
#define JCS_REGNUM_MAX 32

#define JCS_DEFAULT_CATALOG "jcstar-star1-2024"
#define JCS_SCHEME "jc-star"

/* Product states: draft (editable, checklist open) → labelled (a label was issued; changes
 * only through change notices). */
#define JCS_DRAFT "draft"
#define JCS_LABELLED "labelled"

/* Label statuses: stored valid | withdrawn; "expired" is derived from the date. */
#define JCS_VALID "valid"
#define JCS_EXPIRED "expired"
#define JCS_WITHDRAWN "withdrawn"

extern const char *const jcs_product_types[]; /* NULL-terminated */
/* The requirements a PSTI statement of compliance meets by recognition (and nothing else). */
extern const char *const jcs_psti_requirements[]; /* NULL-terminated */
int jcs_is_psti_requirement(const char *requirement_id);

typedef struct jcs_product {
  char id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char vendor[JCS_NAME_MAX + 1];
  char name[JCS_NAME_MAX + 1];
  char product_type[32];
  char firmware_version[JCS_VERSION_MAX + 1];
  char support_end[11]; /* YYYY-MM-DD */
  char update_method[JCS_TEXT_MAX + 1];
  char vuln_contact[JCS_CONTACT_MAX + 1];
  char disclosure_url[JCS_URL_MAX + 1];
  char sbom_url[JCS_URL_MAX + 1];
  char catalog_id[CATALOG_ID_MAX + 1];
  char level[16];
  char status[16];
  char psti_evidence_id[UTIL_ID_LEN]; /* "" without a PSTI statement */
  char label_id[UTIL_ID_LEN];         /* "" before the declaration */
  char created_by[UTIL_ID_LEN];
  char created_at[UTIL_TIME_LEN];
  char updated_at[UTIL_TIME_LEN];
  char vendor_en[JCS_NAME_MAX + 1]; /* English texts; "" when the vendor gave none */
  char name_en[JCS_NAME_MAX + 1];
  char update_method_en[JCS_TEXT_MAX + 1];
} jcs_product;

/* Model numbers of a product; v malloc'd (one block), caller frees v. */
typedef struct jcs_models {
  size_t n;
  char (*v)[JCS_MODEL_MAX + 1];
} jcs_models;

/* Input for create and update; strings borrowed, NULL = not given (update leaves it). */
typedef struct jcs_product_fields {
  const char *vendor, *name, *product_type, *firmware_version, *support_end, *update_method, *vuln_contact,
      *disclosure_url, *sbom_url, *catalog_id, *level, *vendor_en, *name_en, *update_method_en;
  const char *const *models; /* NULL = not given */
  size_t n_models;
} jcs_product_fields;

/* What the caller is to a product. */
typedef struct jcs_relation {
  int vendor;    /* member of the product's organization */
  int operator_; /* admin */
  int auditor;
} jcs_relation;

typedef enum jcs_action {
  JCS_READ,          /* the private view: answers, evidence list, declarant */
  JCS_EDIT,          /* fields, models, answers, evidence, PSTI statement while draft */
  JCS_DECLARE,       /* the self-declaration */
  JCS_CHANGE,        /* change notices on a labelled product */
  JCS_EVIDENCE_READ, /* evidence bytes */
  JCS_WITHDRAW       /* withdraw a label (operator) */
} jcs_action;

void jcs_relation_of(const principal *p, const jcs_product *pr, jcs_relation *r);
/* The one place that decides who may do what to a product or its label. */
int jcs_allowed(const jcs_relation *r, jcs_action a);

hoshi_err jcs_product_create(sqlite3 *db, const audit_actor *who, const char *org_id, const jcs_product_fields *in,
                             jcs_product *out, hoshi_error *e);
hoshi_err jcs_product_update(sqlite3 *db, const audit_actor *who, const char *id, const jcs_product_fields *in,
                             jcs_product *out, hoshi_error *e);
hoshi_err jcs_product_get(sqlite3 *db, const char *id, jcs_product *out, hoshi_error *e);
/* Products of org_id, or all when org_id is NULL; *out malloc'd. */
hoshi_err jcs_product_list(sqlite3 *db, const char *org_id, jcs_product **out, size_t *n, hoshi_error *e);
hoshi_err jcs_models_get(sqlite3 *db, const char *product_id, jcs_models *out, hoshi_error *e);

/* Splits a list of model numbers written one per line or separated by commas (CLI, forms):
 * trims spaces, drops empty entries, refuses duplicates, over-long entries and more than
 * JCS_MODELS_MAX. out receives the entries (malloc'd as in jcs_models). */
hoshi_err jcs_models_parse(const char *text, size_t len, jcs_models *out, hoshi_error *e);

/* Checklist answers. status: met | not_met; a met answer names its evidence (document,
 * section, test report) in `evidence`. */
typedef struct jcs_answer {
  char criterion_id[CATALOG_REF_MAX + 1];
  char status[16];
  char evidence[JCS_TEXT_MAX + 1];
  char updated_at[UTIL_TIME_LEN];
} jcs_answer;
hoshi_err jcs_answer_set(sqlite3 *db, const audit_actor *who, const jcs_product *p, const char *criterion,
                         const char *status, const char *evidence, hoshi_error *e);
hoshi_err jcs_answers_get(sqlite3 *db, const char *product_id, jcs_answer **out, size_t *n, hoshi_error *e);

/* Evidence files (kind evidence, per criterion) and the PSTI statement of compliance (kind
 * psti, for the product). Bytes are stored like SCS evidence (content-addressed, sniffed). */
typedef struct jcs_evidence {
  char id[UTIL_ID_LEN];
  char product_id[UTIL_ID_LEN];
  char criterion_id[CATALOG_REF_MAX + 1];
  char kind[16];
  char sha256[65];
  char filename[201];
  char content_type[128];
  long long size;
  char uploaded_at[UTIL_TIME_LEN];
} jcs_evidence;
hoshi_err jcs_evidence_add(sqlite3 *db, const audit_actor *who, const char *data_dir, const jcs_product *p,
                           const char *criterion, const char *kind, const char *filename, const void *data, size_t len,
                           jcs_evidence *out, hoshi_error *e);
hoshi_err jcs_evidence_get(sqlite3 *db, const char *id, jcs_evidence *out, hoshi_error *e);
hoshi_err jcs_evidence_list(sqlite3 *db, const char *product_id, jcs_evidence **out, size_t *n, hoshi_error *e);

/* Where the checklist stands: criteria of the level, how many are met by the vendor's
 * answers, how many by PSTI recognition, and the first one still unmet (for the message). */
typedef struct jcs_progress {
  int criteria;
  int met;
  int psti_met;
  int unmet;
  char first_unmet[CATALOG_REF_MAX + 1];
} jcs_progress;
hoshi_err jcs_progress_of(sqlite3 *db, const jcs_product *p, jcs_progress *out, hoshi_error *e);

/* ---- labels ---- */
typedef struct jcs_label {
  char id[UTIL_ID_LEN];
  char reg_number[JCS_REGNUM_MAX];
  char product_id[UTIL_ID_LEN];
  char org_id[UTIL_ID_LEN];
  char catalog_id[CATALOG_ID_MAX + 1];
  char level[16];
  char issued_on[11];
  char expires_on[11];
  char status[16]; /* stored: valid | withdrawn */
  char withdraw_reason[JCS_TEXT_MAX + 1];
  char withdrawn_at[UTIL_TIME_LEN];
  int psti_recognized;
  char declarant_name[JCS_NAME_MAX + 1];
  char declarant_title[JCS_NAME_MAX + 1];
  char declared_by[UTIL_ID_LEN];
  char created_at[UTIL_TIME_LEN];
} jcs_label;

typedef struct jcs_declaration {
  const char *name;  /* the authorized person */
  const char *title; /* their position */
  int accept;        /* 1: the declaration text was accepted */
} jcs_declaration;

/* Expiry of a label issued on `issued` (YYYY-MM-DD): issue + months (at most
 * JCS_LABEL_MONTHS_MAX), never past the support end. -1 when the support period has already
 * ended on the issue date or a date is malformed. */
int jcs_label_expiry(const char *issued, const char *support_end, int months, char out[11]);
/* valid | expired | withdrawn on date `today` (YYYY-MM-DD). */
const char *jcs_label_effective_status(const jcs_label *l, const char *today);
/* "JCS1-2026-00001": JCS + level, issue year, a five-digit sequence within the year. */
int jcs_regnum_valid(const char *s);

/* Issues the label when every criterion of the level is met (PSTI recognition counts for
 * S1.1-02, S1.1-05 and S1.1-16 only); product → labelled. label_out may be NULL. */
hoshi_err jcs_declare(sqlite3 *db, const audit_actor *who, const jcs_product *p, const jcs_declaration *d,
                      jcs_label *label_out, hoshi_error *e);
hoshi_err jcs_label_get(sqlite3 *db, const char *id, jcs_label *out, hoshi_error *e);
hoshi_err jcs_label_by_regnum(sqlite3 *db, const char *reg, jcs_label *out, hoshi_error *e);
/* The operator withdraws a valid label; reason required. */
hoshi_err jcs_label_withdraw(sqlite3 *db, const audit_actor *who, const char *reg, const char *reason, hoshi_error *e);

/* In-app reminders to the vendor 30 and 7 days before a valid label expires (once each, also
 * when the support end is what ends it). *made counts new ones. */
hoshi_err jcs_label_reminders(sqlite3 *db, time_t now, int *made, hoshi_error *e);

/* Change notices on a labelled product: a new firmware version and/or more model numbers. */
typedef struct jcs_change {
  char id[UTIL_ID_LEN];
  char label_id[UTIL_ID_LEN];
  char kind[16]; /* firmware | models */
  char before[JCS_TEXT_MAX + 1];
  char after[JCS_TEXT_MAX + 1];
  char note[JCS_TEXT_MAX + 1];
  char created_at[UTIL_TIME_LEN];
} jcs_change;
hoshi_err jcs_change_notice(sqlite3 *db, const audit_actor *who, const jcs_product *p, const char *firmware_version,
                            const char *const *add_models, size_t n_add, const char *note, hoshi_error *e);
hoshi_err jcs_changes_get(sqlite3 *db, const char *label_id, jcs_change **out, size_t *n, hoshi_error *e);

/* ---- public view ---- */
/* One row of the public list / product page: only what the label shows publicly. */
typedef struct jcs_public {
  jcs_label label;
  jcs_product product; /* callers must write only public fields (see jcs_public_json) */
  char status[16];     /* effective status today */
} jcs_public;

typedef struct jcs_filter {
  const char *q;            /* substring of vendor, product name or a model number */
  const char *vendor;       /* substring of the vendor name */
  const char *product_type; /* exact */
  const char *level;        /* exact */
  const char *status;       /* valid | expired | withdrawn */
  const char *model;        /* exact model number */
} jcs_filter;
/* Labels matching the filter, newest first, at most JCS_LIST_MAX; *out malloc'd. */
hoshi_err jcs_public_list(sqlite3 *db, const jcs_filter *f, jcs_public **out, size_t *n, hoshi_error *e);
hoshi_err jcs_public_get(sqlite3 *db, const char *reg, jcs_public *out, hoshi_error *e);

/* Procurement check: does a model of this vendor hold a valid label of at least min_level?
 * best receives the strongest valid label found (when *ok). */
hoshi_err jcs_check(sqlite3 *db, const char *vendor, const char *model, int min_level, int *ok, jcs_public *best,
                    hoshi_error *e);

/* Product page URL for the QR code: <base>/#/product/<reg>. */
void jcs_product_url(const char *public_base, const char *reg, char *out, size_t n);

/* CSV of the public list (RFC 4180, UTF-8 with BOM so spreadsheet tools read Japanese);
 * cells that a spreadsheet would run as formulas get a leading apostrophe. */
hoshi_err jcs_public_csv(sqlite3 *db, const jcs_public *rows, size_t n, const char *public_base, hoshi_buf *out,
                         hoshi_error *e);
/* Appends one CSV cell (quoted when needed, formula-safe). */
void jcs_csv_cell(hoshi_buf *b, const char *s);

/* ---- label image (image.c: cairo + libqrencode) ---- */
/* Draws the label: star level, registration number, QR code of url. format "svg" or "png";
 * *out malloc'd, caller frees. */
hoshi_err jcs_label_image(const char *level, const char *reg, const char *url, const char *format, unsigned char **out,
                          size_t *len, hoshi_error *e);
/* Releases the font caches cairo and fontconfig keep for the process (call once at exit, after
 * the last image, so leak checkers see a clean heap). */
void jcs_image_cleanup(void);

#endif

/* CISA KEV catalog reader: walks vulnerabilities[] and checks the fields hoshi shows
 * (cveID, dateAdded, dueDate, knownRansomwareCampaignUse) for type and shape. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yyjson.h>

#include "vuln/feeds.h"

int kev_sniff(const char *buf, size_t len) {
  /* The catalog is one object with "catalogVersion" and "vulnerabilities" near the top. */
  size_t n = len < 4096 ? len : 4096;
  return memmem(buf, n, "\"catalogVersion\"", 16) != NULL ||
         (memmem(buf, n, "\"vulnerabilities\"", 17) != NULL && memmem(buf, len, "\"cveID\"", 7) != NULL);
}

static int is_cve(const char *s) {
  if (strncmp(s, "CVE-", 4) != 0) return 0;
  const char *p = s + 4;
  for (int i = 0; i < 4; i++, p++)
    if (*p < '0' || *p > '9') return 0;
  if (*p++ != '-') return 0;
  size_t d = 0;
  while (*p >= '0' && *p <= '9') { p++; d++; }
  return *p == '\0' && d >= 4 && d <= 19;
}

static int is_date(const char *s) {
  /* YYYY-MM-DD */
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
  return 1;
}

static hoshi_err str_field(yyjson_val *o, const char *key, const char *path, int required,
                           const char **out, hoshi_error *e) {
  yyjson_val *v = yyjson_obj_get(o, key);
  *out = "";
  if (v == NULL || yyjson_is_null(v)) {
    if (required) return hoshi_fail(e, HOSHI_EINVAL, path, "'%s' is missing", key);
    return HOSHI_OK;
  }
  if (!yyjson_is_str(v)) return hoshi_fail(e, HOSHI_EINVAL, path, "'%s' must be a string", key);
  *out = yyjson_get_str(v);
  return HOSHI_OK;
}

hoshi_err kev_read(const char *buf, size_t len, int (*fn)(void *ctx, const kev_entry *k),
                   void *ctx, size_t *count, hoshi_error *e) {
  if (count) *count = 0;
  if (len > KEV_FILE_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "$", "KEV file is %zu bytes, more than the limit of %u", len,
                      KEV_FILE_MAX);
  yyjson_read_err rerr;
  yyjson_doc *doc = yyjson_read_opts((char *)(uintptr_t)buf, len, 0, NULL, &rerr);
  if (doc == NULL)
    return hoshi_fail(e, HOSHI_EINVAL, "$", "not valid JSON at byte %zu: %s", rerr.pos, rerr.msg);
  hoshi_err rc = HOSHI_OK;
  yyjson_val *root = yyjson_doc_get_root(doc);
  yyjson_val *arr = yyjson_is_obj(root) ? yyjson_obj_get(root, "vulnerabilities") : NULL;
  if (!yyjson_is_arr(arr)) {
    rc = hoshi_fail(e, HOSHI_EINVAL, "$.vulnerabilities", "expected an array of KEV entries");
    goto done;
  }
  if (yyjson_arr_size(arr) > KEV_ENTRIES_MAX) {
    rc = hoshi_fail(e, HOSHI_ELIMIT, "$.vulnerabilities", "%zu entries, more than the limit of %d",
                    yyjson_arr_size(arr), KEV_ENTRIES_MAX);
    goto done;
  }
  size_t i, max;
  yyjson_val *v;
  yyjson_arr_foreach(arr, i, max, v) {
    char p[HOSHI_ERR_FIELD_MAX];
    snprintf(p, sizeof p, "$.vulnerabilities[%zu]", i);
    if (!yyjson_is_obj(v)) { rc = hoshi_fail(e, HOSHI_EINVAL, p, "expected an object"); goto done; }
    kev_entry k;
    if ((rc = str_field(v, "cveID", p, 1, &k.cve, e))) goto done;
    if (!is_cve(k.cve)) {
      rc = hoshi_fail(e, HOSHI_EINVAL, p, "cveID '%.40s' is not CVE-YYYY-NNNN", k.cve);
      goto done;
    }
    if ((rc = str_field(v, "vendorProject", p, 0, &k.vendor, e))) goto done;
    if ((rc = str_field(v, "product", p, 0, &k.product, e))) goto done;
    if ((rc = str_field(v, "vulnerabilityName", p, 0, &k.name, e))) goto done;
    if ((rc = str_field(v, "dateAdded", p, 1, &k.date_added, e))) goto done;
    if ((rc = str_field(v, "dueDate", p, 0, &k.due_date, e))) goto done;
    if ((rc = str_field(v, "knownRansomwareCampaignUse", p, 0, &k.ransomware, e))) goto done;
    if (!is_date(k.date_added) || (*k.due_date && !is_date(k.due_date))) {
      rc = hoshi_fail(e, HOSHI_EINVAL, p, "dateAdded and dueDate must be YYYY-MM-DD");
      goto done;
    }
    if (fn(ctx, &k) != 0) { rc = hoshi_fail(e, HOSHI_EINTERNAL, p, "stopped by caller"); goto done; }
    if (count) (*count)++;
  }
done:
  yyjson_doc_free(doc);
  return rc;
}

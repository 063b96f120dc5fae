/* FIRST EPSS CSV reader: one "#model_version:…,score_date:…" comment, a "cve,epss,percentile"
 * header, then one scored CVE per line. Strict: a bad line is an error naming its number. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/feeds.h"

int epss_sniff(const char *buf, size_t len) {
  return (len >= 14 && memcmp(buf, "#model_version", 14) == 0) ||
         (len >= 19 && memcmp(buf, "cve,epss,percentile", 19) == 0);
}

static int parse_prob(const char *s, double *out) {
  char *end;
  errno = 0;
  double d = strtod(s, &end);
  if (end == s || *end != '\0' || errno != 0 || !(d >= 0.0 && d <= 1.0)) return -1;
  *out = d;
  return 0;
}

hoshi_err epss_read(const char *buf, size_t len, int (*fn)(void *ctx, const epss_row *r),
                    void *ctx, char score_date[16], size_t *count, hoshi_error *e) {
  score_date[0] = '\0';
  if (count) *count = 0;
  size_t pos = 0, lineno = 0, rows = 0;
  int header_seen = 0;
  char line[EPSS_LINE_MAX + 1];
  char field[32];
  while (pos < len) {
    const char *start = buf + pos;
    const char *nl = memchr(start, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - start) : len - pos;
    pos += n + (nl ? 1 : 0);
    lineno++;
    if (n > 0 && start[n - 1] == '\r') n--;
    snprintf(field, sizeof field, "line %zu", lineno);
    if (n > EPSS_LINE_MAX)
      return hoshi_fail(e, HOSHI_ELIMIT, field, "line longer than %d bytes", EPSS_LINE_MAX);
    if (n == 0) continue;
    memcpy(line, start, n);
    line[n] = '\0';
    if (memchr(line, '\0', n))
      return hoshi_fail(e, HOSHI_EINVAL, field, "NUL byte in line");
    if (line[0] == '#') {
      const char *sd = strstr(line, "score_date:");
      if (sd) {
        sd += 11;
        size_t k = 0;
        while (k < 10 && sd[k] && sd[k] != ',' && sd[k] != 'T') k++;
        memcpy(score_date, sd, k);
        score_date[k] = '\0';
      }
      continue;
    }
    if (!header_seen) {
      if (strcmp(line, "cve,epss,percentile") != 0)
        return hoshi_fail(e, HOSHI_EINVAL, field, "expected the header 'cve,epss,percentile'");
      header_seen = 1;
      continue;
    }
    char *c1 = strchr(line, ',');
    char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (!c1 || !c2 || strchr(c2 + 1, ','))
      return hoshi_fail(e, HOSHI_EINVAL, field, "expected three fields cve,epss,percentile");
    *c1 = '\0';
    *c2 = '\0';
    epss_row r = {line, 0, 0};
    if (strncmp(line, "CVE-", 4) != 0 || strlen(line) < 13)
      return hoshi_fail(e, HOSHI_EINVAL, field, "'%.40s' is not a CVE id", line);
    if (parse_prob(c1 + 1, &r.score) || parse_prob(c2 + 1, &r.percentile))
      return hoshi_fail(e, HOSHI_EINVAL, field, "epss and percentile must be numbers from 0 to 1");
    if (++rows > EPSS_ROWS_MAX)
      return hoshi_fail(e, HOSHI_ELIMIT, field, "more than %d rows", EPSS_ROWS_MAX);
    if (fn(ctx, &r) != 0) return hoshi_fail(e, HOSHI_EINTERNAL, field, "stopped by caller");
    if (count) (*count)++;
  }
  if (!header_seen) return hoshi_fail(e, HOSHI_EINVAL, "line 1", "no 'cve,epss,percentile' header");
  return HOSHI_OK;
}

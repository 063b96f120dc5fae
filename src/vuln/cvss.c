/* CVSS vector parsing and scoring: v3.x base score by the formula of the v3.1 specification,
 * v4.0 by the macrovector table and severity-distance interpolation of the v4.0 specification. */
#include "hoshi/cvss.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* One metric of a vector: its abbreviation and allowed values, '|'-separated. */
typedef struct metric_def {
  const char *name;
  const char *values;
  int required;
} metric_def;

#define CVSS_MAX_METRICS 32

static const metric_def V3_METRICS[] = {
    {"AV", "N|A|L|P", 1},   {"AC", "L|H", 1},       {"PR", "N|L|H", 1},   {"UI", "N|R", 1},
    {"S", "U|C", 1},        {"C", "H|L|N", 1},      {"I", "H|L|N", 1},    {"A", "H|L|N", 1},
    {"E", "X|U|P|F|H", 0},  {"RL", "X|O|T|W|U", 0}, {"RC", "X|U|R|C", 0}, {"CR", "X|L|M|H", 0},
    {"IR", "X|L|M|H", 0},   {"AR", "X|L|M|H", 0},   {"MAV", "X|N|A|L|P", 0},
    {"MAC", "X|L|H", 0},    {"MPR", "X|N|L|H", 0},  {"MUI", "X|N|R", 0},  {"MS", "X|U|C", 0},
    {"MC", "X|N|L|H", 0},   {"MI", "X|N|L|H", 0},   {"MA", "X|N|L|H", 0},
};

static const metric_def V4_METRICS[] = {
    {"AV", "N|A|L|P", 1},  {"AC", "L|H", 1},         {"AT", "N|P", 1},       {"PR", "N|L|H", 1},
    {"UI", "N|P|A", 1},    {"VC", "H|L|N", 1},       {"VI", "H|L|N", 1},     {"VA", "H|L|N", 1},
    {"SC", "H|L|N", 1},    {"SI", "H|L|N", 1},       {"SA", "H|L|N", 1},     {"E", "X|A|P|U", 0},
    {"CR", "X|H|M|L", 0},  {"IR", "X|H|M|L", 0},     {"AR", "X|H|M|L", 0},   {"MAV", "X|N|A|L|P", 0},
    {"MAC", "X|L|H", 0},   {"MAT", "X|N|P", 0},      {"MPR", "X|N|L|H", 0},  {"MUI", "X|N|P|A", 0},
    {"MVC", "X|H|L|N", 0}, {"MVI", "X|H|L|N", 0},    {"MVA", "X|H|L|N", 0},  {"MSC", "X|H|L|N", 0},
    {"MSI", "X|S|H|L|N", 0}, {"MSA", "X|S|H|L|N", 0}, {"S", "X|N|P", 0},     {"AU", "X|N|Y", 0},
    {"R", "X|A|U|I", 0},   {"V", "X|D|C", 0},        {"RE", "X|L|M|H", 0},
    {"U", "X|Clear|Green|Amber|Red", 0},
};

/* Parsed vector: for each metric of the table, the chosen value (NUL-terminated) or "". */
typedef struct parsed_vector {
  char value[CVSS_MAX_METRICS][8];
} parsed_vector;

static int value_allowed(const char *values, const char *v, size_t vn) {
  const char *p = values;
  while (*p) {
    const char *bar = strchr(p, '|');
    size_t n = bar ? (size_t)(bar - p) : strlen(p);
    if (n == vn && memcmp(p, v, n) == 0) return 1;
    if (!bar) break;
    p = bar + 1;
  }
  return 0;
}

static hoshi_err parse_metrics(const char *s, const metric_def *defs, size_t ndefs, parsed_vector *pv,
                               hoshi_error *e) {
  memset(pv, 0, sizeof *pv);
  while (*s) {
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    const char *colon = memchr(s, ':', n);
    if (colon == NULL || colon == s || (size_t)(colon - s) + 1 >= n)
      return hoshi_fail(e, HOSHI_EINVAL, "vector", "expected METRIC:VALUE, got '%.*s'", (int)n, s);
    size_t kn = (size_t)(colon - s);
    const char *v = colon + 1;
    size_t vn = n - kn - 1;
    size_t i;
    for (i = 0; i < ndefs; i++)
      if (strlen(defs[i].name) == kn && memcmp(defs[i].name, s, kn) == 0) break;
    if (i == ndefs)
      return hoshi_fail(e, HOSHI_EINVAL, "vector", "unknown metric '%.*s'", (int)kn, s);
    if (pv->value[i][0])
      return hoshi_fail(e, HOSHI_EINVAL, defs[i].name, "metric %s given twice", defs[i].name);
    if (!value_allowed(defs[i].values, v, vn))
      return hoshi_fail(e, HOSHI_EINVAL, defs[i].name, "metric %s: value '%.*s' is not one of %s",
                        defs[i].name, (int)vn, v, defs[i].values);
    memcpy(pv->value[i], v, vn);
    pv->value[i][vn] = '\0';
    if (!slash) break;
    s = slash + 1;
    if (*s == '\0') return hoshi_fail(e, HOSHI_EINVAL, "vector", "vector ends with '/'");
  }
  for (size_t i = 0; i < ndefs; i++)
    if (defs[i].required && !pv->value[i][0])
      return hoshi_fail(e, HOSHI_EINVAL, defs[i].name, "base metric %s is missing", defs[i].name);
  return HOSHI_OK;
}

static char val(const parsed_vector *pv, const metric_def *defs, size_t ndefs, const char *name) {
  for (size_t i = 0; i < ndefs; i++)
    if (strcmp(defs[i].name, name) == 0) return pv->value[i][0];
  return '\0';
}

/* ---- v3.x ---- */

/* Roundup as defined in CVSS v3.1 Appendix A: integer arithmetic avoids 4.0000001 → 4.1. */
static double v3_roundup(double x) {
  long long i = llround(x * 100000.0);
  if (i % 10000 == 0) return (double)i / 100000.0;
  return (double)(i / 10000 + 1) / 10.0;
}

static double v3_score(const parsed_vector *pv) {
  const size_t nd = sizeof V3_METRICS / sizeof V3_METRICS[0];
#define M3(n) val(pv, V3_METRICS, nd, n)
  int changed = M3("S") == 'C';
  double av = 0, ac = 0, pr = 0, ui = 0;
  switch (M3("AV")) { case 'N': av = 0.85; break; case 'A': av = 0.62; break;
                      case 'L': av = 0.55; break; default: av = 0.2; }
  ac = M3("AC") == 'L' ? 0.77 : 0.44;
  switch (M3("PR")) { case 'N': pr = 0.85; break; case 'L': pr = changed ? 0.68 : 0.62; break;
                      default: pr = changed ? 0.5 : 0.27; }
  ui = M3("UI") == 'N' ? 0.85 : 0.62;
  double cia[3];
  const char *names[3] = {"C", "I", "A"};
  for (int k = 0; k < 3; k++) {
    char c = M3(names[k]);
    cia[k] = c == 'H' ? 0.56 : c == 'L' ? 0.22 : 0.0;
  }
#undef M3
  double iss = 1.0 - (1.0 - cia[0]) * (1.0 - cia[1]) * (1.0 - cia[2]);
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
  double expl = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0.0;
  double raw = changed ? 1.08 * (impact + expl) : impact + expl;
  return v3_roundup(raw < 10.0 ? raw : 10.0);
}

/* ---- v4.0 ---- */

/* Macrovector → score, from the CVSS v4.0 specification's lookup table. Key: the six EQ
 * levels as decimal digits eq1..eq6; -1 marks macrovectors that cannot occur. */
typedef struct mv_score { const char key[7]; double score; } mv_score;
static const mv_score V4_LOOKUP[] = {
    {"000000", 10}, {"000001", 9.9}, {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2}, {"000100", 10}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1}, {"000121", 8.1}, {"000200", 9.3}, {"000201", 9}, {"000210", 8.9},
    {"000211", 8}, {"000220", 8.1}, {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5}, {"001011", 9.2}, {"001020", 9}, {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2}, {"001110", 8.9}, {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8}, {"001201", 8}, {"001210", 7.8}, {"001211", 7}, {"001220", 6.9},
    {"001221", 4.8}, {"002001", 9.2}, {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9}, {"002121", 5}, {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9}, {"010001", 9.7}, {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5}, {"010100", 9.5}, {"010101", 9.1}, {"010110", 9}, {"010111", 8.3},
    {"010120", 8.4}, {"010121", 7.1}, {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1}, {"010220", 7.2}, {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2}, {"011011", 8.5}, {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2}, {"011110", 8}, {"011111", 7.2}, {"011120", 7}, {"011121", 5.9},
    {"011200", 8.4}, {"011201", 7}, {"011210", 7.1}, {"011211", 5.2}, {"011220", 5},
    {"011221", 3}, {"012001", 8.6}, {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2}, {"012121", 2.9}, {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8}, {"100001", 9.5}, {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1}, {"100100", 9.4}, {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7}, {"100121", 6.4}, {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3}, {"100220", 6.3}, {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8}, {"101011", 7.7}, {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6}, {"101110", 7.4}, {"101111", 5.8}, {"101120", 5.9}, {"101121", 5},
    {"101200", 7.2}, {"101201", 5.7}, {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5}, {"102001", 8.3}, {"102011", 7}, {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8}, {"102121", 2.6}, {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5}, {"110001", 9}, {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7}, {"110100", 9}, {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1}, {"110121", 5.3}, {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9}, {"110220", 5.2}, {"110221", 3}, {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6}, {"111011", 6.7}, {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9}, {"111110", 5.7}, {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1}, {"111201", 5.2}, {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6}, {"112001", 7.1}, {"112011", 5.9}, {"112021", 3}, {"112101", 5.8},
    {"112111", 2.6}, {"112121", 1.5}, {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3}, {"200001", 8.7}, {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8}, {"200100", 8.6}, {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6}, {"200121", 3.4}, {"200200", 7}, {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4}, {"200220", 4}, {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4}, {"201011", 5.5}, {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7}, {"201110", 5.5}, {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3}, {"201201", 3.6}, {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8}, {"202001", 6.4}, {"202011", 5.1}, {"202021", 2}, {"202101", 4.7},
    {"202111", 2.1}, {"202121", 1.1}, {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8}, {"210001", 7.5}, {"210010", 7.3}, {"210011", 5.3}, {"210020", 6},
    {"210021", 5}, {"210100", 7.3}, {"210101", 5.5}, {"210110", 5.9}, {"210111", 4},
    {"210120", 4.1}, {"210121", 2}, {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2}, {"210220", 2}, {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8}, {"211011", 4.5}, {"211020", 4}, {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1}, {"211110", 4.8}, {"211111", 1.8}, {"211120", 2}, {"211121", 0.9},
    {"211200", 4.6}, {"211201", 1.8}, {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2}, {"212001", 5.3}, {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2}, {"212121", 0.5}, {"212201", 1}, {"212211", 0.3}, {"212221", 0.1},
};

/* Score of macrovector eq[0..5], or NAN when the table has no such macrovector. */
static double v4_lookup(const int eq[6]) {
  char key[7];
  for (int i = 0; i < 6; i++) {
    if (eq[i] < 0 || eq[i] > 9) return NAN;
    key[i] = (char)('0' + eq[i]);
  }
  key[6] = '\0';
  size_t lo = 0, hi = sizeof V4_LOOKUP / sizeof V4_LOOKUP[0];
  while (lo < hi) { /* the table is sorted by key */
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(V4_LOOKUP[mid].key, key);
    if (c == 0) return V4_LOOKUP[mid].score;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return NAN;
}

/* Effective value of a metric: the modified (M*) value when set, and the spec's worst-case
 * defaults for E (A) and CR/IR/AR (H) when not defined. */
static char v4_m(const parsed_vector *pv, const char *name) {
  const size_t nd = sizeof V4_METRICS / sizeof V4_METRICS[0];
  char v = val(pv, V4_METRICS, nd, name);
  if (strcmp(name, "E") == 0) return (v == '\0' || v == 'X') ? 'A' : v;
  if (strcmp(name, "CR") == 0 || strcmp(name, "IR") == 0 || strcmp(name, "AR") == 0)
    return (v == '\0' || v == 'X') ? 'H' : v;
  char mname[8];
  snprintf(mname, sizeof mname, "M%s", name);
  char mv = val(pv, V4_METRICS, nd, mname);
  if (mv != '\0' && mv != 'X') return mv;
  return v;
}

/* Severity levels of each value, in tenths, as the specification's distance tables. */
static double lvl(char metric_class, char v) {
  switch (metric_class) {
    case 'V': /* AV */ return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    case 'P': /* PR */ return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2;
    case 'U': /* UI */ return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2;
    case 'C': /* AC */ return v == 'L' ? 0.0 : 0.1;
    case 'T': /* AT */ return v == 'N' ? 0.0 : 0.1;
    case 'I': /* VC VI VA */ return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2;
    case 'S': /* SC */ return v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    case 'X': /* SI SA (S = safety) */ return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    case 'R': /* CR IR AR */ return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2;
  }
  return 0.0;
}

/* Highest-severity vectors of each EQ level (the specification's "max composed" table),
 * written as the values of the metrics that EQ covers, in a fixed order. */
static const char *const EQ1_MAX[3][3] = {{"NNN"}, {"ANN", "NLN", "NNP"}, {"PNN", "ALP"}}; /* AV PR UI */
static const char *const EQ2_MAX[2][2] = {{"LN"}, {"HN", "LP"}};                           /* AC AT */
static const char *const EQ4_MAX[3] = {"HSS", "HHH", "LLL"};                               /* SC SI SA */
/* VC VI VA CR IR AR, by eq3 then eq6 */
static const char *const EQ36_MAX[3][2][5] = {
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{NULL}, {"LLLHHH"}},
};
/* Maximal severity distance within each EQ level (+1), from the specification. */
static const int EQ1_DEPTH[3] = {1, 4, 5};
static const int EQ2_DEPTH[2] = {1, 2};
static const int EQ36_DEPTH[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int EQ4_DEPTH[3] = {6, 5, 4};

static size_t count_list(const char *const *l, size_t max) {
  size_t n = 0;
  while (n < max && l[n]) n++;
  return n;
}

static double v4_score(const parsed_vector *pv) {
  char AV = v4_m(pv, "AV"), PR = v4_m(pv, "PR"), UI = v4_m(pv, "UI"), AC = v4_m(pv, "AC"),
       AT = v4_m(pv, "AT"), VC = v4_m(pv, "VC"), VI = v4_m(pv, "VI"), VA = v4_m(pv, "VA"),
       SC = v4_m(pv, "SC"), SI = v4_m(pv, "SI"), SA = v4_m(pv, "SA"), E = v4_m(pv, "E"),
       CR = v4_m(pv, "CR"), IR = v4_m(pv, "IR"), AR = v4_m(pv, "AR");
  if (VC == 'N' && VI == 'N' && VA == 'N' && SC == 'N' && SI == 'N' && SA == 'N') return 0.0;

  int eq[6];
  if (AV == 'N' && PR == 'N' && UI == 'N') eq[0] = 0;
  else if ((AV == 'N' || PR == 'N' || UI == 'N') && AV != 'P') eq[0] = 1;
  else eq[0] = 2;
  eq[1] = (AC == 'L' && AT == 'N') ? 0 : 1;
  if (VC == 'H' && VI == 'H') eq[2] = 0;
  else if (VC == 'H' || VI == 'H' || VA == 'H') eq[2] = 1;
  else eq[2] = 2;
  if (SI == 'S' || SA == 'S') eq[3] = 0;
  else if (SC == 'H' || SI == 'H' || SA == 'H') eq[3] = 1;
  else eq[3] = 2;
  eq[4] = E == 'A' ? 0 : E == 'P' ? 1 : 2;
  eq[5] = ((CR == 'H' && VC == 'H') || (IR == 'H' && VI == 'H') || (AR == 'H' && VA == 'H')) ? 0 : 1;

  double value = v4_lookup(eq);

  /* Next lower macrovector along each EQ; eq3 and eq6 move together. */
  int n1[6], n2[6], n4[6], n5[6], n36[6];
  memcpy(n1, eq, sizeof eq); n1[0]++;
  memcpy(n2, eq, sizeof eq); n2[1]++;
  memcpy(n4, eq, sizeof eq); n4[3]++;
  memcpy(n5, eq, sizeof eq); n5[4]++;
  memcpy(n36, eq, sizeof eq);
  double s36;
  if (eq[2] == 0 && eq[5] == 0) {
    int left[6], right[6];
    memcpy(left, eq, sizeof eq); left[5]++;
    memcpy(right, eq, sizeof eq); right[2]++;
    double sl = v4_lookup(left), sr = v4_lookup(right);
    s36 = sl > sr ? sl : sr; /* NAN compares false: the right path wins, as in the spec */
  } else {
    if (eq[2] == 1 && eq[5] == 0) n36[5]++;
    else if (eq[2] == 2) { n36[2]++; n36[5]++; }
    else n36[2]++;
    s36 = v4_lookup(n36);
  }
  double s1 = v4_lookup(n1), s2 = v4_lookup(n2), s4 = v4_lookup(n4), s5 = v4_lookup(n5);

  /* Severity distance from the first highest-severity vector of the macrovector that is not
   * less severe than this vector in any metric. */
  double d[14] = {0};
  const char *const *m1 = EQ1_MAX[eq[0]];
  const char *const *m2 = EQ2_MAX[eq[1]];
  const char *const *m36 = EQ36_MAX[eq[2]][eq[5]];
  size_t c1 = count_list(m1, 3), c2 = count_list(m2, 2), c36 = count_list(m36, 5);
  int found = 0;
  for (size_t a = 0; a < c1 && !found; a++)
    for (size_t b = 0; b < c2 && !found; b++)
      for (size_t c = 0; c < c36 && !found; c++) {
        const char *x1 = m1[a], *x2 = m2[b], *x36 = m36[c], *x4 = EQ4_MAX[eq[3]];
        d[0] = lvl('V', AV) - lvl('V', x1[0]);
        d[1] = lvl('P', PR) - lvl('P', x1[1]);
        d[2] = lvl('U', UI) - lvl('U', x1[2]);
        d[3] = lvl('C', AC) - lvl('C', x2[0]);
        d[4] = lvl('T', AT) - lvl('T', x2[1]);
        d[5] = lvl('I', VC) - lvl('I', x36[0]);
        d[6] = lvl('I', VI) - lvl('I', x36[1]);
        d[7] = lvl('I', VA) - lvl('I', x36[2]);
        d[8] = lvl('S', SC) - lvl('S', x4[0]);
        d[9] = lvl('X', SI) - lvl('X', x4[1]);
        d[10] = lvl('X', SA) - lvl('X', x4[2]);
        d[11] = lvl('R', CR) - lvl('R', x36[3]);
        d[12] = lvl('R', IR) - lvl('R', x36[4]);
        d[13] = lvl('R', AR) - lvl('R', x36[5]);
        found = 1;
        for (int k = 0; k < 14; k++)
          if (d[k] < 0) { found = 0; break; }
      }

  double cur1 = d[0] + d[1] + d[2];
  double cur2 = d[3] + d[4];
  double cur36 = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
  double cur4 = d[8] + d[9] + d[10];
  const double step = 0.1;
  double msd1 = value - s1, msd2 = value - s2, msd36 = value - s36, msd4 = value - s4,
         msd5 = value - s5;
  int n = 0;
  double sum = 0.0;
  if (!isnan(msd1)) { n++; sum += msd1 * (cur1 / (EQ1_DEPTH[eq[0]] * step)); }
  if (!isnan(msd2)) { n++; sum += msd2 * (cur2 / (EQ2_DEPTH[eq[1]] * step)); }
  if (!isnan(msd36)) { n++; sum += msd36 * (cur36 / (EQ36_DEPTH[eq[2]][eq[5]] * step)); }
  if (!isnan(msd4)) { n++; sum += msd4 * (cur4 / (EQ4_DEPTH[eq[3]] * step)); }
  if (!isnan(msd5)) { n++; } /* eq5 has no depth: its proportion is always 0 */
  if (n > 0) value -= sum / n;
  if (value < 0) value = 0.0;
  if (value > 10) value = 10.0;
  return floor(value * 10.0 + 0.5) / 10.0;
}

hoshi_err hoshi_cvss_score(const char *vector, double *score, hoshi_cvss_version *version,
                           hoshi_error *e) {
  if (version) *version = HOSHI_CVSS_UNKNOWN;
  if (vector == NULL) return hoshi_fail(e, HOSHI_EINVAL, "vector", "no vector given");
  size_t len = strnlen(vector, HOSHI_CVSS_VECTOR_MAX + 1);
  if (len > HOSHI_CVSS_VECTOR_MAX)
    return hoshi_fail(e, HOSHI_ELIMIT, "vector", "vector longer than %d characters",
                      HOSHI_CVSS_VECTOR_MAX);
  parsed_vector pv;
  hoshi_err rc;
  if (strncmp(vector, "CVSS:3.1/", 9) == 0 || strncmp(vector, "CVSS:3.0/", 9) == 0) {
    rc = parse_metrics(vector + 9, V3_METRICS, sizeof V3_METRICS / sizeof V3_METRICS[0], &pv, e);
    if (rc) return rc;
    *score = v3_score(&pv);
    if (version) *version = HOSHI_CVSS_V3;
    return HOSHI_OK;
  }
  if (strncmp(vector, "CVSS:4.0/", 9) == 0) {
    rc = parse_metrics(vector + 9, V4_METRICS, sizeof V4_METRICS / sizeof V4_METRICS[0], &pv, e);
    if (rc) return rc;
    *score = v4_score(&pv);
    if (version) *version = HOSHI_CVSS_V4;
    return HOSHI_OK;
  }
  return hoshi_fail(e, HOSHI_EINVAL, "vector",
                    "expected a vector starting with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/, got '%.20s'",
                    vector);
}

const char *hoshi_cvss_rating(double score) {
  if (score <= 0.0) return "none";
  if (score < 4.0) return "low";
  if (score < 7.0) return "medium";
  if (score < 9.0) return "high";
  return "critical";
}

/* hoshi demo: loads a small, realistic cast — the scheme operator, an automotive buyer, two
 * tiers of suppliers, a ★3 expert and a ★4 evaluation body — and prints the logins. All
 * companies and 法人番号 are fictional (check digits computed, so they validate). */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "org/org.h"
#include "catalog/catalog.h"
#include "chain/chain.h"
#include "hoshi/vuln.h"
#include "products/products.h"
#include "jcstar/jcstar.h"
#include "scs/scs.h"
#include "store/store.h"

typedef struct demo_org {
  const char *base12; /* the check digit is computed */
  const char *name_ja, *name_en, *sector, *address, *note;
  int sme;
} demo_org;

static const demo_org demo_orgs[] = {
    {"100001000001", "星スキーム運営事務局", "Hoshi Scheme Office", "other", "東京都千代田区霞が関1-1", "scheme operator", 0},
    {"180001020304", "東海モーターズ株式会社", "Tokai Motors Co., Ltd.", "automotive", "愛知県豊田市元町3-1", "buyer (発注企業)", 0},
    {"180001030405", "三河精密工業株式会社", "Mikawa Precision Industries", "automotive", "愛知県岡崎市羽根町2-8", "tier-1 supplier", 1},
    {"180001040506", "浜松電装株式会社", "Hamamatsu Denso Ltd.", "automotive", "静岡県浜松市中央区砂山町5-3", "tier-1 supplier", 1},
    {"180002050607", "岡崎樹脂加工有限会社", "Okazaki Resin Works", "automotive", "愛知県岡崎市上地4-12", "tier-2 supplier (to Mikawa)", 1},
    {"180002060708", "豊橋ソフトウェア株式会社", "Toyohashi Software Inc.", "other", "愛知県豊橋市駅前大通2-33", "tier-2 supplier (to Hamamatsu)", 1},
    {"130001070809", "セキュリティ確認サービス合同会社", "Security Confirmation Services LLC", "other", "東京都港区芝浦3-4-1", "★3 security expert firm", 1},
    {"130001080901", "日本サイバー評価機構株式会社", "Japan Cyber Evaluation Organization", "other", "東京都文京区本郷7-3-1", "★4 evaluation body", 0},
    {"140001091011", "さくらネットワーク機器株式会社", "Sakura Network Devices Co., Ltd.", "other", "神奈川県川崎市中原区小杉町1-2", "IoT vendor (JC-STAR)", 1},
};

typedef struct demo_user {
  int org;
  const char *username, *display, *roles, *password;
} demo_user;

static const demo_user demo_users[] = {
    {0, "admin", "運営 管理者", "admin", "hoshi-admin-2026"},
    {0, "auditor", "監査 閲覧者", "auditor", "hoshi-auditor-2026"},
    {1, "buyer", "東海 調達担当", "member", "hoshi-buyer-2026"},
    {2, "mikawa", "三河 情報システム", "member", "hoshi-mikawa-2026"},
    {3, "hamamatsu", "浜松 情報システム", "member", "hoshi-hamamatsu-2026"},
    {4, "okazaki", "岡崎 総務", "member", "hoshi-okazaki-2026"},
    {5, "toyohashi", "豊橋 開発", "member", "hoshi-toyohashi-2026"},
    {6, "expert", "確認 専門家", "expert", "hoshi-expert-2026"},
    {7, "evaluator", "評価 担当", "evaluator", "hoshi-evaluator-2026"},
    {8, "iotvendor", "さくら 品質保証", "member", "hoshi-iotvendor-2026"},
};

#define DEMO_N_ORGS (sizeof demo_orgs / sizeof demo_orgs[0])
#define DEMO_N_USERS (sizeof demo_users / sizeof demo_users[0])

static void print_logins(void) {
  printf("\nDemo logins (user / password — role, organization):\n");
  for (size_t i = 0; i < DEMO_N_USERS; i++) {
    const demo_user *u = &demo_users[i];
    printf("  %-10s / %-22s %s, %s (%s)\n", u->username, u->password, u->roles, demo_orgs[u->org].name_ja,
           demo_orgs[u->org].note);
  }
}

/* Mikawa (tier 1) holds a valid ★3 on scs-2026, rated through the real workflow; Hamamatsu has
 * a ★3 self-assessment half done. Skipped when scs-2026 is not loaded. */
static int demo_assessments(sqlite3 *db, char ids[][UTIL_ID_LEN], const char *expert_id) {
  hoshi_error e;
  catalog_info ci;
  if (catalog_get_info(db, "scs-2026", &ci, NULL) != HOSHI_OK) return CLI_OK;
  user mikawa, hamamatsu, expert;
  if (user_get_by_username(db, "mikawa", &mikawa, &e) || user_get_by_username(db, "hamamatsu", &hamamatsu, &e) ||
      user_get(db, expert_id, &expert, &e))
    return cli_error(CLI_FAIL, "demo: %s", e.message);
  audit_actor m = {mikawa.id, mikawa.username, ""}, h = {hamamatsu.id, hamamatsu.username, ""},
              x = {expert.id, expert.username, ""};
  catalog_criterion *crit = NULL;
  size_t n = 0;
  if (catalog_criteria_for_level(db, "scs-2026", "3", &crit, &n, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  scs_exclusion ex[] = {{"岡崎工場 生産設備ネットワーク（OT）", "SCS評価制度の対象外（OT）。工場OTは別途ガイドラインで管理"}};
  scs_new in3 = {ids[2], "scs-2026", "3", "company", "三河精密工業株式会社 本社および岡崎工場の情報システム", ex, 1, NULL, NULL};
  scs_new inh = {ids[3], "scs-2026", "3", "company", "浜松電装株式会社 全社の情報システム", NULL, 0, NULL, NULL};
  scs_assessment a, b;
  char rid[UTIL_ID_LEN];
  scs_declaration d = {"三河 一郎", "代表取締役社長", "2026-11-20",
                       "当社は、SCS評価制度★3のすべての要求事項を満たしていることを宣誓します。"};
  int rc = CLI_OK;
  if (scs_create(db, &m, &in3, &a, &e) || scs_create(db, &h, &inh, &b, &e)) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  for (size_t i = 0; i < n && rc == CLI_OK; i++) {
    if (scs_answer(db, &m, &a, crit[i].id, "implemented", "", "", &e)) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
    /* Hamamatsu has answered the first half, with a few gaps. */
    else if (i < n / 2 && scs_answer(db, &h, &b, crit[i].id, i % 7 == 3 ? "partial" : "implemented", "", "", &e))
      rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  }
  free(crit);
  if (rc == CLI_OK && (scs_submit(db, &m, &a, &e) || scs_confirm(db, &x, &a, &e) || scs_declare(db, &m, &a, &d, rid, &e)))
    rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  if (rc == CLI_OK) printf("demo: %s holds ★3 rating %s; %s has a ★3 self-assessment in progress\n", "三河精密工業", rid, "浜松電装");
  return rc;
}

/* Sakura Network Devices holds a JC-STAR ★1 label for its SNC-200 network camera, declared
 * through the real checklist, so the public list is not empty. Skipped without the catalog. */
/* The chain: Tokai Motors buys from Mikawa (★3 by the decision tree) and Hamamatsu (★4: its
 * systems reach Tokai's network); Mikawa and Hamamatsu declare their own suppliers (tier 2).
 * Tokai has asked both for their ratings; nothing is shared yet — that is the suppliers' act. */
static int demo_chain(sqlite3 *db, char ids[][UTIL_ID_LEN]) {
  struct {
    int buyer, supplier, network;
    const char *kind, *reason;
  } links[] = {
      {1, 2, 0, "goods", "ブレーキ部品の供給。機密情報の預託・接続なし"},
      {1, 3, 1, "service", "車載ECUの開発委託。当社の開発ネットワークに接続あり"},
      {2, 4, 0, "goods", "樹脂部品の供給"},
      {3, 5, 0, "service", "組込みソフトウェアの開発委託"},
  };
  hoshi_error e;
  char rel_ids[2][UTIL_ID_LEN];
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
    org buyer, supplier;
    user member;
    if (org_get(db, ids[links[i].buyer], &buyer, &e) || org_get(db, ids[links[i].supplier], &supplier, &e))
      return cli_error(CLI_FAIL, "demo: %s", e.message);
    const char *uname = links[i].buyer == 1 ? "buyer" : links[i].buyer == 2 ? "mikawa" : "hamamatsu";
    if (user_get_by_username(db, uname, &member, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
    audit_actor who = {member.id, member.username, ""};
    sc_rel_input in = {supplier.corporate_number, supplier.name_ja, "", links[i].kind, "high",
                       {0, 0, links[i].network, 0, 0, 0}, links[i].reason};
    sc_relationship rel;
    if (sc_add(db, &who, buyer.id, &in, &rel, NULL, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
    if (i < 2) memcpy(rel_ids[i], rel.id, UTIL_ID_LEN);
  }
  user buyer;
  if (user_get_by_username(db, "buyer", &buyer, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  audit_actor who = {buyer.id, buyer.username, ""};
  char due[UTIL_TIME_LEN];
  util_time_iso(time(NULL) + 60 * 86400, due);
  due[10] = '\0';
  for (int i = 0; i < 2; i++) {
    sc_relationship rel;
    if (sc_get(db, rel_ids[i], &rel, &e) ||
        sc_request(db, &who, &rel, NULL, due, "取引基本契約に基づき、SCS評価の取得と共有をお願いします。", NULL, &e))
      return cli_error(CLI_FAIL, "demo: %s", e.message);
  }
  /* Hamamatsu shows Tokai how far its ★3 self-assessment has come, so the dashboard's heatmap
   * has gaps to show. */
  user h;
  sqlite3_stmt *q = NULL;
  char aid[UTIL_ID_LEN] = "";
  if (sqlite3_prepare_v2(db, "SELECT id FROM assessments WHERE org_id = ? ORDER BY created_at LIMIT 1", -1, &q, NULL) == SQLITE_OK) {
    sqlite3_bind_text(q, 1, ids[3], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(q) == SQLITE_ROW) snprintf(aid, sizeof aid, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
  }
  if (aid[0]) {
    if (user_get_by_username(db, "hamamatsu", &h, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
    audit_actor hw = {h.id, h.username, ""};
    if (sc_share(db, &hw, ids[3], NULL, aid, ids[1], NULL, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  }
  printf("demo: 東海モーターズ → 三河精密工業 (★3), 浜松電装 (★4); tier 2: 岡崎樹脂加工, 豊橋ソフトウェア; requests sent%s\n",
         aid[0] ? "; 浜松電装 shares its assessment's progress" : "");
  return CLI_OK;
}

static int demo_label(sqlite3 *db, const char *org_id) {
  hoshi_error e;
  catalog_info ci;
  if (catalog_get_info(db, JCS_DEFAULT_CATALOG, &ci, NULL) != HOSHI_OK) return CLI_OK;
  user v;
  if (user_get_by_username(db, "iotvendor", &v, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  audit_actor who = {v.id, v.username, ""};
  static const char *const models[] = {"SNC-200", "SNC-200W", "SNC-210"};
  jcs_product_fields f = {NULL, "SNC-200 ネットワークカメラ", "network_camera", "2.4.1", "2030-03-31",
                          "自動更新（署名付きファームウェアをHTTPSで配信）。管理画面からの手動更新も可能。",
                          "psirt@sakura-nd.example", "https://sakura-nd.example/security/policy",
                          "https://sakura-nd.example/sbom/snc-200.cdx.json", NULL, "1", NULL, "SNC-200 network camera",
                          "Automatic updates (signed firmware delivered over HTTPS); manual update from the web UI.",
                          models, 3};
  jcs_product p;
  if (jcs_product_create(db, &who, org_id, &f, &p, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  catalog_criterion *crit = NULL;
  size_t n = 0;
  if (catalog_criteria_for_level(db, JCS_DEFAULT_CATALOG, "1", &crit, &n, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  int rc = CLI_OK;
  for (size_t i = 0; i < n && rc == CLI_OK; i++) {
    char ev[200];
    snprintf(ev, sizeof ev, "設計書 SNC-200-SEC-01 第%zu節、取扱説明書 第8章", i + 1);
    if (jcs_answer_set(db, &who, &p, crit[i].id, "met", ev, &e)) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  }
  free(crit);
  jcs_declaration d = {"桜井 健", "品質保証部長", 1};
  jcs_label l;
  if (rc == CLI_OK && jcs_declare(db, &who, &p, &d, &l, &e)) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  if (rc == CLI_OK) printf("demo: さくらネットワーク機器 SNC-200 holds JC-STAR ★1 label %s\n", l.reg_number);
  return rc;
}

/* Made-up advisories (ids HOSHI-DEMO-*, CVE-2099-*) in OSV form and a KEV entry with a due
 * date three weeks from today, so the SBOM pages show findings, a KEV alert and the buyer's
 * impact without any download. */
static const char *const demo_advisories[] = {
    "{\"id\":\"HOSHI-DEMO-0001\",\"modified\":\"2026-11-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0001\"],"
    "\"summary\":\"デモ用の架空の脆弱性: lodash のプロトタイプ汚染 (made-up, demo)\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lodash\"},"
    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.17.21\"}]}]}]}",
    "{\"id\":\"HOSHI-DEMO-0002\",\"modified\":\"2026-11-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0002\"],"
    "\"summary\":\"デモ用の架空の脆弱性: HTTP/2 の処理で過負荷 (made-up, demo)\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"golang.org/x/net\"},"
    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"0.23.0\"}]}]}]}",
    "{\"id\":\"HOSHI-DEMO-0003\",\"modified\":\"2026-11-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0003\"],"
    "\"summary\":\"デモ用の架空の脆弱性: 証明書検証の不備 (made-up, demo)\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N\"}],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"requests\"},"
    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.31.0\"}]}]}]}",
};

static const char demo_sbom_bcu[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
    "\"metadata\":{\"timestamp\":\"2026-11-02T09:00:00Z\",\"tools\":{\"components\":[{\"type\":\"application\",\"name\":\"hoshi-demo\"}]},"
    "\"authors\":[{\"name\":\"三河精密工業\"}],\"component\":{\"type\":\"firmware\",\"bom-ref\":\"bcu\",\"name\":\"BCU-7\",\"version\":\"7.2.0\","
    "\"supplier\":{\"name\":\"三河精密工業\"}}},"
    "\"components\":["
    "{\"type\":\"library\",\"bom-ref\":\"lodash\",\"name\":\"lodash\",\"version\":\"4.17.15\",\"purl\":\"pkg:npm/lodash@4.17.15\","
    "\"supplier\":{\"name\":\"OpenJS Foundation\"},\"licenses\":[{\"license\":{\"id\":\"MIT\"}}],"
    "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\"}]},"
    "{\"type\":\"library\",\"bom-ref\":\"xnet\",\"name\":\"golang.org/x/net\",\"version\":\"v0.20.0\","
    "\"purl\":\"pkg:golang/golang.org/x/net@v0.20.0\",\"supplier\":{\"name\":\"The Go Authors\"},"
    "\"licenses\":[{\"license\":{\"id\":\"BSD-3-Clause\"}}]},"
    "{\"type\":\"library\",\"bom-ref\":\"zlib\",\"name\":\"zlib\",\"version\":\"1.3.1\",\"purl\":\"pkg:generic/zlib@1.3.1\","
    "\"supplier\":{\"name\":\"zlib\"},\"licenses\":[{\"license\":{\"id\":\"Zlib\"}}]}],"
    "\"dependencies\":[{\"ref\":\"bcu\",\"dependsOn\":[\"lodash\",\"xnet\",\"zlib\"]}]}";

static const char demo_sbom_mes[] =
    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
    "\"metadata\":{\"timestamp\":\"2026-11-05T09:00:00Z\",\"tools\":{\"components\":[{\"type\":\"application\",\"name\":\"hoshi-demo\"}]},"
    "\"authors\":[{\"name\":\"岡崎樹脂加工\"}],\"component\":{\"type\":\"application\",\"bom-ref\":\"mes\",\"name\":\"molding-mes\","
    "\"version\":\"3.1\",\"supplier\":{\"name\":\"岡崎樹脂加工\"}}},"
    "\"components\":["
    "{\"type\":\"library\",\"bom-ref\":\"requests\",\"name\":\"requests\",\"version\":\"2.25.0\",\"purl\":\"pkg:pypi/requests@2.25.0\","
    "\"supplier\":{\"name\":\"PSF\"},\"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}]},"
    "{\"type\":\"library\",\"bom-ref\":\"lodash\",\"name\":\"lodash\",\"version\":\"4.17.21\",\"purl\":\"pkg:npm/lodash@4.17.21\","
    "\"supplier\":{\"name\":\"OpenJS Foundation\"},\"licenses\":[{\"license\":{\"id\":\"MIT\"}}]}],"
    "\"dependencies\":[{\"ref\":\"mes\",\"dependsOn\":[\"requests\",\"lodash\"]}]}";

/* Mikawa (tier 1) publishes the SBOM of its brake control unit firmware and shares its
 * vulnerability status with Tokai; Okazaki (tier 2) shares its MES software's SBOM with Tokai
 * directly. One of the findings is a KEV entry; Mikawa has stated one as not affected. */
static int demo_products(sqlite3 *db, char ids[][UTIL_ID_LEN]) {
  hoshi_error e;
  hoshi_vuln_import_stats st = {0};
  for (size_t i = 0; i < sizeof demo_advisories / sizeof demo_advisories[0]; i++)
    if (hoshi_vuln_import_buffer(db, "demo", demo_advisories[i], strlen(demo_advisories[i]), &st, &e))
      return cli_error(CLI_FAIL, "demo: %s", e.message);
  char added[UTIL_TIME_LEN], due[UTIL_TIME_LEN], kev[900];
  util_time_iso(time(NULL) - 2 * 86400, added);
  util_time_iso(time(NULL) + 19 * 86400, due);
  added[10] = due[10] = '\0';
  snprintf(kev, sizeof kev,
           "{\"title\":\"hoshi demo (made-up entry in the shape of the CISA KEV catalog)\",\"catalogVersion\":\"demo\","
           "\"count\":1,\"vulnerabilities\":[{\"cveID\":\"CVE-2099-0001\",\"vendorProject\":\"Demo\",\"product\":\"lodash\","
           "\"vulnerabilityName\":\"Made-up lodash exploitation\",\"dateAdded\":\"%s\",\"shortDescription\":\"Demo entry.\","
           "\"requiredAction\":\"Apply updates.\",\"dueDate\":\"%s\",\"knownRansomwareCampaignUse\":\"Unknown\",\"notes\":\"\"}]}",
           added, due);
  if (hoshi_vuln_import_buffer(db, "demo-kev", kev, strlen(kev), &st, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
  struct {
    int org;
    const char *user, *name, *type, *description, *version, *sbom, *scope;
  } items[] = {
      {2, "mikawa", "ブレーキ制御ユニット BCU-7 ファームウェア", "firmware", "東海モーターズ向け BCU-7 の制御ファームウェア",
       "7.2.0", demo_sbom_bcu, "status"},
      {4, "okazaki", "樹脂成形 MES", "software", "成形ラインの製造実行システム", "3.1", demo_sbom_mes, "sbom"},
  };
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    user u;
    if (user_get_by_username(db, items[i].user, &u, &e)) return cli_error(CLI_FAIL, "demo: %s", e.message);
    audit_actor who = {u.id, u.username, ""};
    char pid[UTIL_ID_LEN];
    products_upload_result r;
    if (products_create(db, &who, ids[items[i].org], items[i].name, items[i].type, items[i].description, pid, &e) ||
        products_sbom_upload(db, &who, ids[items[i].org], pid, items[i].version, items[i].sbom, strlen(items[i].sbom), &r, &e))
      return cli_error(CLI_FAIL, "demo: %s", e.message);
    /* Mikawa has looked at the HTTP/2 finding: the firmware never serves HTTP/2. */
    sqlite3_stmt *q = NULL;
    if (i == 0 && sqlite3_prepare_v2(db, "SELECT id FROM product_findings WHERE version_id = ? AND advisory_id = 'HOSHI-DEMO-0002'",
                                     -1, &q, NULL) == SQLITE_OK) {
      sqlite3_bind_text(q, 1, r.version_id, -1, SQLITE_TRANSIENT);
      char fid[UTIL_ID_LEN] = "";
      if (sqlite3_step(q) == SQLITE_ROW) snprintf(fid, sizeof fid, "%s", (const char *)sqlite3_column_text(q, 0));
      sqlite3_finalize(q);
      if (fid[0] && products_vex_set(db, &who, ids[items[i].org], fid, "not_affected", "vulnerable_code_not_in_execute_path",
                                     NULL, "HTTP/2 は無効化してビルドしており、該当コードは実行されません。", &e))
        return cli_error(CLI_FAIL, "demo: %s", e.message);
    }
    if (products_share(db, &who, ids[items[i].org], pid, ids[1], items[i].scope, NULL, &e))
      return cli_error(CLI_FAIL, "demo: %s", e.message);
    printf("demo: %s — %s %s, %zu components, %zu open findings, shared with 東海モーターズ (%s)\n", demo_orgs[items[i].org].name_ja,
           items[i].name, items[i].version, r.components, r.findings_open, items[i].scope);
  }
  return CLI_OK;
}

int cmd_demo(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) {
    printf("usage: hoshi demo [--db PATH] [--logins] [--no-products]\n\n"
           "Loads the demo organizations and users into an empty database and prints the logins.\n"
           "On a database that already has them, only prints the logins.\n"
           "  --no-products  leave out the SBOM products and the made-up advisories (an empty\n"
           "                 vulnerability store, as the product tests want)\n");
    return CLI_OK;
  }
  const char *db_opt = NULL;
  int with_products = 1;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = cli_opt(argc, argv, &i, "--db"))) db_opt = v;
    else if (strcmp(argv[i], "--logins") == 0) continue;
    else if (strcmp(argv[i], "--no-products") == 0) with_products = 0;
    else return cli_error(CLI_USAGE, "demo: unexpected argument '%s' (see hoshi demo --help)", argv[i]);
  }
  sqlite3 *db = cli_open_db(db_opt);
  if (db == NULL) return CLI_FAIL;
  hoshi_error e;
  user existing;
  if (user_get_by_username(db, demo_users[0].username, &existing, NULL) == HOSHI_OK) {
    printf("demo data already loaded in %s\n", cli_db_path(db_opt));
    print_logins();
    sqlite3_close(db);
    return CLI_OK;
  }
  audit_actor who = {NULL, "demo", ""};
  char ids[DEMO_N_ORGS][UTIL_ID_LEN];
  int rc = CLI_OK;
  for (size_t i = 0; i < DEMO_N_ORGS && rc == CLI_OK; i++) {
    const demo_org *d = &demo_orgs[i];
    char num[14];
    snprintf(num, sizeof num, "%d%s", org_corpnum_check_digit(d->base12), d->base12);
    org_fields f = {num, d->name_ja, d->name_en, d->sector, d->sme, d->address};
    org o;
    if (org_create(db, &who, &f, &o, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
    else memcpy(ids[i], o.id, UTIL_ID_LEN);
  }
  char expert_id[UTIL_ID_LEN] = "";
  for (size_t i = 0; i < DEMO_N_USERS && rc == CLI_OK; i++) {
    const demo_user *d = &demo_users[i];
    user_fields f = {ids[d->org], d->username, d->display, "", d->password, auth_roles_parse(d->roles, NULL), -1};
    user u;
    if (user_create(db, &who, &f, &u, &e) != HOSHI_OK) rc = cli_error(CLI_FAIL, "demo: %s", e.message);
    else if (strcmp(d->roles, "expert") == 0) memcpy(expert_id, u.id, sizeof expert_id);
  }
  /* The demo expert confirms every demo supplier's ★3 assessments unless another is chosen,
   * so the whole flow can be scripted against the demo. */
  for (size_t i = 0; i < DEMO_N_ORGS && rc == CLI_OK && expert_id[0]; i++)
    if (strstr(demo_orgs[i].note, "supplier") && scs_set_default_expert(db, &who, ids[i], expert_id, &e) != HOSHI_OK)
      rc = cli_error(CLI_FAIL, "demo: %s", e.message);
  if (rc == CLI_OK && cli_import_catalogs(db, 0) != 0) rc = CLI_FAIL;
  if (rc == CLI_OK) rc = demo_assessments(db, ids, expert_id);
  if (rc == CLI_OK) rc = demo_label(db, ids[8]);
  if (rc == CLI_OK) rc = demo_chain(db, ids);
  if (rc == CLI_OK && with_products) rc = demo_products(db, ids);
  if (rc == CLI_OK) {
    printf("demo data loaded into %s: %zu organizations, %zu users\n", cli_db_path(db_opt), DEMO_N_ORGS, DEMO_N_USERS);
    print_logins();
  }
  sqlite3_close(db);
  return rc;
}

// In real Chromium: a tier-2 supplier registers a product, uploads its SBOM through the file
// input and shares it with the end buyer by 法人番号; the buyer asks which products a KEV entry
// hits, sees the product with its tier, path and KEV due date, the impact graph, and the
// supplier's own pictures one click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, hoshi, login, api } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');
const FIX = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/products');
let srv, browser;
const orgs = {};

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer({ products: false });
  const imp = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'osv-lodash.json'), join(FIX, 'kev.json')]);
  assert.equal(imp.status, 0, imp.stderr);
  const admin = await login(srv.base, 'admin', 'hoshi-admin-2026');
  for (const o of (await api(srv.base, 'GET', '/api/v1/orgs', { session: admin })).json.items) orgs[o.name_en] = o;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

// Each user in a browser context of its own (own cookies); waits for the home page after login.
async function loggedIn(user, password) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.waitForSelector('#logout:visible');
  return { ctx, page, errors };
}

test('tier-2 supplier uploads and shares through the UI; the buyer sees the KEV impact, the graph and the supplier', async () => {
  const tokai = orgs['Tokai Motors Co., Ltd.'], okazaki = orgs['Okazaki Resin Works'];

  // the supplier, two tiers below Tokai (Tokai → Mikawa → Okazaki)
  const sup = await loggedIn('okazaki', 'hoshi-okazaki-2026');
  let page = sup.page;
  await page.goto(`${srv.base}/#/sboms`);
  await page.waitForSelector('[data-testid=product-form]');
  await page.fill('[data-testid=product-form] input[name=name]', 'Resin MES <line 3>');
  await page.selectOption('[data-testid=product-form] select[name=type]', 'software');
  await page.click('[data-testid=product-form] button[type=submit]');
  await page.waitForSelector('[data-testid=sbom-form]');
  await page.fill('[data-testid=sbom-form] input[name=version]', '3.1');
  await page.setInputFiles('[data-testid=sbom-form] input[type=file]', join(FIX, 'resin-mes-3.1.cdx.json'));
  await page.click('[data-testid=sbom-form] button[type=submit]');
  await page.waitForSelector('[data-testid=finding-table]');
  assert.match(await page.locator('[data-testid=finding-table]').textContent(), /HOSHI-TEST-0001/);
  await page.fill('[data-testid=share-form] input[name=buyer]', tokai.corporate_number);
  await page.selectOption('[data-testid=share-form] select[name=scope]', 'status');
  await page.click('[data-testid=share-form] button[type=submit]');
  await page.waitForSelector('[data-testid=share-table] tbody tr');
  assert.match(await page.locator('[data-testid=share-table]').textContent(), /東海モーターズ/);
  assert.deepEqual(sup.errors, []);
  await sup.ctx.close();

  // the end buyer
  const buyer = await loggedIn('buyer', 'hoshi-buyer-2026');
  page = buyer.page;
  await page.goto(`${srv.base}/#/sboms`);
  await page.waitForSelector('[data-testid=impact-form]');
  assert.equal(await page.locator('[data-testid=impact-legend]').isVisible(), false, 'no graph before a query');
  await page.check('[data-testid=impact-form] input[name=kev]');
  await page.click('[data-testid=impact-form] button[type=submit]');
  await page.waitForSelector('[data-testid=impact-result] table');
  const row = page.locator('[data-testid=impact-result] tbody tr', { hasText: 'Resin MES <line 3>' });
  assert.equal(await row.count(), 1);
  const text = await row.textContent();
  assert.match(text, /KEV 2098-01-22/, 'the KEV due date');
  assert.match(text, /2 次/, 'tier 2');
  assert.match(text, /東海モーターズ株式会社 → 三河精密工業株式会社 → 岡崎樹脂加工有限会社/, 'the path');
  // the impact graph: an SVG with the product (escaped by Graphviz, shown as text) and KEV date
  await page.waitForSelector('[data-testid=impact-graph] svg');
  const graph = await page.locator('[data-testid=impact-graph] svg').textContent();
  assert.ok(graph.includes('Resin MES <line 3> 3.1'), graph);
  assert.ok(graph.includes('KEV 2098-01-22'));
  assert.ok(graph.includes('Tier 2'));
  assert.equal(await page.locator('[data-testid=impact-graph] script').count(), 0);
  assert.match(await page.locator('[data-testid=impact-legend]').textContent(), /緊急.*KEV/);
  await page.screenshot({ path: join(SHOTS, 'impact.png'), fullPage: true });

  // the supplier's pictures, from its name in the result
  await row.locator(`a[href="#/supplier/${okazaki.corporate_number}"]`).click();
  await page.waitForSelector('[data-testid=supplier-findings] [data-testid=finding-charts] svg');
  assert.match(await page.locator('[data-testid=supplier-findings]').textContent(), /2 次/);
  assert.match(await page.locator('[data-testid=supplier-findings] [data-testid=oldest-kev]').textContent(), /CVE-2098-1001/);
  assert.equal(await page.locator('[data-testid=supplier-products]').textContent(), `${'対象の製品：'} Resin MES <line 3>`);
  assert.equal(await page.locator('[data-testid=supplier-products] a').getAttribute('href').then((x) => x.startsWith('#/sbom/prd_')), true);
  // Okazaki is tier 2, not one of the buyer's own suppliers: the list below shows all of those.
  assert.ok(await page.locator('[data-testid=supplier-table] tbody tr').count() >= 2);
  assert.equal(await page.locator('[data-testid=supplier-filter] input[name=q]').inputValue(), '');
  await page.screenshot({ path: join(SHOTS, 'supplier-findings.png'), fullPage: true });
  assert.deepEqual(buyer.errors, []);
  await buyer.ctx.close();
});

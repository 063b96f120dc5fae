// In real Chromium: a supplier's product page shows its findings as pictures — open findings
// by severity, open findings per week, and the oldest open KEV finding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, hoshi, login, api } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');
const FIX = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/products');
let srv, browser, pid;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer({ products: false });
  const imp = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'osv-lodash.json'), join(FIX, 'osv-requests.json'), join(FIX, 'kev.json')]);
  assert.equal(imp.status, 0, imp.stderr);
  const m = await login(srv.base, 'mikawa', 'hoshi-mikawa-2026');
  pid = (await api(srv.base, 'POST', '/api/v1/products', { session: m, body: { name: 'Line controller', type: 'firmware' } })).json.id;
  const up = await api(srv.base, 'POST', `/api/v1/products/${pid}/versions/1.0/sbom`, { session: m,
    raw: readFileSync(join(FIX, 'shop-1.0.cdx.json')), headers: { 'Content-Type': 'application/json' } });
  assert.equal(up.status, 201, up.text);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

test('product page draws findings by severity, per week, and the oldest open KEV', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The home page's list answers slowly, as on a loaded machine: the product page opened
  // meanwhile must stay on screen and not be drawn over when the home page's answer comes.
  await page.route('**/api/v1/orgs', async (r) => { await new Promise((ok) => setTimeout(ok, 1500)); await r.continue(); });
  await page.goto(srv.base + '/');
  await page.fill('input[name=username]', 'mikawa');
  await page.fill('input[name=password]', 'hoshi-mikawa-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('#logout:visible');
  await page.goto(`${srv.base}/#/sbom/${pid}`);
  await page.waitForSelector('[data-testid=finding-charts] svg');
  assert.equal(await page.locator('[data-testid=finding-charts] svg').count(), 2);
  assert.ok(await page.locator('[data-testid=finding-charts] svg rect.bar').count() >= 5, 'one bar per severity band');
  assert.match(await page.locator('[data-testid=oldest-kev]').textContent(), /CVE-2098-1001/);
  await page.waitForTimeout(2000);
  assert.equal(await page.locator('[data-testid=finding-charts]').count(), 1, 'the slow home page did not replace the product page');
  await page.screenshot({ path: join(SHOTS, 'product.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

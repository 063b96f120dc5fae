// In real Chromium: an IoT vendor registers a network camera, completes the ★1 checklist,
// declares, and the label shows in the public list and on the product page without login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');

let srv, browser;
before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await srv?.cleanup(); });

async function loginAs(page, user, password) {
  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form], #logout:visible');
  if (await page.locator('#logout').isVisible()) await page.click('#logout');
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.waitForSelector('#logout:visible');
}

test('vendor registers a camera, completes the checklist, declares; the label is public', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await loginAs(page, 'iotvendor', 'hoshi-iotvendor-2026');
  await page.click('a[href="#/iot-products"]');
  const form = '[data-testid=product-form]';
  await page.waitForSelector(form);
  await page.fill(`${form} input[name=name]`, 'SNC-500 屋内PTZカメラ');
  await page.fill(`${form} input[name=name_en]`, 'SNC-500 indoor PTZ camera');
  await page.selectOption(`${form} select[name=product_type]`, 'network_camera');
  await page.fill(`${form} textarea[name=models]`, 'SNC-500\nSNC-500-B');
  await page.fill(`${form} input[name=firmware_version]`, '3.0.0');
  await page.fill(`${form} input[name=support_end]`, '2031-12-31');
  await page.fill(`${form} textarea[name=update_method]`, '自動更新（署名付き）');
  await page.fill(`${form} input[name=vuln_contact]`, 'psirt@sakura-nd.example');
  await page.fill(`${form} input[name=disclosure_url]`, 'https://sakura-nd.example/security/policy');
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector('[data-testid=checklist]');
  const rows = page.locator('tr.jcs-crit');
  const n = await rows.count();
  assert.equal(n, 16, 'sixteen ★1 criteria');
  // The mappings are shown side by side with the requirement.
  assert.match(await page.locator('[data-testid=checklist] thead').innerText(), /ETSI EN 303 645[\s\S]*NIST IR 8425[\s\S]*UK PSTI[\s\S]*EU CRA/);
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    await row.locator('textarea[name=evidence]').fill(`設計書 SNC-500-SEC 第${i + 1}節`);
    await row.locator('select[name=status]').selectOption('met');
    await row.locator('.saved:text("保存しました")').waitFor();
  }
  await page.click('a[href="#/iot-products"]');
  await page.waitForSelector('[data-testid=product-table]');
  await page.click('[data-testid=product-table] tr:has-text("SNC-500") a:text("開く")');
  await page.waitForSelector('[data-testid=jcs-progress]:text("16項目中 16項目を充足")');
  await page.screenshot({ path: join(SHOTS, 'jcstar-checklist.png'), fullPage: true });
  await page.fill('[data-testid=declare-form] input[name=name]', '桜井 健');
  await page.fill('[data-testid=declare-form] input[name=title]', '品質保証部長');
  await page.check('[data-testid=declare-form] input[name=accept]');
  await page.click('[data-testid=declare]');
  await page.waitForSelector('[data-testid=label-card]');
  const reg = (await page.locator('[data-testid=label-card] h2').innerText()).match(/JCS1-\d{4}-\d{5}/)[0];
  await page.screenshot({ path: join(SHOTS, 'jcstar-label.png'), fullPage: true });

  // Logged out, the public list shows the new label; the product page opens without login.
  await page.click('#logout');
  await page.waitForSelector('[data-testid=login-form]');
  await page.goto(srv.base + '/#/products');
  await page.waitForSelector('[data-testid=label-table]');
  assert.equal(await page.evaluate(async () => (await fetch('/api/v1/session')).status), 401, 'logged out');
  assert.ok(await page.locator('#nav').isHidden(), 'no app navigation for the public');
  const row = page.locator(`[data-testid=label-table] tr:has-text("${reg}")`);
  await row.waitFor();
  assert.match(await row.innerText(), /SNC-500, SNC-500-B[\s\S]*有効/);
  await page.fill('[data-testid=label-search] input[name=q]', 'SNC-500-B');
  await page.click('[data-testid=label-search] button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=label-table] tbody tr').length === 1);
  // The procurement check answers for the new model.
  await page.click('[data-testid=check-form] >> xpath=..//summary');
  await page.fill('[data-testid=check-form] input[name=vendor]', 'さくら');
  await page.fill('[data-testid=check-form] input[name=model]', 'SNC-500-B');
  await page.click('[data-testid=check-form] button[type=submit]');
  await page.waitForSelector(`.notice:has-text("${reg}")`);
  await page.screenshot({ path: join(SHOTS, 'jcstar-public-list.png'), fullPage: true });
  await page.click(`a:text("${reg}")`);
  await page.waitForSelector('[data-testid=product-page]');
  const text = await page.locator('[data-testid=product-page]').innerText();
  assert.match(text, /psirt@sakura-nd\.example/);
  assert.match(text, /2031-12-31/);
  assert.ok(!text.includes('桜井'), 'the declarant is not public');
  await page.click('#lang');
  await page.waitForSelector('[data-testid=product-page] h2:text("Security information")');
  await page.waitForSelector('[data-testid=product-page] h1:text("SNC-500 indoor PTZ camera")');
  await page.screenshot({ path: join(SHOTS, 'jcstar-product-page-en.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// In real Chromium: a buyer imports suppliers from CSV, sends a ★4 request, the supplier
// accepts and shares its ★4 rating, and the buyer's dashboard shows the supplier as met.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, hoshi, login, api } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');
const FIXTURE = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/catalogs/tiny-1.json');
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

let srv, browser, orgs = {};

// Mikawa earns a ★4 on the tiny catalog through the real evaluation workflow (over the API).
async function star4ForMikawa() {
  const m = await login(srv.base, 'mikawa', 'hoshi-mikawa-2026');
  const v = await login(srv.base, 'evaluator', 'hoshi-evaluator-2026');
  const a = (await api(srv.base, 'POST', '/api/v1/assessments', { session: m, body: { catalog: 'tiny-1', level: '4', scope: { kind: 'company', description: '全社' } } })).json;
  await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/request-evaluation`, { session: m, body: { body_org_id: orgs['Japan Cyber Evaluation Organization'].id } });
  const me = (await api(srv.base, 'GET', '/api/v1/session', { session: v })).json.user.id;
  await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/accept`, { session: v, body: { evaluators: [me], start: '2026-11-01', end: '2026-11-20' } });
  for (const c of ['1-2-1-1', '4-1-3-1', '4-1-3-2', '4-1-3-3', '4-3-1-1'])
    await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/findings/${c}`, { session: v, body: { result: 'conformant' } });
  await fetch(`${srv.base}/api/v1/assessments/${a.id}/evidence?kind=technical_test&filename=scan.pdf`, { method: 'POST', body: PDF,
    headers: { Cookie: v.cookie, 'X-CSRF-Token': v.csrf } });
  const d = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/decide`, { session: v, body: { pass: true, reason: '全基準適合' } });
  assert.ok(d.json.rating_id, JSON.stringify(d.json));
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer();
  assert.equal(hoshi(['catalog', 'import', FIXTURE, '--db', srv.db]).status, 0);
  const admin = await login(srv.base, 'admin', 'hoshi-admin-2026');
  for (const o of (await api(srv.base, 'GET', '/api/v1/orgs', { session: admin })).json.items) orgs[o.name_en] = o;
  await star4ForMikawa();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
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

test('buyer imports suppliers, requests ★4, supplier shares, dashboard shows met', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'hoshi-csv-'));
  const csv = join(dir, 'suppliers.csv');
  // The demo lists Mikawa and Hamamatsu already; the buyer now imports two more direct suppliers.
  const mk = orgs['Mikawa Precision Industries'], ok = orgs['Okazaki Resin Works'], ty = orgs['Toyohashi Software Inc.'];
  writeFileSync(csv, `法人番号,名称,メールアドレス,confidential_info,business_interruption,network_access\n` +
    `${ok.corporate_number},岡崎樹脂加工有限会社,info@okazaki.example,no,no,yes\n${ty.corporate_number},豊橋ソフトウェア株式会社,,no,no,no\n`);

  await loginAs(page, 'buyer', 'hoshi-buyer-2026');
  await page.click('a[href="#/suppliers"]');
  await page.waitForSelector('[data-testid=import-file]');
  await page.setInputFiles('[data-testid=import-file]', csv);
  await page.waitForSelector('text=2 件を登録しました');
  const imported = page.locator(`tr[data-supplier="${ok.corporate_number}"] td:nth-child(3)`);
  assert.equal((await imported.textContent()).trim(), '★4', 'network access → ★4 required');
  // Mikawa needs only ★3 by the decision tree; the buyer asks for ★4 anyway.
  const row = page.locator(`tr[data-supplier="${mk.corporate_number}"]`);
  assert.equal((await row.locator('td:nth-child(3)').textContent()).trim(), '★3');
  await row.locator('select[name=level]').selectOption('4');
  await row.locator('input[name=due_date]').fill('2027-03-31');
  await row.locator('button[type=submit]').click();
  await row.locator('text=依頼を送りました').waitFor();
  await page.screenshot({ path: join(SHOTS, 'suppliers.png'), fullPage: true });
  // The list's search keeps one supplier (by part of its name), the pager says how many match.
  await page.fill('[data-testid=supplier-filter] input[name=q]', '豊橋');
  await page.click('[data-testid=supplier-filter] button[type=submit]');
  await page.waitForSelector('[data-testid=supplier-pager] >> text=該当 1 件');
  assert.equal(await page.locator('[data-testid=supplier-table] tbody tr').count(), 1);
  assert.equal(await page.locator(`tr[data-supplier="${ty.corporate_number}"]`).count(), 1);
  await page.selectOption('[data-testid=supplier-filter] select[name=status]', 'met');
  await page.click('[data-testid=supplier-filter] button[type=submit]');
  await page.waitForSelector('[data-testid=supplier-pager] >> text=該当する取引先はありません');

  await loginAs(page, 'mikawa', 'hoshi-mikawa-2026');
  await page.click('a[href="#/inbox"]');
  await page.waitForSelector('[data-testid=accept]');
  await page.click('[data-testid=accept]');
  await page.waitForSelector('[data-testid=share-form]');
  const opts = await page.locator('[data-testid=share-form] select[name=rating] option').allTextContents();
  const star4 = opts.findIndex((o) => o.startsWith('★4'));
  await page.locator('[data-testid=share-form] select[name=buyer]').selectOption(orgs['Tokai Motors Co., Ltd.'].id);
  assert.ok(star4 >= 0, 'the ★4 rating is offered');
  await page.locator('[data-testid=share-form] select[name=rating]').selectOption({ index: star4 });
  await page.click('[data-testid=share-form] button[type=submit]');
  await page.waitForSelector('text=共有しました');

  await loginAs(page, 'buyer', 'hoshi-buyer-2026');
  await page.click('a[href="#/dashboard"]');
  await page.waitForSelector('[data-testid=supplier-table]');
  const drow = page.locator(`[data-testid=supplier-table] tr[data-supplier="${mk.corporate_number}"]`);
  assert.equal((await drow.locator('[data-testid=supplier-status]').textContent()).trim(), '達成');
  assert.ok(await page.locator('[data-testid=chart-status] svg rect.bar').count() >= 6);
  // Hamamatsu shares its half-done assessment: the categories it misses show as bars.
  assert.ok(await page.locator('[data-testid=chart-missing] svg rect.bar').count() >= 1, 'missed categories as a chart');
  await page.waitForSelector(`[data-testid=chain-graph] svg a[href="#/supplier/${mk.corporate_number}"]`);
  await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
  // A node of the chain graph opens its supplier.
  await page.click(`[data-testid=chain-graph] svg a[href="#/supplier/${mk.corporate_number}"]`);
  await page.waitForSelector(`tr.highlight[data-supplier="${mk.corporate_number}"]`);
  assert.deepEqual(errors, []);
  await page.close();
});

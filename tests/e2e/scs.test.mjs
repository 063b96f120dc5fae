// In real Chromium: a supplier completes a ★3 self-assessment, the demo expert confirms it,
// the supplier's executive declares, and the rating page shows ★3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, hoshi } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');
const FIXTURE = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/catalogs/tiny-1.json');

let srv, browser;
before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer();
  assert.equal(hoshi(['catalog', 'import', FIXTURE, '--db', srv.db]).status, 0);
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

test('★3: self-assessment → expert confirmation → declaration → rating page shows ★3', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await loginAs(page, 'mikawa', 'hoshi-mikawa-2026');
  await page.click('a[href="#/assessments"]');
  await page.waitForSelector('[data-testid=assessment-form]');
  await page.selectOption('[data-testid=assessment-form] select[name=catalog]', 'tiny-1');
  await page.selectOption('[data-testid=assessment-form] select[name=level]', '3');
  await page.fill('[data-testid=assessment-form] textarea[name="scope.description"]', '三河精密工業 本社の情報システム');
  await page.fill('[data-testid=assessment-form] textarea[name=exclusions]', '工場OTネットワーク: SCSの対象外');
  await page.click('[data-testid=assessment-form] button[type=submit]');
  await page.waitForSelector('[data-testid=progress]');
  const rows = page.locator('.crit');
  const n = await rows.count();
  assert.equal(n, 3, 'three ★3 criteria in the tiny catalog');
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    await row.locator('select[name=status]').selectOption('implemented');
    await row.locator('.saved:text("保存しました")').waitFor();
  }
  // Evidence for the first criterion.
  await rows.nth(0).locator('input[type=file]').setInputFiles({ name: '体制図.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') });
  await rows.nth(0).locator('a:text("体制図.pdf")').waitFor();
  await page.screenshot({ path: join(SHOTS, 'assessment-draft.png'), fullPage: true });
  await page.click('[data-testid=submit]');
  await page.waitForSelector('[data-testid=status]:text("専門家確認中")');
  const url = page.url();

  await loginAs(page, 'expert', 'hoshi-expert-2026');
  // The expert's review queue (submitted assessments) lists it.
  await page.click('a[href="#/assessments"]');
  await page.waitForSelector('[data-testid=assessment-table]');
  const queued = await page.locator('[data-testid=assessment-table] tbody tr').allTextContents();
  assert.ok(queued.some((r) => r.includes('三河精密工業') && r.includes('専門家確認中')), 'in the review queue');
  await page.goto(url);
  await page.waitForSelector('[data-testid=confirm]');
  await page.screenshot({ path: join(SHOTS, 'assessment-expert.png'), fullPage: true });
  await page.click('[data-testid=confirm]');
  await page.waitForSelector('[data-testid=status]:text("確認済（宣誓待ち）")');

  await loginAs(page, 'mikawa', 'hoshi-mikawa-2026');
  await page.goto(url);
  await page.waitForSelector('[data-testid=declare-form]');
  await page.fill('[data-testid=declare-form] input[name=exec_name]', '三河 一郎');
  await page.fill('[data-testid=declare-form] input[name=exec_title]', '代表取締役社長');
  await page.click('[data-testid=declare-form] button[type=submit]');
  await page.waitForSelector('[data-testid=rating-card]');
  assert.equal((await page.locator('[data-testid=rating-level]').textContent()).trim(), '★3');
  assert.match(await page.locator('[data-testid=rating-card]').textContent(), /有効/);
  assert.match(await page.locator('[data-testid=rating-card]').textContent(), /三河精密工業株式会社/);
  await page.screenshot({ path: join(SHOTS, 'rating.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

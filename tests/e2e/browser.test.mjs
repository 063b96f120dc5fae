// In real headless Chromium (Debian's, driven by playwright-core): log in as the demo admin,
// create an organization, see it listed, switch the UI to English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, corpnum } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');

let srv, browser, profile;
before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  srv = await demoServer();
  profile = mkdtempSync(join(tmpdir(), 'hoshi-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.cleanup();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('admin logs in, creates an organization, sees it listed, switches to English', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // 401 before login and the deliberate 400 below show as failed loads; other console errors count.
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text()); });

  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form]');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.equal(await page.locator('h1').textContent(), 'ログイン');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'hoshi-admin-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=sector-chart] svg');
  const bars = await page.locator('[data-testid=sector-chart] rect.bar:not(.sme)').count();
  assert.ok(bars >= 2, 'the sector chart draws one bar per sector');
  await page.screenshot({ path: join(SHOTS, 'home-ja.png') });

  await page.click('a[href="#/orgs"]');
  await page.waitForSelector('[data-testid=org-form]');
  // A wrong check digit is refused with the message next to the field.
  await page.fill('[data-testid=org-form] input[name=corporate_number]', '1234567890123');
  await page.fill('[data-testid=org-form] input[name=name_ja]', 'ブラウザ試験株式会社');
  await page.click('[data-testid=org-form] button[type=submit]');
  await page.waitForSelector('[data-testid=form-error]');
  assert.match(await page.locator('[data-testid=form-error]').textContent(), /check digit/);
  assert.equal(await page.locator('[data-testid=org-form] input[name=corporate_number]').getAttribute('aria-invalid'), 'true');

  const num = corpnum('246813579024');
  await page.fill('[data-testid=org-form] input[name=corporate_number]', num);
  await page.fill('[data-testid=org-form] input[name=name_en]', 'Browser Test KK');
  await page.selectOption('[data-testid=org-form] select[name=sector]', 'semiconductor');
  await page.check('[data-testid=org-form] input[name=is_sme]');
  await page.click('[data-testid=org-form] button[type=submit]');
  await page.waitForSelector(`[data-testid=org-table] td:text("${num}")`);
  const row = page.locator('[data-testid=org-table] tr', { hasText: num });
  assert.match(await row.textContent(), /ブラウザ試験株式会社/);
  assert.match(await row.textContent(), /半導体/);
  await page.screenshot({ path: join(SHOTS, 'orgs-ja.png'), fullPage: true });

  await page.click('[data-testid=lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('h1:text("Organizations")');
  assert.match(await row.textContent(), /Semiconductor/);
  assert.equal(await page.locator('a[href="#/orgs"]').textContent(), 'Organizations');
  await page.screenshot({ path: join(SHOTS, 'orgs-en.png'), fullPage: true });

  // The choice survives a reload.
  await page.reload();
  await page.waitForSelector('a[href="#/orgs"]:text("Organizations")');
  assert.deepEqual(problems, [], 'no script errors in the page');
  await page.close();
});

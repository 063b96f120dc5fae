// In real Chromium without logging in: the public register finds the demo supplier and its
// verification page says valid; a pasted certificate verifies; logged in, the downloads work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { demoServer, login, api, DEMO } from '../api/lib.mjs';

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

test('without login: the register finds 三河精密工業 and its verification page says valid', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form]');
  await page.click('[data-testid=register-link]');
  await page.waitForSelector('[data-testid=register-search]');
  await page.fill('[data-testid=register-search] input[name=q]', '三河');
  await page.click('[data-testid=register-search] button[type=submit]');
  await page.waitForSelector('[data-testid=register-table]');
  const rows = page.locator('[data-testid=register-table] tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /三河精密工業株式会社/);
  assert.match(await rows.first().textContent(), /4180001030405/);
  await page.screenshot({ path: join(SHOTS, 'register.png'), fullPage: true });
  await rows.first().locator('[data-testid=register-verify]').click();
  await page.waitForSelector('[data-testid=verify-card]');
  assert.equal((await page.textContent('[data-testid=verify-status]')).trim(), '有効');
  assert.match(await page.textContent('[data-testid=verify-org]'), /三河精密工業株式会社/);
  assert.ok(!(await page.locator('#nav').isVisible()), 'no application navigation without login');

  // Paste the supplier's certificate into the box on the same page.
  const s = await login(srv.base, ...DEMO.mikawa);
  const ratings = await api(srv.base, 'GET', '/api/v1/ratings', { session: s });
  const rid = ratings.json.items[0].id;
  const jws = (await api(srv.base, 'GET', `/api/v1/ratings/${rid}/certificate.jws`, { session: s })).text;
  await page.fill('[data-testid=verify-paste]', jws);
  await page.click('[data-testid=verify-form] button[type=submit]');
  await page.waitForSelector('[data-testid=verify-verdict]');
  assert.equal((await page.textContent('[data-testid=verify-verdict]')).trim(), '有効');
  // One character changed: the page says so.
  const i = jws.lastIndexOf('.') + 3;
  await page.fill('[data-testid=verify-paste]', jws.slice(0, i) + (jws[i] === 'A' ? 'B' : 'A') + jws.slice(i + 1));
  await page.click('[data-testid=verify-form] button[type=submit]');
  await page.waitForSelector('[data-testid=verify-verdict]:text("署名が一致しない")');
  await page.screenshot({ path: join(SHOTS, 'verify.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

async function loginAs(page, user, password) {
  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.waitForSelector('#logout:visible');
}

test('logged in: the rating page offers PDF and JWS, the assessment page XLSX and OSCAL', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await loginAs(page, ...DEMO.mikawa);
  await page.click('a[href="#/ratings"]');
  await page.waitForSelector('[data-testid=ratings-table]');
  await page.click('[data-testid=ratings-table] a[href^="#/rating/"]');
  await page.waitForSelector('[data-testid=rating-downloads]');
  for (const [id, ext] of [['download-pdf', '.pdf'], ['download-jws', '.jws']]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    assert.ok(dl.suggestedFilename().endsWith(ext), dl.suggestedFilename());
    assert.equal(await dl.failure(), null);
  }
  await page.screenshot({ path: join(SHOTS, 'rating-downloads.png'), fullPage: true });
  await page.click('[data-testid=verify-link]');
  await page.waitForSelector('[data-testid=verify-card]');
  assert.equal((await page.textContent('[data-testid=verify-status]')).trim(), '有効');
  await page.goBack();
  await page.waitForSelector('[data-testid=rating-card] a[href^="#/assessment/"]');
  await page.click('[data-testid=rating-card] a[href^="#/assessment/"]');
  await page.waitForSelector('[data-testid=assessment-downloads]');
  for (const [id, ext] of [['download-xlsx', '.xlsx'], ['download-oscal', '.oscal.json']]) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]);
    assert.ok(dl.suggestedFilename().endsWith(ext), dl.suggestedFilename());
    assert.equal(await dl.failure(), null);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

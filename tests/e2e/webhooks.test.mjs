// In headless Chromium: a buyer registers a webhook pointing at a receiver inside this test,
// sees the secret once, sends a test ping and finds it delivered in the delivery log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { hoshi, serve, tempDb } from '../api/lib.mjs';

const CHROMIUM = process.env.HOSHI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.HOSHI_SCREENSHOTS || join(process.cwd(), 'screenshots');

let srv, db, browser, rx;
const got = [];
before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (scripts/install-deps installs it)`);
  db = tempDb();
  const r = hoshi(['demo', '--db', db.db]);
  if (r.status !== 0) throw new Error('demo failed: ' + r.stderr);
  srv = await serve(db.db, ['--webhook-interval', '100', '--webhook-allow-private']);
  rx = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.end(); });
  });
  await new Promise((resolve) => rx.listen(0, '127.0.0.1', resolve));
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
  await new Promise((r) => (rx ? rx.close(r) : r()));
  await srv?.stop();
  db?.cleanup();
});

test('buyer registers a webhook, sees the secret once, and a test ping arrives signed', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text()); });
  await page.goto(srv.base + '/');
  await page.waitForSelector('[data-testid=login-form]');
  await page.fill('input[name=username]', 'buyer');
  await page.fill('input[name=password]', 'hoshi-buyer-2026');
  await page.click('button[type=submit]');
  await page.click('a[href="#/webhooks"]');
  await page.waitForSelector('[data-testid=webhook-form]');
  assert.equal(await page.locator('h1').textContent(), 'Webhook（外部への通知）');

  const url = `http://127.0.0.1:${rx.address().port}/hook`;
  await page.fill('[data-testid=webhook-form] input[name=url]', url);
  await page.check('[data-testid=webhook-form] input[value="rating.shared"]');
  await page.click('[data-testid=webhook-form] button[type=submit]');
  const secret = (await page.locator('[data-testid=webhook-secret]').textContent()).trim();
  assert.match(secret, /^whsec_[0-9a-f]{64}$/);
  assert.match(await page.locator('[data-testid=webhook-table]').textContent(), /rating\.shared/);

  await page.click('[data-testid=webhook-test]');
  // The page is drawn again for the log; the secret is not part of it any more.
  await page.waitForSelector('[data-testid=webhook-secret]', { state: 'detached' });
  await page.waitForSelector('[data-testid=delivery-status]');
  const end = Date.now() + 15000;
  while ((await page.locator('[data-testid=delivery-status]').first().textContent()) !== '配信済み') {
    assert.ok(Date.now() < end, 'delivered within 15 s');
    await page.waitForTimeout(200);
    await page.click('[data-testid=delivery-log] button');
    await page.waitForSelector('[data-testid=delivery-status]');
  }
  assert.match(await page.locator('[data-testid=delivery-log]').textContent(), /HTTP 200/);
  await page.screenshot({ path: join(SHOTS, 'webhooks-ja.png'), fullPage: true });

  assert.equal(got.length, 1);
  const h = got[0].headers;
  const want = 'sha256=' + createHmac('sha256', secret).update(`${h['x-hoshi-timestamp']}.${got[0].body}`).digest('hex');
  assert.equal(h['x-hoshi-signature'], want);
  assert.deepEqual(problems, []);
});

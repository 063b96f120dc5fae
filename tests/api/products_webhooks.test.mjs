// finding.new over a real `hoshi serve`: a receiver on 127.0.0.1 gets one signed event per
// product version with exactly the new non-KEV findings, for the owner and a buyer with a
// share; a re-upload with nothing new sends nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { DEMO, api, hoshi, login, serve, tempDb } from './lib.mjs';

const FIX = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/products');
let srv, t, rx;

// Keeps every request; answers 200.
function receiver() {
  const got = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.end('ok');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    base: `http://127.0.0.1:${server.address().port}`, got, close: () => new Promise((r) => server.close(r)),
  })));
}

async function until(what, fn) {
  const end = Date.now() + 15000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  t = tempDb();
  const r = hoshi(['demo', '--db', t.db, '--no-products']);
  if (r.status !== 0) throw new Error('demo failed: ' + r.stderr);
  const v = hoshi(['vuln', 'import', '--db', t.db, join(FIX, 'osv-lodash.json'), join(FIX, 'osv-requests.json'), join(FIX, 'kev.json')]);
  assert.equal(v.status, 0, v.stderr);
  srv = await serve(t.db, ['--webhook-interval', '100', '--webhook-allow-private']);
  rx = await receiver();
});
after(async () => {
  await rx?.close();
  await srv?.stop();
  t?.cleanup();
});

test('finding.new: one event per version with the new non-KEV findings; nothing for nothing new', async () => {
  const sup = await login(srv.base, ...DEMO.mikawa);
  const buyer = await login(srv.base, ...DEMO.buyer);
  for (const [who, path] of [[sup, '/supplier'], [buyer, '/buyer']]) {
    const c = await api(srv.base, 'POST', '/api/v1/webhooks', { session: who, body: { url: rx.base + path, events: ['finding.new'] } });
    assert.equal(c.status, 201, c.text);
  }
  const p = await api(srv.base, 'POST', '/api/v1/products', { session: sup, body: { name: 'Weld cell', type: 'firmware' } });
  const pid = p.json.id;
  const share = await api(srv.base, 'POST', '/api/v1/product-shares', { session: sup, body: { product: pid, buyer: buyer.body.user.org_id, scope: 'status' } });
  assert.equal(share.status, 201, share.text);
  const sbom = readFileSync(join(FIX, 'shop-1.0.cdx.json'));
  const upload = () => api(srv.base, 'POST', `/api/v1/products/${pid}/versions/1.0/sbom`,
    { session: sup, raw: sbom, headers: { 'Content-Type': 'application/json' } });
  let u = await upload();
  assert.equal(u.status, 201, u.text);
  assert.equal(u.json.findings.new, 2);

  await until('both deliveries', () => rx.got.length >= 2);
  for (const path of ['/supplier', '/buyer']) {
    const hits = rx.got.filter((g) => g.url === path);
    assert.equal(hits.length, 1, path);
    const { body, headers } = hits[0];
    assert.equal(headers['x-hoshi-event'], 'finding.new');
    assert.equal(body.data.product, pid);
    assert.equal(body.data.version, '1.0');
    assert.equal(body.data.source, 'upload');
    // lodash's advisory is in KEV (vuln.kev tells of it): only requests is new and non-KEV
    assert.equal(body.data.findings, 1);
    assert.deepEqual(body.data.advisories, ['HOSHI-TEST-0002']);
    assert.equal(body.data.by_severity.low, 1);
  }

  // the same SBOM again: nothing new, nothing queued
  u = await upload();
  assert.equal(u.json.findings.new, 0);
  const hooks = await api(srv.base, 'GET', '/api/v1/webhooks', { session: sup });
  const log = await api(srv.base, 'GET', `/api/v1/webhooks/${hooks.json.items[0].id}/deliveries`, { session: sup });
  assert.equal(log.json.items.filter((d) => d.event === 'finding.new').length, 1);
  await new Promise((r) => setTimeout(r, 500)); // a few worker rounds
  assert.equal(rx.got.length, 2);
});

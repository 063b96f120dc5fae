// Black-box tests of outgoing webhooks against a real `hoshi serve`: a receiver on 127.0.0.1
// inside this test gets signed deliveries (checked with node's crypto), retries after a 500,
// and every attempt shows in the owner's delivery log; limits, isolation and audit records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { DEMO, api, hoshi, login, serve, tempDb } from './lib.mjs';

const WAIT_MS = 15000; // every wait below gives up after this long

let srv;
let t;
before(async () => {
  t = tempDb();
  const r = hoshi(['demo', '--db', t.db]);
  if (r.status !== 0) throw new Error('demo failed: ' + r.stderr);
  // Short poll interval and a 1-second retry schedule keep the test quick; loopback receivers
  // need --webhook-allow-private (refused by default).
  srv = await serve(t.db, ['--webhook-interval', '100', '--webhook-backoff', '1,1', '--webhook-allow-private']);
});
after(async () => {
  await srv.stop();
  t.cleanup();
});

// A receiver on a free loopback port; answers each request with the next status of `script`
// (the last one repeats) and keeps what it got.
function receiver(script = [200]) {
  const got = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = script[Math.min(got.length - 1, script.length - 1)];
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

async function until(what, fn) {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// What a receiver does: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret,
// compared in constant time with the hex after "sha256=".
function verify(secret, headers, body) {
  const ts = headers['x-hoshi-timestamp'];
  const sig = headers['x-hoshi-signature'] || '';
  if (!/^\d+$/.test(ts || '') || !sig.startsWith('sha256=')) return false;
  const want = createHmac('sha256', secret).update(`${ts}.${body}`).digest();
  const given = Buffer.from(sig.slice(7), 'hex');
  return given.length === want.length && timingSafeEqual(given, want);
}

test('a ping is delivered, signed with the secret shown once, and logged', async () => {
  const rx = await receiver([200]);
  const s = await login(srv.base, ...DEMO.buyer);
  const c = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: rx.url, events: ['rating.shared'] } });
  assert.equal(c.status, 201, c.text);
  assert.match(c.json.secret, /^whsec_[0-9a-f]{64}$/);
  assert.deepEqual(c.json.webhook.events, ['rating.shared']);
  const id = c.json.webhook.id;
  const list = await api(srv.base, 'GET', '/api/v1/webhooks', { session: s });
  assert.equal(list.status, 200);
  assert.ok(list.json.items.some((w) => w.id === id && w.url === rx.url));
  assert.ok(!list.text.includes(c.json.secret), 'the list never shows the secret');

  const p = await api(srv.base, 'POST', `/api/v1/webhooks/${id}/test`, { session: s });
  assert.equal(p.status, 202, p.text);
  const hit = await until('the ping', () => rx.got[0]);
  assert.equal(hit.method, 'POST');
  assert.equal(hit.headers['content-type'], 'application/json');
  assert.equal(hit.headers['x-hoshi-event'], 'ping');
  assert.equal(hit.headers['x-hoshi-delivery'], p.json.delivery_id);
  assert.ok(verify(c.json.secret, hit.headers, hit.body), 'signature verifies with the shared secret');
  assert.ok(!verify(c.json.secret.replace(/.$/, (x) => (x === '0' ? '1' : '0')), hit.headers, hit.body),
    'and not with another secret');
  assert.ok(!verify(c.json.secret, hit.headers, hit.body + ' '), 'nor for another body');
  const body = JSON.parse(hit.body);
  assert.equal(body.id, p.json.delivery_id);
  assert.equal(body.event, 'ping');
  assert.equal(body.organization, s.body.user.org_id);
  assert.equal(body.data.webhook, id);
  assert.match(body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const log = await until('the delivered status', async () => {
    const r = await api(srv.base, 'GET', `/api/v1/webhooks/${id}/deliveries`, { session: s });
    return r.json.items[0]?.status === 'delivered' ? r.json : null;
  });
  const d = log.items[0];
  assert.equal(d.id, p.json.delivery_id);
  assert.equal(d.body, hit.body, 'the log shows the exact bytes that were signed');
  assert.equal(d.attempts.length, 1);
  assert.equal(d.attempts[0].http_status, 200);
  assert.equal(d.attempts[0].error, '');
  assert.equal(typeof d.attempts[0].duration_ms, 'number');
  assert.equal(d.next_attempt_at, null);
  await rx.close();
});

test('a 500 is retried after the backoff; every attempt is in the delivery log', async () => {
  const rx = await receiver([500, 200]);
  const s = await login(srv.base, ...DEMO.buyer);
  const c = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: rx.url } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.webhook.events.length, 11, 'no events given: every event (6 SCS, 3 JC-STAR, vuln.kev, finding.new)');
  const id = c.json.webhook.id;
  const p = await api(srv.base, 'POST', `/api/v1/webhooks/${id}/test`, { session: s });
  assert.equal(p.status, 202);
  await until('the retry', () => rx.got.length >= 2);
  assert.equal(rx.got[0].headers['x-hoshi-delivery'], rx.got[1].headers['x-hoshi-delivery'], 'the same delivery');
  assert.equal(rx.got[0].body, rx.got[1].body);
  for (const g of rx.got) assert.ok(verify(c.json.secret, g.headers, g.body));
  const d = await until('the delivered status', async () => {
    const r = await api(srv.base, 'GET', `/api/v1/webhooks/${id}/deliveries`, { session: s });
    return r.json.items[0]?.status === 'delivered' ? r.json.items[0] : null;
  });
  assert.equal(d.attempt_count, 2);
  assert.deepEqual(d.attempts.map((a) => [a.attempt, a.http_status]), [[1, 500], [2, 200]]);
  assert.ok(d.attempts[1].at >= d.attempts[0].at);
  await rx.close();
});

test('an endpoint that never answers 2xx is given up after the last attempt', async () => {
  const rx = await receiver([503]);
  const s = await login(srv.base, ...DEMO.hamamatsu);
  const c = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: rx.url } });
  const id = c.json.webhook.id;
  await api(srv.base, 'POST', `/api/v1/webhooks/${id}/test`, { session: s });
  const d = await until('the failed status', async () => {
    const r = await api(srv.base, 'GET', `/api/v1/webhooks/${id}/deliveries`, { session: s });
    return r.json.items[0]?.status === 'failed' ? r.json.items[0] : null;
  });
  assert.deepEqual(d.attempts.map((a) => a.http_status), [503, 503, 503], 'backoff 1,1: three attempts');
  assert.ok(d.finished_at);
  assert.equal(rx.got.length, 3);
  await rx.close();
});

test('URLs are checked: scheme, user info, length (one past the limit), unknown events and members of the body', async () => {
  const s = await login(srv.base, 'okazaki', 'hoshi-okazaki-2026');
  const post = (body) => api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body });
  let r = await post({ url: 'ftp://example.com/x' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'url');
  r = await post({ url: 'https://user:pw@example.com/x' });
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /user name or password/);
  r = await post({});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'url');
  r = await post({ url: 'https://example.com/', events: ['rating.shared', 'rating.eaten'] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'events');
  r = await post({ url: 'https://example.com/', events: ['ping'] });
  assert.equal(r.status, 400, 'ping is not a subscription');
  r = await post({ url: 'https://example.com/', events: 'rating.shared' });
  assert.equal(r.status, 400);
  r = await post({ url: 'https://example.com/', secret: 'mine' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'secret');
  const base = 'https://example.com/';
  const max = base + 'a'.repeat(2048 - base.length);
  r = await post({ url: max });
  assert.equal(r.status, 201, r.text);
  r = await post({ url: max + 'a' });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.field, 'url');
});

test('at most 10 webhooks per organization (one past is refused; deleting makes room)', async () => {
  const s = await login(srv.base, 'toyohashi', 'hoshi-toyohashi-2026');
  const ids = [];
  for (let i = 0; i < 10; i++) {
    const r = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: `https://example.com/${i}` } });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.webhook.id);
  }
  let r = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: 'https://example.com/10' } });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'too_large');
  const list = await api(srv.base, 'GET', '/api/v1/webhooks', { session: s });
  assert.equal(list.json.items.length, 10);
  assert.equal(list.json.limit, 10);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/webhooks/${ids[0]}`, { session: s })).status, 204);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/webhooks/${ids[0]}`, { session: s })).status, 404);
  assert.equal((await api(srv.base, 'GET', `/api/v1/webhooks/${ids[0]}/deliveries`, { session: s })).status, 404);
  r = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: 'https://example.com/10' } });
  assert.equal(r.status, 201);
});

test('only members of the owning organization see or touch a webhook; every change is audited', async () => {
  const buyer = await login(srv.base, ...DEMO.buyer);
  const c = await api(srv.base, 'POST', '/api/v1/webhooks', { session: buyer, body: { url: 'https://example.com/audit' } });
  const id = c.json.webhook.id;
  const mikawa = await login(srv.base, ...DEMO.mikawa);
  for (const [m, path] of [['DELETE', `/api/v1/webhooks/${id}`], ['GET', `/api/v1/webhooks/${id}/deliveries`],
    ['POST', `/api/v1/webhooks/${id}/test`]]) {
    const r = await api(srv.base, m, path, { session: mikawa });
    assert.equal(r.status, 404, `${m} ${path} by another organization`);
  }
  const theirs = await api(srv.base, 'GET', '/api/v1/webhooks', { session: mikawa });
  assert.ok(!theirs.json.items.some((w) => w.id === id));
  for (const who of [DEMO.admin, DEMO.auditor]) {
    const s = await login(srv.base, ...who);
    assert.equal((await api(srv.base, 'GET', '/api/v1/webhooks', { session: s })).status, 403, who[0]);
    assert.equal((await api(srv.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: 'https://example.com/' } })).status, 403);
  }
  assert.equal((await api(srv.base, 'GET', '/api/v1/webhooks')).status, 401);
  const noCsrf = await api(srv.base, 'POST', '/api/v1/webhooks', { session: buyer, body: { url: 'https://example.com/' }, csrf: false });
  assert.equal(noCsrf.status, 403);

  await api(srv.base, 'POST', `/api/v1/webhooks/${id}/test`, { session: buyer });
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/webhooks/${id}`, { session: buyer })).status, 204);
  const audit = await api(srv.base, 'GET', '/api/v1/audit?limit=500', { session: buyer });
  const mine = audit.json.items.filter((a) => a.object_id === id).map((a) => a.action);
  assert.deepEqual(mine, ['webhook.create', 'webhook.test', 'webhook.delete']);
  assert.ok(!audit.text.includes(c.json.secret), 'no secret in the audit log');
  const v = hoshi(['audit', 'verify', '--db', t.db]);
  assert.equal(v.status, 0, v.stderr);
});

test('loopback receivers are refused unless the server allows private addresses', async () => {
  const t2 = tempDb();
  const r = hoshi(['demo', '--db', t2.db]);
  assert.equal(r.status, 0, r.stderr);
  const strict = await serve(t2.db, ['--webhook-interval', '100']);
  const rx = await receiver([200]);
  try {
    const s = await login(strict.base, ...DEMO.buyer);
    const c = await api(strict.base, 'POST', '/api/v1/webhooks', { session: s, body: { url: rx.url } });
    const id = c.json.webhook.id;
    await api(strict.base, 'POST', `/api/v1/webhooks/${id}/test`, { session: s });
    const d = await until('the refused attempt', async () => {
      const x = await api(strict.base, 'GET', `/api/v1/webhooks/${id}/deliveries`, { session: s });
      return x.json.items[0]?.attempts.length ? x.json.items[0] : null;
    });
    assert.equal(d.attempts[0].http_status, null);
    assert.match(d.attempts[0].error, /refused: 127\.0\.0\.1/);
    assert.equal(d.status, 'pending', 'retried later, in case the name resolves elsewhere');
    assert.equal(rx.got.length, 0);
  } finally {
    await rx.close();
    await strict.stop();
    t2.cleanup();
  }
});

// Supply-chain events reach the buyer's and the supplier's webhooks, signed with the shared
// secret: request.sent, request.answered, rating.shared, rating.withdrawn, rating.revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { tempDb, hoshi, serve, login, api, DEMO } from './lib.mjs';

function receiver() {
  const got = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => { got.push({ headers: req.headers, body }); res.writeHead(204); res.end(); });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ url: `http://127.0.0.1:${server.address().port}/hook`, got, close: () => server.close() })));
}

function verify(secret, d) {
  const ts = d.headers['x-hoshi-timestamp'];
  const sig = (d.headers['x-hoshi-signature'] || '').replace(/^sha256=/, '');
  const want = createHmac('sha256', secret).update(`${ts}.${d.body}`).digest();
  const have = Buffer.from(sig, 'hex');
  return have.length === want.length && timingSafeEqual(have, want);
}

async function waitFor(list, pred, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const hit = list.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no matching delivery within the time limit');
}

test('chain events are delivered to webhooks with valid signatures', async () => {
  const t = tempDb();
  assert.equal(hoshi(['demo', '--db', t.db]).status, 0);
  const srv = await serve(t.db, ['--webhook-interval', '100', '--webhook-allow-private']);
  const rxBuyer = await receiver(), rxSupplier = await receiver();
  try {
    const buyer = await login(srv.base, ...DEMO.buyer), mikawa = await login(srv.base, ...DEMO.mikawa);
    const admin = await login(srv.base, ...DEMO.admin);
    const hb = await api(srv.base, 'POST', '/api/v1/webhooks', { session: buyer, body: { url: rxBuyer.url } });
    const hs = await api(srv.base, 'POST', '/api/v1/webhooks', { session: mikawa, body: { url: rxSupplier.url } });
    assert.equal(hb.status, 201);
    const orgs = (await api(srv.base, 'GET', '/api/v1/orgs', { session: admin })).json.items;
    const mk = orgs.find((o) => o.name_en.startsWith('Mikawa')), tk = orgs.find((o) => o.name_en.startsWith('Tokai'));
    // The demo lists Mikawa as Tokai's supplier; a new request goes to it.
    const rel = (await api(srv.base, 'GET', '/api/v1/suppliers', { session: buyer })).json.items.find((x) => x.corporate_number === mk.corporate_number);
    const req = await api(srv.base, 'POST', '/api/v1/requests', { session: buyer, body: { supplier: rel.id, due_date: '2027-02-01' } });
    const sent = await waitFor(rxSupplier.got, (d) => d.headers['x-hoshi-event'] === 'request.sent' && JSON.parse(d.body).data.request === req.json.id);
    assert.ok(verify(hs.json.secret, sent), 'supplier side: signature checks with the shared secret');
    assert.equal(JSON.parse(sent.body).data.request, req.json.id);
    await api(srv.base, 'POST', `/api/v1/requests/${req.json.id}/accept`, { session: mikawa });
    const answered = await waitFor(rxBuyer.got, (d) => d.headers['x-hoshi-event'] === 'request.answered');
    assert.ok(verify(hb.json.secret, answered));
    assert.equal(JSON.parse(answered.body).data.answer, 'accepted');
    const rating = (await api(srv.base, 'GET', '/api/v1/ratings', { session: mikawa })).json.items[0];
    const sh = await api(srv.base, 'POST', '/api/v1/shares', { session: mikawa, body: { rating: rating.id, buyer: tk.id } });
    const shared = await waitFor(rxBuyer.got, (d) => d.headers['x-hoshi-event'] === 'rating.shared');
    assert.ok(verify(hb.json.secret, shared));
    assert.equal(JSON.parse(shared.body).data.rating, rating.id);
    const revoke = await api(srv.base, 'POST', `/api/v1/ratings/${rating.id}/status`, { session: admin, body: { status: 'revoked', reason: '虚偽申告' } });
    assert.equal(revoke.status, 200);
    const revoked = await waitFor(rxBuyer.got, (d) => d.headers['x-hoshi-event'] === 'rating.revoked');
    assert.ok(verify(hb.json.secret, revoked), 'buyers holding a share hear about a revocation');
    assert.ok(!verify('whsec_wrong', revoked), 'a wrong secret does not verify');
    await api(srv.base, 'DELETE', `/api/v1/shares/${sh.json.id}`, { session: mikawa });
    const withdrawn = await waitFor(rxBuyer.got, (d) => d.headers['x-hoshi-event'] === 'rating.withdrawn');
    assert.ok(verify(hb.json.secret, withdrawn));
    const log = await api(srv.base, 'GET', `/api/v1/webhooks/${hb.json.webhook.id}/deliveries`, { session: buyer });
    assert.equal(log.status, 200);
    assert.ok(JSON.stringify(log.json).includes('rating.shared'), 'every delivery is visible to the owner');
  } finally {
    rxBuyer.close();
    rxSupplier.close();
    await srv.stop();
    t.cleanup();
  }
});

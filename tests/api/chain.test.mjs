// The supply chain over HTTP: the decision tree on add, requests with the fair-trading
// record, consent (a buyer sees a rating only while it is shared), CSV import all-or-nothing,
// the dashboard and the chain graph.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, login, api, corpnum, DEMO } from './lib.mjs';

let srv, s = {}, orgs = {};
before(async () => {
  srv = await demoServer();
  for (const k of ['admin', 'buyer', 'mikawa', 'hamamatsu']) s[k] = await login(srv.base, ...DEMO[k]);
  for (const o of (await api(srv.base, 'GET', '/api/v1/orgs', { session: s.admin })).json.items) orgs[o.name_en] = o;
});
after(async () => { await srv.cleanup(); });

const raw = async (path, session, body, type) => {
  const res = await fetch(srv.base + path, { method: 'POST', body, headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': type } });
  return { status: res.status, json: await res.json().catch(() => null) };
};

test('consent: a buyer sees a rating only while the supplier shares it', async () => {
  const mikawa = orgs['Mikawa Precision Industries'];
  // The demo already lists Mikawa as Tokai's supplier (★3 by the decision tree) with a request sent.
  const dup = await api(srv.base, 'POST', '/api/v1/suppliers', { session: s.buyer, body: {
    corporate_number: mikawa.corporate_number, name: mikawa.name_ja,
    questions: { confidential_info: false, business_interruption: false, network_access: false } } });
  assert.equal(dup.status, 409, 'the same supplier twice is refused');
  const row = async () => (await api(srv.base, 'GET', '/api/v1/suppliers', { session: s.buyer })).json.items
    .find((x) => x.corporate_number === mikawa.corporate_number);
  const add = { json: { id: (await row()).id } };
  assert.equal((await row()).required_level, '3');
  assert.match((await row()).reason, /ブレーキ部品/);
  const rating = (await api(srv.base, 'GET', '/api/v1/ratings', { session: s.mikawa })).json.items[0];
  assert.ok(rating, 'the demo gives Mikawa a ★3 rating');
  assert.equal((await api(srv.base, 'GET', `/api/v1/ratings/${rating.id}`, { session: s.buyer })).status, 403);
  assert.equal((await api(srv.base, 'GET', `/api/v1/assessments/${rating.assessment_id}`, { session: s.buyer })).status, 403);
  assert.equal((await row()).status, 'pending', 'the demo request is open');
  assert.equal((await row()).rating, null);

  const due = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const req = await api(srv.base, 'POST', '/api/v1/requests', { session: s.buyer, body: { supplier: add.json.id, due_date: due, message: '★3の共有をお願いします' } });
  assert.equal(req.status, 201);
  const inbox = await api(srv.base, 'GET', '/api/v1/requests', { session: s.mikawa });
  const mine = inbox.json.items.find((x) => x.id === req.json.id);
  assert.match(mine.record.reason, /ブレーキ部品/, 'the fair-trading record travels with the request');
  assert.equal(mine.record.questions.network_access, false);
  assert.ok(!(await api(srv.base, 'GET', '/api/v1/requests', { session: s.hamamatsu })).json.items.some((x) => x.id === req.json.id),
    'another supplier does not see it');
  assert.equal((await api(srv.base, 'POST', `/api/v1/requests/${req.json.id}/decline`, { session: s.mikawa, body: {} })).status, 400, 'declining needs a reason');
  assert.equal((await api(srv.base, 'POST', `/api/v1/requests/${req.json.id}/accept`, { session: s.hamamatsu })).status, 404);
  assert.equal((await api(srv.base, 'POST', `/api/v1/requests/${req.json.id}/accept`, { session: s.mikawa })).status, 200);
  assert.equal((await row()).status, 'pending');

  const share = await api(srv.base, 'POST', '/api/v1/shares', { session: s.mikawa, body: { rating: rating.id, buyer: orgs['Tokai Motors Co., Ltd.'].id } });
  assert.equal(share.status, 201);
  assert.equal((await api(srv.base, 'POST', '/api/v1/shares', { session: s.hamamatsu, body: { rating: rating.id, buyer: orgs['Tokai Motors Co., Ltd.'].id } })).status, 400,
    'nobody shares another organization\'s rating');
  const seen = await api(srv.base, 'GET', `/api/v1/ratings/${rating.id}`, { session: s.buyer });
  assert.equal(seen.status, 200);
  assert.equal(seen.json.level, '3');
  const asm = await api(srv.base, 'GET', `/api/v1/assessments/${rating.assessment_id}`, { session: s.buyer });
  assert.equal(asm.status, 200);
  assert.equal(asm.json.evidence, undefined, 'a buyer never sees evidence files');
  assert.equal((await row()).status, 'met');
  const dash = await api(srv.base, 'GET', '/api/v1/dashboard', { session: s.buyer });
  assert.equal(dash.json.counts.by_status.met, 1);
  assert.equal(dash.json.counts.by_required_level['3'], 1);
  assert.equal(dash.json.counts.by_required_level['4'], 1, 'Hamamatsu reaches Tokai\'s network: ★4');
  assert.equal(dash.json.counts.by_tier['2'], 2, 'the demo\'s two tier-2 suppliers');
  assert.ok(dash.json.heatmap.categories.length >= 7, 'heatmap covers the SCS categories');
  const mikawaThreats = dash.json.threat_coverage.find((r) => r.supplier.includes('三河'));
  assert.ok(mikawaThreats.threats.every((t) => t.covered), 'a rated ★3 covers its tagged threats');
  // Hamamatsu shares a half-done assessment: it misses more, so it comes first.
  assert.match(dash.json.heatmap.suppliers[0].supplier, /浜松/);
  assert.ok(dash.json.heatmap.categories.some((c) => c.suppliers_missing >= 1));
  // Another buyer sees nothing.
  assert.equal((await api(srv.base, 'GET', `/api/v1/ratings/${rating.id}`, { session: s.hamamatsu })).status, 403);

  assert.equal((await api(srv.base, 'DELETE', `/api/v1/shares/${share.json.id}`, { session: s.hamamatsu })).status, 404);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/shares/${share.json.id}`, { session: s.mikawa })).status, 204);
  assert.equal((await api(srv.base, 'GET', `/api/v1/ratings/${rating.id}`, { session: s.buyer })).status, 403, 'withdrawal hides it at once');
  assert.equal((await api(srv.base, 'GET', `/api/v1/assessments/${rating.assessment_id}`, { session: s.buyer })).status, 403);
  assert.equal((await row()).status, 'pending');
  const notes = await api(srv.base, 'GET', '/api/v1/notifications', { session: s.buyer });
  for (const k of ['request.answered', 'rating.shared', 'rating.withdrawn']) assert.ok(notes.json.items.some((n) => n.kind === k), k);
});

test('the decision tree decides ★4 and requests never ask for less', async () => {
  const corp = corpnum('600000000001');
  const add = await api(srv.base, 'POST', '/api/v1/suppliers', { session: s.buyer, body: {
    corporate_number: corp, name: '未登録精機', contact_email: 'sec@miteiroku.example',
    questions: { confidential_info: false, business_interruption: true, network_access: false } } });
  assert.equal(add.json.required_level, '4');
  assert.match(add.json.reason, /business interruption/);
  assert.match(add.json.invitation.token, /^[0-9a-f]{64}$/, 'unregistered: a one-time invitation');
  const low = await api(srv.base, 'POST', '/api/v1/requests', { session: s.buyer, body: { supplier: add.json.id, level: '3', due_date: '2027-01-31' } });
  assert.equal(low.status, 400);
  assert.equal(low.json.error.field, 'level');
  // The invited supplier registers with the token, once.
  const token = add.json.invitation.token;
  const weak = await api(srv.base, 'POST', `/api/v1/invitations/${token}`, { body: { username: 'miteiroku', password: 'short', sector: 'automotive' } });
  assert.equal(weak.status, 400);
  assert.equal(weak.json.error.field, 'password');
  const reg = await api(srv.base, 'POST', `/api/v1/invitations/${token}`, { body: { username: 'miteiroku', password: 'a long enough password', sector: 'automotive', is_sme: true } });
  assert.equal(reg.status, 201, JSON.stringify(reg.json));
  assert.equal((await api(srv.base, 'POST', `/api/v1/invitations/${token}`, { body: { username: 'other', password: 'a long enough password', sector: 'other' } })).status, 404, 'spent');
  const newcomer = await login(srv.base, 'miteiroku', 'a long enough password');
  assert.equal(newcomer.status, 200);
  assert.equal(newcomer.body.organization.corporate_number, corp);
  const inbox = await api(srv.base, 'GET', '/api/v1/buyers', { session: newcomer });
  assert.equal(inbox.json.items[0].org_id, orgs['Tokai Motors Co., Ltd.'].id, 'the new supplier sees who listed it');
  const missing = await api(srv.base, 'POST', '/api/v1/suppliers', { session: s.buyer, body: { corporate_number: corpnum('600000000002'), name: 'x', questions: { confidential_info: false } } });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, 'business_interruption');
});

test('CSV import: every bad row reported, nothing written; then all rows', async () => {
  const before = (await api(srv.base, 'GET', '/api/v1/suppliers', { session: s.buyer })).json.count;
  const bad = `法人番号,名称,confidential_info,business_interruption,network_access\n${corpnum('700000000001')},甲社,yes,no,no\n9999999999998,乙社,no,no,no\n${corpnum('700000000003')},丙社,no,perhaps,no\n`;
  const r = await raw('/api/v1/suppliers/import', s.buyer, bad, 'text/csv');
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.rows.map((x) => [x.row, x.column]), [[3, 'corporate_number'], [4, 'business_interruption']]);
  assert.equal((await api(srv.base, 'GET', '/api/v1/suppliers', { session: s.buyer })).json.count, before);
  const good = `法人番号,名称,confidential_info,business_interruption,network_access\n${corpnum('700000000001')},甲社,yes,no,no\n${corpnum('700000000003')},丙社,no,no,no\n`;
  const ok = await raw('/api/v1/suppliers/import', s.buyer, good, 'text/csv');
  assert.equal(ok.status, 201);
  assert.equal(ok.json.added, 2);
  const csv = await fetch(srv.base + '/api/v1/suppliers?format=csv', { headers: { Cookie: s.buyer.cookie } });
  const text = await csv.text();
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(text, /甲社/);
  assert.equal(text.trim().split('\r\n').length, before + 3, 'header plus every supplier');
  const x = await fetch(srv.base + '/api/v1/suppliers?format=xlsx', { headers: { Cookie: s.buyer.cookie } });
  assert.equal(x.status, 200);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip file');
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')), 'with a worksheet');
});

test('the supplier list pages and filters by name, 法人番号 and status', async () => {
  const get = async (q) => api(srv.base, 'GET', `/api/v1/suppliers${q}`, { session: s.buyer });
  const all = (await get('')).json;
  assert.ok(all.total >= 4);
  assert.equal(all.count, all.total);
  assert.equal(all.items.length, all.total, 'no limit: every supplier');
  const names = all.items.map((x) => x.name);
  // Pages of two, in the same order, together the whole list.
  const pages = [];
  for (let off = 0; off < all.total; off += 2) {
    const p = (await get(`?limit=2&offset=${off}`)).json;
    assert.equal(p.count, all.total);
    assert.equal(p.offset, off);
    assert.ok(p.items.length <= 2);
    pages.push(...p.items.map((x) => x.name));
  }
  assert.deepEqual(pages, names);
  assert.equal((await get(`?limit=2&offset=${all.total}`)).json.items.length, 0);
  // By part of the name, by 法人番号, by status.
  const mikawa = all.items.find((x) => x.name.includes('三河'));
  const byName = (await get(`?q=${encodeURIComponent('三河')}`)).json;
  assert.deepEqual(byName.items.map((x) => x.id), [mikawa.id]);
  assert.equal(byName.count, 1);
  assert.equal(byName.total, all.total);
  assert.deepEqual((await get(`?q=${mikawa.corporate_number}`)).json.items.map((x) => x.id), [mikawa.id]);
  for (const st of ['met', 'not_met', 'pending']) {
    const want = all.items.filter((x) => x.status === st).map((x) => x.id);
    assert.deepEqual((await get(`?status=${st}`)).json.items.map((x) => x.id), want, st);
  }
  // Bad values name their field.
  for (const [q, field] of [['?limit=0', 'limit'], ['?limit=1001', 'limit'], ['?offset=-1', 'offset'], ['?limit=x', 'limit'], ['?status=good', 'status']]) {
    const r = await get(q);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.field, field, q);
  }
});

test('the chain graph is SVG with the tiers', async () => {
  // Mikawa declares its own supplier (tier 2 for the buyer).
  // The demo has Mikawa declare Okazaki (tier 2); Hamamatsu declares Toyohashi.
  const res = await fetch(srv.base + '/api/v1/chain.svg?depth=3', { headers: { Cookie: s.buyer.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /image\/svg\+xml/);
  const svg = await res.text();
  assert.match(svg, /<svg/);
  assert.match(svg, /岡崎樹脂加工有限会社/);
  const dash = await api(srv.base, 'GET', '/api/v1/dashboard', { session: s.buyer });
  assert.ok(dash.json.counts.by_tier['2'] >= 1);
  const bad = await fetch(srv.base + '/api/v1/chain.svg?depth=99', { headers: { Cookie: s.buyer.cookie } });
  assert.equal(bad.status, 400);
});

// JC-STAR labels over HTTP against a real server: registration, checklist, the rule that no
// label is issued with an unmet requirement (PSTI recognition for three only), expiry capped
// by the support end, withdrawal visible at once, the QR code (zbarimg), public pages and
// exports without private fields, the procurement check, and who may change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoServer, login, api, hoshi, corpnum, DEMO } from './lib.mjs';

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const PSTI = ['S1.1-02', 'S1.1-05', 'S1.1-16'];
let srv, s = {}, criteria = [];

function isoDate(d) { return d.toISOString().slice(0, 10); }
function addDays(n) { const d = new Date(); d.setUTCDate(d.getUTCDate() + n); return isoDate(d); }
function addMonths(n) {
  const d = new Date();
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return isoDate(d);
}

async function upload(session, path, body, type = 'application/pdf') {
  const res = await fetch(srv.base + path, { method: 'POST', body, headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': type } });
  return { status: res.status, json: await res.json().catch(() => null) };
}

function camera(extra = {}) {
  return {
    name: 'HX-100 屋外ネットワークカメラ', product_type: 'network_camera', models: ['HX-100', 'HX-100-B'],
    firmware_version: '1.0.3', support_end: addMonths(48), update_method: 'アプリから通知し自動更新',
    vuln_contact: 'security@hikari.example', disclosure_url: 'https://hikari.example/vdp', ...extra,
  };
}

async function register(session, extra) {
  const r = await api(srv.base, 'POST', '/api/v1/iot-products', { session, body: camera(extra) });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}

async function answerAll(session, id, skip = []) {
  for (const c of criteria) {
    if (skip.some((req) => c.startsWith(req + '-'))) continue;
    const r = await api(srv.base, 'PUT', `/api/v1/iot-products/${id}/answers/${c}`, { session, body: { status: 'met', evidence: `設計書 ${c}` } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
}

const declaration = { name: '光 太郎', title: '品質保証部長', accept: true };
const declare = (session, id) => api(srv.base, 'POST', `/api/v1/iot-products/${id}/declare`, { session, body: declaration });

// Everything the public must never see.
function assertNoPrivate(text) {
  for (const bad of ['org_id', 'iot_', 'usr_', 'lbl_', 'iev_', 'org_', 'sha256', 'evidence', 'declarant', '光 太郎', '桜井', 'created_by', 'answers'])
    assert.ok(!text.includes(bad), `public output holds '${bad}': ${text.slice(0, 400)}`);
}

before(async () => {
  srv = await demoServer();
  s.admin = await login(srv.base, ...DEMO.admin);
  s.sakura = await login(srv.base, 'iotvendor', 'hoshi-iotvendor-2026');
  s.mikawa = await login(srv.base, ...DEMO.mikawa);
  s.auditor = await login(srv.base, ...DEMO.auditor);
  // A second IoT vendor with its own member.
  const org = await api(srv.base, 'POST', '/api/v1/orgs', { session: s.admin, body: { corporate_number: corpnum('150001121314'), name_ja: '光電子工業株式会社', name_en: 'Hikari Electronics', sector: 'other', is_sme: true } });
  assert.equal(org.status, 201, JSON.stringify(org.json));
  const u = await api(srv.base, 'POST', '/api/v1/users', { session: s.admin, body: { org_id: org.json.id, username: 'hikari', password: 'hoshi-hikari-2026', roles: ['member'] } });
  assert.equal(u.status, 201);
  s.hikari = await login(srv.base, 'hikari', 'hoshi-hikari-2026');
  const cat = await api(srv.base, 'GET', '/api/v1/catalogs/jcstar-star1-2024');
  criteria = cat.json.criteria.map((c) => c.id);
  assert.equal(criteria.length, 16);
});
after(async () => { await srv.cleanup(); });

test('the demo camera is in the public list without login, with no private fields', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/labels');
  assert.equal(r.status, 200);
  const demo = r.json.items.find((x) => x.product.model_numbers.includes('SNC-200'));
  assert.ok(demo, 'demo label listed');
  assert.equal(demo.status, 'valid');
  assert.equal(demo.level, '1');
  assert.match(demo.registration_number, /^JCS1-\d{4}-\d{5}$/);
  assertNoPrivate(r.text);
  const page = await api(srv.base, 'GET', `/api/v1/labels/${demo.registration_number}`);
  assert.equal(page.status, 200);
  assert.equal(page.json.security.vulnerability_contact, 'psirt@sakura-nd.example');
  assertNoPrivate(page.text);
  assert.equal(page.json.product.name_en, 'SNC-200 network camera');
  assert.equal(page.json.product.vendor_en, 'Sakura Network Devices Co., Ltd.');
  const rec = await api(srv.base, 'GET', `/api/v1/labels/${demo.registration_number}/record`);
  assert.equal(rec.json.manufacturerName, 'Sakura Network Devices Co., Ltd.', 'English texts for the US-style record');
  assert.equal(rec.json.productName, 'SNC-200 network camera');
  assert.equal(rec.json.supportEndDate, '2030-03-31');
  assert.equal(rec.json.sbomAvailable, true);
  assertNoPrivate(rec.text);
  const missing = await api(srv.base, 'GET', '/api/v1/labels/JCS1-1999-00042');
  assert.equal(missing.status, 404);
});

test('no label while a requirement is unmet; a met answer needs its evidence', async () => {
  const p = await register(s.hikari);
  assert.equal(p.status, 'draft');
  assert.equal(p.progress.criteria, 16);
  const noEv = await api(srv.base, 'PUT', `/api/v1/iot-products/${p.id}/answers/S1.1-01-1`, { session: s.hikari, body: { status: 'met' } });
  assert.equal(noEv.status, 400);
  assert.equal(noEv.json.error.field, 'evidence');
  const badCrit = await api(srv.base, 'PUT', `/api/v1/iot-products/${p.id}/answers/S9.9-99-1`, { session: s.hikari, body: { status: 'met', evidence: 'x' } });
  assert.equal(badCrit.status, 400);
  assert.equal(badCrit.json.error.field, 'criterion');
  await answerAll(s.hikari, p.id, ['S1.1-04']);
  const notMet = await api(srv.base, 'PUT', `/api/v1/iot-products/${p.id}/answers/S1.1-04-1`, { session: s.hikari, body: { status: 'not_met' } });
  assert.equal(notMet.status, 200);
  const d = await declare(s.hikari, p.id);
  assert.equal(d.status, 409);
  assert.match(d.json.error.message, /S1\.1-04-1/);
  const list = await api(srv.base, 'GET', '/api/v1/labels?vendor=' + encodeURIComponent('光電子'));
  assert.equal(list.json.count, 0, 'nothing issued');
  // Once met, the declaration issues the label; the product is no longer editable.
  await api(srv.base, 'PUT', `/api/v1/iot-products/${p.id}/answers/S1.1-04-1`, { session: s.hikari, body: { status: 'met', evidence: '試験報告書 TR-04' } });
  const refused = await api(srv.base, 'POST', `/api/v1/iot-products/${p.id}/declare`, { session: s.hikari, body: { ...declaration, accept: false } });
  assert.equal(refused.status, 400);
  assert.equal(refused.json.error.field, 'accept');
  const ok = await declare(s.hikari, p.id);
  assert.equal(ok.status, 201, JSON.stringify(ok.json));
  assert.equal(ok.json.status, 'labelled');
  assert.equal(ok.json.label.status, 'valid');
  assert.equal(ok.json.label.psti_recognized, false);
  const again = await declare(s.hikari, p.id);
  assert.equal(again.status, 409);
  assert.match(again.json.error.message, /is 'labelled'/);
  const patch = await api(srv.base, 'PATCH', `/api/v1/iot-products/${p.id}`, { session: s.hikari, body: { name: 'x' } });
  assert.equal(patch.status, 409);
});

test('PSTI statement: S1.1-02, S1.1-05 and S1.1-16 count as met, nothing else', async () => {
  const p = await register(s.hikari, { models: ['HX-200'] });
  await answerAll(s.hikari, p.id, PSTI);
  const before = await declare(s.hikari, p.id);
  assert.equal(before.status, 409, 'without the statement the three are unmet');
  const up = await upload(s.hikari, `/api/v1/iot-products/${p.id}/evidence?kind=psti&filename=psti-soc.pdf`, PDF);
  assert.equal(up.status, 201, JSON.stringify(up.json));
  const detail = await api(srv.base, 'GET', `/api/v1/iot-products/${p.id}`, { session: s.hikari });
  assert.equal(detail.json.psti_statement, true);
  assert.equal(detail.json.progress.psti_met, 3);
  assert.equal(detail.json.progress.unmet, 0);
  // A product with the statement but another requirement unmet still gets no label.
  const q = await register(s.hikari, { models: ['HX-300'] });
  await answerAll(s.hikari, q.id, [...PSTI, 'S1.1-11']);
  assert.equal((await upload(s.hikari, `/api/v1/iot-products/${q.id}/evidence?kind=psti&filename=psti.pdf`, PDF)).status, 201);
  const stillNo = await declare(s.hikari, q.id);
  assert.equal(stillNo.status, 409);
  assert.match(stillNo.json.error.message, /S1\.1-11-1/);
  const ok = await declare(s.hikari, p.id);
  assert.equal(ok.status, 201);
  assert.equal(ok.json.label.psti_recognized, true);
});

test('expiry: two years at most, never past the support end; no label after support ends', async () => {
  const long = await register(s.hikari, { models: ['HX-L'], support_end: addMonths(60) });
  await answerAll(s.hikari, long.id);
  const a = await declare(s.hikari, long.id);
  assert.equal(a.json.label.expires_on, addMonths(24));
  const shortEnd = addDays(100);
  const short = await register(s.hikari, { models: ['HX-S'], support_end: shortEnd });
  await answerAll(s.hikari, short.id);
  const b = await declare(s.hikari, short.id);
  assert.equal(b.status, 201);
  assert.equal(b.json.label.expires_on, shortEnd);
  const past = await register(s.hikari, { models: ['HX-P'], support_end: addDays(-1) });
  await answerAll(s.hikari, past.id);
  const c = await declare(s.hikari, past.id);
  assert.equal(c.status, 409);
  assert.equal(c.json.error.field, 'support_end');
  const bad = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.hikari, body: camera({ support_end: '2027-02-30' }) });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'support_end');
});

test('another vendor cannot see or change your product; members of other firms cannot withdraw', async () => {
  const p = await register(s.hikari, { models: ['HX-A'] });
  for (const [m, path, body] of [['GET', '', undefined], ['PATCH', '', { name: 'stolen' }], ['PUT', '/answers/S1.1-01-1', { status: 'met', evidence: 'x' }],
    ['POST', '/declare', declaration], ['POST', '/changes', { firmware_version: '9' }]]) {
    const r = await api(srv.base, m, `/api/v1/iot-products/${p.id}${path}`, { session: s.sakura, body });
    assert.equal(r.status, 403, `${m} ${path}`);
  }
  assert.equal((await upload(s.sakura, `/api/v1/iot-products/${p.id}/evidence?criterion=S1.1-01-1&filename=a.pdf`, PDF)).status, 403);
  const other = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.sakura, body: { ...camera(), org_id: p.org_id } });
  assert.equal(other.status, 403);
  const mine = await api(srv.base, 'GET', '/api/v1/iot-products', { session: s.sakura });
  assert.ok(mine.json.items.every((x) => x.org_id !== p.org_id));
  assert.equal((await api(srv.base, 'GET', `/api/v1/iot-products/${p.id}`, { session: s.auditor })).status, 200);
  // Evidence: the vendor and the operator may read it; another vendor may not.
  const ev = await upload(s.hikari, `/api/v1/iot-products/${p.id}/evidence?criterion=S1.1-01-1&filename=design.pdf`, PDF);
  assert.equal(ev.status, 201);
  assert.equal((await api(srv.base, 'GET', `/api/v1/product-evidence/${ev.json.id}`, { session: s.hikari })).status, 200);
  assert.equal((await api(srv.base, 'GET', `/api/v1/product-evidence/${ev.json.id}`, { session: s.admin })).status, 200);
  assert.equal((await api(srv.base, 'GET', `/api/v1/product-evidence/${ev.json.id}`, { session: s.sakura })).status, 403);
  const list = await api(srv.base, 'GET', '/api/v1/labels');
  const reg = list.json.items[0].registration_number;
  const w = await api(srv.base, 'POST', `/api/v1/labels/${reg}/withdraw`, { session: s.sakura, body: { reason: 'x' } });
  assert.equal(w.status, 403);
  const anon = await api(srv.base, 'POST', `/api/v1/labels/${reg}/withdraw`, { body: { reason: 'x' } });
  assert.equal(anon.status, 401);
});

test('change notices: new firmware and more model numbers are recorded and public', async () => {
  const p = await register(s.hikari, { models: ['HX-C1'] });
  const early = await api(srv.base, 'POST', `/api/v1/iot-products/${p.id}/changes`, { session: s.hikari, body: { firmware_version: '1.1.0' } });
  assert.equal(early.status, 409);
  assert.match(early.json.error.message, /is 'draft'/);
  await answerAll(s.hikari, p.id);
  const d = await declare(s.hikari, p.id);
  const reg = d.json.label.registration_number;
  const fw = await api(srv.base, 'POST', `/api/v1/iot-products/${p.id}/changes`, { session: s.hikari, body: { firmware_version: '1.1.0', note: '脆弱性修正' } });
  assert.equal(fw.status, 200, JSON.stringify(fw.json));
  const more = await api(srv.base, 'POST', `/api/v1/iot-products/${p.id}/changes`, { session: s.hikari, body: { add_models: ['HX-C1-W', 'HX-C1-X'] } });
  assert.equal(more.status, 200);
  const dup = await api(srv.base, 'POST', `/api/v1/iot-products/${p.id}/changes`, { session: s.hikari, body: { add_models: ['HX-C1'] } });
  assert.equal(dup.status, 400);
  const page = await api(srv.base, 'GET', `/api/v1/labels/${reg}`);
  assert.equal(page.json.product.firmware_version, '1.1.0');
  assert.deepEqual(page.json.product.model_numbers, ['HX-C1', 'HX-C1-W', 'HX-C1-X']);
  assert.deepEqual(page.json.changes.map((c) => c.kind), ['firmware', 'models']);
  assert.equal(page.json.changes[0].before, '1.0.3');
  const chk = await api(srv.base, 'GET', `/api/v1/labels/check?vendor=${encodeURIComponent('光電子工業')}&model=HX-C1-X&min_level=1`);
  assert.equal(chk.json.ok, true);
});

test('withdrawal shows on the public page at once, and the check says no', async () => {
  // The vendor's webhook hears of issue and withdrawal (queued; this test does not receive it).
  const wh = await api(srv.base, 'POST', '/api/v1/webhooks', { session: s.hikari, body: { url: 'https://hooks.hikari.example/jcstar', events: ['label.issued', 'label.withdrawn'] } });
  assert.equal(wh.status, 201, JSON.stringify(wh.json));
  const p = await register(s.hikari, { models: ['HX-W'] });
  await answerAll(s.hikari, p.id);
  const reg = (await declare(s.hikari, p.id)).json.label.registration_number;
  const chk = (q) => api(srv.base, 'GET', `/api/v1/labels/check?vendor=Hikari&model=HX-W&min_level=${q}`);
  // Vendor names match in Japanese or English (the organization's names by default).
  assert.equal((await chk(1)).json.ok, true);
  const nobody = await api(srv.base, 'GET', '/api/v1/labels/check?vendor=Nobody&model=HX-W&min_level=1');
  assert.equal(nobody.json.ok, false);
  const vendorJa = encodeURIComponent('光電子');
  const yes = await api(srv.base, 'GET', `/api/v1/labels/check?vendor=${vendorJa}&model=HX-W&min_level=1`);
  assert.equal(yes.json.ok, true);
  assert.equal(yes.json.label.registration_number, reg);
  const two = await api(srv.base, 'GET', `/api/v1/labels/check?vendor=${vendorJa}&model=HX-W&min_level=2`);
  assert.equal(two.json.ok, false);
  assert.equal(two.json.label, null);
  const noReason = await api(srv.base, 'POST', `/api/v1/labels/${reg}/withdraw`, { session: s.admin, body: {} });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.field, 'reason');
  const w = await api(srv.base, 'POST', `/api/v1/labels/${reg}/withdraw`, { session: s.admin, body: { reason: '立入検査で要求事項S1.1-04の不適合を確認' } });
  assert.equal(w.status, 200, JSON.stringify(w.json));
  const page = await api(srv.base, 'GET', `/api/v1/labels/${reg}`);
  assert.equal(page.json.status, 'withdrawn');
  assert.match(page.json.withdraw_reason, /S1\.1-04/);
  const after = await api(srv.base, 'GET', `/api/v1/labels/check?vendor=${vendorJa}&model=HX-W&min_level=1`);
  assert.equal(after.json.ok, false);
  const twice = await api(srv.base, 'POST', `/api/v1/labels/${reg}/withdraw`, { session: s.admin, body: { reason: 'again' } });
  assert.equal(twice.status, 409);
  const filtered = await api(srv.base, 'GET', '/api/v1/labels?status=withdrawn');
  assert.ok(filtered.json.items.every((x) => x.status === 'withdrawn'));
  assert.ok(filtered.json.items.some((x) => x.registration_number === reg));
  // The vendor is told in the app.
  const notes = await api(srv.base, 'GET', '/api/v1/notifications', { session: s.hikari });
  assert.ok(JSON.stringify(notes.json).includes(reg));
  const audit = await api(srv.base, 'GET', '/api/v1/audit?limit=500', { session: s.admin });
  assert.ok(audit.json.items.some((a) => a.action === 'label.withdraw'));
  const log = await api(srv.base, 'GET', `/api/v1/webhooks/${wh.json.webhook.id}/deliveries`, { session: s.hikari });
  const events = log.json.items.map((d) => d.event).sort();
  assert.deepEqual(events, ['label.issued', 'label.withdrawn']);
  const body = JSON.parse(log.json.items.find((d) => d.event === 'label.withdrawn').body);
  assert.equal(body.data.label.registration_number, reg);
  assert.match(body.data.label.reason, /S1\.1-04/);
});

test('the QR code on the label decodes to the product page URL', async (t) => {
  if (spawnSync('zbarimg', ['--version']).error) { t.skip('zbarimg not installed'); return; }
  const list = await api(srv.base, 'GET', '/api/v1/labels?q=SNC-200');
  const lab = list.json.items[0];
  assert.equal(lab.product_page, `${srv.base}/#/product/${lab.registration_number}`);
  const png = await fetch(srv.base + lab.image_png);
  assert.equal(png.status, 200);
  assert.equal(png.headers.get('content-type'), 'image/png');
  const dir = mkdtempSync(join(tmpdir(), 'hoshi-qr-'));
  try {
    const file = join(dir, 'label.png');
    writeFileSync(file, Buffer.from(await png.arrayBuffer()));
    const z = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
    assert.equal(z.status, 0, z.stderr);
    assert.equal(z.stdout.trim(), lab.product_page);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const svg = await fetch(srv.base + lab.image_svg);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  assert.match(await svg.text(), /^<\?xml[\s\S]*<svg/);
});

test('--public-url sets the base of the QR code and product page links', async (t) => {
  const { serve } = await import('./lib.mjs');
  const other = await serve(srv.db, ['--public-url', 'https://labels.example.jp/']);
  let stopped = false;
  try {
    const list = await api(other.base, 'GET', '/api/v1/labels?q=SNC-200');
    const lab = list.json.items[0];
    assert.equal(lab.product_page, `https://labels.example.jp/#/product/${lab.registration_number}`);
    if (spawnSync('zbarimg', ['--version']).error) { t.skip('zbarimg not installed'); return; }
    const dir = mkdtempSync(join(tmpdir(), 'hoshi-qr-'));
    try {
      const file = join(dir, 'label.png');
      writeFileSync(file, Buffer.from(await (await fetch(other.base + lab.image_png)).arrayBuffer()));
      const z = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
      assert.equal(z.stdout.trim(), lab.product_page);
    } finally { rmSync(dir, { recursive: true, force: true }); }
    // Drawing labels leaves no font caches behind: the sanitized server exits cleanly.
    stopped = true;
    assert.equal(await other.stop(), 0, other.stderr());
  } finally { if (!stopped) await other.stop(); }
  const bad = hoshi(['serve', '--db', srv.db, '--public-url', 'ftp://x']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--public-url/);
});

test('public list: search, filters, CSV and JSON exports without private fields', async () => {
  const byType = await api(srv.base, 'GET', '/api/v1/labels?product_type=network_camera&level=1&status=valid');
  assert.ok(byType.json.count >= 2);
  assert.ok(byType.json.items.every((x) => x.product.product_type === 'network_camera' && x.status === 'valid'));
  const q = await api(srv.base, 'GET', '/api/v1/labels?q=' + encodeURIComponent('SNC-21'));
  assert.equal(q.json.count, 1);
  const none = await api(srv.base, 'GET', '/api/v1/labels?q=' + encodeURIComponent('100%_'));
  assert.equal(none.json.count, 0, 'LIKE wildcards are taken literally');
  const badStatus = await api(srv.base, 'GET', '/api/v1/labels?status=revoked');
  assert.equal(badStatus.status, 400);
  assert.equal(badStatus.json.error.field, 'status');
  const long = await api(srv.base, 'GET', '/api/v1/labels?q=' + 'a'.repeat(201));
  assert.equal(long.status, 400);
  const csv = await api(srv.base, 'GET', '/api/v1/labels?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.match(lines[0], /^registration_number,level,status,/);
  assert.ok(lines.some((l) => l.includes('SNC-200; SNC-200W; SNC-210')));
  assertNoPrivate(csv.text);
  const json = await api(srv.base, 'GET', '/api/v1/labels?format=json');
  assert.match(json.headers.get('content-disposition'), /attachment/);
  assert.ok(json.json.items.length >= 2);
  assertNoPrivate(json.text);
  const badFmt = await api(srv.base, 'GET', '/api/v1/labels?format=xml');
  assert.equal(badFmt.status, 400);
  const chkBad = await api(srv.base, 'GET', '/api/v1/labels/check?vendor=a&model=b&min_level=5');
  assert.equal(chkBad.status, 400);
  assert.equal(chkBad.json.error.field, 'min_level');
  const chkMissing = await api(srv.base, 'GET', '/api/v1/labels/check?model=b');
  assert.equal(chkMissing.status, 400);
  assert.equal(chkMissing.json.error.field, 'vendor');
});

test('registration input is checked field by field, limits one past', async () => {
  const cases = [
    [{ product_type: 'toaster' }, 'product_type'],
    [{ models: [] }, 'models'],
    [{ models: ['A', 'A'] }, 'models[1]'],
    [{ models: ['x'.repeat(101)] }, 'models[0]'],
    [{ name: 'n'.repeat(301) }, 'name'],
    [{ name_en: 'n'.repeat(301) }, 'name_en'],
    [{ update_method_en: 'u'.repeat(2001) }, 'update_method_en'],
    [{ disclosure_url: 'javascript:alert(1)' }, 'disclosure_url'],
    [{ sbom_url: 'file:///etc/passwd' }, 'sbom_url'],
    [{ level: '3' }, 'level'],
    [{ catalog: 'scs-2026' }, 'catalog'],
  ];
  for (const [extra, field] of cases) {
    const r = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.hikari, body: camera(extra) });
    assert.ok(r.status === 400 || r.status === 413, `${field}: ${r.status}`);
    assert.equal(r.json.error.field, field, JSON.stringify(r.json));
  }
  const many = Array.from({ length: 501 }, (_, i) => `M-${i}`);
  const tooMany = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.hikari, body: camera({ models: many }) });
  assert.equal(tooMany.status, 413);
  const max = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.hikari, body: camera({ models: many.slice(0, 500) }) });
  assert.equal(max.status, 201);
  const unknown = await api(srv.base, 'POST', '/api/v1/iot-products', { session: s.hikari, body: { ...camera(), color: 'red' } });
  assert.equal(unknown.status, 400);
  const buyer = await login(srv.base, ...DEMO.buyer);
  const ok = await api(srv.base, 'POST', '/api/v1/iot-products', { session: buyer, body: camera() });
  assert.equal(ok.status, 201, 'any member organization can be an IoT vendor');
});

test('CLI: label list, show and withdraw', async () => {
  const list = hoshi(['label', 'list', '--db', srv.db, '--q', 'SNC-200']);
  assert.equal(list.status, 0, list.stderr);
  const reg = list.stdout.split('\t')[0];
  assert.match(reg, /^JCS1-/);
  const show = hoshi(['label', 'show', reg, '--db', srv.db]);
  assert.match(show.stdout, /vulnerability contact: psirt@sakura-nd.example/);
  assert.equal(hoshi(['label', 'withdraw', reg, '--db', srv.db]).status, 2, '--reason required');
  const w = hoshi(['label', 'withdraw', reg, '--reason', '検査で不適合', '--db', srv.db]);
  assert.equal(w.status, 0, w.stderr);
  const page = await api(srv.base, 'GET', `/api/v1/labels/${reg}`);
  assert.equal(page.json.status, 'withdrawn');
  assert.equal(hoshi(['label', 'show', 'nope', '--db', srv.db]).status, 1);
  assert.equal(hoshi(['label', 'frobnicate', '--db', srv.db]).status, 2);
});

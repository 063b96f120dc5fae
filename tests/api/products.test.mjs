// Products over HTTP: a supplier registers a product and uploads an SBOM, findings appear,
// a buyer sees nothing until the product is shared and nothing again after withdrawal; VEX,
// impact by advisory, KEV re-matching from `hoshi vuln import`, limits one past.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoServer, login, api, hoshi, DEMO } from './lib.mjs';

const FIX = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/products');
let srv, s = {}, orgs = {};
before(async () => {
  srv = await demoServer({ products: false });
  for (const k of ['admin', 'auditor', 'buyer', 'mikawa', 'hamamatsu']) s[k] = await login(srv.base, ...DEMO[k]);
  for (const o of (await api(srv.base, 'GET', '/api/v1/orgs', { session: s.admin })).json.items) orgs[o.name_en] = o;
  // advisories go into the server's database through the CLI, as operators do
  const r = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'osv-lodash.json'), join(FIX, 'osv-requests.json')]);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => { await srv.cleanup(); });

const upload = (session, id, version, body) => api(srv.base, 'POST', `/api/v1/products/${id}/versions/${encodeURIComponent(version)}/sbom`,
  { session, raw: body, headers: { 'Content-Type': 'application/json' } });

test('upload, share, impact, VEX, withdrawal', async () => {
  const buyerOrg = orgs['Tokai Motors Co., Ltd.'];
  let r = await api(srv.base, 'POST', '/api/v1/products', { session: s.mikawa, body: { name: 'Line controller', type: 'firmware' } });
  assert.equal(r.status, 201, r.text);
  const pid = r.json.id;
  assert.equal((await api(srv.base, 'POST', '/api/v1/products', { session: s.mikawa, body: { name: 'x', type: 'hardware' } })).json.error.field, 'type');
  assert.equal((await api(srv.base, 'POST', '/api/v1/products', { session: s.mikawa, body: { name: 'n'.repeat(201), type: 'iot' } })).status, 400);
  assert.equal((await api(srv.base, 'POST', `/api/v1/products/${pid}/versions`, { session: s.mikawa, body: { version: '2.0' } })).status, 201);
  assert.equal((await api(srv.base, 'POST', `/api/v1/products/${pid}/versions`, { session: s.mikawa, body: { version: '2.0' } })).status, 409);

  const sbom = readFileSync(join(FIX, 'shop-1.0.cdx.json'));
  assert.equal((await upload(s.hamamatsu, pid, '1.0', sbom)).status, 404, 'another organization cannot see the product');
  assert.equal((await upload(s.mikawa, pid, '1.0', '{"bomFormat":"CycloneDX"')).status, 400);
  r = await upload(s.mikawa, pid, '1.0', sbom);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.components, 4);
  assert.deepEqual(r.json.findings, { open: 2, new: 2, resolved: 0 });

  // the buyer: nothing before a share
  assert.equal((await api(srv.base, 'GET', `/api/v1/products/${pid}/findings`, { session: s.buyer })).status, 404);
  r = await api(srv.base, 'GET', '/api/v1/impact?advisory=CVE-2098-1001', { session: s.buyer });
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 0);

  r = await api(srv.base, 'POST', '/api/v1/product-shares', { session: s.mikawa, body: { product: pid, buyer: buyerOrg.id, scope: 'status' } });
  assert.equal(r.status, 201, r.text);
  const share = r.json.id;
  r = await api(srv.base, 'GET', '/api/v1/impact?vuln=CVE-2098-1001', { session: s.buyer });
  assert.equal(r.json.items.length, 1);
  assert.equal(r.json.items[0].product_name, 'Line controller');
  assert.equal(r.json.items[0].component, undefined, 'a status share names no component');
  assert.equal((await api(srv.base, 'GET', `/api/v1/products/${pid}/versions/1.0/components`, { session: s.buyer })).status, 403);
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact?min_severity=severe', { session: s.buyer })).status, 400);
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact', { session: s.buyer })).status, 400);
  // Pages: both open findings one at a time, in the answer's order, then nothing more.
  const whole = (await api(srv.base, 'GET', '/api/v1/impact?min_severity=low', { session: s.buyer })).json;
  assert.equal(whole.items.length, 2);
  assert.equal(whole.more, false);
  const p1 = (await api(srv.base, 'GET', '/api/v1/impact?min_severity=low&limit=1', { session: s.buyer })).json;
  const p2 = (await api(srv.base, 'GET', '/api/v1/impact?min_severity=low&limit=1&offset=1', { session: s.buyer })).json;
  const p3 = (await api(srv.base, 'GET', '/api/v1/impact?min_severity=low&limit=1&offset=2', { session: s.buyer })).json;
  assert.deepEqual([...p1.items, ...p2.items].map((x) => x.id), whole.items.map((x) => x.id));
  assert.deepEqual([p1.more, p2.more, p3.more, p3.items.length], [true, true, false, 0]);
  for (const [q, field] of [['limit=0', 'limit'], ['limit=10001', 'limit'], ['offset=-1', 'offset'], ['limit=1x', 'limit']]) {
    const bad = await api(srv.base, 'GET', `/api/v1/impact?kev=true&${q}`, { session: s.buyer });
    assert.equal(bad.status, 400, q);
    assert.equal(bad.json.error.field, field, q);
  }
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact?kev=true', { session: s.auditor })).status, 403);

  // VEX by the supplier is what the buyer sees
  const fid = r.json.items[0].id;
  assert.equal((await api(srv.base, 'PUT', `/api/v1/findings/${fid}/vex`, { session: s.buyer, body: { status: 'fixed' } })).status, 403);
  assert.equal((await api(srv.base, 'PUT', `/api/v1/findings/${fid}/vex`, { session: s.mikawa, body: { status: 'not_affected' } })).json.error.field, 'justification');
  r = await api(srv.base, 'PUT', `/api/v1/findings/${fid}/vex`, { session: s.mikawa, body: { status: 'not_affected', justification: 'vulnerable_code_not_present' } });
  assert.equal(r.status, 200, r.text);
  r = await api(srv.base, 'GET', `/api/v1/products/${pid}/findings`, { session: s.buyer });
  assert.equal(r.json.items.find((f) => f.id === fid).vex.status, 'not_affected');
  r = await api(srv.base, 'GET', `/api/v1/products/${pid}/vex`, { session: s.buyer });
  assert.equal(r.status, 200);
  assert.equal(r.json['@context'], 'https://openvex.dev/ns/v0.2.0');
  assert.equal(r.json.statements.length, 1);
  assert.equal(r.json.statements[0].status, 'not_affected');
  assert.equal((await api(srv.base, 'GET', `/api/v1/products/${pid}/vex`, { session: s.hamamatsu })).status, 404);
  r = await api(srv.base, 'GET', `/api/v1/products/${pid}/vex?format=cyclonedx`, { session: s.buyer });
  assert.equal(r.json.bomFormat, 'CycloneDX');
  assert.equal(r.json.vulnerabilities[0].analysis.state, 'not_affected');
  assert.equal(r.json.vulnerabilities[0].analysis.justification, 'code_not_present');
  r = await api(srv.base, 'GET', `/api/v1/products/${pid}/vex?format=csaf`, { session: s.buyer });
  assert.equal(r.json.document.category, 'csaf_vex');
  assert.equal(r.json.vulnerabilities[0].flags[0].label, 'vulnerable_code_not_present');
  assert.equal((await api(srv.base, 'GET', `/api/v1/products/${pid}/vex?format=spdx`, { session: s.buyer })).status, 400);

  // KEV: importing the catalog alerts the buyer at once
  const k = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'kev.json')]);
  assert.equal(k.status, 0, k.stderr);
  assert.match(k.stdout, /1 KEV hits/);
  r = await api(srv.base, 'GET', '/api/v1/impact?kev=true', { session: s.buyer });
  assert.equal(r.json.items.length, 1);
  assert.equal(r.json.items[0].kev_due_date, '2098-01-22');
  const notes = await api(srv.base, 'GET', '/api/v1/notifications', { session: s.buyer });
  assert.ok(JSON.stringify(notes.json).includes('vuln.kev'), 'in-app KEV alert');

  // a new advisory: only the new finding appears
  const n = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'osv-left-pad.json')]);
  assert.equal(n.status, 0, n.stderr);
  assert.match(n.stdout, /1 new findings/);

  let sh = await api(srv.base, 'GET', '/api/v1/product-shares', { session: s.buyer });
  assert.deepEqual(sh.json.received.map((x) => x.id), [share]);
  assert.equal(sh.json.given.length, 0);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/product-shares/${share}`, { session: s.buyer })).status, 404);
  assert.equal((await api(srv.base, 'DELETE', `/api/v1/product-shares/${share}`, { session: s.mikawa })).status, 204);
  assert.equal((await api(srv.base, 'GET', `/api/v1/products/${pid}/findings`, { session: s.buyer })).status, 404);
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact?kev=1', { session: s.buyer })).json.items.length, 0);
  sh = await api(srv.base, 'GET', '/api/v1/product-shares', { session: s.buyer });
  assert.equal(sh.json.received.length, 0, 'a withdrawn share is gone from the buyer\'s list');
  sh = await api(srv.base, 'GET', '/api/v1/product-shares', { session: s.mikawa });
  assert.ok(sh.json.given.find((x) => x.id === share).withdrawn_at, 'the supplier keeps the consent record');
});

test('impact across tiers: a tier-2 share with the end buyer counts, with its tier and path; the graph; cycles end', async () => {
  const tokai = orgs['Tokai Motors Co., Ltd.'], mikawa = orgs['Mikawa Precision Industries'];
  const okazaki = orgs['Okazaki Resin Works'], hamamatsu = orgs['Hamamatsu Denso Ltd.'];
  const ok = await login(srv.base, 'okazaki', 'hoshi-okazaki-2026');
  const toyo = await login(srv.base, 'toyohashi', 'hoshi-toyohashi-2026');
  const sbom = readFileSync(join(FIX, 'shop-1.0.cdx.json'));
  const make = async (session, name) => {
    const r = await api(srv.base, 'POST', '/api/v1/products', { session, body: { name, type: 'software' } });
    assert.equal(r.status, 201, r.text);
    assert.equal((await upload(session, r.json.id, '3.1', sbom)).status, 201);
    return r.json.id;
  };
  const resin = await make(ok, 'Resin <planner> & "MES"');
  const toyoApp = await make(toyo, 'Toyohashi ECU tools');
  const share = (session, product, buyer) => api(srv.base, 'POST', '/api/v1/product-shares', { session, body: { product, buyer, scope: 'status' } });
  assert.equal((await share(ok, resin, tokai.id)).status, 201);
  // CVE-2098-1001 is in KEV already (first test): the share alone tells Tokai so
  const notes = await api(srv.base, 'GET', '/api/v1/notifications', { session: s.buyer });
  assert.ok(notes.json.items.some((x) => x.kind === 'vuln.kev' && JSON.stringify(x).includes('Resin')), JSON.stringify(notes.json).slice(0, 400));
  // Toyohashi (tier 2 under Hamamatsu) shares only with Hamamatsu: not Tokai's business
  assert.equal((await share(toyo, toyoApp, hamamatsu.id)).status, 201);
  // a cycle: Okazaki declares Tokai as its own supplier
  const cyc = await api(srv.base, 'POST', '/api/v1/suppliers', { session: ok, body: { corporate_number: tokai.corporate_number, name: 'Tokai',
    questions: { confidential_info: false, business_interruption: false, network_access: false } } });
  assert.equal(cyc.status, 201, cyc.text);

  let r = await api(srv.base, 'GET', '/api/v1/impact?vuln=CVE-2098-1001', { session: s.buyer });
  assert.equal(r.status, 200, r.text);
  const mine = r.json.items.filter((x) => x.product === resin);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].tier, 2);
  assert.equal(mine[0].supplier_corpnum, okazaki.corporate_number);
  assert.deepEqual(mine[0].path.map((p) => p.corporate_number), [tokai.corporate_number, mikawa.corporate_number, okazaki.corporate_number]);
  assert.equal(r.json.items.filter((x) => x.product === toyoApp).length, 0, 'not shared with Tokai');
  r = await api(srv.base, 'GET', '/api/v1/impact?vuln=CVE-2098-1001', { session: s.hamamatsu });
  assert.equal(r.json.items.find((x) => x.product === toyoApp).tier, 1, 'Toyohashi is Hamamatsu\'s tier 1');

  // the graph: same query, SVG, names escaped, the path drawn
  r = await api(srv.base, 'GET', '/api/v1/impact/graph.svg?vuln=CVE-2098-1001', { session: s.buyer });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /image\/svg\+xml/);
  assert.ok(r.text.includes('Resin &lt;planner&gt; &amp; &quot;MES&quot;') || r.text.includes('Resin &lt;planner&gt; &amp; "MES"'), 'escaped label');
  assert.ok(!r.text.includes('<planner>'));
  assert.ok(r.text.includes('Tier 2') && r.text.includes(`#/supplier/${okazaki.corporate_number}`));
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact/graph.svg', { session: s.buyer })).status, 400);
  assert.equal((await api(srv.base, 'GET', '/api/v1/impact/graph.svg?kev=true', { session: s.auditor })).status, 403);
  r = await api(srv.base, 'GET', '/api/v1/impact/graph.svg?advisory=NOPE-1', { session: s.buyer });
  assert.equal(r.status, 200, 'an empty answer is still a picture');

  // the supplier's pictures: what Okazaki shares with Tokai, at tier 2
  r = await api(srv.base, 'GET', `/api/v1/suppliers/${okazaki.corporate_number}/findings`, { session: s.buyer });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.supplier.tier, 2);
  const own = await api(srv.base, 'GET', `/api/v1/products/${resin}/findings`, { session: ok });
  assert.equal(r.json.items.length, own.json.items.length);
  assert.ok(r.json.items.length >= 2 && r.json.items.every((f) => f.product === resin && f.first_seen));
  r = await api(srv.base, 'GET', `/api/v1/suppliers/${okazaki.corporate_number}/findings`, { session: s.mikawa });
  assert.equal(r.json.items.length, 0, 'shared with Tokai, not with Mikawa');
  assert.equal(r.json.supplier.tier, 1);
  assert.equal((await api(srv.base, 'GET', '/api/v1/suppliers/0000000000000/findings', { session: s.buyer })).status, 404);
  assert.equal((await api(srv.base, 'GET', `/api/v1/suppliers/${okazaki.corporate_number}/findings`, { session: s.auditor })).status, 403);
});

test('an SBOM one byte past the upload limit is refused', async () => {
  const r = await api(srv.base, 'POST', '/api/v1/products', { session: s.hamamatsu, body: { name: 'Big', type: 'software' } });
  const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
  const u = await upload(s.hamamatsu, r.json.id, '1', big);
  assert.equal(u.status, 413);
});

test('hoshi sbom push uploads with an API token and reports the server\'s errors', async () => {
  const t = await api(srv.base, 'POST', '/api/v1/tokens', { session: s.hamamatsu, body: { name: 'sbom ci' } });
  assert.equal(t.status, 201, t.text);
  const token = t.json.secret ?? t.json.token;
  const p = await api(srv.base, 'POST', '/api/v1/products', { session: s.hamamatsu, body: { name: 'Gateway', type: 'iot' } });
  const file = join(FIX, 'shop-1.0.cdx.json');
  let r = hoshi(['sbom', 'push', '--server', srv.base + '/', '--token', token, '--product', p.json.id, '--version', '3.1', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /uploaded .* 3\.1: CycloneDX 1\.5, 4 components/);
  assert.match(r.stdout, /findings: [0-9]+ open/);
  const f = await api(srv.base, 'GET', `/api/v1/products/${p.json.id}/findings`, { session: s.hamamatsu });
  assert.ok(f.json.items.length >= 2);
  r = hoshi(['sbom', 'push', '--server', srv.base, '--token', token, '--product', 'prd_nosuch', '--version', '1', file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /404/);
  r = hoshi(['sbom', 'push', '--server', 'ftp://x', '--token', token, '--product', 'p', '--version', '1', file]);
  assert.equal(r.status, 2);
  r = hoshi(['sbom', 'push', '--server', srv.base, '--product', 'p', file]);
  assert.equal(r.status, 2);
});

// multipart/form-data: fetch with a FormData body, as a browser form sends it
const uploadForm = (session, id, version, form) => fetch(srv.base + `/api/v1/products/${id}/versions/${encodeURIComponent(version)}/sbom`,
  { method: 'POST', headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf }, body: form })
  .then(async (res) => ({ status: res.status, json: await res.json() }));

test('multipart upload: the same answer as a raw body; missing, doubled, foreign and oversized files are refused', async () => {
  const p = await api(srv.base, 'POST', '/api/v1/products', { session: s.hamamatsu, body: { name: 'Form upload', type: 'software' } });
  const pid = p.json.id;
  const sbom = readFileSync(join(FIX, 'shop-1.0.cdx.json'));
  const form = (...parts) => {
    const f = new FormData();
    for (const [name, blob, filename] of parts) f.append(name, blob, filename);
    return f;
  };
  const json = (bytes, type = 'application/json') => new Blob([bytes], { type });

  let r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', json(sbom), 'shop.cdx.json']));
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const raw = await upload(s.hamamatsu, pid, '1.1', sbom);
  assert.equal(raw.status, 201);
  for (const k of ['format', 'spec_version', 'components', 'quality', 'findings']) assert.deepEqual(r.json[k], raw.json[k], k);
  // a file without a media type (curl -F file=@x sends octet-stream or none) is fine too
  r = await uploadForm(s.hamamatsu, pid, '1.2', form(['file', new Blob([sbom]), 'sbom.json']));
  assert.equal(r.status, 201, JSON.stringify(r.json));

  r = await uploadForm(s.hamamatsu, pid, '1.0', new FormData());
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'file');
  assert.match(r.json.error.message, /no field named file/);
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['sbom', json(sbom), 'shop.json']));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'file');
  assert.match(r.json.error.message, /'sbom'/);
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', json(sbom), 'a.json'], ['file', json(sbom), 'b.json']));
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /more than one field named file/);
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', json('<bom/>', 'application/xml'), 'shop.cdx.xml']));
  assert.equal(r.status, 415);
  assert.equal(r.json.error.field, 'file');
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', json('{"bomFormat":"CycloneDX"'), 'cut.json']));
  assert.equal(r.status, 400, 'the SBOM parser\'s error, as for a raw body');
  // a cut-short body (no closing boundary)
  const cut = await fetch(srv.base + `/api/v1/products/${pid}/versions/1.0/sbom`, {
    method: 'POST', body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{"a":',
    headers: { Cookie: s.hamamatsu.cookie, 'X-CSRF-Token': s.hamamatsu.csrf, 'Content-Type': 'multipart/form-data; boundary=XyZ' } });
  assert.equal(cut.status, 400);
  assert.equal((await cut.json()).error.field, 'body');
  r = await api(srv.base, 'POST', `/api/v1/products/${pid}/versions/1.0/sbom`,
    { session: s.hamamatsu, raw: 'file=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 415);
  // a file of exactly the SBOM limit fits although the body is larger (part headers, boundary);
  // one byte more is refused naming the file
  const head = Buffer.from(sbom.toString('utf8').trimEnd());
  const exact = Buffer.concat([head, Buffer.alloc(20 * 1024 * 1024 - head.length, 0x20)]);
  r = await uploadForm(s.hamamatsu, pid, '1.3', form(['file', json(exact), 'padded.json']));
  assert.equal(r.status, 201, JSON.stringify(r.json));
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', new Blob([Buffer.alloc(20 * 1024 * 1024 + 1, 0x20)]), 'big.json']));
  assert.equal(r.status, 413);
  assert.equal(r.json.error.field, 'file');
  // a body past the limit plus HTTP_MULTIPART_SLACK (64 KiB) is refused before it is parsed
  r = await uploadForm(s.hamamatsu, pid, '1.0', form(['file', new Blob([Buffer.alloc(20 * 1024 * 1024 + 64 * 1024, 0x20)]), 'big.json']));
  assert.equal(r.status, 413);
  assert.equal(r.json.error.field, 'body');
});

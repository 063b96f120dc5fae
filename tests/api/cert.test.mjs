// SCS certificates against a real server: the JWS checked by Node's own Ed25519 with the JWKS
// key, offline `hoshi verify`, rotation, the public register and verification, revocation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify as edVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoServer, login, api, hoshi, serve, DEMO } from './lib.mjs';

let srv, s = {}, rating, dir;

before(async () => {
  srv = await demoServer();
  dir = join(srv.db, '..');
  for (const k of ['admin', 'buyer', 'mikawa', 'hamamatsu']) s[k] = await login(srv.base, ...DEMO[k]);
  const list = await api(srv.base, 'GET', '/api/v1/ratings', { session: s.mikawa });
  rating = list.json.items.find((r) => r.status === 'valid');
  assert.ok(rating, 'the demo supplier holds a valid rating');
});
after(async () => { await srv.cleanup(); });

const b64 = (s) => Buffer.from(s, 'base64url');

// The entries of a ZIP archive (an XLSX is one), read through its central directory.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'end of central directory found');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10), packed = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + packed);
    files.set(name, method === 8 ? inflateRawSync(raw) : raw);
    assert.equal(files.get(name).length, size, `${name} inflates to its size`);
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

async function certificate(session) {
  const res = await fetch(`${srv.base}/api/v1/ratings/${rating.id}/certificate.jws`, { headers: { Cookie: session.cookie } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

test('the JWKS lists an Ed25519 key and Node verifies the certificate with it', async () => {
  const jwks = await api(srv.base, 'GET', '/.well-known/jwks.json');
  assert.equal(jwks.status, 200);
  assert.match(jwks.headers.get('content-type'), /jwk-set\+json/);
  assert.equal(jwks.json.keys.length, 1);
  const key = jwks.json.keys[0];
  assert.deepEqual({ kty: key.kty, crv: key.crv, use: key.use, alg: key.alg }, { kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'Ed25519' });
  assert.equal(b64(key.x).length, 32);

  const cert = await certificate(s.mikawa);
  assert.equal(cert.status, 200);
  assert.match(cert.headers.get('content-disposition'), /attachment/);
  const [h, p, sig] = cert.text.split('.');
  const header = JSON.parse(b64(h));
  assert.equal(header.alg, 'Ed25519');
  assert.equal(header.kid, key.kid);
  assert.equal(header.typ, 'scs-certificate+jwt');
  // An independent implementation: OpenSSL's Ed25519 inside Node, fed the JWK as published.
  const pub = createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x }, format: 'jwk' });
  assert.ok(edVerify(null, Buffer.from(`${h}.${p}`), pub, b64(sig)), 'Node accepts the signature');
  const bad = Buffer.from(`${h}.${p}`);
  bad[bad.length - 1] ^= 1;
  assert.ok(!edVerify(null, bad, pub, b64(sig)), 'one flipped byte is refused');
  const claims = JSON.parse(b64(p));
  assert.equal(claims.sub, rating.id);
  assert.equal(claims.corporate_number, '4180001030405');
  assert.equal(claims.organization.name_ja, '三河精密工業株式会社');
  assert.equal(claims.level, '3');
  assert.equal(claims.catalog.id, 'scs-2026');
  assert.equal(claims.exp, Date.parse(rating.expires_at) / 1000);
  assert.equal(claims.verify_url, `${srv.base}/#/verify/${rating.id}`);
});

test('who may download: the supplier and the operator, not another company or the public', async () => {
  assert.equal((await certificate(s.admin)).status, 200);
  assert.equal((await certificate(s.hamamatsu)).status, 403);
  assert.equal((await certificate(s.buyer)).status, 403);
  const anon = await fetch(`${srv.base}/api/v1/ratings/${rating.id}/certificate.jws`);
  assert.equal(anon.status, 401);
});

test('hoshi verify checks offline; a rotated-out key still verifies the old certificate', async () => {
  const old = (await certificate(s.mikawa)).text;
  const file = join(dir, 'c.jws'), jwksFile = join(dir, 'jwks.json');
  writeFileSync(file, old);
  writeFileSync(jwksFile, (await api(srv.base, 'GET', '/.well-known/jwks.json')).text);
  let r = hoshi(['verify', file, '--jwks', jwksFile]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /三河精密工業株式会社/);
  assert.match(r.stdout, /★3/);
  r = hoshi(['verify', file, '--jwks', jwksFile, '--at', '2099-01-01T00:00:00Z']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /expired/);
  const flipped = old.slice(0, 40) + (old[40] === 'A' ? 'B' : 'A') + old.slice(41);
  writeFileSync(join(dir, 'bad.jws'), flipped);
  r = hoshi(['verify', join(dir, 'bad.jws'), '--jwks', jwksFile]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad_signature|malformed/);
  writeFileSync(join(dir, 'junk.jws'), 'hello');
  r = hoshi(['verify', join(dir, 'junk.jws'), '--jwks', jwksFile]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /malformed/);
  // --json stays valid JSON even for a hostile header.
  const evil = Buffer.from('{"alg":"Ed25519","kid":"\\"},{\\"x"}').toString('base64url');
  writeFileSync(join(dir, 'evil.jws'), `${evil}.e30.AAAA`);
  r = hoshi(['verify', join(dir, 'evil.jws'), '--jwks', jwksFile, '--json']);
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).verdict, 'unknown_key');
  r = hoshi(['verify', file, '--jwks', jwksFile, '--json']);
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.stdout).org_name_ja, '三河精密工業株式会社');

  // Rotate while the server runs: new certificates use the new key, the JWKS keeps both.
  r = hoshi(['keys', 'rotate', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const newKid = r.stdout.trim();
  const listed = hoshi(['keys', 'list', '--db', srv.db]);
  assert.match(listed.stdout, new RegExp(`${newKid} .* current`));
  assert.match(listed.stdout, /retired/);
  const jwks = (await api(srv.base, 'GET', '/.well-known/jwks.json')).json;
  assert.equal(jwks.keys.length, 2);
  const fresh = (await certificate(s.mikawa)).text;
  assert.equal(JSON.parse(b64(fresh.split('.')[0])).kid, newKid);
  writeFileSync(jwksFile, JSON.stringify(jwks));
  r = hoshi(['verify', file, '--jwks', jwksFile]);
  assert.equal(r.status, 0, 'the certificate signed before the rotation still verifies: ' + r.stderr);
  // The rotation and the key creation are in the audit log.
  const audit = await api(srv.base, 'GET', '/api/v1/audit?limit=500', { session: s.admin });
  const actions = audit.json.items.map((x) => x.action);
  assert.ok(actions.includes('signing_key.rotate'));
  assert.ok(actions.includes('certificate.issue'));
  // With only the new key, the old certificate names an unknown key.
  writeFileSync(jwksFile, JSON.stringify({ keys: jwks.keys.filter((k) => k.kid === newKid) }));
  r = hoshi(['verify', file, '--jwks', jwksFile]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown_key/);
});

test('POST /api/v1/verify checks a pasted certificate', async () => {
  const jws = (await certificate(s.mikawa)).text;
  let r = await api(srv.base, 'POST', '/api/v1/verify', { body: { jws } });
  assert.equal(r.status, 200);
  assert.equal(r.json.valid, true);
  assert.equal(r.json.verdict, 'valid');
  assert.equal(r.json.certificate.org_name_ja, '三河精密工業株式会社');
  r = await api(srv.base, 'POST', '/api/v1/verify', { raw: jws + '\n', headers: { 'Content-Type': 'application/jose' } });
  assert.equal(r.json.valid, true);
  const i = jws.lastIndexOf('.') + 5;
  r = await api(srv.base, 'POST', '/api/v1/verify', { body: { jws: jws.slice(0, i) + (jws[i] === 'A' ? 'B' : 'A') + jws.slice(i + 1) } });
  assert.equal(r.json.valid, false);
  assert.equal(r.json.signature, 'bad_signature');
  assert.equal(r.json.certificate, null);
  r = await api(srv.base, 'POST', '/api/v1/verify', { body: { jws: 'x'.repeat(16385) } });
  assert.equal(r.json.valid, false);
  assert.equal(r.json.verdict, 'malformed');
  r = await api(srv.base, 'POST', '/api/v1/verify', { body: { token: jws } });
  assert.equal(r.status, 400);
});

test('the public register shows valid ratings and nothing private', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/register?q=' + encodeURIComponent('三河'));
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 1);
  const e = r.json.items[0];
  assert.equal(e.rating_id, rating.id);
  assert.equal(e.status, 'valid');
  assert.deepEqual(Object.keys(e).sort(), ['catalog', 'corporate_number', 'expires', 'issued', 'level', 'org_name_en',
    'org_name_ja', 'rating_id', 'scope', 'status', 'verify_url']);
  const text = JSON.stringify(r.json);
  for (const secret of ['address', 'assessment', 'org_id', 'status_reason', 'exclusions', 'declaration', 'sector', 'is_sme'])
    assert.ok(!text.includes(secret), `register leaks ${secret}`);
  // By 法人番号 prefix and by English name; Hamamatsu's rating is not issued yet.
  assert.equal((await api(srv.base, 'GET', '/api/v1/register?q=41800010')).json.items.length, 1);
  assert.equal((await api(srv.base, 'GET', '/api/v1/register?q=mikawa')).json.items.length, 1);
  assert.equal((await api(srv.base, 'GET', '/api/v1/register?q=' + encodeURIComponent('浜松'))).json.items.length, 0);
  const long = await api(srv.base, 'GET', '/api/v1/register?q=' + 'a'.repeat(201));
  assert.equal(long.status, 413);
  const v = await api(srv.base, 'GET', `/api/v1/verify/${rating.id}`);
  assert.equal(v.status, 200);
  assert.equal(v.json.valid, true);
  assert.equal(v.json.status, 'valid');
  assert.equal((await api(srv.base, 'GET', '/api/v1/verify/rtg_nosuchrating')).status, 404);
});

test('the PDF certificate is A4 and its QR code decodes to the verification URL', async () => {
  const res = await fetch(`${srv.base}/api/v1/ratings/${rating.id}/certificate.pdf`, { headers: { Cookie: s.mikawa.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.toString('latin1'), /MediaBox \[ ?0 0 595\.2\d* 841\.8\d* ?\]/, 'A4 page');
  const file = join(dir, 'cert.pdf');
  writeFileSync(file, pdf);
  // Render the page as a picture (poppler), then read the QR code from it (zbar).
  const png = spawnSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(dir, 'page')], { encoding: 'utf8' });
  assert.equal(png.status, 0, png.stderr);
  const zbar = spawnSync('zbarimg', ['--raw', '-q', join(dir, 'page.png')], { encoding: 'utf8' });
  assert.equal(zbar.status, 0, zbar.stderr);
  assert.equal(zbar.stdout.trim(), `${srv.base}/#/verify/${rating.id}`);
  // The text layer carries the organization in Japanese and English.
  const txt = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.match(txt.stdout, /三河精密工業株式会社/);
  assert.match(txt.stdout, /Mikawa Precision Industries/);
  assert.match(txt.stdout, /4180001030405/);
  assert.ok(readdirSync(dir).includes('page.png'));
  assert.equal((await fetch(`${srv.base}/api/v1/ratings/${rating.id}/certificate.pdf`, { headers: { Cookie: s.hamamatsu.cookie } })).status, 403);
});

async function download(path, session) {
  const res = await fetch(srv.base + path, { headers: { Cookie: session.cookie } });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

test('the assessment exports as an XLSX workbook with one sheet per category', async () => {
  const a = (await api(srv.base, 'GET', `/api/v1/assessments/${rating.assessment_id}`, { session: s.mikawa })).json;
  const x = await download(`/api/v1/assessments/${a.id}/export.xlsx`, s.mikawa);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const files = unzip(x.buf);
  assert.ok(files.has('[Content_Types].xml'));
  const wb = files.get('xl/workbook.xml').toString();
  const sheets = [...wb.matchAll(/<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"\/>/g)].map((m) => m[1]);
  assert.equal(sheets[0], '概要 Summary');
  assert.deepEqual(sheets.slice(1), a.categories.map((c) => `${c.id} ${c.title_ja}`), 'a sheet per category after the cover');
  const rels = files.get('xl/_rels/workbook.xml.rels').toString();
  for (let i = 1; i <= sheets.length; i++) {
    assert.ok(rels.includes(`worksheets/sheet${i}.xml`));
    assert.ok(files.get(`xl/worksheets/sheet${i}.xml`).toString().startsWith('<?xml'));
  }
  // Rows of the category sheet: header + one per criterion of the category.
  const cat4 = a.categories.findIndex((c) => c.id === '4') + 2;
  const rows = (files.get(`xl/worksheets/sheet${cat4}.xml`).toString().match(/<row /g) || []).length;
  assert.equal(rows, 1 + a.categories.find((c) => c.id === '4').criteria);
  const strings = files.get('xl/sharedStrings.xml').toString();
  const first = a.requirements[0].criteria[0];
  assert.ok(strings.includes(first.id));
  assert.ok(strings.includes('実施 / implemented'));
  assert.equal((await download(`/api/v1/assessments/${a.id}/export.xlsx`, s.hamamatsu)).status, 403);
});

test('the assessment exports as OSCAL assessment-results with an observation and a finding per criterion', async () => {
  const a = (await api(srv.base, 'GET', `/api/v1/assessments/${rating.assessment_id}`, { session: s.mikawa })).json;
  const o = await download(`/api/v1/assessments/${a.id}/export.oscal.json`, s.mikawa);
  assert.equal(o.status, 200);
  const doc = JSON.parse(o.buf.toString())['assessment-results'];
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const TOKEN = /^[A-Za-z_][A-Za-z0-9._-]*$/;
  assert.match(doc.uuid, UUID);
  assert.equal(doc.metadata['oscal-version'], '1.1.2');
  assert.equal(doc.metadata.parties[0]['external-ids'][0].id, '4180001030405');
  assert.equal(doc.results.length, 1);
  const res = doc.results[0];
  const criteria = a.requirements.flatMap((r) => r.criteria);
  assert.equal(res.observations.length, criteria.length);
  assert.equal(res.findings.length, criteria.length);
  assert.equal(res['reviewed-controls']['control-selections'][0]['include-controls'].length, a.requirements.length);
  const obsIds = new Set(res.observations.map((x) => x.uuid));
  for (const f of res.findings) {
    assert.match(f.uuid, UUID);
    assert.equal(f.target.type, 'objective-id');
    assert.match(f.target['target-id'], TOKEN);
    assert.equal(f.target.status.state, 'satisfied', 'every criterion of a rated assessment is met');
    assert.ok(obsIds.has(f['related-observations'][0]['observation-uuid']));
  }
  const f413 = res.findings.find((f) => f.title === '4-1-3-2');
  assert.equal(f413.target['target-id'], 'req-4-1-3_obj.2');
  for (const ob of res.observations) {
    assert.ok(ob.methods.includes('EXAMINE'));
    assert.ok(ob.collected);
  }
  assert.equal((await download(`/api/v1/assessments/${a.id}/export.oscal.json`, s.hamamatsu)).status, 403);
});

test('--public-url names the register in certificates; a bad one is refused', async () => {
  const other = await serve(srv.db, ['--public-url', 'https://hoshi.example.jp/', '--keys', join(dir, 'keys')]);
  try {
    const s2 = await login(other.base, ...DEMO.mikawa);
    const res = await fetch(`${other.base}/api/v1/ratings/${rating.id}/certificate.jws`, { headers: { Cookie: s2.cookie } });
    const claims = JSON.parse(b64((await res.text()).split('.')[1]));
    assert.equal(claims.iss, 'https://hoshi.example.jp');
    assert.equal(claims.verify_url, `https://hoshi.example.jp/#/verify/${rating.id}`);
    const reg = await api(other.base, 'GET', '/api/v1/register?q=mikawa');
    assert.equal(reg.json.items[0].verify_url, `https://hoshi.example.jp/#/verify/${rating.id}`);
  } finally {
    await other.stop();
  }
  for (const bad of ['ftp://x', 'hoshi.example.jp', 'https://' + 'a'.repeat(393)]) {
    const r = hoshi(['serve', '--db', srv.db, '--listen', '127.0.0.1:0', '--public-url', bad]);
    assert.equal(r.status, 2, `${bad.slice(0, 20)}: ${r.stderr}`);
    assert.match(r.stderr, /--public-url/);
  }
});

test('a revoked rating drops out of the register at once and verification says revoked', async () => {
  const jws = (await certificate(s.mikawa)).text;
  const rv = await api(srv.base, 'POST', `/api/v1/ratings/${rating.id}/status`, { session: s.admin, body: { status: 'revoked', reason: '虚偽の申告が判明' } });
  assert.equal(rv.status, 200, JSON.stringify(rv.json));
  assert.equal((await api(srv.base, 'GET', '/api/v1/register?q=' + encodeURIComponent('三河'))).json.items.length, 0);
  const v = await api(srv.base, 'GET', `/api/v1/verify/${rating.id}`);
  assert.equal(v.json.valid, false);
  assert.equal(v.json.status, 'revoked');
  assert.ok(!JSON.stringify(v.json).includes('虚偽'), 'the reason stays private');
  const p = await api(srv.base, 'POST', '/api/v1/verify', { body: { jws } });
  assert.equal(p.json.signature, 'valid');
  assert.equal(p.json.verdict, 'revoked');
  assert.equal(p.json.valid, false);
  assert.equal((await certificate(s.mikawa)).status, 409);
});

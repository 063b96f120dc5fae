// SCS assessments over HTTP against a real server: the ★3 flow end to end, the ★4 flow, the
// authorization matrix, refused transitions (409 with the state), evidence access.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { demoServer, login, api, hoshi, DEMO } from './lib.mjs';

const FIXTURE = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures/catalogs/tiny-1.json');
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
let srv, s = {}, ids = {};

async function raw(base, method, path, session, body, type = 'application/octet-stream') {
  const res = await fetch(base + path, { method, body, headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': type } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, buf, headers: res.headers, json: (() => { try { return JSON.parse(buf.toString()); } catch { return null; } })() };
}

before(async () => {
  srv = await demoServer();
  const imp = hoshi(['catalog', 'import', FIXTURE, '--db', srv.db]);
  assert.equal(imp.status, 0, imp.stderr);
  for (const k of ['admin', 'auditor', 'buyer', 'mikawa', 'hamamatsu']) s[k] = await login(srv.base, ...DEMO[k]);
  s.expert = await login(srv.base, 'expert', 'hoshi-expert-2026');
  s.evaluator = await login(srv.base, 'evaluator', 'hoshi-evaluator-2026');
  const orgs = (await api(srv.base, 'GET', '/api/v1/orgs', { session: s.admin })).json.items;
  for (const o of orgs) ids[o.name_en] = o.id;
  const users = (await api(srv.base, 'GET', '/api/v1/users', { session: s.admin })).json.items;
  for (const u of users) ids[u.username] = u.id;
  // A second evaluator at the same body, never assigned.
  const ev2 = await api(srv.base, 'POST', '/api/v1/users', { session: s.admin, body: {
    org_id: ids['Japan Cyber Evaluation Organization'], username: 'evaluator2', password: 'hoshi-evaluator2-2026', roles: ['evaluator'] } });
  assert.equal(ev2.status, 201);
  s.evaluator2 = await login(srv.base, 'evaluator2', 'hoshi-evaluator2-2026');
  const ex2 = await api(srv.base, 'POST', '/api/v1/users', { session: s.admin, body: {
    org_id: ids['Security Confirmation Services LLC'], username: 'expert2', password: 'hoshi-expert2-2026', roles: ['expert'] } });
  assert.equal(ex2.status, 201);
  s.expert2 = await login(srv.base, 'expert2', 'hoshi-expert2-2026');
});
after(async () => { await srv.cleanup(); });

const scope = { kind: 'company', description: '三河精密工業 本社・岡崎工場の情報系', exclusions: [{ asset: '工場OTネットワーク', reason: 'SCSの対象外（OT）' }] };

async function newAssessment(level) {
  const r = await api(srv.base, 'POST', '/api/v1/assessments', { session: s.mikawa, body: { catalog: 'tiny-1', level, scope } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}

test('catalogs are public and list the imported one', async () => {
  const r = await api(srv.base, 'GET', '/api/v1/catalogs');
  assert.equal(r.status, 200);
  const tiny = r.json.items.find((c) => c.id === 'tiny-1');
  assert.equal(tiny.criteria, 5);
  const doc = await api(srv.base, 'GET', '/api/v1/catalogs/tiny-1');
  assert.equal(doc.json.format, 'hoshi-catalog/1');
  const bad = await api(srv.base, 'POST', '/api/v1/catalogs', { session: s.admin, body: { format: 'hoshi-catalog/1', id: 'x' } });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.field, /^\$\./);
  const denied = await api(srv.base, 'POST', '/api/v1/catalogs', { session: s.mikawa, body: {} });
  assert.equal(denied.status, 403);
});

test('★3: self-assessment, expert confirmation, declaration, rating', async () => {
  const a = await newAssessment('3');
  assert.equal(a.status, 'draft');
  assert.equal(a.expert_user_id, ids.expert, 'the demo expert is assigned by default');
  const detail = await api(srv.base, 'GET', `/api/v1/assessments/${a.id}`, { session: s.mikawa });
  assert.equal(detail.json.progress.criteria, 3);
  assert.deepEqual(detail.json.scope.exclusions, scope.exclusions);
  const crit = detail.json.requirements.flatMap((r) => r.criteria.map((c) => c.id));
  assert.deepEqual(crit, ['1-2-1-1', '4-1-3-1', '4-1-3-2']);
  // A transition that does not fit the state: 409 naming it.
  const early = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/confirm`, { session: s.expert });
  assert.equal(early.status, 409);
  assert.match(early.json.error.message, /is 'draft'/);
  const na = await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/answers/4-1-3-2`, { session: s.mikawa, body: { status: 'not_applicable' } });
  assert.equal(na.status, 400);
  assert.equal(na.json.error.field, 'reason');
  for (const c of crit) {
    const body = c === '4-1-3-2' ? { status: 'not_applicable', reason: 'クラウドサービスを利用していない' } : { status: 'implemented', comment: '規程あり' };
    const r = await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/answers/${c}`, { session: s.mikawa, body });
    assert.equal(r.status, 200);
  }
  const ev = await raw(srv.base, 'POST', `/api/v1/assessments/${a.id}/evidence?criterion=1-2-1-1&filename=${encodeURIComponent('体制図.pdf')}`, s.mikawa, PDF);
  assert.equal(ev.status, 201);
  assert.equal(ev.json.content_type, 'application/pdf');
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/submit`, { session: s.mikawa })).status, 200);
  const cm = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/comments`, { session: s.expert, body: { requirement: '4-1-3', body: '対象範囲を確認しました' } });
  assert.equal(cm.status, 201);
  const conf = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/confirm`, { session: s.expert });
  assert.equal(conf.status, 200);
  assert.equal(conf.json.status, 'confirmed');
  const dec = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/declare`, { session: s.mikawa, body: {
    exec_name: '三河 一郎', exec_title: '代表取締役社長', date: '2026-11-26', text: '当社はSCS★3の要求事項をすべて満たしていることを宣誓します。' } });
  assert.equal(dec.status, 200, JSON.stringify(dec.json));
  assert.match(dec.json.rating_id, /^rtg_/);
  const rating = await api(srv.base, 'GET', `/api/v1/ratings/${dec.json.rating_id}`, { session: s.mikawa });
  assert.equal(rating.json.level, '3');
  assert.equal(rating.json.status, 'valid');
  const days = (Date.parse(rating.json.expires_at) - Date.parse(rating.json.issued_at)) / 86400e3;
  assert.ok(days >= 365 && days <= 366, `valid one year (${days} days)`);
  assert.equal((await api(srv.base, 'GET', `/api/v1/ratings/${dec.json.rating_id}`, { session: s.hamamatsu })).status, 403);
  const notes = await api(srv.base, 'GET', '/api/v1/notifications', { session: s.mikawa });
  assert.ok(notes.json.items.some((n) => n.kind === 'rating.issued'));
  const log = await api(srv.base, 'GET', '/api/v1/audit?limit=500', { session: s.auditor });
  const actions = log.json.items.filter((x) => x.object_id === a.id).map((x) => x.action);
  for (const step of ['assessment.create', 'assessment.answer', 'assessment.submit', 'assessment.confirm', 'assessment.declare'])
    assert.ok(actions.includes(step), `audit has ${step}`);
});

test('authorization matrix and evidence access', async () => {
  const a = await newAssessment('3');
  await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/answers/1-2-1-1`, { session: s.mikawa, body: { status: 'implemented' } });
  const ev = await raw(srv.base, 'POST', `/api/v1/assessments/${a.id}/evidence?criterion=1-2-1-1&filename=policy.pdf`, s.mikawa, PDF);
  assert.equal(ev.status, 201);
  const read = async (who) => (await api(srv.base, 'GET', `/api/v1/assessments/${a.id}`, { session: s[who] })).status;
  assert.equal(await read('mikawa'), 200, 'the supplier');
  assert.equal(await read('expert'), 200, 'its assigned expert');
  assert.equal(await read('expert2'), 403, 'an unassigned expert');
  assert.equal(await read('hamamatsu'), 403, 'another organization');
  assert.equal(await read('evaluator'), 403, 'an unassigned evaluator');
  assert.equal(await read('buyer'), 403, 'a buyer without a share');
  assert.equal(await read('auditor'), 200, 'the auditor (read-only)');
  const write = await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/answers/4-1-3-1`, { session: s.expert, body: { status: 'implemented' } });
  assert.equal(write.status, 403, 'the expert cannot answer for the supplier');
  const selfConfirm = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/confirm`, { session: s.mikawa });
  assert.equal(selfConfirm.status, 403, 'the supplier cannot confirm itself');
  const get = async (who) => raw(srv.base, 'GET', `/api/v1/evidence/${ev.json.id}`, s[who]);
  const mine = await get('mikawa');
  assert.equal(mine.status, 200);
  assert.equal(mine.buf.toString(), PDF);
  assert.match(mine.headers.get('content-disposition'), /^attachment;/);
  assert.match(mine.headers.get('content-security-policy'), /sandbox/);
  assert.equal((await get('expert')).status, 200);
  for (const who of ['hamamatsu', 'expert2', 'evaluator', 'admin', 'auditor', 'buyer'])
    assert.equal((await get(who)).status, 403, `${who} may not download evidence`);
  const detail = await api(srv.base, 'GET', `/api/v1/assessments/${a.id}`, { session: s.auditor });
  assert.equal(detail.json.evidence, undefined, 'the auditor sees no evidence list');
  const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);
  const bad = await raw(srv.base, 'POST', `/api/v1/assessments/${a.id}/evidence?criterion=1-2-1-1&filename=tool`, s.mikawa, elf);
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /not accepted/);
});

test('no rating when one criterion is not met', async () => {
  const a = await newAssessment('3');
  for (const [c, st] of [['1-2-1-1', 'implemented'], ['4-1-3-1', 'implemented'], ['4-1-3-2', 'partial']])
    await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/answers/${c}`, { session: s.mikawa, body: { status: st } });
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/submit`, { session: s.mikawa })).status, 200);
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/confirm`, { session: s.expert })).status, 200);
  const dec = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/declare`, { session: s.mikawa, body: {
    exec_name: '三河 一郎', exec_title: '社長', date: '2026-11-26', text: '宣誓' } });
  assert.equal(dec.status, 409);
  assert.match(dec.json.error.message, /4-1-3-2/);
  const plan = await api(srv.base, 'GET', `/api/v1/improvements?assessment=${a.id}`, { session: s.mikawa });
  assert.equal(plan.json.items.length, 1);
  const upd = await api(srv.base, 'PATCH', `/api/v1/improvements/${plan.json.items[0].id}`, { session: s.mikawa, body: { owner: '情報システム課', due_date: '2027-03-31', status: 'in_progress' } });
  assert.equal(upd.status, 200);
  assert.equal((await api(srv.base, 'PATCH', `/api/v1/improvements/${plan.json.items[0].id}`, { session: s.hamamatsu, body: { status: 'done' } })).status, 403);
});

test('★4: evaluation request, acceptance, findings, corrections, decision', async () => {
  const a = await newAssessment('4');
  const body = ids['Japan Cyber Evaluation Organization'];
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/submit`, { session: s.mikawa })).status, 409);
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/request-evaluation`, { session: s.mikawa, body: { body_org_id: body } })).status, 200);
  const acc = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/accept`, { session: s.evaluator2, body: { evaluators: [ids.evaluator], start: '2026-12-01', end: '2026-12-05' } });
  assert.equal(acc.status, 200, 'the body (any of its evaluators) accepts and assigns');
  assert.equal((await api(srv.base, 'GET', `/api/v1/assessments/${a.id}`, { session: s.evaluator2 })).status, 200);
  const unassigned = await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/findings/1-2-1-1`, { session: s.evaluator2, body: { result: 'conformant' } });
  assert.equal(unassigned.status, 403, 'an unassigned evaluator records no findings');
  for (const c of ['1-2-1-1', '4-1-3-1', '4-1-3-2', '4-1-3-3'])
    assert.equal((await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/findings/${c}`, { session: s.evaluator, body: { result: 'conformant' } })).status, 200);
  await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/findings/4-3-1-1`, { session: s.evaluator, body: { result: 'major', note: '暗号化されていない共有フォルダ' } });
  const early = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/decide`, { session: s.evaluator, body: { pass: true, reason: '合格' } });
  assert.equal(early.status, 409);
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/request-corrections`, { session: s.evaluator })).status, 200);
  assert.equal((await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/corrective-actions/4-3-1-1`, { session: s.mikawa, body: { action: '共有フォルダを暗号化' } })).status, 200);
  assert.equal((await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/corrections-done`, { session: s.mikawa })).status, 200);
  await api(srv.base, 'PUT', `/api/v1/assessments/${a.id}/findings/4-3-1-1`, { session: s.evaluator, body: { result: 'conformant', note: '是正確認' } });
  const rep = await raw(srv.base, 'POST', `/api/v1/assessments/${a.id}/evidence?kind=technical_test&filename=scan.pdf`, s.evaluator, PDF);
  assert.equal(rep.status, 201);
  const pass = await api(srv.base, 'POST', `/api/v1/assessments/${a.id}/decide`, { session: s.evaluator, body: { pass: true, reason: '全基準に適合' } });
  assert.equal(pass.status, 200, JSON.stringify(pass.json));
  const rating = await api(srv.base, 'GET', `/api/v1/ratings/${pass.json.rating_id}`, { session: s.mikawa });
  const days = (Date.parse(rating.json.expires_at) - Date.parse(rating.json.issued_at)) / 86400e3;
  assert.ok(days >= 3 * 365 && days <= 3 * 366, `★4 valid three years (${days} days)`);
  const susp = await api(srv.base, 'POST', `/api/v1/ratings/${pass.json.rating_id}/status`, { session: s.evaluator, body: { status: 'suspended', reason: '調査中' } });
  assert.equal(susp.json.status, 'suspended');
  assert.equal((await api(srv.base, 'POST', `/api/v1/ratings/${pass.json.rating_id}/status`, { session: s.mikawa, body: { status: 'valid' } })).status, 403);
});

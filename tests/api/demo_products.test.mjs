// The demo a newcomer gets from `make run` shows SBOMs across the chain without any download:
// the buyer sees the two products its suppliers share (tier 1 status only, tier 2 the SBOM),
// the KEV alert with its due date, the impact with tiers and paths, and the supplier's VEX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoServer, login, api, DEMO } from './lib.mjs';

let srv, s = {};
before(async () => {
  srv = await demoServer();
  for (const k of ['buyer', 'mikawa', 'okazaki', 'hamamatsu']) s[k] = await login(srv.base, ...DEMO[k]);
});
after(async () => { await srv.cleanup(); });

test('the demo buyer sees its suppliers\' SBOM products, the KEV finding and the impact across tiers', async () => {
  const list = (await api(srv.base, 'GET', '/api/v1/products', { session: s.buyer })).json.items;
  const bcu = list.find((p) => p.name.includes('BCU-7'));
  const mes = list.find((p) => p.name.includes('MES'));
  assert.ok(bcu && mes, 'both shared products are listed');
  assert.equal(bcu.access, 'status');
  assert.equal(mes.access, 'sbom');
  assert.equal(bcu.kev_findings, 1);

  const kev = (await api(srv.base, 'GET', '/api/v1/impact?kev=true', { session: s.buyer })).json.items;
  assert.equal(kev.length, 1);
  assert.equal(kev[0].advisory, 'HOSHI-DEMO-0001');
  assert.equal(kev[0].tier, 1);
  const due = Date.parse(kev[0].kev_due_date);
  assert.ok(due > Date.now() && due < Date.now() + 30 * 86400e3, 'the KEV due date lies ahead, within weeks');
  assert.equal(kev[0].component, undefined, 'a status share names no component');

  const all = (await api(srv.base, 'GET', '/api/v1/impact?min_severity=low', { session: s.buyer })).json.items;
  const tier2 = all.find((f) => f.advisory === 'HOSHI-DEMO-0003');
  assert.equal(tier2.tier, 2);
  assert.deepEqual(tier2.path.map((p) => p.name), ['東海モーターズ株式会社', '三河精密工業株式会社', '岡崎樹脂加工有限会社']);
  assert.equal(tier2.component, 'pkg:pypi/requests@2.25.0', 'an SBOM share names the component');
  const stated = all.find((f) => f.advisory === 'HOSHI-DEMO-0002');
  assert.equal(stated.vex.status, 'not_affected');
  assert.equal(stated.vex.justification, 'vulnerable_code_not_in_execute_path');

  const notes = (await api(srv.base, 'GET', '/api/v1/notifications', { session: s.buyer })).json.items;
  assert.ok(notes.some((n) => n.kind === 'vuln.kev'), 'the buyer was alerted of the KEV finding');
  // A supplier that shares nothing with another buyer shows it nothing.
  assert.equal((await api(srv.base, 'GET', '/api/v1/products', { session: s.hamamatsu })).json.items.length, 0);
});

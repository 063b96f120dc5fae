// Durability: several clients write while the server is killed with SIGKILL; after a restart
// every write that was answered with success is there, and the audit chain verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDb, hoshi, serve, api, corpnum } from './lib.mjs';

test('acknowledged writes survive SIGKILL; audit verify passes', async () => {
  const t = tempDb();
  try {
    assert.equal(hoshi(['demo', '--db', t.db]).status, 0);
    const tok = hoshi(['token', 'create', '--db', t.db, '--user', 'admin', '--name', 'durability']);
    assert.equal(tok.status, 0, tok.stderr);
    const secret = tok.stdout.trim().split('\t')[1];
    const srv = await serve(t.db);

    const acked = [];
    let attempted = 0;
    let stop = false;
    const CLIENTS = 6;
    const client = async (c) => {
      for (let i = 0; !stop && i < 2000; i++) {
        const base12 = String(700000000000 + c * 100000 + i).padStart(12, '0');
        attempted++;
        try {
          const r = await api(srv.base, 'POST', '/api/v1/orgs', {
            token: secret,
            body: { corporate_number: corpnum(base12), name_ja: `耐久試験${c}-${i}`, sector: 'other' },
          });
          if (r.status === 201) acked.push(r.json);
        } catch {
          return; // connection cut by the kill
        }
      }
    };
    const runs = Array.from({ length: CLIENTS }, (_, c) => client(c));
    // Let the burst run, then kill without warning while requests are in flight.
    await new Promise((res) => setTimeout(res, 1500));
    srv.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(runs);
    await new Promise((res) => srv.proc.exitCode !== null || srv.proc.signalCode ? res() : srv.proc.once('exit', res));
    assert.ok(acked.length >= 20, `enough writes were acknowledged before the kill (${acked.length} of ${attempted})`);

    const again = await serve(t.db);
    try {
      for (const o of acked) {
        const r = await api(again.base, 'GET', `/api/v1/orgs/${o.id}`, { token: secret });
        assert.equal(r.status, 200, `acknowledged organization ${o.id} is present after restart`);
        assert.equal(r.json.corporate_number, o.corporate_number);
      }
    } finally {
      await again.stop();
    }
    const v = hoshi(['audit', 'verify', '--db', t.db]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /intact/);
    const exported = hoshi(['audit', 'export', '--db', t.db]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const created = new Set(exported.filter((x) => x.action === 'org.create').map((x) => x.object_id));
    for (const o of acked) assert.ok(created.has(o.id), `audit record for ${o.id}`);
  } finally {
    t.cleanup();
  }
});

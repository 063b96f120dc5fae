// Black-box tests of `hoshi vuln import`: summary, idempotent re-import, rejected files named
// with their JSON path, KEV and EPSS, exit codes.
import { test } from 'node:test';
import assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.HOSHI_BIN;
const src = process.env.HOSHI_SOURCE_DIR;
const shared = process.env.HOSHI_SHARED_DATA;
const fx = join(src, 'tests/fixtures/vuln');

function hoshi(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp() {
  return mkdtempSync(join(tmpdir(), 'hoshi-vuln-'));
}

test('vuln --help and usage errors', () => {
  const h = hoshi('vuln', '--help');
  assert.strictEqual(h.code, 0);
  assert.match(h.out, /hoshi vuln import/);
  assert.strictEqual(hoshi('vuln').code, 2);
  assert.strictEqual(hoshi('vuln', 'import', '--db', '/tmp/x.db').code, 2);
  assert.strictEqual(hoshi('vuln', 'frobnicate').code, 2);
});

test('vuln import: summary, then an idempotent second run', () => {
  const d = tmp();
  const db = join(d, 'h.db');
  const r = hoshi('vuln', 'import', '--db', db, join(fx, 'osv'), join(fx, 'kev-small.json'), join(fx, 'epss-small.csv.gz'));
  assert.strictEqual(r.code, 0, r.err);
  assert.match(r.out, /4 advisories \(4 added, 0 updated, 0 unchanged/);
  assert.match(r.out, /2 KEV entries, 4 EPSS scores, 0 rejected/);
  // not a terminal: no progress bar on stderr
  assert.strictEqual(r.err, '');
  const again = hoshi('vuln', 'import', '--db', db, join(fx, 'osv'));
  assert.strictEqual(again.code, 0, again.err);
  assert.match(again.out, /4 advisories \(0 added, 0 updated, 4 unchanged/);
  rmSync(d, { recursive: true });
});

test('vuln import names a malformed file and the JSON path, stores the rest, exits 1', () => {
  const d = tmp();
  const osv = join(d, 'osv');
  mkdirSync(osv);
  writeFileSync(join(osv, 'good.json'), JSON.stringify({
    id: 'T-GOOD', modified: '2025-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
  }));
  writeFileSync(join(osv, 'bad.json'), JSON.stringify({
    id: 'T-BAD', modified: '2025-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1', limit: '2' }] }] }],
  }));
  const r = hoshi('vuln', 'import', '--db', join(d, 'h.db'), osv);
  assert.strictEqual(r.code, 1);
  assert.match(r.err, /bad\.json: \$\.affected\[0\]\.ranges\[0\]\.events\[1\]: /);
  assert.match(r.out, /1 added/);
  assert.match(r.out, /1 rejected/);
  const missing = hoshi('vuln', 'import', '--db', join(d, 'h.db'), join(d, 'nope'));
  assert.strictEqual(missing.code, 1);
  assert.match(missing.err, /no such file/);
  rmSync(d, { recursive: true });
});

test('vuln import of the real Go and PyPI advisories and the KEV catalog', { skip: !shared }, () => {
  const d = tmp();
  const r = hoshi('vuln', 'import', '--db', join(d, 'h.db'), join(shared, 'osv/go'), join(shared, 'osv/pypi'),
    join(shared, 'kev/known_exploited_vulnerabilities.json'));
  assert.strictEqual(r.code, 0, r.err);
  assert.match(r.out, /6952 advisories \(6952 added/);
  assert.match(r.out, /27 withdrawn/);
  assert.match(r.out, /1404 KEV entries/);
  rmSync(d, { recursive: true });
});

test('vuln import limits: 20 errors shown then counted, 256 paths', () => {
  const d = tmp();
  const osv = join(d, 'osv');
  mkdirSync(osv);
  for (let i = 0; i < 21; i++) writeFileSync(join(osv, `bad${String(i).padStart(2, '0')}.json`), '{"id":');
  const r = hoshi('vuln', 'import', '--db', join(d, 'h.db'), osv);
  assert.strictEqual(r.code, 1);
  assert.strictEqual((r.err.match(/bad\d\d\.json: \$: /g) || []).length, 20);
  assert.match(r.err, /1 more rejected files not shown/);
  const many = (n) => Array.from({ length: n }, () => join(fx, 'osv'));
  assert.strictEqual(hoshi('vuln', 'import', '--db', join(d, 'h.db'), ...many(256)).code, 0);
  const past = hoshi('vuln', 'import', '--db', join(d, 'h.db'), ...many(257));
  assert.strictEqual(past.code, 2);
  assert.match(past.err, /more than 256 paths/);
  rmSync(d, { recursive: true });
});

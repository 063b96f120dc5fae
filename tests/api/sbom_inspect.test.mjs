// Black-box tests of `hoshi sbom inspect`: text and JSON output, coverage figures, exit codes.
import { test } from 'node:test';
import assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.HOSHI_BIN;
const src = process.env.HOSHI_SOURCE_DIR;
const shared = process.env.HOSHI_SHARED_DATA;
const fixtures = join(src, 'tests', 'fixtures', 'sbom');

function hoshi(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('inspect --json reports format, counts and coverage', () => {
  const r = hoshi('sbom', 'inspect', join(fixtures, 'cdx-1.6-nested.json'), '--json');
  assert.strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.strictEqual(j.format, 'CycloneDX');
  assert.strictEqual(j.spec_version, '1.6');
  assert.strictEqual(j.components, 6);
  assert.strictEqual(j.edges, 3);
  assert.strictEqual(j.vulnerabilities, 2);
  assert.strictEqual(j.subject, 'gateway');
  assert.strictEqual(j.ntia_2021.all, 50);
  assert.strictEqual(j.ntia_2021.name, 100);
  assert.strictEqual(j.cisa_2025_draft.license, 50);
  assert.strictEqual(j.cisa_2025_draft.generation_context, 100);
});

test('inspect prints a readable report', () => {
  const r = hoshi('sbom', 'inspect', join(fixtures, 'spdx-2.2-refs.json'));
  assert.strictEqual(r.code, 0, r.err);
  assert.match(r.out, /format:\s+SPDX 2\.2\n/);
  assert.match(r.out, /components:\s+4/);
  assert.match(r.out, /NTIA 2021/);
  assert.match(r.out, /CISA 2025 draft/);
});

test('inspect exits 1 with the JSON path and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoshi-sbom-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5',
    components: [{ name: 'a' }, { name: 'b' }, { name: 'c', purl: 'pkg:npm' }] }));
  const r = hoshi('sbom', 'inspect', bad);
  assert.strictEqual(r.code, 1);
  assert.match(r.err, /\$\.components\[2\]\.purl: invalid purl/);
  const trunc = join(dir, 'trunc.json');
  writeFileSync(trunc, '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":');
  const t = hoshi('sbom', 'inspect', trunc);
  assert.strictEqual(t.code, 1);
  assert.match(t.err, /not valid JSON/);
  const missing = hoshi('sbom', 'inspect', join(dir, 'nope.json'));
  assert.strictEqual(missing.code, 1);
  assert.match(missing.err, /cannot open/);
});

test('inspect usage errors exit 2', () => {
  assert.strictEqual(hoshi('sbom').code, 2);
  assert.strictEqual(hoshi('sbom', 'inspect').code, 2);
  assert.strictEqual(hoshi('sbom', 'inspect', 'a', 'b').code, 2);
  const h = hoshi('sbom', '--help');
  assert.strictEqual(h.code, 0);
  assert.match(h.out, /usage: hoshi sbom inspect/);
});

test('every shared SBOM is readable', { skip: !shared || !existsSync(join(shared, 'sbom')) }, () => {
  const counts = {
    'cyclonedx/juice-shop-11.1.2.cdx.json': 841,
    'cyclonedx/dropwizard-1.3.15.cdx.json': 168,
    'spdx/example11.spdx3.json': 4,
    'spdx/hello-dist-2.2.spdx.json': 1,
  };
  for (const [f, n] of Object.entries(counts)) {
    const r = hoshi('sbom', 'inspect', join(shared, 'sbom', f), '--json');
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(JSON.parse(r.out).components, n, f);
  }
});

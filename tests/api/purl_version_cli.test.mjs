// Black-box tests of `hoshi purl` and `hoshi version`: output, exit codes and messages.
import { test } from 'node:test';
import assert from 'node:assert';
import { spawnSync } from 'node:child_process';

const bin = process.env.HOSHI_BIN;

function hoshi(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('purl canon prints the canonical form', () => {
  const r = hoshi('purl', 'canon', 'pkg:PYPI/Django_package@1.11.1.dev1');
  assert.strictEqual(r.code, 0, r.err);
  assert.strictEqual(r.out, 'pkg:pypi/django-package@1.11.1.dev1\n');
  const q = hoshi('purl', 'canon', 'pkg:maven/org.apache/x@1?repository_url=https://repo.example/m&classifier=sources');
  assert.strictEqual(q.out, 'pkg:maven/org.apache/x@1?classifier=sources&repository_url=https:%2F%2Frepo.example%2Fm\n');
});

test('purl canon exits 2 with the reason', () => {
  const r = hoshi('purl', 'canon', 'pkg:swift/Alamofire@5.4.3');
  assert.strictEqual(r.code, 2);
  assert.match(r.err, /namespace/);
  const s = hoshi('purl', 'canon', 'npm/foo');
  assert.strictEqual(s.code, 2);
  assert.match(s.err, /pkg:/);
});

test('purl parse shows the OSV package', () => {
  const r = hoshi('purl', 'parse', 'pkg:npm/%40angular/core@12.0.0');
  assert.strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepStrictEqual(j.osv, { ecosystem: 'npm', name: '@angular/core' });
  assert.strictEqual(j.namespace, '@angular');
});

test('version cmp prints -1, 0 or 1', () => {
  assert.strictEqual(hoshi('version', 'cmp', 'PyPI', '1.0.dev0', '1.0a1').out, '-1\n');
  assert.strictEqual(hoshi('version', 'cmp', 'Maven', '1.0', '1-ga').out, '0\n');
  assert.strictEqual(hoshi('version', 'cmp', 'Debian', '1:1.0', '2.0').out, '1\n');
  assert.strictEqual(hoshi('version', 'cmp', 'Go', 'v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3').out, '1\n');
});

test('version cmp exits 2 naming the invalid version', () => {
  const r = hoshi('version', 'cmp', 'npm', '1.2.3', 'latest');
  assert.strictEqual(r.code, 2);
  assert.match(r.err, /B: 'latest' is not a valid semver version/);
  const u = hoshi('version', 'cmp', 'COBOL', '1', '2');
  assert.strictEqual(u.code, 2);
  assert.match(u.err, /unknown ecosystem 'COBOL'/);
  assert.strictEqual(hoshi('version', 'cmp', 'npm').code, 2);
});

test('every command answers --help', () => {
  for (const c of ['purl', 'version']) {
    const r = hoshi(c, '--help');
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /usage: hoshi/);
  }
});

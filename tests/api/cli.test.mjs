// The command line: --help everywhere, exit codes 0/1/2 with the reason on stderr, and the
// operator commands (init, org, user, token, audit) working on a real database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hoshi, tempDb } from './lib.mjs';

const COMMANDS = ['init', 'serve', 'org', 'user', 'token', 'audit', 'demo'];

test('--help on every command exits 0 and shows usage', () => {
  const top = hoshi(['--help']);
  assert.equal(top.status, 0);
  for (const c of COMMANDS) {
    assert.match(top.stdout, new RegExp(`\\b${c}\\b`));
    const r = hoshi([c, '--help']);
    assert.equal(r.status, 0, `${c} --help`);
    assert.match(r.stdout, new RegExp(`usage: hoshi ${c}`));
  }
});

test('bad usage exits 2 with the reason on stderr', () => {
  const unknown = hoshi(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const noAction = hoshi(['org']);
  assert.equal(noAction.status, 2);
  const badOpt = hoshi(['org', 'list', '--bogus']);
  assert.equal(badOpt.status, 2);
  assert.match(badOpt.stderr, /unexpected argument '--bogus'/);
  const missing = hoshi(['user', 'add', '--username', 'x']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--org, --username and --roles are required/);
  const role = hoshi(['user', 'add', '--org', 'x', '--username', 'x', '--roles', 'root']);
  assert.equal(role.status, 2);
  assert.match(role.stderr, /unknown role 'root'/);
});

test('operator commands work on a real database and fail with exit 1 and a reason', () => {
  const t = tempDb();
  // No shipped catalogs here, so the audit log holds exactly the five changes below.
  process.env.HOSHI_CATALOGS = join(t.dir, 'no-catalogs');
  try {
    const init = hoshi(['init', '--db', t.db]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /schema version \d+/);
    const bad = hoshi(['org', 'add', '--db', t.db, '--corporate-number', '7000012050003', '--name-ja', '国税庁', '--sector', 'other']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /check digit/);
    const org = hoshi(['org', 'add', '--db', t.db, '--corporate-number', '7000012050002', '--name-ja', '国税庁', '--name-en', 'National Tax Agency', '--sector', 'other']);
    assert.equal(org.status, 0, org.stderr);
    const list = hoshi(['org', 'list', '--db', t.db]);
    assert.match(list.stdout, /7000012050002\tother\t国税庁\tNational Tax Agency/);
    const short = hoshi(['user', 'add', '--db', t.db, '--org', '7000012050002', '--username', 'alice', '--roles', 'member'], { input: 'short\n' });
    assert.equal(short.status, 1);
    assert.match(short.stderr, /at least 10 characters/);
    const add = hoshi(['user', 'add', '--db', t.db, '--org', '7000012050002', '--username', 'alice', '--roles', 'member,auditor'], { input: 'a long enough password\n' });
    assert.equal(add.status, 0, add.stderr);
    const users = hoshi(['user', 'list', '--db', t.db]);
    assert.match(users.stdout, /alice\t\S+\tmember,auditor/);
    const pw = hoshi(['user', 'passwd', 'alice', '--db', t.db], { input: 'another long password\n' });
    assert.equal(pw.status, 0, pw.stderr);
    const nobody = hoshi(['user', 'passwd', 'bob', '--db', t.db], { input: 'another long password\n' });
    assert.equal(nobody.status, 1);
    const tok = hoshi(['token', 'create', '--db', t.db, '--user', 'alice', '--name', 'ci']);
    assert.equal(tok.status, 0, tok.stderr);
    const [id, secret] = tok.stdout.trim().split('\t');
    assert.match(secret, /^hoshi_[0-9a-f]{64}$/);
    assert.equal(hoshi(['token', 'revoke', id, '--db', t.db]).status, 0);
    const again = hoshi(['token', 'revoke', id, '--db', t.db]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already revoked/);
    const verify = hoshi(['audit', 'verify', '--db', t.db]);
    assert.equal(verify.status, 0);
    assert.match(verify.stdout, /intact: 5 records/);
    const lines = hoshi(['audit', 'export', '--db', t.db]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.action), ['org.create', 'user.create', 'user.password', 'token.create', 'token.revoke']);
    assert.ok(lines.every((l) => l.actor.startsWith('cli:')));
    assert.ok(!JSON.stringify(lines).includes('long enough password'), 'no secrets in the audit log');
    assert.ok(!JSON.stringify(lines).includes(secret), 'no token secret in the audit log');
    const unopenable = hoshi(['org', 'list', '--db', '/nonexistent-dir/x.db']);
    assert.equal(unopenable.status, 1);
    assert.match(unopenable.stderr, /cannot open database/);
  } finally {
    delete process.env.HOSHI_CATALOGS;
    t.cleanup();
  }
});

test('init imports the shipped catalogs once', () => {
  const t = tempDb();
  try {
    const first = hoshi(['init', '--db', t.db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /imported 3 catalogs/);
    const again = hoshi(['init', '--db', t.db]);
    assert.doesNotMatch(again.stdout, /imported/);
    const list = hoshi(['catalog', 'list', '--db', t.db]).stdout;
    assert.match(list, /scs-2026\tscs\t2026\t43 requirements\t133 criteria/);
    assert.match(list, /nist-csf-2.0\tnist-csf\t2.0\t22 requirements\t106 criteria/);
    assert.match(list, /jcstar-star1-2024\t.*\t16 requirements/);
  } finally {
    t.cleanup();
  }
});

test('catalogs move through OSCAL and in from CISO Assistant YAML', () => {
  const a = tempDb(), b = tempDb();
  const src = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures');
  try {
    process.env.HOSHI_CATALOGS = join(a.dir, 'none');
    assert.equal(hoshi(['catalog', 'import', join(src, 'catalogs/tiny-1.json'), '--db', a.db]).status, 0);
    const oscal = hoshi(['catalog', 'export', 'tiny-1', '--format', 'oscal', '--db', a.db]);
    assert.equal(oscal.status, 0, oscal.stderr);
    const doc = JSON.parse(oscal.stdout);
    assert.equal(doc.catalog.groups.length, 2, 'one OSCAL group per category');
    const file = join(b.dir, 'tiny.oscal.json');
    writeFileSync(file, oscal.stdout);
    const imp = hoshi(['catalog', 'import', file, '--format', 'oscal', '--db', b.db]);
    assert.equal(imp.status, 0, imp.stderr);
    const back = JSON.parse(hoshi(['catalog', 'export', 'tiny-1', '--db', b.db]).stdout);
    const orig = JSON.parse(readFileSync(join(src, 'catalogs/tiny-1.json'), 'utf8'));
    assert.deepEqual(back.requirements, orig.requirements);
    assert.deepEqual(back.criteria, orig.criteria);
    assert.deepEqual(back.levels, orig.levels);
    const y = hoshi(['catalog', 'import', join(src, 'cisoa-mini.yaml'), '--format', 'ciso-assistant', '--db', b.db]);
    assert.equal(y.status, 0, y.stderr);
    assert.match(y.stdout, /imported /);
    const bad = hoshi(['catalog', 'import', join(src, 'catalogs/tiny-1.json'), '--format', 'ciso-assistant', '--db', b.db]);
    assert.equal(bad.status, 1);
  } finally {
    delete process.env.HOSHI_CATALOGS;
    a.cleanup();
    b.cleanup();
  }
});

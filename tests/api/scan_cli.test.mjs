// Black-box tests of `hoshi scan`: the JSON shape, KEV and EPSS, the CISA VEX examples
// suppressing what they say (and nothing else), VEX and SARIF outputs, --fail-on exit codes,
// and the Proton Bridge SBOM against the real Go advisories.
import { test, before, after } from 'node:test';
import assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.HOSHI_BIN;
const src = process.env.HOSHI_SOURCE_DIR;
const shared = process.env.HOSHI_SHARED_DATA;
const fx = join(src, 'tests/fixtures/vuln');
const sbom = (name) => join(fx, 'sbom', name);
const vex = (name) => join(shared, 'vex', name);
let dir, db;

function hoshi(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function scanJson(file, ...extra) {
  const r = hoshi('scan', file, '--db', db, '--format', 'json', ...extra);
  assert.strictEqual(r.code, 0, r.err);
  return JSON.parse(r.out);
}

const ids = (j) => j.findings.map((f) => f.vulnerability.id).sort();

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoshi-scan-'));
  db = join(dir, 'h.db');
  const r = hoshi('vuln', 'import', '--db', db, join(fx, 'osv'), join(fx, 'kev-small.json'), join(fx, 'epss-small.csv'));
  assert.strictEqual(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true }));

test('scan --help, usage errors and unreadable input', () => {
  assert.strictEqual(hoshi('scan', '--help').code, 0);
  assert.match(hoshi('scan', '--help').out, /--fail-on/);
  assert.strictEqual(hoshi('scan').code, 2);
  assert.strictEqual(hoshi('scan', sbom('ABC-4.2.cdx.json'), '--format', 'xml').code, 2);
  assert.strictEqual(hoshi('scan', sbom('ABC-4.2.cdx.json'), '--fail-on', 'severe').code, 2);
  const missing = hoshi('scan', join(dir, 'nope.json'), '--db', db);
  assert.strictEqual(missing.code, 1);
  const empty = hoshi('scan', sbom('ABC-4.2.cdx.json'), '--db', join(dir, 'empty.db'));
  assert.strictEqual(empty.code, 0);
  assert.match(empty.err, /holds no advisories/);
  assert.match(empty.out, /0 findings/);
  assert.strictEqual(hoshi('scan', sbom('ABC-4.2.cdx.json'), '--db', db).err, '');
  const badVex = hoshi('scan', sbom('ABC-4.2.cdx.json'), '--db', db, '--vex', sbom('ABC-4.2.cdx.json'));
  assert.strictEqual(badVex.code, 1); // a BOM without vulnerabilities[] is not a VEX
});

test('scan JSON has the documented shape, with KEV and EPSS', () => {
  const j = scanJson(sbom('ABC-4.2.cdx.json'));
  assert.deepStrictEqual(Object.keys(j), ['document', 'findings', 'stats']);
  assert.strictEqual(j.document.name, 'ABC');
  assert.deepStrictEqual(ids(j), ['HOSHI-TEST-LOG4J', 'HOSHI-TEST-RIPPLE-11896', 'HOSHI-TEST-RIPPLE-11898', 'HOSHI-TEST-RIPPLE-11901']);
  const log4j = j.findings.find((f) => f.vulnerability.id === 'HOSHI-TEST-LOG4J');
  assert.deepStrictEqual(Object.keys(log4j), ['component', 'vulnerability', 'fixed', 'kev', 'epss']);
  assert.deepStrictEqual(log4j.component, {
    name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
  });
  assert.deepStrictEqual(Object.keys(log4j.vulnerability), ['id', 'aliases', 'summary', 'severity']);
  assert.deepStrictEqual(log4j.vulnerability.aliases, ['CVE-2021-44228']);
  assert.deepStrictEqual(log4j.vulnerability.severity,
    [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 }]);
  assert.deepStrictEqual(log4j.fixed, ['2.15.0']);
  assert.deepStrictEqual(log4j.kev, { cve: 'CVE-2021-44228', date_added: '2021-12-10', due_date: '2021-12-24', ransomware: 'Known' });
  assert.strictEqual(log4j.epss.score, 0.94358);
  assert.strictEqual(log4j.epss.percentile, 0.9999);
  const ripple = j.findings.find((f) => f.vulnerability.id === 'HOSHI-TEST-RIPPLE-11898');
  assert.strictEqual(ripple.kev, null);
  assert.strictEqual(ripple.epss, null);
  // the fixed version 6.0.7 of the same package is not a finding
  assert.ok(!j.findings.some((f) => f.component.version === '6.0.7'));
  assert.strictEqual(j.stats.findings, 4);
  assert.strictEqual(j.stats.kev, 1);
});

test('CISA case 1: each VEX suppresses only for its own product and version', { skip: !shared }, () => {
  // ABC 4.2 not_affected by CVE-2021-44228: the log4j finding goes, the others stay
  let j = scanJson(sbom('ABC-4.2.cdx.json'), '--vex', vex('case1-vex-not_affected.json'));
  assert.ok(!ids(j).includes('HOSHI-TEST-LOG4J'));
  assert.strictEqual(j.findings.length, 3);
  assert.strictEqual(j.stats.suppressed, 1);
  // shown on request, with the justification
  j = scanJson(sbom('ABC-4.2.cdx.json'), '--vex', vex('case1-vex-not_affected.json'), '--show-suppressed');
  const f = j.findings.find((x) => x.vulnerability.id === 'HOSHI-TEST-LOG4J');
  assert.strictEqual(f.suppressed, true);
  assert.strictEqual(f.vex.status, 'not_affected');
  assert.strictEqual(f.vex.justification, 'code_not_present');
  // DEF 1.1 is fixed: suppressed there, but the statement says nothing about ABC 4.2
  assert.ok(!ids(scanJson(sbom('DEF-1.1.cdx.json'), '--vex', vex('case1-vex-fixed.json'))).includes('HOSHI-TEST-LOG4J'));
  assert.ok(ids(scanJson(sbom('ABC-4.2.cdx.json'), '--vex', vex('case1-vex-fixed.json'))).includes('HOSHI-TEST-LOG4J'));
  // DEF 1.0 affected: kept and annotated; it does not leak to DEF 1.1
  j = scanJson(sbom('DEF-1.0.cdx.json'), '--vex', vex('case1-vex-affected.json'));
  const a = j.findings.find((x) => x.vulnerability.id === 'HOSHI-TEST-LOG4J');
  assert.strictEqual(a.vex.status, 'affected');
  assert.strictEqual(a.suppressed, false);
  j = scanJson(sbom('DEF-1.1.cdx.json'), '--vex', vex('case1-vex-affected.json'));
  assert.strictEqual(j.findings.find((x) => x.vulnerability.id === 'HOSHI-TEST-LOG4J').vex, undefined);
  // GHI 17.4 under investigation: kept
  j = scanJson(sbom('GHI-17.4.cdx.json'), '--vex', vex('case1-vex-under_investigation.json'));
  assert.strictEqual(j.findings.find((x) => x.vulnerability.id === 'HOSHI-TEST-LOG4J').vex.status, 'under_investigation');
});

test('CISA cases 2 and 3: Ripple20 statements by CVE alias', { skip: !shared }, () => {
  // case 2: ABC 4.2 is not affected by any Ripple20 CVE
  let j = scanJson(sbom('ABC-4.2.cdx.json'), '--vex', vex('case2-vex.json'));
  assert.deepStrictEqual(ids(j), ['HOSHI-TEST-LOG4J']);
  // case 3: GHI 17.4: 11896 under investigation and 11898 affected stay; 11901 is fixed
  j = scanJson(sbom('GHI-17.4.cdx.json'), '--vex', vex('case3-vex.json'));
  assert.deepStrictEqual(ids(j), ['HOSHI-TEST-LOG4J', 'HOSHI-TEST-RIPPLE-11896', 'HOSHI-TEST-RIPPLE-11898']);
  assert.strictEqual(j.findings.find((x) => x.vulnerability.id === 'HOSHI-TEST-RIPPLE-11898').vex.status, 'affected');
  // the case-3 statements are about GHI 17.4, not ABC 4.2
  assert.strictEqual(scanJson(sbom('ABC-4.2.cdx.json'), '--vex', vex('case3-vex.json')).findings.length, 4);
});

test('--fail-on exits 3 only when met by unsuppressed findings', { skip: !shared }, () => {
  const s = sbom('ABC-4.2.cdx.json');
  assert.strictEqual(hoshi('scan', s, '--db', db, '--fail-on', 'kev').code, 3);
  assert.strictEqual(hoshi('scan', s, '--db', db, '--fail-on', 'critical').code, 3);
  assert.strictEqual(hoshi('scan', s, '--db', db, '--fail-on', 'kev', '--vex', vex('case1-vex-not_affected.json')).code, 0);
  assert.strictEqual(hoshi('scan', s, '--db', db, '--fail-on', 'high', '--vex', vex('case1-vex-not_affected.json'),
    '--vex', vex('case2-vex.json')).code, 0);
});

test('VEX and SARIF outputs', { skip: !shared }, () => {
  const s = sbom('ABC-4.2.cdx.json');
  let r = hoshi('scan', s, '--db', db, '--format', 'cyclonedx-vex', '--vex', vex('case1-vex-not_affected.json'));
  assert.strictEqual(r.code, 0, r.err);
  const cdx = JSON.parse(r.out);
  assert.strictEqual(cdx.bomFormat, 'CycloneDX');
  assert.match(cdx.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
  const refs = new Set(cdx.components.map((c) => c['bom-ref']));
  for (const v of cdx.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref));
  const l = cdx.vulnerabilities.find((v) => v.id === 'HOSHI-TEST-LOG4J');
  assert.deepStrictEqual(l.analysis, { state: 'not_affected', justification: 'code_not_present',
    detail: 'This version of Product ABC is not affected by the vulnerability. Class with vulnerable code was removed before shipping.' });
  assert.strictEqual(l.ratings[0].score, 10);
  assert.strictEqual(cdx.vulnerabilities.find((v) => v.id === 'HOSHI-TEST-RIPPLE-11898').analysis.state, 'in_triage');
  // the emitted VEX, fed back, suppresses the same finding
  const again = join(dir, 'out.cdx.json');
  spawnSync('sh', ['-c', `"${bin}" scan "${s}" --db "${db}" --format cyclonedx-vex --vex "${vex('case1-vex-not_affected.json')}" > "${again}"`]);
  assert.ok(!ids(scanJson(s, '--vex', again)).includes('HOSHI-TEST-LOG4J'));

  r = hoshi('scan', s, '--db', db, '--format', 'openvex', '--vex', vex('case1-vex-not_affected.json'));
  const ov = JSON.parse(r.out);
  assert.strictEqual(ov['@context'], 'https://openvex.dev/ns/v0.2.0');
  const st = ov.statements.find((x) => x.vulnerability.name === 'HOSHI-TEST-LOG4J');
  assert.strictEqual(st.status, 'not_affected');
  assert.strictEqual(st.justification, 'vulnerable_code_not_present');
  assert.deepStrictEqual(st.vulnerability.aliases, ['CVE-2021-44228']);

  r = hoshi('scan', s, '--db', db, '--format', 'sarif');
  const sarif = JSON.parse(r.out);
  assert.strictEqual(sarif.version, '2.1.0');
  assert.strictEqual(sarif.runs[0].results.length, 4);
  assert.strictEqual(sarif.runs[0].tool.driver.rules.find((x) => x.id === 'HOSHI-TEST-LOG4J').properties['security-severity'], '10.0');
});

test('Proton Bridge SBOM against the real Go advisories', { skip: !shared }, () => {
  const d = mkdtempSync(join(tmpdir(), 'hoshi-proton-'));
  const gdb = join(d, 'go.db');
  assert.strictEqual(hoshi('vuln', 'import', '--db', gdb, join(shared, 'osv/go')).code, 0);
  const r = hoshi('scan', join(shared, 'sbom/cyclonedx/proton-bridge-1.8.0.cdx.json'), '--db', gdb, '--format', 'json');
  assert.strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const has = (mod, id) => j.findings.some((f) => f.component.purl.startsWith(`pkg:golang/${mod}@`) && f.vulnerability.id === id);
  // checked by hand (see tests/unit/test_vuln_scan.c for the reasoning per advisory)
  assert.ok(has('github.com/gin-gonic/gin', 'GO-2020-0001'));
  assert.ok(has('github.com/dgrijalva/jwt-go', 'GO-2020-0017'));
  assert.ok(has('golang.org/x/net', 'GO-2022-0236'));
  assert.ok(has('github.com/kataras/iris/v12', 'GO-2022-0272'));
  assert.ok(!has('github.com/gorilla/websocket', 'GO-2020-0019'));
  assert.ok(!has('gopkg.in/yaml.v2', 'GO-2022-0956'));
  assert.ok(!has('go.etcd.io/bbolt', 'GO-2026-4923'));
  assert.strictEqual(j.findings.length, 58);
  assert.strictEqual(j.stats.affected_components, 14);
  // the subject (proton-bridge itself) is a component too: 202 with the 201 listed
  assert.strictEqual(j.stats.components, 202);
  rmSync(d, { recursive: true });
});

test('PyPI ECOSYSTEM ranges agree with the versions[] lists osv.dev expanded from them', { skip: !shared }, () => {
  // Import the real PyPI advisories with versions[] removed, so only the ranges (PEP 440
  // ordering, introduced/fixed/last_affected, GIT ranges ignored) decide; then compare with
  // membership in the original versions[] lists.
  const d = mkdtempSync(join(tmpdir(), 'hoshi-pypi-'));
  const stripped = join(d, 'osv');
  mkdirSync(stripped);
  const comps = { django: '3.2.0', pillow: '8.1.0', py: '1.11.0', pyyaml: '5.3', jinja2: '2.10', urllib3: '1.26.5' };
  const oracle = new Set();
  for (const name of readdirSync(join(shared, 'osv/pypi'))) {
    const adv = JSON.parse(readFileSync(join(shared, 'osv/pypi', name), 'utf8'));
    for (const a of adv.affected || []) {
      const pkg = a.package.name.toLowerCase();
      const v = comps[pkg];
      const listed = a.versions || [];
      if (v && !adv.withdrawn && (listed.includes(v) || listed.includes(v.replace(/\.0$/, '')))) oracle.add(`${pkg} ${adv.id}`);
      delete a.versions;
    }
    writeFileSync(join(stripped, name), JSON.stringify(adv));
  }
  const db2 = join(d, 'p.db');
  assert.strictEqual(hoshi('vuln', 'import', '--db', db2, stripped).code, 0);
  const r = hoshi('scan', join(fx, 'sbom/pypi-sample.cdx.json'), '--db', db2, '--format', 'json');
  assert.strictEqual(r.code, 0, r.err);
  const found = new Set(JSON.parse(r.out).findings.map((f) => `${f.component.name.toLowerCase()} ${f.vulnerability.id}`));
  assert.strictEqual(oracle.size, 55);
  assert.deepStrictEqual([...found].sort(), [...oracle].sort());
  // py 1.11.0 is exactly the last_affected version of PYSEC-2022-42969
  assert.ok(found.has('py PYSEC-2022-42969'));
  rmSync(d, { recursive: true });
});

test('an SPDX 2.3 SBOM: purls from externalRefs, product VEX by the described package', { skip: !shared }, () => {
  const s = join(fx, 'sbom/ABC-4.2.spdx.json');
  let j = scanJson(s);
  assert.deepStrictEqual(ids(j), ['HOSHI-TEST-LOG4J', 'HOSHI-TEST-RIPPLE-11896', 'HOSHI-TEST-RIPPLE-11898', 'HOSHI-TEST-RIPPLE-11901']);
  assert.strictEqual(j.document.format, 'SPDX');
  // the document is named "ABC-4.2-release-sbom"; the statement is about package ABC 4.2
  j = scanJson(s, '--vex', vex('case1-vex-not_affected.json'), '--vex', vex('case2-vex.json'));
  assert.strictEqual(j.findings.length, 0);
  assert.strictEqual(j.stats.suppressed, 4);
});

test('scan takes at most 64 --vex files', { skip: !shared }, () => {
  const v = vex('case2-vex.json');
  const args = (n) => Array.from({ length: n }, () => ['--vex', v]).flat();
  assert.strictEqual(hoshi('scan', sbom('ABC-4.2.cdx.json'), '--db', db, ...args(64)).code, 0);
  const past = hoshi('scan', sbom('ABC-4.2.cdx.json'), '--db', db, ...args(65));
  assert.strictEqual(past.code, 2);
  assert.match(past.err, /more than 64 --vex files/);
});

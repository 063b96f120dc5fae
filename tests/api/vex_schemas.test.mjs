// The VEX exports checked by real validators: CycloneDX 1.5 VEX against the official
// CycloneDX 1.5 JSON schema (ajv, schema files of @cyclonedx/cyclonedx-library), CSAF 2.0 VEX
// against the official CSAF 2.0 strict schema and every mandatory test of the BSI
// csaf-validator-lib (and the optional tests it can meet). A deliberately broken copy of each export must fail, so a validator
// that accepts anything cannot pass. npm packages come from tests/e2e (scripts/install-deps).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoServer, login, api, hoshi, DEMO } from './lib.mjs';

const SRC = process.env.HOSHI_SOURCE_DIR;
const FIX = join(SRC, 'tests/fixtures/products');
const NM = join(SRC, 'tests/e2e/node_modules');
const CDX_SCHEMAS = join(NM, '@cyclonedx/cyclonedx-library/res/schema');
const CSAF_LIB = join(NM, '@secvisogram/csaf-validator-lib');
const needed = [join(NM, 'ajv'), join(NM, 'ajv-formats'), join(CDX_SCHEMAS, 'bom-1.5.SNAPSHOT.schema.json'),
  join(CSAF_LIB, 'validateStrict.js')];
const missing = needed.filter((p) => !existsSync(p));
const skip = missing.length
  ? `validator packages missing (${missing.map((p) => p.slice(NM.length + 1)).join(', ')}): run scripts/install-deps`
  : false;

let srv, s = {}, pid, validateCdx, csafCheck, csafOptional;
async function loadValidators() {
  const require = createRequire(join(SRC, 'tests/e2e/package.json'));
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // ajv-formats has no IRI formats; bom-1.5 uses iri-reference for BOM links, which hoshi does
  // not write. Declared so that ajv does not warn; every other rule of the schema still applies.
  ajv.addFormat('iri-reference', true);
  const schema = (f) => JSON.parse(readFileSync(join(CDX_SCHEMAS, f), 'utf8'));
  // bom-1.5 refers to its companions by their file names, relative to its own $id
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json'])
    ajv.addSchema({ ...schema(f), $id: 'http://cyclonedx.org/schema/' + f });
  validateCdx = ajv.compile(schema('bom-1.5.SNAPSHOT.schema.json'));

  const lib = (f) => import(pathToFileURL(join(CSAF_LIB, f)).href);
  const validateStrict = (await lib('validateStrict.js')).default;
  const { csaf_2_0_strict } = await lib('schemaTests.js');
  const mandatory = await lib('mandatoryTests.js');
  csafCheck = (doc) => validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], doc);
  // of the optional tests, those hoshi can meet: no unused product id (6.2.1), sorted keys (6.2.13)
  const { optionalTest_6_2_1, optionalTest_6_2_13 } = await lib('optionalTests.js');
  csafOptional = (doc) => validateStrict([optionalTest_6_2_1, optionalTest_6_2_13], doc);
}

before(async () => {
  if (!skip) await loadValidators();
  srv = await demoServer();
  for (const k of ['mikawa', 'buyer', 'admin']) s[k] = await login(srv.base, ...DEMO[k]);
  const r = hoshi(['vuln', 'import', '--db', srv.db, join(FIX, 'osv-lodash.json'), join(FIX, 'osv-requests.json'),
    join(FIX, 'osv-left-pad.json'), join(FIX, 'osv-lodash-ghsa.json')]);
  assert.equal(r.status, 0, r.stderr);

  // one product, two versions, a statement of every status
  pid = (await api(srv.base, 'POST', '/api/v1/products', { session: s.mikawa, body: { name: 'Press line HMI', type: 'software' } })).json.id;
  const sbom = readFileSync(join(FIX, 'shop-1.0.cdx.json'));
  for (const v of ['1.0', '1.1']) {
    const u = await api(srv.base, 'POST', `/api/v1/products/${pid}/versions/${v}/sbom`,
      { session: s.mikawa, raw: sbom, headers: { 'Content-Type': 'application/json' } });
    assert.equal(u.status, 201, u.text);
  }
  const findings = (await api(srv.base, 'GET', `/api/v1/products/${pid}/findings`, { session: s.mikawa })).json.items;
  const f = (adv, v) => findings.find((x) => x.advisory === adv && x.version === v).id;
  const vex = async (id, body) => {
    const x = await api(srv.base, 'PUT', `/api/v1/findings/${id}/vex`, { session: s.mikawa, body });
    assert.equal(x.status, 200, x.text);
  };
  await vex(f('HOSHI-TEST-0001', '1.0'), { status: 'affected', action: 'Upgrade lodash to 4.17.21', detail: 'Reachable through the recipe import.' });
  await vex(f('HOSHI-TEST-0001', '1.1'), { status: 'fixed', detail: 'Patched in the vendored copy.' });
  await vex(f('HOSHI-TEST-0002', '1.0'), { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', detail: 'Redirects are never followed.' });
  await vex(f('HOSHI-TEST-0002', '1.1'), { status: 'under_investigation' });
  await vex(f('HOSHI-TEST-0003', '1.0'), { status: 'not_affected', justification: 'inline_mitigations_already_exist' });
  // a second advisory of lodash's CVE on another component (left-pad), stated differently:
  // CSAF allows one vulnerability per CVE and no product in two of its statuses, so a status
  // share, which sees versions only, gets the stronger statement (affected) for 1.0
  await vex(f('GHSA-h0sh-7e57-0001', '1.0'), { status: 'not_affected', justification: 'vulnerable_code_not_present' });
  const buyerOrg = (await api(srv.base, 'GET', '/api/v1/orgs', { session: s.admin })).json.items.find((o) => o.name_en === 'Tokai Motors Co., Ltd.');
  const sh = await api(srv.base, 'POST', '/api/v1/product-shares', { session: s.mikawa, body: { product: pid, buyer: buyerOrg.id, scope: 'status' } });
  assert.equal(sh.status, 201, sh.text);
});
after(async () => { await srv?.cleanup(); });

const exportOf = async (who, format) => {
  const r = await api(srv.base, 'GET', `/api/v1/products/${pid}/vex?format=${format}`, { session: s[who] });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('CycloneDX 1.5 VEX export validates against the official CycloneDX 1.5 schema', { skip }, async () => {
  for (const who of ['mikawa', 'buyer']) {
    const doc = await exportOf(who, 'cyclonedx');
    assert.equal(doc.vulnerabilities.length, 6);
    assert.ok(validateCdx(doc), `${who}: ` + JSON.stringify(validateCdx.errors, null, 1));
  }
  const broken = await exportOf('mikawa', 'cyclonedx');
  broken.vulnerabilities[0].analysis.state = 'probably_fine';
  assert.equal(validateCdx(broken), false, 'the schema refuses an unknown analysis state');
});

test('CSAF 2.0 VEX export passes the CSAF 2.0 strict schema and every mandatory test', { skip }, async () => {
  for (const who of ['mikawa', 'buyer']) {
    const doc = await exportOf(who, 'csaf');
    assert.equal(doc.document.category, 'csaf_vex');
    const res = await csafCheck(doc);
    assert.ok(res.isValid, `${who}: ` + JSON.stringify(res.errors, null, 1));
    const opt = await csafOptional(doc);
    assert.deepEqual(opt.tests.flatMap((x) => x.warnings ?? []), [], `${who}: optional tests 6.2.1 and 6.2.13`);
  }
  const doc = await exportOf('mikawa', 'csaf');
  // four advisories with three CVEs: three vulnerabilities, every status present
  assert.equal(doc.vulnerabilities.length, 3);
  const cve = (d) => d.vulnerabilities.find((v) => v.cve === 'CVE-2098-1001');
  assert.deepEqual(cve(doc).ids.map((i) => i.text), ['GHSA-h0sh-7e57-0001', 'HOSHI-TEST-0001']);
  assert.equal(cve(doc).product_status.known_affected.length, 1, 'lodash in 1.0');
  assert.equal(cve(doc).product_status.known_not_affected.length, 1, 'left-pad in 1.0');
  assert.equal(cve(doc).flags[0].label, 'vulnerable_code_not_present');
  const shared = await exportOf('buyer', 'csaf');
  assert.deepEqual(cve(shared).product_status.known_affected, [`${pid}:1.0`]);
  assert.equal(cve(shared).product_status.known_not_affected, undefined, 'not also not affected');
  assert.equal(cve(shared).flags, undefined);
  const statuses = new Set(doc.vulnerabilities.flatMap((v) => Object.keys(v.product_status)));
  assert.deepEqual([...statuses].sort(), ['fixed', 'known_affected', 'known_not_affected', 'under_investigation']);
  assert.ok(doc.product_tree.full_product_names.some((p) => p.product_identification_helper?.purl === 'pkg:npm/lodash@4.17.20'));

  // broken copies: a known_affected product without remediation (CSAF 6.1.27.10) and a
  // product id that the product tree does not define (6.1.1)
  const noRemediation = structuredClone(doc);
  for (const v of noRemediation.vulnerabilities) delete v.remediations;
  assert.equal((await csafCheck(noRemediation)).isValid, false, 'known_affected without remediation is refused');
  const undefinedId = structuredClone(doc);
  undefinedId.vulnerabilities[0].product_status.known_affected = ['no-such-product'];
  assert.equal((await csafCheck(undefinedId)).isValid, false, 'an undefined product id is refused');
  const badSchema = structuredClone(doc);
  badSchema.document.tracking.status = 'published';
  assert.equal((await csafCheck(badSchema)).isValid, false, 'the schema refuses an unknown tracking status');
});

test('CSAF export: no statement is a conflict, an unknown format names the field', async () => {
  const p = await api(srv.base, 'POST', '/api/v1/products', { session: s.mikawa, body: { name: 'Empty', type: 'software' } });
  const r = await api(srv.base, 'GET', `/api/v1/products/${p.json.id}/vex?format=csaf`, { session: s.mikawa });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'id');
  const bad = await api(srv.base, 'GET', `/api/v1/products/${pid}/vex?format=spdx`, { session: s.mikawa });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'format');
});

// docs/openapi.yaml is kept in step with the code: every route in the router table is
// documented, and every documented operation exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SRC = process.env.HOSHI_SOURCE_DIR;

function routesInCode() {
  const found = new Set();
  for (const f of readdirSync(join(SRC, 'src/http'))) {
    if (!f.endsWith('.c')) continue;
    const text = readFileSync(join(SRC, 'src/http', f), 'utf8');
    for (const m of text.matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",\s*h_\w+/g))
      found.add(`${m[1]} ${m[2].replaceAll('{}', '{id}')}`);
  }
  return found;
}

function routesInSpec() {
  const text = readFileSync(join(SRC, 'docs/openapi.yaml'), 'utf8');
  const found = new Set();
  let path = null;
  for (const line of text.split('\n')) {
    const p = line.match(/^  (\/[^:]*):\s*$/);
    if (p) { path = p[1].replace(/\{[^}]+\}/g, '{id}'); continue; }
    if (/^\S/.test(line)) path = null;
    const m = line.match(/^    (get|post|put|patch|delete):\s*$/);
    if (m && path) found.add(`${m[1].toUpperCase()} ${path}`);
  }
  return found;
}

test('every route in the code is in docs/openapi.yaml and back', () => {
  const code = routesInCode();
  const spec = routesInSpec();
  assert.ok(code.size >= 19, `router table read (${code.size} routes)`);
  const undocumented = [...code].filter((r) => !spec.has(r));
  const stale = [...spec].filter((r) => !code.has(r));
  assert.deepEqual(undocumented, [], 'routes missing from openapi.yaml');
  assert.deepEqual(stale, [], 'documented operations the server does not have');
});

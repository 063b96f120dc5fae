// Feeds: `hoshi vuln fetch` downloads an OSV all.zip and the KEV JSON from a local HTTP server,
// imports them and re-matches the stored SBOMs; a second fetch is a conditional GET answered
// 304 and imports nothing; failures are clear and keep secrets out; the server fetches
// configured feeds on a schedule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoServer, serve, login, api, BIN, DEMO } from './lib.mjs';

const FIX = join(process.env.HOSHI_SOURCE_DIR, 'tests/fixtures');
// What the feed server serves: path → body. A body's ETag is its hash, so a change shows.
const files = {
  '/osv/npm/all.zip': readFileSync(join(FIX, 'feeds/osv-npm-all.zip')),
  '/kev/known_exploited_vulnerabilities.json': readFileSync(join(FIX, 'products/kev.json')),
  '/osv/pypi/HOSHI-TEST-0002.json': readFileSync(join(FIX, 'products/osv-requests.json')),
  '/epss/epss_scores-current.csv.gz': readFileSync(join(FIX, 'vuln/epss-small.csv.gz')),
};
const seen = []; // [path, status, if-none-match]
let feedSrv, feedBase, srv, s, pid;

// The CLI runs asynchronously: a spawnSync would stop this process's feed server from answering.
function run(args) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  feedSrv = createServer((req, res) => {
    const path = req.url.split('?')[0];
    const body = files[path];
    if (path === '/slow') return; // never answers: the timeout test
    if (!body) {
      seen.push([path, 404, req.headers['if-none-match']]);
      res.writeHead(path === '/broken' ? 500 : 404, { 'Content-Type': 'text/plain' });
      return res.end('no such feed');
    }
    const etag = '"' + createHash('sha256').update(body).digest('hex').slice(0, 16) + '"';
    if (req.headers['if-none-match'] === etag) {
      seen.push([path, 304, req.headers['if-none-match']]);
      res.writeHead(304, { ETag: etag });
      return res.end();
    }
    seen.push([path, 200, req.headers['if-none-match']]);
    res.writeHead(200, { ETag: etag, 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((r) => feedSrv.listen(0, '127.0.0.1', r));
  feedBase = `http://127.0.0.1:${feedSrv.address().port}`;

  srv = await demoServer({ products: false });
  s = await login(srv.base, ...DEMO.mikawa);
  let r = await api(srv.base, 'POST', '/api/v1/products', { session: s, body: { name: 'Feed shop', type: 'software' } });
  assert.equal(r.status, 201, r.text);
  pid = r.json.id;
  r = await api(srv.base, 'POST', `/api/v1/products/${pid}/versions/1.0/sbom`,
    { session: s, raw: readFileSync(join(FIX, 'products/shop-1.0.cdx.json')), headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.findings.open, 0, 'no advisories in the store yet');
});
after(async () => {
  await srv.cleanup();
  feedSrv.closeAllConnections();
  await new Promise((r) => feedSrv.close(r));
});

const findings = async () => (await api(srv.base, 'GET', `/api/v1/products/${pid}/findings`, { session: s })).json.items;

test('vuln fetch imports OSV and KEV feeds, re-matches, and skips them when unchanged', async () => {
  const osv = feedBase + '/osv/npm/all.zip', kev = feedBase + '/kev/known_exploited_vulnerabilities.json';
  let r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', osv, kev]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /all\.zip: imported \d+ bytes: 2 advisories \(2 added/);
  assert.match(r.stdout, /all\.zip: .*2 new findings, 0 resolved in 1 product versions/);
  assert.match(r.stdout, /known_exploited_vulnerabilities\.json: imported .* 1 KEV entries/);
  const f = await findings();
  assert.deepEqual(f.map((x) => x.advisory).sort(), ['HOSHI-TEST-0001', 'HOSHI-TEST-0003']);
  assert.equal(f.find((x) => x.advisory === 'HOSHI-TEST-0001').kev_cve, 'CVE-2098-1001', 'KEV fetched after the OSV feed flags the finding');

  // again: conditional GETs with the stored ETags, 304, nothing imported
  const before = seen.length;
  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', osv, kev]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /all\.zip: unchanged \(HTTP 304\), not imported/);
  assert.match(r.stdout, /known_exploited_vulnerabilities\.json: unchanged \(HTTP 304\)/);
  assert.doesNotMatch(r.stdout, /imported \d+ bytes/);
  const again = seen.slice(before);
  assert.deepEqual(again.map((x) => x[1]), [304, 304]);
  assert.ok(again.every((x) => x[2] && x[2].startsWith('"')), 'If-None-Match sent with the stored ETag');
  assert.equal((await findings()).length, 2, 'no finding added or removed');

  // a gzipped EPSS file is recognized by its bytes, not by a file name
  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', feedBase + '/epss/epss_scores-current.csv.gz']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported .* [1-9]\d* EPSS scores/);
});

test('failing feeds give a clear error without secrets and exit 1', async () => {
  let r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', feedBase + '/missing.zip?token=s3cret-value']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /missing\.zip\?\*\*\*: failed: the server answered HTTP 404, not 200/);
  assert.doesNotMatch(r.stderr + r.stdout, /s3cret/);

  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', 'http://user:pa55word@127.0.0.1:1/all.zip']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /http:\/\/\*\*\*@127\.0\.0\.1:1\/all\.zip: failed: cannot fetch: .*(connect|Connection)/i);
  assert.doesNotMatch(r.stderr + r.stdout, /pa55word/);

  // https only unless allowed; nothing is fetched
  const n = seen.length;
  r = await run(['vuln', 'fetch', '--db', srv.db, feedBase + '/osv/npm/all.zip']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /https:\/\/ only \(plain http needs --allow-http\)/);
  assert.equal((await run(['vuln', 'fetch', '--db', srv.db, 'ftp://example.org/x'])).status, 2);
  assert.equal(seen.length, n);

  // size limit one past: the KEV file is larger than 100 bytes
  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', '--max-bytes', '100', feedBase + '/osv/pypi/HOSHI-TEST-0002.json']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /larger than the limit of 100 bytes/);
  // time limit
  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', '--timeout', '1', feedBase + '/slow']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot fetch: .*(timed out|Timeout)/i);
  // a body that is no feed at all
  files['/not-a-feed.json'] = Buffer.from('<html>maintenance</html>');
  r = await run(['vuln', 'fetch', '--db', srv.db, '--allow-http', feedBase + '/not-a-feed.json']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not-a-feed\.json: failed: .*not valid JSON/);
  assert.match((await run(['vuln', 'fetch', '--db', srv.db, '--allow-http'])).stderr, /no feeds configured/);
});

test('feed add/list/remove and the server fetching on schedule', async () => {
  const url = feedBase + '/osv/pypi/HOSHI-TEST-0002.json';
  let r = await run(['vuln', 'feed', 'add', '--db', srv.db, url]);
  assert.equal(r.status, 2, 'http refused without --allow-http');
  r = await run(['vuln', 'feed', 'add', '--db', srv.db, '--allow-http', url]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await run(['vuln', 'feed', 'add', '--db', srv.db, '--allow-http', url])).status, 1, 'added twice');
  r = await run(['vuln', 'feed', 'add', '--db', srv.db, '--allow-http', feedBase + '/broken?key=hidden']);
  assert.equal(r.status, 0, r.stderr);
  r = await run(['vuln', 'feed', 'list', '--db', srv.db]);
  // fetched by hand before (the size limit test): the feed keeps that history
  assert.match(r.stdout, /HOSHI-TEST-0002\.json\n  added .*; last fetch \S+ \(failed\); last success never\n  error: the download is larger/);
  assert.match(r.stdout, /broken\?\*\*\*\n  added .*; last fetch never \(-\); last success never/);

  // a second server on the same database fetches every second; a failing feed does not stop it
  const fetcher = await serve(srv.db, ['--fetch-interval', '1', '--fetch-allow-http']);
  try {
    let done = false;
    for (let i = 0; i < 100 && !done; i++) {
      await new Promise((res) => setTimeout(res, 200));
      done = (await findings()).some((x) => x.advisory === 'HOSHI-TEST-0002');
    }
    assert.ok(done, 'the scheduled fetch imported the PyPI advisory and re-matched requests 2.19.0');
    // the HTTP API answers while the fetcher runs
    assert.equal((await api(fetcher.base, 'GET', '/api/v1/session', { session: s })).status, 200);
    let listed = '';
    for (let i = 0; i < 50; i++) {
      listed = (await run(['vuln', 'feed', 'list', '--db', srv.db])).stdout;
      if (/broken\?\*\*\*\n.*\(failed\)[^\n]*\n  error: the server answered HTTP 500/.test(listed) && /unchanged/.test(listed)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.match(listed, /HOSHI-TEST-0002\.json\n  added .*; last fetch \S+ \(unchanged\); last success 20/, 'later fetches are 304s');
    assert.match(listed, /broken\?\*\*\*\n  added .*\(failed\); last success never\n  error: the server answered HTTP 500, not 200/);
    assert.doesNotMatch(listed + fetcher.stderr(), /hidden/);
    // the same, for operators and auditors over the API; members are refused
    const admin = await login(srv.base, ...DEMO.admin);
    const api1 = await api(srv.base, 'GET', '/api/v1/vuln/feeds', { session: admin });
    assert.equal(api1.status, 200, api1.text);
    const broken = api1.json.items.find((x) => x.url.includes('/broken'));
    assert.equal(broken.url, feedBase + '/broken?***');
    assert.equal(broken.last_status, 'failed');
    assert.equal(broken.last_success_at, null);
    assert.match(broken.last_error, /HTTP 500/);
    assert.equal(api1.json.items.find((x) => x.url.endsWith('HOSHI-TEST-0002.json')).last_status, 'unchanged');
    assert.equal((await api(srv.base, 'GET', '/api/v1/vuln/feeds', { session: s })).status, 403);
    assert.match(fetcher.stderr(), /hoshi: feed .*HOSHI-TEST-0002\.json: imported/);
    assert.match(fetcher.stderr(), /hoshi: feed .*broken\?\*\*\*: failed: the server answered HTTP 500/);
  } finally {
    assert.equal(await fetcher.stop(), 0, 'clean stop while fetching on schedule');
  }
  assert.equal((await run(['vuln', 'feed', 'remove', '--db', srv.db, url])).status, 0);
  assert.equal((await run(['vuln', 'feed', 'remove', '--db', srv.db, url])).status, 1, 'removed twice');
  assert.doesNotMatch((await run(['vuln', 'feed', 'list', '--db', srv.db])).stdout, /HOSHI-TEST-0002/);
});

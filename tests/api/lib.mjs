// Shared helpers for black-box tests: start a real `hoshi serve` on a free port with a fresh
// database (demo data loaded through the CLI), log in, call the API.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.HOSHI_BIN;
if (!BIN) throw new Error('HOSHI_BIN is not set (run through ctest)');

export function hoshi(args, opts = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
}

export function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'hoshi-api-'));
  return { dir, db: join(dir, 'hoshi.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Starts the server on an existing database; resolves when it prints its URL.
export function serve(db, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[0-9.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: m[1],
          proc,
          stderr: () => err,
          stop: () =>
            new Promise((res) => {
              if (proc.exitCode !== null) return res(proc.exitCode);
              proc.once('exit', (code) => res(code));
              proc.kill('SIGTERM');
            }),
        });
      }
    });
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${err}`));
    });
  });
}

// A fresh database with the demo cast, and a running server on it.
// The demo; { products: false } leaves out its SBOM products and made-up advisories.
export async function demoServer({ products = true } = {}) {
  const t = tempDb();
  const r = hoshi(['demo', '--db', t.db, ...(products ? [] : ['--no-products'])]);
  if (r.status !== 0) throw new Error('demo failed: ' + r.stderr);
  const s = await serve(t.db);
  return { ...s, db: t.db, cleanup: async () => { await s.stop(); t.cleanup(); } };
}

export async function login(base, username, password) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  if (res.status !== 200) return { status: res.status, body, res };
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return { status: 200, body, cookie, csrf: body.csrf_token, res, setCookie: res.headers.get('set-cookie') };
}

// Calls the API as a logged-in browser session (cookie + CSRF token) or with a bearer token.
export async function api(base, method, path, { session, token, body, raw, headers = {}, csrf = true } = {}) {
  const h = { ...headers };
  if (session) {
    h.Cookie = session.cookie;
    if (csrf && method !== 'GET') h['X-CSRF-Token'] = session.csrf;
  }
  if (token) h.Authorization = 'Bearer ' + token;
  let payload = raw;
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: res.status, json, text, headers: res.headers };
}

// A valid 法人番号 for a 12-digit base (National Tax Agency check digit).
export function corpnum(base12) {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 ? 1 : 2);
  return String(9 - (sum % 9)) + base12;
}

export const DEMO = {
  admin: ['admin', 'hoshi-admin-2026'],
  auditor: ['auditor', 'hoshi-auditor-2026'],
  buyer: ['buyer', 'hoshi-buyer-2026'],
  mikawa: ['mikawa', 'hoshi-mikawa-2026'],
  hamamatsu: ['hamamatsu', 'hoshi-hamamatsu-2026'],
  okazaki: ['okazaki', 'hoshi-okazaki-2026'],
};

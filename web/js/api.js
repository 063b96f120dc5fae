// JSON API client: session cookie sent by the browser, CSRF token added to every
// state-changing request, errors turned into ApiError with the API's code and field.
let csrf = null;

export class ApiError extends Error {
  constructor(status, err) {
    super(err?.message || `HTTP ${status}`);
    this.status = status;
    this.code = err?.code || 'error';
    this.field = err?.field || '';
  }
}

export function setCsrf(token) { csrf = token; window.hoshiCsrf = token; }

// Each navigation starts a new generation. A GET answered after a newer navigation began
// throws StaleRoute, so a slow page never draws over the page the user moved on to.
let generation = 0;
export class StaleRoute extends Error {}
export function newRoute() { return ++generation; }

// body: sent as JSON; file: a Blob/File sent as the raw body (uploads).
export async function api(method, path, body, file) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (file) headers['Content-Type'] = file.type || 'application/octet-stream';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const gen = generation;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: file || (body === undefined ? undefined : JSON.stringify(body)),
  });
  let json = null;
  if (res.status !== 204) {
    try { json = await res.json(); } catch { json = null; }
  }
  if (method === 'GET' && gen !== generation) throw new StaleRoute(path);
  if (!res.ok) throw new ApiError(res.status, json?.error);
  return json;
}

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

// body: sent as JSON; file: a Blob/File sent as the raw body (uploads).
export async function api(method, path, body, file) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (file) headers['Content-Type'] = file.type || 'application/octet-stream';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: file || (body === undefined ? undefined : JSON.stringify(body)),
  });
  if (res.status === 204) return null;
  let json = null;
  try { json = await res.json(); } catch { json = null; }
  if (!res.ok) throw new ApiError(res.status, json?.error);
  return json;
}

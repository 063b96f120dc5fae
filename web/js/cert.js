// Certificates in the browser: download buttons (JWS, PDF, XLSX, OSCAL), the public register
// and the public verification page with a paste box; the last two work without logging in.
import { api } from './api.js';
import { h } from './dom.js';
import { applyI18n, currentLang, t } from './i18n.js';
import { notice, render } from './ui.js';

const name = (x) => (currentLang() === 'en' && x.org_name_en ? x.org_name_en : x.org_name_ja);
const badge = (status) => h('span', { class: `badge ${status}`, 'data-i18n': `rstatus.${status}`, 'data-testid': 'verify-status' });

// A link styled as a button that downloads what the API serves as an attachment.
function downloadLink(href, labelKey, testid) {
  return h('a', { class: 'button secondary', href, download: '', 'data-i18n': labelKey, 'data-testid': testid });
}

export function ratingDownloads(r) {
  const base = `/api/v1/ratings/${encodeURIComponent(r.id)}`;
  return h('div', { class: 'card downloads', 'data-testid': 'rating-downloads' },
    h('h2', { 'data-i18n': 'cert.title' }),
    r.status === 'valid'
      ? h('p', { class: 'actions' }, downloadLink(`${base}/certificate.pdf`, 'cert.pdf', 'download-pdf'),
        downloadLink(`${base}/certificate.jws`, 'cert.jws', 'download-jws'),
        h('a', { class: 'button secondary', href: '/.well-known/jwks.json', 'data-i18n': 'cert.jwks' }))
      : h('p', { class: 'muted', 'data-i18n': 'cert.onlyValid' }),
    h('p', {}, h('a', { href: `#/verify/${encodeURIComponent(r.id)}`, 'data-i18n': 'cert.publicPage', 'data-testid': 'verify-link' })),
    h('p', { class: 'muted', 'data-i18n': 'cert.howto' }));
}

export function assessmentDownloads(d) {
  const base = `/api/v1/assessments/${encodeURIComponent(d.id)}`;
  return h('p', { class: 'actions', 'data-testid': 'assessment-downloads' },
    downloadLink(`${base}/export.xlsx`, 'cert.xlsx', 'download-xlsx'),
    downloadLink(`${base}/export.oscal.json`, 'cert.oscal', 'download-oscal'));
}

// ---- public register ----
export async function registerPage(q = '') {
  const list = await api('GET', '/api/v1/register' + (q ? `?q=${encodeURIComponent(q)}` : ''));
  const form = h('form', { class: 'inline', 'data-testid': 'register-search' },
    h('label', {}, h('span', { 'data-i18n': 'register.search' }), h('input', { name: 'q', value: q, type: 'search' })),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'orgs.searchButton' }));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); registerPage(new FormData(form).get('q')); });
  const table = list.items.length ? h('table', { 'data-testid': 'register-table' },
    h('thead', {}, h('tr', {}, ['register.org', 'org.corporate_number', 'rating.level', 'asm.scope', 'rating.expires', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
    h('tbody', {}, list.items.map((x) => h('tr', {},
      h('td', {}, name(x)), h('td', { class: 'mono' }, x.corporate_number), h('td', {}, `★${x.level}`),
      h('td', {}, h('span', { 'data-i18n': `scope.${x.scope.kind}` }), ' — ', x.scope.description),
      h('td', {}, x.expires.slice(0, 10)),
      h('td', {}, h('a', { href: `#/verify/${encodeURIComponent(x.rating_id)}`, 'data-i18n': 'register.verify', 'data-testid': 'register-verify' }))))))
    : h('p', { 'data-i18n': 'register.none' });
  render(h('h1', { 'data-i18n': 'register.title' }), h('p', { class: 'muted', 'data-i18n': 'register.intro' }),
    h('div', { class: 'card' }, form),
    h('p', { class: 'muted' }, `${list.count} `, h('span', { 'data-i18n': 'register.count' })), table,
    h('p', {}, h('a', { href: '#/verify', 'data-i18n': 'verify.pasteLink' })));
}

// ---- public verification ----
function factsList(x) {
  return h('dl', {},
    h('dt', { 'data-i18n': 'register.org' }), h('dd', { 'data-testid': 'verify-org' }, x.org_name_ja, x.org_name_en ? ` / ${x.org_name_en}` : ''),
    h('dt', { 'data-i18n': 'org.corporate_number' }), h('dd', { class: 'mono' }, x.corporate_number),
    h('dt', { 'data-i18n': 'rating.level' }), h('dd', {}, `★${x.level}`),
    h('dt', { 'data-i18n': 'asm.scope' }), h('dd', {}, h('span', { 'data-i18n': `scope.${x.scope.kind}` }), ' — ', x.scope.description),
    h('dt', { 'data-i18n': 'asm.catalog' }), h('dd', { class: 'mono' }, x.catalog),
    h('dt', { 'data-i18n': 'rating.issued' }), h('dd', {}, x.issued.slice(0, 10)),
    h('dt', { 'data-i18n': 'rating.expires' }), h('dd', {}, x.expires.slice(0, 10)),
    h('dt', { 'data-i18n': 'verify.ratingId' }), h('dd', { class: 'mono' }, x.rating_id));
}

function pasteBox() {
  const result = h('div', { 'data-testid': 'verify-result', 'aria-live': 'polite' });
  const text = h('textarea', { name: 'jws', rows: 5, class: 'mono', 'data-testid': 'verify-paste', 'aria-label': t('verify.paste') });
  const file = h('input', { type: 'file', accept: '.jws,application/jose,text/plain', 'aria-label': t('verify.file') });
  file.addEventListener('change', async () => { if (file.files[0]) text.value = (await file.files[0].text()).trim(); });
  const form = h('form', { class: 'stack', 'data-testid': 'verify-form' },
    h('label', {}, h('span', { 'data-i18n': 'verify.paste' }), text),
    h('label', {}, h('span', { 'data-i18n': 'verify.file' }), file),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'verify.check' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const v = await api('POST', '/api/v1/verify', { jws: text.value });
      const parts = [h('p', {}, h('strong', { 'data-i18n': v.valid ? 'verify.okSigned' : 'verify.notOk' }), ' ',
        h('span', { class: `badge ${v.valid ? 'valid' : 'revoked'}`, 'data-i18n': `verdict.${v.verdict}`, 'data-testid': 'verify-verdict' }))];
      if (v.reason) parts.push(h('p', { class: 'muted' }, v.reason));
      if (v.certificate) parts.push(h('p', { class: 'muted' }, `${t('verify.signedBy')} ${v.certificate.kid} (${v.certificate.alg})`), factsList({ ...v.certificate, scope: v.certificate.scope }));
      result.replaceChildren(...parts);
      applyI18n(result);
    } catch (err) {
      result.replaceChildren(notice(err.message, true));
    }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'verify.pasteTitle' }), form, result);
}

export async function verifyPage(id) {
  const parts = [h('h1', { 'data-i18n': 'verify.title' })];
  if (id) {
    try {
      const x = await api('GET', `/api/v1/verify/${encodeURIComponent(id)}`);
      parts.push(h('div', { class: 'card rating-card', 'data-testid': 'verify-card' },
        h('div', { class: 'star-big' }, `★${x.level}`),
        h('h2', {}, name(x)),
        h('p', { class: 'verdict' }, badge(x.status)),
        h('p', { 'data-i18n': `verify.says.${x.status}` }),
        factsList(x)));
    } catch (err) {
      parts.push(notice(err.status === 404 ? t('verify.unknown') : err.message, true));
    }
  }
  parts.push(pasteBox(), h('p', {}, h('a', { href: '#/register', 'data-i18n': 'register.back' })));
  render(...parts);
}

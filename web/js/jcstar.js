// JC-STAR screens. Vendor (login): the organization's IoT products and the registration form,
// one product's checklist (answers with evidence, mappings side by side, PSTI statement),
// the self-declaration, the label and change notices. Public (no login): the list of labels
// with search, filters and exports, a product page per label, and the requirements with
// their mappings.
import { api } from './api.js';
import { h } from './dom.js';
import { currentLang, t } from './i18n.js';
import { area, bar, field, notice, render, select, showFormError } from './ui.js';

const CATALOG = 'jcstar-star1-2024';
const TYPES = ['network_camera', 'router', 'smart_speaker', 'smart_home_hub', 'smart_lock', 'smart_appliance', 'printer', 'nas', 'wearable', 'industrial', 'other'];
// Mapping columns shown side by side, in this order.
const SCHEMES = [['etsi-en-303-645', 'ETSI EN 303 645'], ['nistir-8425', 'NIST IR 8425'], ['uk-psti', 'UK PSTI'], ['eu-cra-annex-i', 'EU CRA Annex I']];

// English texts of a product when the page is English and the vendor gave them.
const en = (o, k) => (currentLang() === 'en' && o[`${k}_en`] ? o[`${k}_en`] : o[k]);
const tx = (o) => (o ? (currentLang() === 'en' && o.en ? o.en : o.ja) : '');
const stars = (level) => '★'.repeat(Number(level) || 1);
const badge = (status) => h('span', { class: `badge ${status}`, 'data-i18n': `jcs.status.${status}`, 'data-testid': 'label-status' });
const enc = encodeURIComponent;

let catalogDoc = null;
async function catalog() {
  if (!catalogDoc) catalogDoc = await api('GET', `/api/v1/catalogs/${CATALOG}`);
  return catalogDoc;
}

function mappingCells(req) {
  return SCHEMES.map(([id]) => h('td', { class: 'mono' },
    (req.mappings || []).filter((m) => m.catalog === id).map((m) =>
      h('span', { class: 'tag', title: `${t('jcs.rel')}: ${m.relationship}${m.strength ? ` (${m.strength}/10)` : ''}` }, m.target))));
}

function publicLinks() {
  return h('p', { class: 'muted' },
    h('a', { href: '#/products', 'data-i18n': 'jcs.publicList' }), ' · ',
    h('a', { href: '#/jcstar', 'data-i18n': 'jcs.requirements' }), ' · ',
    h('a', { href: '#/home', 'data-i18n': 'jcs.toApp' }));
}

// ---- public: requirements with mappings side by side ----
export async function requirementsPage() {
  const doc = await catalog();
  render(h('h1', {}, tx(doc.title)),
    doc.official_wording ? null : h('p', { class: 'muted' }, tx(doc.notice)),
    h('table', { 'data-testid': 'jcs-requirements' },
      h('thead', {}, h('tr', {}, h('th', { 'data-i18n': 'jcs.req' }), h('th', { 'data-i18n': 'jcs.check' }),
        ...SCHEMES.map(([, name]) => h('th', {}, name)))),
      h('tbody', {}, doc.requirements.map((r) => h('tr', {},
        h('td', {}, h('strong', { class: 'mono' }, r.id), ' ', tx(r.title), h('div', { class: 'muted' }, tx(r.summary))),
        h('td', { 'data-i18n': `jcs.check.${r.check || 'document'}` }), ...mappingCells(r))))),
    publicLinks());
}

// ---- public: list of labels ----
export async function labelListPage(query = '') {
  const params = new URLSearchParams(query);
  const list = await api('GET', `/api/v1/labels?${params}`);
  const form = h('form', { class: 'inline', 'data-testid': 'label-search' },
    h('label', {}, h('span', { 'data-i18n': 'jcs.search' }), h('input', { name: 'q', type: 'search', value: params.get('q') || '' })),
    h('label', {}, h('span', { 'data-i18n': 'jcs.vendor' }), h('input', { name: 'vendor', value: params.get('vendor') || '' })),
    select('product_type', 'jcs.type', [['', 'jcs.any'], ...TYPES.map((x) => [x, `jcs.type.${x}`])]),
    select('level', 'jcs.level', [['', 'jcs.any'], ...['1', '2', '3', '4'].map((l) => [l, null, `★${l}`])]),
    select('status', 'jcs.status', [['', 'jcs.any'], ...['valid', 'expired', 'withdrawn'].map((s) => [s, `jcs.status.${s}`])]),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'jcs.searchButton' }));
  for (const k of ['product_type', 'level', 'status']) form.querySelector(`[name=${k}]`).value = params.get(k) || '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.set(k, v);
    const next = `#/products/${enc(p.toString())}`;
    if (location.hash === next) labelListPage(p.toString()); else location.hash = next;
  });
  const exp = (fmt) => { const p = new URLSearchParams(params); p.set('format', fmt); return `/api/v1/labels?${p}`; };
  const table = h('table', { 'data-testid': 'label-table' },
    h('thead', {}, h('tr', {}, ['jcs.regnum', 'jcs.level', 'jcs.vendor', 'jcs.product', 'jcs.models', 'jcs.type', 'jcs.expires', 'jcs.status']
      .map((k) => h('th', { 'data-i18n': k })))),
    h('tbody', {}, list.items.map((x) => h('tr', {},
      h('td', { class: 'mono' }, h('a', { href: `#/product/${enc(x.registration_number)}` }, x.registration_number)),
      h('td', {}, stars(x.level)), h('td', {}, en(x.product, 'vendor')), h('td', {}, en(x.product, 'name')),
      h('td', { class: 'mono' }, x.product.model_numbers.join(', ')),
      h('td', { 'data-i18n': `jcs.type.${x.product.product_type}` }), h('td', { class: 'mono' }, x.expires_on),
      h('td', {}, badge(x.status))))));
  render(h('h1', { 'data-i18n': 'jcs.listTitle' }), h('p', { class: 'muted', 'data-i18n': 'jcs.listIntro' }),
    h('div', { class: 'card' }, form), checkCard(),
    h('p', {}, `${list.count} `, h('span', { 'data-i18n': 'jcs.count' }), ' · ',
      h('a', { href: exp('csv'), 'data-testid': 'export-csv', 'data-i18n': 'jcs.csv' }), ' · ',
      h('a', { href: exp('json'), 'data-testid': 'export-json', 'data-i18n': 'jcs.json' })),
    list.items.length ? table : h('p', { 'data-i18n': 'jcs.none' }), publicLinks());
}

// ---- public: procurement check (GET /api/v1/labels/check) ----
function checkCard() {
  const out = h('div', { role: 'status' });
  const form = h('form', { class: 'inline', 'data-testid': 'check-form' },
    field('vendor', 'jcs.vendor', { required: true }), field('model', 'jcs.model', { required: true }),
    select('min_level', 'jcs.minLevel', ['1', '2', '3', '4'].map((l) => [l, null, `★${l}`])),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'jcs.checkButton' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams(new FormData(form));
    try {
      const r = await api('GET', `/api/v1/labels/check?${q}`);
      out.replaceChildren(r.ok
        ? notice(t('jcs.checkYes', { reg: r.label.registration_number, level: r.label.level, expires: r.label.expires_on }))
        : notice(t('jcs.checkNo'), true));
    } catch (err) { showFormError(form, err); }
  });
  return h('details', { class: 'card' }, h('summary', { 'data-i18n': 'jcs.checkTitle' }), h('p', { class: 'muted', 'data-i18n': 'jcs.checkHelp' }), form, out);
}

// ---- public: product page of one label ----
const dl = (rows) => h('dl', { class: 'facts' }, rows.filter(Boolean).flatMap(([k, v]) => [h('dt', { 'data-i18n': k }), h('dd', {}, v)]));

function link(url) { return url && /^https?:\/\//.test(url) ? h('a', { href: url, rel: 'noopener noreferrer' }, url) : (url || '—'); }

export async function productPublicPage(reg) {
  const x = await api('GET', `/api/v1/labels/${enc(reg)}`);
  render(
    h('div', { class: 'card', 'data-testid': 'product-page' },
      h('div', { class: 'label-head' },
        h('img', { class: 'label-img', src: x.image_svg, alt: `JC-STAR ★${x.level} ${x.registration_number}` }),
        h('div', {}, h('h1', {}, en(x.product, 'name')), h('p', {}, en(x.product, 'vendor')), badge(x.status))),
      x.status === 'withdrawn' ? notice(`${t('jcs.withdrawnNotice')} ${x.withdrawn_at.slice(0, 10)}: ${x.withdraw_reason}`, true) : null,
      x.status === 'expired' ? notice(t('jcs.expiredNotice'), true) : null,
      h('h2', { 'data-i18n': 'jcs.productInfo' }),
      dl([['jcs.vendor', en(x.product, 'vendor')], ['jcs.product', en(x.product, 'name')], ['jcs.type', t(`jcs.type.${x.product.product_type}`)],
        ['jcs.models', x.product.model_numbers.join(', ')], ['jcs.firmware', x.product.firmware_version]]),
      h('h2', { 'data-i18n': 'jcs.conformity' }),
      dl([['jcs.scheme', 'JC-STAR'], ['jcs.level', `${stars(x.level)} (★${x.level})`], ['jcs.regnum', x.registration_number],
        ['jcs.issued', x.issued_on], ['jcs.expires', x.expires_on], ['jcs.status', t(`jcs.status.${x.status}`)],
        x.psti_recognized ? ['jcs.psti', t('jcs.pstiYes')] : null]),
      h('h2', { 'data-i18n': 'jcs.security' }),
      dl([['jcs.supportEnd', x.security.support_end], ['jcs.updates', en(x.security, 'update_method')],
        ['jcs.contact', x.security.vulnerability_contact], ['jcs.policy', link(x.security.disclosure_policy_url)],
        x.security.sbom_url ? ['jcs.sbom', link(x.security.sbom_url)] : null]),
      x.changes?.length ? h('div', {}, h('h2', { 'data-i18n': 'jcs.changes' }),
        h('ul', {}, x.changes.map((c) => h('li', {}, `${c.date.slice(0, 10)} `, h('span', { 'data-i18n': `jcs.change.${c.kind}` }),
          `: ${c.kind === 'firmware' ? `${c.before} → ` : ''}${c.after}${c.note ? ` (${c.note})` : ''}`)))) : null,
      h('p', { class: 'muted', 'data-i18n': 'jcs.disclaimer' }),
      h('p', {}, h('a', { href: `/api/v1/labels/${enc(reg)}/record`, 'data-i18n': 'jcs.record' }), ' · ',
        h('a', { href: x.image_png, 'data-i18n': 'jcs.png' }))),
    publicLinks());
}

// ---- vendor: products ----
export async function productsPage(ctx) {
  const list = await api('GET', '/api/v1/iot-products');
  const parts = [h('h1', { 'data-i18n': 'jcs.myProducts' }),
    list.items.length ? h('table', { 'data-testid': 'product-table' },
      h('thead', {}, h('tr', {}, ['jcs.product', 'jcs.models', 'jcs.firmware', 'jcs.pstatus', 'jcs.regnum', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
      h('tbody', {}, list.items.map((p) => h('tr', {}, h('td', {}, p.name), h('td', { class: 'mono' }, p.models.join(', ')),
        h('td', { class: 'mono' }, p.firmware_version), h('td', { 'data-i18n': `jcs.pstatus.${p.status}` }),
        h('td', { class: 'mono' }, p.registration_number ? h('a', { href: `#/product/${enc(p.registration_number)}` }, p.registration_number) : '—'),
        h('td', {}, h('a', { href: `#/iot-product/${enc(p.id)}`, 'data-i18n': 'jcs.open' })))))) : h('p', { 'data-i18n': 'jcs.noProducts' })];
  if (ctx.has('member')) parts.push(registerForm());
  render(...parts);
}

function productFields(p = {}) {
  return [
    field('name', 'jcs.product', { required: true, value: p.name || '' }),
    field('name_en', 'jcs.nameEn', { value: p.name_en || '' }),
    select('product_type', 'jcs.type', TYPES.map((x) => [x, `jcs.type.${x}`])),
    area('models', 'jcs.modelsInput', { required: true }),
    field('firmware_version', 'jcs.firmware', { required: true, value: p.firmware_version || '' }),
    field('support_end', 'jcs.supportEnd', { type: 'date', required: true, value: p.support_end || '' }),
    area('update_method', 'jcs.updates', { required: true }),
    area('update_method_en', 'jcs.updatesEn'),
    field('vuln_contact', 'jcs.contact', { required: true, value: p.vuln_contact || '' }),
    field('disclosure_url', 'jcs.policy', { type: 'url', required: true, value: p.disclosure_url || '' }),
    field('sbom_url', 'jcs.sbom', { type: 'url', value: p.sbom_url || '' }),
  ];
}

function readProduct(form) {
  const fd = new FormData(form);
  const body = {};
  for (const k of ['name', 'name_en', 'product_type', 'firmware_version', 'support_end', 'update_method', 'update_method_en', 'vuln_contact', 'disclosure_url', 'sbom_url'])
    body[k] = String(fd.get(k) || '');
  body.models = String(fd.get('models') || '').split(/[\n,]/).map((m) => m.trim()).filter(Boolean);
  return body;
}

function registerForm() {
  const form = h('form', { class: 'stack', 'data-testid': 'product-form' }, ...productFields(),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'jcs.register' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const p = await api('POST', '/api/v1/iot-products', readProduct(form));
      location.hash = `#/iot-product/${enc(p.id)}`;
    } catch (err) { showFormError(form, err); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'jcs.registerTitle' }), form);
}

// ---- vendor: one product ----
export async function productPage(ctx, id) {
  const [p, doc] = await Promise.all([api('GET', `/api/v1/iot-products/${enc(id)}`), catalog()]);
  const draft = p.status === 'draft';
  const reload = () => productPage(ctx, id);
  const psti = new Set(p.psti_requirements);
  const header = h('div', { class: 'card' },
    h('h1', {}, `${p.name} `, h('span', { class: 'badge', 'data-i18n': `jcs.pstatus.${p.status}`, 'data-testid': 'product-status' })),
    h('p', { class: 'mono' }, p.models.join(', ')),
    dl([['jcs.vendor', p.vendor], ['jcs.firmware', p.firmware_version], ['jcs.supportEnd', p.support_end],
      ['jcs.updates', p.update_method], ['jcs.contact', p.vuln_contact], ['jcs.policy', link(p.disclosure_url)]]),
    h('h2', { 'data-i18n': 'jcs.progress' }),
    bar(p.progress.met + p.progress.psti_met, p.progress.criteria),
    h('p', { class: 'muted', 'data-testid': 'jcs-progress' }, t('jcs.progressText', { met: p.progress.met, psti: p.progress.psti_met, n: p.progress.criteria })));
  const parts = [header];
  if (p.label) parts.push(labelCard(p));
  parts.push(checklist(p, doc, draft, psti, reload));
  if (draft) parts.push(pstiCard(p, reload), declareCard(p, reload));
  else if (p.label && p.label.status === 'valid') parts.push(changeCard(p, reload));
  render(...parts);
}

function labelCard(p) {
  const l = p.label;
  return h('div', { class: 'card', 'data-testid': 'label-card' },
    h('div', { class: 'label-head' }, h('img', { class: 'label-img', src: l.image_svg, alt: l.registration_number }),
      h('div', {}, h('h2', {}, `${t('jcs.label')} ${l.registration_number} `, badge(l.status)),
        h('p', {}, `${t('jcs.issued')}: ${l.issued_on} · ${t('jcs.expires')}: ${l.expires_on}`),
        h('p', {}, h('a', { href: `#/product/${enc(l.registration_number)}`, 'data-i18n': 'jcs.publicPage', 'data-testid': 'public-page-link' }), ' · ',
          h('a', { href: l.image_png, 'data-i18n': 'jcs.png' }), ' · ', h('a', { href: l.image_svg, 'data-i18n': 'jcs.svg' })))));
}

function checklist(p, doc, draft, psti, reload) {
  const byReq = new Map(doc.criteria.map((c) => [c.requirement, []]));
  for (const c of doc.criteria) byReq.get(c.requirement)?.push(c);
  const rows = doc.requirements.filter((r) => r.levels.includes(p.level)).flatMap((r) => (byReq.get(r.id) || []).map((c) => {
    const a = p.answers[c.id] || { status: '', evidence: '' };
    const recognized = p.psti_statement && psti.has(r.id) && a.status !== 'met';
    const status = h('select', { name: 'status', disabled: !draft },
      h('option', { value: '', 'data-i18n': 'jcs.unanswered' }), h('option', { value: 'met', 'data-i18n': 'jcs.ans.met' }),
      h('option', { value: 'not_met', 'data-i18n': 'jcs.ans.not_met' }));
    status.value = a.status;
    const evidence = h('textarea', { name: 'evidence', disabled: !draft, 'aria-label': `${c.id} ${t('jcs.evidence')}` }, a.evidence);
    const msg = h('span', { class: 'saved', role: 'status' });
    const save = async () => {
      if (!status.value) return;
      try {
        await api('PUT', `/api/v1/iot-products/${enc(p.id)}/answers/${enc(c.id)}`, { status: status.value, evidence: evidence.value });
        msg.textContent = t('jcs.saved');
        msg.className = 'saved';
      } catch (err) { msg.textContent = err.message; msg.className = 'saved bad'; }
    };
    status.addEventListener('change', save);
    evidence.addEventListener('change', save);
    const files = h('ul', {}, p.evidence.filter((e) => e.criterion === c.id).map(evidenceItem));
    const up = h('input', { type: 'file', 'aria-label': `${c.id} ${t('jcs.file')}`, disabled: !draft });
    up.addEventListener('change', async () => {
      if (!up.files[0]) return;
      try { files.append(evidenceItem(await upload(p.id, 'evidence', up.files[0], c.id))); } catch (err) { msg.textContent = err.message; }
    });
    return h('tr', { class: 'jcs-crit', 'data-criterion': c.id },
      h('td', {}, h('strong', { class: 'mono' }, r.id), ' ', tx(r.title), h('div', { class: 'muted' }, tx(c.text))),
      h('td', { 'data-i18n': `jcs.check.${r.check || 'document'}` }),
      h('td', {}, recognized ? h('p', { class: 'tag', 'data-i18n': 'jcs.byPsti' }) : null, status, evidence, msg,
        h('label', { class: 'muted' }, h('span', { 'data-i18n': 'jcs.file' }), up), files),
      ...mappingCells(r));
  }));
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'jcs.checklist' }),
    doc.official_wording ? null : h('p', { class: 'muted' }, tx(doc.notice)),
    h('table', { class: 'jcs-checklist', 'data-testid': 'checklist' },
      h('thead', {}, h('tr', {}, h('th', { 'data-i18n': 'jcs.req' }), h('th', { 'data-i18n': 'jcs.check' }), h('th', { 'data-i18n': 'jcs.answer' }),
        ...SCHEMES.map(([, name]) => h('th', {}, name)))),
      h('tbody', {}, rows)));
}

function evidenceItem(e) {
  return h('li', {}, h('a', { href: `/api/v1/product-evidence/${enc(e.id)}` }, e.filename), ` (${e.size} B)`);
}

function upload(id, kind, file, criterion) {
  const q = new URLSearchParams({ kind, filename: file.name });
  if (criterion) q.set('criterion', criterion);
  return api('POST', `/api/v1/iot-products/${enc(id)}/evidence?${q}`, undefined, file);
}

function pstiCard(p, reload) {
  const up = h('input', { type: 'file', 'aria-label': t('jcs.pstiUpload'), 'data-testid': 'psti-upload' });
  const msg = h('div');
  up.addEventListener('change', async () => {
    if (!up.files[0]) return;
    try { await upload(p.id, 'psti', up.files[0]); await reload(); } catch (err) { msg.replaceChildren(notice(err.message, true)); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'jcs.pstiTitle' }), h('p', { class: 'muted', 'data-i18n': 'jcs.pstiHelp' }),
    p.psti_statement ? notice(t('jcs.pstiHave')) : null, h('label', {}, h('span', { 'data-i18n': 'jcs.pstiUpload' }), up), msg);
}

function declareCard(p, reload) {
  const form = h('form', { class: 'stack', 'data-testid': 'declare-form' },
    h('p', { 'data-i18n': 'jcs.declareText' }),
    field('name', 'jcs.declName', { required: true }), field('title', 'jcs.declTitle', { required: true }),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'accept' }), h('span', { 'data-i18n': 'jcs.declAccept' })),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'jcs.declare', 'data-testid': 'declare' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    try {
      await api('POST', `/api/v1/iot-products/${enc(p.id)}/declare`, { name: fd.get('name'), title: fd.get('title'), accept: fd.get('accept') === 'on' });
      await reload();
    } catch (err) { showFormError(form, err); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'jcs.declareTitle' }), form);
}

function changeCard(p, reload) {
  const form = h('form', { class: 'stack', 'data-testid': 'change-form' },
    field('firmware_version', 'jcs.newFirmware'), area('add_models', 'jcs.addModels'), area('note', 'jcs.note'),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'jcs.notify' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const body = {};
    if (fd.get('firmware_version')) body.firmware_version = fd.get('firmware_version');
    const add = String(fd.get('add_models') || '').split(/[\n,]/).map((m) => m.trim()).filter(Boolean);
    if (add.length) body.add_models = add;
    if (fd.get('note')) body.note = fd.get('note');
    try { await api('POST', `/api/v1/iot-products/${enc(p.id)}/changes`, body); await reload(); } catch (err) { showFormError(form, err); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'jcs.changeTitle' }), form);
}

// Routes this module adds; `public` ones work without login.
export const jcstarRoutes = (ctx) => ({
  'iot-products': () => productsPage(ctx),
  'iot-product': (id) => productPage(ctx, id),
});
export const jcstarPublicRoutes = {
  products: (q) => labelListPage(q || ''),
  product: (reg) => productPublicPage(reg),
  jcstar: () => requirementsPage(),
};

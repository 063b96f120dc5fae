// hoshi web shell: login, navigation and the foundation pages (organizations, users, API
// tokens, audit log). Plain ES modules over the JSON API; later features add pages to ROUTES.
import { api, ApiError, newRoute, setCsrf, StaleRoute } from './api.js';
import { barChart } from './charts.js';
import { clear, h } from './dom.js';
import { productPage, productsPage } from './products.js';
import { webhooksPage } from './webhooks.js';
import { applyI18n, currentLang, initLang, setLang, t } from './i18n.js';
import { registerPage, verifyPage } from './cert.js';
import { assessmentPage, assessmentsPage, homeCards, ratingPage, ratingsPage } from './scs.js';
import { jcstarPublicRoutes, jcstarRoutes } from './jcstar.js';
import { field, main, render, showFormError } from './ui.js';
import { dashboardPage, inboxPage, suppliersPage } from './chain.js';

let me = null; // {user, organization, csrf_token}
let meta = { sectors: [], roles: [] };

const has = (role) => me?.user.roles.includes(role);
const seesAll = () => has('admin') || has('auditor');
const ctx = { get me() { return me; }, has };

function sectorSelect(name = 'sector') {
  return h('label', {}, h('span', { 'data-i18n': 'org.sector' }),
    h('select', { name }, meta.sectors.map((s) => h('option', { value: s, 'data-i18n': `sector.${s}` }))));
}

// ---- login ----
function loginPage() {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('whoami').textContent = '';
  const form = h('form', { class: 'stack', 'data-testid': 'login-form' },
    field('username', 'login.username', { autocomplete: 'username', required: true }),
    field('password', 'login.password', { type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'login.submit' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    try {
      me = await api('POST', '/api/v1/session', data);
      setCsrf(me.csrf_token);
      enterApp();
    } catch (err) {
      showFormError(form, err);
    }
  });
  render(h('div', { class: 'card login' }, h('h1', { 'data-i18n': 'login.title' }), form),
    h('p', { class: 'login-public' }, h('a', { href: '#/register', 'data-i18n': 'register.fromLogin', 'data-testid': 'register-link' })));
}

// ---- home ----
async function homePage() {
  const orgs = await api('GET', '/api/v1/orgs');
  const counts = new Map();
  for (const o of orgs.items) {
    const c = counts.get(o.sector) || { value: 0, part: 0 };
    c.value++;
    if (o.is_sme) c.part++;
    counts.set(o.sector, c);
  }
  const rows = [...counts.entries()].sort((a, b) => b[1].value - a[1].value)
    .map(([sector, c]) => ({ label: t(`sector.${sector}`), value: c.value, part: c.part }));
  render(
    h('h1', {}, t('home.title'), ', ', me.user.display_name || me.user.username),
    h('div', { class: 'grid' },
      h('div', { class: 'card' },
        h('h2', { 'data-i18n': 'home.org' }),
        h('p', {}, me.organization ? (currentLang() === 'en' && me.organization.name_en ? me.organization.name_en : me.organization.name_ja) : ''),
        h('p', { class: 'muted mono' }, me.organization?.corporate_number || ''),
        h('h2', { 'data-i18n': 'home.roles' }),
        h('p', {}, me.user.roles.map((r) => h('span', { class: 'tag', 'data-i18n': `role.${r}` })))),
      h('div', { class: 'card', 'data-testid': 'sector-chart' },
        h('h2', { 'data-i18n': 'home.orgsBySector' }),
        rows.length ? barChart(rows, { title: t('home.orgsBySector') }) : h('p', { 'data-i18n': 'home.noOrgs' }),
        h('p', { class: 'muted' }, h('span', { class: 'legend-sme' }, '■'), ' ', h('span', { 'data-i18n': 'home.smeLegend' })))),
    ...(await homeCards(ctx)));
}

// ---- organizations ----
function orgName(o) { return currentLang() === 'en' && o.name_en ? o.name_en : o.name_ja; }

async function orgsPage(q = '') {
  const list = await api('GET', '/api/v1/orgs' + (q ? `?q=${encodeURIComponent(q)}` : ''));
  const search = h('form', { class: 'inline' },
    h('label', {}, h('span', { 'data-i18n': 'orgs.search' }), h('input', { name: 'q', value: q, type: 'search' })),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'orgs.searchButton' }));
  search.addEventListener('submit', (ev) => { ev.preventDefault(); orgsPage(new FormData(search).get('q')); });
  const table = h('table', { 'data-testid': 'org-table' },
    h('thead', {}, h('tr', {}, ['org.corporate_number', 'org.name_ja', 'org.name_en', 'org.sector', 'org.is_sme', 'org.address']
      .map((k) => h('th', { 'data-i18n': k })))),
    h('tbody', {}, list.items.map((o) => h('tr', {},
      h('td', { class: 'mono' }, o.corporate_number), h('td', {}, o.name_ja), h('td', {}, o.name_en),
      h('td', { 'data-i18n': `sector.${o.sector}` }), h('td', {}, o.is_sme ? '✓' : ''), h('td', {}, o.address)))));
  const parts = [h('h1', { 'data-i18n': 'orgs.title' }), h('div', { class: 'card' }, search),
    h('p', { class: 'muted' }, `${list.count} `, h('span', { 'data-i18n': 'orgs.count' })), table];
  if (has('admin')) {
    const form = h('form', { class: 'stack', 'data-testid': 'org-form' },
      field('corporate_number', 'org.corporate_number', { inputmode: 'numeric', maxlength: 13, required: true, pattern: '[0-9]{13}' }),
      field('name_ja', 'org.name_ja', { required: true }),
      field('name_en', 'org.name_en'),
      sectorSelect(),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'is_sme' }), h('span', { 'data-i18n': 'org.is_sme' })),
      field('address', 'org.address'),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'common.save' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const d = Object.fromEntries(new FormData(form));
      const body = { corporate_number: d.corporate_number, name_ja: d.name_ja, name_en: d.name_en,
        sector: d.sector, is_sme: d.is_sme === 'on', address: d.address };
      try {
        await api('POST', '/api/v1/orgs', body);
        await orgsPage();
        main.prepend(h('p', { class: 'notice', role: 'status' }, t('orgs.created')));
      } catch (err) { showFormError(form, err); }
    });
    parts.push(h('div', { class: 'card' }, h('h2', { 'data-i18n': 'orgs.create' }), form));
  }
  render(...parts);
}

// ---- users ----
async function usersPage() {
  const [users, orgs] = await Promise.all([api('GET', '/api/v1/users'), api('GET', '/api/v1/orgs')]);
  const orgById = new Map(orgs.items.map((o) => [o.id, o]));
  const table = h('table', { 'data-testid': 'user-table' },
    h('thead', {}, h('tr', {}, ['user.username', 'user.display_name', 'user.org', 'user.roles', 'user.disabled'].map((k) => h('th', { 'data-i18n': k })))),
    h('tbody', {}, users.items.map((u) => h('tr', {},
      h('td', { class: 'mono' }, u.username), h('td', {}, u.display_name),
      h('td', {}, orgById.has(u.org_id) ? orgName(orgById.get(u.org_id)) : u.org_id),
      h('td', {}, u.roles.map((r) => h('span', { class: 'tag', 'data-i18n': `role.${r}` }))),
      h('td', {}, u.disabled ? '✓' : '')))));
  const parts = [h('h1', { 'data-i18n': 'users.title' }), table];
  if (has('admin') || has('member')) {
    const grantable = has('admin') ? meta.roles : ['member', 'auditor'];
    const form = h('form', { class: 'stack', 'data-testid': 'user-form' },
      field('username', 'user.username', { required: true, autocomplete: 'off' }),
      field('display_name', 'user.display_name'),
      field('email', 'user.email', { type: 'email' }),
      has('admin') ? h('label', {}, h('span', { 'data-i18n': 'user.org' }),
        h('select', { name: 'org_id' }, orgs.items.map((o) => h('option', { value: o.id }, orgName(o))))) : null,
      h('fieldset', {}, h('legend', { 'data-i18n': 'user.roles' }), h('input', { type: 'hidden', name: 'roles' }),
        grantable.map((r) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'role', value: r }), h('span', { 'data-i18n': `role.${r}` })))),
      field('password', 'user.password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10 }),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'common.save' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const body = { username: fd.get('username'), display_name: fd.get('display_name'), email: fd.get('email'),
        password: fd.get('password'), roles: fd.getAll('role') };
      if (fd.get('org_id')) body.org_id = fd.get('org_id');
      try {
        await api('POST', '/api/v1/users', body);
        await usersPage();
        main.prepend(h('p', { class: 'notice', role: 'status' }, t('users.created')));
      } catch (err) { showFormError(form, err); }
    });
    parts.push(h('div', { class: 'card' }, h('h2', { 'data-i18n': 'users.create' }), form));
  }
  render(...parts);
}

// ---- tokens ----
async function tokensPage(justCreated = null) {
  const list = await api('GET', '/api/v1/tokens');
  const table = h('table', { 'data-testid': 'token-table' },
    h('thead', {}, h('tr', {}, ['tokens.name', 'user.roles', 'tokens.expires', 'tokens.status', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
    h('tbody', {}, list.items.map((tk) => h('tr', {},
      h('td', {}, tk.name), h('td', {}, tk.roles.map((r) => h('span', { class: 'tag', 'data-i18n': `role.${r}` }))),
      h('td', {}, tk.expires_at || t('tokens.never')),
      h('td', { 'data-i18n': tk.revoked_at ? 'tokens.revoked' : 'tokens.active' }),
      h('td', {}, tk.revoked_at ? '' : h('button', { class: 'secondary', type: 'button', 'data-i18n': 'tokens.revoke',
        onclick: async () => { await api('DELETE', `/api/v1/tokens/${encodeURIComponent(tk.id)}`); tokensPage(); } }))))));
  const form = h('form', { class: 'inline', 'data-testid': 'token-form' },
    field('name', 'tokens.name', { required: true }),
    field('expires_in_days', 'tokens.days', { type: 'number', min: 0, max: 3650, value: 90 }),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'tokens.create' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    try {
      const res = await api('POST', '/api/v1/tokens', { name: fd.get('name'), expires_in_days: Number(fd.get('expires_in_days') || 0) });
      tokensPage(res.secret);
    } catch (err) { showFormError(form, err); }
  });
  render(h('h1', { 'data-i18n': 'tokens.title' }),
    justCreated ? h('div', { class: 'card' }, h('p', { 'data-i18n': 'tokens.secretOnce' }), h('p', { class: 'secret', 'data-testid': 'token-secret' }, justCreated)) : null,
    h('div', { class: 'card' }, form), table);
}

// ---- audit ----
async function auditPage() {
  if (!has('admin') && !has('auditor') && !has('member')) { render(h('p', { 'data-i18n': 'common.forbidden' })); return; }
  const rows = [];
  const tbody = h('tbody');
  let after = 0;
  const more = h('button', { class: 'secondary', type: 'button', 'data-i18n': 'audit.older' });
  async function load() {
    const page = await api('GET', `/api/v1/audit?after=${after}&limit=100`);
    for (const r of page.items) {
      rows.push(r);
      tbody.append(h('tr', {}, h('td', { class: 'mono' }, r.seq), h('td', { class: 'mono' }, r.at), h('td', {}, r.actor),
        h('td', { class: 'mono' }, r.action), h('td', { class: 'mono' }, `${r.object_type}/${r.object_id}`),
        h('td', { class: 'mono' }, r.summary)));
      after = r.seq;
    }
    more.hidden = page.items.length < 100;
  }
  more.addEventListener('click', load);
  const result = h('div', { 'data-testid': 'audit-result' });
  const verify = h('button', { class: 'primary', type: 'button', 'data-i18n': 'audit.verify', hidden: !seesAll(),
    onclick: async () => {
      const v = await api('GET', '/api/v1/audit/verify');
      clear(result).append(h('p', { class: v.ok ? 'notice' : 'notice bad', role: 'status' },
        v.ok ? t('audit.ok', { n: v.records }) : t('audit.bad', { seq: v.first_bad_seq, reason: v.reason })));
    } });
  render(h('h1', { 'data-i18n': 'audit.title' }), h('div', { class: 'card' }, verify, result),
    h('table', {}, h('thead', {}, h('tr', {}, ['audit.seq', 'audit.at', 'audit.actor', 'audit.action', 'audit.object', 'audit.summary'].map((k) => h('th', { 'data-i18n': k })))), tbody),
    more);
  await load();
}

// Pages anyone may open without logging in: the register of valid ratings and verification.
const PUBLIC = { register: () => registerPage(), verify: (id) => verifyPage(id) };

const ROUTES = {
  ...PUBLIC,
  home: homePage, orgs: () => orgsPage(), users: usersPage, tokens: () => tokensPage(), audit: auditPage,
  webhooks: (id) => webhooksPage(ctx, id),
  sboms: () => productsPage(ctx), sbom: (id) => productPage(ctx, id),
  assessments: () => assessmentsPage(ctx), assessment: (id) => assessmentPage(ctx, id),
  ratings: () => ratingsPage(ctx), rating: (id) => ratingPage(ctx, id),
  ...jcstarRoutes(ctx), ...jcstarPublicRoutes,
  dashboard: dashboardPage, suppliers: () => suppliersPage(), supplier: (corp) => suppliersPage(corp), inbox: () => inboxPage(ctx),
};
// Pages anyone may open without logging in (JC-STAR public list and product pages).
const PUBLIC_ROUTES = { ...jcstarPublicRoutes };

async function route() {
  newRoute();
  const [name, arg] = (location.hash.replace(/^#\//, '') || 'home').split('/');
  if (!me && !PUBLIC[name] && !PUBLIC_ROUTES[name]) return loginPage();
  const section = { assessment: 'assessments', rating: 'ratings', supplier: 'suppliers', verify: 'register',
    'iot-product': 'iot-products', product: 'products', sbom: 'sboms' }[name] || name;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.getAttribute('href') === `#/${section}`);
  try {
    await (ROUTES[name] || homePage)(arg ? decodeURIComponent(arg) : undefined);
    if (!me) main.append(h('p', { class: 'muted' }, h('a', { href: '#/home', 'data-i18n': 'register.login' }, t('register.login'))));
  } catch (err) {
    if (err instanceof StaleRoute) return;
    if (err instanceof ApiError && err.status === 401) { me = null; return loginPage(); }
    render(h('p', { class: 'notice bad', role: 'alert' }, `${t('common.error')}: ${err.message}`));
  }
}

function enterApp() {
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('whoami').textContent = me.user.display_name || me.user.username;
  for (const a of document.querySelectorAll('[data-needs="audit"]')) a.hidden = !(has('admin') || has('auditor') || has('member'));
  for (const a of document.querySelectorAll('[data-needs="member"]')) a.hidden = !has('member');
  for (const g of document.querySelectorAll('#nav .nav-group')) g.hidden = ![...g.querySelectorAll('a')].some((a) => !a.hidden);
  route();
}

async function boot() {
  await initLang();
  const langBtn = document.getElementById('lang');
  langBtn.textContent = t('lang.switch');
  langBtn.addEventListener('click', async () => {
    await setLang(currentLang() === 'ja' ? 'en' : 'ja');
    langBtn.textContent = t('lang.switch');
    route();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('DELETE', '/api/v1/session'); } finally { me = null; setCsrf(null); location.hash = ''; loginPage(); }
  });
  applyI18n(document);
  meta = await api('GET', '/api/v1/meta');
  try {
    me = await api('GET', '/api/v1/session');
    setCsrf(me.csrf_token);
  } catch { me = null; }
  window.addEventListener('hashchange', route);
  if (me) enterApp(); else route();
}

boot();

// Supply-chain screens: the buyer's dashboard (SVG charts, heatmap, threat coverage, chain
// graph), the supplier list (add with the METI questions, CSV import/export, requests; with
// one supplier's product pictures on top when opened as #/supplier/{法人番号}), and the
// supplier's inbox (accept/decline requests, share and withdraw ratings).
import { api, StaleRoute } from './api.js';
import { barChart } from './charts.js';
import { loadGraph } from './graph.js';
import { h } from './dom.js';
import { applyI18n, currentLang, t } from './i18n.js';
import { supplierFindings } from './products.js';
import { area, field, notice, render, select, showFormError } from './ui.js';

const STATUSES = ['met', 'expiring', 'pending', 'overdue', 'expired', 'not_met'];
const pick = (o, k) => (currentLang() === 'en' && o[`${k}_en`] ? o[`${k}_en`] : o[`${k}_ja`]);
const statusBadge = (s) => h('span', { class: `badge ${s}`, 'data-i18n': `cst.${s}`, 'data-testid': 'supplier-status' });

function chartCard(titleKey, rows, testid) {
  return h('div', { class: 'card', 'data-testid': testid }, h('h2', { 'data-i18n': titleKey }),
    rows.some((r) => r.value) ? barChart(rows, { title: t(titleKey), width: 300, labelW: 84, barH: 18, gap: 6 }) : h('p', { 'data-i18n': 'dash.none' }));
}

// Which categories most suppliers miss, as bars (most missed first), above the heatmap.
function missingChart(heat) {
  const rows = heat.categories.filter((c) => c.suppliers_missing > 0)
    .sort((a, b) => b.suppliers_missing - a.suppliers_missing || a.id.localeCompare(b.id))
    .map((c) => ({ label: `${c.id}. ${pick(c, 'title')}`, value: c.suppliers_missing }));
  if (!rows.length) return '';
  return h('div', { 'data-testid': 'chart-missing' }, h('h3', { 'data-i18n': 'dash.missing' }),
    barChart(rows, { title: t('dash.missing'), width: 560, labelW: 240, barH: 14, gap: 5 }));
}

export async function dashboardPage() {
  const d = await api('GET', '/api/v1/dashboard');
  const c = d.counts;
  const statusRows = STATUSES.map((s) => ({ label: t(`cst.${s}`), value: c.by_status[s] || 0 }));
  const levelRows = Object.entries(c.by_required_level).map(([l, n]) => ({ label: `★${l}`, value: n }));
  const tierRows = Object.entries(c.by_tier).sort().map(([tier, n]) => ({ label: `Tier ${tier}`, value: n }));
  const sectorRows = Object.entries(c.by_sector).map(([s, n]) => ({ label: s === 'unregistered' ? '—' : t(`sector.${s}`), value: n }));
  const heat = d.heatmap;
  const heatTable = heat.suppliers.length ? h('table', { class: 'heat', 'data-testid': 'heatmap' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), heat.categories.map((cat) => h('th', { title: pick(cat, 'title') }, `${cat.id}. ${pick(cat, 'title')}`)))),
    h('tbody', {}, heat.suppliers.map((row) => h('tr', {}, h('th', {}, row.supplier), heat.categories.map((cat) => {
      const cell = row.cells.find((x) => x.category === cat.id);
      if (!cell) return h('td', { class: 'cell' }, '');
      const ratio = cell.criteria ? cell.met / cell.criteria : 0;
      return h('td', { class: `cell ${ratio >= 1 ? 'full' : ratio >= 0.7 ? 'most' : 'low'}` }, `${cell.met}/${cell.criteria}`);
    }))))) : h('p', { 'data-i18n': 'dash.none' });
  const threatTable = d.threat_coverage.length ? h('table', { 'data-testid': 'threats' },
    h('tbody', {}, d.threat_coverage.map((row) => h('tr', {}, h('th', {}, row.supplier),
      h('td', {}, row.threats.map((x) => h('span', { class: `badge ${x.covered ? 'met' : 'not_met'}`, title: pick(x, 'title') }, x.id.replace('ipa2026-', '#')))))))) : h('p', { 'data-i18n': 'dash.none' });
  const graph = h('div', { class: 'chain-graph', 'data-testid': 'chain-graph' });
  loadGraph(graph, '/api/v1/chain.svg?depth=3');
  render(h('h1', { 'data-i18n': 'dash.title' }),
    h('div', { class: 'grid' },
      chartCard('dash.byStatus', statusRows, 'chart-status'), chartCard('dash.byLevel', levelRows, 'chart-level'),
      chartCard('dash.byTier', tierRows, 'chart-tier'), chartCard('dash.bySector', sectorRows, 'chart-sector')),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'dash.expiring' }),
      h('p', {}, `${d.expiring_30} `, h('span', { 'data-i18n': 'dash.exp30' }), ` · ${d.expiring_90} `, h('span', { 'data-i18n': 'dash.exp90' })),
      h('ul', {}, d.expiring.map((x) => h('li', {}, `${x.supplier} — ${x.expires_at.slice(0, 10)}`))),
      d.expiring_90 > d.expiring.length ? h('p', { class: 'muted' }, t('dash.expMore', { n: d.expiring_90 - d.expiring.length })) : ''),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'dash.heatmap' }), missingChart(heat), heatTable),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'dash.threats' }), threatTable),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'dash.graph' }), graph),
    await supplierTable());
}

const PAGE = 100;

function supplierRow(s) {
  const tr = h('tr', { 'data-supplier': s.corporate_number },
    h('td', { class: 'mono' }, s.corporate_number), h('td', {}, s.name), h('td', {}, `★${s.required_level}`), h('td', {}, statusBadge(s.status)),
    h('td', {}, s.rating ? h('a', { href: `#/rating/${encodeURIComponent(s.rating.id)}` }, `★${s.rating.level} → ${s.rating.expires_at.slice(0, 10)}`) : '—'),
    h('td', {}, s.request ? `★${s.request.level} ${t(`rq.${s.request.status}`)} ${s.request.due_date}` : '—'),
    h('td', {}));
  const f = h('form', { class: 'inline', 'data-testid': 'request-form' },
    select('level', 'asm.level', [['4', null, '★4'], ['3', null, '★3']]),
    field('due_date', 'sup.due', { type: 'date', required: true }),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'sup.send' }));
  f.querySelector('select').value = s.required_level;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(f);
    try {
      await api('POST', '/api/v1/requests', { supplier: s.id, level: fd.get('level'), due_date: fd.get('due_date') });
      f.replaceWith(notice(t('sup.sent')));
    } catch (err) { showFormError(f, err); }
  });
  tr.lastChild.append(f);
  return tr;
}

// The buyer's suppliers a page at a time (a buyer may have tens of thousands), with a search
// by name or 法人番号 and a status filter; q starts the search (a supplier opened from a graph).
async function supplierTable(q = '') {
  const box = h('div', { 'data-testid': 'supplier-list' });
  const search = h('form', { class: 'inline filter', 'data-testid': 'supplier-filter' },
    field('q', 'sup.search', { value: q, maxlength: 200 }),
    select('status', 'sup.status', [['', 'sup.allStatuses'], ...STATUSES.map((x) => [x, `cst.${x}`])]),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'sup.filter' }));
  const load = async (offset) => {
    const fd = new FormData(search);
    const params = new URLSearchParams({ limit: PAGE, offset });
    if (fd.get('q')) params.set('q', fd.get('q'));
    if (fd.get('status')) params.set('status', fd.get('status'));
    const list = await api('GET', `/api/v1/suppliers?${params}`);
    const pager = h('p', { class: 'pager', 'data-testid': 'supplier-pager' },
      h('button', { class: 'secondary', type: 'button', disabled: offset === 0, 'data-i18n': 'sup.prev', onclick: () => load(Math.max(0, offset - PAGE)) }),
      ' ', h('span', {}, list.count ? t('sup.range', { from: offset + 1, to: offset + list.items.length, count: list.count, total: list.total }) : t('sup.noMatch')),
      ' ', h('button', { class: 'secondary', type: 'button', disabled: offset + PAGE >= list.count, 'data-i18n': 'sup.next', onclick: () => load(offset + PAGE) }));
    box.replaceChildren(search, list.items.length ? h('table', { 'data-testid': 'supplier-table' },
      h('thead', {}, h('tr', {}, ['sup.corp', 'sup.name', 'sup.required', 'sup.status', 'sup.rating', 'sup.request', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
      h('tbody', {}, list.items.map(supplierRow))) : '', pager);
    applyI18n(box);
  };
  search.addEventListener('submit', (ev) => { ev.preventDefault(); load(0); });
  await load(0);
  // A supplier opened from a graph that is not a direct supplier (a tier-2 one): the whole list.
  if (q && box.querySelector('[data-testid=supplier-table] tbody tr') === null) {
    search.querySelector('input[name=q]').value = '';
    await load(0);
  }
  return box;
}

export async function suppliersPage(corp) {
  const add = h('form', { class: 'stack', 'data-testid': 'supplier-form' },
    field('corporate_number', 'sup.corp', { required: true, inputmode: 'numeric', maxlength: 13 }), field('name', 'sup.name', { required: true }),
    field('contact_email', 'sup.email', { type: 'email' }),
    select('kind', 'sup.kind', ['contract', 'goods', 'service'].map((k) => [k, `kind.${k}`])),
    select('criticality', 'sup.crit', ['medium', 'low', 'high', 'critical'].map((k) => [k, `crit.${k}`])),
    h('div', { class: 'check-list' }, ['q1', 'q2', 'q3', 'f1', 'f2', 'f3'].map((q) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: q }), h('span', { 'data-i18n': `sup.${q}` })))),
    area('reason', 'sup.reason'),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'sup.add' }));
  add.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(add);
    const on = (k) => fd.get(k) === 'on';
    try {
      const r = await api('POST', '/api/v1/suppliers', { corporate_number: fd.get('corporate_number'), name: fd.get('name'),
        contact_email: fd.get('contact_email'), kind: fd.get('kind'), criticality: fd.get('criticality'), reason: fd.get('reason'),
        questions: { confidential_info: on('q1'), business_interruption: on('q2'), network_access: on('q3') },
        factors: { impact_range: on('f1'), no_substitute: on('f2'), stock_hard_to_secure: on('f3') } });
      await suppliersPage();
      if (r.invitation) document.getElementById('main').prepend(notice(`${t('sup.invite')}: ${r.invitation.token}`));
    } catch (err) { showFormError(add, err); }
  });
  const file = h('input', { type: 'file', accept: '.csv,text/csv,.xlsx', 'data-testid': 'import-file', 'aria-label': t('sup.import') });
  const importBox = h('div', { class: 'card' }, h('h2', { 'data-i18n': 'sup.import' }), file, h('div', { 'data-testid': 'import-result' }));
  file.addEventListener('change', async () => {
    const out = importBox.lastChild;
    out.replaceChildren();
    const res = await fetch('/api/v1/suppliers/import', { method: 'POST', body: file.files[0],
      headers: { 'Content-Type': file.files[0].name.endsWith('.xlsx') ? 'application/octet-stream' : 'text/csv', 'X-CSRF-Token': window.hoshiCsrf || '' } });
    const body = await res.json();
    if (res.ok) { await suppliersPage(); document.getElementById('main').prepend(notice(t('sup.importDone', { n: body.added }))); return; }
    out.append(notice(body.error.message, true), h('ul', {}, (body.rows || []).map((x) => h('li', {}, `row ${x.row} · ${x.column}: ${x.message}`))));
  });
  // Arriving at one supplier (from the chain or impact graph, at any tier): its products first.
  const focus = corp && /^[0-9]{13}$/.test(corp) ? await supplierFindings(corp).catch((err) => { if (err instanceof StaleRoute) throw err; return null; }) : null;
  render(h('h1', { 'data-i18n': 'sup.title' }), focus,
    h('p', {}, h('a', { href: '/api/v1/suppliers?format=csv', 'data-i18n': 'sup.export' }), ' · ',
      h('a', { href: '/api/v1/suppliers?format=xlsx', 'data-testid': 'export-xlsx' }, 'XLSX')),
    await supplierTable(corp && /^[0-9]{13}$/.test(corp) ? corp : ''), importBox, h('div', { class: 'card' }, h('h2', { 'data-i18n': 'sup.add' }), add));
  // Arriving from a node of the chain graph: show that supplier.
  const row = corp && document.querySelector(`tr[data-supplier="${CSS.escape(corp)}"]`);
  if (row) { row.classList.add('highlight'); row.scrollIntoView({ block: 'center' }); }
}

export async function inboxPage(ctx) {
  const [reqs, shares, ratings, buyers] = await Promise.all([api('GET', '/api/v1/requests'), api('GET', '/api/v1/shares'),
    api('GET', '/api/v1/ratings'), api('GET', '/api/v1/buyers')]);
  const reqTable = h('table', { 'data-testid': 'inbox' },
    h('thead', {}, h('tr', {}, ['inbox.from', 'asm.level', 'sup.due', 'sup.message', 'asm.status', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
    h('tbody', {}, reqs.items.map((q) => {
      const actions = h('td', {});
      if (q.status === 'sent') {
        const dec = h('form', { class: 'inline' }, field('reason', 'inbox.reason'), h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'inbox.decline' }));
        dec.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          try { await api('POST', `/api/v1/requests/${encodeURIComponent(q.id)}/decline`, { reason: new FormData(dec).get('reason') }); inboxPage(ctx); }
          catch (err) { showFormError(dec, err); }
        });
        actions.append(h('button', { class: 'primary', type: 'button', 'data-i18n': 'inbox.accept', 'data-testid': 'accept',
          onclick: async () => { await api('POST', `/api/v1/requests/${encodeURIComponent(q.id)}/accept`); inboxPage(ctx); } }), dec);
      }
      return h('tr', {}, h('td', {}, pick(q, 'buyer_name') || q.buyer_name_ja), h('td', {}, `★${q.level}`), h('td', {}, q.due_date),
        h('td', {}, q.message), h('td', { 'data-i18n': `rq.${q.status}` }), actions);
    })));
  const valid = ratings.items.filter((r) => r.org_id === ctx.me.user.org_id && r.status === 'valid');
  const shareForm = h('form', { class: 'inline', 'data-testid': 'share-form' },
    select('rating', 'inbox.rating', valid.map((r) => [r.id, null, `★${r.level} ${r.catalog} → ${r.expires_at.slice(0, 10)}`])),
    select('buyer', 'inbox.buyer', buyers.items.map((b) => [b.org_id, null, `${pick(b, 'name') || b.name_ja} (★${b.required_level})`])),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'inbox.shareButton' }));
  shareForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(shareForm);
    try { await api('POST', '/api/v1/shares', { rating: fd.get('rating'), buyer: fd.get('buyer') }); await inboxPage(ctx); document.getElementById('main').prepend(notice(t('inbox.shared'))); }
    catch (err) { showFormError(shareForm, err); }
  });
  const given = shares.given.filter((x) => !x.withdrawn_at);
  render(h('h1', { 'data-i18n': 'inbox.title' }),
    h('h2', { 'data-i18n': 'inbox.requests' }), reqs.items.length ? reqTable : h('p', { 'data-i18n': 'dash.none' }),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'inbox.share' }), valid.length && buyers.items.length ? shareForm : h('p', { 'data-i18n': 'dash.none' })),
    h('h2', { 'data-i18n': 'inbox.shares' }),
    h('table', { 'data-testid': 'shares' }, h('tbody', {}, given.map((x) => h('tr', {}, h('td', {}, x.buyer_name), h('td', {}, `★${x.level}`),
      h('td', {}, x.created_at.slice(0, 10)),
      h('td', {}, h('button', { class: 'secondary', type: 'button', 'data-i18n': 'inbox.withdraw',
        onclick: async () => { await api('DELETE', `/api/v1/shares/${encodeURIComponent(x.id)}`); inboxPage(ctx); } })))))));
}

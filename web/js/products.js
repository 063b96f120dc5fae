// Products screen: the organization's products and those shared with it, registering one,
// uploading an SBOM per version, findings with the supplier's VEX, sharing, buyer impact
// across tiers with its graph, and the findings pictures of a product or of a supplier.
import { api } from './api.js';
import { barChart } from './charts.js';
import { h } from './dom.js';
import { loadGraph } from './graph.js';
import { applyI18n, t } from './i18n.js';
import { area, field, notice, render, select, showFormError } from './ui.js';

const TYPES = ['software', 'iot', 'service', 'firmware'];
const IMPACT_PAGE = 100;
const VEX = ['not_affected', 'affected', 'fixed', 'under_investigation'];
const JUST = ['component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist'];

const score = (f) => (f.max_score === null ? '' : f.max_score.toFixed(1));
const kevTag = (f) => (f.kev ? h('span', { class: 'badge bad', title: f.kev_cve }, `KEV ${f.kev_due_date || ''}`) : '');
const vexText = (f) => (f.vex ? `${f.vex.status}${f.vex.justification ? ` (${f.vex.justification})` : ''}${f.vex.action ? `: ${f.vex.action}` : ''}` : '');

// Where a supplier sits in the buyer's chain: "Tier 2 · 東海 → 三河 → 岡崎", or outside it.
const placeText = (x) => (x.tier == null ? t('prd.outsideChain')
  : `${t('prd.tierN', { n: x.tier })} · ${x.path.map((p) => p.name).join(' → ')}`);
const supplierLink = (name, corp) => (corp ? h('a', { href: `#/supplier/${encodeURIComponent(corp)}` }, name) : name);

function impactBox() {
  const out = h('div', { 'data-testid': 'impact-result' });
  const graph = h('div', { class: 'chain-graph', 'data-testid': 'impact-graph' });
  const legend = h('p', { class: 'muted', 'data-testid': 'impact-legend' },
    ['critical', 'high', 'medium', 'low', 'none'].map((b) => h('span', { class: `sev ${b}`, 'data-i18n': `prd.sev.${b}` })),
    h('span', { class: 'sev kev', 'data-i18n': 'prd.kevLegend' }));
  const graphBox = h('div', { hidden: true }, h('h3', { 'data-i18n': 'prd.impactGraph' }), legend, graph);
  const form = h('form', { class: 'row', 'data-testid': 'impact-form' },
    field('advisory', 'prd.advisory', { placeholder: 'CVE-…' }),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'kev' }), h('span', { 'data-i18n': 'prd.kevOnly' })),
    select('min_severity', 'prd.minSeverity', [['', 'prd.any'], ['low', '', 'low'], ['medium', '', 'medium'], ['high', '', 'high'], ['critical', '', 'critical']]),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'prd.impactRun' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const q = new URLSearchParams();
    if (fd.get('advisory')) q.set('vuln', fd.get('advisory'));
    if (fd.get('kev')) q.set('kev', 'true');
    if (fd.get('min_severity')) q.set('min_severity', fd.get('min_severity'));
    const row = (f) => h('tr', {}, h('td', {}, supplierLink(f.supplier, f.supplier_corpnum)),
      h('td', { class: 'muted' }, placeText(f)), h('td', {}, f.product_name),
      h('td', { class: 'mono' }, f.version), h('td', { class: 'mono' }, f.component || `${f.ecosystem}/${f.package}`),
      h('td', { class: 'mono' }, f.advisory, ' ', kevTag(f)), h('td', {}, score(f)), h('td', {}, vexText(f)));
    // A page of answers at a time: "any severity" may match thousands of findings.
    const page = async (tbody, more, offset) => {
      const res = await api('GET', `/api/v1/impact?${q}&limit=${IMPACT_PAGE}&offset=${offset}`);
      tbody.append(...res.items.map(row));
      more.hidden = !res.more;
      more.onclick = () => page(tbody, more, offset + IMPACT_PAGE).catch((err) => showFormError(form, err));
      return res.items.length;
    };
    try {
      const tbody = h('tbody', {});
      const more = h('button', { class: 'secondary', type: 'button', hidden: true, 'data-testid': 'impact-more', 'data-i18n': 'prd.more' });
      const n = await page(tbody, more, 0);
      out.replaceChildren(n
        ? h('div', {}, h('table', {}, h('thead', {}, h('tr', {}, ['prd.supplier', 'prd.tier', 'prd.product', 'prd.version', 'prd.package', 'prd.advisoryCol', 'prd.score', 'prd.vex']
          .map((k) => h('th', {}, t(k))))), tbody), more)
        : h('p', {}, t('prd.noImpact')));
      applyI18n(out);
      graph.replaceChildren();
      graphBox.hidden = !n;
      if (n) await loadGraph(graph, `/api/v1/impact/graph.svg?${q}`);
    } catch (err) { showFormError(form, err); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.impact' }), form, out, graphBox);
}

export async function productsPage(ctx) {
  if (!ctx.has('member')) { render(h('p', { 'data-i18n': 'common.forbidden' })); return; }
  const list = await api('GET', '/api/v1/products');
  const table = h('table', { 'data-testid': 'product-table' },
    h('thead', {}, h('tr', {}, ['prd.name', 'prd.supplier', 'prd.type', 'prd.access', 'prd.versions', 'prd.open', 'prd.kev']
      .map((k) => h('th', { 'data-i18n': k })))),
    h('tbody', {}, list.items.map((p) => h('tr', {},
      h('td', {}, h('a', { href: `#/sbom/${encodeURIComponent(p.id)}` }, p.name)), h('td', {}, p.supplier),
      h('td', { 'data-i18n': `prd.type.${p.type}` }), h('td', { 'data-i18n': `prd.access.${p.access}` }),
      h('td', {}, p.versions), h('td', {}, p.open_findings), h('td', {}, p.kev_findings)))));
  const form = h('form', { class: 'stack', 'data-testid': 'product-form' },
    field('name', 'prd.name', { required: true, maxlength: 200 }),
    select('type', 'prd.type', TYPES.map((x) => [x, `prd.type.${x}`])),
    area('description', 'prd.description', { maxlength: 4000 }),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'prd.create' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    try {
      const res = await api('POST', '/api/v1/products', { name: fd.get('name'), type: fd.get('type'), description: fd.get('description') });
      location.hash = `#/sbom/${encodeURIComponent(res.id)}`;
    } catch (err) { showFormError(form, err); }
  });
  render(h('h1', { 'data-i18n': 'prd.title' }), h('p', { class: 'muted', 'data-i18n': 'prd.intro' }),
    list.items.length ? table : h('p', { 'data-i18n': 'prd.none' }),
    impactBox(), h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.new' }), form));
}

function vexForm(ctx, pid, f) {
  const form = h('form', { class: 'row' },
    select('status', 'prd.vex', VEX.map((x) => [x, '', x])),
    select('justification', 'prd.justification', [['', 'prd.any'], ...JUST.map((x) => [x, '', x])]),
    field('action', 'prd.action', { maxlength: 4000 }),
    h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'prd.vexSave' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const body = { status: fd.get('status') };
    if (fd.get('justification')) body.justification = fd.get('justification');
    if (fd.get('action')) body.action = fd.get('action');
    try {
      await api('PUT', `/api/v1/findings/${encodeURIComponent(f.id)}/vex`, body);
      await productPage(ctx, pid);
    } catch (err) { showFormError(form, err); }
  });
  return form;
}

// Pictures of findings — of one product, or of every product a supplier shares with the buyer:
// open ones by severity, open findings at the end of each of the last 12 weeks (from
// first_seen / resolved_at), and the oldest open KEV finding.
export function findingCharts(items) {
  const open = items.filter((f) => f.state === 'open');
  const band = (f) => (f.max_score == null ? 'none' : f.max_score >= 9 ? 'critical' : f.max_score >= 7 ? 'high' : f.max_score >= 4 ? 'medium' : 'low');
  const sev = ['critical', 'high', 'medium', 'low', 'none'].map((b) => ({ label: t(`prd.sev.${b}`), value: open.filter((f) => band(f) === b).length }));
  const weeks = [];
  const now = Date.now();
  for (let w = 11; w >= 0; w--) {
    const end = now - w * 7 * 86400e3;
    const isOpen = (f) => Date.parse(f.first_seen) <= end && (!f.resolved_at || Date.parse(f.resolved_at) > end);
    const gone = (f) => f.resolved_at && Date.parse(f.resolved_at) <= end;
    weeks.push({ label: new Date(end).toISOString().slice(5, 10), value: items.filter(isOpen).length, part: items.filter(gone).length });
  }
  const kev = open.filter((f) => f.kev).sort((a, b) => a.first_seen.localeCompare(b.first_seen))[0];
  const days = kev ? Math.floor((now - Date.parse(kev.first_seen)) / 86400e3) : 0;
  return h('div', { class: 'grid', 'data-testid': 'finding-charts' },
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.chartSeverity' }), barChart(sev, { title: t('prd.chartSeverity'), width: 320, labelW: 90, barH: 16, gap: 5 })),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.chartWeeks' }), barChart(weeks, { title: t('prd.chartWeeks'), width: 320, labelW: 50, barH: 12, gap: 4 }),
      h('p', { class: 'muted' }, h('span', { class: 'legend-sme' }, '■'), ' ', h('span', { 'data-i18n': 'prd.resolvedLegend' }))),
    h('div', { class: 'card', 'data-testid': 'oldest-kev' }, h('h2', { 'data-i18n': 'prd.oldestKev' }),
      kev ? h('p', {}, h('strong', { class: 'mono' }, kev.kev_cve || kev.advisory), ` — ${t('prd.openSince', { date: kev.first_seen.slice(0, 10), days })}`,
        kev.product_name ? h('br') : '', kev.product_name ? `${kev.product_name} ${kev.version}` : '')
        : h('p', { 'data-i18n': 'prd.noKev' })));
}

export async function productPage(ctx, pid, message = null) {
  const list = await api('GET', '/api/v1/products');
  const p = list.items.find((x) => x.id === pid);
  if (!p) { render(h('p', { 'data-i18n': 'common.forbidden' })); return; }
  const owner = p.access === 'owner';
  const findings = await api('GET', `/api/v1/products/${encodeURIComponent(pid)}/findings`);
  const table = h('table', { 'data-testid': 'finding-table' },
    h('thead', {}, h('tr', {}, ['prd.version', 'prd.package', 'prd.advisoryCol', 'prd.score', 'prd.state', 'prd.firstSeen', 'prd.vex']
      .map((k) => h('th', { 'data-i18n': k })))),
    h('tbody', {}, findings.items.map((f) => h('tr', {},
      h('td', { class: 'mono' }, f.version), h('td', { class: 'mono' }, f.component || `${f.ecosystem}/${f.package}`),
      h('td', { class: 'mono' }, f.advisory, ' ', kevTag(f), h('div', { class: 'muted' }, f.summary)),
      h('td', {}, score(f)), h('td', {}, f.state), h('td', { class: 'mono' }, f.first_seen),
      h('td', {}, vexText(f), owner && f.state === 'open' ? vexForm(ctx, pid, f) : '')))));
  const parts = [h('h1', {}, p.name), h('p', { class: 'muted' }, `${p.supplier} · ${t(`prd.type.${p.type}`)}`),
    findingCharts(findings.items)];
  if (message) parts.push(notice(message));
  if (owner) {
    const up = h('form', { class: 'row', 'data-testid': 'sbom-form' },
      field('version', 'prd.version', { required: true, maxlength: 100 }),
      field('file', 'prd.file', { type: 'file', required: true, accept: '.json,application/json' }),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'prd.upload' }));
    up.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const fd = new FormData(up);
      try {
        const r = await api('POST', `/api/v1/products/${encodeURIComponent(pid)}/versions/${encodeURIComponent(fd.get('version'))}/sbom`,
          undefined, fd.get('file'));
        await productPage(ctx, pid, t('prd.uploaded', { n: r.components, open: r.findings.open, fresh: r.findings.new, ntia: Math.round(r.quality.ntia_all) }));
      } catch (err) { showFormError(up, err); }
    });
    const share = h('form', { class: 'row', 'data-testid': 'share-form' },
      field('buyer', 'prd.buyer', { required: true, placeholder: '1234567890123' }),
      select('scope', 'prd.scope', [['status', 'prd.access.status'], ['sbom', 'prd.access.sbom']]),
      h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'prd.share' }));
    share.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const fd = new FormData(share);
      try {
        const r = await api('POST', '/api/v1/product-shares', { product: pid, buyer: fd.get('buyer'), scope: fd.get('scope') });
        await productPage(ctx, pid, t('prd.shared', { id: r.id }));
      } catch (err) { showFormError(share, err); }
    });
    const shares = (await api('GET', '/api/v1/product-shares')).given.filter((x) => x.product === pid);
    const withdraw = h('table', { 'data-testid': 'share-table' },
      h('thead', {}, h('tr', {}, ['prd.buyerName', 'prd.scope', 'prd.sharedAt', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
      h('tbody', {}, shares.map((x) => h('tr', {}, h('td', {}, x.buyer), h('td', { 'data-i18n': `prd.access.${x.scope}` }),
        h('td', { class: 'mono' }, x.created_at),
        h('td', {}, x.withdrawn_at ? h('span', { class: 'muted' }, `${t('prd.withdrawn')} ${x.withdrawn_at}`)
          : h('button', { class: 'secondary', type: 'button', 'data-i18n': 'prd.withdraw',
            onclick: async () => {
              await api('DELETE', `/api/v1/product-shares/${encodeURIComponent(x.id)}`);
              await productPage(ctx, pid, t('prd.withdrawn'));
            } }))))));
    parts.push(h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.upload' }), up),
      h('div', { class: 'card' }, h('h2', { 'data-i18n': 'prd.share' }), share, withdraw));
  }
  parts.push(h('h2', { 'data-i18n': 'prd.findings' }), findings.items.length ? table : h('p', { 'data-i18n': 'prd.noFindings' }));
  render(...parts);
}

// A buyer looking at one supplier (any tier): where it sits in the chain, and the pictures of
// the findings of every product it shares with the buyer.
export async function supplierFindings(corp) {
  const res = await api('GET', `/api/v1/suppliers/${encodeURIComponent(corp)}/findings`);
  const sup = res.supplier;
  const products = [...new Map(res.items.map((f) => [f.product, f.product_name])).entries()];
  return h('div', { class: 'card', 'data-testid': 'supplier-findings' },
    h('h2', {}, t('prd.supplierFindings', { name: sup.name })),
    h('p', { class: 'muted' }, h('span', { class: 'mono' }, sup.corporate_number), ' · ', placeText(sup)),
    res.items.length ? [findingCharts(res.items),
      h('p', { 'data-testid': 'supplier-products' }, t('prd.supplierProducts'), ' ', products.flatMap(([id, name], i) => [i ? ', ' : '', h('a', { href: `#/sbom/${encodeURIComponent(id)}` }, name)]))]
      : h('p', { 'data-i18n': 'prd.noSupplierShares' }));
}

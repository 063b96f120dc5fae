// SCS screens: the assessment list and start form, the workspace of one assessment (supplier
// answers with autosave and evidence, expert review, evaluator findings, declaration), the
// rating page, the organization's ratings and improvement plan, and the home-page cards.
import { api } from './api.js';
import { assessmentDownloads, ratingDownloads } from './cert.js';
import { h } from './dom.js';
import { applyI18n, currentLang, t } from './i18n.js';
import { area, bar, field, notice, render, select, showFormError } from './ui.js';

const pick = (o, k) => (currentLang() === 'en' && o[`${k}_en`] ? o[`${k}_en`] : o[`${k}_ja`]);
const badge = (status, prefix = 'status') => h('span', { class: `badge ${status}`, 'data-i18n': `${prefix}.${status}`, 'data-testid': 'status' });
const stars = (level) => `★${level}`;

async function orgNames() {
  try {
    const r = await api('GET', '/api/v1/orgs');
    return new Map(r.items.map((o) => [o.id, currentLang() === 'en' && o.name_en ? o.name_en : o.name_ja]));
  } catch { return new Map(); }
}

// ---- list and start ----
// Experts start on their review queue (submitted), evaluators on their evaluations; everyone
// can switch to all.
export async function assessmentsPage(ctx, filter) {
  if (filter === undefined) filter = ctx.has('expert') ? 'submitted' : ctx.has('evaluator') ? 'requested' : '';
  const q = filter ? `?status=${encodeURIComponent(filter)}` : '';
  const [list, catalogs] = await Promise.all([api('GET', `/api/v1/assessments${q}`), api('GET', '/api/v1/catalogs')]);
  const tabs = h('p', { class: 'tabs', 'data-testid': 'status-tabs' },
    ['', 'draft', 'submitted', 'confirmed', 'requested', 'evaluating', 'corrective_actions', 'rated'].map((st) =>
      h('button', { type: 'button', class: st === filter ? 'primary' : 'secondary', 'data-i18n': st ? `status.${st}` : 'asm.all',
        onclick: () => assessmentsPage(ctx, st) })));
  const rows = list.items.map((a) => h('tr', {},
    h('td', {}, currentLang() === 'en' && a.org_name_en ? a.org_name_en : a.org_name_ja),
    h('td', { class: 'mono' }, a.catalog), h('td', {}, stars(a.level)), h('td', {}, badge(a.status)),
    h('td', { class: 'mono' }, a.updated_at),
    h('td', {}, h('a', { href: `#/assessment/${encodeURIComponent(a.id)}`, 'data-i18n': 'asm.open', 'data-testid': 'open-assessment' }))));
  const parts = [h('h1', { 'data-i18n': 'asm.title' }), tabs,
    list.items.length ? h('table', { 'data-testid': 'assessment-table' },
      h('thead', {}, h('tr', {}, ['asm.org', 'asm.catalog', 'asm.level', 'asm.status', 'asm.updated', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
      h('tbody', {}, rows)) : h('p', { 'data-i18n': 'asm.empty' })];
  if (ctx.has('member') && catalogs.items.length) parts.push(await startForm(ctx, catalogs.items, list.items));
  render(...parts);
}

async function startForm(ctx, catalogs, existing) {
  const docs = new Map();
  const levelSel = h('select', { name: 'level' });
  const catSel = h('select', { name: 'catalog' }, catalogs.map((c) => h('option', { value: c.id }, `${pick(c, 'title')} (${c.id})`)));
  async function fillLevels() {
    if (!docs.has(catSel.value)) docs.set(catSel.value, await api('GET', `/api/v1/catalogs/${encodeURIComponent(catSel.value)}`));
    const doc = docs.get(catSel.value);
    levelSel.replaceChildren(...doc.levels.map((l) => h('option', { value: l.id }, currentLang() === 'en' ? l.name.en : l.name.ja)));
  }
  catSel.addEventListener('change', fillLevels);
  const preferred = catalogs.find((c) => c.scheme === 'scs');
  if (preferred) catSel.value = preferred.id;
  await fillLevels();
  const mine = existing.filter((a) => a.org_id === ctx.me.user.org_id);
  const form = h('form', { class: 'stack', 'data-testid': 'assessment-form' },
    h('label', {}, h('span', { 'data-i18n': 'asm.catalog' }), catSel),
    h('label', {}, h('span', { 'data-i18n': 'asm.level' }), levelSel),
    select('scope_kind', 'asm.scopeKind', [['company', 'scope.company'], ['group', 'scope.group'], ['division', 'scope.division']]),
    area('scope.description', 'asm.scopeDesc', { required: true }),
    area('exclusions', 'asm.exclusions'),
    select('from', 'asm.from', [['', 'asm.none'], ...mine.map((a) => [a.id, null, `${a.catalog} ${stars(a.level)} ${a.created_at.slice(0, 10)}`])]),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'asm.start' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const exclusions = String(fd.get('exclusions') || '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const i = l.search(/[:：]/);
      return i < 0 ? { asset: l, reason: '' } : { asset: l.slice(0, i).trim(), reason: l.slice(i + 1).trim() };
    });
    const body = { catalog: fd.get('catalog'), level: fd.get('level'),
      scope: { kind: fd.get('scope_kind'), description: fd.get('scope.description'), exclusions } };
    if (fd.get('from')) body.from = fd.get('from');
    try {
      const a = await api('POST', '/api/v1/assessments', body);
      location.hash = `#/assessment/${encodeURIComponent(a.id)}`;
    } catch (err) { showFormError(form, err); }
  });
  return h('div', { class: 'card' }, h('h2', { 'data-i18n': 'asm.new' }), form);
}

// ---- one assessment ----
export async function assessmentPage(ctx, id) {
  const d = await api('GET', `/api/v1/assessments/${encodeURIComponent(id)}`);
  const self = d.path === 'self_with_expert';
  const experts = self ? await api('GET', '/api/v1/experts').catch(() => ({ items: [] })) : { items: [] };
  const expert = experts.items.find((x) => x.user_id === d.expert_user_id);
  const reload = () => assessmentPage(ctx, id);
  const act = async (path, body, form) => {
    try {
      const r = await api('POST', `/api/v1/assessments/${encodeURIComponent(id)}/${path}`, body);
      await reload();
      if (r?.rating_id) location.hash = `#/rating/${encodeURIComponent(r.rating_id)}`;
    } catch (err) {
      if (form) showFormError(form, err);
      else document.getElementById('actions-error')?.replaceChildren(notice(err.message, true));
    }
  };

  let header = buildHeader(d, self, expert);
  onSaved = async () => {
    const fresh = await api('GET', `/api/v1/assessments/${encodeURIComponent(id)}`);
    const next = buildHeader(fresh, self, expert);
    header.replaceWith(next);
    applyI18n(next);
    header = next;
  };
  render(header, await actionsCard(ctx, d, act, reload), ...d.requirements.map((r) => requirementCard(d, r, reload)));
}

function buildHeader(d, self, expert) {
  const progress = h('div', { class: 'progress', 'data-testid': 'progress' },
    d.categories.flatMap((c) => [h('span', {}, `${c.id}. ${pick(c, 'title')}`),
      bar(self ? c.answered : c.conformant, c.criteria, self ? c.met : null),
      h('span', { class: 'muted' }, `${self ? c.met : c.conformant}/${c.criteria}`)]));
  return h('div', { class: 'card' },
    h('h1', {}, `${d.catalog_info ? pick(d.catalog_info, 'title') : d.catalog} — ${stars(d.level)} `, badge(d.status)),
    d.catalog_info && !d.catalog_info.official_wording ? h('p', { class: 'muted', 'data-i18n': 'asm.unofficial' }) : null,
    h('p', {}, h('strong', { 'data-i18n': 'asm.scope' }), ': ', h('span', { 'data-i18n': `scope.${d.scope.kind}` }), ' — ', d.scope.description),
    d.scope.exclusions.length ? h('ul', {}, d.scope.exclusions.map((x) => h('li', {}, `${x.asset}: ${x.reason}`))) : null,
    self ? h('p', {}, h('strong', { 'data-i18n': 'asm.expert' }), ': ', expert ? `${expert.display_name} (${pick(expert, 'org_name')})` : '—') : null,
    d.return_reason ? notice(`${t('asm.returned')}: ${d.return_reason}`, true) : null,
    d.rating_id ? h('p', {}, h('a', { href: `#/rating/${encodeURIComponent(d.rating_id)}`, 'data-i18n': 'asm.viewRating', 'data-testid': 'rating-link' })) : null,
    assessmentDownloads(d),
    h('h2', { 'data-i18n': 'asm.progress' }),
    h('p', { class: 'muted' }, `${d.progress.answered}/${d.progress.criteria} ${t('asm.answered')} · ${self ? d.progress.met : d.progress.conformant}/${d.progress.criteria} ${t('asm.met')}`),
    progress);

}

async function actionsCard(ctx, d, act, reload) {
  const box = h('div', { class: 'card actions', 'data-testid': 'actions' }, h('div', { id: 'actions-error' }));
  const button = (key, onclick, testid) => h('button', { class: 'primary', type: 'button', 'data-i18n': key, 'data-testid': testid, onclick });
  const c = d.can;
  if (c.edit && d.status === 'draft' && d.path === 'self_with_expert') box.append(button('asm.submit', () => act('submit'), 'submit'));
  if (c.review && d.status === 'submitted') {
    box.append(button('asm.confirm', () => act('confirm'), 'confirm'));
    const f = h('form', { class: 'inline' }, field('reason', 'asm.returnReason', { required: true }),
      h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'asm.return' }));
    f.addEventListener('submit', (ev) => { ev.preventDefault(); act('return', { reason: new FormData(f).get('reason') }, f); });
    box.append(f);
  }
  if (c.declare && d.status === 'confirmed') {
    const today = new Date().toISOString().slice(0, 10);
    const f = h('form', { class: 'stack', 'data-testid': 'declare-form' }, h('h2', { 'data-i18n': 'asm.declare' }),
      field('exec_name', 'asm.execName', { required: true }), field('exec_title', 'asm.execTitle', { required: true }),
      field('date', 'asm.date', { type: 'date', value: today, required: true }),
      area('text', 'asm.declText', { required: true }),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'asm.declareButton' }));
    f.querySelector('textarea').value = t('asm.declDefault');
    f.addEventListener('submit', (ev) => { ev.preventDefault(); act('declare', Object.fromEntries(new FormData(f)), f); });
    box.append(f);
  }
  if (c.edit && d.status === 'draft' && d.path === 'third_party') {
    const bodies = await api('GET', '/api/v1/evaluation-bodies');
    const orgs = [...new Map(bodies.items.map((b) => [b.org_id, pick(b, 'org_name')])).entries()];
    const f = h('form', { class: 'inline' }, select('body_org_id', 'asm.body', orgs.map(([id, name]) => [id, null, name])),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'asm.requestEval' }));
    f.addEventListener('submit', (ev) => { ev.preventDefault(); act('request-evaluation', { body_org_id: new FormData(f).get('body_org_id') }, f); });
    box.append(f);
  }
  if (c.accept && d.status === 'requested') {
    const bodies = await api('GET', '/api/v1/evaluation-bodies');
    const mine = bodies.items.filter((b) => b.org_id === d.body_org_id);
    const f = h('form', { class: 'inline' },
      h('fieldset', {}, h('legend', { 'data-i18n': 'asm.evaluators' }), h('input', { type: 'hidden', name: 'evaluators' }),
        mine.map((b) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'ev', value: b.user_id }), b.display_name))),
      field('start', 'asm.start', { type: 'date', required: true }), field('end', 'asm.end', { type: 'date', required: true }),
      h('button', { class: 'primary', type: 'submit', 'data-i18n': 'asm.accept' }));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(f);
      act('accept', { evaluators: fd.getAll('ev'), start: fd.get('start'), end: fd.get('end') }, f);
    });
    box.append(f);
  }
  if (c.evaluate && d.status === 'evaluating') {
    box.append(h('button', { class: 'secondary', type: 'button', 'data-i18n': 'asm.requestCorr', onclick: () => act('request-corrections') }));
    const up = h('input', { type: 'file', 'aria-label': t('asm.testReport') });
    up.addEventListener('change', async () => {
      try { await upload(d.id, null, 'technical_test', up.files[0]); await reload(); }
      catch (err) { document.getElementById('actions-error')?.replaceChildren(notice(err.message, true)); }
    });
    box.append(h('label', {}, h('span', { 'data-i18n': 'asm.testReport' }), up));
    const reports = (d.evidence || []).filter((e) => e.kind === 'technical_test');
    if (reports.length) box.append(h('ul', {}, reports.map(evidenceItem)));
    const f = h('form', { class: 'inline' }, field('reason', 'asm.reason', { required: true }),
      h('button', { class: 'primary', type: 'submit', name: 'pass', value: 'true', 'data-i18n': 'asm.decidePass' }),
      h('button', { class: 'secondary', type: 'submit', name: 'pass', value: 'false', 'data-i18n': 'asm.decideFail' }));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act('decide', { pass: ev.submitter?.value === 'true', reason: new FormData(f).get('reason') }, f);
    });
    box.append(f);
  }
  if (c.correct && d.status === 'corrective_actions') box.append(button('asm.corrDone', () => act('corrections-done'), 'corrections-done'));
  return box.childElementCount > 1 ? box : null;
}

async function upload(id, criterion, kind, file) {
  if (!file) return null;
  const q = new URLSearchParams({ kind, filename: file.name });
  if (criterion) q.set('criterion', criterion);
  return api('POST', `/api/v1/assessments/${encodeURIComponent(id)}/evidence?${q}`, undefined, file);
}

function evidenceItem(e) {
  return h('li', {}, h('a', { href: `/api/v1/evidence/${encodeURIComponent(e.id)}` }, e.filename),
    h('span', { class: 'muted' }, ` (${Math.ceil(e.size / 1024)} KB)`));
}

function requirementCard(d, r, reload) {
  const comments = d.comments.filter((c) => c.requirement === r.id);
  const card = h('div', { class: 'card req', 'data-requirement': r.id },
    h('h3', {}, h('span', { class: 'mono' }, r.id), ' ', pick(r, 'title')),
    pick(r, 'summary') ? h('p', { class: 'muted' }, pick(r, 'summary')) : null,
    r.criteria.map((c) => criterionRow(d, c)));
  if (comments.length || (d.can.review && d.status === 'submitted')) {
    const box = h('div', {}, h('strong', { 'data-i18n': 'asm.comments' }),
      h('ul', {}, comments.map((c) => h('li', {}, `${c.author}: ${c.body}`))));
    if (d.can.review && d.status === 'submitted') {
      const f = h('form', { class: 'inline' }, field('body', 'asm.comment', { required: true }),
        h('button', { class: 'secondary', type: 'submit', 'data-i18n': 'asm.addComment' }));
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api('POST', `/api/v1/assessments/${encodeURIComponent(d.id)}/comments`, { requirement: r.id, body: new FormData(f).get('body') });
          reload();
        } catch (err) { showFormError(f, err); }
      });
      box.append(f);
    }
    card.append(box);
  }
  return card;
}

// Called after an autosave so the progress bars follow the answers.
let onSaved = null;

// Saves on every change; shows "saved" or the error next to the control.
function autosave(row, fn) {
  const status = h('span', { class: 'saved', role: 'status' });
  row.querySelector('.controls').append(status);
  return async () => {
    status.textContent = '';
    for (const el of row.querySelectorAll('.error')) el.remove();
    try {
      await fn();
      status.textContent = t('asm.saved');
      if (onSaved) await onSaved();
    } catch (err) {
      row.append(h('p', { class: 'error', role: 'alert' }, err.message));
    }
  };
}

function criterionRow(d, c) {
  const base = `/api/v1/assessments/${encodeURIComponent(d.id)}`;
  const row = h('div', { class: 'crit', 'data-criterion': c.id },
    h('div', { class: 'cid' }, c.id), h('div', {}, h('div', {}, pick(c, 'text')), h('div', { class: 'controls' })));
  const controls = row.querySelector('.controls');
  const editable = d.can.edit && d.status === 'draft';
  const a = c.answer;
  if (editable) {
    const st = h('select', { name: 'status', 'aria-label': `${c.id} ${t('asm.status')}` },
      h('option', { value: '', 'data-i18n': 'ans.unanswered' }),
      ['implemented', 'partial', 'not_implemented', 'not_applicable'].map((s) => h('option', { value: s, 'data-i18n': `ans.${s}` })));
    st.value = a?.status || '';
    const reason = h('textarea', { name: 'reason', placeholder: t('ans.reason'), 'aria-label': t('ans.reason') });
    reason.value = a?.reason || '';
    reason.hidden = st.value !== 'not_applicable';
    const comment = h('textarea', { name: 'comment', placeholder: t('ans.comment'), 'aria-label': t('ans.comment') });
    comment.value = a?.comment || '';
    controls.append(st);
    if (a?.to_review) controls.append(h('span', { class: 'badge submitted', 'data-i18n': 'asm.toReview' }));
    row.children[1].append(reason, comment);
    const save = autosave(row, () => {
      if (!st.value) return Promise.resolve();
      return api('PUT', `${base}/answers/${encodeURIComponent(c.id)}`, { status: st.value, reason: reason.value, comment: comment.value });
    });
    st.addEventListener('change', () => {
      reason.hidden = st.value !== 'not_applicable';
      if (st.value === 'not_applicable' && !reason.value) { reason.focus(); return; }
      save();
    });
    reason.addEventListener('change', save);
    comment.addEventListener('change', save);
    const up = h('input', { type: 'file', 'aria-label': `${c.id} ${t('asm.evidence')}` });
    up.addEventListener('change', async () => {
      try {
        const ev = await upload(d.id, c.id, 'evidence', up.files[0]);
        list.append(evidenceItem(ev));
        up.value = '';
      } catch (err) { row.append(h('p', { class: 'error', role: 'alert' }, err.message)); }
    });
    controls.append(h('label', { class: 'muted' }, h('span', { 'data-i18n': 'asm.evidence' }), up));
  } else {
    controls.append(h('span', { class: 'badge', 'data-i18n': a ? `ans.${a.status}` : 'ans.unanswered' }));
    if (a?.reason) controls.append(h('span', { class: 'muted' }, a.reason));
    if (a?.comment) controls.append(h('span', { class: 'muted' }, a.comment));
  }
  const list = h('ul', {}, (d.evidence || []).filter((e) => e.criterion === c.id).map(evidenceItem));
  row.children[1].append(list);

  if (d.path === 'third_party' && ['evaluating', 'corrective_actions', 'rated', 'failed'].includes(d.status)) {
    const f = c.finding;
    const fbox = h('div', { class: 'controls' }, h('strong', { 'data-i18n': 'asm.finding' }), ': ');
    if (d.can.evaluate && d.status === 'evaluating') {
      const sel = h('select', { 'aria-label': `${c.id} ${t('asm.finding')}` }, h('option', { value: '', 'data-i18n': 'fnd.none' }),
        ['conformant', 'minor', 'major', 'observation'].map((s) => h('option', { value: s, 'data-i18n': `fnd.${s}` })));
      sel.value = f?.result || '';
      const note = h('input', { placeholder: t('asm.note'), value: f?.note || '', 'aria-label': t('asm.note') });
      fbox.append(sel, note);
      const save = autosave(row, () => sel.value && api('PUT', `${base}/findings/${encodeURIComponent(c.id)}`, { result: sel.value, note: note.value }));
      sel.addEventListener('change', save);
      note.addEventListener('change', save);
    } else {
      fbox.append(h('span', { class: 'badge', 'data-i18n': f ? `fnd.${f.result}` : 'fnd.none' }), f?.note ? ` ${f.note}` : '');
    }
    row.children[1].append(fbox);
    if (f && ['minor', 'major'].includes(f.result)) {
      if (d.can.correct && d.status === 'corrective_actions') {
        const ca = h('textarea', { placeholder: t('asm.corrective'), 'aria-label': t('asm.corrective') });
        ca.value = f.corrective_action || '';
        row.children[1].append(ca);
        ca.addEventListener('change', autosave(row, () => api('PUT', `${base}/corrective-actions/${encodeURIComponent(c.id)}`, { action: ca.value })));
      } else if (f.corrective_action) {
        row.children[1].append(h('p', {}, h('strong', { 'data-i18n': 'asm.corrective' }), ': ', f.corrective_action));
      }
    }
  }
  return row;
}

// ---- ratings ----
function ratingCard(r, orgName) {
  return h('div', { class: 'card rating-card', 'data-testid': 'rating-card' },
    h('div', { class: 'star-big', 'data-testid': 'rating-level' }, stars(r.level)),
    h('h1', {}, orgName || ''),
    h('p', {}, badge(r.status, 'rstatus')),
    h('dl', {},
      h('dt', { 'data-i18n': 'asm.scope' }), h('dd', {}, h('span', { 'data-i18n': `scope.${r.scope.kind}` }), ' — ', r.scope.description),
      h('dt', { 'data-i18n': 'asm.catalog' }), h('dd', { class: 'mono' }, r.catalog),
      h('dt', { 'data-i18n': 'rating.issued' }), h('dd', {}, r.issued_at.slice(0, 10)),
      h('dt', { 'data-i18n': 'rating.expires' }), h('dd', {}, r.expires_at.slice(0, 10)),
      r.status_reason ? h('dt', { 'data-i18n': 'asm.reason' }) : null, r.status_reason ? h('dd', {}, r.status_reason) : null),
    h('p', {}, h('a', { href: `#/assessment/${encodeURIComponent(r.assessment_id)}`, 'data-i18n': 'asm.open' })));
}

export async function ratingPage(ctx, id) {
  const r = await api('GET', `/api/v1/ratings/${encodeURIComponent(id)}`);
  const name = r.organization ? (currentLang() === 'en' && r.organization.name_en ? r.organization.name_en : r.organization.name_ja) : '';
  render(h('h1', { 'data-i18n': 'rating.title' }), ratingCard(r, name), ratingDownloads(r));
}

export async function ratingsPage(ctx) {
  const [ratings, plan, names] = await Promise.all([api('GET', '/api/v1/ratings'), ctx.has('member') ? api('GET', '/api/v1/improvements') : { items: [] }, orgNames()]);
  const table = ratings.items.length ? h('table', { 'data-testid': 'ratings-table' },
    h('thead', {}, h('tr', {}, ['asm.org', 'rating.level', 'rating.status', 'rating.issued', 'rating.expires', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
    h('tbody', {}, ratings.items.map((r) => h('tr', {}, h('td', {}, names.get(r.org_id) || r.org_id), h('td', {}, stars(r.level)),
      h('td', {}, badge(r.status, 'rstatus')), h('td', {}, r.issued_at.slice(0, 10)), h('td', {}, r.expires_at.slice(0, 10)),
      h('td', {}, h('a', { href: `#/rating/${encodeURIComponent(r.id)}`, 'data-i18n': 'asm.open' })))))) : h('p', { 'data-i18n': 'rating.none' });
  const planRows = plan.items.map((it) => {
    const st = h('select', { 'aria-label': `${it.criterion} ${t('plan.status')}` }, ['open', 'in_progress', 'done'].map((s) => h('option', { value: s, 'data-i18n': `pstatus.${s}` })));
    st.value = it.status;
    const owner = h('input', { value: it.owner, 'aria-label': t('plan.owner') });
    const due = h('input', { type: 'date', value: it.due_date, 'aria-label': t('plan.due') });
    const tr = h('tr', {}, h('td', { class: 'mono' }, it.criterion), h('td', {}, it.what), h('td', {}, owner), h('td', {}, due), h('td', {}, st));
    const save = async () => {
      try { await api('PATCH', `/api/v1/improvements/${encodeURIComponent(it.id)}`, { owner: owner.value, due_date: due.value, status: st.value }); tr.classList.remove('error'); }
      catch (err) { tr.append(h('td', { class: 'error' }, err.message)); }
    };
    for (const el of [st, owner, due]) el.addEventListener('change', save);
    return tr;
  });
  render(h('h1', { 'data-i18n': 'nav.ratings' }), table,
    plan.items.length ? h('h2', { 'data-i18n': 'plan.title' }) : null,
    plan.items.length ? h('table', { 'data-testid': 'plan-table' },
      h('thead', {}, h('tr', {}, ['plan.criterion', 'plan.what', 'plan.owner', 'plan.due', 'plan.status'].map((k) => h('th', { 'data-i18n': k })))),
      h('tbody', {}, planRows)) : null);
}

export async function homeCards(ctx) {
  const [ratings, notes] = await Promise.all([api('GET', '/api/v1/ratings').catch(() => ({ items: [] })), api('GET', '/api/v1/notifications').catch(() => ({ items: [] }))]);
  const mine = ratings.items.filter((r) => r.org_id === ctx.me.user.org_id);
  return [h('div', { class: 'grid' },
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'rating.mine' }),
      mine.length ? h('ul', {}, mine.map((r) => h('li', {}, h('a', { href: `#/rating/${encodeURIComponent(r.id)}` }, stars(r.level)), ' ', badge(r.status, 'rstatus'), ` → ${r.expires_at.slice(0, 10)}`)))
        : h('p', { 'data-i18n': 'rating.none' })),
    h('div', { class: 'card' }, h('h2', { 'data-i18n': 'notes.title' }),
      notes.items.length ? h('ul', {}, notes.items.slice(0, 8).map((n) => h('li', {}, h('span', { class: 'muted mono' }, n.created_at.slice(0, 10)), ' ', currentLang() === 'en' ? n.message_en : n.message_ja)))
        : h('p', { 'data-i18n': 'notes.none' })))];
}

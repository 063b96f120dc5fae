// Webhooks screen: the organization's endpoints, registering one (its signing secret is shown
// once), sending a test ping, deleting, and the delivery log with every attempt.
import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { field, notice, render, showFormError } from './ui.js';

const badge = (status) => h('span', { class: `badge ${status}`, 'data-i18n': `wh.status.${status}`, 'data-testid': 'delivery-status' });
const tags = (events) => events.map((e) => h('span', { class: 'tag mono' }, e));

function attemptText(a) {
  const what = a.http_status !== null ? `HTTP ${a.http_status}` : a.error;
  return `#${a.attempt} ${a.at} — ${what} (${a.duration_ms} ms)`;
}

async function deliveryLog(ctx, id) {
  const log = await api('GET', `/api/v1/webhooks/${encodeURIComponent(id)}/deliveries`);
  const reload = h('button', { class: 'secondary', type: 'button', 'data-i18n': 'wh.reload',
    onclick: () => webhooksPage(ctx, id) });
  const rows = log.items.map((d) => h('tr', {},
    h('td', { class: 'mono' }, d.created_at), h('td', { class: 'mono' }, d.event), h('td', {}, badge(d.status)),
    h('td', {}, d.attempt_count), h('td', { class: 'mono' }, d.next_attempt_at || ''),
    h('td', {}, h('ul', {}, d.attempts.map((a) => h('li', { class: 'mono' }, attemptText(a)))),
      h('details', {}, h('summary', { 'data-i18n': 'wh.body' }), h('pre', { class: 'mono' }, d.body)))));
  return h('div', { class: 'card', 'data-testid': 'delivery-log' },
    h('h2', {}, t('wh.log'), ' ', h('span', { class: 'mono' }, log.webhook.url)), reload,
    log.items.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['wh.created', 'wh.event', 'wh.status', 'wh.attempts', 'wh.next', 'wh.tries']
        .map((k) => h('th', { 'data-i18n': k })))), h('tbody', {}, rows))
      : h('p', { 'data-i18n': 'wh.noDeliveries' }));
}

// selected: a webhook id whose delivery log is shown; secret: shown once after creation.
export async function webhooksPage(ctx, selected, secret = null) {
  if (!ctx.has('member')) { render(h('p', { 'data-i18n': 'common.forbidden' })); return; }
  const list = await api('GET', '/api/v1/webhooks');
  // Same hash means no hashchange event, so render directly then.
  const open = (id) => {
    const target = `#/webhooks/${encodeURIComponent(id)}`;
    if (location.hash === target) webhooksPage(ctx, id);
    else location.hash = target;
  };
  const table = h('table', { 'data-testid': 'webhook-table' },
    h('thead', {}, h('tr', {}, ['wh.url', 'wh.events', 'wh.created', ''].map((k) => h('th', k ? { 'data-i18n': k } : {})))),
    h('tbody', {}, list.items.map((w) => h('tr', {},
      h('td', { class: 'mono' }, w.url), h('td', {}, tags(w.events)), h('td', { class: 'mono' }, w.created_at),
      h('td', {},
        h('button', { class: 'secondary', type: 'button', 'data-i18n': 'wh.test', 'data-testid': 'webhook-test',
          onclick: async () => { await api('POST', `/api/v1/webhooks/${encodeURIComponent(w.id)}/test`); open(w.id); } }),
        ' ',
        h('button', { class: 'secondary', type: 'button', 'data-i18n': 'wh.showLog', onclick: () => open(w.id) }),
        ' ',
        h('button', { class: 'secondary', type: 'button', 'data-i18n': 'wh.delete',
          onclick: async () => {
            if (!confirm(t('wh.confirmDelete'))) return;
            await api('DELETE', `/api/v1/webhooks/${encodeURIComponent(w.id)}`);
            location.hash = '#/webhooks';
            webhooksPage(ctx);
          } }))))));
  const form = h('form', { class: 'stack', 'data-testid': 'webhook-form' },
    field('url', 'wh.url', { type: 'url', required: true, maxlength: 2048, placeholder: 'https://' }),
    h('fieldset', {}, h('legend', { 'data-i18n': 'wh.events' }), h('input', { type: 'hidden', name: 'events' }),
      h('p', { class: 'muted', 'data-i18n': 'wh.allEvents' }),
      list.events.map((e) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'event', value: e }),
        h('span', { 'data-i18n': `wh.ev.${e}` }), ' ', h('span', { class: 'muted mono' }, e)))),
    h('button', { class: 'primary', type: 'submit', 'data-i18n': 'wh.create' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    try {
      const res = await api('POST', '/api/v1/webhooks', { url: fd.get('url'), events: fd.getAll('event') });
      await webhooksPage(ctx, res.webhook.id, res.secret);
    } catch (err) { showFormError(form, err); }
  });
  const parts = [h('h1', { 'data-i18n': 'wh.title' }), h('p', { class: 'muted', 'data-i18n': 'wh.intro' })];
  if (secret) {
    parts.push(h('div', { class: 'card' }, h('p', { 'data-i18n': 'wh.secretOnce' }),
      h('p', { class: 'secret', 'data-testid': 'webhook-secret' }, secret)));
  }
  parts.push(list.items.length ? table : h('p', { 'data-i18n': 'wh.none' }));
  if (selected) {
    try { parts.push(await deliveryLog(ctx, selected)); } catch (err) { parts.push(notice(err.message, true)); }
  }
  parts.push(list.items.length < list.limit
    ? h('div', { class: 'card' }, h('h2', { 'data-i18n': 'wh.create' }), form)
    : notice(t('wh.full', { n: list.limit })));
  render(...parts);
}

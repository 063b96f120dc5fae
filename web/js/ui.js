// Page helpers shared by every screen: rendering into <main>, form fields, showing API
// errors next to the field they name.
import { clear, h } from './dom.js';
import { applyI18n } from './i18n.js';

export const main = document.getElementById('main');

export function render(...nodes) {
  clear(main).append(...nodes.filter((n) => n));
  applyI18n(main);
}

export function field(name, labelKey, attrs = {}) {
  return h('label', {}, h('span', { 'data-i18n': labelKey }), h('input', { name, ...attrs }));
}

export function area(name, labelKey, attrs = {}) {
  return h('label', {}, h('span', { 'data-i18n': labelKey }), h('textarea', { name, ...attrs }));
}

export function select(name, labelKey, options, attrs = {}) {
  return h('label', {}, h('span', { 'data-i18n': labelKey }),
    h('select', { name, ...attrs }, options.map(([value, key, text]) =>
      h('option', { value, 'data-i18n': key || undefined }, text || ''))));
}

export function showFormError(form, err) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.error')) el.remove();
  const box = h('p', { class: 'error', role: 'alert', 'data-testid': 'form-error' }, err.message);
  const f = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
  if (f && f.type === 'hidden') {
    f.closest('fieldset').after(box);
  } else if (f) {
    f.setAttribute('aria-invalid', 'true');
    f.closest('label')?.after(box);
    f.focus();
  } else {
    form.prepend(box);
  }
}

export function notice(text, bad = false) {
  return h('p', { class: bad ? 'notice bad' : 'notice', role: bad ? 'alert' : 'status' }, text);
}

// A horizontal progress bar: total, done (brand colour) and good (green, drawn over).
export function bar(done, total, good = null) {
  const pct = (n) => `${total ? Math.round((n / total) * 100) : 0}%`;
  const el = h('div', { class: 'bar', role: 'img', 'aria-label': `${done}/${total}` });
  const a = h('span');
  a.style.width = pct(done);
  el.append(a);
  if (good !== null) {
    const b = h('span', { class: 'met' });
    b.style.width = pct(good);
    el.append(b);
  }
  return el;
}

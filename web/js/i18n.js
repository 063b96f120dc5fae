// Japanese first, English second: loads web/i18n/<lang>.json, fills data-i18n elements,
// remembers the choice in localStorage.
const KEY = 'hoshi.lang';
let dict = {};
let lang = 'ja';

export function currentLang() { return lang; }

export async function setLang(next) {
  const res = await fetch(`/i18n/${next}.json`);
  if (!res.ok) throw new Error(`cannot load language ${next}`);
  dict = await res.json();
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
  applyI18n(document);
}

export async function initLang() {
  const saved = localStorage.getItem(KEY);
  await setLang(saved === 'en' ? 'en' : 'ja');
}

// t('audit.ok', {n: 3}) — placeholders are replaced as text, never as HTML.
export function t(key, vars = {}) {
  let s = dict[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}

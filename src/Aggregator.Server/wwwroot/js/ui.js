// Small DOM and formatting helpers shared by the pages.
import { t, language } from './i18n.js';
import { ApiError } from './api.js';

/** h('tag.class', { attrs }, ...children): builds an element; strings become text nodes (never HTML). */
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const node = document.createElement(tag || 'div');
  if (classes.length) node.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) { children.unshift(attrs); attrs = null; }
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  append(node, children);
  return node;
}
function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const ZONE = 'Asia/Shanghai';
/** YYYY-MM-DD of an instant in Asia/Shanghai. */
export function shanghaiDate(instant) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
/**
 * The deadline as the date it is: the server sends the end of the deadline day in Asia/Shanghai
 * (an exclusive end may fall on the next midnight), so the date is that of the instant just before.
 */
export function deadlineDate(timestamp) {
  return shanghaiDate(new Date(Date.parse(timestamp) - 1));
}
/** Whole days from today (Asia/Shanghai) to a YYYY-MM-DD date; negative when past. */
export function daysUntil(date, now = new Date()) {
  const day = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((day(date) - day(shanghaiDate(now))) / 86400000);
}
export function dateTime(timestamp) {
  if (!timestamp) return '';
  return new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(new Date(timestamp));
}
/** The year whose reports are being collected now: last year in Asia/Shanghai. */
export const defaultYear = () => Number(shanghaiDate(new Date()).slice(0, 4)) - 1;

/** A decimal fraction string ("0.75") as a percentage string, by moving the point (no float math). */
export function percent(fraction, digits = 1) {
  if (fraction == null || fraction === '') return '—';
  const neg = fraction.startsWith('-');
  let [int, frac = ''] = (neg ? fraction.slice(1) : fraction).split('.');
  frac = frac.padEnd(2 + digits + 1, '0');
  let whole = BigInt(int + frac.slice(0, 2 + digits));
  if (Number(frac[2 + digits]) >= 5) whole += 1n; // round half up on the next digit
  let s = whole.toString().padStart(digits + 1, '0');
  s = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return `${neg && whole !== 0n ? '-' : ''}${s}%`;
}
/** A figure as given (string or number); "—" when not reported. */
export const fig = (v) => (v == null || v === '' ? t('common.notReported') : typeof v === 'object' ? (v.value ?? '—') : String(v));

/** The page's message for an API error: 403 says the unit is not the caller's. */
export function errorBox(e) {
  if (e instanceof ApiError) {
    if (e.denied) return h('div.msg.error', { role: 'alert', 'data-error': 'denied' }, t('common.denied'));
    if (e.unauthenticated) return h('div.msg.error', { role: 'alert', 'data-error': 'unauthenticated' }, t('common.unauthenticated'), ' ', h('a', { href: '#/signin' }, t('nav.signin')));
    return h('div.msg.error', { role: 'alert', 'data-error': String(e.httpStatus) }, `${t('common.error')}: ${e.message}`,
      e.violations.length ? h('ul', e.violations.map((v) => h('li', h('code', v.field), ' ', v.description))) : null);
  }
  return h('div.msg.error', { role: 'alert' }, `${t('common.error')}: ${e?.message ?? e}`);
}

/** Route parameters of the hash, e.g. #/rollup?unit=420800&year=2021. */
export function params() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}
export function link(page, p) {
  const s = new URLSearchParams(Object.entries(p).filter(([, v]) => v != null && v !== ''));
  return `#/${page}${s.size ? `?${s}` : ''}`;
}
/** Year picker 2019 … the current collection year (plus a hidden one if the route names another). */
export function yearPicker(year, onChange) {
  const last = defaultYear() + 1;
  const years = [];
  for (let y = last; y >= 2019; y--) years.push(y);
  if (!years.includes(year)) years.push(year);
  return h('label', t('common.year'), h('select', { id: 'year', onchange: (e) => onChange(Number(e.target.value)) },
    years.map((y) => h('option', { value: y, selected: y === year }, String(y)))));
}

const present = (children) => children.flat(Infinity).filter((c) => c != null && c !== false);
/** node.replaceChildren without the absent parts (the DOM would print null as "null"). */
export const put = (node, ...children) => node.replaceChildren(...present(children));
/** node.append without the absent parts. */
export const add = (node, ...children) => node.append(...present(children));

/**
 * A list of many items (10,000 units below a city): the first `limit` are rendered, the rest on
 * demand — a rollup page of a large node stays quick to render.
 */
export function longList(spec, attrs, items, render, limit = 200) {
  const list = h(spec, attrs, items.slice(0, limit).map(render));
  if (items.length <= limit) return list;
  const more = h('button.link', { type: 'button', 'data-more': String(items.length) }, t('common.showAll', { n: items.length }));
  more.addEventListener('click', () => { list.append(...items.slice(limit).map(render)); more.remove(); });
  return h('div', list, more);
}

/** Saves a file the API returned ({ content: base64, contentType, fileName }) through a temporary link. */
export function saveFile(res) {
  const bytes = Uint8Array.from(atob(res.content), (c) => c.charCodeAt(0));
  const a = h('a', { href: URL.createObjectURL(new Blob([bytes], { type: res.contentType })), download: res.fileName });
  document.body.append(a);
  a.click();
  a.remove();
}

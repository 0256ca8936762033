// The console: a hash router over the pages, the signed-in unit, the language switch.
import { t, language, setLanguage } from './i18n.js';
import { api, token, setToken } from './api.js';
import { h, put, errorBox } from './ui.js';
import signin from './pages/signin.js';
import status from './pages/status.js';
import rollup from './pages/rollup.js';
import compare from './pages/compare.js';
import review from './pages/review.js';
import importPage from './pages/import.js';
import audit from './pages/audit.js';

const pages = { signin, status, rollup, compare, review, import: importPage, audit };
const navOrder = ['status', 'rollup', 'compare', 'review', 'import', 'audit'];

/** Shared by the pages: the caller's unit (GET /v1/unit) and a cleanup for the page left. */
export const session = { me: null, async load() { this.me = token() ? await api.me() : null; return this.me; } };
let cleanup = null;

function renderChrome(current) {
  const nav = document.getElementById('nav');
  put(nav, ...(session.me ? navOrder : ['signin']).map((p) =>
    h(`a${p === current ? '.active' : ''}`, { href: `#/${p}`, 'data-page': p }, t(`nav.${p}`))));
  const me = session.me?.unit;
  document.getElementById('who').textContent = me ? `${me.name}(${t(`level.${me.level}`)})` : '';
  const lang = document.getElementById('lang');
  lang.textContent = t('lang.switch');
  const out = document.getElementById('signout');
  out.textContent = t('nav.signout');
  out.hidden = !session.me;
  document.title = t('app.title');
  document.querySelector('.brand').textContent = t('app.title');
}

async function route() {
  cleanup?.();
  cleanup = null;
  const hash = location.hash || '#/status';
  const name = hash.slice(2).split('?')[0];
  const page = pages[name] ?? status;
  const view = document.getElementById('view');
  view.dataset.page = name;
  if (name !== 'signin' && !session.me) {
    try { await session.load(); } catch (e) { setToken(null); session.me = null; }
    if (!session.me) { location.hash = '#/signin'; return; }
  }
  renderChrome(name);
  put(view, h('p.muted', t('common.loading')));
  try {
    cleanup = (await page(view, session)) ?? null;
  } catch (e) {
    put(view, errorBox(e));
  }
}

document.getElementById('lang').addEventListener('click', () => { setLanguage(language() === 'en' ? 'zh-CN' : 'en'); route(); });
document.getElementById('signout').addEventListener('click', () => { setToken(null); session.me = null; location.hash = '#/signin?out=1'; });
window.addEventListener('hashchange', route);
window.addEventListener('session-changed', () => renderChrome(document.getElementById('view').dataset.page));
setLanguage(language());
route();

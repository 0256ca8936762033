// 登录: a token pasted, or taken from the link's fragment (#/signin?token=…, never sent to the server's logs).
import { t } from '../i18n.js';
import { setToken, token } from '../api.js';
import { h, put, add, params, errorBox } from '../ui.js';

export default async function signin(view, session) {
  const p = params();
  if (p.get('token')) {
    setToken(p.get('token'));
    history.replaceState(null, '', '#/signin'); // drop the token from the address bar and history
  }
  const box = h('div');
  const render = () => {
    const me = session.me;
    window.dispatchEvent(new Event('session-changed'));
    put(box, 
      me ? h('section', { id: 'whoami' },
        h('p', t('signin.who'), ': ', h('strong', { 'data-unit': me.unit.id }, me.unit.name), ` (${me.unit.id}, ${t(`level.${me.unit.level}`)})`),
        me.children?.length ? h('p', t('signin.children'), ': ', me.children.map((c) => c.name).join('、')) : null,
        h('p', h('a', { href: '#/status' }, t('nav.status')), ' · ', h('a', { href: '#/rollup' }, t('nav.rollup')))) : null);
  };
  const area = h('textarea.token', { id: 'token', 'aria-label': t('signin.paste'), spellcheck: 'false' });
  const form = h('form', {
    onsubmit: async (e) => {
      e.preventDefault();
      setToken(area.value.trim());
      try {
        await session.load();
        location.hash = '#/status';
      } catch (err) {
        setToken(null);
        session.me = null;
        put(box, errorBox(err));
      }
    },
  }, h('label', { for: 'token' }, t('signin.paste')), area, h('p', h('button.primary', { type: 'submit', id: 'signin-submit' }, t('signin.submit'))));
  put(view, h('h1', t('signin.title')), p.get('out') ? h('p.msg.info', t('signin.out')) : null, form, box);
  if (token()) {
    try { await session.load(); render(); } catch (err) { setToken(null); session.me = null; put(box, errorBox(err)); }
  }
}

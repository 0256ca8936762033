// 审计: the audit trail of a unit's subtree in a year (who did what, when, from where), newest first,
// page by page; and for a city or province, the check of the trail's hash chain.
import { t } from '../i18n.js';
import { api } from '../api.js';
import { h, put, add, params, link, yearPicker, defaultYear, errorBox, dateTime } from '../ui.js';

const isLeaf = (level) => level === 'UNIT_LEVEL_DISTRICT' || level === 'UNIT_LEVEL_DEPARTMENT';
const PAGE_SIZE = 100;

export default async function audit(view, session) {
  const p = params();
  const year = Number(p.get('year')) || defaultYear();
  const unit = p.get('unit') || session.me.unit.id;
  const go = (u, y) => { location.hash = link('audit', { unit: u === session.me.unit.id ? null : u, year: y }); };
  const unitBox = h('input', { id: 'audit-unit', type: 'text', value: unit, size: 16, 'aria-label': t('common.unit') });
  const result = h('div', { id: 'audit-verify' });
  const canVerify = !isLeaf(session.me.unit.level);
  put(view, h('h1', { id: 'audit-title' }, t('audit.title')),
    h('p.muted', t('audit.about')),
    h('div.toolbar',
      yearPicker(year, (y) => go(unitBox.value.trim() || unit, y)),
      h('label', t('common.unit'), unitBox),
      h('button', { type: 'button', id: 'audit-show', onclick: () => go(unitBox.value.trim() || unit, year) }, t('common.show')),
      canVerify ? h('button', { type: 'button', id: 'audit-verify-button', onclick: () => verify(unit, year, result) }, t('audit.verify')) : null),
    result);

  const body = h('tbody');
  const table = h('div.scroll', h('table', { id: 'audit' },
    h('thead', h('tr', ['audit.seq', 'audit.time', 'audit.action', 'audit.outcome', 'audit.who', 'audit.peer', 'common.unit', 'status.version', 'audit.key', 'audit.detail'].map((k) => h('th', t(k))))),
    body));
  const more = h('button', { type: 'button', id: 'audit-more', hidden: true }, t('audit.older'));
  const status = h('p.muted', { id: 'audit-count' });
  add(view, table, status, more);

  let shown = 0;
  const load = async (pageToken) => {
    more.disabled = true;
    let page;
    try {
      page = await api.audit(unit, year, { pageSize: PAGE_SIZE, pageToken });
    } catch (e) {
      add(view, errorBox(e));
      more.hidden = true;
      return;
    }
    const entries = page.entries ?? [];
    body.append(...entries.map(row));
    shown += entries.length;
    status.textContent = shown ? t('audit.count', { n: shown }) : t('audit.empty');
    more.hidden = !page.nextPageToken;
    more.disabled = false;
    more.onclick = () => load(page.nextPageToken);
  };
  await load();
}

function row(e) {
  const refused = e.outcome === 'AUDIT_OUTCOME_REFUSED';
  const role = e.role ? t(`role.${e.role}`) : '';
  const who = [e.subject, e.actorUnitId && !e.subject?.startsWith(e.actorUnitId) ? e.actorUnitId : null].filter((x) => x).join(' · ');
  return h(`tr${refused ? '.refused' : ''}`, { 'data-seq': e.seq, 'data-action': e.action, 'data-outcome': e.outcome },
    h('td.num', String(e.seq)),
    h('td', dateTime(e.time)),
    h('td', t(`aa.${e.action}`)),
    h('td', t(`ao.${e.outcome}`), refused && e.statusCode ? h('span.muted', ` (${e.statusCode})`) : null),
    h('td', who || t('audit.anonymous'), role ? h('span.muted', ` (${role})`) : null),
    h('td', h('code', e.peer ?? '')),
    h('td', e.unitId ?? ''),
    h('td.num', e.version && e.version !== '0' ? `v${e.version}` : ''),
    h('td', e.idempotencyKey ? h('code', { title: e.idempotencyKey }, short(e.idempotencyKey)) : ''),
    h('td', e.detail ?? ''));
}

const short = (s) => (s.length > 16 ? `${s.slice(0, 16)}…` : s);

async function verify(unit, year, result) {
  put(result, h('p.muted', t('common.loading')));
  try {
    const r = await api.verifyAudit(unit, year);
    const range = t('audit.range', { first: r.firstSeq ?? '0', last: r.lastSeq ?? '0', n: r.entryCount ?? '0' });
    put(result, r.intact
      ? h('div.msg.info', { 'data-intact': 'true' }, t('audit.intact'), ' ', range,
        r.trimmed ? ` ${t('audit.trimmed')}` : '', r.headHash ? h('div', t('audit.head'), ' ', h('code', r.headHash)) : null)
      : h('div.msg.error', { role: 'alert', 'data-intact': 'false', 'data-problem': r.problem, 'data-problem-seq': r.problemSeq },
        t(`ap.${r.problem}`, { seq: r.problemSeq }), r.detail ? ` — ${r.detail}` : '', ' ', range));
  } catch (e) {
    put(result, errorBox(e));
  }
}

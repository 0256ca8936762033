// 填报进度: counts by status, rates, the deadline as its date with days left or late, late and missing
// units; live over the status:watch stream. A district also sees its own review state and the reason
// a reviewer gave when returning its report.
import { t } from '../i18n.js';
import { api, watch } from '../api.js';
import { h, put, add, params, link, yearPicker, defaultYear, deadlineDate, daysUntil, percent, dateTime, errorBox } from '../ui.js';

const missingStates = ['UNIT_STATUS_NOT_STARTED', 'UNIT_STATUS_DRAFT', 'UNIT_STATUS_RETURNED'];

export default async function status(view, session) {
  const p = params();
  const unit = p.get('unit') || session.me.unit.id;
  const year = Number(p.get('year')) || defaultYear();
  const go = (u, y) => { location.hash = link('status', { unit: u, year: y }); };
  const live = h('span.live', { id: 'live' });
  const body = h('div', { id: 'status-body' });
  const own = h('div', { id: 'own-review' });
  put(view, h('h1', t('status.title')), h('div.toolbar', yearPicker(year, (y) => go(unit, y)), live), own, body);

  const first = await api.status(unit, year).catch((e) => e);
  if (first instanceof Error) { put(body, errorBox(first)); return null; }
  render(body, first.summary, unit, year, session);
  if (session.me.unit.level === 'UNIT_LEVEL_DISTRICT' || session.me.unit.level === 'UNIT_LEVEL_DEPARTMENT') {
    ownReview(own, session.me.unit.id, year);
  }
  const w = watch(api.statusWatchPath(unit, year), (m) => {
    if (m.summary) render(body, m.summary, unit, year, session);
    if (own.childNodes.length || session.me.unit.id === unit) ownReview(own, session.me.unit.id, year);
  }, (state) => {
    live.className = state === 'live' ? 'live on' : 'live';
    live.textContent = state === 'live' ? t('common.live') : state === 'retry' ? t('common.reconnecting') : '';
  });
  return () => w.stop();
}

async function ownReview(box, unit, year) {
  try {
    const s = await api.submission(unit, year);
    const reason = s.reviewReason;
    put(box, h('div.msg.' + (s.reviewState === 'REVIEW_STATE_RETURNED' ? 'error' : 'info'), { 'data-review-state': s.reviewState },
      `${t('review.state')}: ${t(`rs.${s.reviewState}`)}`, reason ? h('span', { id: 'return-reason' }, ` — ${t('status.reason')}: ${reason}`) : null));
  } catch { put(box, ); }
}

function render(body, s, unit, year, session) {
  const units = s.units ?? [];
  const n = (k) => s[k] ?? 0;
  const deadlines = [...new Set(units.filter((u) => u.deadline).map((u) => deadlineDate(u.deadline)))].sort();
  const deadline = deadlines[0];
  const days = deadline ? daysUntil(deadline) : null;
  const dueText = days == null ? '' : days > 0 ? t('status.daysLeft', { n: days }) : days === 0 ? t('status.dueToday') : t('status.daysLate', { n: -days });
  const card = (k, v, id) => h('div.card', { 'data-count': id }, h('div.k', k), h('div.v', String(v)));
  const late = units.filter((u) => u.late);
  const missing = units.filter((u) => missingStates.includes(u.status));
  const unitRow = (u) => h('tr', { 'data-unit': u.unitId, 'data-status': u.status },
    h('td', session.me.unit.id === u.unitId || u.level !== 'UNIT_LEVEL_DEPARTMENT'
      ? h('a', { href: link('rollup', { unit: u.unitId, year }) }, u.unitName) : u.unitName),
    h('td', h(`span.badge${u.status === 'UNIT_STATUS_ACCEPTED' ? '.ok' : u.status === 'UNIT_STATUS_RETURNED' ? '.err' : ''}`, t(`st.${u.status}`)),
      u.late ? h('span.badge.late', ' ', t('status.late')) : null),
    h('td', dateTime(u.submittedAt)), h('td.num', u.version && u.version !== '0' ? String(u.version) : ''), h('td.num', String(u.warningCount ?? 0)));
  const unitTable = (list) => list.length
    ? h('div.scroll', h('table', h('thead', h('tr', h('th', t('common.unit')), h('th', t('status.state')), h('th', t('status.submittedAt')), h('th', t('status.version')), h('th', t('status.warnings')))),
      h('tbody', list.map(unitRow))))
    : h('p.muted', t('common.none'));
  put(body, 
    h('p', h('strong', s.unitId === session.me.unit.id ? session.me.unit.name : s.unitId), ` · ${year}`),
    h('div.cards',
      card(t('status.expected'), n('expected'), 'expected'),
      ['notStarted', 'draft', 'submitted', 'accepted', 'returned', 'published'].map((k) =>
        card(t(`st.UNIT_STATUS_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`), n(k), k)),
      card(t('status.late'), n('late'), 'late'),
      h('div.card', { 'data-count': 'reportingRate' }, h('div.k', t('status.rate')), h('div.v', percent(s.reportingRate))),
      h('div.card', { 'data-count': 'timelinessRate' }, h('div.k', t('status.timely')), h('div.v', percent(s.timelinessRate))),
      h('div.card', { 'data-count': 'deadline' }, h('div.k', t('status.deadline')), h('div.v', { id: 'deadline' }, deadline ?? '—'), h('div.k', { id: 'days' }, dueText))),
    h('h2', t('status.lateUnits')), h('div', { id: 'late-units' }, unitTable(late)),
    h('h2', t('status.missingUnits')), h('div', { id: 'missing-units' }, unitTable(missing)),
    h('h2', t('status.allUnits')), h('div', { id: 'all-units' }, unitTable(units)));
}

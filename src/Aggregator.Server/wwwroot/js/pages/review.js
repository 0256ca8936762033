// 审核: the queue (units whose status is submitted), and one unit's report: its tables with every finding
// marked on its cells, its versions and what changed from the previous one, accept / return with a reason.
import { t } from '../i18n.js';
import { api } from '../api.js';
import { h, put, add, params, link, yearPicker, defaultYear, errorBox, dateTime, fig } from '../ui.js';
import { renderTables, findingList } from '../tables.js';
import { cellsOf } from '../layout.js';

const isLeaf = (level) => level === 'UNIT_LEVEL_DISTRICT' || level === 'UNIT_LEVEL_DEPARTMENT';

export default async function review(view, session) {
  const p = params();
  const year = Number(p.get('year')) || defaultYear();
  const unit = p.get('unit') || (isLeaf(session.me.unit.level) ? session.me.unit.id : null);
  if (!unit) return queue(view, session, year);
  return report(view, session, unit, year, p.get('version'));
}

async function queue(view, session, year) {
  const me = session.me.unit.id;
  put(view, h('h1', t('review.title')), h('div.toolbar', yearPicker(year, (y) => { location.hash = link('review', { year: y }); })));
  let s;
  try { s = (await api.status(me, year)).summary; } catch (e) { add(view, errorBox(e)); return; }
  const waiting = (s.units ?? []).filter((u) => u.status === 'UNIT_STATUS_SUBMITTED');
  add(view, h('h2', t('review.queue'), ` (${waiting.length})`), waiting.length
    ? h('ul', { id: 'queue' }, waiting.map((u) => h('li', { 'data-unit': u.unitId },
      h('a', { href: link('review', { unit: u.unitId, year }) }, u.unitName), ' ', h('span.muted', `v${u.version} · ${dateTime(u.submittedAt)}`),
      u.warningCount ? h('span.badge.warn', ` ${t('status.warnings')} ${u.warningCount}`) : null)))
    : h('p.muted', { id: 'queue' }, t('review.empty')));
}

async function report(view, session, unit, year, version) {
  const [node, sub, versions] = await Promise.all([api.unit(unit), api.submission(unit, year, version), api.versions(unit, year)].map((x) => x.catch((e) => e)));
  const failed = [node, sub, versions].find((x) => x instanceof Error);
  put(view, h('h1', { id: 'review-title' }, `${node instanceof Error ? unit : node.unit.name} · ${year}`),
    h('div.toolbar', yearPicker(year, (y) => { location.hash = link('review', { unit, year: y }); }),
      session.me.unit.id !== unit ? h('a', { href: link('review', { year }) }, '← ', t('review.queue')) : null));
  if (failed) { add(view, errorBox(failed)); return; }
  const list = [...(versions.versions ?? [])].sort((a, b) => Number(a.version) - Number(b.version));
  const current = sub.info?.version;
  const prev = list.filter((v) => Number(v.version) < Number(current)).pop();
  let changed = new Set(); let changes = [];
  if (prev) {
    try {
      const old = await api.submission(unit, year, prev.version);
      changes = diff(old.report, sub.report);
      changed = new Set(changes.map((c) => c.path));
    } catch { /* the previous version is not readable: no diff */ }
  }
  const canReview = session.me.unit.id !== unit && sub.info?.source !== 'RECORD_SOURCE_PUBLISHED';
  const reason = h('input', { id: 'reason', type: 'text', placeholder: t('review.reason'), size: 40 });
  const result = h('div', { id: 'review-result' });
  const decide = async (decision) => {
    if (decision === 'REVIEW_DECISION_RETURN' && !reason.value.trim()) { reason.focus(); reason.reportValidity?.(); put(result, h('div.msg.error', t('review.reason'))); return; }
    try {
      const r = await api.review(unit, year, { unitId: unit, year, decision, reason: reason.value.trim(), version: current });
      put(result, h('div.msg.info', { 'data-review-state': r.reviewState }, t('review.done'), t(`rs.${r.reviewState}`)));
    } catch (e) { put(result, errorBox(e)); }
  };
  add(view, 
    h('p', { id: 'review-state', 'data-review-state': sub.reviewState }, `${t('review.state')}: ${t(`rs.${sub.reviewState}`)}`,
      sub.reviewReason ? h('span', { id: 'return-reason' }, ` — ${t('status.reason')}: ${sub.reviewReason}`) : null,
      ` · v${current} · ${t(`src.${sub.info?.source}`)} · ${dateTime(sub.info?.storedAt)}`),
    canReview ? h('div.toolbar', { id: 'review-actions' },
      h('button.primary', { type: 'button', id: 'accept', onclick: () => decide('REVIEW_DECISION_ACCEPT') }, t('review.accept')),
      reason, h('button', { type: 'button', id: 'return', onclick: () => decide('REVIEW_DECISION_RETURN') }, t('review.return'))) : null,
    result,
    h('h2', t('review.findings')), findingList(sub.findings),
    renderTables(sub.report, { findings: sub.findings, changed }),
    h('h2', t('review.versions')),
    h('div.scroll', h('table', { id: 'versions' }, h('thead', h('tr', ['v', t('rollup.source'), t('status.submittedAt'), t('review.storedBy'), t('status.warnings')].map((x) => h('th', x)))),
      h('tbody', list.slice().reverse().map((v) => h('tr', { 'data-version': v.version },
        h('td', h('a', { href: link('review', { unit, year, version: v.version }) }, `v${v.version}`)), h('td', t(`src.${v.source}`)),
        h('td', dateTime(v.storedAt)), h('td', v.storedBy ?? ''), h('td.num', String(v.warningCount ?? 0))))))),
    h('h2', t('review.changes'), prev ? ` (v${prev.version} → v${current})` : ''),
    changes.length ? h('div.scroll', h('table', { id: 'changes' }, h('tbody', changes.map((c) => h('tr', { 'data-cell': c.path },
      h('td', c.zh), h('td', h('code', c.path)), h('td.num', fig(c.before)), h('td', '→'), h('td.num', fig(c.after)))))))
      : h('p.muted', t('review.noChanges')),
    (versions.reviews ?? []).length ? h('section', h('h2', t('review.history')), h('ul', versions.reviews.map((r) =>
      h('li', `v${r.version} ${t(`rd.${r.decision}`)} · ${r.reviewedBy ?? ''} · ${dateTime(r.reviewedAt)}${r.reason ? ` — ${r.reason}` : ''}`)))) : null);
}

/** The cells whose values differ between two versions (strings compared as given). */
function diff(before, after) {
  const out = [];
  for (const c of cellsOf(after?.format ?? 'FORMAT_VERSION_2021')) {
    const a = c.get(before); const b = c.get(after);
    if ((a ?? null) !== (b ?? null)) out.push({ path: c.path, zh: c.zh, before: a, after: b });
  }
  return out;
}

// 汇总: the rollup of any node in the national layout, its contributing and missing units, drill-down
// into child nodes or a unit's own report, a year picker and downloads (POST /v1/export).
import { t } from '../i18n.js';
import { api } from '../api.js';
import { h, put, add, longList, params, link, yearPicker, defaultYear, errorBox, fig } from '../ui.js';
import { renderTables, findingList } from '../tables.js';

export default async function rollup(view, session) {
  const p = params();
  const unit = p.get('unit') || session.me.unit.id;
  const year = Number(p.get('year')) || defaultYear();
  const [node, data] = await Promise.all([api.unit(unit).catch((e) => e), api.rollup(unit, year).catch((e) => e)]);
  const failed = [node, data].find((x) => x instanceof Error);
  if (failed) { put(view, h('h1', t('rollup.title')), errorBox(failed)); return; }
  const r = data.rollup;
  const u = node.unit;
  const go = (y) => { location.hash = link('rollup', { unit, year: y }); };
  const parent = u.parentId && u.id !== session.me.unit.id ? h('a', { href: link('rollup', { unit: u.parentId, year }) }, '↑ ', t('common.back')) : null;

  put(view, 
    h('h1', { id: 'rollup-title', 'data-unit': u.id }, `${u.name} · ${year} · ${t('rollup.title')}`),
    h('div.toolbar', parent, yearPicker(year, go),
      h('span', t('rollup.download'), ': ',
        ['XLSX', 'CSV', 'MARKDOWN'].map((f) => h('button', { type: 'button', 'data-export': f, onclick: () => download(unit, year, f) }, f === 'MARKDOWN' ? 'Markdown' : f))),
      h('a', { href: link('review', { unit, year }) }, t('rollup.unitReport'))),
    h('div.cards',
      h('div.card', h('div.k', t('rollup.contributing')), h('div.v', { id: 'contributing-count' }, `${r.contributingUnits ?? 0} / ${r.expectedUnits ?? 0}`)),
      h('div.card', h('div.k', t('rollup.missing')), h('div.v', { id: 'missing-count' }, String(r.missingUnits ?? 0))),
      (r.indicators ?? []).map((i) => h('div.card', { 'data-indicator': i.id }, h('div.k', t('lang.switch') === '中文' ? i.labelEn : i.labelZh), h('div.v', fig(i.value))))),
    node.children?.length ? h('section', h('h2', t('rollup.children')), longList('ul.inline', { id: 'children' }, node.children,
      (c) => h('li', h('a', { href: link('rollup', { unit: c.id, year }), 'data-unit': c.id }, c.name)))) : null,
    renderTables(r.total, { findings: r.findings }),
    h('h2', t('rollup.findings')), findingList(r.findings),
    h('div.grid2',
      h('section', h('h2', t('rollup.contributing')), longList('ul', { id: 'contributing' }, r.contributing ?? [], (c) => h('li', { 'data-unit': c.unitId },
        h('a', { href: link('review', { unit: c.unitId, year }) }, c.unitName), ' ', h('span.muted', `${t(`src.${c.source}`)} v${c.version} ${t(`rs.${c.reviewState}`)}`)))),
      h('section', h('h2', t('rollup.missing')), longList('ul', { id: 'missing' }, r.missing ?? [], (m) => h('li', { 'data-unit': m.unitId },
        m.unitName, ' ', h('span.muted', t(`reason.${m.reason}`)))))));
}

async function download(unit, year, format) {
  const res = await api.export({ rollup: { unitId: unit, year }, format: `EXPORT_FORMAT_${format}` });
  const bytes = Uint8Array.from(atob(res.content), (c) => c.charCodeAt(0));
  const a = h('a', { href: URL.createObjectURL(new Blob([bytes], { type: res.contentType })), download: res.fileName });
  document.body.append(a);
  a.click();
  a.remove();
}

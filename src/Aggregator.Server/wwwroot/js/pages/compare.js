// 对比: one cell (by its national label, grouped by table) or indicator across the children of a node —
// ranked bars, share, median, outliers, year over year — and a five-year line for one unit or node
// across the 2019/2021 format change (a cell the other format does not have is shown as not comparable).
import { t, language } from '../i18n.js';
import { api } from '../api.js';
import { h, put, add, params, link, yearPicker, defaultYear, errorBox, fig, percent } from '../ui.js';
import { cellsOf, comparable } from '../layout.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attrs, ...children) => {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v != null) n.setAttribute(k, v);
  for (const c of children) n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return n;
};
const formatOf = (year) => (year >= 2021 ? 'FORMAT_VERSION_2021' : 'FORMAT_VERSION_2019');
export const indicators = [
  ['disclosure_rate', '公开率', 'disclosure rate'], ['withholding_rate', '不予公开率', 'withholding rate'],
  ['reconsideration_correction_rate', '复议纠错率', 'reconsideration correction rate'],
];

export default async function compare(view, session) {
  const p = params();
  const unit = p.get('unit') || session.me.unit.id;
  const year = Number(p.get('year')) || defaultYear();
  const metric = p.get('metric') || 's3.new_requests.total';
  const go = (patch) => { location.hash = link('compare', { unit, year, metric, trend: p.get('trend'), ...patch }); };
  const cells = cellsOf(formatOf(year));
  const groups = ['2', '3', '4'].map((tb) => h('optgroup', { label: t(`table.${tb}`) },
    cells.filter((c) => c.table === tb).map((c) => h('option', { value: c.path, selected: c.path === metric }, c.zh))));
  const ind = h('optgroup', { label: t('compare.indicators') }, indicators.map(([id, zh, en]) =>
    h('option', { value: id, selected: id === metric }, language() === 'en' ? en : zh)));
  put(view, h('h1', t('compare.title')),
    h('div.toolbar', yearPicker(year, (y) => go({ year: y })),
      h('label', t('compare.metric'), h('select', { id: 'metric', onchange: (e) => go({ metric: e.target.value }) }, groups, ind))));
  const out = h('div', { id: 'compare-body' });
  add(view, out);
  let res;
  try { res = await api.compare(unit, year, metric); } catch (e) { put(out, errorBox(e)); return; }
  const rows = res.rows ?? [];
  const label = language() === 'en' ? res.labelEn : res.labelZh;
  put(out, 
    h('p', h('strong', label || metric), ' · ', `${t('compare.total')} ${fig(res.total)} · ${t('compare.median')} ${fig(res.median)}`),
    bars(rows, res.median),
    h('div.scroll', h('table', { id: 'compare-table' },
      h('thead', h('tr', [t('compare.rank'), t('common.unit'), t('compare.value'), t('compare.share'), `− ${t('compare.median')}`, t('compare.previous'), t('compare.yoy')].map((x) => h('th', x)))),
      h('tbody', rows.map((r) => h('tr', { 'data-unit': r.unitId },
        h('td.num', r.rank ? String(r.rank) : '—'),
        h('td', h('a', { href: link('compare', { unit, year, metric, trend: r.unitId }) }, r.unitName), r.outlier ? h('span.badge.late', ' ', t('compare.outlier')) : null),
        h('td.num', fig(r.value)), h('td.num', r.share ? percent(r.share.value) : '—'), h('td.num', fig(r.diffFromMedian)),
        h('td.num', r.yoyComparable === false ? t('compare.notComparable') : fig(r.previous)),
        h('td.num', r.yoyComparable === false ? t('compare.notComparable')
          : r.yoyChange ? `${r.yoyChange.value}${r.yoyChangeRate ? ` (${percent(r.yoyChangeRate.value)})` : ''}` : '—')))))),
    regionNotes('compare-notes', rows.flatMap((r) => r.regionNotes ?? []), rows),
  );
  const trendUnit = p.get('trend') || unit;
  add(out, h('h2', t('compare.trend')), h('p.muted', t('compare.trendUnit'), ': ', rows.find((r) => r.unitId === trendUnit)?.unitName ?? trendUnit));
  add(out, await trend(trendUnit, year, metric, rows));
}

/** Horizontal bars: lengths only are floats (geometry); every printed number is the server's string. */
function bars(rows, median) {
  const valued = rows.filter((r) => r.value);
  const max = Math.max(0, ...valued.map((r) => Math.abs(Number(r.value.value))));
  const rowH = 22; const left = 150; const width = 560;
  const scale = (v) => (max ? (Math.abs(Number(v)) / max) * (width - left - 80) : 0);
  const svg = s('svg', { class: 'bars', viewBox: `0 0 ${width} ${rowH * valued.length + 10}`, width: '100%', role: 'img' });
  valued.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.append(s('text', { x: left - 6, y: y + 14, 'text-anchor': 'end' }, r.unitName.length > 10 ? `${r.unitName.slice(0, 10)}…` : r.unitName));
    svg.append(s('rect', { x: left, y, width: scale(r.value.value), height: rowH - 6, class: r.outlier ? 'outlier' : null }));
    svg.append(s('text', { x: left + scale(r.value.value) + 4, y: y + 14 }, r.value.value + (r.outlier ? ' ⚠' : '')));
  });
  if (median && valued.length) {
    const x = left + scale(median.value);
    svg.append(s('line', { class: 'median', x1: x, x2: x, y1: 0, y2: rowH * valued.length + 6 }));
  }
  return h('div', { id: 'bars' }, svg);
}

/**
 * Region changes (区划调整) behind figures of a past year, one line each (the server's note in the
 * page's language); nothing when there are none.
 */
function regionNotes(id, notes, rows = []) {
  const seen = new Set();
  const distinct = notes.filter((n) => { const k = `${n.unitId}|${n.textZh}`; if (seen.has(k)) return false; seen.add(k); return true; });
  if (!distinct.length) return null;
  const name = (unitId) => rows.find((r) => r.unitId === unitId)?.unitName ?? unitId;
  return h('ul.notes', { id }, distinct.map((n) => h('li', { 'data-unit': n.unitId },
    `${t('compare.regionChange')} · ${name(n.unitId)}: ${language() === 'en' ? n.textEn : n.textZh}`)));
}

/**
 * The metric of one unit or node over five years, from its rollups; a year whose format lacks the cell is "not comparable".
 * A renamed or merged unit's earlier years are its predecessors' figures (the server follows them); their notes are listed.
 */
async function trend(unit, year, metric, rows) {
  const years = [year - 4, year - 3, year - 2, year - 1, year];
  const points = await Promise.all(years.map(async (y) => {
    const cell = cellsOf(formatOf(y)).find((c) => c.path === metric);
    const isIndicator = indicators.some(([id]) => id === metric);
    if ((!cell && !isIndicator) || !comparable(metric, formatOf(y), formatOf(year))) return { year: y, comparable: false };
    try {
      const r = (await api.rollup(unit, y, { listing: 'UNIT_LISTING_NONE' })).rollup;
      const notes = r.regionNotes ?? [];
      if ((r.contributingUnits ?? 0) === 0) return { year: y, comparable: true, value: null, notes };
      const v = isIndicator ? r.indicators?.find((i) => i.id === metric)?.value?.value : cell.get(r.total);
      return { year: y, comparable: true, value: v == null ? null : String(typeof v === 'object' ? v.value : v), notes };
    } catch { return { year: y, comparable: true, value: null }; }
  }));
  const w = 560; const hgt = 180; const pad = 40;
  const nums = points.filter((pt) => pt.value != null).map((pt) => Number(pt.value));
  const max = Math.max(1, ...nums); const min = Math.min(0, ...nums);
  const x = (i) => pad + (i * (w - 2 * pad)) / 4;
  const y = (v) => hgt - pad - ((Number(v) - min) / (max - min || 1)) * (hgt - 2 * pad);
  const svg = s('svg', { class: 'line', viewBox: `0 0 ${w} ${hgt}`, width: '100%', role: 'img' });
  let d = ''; let pen = false;
  points.forEach((pt, i) => {
    if (pt.value == null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(i)},${y(pt.value)} `; pen = true;
  });
  svg.append(s('path', { d }));
  points.forEach((pt, i) => {
    svg.append(s('text', { x: x(i), y: hgt - 12, 'text-anchor': 'middle' }, String(pt.year)));
    if (!pt.comparable) svg.append(s('text', { x: x(i), y: hgt / 2, 'text-anchor': 'middle', class: 'nc' }, t('compare.notComparable')));
    else if (pt.value != null) {
      svg.append(s('circle', { cx: x(i), cy: y(pt.value), r: 4 }));
      svg.append(s('text', { x: x(i), y: y(pt.value) - 8, 'text-anchor': 'middle' }, pt.value));
    }
  });
  return h('div', { id: 'trend' }, svg, h('table', h('tbody',
    h('tr', points.map((pt) => h('th', String(pt.year)))),
    h('tr', points.map((pt) => h('td.num', { 'data-year': pt.year }, pt.comparable ? fig(pt.value) : t('compare.notComparable')))))),
    regionNotes('trend-notes', points.flatMap((pt) => pt.notes ?? []), rows));
}

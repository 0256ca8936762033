// Tables 二, 三 and 四 as the national format prints them. Every figure cell carries data-cell="<path>";
// a cell with a finding is marked and titled with reported vs computed and the rule in Chinese.
import { h, fig } from './ui.js';
import { t, language } from './i18n.js';
import { table2, section2, rows3, requestColumns, reviewGroups, reviewColumns, value3, value4 } from './layout.js';

/** Findings by cell path (the first cell of a finding is where it is anchored; all its cells are marked). */
export function findingsByCell(findings) {
  const map = new Map();
  for (const f of findings ?? []) {
    for (const cell of f.cells ?? []) {
      if (!map.has(cell)) map.set(cell, []);
      map.get(cell).push(f);
    }
  }
  return map;
}
export const findingText = (f) => {
  const msg = language() === 'en' ? (f.messageEn || f.messageZh) : (f.messageZh || f.messageEn);
  // The figures, unless the message already states both (the server's rule messages do).
  const stated = [f.reported, f.computed].every((v) => !v || msg?.includes(v));
  const rc = (f.reported || f.computed) && !stated ? ` (${t('review.reported')} ${f.reported || '—'}, ${t('review.computed')} ${f.computed || '—'})` : '';
  return `${f.ruleId}: ${msg}${rc}`;
};

function numberCell(path, value, marks, changed) {
  const list = marks?.get(path);
  const error = list?.some((f) => f.severity === 'SEVERITY_ERROR' && f.kind !== 'FINDING_KIND_NOT_ASSESSABLE');
  const violated = list?.filter((f) => f.kind !== 'FINDING_KIND_NOT_ASSESSABLE');
  const cls = ['num', violated?.length ? (error ? 'finding' : 'finding warning') : '', value == null ? 'nr' : '', changed?.has(path) ? 'changed' : '']
    .filter(Boolean).join('.');
  return h(`td.${cls}`, { 'data-cell': path, title: violated?.length ? violated.map(findingText).join('\n') : null }, fig(value));
}

export function renderTables(report, { findings, changed } = {}) {
  const marks = findingsByCell(findings);
  return h('div.tables', table2El(report, marks, changed), table3El(report, marks, changed), table4El(report, marks, changed));
}

function table2El(report, marks, changed) {
  const section = section2(report);
  const rows = [];
  for (const block of table2(report)) {
    rows.push(h('tr', h('th', { colspan: 4 }, block.heading)));
    const cols = block.rows[0].cells;
    rows.push(h('tr', h('th', '信息内容'), cols.map((c, i) => h('th', { colspan: i === cols.length - 1 ? 4 - cols.length : 1 }, c.colZh))));
    for (const r of block.rows) {
      rows.push(h('tr', h('td.lbl', r.zh), r.cells.map((c, i) => {
        const td = numberCell(c.path, c.get(section), marks, changed);
        if (i === r.cells.length - 1 && r.cells.length < 3) td.setAttribute('colspan', 4 - r.cells.length);
        return td;
      })));
    }
  }
  return h('section', { 'data-table': '2' }, h('h2', t('table.2')), h('div.scroll', h('table.national', h('tbody', rows))));
}

function table3El(report, marks, changed) {
  const cols = requestColumns;
  const head = [
    h('tr', h('th', { colspan: 3, rowspan: 3 }, '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)'), h('th', { colspan: 7 }, '申请人情况')),
    h('tr', h('th', { rowspan: 2 }, cols[0].zh), h('th', { colspan: 5 }, '法人或其他组织'), h('th', { rowspan: 2 }, cols[6].zh)),
    h('tr', cols.slice(1, 6).map((c) => h('th', c.zh))),
  ];
  const rows = rows3(report);
  const body = [];
  rows.forEach((r, i) => {
    const tds = [];
    const prev = rows[i - 1];
    if (!r.group) tds.push(h('td.lbl', { colspan: 3 }, r.top));
    else {
      if (prev?.top !== r.top) tds.push(h('td.lbl', { rowspan: rows.filter((x) => x.top === r.top).length }, r.top));
      if (!r.leaf) tds.push(h('td.lbl', { colspan: 2 }, r.group));
      else {
        if (prev?.group !== r.group) tds.push(h('td.lbl', { rowspan: rows.filter((x) => x.group === r.group).length }, r.group));
        tds.push(h('td.lbl', r.leaf));
      }
    }
    body.push(h('tr', { 'data-row': r.id }, tds, cols.map((c) => numberCell(`s3.${r.id}.${c.id}`, value3(report, r, c), marks, changed))));
  });
  return h('section', { 'data-table': '3' }, h('h2', t('table.3')), h('div.scroll', h('table.national', h('thead', head), h('tbody', body))));
}

function table4El(report, marks, changed) {
  const cols = reviewColumns;
  const g = reviewGroups;
  const head = [
    h('tr', h('th', { colspan: 5, rowspan: 2 }, g[0].top), h('th', { colspan: 10 }, g[1].top)),
    h('tr', h('th', { colspan: 5 }, g[1].sub), h('th', { colspan: 5 }, g[2].sub)),
    h('tr', g.map(() => cols.map((c) => h('th', c.zh)))),
  ];
  const row = h('tr', g.map((grp) => cols.map((c) => numberCell(`s4.${grp.id}.${c.id}`, value4(report, grp, c), marks, changed))));
  return h('section', { 'data-table': '4' }, h('h2', t('table.4')), h('div.scroll', h('table.national', h('thead', head), h('tbody', row))));
}

/** The findings as a list (rule id, message in the page's language, reported vs computed, cells). */
export function findingList(findings) {
  if (!findings?.length) return h('p.muted', t('common.none'));
  return h('ul.findings', findings.map((f) => h('li', { 'data-rule': f.ruleId },
    h(`span.badge.${f.severity === 'SEVERITY_ERROR' ? 'err' : 'warn'}`, f.kind === 'FINDING_KIND_NOT_ASSESSABLE' ? t('kind.FINDING_KIND_NOT_ASSESSABLE') : t(`sev.${f.severity}`)),
    ' ', findingText(f), ' ', h('code.muted', (f.cells ?? []).join(', ')))));
}

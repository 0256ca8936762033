// 汇总: the rollup of any node in the national layout, its contributing and missing units, drill-down
// into child nodes or a unit's own report, a year picker and downloads (POST /v1/export).
import { t, language } from '../i18n.js';
import { api, watch } from '../api.js';
import { h, put, add, longList, params, link, yearPicker, defaultYear, errorBox, fig, saveFile } from '../ui.js';
import { renderTables, findingList } from '../tables.js';

export default async function rollup(view, session) {
  const p = params();
  const unit = p.get('unit') || session.me.unit.id;
  const year = Number(p.get('year')) || defaultYear();
  // The figures come first without the unit lists (a 10,000-unit city's lists are ~1.5 MB of JSON);
  // the lists follow in the background and again after every change the watch reports.
  const [node, data] = await Promise.all([api.unit(unit).catch((e) => e), api.rollup(unit, year, { listing: NO_LISTS }).catch((e) => e)]);
  const failed = [node, data].find((x) => x instanceof Error);
  if (failed) { put(view, h('h1', t('rollup.title')), errorBox(failed)); return null; }
  const u = node.unit;
  const go = (y) => { location.hash = link('rollup', { unit, year: y }); };
  const parent = u.parentId && u.id !== session.me.unit.id ? h('a', { href: link('rollup', { unit: u.parentId, year }) }, '↑ ', t('common.back')) : null;
  const live = h('span.live', { id: 'live' });
  const figures = h('div', { id: 'rollup-figures' });
  const lists = h('div.grid2', { id: 'rollup-lists', 'aria-busy': 'true' }, h('p.muted', t('common.loading')));

  put(view,
    h('h1', { id: 'rollup-title', 'data-unit': u.id }, `${u.name} · ${year} · ${t('rollup.title')}`),
    h('div.toolbar', parent, yearPicker(year, go),
      h('span', t('rollup.download'), ': ',
        ['XLSX', 'CSV', 'MARKDOWN', 'DOCX'].map((f) => h('button', { type: 'button', 'data-export': f, onclick: () => download(unit, year, f) }, f === 'MARKDOWN' ? 'Markdown' : f === 'DOCX' ? 'Word' : f))),
      h('a', { href: link('review', { unit, year }) }, t('rollup.unitReport')), live),
    node.children?.length ? h('section', h('h2', t('rollup.children')), longList('ul.inline', { id: 'children' }, node.children,
      (c) => h('li', h('a', { href: link('rollup', { unit: c.id, year }), 'data-unit': c.id }, c.name)))) : null,
    figures, lists);
  renderFigures(figures, data.rollup);

  const listing = listLoader(lists, unit, year);
  listing.reload();
  const w = watch(`${api.rollupWatchPath(unit, year)}?unitListing=${NO_LISTS}`, (m) => {
    if (!m.rollup) return;
    renderFigures(figures, m.rollup);
    listing.reload();
  }, (state) => {
    live.className = state === 'live' ? 'live on' : 'live';
    live.textContent = state === 'live' ? t('common.live') : state === 'retry' ? t('common.reconnecting') : '';
  });
  return () => { w.stop(); listing.stop(); };
}

const NO_LISTS = 'UNIT_LISTING_NONE';

/** Coverage cards, indicators, the national tables and the findings of one rollup. */
function renderFigures(box, r) {
  put(box,
    h('div.cards',
      h('div.card', h('div.k', t('rollup.contributing')), h('div.v', { id: 'contributing-count' }, `${r.contributingUnits ?? 0} / ${r.expectedUnits ?? 0}`)),
      h('div.card', h('div.k', t('rollup.missing')), h('div.v', { id: 'missing-count' }, String(r.missingUnits ?? 0))),
      (r.indicators ?? []).map((i) => h('div.card', { 'data-indicator': i.id }, h('div.k', language() === 'en' ? i.labelEn : i.labelZh), h('div.v', fig(i.value))))),
    renderTables(r.total, { findings: r.findings }),
    h('h2', t('rollup.findings')), findingList(r.findings));
}

/** Loads the contributing and missing units; one load at a time, a change during a load reloads once after it. */
function listLoader(box, unit, year) {
  let running = false; let again = false; let stopped = false;
  const controller = new AbortController();
  const load = async () => {
    running = true;
    try {
      do {
        again = false;
        box.setAttribute('aria-busy', 'true');
        try {
          const r = (await api.rollup(unit, year, { listing: 'UNIT_LISTING_FULL' }, controller.signal)).rollup;
          if (stopped) return;
          put(box,
            h('section', h('h2', t('rollup.contributing')), longList('ul', { id: 'contributing' }, r.contributing ?? [], (c) => h('li', { 'data-unit': c.unitId },
              h('a', { href: link('review', { unit: c.unitId, year }) }, c.unitName), ' ', h('span.muted', `${t(`src.${c.source}`)} v${c.version} ${t(`rs.${c.reviewState}`)}`)))),
            h('section', h('h2', t('rollup.missing')), longList('ul', { id: 'missing' }, r.missing ?? [], (m) => h('li', { 'data-unit': m.unitId },
              m.unitName, ' ', h('span.muted', t(`reason.${m.reason}`))))));
        } catch (e) {
          if (stopped) return;
          put(box, errorBox(e));
        }
        box.setAttribute('aria-busy', 'false');
      } while (again && !stopped);
    } finally { running = false; }
  };
  return {
    reload() { if (stopped) return; if (running) again = true; else load(); },
    stop() { stopped = true; controller.abort(); },
  };
}

async function download(unit, year, format) {
  saveFile(await api.export({ rollup: { unitId: unit, year }, format: `EXPORT_FORMAT_${format}` }));
}

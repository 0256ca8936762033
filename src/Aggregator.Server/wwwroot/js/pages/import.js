// 导入: upload a published report file, preview the parsed tables and findings (POST /v1/import:preview,
// nothing stored), then submit it as the unit's own report (district) or backfill it as a published
// record (city).
import { t, language } from '../i18n.js';
import { api } from '../api.js';
import { h, put, add, params, yearPicker, defaultYear, errorBox, saveFile } from '../ui.js';
import { renderTables, findingList } from '../tables.js';

const base64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/** The media type a backfill sends for the format the preview detected. */
const mediaType = (fileFormat) => ({
  IMPORT_FILE_FORMAT_HTML: 'text/html',
  IMPORT_FILE_FORMAT_PDF: 'application/pdf',
  IMPORT_FILE_FORMAT_DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  IMPORT_FILE_FORMAT_JSON: 'application/json',
}[fileFormat] ?? 'text/plain');

export default async function importPage(view, session) {
  const p = params();
  const me = session.me.unit;
  const leaf = me.level === 'UNIT_LEVEL_DISTRICT' || me.level === 'UNIT_LEVEL_DEPARTMENT';
  let year = Number(p.get('year')) || defaultYear();
  const units = [me, ...(session.me.children ?? [])];
  const unitSelect = h('select', { id: 'import-unit' }, units.map((u) => h('option', { value: u.id, selected: u.id === (p.get('unit') || me.id) }, u.name)));
  const file = h('input', { type: 'file', id: 'file', accept: '.txt,.text,.html,.htm,.pdf,.docx,.xlsx,.json,text/plain,text/html,application/pdf,application/json' });
  const out = h('div', { id: 'import-body' });
  let previewed = null;

  const preview = async () => {
    const f = file.files?.[0];
    if (!f) return;
    const bytes = new Uint8Array(await f.arrayBuffer());
    const content = base64(bytes);
    put(out, h('p.muted', t('common.loading')));
    try {
      const res = await api.preview({ fileName: f.name, content, unitId: unitSelect.value, year });
      previewed = { res, content, name: f.name, type: mediaType(res.fileFormat) };
      showPreview(res);
    } catch (e) { put(out, errorBox(e)); }
  };
  const showPreview = (res) => {
    const report = res.report ?? {};
    const problems = res.problems ?? [];
    const findings = res.findings ?? [];
    put(out, 
      h('p.msg.info', t('import.nothingStored')),
      h('p', { id: 'detected' }, `${t('import.detected')}: ${report.unitId || res.unitId || unitSelect.value} · ${report.year || res.year || year} · ${report.format ?? ''} · ${res.fileFormat ?? ''}`),
      problems.length ? h('section', h('h2', t('import.problems')), h('ul', { id: 'problems' }, problems.map((x) => h('li', `${x.section ?? ''}${x.line ? ` L${x.line}` : ''} ${language() === 'en' ? (x.messageEn || x.messageZh) : (x.messageZh || x.messageEn)}`)))) : null,
      h('h2', t('review.findings')), h('div', { id: 'preview-findings' }, findingList(findings)),
      renderTables(report, { findings }),
      h('div.toolbar',
        leaf ? h('button.primary', { type: 'button', id: 'submit', onclick: submit }, t('import.submit')) : null,
        // A filled template is a unit's own submission, not a published report: it is not backfilled.
        !leaf && res.fileFormat !== 'IMPORT_FILE_FORMAT_XLSX' ? h('button.primary', { type: 'button', id: 'backfill', onclick: backfill }, t('import.backfill')) : null),
      h('div', { id: 'import-result' }));
  };
  const result = (node) => out.querySelector('#import-result').replaceChildren(node);
  // The unit's blank Excel template (GET …/template); filled in, it comes back through 预览 and 提交 here (or the CLI).
  const template = async () => {
    try { saveFile(await api.template(unitSelect.value, year)); } catch (e) { put(out, errorBox(e)); }
  };
  const submit = async () => {
    const report = { ...previewed.res.report, unitId: unitSelect.value, year };
    try {
      const ack = (await api.submit({ report, idempotencyKey: crypto.randomUUID() })).acknowledgement;
      result(ack.outcome === 'ACK_OUTCOME_ACCEPTED'
        ? h('div.msg.info', { 'data-stored': ack.version }, t('import.stored', { v: ack.version }))
        : h('div.msg.error', t('import.rejected'), findingList(ack.errors)));
    } catch (e) { result(errorBox(e)); }
  };
  const backfill = async () => {
    try {
      const res = await api.backfill({
        unitId: unitSelect.value, year,
        document: { content: previewed.content, mediaType: previewed.type },
        source: { fileName: previewed.name },
      });
      result(h('div.msg.info', { 'data-stored': res.version }, t('import.stored', { v: res.version }), findingList(res.findings)));
    } catch (e) { result(errorBox(e)); }
  };

  put(view, h('h1', t('import.title')),
    h('div.toolbar', h('label', t('common.unit'), unitSelect), yearPicker(year, (y) => { year = y; }),
      h('label', t('import.file'), file), h('button', { type: 'button', id: 'preview', onclick: preview }, t('import.preview')),
      h('button', { type: 'button', id: 'template', onclick: template }, t('import.template'))),
    out);
}

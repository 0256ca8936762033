// The national layout of tables 二, 三 and 四 (国办公开办函〔2019〕60号 and the 2021 format), with the
// printed wording of src/Aggregator.Export/Internal/NationalTables.cs and the cell paths and labels of
// src/Aggregator.Domain/Cells/CellCatalog.cs (a browser test checks every path and label against the catalog).

const camel = (s) => s.replace(/[._](\w)/g, (_, c) => c.toUpperCase());

export const requestColumns = [
  ['natural_person', '自然人', 'natural persons'],
  ['commercial_enterprise', '商业企业', 'commercial enterprises'],
  ['research_institution', '科研机构', 'research institutions'],
  ['social_welfare_org', '社会公益组织', 'social welfare organisations'],
  ['legal_service_org', '法律服务机构', 'legal service organisations'],
  ['other_org', '其他', 'other organisations'],
  ['total', '总计', 'total'],
].map(([id, zh, en]) => ({ id, zh, en }));

const G = '三、本年度办理结果';
/** Rows of table 三: id, printed (top, group, leaf), catalog label, formats. */
export const requestRows = [
  ['new_requests', '一、本年新收政府信息公开申请数量', '', '', '一、本年新收政府信息公开申请数量'],
  ['carried_over', '二、上年结转政府信息公开申请数量', '', '', '二、上年结转政府信息公开申请数量'],
  ['granted', G, '(一)予以公开', '', '三(一)予以公开'],
  ['partially_granted', G, '(二)部分公开(区分处理的,只计这一情形,不计其他情形)', '', '三(二)部分公开'],
  ['withheld.state_secret', G, '(三)不予公开', '1.属于国家秘密', '三(三)1.属于国家秘密'],
  ['withheld.prohibited_by_law', G, '(三)不予公开', '2.其他法律行政法规禁止公开', '三(三)2.其他法律行政法规禁止公开'],
  ['withheld.security_stability', G, '(三)不予公开', '3.危及“三安全一稳定”', '三(三)3.危及“三安全一稳定”'],
  ['withheld.third_party_rights', G, '(三)不予公开', '4.保护第三方合法权益', '三(三)4.保护第三方合法权益'],
  ['withheld.internal_affairs', G, '(三)不予公开', '5.属于三类内部事务信息', '三(三)5.属于三类内部事务信息'],
  ['withheld.process_information', G, '(三)不予公开', '6.属于四类过程性信息', '三(三)6.属于四类过程性信息'],
  ['withheld.enforcement_files', G, '(三)不予公开', '7.属于行政执法案卷', '三(三)7.属于行政执法案卷'],
  ['withheld.administrative_query', G, '(三)不予公开', '8.属于行政查询事项', '三(三)8.属于行政查询事项'],
  ['unavailable.not_held', G, '(四)无法提供', '1.本机关不掌握相关政府信息', '三(四)1.本机关不掌握相关政府信息'],
  ['unavailable.needs_creation', G, '(四)无法提供', '2.没有现成信息需要另行制作', '三(四)2.没有现成信息需要另行制作'],
  ['unavailable.unclear', G, '(四)无法提供', '3.补正后申请内容仍不明确', '三(四)3.补正后申请内容仍不明确'],
  ['not_processed.petition', G, '(五)不予处理', '1.信访举报投诉类申请', '三(五)1.信访举报投诉类申请'],
  ['not_processed.duplicate', G, '(五)不予处理', '2.重复申请', '三(五)2.重复申请'],
  ['not_processed.publication', G, '(五)不予处理', '3.要求提供公开出版物', '三(五)3.要求提供公开出版物'],
  ['not_processed.excessive', G, '(五)不予处理', '4.无正当理由大量反复申请', '三(五)4.无正当理由大量反复申请'],
  ['not_processed.confirmation', G, '(五)不予处理', '5.要求行政机关确认或重新出具已获取信息', '三(五)5.要求行政机关确认或重新出具已获取信息'],
  ['other_handling.no_correction', G, '(六)其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '三(六)1.申请人无正当理由逾期不补正'],
  ['other_handling.fee_unpaid', G, '(六)其他处理', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '三(六)2.申请人逾期未按收费通知要求缴纳费用'],
  ['other_handling.other', G, '(六)其他处理', '3.其他', '三(六)3.其他'],
  ['other_handling.total', G, '(六)其他处理', '', '三(六)其他处理'],
  ['results_total', G, '(七)总计', '', '三(七)总计'],
  ['carried_forward', '四、结转下年度继续办理', '', '', '四、结转下年度继续办理'],
].map(([id, top, group, leaf, zh]) => ({ id, top, group, leaf, zh, field: camel(id) }));

const otherParts = ['other_handling.no_correction', 'other_handling.fee_unpaid', 'other_handling.other'];

export const reviewGroups = [
  ['reconsideration', '行政复议', null], ['litigation_direct', '行政诉讼', '未经复议直接起诉'],
  ['litigation_after_reconsideration', '行政诉讼', '复议后起诉'],
].map(([id, top, sub]) => ({ id, top, sub, zh: sub ? `${top}·${sub}` : top, field: camel(id) }));
export const reviewColumns = [['upheld', '结果维持'], ['corrected', '结果纠正'], ['other', '其他结果'], ['pending', '尚未审结'], ['total', '总计']]
  .map(([id, zh]) => ({ id, zh }));

// Table 二: blocks of rows; each cell has its path and its place in the JSON form of the Report.
const dec = (o) => (o == null ? undefined : o.value);
const c2 = (row, col, colZh, get) => ({ path: `s2.${row}.${col}`, colZh, get });
export const blocks2021 = [
  { heading: '第二十条第(一)项', rows: ['regulations', 'normative_documents'].map((r, i) => ({
    zh: ['规章', '行政规范性文件'][i], cells: [['issued', '本年制发件数'], ['repealed', '本年废止件数'], ['in_force', '现行有效件数']]
      .map(([c, zh]) => c2(r, c, zh, (p) => p?.[camel(r)]?.[camel(c)])) })) },
  { heading: '第二十条第(五)项', rows: [{ zh: '行政许可', cells: [c2('administrative_licensing', 'decisions', '本年处理决定数量', (p) => p?.administrativeLicensingDecisions)] }] },
  { heading: '第二十条第(六)项', rows: [
    { zh: '行政处罚', cells: [c2('administrative_penalty', 'decisions', '本年处理决定数量', (p) => p?.administrativePenaltyDecisions)] },
    { zh: '行政强制', cells: [c2('administrative_coercion', 'decisions', '本年处理决定数量', (p) => p?.administrativeCoercionDecisions)] }] },
  { heading: '第二十条第(八)项', rows: [{ zh: '行政事业性收费', cells: [c2('administrative_fees', 'amount', '本年收费金额(单位:万元)', (p) => dec(p?.administrativeFeesAmount))] }] },
];
const items2019 = (r, zh, cols) => ({ zh, cells: cols.map(([c, czh]) => c2(r, c, czh, (p) => p?.[camel(r)]?.[camel(c)])) });
const itemCols = [['previous_items', '上一年项目数量'], ['change', '本年增/减'], ['decisions', '处理决定数量']];
export const blocks2019 = [
  { heading: '第二十条第(一)项', rows: ['regulations', 'normative_documents'].map((r, i) => items2019(r, ['规章', '规范性文件'][i],
    [['made', '本年新制作数量'], ['published', '本年新公开数量'], ['total_published', '对外公开总数量']])) },
  { heading: '第二十条第(五)项', rows: [items2019('administrative_licensing', '行政许可', itemCols), items2019('other_management_services', '其他对外管理服务事项', itemCols)] },
  { heading: '第二十条第(六)项', rows: [items2019('administrative_penalty', '行政处罚', itemCols), items2019('administrative_coercion', '行政强制', itemCols)] },
  { heading: '第二十条第(八)项', rows: [items2019('administrative_fees', '行政事业性收费', itemCols.slice(0, 2))] },
  { heading: '第二十条第(九)项', rows: [{ zh: '政府集中采购', cells: [
    c2('government_procurement', 'items', '采购项目数量', (p) => p?.governmentProcurementItems),
    c2('government_procurement', 'amount', '采购总金额(元)', (p) => dec(p?.governmentProcurementAmountYuan))] }] },
];

export const is2019 = (report) => report?.format === 'FORMAT_VERSION_2019';
export const table2 = (report) => is2019(report) ? blocks2019 : blocks2021;
export const section2 = (report) => is2019(report) ? report?.proactiveDisclosure2019 : report?.proactiveDisclosure;

/** The rows of table 三 printed for this report (其他处理 as one row in 2019 or when only its total is reported). */
export function rows3(report) {
  const h = report?.requests;
  const reported = (row) => requestColumns.some((c) => h?.[row.field]?.[camel(c.id)] != null);
  const single = is2019(report) ||
    (!requestRows.filter((r) => otherParts.includes(r.id)).some(reported) && reported(requestRows.find((r) => r.id === 'other_handling.total')));
  return requestRows.filter((r) => (single ? !otherParts.includes(r.id) : r.id !== 'other_handling.total'));
}
export const value3 = (report, row, col) => report?.requests?.[row.field]?.[camel(col.id)];
export const value4 = (report, group, col) => report?.reviewLitigation?.[group.field]?.[camel(col.id)];

/** Every numeric cell of tables 二, 三, 四 for a format: { path, zh (national label), table, get(report) }. */
export function cellsOf(format) {
  const report = { format, requests: {} };
  const out = [];
  for (const b of table2(report)) {
    for (const r of b.rows) for (const c of r.cells) out.push({ path: c.path, zh: `${r.zh} ${c.colZh}`, rowZh: r.zh, columnZh: c.colZh, table: '2', get: (rep) => c.get(section2(rep)) });
  }
  for (const r of requestRows) {
    if (format === 'FORMAT_VERSION_2019' && otherParts.includes(r.id)) continue;
    for (const c of requestColumns) out.push({ path: `s3.${r.id}.${c.id}`, zh: `${r.zh} · ${c.zh}`, rowZh: r.zh, columnZh: c.zh, table: '3', get: (rep) => value3(rep, r, c) });
  }
  for (const g of reviewGroups) {
    for (const c of reviewColumns) out.push({ path: `s4.${g.id}.${c.id}`, zh: `${g.zh} · ${c.zh}`, rowZh: g.zh, columnZh: c.zh, table: '4', get: (rep) => value4(rep, g, c) });
  }
  return out;
}

/**
 * Whether a cell path or indicator id measures the same thing in two formats: the console's copy of
 * Comparability.IsComparable (src/Aggregator.Domain/Analysis/Comparability.cs); a browser test holds
 * the two equal on every path of both catalogues. Table 二 changed meaning in 2021; 三(六) compares
 * only as its group total.
 */
export function comparable(path, from, to) {
  if (from === to) return true;
  if (path.startsWith('s2.')) return false;
  if (path.startsWith('s3.other_handling.')) return path.startsWith('s3.other_handling.total.');
  return true;
}

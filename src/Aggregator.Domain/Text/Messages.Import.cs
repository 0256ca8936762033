namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>The importer: where something was found, what was expected there, why it is refused, notes.</summary>
    public static class Import
    {
        // Locations.

        public static LocalizedText TextLine(int line) => new($"第{line}行", $"line {line}");

        public static LocalizedText TableRow(int table, int row) => new($"第{table}个表格第{row}行", $"table {table}, row {row}");

        public static LocalizedText TableRowAt(int table, int row, int sourceLine) =>
            new($"第{table}个表格第{row}行(源码第{sourceLine}行)", $"table {table}, row {row} (source line {sourceLine})");

        public static LocalizedText Table(int table) => new($"第{table}个表格", $"table {table}");

        public static LocalizedText TableAt(int table, int sourceLine) => new($"第{table}个表格(源码第{sourceLine}行)", $"table {table} (source line {sourceLine})");

        public static LocalizedText SourceLine(int sourceLine) => new($"源码第{sourceLine}行", $"source line {sourceLine}");

        public static LocalizedText BodyText => new("正文", "body text");

        public static LocalizedText Paragraph(int paragraph) => new($"第{paragraph}段", $"paragraph {paragraph}");

        public static LocalizedText PageParagraph(int page, int paragraph) => new($"第{page}页第{paragraph}段", $"page {page}, paragraph {paragraph}");

        public static LocalizedText TableRowOnPage(int table, int row, int page) => new($"第{table}个表格第{row}行(第{page}页)", $"table {table}, row {row} (page {page})");

        public static LocalizedText TableOnPage(int table, int page) => new($"第{table}个表格(第{page}页)", $"table {table} (page {page})");

        public static LocalizedText WholeDocument => new("全文", "whole document");

        // The whole problem: where, what, expected and found.

        /// <summary>A problem in section <paramref name="section"/> (一..六).</summary>
        public static LocalizedText SectionProblem(string section, LocalizedText where, LocalizedText detail, LocalizedText expected, LocalizedText found) => new(
            $"第{section}部分{where.Zh}:{detail.Zh}(应为:{expected.Zh};实际:{found.Zh})",
            $"Section {section}, {where.En}: {detail.En} (expected: {expected.En}; found: {found.En})");

        /// <summary>A problem of the document as a whole.</summary>
        public static LocalizedText DocumentProblem(LocalizedText where, LocalizedText detail, LocalizedText expected, LocalizedText found) => new(
            $"文档{where.Zh}:{detail.Zh}(应为:{expected.Zh};实际:{found.Zh})",
            $"Document, {where.En}: {detail.En} (expected: {expected.En}; found: {found.En})");

        /// <summary>Why, and where (for a table that shows section, line, expected and found in their own columns).</summary>
        public static LocalizedText Located(LocalizedText where, LocalizedText detail) => new($"{where.Zh}：{detail.Zh}", $"{where.En}: {detail.En}");

        // What was expected.

        public static LocalizedText WholeNumberOrBlank(string column) => new(
            $"“{column}”:整数,或以空白、—、/、无表示未填报",
            $"{column}: a whole number, or blank, \"—\", \"/\" or \"无\" for not reported");

        public static LocalizedText AmountOrBlank(string column) => new(
            $"“{column}”:十进制数(金额),或以空白、—、/、无表示未填报",
            $"{column}: a decimal number (amount), or blank, \"—\", \"/\" or \"无\" for not reported");

        public static LocalizedText FigureCellsFor(int count, string row) => new(
            $"“{row}”行的 {count} 个数字",
            count == 1 ? $"{count} figure cell for {row}" : $"{count} figure cells for {row}");

        public static LocalizedText RowLabelBefore(string example) => new(
            $"数字前的行标题(如“{example}”)",
            $"a row label (e.g. {example}) before the figures");

        public static LocalizedText RowLabelOfTable(string section, string examples) => new(
            $"第{section}部分表格的行标题(如 {examples})",
            $"a row label of table {section} (e.g. {examples})");

        public static LocalizedText RowLabelOrClose(string section) => new(
            $"第{section}部分表格的行标题,或与该位置应有行相近的标题",
            $"a row label of table {section}, or a label close to the row expected at this place");

        public static LocalizedText RowOf2021Format(string section) => new(
            $"第{section}部分表格2021年格式的行",
            $"a row of the 2021 format of table {section}");

        public static LocalizedText ARow(string row) => new($"“{row}”行", $"a row {row}");

        public static LocalizedText ARowOrOtherHandlingWhole(string row, string whole) => new(
            $"“{row}”行(或仅一行“{whole}”)",
            $"a row {row} (or one row {whole})");

        public static LocalizedText OneRow(string row) => new($"仅一行“{row}”", $"one row {row}");

        public static LocalizedText CellsSeparated => new(
            "以 | 分隔的表格单元格(或 HTML 表格)",
            "table cells separated by | (or an HTML table)");

        public static LocalizedText ReportParts => new(
            "“一、”至“六、”各部分标题,或第二、三、四部分的表格",
            "the section headings \"一、\" to \"六、\", or the report tables of sections \"二\", \"三\", \"四\"");

        public static LocalizedText ProactiveTable2019(string rows) => new(
            $"第二部分表格(2019年格式:{rows})",
            $"the table of section \"二\" (2019 format: {rows})");

        public static LocalizedText ProactiveTable2021(string rows) => new(
            $"第二部分表格({rows})",
            $"the table of section \"二\" ({rows})");

        public static LocalizedText RequestTable(string first, string last) => new(
            $"第三部分表格(“{first}”至“{last}”各行 × 7 列)",
            $"the table of section \"三\" (rows {first} to {last} × 7 columns)");

        public static LocalizedText ReviewTable(int count) => new(
            $"第四部分表格({count} 个数字:行政复议及两组行政诉讼,每组 5 个)",
            $"the table of section \"四\" ({count} figures: \"行政复议\" and two \"行政诉讼\" groups × 5)");

        public static LocalizedText PatternsWithin(int milliseconds) => new(
            $"可在 {milliseconds} 毫秒内完成匹配的报告文本",
            $"text a report's patterns match within {milliseconds} ms");

        public static LocalizedText WordDocument => new("Word(.docx)文档", "a Word (.docx) document");

        public static LocalizedText ReportJson => new("合同格式的 JSON 报表", "a report in the contract's JSON form");

        public static LocalizedText UnitAndYear(string unit, int year) => new($"单位 {unit},{year} 年度", $"unit {unit}, year {year}");

        public static LocalizedText ReportSections => new("年度报告的第一至第六部分", "the sections \"一\" to \"六\" of an annual report");

        // What was found.

        public static LocalizedText Quoted(string text) => new($"“{text}”", $"\"{text}\"");

        public static LocalizedText FigureCells(int count, string figures) => new(
            $"{count} 个数字:{figures}",
            count == 1 ? $"{count} figure cell: {figures}" : $"{count} figure cells: {figures}");

        public static LocalizedText NoFigureCells => new("没有数字", "no figure cells");

        public static LocalizedText NoSuchRow => new("没有该行", "no such row");

        public static LocalizedText NothingFound => new("无", "none");

        public static LocalizedText NoTableUnderHeading => new("标题下没有表格", "no table under the heading");

        public static LocalizedText A2019FormatRow(string label) => new($"“{label}”(2019年格式的行)", $"\"{label}\" (a 2019-format row)");

        public static LocalizedText SecondRow(LocalizedText first) => new($"第二个同名行(第一个在{first.Zh})", $"a second row (first at {first.En})");

        public static LocalizedText SecondRowOf(string row, LocalizedText first) => new(
            $"第二个“{row}”行(第一个在{first.Zh})",
            $"a second row {row} (first at {first.En})");

        public static LocalizedText DigitRun(string excerpt) => new(
            $"一串没有分隔符的数字:“{excerpt}”",
            $"a run of digits without separators: \"{excerpt}\"");

        public static LocalizedText TimedOutOn(string pattern) => new(
            $"使模式“{pattern}”匹配超时的输入",
            $"input on which pattern '{pattern}' timed out");

        // Why it is refused.

        public static LocalizedText NotANumber(string column) => new($"“{column}”栏不是数字", $"the {column} cell is not a number");

        public static LocalizedText WrongFigureCount(string row) => new(
            $"“{row}”行数字个数不符,不猜测拆分",
            $"row \"{row}\" has the wrong number of figures; no split is guessed");

        public static LocalizedText RowWithoutLabel => new("数据行缺少行标题", "a data row has no label");

        public static LocalizedText UnknownRowLabel => new("无法识别的行标题", "unrecognised row label");

        public static LocalizedText RowOf2019Format => new("该行属于2019年格式", "this row belongs to the 2019 format");

        public static LocalizedText DuplicateRow => new("行重复", "duplicate row");

        public static LocalizedText MissingRow(string row) => new($"缺少“{row}”行", $"row \"{row}\" is missing");

        public static LocalizedText NoReportFound => new("未找到年度报告的任何部分", "no part of an annual report was found");

        public static LocalizedText HeadingWithoutTable => new("标题下没有表格", "the section has a heading but no table");

        public static LocalizedText Flattened => new(
            "表格被压平为连续数字,无法确定拆分",
            "the table is flattened into a run of digits; the split cannot be determined");

        public static LocalizedText TooComplex => new(
            "文档内容过于复杂,解析超时",
            "The document took too long to parse (a pattern match timed out); it is refused");

        public static LocalizedText CannotReadWord => new("无法读取 Word 文档(不是有效的 .docx 文件)", "Cannot read the Word document (not a valid .docx file)");

        public static LocalizedText NotReportJson(string reason) => new($"不是合同格式的 JSON 报表:{reason}", $"Not a report in the contract's JSON form: {reason}");

        public static LocalizedText CannotParse => new("无法解析文件", "Cannot parse the file");

        public static LocalizedText CannotReadFile => new("无法读取文件", "Cannot read the file");

        public static LocalizedText AReadableFile => new("可读取的文件", "a readable file");

        public static LocalizedText ParseableText => new("可解析的报告文本", "report text that can be parsed");

        public static LocalizedText PageAt(string address) => new($"{address} 处的页面", $"a page at {address}");

        public static LocalizedText DecodableCharset => new("本程序能解码的字符集", "a charset this program can decode");

        public static LocalizedText NoReportOnPage => new("页面中没有可识别的年度报表内容", "The page holds no recognisable annual report");

        public static LocalizedText UnitOrYearDiffers => new("文件中的单位或年度与所选不一致", "The file's unit or year differs from the one chosen");

        public static LocalizedText NoReportContent => new("文件中没有可识别的年度报表内容", "The file holds no recognisable annual report");

        /// <summary>A row of table 三 whose label names no row and that cannot be placed by its position.</summary>
        public static LocalizedText CannotPlaceRow(LocalizedText why) => new($"无法确定该行是哪一行:{why.Zh}", $"the row cannot be placed: {why.En}");

        public static LocalizedText AfterHeader => new("表头之后", "after the header");

        public static LocalizedText After(string row) => new($"“{row}”之后", $"after \"{row}\"");

        public static LocalizedText NoRowLeft(string section, LocalizedText after) => new(
            $"其标题不是第{section}部分的任何一行,且{after.Zh}已没有待填的行",
            $"its label names no row of table {section}, and no row is left to fill {after.En}");

        public static LocalizedText TooDifferent(string section, LocalizedText after, string expectedRow, string shared, string needed) => new(
            $"其标题不是第{section}部分的任何一行,且{after.Zh}与该位置应有的“{expectedRow}”相似度仅{shared}(至少{needed})",
            $"its label names no row of table {section}, and it shares only {shared} of its text with \"{expectedRow}\", the row expected at its place {after.En} (at least {needed} needed)");

        public static LocalizedText NumberDiffers(string section, LocalizedText after, string expectedRow) => new(
            $"其标题不是第{section}部分的任何一行,且{after.Zh}序号与该位置应有的“{expectedRow}”不同",
            $"its label names no row of table {section}, and its item number differs from \"{expectedRow}\", the row expected at its place {after.En}");

        public static LocalizedText Ambiguous(string first, string second) => new(
            $"其标题既可能是“{first}”也可能是“{second}”",
            $"its label fits both \"{first}\" and \"{second}\"");

        /// <summary>The <c>I.row_label</c> warning: a row placed under a label that differs from the national one.</summary>
        public static LocalizedText RowLabelDiffers(string section, LocalizedText where, string printed, string national) => new(
            $"第{section}部分{where.Zh}:行标题“{printed}”与全国格式“{national}”不同,按其在表中的位置和数字个数计入该行",
            $"Section {section}, {where.En}: row label \"{printed}\" differs from the national \"{national}\"; the row was placed by its position in the table and its number of figures");

        // Notes.

        public static LocalizedText IgnoredTable(int table, LocalizedText where) => new(
            $"已忽略第{table}个表格({where.Zh}):不是报告第二、三、四部分的表格。",
            $"Ignored table {table} ({where.En}): not one of the report tables of sections \"二\", \"三\", \"四\".");

        public static LocalizedText SectionAbsent(string section) => new($"第{section}部分不存在,未填写。", $"Section {section} is absent; left unset.");

        public static LocalizedText SectionHeadingNotFound(string section) => new($"未找到第{section}部分的标题,未填写。", $"Section {section} heading not found; left unset.");

        public static LocalizedText FormatDetected(string format, string section) => new(
            $"根据第{section}部分表格的表头,判定为{format}年格式。",
            $"Format detected as {format} from the headings of table {section}.");

        public static LocalizedText FormatFromYear(int year, string format) => new(
            $"按年度 {year} 确定格式:{format}年格式。",
            $"Format taken from the year {year}: {format}.");
   
        // PDF.

        public static LocalizedText PdfWithTextLayer => new("有文本层的 PDF(不支持 OCR)", "a PDF with a text layer (OCR is not supported)");

        public static LocalizedText PagesWithoutText(int pages) => new($"{pages} 页没有文字", $"{pages} page(s) without text");

        public static LocalizedText NoTextLayer(int pages) => new(
            $"PDF 没有文本层(可能是扫描件,共 {pages} 页);不支持 OCR,请提供可复制文字的 PDF、Word 或网页版本",
            $"The PDF has no text layer (a scan? {pages} page(s)); OCR is not supported: give a PDF with selectable text, the Word file or the web page");

        public static LocalizedText PdfDocument => new("PDF 文档", "a PDF document");

        public static LocalizedText CannotReadPdf => new("无法读取 PDF 文档", "Cannot read the PDF document");

        // The XLSX template (aggregator template), read back.

        public static LocalizedText ExcelWorkbook => new("Excel(.xlsx)工作簿", "an Excel (.xlsx) workbook");

        public static LocalizedText CannotReadExcel => new("无法读取 Excel 工作簿", "Cannot read the document as an Excel workbook");

        public static LocalizedText NoWorkbookPart => new("没有工作簿部件", "no workbook part");

        public static LocalizedText NotExcel => new("不是 Excel 工作簿", "The document is not an Excel workbook");

        public static LocalizedText TemplateWorkbook(string metaSheet) => new(
            $"由 aggregator template 生成的填报模板(含隐藏工作表「{metaSheet}」)",
            $"a template workbook made by 'aggregator template' (hidden sheet {metaSheet})");

        public static LocalizedText NoSuchSheet => new("没有该工作表", "no such sheet");

        public static LocalizedText NotATemplate(string metaSheet) => new(
            $"不是本系统生成的填报模板(缺少隐藏工作表「{metaSheet}」),请用 aggregator template 生成模板后填写",
            $"The document is not a template made by 'aggregator template' (the hidden sheet '{metaSheet}' is missing)");

        public static LocalizedText TemplateUnitAndYear => new("模板的单位代码和年度", "the unit id and year of the template");

        public static LocalizedText TemplateKeys(string metaSheet, string unit, string year) => new(
            $"{metaSheet}:“{unit}”,“{year}”",
            $"{metaSheet}: '{unit}', '{year}'");

        public static LocalizedText InvalidTemplateUnitOrYear(string unit, string year) => new(
            $"模板信息中的单位代码或年度无效:{unit} {year}",
            $"The document's template unit id or year is invalid: '{unit}' '{year}'");

        public static LocalizedText TemplateOf(string unit, int year) => new($"{unit} {year} 年度的模板", $"a template of {unit} {year}");

        public static LocalizedText TemplateOfOtherUnit(string unit, int year, string asked, int askedYear) => new(
            $"该模板属于 {unit} {year} 年度,不是 {asked} {askedYear} 年度",
            $"The document is the template of {unit} {year}, not of {asked} {askedYear}");

        public static LocalizedText FormatForYear(string format, int year) => new($"{year} 年度的 {format} 版格式", $"format {format} for {year}");

        public static LocalizedText TemplateFormatWrong(string format, int year) => new(
            $"模板格式 {format} 与 {year} 年度应使用的格式不符",
            $"The document's template format '{format}' is not the one of {year}");

        public static LocalizedText FormatNamed(string format) => new($"{format} 版格式", $"format {format}");

        public static LocalizedText TemplateIsFormat(string format) => new($"模板为 {format} 版格式", $"The document is a template of the {format} format");

        public static LocalizedText Sheet(string sheet) => new($"工作表「{sheet}」", $"sheet '{sheet}'");

        public static LocalizedText MissingSheet(string sheet, string path) => new($"缺少工作表「{sheet}」({path})", $"The document has no sheet '{sheet}' ({path})");

        public static LocalizedText KnownField => new("本格式的单元格路径或文字部分", "a cell path or narrative of the format");

        public static LocalizedText UnknownField(string path) => new($"模板信息中有未知字段 {path}", $"The document's template lists an unknown field '{path}'");

        public static LocalizedText FilledInput => new("至少一个已填写的输入单元格", "at least one filled input cell");

        public static LocalizedText EmptyTemplate => new("空白模板", "an empty template");

        public static LocalizedText NothingFilled => new("模板中没有填写任何内容", "Nothing is filled in the document's template");

        public static LocalizedText AnAmount => new("金额", "an amount");

        public static LocalizedText AWholeNumber => new("整数", "a whole number");

        public static LocalizedText ANumberInRange => new("合理范围内的数", "a number within range");

        public static LocalizedText ValueIn(LocalizedText kind, string path) => new($"{path} 应为{kind.Zh}", $"{kind.En} in {path}");

        public static LocalizedText SheetCell(string sheet, string reference, string raw) => new($"「{sheet}」{reference}:“{raw}”", $"'{sheet}'!{reference}: {raw}");

        public static LocalizedText BadTemplateValue(string sheet, string reference, string path, LocalizedText cell, LocalizedText kind, string raw) => new(
            $"「{sheet}」{reference}({path},{cell.Zh})应为{kind.Zh},实为“{raw}”",
            $"'{sheet}'!{reference} ({path}, {cell.En}) must be {kind.En}, found '{raw}'");

        public static LocalizedText TemplateRead(string unit, int year, string format, int inputs, string sections) => new(
            $"{unit} {year} 年度的 Excel 模板({format} 版格式),{inputs} 个输入;包含部分 {sections}。",
            $"Excel template of {unit} {year} ({format} format), {inputs} inputs; sections {sections}.");
    }
}

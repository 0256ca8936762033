namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>The consistency rules (勾稽关系): what each requires, and the findings when one does not hold or cannot be checked.</summary>
    public static class Rules
    {
        // What a linear rule requires, per row, column or group (the label is the cell catalogue's, in both languages).

        public static LocalizedText RowTotal(LocalizedText row) => new(
            $"第三部分「{row.Zh}」行:总计应等于六类申请人之和",
            $"Table 3, row '{row.En}': total must equal the six requester columns");

        public static LocalizedText ResultsTotal(LocalizedText column) => new(
            $"第三部分「{column.Zh}」列:(七)总计应等于各办理结果之和",
            $"Table 3, column '{column.En}': results total must equal the sum of all handling results");

        public static LocalizedText OtherHandlingTotal(LocalizedText column) => new(
            $"第三部分「{column.Zh}」列:(六)其他处理应等于其三个子项之和",
            $"Table 3, column '{column.En}': other handling must equal its three sub-items");

        public static LocalizedText Balance(LocalizedText column) => new(
            $"第三部分「{column.Zh}」列:第一项加第二项之和应等于第三项加第四项之和",
            $"Table 3, column '{column.En}': new requests + carried over must equal results total + carried forward");

        public static LocalizedText Carry(LocalizedText column) => new(
            $"第三部分「{column.Zh}」列:上年结转数应等于上一年度的结转下年度继续办理数",
            $"Table 3, column '{column.En}': carried over must equal last year's carried forward");

        public static LocalizedText GroupTotal(LocalizedText group) => new(
            $"第四部分「{group.Zh}」:总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
            $"Table 4, '{group.En}': total must equal upheld + corrected + other + pending");

        public static LocalizedText InForce(LocalizedText row) => new(
            $"第二部分「{row.Zh}」:现行有效件数应等于上年现行有效件数加本年制发件数减本年废止件数",
            $"Table 2, {row.En}: in force must equal last year's in force + issued − repealed");

        public static LocalizedText PreviousItems(LocalizedText row) => new(
            $"第二部分「{row.Zh}」:上一年项目数量应等于上年的上一年项目数量加本年增/减",
            $"Table 2, {row.En}: previous items must equal last year's previous items + change");

        public static LocalizedText TotalPublished(LocalizedText row) => new(
            $"第二部分「{row.Zh}」:对外公开总数量应等于上年总数加本年新公开数量",
            $"Table 2, {row.En}: total published must equal last year's total + published this year");

        // The findings of a linear rule.

        public static LocalizedText Violated(LocalizedText rule, string reported, string computed) => new(
            $"{rule.Zh}:填报 {reported},计算 {computed}",
            $"{rule.En}: reported {reported}, computed {computed}");

        public static LocalizedText PartsExceed(LocalizedText rule, string present, string known, string missing) => new(
            $"{rule.Zh}:已填报的各项之和 {present} 已超过 {known}(另有未填报:{missing})",
            $"{rule.En}: the parts reported already sum to {present}, more than {known} (not reported: {missing})");

        public static LocalizedText CheckedPartly(LocalizedText rule, string missing) => new(
            $"仅部分核验:{rule.Zh}(未填报:{missing};已填报的各项之和未超过总数)",
            $"Checked only partly: {rule.En} (not reported: {missing}; the parts reported do not exceed the total)");

        public static LocalizedText NotAssessable(LocalizedText rule, string missing) => new(
            $"无法核验:{rule.Zh}(未填报:{missing})",
            $"Not assessable: {rule.En} (not reported: {missing})");

        // The value rules and the summaries of skipped checks.

        public static LocalizedText Negative(LocalizedText cell, string reported) => new(
            $"「{cell.Zh}」不得为负数:填报 {reported}",
            $"'{cell.En}' must not be negative: reported {reported}");

        public static LocalizedText OutOfRange(LocalizedText cell, string max, string reported) => new(
            $"「{cell.Zh}」超出合理范围(绝对值不超过 {max}):填报 {reported}",
            $"'{cell.En}' is out of range (at most {max} in absolute value): reported {reported}");

        public static LocalizedText TooPrecise(LocalizedText cell, LocalizedText requirement, string reported) => new(
            $"「{cell.Zh}」{requirement.Zh}:填报 {reported}",
            $"'{cell.En}': {requirement.En}: reported {reported}");

        public static LocalizedText AtMostSixDecimals => new("万元金额至多6位小数", "amounts in 10k yuan have at most 6 decimals");

        public static LocalizedText AtMostTwoDecimals => new("元金额至多2位小数", "amounts in yuan have at most 2 decimals");

        public static LocalizedText WholeNumber => new("应为整数", "must be a whole number");

        public static LocalizedText PartialCheck(string rule, string where, string missing) => new(
            $"{rule} 仅部分核验({where}):未填报 {missing};已填报的各项之和未超过总数",
            $"{rule} was checked only partly ({where}): {missing} not reported; the parts reported do not exceed the total");

        public static LocalizedText CoreNotAssessed(string rule, string where, string missing, bool partly) => partly
            ? new(
                $"核心勾稽关系 {rule} 无法完整核验({where}):未填报 {missing};已填报的各项之和未超过总数",
                $"Core identity {rule} could not be fully checked ({where}): {missing} not reported; the parts reported do not exceed the total")
            : new(
                $"核心勾稽关系 {rule} 无法完整核验({where}):未填报 {missing}",
                $"Core identity {rule} could not be fully checked ({where}): {missing} not reported");

        public static LocalizedText BreakdownNotAssessable(IReadOnlyList<string> missing) => new(
            $"无法核验:主动公开分类之和与所述总数(未填报:{string.Join("、", missing)})",
            $"Not assessable: breakdown vs stated total (not reported: {string.Join(", ", missing)})");

        public static LocalizedText BreakdownMismatch(string total, string sum) => new(
            $"主动公开政府信息总数为 {total} 条,但分类之和为 {sum} 条",
            $"Stated proactive disclosure total is {total} but the categories sum to {sum}");

        /// <summary>A figure stated in the narrative that differs from the table's (N.* rules).</summary>
        public static LocalizedText NarrativeDiffers(string sentence, LocalizedText what, string stated, string table) => new(
            $"正文“{sentence}”所述{what.Zh}为 {stated},与表格中的 {table} 不一致",
            $"The text \"{sentence}\" states {what.En} as {stated}, but the table has {table}");

        // What each rule id means (documentation, metrics, help).

        public static LocalizedText DescribeBalance => new("第一项加第二项之和等于第三项加第四项之和", "new + carried over = results total + carried forward, per column");

        public static LocalizedText DescribeResultsTotal => new("(七)总计等于各办理结果之和", "results total = sum of all handling results, per column");

        public static LocalizedText DescribeRowTotal => new("总计等于六类申请人之和", "total = the six requester columns, per row");

        public static LocalizedText DescribeOtherHandlingTotal => new("其他处理合计等于其三个子项之和", "other handling total = its three sub-items");

        public static LocalizedText DescribeGroupTotal => new("总计等于维持、纠正、其他、尚未审结之和", "total = upheld + corrected + other + pending, per group");

        public static LocalizedText DescribeNonNegative => new("数量和金额不得为负", "counts and amounts must not be negative");

        public static LocalizedText DescribePrecision => new("金额小数位数超出(万元至多6位,元至多2位)", "amount has too many decimals (6 in 10k yuan, 2 in yuan)");

        public static LocalizedText DescribeRange => new("数值超出合理范围", "value out of range");

        public static LocalizedText DescribeCarry => new("本年上年结转数等于上年结转下年度数", "carried over = last year's carried forward, per column");

        public static LocalizedText DescribeInForce => new("现行有效件数等于上年现行有效件数加本年制发减本年废止", "in force = last year's in force + issued − repealed");

        public static LocalizedText DescribePreviousItems => new("上一年项目数量等于上年的上一年项目数量加本年增/减", "previous items = last year's previous items + change");

        public static LocalizedText DescribeTotalPublished => new("对外公开总数量等于上年总数加本年新公开数量", "total published = last year's total + published this year");

        public static LocalizedText DescribeBreakdown => new("主动公开分类之和等于所述总数", "the breakdown of proactive disclosure sums to the stated total");

        public static LocalizedText DescribePartialCheck => new(
            "因分项未填报,合计关系仅部分核验(已填报分项未超过总数)",
            "a sum was checked only partly because a part is not reported (the parts reported do not exceed the total)");

        public static LocalizedText DescribeCoreNotAssessed(string rules) => new(
            $"核心勾稽关系({rules})有未能完整核验的列",
            $"a core identity ({rules}) could not be fully checked in some column");

        public static LocalizedText DescribeNarrativeReceived => new(
            "正文所述收到的政府信息公开申请数与第三部分本年新收总计一致",
            "the requests received stated in the text = table 3's new requests total");

        public static LocalizedText DescribeNarrativeResults => new(
            "正文所述各类办理结果数(予以公开、部分公开、不予公开、无法提供、不予处理、结转下年度)与第三部分一致",
            "the results by kind stated in the text (granted, partly granted, withheld, unavailable, not processed, carried forward) = table 3");

        public static LocalizedText DescribeNarrativeCarriedOver => new(
            "正文所述上年结转申请数与第三部分上年结转总计一致",
            "the requests carried over stated in the text = table 3's carried-over total");

        public static LocalizedText DescribeNarrativeReviewLitigation => new(
            "正文所述行政复议、行政诉讼件数与第四部分总计一致",
            "the reconsideration and litigation cases stated in the text = table 4's totals");

        public static LocalizedText DescribeNarrativeInForce => new(
            "正文所述现行有效行政规范性文件件数与第二部分一致",
            "the normative documents in force stated in the text = table 2");

        public static LocalizedText DescribeRowLabel => new(
            "表格行标题与全国格式不同,按位置和形状识别",
            "a table row label differs from the national one; the row was placed by its position and shape");
   
        // The contract's checks of an incoming report (C.*): what is malformed, before any rule runs.

        public static LocalizedText InvalidUnitId(string unit, int maxLength) => new(
            $"填报单位标识无效:'{unit}'(1至{maxLength}个字母、数字、.、_、-)",
            $"Invalid unit id '{unit}' (1..{maxLength} of letters, digits, '.', '_', '-')");

        public static LocalizedText YearOutside(int year, int min, int max) => new(
            $"报告年度 {year} 超出范围 {min}–{max}",
            $"Report year {year} is outside {min}..{max}");

        public static LocalizedText YearTooLate(int year, int latest) => new(
            $"报告年度 {year} 晚于可报送的最晚年度 {latest}(按北京时间)",
            $"Report year {year} is after {latest}, the latest year a report can be about now (Asia/Shanghai)");

        public static LocalizedText FormatNotStated => new(
            "未说明报告格式(FORMAT_VERSION_2019 或 FORMAT_VERSION_2021)",
            "The report format is not stated (FORMAT_VERSION_2019 or FORMAT_VERSION_2021)");

        public static LocalizedText FormatOfYear(int year, string format) => new(
            $"{year} 年度报告应使用 {format} 版格式",
            $"A report for {year} must use the {format} format");

        public static LocalizedText Needs2019Table => new(
            "2019 版格式的报告应填写 proactive_disclosure_2019",
            "A 2019-format report must carry proactive_disclosure_2019, not proactive_disclosure");

        public static LocalizedText Needs2021Table => new(
            "2021 版格式的报告应填写 proactive_disclosure",
            "A 2021-format report must carry proactive_disclosure, not proactive_disclosure_2019");

        public static LocalizedText OtherHandlingOneRowIn2019 => new(
            "2019 版格式的(六)其他处理只有一行,应填写 other_handling_total",
            "In the 2019 format \"其他处理\" is a single row: use other_handling_total");

        public static LocalizedText InvalidDecimal(LocalizedText cell, string raw) => new(
            $"「{cell.Zh}」金额格式无效:'{raw}'(应为如 7.522 的十进制数)",
            $"'{cell.En}': invalid decimal '{raw}' (expected e.g. 7.522)");

        public static LocalizedText TooManyCategories(int count, int max) => new(
            $"主动公开分类过多({count} > {max})",
            $"Too many breakdown categories ({count} > {max})");

        public static LocalizedText NegativeCategory(string name) => new(
            $"主动公开分类「{name}」数量不得为负数",
            $"Breakdown category '{name}' must not be negative");

        public static LocalizedText TextTooLong(int length, int max) => new(
            $"文本过长({length} 字符,上限 {max})",
            $"Text too long ({length} characters, at most {max})");

        public static LocalizedText ControlCharacter(int position) => new(
            $"文本含有控制字符或无效字符(位置 {position})",
            $"Text contains a control or invalid character at position {position}");

        public static LocalizedText InvisibleCharacter(string codePoint, LocalizedText kind, int position) => new(
            $"文本含有不可见或保留字符 {codePoint}({kind.Zh},位置 {position})",
            $"Text contains an invisible or reserved character {codePoint} ({kind.En}) at position {position}");

        public static LocalizedText BidiControl => new("双向文本控制符", "bidirectional override or isolate");

        public static LocalizedText ZeroWidth => new("零宽字符或方向标记", "zero-width character or direction mark");

        public static LocalizedText LineSeparator => new("行或段落分隔符", "line or paragraph separator");

        public static LocalizedText NonCharacter => new("非字符码位", "non-character");
    }
}

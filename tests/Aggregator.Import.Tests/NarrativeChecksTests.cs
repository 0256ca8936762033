using Aggregator.Domain.Rules;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// N2.*: figures stated in the narrative of 一 against the tables. The published samples (consistent
/// or silent) give no warning; hand-made copies of 420804-2022 that state other figures do, one per
/// statement, quoting the sentence and both figures; phrasings not recognised give nothing.
/// </summary>
public sealed class NarrativeChecksTests
{
    private const string Anchor = "2022年，掇刀区坚持以公开为常态、不公开为例外，扎实推进政务公开标准化规范化建设。\n";

    public static TheoryData<string> Samples() => [.. DocxImportTests.SampleNames()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Published_samples_raise_no_narrative_warning(string name)
    {
        var (content, options) = DocxImportTests.Sample(name);
        var result = ReportImporter.Import(content, options);
        ImportAssert.Succeeded(result);
        Assert.DoesNotContain(result.Findings, f => f.RuleId.StartsWith("N2.", StringComparison.Ordinal));
    }

    [Fact]
    public void Statements_that_agree_with_the_tables_raise_nothing()
    {
        var result = ImportWith(
            "全年共收到政府信息公开申请17件。上年结转政府信息公开申请2件。其中，予以公开9件，部分公开1件，不予公开2件，无法提供4件，不予处理1件，结转下年度继续办理3件。" +
            "发生政府信息公开行政复议6件、行政诉讼3件。截至年底，现行有效行政规范性文件79件。");
        Assert.DoesNotContain(result.Findings, f => f.RuleId.StartsWith("N2.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("全年共收到政府信息公开申请18件。", RuleCatalog.NarrativeReceived, "18", "17", "s3.new_requests.total")]
    [InlineData("本年度受理依申请公开申请共计20件。", RuleCatalog.NarrativeReceived, "20", "17", "s3.new_requests.total")]
    [InlineData("上年结转政府信息公开申请5件。", RuleCatalog.NarrativeCarriedOver, "5", "2", "s3.carried_over.total")]
    [InlineData("其中予以公开10件。", RuleCatalog.NarrativeResults, "10", "9", "s3.granted.total")]
    [InlineData("部分公开3件。", RuleCatalog.NarrativeResults, "3", "1", "s3.partially_granted.total")]
    [InlineData("不予公开的5件。", RuleCatalog.NarrativeResults, "5", "2", "s3.withheld.process_information.total")]
    [InlineData("无法提供2件。", RuleCatalog.NarrativeResults, "2", "4", "s3.unavailable.not_held.total")]
    [InlineData("不予处理0件。", RuleCatalog.NarrativeResults, "0", "1", "s3.not_processed.duplicate.total")]
    [InlineData("结转下年度继续办理1件。", RuleCatalog.NarrativeResults, "1", "3", "s3.carried_forward.total")]
    [InlineData("发生政府信息公开行政复议案件2起。", RuleCatalog.NarrativeReviewLitigation, "2", "6", "s4.reconsideration.total")]
    [InlineData("引发行政诉讼1件。", RuleCatalog.NarrativeReviewLitigation, "1", "3", "s4.litigation_direct.total")]
    [InlineData("现行有效行政规范性文件393件。", RuleCatalog.NarrativeInForce, "393", "79", "s2.normative_documents.in_force")]
    [InlineData("本机关行政规范性文件现行有效共470件。", RuleCatalog.NarrativeInForce, "470", "79", "s2.normative_documents.in_force")]
    public void A_statement_that_disagrees_raises_its_warning_quoting_the_sentence_and_both_figures(string statement, string rule, string stated, string table, string cell)
    {
        var result = ImportWith(statement);

        var finding = Assert.Single(result.Findings, f => f.RuleId.StartsWith("N2.", StringComparison.Ordinal));
        Assert.Equal(rule, finding.RuleId);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(RuleCatalog.Descriptions.Single(d => d.Id == rule).Severity, finding.Severity);
        Assert.Equal(FindingKind.Violated, finding.Kind);
        Assert.Equal(stated, finding.Reported);
        Assert.Equal(table, finding.Computed);
        Assert.Contains(cell, finding.Cells);
        var sentence = statement.TrimEnd('。');
        Assert.Contains(sentence, finding.MessageZh, StringComparison.Ordinal);
        Assert.Contains(sentence, finding.MessageEn, StringComparison.Ordinal);
        Assert.Contains($" {stated}", finding.MessageEn, StringComparison.Ordinal);
        Assert.Contains($" {table}", finding.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("全年共办理依申请公开事项18件。")] // not a recognised statement of requests received
    [InlineData("全年收到政府信息公开申请19件(含上年结转2件)。")] // mixes new and carried over
    [InlineData("未收到行政复议申请。")] // no figure in digits
    [InlineData("主动公开政府信息1200条，予以公开的政策文件30份。")] // 予以公开 of documents, not a count of requests in 件
    [InlineData("部分公开内容有待丰富。")]
    public void Phrasings_not_recognised_are_not_assessed_and_raise_nothing(string statement)
    {
        var result = ImportWith(statement);
        Assert.DoesNotContain(result.Findings, f => f.RuleId.StartsWith("N2.", StringComparison.Ordinal));
    }

    private static ImportResult ImportWith(string statement)
    {
        var (content, options) = DocxImportTests.Sample("420804-2022.txt");
        Assert.Contains(Anchor, content, StringComparison.Ordinal);
        var result = ReportImporter.Import(content.Replace(Anchor, Anchor + statement + "\n", StringComparison.Ordinal), options);
        ImportAssert.Succeeded(result);
        return result;
    }
}

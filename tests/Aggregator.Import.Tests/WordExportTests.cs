using System.Diagnostics;
using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Export;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// The Word export (<see cref="ExportFormat.Docx"/>) read by real consumers: LibreOffice renders it to
/// PDF and pdftotext finds the headings and every figure; the importer reads it back cell for cell.
/// </summary>
public sealed partial class WordExportTests
{
    private const string Sample = "420802-2021.txt";

    public static TheoryData<string> Samples() => [.. DocxImportTests.SampleNames()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_exported_as_Word_imports_back_with_the_same_figures(string name)
    {
        var (report, options) = Imported(name);
        var docx = Exporter.ExportReport(report, ExportFormat.Docx, "东宝区").Content;

        var back = ImportAssert.Succeeded(ReportImporter.ImportDocx(new MemoryStream(docx), options));

        Assert.Equal(Figures(report), Figures(back));
    }

    [Fact]
    public async Task A_unit_report_as_PDF_by_LibreOffice_shows_the_national_headings_and_every_figure()
    {
        var (report, _) = Imported(Sample);
        var docx = Exporter.ExportReport(report, ExportFormat.Docx, "东宝区").Content;

        var text = await PdfText(docx);

        AssertHeadings(text);
        Assert.Contains(Compact("东宝区2021年政府信息公开工作年度报告"), Compact(text), StringComparison.Ordinal);
        var narratives = ReportMapper.ToDomain(report).Report!.Narratives.All().Where(n => n.Text.Length >= 20).ToList();
        Assert.NotEmpty(narratives);
        Assert.All(narratives, n => Assert.Contains(Compact(n.Text)[..20], Compact(text), StringComparison.Ordinal));
        AssertFigures(report, text);
    }

    [Fact]
    public async Task A_rollup_as_PDF_by_LibreOffice_shows_the_headings_the_totals_and_the_placeholders()
    {
        var (report, _) = Imported(Sample);
        var total = report.Clone();
        total.UnitId = "4208";
        total.Overview = new Overview();
        total.Problems = new Problems();
        total.OtherMatters = null;
        var rollup = new Rollup { Total = total, ExpectedUnits = 8, ContributingUnits = 5, MissingUnits = 3 };
        var docx = Exporter.ExportRollup(rollup, ExportFormat.Docx, "荆门市").Content;

        var text = await PdfText(docx);

        AssertHeadings(text);
        Assert.Contains(Compact("荆门市2021年政府信息公开工作年度报告(汇总)"), Compact(text), StringComparison.Ordinal);
        Assert.Contains(Compact("本报告由 5 个单位的报表汇总生成(应报 8 个,未计入 3 个)"), Compact(text), StringComparison.Ordinal);
        Assert.Contains(Compact("(此处由本级政府信息公开工作主管部门填写)"), Compact(text), StringComparison.Ordinal);
        AssertFigures(total, text);
    }

    private static void AssertHeadings(string text)
    {
        var compact = Compact(text);
        string[] expected =
        [
            "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
            "第二十条第(一)项", "本年制发件数", "现行有效件数", "行政事业性收费",
            "申请人情况", "自然人", "法人或其他组织", "商业企业", "本年新收政府信息公开申请数量", "(三)不予公开", "(七)总计", "结转下年度继续办理",
            "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结",
        ];
        Assert.All(expected, h => Assert.Contains(Compact(h), compact, StringComparison.Ordinal));
        var positions = expected[..6].Select(h => compact.IndexOf(Compact(h), StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    /// <summary>Every figure of the tables is a word of the PDF's text.</summary>
    private static void AssertFigures(Report report, string text)
    {
        var words = Whitespace().Split(text).ToHashSet(StringComparer.Ordinal);
        var figures = Figures(report).Where(f => f.Key.StartsWith("s2.", StringComparison.Ordinal) || f.Key.StartsWith("s3.", StringComparison.Ordinal) || f.Key.StartsWith("s4.", StringComparison.Ordinal)).ToList();
        Assert.True(figures.Count > 100, $"only {figures.Count} figures");
        Assert.All(figures.Select(f => f.Value).Distinct(), v => Assert.Contains(v, words));
    }

    private static SortedDictionary<string, string> Figures(Report report)
    {
        var domain = ReportMapper.ToDomain(report).Report!;
        return new SortedDictionary<string, string>(domain.Figures.ToDictionary(f => f.Key.Path, f => ExactDecimal.Format(f.Value)), StringComparer.Ordinal);
    }

    private static (Report Report, ImportOptions Options) Imported(string name)
    {
        var (content, options) = DocxImportTests.Sample(name);
        return (ImportAssert.Succeeded(ReportImporter.Import(content, options)), options);
    }

    /// <summary>The document rendered to PDF by LibreOffice (cached under artifacts/), as pdftotext reads it.</summary>
    private static async Task<string> PdfText(byte[] docx)
    {
        var pdf = (await LibreOffice.ConvertAsync([docx], "docx", "pdf"))[0];
        var work = Directory.CreateTempSubdirectory("aggregator-pdftotext-");
        try
        {
            var path = Path.Combine(work.FullName, "report.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-enc");
            start.ArgumentList.Add("UTF-8");
            start.ArgumentList.Add(path);
            start.ArgumentList.Add("-");
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (poppler-utils, installed by scripts/bootstrap.sh)");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftotext failed: {await error}");
            return await output;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Compact(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

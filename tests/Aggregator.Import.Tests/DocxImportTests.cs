using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// Word (.docx) import on files made by a real producer: LibreOffice converts every published
/// sample (tables with cells merged down and across, labels over two lines and runs, a page break
/// inside table 三) and every cell of the .docx import equals the import of the sample itself.
/// </summary>
public sealed class DocxImportTests
{
    public static TheoryData<string> Samples() => [.. SampleNames()];

    /// <summary>The published samples' file names (.txt and .html).</summary>
    internal static List<string> SampleNames() =>
        [.. Directory.GetFiles(Path.Combine(TestData.RepositoryRoot(), "samples", "published"))
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_as_docx_imports_cell_exact(string name)
    {
        var (content, options) = Sample(name);
        var expected = ImportAssert.Succeeded(ReportImporter.Import(content, options));
        var docx = (await Converted("docx"))[name];

        using var stream = new MemoryStream(docx);
        var result = ReportImporter.ImportDocx(stream, options);
        ImportAssert.SameCells(expected, ImportAssert.Succeeded(result));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_file_that_is_not_a_word_document_is_refused_clearly()
    {
        using var stream = new MemoryStream("not a zip"u8.ToArray());
        var result = ReportImporter.ImportDocx(stream, new ImportOptions("420802", 2022));
        Assert.Null(result.Report);
        var error = Assert.Single(result.Errors);
        Assert.Equal("document", error.Section);
        Assert.Contains("Word", error.MessageEn, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, Lazy<Task<Dictionary<string, byte[]>>>> s_converted = new()
    {
        ["docx"] = new(() => ConvertAll("docx")),
        ["pdf"] = new(() => ConvertAll("pdf")),
    };

    /// <summary>Every sample converted by LibreOffice in one run per target (cached under artifacts/).</summary>
    internal static Task<Dictionary<string, byte[]>> Converted(string target) => s_converted[target].Value;

    private static async Task<Dictionary<string, byte[]>> ConvertAll(string target)
    {
        var names = SampleNames();
        var pages = names.Select(n => Page(n)).ToList();
        var outputs = await LibreOffice.ConvertHtmlAsync(pages, target);
        return names.Zip(outputs).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>The sample as an HTML page: HTML samples as they are, text ones with real tables and a page break inside table 三.</summary>
    internal static string Page(string name)
    {
        var (content, _) = Sample(name);
        // A Word or PDF report has no CMS page around it: the HTML samples' header and footer are left out.
        return name.EndsWith(".html", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(content, @"<div class=""(?:header|footer)"">.*?</div>\s*(?=<div|</body)", "", System.Text.RegularExpressions.RegexOptions.Singleline)
            : LibreOffice.TextToHtml(content, pageBreakBefore: "(四)无法提供");
    }

    internal static (string Content, ImportOptions Options) Sample(string name)
    {
        var path = Path.Combine(TestData.RepositoryRoot(), "samples", "published", name);
        var stem = Path.GetFileNameWithoutExtension(name);
        var year = int.Parse(stem[^4..], System.Globalization.CultureInfo.InvariantCulture);
        return (File.ReadAllText(path), new ImportOptions(stem[..^5], year));
    }
}

using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary><c>validate</c> on reports as really published: misspelled row labels and Word files.</summary>
public sealed class PublishedFormsCommandsTests
{
    [Fact]
    public async Task Validate_MisspelledRowLabel_ImportsWithTheRowLabelWarning()
    {
        using var dir = new TempDir();
        var path = dir.File("jingmen-zhanghe-2021.txt");
        var text = File.ReadAllText(TestFiles.Zhanghe2021);
        Assert.Contains("2.其他法律行政法规禁止公开 |", text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace("2.其他法律行政法规禁止公开 |", "2.其他法律行政止公开 |", StringComparison.Ordinal));

        var result = await new CliRunner().RunAsync("validate", path, "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("I.row_label", result.Out);
        Assert.Contains("2.其他法律行政止公开", result.Out);
        Assert.Contains("2 warning", result.Out); // with the fixture's N1
    }

    [Fact]
    public async Task Validate_FileThatIsNotAWordDocument_ExitsSix()
    {
        using var dir = new TempDir();
        var path = dir.File("jingmen-zhanghe-2021.docx");
        File.WriteAllText(path, "not a zip");

        var result = await new CliRunner().RunAsync("validate", path, "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("Word", result.ToString());
    }

    [Fact]
    public async Task Validate_ScannedPdfWithoutTextLayer_ExitsSixSayingOcrIsNotSupported()
    {
        using var dir = new TempDir();
        var path = dir.File("jingmen-zhanghe-2021.pdf");
        File.WriteAllBytes(path, ImageOnlyPdf());

        var en = await new CliRunner().RunAsync("validate", path, "--lang", "en");
        var zh = await new CliRunner().RunAsync("import", path, "--lang", "zh");

        Assert.True(en.ExitCode == ExitCodes.Unparseable, en.ToString());
        Assert.Contains("no text layer", en.ToString());
        Assert.Contains("OCR is not supported", en.ToString());
        Assert.True(zh.ExitCode == ExitCodes.Unparseable, zh.ToString());
        Assert.Contains("没有文本层", zh.ToString());
    }

    [Fact]
    public async Task Validate_FileThatIsNotAPdf_ExitsSix()
    {
        using var dir = new TempDir();
        var path = dir.File("jingmen-zhanghe-2021.pdf");
        File.WriteAllText(path, "not a pdf");

        var result = await new CliRunner().RunAsync("validate", path, "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("PDF", result.ToString());
    }

    /// <summary>A page with graphics and no text at all, like a scan (made with PdfPig's writer).</summary>
    private static byte[] ImageOnlyPdf()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var page = builder.AddPage(595, 842);
        page.DrawRectangle(new UglyToad.PdfPig.Core.PdfPoint(50, 50), 495, 742, 1, fill: true);
        return builder.Build();
    }
}

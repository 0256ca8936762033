using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Google.Protobuf;

namespace Aggregator.Server.Tests;

/// <summary>
/// The console's upload takes PDF: <c>PreviewImport</c> reads a PDF (printed by LibreOffice from the
/// 漳河新区 fixture, ruled tables) into the same report as the text, a scan without text layer comes
/// back as a problem saying OCR is not supported, and a backfill document of media type
/// <c>application/pdf</c> is parsed like the others.
/// </summary>
public sealed class PdfUploadServerTests(GarnetServerFixture fixture) : IClassFixture<GarnetServerFixture>
{
    private const string District = "jingmen-zhanghe";

    [Fact]
    public async Task PreviewImport_Pdf_GivesTheReportOfTheText()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));
        var pdf = await PrintedPdfAsync(text);
        var client = new ImportService.ImportServiceClient(fixture.Channel);

        var fromText = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "zhanghe-2021.txt", Content = ByteString.CopyFromUtf8(text), UnitId = District, Year = 2021 }, fixture.As(District, Roles.District));
        var fromPdf = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "zhanghe-2021.pdf", Content = ByteString.CopyFrom(pdf), UnitId = District, Year = 2021 }, fixture.As(District, Roles.District));

        Assert.Empty(fromPdf.Problems);
        Assert.Equal(ImportFileFormat.Pdf, fromPdf.FileFormat);
        Assert.Equal(fromText.Report, fromPdf.Report);
        Assert.Equal(fromText.Findings, fromPdf.Findings);
    }

    [Fact]
    public async Task PreviewImport_PdfWithoutTextLayer_IsAProblemSayingOcrIsNotSupported()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(595, 842).DrawRectangle(new UglyToad.PdfPig.Core.PdfPoint(50, 50), 495, 742, 1, fill: true);
        var scan = builder.Build();

        var preview = await new ImportService.ImportServiceClient(fixture.Channel).PreviewImportAsync(
            new PreviewImportRequest { FileName = "scan.pdf", Content = ByteString.CopyFrom(scan), UnitId = District, Year = 2021 }, fixture.As(District, Roles.District));

        Assert.Null(preview.Report);
        var problem = Assert.Single(preview.Problems);
        Assert.Contains("no text layer", problem.MessageEn, StringComparison.Ordinal);
        Assert.Contains("OCR is not supported", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackfillDocument_ApplicationPdf_IsParsedLikeTheText()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));
        var pdf = await PrintedPdfAsync(text);

        var fromPdf = Services.DocumentImport.Parse(new PublishedDocument { Content = ByteString.CopyFrom(pdf), MediaType = "application/pdf" }, District, 2021, out _);
        var fromText = Services.DocumentImport.Parse(new PublishedDocument { Content = ByteString.CopyFromUtf8(text), MediaType = "text/plain" }, District, 2021, out _);

        Assert.Equal(fromText, fromPdf);
    }

    [Fact]
    public async Task PreviewImport_WordDocument_KnownByItsContent_GivesTheReportOfTheText()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));
        var docx = await WordDocumentAsync(text);
        var client = new ImportService.ImportServiceClient(fixture.Channel);

        var fromText = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "zhanghe-2021.txt", Content = ByteString.CopyFromUtf8(text), UnitId = District, Year = 2021 }, fixture.As(District, Roles.District));
        // No extension: the package's parts say it is a Word document.
        var fromDocx = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "年报", Content = ByteString.CopyFrom(docx), UnitId = District, Year = 2021 }, fixture.As(District, Roles.District));
        var backfilled = Services.DocumentImport.Parse(new PublishedDocument { Content = ByteString.CopyFrom(docx), MediaType = Services.DocumentImport.DocxMediaType }, District, 2021, out _);

        Assert.Empty(fromDocx.Problems);
        Assert.Equal(ImportFileFormat.Docx, fromDocx.FileFormat);
        Assert.Equal(fromText.Report, fromDocx.Report);
        Assert.Equal(fromText.Findings, fromDocx.Findings);
        Assert.Equal(fromText.Report, backfilled);
    }

    [Fact]
    public async Task PreviewImport_FilledTemplate_NamesItsOwnUnitAndYear_AndAGivenOtherUnitIsAProblem()
    {
        var filled = Aggregator.Testing.TemplateFiller.Fill(Aggregator.Export.TemplateWorkbook.Create("420802", 2021).Content, new Dictionary<string, string> { ["s2.administrative_licensing.decisions"] = "4" });
        var client = new ImportService.ImportServiceClient(fixture.Channel);

        var own = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "填报.xlsx", Content = ByteString.CopyFrom(filled) }, fixture.As("420802", Roles.District));
        var other = await client.PreviewImportAsync(new PreviewImportRequest { FileName = "填报.xlsx", Content = ByteString.CopyFrom(filled), UnitId = "420804", Year = 2021 }, fixture.As("4208", Roles.City));
        var denied = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.PreviewImportAsync(new PreviewImportRequest { FileName = "x", Content = ByteString.CopyFrom(filled) }, fixture.As("420804", Roles.District)).ResponseAsync);

        Assert.Equal((ImportFileFormat.Xlsx, "420802", 2021), (own.FileFormat, own.UnitId, own.Year));
        Assert.Empty(own.Problems);
        Assert.Equal(4, own.Report.ProactiveDisclosure.AdministrativeLicensingDecisions);
        Assert.Null(other.Report);
        Assert.Contains("420802", Assert.Single(other.Problems).MessageEn, StringComparison.Ordinal);
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, denied.StatusCode);
    }

    /// <summary>The text form as a page with ruled tables, printed to PDF by LibreOffice headless (cached under artifacts/libreoffice/).</summary>
    private static Task<byte[]> PrintedPdfAsync(string text) => ConvertedAsync(text, "pdf", "pdf:writer_pdf_Export");

    /// <summary>The same page saved as a Word document (.docx) by LibreOffice Writer.</summary>
    private static Task<byte[]> WordDocumentAsync(string text) => ConvertedAsync(text, "docx", "docx:MS Word 2007 XML");

    private static async Task<byte[]> ConvertedAsync(string text, string extension, string filter)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n");
        var inTable = false;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()))
        {
            if (line.Contains('|', StringComparison.Ordinal))
            {
                html.Append(inTable ? "" : "<table border=\"1\" cellspacing=\"0\">\n").Append("<tr>");
                var cells = line.Split('|').Select(c => c.Trim()).ToList();
                while (cells.Count > 1 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }

                foreach (var cell in cells)
                {
                    html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                }

                html.Append("</tr>\n");
                inTable = true;
                continue;
            }

            html.Append(inTable ? "</table>\n" : "");
            inTable = false;
            if (line.Length > 0)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>\n");
            }
        }

        html.Append(inTable ? "</table>\n" : "").Append("</body></html>\n");
        var input = Encoding.UTF8.GetBytes(html.ToString());
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Aggregator.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var cached = Path.Combine(root, "artifacts", "libreoffice", "server-" + Convert.ToHexStringLower(SHA256.HashData(input)) + "." + extension);
        if (File.Exists(cached))
        {
            return await File.ReadAllBytesAsync(cached);
        }

        var work = Directory.CreateTempSubdirectory("aggregator-lo-");
        try
        {
            var source = Path.Combine(work.FullName, "page.html");
            await File.WriteAllBytesAsync(source, input);
            var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work.FullName };
            foreach (var arg in new[] { $"-env:UserInstallation={new Uri(Path.Combine(work.FullName, "profile")).AbsoluteUri}", "--headless", "--norestore", "--infilter=HTML (StarWriter)", "--convert-to", filter, "--outdir", work.FullName, source })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            var output = Path.Combine(work.FullName, "page." + extension);
            if (process.ExitCode != 0 || !File.Exists(output))
            {
                throw new InvalidOperationException($"soffice --convert-to {filter} failed (exit {process.ExitCode}): {await stdout} {await stderr}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Copy(output, cached + ".tmp", overwrite: true);
            File.Move(cached + ".tmp", cached, overwrite: true);
            return await File.ReadAllBytesAsync(cached);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}

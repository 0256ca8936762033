using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Import.Tests.Support;

/// <summary>
/// Makes test material with a real producer: LibreOffice headless (Debian's libreoffice-writer-nogui
/// and libreoffice-calc-nogui, installed by scripts/bootstrap.sh) converts a page to .docx or .pdf, a
/// Word document to .pdf, or re-saves a workbook as .xlsx, with a private user profile.
/// Outputs are cached under artifacts/libreoffice/ keyed by the SHA-256 of the input and the target,
/// so a second run does not start LibreOffice.
/// </summary>
internal static partial class LibreOffice
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    /// <summary>
    /// Converts HTML pages (Writer's HTML import) to <paramref name="target"/> ("docx" or "pdf"),
    /// the ones not cached yet in one LibreOffice run (its start-up dominates).
    /// </summary>
    public static Task<IReadOnlyList<byte[]>> ConvertHtmlAsync(IReadOnlyList<string> pages, string target) =>
        ConvertAsync([.. pages.Select(Encoding.UTF8.GetBytes)], "html", target);

    /// <summary>
    /// Converts files of one kind (<paramref name="extension"/>: "html", "docx", "xlsx") to
    /// <paramref name="target"/> ("docx", "pdf", "xlsx"), the ones not cached yet in one LibreOffice run.
    /// HTML goes through Writer's HTML import; other files open in the application of their kind.
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>> ConvertAsync(IReadOnlyList<byte[]> inputs, string extension, string target)
    {
        var cacheDir = Path.Combine(TestData.RepositoryRoot(), "artifacts", "libreoffice");
        var suffix = extension == "html" ? "|" + target : "|" + extension + "|" + target;
        var cached = inputs
            .Select(i => Path.Combine(cacheDir, Convert.ToHexStringLower(SHA256.HashData([.. i, .. Encoding.UTF8.GetBytes(suffix)])) + "." + target))
            .ToList();
        await s_gate.WaitAsync();
        try
        {
            var missing = Enumerable.Range(0, inputs.Count).Where(i => !File.Exists(cached[i])).ToList();
            if (missing.Count > 0)
            {
                await RunAsync(missing.Select(i => inputs[i]).ToList(), missing.Select(i => cached[i]).ToList(), extension, target);
            }
        }
        finally
        {
            s_gate.Release();
        }

        var outputs = new List<byte[]>();
        foreach (var file in cached)
        {
            outputs.Add(await File.ReadAllBytesAsync(file));
        }

        return outputs;
    }

    private static async Task RunAsync(IReadOnlyList<byte[]> inputs, IReadOnlyList<string> destinations, string extension, string target)
    {
        var work = Directory.CreateTempSubdirectory("aggregator-lo-");
        try
        {
            var sources = new List<string>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var source = Path.Combine(work.FullName, $"page{i}.{extension}");
                await File.WriteAllBytesAsync(source, inputs[i]);
                sources.Add(source);
            }

            var outDir = Path.Combine(work.FullName, "out");
            var profile = new Uri(Path.Combine(work.FullName, "profile")).AbsoluteUri;
            var filter = (extension, target) switch
            {
                (_, "docx") => "docx:MS Word 2007 XML",
                ("xlsx", "xlsx") => "xlsx:Calc MS Excel 2007 XML",
                ("xlsx", "pdf") => "pdf:calc_pdf_Export",
                _ => "pdf:writer_pdf_Export",
            };
            string[] importFilter = extension == "html" ? ["--infilter=HTML (StarWriter)"] : [];
            var start = new ProcessStartInfo("soffice")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = work.FullName,
            };
            foreach (var arg in ((string[])[$"-env:UserInstallation={profile}", "--headless", "--norestore", .. importFilter, "--convert-to", filter, "--outdir", outDir]).Concat(sources))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            Directory.CreateDirectory(Path.GetDirectoryName(destinations[0])!);
            for (var i = 0; i < inputs.Count; i++)
            {
                var output = Path.Combine(outDir, $"page{i}.{target}");
                if (process.ExitCode != 0 || !File.Exists(output))
                {
                    throw new InvalidOperationException($"soffice --convert-to {target} failed (exit {process.ExitCode}) for page {i}: {await stdout} {await stderr}");
                }

                File.Copy(output, destinations[i] + ".tmp", overwrite: true);
                File.Move(destinations[i] + ".tmp", destinations[i], overwrite: true);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The text form of a report as an HTML page with real tables: group labels of table 三
    /// ((三)不予公开 …, 三、本年度办理结果) become cells merged down over their rows (rowspan → w:vMerge),
    /// long labels are split over two lines and two runs, and a page break can be put before a row.
    /// </summary>
    public static string TextToHtml(string text, string? pageBreakBefore = null)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>report</title></head><body>\n");
        var i = 0;
        while (i < lines.Count)
        {
            if (!lines[i].Contains('|', StringComparison.Ordinal))
            {
                if (lines[i].Length > 0)
                {
                    html.Append("<p>").Append(WebUtility.HtmlEncode(lines[i])).Append("</p>\n");
                }

                i++;
                continue;
            }

            var rows = new List<List<string>>();
            while (i < lines.Count && lines[i].Contains('|', StringComparison.Ordinal))
            {
                var cells = lines[i].Split('|').Select(c => c.Trim()).ToList();
                while (cells.Count > 1 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }

                rows.Add(cells);
                i++;
            }

            AppendTable(html, rows, pageBreakBefore);
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendTable(StringBuilder html, List<List<string>> rows, string? pageBreakBefore)
    {
        // Rows covered by a merged label cell from above: drop that label from their own cells.
        var rowSpans = new Dictionary<(int Row, int Cell), int>();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r];
            if (cells.Count > 2 && IsGroup(cells[0]) && ItemNumber().IsMatch(cells[1]))
            {
                var span = 1;
                while (r + span < rows.Count && ItemNumber().IsMatch(rows[r + span][0]))
                {
                    span++;
                }

                rowSpans[(r, 0)] = span;
            }
        }

        var resultsStart = rows.FindIndex(c => c[0].StartsWith("三、本年度办理结果", StringComparison.Ordinal) && c.Count > 2);
        var resultsEnd = rows.FindIndex(c => c[0].StartsWith("四、", StringComparison.Ordinal));
        if (resultsStart >= 0 && resultsEnd > resultsStart)
        {
            rowSpans[(resultsStart, 0)] = resultsEnd - resultsStart;
        }

        html.Append("<table border=\"1\" cellspacing=\"0\">\n");
        for (var r = 0; r < rows.Count; r++)
        {
            var style = pageBreakBefore is not null && rows[r][0].StartsWith(pageBreakBefore, StringComparison.Ordinal) ? " style=\"page-break-before: always\"" : "";
            html.Append("<tr").Append(style).Append('>');
            for (var c = 0; c < rows[r].Count; c++)
            {
                var span = rowSpans.TryGetValue((r, c), out var s) && s > 1 ? $" rowspan=\"{s}\"" : "";
                html.Append("<td").Append(span).Append('>').Append(Label(rows[r][c])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    /// <summary>A long label split over two lines and two runs (the second half bold).</summary>
    private static string Label(string text)
    {
        if (text.Length <= 12 || !text.Any(ch => ch >= '\u4E00'))
        {
            return WebUtility.HtmlEncode(text);
        }

        var half = text.Length / 2;
        return WebUtility.HtmlEncode(text[..half]) + "<br/><b>" + WebUtility.HtmlEncode(text[half..]) + "</b>";
    }

    private static bool IsGroup(string label) => label.StartsWith('(') || label.StartsWith('（');

    [GeneratedRegex(@"^\d{1,2}[.、．]")]
    private static partial Regex ItemNumber();
}

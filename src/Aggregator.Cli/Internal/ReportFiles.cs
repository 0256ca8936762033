using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Aggregator.Import;
using Google.Protobuf;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Cli.Internal;

/// <summary>One input file (or address) with the unit and year it is about (when known).</summary>
internal sealed record InputFile(string Path, string? UnitId, int? Year)
{
    /// <summary>For an address: the page fetched (see <see cref="ReportFiles.FetchAsync"/>).</summary>
    public FetchedPage? Page { get; init; }

    /// <summary>For an address that could not be fetched: why (zh, en).</summary>
    public (string Zh, string En)? FetchError { get; init; }

    public bool IsAddress => PageFetcher.IsAddress(Path);
}

/// <summary>A report read from a file, or why it could not be read.</summary>
internal sealed record LoadedReport(InputFile Input, Report? Report, IReadOnlyList<ImportError> Errors, IReadOnlyList<LocalizedText> Notes)
{
    public bool Success => Report is not null && Errors.Count == 0;

    /// <summary>The importer's warnings about the document (e.g. <c>I.row_label</c>), shown with the rule findings.</summary>
    public IReadOnlyList<Aggregator.Domain.Rules.Finding> ImportFindings { get; init; } = [];
}

/// <summary>Finding, naming and reading report files (contract JSON, text or HTML).</summary>
internal static class ReportFiles
{
    /// <summary>Extensions taken from a directory.</summary>
    public static readonly string[] Extensions = [".txt", ".html", ".htm", ".docx", ".pdf", ".xlsx", ".json"];

    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>Unit and year from a file name <c>&lt;unit&gt;-&lt;year&gt;.ext</c>.</summary>
    /// <remarks>Not for a filled template (.xlsx): it names its own unit and year.</remarks>
    public static (string? Unit, int? Year) InferFromName(string path) => IsXlsx(path) ? (null, null) : ReportFileNames.InferUnitYear(path);

    /// <summary>
    /// The input files for <c>submit</c>/<c>backfill</c>: each path (a file, or a directory whose
    /// files are named <c>&lt;unit&gt;-&lt;year&gt;.ext</c>) and each line of a mapping file.
    /// Explicit <paramref name="unit"/>/<paramref name="year"/> win over file names.
    /// </summary>
    public static List<InputFile> Collect(IReadOnlyList<string> paths, string? mapFile, string? unit, int? year)
    {
        var inputs = new List<InputFile>();
        foreach (var path in paths)
        {
            if (PageFetcher.IsAddress(path))
            {
                // An address: the unit and year come from --unit/--year (or a --map line).
                inputs.Add(new InputFile(path, unit, year));
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    throw new CliException(ExitCodes.Usage, $"目录 {path} 中没有 .txt/.html/.docx/.pdf/.xlsx/.json 文件", $"No .txt/.html/.docx/.pdf/.xlsx/.json files in directory '{path}'");
                }

                inputs.AddRange(files.Select(f => Named(f, unit, year)));
            }
            else if (File.Exists(path))
            {
                inputs.Add(Named(path, unit, year));
            }
            else
            {
                throw new CliException(ExitCodes.Unparseable, $"找不到文件或目录:{path}", $"No such file or directory: '{path}'");
            }
        }

        if (mapFile is not null)
        {
            inputs.AddRange(ReadMap(mapFile));
        }

        if (inputs.Count == 0)
        {
            throw new CliException(ExitCodes.Usage, "请给出文件、目录或 --map 映射文件", "Give a file, a directory or a --map mapping file");
        }

        return inputs;
    }

    private static InputFile Named(string path, string? unit, int? year)
    {
        var (u, y) = InferFromName(path);
        return new InputFile(path, unit ?? u, year ?? y);
    }

    /// <summary>Reads <c>path,unit,year</c> lines; relative paths are relative to the mapping file.</summary>
    public static IEnumerable<InputFile> ReadMap(string mapFile)
    {
        if (!File.Exists(mapFile))
        {
            throw new CliException(ExitCodes.Unparseable, $"找不到映射文件:{mapFile}", $"No such mapping file: '{mapFile}'");
        }

        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(mapFile)) ?? ".";
        var lineNo = 0;
        var result = new List<InputFile>();
        foreach (var raw in File.ReadLines(mapFile))
        {
            lineNo++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (lineNo == 1 && parts.Length > 0 && parts[0].Equals("path", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            {
                throw new CliException(ExitCodes.Unparseable, $"映射文件 {mapFile} 第 {lineNo} 行格式错误,应为 path,unit,year:{line}",
                    $"{mapFile} line {lineNo}: expected 'path,unit,year', found '{line}'");
            }

            var p = System.IO.Path.IsPathRooted(parts[0]) || PageFetcher.IsAddress(parts[0]) ? parts[0] : System.IO.Path.Combine(baseDir, parts[0]);
            result.Add(new InputFile(p, parts[1], y));
        }

        return result;
    }

    /// <summary>A Word document (.docx), imported locally (the server takes text and HTML).</summary>
    public static bool IsDocx(string path) => System.IO.Path.GetExtension(path).Equals(".docx", StringComparison.OrdinalIgnoreCase);

    /// <summary>A filled Excel template (.xlsx), imported locally; its unit and year are the template's.</summary>
    public static bool IsXlsx(string path) => System.IO.Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>A PDF, imported locally from its text layer (the server takes text and HTML).</summary>
    public static bool IsPdf(string path) => System.IO.Path.GetExtension(path).Equals(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>A binary document (.docx, .pdf, .xlsx) or an address (its page decoded here): only the local importer reads them.</summary>
    public static bool IsLocalOnly(string path) => IsDocx(path) || IsPdf(path) || IsXlsx(path) || PageFetcher.IsAddress(path);

    /// <summary>
    /// <see cref="Collect"/>, then every address fetched (one after the other, each bounded by
    /// <see cref="PageFetchOptions.Default"/>); an address that cannot be fetched keeps its error for <see cref="Load"/>.
    /// </summary>
    public static async Task<List<InputFile>> CollectAsync(IReadOnlyList<string> paths, string? mapFile, string? unit, int? year, CancellationToken ct) =>
        await FetchAsync(Collect(paths, mapFile, unit, year), PageFetchOptions.Default, ct);

    /// <summary>Fetches the inputs that are addresses.</summary>
    public static async Task<List<InputFile>> FetchAsync(IReadOnlyList<InputFile> inputs, PageFetchOptions options, CancellationToken ct)
    {
        var result = new List<InputFile>(inputs.Count);
        foreach (var input in inputs)
        {
            if (!input.IsAddress)
            {
                result.Add(input);
                continue;
            }

            try
            {
                result.Add(input with { Page = await PageFetcher.FetchAsync(new Uri(input.Path), options, ct) });
            }
            catch (PageFetchException e)
            {
                result.Add(input with { FetchError = (e.MessageZh, e.Message) });
            }
        }

        return result;
    }

    public static bool IsJson(string path) => System.IO.Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>"text/html" for .html/.htm, else "text/plain".</summary>
    public static string MediaType(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is ".html" or ".htm" ? "text/html" : "text/plain";

    /// <summary>Reads one file into a contract report: JSON in the contract's form, or text/HTML through the importer.</summary>
    public static LoadedReport Load(InputFile input, FormatVersion? format)
    {
        if (input.FetchError is var (fetchZh, fetchEn))
        {
            return Failed(input, M.PageAt(input.Path), new LocalizedText(fetchZh, fetchEn), new LocalizedText(fetchZh, fetchEn));
        }

        if (input.Page is { } page)
        {
            return LoadPage(input, page, format);
        }

        if (IsDocx(input.Path))
        {
            return LoadBinary(input, format, ReportImporter.ImportDocx);
        }

        if (IsPdf(input.Path))
        {
            return LoadBinary(input, format, ReportImporter.ImportPdf);
        }

        if (IsXlsx(input.Path))
        {
            return LoadXlsx(input, format);
        }

        string content;
        try
        {
            content = File.ReadAllText(input.Path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(input, M.AReadableFile, LocalizedText.Verbatim(e.Message), M.CannotReadFile);
        }

        if (IsJson(input.Path))
        {
            Report report;
            try
            {
                report = s_parser.Parse<Report>(content);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                return Failed(input, M.ReportJson, LocalizedText.Verbatim(Clip(e.Message)), M.NotReportJson(Clip(e.Message)));
            }

            if (input.UnitId is { } u && report.UnitId.Length == 0)
            {
                report.UnitId = u;
            }

            if (input.Year is { } y && report.Year == 0)
            {
                report.Year = y;
            }

            return new LoadedReport(input, report, [], []);
        }

        if (input.UnitId is null || input.Year is null)
        {
            throw new CliException(ExitCodes.Usage,
                $"无法从文件名推断 {input.Path} 的单位或年度:请用 --unit 和 --year(或 --map)指定",
                $"Cannot infer the unit or year of '{input.Path}' from its name: pass --unit and --year (or --map)");
        }

        ImportResult result;
        try
        {
            result = ReportImporter.Import(content, new ImportOptions(input.UnitId, input.Year.Value, format));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return Failed(input, M.ParseableText, LocalizedText.Verbatim(Clip(e.Message)), M.CannotParse);
        }

        if (result.Report is null && result.Errors.Count == 0)
        {
            return Failed(input, M.ReportSections, M.NothingFound, M.NoReportContent);
        }

        return new LoadedReport(input, result.Errors.Count == 0 ? result.Report : null, result.Errors, result.Notes) { ImportFindings = result.Findings };
    }

    /// <summary>A fetched page: a PDF or Word file by its media type or name, else a page decoded by its charset (the importer finds the report inside the CMS page).</summary>
    private static LoadedReport LoadPage(InputFile input, FetchedPage page, FormatVersion? format)
    {
        var (unit, year) = UnitAndYear(input);
        var options = new ImportOptions(unit, year, format);
        ImportResult result;
        if (page.IsPdf || page.IsDocx)
        {
            using var stream = new MemoryStream(page.Content);
            result = page.IsPdf ? ReportImporter.ImportPdf(stream, options) : ReportImporter.ImportDocx(stream, options);
        }
        else
        {
            string text;
            try
            {
                text = page.Text();
            }
            catch (PageFetchException e)
            {
                return Failed(input, M.DecodableCharset, LocalizedText.Verbatim(page.Charset ?? ""), new LocalizedText(e.MessageZh, e.Message));
            }

            result = ReportImporter.Import(text, options);
        }

        if (result.Report is null && result.Errors.Count == 0)
        {
            return Failed(input, M.ReportSections, M.NothingFound, M.NoReportOnPage);
        }

        return new LoadedReport(input, result.Errors.Count == 0 ? result.Report : null, result.Errors, result.Notes) { ImportFindings = result.Findings };
    }

    private static LoadedReport LoadBinary(InputFile input, FormatVersion? format, Func<Stream, ImportOptions, ImportResult> import)
    {
        var (unit, year) = UnitAndYear(input);
        ImportResult result;
        try
        {
            using var stream = File.OpenRead(input.Path);
            result = import(stream, new ImportOptions(unit, year, format));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(input, M.AReadableFile, LocalizedText.Verbatim(e.Message), M.CannotReadFile);
        }

        return new LoadedReport(input, result.Errors.Count == 0 ? result.Report : null, result.Errors, result.Notes) { ImportFindings = result.Findings };
    }

    /// <summary>
    /// A filled template: unit and year come from the workbook, so a unit or year given (or inferred from
    /// the file name) must agree with it.
    /// </summary>
    private static LoadedReport LoadXlsx(InputFile input, FormatVersion? format)
    {
        ImportResult result;
        try
        {
            using var stream = File.OpenRead(input.Path);
            result = ReportImporter.ImportXlsx(stream, new ImportOptions(input.UnitId ?? "", input.Year ?? 0, format));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(input, M.AReadableFile, LocalizedText.Verbatim(e.Message), M.CannotReadFile);
        }

        var report = result.Errors.Count == 0 ? result.Report : null;
        var named = report is null ? input : input with { UnitId = report.UnitId, Year = report.Year };
        return new LoadedReport(named, report, result.Errors, result.Notes) { ImportFindings = result.Findings };
    }

    private static (string Unit, int Year) UnitAndYear(InputFile input) =>
        input.UnitId is { } unit && input.Year is { } year
            ? (unit, year)
            : throw new CliException(ExitCodes.Usage,
                $"无法从文件名推断 {input.Path} 的单位或年度:请用 --unit 和 --year(或 --map)指定",
                $"Cannot infer the unit or year of '{input.Path}' from its name: pass --unit and --year (or --map)");

    /// <summary>Lowercase hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The idempotency key of a submission: the SHA-256 of the serialized report.</summary>
    public static string IdempotencyKey(Report report) => Sha256(report.ToByteArray());

    private static LoadedReport Failed(InputFile input, LocalizedText expected, LocalizedText found, LocalizedText detail) =>
        new(input, null, [ImportError.OfDocument(expected, found, detail)], []);

    private static string Clip(string s) => s.Length <= 120 ? s : s[..120] + "…";
}

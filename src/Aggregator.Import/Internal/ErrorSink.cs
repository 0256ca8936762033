namespace Aggregator.Import.Internal;

/// <summary>Collects import errors with bilingual messages that name section and location.</summary>
internal sealed class ErrorSink
{
    private readonly List<ImportError> _errors = [];

    public IReadOnlyList<ImportError> Errors => _errors;

    public void Add(int section, SourceLocation location, string expected, string found, string detailZh, string detailEn)
    {
        var name = section is >= 1 and <= 6 ? ContentRecognizer.SectionNames[section] : "document";
        var zhPrefix = section is >= 1 and <= 6 ? $"第{name}部分" : "文档";
        var enPrefix = section is >= 1 and <= 6 ? $"Section {name}" : "Document";
        _errors.Add(new ImportError(
            name,
            location.Line,
            expected,
            found,
            $"{zhPrefix}{location.Zh}:{detailZh}(应为:{expected};实际:{found})",
            $"{enPrefix}, {location.En}: {detailEn} (expected: {expected}; found: {found})"));
    }

    /// <summary>A cell that is neither a figure nor a "not reported" marker.</summary>
    public void NonNumeric(int section, SourceLocation location, string column, string raw, bool money = false) => Add(
        section,
        location,
        money ? $"{column}: a decimal number (amount), or blank/—/\"/\"/无 for not reported" : $"{column}: a whole number, or blank/—/\"/\"/无 for not reported",
        $"\"{raw}\"",
        $"“{column}”栏不是数字",
        $"the {column} cell is not a number");

    /// <summary>A row whose number of figure cells does not match its columns.</summary>
    public void FigureCount(int section, SourceLocation location, string row, int expected, IReadOnlyList<string> figures) => Add(
        section,
        location,
        $"{expected} figure cell{(expected == 1 ? "" : "s")} for {row}",
        figures.Count == 0 ? "no figure cells" : $"{figures.Count} figure cell{(figures.Count == 1 ? "" : "s")}: {string.Join(" | ", figures)}",
        $"“{row}”行数字个数不符,不猜测拆分",
        $"row \"{row}\" has the wrong number of figures; no split is guessed");
}

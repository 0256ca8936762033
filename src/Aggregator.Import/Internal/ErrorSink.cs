using Aggregator.Domain.Text;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>Collects import errors with bilingual messages (<see cref="Messages.Import"/>) that name section and location.</summary>
internal sealed class ErrorSink
{
    private readonly List<ImportError> _errors = [];

    public IReadOnlyList<ImportError> Errors => _errors;

    public void Add(int section, SourceLocation location, LocalizedText expected, LocalizedText found, LocalizedText detail)
    {
        var inSection = section is >= 1 and <= 6;
        var name = inSection ? ContentRecognizer.SectionNames[section] : "document";
        var where = location.Text;
        _errors.Add(new ImportError(
            name,
            location.Line,
            expected,
            found,
            detail,
            inSection ? M.SectionProblem(name, where, detail, expected, found) : M.DocumentProblem(where, detail, expected, found))
        {
            Where = where,
        });
    }

    /// <summary>A cell that is neither a figure nor a "not reported" marker.</summary>
    public void NonNumeric(int section, SourceLocation location, string column, string raw, bool money = false) => Add(
        section,
        location,
        money ? M.AmountOrBlank(column) : M.WholeNumberOrBlank(column),
        M.Quoted(raw),
        M.NotANumber(column));

    /// <summary>A row whose number of figure cells does not match its columns.</summary>
    public void FigureCount(int section, SourceLocation location, string row, int expected, IReadOnlyList<string> figures) => Add(
        section,
        location,
        M.FigureCellsFor(expected, row),
        figures.Count == 0 ? M.NoFigureCells : M.FigureCells(figures.Count, string.Join(" | ", figures)),
        M.WrongFigureCount(row));
}

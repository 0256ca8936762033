using Aggregator.Contracts.V1;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Finding = Aggregator.Domain.Rules.Finding;

namespace Aggregator.Import;

/// <summary>The outcome of an import.</summary>
/// <param name="Report">The imported report, or <see langword="null"/> when the document could not be parsed.</param>
/// <param name="Errors">Why the document could not be parsed; empty on success.</param>
/// <param name="Notes">Informational notes (detected format, ignored tables, absent sections).</param>
/// <remarks>
/// A report is never returned together with errors: a document that is partly unparseable gives
/// <see cref="Report"/> = <see langword="null"/>. Rule violations in the printed figures
/// (sums that do not add up) are not import errors; the figures are imported as printed.
/// </remarks>
public sealed record ImportResult(Report? Report, IReadOnlyList<ImportError> Errors, IReadOnlyList<LocalizedText> Notes)
{
    /// <summary>True when a report was imported without errors.</summary>
    public bool Success => Report is not null && Errors.Count == 0;

    /// <summary>
    /// Warnings about the document itself found while importing (e.g. <see cref="RuleCatalog.RowLabel"/>:
    /// a row label that differs from the national one); only with a <see cref="Report"/>.
    /// </summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
}

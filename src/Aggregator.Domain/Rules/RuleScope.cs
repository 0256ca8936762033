using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>Applicability of a rule beyond its section being present.</summary>
public enum RuleScope
{
    /// <summary>Checked whenever its section is present.</summary>
    Always,

    /// <summary>Checked only when the previous year's report is given.</summary>
    NeedsPreviousYear,

    /// <summary>Checked only when the anchor cell is reported (optional totals).</summary>
    WhenAnchorReported,

    /// <summary>Checked only when the anchor and at least one of its parts are reported (a group printed with its parts).</summary>
    WhenAnchorAndAnyPartReported,

    /// <summary>Checked only when any of its cells is reported (rows a format variant may leave out entirely).</summary>
    WhenAnyReported,
}

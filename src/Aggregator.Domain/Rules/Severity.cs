using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>How serious a rule is.</summary>
public enum Severity
{
    /// <summary>Makes a submission invalid.</summary>
    Error,

    /// <summary>Stored with the report and shown.</summary>
    Warning,
}

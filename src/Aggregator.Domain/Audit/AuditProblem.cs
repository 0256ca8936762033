using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Domain.Audit;

/// <summary>What verification found first.</summary>
public enum AuditProblem
{
    /// <summary>The chain is intact.</summary>
    None = 0,

    /// <summary>An entry's content (or its hash, or the link to it) no longer matches what was chained.</summary>
    Changed = 1,

    /// <summary>An entry between the first retained and the head's last is missing.</summary>
    Removed = 2,

    /// <summary>An entry sits under another sequence number than its own.</summary>
    Reordered = 3,
}

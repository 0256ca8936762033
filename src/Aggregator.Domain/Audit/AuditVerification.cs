using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Domain.Audit;

/// <summary>The result of <see cref="AuditChain.Verify"/>.</summary>
/// <param name="FirstSeq">The first retained entry: verification starts there (its previous hash is taken as given when it is not 1).</param>
/// <param name="Trimmed">True when older entries were removed by retention (<paramref name="FirstSeq"/> &gt; 1).</param>
/// <param name="ProblemSeq">The first changed, removed or reordered entry (0 when intact).</param>
public sealed record AuditVerification(long FirstSeq, long LastSeq, long Count, bool Trimmed, AuditProblem Problem, long ProblemSeq, string Detail)
{
    /// <summary>The last entry's hash as the head records it ("" when the trail is empty).</summary>
    public string HeadHash { get; init; } = "";

    public bool Intact => Problem == AuditProblem.None;
}

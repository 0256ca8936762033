using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aggregator.Domain.Audit;

/// <summary>Who acted and from where: the token's subject, unit and role, and the peer address.</summary>
/// <param name="Subject">The token's <c>sub</c> ("" when no valid token was presented).</param>
/// <param name="Unit">The token's unit ("" when no valid token was presented).</param>
/// <param name="Role">The token's role ("" when no valid token was presented).</param>
/// <param name="Peer">The peer's IP address as the server saw it (a proxy's, behind one).</param>
/// <remarks>Equality is by value.</remarks>
public readonly record struct AuditActor(string Subject, string Unit, string Role, string Peer)
{
    /// <summary>An actor known only by the subject a command carries (a store caller that did not say more).</summary>
    public static AuditActor OfSubject(string subject) => new(subject, "", "", "");
}

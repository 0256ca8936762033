using System.Security.Claims;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Text;
using Aggregator.Security;
using Aggregator.Server.Internal;
using Aggregator.Server.Telemetry;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Auth;

/// <summary>The authenticated caller: unit and role from the token, never from a request field.</summary>
public sealed record Caller(RegionUnit Unit, string Role, string Subject)
{
    public bool IsAdmin => Role == Roles.Admin;

    public bool IsReviewer => Role is Roles.City or Roles.Province;

    /// <summary>The peer's IP address (for the audit trail; "" when not known).</summary>
    public string Peer { get; init; } = "";

    /// <summary>Who and from where, for audit entries.</summary>
    public AuditActor Actor => new(Subject, Unit.Id.Value, Role, Peer);

    /// <summary>The language the call asked for (<c>accept-language</c>), or null when it named none: error details are written in it.</summary>
    public Language? Language { get; init; }

    /// <summary>The text in the call's language (English when it named none).</summary>
    public string Text(LocalizedText text) => text.In(Language ?? Domain.Text.Language.En);
}

using System.Net;
using System.Security.Claims;
using System.Threading.Channels;
using Aggregator.Domain.Audit;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Audit;

/// <summary>Who and from where, from an HTTP request (token claims and the connection's peer address).</summary>
public static class AuditActors
{
    /// <summary>The peer's IP address (IPv4-mapped addresses as IPv4); "" when not known.</summary>
    public static string PeerOf(HttpContext? http) =>
        http?.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "";

    /// <summary>The actor of a request: the validated token's subject, unit and role (all "" without one) and the peer.</summary>
    public static AuditActor Of(HttpContext http)
    {
        var user = http.User;
        return user.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirstValue(AggregatorClaims.Subject) ?? "", user.FindFirstValue(AggregatorClaims.UnitId) ?? "",
                user.FindFirstValue(AggregatorClaims.Role) ?? "", PeerOf(http))
            : new AuditActor("", "", "", PeerOf(http));
    }
}

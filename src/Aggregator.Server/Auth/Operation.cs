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

/// <summary>What a call does to the unit it names (see <see cref="AccessPolicy.Authorize"/>).</summary>
public enum Operation
{
    /// <summary>Read its reports, rollups, status, registry entry.</summary>
    Read,

    /// <summary>Submit its report.</summary>
    Write,

    /// <summary>Accept or return its submission.</summary>
    Review,

    /// <summary>Store a published report for it.</summary>
    Backfill,
}

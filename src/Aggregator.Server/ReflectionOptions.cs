using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>gRPC reflection, bound from <c>Aggregator:Reflection</c>.</summary>
public sealed class ReflectionOptions
{
    public const string SectionName = "Aggregator:Reflection";

    /// <summary>
    /// Serve gRPC server reflection (service and message descriptions for grpcurl and similar tools,
    /// answered without a token). Default true for local runs; the Helm chart turns it off.
    /// </summary>
    public bool Enabled { get; set; } = true;
}

using System.Text.Json;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Writers;
using Swashbuckle.AspNetCore.Swagger;

namespace Aggregator.Server.Web;

/// <summary>The Kestrel endpoints as configured, their ports filled in once bound (port 0).</summary>
public sealed class ListeningEndpoints
{
    /// <summary>The web endpoint, when configured.</summary>
    public ListenOptions? Web { get; internal set; }

    /// <summary>True when the web endpoint serves TLS.</summary>
    public bool WebTls { get; internal set; }

    /// <summary>True when the gRPC endpoint serves TLS.</summary>
    public bool GrpcTls { get; internal set; }
}

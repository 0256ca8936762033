using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// The health-only h2c endpoint (<see cref="EndpointsOptions.Health"/>): its connections are marked, and a
/// request on one for anything but the gRPC health service is answered NOT_FOUND before it reaches a service.
/// </summary>
internal static class HealthEndpoint
{
    private const string Item = "aggregator.health-only";
    private const string HealthService = "/grpc.health.v1.Health";

    public static void Listen(ListenOptions listen) =>
        listen.Use(next => connection =>
        {
            connection.Items[Item] = true;
            return next(connection);
        });

    public static void Use(WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Item) == true
                && !context.Request.Path.StartsWithSegments(HealthService, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = "5";
                context.Response.Headers["grpc-message"] = "Only the health service is served on this endpoint (Aggregator:Endpoints:Health).";
                return Task.CompletedTask;
            }

            return next(context);
        });
}

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

/// <summary>
/// The browser's endpoint (<c>Aggregator:Endpoints:Web</c>, HTTP/1.1): the JSON API transcoded from the
/// gRPC services (<c>/v1/…</c>, <c>google.api.http</c> annotations in <c>protos/</c>), the console's
/// static files from <c>wwwroot</c> with a single-page fallback to <c>index.html</c>, security headers
/// and <c>/openapi.json</c>. The gRPC port stays HTTP/2 only.
/// </summary>
public static class WebEndpointExtensions
{
    /// <summary>The connection item that marks a connection accepted on the web endpoint.</summary>
    internal const string WebConnectionItem = "aggregator.web";

    /// <summary>The console's Content-Security-Policy: everything from this origin, no inline script, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>JSON transcoding (lowerCamelCase fields, enums as names) and the OpenAPI generator.</summary>
    public static IServiceCollection AddAggregatorWeb(this IServiceCollection services, IGrpcServerBuilder grpc)
    {
        // Errors keep their google.rpc details (BadRequest field violations with cell paths): the
        // JSON writer needs their types to render the packed Any.
        grpc.AddJsonTranscoding(o => o.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
        services.AddGrpcSwagger();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Aggregator HTTP/JSON API",
                Version = "v1",
                Description = "The gRPC services transcoded to HTTP/JSON (google.api.http). Authorization: Bearer <token>. Errors are google.rpc.Status JSON.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT" });
            o.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
        });
        return services;
    }

    /// <summary>Listens on the web endpoint (HTTP/1.1), marking its connections so the console's pipeline runs only there.</summary>
    internal static void ListenWeb(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(next => connection =>
        {
            connection.Items[WebConnectionItem] = true;
            return next(connection);
        });
    }

    /// <summary>True when the request came in on the web endpoint.</summary>
    public static bool IsWebRequest(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(WebConnectionItem) == true;

    /// <summary>
    /// On the web endpoint only: security headers, <c>/openapi.json</c>, static files and the
    /// single-page fallback (a GET of a path that is no file, no API route and not under <c>/v1</c>
    /// serves <c>index.html</c>).
    /// </summary>
    public static WebApplication UseAggregatorWeb(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<AggregatorServerOptions>>().Value.WebRoot;
        IFileProvider files = Directory.Exists(root) ? new PhysicalFileProvider(root) : new NullFileProvider();
        app.UseWhen(IsWebRequest, web =>
        {
            web.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                var request = context.Request;
                if (context.GetEndpoint() is null
                    && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                    && !request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
                    && request.Path != "/"
                    && !files.GetFileInfo(request.Path.Value ?? "").Exists)
                {
                    request.Path = "/index.html";
                }

                return next(context);
            });
            web.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            web.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = r => r.Context.Response.Headers.CacheControl =
                    r.File.Name == "index.html" ? "no-cache" : "public, max-age=300",
            });
        });
        return app;
    }

    /// <summary>Maps <c>GET /openapi.json</c> (OpenAPI 3 document of the HTTP surface), reachable without a token.</summary>
    public static WebApplication MapAggregatorOpenApi(this WebApplication app)
    {
        app.MapGet("/openapi.json", (ISwaggerProvider swagger) =>
        {
            var document = swagger.GetSwagger("v1");
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV3(new OpenApiJsonWriter(text));
            return Results.Text(text.ToString(), "application/json; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Answers an HTTP (non-gRPC) request that failed authentication with 401 and a
    /// <c>google.rpc.Status</c> JSON body, as the transcoded calls answer their own errors.
    /// gRPC requests keep grpc-dotnet's UNAUTHENTICATED.
    /// </summary>
    internal static async Task WriteUnauthenticatedAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new UnauthenticatedStatus(16, message, [])), context.RequestAborted);
    }

    private sealed record UnauthenticatedStatus(
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] int Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("details")] object[] Details);
}

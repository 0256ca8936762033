using System.Net;
using Aggregator.Domain.Registry;
using Aggregator.Queries;
using Aggregator.Security;
using Aggregator.Server.Audit;
using Aggregator.Server.Auth;
using Aggregator.Server.Interceptors;
using Aggregator.Server.Internal;
using Aggregator.Server.Registry;
using Aggregator.Server.Services;
using Aggregator.Server.Telemetry;
using Aggregator.Server.Web;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server;

/// <summary>Hosting the Aggregator gRPC server (Program.cs, tests, benchmarks).</summary>
public static class AggregatorServerExtensions
{
    /// <summary>
    /// Adds the server: options (<c>Aggregator:*</c>), registry, store (<see cref="RedisStoreServiceCollectionExtensions.AddRedisReportStore"/>),
    /// JWT bearer authentication, gRPC services with limits and interceptors, health checks,
    /// reflection and the Kestrel endpoints (gRPC h2c, metrics HTTP/1.1).
    /// </summary>
    public static WebApplicationBuilder AddAggregatorServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<AggregatorServerOptions>()
            .BindConfiguration(AggregatorServerOptions.SectionName)
            .PostConfigure(o =>
            {
                o.DataDirectory = Path.GetFullPath(o.DataDirectory, Environment.CurrentDirectory);
                o.RegistryPath = string.IsNullOrWhiteSpace(o.RegistryPath)
                    ? Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml")
                    : Path.GetFullPath(o.RegistryPath, Environment.CurrentDirectory);
                o.WebRoot = string.IsNullOrWhiteSpace(o.WebRoot)
                    ? Path.Combine(AppContext.BaseDirectory, "wwwroot")
                    : Path.GetFullPath(o.WebRoot, Environment.CurrentDirectory);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReflectionOptions>().BindConfiguration(ReflectionOptions.SectionName);
        services.AddOptions<EndpointsOptions>().BindConfiguration(EndpointsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisStoreOptions>()
            .PostConfigure<IOptions<AggregatorServerOptions>>((r, s) => r.DataDirectory = s.Value.DataDirectory);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ListeningEndpoints>();
        services.TryAddSingleton(sp => RegistryLoader.LoadFile(sp.GetRequiredService<IOptions<AggregatorServerOptions>>().Value.RegistryPath));
        services.AddMetrics();
        services.TryAddSingleton<AggregatorMetrics>();
        services.TryAddSingleton<IStoreTelemetry>(sp => sp.GetRequiredService<AggregatorMetrics>());
        services.AddRedisReportStore();
        services.TryAddSingleton<SigningKeyProvider>();
        services.AddHostedService<KeyRingWatcher>();
        services.TryAddSingleton<AccessPolicy>();
        services.TryAddSingleton<CallerLimits>();
        services.TryAddSingleton<AuditRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        services.TryAddSingleton<SubmissionHandler>();
        services.TryAddSingleton<BackfillHandler>();
        services.TryAddSingleton<IUnitAccess, UnitAccess>();
        services.AddAggregatorQueries();
        builder.AddAggregatorTelemetry();

        services.AddAggregatorAuthentication(builder.Configuration);
        services.AddAuthorization();

        var grpc = services.AddGrpc();
        services.AddAggregatorWeb(grpc);
        // Requests that are not valid protobuf (or carry invalid UTF-8) fail with INVALID_ARGUMENT, not UNKNOWN.
        services.AddRequestParsingErrors();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<LimitsOptions>>((o, limits) =>
        {
            o.MaxReceiveMessageSize = limits.Value.MaxMessageBytes;
            o.MaxSendMessageSize = limits.Value.MaxMessageBytes;
            o.EnableDetailedErrors = false;
            // Outermost: ends streams and watches UNAUTHENTICATED when the caller's token expires.
            o.Interceptors.Add<TokenExpiryInterceptor>();
            // Records denials and exports in the audit trail (submissions are recorded with their writes).
            o.Interceptors.Add<AuditInterceptor>();
            o.Interceptors.Add<CallerLimitsInterceptor>();
            o.Interceptors.Add<ErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o =>
            {
                o.Services.Map("", r => r.Tags.Contains("live"));
                o.Services.Map("readiness", r => r.Tags.Contains("ready"));
                o.UseHealthChecksCache = false;
            })
            .AddCheck("live", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), ["live"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"]);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var endpoints = new EndpointsOptions();
            context.Configuration.GetSection(EndpointsOptions.SectionName).Bind(endpoints);
            var limits = new LimitsOptions();
            context.Configuration.GetSection(LimitsOptions.SectionName).Bind(limits);
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Min(limits.MaxRequestHeadersBytes, kestrel.Limits.Http2.MaxRequestHeaderFieldSize);
            kestrel.Limits.Http2.KeepAlivePingDelay = limits.KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = limits.KeepAlivePingTimeout;
            // Request bodies: each gRPC message is bounded by MaxMessageBytes; a unary body also by Kestrel's
            // MaxRequestBodySize (30 MB default); grpc-dotnet lifts the latter for client streams.
            // TLS on the gRPC and web endpoints: a PEM certificate (Aggregator:Endpoints:Tls), or an https:// URL
            // with Kestrel's default certificate (Kestrel:Certificates:Default). HTTP/2 over TLS is chosen by ALPN.
            var certificate = endpoints.Tls.Enabled ? new TlsCertificate(endpoints.Tls) : null;
            var listening = kestrel.ApplicationServices.GetRequiredService<ListeningEndpoints>();
            Listen(kestrel, endpoints.Grpc, HttpProtocols.Http2, o => listening.GrpcTls = UseTls(o, endpoints.Grpc, certificate));
            if (!string.IsNullOrWhiteSpace(endpoints.Metrics))
            {
                Listen(kestrel, endpoints.Metrics, HttpProtocols.Http1);
            }

            if (!string.IsNullOrWhiteSpace(endpoints.Web))
            {
                Listen(kestrel, endpoints.Web, HttpProtocols.Http1, o =>
                {
                    WebEndpointExtensions.ListenWeb(o);
                    listening.WebTls = UseTls(o, endpoints.Web, certificate);
                    listening.Web = o;
                });
            }

            if (!string.IsNullOrWhiteSpace(endpoints.Health))
            {
                Listen(kestrel, endpoints.Health, HttpProtocols.Http2, HealthEndpoint.Listen);
            }
        });
        return builder;
    }

    /// <summary>Maps the services (SubmissionService, RegistryService, health, reflection) and prints the start-up facts.</summary>
    public static WebApplication MapAggregatorServer(this WebApplication app)
    {
        HealthEndpoint.Use(app);
        app.MapAggregatorTelemetry();
        app.UseAggregatorWeb();
        app.UseAuthentication();
        app.UseAuthorization();
        RequestParsingServiceCollectionExtensions.EnsureOnlyParsingProvider<SubmissionServiceImpl>(app.Services);
        app.MapGrpcService<SubmissionServiceImpl>().RequireAuthorization();
        app.MapGrpcService<RegistryServiceImpl>().RequireAuthorization();
        app.MapGrpcService<QueryGrpcService>().RequireAuthorization();
        app.MapGrpcService<StatusGrpcService>().RequireAuthorization();
        app.MapGrpcService<ImportServiceImpl>().RequireAuthorization();
        app.MapGrpcService<TemplateServiceImpl>().RequireAuthorization();
        app.MapGrpcService<AuditServiceImpl>().RequireAuthorization();
        app.MapGrpcHealthChecksService();
        if (app.Services.GetRequiredService<IOptions<ReflectionOptions>>().Value.Enabled)
        {
            // Anonymous: off in the chart (Aggregator:Reflection:Enabled), on for local runs.
            app.MapGrpcReflectionService();
        }

        app.MapAggregatorOpenApi();

        app.Lifetime.ApplicationStarted.Register(() => PrintStartup(app));
        return app;
    }

    /// <summary>The gRPC address the server listens on (after start), e.g. <c>http://127.0.0.1:5000</c>.</summary>
    public static string GrpcAddress(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var metrics = app.Services.GetRequiredService<IOptions<EndpointsOptions>>().Value.Metrics;
        var metricsPort = TryPort(metrics);
        return addresses.FirstOrDefault(a => metricsPort is null || TryPort(a) != metricsPort) ?? addresses.FirstOrDefault() ?? "";
    }

    /// <summary>The web (console and JSON API) address after start, e.g. <c>http://127.0.0.1:5080</c>; empty when there is none.</summary>
    public static string WebAddress(this WebApplication app) =>
        app.Services.GetRequiredService<ListeningEndpoints>() is { Web.IPEndPoint: { } endpoint } listening
            ? (listening.WebTls ? "https://" : "http://") + (endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.Address.ToString()) + ":" + endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "";

    private static void PrintStartup(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Server");
        var server = app.Services.GetRequiredService<IOptions<AggregatorServerOptions>>().Value;
        var connection = app.Services.GetRequiredService<RedisConnection>();
        var registry = app.Services.GetRequiredService<RegionTree>();
        var key = app.Services.GetRequiredService<SigningKeyProvider>();
        _ = key.Key;
        if (key.Created)
        {
            Log.SigningKeyCreated(logger, key.Path);
        }

        foreach (var (path, mode) in SecretFile.LooseModes(key.Path))
        {
            Log.LooseSecretMode(logger, path, mode);
        }

        var address = app.GrpcAddress();
        var kind = connection.Kind.ToString();
        var hint = TokenHint.For(key.Path, registry);
        var transport = app.Services.GetRequiredService<ListeningEndpoints>().GrpcTls ? "HTTP/2 over TLS" : "HTTP/2 without TLS";
        Log.ServerStarted(logger, address, transport, server.DataDirectory, kind, connection.Endpoint, server.RegistryPath, registry.Count);
        if (app.WebAddress() is { Length: > 0 } web)
        {
            Log.ConsoleAddress(logger, web + "/", web + "/openapi.json");
        }
        Log.TokenHint(logger, hint);
    }

    /// <summary>Serves TLS on <paramref name="listen"/> when a certificate is configured or <paramref name="url"/> is https.</summary>
    /// <returns>True when the endpoint serves TLS.</returns>
    private static bool UseTls(ListenOptions listen, string url, TlsCertificate? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => certificate.Current });
            return true;
        }

        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            listen.UseHttps();
            return true;
        }

        return false;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols, Action<ListenOptions>? configure = null)
    {
        var uri = new Uri(url);
        var address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            var h => IPAddress.Parse(h.Trim('[', ']')),
        };
        kestrel.Listen(address, uri.Port, o =>
        {
            o.Protocols = protocols;
            configure?.Invoke(o);
        });
    }

    private static int? TryPort(string url) =>
        Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;
}

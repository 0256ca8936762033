using System.Diagnostics.Metrics;
using Aggregator.Queries;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aggregator.Server.Telemetry;

/// <summary>
/// OpenTelemetry: traces and metrics from ASP.NET Core, gRPC, StackExchange.Redis and the
/// Aggregator.Server meter; a Prometheus scrape endpoint on the metrics port; OTLP export when the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or signal-specific) variable is set.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Latency buckets in seconds, from 0.25 ms to 10 s.</summary>
    private static readonly double[] s_secondsBuckets = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static WebApplicationBuilder AddAggregatorTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        builder.Services.AddSingleton<StoreUpGauge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StoreUpGauge>());
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "aggregator"))
            .WithLogging(
                logging =>
                {
                    if (otlp)
                    {
                        logging.AddOtlpExporter();
                    }
                },
                options =>
                {
                    // Log records carry the trace and span ids of the call they were written in.
                    options.IncludeScopes = true;
                    options.IncludeFormattedMessage = true;
                })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AggregatorMetrics.MeterName)
                    .AddView(instrument => instrument is Histogram<double> && instrument.Unit == "s"
                        ? new ExplicitBucketHistogramConfiguration { Boundaries = s_secondsBuckets }
                        : null)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentationIfAvailable()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(AggregatorMetrics.MeterName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                    .AddRedisInstrumentation();
                tracing.ConfigureRedisInstrumentation((sp, instrumentation) =>
                {
                    var connection = sp.GetRequiredService<RedisConnection>();
                    // The multiplexer exists once the store has started; register it as soon as it does.
                    _ = Task.Run(async () => instrumentation.AddConnection(await connection.GetAsync().ConfigureAwait(false)));
                });
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>Serves <c>/metrics</c> only on the metrics endpoint (HTTP/1.1), never on the gRPC port.</summary>
    public static WebApplication MapAggregatorTelemetry(this WebApplication app)
    {
        // Start listening before the instruments record their initial zeros (AggregatorMetrics' constructor).
        _ = app.Services.GetRequiredService<MeterProvider>();
        _ = app.Services.GetRequiredService<AggregatorMetrics>();
        var metrics = app.Services.GetRequiredService<IOptions<EndpointsOptions>>().Value.Metrics;
        if (!string.IsNullOrWhiteSpace(metrics))
        {
            var port = new Uri(metrics.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == "/metrics" && (port == 0 || context.Connection.LocalPort == port));
        }

        return app;
    }

    /// <summary>
    /// The runtime's <c>System.Runtime</c> meter, with the three counts whose OpenTelemetry names end in
    /// <c>.count</c> renamed: exported as <c>dotnet_assembly_count</c> and so on they fail
    /// <c>promtool check metrics</c> (a <c>_count</c> suffix belongs to histograms and summaries).
    /// </summary>
    private static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder builder) =>
        builder.AddMeter("System.Runtime")
            .AddView("dotnet.assembly.count", "dotnet.assemblies.loaded")
            .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
            .AddView("dotnet.timer.count", "dotnet.timers");
}

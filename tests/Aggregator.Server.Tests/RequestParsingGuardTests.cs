using System.Reflection;
using Aggregator.Contracts.V1;
using Aggregator.Queries;
using Aggregator.Server.Internal;
using Aggregator.Server.Services;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>
/// Guards the one place the server depends on how grpc-dotnet binds generated services: it replaces
/// grpc-dotnet's method provider (whatever <c>AddGrpc()</c> registers) with
/// <see cref="ParsingServiceMethodProvider{TService}"/>, so that a request that cannot be parsed is
/// INVALID_ARGUMENT. After a grpc-dotnet upgrade these fail, saying what changed, before a server
/// maps a service differently or stops starting.
/// </summary>
public sealed class RequestParsingGuardTests
{
    private static readonly string s_grpcVersion =
        typeof(GrpcServiceOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";

    [Fact]
    public void AddRequestParsingErrors_ReplacesEveryProviderAddGrpcRegisters_KeepsTheOthers()
    {
        var grpc = RequestParsingServiceCollectionExtensions.GrpcMethodProviders;
        var services = new ServiceCollection();
        services.AddGrpc().AddJsonTranscoding();
        var before = Providers(services);

        services.AddRequestParsingErrors();
        var after = Providers(services);

        Assert.True(grpc.Count > 0,
            $"grpc-dotnet {s_grpcVersion}: AddGrpc() registers no open-generic IServiceMethodProvider<> type; the server replaces those with " +
            "ParsingServiceMethodProvider (src/Aggregator.Server/Internal/ParsingServiceMethodProvider.cs) and now cannot: see how this version binds services.");
        Assert.Equal(before.Except(grpc).Append(typeof(ParsingServiceMethodProvider<>)).Order(s_typeNames), after.Order(s_typeNames));
    }

    private static readonly Comparer<Type> s_typeNames = Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.FullName, b.FullName));

    private static List<Type> Providers(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>)).Select(d => d.ImplementationType!).ToList();

    [Fact]
    public void ParsingProvider_MapsEveryServiceAsGrpcDotnetDoes()
    {
        var theirs = MappedEndpoints(parsing: false);
        var ours = MappedEndpoints(parsing: true);

        var missing = theirs.Keys.Except(ours.Keys).ToList();
        var extra = ours.Keys.Except(theirs.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"grpc-dotnet {s_grpcVersion} maps routes ParsingServiceMethodProvider does not ({string.Join(", ", missing)}) " +
            $"or the reverse ({string.Join(", ", extra)}): update src/Aggregator.Server/Internal/ParsingServiceMethodProvider.cs.");
        foreach (var (route, metadata) in theirs)
        {
            Assert.True(metadata == ours[route],
                $"grpc-dotnet {s_grpcVersion} maps {route} with metadata [{metadata}], ParsingServiceMethodProvider with [{ours[route]}]: " +
                "update src/Aggregator.Server/Internal/ParsingServiceMethodProvider.cs.");
        }

        Assert.Contains("/aggregator.v1.SubmissionService/SubmitStream", ours.Keys);
        Assert.Contains("/aggregator.v1.TemplateService/GetTemplate", ours.Keys);
        Assert.Contains("/grpc.health.v1.Health/Check", ours.Keys);
    }

    [Fact]
    public void ParsingProvider_WrapsEveryRequestMarshaller_GarbageIsInvalidArgument()
    {
        var builder = WebApplication.CreateSlimBuilder();
        Configure(builder, parsing: true);
        using var app = builder.Build();
        Map(app);

        var methods = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<IMethod>()
            .Where(m => m.ServiceName.StartsWith("aggregator.v1.", StringComparison.Ordinal))
            .DistinctBy(m => m.FullName)
            .ToList();

        var expected = s_services.Sum(t => ((Google.Protobuf.Reflection.ServiceDescriptor)GeneratedBase(t).DeclaringType!
            .GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).Methods.Count);
        Assert.Equal(expected, methods.Count);
        foreach (var method in methods)
        {
            var code = ParseGarbage(method);
            Assert.True(code == StatusCode.InvalidArgument, $"{method.FullName}: garbage request bytes gave {code?.ToString() ?? "no error"}, not INVALID_ARGUMENT (its request marshaller is not wrapped)");
        }
    }

    /// <summary>Runs the method's request deserializer on bytes that are not protobuf; the status code of the RpcException it throws.</summary>
    private static StatusCode? ParseGarbage(IMethod method)
    {
        var marshaller = method.GetType().GetProperty("RequestMarshaller")!.GetValue(method)!;
        var deserializer = (Delegate)marshaller.GetType().GetProperty("ContextualDeserializer")!.GetValue(marshaller)!;
        try
        {
            deserializer.DynamicInvoke(new GarbageContext());
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is RpcException rpc)
        {
            return rpc.StatusCode;
        }
        catch (TargetInvocationException e)
        {
            throw new Xunit.Sdk.XunitException($"{method.FullName}: garbage request bytes threw {e.InnerException?.GetType().Name}, not an RpcException (grpc-dotnet would answer UNKNOWN)");
        }
    }

    /// <summary>Every route of the services the server maps, with the types of its metadata in order.</summary>
    private static Dictionary<string, string> MappedEndpoints(bool parsing)
    {
        var builder = WebApplication.CreateSlimBuilder();
        Configure(builder, parsing);
        using var app = builder.Build();
        Map(app);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .GroupBy(e => e.RoutePattern.RawText ?? "")
            .ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(e => string.Join(", ", e.Metadata.Select(m => m.GetType().Name)))));
    }

    private static void Configure(WebApplicationBuilder builder, bool parsing)
    {
        builder.Services.AddGrpc();
        if (parsing)
        {
            builder.Services.AddRequestParsingErrors();
        }

        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
    }

    /// <summary>Every generated-service implementation of the server (the only gRPC host), found by reflection so a new service is covered.</summary>
    private static readonly Type[] s_services =
        [.. typeof(SubmissionServiceImpl).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.BaseType?.GetCustomAttribute<BindServiceMethodAttribute>() is not null)];

    private static Type GeneratedBase(Type service) => service.BaseType!;

    private static void Map(WebApplication app)
    {
        var map = typeof(GrpcEndpointRouteBuilderExtensions).GetMethods()
            .Single(m => m.Name == nameof(GrpcEndpointRouteBuilderExtensions.MapGrpcService) && m.IsGenericMethodDefinition && m.GetParameters().Length == 1);
        foreach (var service in s_services)
        {
            map.MakeGenericMethod(service).Invoke(null, [app]);
        }

        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
    }

    private sealed class GarbageContext : DeserializationContext
    {
        private static readonly byte[] s_bytes = [0x0A, 0x05, 0x01];

        public override int PayloadLength => s_bytes.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])s_bytes.Clone();

        public override System.Buffers.ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(s_bytes);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Server.Internal;

/// <summary>
/// Discovers the methods of a generated gRPC service exactly as grpc-dotnet's own binder provider
/// does (the generated <c>BindService</c>, the overriding method found by reflection, the service's
/// and the method's attributes as endpoint metadata, POST), except that each method's request
/// marshaller is wrapped by <see cref="RequestParsing.Wrap{TRequest, TResponse}"/>: a request that
/// cannot be parsed fails with <c>INVALID_ARGUMENT</c>.
/// </summary>
/// <remarks>
/// It replaces grpc-dotnet's providers (see <see cref="RequestParsingServiceCollectionExtensions.AddRequestParsingErrors"/>)
/// rather than running beside them: every provider of a service adds its methods, so two would map
/// every method twice (ambiguous routes). A service that is not generated (no
/// <see cref="BindServiceMethodAttribute"/>, e.g. one mapped from a <see cref="ServerServiceDefinition"/>)
/// is handed to grpc-dotnet's own providers unchanged.
/// </remarks>
internal sealed class ParsingServiceMethodProvider<[DynamicallyAccessedMembers(ServiceAccessibility)] TService>(IServiceProvider services) : IServiceMethodProvider<TService>
    where TService : class
{
    private const DynamicallyAccessedMemberTypes ServiceAccessibility = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = FindBindMethod(typeof(TService));
        if (bind is null)
        {
            foreach (var provider in RequestParsingServiceCollectionExtensions.GrpcMethodProviders)
            {
                ((IServiceMethodProvider<TService>)ActivatorUtilities.CreateInstance(services, provider.MakeGenericType(typeof(TService)))).OnServiceMethodDiscovery(context);
            }

            return;
        }

        var binder = new Binder(context, bind.GetParameters()[1].ParameterType);
        try
        {
            bind.Invoke(null, [binder, null]);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", e);
        }
    }

    /// <summary>The generated <c>BindService(ServiceBinderBase, TServiceBase)</c> named by <see cref="BindServiceMethodAttribute"/> on the service's base types.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Generated bind methods are public and static on the type the attribute names.")]
    private static MethodInfo? FindBindMethod(Type serviceType)
    {
        for (Type? type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } attribute)
            {
                return attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, null, [typeof(ServiceBinderBase), type], null);
            }
        }

        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
            context.AddUnaryMethod(RequestParsing.Wrap(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
            context.AddClientStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddServerStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddDuplexStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
        }

        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, Type[] parameters)
            where TDelegate : Delegate
        {
            var handler = FindHandler(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            // Service attributes first (lower priority), then the method's; POST, accepting CORS preflight, as grpc-dotnet does.
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        /// <summary>The public override of the generated base's virtual method (a method hiding it with <c>new</c> is skipped).</summary>
        private MethodInfo? FindHandler(string name, Type[] parameters)
        {
            for (Type? type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (method is null)
                {
                    return null;
                }

                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return method;
                }
            }

            return null;
        }
    }
}

/// <summary>Registers <see cref="ParsingServiceMethodProvider{TService}"/> in place of grpc-dotnet's method providers.</summary>
/// <remarks>
/// grpc-dotnet offers no public hook on the request marshaller of a generated service (it
/// deserializes before the interceptors run), so its own method providers are replaced. They are
/// found without naming them: whatever open-generic <see cref="IServiceMethodProvider{TService}"/>
/// types <c>AddGrpc()</c> registers, learnt by running <c>AddGrpc()</c> on an empty collection
/// (2.85: a binder of generated services and one of service definitions); the parsing provider binds
/// generated services itself and hands every other service to them. Other providers (JSON
/// transcoding's) stay. <c>RequestParsingGuardTests</c> fails, naming what changed, when a grpc-dotnet
/// upgrade maps a service differently from its own providers or registers none.
/// </remarks>
internal static class RequestParsingServiceCollectionExtensions
{
    private static readonly Lazy<IReadOnlySet<Type>> s_grpcProviders = new(() =>
        new ServiceCollection().AddGrpc().Services.Where(IsOpenMethodProvider).Select(d => d.ImplementationType).OfType<Type>().ToHashSet());

    /// <summary>The open-generic method providers grpc-dotnet's <c>AddGrpc()</c> registers (its binder of generated services).</summary>
    internal static IReadOnlySet<Type> GrpcMethodProviders => s_grpcProviders.Value;

    /// <summary>
    /// After <c>AddGrpc()</c>: every service mapped with <c>MapGrpcService&lt;T&gt;()</c> (ours, health,
    /// reflection) answers a request it cannot parse with INVALID_ARGUMENT. Fails at start-up, saying
    /// why, if grpc-dotnet's provider is not registered as a type (a changed grpc-dotnet), instead of
    /// mapping every method twice.
    /// </summary>
    public static IServiceCollection AddRequestParsingErrors(this IServiceCollection services)
    {
        if (services.Any(d => IsOpenMethodProvider(d) && d.ImplementationType == typeof(ParsingServiceMethodProvider<>)))
        {
            return services;
        }

        if (GrpcMethodProviders.Count == 0)
        {
            throw new InvalidOperationException("AddGrpc() registers no method provider type this server can replace (grpc-dotnet changed how it binds services): requests that cannot be parsed would answer UNKNOWN. See RequestParsingGuardTests.");
        }

        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (IsOpenMethodProvider(services[i]) && services[i].ImplementationType is { } type && GrpcMethodProviders.Contains(type))
            {
                services.RemoveAt(i);
                index = i;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException("grpc-dotnet's method provider is not registered: call AddGrpc() before AddRequestParsingErrors().");
        }

        services.Insert(index, ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(ParsingServiceMethodProvider<>)));
        return services;
    }

    /// <summary>
    /// Throws if one of grpc-dotnet's method providers came back (an <c>AddGrpc()</c> after <see cref="AddRequestParsingErrors"/>):
    /// the methods would be mapped twice and requests fail with ambiguous routes.
    /// </summary>
    public static void EnsureOnlyParsingProvider<TService>(IServiceProvider services)
        where TService : class
    {
        if (services.GetServices<IServiceMethodProvider<TService>>().FirstOrDefault(p => p.GetType() is { IsGenericType: true } t && GrpcMethodProviders.Contains(t.GetGenericTypeDefinition())) is { } again)
        {
            throw new InvalidOperationException($"{again.GetType().GetGenericTypeDefinition().FullName} is registered again (AddGrpc() after AddAggregatorServer()?): every method would be mapped twice.");
        }
    }

    private static bool IsOpenMethodProvider(ServiceDescriptor d) => d.ServiceType == typeof(IServiceMethodProvider<>) && !d.IsKeyedService;
}

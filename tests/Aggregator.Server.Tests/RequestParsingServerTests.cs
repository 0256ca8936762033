using Aggregator.Contracts.V1;
using Aggregator.Security;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>
/// Requests the protobuf parser refuses (sent with a byte[] marshaller) fail with INVALID_ARGUMENT
/// saying why, on every RPC of the four services, unary and streaming, and on health; each method
/// is still mapped once, with its authorization.
/// </summary>
[Collection("garnet-server-e2e")]
public sealed class RequestParsingServerTests(GarnetServerFixture fixture)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] s_services =
        [SubmissionService.Descriptor, QueryService.Descriptor, StatusService.Descriptor, RegistryService.Descriptor];

    private static readonly Marshaller<byte[]> s_raw = Marshallers.Create(b => b, b => b);

    [Fact]
    public async Task EveryRpc_GarbageAndInvalidUtf8_InvalidArgumentSayingWhy()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var options = fixture.As("42", Roles.Admin);
        var failures = new List<string>();
        var methods = s_services.SelectMany(s => s.Methods).ToList();
        var utf8Cases = 0;
        foreach (var m in methods)
        {
            var (code, detail, fields) = await CallAsync(invoker, m, [0x0F, 0x00], options);
            var expected = $"The request message ({m.InputType.FullName}) could not be parsed: malformed protobuf: ";
            if (code != StatusCode.InvalidArgument || !detail.StartsWith(expected, StringComparison.Ordinal))
            {
                failures.Add($"{m.FullName} garbage: {code} {detail}");
            }

            if (m.InputType.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String && !f.IsRepeated && f.FieldNumber < 16) is { } field)
            {
                utf8Cases++;
                (code, detail, fields) = await CallAsync(invoker, m, [(byte)((field.FieldNumber << 3) | 2), 2, 0x61, 0xFF], options);
                if (code != StatusCode.InvalidArgument || !detail.Contains("could not be parsed: invalid UTF-8 in a string field (" + field.Name + ")", StringComparison.Ordinal)
                    || !fields.SequenceEqual([field.Name]))
                {
                    failures.Add($"{m.FullName} invalid UTF-8 in {field.Name}: {code} {detail} [{string.Join(",", fields)}]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(15, methods.Count);
        Assert.True(utf8Cases >= 12, utf8Cases + " methods with a string field");
    }

    [Fact]
    public async Task HealthAndReflection_InvalidUtf8_InvalidArgument()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));

        var (code, detail, fields) = await CallAsync(invoker, Grpc.Health.V1.Health.Descriptor.FindMethodByName("Check"), [0x0A, 0x01, 0xFF], options);
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Contains("(grpc.health.v1.HealthCheckRequest) could not be parsed: invalid UTF-8 in a string field (service)", detail, StringComparison.Ordinal);
        Assert.Equal(["service"], fields);

        // ServerReflectionRequest.host (field 1) is a string.
        (code, detail, _) = await CallAsync(invoker, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.FindMethodByName("ServerReflectionInfo"), [0x0A, 0x01, 0xFF], options);
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Contains("could not be parsed: invalid UTF-8 in a string field (host)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRpc_MappedOnceWithAuthorization()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var m in s_services.SelectMany(s => s.Methods))
        {
            var mapped = endpoints.Where(e => e.RoutePattern.RawText == "/" + m.Service.FullName + "/" + m.Name).ToList();
            Assert.True(mapped.Count == 1, $"{m.FullName}: {mapped.Count} endpoints");
            Assert.NotNull(mapped[0].Metadata.GetMetadata<IAuthorizeData>());
        }
    }

    internal static async Task<(StatusCode Code, string Detail, string[] Fields)> CallAsync(CallInvoker invoker, MethodDescriptor m, byte[] body, CallOptions options)
    {
        var type = (m.IsClientStreaming, m.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, m.Service.FullName, m.Name, s_raw, s_raw);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, body);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, body))
                    {
                        await call.ResponseStream.MoveNext();
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.WriteAsync(body);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.WriteAsync(body);
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext();
                    }

                    break;
            }

            return (StatusCode.OK, "", []);
        }
        catch (RpcException e)
        {
            var fields = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToArray() ?? [];
            return (e.StatusCode, e.Status.Detail, fields);
        }
    }
}

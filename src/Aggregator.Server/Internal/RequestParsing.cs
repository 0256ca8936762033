using System.Buffers;
using System.Reflection;
using System.Text.Unicode;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// Request marshallers whose parse failures are the caller's fault: bytes that are not valid
/// protobuf, or a <c>string</c> field that is not valid UTF-8, become
/// <c>INVALID_ARGUMENT "The request message (type) could not be parsed: …"</c> instead of
/// grpc-dotnet's <c>UNKNOWN "Exception was thrown by handler."</c>; a parsed message holding an enum
/// value its proto does not define is refused too (<see cref="UnknownEnumValues"/>).
/// </summary>
/// <remarks>
/// grpc-dotnet deserializes a unary or server-streaming request before the handler and the
/// interceptors run, and a streamed request inside <c>MoveNext</c>; an <see cref="RpcException"/>
/// thrown by the deserializer becomes the call's status in both cases. An invalid UTF-8 string is
/// located by a second walk over the bytes (only after the parser failed) and named in a
/// <c>google.rpc.BadRequest</c> field violation, e.g. <c>report.overview.introduction</c>.
/// </remarks>
internal static class RequestParsing
{
    /// <summary>The method with its request marshaller wrapped; everything else (names, type, response marshaller) as generated.</summary>
    public static Method<TRequest, TResponse> Wrap<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class =>
        new(method.Type, method.ServiceName, method.Name,
            Wrap(method.RequestMarshaller, checkEnums: method.Type is MethodType.Unary or MethodType.ServerStreaming), method.ResponseMarshaller);

    private static Marshaller<T> Wrap<T>(Marshaller<T> inner, bool checkEnums)
    {
        var deserialize = inner.ContextualDeserializer;
        var descriptor = typeof(T).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor;
        var name = descriptor?.FullName ?? typeof(T).Name;
        return new Marshaller<T>(inner.ContextualSerializer, context =>
        {
            T message;
            try
            {
                message = deserialize(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw ParseFailure(name, descriptor, context, e);
            }

            if (checkEnums && message is IMessage parsed)
            {
                UnknownEnumValues.ThrowIfAny(parsed);
            }

            return message;
        });
    }

    /// <summary>INVALID_ARGUMENT for a request the protobuf parser refused; names the string field when the cause is invalid UTF-8.</summary>
    internal static RpcException ParseFailure(string messageName, MessageDescriptor? descriptor, DeserializationContext context, InvalidProtocolBufferException e)
    {
        var field = descriptor is null ? null : FindInvalidUtf8(context.PayloadAsReadOnlySequence().ToArray(), descriptor, "", 0);
        var utf8 = field is not null || IsUtf8Failure(e);
        var reason = utf8
            ? "invalid UTF-8 in a string field" + (field is null ? "" : " (" + field + ")")
            : "malformed protobuf: " + e.Message;
        var message = "The request message (" + messageName + ") could not be parsed: " + reason;
        if (field is null)
        {
            return new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, message));
        }

        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        status.Details.Add(Any.Pack(new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = "not valid UTF-8 (" + e.Message + ")" } },
        }));
        return status.ToRpcException();
    }

    private static bool IsUtf8Failure(InvalidProtocolBufferException e) =>
        e.InnerException is System.Text.DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The path (<c>report.overview.breakdown.categories[0].name</c>) of the first string field whose
    /// bytes are not valid UTF-8, following the descriptor through nested messages; null when there is
    /// none or the bytes are too malformed to walk.
    /// </summary>
    internal static string? FindInvalidUtf8(ReadOnlySpan<byte> data, MessageDescriptor descriptor, string prefix, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        Dictionary<int, int>? indexes = null;
        var pos = 0;
        while (pos < data.Length)
        {
            if (!TryVarint(data, ref pos, out var tag) || tag >> 3 == 0)
            {
                return null;
            }

            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(data, ref pos, out _))
                    {
                        return null;
                    }

                    break;
                case 1:
                    pos += 8;
                    break;
                case 5:
                    pos += 4;
                    break;
                case 2:
                    if (!TryVarint(data, ref pos, out var length) || length > (ulong)(data.Length - pos))
                    {
                        return null;
                    }

                    var payload = data.Slice(pos, (int)length);
                    pos += (int)length;
                    var field = descriptor.FindFieldByNumber((int)(tag >> 3));
                    if (field is null || field.FieldType is not (FieldType.String or FieldType.Message))
                    {
                        break;
                    }

                    var path = prefix + field.Name;
                    if (field.IsRepeated)
                    {
                        indexes ??= [];
                        var index = indexes.GetValueOrDefault(field.FieldNumber);
                        indexes[field.FieldNumber] = index + 1;
                        path += "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                    }

                    if (field.FieldType == FieldType.String)
                    {
                        if (!Utf8.IsValid(payload))
                        {
                            return path;
                        }
                    }
                    else if (FindInvalidUtf8(payload, field.MessageType, path + ".", depth + 1) is { } nested)
                    {
                        return nested;
                    }

                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && pos < data.Length; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}

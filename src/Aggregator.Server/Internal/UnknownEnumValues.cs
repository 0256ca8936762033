using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// Refuses a request that carries an enum value its proto does not define (proto3 enums are open:
/// the parser keeps <c>VersionPolicy = 7</c> as the number 7). Run by the request marshaller right
/// after parsing (see <see cref="RequestParsing"/>) for every unary and server-streaming RPC, before
/// any handler, authorization or store access: an unknown value can never reach a cache key or a
/// <c>switch</c> that treats it as a default. A message of a client stream (SubmitStream,
/// BackfillStream) is checked by its handler instead and refused on its own, so one bad message
/// does not end the stream and lose the acknowledgements of the others.
/// </summary>
/// <remarks>
/// The answer is <c>INVALID_ARGUMENT "The request field 'policy' has the unknown value 7
/// (aggregator.v1.VersionPolicy)."</c> with a <c>google.rpc.BadRequest</c> field violation naming the
/// field by its proto path (<c>report.format</c>, <c>requests[2].policy</c>). Only fields that are
/// enums, or messages that contain one somewhere below, are visited (computed once per message
/// type), so a report with hundreds of numeric fields costs a few field reads.
/// </remarks>
internal static class UnknownEnumValues
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> s_enumBearing = new();

    /// <summary>Throws INVALID_ARGUMENT naming the first field of <paramref name="message"/> holding an undefined enum value.</summary>
    public static void ThrowIfAny(IMessage message)
    {
        if (Find(message, "", 0) is { } found)
        {
            throw Failure(found.Path, found.Value, found.Enum);
        }
    }

    /// <summary>The path, value and enum of the first undefined enum value, or null.</summary>
    internal static (string Path, int Value, EnumDescriptor Enum)? Find(IMessage message, string prefix, int depth)
    {
        if (depth > 64)
        {
            return null;
        }

        foreach (var field in FieldsOf(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            var path = prefix + field.Name;
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    var entryPath = path + "[" + Convert.ToString(entry.Key, CultureInfo.InvariantCulture) + "]";
                    if (Check(valueField, entry.Value, entryPath, depth) is { } found)
                    {
                        return found;
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)value)
                {
                    if (Check(field, item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", depth) is { } found)
                    {
                        return found;
                    }

                    index++;
                }
            }
            else if (Check(field, value, path, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static (string Path, int Value, EnumDescriptor Enum)? Check(FieldDescriptor field, object? value, string path, int depth)
    {
        if (value is null)
        {
            return null;
        }

        if (field.FieldType == FieldType.Enum)
        {
            var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
            return field.EnumType.FindValueByNumber(number) is null ? (path, number, field.EnumType) : null;
        }

        return value is IMessage nested ? Find(nested, path + ".", depth + 1) : null;
    }

    /// <summary>The fields of <paramref name="descriptor"/> that are enums or can contain one.</summary>
    private static FieldDescriptor[] FieldsOf(MessageDescriptor descriptor) =>
        s_enumBearing.GetOrAdd(descriptor, d => [.. d.Fields.InFieldNumberOrder().Where(f => CanHoldEnum(f, []))]);

    /// <param name="path">The message types being looked into (a recursive type ends there).</param>
    private static bool CanHoldEnum(FieldDescriptor field, HashSet<MessageDescriptor> path)
    {
        if (field.FieldType == FieldType.Enum)
        {
            return true;
        }

        if (field.FieldType != FieldType.Message || !path.Add(field.MessageType))
        {
            return false;
        }

        var any = field.MessageType.Fields.InFieldNumberOrder().Any(f => CanHoldEnum(f, path));
        path.Remove(field.MessageType);
        return any;
    }

    /// <summary>The message naming the field, e.g. <c>The request field 'policy' has the unknown value 7 (aggregator.v1.VersionPolicy); nothing was read or stored.</c></summary>
    public static string Describe(string path, int value, EnumDescriptor enumType) =>
        string.Create(CultureInfo.InvariantCulture, $"The request field '{path}' has the unknown value {value} ({enumType.FullName}); nothing was read or stored.");

    private static RpcException Failure(string path, int value, EnumDescriptor enumType)
    {
        var known = string.Join(", ", enumType.Values.Select(v => v.Name + " = " + v.Number.ToString(CultureInfo.InvariantCulture)));
        var message = Describe(path, value, enumType);
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        status.Details.Add(Any.Pack(new BadRequest
        {
            FieldViolations =
            {
                new BadRequest.Types.FieldViolation { Field = path, Description = "unknown value " + value.ToString(CultureInfo.InvariantCulture) + "; known values: " + known },
            },
        }));
        return status.ToRpcException();
    }
}

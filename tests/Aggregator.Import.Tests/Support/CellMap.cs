using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Aggregator.Import.Tests.Support;

/// <summary>
/// Flattens a message into "path → value" for every field that is set (presence-aware: an unset
/// optional field has no entry, a reported 0 has one). Used to compare reports cell by cell.
/// </summary>
internal static class CellMap
{
    public static SortedDictionary<string, string> Of(IMessage? message, string prefix = "")
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (message is not null)
        {
            Add(map, message, prefix);
        }

        return map;
    }

    private static void Add(SortedDictionary<string, string> map, IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (System.Collections.IEnumerable)field.Accessor.GetValue(message))
                {
                    if (item is IMessage m)
                    {
                        Add(map, m, $"{path}[{i}]");
                    }
                    else
                    {
                        map[$"{path}[{i}]"] = Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }

                    i++;
                }

                continue;
            }

            if (field.FieldType == FieldType.Message)
            {
                if (field.Accessor.GetValue(message) is IMessage child)
                {
                    if (child.Descriptor.FullName == "aggregator.v1.Decimal")
                    {
                        map[path] = (string)child.Descriptor.FindFieldByName("value").Accessor.GetValue(child);
                    }
                    else
                    {
                        Add(map, child, path);
                    }
                }

                continue;
            }

            if (field.HasPresence ? field.Accessor.HasValue(message) : !IsDefault(field.Accessor.GetValue(message)))
            {
                map[path] = Convert.ToString(field.Accessor.GetValue(message), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
        }
    }

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        int i => i == 0,
        long l => l == 0,
        bool b => !b,
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
        _ => false,
    };
}

using System.Text;

namespace Aggregator.Export.Tests;

/// <summary>A small, strict RFC 4180 reader for the tests (CRLF records, quoted fields).</summary>
internal static class Csv
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Parses UTF-8 bytes that must start with a BOM.</summary>
    public static List<string[]> Parse(byte[] content)
    {
        Assert.True(content.AsSpan().StartsWith(Bom), "CSV must start with the UTF-8 BOM");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content, 3, content.Length - 3);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i >= text.Length || text[i] is ',' or '\r', $"garbage after a quoted field at {i}");
            }
            else if (text[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "records end with CRLF");
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]);
                Assert.NotEqual('"', text[i]);
                field.Append(text[i++]);
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0, "the last record ends with CRLF");
        return records;
    }

    /// <summary>The rows under a title line, up to the next title line (a one-field record).</summary>
    public static List<string[]> Section(List<string[]> records, string title)
    {
        var start = records.FindIndex(r => r.Length == 1 && r[0] == title);
        Assert.True(start >= 0, $"no section titled {title}");
        return [.. records.Skip(start + 1).TakeWhile(r => r.Length > 1)];
    }
}

using Aggregator.Contracts.V1;

namespace Aggregator.Import.Tests.Support;

internal static class ImportAssert
{
    public static Report Succeeded(ImportResult result)
    {
        Assert.True(
            result.Errors.Count == 0,
            "Unexpected import errors:\n" + string.Join("\n", result.Errors.Select(e => e.MessageEn)));
        Assert.NotNull(result.Report);
        Assert.True(result.Success);
        return result.Report!;
    }

    public static ImportError Failed(ImportResult result, string section)
    {
        Assert.Null(result.Report);
        Assert.False(result.Success);
        Assert.NotEmpty(result.Errors);
        var error = result.Errors.FirstOrDefault(e => e.Section == section);
        Assert.True(error is not null, $"No error for section {section}; errors: " + string.Join("\n", result.Errors.Select(e => e.MessageEn)));
        Assert.False(string.IsNullOrWhiteSpace(error!.Expected));
        Assert.False(string.IsNullOrWhiteSpace(error.Found));
        if (section != "document")
        {
            Assert.Contains(section, error.MessageZh, StringComparison.Ordinal);
        }

        Assert.Contains(section, error.MessageEn, StringComparison.OrdinalIgnoreCase);
        return error;
    }

    /// <summary>Asserts every cell of <paramref name="actual"/> equals <paramref name="expected"/>: same set cells, same values.</summary>
    public static void SameCells(Google.Protobuf.IMessage? expected, Google.Protobuf.IMessage? actual)
    {
        var e = CellMap.Of(expected);
        var a = CellMap.Of(actual);
        var diff = e.Keys.Union(a.Keys)
            .Where(k => !e.TryGetValue(k, out var ev) || !a.TryGetValue(k, out var av) || ev != av)
            .Select(k => $"{k}: expected {(e.TryGetValue(k, out var x) ? x : "<unset>")}, got {(a.TryGetValue(k, out var y) ? y : "<unset>")}")
            .ToList();
        Assert.True(diff.Count == 0, "Cells differ:\n" + string.Join("\n", diff));
    }
}

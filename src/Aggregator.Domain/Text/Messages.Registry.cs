namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>Notes on region changes (区划调整) shown with a past year's figures of a renamed, merged or split unit.</summary>
    public static class Registry
    {
        /// <summary>The unit was <paramref name="from"/> until the year before <paramref name="year"/>.</summary>
        public static LocalizedText Renamed(string from, string to, int year) => new(
            $"{year - 1} 年及以前为{from}({year} 年更名为{to})",
            $"Until {year - 1}: \"{from}\" (renamed \"{to}\" in {year})");

        /// <summary>
        /// The figures until the year before <paramref name="year"/> are the sum of <paramref name="parts"/>
        /// (the predecessors merged into <paramref name="into"/>, and <paramref name="into"/> itself when it existed).
        /// </summary>
        public static LocalizedText Merged(IReadOnlyList<string> parts, string into, int year) => parts.Count == 1
            ? new(
                $"{year - 1} 年及以前为{parts[0]}({year} 年并入{into})",
                $"Until {year - 1}: \"{parts[0]}\" (merged into \"{into}\" in {year})")
            : new(
                $"{year - 1} 年及以前为{string.Join("、", parts)}之和({year} 年合并为{into})",
                $"Until {year - 1}: the sum of {string.Join(", ", parts.Select(p => $"\"{p}\""))} (merged into \"{into}\" in {year})");

        /// <summary>The unit was split off <paramref name="from"/>: no figures before <paramref name="year"/>.</summary>
        public static LocalizedText Split(string unit, string from, int year) => new(
            $"{unit}于 {year} 年自{from}析出设立,数据自 {year} 年起",
            $"\"{unit}\" was split off \"{from}\" in {year}; its series starts in {year}");

        /// <summary>The unit is not in the registry of <paramref name="year"/> (and has no predecessor then).</summary>
        public static LocalizedText NotAUnit(string unit, int year) => new(
            $"{unit}在 {year} 年不是报送单位",
            $"\"{unit}\" was not a reporting unit in {year}");
    }
}

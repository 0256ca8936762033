namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>The CLI's table headers and summaries shared by several commands.</summary>
    public static class Cli
    {
        public static LocalizedText Rule => new("规则", "Rule");

        public static LocalizedText Severity => new("级别", "Severity");

        public static LocalizedText Cells => new("单元格", "Cells");

        public static LocalizedText Reported => new("填报值", "Reported");

        public static LocalizedText Computed => new("计算值", "Computed");

        public static LocalizedText Message => new("说明", "Message");

        public static LocalizedText FoundAt => new("发现时间", "Found at");

        public static LocalizedText Where => new("位置", "Where");

        public static LocalizedText CellsNotReported => new("未填报的单元格", "Cells not reported");

        public static LocalizedText RulesNotAssessable => new("无法核验的规则", "Rules not assessable");

        public static LocalizedText Section => new("部分", "Section");

        public static LocalizedText WholeDocument => new("文档", "document");

        public static LocalizedText Line => new("行", "Line");

        public static LocalizedText Expected => new("应为", "Expected");

        public static LocalizedText Found => new("实际", "Found");

        public static LocalizedText CellOrField => new("单元格/字段", "Cell / field");

        public static LocalizedText Violations => new("校验问题", "Violations");

        public static LocalizedText Error => new("错误", "error");

        public static LocalizedText Warning => new("警告", "warning");

        public static LocalizedText Note(LocalizedText note) => new($"说明:{note.Zh}", $"note: {note.En}");
    }
}

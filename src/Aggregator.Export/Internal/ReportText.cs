using Aggregator.Domain;
using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>
/// The six section headings of the national format and the narrative parts of 一, 五 and 六 with
/// their printed labels, for the XLSX template and the Word export. Field ids are those of
/// <see cref="Narratives.All"/>.
/// </summary>
internal static class ReportText
{
    public const string Heading1 = "一、总体情况";
    public const string Heading5 = "五、存在的主要问题及改进情况";
    public const string Heading6 = "六、其他需要报告的事项";

    /// <summary>The six headings in order (二..四 are the national tables' titles).</summary>
    public static IReadOnlyList<string> Headings { get; } =
        [Heading1, NationalTables.Title2, NationalTables.Title3, NationalTables.Title4, Heading5, Heading6];

    /// <summary>A narrative part: its field id, printed label (empty: printed without one) and text.</summary>
    internal sealed record Part(string Field, string Label, Func<Narratives, string> Text);

    public static IReadOnlyList<Part> Overview { get; } =
    [
        new("s1.introduction", "", n => n.Introduction),
        new("s1.proactive_disclosure", "(一)主动公开", n => n.ProactiveDisclosure),
        new("s1.disclosure_on_request", "(二)依申请公开", n => n.DisclosureOnRequest),
        new("s1.information_management", "(三)政府信息管理", n => n.InformationManagement),
        new("s1.platform_construction", "(四)平台建设", n => n.PlatformConstruction),
        new("s1.supervision", "(五)监督保障", n => n.Supervision),
    ];

    public static IReadOnlyList<Part> Problems { get; } =
    [
        new("s5.problems", "(一)存在的主要问题", n => n.Problems),
        new("s5.improvements", "(二)改进情况", n => n.Improvements),
    ];

    public static IReadOnlyList<Part> Other { get; } =
    [
        new("s6.text", "", n => n.OtherMatters),
    ];

    /// <summary>The label of a narrative part in the template (the introduction has none in print).</summary>
    public static string TemplateLabel(Part part) => part.Label.Length > 0 ? part.Label : part.Field switch
    {
        "s1.introduction" => "总体情况概述",
        "s6.text" => "其他需要报告的事项",
        _ => part.Field,
    };

    /// <summary>The structured figures of a section outside the tables (一: stated total; 六: fees, proposals, key areas).</summary>
    public static IReadOnlyList<CellDefinition> Figures(Sections section, ReportFormat format) =>
        [.. CellCatalog.ForFormat(format).Where(c => c.Section == section)];
}

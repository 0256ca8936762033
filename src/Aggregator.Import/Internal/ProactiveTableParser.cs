using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Finding = Aggregator.Domain.Rules.Finding;
using M = Aggregator.Domain.Text.Messages.Import;
using ProtoDecimal = Aggregator.Contracts.V1.Decimal;

namespace Aggregator.Import.Internal;

/// <summary>
/// Table 二 (proactive disclosure), 2021 or 2019 format. Rows are found by their labels; each row
/// has a known number of figures in a known column order. Header rows give the money unit when
/// they state one (本年收费金额(单位:万元), 采购总金额(元)); a unit written in the cell wins.
/// </summary>
internal static class ProactiveTableParser
{
    private const int Section = 2;

    private enum Row
    {
        Regulations,
        NormativeDocuments,
        Licensing,
        OtherServices,
        Penalty,
        Coercion,
        Fees,
        Procurement,
    }

    private static readonly Dictionary<Row, string> s_labels = new()
    {
        [Row.Regulations] = "规章",
        [Row.NormativeDocuments] = "(行政)规范性文件",
        [Row.Licensing] = "行政许可",
        [Row.OtherServices] = "其他对外管理服务事项",
        [Row.Penalty] = "行政处罚",
        [Row.Coercion] = "行政强制",
        [Row.Fees] = "行政事业性收费",
        [Row.Procurement] = "政府集中采购",
    };

    /// <summary>The row labels as the national templates print them (2021, 2019).</summary>
    private static string National(Row row, bool is2019) => row switch
    {
        Row.NormativeDocuments => is2019 ? "规范性文件" : "行政规范性文件",
        _ => s_labels[row],
    };

    /// <summary>The first cell of a row, the anchor of its <see cref="Aggregator.Domain.Rules.RuleCatalog.RowLabel"/> warning.</summary>
    private static string CellOf(Row row, bool is2019) => (row, is2019) switch
    {
        (Row.Regulations, false) => "s2.regulations.issued",
        (Row.NormativeDocuments, false) => "s2.normative_documents.issued",
        (Row.Regulations, true) => "s2.regulations.made",
        (Row.NormativeDocuments, true) => "s2.normative_documents.made",
        (Row.Licensing, false) => "s2.administrative_licensing.decisions",
        (Row.Penalty, false) => "s2.administrative_penalty.decisions",
        (Row.Coercion, false) => "s2.administrative_coercion.decisions",
        (Row.Fees, false) => "s2.administrative_fees.amount",
        (Row.Licensing, true) => "s2.administrative_licensing.previous_items",
        (Row.OtherServices, true) => "s2.other_management_services.previous_items",
        (Row.Penalty, true) => "s2.administrative_penalty.previous_items",
        (Row.Coercion, true) => "s2.administrative_coercion.previous_items",
        (Row.Fees, true) => "s2.administrative_fees.previous_items",
        _ => "s2.government_procurement.items",
    };

    /// <summary>Whether table 二 uses the 2019 headings (true), the 2021 headings (false), or neither (null).</summary>
    public static bool? Is2019(IReadOnlyList<TableBlock> tables)
    {
        var text = string.Concat(tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells).Select(c => TextNormalizer.Compact(c.Text)));
        if (ContentRecognizer.ContainsAny(text, "本年新制作", "本年新公开", "对外公开总数", "上一年项目数量", "政府集中采购", "其他对外管理服务"))
        {
            return true;
        }

        if (ContentRecognizer.ContainsAny(text, "本年制发", "本年废止", "现行有效", "本年收费金额", "本年处理决定"))
        {
            return false;
        }

        return null;
    }

    public static ProactiveDisclosure? Parse2021(IReadOnlyList<TableBlock> tables, ErrorSink errors, List<Finding> findings)
    {
        var result = new ProactiveDisclosure();
        var required = new[] { Row.Regulations, Row.NormativeDocuments, Row.Licensing, Row.Penalty, Row.Coercion, Row.Fees };
        var ok = Walk(tables, errors, findings, required, is2019: false, (row, figures, feeUnit, _, location) =>
        {
            switch (row)
            {
                case Row.Regulations or Row.NormativeDocuments:
                    var counts = new DocumentCounts();
                    Count(figures[0], v => counts.Issued = v, "本年制发件数");
                    Count(figures[1], v => counts.Repealed = v, "本年废止件数");
                    Count(figures[2], v => counts.InForce = v, "现行有效件数");
                    if (row == Row.Regulations)
                    {
                        result.Regulations = counts;
                    }
                    else
                    {
                        result.NormativeDocuments = counts;
                    }

                    break;
                case Row.Licensing:
                    Count(figures[0], v => result.AdministrativeLicensingDecisions = v, "行政许可·本年处理决定数量");
                    break;
                case Row.Penalty:
                    Count(figures[0], v => result.AdministrativePenaltyDecisions = v, "行政处罚·本年处理决定数量");
                    break;
                case Row.Coercion:
                    Count(figures[0], v => result.AdministrativeCoercionDecisions = v, "行政强制·本年处理决定数量");
                    break;
                case Row.Fees:
                    ReadMoney(errors, location, figures[0], feeUnit, MoneyUnit.TenThousandYuan, v => result.AdministrativeFeesAmount = v, "行政事业性收费·本年收费金额");
                    break;
            }

            void Count(string raw, Action<long> set, string column) => ReadCount(errors, location, raw, set, column);
        });
        return ok ? result : null;
    }

    public static ProactiveDisclosure2019? Parse2019(IReadOnlyList<TableBlock> tables, ErrorSink errors, List<Finding> findings)
    {
        var result = new ProactiveDisclosure2019();
        var required = Enum.GetValues<Row>();
        var ok = Walk(tables, errors, findings, required, is2019: true, (row, figures, _, procurementUnit, location) =>
        {
            switch (row)
            {
                case Row.Regulations or Row.NormativeDocuments:
                    var counts = new DocumentCounts2019();
                    Count(figures[0], v => counts.Made = v, "本年新制作数量");
                    Count(figures[1], v => counts.Published = v, "本年新公开数量");
                    Count(figures[2], v => counts.TotalPublished = v, "对外公开总数量");
                    if (row == Row.Regulations)
                    {
                        result.Regulations = counts;
                    }
                    else
                    {
                        result.NormativeDocuments = counts;
                    }

                    break;
                case Row.Procurement:
                    Count(figures[0], v => result.GovernmentProcurementItems = v, "采购项目数量");
                    ReadMoney(errors, location, figures[1], procurementUnit, MoneyUnit.Yuan, v => result.GovernmentProcurementAmountYuan = v, "政府集中采购·采购总金额");
                    break;
                default:
                    var items = new ItemCounts2019();
                    var label = s_labels[row];
                    Count(figures[0], v => items.PreviousItems = v, $"{label}·上一年项目数量");
                    Count(figures[1], v => items.Change = v, $"{label}·本年增/减");
                    if (row != Row.Fees)
                    {
                        Count(figures[2], v => items.Decisions = v, $"{label}·处理决定数量");
                    }

                    switch (row)
                    {
                        case Row.Licensing: result.AdministrativeLicensing = items; break;
                        case Row.OtherServices: result.OtherManagementServices = items; break;
                        case Row.Penalty: result.AdministrativePenalty = items; break;
                        case Row.Coercion: result.AdministrativeCoercion = items; break;
                        default: result.AdministrativeFees = items; break;
                    }

                    break;
            }

            void Count(string raw, Action<long> set, string column) => ReadCount(errors, location, raw, set, column);
        });
        return ok ? result : null;
    }

    /// <summary>A count cell: set when a value, nothing when not reported, an error naming the column when not a number.</summary>
    private static void ReadCount(ErrorSink errors, SourceLocation location, string raw, Action<long> set, string column)
    {
        var cell = CellParser.ParseCount(raw);
        if (cell.Kind == CellKind.Invalid)
        {
            errors.NonNumeric(Section, location, column, cell.Raw);
        }
        else if (cell.Kind == CellKind.Value)
        {
            set(cell.Value);
        }
    }

    /// <summary>A money cell converted exactly to <paramref name="target"/>, with the same three outcomes.</summary>
    private static void ReadMoney(ErrorSink errors, SourceLocation location, string raw, MoneyUnit printed, MoneyUnit target, Action<ProtoDecimal> set, string column)
    {
        var amount = CellParser.ParseMoney(raw, printed, target);
        if (amount.Kind == CellKind.Invalid)
        {
            errors.NonNumeric(Section, location, column, amount.Raw, money: true);
        }
        else if (amount.Kind == CellKind.Value)
        {
            set(new ProtoDecimal { Value = amount.Value });
        }
    }

    private static int FigureCount(Row row, bool is2019) => (row, is2019) switch
    {
        (Row.Regulations or Row.NormativeDocuments, _) => 3,
        (Row.Fees or Row.Procurement, true) => 2,
        (_, true) => 3,
        _ => 1,
    };

    private delegate void RowHandler(Row row, IReadOnlyList<string> figures, MoneyUnit feeUnit, MoneyUnit procurementUnit, SourceLocation location);

    private static bool Walk(IReadOnlyList<TableBlock> tables, ErrorSink errors, List<Finding> findings, IReadOnlyList<Row> required, bool is2019, RowHandler handle)
    {
        var errorCount = errors.Errors.Count;
        var findingCount = findings.Count;
        var feeUnit = MoneyUnit.TenThousandYuan;
        var procurementUnit = MoneyUnit.Yuan;
        var found = new Dictionary<Row, SourceLocation>();
        foreach (var sourceRow in tables.SelectMany(t => t.Rows))
        {
            var shape = RowShape.Of(sourceRow);
            if (shape.LastLabel is null)
            {
                if (!shape.HasNoValues)
                {
                    errors.Add(Section, shape.Location, M.RowLabelBefore("规章、行政许可"), LocalizedText.Verbatim(string.Join(" | ", shape.Figures)), M.RowWithoutLabel);
                }

                continue;
            }

            var row = Map(RowLabels.Simplified(shape.LastLabel)) ?? (shape.HasNoValues ? null : PlaceBySimilarity(shape, required, found.Keys, is2019));
            if (row is null)
            {
                if (shape.HasNoValues)
                {
                    var header = string.Concat(shape.ContextLabels) + shape.LastLabel;
                    if (header.Contains("收费金额", StringComparison.Ordinal))
                    {
                        feeUnit = UnitOf(header) ?? feeUnit;
                    }

                    if (header.Contains("采购总金额", StringComparison.Ordinal))
                    {
                        procurementUnit = UnitOf(header) ?? procurementUnit;
                    }
                }
                else
                {
                    errors.Add(Section, shape.Location, M.RowLabelOfTable(ContentRecognizer.SectionNames[Section], "规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费……"), M.Quoted(shape.LastLabel), M.UnknownRowLabel);
                }

                continue;
            }

            if (!required.Contains(row.Value))
            {
                errors.Add(Section, shape.Location, M.RowOf2021Format(ContentRecognizer.SectionNames[Section]), M.A2019FormatRow(shape.LastLabel), M.RowOf2019Format);
                continue;
            }

            var count = FigureCount(row.Value, is2019);
            var figures = shape.Take(count);
            if (figures is null)
            {
                errors.FigureCount(Section, shape.Location, s_labels[row.Value], count, shape.Figures);
                continue;
            }

            if (found.TryGetValue(row.Value, out var first))
            {
                errors.Add(Section, shape.Location, M.OneRow(s_labels[row.Value]), M.SecondRow(first.Text), M.DuplicateRow);
                continue;
            }

            found[row.Value] = shape.Location;
            if (!RowLabels.Same(shape.LastLabel, National(row.Value, is2019)))
            {
                findings.Add(RowLabels.Warning(Section, shape.Location, shape.LastLabel, National(row.Value, is2019), [CellOf(row.Value, is2019)]));
            }

            handle(row.Value, figures, feeUnit, procurementUnit, shape.Location);
        }

        foreach (var missing in required.Where(r => !found.ContainsKey(r)))
        {
            errors.Add(Section, tables[0].Location, M.ARow(s_labels[missing]), M.NoSuchRow, M.MissingRow(s_labels[missing]));
        }

        if (errors.Errors.Count != errorCount)
        {
            findings.RemoveRange(findingCount, findings.Count - findingCount);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A data row whose label names no row: the one row not yet found whose national label it is
    /// close to (<see cref="RowLabels.Similarity"/> at least 0.6) and whose number of figures it
    /// has; none or two equally close is no placement (the row is then refused as unrecognised).
    /// </summary>
    private static Row? PlaceBySimilarity(RowShape shape, IReadOnlyList<Row> required, IEnumerable<Row> found, bool is2019)
    {
        var label = RowLabels.Simplified(shape.LastLabel!);
        var fitting = required
            .Except(found)
            .Where(r => shape.Take(FigureCount(r, is2019)) is not null)
            .Select(r => (Row: r, Score: RowLabels.Similarity(label, National(r, is2019))))
            .Where(x => x.Score >= 0.6)
            .OrderByDescending(x => x.Score)
            .ToList();
        return fitting.Count == 0 || (fitting.Count > 1 && fitting[0].Score == fitting[1].Score) ? null : fitting[0].Row;
    }

    private static MoneyUnit? UnitOf(string header) =>
        header.Contains("万元", StringComparison.Ordinal) ? MoneyUnit.TenThousandYuan
        : header.Contains('元', StringComparison.Ordinal) ? MoneyUnit.Yuan
        : null;

    private static Row? Map(string label) =>
        ContentRecognizer.ContainsAny(label, "规范性文件") ? Row.NormativeDocuments
        : label.Contains("规章", StringComparison.Ordinal) ? Row.Regulations
        : label.Contains("行政许可", StringComparison.Ordinal) ? Row.Licensing
        : ContentRecognizer.ContainsAny(label, "对外管理服务", "管理服务事项") ? Row.OtherServices
        : label.Contains("行政处罚", StringComparison.Ordinal) ? Row.Penalty
        : label.Contains("行政强制", StringComparison.Ordinal) ? Row.Coercion
        : ContentRecognizer.ContainsAny(label, "事业性收费") ? Row.Fees
        : ContentRecognizer.ContainsAny(label, "集中采购") ? Row.Procurement
        : null;
}

using Aggregator.Contracts.V1;
using Aggregator.Export;
using Google.Protobuf;

namespace Aggregator.Queries;

/// <summary>Exports as the Export RPC returns them.</summary>
public sealed class ReportExports
{
    public ExportResponse Rollup(Rollup rollup, ExportFormat format, string unitName) => ToProto(Exporter.ExportRollup(rollup, format, unitName));

    public ExportResponse Comparison(CompareResponse comparison, ExportFormat format, string unitName) => ToProto(Exporter.ExportComparison(comparison, format, unitName));

    public ExportResponse Report(Report report, ExportFormat format, string unitName) => ToProto(Exporter.ExportReport(report, format, unitName));

    private static ExportResponse ToProto(ExportedFile file) => new()
    {
        Content = ByteString.CopyFrom(file.Content),
        ContentType = file.ContentType,
        FileName = file.FileName,
    };
}

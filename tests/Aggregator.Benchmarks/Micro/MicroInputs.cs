using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;

namespace Aggregator.Benchmarks.Micro;

/// <summary>Shared inputs: a complete synthetic report of this year and last year's, as domain values, proto and bytes.</summary>
internal static class MicroInputs
{
    public static readonly UnitId Unit = new("p01-c001-d0001");

    public static AnnualReport Previous { get; } = SyntheticReports.Create(Unit, new ReportYear(2023), new Random(1));

    public static AnnualReport Report { get; } = SyntheticReports.Create(Unit, new ReportYear(2024), new Random(2), Previous);

    public static SubmitRequest Request { get; } = new() { Report = ReportMapper.ToProto(Report), IdempotencyKey = "bench-key" };

    public static byte[] RequestBytes { get; } = Google.Protobuf.MessageExtensions.ToByteArray(Request);
}

using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;

namespace Aggregator.Benchmarks.Micro;

/// <summary>
/// The submission's wire, mapping and storage-encoding costs: encode/decode a SubmitRequest, map
/// proto ⇄ domain, and the store's own blob codec (<c>BlobCodec</c>: Deflate, Brotli for long records)
/// on a synthetic report and on the real 漳河新区 2021 report with its long narratives.
/// </summary>
[MemoryDiagnoser]
public class ProtoBenchmarks
{
    private static readonly byte[] s_compressed = BlobCodec.Encode(MicroInputs.Request.Report);
    private static readonly Report s_realReport = LoadRealReport();
    private static readonly byte[] s_realCompressed = BlobCodec.Encode(s_realReport);

    [Benchmark]
    public byte[] Encode() => MicroInputs.Request.ToByteArray();

    [Benchmark]
    public SubmitRequest Decode() => SubmitRequest.Parser.ParseFrom(MicroInputs.RequestBytes);

    [Benchmark]
    public Report MapToProto() => ReportMapper.ToProto(MicroInputs.Report);

    [Benchmark]
    public AnnualReport? MapToDomain() => ReportMapper.ToDomain(MicroInputs.Request.Report).Report;

    [Benchmark]
    public byte[] BlobCompress() => BlobCodec.Encode(MicroInputs.Request.Report);

    [Benchmark]
    public Report BlobDecompress() => BlobCodec.Decode(Report.Parser, s_compressed);

    [Benchmark]
    public byte[] BlobCompressRealReport() => BlobCodec.Encode(s_realReport);

    [Benchmark]
    public Report BlobDecompressRealReport() => BlobCodec.Decode(Report.Parser, s_realCompressed);

    private static Report LoadRealReport()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "zhanghe-2021.txt");
        var text = File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException("The fixture is copied next to the benchmark.", path);
        return Aggregator.Import.ReportImporter.Import(text, new Aggregator.Import.ImportOptions("420802", 2021)).Report
            ?? throw new InvalidOperationException("The fixture no longer imports.");
    }
}

using System.IO.Compression;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;

namespace Aggregator.Benchmarks.Micro;

/// <summary>
/// The submission's wire, mapping and storage-encoding costs: encode/decode a SubmitRequest, map
/// proto ⇄ domain, and the store's blob compression (the same Brotli settings as the store's
/// internal BlobCodec: quality 5, window 22, above 512 bytes).
/// </summary>
[MemoryDiagnoser]
public class ProtoBenchmarks
{
    private static readonly byte[] s_reportBytes = MicroInputs.Request.Report.ToByteArray();
    private static readonly byte[] s_compressed = Compress(s_reportBytes);

    [Benchmark]
    public byte[] Encode() => MicroInputs.Request.ToByteArray();

    [Benchmark]
    public SubmitRequest Decode() => SubmitRequest.Parser.ParseFrom(MicroInputs.RequestBytes);

    [Benchmark]
    public Report MapToProto() => ReportMapper.ToProto(MicroInputs.Report);

    [Benchmark]
    public AnnualReport? MapToDomain() => ReportMapper.ToDomain(MicroInputs.Request.Report).Report;

    [Benchmark]
    public byte[] BlobCompress() => Compress(s_reportBytes);

    [Benchmark]
    public Report BlobDecompress()
    {
        using var input = new MemoryStream(s_compressed, 1, s_compressed.Length - 1);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        return Report.Parser.ParseFrom(brotli);
    }

    private static byte[] Compress(byte[] raw)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length) + 1];
        return BrotliEncoder.TryCompress(raw, buffer.AsSpan(1), out var written, quality: 5, window: 22)
            ? buffer.AsSpan(0, written + 1).ToArray()
            : raw;
    }
}

using System.IO.Compression;
using Aggregator.Contracts.V1;
using Aggregator.Storage.Redis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Aggregator.Server.Tests;

/// <summary>The stored record format: Deflate for reports of figures, Brotli for long ones, old Brotli records still readable.</summary>
public sealed class BlobCodecTests
{
    [Fact]
    public void SmallRecord_IsStoredAsItIs()
    {
        var message = new Acknowledgement { Outcome = AckOutcome.Accepted, Version = 3, UnitId = "u-1", Year = 2024 };

        var bytes = BlobCodec.Encode(message);

        Assert.Equal(message.ToByteArray(), bytes);
        Assert.Equal(message, BlobCodec.Decode(Acknowledgement.Parser, bytes));
    }

    [Fact]
    public void ReportOfFigures_IsDeflated_AndDecodesToTheSameReport()
    {
        var report = TestReports.Zhanghe2021();
        Assert.InRange(report.CalculateSize(), 513, BlobCodec.LargeAbove);

        var bytes = BlobCodec.Encode(report);

        Assert.Equal(0x01, bytes[0]);
        Assert.True(bytes.Length < report.CalculateSize(), $"{bytes.Length} B compressed, {report.CalculateSize()} B raw");
        Assert.Equal(report, BlobCodec.Decode(Report.Parser, bytes));
    }

    [Fact]
    public void LongRecord_IsBrotliCompressed_AndDecodes()
    {
        var report = TestReports.Zhanghe2021();
        report.Overview.Introduction = string.Concat(Enumerable.Repeat("全年主动公开政府信息4578条,其中规范性文件55件。", 200));
        Assert.True(report.CalculateSize() > BlobCodec.LargeAbove);

        var bytes = BlobCodec.Encode(report);

        Assert.Equal(0x00, bytes[0]);
        Assert.Equal(report, BlobCodec.Decode(Report.Parser, bytes));
    }

    [Fact]
    public void RecordWrittenBeforeDeflate_BrotliQualityOne_StillDecodes()
    {
        // How a report of figures was stored until issue 16: 0x00, then Brotli quality 1, window 16.
        var report = TestReports.Zhanghe2021();
        var raw = report.ToByteArray();
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length) + 1];
        Assert.True(BrotliEncoder.TryCompress(raw, buffer.AsSpan(1), out var written, 1, 16));

        Assert.Equal(report, BlobCodec.Decode(Report.Parser, buffer[..(written + 1)]));
    }

    [Fact]
    public void IncompressibleRecord_IsStoredAsItIs()
    {
        var random = new byte[2000];
        new Random(5).NextBytes(random);
        var message = new BytesValue { Value = ByteString.CopyFrom(random) };

        var bytes = BlobCodec.Encode(message);

        Assert.Equal(message.ToByteArray(), bytes);
        Assert.Equal(message, BlobCodec.Decode(BytesValue.Parser, bytes));
    }

    [Fact]
    public void TruncatedDeflateRecord_IsRefusedAsCorrupt()
    {
        var bytes = BlobCodec.Encode(TestReports.Zhanghe2021());

        var error = Assert.ThrowsAny<Exception>(() => BlobCodec.Decode(Report.Parser, bytes[..(bytes.Length / 2)]));

        Assert.True(error is InvalidDataException, error.ToString());
    }
}

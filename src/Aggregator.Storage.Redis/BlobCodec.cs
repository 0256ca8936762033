using System.IO.Compression;
using Google.Protobuf;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Encodes stored protobuf records compactly: larger records are Brotli-compressed behind a 0x00
/// marker byte (a protobuf message never starts with 0x00, since field number 0 is invalid).
/// </summary>
/// <remarks>
/// Two settings, measured on this project's records (<c>bash scripts/bench.sh --micro-only --filter '*Blob*'</c>):
/// a typical report of up to a few KB compresses 4× faster at Brotli quality 1 with a 64 KB window
/// than at quality 4 for a 6 % larger result, so submissions at the deadline spend little CPU here;
/// a record above <see cref="LargeAbove"/> bytes (long narratives, the real reports) is mostly
/// prose, where quality 5 saves a further 10–15 % of memory and the record is rare enough to afford it.
/// </remarks>
internal static class BlobCodec
{
    private const int CompressAbove = 512;

    /// <summary>Records larger than this (bytes, uncompressed) are compressed harder.</summary>
    internal const int LargeAbove = 4096;

    public static byte[] Encode(IMessage message)
    {
        var raw = message.ToByteArray();
        if (raw.Length <= CompressAbove)
        {
            return raw;
        }

        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length) + 1];
        var (quality, window) = raw.Length > LargeAbove ? (5, 20) : (1, 16);
        if (BrotliEncoder.TryCompress(raw, buffer.AsSpan(1), out var written, quality, window) && written + 1 < raw.Length)
        {
            return buffer.AsSpan(0, written + 1).ToArray();
        }

        return raw;
    }

    public static T Decode<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
        if (bytes.Length == 0 || bytes[0] != 0)
        {
            return parser.ParseFrom(bytes);
        }

        using var input = new MemoryStream(bytes, 1, bytes.Length - 1);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        return parser.ParseFrom(brotli);
    }
}

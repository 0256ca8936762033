using System.Buffers;
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
        var size = message.CalculateSize();
        if (size <= CompressAbove)
        {
            return message.ToByteArray();
        }

        var raw = ArrayPool<byte>.Shared.Rent(size);
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(size) + 1);
        try
        {
            message.WriteTo(raw.AsSpan(0, size));
            var (quality, window) = size > LargeAbove ? (5, 20) : (1, 16);
            if (BrotliEncoder.TryCompress(raw.AsSpan(0, size), compressed.AsSpan(1), out var written, quality, window) && written + 1 < size)
            {
                compressed[0] = 0;
                return compressed.AsSpan(0, written + 1).ToArray();
            }

            return raw.AsSpan(0, size).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    public static T Decode<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
        if (bytes.Length == 0 || bytes[0] != 0)
        {
            return parser.ParseFrom(bytes);
        }

        // Decompress into a pooled buffer, growing it until the record fits.
        var length = Math.Max(4096, bytes.Length * 8);
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                if (BrotliDecoder.TryDecompress(bytes.AsSpan(1), buffer, out var written) && written < buffer.Length)
                {
                    return parser.ParseFrom(buffer.AsSpan(0, written));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (length >= MaxRecordBytes)
            {
                throw new InvalidDataException("A stored record does not decompress (corrupt, or larger than " + MaxRecordBytes + " bytes).");
            }

            length = Math.Min(MaxRecordBytes, length * 4);
        }
    }

    /// <summary>No stored record is larger (the server's largest message is far smaller).</summary>
    private const int MaxRecordBytes = 256 * 1024 * 1024;
}

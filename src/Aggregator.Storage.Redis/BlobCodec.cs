using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Encodes stored protobuf records compactly. A record's first byte says how: a protobuf message never
/// starts with a byte below 0x08 (field number 0 is invalid), so those bytes mark a compressed record.
/// <list type="bullet">
/// <item>0x01, the record's length (varint), then raw Deflate (zlib-ng, level 1): records up to <see cref="LargeAbove"/> bytes, every submission of figures;</item>
/// <item>0x00, then Brotli (quality 5): larger records (long narratives, the real reports); also every compressed record written before issue 16, which still decode;</item>
/// <item>anything else: the record itself (512 bytes or less, or when compressing does not make it smaller).</item>
/// </list>
/// </summary>
/// <remarks>
/// Measured on this project's records (issue 16; the floor in docs/BENCHMARKS.md and
/// <c>bash scripts/bench.sh --micro-only --filter '*Blob*'</c>): a synthetic report of 1.7 KB encodes
/// in ≈ 5 µs with Deflate level 1 against ≈ 13 µs with Brotli quality 1 (the setting before), and
/// decodes in ≈ 2.5 µs against ≈ 7 µs, for a 3 % larger result (635 against 615 bytes). A record above
/// <see cref="LargeAbove"/> bytes is mostly prose, where Brotli quality 5 saves a further 10–15 % and
/// the record is rare enough to afford it.
/// </remarks>
internal static class BlobCodec
{
    private const int CompressAbove = 512;

    private const byte BrotliMarker = 0x00;
    private const byte DeflateMarker = 0x01;

    /// <summary>Records larger than this (bytes, uncompressed) are compressed harder (Brotli).</summary>
    internal const int LargeAbove = 4096;

    public static byte[] Encode(IMessage message)
    {
        var size = message.CalculateSize();
        if (size <= CompressAbove)
        {
            return message.ToByteArray();
        }

        var raw = ArrayPool<byte>.Shared.Rent(size);
        // Deflate adds at most 5 bytes per 16 KB stored block and a few more; Brotli says its own bound.
        var bound = Math.Max(BrotliEncoder.GetMaxCompressedLength(size), size + (size >> 10) + 64) + 6;
        var compressed = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            message.WriteTo(raw.AsSpan(0, size));
            var written = size > LargeAbove ? Brotli(raw.AsSpan(0, size), compressed) : Deflate(raw, size, compressed);
            return written > 0 && written < size ? compressed.AsSpan(0, written).ToArray() : raw.AsSpan(0, size).ToArray();
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
        if (bytes.Length == 0 || bytes[0] > DeflateMarker)
        {
            return parser.ParseFrom(bytes);
        }

        return bytes[0] == DeflateMarker ? Inflate(parser, bytes) : Unbrotli(parser, bytes);
    }

    /// <summary>0x01, varint length, raw Deflate; 0 when it does not fit.</summary>
    private static int Deflate(byte[] raw, int size, byte[] output)
    {
        output[0] = DeflateMarker;
        var header = 1 + WriteVarint(output.AsSpan(1), (uint)size);
        using var stream = new MemoryStream(output, header, output.Length - header, writable: true);
        try
        {
            using (var deflate = new DeflateStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(raw, 0, size);
            }
        }
        catch (NotSupportedException)
        {
            return 0; // larger than the bound: stored as it is
        }

        return header + (int)stream.Position;
    }

    private static int Brotli(ReadOnlySpan<byte> raw, byte[] output)
    {
        output[0] = BrotliMarker;
        return BrotliEncoder.TryCompress(raw, output.AsSpan(1), out var written, quality: 5, window: 20) ? written + 1 : 0;
    }

    private static T Inflate<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
        var header = 1 + ReadVarint(bytes.AsSpan(1), out var length);
        if (header == 1 || length > MaxRecordBytes)
        {
            throw new InvalidDataException("A stored record is corrupt (its length is unreadable or larger than " + MaxRecordBytes + " bytes).");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length + 1);
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(bytes, header, bytes.Length - header, writable: false), CompressionMode.Decompress);
            var total = 0;
            int read;
            while (total <= length && (read = deflate.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total != length)
            {
                throw new InvalidDataException($"A stored record is corrupt: {total} bytes decompressed, {length} expected.");
            }

            return parser.ParseFrom(buffer.AsSpan(0, total));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T Unbrotli<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
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

    private static int WriteVarint(Span<byte> output, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            output[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[i++] = (byte)value;
        return i;
    }

    /// <summary>The number of bytes read (0 when the varint is cut off or longer than 5 bytes).</summary>
    private static int ReadVarint(ReadOnlySpan<byte> input, out uint value)
    {
        value = 0;
        for (var i = 0; i < input.Length && i < 5; i++)
        {
            value |= (uint)(input[i] & 0x7F) << (7 * i);
            if ((input[i] & 0x80) == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>No stored record is larger (the server's largest message is far smaller).</summary>
    private const int MaxRecordBytes = 256 * 1024 * 1024;
}

using System.IO.Compression;
using Google.Protobuf;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Encodes stored protobuf records compactly: larger records are Brotli-compressed behind a 0x00
/// marker byte (a protobuf message never starts with 0x00, since field number 0 is invalid).
/// </summary>
internal static class BlobCodec
{
    private const int CompressAbove = 512;

    public static byte[] Encode(IMessage message)
    {
        var raw = message.ToByteArray();
        if (raw.Length <= CompressAbove)
        {
            return raw;
        }

        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length) + 1];
        if (BrotliEncoder.TryCompress(raw, buffer.AsSpan(1), out var written, quality: 4, window: 20) && written + 1 < raw.Length)
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

namespace Aggregator.Export;

/// <summary>An exported file: its bytes, MIME type and suggested file name.</summary>
/// <remarks>Equality compares <see cref="Content"/> by reference, as records do for arrays.</remarks>
public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

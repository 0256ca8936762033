namespace Aggregator.Import.Internal;

/// <summary>Bounds on the importer's work for hostile documents.</summary>
internal static class ImportLimits
{
    /// <summary>
    /// Match timeout of every importer regex (1 s): far above what a real line needs (microseconds), so
    /// a crafted line cannot hold a server thread; a timeout fails the import naming it.
    /// </summary>
    public const int RegexTimeoutMilliseconds = 1000;
}

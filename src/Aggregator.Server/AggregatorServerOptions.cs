using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>Top-level server options, bound from <c>Aggregator</c>.</summary>
public sealed class AggregatorServerOptions
{
    public const string SectionName = "Aggregator";

    /// <summary>Data directory (signing key, embedded Garnet's AOF). Default <c>./data</c>, relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Registry YAML path. Default: the sample <c>registry/jingmen.yaml</c> next to the server binaries.</summary>
    public string RegistryPath { get; set; } = "";

    /// <summary>The console's static files. Default: <c>wwwroot</c> next to the server binaries.</summary>
    public string WebRoot { get; set; } = "";
}

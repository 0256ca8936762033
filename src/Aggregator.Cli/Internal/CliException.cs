namespace Aggregator.Cli.Internal;

/// <summary>A failure with a message in both languages and the exit code to end with.</summary>
internal sealed class CliException(int exitCode, string messageZh, string messageEn) : Exception(messageEn)
{
    public int ExitCode { get; } = exitCode;

    public string MessageZh { get; } = messageZh;

    public string MessageEn { get; } = messageEn;
}

using System.Globalization;
using Aggregator.Cli;
using Grpc.Net.Client;
using Spectre.Console.Testing;

namespace Aggregator.Testing;

/// <summary>Runs the real <c>aggregator</c> CLI in-process with test consoles and captured output.</summary>
public sealed class CliRunner
{
    /// <summary>The environment variables the CLI sees (and no others).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>How the CLI opens a channel to an address; null: <see cref="GrpcChannel.ForAddress(string)"/>.</summary>
    public Func<string, GrpcChannel>? ChannelFactory { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var output = new TestConsole().Width(250);
        var error = new TestConsole().Width(250);
        var rawOut = new StringWriter();
        var rawError = new StringWriter();
        using var rawBytes = new MemoryStream();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            RawOut = rawOut,
            RawError = rawError,
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var v) ? v : null,
            UiCulture = Culture,
            ChannelFactory = ChannelFactory ?? (address => GrpcChannel.ForAddress(address)),
            OpenStandardOutput = () => rawBytes,
        };
        var code = await new CliApp(env).RunAsync(args, cancellationToken);
        return new CliResult(code, output.Output, error.Output, rawOut.ToString(), rawError.ToString()) { RawBytes = rawBytes.ToArray() };
    }
}

/// <summary>What one CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error, string RawOut, string RawError)
{
    /// <summary>Bytes written to standard output as a stream (<c>export … -o -</c>).</summary>
    public byte[] RawBytes { get; init; } = [];

    public string All => string.Join("\n", Out, Error, RawOut, RawError);

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Error}\n--- raw out\n{RawOut}\n--- raw err\n{RawError}";
}

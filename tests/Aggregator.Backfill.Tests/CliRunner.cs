using System.Globalization;
using Aggregator.Cli;
using Grpc.Net.Client;
using Spectre.Console.Testing;

namespace Aggregator.Backfill.Tests;

/// <summary>Runs the real <c>aggregator</c> CLI in-process with test consoles (as in Aggregator.Cli.Tests).</summary>
internal sealed class CliRunner
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new TestConsole().Width(250);
        var error = new TestConsole().Width(250);
        var rawOut = new StringWriter();
        var rawError = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            RawOut = rawOut,
            RawError = rawError,
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out var v) ? v : null,
            UiCulture = CultureInfo.GetCultureInfo("en-US"),
            ChannelFactory = address => GrpcChannel.ForAddress(address),
        };
        var code = await new CliApp(env).RunAsync(args, CancellationToken.None);
        return new CliResult(code, output.Output, error.Output + rawError);
    }
}

/// <summary>What one CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Error}";
}

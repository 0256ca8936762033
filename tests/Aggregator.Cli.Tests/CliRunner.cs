using System.Globalization;
using Aggregator.Cli;
using Grpc.Net.Client;
using Spectre.Console.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>Runs the CLI in-process with test consoles and captured output.</summary>
internal sealed class CliRunner
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("en-US");

    public Func<string, GrpcChannel>? ChannelFactory { get; set; }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Fixture => TestData("zhanghe-2021.txt");

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
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
            UiCulture = Culture,
            ChannelFactory = ChannelFactory ?? (address => GrpcChannel.ForAddress(address)),
        };
        var code = await new CliApp(env).RunAsync(args, cancellationToken);
        return new CliResult(code, output.Output, error.Output, rawOut.ToString(), rawError.ToString());
    }
}

/// <summary>What one run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error, string RawOut, string RawError)
{
    public string All => string.Join("\n", Out, Error, RawOut, RawError);

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Error}\n--- raw out\n{RawOut}\n--- raw err\n{RawError}";
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aggregator-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

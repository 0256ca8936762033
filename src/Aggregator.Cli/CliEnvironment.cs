using System.Globalization;
using System.Text;
using Grpc.Net.Client;
using Spectre.Console;

namespace Aggregator.Cli;

/// <summary>
/// Everything the commands touch outside themselves: the consoles, raw output, environment
/// variables, the UI culture and how a gRPC channel is made. Tests replace each.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>Rich output (tables, progress) on standard output.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Rich output on standard error (diagnostics while standard output carries data).</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>Plain standard output: JSON and tokens, never wrapped or styled.</summary>
    public required TextWriter RawOut { get; init; }

    /// <summary>Plain standard error: help-parser messages.</summary>
    public required TextWriter RawError { get; init; }

    /// <summary>Opens standard output for bytes (<c>export … -o -</c> writes an XLSX there).</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Creates the channel for a server address (default: h2c/TLS by the address scheme).</summary>
    public Func<string, GrpcChannel> ChannelFactory { get; init; } = static address => GrpcChannel.ForAddress(address);

    /// <summary>The culture that decides the default language.</summary>
    public CultureInfo UiCulture { get; init; } = CultureInfo.CurrentUICulture;

    /// <summary>The process's real console.</summary>
    public static CliEnvironment CreateDefault()
    {
        Console.OutputEncoding = Encoding.UTF8;
        return new CliEnvironment
        {
            Out = CreateConsole(Console.Out, Console.IsOutputRedirected),
            Error = CreateConsole(Console.Error, Console.IsErrorRedirected),
            RawOut = Console.Out,
            RawError = Console.Error,
        };
    }

    /// <summary>Width of redirected output unless COLUMNS says otherwise (Spectre would assume 80).</summary>
    public const int RedirectedWidth = 160;

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns >= 40)
        {
            console.Profile.Width = columns;
        }
        else if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}

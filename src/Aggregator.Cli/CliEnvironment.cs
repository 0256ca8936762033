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
            Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
            Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
            RawOut = Console.Out,
            RawError = Console.Error,
        };
    }
}

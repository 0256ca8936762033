using System.Diagnostics;
using System.Text;

namespace Aggregator.Deploy.Tests.Infrastructure;

/// <summary>Exit code and output of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs a command line tool with a bounded wait.</summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {s_timeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

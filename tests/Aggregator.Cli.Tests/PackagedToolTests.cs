using System.Diagnostics;
using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// The CLI as district IT installs it: packed as a .NET tool into a local folder, installed from
/// that folder alone with <c>dotnet tool install --tool-path</c>, run as <c>aggregator</c>.
/// </summary>
public sealed class PackagedToolTests
{
    [Fact]
    public async Task PackInstallRun_AggregatorVersionPrintsThePackageVersion()
    {
        using var dir = new TempDir();
        var feed = Directory.CreateDirectory(dir.File("feed")).FullName;
        var tools = dir.File("tools");
        var repo = RepoRoot();
        var project = Path.Combine(repo, "src", "Aggregator.Cli", "Aggregator.Cli.csproj");

        // The configuration this test assembly was built in (bin/<Configuration>/net10.0/): the CLI is built with it.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var pack = await RunAsync("dotnet", repo, "pack", project, "--no-build", "-c", configuration, "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var package = Assert.Single(Directory.GetFiles(feed, "Aggregator.Cli.*.nupkg"));

        // Only the local folder as a package source: the tool package carries everything it needs.
        var config = dir.File("nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var install = await RunAsync("dotnet", dir.Path, "tool", "install", "Aggregator.Cli", "--tool-path", tools, "--configfile", config);
        Assert.True(install.ExitCode == 0, install.Output);

        var version = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "aggregator.exe" : "aggregator"), dir.Path, "--version");
        Assert.True(version.ExitCode == 0, version.Output);
        var expected = Path.GetFileNameWithoutExtension(package)["Aggregator.Cli.".Length..];
        Assert.Equal(expected, version.Output.Trim());

        var help = await RunAsync(Path.Combine(tools, OperatingSystem.IsWindows() ? "aggregator.exe" : "aggregator"), dir.Path, "--lang", "zh", "review", "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("退回", help.Output);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Aggregator.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Aggregator.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await ChildProcess.KillAsync(process);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

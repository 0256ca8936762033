using System.Diagnostics;

namespace Aggregator.Testing;

/// <summary>Ends the child processes and temporary directories the test hosts start, whatever state they are in.</summary>
public static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> and its children (if still running), waits up to 10 s, and disposes it.</summary>
    public static async Task KillAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        catch (TimeoutException)
        {
            // Left to the OS.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Deletes a temporary directory, ignoring files still held open.</summary>
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

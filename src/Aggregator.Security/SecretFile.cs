using System.Globalization;

namespace Aggregator.Security;

/// <summary>
/// Files holding secrets (the token signing key, the embedded store's password): created owner-only
/// from the start, in an owner-only directory, and checked for looser modes at start-up.
/// </summary>
public static class SecretFile
{
    /// <summary>0600: what a secret file is created with.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: what the directory of a secret file is created with.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> when no file is there: the directory is
    /// created 0700 when missing, the content goes to a temporary file created 0600 (never readable by
    /// others, whatever the umask), is flushed to disk and moved in place, so a crash never leaves a
    /// truncated secret.
    /// </summary>
    /// <returns>False when the file already exists (another process was first); nothing is written then.</returns>
    public static bool WriteNew(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            CreateDirectory(directory);
        }

        var temp = full + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temp, full, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>, replacing what is there: as
    /// <see cref="WriteNew"/> (a 0600 temporary file flushed to disk, then renamed), so a reader sees the old
    /// content or the new one, never a mix, and the file is 0600 whatever it was before.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            CreateDirectory(directory);
        }

        var temp = full + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "."
            + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        try
        {
            using (var file = new FileStream(temp, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Creates <paramref name="directory"/> and its missing parents 0700; an existing one is left as it is.</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Directory.CreateDirectory(path, mode) gives the mode to the last directory only: create each
            // missing one, outermost first, so no parent is left world-readable either.
            var missing = new Stack<string>();
            for (var d = Path.GetFullPath(directory); !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d))
            {
                missing.Push(d);
            }

            while (missing.TryPop(out var d))
            {
                Directory.CreateDirectory(d, DirectoryMode);
            }
        }
    }

    /// <summary>
    /// The secret file when others have any access to it or its group may write it, and its directory
    /// when others have any access to it (a sticky directory such as a Kubernetes secret volume's
    /// excepted), each with its mode in octal, e.g. <c>("/data/signing-key", "644")</c>. Group read is
    /// not flagged: a Kubernetes secret is mounted 0440 for the pod's fsGroup on purpose. Empty when
    /// nothing is loose, and on Windows.
    /// </summary>
    public static IReadOnlyList<(string Path, string Mode)> LooseModes(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var full = Path.GetFullPath(path);
        var loose = new List<(string, string)>();
        if (File.Exists(full) && (File.GetUnixFileMode(full) & (Other | UnixFileMode.GroupWrite)) != 0)
        {
            loose.Add((full, Octal(File.GetUnixFileMode(full))));
        }

        if (Path.GetDirectoryName(full) is { Length: > 0 } directory && Directory.Exists(directory)
            && File.GetUnixFileMode(directory) is var mode && (mode & Other) != 0 && (mode & UnixFileMode.StickyBit) == 0)
        {
            loose.Add((directory, Octal(mode)));
        }

        return loose;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8);
}

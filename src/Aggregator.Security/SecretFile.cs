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

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

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
    /// The secret file and its directory when group or others have any access to them, each with its
    /// mode in octal (e.g. <c>("/data/signing-key", "644")</c>); empty when both are owner-only or on Windows.
    /// </summary>
    public static IReadOnlyList<(string Path, string Mode)> LooseModes(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var full = Path.GetFullPath(path);
        var loose = new List<(string, string)>();
        foreach (var p in new[] { full, Path.GetDirectoryName(full) })
        {
            if (p is { Length: > 0 } && Path.Exists(p) && (File.GetUnixFileMode(p) & GroupOrOther) != 0)
            {
                loose.Add((p, Convert.ToString((int)File.GetUnixFileMode(p) & 0x1FF, 8)));
            }
        }

        return loose;
    }
}

using System.Security.Cryptography;

namespace Aggregator.Security;

/// <summary>The HMAC-SHA256 signing key of the deployment's tokens, kept in a file.</summary>
public static class SigningKey
{
    /// <summary>Key length in bytes (256 bits).</summary>
    public const int Length = 32;

    /// <summary>
    /// Reads the key from <paramref name="path"/>; when the file does not exist, generates a random
    /// 256-bit key and writes it there (base64, owner-only permissions where supported).
    /// </summary>
    /// <returns>The key bytes and whether the key was created now.</returns>
    public static (byte[] Key, bool Created) LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return (Load(path), false);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var key = RandomNumberGenerator.GetBytes(Length);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use that one.
            File.Delete(temp);
            return (Load(path), false);
        }

        return (key, true);
    }

    /// <summary>Reads an existing key file (base64 text).</summary>
    /// <exception cref="InvalidDataException">The file does not hold a base64 key of at least 256 bits.</exception>
    public static byte[] Load(string path)
    {
        var text = File.ReadAllText(path).Trim();
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The signing key file '{path}' does not hold base64 text.", e);
        }

        if (key.Length < Length)
        {
            throw new InvalidDataException($"The signing key in '{path}' is shorter than {Length * 8} bits.");
        }

        return key;
    }
}

using System.Security.Cryptography;

namespace Aggregator.Security;

/// <summary>The HMAC-SHA256 signing key of the deployment's tokens, kept in a file.</summary>
public static class SigningKey
{
    /// <summary>Key length in bytes (256 bits).</summary>
    public const int Length = 32;

    /// <summary>
    /// Reads the key from <paramref name="path"/>; when the file does not exist, generates a random
    /// 256-bit key and writes it there (base64) with <see cref="SecretFile.WriteNew"/>: created 0600 from
    /// the start, its directory 0700 when created.
    /// </summary>
    /// <returns>The key bytes and whether the key was created now.</returns>
    public static (byte[] Key, bool Created) LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return (Load(path), false);
        }

        var key = RandomNumberGenerator.GetBytes(Length);
        if (!SecretFile.WriteNew(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n")))
        {
            // Another process created it first: use that one.
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

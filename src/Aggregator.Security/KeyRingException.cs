using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Security;

/// <summary>A key ring file that cannot be read, or a change to it that is refused (e.g. retiring the last signing key).</summary>
public sealed class KeyRingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

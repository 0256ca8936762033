namespace Aggregator.Domain.Text;

/// <summary>The language a caller asks for.</summary>
public static class Languages
{
    /// <summary>
    /// The language of an <c>accept-language</c> value (the CLI sends <c>zh-CN</c> or <c>en</c>; a
    /// browser its own list): Chinese when its first language is zh, English for any other, null when
    /// none is given.
    /// </summary>
    public static Language? FromAcceptLanguage(string? acceptLanguage) => acceptLanguage is { Length: > 0 } value && value.Trim().Length > 0
        ? value.TrimStart().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Language.Zh : Language.En
        : null;
}

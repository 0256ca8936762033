namespace Aggregator.Domain.Text;

/// <summary>The language of user-facing text.</summary>
public enum Language
{
    /// <summary>Chinese (简体中文).</summary>
    Zh,

    /// <summary>English.</summary>
    En,
}

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

/// <summary>
/// One user-facing text in both languages. Built by <see cref="Messages"/> (the one catalogue of
/// templates) or, for a value shown as is (a printed label, a cell path), by <see cref="Verbatim"/>.
/// </summary>
/// <remarks>Equality is by both texts.</remarks>
public readonly record struct LocalizedText(string Zh, string En)
{
    /// <summary>The same text in both languages: a value shown as printed, not a message.</summary>
    public static LocalizedText Verbatim(string text) => new(text, text);

    /// <summary>The text in <paramref name="language"/>.</summary>
    public string In(Language language) => language == Language.Zh ? Zh : En;

    /// <summary>The Chinese text when <paramref name="chinese"/>, else the English one.</summary>
    public string In(bool chinese) => chinese ? Zh : En;

    /// <summary>The English text (logs, exceptions, diagnostics).</summary>
    public override string ToString() => En;
}

namespace Aggregator.Domain.Text;

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

using Aggregator.Domain.Text;

namespace Aggregator.Import;

/// <summary>One reason a document could not be imported.</summary>
/// <param name="Section">The report section: "一".."六", or "document" for the document as a whole.</param>
/// <param name="Line">
/// For text: the 1-based line number. For HTML: the 1-based row number inside the table (the
/// messages also name the table index and the source line).
/// </param>
/// <param name="ExpectedText">What the importer expected to find there, in both languages.</param>
/// <param name="FoundText">What it found, in both languages (a printed value is quoted as printed).</param>
/// <param name="Detail">Why it is refused, without the place and without expected/found (for a table that shows them in columns).</param>
/// <param name="Message">The whole message: place, why, expected and found (<see cref="Messages.Import.SectionProblem"/>).</param>
public sealed record ImportError(string Section, int? Line, LocalizedText ExpectedText, LocalizedText FoundText, LocalizedText Detail, LocalizedText Message)
{
    /// <summary>Where it was found (line, table and row, source line), in both languages.</summary>
    public LocalizedText Where { get; init; } = Messages.Import.WholeDocument;

    /// <summary>What was expected, in English.</summary>
    public string Expected => ExpectedText.En;

    /// <summary>What was found, in English.</summary>
    public string Found => FoundText.En;

    /// <summary>Message in Chinese.</summary>
    public string MessageZh => Message.Zh;

    /// <summary>Message in English.</summary>
    public string MessageEn => Message.En;

    /// <summary>An error of the document as a whole (no section, no line).</summary>
    public static ImportError OfDocument(LocalizedText expected, LocalizedText found, LocalizedText detail) =>
        new("document", null, expected, found, detail, Messages.Import.DocumentProblem(Messages.Import.WholeDocument, detail, expected, found));
}

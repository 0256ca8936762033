namespace Aggregator.Import;

/// <summary>One reason a document could not be imported.</summary>
/// <param name="Section">The report section: "一".."六", or "document" for the document as a whole.</param>
/// <param name="Line">
/// For text: the 1-based line number. For HTML: the 1-based row number inside the table (the
/// messages also name the table index and the source line).
/// </param>
/// <param name="Expected">What the importer expected to find there.</param>
/// <param name="Found">What it found.</param>
/// <param name="MessageZh">Message in Chinese.</param>
/// <param name="MessageEn">Message in English.</param>
public sealed record ImportError(string Section, int? Line, string Expected, string Found, string MessageZh, string MessageEn);

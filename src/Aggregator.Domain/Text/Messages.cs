namespace Aggregator.Domain.Text;

/// <summary>
/// The one catalogue of user-facing message templates, each in Chinese and English: the importer's
/// problems, notes and locations (<see cref="Import"/>), the rules' findings (<see cref="Rules"/>), the
/// server's error details (<see cref="Server"/>) and the CLI's headers and refusals (<see cref="Cli"/>).
/// </summary>
/// <remarks>
/// Every template is a typed member returning <see cref="LocalizedText"/>, so a text cannot be given
/// in one language only; a reflection test walks every member with sample arguments and checks both
/// texts (present, Chinese in zh, no Chinese in en outside quoted labels, the same arguments in both).
/// Arguments are values shown as they are (labels as printed, cell paths, numbers); a label meant to
/// be read in English is quoted in the English template.
/// </remarks>
public static partial class Messages
{
}

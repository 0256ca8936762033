namespace Aggregator.Domain.Text;

/// <summary>The language of user-facing text.</summary>
public enum Language
{
    /// <summary>Chinese (简体中文).</summary>
    Zh,

    /// <summary>English.</summary>
    En,
}

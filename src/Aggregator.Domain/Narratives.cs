using System.Collections.Immutable;

namespace Aggregator.Domain;

/// <summary>The narrative texts of sections 一, 五 and 六, kept as given.</summary>
public sealed record Narratives
{
    public static Narratives Empty { get; } = new();

    public string Introduction { get; init; } = "";

    public string ProactiveDisclosure { get; init; } = "";

    public string DisclosureOnRequest { get; init; } = "";

    public string InformationManagement { get; init; } = "";

    public string PlatformConstruction { get; init; } = "";

    public string Supervision { get; init; } = "";

    public string Problems { get; init; } = "";

    public string Improvements { get; init; } = "";

    public string OtherMatters { get; init; } = "";

    /// <summary>Every text, for length and character checks.</summary>
    public IEnumerable<(string Field, string Text)> All()
    {
        yield return ("s1.introduction", Introduction);
        yield return ("s1.proactive_disclosure", ProactiveDisclosure);
        yield return ("s1.disclosure_on_request", DisclosureOnRequest);
        yield return ("s1.information_management", InformationManagement);
        yield return ("s1.platform_construction", PlatformConstruction);
        yield return ("s1.supervision", Supervision);
        yield return ("s5.problems", Problems);
        yield return ("s5.improvements", Improvements);
        yield return ("s6.text", OtherMatters);
    }
}

using System.Collections.Immutable;

namespace Aggregator.Domain;

/// <summary>
/// One unit's annual report (or some of its sections) in the domain model: the numeric cells as
/// <see cref="Figures"/>, the narratives, the breakdown of section 一, and which sections are present.
/// </summary>
public sealed record AnnualReport(
    UnitId Unit,
    ReportYear Year,
    ReportFormat Format,
    Sections Present,
    Figures Figures,
    Narratives Narratives,
    ImmutableArray<DisclosureCategory> Breakdown)
{
    /// <summary>True when the breakdown of section 一 is given in structured form.</summary>
    public bool HasBreakdown => !Breakdown.IsDefaultOrEmpty;

    /// <summary>True when every section is present (a complete report).</summary>
    public bool IsComplete => (Present & Sections.All) == Sections.All;

    /// <summary>
    /// This report with the sections present in <paramref name="update"/> replaced by the update's
    /// (a district may send sections separately).
    /// </summary>
    public AnnualReport MergeSections(AnnualReport update)
    {
        if (update.Unit != Unit || update.Year != Year)
        {
            throw new ArgumentException("Only a report of the same unit and year can be merged.", nameof(update));
        }

        var sections = update.Present;
        var n = Narratives;
        var u = update.Narratives;
        if ((sections & Sections.S1Overview) != 0)
        {
            n = n with
            {
                Introduction = u.Introduction,
                ProactiveDisclosure = u.ProactiveDisclosure,
                DisclosureOnRequest = u.DisclosureOnRequest,
                InformationManagement = u.InformationManagement,
                PlatformConstruction = u.PlatformConstruction,
                Supervision = u.Supervision,
            };
        }

        if ((sections & Sections.S5Problems) != 0)
        {
            n = n with { Problems = u.Problems, Improvements = u.Improvements };
        }

        if ((sections & Sections.S6Other) != 0)
        {
            n = n with { OtherMatters = u.OtherMatters };
        }

        return new AnnualReport(
            Unit,
            Year,
            update.Format,
            Present | sections,
            Figures.WithSections(update.Figures, sections),
            n,
            (sections & Sections.S1Overview) != 0 ? update.Breakdown : Breakdown);
    }
}

namespace Aggregator.Domain;

/// <summary>The six sections of the report.</summary>
[Flags]
public enum Sections
{
    None = 0,
    S1Overview = 1,
    S2Proactive = 2,
    S3Requests = 4,
    S4Review = 8,
    S5Problems = 16,
    S6Other = 32,
    All = S1Overview | S2Proactive | S3Requests | S4Review | S5Problems | S6Other,
}

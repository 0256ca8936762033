namespace Aggregator.Domain;

public static class SectionsExtensions
{
    private static readonly (Sections Flag, string Code)[] s_codes =
    [
        (Sections.S1Overview, "s1"), (Sections.S2Proactive, "s2"), (Sections.S3Requests, "s3"),
        (Sections.S4Review, "s4"), (Sections.S5Problems, "s5"), (Sections.S6Other, "s6"),
    ];

    /// <summary>Stable short codes ("s1".."s6") of the sections present.</summary>
    public static IEnumerable<string> Codes(this Sections sections)
    {
        foreach (var (flag, code) in s_codes)
        {
            if ((sections & flag) != 0)
            {
                yield return code;
            }
        }
    }

    public static Sections FromCode(string code)
    {
        foreach (var (flag, c) in s_codes)
        {
            if (c == code)
            {
                return flag;
            }
        }

        throw new ArgumentException($"Unknown section code '{code}'.", nameof(code));
    }
}

namespace Aggregator.Domain;

/// <summary>The national format a report follows.</summary>
public enum ReportFormat
{
    /// <summary>国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.</summary>
    V2019 = 2019,

    /// <summary>The format in force since the 2021 reports.</summary>
    V2021 = 2021,
}

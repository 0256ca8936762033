using Aggregator.Contracts.V1;

namespace Aggregator.Import;

/// <summary>What the importer needs to know that the document itself does not say reliably.</summary>
/// <param name="UnitId">Reporting unit id written into <see cref="Report.UnitId"/>.</param>
/// <param name="Year">Year reported on, written into <see cref="Report.Year"/>.</param>
/// <param name="Format">
/// The national format the document follows, or <see langword="null"/> to detect it: 2019 when
/// table 二 uses the 2019 headings (本年新制作数量, 上一年项目数量, 政府集中采购 …), 2021 when it uses
/// the 2021 headings (本年制发件数 …), otherwise by year (≤ 2020 → 2019).
/// </param>
public sealed record ImportOptions(string UnitId, int Year, FormatVersion? Format = null);

using System.Collections.Immutable;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Testing.Synthetic;
using UnitLevel = Aggregator.Domain.Registry.UnitLevel;

namespace Aggregator.Benchmarks.Harness;

/// <summary>Synthetic reports for a list of units, with the exact sums they must roll up to, per city.</summary>
internal sealed class Workload
{
    private Workload(ImmutableArray<SubmitRequest> requests, IReadOnlyDictionary<string, RollupAccumulator> byCity)
    {
        Requests = requests;
        ByCity = byCity;
    }

    public ImmutableArray<SubmitRequest> Requests { get; }

    /// <summary>Expected sum of the reports per city id (the parent of each district).</summary>
    public IReadOnlyDictionary<string, RollupAccumulator> ByCity { get; }

    /// <summary>Mean serialized size of one SubmitRequest.</summary>
    public int MeanRequestBytes => Requests.IsEmpty ? 0 : (int)Math.Round(Requests.Average(r => r.CalculateSize()));

    /// <summary>One valid complete report (every section, varied figures) per district, built in parallel.</summary>
    public static Workload Create(IReadOnlyList<(string District, string City)> units, int year, int seed, int narrativeLength)
    {
        var reports = new AnnualReport[units.Count];
        var requests = new SubmitRequest[units.Count];
        var reportYear = new ReportYear(year);
        Parallel.For(0, units.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var random = new Random(HashCode.Combine(seed, i));
            var report = SyntheticReports.Create(new UnitId(units[i].District), reportYear, random, previous: null, scale: 20, narrativeLength);
            reports[i] = report;
            requests[i] = new SubmitRequest
            {
                Report = ReportMapper.ToProto(report),
                IdempotencyKey = "bench-" + seed.ToString(CultureInfo.InvariantCulture) + "-" + units[i].District,
            };
        });

        var byCity = new Dictionary<string, RollupAccumulator>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            if (!byCity.TryGetValue(units[i].City, out var acc))
            {
                byCity[units[i].City] = acc = new RollupAccumulator();
            }

            acc.Add(reports[i]);
        }

        return new Workload([.. requests], byCity);
    }

    /// <summary>The districts (with their city) of a registry, in registry order.</summary>
    public static List<(string District, string City)> Districts(IEnumerable<UnitDefinition> roots)
    {
        var list = new List<(string, string)>();
        void Walk(UnitDefinition unit, string? city)
        {
            if (unit.Level == UnitLevel.District)
            {
                list.Add((unit.Id, city ?? unit.Id));
            }

            var next = unit.Level == UnitLevel.City ? unit.Id : city;
            foreach (var child in unit.Children.IsDefault ? [] : unit.Children)
            {
                Walk(child, next);
            }
        }

        foreach (var root in roots)
        {
            Walk(root, null);
        }

        return list;
    }

    /// <summary>One province with one city per size, each with that many districts (ids <c>lat-n{size}-d{i}</c>).</summary>
    public static ImmutableArray<UnitDefinition> CitiesOfSizes(string province, IEnumerable<int> sizes)
    {
        var cities = ImmutableArray.CreateBuilder<UnitDefinition>();
        foreach (var size in sizes)
        {
            var cityId = province + "-n" + size.ToString(CultureInfo.InvariantCulture);
            var districts = ImmutableArray.CreateBuilder<UnitDefinition>(size);
            for (var d = 1; d <= size; d++)
            {
                var id = cityId + "-d" + d.ToString("D5", CultureInfo.InvariantCulture);
                districts.Add(new UnitDefinition(id, "区县" + id, UnitLevel.District, null, []));
            }

            cities.Add(new UnitDefinition(cityId, "城市" + cityId, UnitLevel.City, null, districts.MoveToImmutable()));
        }

        return [new UnitDefinition(province, "省份" + province, UnitLevel.Province, null, cities.ToImmutable())];
    }
}

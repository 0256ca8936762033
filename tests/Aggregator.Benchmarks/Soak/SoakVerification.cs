using Aggregator.Contracts.V1;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;

namespace Aggregator.Benchmarks.Soak;

/// <summary>
/// The end-of-soak checks, against the store through a server: per district, every acknowledged key is
/// stored exactly once under the version acknowledged, versions are 1..n, the stored keys are the keys
/// sent; per city, the rollup equals the sum of the stored reports (recomputed here), the audit trail
/// verifies and holds one submission entry per stored version, with the acknowledged key.
/// </summary>
/// <remarks>The soak's counterpart of the reliability suite's Verification (which asserts with xunit); here every problem is counted and named.</remarks>
internal static class SoakVerification
{
    public static async Task CheckAsync(
        SoakServers servers, string adminUnit, IReadOnlyList<(string Id, List<string> Districts)> cities, int year, IReadOnlyList<DistrictClient> districts, SoakResult result)
    {
        var server = servers.All[0];
        CallOptions Admin() => new(servers.Headers(adminUnit, Roles.Admin), DateTime.UtcNow.AddMinutes(2));
        var byUnit = districts.ToDictionary(d => d.Unit);
        await server.WaitUntilServingAsync(servers.Headers(adminUnit, Roles.Admin), cities[0].Id, year);
        foreach (var (city, units) in cities)
        {
            var expected = new RollupAccumulator();
            var contributing = 0;
            foreach (var unit in units)
            {
                var client = byUnit[unit];
                var history = await server.Submissions.ListAllVersionsAsync(unit, year, Admin());
                var versions = history.Versions.Where(v => v.Source == RecordSource.Submission).ToList();
                result.StoredVersions += versions.Count;
                var duplicates = versions.GroupBy(v => v.IdempotencyKey).Where(g => g.Count() > 1).ToList();
                foreach (var d in duplicates)
                {
                    result.Problem($"{unit}: key {d.Key} stored {d.Count()} times (versions {string.Join(", ", d.Select(v => v.Version))})");
                    result.Duplicates += d.Count() - 1;
                }

                var byKey = versions.GroupBy(v => v.IdempotencyKey).ToDictionary(g => g.Key, g => g.First().Version);
                foreach (var (key, version) in client.Acknowledged)
                {
                    if (!byKey.TryGetValue(key, out var stored))
                    {
                        result.Losses++;
                        result.Problem($"{unit}: acknowledged key {key} (version {version}) is not stored");
                    }
                    else if (stored != version)
                    {
                        result.Losses++;
                        result.Problem($"{unit}: key {key} acknowledged as version {version} but stored as {stored}");
                    }
                }

                var gaps = versions.Select((v, i) => (Want: i + 1L, Got: v.Version)).Where(x => x.Want != x.Got).Take(3).ToList();
                if (gaps.Count > 0)
                {
                    result.Problem($"{unit}: history is not versions 1..{versions.Count}: {string.Join("; ", gaps)}");
                }

                var sent = client.Sent.Except(client.Refused).ToHashSet();
                foreach (var key in sent.Where(k => !byKey.ContainsKey(k)).Take(5))
                {
                    result.Problem($"{unit}: key {key} sent and resent until answered but not stored");
                }

                result.Unresolved += sent.Count(k => !byKey.ContainsKey(k));
                foreach (var key in byKey.Keys.Where(k => !sent.Contains(k)).Take(5))
                {
                    result.Problem($"{unit}: key {key} stored but never sent (or refused)");
                }

                if (versions.Count > 0)
                {
                    var latest = await server.Submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = unit, Year = year }, Admin());
                    var mapped = ReportMapper.ToDomain(latest.Report);
                    if (!mapped.Success)
                    {
                        result.Problem($"{unit}: the stored report (version {latest.Info.Version}) does not map back");
                        continue;
                    }

                    expected.Add(mapped.Report!);
                    contributing++;
                }
            }

            await CheckRollupAsync(server, city, year, Admin(), expected, contributing, result);
            await CheckAuditAsync(server, city, year, Admin, districts.Where(d => units.Contains(d.Unit)).ToList(), result);
        }
    }

    private static async Task CheckRollupAsync(SoakServer server, string city, int year, CallOptions admin, RollupAccumulator expected, int contributing, SoakResult result)
    {
        var rollup = (await server.Queries.GetRollupAsync(new GetRollupRequest { UnitId = city, Year = year }, admin)).Rollup;
        result.RollupsChecked++;
        if (rollup.ContributingUnits != contributing)
        {
            result.RollupMismatches++;
            result.Problem($"{city}: rollup counts {rollup.ContributingUnits} contributing units, the store holds {contributing}");
        }

        var actual = ReportMapper.ToDomain(rollup.Total);
        if (!actual.Success)
        {
            result.RollupMismatches++;
            result.Problem($"{city}: the rollup's total does not map back");
            return;
        }

        var want = expected.ToFigures();
        var got = actual.Report!.Figures;
        var diff = want.Select(kv => (kv.Key.Path, Want: (decimal?)kv.Value, Got: got[kv.Key]))
            .Concat(got.Where(kv => want[kv.Key] is null).Select(kv => (kv.Key.Path, Want: (decimal?)null, Got: (decimal?)kv.Value)))
            .Where(d => d.Want != d.Got)
            .ToList();
        foreach (var coverage in rollup.Coverage)
        {
            var reporting = expected.ReportingUnits(CellCatalog.Get(coverage.Cell));
            if (reporting != coverage.ReportingUnits)
            {
                diff.Add((coverage.Cell + " (reporting units)", reporting, coverage.ReportingUnits));
            }
        }

        if (diff.Count > 0)
        {
            result.RollupMismatches++;
            result.Problem($"{city}: rollup differs from the sum of the stored reports in {diff.Count} cells: {string.Join("; ", diff.Take(5))}");
        }
    }

    private static async Task CheckAuditAsync(SoakServer server, string city, int year, Func<CallOptions> admin, IReadOnlyList<DistrictClient> districts, SoakResult result)
    {
        var verify = await server.Audit.VerifyAuditAsync(new VerifyAuditRequest { UnitId = city, Year = year }, admin());
        result.AuditEntries += verify.EntryCount;
        if (!verify.Intact || verify.Trimmed)
        {
            result.AuditProblems++;
            result.Problem($"{city}: audit trail {(verify.Intact ? "trimmed by retention (raise Audit:MaxEntriesPerTrail)" : "does not verify")}: {verify.Problem} at {verify.ProblemSeq}: {verify.Detail}");
        }

        var submits = new Dictionary<(string Unit, long Version), List<string>>();
        var token = "";
        do
        {
            var page = await server.Audit.ListAuditAsync(new ListAuditRequest { UnitId = city, Year = year, PageSize = 1000, PageToken = token }, admin());
            foreach (var e in page.Entries.Where(e => e.Action == AuditAction.Submit && e.Outcome == AuditOutcome.Succeeded))
            {
                if (!submits.TryGetValue((e.UnitId, e.Version), out var keys))
                {
                    submits[(e.UnitId, e.Version)] = keys = [];
                }

                keys.Add(e.IdempotencyKey);
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        foreach (var ((unit, version), keys) in submits.Where(kv => kv.Value.Count > 1))
        {
            result.AuditProblems++;
            result.Problem($"{unit}: version {version} has {keys.Count} submission entries in the audit trail ({string.Join(", ", keys)})");
        }

        foreach (var d in districts)
        {
            foreach (var (key, version) in d.Acknowledged)
            {
                result.AuditChecked++;
                if (!submits.TryGetValue((d.Unit, version), out var keys) || !keys.Contains(key))
                {
                    result.AuditMissing++;
                    result.Problem($"{d.Unit}: acknowledged key {key} (version {version}) has no submission entry in the audit trail");
                }
            }
        }
    }
}

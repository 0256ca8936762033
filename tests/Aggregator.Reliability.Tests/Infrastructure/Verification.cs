using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Mapping;
using Aggregator.Testing;
using Grpc.Core;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>What the clients of one unit-year saw: the keys they sent and the versions acknowledged to them.</summary>
public sealed class UnitLedger(string unit)
{
    public string Unit { get; } = unit;

    /// <summary>Every idempotency key sent at least once.</summary>
    public HashSet<string> Sent { get; } = [];

    /// <summary>Key → version of every accepted acknowledgement received (first or replayed).</summary>
    public Dictionary<string, long> Acknowledged { get; } = [];

    /// <summary>Keys acknowledged before the server was killed (set by the crash test; diagnostics).</summary>
    public HashSet<string>? AcknowledgedBeforeKill { get; set; }

    public void RecordSent(string key)
    {
        lock (this)
        {
            Sent.Add(key);
        }
    }

    /// <summary>Records an acknowledgement; a second one for the same key must carry the same version.</summary>
    public void RecordAck(string key, long version)
    {
        lock (this)
        {
            if (Acknowledged.TryGetValue(key, out var earlier))
            {
                Assert.True(earlier == version, $"{Unit}: key {key} was acknowledged as version {earlier} and again as {version}");
            }

            Acknowledged[key] = version;
        }
    }

    public IReadOnlyList<string> Unacknowledged()
    {
        lock (this)
        {
            return [.. Sent.Where(k => !Acknowledged.ContainsKey(k))];
        }
    }
}

/// <summary>The end-state checks of the crash and restart tests.</summary>
public static class Verification
{
    /// <summary>
    /// Per unit: the history holds each idempotency key exactly once, versions are 1..n without gaps,
    /// every acknowledged key is stored under the version acknowledged, and (after the clients' retries)
    /// the stored keys are exactly the keys sent. Then the city's rollup equals the sum recomputed from
    /// every unit's stored report. Returns the number of versions checked.
    /// </summary>
    public static async Task<int> AssertExactAsync(
        SubmissionService.SubmissionServiceClient submissions,
        QueryService.QueryServiceClient queries,
        CallOptions admin,
        string city,
        int year,
        IReadOnlyCollection<UnitLedger> ledgers)
    {
        var checkedVersions = 0;
        var expected = new RollupAccumulator();
        var contributing = 0;
        foreach (var ledger in ledgers)
        {
            var history = await submissions.ListAllVersionsAsync(ledger.Unit, year, admin);
            var versions = history.Versions.Where(v => v.Source == RecordSource.Submission).ToList();
            var keys = versions.Select(v => v.IdempotencyKey).ToList();
            var duplicates = keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{ledger.Unit}: keys stored more than once: {string.Join(", ", duplicates)}");
            var byKey = versions.ToDictionary(v => v.IdempotencyKey, v => v.Version);
            foreach (var (key, version) in ledger.Acknowledged)
            {
                if (!byKey.ContainsKey(key))
                {
                    string blob;
                    try
                    {
                        var v = await submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = ledger.Unit, Year = year, Version = version, Source = RecordSource.Submission }, admin);
                        blob = $"GetSubmission(v{version}) answers key {v.Info.IdempotencyKey}";
                    }
                    catch (RpcException e)
                    {
                        blob = $"GetSubmission(v{version}) fails {e.StatusCode}";
                    }

                    var when = ledger.AcknowledgedBeforeKill?.Contains(key) switch { true => "acknowledged before the kill", false => "acknowledged after the restart", _ => "" };
                    Assert.Fail($"{ledger.Unit}: acknowledged key {key} (version {version}, {when}) is not in the history; {blob}; history has {versions.Count} versions");
                }

                var stored = byKey[key];
                Assert.True(stored == version, $"{ledger.Unit}: key {key} acknowledged as version {version} but stored as {stored}");
            }

            var gaps = versions.Select((v, i) => (Expected: i + 1L, v.Version, v.IdempotencyKey)).Where(x => x.Expected != x.Version).Take(3).ToList();
            Assert.True(gaps.Count == 0, $"{ledger.Unit}: history is not versions 1..{versions.Count}: first differences (position+1, version, key) "
                + string.Join("; ", gaps) + "; around them: "
                + string.Join("; ", versions.Where(v => gaps.Any(g => Math.Abs(v.Version - g.Version) <= 2))
                    .Select(v => $"v{v.Version} {v.IdempotencyKey} acked={(ledger.Acknowledged.TryGetValue(v.IdempotencyKey, out var a) ? a : 0)}"))
                + "; acked keys for the missing versions: "
                + string.Join(", ", ledger.Acknowledged.Where(kv => gaps.Any(g => kv.Value == g.Expected)).Select(kv => kv.Key + "=v" + kv.Value)));
            var missing = ledger.Sent.Except(byKey.Keys).ToList();
            var extra = byKey.Keys.Except(ledger.Sent).ToList();
            Assert.True(missing.Count == 0, $"{ledger.Unit}: sent and retried but not stored: {string.Join(", ", missing.Take(10))}");
            Assert.True(extra.Count == 0, $"{ledger.Unit}: stored but never sent: {string.Join(", ", extra.Take(10))}");
            checkedVersions += versions.Count;

            if (versions.Count > 0)
            {
                var latest = await submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = ledger.Unit, Year = year }, admin);
                Assert.Equal(versions.Count, latest.Info.Version);
                var mapped = ReportMapper.ToDomain(latest.Report);
                Assert.True(mapped.Success, ledger.Unit + ": stored report does not map back");
                expected.Add(mapped.Report!);
                contributing++;
            }
        }

        var rollup = (await queries.GetRollupAsync(new GetRollupRequest { UnitId = city, Year = year }, admin)).Rollup;
        Assert.Equal(contributing, rollup.ContributingUnits);
        var actual = ReportMapper.ToDomain(rollup.Total);
        Assert.True(actual.Success, "the rollup's total does not map back");
        var want = expected.ToFigures();
        var got = actual.Report!.Figures;
        var diff = want.Select(kv => (kv.Key.Path, Want: (decimal?)kv.Value, Got: got[kv.Key]))
            .Concat(got.Where(kv => want[kv.Key] is null).Select(kv => (kv.Key.Path, Want: (decimal?)null, Got: (decimal?)kv.Value)))
            .Where(d => d.Want != d.Got)
            .ToList();
        Assert.True(diff.Count == 0, "rollup differs from the recomputed sum: " + string.Join("; ", diff.Take(10)));
        foreach (var coverage in rollup.Coverage)
        {
            Assert.Equal(expected.ReportingUnits(Domain.Cells.CellCatalog.Get(coverage.Cell)), coverage.ReportingUnits);
        }

        return checkedVersions;
    }
}

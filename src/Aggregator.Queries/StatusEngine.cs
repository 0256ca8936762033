using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Registry;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Aggregator.Queries;

/// <summary>
/// Submission status of the units below a node: not started, draft, submitted, accepted, returned,
/// published (backfill only), and late against the deadline of each unit's level.
/// </summary>
public sealed class StatusEngine(RegionTree tree, IReportStore store, DeadlinePolicy deadlines, TimeProvider time)
{
    public DeadlinePolicy Deadlines => deadlines;

    public static string StatusName(UnitStatus status) => status switch
    {
        UnitStatus.NotStarted => "not_started",
        UnitStatus.Draft => "draft",
        UnitStatus.Submitted => "submitted",
        UnitStatus.Accepted => "accepted",
        UnitStatus.Returned => "returned",
        UnitStatus.Published => "published",
        _ => "unspecified",
    };

    public static DeadlineLevel LevelOf(RegionUnit unit) => unit.Level == Aggregator.Domain.Registry.UnitLevel.Department ? DeadlineLevel.Department : DeadlineLevel.Government;

    /// <summary>
    /// The status of the units below <paramref name="node"/> in <paramref name="year"/>'s tree: a unit
    /// that was not valid that year is not listed (not missing, not late); a node that was not a unit
    /// that year has nothing below it.
    /// </summary>
    public async Task<StatusSummary> GetStatusAsync(RegionUnit node, ReportYear year, CancellationToken cancellationToken)
    {
        if (!tree.ForYear(year).TryGet(node.Id, out var yearNode))
        {
            return new StatusSummary { UnitId = node.Id.Value, Year = year.Value, ReportingRate = "", TimelinessRate = "" };
        }

        node = yearNode;

        var partitions = RegionTree.PartitionOf(node) != node ? [RegionTree.PartitionOf(node)] : node.Tree.PartitionsOfSubtree(node).ToList();
        var reads = await Task.WhenAll(partitions.Select(p => store.GetHeadsAsync(new PartitionKey(p.Id, year), cancellationToken))).ConfigureAwait(false);
        var heads = new Dictionary<UnitId, UnitHead>();
        foreach (var read in reads)
        {
            foreach (var (id, head) in read.Heads)
            {
                heads[id] = head;
            }
        }

        var now = time.GetUtcNow();
        var summary = new StatusSummary { UnitId = node.Id.Value, Year = year.Value };
        var reported = 0;
        var onTime = 0;
        foreach (var unit in node.Tree.Descendants(node))
        {
            var head = heads.GetValueOrDefault(unit.Id) ?? UnitHead.Empty;
            var facts = new StatusFacts(
                head.SubmissionVersion > 0,
                head.Complete,
                head.ReviewState == ReviewState.Accepted,
                head.ReviewState == ReviewState.Returned,
                head.PublishedVersion > 0,
                head.FirstCompleteAt);
            var deadline = deadlines.DueInstant(LevelOf(unit), year.Value);
            var assessment = StatusRules.Assess(facts, deadline, now);
            var entry = new UnitStatusEntry
            {
                UnitId = unit.Id.Value,
                UnitName = unit.Name,
                Status = ToProto(assessment.Status),
                Late = assessment.Late,
                Deadline = Timestamp.FromDateTimeOffset(deadline),
                Version = head.SubmissionVersion > 0 ? head.SubmissionVersion : head.PublishedVersion,
                Level = (Contracts.V1.UnitLevel)(int)unit.Level,
                WarningCount = head.SubmissionVersion > 0 ? head.WarningCount : head.PublishedFindingCount,
                ParentId = unit.Parent?.Id.Value ?? "",
                Contact = unit.Contact ?? "",
                DaysLate = assessment.Late ? StatusRules.DaysLate(deadline, head.FirstCompleteAt ?? now) : 0,
            };
            var coreNotAssessed = head.SubmissionVersion > 0 ? head.SubmissionCoreNotAssessed : head.PublishedCoreNotAssessed;
            if (coreNotAssessed.Length > 0)
            {
                entry.CoreRulesNotAssessed.AddRange(coreNotAssessed.Split(','));
            }
            if (head.FirstCompleteAt is { } at)
            {
                entry.SubmittedAt = Timestamp.FromDateTimeOffset(at);
            }

            summary.Units.Add(entry);
            summary.Expected++;
            switch (assessment.Status)
            {
                case ReportingStatus.NotStarted: summary.NotStarted++; break;
                case ReportingStatus.Draft: summary.Draft++; break;
                case ReportingStatus.Submitted: summary.Submitted++; break;
                case ReportingStatus.Accepted: summary.Accepted++; break;
                case ReportingStatus.Returned: summary.Returned++; break;
                case ReportingStatus.Published: summary.Published++; break;
            }

            summary.Late += assessment.Late ? 1 : 0;
            reported += assessment.Reported ? 1 : 0;
            onTime += assessment.OnTime && assessment.Reported ? 1 : 0;
        }

        summary.ReportingRate = Format(StatusRules.Rate(reported, summary.Expected));
        summary.TimelinessRate = Format(StatusRules.Rate(onTime, summary.Expected));
        return summary;
    }

    private static string Format(decimal? rate) => rate is { } r ? r.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static UnitStatus ToProto(ReportingStatus status) => status switch
    {
        ReportingStatus.NotStarted => UnitStatus.NotStarted,
        ReportingStatus.Draft => UnitStatus.Draft,
        ReportingStatus.Submitted => UnitStatus.Submitted,
        ReportingStatus.Accepted => UnitStatus.Accepted,
        ReportingStatus.Returned => UnitStatus.Returned,
        ReportingStatus.Published => UnitStatus.Published,
        _ => UnitStatus.Unspecified,
    };
}

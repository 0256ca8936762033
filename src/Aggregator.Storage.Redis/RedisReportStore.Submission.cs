using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Storage.Redis.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using StackExchange.Redis;
using Contract = Aggregator.Contracts.V1;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>The checks of one submission against the stored unit-year (lock, versions, expected_version, merge, rules) and the write it becomes.</summary>
public sealed partial class RedisReportStore
{
    private readonly record struct PreparedWrite(WriteItem Item, Acknowledgement Ack, UnitHead NewHead, AnnualReport Merged);

    private readonly record struct Prepared(Acknowledgement? Immediate, PreparedWrite? Write);

    /// <summary>Checks, merges, validates one submission against <paramref name="state"/> and builds its write.</summary>
    private static Prepared Prepare(PendingSubmission p, (string HeadText, UnitHead Head, AnnualReport? Report) state, AnnualReport? previousYear, DateTimeOffset now)
    {
        var head = state.Head;
        if (head.IsLocked)
        {
            return new Prepared(Rejected(p, StatusCode.FailedPrecondition,
                Messages.Server.Locked(p.Unit.Value, p.Partition.Year.Value, head.ReviewedVersion).In(p.Command.Language)), null);
        }

        if (head.SubmissionVersion >= p.Command.MaxVersions)
        {
            return new Prepared(Rejected(p, StatusCode.FailedPrecondition,
                Messages.Server.TooManyVersions(p.Unit.Value, p.Partition.Year.Value, head.SubmissionVersion, p.Command.MaxVersions).In(p.Command.Language)), null);
        }

        if (p.Command.ExpectedVersion is { } expected && expected != head.SubmissionVersion)
        {
            return new Prepared(Rejected(p, StatusCode.Aborted,
                $"expected_version {expected} is stale: the latest stored version of unit '{p.Unit}' for {p.Partition.Year} is {head.SubmissionVersion}. Nothing was stored."), null);
        }

        var merged = state.Report is null ? p.Command.Update : state.Report.MergeSections(p.Command.Update);
        var result = RuleEngine.Evaluate(merged, previousYear);
        if (!result.IsValid)
        {
            var rejected = Rejected(p, StatusCode.InvalidArgument,
                Messages.Server.RulesViolated(p.Unit.Value, p.Partition.Year.Value, result.Errors.Count()).In(p.Command.Language));
            rejected.Errors.AddRange(FindingMapper.ToProto(result.Errors));
            rejected.Warnings.AddRange(FindingMapper.ToProto(result.Warnings));
            rejected.NotAssessable.AddRange(FindingMapper.ToProto(result.NotAssessable));
            return new Prepared(rejected, null);
        }

        var warnings = result.Warnings.ToList();
        var version = head.SubmissionVersion + 1;
        var complete = merged.IsComplete;
        var newHead = head with
        {
            SubmissionVersion = version,
            ReviewState = ReviewState.Submitted,
            Sections = merged.Present,
            Complete = complete,
            FirstCompleteAt = head.FirstCompleteAt ?? (complete ? now : null),
            LastSubmittedAt = now,
            WarningCount = warnings.Count,
            ReviewReason = "",
            SubmissionCoreNotAssessed = UnitHead.CoreNotAssessed(result.NotAssessable),
        };
        var info = new VersionInfo
        {
            Version = version,
            Source = RecordSource.Submission,
            StoredAt = Timestamp.FromDateTimeOffset(now),
            StoredBy = p.Command.StoredBy,
            IdempotencyKey = p.Command.IdempotencyKey,
            WarningCount = warnings.Count,
        };
        info.Sections.AddRange(merged.Present.Codes());
        // A first version is the update itself: its report was already mapped to size the batch.
        var stored = new StoredVersion { Report = ReferenceEquals(merged, p.Command.Update) ? p.Report : ReportMapper.ToProto(merged), Info = info };
        stored.Findings.AddRange(FindingMapper.ToProto(warnings));
        var ack = new Acknowledgement
        {
            Outcome = AckOutcome.Accepted,
            Version = version,
            UnitId = p.Unit.Value,
            Year = p.Partition.Year.Value,
        };
        ack.Warnings.AddRange(stored.Findings);

        // The checks that did not run are stored with the version (kind NOT_ASSESSABLE) and kept in the
        // stored acknowledgement, so a replay and a later reader see them too.
        var notAssessable = FindingMapper.ToProto(result.NotAssessable).ToList();
        stored.Findings.AddRange(notAssessable);
        ack.NotAssessable.AddRange(notAssessable);
        var item = new WriteItem(
            p.Unit,
            state.HeadText,
            newHead.Format(),
            RedisKeys.SubmissionKeyField(p.Unit, p.Command.IdempotencyKey),
            ack.ToByteArray(),
            RedisKeys.BlobField(p.Unit, RecordSource.Submission, version),
            BlobCodec.Encode(stored),
            new HistoryEntry { Version = info }.ToByteArray());
        return new Prepared(null, new PreparedWrite(item, ack, newHead, merged));
    }

    /// <summary>The encoded audit entry of a submission's outcome (accepted with its version, or refused with the status).</summary>
    private static string SubmissionAudit(PendingSubmission p, Acknowledgement ack, DateTimeOffset now) =>
        new AuditEntry(now, AuditAction.Submit, ack.Outcome == AckOutcome.Accepted ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            p.Command.Actor ?? AuditActor.OfSubject(p.Command.StoredBy), p.Unit.Value, p.Partition.Year.Value,
            ack.Outcome == AckOutcome.Accepted ? ack.Version : 0, p.Command.IdempotencyKey, ack.StatusCode, ack.StatusMessage).Encode();

    private static Acknowledgement Replay(RedisValue stored)
    {
        var ack = Acknowledgement.Parser.ParseFrom((byte[])stored!);
        ack.Replayed = true;
        return ack;
    }

    private static Acknowledgement Rejected(PendingSubmission p, StatusCode code, string message) => new()
    {
        Outcome = AckOutcome.Rejected,
        StatusCode = (int)code,
        StatusMessage = message,
        UnitId = p.Unit.Value,
        Year = p.Partition.Year.Value,
    };

    private static AnnualReport? ToDomain(Contract.Report? report) => report is null ? null : ReportMapper.ToDomain(report).Report;
}

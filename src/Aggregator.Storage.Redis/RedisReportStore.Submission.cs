using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;
using Contract = Aggregator.Contracts.V1;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>One submission: the unit-year's decision (<see cref="UnitYear"/>) encoded as the write it becomes, or as the acknowledgement of its rejection.</summary>
public sealed partial class RedisReportStore
{
    private readonly record struct PreparedWrite(WriteItem Item, Acknowledgement Ack, UnitYear After);

    private readonly record struct Prepared(Acknowledgement? Immediate, PreparedWrite? Write);

    /// <summary>
    /// Asks the unit-year (<see cref="UnitYear.Submit"/>: lock, version cap, expected_version, merge,
    /// rules) and encodes its answer: the acknowledgement of a rejection, or the write of an acceptance.
    /// </summary>
    private static Prepared Prepare(PendingSubmission p, (string HeadText, UnitYear UnitYear) state, AnnualReport? previousYear, DateTimeOffset now)
    {
        var outcome = state.UnitYear.Submit(p.Command.Update, p.Command.ExpectedVersion, p.Command.MaxVersions, previousYear, now, p.Command.Language);
        if (outcome is UnitYearRejected rejected)
        {
            var ack = Rejected(p, rejected.Reason, rejected.Message);
            ack.Errors.AddRange(FindingMapper.ToProto(rejected.Errors));
            ack.Warnings.AddRange(FindingMapper.ToProto(rejected.Warnings));
            ack.NotAssessable.AddRange(FindingMapper.ToProto(rejected.NotAssessable));
            return new Prepared(ack, null);
        }

        var accepted = (UnitYearAccepted)outcome;
        var merged = accepted.Merged!;
        var info = new VersionInfo
        {
            Version = accepted.Version,
            Source = RecordSource.Submission,
            StoredAt = Timestamp.FromDateTimeOffset(now),
            StoredBy = p.Command.StoredBy,
            IdempotencyKey = p.Command.IdempotencyKey,
            WarningCount = accepted.Warnings.Length,
        };
        info.Sections.AddRange(merged.Present.Codes());
        // A first version is the update itself: its report was already mapped to size the batch.
        var stored = new StoredVersion { Report = ReferenceEquals(merged, p.Command.Update) ? p.Report : ReportMapper.ToProto(merged), Info = info };
        stored.Findings.AddRange(FindingMapper.ToProto(accepted.Warnings));
        var acknowledgement = new Acknowledgement
        {
            Outcome = AckOutcome.Accepted,
            Version = accepted.Version,
            UnitId = p.Unit.Value,
            Year = p.Partition.Year.Value,
        };
        acknowledgement.Warnings.AddRange(stored.Findings);

        // The checks that did not run are stored with the version (kind NOT_ASSESSABLE) and kept in the
        // stored acknowledgement, so a replay and a later reader see them too.
        var notAssessable = FindingMapper.ToProto(accepted.NotAssessable).ToList();
        stored.Findings.AddRange(notAssessable);
        acknowledgement.NotAssessable.AddRange(notAssessable);
        var item = new WriteItem(
            p.Unit,
            state.HeadText,
            accepted.NewHead.Format(),
            RedisKeys.SubmissionKeyField(p.Unit, p.Command.IdempotencyKey),
            acknowledgement.ToByteArray(),
            RedisKeys.BlobField(p.Unit, RecordSource.Submission, accepted.Version),
            BlobCodec.Encode(stored),
            new HistoryEntry { Version = info }.ToByteArray());
        return new Prepared(null, new PreparedWrite(item, acknowledgement, state.UnitYear.After(accepted)));
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

    private static Acknowledgement Rejected(PendingSubmission p, RejectionReason reason, string message) => new()
    {
        Outcome = AckOutcome.Rejected,
        StatusCode = (int)RejectionMapper.ToStatusCode(reason),
        StatusMessage = message,
        UnitId = p.Unit.Value,
        Year = p.Partition.Year.Value,
    };

    private static AnnualReport? ToDomain(Contract.Report? report) => report is null ? null : ReportMapper.ToDomain(report).Report;
}

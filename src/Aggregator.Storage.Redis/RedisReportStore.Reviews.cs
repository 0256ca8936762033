using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Text;
using Aggregator.Storage.Redis.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>Review decisions and backfilled (published) records: one direct write each, outside the group commit.</summary>
public sealed partial class RedisReportStore
{
    public async Task<ReviewState> ReviewAsync(ReviewCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(command.Unit, command.Year);
        for (var round = 0; round < MaxRounds; round++)
        {
            var headText = (string?)await Guard(db.HashGetAsync(RedisKeys.Heads(partition), command.Unit.Value), cancellationToken) ?? "";
            var head = UnitHead.Parse(headText);
            var refusal = head.SubmissionVersion == 0
                ? new StoreException(StatusCode.FailedPrecondition, Messages.Server.NothingToReview(command.Unit.Value, command.Year.Value).In(command.Language))
                : head.IsLocked
                ? new StoreException(StatusCode.FailedPrecondition, Messages.Server.AlreadyAccepted(command.Unit.Value, command.Year.Value, head.ReviewedVersion).In(command.Language))
                : command.Version != head.SubmissionVersion
                ? new StoreException(StatusCode.Aborted, $"Version {command.Version} is not the latest submitted version ({head.SubmissionVersion}) of unit '{command.Unit}' for {command.Year}.")
                : null;
            if (refusal is not null)
            {
                if (_audit.Enabled)
                {
                    await AppendAuditAsync(new AuditTrail(partition), [ReviewAudit(command, AuditOutcome.Refused, refusal)], cancellationToken);
                }

                throw refusal;
            }

            var state = command.Decision == ReviewDecision.Accept ? ReviewState.Accepted : ReviewState.Returned;
            var newHead = head with
            {
                ReviewState = state,
                ReviewedVersion = command.Version,
                ReviewReason = state == ReviewState.Returned ? command.Reason : "",
            };
            var review = new ReviewEvent
            {
                Decision = command.Decision,
                Version = command.Version,
                Reason = command.Reason,
                ReviewedBy = command.ReviewedBy,
                ReviewedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            };
            var item = new WriteItem(command.Unit, headText, newHead.Format(), "", [], "", [], new HistoryEntry { Review = review }.ToByteArray(),
                Audit: _audit.Enabled ? ReviewAudit(command, AuditOutcome.Succeeded, null).Encode() : "");
            var result = await WriteDirectAsync(db, partition, item, cancellationToken);
            if (result.Code == LuaScripts.Written)
            {
                return state;
            }
        }

        throw new StoreException(StatusCode.Aborted, $"The unit-year of '{command.Unit}' kept changing during the review; retry.");
    }

    private AuditEntry ReviewAudit(ReviewCommand command, AuditOutcome outcome, StoreException? refusal) =>
        new(_time.GetUtcNow(), command.Decision == ReviewDecision.Accept ? AuditAction.ReviewAccept : AuditAction.ReviewReturn, outcome,
            command.Actor ?? AuditActor.OfSubject(command.ReviewedBy), command.Unit.Value, command.Year.Value, command.Version, "",
            refusal is null ? 0 : (int)refusal.Code, refusal?.Message ?? command.Reason);

    public async Task<BackfillResponse> BackfillAsync(BackfillCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await DatabaseAsync(cancellationToken);
        var unit = command.Report.Unit;
        var partition = PartitionOf(unit, command.Report.Year);
        var idemField = RedisKeys.BackfillKeyField(unit, command.Source.ContentSha256);
        for (var round = 0; round < MaxRounds; round++)
        {
            var headTask = db.HashGetAsync(RedisKeys.Heads(partition), unit.Value);
            var idemTask = db.HashGetAsync(RedisKeys.Idempotency(partition), idemField);
            var headText = (string?)await Guard(headTask, cancellationToken) ?? "";
            var existing = await Guard(idemTask, cancellationToken);
            if (!existing.IsNull)
            {
                // As for submissions: the replayed write may have failed at its commit.
                await Guard(_connection.CommitAsync(db, [partition]), cancellationToken);
                var replay = BackfillResponse.Parser.ParseFrom((byte[])existing!);
                replay.Replayed = true;
                return replay;
            }

            var head = UnitHead.Parse(headText);
            var version = head.PublishedVersion + 1;
            var info = new VersionInfo
            {
                Version = version,
                Source = RecordSource.Published,
                StoredAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                StoredBy = command.StoredBy,
                IdempotencyKey = command.Source.ContentSha256,
                WarningCount = command.Findings.Length,
                PublishedSource = command.Source,
            };
            info.Sections.AddRange(command.Report.Present.Codes());
            var stored = new StoredVersion { Report = ReportMapper.ToProto(command.Report), Info = info };
            stored.Findings.AddRange(FindingMapper.ToProto(command.Findings));
            var response = new BackfillResponse { Version = version };
            response.Findings.AddRange(stored.Findings);
            response.NotAssessable.AddRange(FindingMapper.ToProto(command.NotAssessable));
            stored.Findings.AddRange(response.NotAssessable);
            var item = new WriteItem(unit, headText, (head with { PublishedVersion = version, PublishedFindingCount = command.Findings.Length, PublishedCoreNotAssessed = UnitHead.CoreNotAssessed(command.NotAssessable) }).Format(), idemField, response.ToByteArray(),
                RedisKeys.BlobField(unit, RecordSource.Published, version), BlobCodec.Encode(stored), new HistoryEntry { Version = info }.ToByteArray(),
                Audit: _audit.Enabled
                    ? new AuditEntry(info.StoredAt.ToDateTimeOffset(), AuditAction.Backfill, AuditOutcome.Succeeded, command.Actor ?? AuditActor.OfSubject(command.StoredBy),
                        unit.Value, command.Report.Year.Value, version, command.Source.ContentSha256).Encode()
                    : "");
            var result = await WriteDirectAsync(db, partition, item, cancellationToken);
            if (result.Code == LuaScripts.Written)
            {
                return response;
            }

            if (result.Code == LuaScripts.Replayed)
            {
                var replay = BackfillResponse.Parser.ParseFrom(result.Bytes);
                replay.Replayed = true;
                return replay;
            }
        }

        throw new StoreException(StatusCode.Aborted, $"The unit-year of '{unit}' kept changing during the backfill; retry.");
    }
}

using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>Review decisions and backfilled (published) records: the unit-year's decision (<see cref="UnitYear"/>) written directly, outside the group commit.</summary>
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
            var unitYear = new UnitYear(command.Unit, command.Year, UnitHead.Parse(headText), null);
            var outcome = unitYear.Review(command.Decision, command.Version, command.Reason, command.Language);
            if (outcome is UnitYearRejected rejected)
            {
                var refusal = new StoreException(
                    rejected.Reason == RejectionReason.NotLatestVersion ? StoreErrorKind.Conflict : StoreErrorKind.Precondition, rejected.Message);
                if (_audit.Enabled)
                {
                    await AppendAuditAsync(new AuditTrail(partition), [ReviewAudit(command, AuditOutcome.Refused, rejected)], cancellationToken);
                }

                throw refusal;
            }

            var newHead = ((UnitYearAccepted)outcome).NewHead;
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
                return newHead.ReviewState;
            }
        }

        throw new StoreException(StoreErrorKind.Conflict, $"The unit-year of '{command.Unit}' kept changing during the review; retry.");
    }

    private AuditEntry ReviewAudit(ReviewCommand command, AuditOutcome outcome, UnitYearRejected? refusal) =>
        new(_time.GetUtcNow(), command.Decision == ReviewDecision.Accept ? AuditAction.ReviewAccept : AuditAction.ReviewReturn, outcome,
            command.Actor ?? AuditActor.OfSubject(command.ReviewedBy), command.Unit.Value, command.Year.Value, command.Version, "",
            refusal is null ? 0 : (int)RejectionMapper.ToStatusCode(refusal.Reason), refusal?.Message ?? command.Reason);

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

            var accepted = new UnitYear(unit, command.Report.Year, UnitHead.Parse(headText), null).Backfill(command.Findings, command.NotAssessable);
            var version = accepted.Version;
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
            var item = new WriteItem(unit, headText, accepted.NewHead.Format(), idemField, response.ToByteArray(),
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

        throw new StoreException(StoreErrorKind.Conflict, $"The unit-year of '{unit}' kept changing during the backfill; retry.");
    }
}

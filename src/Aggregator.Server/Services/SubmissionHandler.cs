using System.Diagnostics;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Server.Audit;
using Aggregator.Domain.Text;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Aggregator.Server.Telemetry;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Services;

/// <summary>
/// One submission from request to acknowledgement, shared by <c>Submit</c> and <c>SubmitStream</c>:
/// request checks, registry, authorisation, per-unit rate limit, mapping, then the store (which
/// merges, validates and writes). Never throws for a bad request: it answers a rejected acknowledgement.
/// Every outcome is in the audit trail: the store writes the entries of what it decides (in the same
/// script as the write); refusals decided here go through <see cref="AuditRecorder"/> (a denied unit as
/// <see cref="AuditAction.Denied"/>), except the rate limit's (counted in metrics: the limiter protects
/// the store, and would not if each refusal wrote an entry).
/// </summary>
public sealed class SubmissionHandler
{
    private readonly IReportStore _store;
    private readonly AccessPolicy _access;
    private readonly AggregatorMetrics _metrics;
    private readonly UnitRateLimiter _limiter;
    private readonly int _maxVersions;
    private readonly TimeProvider _time;
    private readonly int _maxYearsAhead;
    private readonly AuditRecorder? _audit;

    public SubmissionHandler(IReportStore store, AccessPolicy access, AggregatorMetrics metrics, IOptions<LimitsOptions> limits, TimeProvider? time = null, AuditRecorder? audit = null)
    {
        _audit = audit;
        _store = store;
        _access = access;
        _metrics = metrics;
        var l = limits.Value;
        _limiter = new UnitRateLimiter(l.SubmissionsPerSecond, l.SubmissionBurst, time);
        _maxVersions = l.MaxVersionsPerUnitYear;
        _time = time ?? TimeProvider.System;
        _maxYearsAhead = l.MaxYearsAhead;
    }

    /// <summary>Handles one submission. Throws only <see cref="StoreUnavailableException"/> and cancellation.</summary>
    public async Task<Acknowledgement> HandleAsync(SubmitRequest? request, Caller caller, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var (ack, audited) = await HandleCoreAsync(request, caller, cancellationToken);
        if (!audited && _audit is not null)
        {
            var action = ack.StatusCode is (int)StatusCode.PermissionDenied or (int)StatusCode.NotFound ? AuditAction.Denied : AuditAction.Submit;
            _audit.Record(ack.UnitId, ack.Year, new AuditEntry(_audit.Now, action, AuditOutcome.Refused, caller.Actor, ack.UnitId, ack.Year,
                0, request?.IdempotencyKey ?? "", ack.StatusCode, ack.StatusMessage));
        }

        _metrics.SubmissionDuration(Stopwatch.GetElapsedTime(start));
        var section = request?.Report is { } r ? SectionTag(r) : "none";
        if (ack.Outcome == AckOutcome.Accepted)
        {
            _metrics.Submission(ack.Replayed ? "replayed" : "accepted", section);
        }
        else
        {
            _metrics.Submission("rejected", section);
            foreach (var e in ack.Errors)
            {
                _metrics.Violation(e.RuleId);
            }
        }

        return ack;
    }

    /// <returns>The acknowledgement, and whether its audit entry is written already (by the store, or not at all: rate limit).</returns>
    private async Task<(Acknowledgement Ack, bool Audited)> HandleCoreAsync(SubmitRequest? request, Caller caller, CancellationToken cancellationToken)
    {
        if (request?.Report is not { } report)
        {
            return (Reject(StatusCode.InvalidArgument, "The submission has no report.", "", 0), false);
        }

        // A unary Submit with an unknown enum value never gets here (its request marshaller refuses
        // it); a SubmitStream message does, and is refused on its own.
        if (UnknownEnumValues.Find(request, "", 0) is { } unknown)
        {
            return (Reject(StatusCode.InvalidArgument, UnknownEnumValues.Describe(unknown.Path, unknown.Value, unknown.Enum), report.UnitId, report.Year), false);
        }

        if (!IsValidKey(request.IdempotencyKey))
        {
            return (Reject(StatusCode.InvalidArgument, "idempotency_key must be 1..128 printable ASCII characters.", report.UnitId, report.Year), false);
        }

        if (request.HasExpectedVersion && request.ExpectedVersion < 0)
        {
            return (Reject(StatusCode.InvalidArgument, "expected_version must not be negative.", report.UnitId, report.Year), false);
        }

        if (!Domain.UnitId.IsValid(report.UnitId))
        {
            // Not an id at all (empty, too long, spaces, control characters): a malformed message
            // naming unit_id (C.unit_id), not an unknown unit.
            var malformed = Reject(StatusCode.InvalidArgument, caller.Text(Messages.Server.InvalidUnitId), report.UnitId, report.Year);
            malformed.Errors.AddRange(FindingMapper.ToProto(ReportMapper.ToDomain(report).Errors));
            return (malformed, false);
        }

        Domain.Registry.RegionUnit unit;
        try
        {
            unit = _access.Authorize(caller, report.UnitId, Operation.Write);
        }
        catch (RpcException e)
        {
            return (Reject(e.StatusCode, e.Status.Detail, report.UnitId, report.Year), false);
        }

        if (!_limiter.TryAcquire(unit.Id.Value))
        {
            return (Reject(StatusCode.ResourceExhausted, $"Unit '{unit.Id}' exceeded its submission rate limit; retry later.", report.UnitId, report.Year), true);
        }

        var mapped = ReportMapper.ToDomain(report, ReportYear.LatestAt(_time.GetUtcNow(), _maxYearsAhead));
        if (!mapped.Success)
        {
            var rejected = Reject(StatusCode.InvalidArgument, caller.Text(Messages.Server.Malformed(mapped.Errors.Length)), report.UnitId, report.Year);
            rejected.Errors.AddRange(FindingMapper.ToProto(mapped.Errors));
            return (rejected, false);
        }

        if (!unit.Tree.ForYear(mapped.Report!.Year).Contains(unit.Id))
        {
            // A region change (区划调整): the unit's registry entry is not valid that year, so no rollup would count it.
            return (Reject(StatusCode.FailedPrecondition, caller.Text(Messages.Server.NotAUnitInYear(unit.Id.Value, report.Year)), report.UnitId, report.Year), false);
        }

        var command = new SubmissionCommand(mapped.Report!, request.IdempotencyKey,
            request.HasExpectedVersion ? request.ExpectedVersion : null, caller.Subject, _maxVersions, caller.Actor)
        {
            Language = caller.Language ?? Language.En,
        };
        return (await _store.SubmitAsync(command, cancellationToken), true);
    }

    internal static Acknowledgement Reject(StatusCode code, string message, string unitId, int year) => new()
    {
        Outcome = AckOutcome.Rejected,
        StatusCode = (int)code,
        StatusMessage = message,
        UnitId = unitId,
        Year = year,
    };

    internal static bool IsValidKey(string key)
    {
        if (key.Length is < 1 or > 128)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < (char)0x20 or > (char)0x7e)
            {
                return false;
            }
        }

        return true;
    }

    private static string SectionTag(Report report)
    {
        var sections = ReportMapper.SectionsOf(report);
        return sections == Domain.Sections.All ? "all" : string.Join('+', Domain.SectionsExtensions.Codes(sections)) is { Length: > 0 } s ? s : "none";
    }
}

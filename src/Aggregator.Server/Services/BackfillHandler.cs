using System.Security.Cryptography;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Aggregator.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Services;

/// <summary>
/// Handles one backfill (a published record, parsed or as a document): authorises, imports the
/// document, maps, checks against the rules (every finding is stored, errors included) and stores
/// it as the unit-year's next published version. Beside <see cref="SubmissionHandler"/>; used by the
/// unary and the streamed call alike.
/// </summary>
public sealed class BackfillHandler(IReportStore store, AccessPolicy access, IOptions<LimitsOptions> limits, TimeProvider time)
{
    /// <summary>Stores the published record; throws <see cref="RpcException"/> for a refused request and <see cref="StoreException"/> for a store failure.</summary>
    public async Task<BackfillResponse> HandleAsync(BackfillRequest request, Caller caller, bool chinese, CancellationToken ct)
    {
        // A BackfillStream message with an unknown enum value (report.format) is refused on its own.
        UnknownEnumValues.ThrowIfAny(request);
        var unit = access.Authorize(caller, request.UnitId, Operation.Backfill);
        var year = RequestYear.Parse(request.Year);
        if (!unit.Tree.ForYear(year).Contains(unit.Id))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, caller.Text(Messages.Server.NotAUnitInYear(unit.Id.Value, year.Value))));
        }

        var source = request.Source?.Clone() ?? new PublishedSource();
        Report report;
        IReadOnlyList<Aggregator.Domain.Rules.Finding> importFindings = [];
        switch (request.ContentCase)
        {
            case BackfillRequest.ContentOneofCase.Report:
                report = request.Report;
                if (report.UnitId != request.UnitId || report.Year != request.Year)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "The report's unit_id and year must match the request's."));
                }

                if (source.ContentSha256.Length != 64 || !source.ContentSha256.All(char.IsAsciiHexDigitLower))
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "source.content_sha256 (64 lowercase hex digits) is required with a parsed report."));
                }

                break;
            case BackfillRequest.ContentOneofCase.Document:
                source.ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(request.Document.Content.Span));
                report = DocumentImport.Parse(request.Document, unit.Id.Value, year.Value, out importFindings, chinese);
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Either a report or a document is required."));
        }

        var mapped = ReportMapper.ToDomain(report, ReportYear.LatestAt(time.GetUtcNow(), limits.Value.MaxYearsAhead));
        if (!mapped.Success)
        {
            throw ErrorDetails.InvalidArgument(caller.Text(Messages.Server.PublishedMalformed), [.. FindingMapper.ToProto(mapped.Errors)], caller.Language);
        }

        var previous = year.Value > ReportYear.Min ? await store.GetAsync(unit.Id, year.Previous, null, RecordSource.Unspecified, ct) : null;
        var previousReport = previous is null ? null : ReportMapper.ToDomain(previous.Version.Report).Report;
        var result = RuleEngine.Evaluate(mapped.Report!, previousReport);
        return await store.BackfillAsync(new BackfillCommand(mapped.Report!, [.. importFindings, .. result.Violations], [.. result.NotAssessable], source, caller.Subject, caller.Actor), ct);
    }
}

using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Export;
using Aggregator.Server.Auth;
using Google.Protobuf;
using Grpc.Core;

namespace Aggregator.Server.Services;

/// <summary>
/// Blank XLSX templates (<see cref="TemplateWorkbook"/>) with the unit's registry name on the cover.
/// Reading rights decide who may get which unit's template, as for the unit's reports.
/// </summary>
public sealed class TemplateServiceImpl(AccessPolicy access) : TemplateService.TemplateServiceBase
{
    public override Task<GetTemplateResponse> GetTemplate(GetTemplateRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        if (!ReportYear.IsValid(request.Year))
        {
            throw ErrorDetails.InvalidField($"year {request.Year} is outside {ReportYear.Min}..{ReportYear.Max}.", "year", "Outside the years reported on.");
        }

        var unit = request.UnitId.Length == 0 ? caller.Unit : access.Authorize(caller, request.UnitId, Operation.Read);
        var file = TemplateWorkbook.Create(unit.Id.Value, request.Year, unit.Name);
        return Task.FromResult(new GetTemplateResponse
        {
            Content = ByteString.CopyFrom(file.Content),
            ContentType = file.ContentType,
            FileName = file.FileName,
        });
    }
}

using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Services;

/// <summary>Builds gRPC errors with <c>google.rpc.BadRequest</c> details kept under the header size limit.</summary>
public static class ErrorDetails
{
    /// <summary>Largest serialized google.rpc.Status (base64 in a trailer: ×4/3 stays under 8 KB).</summary>
    public const int MaxStatusBytes = 5800;

    /// <summary>
    /// INVALID_ARGUMENT with one field violation per error (field = cell path; description = "rule: message"
    /// in <paramref name="language"/>, or "rule: en / zh" when the caller named none).
    /// </summary>
    public static RpcException InvalidArgument(string message, IReadOnlyList<Finding> errors, Language? language = null)
    {
        var badRequest = new BadRequest();
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        var baseSize = status.CalculateSize() + 64;
        var size = baseSize;
        for (var i = 0; i < errors.Count; i++)
        {
            var violation = ToViolation(errors[i], language);
            var add = violation.CalculateSize() + 8;
            var remaining = errors.Count - i;
            if (size + add > MaxStatusBytes - 120 && remaining > 1)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = "report",
                    Description = Messages.Server.MoreViolations(remaining).In(language ?? Language.En),
                });
                break;
            }

            badRequest.FieldViolations.Add(violation);
            size += add;
        }

        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT with one field violation naming the request <paramref name="field"/>.</summary>
    public static RpcException InvalidField(string message, string field, string description)
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } }));
        return status.ToRpcException();
    }

    public static BadRequest.Types.FieldViolation ToViolation(Finding f, Language? language = null) => new()
    {
        Field = f.Cells.Count > 0 ? f.Cells[0] : "report",
        Description = Clip(language is { } l
            ? Messages.Server.Violation(f.RuleId, new LocalizedText(f.MessageZh, f.MessageEn)).In(l)
            : f.RuleId + ": " + f.MessageEn + " / " + f.MessageZh, 1000),
    };

    /// <summary>The RpcException a rejected acknowledgement stands for.</summary>
    public static RpcException FromAcknowledgement(Acknowledgement ack, Language? language = null)
    {
        var code = (StatusCode)ack.StatusCode;
        return code == StatusCode.InvalidArgument && ack.Errors.Count > 0
            ? InvalidArgument(ack.StatusMessage, ack.Errors, language)
            : new RpcException(new Grpc.Core.Status(code, ack.StatusMessage));
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

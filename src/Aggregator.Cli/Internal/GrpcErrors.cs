using Aggregator.Domain.Text;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console;
using C = Aggregator.Domain.Text.Messages.Cli;

namespace Aggregator.Cli.Internal;

/// <summary>Turns gRPC failures into a friendly message, a violations table and an exit code.</summary>
internal static class GrpcErrors
{
    public static int ExitCodeOf(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Ok,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unavailable,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.Auth,
        StatusCode.NotFound => ExitCodes.NotFound,
        _ => ExitCodes.Rejected,
    };

    /// <summary>What a status code means to the user (<see cref="C"/>).</summary>
    public static LocalizedText Text(StatusCode code, string address) => code switch
    {
        StatusCode.Unavailable => C.Unavailable(address),
        StatusCode.DeadlineExceeded => C.DeadlineExceeded(address),
        StatusCode.Unauthenticated => C.Unauthenticated,
        StatusCode.PermissionDenied => C.PermissionDenied,
        StatusCode.NotFound => C.NotFound,
        StatusCode.InvalidArgument => C.InvalidArgument,
        StatusCode.FailedPrecondition => C.FailedPrecondition,
        StatusCode.Aborted => C.Aborted,
        StatusCode.AlreadyExists => C.AlreadyExists,
        StatusCode.ResourceExhausted => C.ResourceExhausted,
        StatusCode.Unimplemented => C.Unimplemented,
        StatusCode.Cancelled => C.Cancelled,
        _ => C.ServerError(code.ToString()),
    };

    /// <summary>Prints the failure (with BadRequest violations when present) and returns the exit code.</summary>
    public static int Report(CliContext ctx, RpcException e, string address)
    {
        var (zh, en) = Text(e.StatusCode, address);
        var detail = string.IsNullOrWhiteSpace(e.Status.Detail) || (e.StatusCode is StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.PermissionDenied
                && (e.Status.Detail.StartsWith("Error", StringComparison.Ordinal) || e.Status.Detail.StartsWith("Bad gRPC response", StringComparison.Ordinal)))
            ? ""
            : " — " + e.Status.Detail;
        ctx.Fail(zh + detail, en + detail);

        if (e.StatusCode == StatusCode.InvalidArgument && BadRequestOf(e) is { FieldViolations.Count: > 0 } bad)
        {
            var table = new Table().Title(ctx.T(C.Violations)).AddColumn(ctx.T(C.CellOrField)).AddColumn(ctx.T(C.Message));
            foreach (var v in bad.FieldViolations)
            {
                table.AddRow(new Text(v.Field), new Text(v.Description));
            }

            ctx.Err.Write(table);
        }

        return ExitCodeOf(e.StatusCode);
    }

    public static BadRequest? BadRequestOf(RpcException e)
    {
        try
        {
            return e.GetRpcStatus()?.GetDetail<BadRequest>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}

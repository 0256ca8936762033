using Aggregator.Domain.UnitYears;
using Grpc.Core;

namespace Aggregator.Domain.Mapping;

/// <summary>The contract's status code (a gRPC code, in-band in acknowledgements) of each <see cref="RejectionReason"/>.</summary>
public static class RejectionMapper
{
    /// <summary>INVALID_ARGUMENT for rule errors, FAILED_PRECONDITION when the unit-year's state forbids the call, ABORTED when it changed under it.</summary>
    public static StatusCode ToStatusCode(RejectionReason reason) => reason switch
    {
        RejectionReason.RulesViolated => StatusCode.InvalidArgument,
        RejectionReason.Locked or RejectionReason.TooManyVersions or RejectionReason.NothingToReview or RejectionReason.AlreadyAccepted => StatusCode.FailedPrecondition,
        RejectionReason.StaleExpectedVersion or RejectionReason.KeptChanging or RejectionReason.NotLatestVersion => StatusCode.Aborted,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown rejection reason."),
    };
}

using Aggregator.Server.Internal;
using Aggregator.Storage;
using Grpc.Core;

namespace Aggregator.Server.Tests;

/// <summary>The store names no gRPC status; the server maps its error kinds (one place, <see cref="StoreStatus"/>).</summary>
public sealed class StoreStatusUnitTests
{
    [Theory]
    [InlineData(StoreErrorKind.Unavailable, StatusCode.Unavailable)]
    [InlineData(StoreErrorKind.Conflict, StatusCode.Aborted)]
    [InlineData(StoreErrorKind.Precondition, StatusCode.FailedPrecondition)]
    [InlineData(StoreErrorKind.Internal, StatusCode.Internal)]
    public void ToStatusCode_EachKind_TheStatusCallersGet(StoreErrorKind kind, StatusCode expected) =>
        Assert.Equal(expected, StoreStatus.ToStatusCode(kind));

    [Fact]
    public void Of_Unavailable_TheStableCallerMessage()
    {
        var status = StoreStatus.Of(new StoreUnavailableException(new TimeoutException("agg:{4208:2021}:heads")));

        Assert.Equal((StatusCode.Unavailable, StoreUnavailableException.CallerMessage), (status.StatusCode, status.Detail));
    }
}

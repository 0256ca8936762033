using System.Text;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Server.Auth;

/// <summary>
/// Answers an unauthenticated gRPC request as gRPC does: a trailers-only response, HTTP 200,
/// <c>grpc-status: 16</c> (UNAUTHENTICATED) and the reason in <c>grpc-message</c>, instead of a bare
/// HTTP 401 whose reason only sits in <c>WWW-Authenticate</c> (which gRPC clients do not show).
/// </summary>
public static class GrpcChallenge
{
    /// <summary>True for a gRPC request (<c>content-type: application/grpc</c>, with or without a subtype).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the trailers-only UNAUTHENTICATED response with <paramref name="message"/>.</summary>
    public static void WriteUnauthenticated(HttpResponse response, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "16";
        response.Headers["grpc-message"] = PercentEncode(message);
    }

    /// <summary>grpc-message encoding: UTF-8, bytes outside printable ASCII and '%' as %XX.</summary>
    public static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aggregator.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// Pages of ListVersions (AIP-158): <c>page_size</c> 0 means <see cref="DefaultPageSize"/>, larger
/// than <see cref="MaxPageSize"/> is capped, negative is refused; <c>page_token</c> is opaque to
/// clients (base64url of unit, year and offset) and only valid for the unit-year it was issued for.
/// </summary>
/// <remarks>
/// Versions are listed oldest first and only ever appended, so an offset names the same position
/// on the next call; a version stored between two pages appears on a later page.
/// </remarks>
internal static class VersionPages
{
    public const int DefaultPageSize = 100;

    public const int MaxPageSize = 1000;

    /// <summary>The offset and size of the page asked for; INVALID_ARGUMENT naming the field otherwise.</summary>
    public static (int Offset, int Size) Parse(UnitId unit, ReportYear year, int pageSize, string pageToken)
    {
        if (pageSize < 0)
        {
            throw Invalid("page_size", $"page_size {pageSize} is negative.");
        }

        var size = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        if (pageToken.Length == 0)
        {
            return (0, size);
        }

        var prefix = Prefix(unit, year);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
        }
        catch (FormatException)
        {
            throw Invalid("page_token", "page_token is not a token this server issued.");
        }

        if (!text.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw Invalid("page_token", $"page_token was not issued for the versions of unit '{unit}' in {year}.");
        }

        return (offset, size);
    }

    /// <summary>The token of the page starting at <paramref name="offset"/>.</summary>
    public static string Token(UnitId unit, ReportYear year, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix(unit, year) + offset.ToString(CultureInfo.InvariantCulture)));

    private static string Prefix(UnitId unit, ReportYear year) => "v1|" + unit.Value + "|" + year.ToString() + "|";

    private static RpcException Invalid(string field, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        return status.ToRpcException();
    }
}

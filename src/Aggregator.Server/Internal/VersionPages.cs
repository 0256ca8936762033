using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aggregator.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// Pages of ListVersions and ListAudit (AIP-158): <c>page_size</c> 0 means <see cref="DefaultPageSize"/>, larger
/// than <see cref="MaxPageSize"/> is capped, negative is refused; <c>page_token</c> is opaque to
/// clients (base64url of the list, unit, year and position) and only valid for the list and unit-year it was issued for.
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
        var (position, size) = Parse("v1", unit.Value + "|" + year.ToString(), pageSize, pageToken, $"the versions of unit '{unit}' in {year}");
        return (checked((int)position), size);
    }

    /// <summary>The position and size of a page of the list <paramref name="kind"/> (e.g. <c>a1</c> for the audit trail) of <paramref name="scope"/> (e.g. unit|year), described as <paramref name="what"/> in errors.</summary>
    public static (long Position, int Size) Parse(string kind, string scope, int pageSize, string pageToken, string what)
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

        var prefix = Prefix(kind, scope);
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
            || !long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            throw Invalid("page_token", $"page_token was not issued for {what}.");
        }

        return (offset, size);
    }

    /// <summary>The token of the page starting at <paramref name="offset"/>.</summary>
    public static string Token(UnitId unit, ReportYear year, int offset) => Token("v1", unit.Value + "|" + year.ToString(), offset);

    /// <summary>The token of the page of the list <paramref name="kind"/> starting at <paramref name="position"/>.</summary>
    public static string Token(string kind, string scope, long position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix(kind, scope) + position.ToString(CultureInfo.InvariantCulture)));

    private static string Prefix(string kind, string scope) => kind + "|" + scope + "|";

    internal static RpcException Invalid(string field, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = message };
        status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        return status.ToRpcException();
    }
}

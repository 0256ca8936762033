using Aggregator.Domain.Text;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>
/// The language a caller asked for: the <c>accept-language</c> request header (the CLI sends
/// <c>zh-CN</c> or <c>en</c>; a browser sends its own list). Chinese when its first language is zh.
/// </summary>
internal static class RequestLanguage
{
    public const string Header = "accept-language";

    public static bool IsChinese(ServerCallContext context) => IsChinese(context.RequestHeaders.GetValue(Header));

    /// <summary>The language asked for, or null when the caller sent no <c>accept-language</c>.</summary>
    public static Language? Of(ServerCallContext context) => context.RequestHeaders.GetValue(Header) is { Length: > 0 } value
        ? IsChinese(value) ? Language.Zh : Language.En
        : null;

    public static bool IsChinese(string? acceptLanguage) =>
        acceptLanguage is { Length: > 0 } value && value.TrimStart().StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}

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

    public static bool IsChinese(ServerCallContext context) => Of(context) == Language.Zh;

    /// <summary>The language asked for, or null when the caller sent no <c>accept-language</c> (<see cref="Languages.FromAcceptLanguage"/>).</summary>
    public static Language? Of(ServerCallContext context) => Languages.FromAcceptLanguage(context.RequestHeaders.GetValue(Header));

    public static bool IsChinese(string? acceptLanguage) => Languages.FromAcceptLanguage(acceptLanguage) == Language.Zh;
}

using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace Aggregator.Cli.Internal;

/// <summary>The state shared by every command of one run: environment, language and the global options.</summary>
internal sealed class CliContext
{
    public const string ServerVariable = "AGGREGATOR_SERVER";
    public const string TokenVariable = "AGGREGATOR_TOKEN";
    public const string DefaultServer = "http://127.0.0.1:5000";

    public CliContext(CliEnvironment env, string language)
    {
        Env = env;
        Language = language;
        ServerOption = new Option<string>("--server")
        {
            Description = T($"服务器地址(环境变量 {ServerVariable},默认 {DefaultServer})", $"Server address (env {ServerVariable}, default {DefaultServer})"),
            Recursive = true,
            HelpName = "URL",
            DefaultValueFactory = _ => env.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s ? s : DefaultServer,
        };
        TokenOption = new Option<string?>("--token")
        {
            Description = T($"Bearer 令牌(环境变量 {TokenVariable})", $"Bearer token (env {TokenVariable})"),
            Recursive = true,
            HelpName = "JWT",

            // No DefaultValueFactory: help would print the token from the environment.
        };
        LangOption = new Option<string>("--lang")
        {
            Description = T($"输出语言 zh|en(环境变量 {Internal.Language.EnvironmentVariable},默认随系统区域)", $"Output language zh|en (env {Internal.Language.EnvironmentVariable}, default from the UI culture)"),
            Recursive = true,
            DefaultValueFactory = _ => language,
        };
        LangOption.AcceptOnlyFromAmong(Internal.Language.Zh, Internal.Language.En);
    }

    public CliEnvironment Env { get; }

    public string Language { get; }

    public bool IsZh => Language == Internal.Language.Zh;

    public IAnsiConsole Out => Env.Out;

    public IAnsiConsole Err => Env.Error;

    public Option<string> ServerOption { get; }

    public Option<string?> TokenOption { get; }

    public Option<string> LangOption { get; }

    /// <summary>Picks the text of the output language.</summary>
    public string T(string zh, string en) => IsZh ? zh : en;

    /// <summary>Picks the text of the output language from a catalogue text (<see cref="Aggregator.Domain.Text.Messages"/>).</summary>
    public string T(Aggregator.Domain.Text.LocalizedText text) => text.In(IsZh);

    /// <summary>Opens a channel to the server named by <c>--server</c>, with the bearer token of <c>--token</c>.</summary>
    public ServerConnection Connect(ParseResult result)
    {
        var address = NormalizeAddress(result.GetValue(ServerOption) ?? DefaultServer);
        var token = result.GetValue(TokenOption) is { Length: > 0 } given ? given : Env.GetEnvironmentVariable(TokenVariable);
        GrpcChannel channel;
        try
        {
            channel = Env.ChannelFactory(address);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Usage, $"服务器地址无效:{address}({e.Message})", $"Invalid server address '{address}' ({e.Message})");
        }

        // The server writes error details in the language asked for (RequestLanguage on the server).
        var headers = new Metadata { { "accept-language", IsZh ? "zh-CN" : "en" } };
        if (!string.IsNullOrWhiteSpace(token))
        {
            headers.Add("authorization", "Bearer " + token.Trim());
        }

        return new ServerConnection(address, channel, headers);
    }

    /// <summary>Adds http:// to a bare host:port.</summary>
    public static string NormalizeAddress(string address)
    {
        address = address.Trim();
        return address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
    }

    /// <summary>The JSON of <c>--output json</c>: the contract message, proto field names, enums by name, indented (as <c>export --format json</c>).</summary>
    public static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithIndentation());

    /// <summary>Writes <paramref name="message"/> as JSON on plain standard output.</summary>
    public void WriteJson(IMessage message) => Env.RawOut.WriteLine(Json.Format(message));

    /// <summary>Writes an error line on standard error.</summary>
    public void Fail(string zh, string en) => Err.MarkupLine("[red]" + Markup.Escape(T("错误:", "error: ") + T(zh, en)) + "[/]");
}

/// <summary>A channel, its address and the call headers (authorization).</summary>
internal sealed class ServerConnection(string address, GrpcChannel channel, Metadata headers) : IDisposable
{
    public string Address { get; } = address;

    public GrpcChannel Channel { get; } = channel;

    public Metadata Headers { get; } = headers;

    public void Dispose() => Channel.Dispose();
}

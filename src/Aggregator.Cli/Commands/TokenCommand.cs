using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Security;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>token</c>: mint a bearer token with the deployment's signing key.</summary>
internal static class TokenCommand
{
    public const string KeyVariable = "AGGREGATOR_SIGNING_KEY";
    public const string DefaultKeyPath = "./data/signing-key";
    public const string WebVariable = "AGGREGATOR_WEB";
    public const string DefaultWeb = "http://127.0.0.1:5080";

    public static Command Create(CliContext ctx)
    {
        var command = new Command("token", ctx.T(
            "用部署的签名密钥签发 JWT,只把令牌写到标准输出,便于 export AGGREGATOR_TOKEN=$(aggregator token ...)。密钥文件不存在时会新建。",
            "Mint a JWT with the deployment's signing key; only the token goes to stdout, so export AGGREGATOR_TOKEN=$(aggregator token ...) works. Creates the key file when it does not exist."));
        var unit = Options.Unit(ctx, required: true, "令牌所代表的单位 id", "The unit the token acts for");
        var role = new Option<string>("--role")
        {
            Description = ctx.T("角色:district 区县 | city 市 | province 省 | admin 管理员", "Role: district | city | province | admin"),
            Required = true,
        };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var key = new Option<string>("--key")
        {
            Description = ctx.T($"签名密钥文件(环境变量 {KeyVariable},默认 {DefaultKeyPath})", $"Signing key file (env {KeyVariable}, default {DefaultKeyPath})"),
            HelpName = "PATH",
            DefaultValueFactory = _ => ctx.Env.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } k ? k : DefaultKeyPath,
        };
        var days = new Option<int>("--days") { Description = ctx.T("有效天数", "Days the token is valid"), DefaultValueFactory = _ => 30 };
        var maxDays = (int)TokenIssuer.DefaultMaxLifetime.TotalDays;
        days.AddCheck(d => d < 1 || d > maxDays
            ? ctx.T($"--days 应在 1 到 {maxDays} 之间(服务器默认拒绝更长的令牌,Aggregator:Auth:MaxTokenLifetime)",
                $"--days must be within 1..{maxDays} (the server refuses longer tokens by default, Aggregator:Auth:MaxTokenLifetime)")
            : null);
        var link = new Option<bool>("--link")
        {
            Description = ctx.T(
                "输出控制台登录链接(令牌在 # 之后,不会发送到服务器日志)而不是令牌本身",
                "Print the console's sign-in link (the token after '#', so it never reaches server logs) instead of the bare token"),
        };
        var web = new Option<string>("--web")
        {
            Description = ctx.T($"控制台地址(环境变量 {WebVariable},默认 {DefaultWeb})", $"The console's address (env {WebVariable}, default {DefaultWeb})"),
            HelpName = "URL",
            DefaultValueFactory = _ => ctx.Env.GetEnvironmentVariable(WebVariable) is { Length: > 0 } w ? w : DefaultWeb,
        };
        web.AddCheck(w => Uri.TryCreate(w, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? null
            : ctx.T($"--web 应为 http(s) 地址,而不是 '{w}'", $"--web must be an http(s) address, not '{w}'"));
        command.Add(unit);
        command.Add(role);
        command.Add(key);
        command.Add(days);
        command.Add(link);
        command.Add(web);
        command.SetRun(ctx, (r, _) => Task.FromResult(Run(ctx, r.GetValue(unit)!, r.GetValue(role)!, r.GetValue(key)!, r.GetValue(days),
            r.GetValue(link) ? r.GetValue(web) : null)));
        return command;
    }

    /// <summary>The console's sign-in link: the token in the fragment, which browsers never send to the server.</summary>
    public static string SignInLink(string web, string token) => web.TrimEnd('/') + "/#/signin?token=" + Uri.EscapeDataString(token);

    internal static int Run(CliContext ctx, string unit, string role, string keyPath, int days, string? web = null)
    {
        byte[] signingKey;
        bool created;
        try
        {
            (signingKey, created) = SigningKey.LoadOrCreate(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliException(ExitCodes.Unparseable, $"无法读取签名密钥 {keyPath}:{e.Message}", $"Cannot read the signing key '{keyPath}': {e.Message}");
        }

        if (created)
        {
            ctx.Err.MarkupLine("[yellow]" + Markup.Escape(ctx.T(
                $"已新建签名密钥 {keyPath}:服务器须使用同一密钥文件", $"Created a new signing key at {keyPath}: the server must use the same key file")) + "[/]");
        }

        var token = TokenIssuer.Mint(signingKey, unit, role, TimeSpan.FromDays(days));
        ctx.Env.RawOut.WriteLine(web is null ? token : SignInLink(web, token));
        ctx.Env.RawOut.Flush();
        return ExitCodes.Ok;
    }
}

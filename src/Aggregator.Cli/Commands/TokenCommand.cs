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
        var key = KeyOption(ctx);
        var days = new Option<int>("--days") { Description = ctx.T("有效天数(默认 30)", "Days the token is valid (default 30)"), DefaultValueFactory = _ => 30 };
        var maxDays = (int)TokenIssuer.DefaultMaxLifetime.TotalDays;
        days.AddCheck(d => d < 1 || d > maxDays
            ? ctx.T($"--days 应在 1 到 {maxDays} 之间(服务器默认拒绝更长的令牌,Aggregator:Auth:MaxTokenLifetime)",
                $"--days must be within 1..{maxDays} (the server refuses longer tokens by default, Aggregator:Auth:MaxTokenLifetime)")
            : null);
        var lifetime = new Option<string?>("--lifetime")
        {
            Description = ctx.T("有效期,如 15m、8h、2d、1d12h(代替 --days;短期令牌)", "How long the token is valid, e.g. 15m, 8h, 2d, 1d12h (instead of --days; short-lived tokens)"),
            HelpName = "DURATION",
        };
        lifetime.AddCheck(l => l is null ? null
            : !TryParseDuration(l, out var d) ? ctx.T($"--lifetime 应为时长,如 15m、8h、2d、1d12h,而不是 '{l}'", $"--lifetime must be a duration such as 15m, 8h, 2d, 1d12h, not '{l}'")
            : d < TimeSpan.FromMinutes(1) || d > TokenIssuer.DefaultMaxLifetime
                ? ctx.T($"--lifetime 应在 1 分钟到 {maxDays} 天之间", $"--lifetime must be within 1 minute..{maxDays} days")
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
        command.Add(lifetime);
        command.Add(link);
        command.Add(web);
        command.SetRun(ctx, (r, _) =>
        {
            if (r.GetValue(lifetime) is not null && r.GetResult(days) is { Implicit: false })
            {
                throw new CliException(ExitCodes.Usage, "--days 与 --lifetime 只能给出一个", "Give --days or --lifetime, not both");
            }

            var valid = r.GetValue(lifetime) is { } text && TryParseDuration(text, out var d) ? d : TimeSpan.FromDays(r.GetValue(days));
            return Task.FromResult(Run(ctx, r.GetValue(unit)!, r.GetValue(role)!, r.GetValue(key)!, valid, r.GetValue(link) ? r.GetValue(web) : null));
        });
        return command;
    }

    /// <summary>The <c>--key</c> option of <c>token</c> and <c>keys</c>: the key ring file.</summary>
    public static Option<string> KeyOption(CliContext ctx) => new("--key")
    {
        Description = ctx.T($"签名密钥(密钥环)文件(环境变量 {KeyVariable},默认 {DefaultKeyPath})", $"Signing key (key ring) file (env {KeyVariable}, default {DefaultKeyPath})"),
        HelpName = "PATH",
        DefaultValueFactory = _ => ctx.Env.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } k ? k : DefaultKeyPath,
    };

    /// <summary>Parses a duration of whole days, hours, minutes and seconds in that order, e.g. <c>15m</c>, <c>8h</c>, <c>1d12h</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var units = "dhms";
        var next = 0;
        var number = 0L;
        var digits = 0;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c) && digits < 6)
            {
                number = number * 10 + (c - '0');
                digits++;
                continue;
            }

            var unit = units.IndexOf(c, next);
            if (digits == 0 || unit < 0)
            {
                return false;
            }

            duration += unit switch
            {
                0 => TimeSpan.FromDays(number),
                1 => TimeSpan.FromHours(number),
                2 => TimeSpan.FromMinutes(number),
                _ => TimeSpan.FromSeconds(number),
            };
            next = unit + 1;
            number = 0;
            digits = 0;
        }

        return digits == 0 && next > 0;
    }

    /// <summary>The console's sign-in link: the token in the fragment, which browsers never send to the server.</summary>
    public static string SignInLink(string web, string token) => web.TrimEnd('/') + "/#/signin?token=" + Uri.EscapeDataString(token);

    internal static int Run(CliContext ctx, string unit, string role, string keyPath, TimeSpan lifetime, string? web = null)
    {
        KeyRing ring;
        bool created;
        try
        {
            (ring, created) = KeyRing.LoadOrCreate(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyRingException)
        {
            throw new CliException(ExitCodes.Unparseable, $"无法读取签名密钥 {keyPath}:{e.Message}", $"Cannot read the signing key '{keyPath}': {e.Message}");
        }

        if (created)
        {
            ctx.Err.MarkupLine("[yellow]" + Markup.Escape(ctx.T(
                $"已新建签名密钥 {keyPath}:服务器须使用同一密钥文件", $"Created a new signing key at {keyPath}: the server must use the same key file")) + "[/]");
        }

        var token = TokenIssuer.Mint(ring, unit, role, lifetime);
        ctx.Env.RawOut.WriteLine(web is null ? token : SignInLink(web, token));
        ctx.Env.RawOut.Flush();
        return ExitCodes.Ok;
    }
}

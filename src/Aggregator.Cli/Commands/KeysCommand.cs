using System.CommandLine;
using System.Globalization;
using Aggregator.Cli.Internal;
using Aggregator.Security;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary>
/// <c>keys list|add|retire|revoke|unrevoke</c>: the key ring of the built-in token mode (see
/// <see cref="KeyRing"/>). Changes rewrite the file atomically (0600); servers reading it pick them up
/// within Aggregator:Auth:KeyRingPollInterval (default 5 s), without a restart.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("keys", ctx.T(
            "管理令牌签名密钥环:列出、新增(新密钥签发新令牌,旧密钥继续验证)、停用密钥,按单位吊销令牌。服务器在轮询间隔内(默认 5 秒)生效,无需重启。",
            "Manage the token key ring: list, add a key (it signs new tokens; older keys still validate), retire a key, revoke a unit's tokens. Servers apply changes within their poll interval (default 5 s), without a restart."));

        var list = new Command("list", ctx.T("列出密钥与吊销名单", "List the keys and the revoked units"));
        var listKey = TokenCommand.KeyOption(ctx);
        list.Add(listKey);
        list.SetRun(ctx, (r, _) => Task.FromResult(List(ctx, r.GetValue(listKey)!)));

        var add = new Command("add", ctx.T("新增密钥;它从现在起签发令牌", "Add a key; it signs tokens from now on"));
        var addKey = TokenCommand.KeyOption(ctx);
        var kid = new Option<string?>("--kid") { Description = ctx.T("密钥 id(默认按时间生成)", "Key id (default: generated from the time)"), HelpName = "KID" };
        add.Add(addKey);
        add.Add(kid);
        add.SetRun(ctx, (r, _) => Task.FromResult(Change(ctx, r.GetValue(addKey)!, create: true, ring =>
        {
            var now = DateTimeOffset.UtcNow;
            var changed = ring is null ? KeyRing.New(r.GetValue(kid), now) : ring.WithNewKey(r.GetValue(kid), now);
            var added = changed.Signing.Kid;
            return (changed, ctx.T($"已新增密钥 {added},它签发新令牌;其他未停用的密钥仍可验证。", $"Added key {added}; it signs new tokens, the other keys that are not retired still validate."));
        })));

        var retire = new Command("retire", ctx.T("停用密钥:用它签发的令牌被拒绝", "Retire a key: tokens signed with it are refused"));
        var retireKey = TokenCommand.KeyOption(ctx);
        var retiredKid = new Argument<string>("kid") { Description = ctx.T("要停用的密钥 id", "The id of the key to retire") };
        retire.Add(retireKey);
        retire.Add(retiredKid);
        retire.SetRun(ctx, (r, _) => Task.FromResult(Change(ctx, r.GetValue(retireKey)!, create: false, ring =>
        {
            var id = r.GetValue(retiredKid)!;
            return (ring!.Retire(id, DateTimeOffset.UtcNow), ctx.T($"已停用密钥 {id}:用它签发的令牌将被拒绝。", $"Retired key {id}: tokens signed with it are refused."));
        })));

        var revoke = new Command("revoke", ctx.T("吊销单位此前签发的所有令牌", "Revoke every token of a unit issued before now"));
        var revokeKey = TokenCommand.KeyOption(ctx);
        var revokeUnit = Options.Unit(ctx, required: true, "要吊销令牌的单位 id", "The unit whose tokens are revoked");
        revoke.Add(revokeKey);
        revoke.Add(revokeUnit);
        revoke.SetRun(ctx, (r, _) => Task.FromResult(Change(ctx, r.GetValue(revokeKey)!, create: false, ring =>
        {
            var unit = r.GetValue(revokeUnit)!;
            var now = DateTimeOffset.UtcNow;
            var at = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            return (ring!.Revoke(unit, now), ctx.T(
                $"已吊销单位 {unit} 在 {at} 之前签发的令牌;之后签发的新令牌有效。",
                $"Revoked the tokens of unit {unit} issued before {at}; tokens issued after it are valid."));
        })));

        var unrevoke = new Command("unrevoke", ctx.T("撤销对单位的吊销", "Lift a unit's revocation"));
        var unrevokeKey = TokenCommand.KeyOption(ctx);
        var unrevokeUnit = Options.Unit(ctx, required: true, "要撤销吊销的单位 id", "The unit whose revocation is lifted");
        unrevoke.Add(unrevokeKey);
        unrevoke.Add(unrevokeUnit);
        unrevoke.SetRun(ctx, (r, _) => Task.FromResult(Change(ctx, r.GetValue(unrevokeKey)!, create: false, ring =>
        {
            var unit = r.GetValue(unrevokeUnit)!;
            return (ring!.Unrevoke(unit), ctx.T($"已撤销对单位 {unit} 的吊销。", $"Lifted the revocation of unit {unit}."));
        })));

        command.Add(list);
        command.Add(add);
        command.Add(retire);
        command.Add(revoke);
        command.Add(unrevoke);
        return command;
    }

    private static int List(CliContext ctx, string path)
    {
        var ring = Load(ctx, path);
        foreach (var key in ring.Keys)
        {
            var state = key.Retired is { } retired
                ? ctx.T("已停用 ", "retired ") + Time(retired)
                : key == ring.Signing ? ctx.T("签发", "signing") : ctx.T("验证", "validating");
            ctx.Out.WriteLine($"{key.Kid}  {Time(key.Created)}  {state}");
        }

        foreach (var revocation in ring.Revocations)
        {
            ctx.Out.WriteLine(ctx.T($"已吊销 {revocation.UnitId}:{Time(revocation.IssuedBefore)} 之前签发的令牌",
                $"revoked {revocation.UnitId}: tokens issued before {Time(revocation.IssuedBefore)}"));
        }

        return ExitCodes.Ok;
    }

    private static int Change(CliContext ctx, string path, bool create, Func<KeyRing?, (KeyRing Ring, string Done)> change)
    {
        var ring = create && !File.Exists(path) ? null : Load(ctx, path);
        KeyRing changed;
        string done;
        try
        {
            (changed, done) = change(ring);
        }
        catch (KeyRingException e)
        {
            throw new CliException(ExitCodes.Usage, e.Message, e.Message);
        }

        try
        {
            changed.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Unparseable, $"无法写入密钥环 {path}:{e.Message}", $"Cannot write the key ring '{path}': {e.Message}");
        }

        ctx.Out.WriteLine(done);
        ctx.Out.WriteLine(ctx.T(
            "服务器在 Aggregator:Auth:KeyRingPollInterval(默认 5 秒)内读取变更,无需重启。",
            "Servers read the change within Aggregator:Auth:KeyRingPollInterval (default 5 s), without a restart."));
        return ExitCodes.Ok;
    }

    private static KeyRing Load(CliContext ctx, string path)
    {
        try
        {
            return KeyRing.Load(path);
        }
        catch (FileNotFoundException)
        {
            throw new CliException(ExitCodes.Unparseable, $"没有密钥文件 {path}(用 --key 指定)", $"There is no key file '{path}' (give it with --key)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyRingException)
        {
            throw new CliException(ExitCodes.Unparseable, $"无法读取密钥环 {path}:{e.Message}", $"Cannot read the key ring '{path}': {e.Message}");
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

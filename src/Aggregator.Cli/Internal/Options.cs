using System.CommandLine;
using Aggregator.Contracts.V1;
using Grpc.Core;

namespace Aggregator.Cli.Internal;

/// <summary>Option factories shared by commands, and the action wrapper that maps failures to exit codes.</summary>
internal static class Options
{
    public static Option<string> Unit(CliContext ctx, bool required, string? zh = null, string? en = null) => new("--unit")
    {
        Description = ctx.T(zh ?? "单位 id(如 4208 荆门市、jingmen-zhanghe 漳河新区)", en ?? "Unit id (e.g. 4208 for 荆门市, jingmen-zhanghe for 漳河新区)"),
        Required = required,
        HelpName = "ID",
    };

    public static Option<int?> Year(CliContext ctx, bool required, string? zh = null, string? en = null)
    {
        var option = new Option<int?>("--year")
        {
            Description = ctx.T(zh ?? "报告年度,如 2021", en ?? "Report year, e.g. 2021"),
            Required = required,
            HelpName = "N",
        };
        option.AddCheck(y => y is { } year && year is < 2008 or > 2100
            ? ctx.T($"年度 {year} 超出范围 2008–2100", $"Year {year} is outside 2008..2100")
            : null);
        return option;
    }

    /// <summary>
    /// Adds a check of the option's converted value; it runs only when the value could be converted.
    /// A value that cannot be (<c>--days abc</c>, <c>--year 0.5</c>) is already a parse error the parser
    /// reports as a usage error (exit 2); reading it in a validator would throw
    /// <see cref="InvalidOperationException"/> out of the parse and crash the process (exit 134).
    /// </summary>
    public static void AddCheck<T>(this Option<T> option, Func<T?, string?> check) =>
        option.Validators.Add(r =>
        {
            T? value;
            try
            {
                value = r.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                // Not convertible: the parser reports it (naming the option and the value).
                return;
            }

            if (check(value) is { } error)
            {
                r.AddError(error);
            }
        });

    /// <summary>
    /// Rejects blank values (<c>--key ""</c>, <c>--unit " "</c>) of every option and argument under
    /// <paramref name="command"/>: no option of this CLI means anything with an empty value, and an
    /// empty path or address otherwise fails late with a confusing message or an exception.
    /// </summary>
    public static void RejectBlankValues(CliContext ctx, Command command)
    {
        foreach (var option in command.Options)
        {
            option.Validators.Add(r =>
            {
                if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    r.AddError(ctx.T($"{option.Name} 的值不能为空", $"{option.Name} needs a value, not an empty string"));
                }
            });
        }

        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(r =>
            {
                if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    r.AddError(ctx.T($"参数 {argument.Name} 不能为空", $"Argument {argument.Name} needs a value, not an empty string"));
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RejectBlankValues(ctx, sub);
        }
    }

    public static Option<string> Policy(CliContext ctx)
    {
        var option = new Option<string>("--policy")
        {
            Description = ctx.T("计入哪些版本:submitted 最新报送(默认)| accepted 仅审核通过", "Which versions count: submitted (latest submitted, default) | accepted (accepted only)"),
            DefaultValueFactory = _ => "submitted",
        };
        option.AcceptOnlyFromAmong("submitted", "accepted");
        return option;
    }

    /// <summary><c>--output text|json</c> of the query commands: json prints the response message for scripts.</summary>
    public static Option<string> Output(CliContext ctx)
    {
        var option = new Option<string>("--output")
        {
            Description = ctx.T(
                "输出 text 表格(默认)| json 响应消息的 JSON(protobuf 字段名,供脚本使用)",
                "Output: text tables (default) | json, the response message as JSON (proto field names, for scripts)"),
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>True when <c>--output json</c> was given.</summary>
    public static bool IsJson(this ParseResult result, Option<string> output) => result.GetValue(output) == "json";

    public static VersionPolicy ToPolicy(string? value) =>
        value == "accepted" ? VersionPolicy.LatestAccepted : VersionPolicy.LatestSubmitted;

    public static Option<string?> Format(CliContext ctx)
    {
        var option = new Option<string?>("--format")
        {
            Description = ctx.T("报表格式 2019|2021(默认自动识别)", "Report format 2019|2021 (default: detected)"),
        };
        option.AcceptOnlyFromAmong("2019", "2021");
        return option;
    }

    public static FormatVersion? ToFormat(string? value) => value switch
    {
        "2019" => FormatVersion._2019,
        "2021" => FormatVersion._2021,
        _ => null,
    };

    /// <summary>Sets an action that maps <see cref="CliException"/> and <see cref="RpcException"/> to exit codes.</summary>
    public static void SetRun(this Command command, CliContext ctx, Func<ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (result, ct) =>
        {
            try
            {
                return await run(result, ct);
            }
            catch (CliException e)
            {
                ctx.Fail(e.MessageZh, e.MessageEn);
                return e.ExitCode;
            }
            catch (RpcException e)
            {
                var server = CliContext.NormalizeAddress(result.GetValue(ctx.ServerOption) ?? CliContext.DefaultServer);
                return GrpcErrors.Report(ctx, e, server);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                ctx.Fail("已取消", "cancelled");
                return ExitCodes.Rejected;
            }
        });
}

using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using Aggregator.Cli.Commands;
using Aggregator.Cli.Internal;
using Spectre.Console;

namespace Aggregator.Cli;

/// <summary>
/// The <c>aggregator</c> command line: builds the command tree for one run and invokes it.
/// Everything outside comes from <see cref="CliEnvironment"/>, so tests run commands in-process.
/// </summary>
public sealed class CliApp(CliEnvironment env)
{
    public CliEnvironment Environment { get; } = env;

    /// <summary>Parses and runs <paramref name="args"/>; returns an <see cref="ExitCodes"/> value.</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var language = Language.Resolve(args, Environment.GetEnvironmentVariable, Environment.UiCulture);
        var ctx = new CliContext(Environment, language);
        var root = BuildRoot(ctx);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                ctx.Fail(error.Message, error.Message);
            }

            var command = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Skip(1).Append(parse.CommandResult.Command.Name));
            var help = parse.CommandResult.Command is RootCommand ? "aggregator --help" : $"aggregator {command} --help";
            ctx.Err.MarkupLine("[grey]" + Markup.Escape(ctx.T($"用法见 {help}", $"See {help}")) + "[/]");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = Environment.RawOut,
            Error = Environment.RawError,
            EnableDefaultExceptionHandler = true,
        };
        return await parse.InvokeAsync(config, cancellationToken);
    }

    internal static RootCommand BuildRoot(CliContext ctx)
    {
        var description = new StringBuilder(ctx.T(
            "政府信息公开工作年度报表汇总系统命令行:导入、校验、报送、补录已公开报表,查看报送情况、汇总与比较,导出。",
            "Command line of the annual government information disclosure report aggregator: import, validate, submit, backfill published reports, view status, rollups and comparisons, export."));
        description.AppendLine().AppendLine().AppendLine(ctx.T("退出码:", "Exit codes:"));
        foreach (var (code, zh, en) in ExitCodes.All)
        {
            description.Append("  ").Append(code).Append("  ").AppendLine(ctx.T(zh, en));
        }

        var root = new RootCommand(description.ToString().TrimEnd());
        root.Add(ctx.ServerOption);
        root.Add(ctx.TokenOption);
        root.Add(ctx.LangOption);
        root.Add(ImportCommand.CreateImport(ctx));
        root.Add(ImportCommand.CreateValidate(ctx));
        root.Add(SubmitCommand.Create(ctx));
        root.Add(BackfillCommand.Create(ctx));
        root.Add(ShowCommand.Create(ctx));
        root.Add(QueryCommands.CreateStatus(ctx));
        root.Add(QueryCommands.CreateRollup(ctx));
        root.Add(QueryCommands.CreateCompare(ctx));
        root.Add(WatchCommand.Create(ctx));
        root.Add(ExportCommand.Create(ctx));
        root.Add(TokenCommand.Create(ctx));
        return root;
    }
}

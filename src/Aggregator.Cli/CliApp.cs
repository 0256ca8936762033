using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
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
                var message = Named(error);
                ctx.Fail(message, message);
            }

            var help = "aggregator " + string.Join(' ', CommandPath(parse.CommandResult).Append("--help"));
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

    /// <summary>A parse error's message, prefixed with the option or argument it is about when it does not name it already.</summary>
    private static string Named(ParseError error)
    {
        var name = error.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            ArgumentResult a => a.Argument.Name,
            _ => null,
        };
        return name is null || error.Message.Contains(name, StringComparison.Ordinal) ? error.Message : name + ": " + error.Message;
    }

    /// <summary>The names of the commands from the root (excluded) to <paramref name="result"/>'s, e.g. <c>export report</c>.</summary>
    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Command is not RootCommand; r = r.Parent)
        {
            names.Push(c.Command.Name);
        }

        return names;
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
        root.Add(QueryCommands.CreateSummary(ctx));
        root.Add(VersionsCommand.Create(ctx));
        root.Add(ReviewCommand.Create(ctx));
        root.Add(WatchCommand.Create(ctx));
        root.Add(ExportCommand.Create(ctx));
        root.Add(TemplateCommand.Create(ctx));
        root.Add(AuditCommand.Create(ctx));
        root.Add(TokenCommand.Create(ctx));
        root.Add(KeysCommand.Create(ctx));
        Options.RejectBlankValues(ctx, root);
        return root;
    }
}

using System.CommandLine;
using System.CommandLine.Completions;
using Aggregator.Cli.Internal;
using Aggregator.Testing;
using Spectre.Console.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// Every option and argument of every command, found by walking the command tree (so an option added
/// later is covered without touching this test), given malformed values: the CLI answers a usage
/// error (exit 2) that names the option, never an unhandled exception (exit 134).
/// </summary>
public sealed class MalformedOptionValuesTests
{
    /// <summary>Unreachable (nothing listens on port 1): a malformed value that slipped through fails with exit 3, not a hang.</summary>
    private const string Server = "http://127.0.0.1:1";

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        var root = Root();
        foreach (var (path, command) in Leaves(root, []))
        {
            // Every option that takes a value (not --help, --version), the global ones too, and every argument.
            var symbols = command.Options.Concat(root.Options.Where(o => o.Recursive))
                .Where(o => o.Arity.MaximumNumberOfValues > 0)
                .Cast<Symbol>()
                .Concat(command.Arguments);
            foreach (var symbol in symbols)
            {
                foreach (var value in MalformedValues(symbol))
                {
                    data.Add(string.Join(' ', path), symbol is Option o ? o.Name : "<" + symbol.Name + ">", value);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedValue_UsageErrorNamingTheOption_NeverACrash(string command, string symbol, string value)
    {
        var args = ArgsWith(command, symbol, value);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await new CliRunner().RunAsync(args, timeout.Token);

        Assert.True(result.ExitCode == ExitCodes.Usage, $"aggregator {string.Join(' ', args.Select(a => "'" + a + "'"))}\n{result}");
        var name = symbol.StartsWith('<') ? symbol.Trim('<', '>') : symbol;
        Assert.Contains(name, result.Error, StringComparison.Ordinal);
        Assert.Contains($"See aggregator {command} --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Baselines_EveryCommandWithItsValidArguments_ParseWithoutErrors()
    {
        var root = Root();
        var leaves = Leaves(root, []).ToList();
        Assert.True(leaves.Count >= 10, leaves.Count + " commands found");
        foreach (var (path, command) in leaves)
        {
            var args = Baseline(root, path, command, except: null);
            var parse = root.Parse(args);
            Assert.True(parse.Errors.Count == 0, string.Join(' ', args) + ": " + string.Join("; ", parse.Errors.Select(e => e.Message)));
            Assert.Same(command, parse.CommandResult.Command);
        }
    }

    /// <summary>The command's valid baseline with <paramref name="symbol"/> set to <paramref name="value"/> instead.</summary>
    private static string[] ArgsWith(string commandPath, string symbol, string value)
    {
        var root = Root();
        var path = commandPath.Split(' ');
        var command = Leaves(root, []).Single(l => l.Path.SequenceEqual(path)).Command;
        if (symbol.StartsWith('<'))
        {
            var argument = command.Arguments.Single(a => a.Name == symbol.Trim('<', '>'));
            return [.. Baseline(root, path, command, except: argument), value];
        }

        var option = command.Options.Concat(root.Options).First(o => o.Name == symbol);
        return [.. Baseline(root, path, command, except: option), symbol, value];
    }

    /// <summary>The command path, every argument and every required option with a valid value, and the unreachable server.</summary>
    private static List<string> Baseline(RootCommand root, string[] path, Command command, Symbol? except)
    {
        var args = new List<string>(path);
        if (except is not Option { Name: "--server" })
        {
            args.AddRange(["--server", Server]);
        }

        foreach (var option in command.Options.Where(o => o.Required && o != except))
        {
            args.AddRange([option.Name, ValidValue(option)]);
        }

        foreach (var argument in command.Arguments.Where(a => a != except))
        {
            args.Add(TestFiles.Zhanghe2021);
        }

        return args;
    }

    private static string ValidValue(Option option)
    {
        if (option.GetCompletions(CompletionContext.Empty).FirstOrDefault() is { } choice)
        {
            return choice.Label;
        }

        return option.Name switch
        {
            "--unit" => "4208",
            "--year" => "2021",
            "--metric" => "s3.new_requests.total",
            _ when IsNumeric(option.ValueType) => "1",
            _ => "x",
        };
    }

    /// <summary>Values no option of the type accepts; a flag (bool) takes no value and is left out.</summary>
    private static IEnumerable<string> MalformedValues(Symbol symbol)
    {
        var type = symbol switch
        {
            Option o => o.ValueType,
            Argument a => a.ValueType,
            _ => typeof(object),
        };
        if (type == typeof(bool))
        {
            return [];
        }

        if (IsNumeric(type))
        {
            return ["abc", "0.0001", "99999999999999999999", "-1", ""];
        }

        var restricted = symbol is Option option && option.GetCompletions(CompletionContext.Empty).Any();
        return restricted ? ["not-a-choice", ""] : ["", " "];
    }

    private static bool IsNumeric(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal));

    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
    {
        if (command.Action is not null && command is not RootCommand)
        {
            yield return (path, command);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }

    private static RootCommand Root()
    {
        var env = new CliEnvironment
        {
            Out = new TestConsole(),
            Error = new TestConsole(),
            RawOut = TextWriter.Null,
            RawError = TextWriter.Null,
            GetEnvironmentVariable = _ => null,
        };
        return CliApp.BuildRoot(new CliContext(env, Language.En));
    }
}

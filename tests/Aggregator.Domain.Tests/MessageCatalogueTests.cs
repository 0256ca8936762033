using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Tests;

/// <summary>
/// Walks every template of <see cref="Messages"/> (reflection over its nested classes) with sample
/// arguments, in both languages: a missing or empty translation, a Chinese text without Chinese, an
/// English text with Chinese outside quoted labels, or an argument shown in one language only fails.
/// </summary>
public sealed partial class MessageCatalogueTests
{
    [Fact]
    public void EveryTemplate_IsGivenInBothLanguages_WithTheSameArguments()
    {
        var failures = new List<string>();
        var walked = 0;
        foreach (var member in Templates())
        {
            foreach (var (args, tokens) in Samples(member.Parameters))
            {
                walked++;
                var text = member.Invoke(args);
                var name = member.Name + (args.Length == 0 ? "" : "(" + string.Join(", ", args.Select(Describe)) + ")");
                failures.AddRange(Check(name, text, tokens));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(walked > 150, $"only {walked} templates walked");
    }

    [Fact]
    public void EveryPublicMemberOfTheCatalogue_IsATemplate()
    {
        var strays = typeof(Messages).GetNestedTypes(BindingFlags.Public)
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m switch
            {
                MethodInfo method => !method.IsSpecialName && method.ReturnType != typeof(LocalizedText),
                PropertyInfo property => property.PropertyType != typeof(LocalizedText),
                FieldInfo => true,
                _ => false,
            })
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();

        Assert.Empty(strays);
    }

    [Fact]
    public void Check_CatchesEachKindOfFault()
    {
        Assert.NotEmpty(Check("empty", new LocalizedText("", "text"), []));
        Assert.NotEmpty(Check("no Chinese", new LocalizedText("text", "text"), []));
        Assert.NotEmpty(Check("Chinese in en", new LocalizedText("第三部分", "table 三"), []));
        Assert.NotEmpty(Check("an argument in one language", new LocalizedText("第三部分", "Section Q0q"), [new Token("Q0q", "Q0q")]));
        Assert.Empty(Check("a quoted label", new LocalizedText("第三部分", "the table of section \"三\""), []));
    }

    /// <summary>One template: a property or a method of a nested class of <see cref="Messages"/>.</summary>
    private sealed record Template(string Name, ParameterInfo[] Parameters, Func<object?[], LocalizedText> Invoke);

    /// <summary>A sample argument as it must appear in the Chinese and the English text.</summary>
    private sealed record Token(string Zh, string En);

    private static IEnumerable<Template> Templates()
    {
        foreach (var type in typeof(Messages).GetNestedTypes(BindingFlags.Public))
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(LocalizedText)))
            {
                yield return new Template(type.Name + "." + property.Name, [], _ => (LocalizedText)property.GetValue(null)!);
            }

            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName && m.ReturnType == typeof(LocalizedText)))
            {
                yield return new Template(type.Name + "." + method.Name, method.GetParameters(), args => (LocalizedText)method.Invoke(null, args)!);
            }
        }
    }

    /// <summary>
    /// Distinct ASCII sample values per parameter (so that each can be found in both texts); a bool
    /// parameter is tried both ways.
    /// </summary>
    private static IEnumerable<(object?[] Args, List<Token> Tokens)> Samples(ParameterInfo[] parameters)
    {
        var bools = parameters.Count(p => p.ParameterType == typeof(bool));
        for (var combination = 0; combination < 1 << bools; combination++)
        {
            var args = new object?[parameters.Length];
            var tokens = new List<Token>();
            var b = 0;
            for (var i = 0; i < parameters.Length; i++)
            {
                var type = parameters[i].ParameterType;
                var number = (7001 + i).ToString(CultureInfo.InvariantCulture);
                switch (type)
                {
                    case var t when t == typeof(string):
                        args[i] = $"Q{i}q";
                        tokens.Add(new Token($"Q{i}q", $"Q{i}q"));
                        break;
                    case var t when t == typeof(int):
                        args[i] = 7001 + i;
                        tokens.Add(new Token(number, number));
                        break;
                    case var t when t == typeof(long):
                        args[i] = 7001L + i;
                        tokens.Add(new Token(number, number));
                        break;
                    case var t when t == typeof(bool):
                        args[i] = (combination >> b++ & 1) == 1;
                        break;
                    case var t when t == typeof(LocalizedText):
                        args[i] = new LocalizedText($"Z{i}z", $"E{i}e");
                        tokens.Add(new Token($"Z{i}z", $"E{i}e"));
                        break;
                    case var t when t == typeof(IReadOnlyList<string>):
                        args[i] = new[] { $"L{i}a", $"L{i}b" };
                        tokens.Add(new Token($"L{i}a", $"L{i}a"));
                        tokens.Add(new Token($"L{i}b", $"L{i}b"));
                        break;
                    default:
                        throw new InvalidOperationException($"{parameters[i].Member.Name}: parameter {parameters[i].Name} of type {type} has no sample; add one here");
                }
            }

            yield return (args, tokens);
        }
    }

    private static IEnumerable<string> Check(string name, LocalizedText text, IReadOnlyList<Token> tokens)
    {
        if (string.IsNullOrWhiteSpace(text.Zh) || string.IsNullOrWhiteSpace(text.En))
        {
            yield return $"{name}: a translation is missing or empty (zh \"{text.Zh}\", en \"{text.En}\")";
            yield break;
        }

        if (!Chinese().IsMatch(text.Zh))
        {
            yield return $"{name}: the Chinese text has no Chinese: \"{text.Zh}\"";
        }

        var unquoted = Quoted().Replace(text.En, "");
        if (CjkOrFullWidth().Match(unquoted) is { Success: true } leak)
        {
            yield return $"{name}: the English text has Chinese outside quotes ('{leak.Value}'): \"{text.En}\"";
        }

        foreach (var token in tokens)
        {
            if (!text.Zh.Contains(token.Zh, StringComparison.Ordinal))
            {
                yield return $"{name}: the Chinese text does not show argument {token.Zh}: \"{text.Zh}\"";
            }

            if (!text.En.Contains(token.En, StringComparison.Ordinal))
            {
                yield return $"{name}: the English text does not show argument {token.En}: \"{text.En}\"";
            }

            if (token.Zh != token.En && (text.Zh.Contains(token.En, StringComparison.Ordinal) || text.En.Contains(token.Zh, StringComparison.Ordinal)))
            {
                yield return $"{name}: an argument is shown in the other language: zh \"{text.Zh}\", en \"{text.En}\"";
            }
        }
    }

    private static string Describe(object? arg) => arg switch
    {
        LocalizedText t => t.En,
        string[] list => string.Join("|", list),
        _ => Convert.ToString(arg, CultureInfo.InvariantCulture) ?? "null",
    };

    /// <summary>
    /// Chinese writing: a character, CJK or full-width punctuation, or the Chinese quotation marks (a
    /// template that only places its arguments, such as "where:why", is Chinese by its punctuation).
    /// </summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\p{IsHalfwidthandFullwidthForms}“”]")]
    private static partial Regex Chinese();

    /// <summary>Chinese characters, CJK punctuation (、,:) and full-width forms.</summary>
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\p{IsHalfwidthandFullwidthForms}]")]
    private static partial Regex CjkOrFullWidth();

    /// <summary>A quoted label: "…", “…” or 「…」.</summary>
    [GeneratedRegex("\"[^\"]*\"|“[^”]*”|「[^」]*」")]
    private static partial Regex Quoted();
}

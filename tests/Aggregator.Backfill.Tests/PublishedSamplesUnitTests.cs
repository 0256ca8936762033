using Aggregator.Backfill.Tests.Samples;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Import;

namespace Aggregator.Backfill.Tests;

/// <summary>The files of <c>samples/published/</c>: generated as committed, and each one imports.</summary>
public sealed class PublishedSamplesUnitTests
{
    /// <summary>Set to 1 to (re)write the generated samples instead of checking them.</summary>
    private const string RegenerateVariable = "AGGREGATOR_REGENERATE_SAMPLES";

    [Fact]
    public void Samples_AreWhatTheGeneratorWrites()
    {
        var generated = PublishedSampleGenerator.Generate();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            Directory.CreateDirectory(SamplesDirectory.Published);
            foreach (var sample in generated)
            {
                File.WriteAllText(Path.Combine(SamplesDirectory.Published, sample.FileName), sample.Content);
            }

            File.WriteAllText(Path.Combine(SamplesDirectory.Published, "README.md"), PublishedSampleGenerator.Readme(generated));
        }

        Assert.True(PublishedSampleGenerator.Readme(generated) == File.ReadAllText(Path.Combine(SamplesDirectory.Published, "README.md")),
            $"README.md differs from the generator; run the tests with {RegenerateVariable}=1.");

        foreach (var sample in generated)
        {
            var path = Path.Combine(SamplesDirectory.Published, sample.FileName);
            Assert.True(File.Exists(path), $"{sample.FileName} is missing; run the tests with {RegenerateVariable}=1.");
            Assert.True(sample.Content == File.ReadAllText(path), $"{sample.FileName} differs from the generator; run the tests with {RegenerateVariable}=1.");
        }

        var expected = generated.Select(s => s.FileName).Append(SamplesDirectory.ZhangheFile).Order(StringComparer.Ordinal);
        Assert.Equal(expected, SamplesDirectory.Files().Select(Path.GetFileName));
    }

    [Fact]
    public void Samples_EachImportsWithTheReportImporter_InTheFormatOfItsYear()
    {
        foreach (var file in SamplesDirectory.Files())
        {
            var (unit, year) = SamplesDirectory.UnitYear(file);

            var result = ReportImporter.Import(File.ReadAllText(file), new ImportOptions(unit, year));

            Assert.True(result.Success, Path.GetFileName(file) + ": " + string.Join("; ", result.Errors.Select(e => $"{e.Section} line {e.Line}: {e.MessageEn}")));
            Assert.Equal(year <= 2020 ? Contracts.V1.FormatVersion._2019 : Contracts.V1.FormatVersion._2021, result.Report!.Format);
            Assert.True(ReportMapper.ToDomain(result.Report).Success, Path.GetFileName(file));
        }
    }

    [Fact]
    public void Samples_OnlyTheDocumentedFilesBreakARuleOnTheirOwn()
    {
        var withErrors = new List<string>();
        foreach (var file in SamplesDirectory.Files())
        {
            var (unit, year) = SamplesDirectory.UnitYear(file);
            var report = ReportMapper.ToDomain(ReportImporter.Import(File.ReadAllText(file), new ImportOptions(unit, year)).Report!).Report!;

            var result = RuleEngine.Evaluate(report);

            Assert.Empty(result.NotAssessable);
            if (result.Violations.Any())
            {
                withErrors.Add(Path.GetFileName(file) + ": " + string.Join(",", result.Violations.Select(v => v.RuleId).Distinct()));
            }
        }

        Assert.Equal(["420804-2022.txt: A3.results_total", "420881-2020.txt: A4.group_total", "jingmen-zhanghe-2021.txt: N1"], withErrors);
    }
}

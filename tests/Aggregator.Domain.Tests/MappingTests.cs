using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Synthetic;
using CsCheck;
using Google.Protobuf;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Domain.Tests;

public sealed class MappingTests
{
    [Fact]
    public void ProtoRoundTrip_IsLossless_IncludingNotReportedAndMoney()
    {
        var cells = CellCatalog.All.Count;
        Gen.Select(Gen.Int, Gen.Int[2019, 2024], Gen.Int[0, 63], Gen.Int[0, 100]).Sample((seed, year, sectionBits, blankPercent) =>
        {
            var random = new Random(seed);
            var full = SyntheticReports.Create(new UnitId("u-1"), new ReportYear(year), random);
            var figures = new Figures.Builder();
            foreach (var (cell, value) in full.Figures)
            {
                figures.Set(cell, random.Next(100) < blankPercent ? null : value);
            }

            var sections = (Sections)sectionBits;
            var report = full with { Figures = figures.Build().WithSections(Figures.Empty, Sections.All & ~sections), Present = sections };

            var bytes = ReportMapper.ToProto(report).ToByteArray();
            var back = ReportMapper.ToDomain(Contract.Report.Parser.ParseFrom(bytes));

            Assert.True(back.Success, string.Join("; ", back.Errors.Select(e => e.MessageEn)));
            var r = back.Report!;
            return r.Figures.Equals(report.Figures) && r.Present == report.Present && r.Format == report.Format
                && ((sections & Sections.S1Overview) == 0 || r.Breakdown.SequenceEqual(report.Breakdown))
                && ((sections & Sections.S5Problems) == 0 || r.Narratives.Problems == report.Narratives.Problems);
        }, iter: 300);
    }

    [Fact]
    public void NotReported_IsDistinctFromZero_OnTheWire()
    {
        var report = TestReports.Zhanghe2021().WithCell("s3.granted.natural_person", null);
        var pb = ReportMapper.ToProto(report);

        Assert.False(pb.Requests.Granted.HasNaturalPerson);
        Assert.True(pb.Requests.Granted.HasTotal);
        Assert.Equal(0, pb.Requests.Granted.Total);
        Assert.Equal("7.522", pb.ProactiveDisclosure.AdministrativeFeesAmount.Value);
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("7,522")]
    [InlineData("abc")]
    [InlineData("")]
    public void MalformedMoney_IsAStructuralError_NamingTheCell(string value)
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.ProactiveDisclosure.AdministrativeFeesAmount = new Contract.Decimal { Value = value };

        var result = ReportMapper.ToDomain(pb);

        Assert.Null(result.Report);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ReportMapper.DecimalRule, error.RuleId);
        Assert.Equal("s2.administrative_fees.amount", error.Cells[0]);
    }

    [Fact]
    public void MissingFormat_WrongYearAndUnit_AreAllReported()
    {
        var pb = new Contract.Report { UnitId = "bad id!", Year = 1999 };

        var errors = ReportMapper.ToDomain(pb).Errors.Select(e => e.RuleId).ToHashSet();

        Assert.Equal([ReportMapper.UnitIdRule, ReportMapper.YearRule, ReportMapper.FormatRule], errors);
    }

    [Fact]
    public void FormatSectionMismatch_IsRejected()
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.ProactiveDisclosure2019 = new Contract.ProactiveDisclosure2019();

        var error = Assert.Single(ReportMapper.ToDomain(pb).Errors);
        Assert.Equal("report.proactive_disclosure_2019", error.Cells[0]);
    }

    [Fact]
    public void ControlCharacters_InNarrative_AreRejected()
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Overview.Introduction = "正常\u0001文本";

        var error = Assert.Single(ReportMapper.ToDomain(pb).Errors);
        Assert.Equal(ReportMapper.TextRule, error.RuleId);
        Assert.Equal("overview.introduction", error.Cells[0]);
    }

    [Fact]
    public void MergeSections_ReplacesOnlyTheSectionsSent()
    {
        var stored = TestReports.Zhanghe2021() with { Present = Sections.S2Proactive | Sections.S3Requests };
        var update = TestReports.Zhanghe2021().WithCell("s4.reconsideration.upheld", 1).WithCell("s4.reconsideration.total", 1)
            .WithCell("s2.regulations.issued", 9) with { Present = Sections.S4Review };

        var merged = stored.MergeSections(update);

        Assert.Equal(Sections.S2Proactive | Sections.S3Requests | Sections.S4Review, merged.Present);
        Assert.Equal(1m, merged.Figures[CellCatalog.Review("reconsideration", "upheld")]);
        Assert.Equal(0m, merged.Figures[CellCatalog.Get("s2.regulations.issued")]);
    }
}

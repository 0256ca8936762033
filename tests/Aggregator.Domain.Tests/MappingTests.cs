using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
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
        Assert.Equal("s2", error.Cells[0]);
    }

    [Fact]
    public void ControlCharacters_InNarrative_AreRejected()
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Overview.Introduction = "正常\u0001文本";

        var error = Assert.Single(ReportMapper.ToDomain(pb).Errors);
        Assert.Equal(ReportMapper.TextRule, error.RuleId);
        Assert.Equal("s1.introduction", error.Cells[0]);
    }

    [Theory]
    [InlineData("\u202E", "U+202E")] // right-to-left override
    [InlineData("\u202A", "U+202A")]
    [InlineData("\u2066", "U+2066")] // left-to-right isolate
    [InlineData("\u2069", "U+2069")]
    [InlineData("\u200B", "U+200B")] // zero-width space
    [InlineData("\u200F", "U+200F")] // right-to-left mark
    [InlineData("\uFEFF", "U+FEFF")] // zero-width no-break space inside text
    [InlineData("\u2028", "U+2028")] // line separator
    [InlineData("\u2029", "U+2029")] // paragraph separator
    [InlineData("\uFDD0", "U+FDD0")] // non-character
    [InlineData("\uFFFE", "U+FFFE")]
    [InlineData("\uD83F\uDFFF", "U+1FFFF")] // non-character outside the BMP
    public void InvisibleOrReservedCharacter_InNarrative_RejectedNamingTheFieldAndCharacter(string character, string shown)
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Problems.Improvements = "加强" + character + "改进";

        var error = Assert.Single(ReportMapper.ToDomain(pb).Errors);
        Assert.Equal(ReportMapper.TextRule, error.RuleId);
        Assert.Equal("s5.improvements", error.Cells[0]);
        Assert.Equal(shown, error.Reported);
        Assert.Contains(shown, error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void InvisibleCharacter_InBreakdownCategoryName_RejectedNamingTheCategory()
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Overview.Breakdown.Categories[0].Name = "新闻\u202Egnp.exe";

        var error = Assert.Single(ReportMapper.ToDomain(pb).Errors);
        Assert.Equal("s1.breakdown.categories[0].name", error.Cells[0]);
    }

    [Theory]
    [InlineData("中文、English, 123;全角()「」《》…—")]
    [InlineData("emoji 👍 and CJK extension B 𠀀")]
    public void OrdinaryText_IsAccepted(string text)
    {
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Problems.Improvements = text;

        Assert.Empty(ReportMapper.ToDomain(pb).Errors);
    }

    [Theory]
    [InlineData("2026-12-31T15:59:59Z", 2027, true)]  // 23:59:59 on 31 December 2026 in Shanghai: next year is 2027
    [InlineData("2026-12-31T15:59:59Z", 2028, false)]
    [InlineData("2026-12-31T16:00:00Z", 2028, true)]  // midnight in Shanghai: 2027 has begun (still 2026 in UTC)
    [InlineData("2026-12-31T16:00:00Z", 2029, false)]
    public void YearAfterNextYear_InShanghai_RejectedAsCYear(string now, int year, bool accepted)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var pb = ReportMapper.ToProto(TestReports.Zhanghe2021());
        pb.Year = year;

        var errors = ReportMapper.ToDomain(pb, ReportYear.LatestAt(clock.GetUtcNow())).Errors;

        if (accepted)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(ReportMapper.YearRule, error.RuleId);
            Assert.Equal("year", error.Cells[0]);
            Assert.Contains("is after", error.MessageEn, StringComparison.Ordinal);
        }

        // Stored reports load whatever the clock says.
        Assert.Empty(ReportMapper.ToDomain(pb).Errors);
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

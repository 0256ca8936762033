using System.Globalization;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Rendering;

namespace Aggregator.Backfill.Tests.Samples;

/// <summary>One generated sample document.</summary>
/// <param name="FileName"><c>&lt;unit&gt;-&lt;year&gt;.txt|html</c>.</param>
/// <param name="Content">The document as published.</param>
/// <param name="Form">How it is printed (format, text or Word page, quirks), for the README.</param>
/// <param name="KnownErrors">The published errors deliberately left in (for the README), empty when none.</param>
internal sealed record PublishedSample(string FileName, string Content, string Form, IReadOnlyList<string> KnownErrors);

/// <summary>
/// Generates <c>samples/published/</c>: five years (2019–2023) of published reports for three districts of
/// 荆门市 plus one more year of 京山市. 2019/2020 in the 2019 format (signed 本年增/减, 政府集中采购 in 元
/// inline), 2021+ in the 2021 format; 钟祥市 2021 is a hybrid (the single 其他处理 row); 掇刀区 2021 and
/// 东宝区 2022 are Word-generated pages. Figures are seeded and consistent (every 勾稽关系 and every
/// carry-over chain holds) except for the published errors listed per file. 漳河新区 2021 is the real
/// fixture, copied as is (not generated).
/// </summary>
internal static class PublishedSampleGenerator
{
    private sealed record District(string Id, string Name, decimal Scale, int Seed);

    private static readonly District[] s_districts =
    [
        new("420802", "东宝区", 1.0m, 802),
        new("420804", "掇刀区", 0.6m, 804),
        new("420881", "钟祥市", 1.5m, 881),
    ];

    private static readonly District s_jingshan = new("420882", "京山市", 1.2m, 882);

    /// <summary>Every generated sample, in file-name order.</summary>
    public static IReadOnlyList<PublishedSample> Generate()
    {
        var samples = new List<PublishedSample>();
        foreach (var district in s_districts)
        {
            samples.AddRange(FiveYears(district));
        }

        samples.Add(Single2021Format(s_jingshan, 2022));
        return [.. samples.OrderBy(s => s.FileName, StringComparer.Ordinal)];
    }

    private static IEnumerable<PublishedSample> FiveYears(District d)
    {
        var random = new Random(d.Seed);
        var state = new ChainState(random, d.Scale);
        for (var year = 2019; year <= 2023; year++)
        {
            var errors = new List<string>();
            var report = year <= 2020 ? Report2019(d, year, random, state, errors) : Report2021(d, year, random, state, errors, hybrid: d.Id == "420881" && year == 2021);
            var html = (d.Id, year) is ("420804", 2021) or ("420802", 2022);
            string content;
            if (year <= 2020)
            {
                content = Render2019Text(report, d, random.Next());
            }
            else if (html)
            {
                content = Narrate(HtmlReportRenderer.Render(report, d.Seed + year), d, year);
            }
            else
            {
                content = Title(d, year) + Narrate(TextReportRenderer.Render(report, d.Seed + year), d, year);
            }

            var form = year <= 2020 ? "2019 format, text (signed 本年增/减, 政府集中采购 in 元 inline, 23-row 三)"
                : html ? "2021 format, Word-generated HTML page (CMS page, `<o:p>`, `mso-` styles, split spans, `&nbsp;`, one-character header cells, mismatched 三 header colspans)"
                : d.Id == "420881" && year == 2021 ? "2021 format, text, **hybrid**: 三(六) 其他处理 printed as one row without its three sub-items"
                : "2021 format, text";
            yield return new PublishedSample($"{d.Id}-{year}.{(html ? "html" : "txt")}", content, form, errors);
        }
    }

    private static PublishedSample Single2021Format(District d, int year)
    {
        var random = new Random(d.Seed);
        var state = new ChainState(random, d.Scale);
        var report = Report2021(d, year, random, state, [], hybrid: false);
        return new PublishedSample($"{d.Id}-{year}.txt", Title(d, year) + Narrate(TextReportRenderer.Render(report, d.Seed + year), d, year), "2021 format, text (no 2021 record: no cross-year check)", []);
    }

    /// <summary>What carries from one year to the next (so the cross-year chains hold unless broken on purpose).</summary>
    private sealed class ChainState(Random random, decimal scale)
    {
        public long[] CarriedForward { get; } = [.. Enumerable.Range(0, 6).Select(i => i == 0 ? (long)random.Next(0, 3) : 0L)];

        public long NormativeTotalPublished { get; set; } = random.Next(40, 120);

        public Dictionary<string, long> PreviousItems { get; } = new(StringComparer.Ordinal)
        {
            ["licensing"] = Scaled(random.Next(150, 400), scale),
            ["other_services"] = Scaled(random.Next(20, 60), scale),
            ["penalty"] = Scaled(random.Next(600, 1500), scale),
            ["coercion"] = random.Next(10, 60),
            ["fees"] = random.Next(10, 40),
        };

        public Dictionary<string, long> Changes { get; } = new(StringComparer.Ordinal);

        public long NormativeInForce { get; set; } = random.Next(30, 90);
    }

    private static long Scaled(int value, decimal scale) => (long)decimal.Round(value * scale);

    // ------------------------------------------------------------------ figures

    private static Report Report2019(District d, int year, Random random, ChainState state, List<string> errors)
    {
        var report = new Report { UnitId = d.Id, Year = year, Format = FormatVersion._2019 };
        var made = random.Next(2, 12);
        var published = made - random.Next(0, 2);
        state.NormativeTotalPublished += published;
        var p = new ProactiveDisclosure2019
        {
            Regulations = new DocumentCounts2019 { Made = 0, Published = 0, TotalPublished = 0 },
            NormativeDocuments = new DocumentCounts2019 { Made = made, Published = published, TotalPublished = state.NormativeTotalPublished },
            AdministrativeLicensing = Items(state, random, "licensing", Scaled(random.Next(2000, 7000), d.Scale)),
            OtherManagementServices = Items(state, random, "other_services", Scaled(random.Next(300, 1500), d.Scale)),
            AdministrativePenalty = Items(state, random, "penalty", Scaled(random.Next(200, 900), d.Scale)),
            AdministrativeCoercion = Items(state, random, "coercion", random.Next(0, 40)),
            AdministrativeFees = Items(state, random, "fees", null),
            GovernmentProcurementItems = Scaled(random.Next(60, 300), d.Scale),
            GovernmentProcurementAmountYuan = new Contracts.V1.Decimal
            {
                Value = (random.Next(3_000_000, 90_000_000) + (random.Next(0, 100) / 100m)).ToString("0.00", CultureInfo.InvariantCulture),
            },
        };
        if ((d.Id, year) is ("420804", 2020))
        {
            // Published error: 行政许可 上一年项目数量 does not carry over from 2019 (2019 printed 上一年 + 增/减 ≠ this).
            var expected = p.AdministrativeLicensing.PreviousItems;
            p.AdministrativeLicensing.PreviousItems = expected + 12;
            errors.Add($"`Y2.previous_items` (warning): `s2.administrative_licensing.previous_items` {expected + 12} vs {expected} — 行政许可 上一年项目数量 does not carry over from 2019 (上一年项目数量 + 本年增/减)");
        }

        report.ProactiveDisclosure2019 = p;
        report.Requests = Requests(d, random, state, singleOtherHandlingRow: true);
        report.ReviewLitigation = Review(random);
        if ((d.Id, year) is ("420881", 2020))
        {
            // Published error: a 四 group printed 总计 0 while its parts are not.
            var g = report.ReviewLitigation.Reconsideration;
            (g.Upheld, g.Corrected, g.Other, g.Pending, g.Total) = (2, 1, 0, 0, 0);
            errors.Add("`A4.group_total` (error): `s4.reconsideration.total` 0 vs 3 — 行政复议 总计 printed 0 while 结果维持 2 + 结果纠正 1");
        }

        return report;
    }

    private static ItemCounts2019 Items(ChainState state, Random random, string key, long? decisions)
    {
        // This year's 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减.
        if (state.Changes.TryGetValue(key, out var lastChange))
        {
            state.PreviousItems[key] += lastChange;
        }

        var change = (long)random.Next(-20, 21);
        state.Changes[key] = change;
        var items = new ItemCounts2019 { PreviousItems = state.PreviousItems[key], Change = change };
        if (decisions is { } v)
        {
            items.Decisions = v;
        }

        return items;
    }

    private static Report Report2021(District d, int year, Random random, ChainState state, List<string> errors, bool hybrid)
    {
        var report = new Report { UnitId = d.Id, Year = year, Format = FormatVersion._2021 };
        var issued = random.Next(2, 12);
        var repealed = random.Next(0, 7);
        var inForce = state.NormativeInForce + issued - repealed;
        if ((d.Id, year) is ("420802", 2022))
        {
            // Published error: 现行有效件数 does not follow from 2021's (in force + issued − repealed).
            errors.Add($"`Y2.in_force` (warning): `s2.normative_documents.in_force` {inForce + 4} vs {inForce} — 行政规范性文件 现行有效件数 does not follow from 2021's {state.NormativeInForce} + 制发 {issued} − 废止 {repealed}");
            inForce += 4;
        }

        state.NormativeInForce = inForce;
        var fees = random.Next(50, 3000) + (random.Next(0, 10000) / 10000m);
        report.ProactiveDisclosure = new ProactiveDisclosure
        {
            Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = 0 },
            NormativeDocuments = new DocumentCounts { Issued = issued, Repealed = repealed, InForce = inForce },
            AdministrativeLicensingDecisions = Scaled(random.Next(2000, 9000), d.Scale),
            AdministrativePenaltyDecisions = Scaled(random.Next(200, 1500), d.Scale),
            AdministrativeCoercionDecisions = random.Next(0, 40),
            AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = fees.ToString("0.####", CultureInfo.InvariantCulture) },
        };
        report.Requests = Requests(d, random, state, hybrid);
        if ((d.Id, year) is ("420804", 2022))
        {
            // Published error: 予以公开 (自然人 and 总计) printed 2 too many, so the column no longer adds up to (七)总计.
            var granted = report.Requests.Granted;
            var printedTotal = report.Requests.ResultsTotal;
            granted.NaturalPerson += 2;
            granted.Total += 2;
            errors.Add($"`A3.results_total` (error): `s3.results_total.natural_person` {printedTotal.NaturalPerson} vs {printedTotal.NaturalPerson + 2} and `s3.results_total.total` {printedTotal.Total} vs {printedTotal.Total + 2} — (一)予以公开 printed 2 too many in 自然人 and 总计, so the 三 columns do not add up to (七)总计");
        }

        report.ReviewLitigation = Review(random);
        return report;
    }

    private static readonly (string Row, int Weight)[] s_results =
    [
        ("granted", 45), ("partially_granted", 9), ("withheld_state_secret", 1), ("withheld_prohibited_by_law", 1),
        ("withheld_security_stability", 1), ("withheld_third_party_rights", 3), ("withheld_internal_affairs", 2),
        ("withheld_process_information", 3), ("withheld_enforcement_files", 1), ("withheld_administrative_query", 2),
        ("unavailable_not_held", 18), ("unavailable_needs_creation", 4), ("unavailable_unclear", 2),
        ("not_processed_petition", 4), ("not_processed_duplicate", 2), ("not_processed_publication", 1),
        ("not_processed_excessive", 1), ("not_processed_confirmation", 1),
        ("other_handling_no_correction", 2), ("other_handling_fee_unpaid", 1), ("other_handling_other", 2),
    ];

    private static RequestHandling Requests(District d, Random random, ChainState state, bool singleOtherHandlingRow)
    {
        int[] volume = [(int)Scaled(random.Next(15, 70), d.Scale), random.Next(0, 9), random.Next(0, 2), random.Next(0, 3), random.Next(0, 4), random.Next(0, 3)];
        var rows = new Dictionary<string, long[]>(StringComparer.Ordinal);
        long[] Row(string id) => rows.TryGetValue(id, out var r) ? r : rows[id] = new long[6];
        var totalWeight = s_results.Sum(r => r.Weight);
        for (var c = 0; c < 6; c++)
        {
            var newRequests = volume[c];
            var carriedOver = state.CarriedForward[c];
            var carriedForward = c == 0 ? random.Next(0, Math.Min(4, newRequests + (int)carriedOver + 1)) : (newRequests > 3 && random.Next(4) == 0 ? 1 : 0);
            Row("new_requests")[c] = newRequests;
            Row("carried_over")[c] = carriedOver;
            Row("carried_forward")[c] = carriedForward;
            var results = newRequests + carriedOver - carriedForward;
            Row("results_total")[c] = results;
            foreach (var (id, _) in s_results)
            {
                Row(id);
            }

            for (var i = 0; i < results; i++)
            {
                var pick = random.Next(totalWeight);
                foreach (var (id, weight) in s_results)
                {
                    if ((pick -= weight) < 0)
                    {
                        Row(id)[c]++;
                        break;
                    }
                }
            }

            state.CarriedForward[c] = carriedForward;
        }

        RequestRow Printed(string id)
        {
            var r = Row(id);
            return new RequestRow
            {
                NaturalPerson = r[0], CommercialEnterprise = r[1], ResearchInstitution = r[2],
                SocialWelfareOrg = r[3], LegalServiceOrg = r[4], OtherOrg = r[5], Total = r.Sum(),
            };
        }

        var h = new RequestHandling
        {
            NewRequests = Printed("new_requests"),
            CarriedOver = Printed("carried_over"),
            Granted = Printed("granted"),
            PartiallyGranted = Printed("partially_granted"),
            WithheldStateSecret = Printed("withheld_state_secret"),
            WithheldProhibitedByLaw = Printed("withheld_prohibited_by_law"),
            WithheldSecurityStability = Printed("withheld_security_stability"),
            WithheldThirdPartyRights = Printed("withheld_third_party_rights"),
            WithheldInternalAffairs = Printed("withheld_internal_affairs"),
            WithheldProcessInformation = Printed("withheld_process_information"),
            WithheldEnforcementFiles = Printed("withheld_enforcement_files"),
            WithheldAdministrativeQuery = Printed("withheld_administrative_query"),
            UnavailableNotHeld = Printed("unavailable_not_held"),
            UnavailableNeedsCreation = Printed("unavailable_needs_creation"),
            UnavailableUnclear = Printed("unavailable_unclear"),
            NotProcessedPetition = Printed("not_processed_petition"),
            NotProcessedDuplicate = Printed("not_processed_duplicate"),
            NotProcessedPublication = Printed("not_processed_publication"),
            NotProcessedExcessive = Printed("not_processed_excessive"),
            NotProcessedConfirmation = Printed("not_processed_confirmation"),
            ResultsTotal = Printed("results_total"),
            CarriedForward = Printed("carried_forward"),
        };
        if (singleOtherHandlingRow)
        {
            var sum = new long[6];
            foreach (var id in new[] { "other_handling_no_correction", "other_handling_fee_unpaid", "other_handling_other" })
            {
                for (var c = 0; c < 6; c++)
                {
                    sum[c] += Row(id)[c];
                }
            }

            rows["other_handling_total"] = sum;
            h.OtherHandlingTotal = Printed("other_handling_total");
        }
        else
        {
            h.OtherHandlingNoCorrection = Printed("other_handling_no_correction");
            h.OtherHandlingFeeUnpaid = Printed("other_handling_fee_unpaid");
            h.OtherHandlingOther = Printed("other_handling_other");
        }

        return h;
    }

    private static ReviewLitigation Review(Random random)
    {
        ReviewGroup Group(int max)
        {
            var g = new ReviewGroup { Upheld = random.Next(0, max + 1), Corrected = random.Next(0, (max / 2) + 1), Other = random.Next(0, 2), Pending = random.Next(0, 2) };
            g.Total = g.Upheld + g.Corrected + g.Other + g.Pending;
            return g;
        }

        return new ReviewLitigation { Reconsideration = Group(4), LitigationDirect = Group(2), LitigationAfterReconsideration = Group(1) };
    }

    // ------------------------------------------------------------------ printing

    /// <summary>The README of <c>samples/published/</c>: every file, its form and its known errors.</summary>
    public static string Readme(IReadOnlyList<PublishedSample> samples)
    {
        var names = s_districts.Append(s_jingshan).ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        names["jingmen-zhanghe"] = "漳河新区";
        var rows = samples
            .Select(s => (s.FileName, s.Form, Errors: s.KnownErrors))
            .Append((SamplesDirectory.ZhangheFile, "2021 format, text: the **real** published report (copy of `shared/fixtures/reports/zhanghe-2021.txt`)",
                ["`N1` (warning): `s1.breakdown.stated_total` 4578 vs 4668 — the breakdown of 一 sums to 4668, not the stated 4578"]))
            .OrderBy(r => r.Item1, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.AppendLine("# Published reports of 荆门市's districts, 2019–2023 (backfill samples)");
        sb.AppendLine();
        sb.AppendLine("Past years' published 政府信息公开工作年度报告 for backfill (`aggregator backfill samples/published/`,");
        sb.AppendLine("README walk-through step 6). File names are `<unit>-<year>.txt|html` with the registry ids of");
        sb.AppendLine("`samples/registry/jingmen.yaml`. Every file imports with `ReportImporter`.");
        sb.AppendLine();
        sb.AppendLine("The same reports as districts also publish them — Word (.docx) and PDF files, and pages at an address —");
        sb.AppendLine("import too (`aggregator import|validate|backfill` take `.docx`, `.pdf` and `https://…`): the import tests");
        sb.AppendLine("print every file here to .docx and .pdf with LibreOffice headless (tables with merged cells, labels wrapped");
        sb.AppendLine("over lines, a page break inside table 三; cached under `artifacts/libreoffice/`) and compare every cell");
        sb.AppendLine("with the import of the file itself (`DocxImportTests`, `PdfImportTests`); `AddressImportTests` serve a page");
        sb.AppendLine("in GBK behind a redirect from a local HTTP server.");
        sb.AppendLine();
        sb.AppendLine("Except `jingmen-zhanghe-2021.txt` (the real fixture), the files are **generated** with plausible, seeded");
        sb.AppendLine("figures by `tests/Aggregator.Backfill.Tests/Samples/PublishedSampleGenerator.cs`; this README too. The");
        sb.AppendLine("test `PublishedSamplesUnitTests.Samples_AreWhatTheGeneratorWrites` checks that the files are what the");
        sb.AppendLine("generator writes; regenerate with");
        sb.AppendLine("`AGGREGATOR_REGENERATE_SAMPLES=1 dotnet test tests/Aggregator.Backfill.Tests --filter Samples_AreWhatTheGeneratorWrites`.");
        sb.AppendLine();
        sb.AppendLine("Figures are consistent (every 勾稽关系, 上年结转 = last year's 结转下年度, the 2019 format's 上一年项目数量 and");
        sb.AppendLine("对外公开总数量 chains, the 2021 format's 现行有效 chain) except for the **known errors** below, which real");
        sb.AppendLine("published reports contain and which backfill must store as printed, recorded as findings. Cross-year");
        sb.AppendLine("findings (`Y2.*`, `Y3.carry`) appear only when the previous year is stored first: backfill oldest year first");
        sb.AppendLine("(the CLI does).");
        sb.AppendLine();
        sb.AppendLine("| file | unit | form | known errors (rule: anchor, reported vs computed) |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (file, form, errors) in rows)
        {
            var unit = file[..file.LastIndexOf('-')];
            sb.AppendLine($"| `{file}` | {names[unit]} ({unit}) | {form} | {(errors.Count == 0 ? "none" : string.Join("<br>", errors))} |");
        }

        return sb.ToString();
    }

    private static string Title(District d, int year) => $"荆门市{d.Name}{year}年政府信息公开工作年度报告\n";

    private static string Narrate(string document, District d, int year) => document.Replace(
        "本年度政务公开工作稳步推进。",
        $"{year}年，{d.Name}坚持以公开为常态、不公开为例外，扎实推进政务公开标准化规范化建设。",
        StringComparison.Ordinal);

    /// <summary>The 2019 format as copied from a page: five blocks in 二, the 23-row 三, 四 as in 2021.</summary>
    private static string Render2019Text(Report report, District d, int seed)
    {
        var style = new PrintStyle(seed);
        string N(long v) => style.Count(v);
        string Signed(long v) => v.ToString(CultureInfo.InvariantCulture);
        var p = report.ProactiveDisclosure2019;
        var sb = new StringBuilder();
        sb.Append(Title(d, report.Year));
        sb.AppendLine("一、总体情况");
        sb.AppendLine($"{report.Year}年，{d.Name}认真贯彻落实新修订的《中华人民共和国政府信息公开条例》，推进决策、执行、管理、服务、结果公开。");
        sb.AppendLine("二、主动公开政府信息情况");
        sb.AppendLine("第二十条第(一)项 | |||");
        sb.AppendLine("信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |");
        sb.AppendLine($"规章 | {N(p.Regulations.Made)} | {N(p.Regulations.Published)} | {N(p.Regulations.TotalPublished)} |");
        sb.AppendLine($"规范性文件 | {N(p.NormativeDocuments.Made)} | {N(p.NormativeDocuments.Published)} | {N(p.NormativeDocuments.TotalPublished)} |");
        sb.AppendLine("第二十条第(五)项 | |||");
        sb.AppendLine("信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |");
        sb.AppendLine($"行政许可 | {N(p.AdministrativeLicensing.PreviousItems)} | {Signed(p.AdministrativeLicensing.Change)} | {N(p.AdministrativeLicensing.Decisions)} |");
        sb.AppendLine($"其他对外管理服务事项 | {N(p.OtherManagementServices.PreviousItems)} | {Signed(p.OtherManagementServices.Change)} | {N(p.OtherManagementServices.Decisions)} |");
        sb.AppendLine("第二十条第(六)项 | |||");
        sb.AppendLine("信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |");
        sb.AppendLine($"行政处罚 | {N(p.AdministrativePenalty.PreviousItems)} | {Signed(p.AdministrativePenalty.Change)} | {N(p.AdministrativePenalty.Decisions)} |");
        sb.AppendLine($"行政强制 | {N(p.AdministrativeCoercion.PreviousItems)} | {Signed(p.AdministrativeCoercion.Change)} | {N(p.AdministrativeCoercion.Decisions)} |");
        sb.AppendLine("第二十条第(八)项 | |||");
        sb.AppendLine("信息内容 | 上一年项目数量 | 本年增/减 | |");
        sb.AppendLine($"行政事业性收费 | {N(p.AdministrativeFees.PreviousItems)} | {Signed(p.AdministrativeFees.Change)} | |");
        sb.AppendLine("第二十条第(九)项 | |||");
        sb.AppendLine("信息内容 | 采购项目数量 | 采购总金额 | |");
        sb.AppendLine($"政府集中采购 | {N(p.GovernmentProcurementItems)} | {p.GovernmentProcurementAmountYuan.Value}元 | |");

        sb.AppendLine("三、收到和处理政府信息公开申请情况");
        sb.AppendLine("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||");
        sb.AppendLine("自然人 | 法人或其他组织 | 总计 | |||||||");
        sb.AppendLine("商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||");
        string? lastTop = null;
        string? lastGroup = null;
        foreach (var row in ReportLayout.RequestRows(singleOtherHandlingRow: true))
        {
            var labels = new List<string>();
            if (row.Top is not null && row.Top != lastTop)
            {
                labels.Add(row.Top);
            }

            if (row.Group is not null && row.Group != lastGroup)
            {
                labels.Add(row.Group);
            }

            (lastTop, lastGroup) = (row.Top, row.Group);
            labels.Add(row.Item);
            var cells = ReportLayout.Cells(row.Get(report.Requests)).Select(v => N(v!.Value));
            sb.AppendLine($"{string.Join(" | ", labels)} | {string.Join(" | ", cells)} | ||");
        }

        sb.AppendLine("四、政府信息公开行政复议、行政诉讼情况");
        sb.AppendLine("行政复议 | 行政诉讼 | |||||||||||||");
        sb.AppendLine("结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||");
        sb.AppendLine("结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | |||||");
        sb.AppendLine(string.Join(" | ", ReportLayout.Cells(report.ReviewLitigation).Select(v => N(v!.Value))) + " |");
        sb.AppendLine("五、存在的主要问题及改进情况");
        sb.AppendLine("主动公开的深度和广度还需拓展，政策解读形式较为单一。下一步将加强业务培训，丰富解读形式。");
        sb.AppendLine("六、其他需要报告的事项");
        sb.AppendLine("无。");
        return sb.ToString();
    }
}

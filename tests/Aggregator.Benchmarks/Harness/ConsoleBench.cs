using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server;
using Microsoft.Playwright;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// The console's benchmark (issue 14): the page weight of every console asset (as stored and
/// gzip-compressed), and the time from navigation to a rendered rollup page of one city of
/// <c>size</c> districts, every district submitted, in Debian's headless Chromium on loopback
/// against the in-process server on embedded Garnet.
/// </summary>
internal static class ConsoleBench
{
    public static async Task<string> RunAsync(int size, int runs, TextWriter log, CancellationToken ct)
    {
        var md = new StringBuilder();
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        long raw = 0, gz = 0;
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, ct);
            raw += bytes.Length;
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                await gzip.WriteAsync(bytes, ct);
            }

            gz += buffer.Length;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| Console page weight (all {files.Count} assets) | {raw / 1024.0:F1} KiB as stored, {gz / 1024.0:F1} KiB gzip | no external request, no font file |");

        const int Year = 2021;
        var registry = Workload.CitiesOfSizes("con", [size]);
        var city = "con-n" + size.ToString(CultureInfo.InvariantCulture);
        var work = Workload.Create(Workload.Districts(registry), Year, 7, 200);
        await using var host = await AggregatorHost.StartAsync(StoreChoice.Garnet, registry, Year);
        var submissions = new SubmissionService.SubmissionServiceClient(host.Channel);
        var messages = work.Requests.Select((r, i) => new SubmitStreamRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Submission = r }).ToList();
        var load = await Load.StreamAsync(4, messages, t => submissions.SubmitStream(host.Call(t)),
            r => r.Acknowledgement.Outcome == AckOutcome.Accepted ? (true, null) : (false, r.Acknowledgement.StatusMessage), ct);
        log.WriteLine($"console bench: {load.Accepted} of {messages.Count} reports accepted");

        var web = host.App.WebAddress();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            ChromiumSandbox = false,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/#/signin?token=" + host.Token(city, Roles.City));
        await page.Locator("#whoami").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });

        var expected = $"{size} / {size}";
        var times = new List<double>();
        var listTimes = new List<double>();
        long jsonBytes = 0;
        long listBytes = 0;
        page.RequestFinished += async (_, r) =>
        {
            if (!r.Url.Contains("/v1/", StringComparison.Ordinal))
            {
                return;
            }

            var sizes = await r.SizesAsync();
            if (r.Url.Contains("/rollup?unitListing=UNIT_LISTING_NONE", StringComparison.Ordinal))
            {
                jsonBytes = sizes.ResponseBodySize;
            }
            else if (r.Url.Contains("/rollup?unitListing=UNIT_LISTING_FULL", StringComparison.Ordinal))
            {
                listBytes = sizes.ResponseBodySize;
            }

            log.WriteLine($"console bench:   {r.Url} {sizes.ResponseBodySize / 1024} KiB, response end {r.Timing.ResponseEnd:F0} ms");
        };
        for (var i = 0; i <= runs; i++)
        {
            await page.GotoAsync("about:blank");
            var start = Stopwatch.GetTimestamp();
            await page.GotoAsync($"/#/rollup?unit={city}&year={Year}");
            await Assertions.Expect(page.Locator("#contributing-count")).ToHaveTextAsync(expected, new LocatorAssertionsToHaveTextOptions { Timeout = 300_000 });
            await page.Locator("td[data-cell='s4.litigation_after_reconsideration.total']").WaitForAsync(new LocatorWaitForOptions { Timeout = 300_000 });
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            await Assertions.Expect(page.Locator("#contributing > li")).ToHaveCountAsync(Math.Min(size, 200), new LocatorAssertionsToHaveCountOptions { Timeout = 300_000 });
            var listed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            log.WriteLine($"console bench:   script time to render {await page.EvaluateAsync<double>("() => performance.now()"):F0} ms since navigation start");
            log.WriteLine($"console bench: run {i}: {ms:F0} ms");
            if (i > 0)
            {
                times.Add(ms);
                listTimes.Add(listed);
            }
        }

        times.Sort();
        listTimes.Sort();
        md.AppendLine(CultureInfo.InvariantCulture, $"| Time to the rendered rollup page, city of {size:N0} districts (all submitted) | median {Percentiles.Of(times, 50):F0} ms (min {times[0]:F0}, max {times[^1]:F0}) over {times.Count} loads after one warm-up | navigation to tables 二/三/四 and the counts (figures requested without unit lists); rollup JSON of the figures {jsonBytes / 1024.0:F0} KiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| … and to the unit lists filled in | median {Percentiles.Of(listTimes, 50):F0} ms (min {listTimes[0]:F0}, max {listTimes[^1]:F0}) | the first 200 of {size:N0} contributing units (the rest on 显示全部), loaded after the figures; list JSON {listBytes / 1024.0:F0} KiB |");
        return md.ToString();
    }
}

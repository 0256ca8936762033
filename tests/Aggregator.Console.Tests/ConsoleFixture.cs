using Aggregator.Contracts.V1;
using Aggregator.Testing;
using Grpc.Core;
using Aggregator.Server;
using Microsoft.Playwright;

namespace Aggregator.Console.Tests;

/// <summary>
/// The real server in-process on the embedded store (<see cref="AggregatorTestServer"/>) with its web
/// endpoint on a loopback port, and Debian's Chromium driven by Playwright: headless, no sandbox, no
/// background networking, a fresh profile per launch (Playwright creates an empty temporary user-data-dir).
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (scripts/bootstrap.sh installs it); AGGREGATOR_CHROMIUM overrides.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("AGGREGATOR_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private AggregatorTestServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AggregatorTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>The console's address (the HTTP/1.1 web endpoint), e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string WebAddress { get; private set; } = "";

    /// <summary>Where the tests save screenshots: <c>artifacts/console/</c> at the repository root.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "console");

    public SubmissionService.SubmissionServiceClient Submissions => new(Server.Channel);

    /// <summary>The registry the server loads; null: the 荆门市 sample.</summary>
    protected virtual string? RegistryYaml => null;

    public QueryService.QueryServiceClient Queries => new(Server.Channel);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run scripts/bootstrap.sh (Debian package chromium).");
        }

        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-console-",
            RegistryYaml = RegistryYaml,
        });
        WebAddress = _server.App.WebAddress() is { Length: > 0 } web ? web : throw new InvalidOperationException("The server bound no web endpoint.");
        // An upper bound for the auto-waiting expectations on a loaded 2-core machine (nothing asserts a duration).
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args = s_chromiumArgs,
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A fresh browser context (own session storage) with a page at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = WebAddress,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in through the sign-in link (<c>#/signin?token=…</c>) as the unit in the role.</summary>
    public async Task<IPage> SignedInPageAsync(string unitId, string role, int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync($"/#/signin?token={Server.Token(unitId, role)}");
        await Assertions.Expect(page.Locator("#whoami [data-unit]")).ToHaveAttributeAsync("data-unit", unitId);
        return page;
    }

    /// <summary>gRPC call options with a bearer token of the unit in the role.</summary>
    public CallOptions As(string unitId, string role) => Server.As(unitId, role);

    /// <summary>Saves a full-page screenshot under <see cref="ArtifactsDirectory"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is { } browser)
        {
            await browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is { } server)
        {
            await server.DisposeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>The console over a registry with region changes (<see cref="RegionChangeRegistry"/>).</summary>
public sealed class RegionChangeConsoleFixture : ConsoleFixture
{
    protected override string? RegistryYaml => RegionChangeRegistry.Yaml;
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

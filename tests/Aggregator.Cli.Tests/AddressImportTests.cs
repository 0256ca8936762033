using System.Net;
using System.Net.Sockets;
using System.Text;
using Aggregator.Cli.Internal;
using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// <c>import</c>/<c>validate</c> of a page by its address, against a local HTTP server started by
/// the test: a full CMS page (navigation, header, footer around the report) served in GBK behind a
/// redirect imports exactly as the saved page does; the charset is taken from the header, else the
/// page's meta; redirects, size and time are bounded.
/// </summary>
public sealed class AddressImportTests : IDisposable
{
    private static readonly Encoding s_gb18030 = GetGb18030();
    private readonly LocalPages _pages = new();

    public void Dispose() => _pages.Dispose();

    public static TheoryData<string> GbLabels() => ["GBK", "gb2312", "GB18030"];

    [Theory]
    [MemberData(nameof(GbLabels))]
    public async Task Import_AddressOfGbEncodedCmsPageBehindARedirect_ImportsLikeTheSavedPage(string charset)
    {
        var sample = TestFiles.Sample("420802-2022.html");
        var html = File.ReadAllText(sample);
        _pages.Add("/xxgk/2023/report.html", 200, $"text/html; charset={charset}", s_gb18030.GetBytes(html));
        _pages.Redirect("/go", "/xxgk/2023/report.html");

        var local = await new CliRunner().RunAsync("import", sample);
        var fetched = await new CliRunner().RunAsync("import", _pages.Url("/go"), "--unit", "420802", "--year", "2022");

        Assert.True(local.ExitCode == ExitCodes.Ok, local.ToString());
        Assert.True(fetched.ExitCode == ExitCodes.Ok, fetched.ToString());
        Assert.Equal(local.RawOut, fetched.RawOut);
    }

    [Fact]
    public async Task Validate_PageDeclaringItsCharsetOnlyInMeta_IsDecodedByIt()
    {
        var html = File.ReadAllText(TestFiles.Sample("420802-2022.html")).Replace("charset=utf-8", "charset=gb2312", StringComparison.Ordinal);
        _pages.Add("/meta.html", 200, "text/html", s_gb18030.GetBytes(html));

        var local = await new CliRunner().RunAsync("import", TestFiles.Sample("420802-2022.html"));
        var fetched = await new CliRunner().RunAsync("import", _pages.Url("/meta.html"), "--unit", "420802", "--year", "2022");

        Assert.True(fetched.ExitCode == ExitCodes.Ok, fetched.ToString());
        Assert.Equal(local.RawOut, fetched.RawOut);
    }

    [Fact]
    public async Task Validate_UndeclaredUtf8Page_IsDecodedAsUtf8()
    {
        var html = File.ReadAllText(TestFiles.Sample("420802-2022.html")).Replace("charset=utf-8", "", StringComparison.Ordinal);
        _pages.Add("/plain.html", 200, "text/html", Encoding.UTF8.GetBytes(html));

        var result = await new CliRunner().RunAsync("validate", _pages.Url("/plain.html"), "--unit", "420802", "--year", "2022", "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("unit 420802, year 2022", result.Out);
    }

    [Fact]
    public async Task Validate_RedirectLoop_ExitsSixNamingTheRedirects()
    {
        _pages.Redirect("/loop", "/loop");

        var result = await new CliRunner().RunAsync("validate", _pages.Url("/loop"), "--unit", "420802", "--year", "2022", "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("more than 5 redirects", result.ToString());
    }

    [Fact]
    public async Task Validate_MissingPage_ExitsSixWithTheStatus()
    {
        var result = await new CliRunner().RunAsync("validate", _pages.Url("/nothing.html"), "--unit", "420802", "--year", "2022", "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("HTTP 404", result.ToString());
    }

    [Fact]
    public async Task Fetch_BodyOverTheLimit_IsRefused()
    {
        _pages.Add("/big.html", 200, "text/html", new byte[64 * 1024]);

        var e = await Assert.ThrowsAsync<PageFetchException>(() =>
            PageFetcher.FetchAsync(new Uri(_pages.Url("/big.html")), PageFetchOptions.Default with { MaxBytes = 16 * 1024 }, CancellationToken.None));
        Assert.Contains("larger than the limit of 16384 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_SlowServer_IsRefusedAfterTheTimeout()
    {
        _pages.Add("/slow.html", 200, "text/html", "<p>late</p>"u8.ToArray(), delay: TimeSpan.FromSeconds(5));

        var e = await Assert.ThrowsAsync<PageFetchException>(() =>
            PageFetcher.FetchAsync(new Uri(_pages.Url("/slow.html")), PageFetchOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None));
        Assert.Contains("not fetched within 0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("GBK")]
    [InlineData("GB2312")]
    [InlineData("GB18030")]
    public void Decode_ByTheDeclaredCharset(string charset)
    {
        const string Text = "三、收到和处理政府信息公开申请情况 “三安全一稳定” （一）予以公开 ０１２";
        var bytes = charset == "UTF-8" ? Encoding.UTF8.GetBytes(Text) : s_gb18030.GetBytes(Text);
        Assert.Equal(Text, PageFetcher.Decode(bytes, charset));
        Assert.Equal(Text, PageFetcher.Decode(bytes, null)); // undeclared: UTF-8 when valid, else GB18030
    }

    [Fact]
    public void Map_LineWithAnAddress_KeepsTheAddress()
    {
        using var dir = new TempDir();
        var map = dir.File("map.csv");
        File.WriteAllText(map, "path,unit,year\nhttps://www.example.gov.cn/xxgk/2023/report.html,420802,2022\n");

        var input = Assert.Single(ReportFiles.ReadMap(map));

        Assert.Equal("https://www.example.gov.cn/xxgk/2023/report.html", input.Path);
        Assert.True(input.IsAddress);
        Assert.True(ReportFiles.IsLocalOnly(input.Path));
    }

    private static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }

    /// <summary>A local HTTP server (HttpListener on a free loopback port) serving fixed pages and redirects.</summary>
    private sealed class LocalPages : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, (int Status, string? ContentType, byte[] Body, string? Location, TimeSpan Delay)> _routes = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly int _port;

        public LocalPages()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                _port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url(string path) => $"http://127.0.0.1:{_port}{path}";

        public void Add(string path, int status, string contentType, byte[] body, TimeSpan delay = default)
        {
            lock (_routes)
            {
                _routes[path] = (status, contentType, body, null, delay);
            }
        }

        public void Redirect(string path, string to)
        {
            lock (_routes)
            {
                _routes[path] = (302, null, [], to, TimeSpan.Zero);
            }
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => RespondAsync(context));
            }
        }

        private async Task RespondAsync(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                (int Status, string? ContentType, byte[] Body, string? Location, TimeSpan Delay) route;
                bool found;
                lock (_routes)
                {
                    found = _routes.TryGetValue(context.Request.Url!.AbsolutePath, out route);
                }

                if (!found)
                {
                    response.StatusCode = 404;
                    response.Close();
                    return;
                }

                if (route.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(route.Delay, _stop.Token);
                }

                response.StatusCode = route.Status;
                if (route.Location is not null)
                {
                    response.RedirectLocation = route.Location;
                }

                if (route.ContentType is not null)
                {
                    response.ContentType = route.ContentType;
                }

                response.ContentLength64 = route.Body.Length;
                await response.OutputStream.WriteAsync(route.Body, _stop.Token);
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                response.Abort();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends on the closed listener.
            }

            _stop.Dispose();
        }
    }
}

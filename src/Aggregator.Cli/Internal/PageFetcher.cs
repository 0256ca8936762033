using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Cli.Internal;

/// <summary>A published report fetched from its address: the bytes, the media type and the text when it is a page.</summary>
/// <param name="Address">The address asked for.</param>
/// <param name="FinalAddress">The address answered from, after redirects.</param>
/// <param name="Content">The body as received.</param>
/// <param name="MediaType">The response's media type ("text/html", "application/pdf", …), lower case.</param>
internal sealed record FetchedPage(Uri Address, Uri FinalAddress, byte[] Content, string MediaType, string? Charset)
{
    public bool IsPdf => MediaType == "application/pdf" || FinalAddress.AbsolutePath.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    public bool IsDocx => MediaType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        || FinalAddress.AbsolutePath.EndsWith(".docx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body as text, decoded by the declared charset (see <see cref="PageFetcher.Decode"/>).</summary>
    public string Text() => PageFetcher.Decode(Content, Charset);
}

/// <summary>Why an address could not be fetched (zh + en), for the caller to show as an unreadable input.</summary>
internal sealed class PageFetchException(string messageZh, string messageEn) : Exception(messageEn)
{
    public string MessageZh { get; } = messageZh;
}

/// <summary>Limits of a fetch.</summary>
/// <param name="Timeout">The whole fetch, redirects and body included. Default 30 s.</param>
/// <param name="MaxBytes">The largest body read. Default 20 MiB.</param>
/// <param name="MaxRedirects">Redirects followed at most. Default 5.</param>
internal sealed record PageFetchOptions(TimeSpan Timeout, long MaxBytes, int MaxRedirects)
{
    public static PageFetchOptions Default { get; } = new(TimeSpan.FromSeconds(30), 20 * 1024 * 1024, 5);
}

/// <summary>
/// Fetches a published report by its address (http/https): bounded in time, size and redirects,
/// and decodes a page by its declared charset — the Content-Type header, else the page's
/// <c>&lt;meta charset&gt;</c>, else a byte order mark, else UTF-8 when the bytes are valid UTF-8
/// and GB18030 otherwise. GBK and GB2312 are read as GB18030, which contains both.
/// </summary>
internal static partial class PageFetcher
{
    static PageFetcher() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An absolute http or https address.</summary>
    public static bool IsAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static async Task<FetchedPage> FetchAsync(Uri address, PageFetchOptions options, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
            AutomaticDecompression = DecompressionMethods.All,
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var seconds = options.Timeout.TotalSeconds;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("aggregator", "1.0"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var final = response.RequestMessage?.RequestUri ?? address;
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                throw new PageFetchException(
                    $"{address} 重定向超过 {options.MaxRedirects} 次(最后到 {final})",
                    $"{address}: more than {options.MaxRedirects} redirects (last at {final})");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PageFetchException($"{address} 返回 HTTP {status}", $"{address} answered HTTP {status}");
            }

            if (response.Content.Headers.ContentLength is long length && length > options.MaxBytes)
            {
                throw TooLarge(address, options.MaxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > options.MaxBytes)
                {
                    throw TooLarge(address, options.MaxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            var contentType = response.Content.Headers.ContentType;
            return new FetchedPage(address, final, buffer.ToArray(), contentType?.MediaType?.ToLowerInvariant() ?? "", contentType?.CharSet?.Trim('"', ' '));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new PageFetchException($"{address} 在 {seconds:0.#} 秒内没有取完", $"{address}: not fetched within {seconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new PageFetchException($"无法获取 {address}:{e.Message}", $"Cannot fetch {address}: {e.Message}");
        }
    }

    private static PageFetchException TooLarge(Uri address, long max) =>
        new($"{address} 超过 {max} 字节的上限", $"{address} is larger than the limit of {max} bytes");

    /// <summary>The text of a page: by the declared charset, else its meta charset or byte order mark, else UTF-8 or GB18030.</summary>
    public static string Decode(byte[] bytes, string? declared)
    {
        var charset = declared is { Length: > 0 } ? declared : MetaCharset(bytes);
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (charset is not null)
        {
            var encoding = EncodingOf(charset)
                ?? throw new PageFetchException($"页面声明了不支持的字符集 {charset}", $"The page declares an unsupported charset '{charset}'");
            return encoding.GetString(bytes);
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(54936).GetString(bytes);
        }
    }

    /// <summary>The encoding of a charset label; GBK, GB2312 and their aliases as GB18030 (a superset).</summary>
    private static Encoding? EncodingOf(string charset)
    {
        var name = charset.Trim().ToLowerInvariant();
        if (name is "gbk" or "gb2312" or "gb_2312-80" or "x-gbk" or "cp936" or "ms936" or "windows-936" or "euc-cn" or "csgb2312" or "gb18030")
        {
            return Encoding.GetEncoding(54936);
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The charset of a <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv content="…; charset=…"&gt;</c> in the first 4 KiB.</summary>
    private static string? MetaCharset(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var match = MetaCharsetPattern().Match(head);
        return match.Success ? match.Groups["c"].Value : null;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?(?<c>[A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MetaCharsetPattern();
}

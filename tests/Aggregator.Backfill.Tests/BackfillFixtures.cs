using System.Collections.Concurrent;
using Aggregator.Backfill.Tests.Samples;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server.Tests;
using Google.Protobuf;
using Grpc.Core;

namespace Aggregator.Backfill.Tests;

/// <summary>
/// The real server in-process (<see cref="ServerFixture"/> of the server tests) with its own store,
/// plus the samples of <c>samples/published/</c> backfilled once, on first use, by a 荆门市 city token.
/// </summary>
public abstract class BackfillServerFixture : ServerFixture
{
    public const string City = "4208";

    private readonly Lazy<Task<IReadOnlyDictionary<string, BackfillStreamResponse>>> _samples;

    protected BackfillServerFixture() => _samples = new(() => BackfillInYearOrderAsync(SamplesDirectory.Files(), As(City, Roles.City)));

    /// <summary>The acknowledgement of every sample, by file name.</summary>
    public Task<IReadOnlyDictionary<string, BackfillStreamResponse>> SamplesBackfilled => _samples.Value;

    public QueryService.QueryServiceClient Queries => new(Channel);

    /// <summary>
    /// Backfills files as documents parsed on the server, one BackfillStream call per year in ascending
    /// order, so each year's cross-year checks see the previous year already stored.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, BackfillStreamResponse>> BackfillInYearOrderAsync(IEnumerable<string> files, CallOptions options)
    {
        var all = new Dictionary<string, BackfillStreamResponse>(StringComparer.Ordinal);
        foreach (var year in files.GroupBy(f => SamplesDirectory.UnitYear(f).Year).OrderBy(g => g.Key))
        {
            foreach (var (file, response) in await BackfillStreamAsync(year, options))
            {
                all[file] = response;
            }
        }

        return all;
    }

    /// <summary>Backfills files over one BackfillStream call; the acknowledgement of each, by file name.</summary>
    public async Task<IReadOnlyDictionary<string, BackfillStreamResponse>> BackfillStreamAsync(IEnumerable<string> files, CallOptions options)
    {
        var byCorrelation = new Dictionary<string, string>(StringComparer.Ordinal);
        var responses = new ConcurrentDictionary<string, BackfillStreamResponse>(StringComparer.Ordinal);
        using var call = Submissions.BackfillStream(options);
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                responses[response.CorrelationId] = response;
            }
        });
        foreach (var file in files)
        {
            var id = "c" + byCorrelation.Count;
            byCorrelation[id] = Path.GetFileName(file);
            await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = id, Record = DocumentRequest(file) });
        }

        await call.RequestStream.CompleteAsync();
        await reader;
        Assert.Equal(byCorrelation.Count, responses.Count);
        return responses.ToDictionary(r => byCorrelation[r.Key], r => r.Value, StringComparer.Ordinal);
    }

    /// <summary>A backfill of a file as a document (the server parses it), unit and year from its name unless given.</summary>
    public static BackfillRequest DocumentRequest(string file, string? unit = null, int? year = null, byte[]? content = null)
    {
        var (u, y) = SamplesDirectory.UnitYear(file);
        return new BackfillRequest
        {
            UnitId = unit ?? u,
            Year = year ?? y,
            Document = new PublishedDocument
            {
                Content = ByteString.CopyFrom(content ?? File.ReadAllBytes(file)),
                MediaType = file.EndsWith(".html", StringComparison.Ordinal) ? "text/html" : "text/plain",
            },
            Source = new PublishedSource { FileName = Path.GetFileName(file) },
        };
    }
}

public sealed class RedisBackfillFixture : BackfillServerFixture
{
    protected override bool UseRedisServer => true;
}

public sealed class GarnetBackfillFixture : BackfillServerFixture
{
    protected override bool UseRedisServer => false;
}

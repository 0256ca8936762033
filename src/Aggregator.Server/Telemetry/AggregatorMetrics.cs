using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aggregator.Domain.Rules;
using Aggregator.Storage;
using Aggregator.Storage.Redis;

namespace Aggregator.Server.Telemetry;

/// <summary>The server's Meter and ActivitySource ("Aggregator.Server") and the instruments. Names are a contract with the dashboards.</summary>
public sealed class AggregatorMetrics : IStoreTelemetry
{
    public const string MeterName = "Aggregator.Server";

    private readonly Counter<long> _submissions;
    private readonly Counter<long> _violations;
    private readonly Histogram<double> _submissionDuration;
    private readonly Histogram<double> _storeRoundTrip;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<long> _batchBytes;
    private readonly UpDownCounter<long> _activeStreams;
    private readonly Counter<long> _authDenied;
    private readonly Counter<long> _auditDropped;

    public AggregatorMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _submissions = Meter.CreateCounter<long>("aggregator.submissions", "{submission}", "Submissions by result (accepted|rejected|replayed) and section.");
        _violations = Meter.CreateCounter<long>("aggregator.violations", "{violation}", "Rule violations in rejected submissions, by rule.");
        _submissionDuration = Meter.CreateHistogram<double>("aggregator.submission.duration", "s", "Time from receiving a submission to its acknowledgement.");
        _storeRoundTrip = Meter.CreateHistogram<double>("aggregator.store.roundtrip.duration", "s", "Duration of store writes and partition reads.");
        _batchSize = Meter.CreateHistogram<long>("aggregator.store.batch.size", "{submission}", "Submissions in one group-commit batch (bounded by Aggregator:Redis:MaxBatch).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _batchBytes = Meter.CreateHistogram<long>("aggregator.store.batch.bytes", "By", "Bytes of reports in one group-commit batch (bounded by Aggregator:Redis:MaxBatchBytes).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [4096, 16384, 65536, 262144, 1048576, 4194304, 16777216] });
        _activeStreams = Meter.CreateUpDownCounter<long>("aggregator.streams.active", "{stream}", "Open SubmitStream/BackfillStream calls.");
        _authDenied = Meter.CreateCounter<long>("aggregator.auth.denied", "{call}", "Calls refused by authentication or authorisation, by reason.");
        _auditDropped = Meter.CreateCounter<long>("aggregator.audit.dropped", "{entry}", "Audit entries of exports, denials and refusals before the store that could not be written (store unavailable, queue full).");

        // Every series exists from the start at 0, so rate()/increase() see the first increment too.
        foreach (var result in new[] { "accepted", "rejected", "replayed" })
        {
            _submissions.Add(0, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("section", "all"));
        }

        foreach (var (id, severity, _, _) in RuleCatalog.Descriptions)
        {
            if (severity == Severity.Error)
            {
                _violations.Add(0, new KeyValuePair<string, object?>("rule", id));
            }
        }

        foreach (var reason in DenialReasons)
        {
            _authDenied.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        _activeStreams.Add(0);
    }

    /// <summary>The bounded set of <c>reason</c> values of <c>aggregator.auth.denied</c>.</summary>
    public static IReadOnlyList<string> DenialReasons { get; } = ["missing_token", "invalid_token", "expired_token", "unknown_unit", "other_unit", "outside_subtree", "role"];

    public Meter Meter { get; }

    public static ActivitySource ActivitySource { get; } = new(MeterName);

    public void Submission(string result, string section) =>
        _submissions.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("section", section));

    public void Violation(string rule) => _violations.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void SubmissionDuration(TimeSpan duration) => _submissionDuration.Record(duration.TotalSeconds);

    public void StreamOpened() => _activeStreams.Add(1);

    public void StreamClosed() => _activeStreams.Add(-1);

    public void AuditDropped(int count) => _auditDropped.Add(count);

    /// <summary>Reasons: missing_token, invalid_token, expired_token, role_level, token_lifetime, retired_key, revoked_unit, oidc_claims, idp_unreachable, unknown_unit (the token's unit), unknown_target (a request's unit, non-admin), other_unit, outside_subtree, role.</summary>
    public void AuthDenied(string reason) => _authDenied.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordRoundTrip(string operation, TimeSpan duration) =>
        _storeRoundTrip.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    public void RecordBatch(int submissions, long bytes)
    {
        _batchSize.Record(submissions);
        _batchBytes.Record(bytes);
    }
}

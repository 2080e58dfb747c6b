using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Sahana.Sync.Diagnostics;

/// <summary>
/// What Sahana.Sync reports to <c>System.Diagnostics</c>: the <c>Sahana.Sync</c> meter's instruments and the
/// spans of its activity source, named as <c>docs/observability.md</c> lists them. One per service provider,
/// its meter made by the host's <see cref="IMeterFactory"/>, so a test (or a second host in the process) can
/// tell its own measurements from the others' by <see cref="Meter.Scope"/>.
/// </summary>
internal sealed class SyncTelemetry
{
    /// <summary>The source of every Sahana.Sync span; a span costs nothing while no listener samples it.</summary>
    internal static readonly ActivitySource Source = new(SyncDiagnostics.Name, Version);

    private static readonly Lazy<SyncTelemetry> Shared
        = new(() => new SyncTelemetry(new Meter(SyncDiagnostics.Name, Version)));

    private readonly Histogram<double> _importDuration;
    private readonly Counter<long> _importRows;
    private readonly Counter<long> _importConflicts;
    private readonly Counter<long> _importBytes;
    private readonly Histogram<double> _exportDuration;
    private readonly Counter<long> _exportRows;
    private readonly Counter<long> _exportBytes;
    private readonly Counter<long> _failures;

    private SyncTelemetry(Meter meter)
    {
        Meter = meter;
        _importDuration = meter.CreateHistogram<double>(
            "sahana_sync.import.duration", "s", "How long imports took, by outcome: merged, refused or failed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _importRows = meter.CreateCounter<long>(
            "sahana_sync.import.rows", "{row}", "Rows of imported files, by table and what the merge did with them.");
        _importConflicts = meter.CreateCounter<long>(
            "sahana_sync.import.conflicts", "{conflict}", "Rows both sides changed since they last agreed, by table.");
        _importBytes = meter.CreateCounter<long>(
            "sahana_sync.import.bytes", "By", "Bytes of sync files read by imports.");
        _exportDuration = meter.CreateHistogram<double>(
            "sahana_sync.export.duration", "s", "How long exports took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _exportRows = meter.CreateCounter<long>(
            "sahana_sync.export.rows", "{row}", "Rows written by exports, by table.");
        _exportBytes = meter.CreateCounter<long>(
            "sahana_sync.export.bytes", "By", "Bytes of sync files written by exports.");
        _failures = meter.CreateCounter<long>(
            "sahana_sync.failures", "{failure}", "Imports, exports, pulls and pushes that failed, by operation and cause.");
    }

    /// <summary>Gets the telemetry of a context built without a service provider: a meter of the process.</summary>
    internal static SyncTelemetry Default => Shared.Value;

    /// <summary>Gets the meter the instruments belong to.</summary>
    internal Meter Meter { get; }

    /// <summary>Gets the version of the meter and the activity source: the package's informational version.</summary>
    internal static string? Version { get; } = typeof(SyncTelemetry).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    // Imports and exports take from milliseconds (a small delta) to many minutes (a first full sync).
    private static IReadOnlyList<double> DurationBuckets { get; }
        = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>The telemetry of a service provider: its meter from its <see cref="IMeterFactory"/>, if any.</summary>
    internal static SyncTelemetry From(IServiceProvider services)
        => services.GetService<IMeterFactory>() is { } factory
            ? new SyncTelemetry(factory.Create(new MeterOptions(SyncDiagnostics.Name) { Version = Version }))
            : Default;

    /// <summary>
    /// The <c>error.type</c> of a failure: a short name for Sahana.Sync's own exceptions and the usual failures of a
    /// sync, else the exception's full type name, as OpenTelemetry's conventions ask.
    /// </summary>
    internal static string ErrorType(Exception exception) => exception switch
    {
        SyncReferenceException => "reference",
        SyncFormatException => "format",
        SyncClockException => "clock",
        SyncSenderException => "sender",
        SyncConcurrencyException => "concurrency",
        SyncConfigurationException => "configuration",
        SyncException => "sync",
        OperationCanceledException => "cancelled",
        TimeoutException => "timeout",
        HttpRequestException { StatusCode: { } status } => ((int)status).ToString(CultureInfo.InvariantCulture),
        HttpRequestException => "http",
        DbException => "database",
        IOException => "io",
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    /// <summary>
    /// Runs an import under its span and records it: rows by outcome, conflicts, bytes read and the duration by
    /// outcome, or the failure by its kind.
    /// </summary>
    internal async Task<MergeReport> ImportAsync(
        Stream source,
        ImportOptions? options,
        Func<Stream, CancellationToken, Task<MergeReport>> import,
        CancellationToken cancellationToken)
    {
        var kind = options?.Restore == true ? "restore" : "merge";
        using var activity = Source.StartActivity("sahana_sync.import");
        activity?.SetTag("sahana_sync.import.kind", kind);
        var started = Stopwatch.GetTimestamp();
        var counted = new CountingStream(source);
        try
        {
            var report = await import(counted, cancellationToken).ConfigureAwait(false);
            RecordImport(activity, report, kind, counted.BytesRead, Stopwatch.GetElapsedTime(started));
            return report;
        }
        catch (Exception e)
        {
            var peer = options?.ExpectedSender ?? options?.Sender;
            var outcome = e is SyncException and not SyncConcurrencyException ? "refused" : "failed";
            var tags = new TagList { { "sahana_sync.import.kind", kind }, { "sahana_sync.import.outcome", outcome } };
            AddPeer(ref tags, peer);
            Failed(activity, e, ref tags, "import");
            _importBytes.Add(counted.BytesRead, tags);
            _importDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("sahana_sync.import.outcome", outcome).SetTag("sahana_sync.bytes", counted.BytesRead);
            if (peer is not null)
            {
                activity?.SetTag("sahana_sync.peer", peer);
            }

            throw;
        }
    }

    /// <summary>Runs an export under its span and records it: rows, bytes and duration, or the failure.</summary>
    internal async Task<ExportResult> ExportAsync(
        Stream destination,
        ExportOptions? options,
        Func<Stream, CancellationToken, Task<ExportResult>> export,
        CancellationToken cancellationToken)
    {
        var kind = options is null ? "full"
            : options.Backup ? "backup"
            : options.ModifiedSince is null ? "full" : "delta";
        using var activity = Source.StartActivity("sahana_sync.export");
        activity?.SetTag("sahana_sync.export.kind", kind);
        var started = Stopwatch.GetTimestamp();

        // The exporter spools to disk unless it writes into a file already: a FileStream goes through unwrapped.
        var counted = destination is FileStream ? null : new CountingStream(destination);
        var start = destination.CanSeek ? destination.Position : 0;
        long Written() => destination.CanSeek ? destination.Position - start : counted?.BytesWritten ?? 0;
        var tags = new TagList { { "sahana_sync.export.kind", kind } };
        try
        {
            var result = await export(counted ?? destination, cancellationToken).ConfigureAwait(false);
            var bytes = Written();
            foreach (var table in result.Tables)
            {
                if (table.Rows > 0)
                {
                    var tableTags = tags;
                    tableTags.Add("sahana_sync.table", table.Table);
                    _exportRows.Add(table.Rows, tableTags);
                }
            }

            _exportBytes.Add(bytes, tags);
            _exportDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("sahana_sync.rows", result.TotalRows).SetTag("sahana_sync.bytes", bytes)
                .SetTag("sahana_sync.tables", result.Tables.Count);
            return result;
        }
        catch (Exception e)
        {
            Failed(activity, e, ref tags, "export");
            _exportBytes.Add(Written(), tags);
            _exportDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            throw;
        }
    }

    /// <summary>Marks the span of a pull or push failed, and counts the failure.</summary>
    internal void Failed(Activity? activity, Exception exception, string operation)
    {
        var tags = default(TagList);
        Failed(activity, exception, ref tags, operation);
    }

    /// <summary>Marks a span failed and counts the failure; adds <c>error.type</c> to the tags.</summary>
    private void Failed(Activity? activity, Exception exception, ref TagList tags, string operation)
    {
        var type = ErrorType(exception);
        tags.Add("error.type", type);
        MarkFailed(activity, exception, type);
        _failures.Add(1, new TagList { { "sahana_sync.operation", operation }, { "error.type", type } });
    }

    /// <summary>Marks a span failed: error status and message, <c>error.type</c>, the exception as an event.</summary>
    internal static void MarkFailed(Activity? activity, Exception exception, string? type = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", type ?? ErrorType(exception));
        activity.AddException(exception);
    }

    private static void AddPeer(ref TagList tags, string? peer)
    {
        if (peer is not null)
        {
            tags.Add("sahana_sync.peer", peer);
        }
    }

    private void RecordImport(Activity? activity, MergeReport report, string kind, long bytes, TimeSpan elapsed)
    {
        var peer = report.Sender?.BaseUuid;
        var tags = new TagList { { "sahana_sync.import.kind", kind } };
        AddPeer(ref tags, peer);
        foreach (var table in report.Tables)
        {
            var tableTags = tags;
            tableTags.Add("sahana_sync.table", table.Table);
            AddRows(tableTags, "inserted", table.Inserted);
            AddRows(tableTags, "updated", table.Updated);
            AddRows(tableTags, "unchanged", table.Unchanged);
            AddRows(tableTags, "older_skipped", table.OlderSkipped);
            AddRows(tableTags, "tombstoned", table.Tombstones);
            if (table.Conflicts > 0)
            {
                _importConflicts.Add(table.Conflicts, tableTags);
            }
        }

        _importBytes.Add(bytes, tags);
        tags.Add("sahana_sync.import.outcome", "merged");
        _importDuration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("sahana_sync.import.outcome", "merged")
                .SetTag("sahana_sync.rows", report.Tables.Sum(t => t.Rows))
                .SetTag("sahana_sync.changes", report.TotalChanges)
                .SetTag("sahana_sync.conflicts", report.ConflictCount)
                .SetTag("sahana_sync.bytes", bytes);
            if (peer is not null)
            {
                activity.SetTag("sahana_sync.peer", peer);
            }
        }
    }

    private void AddRows(TagList tags, string outcome, long rows)
    {
        if (rows > 0)
        {
            tags.Add("sahana_sync.row.outcome", outcome);
            _importRows.Add(rows, tags);
        }
    }
}

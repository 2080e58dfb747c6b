using System.Collections.Concurrent;
using System.Globalization;

namespace Sahana.Sync.HubLoad;

/// <summary>What the sites' loops saw: each sync's latency and rows, and the failures before and after retries.</summary>
internal sealed class LoadStats
{
    private readonly ConcurrentBag<double> _latencies = [];
    private long _rowsMoved;
    private long _rowsChanged;
    private long _conflicts;
    private int _failedAttempts;
    private int _failedAfterRetries;

    public int Syncs => _latencies.Count;

    public int FailedAttempts => _failedAttempts;

    public int FailedAfterRetries => _failedAfterRetries;

    public ConcurrentBag<string> Errors { get; } = [];

    public void Succeeded(TimeSpan latency, Sahana.Sync.AspNetCore.SyncExchange exchange)
    {
        _latencies.Add(latency.TotalMilliseconds);
        Interlocked.Add(ref _rowsMoved, Moved(exchange.Pull) + Moved(exchange.Push));
        Interlocked.Add(ref _rowsChanged, exchange.Pull.Changes + exchange.Push.Changes);
        Interlocked.Add(ref _conflicts, exchange.Pull.Conflicts + exchange.Push.Conflicts);
    }

    public void AttemptFailed(Exception e)
    {
        Interlocked.Increment(ref _failedAttempts);
        if (Errors.Count < 20)
        {
            Errors.Add($"{e.GetType().Name}: {e.Message}");
        }
    }

    public void FailedAfterAllRetries() => Interlocked.Increment(ref _failedAfterRetries);

    public string Describe(string phase, TimeSpan elapsed)
    {
        var sorted = _latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var minutes = elapsed.TotalMinutes;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{phase}: syncs={Syncs} syncs_per_min={Syncs / minutes:F1} "
                + $"latency_ms p50={Percentile(0.50):F0} p95={Percentile(0.95):F0} p99={Percentile(0.99):F0} "
                + $"max={(sorted.Length == 0 ? 0 : sorted[^1]):F0} "
                + $"rows_moved={_rowsMoved} rows_moved_per_s={_rowsMoved / elapsed.TotalSeconds:F1} "
                + $"rows_changed={_rowsChanged} rows_changed_per_s={_rowsChanged / elapsed.TotalSeconds:F1} "
                + $"conflicts={_conflicts} failed_attempts={FailedAttempts} failed_after_retries={FailedAfterRetries}");
    }

    private static long Moved(Sahana.Sync.AspNetCore.SyncTransfer t) => t.Inserted + t.Updated + t.Unchanged;
}

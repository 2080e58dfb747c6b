using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// Syncs with every configured peer on <see cref="SyncClientOptions.Interval"/>, as Sahana Eden's scheduler
/// does: each peer on its own timer, so a slow or unreachable peer delays no other. A run finds its peer
/// locked (a run still going, or the host's own call) and is skipped until the next tick.
/// </summary>
internal sealed partial class SyncScheduler(IServiceScopeFactory scopes, SyncClientOptions options, TimeProvider time, ILogger<SyncScheduler> logger, SyncRunLog runs) : BackgroundService
{
    /// <summary>How often the scheduler prunes the import history: after a run, at most once in this time.</summary>
    internal static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private long _nextPrune = long.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Interval is not { } interval || options.Peers.Count == 0)
        {
            return;
        }

        LogScheduled(logger, options.Peers.Count, interval);
        await Task.WhenAll(options.Peers.Select(peer => EveryIntervalAsync(peer, interval, stoppingToken))).ConfigureAwait(false);
    }

    private async Task EveryIntervalAsync(SyncPeer peer, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(peer, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the run in flight was cancelled and changed nothing.
        }
    }

    internal async Task RunOnceAsync(SyncPeer peer, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var exchange = await scope.ServiceProvider.GetRequiredService<SyncClient>().SyncIfIdleAsync(peer, stoppingToken).ConfigureAwait(false);
                if (exchange is null)
                {
                    LogSkipped(logger, peer);
                    return;
                }

                runs.Succeeded(peer, exchange.Pull.PeerId);
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogRun(logger, peer, exchange.Pull.Changes, exchange.Push.Changes, elapsed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Logged by the client with its cause; the next tick tries again, and a retry is always safe.
            runs.Failed(peer, e);
            LogRetryNextTick(logger, peer, $"{e.GetType().Name}: {e.Message}");
        }

        await PruneIfDueAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Prunes the import history (<see cref="SyncImportHistory"/>) once every <see cref="PruneEvery"/>, after a run:
    /// each peer's run moves its bookmark, which is what lets older history go. On several nodes each prunes;
    /// the deletes are the same, so that is harmless.
    /// </summary>
    internal async Task PruneIfDueAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextPrune);
        if (now < due || Interlocked.CompareExchange(ref _nextPrune, now + PruneEvery.Ticks, due) != due)
        {
            return;
        }

        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await scope.ServiceProvider.GetRequiredService<SyncImportHistory>().PruneAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The history only grows until the next try; the runs themselves are unaffected.
            LogPruneFailed(logger, $"{e.GetType().Name}: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Sync scheduler: {Peers} peer(s) every {Interval}.")]
    private static partial void LogScheduled(ILogger logger, int peers, TimeSpan interval);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Scheduled sync with {Peer}: {Pulled} rows changed here, {Pushed} there, in {Elapsed}.")]
    private static partial void LogRun(ILogger logger, SyncPeer peer, long pulled, long pushed, TimeSpan elapsed);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Scheduled sync with {Peer} skipped: a run with it is still going.")]
    private static partial void LogSkipped(ILogger logger, SyncPeer peer);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Pruning the import history failed ({Error}); it is tried again after a later run.")]
    private static partial void LogPruneFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Scheduled sync with {Peer} failed ({Error}); it runs again on the next tick.")]
    private static partial void LogRetryNextTick(ILogger logger, SyncPeer peer, string error);
}

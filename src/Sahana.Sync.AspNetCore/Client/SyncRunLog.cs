using System.Collections.Concurrent;

namespace Sahana.Sync.AspNetCore;

/// <summary>
/// The outcome of the scheduler's last run with each peer, for the health check: a run that failed leaves
/// nothing in the database to say so. Kept in memory, so a restart starts it afresh.
/// </summary>
internal sealed class SyncRunLog(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SyncRunOutcome> _last = new(StringComparer.Ordinal);

    /// <summary>Gets when the log began, in UTC: a peer never synced is overdue only the allowed age after.</summary>
    internal DateTime Started { get; } = time.GetUtcNow().UtcDateTime;

    internal void Succeeded(SyncPeer peer, string peerId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        _last[peer.Url] = new SyncRunOutcome(now, null, now, peerId);
    }

    internal void Failed(SyncPeer peer, Exception exception)
        => _last.AddOrUpdate(
            peer.Url,
            static (_, failure) => failure,
            static (_, previous, failure) => failure with
            {
                LastSucceeded = previous.LastSucceeded,
                PeerId = failure.PeerId ?? previous.PeerId,
            },
            new SyncRunOutcome(
                time.GetUtcNow().UtcDateTime,
                $"{exception.GetType().Name}: {exception.Message}",
                LastSucceeded: null,
                peer.InstanceId));

    /// <summary>The last run with a peer, or <see langword="null"/> when there was none since the start.</summary>
    internal SyncRunOutcome? Last(SyncPeer peer) => _last.TryGetValue(peer.Url, out var outcome) ? outcome : null;
}

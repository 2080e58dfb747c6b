namespace Sahana.Sync.AspNetCore;

/// <summary>
/// One lease per peer, so two runs with the same peer (the scheduler's and a host's own call) never overlap.
/// A lease lapses at its expiry even if it was never released: a run that hangs past its timeout cannot
/// keep the peer locked. In memory, so a crashed process holds nothing after it restarts.
/// </summary>
internal sealed class SyncPeerLocks(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>Takes the peer's lease if it is free or lapsed; <see langword="null"/> if a live run holds it.</summary>
    internal Lease? TryAcquire(string peer, TimeSpan duration)
    {
        lock (_gate)
        {
            return TakeIfFree(peer, duration, out _);
        }
    }

    /// <summary>Waits until the peer's lease is released or lapses, then takes it.</summary>
    internal async Task<Lease> AcquireAsync(string peer, TimeSpan duration, CancellationToken cancellationToken)
    {
        while (true)
        {
            Lease held;
            lock (_gate)
            {
                if (TakeIfFree(peer, duration, out held!) is { } taken)
                {
                    return taken;
                }
            }

            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lapse = held.ExpiresAt - time.GetUtcNow();
            var lapsed = Task.Delay(lapse > TimeSpan.Zero ? lapse : TimeSpan.Zero, time, stopWaiting.Token);
            await Task.WhenAny(held.Released, lapsed).ConfigureAwait(false);
            await stopWaiting.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private Lease? TakeIfFree(string peer, TimeSpan duration, out Lease? held)
    {
        var now = time.GetUtcNow();
        if (_leases.TryGetValue(peer, out held) && held.ExpiresAt > now)
        {
            return null;
        }

        // A lapsed lease is simply replaced; its run, if it ever returns, releases nothing of the new one.
        var lease = new Lease(this, peer, now + duration);
        _leases[peer] = lease;
        return lease;
    }

    private void Release(Lease lease)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.Peer, out var current) && ReferenceEquals(current, lease))
            {
                _leases.Remove(lease.Peer);
            }
        }
    }

    /// <summary>A peer's lease; disposing it releases it.</summary>
    internal sealed class Lease(SyncPeerLocks owner, string peer, DateTimeOffset expiresAt) : IDisposable
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal string Peer { get; } = peer;

        internal DateTimeOffset ExpiresAt { get; } = expiresAt;

        internal Task Released => _released.Task;

        public void Dispose()
        {
            owner.Release(this);
            _released.TrySetResult();
        }
    }
}

namespace Sahana.Sync.AspNetCore;

/// <summary>How <see cref="SyncClient"/> talks to peers, and which of them the scheduler syncs with.</summary>
public sealed class SyncClientOptions
{
    /// <summary>Gets the peers the scheduler syncs with on every <see cref="Interval"/>.</summary>
    public IList<SyncPeer> Peers { get; } = [];

    /// <summary>
    /// Gets or sets how often the scheduler syncs (pull, then push) with each of <see cref="Peers"/>, the
    /// first time one interval after the host starts. <see langword="null"/> (the default): no scheduled
    /// runs; the host calls <see cref="SyncClient"/> itself.
    /// </summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// Gets or sets the longest one run (a pull, a push, or both) may take. A run still going is cancelled
    /// then, and its peer's lock lapses even if the run never returns, so a hung run cannot keep a peer from
    /// syncing. Defaults to 30 minutes.
    /// </summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Gets or sets the longest one HTTP attempt may take until the peer answers; for a push that includes
    /// the peer's import. Defaults to 10 minutes; at most <see cref="RunTimeout"/>.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how many times a request that failed transiently (no connection, 5xx, 408, 429, a
    /// timed-out attempt, an upload cut halfway) is sent again. Defaults to 3; 0 sends once.
    /// </summary>
    public int Retries { get; set; } = 3;

    /// <summary>
    /// Gets or sets whether transfers are compressed: a pull asks for a gzip (or Brotli) file
    /// (<c>Accept-Encoding</c>), a push compresses the file when the peer's <c>…/instance</c> answer says it
    /// decodes a coding (its <c>Accept-Encoding</c>). Older peers that say nothing get the file as it is.
    /// Defaults to <see langword="true"/>.
    /// </summary>
    public bool Compress { get; set; } = true;

    /// <summary>Gets or sets the delay before the first retry; later ones back off exponentially, with jitter. Defaults to 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

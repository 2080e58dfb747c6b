using System.Data.Common;

namespace Sahana.Sync.Stamping;

/// <summary>
/// The writes of this process that hold stamps not yet committed: a host's <c>SaveChanges</c> between its
/// stamping and its commit, an import between its start and its commit. An export's snapshot cannot see them,
/// yet their stamps are older than the export's timestamp, so a peer that asked for changes since that timestamp
/// would never receive them. The export's bookmark is therefore the older of its timestamp and the oldest stamp
/// such a write may still commit: the next delta reaches back past every write in flight, and a row sent twice
/// changes nothing at the peer.
/// </summary>
/// <remarks>
/// A claim is opened, under one lock with the export's own reading of the clock, before its first stamp is
/// taken. So a write either began before the export read the clock (its claim holds the bookmark back), or
/// stamps after it (newer than the bookmark), or committed before the export's snapshot (in the file).
/// </remarks>
internal sealed class UncommittedStamps(HybridLogicalClock clock)
{
    private readonly Lock _gate = new();
    private readonly List<Claim> _open = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, object> _begun = new();

    /// <summary>
    /// Opens a claim before a write takes its first stamp; every stamp it takes is newer than the claim's floor, the
    /// clock's last stamp (taken without a stamp of its own, so stamps stay as they would be without claims).
    /// </summary>
    internal Claim Open()
    {
        lock (_gate)
        {
            var claim = new Claim(this, clock.Last);
            _open.Add(claim);
            return claim;
        }
    }

    /// <summary>
    /// Takes an export's timestamp from the clock, and its bookmark: the timestamp, or the floor of the oldest
    /// claim still open when that is older.
    /// </summary>
    internal ExportPoint TakeExportPoint()
    {
        lock (_gate)
        {
            _open.RemoveAll(c => c.HasEnded);
            var timestamp = clock.Next();
            var oldest = _open.Count == 0 ? timestamp : _open.Min(c => c.Floor);
            return new ExportPoint(timestamp, oldest < timestamp ? oldest : timestamp);
        }
    }

    /// <summary>
    /// Notes where <paramref name="transaction"/> began, for an export that runs inside it: its snapshot may be
    /// as old as its start, so its bookmark can be no later than what was in flight then.
    /// </summary>
    internal void Began(DbTransaction transaction) => _begun.AddOrUpdate(transaction, Horizon());

    /// <summary>
    /// Takes an export's timestamp and bookmark for an export inside the caller's <paramref name="transaction"/>:
    /// as <see cref="TakeExportPoint()"/>, but no later than what was in flight when the transaction began, if it
    /// began through a synced context.
    /// </summary>
    internal ExportPoint TakeExportPoint(DbTransaction transaction)
    {
        var point = TakeExportPoint();
        return _begun.TryGetValue(transaction, out var begun) && (DateTime)begun < point.Bookmark
            ? point with { Bookmark = (DateTime)begun }
            : point;
    }

    /// <summary>
    /// The oldest stamp a write still in flight may commit, without taking a stamp: what a transaction that
    /// begins now can miss. Later writes stamp after the clock's last stamp.
    /// </summary>
    private DateTime Horizon()
    {
        lock (_gate)
        {
            _open.RemoveAll(c => c.HasEnded);
            var last = clock.Last;
            return _open.Count == 0 ? last : Min(last, _open.Min(c => c.Floor));
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private void Remove(Claim claim)
    {
        lock (_gate)
        {
            _open.Remove(claim);
        }
    }

    /// <summary>An export's timestamp on the clock, and the bookmark it gives its peer (never later).</summary>
    /// <param name="Timestamp">The export's own stamp: after every stamp taken before it.</param>
    /// <param name="Bookmark">Where the peer's next delta must start to miss nothing this export could not see.</param>
    internal readonly record struct ExportPoint(DateTime Timestamp, DateTime Bookmark);

    /// <summary>
    /// One write's stamps in flight, from <see cref="Floor"/> on, until the write commits or rolls back.
    /// </summary>
    internal sealed class Claim
    {
        private readonly UncommittedStamps _owner;
        private WeakReference<DbTransaction>? _transaction;
        private volatile bool _closed;

        internal Claim(UncommittedStamps owner, DateTime floor)
        {
            _owner = owner;
            Floor = floor;
        }

        /// <summary>Gets a stamp older than every stamp the write takes.</summary>
        internal DateTime Floor { get; }

        /// <summary>Gets a value indicating whether the write has committed or rolled back.</summary>
        internal bool HasEnded => _closed || (_transaction is { } weak && TransactionHasEnded(weak));

        /// <summary>Ends the claim: the write has committed or rolled back.</summary>
        internal void Close()
        {
            _closed = true;
            _owner.Remove(this);
        }

        /// <summary>
        /// Keeps the claim until <paramref name="transaction"/> ends: the write was made in a transaction its
        /// caller commits later. A transaction disposed without a commit, or collected, has ended too.
        /// </summary>
        internal void Until(DbTransaction transaction) => _transaction = new WeakReference<DbTransaction>(transaction);

        /// <summary>Keeps the claim until an ambient <see cref="System.Transactions.Transaction"/> completes.</summary>
        internal void Until(System.Transactions.Transaction ambient)
            => ambient.TransactionCompleted += (_, _) => Close();

        // A completed ADO.NET transaction lets go of its connection (Npgsql, Microsoft.Data.Sqlite); a disposed
        // one may say so by throwing. Either way no stamp of it can still commit.
        private static bool TransactionHasEnded(WeakReference<DbTransaction> weak)
        {
            if (!weak.TryGetTarget(out var transaction))
            {
                return true;
            }

            try
            {
                return transaction.Connection is null;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }
    }
}
